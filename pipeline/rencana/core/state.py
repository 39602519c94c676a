"""The state one document carries through the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rencana.contract.models import Metadata, Quality, Record, Source, Warning_
from rencana.core.codes import RecordWarning, WarningCode
from rencana.core.types import PageContent, PlanTable, TextLine
from rencana.options import ExtractOptions


@dataclass
class Extraction:
    path: Path
    options: ExtractOptions = field(default_factory=ExtractOptions)
    source: Optional[Source] = None
    pages: list[PageContent] = field(default_factory=list)
    unreadable_pages: list[tuple[int, str]] = field(default_factory=list)  # page number, why
    body_lines: list[TextLine] = field(default_factory=list)  # cleaned text outside plan tables
    metadata: Metadata = field(default_factory=Metadata)
    tables: list[PlanTable] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    # Each record's warnings, typed, in the order of ``records`` (validate reads these).
    record_warnings: list[list[RecordWarning]] = field(default_factory=list)
    quality: Quality = field(default_factory=Quality)
    # The page where a signature's strokes cross the place of a signatory's name left unread.
    name_under_signature: Optional[int] = None

    def warn(self, code: WarningCode, message: str, page: int | None = None) -> None:
        self.warnings.append(Warning_(code=code.value, message=message, page=page))
