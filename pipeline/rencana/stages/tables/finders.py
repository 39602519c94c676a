"""Page stage 2: table finders behind one interface, chosen by ``ExtractOptions.tables``.

- ``lines``: pdfplumber's lattice finder on a text page's rulings and cell rects;
- ``image``: the rulings the OCR engine found in a scan's image, already turned into cells by
  pdfplumber's own lattice functions (so merged cells behave as in a text PDF);
- ``text``: a table printed without rulings, rebuilt from the words' gutters and paragraph gaps
  (borderless.py), tried only where the words name a plan table's columns: pdfplumber's text
  strategy cuts such tables at every word edge.

A page runs its finders in order (``TableSettings.text_page`` or ``scan_page``; a scan under its
text layer tries the image first); the first that finds a table wins, except that a finder
reading words (``text``) still reads the words left outside the tables found: a plan printed
without rulings beside a ruled team list.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from rencana.core import geometry
from rencana.core.types import BBox, FoundTable, PageContent
from rencana.stages.page import OpenPage, text
from rencana.stages.tables import borderless
from rencana.stages.tables.headers import has_plan_header, header_word_role, names_a_plan_column


class TableFinder(Protocol):
    name: str
    reads_words: bool

    def find(self, open_page: OpenPage, content: PageContent) -> list[FoundTable]: ...


# A filled rect thicker than this on both sides is an area of shading, not a drawn rule.
RULE_MAX_THICKNESS = 2.0


def is_shading(obj: dict) -> bool:
    """A filled, unstroked rect wider and taller than a rule: cell shading. Word tiles a shaded
    header cell with several such rects (its padding apart from its text), whose edges would cut
    every column into three; the table's rules are drawn separately, as thin rects or lines."""
    return (
        obj.get("object_type") == "rect"
        and bool(obj.get("fill"))
        and not obj.get("stroke")
        and min(float(obj.get("width", 0)), float(obj.get("height", 0))) > RULE_MAX_THICKNESS
    )


# A table's column rulings that run on past its first or last row ruling by more than this leave
# a row open there; at least this many of them, ending together (within the tolerance), show it.
OPEN_END_MIN = 2.0
OPEN_END_RULINGS = 3
OPEN_END_TOLERANCE = 1.5


def open_ends(edges: list[dict], bbox: tuple[float, float, float, float]) -> list[float]:
    """Where a table's column rulings run on above its top ruling or below its bottom one: the
    row a page break left without its border (Word draws a table continued from the page before
    with no top rule). The rulings' common end closes that row. Pure."""
    x0, top, x1, bottom = bbox
    verticals = [
        e
        for e in edges
        if e.get("orientation") == "v"
        and x0 - EDGE_SLACK <= float(e["x0"]) <= x1 + EDGE_SLACK
        and float(e["bottom"]) >= top - EDGE_SLACK
        and float(e["top"]) <= bottom + EDGE_SLACK
    ]
    out: list[float] = []
    for ends, beyond in (
        ([float(e["top"]) for e in verticals if float(e["top"]) < top - OPEN_END_MIN], min),
        (
            [float(e["bottom"]) for e in verticals if float(e["bottom"]) > bottom + OPEN_END_MIN],
            max,
        ),
    ):
        if not ends:
            continue
        end = beyond(ends)
        columns = {
            round(float(e["x0"]))
            for e in verticals
            if abs(float(e["top" if beyond is min else "bottom"]) - end) <= OPEN_END_TOLERANCE
        }
        if len(columns) >= OPEN_END_RULINGS:
            out.append(end)
    return out


EDGE_SLACK = 3.0


class RuledFinder:
    name = "lines"
    reads_words = False

    def find(self, open_page: OpenPage, content: PageContent) -> list[FoundTable]:
        settings = dict(open_page.options.tables.pdfplumber or ())
        page = open_page.page
        if any(is_shading(r) for r in page.rects):
            page = page.filter(lambda obj: not is_shading(obj))
        tables = page.find_tables(settings) if settings else page.find_tables()
        ends = sorted({y for t in tables for y in open_ends(page.edges, t.bbox)})
        if ends:  # close the rows a page break left open, and look again
            extra = list(settings.get("explicit_horizontal_lines", [])) + ends
            tables = page.find_tables({**settings, "explicit_horizontal_lines": extra})
        return [FoundTable(bbox=t.bbox, cells=list(t.cells), strategy=self.name) for t in tables]


class ImageFinder:
    """The ruled tables of a page image: found by the OCR engine on a page it read, or, on a
    scan whose text layer is kept, from the image's rulings alone (the text layer has none)."""

    name = "image"
    reads_words = False

    def find(self, open_page: OpenPage, content: PageContent) -> list[FoundTable]:
        tables = content.image_tables
        if (
            not tables  # the page stage may have found them judging the layer
            and not content.ocr
            and open_page.options.ocr != "never"
            and (names_a_plan_column(content.words) or bool(open_page.page.lines))
            and text.is_scan(open_page.page)
        ):
            from rencana.stages.ocr import load_engine  # OpenCV loads only for scans

            tables = load_engine().ruled_tables(open_page.source, open_page.page, open_page.options)
        return [
            FoundTable(bbox=box, cells=list(cells), strategy=self.name)
            for cells in tables
            if (box := geometry.union(cells)) is not None
        ]


class BorderlessFinder:
    """Tables without column rulings: ruled between their rows (``content.rules``) or not at all."""

    name = "text"
    reads_words = True

    def find(self, open_page: OpenPage, content: PageContent) -> list[FoundTable]:
        if not content.words or not has_plan_header(content.words):
            return []
        table = borderless.find(content.words, header_word_role, content.rules)
        return [table] if table else []


FINDERS: dict[str, TableFinder] = {
    f.name: f for f in (RuledFinder(), ImageFinder(), BorderlessFinder())
}


def finder_order(open_page: OpenPage, content: PageContent) -> tuple[str, ...]:
    """The finders to try on a page, in order. A scan under its text layer has its rulings in
    the image: lines the scanning software traced over it miss some of them (the SKB decree's
    holiday table lacks seven row rulings, and its rows ran together), so the image goes first."""
    settings = open_page.options.tables
    if content.ocr:
        return settings.scan_page
    if text.is_scan(open_page.page) and "image" in settings.text_page:
        return ("image", *(name for name in settings.text_page if name != "image"))
    return settings.text_page


def page_rules(open_page: OpenPage) -> list[tuple[float, float, float]]:
    """The page's horizontal rules (cell shading is no rule)."""
    page = open_page.page
    if any(is_shading(r) for r in page.rects):
        page = page.filter(lambda obj: not is_shading(obj))
    return borderless.horizontal_rules(page.edges)


# A ruling this close outside a found table's box is its border: the box comes from the cells
# pdfplumber snapped to the rulings, a fraction of a point inside a thick one.
BORDER_TOLERANCE = 1.5


def outside(content: PageContent, tables: list[FoundTable]) -> PageContent:
    """The page's words and rules that lie outside the tables found (a table's border too: a
    plan ruled between rows above a ruled team list must not take the list's top rule for its
    own, and the heading between them for a row)."""
    boxes = [t.bbox for t in tables]
    t = BORDER_TOLERANCE
    bordered = [(b[0] - t, b[1] - t, b[2] + t, b[3] + t) for b in boxes]

    def free(box: BBox, within: list[BBox] = boxes) -> bool:
        return not any(geometry.contains_centre(b, box) for b in within)

    return replace(
        content,
        words=[w for w in content.words if free(w.bbox)],
        rules=[r for r in content.rules if free((r[0], r[1], r[2], r[1]), bordered)],
        tables=[],
    )


def find_tables(open_page: OpenPage, content: PageContent) -> PageContent:
    """The page stage: the tables of the first finder, in the page's order, that finds any;
    and a finder reading words after it, on the words outside those tables."""
    if not content.ocr:
        content.rules = page_rules(open_page)
    tables: list[FoundTable] = []
    for name in finder_order(open_page, content):
        finder = FINDERS[name]
        if tables and not finder.reads_words:
            continue
        tables += finder.find(open_page, outside(content, tables) if tables else content)
    content.tables = tables
    return content
