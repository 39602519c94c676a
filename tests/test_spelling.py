"""OCR'd words respelled from the Indonesian word list (stages/page/spelling.py).

The misreadings are real: each was read from a real scan in corpus/real/scans by Tesseract or by
the scan's own OCR layer. The words kept are real too: derived forms Tesseract's list lacks,
names and abbreviations from the born-digital PDFs in corpus/real, and a typo printed on a page.
"""

from __future__ import annotations

import pytest

from rencana.core.types import PageContent, Word
from rencana.stages.page.spelling import respell, respelled_word


@pytest.mark.parametrize(
    "read, printed",
    [
        ("tcknis.", "teknis."),  # Distamhut SK: "c" for "e", a stop kept
        ("Dacrah", "Daerah"),  # RSU SK
        ("Kincrja", "Kinerja"),  # Kediri IKU's OCR layer
        ("pescrta", "peserta"),
        ("Menyju", "Menuju"),  # Kemenag KMA: "y" for "u"
        ("Intemasional", "Internasional"),  # the SKB's OCR layer: "m" for "rn"
        ("Harl", "Hari"),  # ... and "l" for "i"
        ("nilai-nilal", "nilai-nilai"),  # each part of a hyphenated word on its own
        ("Januar1", "Januari"),
        ("(tcknis);", "(teknis);"),
    ],
)
def test_a_misread_word_is_respelled(read, printed):
    assert respelled_word(read) == printed


@pytest.mark.parametrize(
    "word",
    [
        # derived forms Tesseract's list lacks: the stemmer finds their roots
        "persandian",  # per-sandi-an (Diskominfo Ambon)
        "penetapannya",
        "dibakukan",  # not "dibekukan"
        "dirangkap",  # not "ditangkap"
        "menyemaikan",
        # names and abbreviations: capitalised words take no vowel swap, short capitals none
        "Maghfiroh",
        "Sempe",
        "Fretes",
        "SIKS",
        "CTKI",
        # words the list knows, and words too short to judge
        "menetapkan",
        "Maret",
        "tent",
        # two candidates, or none: no guess
        "Penyelenggataan",
        "KEPUTUSEN",
        # the RSU SK's 65-dpi scan: a vowel is never swapped ("faces", "arung", "basi" were
        # each one of several words a vowel away), and a word one letter from another word
        # ("Pasien") is not taken for a two-letter confusion ("ri" for "n": "Panen")
        "feces",
        "orung",
        "bosi",
        "Parien",
    ],
)
def test_a_word_that_is_no_misreading_is_kept(word):
    assert respelled_word(word) is None


def _line(*texts: str, confidence: float | None = None) -> PageContent:
    words, x = [], 0.0
    for text in texts:
        words.append(Word(text, x, 0.0, x + 6 * len(text), 10.0, confidence=confidence))
        x += 6 * len(text) + 4
    return PageContent(number=1, width=600, height=800, words=words)


def test_a_name_is_left_as_read():
    """The DKI instruksi is signed "Marullah Matali": "li" is OCR's "h" often, but a capitalised
    word beside another that nothing knows is part of a name."""
    page = respell(_line("Marullah", "Matali"))
    assert [w.text for w in page.words] == ["Marullah", "Matali"]
    assert page.respelled == []
    page = respell(_line("Zona", "Integritas", "Menyju", "Wilayah"))
    assert [w.text for w in page.words] == ["Zona", "Integritas", "Menuju", "Wilayah"]
    assert page.respelled == [("Menyju", "Menuju")]


def test_a_word_ocr_read_surely_is_taken_as_printed():
    """Jombang's PKPT decree prints the typo "Pernberantasan"; Tesseract reads it at 0.92, as it
    reads most words, where its misreadings come at 0.84-0.89."""
    assert respell(_line("Pernberantasan", confidence=0.923)).respelled == []
    assert respell(_line("Pernberantasan", confidence=0.87)).respelled == [
        ("Pernberantasan", "Pemberantasan")
    ]


def test_born_digital_text_is_never_respelled(tmp_path):
    """A typo an author typed stays as typed: only OCR'd text (Tesseract's, or a scan's own OCR
    layer, test_real_tables) is respelled."""
    import pdfplumber
    from reportlab.pdfgen import canvas

    from rencana.options import ExtractOptions
    from rencana.stages.page import OpenPage
    from rencana.stages.page.text import read_text

    path = tmp_path / "typed.pdf"
    pdf = canvas.Canvas(str(path))
    for n in range(12):  # enough words that the layer is judged (it reads well)
        pdf.drawString(72, 760 - 14 * n, "bahwa petunjuk tcknis pelaksanaan kegiatan ditetapkan")
    pdf.save()
    with pdfplumber.open(path) as opened:
        page = OpenPage(path, opened.pages[0], ExtractOptions(ocr="auto"))
        content = read_text(page, None)  # type: ignore[arg-type]
    assert "tcknis" in [w.text for w in content.words]
    assert content.respelled == []


@pytest.mark.parametrize(
    "end, start, joined",
    [
        ("berbas", "is", True),  # Kemendikbudristek's SPM table, a cell one word wide
        ("berbas", "is,", True),  # its comma is no piece of the word (as at a cell's edge)
        ("berbas", "Is", False),  # a capital opens a word
        ("jaring", "an", True),  # a suffix never stands alone
        ("Pelaksana", "an", True),
        ("kerumahtangga", "an", True),  # SPM p63: the derived word is not listed
        ("sarana/pras", "arana", True),  # SPM p63: 'sarana/prasarana' broken in its second word
        ("Tersedia/", "tidak", False),
        ("peralatand", "an", False),  # a typo's stray letters (fuzz 3600), no root under them
        ("media", "berbasis", False),  # two words
        ("tanggung", "jawab", False),  # two words, though "tanggungjawab" may be listed
        ("di", "laksanakan", False),  # printed apart: kept apart
        ("Kabupaten", "Jepara", False),
        ("berbas-", "is", False),  # not letters: the hyphen rule decides
    ],
)
def test_a_word_a_narrow_cell_broke_without_a_hyphen(end, start, joined):
    from rencana.stages.structure.wording import broken_word

    assert broken_word(end, start) is joined


@pytest.mark.parametrize(
    "word, known",
    [
        # real plans' words the list lacks (Kemenpan-RB's regulations, the Jepara and Bali
        # decrees, the BPS rows): a confix around a root of two words
        ("pertanggungjawaban", True),
        ("dipertanggungjawabkan", True),
        ("ketatalaksanaan", True),
        ("menatausahakan", True),  # men- + tatausaha: the nasal replaced its t
        ("ketidakpercayaan", True),
        ("terisinya", True),  # a scanned Pati layout: ter- isi -nya, a short root between affixes
        ("reviu", True),  # KBBI's spelling, in many plans ("reviu LKE")
        ("meret", False),  # no me- + "ret": a short root needs a suffix as well
        ("programdoktoral", False),  # two words run together bare
        ("perenranaan", False),  # 'perencanaan' misread
        ("penialaian", False),  # 'penilaian' misread
        ("perencanan", False),  # a typo stays unknown
    ],
)
def test_derived_words_the_list_lacks_are_known_and_misreadings_are_not(word, known):
    from rencana.stages.structure.wording import is_known

    assert is_known(word) is known


def test_a_real_cell_of_words_broken_by_its_width_reads_whole():
    """p35 of the SPM table prints 'media / berbas / is / jaring / an' down a narrow target cell
    (read by eye); the row is '2. Pendaftaran'."""
    from tests.real_corpus import extracted

    rows = [
        r
        for r in extracted("kemendikbudristek-2021-kepmen-433-spm-polban")["records"]
        if r["pages"] == [35] and r["indicator"] == "Pendaftaran"
    ]
    assert len(rows) == 1
    values = list(rows[0]["extra"].values()) + [rows[0]["target"]]
    assert "media berbasis jaringan" in values
    assert not [v for v in values if v and ("berbas is" in v or "jaring an" in v)]


@pytest.mark.parametrize(
    "lines, text",
    [
        (["C. Pengembang-", "an dan", "pembinaan"], "C. Pengembangan dan pembinaan"),
        (["media", "berbas", "is", "jaring", "an"], "media berbasis jaringan"),
        # real hyphens stay: the parts are words, or together no listed word
        (["nilai-", "nilai"], "nilai-nilai"),
        (["E-", "Lapkin"], "E-Lapkin"),
        (["Hari-", "Hari Libur"], "Hari-Hari Libur"),
        (["DIPA-", "076/01.2"], "DIPA-076/01.2"),
        # a browser breaks a line at a word's own hyphen: a word listed with it keeps it, though
        # the list knows it written solid too (fuzz 177 printed by Chromium)
        (["data e-", "commerce dengan"], "data e-commerce dengan"),
    ],
)
def test_a_cell_of_broken_words_joins_them(lines, text):
    from rencana.core.text import join_cell_lines
    from rencana.stages.structure.wording import broken_word

    assert join_cell_lines(lines, broken_word) == text


def test_a_codes_zero_read_as_a_capital_o_is_a_zero():
    """A ZI plan's month code 'B02' read 'BO2' (a stamp elsewhere on the page moved Tesseract's
    adaptive reading): the month was lost. A code's number must hold a digit besides."""
    from rencana.stages.page.spelling import respelled_code

    assert respelled_code("BO2") == "B02"
    assert respelled_code("B1O,") == "B10,"
    assert respelled_code("TWO") is None  # a word, no number
    assert respelled_code("B02") is None and respelled_code("SOP") is None
    assert respelled_code("2O23") is None  # no code: no letters before the number


@pytest.mark.parametrize(
    "word, doubtful",
    [
        # unseen scan seed 140: 'kelembagaan' read 'kelembagaar' behind a slash, surely
        ("organisasi/kelembagaar", True),
        ("organisasi/kelembagaan", False),
        ("unit/satuan", False),
        ("kab/kota", False),
        ("Sesuai/Tidak", False),
        ("PER/09/M.PAN/5/2007", False),  # a designation: no word in it is judged
        ("K/L/D/|", True),  # a letter read as a symbol
    ],
)
def test_words_joined_by_a_slash_are_judged_each_on_its_own(word, doubtful):
    from rencana.stages.page.spelling import reads_doubtfully

    assert reads_doubtfully(word, 0.95) is doubtful


def test_a_typo_behind_a_slash_is_typo_shaped_and_a_misreading_is_not():
    from rencana.stages.page.spelling import typo_shaped

    assert typo_shaped("implememntasi/kegiatan")
    assert not typo_shaped("organisasi/kuahtas")  # two letters off any listed word
    assert not typo_shaped("unit/satuan")  # nothing doubtful in it


def test_a_capital_in_a_title_cased_text_says_nothing_of_names():
    from rencana.stages.page.spelling import in_title_case, reads_doubtfully

    # unseen scan seed 140: 'Kelembagaan' read 'Kelembagaar' at 0.925 in an area's name
    texts = ["Penataan", "Organisasi/", "Kelembagaar", "REVIU"]
    assert in_title_case(2, texts)
    assert reads_doubtfully("Kelembagaar", 0.925, in_title_case(2, texts))
    assert not reads_doubtfully("Kelembagaar", 0.925)  # alone, a name as often
    # names stay names: beside an unknown capitalised word, or listed themselves
    assert not in_title_case(1, ["Marullah", "Matali"])
    for texts in (["Kota", "Ambon"], ["Kabupaten", "Sukoharjo"]):
        assert not reads_doubtfully(texts[1], 0.95, in_title_case(1, texts))
    assert not in_title_case(1, ["pada", "Kelembagaar", "unit"])  # a sentence in small letters


def test_a_derived_form_one_letter_from_a_listed_word_is_for_the_pixels_to_settle():
    from rencana.stages.page.spelling import derived_near_a_listed_word

    assert derived_near_a_listed_word("Penaraan")  # pe-nara-an, 'penataan' misread (seed 140)
    assert not derived_near_a_listed_word("penataan")  # listed
    assert not derived_near_a_listed_word("Kelembagaar")  # no root: the lists judge it


def test_a_letter_o_read_as_a_zero_after_a_number_is_an_o():
    from rencana.stages.page.spelling import respelled_letter_o

    assert respelled_letter_o("(30PD,") == "(3OPD,"  # unseen scan seed 151
    assert respelled_letter_o("30pd") == "3opd"
    for printed in ("10KM", "2020", "20Th", "100RB", "B02"):
        assert respelled_letter_o(printed) is None


def test_a_closing_8_read_doubtfully_may_be_a_percent_sign():
    from rencana.stages.ocr.patches import percent_read_8
    from rencana.stages.ocr.tesseract import PixelWord

    box = (0.0, 0.0, 1.0, 1.0)
    assert percent_read_8(PixelWord("608", box, 0.834))  # '60%' read '608' (seed 155)
    assert percent_read_8(PixelWord("608", box, 0.95)) is None  # read surely
    assert percent_read_8(PixelWord("2018", box, 0.5)) is None  # 201 is no percentage
    assert percent_read_8(PixelWord("8", box, 0.5)) is None


def test_a_faint_letter_of_a_slashed_series_is_judged_and_a_faint_word_is_not():
    from rencana.stages.ocr.rereads import faint_word_judged
    from rencana.stages.ocr.tesseract import PixelWord

    def words(*texts):
        return [PixelWord(t, (0.0, 0.0, 1.0, 1.0), 0.4) for t in texts]

    assert faint_word_judged(3, words("K/", "L/", "D/", "T"))  # 'K/L/D/I' (seed 169)
    # read right this faintly on poor scans (seeds 22, 25): the lists judge them
    assert not faint_word_judged(1, words("indeks", "inflasi", "nasional"))
    assert not faint_word_judged(1, words("Mei", "Jun", "Jul"))  # a header's month


def test_a_name_in_a_title_cased_text_near_many_words_is_no_misreading():
    from rencana.stages.page.spelling import in_title_case, reads_doubtfully

    # scan seed 114: "Darwin Yatch Race" printed so: "watch", "batch", "match" lie near it
    texts = ["Darwin", "Yatch", "Race"]
    assert not reads_doubtfully("Yatch", 0.919, in_title_case(1, texts))


def test_a_capitalised_word_ocr_doubted_in_a_title_cased_text_is_judged_near_many_words():
    from rencana.stages.page.spelling import in_title_case, reads_doubtfully

    # scan seed 233: "bukti Dukung Indeks" read "Gukung" at 0.89, near "dukung", "gunung",
    # "gulung" (the neighbouring cell's "April" before it in reading order)
    texts = ["April", "Gukung", "Indeks"]
    assert reads_doubtfully("Gukung", 0.89, in_title_case(1, texts))
    # read surely, a capitalised word near many is a name as often ("Darwin Yatch Race")
    assert not reads_doubtfully("Gukung", 0.95, in_title_case(1, texts))


def test_a_capitalised_word_ocr_doubted_opening_a_sentence_is_judged_as_a_small_letter_one():
    from rencana.stages.page.spelling import reads_doubtfully, starts_a_sentence

    # scan seed 135: "Monitoring, evaluasi, pelaporan" read "Monttoring," at 0.86
    texts = ["Des", "Monttoring,", "evaluasi,", "pelaporan"]
    assert starts_a_sentence(1, texts)
    assert reads_doubtfully("Monttoring,", 0.86, False, starts_a_sentence(1, texts))
    assert not reads_doubtfully("Monttoring,", 0.95, False, True)  # read surely: as printed
    # a name's other part before it, or a capitalised word after it: no sentence's capital
    assert not starts_a_sentence(1, ["Marullah", "Matali", "selaku"])
    assert not starts_a_sentence(1, ["oleh", "Monttoring", "Evaluasi"])


def test_an_abbreviation_the_words_before_it_spell_out_is_no_misreading():
    from rencana.stages.page.spelling import spells_out_the_words_before

    # scan seed 219: "strategis komunikasi (strakom)", printed so, read surely
    texts = ["dengan", "strategis", "komunikasi", "(strakom)"]
    assert spells_out_the_words_before(3, texts)
    texts = ["Sistem", "Pemerintahan", "Berbasis", "Elektronik", "(spbe)"]
    assert spells_out_the_words_before(4, texts)
    # a misread abbreviation, or one the words before do not spell, stays judged
    assert not spells_out_the_words_before(3, ["dengan", "strategis", "komunikasi", "(strakorn)"])
    assert not spells_out_the_words_before(2, ["pelaksanaan", "kegiatan", "(strakom)"])
    assert not spells_out_the_words_before(2, ["strategis", "komunikasi", "strakom"])


def test_a_capitalised_typo_read_alike_twice_is_typo_shaped():
    from rencana.stages.page.spelling import typo_shaped

    # scan seed 163: "Sosialiasi" printed so in a title-cased text, read alike on its own
    assert typo_shaped("Sosialiasi", read_twice=True)
    assert not typo_shaped("Sosialiasi")  # read once, a capital may hide a misreading
    assert not typo_shaped("Penaraan", read_twice=True)  # known: no typo to weigh


@pytest.mark.parametrize(
    "lines, at_edge, text",
    [
        # Writer broke a word too long for a narrow cell at its right edge, no hyphen (docx fuzz
        # 559): the pieces are no words, together a known one
        (
            ["untuk", "mengimplementasika", "n KBLI dalam"],
            [False, True, False],
            "untuk mengimplementasikan KBLI dalam",
        ),
        # the same break where the line does not reach the edge is a wrap: left alone
        (["mengimplementasika", "n KBLI"], [False, False], "mengimplementasika n KBLI"),
        # nor where the line holds more than the piece: a word that fits moves down whole
        (["untuk mengimplementasika", "n KBLI"], [True, False], "untuk mengimplementasika n KBLI"),
        # two words at the edge stay two words
        (["pelaksanaan", "anggaran"], [True, False], "pelaksanaan anggaran"),
        # a piece with its comma goes up whole
        (["PENGAJUA", "N, KEC."], [True, False], "PENGAJUAN, KEC."),
    ],
)
def test_a_word_split_at_a_cells_edge_joins_where_it_fills_the_line(lines, at_edge, text):
    from rencana.core.text import join_cell_lines, rejoin_split_words
    from rencana.stages.structure.wording import broken_word, split_at_edge

    assert join_cell_lines(rejoin_split_words(lines, at_edge, split_at_edge), broken_word) == text


def test_a_split_word_after_other_words_on_its_line_is_doubted_not_joined():
    """A full line of several words ends in a whole word (a printer moves a word that fits down
    whole), so 'untuk mengimplementasika' / 'n KBLI' stays apart; but the words say one word was
    split there (apart none, together a known one): the break is doubted (word_split_unsure),
    not read silently. Two words at such a line's end, or a name, are no doubt."""
    from rencana.stages.tables.grid import Cell

    def doubts(lines: list[str], ends: list[float]) -> list[str]:
        return Cell((0, 0, 100, 40), 0, 1, 0, 1, lines=lines, line_ends=ends).split_doubts

    assert doubts(["untuk mengimplementasika", "n KBLI"], [99.0, 40.0]) == [
        "mengimplementasika / n"
    ]
    assert doubts(["untuk mengimplementasika", "n KBLI"], [60.0, 99.0]) == []  # short of the edge
    assert doubts(["rencana pelaksanaan", "anggaran tahunan"], [99.0, 80.0]) == []
    # names the list lacks at a full line's end (Chromium 5852) say nothing of a split
    assert doubts(["bahan baku SLAG", "ALLUMUNIUM tipe"], [99.0, 80.0]) == []


@pytest.mark.parametrize(
    "end, start, unsure",
    [
        ("BDRKEDUNGMULY", "O,", True),  # a place name split at the edge (docx fuzz 559)
        ("mengimplementasika", "n", False),  # settled: joined
        ("Kesamben", "kegiatan", False),  # a known word opens the line below
        ("BAPPEDA", "Kec", False),  # a capital under upper case opens a new word
        ("KEC", "25%", False),  # not letters
    ],
)
def test_a_split_nothing_settles_is_unsure(end, start, unsure):
    from rencana.stages.structure.wording import split_unsure

    assert split_unsure(end, start) is unsure


def test_a_capital_i_opening_an_unknown_word_mid_sentence_may_be_a_small_l():
    # unseen fuzz scan seed 297 (300 dpi, black and white): "(SPIP) di lingkungan Unit/Satuan"
    # read "di Ingkungan" at 0.81, a sans-serif "l" the same bar as an "I"; read again alone
    from rencana.stages.page.spelling import bar_capital_mid_sentence

    assert bar_capital_mid_sentence(1, ["di", "Ingkungan", "Unit/"])
    assert not bar_capital_mid_sentence(1, ["di", "Indonesia"])  # a listed word
    assert not bar_capital_mid_sentence(1, ["Kota", "Ingkungan"])  # a title's case
    assert not bar_capital_mid_sentence(1, ["di", "Lingkungan"])  # no bar
    assert not bar_capital_mid_sentence(0, ["Ingkungan", "kerja"])
