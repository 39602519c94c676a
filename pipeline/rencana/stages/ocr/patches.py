"""Outside tables: small patches of ink the page pass left unread (list markers, label colons) are
read again with the start of their line beside them.
"""

from __future__ import annotations

import re
from typing import Optional

import cv2
import numpy as np

from rencana.core import geometry
from rencana.options import OcrSettings
from rencana.stages.ocr import imaging
from rencana.stages.ocr.crops import (
    PreparedPage,
    best_reading,
    ink_covered,
    ink_extent,
    mean_confidence,
    on_its_line,
    overlaps,
)
from rencana.stages.ocr.tesseract import SETTINGS, PixelWord, read_crops
from rencana.stages.page.spelling import confusions

# A patch read as brackets or bars alone is no marker nor colon: at low resolution, the blurred
# edge of a bold capital that the page pass read without it ("RUMAH" + "{", "UMUM" + "|").
_BRACKETS_ONLY = re.compile(r"[{}()\[\]|]+")


def unread_patches(
    prepared: PreparedPage, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[tuple[tuple[int, int, int, int], tuple[int, int, int, int]]]:
    """Outside the tables, the small patches of ink that the page pass left unread or read
    doubtfully (see ``OcrSettings.max_unread_patch_pt``), as (patch box, crop to read) in pixels."""
    px = dpi / 72.0
    doubtful = [w for w in words if w.confidence < settings.reread_below_confidence]
    covered = np.zeros_like(prepared.ink)
    for word in words:
        if word.confidence >= settings.reread_below_confidence:
            x0, y0, x1, y1 = (int(v) for v in word.box)
            covered[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = 255
    for cells in prepared.tables:
        x0, y0, x1, y1 = (int(round(v)) for v in geometry.hull(cells))
        covered[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1] = 255  # cells have their own re-read
    unread = imaging.erase(prepared.ink, covered)
    if imaging.cv_image(unread) is None:
        return []
    join = max(1, round(settings.unread_join_pt * px))
    patches = cv2.dilate(unread, np.ones((1, 2 * join + 1), np.uint8))
    for word in doubtful:  # a doubtful colon's two dots are one patch
        x0, y0, x1, y1 = (int(v) for v in word.box)
        if np.count_nonzero(covered[y0:y1, x0:x1]) == 0:
            patches[max(0, y0) : y1, max(0, x0 - join) : x1 + join] = 255
    stats = imaging.blob_stats(patches)
    max_width, max_height = (v * px for v in settings.max_unread_patch_pt)
    min_height = settings.min_unread_patch_pt * px
    min_ink = settings.min_mark_ink_pt2 * px * px
    boxes = []
    for x, y, w, h, _ in stats:
        box = (int(x) + join, int(y), int(x + w) - join, int(y + h))  # the dilation undone
        too_big = w - 2 * join > max_width or h > max_height
        if (
            too_big
            or h < min_height
            or np.count_nonzero(unread[box[1] : box[3], box[0] : box[2]]) < min_ink
        ):
            continue
        boxes.append(
            ink_extent(prepared.ink, box, margin=max(1, round(settings.cell_inset_pt * px)))
        )
    # Each patch is read with the start of its line beside it: alone, a list marker is a glyph
    # without context ("3." read "Bi"); before "Peraturan" it is read as on the page. The English
    # model reads markers and colons best, as it does row numbers.
    # The crop also reaches a little above and below (the line's ascenders and descenders, never
    # the next line's): cut at a marker's x-height, "bahwa" beside it read "Danwa" and ":" read ">".
    context, rise = round(settings.unread_context_pt * px), round(settings.unread_rise_pt * px)
    height, width = prepared.ink.shape
    crops = [
        (b[0], max(0, b[1] - rise), min(width, b[2] + context), min(height, b[3] + rise))
        for b in boxes
    ]
    return list(zip(boxes, crops))


def echoes_a_neighbour(word: PixelWord, words: list[PixelWord]) -> bool:
    """``word``, read from a patch, is the edge of a word beside it whose box Tesseract cut
    short, so that its ink looked unread: it touches that word (closer than a space) and reads as
    its last letters ("G" after "TANGERANG") or its first ("I" before a one-pixel "I")."""
    gap = 0.3 * (word.box[3] - word.box[1])
    centre = (word.box[1] + word.box[3]) / 2
    for other in words:
        if other is word or not other.box[1] <= centre <= other.box[3]:
            continue
        if abs(word.box[0] - other.box[2]) <= gap and other.text.endswith(word.text):
            return True
        if abs(other.box[0] - word.box[2]) <= gap and other.text.startswith(word.text):
            return True
    return False


def read_unread_patches(
    prepared: PreparedPage,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    upscale: float | None = None,
) -> list[PixelWord]:
    """The ``unread_patches`` read on one sheet at the page's scale, then at scan size where that
    was unsure. A patch's new words, when sure, replace the doubtful ones there if they cover as
    much of its ink. (A sheet of its own: put on the table cells' English sheet, the patches
    changed how Tesseract read the grid headers there.)"""
    patches = unread_patches(prepared, words, dpi, settings)
    if not patches:
        return words
    px = dpi / 72.0
    pad = 4 * max(1, round(settings.cell_inset_pt * px))
    min_ink = settings.min_mark_ink_pt2 * px * px
    boxes, crops = [box for box, _ in patches], [crop for _, crop in patches]
    doubtful = [w for w in words if w.confidence < settings.reread_below_confidence]
    sure = settings.reread_below_confidence
    result = list(words)
    standing = [
        [w for w in doubtful if overlaps(w.box, box)] for box in boxes
    ]  # the words now read there

    def keep_sure_readings(indices: list[int], readings: list[list[PixelWord]]) -> list[int]:
        nonlocal result
        unsure = []
        for i, reading in zip(indices, readings):
            box, before = boxes[i], standing[i]
            reading = [
                w
                for w in reading
                if geometry.contains_centre(box, w.box)
                and not _BRACKETS_ONLY.fullmatch(w.text)
                and not echoes_a_neighbour(w, result)
            ]
            # Only a sure reading counts: the page pass's ":" at 0.0 beats a re-read "5" at 0.43.
            if reading and mean_confidence(reading) >= sure:
                candidates = [before, reading]
                best = best_reading(
                    candidates,
                    [ink_covered(prepared.ink, r, box) for r in candidates],
                    slack=min_ink,
                )
                if best is reading:
                    reading = [on_its_line(w, result) for w in reading]
                    result = [w for w in result if not any(w is r for r in before)] + reading
                    standing[i] = reading
            # Where nothing at all was read, there is no text to read better (a page number's dashes).
            if reading and mean_confidence(standing[i]) < sure:
                unsure.append(i)
        return unsure

    page_scale = upscale or settings.upscale
    unsure = keep_sure_readings(
        list(range(len(boxes))),
        read_crops(
            prepared.text_image, crops, settings.grid_lang, [page_scale] * len(crops), pad, settings
        ),
    )
    # At another scale for the patches still without a sure reading (which scale reads a lone
    # "1." best changes from line to line, as in the "No" column): scan size, or for a page read
    # at scan size, twice that (a 200-dpi scan's "b." beside "bahwa" at 0.34, then 0.85).
    if unsure:
        other_scale = 1.0 if page_scale != 1.0 else settings.grid_upscale
        keep_sure_readings(
            unsure,
            read_crops(
                prepared.text_image,
                [crops[i] for i in unsure],
                settings.grid_lang,
                [other_scale] * len(unsure),
                pad,
                settings,
            ),
        )
    return result


# Tesseract's Indonesian model has no "%": it reads one as "96", "90", "9o", "Yo" or "“o"
# (on scans at 150-300 dpi also "y6", "#6", "46" or "$", and a unit in brackets "(%)" as "(20)",
# "(6)" or "(261)": a number in brackets is read again too, and stays unless the grid language
# reads "%"), or in brackets as "&" ("(&)", fuzz scan seed 157 at 300 dpi, black and white)
# ("(%)" as "(96)", "100%" as "10096", "(%))" closing a bracket too as "(96))"). A word that
# ends so is read again with the grid language, which has it.
_PERCENT_MISREAD = re.compile(
    r"^(?P<open>\(?)(?P<digits>\d*?)(?:96|90|9o|9O|[Yy“”\"]o|%o|[Yy#4]6|\$|(?<=\()(?:\d{1,3}|&)(?=\)))"
    r"(?P<close>\)*[.,;]?)$"
)
# The "%" read as an "8" closing a number ("minimal 60%" read "608" at 0.83, fuzz scan seed
# 155): a number ending in 8 read doubtfully, whose digits before it make a percentage.
_PERCENT_READ_8 = re.compile(r"^(?P<open>\(?)(?P<digits>\d{1,3})8(?P<close>\)*[.,;]?)$")


def percent_read_8(word: PixelWord) -> Optional[re.Match[str]]:
    """The match of a number OCR doubted whose closing "8" may be a "%" (its digits before
    the 8 at most 100), or None. Pure."""
    match = _PERCENT_READ_8.match(word.text)
    if match is None or word.confidence >= confusions().max_confidence:
        return None
    return match if 0 < int(match["digits"]) <= 100 else None


def percent_signs_read(
    prepared: PreparedPage, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> tuple[list[PixelWord], list[str]]:
    """Words that may hold a "%" the page's language misread, read again on one sheet with
    ``settings.grid_lang``. A word takes the new reading only when that is one word with the
    same digits before a "%", its closing brackets as the grid language reads them (Pandeglang's
    "Domestik (%))" read "(261)" at 0.34, a bracket lost): a printed "96" stays "96". A word
    whose second reading sees a "%" it cannot take ("(%)" read "(8)", then "(3%)": fuzz scan
    seed 40) is unsure: its texts are returned besides, as read."""
    found = [
        (i, m)
        for i, w in enumerate(words)
        if (m := _PERCENT_MISREAD.match(w.text) or percent_read_8(w))
    ]
    if not found:
        return words, []
    pad = max(1, round(settings.cell_inset_pt * dpi / 72.0))
    boxes = [tuple(int(v) for v in words[i].box) for i, _ in found]
    readings = read_crops(
        prepared.text_image,
        [(x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in boxes],
        settings.grid_lang,
        [settings.grid_upscale] * len(boxes),
        pad,
        settings,
    )
    result, unsure = list(words), []
    for (index, match), reading in zip(found, readings):
        expected = f"{match['open']}{match['digits']}%{match['close']}"
        text = reading[0].text if len(reading) == 1 else ""
        if text.rstrip(")") == expected.rstrip(")"):
            result[index] = PixelWord(text, words[index].box, reading[0].confidence)
        elif any("%" in w.text for w in reading):
            unsure.append(words[index].text)
        elif match.re is _PERCENT_READ_8 and not (
            text == words[index].text and reading[0].confidence >= confusions().max_confidence
        ):
            # an 8 the second reading does not bear out surely may be the "%"
            unsure.append(words[index].text)
    return result, unsure
