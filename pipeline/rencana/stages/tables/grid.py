"""A found table's cells on a grid, and the roles its header rows give each column.

Everything works from cell geometry, never from text-line order: the grid comes from the cells'
edges, each word goes to the cell holding its centre, and a merged cell's text (vertically
centred by Word) is spread to every grid row it spans.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Optional

from rencana.core import geometry
from rencana.core.colours import is_white
from rencana.core.roles import Role
from rencana.core.text import join_cell_lines, rejoin_split_words
from rencana.core.types import BBox, FoundTable, PageContent, Rect, Word
from rencana.stages.schedule import is_calendar_label, is_weekday_label, month_from_header
from rencana.stages.structure.wording import broken_word, split_at_edge, split_unsure
from rencana.stages.tables.headers import (
    column_vocab,
    fold_header,
    is_column_number_row,
    is_generic_header,
    is_value_parent,
    names_month_numbers,
    plan_companions,
    role_of_header,
    schedule_bound,
)

# Cell edges from different strokes differ by a fraction of a point.
EDGE_TOLERANCE = 2.0
# Two pages' tables continue one another when their column edges agree this closely.
COLUMN_MATCH_TOLERANCE = 4.0
# Share of a row's cells that must be header wording for the row to count as header.
HEADER_MIN_SHARE = 0.6
# A header starting with a synonym may add this much ("Waktu Pelaksanaan Tahun 2023"); longer
# A filled rect marks a grid cell when it covers at least this share of it.
SHADE_MIN_SHARE = 0.5
# ... and leaves it in doubt when it covers at least this share of its height (and most of its
# width), but less than the above of it: a fill from another row's cell bleeds a point or two
# into the next, not this far.
SHADE_PART_SHARE = 0.2
# Room under a cell's text, in text heights, below which no further line fits: a line's leading
# (~1.2) plus the cell's bottom padding (~0.4 at 8 pt). A page break leaves less than that.
FILLED_ROOM_LINES = 1.6
# Space between two lines of one cell, in line heights, above which they are two paragraphs.
PARAGRAPH_GAP = 0.6
# ... and between two OCR'd lines (boxed by their ink): the leading between lines without
# descenders measured 0.85 of their height on a clean 200-dpi scan of the SPM table.
OCR_PARAGRAPH_GAP = 1.2
# A line ends at its cell's right edge when it reaches within this many line heights of the
# cell's widest line: a word split there filled the line to the edge (a letter is ~0.5 height).
EDGE_FILL_LINES = 0.5
# Roles whose text names the row (inherited from above when empty); leaf roles hold its schedule.


# ---------------------------------------------------------------- cells and grid


@dataclass
class Cell:
    bbox: BBox
    r0: int
    r1: int
    c0: int
    c1: int
    lines: list[str] = field(default_factory=list)
    shaded: bool = False
    text_bottom: Optional[float] = None  # bottom of its lowest word
    line_height: float = 0.0  # height of its tallest word
    line_spans: list[tuple[float, float]] = field(default_factory=list)  # (top, bottom) per line
    line_ends: list[float] = field(default_factory=list)  # right edge of each line's last word
    bold: bool = False  # most of its letters are set in a bold font
    ink_boxed: bool = False  # its words are OCR's, boxed by their ink, not by their font

    @property
    def filled(self) -> bool:
        """Its text reaches its bottom edge: no further line (its leading plus the cell's padding)
        would fit under it. True of text cut by a page break, and of the cell that sets its row's
        height; a cell with a line's room to spare below its text ended there."""
        return (
            self.text_bottom is not None
            and self.bbox[3] - self.text_bottom < FILLED_ROOM_LINES * self.line_height
        )

    @property
    def text(self) -> str:
        return join_cell_lines(
            rejoin_split_words(self.lines, self.at_edge, split_at_edge), broken_word
        )

    @property
    def split_doubts(self) -> list[str]:
        """The line breaks at its right edge that may have split a word with nothing to tell,
        as "end / start": after a line of one word, where the words do not settle it
        (``split_unsure``); after a line of several, where they say one word was split
        (``split_at_edge``) though a printer moves a word that fits down whole, so
        ``rejoin_split_words`` leaves it apart. A break the words join anyway
        (``broken_word``) is no doubt."""
        out = []
        for line, below, edge in zip(self.lines, self.lines[1:], self.at_edge):
            words = line.split()
            if not (edge and words and below.split()):
                continue
            end, start = words[-1], below.split()[0]
            unsure = split_unsure if len(words) == 1 else split_at_edge
            if unsure(end, start) and not broken_word(end, start):
                out.append(f"{end} / {start}")
        return out

    @property
    def at_edge(self) -> list[bool]:
        """Per line, whether it fills the cell to its right edge: reaches the widest line's end
        (a cell's padding is unknown, its widest line marks the edge). A scan's lines are not
        judged: OCR boxes words by their ink."""
        if len(self.line_ends) != len(self.lines) or self.ink_boxed:
            return [False] * len(self.lines)
        edge = max(self.line_ends, default=0.0)
        return [end >= edge - EDGE_FILL_LINES * self.line_height for end in self.line_ends]

    def paragraphs(self) -> list[tuple[float, float, list[str]]]:
        """Its lines in paragraphs (top, bottom, lines): a gap of more than PARAGRAPH_GAP line
        heights starts a new one (a blank line, or the room a missing ruling leaves). The height
        is the cell's tallest line. OCR boxes a word by its ink: a line without descenders
        ("1. Ketersediaan", "informasi") is a fifth shorter than its type and the leading around
        it looks twice as wide, so OCR'd lines part only at OCR_PARAGRAPH_GAP (a blank line
        there is a gap of 1.8 heights and more)."""
        out: list[tuple[float, float, list[str]]] = []
        height = max((bottom - top for top, bottom in self.line_spans), default=1.0)
        gap = (OCR_PARAGRAPH_GAP if self.ink_boxed else PARAGRAPH_GAP) * max(height, 1.0)
        for line, (top, bottom) in zip(self.lines, self.line_spans):
            if out and top - out[-1][1] <= gap:
                first_top, _, lines = out[-1]
                out[-1] = (first_top, bottom, [*lines, line])
            else:
                out.append((top, bottom, [line]))
        return out

    def paragraphs_at(self, tops: Sequence[float]) -> list[tuple[float, float, list[str]]]:
        """Its lines in paragraphs cut before each line whose top is one of ``tops``."""
        out: list[tuple[float, float, list[str]]] = []
        for line, (top, bottom) in zip(self.lines, self.line_spans):
            if out and top not in tops:
                first_top, _, lines = out[-1]
                out[-1] = (first_top, bottom, [*lines, line])
            else:
                out.append((top, bottom, [line]))
        return out

    @property
    def tight_text(self) -> str:
        return "".join(line.replace(" ", "") for line in self.lines)


@dataclass
class Grid:
    page: int
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    strategy: str
    bbox: BBox

    occupancy: dict[tuple[int, int], Cell] = field(default_factory=dict)
    # The page's fills, and per cell (by id) the box they are weighed over (``text_band``).
    shades: list[BBox] = field(default_factory=list)
    weighed: dict[int, BBox] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Where cells overlap (a stray merged box), the smallest one owns the slot.
        for cell in sorted(self.cells, key=lambda c: -geometry.area(c.bbox)):
            for row in range(cell.r0, cell.r1):
                for col in range(cell.c0, cell.c1):
                    self.occupancy[(row, col)] = cell

    def cell_at(self, row: int, col: int) -> Optional[Cell]:
        return self.occupancy.get((row, col))

    def partly_shaded(self, cell: Cell) -> bool:
        """An empty cell not shaded that a fill covers across most of its width but down part of
        its height only (``SHADE_PART_SHARE``): whose row the fill marks is in doubt (a row's
        edges guessed wrong). A fill over part of its width is the next column's, its edge
        guessed a little off."""
        if cell.shaded or cell.lines:
            return False
        x0, top, x1, bottom = self.weighed.get(id(cell), cell.bbox)
        for fill in self.shades:
            inner = geometry.intersection((x0, top, x1, bottom), fill)
            if (
                inner is not None
                and inner[2] - inner[0] >= SHADE_MIN_SHARE * (x1 - x0)
                and inner[3] - inner[1] >= SHADE_PART_SHARE * (bottom - top)
            ):
                return True
        return False


def line_text(words: list[Word]) -> str:
    """Words of one line, left to right; a gap narrower than a space joins them (italic runs).

    OCR words join that way only at a slash ("jenis-jenis/" "produk-produk"): elsewhere Tesseract
    has already decided where its words end, and the boxes of a re-read at scan size can leave
    "20" and "jam" closer than a space."""
    out = ""
    previous: Optional[Word] = None
    for word in words:
        if previous is not None:
            close = word.x0 - previous.x1 < 0.15 * max(previous.size, word.size, 1.0)
            ocr_words = previous.confidence is not None and word.confidence is not None
            at_slash = previous.text.endswith("/") or word.text.startswith("/")
            out += "" if close and (at_slash or not ocr_words) else " "
        out += word.text
        previous = word
    return out


def build_grid(table: FoundTable, page: PageContent) -> Optional[Grid]:
    boxes: list[BBox] = [(c[0], c[1], c[2], c[3]) for c in table.cells]
    if not boxes:
        return None
    xs = geometry.cluster([b[0] for b in boxes] + [b[2] for b in boxes], EDGE_TOLERANCE)
    ys = geometry.cluster([b[1] for b in boxes] + [b[3] for b in boxes], EDGE_TOLERANCE)
    cells = []
    for box in boxes:
        r0, r1, c0, c1 = geometry.span(box, xs, ys)
        if r1 > r0 and c1 > c0:
            cells.append(Cell(bbox=box, r0=r0, r1=r1, c0=c0, c1=c1))
    cells += [
        Cell(bbox=b, r0=r0, r1=r1, c0=c, c1=c + 1)
        for b, r0, r1, c in geometry.uncovered_runs(
            [(c.r0, c.r1, c.c0, c.c1) for c in cells], xs, ys
        )
    ]
    cells.sort(key=lambda c: (c.r0, c.c0))
    grid = Grid(
        page=page.number,
        xs=xs,
        ys=ys,
        cells=cells,
        strategy=table.strategy,
        bbox=(table.bbox[0], table.bbox[1], table.bbox[2], table.bbox[3]),
    )
    # Each word goes to the cell holding its centre; without column rulings, words glued over
    # a column boundary are parted there first.
    words = page.words
    if table.strategy == "text":
        words = geometry.split_at_gutters(words, xs, grid.bbox)
    members: dict[int, list[Word]] = {}
    bands: dict[int, tuple[float, float]] = {}  # grid row → (top, bottom) of its words
    for word in words:
        x, y = geometry.centre(word.bbox)
        row, col = geometry.slot(ys, y), geometry.slot(xs, x)
        if row is None and overflows_bottom(word, ys, table.strategy):
            row = len(ys) - 2
        cell = grid.cell_at(row, col) if row is not None and col is not None else None
        if cell is not None and row is not None:
            members.setdefault(id(cell), []).append(word)
            top, bottom = bands.get(row, (word.top, word.bottom))
            bands[row] = (min(top, word.top), max(bottom, word.bottom))
    for cell in cells:
        words = members.get(id(cell), [])
        grouped = geometry.group_lines([w.bbox for w in words])
        cell.lines = [line_text([words[i] for i in line]) for line in grouped]
        cell.line_spans = [
            (min(words[i].top for i in line), max(words[i].bottom for i in line))
            for line in grouped
        ]
        cell.line_ends = [max(words[i].x1 for i in line) for line in grouped]
        if words:
            cell.text_bottom = max(w.bottom for w in words)
            cell.line_height = max(w.bottom - w.top for w in words)
            cell.bold = is_bold(words)
            cell.ink_boxed = any(w.confidence is not None for w in words)
    shades = [(r.x0, r.top, r.x1, r.bottom) for r in page.rects if is_shade(r)]
    boxes = [cell.bbox for cell in cells]
    if table.strategy == "text":
        # Without column rulings a row's edges are guessed from its text, and an empty spacer
        # row falls into the row above it: a fill is weighed over its rows' text, not that guess.
        boxes = [text_band(cell, bands) for cell in cells]
    for index in geometry.covered(boxes, shades, SHADE_MIN_SHARE):
        cells[index].shaded = True
    grid.shades = shades
    grid.weighed = {id(cell): box for cell, box in zip(cells, boxes)}
    return grid


def overflows_bottom(word: Word, ys: list[float], strategy: str) -> bool:
    """A word across a ruled table's bottom edge, its top above it: the last line of a cell cut
    by the page break that a browser prints over the rule closing the page's part of the table
    (its centre falls below it). Text after a table starts below its rule. A scan's words are
    left alone: a skewed page's rule may cross the line under the table. Pure."""
    return (
        strategy != "text"
        and word.confidence is None
        and len(ys) > 1
        and word.top < ys[-1] < word.bottom
    )


def text_band(cell: Cell, bands: dict[int, tuple[float, float]]) -> BBox:
    """The part of ``cell`` between the top and bottom of the words in its rows (in any column);
    the cell itself where its rows hold no word. Pure."""
    spans = [bands[row] for row in range(cell.r0, cell.r1) if row in bands]
    if not spans:
        return cell.bbox
    x0, top, x1, bottom = cell.bbox
    top, bottom = max(top, min(s[0] for s in spans)), min(bottom, max(s[1] for s in spans))
    return (x0, top, x1, bottom) if bottom > top else cell.bbox


def is_bold(words: list[Word]) -> bool:
    """Whether most of the words' letters are set in a bold font (vocab/columns.yaml bold_fonts)."""
    marks = column_vocab().bold_fonts
    letters = sum(len(w.text) for w in words)
    bold = sum(len(w.text) for w in words if any(m in w.fontname.lower() for m in marks))
    return letters > 0 and bold > letters / 2


def is_shade(rect: Rect) -> bool:
    """A filled rect whose colour is not white (grey, RGB or CMYK)."""
    return bool(rect.fill) and not is_white(rect.fill)


# ---------------------------------------------------------------- header → column roles


def header_rows(grid: Grid) -> tuple[int, set[int]]:
    """How many rows at the top are header rows (every cell starting there is header wording),
    and which of them are rows of column numbers ("(1) (2) (3)"), which name no role."""
    count, numbering = 0, set()
    for row in range(len(grid.ys) - 1):
        texts = [c.text for c in grid.cells if c.r0 == row and c.text]
        if not texts:
            if count:  # an empty row inside the header band
                count += 1
                continue
            break
        if count and is_column_number_row(texts) and not numbers_under_one_parent(grid, row):
            numbering.add(row)
            count += 1
        elif count and all(map(is_weekday_label, texts)):
            count += 1  # the days' names under a daily calendar's dates ("Sen Sel Rab")
        elif count and is_sub_header_row(grid, row) and labels_outnumber_values(texts):
            count += 1  # 'K Rp K Rp √ Rp' on a scan: labels under each period, a 'K' read '√'
        elif count and sum(map(is_value, texts)) >= 2:
            break  # targets and marks ('50%', '-', '√'): the first body row under the header
        elif count and is_sub_header_row(grid, row):
            count += 1
        elif count and names_a_period_twice(row_header_roles(grid, row)):
            break  # marks printed as '1' in the months of the first body row
        elif is_header_row(row_header_roles(grid, row)) and (
            not count or names_more(grid, row, numbering)
        ):
            count += 1
        else:
            break
    return count, numbering


def labels_outnumber_values(texts: list[str]) -> bool:
    """More of a row's texts are labels than targets or marks: a sub-header whose scan misread a
    label or two as marks, not a row of marks under the periods. Pure."""
    values = sum(map(is_value, texts))
    return len(texts) - values > values


def names_more(grid: Grid, row: int, numbering: Collection[int] = ()) -> bool:
    """Whether a row under header rows names what they leave open: a cell of it naming a role
    sits under a header cell spanning columns, or one naming no role of its own (a parent,
    "Uraian"). Under one-column headers that each name their column, a row is the body's first,
    however much its texts look like header words ("Kegiatan" as a unit, "Triwulan II" as a
    schedule). A row of column numbers (``numbering``) names nothing: the header is above it."""
    above_row = row - 1
    while above_row in numbering:
        above_row -= 1
    for cell in (c for c in grid.cells if c.r0 == row and c.text):
        if header_role(grid, cell) is None:
            continue
        above = grid.cell_at(above_row, cell.c0)
        if above is None or above is cell or not above.text or above.c1 - above.c0 > 1:
            return True
        if role_of_header(above.text) in (None, Role.PARENT) or is_generic_header(above.text):
            return True
    return False


# A sub-header cell is a short label ("I", "K", "Rp", "Target", "Realisasi").
SUB_HEADER_MAX_CHARS = 12


def is_sub_header_row(grid: Grid, row: int) -> bool:
    """A row of short labels that all sit under header cells spanning several columns ("I",
    "II" under "Realisasi Kinerja Pada Triwulan I - IV"; "K", "Rp" under each of them): the
    header splits its columns, though the vocabulary names none of the labels. A body row has
    text outside such cells (its activity or indicator) or longer texts."""
    cells = [c for c in grid.cells if c.r0 == row and c.text]
    if len(cells) < 2 or any(len(c.text) > SUB_HEADER_MAX_CHARS for c in cells):
        return False
    for cell in cells:
        parent = next(
            (
                p
                for r in range(row - 1, -1, -1)
                if (p := grid.cell_at(r, cell.c0)) is not None and p.text and p is not cell
            ),
            None,
        )
        if parent is None or parent.c1 - parent.c0 < 2 or not parent.c0 <= cell.c0 < parent.c1:
            return False
    return True


VALUE = re.compile(r"^(\d+(?:[.,]\d+)?\s*%|[-\u2013\u2014\u221a\u2713\u2714])$")


def is_value(text: str) -> bool:
    """A target or mark as body cells hold them ('50%', '-', '√'); no header cell reads so."""
    return bool(VALUE.match(text.strip()))


def names_a_period_twice(roles: Sequence[Optional[Role]]) -> bool:
    """A row whose cells name one month or quarter twice or more, beside a text naming no
    column, is no header: a row of marks printed as '1' ('1 1 1 1 1' in five months) reads as
    January five times beside its activity. (A header row under 'Target' and 'Realisasi' may
    name each quarter twice, every cell of it a period.) Pure."""
    periods = [r for r in roles if r is not None and r.is_grid]
    return len(periods) != len(set(periods)) and None in roles


def row_header_roles(grid: Grid, row: int) -> list[Optional[Role]]:
    """The header roles of a row's cells, with a month or quarter run completed from its order
    ("Tw!", "Til", "Tw III", "Tw IV" on a scan is the quarter header all the same)."""
    cells = sorted(
        (c for c in grid.cells if c.r0 == row), key=lambda c: c.c0
    )  # empty ones keep the order true
    roles = complete_sequences(
        [header_role(grid, c) if c.text else None for c in cells],
        [grid.xs[c.c1] - grid.xs[c.c0] for c in cells],
    )
    return [role for role, cell in zip(roles, cells) if cell.text]


def numbers_under_one_parent(grid: Grid, row: int) -> bool:
    """A row of numbers that all sit under one wider header cell ("Bulan" over 1 … 12) names the
    columns of a grid; column numbering "(1) (2) (3)" runs under every header cell."""
    if row == 0:
        return False
    above = {
        id(p): p
        for p in (grid.cell_at(row - 1, c.c0) for c in grid.cells if c.r0 == row and c.text)
        if p
    }
    if len(above) != 1:
        return False
    parent = next(iter(above.values()))
    return bool(parent.text) and parent.c1 - parent.c0 > 1


def numbered_month_parent(parent: Cell) -> bool:
    """A parent header over months numbered "1".."12": it names months ('Bulan', 'Bulan ke-',
    vocab/columns.yaml month_parents) or spans the twelve of them."""
    return names_month_numbers(parent.text) or parent.c1 - parent.c0 == 12


def is_header_row(roles: list[Optional[Role]]) -> bool:
    """Most of a row's cells are header wording; a column the vocabulary does not know (say
    "Kondisi Saat Ini") does not hide the header, but a body row never gets this far."""
    named = sum(1 for r in roles if r)
    return named >= 1 and named >= HEADER_MIN_SHARE * len(roles)


def header_role(grid: Grid, cell: Cell) -> Optional[Role]:
    """A header cell's role, read on its own or joined to the parent header above it
    ("Triwulan" over "I", "II" … gives quarter:1, quarter:2 …)."""
    role = role_of_header(cell.text)
    if role or cell.r0 == 0:
        return role
    parent = grid.cell_at(cell.r0 - 1, cell.c0)
    if parent is None or parent is cell or not parent.text or is_value_parent(parent.text):
        return None
    if cell.text.strip().isdigit():  # "1".."12" under "Bulan": months; elsewhere not a header word
        month = (
            month_from_header(cell.text, numbered=True) if numbered_month_parent(parent) else None
        )
        return Role.month(month) if month else None
    # The parent's last words may name the period ("Target Triwulan" over "I": "Triwulan I")
    # where the whole reads as another role ("Target …").
    words = parent.text.split()
    for start in range(len(words)):
        joined = role_of_header(" ".join([*words[start:], cell.text]))
        if joined and joined.is_grid:
            return joined
    return None


def column_roles(
    grid: Grid, header_count: int, skip: frozenset[int] = frozenset()
) -> list[Optional[Role]]:
    """Per grid column: the role of the lowest header cell over it that has one."""
    roles: list[Optional[Role]] = []
    headers: list[str] = []
    from_parent: list[bool] = []  # the role came from a header cell spanning several columns
    namers: list[Optional[Cell]] = []  # the header cell that named the column's role
    for col in range(len(grid.xs) - 1):
        role: Optional[Role] = None
        header, spanning, namer = "", False, None
        for row in (r for r in range(header_count - 1, -1, -1) if r not in skip):
            cell = grid.cell_at(row, col)
            found = header_role(grid, cell) if cell and cell.text else None
            if found and found != Role.PARENT and cell is not None:
                role, header, spanning, namer = found, cell.text, cell.c1 - cell.c0 > 1, cell
                if is_generic_header(cell.text):  # "Uraian": a parent above may name it
                    continue
                break
        roles.append(role)
        headers.append(header)
        from_parent.append(spanning)
        namers.append(namer)
    roles = per_year_values(grid, header_count, roles, namers)
    widths = [grid.xs[i + 1] - grid.xs[i] for i in range(len(grid.xs) - 1)]
    fillable = [role is None or spanning for role, spanning in zip(roles, from_parent)]
    roles = settle_shared_headers(complete_sequences(roles, widths, fillable), headers)
    roles = settle_hierarchy(roles, twins=lambda a, b: grid_spans_same(grid, header_count, a, b))
    roles = settle_scheduled_subject(roles)
    # One column per role. A repeat right beside its twin under one merged header cell is one
    # logical column drawn as two (its texts are joined); any other repeat is kept but unused.
    out: list[Optional[Role]] = []
    for index, role in enumerate(roles):
        if role and role in out:
            twin = (
                index > 0
                and out[index - 1] == role
                and (
                    grid_spans_same(grid, header_count, index - 1, index)
                    or in_calendar_month(grid, header_count, index - 1, index, skip)
                    or start_and_end(grid, header_count, role, index - 1, index)
                )
            )
            out.append(role if twin else Role.DUPLICATE)
        else:
            out.append(role)
    return out


def start_and_end(grid: Grid, header_count: int, role: Role, a: int, b: int) -> bool:
    """Columns a and b are one schedule's start and end ("Mulai" | "Selesai", "Waktu Mulai" |
    "Waktu Selesai"): the rows read it as one range (rows.rows_of)."""
    if role != Role.SCHEDULE or header_count == 0:
        return False
    low = [grid.cell_at(header_count - 1, col) for col in (a, b)]
    texts = [cell.text if cell is not None else "" for cell in low]
    return [schedule_bound(text) for text in texts] == ["start", "end"]


# A sub-header naming one year ("2021", "Tahun 2021"): a Renstra's targets, one column a year.
YEAR_HEADER = re.compile(r"(?:tahun\s*)?(?:19|20)\d\d\W*", re.IGNORECASE)


def per_year_values(
    grid: Grid, header_count: int, roles: list[Optional[Role]], namers: list[Optional[Cell]]
) -> list[Optional[Role]]:
    """Columns under one header that names their role ("Target Kinerja Tahun" over 2020 …
    2024), each headed by a year, or a role repeated under each of several years, hold a value
    a year: none of them is the record's one target (the first is no more so than the last), so
    all are kept by their headers (extra)."""
    out = list(roles)
    for namer in {id(n): n for n in namers if n is not None and n.c1 - n.c0 > 1}.values():
        under = [i for i, n in enumerate(namers) if n is namer]
        role = roles[under[0]]
        if len(under) < 2 or role is None or role.is_grid:
            continue
        years = []
        for col in under:
            below = grid.cell_at(namer.r1, col) if namer.r1 < header_count else None
            years.append(below is not None and bool(YEAR_HEADER.fullmatch(below.text.strip())))
        if all(years):
            for col in under:
                out[col] = Role.DUPLICATE
    # ... and a role under each of several years ("2022" over Target | Rp, "2023" over Target |
    # Rp): the same, one value a year
    columns: dict[Role, list[int]] = {}
    for col, role in enumerate(out):
        if role is not None and role != Role.DUPLICATE and not role.is_grid:
            columns.setdefault(role, []).append(col)
    for cols in columns.values():
        over = [year_over(grid, header_count, col) for col in cols]
        if len(cols) >= 2 and all(over) and len({id(y) for y in over}) == len(cols):
            for col in cols:
                out[col] = Role.DUPLICATE
    return out


def yearly_roles(grid: Grid, header_count: int) -> set[Role]:
    """The roles header cells name over columns of one value a year ("Target" over 2021 …
    2025): no column holds the role (``per_year_values`` keeps each year's value by its
    header), yet the table has its targets or budgets all the same (an IKU, a Renstra)."""
    out: set[Role] = set()
    for cell in grid.cells:
        if cell.r1 >= header_count or cell.c1 - cell.c0 < 2 or not cell.text:
            continue
        role = header_role(grid, cell)
        if role is None or role.is_grid or role == Role.PARENT:
            continue
        below = [grid.cell_at(cell.r1, col) for col in range(cell.c0, cell.c1)]
        if all(
            b is not None and b is not cell and YEAR_HEADER.fullmatch(b.text.strip()) for b in below
        ):
            out.add(role)
    return out


def year_over(grid: Grid, header_count: int, col: int) -> Optional[Cell]:
    """The header cell naming one year over a column, or None."""
    for row in range(header_count):
        cell = grid.cell_at(row, col)
        if cell is not None and YEAR_HEADER.fullmatch(cell.text.strip()):
            return cell
    return None


SEQUENCE_LENGTHS = {"month": 12, "quarter": 4}
# A column beside a run of months or quarters continues it only if it is about as wide as they are.
SEQUENCE_WIDTH_SPREAD = 0.25


def without_misread_label(
    known: list[tuple[int, int]], out: list[Optional[Role]], length: int
) -> list[tuple[int, int]]:
    """The run's read labels (column, period number) less one that all the others, three or
    more counting up in step, contradict: a scan's "III" read "II" under the third quarter
    (fuzz scan seed 39) is that quarter, as its place says; the column, inside the run, is
    unnamed in ``out`` for the run to fill. The sequence's first and last (``length``)
    members read that many columns apart outvote every label between them (whole_year_span):
    "TW I" and "TW IV" with "TW III" read "TW II" between them (fuzz scan seed 64) hold the
    year's quarters in their columns. Two runs side by side (targets, then realisations) agree
    in halves, and are left as they are. Pure, but for ``out``'s misread columns."""
    if spanned := whole_year_span(known, length):
        first, last = spanned
        misread = {i for i, number in known if first < i < last and number - i != 1 - first}
        if misread:  # the year's ends, their columns apart, say where each of its periods sits
            for i in misread:
                out[i] = None
            return [(i, number) for i, number in known if i not in misread]
    steps = Counter(number - index for index, number in known)
    offset, agreeing = steps.most_common(1)[0]
    if agreeing < 3 or agreeing != len(known) - 1:
        return known
    odd = next(i for i, number in known if number - i != offset)
    if not known[0][0] < odd < known[-1][0]:
        return known  # a label at an end may be the document's own skip ("Jan", then "Mar")
    out[odd] = None
    return [(i, number) for i, number in known if i != odd]


def whole_year_span(known: list[tuple[int, int]], length: int) -> Optional[tuple[int, int]]:
    """The columns of a run's first and last periods ("TW I" … "TW IV", "Jan" … "Des") when
    both are read exactly ``length`` columns apart: the ends of a year fix each column between
    them, however many of those labels a scan misread ("I II III IV" read "I I II IV": fuzz
    scan seed 109); a column of another kind between them breaks the run (complete_sequences).
    Pure."""
    at = dict(known)
    for first, number in known:
        last = first + length - 1
        if number == 1 and at.get(last) == length:
            return first, last
    return None


def complete_sequences(
    roles: list[Optional[Role]], widths: list[float], fillable: Optional[list[bool]] = None
) -> list[Optional[Role]]:
    """Fill a month or quarter grid's unread header cells from their position. Pure.

    A scan's short bold headers ("Se/p" read "Se Pp") can fail to read while their neighbours
    read: when the read ones run in order without a gap in their count (month m at column c,
    month m+k at column c+k), an unnamed column between them is month m+j; one at either end,
    as wide as the run's columns, extends it up to the sequence's first or last member.
    ``fillable`` marks the unnamed columns (default: no role); a column that only took the role
    of a parent header spanning the grid ("Waktu Pelaksanaan" → schedule) is unnamed too.
    """
    roles = [
        Role(r) if r is not None else None for r in roles
    ]  # role names read from data are welcome
    out = (
        [None if free else role for role, free in zip(roles, fillable)] if fillable else list(roles)
    )
    for kind, length in SEQUENCE_LENGTHS.items():
        known = [(i, r.period_number) for i, r in enumerate(out) if r and r.period_kind == kind]
        if len(known) < 2:
            continue
        known = without_misread_label(known, out, length)
        offsets = {number - index for index, number in known}
        first, last = known[0][0], known[-1][0]
        if len(offsets) != 1 or any(
            (role := out[i]) is not None and role.period_kind != kind
            for i in range(first, last + 1)
        ):
            continue  # out of order, or another column inside the run: not one sequence
        offset = offsets.pop()
        typical = sorted(widths[i] for i, _ in known)[len(known) // 2]
        for i in range(first + 1, last):
            if out[i] is None:
                out[i] = Role.period(kind, i + offset)
        for step in (-1, 1):
            i = first - 1 if step < 0 else last + 1
            while (
                0 <= i < len(out)
                and out[i] is None
                and 1 <= i + offset <= length
                and abs(widths[i] - typical) <= SEQUENCE_WIDTH_SPREAD * typical
            ):
                out[i] = Role.period(kind, i + offset)
                i += step
    # Columns that the sequence did not take keep the role they had.
    return [new if new is not None else old for new, old in zip(out, roles)]


def settle_shared_headers(roles: list[Optional[Role]], headers: list[str]) -> list[Optional[Role]]:
    """A header word that names two roles ("Output": the indicator, or the unit beside one)
    takes its second role when another column already holds the first."""
    second = {fold_header(k): v for k, v in (column_vocab().second_roles or {}).items()}
    out = list(roles)
    for index, (role, header) in enumerate(zip(roles, headers)):
        alternative = second.get(fold_header(header))
        if not role or not alternative or alternative in out:
            continue
        if any(
            other == role and i != index and fold_header(headers[i]) != fold_header(header)
            for i, other in enumerate(out)
        ):
            out[index] = alternative
    return out


HIERARCHY_ROLES = (Role.AREA, Role.ACTIVITY, Role.LEVEL, Role.INDICATOR)


def settle_hierarchy(
    roles: list[Optional[Role]], twins: Callable[[int, int], bool] = lambda a, b: False
) -> list[Optional[Role]]:
    """The hierarchy columns of a deeper plan, top-down, as area > activity > levels > indicator.

    A table whose header names a level (Misi, Tujuan, Sasaran) or repeats a hierarchy role
    (Program | Kegiatan | Sub Kegiatan | Sub Sub Kegiatan all name activities) is read by column
    order: the first column is the area, the next the activity, the last the leaf (the indicator
    the row is about) and those between are ``LEVEL_1`` …. An indicator column that is not the
    last ("Indikator Tujuan" beside "Tujuan") belongs to its level and is kept as an extra column.
    A plain area | activity | indicator table keeps its roles. ``twins(a, b)``: columns a and b
    are one logical column drawn as two. Pure apart from ``twins``."""
    chain = [i for i, r in enumerate(roles) if r in HIERARCHY_ROLES]
    chain = [
        i
        for k, i in enumerate(chain)
        if not (k and i - 1 == chain[k - 1] and twins(i - 1, i) and roles[i] == roles[i - 1])
    ]
    named = [roles[i] for i in chain]
    if Role.LEVEL not in named and len(set(named)) == len(named):
        return roles
    out = list(roles)
    attached = [i for i in chain[:-1] if roles[i] == Role.INDICATOR]
    for i in attached:
        out[i] = Role.DUPLICATE
    chain = [i for i in chain if i not in attached]
    if len(chain) == 1:
        out[chain[0]] = Role.INDICATOR if roles[chain[0]] == Role.INDICATOR else Role.ACTIVITY
    elif len(chain) == 2:
        first, last = chain
        top = roles[first] in (Role.AREA, Role.LEVEL)
        out[first] = Role.AREA if top else Role.ACTIVITY
        leaf = roles[last] == Role.INDICATOR or not top
        out[last] = Role.INDICATOR if leaf else Role.ACTIVITY
    elif chain:
        out[chain[0]], out[chain[1]], out[chain[-1]] = Role.AREA, Role.ACTIVITY, Role.INDICATOR
        for depth, i in enumerate(chain[2:-1], start=1):
            out[i] = Role.sub_level(depth) if depth <= MAX_SUB_LEVELS else Role.DUPLICATE
    for i, role in enumerate(roles):  # the twin of a settled column follows it
        if (
            i
            and role in HIERARCHY_ROLES
            and i not in chain
            and i not in attached
            and roles[i - 1] == role
        ):
            out[i] = out[i - 1]
    return out


MAX_SUB_LEVELS = 4  # Role.LEVEL_1 … LEVEL_4


def settle_scheduled_subject(roles: list[Optional[Role]]) -> list[Optional[Role]]:
    """A schedule needs something scheduled: in a table of dates with no activity, indicator or
    area column (No | Tanggal | Hari | Keterangan), the remarks column names what happens then,
    so it is read as the activity. Pure."""
    present = set(roles)
    scheduled = Role.SCHEDULE in present or any(r and r.is_grid for r in present)
    if not scheduled or present & {Role.ACTIVITY, Role.INDICATOR, Role.AREA, Role.LEVEL}:
        return roles
    if Role.NOTE not in present:
        return roles
    return [Role.ACTIVITY if r == Role.NOTE else r for r in roles]


def in_calendar_month(
    grid: Grid, header_count: int, a: int, b: int, skip: frozenset[int] = frozenset()
) -> bool:
    """Whether columns a and b are weeks or days of one month in a calendar grid (PKPT): the
    month's header cell spans both and the lowest header cell of each names a week or a date.
    The month is the cell over the labels, not the cell that named the column's role: a label
    read with its month may name it too ("Jun" over "I" reads "Juni"). ``skip``: rows of
    column numbers under the header."""
    month = calendar_month(grid, header_count, a, skip)
    return month is not None and month is calendar_month(grid, header_count, b, skip)


def calendar_month(
    grid: Grid, header_count: int, col: int, skip: frozenset[int] = frozenset()
) -> Optional[Cell]:
    """The month header cell over column ``col``'s week or date label, if the column has one
    (``skip``: rows of column numbers)."""
    row = header_count - 1
    while row > 0 and (
        row in skip or (day := grid.cell_at(row, col)) is None or not day.text.strip()
    ):
        row -= 1  # column numbers, or an empty header row (a table without rulings)
    while row > 0 and (day := grid.cell_at(row, col)) is not None and is_weekday_label(day.text):
        row -= 1  # a day's name under its date
    label = grid.cell_at(row, col)
    if label is None or label.r0 == 0 or not is_calendar_label(label.text):
        return None
    month = grid.cell_at(label.r0 - 1, col)
    if month is None or month is label or not month.text:
        return None
    role = header_role(grid, month)
    return month if role is not None and role.is_month else None


def grid_spans_same(grid: Grid, header_count: int, a: int, b: int) -> bool:
    """Whether columns a and b sit under one merged header cell."""
    if header_count == 0:
        return False
    cell = grid.cell_at(header_count - 1, a)
    return cell is not None and cell is grid.cell_at(header_count - 1, b)


def is_plan_table(roles: list[Optional[Role]], headers: Sequence[str] = ()) -> bool:
    """Whether a table's column roles make it a plan: an activity or indicator (or a column of
    stacked levels) with a schedule or a grid, or with what makes a plan without one (headers.plan_companions; ``headers``, per
    column, tell a table of results or a tariff schedule from a plan)."""
    present = set(r for r in roles if r)
    has_grid = any(r.is_grid for r in present)
    unscheduled = bool(plan_companions(present, headers))
    return len(present & {Role.ACTIVITY, Role.INDICATOR, Role.STACKED}) >= 1 and (
        Role.SCHEDULE in present or has_grid or unscheduled
    )


def same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= COLUMN_MATCH_TOLERANCE for x, y in zip(a, b))


def column_offset(xs: list[float], table_xs: list[float]) -> Optional[int]:
    """Where a page's column edges ``xs`` run along the table's ``table_xs``: the index of the
    table column its first column is, or None. A page of a table may lack its first or last
    columns (a merged cell carried over the page break, drawn without its rulings)."""
    for start in range(len(table_xs) - len(xs) + 1):
        if same_columns(xs, table_xs[start : start + len(xs)]):
            return start
    return None
