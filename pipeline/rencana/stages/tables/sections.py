"""Lettered section headings over the parts of one plan table ("A. HARI LIBUR NASIONAL …" over
one part, "B. CUTI BERSAMA …" over the next): the table's areas.

A LAMPIRAN may print its plan as several tables with the same columns, each under a heading
lettered A., B. …; each heading is then the area of the rows under it. A single lettered heading
("A. Jadwal Kegiatan" over the only table) is the table's title, not an area: only two or more
headings, lettered in order, over a table that has no area of its own make areas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

from rencana.core.roles import Role
from rencana.core.types import BBox, PlanTable, Word
from rencana.stages.tables.borderless import lines_of, text_of

# "A. HARI LIBUR …", "B) Cuti Bersama": a capital letter, its full stop or bracket, the heading.
HEADING_RE = re.compile(r"^([A-H])\s?[.)]\s+(\S.*)$")
# The heading's line sits at most this many of its own line heights above the table's top.
MAX_GAP_LINES = 3.0
# ... and starts no further left of the table, or right of its left edge, than this share of the
# table's width (a heading is set flush with the table or slightly outdented).
MAX_INDENT_SHARE = 0.15


def heading_above(words: Sequence[Word], table: BBox) -> Optional[tuple[str, str]]:
    """The (letter, text) of the lettered heading on the line right above ``table``, if the line
    nearest above it is one. ``words`` are the page's words outside its tables. Pure."""
    x0, top, x1, _ = table
    slack = MAX_INDENT_SHARE * (x1 - x0)
    above = [
        line
        for line in lines_of(
            [w for w in words if w.bottom <= top + 1.0 and w.x1 > x0 and w.x0 < x1]
        )
        if line
    ]
    if not above:
        return None
    line = max(above, key=lambda ws: max(w.bottom for w in ws))
    line_top, line_bottom = min(w.top for w in line), max(w.bottom for w in line)
    if top - line_bottom > MAX_GAP_LINES * (line_bottom - line_top):
        return None
    if abs(min(w.x0 for w in line) - x0) > slack:
        return None
    match = HEADING_RE.match(text_of(line))
    return (match.group(1), match.group(2).strip()) if match else None


def take_sections_as_areas(table: PlanTable) -> None:
    """Two or more headings lettered in order (A., B. …) over the parts of a table without areas
    set each part's rows' area: the letter numbers it, the heading names it."""
    sections = table.sections
    if len(sections) < 2 or sections[0][0] != 0 or Role.AREA in table.roles:
        return
    letters = [ord(letter) for _, letter, _ in sections]
    if letters != list(range(letters[0], letters[0] + len(letters))):
        return
    if any(row.cells.get(Role.AREA) or row.banner for row in table.rows):
        return
    ends = [start for start, _, _ in sections[1:]] + [len(table.rows)]
    for (start, letter, text), end in zip(sections, ends):
        for row in table.rows[start:end]:
            row.cells[Role.AREA_NUMBER] = letter
            row.cells[Role.AREA] = text
