"""A page scanned a quarter turn off (a landscape LAMPIRAN fed through the scanner as a portrait
sheet, no /Rotate set): its text lines run down the image. Told from the ink, turned back by the
direction Tesseract's orientation detection gives.
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


def lines_run_down(ink: np.ndarray, join: int, least_lines: int = 8) -> bool:
    """Whether the text lines of an ink mask run down the image rather than across it.

    Smeared along a line (gaps up to ``join`` pixels closed: the spaces between letters and
    words), text becomes long thin bars in the direction it runs; across, it stays in letters.
    Rulings are long either way and are left out (bars of at most ``4 * join`` thick do; a bar
    must be five times as long as thick and longer than ``8 * join``)."""
    image = imaging.cv_image(ink)
    if image is None:
        return False

    def bars(kernel: tuple[int, int], axis: int) -> int:
        smeared = cv2.morphologyEx(image, cv2.MORPH_CLOSE, np.ones(kernel, np.uint8))
        _, _, stats = imaging.components(smeared)
        width, height = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
        long, thick = (width, height) if axis == 0 else (height, width)
        return int(np.count_nonzero((long >= 5 * thick) & (long > 8 * join) & (thick <= 4 * join)))

    across = bars((1, join), 0)
    down = bars((join, 1), 1)
    return down >= least_lines and down > 3 * across


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
    if result.returncode != 0 or found is None:
        return None
    degrees = int(found.group(1)) % 360
    return degrees or None


_TURNS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def turned_upright(gray: np.ndarray, ink: np.ndarray, join: int) -> tuple[np.ndarray, int]:
    """``gray`` turned a quarter to set its text upright when its lines run down the page, and
    the clockwise degrees it was turned (0 when it was left). Only a page whose lines run down is
    asked of Tesseract (~1 s CPU), and only a quarter turn it gives is taken: the lines' own
    direction already says the page lies on its side."""
    if not lines_run_down(ink, join):
        return gray, 0
    degrees = upright_turn(cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    if degrees not in (90, 270):
        return gray, 0
    return np.ascontiguousarray(cv2.rotate(gray, _TURNS[degrees])), degrees
