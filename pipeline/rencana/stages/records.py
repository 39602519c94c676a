"""Stage 6, records: one Record per indicator row, schedules normalised through schedule.parse.

Contract: reads ``state.tables`` and ``state.metadata``; sets ``state.records``.
A grid row's months come from its marks (a quarter with a non-zero mark schedules its three
months); a free-text schedule goes through ``schedule.parse``. Nothing unreadable is guessed:
it gives empty months and a warning on the record.
"""

from __future__ import annotations

from typing import Optional

from rencana.contract.models import QuarterTarget, Record
from rencana.core import geometry
from rencana.core.areas import canonical_area
from rencana.core.codes import RecordWarning, WarningCode
from rencana.core.roles import Role
from rencana.core.state import Extraction
from rencana.core.types import PlanTable, TableRow
from rencana.stages import schedule
from rencana.stages.schedule import is_mark
from rencana.stages.tables.rows import area_number_of

OPTIONAL_ROLES = (Role.TARGET, Role.PIC, Role.UNIT, Role.BUDGET, Role.NOTE)
QUARTER_MONTHS = {1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9], 4: [10, 11, 12]}


def record_of(row: TableRow, plan_year: Optional[int]) -> Optional[Record]:
    """The record of one logical row, or None for a row with neither activity nor indicator."""
    built = record_and_warnings(row, plan_year)
    return built[0] if built else None


def record_and_warnings(
    row: TableRow, plan_year: Optional[int]
) -> Optional[tuple[Record, list[RecordWarning]]]:
    """The record of one logical row with its warnings typed (its ``warnings`` hold their text)."""
    cells = row.cells
    activity, indicator = cells.get(Role.ACTIVITY, ""), cells.get(Role.INDICATOR, "")
    if not activity and not indicator:
        return None
    schedule_text = cells.get(Role.SCHEDULE, "")
    months: set[int] = set()
    quarters: list[int] = []
    periods: list[str] = []
    targets: list[QuarterTarget] = []
    warnings: list[RecordWarning] = []
    if row.months_marked:
        months.update(row.months_marked)
    if row.quarter_marks:
        for quarter, value in sorted(row.quarter_marks.items()):
            targets.append(QuarterTarget(quarter=quarter, value=value))
            if is_mark(value):  # '0', '0%', '-' schedule nothing
                quarters.append(quarter)
                months.update(QUARTER_MONTHS[quarter])
    if schedule_text and not months:
        parsed = schedule.parse(schedule_text, plan_year)
        months.update(parsed.months)
        quarters = list(parsed.quarters)
        periods = list(parsed.periods)
        warnings.extend(RecordWarning(WarningCode.SCHEDULE_UNPARSED, w) for w in parsed.warnings)
        warnings.extend(
            RecordWarning(WarningCode.SCHEDULE_CORRECTED, c) for c in parsed.corrections
        )
        if not parsed.months and not parsed.periods and not parsed.warnings:
            warnings.append(
                RecordWarning(
                    WarningCode.SCHEDULE_UNPARSED, f"schedule {schedule_text!r} not understood"
                )
            )
    if not schedule_text and not months:
        warnings.append(RecordWarning(WarningCode.NO_SCHEDULE, "no schedule for this indicator"))
    if not indicator:
        warnings.append(RecordWarning(WarningCode.NO_INDICATOR, "activity without indicator"))
    warnings += row.warnings
    area = cells.get(Role.AREA, "")
    extra = {role: cells[role] or None for role in OPTIONAL_ROLES if role in cells}
    record = Record(
        area_number=area_number_of(cells.get(Role.AREA_NUMBER, "")),
        area=area,
        canonical_area=canonical_area(area) if area else None,
        activity_number=cells.get(Role.ACTIVITY_NUMBER) or None,
        activity=activity,
        indicator=indicator,
        schedule_text=schedule_text,
        months=sorted(months),
        quarters=sorted(set(quarters)),
        periods=periods,
        quarter_targets=targets,
        pages=list(row.pages),
        bbox=tuple(round(v, 2) for v in row.bbox) if row.bbox else None,
        confidence=row.confidence,
        warnings=[str(w) for w in warnings],
        **extra,
    )
    return record, warnings


def build(
    tables: list[PlanTable], plan_year: Optional[int]
) -> list[tuple[Record, list[RecordWarning]]]:
    return [
        built
        for table in tables
        for row in table.rows
        if (built := record_and_warnings(row, plan_year))
    ]


def run(state: Extraction) -> Extraction:
    built = build(state.tables, state.metadata.plan_year)
    state.records = [record for record, _ in built]
    state.record_warnings = [warnings for _, warnings in built]
    if state.source and state.source.ocr_pages:
        _add_ocr_confidence(state)
    return state


def _add_ocr_confidence(state: Extraction) -> None:
    """OCR'd records get the confidence of the words in their row; low ones get a warning."""
    words_by_page = {page.number: page.words for page in state.pages if page.ocr}
    threshold = state.options.ocr_confidence_threshold
    for record, warnings in zip(state.records, state.record_warnings):
        if not record.pages or record.bbox is None or record.pages[0] not in words_by_page:
            continue
        record.confidence = geometry.words_confidence(words_by_page[record.pages[0]], record.bbox)
        if record.confidence is not None and record.confidence < threshold:
            warning = RecordWarning(
                WarningCode.OCR_LOW_CONFIDENCE,
                f"OCR confidence {record.confidence:.2f} is below {threshold:.2f}; review this row",
            )
            warnings.append(warning)
            record.warnings.append(str(warning))
