"""The output contract: pydantic models that other tools rely on.

This module stands alone: it imports nothing from the stages. The JSON Schema files in
``schemas/`` are generated from these models (``rencana schema``) and a test fails when
they drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rencana.core.amounts import rupiah, target_number
from rencana.core.bbox import BBox

SCHEMA_VERSION = "1.3"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str = Field(description="File name of the decree PDF")
    sha256: str = Field(description="Content hash of the PDF; the decree's identity")
    pages: int = Field(ge=0, description="Page count")
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages read through OCR")


class LegalBasis(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    form: Optional[str] = Field(
        None, description="e.g. Undang-Undang, Peraturan Presiden, Keputusan KPU"
    )
    number: Optional[str] = None
    year: Optional[int] = None
    subject: Optional[str] = Field(None, description="The 'tentang …' part")


class Dictum(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(description="KESATU, KEDUA … (or Pasal N)")
    text: str


class Metadata(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Optional[str] = Field(
        None, description="Keputusan, Undang-Undang, Peraturan Pemerintah …"
    )
    issuer: Optional[str] = None
    office_level: Optional[str] = Field(None, description="pusat, provinsi, kabupaten, kota")
    region: Optional[str] = None
    number: Optional[str] = Field(None, description="Designation after NOMOR, without 'TAHUN yyyy'")
    year: Optional[int] = None
    plan_year: Optional[int] = None
    title: Optional[str] = Field(None, description="The TENTANG text")
    official: Optional[str] = Field(
        None, description="The office that issues it, e.g. KETUA KOMISI …"
    )
    considerations: list[str] = Field(default_factory=list, description="Menimbang items")
    legal_bases: list[LegalBasis] = Field(default_factory=list, description="Mengingat items")
    observations: list[str] = Field(default_factory=list, description="Memperhatikan items")
    dictums: list[Dictum] = Field(default_factory=list)
    enacted_place: Optional[str] = None
    enacted_date: Optional[date] = None
    valid_until: Optional[date] = None
    budget_reference: Optional[str] = Field(None, description="DIPA number")
    signatory: Optional[str] = None


class QuarterTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quarter: int = Field(ge=1, le=4)
    value: str = Field(description="The mark or target as printed: √, 1, 25% …")


class Level(BaseModel):
    """One level of the plan's hierarchy that a record sits under (or the record's own leaf)."""

    model_config = ConfigDict(extra="forbid")
    role: str = Field(
        description="area (the top level), activity (the one under it), level (deeper), "
        "or indicator (the leaf the record is about)"
    )
    header: Optional[str] = Field(
        None, description="The column header as printed ('Sub Kegiatan'); None for a banner row"
    )
    number: Optional[str] = Field(None, description="Its number as printed: 'I', '1', 'a.'")
    text: str


class Record(BaseModel):
    """One indicator row of the plan table."""

    model_config = ConfigDict(extra="forbid")
    area_number: Optional[int] = None
    area: str = ""
    canonical_area: Optional[str] = Field(
        None, description="One of the eight road-map reform areas"
    )
    activity_number: Optional[str] = Field(None, description="As printed: '1', '1.2', 'a.', 'IV'")
    activity: str = ""
    indicator: str = ""
    levels: list[Level] = Field(
        default_factory=list,
        description="Every level of the hierarchy, top-down: area, activity, deeper levels, and "
        "the indicator (the leaf); a level left blank under its parent takes the parent's text",
    )
    schedule_text: str = Field("", description="The schedule exactly as printed; '' for a grid")
    months: list[int] = Field(
        default_factory=list, description="Sorted month numbers 1-12 in the plan year"
    )
    quarters: list[int] = Field(default_factory=list)
    periods: list[str] = Field(
        default_factory=list, description="YYYY-MM for schedules that leave the plan year"
    )
    quarter_targets: list[QuarterTarget] = Field(default_factory=list)
    target: Optional[str] = Field(None, description="The target as printed: '100%', '12', '√'")
    target_value: Optional[float] = Field(
        None, description="The target's number when it is one ('100%' gives 100), else None"
    )
    target_unit: Optional[str] = Field(
        None, description="What follows the target's number ('%', 'Dokumen'), else None"
    )
    pic: Optional[str] = None
    unit: Optional[str] = None
    budget: Optional[str] = Field(None, description="The budget as printed: 'Rp 5.000.000'")
    budget_idr: Optional[int] = Field(
        None, description="The budget in whole rupiah when it is one amount, else None"
    )
    note: Optional[str] = None
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="Columns with no role (or a second column of a role), by their header",
    )
    pages: list[int] = Field(default_factory=list, description="1-based pages the row sits on")
    bbox: Optional[BBox] = Field(
        None, description="x0, top, x1, bottom on the first page, in PDF points"
    )
    confidence: Optional[float] = Field(
        None, ge=0, le=1, description="OCR confidence, when read by OCR"
    )
    warnings: list[str] = Field(default_factory=list)
    corrected: bool = Field(
        False, description="Changed or added by a correction in the corpus's corrections.jsonl"
    )
    correction_note: Optional[str] = Field(
        None, description="The note of the correction(s) that changed the record"
    )

    @model_validator(mode="after")
    def _read_numbers(self) -> Record:
        """The typed budget and target always follow the printed text they are read from."""
        self.budget_idr = rupiah(self.budget)
        self.target_value, self.target_unit = target_number(self.target)
        return self


class Warning_(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Warning")
    code: str = Field(description="Stable machine code, e.g. no_plan_table, schedule_unparsed")
    message: str
    page: Optional[int] = None


class ReviewReason(BaseModel):
    """Why a decree should be looked at by a person: one failed plausibility check, on a page."""

    model_config = ConfigDict(extra="forbid")
    check: str = Field(description="Stable check name, e.g. repeated_text, area_number_backwards")
    page: Optional[int] = Field(None, description="1-based page the reason points at")
    message: str


class Quality(BaseModel):
    """A verdict on how far the records can be trusted, so that a person reviews only the
    decrees that need it."""

    model_config = ConfigDict(extra="forbid")
    records: int = Field(0, ge=0, description="Number of records")
    complete_records: int = Field(
        0, ge=0, description="Records with every level of their table, an indicator and a schedule"
    )
    unparsed_schedules: int = Field(
        0, ge=0, description="Records whose schedule was not understood"
    )
    columns_without_role: int = Field(
        0, ge=0, description="Plan-table columns whose header names no known role"
    )
    needs_review: bool = Field(False, description="True when any plausibility check failed")
    reasons: list[ReviewReason] = Field(
        default_factory=list, description="Each failed check with the page it points at"
    )


class DecreeDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: str = SCHEMA_VERSION
    source: Source
    metadata: Metadata = Field(default_factory=Metadata)
    records: list[Record] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
    quality: Quality = Field(default_factory=Quality)


class CorpusRecord(Record):
    """One line of an ingested corpus's records.jsonl: a record with its decree's fields, so a
    row stands alone (``schemas/record.schema.json``)."""

    model_config = ConfigDict(extra="forbid", title="CorpusRecord")
    decree_id: str = Field(description="sha256 of the decree PDF")
    decree_name: str = Field(description="Stem of decrees/<name>.json")
    record_index: int = Field(ge=0, description="0-based position of the record in its decree")
    decree_kind: Optional[str] = Field(None, description="The decree's kind, e.g. Keputusan")
    decree_number: Optional[str] = Field(None, description="The decree's NOMOR")
    issuer: Optional[str] = Field(None, description="The issuing office")
    office_level: Optional[str] = Field(None, description="pusat, provinsi, kabupaten, kota")
    region: Optional[str] = Field(None, description="The office's region")
    plan_year: Optional[int] = Field(None, description="The year the plan is for")
    needs_review: bool = Field(False, description="The decree's quality verdict asks for review")
    source_file: str = Field(description="File name of the PDF")
