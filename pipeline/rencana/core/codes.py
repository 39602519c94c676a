"""Stable warning codes, and a record's warning as a typed value (its text is "code: message")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class WarningCode(StrEnum):
    """Stable codes of record and document warnings (``Record.warnings`` start with one)."""

    SCHEDULE_UNPARSED = "schedule_unparsed"
    SCHEDULE_CORRECTED = "schedule_corrected"
    NO_SCHEDULE = "indicator_without_schedule"
    NO_INDICATOR = "activity_without_indicators"
    OCR_LOW_CONFIDENCE = "ocr_low_confidence"
    OCR_NO_TABLE = "ocr_no_table"
    COLUMN_UNKNOWN = "column_unknown"
    NO_PLAN_TABLE = "no_plan_table"
    METADATA_MISSING = "metadata_missing"
    PLAN_YEAR_UNKNOWN = "plan_year_unknown"
    PLAN_YEAR_MISMATCH = "plan_year_mismatch"
    FONT_SHIFTED = "font_shifted"
    TABLE_REPEATED = "table_repeated"
    TABLE_NOT_READ = "table_not_read"
    TABLE_WITHOUT_SCHEDULE = "table_without_schedule"
    TEXT_LAYER_POOR = "text_layer_poor"
    # A typed page whose table is a picture (no text over it), read through OCR.
    TABLE_PICTURE_READ = "table_picture_read"
    METADATA_IMPLAUSIBLE = "metadata_implausible"
    # A metadata value read through a misspelling ("08 Meret 2022": the month read as Maret).
    METADATA_CORRECTED = "metadata_corrected"
    # A metadata value OCR read whose look-alike glyphs the page image did not settle (a NOMOR's
    # "11" that may be a Roman "II").
    METADATA_UNSURE = "metadata_unsure"
    # OCR'd words respelled from the Indonesian word list ("tcknis" -> "teknis"), per page.
    OCR_RESPELLED = "ocr_respelled"
    # An area's number misread as none, numbered by the areas before and after it.
    AREA_NUMBER_PLACED = "area_number_placed"
    # A level's number misread as its area's ("7" for "7.1" in area 7), numbered by the next.
    NUMBER_PLACED = "number_placed"
    # An OCR'd record holding words OCR may have misread: read doubtfully as no listed word, a
    # listed word a second reading did not bear out, a stray symbol, quote or "!".
    OCR_DOUBTFUL_WORDS = "ocr_doubtful_words"
    ITEMS_MISSING = "items_missing"
    # A page of a damaged file that could not be read (even after a repair pass) and was left out.
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True, slots=True)
class RecordWarning:
    """A warning on one record. ``Record.warnings`` holds its text; validate reads the typed value."""

    code: WarningCode
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
