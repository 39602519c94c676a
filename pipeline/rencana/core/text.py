"""Pure text helpers shared by the stages: de-wrapping lines, folding white space, title case."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Optional

from rencana import vocab

_SPACES = re.compile(r"\s+")
# A wrap after a hyphen keeps the hyphen and drops the break: in these decrees a line-end hyphen is
# a real one ("nilai-" + "nilai", "E-" + "Lapkin", "DIPA-" + "076/01.2"), never a syllable break.
_WRAP_HYPHEN = re.compile(r"[-‐‑]$")


# What OCR makes of a roman numeral's strokes: "I" as "l", "i", "|", "!" or "1"; "V" and "X" in lower case.
_ROMAN_GLYPHS = str.maketrans(
    {"l": "I", "i": "I", "|": "I", "!": "I", "1": "I", "v": "V", "x": "X"}
)
# A designation ("12/HK.03.1-Kpt/3320/KPU-Kab/II/2022"): digits and parts joined by "/", "." or
# "-". Its look-alike glyphs are the bars: OCR reads "I" (a Roman month) and "1" alike.
_DESIGNATION = re.compile(r"(?=.*\d)(?=(?:.*[/.\-]){2})\S+")
BAR_GLYPHS = frozenset("1Il|")


_SEPARATORS = re.compile(r"([/.\-])")


# No NOMOR is longer (Jepara's, 35 characters, is among corpus/'s longest; the hand-read ones
# of corpus/real reach 30): a longer run is a link or a dotted leader, and laying its glyphs
# along it (cubic in its length: 2.4 s for 300 characters) would cost seconds.
DESIGNATION_MAX = 60


def designation_with_bars(text: str) -> bool:
    """A designation holding a bar glyph ("1", "I", "l", "|"), whose reading the image may settle."""
    return (
        len(text) <= DESIGNATION_MAX
        and bool(_DESIGNATION.fullmatch(text))
        and bool(BAR_GLYPHS & set(text))
    )


def designation_parts(text: str) -> tuple[list[str], list[int]]:
    """A designation's parts and separators ("OT.01/II/2022" -> "OT", ".", "01", "/", "II",
    "/", "2022"), and the places of the parts made of bars alone, where a Roman numeral may
    stand as well as a number ("II", "1"). Pure."""
    parts = _SEPARATORS.split(text)
    return parts, [n for n, part in enumerate(parts) if part and set(part) <= BAR_GLYPHS]


def bars_unsettled(text: str) -> bool:
    """A designation with a part of bars alone ("/II/", "/11/", "/1/"): a Roman numeral or a
    number, which only the glyphs' shapes tell apart."""
    return designation_with_bars(text) and bool(designation_parts(text)[1])


_ROMAN_UP_TO_TWELVE = re.compile(r"I{1,3}|IV|VI{0,3}|IX|XI{0,2}")  # quarters and months


def roman_lookalike(token: str) -> str | None:
    """The roman numeral I..XII that ``token`` spells, look-alike glyphs read as what they stand
    for ("|" → "I", "lV" → "IV", "Ill" → "III"), or None. Pure; callers decide where a numeral may
    stand (a bare "1" or "11" is also a digit)."""
    spelled = token.translate(_ROMAN_GLYPHS)
    return spelled if _ROMAN_UP_TO_TWELVE.fullmatch(spelled) else None


def squash(text: str) -> str:
    """Collapse runs of white space (justified text leaves several) into one space."""
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8)
def _lone(symbols: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=\S)\s+[{re.escape(symbols)}]+(?=\s+\S)")


def without_lone_symbols(text: str, symbols: str) -> str:
    """``text`` less runs of ``symbols`` standing alone between two words: what OCR makes of a
    wide gap or a pen stroke crossing a line."""
    return _lone(symbols).sub("", text)


def join_lines(lines: list[str], broken: Optional[Callable[[str, str], bool]] = None) -> str:
    """Join wrapped lines into one paragraph: hyphen wraps join directly, other wraps with a space.
    ``broken(end, start)`` says whether a line's last word and the next line's first are one word
    broken (a narrow table cell breaks "berbas" / "is", or hyphenates "Pengembang-" / "an"): they
    join directly, without the hyphen."""
    parts: list[str] = []
    for raw in lines:
        line = squash(raw)
        if not line:
            continue
        if parts:
            last = parts[-1]
            hyphen_wrap = _WRAP_HYPHEN.search(last[-1:]) and len(last) > 1 and last[-2].isalnum()
            end, start = last.rsplit(" ", 1)[-1], line.split(" ", 1)[0]
            if hyphen_wrap and broken and broken(end[:-1], start):
                parts[-1] = last[:-1]  # a word hyphenated at the break: "Pengembang-" / "an"
            elif not hyphen_wrap and not (broken and broken(end, start)):
                parts.append(" ")
        parts.append(line)
    return "".join(parts)


def rejoin_split_words(
    lines: list[str], at_edge: Sequence[bool], split: Callable[[str, str], bool]
) -> list[str]:
    """A cell's lines with each word the printer split at the cell's right edge put back on the
    line it began: where a line of one word fills the cell to its edge (``at_edge``) and
    ``split(end, start)`` says it and the next line's first word are one word, that first word
    moves up, glued. A printer splits only a word longer than a whole line: one that fits moves
    down whole, so a line of several words ends in a whole word. The next line may be left
    empty (``join_lines`` skips it). Pure."""
    out = list(lines)
    for i in range(len(out) - 1):
        head, below = out[i].strip(), out[i + 1].strip()
        if not (at_edge[i] and head and below) or " " in head:
            continue
        first, _, rest = below.partition(" ")
        if split(head.rsplit(" ", 1)[-1], first):
            out[i], out[i + 1] = head + first, rest
    return out


# A bullet opening a line of a list inside one table cell.
_BULLET = re.compile(r"^\s*[-–•·▪●◦*]\s+(?=\S)")
# A list item's letter or number opening a line ("a. …", "b) …", "1. …").
_ITEM = re.compile(r"^\s*([a-z]|\d{1,2})[.)]\s+(?=\S)")


def _item_starts(lines: list[str]) -> list[int]:
    """The lines that open a list's items inside one cell: behind bullets, or lettered or
    numbered in order from the first line ("a.", "b.", "c."); a line opening with another
    letter is the item's wrapped text. Pure."""
    bullets = [i for i, line in enumerate(lines) if _BULLET.match(line)]
    if bullets:
        return bullets
    starts: list[int] = []
    for i, line in enumerate(lines):
        match = _ITEM.match(line)
        if match is None:
            continue
        marker = match.group(1)
        place = int(marker) if marker.isdigit() else ord(marker) - ord("a") + 1
        if place == len(starts) + 1:
            starts.append(i)
    return starts


def join_cell_lines(lines: list[str], broken: Optional[Callable[[str, str], bool]] = None) -> str:
    """A table cell's text: a cell listing items behind bullets ("- Meningkatnya …" twice) or
    letters ("a. …", "b. …") gives the items joined with "; ", each de-wrapped; any other cell is
    one paragraph (``join_lines``, ``broken`` as there). Pure."""
    starts = _item_starts(lines)
    if len(starts) < 2 or starts[0] != 0:
        return join_lines(lines, broken)
    items = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
    marker = _BULLET if _BULLET.match(lines[0]) else _ITEM
    return "; ".join(join_lines([marker.sub("", item[0]), *item[1:]], broken) for item in items)


@lru_cache(maxsize=1)
def _title_case_vocab() -> tuple[frozenset[str], dict[str, str]]:
    data = vocab.load("title_case.yaml")
    return frozenset(w.lower() for w in data["small_words"]), {
        a.upper(): a for a in data["acronyms"]
    }


_ROMAN = re.compile(r"^(?=[IVXLC]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def _cap_word(word: str, first: bool, small: frozenset[str], acronyms: dict[str, str]) -> str:
    core = word.strip("(),.;:\"'")
    if not core:
        return word
    upper = core.upper()
    if upper in acronyms:
        styled = acronyms[upper]
    elif any(ch.isdigit() for ch in core) or _ROMAN.match(upper):
        styled = core if not _ROMAN.match(upper) else upper
    elif not first and core.lower() in small:
        styled = core.lower()
    elif not core.isupper() and not core.islower():
        styled = core  # already mixed case as printed: trust the printer
    else:
        styled = "-".join(
            "/".join(p[:1].upper() + p[1:].lower() for p in part.split("/"))
            for part in core.split("-")
        )
    return word.replace(core, styled, 1)


def title_case(text: str) -> str:
    """Title case for headings printed in capitals, keeping Indonesian small words lower case.

    "RENCANA AKSI ... DI LINGKUNGAN KPU" -> "Rencana Aksi ... di Lingkungan KPU".
    """
    small, acronyms = _title_case_vocab()
    words = squash(text).split(" ")
    return " ".join(_cap_word(w, i == 0, small, acronyms) for i, w in enumerate(words) if w)
