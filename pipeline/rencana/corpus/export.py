"""Serialise decree documents: JSON, flat record rows, and atomic file writes."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rencana.contract.models import DecreeDocument, Record

# A record's levels in one flat cell, top-down ("Program … > Kegiatan … > Sub Kegiatan …").
LEVEL_SEPARATOR = " > "
# Mapping fields that a flat row holds as JSON text.
FLAT_AS_JSON = {"extra"}
# Flat record columns in a stable order; list fields are joined so spreadsheets can read them.
RECORD_COLUMNS = [
    "area_number",
    "area",
    "canonical_area",
    "activity_number",
    "activity",
    "indicator",
    "levels",
    "schedule_text",
    "months",
    "quarters",
    "periods",
    "quarter_targets",
    "target",
    "pic",
    "unit",
    "budget",
    "note",
    "extra",
    "pages",
    "bbox",
    "confidence",
    "warnings",
]


def document_json(doc: DecreeDocument) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def flat_record(record: Record) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    row["months"] = ",".join(str(m) for m in record.months)
    row["quarters"] = ",".join(str(q) for q in record.quarters)
    row["periods"] = ",".join(record.periods)
    row["quarter_targets"] = ";".join(f"TW{t.quarter}={t.value}" for t in record.quarter_targets)
    row["levels"] = LEVEL_SEPARATOR.join(level.text for level in record.levels)
    row["extra"] = json.dumps(record.extra, ensure_ascii=False) if record.extra else ""
    row["pages"] = ",".join(str(p) for p in record.pages)
    row["bbox"] = ",".join(f"{v:.1f}" for v in record.bbox) if record.bbox else ""
    row["warnings"] = "; ".join(record.warnings)
    return {key: row.get(key) for key in RECORD_COLUMNS}


def records_csv(records: Iterable[Record]) -> str:
    import pandas as pd

    frame = pd.DataFrame([flat_record(r) for r in records], columns=RECORD_COLUMNS)
    frame["area_number"] = frame["area_number"].astype("Int64")
    return frame.to_csv(index=False)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temp file beside ``path`` and rename, so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# --- Corpus outputs ---------------------------------------------------------------------------
# Column types come from the pydantic models' JSON Schema (the same source as schemas/), so the
# sqlite columns, the Parquet dtypes and the Frictionless descriptor cannot drift from it.
# A list field is flattened to one string (see flat_record), so its flat type is "string".

# Decree fields repeated on every flat record, so a record row stands alone.
RECORD_DECREE_COLUMNS = [
    "decree_id",
    "decree_name",
    "decree_number",
    "issuer",
    "plan_year",
    "source_file",
    "record_index",
]
FLAT_RECORD_COLUMNS = RECORD_DECREE_COLUMNS + RECORD_COLUMNS

# Scalar metadata fields that become decree columns; list fields live in their own tables.
DECREE_METADATA_COLUMNS = [
    "kind",
    "issuer",
    "office_level",
    "region",
    "number",
    "year",
    "plan_year",
    "title",
    "official",
    "enacted_place",
    "enacted_date",
    "valid_until",
    "budget_reference",
    "signatory",
]
DECREE_COLUMNS = (
    ["decree_id", "name", "source_file", "sha256", "pages", "ocr_pages"]
    + DECREE_METADATA_COLUMNS
    + ["record_count", "warning_count", "warning_codes"]
)

# How list fields are joined in flat rows (documented in the datapackage descriptor).
JOINED = {
    "months": ",",
    "quarters": ",",
    "periods": ",",
    "pages": ",",
    "bbox": ",",
    "ocr_pages": ",",
    "quarter_targets": ";",
    "warnings": "; ",
    "warning_codes": ",",
    "levels": LEVEL_SEPARATOR,
}


def frictionless_type(prop: dict[str, Any]) -> str:
    """Map one JSON Schema property to the Frictionless type of its flat (CSV) column."""
    options = prop.get("anyOf", [prop])
    kinds = [o for o in options if o.get("type") != "null"]
    if len(kinds) != 1:
        return "string"
    kind = kinds[0]
    jtype = kind.get("type")
    if jtype == "string" and kind.get("format") == "date":
        return "date"
    return {"integer": "integer", "number": "number", "boolean": "boolean"}.get(jtype, "string")


def _model_types(model) -> dict[str, str]:
    return {
        name: frictionless_type(prop)
        for name, prop in model.model_json_schema()["properties"].items()
    }


def _column_types() -> tuple[dict[str, str], dict[str, str]]:
    from rencana.contract.models import Metadata

    record = _model_types(Record)
    record_types = {
        "decree_id": "string",
        "decree_name": "string",
        "decree_number": "string",
        "issuer": "string",
        "plan_year": "integer",
        "source_file": "string",
        "record_index": "integer",
    }
    record_types.update({c: record[c] for c in RECORD_COLUMNS})
    meta = _model_types(Metadata)
    decree_types = {
        "decree_id": "string",
        "name": "string",
        "source_file": "string",
        "sha256": "string",
        "pages": "integer",
        "ocr_pages": "string",
        "record_count": "integer",
        "warning_count": "integer",
        "warning_codes": "string",
    }
    decree_types.update({c: meta[c] for c in DECREE_METADATA_COLUMNS})
    return (
        {c: record_types[c] for c in FLAT_RECORD_COLUMNS},
        {c: decree_types[c] for c in DECREE_COLUMNS},
    )


RECORD_TYPES, DECREE_TYPES = _column_types()

SQL_TYPES = {
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "string": "TEXT",
}


def decree_row(doc: DecreeDocument, name: str) -> dict[str, Any]:
    """The decree as one flat row (columns DECREE_COLUMNS)."""
    meta = doc.metadata.model_dump(mode="json")
    row = {
        "decree_id": doc.source.sha256,
        "name": name,
        "source_file": doc.source.file,
        "sha256": doc.source.sha256,
        "pages": doc.source.pages,
        "ocr_pages": ",".join(str(p) for p in doc.source.ocr_pages),
    }
    row.update({c: meta.get(c) for c in DECREE_METADATA_COLUMNS})
    row.update(
        {
            "record_count": len(doc.records),
            "warning_count": len(doc.warnings),
            "warning_codes": ",".join(sorted({w.code for w in doc.warnings})),
        }
    )
    return row


def datapackage(name: str = "rencana-plans") -> dict[str, Any]:
    """A Frictionless Tabular Data Package describing records.csv and decrees.csv."""
    from rencana.contract.models import Metadata

    descriptions = {
        **{k: v.get("description") for k, v in Record.model_json_schema()["properties"].items()},
        **{k: v.get("description") for k, v in Metadata.model_json_schema()["properties"].items()},
    }
    descriptions.update(
        {
            "decree_id": "sha256 of the decree PDF",
            "decree_name": "Stem of decrees/<name>.json",
            "name": "Stem of decrees/<name>.json",
            "decree_number": "The decree's NOMOR",
            "record_index": "0-based position of the record in its decree",
            "source_file": "File name of the PDF",
            "record_count": "Number of records",
            "warning_count": "Number of document warnings",
            "warning_codes": "Distinct document warning codes",
        }
    )

    def fields(types: dict[str, str], keys: set[str]) -> list[dict[str, Any]]:
        out = []
        for column, ftype in types.items():
            field: dict[str, Any] = {"name": column, "type": ftype}
            text = descriptions.get(column)
            if column in JOINED:
                text = f"{text + '; ' if text else ''}list joined with {JOINED[column]!r}"
            if column in FLAT_AS_JSON:
                text = f"{text + '; ' if text else ''}a JSON object in flat rows"
            if text:
                field["description"] = text
            if column in keys:
                field["constraints"] = {"required": True}
            out.append(field)
        return out

    def resource(
        rname: str, types: dict[str, str], schema_extra: dict[str, Any], keys: set[str]
    ) -> dict[str, Any]:
        return {
            "name": rname,
            "path": f"{rname}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields(types, keys), "missingValues": [""], **schema_extra},
        }

    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": "Rencana aksi records extracted from decree PDFs",
        "resources": [
            resource(
                "records",
                RECORD_TYPES,
                {
                    "primaryKey": ["decree_id", "record_index"],
                    "foreignKeys": [
                        {
                            "fields": ["decree_id"],
                            "reference": {"resource": "decrees", "fields": ["decree_id"]},
                        }
                    ],
                },
                {"decree_id", "record_index"},
            ),
            resource("decrees", DECREE_TYPES, {"primaryKey": ["decree_id"]}, {"decree_id", "name"}),
        ],
    }


def typed_frame(rows: list[dict[str, Any]], types: dict[str, str]):
    """A DataFrame for CSV output: nullable integers stay integers (no "2022.0")."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(types))
    for column, ftype in types.items():
        if ftype == "integer":
            frame[column] = frame[column].astype("Int64")
        elif ftype == "number":
            frame[column] = frame[column].astype("float64")
        else:  # strings; dates stay ISO text, which is how Frictionless reads a CSV date
            frame[column] = frame[column].astype("object")
    return frame


def jsonl_text(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def parquet_bytes(rows: list[dict[str, Any]], types: dict[str, str]) -> bytes:
    """Parquet with an explicit schema, so an all-empty column keeps its type from run to run."""
    import io
    from datetime import date

    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "string": pa.string(),
    }
    schema = pa.schema([(column, arrow[ftype]) for column, ftype in types.items()])
    dates = [c for c, t in types.items() if t == "date"]
    if dates:
        rows = [
            {**row, **{c: date.fromisoformat(row[c]) if row.get(c) else None for c in dates}}
            for row in rows
        ]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_bytes(sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> bytes:
    """One worksheet per entry: name -> (columns, rows). Text is never read as a formula."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, (columns, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append(columns)
        for row in rows:
            cells = []
            for column in columns:
                cell = WriteOnlyCell(sheet, value=_xlsx_value(row.get(column)))
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # "=…" in a decree is text, not a formula
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_corpus_outputs(
    out_dir: Path,
    decree_rows: list[dict[str, Any]],
    record_rows: list[dict[str, Any]],
    failures: list[dict[str, Any]],
) -> dict[str, int]:
    """Write every flat output from rows already read out of the store; returns rows per file."""
    out_dir = Path(out_dir)
    records = typed_frame(record_rows, RECORD_TYPES)
    decrees = typed_frame(decree_rows, DECREE_TYPES)
    write_atomic(out_dir / "records.jsonl", jsonl_text(record_rows))
    write_atomic(out_dir / "records.csv", records.to_csv(index=False))
    write_atomic(out_dir / "records.parquet", parquet_bytes(record_rows, RECORD_TYPES))
    write_atomic(out_dir / "decrees.csv", decrees.to_csv(index=False))
    write_atomic(
        out_dir / "plans.xlsx",
        xlsx_bytes(
            {
                "records": (FLAT_RECORD_COLUMNS, record_rows),
                "decrees": (DECREE_COLUMNS, decree_rows),
            }
        ),
    )
    write_atomic(
        out_dir / "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"
    )
    write_atomic(
        out_dir / "failures.json", json.dumps(failures, ensure_ascii=False, indent=2) + "\n"
    )
    return {"records": len(record_rows), "decrees": len(decree_rows), "failures": len(failures)}
