"""Stage 5, schedule: the printed schedule ('Januari-Desember', 'TW I s.d. TW IV' …) as months.

Pure: ``parse(text, plan_year) -> Schedule``. Unreadable or ambiguous text gives empty months
and a warning, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(slots=True)
class Schedule:
    months: list[int] = field(default_factory=list)
    quarters: list[int] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # YYYY-MM, when the range leaves the plan year
    warnings: list[str] = field(default_factory=list)


def parse(text: str, plan_year: Optional[int] = None) -> Schedule:
    return Schedule()
