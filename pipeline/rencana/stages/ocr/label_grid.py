"""The cells of a month grid ruled between its rows only, from its month labels and its rules.

A table ruled between rows has no cells in the image (``PreparedPage.tables`` holds ruled
cells only), so its ticks are left to OCR, which reads a lone "√" as "Vo", "xX" or "¥" (fuzz
scan seeds 113, 125, 129, 135). Its month labels ("Jan" … "Des") still say where each month's
column is, and its rules where each row is: the cells they cross are what
``cells.read_grid_marks`` decides from the pixels, as it decides a ruled grid's cells.
"""

from __future__ import annotations

from statistics import median

from rencana.core import geometry
from rencana.stages.ocr.tesseract import PixelWord
from rencana.stages.schedule import month_from_header

# A line of month labels names a grid when this many of them read, left to right in order.
MONTH_LABELS_MIN = 6
# Labels whose middles sit within this share of their height of each other are on one line.
LINE_SHARE = 0.6
# A rule bounds the grid's rows when it reaches this close (a share of a column) to its sides.
RULE_REACH_SHARE = 0.5
# Each label's middle lies this close (a share of a column) to where its month's column is.
PLACE_SPREAD = 0.25
# A band between two rules lower than this share of the labels' height holds no row.
ROW_MIN_SHARE = 1.0


def month_label_line(words: list[PixelWord]) -> list[tuple[int, PixelWord]]:
    """The month labels of the line that reads the most of them, left to right, when they count
    up with their places (a label a scan misread is left out), else []. Months numbered "1" …
    "12" count too: a line of column numbers ("(1) (2) …") under columns of their own widths
    is told by its uneven spacing (label_grid_cells). Pure."""
    labels = [(month, w) for w in words if (month := month_from_header(w.text, numbered=True))]
    best: list[tuple[int, PixelWord]] = []
    for _, word in labels:
        middle, height = (word.box[1] + word.box[3]) / 2, word.box[3] - word.box[1]
        line = sorted(
            (
                (m, w)
                for m, w in labels
                if abs((w.box[1] + w.box[3]) / 2 - middle) <= LINE_SHARE * height
            ),
            key=lambda label: label[1].box[0],
        )
        months = [m for m, _ in line]
        if len(line) > len(best) and months == sorted(set(months)):
            best = line
    return best if len(best) >= MONTH_LABELS_MIN else []


def label_grid_cells(
    words: list[PixelWord],
    rules: list[tuple[float, float, float]],
    ruled: list[list[tuple[float, float, float, float]]],
) -> list[tuple[float, float, float, float]]:
    """The month cells of a grid whose labels read in order over rows its rules part (pixels):
    each month's column is centred where its label's place in the run puts it (a label misread
    or unread is placed by the others), each row lies between two rules that cross the grid
    and end where the rule under its header ends.
    None when the labels sit in a ruled table (its own cells serve) or fewer than two rules
    cross the grid below them. Pure."""
    columns = month_columns(words, ruled)
    if columns is None:
        return []
    first, last, origin, pitch, top, height = columns
    left, right, reach = _grid_span(first, last, origin, pitch)
    spanning = sorted(
        (y, x0, x1) for x0, y, x1 in rules if y > top and x0 <= left + reach and x1 >= right - reach
    )
    if not spanning:
        return []
    # the table's rules end where the one under its header ends (a merged parent's cells keep
    # them from its left side: fuzz scan seed 125); another table's do not
    right_end = spanning[0][2]
    ys = [y for y, _, x1 in spanning if abs(x1 - right_end) <= reach]
    cells = []
    for y0, y1 in zip(ys, ys[1:]):
        if y1 - y0 < ROW_MIN_SHARE * height:
            continue  # a rule drawn double, or a rule's two edges
        for month in range(first, last + 1):
            middle = origin + (month - 1) * pitch
            cells.append((middle - pitch / 2, y0, middle + pitch / 2, y1))
    return cells


def month_columns(
    words: list[PixelWord], ruled: list[list[tuple[float, float, float, float]]]
) -> tuple[int, int, float, float, float, float] | None:
    """The month columns a line of labels sets out outside any ruled table (pixels): its first
    and last month, January's middle, the column pitch and the labels' foot; None without such
    a line, or when its labels are not evenly spaced (no grid of equal columns), and the
    labels' height. Pure."""
    line = month_label_line(words)
    if not line:
        return None
    if any(
        geometry.contains_centre(geometry.hull(cells), w.box) for cells in ruled for _, w in line
    ):
        return None  # the labels sit in a ruled table: its own cells serve
    middles = [((w.box[0] + w.box[2]) / 2, m) for m, w in line]
    pitch = median(
        (x2 - x1) / (m2 - m1) for (x1, m1), (x2, m2) in zip(middles, middles[1:]) if m2 > m1
    )
    origin = median(x - (m - 1) * pitch for x, m in middles)  # January's middle
    if any(abs(x - origin - (m - 1) * pitch) > PLACE_SPREAD * pitch for x, m in middles):
        return None
    top = max(w.box[3] for _, w in line)
    return line[0][0], line[-1][0], origin, pitch, top, median(w.box[3] - w.box[1] for _, w in line)


def _grid_span(first: int, last: int, origin: float, pitch: float) -> tuple[float, float, float]:
    """The left and right edges of a grid from its first to its last month's column, and how
    far short of them a rule may end and still cross it. Pure."""
    return (
        origin + (first - 1.5) * pitch,
        origin + (last - 0.5) * pitch,
        RULE_REACH_SHARE * pitch,
    )


def unruled_grid_columns(
    words: list[PixelWord],
    rules: list[tuple[float, float, float]],
    ruled: list[list[tuple[float, float, float, float]]],
) -> list[tuple[float, float, float, float]]:
    """The month columns of a grid without any rules (pixels), each from under its label down to
    the first word that runs across the grid's columns (the signature block, the text
    after the table), where no rule crosses the grid to part its rows: OCR alone reads its
    ticks, and drops lone ones. [] when its rows are ruled (label_grid_cells) or no labels read.
    Pure."""
    columns = month_columns(words, ruled)
    if columns is None:
        return []
    first, last, origin, pitch, top, _ = columns
    left, right, reach = _grid_span(first, last, origin, pitch)
    if any(y > top and x0 <= left + reach and x1 >= right - reach for x0, y, x1 in rules):
        return []
    across = [
        w.box[1]
        for w in words
        if w.box[1] > top
        and w.box[2] - w.box[0] > pitch
        and w.box[0] < right
        and w.box[2] > left
        and sum(c.isalnum() for c in w.text) >= ACROSS_MIN_LETTERS
    ]
    bottom = min(across, default=float("inf"))
    return [
        (origin + (m - 1.5) * pitch, top, origin + (m - 0.5) * pitch, bottom)
        for m in range(first, last + 1)
    ]


# A word of this many letters or more wider than a month's column ends a grid without rules.
ACROSS_MIN_LETTERS = 3
