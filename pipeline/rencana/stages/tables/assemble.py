"""Stage 4, tables: find the LAMPIRAN plan table(s) and turn them into logical rows.

Contract: ``find_on_page(page, words)`` is called by the read stage while the pdfplumber page is
open and returns ``FoundTable``s; ``read(pages)`` turns them into ``PlanTable``s; ``run`` sets
``state.tables``.

Everything works from cell geometry, never from text-line order: the grid comes from the cells'
edges, each word goes to the cell holding its centre, and a merged cell's text (vertically
centred by Word) is spread to every grid row it spans. Then:
- header rows at the top of each page's table give each column a role (vocab/columns.yaml);
- banner rows spanning the table ("1 | Manajemen Perubahan") set the area; one set in the level
  columns and numbered otherwise ("6. Sarana dan Prasarana" under "I | PENDIDIKAN") is a heading
  inside it (``TableRow.heading``);
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
- after the levels' own numbers are taken, a lettered list nests under the numbered item above
  it in its column (``nest_lettered_items``);
- a borderless table whose next page doesn't repeat its header goes on with the same columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from rapidfuzz import fuzz

from rencana.core import geometry
from rencana.core.codes import WarningCode
from rencana.core.roles import Role
from rencana.core.state import Extraction
from rencana.core.text import join_lines
from rencana.core.types import FoundTable, PageContent, PlanTable, TableRow
from rencana.stages.tables import borderless, numbered, stacked
from rencana.stages.tables.content import settle_from_content
from rencana.stages.tables.finders import outside
from rencana.stages.tables.grid import (
    Grid,
    build_grid,
    column_offset,
    column_roles,
    header_rows,
    is_plan_table,
    yearly_roles,
)
from rencana.stages.tables.headers import header_word_role, is_total_label
from rencana.stages.tables.rows import (
    BACKFILLED,
    BANNER_LABEL,
    CARRIED_AT_PAGE_TOP,
    ITEM_LABEL,
    KEY_ROLES,
    SUB_LEVELS,
    TEXT_ROLES,
    RawRow,
    cut_by_page_break,
    is_continuation,
    label_kind,
    list_kind,
    printed_number,
    reads_on,
    rows_of,
    unread_number,
)
from rencana.stages.tables.sections import heading_above, take_sections_as_areas

# The hierarchy's key roles, top-down: a new value at one level clears the levels under it.
HIERARCHY_KEYS = (Role.AREA, Role.ACTIVITY, *SUB_LEVELS)


def _unlabelled(text: str) -> str:
    """A banner's text without the number it opens with ("4.1 Layanan Keuangan")."""
    printed = BANNER_LABEL.match(text)
    return text[printed.end() :] if printed else text


class Assembler:
    """Walks the raw rows of every page in order and builds the logical rows."""

    def __init__(self, has_area_column: bool):
        self.has_area_column = has_area_column
        self.rows: list[TableRow] = []
        self.banner: Optional[tuple[Optional[int], str]] = None
        self.area_label = ""  # how the area banners number themselves ("I", "II": roman)
        self.heading: Optional[tuple[str, str]] = None  # a banner under the area's (TableRow)
        self.current: dict[Role, str] = {}
        self.carried: dict[tuple, str] = {}  # (page, cell bbox) → its text after a page-split merge
        self.above: Optional[RawRow] = None  # the last raw row added
        self.merged_roles: set[Role] = set()  # roles whose column has merged cells in this table
        # raw role → rows whose cell is an empty fragment at a page's bottom: the merged cell goes on
        # over the break and its (centred) text may sit in the next page's part.
        self.pending: dict[Role, list[TableRow]] = {}
        # A page's last row that may be a banner (``RawRow.banner_if_followed``) and its row.
        self.undecided: Optional[tuple[RawRow, TableRow]] = None

    def _field(self, role: Role) -> Role:
        """The logical row's field for a raw role (the number column numbers areas or activities)."""
        if role == Role.NUMBER:
            return Role.AREA_NUMBER if self.has_area_column else Role.ACTIVITY_NUMBER
        return role

    def add(self, raw: RawRow, roles: set[Role]) -> None:
        undecided, self.undecided = self.undecided, None
        if undecided and raw.first_on_page and self._heads_new_rows(raw, undecided[0]):
            self._make_banner(*undecided, roles)
        if raw.banner:
            number, text = raw.banner
            if self.has_area_column:  # the banner is the level above the area column
                if self._under_area(raw):
                    self.heading = (raw.banner_label, _unlabelled(text))
                else:
                    self.banner, self.area_label, self.heading = raw.banner, raw.banner_label, None
                self.current = {}
                self.pending.clear()
                self.above = None
                return
            if self._under_area(raw):
                self.heading = (raw.banner_label, _unlabelled(text))
                self.current = {
                    role: self.current[role]
                    for role in (Role.AREA_NUMBER, Role.AREA)
                    if role in self.current
                }
                self.pending.clear()
                self.above = None
                return
            # A number OCR made no number of stays as read, for the quality stage to flag: an
            # area without its number is otherwise an unnumbered banner's. A number read is
            # kept as printed ('II', 'C'), as a level's number is, for the checks of letters.
            unread = raw.banner_label if unread_number(raw.banner_label) else ""
            self.current = {
                Role.AREA_NUMBER: printed_number(raw.banner_label, number) or unread,
                Role.AREA: text,
            }
            self.area_label, self.heading = raw.banner_label, None
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
        rest_of_number = self._rest_of_number(raw, above) if raw.first_on_page else None
        if rest_of_number is not None:  # the number cell above goes on here: not the row's own
            cells[Role.NUMBER] = rest_of_number
            backfilled |= {Role.NUMBER}
        if raw.first_on_page and same_text(
            raw.cells.get(Role.NUMBER, ""), self.current.get(self._field(Role.NUMBER), "")
        ):  # the number of a parent printed again at the page's top is not the row's own
            backfilled |= {Role.NUMBER}
        if self.rows and is_continuation(raw, roles, above, backfilled):
            self._merge(self.rows[-1], raw, above)
            return
        if raw.first_on_page and self.rows:
            # a parent printed again at the page's top (a table drawn page by page) is the same
            # cell, no rest of it ('Desk & Reviu RKA 2022' twice is no text of its own)
            candidates = [
                role
                for role in HIERARCHY_KEYS
                if cells.get(role)
                and role not in backfilled
                and raw.cell_ids.get(role) not in self.carried
                and not same_text(cells[role], self.current.get(role, ""))
            ]
            going_on = [
                role
                for role in candidates
                if self._continues_key_cell(role, cells[role], raw, above, backfilled)
            ]
            under = [*going_on, *self._merged_parts_going_on(raw, above)]
            if under:
                # A level whose cell goes on over the break stays under the same parents: a
                # parent's text beside it at the page top is the rest of the parent's cell,
                # however it opens ('Focus Group' + 'Discussion (FGD) …' over 'Persentase
                # laporan' + 'pemutakhiran …', or over the empty lower part of a merged cell).
                deepest = max(HIERARCHY_KEYS.index(role) for role in under)
                going_on += [
                    role
                    for role in candidates
                    if HIERARCHY_KEYS.index(role) < deepest
                    and role not in going_on
                    and self.current.get(role)
                    and above is not None
                    and above.last_on_page
                    and role in above.to_bottom
                ]
            for role in HIERARCHY_KEYS:
                if role in going_on:
                    cells[role] = self._extend(role, cells[role])
                    if role in raw.cell_ids:
                        self.carried[raw.cell_ids[role]] = cells[role]
            # A merged cell split by the page break leaves its lower part empty at the top of the
            # new page (an indicator or PIC shared by several rows): the part above reaches the
            # break and one of the two parts is merged. A single empty cell is really empty. The
            # schedule is never carried: an empty one there is a continuation (above) or missing.
            previous = self.rows[-1].cells
            for role in CARRIED_AT_PAGE_TOP:
                if (
                    role in cells
                    and not cells[role]
                    and previous.get(role)
                    and role not in backfilled
                    and above is not None
                    and above.last_on_page
                    and role in above.to_bottom
                    and (role in above.merged or role in raw.merged)
                ):
                    cells[role] = previous[role]
                    if role in raw.cell_ids:  # the rest of this merged cell's rows share it
                        self.carried[raw.cell_ids[role]] = previous[role]
        row_number = cells.pop(Role.NUMBER, "")
        cells[self._number_field(cells, row_number, raw)] = row_number
        first = Role.AREA if self.has_area_column else Role.ACTIVITY
        if self.heading and self._ends_heading(cells.get(first, "")):
            self.heading = None
        fresh = {role for role in KEY_ROLES if cells.get(role)}
        if Role.AREA in fresh and cells[Role.AREA] != self.current.get(Role.AREA):
            self.current = {}  # a new area: nothing of the previous one carries over
        if (
            Role.ACTIVITY in fresh
            and Role.ACTIVITY_NUMBER not in fresh
            and cells[Role.ACTIVITY] != self.current.get(Role.ACTIVITY)
        ):
            self.current.pop(Role.ACTIVITY_NUMBER, None)
        for depth, role in enumerate(HIERARCHY_KEYS):  # a new level: the ones under it start over
            if role in fresh and cells[role] != self.current.get(role):
                for deeper in HIERARCHY_KEYS[depth + 1 :]:
                    self.current.pop(deeper, None)
        for role in KEY_ROLES:
            if cells.get(role):
                self.current[role] = cells[role]
            elif self.current.get(role):
                cells[role] = self.current[role]
        row = TableRow(
            cells=cells,
            pages=[raw.page],
            bbox=raw.bbox,
            months_marked=raw.months if any(r.is_month or r.is_semester for r in roles) else None,
            quarter_marks=dict(raw.quarters) if any(r.is_quarter for r in roles) else None,
            extra=dict(raw.extra),
            banner=self.banner,
            banner_label=self.area_label if self.banner else "",
            heading=self.heading,
            grid_texts=list(raw.grid_texts),
            shaded_in_part=list(raw.shaded_in_part),
            bold=set(raw.bold),
        )
        self.rows.append(row)
        self._hold_for_backfill(raw, row)
        if raw.banner_if_followed:
            self.undecided = (raw, row)

    def _heads_new_rows(self, raw: RawRow, before: RawRow) -> bool:
        """The first row of a page, under a last row shaped as a banner (``before``), numbers
        itself otherwise and fills the first level's column: ``before`` was a banner, not a
        parent cut by the break (whose column goes on empty, or repeats it, below) nor a cell
        whose text goes on here (its row no number of its own)."""
        number = (raw.cells.get(Role.NUMBER) or "").strip()
        first = Role.AREA if self.has_area_column else Role.ACTIVITY
        text = raw.cells.get(first) or ""
        assert before.banner_if_followed is not None
        return (
            bool(number and text)
            and not same_text(number, before.banner_if_followed[2])
            and not same_text(text, before.banner_if_followed[1])
        )

    def _make_banner(self, raw: RawRow, row: TableRow, roles: set[Role]) -> None:
        """Read the last row of the page before again as the banner it was (its row undone)."""
        if not self.rows or self.rows[-1] is not row:
            return  # merged into a row above: no longer a row of its own
        self.rows.pop()
        assert raw.banner_if_followed is not None
        number, text, label = raw.banner_if_followed
        self.add(replace(raw, banner=(number, text), banner_label=label), roles)

    def _under_area(self, raw: RawRow) -> bool:
        """A banner set in the level columns beside an empty number column and numbered otherwise
        than the area banners above it ("6." or "4.1" under "I | PENDIDIKAN") is a heading
        inside the area, as an outline nests its numbering. A banner over the number column is
        an area however it is numbered ("1 | Manajemen Perubahan", then "II. Penguatan …")."""
        kind = label_kind(raw.banner_label)
        area = self.banner if self.has_area_column else self.current.get(Role.AREA)
        return bool(
            area and raw.banner_indented and kind and label_kind(self.area_label) not in ("", kind)
        )

    def _ends_heading(self, activity: str) -> bool:
        """A first-column item numbered as the heading is ("8. Pembiayaan" after the banner "7.
        Pengelolaan") is the heading's sibling: the heading is over."""
        assert self.heading is not None
        item = BANNER_LABEL.match(activity)
        return bool(item and label_kind(item.group(1)) == label_kind(self.heading[0]))

    def _number_field(self, cells: dict[Role, str], number: str, raw: RawRow) -> Role:
        """The number column numbers areas in a table with an area column, activities otherwise.
        A number in a cell of its own, on a row that leaves the area blank and starts a level
        under it ("I" on a Program row, then "1", "2" on its activities), numbers that row's
        activity; a merged number cell numbers the area it spans, wherever its text sits."""
        if not self.has_area_column:
            return Role.ACTIVITY_NUMBER
        starts_below = any(cells.get(r) for r in (*HIERARCHY_KEYS[1:], Role.INDICATOR))
        own_cell = Role.NUMBER not in raw.merged
        if number and own_cell and not cells.get(Role.AREA) and starts_below:
            return Role.ACTIVITY_NUMBER
        return Role.AREA_NUMBER

    def _hold_for_backfill(self, raw: RawRow, row: TableRow) -> None:
        """Keep a row whose merged cell is empty on this page and runs on past its bottom edge:
        the text of that cell is still to come. A part that starts at the page's top and carries
        on a cell whose text came on an earlier page is not held (it took that text already)."""
        for role in BACKFILLED:
            if (
                role in raw.cells
                and not raw.cells[role]
                and role in raw.to_bottom
                and (
                    role not in raw.from_top
                    or role in self.pending
                    or raw.page == self.rows[0].pages[0]
                )
            ):
                self.pending.setdefault(role, []).append(row)

    def _backfill(self, raw: RawRow) -> set[Role]:
        """At the top of a page: give the held rows the text of their merged cell's part here, in a
        table that merges this column's cells (an empty single cell there is really empty)."""
        done: set[Role] = set()
        for role, held in list(self.pending.items()):
            text = raw.cells.get(role, "")
            if role == Role.NUMBER and self._opens_an_area(raw, held):
                del self.pending[role]  # the number above was lost (a scan), not printed here
                continue
            if role in raw.from_top and text and role in self.merged_roles:
                for row in held:
                    row.cells[self._field(role)] = text
                done.add(role)
                del self.pending[role]
            elif not (role in raw.from_top and role in raw.to_bottom):
                del self.pending[
                    role
                ]  # the cell ended without text anywhere: rows keep what they had
        return done

    def _opens_an_area(self, raw: RawRow, held: list[TableRow]) -> bool:
        """At a page's top, an area column's cell that is no rest of the area of the rows held
        for their number: they hold an area text of their own, and this one does not read on
        from it ('Digitalisasi' above, 'PENIALAIAN ZI' here). The number beside it is its own: a
        merged number cell's text sits by its area's, and one left empty above the break beside
        a printed area was lost (fuzz scan seed 3501: "III" read as nothing, its area then took
        "IV" and the next area's text). Rows whose area is held too take both from here."""
        before, text = self.current.get(Role.AREA, ""), raw.cells.get(Role.AREA, "")
        return (
            self.has_area_column
            and Role.AREA not in self.pending
            and all(same_text(row.cells.get(Role.AREA, ""), before) for row in held)
            and bool(before and text)
            and Role.AREA in raw.from_top
            and not same_text(before, text)
            and not reads_on(before, text)
        )

    def _rest_of_number(self, raw: RawRow, above: Optional[RawRow]) -> Optional[str]:
        """At a page's top, the end of a dotted number the break cut: a narrow No column wraps
        '2.2.1' at its dots, '2.2.' above the break and '1' here. The whole number, given to the
        rows above that printed its head too; None where the text here is a number of its own.
        The number cell above reached the previous page's bottom and this one starts at the
        top; the joined number is as deep as numbers the column holds elsewhere, and no number
        there is as shallow as the text here alone."""
        text = raw.cells.get(Role.NUMBER, "").strip()
        if not (
            self.rows
            and above is not None
            and above.last_on_page
            and Role.NUMBER in above.to_bottom
            and Role.NUMBER in raw.from_top
            and numbered.parts_of(text)
        ):
            return None
        last = self.rows[-1].cells
        # the fields the number column fills (without an area column, the area's number is a
        # banner's: no cell the page break can cut)
        fields = (Role.ACTIVITY_NUMBER, self._field(Role.NUMBER))
        field = next((f for f in fields if last.get(f, "").endswith(".")), None)
        if field is None or numbered.parts_of(last[field]) is None:
            return None
        before, joined = last[field], last[field] + text
        depth = len(numbered.parts_of(joined) or ())
        others = [
            parts
            for row in self.rows
            if row.cells.get(field) != before
            and (parts := numbered.parts_of(row.cells.get(field, "")))
        ]
        alone = len(numbered.parts_of(text) or ())
        if not any(len(p) == depth for p in others) or any(len(p) == alone for p in others):
            return None
        for earlier in reversed(self.rows):
            if earlier.cells.get(field) != before:
                break
            earlier.cells[field] = joined
        if self.current.get(field) == before:
            self.current[field] = joined
        return joined

    def _merge(self, previous: TableRow, raw: RawRow, above: Optional[RawRow] = None) -> None:
        for role in TEXT_ROLES:
            text = raw.cells.get(role, "")
            if not text:
                # An empty part of a merged cell cut at the previous page's bottom (an indicator
                # shared by several rows) is still that cell: rows below sharing it get its text.
                if (
                    role in CARRIED_AT_PAGE_TOP
                    and role in raw.cells
                    and role in raw.cell_ids
                    and previous.cells.get(role)
                    and above is not None
                    and role in above.to_bottom
                ):
                    self.carried[raw.cell_ids[role]] = previous.cells[role]
                continue
            if role in KEY_ROLES and same_text(text, self.current.get(role, "")):
                continue  # a parent printed again at the page's top
            if role in KEY_ROLES:
                merged = self._extend(role, text)
            else:
                merged = join_lines([previous.cells.get(role, ""), text])
                previous.cells[role] = merged
            if role in raw.cell_ids:
                self.carried[raw.cell_ids[role]] = merged
        for header, text in raw.extra.items():
            previous.extra[header] = join_lines([previous.extra.get(header, ""), text])
        for quarter, fragment in raw.quarters.items():
            if previous.quarter_marks is not None and previous.quarter_marks.get(quarter):
                previous.quarter_marks[quarter] = previous.quarter_marks[quarter] + fragment.strip()
        if raw.page not in previous.pages:
            previous.pages.append(raw.page)

    def _extend(self, role: Role, text: str) -> str:
        """Append the rest of a key cell split by a page break; every row that shared it follows."""
        old = self.current.get(role, "")
        merged = join_lines([old, text])
        for earlier in reversed(self.rows):
            if earlier.cells.get(role) != old:
                break
            earlier.cells[role] = merged
        self.current[role] = merged
        return merged

    def _merged_parts_going_on(self, raw: RawRow, above: Optional[RawRow]) -> list[Role]:
        """The levels whose cell at a page's top is the empty lower part of a merged cell whose
        text came before the break: it starts at the page's first row, its column merges
        cells (here or earlier in the table: a cell merged over two rows, one each side of the
        break, is a single cell on each page), and the cell above reached the previous page's
        bottom."""
        if above is None or not above.last_on_page:
            return []
        return [
            role
            for role in HIERARCHY_KEYS
            if role in raw.cells
            and not raw.cells[role]
            and self.current.get(role)
            and role in raw.from_top
            and role in above.to_bottom
            and role in self.merged_roles
        ]

    def _continues_key_cell(
        self,
        role: Role,
        text: str,
        raw: RawRow,
        above: Optional[RawRow],
        backfilled: frozenset[Role] = frozenset(),
    ) -> bool:
        """At the top of a page, is this area/activity text the rest of the cell above it?

        Never when the row has a number of its own (numbers go with new areas and activities; a
        number backfilled into a merged cell begun above is not the row's own). An area continues
        when the table has an area column and its cell above, holding text, reaches the table's
        bottom edge (an area printed once at the top of its rows leaves a blank cell there: a new
        area at the next page's top is no rest of it). An activity continues when its cell above was cut by
        the page break (it reaches the bottom edge, its text filling it) and the two texts read as
        one: a complete cell that sets its row's height fills it just the same, so geometry alone
        cannot tell (see ``reads_on``). A capitalised name cut by the break ('… Intern' +
        'Pemerintah') goes on in a column that merges its cells; one that leaves parent cells
        blank instead starts a new level at a page top with a capital ('… Kota' + 'Indeks
        SPBE'), so there the text must stop open."""
        before = self.current.get(role, "")
        own_number = raw.cells.get(Role.NUMBER) and Role.NUMBER not in backfilled
        if not before or (own_number and not self._numbers_under_same(role, raw)):
            return False
        if numbers_next(before, text):  # 'b. Ruang Dosen' above, 'c. Ruang Administrasi' here
            return False
        if role == Role.AREA:  # merged over the break, its text need not fill it
            return (
                self.has_area_column
                and above is not None
                and above.last_on_page
                and role in above.to_bottom
                and bool(above.cells.get(role))
                # a cell of the last row alone that its text does not fill ended with its row
                # (a table starting low on a page: one row before the break)
                and (role in above.merged or role in above.filled or reads_on(before, text))
            )
        merged = role in self.merged_roles or (above is not None and role in above.merged)
        if cut_by_page_break(role, above) and reads_on(before, text, names=merged):
            return True
        return self._rest_of_numbered_item(role, before, text, raw, above)

    def _numbers_under_same(self, role: Role, raw: RawRow) -> bool:
        """A row's dotted number names the levels above the one it numbers: '3.2.1' under
        '3.1.1' is of the same area (its first part), so it starts no new area, and an area's
        text beside it at a page's top may be the rest of the cell above. Only in a table with
        an area column, whose levels the parts count from the area down (from the banner over
        it, where banners head the rows: '1.2.1' under '1.1.2' is another area cell there)."""
        if not self.has_area_column or role not in HIERARCHY_KEYS:
            return False
        depth = HIERARCHY_KEYS.index(role) + 1 + (self.banner is not None)
        here = numbered.parts_of(raw.cells.get(Role.NUMBER, ""))
        last = self.rows[-1].cells if self.rows else {}
        above = next(
            (
                parts
                for field in (Role.AREA_NUMBER, Role.ACTIVITY_NUMBER)
                if (parts := numbered.parts_of(last.get(field, "")))
            ),
            None,
        )
        return bool(
            here
            and above
            and len(here) > depth
            and len(above) > depth
            and here[:depth] == above[:depth]
        )

    def _rest_of_numbered_item(
        self, role: Role, before: str, text: str, raw: RawRow, above: Optional[RawRow]
    ) -> bool:
        """A level's cell opening the page with no number, under the same parents as the
        numbered item whose cell reached the previous page's bottom ('2. Pembiayaan' +
        'Penelitian' under '8. Pendanaan …', SPM p49-50): a list numbers each of its items, so
        this is the rest of that item's cell, however much room the break had left it."""
        parents = HIERARCHY_KEYS[: HIERARCHY_KEYS.index(role)] if role in HIERARCHY_KEYS else ()
        return (
            above is not None
            and above.last_on_page
            and role in above.to_bottom
            and role in raw.from_top
            and bool(ITEM_LABEL.match(before))
            and not ITEM_LABEL.match(text)
            and not any(raw.cells.get(parent) for parent in parents)
        )


def same_text(a: str, b: str) -> bool:
    """Two cells' texts read alike, whatever their wraps and case."""
    return bool(a) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass
class PageLayout:
    """How one page's part of a plan table was read, for ``rencana debug``: its grid, each
    column's role, the header row count and the raw rows (banners included)."""

    page: int
    grid: Grid
    roles: list[Optional[Role]]
    header_count: int
    rows: list[RawRow]


def read(
    pages: list[PageContent], layouts: Optional[list[PageLayout]] = None
) -> tuple[list[PlanTable], list[tuple[WarningCode, str, Optional[int]]]]:
    """Plan tables from every page's found tables, in page order; plus (code, message, page)
    warnings. ``layouts``, when given, gets each page part of a plan table as it was read."""
    tables: list[PlanTable] = []
    warnings: list[tuple[WarningCode, str, Optional[int]]] = []
    current: Optional[PlanTable] = None
    assembler: Optional[Assembler] = None
    current_roles: list[Optional[Role]] = []
    current_headers: list[str] = []
    current_xs: list[float] = []
    current_strategy = ""
    current_size: Optional[float] = None  # the type size of the table's words, where known
    for page in pages:
        found_tables = sorted(page.tables, key=lambda t: (t.bbox[1], t.bbox[0]))
        continued: Optional[FoundTable] = None  # a page of the table without its header
        fitted_xs = current_xs  # the table's columns fitted to that page's text
        free_words = outside(page, found_tables).words  # headings over the tables are among them
        texts = [t for t in found_tables if t.strategy == "text"]
        if (
            current is not None
            and current_strategy == "text"
            and not any(plan_read(t, page) for t in texts)
        ):
            # A borderless table whose header is not repeated: its columns carry on from above,
            # in the words outside the page's ruled tables (a team list after the plan). A
            # table found there that is no plan is no table (body words taken for a header:
            # 'Laporan kegiatan' names a column).
            ruled = [t for t in found_tables if t.strategy != "text"]
            rest = outside(page, ruled)
            fitted_xs = borderless.refit_boundaries(borderless.lines_of(rest.words), current_xs)
            continued = borderless.find_continued(
                rest.words, fitted_xs, current_roles, rest.rules, header_word_role, current_size
            )
            if continued:
                found_tables = sorted([continued, *ruled], key=lambda t: t.bbox[1])
                page.tables[:] = [t for t in page.tables if t not in texts]
                page.tables.append(continued)  # its doubts and parents' setting are the page's
        for found in found_tables:
            read_as = grid_and_roles(found, page)
            if read_as is None:
                continue
            grid, count, numbering, roles = read_as
            if (
                current is not None
                and roles != current_roles
                and count
                and follows(current, page.number)
                and header_repeated(column_headers(grid, count, numbering), current_headers)
            ):
                # the table's header printed again, a word of it misread (a scan's 'Tyuan' for
                # 'Tujuan'): its columns are the table's
                roles = current_roles
                read_as = (grid, count, numbering, roles)
            if plan_read(found, page, read_as):
                # The same columns under a repeated header continue the table (a borderless
                # table's column edges move a little from page to page, so roles decide).
                if current is None or roles != current_roles or not follows(current, page.number):
                    if found.first_page_cells:  # its first rows go on from no page before
                        first = build_grid(replace(found, cells=found.first_page_cells), page)
                        grid = first or grid
                    if found.first_page_doubts is not None:  # the quality stage reads them
                        found.doubts = found.first_page_doubts
                    current = PlanTable(
                        roles=[r or "" for r in roles],
                        rows=[],
                        pages=[],
                        header=[c.text for c in grid.cells if c.r0 < count],
                        grid=grid_kind(roles),
                        column_headers=column_headers(grid, count, numbering),
                    )
                    assembler = Assembler(has_area_column=Role.AREA in roles)
                    tables.append(current)
                    for text in unknown_columns(grid, count, roles):
                        warnings.append(
                            (
                                WarningCode.COLUMN_UNKNOWN,
                                f"plan table column {text!r} has no role in "
                                "vocab/columns.yaml; its text is kept as extra on the records",
                                page.number,
                            )
                        )
                current_roles, current_xs, current_strategy = roles, grid.xs, found.strategy
                current_size = type_size_within(page, found.bbox)
                current_headers = headers = current.column_headers
            elif (
                current is not None
                and follows(current, page.number)
                and (
                    start := column_offset(grid.xs, fitted_xs if found is continued else current_xs)
                )
                is not None
            ):
                # A page of the table without its header repeated, maybe without its first or
                # last columns: their cells carry over from the rows above.
                width = len(grid.xs) - 1
                roles, count = current_roles[start : start + width], 0
                headers = current_headers[start : start + width]
            else:
                continue
            # A plan table's first page always makes both; later pages only continue it.
            assert current is not None and assembler is not None
            heading = heading_above(free_words, found.bbox)
            if heading is not None:
                current.sections.append((len(assembler.rows), *heading))
            role_set = {r for r in roles if r}
            raws = rows_of(grid, roles, count, headers)
            for raw in raws:
                assembler.add(raw, role_set)
            current.split_doubts += [
                (page.number, doubt)
                for cell in grid.cells
                if cell.r0 >= count
                for doubt in cell.split_doubts
            ]
            if layouts is not None:
                layouts.append(PageLayout(page.number, grid, list(roles), count, raws))
            current.rows = assembler.rows
            if page.number not in current.pages:
                current.pages.append(page.number)
    for table in tables:
        if Role.STACKED in table.roles and not numbered.stacked_by_depth(table):
            stacked.settle(table)  # its levels are told by the whole table's rows
        numbered.settle(table)  # a hierarchy numbered by depth in one column
    return tables, warnings


GridRoles = tuple[Grid, int, set[int], list[Optional[Role]]]


def grid_and_roles(found: FoundTable, page: PageContent) -> Optional[GridRoles]:
    """A found table's grid, its header rows' count, its column-number rows and its columns'
    roles (from the header, settled by the content where the header names none)."""
    grid = build_grid(found, page)
    if grid is None:
        return None
    count, numbering = header_rows(grid)
    roles = column_roles(grid, count, frozenset(numbering)) if count else []
    if count and None in roles:
        roles = settle_from_content(roles, body_texts(grid, count))
    return grid, count, numbering, roles


def plan_read(found: FoundTable, page: PageContent, read_as: Optional[GridRoles] = None) -> bool:
    """Whether a found table reads as a plan table under its own header."""
    read_as = read_as or grid_and_roles(found, page)
    if read_as is None:
        return False
    grid, count, numbering, roles = read_as
    named = [*roles, *yearly_roles(grid, count)]  # an IKU's targets, one column a year
    return bool(count) and is_plan_table(named, column_headers(grid, count, numbering))


def body_texts(grid: Grid, header_count: int) -> list[list[str]]:
    """Per column, the texts of the body cells that start in it."""
    out: list[list[str]] = [[] for _ in range(len(grid.xs) - 1)]
    for cell in grid.cells:
        if cell.r0 >= header_count and cell.text:
            out[cell.c0].append(cell.text)
    return out


def type_size_within(page: PageContent, bbox: tuple[float, float, float, float]) -> Optional[float]:
    """The median type size of the page's words inside ``bbox`` (None without any)."""
    words = [w for w in page.words if geometry.contains_centre(bbox, w.bbox)]
    return borderless.type_size(words) if words else None


# How alike a page's header must read to the table's on the page before to be the same header
# printed again (rapidfuzz ratio of the whole header row, and of each column's).
REPEATED_HEADER_RATIO = 90.0
REPEATED_COLUMN_RATIO = 60.0


def header_repeated(headers: list[str], table_headers: list[str]) -> bool:
    """Whether a page's column headers are the table's printed again, read with a letter or two
    wrong: as many columns, the row alike as a whole and each column's alike. Pure."""
    if len(headers) != len(table_headers) or headers == table_headers:
        return False
    folded = [" | ".join(h.lower() for h in row) for row in (headers, table_headers)]
    if fuzz.ratio(*folded) < REPEATED_HEADER_RATIO:
        return False
    return all(
        fuzz.ratio(a.lower(), b.lower()) >= REPEATED_COLUMN_RATIO
        for a, b in zip(headers, table_headers)
    )


def follows(table: PlanTable, page: int) -> bool:
    """A table goes on only on its own last page or the next: the same columns further on (an
    appendix repeating the plan) are another table."""
    return not table.pages or page - table.pages[-1] <= 1


def column_headers(grid: Grid, header_count: int, skip: set[int]) -> list[str]:
    """Per column, its header cells' texts top-down ("Triwulan I" + "K" → "Triwulan I K"; a text
    the cell under it opens with is said once, see also ``once_per_column``). A
    cell over more than half of the columns, with headers under it, is the table's caption or
    a heading over most of it ("Realisasi Kinerja Pada Triwulan I - IV Tahun 2023" over "I" and
    "K"), not part of a column's name."""
    columns = len(grid.xs) - 1
    out = []
    for col in range(columns):
        cells = [grid.cell_at(row, col) for row in range(header_count) if row not in skip]
        named = [cell for cell in cells if cell is not None and cell.text]
        texts: list[str] = []
        for cell in named:
            caption = 2 * (cell.c1 - cell.c0) > columns and cell is not named[-1]
            text = once_per_column(cell.text, cell.c1 - cell.c0)
            if caption or text in texts:
                continue
            if texts and text.startswith(f"{texts[-1]} "):
                texts.pop()  # said again in the cell under it ("Target" over "Target TW I")
            texts.append(text)
        out.append(" ".join(texts))
    return out


def once_per_column(text: str, span: int) -> str:
    """A header cell over ``span`` columns whose text is one phrase said ``span`` times: the
    columns' own wrapped headers run together where no ruling parts them ("Target Semester" +
    "Target Semester" over "I" | "II"), each column's header being the phrase once. Pure."""
    words = text.split()
    size, rest = divmod(len(words), span)
    if span < 2 or rest or not size:
        return text
    phrase = words[:size]
    return " ".join(phrase) if words == phrase * span else text


def unknown_columns(grid: Grid, header_count: int, roles: list[Optional[Role]]) -> list[str]:
    """Header texts of the columns that got no role (candidates for the vocabulary)."""
    out = []
    for col, role in enumerate(roles):
        cells = [grid.cell_at(row, col) for row in range(header_count)]
        text = next((c.text for c in reversed(cells) if c is not None and c.text), "")
        if not role and text and text not in out:
            out.append(text)
    return out


def grid_kind(roles: list[Optional[Role]]) -> Optional[str]:
    if any(r and r.is_month for r in roles):
        return "months"
    if any(r and r.is_quarter for r in roles):
        return "quarters"
    if any(r and r.is_semester for r in roles):
        return "semesters"
    return None


# A level cell opening with its item number: digits, a full stop or bracket (OCR may drop it),
# under its parent's number ("2.1", "1.2.3"), or a letter with its full stop or bracket
# ("a. Diploma", "B. Kegiatan Ekstrakurikuler").
ITEM_NUMBER = re.compile(
    r"^(?:(\d{1,3}(?:\.\d{1,3})*)([.)]|,(?=\s+[A-Za-z]))?|([a-zA-Z])([.)]))\s+(?=\S)"
)
NUMBERED_LEVELS = (Role.AREA, Role.ACTIVITY, *SUB_LEVELS, Role.INDICATOR)
# Real tables number most cells of a level column, not all ("Rata-rata IPK :" among "1. …",
# "2. …", "a. Diploma" in an SPM table: 0.82 of its indicators), and a page break or a
# misprint may break the order once or twice (0.99 in order there).
LISTED_SHARE_MIN = 0.75
IN_ORDER_SHARE_MIN = 0.8


def item_number(match: re.Match[str]) -> str:
    """The number as printed: '1.', '2)', 'a.', '3' (a full stop OCR dropped)."""
    return "".join(part for part in match.groups() if part)


def _place(match: re.Match[str]) -> tuple[str, int]:
    """A marker's kind (``list_kind``) and place in its list ("2.3": third under 2)."""
    digits, _, letter, _ = match.groups()
    place = int(digits.split(".")[-1]) if digits else ord(letter.lower()) - ord("a") + 1
    return list_kind(item_number(match)), place


def _stopped(match: re.Match[str]) -> bool:
    """The number has its full stop or bracket, or is set under its parent's ("2.1")."""
    return bool(match.group(2) or match.group(4) or "." in (match.group(1) or ""))


def numbers_next(before: str, text: str) -> bool:
    """``text`` opens with the item number after the one ``before`` opens with, of its kind
    ('b.' then 'c.', '4.' then '5.'): a cell of its own, however the page break cut the two."""
    first, then = ITEM_NUMBER.match(before), ITEM_NUMBER.match(text)
    if first is None or then is None or not (_stopped(first) and _stopped(then)):
        return False
    (kind, place), (next_kind, next_place) = _place(first), _place(then)
    return kind == next_kind and next_place == place + 1


def listed_numbers(texts: list[str]) -> Optional[list[Optional[re.Match[str]]]]:
    """The item numbers a level column's cells open with, when they count as a numbered list down
    the table: most filled cells open with a number or letter, at least one with its full stop or
    bracket, most numbers one more than the one before of their kind or 1 (a) again (a list under
    the next parent), a cell repeated under a merged parent keeping its number. A list of one
    cell is one whose only cell opens with "1." or "a." (a plan of one activity). Pure."""
    matches = [ITEM_NUMBER.match(text) if text else None for text in texts]
    distinct = [
        (text, match)
        for at, (text, match) in enumerate(zip(texts, matches))
        if text and (at == 0 or text != texts[at - 1])
    ]
    listed = [match for _, match in distinct if match]
    if len(listed) == 1 and len(distinct) == 1:
        return matches if _stopped(listed[0]) and _place(listed[0])[1] == 1 else None
    if len(listed) < 2 or len(listed) < LISTED_SHARE_MIN * len(distinct):
        return None
    if not any(_stopped(match) for match in listed):
        return None
    previous: dict[str, int] = {}
    in_order = 0
    for match in listed:
        kind, place = _place(match)
        in_order += place in (1, previous.get(kind, 0) + 1)
        previous[kind] = place
    if in_order < IN_ORDER_SHARE_MIN * len(listed):
        return None
    return matches


def take_listed_numbers(tables: list[PlanTable]) -> None:
    """A level whose cells number themselves ("1. Persentase …", "2. …" in an IKU column under a
    merged Sasaran) keeps the number as the level's, not as the start of its text. A plan's
    tables of the same columns (its pages) are one list: a page may hold one cell of a column."""
    plans: dict[tuple, list[PlanTable]] = {}
    for table in tables:
        plans.setdefault(tuple(table.roles), []).append(table)
    for role, plan in ((r, p) for p in plans.values() for r in NUMBERED_LEVELS):
        rows = [row for table in plan for row in table.rows]
        # a total row under the items ("JUMLAH" merged over the levels) is no item of the list
        texts = [row.cells.get(role, "") for row in rows]
        matches = listed_numbers(["" if is_total_label(text) else text for text in texts])
        if matches is None:
            continue
        for row, match in zip(rows, matches):
            if match is not None:
                row.numbers[role] = item_number(match)
                row.cells[role] = row.cells[role][match.end() :]


# A lettered list's first item set inside a numbered item's cell ("1. Pemberian Beasiswa" over
# "a. Pedoman pemberian beasiswa" in one merged cell).
FIRST_LETTERED = re.compile(r"\s(a[.)])\s+(?=\S)")
LEVEL_VALUES = (Role.UNIT, Role.TARGET, Role.BUDGET, Role.SCHEDULE)


def _holds_no_value(row: TableRow, below: TableRow) -> bool:
    """A row of a level's text alone: no unit, target or schedule, and no other column's text
    but a merged cell's it shares with the row below (a definition spanning both)."""
    return not any(row.cells.get(role) for role in LEVEL_VALUES) and all(
        below.extra.get(header) == text for header, text in row.extra.items() if text
    )


def _list_goes_on(rows: list[TableRow], role: Role, text: str) -> bool:
    """The next cell below a cell of ``text`` in the column opens with 'b.': the lettered item
    inside the cell begins a list down the column, no mere 'a.' in a cell's prose."""
    following = next((row for row in rows if row.cells.get(role, "") != text), None)
    return following is not None and following.numbers.get(role, "")[:2] in ("b.", "b)")


def nest_lettered_items(tables: list[PlanTable]) -> None:
    """A lettered list under a numbered item of the same column is the level below that item, as
    an outline nests it: the item is its rows' parent up to the next numbered item. The item
    is a row of its own over the list, without values ("5. Daya tampung Mahasiswa baru :" over
    "a. Diploma", "b. Sarjana": it is no indicator row itself and gives no record), or the start
    of the numbered cell whose rest is the list's first item ("1. Pemberian Beasiswa a. Pedoman
    …" over "b. Lembaga pemberi beasiswa"; an 'a.' in a cell's prose lists nothing)."""
    plans: dict[tuple, list[PlanTable]] = {}
    for table in tables:
        plans.setdefault(tuple(table.roles), []).append(table)
    for plan in plans.values():
        rows = [row for table in plan for row in table.rows]
        headings: set[int] = set()
        for depth, role in enumerate(NUMBERED_LEVELS):
            parent: Optional[tuple[str, str]] = None
            scope: tuple = ()
            for at, row in enumerate(rows):
                text, number = row.cells.get(role, ""), row.numbers.get(role, "")
                if not text:
                    continue
                here = (
                    row.banner,
                    row.heading,
                    *(row.cells.get(r, "") for r in NUMBERED_LEVELS[:depth]),
                )
                kind = list_kind(number) if number else ""
                if kind == "small" and parent is not None and here == scope:
                    row.parents[role] = [parent]
                    continue
                parent = None
                if kind not in ("", "digits"):
                    continue
                embedded = FIRST_LETTERED.search(text) if kind == "digits" else None
                below = rows[at + 1] if at + 1 < len(rows) else None
                if embedded and _list_goes_on(rows[at + 1 :], role, text):
                    parent, scope = (number, text[: embedded.start()].strip()), here
                    row.numbers[role], row.cells[role] = embedded.group(1), text[embedded.end() :]
                    row.parents[role] = [parent]
                elif (
                    role == Role.INDICATOR
                    and below is not None
                    and below.numbers.get(role, "")[:2] in ("a.", "a)")
                    and _holds_no_value(row, below)
                ):
                    parent, scope = (number, text), here
                    headings.add(at)
        dropped = {id(rows[at]) for at in headings}
        for table in plan:
            table.rows = [row for row in table.rows if id(row) not in dropped]


def run(state: Extraction, layouts: Optional[list[PageLayout]] = None) -> Extraction:
    tables, warnings = read(state.pages, layouts)
    take_listed_numbers(tables)
    nest_lettered_items(tables)
    for table in tables:
        numbered.spread_column_numbers(table)
        take_sections_as_areas(table)
    state.tables = tables
    for code, message, page in warnings:
        state.warn(code, message, page)
    return state
