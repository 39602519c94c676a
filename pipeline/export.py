"""Serialise decree documents: JSON, flat record rows, and atomic file writes."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from .models import DecreeDocument, Record

# Flat record columns in a stable order; list fields are joined so spreadsheets can read them.
RECORD_COLUMNS = [
    "area_number", "area", "canonical_area", "activity_number", "activity", "indicator",
    "schedule_text", "months", "quarters", "periods", "quarter_targets", "target", "pic", "unit",
    "budget", "note", "pages", "bbox", "confidence", "warnings",
]


def document_json(doc: DecreeDocument) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def flat_record(record: Record) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    row["months"] = ",".join(str(m) for m in record.months)
    row["quarters"] = ",".join(str(q) for q in record.quarters)
    row["periods"] = ",".join(record.periods)
    row["quarter_targets"] = ";".join(f"TW{t.quarter}={t.value}" for t in record.quarter_targets)
    row["pages"] = ",".join(str(p) for p in record.pages)
    row["bbox"] = ",".join(f"{v:.1f}" for v in record.bbox) if record.bbox else ""
    row["warnings"] = "; ".join(record.warnings)
    return {key: row.get(key) for key in RECORD_COLUMNS}


def records_csv(records: Iterable[Record]) -> str:
    import pandas as pd

    frame = pd.DataFrame([flat_record(r) for r in records], columns=RECORD_COLUMNS)
    frame["area_number"] = frame["area_number"].astype("Int64")
    return frame.to_csv(index=False)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temp file beside ``path`` and rename, so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
