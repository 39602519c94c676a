"""The header vocabulary: which role a column's header names (vocab/columns.yaml).

Pure functions of text; used by the table finders, the grid reader and the OCR engine alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.process import extractOne

from rencana import vocab
from rencana.core import geometry
from rencana.core.roles import Role
from rencana.core.types import Word
from rencana.stages.schedule import month_from_header, quarter_from_header, semester_from_header

# text is a body cell that happens to start with the word ("Kegiatan kick off …").
HEADER_PREFIX_EXTRA = 24

# ---------------------------------------------------------------- header vocabulary


@lru_cache(maxsize=1 << 16)  # pure in the text; asked of every word of a page, many times
def fold_header(text: str) -> str:
    """Lower case without white space or punctuation: wraps in narrow header cells vanish."""
    return re.sub(r"[\W_]+", "", (text or "").lower())


@dataclass(frozen=True)
class ColumnVocab:
    synonyms: tuple[tuple[str, Role], ...]  # (folded synonym, role), longest first
    fuzzy_min: float
    tight_roles: frozenset[str]
    grid_parents: tuple[str, ...]
    column_number_row_min: int
    second_roles: dict[str, Role]
    month_parents: tuple[str, ...] = ()
    open_endings: frozenset[str] = frozenset()
    open_heads: frozenset[str] = frozenset()
    open_frames: frozenset[str] = frozenset()
    head_prefixes: tuple[str, ...] = ()
    head_suffixes: tuple[str, ...] = ()
    head_words: frozenset[str] = frozenset()
    open_marks: str = ""
    banner_labels: tuple[str, ...] = ()
    # A stacked hierarchy column's levels, top-down: (name, opening words, is the area).
    stacked_levels: tuple[tuple[str, tuple[str, ...], bool], ...] = ()
    bold_fonts: tuple[str, ...] = ()
    value_parents: tuple[str, ...] = ()
    price_headers: tuple[str, ...] = ()
    not_roles: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def column_vocab() -> ColumnVocab:
    data = vocab.load("columns.yaml")
    pairs = {fold_header(s): Role(role) for role, words in data["roles"].items() for s in words}
    return ColumnVocab(
        synonyms=tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0]))),
        fuzzy_min=float(data.get("fuzzy_min", 88)),
        tight_roles=frozenset(data.get("tight_roles", [])),
        grid_parents=tuple(
            sorted({fold_header(s) for s in data.get("grid_parents", [])}, key=len, reverse=True)
        ),
        column_number_row_min=int(data.get("column_number_row_min", 3)),
        second_roles={k: Role(v) for k, v in (data.get("second_roles") or {}).items()},
        month_parents=tuple(fold_header(str(w)) for w in data.get("month_parents", [])),
        open_endings=frozenset(str(w).lower() for w in data.get("open_endings", [])),
        open_heads=frozenset(str(w).lower() for w in data.get("open_heads", [])),
        open_frames=frozenset(
            " ".join(str(w).lower().split()) for w in data.get("open_frames", [])
        ),
        head_prefixes=tuple(
            str(w).lower() for w in (data.get("phrase_heads") or {}).get("prefixes", [])
        ),
        head_suffixes=tuple(
            str(w).lower() for w in (data.get("phrase_heads") or {}).get("suffixes", [])
        ),
        head_words=frozenset(
            str(w).lower() for w in (data.get("phrase_heads") or {}).get("words", [])
        ),
        open_marks="".join(data.get("open_marks", [])),
        banner_labels=tuple(str(w).lower() for w in data.get("banner_labels", [])),
        stacked_levels=tuple(
            (
                str(level["name"]),
                tuple(str(w).lower() for w in level.get("words", [])),
                bool(level.get("area")),
            )
            for level in data.get("stacked_levels", [])
        ),
        bold_fonts=tuple(str(w).lower() for w in data.get("bold_fonts", [])),
        value_parents=tuple(fold_header(str(w)) for w in data.get("value_parents", [])),
        price_headers=tuple(fold_header(str(w)) for w in data.get("price_headers", [])),
        not_roles=tuple(fold_header(str(w)) for w in data.get("not_roles", [])),
    )


@lru_cache(maxsize=16384)  # pure in the text; the quality verdict asks it of every line of text
def role_of_header(text: str) -> Optional[Role]:
    """A header cell's role: a named role, a month, quarter or half, ``PARENT`` (over a grid) or
    None."""
    folded = fold_header(text)
    if not folded:
        return None
    month = month_from_header(text)
    if month:
        return Role.month(month)
    if period := period_of_header(text):
        return period
    if period := period_after_target(text):
        return period
    words = column_vocab()
    for synonym, role in words.synonyms:
        if folded == synonym:
            return role
    if text.strip()[:1].islower() and len(text.split()) >= 3:
        return None  # a phrase of body text ("program dan anggaran …"): headers open capitalised
    if "/" in text and (alternative := role_of_alternatives(text)):
        return alternative
    if folded in words.grid_parents:  # exactly a parent: "Pelaksanaan" is not "Pelaksana" (pic)
        return Role.PARENT
    if any(folded.startswith(other) for other in words.not_roles):
        return None  # "Sumber Data" is one letter from "Sumber Dana" (budget) but another column
    for (
        synonym,
        role,
    ) in words.synonyms:  # "Waktu Pelaksanaan Tahun 2023", "Indikator Keberhasilan (Output)"
        if (
            len(synonym) >= 5
            and folded.startswith(synonym)
            and len(folded) - len(synonym) <= HEADER_PREFIX_EXTRA
        ):
            return role
    if len(folded) >= 4:
        # the first synonym of the highest ratio, as max() over the pairs would give
        best = extractOne(folded, _synonym_texts(), scorer=fuzz.ratio, score_cutoff=words.fuzzy_min)
        if best is not None:
            return words.synonyms[best[2]][1]
    if any(
        folded.startswith(parent) and len(folded) - len(parent) <= HEADER_PREFIX_EXTRA
        for parent in words.grid_parents
    ):  # "Waktu Pelaksanaan Tahun 2023"; "Pelaksanaan Monitoring pemanfaatan …" is body text
        return Role.PARENT
    return None


def period_of_header(text: str) -> Optional[Role]:
    """A quarter's or a half's grid column header ("TW I", "Semester II") as its role."""
    if quarter := quarter_from_header(text):
        return Role.quarter(quarter)
    if half := semester_from_header(text):
        return Role.semester(half)
    return None


def period_after_target(text: str) -> Optional[Role]:
    """A month, quarter or half named after a target or a grid's parent in one header cell
    ("Target TW I", "Target Semester II", "Waktu Jan"): the grid's column, as the same words on two
    header rows read ("Target" over "TW I"), not a second target column."""
    words = text.split()
    for start in range(max(1, len(words) - 2), len(words)):  # a label of one or two words
        tail = " ".join(words[start:])
        # a month by its name only: "2-3 Mei" under "Waktu" is a body row's schedule
        month = month_from_header(tail) if not any(ch.isdigit() for ch in tail) else None
        period = Role.month(month) if month else period_of_header(tail)
        head = " ".join(words[:start])
        # "Waktu 2-3" + "Mei", "Jadwal TW I s.d." + "TW IV": a parent's text joined to a body
        # cell's schedule (a date, a range of periods)
        if any(ch.isdigit() for ch in head) or names_a_period(words[:start]):
            continue
        named = role_of_header(head)
        if period and named in (Role.TARGET, Role.PARENT, Role.SCHEDULE):
            return period
    return None


def names_a_period(words: Sequence[str]) -> bool:
    """Some of the words name a month or a quarter ("Februari", "TW I", "Triwulan II")."""
    pairs = (" ".join(words[i : i + 2]) for i in range(len(words)))
    return any(map(month_from_header, words)) or any(map(quarter_from_header, pairs))


@lru_cache(maxsize=1)
def _generic_headers() -> frozenset[str]:
    return frozenset(fold_header(str(w)) for w in vocab.load("columns.yaml")["generic_headers"])


def is_generic_header(text: str) -> bool:
    """A header that only says its column describes the rows ("Uraian"): a parent header over it
    names the column's role (vocab/columns.yaml generic_headers)."""
    return fold_header(text) in _generic_headers()


def parents_periods(header: str) -> bool:
    """A grid parent over the periods of a year: quarters ("Triwulan", "Target per Triwulan")
    or months ("Bulan"); a "Tahun" over a report's years is not one."""
    return any(quarter_from_header(f"{word} I") for word in header.split()) or (
        names_month_numbers(header)
    )


def names_month_numbers(header: str) -> bool:
    """A header saying its numbers are months: it opens with a month parent's words ('Bulan',
    'Bulan ke-', vocab/columns.yaml month_parents) or ends with them ('Waktu (Bulan ke-)')."""
    folded = fold_header(header)
    parents = column_vocab().month_parents
    return any(folded.startswith(p) or folded.endswith(p) for p in parents)


@lru_cache(maxsize=1)
def _period_words() -> dict[str, frozenset[str]]:
    """Quarter and semester words of the schedule vocabulary, two letters or longer ('q' alone in
    a header is no quarter)."""
    words = vocab.load("schedule.yaml")
    return {
        period: frozenset(fold_header(str(w)) for w in words[key] if len(fold_header(str(w))) > 1)
        for period, key in (("Triwulan", "quarter_words"), ("Semester", "semester_words"))
    }


def numbers_period(header: str) -> Optional[str]:
    """What a schedule column's bare numbers count, by its header: "Bulan ke-" ('Waktu (Bulan
    ke-)'), "Triwulan" ('Waktu (Triwulan)', 'Target Waktu (TW)'), "Semester" ('Jadwal
    (Semester)'), else None."""
    if names_month_numbers(header):
        return "Bulan ke-"
    words = set(re.findall(r"[^\W\d_]+", (header or "").lower()))
    folded = fold_header(header)  # "Tri wulan" as one word
    for period, period_words in _period_words().items():
        if words & period_words or any(folded.endswith(word) for word in period_words):
            return period
    return None


@lru_cache(maxsize=1)
def _schedule_bounds() -> dict[str, tuple[str, ...]]:
    data = vocab.load("columns.yaml").get("schedule_bounds") or {}
    return {bound: tuple(fold_header(str(w)) for w in words) for bound, words in data.items()}


def schedule_bound(header: str) -> Optional[str]:
    """'start' or 'end' for a schedule column's header ending in a bound's word ("Mulai",
    "Waktu Pelaksanaan Selesai"), else None (vocab/columns.yaml schedule_bounds)."""
    folded = fold_header(header)
    for bound, words in _schedule_bounds().items():
        if folded and any(folded.endswith(word) for word in words):
            return bound
    return None


@lru_cache(maxsize=1)
def _synonym_texts() -> list[str]:
    return [synonym for synonym, _ in column_vocab().synonyms]


def is_value_parent(text: str) -> bool:
    """A header over figures reported per period ("Realisasi …"), not over a schedule."""
    folded = fold_header(text)
    return any(folded.startswith(p) for p in column_vocab().value_parents)


def names_results(text: str) -> bool:
    """A column header naming results reported ("Realisasi", "Tahun 2021 Realisasi (%)"): its
    table measures a plan (a report's), it does not set one."""
    folded = fold_header(text)
    return any(p in folded for p in column_vocab().value_parents)


def names_prices(text: str) -> bool:
    """A column header naming prices ("Tarif", "Besaran Tarif (Rp)"): its amounts are a tariff
    schedule's, not a plan's budget."""
    folded = fold_header(text)
    return any(folded.startswith(p) for p in column_vocab().price_headers)


def no_plan_companions(headers: Sequence[str]) -> set[Role]:
    """Companion roles a table's headers show to set no plan: targets beside their realisation
    (a report's results), amounts that are prices (a Perda's tariff schedule:
    Jenis Pelayanan | Satuan | Tarif)."""
    out: set[Role] = set()
    if any(names_results(h) for h in headers):
        out.add(Role.TARGET)
    if any(names_prices(h) for h in headers):
        out.add(Role.BUDGET)
    return out


@lru_cache(maxsize=1)
def _plan_companions() -> dict[Role, frozenset[Role]]:
    data = vocab.load("columns.yaml")["plan_companions"]
    return {Role(plan): frozenset(Role(r) for r in roles) for plan, roles in data.items()}


def plan_companions(roles: Iterable[Optional[Role]], headers: Sequence[str] = ()) -> set[Role]:
    """The roles among ``roles`` that make a plan of a table without a schedule, beside the plan
    role they go with (vocab/columns.yaml ``plan_companions``), less those its ``headers`` show
    to set no plan (``no_plan_companions``): empty when the roles make no such plan. Pure."""
    present = {Role(r) for r in roles if r}
    wanted = {
        c for plan, companions in _plan_companions().items() if plan in present for c in companions
    }
    return (present & wanted) - no_plan_companions(headers)


def stacked_level_of_word(folded: str) -> Optional[int]:
    """The stacked level (index, top-down) a folded header word names exactly, or None."""
    for index, (_, words, _) in enumerate(column_vocab().stacked_levels):
        if folded in {fold_header(w) for w in words}:
            return index
    return None


def role_of_alternatives(text: str) -> Optional[Role]:
    """A header naming its column's contents as alternatives split by "/": two or more hierarchy
    levels ("Urusan/Bidang Urusan/Program/Kegiatan") are one column carrying them all
    (``STACKED``); otherwise the one role its parts name ("Indikator Kinerja Program
    (Outcome)/Indikator Kinerja Kegiatan (Output)" → indicator; "Nama Kegiatan / Obyek
    Pemeriksaan": the other part names the same cells in other words)."""
    parts = [part for part in text.split("/") if fold_header(part)]
    if len(parts) < 2:
        return None
    if all(stacked_level_of_word(fold_header(part)) is not None for part in parts):
        return Role.STACKED
    roles = {role_of_header(part) for part in parts} - {None, Role.PARENT}
    return roles.pop() if len(roles) == 1 else None


# A column-number row with gaps (columns left out of a standard form) has at least this many.
GAPPED_NUMBERS_MIN = 5


def is_column_number_row(texts: list[str]) -> bool:
    """'(1) (2) (3) …' under the header: consecutive column numbers. On a scan one of them may
    be misread ("(4)" as "(a)"): three in four, in order, with the rest as short, will do."""
    filled = [t.strip() for t in texts if t.strip()]
    numbers = [re.fullmatch(r"\(?(\d{1,2})\)?", t) for t in filled]
    read = [int(m.group(1)) for m in numbers if m]
    if len(read) < column_vocab().column_number_row_min or len(read) < 0.75 * len(filled):
        return False
    if any(not m and len(t) > 4 for m, t in zip(numbers, filled)):
        return False
    positions = [i for i, m in enumerate(numbers) if m]
    if all(value - read[0] == pos - positions[0] for value, pos in zip(read, positions)):
        return True
    # A form that leaves columns out keeps the numbers of the rest ("2 | 3 | 7 | 8 | 9 | 10 | 14"):
    # a longer row, every cell a number, rising, most of them by one.
    steps = [b - a for a, b in zip(read, read[1:])]
    return (
        len(read) == len(filled) >= GAPPED_NUMBERS_MIN
        and all(step > 0 for step in steps)
        and sum(1 for step in steps if step == 1) * 2 >= len(steps)
    )


# A header phrase has at most this many words ("Hasil yang Diharapkan").
PHRASE_MAX_WORDS = 3


def named_roles(words: list[Word]) -> set[Role]:
    """The column roles the page's words name as one-word headers ('Kegiatan', 'Indikator') or
    as a header phrase of words side by side on a line ('Ukuran Keberhasilan'; a grid parent
    such as 'Target Triwulan' names the schedule)."""
    single_words = _single_word_headers()
    out = {single_words[f] for f in (fold_header(w.text) for w in words) if f in single_words}
    phrases = {parent: Role.SCHEDULE for parent in column_vocab().grid_parents}
    phrases.update(column_vocab().synonyms)
    for start in range(len(words)):
        folded = fold_header(words[start].text)
        for end in range(start + 1, min(start + PHRASE_MAX_WORDS, len(words))):
            left, right = words[end - 1], words[end]
            height = max(left.bottom - left.top, 1.0)
            if abs(right.top - left.top) > 0.3 * height or not 0 <= right.x0 - left.x1 <= height:
                break
            folded += fold_header(right.text)
            if folded in phrases:
                out.add(phrases[folded])
    return out


# A line of month labels names a month grid when it holds at least this many months in order.
GRID_MONTHS_MIN = 6


def names_a_month_grid(words: list[Word]) -> bool:
    """A line of month labels, left to right: month names in calendar order ("Jan Feb … Des"),
    or the numbers 1 to 12 side by side in order (the months under a "Bulan" header; other
    header text may share their line). A column numbering runs on past 12 or is bracketed."""
    twelve = [str(m) for m in range(1, 13)]
    for line in geometry.group_lines([w.bbox for w in words]):
        texts = [words[i].text for i in line]
        named = [m for t in texts if (m := month_from_header(t))]
        if len(named) >= GRID_MONTHS_MIN and named == sorted(set(named)):
            return True
        if any(
            texts[i : i + 12] == twelve and texts[i + 12 : i + 13] != ["13"]
            for i in range(len(texts) - 11)
        ):
            return True
    return False


# A line of quarter labels names a quarter grid with this many of them in order.
GRID_QUARTERS_MIN = 3


def _label_lines(
    words: list[Word],
    label: Callable[[str, str], Optional[int]],
    bare: Callable[[str], Optional[int]],
    parent: Callable[[str], bool],
) -> Iterator[tuple[list[str], list[Optional[int]]]]:
    """Each line's texts, left to right, and the period each reads as (``label``: a text and
    the one after it, for a label in two words), or, on a line with no label of its own under
    a period's word (``parent``: "Triwulan", "Bulan"), the period a bare numeral names
    (``bare``). Pure."""
    lines = geometry.group_lines([w.bbox for w in words])
    parents = [w for w in words if parent(w.text)]
    for line in lines:
        texts = [words[i].text for i in line]
        readings = [label(a, b) for a, b in zip(texts, [*texts[1:], ""])]
        top = min(words[i].top for i in line)
        if not any(readings) and any(w.bottom <= top for w in parents):
            readings = [bare(t) for t in texts]
        yield texts, readings


def quarter_label_lines(words: list[Word]) -> Iterator[tuple[list[str], list[Optional[int]]]]:
    """Each line's texts and the quarter each reads as ("TW I", a label wrapped as "TW" then
    "III", "Triwulan I"), or, on a line under a quarter's word ("Triwulan") with no label of
    its own, the quarter a bare numeral names ("I II III IV"). Pure."""
    return _label_lines(
        words,
        lambda a, b: quarter_from_header(f"{a} {b}") or quarter_from_header(a),
        lambda t: quarter_from_header(f"TW {t}") if t.isupper() else None,
        lambda t: bool(quarter_from_header(f"{t} I")),
    )


def month_label_lines(words: list[Word]) -> Iterator[tuple[list[str], list[Optional[int]]]]:
    """Each line's texts and the month each names ("Jan" … "Des"), or, on a line under a
    month's word ("Bulan") with no name of its own, the month a number names ("1" … "12").
    Pure."""
    return _label_lines(
        words,
        lambda a, _: month_from_header(a),
        lambda t: month_from_header(t, numbered=True),
        names_month_numbers,
    )


def names_a_quarter_grid(words: list[Word]) -> bool:
    """A line of quarter labels, left to right ("TW I TW II TW III TW IV", "Triwulan I …"; one
    of them may wrap onto the next line: "TW" over "III"), or of bare numerals ("I II III IV")
    under a quarter's word ("Triwulan")."""
    for _, readings in quarter_label_lines(words):
        quarters = [q for q in readings if q]
        if len(set(quarters)) >= GRID_QUARTERS_MIN and quarters == sorted(set(quarters)):
            return True
    return False


def names_a_half_grid(words: list[Word]) -> bool:
    """A line of the two halves' labels, in order ("Semester I  Semester II", "Smt I  Smt II"),
    or of bare numerals ("I II") under a half's word ("Semester", "Target Semester")."""
    lines = geometry.group_lines([w.bbox for w in words])
    half_words = [w for w in words if semester_from_header(f"{w.text} I")]
    for line in lines:
        texts = [words[i].text for i in line]
        readings = [
            semester_from_header(f"{a} {b}") or semester_from_header(a)
            for a, b in zip(texts, [*texts[1:], ""])
        ]
        top = min(words[i].top for i in line)
        if not any(readings) and any(w.bottom <= top for w in half_words):
            readings = [
                semester_from_header(f"Semester {t}") if t.isupper() else None for t in texts
            ]
        if [h for h in readings if h] == [1, 2]:
            return True
    return False


# Glyphs an OCR reading makes of a Roman numeral's bars ("Il", "1", '"', "|"): in a line of
# quarter labels they are its numerals misread.
_NUMERAL_LOOKALIKE = re.compile(r"[IVXl1|!\"'“”]+")
# Glyphs OCR reads a table's ruling as ("|", "["): no label nor word of a cell.
RULINGS_READ = frozenset("|[]{}")
# What OCR makes of a month's label: a short word or number ("0kt", "Mel", "1O", "S").
_MONTH_LOOKALIKE = re.compile(r"[\w.]{1,5}")


def _out_of_order(
    lines: Iterable[tuple[list[str], list[Optional[int]]]],
    lookalike: Callable[[str], bool],
    least: int,
    skips_misread: bool = True,
) -> Optional[str]:
    """The text of the first line of labels alone (every text between its first and last
    label a label or, by ``lookalike``, one misread) whose ``least`` labels or more do not count
    up by one, or None. Labels may start again from 1 (a target grid beside a realisation
    grid). ``skips_misread`` False: a label skipped with no text in its place is the
    document's own (a header that leaves March out; a schedule's "Jan Mar Mei Jul Sep Nov"),
    and only a label read as none or as an earlier one is misread."""
    for texts, readings in lines:
        read = [n for n, q in enumerate(readings) if q]
        if len(read) < least:
            continue
        # a ruling between two labels, read as a bar ("Jan | Feb"), is neither
        span = [n for n in range(read[0], read[-1] + 1) if not set(texts[n]) <= RULINGS_READ]
        if not all(readings[n] or lookalike(texts[n]) for n in span):
            continue
        periods = [q for q in readings if q]
        breaks = [(a, b) for a, b in zip(periods, periods[1:]) if b != a + 1 and b != 1]
        unread = any(readings[n] is None for n in span)
        if breaks and (skips_misread or unread or any(b <= a for a, b in breaks)):
            return " ".join(texts)
    return None


def misread_quarter_labels(words: list[Word]) -> Optional[str]:
    """A line of quarter labels alone whose reading does not count up, the text of the line, or
    None: "TW I TW II TW III TW IV" read "TWI Tw I Tw Il TW IV", or "I II III IV" under
    "Triwulan" read 'I " 1 IV'. Read so, the grid's columns are lost (no table, or targets
    under the wrong quarter). A body cell's range ("TW I - TW IV", "TW I s.d. TW IV") is no
    line of labels alone."""
    return _out_of_order(
        quarter_label_lines(words),
        lambda t: bool(quarter_from_header(f"{t} I") or _NUMERAL_LOOKALIKE.fullmatch(t)),
        2,
    )


def misread_month_labels(words: list[Word]) -> Optional[str]:
    """A line of month labels alone whose reading does not count up, the text of the line, or
    None: "Jan … Des" read with "0kt" for "Okt" (September then November), "1 … 12" under
    "Bulan" with "S" for "5". Read so, a month's column is lost and its marks go to no month
    or another."""
    return _out_of_order(
        month_label_lines(words),
        lambda t: bool(_MONTH_LOOKALIKE.fullmatch(t)),
        GRID_MONTHS_MIN,
        skips_misread=False,
    )


def has_plan_header(words: list[Word]) -> bool:
    """Cheap test: do the page's words name at least two plan-table column roles (a month,
    quarter or half-year grid names the schedule; a level such as Sasaran beside an indicator, a plan without
    one)?"""
    named = named_roles(words)
    roles = named & {Role.ACTIVITY, Role.INDICATOR, Role.SCHEDULE}
    if Role.SCHEDULE not in roles and (
        names_a_month_grid(words) or names_a_quarter_grid(words) or names_a_half_grid(words)
    ):
        roles.add(Role.SCHEDULE)
    if Role.INDICATOR in roles and named & {Role.AREA, Role.LEVEL}:
        return True
    return len(roles) >= 2


def names_a_plan_column(words: list[Word]) -> bool:
    """Does any word name an activity, indicator or level column?"""
    return bool(named_roles(words) & {Role.ACTIVITY, Role.INDICATOR, Role.LEVEL})


@lru_cache(maxsize=1)
def _single_word_headers() -> dict[str, Role]:
    """Folded one-word header synonyms of five letters or more ('kegiatan', 'indikator', 'waktu')."""
    data = vocab.load("columns.yaml")["roles"]
    return {
        fold_header(s): Role(role)
        for role, words in data.items()
        for s in words
        if " " not in str(s).strip() and len(fold_header(s)) >= 5
    }


def header_word_role(text: str) -> Optional[Role]:
    """A header word's or header text's role, for the borderless reader. A header opens with a
    capital; a word in lower case ('kegiatan' of a wrapped 'Laporan kegiatan') is a body line's,
    unless it labels a month or a quarter ('jan')."""
    if text.strip()[:1].islower():
        role = role_of_header(text)
        return role if role is not None and role.is_grid else None
    return _single_word_headers().get(fold_header(text)) or role_of_header(text)


@lru_cache(maxsize=1)
def _total_labels() -> frozenset[str]:
    return frozenset(fold_header(label) for label in vocab.load("columns.yaml")["total_labels"])


@lru_cache(maxsize=1)
def _total_label_levels() -> tuple[str, ...]:
    return tuple(fold_header(level) for level in vocab.load("columns.yaml")["total_label_levels"])


def is_total_label(text: str) -> bool:
    """'JUMLAH', 'Total Anggaran :', 'Jumlah Program 2', 'Sub Total I' (vocab/columns.yaml
    total_labels, total_label_levels): a level's name after the label only with the group's
    number after it (a narrow cell may print it without spaces: 'JumlahProgram1'). Pure."""
    folded = fold_header(text)
    if folded in _total_labels():
        return True
    bare = {folded.rstrip("0123456789")}  # "1", "1.1" folded to "11"
    bare |= {folded[:-k] for k in range(1, 7) if set(folded[-k:]) <= set("ivxlc")}  # "II"
    bare.add(folded[:-1])  # a letter: "Jumlah A"
    bare.discard(folded)
    return any(
        b in _total_labels() or any(b == label + level for level in _total_label_levels())
        for b in bare
        for label in _total_labels()
    )
