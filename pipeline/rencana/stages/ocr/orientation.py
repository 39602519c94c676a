"""A page scanned a quarter turn off (a landscape LAMPIRAN fed through the scanner as a portrait
sheet, no /Rotate set): its text lines run down the image; a page fed upside down: its lines
hang their ink below them. Told from the ink, turned back by the direction Tesseract's
orientation detection gives.
"""

from __future__ import annotations

import os
import re
import tempfile
from typing import Optional

import cv2
import numpy as np

from rencana.stages.ocr import imaging
from rencana.stages.ocr.tesseract import run_tesseract

# An ink mask smeared along its lines: component labels and stats, and the text lines' labels.
LineBars = tuple[np.ndarray, np.ndarray, list[int]]


def lines_run_down(
    ink: np.ndarray, join: int, least_lines: int = 8, across: Optional[LineBars] = None
) -> bool:
    """Whether the text lines of an ink mask run down the image rather than across it.

    Smeared along a line (gaps up to ``join`` pixels closed: the spaces between letters and
    words), text becomes long thin bars in the direction it runs; across, it stays in letters.
    Rulings are long either way and are left out (bars of at most ``4 * join`` thick do; a bar
    must be five times as long as thick and longer than ``8 * join``). ``across``: the mask's
    bars across (``_line_bars``), where the caller has them."""
    image = imaging.cv_image(ink)
    if image is None:
        return False

    lines_across = len((across or _line_bars(image, join, True))[2])
    down = len(_line_bars(image, join, False)[2])
    return down >= least_lines and down > 3 * lines_across


def _line_bars(image: np.ndarray, join: int, across: bool) -> LineBars:
    """The ink smeared along lines running across (or down) the image: its component labels and
    stats, and the labels of the bars that are text lines (see ``lines_run_down``)."""
    kernel = (1, join) if across else (join, 1)
    smeared = cv2.morphologyEx(image, cv2.MORPH_CLOSE, np.ones(kernel, np.uint8))
    _, labels, stats = imaging.components(smeared)
    width, height = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    long, thick = (width, height) if across else (height, width)
    bars = (long >= 5 * thick) & (long > 8 * join) & (thick <= 4 * join)
    return labels, stats, [int(label) + 1 for label in np.flatnonzero(bars)]


def lines_hang_down(
    ink: np.ndarray,
    join: int,
    least_lines: int = 8,
    core: float = 0.4,
    across: Optional[LineBars] = None,
) -> bool:
    """Whether the text lines running across an ink mask carry at least as much ink below their
    core (the x-height band: rows holding ``core`` of the line's fullest row) as above it. Upright
    Latin type reaches above its core far more than below: capitals, ascenders (b d h k l t) and
    i-dots against descenders (g j p y); a decree's page 2.3 to 4.3 times more. Turned upside
    down, the two change places. A table page has few such lines; a hanging page is only asked of
    Tesseract, which decides. ``across``: as for ``lines_run_down``."""
    image = imaging.cv_image(ink)
    if image is None:
        return False
    labels, stats, bars = across or _line_bars(image, join, True)
    if len(bars) < least_lines:
        return False
    above = below = 0
    for label in bars:
        x, y, w, h = stats[label, :4]
        window = (slice(y, y + h), slice(x, x + w))
        rows = np.count_nonzero((labels[window] == label) & (image[window] > 0), axis=1)
        band = np.flatnonzero(rows >= core * rows.max())
        above += int(rows[: band[0]].sum())
        below += int(rows[band[-1] + 1 :].sum())
    return below >= above


def upright_turn(gray: np.ndarray) -> Optional[int]:
    """Degrees to turn ``gray`` clockwise to set its text upright (90, 180 or 270), as Tesseract's
    orientation detection (``--psm 0``, the ``osd`` model) reads it; None when it cannot tell."""
    image = imaging.cv_image(gray)
    if image is None:
        return None
    with tempfile.TemporaryDirectory(prefix="rencana-osd-") as folder:
        path = os.path.join(folder, "page.pgm")
        cv2.imwrite(path, image)
        result = run_tesseract([path, "stdout", "--psm", "0", "-l", "osd"])
    found = re.search(r"^Rotate:\s*(\d+)", result.stdout, re.M)
    sure = re.search(r"^Orientation confidence:\s*([\d.]+)", result.stdout, re.M)
    if result.returncode != 0 or found is None:
        return None
    if sure is not None and float(sure.group(1)) < MIN_OSD_CONFIDENCE:
        return None
    degrees = int(found.group(1)) % 360
    return degrees or None


# Below this orientation confidence Tesseract's answer is a guess: an upright 200-dpi decree page
# read at half size came back "Rotate: 180" at 1.63 (at full size: 0, at 13.0).
MIN_OSD_CONFIDENCE = 3.0


_TURNS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def turned_upright(gray: np.ndarray, ink: np.ndarray, join: int) -> tuple[np.ndarray, int]:
    """``gray`` turned to set its text upright when its lines run down the page or hang below
    themselves, and the clockwise degrees it was turned (0 when it was left). Only such a page is
    asked of Tesseract (~1 s CPU), and only the turn the ink points to is taken: a quarter turn
    for lines running down, a half turn for hanging ones."""
    image = imaging.cv_image(ink)
    if image is None:
        return gray, 0
    across = _line_bars(image, join, True)  # both tests ask for them: smeared once (~30 ms)
    if lines_run_down(image, join, across=across):
        turns: tuple[int, ...] = (90, 270)
    elif lines_hang_down(image, join, across=across):
        turns = (180,)
    else:
        return gray, 0
    degrees = upright_turn(gray)
    if degrees not in turns:
        return gray, 0
    return np.ascontiguousarray(cv2.rotate(gray, _TURNS[degrees])), degrees
