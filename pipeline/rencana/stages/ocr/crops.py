"""The prepared page image, and the pure helpers that compare readings of its cells by their ink."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from rencana.core import geometry
from rencana.stages.ocr.tesseract import PixelWord


@dataclass(slots=True)
class PreparedPage:
    text_image: np.ndarray  # deskewed, despeckled, rulings erased: what Tesseract reads
    ink: np.ndarray  # ink mask of text_image
    tables: list[list[tuple[float, float, float, float]]]  # cells per table, pixels
    skew_degrees: float
    shade: np.ndarray  # 255 where the (deskewed) page is tinted: shaded cells, grey bands
    shade_level: int | None  # their typical grey, None when nothing is shaded
    # The horizontal rulings, (x0, y, x1) in pixels: the rows of a table ruled between its rows
    # only, which has no cells of its own (tables/borderless.py reads it from the words).
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    # The levelled page before its fills were whitened: each fill's own grey.
    shaded_page: np.ndarray | None = None
    # The specks taken from the ink (deskewed, as ``ink``): a stop's dot of speck size among
    # them, only a shape of the glyph beside it tells ("BKPSDM;" read "BKPSDM," at 200 dpi).
    specks: np.ndarray | None = None


def best_reading(
    readings: list[list[PixelWord]], ink_covered: list[int], slack: float
) -> list[PixelWord]:
    """The reading that covers the most ink, give or take ``slack`` pixels (less than the smallest
    glyph), and among those the most confident.

    Ink comes first so that a confident but partial reading never wins over a complete one: a
    relative margin let a reading that had dropped a doubtful word ("ZI", 5 % of a long cell's
    ink) win on confidence and lose the word.
    """
    most = max(ink_covered)
    return most_confident([r for r, ink in zip(readings, ink_covered) if ink >= most - slack])


_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[A-Za-z]|[IVXivx]{1,4})\)[.,:]?")


def with_lost_brackets(chosen: list[PixelWord], others: list[list[PixelWord]]) -> list[PixelWord]:
    """``chosen`` with the round brackets restored that another reading of the same word kept.

    A bracket printed against its letter ("(j" in a serif face) is often read as part of that
    letter and dropped, and the reading that drops it can be the more confident one. A bracket is
    restored only where ``chosen``'s brackets do not pair and another reading of the same word,
    overlapping it, reads exactly that word with the missing bracket: that pairs them again.
    List markers ("1)", "a)", "(2)") are left out: they close a bracket they never opened."""
    text = "".join(w.text for w in chosen if not _LIST_MARKER.fullmatch(w.text))
    balance = text.count("(") - text.count(")")
    if balance == 0:
        return chosen
    alternatives = [w for reading in others for w in reading]
    out = list(chosen)
    for i, word in enumerate(out):
        if balance == 0:
            break
        if _LIST_MARKER.fullmatch(word.text):
            continue
        wanted = "(" + word.text if balance < 0 else word.text + ")"
        if any(w.text == wanted and overlaps(w.box, word.box) for w in alternatives):
            out[i] = PixelWord(text=wanted, box=word.box, confidence=word.confidence)
            balance += 1 if balance < 0 else -1
    return out


def most_confident(readings: list[list[PixelWord]]) -> list[PixelWord]:
    return max(readings, key=lambda r: sum(w.confidence for w in r) / len(r) if r else 0.0)


def mean_confidence(words: list[PixelWord]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def on_its_line(word: PixelWord, words: list[PixelWord]) -> PixelWord:
    """``word`` with the top and bottom of the nearest word beside it on the page, so that the two
    group as one line (a patch's reading has the line box of its crop, cut to the patch's height)."""
    centre = (word.box[1] + word.box[3]) / 2
    beside = [w for w in words if w.box[1] <= centre <= w.box[3]]
    if not beside:
        return word
    nearest = min(
        beside, key=lambda w: min(abs(w.box[0] - word.box[2]), abs(word.box[0] - w.box[2]))
    )
    return PixelWord(
        text=word.text,
        box=(word.box[0], nearest.box[1], word.box[2], nearest.box[3]),
        confidence=word.confidence,
    )


def keep_better_readings(
    prepared: PreparedPage,
    words: list[PixelWord],
    cells: list[tuple],
    readings: list[list[PixelWord]],
    choose,
    settled,
) -> tuple[list[PixelWord], list[tuple]]:
    """Per cell (``(cell, inked box)``), keep the reading ``choose`` prefers between the words there
    and the new reading; return the words and the cells whose chosen reading is not yet ``settled``."""
    result = list(words)
    unsettled = []
    for (cell, inner), reading in zip(cells, readings):
        before = [w for w in result if geometry.contains_centre(cell, w.box)]
        candidates = [before, [w for w in reading if geometry.contains_centre(cell, w.box)]]
        best = choose(candidates, [ink_covered(prepared.ink, r, cell) for r in candidates])
        if best is not before:
            result = [w for w in result if not geometry.contains_centre(cell, w.box)] + best
        if not settled(best, cell):
            unsettled.append((cell, inner))
    return result, unsettled


def crop(image: np.ndarray, box) -> np.ndarray:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    return image[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]


def ink_covered(ink: np.ndarray, words: list[PixelWord], cell) -> int:
    x0, y0, x1, y1 = (int(round(v)) for v in cell)
    x0, y0 = max(0, x0), max(0, y0)
    inside = crop(ink, (x0, y0, x1, y1))
    mask = np.zeros(inside.shape, np.uint8)
    for word in words:
        wx0, wy0, wx1, wy1 = (int(v) for v in word.box)
        mask[
            max(0, wy0 - y0 - 2) : max(0, wy1 - y0 + 3), max(0, wx0 - x0 - 2) : max(0, wx1 - x0 + 3)
        ] = 255
    return int(np.count_nonzero(inside[mask > 0]))


def ink_extent(
    ink: np.ndarray, box: tuple[int, int, int, int], margin: int
) -> tuple[int, int, int, int]:
    """The part of ``box`` that holds ink, grown by ``margin`` but kept inside ``box``."""
    x0, y0, x1, y1 = box
    ys, xs = np.nonzero(ink[y0:y1, x0:x1])
    if not len(xs):
        return box
    return (
        max(x0, x0 + int(xs.min()) - margin),
        max(y0, y0 + int(ys.min()) - margin),
        min(x1, x0 + int(xs.max()) + 1 + margin),
        min(y1, y0 + int(ys.max()) + 1 + margin),
    )


def ink_lines(
    ink: np.ndarray, box: tuple[int, int, int, int], margin: int
) -> list[tuple[int, int, int, int]]:
    """``box`` cut into its lines of ink: bands of rows holding ink, split where a row holds none,
    each grown by ``margin`` rows but not past the middle of the gap to the next. A band less than
    half as tall as the tallest (an i's dot, a speck) belongs to the line below it. Pure."""
    x0, y0, x1, y1 = box
    inked = np.flatnonzero(np.count_nonzero(ink[y0:y1, x0:x1], axis=1))
    if not len(inked):
        return [box]
    breaks = np.flatnonzero(np.diff(inked) > 1)
    found = list(
        zip(inked[np.r_[0, breaks + 1]].tolist(), inked[np.r_[breaks, len(inked) - 1]].tolist())
    )
    tallest = max(bottom - top for top, bottom in found)
    bands: list[list[int]] = []
    for top, bottom in found:
        if bands and bands[-1][1] - bands[-1][0] < tallest / 2:
            bands[-1][1] = bottom  # the small band above joins this line
        else:
            bands.append([top, bottom])
    if len(bands) > 1 and bands[-1][1] - bands[-1][0] < tallest / 2:
        last = bands.pop()  # a speck below the last line
        bands[-1][1] = last[1]
    lines = []
    for index, (top, bottom) in enumerate(bands):
        above = (bands[index - 1][1] + top) // 2 + 1 if index else 0
        below = (bottom + bands[index + 1][0]) // 2 if index + 1 < len(bands) else y1 - y0
        lines.append((x0, y0 + max(above, top - margin), x1, y0 + min(below, bottom + 1 + margin)))
    return lines


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inset_box(cell: tuple, inset: int) -> tuple[int, int, int, int]:
    """A cell's box in whole pixels, ``inset`` pixels inside its rulings."""
    return (
        int(round(cell[0])) + inset,
        int(round(cell[1])) + inset,
        int(round(cell[2])) - inset,
        int(round(cell[3])) - inset,
    )
