"""Pure helpers and the typed objects passed between stages; nothing here opens a PDF."""
