"""Serialise decree documents: JSON, corpus rows in every flat format, and atomic file writes.

One row shape per table, typed by the models' JSON Schema (the same source as ``schemas/``), so
no format's columns can drift from it:

- JSONL keeps the JSON values (a line is a ``CorpusRecord``); Parquet keeps them typed
  (``list<int64>`` months, a struct bbox, a list of structs for quarter targets, a map for extra);
- SQLite and CSV hold a list or an object as compact JSON text in its cell (``[3,6,9,12]``),
  which Datasette's ``_facet_array`` and DuckDB's JSON functions read;
- XLSX shows them for people (``Mar, Jun, Sep, Des``), with Indonesian headers.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Optional

from rencana.contract.models import (
    CorpusRecord,
    DecreeDocument,
    Metadata,
    Record,
    ReviewReason,
    Source,
)
from rencana.core.bbox import BBOX_FIELDS
from rencana.corpus.sheets import csv_safe

log = logging.getLogger("rencana")

# A record's levels in one cell for people ("Program … > Kegiatan … > Sub Kegiatan …").
LEVEL_SEPARATOR = " > "
# Excel on Windows reads a CSV as UTF-8 only when it starts with a byte order mark.
CSV_BOM = "\ufeff"

RECORD_COLUMNS = list(Record.model_fields)
# The decree's fields on every corpus record, so a row stands alone; its sha256 goes last, where
# it does not crowd the columns people read.
RECORD_DECREE_COLUMNS = [
    "decree_name",
    "decree_kind",
    "decree_number",
    "issuer",
    "office_level",
    "region",
    "plan_year",
    "needs_review",
    "source_file",
    "record_index",
]
FLAT_RECORD_COLUMNS = RECORD_DECREE_COLUMNS + RECORD_COLUMNS + ["decree_id"]
# Record column <- the decree metadata field it repeats.
FROM_METADATA = {
    "decree_kind": "kind",
    "decree_number": "number",
    "issuer": "issuer",
    "office_level": "office_level",
    "region": "region",
    "plan_year": "plan_year",
}

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
    ["decree_id", "name"]
    + DECREE_METADATA_COLUMNS
    + ["record_count", "warning_count", "warning_codes", "needs_review", "review_reasons"]
    + ["source_file", "page_count", "ocr_pages", "sha256"]
)
WARNING_COLUMNS = [
    "decree_name",
    "page",
    "code",
    "message",
    "record_index",
    "activity",
    "indicator",
]


# --- column types from the JSON Schema ----------------------------------------------------------
def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """One property without its null option and with its $refs inlined."""
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    resolved: dict[str, Any] = dict(options[0]) if len(options) == 1 else {"type": "string"}
    if "$ref" in resolved:
        resolved = dict(defs[resolved["$ref"].rsplit("/", 1)[-1]])
    if "items" in resolved:
        resolved["items"] = _resolve(resolved["items"], defs)
    if "properties" in resolved:
        resolved["properties"] = {k: _resolve(v, defs) for k, v in resolved["properties"].items()}
    if isinstance(resolved.get("additionalProperties"), dict):
        resolved["additionalProperties"] = _resolve(resolved["additionalProperties"], defs)
    if prop.get("description"):
        resolved["description"] = prop["description"]
    return resolved


def _properties(model) -> dict[str, dict[str, Any]]:
    schema = model.model_json_schema()
    return {k: _resolve(v, schema.get("$defs", {})) for k, v in schema["properties"].items()}


def _decree_properties() -> dict[str, dict[str, Any]]:
    meta, source = _properties(Metadata), _properties(Source)
    props: dict[str, dict[str, Any]] = {
        "decree_id": {"type": "string", "description": "sha256 of the decree PDF"},
        "name": {"type": "string", "description": "Stem of decrees/<name>.json"},
        "record_count": {"type": "integer", "description": "Number of records"},
        "warning_count": {"type": "integer", "description": "Number of document warnings"},
        "warning_codes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Distinct document warning codes",
        },
        "needs_review": {
            "type": "boolean",
            "description": "The quality verdict asks a person to review the decree",
        },
        "review_reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Each reason to review as 'check (p. N)'",
        },
        "source_file": source["file"],
        "page_count": source["pages"],
        "ocr_pages": source["ocr_pages"],
        "sha256": source["sha256"],
    }
    props.update({c: meta[c] for c in DECREE_METADATA_COLUMNS})
    return {c: props[c] for c in DECREE_COLUMNS}


_CORPUS_RECORD = _properties(CorpusRecord)
RECORD_PROPS = {c: _CORPUS_RECORD[c] for c in FLAT_RECORD_COLUMNS}
DECREE_PROPS = _decree_properties()


def column_type(prop: dict[str, Any]) -> str:
    """A column's type in Frictionless terms: integer, number, boolean, date, string, array, object."""
    jtype = prop.get("type")
    if jtype == "string" and prop.get("format") == "date":
        return "date"
    return jtype if jtype in ("integer", "number", "boolean", "array", "object") else "string"


RECORD_TYPES = {c: column_type(p) for c, p in RECORD_PROPS.items()}
DECREE_TYPES = {c: column_type(p) for c, p in DECREE_PROPS.items()}
JSON_TYPES = ("array", "object")

SQL_TYPES = {
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "string": "TEXT",
    "array": "TEXT",  # JSON
    "object": "TEXT",  # JSON
}


# --- rows ------------------------------------------------------------------------------------
def document_json(doc: DecreeDocument) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def corpus_records(doc: DecreeDocument, name: str) -> list[dict[str, Any]]:
    """The decree's records as corpus rows (columns FLAT_RECORD_COLUMNS, JSON values)."""
    meta = doc.metadata.model_dump(mode="json")
    decree = {column: meta[field] for column, field in FROM_METADATA.items()}
    decree.update(
        {
            "decree_name": name,
            "source_file": doc.source.file,
            "decree_id": doc.source.sha256,
            "needs_review": doc.quality.needs_review,
        }
    )
    rows = []
    for index, record in enumerate(doc.records):
        row = {**record.model_dump(mode="json"), **decree, "record_index": index}
        rows.append({column: row[column] for column in FLAT_RECORD_COLUMNS})
    return rows


def decree_row(doc: DecreeDocument, name: str) -> dict[str, Any]:
    """The decree as one row (columns DECREE_COLUMNS, JSON values)."""
    meta = doc.metadata.model_dump(mode="json")
    row = {
        "decree_id": doc.source.sha256,
        "name": name,
        **{c: meta.get(c) for c in DECREE_METADATA_COLUMNS},
        "record_count": len(doc.records),
        "warning_count": len(doc.warnings),
        "warning_codes": sorted({w.code for w in doc.warnings}),
        "needs_review": doc.quality.needs_review,
        "review_reasons": [review_reason(reason) for reason in doc.quality.reasons],
        "source_file": doc.source.file,
        "page_count": doc.source.pages,
        "ocr_pages": list(doc.source.ocr_pages),
        "sha256": doc.source.sha256,
    }
    return row


def review_reason(reason: ReviewReason) -> str:
    return f"{reason.check} (p. {reason.page})" if reason.page else reason.check


def json_cells(row: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """Lists and objects as compact JSON text, for SQLite and CSV cells."""
    return {
        column: (
            json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if types[column] in JSON_TYPES and value is not None
            else value
        )
        for column, value in row.items()
    }


def from_json_cells(row: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """A row read from SQLite as JSON values (SQLite keeps a boolean as 0 or 1)."""
    return {column: _json_value(types.get(column), value) for column, value in row.items()}


def _json_value(ctype: Optional[str], value: Any) -> Any:
    if ctype in JSON_TYPES and isinstance(value, str):
        return json.loads(value)
    if ctype == "boolean" and isinstance(value, int):
        return bool(value)
    return value


# --- CSV, JSONL ------------------------------------------------------------------------------
def csv_text(rows: Iterable[dict[str, Any]], types: dict[str, str]) -> str:
    """CSV with a header: lists and objects as JSON text, and no cell a spreadsheet would run as
    a formula. Codes such as activity_number are written as printed ("7.10")."""
    buffer = io.StringIO()
    # RFC 4180's CRLF: with it the writer also quotes a cell holding a lone CR.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(types)
    for row in rows:
        cells = json_cells({c: row.get(c) for c in types}, types)
        writer.writerow(["" if v is None else csv_safe(v) for v in cells.values()])
    return buffer.getvalue()


def records_csv(records: Iterable[Record]) -> str:
    """A decree's records (``rencana extract --format csv``): the record columns only."""
    types = {c: RECORD_TYPES[c] for c in RECORD_COLUMNS}
    return csv_text((r.model_dump(mode="json") for r in records), types)


def jsonl_text(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


# --- atomic writes ---------------------------------------------------------------------------
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


# --- Parquet ---------------------------------------------------------------------------------
def parquet_available() -> bool:
    from importlib.util import find_spec

    return find_spec("pyarrow") is not None


def arrow_type(prop: dict[str, Any]):
    """The Arrow type of one resolved JSON Schema property."""
    import pyarrow as pa

    jtype = column_type(prop)
    if jtype == "array" and "prefixItems" in prop:  # the bbox tuple
        return pa.struct([(n, arrow_type(p)) for n, p in zip(BBOX_FIELDS, prop["prefixItems"])])
    if jtype == "array":
        return pa.list_(arrow_type(prop["items"]))
    if jtype == "object" and "properties" in prop:
        return pa.struct([(k, arrow_type(v)) for k, v in prop["properties"].items()])
    if jtype == "object":
        return pa.map_(pa.string(), arrow_type(prop["additionalProperties"]))
    return {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "string": pa.string(),
    }[jtype]


def _arrow_value(prop: dict[str, Any], value: Any) -> Any:
    if value is None:
        return None
    jtype = column_type(prop)
    if jtype == "date":
        return date.fromisoformat(value)
    if jtype == "array" and "prefixItems" in prop:
        return dict(zip(BBOX_FIELDS, value))
    if jtype == "object" and "additionalProperties" in prop:
        return list(value.items())
    return value


def parquet_bytes(rows: list[dict[str, Any]], props: dict[str, dict[str, Any]]) -> bytes:
    """Parquet with an explicit schema, so an all-empty column keeps its type from run to run."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(column, arrow_type(prop)) for column, prop in props.items()])
    converted = [{c: _arrow_value(p, row.get(c)) for c, p in props.items()} for row in rows]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(converted, schema=schema), buffer)
    return buffer.getvalue()


# --- XLSX for people ---------------------------------------------------------------------------
NUMBER_FORMATS = {"integer": "0", "number": "0.##", "date": "dd/mm/yyyy"}
AMOUNT_COLUMNS = {"budget_idr": "#,##0", "target_value": "#,##0.##"}


def for_people(column: str, ctype: str, value: Any) -> Any:
    """A cell value as an office user reads it: month names, joined lists, real dates."""
    from rencana.messages import month, t

    if value is None or value == [] or value == {}:
        return None
    if column == "months":
        return ", ".join(month(m) for m in value)
    if column == "quarters":
        return ", ".join(t("quarter", n=q) for q in value)
    if column == "levels":
        return LEVEL_SEPARATOR.join(level["text"] for level in value)
    if column == "quarter_targets":
        return "; ".join(f"{t('quarter', n=q['quarter'])}: {q['value']}" for q in value)
    if column == "bbox":
        return ", ".join(f"{v:.1f}" for v in value)
    if ctype == "object":
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if ctype == "array":
        return ("\n" if column == "warnings" else ", ").join(str(v) for v in value)
    if ctype == "date":
        return date.fromisoformat(value)
    return value


def _sheet_rows(rows: list[dict[str, Any]], columns: list[str], types: dict[str, str]):
    return ([for_people(c, types[c], row.get(c)) for c in columns] for row in rows)


def _formats(columns: list[str], types: dict[str, str]) -> dict[int, str]:
    return {
        i: AMOUNT_COLUMNS.get(c) or NUMBER_FORMATS[types[c]]
        for i, c in enumerate(columns)
        if c in AMOUNT_COLUMNS or types[c] in NUMBER_FORMATS
    }


def warning_rows(
    decree_warnings: list[dict[str, Any]], record_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every warning in a corpus, the decree's own first, then each record's (WARNING_COLUMNS)."""
    rows = [{c: w.get(c) for c in WARNING_COLUMNS} for w in decree_warnings]
    for record in record_rows:
        for text in record.get("warnings") or []:
            code, _, message = text.partition(": ")
            rows.append(
                {
                    "decree_name": record["decree_name"],
                    "page": (record.get("pages") or [None])[0],
                    "code": code,
                    "message": message or text,
                    "record_index": record["record_index"],
                    "activity": record["activity"],
                    "indicator": record["indicator"],
                }
            )
    return rows


MONTH_GRID_COLUMNS = [
    "decree_name",
    "plan_year",
    "area_number",
    "area",
    "activity_number",
    "activity",
    "indicator",
]
MONTH_MARK = "●"


def plans_xlsx(
    decree_rows: list[dict[str, Any]],
    record_rows: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
) -> bytes:
    """plans.xlsx: sheets Rekaman (records), Keputusan (decrees), Bulan (a Jan–Des grid per
    record) and Peringatan (warnings), each with headers in the reader's language."""
    from openpyxl.styles import PatternFill

    from rencana.corpus.sheets import add_sheet, book_bytes, new_book
    from rencana.messages import column, month, t

    book = new_book()
    record_columns = FLAT_RECORD_COLUMNS
    add_sheet(
        book,
        t("sheet.records"),
        [column(c) for c in record_columns],
        _sheet_rows(record_rows, record_columns, RECORD_TYPES),
        _formats(record_columns, RECORD_TYPES),
    )
    decree_columns = [c for c in DECREE_COLUMNS if c != "decree_id"]  # the same as sha256
    add_sheet(
        book,
        t("sheet.decrees"),
        [column(c) for c in decree_columns],
        _sheet_rows(decree_rows, decree_columns, DECREE_TYPES),
        _formats(decree_columns, DECREE_TYPES),
    )
    planned = {"fill": PatternFill("solid", fgColor="9BB7D4")}
    first_month = len(MONTH_GRID_COLUMNS)
    add_sheet(
        book,
        t("sheet.months"),
        [column(c) for c in MONTH_GRID_COLUMNS] + [month(m) for m in range(1, 13)],
        (
            [row.get(c) for c in MONTH_GRID_COLUMNS]
            + [MONTH_MARK if m in (row.get("months") or []) else None for m in range(1, 13)]
            for row in record_rows
        ),
        _formats(MONTH_GRID_COLUMNS, RECORD_TYPES),
        widths={first_month + m: 6 for m in range(12)},
        cell_style=lambda _row, index, value: (
            planned if index >= first_month and value == MONTH_MARK else None
        ),
    )
    warning_types = {
        "decree_name": "string",
        "page": "integer",
        "code": "string",
        "message": "string",
        "record_index": "integer",
        "activity": "string",
        "indicator": "string",
    }
    add_sheet(
        book,
        t("sheet.warnings"),
        [column(c) for c in WARNING_COLUMNS],
        ([w.get(c) for c in WARNING_COLUMNS] for w in warnings),
        _formats(WARNING_COLUMNS, warning_types),
    )
    return book_bytes(book)


# --- descriptors: Frictionless and Datasette ----------------------------------------------------
FORMULA_NOTE = "a text cell starting with = + - @, tab or CR is prefixed with ' (CSV injection)"


def datapackage(name: str = "rencana-plans") -> dict[str, Any]:
    """A Frictionless Tabular Data Package describing records.csv and decrees.csv."""

    def fields(props: dict[str, dict[str, Any]], keys: set[str]) -> list[dict[str, Any]]:
        out = []
        for column, prop in props.items():
            field: dict[str, Any] = {"name": column, "type": column_type(prop)}
            text = prop.get("description")
            if field["type"] in JSON_TYPES:
                text = f"{text + '; ' if text else ''}JSON text in the cell"
            if text:
                field["description"] = text
            if column in keys:
                field["constraints"] = {"required": True}
            out.append(field)
        return out

    def resource(
        rname: str, props: dict[str, dict[str, Any]], schema_extra: dict[str, Any], keys: set[str]
    ) -> dict[str, Any]:
        return {
            "name": rname,
            "path": f"{rname}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",  # UTF-8 with a byte order mark, for Excel
            "description": FORMULA_NOTE,
            "schema": {"fields": fields(props, keys), "missingValues": [""], **schema_extra},
        }

    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": "Rencana aksi records extracted from decree PDFs",
        "resources": [
            resource(
                "records",
                RECORD_PROPS,
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
            resource("decrees", DECREE_PROPS, {"primaryKey": ["decree_id"]}, {"decree_id", "name"}),
        ],
    }


# Tables people browse, and the store's own bookkeeping that Datasette hides.
HIDDEN_TABLES = ("meta", "files", "stale_paths")


def datasette_metadata(database: str = "plans") -> dict[str, Any]:
    """metadata.json for ``datasette plans.sqlite -m metadata.json``: titles, column
    descriptions, facets (months as an array), full-text search on records."""
    from rencana.messages import column

    def described(props: dict[str, dict[str, Any]]) -> dict[str, str]:
        """Each column's header for people, then what it holds."""
        return {
            c: f"{column(c)}: {p['description']}" if p.get("description") else column(c)
            for c, p in props.items()
        }

    tables: dict[str, Any] = {
        "records": {
            "title": "Rekaman rencana aksi (records)",
            "description": "One row per indicator of a plan table, with its decree's fields. "
            "Lists are JSON arrays; record_months has one row per planned month.",
            "facets": ["issuer", "plan_year", "canonical_area", {"array": "months"}],
            "fts_table": "records_fts",
            "fts_pk": "rowid",
            "label_column": "indicator",
            "columns": described(RECORD_PROPS),
        },
        "decrees": {
            "title": "Keputusan (decrees)",
            "description": "One row per distinct decree PDF (by content hash); `document` is "
            "the full decree document as JSON.",
            "facets": ["issuer", "plan_year", "office_level", "kind"],
            "label_column": "name",
            "columns": described(DECREE_PROPS),
        },
        "record_months": {
            "title": "Bulan per rekaman (record_months)",
            "description": "One row per (record, planned month), for joins and counts per month.",
            "facets": ["month"],
        },
        "warnings": {
            "title": "Peringatan keputusan (warnings)",
            "description": "The decrees' own warnings; a record's warnings are in records.warnings.",
            "facets": ["code"],
        },
        "legal_bases": {"title": "Dasar hukum (Mengingat)", "facets": ["form"]},
        "dictums": {"title": "Diktum"},
        "failures": {
            "title": "Berkas gagal (failures)",
            "description": "Files that could not be read, with a one-line reason.",
            "facets": ["kind"],
        },
    }
    tables.update({name: {"hidden": True} for name in HIDDEN_TABLES})
    return {
        "title": "Rencana aksi",
        "description": "Plan records extracted from Indonesian decree PDFs by rencana.",
        "databases": {database: {"tables": tables}},
    }


# --- the corpus outputs ----------------------------------------------------------------------
def write_corpus_outputs(
    out_dir: Path,
    decree_rows: list[dict[str, Any]],
    record_rows: list[dict[str, Any]],
    failures: list[dict[str, Any]],
    decree_warnings: Optional[list[dict[str, Any]]] = None,
) -> dict[str, int]:
    """Write every flat output from rows read out of the store (JSON values); returns rows per
    file. Without pyarrow, records.parquet is left out with one line in the log."""
    from rencana.messages import t

    out_dir = Path(out_dir)
    write_atomic(out_dir / "records.jsonl", jsonl_text(record_rows))
    write_atomic(out_dir / "records.csv", CSV_BOM + csv_text(record_rows, RECORD_TYPES))
    write_atomic(out_dir / "decrees.csv", CSV_BOM + csv_text(decree_rows, DECREE_TYPES))
    if parquet_available():
        write_atomic(out_dir / "records.parquet", parquet_bytes(record_rows, RECORD_PROPS))
    else:
        reason = t("err.extra_missing", feature=t("feature.parquet"), extra="parquet")
        log.warning(t("ingest.parquet_skipped", reason=reason))
    warnings = warning_rows(decree_warnings or [], record_rows)
    write_atomic(out_dir / "plans.xlsx", plans_xlsx(decree_rows, record_rows, warnings))
    write_atomic(
        out_dir / "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"
    )
    write_atomic(
        out_dir / "metadata.json",
        json.dumps(datasette_metadata(), ensure_ascii=False, indent=2) + "\n",
    )
    write_atomic(
        out_dir / "failures.json", json.dumps(failures, ensure_ascii=False, indent=2) + "\n"
    )
    return {"records": len(record_rows), "decrees": len(decree_rows), "failures": len(failures)}
