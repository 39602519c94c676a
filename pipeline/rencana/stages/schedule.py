"""Stage 5, schedule: the printed schedule ('Januari-Desember', 'TW I s.d. TW IV' …) as months.

Pure: ``parse(text, plan_year) -> Schedule``. Unreadable or ambiguous text gives empty months
and a warning, never a guess. The vocabulary (months.yaml, schedule.yaml) is data; this module
only turns it into a spaCy Matcher over ``spacy.blank("id")`` and reads the matched atoms with
a small grammar:

    schedule := item ((list-connector | nothing) item)*   ("/" lists quarter or semester numbers only)
    item     := point [range-connector point]
    point    := month [year] | quarter-word ordinal [year] | semester-word ordinal [year]
              | month-number [year]       ("B03", "Bulan ke-3")
              | day month [year]          ("17 Januari 2020")
              | day range-connector day month [year]  ("2-3 Mei", "1 s.d. 5 Mei")
              | day (list-connector day)+ month [year]  ("4, 5 dan 6 Mei")
              | (weekday | date-word) [","] date   ("Senin, 4 Mei 2023", "tanggal 17 Agustus")
              | week ((list- | range-connector) week-number)* (month [year] | every-month)
                                          ("Minggu ke-2 Januari", "Minggu I dan III Mei",
                                           "Minggu ke-4 setiap bulan")
              | month week                ("Agustus minggu ke-3", last or before a list)
              | month-part month [year]   ("Akhir Maret", "Awal Januari")
              | ordinal [year]            (continues the quarter/semester/month-number before it)
              | every-phrase [year]       ("Setiap bulan", "Sepanjang tahun", "Setiap triwulan")

Decisions the documents leave open:
- Any word outside the vocabulary makes the whole text unreadable (warning, empty months),
  even when months stand beside it: a partial reading would be a guess. Fillers such as "Bulan",
  "pada", "mulai", a trailing "Tahun 2023", brackets and trailing dots are harmless.
- A year written after a point dates that point. An undated end of a range takes its year from
  the dated end ("November - Februari 2023" runs from November 2022). Other undated points
  take the year of the next dated point ("Maret, Juni 2023"), else of the previous one, else
  the plan year.
- A month glued to its year by a dash or an apostrophe, as a spreadsheet prints a date ("Mar-21",
  "Jan'22", "Mei-2021"), is that month of that year (20YY); "Feb-28 Mar" stays a range to a day.
- A range that runs backwards in time ("Desember - Januari" without years) is ambiguous: warning.
- Weekly and daily phrases ("Setiap minggu") schedule every month of the year.
- A day, a list of days, a week or a part ("Akhir") of a month schedules that month; a day the month does not have ("31 Februari")
  is unreadable. A yearly phrase ("Tahunan", "Setiap tahun") names no month: unreadable on its
  own, harmless beside a month ("Setiap tahun bulan Maret").
- ``quarters`` lists only quarters that are named (TW, Triwulan, Q, Kuartal, "Setiap
  triwulan"); months and semesters do not derive quarters.
- ``months`` holds the months inside the plan year. When the notation leaves the plan year,
  ``periods`` holds every month it names as "YYYY-MM" (inside the plan year too). A notation
  entirely outside the plan year gives empty months and a warning.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from rencana import vocab
from rencana.core.nlp import blank
from rencana.core.text import roman_lookalike

if TYPE_CHECKING:  # spaCy is imported by the first schedule read (core.nlp), not at import
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span

NOT_UNDERSTOOD = "schedule not understood"
OUTSIDE_PLAN_YEAR = "schedule outside plan year"
# A word one letter away from exactly one month ("Apnil" from OCR, "Agutus" from a typist) is
# read as that month, with a note. Only words this long: "Juni" and "Juli" are one letter apart.
MIN_CORRECTED_LENGTH = 5
MAX_CORRECTIONS = 3
# A list of days inside one month ("4, 5 dan 6 Mei") has at most this many days.
DAY_LIST_MAX = 8
# A week of a month is numbered at most this high ("Minggu ke-5").
WEEKS_IN_MONTH = 5


@dataclass(slots=True)
class Schedule:
    months: list[int] = field(default_factory=list)
    quarters: list[int] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # YYYY-MM, when the range leaves the plan year
    warnings: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)  # "read 'Apnil' as 'April'"


# ---------------------------------------------------------------- normalisation

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")
# Separators the tokenizer keeps glued to words ("Jan.-Des.", "Jan&Des", "TW.I", "s.d.Desember").
_SEPARATOR_RE = re.compile(r"([.,;:&/()\[\]\"'])")
# "Q1", "TW4", "Jan2023": a quarter word or month glued to its number.
_LETTER_DIGIT_RE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
# A quarter numeral glued to "s.d." ("TW Is.d. TW IV": a space lost in typing or OCR; a scan
# also loses the stop: "TW Isd TW IV").
_GLUED_NUMERAL_RE = re.compile(r"\b([IVX]{1,4})(?=s\s*\.?\s*d\b)")
# "TW" glued to its numeral ("TWI sd. TWIV"): OCR reads a narrow space as none.
_GLUED_QUARTER_RE = re.compile(r"\b((?i:tw))([IVX]{1,4})\b")
# "s.d." with its first stop lost ("Januari s d. Desember").
_SPLIT_SD_RE = re.compile(r"\bs\s+d\b")
# A month broken by a wrap hyphen: "Janu-\nari".
_WRAPPED_WORD_RE = re.compile(r"([^\W\d_]+)[-\u00ad]\s*\n\s*([^\W\d_]+)")


def _rejoin_wrapped_month(match: re.Match) -> str:
    head, tail = match.group(1), match.group(2)
    spellings = vocab.month_spellings()
    if (head + tail).lower() in spellings:  # two months never join into one spelling
        return head + tail
    return match.group(0)


@lru_cache(maxsize=1)
def _month_short_year_re() -> re.Pattern:
    """A month glued to its year as a spreadsheet prints dates ("Mar-21", "Jan'22", "Mei-2021"):
    group 1 the month, group 2 the century where printed, group 3 the year. Not a range to a day
    of a month ("Feb-28 Mar")."""
    spellings = "|".join(sorted(map(re.escape, vocab.month_spellings()), key=len, reverse=True))
    return re.compile(
        rf"(?i)\b({spellings})\.?[-'\u2019]((?:19|20)?)([0-9]{{2}})\b"
        rf"(?![.,/:]?[0-9])(?!\s*(?:{spellings})\b)"
    )


def _month_and_year(match: re.Match) -> str:
    return f"{match.group(1)} {match.group(2) or '20'}{match.group(3)}"


def normalise(text: str) -> str:
    """Space out every separator so each one is a token of its own, whatever the tokenizer keeps."""
    text = unicodedata.normalize("NFKC", text)
    text = _WRAPPED_WORD_RE.sub(_rejoin_wrapped_month, text)
    text = _month_short_year_re().sub(_month_and_year, text)
    text = _GLUED_NUMERAL_RE.sub(r"\1 ", text)
    text = _GLUED_QUARTER_RE.sub(r"\1 \2", text)
    text = _SPLIT_SD_RE.sub("s.d", text)
    text = _DASH_RE.sub(" - ", text)
    text = _SEPARATOR_RE.sub(r" \1 ", text)
    return _LETTER_DIGIT_RE.sub(" ", text)


def _shown(text: str) -> str:
    """The text on one line, for a warning."""
    return " ".join(text.split())


# ---------------------------------------------------------------- matcher


def _phrase_pattern(phrase: str) -> list[dict]:
    """A vocabulary phrase as token patterns, tokenized exactly like the text it must match."""
    doc = blank().make_doc(normalise(str(phrase)))
    return [{"LOWER": token.lower_} for token in doc if not token.is_space]


def _digits(number: int) -> dict:
    """A token that writes ``number`` in digits, with or without a leading zero ("3", "03")."""
    return {"LOWER": {"IN": sorted({str(number), f"{number:02d}"})}}


def _after(prefixes, number: dict) -> list[list[dict]]:
    """``number`` after each prefix, a dash between them allowed ("ke-3", "B-03"). Never a bare
    dash before a number: "TW I - 3" is a range."""
    return [_phrase_pattern(prefix) + [{"ORTH": "-", "OP": "?"}, number] for prefix in prefixes]


# The white space tokens that normalise() leaves where a separator had spaces around it ("1 - 5"),
# and a connector's own dot ("1 s/d. 5 Mei").
_SPACES = {"IS_SPACE": True, "OP": "*"}
_DOT = {"ORTH": ".", "OP": "?"}


def _flat(by_number: dict) -> list[str]:
    return [str(spelling) for spellings in by_number.values() for spelling in spellings]


def warm_up() -> None:
    """Build the matcher (and spaCy with it) before the first schedule needs it."""
    _matcher()


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    from spacy.matcher import Matcher

    words = vocab.load("schedule.yaml")
    matcher = Matcher(blank().vocab)

    def add(key: str, phrases) -> None:
        matcher.add(key, [_phrase_pattern(phrase) for phrase in phrases])

    day = {"TEXT": {"REGEX": words["day_pattern"]}}
    connectors = [_phrase_pattern(connector) for connector in words["range_connectors"]]
    # "4, 5 dan 6 Mei": one-token list connectors between days (", dan" is two of them)
    one_token = [re.escape(str(c)) for c in words["list_connectors"] if " " not in str(c)]
    listed: dict[str, Any] = {
        "TEXT": {"REGEX": rf"(?i)^(?:{'|'.join(one_token)}|\s+)$"},
        "OP": "+",
    }
    day_lists: list[list[dict[str, Any]]] = [
        [day, *[token for _ in range(n - 1) for token in (listed, day)]]
        for n in range(2, DAY_LIST_MAX + 1)
    ]
    for number, spellings in vocab.load("months.yaml").items():
        months = [_phrase_pattern(spelling) for spelling in spellings]
        matcher.add(f"MONTH:{int(number)}", months)
        matcher.add(f"DATE:{int(number)}", [[day] + month for month in months])
        day_spans: list[list[dict[str, Any]]] = [
            [day, _SPACES, *connector, _DOT, _SPACES, day, *month]
            for connector in connectors
            for month in months
        ]
        day_spans += [days + month for days in day_lists for month in months]
        matcher.add(f"DAYS:{int(number)}", day_spans)
    for number, spellings in words["ordinals"].items():
        add(f"ORDINAL:{int(number)}", spellings)
    for number in range(1, 13):
        matcher.add(
            f"DURATION:{number}",
            [[_digits(number), *_phrase_pattern(unit)] for unit in words["duration_units"]],
        )
    for number in range(1, 13):
        # Digits under the ORDINAL key too: "ke 3", matched as a phrase and as digits, is one label.
        digits = _digits(number)
        matcher.add(f"ORDINAL:{number}", [[digits]] + _after(words["number_prefixes"], digits))
        matcher.add(f"MONTH_NUMBER:{number}", _after(words["month_number_prefixes"], digits))
    week_numbers = [_phrase_pattern(o) for o in _flat(words["ordinals"]) + words["week_ordinals"]]
    for number in range(1, 6):
        week_numbers += [[_digits(number)]] + _after(words["number_prefixes"], _digits(number))
    matcher.add(
        "WEEK", [_phrase_pattern(word) + n for word in words["week_words"] for n in week_numbers]
    )
    add("QUARTER_WORD", words["quarter_words"])
    add("SEMESTER_WORD", words["semester_words"])
    add("RANGE", words["range_connectors"])
    add("LIST", words["list_connectors"])
    add("PERIOD_LIST", words["period_list_connectors"])
    add("EVERY:month", words["every_month"])
    add("EVERY:quarter", words["every_quarter"])
    add("EVERY:semester", words["every_semester"])
    add("YEARLY", words["every_year"])
    add("FILLER", words["fillers"])
    add("WITHIN", words["month_parts"])
    add("BEFORE_DATE", words["weekdays"] + words["date_words"])
    year = {"TEXT": {"REGEX": words["year_pattern"]}}
    matcher.add(
        "YEAR", [[year]] + [_phrase_pattern(prefix) + [year] for prefix in words["year_prefixes"]]
    )
    return matcher


@lru_cache(maxsize=1)
def _punctuation() -> frozenset[str]:
    return frozenset(vocab.load("schedule.yaml")["punctuation"])


class _Unreadable(Exception):
    """The text is not a schedule we can read without guessing; ``args[0]`` says why, and
    ``args[1]`` is the unknown word, if that was the trouble."""


def _atoms(doc: Doc) -> list[tuple[str, str, Span]]:
    """The matched vocabulary in text order as (kind, value, span), value "" where the kind has
    none; fillers dropped.

    Raises _Unreadable at the first token outside the vocabulary.
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    matcher = _matcher()
    strings = doc.vocab.strings
    found = [Span(doc, start, end, label=key) for key, start, end in matcher(doc)]
    # A week's number is no day: "Minggu ke 2 dan 4 Januari" holds weeks, not days "2 dan 4".
    weeks = filter_spans([span for span in found if strings[span.label] == "WEEK"])
    taken = {i for span in weeks for i in range(span.start, span.end)}
    spans = weeks + filter_spans(
        [span for span in found if not taken & set(range(span.start, span.end))]
    )
    covered = {i for span in spans for i in range(span.start, span.end)}
    for token in doc:
        if token.is_space or token.text in _punctuation() or token.i in covered:
            continue
        raise _Unreadable(f"unknown word '{token.text}'", token.text)
    atoms = []
    for span in sorted(spans, key=lambda s: s.start):
        kind, _, value = strings[span.label].partition(":")
        if kind != "FILLER":
            atoms.append((kind, value, span))
    return atoms


# ---------------------------------------------------------------- grammar


@dataclass(slots=True)
class _Point:
    unit: (
        str  # "month" | "quarter" | "semester" | "year" (every month) | "quarters" (every quarter)
    )
    number: int = 0
    year: Optional[int] = None
    days: tuple[int, ...] = ()  # "2-3 Mei": a range's two ends in one month keep their order

    @property
    def first_month(self) -> int:
        first = {
            "month": self.number,
            "quarter": 3 * self.number - 2,
            "semester": 6 * self.number - 5,
        }
        return first.get(self.unit, 1)

    @property
    def last_month(self) -> int:
        last = {"month": self.number, "quarter": 3 * self.number, "semester": 6 * self.number}
        return last.get(self.unit, 12)


@dataclass(slots=True)
class _Item:
    start: _Point
    end: Optional[_Point] = None  # set for a range

    @property
    def points(self) -> list[_Point]:
        return [self.start] if self.end is None else [self.start, self.end]


_NUMBERED_UNIT = {"QUARTER_WORD": "quarter", "SEMESTER_WORD": "semester"}
_EVERY_UNIT = {"month": "year", "semester": "year", "quarter": "quarters"}
_HIGHEST = {"quarter": 4, "semester": 2, "month": 12}
# A leap year, so that "29 Februari" is a day of its month whatever the year.
_LEAP_YEAR = 2000


def _read_items(atoms: list[tuple[str, str, Span]]) -> list[_Item]:
    items: list[_Item] = []
    numbered_unit: Optional[str] = None  # the quarter/semester/month unit bare ordinals continue
    awaiting_number: Optional[str] = None  # a quarter/semester word still waiting for its number
    awaiting_month: Optional[str] = None  # a week ("Minggu ke-2") still waiting for its month
    week_list = False  # a week's number, or a connector between two, last ("Minggu ke-2 dan 4")
    awaiting_date: Optional[str] = None  # "Senin", "tanggal" still waiting for its date
    yearly = False
    open_range = False
    chain = False  # a range's end continued by another dash ("Juli-Agustus-September")
    stepped: Optional[_Item] = None  # the last range, when it runs month by month
    after_point = False
    listed_unit: Optional[str] = None  # the period kind a "/" lists ("Semester I/II")
    for index, (kind, value, span) in enumerate(atoms):
        following = atoms[index + 1][0] if index + 1 < len(atoms) else None
        if awaiting_number and span.text in ("-", "/") and kind in ("RANGE", "PERIOD_LIST"):
            continue  # "TW-II", "TW/III": the mark joins the word to its number
        if awaiting_number and kind != "ORDINAL":
            raise _Unreadable(f"no number after '{awaiting_number}'")
        if awaiting_month and week_list and kind in ("LIST", "RANGE"):
            week_list = False  # more weeks of the same month: "Minggu I dan III Mei"
            continue
        if awaiting_month and not week_list and kind in ("ORDINAL", "WEEK", "DATE"):
            number = int(span[0].text) if kind == "DATE" else int(value) if kind == "ORDINAL" else 1
            if number > WEEKS_IN_MONTH:
                raise _Unreadable(f"no week {number} in a month")
            if kind == "DATE":  # "… dan 4 Januari": the last week and its month
                awaiting_month = None
            else:
                week_list = True
                continue
        elif awaiting_month and not (
            week_list and (kind == "MONTH" or (kind == "EVERY" and value == "month"))
        ):  # "Minggu ke-4 setiap bulan": that week of every month
            raise _Unreadable(f"no month after '{awaiting_month}'")
        if awaiting_date and kind == "LIST" and span.text == ",":
            continue  # "Senin, 4 Mei"
        if awaiting_date and kind not in ("DATE", "DAYS"):
            raise _Unreadable(f"no date after '{awaiting_date}'")
        if kind == "WITHIN":  # "Akhir Maret": a part of the month after it
            numbered_unit, awaiting_month, week_list, after_point = None, span.text, True, False
            continue
        if kind == "BEFORE_DATE":  # "Senin, 4 Mei", "tanggal 17 Agustus": the date after it
            numbered_unit, awaiting_date, after_point = None, span.text, False
            continue
        if kind == "YEARLY":  # names no month: harmless beside one, unreadable alone (below)
            yearly, numbered_unit, after_point = True, None, False
            continue
        if (
            kind == "WEEK"
            and after_point
            and not open_range
            and items[-1].end is None
            and items[-1].start.unit == "month"
            and following in (None, "LIST")
        ):
            continue  # "Agustus minggu ke-3", "Maret (Minggu ke-2)": a week of the month before
        if kind == "WEEK":  # schedules resolve to months: a week schedules the month after it
            numbered_unit, awaiting_month, week_list, after_point = None, span.text, True, False
            continue
        if kind in _NUMBERED_UNIT:
            numbered_unit, awaiting_number, after_point = _NUMBERED_UNIT[kind], span.text, False
            continue
        if kind == "YEAR":
            last = items[-1].points[-1] if items else None
            if not after_point or last is None or last.year is not None:
                raise _Unreadable(f"year '{span.text}' not after a month or period")
            last.year = int(span[-1].text)
            continue
        if kind == "RANGE":
            if after_point and stepped is not None and items[-1] is stepped:
                # "Juli-Agustus-September": a chain of months reads only where each follows the
                # one before (a range and a list then agree); "Januari-Maret-Juni" stays unread.
                chain, open_range, after_point = True, True, False
                continue
            if not after_point or items[-1].end is not None:
                raise _Unreadable(f"range '{span.text}' without a start")
            open_range, after_point = True, False
            continue
        if kind == "LIST":
            if open_range:
                raise _Unreadable(f"range without an end before '{span.text}'")
            after_point = False
            continue
        if kind == "PERIOD_LIST":
            if open_range or not after_point or numbered_unit not in ("quarter", "semester"):
                raise _Unreadable(f"'{span.text}' not between numbers of one kind of period")
            listed_unit, after_point = numbered_unit, False
            continue
        if kind == "MONTH":
            point, numbered_unit, awaiting_month = _Point("month", int(value)), None, None
        elif kind == "MONTH_NUMBER":  # "B03", "Bulan ke-3": later bare numbers are months too
            point, numbered_unit = _Point("month", int(value)), "month"
        elif kind in ("DATE", "DAYS"):  # "17 Januari", "2-3 Mei", "4, 5 dan 6 Mei": their month
            days = _checked_days(span, int(value))
            point, numbered_unit, awaiting_date = _Point("month", int(value), days=days), None, None
        elif kind == "ORDINAL":
            if numbered_unit is None:
                raise _Unreadable(f"number '{span.text}' without a quarter, semester or month word")
            if int(value) > _HIGHEST[numbered_unit]:
                raise _Unreadable(f"no {numbered_unit} {value}")
            point, awaiting_number = _Point(numbered_unit, int(value)), None
        elif kind == "EVERY":
            point, numbered_unit, awaiting_month = _Point(_EVERY_UNIT[value]), None, None
        else:  # a vocabulary kind this grammar does not know: a data error, not a guess
            raise _Unreadable(f"unexpected '{span.text}'")
        if listed_unit is not None and point.unit != listed_unit:
            raise _Unreadable("'/' not between numbers of one kind of period")
        listed_unit = None
        if open_range and chain:
            link = _Item(items[-1].end or items[-1].start, point)
            if point.unit != "month" or not _one_step(link):
                raise _Unreadable("a chain of months that skips a month")
            items[-1].end, open_range, chain = point, False, False
            stepped = items[-1]
        elif open_range:
            start = items[-1].start
            if start.unit != point.unit or point.unit in ("year", "quarters"):
                raise _Unreadable("range between different kinds of period")
            items[-1].end, open_range = point, False
            stepped = items[-1] if _one_step(items[-1]) else None
        else:
            items.append(_Item(point))
        after_point = True
    if listed_unit is not None:
        raise _Unreadable("no number after '/'")
    if awaiting_number:
        raise _Unreadable(f"no number after '{awaiting_number}'")
    if awaiting_month:
        raise _Unreadable(f"no month after '{awaiting_month}'")
    if awaiting_date:
        raise _Unreadable(f"no date after '{awaiting_date}'")
    if open_range:
        raise _Unreadable("range without an end")
    if not items and yearly:
        raise _Unreadable("a yearly recurrence names no month")
    if not items:
        raise _Unreadable("no month or period")
    named = [item for item in items if item.start.unit not in ("year", "quarters")]
    if len(named) < len(items) and named:
        # "Setiap bulan (Januari - Juni)": how often within the one range named. "Setiap bulan
        # Januari" (every January, or every month and January?) and the like stay unread.
        if len(named) > 1 or named[0].end is None:
            raise _Unreadable("'every' phrase combined with other periods")
        return named
    return items


def _one_step(item: _Item) -> bool:
    """A range of two months in a row, both undated and without days ("Juli-Agustus")."""
    start, end = item.start, item.end
    return (
        end is not None
        and start.unit == end.unit == "month"
        and end.number == start.number + 1
        and start.year is None
        and end.year is None
        and not start.days
        and not end.days
    )


def _checked_days(span: Span, month: int) -> tuple[int, ...]:
    """The days before a month ("17 Januari", "2-3 Mei"): days of that month, in order."""
    days = tuple(int(token.text) for token in span if token.text.isdigit())
    length = calendar.monthrange(_LEAP_YEAR, month)[1]
    if max(days) > length:
        raise _Unreadable(f"no day {max(days)} in month {month}")
    if list(days) != sorted(days):
        raise _Unreadable("range runs backwards")
    return days


def _date_points(items: list[_Item], plan_year: Optional[int]) -> None:
    """Give every point a year (see the module docstring); None only when nothing is dated."""
    for item in items:
        if item.end is None:
            continue
        start, end = item.start, item.end
        if start.year is None and end.year is not None:
            start.year = end.year if start.first_month <= end.first_month else end.year - 1
        elif end.year is None and start.year is not None:
            end.year = start.year if end.first_month >= start.first_month else start.year + 1
    points = [point for item in items for point in item.points]
    following: Optional[int] = None
    for point in reversed(points):
        if point.year is None:
            point.year = following
        else:
            following = point.year
    previous: Optional[int] = None
    for point in points:
        if point.year is None:
            point.year = previous if previous is not None else plan_year
        else:
            previous = point.year


_NOTIONAL_YEAR = 0  # stands for "the plan year" when neither the text nor the caller dates it


def _interpret(items: list[_Item], plan_year: Optional[int]) -> tuple[set[int], set[int]]:
    """Month and quarter indices counted from year 0 (index = year * 12 + month - 1)."""
    _date_points(items, plan_year)
    months: set[int] = set()
    quarters: set[int] = set()
    for item in items:
        start, end = item.start, item.end or item.start
        start_year = _NOTIONAL_YEAR if start.year is None else start.year
        end_year = _NOTIONAL_YEAR if end.year is None else end.year
        first = start_year * 12 + start.first_month - 1
        last = end_year * 12 + end.last_month - 1
        same_month = first == last and start.days and end.days
        if last < first or (same_month and end.days[-1] < start.days[0]):
            raise _Unreadable("range runs backwards")
        months.update(range(first, last + 1))
        if start.unit == "quarter":
            quarters.update(range(start_year * 4 + start.number - 1, end_year * 4 + end.number))
        elif start.unit == "quarters":
            quarters.update(range(start_year * 4, start_year * 4 + 4))
    return months, quarters


def corrected_month(word: str) -> Optional[str]:
    """The month name ``word`` misspells by one letter, if exactly one month is that close, also
    after one of OCR's letter confusions is undone ("Januan": "ri" read "n"). Pure."""
    if len(word) < MIN_CORRECTED_LENGTH:
        return None
    near = months_near(word, MIN_CORRECTED_LENGTH)
    if len(near) != 1:
        return None
    name = str(vocab.load("months.yaml")[near.pop()][0])  # the first spelling is the standard name
    return name.capitalize() if word[:1].isupper() else name


def months_near(word: str, min_length: int = 1) -> set[int]:
    """The months with a spelling of at least ``min_length`` letters that ``word`` misses by one
    letter, or else spells once one of OCR's letter confusions is undone. Pure."""
    from rapidfuzz.distance import Levenshtein

    folded = word.lower()
    if not folded.isalpha():
        return set()
    spellings = [
        (spelling, number)
        for spelling, number in vocab.month_spellings().items()
        if len(spelling) >= min_length
    ]
    near = {
        number
        for spelling, number in spellings
        if Levenshtein.distance(folded, spelling, score_cutoff=1) <= 1
    }
    if not near:
        undone = _ocr_confusions_undone(folded)
        near = {number for spelling, number in spellings if spelling in undone}
    return near


def _ocr_confusions_undone(word: str) -> set[str]:
    """``word`` with one of OCR's letter confusions (schedule.yaml ``ocr_confusions``) undone, at each place."""
    out = set()
    for read, meant in vocab.load("schedule.yaml")["ocr_confusions"]:
        start = word.find(read)
        while start >= 0:
            out.add(word[:start] + meant + word[start + len(read) :])
            start = word.find(read, start + 1)
    return out


@lru_cache(maxsize=8192)
def _parse_cached(text: str, plan_year: Optional[int]) -> tuple[tuple, tuple, tuple, tuple, tuple]:
    if not text.strip():
        return (), (), (), (), ()
    shown = _shown(text)
    normalised, corrections = normalise(text), list[str]()
    while True:
        try:
            atoms = _atoms(blank().make_doc(normalised))
            items = _read_items([atom for atom in atoms if atom[0] != "DURATION"])
            months, quarters = _interpret(items, plan_year)
            for kind, value, span in atoms:
                if kind == "DURATION" and int(value) != len(months):
                    raise _Unreadable(f"'{span.text}' is not the {len(months)} months named")
            break
        except _Unreadable as why:
            word = why.args[1] if len(why.args) > 1 else ""
            # A word outside the vocabulary may be a month one letter off ("Apnil") or a quarter
            # numeral in OCR's look-alike glyphs ("Triwulan | - IV"); the parse must then succeed.
            meant = corrected_month(word) or roman_lookalike(word)
            if meant is None or len(corrections) == MAX_CORRECTIONS:
                return (), (), (), (f"{NOT_UNDERSTOOD}: '{shown}' ({why.args[0]})",), ()
            normalised = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", meant, normalised, count=1)
            corrections.append(f"read '{word}' as '{meant}' in '{shown}'")
    years = {index // 12 for index in months}
    year = plan_year
    if year is None:
        if len(years) > 1:
            return (
                (),
                (),
                tuple(_periods(months)),
                (
                    f"{NOT_UNDERSTOOD}: '{shown}' (spans several years and the plan year is unknown)",
                ),
                (),
            )
        year = next(iter(years))
    in_year = tuple(sorted(index % 12 + 1 for index in months if index // 12 == year))
    in_year_quarters = tuple(sorted(index % 4 + 1 for index in quarters if index // 4 == year))
    periods = tuple(_periods(months)) if years != {year} else ()
    warnings = () if in_year else (f"{OUTSIDE_PLAN_YEAR} {year}: '{shown}'",)
    return in_year, in_year_quarters, periods, warnings, tuple(corrections)


def _periods(months: set[int]) -> list[str]:
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in sorted(months)]


def parse(text: str, plan_year: Optional[int] = None) -> Schedule:
    """The printed schedule as months of ``plan_year`` (see the module docstring for the rules).

    Empty text gives an empty Schedule without a warning: the records stage reports it.
    """
    months, quarters, periods, warnings, corrections = _parse_cached(text or "", plan_year)
    return Schedule(list(months), list(quarters), list(periods), list(warnings), list(corrections))


# ---------------------------------------------------------------- grid helpers

_HEADER_NOISE_RE = re.compile(r"[\s.\-\u00ad]")


def _header_key(text: str) -> str:
    """Header text without spaces, dots and hyphens: "Ja n" (split by a wrap) reads "jan"."""
    return _HEADER_NOISE_RE.sub(
        "", _DASH_RE.sub("-", unicodedata.normalize("NFKC", text or ""))
    ).lower()


# A month label with its year, as a spreadsheet prints it ("Jan-24", "Januari 2024"), keyed.
_DATED_LABEL_RE = re.compile(r"([^\W\d_]+)((?:19|20)?[0-9]{2})")


def dated_month_label(text: str) -> Optional[tuple[int, int]]:
    """A month grid's header with its year ("Jan-24", "Mei 2024") as (month, year), else None."""
    match = _DATED_LABEL_RE.fullmatch(_header_key(text))
    month = vocab.month_spellings().get(match.group(1)) if match else None
    if match is None or month is None:
        return None
    year = match.group(2)
    return month, int(year) if len(year) == 4 else 2000 + int(year)


def month_from_header(text: str, numbered: bool = False) -> Optional[int]:
    """A month grid's column header ("Jan", "Ja n", "Peb", "Agt.", "Jan-24") as its month; the
    year a header may carry is ``dated_month_label``'s.

    "1".."12" count only with ``numbered=True``, i.e. when the caller knows the parent header is a
    month header: elsewhere a digit row is the table's column numbering, not months.
    """
    key = _header_key(text)
    if key.isdigit():
        number = int(key)
        return number if numbered and 1 <= number <= 12 else None
    month = vocab.month_spellings().get(key)
    if month is None and (dated := dated_month_label(text)):
        return dated[0]
    return month


@lru_cache(maxsize=1)
def _calendar_label_re() -> re.Pattern:
    words = vocab.load("schedule.yaml")
    prefixes = sorted(
        {_header_key(str(p)) for p in words["week_words"] + words["week_label_prefixes"]},
        key=len,
        reverse=True,
    )
    week = "|".join(re.escape(p) for p in prefixes)
    return re.compile(
        rf"^(?:(?:{week})(?:ke)?[1-5]|(?:{week})?(?:i|ii|iii|iv|v)|0?[1-9]|[12]\d|3[01])$"
    )


def is_calendar_label(text: str) -> bool:
    """A calendar grid's sub-header under a month: a week ("1", "III", "M2", "Minggu 4") or a
    date ("25")."""
    return bool(_calendar_label_re().match(_header_key(text)))


@lru_cache(maxsize=1)
def _weekday_labels() -> frozenset[str]:
    words = vocab.load("schedule.yaml")
    labels = words["weekdays"] + words["weekday_labels"] + words["week_words"][:1]
    return frozenset(_header_key(str(w)) for w in labels)


def is_weekday_label(text: str) -> bool:
    """A day's name in a daily calendar's header, under its date ("Sen", "Senin", "S")."""
    return _header_key(text) in _weekday_labels()


@lru_cache(maxsize=2)
def _period_header_re(kind: str) -> re.Pattern:
    """A grid header naming one quarter or half ("TW I", "Semester 2"): ``kind``'s words
    (schedule.yaml ``quarter_words`` / ``semester_words``) and an ordinal up to its highest."""
    words = vocab.load("schedule.yaml")

    def alternatives(phrases) -> str:
        keys = sorted({_header_key(str(phrase)) for phrase in phrases}, key=len, reverse=True)
        return "|".join(re.escape(key) for key in keys)

    ordinal_groups = "".join(
        f"(?P<n{int(number)}>{alternatives(spellings)})|"
        for number, spellings in words["ordinals"].items()
        if int(number) <= _HIGHEST[kind]
    )
    return re.compile(
        f"^(?:{alternatives(words[f'{kind}_words'])})(?:{ordinal_groups.rstrip('|')})$"
    )


def _period_from_header(kind: str, text: str) -> Optional[int]:
    match = _period_header_re(kind).match(_header_key(text))
    if not match:
        return None
    return next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)


def quarter_from_header(text: str) -> Optional[int]:
    """A quarter grid's column header ("TW I", "Triwulan II", "Q3", "TW 4", "Kuartal I") as its quarter.

    A bare "I".."IV" is not enough (it may be a row number): join it to its parent header first.
    """
    return _period_from_header("quarter", text)


def semester_from_header(text: str) -> Optional[int]:
    """A half-year grid's column header ("Semester I", "Smt 2", "Semester Kedua") as its half."""
    return _period_from_header("semester", text)


_NUMBER_MARK_RE = re.compile(r"^(\d+(?:[.,]\d+)*)\s*%?(?:\s*[^\W\d_][\w\s./()-]*)?$")


def is_mark(text: str) -> bool:
    """Whether a grid cell marks its month or quarter: a tick or a non-zero number ("1", "25%")."""
    cell = unicodedata.normalize("NFKC", text or "").strip().rstrip(".")
    if not cell:
        return False
    if is_tick(cell):
        return True
    if len(set(cell.replace(" ", ""))) == 1 and cell[0] in _grid_marks():
        return True  # the mark twice ("√√", "X X"): two sessions in the month
    match = _NUMBER_MARK_RE.match(cell)
    if not match:
        return False
    return any(digit != "0" for digit in match.group(1) if digit.isdigit())


def is_tick(text: str) -> bool:
    """A grid cell holding a mark of the vocabulary ("√", "X", "●"; schedule.yaml grid_marks),
    not a number."""
    return unicodedata.normalize("NFKC", text or "").strip().rstrip(".") in _grid_marks()


@lru_cache(maxsize=1)
def _grid_marks() -> frozenset[str]:
    return frozenset(
        unicodedata.normalize("NFKC", mark) for mark in vocab.load("schedule.yaml")["grid_marks"]
    )
