"""corrections.jsonl: validated line by line, applied by every ingest to every output, and a
correction that finds nothing is reported, never dropped."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rencana.cli import app
from rencana.contract.models import DecreeDocument, Level, Record, Source
from rencana.corpus import corrections
from rencana.corpus.corrections import Correction, CorrectionsError, parse
from rencana.corpus.ingest import IngestConfig, ingest
from tests.conftest import CORPUS

SHA = "a" * 64
DECREE = CORPUS / "kpu-kab-jepara-2022.pdf"


def line(**fields) -> str:
    return json.dumps({"decree": SHA, **fields})


def record(area_number: int, activity: str, indicator: str, months: list[int]) -> Record:
    levels = [
        Level(role="area", text="Manajemen Perubahan"),
        Level(role="activity", text=activity),
        Level(role="indicator", text=indicator),
    ]
    return Record(
        area_number=area_number,
        area="Manajemen Perubahan",
        activity=activity,
        indicator=indicator,
        levels=levels,
        months=months,
    )


def document() -> DecreeDocument:
    return DecreeDocument(
        source=Source(file="x.pdf", sha256=SHA, pages=1),
        records=[
            record(1, "Pembentukan tim", "SK Tim", [2]),
            record(1, "Rapat evaluasi", "Notulen", [3, 6]),
        ],
    )


# --- the file format ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        (line(match={"indicator": "x"}), "give exactly one of set, delete, add, metadata"),
        (
            line(match={"indicator": "x"}, set={"months": [13]}),
            "set.months: a month is a number from 1 to 12",
        ),
        (line(match={"indicator": "x"}, set={"colour": "red"}), "set: unknown field 'colour'"),
        (
            line(match={"indicator": "x"}, set={"target_value": 3}),
            "set: 'target_value' cannot be set",
        ),
        (line(set={"months": [1]}), "set needs match"),
        (line(match={"area_number": 1}, delete=True), "match needs activity or indicator"),
        (json.dumps({"decree": "abc", "add": {"indicator": "x"}}), "decree: String should match"),
        (line(metadata={"plan_year": "soon"}), "metadata.plan_year"),
        (line(add={"indicator": "x"}, whom="me"), "whom: Extra inputs are not permitted"),
    ],
)
def test_a_malformed_line_is_one_message_naming_the_line(text, message):
    good = line(match={"indicator": "x"}, delete=True)
    with pytest.raises(CorrectionsError) as raised:
        parse(f"{good}\n\n{text}\n", "out/corrections.jsonl")
    assert raised.value.where == "out/corrections.jsonl:3"
    assert message in raised.value.reason
    assert "\n" not in str(raised.value)


def test_set_changes_the_matched_record_and_its_level_and_says_so():
    fixes = parse(
        line(
            match={"area_number": 1, "activity": " Pembentukan  tim", "indicator": "SK Tim"},
            set={"months": [1], "indicator": "SK Tim RB", "target": "100%"},
            note="SK terbit Januari",
        )
    )
    doc, unmatched = corrections.apply(document(), fixes)
    first, second = doc.records
    assert not unmatched
    assert (first.months, first.indicator, first.target_value) == ([1], "SK Tim RB", 100.0)
    assert first.levels[-1].text == "SK Tim RB"  # the leaf follows the indicator
    assert first.corrected and first.correction_note == "SK terbit Januari"
    assert not second.corrected and second.months == [3, 6]
    assert document().records[0].months == [2]  # the input is left as it was


def test_delete_add_and_metadata_apply_in_file_order():
    text = "\n".join(
        [
            line(match={"indicator": "Notulen"}, delete=True),
            line(add={"area_number": 1, "activity": "Sosialisasi", "indicator": "Daftar hadir"}),
            line(
                add={"activity": "Monitoring", "indicator": "Laporan", "months": [12]},
                after={"indicator": "SK Tim"},
            ),
            line(match={"indicator": "Daftar hadir"}, set={"months": [4, 4, 2]}),
            line(match={"indicator": "SK Tim"}, set={"area": "Penataan Tata Laksana"}),
            line(metadata={"plan_year": 2023}),
        ]
    )
    doc, unmatched = corrections.apply(document(), parse(text))
    assert not unmatched
    assert [(r.indicator, r.months, r.corrected) for r in doc.records] == [
        ("SK Tim", [2], True),
        ("Laporan", [12], True),
        ("Daftar hadir", [2, 4], True),
    ]
    assert doc.metadata.plan_year == 2023
    first = doc.records[0]
    assert first.levels[0].text == first.area == "Penataan Tata Laksana"
    assert first.canonical_area == "Penataan Tata Laksana"


def test_a_correction_that_finds_nothing_is_returned_with_its_line():
    text = "\n".join(
        [
            line(match={"indicator": "Tidak ada"}, set={"months": [1]}),
            line(add={"area_number": 1, "activity": "Rapat evaluasi", "indicator": "Notulen"}),
        ]
    )
    doc, unmatched = corrections.apply(document(), parse(text))
    assert [(u.line, u.reason) for u in unmatched] == [
        (1, "record not found"),
        (2, "already extracted"),
    ]
    assert len(doc.records) == 2


def test_append_writes_a_line_that_parses_back(tmp_path):
    path = tmp_path / "corrections.jsonl"
    path.write_text(line(match={"indicator": "x"}, delete=True))  # no final newline, by hand
    fix = Correction(decree=SHA, match={"indicator": "SK Tim"}, set={"months": [1]}, by="ana")
    corrections.append(path, fix)
    assert [n.line for n in corrections.load(path)] == [1, 2]
    assert corrections.load(path)[1].correction == fix


# --- ingest applies them to every output -------------------------------------------------------
@pytest.fixture(scope="module")
def ingested(tmp_path_factory, executor) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(DECREE, folder / DECREE.name)
    out = tmp_path_factory.mktemp("out")
    assert ingest([folder], IngestConfig(out=out), executor=executor).exit_code == 0
    return folder, out


def jsonl(path: Path) -> list[dict]:
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]


def months_in_sqlite(out: Path, indicator: str) -> tuple[list[int], list[int], int]:
    with sqlite3.connect(out / "plans.sqlite") as db:
        months, corrected, decree_id, index = db.execute(
            "SELECT months, corrected, decree_id, record_index FROM records WHERE indicator = ?",
            (indicator,),
        ).fetchone()
        by_month = [
            m
            for (m,) in db.execute(
                "SELECT month FROM record_months WHERE decree_id = ? AND record_index = ? "
                "ORDER BY month",
                (decree_id, index),
            )
        ]
    return json.loads(months), by_month, corrected


def test_ingest_applies_a_hand_written_correction_to_every_output(ingested, executor):
    folder, out = ingested
    first = jsonl(out / "records.jsonl")[0]
    match = corrections.match_of(Record.model_validate({k: first[k] for k in Record.model_fields}))
    fix = {"decree": first["decree_id"], "match": match, "set": {"months": [1, 7]}}
    gone = {"decree": first["decree_id"], "match": {"indicator": "Tidak ada"}, "delete": True}
    (out / "corrections.jsonl").write_text(
        json.dumps({**fix, "note": "dua kali", "by": "ana", "at": "2024-05-01T10:00:00+07:00"})
        + "\n"
        + json.dumps(gone)
        + "\n",
        encoding="utf-8",
    )
    report = ingest([folder], IngestConfig(out=out), executor=executor)
    assert report.extracted == 0 and report.exported  # no PDF changed, every output rewritten
    assert [(u.line, u.reason) for u in report.unmatched] == [(2, "record not found")]
    assert report.exit_code == 1

    row = jsonl(out / "records.jsonl")[0]
    assert (row["months"], row["corrected"], row["correction_note"]) == ([1, 7], True, "dua kali")
    assert months_in_sqlite(out, first["indicator"]) == ([1, 7], [1, 7], 1)
    decree = json.loads(next((out / "decrees").glob("*.json")).read_text())
    assert decree["records"][0]["months"] == [1, 7] and decree["records"][0]["corrected"]
    failures = json.loads((out / "failures.json").read_text())
    assert [(f["path"].rsplit(":", 1)[-1], f["kind"]) for f in failures] == [("2", "correction")]
    from openpyxl import load_workbook

    sheet = load_workbook(out / "plans.xlsx").worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, headers.index("Bulan") + 1).value == "Jan, Jul"

    # Compare reads the corrected store.
    from rencana.compare.db import load_plan_from_db

    plan = load_plan_from_db(out / "plans.sqlite", first["issuer"], first["plan_year"])
    assert plan.items[0].months == [1, 7]

    # Removing the corrections gives the records back as extracted.
    (out / "corrections.jsonl").write_text("")
    again = ingest([folder], IngestConfig(out=out), executor=executor)
    assert again.exit_code == 0 and not again.unmatched
    row = jsonl(out / "records.jsonl")[0]
    assert (row["months"], row["corrected"]) == (first["months"], False)
    assert json.loads((out / "failures.json").read_text()) == []


def test_a_correction_survives_a_re_extraction(ingested, executor):
    from rencana.corpus.store import EXTRACTOR_KEY, Store

    folder, out = ingested
    first = jsonl(out / "records.jsonl")[0]
    fix = {"decree": first["decree_id"], "match": {"indicator": first["indicator"]}}
    (out / "corrections.jsonl").write_text(json.dumps({**fix, "set": {"pic": "Sekretaris"}}))
    with Store(out / "plans.sqlite") as store:
        store.set_meta(EXTRACTOR_KEY, "an older pipeline")
    report = ingest([folder], IngestConfig(out=out), executor=executor)
    assert report.extracted == 1 and not report.unmatched
    assert jsonl(out / "records.jsonl")[0]["pic"] == "Sekretaris"
    (out / "corrections.jsonl").unlink()
    ingest([folder], IngestConfig(out=out), executor=executor)


def test_cli_reports_a_malformed_line_in_one_line_with_exit_2(ingested):
    folder, out = ingested
    (out / "corrections.jsonl").write_text(line(match={"indicator": "x"}, set={"months": "Mei"}))
    try:
        result = CliRunner().invoke(app, ["ingest", str(folder), "--out", str(out)])
    finally:
        (out / "corrections.jsonl").unlink()
    assert result.exit_code == 2
    assert result.output == f"{out}/corrections.jsonl:1: set.months: Input should be a valid list\n"
