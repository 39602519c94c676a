"""A plan table drawn without ruling lines: rebuild its cells from the words alone.

pdfplumber's text strategy cuts such tables at every word edge, so the grid is built here:
- the header line is the first line naming two or more column roles;
- columns are separated by gutters: x ranges no body word covers;
- within each column, lines close together form one block (a cell's paragraph);
- rows start where a block starts in an anchor column (number, indicator, schedule), and a
  block in another column covers every row it overlaps (a merged cell);
- the table ends at the first vertical gap much wider than the gaps between its rows.

Pure: words in, ``FoundTable`` (strategy "text") out; the cells then go through the same
reading as a ruled table's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import median
from typing import Optional

from rencana.core import geometry
from rencana.core.types import FoundTable, Word

# Words closer than this horizontally belong to one column (an inter-word space is ~3 pt).
MIN_GUTTER = 5.0
# Roles that start a new row when a block of theirs starts.
ANCHOR_ROLES = ("number", "indicator", "schedule")


def lines_of(words: list[Word]) -> list[list[Word]]:
    boxes = [w.bbox for w in words]
    return [[words[i] for i in line] for line in geometry.group_lines(boxes, tolerance=2.0)]


def gutters(spans: list[tuple[float, float]], min_width: float = MIN_GUTTER) -> list[float]:
    """Midpoints of the x ranges no span covers (inside the spans' extent), left to right."""
    ordered = sorted(spans)
    out: list[float] = []
    reach = None
    for x0, x1 in ordered:
        if reach is not None and x0 - reach >= min_width:
            out.append((reach + x0) / 2)
        reach = x1 if reach is None else max(reach, x1)
    return out


def blocks(lines: list[tuple[float, float]], max_gap: float) -> list[tuple[float, float]]:
    """Vertical (top, bottom) extents of lines grouped into paragraphs: a gap above ``max_gap`` splits."""
    out: list[list[float]] = []
    for top, bottom in sorted(lines):
        if out and top - out[-1][1] <= max_gap:
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
    return [(a, b) for a, b in out]


def is_header_line(line: list[Word], role_of: Callable[[str], Optional[str]]) -> bool:
    """Two or more of activity / indicator / schedule named, in separate columns (a sentence of
    body text that happens to say "kegiatan … indikator" is one run of words, not columns)."""
    if len({role_of(w.text) for w in line} & {"activity", "indicator", "schedule"}) < 2:
        return False
    runs = 1 + sum(1 for a, b in zip(line, line[1:]) if b.x0 - a.x1 >= 2 * MIN_GUTTER)
    return runs >= 3


def find(words: list[Word], role_of: Callable[[str], Optional[str]]) -> Optional[FoundTable]:
    """The borderless plan table on a page, or None when no header line names two roles."""
    lines = lines_of(words)
    header_index = next((i for i, line in enumerate(lines) if is_header_line(line, role_of)), None)
    if header_index is None:
        return None
    heights = [w.bottom - w.top for w in words] or [10.0]
    size = median(heights)
    line_gap_max = max(2.0, 0.3 * size)
    # Header: its first line and the lines right under it (a header wrapped over two lines).
    header_lines = [lines[header_index]]
    for line in lines[header_index + 1 :]:
        if min(w.top for w in line) - max(w.bottom for w in header_lines[-1]) > line_gap_max + 2.0:
            break
        header_lines.append(line)
    body_start = header_index + len(header_lines)
    # The table ends at a gap much wider than the gaps between its rows.
    body: list[list[Word]] = []
    row_gaps: list[float] = []
    previous_bottom = max(w.bottom for w in header_lines[-1])
    for line in lines[body_start:]:
        gap = min(w.top for w in line) - previous_bottom
        if body and row_gaps and gap > max(2.5 * median(row_gaps), median(row_gaps) + 10.0):
            break
        if gap > line_gap_max + 2.0:
            row_gaps.append(gap)
        body.append(line)
        previous_bottom = max(previous_bottom, max(w.bottom for w in line))
    if not body:
        return None
    header_words = [w for line in header_lines for w in line]
    body_words = [w for line in body for w in line]
    everything = body_words + header_words
    x0, x1 = min(w.x0 for w in everything) - 2, max(w.x1 for w in everything) + 2
    xs = [x0] + gutters([(w.x0, w.x1) for w in body_words]) + [x1]
    # Column roles from the header words over each column.
    roles = []
    for c in range(len(xs) - 1):
        text = " ".join(w.text for w in header_words if xs[c] <= (w.x0 + w.x1) / 2 < xs[c + 1])
        roles.append(role_of(text) if text else None)
    top = min(w.top for w in header_words) - 2
    header_bottom = max(w.bottom for w in header_words) + 1
    return body_table(body, xs, roles, top, header_bottom, line_gap_max)


def body_table(
    body: list[list[Word]],
    xs: list[float],
    roles: Sequence[Optional[str]],
    top: float,
    header_bottom: Optional[float],
    line_gap_max: float,
) -> FoundTable:
    """Cells of a borderless table's body lines on the columns ``xs``: paragraph blocks per column,
    rows where an anchor column's block starts. ``header_bottom`` None: no header on this page."""
    body_words = [w for line in body for w in line]
    bottom = max(w.bottom for w in body_words) + 2
    column_blocks: list[list[tuple[float, float]]] = []
    for c in range(len(xs) - 1):
        mine = [w for w in body_words if xs[c] <= (w.x0 + w.x1) / 2 < xs[c + 1]]
        spans = [(min(w.top for w in line), max(w.bottom for w in line)) for line in lines_of(mine)]
        column_blocks.append(blocks(spans, line_gap_max + 1.0))
    anchors = [c for c, r in enumerate(roles) if r in ANCHOR_ROLES] or list(range(len(xs) - 1))
    tops = geometry.cluster([b[0] for c in anchors for b in column_blocks[c]], 3.0)
    body_top = header_bottom if header_bottom is not None else top
    ys = [top] + ([header_bottom] if header_bottom is not None else [])
    ys += [max(t - 1, body_top) for t in tops if t - 1 > body_top + 1] + [bottom]
    ys = sorted(set(round(y, 2) for y in ys))
    first_body = 1 if header_bottom is not None else 0
    cells: list[tuple[float, float, float, float]] = []
    for c in range(len(xs) - 1):
        if header_bottom is not None:
            cells.append((xs[c], ys[0], xs[c + 1], ys[1]))  # header cell
        covered: set[int] = set()
        for block_top, block_bottom in column_blocks[c]:
            rows = [
                r
                for r in range(first_body, len(ys) - 1)
                if min(ys[r + 1], block_bottom) - max(ys[r], block_top) > 1.0 and r not in covered
            ]
            if rows:
                rows = list(range(rows[0], rows[-1] + 1))
                covered.update(rows)
                cells.append((xs[c], ys[rows[0]], xs[c + 1], ys[rows[-1] + 1]))
        for r in range(first_body, len(ys) - 1):
            if r not in covered:
                cells.append((xs[c], ys[r], xs[c + 1], ys[r + 1]))
    return FoundTable(bbox=(xs[0], top, xs[-1], bottom), cells=cells, strategy="text")


def fits_columns(line: list[Word], xs: list[float], slack: float = 1.0) -> bool:
    """Every word of the line lies inside one column (a table's line never crosses a gutter)."""
    for word in line:
        c = geometry.slot(xs, (word.x0 + word.x1) / 2)
        if c is None or word.x0 < xs[c] - slack or word.x1 > xs[c + 1] + slack:
            return False
    return True


def find_continued(
    words: list[Word], xs: list[float], roles: Sequence[Optional[str]]
) -> Optional[FoundTable]:
    """A borderless table going on from the previous page on a page that doesn't repeat its header.

    The body is the run of lines from the top of the page that sit inside the table's columns
    (``xs`` and ``roles`` from the page that had the header), up to a line that crosses a gutter
    or a gap much wider than the gaps between rows; it must fill at least two columns (a block of
    text after the table, such as the signature, sits in one)."""
    lines = [line for line in lines_of(words) if line]
    if not lines or not fits_columns(lines[0], xs):
        return None
    size = median([w.bottom - w.top for w in words])
    line_gap_max = max(2.0, 0.3 * size)
    body: list[list[Word]] = []
    row_gaps: list[float] = []
    previous_bottom: Optional[float] = None
    for line in lines:
        if not fits_columns(line, xs):
            break
        if previous_bottom is not None:
            gap = min(w.top for w in line) - previous_bottom
            if row_gaps and gap > max(2.5 * median(row_gaps), median(row_gaps) + 10.0):
                break
            if gap > line_gap_max + 2.0:
                row_gaps.append(gap)
        body.append(line)
        previous_bottom = max(previous_bottom or 0.0, max(w.bottom for w in line))
    used = {geometry.slot(xs, (w.x0 + w.x1) / 2) for line in body for w in line}
    if len(used) < 2:
        return None
    top = min(w.top for w in body[0]) - 2
    return body_table(body, list(xs), roles, top, None, line_gap_max)
