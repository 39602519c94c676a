"""The OCR engine: an image-only page becomes the same PageContent a text page does."""
