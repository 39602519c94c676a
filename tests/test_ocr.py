"""OCR path: pure image helpers on synthetic arrays, and one image-only PDF built in the test."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest

from rencana.core import geometry
from rencana.options import ExtractOptions
from rencana.stages.ocr import cells, crops, engine, imaging, session, tesseract

# ------------------------------------------------------------------ pure helpers, no PDF


def blank(height: int = 400, width: int = 600) -> np.ndarray:
    return np.full((height, width), 255, np.uint8)


def ruled_grid(
    image: np.ndarray, xs: list[int], ys: list[int], skip: tuple[tuple[int, int], ...] = ()
) -> None:
    """Draw a ruled table; ``skip`` holds (row, column) segments of horizontal rulings to leave out."""
    for row, y in enumerate(ys):
        for col in range(len(xs) - 1):
            if (row, col) not in skip:
                cv2.line(image, (xs[col], y), (xs[col + 1], y), 0, 2)
    for x in xs:
        cv2.line(image, (x, ys[0]), (x, ys[-1]), 0, 2)


def find_tables(image: np.ndarray, min_length: int = 40):
    ink = imaging.ink_mask(image)
    horizontal, vertical = imaging.ruling_masks(ink, min_length)
    h_segments, _ = imaging.ruling_segments(horizontal, ink, True, 6)
    v_segments, _ = imaging.ruling_segments(vertical, ink, False, 6)
    return imaging.segments_to_tables(h_segments + v_segments, tolerance=6)


def test_full_grid_gives_one_cell_per_slot():
    image = blank()
    ruled_grid(image, [50, 150, 300, 550], [50, 100, 150, 200])
    tables = find_tables(image)
    assert len(tables) == 1
    assert len(tables[0]) == 9
    x0, top, x1, bottom = geometry.hull(tables[0])
    assert (
        abs(x0 - 50) <= 2 and abs(top - 50) <= 2 and abs(x1 - 550) <= 2 and abs(bottom - 200) <= 2
    )


def test_missing_ruling_segment_makes_a_merged_cell():
    image = blank()
    # the ruling between rows 1 and 2 is missing in the first column only: one cell spans two rows
    ruled_grid(image, [50, 150, 300, 550], [50, 100, 150, 200], skip=((1, 0),))
    cells = find_tables(image)[0]
    assert len(cells) == 8
    tall = [c for c in cells if c[3] - c[1] > 80]
    assert len(tall) == 1
    x0, top, x1, bottom = tall[0]
    assert (
        abs(x0 - 50) <= 2 and abs(x1 - 150) <= 2 and abs(top - 50) <= 2 and abs(bottom - 150) <= 2
    )


def test_bold_serif_run_is_not_a_ruling():
    """Touching baseline serifs of bold capitals survive the opening, but are packed with stems."""
    image = blank(200, 600)
    cv2.rectangle(image, (100, 100), (500, 102), 0, -1)  # the run of serifs
    for x in range(100, 500, 12):
        cv2.rectangle(image, (x, 70), (x + 5, 100), 0, -1)  # stems standing on it
    cv2.line(image, (100, 160), (500, 160), 0, 2)  # a real ruling below, with paper around it
    ink = imaging.ink_mask(image)
    horizontal, _ = imaging.ruling_masks(ink, 40)
    segments, kept = imaging.ruling_segments(horizontal, ink, True, 6)
    assert len(segments) == 1
    assert abs(segments[0].y0 - 160) <= 2
    assert not kept[95:105].any()


@pytest.mark.parametrize("degrees", [-4.5, -1.5, -0.4, 0.0, 0.6, 2.0, 4.0])
def test_skew_estimate_undoes_a_known_rotation(degrees):
    image = blank(1200, 1200)  # a page-like width: skew shows as drift along long lines
    for y in range(100, 1100, 30):  # text-like lines of word blobs
        for x in range(80, 1100, 20):
            cv2.rectangle(image, (x, y), (x + 14, y + 10), 0, -1)
    tilted = imaging.rotate(image, degrees)
    estimate = imaging.estimate_skew(imaging.ink_mask(tilted))
    assert abs(estimate + degrees) <= 0.15


def text_like_page(x_height: int, ascender: int) -> np.ndarray:
    """Lines of letter blobs: mostly x-height letters, every fourth one with an ascender."""
    image = blank(900, 1200)
    for line, y in enumerate(range(60, 860, 3 * ascender)):
        for index, x in enumerate(range(40, 1160, x_height + 4)):
            top = y - (ascender - x_height) if (index + line) % 4 == 0 else y
            cv2.rectangle(image, (x, top), (x + x_height - 3, y + x_height - 1), 0, -1)
    return image


@pytest.mark.parametrize("x_height", [10, 15, 24])
def test_x_height_is_the_height_of_plain_lower_case_letters(x_height):
    measured = imaging.x_height(imaging.ink_mask(text_like_page(x_height, round(x_height * 1.45))))
    assert measured == pytest.approx(x_height, abs=1.0)


def test_x_height_is_not_a_photocopys_toner_specks():
    """A dusty copy: as many round 5 px specks as letters. Letters stand beside letters of their
    height on a line; specks stand alone, and measured as letters they made the x-height 5 px."""
    page = text_like_page(15, 22)
    rng = np.random.default_rng(3)
    for _ in range(1500):
        x, y = int(rng.integers(0, page.shape[1])), int(rng.integers(0, page.shape[0]))
        cv2.circle(page, (x, y), 2, 0, -1)
    assert imaging.x_height(imaging.ink_mask(page)) == pytest.approx(15, abs=1.0)


def _ink_with(*shapes: tuple[str, tuple[int, int, int, int]]) -> np.ndarray:
    """An ink mask (255 = ink) with filled boxes ("box") and round dots ("dot", centre and radius)."""
    ink = np.zeros((200, 900), np.uint8)
    for kind, (a, b, c, d) in shapes:
        if kind == "dot":
            cv2.circle(ink, (a, b), c, 255, -1)
        else:
            cv2.rectangle(ink, (a, b), (c, d), 255, -1)
    return ink


def _word(text: str, x0: int, x1: int, top: int = 40, bottom: int = 70) -> tesseract.PixelWord:
    return tesseract.PixelWord(text, (x0, top, x1, bottom), 0.9)


def test_marks_read_from_toner_specks_are_dropped_and_real_marks_stay():
    """x-height 20 px: a speck is a round dot of 5 px; a dash is a bar, a colon two dots."""
    ink = _ink_with(
        ("box", (10, 50, 100, 69)),  # UMUM
        ("dot", (112, 60, 2, 0)),  # a speck read "-"
        ("box", (130, 50, 230, 69)),  # KABUPATEN
        ("box", (245, 58, 256, 61)),  # a real dash
        ("box", (270, 50, 330, 69)),  # DEMAK
        ("dot", (345, 66, 2, 0)),  # a speck read "2"
        ("dot", (400, 52, 2, 0)),  # a colon's two dots
        ("dot", (400, 64, 2, 0)),
        ("dot", (450, 66, 2, 0)),  # a colon whose upper dot is too faint for the ink: kept
    )
    words = [
        _word("UMUM", 10, 100),
        _word("-", 110, 115),
        _word("KABUPATEN", 130, 230),
        _word("-", 244, 257),
        _word("DEMAK", 270, 330),
        _word("2", 342, 348),
        _word(":", 397, 403),
        _word(":", 447, 453),
    ]
    kept = engine.without_specks(ink, words, 20.0)
    assert [w.text for w in kept] == ["UMUM", "KABUPATEN", "-", "DEMAK", ":", ":"]


def test_a_dash_no_bigger_than_a_dot_stays_a_dash_by_its_shape():
    """x-height 20 px, a speck's side up to 9 px: a range's dash 5 px wide and 3 high ("Agt - Okt"
    at 200 dpi, fuzz scan seed 150) is a bar, not a round dot; a round speck read "-" is not."""
    ink = _ink_with(
        ("box", (10, 50, 60, 69)),  # Agt
        ("box", (70, 59, 74, 61)),  # its dash, 5 by 3
        ("box", (85, 50, 135, 69)),  # Okt
        ("dot", (160, 60, 2, 0)),  # a round speck read "-"
    )
    words = [
        _word("Agt", 10, 60),
        _word("-", 69, 76),
        _word("Okt", 85, 135),
        _word("-", 156, 164),
    ]
    kept = [w.text for w in engine.without_specks(ink, words, 20.0)]
    assert kept == ["Agt", "-", "Okt"]


def test_a_stop_standing_apart_is_a_specks_unless_a_list_items_or_a_leaders():
    ink = _ink_with(
        ("box", (10, 50, 120, 69)),  # pelaksanaan
        ("dot", (130, 66, 2, 0)),  # a speck read "."
        ("box", (140, 50, 220, 69)),  # rencana
        ("box", (300, 50, 312, 69)),  # 5
        ("dot", (318, 66, 2, 0)),  # its stop, set apart by a sans-serif's spacing
        ("box", (330, 50, 400, 69)),  # Kepala
        ("box", (500, 50, 560, 69)),  # Nomor
        ("dot", (575, 66, 2, 0)),  # . . .
        ("dot", (590, 66, 2, 0)),
        ("dot", (605, 66, 2, 0)),
    )
    words = [
        _word("pelaksanaan", 10, 120),
        _word(".", 127, 133),
        _word("rencana", 140, 220),
        _word("5", 300, 312),
        _word(".", 315, 321),
        _word("Kepala", 330, 400),
        _word("Nomor", 500, 560),
        *(_word(".", x - 3, x + 3) for x in (575, 590, 605)),
    ]
    kept = [w.text for w in engine.without_specks(ink, words, 20.0)]
    assert kept == ["pelaksanaan", "rencana", "5", ".", "Kepala", "Nomor", ".", ".", "."]


def test_a_words_first_or_last_mark_read_from_a_speck_is_cut():
    ink = _ink_with(
        ("dot", (14, 46, 2, 0)),  # a speck read as an opening quote
        ("box", (22, 50, 120, 69)),  # RENCANA
        ("box", (200, 50, 330, 69)),  # meningkatnya
        ("dot", (337, 52, 2, 0)),  # a speck read as a closing quote
        ("box", (400, 50, 520, 69)),  # Menimbang
        ("dot", (527, 54, 2, 0)),  # its colon
        ("dot", (527, 66, 2, 0)),
        ("box", (600, 42, 602, 50)),  # a real opening quote: two ticks
        ("box", (605, 42, 607, 50)),
        ("box", (612, 50, 700, 69)),  # Nangun
        ("box", (760, 44, 766, 69)),  # a row number's "1"
        ("dot", (773, 66, 2, 0)),  # its stop, read "s" or "5" ("1s", "15")
    )
    words = [
        _word('"RENCANA', 12, 120),
        _word("meningkatnya\u2019", 200, 340),
        _word("Menimbang:", 400, 530),
        _word("\u201cNangun", 600, 700),
        _word("1s", 758, 777),
    ]
    kept = [w.text for w in engine.without_specks(ink, words, 20.0)]
    assert kept == ["RENCANA", "meningkatnya", "Menimbang:", "\u201cNangun", "1."]


def test_page_upscale_enlarges_small_type_only_up_to_the_default():

    settings = tesseract.SETTINGS
    assert (
        engine.page_upscale(imaging.x_height(imaging.ink_mask(text_like_page(12, 17))), settings)
        == settings.upscale
    )
    assert (
        engine.page_upscale(imaging.x_height(imaging.ink_mask(text_like_page(24, 34))), settings)
        == 1.0
    )
    assert (
        engine.page_upscale(imaging.x_height(imaging.ink_mask(blank())), settings)
        == settings.upscale
    )  # nothing to measure


def test_tesseract_tsv_is_parsed_by_column():

    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t30\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t22\t80\t26\t96.5\tKasubbag\n"
    )
    data = tesseract.parse_tsv(tsv)
    assert data["level"] == [4, 5]
    assert data["conf"] == [-1.0, 96.5]
    assert data["text"] == ["", "Kasubbag"]
    assert data["left"][1] + data["width"][1] == 90


def test_specks_go_but_full_stops_stay():
    image = blank(100, 100)
    image[10, 10] = 0  # dust
    image[20:22, 40] = 0  # a 2-pixel speck
    cv2.rectangle(image, (60, 60), (63, 63), 0, -1)  # a full stop, 16 px
    specks = imaging.speck_mask(imaging.ink_mask(image), max_area=4)
    assert specks[10, 10] and specks[20, 40]
    assert not specks[61, 61]


def test_row_confidence_is_the_character_weighted_mean_inside_the_row():
    from rencana.core.geometry import words_confidence
    from rencana.core.types import Word

    words = [
        Word("Februari", 10, 10, 50, 20, confidence=0.9),
        Word("1.", 60, 10, 70, 20, confidence=0.4),
        Word("outside", 10, 200, 50, 210, confidence=0.1),
        Word("text-layer", 10, 12, 40, 18),
    ]
    assert words_confidence(words, (0, 0, 100, 50)) == round((0.9 * 8 + 0.4 * 2) / 10, 3)
    assert words_confidence(words, (0, 300, 100, 400)) is None


# ------------------------------------------------------------------ an image-only PDF end to end

tesseract_missing = shutil.which("tesseract") is None
needs_tesseract = pytest.mark.skipif(
    tesseract_missing,
    reason="tesseract is not installed (make installs tesseract-ocr, tesseract-ocr-ind)",
)

ROWS = [
    ["No.", "Sub Kegiatan", "Indikator Keberhasilan", "Waktu"],
    ["1.", "Pembentukan tim Reformasi Birokrasi", "Penerbitan Surat Keputusan", "Februari"],
    ["", "", "Laporan pelaksanaan kegiatan", "Desember"],
    ["2.", "Penyusunan peta proses bisnis", "Dokumen peta proses bisnis", "Maret"],
]


def text_pdf_bytes() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.paragraph import Paragraph

    body = getSampleStyleSheet()["BodyText"]
    body.fontSize, body.leading = 11, 14
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)
    cell = getSampleStyleSheet()["BodyText"]
    cell.fontSize, cell.leading = 11, 13
    table = Table(
        [[Paragraph(text, cell) for text in row] for row in ROWS], colWidths=[40, 170, 170, 80]
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.8, (0, 0, 0)),
                (
                    "SPAN",
                    (0, 1),
                    (0, 2),
                ),  # the number and the activity are merged over two indicators
                ("SPAN", (1, 1), (1, 2)),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    document.build(
        [Paragraph("KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN CONTOH", body), Spacer(1, 20), table]
    )
    return buffer.getvalue()


def scan_of(pdf_bytes: bytes, dpi: int = 200, degrees: float = 0.7) -> bytes:
    """Render each page to pixels, tilt it a little, add specks, and save the images as a PDF."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf_bytes)
    images = []
    rng = np.random.default_rng(7)
    for page in document:
        gray = np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")).copy()
        gray = imaging.rotate(gray, degrees)
        ys, xs = rng.integers(0, gray.shape[0], 400), rng.integers(0, gray.shape[1], 400)
        gray[ys, xs] = 90
        images.append(Image.fromarray(gray))
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    text_pdf = tmp_path_factory.mktemp("ocr") / "table.pdf"
    text_pdf.write_bytes(text_pdf_bytes())
    scan_pdf = text_pdf.with_name("table-scan.pdf")
    scan_pdf.write_bytes(scan_of(text_pdf.read_bytes()))
    return text_pdf, scan_pdf


@needs_tesseract
def test_scan_is_image_only(scanned):
    _, scan_pdf = scanned
    with pdfplumber.open(scan_pdf) as pdf:
        assert len(pdf.pages[0].chars) == 0
        assert pdf.pages[0].images


@needs_tesseract
def test_ocr_reads_cells_and_words_where_the_text_pdf_has_them(scanned):

    text_pdf, scan_pdf = scanned
    with pdfplumber.open(text_pdf) as pdf:
        truth = pdf.pages[0].find_tables()[0]
        truth_words = pdf.pages[0].extract_words()
    from rencana.stages.page import OpenPage
    from rencana.stages.tables.finders import find_tables

    with pdfplumber.open(scan_pdf) as pdf:
        page = OpenPage(path=scan_pdf, page=pdf.pages[0], options=ExtractOptions())
        content = find_tables(page, engine.read_page(scan_pdf, pdf.pages[0], ExtractOptions()))

    assert content.ocr
    assert len(content.tables) == 1
    table = content.tables[0]
    assert table.strategy == "image"
    # Same cells as the vector table (the merged ones included), within a point after deskew.
    assert len(table.cells) == len(truth.cells) == 14
    for expected in truth.cells:
        assert any(
            all(abs(a - b) <= 1.5 for a, b in zip(expected, found)) for found in table.cells
        ), expected

    texts = [w.text for w in content.words]
    for expected in [
        "KEPUTUSAN",
        "PEMILIHAN",
        "Pembentukan",
        "Reformasi",
        "Birokrasi",
        "Penerbitan",
        "Februari",
        "Desember",
        "Maret",
        "1.",
        "2.",
    ]:
        assert expected in texts
    assert all(w.confidence is not None and 0 <= w.confidence <= 1 for w in content.words)
    assert sum(w.confidence for w in content.words) / len(content.words) > 0.85

    # Each OCR word sits where the text PDF prints it (PDF points, top-down).
    by_text = {w["text"]: w for w in truth_words}
    for word in content.words:
        if word.text in ("Februari", "Maret", "Penerbitan"):
            expected = by_text[word.text]
            assert abs(word.x0 - expected["x0"]) <= 2.5
            assert (
                abs((word.top + word.bottom) / 2 - (expected["top"] + expected["bottom"]) / 2)
                <= 2.5
            )


@needs_tesseract
def test_read_stage_sends_image_pages_through_ocr(scanned):
    from rencana import runner
    from rencana.core.state import Extraction

    _, scan_pdf = scanned
    state = runner.read_pages(Extraction(path=scan_pdf, options=ExtractOptions(ocr="auto")))
    assert state.source.ocr_pages == [1]
    assert state.pages[0].ocr and state.pages[0].tables


@needs_tesseract
def test_scan_without_a_table_says_so(tmp_path):
    from reportlab.pdfgen import canvas

    from rencana import runner
    from rencana.core.state import Extraction

    text_pdf = tmp_path / "letter.pdf"
    sheet = canvas.Canvas(str(text_pdf))
    sheet.setFont("Helvetica", 12)
    sheet.drawString(72, 700, "KEPUTUSAN KOMISI PEMILIHAN UMUM")
    sheet.drawString(72, 680, "Ditetapkan di Jepara pada tanggal 8 Februari 2022")
    sheet.save()
    scan_pdf = tmp_path / "letter-scan.pdf"
    scan_pdf.write_bytes(scan_of(text_pdf.read_bytes(), degrees=0.0))

    state = runner.read_pages(Extraction(path=scan_pdf))
    assert state.pages[0].tables == []
    assert any(w.code == "ocr_no_table" for w in state.warnings)


# ------------------------------------------------------------------ grids in scans: pure helpers


def test_grid_columns_are_a_run_of_equal_narrow_columns():
    # No (lone narrow column), two text columns, then twelve month columns of ~25 px
    xs = [0, 20, 200, 400] + [400 + 25 * i for i in range(1, 13)]
    assert imaging.grid_columns(xs, max_width=40) == list(range(3, 15))
    assert imaging.grid_columns([0, 20, 200, 400], max_width=40) == []


def ink_of(draw) -> np.ndarray:
    image = blank(60, 60)
    draw(image)
    return imaging.ink_mask(image)


def test_tick_is_told_from_digits_and_dashes_by_its_shape():
    tick = imaging.ink_shape(
        ink_of(
            lambda im: cv2.polylines(im, [np.array([[18, 30], [26, 42], [42, 14]])], False, 0, 3)
        ),
        4,
    )
    zero = imaging.ink_shape(
        ink_of(lambda im: cv2.ellipse(im, (30, 30), (8, 12), 0, 0, 360, 0, 3)), 4
    )
    one = imaging.ink_shape(ink_of(lambda im: cv2.line(im, (30, 14), (30, 46), 0, 3)), 4)
    dash = imaging.ink_shape(ink_of(lambda im: cv2.line(im, (20, 30), (40, 30), 0, 3)), 4)
    assert tick.is_tick(max_side=40) and not tick.is_dash(40)
    assert zero.has_hole and not zero.is_tick(40)
    assert not one.is_tick(40)
    assert dash.is_dash(40) and not dash.is_tick(40)


def test_shading_is_found_and_removed_but_text_on_it_stays():
    image = blank(200, 300)
    cv2.rectangle(image, (50, 50), (150, 120), 150, -1)  # a grey fill
    cv2.putText(image, "A", (80, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # black text on it
    cv2.putText(image, "text", (170, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # text on paper
    shade = imaging.shade_mask(image, min_side=11)
    assert shade[60, 60] and shade[110, 140]
    assert not shade[95, 180:260].any()  # thin strokes are not a fill
    level = imaging.shade_level(image, shade)
    assert 140 <= level <= 160
    clean = imaging.deshade(image, shade)
    assert clean[60, 60] == 255 and (clean[70:105, 80:110] < 60).any()


def test_a_ruling_lost_beside_a_fill_is_restored_from_the_fill_edge():
    """Semarang scan: where December is shaded, the grid's right ruling is blurred to the fill's
    grey and whitened with it; the fill's own side stands in for it, as for a text PDF's rect."""
    xs, ys = [40, 200, 300, 400], [40, 100, 160, 220]
    image = blank(300, 500)
    ruled_grid(image, xs, ys)
    image[162:219, 302:399] = 140  # the bottom-right cell shaded ...
    image[160:221, 399:402] = 140  # ... and its right ruling as light as the fill
    page = engine.prepare(image, 144)  # cells 30 x 50-80 pt, rulings 1 pt
    assert len(page.tables) == 1 and len(page.tables[0]) == 9
    assert any(
        abs(c[0] - 300) <= 3 and abs(c[1] - 160) <= 3 and abs(c[2] - 400) <= 3
        for c in page.tables[0]
    )


def test_shaded_months_of_a_schedule_keep_every_cell_of_the_grid():
    """DKI's Jadwal Kegiatan: Nov and Des under a parent "Waktu", months marked by grey cells
    that run together down and across the grid. Inside the grey the rulings are pale (they stand
    30-40 levels out of the fill, below the ink threshold), and the rulings along the fill's sides
    are as grey as the fill."""
    no, kegiatan, nov, des, pic, end = 40, 100, 300, 360, 420, 520
    top, months, body = 40, 70, [100, 150, 200, 250, 300]
    image = blank(340, 560)
    for x in (no, kegiatan, nov, pic, end):
        cv2.line(image, (x, top), (x, body[-1]), 0, 2)
    cv2.line(image, (des, months), (des, body[-1]), 0, 2)
    for y in (top, *body):
        cv2.line(image, (no, y), (end, y), 0, 2)
    cv2.line(image, (nov, months), (pic, months), 0, 2)
    image[body[0] : body[3], nov:des] = 200  # Nov shaded in rows 1-3
    image[body[1] : body[4], des:pic] = 200  # Des shaded in rows 2-4
    image[body[1] : body[3], des - 1 : des + 2] = 170  # the ruling between them faint
    for y in body[1:4]:
        image[y - 1 : y + 1, nov:pic] = 160  # pale row rulings across the grey
    image[body[0] : body[3], nov - 1 : nov + 2] = 200  # the fill's sides as grey as the fill
    image[body[1] : body[4], pic - 1 : pic + 2] = 200
    page = engine.prepare(image, 144)
    assert len(page.tables) == 1
    got = [tuple(round(v) for v in c) for c in page.tables[0]]
    assert len(got) == 6 + 4 * 5  # No, Kegiatan, Waktu, PIC over Nov and Des; four rows of five
    for y0, y1 in zip(body, body[1:]):
        for x0, x1 in ((no, kegiatan), (kegiatan, nov), (nov, des), (des, pic), (pic, end)):
            assert any(
                max(abs(a - b) for a, b in zip(cell, (x0, y0, x1, y1))) <= 3 for cell in got
            ), (x0, y0)


def test_a_ruling_in_pieces_is_joined_where_the_gap_is_drawn():
    S = imaging.Segment
    frame = [S(40, 40, 40, 200), S(100, 40, 100, 200), S(400, 40, 400, 200)]
    row = [S(100, 120, 200, 120), S(260, 120, 400, 120)]  # a pale stretch 200-260 between
    loose = [S(100, 160, 150, 160), S(300, 160, 400, 160)]  # nothing drawn 150-300
    drawn_stretches = {(200, 260, 120), (40, 100, 120)}

    def drawn(stretch):
        return (round(stretch.x0), round(stretch.x1), round(stretch.y0)) in drawn_stretches

    joins = imaging.join_broken_rulings(frame + row + loose, tolerance=3, drawn=drawn)
    # the gap in the row, and the row's pale start in the first column (past the ruling at 100
    # that its drawn part already meets, on to the frame at 40)
    assert sorted(joins, key=lambda s: s.x0) == [S(40, 120, 100, 120), S(200, 120, 260, 120)]


def test_a_ruling_across_a_fill_stands_out_and_the_fill_does_not():
    image = blank(200, 300)
    image[50:150, 50:250] = 200  # a grey fill
    image[99:101, 50:250] = 160  # a pale ruling across it: 40 levels out of the grey
    S = imaging.Segment
    assert imaging.stands_out(image, S(60, 100, 240, 100), 25, 0.9)
    assert not imaging.stands_out(image, S(60, 80, 240, 80), 25, 0.9)  # the fill itself
    assert imaging.stands_out(image, S(60, 50, 240, 50), 25, 0.9)  # its edge: a cell side


def test_a_fills_side_short_of_its_ruling_is_that_ruling():
    """A shaded row's fill stopping 11 px short of the column's ruling (200 dpi, snap tolerance
    8.3 px) adds no side of its own; a side the lattice snaps to the ruling anyway (1 px off),
    or one where no ruling runs beside it all along (a ruling lost under the tint, or one that
    starts below it), stays."""
    S = imaging.Segment
    rulings = [S(436, 100, 436, 800), S(200, 100, 900, 100)]
    assert engine.beside_a_ruling(S(425, 687, 425, 744), rulings, 8.3)
    assert not engine.beside_a_ruling(S(435, 687, 435, 744), rulings, 8.3)  # snapped anyway
    assert not engine.beside_a_ruling(S(425, 40, 425, 90), rulings, 8.3)  # above the ruling
    assert not engine.beside_a_ruling(S(400, 687, 400, 744), rulings, 8.3)  # a cell's width off
    assert engine.beside_a_ruling(S(210, 111, 880, 111), rulings, 8.3)  # the same, lying


def test_fill_edges_are_the_outline_sides_of_fills_in_a_table():
    """A rectangle gives its four sides; cells shaded side by side (an L) give the six sides of
    their outline, exact to the pixel; a grey band away from the table gives none."""
    shade = np.zeros((300, 500), np.uint8)
    shade[50:90, 50:150] = 255  # a rectangular fill in the table
    shade[200:240, 300:400] = 255  # a grey band outside any table
    shade[120:160, 50:100] = shade[120:200, 50:70] = 255  # an L-shaped fill
    sides = imaging.fill_edges(shade, 10, [(40, 40, 200, 220)], tolerance=3)
    S = imaging.Segment
    assert set(sides) == {
        S(50, 50, 150, 50),
        S(50, 90, 150, 90),
        S(50, 50, 50, 90),
        S(150, 50, 150, 90),
        S(50, 120, 100, 120),
        S(70, 160, 100, 160),
        S(50, 200, 70, 200),
        S(50, 120, 50, 200),
        S(100, 120, 100, 160),
        S(70, 160, 70, 200),
    }


def test_a_frame_stopping_short_of_the_bottom_ruling_meets_it_where_its_pale_stretch_is_drawn():
    """Kediri PK's table frame: its lower 29 pt are grey 140-180 on white paper, below the ink
    threshold, so the frame stopped short of the bottom ruling and the No cell was lost."""
    page = np.full((400, 400), 255, np.uint8)
    page[50:300, 50] = 60  # the frame's dark part
    page[300:350, 50] = 160  # its pale end
    page[350, 50:380] = 60  # the bottom ruling
    page[120:330, 200] = 60  # a rule that stops short with nothing drawn below it
    frame = imaging.Segment(50, 50, 50, 300)
    bottom = imaging.Segment(50, 350, 380, 350)
    loose = imaging.Segment(200, 120, 200, 330)
    side = imaging.Segment(390, 10, 390, 100)  # the bottom ruling does not run into it

    def drawn(stretch):
        return imaging.drawn_line(page, stretch, paper=255, min_contrast=40, share=0.9)

    closed = imaging.close_corners([frame, bottom, loose, side], gap=60, tolerance=3, drawn=drawn)
    assert closed == [imaging.Segment(50, 50, 50, 350), bottom, loose, side]
    far = imaging.close_corners([frame, bottom], gap=40, tolerance=3, drawn=drawn)
    assert far == [frame, bottom]  # 50 px short: beyond the gap


def test_short_column_ruling_joining_two_rulings_is_kept():
    top = imaging.Segment(0, 100, 400, 100)
    bottom = imaging.Segment(0, 130, 400, 130)
    column = imaging.Segment(200, 100, 200, 130)  # from ruling to ruling
    letter = imaging.Segment(300, 106, 300, 126)  # a tall letter inside the row
    assert imaging.bridging_segments([column, letter], [top, bottom], tolerance=2) == [column]


@pytest.mark.parametrize(
    "read, expected",
    [
        ("il", "II"),
        ("ill", "III"),
        ("lV", "IV"),
        ("I", "I"),
        ("1", "1"),
        ("Jul", "Jul"),
        ("11", "11"),
    ],
)
def test_quarter_numerals_misread_as_look_alikes(read, expected):
    from rencana.stages.ocr.cells import roman_numeral

    assert roman_numeral(read) == expected


# ------------------------------------------------------------------ a scanned month grid, ticks and shading

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
GRID_ROWS = [  # activity, indicator, months, how they are marked
    ("Pembentukan tim Reformasi Birokrasi", "Surat Keputusan tim", [1, 2], "tick"),
    ("Penyusunan peta proses bisnis", "Dokumen peta proses", [4, 8, 12], "tick"),
    ("Monitoring dan evaluasi", "Laporan monitoring", [6], "shade"),
    ("Survei kepuasan layanan", "Hasil survei", [3, 4, 5, 10], "shade"),
]


def month_grid_pdf_bytes() -> bytes:
    """A landscape plan table with a Jan–Des grid: ticks drawn as strokes, and grey filled cells."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    width, height = landscape(A4)
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    xs = [40, 65, 255, 445] + [445 + 28 * i for i in range(1, 13)]
    ys = [height - 80, height - 110] + [height - 110 - 40 * (i + 1) for i in range(len(GRID_ROWS))]
    sheet.setFont("Helvetica-Bold", 10)
    for x, title in zip(xs, ["No", "Kegiatan", "Indikator Keberhasilan"]):
        sheet.drawString(x + 4, ys[0] - 19, title)
    for index, month in enumerate(MONTHS):
        sheet.drawCentredString((xs[3 + index] + xs[4 + index]) / 2, ys[0] - 19, month)
    sheet.setFont("Helvetica", 10)
    for row, (activity, indicator, months, mark) in enumerate(GRID_ROWS):
        top, bottom = ys[row + 1], ys[row + 2]
        sheet.drawString(xs[0] + 4, top - 14, f"{row + 1}.")
        sheet.drawString(xs[1] + 4, top - 14, activity)
        sheet.drawString(xs[2] + 4, top - 14, indicator)
        for month in months:
            x0, x1 = xs[2 + month], xs[3 + month]
            if mark == "shade":
                sheet.setFillGray(0.55)
                sheet.rect(x0, bottom, x1 - x0, top - bottom, stroke=0, fill=1)
                sheet.setFillGray(0)
            else:
                middle_x, middle_y = (x0 + x1) / 2, (top + bottom) / 2
                sheet.setLineWidth(1.2)
                path = sheet.beginPath()
                path.moveTo(middle_x - 5, middle_y)
                path.lineTo(middle_x - 1, middle_y - 5)
                path.lineTo(middle_x + 6, middle_y + 7)
                sheet.drawPath(path, stroke=1, fill=0)
    sheet.setLineWidth(0.8)
    for y in ys:
        sheet.line(xs[0], y, xs[-1], y)
    for x in xs:
        sheet.line(x, ys[0], x, ys[-1])
    sheet.save()
    return buffer.getvalue()


@needs_tesseract
def test_scanned_month_grid_reads_ticks_and_shaded_cells_as_months(tmp_path):
    from rapidfuzz import fuzz

    from rencana import runner
    from rencana.core.state import Extraction
    from rencana.stages.tables import assemble
    from tests.fixtures.make_scans import scan_pdf

    scan = tmp_path / "grid-scan.pdf"
    scan.write_bytes(scan_pdf(month_grid_pdf_bytes(), seed=3))
    state = runner.read_pages(Extraction(path=scan, options=ExtractOptions()))
    assert state.source.ocr_pages == [1]
    assert any(rect.fill for rect in state.pages[0].rects)  # shaded cells came back as filled rects
    plan, _ = assemble.read(state.pages)
    assert len(plan) == 1 and plan[0].grid == "months"
    rows = plan[0].rows
    assert [row.months_marked for row in rows] == [months for _, _, months, _ in GRID_ROWS]
    for row, (activity, indicator, _, _) in zip(rows, GRID_ROWS):
        assert fuzz.ratio(row.cells["activity"], activity) >= 90
        assert fuzz.ratio(row.cells["indicator"], indicator) >= 90


def words(*texts: str, confidence: float = 0.9) -> list:
    return [
        tesseract.PixelWord(text=t, box=(0, i * 10, 10, i * 10 + 8), confidence=confidence)
        for i, t in enumerate(texts)
    ]


@pytest.mark.parametrize(
    "texts, expected",
    [
        (("2.", "2"), "2.2"),
        (("5:", "1"), "5.1"),
        (("5,", "2"), "5.2"),
        (("IV.",), "IV."),
        (("a.",), "a."),
        (("12)",), "12)"),
        (("3",), "3"),
        (("wP",), None),
        (("No",), None),
        (("2", "o"), None),
        (("o.",), None),
    ],
)
def test_row_number_text(texts, expected):
    assert cells.row_number_text(words(*texts)) == expected


def test_a_reading_that_drops_a_doubtful_word_does_not_win_on_confidence():
    # BPS scan: the cell re-read left out "ZI" (conf 0.48, 127 of 2761 px of ink) and was surer
    # of the rest; the word must stay.
    with_word = words("evaluasi", "pembangunan", "ZI", "tahun")
    with_word[2] = tesseract.PixelWord(text="ZI", box=with_word[2].box, confidence=0.48)
    without_word = words("evaluasi", "pembangunan", "tahun", confidence=0.97)
    assert crops.best_reading([with_word, without_word], [2761, 2634], slack=19) is with_word
    # readings that cover the same ink are told apart by confidence
    assert crops.best_reading([with_word, without_word], [2761, 2750], slack=19) is without_word


def test_a_reading_that_spells_a_row_number_wins_in_the_number_column():
    page_pass, number_pass = words("wP", confidence=0.78), words("4.", "3", confidence=0.6)
    best = cells.best_number_reading([page_pass, number_pass], [100, 100])
    assert [w.text for w in best] == ["4.", "3"]
    # separators misread as ":" or "," are repaired; the header keeps the reading that names it
    assert [w.text for w in cells.best_number_reading([words("5:", "1")], [50])] == ["5.", "1"]
    header = cells.best_number_reading([words("2", "o"), words("No")], [40, 40])
    assert [w.text for w in header] == ["No"]


def assert_scan_reads_like(got, expected) -> None:
    """Scored like the acceptance: area numbers and months exact, texts at fuzzy ratio ≥ 90."""
    from rapidfuzz import fuzz

    assert len(got) == len(expected)
    for record, want in zip(got, expected):
        assert record.area_number == want["area_number"]
        assert record.months == want["months"]
        assert fuzz.ratio(record.activity, want["activity"]) >= 90
        assert fuzz.ratio(record.indicator, want["indicator"]) >= 90


@needs_tesseract
def test_scanned_demak_grid_pages_read_as_the_gold_says(tmp_path):
    """Pages 3-4 of the Demak decree, scanned: the row numbers in the narrow "No" column ("2.\\n2",
    a lone banner "3") and the month headers ("Se/p") are what OCR reads worst on this layout."""
    import json
    from pathlib import Path

    from rencana.runner import extract
    from tests.fixtures.make_scans import scan_pdf

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    scan = tmp_path / "demak-p3-4-scan.pdf"
    scan.write_bytes(scan_pdf((corpus / "kpu-kab-demak-2023-grid.pdf").read_bytes(), pages=[2, 3]))
    # The gold has no pages; the text PDF's own reading (F1 1.0 against it) says which rows are on 3-4.
    pages = [r.pages for r in extract(corpus / "kpu-kab-demak-2023-grid.pdf").records]
    gold = [
        r
        for r, on in zip(
            json.loads((corpus / "kpu-kab-demak-2023-grid.gold.json").read_text())["records"], pages
        )
        if set(on) <= {3, 4}
    ]
    assert len(gold) == 25
    assert_scan_reads_like(extract(scan).records, gold)


@needs_tesseract
def test_scanned_quarter_targets_read_as_expected(tmp_path):
    """The BPS quarter table, scanned: small "1" targets read as quotes, and a header row of
    "Tw!", "Til", "Tw III", "Tw IV" must still be the quarter header on the continued page."""
    import json
    from pathlib import Path

    from rencana.runner import extract
    from tests.fixtures.make_scans import scan_pdf

    source = Path(__file__).resolve().parents[1] / "corpus" / "layouts" / "bps-2025-quarter-targets"
    scan = tmp_path / "bps-scan.pdf"
    scan.write_bytes(scan_pdf(source.with_suffix(".pdf").read_bytes(), pages=[2, 3]))
    expected = json.loads(source.with_suffix(".expected.json").read_text())["records"]
    got = extract(scan).records
    assert_scan_reads_like(got, expected)
    assert [[(q.quarter, q.value) for q in r.quarter_targets] for r in got] == [
        [(q["quarter"], q["value"]) for q in r["quarter_targets"]] for r in expected
    ]


@needs_tesseract
def test_scanned_body_keeps_its_list_markers(tmp_path):
    """Kudus layout, scanned: page segmentation drops the column of list markers ("a.", "1.") and
    colons beside Menimbang/Mengingat; read again as patches, the lists come apart as printed."""
    import json
    from pathlib import Path

    from rencana.runner import extract
    from tests.fixtures.make_scans import scan_pdf

    source = (
        Path(__file__).resolve().parents[1] / "corpus" / "layouts" / "kpu-kab-kudus-2024-rotated"
    )
    scan = tmp_path / "kudus-scan.pdf"
    scan.write_bytes(scan_pdf(source.with_suffix(".pdf").read_bytes(), pages=[0, 1]))  # 0-based
    expected = json.loads(source.with_suffix(".expected.json").read_text())["metadata"]
    got = extract(scan).metadata
    assert (got.issuer, got.number) == (expected["issuer"], expected["number"])
    assert len(got.considerations) == expected["considerations"] == 3
    assert len(got.legal_bases) == expected["legal_bases"] == 8
    assert [d.label for d in got.dictums] == expected["dictums"]


def test_a_black_patch_is_ink_not_a_shade():
    """A bold glyph sitting on a ruling makes a solid black patch; whitening it as a tint cut the ruling."""
    image = blank()
    cv2.rectangle(image, (50, 50), (90, 90), 200, -1)  # a light grey fill: a shaded cell
    cv2.rectangle(image, (200, 50), (240, 90), 20, -1)  # black: ink
    shade = imaging.shade_mask(image, 12)
    assert shade[70, 70] and not shade[70, 220]


def test_a_lone_upright_bar_is_a_one():
    image = np.zeros((30, 30), np.uint8)
    cv2.line(image, (15, 5), (15, 24), 255, 2)  # "1": a bar
    cv2.line(image, (15, 5), (12, 8), 255, 1)  # with its flag
    shape = imaging.ink_shape(image, 2)
    assert shape.is_bar(40) and not shape.is_tick(40)
    tick = np.zeros((30, 30), np.uint8)
    cv2.line(tick, (5, 15), (10, 22), 255, 2)
    cv2.line(tick, (10, 22), (22, 5), 255, 2)
    assert imaging.ink_shape(tick, 2).is_tick(40) and not imaging.ink_shape(tick, 2).is_bar(40)


def _bars_image(count: int) -> np.ndarray:
    image = np.zeros((20, 40), np.uint8)
    for i in range(count):
        cv2.line(image, (4 + 7 * i, 2), (4 + 7 * i, 16), 255, 2)
    return image


def test_a_numeral_read_with_a_bar_too_few_is_spelled_from_its_strokes():
    # Jateng scan: "TW III" read "Tw II", the word box holding three strokes 15 px tall.
    read_two = [tesseract.PixelWord(text="II", box=(0, 0, 40, 20), confidence=0.6)]
    assert [w.text for w in cells.recount_numeral_bars(_bars_image(3), read_two, 200)] == ["III"]
    # never downwards (serifs can join two bars into one piece), never over other shapes
    read_three = [tesseract.PixelWord(text="III", box=(0, 0, 40, 20), confidence=0.6)]
    assert [w.text for w in cells.recount_numeral_bars(_bars_image(2), read_three, 200)] == ["III"]
    v_shape = _bars_image(1)
    cv2.line(v_shape, (15, 2), (20, 16), 255, 2)
    cv2.line(v_shape, (20, 16), (25, 2), 255, 2)
    assert [w.text for w in cells.recount_numeral_bars(v_shape, read_two, 200)] == ["II"]
    assert imaging.upright_bars(_bars_image(3), 2) == 3
    # fuzz scan seed 110 (300 dpi, black and white): "TW III" read "Tw Ii" at 0.44; an "i" with
    # its dot apart is no bar of a numeral's height
    read_ii = [tesseract.PixelWord(text="Ii", box=(0, 0, 40, 20), confidence=0.44)]
    assert [w.text for w in cells.recount_numeral_bars(_bars_image(3), read_ii, 200)] == ["III"]
    dotted = _bars_image(1)
    cv2.line(dotted, (11, 8), (11, 16), 255, 2)
    cv2.circle(dotted, (11, 3), 1, 255, -1)
    assert [w.text for w in cells.recount_numeral_bars(dotted, read_ii, 200)] == ["Ii"]


def test_the_number_reading_that_keeps_its_dot_wins():
    sure_but_dotless, dotted = words("11", confidence=0.95), words("1.1", confidence=0.80)
    assert [w.text for w in cells.best_number_reading([sure_but_dotless, dotted], [60, 60])] == [
        "1.1"
    ]
    # ... but only a reading of the same digits: English OCR read a clean "1." as "4.5" (conf 0.60)
    sure, misread = words("1.", confidence=0.965), words("4.5", confidence=0.60)
    assert [w.text for w in cells.best_number_reading([sure, misread], [60, 60])] == ["1."]


# ------------------------------------------------------------------ a scanned schedule of shaded months under "Waktu"

SHADED_ROWS = [  # activity, months shaded; cells shaded side by side run together into one fill
    ("Sosialisasi pendataan aset", [10]),
    ("Inventarisasi data aset", [10, 11]),
    ("Verifikasi data aset", [10, 11]),
    ("Perbaikan data aset", [11, 12]),
    ("Evaluasi dan pelaporan", [12]),
]


def waktu_schedule_pdf_bytes() -> bytes:
    """No | Kegiatan | Waktu (Okt, Nov, Des) | Penanggung Jawab, the months marked by grey cells
    under thin rulings, as an office's word processor prints cell shading (DKI's Jadwal Kegiatan);
    on the scan the rulings inside the grey are pale, and those along it blur into it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    width, height = A4
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    xs = [60, 90, 300, 340, 380, 420, 540]
    ys = [height - 100, height - 118, height - 136] + [
        height - 136 - 34 * (i + 1) for i in range(len(SHADED_ROWS))
    ]
    sheet.setFillGray(0.78)
    for row, (_, months) in enumerate(SHADED_ROWS):
        top, bottom = ys[row + 2], ys[row + 3]
        for month in months:
            x0, x1 = xs[2 + month - 10], xs[3 + month - 10]
            sheet.rect(x0, bottom, x1 - x0, top - bottom, stroke=0, fill=1)
    sheet.setFillGray(0)
    sheet.setStrokeGray(0.5)  # grey rulings: inside the grey they are pale, as on DKI's scan
    sheet.setLineWidth(0.6)
    for y in [ys[0], *ys[2:]]:
        sheet.line(xs[0], y, xs[-1], y)
    sheet.line(xs[2], ys[1], xs[5], ys[1])
    for x in (xs[0], xs[1], xs[2], xs[5], xs[6]):
        sheet.line(x, ys[0], x, ys[-1])
    for x in xs[3:5]:
        sheet.line(x, ys[1], x, ys[-1])
    sheet.setFont("Helvetica", 10)
    sheet.drawString(xs[0] + 4, ys[0] - 14, "No")
    sheet.drawCentredString((xs[1] + xs[2]) / 2, ys[0] - 14, "Kegiatan")
    sheet.drawCentredString((xs[2] + xs[5]) / 2, ys[0] - 13, "Waktu")
    for index, month in enumerate(["Okt", "Nov", "Des"]):
        sheet.drawCentredString((xs[2 + index] + xs[3 + index]) / 2, ys[1] - 13, month)
    sheet.drawString(xs[5] + 4, ys[0] - 14, "Penanggung Jawab")
    for row, (activity, _) in enumerate(SHADED_ROWS):
        top = ys[row + 2]
        sheet.drawString(xs[0] + 4, top - 14, str(row + 1))
        sheet.drawString(xs[1] + 4, top - 14, activity)
        sheet.drawString(xs[5] + 4, top - 14, "Bidang Aset")
    sheet.save()
    return buffer.getvalue()


@needs_tesseract
def test_scanned_shaded_months_under_waktu_read_as_months(tmp_path):
    from rencana import runner
    from rencana.core.state import Extraction
    from rencana.stages.tables import assemble
    from tests.fixtures.make_scans import scan_pdf

    scan = tmp_path / "waktu-scan.pdf"
    scan.write_bytes(scan_pdf(waktu_schedule_pdf_bytes(), seed=5))
    state = runner.read_pages(Extraction(path=scan, options=ExtractOptions()))
    plan, _ = assemble.read(state.pages)
    assert len(plan) == 1 and plan[0].grid == "months"
    rows = plan[0].rows
    assert [row.cells["activity"] for row in rows] == [activity for activity, _ in SHADED_ROWS]
    assert [row.months_marked for row in rows] == [months for _, months in SHADED_ROWS]


def test_a_bracket_read_into_its_letter_is_restored_from_the_other_reading():
    """Page 11 of the Jepara scan: "(jumlah" prints its "(" against the "j". The page pass read
    "(jumlah" (0.40), the cell's re-read "jumlah" (0.64) over the same box; the cell's text ends
    "selesai)", so the "(" is restored. Brackets that pair are left as read."""
    from rencana.stages.ocr.crops import with_lost_brackets
    from rencana.stages.ocr.tesseract import PixelWord

    page_pass = [
        PixelWord("masyarakat", (878, 396, 1040, 424), 0.93),
        PixelWord("(jumlah", (877, 434, 980, 462), 0.40),
        PixelWord("selesai)", (1110, 474, 1215, 502), 0.95),
    ]
    reread = [
        PixelWord("masyarakat", (878, 396, 1040, 424), 0.95),
        PixelWord("jumlah", (878, 435, 980, 462), 0.64),
        PixelWord("selesai)", (1110, 474, 1215, 502), 0.96),
    ]
    restored = with_lost_brackets(reread, [page_pass, reread])
    assert [w.text for w in restored] == ["masyarakat", "(jumlah", "selesai)"]
    assert restored[1].box == reread[1].box and restored[1].confidence == 0.64
    # Elsewhere on the page: no other reading with the bracket, or brackets already paired.
    assert with_lost_brackets(reread, [reread]) == reread
    paired = [PixelWord("(Renja)", (10, 10, 90, 30), 0.9)]
    assert with_lost_brackets(paired, [[PixelWord("((Renja)", (10, 10, 90, 30), 0.5)]]) == paired
    # A list marker closes a bracket it never opened: "1)" read "(1)" elsewhere is left as read.
    listed = [PixelWord("1)", (10, 10, 30, 30), 0.9), PixelWord("Rapat", (40, 10, 90, 30), 0.9)]
    assert with_lost_brackets(listed, [[PixelWord("(1)", (9, 10, 30, 30), 0.5)]]) == listed
    # A bracket on a word the other reading puts elsewhere is not taken.
    far = [PixelWord("(jumlah", (877, 600, 980, 628), 0.40)]
    assert with_lost_brackets(reread, [far]) == reread


# ------------------------------------------------------------------ one Tesseract process per page


def _tesseract_children(parent: int | None = None) -> list[int]:
    """The running Tesseract children of ``parent`` (this process by default)."""
    from tests.test_hostile import _alive, _children

    def command(pid: int) -> str:
        try:
            return Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            return ""

    return [
        pid
        for pid in _children(parent or os.getpid())
        if command(pid) == "tesseract" and _alive(pid)
    ]


def _sheet_of(text: str, tmp_path, name: str) -> str:
    image = blank(120, 900)
    cv2.putText(image, text, (20, 75), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    path = str(tmp_path / f"{name}.pgm")
    cv2.imwrite(path, image)
    return path


@needs_tesseract
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_session_reads_every_sheet_in_one_process_as_a_process_of_its_own_would(tmp_path):
    sheets = [
        _sheet_of("Penerbitan Surat 2022", tmp_path, "a"),
        str(tmp_path / "blank.pgm"),
        _sheet_of("TW IV 100% Desember", tmp_path, "b"),
    ]
    cv2.imwrite(sheets[1], blank(60, 60))
    options = ["--oem", "1", "--psm", "6"]
    alone = [tesseract.tesseract_tsv(sheet, "eng", options) for sheet in sheets]
    assert "Penerbitan" in alone[0]["text"] and "Desember" in alone[2]["text"]
    with session.session():
        together = [tesseract.tesseract_tsv(sheet, "eng", options) for sheet in sheets]
        with session.session():  # a nested session uses the outer one's process
            again = tesseract.tesseract_tsv(sheets[0], "eng", options)
        assert len(_tesseract_children()) == 1
    # Page numbers aside (the session's count on), the same rows: words, boxes, confidences.
    for one, other in zip([*alone, alone[0]], [*together, again]):
        assert {k: v for k, v in one.items() if k != "page_num"} == {
            k: v for k, v in other.items() if k != "page_num"
        }
    assert _tesseract_children() == []  # ended and waited for on leaving


@needs_tesseract
def test_a_session_process_that_fails_on_an_image_says_why_and_is_started_again(tmp_path):
    from rencana.errors import BadInput

    broken = tmp_path / "broken.pgm"
    broken.write_text("not an image")
    sheet = _sheet_of("Desember", tmp_path, "a")
    with session.session():
        with pytest.raises(BadInput, match="tesseract failed"):
            tesseract.tesseract_tsv(str(broken), "eng", ["--psm", "6"])
        assert "Desember" in tesseract.tesseract_tsv(sheet, "eng", ["--psm", "6"])["text"]


@needs_tesseract
def test_a_forked_child_starts_its_own_tesseract_rather_than_write_to_its_parents():
    with session.session():
        parents = session.reader_for("eng", ["--psm", "6"])
        assert parents is not None and session.reader_for("eng", ["--psm", "6"]) is parents
        child = os.fork()
        if child == 0:  # outside a session of its own, a process per sheet
            os._exit(0 if session.reader_for("eng", ["--psm", "6"]) is None else 1)
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert session.reader_for("eng", ["--psm", "6"]) is None  # the session is over


@needs_tesseract
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_every_tesseract_runs_one_thread_whatever_the_callers_environment_says(monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "4")
    with session.session():
        reader = session.reader_for("eng", ["--psm", "6"])
        assert reader is not None
        environ = Path(f"/proc/{reader.process.pid}/environ").read_bytes().split(b"\0")
    assert b"OMP_THREAD_LIMIT=1" in environ and b"OMP_THREAD_LIMIT=4" not in environ
    assert session.tesseract_env()["OMP_THREAD_LIMIT"] == "1"  # the process-per-sheet runs too


SESSION_HOLDER = """
import time
from rencana.stages.ocr import session
with session.session():
    session.reader_for("eng", ["--psm", "6"])
    print("ready", flush=True)
    time.sleep(60)
"""


@needs_tesseract
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_session_tesseract_dies_with_the_process_that_holds_it():
    """A reader killed (time limit, SIGKILL) leaves no idle Tesseract of its session behind."""
    import subprocess
    import sys
    import time

    from tests.test_hostile import _alive

    holder = subprocess.Popen(
        [sys.executable, "-c", SESSION_HOLDER], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    kept = _tesseract_children(holder.pid)
    assert len(kept) == 1
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 5
    while _alive(kept[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(kept[0]), "the session's tesseract outlived its holder"


def test_blob_stats_match_the_whole_masks_labelling():
    # Blobs in a small part of a page-sized mask, the part starting at odd rows and columns:
    # labelled within their box, they come out as labelled on the whole mask, in the same order.
    rng = np.random.default_rng(7)
    mask = np.zeros((1201, 901), np.uint8)
    mask[333:480, 251:397] = (rng.random((147, 146)) > 0.8).astype(np.uint8) * 255
    mask[333, 251] = 255
    _, _, whole = imaging.components(mask)
    assert len(whole) > 100
    assert np.array_equal(imaging.blob_stats(mask), whole[1:])
    assert imaging.blob_stats(np.zeros((40, 40), np.uint8)).shape == (0, cv2.CC_STAT_MAX)
