"""Column roles of a plan table: a ``StrEnum``, typed in the code, whose values are the role
names that vocab/columns.yaml uses."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a plan-table column holds. A month or quarter grid column is one member per period."""

    NUMBER = "number"
    AREA = "area"
    AREA_NUMBER = "area_number"
    ACTIVITY_NUMBER = "activity_number"
    ACTIVITY = "activity"
    INDICATOR = "indicator"
    SCHEDULE = "schedule"
    TARGET = "target"
    PIC = "pic"
    UNIT = "unit"
    BUDGET = "budget"
    NOTE = "note"
    LEVEL = "level"  # a header naming a hierarchy level (Misi, Tujuan, Program, Sub Kegiatan …)
    PARENT = "parent"  # a header cell spanning a grid ("Waktu Pelaksanaan" over the months)
    DUPLICATE = "duplicate"  # a second column of a role already taken: kept, not read
    # One column holding several hierarchy levels, each row's told by its type or its first word
    # ("Urusan/Bidang Urusan/Program/Kegiatan"): see tables/stacked.py.
    STACKED = "stacked"
    # The hierarchy levels between the activity and the indicator, top-down.
    LEVEL_1 = "level:1"
    LEVEL_2 = "level:2"
    LEVEL_3 = "level:3"
    LEVEL_4 = "level:4"
    MONTH_1 = "month:1"
    MONTH_2 = "month:2"
    MONTH_3 = "month:3"
    MONTH_4 = "month:4"
    MONTH_5 = "month:5"
    MONTH_6 = "month:6"
    MONTH_7 = "month:7"
    MONTH_8 = "month:8"
    MONTH_9 = "month:9"
    MONTH_10 = "month:10"
    MONTH_11 = "month:11"
    MONTH_12 = "month:12"
    QUARTER_1 = "quarter:1"
    QUARTER_2 = "quarter:2"
    QUARTER_3 = "quarter:3"
    QUARTER_4 = "quarter:4"
    # A half-year grid ("Semester I | Semester II"): read as quarters are, each half six months.
    SEMESTER_1 = "semester:1"
    SEMESTER_2 = "semester:2"

    @classmethod
    def month(cls, number: int) -> Role:
        return cls.period("month", number)

    @classmethod
    def quarter(cls, number: int) -> Role:
        return cls.period("quarter", number)

    @classmethod
    def semester(cls, number: int) -> Role:
        return cls.period("semester", number)

    @classmethod
    def period(cls, kind: str, number: int) -> Role:
        """``period("month", 3)`` is ``MONTH_3``; ``kind`` is "month", "quarter" or "semester"."""
        return cls(f"{kind}:{number}")

    @classmethod
    def sub_level(cls, depth: int) -> Role:
        """``sub_level(1)`` is ``LEVEL_1``, the level under the activity."""
        return cls(f"level:{depth}")

    @property
    def period_kind(self) -> str | None:
        """ "month", "quarter" or "semester" for a grid column, else None."""
        kind, sep, _ = self.value.partition(":")
        return kind if sep and kind != "level" else None

    @property
    def is_sub_level(self) -> bool:
        return self.value.startswith("level:")

    @property
    def period_number(self) -> int:
        """The month (1-12), quarter (1-4) or half (1-2) of a grid column; 0 for any other role."""
        _, _, number = self.value.partition(":")
        return int(number) if self.period_kind else 0

    @property
    def is_month(self) -> bool:
        return self.period_kind == "month"

    @property
    def is_quarter(self) -> bool:
        return self.period_kind == "quarter"

    @property
    def is_semester(self) -> bool:
        return self.period_kind == "semester"

    @property
    def period_months(self) -> tuple[int, ...]:
        """The months a grid column's period spans: its month, its quarter's three, its half's
        six; none for any other role."""
        span = {"month": 1, "quarter": 3, "semester": 6}.get(self.period_kind or "", 0)
        return tuple(range(span * (self.period_number - 1) + 1, span * self.period_number + 1))

    @property
    def is_grid(self) -> bool:
        return self.period_kind is not None
