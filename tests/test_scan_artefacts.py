"""Real-scan artefacts: coloured stamps and signatures, punch holes, photocopy borders, a tilt.

The pure helpers are checked on drawn arrays; then pages of the Jepara reference scan are degraded
the way office scans are (a purple stamp and a blue scribble over the text, black punch holes and
a dark border band at the margins, a tilt of a few degrees) and must read exactly as the clean
page reads: the same records (which are the gold's records) and the same signature block.
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest

import rencana
from rencana.stages.ocr import imaging
from tests.real_corpus import fold

SCANS = Path(__file__).resolve().parent.parent / "corpus" / "scans"
JEPARA = SCANS / "kpu-kab-jepara-2022-scan.pdf"
GOLD = SCANS / "kpu-kab-jepara-2022-scan.gold.json"
DPI = 200

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)

# BGR colours of office inks: the stamp's is the median of the purple stamp's strongly coloured
# pixels on the real Jombang scan (inspektorat-jombang-2020-kepbup-pkpt-2021-scan.pdf, page 3).
PURPLE_STAMP = (224, 150, 173)
BLUE_BALLPOINT = (170, 90, 40)
ROYAL_BLUE_STAMP = (200, 110, 40)  # the Wonosobo stamp's blue, lighter than its print
PRINT_CAST = (80, 30, 10)  # dark blue print, as a scanner's colour cast gives it (BGR)


def otsu_ink(gray: np.ndarray) -> np.ndarray:
    return imaging.ink_mask(gray) > 0


# ------------------------------------------------------------------ pure helpers, drawn arrays


def lettered_page() -> np.ndarray:
    """A white BGR page with a line of black capitals."""
    page = np.full((400, 600, 3), 255, np.uint8)
    cv2.putText(page, "MUNDJIDAH WAHAB", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    return page


def stamp(page: np.ndarray, centre: tuple[int, int], radius: int, colour) -> np.ndarray:
    """A round office stamp in ``colour``, printed over the page (inks multiply: black stays black)."""
    ink = np.full_like(page, 255)
    cv2.circle(ink, centre, radius, colour, max(3, radius // 25))
    cv2.circle(ink, centre, int(radius * 0.72), colour, max(2, radius // 40))
    cv2.putText(
        ink,
        "KPU JEPARA",
        (centre[0] - int(radius * 0.62), centre[1] - int(radius * 0.8)),
        cv2.FONT_HERSHEY_SIMPLEX,
        radius / 150,
        colour,
        2,
    )
    cv2.drawMarker(ink, centre, colour, cv2.MARKER_STAR, int(radius * 0.6), 3)
    return multiply(page, ink)


def scribble(page: np.ndarray, start: tuple[int, int], width: int, colour) -> np.ndarray:
    """A signature-like looping stroke in ballpoint ``colour``."""
    ink = np.full_like(page, 255)
    xs = np.linspace(0, width, 240)
    ys = 28 * np.sin(xs / 17.0) + 14 * np.sin(xs / 5.0) + xs * 0.12
    points = np.stack([start[0] + xs, start[1] + ys], axis=1).astype(np.int32)
    cv2.polylines(ink, [points], False, colour, 3, cv2.LINE_AA)
    return multiply(page, ink)


def multiply(page: np.ndarray, ink: np.ndarray) -> np.ndarray:
    return (page.astype(np.uint16) * ink // 255).astype(np.uint8)


def to_gray(page: np.ndarray) -> np.ndarray:
    return imaging.drop_colour(page, min_fill_side=11)


def assert_stamp_ring_fades(clean: np.ndarray, marked: np.ndarray) -> None:
    """The ring of the stamp at (250, 190), radius 110, on ``marked``: ink without the colour
    step, gone with it, and the print (``clean``: the unstamped page's ink) kept."""
    gray = cv2.cvtColor(marked, cv2.COLOR_BGR2GRAY)
    ring = np.zeros(gray.shape, np.uint8)
    cv2.circle(ring, (250, 190), 110, 255, 4)
    ring_ink = (ring > 0) & otsu_ink(gray) & ~clean
    assert ring_ink.sum() > 1000  # without the colour step the ring is ink
    after = otsu_ink(to_gray(marked))
    assert (after & ring_ink).sum() < 0.1 * ring_ink.sum()
    assert (clean & ~after).sum() < 0.03 * clean.sum()


def test_a_grey_page_in_colour_is_left_as_it_is():
    page = lettered_page()
    assert np.array_equal(to_gray(page), cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))


def test_a_purple_stamp_and_a_blue_scribble_fade_and_the_print_under_them_stays():
    clean = otsu_ink(to_gray(lettered_page()))
    marked = scribble(
        stamp(lettered_page(), (250, 190), 110, PURPLE_STAMP), (80, 160), 420, BLUE_BALLPOINT
    )
    before = otsu_ink(cv2.cvtColor(marked, cv2.COLOR_BGR2GRAY))
    after = otsu_ink(to_gray(marked))
    assert (before & ~clean).sum() > 3000  # without the colour step the stamp is ink
    # With it, away from the letters' edges (where Otsu's threshold moves them by a pixel) only
    # fringe pixels are left: a few, in specks far smaller than a letter.
    near_letters = cv2.dilate(clean.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    left = ((after & ~near_letters) * 255).astype(np.uint8)
    _, _, stats = imaging.components(left)
    assert (left > 0).sum() < 60 and stats[1:, cv2.CC_STAT_AREA].max(initial=0) <= 16
    assert (clean & ~after).sum() < 0.02 * clean.sum()  # the letters under the stamp stay


# A stamp as the RSU Tangsel SK's 65-dpi JPEG gives it (rsu-tangsel-2022-sk-direktur-standar-
# pelayanan-scan p4): a dull blue as dark as the print, chroma 0-30 once its colour is blurred.
FAINT_BLUE_STAMP = (140, 112, 112)


def test_a_faint_stamp_as_dark_as_print_fades_by_the_colour_of_its_neighbourhood():
    """Pixel by pixel the faint stamp's chroma is the print's fringes'; over a stroke's
    neighbourhood its one hue adds up. The stamp lies over the name of a signature block, with a
    signature (strong colour) beside it and the decree's print above and below; the name's
    letters stay."""
    page = np.full((640, 600, 3), 255, np.uint8)
    for y in (30, 60, 420, 460, 500, 540, 580, 620):  # most of a page's ink is print
        cv2.putText(page, "KEPUTUSAN BUPATI", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    cv2.putText(page, "MUNDJIDAH WAHAB", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    clean = otsu_ink(to_gray(page))
    marked = stamp(page, (250, 190), 110, FAINT_BLUE_STAMP)
    marked = cv2.GaussianBlur(marked, (5, 5), 0)  # JPEG's half-resolution colour
    marked = scribble(marked, (380, 300), 180, BLUE_BALLPOINT)
    assert_stamp_ring_fades(clean, marked)


def test_a_page_whose_print_has_a_colour_cast_is_balanced_and_its_stamp_fades():
    """The Wonosobo 2020 instruksi's scan prints its text dark blue on a bluish grey (its
    darkest pixels have chroma 60-110): stretched so that print comes out grey and paper white,
    a stamp of another blue than the print keeps a colour and fades, and the print stays."""
    page = np.full((400, 600, 3), (208, 208, 206), np.uint8)
    for y in (40, 90, 300, 350):  # most of a page's ink is print
        cv2.putText(page, "KEPUTUSAN BUPATI", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, PRINT_CAST, 3)
    cv2.putText(page, "BUPATI WONOSOBO", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, PRINT_CAST, 3)
    clean = otsu_ink(to_gray(page))
    marked = stamp(page, (250, 190), 110, ROYAL_BLUE_STAMP)
    assert_stamp_ring_fades(clean, marked)


def test_a_page_printed_in_several_colours_is_left_grey():
    """A report's cover (Ambon's LAKIP 2021): its title in orange over dark blue lines. Stretched
    to make the blue grey, two fifths of its ink keep a strong colour: that is print, not a stamp,
    and lifted it was lost (the plan year went with 'Tahun 2021')."""
    page = np.full((480, 600, 3), 255, np.uint8)
    cv2.putText(page, "TAHUN 2021", (20, 80), cv2.FONT_HERSHEY_DUPLEX, 2.0, (0, 100, 200), 6)
    for k in range(4):
        y = 150 + 55 * k
        cv2.putText(page, "Dinas Komunikasi", (20, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, PRINT_CAST, 3)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    threshold = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
    assert imaging.print_balanced(page, gray, threshold, 25, 50) is None
    # one ink, as a cast gives it, would be stretched
    assert imaging.print_balanced(page, gray, threshold, 25, 50, most_coloured_ink=0.9)
    assert np.array_equal(to_gray(page), gray)


def test_a_colour_cast_without_contrast_to_stretch_is_left_grey():
    """Dark red print on a paper nearly as red (a channel 30 levels apart): no stretch makes
    them grey, and colour cannot tell a stamp from print there."""
    page = np.full((400, 600, 3), (200, 200, 110), np.uint8)
    cv2.putText(page, "BUPATI WONOSOBO", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 80), 3)
    page = stamp(page, (250, 190), 110, PURPLE_STAMP)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    assert imaging.print_balanced(page, gray, 100, 25, 50) is None
    assert np.array_equal(to_gray(page), gray)


def test_a_coloured_fill_keeps_its_grey_for_the_shading_steps():
    page = lettered_page()
    cv2.rectangle(page, (40, 260), (560, 320), (120, 230, 120), -1)  # a green schedule bar
    gray = to_gray(page)
    assert gray[290, 300] == cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)[290, 300] < 230


def test_punch_holes_and_a_border_band_are_artefacts_and_print_is_not():
    page = np.full((1000, 700), 255, np.uint8)
    cv2.circle(page, (45, 300), 22, 0, -1)  # punch holes, wholly in the left margin
    cv2.circle(page, (45, 700), 22, 0, -1)
    page[:, 680:] = 30  # a photocopy's dark border along the right edge
    cv2.putText(page, "KESATU", (150, 100), cv2.FONT_HERSHEY_DUPLEX, 2.0, 0, 3)  # bold 20 pt
    cv2.putText(page, "3", (340, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # a page number
    cv2.rectangle(page, (300, 500), (400, 560), 0, -1)  # a solid block inside the page: content
    cv2.rectangle(page, (150, 400), (680, 402), 0, -1)  # a ruling that runs into the band
    ink = imaging.ink_mask(page)
    found = imaging.margin_artefacts(ink, solid_side=11, margin=150) > 0
    assert found[300, 45] and found[700, 45] and found[500, 690]
    assert not found[:130, 100:600].any()  # the bold word and the page number
    assert not found[490:570, 290:410].any()
    assert not found[400:403, 150:660].any()  # the ruling, up to the band's rim
    assert (found & ~(ink > 0)).sum() == 0  # only ink is ever removed


def test_a_letter_in_the_margin_is_not_a_hole():
    """Bold type reaching into the margin band is mostly thin strokes, not one solid blob."""
    page = np.full((600, 600), 255, np.uint8)
    cv2.putText(page, "B", (10, 300), cv2.FONT_HERSHEY_SIMPLEX, 3.0, 0, 6)  # strokes 16 px
    ink = imaging.ink_mask(page)
    assert not imaging.margin_artefacts(ink, solid_side=11, margin=150).any()


# ------------------------------------------------------------------ the reference scan, degraded


def render_page(number: int, source: Path = JEPARA, dpi: int = DPI) -> np.ndarray:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    try:
        image = document[number - 1].render(scale=dpi / 72).to_numpy()[:, :, :3]
    finally:
        document.close()
    return np.ascontiguousarray(image)


def image_pdf(
    pages: list[np.ndarray], path: Path, dpi: int = DPI, jpeg_quality: int | None = None
) -> Path:
    """The pages as a scan's PDF at ``dpi``; with ``jpeg_quality``, each compressed so first."""
    from PIL import Image

    images = [Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB)) for page in pages]
    if jpeg_quality is not None:
        compressed = []
        for image in images:
            jpeg = io.BytesIO()
            image.save(jpeg, format="JPEG", quality=jpeg_quality)
            compressed.append(Image.open(io.BytesIO(jpeg.getvalue())))
        images = compressed
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    path.write_bytes(buffer.getvalue())
    return path


@cache
def read(path: Path) -> dict:
    return rencana.extract(path, rencana.ExtractOptions(ocr="auto")).model_dump(mode="json")


# The first two pages of the plan table: the annex header, the column headers, area 1 and its
# activities, indicators and months, and the rows that run on to the second page.
TABLE_PAGES = (5, 6)


def record_keys(records: list[dict]) -> Counter:
    """score.py's record key: area number, activity, indicator and month set, texts folded."""
    return Counter(
        (
            record.get("area_number", record.get("area_no")),
            fold(record.get("activity")),
            fold(record.get("indicator")),
            tuple(sorted(record.get("months") or [])),
        )
        for record in records
    )


def rotated(page: np.ndarray, degrees: float) -> np.ndarray:
    height, width = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(
        page, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255)
    )


def punched(page: np.ndarray) -> np.ndarray:
    """Two photocopied punch holes in the left margin and a dark border band along the right edge."""
    out = page.copy()
    height, width = out.shape[:2]
    for y in (height // 2 - 160, height // 2 + 160):
        cv2.circle(out, (round(0.45 * DPI), y), round(0.12 * DPI), (25, 25, 25), -1)
    band = np.random.default_rng(3).integers(20, 70, (height, 36), dtype=np.uint8)
    out[:, width - 36 :] = band[:, :, None]
    return out


def stamped(page: np.ndarray) -> np.ndarray:
    """Two purple stamps and a blue signature scribble over the text of the page."""
    ys, xs = np.nonzero(imaging.ink_mask(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)))
    x0, y0, x1, y1 = int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())
    out = stamp(page, ((x0 + x1) // 2, y0 + (y1 - y0) // 3), round(0.7 * DPI), PURPLE_STAMP)
    out = stamp(out, (x0 + (x1 - x0) // 4, y0 + (y1 - y0) * 2 // 3), round(0.6 * DPI), PURPLE_STAMP)
    return scribble(out, (x0 + 40, (y0 + y1) // 2), round(2.5 * DPI), BLUE_BALLPOINT)


@pytest.fixture(scope="module")
def table_pages(tmp_path_factory) -> tuple[list[np.ndarray], Counter, Path]:
    folder = tmp_path_factory.mktemp("artefacts")
    pages = [render_page(number) for number in TABLE_PAGES]
    clean = record_keys(read(image_pdf(pages, folder / "clean.pdf"))["records"])
    return pages, clean, folder


@needs_tesseract
def test_the_clean_table_pages_read_the_gold_records(table_pages):
    _, clean, _ = table_pages
    gold = record_keys(json.loads(GOLD.read_text(encoding="utf-8"))["records"])
    assert sum(clean.values()) == 25
    assert not (clean - gold), "the clean pages read gold records only"


@needs_tesseract
@pytest.mark.parametrize("degrees", [2.5, -4.0])
def test_tilted_table_pages_read_as_the_level_ones(table_pages, degrees):
    pages, clean, folder = table_pages
    tilted = [rotated(page, degrees) for page in pages]
    assert record_keys(read(image_pdf(tilted, folder / f"tilted{degrees}.pdf"))["records"]) == clean


@needs_tesseract
def test_stamps_and_scribbles_over_the_table_text_are_seen_through(table_pages):
    pages, clean, folder = table_pages
    marked = [stamped(page) for page in pages]
    assert record_keys(read(image_pdf(marked, folder / "stamped.pdf"))["records"]) == clean


@needs_tesseract
def test_punch_holes_and_a_border_band_are_not_read(table_pages):
    pages, clean, folder = table_pages
    holed = [punched(page) for page in pages]
    assert record_keys(read(image_pdf(holed, folder / "punched.pdf"))["records"]) == clean


SIGNATURE_PAGE = 4  # the closing: "Ditetapkan di Jepara pada tanggal 08 Februari 2022", the chair


def signature_block_marked(page: np.ndarray) -> np.ndarray:
    """The chair's stamp over his title, "ttd." and name, as offices stamp, and a blue signature
    across "ttd." and the name (the block starts 306 pt from the left, its lines at 179-264 pt)."""

    def px(points: float) -> int:
        return round(points * DPI / 72)

    out = stamp(page, (px(330), px(215)), round(0.6 * DPI), PURPLE_STAMP)
    return scribble(out, (px(295), px(232)), round(1.6 * DPI), BLUE_BALLPOINT)


def page_lines(path: Path, top: float, bottom: float) -> list[str]:
    """The OCR'd lines of the one-page ``path`` whose words lie between ``top`` and ``bottom`` pt."""
    import pdfplumber

    from rencana.options import ExtractOptions
    from rencana.stages.ocr import engine

    with pdfplumber.open(path) as pdf:
        words = engine.read_page(path, pdf.pages[0], ExtractOptions()).words
    lines: dict[int, list] = {}
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if top <= word.top <= bottom:
            key = next((k for k in lines if abs(k - word.top) <= 3), round(word.top))
            lines.setdefault(key, []).append(word)
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in lines.values()]


@needs_tesseract
def test_a_stamp_and_a_signature_over_the_signature_block_leave_it_readable(tmp_path):
    page = render_page(SIGNATURE_PAGE)
    clean = page_lines(image_pdf([page], tmp_path / "clean.pdf"), 120, 270)
    marked = page_lines(
        image_pdf([signature_block_marked(page)], tmp_path / "signed.pdf"), 120, 270
    )
    for printed in [
        "Ditetapkan di Jepara",
        "pada tanggal 08 Februari 2022",
        "KETUA KOMISI PEMILIHAN UMUM",
        "KABUPATEN JEPARA,",
        "SUBCHAN ZUHRI",
    ]:
        assert printed in clean and printed in marked
    # No line of stamp or signature strokes either ("ttd." itself, under the signature, reads as
    # badly as on the clean page: "Had.").
    assert len(marked) == len(clean)


def test_doubtful_words_on_a_signature_go_and_printed_words_across_it_stay():
    from rencana.stages.ocr.crops import PreparedPage
    from rencana.stages.ocr.engine import off_pictures
    from rencana.stages.ocr.tesseract import PixelWord

    ink = np.zeros((600, 800), np.uint8)
    cv2.ellipse(ink, (300, 300), (150, 90), 20, 0, 300, 255, 3)  # a signature's loop, 180 px tall
    cv2.rectangle(ink, (100, 100), (160, 125), 255, -1)  # a word's ink: a line high
    prepared = PreparedPage(
        text_image=255 - ink, ink=ink, tables=[], skew_degrees=0.0, shade=ink * 0, shade_level=None
    )
    stroke = PixelWord("No", (200, 220, 240, 250), 0.08)  # read from the loop itself
    beside = PixelWord("pagi", (440, 250, 470, 280), 0.24)  # a piece of it, just off its box
    name = PixelWord("MUNDJIDAH", (150, 360, 400, 390), 0.92)  # the printed name it crosses
    word = PixelWord("Jombang", (100, 100, 160, 125), 0.40)  # doubtful, but nowhere near
    kept = off_pictures(prepared, [stroke, beside, name, word], dpi=200)
    assert kept == [name, word]
    # On the printed name's line, a word the signature's stroke crosses stays though doubtful
    # (Kemenag KMA p3: "LUKMAN" 0.40 beside "HAKIM" 0.93 and "SAIFUDDIN" 0.89); a piece of the
    # stroke read on that line as a short word ("No") or a symbol goes.
    line = (150, 300, 400, 330)
    crossed = PixelWord("LUKMAN", (150, 300, 260, 330), 0.40)
    printed = [PixelWord("HAKIM", (270, 300, 340, 330), 0.93)]
    printed.append(PixelWord("SAIFUDDIN", (350, 300, 450, 330), 0.89))
    piece = PixelWord("No", (line[0] + 140, line[1], line[0] + 160, line[3]), 0.10)
    kept = off_pictures(prepared, [crossed, *printed, piece], dpi=200)
    assert kept == [crossed, *printed]


# The header row of the table on each of TABLE_PAGES, in pixels at DPI (x0, top, x1, bottom).
HEADER_ROWS = {5: (182, 748, 1489, 816), 6: (182, 158, 1488, 226)}
BANNER_BLUE = (235, 212, 180)  # a spreadsheet's light header shading, BGR


@needs_tesseract
def test_coloured_header_banners_neither_hide_text_nor_become_marks(table_pages):
    pages, clean, folder = table_pages
    shaded = []
    for number, page in zip(TABLE_PAGES, pages):
        tint = np.full_like(page, 255)
        x0, top, x1, bottom = HEADER_ROWS[number]
        tint[top:bottom, x0:x1] = BANNER_BLUE
        shaded.append(multiply(page, tint))
    assert record_keys(read(image_pdf(shaded, folder / "banners.pdf"))["records"]) == clean


NAVY_FILL = (60, 35, 20)  # BGR: a dark header fill, its text and rulings printed white on it


# A row's indicator and schedule cells on page 5 ("Kegiatan kick off / …", "Februari"), pixels.
HIGHLIGHTED_CELLS = (862, 1185, 1489, 1453)


@needs_tesseract
def test_white_on_dark_header_rows_and_cells_read_as_the_printed_ones(table_pages):
    """The header rows, and two cells of a row, printed reversed (white letters and rulings on a
    dark navy fill)."""
    pages, clean, folder = table_pages
    fill = np.array(NAVY_FILL, np.float32)
    reversed_pages = []
    for number, page in zip(TABLE_PAGES, pages):
        out = page.astype(np.float32)
        for x0, top, x1, bottom in [HEADER_ROWS[number]] + [HIGHLIGHTED_CELLS] * (number == 5):
            lightness = out[top:bottom, x0:x1].mean(axis=2, keepdims=True) / 255.0
            out[top:bottom, x0:x1] = fill + (255 - fill) * (1 - lightness)
        reversed_pages.append(out.astype(np.uint8))
    assert record_keys(read(image_pdf(reversed_pages, folder / "reversed.pdf"))["records"]) == clean


def test_a_dark_fill_holding_light_letters_is_turned_and_dark_type_is_not():
    page = np.full((700, 900), 250, np.uint8)
    cv2.rectangle(page, (100, 100), (800, 180), 30, -1)  # a dark banner row ...
    cv2.putText(page, "AREA PERUBAHAN", (150, 155), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 250, 3)
    cv2.rectangle(page, (100, 260), (300, 330), 30, -1)  # a solid mark: nothing inside
    cv2.rectangle(page, (400, 260), (800, 330), 170, -1)  # a grey tint with dark letters
    cv2.putText(page, "TRIWULAN", (430, 310), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 20, 3)
    turned = imaging.invert_dark_fills(page, min_side=25, min_dark_share=0.65, letter_stroke=6)
    banner = turned[104:177, 104:797]
    assert np.median(banner) < 230 and np.median(banner) > 120  # a light tint now ...
    assert (banner < 100).mean() > 0.05  # ... with dark letters on it
    assert (turned[100:181, 100:102] < 80).all()  # and its outline dark: the row's rulings
    assert np.array_equal(turned[200:, :], page[200:, :])  # the rest is left as it is


def test_dark_fills_meeting_in_an_l_are_each_turned():
    """A dark banner row across the table meets the dark header cells of its first columns below
    it: one dark area in the shape of an L, no rectangle. Each rectangle of it holding light
    letters is turned, and where they meet their outlines give the ruling between them."""
    page = np.full((700, 900), 250, np.uint8)
    cv2.rectangle(page, (100, 100), (800, 180), 30, -1)  # the banner row ...
    cv2.putText(page, "RENCANA AKSI 2023", (150, 155), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 250, 3)
    cv2.rectangle(page, (100, 181), (400, 300), 30, -1)  # ... and the header cells below it
    cv2.putText(page, "KEGIATAN", (150, 255), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 250, 3)
    turned = imaging.invert_dark_fills(page, min_side=25, min_dark_share=0.65, letter_stroke=6)
    for top, bottom, left, right in ((104, 176, 104, 796), (190, 296, 104, 396)):
        fill = turned[top:bottom, left:right]
        assert 120 < np.median(fill) < 230  # a light tint now ...
        assert (fill < 100).mean() > 0.03  # ... with dark letters on it
    assert (turned[180:184, 150:390] < 80).all()  # the ruling between them: both outlines
    assert np.array_equal(turned[320:, :], page[320:, :])  # the rest is left as it is


@pytest.mark.parametrize(
    "name",
    [
        "rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p8",  # heavy black type, closed solid
        "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p9",  # grey banners, dark bold letters
        "bappeda-kediri-2018-perjanjian-kinerja-scan",  # a photocopy's dark border, speckled
    ],
)
def test_real_pages_without_a_dark_fill_are_left_as_they_are(name):
    from rencana.options import ExtractOptions
    from rencana.stages.ocr import engine

    settings = ExtractOptions().ocr_settings
    page = engine.render(REAL_SCANS / f"{name}.pdf", 1, DPI, settings)
    assert engine.without_dark_fills(page, DPI, settings) is page


# ------------------------------------------------------------------ real office scans

REAL_SCANS = Path(__file__).resolve().parent.parent / "corpus" / "real" / "scans"


def ocr_words(path: Path, number: int = 1) -> list:
    import pdfplumber

    from rencana.options import ExtractOptions
    from rencana.stages.ocr import engine

    with pdfplumber.open(path) as pdf:
        return engine.read_page(path, pdf.pages[number - 1], ExtractOptions()).words


def line_texts(words: list) -> list[str]:
    lines: dict[int, list] = {}
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        key = next((k for k in lines if abs(k - word.top) <= 3), round(word.top))
        lines.setdefault(key, []).append(word)
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in lines.values()]


@needs_tesseract
def test_a_purple_stamp_over_the_regents_title_and_name_is_seen_through():
    """Page 3 of the Jombang PKPT decree: the regent's purple stamp lies over "Pada tanggal",
    "BUPATI JOMBANG," and "MUNDJIDAH WAHAB", and her black signature crosses the name."""
    lines = line_texts(
        ocr_words(REAL_SCANS / "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p3.pdf")
    )
    assert "Ditetapkan di Jombang" in lines
    assert "BUPATI JOMBANG," in lines
    assert "MUNDJIDAH WAHAB" in lines


@needs_tesseract
def test_a_blue_stamp_over_the_ministers_title_and_name_is_seen_through():
    """Page 3 of the Kemenag ZI decree: the ministry's blue stamp lies over "MENTERI" and
    "LUKMAN", his black signature runs down across both lines, and a paraf follows the name."""
    lines = line_texts(ocr_words(REAL_SCANS / "kemenag-2017-kma-186-juklak-zi-scan-p3.pdf"))
    assert "MENTERI AGAMA REPUBLIK INDONESIA," in lines
    assert any(line.startswith("LUKMAN HAKIM SAIFUDDIN") for line in lines)


@needs_tesseract
def test_a_photocopy_border_and_stamps_on_the_performance_agreement_are_not_read():
    """Page 1 of the Kediri Perjanjian Kinerja: a dark band down the left edge, the paper's
    speckled edge 20 pt inside the right one, and two blue stamps over the signatures."""
    words = ocr_words(REAL_SCANS / "bappeda-kediri-2018-perjanjian-kinerja-scan.pdf")
    assert not [w.text for w in words if w.x0 > 565 or w.x1 < 30]  # the page is 595 pt wide
    texts = [w.text for w in words]
    for printed in ["Kediri,", "Januari", "HARYANTI", "SUTRISNO", "DEDE", "SUJANA,", "Pembina"]:
        assert printed in texts


RSU_SK = REAL_SCANS / "rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p1-4.pdf"


@needs_tesseract
def test_the_blurred_edges_of_spaced_bold_capitals_are_no_brackets():
    """The RSU SK's 65-dpi heading: the page pass reads 'RUMAH' and 'UMUM' without the blurred
    right edge of their last letter, and that edge, read again as an unread patch, came out as a
    '{' or '|' word between the words."""
    lines = line_texts(ocr_words(RSU_SK, 1))
    assert "PADA RUMAH SAKIT UMUM KOTA TANGERANG SELATAN" in lines
    assert "DIREKTUR RUMAH SAKIT UMUM KOTA TANGERANG SELATAN," in lines


@needs_tesseract
def test_a_faint_stamp_over_the_closing_block_is_seen_through():
    """The RSU SK's closing (p4): a blue stamp of chroma 0-30 (a 65-dpi JPEG) over the place and
    date hid the whole block from Tesseract; lifted, its first line reads."""
    assert "Ditetapkan di Tangerang Selatan" in line_texts(ocr_words(RSU_SK, 4))
