"""The one box type: ``(x0, top, x1, bottom)`` in PDF points, pdfplumber's top-down y."""

BBox = tuple[float, float, float, float]
