"""OCR engine of the read stage: an image-only page becomes the same PageContent a text page does.

Steps for one page: render at ``options.ocr_dpi`` (pypdfium2, /Rotate applied) in colour (a
greyscale scan in grey only), and lift coloured strokes (stamps, signatures) to paper → turn dark fills holding light letters
(white-on-dark banners) into tints holding dark ones → remove specks, punch holes and photocopy
borders → deskew (projection profile) → find shaded fills and whiten them (so Otsu and the
ruling finder see only strokes) → find ruling lines by morphology, plus short column rulings that join two
rows' rulings (a low header row) and the sides of fills, and build the table cells from them
(pdfplumber's own lattice functions, so merged cells behave exactly as in a text PDF) → erase
the rulings → OCR the whole page once with Tesseract (``lang=ind``) → OCR again, all on one
stacked sheet per pass (``read_crops``), the cells whose ink the page pass left partly unread,
and every inked cell of a schedule grid (a run of ≥ 3 equal narrow columns) with ``grid_lang``
→ outside the tables, small patches of unread ink (list markers, colons) with their line's
start → decide grid marks from pixels (one compact open stroke = "√"), a bar numeral's
count of bars, and a closing ":" or "," whose lower piece is a comma's tail (";") → shaded empty cells become ``Rect(fill=grey)`` as in a text PDF → with no ruled
table, a borderless one is rebuilt from the words (borderless.py).
Everything is returned in PDF points, top-down, like pdfplumber: ``Word`` with a 0..1
``confidence`` and ``FoundTable(strategy="image")``.

Why Tesseract on rendered pages and not OCRmyPDF: measured on the 12-page Jepara scan,
OCRmyPDF would give the same Tesseract words (it runs the same engine) but adds ghostscript and a
PDF round trip, and its text layer loses the per-word confidence that records need; it also
cannot tell us where the rulings are, which we need from the image anyway. One Tesseract call on
the whole page with the rulings erased read 100 of 105 table cells exactly (mean similarity 0.978)
in ~2.7 s per page on one core; OCR of every cell separately read fewer (98/105, garbage on empty
speckled cells) and took ~8 s per page, because each call starts the engine again.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from rencana.core import geometry
from rencana.core.types import BBox, PageContent, Rect, Word
from rencana.options import ExtractOptions, OcrSettings
from rencana.stages.ocr import imaging
from rencana.stages.ocr.cells import (
    closing_brackets_joined,
    colons_without_ink,
    is_faint_slash,
    numeral_runs,
    read_grid_marks,
    recount_numeral_bars,
    reread_cells,
    semicolons_under_dust,
    settled_bars,
    settled_designations,
    settled_digits,
    settled_plus_signs,
    settled_semicolons,
    settled_slashes,
    stops_under_dust,
    stops_unsure_under_dust,
    unruled_grid_marks,
)
from rencana.stages.ocr.crops import PreparedPage
from rencana.stages.ocr.label_grid import label_grid_cells, unruled_grid_columns
from rencana.stages.ocr.orientation import turned_upright
from rencana.stages.ocr.patches import percent_signs_read, read_unread_patches
from rencana.stages.ocr.rereads import doubted_words_read_again
from rencana.stages.ocr.session import session
from rencana.stages.ocr.tesseract import SETTINGS, PixelWord, recognise, require_tesseract
from rencana.stages.page.open import check_render
from rencana.stages.page.spelling import confusions
from rencana.stages.page.text import scan_resolution


def read_page(path: Path | bytes, page, options: ExtractOptions) -> PageContent:
    """OCR one open pdfplumber page of ``path`` (or of the PDF's bytes), with ``options.ocr_settings``."""
    scan_dpi = scan_resolution(page)
    settings = options.ocr_settings.at_scan_resolution(scan_dpi)
    dpi = options.ocr_dpi
    if is_blank(page):
        return blank_page(page)
    require_tesseract(f"{settings.lang}+{settings.grid_lang}")
    check_render(page, options)
    gray = render(path, page.page_number, dpi, settings, scan_dpi, not drawn_in_grey(page))
    if int(gray.min()) > BLANK_LIGHTEST:  # a blank scan: nothing for Tesseract to read
        return blank_page(page)
    gray, turn = turned_upright(
        gray, imaging.ink_mask(gray), max(3, round(settings.line_smear_pt * dpi / 72.0))
    )
    settings = replace(settings, speck_area_200dpi=page_speck_area(gray, dpi, settings))
    prepared = prepare(gray, dpi, settings)
    cells_px = prepared.tables
    letter_height = imaging.x_height(prepared.ink)  # sizes the page for Tesseract, and its specks
    upscale = page_upscale(letter_height, settings)
    # The page's sheets of one language and mode go to one Tesseract process, second readings
    # of doubted words included.
    with session():
        words_px = recognise(prepared.text_image, settings.lang, psm=3, upscale=upscale)
        words_px = reread_cells(prepared, words_px, dpi, settings, upscale)
        words_px = read_unread_patches(prepared, words_px, dpi, settings, upscale)
        words_px, unsure_percents = percent_signs_read(prepared, words_px, dpi, settings)
        words_px = [
            w
            for w in words_px
            if inked(prepared.ink, w.box) or is_faint_slash(prepared.text_image, w)
        ]
        read_with_specks = len(words_px)
        words_px = without_specks(prepared.ink, words_px, letter_height)
        specks = read_with_specks - len(words_px)
        unruled = label_grid_cells(words_px, prepared.rules, prepared.tables)
        words_px = read_grid_marks(prepared, words_px, dpi, settings, unruled)
        words_px = unruled_grid_marks(
            prepared,
            words_px,
            dpi,
            settings,
            unruled_grid_columns(words_px, prepared.rules, prepared.tables),
        )
        words_px = recount_numeral_bars(prepared.ink, words_px, dpi, settings)
        words_px = numeral_runs(prepared.ink, words_px, dpi, settings)
        words_px, unsure = settled_designations(prepared.ink, words_px, dpi, settings)
        words_px = settled_digits(prepared.ink, words_px, dpi, settings)
        table_cells = [cell for cells in prepared.tables for cell in cells]
        words_px = settled_semicolons(prepared.ink, words_px, dpi, settings)
        words_px = settled_slashes(prepared.ink, words_px, table_cells, dpi, settings)
        words_px = settled_plus_signs(prepared.ink, words_px, dpi, settings)
        words_px = settled_bars(prepared.ink, words_px, dpi, settings)
        words_px = closing_brackets_joined(words_px)
        words_px, unsure_words, read_alike = doubted_words_read_again(
            prepared, words_px, dpi, settings, upscale
        )
    if prepared.specks is not None and settings.glyph_shapes:
        words_px = semicolons_under_dust(prepared.ink, prepared.specks, words_px, table_cells)
        words_px = stops_under_dust(prepared.ink, prepared.specks, words_px)
        unsure_words += stops_unsure_under_dust(
            prepared.ink, prepared.specks, words_px, table_cells
        )
    unsure_words += colons_without_ink(prepared.ink, words_px, table_cells, dpi, settings)
    strokes = imaging.picture_boxes(prepared.ink, round(settings.min_picture_pt * dpi / 72))
    words_px = off_pictures(prepared, words_px, dpi, settings, strokes)
    shades_px, words_px = shaded_cells(prepared, words_px, settings)

    # A page turned upright is read as it lies now: a quarter turn swaps its width and height.
    width, height = (page.height, page.width) if turn in (90, 270) else (page.width, page.height)
    to_points = points_of(None if turn else page, dpi)

    words = [
        Word(
            text=w.text,
            x0=b[0],
            top=b[1],
            x1=b[2],
            bottom=b[3],
            size=(b[3] - b[1]),
            fontname="OCR",
            confidence=w.confidence,
        )
        for w in words_px
        for b in [to_points(w.box)]
    ]
    rects = [Rect(*to_points(cell), fill=(grey,)) for cell, grey in shades_px]
    return PageContent(
        number=page.page_number,
        width=float(width),
        height=float(height),
        words=words,
        rects=rects,
        rotation=(int(page.rotation or 0) + turn) % 360,
        ocr=True,
        specks=specks,
        unsure_designations=unsure,
        unsure_words=unsure_percents + unsure_words,
        read_alike=read_alike,
        image_tables=[[to_points(c) for c in cells] for cells in cells_px],
        drawn=[to_points(box) for box in strokes],
        rules=[
            (x0, y, x1) for x0, y, x1, _ in (to_points((a, b, c, b)) for a, b, c in prepared.rules)
        ],
    )


def points_of(page, dpi: int) -> Callable[[Sequence[float]], BBox]:
    """Pixel boxes of the page rendered at ``dpi`` to PDF points on the page (``page`` None: on
    an image of its own, a page turned upright, from its top left corner)."""
    scale = 72.0 / dpi
    offset_x, offset_y = (float(page.bbox[0]), float(page.bbox[1])) if page else (0.0, 0.0)

    def to_points(box: Sequence[float]) -> BBox:
        return (
            box[0] * scale + offset_x,
            box[1] * scale + offset_y,
            box[2] * scale + offset_x,
            box[3] * scale + offset_y,
        )

    return to_points


def ruled_tables(path: Path | bytes, page, options: ExtractOptions) -> list[list[BBox]]:
    """The cells of the ruled tables drawn in a page's image, in points, without reading its
    text: for a scan whose text layer is kept, the rulings exist only in the image."""
    dpi = options.ocr_dpi
    scan_dpi = scan_resolution(page)
    settings = options.ocr_settings.at_scan_resolution(scan_dpi)
    check_render(page, options)
    prepared = prepare(render(path, page.page_number, dpi, settings, scan_dpi), dpi, settings)
    to_points = points_of(page, dpi)
    return [[to_points(c) for c in cells] for cells in prepared.tables]


def settled_layer_designations(
    path: Path | bytes, page, options: ExtractOptions, words: list[Word]
) -> tuple[list[Word], list[str]]:
    """A kept text layer's designations settled from the page image's glyphs
    (``cells.settled_designation``), and the ones left unsure."""
    dpi = options.ocr_dpi
    scan_dpi = scan_resolution(page)
    settings = options.ocr_settings.at_scan_resolution(scan_dpi)
    check_render(page, options)
    ink = imaging.ink_mask(render(path, page.page_number, dpi, settings, scan_dpi))
    # A tilted scan's glyphs are read level: each word's crop is turned by the page's skew.
    skew: float = imaging.estimate_skew(ink, settings.max_skew_degrees)
    scale = dpi / 72.0
    offset_x, offset_y = float(page.bbox[0]), float(page.bbox[1])
    pixel_words = [
        PixelWord(
            w.text,
            (
                (w.x0 - offset_x) * scale,
                (w.top - offset_y) * scale,
                (w.x1 - offset_x) * scale,
                (w.bottom - offset_y) * scale,
            ),
            1.0,
        )
        for w in words
    ]
    settled, unsure = settled_designations(ink, pixel_words, dpi, settings, skew)
    return [replace(w, text=p.text) for w, p in zip(words, settled)], unsure


def page_upscale(measured: float | None, settings: OcrSettings = SETTINGS) -> float:
    """How much to enlarge the page for Tesseract, from its measured x-height (``imaging.x_height``;
    see ``OcrSettings.upscale``)."""
    if measured is None:
        return settings.upscale
    wanted = max(1.0, min(settings.upscale, settings.target_x_height_px / measured))
    return round(wanted / settings.upscale_step) * settings.upscale_step


# A rendered page with no pixel darker than this is blank: no ink for Tesseract to read.
BLANK_LIGHTEST = 200


def is_blank(page) -> bool:
    """Nothing is drawn on the page (no image, no vector graphics, no text): nothing to render.
    Blank pages between a decree's parts cost ~0.7 s each through Tesseract."""
    return not (page.images or page.rects or page.lines or page.curves or page.chars)


def blank_page(page) -> PageContent:
    """A page with nothing to read: not OCR'd, so it never counts as a scanned page."""
    return PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=[],
        rotation=int(page.rotation or 0),
    )


def render(
    path: Path | bytes,
    page_number: int,
    dpi: int,
    settings: OcrSettings = SETTINGS,
    scan_dpi: float | None = None,
    in_colour: bool = True,
) -> np.ndarray:
    """The page as 8-bit greyscale at ``dpi`` (pdfium applies /Rotate and the crop box), with
    coloured stamps and signatures lifted to paper (``imaging.drop_colour``) and uneven light
    evened out (``imaging.evened_light``). A scan of less
    than ``settings.low_scan_dpi`` is rendered at its own ``scan_dpi`` and enlarged by
    ``imaging.enlarged``: pdfium's smoothing blurs a 65-dpi scan's letters more.

    Rendered twice, ~0.03 s CPU each: in colour, to tell coloured strokes from black print, and
    in grey, which gives every other pixel its grey exactly as before (pdfium takes a colour
    JPEG's own luma; recomputed from RGB it differs by a level or two, and Tesseract's reading
    of a small word can flip on that: a page number "2" read "tb"). With ``in_colour`` False
    (a page ``drawn_in_grey``) the grey rendering is all: in colour, nothing would be lifted."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    try:
        page = document[page_number - 1]
        own = scan_dpi if scan_dpi and scan_dpi < settings.low_scan_dpi else dpi
        gray = _one_channel(page.render(scale=own / 72.0, grayscale=True).to_numpy())
        colour = page.render(scale=own / 72.0).to_numpy() if in_colour else None
        size = (math.ceil(page.get_width() * dpi / 72.0), math.ceil(page.get_height() * dpi / 72.0))
    finally:
        document.close()
    if own != dpi:  # to the size pdfium gives at ``dpi``
        gray = imaging.enlarged(gray, size)
        colour = None if colour is None else imaging.enlarged(colour, size)
    px = dpi / 72.0
    if (
        colour is not None
        and colour.ndim == 3
        and colour.shape[2] >= 3
        and colour.shape[:2] == gray.shape
    ):
        fill_side = max(3, round(settings.min_colour_fill_pt * px))
        gray = imaging.drop_colour(
            colour, fill_side, gray, round(settings.min_colour_mark_pt2 * px * px)
        )
    return imaging.evened_light(
        gray, round(settings.paper_square_pt * px), settings.uneven_light_spread
    )


def drawn_in_grey(page) -> bool:
    """Whether all that a pdfplumber page draws is DeviceGray images: a greyscale scan, whose
    colour rendering holds no colour for ``imaging.drop_colour`` to lift. Text, vector graphics
    and annotations may be coloured, and so may images in other colour spaces (indexed, ICC, an
    image mask painted in the fill colour): such pages are rendered in colour too."""
    if page.chars or page.rects or page.lines or page.curves or page.annots:
        return False
    return bool(page.images) and all(
        [getattr(name, "name", name) for name in image.get("colorspace") or []] == ["DeviceGray"]
        for image in page.images
    )


def _one_channel(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:  # some pdfium builds return one channel as (h, w, 1) or BGR
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] >= 3 else image[:, :, 0]
    return np.ascontiguousarray(image)


def page_speck_area(gray: np.ndarray, dpi: int, settings: OcrSettings = SETTINGS) -> int:
    """``settings.speck_area_200dpi``, less on a page of small type: a speck is smaller than half
    a full stop of the page's own letters (``speck_share_of_x_height``). Pure."""
    letter_height = imaging.x_height(imaging.ink_mask(gray))
    if letter_height is None:
        return settings.speck_area_200dpi
    own = settings.speck_share_of_x_height * letter_height**2 / (dpi / 200.0) ** 2
    return max(1, min(settings.speck_area_200dpi, int(own)))


def prepare(gray: np.ndarray, dpi: int, settings: OcrSettings = SETTINGS) -> PreparedPage:
    """Despeckle, deskew, find the ruled tables and erase their rulings. Pure: arrays in, arrays out."""
    px = dpi / 72.0
    speck_area = max(1, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2))
    gray = without_dark_fills(gray, dpi, settings)
    ink = imaging.ink_mask(gray)
    # Punch holes and photocopy borders go with the specks, before they sway the skew estimate.
    dust = imaging.speck_mask(ink, speck_area)
    specks = cv2.bitwise_or(
        dust,
        imaging.margin_artefacts(
            ink,
            max(3, round(settings.artefact_solid_pt * px)),
            round(settings.artefact_margin_pt * px),
        ),
    )
    skew = imaging.estimate_skew(imaging.erase(ink, specks), settings.max_skew_degrees)
    level = imaging.rotate(imaging.whiten(gray, specks), skew)
    # Fills go before the ink threshold: Otsu would count a grey cell as ink, and a fill touching
    # a ruling would make it too thick to be one.
    shade = imaging.shade_mask(level, max(3, round(settings.min_shade_pt * px)))
    shade_level = imaging.shade_level(level, shade)
    level_before_deshading = level  # a pale stretch of ruling is grey, as a fill is
    level = imaging.deshade(level, shade)
    ink = imaging.ink_mask(level)
    levelled_dust = imaging.speck_mask(ink, speck_area)
    ink = imaging.erase(ink, levelled_dust)
    dust = imaging.rotate(dust, skew, border=0) if skew else dust
    dust = cv2.bitwise_or(np.where(dust >= 128, 255, 0).astype(np.uint8), levelled_dust)

    horizontal, vertical = imaging.ruling_masks(ink, max(10, round(settings.min_ruling_pt * px)))
    thickness = max(2, round(settings.max_ruling_thickness_pt * px))
    h_segments, horizontal = imaging.ruling_segments(horizontal, ink, True, thickness)
    v_segments, vertical = imaging.ruling_segments(vertical, ink, False, thickness)
    # Column rulings of a low header row are shorter than the kernel: keep the short vertical
    # strokes that run from one horizontal ruling to the next.
    _, short_vertical = imaging.ruling_masks(
        imaging.erase(ink, vertical),
        max(6, round(settings.min_short_ruling_pt * px)),
    )
    short_segments, short_vertical = imaging.ruling_segments(short_vertical, ink, False, thickness)
    bridging = imaging.bridging_segments(
        short_segments, h_segments, settings.bridge_tolerance_pt * px
    )
    if bridging:
        v_segments += bridging
        vertical = cv2.bitwise_or(vertical, _segments_mask(short_vertical, bridging))
    tolerance = settings.ruling_tolerance_pt * px
    paper: list[int] = []  # the page's median grey, measured once and only if a ruling falls short

    def drawn(stretch: imaging.Segment) -> bool:
        if not paper:
            paper.append(int(np.median(level_before_deshading)))
        return imaging.drawn_line(
            level_before_deshading, stretch, paper[0], settings.pale_ruling_contrast, 0.9
        )

    segments = imaging.close_corners(
        h_segments + v_segments,
        settings.ruling_gap_pt * px,
        tolerance,
        drawn,
    )

    def ruled(stretch: imaging.Segment) -> bool:
        return imaging.stands_out(
            level_before_deshading, stretch, settings.hidden_ruling_contrast, 0.9
        )

    segments += imaging.join_broken_rulings(segments, tolerance, ruled)
    tables = imaging.segments_to_tables(segments, tolerance)
    if closing := open_rows_closed(segments, tables, px):
        segments += closing
        tables = imaging.segments_to_tables(segments, tolerance)
    rules = [(s.x0, s.y0, s.x1) for s in segments if s.horizontal]  # a fill's sides are none
    if shade_level is not None and tables:
        fills = imaging.fill_edges(
            shade,
            max(3, round(settings.min_shade_pt * px)),
            [geometry.hull(cells) for cells in tables],
            tolerance,
            imaging.erase(ink, cv2.bitwise_or(horizontal, vertical)),
        )
        fills = [side for side in fills if not beside_a_ruling(side, segments, tolerance)]
        if fills:
            segments += fills
            segments += imaging.join_broken_rulings(segments, tolerance, ruled)
            tables = imaging.segments_to_tables(segments, tolerance)

    rulings = cv2.bitwise_or(horizontal, vertical)
    # The stretches the cells were closed with are rulings too, pale ones that OCR reads as "|".
    for s in segments:
        cv2.line(rulings, (round(s.x0), round(s.y0)), (round(s.x1), round(s.y1)), 255, 1)
    grow = max(1, round(settings.ruling_erase_pt * px))
    rulings = cv2.dilate(rulings, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    return PreparedPage(
        text_image=imaging.whiten(level, rulings),
        ink=imaging.erase(ink, rulings),
        tables=tables,
        skew_degrees=skew,
        shade=shade,
        shade_level=shade_level,
        rules=rules,
        shaded_page=level_before_deshading,
        specks=dust,
    )


def beside_a_ruling(
    side: imaging.Segment, rulings: list[imaging.Segment], tolerance: float
) -> bool:
    """A fill's side that a parallel ruling runs beside along all its length, further than the
    snap ``tolerance`` (nearer, the lattice snaps the two together) and at most twice as far: the
    fill stopped short of the ruling (its edge pale, or cut where the ruling was lifted), which
    is the cell's side already. Taken as a side of its own, it splits a shaded row's cells into
    a sliver the other rows lack (the scanned Magelang LAKIP layout's shaded row, its Program
    and month columns split 4 pt short of their rulings, and the page's columns read off).
    Pure."""
    reach = 2 * tolerance

    def along(ruling: imaging.Segment) -> bool:
        if side.horizontal:
            return ruling.x0 <= side.x0 + reach and ruling.x1 >= side.x1 - reach
        return ruling.y0 <= side.y0 + reach and ruling.y1 >= side.y1 - reach

    return any(
        ruling.horizontal == side.horizontal
        and tolerance
        < abs(ruling.y0 - side.y0 if side.horizontal else ruling.x0 - side.x0)
        <= reach
        and along(ruling)
        for ruling in rulings
    )


def open_rows_closed(
    segments: list[imaging.Segment], tables: list[list[BBox]], px: float
) -> list[imaging.Segment]:
    """Row rulings that close the rows a page break left open (``finders.open_ends``, as on a
    text page): a table continued from the page before printed without its top ruling keeps
    its column rulings above its first drawn one, and the row between them was lost."""
    from rencana.stages.tables.finders import open_ends

    edges = [
        {k: v / px if isinstance(v, float) else v for k, v in imaging.edge_dict(s).items()}
        for s in segments
    ]
    out = []
    for cells in tables:
        x0, top, x1, bottom = geometry.hull(cells)
        for y in open_ends(edges, (x0 / px, top / px, x1 / px, bottom / px)):
            out.append(imaging.Segment(x0, y * px, x1, y * px))
    return out


def without_dark_fills(gray: np.ndarray, dpi: int, settings: OcrSettings = SETTINGS) -> np.ndarray:
    """``imaging.invert_dark_fills`` with the sizes of ``settings`` at ``dpi``."""
    px = dpi / 72.0
    return imaging.invert_dark_fills(
        gray,
        round(settings.min_dark_fill_pt * px),
        settings.min_dark_fill_share,
        max(2, round(settings.light_stroke_pt * px)),
    )


def _segments_mask(mask: np.ndarray, segments: list[imaging.Segment]) -> np.ndarray:
    """The blobs of ``mask`` that the given segments were taken from (their centre lines lie in them)."""
    count, labels, stats = imaging.components(mask)
    keep = np.zeros(count, dtype=bool)
    for s in segments:
        label = labels[int((s.y0 + s.y1) / 2), int(round(s.x0))]
        keep[label] = label > 0
    return imaging.label_mask(labels, keep, stats)


# Fewer ink pixels than this in a word's box (widened by a few pixels: Tesseract gives a lone
# "I" a box one pixel wide beside its stroke): the word was read from no ink at all (a "—"
# between two cells' words on one line, once the ruling between them is erased).
MIN_WORD_INK_PX = 3
WORD_BOX_SLACK_PX = 4


def inked(ink: np.ndarray, box: Sequence[float]) -> bool:
    """Whether a word's box holds ink on the page Tesseract read. Pure."""
    slack = WORD_BOX_SLACK_PX
    x0, y0 = max(0, int(box[0]) - slack), max(0, int(box[1]))
    x1 = min(ink.shape[1], int(np.ceil(box[2])) + slack)
    y1 = min(ink.shape[0], int(np.ceil(box[3])))
    return x1 > x0 and y1 > y0 and int(np.count_nonzero(ink[y0:y1, x0:x1])) >= MIN_WORD_INK_PX


# Marks whose print has a shape a toner speck lacks: a dash is a bar, quotes and backticks are
# taller than wide. Read from a round dot, such a mark is the speck's reading.
SHAPED_MARKS = frozenset("-\u2013\u2014'\u2018\u2019\"\u201c\u201d`\u00b4\u00bb\u00ab~_^")
DASHES = frozenset("-\u2013\u2014")
# What dots may honestly be read as: a stop, a colon, an ellipsis. (A colon whose one dot is
# faint reads as one dot, and the label before it needs it.)
DOT_MARKS = frozenset(".:;\u2026")
# A row number of one or two digits (or the look-alikes OCR reads for "1") whose stop OCR read as
# a letter or digit ("1s", "15", "IP"): where that glyph is one round dot, it is the stop. (Only
# so short a word: a longer one's box may hold a speck beside its last letter, "Nomor" + dot.)
ROW_NUMBER_STOP = re.compile(r"[0-9Il|]{1,2}[^\W_]")
# A full stop is about a quarter of the x-height across; a dot up to this share is speck-sized.
DOT_OF_X_HEIGHT = 0.45
# How far (in x-heights) a catchword's leader dots stand from each other, and a list item's
# stop from its number or letter ("5 ." in a sans-serif list, read as two words).
LEADER_REACH_X_HEIGHTS = 1.5
LIST_LABEL = re.compile(r"\(?(\d{1,3}|[A-Za-z]|[IVXivx]{1,4})\)?")


def without_specks(
    ink: np.ndarray, words: list[PixelWord], x_height: float | None
) -> list[PixelWord]:
    """The words, less what OCR made of a photocopy's toner specks, judged by the ink under them:
    - a word read from round dots smaller than a letter is dropped unless it is stops or
      colons ("UMUM -", "Demak 2" over a speck);
    - a lone dash whose ink is no bar is dropped (two specks run together);
    - a stop standing apart as a word of its own is dropped unless it is one of a catchword's
      leader dots ("Nomor . . .") or a list item's ("5 ."): a stop is set against its word
      ("pelaksanaan . rencana");
    - a first or last mark read from a dot is cut from its word (``without_speck_ends``).
    Pure."""
    if x_height is None:
        return words
    max_side = DOT_OF_X_HEIGHT * x_height
    kept: list[PixelWord] = []
    for word in words:
        x0, y0 = max(0, int(word.box[0])), max(0, int(word.box[1]))
        crop = ink[y0 : int(np.ceil(word.box[3])), x0 : int(np.ceil(word.box[2]))]
        text = word.text
        dots = imaging.dot_count(crop, max_side)
        if all(c in DASHES for c in text):
            # judged by its shape, not its size: a range's dash at 200 dpi is a bar no bigger
            # than a dot ("Agt - Okt" read "Agt Okt": fuzz scan seed 150, months lost)
            if not imaging.all_bars(crop):
                continue
        elif dots is not None and not all(c in DOT_MARKS for c in text):
            if not (
                (text == "," and comma_set_between_words(ink, word, words, x_height))
                or small_letters_read_surely(word, dots)
            ):
                continue
        else:
            word = without_speck_ends(crop, word, max_side)
        kept.append(word)
    reach = LEADER_REACH_X_HEIGHTS * x_height

    def belongs(dot: PixelWord) -> bool:
        middle = (dot.box[1] + dot.box[3]) / 2
        return any(
            w is not dot
            and w.box[1] <= middle <= w.box[3]
            and max(w.box[0] - dot.box[2], dot.box[0] - w.box[2]) <= reach
            and (w.text == "." or (w.box[2] <= dot.box[0] + 1 and LIST_LABEL.fullmatch(w.text)))
            for w in kept
        )

    return [w for w in kept if w.text != "." or belongs(w)]


# A word of this many letters or more, each read as one blob, read surely is small letters.
MIN_SURE_SMALL_LETTERS = 3


def small_letters_read_surely(word: PixelWord, dots: int) -> bool:
    """Whether a word whose blobs are all dot-sized is letters of small type all the same: as
    many blobs as letters, three or more, read at ``max_confidence`` or more (dust read as a
    word is a few specks read doubtfully). Where the page's x-height is measured on larger
    type, "zona" (no ascender) in a 240-dpi table cell is four dots the size of a stop (unseen
    fuzz scan seed 333: read at 0.97 and dropped, "pembangunan zona integritas" lost a
    word). Pure."""
    return (
        word.text.isalpha()
        and len(word.text) == dots >= MIN_SURE_SMALL_LETTERS
        and word.confidence >= confusions().max_confidence
    )


def comma_set_between_words(
    ink: np.ndarray, comma: PixelWord, words: list[PixelWord], x_height: float
) -> bool:
    """Whether a "," OCR read surely (``max_confidence``) from a dot is the comma printed a
    space off the word before ("DPUPR , DISHUB": its tail lost to the scan, unseen fuzz scan
    seeds 253, 113): it stands between two words of its line, within a space or so of each,
    and its dot's foot is on their baseline, where a speck lies only by chance. Pure."""
    if comma.confidence < confusions().max_confidence:
        return False
    x0, y0, x1, y1 = comma.box
    middle, reach = (y0 + y1) / 2, LEADER_REACH_X_HEIGHTS * x_height
    line = [w for w in words if w is not comma and w.box[1] <= middle <= w.box[3]]
    left = [w for w in line if 0 <= x0 - w.box[2] <= reach and any(c.isalnum() for c in w.text)]
    right = [w for w in line if 0 <= w.box[0] - x1 <= reach and any(c.isalnum() for c in w.text)]
    if not left or not right:
        return False
    before = max(left, key=lambda w: w.box[2])
    top, bottom = min(y0, before.box[1]), max(y1, before.box[3])
    pad = round(0.3 * (bottom - top))  # a tail may reach below the line's box
    area = (int(before.box[0]), max(0, int(top) - pad), int(np.ceil(x1)), int(bottom) + pad)
    around = ink[area[1] : area[3], area[0] : area[2]]
    rows = (top - area[1], bottom - area[1])
    return imaging.stop_on_the_baseline(around, 2, rows)


def without_speck_ends(crop: np.ndarray, word: PixelWord, max_side: float) -> PixelWord:
    """``word`` less a first or last character OCR read from a toner speck: a leading quote or
    stop ('"RENCANA', '.Pemetaan') or a trailing quote or dash whose glyph's columns hold round
    dots only; a row number's last letter or digit read from one round dot is the stop it is
    ("1s" or "15" for "1." reduced or faded). Pure."""
    text, (x0, top, x1, bottom) = word.text, word.box
    if len(text) < 2:
        return word
    first, last = text[0], text[-1]
    if (first in SHAPED_MARKS or first == ".") and text[1].isalnum():
        strip = imaging.end_strip(crop, left=True)
        if strip and imaging.dot_count(crop[:, strip[0] : strip[1]], max_side):
            text, x0 = text[1:], x0 + strip[1]
    if (last in SHAPED_MARKS or ROW_NUMBER_STOP.fullmatch(text)) and text[-2:-1].isalnum():
        strip = imaging.end_strip(crop, left=False)
        if strip and imaging.dot_count(crop[:, strip[0] : strip[1]], max_side) == 1:
            if last.isalnum():  # no letter or digit is a dot: the glyph is a stop ("15" for "1.")
                text = text[:-1] + "."
            else:
                text, x1 = text[:-1], word.box[0] + strip[0]
    if text == word.text:
        return word
    return PixelWord(text, (x0, top, x1, bottom), word.confidence)


def off_pictures(
    prepared: PreparedPage,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    strokes: list[imaging.PxBox] | None = None,
) -> list[PixelWord]:
    """The words, less the doubtful ones Tesseract made of a signature's or a logo's strokes:
    below ``picture_word_confidence`` and touching a blob taller than ``min_picture_pt``, or
    within ``picture_reach_pt`` of one (a scribble breaks into pieces; its small ones read as
    "No" or "pagi"). Printed words crossed by a signature read confidently, and stay; so do
    words with a digit, which a clerk's handwriting gives (a NOMOR or a date filled in by hand),
    and, outside the tables, a word of letters on a line of printed words (Tesseract gives the
    words of one line its top and bottom): a stroke across the first word of the printed name
    makes it doubtful, "LUKMAN HAKIM SAIFUDDIN" at 0.40, 0.93, 0.89. (A table's row is one
    line across its cells, whatever a stroke over one cell reads as.) ``strokes``: the page's tall
    blobs (``imaging.picture_boxes``), where the caller has them already."""
    tables = [geometry.hull(cells) for cells in prepared.tables]

    def line_of(word: PixelWord) -> tuple[int, int]:
        return round(word.box[1]), round(word.box[3])

    sure_lines = Counter(
        line_of(w)
        for w in words
        if w.confidence >= settings.picture_word_confidence and w.text.isalpha()
    )

    def on_printed_line(word: PixelWord) -> bool:
        return (
            len(word.text) >= 3
            and word.text.isalpha()
            and sure_lines[line_of(word)] >= 2
            and not any(geometry.contains_centre(table, word.box) for table in tables)
        )

    doubtful = [
        w
        for w in words
        if w.confidence < settings.picture_word_confidence
        and not any(c.isdigit() for c in w.text)
        and not on_printed_line(w)
    ]
    if not doubtful:
        return words
    px = dpi / 72.0
    reach = settings.picture_reach_pt * px
    if strokes is None:
        strokes = imaging.picture_boxes(prepared.ink, round(settings.min_picture_pt * px))
    pictures = [(x0 - reach, y0 - reach, x1 + reach, y1 + reach) for x0, y0, x1, y1 in strokes]
    drawn = {
        id(w)
        for w in doubtful
        if any(geometry.intersection(w.box, picture) for picture in pictures)
    }
    return [w for w in words if id(w) not in drawn]


def shaded_cells(
    prepared: PreparedPage, words: list[PixelWord], settings: OcrSettings = SETTINGS
) -> tuple[list[tuple[tuple[float, float, float, float], float]], list[PixelWord]]:
    """Table cells filled with a tint and holding no text: (cell box in pixels, grey 0..1), and
    the words left once the specks OCR made of those fills are gone.

    The table stage reads a mark from a filled rect over a grid cell, as in a text PDF. A fill's
    grain comes out of OCR as a dash or a quote ("—", "'"): such a word does not make the cell a
    text cell. Nor does any word on a dark fill (darker than ``settings.max_text_fill_grey``):
    black type would not show there and white type was turned dark before
    (``without_dark_fills``), so what OCR reads on it is what is left of a stamp or a signature
    over the cell ("1", "ro", a "√" made of a ring's arc)."""
    if prepared.shade_level is None:
        return [], words
    grey = round(prepared.shade_level / 255.0, 3)
    out = []
    specks: set[int] = set()
    for cells in prepared.tables:
        for cell in cells:
            x0, y0, x1, y1 = (int(round(v)) for v in cell)
            area = max(1, (x1 - x0) * (y1 - y0))
            if np.count_nonzero(prepared.shade[y0:y1, x0:x1]) / area < settings.min_shaded_share:
                continue
            inside = [i for i, w in enumerate(words) if geometry.contains_centre(cell, w.box)]
            if not all(_speck_on_fill(words[i]) for i in inside) and not _dark_fill(
                prepared, (x0, y0, x1, y1), settings.max_text_fill_grey
            ):
                continue
            specks.update(inside)
            out.append((cell, grey))
    return out, [w for i, w in enumerate(words) if i not in specks]


def _dark_fill(prepared: PreparedPage, box: tuple[int, int, int, int], darkest: int) -> bool:
    """The fill of a shaded cell is darker than ``darkest`` (its own median grey)."""
    if prepared.shaded_page is None:
        return False
    x0, y0, x1, y1 = box
    fill = prepared.shaded_page[y0:y1, x0:x1][prepared.shade[y0:y1, x0:x1] > 0]
    return bool(fill.size) and float(np.median(fill)) < darkest


def _speck_on_fill(word: PixelWord) -> bool:
    """A word OCR made of a fill's grain: no letter or digit in it, and no mark."""
    from rencana.stages.schedule import is_mark

    return not any(c.isalnum() for c in word.text) and not is_mark(word.text)
