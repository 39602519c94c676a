"""Stage 7, validate: semantic checks that add warnings, never silent fixes.

The pydantic models check types; this stage checks meaning:
- a decree without a plan table (``no_plan_table``);
- an indicator without a schedule, a schedule not understood, an activity without indicators
  (each record carries its own warning; here they become document warnings with their page);
- a plan year that disagrees with the title's or the table header's "Tahun yyyy";
- a page whose text layer read as poor Indonesian and was OCR'd again (``text_layer_poor``, with
  the page; the page stage decided, see stages/page/text.py).
"""

from __future__ import annotations

import re
from typing import Optional

from rencana.core.codes import WarningCode
from rencana.core.state import Extraction

_YEAR = re.compile(r"\btahun\s+((?:19|20)\d{2})\b", re.I)


def years_named(text: Optional[str]) -> set[int]:
    """Years written as 'Tahun yyyy' in a text."""
    return {int(y) for y in _YEAR.findall(text or "")}


def record_warnings(state: Extraction) -> None:
    if len(state.record_warnings) != len(state.records):  # a stage changed one list, not both
        raise ValueError("records and their typed warnings are out of step")
    for record, warnings in zip(state.records, state.record_warnings):
        page = record.pages[0] if record.pages else None
        label = record.indicator or record.activity
        for warning in warnings:
            state.warn(warning.code, f"{label[:60]!r}: {warning.message}", page)


def plan_year_checks(state: Extraction) -> None:
    plan_year = state.metadata.plan_year
    if plan_year is None:
        if state.records:
            state.warn(
                WarningCode.PLAN_YEAR_UNKNOWN,
                "the plan year was not found; months are read without a year",
            )
        return
    title_years = years_named(state.metadata.title)
    if title_years and plan_year not in title_years:
        state.warn(
            WarningCode.PLAN_YEAR_MISMATCH,
            f"plan year {plan_year} disagrees with the title's year(s) {sorted(title_years)}",
        )
    for table in state.tables:
        header_years = years_named(" ".join(table.header))
        if header_years and plan_year not in header_years:
            state.warn(
                WarningCode.PLAN_YEAR_MISMATCH,
                f"plan year {plan_year} disagrees with the table header's year(s) {sorted(header_years)}",
                table.pages[0] if table.pages else None,
            )


def text_layer_checks(state: Extraction) -> None:
    """Name each page whose poor text layer was set aside for OCR (the read stage said why), and
    the OCR'd words each page had respelled."""
    for page in state.pages:
        if page.layer_set_aside:
            state.warn(WarningCode.TEXT_LAYER_POOR, page.layer_set_aside, page.number)
        if page.picture_read:
            state.warn(WarningCode.TABLE_PICTURE_READ, page.picture_read, page.number)
        if page.respelled:
            changes = ", ".join(f"{read!r} -> {fixed!r}" for read, fixed in page.respelled)
            state.warn(
                WarningCode.OCR_RESPELLED,
                f"OCR'd words respelled as the Indonesian word list has them: {changes}",
                page.number,
            )


def run(state: Extraction) -> Extraction:
    text_layer_checks(state)
    if not state.records:
        state.warn(WarningCode.NO_PLAN_TABLE, "no plan table was found")
        return state
    record_warnings(state)
    plan_year_checks(state)
    return state
