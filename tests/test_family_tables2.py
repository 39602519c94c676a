"""The wider family's second batch (issue 11, tests/fixtures/family_tables2.py), drawn at test
time: numbered hierarchies by depth, quarter target values, month-abbreviation grids, schedules
in other words, a Perjanjian Kinerja, an SPIP control plan, a header printed once, lists in
one cell, crowded and two-line headers without rulings. Expected records come from the data
each table is drawn from, never from the pipeline's output."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from rencana.runner import extract

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import family_tables2

from tests.family_checks import (
    family_reader,
)
from tests.test_layouts import record_f1

FIELDS = ("target", "pic", "unit", "budget", "note", "schedule_text", "activity")


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    return family_reader(
        family_tables2.DRAWINGS, family_tables2.build, tmp_path_factory.mktemp("family2")
    )


def test_a_performance_agreement_is_no_decree(read):
    _, document = read("perjanjian_kinerja")
    meta = document["metadata"]
    assert (meta["kind"], meta["year"], meta["plan_year"]) == ("Perjanjian Kinerja", 2024, 2024)
    assert meta["issuer"] == family_tables2.PK_OFFICE
    assert meta["enacted_place"] == "Wonosobo"
    assert meta["enacted_date"] == date(2024, 1, 2).isoformat()


def test_a_schedule_no_reader_understands_gives_no_months_and_a_warning(tmp_path):
    """No silent guess: 'Menyesuaikan kebutuhan' (as needed) names no month; that record keeps
    the text, no months and a warning, the others read as drawn."""
    drawing = family_tables2.schedule_words()
    unreadable = "Menyesuaikan kebutuhan"
    for cell in drawing.table.body:
        if cell.text == "Bulan ke-3":
            cell.text = unreadable
    for record in drawing.records:
        if record["schedule_text"] == "Bulan ke-3":
            record.update(schedule_text=unreadable, months=[])
    pdf = family_tables2.build(drawing, tmp_path / "worded.pdf")
    document = extract(pdf).model_dump(mode="json")
    assert record_f1(drawing.records, document["records"])[0] == 1.0
    warned = {r["schedule_text"]: r["warnings"] for r in document["records"] if r["warnings"]}
    assert list(warned) == [unreadable]
    assert [w.split(":")[0] for w in warned[unreadable]] == ["schedule_unparsed"]
    assert document["quality"]["unparsed_schedules"] == 1


# pdfplumber reads every turned glyph top to bottom: a word turned 90° counter-clockwise (bottom
# to top, Excel's "rotate text up") came out reversed, "iraunaJ" for "Januari", and the month
# headers named nothing (stages/page/text.page_words reads such glyphs bottom to top).
def test_month_names_turned_up_in_narrow_header_cells(tmp_path):
    drawing = family_tables2.month_grid(vertical=True)
    document = extract(family_tables2.build(drawing, tmp_path / "grid.pdf"))
    assert record_f1(drawing.records, document.model_dump(mode="json")["records"])[0] == 1.0


def test_a_month_grid_dated_in_another_year_is_flagged(tmp_path):
    """Labels "Jan-23" … "Des-23" in a 2024 plan: the marks are months of 2023, read as 2024's."""
    drawing = family_tables2.month_grid(dated=2023)
    document = extract(family_tables2.build(drawing, tmp_path / "grid.pdf"))
    reasons = [(r.check, r.page, r.message.rsplit(": ", 1)[-1]) for r in document.quality.reasons]
    assert reasons == [("grid_of_other_years", 2, "2023")]


@pytest.mark.parametrize(
    "header, role",
    [
        ("Target TW I", "quarter:1"),
        ("Target Triwulan IV", "quarter:4"),
        ("Jadwal Triwulan III", "quarter:3"),
        ("Target Bulan Januari", "month:1"),
        ("Realisasi TW I", None),  # a report's figure, not a target
        ("Target Tahun 2024", "target"),
        ("Uraian", "activity"),
        ("Volume", "target"),
        ("Risiko", "level"),
    ],
)
def test_header_words(header, role):
    from rencana.stages.tables.headers import role_of_header

    found = role_of_header(header)
    assert (found.value if found else None) == role


def test_numbers_by_depth():
    from rencana.stages.tables.numbered import extends, parts_of

    assert (
        parts_of("1.") == (1,) and parts_of("2.10") == (2, 10) and parts_of("1.1.2.") == (1, 1, 2)
    )
    assert parts_of("a.") is None and parts_of("I") is None
    assert extends((1, 1, 2), (1, 1)) and not extends((1, 2), (1, 1)) and not extends((1,), (1,))


def test_schedule_bounds_and_month_number_headers():
    from rencana.stages.tables.headers import names_month_numbers, numbers_period, schedule_bound
    from rencana.stages.tables.rows import schedule_range

    assert [schedule_bound(h) for h in ("Mulai", "Waktu Selesai", "Waktu")] == [
        "start",
        "end",
        None,
    ]
    assert schedule_range("Januari", "Maret") == "Januari s.d. Maret"
    assert schedule_range("Mei", "Mei") == "Mei" and schedule_range("", "Juni") == "Juni"
    assert names_month_numbers("Waktu (Bulan ke-)") and names_month_numbers("Bulan Pelaksanaan")
    assert not names_month_numbers("Waktu Pelaksanaan")
    assert [
        numbers_period(h)
        for h in (
            "Waktu (Bulan ke-)",
            "Waktu (Triwulan)",
            "Target Waktu (TW)",
            "Jadwal (Smt)",
            "Waktu",
        )
    ] == ["Bulan ke-", "Triwulan", "Triwulan", "Semester", None]


def test_total_labels():
    from rencana.stages.records import is_total_label

    assert is_total_label("JUMLAH") and is_total_label("Total Anggaran :")
    assert not is_total_label("Jumlah dokumen data statistik sektoral yang diterbitkan")
    # a subtotal names its group by number, never by name (an indicator opens so)
    assert is_total_label("Sub Total") and is_total_label("Jumlah Program 2")
    assert is_total_label("Sub Total II") and is_total_label("JumlahProgram1")
    assert not is_total_label("Jumlah Program Peningkatan Kapasitas")
    assert not is_total_label("Jumlah kegiatan sosialisasi 2")
