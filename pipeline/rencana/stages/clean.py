"""Stage 2, clean: drop page furniture and rebuild body text lines with wraps joined.

Contract: sets ``state.body_lines`` (text outside plan tables, furniture removed) and removes
furniture words from ``state.pages[*].words`` so the table stage never sees them.

Furniture is found five ways, all limited to the top and bottom band of a page (outside tables):
patterns from ``vocab/furniture.yaml`` (page numbers, www.peraturan.go.id, the SALINAN stamp),
repetition of the same line (digits folded) across pages, short low-confidence OCR lines (a scan's
page number read as "5 Ja"), a scan layer's page number misread, known by its shape and place
(``misread_page_numbers``), and a catchword ("Nomor . . .", or a page's last few words at
its right repeating the next page's first: ``opens_the_next_page``) as the last line of a page.
Words set in a font whose ToUnicode map is shifted are decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rencana import vocab
from rencana.core.codes import WarningCode
from rencana.core.geometry import hull
from rencana.core.state import Extraction
from rencana.core.text import squash
from rencana.core.types import BBox, PageContent, TextLine, Word


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    page_number: re.Pattern
    running_head: re.Pattern
    stamp: re.Pattern
    catchword: re.Pattern
    never_running: re.Pattern
    band: float
    noise_max_chars: int
    noise_max_confidence: float


def _whole(patterns: list[str]) -> re.Pattern:
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$", re.IGNORECASE)


@lru_cache(maxsize=1)
def furniture_rules() -> FurnitureRules:
    data = vocab.load("furniture.yaml")
    return FurnitureRules(
        page_number=_whole(data["page_number"]),
        running_head=_whole(data["running_head"]),
        stamp=_whole(data["stamp"]),
        catchword=_whole([data["catchword"]]),
        never_running=re.compile("^(?:" + "|".join(data["never_running"]) + ")", re.IGNORECASE),
        band=float(data["band"]),
        noise_max_chars=int(data["ocr_noise"]["max_chars"]),
        noise_max_confidence=float(data["ocr_noise"]["max_confidence"]),
    )


# ---------------------------------------------------------------- pure geometry helpers


def inside(word: Word, box: BBox, slack: float = 1.0) -> bool:
    """True when the word's centre lies in the box (slack in points)."""
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] - slack <= cx <= box[2] + slack and box[1] - slack <= cy <= box[3] + slack


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into lines by vertical overlap, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            last = lines[-1]
            top = min(w.top for w in last)
            bottom = max(w.bottom for w in last)
            height = max(bottom - top, word.bottom - word.top, 1.0)
            centre = (word.top + word.bottom) / 2
            if (
                top - 0.2 * height <= centre <= bottom + 0.2 * height
                and abs(word.top - top) < 0.6 * height
            ):
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def line_text(words: list[Word]) -> str:
    return squash(" ".join(w.text for w in words))


def fold_repeating(text: str) -> str:
    """A line's identity across pages: digits folded so '2018, No.147 -2-' equals '2018, No.147 -3-'."""
    return re.sub(r"\d+", "#", squash(text).lower())


def is_furniture_text(text: str, rules: FurnitureRules | None = None) -> bool:
    """Page numbers, known running heads and stamps, judged on the text alone."""
    rules = rules or furniture_rules()
    text = squash(text)
    return bool(
        rules.page_number.match(text) or rules.running_head.match(text) or rules.stamp.match(text)
    )


def is_catchword(text: str, rules: FurnitureRules | None = None) -> bool:
    """'Nomor . . .', 'KEDUA . . .', 'Pasal 5 . . .': the next page's opening words at a page end."""
    rules = rules or furniture_rules()
    return bool(rules.catchword.match(squash(text)))


# A catchword has at most this many words ("Nomor . . .", "Pasal 5 . . .").
CATCHWORD_MAX_WORDS = 3


def opens_the_next_page(
    line: list[Word], page: PageContent, following: Optional[list[Word]]
) -> bool:
    """A page's last line that is a catchword by its place and shape, whatever became of its
    dots (OCR reads "Instansi . . ." as "Instansi."): a few words in the right half of a page
    read by OCR whose first is the first word of the next page's first line. (A typed page's
    catchword keeps its dots.)"""
    if not (page.ocr or page.ocr_layer) or following is None:
        return False
    if len(line) > CATCHWORD_MAX_WORDS or line[0].x0 < page.width / 2:
        return False
    first = re.sub(r"\W+", "", line[0].text).lower()
    return bool(first) and first == re.sub(r"\W+", "", following[0].text).lower()


def is_ocr_noise(words: list[Word], rules: FurnitureRules | None = None) -> bool:
    """A short line read with low confidence: a scan's page number or specks ("5 Ja", "SA"), not text.

    Only OCR words carry a confidence, so a text-layer line is never noise.
    """
    rules = rules or furniture_rules()
    confidences = [w.confidence for w in words if w.confidence is not None]
    if not words or len(confidences) < len(words):
        return False
    chars = sum(len(w.text) for w in words)
    return (
        chars <= rules.noise_max_chars
        and sum(confidences) / len(confidences) < rules.noise_max_confidence
    )


# A page number in a scan's OCR layer, misread ("sja", "5 D-", "2 8" for "- 1 -", "- 2 -",
# "- 3 -"): the layer gives no confidence, but the number's shape and place give it away. It is
# a short line (noise_max_chars) no wider than this many times its height ("- 12 -" is ~2.5
# times; "LAMPIRAN" 5-6 times), at the place where other pages hold theirs (within this many
# points), or alone in the band, centred on the page (within this share of its width), set
# apart from the text by a line's height, and holding no word of the word list.
PAGE_NUMBER_MAX_WIDTH = 4.0
PAGE_NUMBER_PLACE = 6.0
PAGE_NUMBER_CENTRED = 0.03


def _box(line: list[Word]) -> BBox:
    return hull([w.bbox for w in line])


def number_shaped(line: list[Word], rules: FurnitureRules | None = None) -> bool:
    """A line as short and narrow as a page number ("- 2 -", or a misreading of it)."""
    x0, top, x1, bottom = _box(line)
    chars = sum(len(w.text) for w in line)
    height = max(bottom - top, 1.0)
    return chars <= (rules or furniture_rules()).noise_max_chars and x1 - x0 <= (
        PAGE_NUMBER_MAX_WIDTH * height
    )


def misread_page_numbers(pages: list[PageContent], page_lines: list[list[list[Word]]]) -> set[int]:
    """The ids of the band lines of OCR-read pages that are page numbers misread: number-shaped
    lines at the place of another page's number (read or misread), or, alone, centred and set
    apart from the text, of no word the list knows."""
    from rencana.stages.structure.wording import known_words

    rules = furniture_rules()
    # (page, edge, distance from it, centre x) of every number-shaped band line
    places: list[tuple[int, str, float, float]] = []
    candidates: list[tuple[int, list[Word], str, float, float]] = []  # (page index, line, …)
    for index, (page, lines) in enumerate(zip(pages, page_lines)):
        for line in lines:
            if not _in_band(line, page, rules.band) or not number_shaped(line, rules):
                continue
            _, edge, distance = _band_line(line, page)
            x0, _, x1, _ = _box(line)
            places.append((page.number, edge, distance, (x0 + x1) / 2))
            text = line_text(line)
            if (page.ocr or page.ocr_layer) and not is_furniture_text(text, rules):
                candidates.append((index, line, edge, distance, (x0 + x1) / 2))
    lexicon = known_words()
    found: set[int] = set()
    for index, line, edge, distance, centre in candidates:
        page, lines = pages[index], page_lines[index]
        elsewhere = any(
            other != page.number
            and other_edge == edge
            and abs(other_distance - distance) <= PAGE_NUMBER_PLACE
            and abs(other_centre - centre) <= PAGE_NUMBER_PLACE
            for other, other_edge, other_distance, other_centre in places
        )
        words = [w.text.strip(".,:;-").lower() for w in line]
        alone = (
            abs(centre - page.width / 2) <= PAGE_NUMBER_CENTRED * page.width
            and _set_apart(line, lines)
            and not any(len(w) >= 3 and w in lexicon for w in words)
        )
        if elsewhere or alone:
            found.add(id(line))
    return found


def _set_apart(line: list[Word], lines: list[list[Word]]) -> bool:
    """No other line within a line's height above or below ``line``."""
    _, top, _, bottom = _box(line)
    height = bottom - top
    return not any(
        other_top < bottom + height and other_bottom > top - height
        for _, other_top, _, other_bottom in (_box(other) for other in lines if other is not line)
    )


BandLine = tuple[str, str, float]  # text, edge ("top" | "bottom"), distance from that edge


def repeated_lines(
    page_lines: list[list[BandLine]], min_pages: int = 2, share: float = 0.3, tolerance: float = 6.0
) -> dict[tuple[str, str], tuple[float, float]]:
    """Running heads and footers: band lines whose folded text recurs at the same place on enough pages.

    Returns (folded text, edge) -> the window of distances from the edge where it is furniture.
    Position matters: a signature line ("Ditetapkan di Jakarta") that happens to open two pages
    sits at different heights, while a running head keeps its place on every page.
    """
    need = max(min_pages, int(share * len(page_lines) + 0.999))
    places: dict[tuple[str, str], list[float]] = {}
    for lines in page_lines:
        seen: dict[tuple[str, str], float] = {}
        for text, edge, distance in lines:
            seen.setdefault((fold_repeating(text), edge), distance)
        for key, distance in seen.items():
            places.setdefault(key, []).append(distance)
    found = {}
    for key, distances in places.items():
        if len(key[0]) <= 1 or len(distances) < need:
            continue
        distances.sort()
        best = max(
            range(len(distances)),
            key=lambda i: sum(1 for d in distances[i:] if d - distances[i] <= 2 * tolerance),
        )
        window = [d for d in distances[best:] if d - distances[best] <= 2 * tolerance]
        if len(window) >= need:
            found[key] = (window[0] - tolerance / 2, window[-1] + tolerance / 2)
    return found


def _band_line(line: list[Word], page: PageContent) -> BandLine:
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    if top < page.height - bottom:
        return line_text(line), "top", top
    return line_text(line), "bottom", page.height - bottom


def is_running(
    band_line: BandLine,
    repeating: dict[tuple[str, str], tuple[float, float]],
    rules: FurnitureRules | None = None,
) -> bool:
    text, edge, distance = band_line
    if (rules or furniture_rules()).never_running.match(text.strip()):
        return False
    window = repeating.get((fold_repeating(text), edge))
    return window is not None and window[0] <= distance <= window[1]


# ---------------------------------------------------------------- shifted ToUnicode maps

# Letters (with inner hyphens, dots or slashes: "nilai-nilai", "www.peraturan.go.id") or numbers.
_PLAIN_WORD = re.compile(
    r"^[(\"']?(?:[A-Za-z]+(?:[-'./][A-Za-z]+)*\.?|\d+(?:[.,/:-]\d+)*)[.,;:)\"']*$"
)
_VOWELS = set("aeiouAEIOU")
# pdfminer's name for a glyph its font maps to no character: no shift decodes it.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


def _plausible(word: str) -> bool:
    if not _PLAIN_WORD.match(word):
        return False
    letters = [c for c in word if c.isalpha()]
    return not letters or len(letters) < 4 or any(c in _VOWELS for c in letters)


def shift_text(text: str, shift: int) -> str:
    """Shift printable ASCII code points; a trailing comma is left alone (such fonts keep it)."""
    body, tail = (text[:-1], text[-1]) if text.endswith(",") and len(text) > 1 else (text, "")
    out = []
    for ch in body:
        code = ord(ch) + shift
        out.append(chr(code) if 33 <= ord(ch) <= 126 and 33 <= code <= 126 else ch)
    return "".join(out) + tail


def _vowel_distance(texts: list[str]) -> float:
    letters = [c for t in texts for c in t if c.isalpha()]
    return abs(sum(c in _VOWELS for c in letters) / max(1, len(letters)) - 0.42)


def font_shift(texts: list[str], max_shift: int = 40, preferred: tuple[int, ...] = ()) -> int:
    """The constant shift that makes a font's words readable, or 0 when they already are.

    A font counts as shifted only when most of its words are implausible as printed and
    nearly all become plausible under one shift; anything less is left as printed. Among equally
    plausible shifts, one already found for another font of the document wins (one generator
    shifts all its fonts alike), else the one whose vowel share is most like Indonesian text.
    A mark of no letter or digit ("-" around a page number) says nothing either way: "- 2 -" in
    a font of its own had read as three implausible words that +23 made "D I D".
    """
    texts = [t for t in texts if any(c.isalnum() for c in t)]
    if not texts or sum(map(_plausible, texts)) / len(texts) >= 0.5:
        return 0
    if len(texts) < 3:  # too little evidence alone: only a shift proven on another font may apply
        return next((s for s in preferred if all(_plausible(shift_text(t, s)) for t in texts)), 0)
    shares = {
        shift: sum(
            _plausible(shift_text(t, shift)) and not _UNMAPPED_GLYPH.search(t) for t in texts
        )
        / len(texts)
        for shift in range(-max_shift, max_shift + 1)
        if shift
    }
    top = max(shares.values())
    if top < 0.9:
        return 0
    best = [s for s, share in shares.items() if share == top]
    known = [s for s in best if s in preferred]
    if known:
        return known[0]
    return min(best, key=lambda s: _vowel_distance([shift_text(t, s) for t in texts]))


def decode_shifted_fonts(pages: list[PageContent]) -> dict[str, int]:
    """Decode words of fonts with a shifted ToUnicode map in place; returns font -> shift applied."""
    by_font: dict[str, list[str]] = {}
    for page in pages:
        for word in page.words:
            by_font.setdefault(word.fontname, []).append(word.text)
    shifts: dict[str, int] = {}
    for font, texts in sorted(by_font.items(), key=lambda item: -len(item[1])):
        shift = font_shift(texts, preferred=tuple(shifts.values()))
        if shift:
            shifts[font] = shift
    if shifts:
        for page in pages:
            for word in page.words:
                if word.fontname in shifts:
                    word.text = shift_text(word.text, shifts[word.fontname])
    return shifts


# ---------------------------------------------------------------- the stage


def _in_band(line: list[Word], page: PageContent, band: float) -> bool:
    top = min(w.top for w in line)
    bottom = max(w.bottom for w in line)
    return bottom <= page.height * band or top >= page.height * (1 - band)


def run(state: Extraction) -> Extraction:
    rules = furniture_rules()
    shifts = decode_shifted_fonts(state.pages)
    for font, shift in shifts.items():
        state.warn(
            WarningCode.FONT_SHIFTED,
            f"font {font} has a shifted ToUnicode map; decoded by {shift:+d}",
        )

    # Lines outside tables, per page.
    page_lines: list[list[list[Word]]] = []
    for page in state.pages:
        # Only ruled (or image-found) tables are cut out. A text-strategy table is a guess from word
        # alignment, and justified body text aligns too; the structure stage stops at LAMPIRAN anyway.
        cut = [t.bbox for t in page.tables if t.strategy != "text"]
        free = [w for w in page.words if not any(inside(w, box) for box in cut)]
        page_lines.append(group_lines(free))

    band_lines = [
        [_band_line(l, page) for l in lines if _in_band(l, page, rules.band)]
        for page, lines in zip(state.pages, page_lines)
    ]
    repeating = repeated_lines(band_lines) if len(state.pages) > 1 else {}
    misread = misread_page_numbers(state.pages, page_lines)

    furniture: set[int] = set()
    kept_lines: list[list[list[Word]]] = []
    for page, lines in zip(state.pages, page_lines):
        # A table without rulings repeats its header at the top of each page it runs on: that
        # line repeats as a running head does, but it is the table's (its columns are read there).
        guessed = [t.bbox for t in page.tables if t.strategy == "text"]
        for line in lines:
            text = line_text(line)
            in_table = any(all(inside(w, box) for w in line) for box in guessed)
            if _in_band(line, page, rules.band) and (
                is_furniture_text(text, rules)
                or (is_running(_band_line(line, page), repeating, rules) and not in_table)
                or is_ocr_noise(line, rules)
                or id(line) in misread
            ):
                furniture.add(id(line))
        kept_lines.append([l for l in lines if id(l) not in furniture])
    body: list[TextLine] = []
    for n, (page, lines, kept) in enumerate(zip(state.pages, page_lines, kept_lines)):
        # A catchword is the last text line of a page, set apart from the line above it.
        following = next((k[0] for k in kept_lines[n + 1 :] if k), None)
        if (
            kept
            and page.number < len(state.pages)
            and (
                is_catchword(line_text(kept[-1]), rules)
                or opens_the_next_page(kept[-1], page, following)
            )
        ):
            furniture.add(id(kept[-1]))
            kept = kept[:-1]
        dropped = {id(w) for l in lines if id(l) in furniture for w in l}
        if dropped:
            page.words = [w for w in page.words if id(w) not in dropped]
        for line in kept:
            body.append(
                TextLine(
                    text=line_text(line),
                    page=page.number,
                    x0=min(w.x0 for w in line),
                    top=min(w.top for w in line),
                    x1=max(w.x1 for w in line),
                    bottom=max(w.bottom for w in line),
                )
            )
    state.body_lines = body
    return state
