"""Spreadsheet cells that office users can trust: decree text never runs as a formula, and
every sheet has a bold frozen header, an autofilter and widths that fit its content.

One rule for both CSV and XLSX (OWASP, CSV injection): a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return could be read as a formula. XLSX stores it as
a text cell; CSV prefixes it with ``'``, which Excel and LibreOffice show as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


CellStyle = Callable[[int, int, Any], Optional[dict[str, Any]]]


def add_sheet(
    book,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    number_formats: Optional[dict[int, str]] = None,
    max_width: int = MAX_WIDTH,
    widths: Optional[dict[int, int]] = None,
    cell_style: Optional[CellStyle] = None,
) -> None:
    """Append a sheet to a ``new_book``: bold frozen header, autofilter, text never a formula,
    widths from content.

    The book streams (openpyxl's write-only mode, several times faster on a large corpus), so
    everything about a cell is decided as it is written: ``number_formats`` maps a 0-based
    column to an Excel format ("#,##0", "dd/mm/yyyy"), ``widths`` fixes a 0-based column's width,
    and ``cell_style(row_index, column_index, value)`` (0-based, data rows only) may return
    openpyxl style attributes for a cell, e.g. ``{"fill": PatternFill(...)}``.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    table = [[_clean(v) for v in values] for values in rows]
    fitted = [_width(h) for h in header]
    for values in table:
        for index, value in enumerate(values[: len(fitted)]):
            fitted[index] = max(fitted[index], _width(value))
    sheet = book.create_sheet(title)
    for index, width in enumerate(fitted):
        fixed = (widths or {}).get(index)
        sheet.column_dimensions[get_column_letter(index + 1)].width = (
            fixed if fixed is not None else min(max(width, MIN_WIDTH), max_width) + 2
        )
    sheet.freeze_panes = "A2"
    columns = max([len(header), *map(len, table)])
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{len(table) + 1}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)

    def styled(value: Any, **style: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([styled(h, font=bold, fill=fill) for h in header])
    formats = number_formats or {}
    for row_index, values in enumerate(table):
        out: list[Any] = []
        for index, value in enumerate(values):
            style = dict(cell_style(row_index, index, value) or {}) if cell_style else {}
            if formula_like(value):
                cell = styled(value, **style)
                cell.data_type = "s"  # "=…" in a decree is text, not a formula
                out.append(cell)
                continue
            if index in formats and value is not None:
                style["number_format"] = formats[index]
            out.append(styled(value, **style) if style else value)
        sheet.append(out)


def new_book():
    """An empty streaming workbook for ``add_sheet``."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def book_bytes(book) -> bytes:
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
