"""NOMOR designations, Mengingat citations and the lettered or numbered items of a section."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from rencana import vocab
from rencana.contract.models import LegalBasis
from rencana.core.nlp import blank
from rencana.core.text import join_lines, roman_lookalike, squash, without_lone_symbols
from rencana.stages.structure.lexicon import matchers, words

_NOMOR_YEAR = re.compile(r"^(?P<number>.+?)\s+TAHUN\s+(?P<year>\d{4})\s*$", re.IGNORECASE)


def split_number(designation: str) -> tuple[Optional[str], Optional[int]]:
    """'9 TAHUN 2018' -> ('9', 2018); '12/HK.03.1-Kpt/3320/KPU-Kab/II/2022' -> (that, None)."""
    text = squash(designation).rstrip(".,;:")
    if not text:
        return None, None
    match = _NOMOR_YEAR.match(text)
    if match:
        return match["number"], int(match["year"])
    return text, None


_YEAR_CLOSING = re.compile(r"[/.\-]\s*(?P<year>(?:19|20)\d{2})$")


def year_of_number(number: str) -> Optional[int]:
    """'188/17/415.15/2020' -> 2020: the year closing a designation printed without 'TAHUN'."""
    match = _YEAR_CLOSING.search(squash(number))
    return int(match["year"]) if match else None


# A run of digits with the letters OCR reads for them ("ll2" for 112, "2O22" for 2022).
_DIGIT_RUN = re.compile(r"(?<![A-Za-z])(?=[lIO|]*\d)[\dlIO|]*[lIO|][\dlIO|]*(?![A-Za-z])")


def repaired_number_digits(number: str) -> str:
    """A designation's runs of digits mixed with their look-alike letters, as digits
    ("445.1/Kep.ll2-Huk/2015" -> "445.1/Kep.112-Huk/2015"). No designation prints such a run, so
    a text layer made by a scanner's OCR is repaired too. Pure."""
    return _DIGIT_RUN.sub(lambda run: run[0].translate(_OCR_DIGITS), number)


def repaired_ocr_number(number: str) -> str:
    """A decree designation as OCR read it, its look-alike glyphs repaired. Pure.

    Only where nothing else can be meant: a "/"-separated part after the first (the serial number)
    in roman-numeral look-alikes with a letter among them that spells a month numeral ("Ill" →
    "III", "Xl" → "XI"; a bare "11" stays), and the "!" OCR adds beside a slash ("Prov!/" →
    "Prov/"), which no designation contains."""
    parts = []
    for index, part in enumerate(number.split("/")):
        part = part.strip("!")
        numeral = roman_lookalike(part)
        if index and numeral and numeral != part and any(c.isalpha() for c in part):
            part = numeral
        parts.append(part)
    return "/".join(parts)


def month_numeral_repaired(number: str, month: int) -> Optional[str]:
    """A designation whose month numeral OCR read as digits, repaired; None when nothing else can
    be meant. Pure.

    The part before the closing year is the month: "11" there in a decree enacted in February
    is "II" (February in digits is "2"), "111" in March "III". A "1" in January may be either
    numeral and stays as read."""
    parts = number.split("/")
    if len(parts) < 3 or not re.fullmatch(r"\d{4}", parts[-1].strip()):
        return None
    slot = parts[-2].strip()
    if len(slot) < 2 or set(slot) != {"1"} or len(slot) != month:
        return None
    return "/".join([*parts[:-2], "I" * month, parts[-1]])


def month_of_number(number: str) -> Optional[int]:
    """The month a designation's part before its closing year names, in a Roman numeral or in
    digits ("…/OT.01/II/2023" -> 2, "…/11/2022" -> 11), or None. Pure."""
    parts = number.split("/")
    if len(parts) < 3 or not re.fullmatch(r"\d{4}", parts[-1].strip()):
        return None
    slot = parts[-2].strip()
    roman = roman_lookalike(slot) if not slot.isdigit() else None
    if roman in _ROMAN_MONTHS:
        return _ROMAN_MONTHS.index(roman) + 1
    return int(slot) if slot.isdigit() and 1 <= int(slot) <= 12 else None


def month_settled_by(number: str, month: int) -> bool:
    """Whether a decree's month of enactment settles how its designation's month part is
    spelled: the part names that month, and read the other way (its bars as Roman "I" or as
    "1") would name another ("11" in November is no "II"; a "1" in January may be an "I"). Pure."""
    parts = number.split("/")
    if month_of_number(number) != month or len(parts) < 3:
        return False
    swapped = parts[-2].translate(_BARS_SWAPPED)
    return month_of_number("/".join([*parts[:-2], swapped, parts[-1]])) != month


_BARS_SWAPPED = str.maketrans({"1": "I", "I": "1", "l": "1", "|": "1"})
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


_CITED_NUMBER = re.compile(
    r"\bNomor\s+(?P<number>[^\s,;()]+?)[,;.]?(?:\s+Tahun\s+(?P<year>\d{4}))?(?=\s|$|[,;])",
    re.IGNORECASE,
)
_CITED_YEAR = re.compile(r"\bTahun\s+(?P<year>\d{4})\b", re.IGNORECASE)
_SUBJECT = re.compile(
    r"\btentang\s+(?P<subject>.+?)\s*(?:\((?:Lembaran|Berita|Tambahan)|,\s*sebagaimana\b|[;.]?\s*$)",
    re.IGNORECASE | re.DOTALL,
)
_ARTICLE_PREFIX = re.compile(
    r"^(?:Pasal\s+\w+(?:\s+ayat\s+\(\w+\))?(?:\s+huruf\s+\w+)?,?\s*(?:dan\s+)?)+", re.IGNORECASE
)


def parse_legal_basis(text: str) -> LegalBasis:
    """One Mengingat item -> form, number, year and subject; unknown parts stay None."""
    text = squash(text)
    nlp = blank()
    _, specific, generic = matchers()
    body = _ARTICLE_PREFIX.sub("", text)
    offset = len(text) - len(body)
    doc = nlp.make_doc(body)
    form = None
    starts = [(s, e) for _, s, e in specific(doc)] or []
    at_start = [m for m in starts if doc[m[0]].idx < 3]
    number_match = _CITED_NUMBER.search(text, offset)
    if at_start:
        s, e = max(at_start, key=lambda m: m[1] - m[0])
        form = doc[s:e].text
    else:
        generic_at_start = [(s, e) for _, s, e in generic(doc) if doc[s].idx < 3]
        if generic_at_start and number_match:
            form = squash(text[offset : number_match.start()]).rstrip(
                ","
            )  # the full name up to Nomor
        elif generic_at_start:
            s, e = max(generic_at_start, key=lambda m: m[1] - m[0])
            form = doc[s:e].text
    number = year = None
    if number_match and (form is None or number_match.start() - offset >= len(form) - 1):
        number = number_match["number"]
        year = int(number_match["year"]) if number_match["year"] else None
    if year is None:
        head = text[: number_match.end() + 20] if number_match else text
        year_match = _CITED_YEAR.search(head, offset)
        if year_match and (number_match or (form and "Dasar" in form)):
            year = int(year_match["year"])
    subject_match = _SUBJECT.search(text)
    subject = subject_match["subject"].strip() if subject_match else None
    return LegalBasis(text=text, form=form, number=number, year=year, subject=subject)


# A marker as printed ("a.", "7.", "b)") or as OCR reads it: the full stop as a comma, the digit 1
# as l, I or |. Which marker a line holds is only decided against the one expected next.
_MARKER = re.compile(
    r"^\(?(?P<marker>[a-z]|[COSVWXZ]|[0-9lI|]{1,3})\s?(?:[.,)](?:\s+|$|(?=[A-Z]))|-\s+)"
)  # OCR may read the stop as "-" too ("j- Peraturan"), before a space
# Letters whose capital has the small letter's shape: OCR reads the marker "c." as "C.".
_CASE_ALIKE = "cosvwxz"
# What OCR makes of an item's letter ("a.", "g.") at low resolution: "&", "&.", "@".
_LETTER_LOOKALIKE = re.compile(r"^[&@][.,]?\s+")
# An item number printed without its full stop (or OCR lost it), before the item's opening words.
_BARE_NUMBER = re.compile(r"^(?P<marker>\d{1,2})\s+")
_BARE_LETTER = re.compile(r"^(?P<marker>[a-z|]|[&@.,][.,]?)\s+")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
# Where a number is due as an item's marker, OCR's "S." is its "5." (and "Z." its "2.").
_MARKER_DIGITS = str.maketrans(
    {"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "Z": "2"}
)
# OCR reads an item's letter twice, in its two cases, as one word ("Cc. bahwa" for "c. bahwa": the
# scanned fuzz seed 220, its consideration c joined to b). Only a marker due opens an item.
_DOUBLED_LETTER = re.compile(r"^(\(?)([A-Za-z])([A-Za-z])(?=[.,)]\s)")
# An item ends with ";" (which OCR may read as ":"). Not ")" alone: "Pasal 33 ayat (4)" wraps before
# "Undang-Undang Dasar …" inside one item.
_ITEM_END = re.compile(r"[;:]$")
# Before the very number expected next, an OCR'd "," may end the item too ("Pembangunan," for ";").
_NUMBERED_ITEM_END = re.compile(r"[;:,]$")
# What OCR leaves of a marker it could not read: a dash, dot or comma alone before the item's
# first word ("- Peraturan Presiden …" for "3. Peraturan Presiden …", scanned fuzz seed 330).
_MARKER_REMNANT = re.compile(r"^[-\u2013\u2014.,]\s+")


def _next_marker(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


def _first_marker(raw: str) -> str:
    """The first marker of a list is 'a' or '1'; an OCR 'l.' or 'I.' there is '1'."""
    digits = raw.translate(_OCR_DIGITS)
    return digits if digits.isdigit() and not raw.isdigit() and raw != "a" else raw


def _is_marker(raw: str, expected: str) -> bool:
    return (
        raw == expected
        or (expected.isdigit() and raw.translate(_MARKER_DIGITS) == expected)
        or (expected in "il" and raw in "|I1")  # the letters i and l, read as a bar or a one
        or (expected in _CASE_ALIKE and raw == expected.upper())
    )


@lru_cache(maxsize=8)
def _opener_re(openers: tuple[str, ...]) -> Optional[re.Pattern]:
    if not openers:
        return None
    return re.compile(
        r"^(?:" + "|".join(re.escape(o) for o in sorted(openers, key=len, reverse=True)) + r")\b"
    )


def split_items(lines: list[str], openers: tuple[str, ...] = (), ocr: bool = False) -> list[str]:
    """Split a section's lines at 'a.', 'b.' … or '1.', '2.' … markers, in sequence only.

    Only the marker that comes next in the sequence opens an item, so a wrapped line that happens
    to start with a number never splits an item. Where a marker was lost (OCR drops a short lone
    token), a line that starts with one of ``openers`` ("bahwa", a legal form) right after a line
    ending an item (";", or the ":" OCR reads for it; on an OCR'd page also the "," it reads)
    opens the next item. Without a first marker or opener split, the section is one item.
    """
    return split_numbered_items(lines, openers, ocr)[0]


# A numbered item may skip at most this many numbers ("9." then "12.": 10 and 11 are missing).
MAX_SKIPPED_ITEMS = 3


def split_numbered_items(
    lines: list[str], openers: tuple[str, ...] = (), ocr: bool = False
) -> tuple[list[str], list[str]]:
    """``split_items``, and the item numbers the list skips: a number up to ``MAX_SKIPPED_ITEMS``
    ahead of the expected one opens an item too when one of ``openers`` follows it and the item
    before ended (";"), and the numbers in between are returned as missing ("10", "11")."""
    lines = [squash(l) for l in lines if squash(l)]
    if not lines:
        return [], []
    if ocr:
        lines = [_undoubled(line) for line in lines]
    missing: list[str] = []
    opener = _opener_re(tuple(openers))
    item_end = _NUMBERED_ITEM_END if ocr else _ITEM_END
    lines[0] = _with_lost_first_marker(lines, opener)
    first = _MARKER.match(lines[0])
    expected = _first_marker(first["marker"]) if first else None
    bare_first = _BARE_NUMBER.match(lines[0]) if first is None else None
    if (
        bare_first
        and bare_first["marker"] == "1"
        and opener
        and opener.match(lines[0][bare_first.end() :])
    ):
        expected = "1"  # "1 Undang-Undang …": the first marker without its full stop
    items: list[list[str]] = []
    for line in lines:
        match = _MARKER.match(line)
        bare = (
            (_BARE_NUMBER if expected.isdigit() else _BARE_LETTER).match(line)
            if expected is not None
            else None
        )
        if match and expected is not None and _is_marker(match["marker"], expected):
            items.append([_after_marker(line, match)])
            expected = _next_marker(expected)
        elif (
            match
            and expected is not None
            and (skipped := _skipped(match["marker"], expected))
            and items
            and opener
            and opener.match(_after_marker(line, match))
            and _NUMBERED_ITEM_END.search(items[-1][-1])
        ):  # "12. Peraturan …" after item 9: items 10 and 11 are missing from the text
            missing.extend(skipped)
            items.append([_after_marker(line, match)])
            expected = _next_marker(match["marker"])
        elif (
            match
            and expected is None
            and items
            and match["marker"] in (chr(ord("a") + len(items)), str(len(items) + 1))
            and opener
            and opener.match(_after_marker(line, match))
            and _NUMBERED_ITEM_END.search(items[-1][-1])
        ):  # "c. bahwa …" after two items whose markers OCR lost: the list's count goes on
            items.append([_after_marker(line, match)])
            expected = _next_marker(match["marker"])
        elif (
            bare
            and expected is not None
            and (_is_marker(bare["marker"], expected) or bare["marker"][0] in "&@.,")
            # a lone letter opens no wrapped line: the item before may lack its ";" ("i Peraturan")
            and (not items or expected.isalpha() or _NUMBERED_ITEM_END.search(items[-1][-1]))
            and opener
            and opener.match(line[bare.end() :])
        ):  # "10 Peraturan Daerah …", "f Keputusan …": the marker without its full stop, or
            # "& Peraturan …" where "g." is due (OCR's reading of a letter at low resolution), or
            # ". bahwa …" where "b." is due (its letter lost, its stop left)
            items.append([line[bare.end() :]])
            expected = _next_marker(expected)
        elif (
            items
            and opener
            and opener.match(unmarked := _MARKER_REMNANT.sub("", line))
            and item_end.search(items[-1][-1])
        ):
            items.append([unmarked])
            expected = _next_marker(expected) if expected is not None else None
        elif items:
            items[-1].append(line)
        else:
            items.append([line])
    return [_tidy(join_lines(item)) for item in items if join_lines(item)], missing


def _undoubled(line: str) -> str:
    """A line opening with a letter marker OCR read twice ("Cc. bahwa") as the one letter. Pure."""
    doubled = _DOUBLED_LETTER.match(line)
    if not doubled or doubled[2].lower() != doubled[3].lower():
        return line
    return doubled[1] + doubled[3].lower() + line[doubled.end() :]


def _with_lost_first_marker(lines: list[str], opener: Optional[re.Pattern]) -> str:
    """The first line with the marker OCR lost or misread ("& Undang-Undang …", or the "1." lost
    in "Mengingat : 1. Undang-Undang" read "Mengingat . Undang-Undang"), when the list's next
    marker is the second one ("b.", "2.") and opens an item after one that ended."""
    head = lines[0]
    if _MARKER.match(head) or _BARE_NUMBER.match(head):
        return head
    lost = _LETTER_LOOKALIKE.match(head)
    text = head[lost.end() :] if lost else head
    if not lost and not (opener and opener.match(text)):
        return head
    for before, line in zip(lines, lines[1:]):
        if marker := _MARKER.match(line):
            second = marker["marker"].translate(_OCR_DIGITS)
            if second not in ("b", "2") or not _NUMBERED_ITEM_END.search(before):
                return head
            return ("a. " if second == "b" else "1. ") + text
    return head


# OCR doubles a marker's stop or reads a speck beside it ("4. . Surat Edaran", "11. .Peraturan").
_STRAY_AFTER_MARKER = re.compile(r"^[.,]+\s*(?=\w)")


def _after_marker(line: str, marker: re.Match) -> str:
    """The item's text after its marker, less stray stops OCR puts before the first word."""
    return _STRAY_AFTER_MARKER.sub("", line[marker.end() :])


def _skipped(marker: str, expected: str) -> list[str]:
    """The numbers (or letters) between the expected marker and a printed one a little ahead."""
    if marker.isdigit() and expected.isdigit():
        first, last = int(expected), int(marker)
        between = [str(n) for n in range(first, last)]
    elif len(marker) == len(expected) == 1 and marker.islower() and expected.islower():
        first, last = ord(expected), ord(marker)
        between = [chr(n) for n in range(first, last)]
    else:
        return []
    return between if 0 < last - first <= MAX_SKIPPED_ITEMS else []


def without_lone_bars(text: str) -> str:
    """A brace, bracket, bar, guillemet or currency sign standing alone between words is what OCR
    makes of a wide gap in a line of spaced bold capitals at low resolution ("RUMAH { SAKIT UMUM |
    KOTA") or of a smudge in it ("KEDUDUKAN, » SUSUNAN"); no title nor list item holds one."""
    return without_lone_symbols(text, "{}|[]«»£€")


# A cited number OCR split after a narrow "1" ("Nomor 1 14," for "Nomor 114,"): no citation
# puts two numbers after "Nomor" before its comma or bracket.
_SPLIT_CITED_NUMBER = re.compile(r"\b(Nomor\s+\d{1,3})\s(\d{1,3})(?=[,;)])", re.IGNORECASE)


def _tidy(text: str) -> str:
    """Spaces a text layer leaves inside punctuation ("2021 , yang", "“ Nangun") go; a stray hyphen
    closing a line before "(" keeps its space ("Pemerintah- (Lembaran"): no word was split there."""
    text = without_lone_bars(text)
    text = _SPLIT_CITED_NUMBER.sub(r"\1\2", text)
    text = re.sub(r"(?<=\w)\s+(?=[,;)”])", "", text)
    text = re.sub(r"(?<=[(“])\s+", "", text)
    return re.sub(r"(?<=\w)-(?=\()", "- ", text)


@lru_cache(maxsize=1)
def item_openers() -> dict[str, tuple[str, ...]]:
    """Opening words of each item section; legal bases also open with every legal form."""
    openers = {key: tuple(values) for key, values in words()["item_openers"].items()}
    forms = vocab.load("legal_forms.yaml")
    openers["legal_bases"] = (
        openers.get("legal_bases", ()) + tuple(forms["specific"]) + tuple(forms["generic"])
    )
    return openers


def opens_item(section: str, text: str) -> bool:
    """``text`` opens with words the section's items open with ("bahwa", a legal form)."""
    opener = _opener_re(item_openers().get(section, ()))
    return bool(opener and opener.match(text))
