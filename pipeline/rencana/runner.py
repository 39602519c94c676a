"""read → clean → structure → tables → records (schedules normalised inside) → validate.

The runner is an ordered list of stages; each takes and returns the document's state.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from rencana.stages import clean
from rencana.stages.page import read
from rencana.stages import records
from rencana.stages.structure import metadata as structure
from rencana.stages.tables import assemble as tables
from rencana.stages import validate
from rencana.contract.models import DecreeDocument
from rencana.options import ExtractOptions
from rencana.core.state import Extraction

Stage = Callable[[Extraction], Extraction]

STAGES: list[Stage] = [read.run, clean.run, structure.run, tables.run, records.run, validate.run]


def extract(path: str | Path, options: ExtractOptions | None = None) -> DecreeDocument:
    """Run every stage on one PDF. Raises ``BadInput`` for files that are not readable decrees."""
    state = Extraction(path=Path(path), options=options or ExtractOptions())
    for stage in STAGES:
        state = stage(state)
    return DecreeDocument(source=state.source, metadata=state.metadata,
                          records=state.records, warnings=state.warnings)
