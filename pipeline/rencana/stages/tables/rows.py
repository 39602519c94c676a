"""Grid rows to raw rows: banners set the area, rows sharing their key cells are one row, and a
row or merged cell cut by a page break is recognised as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rencana.core.roles import Role
from rencana.core.text import join_lines
from rencana.core.types import BBox
from rencana.stages.schedule import is_mark
from rencana.stages.tables.grid import Cell, Grid
from rencana.stages.tables.headers import column_vocab, is_total_label, schedule_bound

SUB_LEVELS = (Role.LEVEL_1, Role.LEVEL_2, Role.LEVEL_3, Role.LEVEL_4)
# Roles whose text names the row and goes on to the rows below when their cell is left blank.
KEY_ROLES = (Role.AREA_NUMBER, Role.AREA, Role.ACTIVITY_NUMBER, Role.ACTIVITY, *SUB_LEVELS)
CARRIED_AT_PAGE_TOP = (Role.INDICATOR, Role.TARGET, Role.PIC, Role.UNIT, Role.BUDGET, Role.NOTE)
TEXT_ROLES = (
    Role.STACKED,
    Role.AREA,
    Role.ACTIVITY,
    *SUB_LEVELS,
    Role.INDICATOR,
    Role.SCHEDULE,
    Role.TARGET,
    Role.PIC,
    Role.UNIT,
    Role.BUDGET,
    Role.NOTE,
)

_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}


@lru_cache(maxsize=1)
def banner_number_pattern() -> re.Pattern[str]:
    """ "2. Text", "II Text", "Misi 2: Text": an optional label (vocab banner_labels), a number."""
    labels = "|".join(
        re.escape(w).replace("\\ ", r"\s+")
        for w in sorted(column_vocab().banner_labels, key=len, reverse=True)
    )
    label = rf"(?:(?:{labels})\s+)?" if labels else ""
    return re.compile(
        rf"^\s*{label}(\d{{1,2}}|[IVXivx]{{1,4}}|[A-Ha-h])\s*[.):]?\s+(\S.*)$", re.S | re.I
    )


# ---------------------------------------------------------------- rows


@dataclass
class RawRow:
    """One logical row on one page, before page splits and inheritance are resolved."""

    page: int
    cells: dict[Role, str]
    cell_ids: dict[Role, tuple]  # role → (page, bbox) of the cell it came from: a stable identity
    months: list[int]
    quarters: dict[int, str]
    bbox: BBox
    banner: Optional[tuple[Optional[int], str]] = None
    # The banner's number as printed ("I" in the number column, "6." or "4.1" opening its text),
    # and whether the banner stands right of an empty number column (a heading set in the level
    # columns, as "6. Sarana dan Prasarana" under "I | PENDIDIKAN").
    banner_label: str = ""
    banner_indented: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # header → text of a column with no role
    first_on_page: bool = False
    last_on_page: bool = False
    # Where each role's cell sits, for rejoining cells split by a page break:
    to_bottom: set[Role] = field(default_factory=set)  # reaches the table's bottom edge on its page
    from_top: set[Role] = field(default_factory=set)  # starts at the first body row of its page
    filled: set[Role] = field(default_factory=set)  # its text reaches its bottom edge (Cell.filled)
    # headers of the columns kept by header whose cell reaches the table's bottom edge, filled
    extra_filled: set[str] = field(default_factory=set)
    merged: set[Role] = field(default_factory=set)  # spans more than this logical row
    grid_texts: list[str] = field(default_factory=list)  # month-cell texts that are not marks
    bold: set[Role] = field(default_factory=set)  # roles whose cell text is set in bold type
    shaded: bool = False  # its months are marked by shading alone (no tick printed)
    shaded_in_part: list[int] = field(default_factory=list)  # months a fill covers in part only
    # A page's last row shaped as an unmerged banner that nothing on its page tells from a
    # parent row cut by the break: (number, text, label); the next page's first row tells.
    banner_if_followed: Optional[tuple[int, str, str]] = None


def list_kind(number: str) -> str:
    """The kind of list a printed item number belongs to: digits, small or capital letters
    (roman numerals among them). A column may hold lists of several kinds, one inside another
    ("1. Rasio", "a. Diploma", "b. Sarjana", "2. Proses"): each counts on its own."""
    token = (number or "").strip()
    if token[:1].isdigit():
        return "digits"
    return "small" if token[:1].islower() else "capital"


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


def printed_number(label: str, number: Optional[int]) -> str:
    """An area's number as printed ('C', 'II', '3.') where its label reads as ``number``, else
    the number's digits; '' for none. A level's number is as printed, so a letter OCR set in
    the other case than its neighbours' ('g' for 'C') stays one for the checks of letters. Pure."""
    if number is None:
        return ""
    printed = (label or "").strip()
    return printed if printed and area_number_of(printed) == number else str(number)


def unread_number(label: str) -> bool:
    """A number column's text that OCR made no number of ('il' for "II", 'U', '|'): no digit in
    it (a dotted "4.1" is a heading's number) and no number read. Pure."""
    token = (label or "").strip()
    return bool(token) and area_number_of(token) is None and not any(c.isdigit() for c in token)


def banner_of(
    grid: Grid, row: int, roles: list[Optional[Role]], like: Optional[str] = None
) -> Optional[tuple[Optional[int], str]]:
    """An area banner: one cell spanning the text columns (activity and indicator, or most of the row)."""
    found = labelled_banner(grid, row, roles, like)
    return (found[0], found[1]) if found else None


NUMBER_ROLES = (Role.NUMBER, Role.AREA_NUMBER)
# The number a banner's text opens with: "6.", "4.1", "II", "B." (no lone letter without its stop).
BANNER_LABEL = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.?|[A-Ha-h][.)])\s+(?=\S)")


def labelled_banner(
    grid: Grid, row: int, roles: list[Optional[Role]], like: Optional[str] = None
) -> Optional[tuple[Optional[int], str, str, bool]]:
    """A banner (``banner_of``) with its number as printed, in the number column or opening the
    text ("4.1 Layanan Kegiatan Mahasiswa" keeps its text whole, the number being no area's),
    and whether it is indented: its cell starts right of a number column holding no number
    begun on its row (a merged 'IV' begun above is the banner's above)."""
    starting = [c for c in grid.cells if c.r0 <= row < c.r1]
    text_cols = banner_text_columns(roles)
    wide = [
        c
        for c in starting
        if c.text
        and c.c1 - c.c0 >= 2
        and (
            len([i for i in text_cols if c.c0 <= i < c.c1]) >= 2
            # a table with one text column: a cell over it and most of the row
            or (
                len(text_cols) == 1 and c.c0 <= text_cols[0] < c.c1 and c.c1 - c.c0 > len(roles) / 2
            )
        )
    ]
    if not wide:
        unmerged = unmerged_banner(grid, row, roles, text_cols, like)
        if unmerged is None:
            return None
        labels = number_labels(grid, row, roles)
        return (*unmerged, labels[0] if labels else "", False)
    spanning = wide[0]
    others = [c for c in starting if c is not spanning and c.text]
    if any(roles[c.c0] not in (Role.NUMBER, None) for c in others):
        return None
    number_text = " ".join(c.tight_text for c in others)
    text = spanning.text
    number = area_number_of(number_text) if number_text else None
    # a number opening the text is the banner's own (the number column's may be a merged cell's)
    printed = BANNER_LABEL.match(text)
    label = printed.group(1) if printed else number_text
    if number is None:
        match = banner_number_pattern().match(text)
        if match and area_number_of(match.group(1)) is not None:
            number, text = area_number_of(match.group(1)), match.group(2).strip()
    number_cols = [i for i, r in enumerate(roles) if r in (Role.NUMBER, Role.AREA_NUMBER)]
    indented = bool(number_cols) and number_cols[0] < spanning.c0
    indented = indented and not any(c.r0 == row and roles[c.c0] in NUMBER_ROLES for c in others)
    return number, text, label, indented


def label_style(text: str) -> str:
    """How a number label is written: 'arabic.', 'roman', 'letter)' …"""
    token = (text or "").strip()
    core = token.rstrip(".):")
    if core.isdigit():
        kind = "arabic"
    elif core.lower() in _ROMAN:
        kind = "roman"
    elif len(core) == 1 and core.isalpha():
        kind = "letter"
    else:
        kind = "other"
    return kind + token[len(core) :]


def label_kind(text: str) -> str:
    """A number label's kind without its stop: 'arabic', 'roman', 'letter', 'other' ("4.1"), ''."""
    return re.sub(r"[^a-z]", "", label_style(text)) if (text or "").strip() else ""


def unmerged_banner(
    grid: Grid,
    row: int,
    roles: list[Optional[Role]],
    text_cols: list[int],
    like: Optional[str] = None,
    shape_only: bool = False,
) -> Optional[tuple[Optional[int], str]]:
    """An area banner whose text stays in the first hierarchy column ('A | Penguatan
    Akuntabilitas' and every other cell empty) in a scheduled table: the row holds an area
    number and that text alone, no schedule, and the row below fills that column itself (a
    parent row's text would be left blank or merged below it). Over an area column it is the
    level above the areas, as a merged banner is. On the page's last row, where the row below
    is not there to tell, its number must be written as the banners' above on the page
    (``like``, their number label: '3.' above, '4.' here), or, the first on its page, the row
    shaded across, its text cell too (a banner highlighted, as no plan row is). A table without
    a schedule (an IKU's Sasaran | Indikator under Tujuan banners) shows it by a text column left
    empty beside it, its rows each filling the leaf; with one text column, by its bold or
    shaded text. With ``shape_only``, the page's last row is taken on its shape alone, for the
    next page's first row to tell (``last_row_banner``)."""
    scheduled = any(r is Role.SCHEDULE or (r and r.is_grid) for r in roles)
    if not text_cols:
        return None
    last = row + 2 >= len(grid.ys)
    first = text_cols[0]
    filled = {id(c): c for c in grid.cells if c.r0 <= row < c.r1 and c.text}.values()
    texts = [c for c in filled if c.c0 == first and c.c1 == first + 1]
    numbers = [c for c in filled if roles[c.c0] in (Role.NUMBER, Role.AREA_NUMBER)]
    if len(texts) == 1 and not numbers and len(filled) == 1:
        return lost_number_banner(grid, row, roles, texts[0], scheduled, last)
    if len(texts) != 1 or len(numbers) != 1 or len(filled) != 2:
        return None
    text_cell, number_cell = texts[0], numbers[0]
    if not scheduled and len(text_cols) < 2 and not (text_cell.bold or text_cell.shaded):
        return None  # one text column, no schedule: a record holds no more than this
    number = area_number_of(number_cell.tight_text)
    # A number OCR made no number of ('il' for "II") leaves the banner's shape: a banner still,
    # its number unread (the quality stage flags it).
    if number is None and not unread_number(number_cell.tight_text):
        return None
    if text_cell.r0 != row or text_cell.r1 != row + 1:
        return None
    shaded_grid = any(
        c.shaded for c in grid.cells if c.r0 <= row < c.r1 and (r := roles[c.c0]) and r.is_grid
    )
    if shaded_grid and not text_cell.shaded:  # its months are marked by shading: a plan row
        return None
    if last and shape_only:  # the next page's first row tells (``last_row_banner``)
        return number, text_cell.text
    if last and like is None:
        highlighted = all(c.shaded for c in grid.cells if c.r0 <= row < c.r1)
        return (number, text_cell.text) if highlighted else None
    if last:
        return (number, text_cell.text) if label_style(number_cell.tight_text) == like else None
    below = grid.cell_at(row + 1, first)
    if below is None or below is text_cell or not below.text:
        return None
    return number, text_cell.text


def lost_number_banner(
    grid: Grid,
    row: int,
    roles: list[Optional[Role]],
    text_cell: Cell,
    scheduled: bool,
    last: bool,
) -> Optional[tuple[Optional[int], str]]:
    """An OCR'd row holding its first text column's text alone, a capital first, in a scheduled
    table whose rows print their numbers, over a row that fills that column itself: an area
    banner whose number OCR lost outright (a bold 'III' at 200 dpi read as nothing: fuzz scan
    seed 232), not a plan row, which numbers itself and holds a schedule or a value. Its
    number stays unread: the quality stage flags the area left without one. Not the page's
    last row (a row's rest cut by a page break looks the same with nothing below to tell)."""
    if not (scheduled and text_cell.ink_boxed) or last or text_cell.r1 != row + 1:
        return None
    if text_cell.r0 != row or not text_cell.text[:1].isupper():
        return None
    number_cols = {i for i, r in enumerate(roles) if r in NUMBER_ROLES}
    numbered = {c.r0 for c in grid.cells if c.c0 in number_cols and c.text and c.r0 != row}
    if len(numbered) < 2:  # the table does not print its rows' numbers
        return None
    below = grid.cell_at(row + 1, text_cell.c0)
    if below is None or below is text_cell or not below.text:
        return None
    return None, text_cell.text


def last_row_banner(
    grid: Grid, row: int, roles: list[Optional[Role]]
) -> Optional[tuple[int, str, str]]:
    """The page's last row shaped as an unmerged banner (``unmerged_banner``) with no banner above
    it on the page to compare its number with: (number, text, label as printed). Whether it is
    one, the next page's first row tells (``Assembler``)."""
    if row + 2 < len(grid.ys):
        return None
    text_cols = banner_text_columns(roles)
    shape = unmerged_banner(grid, row, roles, text_cols, shape_only=True)
    if shape is None or shape[0] is None:
        return None
    labels = number_labels(grid, row, roles)
    return shape[0], shape[1], labels[0] if labels else ""


def banner_text_columns(roles: list[Optional[Role]]) -> list[int]:
    """The columns a banner's text spans or stands in: the levels and the leaf."""
    return [
        i
        for i, r in enumerate(roles)
        if r in (Role.ACTIVITY, Role.INDICATOR, Role.AREA, Role.STACKED) or (r and r.is_sub_level)
    ]


def number_labels(grid: Grid, row: int, roles: list[Optional[Role]]) -> list[str]:
    """The number column's texts on a row, as printed."""
    return [
        c.tight_text
        for c in grid.cells
        if c.r0 <= row < c.r1 and c.text and roles[c.c0] in (Role.NUMBER, Role.AREA_NUMBER)
    ]


def rows_of(
    grid: Grid, roles: list[Optional[Role]], header_count: int, headers: Optional[list[str]] = None
) -> list[RawRow]:
    """Logical rows of one page's table, banners included. ``headers`` (per column) name the
    columns without a role, whose text the rows keep as extra."""
    # Grid rows that share their number, activity and indicator cells are one logical row (another
    # column, e.g. two PICs, may be split); a cell merged over several activities is not.
    identity_cols = [
        i
        for i, r in enumerate(roles)
        if r in (Role.NUMBER, Role.ACTIVITY, Role.INDICATOR, Role.STACKED)
    ]
    groups: list[list[int]] = []
    banners: dict[int, tuple[Optional[int], str, str, bool]] = {}
    last_identity = None
    like: Optional[str] = None  # the number label of the banners above on this page
    for row in range(header_count, len(grid.ys) - 1):
        if is_spacer(grid, row):
            last_identity = None
            continue
        banner = labelled_banner(grid, row, roles, like)
        if banner:
            banners[row] = banner
            labels = number_labels(grid, row, roles)
            like = label_style(labels[0]) if len(labels) == 1 else None
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
            out.append(
                RawRow(
                    page=grid.page,
                    cells={},
                    cell_ids={},
                    months=[],
                    quarters={},
                    bbox=bbox,
                    banner=banners[group[0]][:2],
                    banner_label=banners[group[0]][2],
                    banner_indented=banners[group[0]][3],
                )
            )
            continue
        cells: dict[Role, str] = {}
        ids: dict[Role, tuple] = {}
        months: set[int] = set()
        shaded_months: set[int] = set()
        in_part: set[int] = set()
        # a highlighted row (a banner drawn as a row) shades its text cells too
        text_cells_shaded = any(
            c.shaded
            for col, role in enumerate(roles)
            if role in (Role.ACTIVITY, Role.INDICATOR)
            for c in _cells_in(grid, group, col)
        )
        quarters: dict[int, str] = {}
        place: dict[str, set[Role]] = {
            "to_bottom": set(),
            "from_top": set(),
            "filled": set(),
            "merged": set(),
        }
        extra: dict[str, str] = {}
        extra_filled: set[str] = set()
        grid_texts: list[str] = []
        bold: set[Role] = set()
        cells_by_role: dict[Role, list[Cell]] = {}
        # Month cells are marked by a tick or by shading; a row whose ticks are printed, or whose
        # text cells are shaded as well (a highlighted row), is not scheduled by its shading.
        for col, role in enumerate(roles):
            if not role or role is Role.DUPLICATE:
                header = headers[col] if headers and col < len(headers) else ""
                own = [c for c in _cells_in(grid, group, col) if c.c0 == col]
                texts = [c.text for c in own if c.text]  # a cell spanning columns is read once
                if header and texts:
                    extra[header] = join_lines([extra.get(header, ""), *texts])
                    if own[-1].r1 == len(grid.ys) - 1 and own[-1].filled:
                        extra_filled.add(header)
                continue
            seen_cells = _cells_in(grid, group, col)
            if role.is_grid:  # a banner's text spanning the grid is not a mark or target
                seen_cells = [c for c in seen_cells if (r := roles[c.c0]) is not None and r.is_grid]
            cells_by_role.setdefault(role, []).extend(seen_cells)
            if seen_cells and not role.is_grid:
                first, last = seen_cells[0], seen_cells[-1]
                if last.r1 == len(grid.ys) - 1:
                    place["to_bottom"].add(role)
                if first.r0 == header_count:
                    place["from_top"].add(role)
                if last.filled:
                    place["filled"].add(role)
                if first.r0 < group[0] or last.r1 > group[-1] + 1:
                    place["merged"].add(role)
            if role.is_month:
                grid_texts += [c.text for c in seen_cells if c.text and not is_mark(c.text)]
                if any(is_mark(c.text) for c in seen_cells):
                    months.add(role.period_number)
                elif any(c.shaded for c in seen_cells):
                    shaded_months.add(role.period_number)
                elif any(grid.partly_shaded(c) for c in seen_cells):
                    in_part.add(role.period_number)
                continue
            if role.is_semester:
                # a half's mark or target schedules its six months; the records have no field
                # per half, so what it holds is kept by its header (extra)
                value = " ".join(c.text for c in seen_cells if c.text)
                header = headers[col] if headers and col < len(headers) else ""
                if value and header:
                    extra[header] = value
                if is_mark(value):
                    months.update(role.period_months)
                elif value:
                    grid_texts.append(value)
                elif any(c.shaded for c in seen_cells):
                    shaded_months.update(role.period_months)
                continue
            if role.is_quarter:
                shaded = any(c.shaded for c in seen_cells) and not text_cells_shaded
                value = " ".join(c.text for c in seen_cells if c.text) or ("■" if shaded else "")
                value = re.sub(r"(\d)\s+%", r"\1%", value)  # "100" over "%" in a narrow cell
                if value:
                    quarters[role.period_number] = value
                continue
            tight = role in column_vocab().tight_roles
            text = (
                join_lines([c.tight_text for c in seen_cells])
                if tight
                else join_lines([c.text for c in seen_cells])
            )
            if role in cells:  # one logical column drawn as two grid columns
                if role == Role.SCHEDULE and headers and schedule_bound(headers[col]) == "end":
                    cells[role] = schedule_range(cells[role], text)
                elif text and text != cells[role]:
                    cells[role] = join_lines([cells[role], text])
                continue
            cells[role] = text
            if seen_cells:
                ids[role] = (grid.page, seen_cells[0].bbox)
            if any(c.bold for c in seen_cells if c.text):
                bold.add(role)
        by_shading = not months and not text_cells_shaded and bool(shaded_months)
        raw = RawRow(
            page=grid.page,
            cells=cells,
            cell_ids=ids,
            months=sorted(months or (shaded_months if by_shading else set())),
            quarters=quarters,
            bbox=bbox,
            extra=extra,
            to_bottom=place["to_bottom"],
            from_top=place["from_top"],
            filled=place["filled"],
            extra_filled=extra_filled,
            merged=place["merged"],
            grid_texts=grid_texts,
            bold=bold,
            shaded=by_shading,
            shaded_in_part=sorted(in_part),
        )
        if is_total_row(raw):
            continue
        out.extend(paragraph_rows(raw, cells_by_role))
    for raw_row in out:
        if not raw_row.banner:
            raw_row.first_on_page = True
            break
    if out and not out[-1].banner:
        out[-1].last_on_page = True
        row = groups[-1][0]
        if like is None and len(groups[-1]) == 1 and out[-1].bbox[1] == grid.ys[row]:
            out[-1].banner_if_followed = last_row_banner(grid, row, roles)
    return out


# Any figure a total row sums ("495.175.000", "Rp 1.200.000", "100%", "12"): a total sums counts
# and percentages too, where a budget column holds rupiah only (content.is_amount).
AMOUNT = re.compile(r"(?:Rp\.?\s*)?[\d.,]+\s*%?")
# A break inside an amount that a narrow cell wrapped after a separator ("1." over "172.150.000").
WRAPPED_AMOUNT = re.compile(r"(?<=[.,])\s+(?=\d)")


def totals_only(texts: Sequence[str]) -> bool:
    """Texts that are a total's label(s) and the amounts it sums, nothing else (an amount a
    narrow cell wrapped after a separator is one). Pure."""
    labels = [t for t in texts if not AMOUNT.fullmatch(WRAPPED_AMOUNT.sub("", t.strip()))]
    return bool(labels) and all(map(is_total_label, labels))


def is_total_row(raw: RawRow) -> bool:
    """A row whose only words are a total's label (beside the amounts it sums), wherever the
    label sits: without column rulings "JUMLAH" centred over the columns left of the amounts
    falls in whichever column holds its middle (a unit's, a month's). Nothing scheduled. The
    parents' cells merged over it are not its own (without rulings a parent's cell runs down to
    the next parent's, over the subtotal closing its group)."""
    own = [t for role, t in raw.cells.items() if role not in raw.merged]
    texts = [t for t in (*own, *raw.grid_texts, *raw.extra.values()) if t]
    return totals_only(texts) and not raw.months and not any(map(is_mark, raw.quarters.values()))


def is_spacer(grid: Grid, row: int) -> bool:
    """An empty row kept between groups of rows (an office's spacer): every cell on it is its
    own, unshaded and empty, or merged over it from a row above. At a page's top or foot too: the part of a row cut by the break
    that holds no text in any cell (none merged) reads as nothing either way."""
    cells = [grid.cell_at(row, col) for col in range(len(grid.xs) - 1)]
    if any(c is None for c in cells):
        return False
    own = [c for c in cells if c is not None and c.r0 == row]
    # A ruled row under cells merged from above (a jenis and its definition over an empty row,
    # SPM p53) whose own cells are all empty holds nothing either: no row of its own.
    return bool(own) and all(c.r1 == row + 1 and not c.text and not c.shaded for c in own)


# Value columns whose paragraphs, lined up with the indicator's, show rows drawn without rulings.
PARAGRAPH_VALUE_ROLES = (Role.TARGET, Role.PIC, Role.UNIT, Role.SCHEDULE, Role.BUDGET)


def paragraph_rows(raw: RawRow, cells_by_role: dict[Role, list[Cell]]) -> list[RawRow]:
    """One row per indicator paragraph where the table left out the rulings between its rows.

    A Perjanjian Kinerja lists four indicators in one ruled cell, a blank line apart, with their
    four targets beside them; a ruling missing under one row leaves two IKU in one cell while
    the PIC column keeps its two cells. The rows are there when the indicator cell holds k
    paragraphs and a value column (target, PIC, unit, schedule, budget) holds k paragraphs (or
    cells), each starting beside its indicator paragraph. One indicator of several paragraphs
    has no such values beside each and stays one row. A key cell (the sasaran over them) goes
    with every part, unless its own lines break where the rows do, each part opening a phrase.
    Grid tables are left whole (their marks have no paragraphs)."""
    leaf = cells_by_role.get(Role.INDICATOR, [])
    if len(leaf) != 1 or raw.months or raw.quarters:
        return [raw]
    parts = leaf[0].paragraphs()
    if len(parts) < 2 and leaf[0].ink_boxed:
        parts = _parts_at_value_breaks(leaf[0], cells_by_role)
    if len(parts) < 2:
        return [raw]
    tops = [top for top, _, _ in parts]
    height = min(bottom - top for top, bottom in leaf[0].line_spans)
    tolerance = 0.5 * height

    def band(top: float) -> int:
        return (
            max(i for i, start in enumerate(tops) if top >= start - tolerance)
            if top >= tops[0] - tolerance
            else -1
        )

    split: dict[Role, list[str]] = {Role.INDICATOR: [join_lines(lines) for _, _, lines in parts]}
    for role in PARAGRAPH_VALUE_ROLES:
        pieces = [p for cell in cells_by_role.get(role, []) for p in cell.paragraphs()]
        if len(pieces) == len(parts) and [band(top) for top, _, _ in pieces] == list(
            range(len(parts))
        ):
            split[role] = [join_lines(lines) for _, _, lines in pieces]
    if len(split) == 1:
        return [raw]
    for role in (*KEY_ROLES, Role.STACKED):
        key_cells = cells_by_role.get(role, [])
        if len(key_cells) == 1 and (texts := _split_at(key_cells[0], band, len(parts))):
            split[role] = texts
        elif role == Role.STACKED and len(key_cells) == 1:
            # The level is the first row's; the rows under it are more of its indicators, as
            # a stacked column's blank cell says (the same level twice would be two levels).
            split[role] = [key_cells[0].text, *[""] * (len(parts) - 1)]
    # Each row runs from just above its paragraph to just above the next one.
    edges = [raw.bbox[1], *(top - tolerance for top in tops[1:]), raw.bbox[3]]
    last = len(tops) - 1
    return [
        RawRow(
            page=raw.page,
            cells={**raw.cells, **{role: texts[i] for role, texts in split.items()}},
            cell_ids={r: (*v, i) if r in split else v for r, v in raw.cell_ids.items()},
            months=[],
            quarters={},
            bbox=(raw.bbox[0], edges[i], raw.bbox[2], edges[i + 1]),
            extra=dict(raw.extra),
            to_bottom=raw.to_bottom if i == last else set(),
            from_top=raw.from_top if i == 0 else set(),
            filled=raw.filled if i == last else set(),
            extra_filled=raw.extra_filled if i == last else set(),
            merged=raw.merged,
            bold=raw.bold,
        )
        for i in range(len(tops))
    ]


# Leading above a line, over the cell's usual line pitch, in line heights, that shows a row's
# edge: OCR'd lines of one paragraph pitch within 0.1 heights of each other (Tangsel's
# realisation table at 200 dpi), rows drawn without a ruling 0.35 and more apart.
WIDE_LEADING = 0.2


def _parts_at_value_breaks(
    cell: Cell, cells_by_role: dict[Role, list[Cell]]
) -> list[tuple[float, float, list[str]]]:
    """An OCR'd indicator cell cut where a value column's paragraphs start, when each of them
    starts level with one of its lines whose leading above is wider than the cell's usual pitch:
    rows drawn without rulings whose blank line OCR's ink boxes measure under OCR_PARAGRAPH_GAP
    (a ruled table whose rulings between some rows are white). Else no parts."""
    spans = cell.line_spans
    if len(spans) < 3:
        return []
    pitches = [below[0] - above[0] for above, below in zip(spans, spans[1:])]
    usual = sorted(pitches)[len(pitches) // 2]
    height = max(bottom - top for top, bottom in spans)
    wide = [spans[i + 1][0] for i, p in enumerate(pitches) if p > usual + WIDE_LEADING * height]
    tolerance = 0.5 * height
    for role in PARAGRAPH_VALUE_ROLES:
        starts = [top for c in cells_by_role.get(role, []) for top, _, _ in c.paragraphs()]
        if len(starts) < 2 or abs(starts[0] - spans[0][0]) > tolerance:
            continue
        cuts = [
            next((t for t in wide if abs(t - start) <= tolerance), None) for start in starts[1:]
        ]
        if all(t is not None for t in cuts):
            return cell.paragraphs_at([t for t in cuts if t is not None])
    return []


def _split_at(cell: Cell, band: Callable[[float], int], count: int) -> Optional[list[str]]:
    """A key cell's lines cut where the rows are, when every part opens a phrase and none reads
    on from the part above; else None (the cell goes whole with every row)."""
    groups: list[list[str]] = [[] for _ in range(count)]
    for line, (top, _) in zip(cell.lines, cell.line_spans):
        index = band(top)
        if index < 0:
            return None
        groups[index].append(line)
    if any(not g for g in groups):
        return None
    texts = [join_lines(g) for g in groups]
    for before, text in zip(texts, texts[1:]):
        if reads_on(before, text) or not can_open_phrase(text.split()[0]):
            return None
    return texts


def _cells_in(grid: Grid, group: list[int], col: int) -> list[Cell]:
    """The distinct cells of one column over a group of grid rows, top-down."""
    out: list[Cell] = []
    for row in group:
        cell = grid.cell_at(row, col)
        if cell is not None and cell not in out:
            out.append(cell)
    return out


# ---------------------------------------------------------------- assembling the plan table


def schedule_range(start: str, end: str) -> str:
    """A schedule from its start and end columns: "Januari s.d. Maret", or the one of them
    printed (both the same, one month). Pure."""
    if start and end and start != end:
        return f"{start} s.d. {end}"
    return start or end


def has_schedule(roles: set[Role]) -> bool:
    """A schedule column or a month or quarter grid: the leaf every row of the plan fills."""
    return Role.SCHEDULE in roles or any(r.is_grid for r in roles)


def _leaf_empty(row: RawRow, roles: set[Role]) -> bool:
    fragments_only = all(QUARTER_FRAGMENT.match(v) for v in row.quarters.values())
    return (
        has_schedule(roles)
        and not row.cells.get(Role.SCHEDULE)
        and not row.months
        and fragments_only
    )


# What a quarter cell cut by a page break leaves on the next page: a unit sign, no value ("100" | "%").
QUARTER_FRAGMENT = re.compile(r"^[\s%.,]*$")


def cut_by_page_break(role: str, above: Optional[RawRow]) -> bool:
    """Whether the previous page's last row had this role's cell cut by the break: the cell
    reaches the table's bottom edge and its text reaches the cell's bottom (no room for a line)."""
    return (
        above is not None
        and above.last_on_page
        and role in above.to_bottom
        and role in above.filled
    )


def is_continuation(
    row: RawRow,
    roles: set[Role],
    above: Optional[RawRow] = None,
    backfilled: frozenset[Role] = frozenset(),
) -> bool:
    """The rest of a row split by a page break, judged from the table's structure and geometry.

    Structure: at the top of a page, a row without a number whose leaf (schedule, grid marks) is
    empty next to some text: a complete row has its leaf filled. Geometry: every cell that goes on
    here (indicator, PIC …) was cut at the bottom of the previous page. A new row whose schedule is
    really empty has cells above it that ended with room to spare, so it stays a row of its own.
    Key cells (area, activity) may be merged over several rows and are judged on their own. A
    number that belongs to a merged cell begun on the previous page (``backfilled``) is not the
    row's own. A month cell's shading is printed on both parts of a row the break cuts (a tick
    only on one): months shaded as the row above's are no schedule of the row's own, but then,
    as where no schedule tells a new row, its text must read on from the cell above."""
    own_number = row.cells.get(Role.NUMBER) and Role.NUMBER not in backfilled
    if above is None or not row.first_on_page or own_number:
        return False
    no_own_schedule = _values_empty(row, roles, above) or shaded_as_above(row, above)
    schedule_split = not no_own_schedule and _schedule_split(row, above)
    split = schedule_split or (not no_own_schedule and _values_split(row, roles, above))
    if not (no_own_schedule or split or _leaf_empty(row, roles)):
        return False
    texts = [r for r in TEXT_ROLES if row.cells.get(r)]
    if not texts:
        # only a column kept by its header goes on, reading on from above (a definition cut by
        # the break: 'proposal, hasil dan Iuran penelitan' under nothing else)
        return no_own_schedule and any(row.extra.values())
    going_on = [r for r in texts if r not in KEY_ROLES]
    if split:
        # the row was cut (``_values_split``), though a cell beside the one that set its
        # height may end with room to spare: its text must read on all the same (a value the
        # part above left empty is printed here alone). Where its schedule reads on over the
        # break ('Oktober' + 'hingga Desember'), a cell its text filled to the foot goes on
        # too, however it opens (a PIC's 'Kasubbag' + 'Perencanaan, Data dan Informasi').
        going_on = [r for r in going_on if r not in VALUE_ROLES or above.cells.get(r)]
        return bool(going_on) and all(
            r in above.to_bottom
            and (
                reads_on(above.cells.get(r, ""), row.cells[r])
                or (schedule_split and cut_by_page_break(r, above))
            )
            for r in going_on
        )
    cut = [r for r in going_on if cut_by_page_break(r, above)]
    # A cell beside one the break cut may have ended with room to spare (the other set the row's
    # height, 'Inspektur Pembantu Wilayah I dan' beside '… elektronik untuk', or a parent's
    # cell): it goes on where it reaches the table's bottom edge too and its text reads on
    # ('penerangan gedung kantor').
    row_cut = any(cut_by_page_break(r, above) for r in above.filled)
    # A row that names nothing (no level, no indicator) and schedules nothing holds no record of
    # its own: its texts are the rest of the row above, where the break cut that row whatever
    # case they open in ('… dasar ASN' + 'BerAKHLAK dan budaya kerja'), and where they read on
    # even if no cell there reached its foot (a browser keeps a paragraph's last lines together:
    # '… aplikasi E-Lapkin' ends two lines short of the break, 'oleh masing-masing pegawai').
    rest_only = not any(row.cells.get(r) for r in (*KEY_ROLES, Role.INDICATOR)) and _leaf_empty(
        row, roles
    )
    return (not going_on or row_cut or rest_only) and all(
        (
            r in cut
            or (
                r in above.to_bottom
                and ((rest_only and row_cut) or reads_on(above.cells.get(r, ""), row.cells[r]))
            )
        )
        # without a schedule to tell a new row, its text must read on from the cell above too
        and (not no_own_schedule or reads_on(above.cells.get(r, ""), row.cells[r]))
        for r in going_on
    )


def _schedule_split(row: RawRow, above: RawRow) -> bool:
    """A schedule cell the break cut: its text above reached the cell's foot ('Oktober') and
    the part here reads on from it ('hingga Desember'): the row was cut (``is_continuation``)."""
    before, text = above.cells.get(Role.SCHEDULE, ""), row.cells.get(Role.SCHEDULE, "")
    return (
        bool(before and text)
        and cut_by_page_break(Role.SCHEDULE, above)
        and reads_on(before, text, names=False)
    )


def shaded_as_above(row: RawRow, above: RawRow) -> bool:
    """The row's months are shaded, no more and no fewer than the row's above (on the page
    before), and nothing else in the grid: the shading of one row's cells, cut by the break."""
    return (
        row.shaded
        and above.shaded
        and row.months == above.months
        and not row.cells.get(Role.SCHEDULE)
        and not row.grid_texts
        and not row.quarters
    )


# What a row measures in a table without a schedule (IKU, Renstra, SPM): the leaf that a complete
# row fills.
VALUE_ROLES = (Role.TARGET, Role.UNIT, Role.BUDGET)


def _values_empty(row: RawRow, roles: set[Role], above: RawRow) -> bool:
    """In a table without a schedule, a row with none of its values (target, unit, budget)
    filled, whose columns kept by header hold nothing or the rest of the cell above (a
    definition cut by the break), never a value of their own. Where the values are all kept by
    header (an IKU's yearly targets "2022 … 2026"), its leaf is empty too: a leaf of its own under
    blank parents is a new row, unless the leaf's cell above was cut by the break (its text then
    must read on: ``is_continuation``)."""
    if has_schedule(roles) or any(row.cells.get(r) for r in VALUE_ROLES):
        return False
    own_leaf = row.cells.get(Role.INDICATOR) and not cut_by_page_break(Role.INDICATOR, above)
    if not any(r in roles for r in VALUE_ROLES) and (own_leaf or not any(above.extra.values())):
        return False
    return all(
        above.extra.get(header) and _goes_on(row, above, header)
        for header, text in row.extra.items()
        if text
    )


def _values_split(row: RawRow, roles: set[Role], above: RawRow) -> bool:
    """In a table without a schedule, a row whose values the break shared out between its two
    parts: some printed here where the part above left its cell empty, none where it did not
    ('…Menit/arsip' above the break, the targets '20 menit' … '5 menit' under it, SPM p62-63),
    and the columns kept by header that both parts print go on from above. The row above was
    cut: one of its cells reaches the table's bottom edge, its text filling it."""
    if has_schedule(roles) or not any(r in roles for r in VALUE_ROLES):
        return False
    if not (above.last_on_page and (above.filled or above.extra_filled)):
        return False
    left_out = any(row.cells.get(r) and not above.cells.get(r) for r in VALUE_ROLES) or any(
        text and not above.extra.get(header) for header, text in row.extra.items()
    )
    return (
        left_out
        and not any(row.cells.get(r) and above.cells.get(r) for r in VALUE_ROLES)
        and all(
            not above.extra.get(header) or _goes_on(row, above, header)
            for header, text in row.extra.items()
            if text
        )
    )


def _goes_on(row: RawRow, above: RawRow, header: str) -> bool:
    """A column kept by header printed on both parts: its text here reads on from there, or its
    cell there was cut by the page break (its text filling it: 'petunjuk teknis … kebutuhan' +
    'BMN', SPM p60-61)."""
    before = above.extra.get(header, "")
    cut = above.last_on_page and header in above.extra_filled
    return reads_on(before, row.extra[header]) or cut


# Raw roles whose empty cell at the bottom of a page may get its text from the next page's top.
BACKFILLED = (Role.NUMBER, Role.AREA, Role.ACTIVITY) + CARRIED_AT_PAGE_TOP


# An item's label opening a cell ("b. ", "2) ", "1.2 "): the text starts an item of its own.
ITEM_LABEL = re.compile(r"^(?:[a-z][.)]|\d{1,3}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)\s+\S")


def reads_on(before: str, text: str, names: bool = True) -> bool:
    """Whether ``text`` reads as the rest of ``before``: it starts in lower case or with
    punctuation, or ``before`` stops open (a bracket left open, a comma or hyphen, a word that
    cannot end a phrase: 'dan', 'kepada', 'melalui', 'Tingkat' …, or a frame waiting for its
    object: 'di lingkungan'; vocab/columns.yaml open_endings, open_heads and open_frames). A
    capital after an open end ("… kepada" + "Sekretaris Jenderal …") still reads on. So does a
    text set in capitals, whose case tells nothing: a capital word that cannot open a phrase goes
    on from a capital one ('… KEC KUDU, KEC' + 'WONOSALAM, KEC BARENG …')."""
    if not before or not text:
        return False
    if ITEM_LABEL.match(text):
        return False  # "b. Jumlah laporan …" after "a. …": the next item, not the rest
    if not (text[0].isupper() or text[0].isdigit()):
        return True
    if stops_open(before):
        return True
    tail = before.rstrip()
    last_word = re.sub(r"\W+$", "", tail.split()[-1])
    # Inside a capitalised name cut by the break: a capital word that cannot open a phrase goes
    # on (``names``: unless the caller knows better).
    first_word = re.sub(r"\W+$", "", text.split()[0])
    in_capitals = tail.isupper() and text.isupper()
    return (
        names
        and last_word[:1].isupper()
        and len(tail.split()) > 1
        and (first_word.istitle() or in_capitals)
        and not can_open_phrase(first_word)
    )


def stops_open(text: str, marks: bool = True) -> bool:
    """Whether a text stops where no phrase ends: a bracket left open, a word that cannot end a
    phrase ('dan', 'kepada', 'Tingkat' …), a frame waiting for its object ('di lingkungan') or,
    with ``marks``, a comma, colon or hyphen (vocab/columns.yaml open_endings, open_heads,
    open_frames, open_marks). A whole cell may end on a mark ("Daya tampung :" over a list)."""
    tail = text.rstrip()
    if not tail:
        return False
    if tail.count("(") > tail.count(")") or (marks and tail[-1] in column_vocab().open_marks):
        return True
    last_word = re.sub(r"\W+$", "", tail.split()[-1])
    if last_word.lower() in column_vocab().open_endings | column_vocab().open_heads:
        return True
    return " ".join(tail.lower().split()[-2:]).rstrip(".,;") in column_vocab().open_frames


def can_open_phrase(word: str) -> bool:
    """Whether a word can begin an activity or indicator (a derived noun, a verb, a listed noun)."""
    vocab = column_vocab()
    low = word.lower()
    return (
        low in vocab.head_words
        or low.endswith(vocab.head_suffixes)
        or (low.startswith(vocab.head_prefixes) and len(low) > 4)
    )
