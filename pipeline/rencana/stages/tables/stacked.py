"""One column that carries several levels of the hierarchy ("Urusan/Bidang Urusan/Program/Kegiatan").

A Renja, RKT or realisation table of a regional office prints its Urusan, Program, Kegiatan and
Sub Kegiatan one under the other in a single column, the indicator of each beside it. Each row's
level is told, in this order, by:

1. a level word its text opens with ("PROGRAM PENUNJANG …", "Sub Kegiatan: …"): the levels and
   their words are data (vocab/columns.yaml ``stacked_levels``);
2. its type: bold or upper case is a heading. A heading with an indicator beside it is the area
   (the level marked ``area``); one without is context above the area (an office's subtotal row);
3. plain text lies below the area. Under a level named by its word, it is the next level down.
   Otherwise bold plain text is the first level below the area and regular text the next; and
   where all of it looks alike, the amounts decide: a row whose amounts are the sums of the rows
   after it is their parent (a Kegiatan totals its Sub Kegiatan, as the Program totals its
   Kegiatan). Without amounts that add up, every such row is the first level below the area.

A row with an empty cell in the column is another indicator of the row above and takes its
levels. Levels above the area are not on the records; a new one clears the area under it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from rencana.core.roles import Role
from rencana.core.types import PlanTable, TableRow
from rencana.stages.tables.content import is_amount
from rencana.stages.tables.headers import column_vocab

SUB_LEVELS = (Role.LEVEL_1, Role.LEVEL_2, Role.LEVEL_3, Role.LEVEL_4)
# How many partitions the amount search may try before it gives up (the rows then stay flat).
SEARCH_BUDGET = 20000
# Letters of a text that must be capitals for it to read as upper case.
CAPS_MIN_LETTERS = 4
# A run of plain rows this long, with amounts, whose sums find no parents is left unsettled.
UNSETTLED_RUN_MIN = 3


@lru_cache(maxsize=1)
def level_words() -> tuple[tuple[tuple[str, ...], int], ...]:
    """(opening words, level index) of every level, longest first."""
    pairs = [
        (tuple(word.split()), index)
        for index, (_, words, _) in enumerate(column_vocab().stacked_levels)
        for word in words
    ]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def area_index() -> int:
    """The level read as the record's area (the first marked ``area``; else the top one)."""
    levels = column_vocab().stacked_levels
    return next((i for i, (_, _, area) in enumerate(levels) if area), 0)


def level_named_by(text: str) -> Optional[int]:
    """The level a text's opening words name ("PROGRAM PENUNJANG …" → Program), or None."""
    words = re.findall(r"\w+", text.lower())
    for opening, index in level_words():
        if tuple(words[: len(opening)]) == opening:
            return index
    return None


def first_word(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return words[0] if words else ""


def is_upper_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= CAPS_MIN_LETTERS and all(c.isupper() for c in letters)


def amount_value(text: str) -> int:
    """An amount's value in whole units: '1.460.000' → 1460000; '-' or blank → 0."""
    token = re.sub(r"(?i)^rp\.?\s*", "", text.strip())
    token = re.sub(r"[.,]\d{1,2}$", "", token) if re.search(r"[.,]\d{3}", token) else token
    digits = re.sub(r"\D", "", token)
    return int(digits) if digits else 0


def amount_columns(rows: list[TableRow]) -> list[str]:
    """The columns (extra headers, or 'budget') that hold nothing but amounts, dashes and blanks,
    with at least one amount: the figures that add up from level to level."""
    values: dict[str, list[str]] = {}
    for row in rows:
        for header, text in row.extra.items():
            values.setdefault(header, []).append(text.strip())
        if Role.BUDGET in row.cells:
            values.setdefault(Role.BUDGET.value, []).append(row.cells[Role.BUDGET].strip())
    return [
        key
        for key, texts in values.items()
        if any(is_amount(t) for t in texts)
        and all(not t or t == "-" or is_amount(t) for t in texts)
    ]


def amounts_of(row: TableRow, columns: list[str]) -> tuple[int, ...]:
    return tuple(
        amount_value(
            row.cells.get(Role.BUDGET, "") if key == Role.BUDGET.value else row.extra.get(key, "")
        )
        for key in columns
    )


def parents_by_sums(
    values: list[tuple[int, ...]],
    total: Optional[tuple[int, ...]],
    like_parents: Optional[list[bool]] = None,
) -> Optional[list[bool]]:
    """Which rows are parents when each parent's amounts are the sums of the rows after it, up to
    the next parent, and the parents add up to ``total`` (the level above, when it has amounts).
    None when no such reading exists, or when nothing but zeros would decide it. Pure.

    Rows of zeros after a parent's sum is reached fit under it or under a parent of their own
    alike: ``like_parents`` (per row, does it look like a parent) settles that, else they stay
    under the parent before them."""
    if not values or not any(any(v) for v in values):
        return None
    width = len(values[0])
    steps = [0]

    def add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(x + y for x, y in zip(a, b))

    def read(start: int, heads: tuple[int, ...]) -> Optional[list[bool]]:
        steps[0] += 1
        if steps[0] > SEARCH_BUDGET:
            return None
        if start == len(values):
            return [] if total is None or heads == total else None
        head, running, fits = values[start], (0,) * width, []
        for count in range(1, len(values) - start):
            running = add(running, values[start + count])
            if any(r > h for r, h in zip(running, head)):
                break  # sums only grow
            if running == head:
                fits.append(count)

        # The run that takes in fewest rows looking like parents, then the longest: rows of zeros
        # after the sum is reached (nothing spent yet) are more of the same rows.
        def taken(count: int) -> int:
            return sum(like_parents[start + 1 : start + count + 1]) if like_parents else 0

        for count in sorted(fits, key=lambda c: (taken(c), -c)):
            if (rest := read(start + count + 1, add(heads, head))) is not None:
                return [True, *([False] * count), *rest]
        # A parent without rows under it: only where the level above checks the sum.
        if total is not None and (rest := read(start + 1, add(heads, head))) is not None:
            return [True, *rest]
        return None

    found = read(0, (0,) * width)
    if found is None or not any(not parent for parent in found):
        return None
    return found


def settle(table: PlanTable) -> None:
    """Replace each row's stacked cell by the hierarchy levels it names (see the module doc)."""
    rows = table.rows
    levels = column_vocab().stacked_levels
    if not levels:
        return
    area = area_index()
    below = area + 1
    own = [row.cells.pop(Role.STACKED, "").strip() for row in rows]
    chosen: list[Optional[int]] = [None] * len(rows)
    heading = [False] * len(rows)
    for i, (row, text) in enumerate(zip(rows, own)):
        if not text:
            continue
        named = level_named_by(text)
        if named is not None:
            chosen[i] = named
        elif Role.STACKED in row.bold or is_upper_case(text):
            heading[i] = True
            chosen[i] = area if row.cells.get(Role.INDICATOR) else max(area - 1, 0)
    columns = amount_columns([row for row, text in zip(rows, own) if text])
    # The plain rows, in runs under one heading (or under one named level below the area).
    runs: list[tuple[Optional[int], list[int]]] = [(None, [])]
    for i, text in enumerate(own):
        if not text:
            continue
        if chosen[i] is None:
            runs[-1][1].append(i)
        else:
            runs.append((i, []))
    runs = [(start, run) for start, run in runs if run]
    fixed = list(chosen)
    for start, run in runs:
        resolve_run(rows, run, start, chosen, columns, below)
    # Where zeros leave the sums undecided, a row looks like the parents the sums did find when
    # its indicator opens with a word that opens theirs more often than their children's.
    opening = [first_word(row.cells.get(Role.INDICATOR, "")) for row in rows]
    parents = Counter(opening[i] for _, run in runs for i in run if chosen[i] == below)
    children = Counter(opening[i] for _, run in runs for i in run if chosen[i] == below + 1)
    like_parents = [parents[w] > children[w] for w in opening]
    chosen[:] = fixed
    for start, run in runs:
        if not resolve_run(rows, run, start, chosen, columns, below, like_parents):
            table.levels_unsettled = True
    # Assign the levels, top-down: a level clears every level under it.
    current: dict[int, str] = {}
    for row, text, level in zip(rows, own, chosen):
        if text and level is not None:
            current = {k: v for k, v in current.items() if k < level}
            current[level] = text
        for role in (Role.AREA, Role.ACTIVITY, *SUB_LEVELS):
            row.cells.pop(role, None)
        if area in current:
            row.cells[Role.AREA] = current[area]
        for depth, role in enumerate((Role.ACTIVITY, *SUB_LEVELS)):
            if below + depth in current:
                row.cells[role] = current[below + depth]
    table.level_headers = {
        role.value: levels[area + depth][0]
        for depth, role in enumerate((Role.AREA, Role.ACTIVITY, *SUB_LEVELS))
        if area + depth < len(levels)
    }


def resolve_run(
    rows: list[TableRow],
    run: list[int],
    start: Optional[int],
    chosen: list[Optional[int]],
    columns: list[str],
    below: int,
    like_parents: Optional[list[bool]] = None,
) -> bool:
    """Give the plain rows of one run their levels (see the module doc). False when three rows
    or more with amounts found no parents by their sums: they stay one level, as printed flat
    (a text layer's figures are as printed; a scan's may be misread)."""
    parent = chosen[start] if start is not None else None
    if parent is not None and parent >= below:  # under a level named by its word
        for i in run:
            chosen[i] = parent + 1
        return True
    bold = [Role.STACKED in rows[i].bold for i in run]
    if any(bold) and not all(bold):
        for i, is_bold in zip(run, bold):
            chosen[i] = below if is_bold else below + 1
        return True
    total = None
    if start is not None and parent is not None and parent == below - 1 and columns:
        total = amounts_of(rows[start], columns)
        total = total if any(total) else None
    hints = [like_parents[i] for i in run] if like_parents else None
    values = [amounts_of(rows[i], columns) for i in run]
    found = parents_by_sums(values, total, hints) if columns else None
    for k, i in enumerate(run):
        chosen[i] = below if found is None or found[k] else below + 1
    return found is not None or len(run) < UNSETTLED_RUN_MIN or not any(map(any, values))
