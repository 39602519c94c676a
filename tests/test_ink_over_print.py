"""Coloured ink over what is printed: a stamp over a schedule's dark month cells, a signature
across a table's ruling. Inks multiply what they lie on, so where an ink's colour is known the
grey under it is known too; the pure helpers are checked on drawn arrays, with the stamp and
signature colours of the scanned-table tests (tests/test_degraded_tables.py reads whole pages).
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from rencana.stages.ocr import imaging
from tests.test_scan_artefacts import BLUE_BALLPOINT, PURPLE_STAMP, scribble, stamp

FILL = 89  # a PKPT's marked month cell, 35 % grey


def drop_colour(page: np.ndarray) -> np.ndarray:
    return imaging.drop_colour(page, min_fill_side=22, min_marked=460)


def month_grid() -> np.ndarray:
    """A white BGR page with a ruled grid of 60 px cells, a block of dark filled cells in it."""
    page = np.full((600, 900, 3), 255, np.uint8)
    page[200:380, 240:480] = FILL
    for x in range(60, 900, 60):
        cv2.line(page, (x, 60), (x, 560), (0, 0, 0), 2)
    for y in range(60, 600, 60):
        cv2.line(page, (60, y), (840, y), (0, 0, 0), 2)
    return page


def test_a_stamp_over_dark_filled_cells_leaves_the_fills_grey():
    """Lifted by chroma alone, the stamp's ring and star over a dark cell (chroma ~26 there,
    below the faint level) stayed darker strokes than the fill: the rulings they crossed grew
    too thick to be rulings and two rows merged. Divided by the ink's colour, they are fill."""
    page = stamp(month_grid(), (360, 290), 150, PURPLE_STAMP)
    gray = drop_colour(page)
    inside = gray[215:365, 255:465]  # the fill, away from its rulings
    rulings = np.zeros(inside.shape, bool)
    for x in range(300, 480, 60):
        rulings[:, max(0, x - 258) : x - 252] = True
    for y in range(240, 380, 60):
        rulings[max(0, y - 218) : y - 212, :] = True
    assert np.abs(inside[~rulings].astype(int) - FILL).max() <= 12
    assert gray[150:170, 425:445].min() > 200  # the ring on the paper above the fill is gone
    assert gray[240, 300] < 60 and gray[290, 240] < 60  # the rulings under the ink stay


def test_a_signature_across_a_ruling_leaves_the_ruling():
    """A blue ballpoint over a thin black ruling, blurred by JPEG's colour, is dark and deeply
    saturated, as where two inks cross: lifted as such, the ruling was cut under the signature
    wherever they crossed (the ZI plan's banner row then merged with the row above)."""
    page = np.full((300, 700, 3), 255, np.uint8)
    cv2.line(page, (20, 150), (680, 150), (0, 0, 0), 1)
    for y in (40, 200, 240, 280):  # most of a page's ink is print
        cv2.putText(page, "Laporan layanan informasi", (30, y), 0, 1.0, (0, 0, 0), 2)
    page = scribble(page, (100, 120), 500, BLUE_BALLPOINT)
    # A scan's JPEG (as Pillow writes a PDF's page image) keeps colour at half resolution.
    jpeg = io.BytesIO()
    Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB)).save(jpeg, format="JPEG")
    page = cv2.cvtColor(np.asarray(Image.open(io.BytesIO(jpeg.getvalue()))), cv2.COLOR_RGB2BGR)
    gray = drop_colour(page)
    assert (gray[146:155, 20:680].min(axis=0) < 150).mean() > 0.98  # was 0.945
    assert (gray[60:140, 100:650] > 200).mean() > 0.99  # the signature above the ruling is gone


def test_under_the_ink_needs_a_seed_of_the_ink():
    """A page whose colour is all fill (no stroke clearly coloured) knows no ink."""
    page = np.full((200, 200, 3), 255, np.uint8)
    page[50:150, 50:150] = (120, 230, 120)
    under, known = imaging.under_the_ink(page, np.zeros((200, 200), np.uint8), 50, 150)
    assert not known.any()


def test_a_ruling_that_a_stroke_runs_along_for_a_stretch_is_still_a_ruling():
    """A stamp's ring crossing a ruling at a slant runs along it for a stretch longer than the
    ruling kernel and thickens it there (9 px on the stamped PKPT page: the ruling was dropped
    and two rows merged); thin along most of its length, it is a ruling, and only its own band
    is taken, not the ring's arc."""
    plain = np.zeros((200, 1600), np.uint8)
    plain[99:102, 20:1580] = 255
    ink = plain.copy()
    ink[92:99, 600:820] = 255  # the ring's stroke along the ruling
    horizontal, _ = imaging.ruling_masks(ink, 200)
    segments, kept = imaging.ruling_segments(horizontal, ink, True, 8)
    alone = imaging.ruling_segments(imaging.ruling_masks(plain, 200)[0], plain, True, 8)[0]
    assert len(segments) == 1 and segments == alone
    assert kept[94, 700] == 0 and kept[100, 700] == 255
    solid = np.zeros((200, 1600), np.uint8)
    solid[80:120, 20:1580] = 255  # a band thick all along: no ruling
    horizontal, _ = imaging.ruling_masks(solid, 200)
    assert imaging.ruling_segments(horizontal, solid, True, 8)[0] == []


def test_the_tint_between_a_fills_strokes_is_fill():
    """Two strokes left darker than a dark fill (a stamp's ring and star over a month cell) a
    few pixels apart: the tint between them is narrower than the shade's square, and was left
    grey, as ink, beside them."""
    gray = np.full((300, 300), 255, np.uint8)
    gray[50:250, 50:250] = FILL
    gray[60:240, 100:102] = 60
    gray[60:240, 107:109] = 60
    shade = imaging.shade_mask(gray, 11)
    assert (shade[150, 102:107] == 255).all() and shade[150, 150] == 255
    assert shade[150, 100] == 0 and shade[150, 108] == 0  # the strokes are no tint
    assert shade[150, 20] == 0 and shade[20, 150] == 0


def test_a_word_read_on_a_dark_fill_leaves_the_cell_shaded():
    """What OCR reads on a dark month cell is what is left of a stamp over it ('1', 'ro', a '√'
    made of a ring's arc): black type would not show there. The cell stays a shaded cell, as a
    light banner cell holding its title does not."""
    from rencana.stages.ocr.crops import PreparedPage
    from rencana.stages.ocr.engine import shaded_cells
    from rencana.stages.ocr.tesseract import PixelWord

    level = np.full((100, 300), 255, np.uint8)
    level[10:50, 10:50] = FILL  # a marked month cell
    level[10:50, 60:290] = 204  # a banner's tint
    shade = np.where(level < 255, 255, 0).astype(np.uint8)
    prepared = PreparedPage(
        text_image=np.full((100, 300), 255, np.uint8),
        ink=np.zeros((100, 300), np.uint8),
        tables=[[(10.0, 10.0, 50.0, 50.0), (60.0, 10.0, 290.0, 50.0)]],
        skew_degrees=0.0,
        shade=shade,
        shade_level=204,
        shaded_page=level,
    )
    words = [
        PixelWord("ro", (20, 20, 40, 40), 0.37),
        PixelWord("PENATAAN", (80, 20, 200, 40), 0.96),
    ]
    shades, kept = shaded_cells(prepared, words)
    assert [cell for cell, _ in shades] == [(10.0, 10.0, 50.0, 50.0)]
    assert [w.text for w in kept] == ["PENATAAN"]
