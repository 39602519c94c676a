"""``rencana debug``: what the pipeline read, drawn over each page (pdfplumber's ``to_image``,
as its ``debug_tablefinder`` does).

Nothing is read again here: the pipeline's own stages run once, the table stage keeps each
page's grid, column roles and raw rows (``assemble.PageLayout``), and this module only draws
them: table cells, each column's role, header, banner and level rows, each record's box
labelled with its key and coloured by its warnings, and on a scan the OCR words read with low
confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Optional

from rencana.contract.models import Record
from rencana.core.roles import Role
from rencana.core.state import Extraction
from rencana.core.types import BBox, PageContent
from rencana.options import ExtractOptions
from rencana.stages.tables.assemble import PageLayout

RESOLUTION = 100  # dpi: a landscape A4 page is ~1170 px wide, labels stay readable
CELL = (40, 90, 200)
HEADER_FILL = (120, 120, 120, 45)
BANNER = (140, 60, 200)
LEVEL = (0, 150, 160)
CONTINUED = (150, 150, 150)
LOW_CONFIDENCE = (230, 0, 0)
RECORD_OK = (20, 150, 40)
# A record's colour is its first warning's; codes not named here share the last colour.
WARNING_COLOURS = {
    "schedule_unparsed": (230, 120, 0),
    "indicator_without_schedule": (220, 40, 120),
    "activity_without_indicators": (190, 150, 0),
    "ocr_low_confidence": (230, 0, 0),
    "schedule_corrected": (120, 90, 40),
}
OTHER_WARNING = (200, 0, 200)
HIERARCHY = (Role.AREA, Role.ACTIVITY, Role.LEVEL_1, Role.LEVEL_2, Role.LEVEL_3, Role.LEVEL_4)


def warning_code(text: str) -> str:
    return text.split(":", 1)[0]


def record_colour(record: Record) -> tuple[int, int, int]:
    if not record.warnings:
        return RECORD_OK
    return WARNING_COLOURS.get(warning_code(record.warnings[0]), OTHER_WARNING)


def record_key(index: int, record: Record) -> str:
    """The record's label: its position, then its activity's number as printed (else its
    area's)."""
    number = record.activity_number or record.area_number
    return f"#{index} {number}" if number else f"#{index}"


@dataclass
class Traced:
    """One run of the pipeline with what the drawing needs kept."""

    state: Extraction
    layouts: list[PageLayout] = field(default_factory=list)

    def page(self, number: int) -> Optional[PageContent]:
        return next((p for p in self.state.pages if p.number == number), None)


def trace(path: Path, options: Optional[ExtractOptions] = None) -> Traced:
    """Run every stage on ``path`` (as ``runner.extract`` does), keeping the table layouts."""
    from rencana import runner
    from rencana.stages.tables import assemble

    traced = Traced(runner.read_pages(Extraction(path=path, options=options or ExtractOptions())))
    for stage in runner.DOC_STAGES:
        if stage is assemble.run:
            traced.state = assemble.run(traced.state, traced.layouts)
        else:
            traced.state = stage(traced.state)
    return traced


def parse_pages(text: Optional[str], count: int) -> list[int]:
    """ "3-5", "1,4,7-9" → page numbers, checked against ``count``; None → every page.
    Raises ValueError with a short reason."""
    if not text:
        return list(range(1, count + 1))
    pages: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"{part.strip()!r} is not a page or a range like 3-5")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= count:
            raise ValueError(f"{part.strip()!r} is outside pages 1-{count}")
        pages += [p for p in range(low, high + 1) if p not in pages]
    return pages


@cache
def font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def draw_pages(traced: Traced, pages: list[int], out_dir: Path) -> list[Path]:
    """One PNG per page in ``pages``: ``out_dir/<stem>-p<NNN>.png``. A page pdfium should not
    render (``check_render``: a text page read without OCR was never checked) is ``BadInput``."""
    import pdfplumber

    from rencana.corpus.export import write_atomic
    from rencana.stages.page.open import check_render

    path = traced.state.path
    written = []
    render_options = ExtractOptions(ocr_dpi=RESOLUTION)
    with pdfplumber.open(path) as pdf:
        for number in pages:
            check_render(pdf.pages[number - 1], render_options)
            image = pdf.pages[number - 1].to_image(resolution=RESOLUTION)
            draw_page(image, traced, number)
            target = Path(out_dir) / f"{path.stem}-p{number:03d}.png"
            write_atomic(target, png_bytes(image))
            written.append(target)
    return written


def png_bytes(image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_page(image, traced: Traced, number: int) -> None:
    """Everything read on page ``number``, over ``image`` (a pdfplumber ``PageImage``)."""
    content = traced.page(number)
    record_boxes = {record.bbox for record in traced.state.records if record.pages[:1] == [number]}
    for layout in (lay for lay in traced.layouts if lay.page == number):
        _draw_layout(image, layout, record_boxes)
    if content is not None:
        for table in content.tables:
            if not any(lay.page == number for lay in traced.layouts):  # found, not a plan table
                image.draw_rects(table.cells, fill=(0, 0, 0, 0), stroke=CONTINUED, stroke_width=1)
        if content.ocr:
            threshold = traced.state.options.ocr_confidence_threshold
            doubtful = [
                w for w in content.words if w.confidence is not None and w.confidence < threshold
            ]
            for word in doubtful:
                image.draw_rect(word.bbox, fill=(255, 0, 0, 40), stroke=LOW_CONFIDENCE)
                _label(image, (word.x0, word.bottom), f"{word.confidence:.2f}", LOW_CONFIDENCE, 9)
    used: set[str] = set()
    for index, record in enumerate(traced.state.records):
        if record.pages[:1] != [number] or record.bbox is None:
            continue
        colour = record_colour(record)
        used.add(warning_code(record.warnings[0]) if record.warnings else "")
        image.draw_rect(record.bbox, fill=(*colour, 25), stroke=colour, stroke_width=2)
        _label(image, (record.bbox[2], record.bbox[1]), record_key(index, record), colour, 11, "ra")
    _legend(image, used, bool(content and content.ocr))


def _draw_layout(image, layout: PageLayout, record_boxes: set[Optional[BBox]]) -> None:
    grid = layout.grid
    header_bottom = grid.ys[layout.header_count] if layout.header_count else grid.ys[0]
    if layout.header_count:
        image.draw_rect((grid.xs[0], grid.ys[0], grid.xs[-1], header_bottom), fill=HEADER_FILL)
    image.draw_rects([c.bbox for c in grid.cells], fill=(0, 0, 0, 0), stroke=CELL, stroke_width=1)
    for col, role in enumerate(layout.roles):
        name = role.value if role else "?"
        x = (grid.xs[col] + grid.xs[col + 1]) / 2
        _label(image, (x, grid.ys[0]), name, CELL if role else OTHER_WARNING, 10, "md", angle=True)
    for raw in layout.rows:
        if raw.banner is not None:
            number, text = raw.banner
            image.draw_rect(raw.bbox, fill=(*BANNER, 40), stroke=BANNER, stroke_width=2)
            _label(image, (raw.bbox[0], raw.bbox[1]), f"banner {number or ''}", BANNER, 10, "lb")
        elif tuple(round(v, 2) for v in raw.bbox) not in record_boxes:
            is_level = any(raw.cells.get(r) for r in HIERARCHY) and not raw.cells.get(
                Role.INDICATOR
            )
            colour = LEVEL if is_level else CONTINUED
            image.draw_rect(raw.bbox, fill=(*colour, 35), stroke=colour, stroke_width=2)
            name = "level" if is_level else "continued"
            _label(image, (raw.bbox[0], raw.bbox[1]), name, colour, 10, "lb")


def _label(
    image,
    at: tuple[float, float],
    text: str,
    colour: tuple[int, int, int],
    size: int,
    anchor: str = "lt",
    angle: bool = False,
) -> None:
    """Text on a white box at a point in PDF points; ``angle`` writes it upwards (column roles
    of narrow month columns would overlap otherwise)."""
    x, y = (at[0] - image.bbox[0]) * image.scale, (at[1] - image.bbox[1]) * image.scale
    if angle:
        from PIL import Image, ImageDraw

        box = font(size).getbbox(text)
        tile = Image.new("RGBA", (box[2] + 4, box[3] + 4), (255, 255, 255, 220))
        ImageDraw.Draw(tile).text((2, 2), text, fill=colour, font=font(size))
        tile = tile.rotate(90, expand=True)
        image.annotated.paste(tile, (int(x - tile.width / 2), int(y - tile.height - 2)), tile)
        return
    box = image.draw.textbbox((x, y), text, font=font(size), anchor=anchor)
    image.draw.rectangle(
        (box[0] - 2, box[1] - 1, box[2] + 2, box[3] + 1), fill=(255, 255, 255, 220)
    )
    image.draw.text((x, y), text, fill=colour, font=font(size), anchor=anchor)


def _legend(image, codes: set[str], ocr: bool) -> None:
    """What the colours mean, at the page's bottom left: the kinds drawn and the warnings met."""
    entries = [("cells / column role", CELL), ("banner row", BANNER), ("level row", LEVEL)]
    entries += [("record, no warning" if not c else c, _colour_of(c)) for c in sorted(codes)]
    if ocr:
        entries.append(("OCR word below threshold", LOW_CONFIDENCE))
    x, y = 6, image.annotated.height - 6 - 16 * len(entries)
    for text, colour in entries:
        image.draw.rectangle((x, y + 2, x + 12, y + 12), fill=colour)
        box = image.draw.textbbox((x + 16, y), text, font=font(12))
        image.draw.rectangle(
            (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1), fill=(255, 255, 255, 220)
        )
        image.draw.text((x + 16, y), text, fill=(0, 0, 0), font=font(12))
        y += 16


def _colour_of(code: str) -> tuple[int, int, int]:
    return RECORD_OK if not code else WARNING_COLOURS.get(code, OTHER_WARNING)
