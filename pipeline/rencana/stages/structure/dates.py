"""Dates in decree text: "17 Januari 2020", "17-01-2020", the enactment line and a validity clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from rencana.core.nlp import blank
from rencana.core.text import squash
from rencana.stages.schedule import corrected_month, months_near
from rencana.stages.structure.lexicon import matchers, month_numbers, words

_DATE_RE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\b")
# Day first, as Indonesian decrees write it: "8-2-2022", "08/02/2022", "08.02.2022", "15 - 08 - 2017".
# Or ISO, year first: "2023-01-30".
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?:(?P<day>\d{1,2}) ?(?P<sep>[-/.]) ?(?P<month>\d{1,2}) ?(?P=sep) ?(?P<year>\d{4})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2}))(?![\d/-])"
)


def _numeric_date(match: re.Match) -> Optional[date]:
    if match["iso_year"]:
        return _valid_date(int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"]))
    return _valid_date(int(match["year"]), int(match["month"]), int(match["day"]))


def _valid_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> Optional[date]:
    """'08 Februari 2022', '8-2-2022' or '2022-02-08' -> 2022-02-08; None when no valid date is in the text."""
    for day, month, year in _DATE_RE.findall(text):
        number = month_numbers().get(month.lower())
        if number:
            return _valid_date(int(year), number, int(day))
    numeric = _NUMERIC_DATE.search(text)
    return _numeric_date(numeric) if numeric else None


@dataclass(frozen=True, slots=True)
class MisreadDate:
    """A day-month-year date whose month word is no month name as it stands."""

    word: str  # the month word as read ("Meret")
    month: Optional[str]  # the month it is taken for, when exactly one is that close ("Maret")
    date: Optional[date]  # the date with that month, when it is one


def misread_month_date(text: str) -> Optional[MisreadDate]:
    """The first "day word year" in ``text`` whose word misspells a month by one letter or one OCR
    confusion (``schedule.months_near``: "08 Meret 2022" under a stamp), with the month
    ``schedule.corrected_month`` takes it for; none when several months are that close or the
    word is too short to tell ("Jupi": Juni or Juli). A word near no month is no date. Pure."""
    for day, word, year in _DATE_RE.findall(text):
        if word.lower() in month_numbers() or not months_near(word):
            continue
        meant = corrected_month(word)
        if meant is None:
            return MisreadDate(word, None, None)
        return MisreadDate(
            word, meant, _valid_date(int(year), month_numbers()[meant.lower()], int(day))
        )
    return None


def dates_in(text: str) -> list[tuple[int, date]]:
    """Every valid date in the text as (char offset, date): named months by the DATE matcher,
    numeric day-month-year dates by pattern."""
    matcher = matchers()[0]
    doc = blank().make_doc(text)
    out = []
    for match_id, start, end in matcher(doc):
        if doc.vocab.strings[match_id] == "DATE":
            parsed = parse_date(doc[start:end].text)
            if parsed:
                out.append((doc[start].idx, parsed))
    for numeric in _NUMERIC_DATE.finditer(text):
        parsed = _numeric_date(numeric)
        if parsed:
            out.append((numeric.start(), parsed))
    return sorted(out)


@lru_cache(maxsize=1)
def _validity_re() -> re.Pattern:
    until = "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted(words()["until_words"], key=len, reverse=True)
    )
    return re.compile(
        rf"\b{words()['validity_cue']}\b.{{0,120}}?(?:{until})\s+(?:tanggal\s+)?", re.IGNORECASE
    )


def valid_until(operative: str) -> Optional[date]:
    """'… mulai berlaku … sampai dengan (tanggal) 31 Desember 2022' -> 2022-12-31.

    Only the short windows after the validity cue are tokenized, so a long law costs little.
    """
    for cue in _validity_re().finditer(operative):
        window = operative[cue.end() : cue.end() + 40]
        found = dates_in(window)
        if found and found[0][0] == 0:
            return found[0][1]
    return None


@lru_cache(maxsize=1)
def enact_re() -> re.Pattern:
    # As printed or in capitals, never in lower case: "… yang ditetapkan di pusat" inside a dictum is no enactment.
    verbs = "|".join(f"{v}|{v.upper()}" for v in words()["enactment_verbs"])
    # The place runs to a comma, 'pada (tanggal)' or 'tanggal': "Ditetapkan di Jakarta, 8 Februari 2022".
    return re.compile(
        rf"^(?:{verbs})(?:\s+|\s*[-–.]\s*)(?:di|DI)\s*:?\s*(?P<place>[^,:;]+?)\s*"
        rf"(?:[,;].*|\s+(?:pada|PADA|tanggal|Tanggal|TANGGAL|tgl\.?)\b.*)?[.]?$"
    )


def enactment_place(text: str) -> Optional[str]:
    """'Ditetapkan di : Jakarta' / 'Ditetapkan di Jakarta, 8 Februari 2022' -> 'Jakarta'. A place
    opens with a letter: a mark OCR reads before it (a stamp's rim, a scan's speck: '> KASONGAN')
    is none of it."""
    match = enact_re().match(squash(text))
    return re.sub(r"^[\W_]+", "", match["place"]).strip(" ,.") or None if match else None
