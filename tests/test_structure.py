"""Structure stage: pure parsers with literal inputs, one test per vocabulary entry, and the corpus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rencana import runner, vocab
from rencana.core.state import Extraction
from rencana.core.types import TextLine
from rencana.stages import clean
from rencana.stages.structure import dates, labels, legal, lexicon, metadata

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pada tanggal 08 Februari 2022", date(2022, 2, 8)),
        ("6 Pebruari 2023", date(2023, 2, 6)),
        ("31 Desember 2022.", date(2022, 12, 31)),
        ("30 Nopember 2021", date(2021, 11, 30)),
        ("31 Februari 2022", None),
        ("tanggal ditetapkan", None),
    ],
)
def test_parse_date(text, expected):
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9 TAHUN 2018", ("9", 2018)),
        ("112 Tahun 2025", ("112", 2025)),
        ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", None)),
        ("", (None, None)),
    ],
)
def test_split_number(text, expected):
    assert legal.split_number(text) == expected


@pytest.mark.parametrize(
    "read, expected",
    [
        ("45/PL.01-Kpt/33/Prov!/Ill/2023", "45/PL.01-Kpt/33/Prov/III/2023"),  # the Jateng scan
        ("5/PL.01-Kpt/Xl/2023", "5/PL.01-Kpt/XI/2023"),
        ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", "12/HK.03.1-Kpt/3320/KPU-Kab/II/2022"),
        ("11/X/2020", "11/X/2020"),  # digits stay digits
        ("l/PL.01-Kpt/2022", "l/PL.01-Kpt/2022"),  # the serial number is no month numeral
    ],
)
def test_ocr_number_look_alikes_are_repaired(read, expected):
    assert legal.repaired_ocr_number(read) == expected


def test_legal_basis_with_gazette():
    basis = legal.parse_legal_basis(
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik Indonesia Tahun "
        "2017 Nomor 182, Tambahan Lembaran Negara Republik Indonesia Nomor 6109);"
    )
    assert (basis.form, basis.number, basis.year, basis.subject) == (
        "Undang-Undang",
        "7",
        2017,
        "Pemilihan Umum",
    )


def test_legal_basis_long_specific_form():
    basis = legal.parse_legal_basis(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "Nomor 25 Tahun 2020 tentang Road Map Reformasi Birokrasi Tahun 2020-2024;"
    )
    assert basis.form == "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
    assert (basis.number, basis.year, basis.subject) == (
        "25",
        2020,
        "Road Map Reformasi Birokrasi Tahun 2020-2024",
    )


def test_legal_basis_generic_form_runs_to_nomor():
    basis = legal.parse_legal_basis(
        "Peraturan Badan Riset dan Inovasi Nasional Nomor 3 Tahun 2022 tentang "
        "Organisasi dan Tata Kerja;"
    )
    assert (basis.form, basis.number, basis.year) == (
        "Peraturan Badan Riset dan Inovasi Nasional",
        "3",
        2022,
    )


def test_legal_basis_decree_number_without_year():
    basis = legal.parse_legal_basis(
        "Keputusan Komisi Pemilihan Umum Republik Indonesia Nomor "
        "314/ORT.07-Kpt/01/KPU/V/2021 Tentang Petunjuk Teknis."
    )
    assert (basis.form, basis.number, basis.year, basis.subject) == (
        "Keputusan Komisi Pemilihan Umum",
        "314/ORT.07-Kpt/01/KPU/V/2021",
        None,
        "Petunjuk Teknis",
    )


def test_legal_basis_constitution_articles():
    basis = legal.parse_legal_basis(
        "Pasal 5 ayat (1), Pasal 20, dan Pasal 23A Undang-Undang Dasar Negara "
        "Republik Indonesia Tahun 1945;"
    )
    assert (basis.form, basis.number, basis.year) == (
        "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945",
        None,
        1945,
    )


def test_split_items_in_sequence_only():
    lines = [
        "a. bahwa satu",
        "dua;",
        "b. bahwa Undang-Undang Nomor 7",
        "2017 tentang x;",
        "c. bahwa tiga;",
    ]
    assert legal.split_items(lines) == [
        "bahwa satu dua;",
        "bahwa Undang-Undang Nomor 7 2017 tentang x;",
        "bahwa tiga;",
    ]
    assert legal.split_items(["1. Satu", "3. bukan item", "2. Dua"]) == [
        "Satu 3. bukan item",
        "Dua",
    ]
    assert legal.split_items(["bahwa tanpa huruf", "lanjut;"]) == ["bahwa tanpa huruf lanjut;"]


def test_split_items_through_what_ocr_makes_of_letter_markers():
    """A 200-dpi scan of a Menimbang (tests/test_decree_bodies.py's bodies, scanned): the colon
    and the first marker read as one or two short tokens, a letter lost before its stop, "c." read "C.", ";" read "," or
    ":", and a marker lost whole before one that follows an ended item."""
    openers = legal.item_openers()["considerations"]
    section_labels = {"considerations": "Menimbang", "legal_bases": "Mengingat"}
    for line, first in [
        ("Menimbang La. bahwa satu", "a. bahwa satu"),
        ("Menimbang ra. bahwa satu", "a. bahwa satu"),
        ("Menimbang 1 Aa. bahwa satu", "a. bahwa satu"),
        ("Menimbang La bahwa satu", "a. bahwa satu"),
        ("Menimbang » bahwa satu", "bahwa satu"),
        ("Mengingat 3 1. Undang-Undang", "1. Undang-Undang"),
        ("Mengingat 1 1. Undang-Undang", "1. Undang-Undang"),
        ("Mengingat 1. Undang-Undang", "1. Undang-Undang"),
        ("Mengingat : “Is Undang-Undang", "1. Undang-Undang"),
        ("Mengingat : Pasal 18 ayat (6)", "Pasal 18 ayat (6)"),
    ]:
        found = labels.read_section_label(line, section_labels, at_left=True, fuzzy=True)
        assert found is not None and found[1] == first, line
    assert legal.split_items(
        ["a. bahwa satu", "dua,", ". bahwa tiga,", "C. bahwa empat:", "d. . bahwa lima;"],
        openers,
    ) == ["bahwa satu dua,", "bahwa tiga,", "bahwa empat:", "bahwa lima;"]
    assert legal.split_numbered_items(["a. bahwa satu;", "c. bahwa tiga;"], openers) == (
        ["bahwa satu;", "bahwa tiga;"],
        ["b"],
    )
    # the first two markers lost ("Menimbang » bahwa"), the third read: the count goes on
    assert legal.split_items(
        ["bahwa satu,", "bahwa dua,", "c. bahwa tiga,", "d. bahwa empat;"], openers, ocr=True
    ) == ["bahwa satu,", "bahwa dua,", "bahwa tiga,", "bahwa empat;"]
    # a capital only where the small letter's shape is the capital's, and only in sequence
    assert legal.split_items(["a. bahwa satu;", "B. bahwa dua;"], openers) == [
        "bahwa satu; B. bahwa dua;"
    ]
    # "c." read in both cases, "Cc." (fuzz scan seed 220): in sequence only
    assert legal.split_items(
        ["a. bahwa satu;", "b. bahwa dua", "kerjanya;", "Cc. bahwa tiga;"], openers, ocr=True
    ) == ["bahwa satu;", "bahwa dua kerjanya;", "bahwa tiga;"]
    assert legal.split_items(["a. bahwa satu;", "Cc. bahwa dua;"], openers) == [
        "bahwa satu; Cc. bahwa dua;"
    ]
    # a marker lost whole after an item OCR ended with "," (for ";"): on an OCR'd page only
    lines = ["a. bahwa satu,", "bahwa dua;"]
    assert legal.split_items(lines, openers, ocr=True) == ["bahwa satu,", "bahwa dua;"]
    assert legal.split_items(lines, openers) == ["bahwa satu, bahwa dua;"]
    # a letter read twice in its two cases ("Cc." for "c.", scan seed 220): on an OCR'd page only
    lines = ["a. bahwa satu;", "b. bahwa dua;", "Cc. bahwa tiga;"]
    assert legal.split_items(lines, openers, ocr=True) == [
        "bahwa satu;",
        "bahwa dua;",
        "bahwa tiga;",
    ]
    assert legal.split_items(lines, openers) == ["bahwa satu;", "bahwa dua; Cc. bahwa tiga;"]
    # nor does a wrapped line that opens with a stop split an item without its opener
    assert legal.split_items(["a. bahwa satu", ". lanjut;"], openers) == ["bahwa satu . lanjut;"]


def test_fix_broken_labels():
    texts = labels.fix_broken_labels(
        ["Memperhatik : Berita Acara", "an 12/HK.03.1-BA/2022 tanggal"],
        ["Menimbang", "Memperhatikan"],
    )
    assert texts == ["Memperhatikan : Berita Acara", "12/HK.03.1-BA/2022 tanggal"]


@pytest.mark.parametrize(
    "heading, expected",
    [
        (
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN JEPARA",
            ("Keputusan", "Komisi Pemilihan Umum Kabupaten Jepara"),
        ),
        ("KEPUTUSAN KEPALA BADAN PUSAT STATISTIK", ("Keputusan", "Badan Pusat Statistik")),
        (
            "KEPUTUSAN MENTERI AGAMA REPUBLIK INDONESIA",
            ("Keputusan Menteri", "Kementerian Agama Republik Indonesia"),
        ),
        ("UNDANG-UNDANG REPUBLIK INDONESIA", ("Undang-Undang", "Presiden Republik Indonesia")),
        (
            "PERATURAN PEMERINTAH REPUBLIK INDONESIA",
            ("Peraturan Pemerintah", "Presiden Republik Indonesia"),
        ),
        ("PENGUMUMAN PANITIA", (None, None)),
        # the letter word some offices print before the kind; a kind so worded keeps it
        (
            "SURAT KEPUTUSAN KEPALA DINAS KESEHATAN KOTA AMBON",
            ("Keputusan", "Dinas Kesehatan Kota Ambon"),
        ),
        ("SURAT KEPUTUSAN BUPATI DEMAK", ("Keputusan", "Bupati Demak")),
        ("SURAT EDARAN BUPATI WONOSOBO", ("Surat Edaran", "Bupati Wonosobo")),
        # a village's own regulations (its annual plan, the RKP Desa, is one)
        ("PERATURAN DESA SUKAMAJU", ("Peraturan Desa", "Desa Sukamaju")),
        ("PERATURAN KEPALA DESA SUKAMAJU", ("Peraturan Kepala Desa", "Desa Sukamaju")),
    ],
)
def test_kind_and_issuer(heading, expected):
    assert labels.kind_and_issuer(heading) == expected


@pytest.mark.parametrize(
    "issuer, expected",
    [
        ("Komisi Pemilihan Umum Kabupaten Jepara", ("kabupaten", "Jepara")),
        ("Komisi Pemilihan Umum Kota Semarang", ("kota", "Semarang")),
        ("Komisi Pemilihan Umum Provinsi Jawa Tengah", ("provinsi", "Jawa Tengah")),
        ("Badan Pusat Statistik", ("pusat", None)),
        (None, (None, None)),
    ],
)
def test_office_of(issuer, expected):
    assert labels.office_of(issuer) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Keputusan ini mulai berlaku sejak ditetapkan sampai dengan 31 Desember 2022.",
            date(2022, 12, 31),
        ),
        (
            "Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan tanggal 31 Desember 2024.",
            date(2024, 12, 31),
        ),
        ("Keputusan ini berlaku s.d. 30 Juni 2023", date(2023, 6, 30)),
        ("Keputusan ini mulai berlaku pada tanggal ditetapkan.", None),
        ("Rapat tanggal 08 Februari 2022 sampai dengan 10 Februari 2022", None),
    ],
)
def test_valid_until(text, expected):
    assert dates.valid_until(text) == expected


# ---------------------------------------------------------------- one test per vocabulary entry


@pytest.mark.parametrize("form", vocab.load("legal_forms.yaml")["specific"])
def test_specific_legal_form(form):
    year = "" if "Tahun 1945" in form else " Nomor 5 Tahun 2020"
    basis = legal.parse_legal_basis(f"{form}{year} tentang Contoh Pengaturan;")
    assert basis.form == form
    if year:
        assert (basis.number, basis.year, basis.subject) == ("5", 2020, "Contoh Pengaturan")


@pytest.mark.parametrize("form", vocab.load("legal_forms.yaml")["generic"])
def test_generic_legal_form(form):
    basis = legal.parse_legal_basis(f"{form} Lembaga Contoh Nomor 7 Tahun 2021 tentang Hal;")
    assert (basis.form, basis.number, basis.year) == (f"{form} Lembaga Contoh", "7", 2021)


@pytest.mark.parametrize("entry", vocab.load("document_kinds.yaml"), ids=lambda e: e["heading"])
def test_document_kind(entry):
    kind, issuer = labels.kind_and_issuer(entry["heading"] + " CONTOH RAYA")
    assert kind == entry["kind"]
    assert issuer == entry.get("issuer") or issuer.endswith("Contoh Raya")


def _lines(texts: list[str]) -> list[TextLine]:
    return [
        TextLine(text=t, page=1, x0=70.0, top=20.0 * i, x1=500.0, bottom=20.0 * i + 11)
        for i, t in enumerate(texts)
    ]


@pytest.mark.parametrize("label", lexicon.dictum_labels())
def test_dictum_label(label):
    state = Extraction(path=Path("x.pdf"))
    state.body_lines = _lines(
        [
            "KEPUTUSAN KEPALA BADAN CONTOH",
            "NOMOR 3 TAHUN 2024",
            "TENTANG",
            "HAL CONTOH",
            "KEPALA BADAN CONTOH,",
            "Menetapkan : KEPUTUSAN TENTANG HAL CONTOH.",
            f"{label} : Isi diktum yang",
            "berlanjut.",
            "Ditetapkan di Bogor",
            "pada tanggal 5 Maret 2024",
        ]
    )
    meta = metadata.run(state).metadata
    assert [(d.label, d.text) for d in meta.dictums] == [(label, "Isi diktum yang berlanjut.")]
    assert (meta.number, meta.year, meta.title, meta.issuer) == (
        "3",
        2024,
        "Hal Contoh",
        "Badan Contoh",
    )
    assert (meta.enacted_place, meta.enacted_date) == ("Bogor", date(2024, 3, 5))


# ---------------------------------------------------------------- corpus

REGULATIONS = {
    # file: kind, number, year, title, considerations, legal bases, enactment place, enactment date
    "pnbp.pdf": (
        "Undang-Undang",
        "9",
        2018,
        "Penerimaan Negara Bukan Pajak",
        4,
        1,
        "Jakarta",
        date(2018, 8, 23),
    ),
    "pp1-2021bt.pdf": (
        "Peraturan Pemerintah",
        "1",
        2021,
        "Tata Cara Pemeriksaan Penerimaan Negara Bukan Pajak",
        1,
        2,
        "Jakarta",
        date(2021, 1, 4),
    ),
    "sample3.pdf": (
        "Undang-Undang",
        "8",
        2019,
        "Penyelenggaraan Ibadah Haji dan Umrah",
        5,
        1,
        "Jakarta",
        date(2019, 4, 26),
    ),
    "sample4.pdf": (
        "Undang-Undang",
        "24",
        2019,
        "Ekonomi Kreatif",
        4,
        1,
        "Jakarta",
        date(2019, 10, 24),
    ),
    "sample5.pdf": ("Undang-Undang", "18", 2019, "Pesantren", 5, 1, "Jakarta", date(2019, 10, 15)),
    "sample6.pdf": (
        "Undang-Undang",
        "11",
        2019,
        "Sistem Nasional Ilmu Pengetahuan dan Teknologi",
        4,
        1,
        "Jakarta",
        date(2019, 8, 13),
    ),
    "uu10-2020bt.pdf": (
        "Undang-Undang",
        "10",
        2020,
        "Bea Meterai",
        4,
        1,
        "Jakarta",
        date(2020, 10, 26),
    ),
}
FURNITURE = ["www.peraturan.go.id", "2018, No.147", "-2-", "- 2 -"]


def _structured(path: Path) -> Extraction:
    return metadata.run(clean.run(runner.read_pages(Extraction(path=path))))


@pytest.mark.parametrize("name", sorted(REGULATIONS))
def test_regulation(name):
    state = _structured(CORPUS / "regulations" / name)
    meta = state.metadata
    got = (
        meta.kind,
        meta.number,
        meta.year,
        meta.title,
        len(meta.considerations),
        len(meta.legal_bases),
        meta.enacted_place,
        meta.enacted_date,
    )
    assert got == REGULATIONS[name]
    assert meta.issuer == "Presiden Republik Indonesia"
    assert meta.dictums == []  # a law's body has Pasal, not dictums
    text = json.dumps(meta.model_dump(mode="json"), ensure_ascii=False)
    body = "\n".join(line.text for line in state.body_lines)
    for furniture in FURNITURE:
        assert furniture not in text
    assert "www.peraturan.go.id" not in body
    assert not any(
        line.text.strip() in ("-2-", "- 2 -") or line.text.startswith("2018, No.147")
        for line in state.body_lines
    )


@pytest.mark.parametrize("name", ["kpu-kab-jepara-2022", "kpu-kab-demak-2023-grid"])
def test_reference_decree_metadata(name):
    gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))["metadata"]
    meta = _structured(CORPUS / f"{name}.pdf").metadata.model_dump(mode="json")
    for key, want in gold.items():
        have = meta[key]
        if key in ("considerations", "legal_bases"):
            assert len(have) == want, key
        elif key == "dictums":
            assert [d["label"] for d in have] == want
        else:
            assert have == want, key


def test_jepara_details():
    meta = _structured(CORPUS / "kpu-kab-jepara-2022.pdf").metadata
    assert meta.kind == "Keputusan"
    assert meta.official == "Ketua Komisi Pemilihan Umum Kabupaten Jepara"
    assert meta.signatory == "SUBCHAN ZUHRI"  # decoded from the shifted font
    assert len(meta.observations) == 1 and meta.observations[0].startswith(
        "Berita Acara Rapat Pleno"
    )
    assert [b.year for b in meta.legal_bases] == [
        1999,
        2017,
        2010,
        2018,
        2020,
        2020,
        2019,
        2020,
        None,
    ]
    assert meta.legal_bases[6].number == "8"  # item 7 continues across a page after the catchword
    assert (
        meta.dictums[4].text
        == "Keputusan ini mulai berlaku sejak ditetapkan sampai dengan 31 Desember 2022."
    )


# ---------------------------------------------------------------- headings of other issuers and layouts


@pytest.mark.parametrize(
    "lines, kind_text, number, title_start",
    [
        (
            [
                "KEPUTUSAN KEPALA BADAN PUSAT STATISTIK NOMOR 112 TAHUN 2025",
                "TENTANG",
                "RENCANA AKSI",
            ],
            "KEPUTUSAN KEPALA BADAN PUSAT STATISTIK",
            "112 TAHUN 2025",
            "",
        ),
        (
            [
                "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURABAYA NOMOR 5/PL.01-Kpt/3578/2023 TENTANG RENCANA AKSI TAHUN 2023"
            ],
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURABAYA",
            "5/PL.01-Kpt/3578/2023",
            "RENCANA AKSI TAHUN 2023",
        ),
        (
            [
                "KEPUTUSAN KOMISI PEMILIHAN UMUM",
                "KOTA SURABAYA NOMOR 5/PL.01-Kpt/3578/2023",
                "TENTANG RENCANA AKSI",
            ],
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURABAYA",
            "5/PL.01-Kpt/3578/2023",
            "RENCANA AKSI",
        ),
        (
            [
                "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURABAYA",
                "NOMOR 5/PL.01-Kpt/3578/2023 TENTANG RENCANA AKSI …",
            ],
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURABAYA",
            "5/PL.01-Kpt/3578/2023",
            "RENCANA AKSI …",
        ),
        (
            [
                "KEPUTUSAN KOMISI PEMILIHAN UMUM",
                "KABUPATEN DEMAK",
                "NOMOR: 12/PL.01-Kpt/",
                "3321/2023",
                "TENTANG",
            ],
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN DEMAK",
            "12/PL.01-Kpt/3321/2023",
            "",
        ),
        (
            [
                "Keputusan Komisi Pemilihan Umum Kota Surabaya",
                "Nomor : 5/PL.01-Kpt/3578/2023",
                "Tentang",
                "Rencana Aksi",
            ],
            "Keputusan Komisi Pemilihan Umum Kota Surabaya",
            "5/PL.01-Kpt/3578/2023",
            "",
        ),
        (
            ["KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM", "N0MOR 3/PL.01-Kpt/2024", "TENTANG"],
            "KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM",
            "3/PL.01-Kpt/2024",
            "",
        ),
        (
            ["UNDANG-UNDANG REPUBLIK INDONESIA", "NOMOR 9 TAHUN 2018", "TENTANG"],
            "UNDANG-UNDANG REPUBLIK INDONESIA",
            "9 TAHUN 2018",
            "",
        ),
        (  # an annex header: its date and the plan's title below NOMOR, no TENTANG
            [
                "KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
                "NOMOR 050/112/2020",
                "TANGGAL 17 Februari 2020",
                "RENCANA STRATEGIS DINAS KOMUNIKASI DAN INFORMATIKA",
            ],
            "KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
            "050/112/2020",
            "",
        ),
        (
            ["KEPUTUSAN BUPATI KEDIRI", "NOMOR 188.45/345/", "418.08/2017", "TENTANG"],
            "KEPUTUSAN BUPATI KEDIRI",
            "188.45/345/418.08/2017",
            "",
        ),
    ],
)
def test_find_heading(lines, kind_text, number, title_start):
    heading = labels.find_heading(lines)
    assert (heading.kind_text, heading.number_text, heading.title_start) == (
        kind_text,
        number,
        title_start,
    )


def test_gazette_note_nomor_is_not_a_heading():
    lines = [
        "LEMBARAN NEGARA",
        "No.147, 2018 KEUANGAN. (Penjelasan dalam",
        "Nomor 6245)",
        "UNDANG-UNDANG REPUBLIK INDONESIA",
        "NOMOR 9 TAHUN 2018",
        "TENTANG",
    ]
    assert labels.find_heading(lines).nomor_at == 4


def _body(
    texts: list[str], x0s: dict[int, float] | None = None, gap_after: set[int] = frozenset()
) -> list[TextLine]:
    """Lines 20 pt apart (a blank line's height more after ``gap_after``), at x0 70 unless given."""
    out, top = [], 0.0
    for i, t in enumerate(texts):
        out.append(
            TextLine(
                text=t, page=1, x0=(x0s or {}).get(i, 70.0), top=top, x1=500.0, bottom=top + 11
            )
        )
        top += 20.0 + (30.0 if i in gap_after else 0.0)
    return out


def _meta(texts, **kwargs):
    state = Extraction(path=Path("x.pdf"))
    state.body_lines = _body(texts, **kwargs)
    return metadata.run(state)


def test_one_line_heading_of_another_agency():
    state = _meta(
        [
            "KEPUTUSAN KEPALA BADAN PUSAT STATISTIK NOMOR 112 TAHUN 2025",
            "TENTANG",
            "RENCANA AKSI REFORMASI BIROKRASI",
            "BADAN PUSAT STATISTIK TAHUN 2025",
            "KEPALA BADAN PUSAT STATISTIK",
            "Menimbang : a. bahwa satu;",
            "b. bahwa dua;",
            "Menetapkan : KEPUTUSAN KEPALA BADAN PUSAT STATISTIK.",
            "KESATU : Menetapkan rencana aksi.",
            "KEDUA : Keputusan ini berlaku untuk Tahun Anggaran 2025.",
            "Ditetapkan di Jakarta, 3 Maret 2025",
            "KEPALA BADAN PUSAT STATISTIK",
            "ttd",
            "AMALIA ADININGGAR WIDYASANTI",
        ]
    )
    meta = state.metadata
    assert (meta.kind, meta.issuer, meta.number, meta.year) == (
        "Keputusan",
        "Badan Pusat Statistik",
        "112",
        2025,
    )
    assert meta.title == "Rencana Aksi Reformasi Birokrasi Badan Pusat Statistik Tahun 2025"
    assert (
        meta.official == "Kepala Badan Pusat Statistik"
    )  # no trailing comma: not swallowed by the title
    assert (meta.office_level, meta.region) == ("pusat", None)
    assert [d.label for d in meta.dictums] == ["KESATU", "KEDUA"]
    assert (meta.enacted_place, meta.enacted_date) == ("Jakarta", date(2025, 3, 3))
    assert meta.valid_until is None  # "berlaku untuk Tahun Anggaran 2025" names no end date
    assert (meta.plan_year, meta.signatory) == (2025, "AMALIA ADININGGAR WIDYASANTI")
    assert state.warnings == []


def test_kota_heading_with_tentang_on_the_nomor_line():
    meta = _meta(
        [
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURABAYA",
            "NOMOR 5/PL.01-Kpt/3578/2023 TENTANG RENCANA AKSI",
            "REFORMASI BIROKRASI TAHUN 2023",
            "Plh. KETUA KOMISI PEMILIHAN UMUM KOTA SURABAYA,",
            "Menimbang : bahwa satu;",
            "Menetapkan : KEPUTUSAN.",
            "KESATU : Isi.",
            "Ditetapkan di : Surabaya",
            "pada tanggal : 8 Pebruari 2023",
            "Plh. KETUA KOMISI PEMILIHAN UMUM",
            "KOTA SURABAYA,",
            "ttd.",
            "BUDI SANTOSO",
        ]
    ).metadata
    assert (meta.issuer, meta.number, meta.year) == (
        "Komisi Pemilihan Umum Kota Surabaya",
        "5/PL.01-Kpt/3578/2023",
        2023,
    )
    assert (meta.office_level, meta.region) == ("kota", "Surabaya")
    assert meta.title == "Rencana Aksi Reformasi Birokrasi Tahun 2023"
    assert meta.official == "Ketua Komisi Pemilihan Umum Kota Surabaya"
    assert (meta.enacted_place, meta.enacted_date, meta.plan_year) == (
        "Surabaya",
        date(2023, 2, 8),
        2023,
    )
    assert meta.signatory == "BUDI SANTOSO"


def test_official_and_name_from_a_signature_block_without_comma_or_ttd():
    texts = [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM PROVINSI JAWA TENGAH",
        "NOMOR 7/HK.03.1-Kpt/33/Prov/2024",
        "TENTANG",
        "RENCANA AKSI",
        "Menimbang : bahwa satu;",
        "Menetapkan : KEPUTUSAN.",
        "KESATU : Isi.",
        "Ditetapkan di Semarang",
        "pada tanggal 2 Januari 2024",
        "KETUA KOMISI PEMILIHAN UMUM",
        "PROVINSI JAWA TENGAH",
        "HANDI TRI UJIANTO",
    ]
    meta = _meta(texts, gap_after={10}).metadata
    assert (
        meta.official == "Ketua Komisi Pemilihan Umum Provinsi Jawa Tengah"
    )  # from the signature block
    assert meta.signatory == "HANDI TRI UJIANTO"
    assert (meta.office_level, meta.region) == ("provinsi", "Jawa Tengah")


@pytest.mark.parametrize(
    "block, gaps, name",
    [
        (
            ["KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN JEPARA,", "ttd.", "SUBCHAN ZUHRI"],
            None,
            "SUBCHAN ZUHRI",
        ),
        (
            ["KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN JEPARA", "td.", "SUBCHAN ZUHRI"],
            None,
            "SUBCHAN ZUHRI",
        ),
        (  # the Jepara scan's closing as OCR reads it: "ttd." in a sans face reads "Had."
            ["KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN JEPARA,", "Had.", "SUBCHAN ZUHRI"],
            None,
            "SUBCHAN ZUHRI",
        ),
        (
            ["BUPATI CONTOH,", "Ttd.", "Dr. H. BUDI SANTOSO, M.Si."],
            None,
            "Dr. H. BUDI SANTOSO, M.Si.",
        ),
        (["KEPALA DINAS CONTOH,", "BUDI SANTOSO", "Pembina", "NIP."], None, "BUDI SANTOSO"),
        (
            ["KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN JEPARA", "SUBCHAN ZUHRI"],
            [0.4, 0.4, 4.0],
            "SUBCHAN ZUHRI",
        ),
        (
            [
                "a.n. KETUA KOMISI PEMILIHAN UMUM",
                "KABUPATEN DEMAK,",
                "SEKRETARIS,",
                "ttd",
                "Dr. SITI AMINAH, S.H., M.H.",
                "Pembina (IV/a)",
                "NIP. 197001011990032001",
            ],
            None,
            "Dr. SITI AMINAH, S.H., M.H.",
        ),
        (
            ["Plt. KEPALA BADAN PUSAT STATISTIK,", "Budi Santoso", "Pembina Utama Muda"],
            None,
            "Budi Santoso",
        ),
        (["KETUA KOMISI PEMILIHAN UMUM", "KOTA SURABAYA"], None, None),
        (  # distamhut-dki-2022-sk-07-ppid-scan p2: the court's stamp over HARIS BUDIARSO
            ["KETUA PENGADILAN NEGERI KASONGAN,", "HA PP O, S.H., M.Hum."],
            None,
            None,
        ),
    ],
)
def test_signature_name(block, gaps, name):
    assert labels.signature_name(block, gaps) == name


@pytest.mark.parametrize(
    "text, official",
    [
        ("KETUA KOMISI PEMILIHAN UMUM KABUPATEN JEPARA,", True),
        ("a.n. KETUA KOMISI PEMILIHAN UMUM", True),
        ("Plh. KEPALA BADAN PUSAT STATISTIK", True),
        ("Plt. BUPATI DEMAK,", True),
        ("KOMISI PEMILIHAN UMUM KABUPATEN DEMAK TAHUN 2023", False),
        ("Ketua dan anggota", False),
    ],
)
def test_is_official_line(text, official):
    assert labels.is_official_line(text) == official


@pytest.mark.parametrize("prefix", vocab.load("decree_words.yaml")["acting_prefixes"])
def test_acting_prefix(prefix):
    assert (
        labels.strip_acting(f"{prefix} KETUA KOMISI PEMILIHAN UMUM")
        == "KETUA KOMISI PEMILIHAN UMUM"
    )


# ---------------------------------------------------------------- enactment, validity, plan year


@pytest.mark.parametrize(
    "text, place",
    [
        ("Ditetapkan di Jepara", "Jepara"),
        ("Ditetapkan di : Jakarta", "Jakarta"),
        ("Ditetapkan di Jakarta, 8 Februari 2022", "Jakarta"),
        ("Ditetapkan di Jakarta pada tanggal 8 Februari 2022", "Jakarta"),
        ("Disahkan di Jakarta", "Jakarta"),
        ("Ditetapkan di Kota Semarang.", "Kota Semarang"),
        ("Diundangkan di Jakarta", None),
        ("DITETAPKAN DI JAKARTA", "JAKARTA"),
        ("DITETAPKAN-DI : KASONGAN", "KASONGAN"),  # a stamp's rim joins 'DI' to the verb
        ("ditetapkan di tingkat pusat", None),
    ],
)
def test_enactment_place(text, place):
    assert dates.enactment_place(text) == place


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tanggal 8-2-2022", date(2022, 2, 8)),
        ("pada tanggal 08/02/2022", date(2022, 2, 8)),
        ("pada tanggal 2023-01-30", date(2023, 1, 30)),
        ("tanggal 2023-02-30", None),
        ("pada tanggal : 8 Pebruari 2022", date(2022, 2, 8)),
        ("tanggal 31-02-2022", None),
        ("DIPA-076/01.2.657363/2022", None),
    ],
)
def test_parse_date_numeric_and_variants(text, expected):
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Keputusan ini berlaku sejak tanggal ditetapkan sampai dengan tanggal 31 Desember 2023.",
            date(2023, 12, 31),
        ),
        (
            "Keputusan ini berlaku sejak tanggal ditetapkan sampai dengan 31-12-2023.",
            date(2023, 12, 31),
        ),
        ("Keputusan ini berlaku untuk Tahun Anggaran 2023.", None),
    ],
)
def test_valid_until_variants(text, expected):
    assert dates.valid_until(text) == expected


@pytest.mark.parametrize(
    "title, operative, annex, year",
    [
        ("Rencana Aksi Reformasi Birokrasi Tahun 2022", "", [], 2022),
        ("Rencana Aksi Reformasi Birokrasi Tahun 2023 di Lingkungan KPU", "", [], 2023),
        ("Rencana Aksi Road Map Reformasi Birokrasi Tahun 2020-2024", "", [], None),
        ("Perubahan atas Peraturan Nomor 5 Tahun 2020", "", [], None),
        ("Rencana Aksi Reformasi Birokrasi", "dibebankan pada DIPA Tahun Anggaran 2024.", [], 2024),
        (
            "Rencana Aksi Reformasi Birokrasi",
            "",
            ["LAMPIRAN", "NOMOR 112 TAHUN 2025", "RENCANA AKSI TAHUN 2026"],
            2026,
        ),
        (None, "", [], None),
    ],
)
def test_plan_year_of(title, operative, annex, year):
    assert labels.plan_year_of(title, operative, annex) == year


# ---------------------------------------------------------------- OCR noise in items, labels and dictums


@pytest.mark.parametrize(
    "lines, items",
    [
        (["l. Satu;", "2, Dua;", "3. Tiga."], ["Satu;", "Dua;", "Tiga."]),
        (
            ["a, bahwa satu,", "b. bahwa dua,", "c, bahwa tiga:"],
            ["bahwa satu,", "bahwa dua,", "bahwa tiga:"],
        ),
        (
            ["1.Undang-Undang Nomor 1;", "2. Peraturan Nomor 2;"],
            ["Undang-Undang Nomor 1;", "Peraturan Nomor 2;"],
        ),
    ],
)
def test_split_items_ocr_markers(lines, items):
    assert legal.split_items(lines) == items


def test_split_items_recovers_lost_markers_at_legal_forms():
    openers = legal.item_openers()["legal_bases"]
    lines = [
        "6. Peraturan Menteri Nomor 26 Tahun 2020 tentang Pedoman",
        "(Berita Negara Tahun 2020 Nomor 442):",
        "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019",
        "tentang Tata Kerja, sebagaimana diubah dengan",
        "Peraturan Komisi Pemilihan Umum Nomor 4 Tahun 2021;",
        "8. Keputusan Komisi Nomor 3 tentang Juknis.",
    ]
    assert [i[:28] for i in legal.split_items(lines, openers)] == [
        "Peraturan Menteri Nomor 26 T",
        "Peraturan Komisi Pemilihan U",
        "Keputusan Komisi Nomor 3 ten",
    ]
    # "Pasal 33 ayat (4)" wraps before the constitution inside one item: a parenthesis ends no item.
    assert legal.split_items(
        ["Pasal 20, dan Pasal 33 ayat (4)", "Undang-Undang Dasar Tahun 1945;"], openers
    ) == ["Pasal 20, dan Pasal 33 ayat (4) Undang-Undang Dasar Tahun 1945;"]


LABELS = vocab.load("decree_words.yaml")["sections"]


@pytest.mark.parametrize(
    "text, at_left, fuzzy, expected",
    [
        ("Menimbang : a. bahwa satu", True, False, ("considerations", "a. bahwa satu")),
        ("MENGINGAT: 1. Undang-Undang", False, False, ("legal_bases", "1. Undang-Undang")),
        ("Memperhatikan Berita Acara Rapat", True, False, ("observations", "Berita Acara Rapat")),
        ("Menetapkan KEPUTUSAN KOMISI", True, False, ("enactment", "KEPUTUSAN KOMISI")),
        ("Menimbang a. bahwa satu", True, False, ("considerations", "a. bahwa satu")),
        # The single unlettered item of a scan whose colon OCR lost (pemkab-jombang-2020-perbup-63).
        (
            "Menimbang bahwa untuk melaksanakan ketentuan Pasal 4 Peraturan",
            True,
            True,
            ("considerations", "bahwa untuk melaksanakan ketentuan Pasal 4 Peraturan"),
        ),
        ("Menimbang bahwa satu", False, False, None),
        ("Mengingat pentingnya hal itu", True, False, None),
        ("Menetapkan KEPUTUSAN KOMISI", False, False, None),
        ("Menimbamg ; a. bahwa satu", True, True, ("considerations", "a. bahwa satu")),
        ("Menimbamg ; a. bahwa satu", True, False, None),
        ("Menimbang . a. bahwa satu", True, False, ("considerations", "a. bahwa satu")),
    ],
)
def test_read_section_label(text, at_left, fuzzy, expected):
    assert labels.read_section_label(text, LABELS, at_left, fuzzy) == expected


@pytest.mark.parametrize(
    "text, expected_rank, at_left, fuzzy, found",
    [
        ("KESATU : Menetapkan", 0, True, False, ("KESATU", "Menetapkan")),
        (
            "KELIMA : Keputusan ini",
            1,
            False,
            False,
            ("KELIMA", "Keputusan ini"),
        ),  # colon: any place, any column
        ("KEDUA BELAS : Isi", 11, True, False, ("KEDUA BELAS", "Isi")),
        ("PERTAMA : Isi", 0, True, False, ("PERTAMA", "Isi")),
        ("KESATU Menetapkan Rencana", 0, True, False, ("KESATU", "Menetapkan Rencana")),
        ("KESATU: Menetapkan", 0, True, False, ("KESATU", "Menetapkan")),
        ("KEDUA ; Penetapan", 1, True, True, ("KEDUA", "Penetapan")),
        ("KESATLI Menetapkan", 0, True, True, ("KESATU", "Menetapkan")),
        ("KESATLI Menetapkan", 0, True, False, None),  # a text layer is never fuzzy
        ("KESATU Menetapkan", 2, True, False, None),  # out of sequence without a colon
        ("KEDUA Penetapan", 1, False, False, None),  # not in the label column
        ("KETUA Komisi", 1, True, True, None),  # a look-alike, not KEDUA
        ("KEDUA dan seterusnya", 1, True, False, None),
    ],
)
def test_read_dictum_label(text, expected_rank, at_left, fuzzy, found):
    assert labels.read_dictum_label(text, expected_rank, at_left, fuzzy) == found


def test_ocr_body_with_lost_colons_and_markers():
    """An OCR'd body as Tesseract reads the Jepara scan: ';' as ':' or ',', colons and markers lost."""
    from rencana.core.types import PageContent

    texts = [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM",
        "KABUPATEN JEPARA",
        "NOMOR 12/HK.03.1-Kpt/3320/KPU-Kab/II/2022",
        "TENTANG",
        "RENCANA AKSI TAHUN 2022",
        "KETUA KOMISI PEMILIHAN UMUM KABUPATEN JEPARA,",
        "Menimbang : a. bahwa satu,",
        "b, bahwa dua,",
        "c. bahwa tiga:",
        "Mengingat : l. Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan",
        "Negara (Lembaran Negara Nomor 3851):",
        "2, Undang-Undang Nomor 7 Tahun 2017 tentang Pemilu:",
        "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019",
        "tentang Tata Kerja:",
        "Keputusan Komisi Pemilihan Umum Nomor 314/ORT.07-Kpt/01/KPU/V/2021.",
        "Memperhatik Berita Acara Rapat Pleno Nomor",
        "an 12/BA/2022 tentang Rencana Aksi.",
        "MEMUTUSKAN:",
        "Menetapkan KEPUTUSAN KOMISI PEMILIHAN UMUM",
        "KABUPATEN JEPARA TENTANG RENCANA AKSI",
        "KESATLI Menetapkan Rencana Aksi",
        "sebagaimana tercantum dalam lampiran:",
        "KEDUA ; Rencana Aksi sebagaimana dimaksud dalam",
        "Diktum KESATU disosialisasikan.",
        "KETIGA Keputusan ini mulai berlaku sejak ditetapkan sampai dengan",
        "31 Desember 2022.",
        "Ditetapkan di Jepara",
        "pada tanggal 08 Februari 2022",
        "KETUA KOMISI PEMILIHAN UMUM",
        "KABUPATEN JEPARA,",
        "td.",
        "SUBCHAN ZUHRI",
    ]
    labels_at = {
        i
        for i, t in enumerate(texts)
        if t.startswith(
            ("Menimbang", "Mengingat", "Memperhatik", "Menetapkan", "KESATLI", "KEDUA ;", "KETIGA")
        )
    }
    x0s = {i: (71.0 if i in labels_at else 193.0) for i in range(len(texts))}
    x0s.update({i: 170.0 for i in (7, 8, 11)})
    x0s.update({i: 306.0 for i in range(26, len(texts))})
    state = Extraction(path=Path("scan.pdf"))
    state.pages = [PageContent(number=1, width=612, height=936, words=[], ocr=True)]
    state.body_lines = _body(texts, x0s=x0s)
    meta = metadata.run(state).metadata
    assert len(meta.considerations) == 3
    assert [(b.form, b.number, b.year) for b in meta.legal_bases] == [
        ("Undang-Undang", "28", 1999),
        ("Undang-Undang", "7", 2017),
        ("Peraturan Komisi Pemilihan Umum", "8", 2019),
        ("Keputusan Komisi Pemilihan Umum", "314/ORT.07-Kpt/01/KPU/V/2021", None),
    ]
    assert meta.observations == ["Berita Acara Rapat Pleno Nomor 12/BA/2022 tentang Rencana Aksi."]
    assert [d.label for d in meta.dictums] == ["KESATU", "KEDUA", "KETIGA"]
    assert (
        meta.dictums[1].text
        == "Rencana Aksi sebagaimana dimaksud dalam Diktum KESATU disosialisasikan."
    )
    assert (meta.valid_until, meta.enacted_date, meta.signatory) == (
        date(2022, 12, 31),
        date(2022, 2, 8),
        "SUBCHAN ZUHRI",
    )


def _decree_pdf(path: Path) -> None:
    """A one-page decree as another office sets it: one-line heading, one-line enactment, no 'ttd'."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = height - 80

    def line(text, x=72, step=15):
        nonlocal y
        pdf.drawString(x, y, text)
        y -= step

    pdf.setFont("Helvetica", 10)
    line("KEPUTUSAN KEPALA BADAN PUSAT STATISTIK NOMOR 112 TAHUN 2025", x=110)
    line("TENTANG", x=270)
    line("RENCANA AKSI REFORMASI BIROKRASI BADAN PUSAT STATISTIK", x=130, step=30)
    line("KEPALA BADAN PUSAT STATISTIK", x=200, step=25)
    line("Menimbang : a. bahwa reformasi birokrasi perlu rencana aksi;")
    line("b. bahwa perlu menetapkan Keputusan;", x=150)
    line("Mengingat : 1. Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design;")
    line(
        "2. Peraturan Badan Pusat Statistik Nomor 5 Tahun 2023 tentang Organisasi;", x=150, step=25
    )
    line("MEMUTUSKAN:", x=260)
    line("Menetapkan : KEPUTUSAN KEPALA BADAN PUSAT STATISTIK TENTANG RENCANA AKSI.")
    line("KESATU : Menetapkan Rencana Aksi Reformasi Birokrasi Tahun Anggaran 2025.")
    line("KEDUA : Keputusan ini berlaku sejak tanggal ditetapkan sampai dengan tanggal", step=12)
    line("31 Desember 2025.", x=150, step=30)
    line("Ditetapkan di Jakarta, 3-2-2025", x=330)
    line("Plt. KEPALA BADAN PUSAT STATISTIK", x=330, step=60)
    line("AMALIA ADININGGAR WIDYASANTI", x=330)
    pdf.showPage()
    pdf.save()


def test_built_decree_of_another_agency(tmp_path):
    path = tmp_path / "bps-2025.pdf"
    _decree_pdf(path)
    meta = _structured(path).metadata
    assert (meta.kind, meta.issuer, meta.number, meta.year) == (
        "Keputusan",
        "Badan Pusat Statistik",
        "112",
        2025,
    )
    assert meta.title == "Rencana Aksi Reformasi Birokrasi Badan Pusat Statistik"
    assert meta.official == "Kepala Badan Pusat Statistik"
    assert (len(meta.considerations), [b.form for b in meta.legal_bases]) == (
        2,
        ["Peraturan Presiden", "Peraturan Badan Pusat Statistik"],
    )
    assert [d.label for d in meta.dictums] == ["KESATU", "KEDUA"]
    assert (meta.enacted_place, meta.enacted_date, meta.valid_until) == (
        "Jakarta",
        date(2025, 2, 3),
        date(2025, 12, 31),
    )
    assert meta.plan_year == 2025  # the title has no year: the budget year of the operative part
    assert meta.signatory == "AMALIA ADININGGAR WIDYASANTI"


@pytest.mark.parametrize("head", vocab.load("decree_words.yaml")["official_heads"])
def test_official_head(head):
    assert labels.is_official_line(f"{head} CONTOH RAYA,")


@pytest.mark.parametrize("word", vocab.load("decree_words.yaml")["ordinal_lookalikes"])
def test_ordinal_lookalike_is_no_dictum(word):
    for rank in range(len(vocab.load("dictum_ordinals.yaml"))):
        assert labels.read_dictum_label(f"{word} Komisi Pemilihan Umum", rank, True, True) is None


@pytest.mark.parametrize("mark", vocab.load("decree_words.yaml")["signature_marks"])
def test_signature_mark(mark):
    assert (
        labels.signature_name(
            ["KETUA KOMISI CONTOH", "KABUPATEN RAYA", mark, "NAMA PENANDA TANGAN"]
        )
        == "NAMA PENANDA TANGAN"
    )


@pytest.mark.parametrize(
    "opener", vocab.load("decree_words.yaml")["item_openers"]["considerations"]
)
def test_consideration_opener(opener):
    lines = [f"a. {opener} satu;", f"{opener} dua;", f"c. {opener} tiga."]
    assert legal.split_items(lines, legal.item_openers()["considerations"]) == [
        f"{opener} satu;",
        f"{opener} dua;",
        f"{opener} tiga.",
    ]


def test_overprinted_words_are_read_once():
    from rencana.stages.page.text import is_char_doubled, without_overprint

    word = {"text": "kualitas", "x0": 10.0, "x1": 40.0, "top": 5.0, "bottom": 13.0}
    copy = dict(word, x0=10.3, x1=40.3)
    other = dict(word, x0=50.0, x1=80.0)
    assert without_overprint([word, copy, other]) == [word, other]
    assert is_char_doubled("MMeenniinnggkkaattnnyyaa") and not is_char_doubled("kualitas")
    assert not is_char_doubled("11223344")


def test_a_performance_agreement_is_read_without_a_nomor():
    from rencana.stages.structure.agreement import read_agreement

    lines = [
        "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
        "PERJANJIAN KINERJA TAHUN 2018",
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif,",
        "Nama : DEDE SUJANA, SSos. MSi.",
        "Jabatan : Kepala Badan Perencanaan Pembangunan Daerah",
        "Nama : dr. Hj. HARYANTI SUTRISNO",
        "PERJANJIAN KINERJA TAHUN 2018",
        "KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH",
        "KABUPATEN KEDIRI",
        "P Kediri, Januari 2018",
    ]
    meta = read_agreement(lines)
    assert meta is not None
    assert (meta.kind, meta.year, meta.plan_year) == ("Perjanjian Kinerja", 2018, 2018)
    assert meta.issuer == "Badan Perencanaan Pembangunan Daerah Kabupaten Kediri"
    assert (meta.office_level, meta.region) == ("kabupaten", "Kediri")
    assert (meta.signatory, meta.enacted_place, meta.enacted_date) == (
        "DEDE SUJANA, SSos. MSi.",
        "Kediri",
        None,
    )
    assert read_agreement(["KEPUTUSAN BUPATI KEDIRI", "NOMOR 5 TAHUN 2018"]) is None


def test_a_date_whose_month_ocr_misread_by_a_letter():
    """Kemenag's ZI decree (kemenag-2017-kma-186-juklak-zi-scan, p. 3): its stamp lies over the
    enactment date, which OCR reads "pada tanggal 29 Meret 2017"."""
    from rencana.stages.structure.dates import misread_month_date

    misread = misread_month_date("pada tanggal 29 Meret 2017")
    assert (misread.word, misread.month, misread.date) == ("Meret", "Maret", date(2017, 3, 29))
    assert misread_month_date("pada tanggal 8 Pebruan 2022").date == date(2022, 2, 8)
    # As near to Juni as to Juli, and a word too short to tell: the month is not guessed.
    assert misread_month_date("pada tanggal 8 Jupi 2020").date is None
    assert misread_month_date("pada tanggal 8 Mel 2020").date is None
    assert misread_month_date("31 Apnil 2022").date is None  # April has 30 days
    # A month as printed, or a word near no month, is no misread date.
    assert misread_month_date("pada tanggal 29 Maret 2017") is None
    assert misread_month_date("Nomor 12 Tahun 2020") is None


def _closing(date_line: str):
    return _meta(
        [
            "KEPUTUSAN MENTERI AGAMA REPUBLIK INDONESIA",
            "NOMOR 186 TAHUN 2017",
            "TENTANG",
            "PETUNJUK PELAKSANAAN ZONA INTEGRITAS",
            "MENTERI AGAMA REPUBLIK INDONESIA,",
            "Menetapkan : KEPUTUSAN MENTERI AGAMA.",
            "KESATU : Menetapkan petunjuk pelaksanaan.",
            "KEENAM : Keputusan ini mulai berlaku pada tanggal ditetapkan.",
            "Ditetapkan di Jakarta",
            date_line,
            "MENTERI AGAMA REPUBLIK INDONESIA,",
            "N",
            "LUKMAN HAKIM SAIFUDDIN £",
        ]
    )


def test_an_enactment_date_with_a_misread_month_is_repaired_with_a_warning():
    state = _closing("pada tanggal 29 Meret 2017")
    assert state.metadata.enacted_date == date(2017, 3, 29)
    corrected = [w for w in state.warnings if w.code == "metadata_corrected"]
    assert [(w.page, "'Meret' as 'Maret'" in w.message) for w in corrected] == [(1, True)]
    assert not [w for w in state.warnings if w.code == "metadata_missing"]


def test_an_enactment_date_whose_month_reads_as_two_stays_empty_with_a_warning():
    state = _closing("pada tanggal 29 Jupi 2017")
    assert state.metadata.enacted_date is None
    missing = [w for w in state.warnings if w.code == "metadata_missing"]
    assert len(missing) == 1 and missing[0].page == 1
    assert missing[0].message.startswith("enacted_date left empty: the month 'Jupi' on page 1")
