"""Stage 4, tables: find the LAMPIRAN plan table(s) and turn them into logical rows.

Contract: ``find_on_page(page, words)`` is called by the read stage while the pdfplumber page is
open and returns ``FoundTable``s; ``read(pages)`` turns them into ``PlanTable``s; ``run`` sets
``state.tables``.

Everything works from cell geometry, never from text-line order: the grid comes from the cells'
edges, each word goes to the cell holding its centre, and a merged cell's text (vertically
centred by Word) is spread to every grid row it spans. Then:
- header rows at the top of each page's table give each column a role (vocab/columns.yaml);
- banner rows spanning the table ("1 | Manajemen Perubahan") set the area;
- grid rows sharing their number, activity and indicator cells form one logical row;
- grid slots no cell covers (a merged column whose closing rule is missing at a page break) are
  read as cells all the same, one per column run;
- a row split by a page break is rejoined: at the top of the next page its part has no number
  of its own and an empty leaf (schedule, grid marks), and every cell that goes on was cut at the
  previous page's bottom (its text reaches the table's bottom edge); a row whose schedule is
  really empty follows a row that ended with room to spare, and stays a row of its own;
- a merged cell split by a page break is one logical cell: its text belongs to the rows of both
  parts, whichever part prints it (carried forward, or backfilled into the rows above the break);
- key cells left empty (a merged cell continuing from above) inherit the value above;
- a borderless table whose next page doesn't repeat its header goes on with the same columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from rencana.stages.tables import borderless
from rencana.core import geometry
from rencana import vocab
from rencana.stages.schedule import is_mark, month_from_header, quarter_from_header
from rencana.core.state import Extraction
from rencana.core.text import join_lines
from rencana.core.types import BBox, FoundTable, PageContent, PlanTable, Rect, TableRow, Word

# Cell edges from different strokes differ by a fraction of a point.
EDGE_TOLERANCE = 2.0
# Two pages' tables continue one another when their column edges agree this closely.
COLUMN_MATCH_TOLERANCE = 4.0
# Share of a row's cells that must be header wording for the row to count as header.
HEADER_MIN_SHARE = 0.6
# A header starting with a synonym may add this much ("Waktu Pelaksanaan Tahun 2023"); longer
# text is a body cell that happens to start with the word ("Kegiatan kick off …").
HEADER_PREFIX_EXTRA = 24
# A filled rect marks a grid cell when it covers at least this share of it.
SHADE_MIN_SHARE = 0.5
# Room under a cell's text, in text heights, below which no further line fits: a line's leading
# (~1.2) plus the cell's bottom padding (~0.4 at 8 pt). A page break leaves less than that.
FILLED_ROOM_LINES = 1.6
# Roles whose text names the row (inherited from above when empty); leaf roles hold its schedule.
KEY_ROLES = ("area_number", "area", "activity_number", "activity")
CARRIED_AT_PAGE_TOP = ("indicator", "target", "pic", "unit", "budget", "note")
TEXT_ROLES = ("area", "activity", "indicator", "schedule", "target", "pic", "unit", "budget", "note")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_BANNER_NUMBER = re.compile(r"^\s*(\d{1,2}|[IVXivx]{1,4}|[A-Ha-h])\s*[.):]?\s+(\S.*)$", re.S)


# ---------------------------------------------------------------- header vocabulary

def fold_header(text: str) -> str:
    """Lower case without white space or punctuation: wraps in narrow header cells vanish."""
    return re.sub(r"[\W_]+", "", (text or "").lower())


@dataclass(frozen=True)
class ColumnVocab:
    synonyms: tuple[tuple[str, str], ...]  # (folded synonym, role), longest first
    fuzzy_min: float
    tight_roles: frozenset[str]
    grid_parents: tuple[str, ...]
    column_number_row_min: int
    second_roles: dict[str, str]
    month_parents: tuple[str, ...] = ()
    open_endings: frozenset[str] = frozenset()
    head_prefixes: tuple[str, ...] = ()
    head_suffixes: tuple[str, ...] = ()
    head_words: frozenset[str] = frozenset()
    open_marks: str = ""


@lru_cache(maxsize=1)
def column_vocab() -> ColumnVocab:
    data = vocab.load("columns.yaml")
    pairs = {fold_header(s): role for role, words in data["roles"].items() for s in words}
    return ColumnVocab(
        synonyms=tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0]))),
        fuzzy_min=float(data.get("fuzzy_min", 88)),
        tight_roles=frozenset(data.get("tight_roles", [])),
        grid_parents=tuple(sorted({fold_header(s) for s in data.get("grid_parents", [])}, key=len, reverse=True)),
        column_number_row_min=int(data.get("column_number_row_min", 3)),
        second_roles=dict(data.get("second_roles") or {}),
        month_parents=tuple(fold_header(str(w)) for w in data.get("month_parents", [])),
        open_endings=frozenset(str(w).lower() for w in data.get("open_endings", [])),
        head_prefixes=tuple(str(w).lower() for w in (data.get("phrase_heads") or {}).get("prefixes", [])),
        head_suffixes=tuple(str(w).lower() for w in (data.get("phrase_heads") or {}).get("suffixes", [])),
        head_words=frozenset(str(w).lower() for w in (data.get("phrase_heads") or {}).get("words", [])),
        open_marks="".join(data.get("open_marks", [])),
    )


def role_of_header(text: str) -> Optional[str]:
    """A header cell's role: a role name, 'month:N', 'quarter:N', 'parent' (over a grid) or None."""
    folded = fold_header(text)
    if not folded:
        return None
    month = month_from_header(text)
    if month:
        return f"month:{month}"
    quarter = quarter_from_header(text)
    if quarter:
        return f"quarter:{quarter}"
    words = column_vocab()
    for synonym, role in words.synonyms:
        if folded == synonym:
            return role
    for synonym, role in words.synonyms:  # "Waktu Pelaksanaan Tahun 2023", "Indikator Keberhasilan (Output)"
        if len(synonym) >= 5 and folded.startswith(synonym) and len(folded) - len(synonym) <= HEADER_PREFIX_EXTRA:
            return role
    best = max(words.synonyms, key=lambda pair: fuzz.ratio(folded, pair[0]))
    if len(folded) >= 4 and fuzz.ratio(folded, best[0]) >= words.fuzzy_min:
        return best[1]
    if any(folded.startswith(parent) for parent in words.grid_parents):
        return "parent"
    return None


def is_column_number_row(texts: list[str]) -> bool:
    """'(1) (2) (3) …' under the header: consecutive column numbers."""
    numbers = [re.fullmatch(r"\(?(\d{1,2})\)?", t.strip()) for t in texts if t.strip()]
    if len(numbers) < column_vocab().column_number_row_min or not all(numbers):
        return False
    values = [int(m.group(1)) for m in numbers]
    return values == list(range(values[0], values[0] + len(values)))


# ---------------------------------------------------------------- finding tables

def has_plan_header(words: list[Word]) -> bool:
    """Cheap test: do the page's words name at least two plan-table column roles?"""
    single_words = _single_word_headers()
    roles = {single_words[f] for f in (fold_header(w.text) for w in words) if f in single_words}
    return len(roles & {"activity", "indicator", "schedule"}) >= 2


@lru_cache(maxsize=1)
def _single_word_headers() -> dict[str, str]:
    """Folded one-word header synonyms of five letters or more ('kegiatan', 'indikator', 'waktu')."""
    data = vocab.load("columns.yaml")["roles"]
    return {fold_header(s): role for role, words in data.items() for s in words
            if " " not in str(s).strip() and len(fold_header(s)) >= 5}


def find_on_page(page, words: list[Word]) -> list[FoundTable]:
    """Ruled tables through pdfplumber's default (lines) finder: one call on a normal page.

    Only when nothing ruled is found and the page's words carry a plan-table header do we read a
    table without ruling lines, from the words' gutters and paragraph gaps (borderless.py):
    pdfplumber's text strategy cuts such tables at every word edge."""
    found = [FoundTable(bbox=t.bbox, cells=list(t.cells), strategy="lines") for t in page.find_tables()]
    if found or not words or not has_plan_header(words):
        return found
    table = borderless.find(words, _single_word_role)
    return [table] if table else []


def _single_word_role(text: str) -> Optional[str]:
    """A header word's or header text's role, for the borderless reader."""
    return _single_word_headers().get(fold_header(text)) or role_of_header(text)


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

    @property
    def filled(self) -> bool:
        """Its text reaches its bottom edge: no further line (its leading plus the cell's padding)
        would fit under it. True of text cut by a page break, and of the cell that sets its row's
        height; a cell with a line's room to spare below its text ended there."""
        return (self.text_bottom is not None
                and self.bbox[3] - self.text_bottom < FILLED_ROOM_LINES * self.line_height)

    @property
    def text(self) -> str:
        return join_lines(self.lines)

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

    def __post_init__(self) -> None:
        # Where cells overlap (a stray merged box), the smallest one owns the slot.
        for cell in sorted(self.cells, key=lambda c: -geometry.area(c.bbox)):
            for row in range(cell.r0, cell.r1):
                for col in range(cell.c0, cell.c1):
                    self.occupancy[(row, col)] = cell

    def cell_at(self, row: int, col: int) -> Optional[Cell]:
        return self.occupancy.get((row, col))


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
    boxes = [tuple(c) for c in table.cells]
    if not boxes:
        return None
    xs = geometry.cluster([b[0] for b in boxes] + [b[2] for b in boxes], EDGE_TOLERANCE)
    ys = geometry.cluster([b[1] for b in boxes] + [b[3] for b in boxes], EDGE_TOLERANCE)
    cells = []
    for box in boxes:
        r0, r1, c0, c1 = geometry.span(box, xs, ys)
        if r1 > r0 and c1 > c0:
            cells.append(Cell(bbox=box, r0=r0, r1=r1, c0=c0, c1=c1))
    cells += [Cell(bbox=b, r0=r0, r1=r1, c0=c, c1=c + 1) for b, r0, r1, c in geometry.uncovered_runs(
        [(c.r0, c.r1, c.c0, c.c1) for c in cells], xs, ys)]
    cells.sort(key=lambda c: (c.r0, c.c0))
    grid = Grid(page=page.number, xs=xs, ys=ys, cells=cells, strategy=table.strategy, bbox=tuple(table.bbox))
    # Each word goes to the cell holding its centre.
    members: dict[int, list[Word]] = {}
    for word in page.words:
        x, y = geometry.centre(word.bbox)
        row, col = geometry.slot(ys, y), geometry.slot(xs, x)
        cell = grid.cell_at(row, col) if row is not None and col is not None else None
        if cell is not None:
            members.setdefault(id(cell), []).append(word)
    for cell in cells:
        words = members.get(id(cell), [])
        cell.lines = [line_text([words[i] for i in line]) for line in geometry.group_lines([w.bbox for w in words])]
        if words:
            cell.text_bottom = max(w.bottom for w in words)
            cell.line_height = max(w.bottom - w.top for w in words)
    shades = [r for r in page.rects if is_shade(r)]
    for cell in cells:
        cell.shaded = any(geometry.covered_share(cell.bbox, (r.x0, r.top, r.x1, r.bottom)) >= SHADE_MIN_SHARE
                          for r in shades)
    return grid


def is_shade(rect: Rect) -> bool:
    """A filled rect whose colour is not white (grey, RGB or CMYK)."""
    fill = rect.fill
    if not fill:
        return False
    if len(fill) == 4:  # CMYK: white is no ink
        return any(v > 0.05 for v in fill)
    return any(v < 0.95 for v in fill)


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
        elif is_header_row(row_header_roles(grid, row)):
            count += 1
        else:
            break
    return count, numbering


def row_header_roles(grid: Grid, row: int) -> list[Optional[str]]:
    """The header roles of a row's cells, with a month or quarter run completed from its order
    ("Tw!", "Til", "Tw III", "Tw IV" on a scan is the quarter header all the same)."""
    cells = sorted((c for c in grid.cells if c.r0 == row), key=lambda c: c.c0)  # empty ones keep the order true
    roles = complete_sequences([header_role(grid, c) if c.text else None for c in cells],
                               [grid.xs[c.c1] - grid.xs[c.c0] for c in cells])
    return [role for role, cell in zip(roles, cells) if cell.text]


def numbers_under_one_parent(grid: Grid, row: int) -> bool:
    """A row of numbers that all sit under one wider header cell ("Bulan" over 1 … 12) names the
    columns of a grid; column numbering "(1) (2) (3)" runs under every header cell."""
    if row == 0:
        return False
    above = {id(p): p for p in (grid.cell_at(row - 1, c.c0) for c in grid.cells if c.r0 == row and c.text) if p}
    if len(above) != 1:
        return False
    parent = next(iter(above.values()))
    return bool(parent.text) and parent.c1 - parent.c0 > 1


def numbered_month_parent(parent: Cell) -> bool:
    """A parent header over months numbered "1".."12": it names months ('Bulan', 'Bulan ke-',
    vocab/columns.yaml month_parents) or spans the twelve of them."""
    folded = fold_header(parent.text)
    return any(folded.startswith(p) for p in column_vocab().month_parents) or parent.c1 - parent.c0 == 12


def is_header_row(roles: list[Optional[str]]) -> bool:
    """Most of a row's cells are header wording; a column the vocabulary does not know (say
    "Kondisi Saat Ini") does not hide the header, but a body row never gets this far."""
    named = sum(1 for r in roles if r)
    return named >= 1 and named >= HEADER_MIN_SHARE * len(roles)


def header_role(grid: Grid, cell: Cell) -> Optional[str]:
    """A header cell's role, read on its own or joined to the parent header above it
    ("Triwulan" over "I", "II" … gives quarter:1, quarter:2 …)."""
    role = role_of_header(cell.text)
    if role or cell.r0 == 0:
        return role
    parent = grid.cell_at(cell.r0 - 1, cell.c0)
    if parent is None or parent is cell or not parent.text:
        return None
    if cell.text.strip().isdigit():  # "1".."12" under "Bulan": months; elsewhere not a header word
        month = month_from_header(cell.text, numbered=True) if numbered_month_parent(parent) else None
        return f"month:{month}" if month else None
    joined = role_of_header(f"{parent.text} {cell.text}")
    return joined if joined and joined.startswith(("month:", "quarter:")) else None


def column_roles(grid: Grid, header_count: int, skip: frozenset[int] = frozenset()) -> list[Optional[str]]:
    """Per grid column: the role of the lowest header cell over it that has one."""
    roles: list[Optional[str]] = []
    headers: list[str] = []
    from_parent: list[bool] = []  # the role came from a header cell spanning several columns
    for col in range(len(grid.xs) - 1):
        role, header, spanning = None, "", False
        for row in (r for r in range(header_count - 1, -1, -1) if r not in skip):
            cell = grid.cell_at(row, col)
            found = header_role(grid, cell) if cell and cell.text else None
            if found and found != "parent":
                role, header, spanning = found, cell.text, cell.c1 - cell.c0 > 1
                break
        roles.append(role)
        headers.append(header)
        from_parent.append(spanning)
    widths = [grid.xs[i + 1] - grid.xs[i] for i in range(len(grid.xs) - 1)]
    fillable = [role is None or spanning for role, spanning in zip(roles, from_parent)]
    roles = settle_shared_headers(complete_sequences(roles, widths, fillable), headers)
    # One column per role. A repeat right beside its twin under one merged header cell is one
    # logical column drawn as two (its texts are joined); any other repeat is kept but unused.
    out: list[Optional[str]] = []
    for index, role in enumerate(roles):
        if role and role in out:
            twin = index > 0 and out[index - 1] == role and grid_spans_same(grid, header_count, index - 1, index)
            out.append(role if twin else f"{role}_2")
        else:
            out.append(role)
    return out


SEQUENCE_LENGTHS = {"month": 12, "quarter": 4}
# A column beside a run of months or quarters continues it only if it is about as wide as they are.
SEQUENCE_WIDTH_SPREAD = 0.25


def complete_sequences(roles: list[Optional[str]], widths: list[float],
                       fillable: Optional[list[bool]] = None) -> list[Optional[str]]:
    """Fill a month or quarter grid's unread header cells from their position. Pure.

    A scan's short bold headers ("Se/p" read "Se Pp") can fail to read while their neighbours
    read: when the read ones run in order without a gap in their count (month m at column c,
    month m+k at column c+k), an unnamed column between them is month m+j; one at either end,
    as wide as the run's columns, extends it up to the sequence's first or last member.
    ``fillable`` marks the unnamed columns (default: no role); a column that only took the role
    of a parent header spanning the grid ("Waktu Pelaksanaan" → schedule) is unnamed too.
    """
    out = [None if free else role for role, free in zip(roles, fillable)] if fillable else list(roles)
    for kind, length in SEQUENCE_LENGTHS.items():
        known = [(i, int(r.split(":")[1])) for i, r in enumerate(out) if r and r.startswith(kind + ":")]
        if len(known) < 2:
            continue
        offsets = {number - index for index, number in known}
        first, last = known[0][0], known[-1][0]
        if len(offsets) != 1 or any(out[i] is not None and not out[i].startswith(kind + ":")
                                    for i in range(first, last + 1)):
            continue  # out of order, or another column inside the run: not one sequence
        offset = offsets.pop()
        typical = sorted(widths[i] for i, _ in known)[len(known) // 2]
        for i in range(first + 1, last):
            if out[i] is None:
                out[i] = f"{kind}:{i + offset}"
        for step in (-1, 1):
            i = first - 1 if step < 0 else last + 1
            while 0 <= i < len(out) and out[i] is None and 1 <= i + offset <= length \
                    and abs(widths[i] - typical) <= SEQUENCE_WIDTH_SPREAD * typical:
                out[i] = f"{kind}:{i + offset}"
                i += step
    # Columns that the sequence did not take keep the role they had.
    return [new if new is not None else old for new, old in zip(out, roles)]


def settle_shared_headers(roles: list[Optional[str]], headers: list[str]) -> list[Optional[str]]:
    """A header word that names two roles ("Output": the indicator, or the unit beside one)
    takes its second role when another column already holds the first."""
    second = {fold_header(k): v for k, v in (column_vocab().second_roles or {}).items()}
    out = list(roles)
    for index, (role, header) in enumerate(zip(roles, headers)):
        alternative = second.get(fold_header(header))
        if not role or not alternative or alternative in out:
            continue
        if any(other == role and i != index and fold_header(headers[i]) != fold_header(header)
               for i, other in enumerate(out)):
            out[index] = alternative
    return out


def grid_spans_same(grid: Grid, header_count: int, a: int, b: int) -> bool:
    """Whether columns a and b sit under one merged header cell."""
    if header_count == 0:
        return False
    cell = grid.cell_at(header_count - 1, a)
    return cell is not None and cell is grid.cell_at(header_count - 1, b)


def is_plan_table(roles: list[Optional[str]]) -> bool:
    present = set(r for r in roles if r)
    has_grid = any(r.startswith(("month:", "quarter:")) for r in present)
    return len(present & {"activity", "indicator"}) >= 1 and ("schedule" in present or has_grid
                                                               or {"activity", "indicator"} <= present)


def same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= COLUMN_MATCH_TOLERANCE for x, y in zip(a, b))


# ---------------------------------------------------------------- rows

@dataclass
class RawRow:
    """One logical row on one page, before page splits and inheritance are resolved."""
    page: int
    cells: dict[str, str]
    cell_ids: dict[str, tuple]  # role → (page, bbox) of the cell it came from: a stable identity
    months: list[int]
    quarters: dict[int, str]
    bbox: BBox
    banner: Optional[tuple[Optional[int], str]] = None
    first_on_page: bool = False
    last_on_page: bool = False
    # Where each role's cell sits, for rejoining cells split by a page break:
    to_bottom: set[str] = field(default_factory=set)  # reaches the table's bottom edge on its page
    from_top: set[str] = field(default_factory=set)  # starts at the first body row of its page
    filled: set[str] = field(default_factory=set)  # its text reaches its bottom edge (Cell.filled)
    merged: set[str] = field(default_factory=set)  # spans more than this logical row


def area_number_of(text: str) -> Optional[int]:
    """'1', '1.', 'II', 'b.' → 1, 1, 2, 2; anything else → None."""
    token = (text or "").strip().rstrip(".):").strip()
    if token.isdigit():
        return int(token)
    if token.lower() in _ROMAN:
        return _ROMAN[token.lower()]
    if len(token) == 1 and token.lower() in "abcdefgh":
        return "abcdefgh".index(token.lower()) + 1
    return None


def banner_of(grid: Grid, row: int, roles: list[Optional[str]]) -> Optional[tuple[Optional[int], str]]:
    """An area banner: one cell spanning the text columns (activity and indicator, or most of the row)."""
    starting = [c for c in grid.cells if c.r0 <= row < c.r1]
    text_cols = [i for i, r in enumerate(roles) if r in ("activity", "indicator", "area")]
    wide = [c for c in starting if c.text and c.c1 - c.c0 >= 2 and len([i for i in text_cols if c.c0 <= i < c.c1]) >= 2]
    if not wide:
        return None
    spanning = wide[0]
    others = [c for c in starting if c is not spanning and c.text]
    if any(roles[c.c0] not in ("number", None) for c in others):
        return None
    number_text = " ".join(c.tight_text for c in others)
    text = spanning.text
    number = area_number_of(number_text) if number_text else None
    if number is None:
        match = _BANNER_NUMBER.match(text)
        if match and area_number_of(match.group(1)) is not None:
            number, text = area_number_of(match.group(1)), match.group(2).strip()
    return number, text


def rows_of(grid: Grid, roles: list[Optional[str]], header_count: int) -> list[RawRow]:
    """Logical rows of one page's table, banners included."""
    # Grid rows that share their number, activity and indicator cells are one logical row (another
    # column, e.g. two PICs, may be split); a cell merged over several activities is not.
    identity_cols = [i for i, r in enumerate(roles) if r in ("number", "activity", "indicator")]
    groups: list[list[int]] = []
    banners: dict[int, tuple[Optional[int], str]] = {}
    last_identity = None
    for row in range(header_count, len(grid.ys) - 1):
        banner = banner_of(grid, row, roles)
        if banner:
            banners[row] = banner
            groups.append([row])
            last_identity = None
            continue
        identity = tuple(id(grid.cell_at(row, col)) for col in identity_cols)
        if identity_cols and identity == last_identity:
            groups[-1].append(row)
        else:
            groups.append([row])
        last_identity = identity
    out: list[RawRow] = []
    for group in groups:
        top, bottom = grid.ys[group[0]], grid.ys[group[-1] + 1]
        bbox = (grid.bbox[0], top, grid.bbox[2], bottom)
        if group[0] in banners:
            out.append(RawRow(page=grid.page, cells={}, cell_ids={}, months=[], quarters={}, bbox=bbox,
                              banner=banners[group[0]]))
            continue
        cells: dict[str, str] = {}
        ids: dict[str, tuple] = {}
        months: set[int] = set()
        quarters: dict[int, str] = {}
        place: dict[str, set[str]] = {"to_bottom": set(), "from_top": set(), "filled": set(), "merged": set()}
        for col, role in enumerate(roles):
            if not role:
                continue
            seen_cells: list[Cell] = []
            for row in group:
                cell = grid.cell_at(row, col)
                if cell is not None and cell not in seen_cells:
                    seen_cells.append(cell)
            if seen_cells and not role.startswith(("month:", "quarter:")):
                first, last = seen_cells[0], seen_cells[-1]
                if last.r1 == len(grid.ys) - 1:
                    place["to_bottom"].add(role)
                if first.r0 == header_count:
                    place["from_top"].add(role)
                if last.filled:
                    place["filled"].add(role)
                if first.r0 < group[0] or last.r1 > group[-1] + 1:
                    place["merged"].add(role)
            if role.startswith("month:"):
                if any(is_mark(c.text) or c.shaded for c in seen_cells):
                    months.add(int(role.split(":")[1]))
                continue
            if role.startswith("quarter:"):
                value = " ".join(c.text for c in seen_cells if c.text) or ("■" if any(c.shaded for c in seen_cells) else "")
                value = re.sub(r"(\d)\s+%", r"\1%", value)  # "100" over "%" in a narrow cell
                if value:
                    quarters[int(role.split(":")[1])] = value
                continue
            if role.endswith("_2"):
                continue
            tight = role in column_vocab().tight_roles
            text = (join_lines([c.tight_text for c in seen_cells]) if tight
                    else join_lines([c.text for c in seen_cells]))
            if role in cells:  # one logical column drawn as two grid columns
                if text and text != cells[role]:
                    cells[role] = join_lines([cells[role], text])
                continue
            cells[role] = text
            if seen_cells:
                ids[role] = (grid.page, seen_cells[0].bbox)
        out.append(RawRow(page=grid.page, cells=cells, cell_ids=ids, months=sorted(months), quarters=quarters,
                          bbox=bbox, **place))
    for row in out:
        if not row.banner:
            row.first_on_page = True
            break
    if out and not out[-1].banner:
        out[-1].last_on_page = True
    return out


# ---------------------------------------------------------------- assembling the plan table

def _leaf_empty(row: RawRow, roles: set[str]) -> bool:
    has_leaf = "schedule" in roles or any(r.startswith(("month:", "quarter:")) for r in roles)
    fragments_only = all(QUARTER_FRAGMENT.match(v) for v in row.quarters.values())
    return has_leaf and not row.cells.get("schedule") and not row.months and fragments_only


# What a quarter cell cut by a page break leaves on the next page: a unit sign, no value ("100" | "%").
QUARTER_FRAGMENT = re.compile(r"^[\s%.,]*$")


def cut_by_page_break(role: str, above: Optional[RawRow]) -> bool:
    """Whether the previous page's last row had this role's cell cut by the break: the cell
    reaches the table's bottom edge and its text reaches the cell's bottom (no room for a line)."""
    return above is not None and above.last_on_page and role in above.to_bottom and role in above.filled


def is_continuation(row: RawRow, roles: set[str], above: Optional[RawRow] = None,
                    backfilled: frozenset[str] = frozenset()) -> bool:
    """The rest of a row split by a page break, judged from the table's structure and geometry.

    Structure: at the top of a page, a row without a number whose leaf (schedule, grid marks) is
    empty next to some text: a complete row has its leaf filled. Geometry: every cell that goes on
    here (indicator, PIC …) was cut at the bottom of the previous page. A new row whose schedule is
    really empty has cells above it that ended with room to spare, so it stays a row of its own.
    Key cells (area, activity) may be merged over several rows and are judged on their own. A
    number that belongs to a merged cell begun on the previous page (``backfilled``) is not the
    row's own."""
    own_number = row.cells.get("number") and "number" not in backfilled
    if above is None or not row.first_on_page or own_number or not _leaf_empty(row, roles):
        return False
    texts = [r for r in TEXT_ROLES if row.cells.get(r)]
    if not texts:
        return False
    going_on = [r for r in texts if r not in KEY_ROLES]
    return all(cut_by_page_break(r, above) for r in going_on)


# Raw roles whose empty cell at the bottom of a page may get its text from the next page's top.
BACKFILLED = ("number", "area", "activity") + CARRIED_AT_PAGE_TOP


def reads_on(before: str, text: str) -> bool:
    """Whether ``text`` reads as the rest of ``before``: it starts in lower case or with
    punctuation, or ``before`` stops open (a bracket left open, a comma or hyphen, or a word that
    cannot end a phrase: 'dan', 'kepada', 'melalui' …, from vocab/columns.yaml). A capital after
    an open end ("… kepada" + "Sekretaris Jenderal …") still reads on."""
    if not before or not text:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return True
    if before.count("(") > before.count(")"):
        return True
    tail = before.rstrip()
    if tail[-1] in column_vocab().open_marks:
        return True
    last_word = re.sub(r"\W+$", "", tail.split()[-1])
    if last_word.lower() in column_vocab().open_endings:
        return True
    # Inside a capitalised name cut by the break: a capital word that cannot open a phrase goes on.
    first_word = re.sub(r"\W+$", "", text.split()[0])
    return (last_word[:1].isupper() and len(tail.split()) > 1 and first_word.istitle()
            and not can_open_phrase(first_word))


def can_open_phrase(word: str) -> bool:
    """Whether a word can begin an activity or indicator (a derived noun, a verb, a listed noun)."""
    vocab = column_vocab()
    low = word.lower()
    return (low in vocab.head_words or low.endswith(vocab.head_suffixes)
            or (low.startswith(vocab.head_prefixes) and len(low) > 4))


class Assembler:
    """Walks the raw rows of every page in order and builds the logical rows."""

    def __init__(self, has_area_column: bool):
        self.has_area_column = has_area_column
        self.rows: list[TableRow] = []
        self.current: dict[str, str] = {}
        self.carried: dict[tuple, str] = {}  # (page, cell bbox) → its text after a page-split merge
        self.above: Optional[RawRow] = None  # the last raw row added
        self.merged_roles: set[str] = set()  # roles whose column has merged cells in this table
        # raw role → rows whose cell is an empty fragment at a page's bottom: the merged cell goes on
        # over the break and its (centred) text may sit in the next page's part.
        self.pending: dict[str, list[TableRow]] = {}

    def _field(self, role: str) -> str:
        """The logical row's field for a raw role (the number column numbers areas or activities)."""
        if role == "number":
            return "area_number" if self.has_area_column else "activity_number"
        return role

    def add(self, raw: RawRow, roles: set[str]) -> None:
        if raw.banner:
            number, text = raw.banner
            self.current = {"area_number": str(number) if number is not None else "", "area": text}
            self.pending.clear()
            self.above = None  # nothing before a banner goes on after it
            return
        above, self.above = self.above, raw
        self.merged_roles |= raw.merged
        cells = dict(raw.cells)
        for role, cell_id in raw.cell_ids.items():
            if cell_id in self.carried:
                cells[role] = self.carried[cell_id]
        backfilled = frozenset(self._backfill(raw)) if raw.first_on_page else frozenset()
        if self.rows and is_continuation(raw, roles, above, backfilled):
            self._merge(self.rows[-1], raw, above)
            return
        if raw.first_on_page and self.rows:
            for role in ("area", "activity"):
                text = cells.get(role, "")
                if (text and role not in backfilled and raw.cell_ids.get(role) not in self.carried
                        and self._continues_key_cell(role, text, raw, above, backfilled)):
                    cells[role] = self._extend(role, text)
                    if role in raw.cell_ids:
                        self.carried[raw.cell_ids[role]] = cells[role]
            # A merged cell split by the page break leaves its lower part empty at the top of the
            # new page (an indicator or PIC shared by several rows): the part above reaches the
            # break and one of the two parts is merged. A single empty cell is really empty. The
            # schedule is never carried: an empty one there is a continuation (above) or missing.
            previous = self.rows[-1].cells
            for role in CARRIED_AT_PAGE_TOP:
                if (role in cells and not cells[role] and previous.get(role) and role not in backfilled
                        and above is not None and above.last_on_page and role in above.to_bottom
                        and (role in above.merged or role in raw.merged)):
                    cells[role] = previous[role]
                    if role in raw.cell_ids:  # the rest of this merged cell's rows share it
                        self.carried[raw.cell_ids[role]] = previous[role]
        number = cells.pop("number", "")
        cells["area_number" if self.has_area_column else "activity_number"] = number
        fresh = {role for role in KEY_ROLES if cells.get(role)}
        if "area" in fresh and cells["area"] != self.current.get("area"):
            self.current = {}  # a new area: nothing of the previous one carries over
        if "activity" in fresh and "activity_number" not in fresh and cells["activity"] != self.current.get("activity"):
            self.current.pop("activity_number", None)
        for role in KEY_ROLES:
            if cells.get(role):
                self.current[role] = cells[role]
            elif self.current.get(role):
                cells[role] = self.current[role]
        row = TableRow(cells=cells, pages=[raw.page], bbox=raw.bbox,
                       months_marked=raw.months if any(r.startswith("month:") for r in roles) else None,
                       quarter_marks=dict(raw.quarters) if any(r.startswith("quarter:") for r in roles) else None)
        self.rows.append(row)
        self._hold_for_backfill(raw, row)

    def _hold_for_backfill(self, raw: RawRow, row: TableRow) -> None:
        """Keep a row whose merged cell is empty on this page and runs on past its bottom edge:
        the text of that cell is still to come. A part that starts at the page's top and carries
        on a cell whose text came on an earlier page is not held (it took that text already)."""
        for role in BACKFILLED:
            if (role in raw.cells and not raw.cells[role] and role in raw.to_bottom
                    and (role not in raw.from_top or role in self.pending or raw.page == self.rows[0].pages[0])):
                self.pending.setdefault(role, []).append(row)

    def _backfill(self, raw: RawRow) -> set[str]:
        """At the top of a page: give the held rows the text of their merged cell's part here, in a
        table that merges this column's cells (an empty single cell there is really empty)."""
        done = set()
        for role, held in list(self.pending.items()):
            text = raw.cells.get(role, "")
            if role in raw.from_top and text and role in self.merged_roles:
                for row in held:
                    row.cells[self._field(role)] = text
                done.add(role)
                del self.pending[role]
            elif not (role in raw.from_top and role in raw.to_bottom):
                del self.pending[role]  # the cell ended without text anywhere: rows keep what they had
        return done

    def _merge(self, previous: TableRow, raw: RawRow, above: Optional[RawRow] = None) -> None:
        for role in TEXT_ROLES:
            text = raw.cells.get(role, "")
            if not text:
                # An empty part of a merged cell cut at the previous page's bottom (an indicator
                # shared by several rows) is still that cell: rows below sharing it get its text.
                if (role in CARRIED_AT_PAGE_TOP and role in raw.cells and role in raw.cell_ids
                        and previous.cells.get(role) and above is not None and role in above.to_bottom):
                    self.carried[raw.cell_ids[role]] = previous.cells[role]
                continue
            if role in KEY_ROLES:
                merged = self._extend(role, text)
            else:
                merged = join_lines([previous.cells.get(role, ""), text])
                previous.cells[role] = merged
            if role in raw.cell_ids:
                self.carried[raw.cell_ids[role]] = merged
        for quarter, fragment in raw.quarters.items():
            if previous.quarter_marks is not None and previous.quarter_marks.get(quarter):
                previous.quarter_marks[quarter] = previous.quarter_marks[quarter] + fragment.strip()
        if raw.page not in previous.pages:
            previous.pages.append(raw.page)

    def _extend(self, role: str, text: str) -> str:
        """Append the rest of a key cell split by a page break; every row that shared it follows."""
        old = self.current.get(role, "")
        merged = join_lines([old, text])
        for earlier in reversed(self.rows):
            if earlier.cells.get(role) != old:
                break
            earlier.cells[role] = merged
        self.current[role] = merged
        return merged

    def _continues_key_cell(self, role: str, text: str, raw: RawRow, above: Optional[RawRow],
                            backfilled: frozenset[str] = frozenset()) -> bool:
        """At the top of a page, is this area/activity text the rest of the cell above it?

        Never when the row has a number of its own (numbers go with new areas and activities; a
        number backfilled into a merged cell begun above is not the row's own). An area continues
        when the table has an area column. An activity continues when its cell above was cut by
        the page break (it reaches the bottom edge, its text filling it) and the two texts read as
        one: a complete cell that sets its row's height fills it just the same, so geometry alone
        cannot tell (see ``reads_on``)."""
        before = self.current.get(role, "")
        if not before or (raw.cells.get("number") and "number" not in backfilled):
            return False
        if role == "area":
            return self.has_area_column
        return cut_by_page_break(role, above) and reads_on(before, text)


def read(pages: list[PageContent]) -> tuple[list[PlanTable], list[tuple[str, str, Optional[int]]]]:
    """Plan tables from every page's found tables, in page order; plus (code, message, page) warnings."""
    tables: list[PlanTable] = []
    warnings: list[tuple[str, str, Optional[int]]] = []
    current: Optional[PlanTable] = None
    assembler: Optional[Assembler] = None
    current_roles: list[Optional[str]] = []
    current_xs: list[float] = []
    current_strategy = ""
    for page in pages:
        found_tables = sorted(page.tables, key=lambda t: (t.bbox[1], t.bbox[0]))
        if not found_tables and current is not None and current_strategy == "text":
            # A borderless table whose header is not repeated: its columns carry on from above.
            continued = borderless.find_continued(page.words, current_xs, current_roles)
            found_tables = [continued] if continued else []
        for found in found_tables:
            grid = build_grid(found, page)
            if grid is None:
                continue
            count, numbering = header_rows(grid)
            roles = column_roles(grid, count, frozenset(numbering)) if count else []
            if count and is_plan_table(roles):
                # The same columns under a repeated header continue the table (a borderless
                # table's column edges move a little from page to page, so roles decide).
                if current is None or roles != current_roles:
                    current = PlanTable(roles=[r or "" for r in roles], rows=[], pages=[],
                                        header=[c.text for c in grid.cells if c.r0 < count],
                                        grid=grid_kind(roles))
                    assembler = Assembler(has_area_column="area" in roles)
                    tables.append(current)
                    for text in unknown_columns(grid, count, roles):
                        warnings.append(("column_unknown", f"plan table column {text!r} has no role in "
                                         "vocab/columns.yaml; its text is not read", page.number))
                current_roles, current_xs, current_strategy = roles, grid.xs, found.strategy
            elif current is not None and same_columns(grid.xs, current_xs):
                roles, count = current_roles, 0  # a page of the table without its header repeated
            else:
                continue
            role_set = {r for r in roles if r}
            for raw in rows_of(grid, roles, count):
                assembler.add(raw, role_set)
            current.rows = assembler.rows
            if page.number not in current.pages:
                current.pages.append(page.number)
    return tables, warnings


def unknown_columns(grid: Grid, header_count: int, roles: list[Optional[str]]) -> list[str]:
    """Header texts of the columns that got no role (candidates for the vocabulary)."""
    out = []
    for col, role in enumerate(roles):
        cells = [grid.cell_at(row, col) for row in range(header_count)]
        text = next((c.text for c in reversed(cells) if c is not None and c.text), "")
        if not role and text and text not in out:
            out.append(text)
    return out


def grid_kind(roles: list[Optional[str]]) -> Optional[str]:
    if any(r and r.startswith("month:") for r in roles):
        return "months"
    if any(r and r.startswith("quarter:") for r in roles):
        return "quarters"
    return None


def run(state: Extraction) -> Extraction:
    tables, warnings = read(state.pages)
    state.tables = tables
    for code, message, page in warnings:
        state.warn(code, message, page)
    return state
