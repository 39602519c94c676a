"""Column roles read from what a column holds, for columns whose header names none.

Header wording is the first clue (headers.py); a header the vocabulary does not know, or one
that is missing, leaves the column without a role. Its body cells may still say what it is:
schedules ("B03", "Triwulan II", "Januari - Desember"), amounts ("28,017,134"), unit words
("Dokumen", "Laporan", "%") or office names ("Dinas …", "Sub Bagian …"). The vocabulary is
data (vocab/columns.yaml ``content``). A column whose cells agree on none stays without a role
and its text is kept on the records as extra.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Optional

from rencana import vocab
from rencana.core import amounts
from rencana.core.roles import Role
from rencana.stages import schedule

# Share of a column's non-empty body cells that must agree on a kind before it takes that role.
CONTENT_MIN_SHARE = 0.7
# Fewer filled cells than this say too little about a column.
CONTENT_MIN_CELLS = 2

# The least a budget column's cell holds: smaller figures are counts and targets as often as money.
MIN_BUDGET_RUPIAH = 1000


@lru_cache(maxsize=1)
def _content_vocab() -> tuple[frozenset[str], tuple[str, ...]]:
    data = vocab.load("columns.yaml").get("content") or {}
    units = frozenset(str(w).lower() for w in data.get("unit_words", []))
    offices = tuple(str(w).lower() for w in data.get("office_words", []))
    return units, offices


def is_amount(text: str) -> bool:
    """A rupiah amount as a budget column prints it ("28,017,134", "Rp 1,5 juta", "5.000.000,-")."""
    value = amounts.rupiah(text)
    return value is not None and value >= MIN_BUDGET_RUPIAH


def is_unit(text: str) -> bool:
    units, _ = _content_vocab()
    return text.strip().lower().rstrip(".") in units


def is_office(text: str) -> bool:
    _, offices = _content_vocab()
    low = text.strip().lower()
    return any(low.startswith(word) for word in offices)


def is_schedule(text: str) -> bool:
    """A cell that reads as a schedule on its own, without a warning."""
    if is_amount(text) or text.strip().isdigit():
        return False
    parsed = schedule.parse(text)
    return bool(parsed.months or parsed.quarters) and not parsed.warnings


# Kinds in the order they are tried; the first a column's cells agree on gives its role.
KINDS: tuple[tuple[Role, Callable[[str], bool]], ...] = (
    (Role.SCHEDULE, is_schedule),
    (Role.BUDGET, is_amount),
    (Role.UNIT, is_unit),
    (Role.PIC, is_office),
)


def role_from_cells(texts: list[str], taken: set[Role]) -> Optional[Role]:
    """The role most of a column's body texts agree on, if no other column has it. Pure."""
    filled = [t for t in texts if t.strip()]
    if len(filled) < CONTENT_MIN_CELLS:
        return None
    for role, test in KINDS:
        if role in taken:
            continue
        if sum(1 for t in filled if test(t)) >= CONTENT_MIN_SHARE * len(filled):
            return role
    return None


def settle_from_content(
    roles: list[Optional[Role]], column_texts: list[list[str]]
) -> list[Optional[Role]]:
    """Give each column without a role the role its cells agree on (see ``role_from_cells``)."""
    out = list(roles)
    taken = {r for r in roles if r}
    if any(r and r.is_grid for r in taken):
        taken.add(Role.SCHEDULE)  # a month or quarter grid is the schedule already
    for col, role in enumerate(roles):
        if role is None and col < len(column_texts):
            found = role_from_cells(column_texts[col], taken)
            if found:
                out[col] = found
                taken.add(found)
    return out
