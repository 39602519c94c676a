"""Export helpers: flat rows, typed columns from the models' schema, and every corpus format."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

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
)
from rencana.corpus.export import (
    DECREE_COLUMNS,
    FLAT_RECORD_COLUMNS,
    RECORD_COLUMNS,
    RECORD_TYPES,
    datapackage,
    decree_row,
    document_json,
    flat_record,
    frictionless_type,
    records_csv,
    write_atomic,
    write_corpus_outputs,
)
from rencana.corpus.store import FileStat, Store


def make_doc(sha: str = "a" * 64, records: int = 2) -> DecreeDocument:
    return DecreeDocument(
        source=Source(file="kpu-contoh-2023.pdf", sha256=sha, pages=3),
        metadata=Metadata(
            kind="Keputusan",
            issuer="KPU Kabupaten Contoh",
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
                activity=f"Kegiatan {i}",
                indicator="=SUM(A1)" if i == 0 else "Laporan",
                schedule_text="Januari-Maret",
                months=[1, 2, 3],
                quarter_targets=[QuarterTarget(quarter=1, value="√")],
                pages=[2, 3],
                bbox=(10.0, 20.25, 30.0, 40.0),
            )
            for i in range(records)
        ],
    )


def test_flat_record_joins_lists_in_a_stable_column_order():
    row = flat_record(make_doc().records[0])
    assert list(row) == RECORD_COLUMNS
    assert row["months"] == "1,2,3" and row["pages"] == "2,3" and row["quarter_targets"] == "TW1=√"
    assert row["bbox"] == "10.0,20.2,30.0,40.0"  # one decimal is enough for provenance


@pytest.mark.parametrize(
    "prop, expected",
    [
        ({"type": "integer"}, "integer"),
        ({"anyOf": [{"type": "integer"}, {"type": "null"}]}, "integer"),
        ({"anyOf": [{"type": "number", "maximum": 1}, {"type": "null"}]}, "number"),
        ({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}, "date"),
        ({"type": "array", "items": {"type": "integer"}}, "string"),  # joined in flat rows
        ({"anyOf": [{"type": "array"}, {"type": "null"}]}, "string"),
        ({"type": "string"}, "string"),
    ],
)
def test_frictionless_type(prop, expected):
    assert frictionless_type(prop) == expected


def test_record_column_types_follow_the_model():
    assert RECORD_TYPES["area_number"] == "integer" and RECORD_TYPES["confidence"] == "number"
    assert RECORD_TYPES["months"] == "string" and RECORD_TYPES["plan_year"] == "integer"
    assert list(RECORD_TYPES) == FLAT_RECORD_COLUMNS


def test_datapackage_describes_both_csv_files_with_keys():
    package = datapackage()
    records, decrees = package["resources"]
    assert [f["name"] for f in records["schema"]["fields"]] == FLAT_RECORD_COLUMNS
    assert [f["name"] for f in decrees["schema"]["fields"]] == DECREE_COLUMNS
    assert records["schema"]["primaryKey"] == ["decree_id", "record_index"]
    assert records["schema"]["foreignKeys"][0]["reference"]["resource"] == "decrees"
    months = next(f for f in records["schema"]["fields"] if f["name"] == "months")
    assert "joined with ','" in months["description"]
    enacted = next(f for f in decrees["schema"]["fields"] if f["name"] == "enacted_date")
    assert enacted["type"] == "date"


def test_records_csv_keeps_area_number_an_integer():
    text = records_csv(make_doc().records)
    assert text.splitlines()[1].startswith("1,Manajemen Perubahan,")


def test_write_atomic_replaces_whole_files_with_shareable_permissions(tmp_path):
    target = tmp_path / "sub" / "out.json"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["out.json"]  # no temp file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_store_and_corpus_outputs_agree(tmp_path):
    first, second = make_doc("a" * 64, 2), make_doc("b" * 64, 3)
    with Store(tmp_path / "plans.sqlite") as store:
        store.put_decree(
            first, document_json(first), "kpu-contoh-2023", [FileStat("/x/a.pdf", 1, 1)]
        )
        store.put_decree(
            second, document_json(second), "kpu-contoh-2023", [FileStat("/y/a.pdf", 1, 1)]
        )
        store.put_failure(FileStat("/x/bad.pdf", 0, 1), None, "bad_input", "empty file (0 bytes)")
        decrees, records, failures = store.decree_rows(), store.record_rows(), store.failure_rows()
        # A name already held by another decree never overwrites it.
        assert sorted(store.decree_names()) == ["kpu-contoh-2023", "kpu-contoh-2023-bbbbbbbb"]
    counts = write_corpus_outputs(tmp_path, decrees, records, failures)
    assert counts == {"records": 5, "decrees": 2, "failures": 1}

    jsonl = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text().splitlines()]
    csv = pd.read_csv(tmp_path / "records.csv", dtype=str, keep_default_na=False)
    parquet = pq.read_table(tmp_path / "records.parquet")
    assert len(jsonl) == len(csv) == parquet.num_rows == 5
    assert (
        jsonl[0]["area_number"] == 1 and jsonl[0]["plan_year"] == 2023 and jsonl[0]["decree_number"]
    )
    assert list(csv.columns) == FLAT_RECORD_COLUMNS
    assert str(parquet.schema.field("area_number").type) == "int64"
    assert (
        str(parquet.schema.field("confidence").type) == "double"
    )  # typed though every value is empty

    book = load_workbook(tmp_path / "plans.xlsx")
    sheet = book["records"]
    assert sheet.max_row == 6 and book["decrees"].max_row == 3
    indicator = [c.value for c in sheet[1]].index("indicator") + 1
    assert sheet.cell(row=2, column=indicator).data_type == "s"  # "=SUM(A1)" stays text

    failures_json = json.loads((tmp_path / "failures.json").read_text())
    assert failures_json[0]["reason"] == "empty file (0 bytes)"
    with sqlite3.connect(tmp_path / "plans.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM legal_bases").fetchone()[0] == 2
        assert db.execute("SELECT label FROM dictums").fetchall() == [("KESATU",), ("KESATU",)]
        indexes = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    assert {
        "records_decree_id",
        "records_area_number",
        "decrees_plan_year",
        "decrees_issuer",
    } <= indexes


def test_decree_row_has_every_decree_column():
    row = decree_row(make_doc(), "n")
    assert list(row) == DECREE_COLUMNS
    assert row["record_count"] == 2 and row["enacted_date"] == "2023-01-09"
