"""The one box type: ``(x0, top, x1, bottom)`` in PDF points, pdfplumber's top-down y."""

BBox = tuple[float, float, float, float]

# Names of the box's four numbers, where a format names them (Parquet's struct).
BBOX_FIELDS = ("x0", "top", "x1", "bottom")
