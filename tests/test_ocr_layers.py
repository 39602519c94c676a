"""Searchable scans: a scan under an OCR text layer that a scanner or a PDF tool made, the way
most real office scans come (tests/fixtures/ocr_layers.py builds them at test time: Tesseract's
own PDF renderer, or layers written from its words garbled or misplaced; nothing binary is
added). A layer that reads well is kept (no OCR: the fast path); one whose tables or lines read
wrong is set aside and the page OCR'd, so the copy reads as its text PDF or is flagged, never
silently wrong.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

import rencana
from rencana.core.state import Extraction
from rencana.core.types import PageContent, Word
from rencana.stages.page.text import strewn_letters
from tests.real_corpus import fold
from tests.test_decree_bodies import _comparable
from tests.test_degraded_reference import grey
from tests.test_degraded_tables import text_page
from tests.test_scan_artefacts import needs_tesseract, record_keys, render_page, rotated

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import decree_bodies
import family_tables
import family_tables2
import ocr_layers

DPI = 200
DRAWINGS = {**family_tables.DRAWINGS, **family_tables2.DRAWINGS}


@cache
def searchable(folder: Path, text: Path, turn: float) -> tuple[Path, tuple, tuple]:
    """``text`` scanned (grey, turned ``turn`` degrees) under Tesseract's own layer; the page
    images and the words Tesseract read, for layers written from them."""
    with pdfplumber.open(text) as document:
        count = len(document.pages)
    images = [rotated(grey(render_page(n, text, DPI)), turn) for n in range(1, count + 1)]
    path = folder / f"{text.stem}-tesseract.pdf"
    words = ocr_layers.tesseract_pdf(images, path, DPI)
    return path, tuple(images), tuple(words)


def read(path: Path) -> dict:
    return rencana.extract(path, rencana.ExtractOptions(ocr="auto")).model_dump(mode="json")


def warned(document: dict, code: str) -> list[str]:
    return [w["message"] for w in document["warnings"] if w["code"] == code]


@needs_tesseract
@pytest.mark.parametrize(
    ("name", "layer"),
    [
        # Tesseract's layer of a ruled grid holds its rulings as "|" words and no shades.
        ("pkpt_calendar", "tesseract"),
        # A layer offset from its image: its words lie across the image's cells.
        ("month_grid_x", "offset"),
    ],
)
def test_a_scanned_table_under_a_layer_that_reads_it_wrong_is_read_from_its_image(
    tmp_path_factory, name, layer
):
    folder = tmp_path_factory.getbasetemp()
    text = text_page(folder, name, DRAWINGS)
    truth = rencana.extract(text, rencana.ExtractOptions(ocr="never")).model_dump(mode="json")
    path, images, words = searchable(folder, text, -1.1)
    if layer == "offset":
        moved = [ocr_layers.moved(page, (14, 10), 1.0) for page in words]
        path = ocr_layers.layered_pdf(list(images), moved, folder / f"{name}-offset.pdf", DPI)
    copy = read(path)
    assert warned(copy, "text_layer_poor")
    assert truth["records"]
    assert record_keys(copy["records"]) == record_keys(truth["records"])


@needs_tesseract
def test_a_decree_under_a_layer_of_interleaved_lines_is_read_from_its_image(tmp_path_factory):
    """Tesseract's PDF renderer writes a tilted page's lines along their baselines: pdfplumber
    reads neighbouring lines' letters interleaved, the items' markers lost among them."""
    folder = tmp_path_factory.getbasetemp()
    body = decree_bodies.choose(2)
    text = decree_bodies.build(body, folder / "body-2.pdf")
    path, _, _ = searchable(folder, text, 0.8)
    copy = read(path)
    assert warned(copy, "text_layer_poor")  # its fragments ("usun", "pka") or strewn letters
    wrong = {
        field: (copy["metadata"].get(field), want)
        for field, want in body.metadata.items()
        if _comparable(field, copy["metadata"].get(field)) != _comparable(field, want)
    }
    assert not wrong, wrong


@needs_tesseract
def test_a_good_layer_over_a_level_decree_is_kept_and_read(tmp_path_factory):
    """The fast path: a level scan under a layer that reads well is not OCR'd again."""
    folder = tmp_path_factory.getbasetemp()
    body = decree_bodies.choose(2)
    text = decree_bodies.build(body, folder / "body-2-level.pdf")
    _, images, words = searchable(folder, text, 0.0)
    path = ocr_layers.layered_pdf(list(images), list(words), folder / "body-2-level-layer.pdf")
    copy = read(path)
    assert not warned(copy, "text_layer_poor")
    assert fold(copy["metadata"]["number"]) == fold(body.metadata["number"])
    assert len(copy["metadata"]["considerations"]) == len(body.metadata["considerations"])


def test_a_layer_of_strewn_letters_is_poor_and_marks_and_numerals_are_not_strewn():
    def words(texts: str) -> list[Word]:
        return [Word(t, 10.0 * i, 0, 10.0 * i + 8, 10) for i, t in enumerate(texts.split())]

    interleaved = "K P e e r n ja y us R u e n fo a r n m as T i im B d i a ro n k ra " * 2
    assert strewn_letters(words(interleaved))
    grid = "Kegiatan Output Jan Feb Mar " + "X v V x I II III IV " * 6
    assert strewn_letters(words(grid)) is None
    prose = "bahwa dalam rangka mewujudkan tata kelola pemerintahan yang baik di lingkungan " * 3
    assert strewn_letters(words(prose)) is None


def test_a_scanners_layer_with_a_few_misread_words_is_poor_and_one_rare_word_is_not():
    """The SKB decree's page 1 layer: "omor" twice for "Nomor", "l-!ari" for "Hari", among 174
    judged words, is OCR'd again; the Kediri ocrscan's annex pages (a NOMOR's digits run
    together, one misspelling: 2 and 1 poor words) and the Tangsel ocrspaced pages keep theirs."""
    from tests.test_text_layer import CORPUS, judged

    skb = judged(CORPUS / "real/kemenpanrb-2022-skb-libur-nasional-cuti-bersama.pdf", 1)
    assert skb is not None and skb.poor == 4 and "l-!ari" in skb.examples
    kediri = CORPUS / "real/scans/pemkab-kediri-2017-kepbup-penetapan-iku-ocrscan.pdf"
    assert judged(kediri, 4) is None and judged(kediri, 5) is None
    tangsel = CORPUS / "real/scans/pemkot-tangsel-2015-kepwal-blud-rsu-ocrspaced-p1-4.pdf"
    assert all(judged(tangsel, n) is None for n in (1, 2, 3, 4))


# ------------------------------------------- issue 17: searchable scans read silently wrong


def _line(texts: str, top: float, x0: float = 100.0, step: float = 40.0) -> list[Word]:
    return [
        Word(t, x0 + step * i, top, x0 + step * i + 30, top + 10)
        for i, t in enumerate(texts.split())
    ]


@pytest.mark.parametrize(
    ("lines", "misread"),
    [
        # Tesseract's own layer over a quarter-target plan: "TW I TW II TW III TW IV"
        ([(_line("Target", 0)), _line("TWI Tw I Tw Il TW IV", 20)], "TWI Tw I Tw Il TW IV"),
        # an RB plan's numerals under "Triwulan", 'III' read as one '1', 'II' as a quote
        ([_line("Triwulan", 0), _line('I " 1 IV', 20)], 'I " 1 IV'),
        ([_line("Triwulan", 0), _line("I II III IV", 20)], None),
        ([_line("TW I TW II TW III TW IV", 20)], None),
        # a target grid beside a realisation grid counts up twice
        ([_line("TW I TW II TW III TW IV TW I TW II TW III TW IV", 20)], None),
        # a body cell's range is no line of labels
        ([_line("Kegiatan TW I - TW IV", 20)], None),
        ([_line("TW I s.d. TW IV", 20)], None),
    ],
)
def test_a_line_of_quarter_labels_that_does_not_count_up_is_misread(lines, misread):
    from rencana.stages.tables.headers import misread_quarter_labels

    assert misread_quarter_labels([w for line in lines for w in line]) == misread


@pytest.mark.parametrize(
    ("lines", "misread"),
    [
        # a month grid's header with 'Okt' read '0kt': September, then November
        (
            [_line("Kegiatan Jan Feb Mar Apr Mei Jun Jul Agt Sep 0kt Nov Des", 20)],
            "Kegiatan Jan Feb Mar Apr Mei Jun Jul Agt Sep 0kt Nov Des",
        ),
        # months numbered under 'Bulan', '5' read 'S' and '10' read '1O'
        (
            [_line("Bulan", 0), _line("1 2 3 4 S 6 7 8 9 1O 11 12", 20)],
            "1 2 3 4 S 6 7 8 9 1O 11 12",
        ),
        ([_line("Kegiatan Jan Feb Mar Apr Mei Jun Jul Agt Sep Okt Nov Des", 20)], None),
        ([_line("Bulan", 0), _line("1 2 3 4 5 6 7 8 9 10 11 12", 20)], None),
        # numbers under no month's word are the columns' numbering or values
        ([_line("Target", 0), _line("1 2 3 4 S 6 7 8 9 1O 11 12", 20)], None),
        # a schedule's text of every other month, a range: no header misread
        ([_line("Jan Mar Mei Jul Sep Nov", 20)], None),
        # Bandung's month grid leaves March out of its header (corpus/docx, p3-4): nothing
        # stands in its place, so nothing was misread
        ([_line("Jan Feb Apr Mei Jun Jul Agt Sep Okt Nov Des", 20)], None),
        # a month read as another: 'Jul' read 'Jun', June twice
        (
            [_line("Jan Feb Mar Apr Mei Jun Jun Agt Sep Okt Nov Des", 20)],
            "Jan Feb Mar Apr Mei Jun Jun Agt Sep Okt Nov Des",
        ),
        ([_line("Januari - Desember", 20)], None),
        # a plan's two years of months side by side start again from January
        ([_line(" ".join(["Jan Feb Mar Apr Mei Jun Jul Agt Sep Okt Nov Des"] * 2), 20)], None),
    ],
)
def test_a_line_of_month_labels_that_does_not_count_up_is_misread(lines, misread):
    from rencana.stages.tables.headers import misread_month_labels

    assert misread_month_labels([w for line in lines for w in line]) == misread


@needs_tesseract
def test_a_layer_that_misreads_its_grids_quarter_labels_is_read_from_its_image(tmp_path_factory):
    """Tesseract's own layer over a level scan of a quarter-target plan reads its header 'TWI Tw
    I Tw Il TW IV' and its targets '1006', '0Yo': every word of it is a word, so the layer read
    as good, and 3 of the 5 rows' targets went under the wrong quarters, silently."""
    folder = tmp_path_factory.getbasetemp()
    text = text_page(folder, "quarter_targets", DRAWINGS)
    truth = rencana.extract(text, rencana.ExtractOptions(ocr="never")).model_dump(mode="json")
    path, _, _ = searchable(folder, text, 0.0)
    copy = read(path)
    assert any("quarter labels out of order" in m for m in warned(copy, "text_layer_poor"))
    assert len(truth["records"]) == 5
    assert record_keys(copy["records"]) == record_keys(truth["records"])


@needs_tesseract
def test_a_layer_that_misreads_a_month_label_is_read_from_its_image(tmp_path_factory):
    """A month grid under Tesseract's words, its header's 'Okt' read '0kt' (a scanner's O/0):
    September, then November. The layer is set aside for its labels and the page OCR'd."""
    folder = tmp_path_factory.getbasetemp()
    text = text_page(folder, "month_grid_x", DRAWINGS)
    truth = rencana.extract(text, rencana.ExtractOptions(ocr="never")).model_dump(mode="json")
    _, images, words = searchable(folder, text, 0.0)
    misread = [
        [
            ocr_layers.LayerWord("0kt", w.x0, w.top, w.x1, w.bottom) if w.text == "Okt" else w
            for w in page
        ]
        for page in words
    ]
    assert any(w.text == "0kt" for page in misread for w in page)
    path = ocr_layers.layered_pdf(list(images), misread, folder / "month-grid-x-0kt.pdf", DPI)
    copy = read(path)
    assert any("month labels out of order" in m for m in warned(copy, "text_layer_poor"))
    assert truth["records"]
    assert record_keys(copy["records"]) == record_keys(truth["records"])


@needs_tesseract
def test_an_annex_page_whose_plan_gave_no_records_is_flagged_though_its_labels_are_misread(
    tmp_path_factory,
):
    """The RB plan's LAMPIRAN under Tesseract's layer, the layer taken as it is: its numerals
    under 'Triwulan' read 'I " 1 IV' and no table is found. Its header names an activity and a
    grid's parent: a plan, whose page gave nothing, and says so."""
    folder = tmp_path_factory.getbasetemp()
    text = text_page(folder, "rb_action_plan", DRAWINGS)
    path, _, _ = searchable(folder, text, 0.0)
    copy = rencana.extract(path, rencana.ExtractOptions(ocr="never")).model_dump(mode="json")
    assert copy["records"] == []
    assert ("annex_page_without_records", 1) in [
        (r["check"], r["page"]) for r in copy["quality"]["reasons"]
    ]


def test_a_scan_layers_words_of_a_misread_shape_are_garbled():
    """A capital between small letters (l read I, two words run together), a digit among
    capitals (S, O, B read 5, 0, 8), a stray '»': garbled in a scan's layer. Camel-case app
    names are an author's, and are judged so only in a scan's layer."""
    from rencana.stages.structure.wording import text_quality

    misread = "keloIa PemilihanUmum KOMI5I AMB0N 8ARAT B»ebas"
    quality = text_quality(misread.split(), shapes=True)
    assert (quality.judged, quality.poor, quality.garbled) == (6, 6, 6)
    designations = "W15.IMI.IMI.1-UM.01.01-0123 3320/KPU-Kab/II/2022 E-Lapkin nilai-nilai Kota"
    assert text_quality(designations.split(), shapes=True).poor == 0
    assert text_quality(["SatuData", "B»ebas"]).garbled == 1


@needs_tesseract
def test_a_layer_with_a_scanners_noise_on_a_few_words_is_read_from_its_image(tmp_path_factory):
    """Body 2 under Tesseract's words with a scanner's noise on 5 % of them (seeded): its page 1
    had two poor words the list could see ('Ambon£', 'lntegritas') among 251, and kept its layer:
    'keloIa', 'MeIayani', 'Tah un' and 'Amb On' went out in its considerations, legal bases and
    official. Its misread shapes count now, and the page is OCR'd again."""
    folder = tmp_path_factory.getbasetemp()
    body = decree_bodies.choose(2)
    text = decree_bodies.build(body, folder / "body-2-level.pdf")
    _, images, words = searchable(folder, text, 0.0)
    noisy = [ocr_layers.garbled(page, 0.05, seed=17 + n) for n, page in enumerate(words)]
    path = ocr_layers.layered_pdf(list(images), noisy, folder / "body-2-noisy.pdf")
    copy = read(path)
    assert any("keloIa" in m for m in warned(copy, "text_layer_poor"))
    assert fold(copy["metadata"]["official"]) == fold(
        "Kepala Dinas Komunikasi dan Informatika Kota Ambon"
    )
    wrong = {
        field: (copy["metadata"].get(field), want)
        for field, want in body.metadata.items()
        if _ends_folded(field, copy["metadata"].get(field)) != _ends_folded(field, want)
    }
    assert not wrong, wrong


def _ends_folded(field: str, value):
    """A field as test_decree_bodies compares it, an item's end mark aside: OCR reads a
    legal basis's ';' as ',' or ':' (the structure stage knows), a mark and no word of it."""
    value = _comparable(field, value)
    return [item.rstrip(";,:.") for item in value] if isinstance(value, list) else value


def _layer_page(number: int, lines: list[list[Word]]) -> PageContent:
    return PageContent(number, 612, 936, [w for line in lines for w in line], ocr_layer=True)


def test_a_scan_layers_page_numbers_misread_are_known_by_their_place_and_shape():
    """Jepara's first three pages turned 0.8° under Tesseract's words: '- 1 -', '- 2 -' and
    '- 3 -' read 'sja', '5 D-' and '2 8', each where the others stand. '2 8' had run into the
    last legal basis of page 2 ('… Nomor 786): 2 8 Peraturan …'), which swallowed the next."""
    from rencana.stages import clean

    def number(text: str) -> list[Word]:
        return _line(text, 39, x0=289, step=8)

    body = [_line("Peraturan Komisi Pemilihan Umum Nomor", top) for top in (57, 71, 85)]
    # a heading at one place on two pages is no page number: it is wider than one
    lampiran = _line("LAMPIRAN", 20, x0=400)
    lampiran[0].x1 = 470
    pages = [
        _layer_page(1, [number("sja"), *body]),
        _layer_page(2, [lampiran, number("5 D-"), *body]),
        _layer_page(3, [lampiran, number("2 8"), *body]),
    ]
    lines = [clean.group_lines(page.words) for page in pages]
    found = clean.misread_page_numbers(pages, lines)
    dropped = [clean.line_text(l) for page in lines for l in page if id(l) in found]
    assert dropped == ["sja", "5 D-", "2 8"]
    # the same lines on a born-digital page are its text's: no misreading there
    for page in pages:
        page.ocr_layer = False
    assert clean.misread_page_numbers(pages, lines) == set()


def test_a_lone_page_number_misread_is_dropped_and_a_lone_heading_is_not():
    """A two-page body: page 2's '- 2 -' read 'sigla', centred and set apart above the text (no
    other page to hold a number): furniture. 'Pasal 5' there is a heading of words."""
    from rencana.stages import clean

    body = [_line("Peraturan Komisi Pemilihan Umum Nomor", top) for top in (57, 71, 85)]
    for text, dropped in (("sigla", True), ("Pasal 5", False)):
        number = _line(text, 36, x0=291, step=16)
        pages = [_layer_page(1, body), _layer_page(2, [number, *body])]
        lines = [clean.group_lines(page.words) for page in pages]
        found = clean.misread_page_numbers(pages, lines)
        assert bool(found) == dropped, text


def test_a_catchword_whose_dots_ocr_lost_is_known_by_its_place():
    """Body 9 turned 0.8°, its page OCR'd: the catchword 'Instansi . . .' at page 1's foot read
    'Instansi.' and ran into the legal basis ('… Instansi Pemerintah. Instansi Pemerintah,').
    A few words at the right of a page's foot that open the next page are its catchword; a
    line there that does not, or one at the left, is text."""
    from rencana.stages import clean

    def page(number: int, lines: list[list[Word]]) -> PageContent:
        return PageContent(number, 595, 842, [w for line in lines for w in line], ocr=True)

    body = [_line("Kinerja Pelaporan Kinerja dan Tata Cara", top) for top in (700, 715)]
    opening = _line("Instansi Pemerintah;", 61, x0=181)
    for text, x0, dropped in (
        ("Instansi.", 485, True),
        ("Instansi", 485, True),
        ("Pemerintah.", 485, False),  # no opening word of page 2
        ("Instansi.", 181, False),  # the left margin: an item's last line
    ):
        foot = _line(text, 791, x0=x0)
        pages = [page(1, [*body, foot]), page(2, [opening, *body])]
        state = Extraction(path=Path("scan.pdf"))
        state.pages = pages
        lines = [line.text for line in clean.run(state).body_lines]
        assert (text not in lines) == dropped, (text, x0)


# ------------------------------------------------ a NOMOR's bars: a Roman month or digits


@pytest.mark.parametrize(
    ("read", "readings", "settled", "sure"),
    [
        # Jepara's NOMOR (Bookman Demi): its layer read the month 'II' as '11'; "KP" touch
        (
            "12/HK.03.1-Kpt/3320/KPU-Kab/11/2022",
            "1xxxx.xx.1xxxxxxxxxxxxxxxxxIIxxxxx",
            "12/HK.03.1-Kpt/3320/KPU-Kab/II/2022",
            True,
        ),
        (
            "12/HK.03.1-Kpt/3320/KPU-Kab/I1/2022",
            "1xxxx.xx.1xxxxxxxxxxxxxxxxxIIxxxxx",
            "12/HK.03.1-Kpt/3320/KPU-Kab/II/2022",
            True,
        ),
        # November in digits stays so; a flagless glyph beside a flagged one decides nothing
        ("800/11/Kep/2021", "xxxx11xxxxxxxx", "800/11/Kep/2021", True),
        ("800/11/Kep/2021", "xxxxI1xxxxxxxx", "800/11/Kep/2021", False),
        # distamhut's month numeral 'I' read '1'
        ("OT.01/1/2022", "xx.x1xIxxxxx", "OT.01/I/2022", True),
        # a bar of the month part touching the slash: no glyph of its own to tell
        ("OT.01/1/2022", "xx.x1xxxxxx", "OT.01/1/2022", False),
        # the zi plan's NOMOR, 'IMI.1' read 'IML1': the image shows a bar and a stop there
        (
            "W15.IMI.IML1-UM.01.01-0123",
            "x1x.IxI.IxI.1xxx.x1.x1xx1xx",
            "W15.IMI.IMI.1-UM.01.01-0123",
            True,
        ),
        # an 'L' the image shows as an 'L' stays; a stop the reading lacks elsewhere is unsure
        ("W15.IML-UM.01/2022", "x1x.Ixxxxx.x1xxxxx", "W15.IML-UM.01/2022", True),
        ("W15.IMI1-UM.01/2022", "x1x.IxI.1xxx.x1xxxxx", "W15.IMI1-UM.01/2022", False),
        (
            "W15.IMI.IMI.1-UM.01.01-0123",
            "x1x.IxI.IxI.1xxx.x1.x1xx1xx",
            "W15.IMI.IMI.1-UM.01.01-0123",
            True,
        ),
        # no bars, or no designation: nothing to settle
        ("KEP-296/SEKR/2023", "xxxxxxxxxxxxxxxxx", "KEP-296/SEKR/2023", True),
        ("Ill", "", "Ill", True),
    ],
)
def test_a_designations_bars_are_spelled_as_the_image_shows_them(read, readings, settled, sure):
    from rencana.stages.ocr.cells import settled_designation

    assert settled_designation(read, list(readings)) == (settled, sure)


@needs_tesseract
@pytest.mark.parametrize(
    ("seed", "printed", "layer_reads"),
    [
        (169, "/II/", "/11/"),  # Times: serifs on both sides of each bar, a flag on a '1'
        (219, "/I/", "/1/"),  # Helvetica: a plain bar, a '1' with its flag
        (338, "/III/", "/I11/"),
        (36, "/11/", "/II/"),  # a serial number 11 the layer read as a Roman numeral
        (43, "/11/", "/11/"),
    ],
)
def test_a_layers_nomor_month_numeral_is_settled_from_the_glyphs(
    tmp_path_factory, seed, printed, layer_reads
):
    """A scanner's layer reads a NOMOR's Roman month 'II' as '11' (or a '1' as 'I'): each is
    a designation's part, and November is '11' too, so no pattern can tell. The page image
    can: a '1' has its flag, an 'I' spreads alike to both sides. The number is read as
    printed, and not flagged."""
    folder = tmp_path_factory.getbasetemp()
    body = decree_bodies.choose(seed)
    assert printed in body.number
    text = decree_bodies.build(body, folder / f"body-{seed}.pdf")
    _, images, words = searchable(folder, text, 0.0)
    misread = [
        [
            ocr_layers.LayerWord(w.text.replace(printed, layer_reads), w.x0, w.top, w.x1, w.bottom)
            if printed in w.text
            else w
            for w in page
        ]
        for page in words
    ]
    path = ocr_layers.layered_pdf(list(images), misread, folder / f"body-{seed}-misread.pdf")
    copy = read(path)
    assert copy["metadata"]["number"] == body.number
    assert not warned(copy, "metadata_unsure")


@pytest.mark.parametrize("font", ["Times-Roman", "Times-Bold", "Helvetica", "Helvetica-Bold"])
def test_a_glyph_of_one_stem_reads_as_an_i_or_a_one_by_its_ends(tmp_path, font):
    """The shapes that settle look-alikes, at a scan's 200 dpi: an 'I' spreads alike at both
    ends (serifs, or none), a '1' leans out to the left at its top (its flag); a stop sits on
    the baseline; any other glyph ('3', 'L', 'U', 'T', '/') is none of them."""
    from reportlab.pdfgen import canvas

    from rencana.stages.ocr import imaging

    lines = ["II", "11", "1.4", "3.4", "ILUT", "I/1"]
    path = tmp_path / "glyphs.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(300, 40 * len(lines)))
    sheet.setFont(font, 12)
    for n, text in enumerate(lines):
        sheet.drawString(20, 40 * (len(lines) - n) - 25, text)
    sheet.save()
    ink = imaging.ink_mask(cv2_gray(render_page(1, path, DPI)))
    px = DPI / 72
    read = [
        "".join(
            imaging.glyph_readings(ink[round((40 * n + 5) * px) : round((40 * n + 30) * px)], 3)
        )
        for n in range(len(lines))
    ]
    # Times Bold's 'I' touches the slash after it: one glyph, which tells nothing
    touching = "x1" if font == "Times-Bold" else "Ix1"
    assert read == ["II", "11", "1.x", "x.x", "Ixxx", touching]


def cv2_gray(image):
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def test_a_numbers_one_misread_as_another_digit_is_spelled_from_its_glyphs(tmp_path):
    """Demak's plan turned 0.8°, OCR'd: its row number '1.4' read '3.4' (the '1.' at 0.49), a
    sub-activity under another parent, flagged numbering_breaks on a table read right. A glyph
    of one stem is no digit but '1'; a '3' drawn as a '3' stays, as does a number whose glyphs
    do not lie one for one along its reading."""
    from reportlab.pdfgen import canvas

    from rencana.stages.ocr import imaging
    from rencana.stages.ocr.cells import settled_digits
    from rencana.stages.ocr.tesseract import PixelWord

    printed = ["1.4", "3.4", "2022", "14"]
    path = tmp_path / "numbers.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(300, 40 * len(printed)))
    sheet.setFont("Times-Roman", 12)
    for n, text in enumerate(printed):
        sheet.drawString(20, 40 * (len(printed) - n) - 25, text)
    sheet.save()
    ink = imaging.ink_mask(cv2_gray(render_page(1, path, DPI)))
    px = DPI / 72

    def word(n: int, text: str) -> PixelWord:
        return PixelWord(text, (18 * px, (40 * n + 12) * px, 60 * px, (40 * n + 25) * px), 0.5)

    read = [word(0, "3.4"), word(1, "3.4"), word(2, "2022"), word(3, "4")]
    assert [w.text for w in settled_digits(ink, read, DPI)] == ["1.4", "3.4", "2022", "4"]


def test_a_scan_layers_glyph_alone_on_its_side_is_no_word():
    """Body 4 under Tesseract's own layer: its first consideration's marker 'a.' was written
    as a turned 's' (a block Tesseract took for vertical text), which ran into the line:
    'yang baik di s lingkungan'. A turned word of letters (a header turned up) stays. No scan
    in corpus/ or ../shared has a turned glyph in its layer."""
    from rencana.stages.page.text import without_turned_specks

    words = [
        Word("baik", 494, 317, 511, 328),
        Word("s", 159, 326, 169, 328, upright=False),
        Word("Kegiatan", 60, 400, 70, 440, upright=False),
    ]
    assert [w.text for w in without_turned_specks(words)] == ["baik", "Kegiatan"]
