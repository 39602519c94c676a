"""Real offices' plan tables (corpus/real): the records of every hand-read expected table.

An expected file names its table's pages; the records extracted from those pages must match the
expected records exactly (area number, path below the area, months), each as often as expected.
Records from other tables of the same document are the subject of their own notes (a repeated
table, a table without a schedule), asserted below where the document has them.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

import rencana
from tests.real_corpus import NAMES, REAL, expected, extracted, fold, page_extract, record_key

WITH_TABLE = [n for n in NAMES if expected(n).get("records")]

# Tables not read right yet, each with the reason (the test is a strict xfail: it fails the
# suite the day it passes, so the entry is removed then).
KNOWN_GAPS: dict[str, str] = {
    "kemenpanrb-2022-skb-libur-nasional-cuti-bersama": (
        "a scan under an OCR text layer, read here with OCR off: the lines its scanning software"
        " traced miss seven row rulings and the rows run together (with ocr=auto the image's"
        " rulings part them, see below)"
    ),
    "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p9": (
        "a PKPT calendar scanned at 100 dpi: eight blocks of weekday x date grids whose audit days"
        " are coloured cells, in 4-5 pt type (x-height ~4 px) that OCR cannot read"
    ),
}


def _cases():
    for name in WITH_TABLE:
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name])] if name in KNOWN_GAPS else []
        )
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", list(_cases()))
def test_table_records_match_the_hand_read_ones(name):
    want = expected(name)
    pages = set(want["table"]["pages"])
    got = [r for r in extracted(name)["records"] if r["pages"] and r["pages"][0] in pages]
    wanted, have = Counter(map(record_key, want["records"])), Counter(map(record_key, got))
    missing, extra = list((wanted - have).elements()), list((have - wanted).elements())
    assert not missing and not extra, f"missing {missing[:3]}; extra {extra[:3]}"


# Documents whose plan table the expected file does not transcribe, with the reason.
NOT_TRANSCRIBED: dict[str, str] = {}
WITHOUT_TABLE = [n for n in NAMES if not expected(n).get("records") and n not in NOT_TRANSCRIBED]


@pytest.mark.parametrize("name", WITHOUT_TABLE)
def test_a_document_without_a_plan_table_gives_no_records(name):
    document = extracted(name)
    assert document["records"] == []
    assert "no_plan_table" in {w["code"] for w in document["warnings"]}


# Pages cut from a long document whose expected file says it holds no plan table.
ANNEXES = REAL / "annexes"


@pytest.mark.parametrize("path", sorted(ANNEXES.glob("*.pdf")), ids=lambda p: p.stem)
def test_an_annex_of_other_tables_gives_no_records(path):
    """Banjarnegara's Perda 8/2025 (127 pp) sets retribusi rates in Lampiran I-II: tariff tables
    (Jenis Pelayanan | Satuan | Tarif), whose amounts are prices, no plan's budget; its hand-read
    file gives no records. (Read as a plan of activities with budgets: 153 records, unflagged.)"""
    assert expected(path.stem.rsplit("-p", 1)[0])["records"] == []
    document = rencana.extract(path, rencana.ExtractOptions(ocr="never")).model_dump(mode="json")
    assert document["records"] == []
    assert "no_plan_table" in {w["code"] for w in document["warnings"]}


def test_every_expected_table_has_its_pdf_here():
    assert "diskominfo-ambon-2021-lakip-rencana-aksi" in WITH_TABLE
    assert set(KNOWN_GAPS) <= set(WITH_TABLE)


def test_a_report_reads_its_plan_once_and_names_the_tables_it_leaves():
    """Ambon's LAKIP prints Tabel 3.5 (pp 36-40), the same plan again as an appendix (pp 68-72)
    and an RKT without a schedule (p 73): 24 records, two notes."""
    document = extracted("diskominfo-ambon-2021-lakip-rencana-aksi")
    assert len(document["records"]) == 24
    assert {page for r in document["records"] for page in r["pages"]} == {36, 37, 38, 39, 40}
    notes = {w["code"]: w["page"] for w in document["warnings"]}
    assert notes["table_repeated"] == 68
    assert notes["table_not_read"] == 73


def test_levels_carry_headers_numbers_and_inherited_text():
    """A Kegiatan cell left blank takes the Kegiatan above; the Program row's "I" numbers the area
    and the row's own number its activity."""
    records = extracted("diskominfo-ambon-2021-lakip-rencana-aksi")["records"]
    fourth = records[3]
    assert [(lv["role"], lv["header"], lv["number"]) for lv in fourth["levels"]] == [
        ("area", "Program", "I"),
        ("activity", "Kegiatan", "4"),
        ("level", "Sub Kegiatan", None),
        ("indicator", "Sub Sub Kegiatan", None),
    ]
    assert fourth["activity"] == "Administrasi Umum Perangkat Daerah" == records[2]["activity"]
    assert fourth["budget"] == "392,291,100"
    assert fourth["months"] == [4, 7]


def test_an_iku_table_keeps_the_indicator_of_a_level_as_extra_and_has_no_months():
    document = extracted("pemkab-pandeglang-2022-perbup-45-lampiran-iku")
    first = document["records"][0]
    assert first["extra"] == {"Indikator Tujuan": "Indeks Gini (nilai)"}
    assert first["pic"] == "Dinas PUPR"
    assert first["months"] == [] and not any("schedule" in w for w in first["warnings"])
    assert any(w["code"] == "table_without_schedule" for w in document["warnings"])


# What the quality verdict says about each table read wrong today (issue 12): (check, page).
GAP_REASONS = {
    "kemenpanrb-2022-skb-libur-nasional-cuti-bersama": ("rows_run_together", 4),
    # no header is read from the calendar, so no record; its words read with low confidence
    "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p9": ("table_unreadable", 1),
}


# Tables read wrong that the quality verdict does not flag yet, with the reason.
UNFLAGGED_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(set(KNOWN_GAPS) - set(UNFLAGGED_GAPS)))
def test_a_table_read_wrong_is_flagged_for_review(name):
    quality = extracted(name)["quality"]
    assert quality["needs_review"]
    assert GAP_REASONS[name] in [(r["check"], r["page"]) for r in quality["reasons"]]


# Documents whose hand-read table is read right but which hold another table read wrong (not
# transcribed), flagged for it: (check, the pages flagged).
FLAGGED_ELSEWHERE = {
    # LAMPIRAN II (pp 4-15) is printed under LAMPIRAN I's header, repeated over its rows: the
    # records read there mix the two layers' words ("kJuermjal").
    "pemkab-pandeglang-2022-perbup-45-lampiran-iku": ("overprinted_text", set(range(4, 16))),
}


@pytest.mark.parametrize("name", sorted(FLAGGED_ELSEWHERE))
def test_a_table_read_through_text_printed_over_it_is_flagged(name):
    check, pages = FLAGGED_ELSEWHERE[name]
    reasons = extracted(name)["quality"]["reasons"]
    assert {r["page"] for r in reasons if r["check"] == check} == pages
    assert not [r for r in reasons if r["page"] in set(expected(name)["table"]["pages"])]


# Documents whose hand-read table is read right where transcribed, flagged on pages of it (the
# check's verdict on a page read right, or on a page not transcribed), each with the reason.
FLAGGED_ON_TABLE_PAGES = {
    "kemendikbudristek-2021-kepmen-433-spm-polban": {
        # the print itself cuts an indicator's cell: '2. penilaian kinerja pegawai (kehadiran
        # dan pelaporan pelaksan', its bracket left open; the text stops where no phrase ends
        ("text_left_open", 59),
    },
}


@pytest.mark.parametrize("name", sorted(FLAGGED_ON_TABLE_PAGES))
def test_a_table_flagged_where_its_reading_is_in_doubt_says_where(name):
    reasons = extracted(name)["quality"]["reasons"]
    assert {(r["check"], r["page"]) for r in reasons} == FLAGGED_ON_TABLE_PAGES[name]


@pytest.mark.parametrize("name", sorted(NOT_TRANSCRIBED))
def test_a_table_not_transcribed_is_read_on_every_page_it_spans(name):
    """Its records cannot be checked one by one; that every page of it gives records can."""
    pages = set(expected(name)["table"]["pages"])
    got = {r["pages"][0] for r in extracted(name)["records"]}
    assert got == pages, sorted(pages ^ got)


def test_levels_that_number_their_own_cells_keep_the_number_apart():
    """Kemendikbudristek 433/M/2021's SPM table numbers its levels inside their cells ('1.
    Kompetensi Lulusan', '1. Sistem Penerimaan'), its indicators too, with a lettered list under
    one of them ('5. Daya tampung Mahasiswa baru :', a row without values over 'a. Diploma' ...
    'd. Doktor' across the page break: their parent, no record itself). Read by eye from pp
    34-35: the levels below the area, as (number, text)."""
    name = "kemendikbudristek-2021-kepmen-433-spm-polban"
    got = [
        [(level["number"], level["text"]) for level in r["levels"][1:]]
        for r in extracted(name)["records"]
        if r["pages"][0] in (34, 35)
    ]
    lulusan, penerimaan = ("1.", "Kompetensi Lulusan"), ("1.", "Sistem Penerimaan")
    mandiri = ("2.", "Proses penerimaan mahasiwa melalui jalurmandiri")
    registrasi = ("3.", "Registrasi Mahasiswa")
    daya_tampung = ("5.", "Daya tampung Mahasiswa baru :")
    assert got == [
        [lulusan, penerimaan, ("1.", "Rasio pendaftar dan yang diterima")],
        [lulusan, penerimaan, ("2.", "Jalur-penerimaan per Program")],
        [
            lulusan,
            penerimaan,
            ("3.", "Akses bagi calon Mahasiswa yang berprestasi dari masyarakat yang tidak mampu"),
        ],
        [lulusan, penerimaan, ("4.", "Kesempatan bagi calon Mahasiswa asing")],
        [lulusan, penerimaan, daya_tampung, ("a.", "Diploma")],
        [lulusan, penerimaan, daya_tampung, ("b.", "Sarjana")],
        [lulusan, penerimaan, daya_tampung, ("c.", "Magister")],
        [lulusan, penerimaan, daya_tampung, ("d.", "Doktor")],
        [lulusan, mandiri, ("1.", "Penyebaran informasi")],
        [lulusan, mandiri, ("2.", "Pendaftaran")],
        [lulusan, mandiri, ("3.", "Seleksi")],
        [lulusan, mandiri, ("4.", "Pengumuman")],
        [lulusan, registrasi, ("1.", "Ketersediaan informasi")],
        [lulusan, registrasi, ("2.", "Kemudahan pelaksanaan berbasis TIK")],
        [
            lulusan,
            registrasi,
            ("3.", "Persentase Mahasiswa Baru yang daftar ulang terhadap Mahasiswa yang diterima"),
        ],
    ]


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in NAMES
        if n
        not in KNOWN_GAPS
        | FLAGGED_ELSEWHERE.keys()
        | NOT_TRANSCRIBED.keys()
        | FLAGGED_ON_TABLE_PAGES.keys()
    ],
)
def test_a_document_read_right_is_not_flagged(name):
    """A page cut from a decree lacks the body its metadata comes from: only that is let pass
    (its heading missing too, a page without a plan table reads as nothing)."""
    quality = extracted(name)["quality"]
    if page_extract(name):
        body_missing = {"metadata_missing", "nothing_read"}
        assert not [r for r in quality["reasons"] if r["check"] not in body_missing]
    else:
        assert not quality["needs_review"], quality["reasons"]


def test_a_page_extract_is_checked_against_its_page_of_the_document():
    """``NAME-pN.pdf`` in scans/ takes the records NAME.expected.json gives for page N."""
    name = "pemprov-dki-2024-instruksi-sekda-e0049-rth-scan-p4"
    assert page_extract(name) == ("pemprov-dki-2024-instruksi-sekda-e0049-rth-scan", 4)
    want = expected(name)
    assert want["table"]["pages"] == [1] and want["metadata"] == {}
    assert [r["months"] for r in want["records"]] == [
        [11],
        [11, 12],
        [11, 12],
        [11, 12],
        [12],
        [12],
    ]
    assert expected("pemprov-dki-2024-instruksi-sekda-e0049-rth-scan-p5")["records"] == []


@cache
def reference_scan() -> rencana.DecreeDocument:
    from tests.real_corpus import REAL

    return rencana.extract(REAL.parent / "scans" / "kpu-kab-jepara-2022-scan.pdf")


def test_the_reference_scan_is_not_flagged():
    quality = reference_scan().quality
    assert quality.records == 129 and not quality.needs_review, quality.reasons


def test_the_reference_scan_reads_every_gold_record():
    """Record F1 1.0 on the Jepara reference scan. Page 11's "(jumlah pengaduan masuk, …
    selesai)" prints its "(" against the "j": the cell's re-read took it for part of the letter."""
    import json

    from tests.real_corpus import REAL

    gold = json.loads(
        (REAL.parent / "scans" / "kpu-kab-jepara-2022-scan.gold.json").read_text(encoding="utf-8")
    )
    records = [r.model_dump(mode="json") for r in reference_scan().records]

    def scored(record: dict) -> tuple:  # score.py's key: area number, texts folded, months
        number = record.get("area_number", record.get("area_no"))
        return (
            number,
            fold(record["activity"]),
            fold(record["indicator"]),
            tuple(record["months"]),
        )

    assert Counter(map(scored, records)) == Counter(map(scored, gold["records"]))
    assert (
        "Adanya akses pengaduan, konsultasi serta pengelolaan pengaduan masyarakat"
        " (jumlah pengaduan masuk, sedang proses dan selesai)"
    ) in [r["indicator"] for r in records]


def test_the_reference_scan_names_its_signer_not_his_ttd():
    """Page 4: "ttd." set in a sans face reads "Had."; the name under it is the signer's."""
    assert reference_scan().metadata.signatory == "SUBCHAN ZUHRI"


@pytest.mark.parametrize("name", [n for n in WITH_TABLE if n not in KNOWN_GAPS])
def test_extra_values_are_keyed_by_the_columns_the_hand_read_file_names(name):
    """A heading over most of the table (its caption, or "Realisasi Kinerja … Triwulan I - IV"
    over "I" and "K") is no part of a column's name."""
    from rapidfuzz import fuzz

    want = expected(name)
    columns = {fold(c) for c in want["table"].get("columns") or []}
    keys = {fold(k) for r in want["records"] for k in (r.get("extra") or {})}
    pages = set(want["table"]["pages"])
    got = {
        fold(k) for r in extracted(name)["records"] if r["pages"][0] in pages for k in r["extra"]
    }
    # a scan's own OCR layer may misspell a header ("Formulas! Penghitungan")
    named = columns | keys
    assert all(max(fuzz.ratio(k, n) for n in named) >= 90 for k in got), sorted(got - named)


def test_a_scan_under_its_text_layer_takes_its_table_from_the_image():
    """The SKB decree's holiday table (p4), read as a user reads it (``ocr="auto"``): the lines its
    scanning software traced over the page miss seven row rulings (rows ran together through
    them); the rulings in the image give every row. The layer's own words are kept."""
    from tests.real_corpus import REAL

    name = "kemenpanrb-2022-skb-libur-nasional-cuti-bersama"
    document = rencana.extract(REAL / f"{name}.pdf", rencana.ExtractOptions(ocr="auto"))
    want = expected(name)["records"]
    got = [r for r in document.records if r.pages == [4]]
    assert [r.schedule_text for r in got] == [r["schedule_text"] for r in want]
    assert [r.months for r in got] == [r["months"] for r in want]
    # the headings "A. HARI LIBUR NASIONAL …" and "B. CUTI BERSAMA …" over its two parts
    assert [r.area_number for r in got] == [r["area_number"] for r in want]
    assert [fold(r.area) for r in got[-1:]] == [fold(r["area"]) for r in want[-1:]]
    # every record right: the two words the layer misspells are respelled ("Intemasional",
    # "Harl Raya Natal"), and a warning names them
    have = Counter(record_key(r.model_dump(mode="json")) for r in got)
    assert Counter(map(record_key, want)) == have
    respelled = [w.message for w in document.warnings if w.code == "ocr_respelled"]
    assert any("'Intemasional' -> 'Internasional'" in m for m in respelled)
    assert any("'Harl' -> 'Hari'" in m for m in respelled)
    assert not any(r.check == "rows_run_together" for r in document.quality.reasons)


def test_rows_of_a_table_without_a_schedule_rejoin_across_the_page_break():
    """The SPM table has no schedule to tell a new row: a row cut by the break is the one whose
    values are empty on the next page and whose text reads on. Read by eye: p58 ends with 'C.
    Pengembang-' / 'an dan' over '1. Pedoman pengembangan dan' and 'Tersedianya pedoman
    pengembangan dan', p59 goes on with 'pembinaan' in each; p59 ends with '5. penyelesaian kasus'
    (%, 85), p60 opens with 'kepegawaian' and nothing else on its row. Both rows stand under the
    banner '4.4 Laporan Kepegawaian' (p58), a heading inside the bidang IV."""
    records = extracted("kemendikbudristek-2021-kepmen-433-spm-polban")["records"]
    joined = {
        tuple(r["pages"]): [level["text"] for level in r["levels"][1:]]
        for r in records
        if len(r["pages"]) > 1
    }
    assert joined[(58, 59)] == [
        "Laporan Kepegawaian",
        "Pengembangan dan pembinaan",
        "Pedoman pengembangan dan pembinaan",
        "Tersedianya pedoman pengembangan dan pembinaan",
    ]
    assert joined[(59, 60)][-1] == "penyelesaian kasus kepegawaian"
    # p49 opens with the rest of p48's last definition ('proposal, hasil dan Iuran penelitan')
    # and nothing else: the row goes on, no row without an indicator
    assert joined[(48, 49)] == [
        "Pengelolaan Penelitian",
        "Sistem Informasi Penelitian",
        "Sistem Informasi Penelitian",
    ]
    assert not [r for r in records if r["pages"] == [49] and not r["indicator"]]
    # p53 rules an empty row under '1. Pedoman pengembangan …' and its definition, merged over
    # it from above: no row either
    assert all(r["indicator"] for r in records)
    assert not [r for r in records if r["pages"] == [60] and r["indicator"] == "kepegawaian"]
