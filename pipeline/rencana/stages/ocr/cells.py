"""Second pass over table cells: cells the page pass read doubtfully, the narrow "No" column and a
schedule grid's values are read again on their own; marks and bar numerals are decided from pixels.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from rencana.core import geometry
from rencana.core.text import BAR_GLYPHS as _BARS
from rencana.core.text import (
    bars_unsettled,
    designation_parts,
    designation_with_bars,
    roman_lookalike,
)
from rencana.options import OcrSettings
from rencana.stages.ocr import imaging
from rencana.stages.ocr.crops import (
    PreparedPage,
    best_reading,
    crop,
    ink_covered,
    ink_extent,
    ink_lines,
    inset_box,
    keep_better_readings,
    most_confident,
    overlaps,
    with_lost_brackets,
)
from rencana.stages.ocr.tesseract import SETTINGS, PixelWord, read_crops


@dataclass(slots=True)
class Reread:
    """What one page's cell re-reading shares between its passes."""

    prepared: PreparedPage
    settings: OcrSettings
    inset: int  # pixels inside a cell's rulings
    min_ink: float  # pixels of unread ink that make a text cell worth reading again
    min_mark_ink: float  # pixels of ink that make a lone mark or number
    page_scale: float  # the page pass's enlargement

    def read(
        self,
        cells: list[tuple],
        lang: str,
        scales: list[float],
        thin_bold: list[bool] | None = None,
        alphabet: str | None = None,
    ) -> list[list[PixelWord]]:
        """One Tesseract run over the cells' inked boxes, stacked on one sheet."""
        if not cells:
            return []
        return read_crops(
            self.prepared.text_image,
            [inner for _, inner in cells],
            lang,
            scales,
            self.inset * 4,
            self.settings,
            thin_bold,
            alphabet,
        )

    def read_lines(
        self, cells: list[tuple], lang: str, scale: float, alphabet: str | None = None
    ) -> list[list[PixelWord]]:
        """``read`` with each cell's lines on the sheet apart, their words gathered per cell: read
        as one block, a narrow cell's wrapped number ("1." over "2") ran the stop into the next
        line's top and read "1s"."""
        lines = [
            (index, line)
            for index, (_, inner) in enumerate(cells)
            for line in ink_lines(self.prepared.ink, inner, self.inset)
        ]
        readings = self.read(
            [(None, line) for _, line in lines], lang, [scale] * len(lines), alphabet=alphabet
        )
        out: list[list[PixelWord]] = [[] for _ in cells]
        for (index, _), reading in zip(lines, readings):
            out[index] += reading
        return out

    def text_choice(self, readings: list[list[PixelWord]], covered: list[int]) -> list[PixelWord]:
        best = with_lost_brackets(
            best_reading(readings, covered, slack=self.min_mark_ink), readings
        )
        if len(best) == 1 and _LONE_NUMBER_PUNCT.fullmatch(best[0].text):
            # A row number alone in its cell ends with a full stop; its dot often reads "," or ":".
            return [
                PixelWord(
                    text=best[0].text[:-1] + ".", box=best[0].box, confidence=best[0].confidence
                )
            ]
        return best

    def text_settled(self, best: list[PixelWord], cell: tuple) -> bool:
        inner = (
            cell[0] + self.inset,
            cell[1] + self.inset,
            cell[2] - self.inset,
            cell[3] - self.inset,
        )
        unread = np.count_nonzero(crop(self.prepared.ink, inner)) - ink_covered(
            self.prepared.ink, best, inner
        )
        return bool(unread < self.min_ink) and all(
            w.confidence >= self.settings.reread_below_confidence for w in best
        )


def number_settled(best: list[PixelWord], _cell: tuple) -> bool:
    # The header cell ("No.") is done once it is named.
    return row_number_text(best) is not None or header_reading([best]) is best


@dataclass(slots=True)
class CellsToReread:
    text: list[tuple] = field(default_factory=list)  # (cell, inked box) pairs
    grid: list[tuple] = field(default_factory=list)
    number: list[tuple] = field(default_factory=list)


def reread_cells(
    prepared: PreparedPage,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    upscale: float | None = None,
) -> list[PixelWord]:
    """Second pass: OCR again the cells whose ink the page pass left partly unread or read doubtfully.

    Page segmentation sometimes drops a short lone token (the area number "5.", a target "0") or a
    line of a narrow cell ("Januari dan" above "Desember"), and a lone bold glyph can come out as a
    low-confidence misreading. Such a cell is read again on its own, enlarged, and then at scan
    size if that still leaves ink unread or doubtful; ``best_reading`` picks among the readings.
    Every inked cell of a schedule grid is read again with ``grid_lang``: its short values ("0",
    "25%", "TW I") are what the page pass reads worst, and the Indonesian model cannot read "%"
    at all (it gives "100Yo").

    All cells of one kind go to Tesseract together, stacked on one sheet (``read_crops``): one
    engine start per pass instead of one per cell, which is what made grid pages slow (~0.1 s
    each, 100 cells a page).
    """
    px = dpi / 72.0
    context = Reread(
        prepared=prepared,
        settings=settings,
        inset=max(1, round(settings.cell_inset_pt * px)),
        min_ink=settings.min_cell_ink_pt2 * px * px,
        min_mark_ink=settings.min_mark_ink_pt2 * px * px,
        page_scale=upscale or settings.upscale,
    )
    todo = cells_to_reread(context, words, dpi)
    # One Tesseract run per language and sheet: text cells, grid cells, the No column's lines.
    text_readings = context.read(todo.text, settings.lang, [context.page_scale] * len(todo.text))
    grid_readings = context.read(
        todo.grid,
        settings.grid_lang,
        [settings.grid_upscale] * len(todo.grid),
        [True] * len(todo.grid),
    )
    number_readings = context.read_lines(todo.number, settings.grid_lang, context.page_scale)
    result = reread_text_cells(context, list(words), todo.text, text_readings)
    result = reread_grid_cells(context, result, todo.grid, grid_readings)
    return reread_number_cells(context, result, todo.number, number_readings)


def cells_to_reread(context: Reread, words: list[PixelWord], dpi: int) -> CellsToReread:
    """The table cells worth a second reading, by kind: text cells with ink left unread or read
    doubtfully, every inked cell of a schedule grid, and inked cells of the narrow "No" column."""
    prepared, settings, inset = context.prepared, context.settings, context.inset
    covered = np.zeros_like(prepared.ink)
    for word in words:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        covered[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = 255
    unread = imaging.erase(prepared.ink, covered)
    doubtful_words = [w for w in words if w.confidence < settings.reread_below_confidence]
    todo = CellsToReread()
    for cells in prepared.tables:
        grid = set(grid_cells_of(cells, dpi, settings))
        numbers = set(number_cells_of(cells, dpi, settings))
        for cell in cells:
            x0, y0, x1, y1 = inset_box(cell, inset)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            ink = np.count_nonzero(prepared.ink[y0:y1, x0:x1])
            # Only the inked part of the cell goes on the sheet: a lone "1." in a tall merged cell
            # is dropped by page segmentation when it sits alone in a big empty area.
            inner = ink_extent(prepared.ink, (x0, y0, x1, y1), margin=2 * inset)
            small_but_inked = ink >= context.min_mark_ink  # a lone "1" or "1."
            if cell in grid:
                if small_but_inked:
                    todo.grid.append((cell, inner))
                continue
            if cell in numbers and small_but_inked:
                todo.number.append((cell, inner))
            doubtful = any(geometry.contains_centre(cell, w.box) for w in doubtful_words)
            if doubtful or np.count_nonzero(unread[y0:y1, x0:x1]) >= context.min_ink:
                todo.text.append((cell, inner))
    return todo


def reread_text_cells(
    context: Reread, words: list[PixelWord], cells: list[tuple], readings: list[list[PixelWord]]
) -> list[PixelWord]:
    """Keep the better reading of each text cell; cells the first re-read leaves unread or doubtful
    are read once more at scan size (which scale reads a lone "1." or a short line best changes
    from page to page)."""
    result, pending = keep_better_readings(
        context.prepared, words, cells, readings, context.text_choice, context.text_settled
    )
    if pending and context.page_scale != 1.0:
        again = context.read(pending, context.settings.lang, [1.0] * len(pending))
        result, _ = keep_better_readings(
            context.prepared, result, pending, again, context.text_choice, context.text_settled
        )
    return result


def reread_grid_cells(
    context: Reread, words: list[PixelWord], cells: list[tuple], readings: list[list[PixelWord]]
) -> list[PixelWord]:
    """A grid cell takes its English reading (numerals made Roman) unless that covers less ink."""
    ink = context.prepared.ink
    result = words
    for (cell, _), reading in zip(cells, readings):
        reading = [
            PixelWord(text=roman_numeral(w.text), box=w.box, confidence=w.confidence)
            for w in reading
            if geometry.contains_centre(cell, w.box)
        ]
        before = [w for w in result if geometry.contains_centre(cell, w.box)]
        if ink_covered(ink, reading, cell) >= 0.95 * ink_covered(ink, before, cell):
            result = [w for w in result if not geometry.contains_centre(cell, w.box)] + reading
    return result


def reread_number_cells(
    context: Reread, words: list[PixelWord], cells: list[tuple], readings: list[list[PixelWord]]
) -> list[PixelWord]:
    """Row numbers: the reading that spells one, at scan size for cells still without one, and
    last in digits and stops only (a serif "1." read alone on its line gives "Is", "Ts", "IP",
    "ks" or "15" as often as "1."; read as digits it is "1.")."""
    result, pending = keep_better_readings(
        context.prepared, words, cells, readings, best_number_reading, number_settled
    )
    if pending and context.page_scale != 1.0:
        again = context.read_lines(pending, context.settings.grid_lang, 1.0)
        result, pending = keep_better_readings(
            context.prepared, result, pending, again, best_number_reading, number_settled
        )
    if pending:
        digits = context.read_lines(
            pending, context.settings.grid_lang, context.page_scale, alphabet=ROW_NUMBER_DIGITS
        )
        result, _ = keep_better_readings(
            context.prepared, result, pending, digits, best_number_reading, number_settled
        )
    return result


# What a numbered row's number is made of when it is no Roman numeral or letter.
ROW_NUMBER_DIGITS = "0123456789."


# A row number as printed in a table's "No" column, read word by word: "4." "3", "IV.", "a.", "12)"
# (letters only as far as lettered lists go, as for banners in the table stage: "o." is no number).
# OCR confuses its dots with "," ":" ";" (never part of a row number).
_MISREAD_DOT = re.compile(r"[,:;]")
_ROW_NUMBER = re.compile(r"(?:\d{1,3}|[IVX]{1,5}|[A-Ha-h])(?:[.,:;]\d{1,3})*[.,:;)]?")


def row_number_text(words: list[PixelWord]) -> str | None:
    """The row number the words of one "No" cell spell, with OCR's "," ":" ";" read as ".", or None. Pure."""
    joined = "".join(w.text for w in words)
    if not _ROW_NUMBER.fullmatch(joined):
        return None
    return _MISREAD_DOT.sub(".", joined)


def _number_glyphs(words: list[PixelWord]) -> str:
    """A row number's digits or letters without its separators ("1.1" and "11" both give "11")."""
    return re.sub(r"[.,:;)]", "", "".join(w.text for w in words))


def _inner_separators(words: list[PixelWord]) -> int:
    return len(re.findall(r"[.,:;](?=\d)", "".join(w.text for w in words)))


def header_reading(readings: list[list[PixelWord]]) -> list[PixelWord] | None:
    """The first reading that names a table column ("No."), if any."""
    from rencana.stages.tables.headers import role_of_header

    return next((r for r in readings if r and role_of_header(" ".join(w.text for w in r))), None)


def best_number_reading(readings: list[list[PixelWord]], ink_covered: list[int]) -> list[PixelWord]:
    """The reading of a "No" column cell: the column's header ("No.") if a reading names it, else
    one that spells a row number (its separators repaired; among several that cover its ink, the
    most confident, unless another reads the same digits with more dots), else the first reading."""
    header = header_reading(readings)
    if header is not None:
        return header
    readings = [
        [spelled] if len(r) == 1 and (spelled := _spelled_roman(r[0])) is not r[0] else r
        for r in readings
    ]
    # A reading that leaves ink unread is no number however well it spells one: "2" for the
    # wrapped "1." over "2" dropped the "1." (a reading that read it, "1s 2", spells none).
    most = max(ink_covered)
    complete = [
        r
        for r, ink in zip(readings, ink_covered)
        if r and ink >= 0.95 * most and row_number_text(r) is not None
    ]
    if not complete:
        return readings[0]
    chosen = most_confident(complete)
    # A dot is too small to count in the ink, and OCR drops dots but never invents one inside a
    # number: "1.1" beats "11" however sure the page pass was of "11" (but "4.5" never beats "1.").
    dotted = [
        r
        for r in complete
        if _number_glyphs(r) == _number_glyphs(chosen)
        and _inner_separators(r) > _inner_separators(chosen)
    ]
    if dotted:
        chosen = max(dotted, key=_inner_separators)
    # OCR drops a numeral's bar but never invents one: a banner's "III" on its tint read "11" by
    # the page pass and "Ill" on its own is the reading with more bars.
    barred = [r for r in complete if re.fullmatch(r"[1I]+", _number_glyphs(r))]
    more = [r for r in barred if len(_number_glyphs(r)) > len(_number_glyphs(chosen))]
    if chosen in barred and more:
        chosen = max(more, key=lambda r: len(_number_glyphs(r)))
    return [
        PixelWord(text=_MISREAD_DOT.sub(".", w.text), box=w.box, confidence=w.confidence)
        for w in chosen
    ]


def _spelled_roman(word: PixelWord) -> PixelWord:
    """A row number's Roman numeral read in look-alike glyphs ("Il", "Ill.", "Iv") as the numeral:
    a word of two glyphs or more with a Roman capital among them. "l." (a serif "1.") and "ll"
    stay as read, no number, so that a reading of the digits wins."""
    body = word.text.rstrip(".,:;)")
    numeral = roman_lookalike(body) if len(body) >= 2 and set(body) & set("IVX") else None
    if numeral is None or numeral == body:
        return word
    return PixelWord(numeral + word.text[len(body) :], word.box, word.confidence)


_LONE_NUMBER_PUNCT = re.compile(r"\d{1,2}[,:;]")


def roman_numeral(token: str) -> str:
    """A quarter numeral OCR'd with look-alike glyphs ("il", "ill", "lV") as the numeral ("II", "III", "IV").

    Only tokens with a letter among them: a lone "1" or "11" in a grid cell stays a number."""
    numeral = roman_lookalike(token)
    return numeral if numeral in _QUARTER_NUMERALS and any(c.isalpha() for c in token) else token


_QUARTER_NUMERALS = ("I", "II", "III", "IV")


def column_edges(
    cells: list[tuple[float, float, float, float]], dpi: int, settings: OcrSettings = SETTINGS
) -> tuple[list[float], float]:
    """A ruled table's column edges (cell sides within the ruling tolerance are one edge), and that tolerance."""
    from rencana.core.geometry import cluster

    tolerance = settings.ruling_tolerance_pt * dpi / 72.0
    return cluster([c[0] for c in cells] + [c[2] for c in cells], tolerance), tolerance


def grid_cells_of(
    cells: list[tuple[float, float, float, float]], dpi: int, settings: OcrSettings = SETTINGS
) -> list[tuple[float, float, float, float]]:
    """The cells of a table that sit in one column of its schedule grid (``imaging.grid_columns``)."""
    xs, tolerance = column_edges(cells, dpi, settings)
    columns = set(imaging.grid_columns(xs, settings.max_grid_column_pt * dpi / 72.0))
    out = []
    for cell in cells:
        spanned = [
            i
            for i in range(len(xs) - 1)
            if xs[i] >= cell[0] - tolerance and xs[i + 1] <= cell[2] + tolerance
        ]
        if len(spanned) == 1 and spanned[0] in columns:
            out.append(cell)
    return out


def number_cells_of(
    cells: list[tuple[float, float, float, float]], dpi: int, settings: OcrSettings = SETTINGS
) -> list[tuple[float, float, float, float]]:
    """The cells of a table's first column when it is narrow enough to hold only row numbers."""
    xs, tolerance = column_edges(cells, dpi, settings)
    if len(xs) < 3 or xs[1] - xs[0] > settings.max_number_column_pt * dpi / 72.0:
        return []
    return [c for c in cells if abs(c[0] - xs[0]) <= tolerance and c[2] <= xs[1] + tolerance]


def read_grid_marks(
    prepared: PreparedPage,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    unruled: Sequence[tuple[float, float, float, float]] = (),
) -> list[PixelWord]:
    """Ticks in schedule grid cells, decided from the pixels: OCR reads a lone "√" as "J", "Vv", "/"
    or nothing. A grid cell whose ink is one compact open stroke is a mark (a Word "√") unless
    OCR read it confidently as a number ("7", a target); a lone flat stroke is a dash ("-", no
    mark); a lone upright bar read as one glyph is the digit "1" (a quarter target), whatever OCR
    made of it; a cell without ink holds nothing (specks OCR'd as "." go). ``unruled``: the grid
    cells of a table ruled between rows only (label_grid.label_grid_cells), decided alike."""
    px = dpi / 72.0
    inset = max(1, round(settings.cell_inset_pt * px))
    min_ink = settings.min_cell_ink_pt2 * px * px
    min_mark_ink = settings.min_mark_ink_pt2 * px * px
    max_side = settings.max_mark_pt * px
    min_tick = settings.min_tick_pt * px
    result = list(words)
    for cells in [*(grid_cells_of(t, dpi, settings) for t in prepared.tables), list(unruled)]:
        for cell in cells:
            x0, y0, x1, y1 = inset_box(cell, inset)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            # A word read across a column ruling ("VAN": two ticks and the rule between them, in
            # a blurred 150-dpi scan) is no one cell's reading: each cell's pixels decide.
            across = [w for w in result if _straddles(w.box, cell)]
            inside = [
                w for w in result if geometry.contains_centre(cell, w.box) and w not in across
            ]
            shape = imaging.ink_shape(prepared.ink[y0:y1, x0:x1], max(2, round(min_ink / 8)))
            if shape.pixels < min_mark_ink:
                replacement: list[PixelWord] = []
            else:
                text = _pixel_reading(shape, inside, max_side, settings, min_tick)
                if text is None or shape.box is None:
                    continue
                bx0, by0, bx1, by1 = shape.box
                replacement = [
                    PixelWord(
                        text=text,
                        box=(x0 + bx0, y0 + by0, x0 + bx1, y0 + by1),
                        confidence=settings.pixel_mark_confidence,
                    )
                ]
            result = [
                w for w in result if not geometry.contains_centre(cell, w.box) and w not in across
            ] + replacement
    return result


def unruled_grid_marks(
    prepared: PreparedPage,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    columns: Sequence[tuple[float, float, float, float]] = (),
) -> list[PixelWord]:
    """The words, with the marks OCR did not return in the month columns of a grid without
    rules (label_grid.unruled_grid_columns): no rule parts its rows, so no cell is read from
    its pixels, and Tesseract drops a lone tick between wide gaps (fuzz scan seed 122: 11 of
    25 "√" not returned). Each piece of ink in a column that no word covers is read by its
    shape as a cell's is: a tick is a "√"; a piece of a mark's size and height that is no
    tick, no dash and no bar is a "?", an unknown mark the quality verdict flags
    (grid_marks_unknown), not a month dropped in silence; specks and dashes stay out."""
    px = dpi / 72.0
    inset = max(1, round(settings.cell_inset_pt * px))
    min_blob = max(2, round(settings.min_cell_ink_pt2 * px * px / 8))
    min_mark_ink = settings.min_mark_ink_pt2 * px * px
    max_side = settings.max_mark_pt * px
    min_tick = settings.min_tick_pt * px
    height, width = prepared.ink.shape[:2]
    found: list[PixelWord] = []
    for column in columns:
        x0, y0, x1, y1 = inset_box(column, inset)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, int(min(y1, height)))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        strip = imaging.cv_image(prepared.ink[y0:y1, x0:x1])
        if strip is None:
            continue
        bridged = cv2.morphologyEx(strip, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        count, _, stats = imaging.components(bridged)
        for label in range(1, count):
            left, top, w, h, area = (int(v) for v in stats[label][:5])
            box = (x0 + left, y0 + top, x0 + left + w, y0 + top + h)
            if (
                area < min_blob
                or max(w, h) > max_side
                or any(overlaps(box, word.box) for word in words)
            ):
                continue  # a speck, a rule or a picture, or ink OCR read
            shape = imaging.ink_shape(prepared.ink[box[1] : box[3], box[0] : box[2]], min_blob)
            if shape.pixels < min_mark_ink:
                continue
            text = _pixel_reading(shape, [], max_side, settings, min_tick)
            if text == "-" or (text is None and h < min_tick):
                continue
            found.append(
                PixelWord(
                    text="√" if text == "√" else "?",
                    box=box,
                    confidence=settings.pixel_mark_confidence if text == "√" else 0.0,
                )
            )
    return words + found


def _straddles(box: tuple[float, ...], cell: tuple[float, ...]) -> bool:
    """Whether a word lies across one of the cell's sides, a good part of it on each side, in
    the cell's rows."""
    if box[1] >= cell[3] or box[3] <= cell[1]:
        return False
    part = STRADDLE_SHARE * (box[2] - box[0])
    return any(box[0] + part <= side <= box[2] - part for side in (cell[0], cell[2]))


# A word lies across a cell's side when this share of its width or more lies on each side.
STRADDLE_SHARE = 0.25


def _pixel_reading(
    shape: imaging.InkShape,
    words: list[PixelWord],
    max_side: float,
    settings: OcrSettings,
    min_tick: float = 0.0,
) -> str | None:
    """What a grid cell's ink says when its shape decides: "1", "√", "-", or None to keep OCR's
    words. A compact stroke lower than ``min_tick`` (pixels) is a dash: a scan's blur rounds a
    dash's ends into a tick's proportions, never into a tick's height."""
    if shape.is_bar(max_side) and len("".join(w.text for w in words)) <= 1:
        return "1"  # no other digit is one upright stroke; OCR reads it "‘", "|" or even "4"
    if _confident_value(words, settings):
        return None
    low = shape.box is not None and shape.box[3] - shape.box[1] < min_tick
    if shape.is_tick(max_side) and not low:
        return "√"
    if shape.is_dash(max_side) or (low and shape.is_tick(max_side)):
        return "-"
    return None


def _confident_value(words: list[PixelWord], settings: OcrSettings) -> bool:
    """OCR is sure it read a number or percentage ("0", "25%"), a quarter numeral or a word in the cell."""
    text = "".join(w.text for w in words)
    if not words or min(w.confidence for w in words) < settings.reread_below_confidence:
        return False
    # A value, a quarter numeral, or a header word ("Jul", "Agt"): no tick reads as three letters.
    return (
        bool(re.fullmatch(r"\d+(?:[.,]\d+)?%?|I{1,3}|IV", text))
        or sum(c.isalnum() for c in text) >= 3
    )


# A numeral's bars as OCR reads them: "I", "l", "|", or an "i" (fuzz scan seed 110, black and
# white at 300 dpi: "TW III" read "Tw Ii" at 0.44, its word box holding three bars of one height).
_NUMERAL_BARS = re.compile(r"[Il|i]{1,3}")


def recount_numeral_bars(
    ink: np.ndarray, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[PixelWord]:
    """A numeral of bars ("I", "II", "III") that OCR read with a bar too few ("TW III" read
    "Tw II" on the Jateng scan, its word box holding three strokes) is spelled from its pixels.
    Only upwards: in a serif face bars joined by their serifs count as one piece."""
    px = dpi / 72.0
    out = []
    for word in words:
        if _NUMERAL_BARS.fullmatch(word.text):
            bars = imaging.upright_bars(
                crop(ink, word.box),
                max(2, round(settings.min_mark_ink_pt2 * px * px / 2)),
            )
            if bars is not None and len(word.text) < bars <= 3:
                word = PixelWord(text="I" * bars, box=word.box, confidence=word.confidence)
        out.append(word)
    return out


_ROMAN_COUNT = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_BAR_GLYPHS = re.compile(r"[Il|!i1]{1,3}")


def numeral_runs(
    ink: np.ndarray, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[PixelWord]:
    """A header's numerals side by side ("I II III IV" under "Triwulan") that OCR read in
    look-alike glyphs, "I ll 1 IV" (its "III" read as one "1"), are the numerals: where three or
    more tokens next to each other on one line read, by their glyphs or by their count of upright
    bars, as the numerals counting up from I. Outside such a run a "1" or "ll" stays as read (a
    row number, a target): alone it is no numeral. Without a table's cells (a table ruled
    between its rows only) no grid cell is read again to correct them."""
    px = dpi / 72.0
    min_blob = max(2, round(settings.min_mark_ink_pt2 * px * px / 2))

    def numeral(word: PixelWord) -> str | None:
        if _BAR_GLYPHS.fullmatch(word.text):
            bars = imaging.upright_bars(crop(ink, word.box), min_blob)
            if bars is not None and len(word.text) <= bars <= 3:
                return "I" * bars
        return roman_lookalike(word.text)

    out = list(words)
    for line in geometry.group_lines([w.box for w in words]):
        readings = [numeral(words[i]) for i in line]
        start = 0
        while start < len(line):
            count = 0  # numerals counting up from I at ``start``
            while (
                start + count < len(line)
                and count < len(_ROMAN_COUNT)
                and readings[start + count] == _ROMAN_COUNT[count]
            ):
                count += 1
            if count >= 3:
                for k, i in enumerate(line[start : start + count]):
                    out[i] = PixelWord(_ROMAN_COUNT[k], words[i].box, words[i].confidence)
            start += max(1, count)
    return out


def _glyph_class(char: str) -> str:
    return "1" if char == "1" else "I" if char in _BARS else "." if char == "." else "x"


def settled_designation(text: str, readings: list[str]) -> tuple[str, bool]:
    """A designation as OCR read it, with its parts of bars alone (where a Roman numeral may
    stand: "/II/", "/1/") spelled as the image's glyphs show them (``imaging.glyph_readings``),
    and whether it is sure. It is not sure when such a part's glyphs are not all told apart in
    the image, or when the image's glyphs cannot be laid along the reading (a stop or a bar
    the reading lacks). A stop OCR joined to the bar before it ("IMI.1" read "IML1": an "L")
    is put back where the image shows a bar and a stop there. A "/11/" is November as well as
    a misread "/II/": only the glyphs decide. Pure."""
    if not designation_with_bars(text):
        return text, True
    seen = _glyphs_along(text, readings)
    if seen is None and (stop := _stop_joined(text, readings)) is not None:
        text, seen = stop
    parts, bar_parts = designation_parts(text)
    if seen is None:  # sure only when the image shows no more bars and stops than the reading
        return text, not bar_parts and _marks(readings) <= _marks(text)
    at = 0
    for n, part in enumerate(parts):
        if n in bar_parts:
            shown = {seen[i] for i in range(at, at + len(part))}
            if len(shown) != 1 or None in shown:
                return text, False
            parts[n] = str(shown.pop()) * len(part)
        at += len(part)
    return "".join(parts), True


def _marks(glyphs: str | list[str]) -> int:
    """Bars and stops among a reading's characters or an image's glyphs."""
    return sum(_glyph_class(c) != "x" for c in glyphs)


def _stop_joined(text: str, readings: list[str]) -> tuple[str, list[str | None]] | None:
    """The reading with the one "L" the image shows as a bar and a stop ("I.") spelled so, and
    what the image shows along it; None when no "L", or more than one, is shown so."""
    found = []
    for at in (n for n, c in enumerate(text) if c == "L"):
        spelled = f"{text[:at]}I.{text[at + 1 :]}"
        seen = _glyphs_along(spelled, readings)
        if seen is not None and seen[at] == "I" and _marks(readings) == _marks(spelled):
            found.append((spelled, seen))
    return found[0] if len(found) == 1 else None


def _glyphs_along(text: str, readings: list[str]) -> list[str | None] | None:
    """What the image shows for each of the text's bar glyphs ("I" or "1"; None where it shows
    no bar of its own: a glyph touching its neighbour, or misshapen), with the readings laid
    along the text: a bar or a stop of the image on a bar or a stop of the text, another glyph
    ("x") on one character or more (letters that touch read as one glyph). None when they
    cannot be laid so. Of the ways they can, the one that shows the most bars."""
    read = [_glyph_class(c) for c in text]
    n, m = len(read), len(readings)
    # best[i][j]: the most bars shown laying readings[j:] along read[i:], and the first step
    best: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[n][m] = (0, 0)
    for i in range(n, -1, -1):
        for j in range(m - 1, -1, -1):
            options: list[tuple[int, int]] = []
            shown = readings[j]
            if i < n and shown in "1I." and read[i] in ("." if shown == "." else "1I"):
                if (after := best[i + 1][j + 1]) is not None:
                    options.append((after[0] + (shown != "."), 1))
            elif shown == "x":
                for k in range(1, n - i + 1):
                    if k > 1 and read[i + k - 1] == ".":
                        break  # a stop between letters parts them
                    if (after := best[i + k][j + 1]) is not None:
                        options.append((after[0], k))
            if options:
                best[i][j] = max(options)
    if best[0][0] is None:
        return None
    out: list[str | None] = []
    i = j = 0
    while i < n and (here := best[i][j]) is not None:
        step = here[1]
        if readings[j] in "1I" and step == 1:
            out.append(readings[j])
        else:
            out += [None] * step
        i, j = i + step, j + 1
    return out


def settled_designations(
    ink: np.ndarray,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    skew: float = 0.0,
) -> tuple[list[PixelWord], list[str]]:
    """The page's designations settled from their glyphs (``settled_designation``), and the
    ones left unsure, as read. ``skew``: the degrees each word's crop is turned by to lie level
    (an image not deskewed, under a text layer)."""
    if not settings.glyph_shapes:  # the scan is too coarse for a glyph's shape to settle it
        return words, [w.text for w in words if bars_unsettled(w.text)]
    out, unsure = [], []
    for word in words:
        if designation_with_bars(word.text):
            readings = _word_glyphs(ink, word.box, dpi, settings, skew)
            text, sure = settled_designation(word.text, readings)
            if not sure:
                unsure.append(word.text)
            word = PixelWord(text=text, box=word.box, confidence=word.confidence)
        out.append(word)
    return out, unsure


def _word_glyphs(
    ink: np.ndarray,
    box: tuple[float, float, float, float],
    dpi: int,
    settings: OcrSettings,
    skew: float = 0.0,
) -> list[str]:
    """``imaging.glyph_readings`` of the ink in a word's box, turned ``skew`` degrees."""
    x0, y0, x1, y1 = box
    pad = round(0.3 * (y1 - y0))  # a layer's line box may cut a glyph's serif or flag
    around = crop(ink, (x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    if skew:
        around = imaging.rotate(around, skew, border=0) >= 128
    top = min(pad, round(y0))  # the crop stops at the page's edge
    # Above a speck: a small full stop counts (a stop lost from the reading is a misreading).
    min_blob = max(2, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2)) + 1
    return imaging.glyph_readings(around, min_blob, (top, top + y1 - y0))


# A row's number ("1.", "1.4", "12"): digits and stops alone.
_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?")


def settled_digits(
    ink: np.ndarray, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[PixelWord]:
    """Numbers whose "1" OCR read as another digit ("1." read "3." at 0.49 on Demak's plan
    turned 0.8°, its number "1.4" then "3.4", under another parent), spelled from their glyphs:
    where the glyphs lie one for one along the reading and one of them is a stem alone
    (``imaging.glyph_readings``: no other digit is one upright stroke) under another digit,
    the digit is "1". Numbers whose glyphs do not lie so stay as read."""
    if not settings.glyph_shapes:
        return words
    out = []
    for word in words:
        if _NUMBER.fullmatch(word.text) and set(word.text) - set("1."):
            readings = _word_glyphs(ink, word.box, dpi, settings)
            if len(readings) == len(word.text) and all(
                (r == ".") == (c == ".") for r, c in zip(readings, word.text)
            ):
                text = "".join("1" if r in "1I" else c for r, c in zip(readings, word.text))
                word = PixelWord(text=text, box=word.box, confidence=word.confidence)
        out.append(word)
    return out


# A word closing on a stop OCR may have taken for another: the page's language reads a ";" as
# ":" or "," (a list of steps "koordinasi dengan BKPSDM; P3K membuat ..." read with colons),
# or as an "i" after a closing bracket ("Nomor 442);" read "442)i": fuzz scan seed 155).
_CLOSING_STOP = re.compile(r"^.*(?:[\w)][:,]|\)[il])$")


def settled_semicolons(
    ink: np.ndarray, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[PixelWord]:
    """Words whose closing ":" or "," is a ";" by its shape (``imaging.closing_stop``: a dot
    over a tail below the baseline) end with ";"; so does a "," over which the shape shows a
    dot (a dot over a dot, to the shape alone): OCR saw the tail that a colon lacks, the ink
    the dot a comma lacks ("internal," for "internal;" at 200 dpi, where the tail hardly
    passes the baseline: fuzz scan seed 113), when the word's own box holds both pieces: a
    pen's stroke just past a signed name ("LESTARI,") is no dot. A stop whose shape says
    nothing stays as read."""
    if not settings.glyph_shapes:
        return words
    out = []
    for word in words:
        if _CLOSING_STOP.match(word.text):
            x0, y0, x1, y1 = word.box
            pad = round(0.3 * (y1 - y0))  # the comma's tail may reach below the line's box
            around = crop(ink, (x0, y0 - pad, x1 + pad, y1 + pad))
            top = min(pad, round(y0))
            min_blob = max(2, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2)) + 1
            rows = (top, top + y1 - y0)
            shape = imaging.closing_stop(around, min_blob, rows)
            if shape == ":" and word.text.endswith(","):
                own = crop(ink, (x0, y0 - pad, x1, y1 + pad))
                shape = ";" if imaging.closing_stop(own, min_blob, rows) == ":" else shape
            if shape == ";":
                word = PixelWord(word.text[:-1] + ";", word.box, word.confidence)
        out.append(word)
    return out


def semicolons_under_dust(
    ink: np.ndarray,
    specks: np.ndarray,
    words: list[PixelWord],
    cells: Sequence[tuple[float, float, float, float]],
) -> list[PixelWord]:
    """Words closing on a "," whose tail stands under a dot of speck size that the despeckling
    took (``specks``), in a table cell that holds a ";" as read: a list of steps parted by
    semicolons, the dot of one lost to the speck filter ("BKPSDM;" read "BKPSDM," on a
    binarised 200-dpi scan, its dot 2 px: unseen fuzz scan seed 316). With the dot put back,
    the word's own ink shows the ";" (``imaging.closing_stop``). Dust lies over some comma of a
    dusty page: a cell of commas alone keeps them. Run after the second readings, which read a
    cell's other semicolons. Pure."""
    listed = [
        cell
        for cell in cells
        if any(w.text.endswith(";") and geometry.contains_centre(cell, w.box) for w in words)
    ]
    out = []
    for word in words:
        if word.text.endswith(",") and any(
            geometry.contains_centre(cell, word.box) for cell in listed
        ):
            x0, y0, x1, y1 = word.box
            pad = round(0.3 * (y1 - y0))  # the comma's tail may reach below the line's box
            box = (x0, y0 - pad, x1, y1 + pad)
            top = min(pad, round(y0))
            own = np.maximum(crop(ink, box), crop(specks, box))
            if imaging.closing_stop(own, 2, (top, top + y1 - y0)) == ";":
                word = PixelWord(word.text[:-1] + ";", word.box, word.confidence)
        out.append(word)
    return out


def stops_under_dust(
    ink: np.ndarray, specks: np.ndarray, words: list[PixelWord]
) -> list[PixelWord]:
    """Words read without the full stop that the page prints after them elsewhere ("KEC."
    read so beside "KEC JOGOROTO"), where a dot of speck size the despeckling took
    (``specks``) stands on their baseline just past their last letter: the stop, as small as
    dust in small type ("Kec. Jogoroto" at 300 dpi, its 3-px dot: unseen fuzz scan seed 266).
    A word the page never prints with a stop keeps its reading: dust lies past some word on
    a dusty page. Pure."""
    stopped = {w.text[:-1] for w in words if len(w.text) > 1 and w.text.endswith(".")}
    out = []
    for word in words:
        if word.text in stopped and word.text[-1:].isalnum() and dust_stop_after(ink, specks, word):
            word = PixelWord(word.text + ".", word.box, word.confidence)
        out.append(word)
    return out


def dust_stop_after(ink: np.ndarray, specks: np.ndarray, word: PixelWord) -> bool:
    """Whether a dot of speck size the despeckling took stands on ``word``'s baseline just past
    its last letter, where a full stop closing it stands. Pure."""
    x0, y0, x1, y1 = word.box
    height = y1 - y0
    pad = round(0.3 * height)
    box = (x0, y0 - pad, x1 + STOP_SPACE_SHARE * height, y1 + pad)
    top = min(pad, round(y0))
    own = np.maximum(crop(ink, box), crop(specks, box))
    last = _last_ink_column(own)
    return (
        last is not None
        and last > x1 - x0
        and imaging.stop_on_the_baseline(own, 2, (top, top + height))
    )


# A short capitalised word, an abbreviation's shape ("D." for Dinas, "Kec.", "Kab."): one that
# may close on a stop the despeckling took.
_ABBREVIATION_SHAPE = re.compile(r"^[A-Z][a-z]{0,2}$")


def stops_unsure_under_dust(
    ink: np.ndarray,
    specks: np.ndarray,
    words: list[PixelWord],
    cells: list[tuple[float, float, float, float]],
) -> list[str]:
    """The words of table cells shaped as an abbreviation ("D", "Kec") read without a stop
    where a speck-sized dot the despeckling took stands on their baseline just past their last
    letter (``dust_stop_after``), on a page that prints them with no stop to tell a stop from
    dust (``stops_under_dust`` settles those): "D. Arsip, Kec. Wonosalam" read "D Arsip, Kec
    Wonosalam" (unseen fuzz scan seed 338, 200 dpi JPEG q54). They are unsure, as read."""
    return [
        word.text
        for word in words
        if _ABBREVIATION_SHAPE.match(word.text)
        and any(geometry.contains_centre(cell, word.box) for cell in cells)
        and dust_stop_after(ink, specks, word)
    ]


def colons_without_ink(
    ink: np.ndarray,
    words: list[PixelWord],
    cells: list[tuple[float, float, float, float]],
    dpi: int,
    settings: OcrSettings = SETTINGS,
) -> list[str]:
    """The words of table cells closing on a ":" whose ink ends on a letter (``imaging.
    ends_on_a_letter``): OCR read the colon from ink too faint to keep, a mark it cannot tell
    ("Perundang-undangan/Deregulasi" read "Perundang-undangan: Deregulasi", the slash of a
    240-dpi JPEG scan a trail of grey pixels: fuzz scan seed 109). They are unsure, as read."""
    min_blob = max(2, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2)) + 1
    unsure = []
    for word in words:
        if not _CLOSING_COLON.match(word.text):
            continue
        if not any(geometry.contains_centre(cell, word.box) for cell in cells):
            continue
        x0, y0, x1, y1 = word.box
        pad = round(0.3 * (y1 - y0))
        around = crop(ink, (x0, y0 - pad, x1 + pad, y1 + pad))
        top = min(pad, round(y0))
        if imaging.ends_on_a_letter(around, min_blob, (top, top + y1 - y0)):
            unsure.append(word.text)
    return unsure


_CLOSING_COLON = re.compile(r"^.*\w:$")


# A quote closing a word where a slash may stand ("unit'" for "unit/" before "satuan kerja").
_CLOSING_QUOTE = re.compile(r"^.*\w['\u2019`]$")


# A word that closes on a mark of its own already.
_CLOSING_MARK = re.compile(r"[^\w)\]]$")
# Between two words of a line, a mark OCR left unread stands at most this many line heights
# from each ("Ploso + 1 OPD": two spaces and the sign).
MARK_GAP_LINES = 2.5


# A JPEG scan greys a slash's one-pixel stroke: where the ink mask kept none of it, its grey is
# still darker than paper by this much (seeds 323, 326 at 200 dpi: 165-215 against 250).
FAINT_INK_LEVEL = 215
# How far past Tesseract's box a faint slash's stroke may lean (its box is a pixel or two wide).
FAINT_SLASH_REACH_PX = 3


def is_faint_slash(image: np.ndarray, word: PixelWord) -> bool:
    """Whether ``word`` is a lone "/" OCR read from a stroke too faint for the ink mask (a JPEG
    scan's thin slash, greyed and broken up: "DTT Hibah / Bansos" read "DTT Hibah Bansos" once
    the word was dropped as inkless, unseen fuzz scan seeds 323, 326): the page's grey (``image``,
    what Tesseract read) under its box, widened a little, holds one thin stroke leaning right
    as tall as a slash (``imaging.is_slash``). Pure."""
    if word.text != "/":
        return False
    x0, y0, x1, y1 = word.box
    reach = FAINT_SLASH_REACH_PX
    grey = crop(image, (x0 - reach, y0, x1 + reach, y1))
    return grey.size > 0 and imaging.is_slash(grey < FAINT_INK_LEVEL, y1 - y0)


def settled_slashes(
    ink: np.ndarray,
    words: list[PixelWord],
    cells: list[tuple[float, float, float, float]],
    dpi: int = 200,
    settings: OcrSettings = SETTINGS,
) -> list[PixelWord]:
    """The slashes and plus signs OCR left out, or slashes read as a quote, put back where the
    ink shows one (``imaging.is_slash``: a thin stroke leaning right from the baseline across the
    line; ``imaging.is_plus``): a word's closing quote that is one ends with "/"; one standing
    unread between two words of a line ("Kabupaten / Kota" read "Kabupaten Kota", a thin stroke
    a JPEG scan greys; "Kec. Ploso + 1 OPD" read without its "+") is a word of its own. A comma,
    semicolon or colon left unread after a word ("DPUPR, DISHUB" read "DPUPR DISHUB") closes
    it, as ``imaging.closing_stop`` tells it. Ink of any other shape leaves the words as read.
    Marks between words are looked for only between two words of one table cell (``cells``):
    elsewhere (a title over a 65-dpi scan's blotches) a gap's ink is as often noise."""
    min_blob = max(2, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2)) + 1
    out = []
    for word in words:
        if _CLOSING_QUOTE.match(word.text):
            around = crop(ink, word.box)
            strip = imaging.end_strip(around, left=False)
            if strip and imaging.is_slash(
                around[:, strip[0] : strip[1]], word.box[3] - word.box[1]
            ):
                word = PixelWord(word.text[:-1] + "/", word.box, word.confidence)
        out.append(word)
    marks = []
    # The words by their left edge (ties in reading order), to find each one's right neighbour
    # among the few starting within reach instead of among all the page's words.
    by_left = sorted(range(len(out)), key=lambda i: (out[i].box[0], i))
    lefts = [out[i].box[0] for i in by_left]
    widest = max((w.box[2] - w.box[0] for w in out), default=0.0)
    for index, left in enumerate(out):
        lx0, ly0, lx1, ly1 = left.box
        height = ly1 - ly0
        # the next word by its middle: a "/" OCR read as a word may start a pixel inside the
        # word before it, and its gap is read already ("pemantauan / reviu" took two more
        # slashes, its own ink past its box: fuzz scan seed 31)
        right = _right_neighbour(out, by_left, lefts, widest, left, MARK_GAP_LINES * height)
        if right is None or right.box[0] - lx1 < 2:
            continue
        if left.text.endswith("/") or right.text.startswith("/"):
            continue
        if not any(
            geometry.contains_centre(cell, left.box) and geometry.contains_centre(cell, right.box)
            for cell in cells
        ):
            continue
        top, bottom = min(ly0, right.box[1]), max(ly1, right.box[3])
        box = (lx1 + 1, top, right.box[0] - 1, bottom)
        gap = crop(ink, box)
        mark = "/" if imaging.is_slash(gap, bottom - top) else None
        mark = "+" if mark is None and imaging.is_plus(gap, bottom - top) else mark
        if mark is not None:
            marks.append(PixelWord(mark, box, min(left.confidence, right.confidence)))
        elif gap.any() and not _CLOSING_MARK.search(left.text):
            pad = round(0.3 * height)  # a comma's tail reaches below the line's box
            around = crop(ink, (lx0, ly0 - pad, right.box[0] - 1, ly1 + pad))
            line_top = min(pad, round(ly0))  # the crop stops at the page's edge
            rows = (line_top, line_top + height)
            stop = imaging.closing_stop(around, min_blob, rows)
            if stop is None and imaging.lone_comma(around, min_blob, rows):
                stop = ","
            if stop is None:
                continue
            # Set a space off the word ("DPUPR , DISHUB" as printed), the stop is a word of
            # its own; set against it, it closes it.
            at = _first_ink_column(gap)
            before = _last_ink_column(crop(ink, (lx0, ly0, lx1 + 1, ly1)))
            if (
                at is not None
                and before is not None
                and at + (lx1 - lx0 - before) >= (STOP_SPACE_SHARE * height)
            ):
                marks.append(PixelWord(stop, box, left.confidence))
            else:
                out[index] = PixelWord(left.text + stop, left.box, left.confidence)
    return out + marks


# A stop set this share of its line's height or more after a word's last ink stands a space off.
STOP_SPACE_SHARE = 0.3


def _right_neighbour(
    words: list[PixelWord],
    by_left: list[int],
    lefts: list[float],
    widest: float,
    left: PixelWord,
    reach: float,
) -> PixelWord | None:
    """The word after ``left`` on its line: of the others whose middle lies past its right edge
    and that overlap it by half the lower one's height, the one starting first (the first in
    reading order of those starting at the same x); None when there is none or it starts more
    than ``reach`` after ``left`` ends. ``by_left``: the words' indices by left edge, then index;
    ``lefts``: those left edges; ``widest``: the widest word's width (a word whose middle lies
    past ``x1`` starts at most half of it before). Pure."""
    _, y0, x1, y1 = left.box
    height = y1 - y0
    for at in range(bisect_left(lefts, x1 - widest / 2), len(lefts)):
        if lefts[at] - x1 > reach:
            return None
        w = words[by_left[at]]
        if (
            w is not left
            and (w.box[0] + w.box[2]) / 2 >= x1
            and min(w.box[3], y1) - max(w.box[1], y0) > 0.5 * min(height, w.box[3] - w.box[1])
        ):
            return w
    return None


def _first_ink_column(ink: np.ndarray) -> int | None:
    columns = np.flatnonzero(ink.any(axis=0))
    return int(columns[0]) if columns.size else None


def _last_ink_column(ink: np.ndarray) -> int | None:
    columns = np.flatnonzero(ink.any(axis=0))
    return int(columns[-1]) if columns.size else None


def settled_plus_signs(
    ink: np.ndarray, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[PixelWord]:
    """A "#" standing alone whose ink is one stroke without a hole is the "+" it shows: the
    page's language, which lacks "+", read "Dispenduk Capil + 1 OPD" with a "#" (fuzz scan seed
    26, 300 dpi); a "#" closes a square between its four strokes. A "t" standing alone, a word
    no text prints, is one when its ink is a "+" (``imaging.is_plus``: arms crossing at their
    middles, no hook; seed 100, 200 dpi: "Capil t 1 OPD"), and so is a "4" alone (no slant) or a
    "#" glued to a count whose first glyph is one (``_plus_glued``)."""
    min_blob = max(2, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2)) + 1
    out = []
    for word in words:
        if word.text == "#":
            shape = imaging.ink_shape(crop(ink, word.box), min_blob)
            if shape.blobs == 1 and not shape.has_hole:
                word = PixelWord("+", word.box, word.confidence)
        elif word.text in _PLUS_LOOKALIKES and imaging.is_plus(
            crop(ink, word.box), _line_height(word, words)
        ):
            word = PixelWord("+", word.box, word.confidence)
        elif (glued := _PLUS_GLUED.match(word.text)) is not None:
            out.extend(_plus_glued(ink, word, glued.group(1), _line_height(word, words)))
            continue
        out.append(word)
    return out


# Glyphs OCR reads for a "+" standing alone: a small "t" (seed 100) or a "4" (unseen seed 266,
# 300 dpi: "Kec. Ploso 4 1 OPD" at 0.72), whose ink has a hook or a slant a "+" lacks.
_PLUS_LOOKALIKES = frozenset({"t", "4"})
# A "#" glued to the count after it ("#1 OPD" at 0.88 for "+ 1 OPD": unseen seed 255, 200 dpi).
_PLUS_GLUED = re.compile(r"^#(\d+)$")


def _plus_glued(
    ink: np.ndarray, word: PixelWord, count: str, line_height: float
) -> list[PixelWord]:
    """A "#" glued to a count, as the ink shows it: where the first glyph is a "+"
    (``imaging.is_plus``), the sign and the count, two words when a space parts their ink (as
    printed, "+ 1"), one ("+1") when none does; else the word as read."""
    box = crop(ink, word.box)
    strip = imaging.end_strip(box, left=True)
    if strip is None or not imaging.is_plus(box[:, strip[0] : strip[1]], line_height):
        return [word]
    after = _first_ink_column(box[:, strip[1] :])
    x0, y0, x1, y1 = word.box
    if after is None or after < STOP_SPACE_SHARE * line_height:
        return [PixelWord("+" + count, word.box, word.confidence)]
    split = x0 + strip[1] + after
    return [
        PixelWord("+", (x0, y0, x0 + strip[1], y1), word.confidence),
        PixelWord(count, (split, y0, x1, y1), word.confidence),
    ]


def settled_bars(
    ink: np.ndarray, words: list[PixelWord], dpi: int, settings: OcrSettings = SETTINGS
) -> list[PixelWord]:
    """A "|" standing alone as a word of a line is the "I" its ink shows when that ink is one
    upright stem spreading alike to both sides, no taller than its line's letters
    (``imaging.glyph_readings``): no text prints a bar, no Indonesian word is a lone "l", and a
    "1" leans its flag out ("Dinas Pendidikan I" read "Dinas Pendidikan |" at 0.81, unseen
    fuzz scan seed 292; "Triwulan | dan III", 266). Any other "|" stays, and is doubted
    (``rereads``)."""
    if not settings.glyph_shapes:
        return words
    out = []
    for word in words:
        if word.text == "|" and word.box[3] - word.box[1] <= 1.2 * _line_height_beside(word, words):
            if _word_glyphs(ink, word.box, dpi, settings) == ["I"]:
                word = PixelWord("I", word.box, word.confidence)
        out.append(word)
    return out


# A word of closing brackets alone, a stop after them maybe: ")", ")," as OCR may part them.
_CLOSING_BRACKETS = re.compile(r"^[)\]}]+[.,;:]?$")


def closing_brackets_joined(words: list[PixelWord]) -> list[PixelWord]:
    """Closing brackets OCR read as a word of their own though their ink is set against the
    word before (its box reaching over the bracket, or less than a space short of it:
    "PERLENGKAPAN )" for "PERLENGKAPAN)", unseen fuzz scan seed 281, 300 dpi), joined to that
    word; a bracket printed a space off stays a word. Pure."""
    gone: set[int] = set()
    out = list(words)
    for index, mark in enumerate(words):
        if not _CLOSING_BRACKETS.match(mark.text):
            continue
        x0, y0, x1, y1 = mark.box
        height = y1 - y0
        line = [
            i
            for i, w in enumerate(words)
            if i != index
            and i not in gone
            and w.box[0] < x0
            and min(w.box[3], y1) - max(w.box[1], y0) > 0.5 * min(height, w.box[3] - w.box[1])
            and any(c.isalnum() for c in w.text)
        ]
        if not line:
            continue
        left = max(line, key=lambda i: words[i].box[2])
        word = out[left]
        if x0 - word.box[2] >= STOP_SPACE_SHARE * height:
            continue
        box = (word.box[0], min(word.box[1], y0), max(word.box[2], x1), max(word.box[3], y1))
        out[left] = PixelWord(word.text + mark.text, box, min(word.confidence, mark.confidence))
        gone.add(index)
    return [w for i, w in enumerate(out) if i not in gone]


def _heights_beside(word: PixelWord, words: list[PixelWord], letters_only: bool) -> list[float]:
    """The heights of the other words on ``word``'s line within a few heights of it (of those
    holding a letter or digit only, with ``letters_only``). Pure."""
    x0, y0, x1, y1 = word.box
    centre, height = (y0 + y1) / 2, y1 - y0
    return [
        w.box[3] - w.box[1]
        for w in words
        if w is not word
        and (not letters_only or any(c.isalnum() for c in w.text))
        and w.box[1] <= centre <= w.box[3]
        and min(abs(w.box[0] - x1), abs(x0 - w.box[2])) <= 3 * height
    ]


def _line_height_beside(word: PixelWord, words: list[PixelWord]) -> float:
    """The height of the tallest other word of ``word``'s line within a few heights of it, 0
    for none: a bar taller than its line's letters is a ruling's piece."""
    return max(_heights_beside(word, words, letters_only=True), default=0.0)


def _line_height(word: PixelWord, words: list[PixelWord]) -> float:
    """The height of the tallest word on ``word``'s line within a few heights of it (its own
    box's height at least): a sign is measured against its line's letters."""
    return max([word.box[3] - word.box[1], *_heights_beside(word, words, letters_only=False)])
