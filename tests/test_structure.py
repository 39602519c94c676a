"""Structure stage: pure parsers with literal inputs, one test per vocabulary entry, and the corpus."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline import clean, read, structure, vocab
from pipeline.state import Extraction
from pipeline.types import TextLine

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize("text, expected", [
    ("pada tanggal 08 Februari 2022", date(2022, 2, 8)),
    ("6 Pebruari 2023", date(2023, 2, 6)),
    ("31 Desember 2022.", date(2022, 12, 31)),
    ("30 Nopember 2021", date(2021, 11, 30)),
    ("31 Februari 2022", None),
    ("tanggal ditetapkan", None),
])
def test_parse_date(text, expected):
    assert structure.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("9 TAHUN 2018", ("9", 2018)),
    ("112 Tahun 2025", ("112", 2025)),
    ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022", None)),
    ("", (None, None)),
])
def test_split_number(text, expected):
    assert structure.split_number(text) == expected


def test_legal_basis_with_gazette():
    basis = structure.parse_legal_basis(
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik Indonesia Tahun "
        "2017 Nomor 182, Tambahan Lembaran Negara Republik Indonesia Nomor 6109);")
    assert (basis.form, basis.number, basis.year, basis.subject) == ("Undang-Undang", "7", 2017, "Pemilihan Umum")


def test_legal_basis_long_specific_form():
    basis = structure.parse_legal_basis("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
                                        "Nomor 25 Tahun 2020 tentang Road Map Reformasi Birokrasi Tahun 2020-2024;")
    assert basis.form == "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
    assert (basis.number, basis.year, basis.subject) == ("25", 2020, "Road Map Reformasi Birokrasi Tahun 2020-2024")


def test_legal_basis_generic_form_runs_to_nomor():
    basis = structure.parse_legal_basis("Peraturan Badan Riset dan Inovasi Nasional Nomor 3 Tahun 2022 tentang "
                                        "Organisasi dan Tata Kerja;")
    assert (basis.form, basis.number, basis.year) == ("Peraturan Badan Riset dan Inovasi Nasional", "3", 2022)


def test_legal_basis_decree_number_without_year():
    basis = structure.parse_legal_basis("Keputusan Komisi Pemilihan Umum Republik Indonesia Nomor "
                                        "314/ORT.07-Kpt/01/KPU/V/2021 Tentang Petunjuk Teknis.")
    assert (basis.form, basis.number, basis.year, basis.subject) == (
        "Keputusan Komisi Pemilihan Umum", "314/ORT.07-Kpt/01/KPU/V/2021", None, "Petunjuk Teknis")


def test_legal_basis_constitution_articles():
    basis = structure.parse_legal_basis("Pasal 5 ayat (1), Pasal 20, dan Pasal 23A Undang-Undang Dasar Negara "
                                        "Republik Indonesia Tahun 1945;")
    assert (basis.form, basis.number, basis.year) == ("Undang-Undang Dasar Negara Republik Indonesia Tahun 1945", None, 1945)


def test_split_items_in_sequence_only():
    lines = ["a. bahwa satu", "dua;", "b. bahwa Undang-Undang Nomor 7", "2017 tentang x;", "c. bahwa tiga;"]
    assert structure.split_items(lines) == ["bahwa satu dua;", "bahwa Undang-Undang Nomor 7 2017 tentang x;",
                                            "bahwa tiga;"]
    assert structure.split_items(["1. Satu", "3. bukan item", "2. Dua"]) == ["Satu 3. bukan item", "Dua"]
    assert structure.split_items(["bahwa tanpa huruf", "lanjut;"]) == ["bahwa tanpa huruf lanjut;"]


def test_fix_broken_labels():
    texts = structure.fix_broken_labels(["Memperhatik : Berita Acara", "an 12/HK.03.1-BA/2022 tanggal"],
                                        ["Menimbang", "Memperhatikan"])
    assert texts == ["Memperhatikan : Berita Acara", "12/HK.03.1-BA/2022 tanggal"]


@pytest.mark.parametrize("heading, expected", [
    ("KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN JEPARA", ("Keputusan", "Komisi Pemilihan Umum Kabupaten Jepara")),
    ("KEPUTUSAN KEPALA BADAN PUSAT STATISTIK", ("Keputusan", "Badan Pusat Statistik")),
    ("KEPUTUSAN MENTERI AGAMA REPUBLIK INDONESIA", ("Keputusan Menteri", "Kementerian Agama Republik Indonesia")),
    ("UNDANG-UNDANG REPUBLIK INDONESIA", ("Undang-Undang", "Presiden Republik Indonesia")),
    ("PERATURAN PEMERINTAH REPUBLIK INDONESIA", ("Peraturan Pemerintah", "Presiden Republik Indonesia")),
    ("PENGUMUMAN PANITIA", (None, None)),
])
def test_kind_and_issuer(heading, expected):
    assert structure.kind_and_issuer(heading) == expected


@pytest.mark.parametrize("issuer, expected", [
    ("Komisi Pemilihan Umum Kabupaten Jepara", ("kabupaten", "Jepara")),
    ("Komisi Pemilihan Umum Kota Semarang", ("kota", "Semarang")),
    ("Komisi Pemilihan Umum Provinsi Jawa Tengah", ("provinsi", "Jawa Tengah")),
    ("Badan Pusat Statistik", ("pusat", None)),
    (None, (None, None)),
])
def test_office_of(issuer, expected):
    assert structure.office_of(issuer) == expected


@pytest.mark.parametrize("text, expected", [
    ("Keputusan ini mulai berlaku sejak ditetapkan sampai dengan 31 Desember 2022.", date(2022, 12, 31)),
    ("Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan tanggal 31 Desember 2024.", date(2024, 12, 31)),
    ("Keputusan ini berlaku s.d. 30 Juni 2023", date(2023, 6, 30)),
    ("Keputusan ini mulai berlaku pada tanggal ditetapkan.", None),
    ("Rapat tanggal 08 Februari 2022 sampai dengan 10 Februari 2022", None),
])
def test_valid_until(text, expected):
    assert structure.valid_until(text) == expected


# ---------------------------------------------------------------- one test per vocabulary entry


@pytest.mark.parametrize("form", vocab.load("legal_forms.yaml")["specific"])
def test_specific_legal_form(form):
    year = "" if "Tahun 1945" in form else " Nomor 5 Tahun 2020"
    basis = structure.parse_legal_basis(f"{form}{year} tentang Contoh Pengaturan;")
    assert basis.form == form
    if year:
        assert (basis.number, basis.year, basis.subject) == ("5", 2020, "Contoh Pengaturan")


@pytest.mark.parametrize("form", vocab.load("legal_forms.yaml")["generic"])
def test_generic_legal_form(form):
    basis = structure.parse_legal_basis(f"{form} Lembaga Contoh Nomor 7 Tahun 2021 tentang Hal;")
    assert (basis.form, basis.number, basis.year) == (f"{form} Lembaga Contoh", "7", 2021)


@pytest.mark.parametrize("entry", vocab.load("document_kinds.yaml"), ids=lambda e: e["heading"])
def test_document_kind(entry):
    kind, issuer = structure.kind_and_issuer(entry["heading"] + " CONTOH RAYA")
    assert kind == entry["kind"]
    assert issuer == entry.get("issuer") or issuer.endswith("Contoh Raya")


def _lines(texts: list[str]) -> list[TextLine]:
    return [TextLine(text=t, page=1, x0=70.0, top=20.0 * i, x1=500.0, bottom=20.0 * i + 11) for i, t in enumerate(texts)]


@pytest.mark.parametrize("label", structure.dictum_labels())
def test_dictum_label(label):
    state = Extraction(path=Path("x.pdf"))
    state.body_lines = _lines(["KEPUTUSAN KEPALA BADAN CONTOH", "NOMOR 3 TAHUN 2024", "TENTANG", "HAL CONTOH",
                               "KEPALA BADAN CONTOH,", "Menetapkan : KEPUTUSAN TENTANG HAL CONTOH.",
                               f"{label} : Isi diktum yang", "berlanjut.", "Ditetapkan di Bogor",
                               "pada tanggal 5 Maret 2024"])
    meta = structure.run(state).metadata
    assert [(d.label, d.text) for d in meta.dictums] == [(label, "Isi diktum yang berlanjut.")]
    assert (meta.number, meta.year, meta.title, meta.issuer) == ("3", 2024, "Hal Contoh", "Badan Contoh")
    assert (meta.enacted_place, meta.enacted_date) == ("Bogor", date(2024, 3, 5))


# ---------------------------------------------------------------- corpus

REGULATIONS = {
    # file: kind, number, year, title, considerations, legal bases, enactment place, enactment date
    "pnbp.pdf": ("Undang-Undang", "9", 2018, "Penerimaan Negara Bukan Pajak", 4, 1, "Jakarta", date(2018, 8, 23)),
    "pp1-2021bt.pdf": ("Peraturan Pemerintah", "1", 2021, "Tata Cara Pemeriksaan Penerimaan Negara Bukan Pajak",
                       1, 2, "Jakarta", date(2021, 1, 4)),
    "sample3.pdf": ("Undang-Undang", "8", 2019, "Penyelenggaraan Ibadah Haji dan Umrah", 5, 1, "Jakarta",
                    date(2019, 4, 26)),
    "sample4.pdf": ("Undang-Undang", "24", 2019, "Ekonomi Kreatif", 4, 1, "Jakarta", date(2019, 10, 24)),
    "sample5.pdf": ("Undang-Undang", "18", 2019, "Pesantren", 5, 1, "Jakarta", date(2019, 10, 15)),
    "sample6.pdf": ("Undang-Undang", "11", 2019, "Sistem Nasional Ilmu Pengetahuan dan Teknologi", 4, 1, "Jakarta",
                    date(2019, 8, 13)),
    "uu10-2020bt.pdf": ("Undang-Undang", "10", 2020, "Bea Meterai", 4, 1, "Jakarta", date(2020, 10, 26)),
}
FURNITURE = ["www.peraturan.go.id", "2018, No.147", "-2-", "- 2 -"]


def _structured(path: Path) -> Extraction:
    return structure.run(clean.run(read.run(Extraction(path=path))))


@pytest.mark.parametrize("name", sorted(REGULATIONS))
def test_regulation(name):
    state = _structured(CORPUS / "regulations" / name)
    meta = state.metadata
    got = (meta.kind, meta.number, meta.year, meta.title, len(meta.considerations), len(meta.legal_bases),
           meta.enacted_place, meta.enacted_date)
    assert got == REGULATIONS[name]
    assert meta.issuer == "Presiden Republik Indonesia"
    assert meta.dictums == []  # a law's body has Pasal, not dictums
    text = json.dumps(meta.model_dump(mode="json"), ensure_ascii=False)
    body = "\n".join(line.text for line in state.body_lines)
    for furniture in FURNITURE:
        assert furniture not in text
    assert "www.peraturan.go.id" not in body
    assert not any(line.text.strip() in ("-2-", "- 2 -") or line.text.startswith("2018, No.147")
                   for line in state.body_lines)


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
    assert len(meta.observations) == 1 and meta.observations[0].startswith("Berita Acara Rapat Pleno")
    assert [b.year for b in meta.legal_bases] == [1999, 2017, 2010, 2018, 2020, 2020, 2019, 2020, None]
    assert meta.legal_bases[6].number == "8"  # item 7 continues across a page after the catchword
    assert meta.dictums[4].text == "Keputusan ini mulai berlaku sejak ditetapkan sampai dengan 31 Desember 2022."
