"""Pure geometry helpers for tables: bbox arithmetic, clustering of edges, cell spans.

Boxes are ``(x0, top, x1, bottom)`` in pdfplumber's top-down coordinates. Nothing here imports
pages or tables, and nothing mutates its input, so every helper is testable with a few numbers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Optional

from rencana.core.bbox import BBox
from rencana.core.types import Word


def union(boxes: Iterable[BBox]) -> Optional[BBox]:
    """The smallest box holding every box, or None for none."""
    boxes = list(boxes)
    return hull(boxes) if boxes else None


def hull(boxes: Sequence[BBox]) -> BBox:
    """The smallest box holding every box of a non-empty sequence."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def area(box: BBox) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: BBox, b: BBox) -> Optional[BBox]:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def covered_share(box: BBox, by: BBox) -> float:
    """Share of ``box``'s area that ``by`` covers (0..1); a filled rect over a grid cell."""
    inner = intersection(box, by)
    whole = area(box)
    return area(inner) / whole if inner and whole else 0.0


def covered(boxes: list[BBox], covers: list[BBox], min_share: float) -> set[int]:
    """Indices of ``boxes`` of which some box of ``covers`` covers at least ``min_share``.

    A rectangle covering more than half of a box holds the box's centre, so with
    ``min_share >= 0.5`` only boxes whose centre a cover holds need measuring: found by bisection
    on the centres, not by measuring every pair (thousands of cells and fills on a report page).
    """
    if min_share < 0.5:
        raise ValueError("the centre test needs min_share >= 0.5")
    by_y = sorted((centre(box)[1], centre(box)[0], index) for index, box in enumerate(boxes))
    ys = [entry[0] for entry in by_y]
    found: set[int] = set()
    for cover in covers:
        for _, x, index in by_y[bisect_left(ys, cover[1]) : bisect_right(ys, cover[3])]:
            if (
                index not in found
                and cover[0] <= x <= cover[2]
                and covered_share(boxes[index], cover) >= min_share
            ):
                found.add(index)
    return found


def centre(box: BBox) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def cluster(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted values merged into groups whose neighbours lie within ``tolerance``; each group → its mean.

    Cell edges drawn by different strokes differ by a fraction of a point; this gives the grid lines.
    """
    ordered = sorted(values)
    groups: list[list[float]] = []
    for value in ordered:
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def nearest_index(lines: Sequence[float], value: float) -> int:
    """Index of the grid line nearest ``value``."""
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


def slot(lines: Sequence[float], value: float) -> Optional[int]:
    """Index i with lines[i] <= value < lines[i+1] (sorted grid lines), or None outside them."""
    if len(lines) < 2 or not lines[0] <= value < lines[-1]:
        return None
    return bisect_right(lines, value) - 1


def span(box: BBox, xs: Sequence[float], ys: Sequence[float]) -> tuple[int, int, int, int]:
    """(first row, row after last, first column, column after last) a cell covers in the grid."""
    return (
        nearest_index(ys, box[1]),
        nearest_index(ys, box[3]),
        nearest_index(xs, box[0]),
        nearest_index(xs, box[2]),
    )


def group_lines(boxes: Sequence[BBox], tolerance: float = 2.0) -> list[list[int]]:
    """Indices of boxes grouped into text lines (by vertical centre), top to bottom, each left to right.

    A box joins the line of the box above it when their centres lie within ``tolerance``, or
    when each one's centre lies within the other's height: an OCR layer's boxes of one line
    jitter by more than a text layer's do, and a list number's box sits a few points off its
    line ("2." 163-181 beside "Persentase" 169-180 on the Kediri scan)."""
    order = sorted(range(len(boxes)), key=lambda i: (centre(boxes[i])[1], boxes[i][0]))
    lines: list[list[int]] = []
    first: Optional[BBox] = None  # the line's first box, which later boxes are matched with
    for i in order:
        box = boxes[i]
        if first is not None and _same_line(first, box, tolerance):
            lines[-1].append(i)
        else:
            lines.append([i])
            first = box
    return [sorted(line, key=lambda i: boxes[i][0]) for line in lines]


def _same_line(a: BBox, b: BBox, tolerance: float) -> bool:
    ya, yb = centre(a)[1], centre(b)[1]
    return abs(ya - yb) <= tolerance or (a[1] <= yb <= a[3] and b[1] <= ya <= b[3])


def uncovered_runs(
    spans: Sequence[tuple[int, int, int, int]], xs: Sequence[float], ys: Sequence[float]
) -> list[tuple[BBox, int, int, int]]:
    """Grid slots no cell covers, as vertical runs per column: (bbox, first row, row after last, column).

    A merged cell whose closing rule is missing (a table split by a page break without its bottom
    border) is not found as a cell, yet its text belongs somewhere: each run stands for it.
    Runs start below the first row that has any cell, so open space above a table is not a cell.
    """
    covered = {(r, c) for r0, r1, c0, c1 in spans for r in range(r0, r1) for c in range(c0, c1)}
    if not covered:
        return []
    first_row = min(r for r, _ in covered)
    out = []
    for col in range(len(xs) - 1):
        row = first_row
        while row < len(ys) - 1:
            if (row, col) in covered:
                row += 1
                continue
            end = row
            while end < len(ys) - 1 and (end, col) not in covered:
                end += 1
            out.append(((xs[col], ys[row], xs[col + 1], ys[end]), row, end, col))
            row = end
    return out


def contains_centre(box: BBox, inner: BBox) -> bool:
    """Whether ``inner``'s centre lies inside ``box`` (edges included)."""
    cx, cy = centre(inner)
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def overlapping_glyphs(
    glyphs: Sequence[tuple[str, BBox]], min_share: float = 0.5, band: float = 6.0
) -> list[BBox]:
    """The boxes of glyphs drawn over a different glyph: overlapping it by more than
    ``min_share`` of the narrower one's width and of the shorter one's height. Set text never
    does that (a glyph doubled for bold is the same glyph); a page printed over another does.

    Glyphs are compared with their next neighbours from the left within horizontal bands of
    ``band`` points, in two sets of bands half a band apart, so that two glyphs whose tops lie
    within half a band share a band in one of them (vectorised: a report page has thousands)."""
    import numpy as np

    kept = [(text, box) for text, box in glyphs if text.strip()]
    if len(kept) < 2:
        return []
    codes = np.unique([text for text, _ in kept], return_inverse=True)[1]
    x0, top, x1, bottom = np.array([box for _, box in kept], dtype=float).T
    flagged = np.zeros(len(kept), dtype=bool)
    for offset in (0.0, band / 2):
        rows = np.floor((top + offset) / band)
        order = np.lexsort((x0, rows))
        for step in (1, 2, 3):
            a, b = order[:-step], order[step:]
            wide = np.minimum(x1[a], x1[b]) - np.maximum(x0[a], x0[b])
            tall = np.minimum(bottom[a], bottom[b]) - np.maximum(top[a], top[b])
            over = (
                (rows[a] == rows[b])
                & (codes[a] != codes[b])
                & (wide > min_share * np.minimum(x1[a] - x0[a], x1[b] - x0[b]))
                & (tall > min_share * np.minimum(bottom[a] - top[a], bottom[b] - top[b]))
            )
            flagged[a[over]] = True
            flagged[b[over]] = True
    return [kept[i][1] for i in np.flatnonzero(flagged)]


def words_confidence(words: Sequence[Word], bbox: BBox) -> float | None:
    """Character-weighted mean confidence of the OCR words whose centres lie in ``bbox``.

    Used by the records stage to give each OCR'd record a confidence. None when no OCR word
    lies there (a text-layer page).
    """
    total = weight = 0.0
    for word in words:
        if word.confidence is None or not contains_centre(bbox, word.bbox):
            continue
        weight += len(word.text)
        total += word.confidence * len(word.text)
    return round(total / weight, 3) if weight else None


def glued_at(text: str, index: int, reach: int = 2) -> Optional[int]:
    """Where, within ``reach`` characters of ``index``, a word glued from two cells' words breaks:
    after punctuation or a slash ("Perundang-undangan/persiapan"), or before a capital after a
    small letter or a digit ("Perencanaan,September", "PenyelenggaraanDesember", an item number
    filling a narrow No cell: "1.2.1Jumlah"). Pure."""
    for offset in sorted(range(-reach, reach + 1), key=abs):
        i = index + offset
        if 0 < i < len(text) and text[i].isalpha():
            before = text[i - 1]
            if before in ",.;:)/" or ((before.islower() or before.isdigit()) and text[i].isupper()):
                return i
    return None


def split_at_gutters(words: list[Word], xs: Sequence[float], box: BBox) -> list[Word]:
    """Words in ``box`` (a table without column rulings, its column boundaries ``xs``) that run
    over a column boundary, split where the two cells' words were glued together (a word
    overflowing its cell touches the next cell's, and the text layer reads them as one). Pure."""
    x0, top, x1, bottom = box
    out: list[Word] = []
    for word in words:
        inside = top <= (word.top + word.bottom) / 2 <= bottom and x0 <= word.x0 < x1
        crossed = [x for x in xs if word.x0 + 1 < x < word.x1 - 1] if inside else []
        char = (word.x1 - word.x0) / max(len(word.text), 1)
        at = glued_at(word.text, round((crossed[0] - word.x0) / char)) if crossed else None
        if at is None:
            out.append(word)
            continue
        cut = word.x0 + at * char
        out += [
            replace(word, text=word.text[:at], x1=cut),
            replace(word, text=word.text[at:], x0=cut),
        ]
    return out
