"""One column holding a hierarchy numbered by depth ("1." / "1.1" / "1.1.1").

A Renja or work plan often prints its Program, Kegiatan and Sub Kegiatan one under the other in
one column (Uraian, Kegiatan), each numbered by its depth, in a No column beside it or at the
start of its text. A row whose number the next row's extends ("1.1" over "1.1.1") is that row's
parent: its text is a level of every row under it, not a record of its own unless it carries
values (a target, a schedule) itself. The rows under no parent are left as they were read.

Levels of a row, top-down: its area (a banner's, an area column's, or else its top parent),
then its parents (the first the activity, the next ones sub-levels), then its own text: the
leaf (the indicator), or the level over the indicator where the table has an indicator
column. Each keeps its number as printed.
"""

from __future__ import annotations

import re
from typing import Optional

from rencana.core.roles import Role
from rencana.core.types import PlanTable, TableRow
from rencana.stages.numbering import with_first_parts_put_back
from rencana.stages.tables.headers import is_total_label
from rencana.stages.tables.rows import SUB_LEVELS

# A number of one or more parts: "1.", "1.1", "1.1.1", "2.10." (a full stop may close it).
DOTTED = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)\.?")
# The same opening a cell's text: a single part needs its full stop ("1. Program", not "2 kali").
DOTTED_OPENING = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+(?=\S)")
# The cells whose text makes a row count as a record of its own, besides its levels.
VALUE_ROLES = (Role.SCHEDULE, Role.TARGET, Role.UNIT, Role.BUDGET, Role.PIC)
# Hierarchy columns that leave no room for the numbered column's levels.
DEEPER = (Role.STACKED, *SUB_LEVELS)


def parts_of(number: str) -> Optional[tuple[int, ...]]:
    """'1.1.2' → (1, 1, 2); '3.' → (3,); anything else → None. Pure."""
    match = DOTTED.fullmatch(number.strip())
    return tuple(int(p) for p in match.group(1).split(".")) if match else None


def extends(child: tuple[int, ...], parent: tuple[int, ...]) -> bool:
    return len(child) > len(parent) and child[: len(parent)] == parent


def numbered(row: TableRow, in_text: bool) -> Optional[tuple[tuple[int, ...], str, str]]:
    """A row's (number parts, number as printed, text without it), from its activity number's
    cell or, ``in_text``, from the opening of its activity's text."""
    text = row.cells.get(Role.ACTIVITY, "")
    if not text:
        return None
    if in_text:
        match = DOTTED_OPENING.match(text)
        if match is None:
            return None
        number = match.group(1)
        parts = parts_of(number)
        return (parts, number, text[match.end() :]) if parts else None
    number = row.cells.get(Role.ACTIVITY_NUMBER, "")
    parts = parts_of(number)
    return (parts, number.strip(), text) if parts else None


def has_values(row: TableRow) -> bool:
    return bool(
        any(row.cells.get(role) for role in VALUE_ROLES)
        or row.months_marked
        or any(v.strip() for v in (row.quarter_marks or {}).values())
    )


def numbers_by_depth(
    table: PlanTable,
) -> Optional[list[Optional[tuple[tuple[int, ...], str, str]]]]:
    """Each row's number (``numbered``) where the activity column is a hierarchy numbered by
    depth: some row's number is extended by the next numbered row's; else None."""
    in_text = Role.ACTIVITY_NUMBER not in {
        r for row in table.rows for r in row.cells if row.cells[r]
    }
    read = [numbered(row, in_text) for row in table.rows]
    chain = [item for item in read if item is not None]
    return read if any(extends(b[0], a[0]) for a, b in zip(chain, chain[1:])) else None


def settle(table: PlanTable) -> None:
    """Read a table's activity column as a hierarchy numbered by depth, where it is one: some
    row's number is extended by the next numbered row's (see the module doc)."""
    roles = {Role(r) for r in table.roles if r}
    if Role.ACTIVITY not in roles or roles & set(DEEPER):
        return
    read = numbers_by_depth(table)
    if read is None:
        return
    read = with_first_parts_put_back(table.rows, read)
    leaf = Role.INDICATOR not in roles  # the numbered column's own text is the record's leaf
    out: list[TableRow] = []
    parents: list[tuple[tuple[int, ...], str, str]] = []
    area = None
    for at, (row, item) in enumerate(zip(table.rows, read)):
        if item is None:
            out.append(row)
            continue
        if row.cells.get(Role.AREA) != area:  # a new area: no parent of the last one goes on
            area, parents = row.cells.get(Role.AREA), []
        parts = item[0]
        while parents and not extends(parts, parents[-1][0]):
            parents.pop()
        following = next((r for r in read[at + 1 :] if r is not None), None)
        is_parent = following is not None and extends(following[0], parts)
        if parents:
            place(row, [*parents, item], leaf)
        if is_parent:
            parents.append(item)
            if not has_values(row):
                continue
        out.append(row)
    table.rows = out
    header = next(
        (h for r, h in zip(table.roles, table.column_headers) if r == Role.ACTIVITY.value), ""
    )
    depth = max((len(row.cells.keys() & set(SUB_LEVELS)) for row in out), default=0)
    named = [Role.ACTIVITY, *SUB_LEVELS[:depth]] + ([Role.INDICATOR] if leaf else [])
    table.level_headers = {role.value: header for role in named}


def stacked_by_depth(table: PlanTable) -> bool:
    """Read a table's one column of stacked levels ("Program/Kegiatan/Sub Kegiatan") as its
    activity column when no indicator or activity column stands beside it and its rows are
    numbered by depth ("1." / "1.1" / "1.1.1", codes "2.16.02" / "2.16.02.2.01"): the numbers
    tell the levels, and the rows under none are the records. True when so read."""
    roles = {Role(r) for r in table.roles if r}
    if Role.STACKED not in roles or roles & {Role.ACTIVITY, Role.INDICATOR}:
        return False
    stacked = [row.cells.get(Role.STACKED) for row in table.rows]
    for row, text in zip(table.rows, stacked):
        row.cells.pop(Role.STACKED, None)
        if text is not None:
            row.cells[Role.ACTIVITY] = text
    if numbers_by_depth(table) is not None:
        table.roles = [Role.ACTIVITY.value if r == Role.STACKED.value else r for r in table.roles]
        return True
    for row, text in zip(table.rows, stacked):  # not numbered so: the stacked reading's
        row.cells.pop(Role.ACTIVITY, None)
        if text is not None:
            row.cells[Role.STACKED] = text
    return False


def place(row: TableRow, levels: list[tuple[tuple[int, ...], str, str]], leaf: bool) -> None:
    """Give a row its levels (its parents', then its own, top-down): the top one is the area
    where the row has none, the next the activity, the rest sub-levels; with ``leaf``, the last
    one is the indicator."""
    levels = list(levels)
    cells = row.cells
    if not cells.get(Role.AREA) and row.banner is None and len(levels) > 2:
        _, top_number, top_text = levels.pop(0)
        cells[Role.AREA], cells[Role.AREA_NUMBER] = top_text, top_number
    if leaf:
        _, number, text = levels.pop()
        cells[Role.INDICATOR] = text
        row.numbers[Role.INDICATOR] = number
    (_, activity_number, activity), *deeper = levels
    cells[Role.ACTIVITY], cells[Role.ACTIVITY_NUMBER] = activity, activity_number
    for role, (_, level_number, level_text) in zip(SUB_LEVELS, deeper):
        cells[role] = level_text
        row.numbers[role] = level_number


# A row's hierarchy top-down, as its cells hold it.
CHAIN = (Role.AREA, Role.ACTIVITY, *SUB_LEVELS, Role.INDICATOR)


def spread_column_numbers(table: PlanTable) -> None:
    """A No column printing hierarchical numbers ("1.1.2" beside a Renstra's levels) numbers
    the level as deep as the number (its third, counting the area first), not the area: each
    level above takes the number's head ("1", "1.1"). Only where every number the column holds
    is dotted so, at least two parts deep, and its rows have levels that deep; a banner over the
    rows is their first level."""
    roles = {Role(r) for r in table.roles if r}
    if Role.NUMBER not in roles:
        return
    # where the assembler put the column's number: the area's (a merged cell, with an area
    # column) or the activity's (a cell of the row's own, or no area column)
    fields = (
        (Role.ACTIVITY_NUMBER, Role.AREA_NUMBER) if Role.AREA in roles else (Role.ACTIVITY_NUMBER,)
    )
    # (a total's label merged over the number column is no number: "JUMLAH")
    printed = [
        ["" if is_total_label(n := row.cells.get(f, "").strip()) else n for f in fields]
        for row in table.rows
    ]
    parts = [[parts_of(n) if n else None for n in numbers] for numbers in printed]
    if not any(p for row in parts for p in row) or any(
        n and (p is None or len(p) < 2)
        for numbers, read in zip(printed, parts)
        for n, p in zip(numbers, read)
    ):
        return
    plan: list[tuple[TableRow, list[Role], tuple[int, ...]]] = []
    for row, read in zip(table.rows, parts):
        number = next((p for p in read if p), None)  # the row's own number first
        if number is None:
            continue
        chain = [role for role in CHAIN if row.cells.get(role)]
        levels: list[Role] = ([Role.AREA_NUMBER] if row.banner is not None else []) + chain
        if len(levels) < len(number):
            return  # the number is deeper than the row: no hierarchy number (a code, a date)
        plan.append((row, levels, number))
    for row, levels, number in plan:
        for field in fields:
            row.cells.pop(field, None)
        for depth, role in enumerate(levels[: len(number)], 1):
            head = ".".join(map(str, number[:depth]))
            if role == Role.AREA_NUMBER:  # the banner's own number stays
                continue
            if role == Role.AREA:  # a banner's number ("I" over "1.1") stays the area's
                row.cells[Role.AREA_NUMBER] = row.cells.get(Role.AREA_NUMBER) or head
            elif role == Role.ACTIVITY:
                row.cells[Role.ACTIVITY_NUMBER] = head
            else:
                row.numbers[role] = head
