"""Level numbers read against their siblings' count (part of stage 6, records).

Siblings count on one by one (1, 2, 3; a, b, c; I, II, III), so a number that breaks the count
where the number due reads so once misread was misread: OCR lost a dot ('21' for '2.1'),
confused a letter ('e.' for 'c.') or its case ('e' among 'A', 'B'), or made no number at all
('|' between areas 2 and 4). Each repair here writes the number in its siblings' style and
says so on the record; a break nothing explains is left as read for ``quality`` to flag
(``numbering_of`` is how it reads a printed number). ``with_first_parts_put_back`` mends a
table's rows numbered by depth (tables/numbered.py) before they make records.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import cache
from typing import Optional

from rencana import vocab
from rencana.contract.models import Record
from rencana.core.codes import RecordWarning, WarningCode
from rencana.core.roles import Role
from rencana.core.types import TableRow
from rencana.stages.page.spelling import confusions
from rencana.stages.tables.rows import _ROMAN, area_number_of, unread_number

_AREA_LETTER = re.compile(r"^(\W*)([a-hA-H])(\W*)$")
# A level's letter as printed: 'c', 'c.', 'c)'.
_LEVEL_LETTER = re.compile(r"^([a-zA-Z])([.)]?)$")
_ROMAN_OF = {number: roman.upper() for roman, number in _ROMAN.items()}


def equal_runs(keys: Sequence[Optional[Hashable]]) -> list[list[int]]:
    """The places of ``keys`` in runs of equal neighbours; a None key stands alone. Pure."""
    runs: list[list[int]] = []
    for at, key in enumerate(keys):
        if runs and key is not None and keys[runs[-1][-1]] == key:
            runs[-1].append(at)
        else:
            runs.append([at])
    return runs


def letter_value(letter: str) -> int:
    """What a level's letter counts: 'a' 1, 'C' 3. Pure."""
    return ord(letter.lower()) - ord("a") + 1


def number_like(number: int, like: str) -> str:
    """``number`` written as ``like`` is: a Roman numeral ('IV'), a letter ('D', 'd') or
    digits. Pure."""
    if like.lower() in _ROMAN and number in _ROMAN_OF:
        return _ROMAN_OF[number] if like.isupper() else _ROMAN_OF[number].lower()
    if len(like) == 1 and like.isalpha() and number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if like.isupper() else letter
    return str(number)


def numbering_of(printed: Optional[str]) -> Optional[tuple[tuple[int, ...], frozenset[int]]]:
    """A level's printed number as (the numbers of its parents, what it counts): '2.3' gives
    ((2,), {3}), 'b.' ((), {2}), 'II' ((), {2}); a single letter that is also a roman numeral
    ('i', 'v') may count either way. None for no number or another text."""
    token = (printed or "").strip().rstrip(".):,").strip()  # '1,' a comma set for the stop
    parts = token.split(".")
    if len(parts) > 1:
        if not all(part.isdigit() for part in parts):
            return None
        return tuple(int(part) for part in parts[:-1]), frozenset({int(parts[-1])})
    value = area_number_of(token)
    if value is None:
        return None
    values = {value}
    if len(token) == 1 and token.isalpha():
        values.add(letter_value(token))
    return (), frozenset(values)


def readings_of_letter(read: str) -> set[str]:
    """The letters a small letter OCR read may be printed as: itself, and each OCR confusion's
    printed letter (vocab/ocr_confusions.yaml). Pure."""
    rules = confusions()
    return {read} | {
        printed
        for got, printed in rules.any_case + rules.lower_case
        if got == read and len(printed) == 1
    }


# Areas


def area_runs(records: list[Record]) -> list[list[Record]]:
    """The records in runs under one printed area number (records without one left out)."""
    numbered = [
        r for r in records if r.levels and r.levels[0].role == "area" and r.levels[0].number
    ]
    keys = [record.levels[0].number for record in numbered]
    return [[numbered[at] for at in run] for run in equal_runs(keys)]


def letters_out_of_case(numbers: list[str]) -> list[int]:
    """The places of the area letters in ``numbers`` (one per area, in order) set in the case
    fewer of them are set in, the letters beside them in the other ("A", "B", "e"). Pure."""
    letters = [_AREA_LETTER.match(number) for number in numbers]
    upper = [m[2].isupper() for m in letters if m is not None]
    if upper.count(True) == upper.count(False):
        return []
    usual = upper.count(True) > upper.count(False)
    out = []
    for at, match in enumerate(letters):
        around = [letters[i] for i in (at - 1, at + 1) if 0 <= i < len(letters)]
        if (
            match is not None
            and match[2].isupper() != usual
            and all(m is not None and m[2].isupper() == usual for m in around)
        ):
            out.append(at)
    return out


def area_letters_in_their_case(records: list[Record]) -> None:
    """An OCR'd area letter in the other case than the area letters around it (``letters_out_of
    _case``: "A", "B", then "e", a "C" read small: fuzz scan seed 100 at 200 dpi) is the letter
    that goes on counting from the one before, when its own letter in their case or an OCR
    confusion of it (vocab/ocr_confusions.yaml: "e" read for "c") gives that letter; the
    record's area number with it. A letter no such reading explains is left as read
    (``quality`` flags it)."""
    runs = area_runs(records)
    numbers = [run[0].levels[0].number or "" for run in runs]
    for at in letters_out_of_case(numbers):
        before = _AREA_LETTER.match(numbers[at - 1]) if at > 0 else None
        match = _AREA_LETTER.match(numbers[at])
        if before is None or match is None:
            continue
        due = chr(ord(before[2]) + 1)
        if due.lower() not in readings_of_letter(match[2].lower()):
            continue
        number = match[1] + due + match[3]
        for record in runs[at]:
            record.levels[0].number = number
            record.area_number = area_number_of(number)


# The glyphs OCR makes of a Roman numeral's upright bars, and how many bars each stands for.
_BARS = {"|": 1, "1": 1, "l": 1, "I": 1, "!": 1, "'": 1, '"': 2}


def roman_bars_read(printed: str, due: int, like: str) -> bool:
    """Whether ``printed`` is the Roman numeral ``due`` (I-III) read as bars of other glyphs, one
    for one: '"1' for "III" (two bars as a double quote, one as a one: the scanned Ambon LAKIP
    layout) where the areas around it are Roman. A digit among them makes it no unread number
    (``unread_number``), but the count of its bars is the numeral's. Pure."""
    token = printed.strip().rstrip(".")
    roman = like.strip().rstrip(".").upper()
    if not token or due > 3 or not roman or set(roman) - set("IVX"):
        return False
    return all(c in _BARS for c in token) and sum(_BARS[c] for c in token) == due


def areas_numbered_by_their_neighbours(records: list[Record]) -> list[tuple[int, RecordWarning]]:
    """Areas whose printed number OCR made no number of ('|', 'Cc', '"') take the one their
    neighbours leave them: the number between the areas before and after it two apart, or 1
    before an area numbered 2 (fuzz scan seeds 104, 117); or, a Roman numeral read as bars of
    other glyphs (``roman_bars_read``: '"' for II), the number after the area before where its
    bars count it, with no area after to bound it. The number is written in the neighbours'
    style ('III', '3.'); each record says so. One whose neighbours leave it no single number
    (the last area, a gap) keeps its misread, which the quality stage flags.
    Changes ``records``; returns (index, warning) per record numbered."""
    runs = equal_runs([record.area or None for record in records])  # the records of each area
    numbers = [records[run[0]].area_number for run in runs]
    placed: list[tuple[int, RecordWarning]] = []
    for k, run in enumerate(runs):
        area = records[run[0]].levels[0] if records[run[0]].levels else None
        printed = area.number if area else None
        if numbers[k] is not None or area is None or area.role != "area":
            continue
        before = numbers[k - 1] if k else 0
        after = numbers[k + 1] if k + 1 < len(runs) else None
        if before is None:
            continue
        number = before + 1
        if after == before + 2:
            like = records[runs[k + 1][0]].levels[0].number or ""
            if not (unread_number(printed or "") or roman_bars_read(printed or "", number, like)):
                continue
        else:  # no area after to bound it: its bars alone, counting the number due, tell it
            like = records[runs[k - 1][0]].levels[0].number or "" if k else ""
            if not roman_bars_read(printed or "", number, like):
                continue
        label = number_like(number, like.rstrip("."))
        label += "." if like.endswith(".") else ""
        warning = RecordWarning(
            WarningCode.AREA_NUMBER_PLACED,
            f"the area's number {printed!r} reads as none; {label!r}, between its neighbours",
        )
        for index in run:
            record = records[index]
            read = record.levels[0].number or ""
            if record.area_number is None and (read == printed or unread_number(read)):
                record.area_number = number
                record.levels[0].number = label
                placed.append((index, warning))
    return placed


# Levels below the area


def level_numbers_put_back(
    records: list[Record], ocr_pages: set[int]
) -> list[tuple[int, RecordWarning]]:
    """On OCR'd pages, a level's number that breaks its siblings' count where the number due
    reads so once misread is the number due: '21' under area 2 beside '2.2' lost its dot (the
    scanned Klaten and BPS layouts: '2.1' read '21'; '1.21' for '1.2.1'); '7' after '1' is '2'
    (a digit OCR confuses with the one due: fuzz scan seed 227); 'e.' between 'b.' and
    'd.' is 'c.' (an OCR confusion, vocab/ocr_confusions.yaml; the scanned KPU RI layout). The
    number due is the one after the sibling before (1 first), which the sibling after goes on
    from, and one of them at least is printed in the same style. Each record renumbered says
    so. Changes ``records``; returns (index, warning) per record renumbered."""
    placed: list[tuple[int, RecordWarning]] = []
    depth = max((len(r.levels) for r in records), default=0)
    for level_at in range(1, depth):
        for parent, children in _children_by_parent(records, level_at).items():
            stem = (parent[-1][0] or "").strip().rstrip(".")
            counted = [_counted(stem, number) for number, _ in children]
            for k, (number, indices) in enumerate(children):
                before = next((c for c in reversed(counted[:k]) if c is not None), None)
                after = next((c for c in counted[k + 1 :] if c is not None), None)
                due = before + 1 if before is not None else 1
                if counted[k] == due or (before is None and after is None):
                    continue
                if after not in (None, due + 1):
                    continue
                meant = _misread_for(number, due, stem)
                if meant is None or not all(set(records[i].pages) & ocr_pages for i in indices):
                    continue
                warning = RecordWarning(
                    WarningCode.NUMBER_PLACED,
                    f"the number {number!r} under {stem or 'its parent'!r} breaks its siblings'"
                    f" count where {meant!r} is due and reads so once misread: {meant!r}",
                )
                for index in indices:
                    record = records[index]
                    if record.activity_number == record.levels[level_at].number:
                        record.activity_number = meant
                    record.levels[level_at].number = meant
                    placed.append((index, warning))
                counted[k] = due
    return placed


def area_number_over(row: TableRow) -> Optional[int]:
    """The number of the area a row sits in (its area column's, or its banner's), or None."""
    if row.cells.get(Role.AREA):
        return area_number_of(row.cells.get(Role.AREA_NUMBER, ""))
    return row.banner[0] if row.banner else None


def with_first_parts_put_back(
    rows: list[TableRow], read: list[Optional[tuple[tuple[int, ...], str, str]]]
) -> list[Optional[tuple[tuple[int, ...], str, str]]]:
    """A row of area n numbered n alone, the next other numbered row n.2, was printed n.1: a
    scan lost its ".1" (the Semarang layout's "7.1" read "7"), and read as it stands the row
    would be the parent of its siblings. The rows of its merged cell (one number, one text)
    keep their text, take the number and say it was placed. Pure, but for those rows."""
    out = list(read)
    numbered_at = [i for i, item in enumerate(read) if item is not None]
    for k, at in enumerate(numbered_at):
        item, area = read[at], area_number_over(rows[at])
        if item is None or area is None or item[0] != (area,):
            continue
        after = next((read[i] for i in numbered_at[k + 1 :] if read[i] != item), None)
        if after is None or after[0] != (area, 2):
            continue
        number = f"{area}.1"
        out[at] = ((area, 1), number, item[2])
        if rows[at].cells.get(Role.ACTIVITY_NUMBER, "").strip() == item[1]:
            rows[at].cells[Role.ACTIVITY_NUMBER] = number
        rows[at].warnings.append(
            RecordWarning(
                WarningCode.NUMBER_PLACED,
                f"the number {item[1]!r} of a row in area {area}, before {after[1]!r}: {number!r}",
            )
        )
    return out


def _children_by_parent(
    records: list[Record], level_at: int
) -> dict[tuple, list[tuple[str, list[int]]]]:
    """Per parent (the levels above ``level_at``), its children's printed numbers in order, each
    with the indices of its records."""
    by_parent: dict[tuple, list[int]] = {}
    for index, record in enumerate(records):
        if len(record.levels) > level_at:
            parent = tuple((lv.number, lv.text) for lv in record.levels[:level_at])
            by_parent.setdefault(parent, []).append(index)
    groups: dict[tuple, list[tuple[str, list[int]]]] = {}
    for parent, indices in by_parent.items():
        numbers = [records[i].levels[level_at].number or "" for i in indices]
        groups[parent] = [
            (numbers[run[0]], [indices[at] for at in run]) for run in equal_runs(numbers)
        ]
    return groups


def _counted(stem: str, number: str) -> Optional[int]:
    """What a sibling's number counts: '2.3' under '2' counts 3, 'c.' 3, '2' or '2.' 2; None
    for another number, and for digits that begin with the parent's and go on ('21' under '2':
    '2.1' with its dot lost, or the 21st; ``_misread_for`` tells). Pure."""
    token = number.strip()
    if letter := _LEVEL_LETTER.match(token):
        return letter_value(letter[1])
    head, _, last = token.rstrip(".").rpartition(".")
    if not head and last.isdigit() and not (stem and last.startswith(stem) and last != stem):
        return int(last)
    return int(last) if stem and head == stem and last.isdigit() else None


@cache
def digit_readings() -> frozenset[tuple[str, str]]:
    """The digits OCR reads for others in a level's number, (as read, as printed)
    (vocab/ocr_confusions.yaml)."""
    pairs = vocab.load("ocr_confusions.yaml")["digits"]
    return frozenset((str(read), str(printed)) for read, printed in pairs)


def _misread_for(number: str, due: int, stem: str) -> Optional[str]:
    """The number ``due`` written as ``number`` meant it, if ``number`` is its misreading: the
    last dot lost ('21' for '2.1' under '2'), a digit OCR confuses with the one due ('7' for
    '2': ``digit_readings``) or a letter so ('e.' for 'c.'); else None. Pure."""
    token = number.strip()
    if stem and token.rstrip(".") == f"{stem}{due}":
        return f"{stem}.{due}" + ("." if token.endswith(".") else "")
    if token.rstrip(".").isdigit() and (token.rstrip("."), str(due)) in digit_readings():
        return str(due) + ("." if token.endswith(".") else "")
    letter = _LEVEL_LETTER.match(token)
    if letter and due <= 26:
        meant = chr(ord("a") + due - 1)  # a letter here, though 'i' may read as a numeral
        if meant in readings_of_letter(letter[1].lower()):
            return (meant.upper() if letter[1].isupper() else meant) + letter[2]
    return None
