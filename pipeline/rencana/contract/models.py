"""The output contract: pydantic models that other tools rely on.

This module stands alone: it imports nothing from the stages. The JSON Schema files in
``schemas/`` are generated from these models (``rencana schema``) and a test fails when
they drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from rencana.core.bbox import BBox

SCHEMA_VERSION = "1.1"


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
    target: Optional[str] = None
    pic: Optional[str] = None
    unit: Optional[str] = None
    budget: Optional[str] = None
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


class Warning_(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Warning")
    code: str = Field(description="Stable machine code, e.g. no_plan_table, schedule_unparsed")
    message: str
    page: Optional[int] = None


class DecreeDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: str = SCHEMA_VERSION
    source: Source
    metadata: Metadata = Field(default_factory=Metadata)
    records: list[Record] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
