"""Clean stage: de-wrapping, furniture detection, shifted fonts, and a built two-page PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rencana import runner, vocab
from rencana.core.state import Extraction
from rencana.core.text import join_lines, title_case
from rencana.core.types import Word
from rencana.stages import clean


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["nilai-", "nilai dasar"], "nilai-nilai dasar"),
        (["E-", "Lapkin"], "E-Lapkin"),
        (
            ["DIPA Nomor SP DIPA-", "076/01.2.657363/2022"],
            "DIPA Nomor SP DIPA-076/01.2.657363/2022",
        ),
        (["Reformasi  Birokrasi", "berjalan   lancar"], "Reformasi Birokrasi berjalan lancar"),
        (["huruf a -", "b"], "huruf a - b"),  # a free-standing dash is not a word wrap
        (["", "  satu ", ""], "satu"),
        ([], ""),
    ],
)
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


@pytest.mark.parametrize(
    "text",
    [
        "- 2 -",
        "-2-",
        "– 12 –",
        "3",
        "Halaman 2 dari 5",
        "www.peraturan.go.id",
        "2018, No.147",
        "2018, No.147 -2-",
        "2019, No.75",
        "SALINAN",
        "Salinan",
    ],
)
def test_furniture_text(text):
    assert clean.is_furniture_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pasal 5",
        "Menimbang : a. bahwa",
        "Nomor 6245)",
        "TAHUN 2022",
        "1. Undang-Undang",
        "Salinan sesuai dengan aslinya",
    ],
)
def test_not_furniture_text(text):
    assert not clean.is_furniture_text(text)


@pytest.mark.parametrize(
    "text",
    ["Nomor . . .", "KEDUA . . .", "Pasal 5 . . .", "Mengingat . . .", "Reformasi…", "Nomor ..."],
)
def test_catchword(text):
    assert clean.is_catchword(text)


@pytest.mark.parametrize(
    "text", ["Nomor 5", "KEDUA : Keputusan ini", ". . .", "bahwa untuk mewujudkan"]
)
def test_not_catchword(text):
    assert not clean.is_catchword(text)


def test_repeated_lines_fold_page_numbers():
    def head(text, distance=30.0):
        return (text, "top", distance)

    pages = [
        [head("2018, No.147 -2-"), head("www.peraturan.go.id", 50)],
        [head("2018, No.147 -3-"), head("www.peraturan.go.id", 51)],
        [head("2018, No.147 -4-"), head("Pasal 9", 70)],
        [head("BAB II", 60)],
    ]
    assert set(clean.repeated_lines(pages)) == {
        ("#, no.# -#-", "top"),
        ("www.peraturan.go.id", "top"),
    }


def test_a_line_opening_two_pages_at_different_heights_is_not_a_running_head():
    pages = [
        [("Ditetapkan di Jakarta", "top", 40.0)],
        [("BAB II", "top", 60.0)],
        [("Pasal 9", "top", 60.0)],
        [("Ditetapkan di Jakarta", "top", 130.0)],
    ]
    assert clean.repeated_lines(pages) == {}


def test_an_enactment_line_at_the_same_place_on_two_pages_is_not_a_running_head():
    pages = [
        [("Ditetapkan di Jakarta", "bottom", 40.0)],
        [],
        [("Ditetapkan di Jakarta", "bottom", 40.0)],
        [],
    ]
    repeating = clean.repeated_lines(pages)
    assert not clean.is_running(("Ditetapkan di Jakarta", "bottom", 40.0), repeating)


def test_running_line_only_counts_at_its_place():
    pages = [
        [("SALINAN RESMI", "top", 30.0)],
        [("SALINAN RESMI", "top", 31.0)],
        [("SALINAN RESMI", "top", 90.0)],
    ]
    repeating = clean.repeated_lines(pages)
    assert clean.is_running(("SALINAN RESMI", "top", 30.5), repeating)
    assert not clean.is_running(("SALINAN RESMI", "top", 90.0), repeating)


def _w(text, x0, top, size=10.0):
    return Word(text=text, x0=x0, top=top, x1=x0 + 6 * len(text), bottom=top + size)


def test_group_lines_orders_words_and_lines():
    words = [_w("dua", 60, 20.5), _w("satu", 10, 20), _w("tiga", 10, 40)]
    lines = clean.group_lines(words)
    assert [clean.line_text(l) for l in lines] == ["satu dua", "tiga"]


def test_shifted_font_is_decoded():
    garbled = ["?9HI5", "?CA=G=", "D9A=@=<5B", "IAIA", "?56ID5H9B", ">9D5F5,", 'hhX"']
    assert clean.font_shift(garbled) == 12
    assert [clean.shift_text(t, 12) for t in garbled] == [
        "KETUA",
        "KOMISI",
        "PEMILIHAN",
        "UMUM",
        "KABUPATEN",
        "JEPARA,",
        "ttd.",
    ]


def test_readable_font_is_left_alone():
    assert clean.font_shift(["KETUA", "KOMISI", "www.peraturan.go.id", "2022", "Jepara,"]) == 0
    assert clean.font_shift(["www.peraturan.go.id"] * 30) == 0


def test_a_page_number_in_a_font_of_its_own_is_left_alone():
    """The SKB decree (corpus/real) sets each page's '- 2 -' in a font of its own."""
    assert clean.font_shift(["-", "2", "-"]) == 0
    assert clean.font_shift(["-", "13", "-"]) == 0


def test_two_words_decode_only_with_a_proven_shift():
    assert clean.font_shift(["GI67<5B", "NI<F="]) == 0
    assert clean.font_shift(["GI67<5B", "NI<F="], preferred=(12,)) == 12


def test_title_case():
    assert (
        title_case("RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KPU KABUPATEN/KOTA TAHUN 2022")
        == "Rencana Aksi Reformasi Birokrasi di Lingkungan KPU Kabupaten/Kota Tahun 2022"
    )
    assert (
        title_case("PERATURAN PEMERINTAH PENGGANTI UNDANG-UNDANG TAHAP II")
        == "Peraturan Pemerintah Pengganti Undang-Undang Tahap II"
    )


@pytest.mark.parametrize("word", vocab.load("title_case.yaml")["small_words"])
def test_title_case_small_word(word):
    assert title_case(f"RENCANA {word.upper()} AKSI") == f"Rencana {word} Aksi"


@pytest.mark.parametrize("acronym", vocab.load("title_case.yaml")["acronyms"])
def test_title_case_acronym(acronym):
    assert title_case(f"RENCANA {acronym.upper()}") == f"Rencana {acronym}"


@pytest.mark.parametrize(
    "pattern",
    vocab.load("furniture.yaml")["page_number"]
    + vocab.load("furniture.yaml")["running_head"]
    + vocab.load("furniture.yaml")["stamp"],
)
def test_furniture_pattern_compiles_and_is_anchored(pattern):
    re.compile(pattern)
    assert not clean.is_furniture_text("Menimbang : a. bahwa untuk mewujudkan kegiatan " + pattern)


def _two_page_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, body in [
        (1, ["KEPUTUSAN KEPALA BADAN CONTOH", "Menimbang : a. bahwa nilai-", "nilai dasar perlu"]),
        (2, ["Nomor 5 Tahun 2020 tentang Contoh;", "KEDUA : Keputusan ini berlaku"]),
    ]:
        pdf.setFont("Helvetica", 11)
        pdf.drawCentredString(width / 2, height - 30, f"- {number} -")
        pdf.drawString(72, height - 30, "jdih.contoh.go.id")
        y = height - 120
        for line in body:
            pdf.drawString(72, y, line)
            y -= 16
        if number == 1:
            pdf.drawString(400, y - 10, "Nomor . . .")
        pdf.drawString(72, 30, "www.peraturan.go.id")
        pdf.showPage()
    pdf.save()


def test_clean_drops_furniture_from_lines_and_words(tmp_path):
    path = tmp_path / "two-pages.pdf"
    _two_page_pdf(path)
    state = clean.run(runner.read_pages(Extraction(path=path)))
    texts = [line.text for line in state.body_lines]
    assert texts == [
        "KEPUTUSAN KEPALA BADAN CONTOH",
        "Menimbang : a. bahwa nilai-",
        "nilai dasar perlu",
        "Nomor 5 Tahun 2020 tentang Contoh;",
        "KEDUA : Keputusan ini berlaku",
    ]
    words = {w.text for page in state.pages for w in page.words}
    assert not words & {"www.peraturan.go.id", "jdih.contoh.go.id", ". . .", "-"}
    assert [line.page for line in state.body_lines] == [1, 1, 1, 2, 2]


def _ocr(text, confidence, x0=295.0):
    return Word(text=text, x0=x0, top=38, x1=x0 + 6 * len(text), bottom=48, confidence=confidence)


@pytest.mark.parametrize(
    "words, noise",
    [
        ([_ocr("5", 0.36), _ocr("Ja", 0.53, 303)], True),  # "- 3 -" read through specks
        ([_ocr("SA", 0.14)], True),
        (
            [
                _ocr("Jepara", 0.96),
                _ocr("Tahun", 0.96, 340),
                _ocr("Anggaran", 0.96, 380),
                _ocr("2022.", 0.96, 430),
            ],
            False,
        ),
        ([_ocr("LAMPIRAN", 0.96)], False),
        (
            [_w("5", 295, 38), _w("Ja", 303, 38)],
            False,
        ),  # a text layer has no confidence: never noise
    ],
)
def test_ocr_noise(words, noise):
    assert clean.is_ocr_noise(words) == noise


def test_clean_drops_ocr_noise_in_band_only():
    from rencana.core.types import PageContent

    body = [_ocr("Peraturan", 0.96, 193), _ocr("Komisi", 0.96, 250)]
    for w in body:
        w.top, w.bottom = 59.0, 70.0
    low_in_body = _ocr("ss", 0.5, 200)
    low_in_body.top, low_in_body.bottom = 400.0, 410.0
    page = PageContent(
        number=1,
        width=612,
        height=936,
        words=[_ocr("5", 0.36), _ocr("Ja", 0.53, 303), *body, low_in_body],
        ocr=True,
    )
    state = Extraction(path=Path("scan.pdf"))
    state.pages = [page]
    state = clean.run(state)
    assert [line.text for line in state.body_lines] == ["Peraturan Komisi", "ss"]


@pytest.mark.parametrize("pattern", vocab.load("furniture.yaml")["never_running"])
def test_each_structural_cue_is_never_a_running_head(pattern):
    cue = pattern.replace("\\s+", " ").replace("\\b", "")
    line = (f"{cue.title()} Jakarta", "top", 40.0)
    repeating = clean.repeated_lines([[line], [line]])
    assert not clean.is_running(line, repeating)


@pytest.mark.parametrize(
    "lines, joined",
    [
        (
            [
                "- Meningkatnya domain dan",
                "aspek SPBE",
                "- Meningkatnya keterbukaan",
                "informasi publik",
            ],
            "Meningkatnya domain dan aspek SPBE; Meningkatnya keterbukaan informasi publik",
        ),
        (["• E-", "Lapkin", "• nilai-nilai"], "E-Lapkin; nilai-nilai"),
        (["- 2 -"], "- 2 -"),  # one item is no list
        (["Rapat koordinasi", "- daring"], "Rapat koordinasi - daring"),
        (
            ["a. SK Tim Kerja", "b. Notulen rapat", "pembentukan tim"],
            "SK Tim Kerja; Notulen rapat pembentukan tim",
        ),
        (["1) Rancangan SOP", "2) SK penetapan SOP"], "Rancangan SOP; SK penetapan SOP"),
        (["a. SK Tim Kerja"], "a. SK Tim Kerja"),  # one item is no list
        (["b. Dokumen", "c. Laporan"], "b. Dokumen c. Laporan"),  # not from its first item
    ],
)
def test_join_cell_lines(lines, joined):
    from rencana.core.text import join_cell_lines

    assert join_cell_lines(lines) == joined
