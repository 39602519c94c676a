"""Spreadsheet cells that office users can trust: decree text never runs as a formula, and
every sheet has a bold frozen header, an autofilter and widths that fit its content.

One rule for both CSV and XLSX (OWASP, CSV injection): a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return could be read as a formula. XLSX stores it as
a text cell; CSV prefixes it with ``'``, which Excel and LibreOffice show as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Optional

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Widths in characters: wide enough for a short text, never so wide that a sheet needs scrolling
# to see its second column.
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FILL = "DDEBF7"


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet reads as a formula."""
    return "'" + value if formula_like(value) else value


def _clean(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _width(value: Any) -> int:
    if value is None:
        return 0
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def add_sheet(
    book,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    number_formats: Optional[dict[int, str]] = None,
    max_width: int = MAX_WIDTH,
):
    """Append a sheet: bold frozen header, autofilter, text never a formula, widths from content.

    ``number_formats`` maps a 0-based column to an Excel format ("#,##0", "dd/mm/yyyy").
    Returns the worksheet, for callers that colour cells.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(list(header))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    widths = [_width(h) for h in header]
    formats = number_formats or {}
    for row_number, values in enumerate(rows, start=2):
        sheet.append([_clean(v) for v in values])
        # Cells by coordinate: sheet[row] measures the whole sheet on every call.
        row_cells = (sheet.cell(row=row_number, column=c) for c in range(1, len(values) + 1))
        for index, cell in enumerate(row_cells):
            if formula_like(cell.value):
                cell.data_type = "s"  # "=…" in a decree is text, not a formula
            elif index in formats and cell.value is not None:
                cell.number_format = formats[index]
            if index < len(widths):
                widths[index] = max(widths[index], _width(cell.value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            min(max(width, MIN_WIDTH), max_width) + 2
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def new_book():
    """An empty workbook (without the default sheet) for ``add_sheet``."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def book_bytes(book) -> bytes:
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
