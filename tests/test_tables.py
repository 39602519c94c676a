"""The tables stage on small plan tables drawn with reportlab, plus its pure helpers."""

from __future__ import annotations

import pytest

from rencana import vocab
from rencana.core import geometry
from rencana.core.codes import WarningCode
from rencana.core.roles import Role
from rencana.core.types import Rect, Word
from rencana.stages import records, schedule
from rencana.stages.tables import assemble, borderless, finders, grid, headers, rows, stacked

from .plan_pdf import Cell, Page, draw, pages_of

FREE_TEXT = [
    25,
    90,
    140,
    140,
    70,
]  # No | Area Perubahan | Sub Kegiatan | Indikator Keberhasilan | Waktu


def free_text_header() -> list[Cell]:
    return [
        Cell(0, 1, 0, 1, ["No."]),
        Cell(0, 1, 1, 2, ["Area", "Perubahan"]),
        Cell(0, 1, 2, 3, ["Sub Kegiatan"]),
        Cell(0, 1, 3, 4, ["Indikator Keberhasilan"]),
        Cell(0, 1, 4, 5, ["Waktu"]),
    ]


def rows_of(tmp_path, columns, pages):
    found = assemble.read(pages_of(draw(tmp_path / "t.pdf", columns, pages)))[0]
    return found, [row.cells for row in found[0].rows] if found else []


# ---------------------------------------------------------------- drawn tables


def test_text_centred_in_a_cell_merged_over_three_rows_belongs_to_every_row(tmp_path):
    page = Page(
        row_heights=[26, 30, 30, 30],
        cells=free_text_header()
        + [
            Cell(1, 4, 0, 1, ["1."]),
            Cell(1, 4, 1, 2, ["Manajemen", "Perubahan"]),
            Cell(1, 4, 2, 3, ["Sosialisasi nilai-", "nilai integritas"]),
            Cell(1, 2, 3, 4, ["Tidak adanya pelanggaran"]),
            Cell(1, 2, 4, 5, ["Februari"]),
            Cell(2, 3, 3, 4, ["Pakta integritas", "ditandatangani"]),
            Cell(2, 3, 4, 5, ["Januari"]),
            Cell(3, 4, 3, 4, ["Laporan LHKPN"]),
            Cell(3, 4, 4, 5, ["Januari-", "Maret"]),
        ],
    )
    (table, *_), rows = rows_of(tmp_path, FREE_TEXT, [page])
    assert table.roles == ["number", "area", "activity", "indicator", "schedule"]
    assert [r["activity"] for r in rows] == ["Sosialisasi nilai-nilai integritas"] * 3
    assert [r["area"] for r in rows] == ["Manajemen Perubahan"] * 3
    assert [r["area_number"] for r in rows] == ["1."] * 3
    assert [r["indicator"] for r in rows] == [
        "Tidak adanya pelanggaran",
        "Pakta integritas ditandatangani",
        "Laporan LHKPN",
    ]
    assert [r["schedule"] for r in rows] == ["Februari", "Januari", "Januari-Maret"]


def test_row_split_across_pages_is_rejoined_and_repeated_header_dropped(tmp_path):
    # The split row's part on page 1 ends at the page: its text fills it to the bottom edge.
    first = Page(
        row_heights=[26, 30, 26],
        cells=free_text_header()
        + [
            Cell(1, 3, 0, 1, ["1."]),
            Cell(1, 3, 1, 2, ["Manajemen"]),
            Cell(1, 3, 2, 3, ["Penyelenggaraan", "integritas"]),
            Cell(1, 2, 3, 4, ["Pakta integritas"]),
            Cell(1, 2, 4, 5, ["Januari"]),
            Cell(2, 3, 3, 4, ["Dokumen laporan", "penanganan benturan"]),
            Cell(2, 3, 4, 5, ["Februari"]),
        ],
    )
    # Page 2: the header again; the rest of the split row (no number, no schedule); then a new
    # indicator under the activity merged over the page break (activity empty, schedule filled).
    second = Page(
        row_heights=[26, 20, 30, 30],
        cells=free_text_header()
        + [
            Cell(1, 3, 0, 1, []),
            Cell(1, 3, 1, 2, []),
            Cell(1, 3, 2, 3, []),
            Cell(1, 2, 3, 4, ["kepentingan"]),
            Cell(1, 2, 4, 5, []),
            Cell(2, 3, 3, 4, ["Deklarasi zona integritas"]),
            Cell(2, 3, 4, 5, ["Maret"]),
            Cell(3, 4, 0, 1, ["2."]),
            Cell(3, 4, 1, 2, ["Deregulasi"]),
            Cell(3, 4, 2, 3, ["Pemetaan produk hukum"]),
            Cell(3, 4, 3, 4, ["Peta produk hukum"]),
            Cell(3, 4, 4, 5, ["Desember"]),
        ],
    )
    (table, *_), rows = rows_of(tmp_path, FREE_TEXT, [first, second])
    assert [r["indicator"] for r in rows] == [
        "Pakta integritas",
        "Dokumen laporan penanganan benturan kepentingan",
        "Deklarasi zona integritas",
        "Peta produk hukum",
    ]
    assert [r["activity"] for r in rows] == ["Penyelenggaraan integritas"] * 3 + [
        "Pemetaan produk hukum"
    ]
    assert [r["area_number"] for r in rows] == ["1.", "1.", "1.", "2."]
    assert [row.pages for row in table.rows] == [[1], [1, 2], [2], [2]]
    assert all("Waktu" not in r["schedule"] for r in rows)
    assert table.pages == [1, 2]


def test_banner_rows_set_the_area_and_wrapped_numbers_join(tmp_path):
    columns = [22, 150, 150, 80, 70]  # No | Kegiatan | Indikator | PIC | Jadwal
    header = [
        Cell(0, 1, 0, 1, ["No"]),
        Cell(0, 1, 1, 2, ["Kegiatan"]),
        Cell(0, 1, 2, 3, ["Indikator"]),
        Cell(0, 1, 3, 4, ["Penanggung", "Jawab"]),
        Cell(0, 1, 4, 5, ["Jadwal"]),
    ]
    page = Page(
        row_heights=[26, 18, 28, 18, 28],
        cells=header
        + [
            Cell(1, 2, 0, 1, ["1"]),
            Cell(1, 2, 1, 5, ["Manajemen Perubahan"]),
            Cell(2, 3, 0, 1, ["1.", "1"]),
            Cell(2, 3, 1, 2, ["Pembentukan tim"]),
            Cell(2, 3, 2, 3, ["SK Tim"]),
            Cell(2, 3, 3, 4, ["Kasubbag Hukum"]),
            Cell(2, 3, 4, 5, ["Mei"]),
            Cell(3, 4, 0, 5, ["II. Penguatan Pengawasan"]),
            Cell(4, 5, 0, 1, ["2.", "10"]),
            Cell(4, 5, 1, 2, ["Pengendalian gratifikasi"]),
            Cell(4, 5, 2, 3, ["Unit UPG"]),
            Cell(4, 5, 3, 4, ["Sekretaris"]),
            Cell(4, 5, 4, 5, ["Juli"]),
        ],
    )
    _, rows = rows_of(tmp_path, columns, [page])
    assert [
        (r["area_number"], r["area"], r["activity_number"], r["activity"], r["pic"]) for r in rows
    ] == [
        ("1", "Manajemen Perubahan", "1.1", "Pembentukan tim", "Kasubbag Hukum"),
        # a banner's area number as printed (the schema's level number), its value 2
        ("II.", "Penguatan Pengawasan", "2.10", "Pengendalian gratifikasi", "Sekretaris"),
    ]


def outline_levels(tmp_path, columns, pages) -> list[list[tuple]]:
    """Every record's levels below the area as (number, text), the area as (number, text) first,
    numbers and nested lists taken as the tables stage's run takes them."""
    tables, _ = assemble.read(pages_of(draw(tmp_path / "t.pdf", columns, pages)))
    assemble.take_listed_numbers(tables)
    assemble.nest_lettered_items(tables)
    built = [records.record_of(row, None, table) for table in tables for row in table.rows]
    return [[(lv.number, lv.text) for lv in r.levels] for r in built if r is not None]


SPM_COLUMNS = [
    22,
    110,
    110,
    150,
    60,
    50,
]  # No | Komponen | Jenis Layanan | Indikator | Satuan | Target


def spm_header() -> list[Cell]:
    return [
        Cell(0, 1, 0, 1, ["NO"]),
        Cell(0, 1, 1, 2, ["KOMPONEN"]),
        Cell(0, 1, 2, 3, ["JENIS LAYANAN"]),
        Cell(0, 1, 3, 4, ["INDIKATOR", "KEBERHASILAN"]),
        Cell(0, 1, 4, 5, ["SATUAN"]),
        Cell(0, 1, 5, 6, ["TARGET"]),
    ]


def test_an_outline_table_nests_its_headings_and_lettered_lists(tmp_path):
    """An SPM table's outline (Kemendikbudristek 433/M/2021): the bidang banner 'I | PENDIDIKAN'
    is the area; a banner set in the level columns beside the empty number column and numbered
    otherwise ('3. Sarana dan Prasarana') is the level above the lettered components under it,
    up to a component numbered as it is ('4. Pembiayaan'); a lettered list under a numbered
    indicator row without values ('2. Daya tampung :') and one begun inside a numbered cell ('1.
    Pemberian Beasiswa' over 'a. Pedoman') nest under that item."""

    def row(r, indicator, unit, target, komponen=None, jenis=None):
        cells = [
            Cell(r, r + 1, 3, 4, [indicator]),
            Cell(r, r + 1, 4, 5, [unit]),
            Cell(r, r + 1, 5, 6, [target]),
        ]
        cells += [Cell(r, r + 1, 1, 2, [komponen])] if komponen else []
        return cells + ([Cell(r, r + 1, 2, 3, [jenis])] if jenis else [])

    page = Page(
        row_heights=[26] + [18] * 13,
        cells=spm_header()
        + [
            Cell(1, 2, 0, 1, ["I"]),
            Cell(1, 2, 1, 6, ["PENDIDIKAN"]),
            Cell(2, 6, 1, 2, ["1. Kompetensi"]),
            Cell(2, 6, 2, 3, ["1. Sistem Penerimaan"]),
            *row(2, "1. Rasio pendaftar", "Rasio", "01:20"),
            *row(3, "2. Daya tampung :", "", ""),
            *row(4, "a. Diploma", "Orang", "3813"),
            *row(5, "b. Sarjana", "Orang", "2542"),
            *row(6, "1. Ketersediaan informasi", "Media", "web", "2. Proses", "1. Registrasi"),
            Cell(7, 8, 1, 3, ["3. Sarana dan Prasarana"]),
            *row(7, "", "", ""),
            *row(8, "1. Luas ruang kuliah", "m2", "2", "a. Ruang Kuliah", "1. Penyediaan ruang"),
            *row(9, "1. Luas ruang Dosen", "m2", "4", "b. Ruang Dosen", "1. Ruang Dosen"),
            Cell(10, 13, 1, 2, ["4. Pembiayaan"]),
            Cell(10, 12, 2, 3, ["1. Pemberian", "Beasiswa", "a. Pedoman"]),
            *row(10, "1. Tersedianya pedoman", "Ada/Tidak", "Ada"),
            *row(11, "2. Sosialisasi pedoman", "Kali", "1"),
            *row(12, "1. Jumlah lembaga", "Lembaga", "8", jenis="b. Lembaga"),
        ],
    )
    area, kompetensi, penerimaan = (
        ("I", "PENDIDIKAN"),
        ("1.", "Kompetensi"),
        ("1.", "Sistem Penerimaan"),
    )
    daya_tampung, sarana = ("2.", "Daya tampung :"), ("3.", "Sarana dan Prasarana")
    pembiayaan, beasiswa = ("4.", "Pembiayaan"), ("1.", "Pemberian Beasiswa")
    assert outline_levels(tmp_path, SPM_COLUMNS, [page]) == [
        [area, kompetensi, penerimaan, ("1.", "Rasio pendaftar")],
        [area, kompetensi, penerimaan, daya_tampung, ("a.", "Diploma")],
        [area, kompetensi, penerimaan, daya_tampung, ("b.", "Sarjana")],
        [area, ("2.", "Proses"), ("1.", "Registrasi"), ("1.", "Ketersediaan informasi")],
        [
            area,
            sarana,
            ("a.", "Ruang Kuliah"),
            ("1.", "Penyediaan ruang"),
            ("1.", "Luas ruang kuliah"),
        ],
        [area, sarana, ("b.", "Ruang Dosen"), ("1.", "Ruang Dosen"), ("1.", "Luas ruang Dosen")],
        [area, pembiayaan, beasiswa, ("a.", "Pedoman"), ("1.", "Tersedianya pedoman")],
        [area, pembiayaan, beasiswa, ("a.", "Pedoman"), ("2.", "Sosialisasi pedoman")],
        [area, pembiayaan, beasiswa, ("b.", "Lembaga"), ("1.", "Jumlah lembaga")],
    ]


@pytest.mark.parametrize(
    "before, text, starts",
    [
        ("b. Ruang Dosen", "c. Ruang Administrasi", True),  # SPM p40 | p41
        ("4. Hasil Penelitian", "5. Isi Penelitian", True),  # SPM p47 | p48
        ("b. Ruang Dosen", "d. Perpustakaan", False),  # a skip is no proof
        ("Pelaksanaan program", "c. Evaluasi", False),
        ("1. Kompetensi Lulusan", "a. Diploma", False),  # another kind
    ],
)
def test_a_cell_numbered_next_at_a_page_top_is_no_rest_of_the_one_above(before, text, starts):
    assert assemble.numbers_next(before, text) is starts


MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]


def test_month_grid_with_ticks_numbers_and_shaded_cells(tmp_path):
    columns = [22, 140, 140] + [22] * 12
    header = [
        Cell(0, 2, 0, 1, ["No"]),
        Cell(0, 2, 1, 2, ["Kegiatan"]),
        Cell(0, 2, 2, 3, ["Indikator Keberhasilan"]),
        Cell(0, 1, 3, 15, ["Waktu Pelaksanaan Tahun 2023"]),
    ]
    header += [Cell(1, 2, 3 + i, 4 + i, [m]) for i, m in enumerate(MONTHS)]
    grey = (0.6, 0.6, 0.6)
    body = []
    marks = {2: {2: "v", 3: "X"}, 3: {}, 4: {12: "1"}}
    shaded = {3: {4, 5, 6}}
    for row, name in [(2, "Ticks"), (3, "Shaded"), (4, "Numbers")]:
        body += [
            Cell(row, row + 1, 0, 1, [str(row - 1)]),
            Cell(row, row + 1, 1, 2, [f"Kegiatan {name}"]),
            Cell(row, row + 1, 2, 3, [f"Indikator {name}"]),
        ]
        for month in range(1, 13):
            fill = grey if month in shaded.get(row, set()) else None
            text = marks[row].get(month)
            body.append(Cell(row, row + 1, 2 + month, 3 + month, [text] if text else [], fill))
    page = Page(row_heights=[16, 16, 22, 22, 22], cells=header + body)
    (table, *_), rows = rows_of(tmp_path, columns, [page])
    assert table.grid == "months"
    assert [row.months_marked for row in table.rows] == [[2, 3], [4, 5, 6], [12]]
    assert [r["indicator"] for r in rows] == [
        "Indikator Ticks",
        "Indikator Shaded",
        "Indikator Numbers",
    ]


def test_quarter_grid_under_a_parent_header_keeps_its_targets(tmp_path):
    columns = [22, 150, 150] + [40] * 4
    header = [
        Cell(0, 2, 0, 1, ["No"]),
        Cell(0, 2, 1, 2, ["Rencana Aksi"]),
        Cell(0, 2, 2, 3, ["Output"]),
        Cell(0, 1, 3, 7, ["Triwulan"]),
    ]
    header += [Cell(1, 2, 3 + i, 4 + i, [q]) for i, q in enumerate(["I", "II", "III", "IV"])]
    body = [
        Cell(2, 3, 0, 1, ["1"]),
        Cell(2, 3, 1, 2, ["Survei kepuasan"]),
        Cell(2, 3, 2, 3, ["Indeks"]),
    ]
    body += [Cell(2, 3, 3 + i, 4 + i, [v]) for i, v in enumerate(["0", "25%", "50%", "100%"])]
    (table, *_), _ = rows_of(
        tmp_path, columns, [Page(row_heights=[16, 16, 22], cells=header + body)]
    )
    assert table.grid == "quarters"
    assert table.rows[0].quarter_marks == {1: "0", 2: "25%", 3: "50%", 4: "100%"}
    record = records.record_of(table.rows[0], 2024)
    assert record.months == list(range(4, 13))
    assert record.quarters == [2, 3, 4]


def test_a_banner_spanning_the_quarters_is_no_target(tmp_path):
    """A "Kegiatan Utama" banner merged over every column after its number: a level, never the
    four quarters' targets."""
    columns = [22, 150, 150] + [40] * 4
    header = [
        Cell(0, 2, 0, 1, ["No"]),
        Cell(0, 2, 1, 2, ["Rencana Aksi"]),
        Cell(0, 2, 2, 3, ["Output"]),
        Cell(0, 1, 3, 7, ["Triwulan"]),
    ]
    header += [Cell(1, 2, 3 + i, 4 + i, [q]) for i, q in enumerate(["I", "II", "III", "IV"])]
    banner = [Cell(2, 3, 0, 1, ["A"]), Cell(2, 3, 1, 7, ["Penguatan Implementasi SPIP"])]
    body = [
        Cell(3, 4, 0, 1, ["1"]),
        Cell(3, 4, 1, 2, ["Survei kepuasan"]),
        Cell(3, 4, 2, 3, ["Indeks"]),
    ]
    body += [Cell(3, 4, 3 + i, 4 + i, [v]) for i, v in enumerate(["", "", "1", ""])]
    (table, *_), _ = rows_of(
        tmp_path, columns, [Page(row_heights=[16, 16, 16, 22], cells=header + banner + body)]
    )
    assert len(table.rows) == 1
    record = records.record_of(table.rows[0], 2024, table)
    assert (record.area_number, record.area) == (1, "Penguatan Implementasi SPIP")
    assert [t.value for t in record.quarter_targets] == ["1"]
    assert record.months == [7, 8, 9]


def test_table_without_ruling_lines_after_body_text(tmp_path):
    header = free_text_header()
    body = [
        Cell(1, 2, 0, 1, ["1."]),
        Cell(1, 2, 1, 2, ["Manajemen", "Perubahan"]),
        Cell(1, 2, 2, 3, ["Pembentukan tim", "Reformasi Birokrasi"]),
        Cell(1, 2, 3, 4, ["SK Tim"]),
        Cell(1, 2, 4, 5, ["Februari"]),
        Cell(2, 3, 3, 4, ["Media sosialisasi", "Reformasi Birokrasi"]),
        Cell(2, 3, 4, 5, ["Maret, Juni"]),
        Cell(3, 4, 0, 1, ["2."]),
        Cell(3, 4, 1, 2, ["Deregulasi"]),
        Cell(3, 4, 2, 3, ["Pemetaan hukum"]),
        Cell(3, 4, 3, 4, ["Peta hukum"]),
        Cell(3, 4, 4, 5, ["Desember"]),
    ]
    page = Page(
        row_heights=[32, 34, 34, 22],
        cells=header + body,
        borders=False,
        valign="top",
        top=120,
        text_above=["LAMPIRAN KEPUTUSAN KOMISI PEMILIHAN UMUM", "RENCANA AKSI REFORMASI BIROKRASI"],
    )
    (table, *_), rows = rows_of(tmp_path, FREE_TEXT, [page])
    assert table.rows and pages_strategy(tmp_path) == "text"
    assert [(r["area_number"], r["activity"], r["indicator"], r["schedule"]) for r in rows] == [
        ("1.", "Pembentukan tim Reformasi Birokrasi", "SK Tim", "Februari"),
        (
            "1.",
            "Pembentukan tim Reformasi Birokrasi",
            "Media sosialisasi Reformasi Birokrasi",
            "Maret, Juni",
        ),
        ("2.", "Pemetaan hukum", "Peta hukum", "Desember"),
    ]


def pages_strategy(tmp_path) -> str:
    return pages_of(tmp_path / "t.pdf")[0].tables[0].strategy


def test_page_without_plan_table_gives_nothing(tmp_path):
    page = Page(
        row_heights=[20, 20],
        cells=[
            Cell(0, 1, 0, 1, ["Nama"]),
            Cell(0, 1, 1, 2, ["Jabatan"]),
            Cell(1, 2, 0, 1, ["Budi"]),
            Cell(1, 2, 1, 2, ["Ketua"]),
        ],
    )
    found, _ = rows_of(tmp_path, [100, 100], [page])
    assert found == []


# ---------------------------------------------------------------- header vocabulary

SYNONYMS = [
    (role, str(s)) for role, words in vocab.load("columns.yaml")["roles"].items() for s in words
]


@pytest.mark.parametrize("role,synonym", SYNONYMS)
def test_every_header_synonym_maps_to_its_role(role, synonym):
    assert headers.role_of_header(synonym) == role
    assert headers.role_of_header(synonym.upper()) == role


@pytest.mark.parametrize(
    "text,role",
    [
        ("N o.", "number"),
        ("Sub-Kegiatan", "activity"),
        ("Indikator Keberhasilan (Output)", "indicator"),
        ("Waktu Pelaksanaan Tahun 2023", "schedule"),
        ("Output (Satuan)", "unit"),
        ("Ja n", "month:1"),
        ("Pebruari", "month:2"),
        ("TW III", "quarter:3"),
        ("Triwulan II", "quarter:2"),
        ("Penanggung Jawab", "pic"),
        ("Keterangan", "note"),
        ("Manajemen Perubahan", None),
        ("Bulan Pelaksanaan Kegiatan 2023", "parent"),
        # exactly a grid parent, one letter more than a synonym ("Pelaksana", the person)
        ("Pelaksanaan", "parent"),
        ("Pelaksana", "pic"),
        # a body row's text that opens with a grid parent's word is no header
        ("Pelaksanaan Monitoring pemanfaatan sistem pengadaan TA 2024", None),
        # one letter from "Sumber Dana" (budget), but where an indicator's figure comes from
        ("Sumber Data", None),
        ("Satuan Kerja", "pic"),  # an office, not the unit ("Satuan")
        # a period named after a grid's parent or a target is the grid's column ...
        ("Target TW I", "quarter:1"),
        ("Waktu Jan", "month:1"),
        # ... but a body cell's range of periods joined to the parent above it is not its last
        # period's (fuzz seeds 2212, 2266: the first row read as a second header row)
        ("Jadwal TW I s.d. TW IV", "schedule"),
        ("Waktu Februari sampai dengan April", None),
    ],
)
def test_header_text_to_role(text, role):
    assert headers.role_of_header(text) == role


def test_column_numbers_run_without_gaps():
    assert headers.is_column_number_row(["(1)", "(2)", "(3)", "(4)"])
    assert headers.is_column_number_row(["1", "2", "3"])
    assert not headers.is_column_number_row(["1", "3", "4"])
    # a standard form's numbers with the columns it leaves out (a Renja realisation table)
    assert headers.is_column_number_row(["2", "3", "7", "8", "9", "10", "14"])
    assert not headers.is_column_number_row(["2", "5", "9", "14", "20"])
    assert not headers.is_column_number_row(["(1)", "(2)"])


@pytest.mark.parametrize(
    "text,number",
    [("1", 1), ("1.", 1), ("II", 2), ("iv.", 4), ("b.", 2), ("Area", None), ("", None)],
)
def test_area_number_of(text, number):
    assert rows.area_number_of(text) == number


@pytest.mark.parametrize(
    "text,marked",
    [
        ("√", True),
        ("v", True),
        ("X", True),
        ("1", True),
        ("25%", True),
        ("0", False),
        ("0%", False),
        ("", False),
        ("-", False),
    ],
)
def test_is_mark(text, marked):
    assert schedule.is_mark(text) is marked


def test_is_shade():
    assert grid.is_shade(Rect(0, 0, 1, 1, fill=(0.6,)))
    assert grid.is_shade(Rect(0, 0, 1, 1, fill=(0.8, 0.9, 1.0)))
    assert not grid.is_shade(Rect(0, 0, 1, 1, fill=(1.0, 1.0, 1.0)))
    assert not grid.is_shade(Rect(0, 0, 1, 1, fill=(0.0, 0.0, 0.0, 0.0)))  # CMYK white
    assert grid.is_shade(Rect(0, 0, 1, 1, fill=(0.0, 0.0, 0.0, 0.3)))
    assert not grid.is_shade(Rect(0, 0, 1, 1, fill=None))


def test_line_text_joins_words_without_a_gap():
    words = [
        Word("kick", 0, 0, 20, 10, size=10),
        Word("off", 22.5, 0, 35, 10, size=10),
        Word("/", 35.2, 0, 38, 10, size=10),
    ]
    assert grid.line_text(words) == "kick off/"


def test_line_text_keeps_ocr_words_apart():
    # Tesseract's own word break ("20" "jam" read at scan size, boxes 1 pt apart) is kept.
    words = [
        Word("minimal", 0, 0, 30, 10, size=10, confidence=0.96),
        Word("20", 33, 0, 40, 10, size=10, confidence=0.95),
        Word("jam", 41, 0, 55, 10, size=10, confidence=0.95),
    ]
    assert grid.line_text(words) == "minimal 20 jam"
    # ... except at a slash that touches its neighbour
    words = [
        Word("jenis-jenis/", 0, 0, 40, 10, size=10, confidence=0.9),
        Word("produk-produk", 40.5, 0, 90, 10, size=10, confidence=0.9),
    ]
    assert grid.line_text(words) == "jenis-jenis/produk-produk"


# ---------------------------------------------------------------- pure geometry


def test_union_and_intersection():
    assert geometry.union([(0, 0, 10, 10), (5, -2, 12, 8)]) == (0, -2, 12, 10)
    assert geometry.union([]) is None
    assert geometry.intersection((0, 0, 10, 10), (5, 5, 20, 20)) == (5, 5, 10, 10)
    assert geometry.intersection((0, 0, 10, 10), (10, 0, 20, 10)) is None
    assert geometry.covered_share((0, 0, 10, 10), (0, 0, 5, 10)) == 0.5


def test_covered_finds_the_boxes_a_fill_covers_as_the_pairwise_test_does():
    import random

    rng = random.Random(7)
    boxes = [
        (x, y, x + rng.uniform(5, 40), y + rng.uniform(5, 30))
        for x, y in ((rng.uniform(0, 500), rng.uniform(0, 800)) for _ in range(300))
    ]
    covers = [
        (x, y, x + rng.uniform(5, 80), y + rng.uniform(5, 60))
        for x, y in ((rng.uniform(0, 500), rng.uniform(0, 800)) for _ in range(300))
    ]
    covers += [(0, 0, 10, 10)]
    boxes += [(0, 0, 20, 10), (0, 0, 21, 10)]  # half covered exactly, and just under half
    pairwise = {
        i
        for i, box in enumerate(boxes)
        if any(geometry.covered_share(box, cover) >= 0.5 for cover in covers)
    }
    found = geometry.covered(boxes, covers, 0.5)
    assert found == pairwise
    assert 300 in found and 301 not in found
    with pytest.raises(ValueError):
        geometry.covered(boxes, covers, 0.3)


def test_cluster_merges_nearby_edges():
    assert geometry.cluster([10.0, 10.4, 50.0, 49.8, 100.0], 2.0) == [10.2, 49.9, 100.0]


def test_slot_and_span_on_a_grid():
    xs, ys = [0, 10, 20, 30], [0, 5, 15]
    assert geometry.slot(xs, 12) == 1
    assert geometry.slot(xs, 30) is None and geometry.slot(xs, -1) is None
    assert geometry.span((10.3, 0.2, 29.6, 14.9), xs, ys) == (0, 2, 1, 3)


def test_group_lines_orders_top_to_bottom_then_left_to_right():
    boxes = [(50, 0, 60, 10), (0, 0.5, 40, 10.5), (0, 12, 30, 22)]
    assert geometry.group_lines(boxes) == [[1, 0], [2]]


def test_an_ocr_layers_jittered_boxes_stay_on_their_line():
    """Kediri's OCR layer: "2." (163-181) sits 2 pt above its line's words, "Persentase" (169-180)
    half a point below the others; the next line (187-199) is a line of its own."""
    boxes = [
        (256, 163.1, 271, 181.1),  # 2.
        (278, 168.6, 333, 179.6),  # Persentase
        (339, 167.9, 388, 178.9),  # perangkat
        (277, 186.8, 327, 198.8),  # dokumen
    ]
    assert geometry.group_lines(boxes) == [[0, 1, 2], [3]]
    # a box as tall as two lines of a text layer joins neither
    assert geometry.group_lines([(0, 0, 10, 10), (0, 12, 10, 22), (20, 0, 30, 22)]) == [
        [0],
        [2],
        [1],
    ]


@pytest.mark.parametrize(
    "texts, numbers",
    [
        (["1 Persentase a", "2. Persentase b", "3. Persentase c"], ["1", "2.", "3."]),
        (["1. A", "2. B", "1. C"], ["1.", "2.", "1."]),  # a list again under the next parent
        (["1. A", "1. A", "2. B"], ["1.", "1.", "2."]),  # a cell repeated under a merged parent
        (["1) A", "", "2) B"], ["1)", None, "2)"]),
        # an SPM table: numbers, letters under them, capitals, and a cell left unnumbered
        (
            ["1. Rasio", "a. Diploma", "b. Sarjana", "2. Proses", "Rata-rata IPK :", "3. Seleksi"],
            ["1.", "a.", "b.", "2.", None, "3."],
        ),
        (["A. Bakat", "B. Kegiatan", "C. Layanan"], ["A.", "B.", "C."]),
        # under the area's number (fuzz seeds 2008, 2036 drew them)
        (["1.1 Monitoring", "1.2 Indeks", "2.1 Sistem"], ["1.1", "1.2", "2.1"]),
        # a plan of one activity, numbered (fuzz seed 2016)
        (["1. Nilai SAKIP", "1. Nilai SAKIP"], ["1.", "1."]),
        (["a. Nilai SAKIP"], ["a."]),
    ],
)
def test_a_level_column_numbering_its_own_cells(texts, numbers):
    matches = assemble.listed_numbers(texts)
    assert matches is not None
    assert [assemble.item_number(m) if m else None for m in matches] == numbers


@pytest.mark.parametrize(
    "texts",
    [
        ["1 Dokumen", "5 Desa"],  # counts, not a list: no full stop, and 5 does not follow 1
        ["1. A", "3. B"],  # a number skipped
        ["1. A", "Laporan"],  # a cell without a number
        ["2. A"],  # a single cell is no list unless it is the first
        ["1 Dokumen"],  # a count: no full stop
        ["2.5 Persen capaian", "Laporan"],  # a figure in one cell of two
        ["100 Persen", "101 Persen"],  # no full stop or bracket anywhere
        ["1. A", "2. B", "Laporan", "Dokumen"],  # half the cells unnumbered: no list
        ["a. A", "c. B", "e. C"],  # letters skipped
    ],
)
def test_texts_that_are_no_numbered_list(texts):
    assert assemble.listed_numbers(texts) is None


def test_borderless_gutters_and_blocks():
    assert borderless.gutters([(0, 20), (5, 30), (40, 60), (62, 70), (90, 100)]) == [35.0, 80.0]
    assert borderless.blocks([(0, 10), (12, 22), (30, 40)], 3.0) == [(0, 22), (30, 40)]


def test_ocr_lines_at_the_tables_line_pitch_wrap_whatever_their_inks_gap():
    """On a scan a line's box is its ink's: a line without descenders ends at its baseline, so
    the gap under it reads a point or two wider than a line gap (the scanned Grobogan layout:
    'Pembentukan tim Reformasi Birokrasi di' / 'lingkungan KPU Kabupaten Grobogan', 4.8 pt
    against 2.6; fuzz scan seed 162: 3.1 against 2.9), and the wrap was read as the next row's
    cell. The table's line pitch (top to top) decides; a row's gap, wider than the pitch, still
    parts rows."""

    def line(top, bottom, text="kata"):
        return [Word(text, 10, top, 60, bottom, fontname="OCR")]

    # pitch 11.0 where the boxes' gap is a line gap (descenders: bottoms at top + 8.4)
    body = [line(0, 8.4), line(11, 19.4), line(22, 28.7), line(33.5, 41.9), line(52, 60.4)]
    pitch = borderless.line_pitch(body, [0, 100], 3.0)
    assert pitch == 11.0
    spans = [(w.top, w.bottom) for ln in body for w in ln]
    # 28.7 -> 33.5: a gap of 4.8 under a line without descenders, at the pitch (11.5)
    assert borderless.blocks(spans, 3.0, (), pitch) == [(0, 41.9), (52, 60.4)]
    assert borderless.blocks(spans, 3.0) == [(0, 28.7), (33.5, 41.9), (52, 60.4)]
    lines = borderless.column_lines(body, 0, 100, 3.0, pitch)
    assert [ln.gap_above for ln in lines] == [True, False, False, False, True]
    # a line of small letters without ascenders tops at their x-height ('anggaran', scan seed
    # 216): its top lies 13.2 under the top above, its bottom at the pitch under the bottom above
    small = [line(0, 8.4), line(11, 19.4), line(24.2, 30.4, "anggaran")]
    spans = [(w.top, w.bottom) for ln in small for w in ln]
    assert borderless.blocks(spans, 3.0, (), pitch) == [(0, 30.4)]
    lines = borderless.column_lines(small, 0, 100, 3.0, pitch)
    assert [ln.gap_above for ln in lines] == [True, False, False]


def test_a_word_glued_over_a_column_boundary_splits_where_its_cells_meet():
    box = (0, 0, 300, 100)
    glued = Word("1.2.1Jumlah", 75.0, 10, 115.3, 18, size=8)
    assert [w.text for w in geometry.split_at_gutters([glued], [91.6], box)] == ["1.2.1", "Jumlah"]
    # a word's own digits and letters stay together where no boundary runs through it
    kept = Word("SE2026", 100, 10, 130, 18, size=8)
    assert geometry.split_at_gutters([kept], [91.6], box) == [kept]


def test_a_row_rest_under_the_column_numbers_is_a_row_of_its_own():
    """Under the column numbers the first cut moves up to a parent's text set a point above
    its leaf's; text a line's height and more above the cut is a row's rest from the page
    before, and keeps a row of its own."""
    numbering = [[Word("(1)", 50, 83, 60, 92, size=8)]]
    parent_high = [Word("Sasaran", 100, 95.7, 130, 104.7, size=8), Word("x", 200, 97, 205, 106)]
    assert borderless.under_numbers([78, 96.2, 150, 200], numbering, parent_high) == [
        78,
        94.7,
        150,
        200,
    ]
    rest = [
        Word("pertanian,", 100, 95.7, 140, 104.7, size=8),
        Word("Jumlah", 200, 121.2, 230, 130.2),
    ]
    assert borderless.under_numbers([78, 120.2, 189.2, 258.2], numbering, rest) == [
        78,
        94.7,
        120.2,
        189.2,
        258.2,
    ]


def test_header_with_a_column_the_vocabulary_does_not_know(tmp_path):
    columns = [25, 120, 120, 100, 70]  # No | Kegiatan | Indikator | Kondisi Saat Ini | Waktu
    header = [
        Cell(0, 1, 0, 1, ["No"]),
        Cell(0, 1, 1, 2, ["Kegiatan"]),
        Cell(0, 1, 2, 3, ["Indikator"]),
        Cell(0, 1, 3, 4, ["Kondisi Saat Ini"]),
        Cell(0, 1, 4, 5, ["Waktu"]),
    ]
    body = [
        Cell(1, 2, 0, 1, ["1"]),
        Cell(1, 2, 1, 2, ["Kegiatan kick off"]),
        Cell(1, 2, 2, 3, ["Berita acara"]),
        Cell(1, 2, 3, 4, ["Belum ada"]),
        Cell(1, 2, 4, 5, ["Juni"]),
    ]
    (table, *_), rows = rows_of(
        tmp_path, columns, [Page(row_heights=[22, 22], cells=header + body)]
    )
    assert table.roles == ["number", "activity", "indicator", "", "schedule"]
    assert [(r["activity"], r["indicator"], r["schedule"]) for r in rows] == [
        ("Kegiatan kick off", "Berita acara", "Juni")
    ]


def test_horizontal_rules_merge_the_strokes_of_one_rule():
    edges = [
        {"orientation": "h", "x0": 10.0, "x1": 60.0, "top": 100.0},  # one cell's border ...
        {"orientation": "h", "x0": 60.0, "x1": 120.0, "top": 100.4},  # ... and the next cell's
        {"orientation": "h", "x0": 10.0, "x1": 120.0, "top": 101.0},  # a thin rect's other edge
        {"orientation": "h", "x0": 200.0, "x1": 204.0, "top": 100.0},  # a dash, no rule
        {"orientation": "v", "x0": 10.0, "x1": 10.0, "top": 100.0},
        {"orientation": "h", "x0": 60.0, "x1": 120.0, "top": 130.0},
    ]
    rules = borderless.horizontal_rules(edges)
    assert [(r[0], r[2]) for r in rules] == [(10.0, 120.0), (60.0, 120.0)]
    assert rules[0][1] == pytest.approx(100.47, abs=0.01) and rules[1][1] == 130.0


def test_a_column_boundary_falls_in_the_gutter_between_the_texts():
    # column 1's text ends at 70, column 2's starts at 76; the header over column 2 is centred
    # further right (from 90), leaving room that is no gutter
    lines = [[(10.0, 70.0), (76.0, 86.0)], [(10.0, 40.0), (76.0, 88.0)], [(10.0, 66.0)]]
    assert borderless.emptiest(lines, 50.0, 90.0) == pytest.approx(73.0)
    # a banner over the gutter is one line among many: the boundary stays where the rest agree
    assert borderless.emptiest([*lines, [(10.0, 120.0)]], 50.0, 90.0) == pytest.approx(73.0)


def test_cells_between_the_rules_over_each_column():
    # two columns; the rule at 50 runs under column 1 only: column 0's cell is merged over it
    xs = [0.0, 100.0, 200.0]
    rules = [(0.0, 30.0, 200.0), (100.0, 50.0, 200.0), (0.0, 70.0, 200.0)]
    assert sorted(borderless.ruled_cells(xs, rules, 10.0, 70.0)) == [
        (0.0, 10.0, 100.0, 30.0),
        (0.0, 30.0, 100.0, 70.0),
        (100.0, 10.0, 200.0, 30.0),
        (100.0, 30.0, 200.0, 50.0),
        (100.0, 50.0, 200.0, 70.0),
    ]


def test_text_centred_over_its_rows_takes_them_a_row_of_its_own_keeps_its_top():
    ys = [0.0, 20.0, 40.0, 60.0, 80.0]  # four rows of 20 pt
    # a text in the middle of rows 0-2 (26-34), then one at the top of row 3
    groups = borderless.centred_groups([(1, 1, 26.0, 34.0), (3, 3, 61.0, 69.0)], ys, 0, 4, False)
    assert groups == [(0, 2), (3, 3)]


def test_a_header_band_splits_its_parent_from_the_columns_under_it():
    def word(text, x0, top):
        return Word(text, x0, top, x0 + 6 * len(text), top + 8, size=8)

    band = [
        [word("Waktu", 160, 0), word("Pelaksanaan", 194, 0)],
        [
            word("Kegiatan", 20, 10),
            word("Jan", 150, 10),
            word("Feb", 190, 10),
            word("Mar", 230, 10),
        ],
        [word("Utama", 26, 20)],
    ]
    groups, parents = borderless.header_parts(band)
    assert [p.text for p in parents] == ["Waktu Pelaksanaan"]
    assert [g.text for g in groups] == ["Kegiatan Utama", "Jan", "Feb", "Mar"]


def test_a_header_phrase_names_a_plan_column():
    words = [Word("Ukuran", 10, 0, 40, 8), Word("Keberhasilan", 43, 0, 95, 8)]
    assert headers.named_roles(words) == {"indicator"}
    apart = [Word("Ukuran", 10, 0, 40, 8), Word("Keberhasilan", 43, 30, 95, 38)]
    assert headers.named_roles(apart) == set()


def test_a_word_glued_over_a_column_boundary_is_parted_there():
    # "Perencanaan," overflows its cell and touches the next cell's "September" (Courier, 5 pt
    # a character); the column boundary lies at 60
    glued = Word("Perencanaan,September", 0, 10, 105, 19, size=9)
    parts = geometry.split_at_gutters([glued], [0.0, 60.0, 120.0], (0.0, 0.0, 120.0, 50.0))
    assert [(w.text, w.x0, w.x1) for w in parts] == [
        ("Perencanaan,", 0, 60.0),
        ("September", 60.0, 105),
    ]
    # one long word over its cell's edge stays whole; so does a word outside the table
    long = Word("Penyelenggaraan", 0, 10, 75, 19, size=9)
    assert geometry.split_at_gutters([long], [0.0, 60.0, 120.0], (0.0, 0.0, 120.0, 50.0)) == [long]
    assert geometry.split_at_gutters([glued], [0.0, 60.0, 120.0], (0.0, 30.0, 120.0, 50.0)) == [
        glued
    ]
    # an area's "Perundang-undangan/" overflows into the next cell's "persiapan" (fuzz seed 505)
    slashed = Word("Perundang-undangan/persiapan", 0, 10, 140, 19, size=9)
    parts = geometry.split_at_gutters([slashed], [0.0, 95.0, 200.0], (0.0, 0.0, 200.0, 50.0))
    assert [w.text for w in parts] == ["Perundang-undangan/", "persiapan"]


def test_two_cells_texts_set_close_are_no_phrase_over_the_gutter():
    """An indicator's last word in capitals ends near its cell's edge and the schedule's word
    starts after the padding: wider than a space of the phrase, it is no merged cell's text
    (fuzz seed 992: "Audit Infrastruktur SPBE" | "Pebruari")."""
    line = [
        Word("Audit", 309.0, 466, 329.5, 475),
        Word("Infrastruktur", 332.0, 466, 380.0, 475),
        Word("SPBE", 382.5, 466, 406.5, 475),
        Word("Pebruari", 413.0, 466, 447.0, 475),
    ]
    xs = [304.5, 409.8, 482.8]
    [run] = borderless.runs_of(line)  # four capitals are wide: the padding looks like a space
    assert not borderless.spans_gutter(run, xs)
    # a banner's words over the gutter, spaced alike, are one merged cell's text
    banner = [
        Word("Penguatan", 330.0, 466, 375.0, 475),
        Word("Pengawasan", 377.5, 466, 430.0, 475),
        Word("Kinerja", 432.5, 466, 460.0, 475),
    ]
    assert borderless.spans_gutter(banner, xs)


def test_a_gap_wider_than_the_lines_spaces_before_a_cells_text_start_parts_two_cells():
    """Word's cell margins set two cells' texts 1.9 of a space apart (Word seed 609:
    'Melakukan pengembangan' | 'SK'): under twice a space, but wider than the line's other
    spaces, after a word ending inside its column and before one starting where that column's
    cells start their text on other lines, it is two cells' texts. Without those other lines
    the gap reads as before (one phrase)."""
    xs = [246.6, 354.2, 417.7]
    line = [
        Word("Melakukan", 255.0, 434, 295.5, 443),
        Word("pengembangan", 297.7, 434, 352.1, 443),
        Word("SK", 356.3, 434, 367.8, 443),
    ]
    [run] = borderless.runs_of(line)
    assert borderless.spans_gutter(run, xs)
    others = [
        [Word("Penyusunan", 255.0, y, 298.5, y + 9), Word("Persen", 356.3, y, 380.3, y + 9)]
        for y in (224.5, 339.3)
    ]
    starts = borderless.cell_starts([line, *others], xs)
    assert not borderless.spans_gutter(run, xs, starts)
    # a banner's words spaced alike over the gutter stay one merged cell's text
    banner = [Word("Penguatan", 300.0, 500, 350.0, 509), Word("Kinerja", 356.3, 500, 380.0, 509)]
    assert borderless.spans_gutter([*line[:1], *banner], xs, starts)


def test_unspaced_lines_open_at_a_value_under_a_value_and_at_a_change_of_face():
    """A word processor's table without padding or spacing sets its rows at the line pitch:
    '2' under '100%' in a narrow quarter column is the next row's target (no value wraps into
    another), and a bold banner under a row's text opens a text though the line above fills
    the column (Word seeds 242, 288)."""
    narrow = [[Word("100%", 10, 100, 30, 108)], [Word("2", 18, 108, 22, 116)]]
    assert [line.opens for line in borderless.column_lines(narrow, 5, 40, 3.0)] == [True, True]
    bold, regular = "Arial-BoldMT", "ArialMT"
    text = [
        [Word("Menyediakan", 10, 100, 60, 108, regular), Word("kantor", 62, 100, 98, 108, regular)],
        [Word("Pelaksanaan", 10, 108, 60, 116, bold), Word("SAKIP", 62, 108, 90, 116, bold)],
        [Word("Jumlah", 10, 116, 40, 124, regular), Word("Perangkat", 42, 116, 98, 124, regular)],
    ]
    lines = borderless.column_lines(text, 5, 100, 3.0)
    assert [line.opens for line in lines] == [True, True, True]
    # nothing beside the bold line but its number: a banner row of its own
    label = [Word("II", 0, 108, 4, 116, bold)]
    body = [text[0], label + text[1], text[2]]
    assert borderless.bold_headings([lines], {0}, [5.0, 100.0], body) == [108]
    # a target beside it: a row's own text set bold, no banner
    beside = [*text[1], Word("50%", 120, 108, 135, 116, regular)]
    assert borderless.bold_headings([lines], {0}, [5.0, 100.0], [text[0], beside, text[2]]) == []


def test_a_parent_line_at_a_row_start_that_may_open_the_next_parent_is_a_doubt():
    """Parents set at their rows' top, no gap between them: 'Pelatihan' under a line filling
    the column and ending '… kebijakan', at a row's start, may open the next parent's text or go
    on with its own (Word seed 246); a name printed inside a line ('Kabupaten') goes on."""
    body = [
        [Word("Persentase", 10, 100, 50, 108), Word("mendukung", 52, 100, 90, 108)],
        [Word("data", 10, 108, 30, 116), Word("kebijakan", 32, 108, 98, 116)],
        [Word("Pelatihan", 10, 116, 50, 124), Word("SDM", 52, 116, 70, 124)],
    ]
    column = borderless.column_lines(body, 5, 100, 3.0)
    assert [line.opens for line in column] == [True, False, False]
    assert borderless.parent_may_end([column], [0], [116.0], set())
    assert not borderless.parent_may_end([column], [0], [130.0], set())  # at no row's start
    assert not borderless.parent_may_end([column], [0], [116.0], {"Pelatihan"})
    # an acronym goes on a text
    acronym = [*body[:2], [Word("SDM", 10, 116, 30, 124), Word("pengelola", 32, 116, 70, 124)]]
    assert not borderless.parent_may_end(
        [borderless.column_lines(acronym, 5, 100, 3.0)], [0], [116.0], set()
    )
    # a title's line ending in 'dan' goes on with a capital ('Perencanaan, Penganggaran, dan' |
    # 'Evaluasi Kinerja', text-layer seed 3645)
    title = [
        [Word("Perencanaan,", 10, 100, 50, 108), Word("Penganggaran,", 52, 100, 90, 108)],
        [
            Word("Kinerja", 10, 108, 40, 116),
            Word("Daerah,", 42, 108, 80, 116),
            Word("dan", 82, 108, 98, 116),
        ],
        body[2],
    ]
    assert not borderless.parent_may_end(
        [borderless.column_lines(title, 5, 100, 3.0)], [0], [116.0], set()
    )


def test_table_ruled_between_its_rows_only(tmp_path):
    """Word's horizontal-only borders: no vertical rule, a cell merged over two rows is ruled at
    its top and bottom only, and a banner's text runs over the columns of its merged cell."""
    header = free_text_header()
    body = [
        Cell(1, 2, 0, 1, ["A"]),
        Cell(1, 2, 1, 5, ["Penguatan Akuntabilitas Kinerja Instansi"]),
        Cell(2, 4, 0, 1, ["1."]),
        Cell(2, 4, 1, 2, ["Manajemen", "Perubahan"]),
        Cell(2, 4, 2, 3, ["Pembentukan tim", "Reformasi Birokrasi"]),
        Cell(2, 3, 3, 4, ["SK Tim"]),
        Cell(2, 3, 4, 5, ["Februari"]),
        Cell(3, 4, 3, 4, ["Media sosialisasi"]),
        Cell(3, 4, 4, 5, ["Maret, Juni"]),
        Cell(4, 5, 0, 1, ["2."]),
        Cell(4, 5, 1, 2, ["Deregulasi"]),
        Cell(4, 5, 2, 3, ["Pemetaan hukum"]),
        Cell(4, 5, 3, 4, ["Peta hukum"]),
        Cell(4, 5, 4, 5, ["Desember"]),
    ]
    page = Page(row_heights=[32, 20, 24, 24, 22], cells=header + body, borders="horizontal")
    (table, *rest), rows = rows_of(tmp_path, FREE_TEXT, [page])
    assert rest == [] and pages_strategy(tmp_path) == "text"
    assert table.roles == ["number", "area", "activity", "indicator", "schedule"]
    assert [(r["area"], r["activity"], r["indicator"], r["schedule"]) for r in rows] == [
        ("Manajemen Perubahan", "Pembentukan tim Reformasi Birokrasi", "SK Tim", "Februari"),
        (
            "Manajemen Perubahan",
            "Pembentukan tim Reformasi Birokrasi",
            "Media sosialisasi",
            "Maret, Juni",
        ),
        ("Deregulasi", "Pemetaan hukum", "Peta hukum", "Desember"),
    ]
    assert [r.banner for r in table.rows] == [(1, "Penguatan Akuntabilitas Kinerja Instansi")] * 3


def test_borderless_merged_text_centred_over_its_rows(tmp_path):
    """Without rulings, a parent's text centred over its three rows belongs to all three (and
    to no row of the next parent's), not to the row it happens to sit beside."""
    header = free_text_header()
    body = [
        Cell(1, 4, 0, 1, ["1."]),
        Cell(1, 4, 1, 2, ["Manajemen"]),
        Cell(1, 4, 2, 3, ["Pembentukan tim"]),
        Cell(1, 2, 3, 4, ["SK Tim", "Reformasi Birokrasi"]),
        Cell(1, 2, 4, 5, ["Februari"]),
        Cell(2, 3, 3, 4, ["Media sosialisasi"]),
        Cell(2, 3, 4, 5, ["Maret"]),
        Cell(3, 4, 3, 4, ["Laporan monitoring"]),
        Cell(3, 4, 4, 5, ["Juni"]),
        Cell(4, 6, 0, 1, ["2."]),
        Cell(4, 6, 1, 2, ["Deregulasi"]),
        Cell(4, 6, 2, 3, ["Pemetaan hukum"]),
        Cell(4, 5, 3, 4, ["Peta hukum"]),
        Cell(4, 5, 4, 5, ["Mei"]),
        Cell(5, 6, 3, 4, ["Analisis hukum"]),
        Cell(5, 6, 4, 5, ["Juli"]),
    ]
    page = Page(row_heights=[32, 34, 22, 22, 22, 22], cells=header + body, borders=False)
    (table, *_), rows = rows_of(tmp_path, FREE_TEXT, [page])
    assert [(r["area_number"], r["activity"], r["indicator"]) for r in rows] == [
        ("1.", "Pembentukan tim", "SK Tim Reformasi Birokrasi"),
        ("1.", "Pembentukan tim", "Media sosialisasi"),
        ("1.", "Pembentukan tim", "Laporan monitoring"),
        ("2.", "Pemetaan hukum", "Peta hukum"),
        ("2.", "Pemetaan hukum", "Analisis hukum"),
    ]


def test_borderless_table_over_two_pages_with_its_header_repeated(tmp_path):
    def page(rows):
        cells = free_text_header()
        for r, (number, area, activity, indicator, schedule_text) in enumerate(rows, start=1):
            cells += [
                Cell(r, r + 1, 0, 1, [number] if number else []),
                Cell(r, r + 1, 1, 2, [area] if area else []),
                Cell(r, r + 1, 2, 3, [activity] if activity else []),
                Cell(r, r + 1, 3, 4, [indicator]),
                Cell(r, r + 1, 4, 5, [schedule_text]),
            ]
        return Page(row_heights=[32] + [22] * len(rows), cells=cells, borders=False, valign="top")

    first = page(
        [
            ("1.", "Manajemen", "Pembentukan tim", "SK Tim", "Februari"),
            (None, None, None, "Media", "Maret"),
        ]
    )
    second = page(
        [
            (None, None, None, "Laporan monitoring", "Juni"),
            ("2.", "Deregulasi", "Pemetaan", "Peta", "Mei"),
        ]
    )
    (table, *rest), rows = rows_of(tmp_path, FREE_TEXT, [first, second])
    assert rest == []
    assert [(r["area_number"], r["activity"], r["indicator"]) for r in rows] == [
        ("1.", "Pembentukan tim", "SK Tim"),
        ("1.", "Pembentukan tim", "Media"),
        ("1.", "Pembentukan tim", "Laporan monitoring"),
        ("2.", "Pemetaan", "Peta"),
    ]


def test_unknown_column_is_reported_for_the_vocabulary(tmp_path):
    columns = [25, 120, 120, 100, 70]
    header = [
        Cell(0, 1, 0, 1, ["No"]),
        Cell(0, 1, 1, 2, ["Kegiatan"]),
        Cell(0, 1, 2, 3, ["Indikator"]),
        Cell(0, 1, 3, 4, ["Kondisi Saat Ini"]),
        Cell(0, 1, 4, 5, ["Waktu"]),
    ]
    body = [
        Cell(1, 2, c, c + 1, [t]) for c, t in enumerate(["1", "Rapat", "Notulen", "Belum", "Juni"])
    ]
    _, warnings = assemble.read(
        pages_of(
            draw(tmp_path / "t.pdf", columns, [Page(row_heights=[22, 22], cells=header + body)])
        )
    )
    assert [(code, page) for code, _, page in warnings] == [("column_unknown", 1)]
    assert "Kondisi Saat Ini" in warnings[0][1]


# ---------------------------------------------------------------- page breaks (issue 2 + 3)


def test_merged_area_centred_after_a_page_break_backfills_the_rows_before_it(tmp_path):
    """The area's merged cell runs over the break with its centred text in the next page's part:
    its text belongs to the rows of both parts."""
    first = Page(
        row_heights=[26, 30, 30],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, ["1."]),
            Cell(1, 2, 1, 2, ["Manajemen"]),
            Cell(1, 2, 2, 3, ["Pembentukan tim"]),
            Cell(1, 2, 3, 4, ["SK Tim"]),
            Cell(1, 2, 4, 5, ["Januari"]),
            Cell(2, 3, 0, 1, []),
            Cell(2, 3, 1, 2, []),
            Cell(2, 3, 2, 3, ["Pemetaan hukum"]),
            Cell(2, 3, 3, 4, ["Peta hukum"]),
            Cell(2, 3, 4, 5, ["Maret"]),
        ],
    )
    second = Page(
        row_heights=[26, 30, 30],
        cells=free_text_header()
        + [
            Cell(1, 3, 0, 1, ["2."]),
            Cell(1, 3, 1, 2, ["Deregulasi"]),
            Cell(1, 2, 2, 3, ["Revisi produk hukum"]),
            Cell(1, 2, 3, 4, ["Produk direvisi"]),
            Cell(1, 2, 4, 5, ["Mei"]),
            Cell(2, 3, 2, 3, ["Pengelolaan JDIH"]),
            Cell(2, 3, 3, 4, ["JDIH mutakhir"]),
            Cell(2, 3, 4, 5, ["Juni"]),
        ],
    )
    _, rows = rows_of(tmp_path, FREE_TEXT, [first, second])
    assert [(r["area_number"], r["area"], r["activity"]) for r in rows] == [
        ("1.", "Manajemen", "Pembentukan tim"),
        ("2.", "Deregulasi", "Pemetaan hukum"),
        ("2.", "Deregulasi", "Revisi produk hukum"),
        ("2.", "Deregulasi", "Pengelolaan JDIH"),
    ]


def test_an_empty_single_key_cell_in_a_table_without_merged_cells_is_not_backfilled(tmp_path):
    """Where the column merges nothing, an empty cell at a page's bottom is not a merged part."""
    first = Page(
        row_heights=[26, 30, 30],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, ["1."]),
            Cell(1, 2, 1, 2, ["Manajemen"]),
            Cell(1, 2, 2, 3, ["Pembentukan tim"]),
            Cell(1, 2, 3, 4, ["SK Tim"]),
            Cell(1, 2, 4, 5, ["Januari"]),
            Cell(2, 3, 0, 1, []),
            Cell(2, 3, 1, 2, []),
            Cell(2, 3, 2, 3, ["Sosialisasi"]),
            Cell(2, 3, 3, 4, ["Media"]),
            Cell(2, 3, 4, 5, ["Maret"]),
        ],
    )
    second = Page(
        row_heights=[26, 30],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, ["2."]),
            Cell(1, 2, 1, 2, ["Deregulasi"]),
            Cell(1, 2, 2, 3, ["Pemetaan"]),
            Cell(1, 2, 3, 4, ["Peta"]),
            Cell(1, 2, 4, 5, ["Mei"]),
        ],
    )
    _, rows = rows_of(tmp_path, FREE_TEXT, [first, second])
    assert [r["area_number"] for r in rows] == ["1.", "1.", "2."]


def split_pages(first_row_height: float, rest: list[str], schedule_above: str = "Januari"):
    """Page 1 ends with a row whose indicator has two lines in a row ``first_row_height`` high;
    page 2 starts with a row holding only an indicator ``rest`` (its schedule empty)."""
    first = Page(
        row_heights=[26, first_row_height],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, ["1."]),
            Cell(1, 2, 1, 2, ["Manajemen"]),
            Cell(1, 2, 2, 3, ["Penyelenggaraan integritas"]),
            Cell(1, 2, 3, 4, ["Dokumen laporan penanganan", "benturan kepentingan dan"]),
            Cell(1, 2, 4, 5, [schedule_above]),
        ],
        valign="top",
    )
    second = Page(
        row_heights=[26, 30],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, []),
            Cell(1, 2, 1, 2, []),
            Cell(1, 2, 2, 3, []),
            Cell(1, 2, 3, 4, rest),
            Cell(1, 2, 4, 5, []),
        ],
        valign="top",
    )
    return [first, second]


def test_a_row_cut_by_the_page_break_goes_on_even_with_a_capital(tmp_path):
    # The indicator's text fills its part to the bottom edge: the row was cut by the break.
    (table, *_), rows = rows_of(
        tmp_path, FREE_TEXT, split_pages(27, ["Surat Pernyataan Bebas Benturan"])
    )
    assert [r["indicator"] for r in rows] == [
        "Dokumen laporan penanganan benturan kepentingan dan Surat Pernyataan Bebas Benturan"
    ]
    assert table.rows[0].pages == [1, 2]


def test_an_empty_schedule_at_the_top_of_a_page_is_a_row_of_its_own(tmp_path):
    # The row above ends with room for two more lines: it was complete, so the next row is new,
    # and its empty schedule is really empty (no months, a warning; nothing inherited).
    (table, *_), rows = rows_of(tmp_path, FREE_TEXT, split_pages(52, ["Surat pernyataan"]))
    assert [r["indicator"] for r in rows] == [
        "Dokumen laporan penanganan benturan kepentingan dan",
        "Surat pernyataan",
    ]
    record = records.record_of(table.rows[1], 2023)
    assert (record.schedule_text, record.months, record.activity) == (
        "",
        [],
        "Penyelenggaraan integritas",
    )
    assert any(w.startswith(WarningCode.NO_SCHEDULE) for w in record.warnings)


def test_an_empty_indicator_at_the_top_of_a_page_is_not_inherited_from_a_single_cell(tmp_path):
    first = Page(
        row_heights=[26, 30],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, ["1."]),
            Cell(1, 2, 1, 2, ["Manajemen"]),
            Cell(1, 2, 2, 3, ["Rapat"]),
            Cell(1, 2, 3, 4, ["Notulen"]),
            Cell(1, 2, 4, 5, ["Januari"]),
        ],
    )
    second = Page(
        row_heights=[26, 30],
        cells=free_text_header()
        + [
            Cell(1, 2, 0, 1, ["2."]),
            Cell(1, 2, 1, 2, ["Deregulasi"]),
            Cell(1, 2, 2, 3, ["Pemetaan"]),
            Cell(1, 2, 3, 4, []),
            Cell(1, 2, 4, 5, ["Mei"]),
        ],
    )
    _, rows = rows_of(tmp_path, FREE_TEXT, [first, second])
    assert [r["indicator"] for r in rows] == ["Notulen", ""]


@pytest.mark.parametrize(
    "before,text,reads",
    [
        ("Dokumen laporan", "penanganan", True),  # lower case
        (
            "Penyampaian laporan kepada",
            "Sekretaris Jenderal",
            True,
        ),  # a word that can't end a phrase
        ("Maklumat Layanan,", "Standar Pelayanan", True),  # an open mark
        ("Penerapan kinerja (target output", "/ mutu)", True),
        ("Penerapan kinerja (target", "Output)", True),  # a bracket left open
        ("Pembentukan tim", "Pemetaan produk hukum", False),
        ("Terbentuknya Satgas SPIP", "Tersusunnya peta risiko", False),
    ],
)
def test_reads_on(before, text, reads):
    assert rows.reads_on(before, text) is reads


def test_borderless_table_continued_on_a_page_without_its_header(tmp_path):
    def body(rows, header):
        cells = free_text_header() if header else []
        first = 1 if header else 0
        for r, (number, area, activity, indicator, schedule_text) in enumerate(rows, start=first):
            cells += [
                Cell(r, r + 1, 0, 1, [number] if number else []),
                Cell(r, r + 1, 1, 2, [area] if area else []),
                Cell(r, r + 1, 2, 3, [activity] if activity else []),
                Cell(r, r + 1, 3, 4, [indicator]),
                Cell(r, r + 1, 4, 5, [schedule_text]),
            ]
        return Page(
            row_heights=([32] if header else []) + [22] * len(rows),
            cells=cells,
            borders=False,
            valign="top",
        )

    first = body(
        [
            ("1.", "Manajemen", "Pembentukan tim", "SK Tim", "Februari"),
            (None, None, None, "Media", "Maret"),
        ],
        header=True,
    )
    second = body(
        [
            (None, None, None, "Laporan monitoring", "Juni"),
            ("2.", "Deregulasi", "Pemetaan", "Peta", "Mei"),
        ],
        header=False,
    )
    (table, *rest), rows = rows_of(tmp_path, FREE_TEXT, [first, second])
    assert rest == [] and table.pages == [1, 2]
    assert [(r["area_number"], r["activity"], r["indicator"], r["schedule"]) for r in rows] == [
        ("1.", "Pembentukan tim", "SK Tim", "Februari"),
        ("1.", "Pembentukan tim", "Media", "Maret"),
        ("1.", "Pembentukan tim", "Laporan monitoring", "Juni"),
        ("2.", "Pemetaan", "Peta", "Mei"),
    ]


def test_borderless_continuation_needs_lines_inside_the_columns():
    xs = [0.0, 30.0, 130.0, 230.0]
    roles = ["number", "activity", "indicator"]
    inside = [Word("Rapat", 35, 10, 60, 19, size=9), Word("Notulen", 135, 10, 170, 19, size=9)]
    across = [Word("Ditetapkan di Jepara pada tanggal", 100, 10, 200, 19, size=9)]
    one_column = [
        Word("Sekretaris", 135, 10, 170, 19, size=9),
        Word("KPU", 135, 22, 160, 31, size=9),
    ]
    assert borderless.find_continued(inside, xs, roles) is not None
    assert borderless.find_continued(across, xs, roles) is None
    assert borderless.find_continued(one_column, xs, roles) is None


def test_numbered_month_grid_under_bulan(tmp_path):
    columns = [22, 140, 140] + [20] * 12
    header = [
        Cell(0, 2, 0, 1, ["No"]),
        Cell(0, 2, 1, 2, ["Kegiatan"]),
        Cell(0, 2, 2, 3, ["Indikator"]),
        Cell(0, 1, 3, 15, ["Bulan"]),
    ]
    header += [Cell(1, 2, 3 + i, 4 + i, [str(i + 1)]) for i in range(12)]
    body = [Cell(2, 3, 0, 1, ["1"]), Cell(2, 3, 1, 2, ["Rapat"]), Cell(2, 3, 2, 3, ["Notulen"])]
    body += [Cell(2, 3, 2 + m, 3 + m, ["v"] if m in (3, 9) else []) for m in range(1, 13)]
    (table, *_), _ = rows_of(
        tmp_path, columns, [Page(row_heights=[16, 16, 22], cells=header + body)]
    )
    assert table.roles[3:] == [f"month:{m}" for m in range(1, 13)]
    assert table.rows[0].months_marked == [3, 9]


def test_column_numbering_under_every_header_cell_is_still_dropped(tmp_path):
    columns = [25, 120, 120, 70]
    header = [
        Cell(0, 1, c, c + 1, [t]) for c, t in enumerate(["No", "Kegiatan", "Indikator", "Waktu"])
    ]
    header += [Cell(1, 2, c, c + 1, [f"({c + 1})"]) for c in range(4)]
    body = [Cell(2, 3, c, c + 1, [t]) for c, t in enumerate(["1", "Rapat", "Notulen", "Juni"])]
    (table, *_), rows = rows_of(
        tmp_path, columns, [Page(row_heights=[22, 14, 22], cells=header + body)]
    )
    assert table.roles == ["number", "activity", "indicator", "schedule"]
    assert [(r["activity"], r["schedule"]) for r in rows] == [("Rapat", "Juni")]


def test_uncovered_grid_slots_become_cells_per_column():
    xs, ys = [0, 10, 20, 30], [0, 5, 10, 15, 20]
    spans = [(0, 1, 0, 3), (1, 4, 2, 3), (1, 2, 1, 2)]  # header, a column of cells, one cell
    runs = geometry.uncovered_runs(spans, xs, ys)
    assert runs == [((0, 5, 10, 20), 1, 4, 0), ((10, 10, 20, 20), 2, 4, 1)]
    assert geometry.uncovered_runs([], xs, ys) == []


def test_a_cell_is_filled_when_no_line_fits_under_its_text():
    cell = grid.Cell(bbox=(0, 0, 50, 30), r0=0, r1=1, c0=0, c1=1, text_bottom=25.0, line_height=9.0)
    assert cell.filled
    cell.text_bottom = 12.0
    assert not cell.filled
    assert not grid.Cell(bbox=(0, 0, 50, 30), r0=0, r1=1, c0=0, c1=1).filled


def test_area_cells_centred_over_a_page_break_in_the_compare_variant():
    """corpus/compare's variant: areas drawn as merged columns whose rule at the break is missing,
    their text on the middle row (page 2 has area 1's text, page 3's bottom rows get area 4's
    from page 4)."""
    from pathlib import Path

    pdf = (
        Path(__file__).resolve().parent.parent
        / "corpus"
        / "compare"
        / "kpu-kab-jepara-2023-variant.pdf"
    )
    found, _ = assemble.read(pages_of(pdf))
    rows = found[0].rows
    by_indicator = {r.cells["indicator"]: r for r in rows}
    assert (
        by_indicator["Penerbitan SK Tim Reformasi Birokrasi Tahun 2023"].cells["area_number"]
        == "1."
    )
    sop = next(
        r for r in rows if r.cells["indicator"].startswith("Terdapat evaluasi terhadap efisiensi")
    )
    assert (sop.cells["area_number"], sop.pages) == ("4.", [3])
    assert sop.cells["area"].startswith("Penguatan Tata Laksana")


MONTHS_READ = (
    ["number", "activity"]
    + [f"month:{m}" for m in range(1, 9)]
    + [None]
    + [f"month:{m}" for m in (10, 11, 12)]
)


def test_an_unread_month_header_between_read_ones_takes_its_place():
    widths = [20, 120] + [25] * 12
    assert grid.complete_sequences(MONTHS_READ, widths)[10] == "month:9"


def test_a_grid_column_that_took_the_parent_header_role_is_filled_too():
    roles = (
        ["number", "activity"]
        + [f"month:{m}" for m in range(1, 9)]
        + ["schedule"]
        + [f"month:{m}" for m in (10, 11, 12)]
    )
    fillable = [False] * 10 + [True] + [False] * 3
    assert grid.complete_sequences(roles, [20, 120] + [25] * 12, fillable)[10] == "month:9"


def test_a_sequence_extends_at_its_ends_only_over_columns_as_wide_as_its_own():
    roles = ["number", "activity", None] + [f"month:{m}" for m in range(2, 12)] + [None, None]
    widths = [20, 120] + [25] * 12 + [60]
    out = grid.complete_sequences(roles, widths)
    assert out[2] == "month:1" and out[13] == "month:12"
    assert out[14] is None  # a wide column after December is not a thirteenth month


@pytest.mark.parametrize(
    "roles",
    [
        ["activity", "month:1", None, "month:2"],  # out of order: not one sequence
        ["activity", "month:1", "pic", "month:3"],  # another column inside the run
        ["activity", "month:5", None],  # one read header is not a sequence
    ],
)
def test_no_sequence_no_guess(roles):
    assert grid.complete_sequences(roles, [100] + [25] * (len(roles) - 1)) == roles


def test_quarters_complete_like_months():
    roles = ["activity", "quarter:1", None, "quarter:3", None]
    assert grid.complete_sequences(roles, [100, 30, 30, 30, 30]) == [
        "activity",
        "quarter:1",
        "quarter:2",
        "quarter:3",
        "quarter:4",
    ]


# ---------------------------------------------------------------- hierarchies and real-table helpers

R = grid.Role


@pytest.mark.parametrize(
    "given, settled",
    [
        # Program | Kegiatan | Sub Kegiatan | Sub Sub Kegiatan: four activity headers
        (
            [R.NUMBER, R.ACTIVITY, R.ACTIVITY, R.ACTIVITY, R.ACTIVITY, R.MONTH_1],
            [R.NUMBER, R.AREA, R.ACTIVITY, R.LEVEL_1, R.INDICATOR, R.MONTH_1],
        ),
        # Misi | Tujuan | Indikator Tujuan | Sasaran Strategis | IKU | PD Penanggung Jawab
        (
            [R.NUMBER, R.LEVEL, R.LEVEL, R.INDICATOR, R.LEVEL, R.INDICATOR, R.PIC],
            [R.NUMBER, R.AREA, R.ACTIVITY, R.DUPLICATE, R.LEVEL_1, R.INDICATOR, R.PIC],
        ),
        # Sasaran Strategis | Indikator Kinerja Utama
        ([R.NUMBER, R.LEVEL, R.INDICATOR], [R.NUMBER, R.AREA, R.INDICATOR]),
        # the plain area | activity | indicator table keeps its roles
        (
            [R.NUMBER, R.AREA, R.ACTIVITY, R.INDICATOR, R.SCHEDULE],
            [R.NUMBER, R.AREA, R.ACTIVITY, R.INDICATOR, R.SCHEDULE],
        ),
        ([R.ACTIVITY, R.INDICATOR, R.SCHEDULE], [R.ACTIVITY, R.INDICATOR, R.SCHEDULE]),
    ],
)
def test_settle_hierarchy(given, settled):
    assert grid.settle_hierarchy(given) == settled


def test_settle_hierarchy_keeps_a_column_drawn_as_two_together():
    given = [R.NUMBER, R.ACTIVITY, R.ACTIVITY, R.ACTIVITY, R.INDICATOR]
    twins = lambda a, b: (a, b) == (2, 3)  # noqa: E731
    assert grid.settle_hierarchy(given, twins) == [
        R.NUMBER,
        R.AREA,
        R.ACTIVITY,
        R.ACTIVITY,
        R.INDICATOR,
    ]


def test_a_table_of_dates_reads_its_remarks_as_the_activity():
    given = [R.NUMBER, R.SCHEDULE, None, R.NOTE]
    assert grid.settle_scheduled_subject(given) == [R.NUMBER, R.SCHEDULE, None, R.ACTIVITY]
    kept = [R.NUMBER, R.ACTIVITY, R.SCHEDULE, R.NOTE]
    assert grid.settle_scheduled_subject(kept) == kept


@pytest.mark.parametrize(
    "text, number, rest",
    [
        ("Misi 2: Meningkatkan capaian kinerja", 2, "Meningkatkan capaian kinerja"),
        ("II. PROGRAM INFORMASI", 2, "PROGRAM INFORMASI"),
        ("Sasaran Strategis 3 : Meningkatnya", 3, "Meningkatnya"),
        ("B. CUTI BERSAMA TAHUN 2022", 2, "CUTI BERSAMA TAHUN 2022"),
    ],
)
def test_banner_number_pattern(text, number, rest):
    match = rows.banner_number_pattern().match(text)
    assert match and rows.area_number_of(match.group(1)) == number and match.group(2) == rest


def test_program_banner_without_a_number_is_not_split():
    assert rows.banner_number_pattern().match("PROGRAM PENUNJANG URUSAN") is None


def test_shading_is_a_fat_unstroked_fill_and_a_rule_is_thin():
    from rencana.stages.tables.finders import is_shading

    tile = {"object_type": "rect", "fill": True, "stroke": False, "width": 80, "height": 9}
    rule = {"object_type": "rect", "fill": True, "stroke": False, "width": 0.5, "height": 300}
    box = {"object_type": "rect", "fill": True, "stroke": True, "width": 80, "height": 9}
    assert is_shading(tile) and not is_shading(rule) and not is_shading(box)


@pytest.mark.parametrize(
    "texts, role",
    [
        (["B03, B06", "Tiap Bulan", "Januari - Desember"], R.SCHEDULE),
        (["28,017,134", "2.260.675.137", "Rp 5.993.278"], R.BUDGET),
        (["Rp 1,5 juta", "5.000.000,-", "Rp. 250.000"], R.BUDGET),  # as core.amounts reads them
        (["100", "250", "Rp 500"], None),  # counts and targets as often as money
        (["Dokumen", "Laporan", "%"], R.UNIT),
        (["Dinas Kesehatan", "Sub Bagian Umum", "Sekretariat"], R.PIC),
        (["Terlaksananya rapat", "Tersusunnya laporan"], None),
        (["1", "2", "3"], None),
        (["Dokumen"], None),  # one cell says too little
    ],
)
def test_role_from_cells(texts, role):
    from rencana.stages.tables.content import role_from_cells

    assert role_from_cells(texts, set()) == role


def test_content_never_takes_a_role_another_column_has():
    from rencana.stages.tables.content import settle_from_content

    roles = [R.ACTIVITY, R.SCHEDULE, None, R.MONTH_1]
    texts = [["a", "b"], ["Maret", "Juni"], ["April", "Mei"], ["√", "√"]]
    assert settle_from_content(roles, texts) == roles


@pytest.mark.parametrize(
    "texts, numbering",
    [
        (["(1)", "(2)", "(3)", "(4)"], True),
        (["(1)", "(2)", "(3)", "(a)"], True),  # a scan's "(4)"
        (["1", "2", "3"], True),
        (["(1)", "(2)", "Kegiatan rapat", "(4)"], False),
        (["2", "3", "7", "8"], False),
    ],
)
def test_column_number_row_on_a_scan(texts, numbering):
    assert headers.is_column_number_row(texts) is numbering


# ---------------------------------------------------------------- one column, several levels


@pytest.mark.parametrize(
    "text,role",
    [
        ("Urusan/Bidang Urusan/Program/Kegiatan", "stacked"),
        ("Program/Kegiatan/Sub Kegiatan", "stacked"),
        ("Program/Kegiatan", "activity"),  # a synonym of its own stays one
        ("Indikator Kinerja Program (Outcome)/Indikator Kinerja Kegiatan (Output)", "indicator"),
        ("Perangkat Daerah Penanggung Jawab", "pic"),
        # one part names the role, the other the same cells in other words (a PKPT)
        ("Nama Kegiatan / Obyek Pemeriksaan", "activity"),
        ("Kegiatan / Sasaran Audit", "activity"),
        # a body line carried into the header band is no header, whatever a part names
        ("fungsi di lingkungan unit/satuan kerja", None),
    ],
)
def test_a_header_of_alternatives(text, role):
    assert headers.role_of_header(text) == role


def test_a_stacked_row_names_its_level_by_its_first_words():
    assert stacked.level_named_by("PROGRAM PENUNJANG URUSAN") == 2
    assert stacked.level_named_by("Sub Kegiatan: Penyusunan Renja") == 4
    assert stacked.level_named_by("URUSAN PEMERINTAHAN BIDANG STATISTIK") == 0
    assert stacked.level_named_by("Programmer training") is None


def test_parents_are_the_rows_whose_amounts_sum_the_rows_after_them():
    values = [(10, 5), (4, 5), (6, 0), (0, 0), (7, 7), (7, 7)]
    assert stacked.parents_by_sums(values, None) == [True, False, False, False, True, False]
    # the level above checks the parents' sum: here a parent without rows under it is read
    assert stacked.parents_by_sums([(3,), (2,), (1,), (4,)], (7,)) == [True, False, False, True]
    # nothing but zeros decides nothing; a sum that never adds up reads flat
    assert stacked.parents_by_sums([(0,), (0,)], None) is None
    assert stacked.parents_by_sums([(5,), (2,), (2,)], None) is None


def test_zero_rows_after_a_sum_go_where_they_look_like_they_belong():
    values = [(5,), (5,), (0,), (0,), (3,), (3,)]
    assert stacked.parents_by_sums(values, None) == [True, False, False, False, True, False]
    hints = [True, False, True, False, True, False]
    assert stacked.parents_by_sums(values, None, hints) == [True, False, True, False, True, False]


def test_amounts_as_printed():
    assert stacked.amount_value("1.460.000") == 1460000
    assert stacked.amount_value("Rp 28,017,134.50") == 28017134
    assert stacked.amount_value("-") == 0


def test_column_rulings_running_past_the_top_ruling_close_the_row_a_page_break_left_open():
    edges = [
        {"orientation": "v", "x0": x, "top": 72.0, "bottom": 300.0} for x in (72, 200, 400, 600)
    ]
    assert finders.open_ends(edges, (72, 112, 600, 300)) == [72.0]
    assert finders.open_ends(edges, (72, 72, 600, 300)) == []
    assert finders.open_ends(edges[:2], (72, 112, 600, 300)) == []  # two rulings are no table


def test_glyphs_printed_over_other_glyphs_are_found_and_set_text_is_not():
    from rencana.core.geometry import overlapping_glyphs

    line = [("a", (10.0, 100.0, 15.0, 110.0)), ("b", (15.0, 100.0, 20.0, 110.0))]
    doubled_for_bold = [("a", (10.3, 100.0, 15.3, 110.0))]
    assert overlapping_glyphs(line + doubled_for_bold) == []
    # A second layer 2 pt lower and 0.5 pt to the right, whose tops straddle a 6 pt band.
    over = [("x", (10.5, 102.5, 15.5, 112.5)), ("y", (15.5, 102.5, 20.5, 112.5))]
    assert sorted(overlapping_glyphs(line + over)) == sorted(box for _, box in line + over)
    next_line = [("c", (10.0, 112.0, 15.0, 122.0))]  # touches the line above, not over it
    assert overlapping_glyphs(line + next_line) == []


@pytest.mark.parametrize("labels", [[str(m) for m in range(1, 13)], MONTHS])
def test_borderless_month_grid_under_bulan_with_one_plan_column_named(tmp_path, labels):
    """A table without rulings whose header names one plan column ("Kegiatan") and a month grid
    under "Bulan" (numbers or names), under a title set larger ("TAHUN 2023"): the grid names the
    schedule, the title is not the header's, each tick is its month."""
    columns = [22, 170, 110] + [20] * 12
    header = [
        Cell(0, 2, 0, 1, ["No"]),
        Cell(0, 2, 1, 2, ["Kegiatan"]),
        Cell(0, 2, 2, 3, ["PIC"]),
        Cell(0, 1, 3, 15, ["Bulan"]),
    ]
    header += [Cell(1, 2, 3 + i, 4 + i, [label]) for i, label in enumerate(labels)]
    plan = [
        ("1", "Rapat koordinasi tim", "Sekretariat", {1, 2, 3}),
        ("2", "Penyusunan laporan kinerja", "Subbagian Umum", {6}),
        ("3", "Evaluasi rencana aksi", "Subbagian Program", {9, 12}),
    ]
    body = []
    for r, (number, activity, pic, months) in enumerate(plan, start=2):
        body += [
            Cell(r, r + 1, 0, 1, [number]),
            Cell(r, r + 1, 1, 2, [activity]),
            Cell(r, r + 1, 2, 3, [pic]),
        ]
        body += [Cell(r, r + 1, 2 + m, 3 + m, ["v"] if m in months else []) for m in range(1, 13)]
    page = Page(
        row_heights=[14, 14, 22, 22, 22],
        cells=header + body,
        borders=False,
        top=110,
        title_above=["RENCANA KERJA SEKRETARIAT", "TAHUN 2023"],
    )
    (table, *_), rows = rows_of(tmp_path, columns, [page])
    assert pages_strategy(tmp_path) == "text"
    assert table.roles[3:] == [f"month:{m}" for m in range(1, 13)]
    assert [(r["activity"], r["pic"]) for r in rows] == [(a, p) for _, a, p, _ in plan]
    assert [row.months_marked for row in table.rows] == [sorted(m) for *_, m in plan]


def test_borderless_quarters_under_a_grid_parent_narrower_than_them(tmp_path):
    """Without rulings, "Triwulan" centred over I … IV overlaps one label at most: it is still
    their parent, so "I", "II" and "IV" are quarters too and each target is its quarter's."""
    columns = [22, 150, 150] + [40] * 4
    header = [
        Cell(0, 2, 0, 1, ["No"]),
        Cell(0, 2, 1, 2, ["Rencana Aksi"]),
        Cell(0, 2, 2, 3, ["Output"]),
        Cell(0, 1, 3, 7, ["Triwulan"], align="center"),
    ]
    quarters = ["I", "II", "III", "IV"]
    header += [Cell(1, 2, 3 + i, 4 + i, [q], align="center") for i, q in enumerate(quarters)]
    plan = [
        ("1", "Survei kepuasan", "Indeks", ["0", "25%", "50%", "100%"]),
        ("2", "Reviu SOP", "Dokumen SOP", ["1", "-", "-", "1"]),
    ]
    body = []
    for r, (number, activity, output, targets) in enumerate(plan, start=2):
        body += [
            Cell(r, r + 1, 0, 1, [number]),
            Cell(r, r + 1, 1, 2, [activity]),
            Cell(r, r + 1, 2, 3, [output]),
        ]
        body += [Cell(r, r + 1, 3 + i, 4 + i, [v], align="center") for i, v in enumerate(targets)]
    page = Page(row_heights=[14, 14, 22, 22], cells=header + body, borders=False)
    (table, *_), _ = rows_of(tmp_path, columns, [page])
    assert pages_strategy(tmp_path) == "text"
    assert table.roles[3:] == [f"quarter:{q}" for q in range(1, 5)]
    assert [records.record_of(row, 2024).months for row in table.rows] == [
        list(range(4, 13)),
        [1, 2, 3, 10, 11, 12],
    ]


def test_a_parent_stands_over_the_labels_its_cell_rule_closes():
    """Ruled between rows only: "Indikator Kinerja" over Uraian | Target | Satuan overlaps none
    of them; the rule under its cell, over theirs, says what it stands over. A rule under the
    whole header, one with the same cell's text below it, or one under a row of cells side by
    side says nothing."""

    def word(text, x0, top):
        return Word(text, x0, top, x0 + 5 * len(text), top + 7, size=7)

    band = [
        [word("No", 60, 0), word("Indikator", 330, 0), word("Kinerja", 378, 0)],
        [word("Uraian", 260, 18), word("Target", 420, 18), word("Satuan", 460, 18)],
    ]
    rules = [(250.0, 12.0, 490.0)]  # the parent cell's bottom, x 250..490
    groups, parents = borderless.header_parts(band, headers.header_word_role, rules)
    assert [(p.text, p.x0, p.x1) for p in parents] == [("Indikator Kinerja", 260, 490)]
    assert [g.text for g in groups] == ["No", "Uraian", "Target", "Satuan"]
    assert borderless.header_parts(band, headers.header_word_role)[1] == []
    assert borderless.header_parts(band, headers.header_word_role, [(50.0, 12.0, 560.0)])[1] == []
    wrapped = [band[0], [word("Utama", 360, 8)], band[1]]
    below_utama = [(250.0, 16.5, 490.0)]
    assert borderless.header_parts(wrapped, headers.header_word_role, below_utama)[1] == []
    # a body row's cells side by side over the rule under their row (a merged cell beside it)
    row = [[word("Pelaksanaan", 260, 0), word("Persen", 420, 0)], band[1]]
    assert borderless.header_parts(row, headers.header_word_role, rules)[1] == []


def test_parents_side_by_side_over_one_rule_each_stand_over_their_own_labels():
    """Ruled between rows only, two parents' cell rules drawn end to end read as one rule:
    "Target" over 2022 | 2023 and "Pagu" over 2022 | 2023 | 2024, each centred and touching one
    label; each stands over the labels nearer to it."""

    def word(text, x0, top):
        return Word(text, x0, top, x0 + 5 * len(text), top + 7, size=7)

    band = [
        [word("No", 60, 0), word("Target", 245, 0), word("Pagu", 355, 0)],
        [word("2022", 220, 18), word("2023", 260, 18)]
        + [word("2022", 310, 18), word("2023", 360, 18), word("2024", 410, 18)],
    ]
    rules = [(210.0, 12.0, 440.0)]
    groups, parents = borderless.header_parts(band, headers.header_word_role, rules)
    assert [(p.text, p.x0, p.x1) for p in parents] == [
        ("Target", 220, 280),
        ("Pagu", 310, 430),
    ]
    assert [g.text for g in groups] == ["No", "2022", "2023", "2022", "2023", "2024"]
    # without the rule each touches one label: a wrapped header's second line, no parent
    assert borderless.header_parts(band, headers.header_word_role)[1] == []


def test_a_parent_centred_over_labels_it_does_not_touch_in_a_two_row_header():
    """Without rulings: "Indikator Kinerja" on the header's first line, centred over Uraian |
    Target | Satuan on its last, the columns of one row each set between the two. In a header
    of one row, a wrapped header's second line or a label set lower is nothing's child."""

    def word(text, x0, top):
        return Word(text, x0, top, x0 + 5 * len(text), top + 7, size=7)

    band = [
        [word("Indikator", 330, 0), word("Kinerja", 378, 0)],
        [word("No", 60, 9), word("Sasaran", 120, 9), word("Formulasi", 500, 9)],
        [word("Uraian", 260, 18), word("Target", 420, 18), word("Satuan", 460, 18)],
    ]
    parents = borderless.header_parts(band, headers.header_word_role)[1]
    assert [(p.text, p.x0, p.x1) for p in parents] == [("Indikator Kinerja", 260, 490)]
    one_row = [
        [word("No", 60, 0), word("Indikator", 200, 0), word("Jadwal", 330, 0)],
        [word("Kinerja", 205, 9), word("Bukti", 400, 9)],
    ]
    assert borderless.header_parts(one_row, headers.header_word_role)[1] == []


def test_a_grid_parent_stands_over_the_labels_its_text_does_not_reach():
    def word(text, x0, top):
        return Word(text, x0, top, x0 + 5 * len(text), top + 7, size=7)

    band = [
        [word("Triwulan", 648, 0)],
        [word("Kegiatan", 100, 8), word("Target", 524, 8)],
        [word("I", 596, 16), word("II", 629, 16), word("III", 662, 16), word("IV", 696, 16)],
    ]
    role_of = headers.header_word_role
    groups, parents = borderless.header_parts(band, role_of)
    assert [(p.text, p.x0, p.x1) for p in parents] == [("Triwulan", 596, 706)]
    roles = [borderless.group_role(g, parents, role_of) for g in groups]
    assert roles[2:] == [f"quarter:{q}" for q in range(1, 5)]
    # without a grid parent's word over them, labels stay columns of their own
    assert borderless.header_parts(band[1:], role_of)[1] == []
    # a longer parent over the middle two only ("Target per Triwulan") stands over all four
    wider = [[word("Target", 630, 0), word("per", 663, 0), word("Triwulan", 681, 0)], *band[1:]]
    groups, parents = borderless.header_parts(wider, role_of)
    assert [(p.text, p.x0, p.x1) for p in parents] == [("Target per Triwulan", 596, 721)]
    roles = [borderless.group_role(g, parents, role_of) for g in groups]
    assert roles[2:] == [f"quarter:{q}" for q in range(1, 5)]


def test_parents_on_rows_first_lines_may_be_set_at_the_top_or_centred():
    """Fuzz seed 696, without rulings: "A" at the top of a row of two lines, "B" at the top of
    the middle one of three rows of one line, "C" on the last row. Set at the top, A takes the
    row under it; centred, B takes it. Either reading fits the page: it is a doubt."""
    ys = [198.0, 227.0, 242.0, 256.0, 271.0, 281.0]
    blocks = [(204.0, 211.0), (243.0, 250.0), (272.0, 279.0)]
    edges = borderless.row_edges(ys, (204.0, 279.0), 7.75)
    rows = borderless.SpacedRows([blocks, blocks], ys, [0, 1], False, frozenset(), 7.75, edges)
    assert borderless.centred_as_well(rows)
    # a table shown to centre its parents reads them so, no doubt left
    assert not borderless.centred_as_well(
        borderless.SpacedRows([blocks], ys, [0], True, frozenset(), 7.75)
    )
    # one parent at the top of rows no centring gives it (the last, over four rows) shows the
    # table sets its parents at the top (fuzz seed 3)
    ys = [199.0, 239.0, 264.0, 307.0, 341.0, 385.0, 400.0, 444.0, 487.0, 512.0, 541.0]
    areas = [(206.0, 213.0), (265.0, 272.0), (342.0, 350.0), (401.0, 409.0)]
    subs = [(206.0, 223.0), (265.0, 281.0), (342.0, 359.0), (401.0, 427.0), (488.0, 496.0)]
    rows = borderless.SpacedRows([areas, subs], ys, [0, 1], False, frozenset(), 7.875)
    assert not borderless.centred_as_well(rows)


def test_a_parent_set_above_its_rows_middle_is_not_centred_on_them():
    """Fuzz seed 269 (read right, flagged once): "II" at the top of the last three of five rows,
    3 pt above the middle of the last four. Rows' cells are taken to end half a row gap from
    their text (``row_edges``), so a centred text sits at their middle: the parents are set at
    the top, no doubt (3211, 3473: 3 pt below it, the same)."""
    ys = [221.6, 250.7, 282.9, 297.7, 312.4, 331.2]
    blocks = [(228.2, 235.2), (283.9, 290.9)]
    edges = borderless.row_edges(ys, (228.2, 329.2), 7.75)
    assert edges[1] == pytest.approx(250.7 + 1 - 7.75 / 2)
    assert edges[-1] == pytest.approx(329.2 + 7.75 / 2)
    rows = borderless.SpacedRows([blocks, blocks], ys, [0, 1], False, frozenset(), 7.75, edges)
    assert borderless.parents_setting(rows) == borderless.AT_TOP
    assert not borderless.centred_as_well(rows)
    # the same text 3 pt lower sits at the middle of rows 1-4: either reading fits; 6 pt lower,
    # neither does
    lower = [blocks[0], (286.9, 293.9)]
    rows = borderless.SpacedRows([lower, lower], ys, [0, 1], False, frozenset(), 7.75, edges)
    assert borderless.parents_setting(rows) == borderless.EITHER
    lower = [blocks[0], (289.9, 296.9)]
    rows = borderless.SpacedRows([lower, lower], ys, [0, 1], False, frozenset(), 7.75, edges)
    assert borderless.parents_setting(rows) == borderless.AT_TOP


def test_rows_under_no_parent_on_a_tables_first_page_go_to_the_parent_centred_on_them():
    """Fuzz seed 1454: "1" and its activity centred over the first two rows sit on the second
    row's first line. Set at the top, the first row would go on from a page before; where the
    table begins there is none, so the page is read as centring its parents over their rows."""
    ys = [238.1, 258.5, 290.7, 318.2]
    numbers = [(260.8, 267.8), (291.7, 298.7)]
    activities = [(260.8, 267.8), (291.7, 316.2)]
    leaves = [(244.7, 251.7), (259.5, 284.0), (291.7, 307.5)]
    edges = borderless.row_edges(ys, (244.7, 316.2), 7.75)
    blocks = [numbers, activities, leaves]
    rows = borderless.SpacedRows(blocks, ys, [0, 1], False, frozenset(), 7.75, edges)
    xs = [0.0, 30.0, 200.0, 400.0]
    assert (0.0, 258.5, 30.0, 290.7) in borderless.spaced_cells(rows, xs)  # set at the top
    first = borderless.first_page_cells(rows, xs)
    assert first is not None
    assert {(0.0, 238.1, 30.0, 290.7), (30.0, 238.1, 200.0, 290.7)} <= set(first)
    # a page whose first row has its parent's text needs no other reading
    blocks = [[(244.7, 251.7), *numbers], [(244.7, 251.7), *activities], leaves]
    rows = borderless.SpacedRows(blocks, ys, [0, 1], False, frozenset(), 7.75, edges)
    assert borderless.first_page_cells(rows, xs) is None


def test_a_block_on_the_first_row_of_a_page_may_be_the_tail_of_a_centred_cell():
    """The tail of a parent's text centred across a page break sits on the page's first row:
    where its rows end is told by the next parent's centring, not by its own text."""
    ys = [87.0, 127.0, 183.0, 215.0, 237.0, 257.0]
    spans = [(0, 0, 90.0, 110.0), (2, 3, 205.0, 221.0)]
    assert borderless.centred_groups(spans, ys, 0, 5, True) == [(0, 1), (2, 4)]
    # a page's first row that is no continuation: a new parent's text is centred on its rows
    assert borderless.centred_groups(spans, ys, 0, 5, False) == [(0, 0), (1, 4)]
    # a first block centred on the first two rows is no tail: its centring holds ("A" over
    # rows 0-1, "B" at the top of row 3 centred on rows 2-3)
    ys = [211.0, 257.0, 302.0, 376.0, 472.0, 540.0]
    spans = [(0, 1, 252.0, 261.0), (3, 3, 379.0, 388.0), (4, 4, 501.0, 510.0)]
    assert borderless.centred_groups(spans, ys, 0, 5, True) == [(0, 1), (2, 3), (4, 4)]


def test_borderless_plan_of_two_columns_both_named(tmp_path):
    """A plan of an activity and its schedule only, without rulings: two header groups are a
    plan's when both name plan columns ("Kegiatan | Target Waktu")."""
    plan = [
        ("Evaluasi layanan online", "TW III"),
        ("Penyusunan laporan kinerja", "Januari"),
        ("Rapat koordinasi tim", "Juni dan Desember"),
    ]
    cells = [Cell(0, 1, 0, 1, ["Kegiatan"]), Cell(0, 1, 1, 2, ["Target Waktu"])]
    for r, (activity, when) in enumerate(plan, start=1):
        cells += [Cell(r, r + 1, 0, 1, [activity]), Cell(r, r + 1, 1, 2, [when])]
    page = Page(row_heights=[18, 22, 22, 22], cells=cells, borders=False, valign="top")
    (table, *_), rows = rows_of(tmp_path, [260, 120], [page])
    assert pages_strategy(tmp_path) == "text"
    assert [(r["activity"], r["schedule"]) for r in rows] == plan


@pytest.mark.parametrize(
    "texts,grid",
    [
        ([str(m) for m in range(1, 13)], True),
        (["Kegiatan", *[str(m) for m in range(1, 13)], "Ket"], True),
        (MONTHS, True),
        (MONTHS[:6], True),
        ([str(m) for m in range(1, 16)], False),  # a column numbering runs on past 12
        (["Jan", "Mar", "Feb", "Apr", "Mei", "Jun"], False),  # out of order
        (["(1)", "(2)", "(3)", "(4)"], False),
        (["Jan", "Feb", "Mar"], False),  # too few to name a grid
    ],
)
def test_a_line_of_month_labels_names_a_month_grid(texts, grid):
    words = [Word(t, 10 + 24 * i, 0, 10 + 24 * i + 12, 7) for i, t in enumerate(texts)]
    assert headers.names_a_month_grid(words) is grid


@pytest.mark.parametrize(
    "lines,grid",
    [
        ([["TW", "I", "TW", "II", "TW", "III", "TW", "IV"]], True),
        ([["Triwulan"], ["I", "II", "III", "IV"]], True),  # numerals under the quarter's word
        ([["TW", "I", "TW", "II", "TW", "TW", "IV"], ["III"]], True),  # "TW" over "III"
        ([["I", "II", "III", "IV"]], False),  # numerals alone may number rows
        ([["Triwulan"], ["1", "2", "3", "4"]], False),
        ([["TW", "III", "TW", "I", "TW", "II"]], False),  # out of order
    ],
)
def test_a_line_of_quarter_labels_names_a_quarter_grid(lines, grid):
    """Fuzz seeds 1360, 1399: a one-column plan beside a quarter grid is a plan."""
    words = [
        Word(t, 10 + 24 * i, 12 * row, 10 + 24 * i + 12, 12 * row + 7)
        for row, texts in enumerate(lines)
        for i, t in enumerate(texts)
    ]
    assert headers.names_a_quarter_grid(words) is grid


def test_a_grid_run_has_one_pitch():
    """Fuzz seed 1254: months 1..12 beside a wide gutter; month 1's column ends a pitch left of
    its inner edge, not halfway to the indicator's text, so its shaded cell covers it."""
    xs = [50.0, 73.4, 279.5, *[313.6 + 17.6 * k for k in range(11)], 507.2]
    kinds = ["text", "text", *["number"] * 12]
    edges = borderless.grid_edges(xs, kinds)
    assert edges[2] == pytest.approx(296.0)
    assert edges[:2] == xs[:2] and edges[3:-1] == xs[3:-1]
    assert edges[-1] == pytest.approx(xs[-2] + 17.6)
    assert borderless.grid_edges(xs[:5], ["text", "text", "number", "number"]) == xs[:5]


def test_a_level_the_header_does_not_name():
    """Fuzz seed 1119: Uraian Kegiatan | Langkah Kegiatan (both read as activities) | Hasil yang
    Diharapkan (no role) | Waktu: the unnamed column is the leaf, the ones left of it keys."""
    roles = [Role.NUMBER, Role.AREA, Role.ACTIVITY, Role.ACTIVITY, None, Role.SCHEDULE]
    assert borderless.leaf_of(roles) == 4
    leaves = borderless.leaf_columns(roles)
    assert leaves == {4, 5}
    assert borderless.key_columns(roles, leaves) == [0, 1, 2, 3]
    # without a schedule the named leaf stays (an unnamed column after it may be sparse)
    assert borderless.leaf_of(roles[:5]) == 3
    # after a named indicator an unnamed column is another's, "Dokumen Pendukung" (fuzz seed
    # 301: the indicator's blocks were judged as banners once it was no leaf)
    named = [Role.NUMBER, Role.ACTIVITY, Role.ACTIVITY, Role.INDICATOR, None, Role.QUARTER_1]
    assert borderless.leaf_of(named) == 3
    # a column of no role between two levels is a key column
    roles = [Role.AREA, None, Role.ACTIVITY, Role.INDICATOR, Role.SCHEDULE]
    assert borderless.key_columns(roles, borderless.leaf_columns(roles)) == [0, 1, 2]


def test_a_grid_parent_over_labels_one_of_them_wrapped_over_two_lines():
    """ "Triwulan" over "TW I", "TW II", "TW III" (wrapped: "TW" over "III") and "TW IV": the
    parent is no part of the wrapped label's column, each label is its quarter."""

    def word(text, x0, top):
        return Word(text, x0, top, x0 + 5.4 * len(text), top + 7, size=7)

    band = [
        [word("Triwulan", 334, 230)],
        [word("Indikator", 210, 239), word("Target", 504, 239)],
        [word("Kegiatan", 123, 244), word("TW", 368, 247)],
        [
            *[word("Keberhasilan", 202, 249), word("TW", 294, 252), word("I", 310, 252)],
            *[word("TW", 326, 252), word("II", 342, 252), word("TW", 394, 252)],
            *[word("IV", 410, 252), word("Kinerja", 501, 249)],
        ],
        [word("III", 365, 258)],
    ]
    role_of = headers.header_word_role
    groups, parents = borderless.header_parts(band, role_of)
    assert [p.text for p in parents] == ["Triwulan"]
    quarters = [g.text for g in groups if (r := role_of(g.text)) and Role(r).is_grid]
    assert quarters == ["TW I", "TW II", "TW III", "TW IV"]


def test_a_header_read_with_a_letter_wrong_is_the_tables_printed_again():
    """A scan's repeated header with 'Tujuan' read 'Tyuan' is the table's (its columns go on);
    a header naming other columns, or as many columns differently, is not."""
    from rencana.stages.tables.assemble import header_repeated

    table = ["No", "Misi", "Tujuan", "Sasaran Strategis", "Indikator Kinerja Utama (IKU)"]
    assert header_repeated(["No", "Misi", "Tyuan", *table[3:]], table)
    assert not header_repeated(table, table)  # the same header needs no help
    assert not header_repeated(["No", "Misi", "Tujuan", "Sasaran Strategis"], table)
    assert not header_repeated(["No", "Kegiatan", "Output", "Waktu", "Keterangan"], table)


def test_ocr_rows_without_a_ruling_part_where_a_value_columns_paragraphs_start():
    """Tangsel's realisation table scanned at 200 dpi: two indicators 4 pt further apart than the
    cell's lines (under OCR_PARAGRAPH_GAP), each beside its own 'DISKOMINFO', were one row; a
    stacked level beside the first is the first row's, the second another of its indicators."""
    from rencana.stages.tables.grid import Cell as GridCell
    from rencana.stages.tables.rows import RawRow, paragraph_rows

    def cell(lines: list[str], tops: list[float], height: float) -> GridCell:
        spans = [(top, top + height) for top in tops]
        return GridCell((0, 700, 100, 760), 0, 1, 0, 1, lines, line_spans=spans, ink_boxed=True)

    indicator = cell(
        ["Tersedianya gaji dan tunjangan PNS", "berdasarkan beban kerja",
         "Tersedianya Tunjangan PNS", "berdasarkan beban kerja"],
        [705.4, 717.1, 732.5, 744.0], 9.6,
    )  # fmt: skip
    pic = cell(["DISKOMINFO", "DISKOMINFO"], [705.4, 732.5], 7.7)
    level = cell(["Administrasi Keuangan", "Perangkat Daerah"], [705.4, 717.1], 9.6)
    assert len(indicator.paragraphs()) == 1  # the gap alone does not part them
    raw = RawRow(
        page=1,
        cells={Role.INDICATOR: indicator.text, Role.PIC: pic.text, Role.STACKED: level.text},
        cell_ids={},
        months=[],
        quarters={},
        bbox=(0, 700, 100, 760),
    )
    by_role = {Role.INDICATOR: [indicator], Role.PIC: [pic], Role.STACKED: [level]}
    rows = paragraph_rows(raw, by_role)
    assert [r.cells[Role.INDICATOR] for r in rows] == [
        "Tersedianya gaji dan tunjangan PNS berdasarkan beban kerja",
        "Tersedianya Tunjangan PNS berdasarkan beban kerja",
    ]
    assert [r.cells[Role.PIC] for r in rows] == ["DISKOMINFO", "DISKOMINFO"]
    assert [r.cells[Role.STACKED] for r in rows] == ["Administrasi Keuangan Perangkat Daerah", ""]
    # lines of one paragraph, whatever their ink, stay one row beside one value
    single = cell(["DISKOMINFO"], [705.4], 7.7)
    by_role[Role.PIC] = [single]
    assert len(paragraph_rows(raw, by_role)) == 1


@pytest.mark.parametrize(
    ("texts", "labels"),
    [
        (["K", "Rp", "K", "Rp", "√", "Rp", "√", "Rp"], True),  # a 'K' read as a tick, twice
        (["√", "√", "50%", "-"], False),  # marks and targets: a body row
    ],
)
def test_a_sub_header_with_a_label_misread_as_a_mark_is_labels(texts, labels):
    from rencana.stages.tables.grid import labels_outnumber_values

    assert labels_outnumber_values(texts) is labels


def test_stacked_rows_whose_amounts_find_no_parents_are_left_unsettled():
    """Tangsel's scan read '2.743.099.154' as '2.143.099.154': no row's amounts were the sums of
    the rows after it, every Kegiatan and Sub Kegiatan became one level without a flag. A run
    of three rows or more with amounts that finds no parents says so (quality flags it on a
    scanned page; a text layer's rows left flat are printed flat)."""
    from rencana.core.types import TableRow

    def run_of(budgets: list[str]) -> bool:
        rows = [TableRow(cells={Role.BUDGET: b}, pages=[1], bbox=(0, 0, 1, 1)) for b in budgets]
        chosen: list = [None] * len(rows)
        return stacked.resolve_run(rows, list(range(len(rows))), None, chosen, ["budget"], 3)

    assert run_of(["184.071.800", "171.380.000", "4.250.800", "8.441.000"])
    assert not run_of(["184.071.800", "171.380.000", "4.250.800", "8.441.001"])
    assert run_of(["-", "-", "-"])  # nothing to add up: flat as printed


def test_a_row_numbered_as_its_own_area_before_its_second_sibling_was_the_first():
    from rencana.core.types import PlanTable, TableRow
    from rencana.stages import numbering
    from rencana.stages.tables import numbered

    def row(number, activity, indicator, page=4):
        cells = {
            Role.AREA: "Penguatan Pengawasan",
            Role.AREA_NUMBER: "7",
            Role.ACTIVITY_NUMBER: number,
            Role.ACTIVITY: activity,
            Role.INDICATOR: indicator,
            Role.SCHEDULE: "Januari",
        }
        return TableRow(cells=cells, pages=[page], bbox=(0, 0, 1, 1))

    # the Semarang layout's scan: "7.1" (merged over two rows) read "7"
    rows_read = [
        row("7", "Penerapan SPIP", "Terbentuknya Satgas SPIP"),
        row("7", "Penerapan SPIP", "Tersusunnya peta risiko", 5),
        row("7.2", "Pengendalian gratifikasi", "Terbentuknya UPG", 5),
        row("7.3", "Pembangunan Zona Integritas", "Pencanangan ZI", 5),
    ]
    roles = ["area_number", "area", "activity_number", "activity", "indicator", "schedule"]
    table = PlanTable(roles=roles, rows=rows_read, pages=[4, 5])
    numbered.settle(table)
    assert [r.cells[Role.ACTIVITY] for r in table.rows] == [
        "Penerapan SPIP",
        "Penerapan SPIP",
        "Pengendalian gratifikasi",
        "Pembangunan Zona Integritas",
    ]
    assert not any(Role.LEVEL_1 in r.cells for r in table.rows)
    assert [r.cells[Role.ACTIVITY_NUMBER] for r in table.rows] == ["7.1", "7.1", "7.2", "7.3"]
    assert [len(r.warnings) for r in table.rows] == [1, 1, 0, 0]
    assert table.rows[0].warnings[0].code == WarningCode.NUMBER_PLACED
    # a row numbered 7 followed by 7.1 is its parent, as printed
    parent = [row("7", "Program", "x"), row("7.1", "Kegiatan A", "y")]
    table = PlanTable(roles=roles, rows=parent, pages=[4])
    before = [dict(r.cells) for r in table.rows]
    assert numbering.with_first_parts_put_back(table.rows, numbered.numbers_by_depth(table)) == [
        numbered.numbered(r, False) for r in table.rows
    ]
    assert [dict(r.cells) for r in table.rows] == before


def test_areas_numbered_beside_their_middle_and_set_at_the_line_pitch_are_flagged(tmp_path):
    """Neither rulings nor spacing, each area's number centred beside its text (Word's merged
    cells): area 2's text goes on at the line pitch under area 1's, and nothing on the page
    parts them but the numbers beside their middles. Read as one text or apart, the decree
    says it may be wrong (parents_may_run_together); it is never silent."""
    from rencana import extract

    line = 11
    columns = [24, 120, 130, 130, 90]
    header = [
        Cell(0, 1, c, c + 1, [text])
        for c, text in enumerate(["No", "Area Perubahan", "Kegiatan", "Indikator", "Jadwal"])
    ]
    areas = [
        (1, "1", ["Penguatan manajemen", "perubahan dan budaya", "kerja organisasi"]),
        (3, "2", ["Penataan peraturan", "perundang-undangan", "di lingkungan dinas"]),
    ]
    rows = [
        (["Pembentukan tim kerja"], ["SK Tim"], ["Januari s.d. Maret"]),
        (["Penyusunan rencana", "kerja"], ["Dokumen rencana", "kerja"], ["April s.d. Juni"]),
        (["Identifikasi regulasi"], ["Daftar regulasi"], ["Juli s.d. Agustus"]),
        (["Evaluasi regulasi", "daerah"], ["Laporan evaluasi", "regulasi"], ["Oktober"]),
    ]
    cells = [Cell(r, r + 2, 0, 1, [n], align="center") for r, n, _ in areas]
    cells += [Cell(r, r + 2, 1, 2, text) for r, _, text in areas]
    for r, texts in enumerate(rows, 1):
        cells += [Cell(r, r + 1, c, c + 1, text) for c, text in enumerate(texts, 2)]
    page = Page(
        cells=header + cells,
        row_heights=[14, line, 2 * line, line, 2 * line],  # each area's text fills its rows
        borders=False,
        text_above=["RENCANA AKSI"],
    )
    result = extract(draw(tmp_path / "t.pdf", columns, [page]))
    assert "parents_may_run_together" in [r.check for r in result.quality.reasons]


def test_a_gap_narrower_than_a_space_places_a_boundary_no_gutter_shows():
    """Word's narrow cell margins set a unit's one text 0.9 of a space after the indicator's
    ('atas' | 'Persen'): no gutter shows between the header groups, so the boundary goes in
    that gap, not at the middle of the stretch the phrase covers (inside 'Persen'). Spaces
    stretched or set alike leave no such gap."""

    def word(text, x0, top):
        return Word(text, x0, top, x0 + 4.8 * len(text), top + 7, size=8)

    body = [
        [word("Kontrak;", 288.8, 0), word("Pengadaan", 332.0, 0)],
        [word("Evaluasi", 288.8, 10), word("berkala", 332.0, 10), word("atas", 370.4, 10)]
        + [word("Persen", 394.0, 10)],
    ]
    x = borderless.narrow_margin_boundary(body, 368.2, 409.6)
    assert x is not None and 389.6 < x < 394.0
    spaced = [body[0], [*body[1][:3], word("Persen", 394.4, 10)]]
    assert borderless.narrow_margin_boundary(spaced, 368.2, 409.6) is None


def test_a_number_under_a_number_at_the_line_pitch_opens_a_row():
    """Banners numbered '1.', '2.' beside rows numbered '1', '2', set at the line pitch with
    neither rulings nor spacing nor another face: the banner '2. Digitalisasi' directly under
    the short row '2 | DISNAKER' opens a row of its own (a number does not wrap into another);
    a leaf's wrapped line beside no number of its own goes on with its row."""

    def line(top, opens, first, gap=False):
        return borderless.ColumnLine(top, opens, gap, True, top + 7, first_word=first)

    numbers = [
        line(0, True, "1.", True),
        line(10, True, "1"),
        line(40, True, "2", True),  # after a gap: the rows between
        line(51, True, "2."),
    ]
    leaf = [
        line(0, True, "CUTI", True),
        line(10, True, "Jumlah"),
        line(20, False, "Komunikasi"),
        line(40, True, "DISNAKER"),
        line(51, True, "Digitalisasi"),
    ]
    assert borderless.numbers_at_pitch([numbers, leaf], {1}, 0) == [10, 51]
    assert borderless.numbers_at_pitch([numbers, leaf], {1}, None) == []
