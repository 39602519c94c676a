"""Page stages: run on each page while the PDF is open (its text layer or OCR, then its tables)."""
