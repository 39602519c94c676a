"""A plan table drawn without column rulings: rebuild its cells from the words' alignment.

pdfplumber's text strategy cuts such tables at every word edge, and its lattice finder needs
vertical rules, so the grid is built here, for tables ruled between their rows only
(horizontal lines, as Word prints a table with only horizontal borders) or not at all:
- the header is the first band of close lines (or bold lines, as a header is set) whose word
  groups name two or more column roles; a header word run over two or more groups below it is
  a parent header ("Waktu Pelaksanaan" over the months), and a group naming no role takes its
  parent's; a line close above the band whose phrases stand over its headings is its first
  (headings wrapped at the row's foot: "Hasil yang" over "Diharapkan"); two headings set a
  space apart split where the body starts a column under the second ("Satuan" "Kondisi Awal");
- column boundaries lie between the header groups, where the fewest body lines have a word
  (banner text that runs over a gutter does not hide it);
- rows come from the horizontal rules where the table has them: a column's cell runs from one
  rule over it to the next, so a cell merged over several rows (its rules only at its top and
  bottom) stays one cell; without rules, rows start where a block of lines starts in a leaf
  column (indicator, schedule) or where a block stands alone in its band (a banner), and lines
  close together in a column form one block (a cell's paragraph); where the table centres a
  merged cell's text, the text takes the rows it is centred on;
- a run of words over a gutter (a banner's text in a cell merged over the row) makes one cell
  of the columns it crosses;
- the table ends at its last rule, or at the first vertical gap much wider than its row gaps,
  or at text set in another size of type.

Pure: words (and rules) in, ``FoundTable`` (strategy "text") out; the cells then go through the
same reading as a ruled table's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from statistics import median
from typing import Any, Optional

from rencana import vocab
from rencana.core import geometry
from rencana.core.roles import Role
from rencana.core.types import BBox, FoundTable, Word
from rencana.stages.schedule import is_tick, month_from_header
from rencana.stages.tables.grid import is_bold, is_value
from rencana.stages.tables.headers import (
    fold_header,
    is_column_number_row,
    is_generic_header,
    is_total_label,
    plan_companions,
)
from rencana.stages.tables.rows import SUB_LEVELS, stops_open, totals_only

RoleOf = Callable[[str], Optional[Role]]
# A horizontal ruling segment: (x0, y, x1), y top-down.
HRule = tuple[float, float, float]

# A line of one phrase over this many column edges is prose across a table's columns.
PROSE_EDGES_MIN = 2
# Words closer than this horizontally belong to one column (an inter-word space is ~3 pt).
MIN_GUTTER = 5.0
# A gap between two words of one phrase is at most a space: this many of the left word's
# average character widths (a monospaced space is one character, a proportional one about half).
SPACE_CHARS = 1.1
# OCR boxes a word by its ink, which runs short of its type by the side bearings at both ends:
# the ink gap of a space is wider and the ink per character narrower than set. A monospaced
# space read so measures 1.16-1.21 characters (Courier at 7.5-8 pt: 5.0 pt of gap after 4.1 pt
# of ink a character), and parted every word of a row into a phrase of its own ("Jumlah laporan
# ..." then opened a total); the narrowest gutter between two columns measured 1.47.
SPACE_CHARS_OCR = 1.3
# The hierarchy's columns: the last of them is the leaf, whose blocks start rows. (A page
# without its header takes its roles from the table's first page, levels numbered by then.)
HIERARCHY = (Role.AREA, Role.ACTIVITY, Role.LEVEL, *SUB_LEVELS, Role.INDICATOR, Role.STACKED)
# A stroke shorter than this is no table rule (a dash, an underline's piece).
RULE_MIN_LENGTH = 10.0
# Strokes this close vertically are one rule (the two edges of a thin filled rect).
RULE_Y_TOLERANCE = 1.5
# A rule covers a column when it runs under this share of the column's width.
RULE_COLUMN_SHARE = 0.5
# A rule under the header runs under this share of the header's width (a parent header's own
# rule, over its columns only, does not end the header).
RULE_HEADER_SHARE = 0.9
# Text set this much larger or smaller (a share of the table's size) is not the table's.
TYPE_SIZE_TOLERANCE = 0.15
# ... between lines OCR'd: OCR sizes a line by its ink, so one type measures 5.5 pt on a line
# of capitals, 7.0 with descenders and 8.9 on a bold header line (150 dpi, scan fuzz seed 3).
OCR_TYPE_SIZE_TOLERANCE = 0.4
# A header has at most this many lines.
HEADER_MAX_LINES = 8
# A block standing alone in its band (no other column's text beside it) starts a row (a banner)
# only when the gaps around it are at least this share of the table's narrowest row gap: a
# parent's text centred over its rows may sit in the gap between two of them.
ALONE_GAP_SHARE = 0.6
# A gap this many times a phrase's other spaces is no space between its words.
WIDE_SPACE = 2.0
# A block's top within this of a row's first line starts on that row.
ALIGN_TOLERANCE = 1.5
# An empty row kept as a spacer widens the gap between two rows' texts by a line and its
# padding: at most this many type sizes over the table's row gap; the lines looked at after it.
SPACER_LINES = 3.0
SPACER_LOOKAHEAD = 4
# A header centred over its columns' labels has its middle within this of theirs (a word
# processor centres both; a text merely over one label is seldom so exactly).
CENTRED_TOLERANCE = 2.0
# The doubt (a quality check's name) of a table whose parents read as set at their rows' top
# could as well be centred over other rows (``centred_as_well``).
PARENTS_EITHER_WAY = "parents_either_way"
# The doubt of a table without rulings nor spacing where a parent's line at a row's start may
# open the next parent's text or go on with its own (``parent_may_end``).
PARENT_MAY_END = "parents_may_run_together"
# The doubt of a table without rulings nor spacing where a leaf's line may open the next row's
# text or go on with its own (``row_may_part``).
ROW_MAY_PART = "rows_may_run_together"
# The doubt of a table where a value closing a column's text starts where the next column's
# texts do (``value_at_next_column``).
VALUE_AT_NEXT_COLUMN = "value_read_into_text"


# ---------------------------------------------------------------- pure helpers


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


def blocks(
    lines: list[tuple[float, float]],
    max_gap: float,
    starts: Sequence[float] = (),
    pitch: float = 0.0,
) -> list[tuple[float, float]]:
    """Vertical (top, bottom) extents of lines grouped into paragraphs: a gap above ``max_gap``
    splits, unless the line's top lies within the table's line ``pitch`` of the one above
    (``wraps_at_pitch``), and so does a line at one of ``starts`` (a row starting without a
    gap)."""
    out: list[list[float]] = []
    above = (0.0, 0.0)  # the line above's (top, bottom)
    for top, bottom in sorted(lines):
        starting = any(abs(top - s) <= ALIGN_TOLERANCE for s in starts)
        wraps = bool(out) and (
            top - out[-1][1] <= max_gap or wraps_at_pitch(above, (top, bottom), pitch)
        )
        if wraps and not starting:
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
        above = (top, bottom)
    return [(a, b) for a, b in out]


# How far a wrapped line's pitch may stray from the table's: an OCR'd line's box is its ink's (a
# line without descenders ends at its baseline, a line of capitals and commas a little below),
# which moves its gap to the next line by a point or two, while line tops keep the pitch within
# this.
PITCH_TOLERANCE = 0.6


def wraps_at_pitch(above: tuple[float, float], line: tuple[float, float], pitch: float) -> bool:
    """Whether a line (top, bottom) is the wrap of the line ``above`` by the table's line
    ``pitch`` (``line_pitch``; 0 where none was measured), though its ink's gap reads wider
    than a line gap: its top lies within the pitch of the top above, or its bottom of the
    bottom above (a line of small letters without ascenders tops at their x-height:
    'anggaran' under 'Melakukan monitoring penyerapan', scan seed 216). Pure."""
    nearer = min(line[0] - above[0], line[1] - above[1])
    return pitch > 0 and nearer <= pitch + PITCH_TOLERANCE


def lines_in_column(body: list[list[Word]], lo: float, hi: float) -> list[list[Word]]:
    """Each line's words centred between ``lo`` and ``hi``, top-down, lines without one left
    out. Pure."""
    return [mine for line in body if (mine := [w for w in line if lo <= (w.x0 + w.x1) / 2 < hi])]


def line_pitch(body: list[list[Word]], xs: Sequence[float], max_gap: float) -> float:
    """The table's line pitch (top to top): the median over the lines in one column that follow
    the line above with no more than a line gap (``max_gap``) between their boxes; 0 where no
    line does. On a scan a line's box is its ink's, so a line gap measured between boxes
    depends on the letters (descenders) while the pitch does not: fuzz scan seed 162,
    'KESAMBEN, D. KETAHANAN' under three lines of capitals, its gap 3.1 pt against their 2.9;
    the scanned Grobogan layout, 'lingkungan KPU …' under a line without descenders, 4.8 pt
    against 2.6; each was read as the next row's cell. Pure."""
    pitches: list[float] = []
    for lo, hi in zip(xs, xs[1:]):
        lines = lines_in_column(body, lo, hi)
        for above, line in zip(lines, lines[1:]):
            top = min(w.top for w in line)
            if top - max(w.bottom for w in above) <= max_gap:
                pitches.append(top - min(w.top for w in above))
    return median(pitches) if pitches else 0.0


def horizontal_rules(edges: Iterable[dict[str, Any]]) -> list[HRule]:
    """pdfplumber's horizontal edges as rules: strokes at one height (the two edges of a thin
    filled rect, a cell border drawn piece by piece) are merged where they touch, and what is
    still short is no rule (the borders of a PKPT's narrow week cells, each shorter than a
    rule, make one when merged). Pure."""
    strokes = sorted(
        (float(e["top"]), float(e["x0"]), float(e["x1"]))
        for e in edges
        if e.get("orientation") == "h"
    )
    rows: list[list[tuple[float, float, float]]] = []
    for stroke in strokes:
        if rows and stroke[0] - rows[-1][0][0] <= RULE_Y_TOLERANCE:
            rows[-1].append(stroke)
        else:
            rows.append([stroke])
    out: list[HRule] = []
    for row in rows:
        merged: list[tuple[list[float], list[float]]] = []  # ([x0, x1], the strokes' heights)
        for top, x0, x1 in sorted(row, key=lambda s: s[1]):
            if merged and x0 <= merged[-1][0][1] + 2.0:
                merged[-1][0][1] = max(merged[-1][0][1], x1)
                merged[-1][1].append(top)
            else:
                merged.append(([x0, x1], [top]))
        kept = [(span, tops) for span, tops in merged if span[1] - span[0] >= RULE_MIN_LENGTH]
        if not kept:
            continue
        heights = [top for _, tops in kept for top in tops]
        y = sum(heights) / len(heights)
        out += [(span[0], y, span[1]) for span, _ in kept]
    return out


def same_phrase(left: Word, right: Word) -> bool:
    """Two words on a line are one phrase when the gap between them is a space at most."""
    char = (left.x1 - left.x0) / max(len(left.text), 1)
    space = SPACE_CHARS if left.confidence is None else SPACE_CHARS_OCR
    return right.x0 - left.x1 <= max(space * char, 1.0)


def runs_of(line: list[Word]) -> list[list[Word]]:
    """A line's words split into phrases (runs), left to right."""
    out: list[list[Word]] = []
    for word in sorted(line, key=lambda w: w.x0):
        if out and same_phrase(out[-1][-1], word):
            out[-1].append(word)
        else:
            out.append([word])
    return out


def header_runs(line: list[Word]) -> list[list[Word]]:
    """A header line's phrases, a run of month names or of numbers parted into its words: the
    labels of a narrow grid ("Feb Mar Apr", "10 11 12") sit closer than a space apart."""
    out: list[list[Word]] = []
    for run in runs_of(line):
        texts = [w.text for w in run]
        labels = len(run) > 1 and (
            all(month_from_header(t) for t in texts) or all(t.isdigit() for t in texts)
        )
        out += [[w] for w in run] if labels else [run]
    return out


def text_of(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))


# A stretch narrower than this between two texts is a sliver, no gutter.
SLIVER = 1.0


def emptiest(runs: list[list[tuple[float, float]]], lo: float, hi: float) -> float:
    """The middle of the stretch of (lo, hi) that the fewest lines cover (each line given as its
    runs' x spans): where a column boundary falls between two header groups. A stretch with text
    on both sides is a gutter (the widest wins); else the first: a column's text starts right
    after its boundary, and the room after it, up to a centred header, is inside the column.
    Pure."""
    events: list[tuple[float, int]] = []
    for spans in runs:
        for x0, x1 in spans:
            a, b = max(x0, lo), min(x1, hi)
            if b > a:
                events += [(a, 1), (b, -1)]
    events.sort()
    stretches: list[tuple[int, float, float]] = []  # (count, start, end)
    count, at = 0, lo
    for x, delta in events:
        if x > at:
            stretches.append((count, at, x))
        count += delta
        at = max(at, x)
    if hi > at:
        stretches.append((count, at, hi))
    if not stretches:
        return (lo + hi) / 2
    # a sliver between two texts is no gutter (a banner merged over the columns ends a tenth of
    # a point short of the next column's text)
    stretches = [s for s in stretches if s[2] - s[1] >= SLIVER] or stretches
    fewest = min(c for c, _, _ in stretches)
    joined: list[list[float]] = []
    for c, a, b in stretches:
        if c != fewest:
            continue
        if joined and abs(joined[-1][1] - a) < 1e-6:
            joined[-1][1] = b
        else:
            joined.append([a, b])
    inner = [s for s in joined if s[0] > lo + 1e-6 and s[1] < hi - 1e-6]
    a, b = max(inner, key=lambda s: s[1] - s[0]) if inner else joined[0]
    return (a + b) / 2


# ---------------------------------------------------------------- the header


@dataclass
class Run:
    words: list[Word]
    line: int  # index of its line in the header band
    # the x range a parent header stands over, where it is wider than the parent's own text
    over: Optional[tuple[float, float]] = None

    @property
    def x0(self) -> float:
        return min([w.x0 for w in self.words] + ([self.over[0]] if self.over else []))

    @property
    def x1(self) -> float:
        return max([w.x1 for w in self.words] + ([self.over[1]] if self.over else []))

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return text_of(self.words)


@dataclass
class Header:
    lines: list[list[Word]]
    groups: list[Run]  # one per column, left to right (its words over several lines)
    parents: list[Run]  # runs over two or more runs side by side below them

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def overlaps(a: Run, b: Run) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def header_parts(
    band: list[list[Word]], role_of: Optional[RoleOf] = None, rules: Sequence[HRule] = ()
) -> tuple[list[Run], list[Run]]:
    """A header band's column groups (runs over one another joined, a wrapped header text) and
    its parent runs (over two or more runs side by side on a line below; with ``role_of``, also
    a grid parent set narrower than the labels under it: "Triwulan" centred over I … IV; with
    ``rules``, a run over a rule that closes its cell above two or more runs: "Indikator
    Kinerja" over Uraian | Target | Satuan). Pure."""
    runs = [Run(words, i) for i, line in enumerate(band) for words in header_runs(line)]
    parents = [
        r
        for r in runs
        if any(
            sum(1 for o in runs if o.line == below and overlaps(r, o)) >= 2
            for below in range(r.line + 1, len(band))
        )
        or len(stacks_under(r, runs)) >= 2
    ]
    for run in runs:
        # a parent over runs it overlaps may stand over more: those its cell's rule closes
        # ("Bulan" over 1 … 12, set over "6" and "7")
        if under := ruled_children(run, runs, rules, parents) or (
            run not in parents and (centred_children(run, runs) or numbered_children(run, runs))
        ):
            run.over = (min(o.x0 for o in under), max(o.x1 for o in under))
            if run not in parents:
                parents.append(run)
    if role_of is not None:
        for run in runs:
            if labels := children_under(run, runs, role_of):
                run.over = (min(o.x0 for o in labels), max(o.x1 for o in labels))
                if run not in parents:
                    parents.append(run)
    # a parent over parents (a header of three rows: "Target Kinerja dan Kerangka Pendanaan"
    # over each year over Target | Rp) stands over all of those it overlaps, whole
    for run in sorted(parents, key=lambda r: r.line, reverse=True):
        inner = [o for o in parents if o.line > run.line and overlaps(run, o)]
        if len(inner) >= 2:
            run.over = (min(o.x0 for o in [run, *inner]), max(o.x1 for o in [run, *inner]))
    groups: list[Run] = []
    for run in sorted((r for r in runs if r not in parents), key=lambda r: r.x0):
        if groups and overlaps(groups[-1], run):
            groups[-1] = Run(groups[-1].words + run.words, groups[-1].line)
        else:
            groups.append(run)
    return groups, parents


def stacks_under(run: Run, runs: list[Run]) -> list[tuple[float, float]]:
    """The x spans of the headings below a run that it overlaps, a heading's wrapped lines (runs
    over one another) one span: two or more side by side make the run their parent, though
    they stand on different lines ("Waktu Pelaksanaan" over "Semester I" | "Semester" / "II",
    one wrapped and one not). Pure."""
    spans: list[list[float]] = []
    for o in sorted(
        (o for o in runs if o.line > run.line and overlaps(run, o)), key=lambda o: o.x0
    ):
        if spans and o.x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], o.x1)
        else:
            spans.append([o.x0, o.x1])
    return [(a, b) for a, b in spans]


def ruled_children(
    run: Run, runs: list[Run], rules: Sequence[HRule], parents: Sequence[Run] = ()
) -> list[Run]:
    """The runs a header run stands over by its cell's bottom rule: a rule right under the run
    (nothing between them), as wide as the run or wider but not the whole header's width, with
    two or more runs of one line below it inside its ends. Where other text stands beside the
    run over the rule, the rule runs under them all (parents side by side, "Target Kinerja" |
    "Pagu Indikatif" over their years, their rules drawn end to end): each stands over the runs
    below nearer to it than to the others, and each must stand over two or more (a body row's
    cells stand side by side over the rule under their row, most over one cell of the next).
    A parent over the run (``parents``), its cell closed by a rule between them, is no text of
    the run's cell (a header of three rows). Pure."""
    x0, x1 = min(r.x0 for r in runs), max(r.x1 for r in runs)
    for rx0, y, rx1 in rules:
        if not (rx0 - ALIGN_TOLERANCE <= run.x0 and run.x1 <= rx1 + ALIGN_TOLERANCE):
            continue
        if y < run.bottom or rx1 - rx0 >= RULE_HEADER_SHARE * (x1 - x0):
            continue
        if any(o.top >= run.bottom and o.bottom <= y and overlaps(run, o) for o in runs):
            continue  # text of the same cell below the run: the rule is not its bottom
        inside = [
            o for o in runs if rx0 - ALIGN_TOLERANCE <= o.x0 and o.x1 <= rx1 + ALIGN_TOLERANCE
        ]
        # the runs over the rule, the run among them (not a parent in a cell closed above it)
        over = [
            o
            for o in inside
            if o.bottom <= y
            and o.top < run.bottom
            and not (o in parents and spans_rule(rules, o.bottom, y, o.x0, o.x1))
        ]
        if any(o.bottom <= run.top for o in over):
            continue  # text above the run over the rule: the rule is not its cell's bottom
        below = [o for o in inside if ink_top(o.top, o.bottom) >= y]
        for line in sorted({o.line for o in below}):
            under: dict[int, list[Run]] = {id(o): [] for o in over}
            for label in (o for o in below if o.line == line):
                nearest = min(over, key=lambda o: x_gap(label, o))
                under[id(nearest)].append(label)
            if len(under[id(run)]) >= 2:
                return under[id(run)] if all(len(u) >= 2 for u in under.values()) else []
    return []


def x_gap(a: Run, b: Run) -> float:
    """The horizontal space between two runs, 0 where they overlap. Pure."""
    return max(0.0, a.x0 - b.x1, b.x0 - a.x1)


def centred_children(run: Run, runs: list[Run]) -> list[Run]:
    """The runs a header run is centred over without touching any: on the band's last line,
    two or more runs between the run's neighbours (the header texts beside it above that line),
    nearer to it than to those, the run's middle within their stretch and over none of them
    ("Indikator Kinerja" over Uraian | Target | Satuan, in a table without rulings; each year
    over its Target | Rp). The header has two rows: some other column's header lies on a line
    between the run's and its labels' (set in the middle of both rows), or the run is one of
    the headings side by side on a line below the band's first (each year under "Target Kinerja
    dan Kerangka Pendanaan", over its Target | Rp: a header of three rows; a wrapped header's
    last words stand alone on their line). A header wrapped over two lines stands over its own
    second line, so it is no parent. Side by side, each stands over the labels nearer its own
    text than its neighbours' (a PKPT's months centred over their weeks). Pure."""
    last = max(o.line for o in runs)
    first = min(o.line for o in runs)
    side_by_side = run.line > first and any(o.line == run.line and o is not run for o in runs)
    if not side_by_side and not any(run.line < o.line < last for o in runs):
        return []
    beside = [
        o
        for o in runs
        if o.line < last and o is not run and o.top < run.bottom and run.top < o.bottom
    ]
    left = max((o.x1 for o in beside if o.x1 <= run.x0), default=-math.inf)
    right = min((o.x0 for o in beside if o.x0 >= run.x1), default=math.inf)
    under = sorted(
        (
            o
            for o in runs
            if o.line == last
            and left < o.x0
            and o.x1 < right
            # nearer by the texts: a neighbour's span over its labels is no nearer to ours
            and all(x_gap(o, run) <= x_gap(o, Run(other.words, other.line)) for other in beside)
        ),
        key=lambda o: o.x0,
    )
    middle = (run.x0 + run.x1) / 2
    if len(under) < 2 or any(overlaps(run, o) for o in under):
        return []
    if any(o.line > run.line and overlaps(run, o) for o in runs if o.line < last):
        return []  # its own wrapped text below it
    return under if under[0].x0 <= middle <= under[-1].x1 else []


def numbered_children(run: Run, runs: list[Run]) -> list[Run]:
    """The numbers a header run is centred over though its text stands over the middle one
    only: "Pagu Indikatif (Rp)" over three wide year columns (2022 | 2023 | 2024), in a table
    without rulings. On the nearest line below the run that has text under it, that text is one
    number with numbers beside it on both sides that no other header text stands over; the run
    stands over as many on each side as are so, centred on them (``CENTRED_TOLERANCE``). None
    where no number beside it is free (a column's own header wrapped over its year: "Realisasi"
    over "2023") or the run is off their middle. Pure."""
    lines = sorted({o.line for o in runs if o.line > run.line and overlaps(run, o)})
    if not lines:
        return []
    line = sorted((o for o in runs if o.line == lines[0]), key=lambda o: o.x0)
    below = [o for o in line if overlaps(run, o)]
    if len(below) != 1 or not below[0].text.isdigit():
        return []
    middle = line.index(below[0])

    def free(i: int) -> bool:
        label = line[i]
        return label.text.isdigit() and not any(
            o is not run and o.line < label.line and overlaps(o, label) for o in runs
        )

    side = 0
    while middle - side > 0 and middle + side + 1 < len(line):
        if not (free(middle - side - 1) and free(middle + side + 1)):
            break
        side += 1
    chain = line[middle - side : middle + side + 1]
    centre = (chain[0].x0 + chain[-1].x1) / 2
    return chain if side and abs(centre - (run.x0 + run.x1) / 2) <= CENTRED_TOLERANCE else []


# a column of stacked levels ("Program/Kegiatan/Sub Kegiatan") holds what a plan does, as an
# activity column does (grid.is_plan_table)
PLAN_ROLES = (Role.ACTIVITY, Role.INDICATOR, Role.STACKED, Role.SCHEDULE)


def grid_labels_under(run: Run, runs: list[Run], role_of: RoleOf) -> list[Run]:
    """The labels of a grid that a grid parent header (``run``: "Triwulan", "Bulan") stands over
    though its text overlaps one of them at most: on the nearest line below that has them, two
    or more labels side by side (no other text between) that read as a quarter or month after
    the parent's words ("Triwulan" + "I", "Target per Triwulan" + "IV"), with the parent's
    middle within their stretch, and none of them under a heading of its own beside the parent
    ("Semester" | "Semester" over "I" | "II": two headers wrapped, neither a parent)."""
    middle = (run.x0 + run.x1) / 2

    def headed(label: Run) -> bool:
        return any(o is not run and o.line == run.line and overlaps(o, label) for o in runs)

    for below in sorted({o.line for o in runs if o.line > run.line}):
        chain: list[Run] = []
        for other in sorted((o for o in runs if o.line == below), key=lambda o: o.x0):
            if other.top >= run.bottom and grid_under(run, other, role_of):
                chain.append(other)
            elif chain and chain[0].x0 <= middle <= chain[-1].x1:
                break
            else:
                chain = []
        if len(chain) >= 2 and chain[0].x0 <= middle <= chain[-1].x1:
            return [] if any(map(headed, chain)) else chain
    return []


def children_under(run: Run, runs: list[Run], role_of: RoleOf) -> list[Run]:
    """The headings a grid parent stands over: its grid's labels (``grid_labels_under``) and
    the headings beside them on their line that name no column of their own, as long as the
    parent's middle lies nearer the middle of them all (a parent centred over its columns:
    "Target" over Tahunan | TW I … TW IV)."""
    chain = grid_labels_under(run, runs, role_of)
    if not chain:
        return chain
    line = sorted((o for o in runs if o.line == chain[0].line), key=lambda o: o.x0)
    first, last = line.index(chain[0]), line.index(chain[-1])
    middle = (run.x0 + run.x1) / 2

    def off(a: int, b: int) -> float:
        return abs(middle - (line[a].x0 + line[b].x1) / 2)

    def unnamed(i: int) -> bool:  # names no column of its own ("Tahunan" reads as a grid's parent)
        return role_of(line[i].text) in (None, Role.PARENT)

    while True:
        if first > 0 and unnamed(first - 1) and off(first - 1, last) < off(first, last):
            first -= 1
        elif last + 1 < len(line) and unnamed(last + 1) and off(first, last + 1) < off(first, last):
            last += 1
        else:
            return line[first : last + 1]


def grid_under(parent: Run, label: Run, role_of: RoleOf) -> bool:
    """A label reads as a grid's period after the parent's last words ("Triwulan I", "Target TW
    I"), or on its own ("TW I") under a parent that names nothing but a grid ("Triwulan",
    "Bulan") or a longer period holding it ("Jan" under "Triwulan I")."""
    own = role_of(label.text)
    if own is not None and Role(own).is_grid:
        over = role_of(parent.text)
        if over == Role.PARENT:
            return True
        # a period under the longer period holding it: "Jan" under "Triwulan I"
        if over is not None and Role(over).is_grid:
            return set(Role(own).period_months) < set(Role(over).period_months)
    words = parent.text.split()
    for start in range(len(words)):
        role = role_of(" ".join([*words[start:], label.text]))
        if role is not None and Role(role).is_grid:
            return True
    return False


def group_role(group: Run, parents: Sequence[Run], role_of: RoleOf) -> Optional[Role]:
    """A header group's role, read on its own or after the last words of the parent over it
    ("Target per Triwulan" over "I": "Triwulan I", a quarter), as the grid reader does."""
    role = role_of(group.text)
    if role is not None:
        return Role(role)
    for parent in parents:
        if parent.bottom <= group.top and overlaps(parent, group):
            words = parent.text.split()
            for start in range(len(words)):
                joined = role_of(" ".join([*words[start:], group.text]))
                if joined is not None and Role(joined).is_grid:
                    return Role(joined)
    return None


def named_plan_roles(header: Header, role_of: RoleOf) -> set[Role]:
    """The plan roles (activity, indicator, schedule) that a header names; a month, quarter or
    a parent over them names the schedule. What makes a plan without a schedule counts too
    (headers.plan_companions: beside an indicator a level of its own or its target, beside an
    activity its budget), as a ruled grid reads it (grid.is_plan_table)."""
    out: set[Role] = set()
    roles = [group_role(g, header.parents, role_of) for g in header.groups]
    for role in roles + [role_of(p.text) for p in header.parents]:
        if role is None:
            continue
        role = Role(role)
        if role.is_grid or role == Role.PARENT:
            role = Role.SCHEDULE
        out.add(role)
    headers = [g.text for g in [*header.groups, *header.parents]]
    return (out & set(PLAN_ROLES)) | plan_companions(out, headers)


# A word processor's cells have no padding above their text: a line's type box reaches up to
# this share of its height over the rule above it (the ink starts lower, so a rule further
# into the box runs through the line: a taller cell's centred text beside it).
TYPE_BOX_REACH = 0.2


def ink_top(top: float, bottom: float) -> float:
    """The height under which a rule is above a line set from ``top`` to ``bottom``."""
    return top + TYPE_BOX_REACH * (bottom - top)


def line_ink_top(line: list[Word]) -> float:
    return ink_top(min(w.top for w in line), max(w.bottom for w in line))


def spans_rule(rules: Sequence[HRule], y0: float, y1: float, x0: float, x1: float) -> bool:
    """A rule between heights y0 and y1 runs under most of x0..x1."""
    width = max(x1 - x0, 1.0)
    for rx0, y, rx1 in rules:
        if y0 < y < y1 and min(rx1, x1) - max(rx0, x0) >= RULE_HEADER_SHARE * width:
            return True
    return False


def goes_on(band: list[list[Word]], line: list[Word], role_of: RoleOf) -> bool:
    """Whether a bold line a row's gap below a header band still belongs to it: each of its
    phrases is a label under a parent above (a month or quarter) or names a column of its own
    beside the header's others (a cell of the header's full height). A banner's text under a
    column's header, or its number, does neither."""
    above = [Run(words, i) for i, ln in enumerate(band) for words in header_runs(ln)]
    runs = [Run(words, len(band)) for words in header_runs(line)]
    parents = [a for a in above if sum(1 for r in runs if overlaps(a, r)) >= 2]
    # a grid parent set narrower than its labels ("Triwulan" over I … IV) stands over them all,
    # as a heading under a parent stands over the labels it is centred on (each year over its
    # Target | Rp)
    labels = [
        id(label)
        for a in above
        for label in children_under(a, above + runs, role_of) + centred_children(a, above + runs)
    ]
    for run in runs:
        if id(run) in labels or any(overlaps(p, run) for p in parents):
            continue
        role = role_of(run.text)
        if role is None or role == Role.PARENT or any(overlaps(a, run) for a in above):
            return False
    return True


def opens_numbered_row(band: list[list[Word]], line: list[Word], role_of: RoleOf) -> bool:
    """Whether a line opens with an item's number ("A", "II", "3.") under the header's number
    column ("No.") and goes on beside it: a body row or a banner, not a header's wrapped text
    nor a row of column numbers. Pure."""
    runs = header_runs(line)
    if len(runs) < 2 or numbers_columns(line):
        return False
    label = runs[0]
    if not _ITEM_NUMBER.fullmatch(text_of(label)):
        return False
    numbers = [
        Run(words, 0)
        for ln in band
        for words in header_runs(ln)
        if role_of(text_of(words)) == Role.NUMBER
    ]
    return any(overlaps(Run(label, 0), column) for column in numbers)


# An item's number in a plan's number column: "A", "II", "3", "3.", "1.2".
_ITEM_NUMBER = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}|[A-Z])[.)]?")


def header_at(
    lines: list[list[Word]], start: int, role_of: RoleOf, size: float, rules: Sequence[HRule]
) -> Optional[Header]:
    """The header band that starts at line ``start``, if it names a plan table's columns: two or
    more of activity / indicator / schedule, in three or more column groups (or in two that
    both name one). The band goes on
    over lines close below (a wrapped header text), or bold ones as the header is, up to a rule
    under the whole header."""
    first = lines[start]
    if not any(role_of(r.text) for r in (Run(w, 0) for w in header_runs(first))):
        return None
    band_size = type_size(first)
    # a table set smaller than the page's text (a short plan under a letter-size heading) keeps
    # its header's own line spacing: the page's would take its first row into the header
    tight = max(2.0, 0.3 * min(size, band_size)) + 2.0
    bold = is_bold(first)
    band = [first]
    # under the table's top rule, the header is what lies above the first rule under all of it
    ruled = spans_rule(
        rules,
        min(w.top for w in first) - 2.5 * size,
        line_ink_top(first),
        min(w.x0 for w in first),
        max(w.x1 for w in first),
    )
    for line in lines[start + 1 : start + HEADER_MAX_LINES]:
        if other_type(line, band_size):
            break  # a title over the table is set in another size than its header ("TAHUN 2022")
        above = max(w.bottom for w in band[-1])
        top = min(w.top for w in line)
        gap = top - above
        alike = bold and is_bold(line) and gap <= 1.5 * size and goes_on(band, line, role_of)
        if not (gap <= tight or alike or (ruled and gap <= 1.5 * size)):
            break
        if bold and not ruled and not is_bold(line):
            break  # a bold header wraps in bold: a line in regular type close under it is a row
        if opens_numbered_row(band, line, role_of):
            break  # a banner or row under "No." as close as a wrapped header line (no padding)
        # a rule under a parent's cell alone ("Target Triwulan" over its quarters) is no rule
        # under the header: the header's runs under all its lines, the next one's too
        words = [w for ln in [*band, line] for w in ln]
        if spans_rule(
            rules, above, line_ink_top(line), min(w.x0 for w in words), max(w.x1 for w in words)
        ):
            break
        band.append(line)
    groups, parents = header_parts(band, role_of, rules)
    header = Header(band, groups, parents)
    if len(named_plan_roles(header, role_of)) < 2 or reads_as_body(header, role_of):
        return None
    if len(groups) < 3 and not (
        len(groups) == 2 and all(group_role(g, parents, role_of) in PLAN_ROLES for g in groups)
    ):
        return None  # two columns are a plan's only when both name its columns (Kegiatan | Waktu)
    return header


# A header cell naming no column is a few words ("Bukti Dukung", "Kondisi Awal"); a text this
# long is a body cell's.
BODY_TEXT_WORDS = 8


def reads_as_body(header: Header, role_of: RoleOf) -> bool:
    """A band that is a body row's lines, whatever header words its short cells hold ('Kegiatan'
    as a unit, 'Triwulan II' as a schedule, on a page that does not repeat the header): a cell
    of it naming nothing runs to a sentence's length, and its cells naming nothing hold more
    words than those naming columns."""
    named: list[int] = []
    unnamed: list[int] = []
    for group in header.groups:
        words = len(group.text.split())
        (unnamed if group_role(group, header.parents, role_of) is None else named).append(words)
    return max(unnamed, default=0) >= BODY_TEXT_WORDS and sum(unnamed) > sum(named)


def with_line_above(
    lines: list[list[Word]], header: Header, role_of: RoleOf, size: float, rules: Sequence[HRule]
) -> Header:
    """The header with the line close above it when that line is the top of wrapped headings
    whose words name no column on their own ("Hasil yang" over "Diharapkan", "Sumber" over
    "Dana", "Semester" over "I" | "II"): set in the header's type, each of its phrases over a
    heading below, and the
    header reading no fewer plan columns with it."""
    at = next(i for i, line in enumerate(lines) if line is header.lines[0])
    if at == 0:
        return header
    above, first = lines[at - 1], header.lines[0]
    gap = min(w.top for w in first) - max(w.bottom for w in above)
    if gap > max(2.0, 0.3 * size) + 2.0 or abs(type_size(above) - type_size(first)) > 0.5:
        return header
    # a heading on any line of the band ("Semester" over the "I" | "II" under the band's first)
    below = [Run(words, 0) for line in header.lines for words in header_runs(line)]
    if not all(any(overlaps(Run(r, 0), b) for b in below) for r in header_runs(above)):
        return header
    band = [above, *header.lines]
    wider = Header(band, *header_parts(band, role_of, rules))
    if len(named_plan_roles(wider, role_of)) < len(named_plan_roles(header, role_of)):
        return header
    return wider


# ---------------------------------------------------------------- finding the table


def line_runs(line: list[Word]) -> list[tuple[float, float]]:
    return [(min(w.x0 for w in r), max(w.x1 for w in r)) for r in runs_of(line)]


# Of the body lines with text under a crowded heading, this share must start a phrase under its
# second part for the heading to be two.
CROWDED_STARTS_SHARE = 0.5


def crowded_parts(group: Run, body: list[list[Word]], role_of: RoleOf) -> list[Run]:
    """A header group that is two headings set within a space of each other ("Satuan" and
    "Kondisi Awal" in narrow columns), split in two: at a gap between two of its words on one
    line that no body phrase runs over, where most body lines with text under the group start a
    phrase right under the second part's first word, and one part names a column on its own.
    Each part is split again. Pure."""
    words = sorted(group.words, key=lambda w: w.x0)
    runs = [line_runs(line) for line in body]
    under = [spans for spans in runs if any(a < group.x1 and b > group.x0 for a, b in spans)]
    for left, right in zip(words, words[1:]):
        lo, hi = left.x1, right.x0
        if hi - lo <= 0.5 or abs(left.top - right.top) > ALIGN_TOLERANCE:
            continue
        if any(w.x0 < lo < w.x1 or w.x0 < hi < w.x1 for w in words):
            continue  # a word of another line of the heading stands over the gap
        if any(a < lo and b > hi for spans in runs for a, b in spans):
            continue
        starts = sum(1 for spans in under if any(abs(a - hi) <= ALIGN_TOLERANCE for a, _ in spans))
        if not under or starts < max(2, CROWDED_STARTS_SHARE * len(under)):
            continue
        parts = [
            Run([w for w in group.words if w.x1 <= hi], group.line),
            Run([w for w in group.words if w.x0 >= lo], group.line),
        ]
        if not any(role_of(part.text) for part in parts):
            continue
        return [p for part in parts for p in crowded_parts(part, body, role_of)]
    return [group]


# A column's text set flush left starts at one x on at least this many lines.
FLUSH_LEFT_LINES = 3
# Words starting within this of each other start at one x (one cell padding, one font).
FLUSH_LEFT_TOLERANCE = 0.5


def flush_left_boundary(body: list[list[Word]], lo: float, hi: float) -> Optional[float]:
    """The boundary before a column whose cells are set flush left a hair right of the text of
    the column before (Word's narrow cell margins: 'perhitungan' ends 4 pt short of the '4' of
    the target beside it, closer than a Courier space, so the two read as one phrase and no
    gutter shows between the header groups ``lo`` and ``hi``). It is an x in the stretch where
    words start on several lines, where every line's text right of it starts, that no word runs
    over, and where one line at least leaves a gutter before it (wrapped prose that happens to
    line up starts each word a space after the last). The boundary falls midway between it and
    the text ending before it; None without such an x. Pure."""
    words = [w for line in body for w in line]
    starts = sorted({round(w.x0, 1) for w in words if lo < w.x0 < hi})
    for at in starts:
        aligned = [
            line for line in body if any(abs(w.x0 - at) <= FLUSH_LEFT_TOLERANCE for w in line)
        ]
        if len(aligned) < FLUSH_LEFT_LINES:
            continue
        if any(w.x0 < at - FLUSH_LEFT_TOLERANCE and w.x1 > at for w in words):
            continue  # a word runs over it
        firsts = [
            min((w.x0 for w in line if w.x0 > at - FLUSH_LEFT_TOLERANCE), default=hi)
            for line in body
        ]
        if any(at + FLUSH_LEFT_TOLERANCE < x < hi for x in firsts):
            continue  # a line's text right of it starts elsewhere
        before = [
            max((w.x1 for w in line if w.x0 < at - FLUSH_LEFT_TOLERANCE), default=-math.inf)
            for line in aligned
        ]
        if not any(at - end >= MIN_GUTTER for end in before):
            continue
        reach = max((w.x1 for w in words if w.x0 < at - FLUSH_LEFT_TOLERANCE), default=lo)
        return (max(reach, lo) + at) / 2
    return None


def narrow_margin_boundary(body: list[list[Word]], lo: float, hi: float) -> Optional[float]:
    """The boundary between the header groups ending at ``lo`` and starting at ``hi`` where no
    gutter shows and no column starts flush left on several lines: the middle of a gap in
    (lo, hi) narrower than its phrase's narrowest other space (a word processor stretches
    spaces, never shrinks them), which no word runs over: two cells' texts a narrow cell margin
    apart (Word's, 0.9 of a Courier space: 'atas' | 'Persen', the unit column's only text on
    its page, whose gap's middle fell 0.8 pt into 'Persen'). None without one. Pure."""
    words = [w for line in body for w in line]
    for line in body:
        for run in runs_of(line):
            gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
            for i, (a, b) in enumerate(zip(run, run[1:])):
                middle = (a.x1 + b.x0) / 2
                spaces = [g for j, g in enumerate(gaps) if j != i and g > 0.5]
                if not (lo < middle < hi) or gaps[i] <= 0.5 or not spaces:
                    continue
                if gaps[i] >= NARROW_SPACE * min(spaces):
                    continue
                if not any(w.x0 < middle < w.x1 for w in words):
                    return middle
    return None


def columns(
    header: Header, body: list[list[Word]], x0: float, x1: float, rules: Sequence[HRule] = ()
) -> list[float]:
    """Column boundaries: one between each two header groups, where the fewest body lines have
    a word (the gutter between the columns' texts). A rule under some columns only (``rules``:
    a table ruled between rows, merged cells left open) starts or ends at a cell's edge: one
    between the groups, over no more lines' text, is the boundary (the gutter's middle may lie
    short of it, and a word that reaches past the middle, on this page or the next, is still
    its cell's). A total's label is merged over the columns it stands in ('Jumlah' over the No
    and the area's): its line tells no gutter."""
    runs = [line_runs(line) for line in body if not is_total_line(line)]
    drawn = [r[0] for r in rules if r[0] > x0 + 3] + [r[2] for r in rules if r[2] < x1 - 3]

    def covering(x: float) -> int:
        return sum(any(a < x < b for a, b in spans) for spans in runs)

    xs = [x0]
    for left, right in zip(header.groups, header.groups[1:]):
        lo, hi = left.x1, right.x0
        x = emptiest(runs, lo, hi) if hi - lo > 1.0 else (lo + hi) / 2
        if covering(x):  # no gutter: a column's flush-left text may start closer than a space
            narrow = narrow_margin_boundary(body, lo, hi)  # or the cells' texts are that close
            if narrow is not None and covering(narrow) > covering(x):
                narrow = None
            x = flush_left_boundary(body, lo, hi) or narrow or x
        edges = [e for e in drawn if lo < e < hi and covering(e) <= covering(x)]
        xs.append(min(edges, key=lambda e: abs(e - x)) if edges else x)
    xs.append(x1)
    return xs


def grid_edges(xs: list[float], kinds: Sequence[str]) -> list[float]:
    """A run of three or more columns labelled by periods or numbers (months, quarters, "1" …
    "12") has one pitch, its labels centred in equal cells: the run's outer edges lie a pitch
    from its inner ones, not halfway to the next column's text, so that a shaded cell covers its
    column. ``kinds``: each column's ``label_kind``. Pure."""
    out = list(xs)
    c = 0
    while c < len(kinds):
        end = c
        while end < len(kinds) and kinds[end] in ("period", "number"):
            end += 1
        if end - c >= 3:  # columns c .. end-1; those inside have both edges between labels
            pitch = median(xs[k + 1] - xs[k] for k in range(c + 1, end - 1))
            out[c] = max(xs[c], xs[c + 1] - pitch)
            out[end] = min(xs[end], xs[end - 1] + pitch)
        c = max(end, c + 1)
    return out


def label_kinds(header: Header, xs: list[float], roles: Sequence[Optional[Role]]) -> list[str]:
    """Each column's ``label_kind`` ('' for a column without a header group of its own)."""
    out: list[str] = []
    for c in range(len(xs) - 1):
        mine = [g for g in header.groups if xs[c] <= (g.x0 + g.x1) / 2 < xs[c + 1]]
        out.append(label_kind(" ".join(g.text for g in mine), roles[c]) if mine else "")
    return out


def find(words: list[Word], role_of: RoleOf, rules: Sequence[HRule] = ()) -> Optional[FoundTable]:
    """The plan table on a page without column rulings, or None when no header band names its
    columns. ``rules``: the page's horizontal rules (none for a table printed without)."""
    lines = lines_of(words)
    if not lines:
        return None
    size = median([w.bottom - w.top for w in words])
    header = next(
        (h for i in range(len(lines)) if (h := header_at(lines, i, role_of, size, rules))), None
    )
    if header is None:
        return None
    header = with_line_above(lines, header, role_of, size, rules)
    start = next(i for i, line in enumerate(lines) if line is header.lines[-1]) + 1
    line_gap_max = max(2.0, 0.3 * min(size, type_size(header.words)))
    hx0 = min(w.x0 for w in header.words)
    hx1 = max(w.x1 for w in header.words)
    wide = [r for r in rules if min(r[2], hx1) - max(r[0], hx0) > 0.5 * (hx1 - hx0)]
    top_rule = max(
        (r for r in wide if header.top - 2.5 * size < r[1] <= line_ink_top(header.lines[0])),
        default=None,
        key=lambda r: r[1],
    )
    table_rules: list[HRule] = []
    if top_rule is not None:  # the table is as wide as its top rule; its rules lie within
        x0, x1 = top_rule[0], top_rule[2]
        table_rules = [r for r in rules if r[0] >= x0 - 3 and r[2] <= x1 + 3]
        body = ruled_body(lines[start:], table_rules, x0, x1)
    else:
        body = spaced_body(lines[start:], header.bottom, line_gap_max, type_size(header.words))
    if not body:
        return None
    if top_rule is None:
        everything = [w for line in body for w in line] + header.words
        x0, x1 = min(w.x0 for w in everything) - 2, max(w.x1 for w in everything) + 2
    header.groups = [part for g in header.groups for part in crowded_parts(g, body, role_of)]
    xs = columns(header, body, x0, x1, table_rules)
    if top_rule is not None:
        body += open_row(lines[start + len(body) :], table_rules, xs, type_size(header.words))
    body = [geometry.split_at_gutters(line, xs, (x0, header.top, x1, math.inf)) for line in body]
    roles = column_roles(header, xs, role_of)
    xs = grid_edges(xs, label_kinds(header, xs, roles))
    top = top_rule[1] if top_rule is not None else header.top - 2
    below = [r[1] for r in table_rules if header.bottom < r[1] < line_ink_top(body[0])]
    header_bottom = min(below) if top_rule is not None and below else header.bottom + 1
    cells = header_cells(header, xs, top, header_bottom, role_of)
    rules_in = closed(table_rules, body) if top_rule is not None else None
    runs_to_foot = start + len(body) == len(lines)  # nothing under the table on the page
    read = body_table(body, xs, roles, header_bottom, line_gap_max, rules_in, runs_to_foot)
    bottom = max(c[3] for c in read.cells)
    misplaced = [VALUE_AT_NEXT_COLUMN] if value_at_next_column(body, xs) else []
    return FoundTable(
        bbox=(xs[0], top, xs[-1], bottom),
        cells=cells + read.cells,
        strategy="text",
        doubts=read.doubts + misplaced,
        parents=read.parents,
        first_page_cells=cells + read.first_page_cells if read.first_page_cells else None,
        first_page_doubts=(
            read.first_page_doubts + misplaced if read.first_page_doubts is not None else None
        ),
    )


# A value starts where a column's texts start when within this of two of their starts.
VALUE_START_TOLERANCE = 1.0
# A count or a percent, as a target cell holds it.
QUANTITY = re.compile(r"^\d+(?:[.,]\d+)*\s*%?$")


def value_at_next_column(body: list[list[Word]], xs: list[float]) -> bool:
    """Whether values ('4', '100%') closing a column's text start at one x with two more: the
    values closing its texts on other lines, after text ending elsewhere (the same words before
    them, 'Mei 2022' or 'Jumlah Program 1' on each line, line them up as well), or the texts
    of the column to its right. Such a run is the next column's cells set flush left, read into
    the texts beside them ('Data mutasi 100%') because the boundary between the two columns was
    placed right of them (a text's wrapped lines end raggedly). Pure."""
    for c in range(len(xs) - 2):
        mine = [
            sorted(
                (w for w in line if geometry.slot(xs, (w.x0 + w.x1) / 2) == c), key=lambda w: w.x0
            )
            for line in body
        ]
        # each line's closing value: where it starts, and where the text before it ends
        closing = [
            (words[-1].x0, words[-2].x1)
            if len(words) > 1 and QUANTITY.match(words[-1].text)
            else None
            for words in mine
        ]
        right = [
            min((w.x0 for w in line if geometry.slot(xs, (w.x0 + w.x1) / 2) == c + 1), default=None)
            for line in body
        ]
        for n, value in enumerate(closing):
            if value is None:
                continue
            at, end = value
            lined_up = 0
            for k in range(len(body)):
                other, start = closing[k], right[k]
                if k == n:
                    continue
                if start is not None and abs(start - at) <= VALUE_START_TOLERANCE:
                    lined_up += 1
                elif (
                    other is not None
                    and abs(other[0] - at) <= VALUE_START_TOLERANCE
                    and abs(other[1] - end) > VALUE_START_TOLERANCE
                ):
                    lined_up += 1
            if lined_up >= 2:
                return True
    return False


def closed(rules: Sequence[HRule], body: list[list[Word]]) -> list[HRule]:
    """The rules down to the first one under the body's last line (the table's bottom rule)."""
    last = max(w.bottom for line in body for w in line)
    bottom = min((y for _, y, _ in rules if y > last), default=last + 2)
    return [r for r in rules if r[1] <= bottom + RULE_Y_TOLERANCE]


def open_row(
    rest: list[list[Word]], rules: Sequence[HRule], xs: list[float], size: float
) -> list[list[Word]]:
    """The lines of a row that a page break cut, under the last rule of a table ruled between
    its rows (the rule under it is on the next page): the page's last lines, close under the
    rule, all in the table's columns, filling two or more of them (text after a table, a
    signature or a note, sits in one or runs over the gutters). None otherwise. Pure."""
    if not rest or not rules or any(ends_table(line) for line in rest):
        return []
    last_rule = max(y for _, y, _ in rules)
    if min(w.top for w in rest[0]) - last_rule > 1.5 * size:
        return []
    if not all(in_table(rest, i, xs) for i in range(len(rest))):
        return []
    return rest if fills_columns(rest, xs) else []


def fills_columns(lines: list[list[Word]], xs: list[float]) -> bool:
    """Whether the lines' words stand in two or more of the columns ``xs``: table rows, where a
    block of text after a table (a signature, a note) sits in one. Pure."""
    return len({geometry.slot(xs, (w.x0 + w.x1) / 2) for line in lines for w in line}) >= 2


def ruled_body(
    lines: list[list[Word]], rules: Sequence[HRule], x0: float, x1: float
) -> list[list[Word]]:
    """The body lines of a table ruled between its rows: those above its last rule, up to a line
    with a word out of the table's width (text after the table; a long word may overflow)."""
    body: list[list[Word]] = []
    for line in lines:
        if any(not x0 <= (w.x0 + w.x1) / 2 <= x1 for w in line):
            break
        if not any(y > line_ink_top(line) for _, y, _ in rules):
            break
        body.append(line)
    return body


@lru_cache(maxsize=1)
def _enactment_line() -> re.Pattern[str]:
    verbs = "|".join(vocab.load("decree_words.yaml")["enactment_verbs"])
    return re.compile(rf"(?:{verbs})\s+di\b", re.IGNORECASE)


def opens_signature(line: list[Word]) -> bool:
    """A line opening the signature block ("Ditetapkan di Surabaya"): the table has ended, even
    where the block is set in the table's type a row's gap below it, or laid out as a 2-column
    table beside another official's ("Mengetahui," | "Ditetapkan di …": a phrase of the line
    opens it, with its capital)."""
    if _enactment_line().match(text_of(line)):
        return True
    return any(
        run[0].text[:1].isupper() and _enactment_line().match(text_of(run)) for run in runs_of(line)
    )


@lru_cache(maxsize=1)
def _legend_line() -> re.Pattern[str]:
    labels = sorted(vocab.load("columns.yaml")["legend_labels"], key=len, reverse=True)
    words = "|".join(r"\s+".join(map(re.escape, str(label).split())) for label in labels)
    return re.compile(rf"(?:(?:{words})\.?\s*:|\*+\s*\))", re.IGNORECASE)


def opens_legend(line: list[Word]) -> bool:
    """A line opening a legend, a note or a footnote under a table ("Keterangan:", "Catatan :",
    "*) ..."; vocab/columns.yaml legend_labels): the table has ended, even where it is set in
    the table's type a row's gap below it."""
    return bool(_legend_line().match(text_of(line)))


def opens_total(line: list[Word]) -> bool:
    """A line opening with a grand total's label ("JUMLAH", "Total Anggaran"; not a subtotal):
    the total row closing a table without rulings, which no row goes on into."""
    runs = runs_of(line)
    label = text_of(runs[0]) if runs else ""
    return is_total_label(label) and not fold_header(label).startswith("sub")


def numbers_columns(line: list[Word]) -> bool:
    """A line of column numbers under the header ('(1) (2) (3)')."""
    return is_column_number_row([text_of(run) for run in runs_of(line)])


def is_total_line(line: list[Word]) -> bool:
    """A line holding only a total's label and the amounts it sums ("Jumlah … 161.975.000",
    "Sub Total I"): no row of the plan, wherever it stands in the table."""
    return totals_only([text_of(run) for run in runs_of(line)])


def is_prose_line(line: list[Word], xs: Sequence[float]) -> bool:
    """A line of prose set across a table's columns (a note or paragraph under the table): one
    phrase, no gutter inside it, running over two or more of the column edges ``xs``, or over
    one where it closes a sentence (a short note under a wide first column: '… ketersediaan
    anggaran.'; a banner run over the columns is a title, no sentence). A row's cells keep to
    their columns, each its own phrase."""
    runs = runs_of(line)
    if len(runs) != 1:
        return False
    x0, x1 = min(w.x0 for w in line), max(w.x1 for w in line)
    crossed = sum(x0 + 2 < x < x1 - 2 for x in xs)
    closes = SENTENCE_END.search(text_of(runs[0])) is not None
    return crossed >= PROSE_EDGES_MIN or (crossed >= 1 and closes)


# A sentence's end: a full stop after a word in lower case (a banner's title has none).
SENTENCE_END = re.compile(r"[a-z]{3,}\.$")


def subtotal_at(lines: list[list[Word]], i: int, body: list[list[Word]], size: float) -> bool:
    """Line ``i`` is a total inside the table, the rows of the next group going on under it in
    the body's columns ("Jumlah" under each programme of an RKA): it ends nothing, and is a row
    of its own (``spaced_rows``) that the rows stage drops. A total the table does not go on
    after is its last line."""
    return is_total_line(lines[i]) and goes_on_in_columns(body, lines[i + 1 :], size)


def ends_table(line: list[Word]) -> bool:
    """A line after a table without rulings: the signature block or a legend under it, or the
    last: its total row."""
    return opens_signature(line) or opens_legend(line) or opens_total(line)


def spaced_body(
    lines: list[list[Word]], after: float, line_gap_max: float, size: float
) -> list[list[Word]]:
    """The body lines of a table without rules: up to a gap much wider than its row gaps, a
    line set in another size of type than the header's or the signature block (the text after
    the table). A spacer row may open a page's rows under the column numbers ('1 2 3'): the
    numbers, centred in their columns, are no guide to where the rows' phrases start."""
    body: list[list[Word]] = []
    row_gaps: list[float] = []
    previous_bottom = after
    for i, line in enumerate(lines):
        if not subtotal_at(lines, i, body, size) and (other_type(line, size) or ends_table(line)):
            break
        gap = min(w.top for w in line) - previous_bottom
        if body and row_gaps and gap > max(2.5 * median(row_gaps), median(row_gaps) + 10.0):
            if not over_spacer(body, lines[i:], gap, row_gaps, size):
                break
        elif gap > line_gap_max + 2.0:
            row_gaps.append(gap)
        body.append(line)
        previous_bottom = max(previous_bottom, max(w.bottom for w in line))
    return body


def over_spacer(
    body: list[list[Word]], rest: list[list[Word]], gap: float, row_gaps: list[float], size: float
) -> bool:
    """A gap much wider than the body's row gaps is an office's empty spacer row, the table going
    on under it: it is at most a few lines high, and the lines under it go on in the body's
    columns (or the body so far is the column numbers' row)."""
    spacer = gap <= median(row_gaps) + SPACER_LINES * size
    under_numbers = all(map(numbers_columns, body))
    return spacer and (under_numbers or goes_on_in_columns(body, rest, size))


def goes_on_in_columns(body: list[list[Word]], rest: list[list[Word]], size: float) -> bool:
    """Whether the lines after a gap one empty row wide (an office's spacer row) go on with the
    table: one of the next few lines, in the table's type, has three phrases (or as many as the
    body's columns) starting where the body's phrases start (or centred where they are centred:
    "10" under "9" in a No column), or two phrases and both start so (a banner's number and
    text). A title, a paragraph or another table below the plan does not line up so. Only the
    body's rows count: a column-number row's numbers sit mid-column and a total's label anywhere
    (a page may open with both before its first row)."""
    rows = [line for line in body if not is_total_line(line) and not numbers_columns(line)]
    runs_above = [run for line in rows for run in runs_of(line)]
    starts = sorted({round(run[0].x0, 1) for run in runs_above})
    middles = sorted({round((run[0].x0 + run[-1].x1) / 2, 1) for run in runs_above})
    need = min(3, len(starts))

    def lined_up_with_body(run: list[Word]) -> bool:
        middle = (run[0].x0 + run[-1].x1) / 2
        return any(abs(run[0].x0 - x) <= ALIGN_TOLERANCE for x in starts) or any(
            abs(middle - x) <= ALIGN_TOLERANCE for x in middles
        )

    for line in rest[:SPACER_LOOKAHEAD]:
        if other_type(line, size) or ends_table(line):
            return False
        runs = runs_of(line)
        lined_up = sum(map(lined_up_with_body, runs))
        if lined_up >= need or lined_up == len(runs) >= 2:
            return True
    return False


def other_type(line: list[Word], size: float) -> bool:
    """A line set in another size of type than ``size`` (the table's): a title, a signature."""
    ocr = all(w.confidence is not None for w in line)
    tolerance = OCR_TYPE_SIZE_TOLERANCE if ocr else TYPE_SIZE_TOLERANCE
    return abs(type_size(line) - size) > tolerance * size


def type_size(words: list[Word]) -> float:
    """The median type size of words (their height where the size is not known)."""
    return median([w.size or (w.bottom - w.top) for w in words])


def column_roles(header: Header, xs: list[float], role_of: RoleOf) -> list[Optional[Role]]:
    """Each column's role from the header group over it; a group naming none takes the role of
    the parent over it, as the ruled grid reads a merged header cell ("Indikator Kinerja" over
    Uraian | Target | Satuan: Uraian holds the indicators, so its blocks start the rows)."""
    out: list[Optional[Role]] = []
    for c in range(len(xs) - 1):
        mine = [g for g in header.groups if xs[c] <= (g.x0 + g.x1) / 2 < xs[c + 1]]
        role = group_role(mine[0], header.parents, role_of) if len(mine) == 1 else None
        if len(mine) == 1 and (role is None or is_generic_header(mine[0].text)):
            role = parent_role(mine[0], header.parents, role_of) or role
        out.append(role)
    return out


def parent_role(group: Run, parents: Sequence[Run], role_of: RoleOf) -> Optional[Role]:
    """The column role a parent header over a group names (not a grid's parent: "Waktu"
    over the months names their grid, whose labels have roles of their own)."""
    for parent in parents:
        if parent.bottom <= group.top and overlaps(parent, group):
            role = role_of(parent.text)
            if role is not None and Role(role) != Role.PARENT and not Role(role).is_grid:
                return Role(role)
    return None


def label_kind(text: str, role: Optional[Role]) -> str:
    """What a header label is: a number, a month or quarter, a short label naming no column, or
    anything else (a column's own header)."""
    if text.strip().isdigit():
        return "number"
    if role is not None and role.is_grid:
        return "period"
    return "label" if role is None and len(text) <= 6 else "text"


def header_cells(
    header: Header, xs: list[float], top: float, bottom: float, role_of: RoleOf
) -> list[BBox]:
    """The header's cells: a parent run over the columns below it (widened over neighbours
    labelled alike: "Bulan" over "1" … "12" covers all twelve), a parent under a parent from the
    cell above it down (a header of three rows), the rest one per column."""
    n = len(xs) - 1
    roles = column_roles(header, xs, role_of)
    kind_of = label_kinds(header, xs, roles)
    split: dict[int, float] = {}  # where a column's cell starts, under the parents over it
    cells: list[BBox] = []
    parents = sorted(header.parents, key=lambda p: (p.line, p.x0))

    def over(parent: Run) -> list[int]:
        return [c for c in range(n) if min(xs[c + 1], parent.x1) - max(xs[c], parent.x0) > 1.0]

    # a column some parent stands over is no other parent's on its line to widen over ("Target
    # Kinerja" | "Pagu Indikatif" each over its years)
    stood_over = {(parent.line, c): parent for parent in parents for c in over(parent)}
    for parent in parents:
        # (a parent's type box may reach over the table's top rule)
        parent_top = ink_top(parent.top, parent.bottom)
        cols = [c for c in over(parent) if split.get(c, top) < parent_top]
        if not cols:
            continue
        kinds = {kind_of[c] for c in cols if kind_of[c]}
        c0, c1 = cols[0], cols[-1]

        def free(c: int, parent: Run = parent) -> bool:
            return (
                split.get(c, top) < ink_top(parent.top, parent.bottom)
                and stood_over.get((parent.line, c), parent) is parent
                and nearest_parent(parents, parent.line, (xs[c] + xs[c + 1]) / 2) is parent
            )

        if len(kinds) == 1 and (kind := kinds.pop()) != "text":
            # a quarter's label beside them may read as one only under the parent ("I", "IV")
            alike = {kind, "label"} if kind == "period" else {kind}
            while c0 > 0 and free(c0 - 1) and kind_of[c0 - 1] in alike:
                c0 -= 1
            while c1 < n - 1 and free(c1 + 1) and kind_of[c1 + 1] in alike:
                c1 += 1
        below = [
            w.top
            for g in [*header.groups, *header.parents]
            if g is not parent and xs[c0] <= (g.x0 + g.x1) / 2 < xs[c1 + 1]
            for w in g.words
            if w.top > parent.bottom
        ]
        y = (parent.bottom + min(below)) / 2 if below else parent.bottom + 1
        cells.append((xs[c0], max(split.get(c, top) for c in range(c0, c1 + 1)), xs[c1 + 1], y))
        for c in range(c0, c1 + 1):
            split[c] = y
    for c in range(n):
        cells.append((xs[c], split.get(c, top), xs[c + 1], bottom))
    return cells


def nearest_parent(parents: Sequence[Run], line: int, x: float) -> Run:
    """Of the parents on header line ``line``, the one whose own text is centred nearest ``x``:
    a label between two parents side by side, each centred over its own (a PKPT's months over
    their weeks), is the nearer one's. Pure."""
    return min(
        (p for p in parents if p.line == line),
        key=lambda p: abs(x - (min(w.x0 for w in p.words) + max(w.x1 for w in p.words)) / 2),
    )


# ---------------------------------------------------------------- the body


@dataclass
class Body:
    """A table body as ``body_table`` reads it: its cells, the doubts the reading leaves
    (``FoundTable.doubts``), how the page shows parents set (``parents_setting``), and its
    cells and doubts for the page where the table begins where they differ
    (``first_page_cells``; no rows there go on from a page before)."""

    cells: list[BBox]
    doubts: list[str]
    parents: str = ""
    first_page_cells: Optional[list[BBox]] = None
    first_page_doubts: Optional[list[str]] = None


def body_table(
    body: list[list[Word]],
    xs: list[float],
    roles: Sequence[Optional[Role]],
    top: float,
    line_gap_max: float,
    rules: Optional[Sequence[HRule]] = None,
    open_end: bool = False,
) -> Body:
    """Body cells of a table on the columns ``xs``, below ``top``: between the rules over each
    column where the table has rules (``rules``), else rows from the leaf columns' blocks; then
    the runs of words over a gutter merge the cells they cross. ``open_end``: nothing follows
    the table on the page, so its last rows may go on over the break."""
    roles = [Role(r) if r else None for r in roles]  # role names read from data are welcome
    if rules is not None:
        bottom = max((y for _, y, _ in rules), default=0.0)
        bottom = max(bottom, max(w.bottom for line in body for w in line) + 1)
        return Body(merged_over_gutters(ruled_cells(xs, rules, top, bottom), body, xs), [])
    rows = replace(spaced_rows(body, xs, roles, top, line_gap_max), open_end=open_end)
    setting = parents_setting(rows)
    if setting == CENTRED and not rows.centred:  # the geometry rules out parents at their top
        at_top = rows.number if numbers_set_over_centred(rows) else None
        rows = replace(rows, centred=True, top_set=frozenset(() if at_top is None else {at_top}))
    elif setting in (AT_TOP, "") and (mixed := numbers_centred_beside_top(rows)) is not None:
        rows = mixed
    first = first_page_cells(rows, xs)
    # Where the page's first rows could go on from a page before, a centring may fit that no
    # parent's text at their top rules out; where the table begins, it does.
    settled = setting == EITHER and parents_setting(replace(rows, open_top=False)) == AT_TOP
    ends = [PARENT_MAY_END] if rows.parent_may_end else []
    ends += [ROW_MAY_PART] if rows.row_may_part else []
    return Body(
        merged_over_gutters(spaced_cells(rows, xs), body, xs),
        ([PARENTS_EITHER_WAY] if setting == EITHER else []) + ends,
        setting,
        merged_over_gutters(first, body, xs) if first else None,
        ends if settled else None,
    )


def ruled_cells(xs: list[float], rules: Sequence[HRule], top: float, bottom: float) -> list[BBox]:
    """Per column, a cell from each rule over it to the next. Pure."""
    cells: list[BBox] = []
    for c in range(len(xs) - 1):
        width = xs[c + 1] - xs[c]
        cuts = [
            y
            for rx0, y, rx1 in rules
            if top + 1 < y < bottom - 1
            and min(rx1, xs[c + 1]) - max(rx0, xs[c]) >= RULE_COLUMN_SHARE * width
        ]
        ys = [top, *geometry.cluster(cuts, RULE_Y_TOLERANCE), bottom]
        cells += [(xs[c], a, xs[c + 1], b) for a, b in zip(ys, ys[1:]) if b - a > 1.0]
    return cells


@dataclass(frozen=True)
class SpacedRows:
    """How the body of a table without rules falls into rows: per column its text blocks (top,
    bottom), the row boundaries ``ys``, the key columns (number, levels above the leaf), whether
    the table centres a merged cell's text over its rows, the banner rows, and the narrowest gap
    between two rows' texts in a column (a row's padding); ``edges``: where each row's cell
    is taken to begin and end when a text is judged centred on rows (``row_edges``)."""

    column_blocks: list[list[tuple[float, float]]]
    ys: list[float]
    keys: list[int]
    centred: bool
    banners: frozenset[int]
    row_gap: float
    edges: tuple[float, ...] = ()
    # the rows above a column's first parent may go on from the page before (not so on the
    # table's first page)
    open_top: bool = True
    # the rows under a column's last parent may go on to the next page: the table runs to the
    # page's foot (``body_table``)
    open_end: bool = False
    # key columns set at their rows' top in a table that centres the others (``set_at_top``)
    top_set: frozenset[int] = frozenset()
    # the number column, where it is a key column (it numbers the level right of it)
    number: Optional[int] = None
    # the rows of column numbers under the header ('1 2 3'), rows 0..lead-1: no body row, so
    # the page's first body row is the one after them
    lead: int = 0
    # a key column's line at a row's start may open another parent's text (``parent_may_end``)
    parent_may_end: bool = False
    # a leaf's line inside a row may open the next row's text (``row_may_part``)
    row_may_part: bool = False


def spaced_rows(
    body: list[list[Word]],
    xs: list[float],
    roles: Sequence[Optional[Role]],
    top: float,
    line_gap_max: float,
) -> SpacedRows:
    """Rows of a table without rules: paragraph blocks per column; rows start where a block of
    a leaf column starts, or where a block stands alone between the rows (a banner)."""
    body_words = [w for line in body for w in line]
    bottom = max(w.bottom for w in body_words) + 2
    leaves = leaf_columns(roles)
    keys = key_columns(roles, leaves)
    pitch = line_pitch(body, xs, line_gap_max + 1.0)
    by_column = [
        column_lines(body, xs[c], xs[c + 1], line_gap_max + 1.0, pitch) for c in range(len(xs) - 1)
    ]
    number = next((c for c in keys if roles[c] == Role.NUMBER), None)
    opened = unspaced_starts(by_column, leaves, keys)
    headings = bold_headings(by_column, leaves, xs, body)
    numbered = numbers_at_pitch(by_column, leaves, number)
    unspaced: list[float] = [top for top, _ in opened] + headings + numbered
    gapless: list[float] = [top for top, gap_above in opened if not gap_above]
    gapless += headings + numbered
    # where a leaf's row starts after a gap: a key column's text set flush left that opens
    # there is a new cell's too (a centred one's wrapped line ends short anywhere)
    gapped = [line.top for c in leaves for line in by_column[c] if line.gap_above]
    # a row of column numbers is a block of its own in each column: set close above a row cut
    # by the page break ('4' over the rest 'statistik yang …'), it would start that row's block
    numbering = [line for line in body if numbers_columns(line)]
    number_words = {id(w) for line in numbering for w in line}
    column_blocks: list[list[tuple[float, float]]] = []
    for c in range(len(xs) - 1):
        mine = [w for w in body_words if xs[c] <= (w.x0 + w.x1) / 2 < xs[c + 1]]
        spans = [
            (min(w.top for w in line), max(w.bottom for w in line))
            for line in lines_of([w for w in mine if id(w) not in number_words])
        ]
        numbers = [
            (min(w.top for w in line), max(w.bottom for w in line))
            for line in lines_of([w for w in mine if id(w) in number_words])
        ]
        # a row's cell ends where the next row starts, gap or none; a merged cell's where a
        # text opens at a row's start that no gap shows (a centred one's wrapped line may fall
        # at a row's start), or, set flush left and opening with a capital, at any row's start
        # (a long parent's text runs on to the next one's at the line pitch though the leaf
        # shows a gap; a narrow column's wrapped line may end short of its widest)
        breaks = unspaced
        if c in leaves:
            # a leaf's text is one row's: a line set flush left with a capital where another
            # leaf's text opens after a gap opens this row's cell too (Word, seed 339: the
            # indicators ran on at the line pitch past the target's new row)
            breaks = unspaced + [
                line.top
                for line in by_column[c]
                if line.flush_capital and any(abs(line.top - g) <= ALIGN_TOLERANCE for g in gapped)
            ]
        if c in keys:
            lines = by_column[c]
            breaks = [
                line.top
                for line in lines
                if line.opens
                and any(
                    abs(line.top - u) <= ALIGN_TOLERANCE
                    for u in (gapless + gapped if line.flush_capital else gapless)
                )
            ]
            if number is not None and c == number + 1:
                breaks += numbered_starts(lines, by_column[number], gapless + gapped)
            # a bold banner's text over this column ends where the face turns back: the line
            # under it at the line pitch opens a cell of the row below (Word, seed 301)
            breaks += [
                line.top
                for n, line in enumerate(lines[1:], start=1)
                if lines[n - 1].bold and not line.bold and not line.gap_above
            ]
        column_blocks.append(sorted(blocks(spans, line_gap_max + 1.0, breaks, pitch) + numbers))
    anchor_blocks = sorted(b for c in leaves for b in column_blocks[c])
    starts = [b[0] for b in anchor_blocks]
    # the narrowest gap between two rows' texts in one column: a row's padding
    gaps = [b[0] - a[1] for col in column_blocks for a, b in zip(col, col[1:])]
    row_gap = min(gaps, default=0.0)
    alone_tops: list[float] = []
    for c, col in enumerate(column_blocks):
        if c in leaves:
            continue
        others = [b for k, blocks_k in enumerate(column_blocks) if k != c for b in blocks_k]
        for block in col:
            if alone(block, others, ALONE_GAP_SHARE * row_gap) and one_phrase(
                block, (xs[c], xs[c + 1]), body
            ):
                alone_tops.append(block[0])
    # A row of column numbers under the header ("(1) (2) (3)") is a row of its own, as a banner
    # is (the grid's header takes it): set close under the header, its numbers would run into
    # the first row's cells.
    number_tops = [min(w.top for w in line) for line in numbering]
    alone_tops += number_tops
    alone_tops += headings
    # A total inside the table ("Jumlah" under a group) is a row of its own too, no banner: its
    # label would run into the cells of the group's last row (the rows stage drops it).
    total_tops = [min(w.top for w in line) for line in body if is_total_line(line)]
    tops = geometry.cluster(starts + alone_tops + total_tops, 3.0)
    cuts = [t - 1 for t in tops if t - 1 > top + 1]
    if cuts and not any(top < (w.top + w.bottom) / 2 < cuts[0] for w in body_words):
        cuts = cuts[1:]  # no strip of nothing between the header and the first row
    ys = sorted({round(y, 2) for y in [top, *cuts, bottom]})
    if numbering:
        ys = under_numbers(ys, numbering, [w for w in body_words if id(w) not in number_words])
        tops = sorted({*tops, *(y + 1 for y in ys[1:-1])})  # a row's rest starts a row too
    spacers = spacer_cuts(body_words, ys, max(row_gap, 0.0))
    ys = sorted({*ys, *spacers})
    # (a total row parts the groups as a banner does: no parent's cell runs over it; so does
    # an empty spacer row)
    banners = frozenset(
        r
        for r in range(len(ys) - 1)
        if any(ys[r] <= t < ys[r + 1] for t in alone_tops + total_tops) or ys[r] in spacers
    )
    row_gap = max(row_gap, 0.0)
    lead = 0
    while lead < len(ys) - 1 and any(ys[lead] <= t < ys[lead + 1] for t in number_tops):
        lead += 1
    text_span = (min(w.top for w in body_words), max(w.bottom for w in body_words))
    centring = centred_columns(column_blocks, keys, tops)
    # a parent centred over its rows straddles their starts: only one set at its first row's
    # top opens there
    at_top = [c for c in keys if c not in centring]
    rows = SpacedRows(
        column_blocks,
        ys,
        keys,
        bool(centring),
        banners,
        row_gap,
        row_edges(ys, text_span, row_gap),
        number=number,
        lead=lead,
        parent_may_end=parent_may_end(by_column, at_top, tops, inline_capitals(body, xs)),
        row_may_part=row_may_part(by_column, leaves, keys, tops),
    )
    return replace(rows, top_set=set_at_top(rows, centring))


# What a cell's padding and half the gutter leave at least between a column's text and its edge.
PADDING = 3.0


@dataclass(frozen=True)
class ColumnLine:
    top: float
    opens: bool  # it starts a text: a gap above it, or the line above broke before it could wrap
    gap_above: bool  # it starts a text after a gap (a block's first line)
    # it starts where the line above does (set flush left, not centred) with a capital or a
    # digit, as a cell's text does
    flush_capital: bool = False
    bottom: float = 0.0
    bold: bool = False  # set in a bold face (a banner's heading, as ``bold_headings`` reads)
    first_word: str = ""
    # in sentence case: it ends in a small letter, as most of its words after the first begin
    # (a title's lowercase 'dan' between capitalised words is no sentence)
    sentence_case: bool = False
    # it stops where no phrase ends ('Maret, Juni,', 'September dan': ``rows.stops_open``)
    stops_open: bool = False


def column_lines(
    body: list[list[Word]], lo: float, hi: float, max_gap: float, pitch: float = 0.0
) -> list[ColumnLine]:
    """The lines of text in one column (words centred between ``lo`` and ``hi``), top-down, each
    saying whether it opens a text (a gap above ``max_gap`` opens one, unless the line lies at
    the table's line ``pitch``: ``wraps_at_pitch``). A line wraps where the next word does not fit: where the
    line above ends short enough for this line's first word (and a space) to fit within the
    column's widest line, the break was made on purpose, a new paragraph or a new cell; so it was
    where a lone value follows one, or where the face turns bold or back. Pure."""
    lines = [sorted(line, key=lambda w: w.x0) for line in lines_in_column(body, lo, hi)]
    if not lines:
        return []
    # the width a line may fill: the widest line's, or, in a column of short values that fill
    # little of it, the column's less a cell's padding
    widest = max(w.x1 for line in lines for w in line)
    right = widest if widest - lo > (hi - lo) / 2 else hi - PADDING
    out: list[ColumnLine] = []
    for n, line in enumerate(lines):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        first = line[0].x1 - line[0].x0
        gap_above = n == 0 or (
            top - max(w.bottom for w in lines[n - 1]) > max_gap
            and not wraps_at_pitch((out[n - 1].top, out[n - 1].bottom), (top, bottom), pitch)
        )
        opens = gap_above
        if not opens:
            space = 0.25 * (line[0].bottom - line[0].top)
            opens = max(w.x1 for w in lines[n - 1]) + space + first < right - 1.0
        # a value under a value ('2' under '100%', '√' under '-') is a new cell's in a column too
        # narrow to hold both on a line: no value wraps into another; nor does a text wrap into
        # another face (a bold banner over a row's text)
        bold = is_bold(line)
        opens = opens or (lone_value(line) and lone_value(lines[n - 1]))
        opens = opens or (n > 0 and bold != is_bold(lines[n - 1]))
        flush = n > 0 and abs(line[0].x0 - lines[n - 1][0].x0) <= 1.0
        capital = line[0].text[:1].isupper() or line[0].text[:1].isdigit()
        small = sum(w.text[:1].islower() for w in line[1:])
        sentence = line[-1].text[:1].islower() and small > sum(
            w.text[:1].isupper() for w in line[1:]
        )
        out.append(
            ColumnLine(
                top,
                opens,
                gap_above,
                flush and capital,
                bottom,
                bold,
                line[0].text,
                sentence,
                stops_open(" ".join(w.text for w in line)),
            )
        )
    return out


def parent_may_end(
    by_column: list[list[ColumnLine]], keys: Sequence[int], starts: list[float], names: set[str]
) -> bool:
    """Whether a key column's line at a row's start (``starts``) may open the next parent's
    text though it does not open one by its fit (the line above fills the column): it starts
    flush left with a capitalised word that the page prints inside no line (``names``: not a
    name such as 'Kabupaten'), under a line in sentence case (such a text goes on in small
    letters, and a new one opens with a capital). A parent set at its rows' top whose text
    runs on to the next one's at the line pitch reads as one then, and its rows go to the wrong
    parent; the page does not tell. Pure."""
    for c in keys:
        lines = by_column[c]
        for n, line in enumerate(lines[1:], start=1):
            word = line.first_word
            if line.opens or not line.flush_capital or word in names:
                continue
            if not (word[:1].isupper() and word[1:2].islower()):
                continue
            if lines[n - 1].sentence_case and any(
                abs(line.top - t) <= ALIGN_TOLERANCE for t in starts
            ):
                return True
    return False


def lettered(line: ColumnLine) -> bool:
    """The line starts flush left with a capital letter (a wrapped line may start with a year,
    '2025, Biro umum …', beside a schedule's 'Januari' under 'Minggu ke-2'). Pure."""
    return line.flush_capital and line.first_word[:1].isupper()


def row_may_part(
    by_column: list[list[ColumnLine]], leaves: set[int], keys: Sequence[int], starts: list[float]
) -> bool:
    """Whether a leaf's line inside a row (not at a row's start, ``starts``) may open the next
    row's text: it starts flush left with a capital letter, as a cell's text does, at the line pitch,
    under a line that ends a phrase but too close to the column's edge for its first word to
    tell a wrap from a break; and beside it a column of the row's own (no key column, whose
    merged text runs over rows) opens a text at the line pitch ('TW III' under 'Pebruari',
    which would have fitted on its line), or another leaf starts a line so too ('Januari'
    under 'Triwulan II' beside 'Indeks …' under 'Pemeriksaan Non PKPT'; 'September' under
    'Maret, Juni,' wraps). Two rows run together so, or one cell holds two paragraphs or
    wraps at a capital; the page does not tell. Pure."""
    for c in leaves:
        for n, line in enumerate(by_column[c][1:], start=1):
            if line.opens or not lettered(line) or by_column[c][n - 1].stops_open:
                continue  # (a line under one that reads on wraps)
            if any(abs(line.top - t) <= ALIGN_TOLERANCE for t in starts):
                continue
            beside = (
                (other, column[m - 1] if m else None)
                for k, column in enumerate(by_column)
                if k != c and k not in keys
                for m, other in enumerate(column)
                if abs(other.top - line.top) <= ALIGN_TOLERANCE and (k in leaves or other.opens)
            )
            # (a cell opening after a gap there counts too: a month's mark 'v' on a row of
            # its own beside 'Penggunaan aplikasi …' under '… yang sudah dilaksanakan')
            if any(
                other.opens
                or (
                    lettered(other)
                    and above is not None
                    and not above.stops_open
                    and not other.gap_above
                )
                for other, above in beside
            ):
                return True
    return False


def inline_capitals(body: list[list[Word]], xs: list[float]) -> set[str]:
    """The capitalised words the table prints inside a column's line (not first on it): names
    ('Kabupaten Demak', 'Dinas Kominfo') or titles in title case. Pure."""
    out: set[str] = set()
    for line in body:
        for c in range(len(xs) - 1):
            mine = sorted(
                (w for w in line if xs[c] <= (w.x0 + w.x1) / 2 < xs[c + 1]), key=lambda w: w.x0
            )
            out |= {w.text for w in mine[1:] if w.text[:1].isupper()}
    return out


def bold_headings(
    by_column: list[list[ColumnLine]], leaves: set[int], xs: list[float], body: list[list[Word]]
) -> list[float]:
    """Where a leaf column's text turns bold with nothing beside it but a short label (a
    banner's number): a banner row of its own though no gap parts it from the row above (a
    word processor's table with neither rulings nor padding nor spacing). A row's own text
    keeps its face from line to line. ``by_column``: each column's ``column_lines``. Pure."""
    tops: list[float] = []
    for c in leaves:
        lines = by_column[c]
        for n, line in enumerate(lines[1:], start=1):
            if line.gap_above or not line.bold or lines[n - 1].bold:
                continue
            last = n
            while last + 1 < len(lines) and lines[last + 1].bold and not lines[last + 1].gap_above:
                last += 1
            if one_phrase((line.top, lines[last].bottom), (xs[c], xs[c + 1]), body):
                tops.append(line.top)
    return tops


# A row's or a banner's number alone on its line: '3', '2.1', 'III', 'B', 'c.'.
ROW_LABEL = re.compile(r"^(\d{1,3}(\.\d{1,2})*|[IVX]{1,4}|[A-Za-z])[.)]?$")


def numbers_at_pitch(
    by_column: list[list[ColumnLine]], leaves: set[int], number: Optional[int]
) -> list[float]:
    """Where a leaf's line opens a text (the line above ended short of it) beside a number set
    at the line pitch under another number in the number column: a number names one row or
    banner and does not wrap into the next, so a second one opens a row of its own though no
    gap nor face shows it (Word, seed 628: the banner '2. Digitalisasi' set directly under the
    row '2 | DISNAKER' ran into it). ``by_column``: each column's ``column_lines``. Pure."""
    if number is None:
        return []
    numbers = by_column[number]
    tops = [
        line.top
        for n, line in enumerate(numbers[1:], start=1)
        if not line.gap_above
        and line.opens
        and ROW_LABEL.match(line.first_word)
        and ROW_LABEL.match(numbers[n - 1].first_word)
    ]
    return [
        line.top
        for c in leaves
        for line in by_column[c][1:]
        if line.opens and any(abs(line.top - t) <= ALIGN_TOLERANCE for t in tops)
    ]


def lone_value(line: list[Word]) -> bool:
    """A line holding one target, mark or number label and nothing else ('25%', '√', '-', '2',
    'III'). Pure."""
    return len(line) == 1 and (
        is_value(line[0].text) or bool(ROW_LABEL.match(line[0].text)) or is_tick(line[0].text)
    )


def unspaced_starts(
    by_column: list[list[ColumnLine]], leaves: set[int], keys: Sequence[int]
) -> list[tuple[float, bool]]:
    """Where rows start though no gap parts them (a word processor's table with neither
    rulings nor padding nor spacing: one row's text runs on into the next's at the line pitch):
    a leaf column's line that opens a text inside its block, beside another column's line that
    opens one at the same height (each cell of a row starts on its first line; a wrapped line
    that merely ends short, a paragraph inside a cell, has no such neighbour). The levels'
    columns (``keys``) do not confirm: a merged cell's text is centred anywhere. Each start
    with whether a gap shows it too (the leaf's line starts a block). ``by_column``: each
    column's ``column_lines``. Pure."""
    out: list[tuple[float, bool]] = []
    for c in leaves:
        for line in by_column[c][1:]:
            if not line.opens:
                continue
            beside = (
                other
                for k, column in enumerate(by_column)
                if k != c and k not in keys
                for other in column
                if abs(other.top - line.top) <= ALIGN_TOLERANCE
            )
            if any(other.opens for other in beside):
                out.append((line.top, line.gap_above))
    return out


def numbered_starts(
    lines: list[ColumnLine], numbers: list[ColumnLine], starts: list[float]
) -> list[float]:
    """Where the level a number column names opens a cell though its line does not open by its
    fit (the line above fills the column): beside a number of its own, at a row's start
    (``starts``), set flush left with a capital, inside a text whose first line has a number
    beside it too. A number names one cell of that level, and the page sets its numbers at
    their cells' top (the first one beside its text's first line), so a second number beside
    the text opens the next cell there (Word, seed 503: 'B | RKPD P 2021' under 'A | Peningkatan
    … dan' + 'Penyelesaian Pengaduan Masyarakat'). Pure."""
    tops = [line.top for line in numbers if line.opens]

    def beside_number(line: ColumnLine) -> bool:
        return any(abs(line.top - t) <= ALIGN_TOLERANCE for t in tops)

    out: list[float] = []
    numbered_text = False  # the text these lines go on has a number beside its first line
    for line in lines:
        if line.opens:
            numbered_text = beside_number(line)
        elif (
            numbered_text
            and line.flush_capital
            and beside_number(line)
            and any(abs(line.top - s) <= ALIGN_TOLERANCE for s in starts)
        ):
            out.append(line.top)
    return out


def under_numbers(ys: list[float], numbering: list[list[Word]], words: list[Word]) -> list[float]:
    """The row cuts with the one under the column numbers moved up to the highest text below
    them: a parent's text may start a point or two above its leaf's (a browser sets a merged
    cell's text so), and the leaf's top set the cut, leaving the parent over the numbers' row.
    Text a line's height and more above the cut is no such parent but a row's rest, cut by the
    page break from the page before ('pertanian, perikanan dan pariwisata' beside 'pengelola
    E-Lapkin'): it is a row of its own, for the rows stage to join to the row it goes on. Pure."""
    numbers_bottom = max(w.bottom for line in numbering for w in line)
    below = [w for w in words if w.top > numbers_bottom]
    first_cut = next((y for y in ys[1:-1] if y > numbers_bottom), None)
    highest = min((w.top for w in below), default=None)
    if highest is None or first_cut is None or not numbers_bottom < highest - 1 < first_cut:
        return ys
    line_height = median(w.bottom - w.top for w in below)
    kept = ys if first_cut - highest >= line_height else [y for y in ys if y != first_cut]
    return sorted({*kept, round(highest - 1, 2)})


def spacer_cuts(words: list[Word], ys: list[float], row_gap: float) -> list[float]:
    """Where an empty spacer row (an office's, between groups) begins: below a row whose text
    ends a line's height and more above the next row's, beyond two rows' padding
    (``row_gap``). Without rulings it shows only as that gap; as a row of its own, the cells of
    the row above end at their text's padding, so that a parent centred on the rows above it is
    judged on their cells, not on the gap (the cut sits a padding under the text, as
    ``row_edges`` reads cuts). Pure."""
    out: list[float] = []
    for upper, lower in zip(ys[1:-1], ys[2:-1]):
        inside = [w for w in words if upper <= (w.top + w.bottom) / 2 < lower]
        if not inside:
            continue
        text_bottom = max(w.bottom for w in inside)
        line = median([w.bottom - w.top for w in inside])
        if lower + 1 - text_bottom > 2 * row_gap + line:
            out.append(round(text_bottom + row_gap - 1, 2))
    return out


def set_at_top(rows: SpacedRows, centring: set[int]) -> frozenset[int]:
    """In a table that centres some key columns' text (``centring``: a block off a row's first
    line), the key columns that set theirs at the top instead: a number centred on its rows
    beside levels set at their first row's top, or the other way round. Read so, the columns
    showing centring, and those read at the top (on their rows' first lines, where their text
    is), sit nearer their rows' middles in all than read all centred (by more than the
    alignment tolerance); else the table centres them all."""
    undecided = frozenset(c for c in rows.keys if c not in centring)
    if not rows.centred or not undecided:
        return frozenset()

    def cost(groups: dict[int, list[tuple[int, int, int, float]]]) -> float:
        return sum(g[3] for column in groups.values() for g in column)

    mixed = cost(key_groups(replace(rows, top_set=undecided)))
    return undecided if mixed + ALIGN_TOLERANCE < cost(key_groups(rows)) else frozenset()


def row_edges(ys: list[float], text_span: tuple[float, float], row_gap: float) -> tuple[float, ...]:
    """Where the rows' cells begin and end, for judging a text centred on them: half the gap
    between two rows' texts (the cells' padding) above each row's first line and below the
    last's. The cuts ``ys`` sit a point above each row's text, for the words' sake; taken as
    cell edges, they would set every middle lower than the centred text by nearly half a gap,
    and the table's bottom, two points under its last line, higher. Pure."""
    half = row_gap / 2
    inner = [y + 1 - half for y in ys[1:-1]]
    return (text_span[0] - half, *inner, text_span[1] + half)


def spaced_cells(rows: SpacedRows, xs: list[float]) -> list[BBox]:
    """Cells of a table without rules on the columns ``xs`` (rows as ``spaced_rows`` finds
    them). A block in a key column covers the rows it overlaps: from its own row down where the
    table sets a merged cell's text at its top, and over as many rows either side as centre it
    where the table centres it (see ``centred_columns``)."""
    ys = rows.ys
    centred_keys = key_groups(rows) if rows.centred else {}
    cells: list[BBox] = []
    for c in range(len(xs) - 1):
        if c in centred_keys:
            owned = [(first, last) for first, last, _, _ in centred_keys[c]]
        else:
            owned = owned_rows(rows.column_blocks[c], ys)
        covered: set[int] = set()
        for first, last in owned:
            covered.update(range(first, last + 1))
            cells.append((xs[c], ys[first], xs[c + 1], ys[last + 1]))
        for r in range(len(ys) - 1):
            if r not in covered:
                cells.append((xs[c], ys[r], xs[c + 1], ys[r + 1]))
    return cells


def first_page_cells(rows: SpacedRows, xs: list[float]) -> Optional[list[BBox]]:
    """The cells of a page whose first rows have no parent's text in any key column, read as a
    table that centres its parents, for the page where the table begins: set at the top (or
    left to the page before by a centring), those rows would go on from a page before it. None
    where the page shows no such rows, or where centring does not fit (``parents_setting``)."""
    firsts = [next(iter(body_blocks(rows, c)), None) for c in rows.keys]
    if not rows.keys or any(block is None for block in firsts):
        return None
    if any(block and overlapped(block, rows.ys)[0] == rows.lead for block in firsts):
        return None
    closed = replace(rows, open_top=False)
    if parents_setting(closed) == AT_TOP:
        return None
    return spaced_cells(replace(closed, centred=True), xs)


def body_blocks(rows: SpacedRows, c: int) -> list[tuple[float, float]]:
    """Column ``c``'s blocks below the rows of column numbers (``SpacedRows.lead``). Pure."""
    return [
        b for b in rows.column_blocks[c] if (own := overlapped(b, rows.ys)) and own[0] >= rows.lead
    ]


def key_groups(rows: SpacedRows) -> dict[int, list[tuple[int, int, int, float]]]:
    """Each key column's blocks centred over their rows (``centring``), the deepest level first:
    a level's cell holds whole cells of the level right of it, so its groups start where that
    level's do (a parent's text nearer one row's top than its rows' middle keeps them all)."""
    out: dict[int, list[tuple[int, int, int, float]]] = {}
    cuts: Optional[frozenset[int]] = None
    for c in sorted(rows.keys, reverse=True):
        if c in rows.top_set:  # each block from its own row down to the next one's or a banner
            owned = owned_rows(rows.column_blocks[c], rows.ys)
            stops = sorted({first for first, _ in owned} | rows.banners | {len(rows.ys) - 1})
            out[c] = [
                (a, a if a in rows.banners else max(b, next(s for s in stops if s > a) - 1), a, 0.0)
                for a, b in owned
            ]
        else:
            # a number names the level right of it, or, where two numbers stand beside one
            # cell of that level ('1.1' and '1.2' beside one area), a deeper one
            numbered = (
                next(
                    (
                        groups
                        for level in sorted(k for k in out if k > c)
                        if (groups := numbered_groups(rows, c, out[level])) is not None
                    ),
                    None,
                )
                if c == rows.number
                else None
            )
            out[c] = numbered or centring(
                rows.column_blocks[c],
                rows.ys,
                rows.banners,
                cuts,
                rows.edges,
                rows.open_top,
                rows.lead,
                rows.open_end,
            )
        cuts = frozenset(first for first, _, _, _ in out[c])
    return out


def numbered_groups(
    rows: SpacedRows, c: int, level: list[tuple[int, int, int, float]]
) -> Optional[list[tuple[int, int, int, float]]]:
    """The number column's groups where each of its numbers stands in a group of its own of the
    level right of it (``level``, centred): a number names that level's cell, so its cell is
    merged as that one is, never over a cell of the level holding text of its own (the rest of
    a row cut by the page break, at the page's top: its number was printed on the page before).
    None where the numbers do not fall one to a group (a number per row under a merged parent)."""
    out: list[tuple[int, int, int, float]] = []
    for block in rows.column_blocks[c]:
        if not (own := overlapped(block, rows.ys)):
            continue
        group = next((g for g in level if g[0] <= own[0] <= g[1]), None)
        if group is None or any(g[0] == group[0] for g in out):
            return None
        first, last = group[0], group[1]
        if rows.open_top and first == rows.lead:  # its rows may go on from the page before
            out.append((first, last, first, 0.0))
        else:
            cost = centring_cost(rows.ys, first, last, *block, rows.edges)
            out.append((first, last, own[0], cost))
    return out or None


def centred_as_well(rows: SpacedRows) -> bool:
    """A table read as setting its parents' text at their first row's top (no key block off a
    row's first line) whose key blocks could as well all be centred over their rows, some over
    rows above their own: a parent over three rows of one line, centred, sits where one at the
    middle row's top would, so the rows between two parents may go to either. No geometry of
    the page tells the two readings apart (``parents_setting``)."""
    return parents_setting(rows) == EITHER


# How a page of a table without rules shows its parents' text set (``parents_setting``).
AT_TOP, CENTRED, EITHER = "top", "centred", "either"


def parents_setting(rows: SpacedRows) -> str:
    """How the page's key blocks show the table sets a parent's text: CENTRED (a block off
    every row's first line), AT_TOP (one parent that no centring explains: its text at the top
    of rows that must be its own), EITHER (every block centred on its rows as well, some on
    rows above their own) or "" (no parents, or both readings give the same rows). A text
    centred on rows sits at the middle of their cells (``row_edges``: a word processor centres
    a cell's content, its paragraph spacing with it) within the alignment tolerance."""
    if rows.centred:
        return CENTRED
    if not rows.keys:
        return ""
    groups = key_groups(rows)
    if any(cost > ALIGN_TOLERANCE for column in groups.values() for *_, cost in column):
        return CENTRED if numbers_set_over_centred(rows) else AT_TOP
    early = [(column, f) for column in groups.values() for f, _, own, _ in column if f < own]
    if not early:
        return ""
    # set at the top, the rows above a parent's text go to the parent above them: where a
    # banner or a spacer row stands between (or the table's start), none can take them
    if not all(at_top_takes(rows, column, f) for column, f in early):
        return CENTRED
    return EITHER


def numbers_set_over_centred(rows: SpacedRows) -> bool:
    """A page whose numbers sit at their rows' top beside levels centred on them: a number
    stands on a row where no text of the level right of it starts (set at their top, the
    number would name the level's cell above), and read so, the number column at the top and
    the levels centred, every level's text sits at its rows' middle ('2' at the top of three
    rows, 'Indeks Tata Kelola Pengadaan' on the middle one). Pure."""
    if rows.number is None or not numbers_off_level_starts(rows):
        return False
    mixed = key_groups(replace(rows, centred=True, top_set=frozenset({rows.number})))
    return all(cost <= ALIGN_TOLERANCE for column in mixed.values() for *_, cost in column)


def numbers_centred_beside_top(rows: SpacedRows) -> Optional[SpacedRows]:
    """The reading of a page whose numbers are centred on their rows beside levels set at their
    first row's top (the other way round from ``numbers_set_over_centred``): a number stands
    on a row where no text of the level right of it starts ('2.1' on the middle one of three
    rows, 'DESK & REVIU RKA-P 2021' at their top), and read so, every number sits at its rows'
    middle. None where the page does not show it: where a number stands beside a deeper
    level's start, it may name that level at its top ('2.1.2' beside its Tahapan). Pure."""
    if not numbers_off_level_starts(rows, deeper=True):
        return None
    levels = frozenset(c for c in rows.keys if c != rows.number)
    mixed = replace(rows, centred=True, top_set=levels)
    groups = key_groups(mixed)
    if all(cost <= ALIGN_TOLERANCE for column in groups.values() for *_, cost in column):
        return mixed
    return None


def numbers_off_level_starts(rows: SpacedRows, deeper: bool = False) -> bool:
    """A number stands on a row where no text of the level right of it starts (with
    ``deeper``, of no level at all): it is not at the top of the level's cell it names (read
    at their tops, the cells of the two columns disagree). Pure."""
    number = rows.number
    if number is None or number + 1 not in rows.keys or rows.centred:
        return False
    levels = [c for c in rows.keys if c > number] if deeper else [number + 1]
    level_starts = {
        own[0] for c in levels for b in rows.column_blocks[c] if (own := overlapped(b, rows.ys))
    }
    numbered = [
        own[0]
        for b in rows.column_blocks[number]
        if (own := overlapped(b, rows.ys)) and own[0] >= rows.lead and own[0] not in rows.banners
    ]
    return not all(row in level_starts for row in numbered)


def at_top_takes(rows: SpacedRows, column: list[tuple[int, int, int, float]], first: int) -> bool:
    """Whether, parents set at their top, a parent above row ``first`` takes it: the nearest
    row above it that is a banner's or a parent's own is a parent's, or, with none, the rows
    may go on from the page before (``open_top``). Pure."""
    owns = {own for _, _, own, _ in column if own not in rows.banners}
    for row in range(first - 1, rows.lead - 1, -1):
        if row in rows.banners:
            return False
        if row in owns:
            return True
    return rows.open_top


def key_columns(roles: Sequence[Optional[Role]], leaves: set[int]) -> list[int]:
    """The columns whose cells may be merged over rows: the number and the levels above the
    leaf, and a column the header names no role for between two levels (a level its wording
    does not name)."""
    hierarchy = [c for c, r in enumerate(roles) if r in HIERARCHY]
    leaf = leaf_of(roles)
    inside = range(hierarchy[0] + 1, leaf) if hierarchy and leaf is not None else range(0)
    return [
        c
        for c, r in enumerate(roles)
        if c not in leaves and (r in HIERARCHY or r == Role.NUMBER or (r is None and c in inside))
    ]


def leaf_of(roles: Sequence[Optional[Role]]) -> Optional[int]:
    """The hierarchy's leaf column: its last named level, or, in a scheduled plan whose header
    names two levels or more but no indicator, the column right of the last when the header
    names no role for it (a leaf in wording the vocabulary lacks, "Hasil yang Diharapkan" after
    "Langkah Kegiatan", both named activities: the content settles it later; the schedule's
    blocks start the rows all the same). After a named indicator, such a column is another's
    ("Dokumen Pendukung")."""
    hierarchy = [c for c, r in enumerate(roles) if r in HIERARCHY]
    if not hierarchy:
        return None
    leaf = hierarchy[-1]
    scheduled = any(r == Role.SCHEDULE or (r is not None and r.is_grid) for r in roles)
    unnamed_next = leaf + 1 < len(roles) and roles[leaf + 1] is None
    no_indicator = Role.INDICATOR not in roles and len(hierarchy) >= 2
    return leaf + 1 if scheduled and unnamed_next and no_indicator else leaf


def leaf_columns(roles: Sequence[Optional[Role]]) -> set[int]:
    """The columns whose blocks start rows: the leaf of the hierarchy (``leaf_of``), the
    schedule and grid columns; all columns when the header names none of them."""
    out = {c for c, r in enumerate(roles) if r == Role.SCHEDULE or (r is not None and r.is_grid)}
    if (leaf := leaf_of(roles)) is not None:
        out.add(leaf)
    return out or set(range(len(roles)))


def alone(block: tuple[float, float], others: list[tuple[float, float]], min_gap: float) -> bool:
    """A block with a row's gap (``min_gap``) between it and the other columns' texts above and
    below it (those beside it are judged by ``one_phrase``)."""
    above = [block[0] - b[1] for b in others if b[1] <= block[0]]
    below = [b[0] - block[1] for b in others if b[0] >= block[1]]
    return all(g >= min_gap for g in (min(above, default=min_gap), min(below, default=min_gap)))


# A banner's number ("IV.", "A") is at most this long.
LABEL_MAX_CHARS = 4


def one_phrase(
    block: tuple[float, float], column: tuple[float, float], body: list[list[Word]]
) -> bool:
    """Nothing stands beside a block but its own phrases (those that start in its column and may
    run on over the next ones) and a short label left of it: a banner's text and its number. A
    parent's text centred between rows has other columns' text beside it, if only a cell's last
    short line ("KEC.") right of it."""
    for line in body:
        if max(w.bottom for w in line) <= block[0] or min(w.top for w in line) >= block[1]:
            continue
        for run in runs_of(line):
            own = any(column[0] <= (w.x0 + w.x1) / 2 < column[1] for w in run)
            label = len(text_of(run)) <= LABEL_MAX_CHARS and run[0].x0 < column[0]
            if not own and not label:
                return False
    return True


def overlapped(block: tuple[float, float], ys: list[float]) -> list[int]:
    return [r for r in range(len(ys) - 1) if min(ys[r + 1], block[1]) - max(ys[r], block[0]) > 1.0]


def centred_columns(
    column_blocks: list[list[tuple[float, float]]], keys: list[int], tops: list[float]
) -> set[int]:
    """The key columns with a block that starts off every row's first line: the table centres a
    merged cell's text over its rows there (else it sets it on the first)."""
    if not tops:
        return set()
    return {
        c
        for c in keys
        if any(min(abs(b[0] - t) for t in tops) > ALIGN_TOLERANCE for b in column_blocks[c])
    }


def owned_rows(col: list[tuple[float, float]], ys: list[float]) -> list[tuple[int, int]]:
    """The rows (first, last) each block of a column covers where the table sets a merged
    cell's text at its top: those it overlaps (the rows under it are blank cells that take its
    text; ``key_groups`` shares rows out where the table centres them)."""
    return [(rows[0], rows[-1]) for b in col if (rows := overlapped(b, ys))]


def centring(
    col: list[tuple[float, float]],
    ys: list[float],
    barriers: frozenset[int] = frozenset(),
    cuts: Optional[frozenset[int]] = None,
    edges: Sequence[float] = (),
    open_top: bool = True,
    lead: int = 0,
    open_end: bool = False,
) -> list[tuple[int, int, int, float]]:
    """A column's blocks in a table that centres merged cells, as (first row, last row, the
    block's own first row, how far it sits from its rows' middle): no key cell is left empty,
    the rows between two blocks go to one or the other, as centres each on its rows best; rows
    of ``barriers`` (banners) belong to no block of another's; rows above the first block may go
    on from the page before (that group's distance is naught: its rows' end is not its own),
    unless not ``open_top``; the first ``lead`` rows are column numbers under the header, and
    the rows after them the page's first. With ``open_end``, the rows under the last block may
    go on to the next page: its place does not choose the groups (``centred_groups``), though its
    distance from its rows' middle is given as it is (a table setting its parents at their top
    shows it so at a page's foot as anywhere).
    ``cuts``: the rows a group may start on (a level's cells hold whole cells of the level
    under it), where the blocks allow it. ``edges``: the rows' cell edges (``row_edges``),
    else ``ys``."""
    spans = [(rows[0], rows[-1], b[0], b[1]) for b in col if (rows := overlapped(b, ys))]
    n = len(ys) - 1
    out: list[tuple[int, int, int, float]] = []
    start = 0
    while spans and start < n:
        if start in barriers:
            out += [(a, b, a, 0.0) for a, b, _, _ in spans if a == start]
            start += 1
            continue
        end = next((r for r in range(start, n) if r in barriers), n)  # segment [start, end)
        inside = [s for s in spans if start <= s[0] and s[1] < end]
        opens = open_top and start == lead
        ends_open = open_end and end == n
        groups = centred_groups(inside, ys, start, end, opens, cuts, edges, ends_open)
        if cuts is not None and not groups:
            groups = centred_groups(inside, ys, start, end, opens, None, edges, ends_open)
        for k, ((first, last), (a, _, top, bottom)) in enumerate(zip(groups, inside)):
            if k == 0 and opens:
                out.append((first, last, first, 0.0))
            else:
                out.append((first, last, a, centring_cost(ys, first, last, top, bottom, edges)))
        start = end
    return out


def centring_cost(
    ys: list[float],
    first: int,
    last: int,
    text_top: float,
    text_bottom: float,
    edges: Sequence[float] = (),
) -> float:
    """How far a text sits from the middle of rows first..last (between their cell edges,
    ``edges``, else ``ys``); a cell of one row may keep its text at the top instead: on its
    row's first line, a point under the cut ``ys`` (the first row's, a padding under its cell's
    edge, as ``row_edges`` sets them: ``ys[0]`` is the header's foot). Pure."""
    line_top = ys[first] + 1
    if first == 0 and edges and len(ys) > 2:
        line_top = edges[0] + (ys[1] + 1 - edges[1])
    edges = edges or ys
    middle = abs((edges[first] + edges[last + 1]) / 2 - (text_top + text_bottom) / 2)
    if last > first:  # a cell merged over rows centres its text on them
        return middle
    return min(middle, abs(line_top - text_top))


def centred_groups(
    spans: list[tuple[int, int, float, float]],
    ys: list[float],
    start: int,
    end: int,
    first_open: bool,
    cuts: Optional[frozenset[int]] = None,
    edges: Sequence[float] = (),
    last_open: bool = False,
) -> list[tuple[int, int]]:
    """Rows [start, end) cut into one group per block (first row, last row, text top, text
    bottom), each holding the rows its block overlaps, so that each block sits as near the
    middle of its group as can be (a cell of one row may keep its text at the top; one merged
    over rows centres it, so a block at the top of two rows belongs to the row it is on); the
    rows above the first may be left to the page before when ``first_open``, and a block on the
    first row then costs nothing (the tail of a cell centred across the break). With ``cuts``,
    a group starts only on one of those rows (none when no grouping can). ``edges``: the rows'
    cell edges (``row_edges``), else ``ys``. With ``last_open`` the last group, running to the
    page's foot, may go on over the break: where its text stands tells nothing (a browser or
    word processor sets a merged cell cut by a break as it likes), so it costs nothing. Pure."""
    if not spans:
        return []
    edges = edges or ys

    def may_start(row: int) -> bool:
        return cuts is None or row == start or row in cuts

    # best[k][s]: least cost of groups 0..k-1 with group k starting at row s (and its parent)
    firsts = [s for s in range(start, spans[0][0] + 1) if may_start(s)] if first_open else [start]
    best: dict[int, tuple[float, list[tuple[int, int]]]] = {s: (0.0, []) for s in firsts}
    for k, (a, b, text_top, text_bottom) in enumerate(spans):
        following = spans[k + 1][0] if k + 1 < len(spans) else None
        ends = range(b, following) if following is not None else [end - 1]
        nxt: dict[int, tuple[float, list[tuple[int, int]]]] = {}
        # A block set at the top of the page's first rows, not centred on them, may be the tail
        # of a cell centred over rows on the page before: where its rows end, its text does not
        # tell.
        set_high = (text_top + text_bottom) / 2 < (edges[a] + edges[b + 1]) / 2 - ALIGN_TOLERANCE
        tail = first_open and k == 0 and a == start and set_high
        for s, (total, groups) in best.items():
            if s > a:
                continue
            for e in ends:
                if e + 1 < end and not may_start(e + 1):
                    continue
                # (a lone block whose rows may go on from the page before as well tells
                # nothing either way: it is judged as before)
                cut_at_foot = last_open and following is None and (k > 0 or not first_open)
                cost = (
                    0.0
                    if tail or cut_at_foot
                    else centring_cost(ys, s, e, text_top, text_bottom, edges)
                )
                value = total + cost
                if e + 1 not in nxt or value < nxt[e + 1][0]:
                    nxt[e + 1] = (value, [*groups, (s, e)])
        best = nxt
    return min(best.values(), key=lambda v: v[0])[1] if best else []


# A word processor stretches a justified line's spaces, never shrinks them: a gap this much
# narrower than a phrase's narrowest space is no space.
NARROW_SPACE = 0.95
# How far a cell's last word may reach over its column's boundary and still be that cell's.
OVERHANG = 0.5
# A line sets its spaces alike (justified ones stretched alike): a gap this many times the
# widest other space of its phrase is none where the word after it opens its column's cell.
WIDER_SPACE = 1.5
# Words whose left edges lie this close start at one place (a column's cells' text start).
START_TOLERANCE = 0.5
# ... at that place on this many other lines: the column's cells start their text there.
STARTS_SEEN = 2


def cell_starts(body: list[list[Word]], xs: Sequence[float]) -> dict[int, list[float]]:
    """Per column, where its words start a line's text in it (the first word of the line in
    that column): a left-aligned column's cells all start at one place. Pure."""
    starts: dict[int, list[float]] = {}
    for line in body:
        seen: set[Optional[int]] = set()
        for word in sorted(line, key=lambda w: w.x0):
            col = geometry.slot(xs, (word.x0 + word.x1) / 2)
            if col is not None and col not in seen:
                starts.setdefault(col, []).append(word.x0)
            seen.add(col)
    return starts


def opens_cell(word: Word, col: int, starts: dict[int, list[float]]) -> bool:
    """The word starts where its column's cells start their text on other lines (its own line
    counts once among them)."""
    near = [x for x in starts.get(col, []) if abs(x - word.x0) <= START_TOLERANCE]
    return len(near) > STARTS_SEEN


def spans_gutter(
    run: list[Word], xs: Sequence[float], starts: Optional[dict[int, list[float]]] = None
) -> bool:
    """A phrase runs over a column boundary: a space parts two of its words in two columns (one
    long word may just overflow its cell, or touch the next cell's word: split_at_gutters). A
    gap much wider than the phrase's other spaces is no space: two cells' texts set close
    (upper-case words, whose wide letters make a cell's padding look like a space); nor is one
    narrower than all of them (a word processor's narrow cell margins); nor one wider than them
    all before a word that starts where its column's cells start (``cell_starts``) after one
    ending inside its own column (Word's cell margins, 1.9 of a space: 'pengembangan' | 'SK').
    Ticks side by side are a grid's marks, one a cell (a PKPT's narrow week cells set them a
    space apart)."""
    if all(is_tick(w.text) for w in run):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
    for i, (a, b) in enumerate(zip(run, run[1:])):
        right = geometry.slot(xs, (b.x0 + b.x1) / 2)
        if gaps[i] <= 0.5 or geometry.slot(xs, (a.x0 + a.x1) / 2) == right:
            continue
        spaces = [g for j, g in enumerate(gaps) if j != i and g > 0.5]
        # (a word starting left of its column's boundary is no text of that column's cell: a
        # browser kerns a bold banner's 'DTT DINAS' to 0.93 of its other spaces; nor is one
        # after a word reaching over that boundary, which no cell left of it holds: 'Sumber'
        # over the indicators' column, then 'Daya' 0.93 of a space on)
        own_cell = right is None or (b.x0 >= xs[right] and a.x1 <= xs[right] + OVERHANG)
        if spaces and gaps[i] < NARROW_SPACE * min(spaces) and own_cell:
            continue  # narrower than a space: two cells' texts a narrow cell margin apart
        if (
            starts is not None
            and right is not None
            and spaces
            and gaps[i] > WIDER_SPACE * max(spaces)
            and a.x1 <= xs[right]
            and opens_cell(b, right, starts)
        ):
            continue  # wider than the line's spaces, and the next cell's text starts there
        if not spaces or gaps[i] <= WIDE_SPACE * median(spaces):
            return True
    return False


def merged_over_gutters(cells: list[BBox], body: list[list[Word]], xs: list[float]) -> list[BBox]:
    """A run of words over a gutter (a banner's text in a cell merged over the row) joins the
    cells of the columns it crosses, at its line, into one, with the empty cells right of them
    (the merged cell goes on where its text stops). Pure."""
    out = list(cells)
    words = [w for line in body for w in line]
    starts = cell_starts(body, xs)

    def empty(cell: BBox) -> bool:
        return not any(geometry.contains_centre(cell, w.bbox) for w in words)

    for line in body:
        for run in runs_of(line):
            x0, x1 = min(w.x0 for w in run), max(w.x1 for w in run)
            if not spans_gutter(run, xs, starts):
                continue
            y = (min(w.top for w in run) + max(w.bottom for w in run)) / 2
            hit = [c for c in out if c[1] <= y <= c[3] and min(c[2], x1) - max(c[0], x0) > 0]
            if len(hit) < 2:
                continue
            top, bottom = min(w.top for w in run), max(w.bottom for w in run)
            edges = sorted({c[1] for c in out} | {c[3] for c in out})
            right = sorted(
                (c for c in out if c[1] <= y <= c[3] and c[0] >= x1 - 1), key=lambda c: c[0]
            )
            for cell in right:
                if not empty(cell):
                    break
                hit.append(cell)
            out = [c for c in out if c not in hit]
            merged: list[BBox] = []
            for cell in hit:
                rest, part = cut_at_line(cell, top, bottom, words, edges)
                out += rest
                merged.append(part)
            out.append(geometry.hull(merged))
    return out


def cut_at_line(
    cell: BBox, top: float, bottom: float, words: list[Word], edges: list[float]
) -> tuple[list[BBox], BBox]:
    """A cell a run over the gutters crosses, as (its parts above and below the run's line, the
    part at it): a column's text that runs on without a gap from the banner's row into the next
    (its values, "25%" under the banner's words) is cut off at the row edge between them, which
    other columns' cells drew. Without such an edge the words are the banner's own (its wrapped
    line), and the cell stays whole. Pure."""
    inside = [w for w in words if geometry.contains_centre(cell, w.bbox)]
    x0, y0, x1, y1 = cell
    rest: list[BBox] = []
    below = [w.top for w in inside if w.top >= bottom]
    cut = next((e for e in edges if y0 < e < y1 and bottom <= e <= min(below, default=0)), None)
    if below and cut is not None:
        rest.append((x0, cut, x1, y1))
        y1 = cut
    above = [w.bottom for w in inside if w.bottom <= top]
    cut = next(
        (e for e in reversed(edges) if y0 < e < y1 and max(above, default=0) <= e <= top), None
    )
    if above and cut is not None:
        rest.append((x0, y0, x1, cut))
        y0 = cut
    return rest, (x0, y0, x1, y1)


# ---------------------------------------------------------------- a page without the header


def fits_columns(line: list[Word], xs: list[float], slack: float = 1.0) -> bool:
    """The line starts inside the table and none of its phrases runs over a gutter (a table's
    line never does, though one long word may overflow its cell)."""
    # the last column's text may reach further than it did on the page before
    if min(w.x0 for w in line) < xs[0] - slack or max(w.x0 for w in line) > xs[-1]:
        return False
    return not any(spans_gutter(run, xs) for run in runs_of(line))


def in_table(lines: list[list[Word]], i: int, xs: list[float]) -> bool:
    """Line ``i`` belongs to a table on the columns ``xs``: it fits them, or it is a banner (a
    short label in the first column, its text run over the gutters) with the table's lines going
    on under it."""
    line = lines[i]
    if fits_columns(line, xs):
        return True
    first = min(line, key=lambda w: w.x0)
    label = (
        xs[0] - 1.0 <= first.x0
        and geometry.slot(xs, (first.x0 + first.x1) / 2) == 0
        and len(first.text) <= LABEL_MAX_CHARS
        and all((geometry.slot(xs, (w.x0 + w.x1) / 2) or 0) >= 1 for w in line if w is not first)
    )
    return label and i + 1 < len(lines) and fits_columns(lines[i + 1], xs)


def refit_boundaries(lines: list[list[Word]], xs: list[float]) -> list[float]:
    """The column boundaries of the page before (each the middle of its gutter there) fitted to
    this page's text, from its top down to the first line outside the table's width: a line
    here may run further into a gutter than any there did ('… baik internal' past the middle).
    A boundary a word starts left of and runs over moves to the middle of this page's gutter
    between the words starting left of it and those starting right of it, where there is one;
    a word belongs to the column it starts in. Pure."""
    top: list[Word] = []
    for line in sorted(lines, key=lambda line: min(w.top for w in line)):
        if min(w.x0 for w in line) < xs[0] - 1.0 or max(w.x0 for w in line) > xs[-1]:
            break
        top += line
    out = list(xs)
    for i in range(1, len(xs) - 1):
        x = xs[i]
        if not any(w.x0 < x < w.x1 for w in top):
            continue
        reach = max((w.x1 for w in top if xs[i - 1] <= w.x0 < x), default=None)
        start = min((w.x0 for w in top if x <= w.x0 < xs[i + 1]), default=None)
        if reach is not None and start is not None and start - reach >= MIN_GUTTER:
            out[i] = (reach + start) / 2
    return out


def find_continued(
    words: list[Word],
    xs: list[float],
    roles: Sequence[Optional[Role]],
    rules: Sequence[HRule] = (),
    role_of: Optional[RoleOf] = None,
    table_size: Optional[float] = None,
) -> Optional[FoundTable]:
    """A table going on from the previous page on a page that doesn't repeat its header.

    The body is the run of lines from the top of the page that sit inside the table's columns
    (``xs`` and ``roles`` from the page that had the header), up to a line that crosses a gutter
    or a gap much wider than the gaps between rows; it must fill at least two columns (a block of
    text after the table, such as the signature, sits in one). Where rules run over the table's
    width, its rows are cut by them. With ``role_of``, a header band at the page's top (repeated
    over no row: the table ended on the page before) is none of its rows. ``table_size``: the
    table's type size on the page before; lines in another size (the tail of a signature block
    cut by the page break: "ttd." and the name) are not its rows."""
    whole = (xs[0], -math.inf, xs[-1], math.inf)
    lines = [geometry.split_at_gutters(line, xs, whole) for line in lines_of(words) if line]
    size = median([w.bottom - w.top for w in words]) if words else 0.0
    if lines and role_of is not None and (header := header_at(lines, 0, role_of, size, rules)):
        lines = lines[len(header.lines) :]  # the header repeated over no row of the table
    # a total closing the group above may open the page, its label left of the columns
    opening = next((i for i, line in enumerate(lines) if not is_total_line(line)), len(lines))
    if opening == len(lines) or not in_table(lines, opening, xs):
        return None
    line_gap_max = max(2.0, 0.3 * size)
    width = xs[-1] - xs[0]
    inside = [r for r in rules if r[0] >= xs[0] - 3 and r[2] <= xs[-1] + 3]
    wide = any(r[2] - r[0] > 0.5 * width for r in inside)
    table_rules = inside if wide else []
    body: list[list[Word]] = []
    row_gaps: list[float] = []
    previous_bottom: Optional[float] = None
    size_of_table = table_size or type_size(lines[0])
    for i, line in enumerate(lines):
        # a total the table goes on after is one of its rows, its label merged over the gutters
        subtotal = subtotal_at(lines, i, body, size_of_table)
        if not (subtotal or in_table(lines, i, xs)) or (ends_table(line) and not subtotal):
            break
        if other_type(line, size_of_table):
            break
        top = min(w.top for w in line)
        if table_rules and not any(y > line_ink_top(line) for _, y, _ in table_rules):
            break
        if previous_bottom is not None and not table_rules:
            gap = top - previous_bottom
            spaced = bool(row_gaps) and gap > max(2.5 * median(row_gaps), median(row_gaps) + 10.0)
            if spaced and not over_spacer(body, lines[i:], gap, row_gaps, size_of_table):
                break
            if gap > line_gap_max + 2.0 and not spaced:
                row_gaps.append(gap)
        body.append(line)
        previous_bottom = max(previous_bottom or 0.0, max(w.bottom for w in line))
    # a row's rest in one column (a leaf cut by the break) is the table's where the group's
    # total follows it: a signature or a note after a table has no total under it
    closed_by_total = len(body) < len(lines) and is_total_line(lines[len(body)])
    if not body or not (fills_columns(body, xs) or closed_by_total):
        return None
    first_top = min(w.top for w in body[0])
    above = [y for _, y, _ in table_rules if first_top - 2.5 * size < y <= line_ink_top(body[0])]
    top = max(above) if above else first_top - 2
    read = body_table(
        body,
        list(xs),
        roles,
        top,
        line_gap_max,
        closed(table_rules, body) if table_rules else None,
        open_end=len(body) == len(lines),
    )
    bottom = max(c[3] for c in read.cells)
    return FoundTable(
        bbox=(xs[0], top, xs[-1], bottom),
        cells=read.cells,
        strategy="text",
        doubts=read.doubts,
        parents=read.parents,
    )
