"""Draw small plan tables with reportlab for the table and record tests.

A page is a list of cells on a grid: ``Cell(r0, r1, c0, c1, lines, fill)`` covers rows r0..r1-1 and
columns c0..c1-1; its text is vertically centred, as Word does in merged cells. Borders are
stroked rects, so pdfplumber's default (lines) finder sees the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from rencana import runner
from rencana.core.state import Extraction
from rencana.core.types import PageContent

FONT, SIZE, LEADING, PAD = "Helvetica", 9, 11, 3
TITLE_SIZE = 12


@dataclass
class Cell:
    r0: int
    r1: int
    c0: int
    c1: int
    lines: list[str] = field(default_factory=list)
    fill: Optional[tuple[float, float, float]] = None
    align: str = "left"  # or "center", over the cell's width


@dataclass
class Page:
    cells: list[Cell]
    row_heights: list[float]
    top: float = 60.0  # from the top of the page
    borders: bool | str = True  # True: every cell boxed; "horizontal": its top and bottom only
    text_above: list[str] = field(default_factory=list)  # body text before the table
    title_above: list[str] = field(default_factory=list)  # a title set larger, after that text
    valign: str = "middle"  # "middle" (Word's merged cells) or "top"
    font_size: float = SIZE  # of the table's cells


def draw(path: Path, columns: list[float], pages: list[Page], left: float = 40.0) -> Path:
    """Write the pages to ``path``; ``columns`` are the column widths."""
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    xs = [left]
    for w in columns:
        xs.append(xs[-1] + w)
    for page in pages:
        y = height - 40
        for line in page.text_above:
            pdf.setFont(FONT, SIZE)
            pdf.drawString(left, y, line)
            y -= LEADING
        for line in page.title_above:
            pdf.setFont(FONT + "-Bold", TITLE_SIZE)
            pdf.drawCentredString(left + sum(columns) / 2, y, line)
            y -= TITLE_SIZE + 4
        ys = [height - page.top]
        for h in page.row_heights:
            ys.append(ys[-1] - h)
        for cell in page.cells:
            x0, x1 = xs[cell.c0], xs[cell.c1]
            top, bottom = ys[cell.r0], ys[cell.r1]
            if cell.fill:
                pdf.setFillColorRGB(*cell.fill)
                pdf.rect(x0, bottom, x1 - x0, top - bottom, stroke=0, fill=1)
                pdf.setFillColorRGB(0, 0, 0)
            if page.borders == "horizontal":
                pdf.setLineWidth(0.5)
                pdf.line(x0, top, x1, top)
                pdf.line(x0, bottom, x1, bottom)
            elif page.borders:
                pdf.setLineWidth(0.5)
                pdf.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
            size = page.font_size
            leading = size + LEADING - SIZE
            block = len(cell.lines) * leading
            if page.valign == "top":
                baseline = top - PAD - size
            else:
                baseline = (top + bottom) / 2 + block / 2 - size
            pdf.setFont(FONT, size)
            for line in cell.lines:
                if cell.align == "center":
                    pdf.drawCentredString((x0 + x1) / 2, baseline, line)
                else:
                    pdf.drawString(x0 + PAD, baseline, line)
                baseline -= leading
        pdf.showPage()
    pdf.save()
    return path


def pages_of(path: Path) -> list[PageContent]:
    """The read stage's pages (words, rects and found tables) for a drawn PDF."""
    return runner.read_pages(Extraction(path=path)).pages
