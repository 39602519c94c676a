"""Stage 6, records: one Record per indicator row, schedules normalised through schedule.parse.

Contract: reads ``state.tables`` and ``state.metadata``; sets ``state.records``.
A grid row's months come from its marks (a quarter with a non-zero mark schedules its three
months); a free-text schedule goes through ``schedule.parse``. Nothing unreadable is guessed:
it gives empty months and a warning on the record.
"""

from __future__ import annotations

import re
from typing import Optional

from rencana.contract.models import Level, QuarterTarget, Record
from rencana.core import geometry
from rencana.core.areas import canonical_area
from rencana.core.codes import RecordWarning, WarningCode
from rencana.core.roles import Role
from rencana.core.state import Extraction
from rencana.core.types import PlanTable, TableRow, Word
from rencana.stages import schedule
from rencana.stages.numbering import (
    area_letters_in_their_case,
    areas_numbered_by_their_neighbours,
    level_numbers_put_back,
)
from rencana.stages.page.spelling import (
    capitals_unsure,
    in_title_case,
    reads_doubtfully,
    spells_out_the_words_before,
    starts_a_sentence,
)
from rencana.stages.schedule import is_mark, month_from_header
from rencana.stages.tables.headers import is_total_label, numbers_period
from rencana.stages.tables.rows import SUB_LEVELS, area_number_of, printed_number

OPTIONAL_ROLES = (Role.TARGET, Role.PIC, Role.UNIT, Role.BUDGET, Role.NOTE)
COLUMN_LEVELS = (Role.AREA, Role.ACTIVITY, *SUB_LEVELS, Role.INDICATOR)


def _level_name(levels: list[Level]) -> str:
    """A level's role by its depth: the area, then the activity, then levels."""
    return "area" if not levels else "activity" if len(levels) == 1 else "level"


def levels_of(row: TableRow, table: Optional[PlanTable] = None) -> list[Level]:
    """The row's hierarchy, top-down: a banner, then the hierarchy columns in order.

    The top level is the area, the next the activity, the indicator column the leaf; a banner
    over a table that has an area column is the level above it, so every column moves down one."""
    cells = row.cells
    headers: dict[Role, str] = {}
    if table is not None:
        names = table.column_headers or [""] * len(table.roles)
        headers = {Role(r): h for r, h in zip(table.roles, names) if r and Role(r) in COLUMN_LEVELS}
    present = [r for r in COLUMN_LEVELS if r in headers or (table is None and r in cells)]
    if table is not None and table.level_headers:  # a stacked column: the levels the row has
        headers.update({Role(r): name for r, name in table.level_headers.items()})
        present = [
            r for r in COLUMN_LEVELS if cells.get(r) or (r == Role.INDICATOR and r in headers)
        ]
    levels: list[Level] = []
    if row.banner is not None:
        number, text = row.banner
        printed = printed_number(row.banner_label, number)
        levels.append(Level(role="area", number=printed or None, text=text))
    elif Role.AREA not in present and cells.get(Role.AREA):  # a banner row set the area
        levels.append(
            Level(role="area", number=cells.get(Role.AREA_NUMBER) or None, text=cells[Role.AREA])
        )
    if levels and row.heading is not None:  # a heading inside the area, above the first column
        label, text = row.heading
        levels.append(Level(role="activity", number=label or None, text=text))
    numbers = {Role.AREA: Role.AREA_NUMBER, Role.ACTIVITY: Role.ACTIVITY_NUMBER}
    for role in present:
        for item, text in row.parents.get(role, []):  # a numbered item over a lettered one
            levels.append(Level(role=_level_name(levels), number=item or None, text=text))
        if role == Role.INDICATOR:
            name = "indicator"
        elif not levels:
            name = "area" if role == Role.AREA else "activity"
        else:
            name = _level_name(levels)
        # a number opening the level's own cell is its own ('A.' under a merged 'IV' beside it)
        printed = row.numbers.get(role) or (cells.get(numbers[role], "") if role in numbers else "")
        levels.append(
            Level(
                role=name,
                header=headers.get(role) or None,
                number=printed or None,
                text=cells.get(role, ""),
            )
        )
    return levels


# Numbers alone: "3", "3, 6, 9 dan 12", "1 - 12", "7 s.d. 12"; quarters and semesters "II - IV",
# "I/II".
_CONNECTOR = r"\s*(?:,|;|&|-|–|/|(?i:dan|s\.?\s*d\.?|s/d|sampai))\s*"
PERIOD_NUMBERS = re.compile(
    rf"\s*(?:\d{{1,2}}|[IVX]{{1,4}})(?:{_CONNECTOR}(?:\d{{1,2}}|[IVX]{{1,4}}))*\s*"
)


def parse_schedule(
    text: str, plan_year: Optional[int], table: Optional[PlanTable] = None
) -> schedule.Schedule:
    """A schedule cell read; bare numbers under a header that says what they count read as
    those periods: "Waktu (Bulan ke-)" over "3, 6, 9 dan 12" as "Bulan ke-3, 6, 9 dan 12",
    "Waktu (Triwulan)" over "II - IV" as "Triwulan II - IV"."""
    parsed = schedule.parse(text, plan_year)
    if parsed.months or table is None or not PERIOD_NUMBERS.fullmatch(text):
        return parsed
    headers = dict(zip(table.roles, table.column_headers or []))
    period = numbers_period(headers.get(Role.SCHEDULE.value, ""))
    if period is None or (period == "Bulan ke-" and re.search("[IVX]", text)):
        return parsed
    counted = schedule.parse(
        f"{period}{'' if period.endswith('-') else ' '}{text.strip()}", plan_year
    )
    return counted if counted.months else parsed


def marks_a_period(row: TableRow) -> bool:
    """A month or quarter of the row's grid is marked."""
    return bool(row.months_marked or any(map(is_mark, (row.quarter_marks or {}).values())))


def is_scheduled_row(row: TableRow) -> bool:
    """Its schedule is written or its grid marked; a total's label merged over the schedule
    column too ("JUMLAH" left of the amounts) writes no schedule."""
    schedule = row.cells.get(Role.SCHEDULE, "")
    return bool(schedule and not is_total_label(schedule)) or marks_a_period(row)


def record_of(
    row: TableRow, plan_year: Optional[int], table: Optional[PlanTable] = None
) -> Optional[Record]:
    """The record of one logical row, or None for a row with neither activity nor indicator."""
    built = record_and_warnings(row, plan_year, table)
    return built[0] if built else None


def record_and_warnings(
    row: TableRow, plan_year: Optional[int], table: Optional[PlanTable] = None
) -> Optional[tuple[Record, list[RecordWarning]]]:
    """The record of one logical row with its warnings typed (its ``warnings`` hold their text)."""
    cells = row.cells
    levels = levels_of(row, table)
    by_role = {level.role: level for level in levels}
    activity = by_role["activity"].text if "activity" in by_role else ""
    indicator = by_role["indicator"].text if "indicator" in by_role else ""
    if not activity and not indicator:
        return None
    if is_total_label(indicator or activity) and not is_scheduled_row(row):
        return None  # a total row under the items it sums
    scheduled = table is None or table.grid is not None or Role.SCHEDULE in table.roles
    schedule_text = cells.get(Role.SCHEDULE, "")
    months: set[int] = set()
    quarters: list[int] = []
    periods: list[str] = []
    targets: list[QuarterTarget] = []
    warnings: list[RecordWarning] = []
    if row.months_marked:
        months.update(row.months_marked)
    if row.quarter_marks:
        for quarter, value in sorted(row.quarter_marks.items()):
            targets.append(QuarterTarget(quarter=quarter, value=value))
            if is_mark(value):  # '0', '0%', '-' schedule nothing
                quarters.append(quarter)
                months.update(Role.quarter(quarter).period_months)
    if schedule_text and not months:
        parsed = parse_schedule(schedule_text, plan_year, table)
        months.update(parsed.months)
        quarters = list(parsed.quarters)
        periods = list(parsed.periods)
        warnings.extend(RecordWarning(WarningCode.SCHEDULE_UNPARSED, w) for w in parsed.warnings)
        warnings.extend(
            RecordWarning(WarningCode.SCHEDULE_CORRECTED, c) for c in parsed.corrections
        )
        if not parsed.months and not parsed.periods and not parsed.warnings:
            warnings.append(
                RecordWarning(
                    WarningCode.SCHEDULE_UNPARSED, f"schedule {schedule_text!r} not understood"
                )
            )
    if scheduled and not schedule_text and not months:
        warnings.append(RecordWarning(WarningCode.NO_SCHEDULE, "no schedule for this indicator"))
    if not indicator and (table is None or Role.INDICATOR in table.roles):
        # a table of activities alone (a PKPT's audits) has none to lack
        warnings.append(RecordWarning(WarningCode.NO_INDICATOR, "activity without indicator"))
    warnings += row.warnings
    area_level = by_role.get("area")
    area = area_level.text if area_level else ""
    optional = {role: cells[role] or None for role in OPTIONAL_ROLES if role in cells}
    activity_level = by_role.get("activity")
    record = Record(
        area_number=area_number_of(area_level.number or "") if area_level else None,
        area=area,
        canonical_area=canonical_area(area) if area else None,
        activity_number=(activity_level.number if activity_level else None)
        or cells.get(Role.ACTIVITY_NUMBER)
        or None,
        activity=activity,
        indicator=indicator,
        levels=levels,
        extra={header: text for header, text in row.extra.items() if text},
        schedule_text=schedule_text,
        months=sorted(months),
        quarters=sorted(set(quarters)),
        periods=periods,
        quarter_targets=targets,
        pages=list(row.pages),
        bbox=tuple(round(v, 2) for v in row.bbox) if row.bbox else None,
        confidence=row.confidence,
        warnings=[str(w) for w in warnings],
        **optional,
    )
    return record, warnings


def table_records(
    table: PlanTable, plan_year: Optional[int]
) -> list[tuple[Record, list[RecordWarning]]]:
    return [built for row in table.rows if (built := record_and_warnings(row, plan_year, table))]


def is_scheduled(table: PlanTable) -> bool:
    return table.grid is not None or Role.SCHEDULE in table.roles


def row_key(record: Record) -> tuple:
    return (
        tuple(level.text for level in record.levels),
        tuple(record.months),
        record.schedule_text,
    )


def pages_text(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"


def select_tables(
    tables: list[PlanTable], plan_year: Optional[int]
) -> tuple[list[tuple[Record, list[RecordWarning]]], list[tuple[WarningCode, str, int]]]:
    """The records of the document's plan, and a note for every table not read into it.

    A table printed again (a report's appendix repeating its action plan) is read once. When the
    document has a plan with a schedule, a table without one (the RKT or IKU targets beside a
    LAKIP's action plan) is context, not the plan: it is named in a note, not read. A plan of
    tables that all lack a schedule (an IKU decree) is read, with one note per table saying so."""
    scheduled = any(is_scheduled(t) for t in tables if t.rows)
    out: list[tuple[Record, list[RecordWarning]]] = []
    notes: list[tuple[WarningCode, str, int]] = []
    seen: dict[tuple, list[int]] = {}
    for table in tables:
        built = table_records(table, plan_year)
        if not built:
            continue
        where = pages_text(table.pages)
        if scheduled and not is_scheduled(table):
            columns = " | ".join(h for h in table.column_headers if h)
            notes.append(
                (
                    WarningCode.TABLE_NOT_READ,
                    f"the table on {where} ({columns}) has no schedule; the document's plan is "
                    "its scheduled table, so its rows are not read as records",
                    table.pages[0],
                )
            )
            continue
        keys = {row_key(record) for record, _ in built}
        earlier = sorted({page for key in keys for page in seen.get(key, [])})
        if all(key in seen for key in keys):  # a page break may split the repeat in two tables
            notes.append(
                (
                    WarningCode.TABLE_REPEATED,
                    f"the table on {where} repeats rows of the one on {pages_text(earlier)}; "
                    "they are read once",
                    table.pages[0],
                )
            )
            continue
        for key in keys:
            seen.setdefault(key, table.pages)
        if not is_scheduled(table):
            notes.append(
                (
                    WarningCode.TABLE_WITHOUT_SCHEDULE,
                    f"the table on {where} has no schedule column: its records have no months",
                    table.pages[0],
                )
            )
        out.extend(built)
    return out, notes


def run(state: Extraction) -> Extraction:
    built, notes = select_tables(state.tables, state.metadata.plan_year)
    for code, message, page in notes:
        state.warn(code, message, page)
    state.records = [record for record, _ in built]
    state.record_warnings = [warnings for _, warnings in built]
    for index, placed in areas_numbered_by_their_neighbours(state.records):
        state.records[index].warnings.append(str(placed))
        state.record_warnings[index].append(placed)
    if state.source and state.source.ocr_pages:
        ocr_pages = {page.number for page in state.pages if page.ocr}
        area_letters_in_their_case([r for r in state.records if set(r.pages) & ocr_pages])
        for index, placed in level_numbers_put_back(state.records, ocr_pages):
            state.records[index].warnings.append(str(placed))
            state.record_warnings[index].append(placed)
        _add_ocr_confidence(state)
    return state


def _add_ocr_confidence(state: Extraction) -> None:
    """OCR'd records get the confidence of the words in their row; low ones get a warning, and
    so do records whose texts hold words OCR may have misread (``doubted_words_by_record``: a
    row's mean confidence stays high when two words of forty are misread: "kuahtas
    mfrastruktur"; and a parent's merged cell lies outside the row)."""
    words_by_page = {page.number: page.words for page in state.pages if page.ocr}
    threshold = state.options.ocr_confidence_threshold
    doubted = doubted_words_by_record(state)
    for record, warnings, held in zip(state.records, state.record_warnings, doubted):
        if not record.pages or record.bbox is None or record.pages[0] not in words_by_page:
            continue
        record.confidence = geometry.words_confidence(words_by_page[record.pages[0]], record.bbox)
        found = []
        if record.confidence is not None and record.confidence < threshold:
            found.append(
                RecordWarning(
                    WarningCode.OCR_LOW_CONFIDENCE,
                    f"OCR confidence {record.confidence:.2f} is below {threshold:.2f}; "
                    "review this row",
                )
            )
        if held:
            found.append(
                RecordWarning(
                    WarningCode.OCR_DOUBTFUL_WORDS,
                    f"OCR read {', '.join(map(repr, held))} doubtfully (no word list knows"
                    " them, a second reading differs, or a mark is stray); review this row",
                )
            )
        for warning in found:
            warnings.append(warning)
            record.warnings.append(str(warning))


def doubted_words_by_record(state: Extraction) -> list[list[str]]:
    """Each record's words that OCR may have misread, sorted (none for a record not OCR'd): its
    pages' doubtful words (``doubtful_words``), those a second reading left unsure there, and
    quotes its texts never open or close (``unpaired_quotes``) or a "!" mid-sentence
    (``exclaimed_mid_sentence``). Its parents' texts may have been read on another page (a
    merged cell centred past a page break: the Pati layout's scan): their words are judged by
    every OCR'd page's doubtful words as well (words doubted as words, not where a second
    reading differed: that doubt is of one place)."""
    by_page = {
        page.number: (doubtful_words(page.words), set(page.unsure_words))
        for page in state.pages
        if page.ocr
    }
    anywhere = set().union(*(doubtful for doubtful, _ in by_page.values()))
    out: list[list[str]] = []
    for record in state.records:
        if not record.pages or record.bbox is None or record.pages[0] not in by_page:
            out.append([])
            continue
        own = set().union(*(set().union(*by_page.get(p, ((), ()))) for p in record.pages))
        parents = {word for level in record.levels[:-1] for word in level.text.split()}
        stray = {
            word
            for text in record_texts(record)
            for word in unpaired_quotes(text) + exclaimed_mid_sentence(text)
        }
        stray.update(months_side_by_side(record.schedule_text or ""))
        held = (own & record_words(record)) | (anywhere & parents) | stray
        out.append(sorted(held))
    return out


def doubtful_words(words: list[Word]) -> set[str]:
    """The words of an OCR'd page that read as no word, or as one word of two
    (``spelling.reads_doubtfully``, a capitalised word in a title-cased text judged as a
    small-letter one), but for an abbreviation the words before it spell out
    (``spelling.spells_out_the_words_before``: "komunikasi (strakom)"), and capitals read with a
    small "l" left so (``spelling.capitals_unsure``). Pure."""
    texts = [w.text for w in words]
    return {
        w.text
        for i, w in enumerate(words)
        if w.confidence is not None
        and (
            (
                reads_doubtfully(
                    w.text, w.confidence, in_title_case(i, texts), starts_a_sentence(i, texts)
                )
                and not spells_out_the_words_before(i, texts)
            )
            or capitals_unsure(w.text, w.confidence)
        )
    }


def record_texts(record: Record) -> list[str]:
    """A record's texts: its levels, area, activity, indicator and extra columns."""
    texts = [level.text for level in record.levels]
    texts += [record.area, record.activity, record.indicator, *record.extra.values()]
    return [text for text in texts if text]


def record_words(record: Record) -> set[str]:
    """The words of a record's texts."""
    return {word for text in record_texts(record) for word in text.split()}


# Quote marks, each with the kind it pairs with: straight quotes pair with themselves.
_QUOTES = {
    "'": "'",
    '"': '"',
    "\u2018": "\u2019",
    "\u2019": "\u2019",
    "\u201c": "\u201d",
    "\u201d": "\u201d",
}
_OPENING = re.compile("^[\"'\u2018\u201c]")
_CLOSING = re.compile("[\"'\u2019\u201d][^\\w\"'\u2019\u201d]*$")


def unpaired_quotes(text: str) -> list[str]:
    """The words of one OCR'd text that open a quote it never closes, or close one it never
    opened: a slash or a stop read as a quote ("unit' satuan" for "unit/satuan", a speck by a
    word read '"'). A quote inside a word is an apostrophe ("Jum'at"). Pure."""
    words = text.split()
    opened: list[tuple[int, str]] = []  # (word index, the closing quote awaited)
    stray = []
    for index, word in enumerate(words):
        opening = _OPENING.match(word)
        closing = _CLOSING.search(word[1:] if opening else word)
        if opening:
            opened.append((index, _QUOTES[opening.group()]))
        if closing:
            mark = closing.group()[0]
            awaited = [i for i, (_, close) in enumerate(opened) if close == _QUOTES[mark]]
            if awaited:
                opened.pop(awaited[-1])
            else:
                stray.append(word)
    return stray + [words[index] for index, _ in opened]


def months_side_by_side(text: str) -> list[str]:
    """Two month names of an OCR'd schedule with nothing but a space between them ("Agt Okt"):
    a range's dash or a list's comma OCR lost, which reads either way (fuzz scan seed 33 at 200
    dpi: "Agt - Okt" read "Agt Okt", months 8 and 10 for 8-10, once its rows read whole). A
    schedule prints a dash, a comma or "dan" between its months. Pure."""
    words = text.split()
    return [
        f"{word} {after}"
        for word, after in zip(words, words[1:])
        if word.isalpha() and month_from_header(word) and month_from_header(after.rstrip(".,;"))
    ]


def exclaimed_mid_sentence(text: str) -> list[str]:
    """The words of one OCR'd text closing on "!" that a word in small letters follows: a
    slash or a stop read "!" ("unit! satuan" for "unit/satuan"), where a printed "!" ends a
    sentence. Pure."""
    words = text.split()
    return [
        word
        for word, after in zip(words, words[1:])
        if word.endswith("!") and len(word) > 1 and after[:1].islower()
    ]
