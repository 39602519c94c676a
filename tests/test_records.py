"""The records and validate stages: logical rows → Records, and the warnings that follow."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from rencana.contract.models import Metadata
from rencana.core.codes import WarningCode
from rencana.core.state import Extraction
from rencana.core.types import PlanTable, TableRow
from rencana.runner import extract
from rencana.stages import numbering, records, validate

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def row(months=None, quarters=None, **cells) -> TableRow:
    return TableRow(
        cells=cells,
        pages=[5],
        bbox=(65.5, 100.0, 535.8, 140.0),
        months_marked=months,
        quarter_marks=quarters,
    )


def test_free_text_schedule_is_parsed_and_kept_as_printed():
    record = records.record_of(
        row(
            area_number="1.",
            area="Manajemen Perubahan",
            activity="Pembentukan tim",
            indicator="SK Tim",
            schedule="Januari-Maret",
        ),
        2022,
    )
    assert (record.area_number, record.schedule_text, record.months) == (
        1,
        "Januari-Maret",
        [1, 2, 3],
    )
    assert record.pages == [5] and record.bbox == (65.5, 100.0, 535.8, 140.0)
    assert record.warnings == []
    assert record.pic is None and record.target is None  # no such columns


def test_month_grid_row_gives_marked_months_and_empty_schedule_text():
    record = records.record_of(
        row(months=[4, 8, 12], area_number="2", activity="A", indicator="B", pic="Sekretaris"), 2023
    )
    assert (record.schedule_text, record.months, record.pic) == ("", [4, 8, 12], "Sekretaris")


def test_quarter_targets_schedule_their_quarters_months():
    record = records.record_of(
        row(quarters={1: "0", 2: "0", 3: "1", 4: "1"}, activity="A", indicator="B", unit="Dokumen"),
        2025,
    )
    assert record.months == [7, 8, 9, 10, 11, 12]
    assert record.quarters == [3, 4]
    assert [(t.quarter, t.value) for t in record.quarter_targets] == [
        (1, "0"),
        (2, "0"),
        (3, "1"),
        (4, "1"),
    ]
    assert record.unit == "Dokumen"


def test_indicator_without_schedule_is_kept_with_a_warning():
    record = records.record_of(row(activity="A", indicator="B", schedule=""), 2022)
    assert record.months == []
    assert any(w.startswith(WarningCode.NO_SCHEDULE) for w in record.warnings)


def test_unreadable_schedule_gives_no_months_and_a_warning():
    record = records.record_of(row(activity="A", indicator="B", schedule="sesuai kebutuhan"), 2022)
    assert record.months == []
    assert any(w.startswith(WarningCode.SCHEDULE_UNPARSED) for w in record.warnings)


def test_activity_without_indicator_is_a_record_with_a_warning():
    record = records.record_of(row(activity="Rapat koordinasi", indicator="", schedule="Mei"), 2022)
    assert (record.indicator, record.months) == ("", [5])
    assert any(w.startswith(WarningCode.NO_INDICATOR) for w in record.warnings)


def test_empty_row_gives_no_record():
    assert records.record_of(row(activity="", indicator="", schedule=""), 2022) is None


def state_with(rows=None, title=None, plan_year=None, header=None) -> Extraction:
    state = Extraction(path=Path("x.pdf"))
    state.metadata = Metadata(title=title, plan_year=plan_year)
    built = [records.record_and_warnings(r, state.metadata.plan_year) for r in rows or []]
    state.records = [record for record, _ in built]
    state.record_warnings = [warnings for _, warnings in built]
    state.tables = [PlanTable(roles=[], rows=[], pages=[3], header=header or [])]
    return state


def test_validate_no_plan_table():
    state = validate.run(state_with())
    assert [(w.code, w.message) for w in state.warnings] == [
        ("no_plan_table", "no plan table was found")
    ]


def test_validate_plan_year_disagreeing_with_title_and_header():
    record = records.record_of(row(activity="A", indicator="B", schedule="Mei"), 2023)
    state = validate.run(
        state_with(
            [row(activity="A", indicator="B", schedule="Mei")],
            title="Rencana Aksi Reformasi Birokrasi Tahun 2022",
            plan_year=2023,
            header=["Waktu Pelaksanaan Tahun 2024"],
        )
    )
    assert [w.code for w in state.warnings] == ["plan_year_mismatch", "plan_year_mismatch"]
    assert state.records == [record]  # warnings only, never fixes


def test_validate_turns_record_warnings_into_document_warnings():
    state = validate.run(
        state_with(
            [row(activity="A", indicator="B", schedule="")], title="Tahun 2022", plan_year=2022
        )
    )
    assert [(w.code, w.page) for w in state.warnings] == [(WarningCode.NO_SCHEDULE, 5)]


# ---------------------------------------------------------------- the reference decrees end to end


def fold(value) -> str:  # as ../shared/tools/score.py folds texts
    text = re.sub(r"\s+", " ", str(value or "")).strip().lower()
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    return re.sub(r"\s*/\s*", "/", text).rstrip(" .;,:")


def key(rec: dict) -> tuple:
    number = rec.get("area_number", rec.get("area_no"))
    return (number, fold(rec["activity"]), fold(rec["indicator"]), tuple(sorted(rec["months"])))


@pytest.mark.parametrize(
    "name,count", [("kpu-kab-jepara-2022", 129), ("kpu-kab-demak-2023-grid", 58)]
)
def test_reference_decree_records_match_gold(name, count):
    gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))["records"]
    got = [r.model_dump() for r in extract(CORPUS / f"{name}.pdf").records]
    assert len(gold) == count
    assert Counter(map(key, got)) == Counter(map(key, gold))
    for want, have in zip(gold, got):
        assert have["schedule_text"] == want["schedule_text"]
        if "pic" in want:
            assert have["pic"] == want["pic"]
        assert have["pages"] and have["bbox"]


# ---------------------------------------------------------------- per-record warnings in the layouts

LAYOUTS = CORPUS / "layouts"
WARNED = sorted(
    p.name[: -len(".expected.json")]
    for p in LAYOUTS.glob("*.expected.json")
    if '"warnings"' in p.read_text(encoding="utf-8")
)


def test_some_layout_fixture_expects_record_warnings():
    assert WARNED


@pytest.mark.parametrize("name", WARNED)
def test_layout_records_carry_their_expected_warnings(name):
    """A schedule that can't be read ("Menyesuaikan") or is missing (an empty cell at the top of a
    page) gives empty months and a warning on that record, and no other record is warned."""
    want = json.loads((LAYOUTS / f"{name}.expected.json").read_text(encoding="utf-8"))["records"]
    document = extract(LAYOUTS / f"{name}.pdf")
    got = {fold(r.indicator): r for r in document.records}
    for rec in want:
        have = got[fold(rec["indicator"])]
        assert sorted(w.split(":")[0] for w in have.warnings) == sorted(rec.get("warnings", [])), (
            rec["indicator"]
        )
        if rec.get("warnings"):
            assert have.months == [] and have.schedule_text == rec["schedule_text"]
    codes = [w.code for w in document.warnings]
    assert codes.count(WarningCode.SCHEDULE_UNPARSED) == sum(
        "schedule_unparsed" in r.get("warnings", []) for r in want
    )


def test_a_level_number_ocr_misread_is_put_back_among_its_siblings():
    """The scanned Klaten and BPS layouts (200 dpi): '2.1' read '21' under area 2 beside '2.2',
    so the count broke at the next sibling; the scanned KPU RI layout: 'c.' read 'e.' between
    'b.' and 'd.'. Only on OCR'd pages, only where a sibling shows the style and the count
    before and after leaves that number, and only as a misreading of it."""
    from rencana.contract.models import Level, Record

    def record(area, number, text, page=3):
        levels = [
            Level(role="area", number=area, text="Area"),
            Level(role="activity", number=number, text=text),
        ]
        return Record(
            area="Area",
            activity=text,
            levels=levels,
            pages=[page],
            bbox=(0, 0, 1, 1),
            activity_number=number,
        )

    rows = [
        record("1", "1.3", "z"),
        record("2", "21", "a"),
        record("2", "21", "a"),
        record("2", "2.2", "b"),
    ]
    placed = numbering.level_numbers_put_back(rows, ocr_pages={3})
    assert [r.levels[1].number for r in rows] == ["1.3", "2.1", "2.1", "2.2"]
    assert rows[1].activity_number == "2.1"
    assert [index for index, _ in placed] == [1, 2]
    assert all(w.code == WarningCode.NUMBER_PLACED for _, w in placed)

    letters = [record("1", n, t) for n, t in (("a.", "a"), ("b.", "b"), ("e.", "c"), ("d.", "d"))]
    assert len(numbering.level_numbers_put_back(letters, ocr_pages={3})) == 1
    assert [r.levels[1].number for r in letters] == ["a.", "b.", "c.", "d."]

    for kept in (
        [record("2", "21", "a", page=9), record("2", "2.2", "b", page=9)],  # a text layer's
        [record("1", "11", "a"), record("1", "12", "b")],  # no sibling shows a dot
        [record("2", "2.1", "a"), record("2", "21", "b"), record("2", "2.3", "c")],  # not 2.1
        [record("1", "a.", "a"), record("1", "b.", "b"), record("1", "x.", "c")],  # no confusion
        [record("1", "i", "a"), record("1", "ii", "b"), record("1", "v", "c")],  # Roman numerals
        [record("2", "1", "a"), record("2", "8", "b")],  # '8' is no misreading of '2'
        [record("2", "1", "a", page=9), record("2", "7", "b", page=9)],  # a text layer's
        [record("2", "3", "a"), record("2", "4", "b")],  # counted on from the area before
    ):
        before = [r.levels[1].number for r in kept]
        assert numbering.level_numbers_put_back(kept, ocr_pages={3}) == []
        assert [r.levels[1].number for r in kept] == before


def test_a_plain_level_number_ocr_read_as_another_digit_is_put_back():
    """Fuzz scan seed 227 (300 dpi, JPEG 51): under area 2 the activities '1' and '2', the '2'
    read '7' (re-read alike), flagged numbering_breaks though every text read right. A digit OCR
    confuses with the number due (vocab/ocr_confusions.yaml: digits) where the count breaks is
    the number due, in the siblings' style, and says so."""
    from rencana.contract.models import Level, Record

    def record(number, text):
        levels = [
            Level(role="area", number="2.", text="Area"),
            Level(role="activity", number=number, text=text),
        ]
        return Record(area="Area", activity=text, levels=levels, pages=[3], bbox=(0, 0, 1, 1))

    rows = [record("1", "a"), record("7", "b"), record("7", "b")]
    placed = numbering.level_numbers_put_back(rows, ocr_pages={3})
    assert [r.levels[1].number for r in rows] == ["1", "2", "2"]
    assert [index for index, _ in placed] == [1, 2]
    assert all(w.code == WarningCode.NUMBER_PLACED for _, w in placed)
    first = [record("3.", "a"), record("2.", "b")]  # '1.' read '3.' (Demak)
    assert len(numbering.level_numbers_put_back(first, ocr_pages={3})) == 1
    assert [r.levels[1].number for r in first] == ["1.", "2."]


def test_two_months_side_by_side_in_an_ocrd_schedule_are_doubted():
    """Fuzz scan seed 33 (200 dpi): "Agt - Okt" read "Agt Okt", the dash lost: months 8 and 10
    for 8-10, without a doubt. A schedule prints a dash, a comma or "dan" between months."""
    from rencana.stages.records import months_side_by_side

    assert months_side_by_side("Agt Okt") == ["Agt Okt"]
    assert months_side_by_side("Juni Desember,") == ["Juni Desember,"]
    for printed in (
        "Agt - Okt",
        "Maret, Juni",
        "Juni dan Desember",
        "Januari s.d. Desember",
        "Triwulan I - IV",
        "Januari 2025",
        "Setiap bulan",
    ):
        assert months_side_by_side(printed) == [], printed
