"""JSON Schema generated from the models; the files in schemas/ are committed copies."""

from __future__ import annotations

import json
from pathlib import Path

from rencana.contract.models import CorpusRecord, DecreeDocument

SCHEMAS = {"decree.schema.json": DecreeDocument, "record.schema.json": CorpusRecord}


def schema_text(model) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(folder: Path) -> list[Path]:
    from rencana.corpus.export import write_atomic

    written = []
    for name, model in SCHEMAS.items():
        write_atomic(folder / name, schema_text(model))
        written.append(folder / name)
    return written
