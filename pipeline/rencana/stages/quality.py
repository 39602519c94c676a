"""Stage 8, quality: a verdict on every decree, so that a person reviews only those read wrong.

The counts say how much was read; the checks say where the reading is implausible. Each check
looks for what a wrong reading leaves behind, never for a layout:
- a word in a month-grid cell, or text in a quarter-target cell longer than a target;
- the same text copied across a row's cells (a banner or a merged cell spread over the row);
- an area number that goes backwards, or records of a numbered table left without one;
- a level whose numbers skip, start again or name another parent under one parent (a row put
  under the wrong parent, or a row lost), or one level's cell read under two parents in a row;
- the same text in two levels of one record, or in a level and the schedule (one cell read
  into two columns);
- a LAMPIRAN page that names plan columns but gave no record;
- text in a ruled table's cells below the last row read (a row lost at the table's end);
- a row at the top of a page that reads on from the last row of the page before (a row cut by a
  page break and left as two records), or a level's text that stops where no phrase ends (the
  rest of its cell read as another row);
- metadata a plan decree must have, missing;
- a schedule outside the plan year, or not understood;
- records read where the text layer prints glyphs over other glyphs;
- records of a table without rulings whose parents' rows the geometry leaves open;
- a schedule table in a page image whose words OCR read with low confidence, few of them words;
- a page image dusted with toner specks, many of them read as marks;
- records holding words OCR read doubtfully (a misread word, a mark it may have misread);
- a page that could not be read and was left out (its records are missing).
``needs_review`` is true when any check fails; each reason names its page. Thresholds are in
vocab/quality.yaml, the wording in messages.json.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Optional

from rencana import vocab
from rencana.contract.models import Quality, Record, ReviewReason
from rencana.core.codes import WarningCode
from rencana.core.geometry import contains_centre
from rencana.core.roles import Role
from rencana.core.state import Extraction
from rencana.core.types import BBox, PageContent, PlanTable, TableRow, Word
from rencana.messages import t
from rencana.stages.numbering import area_runs, letters_out_of_case, numbering_of
from rencana.stages.page.spelling import typo_shaped
from rencana.stages.records import doubted_words_by_record, marks_a_period, record_of
from rencana.stages.schedule import dated_month_label, is_mark, is_tick, month_from_header
from rencana.stages.structure.wording import real_word_share
from rencana.stages.tables.borderless import (
    AT_TOP,
    CENTRED,
    PARENTS_EITHER_WAY,
    TYPE_SIZE_TOLERANCE,
    ends_table,
    fits_columns,
    gutters,
    is_prose_line,
    is_total_line,
    lines_of,
    opens_legend,
    opens_signature,
    runs_of,
    type_size,
)
from rencana.stages.tables.grid import OCR_PARAGRAPH_GAP, PARAGRAPH_GAP
from rencana.stages.tables.headers import (
    column_vocab,
    fold_header,
    is_total_label,
    is_value_parent,
    parents_periods,
    plan_companions,
    role_of_header,
)
from rencana.stages.tables.rows import (
    SUB_LEVELS,
    area_number_of,
    list_kind,
    reads_on,
    stops_open,
    unread_number,
)

PLAN_COLUMN_ROLES = {Role.ACTIVITY, Role.INDICATOR, Role.SCHEDULE}
NUMBER_ROLES = (Role.NUMBER, Role.AREA_NUMBER, Role.ACTIVITY_NUMBER)
PLAN_CELL_ROLES = {Role.AREA, Role.ACTIVITY, *SUB_LEVELS, Role.INDICATOR, Role.SCHEDULE}


@dataclass(frozen=True)
class Thresholds:
    grid_cell_max_words: int
    month_cell_max_words: int
    repeated_cells_min: int
    repeated_text_min_chars: int
    required_metadata: tuple[str, ...]
    required_when_scheduled: tuple[str, ...]
    required_with_body: tuple[str, ...]
    required_in_preamble: tuple[str, ...]
    preamble_kinds: tuple[str, ...]
    numbered_kinds: tuple[str, ...]
    unparsed_share_max: float
    unscheduled_rows_max: int
    years_around_plan_year: int
    annex_words: frozenset[str]
    plan_titles: tuple[str, ...]
    plan_header_roles_min: int
    header_word_share: float
    header_band_height: float
    month_numbers_min: int
    header_roles_min: int
    column_gap: float
    period_labels_min: int
    overprinted_glyphs_min: int
    cut_glyphs_min: int
    speck_readings_min: int
    left_words_min: int
    left_gap_max: float
    unreadable_words_min: int
    schedule_signs_min: int
    low_confidence: float
    low_confidence_share: float
    known_word_share: float


@cache
def thresholds() -> Thresholds:
    data = vocab.load("quality.yaml")
    return Thresholds(
        grid_cell_max_words=int(data["grid_cell_max_words"]),
        month_cell_max_words=int(data["month_cell_max_words"]),
        repeated_cells_min=int(data["repeated_cells_min"]),
        repeated_text_min_chars=int(data["repeated_text_min_chars"]),
        required_metadata=tuple(data["required_metadata"]),
        required_when_scheduled=tuple(data["required_when_scheduled"]),
        required_with_body=tuple(data["required_with_body"]),
        required_in_preamble=tuple(data["required_in_preamble"]),
        preamble_kinds=tuple(k.lower() for k in data["preamble_kinds"]),
        numbered_kinds=tuple(k.lower() for k in data["numbered_kinds"]),
        unparsed_share_max=float(data["unparsed_share_max"]),
        unscheduled_rows_max=int(data["unscheduled_rows_max"]),
        years_around_plan_year=int(data["years_around_plan_year"]),
        annex_words=frozenset(w.lower() for w in data["annex_words"]),
        plan_titles=tuple(t.lower() for t in data["plan_titles"]),
        plan_header_roles_min=int(data["plan_header_roles_min"]),
        header_word_share=float(data["header_word_share"]),
        header_band_height=float(data["header_band_height"]),
        month_numbers_min=int(data["month_numbers_min"]),
        header_roles_min=int(data["header_roles_min"]),
        column_gap=float(data["column_gap"]),
        period_labels_min=int(data["period_labels_min"]),
        overprinted_glyphs_min=int(data["overprinted_glyphs_min"]),
        cut_glyphs_min=int(data["cut_glyphs_min"]),
        speck_readings_min=int(data["speck_readings_min"]),
        left_words_min=int(data["left_words_min"]),
        left_gap_max=float(data["left_gap_max"]),
        unreadable_words_min=int(data["unreadable_words_min"]),
        schedule_signs_min=int(data["schedule_signs_min"]),
        low_confidence=float(data["low_confidence"]),
        low_confidence_share=float(data["low_confidence_share"]),
        known_word_share=float(data["known_word_share"]),
    )


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower().rstrip(" .;,:")


def first_page(pages: list[int]) -> Optional[int]:
    return pages[0] if pages else None


class Verdict:
    """The reasons found so far, one per check and page. A reason's message is the check's
    English label from the catalogue and what was seen; ``rencana extract`` shows the label in
    the reader's language."""

    def __init__(self) -> None:
        self.reasons: list[ReviewReason] = []
        self._seen: set[tuple[str, Optional[int]]] = set()

    def add(self, check: str, page: Optional[int], seen: object = "") -> None:
        if (check, page) in self._seen:
            return
        self._seen.add((check, page))
        label = t(f"quality.{check}", "en")
        message = f"{label}: {seen}" if seen != "" else label
        self.reasons.append(ReviewReason(check=check, page=page, message=message))


# ---------------------------------------------------------------- the checks


# A word of a sentence, not a unit or a numeral ('TW', 'I', '%').
WORD = re.compile(r"[^\W\d_]{4,}")


def long_grid_text(rows: list[TableRow], verdict: Verdict) -> None:
    """A quarter-target cell holds a target ('1 Dokumen', 'Laporan TW I'), a month cell only a
    mark or a number: a word there ('Setiap', 'Sosialisasi') is text the grid was not read for
    (its months are lost) or text spilled in from another cell."""
    limits = thresholds()
    for row in rows:
        long = [t for t in row.grid_texts if len(WORD.findall(t)) > limits.month_cell_max_words]
        long += [
            text
            for text in (row.quarter_marks or {}).values()
            if len(WORD.findall(text)) > limits.grid_cell_max_words
        ]
        if long:
            verdict.add("long_grid_text", first_page(row.pages), repr(long[0][:60]))


def grid_marks_unread(tables: list[PlanTable], verdict: Verdict) -> None:
    """A month grid's column that took no month of its own holds marks: a column under a month
    (a second column of the month, neither a calendar's week nor a twin of it) a mark its row
    does not have as that month, or a column of no role right beside the months a tick (its
    month's header not read: "Januri" for "Januari"). The grid was not understood."""
    for table in tables:
        if table.grid != "months":
            continue
        roles = [Role(r) if r else None for r in table.roles]
        for index, (role, header) in enumerate(zip(roles, table.column_headers)):
            month = month_from_header(header.split()[0]) if header.split() else None
            under_month = role == Role.DUPLICATE and month is not None
            beside = [roles[j] for j in (index - 1, index + 1) if 0 <= j < len(roles)]
            beside_months = role is None and any(r is not None and r.is_month for r in beside)
            for row in table.rows:
                value = row.extra.get(header, "")
                if (under_month and is_mark(value) and month not in (row.months_marked or [])) or (
                    beside_months and is_tick(value)
                ):
                    verdict.add("grid_marks_unread", first_page(row.pages), repr(header))
                    break


def grid_of_other_years(
    tables: list[PlanTable], plan_year: Optional[int], verdict: Verdict
) -> None:
    """A month grid whose labels carry their year ("Jan-24") names a year other than the plan's,
    or several ("Jul-24 … Jun-25"): its marks are read as months of one year, the plan's."""
    for table in tables:
        if table.grid != "months":
            continue
        years = sorted(
            {dated[1] for header in table.column_headers if (dated := dated_month_label(header))}
        )
        if len(years) > 1 or (years and plan_year is not None and years != [plan_year]):
            pages = sorted({page for row in table.rows for page in row.pages})
            verdict.add(
                "grid_of_other_years", pages[0] if pages else None, ", ".join(map(str, years))
            )


def grid_shading_unsure(rows: list[TableRow], verdict: Verdict) -> None:
    """A month cell that a fill covers in part only, its month not read for its row: the fill
    marks this row or the one beside it, and the rows' edges (guessed, without rulings) did not
    say which. Read either way, one row's months may be wrong."""
    for row in rows:
        unread = [m for m in row.shaded_in_part if m not in (row.months_marked or [])]
        if unread:
            verdict.add("grid_shading_unsure", first_page(row.pages), f"month {unread[0]}")


_NO_MARK = re.compile(r"[\s\-–—_.0]*")


def grid_marks_unknown(tables: list[PlanTable], verdict: Verdict) -> None:
    """A month grid whose marks are read holds, in another cell, a short text that is no mark,
    no dash and no number ('o', '+', 'VAN': a mark the vocabulary lacks, or two ticks and the
    rule between them read as one word): that cell's month was dropped. Words of four letters
    or more are ``long_grid_text``'s."""
    for table in tables:
        if table.grid != "months" or not any(row.months_marked for row in table.rows):
            continue
        for row in table.rows:
            unknown = [
                text
                for text in row.grid_texts
                if not _NO_MARK.fullmatch(text)
                and not any(c.isdigit() for c in text)
                and not WORD.search(text)
            ]
            if unknown:
                verdict.add("grid_marks_unknown", first_page(row.pages), repr(unknown[0][:20]))
                break


def grid_not_read(tables: list[PlanTable], verdict: Verdict) -> None:
    """A month or quarter grid whose cells hold text in two rows or more but gave no row a
    period: its marks are none the vocabulary knows (a tick in a symbol font read as 'ü' or a
    private-use code), so every row lost its schedule."""
    for table in tables:
        if table.grid is None:
            periods_lost(table, verdict)
            continue
        if any(marks_a_period(row) for row in table.rows):
            labels_lost(table, verdict)
            continue
        held = [
            texts
            for row in table.rows
            if (texts := [*row.grid_texts, *filter(None, (row.quarter_marks or {}).values())])
        ]
        if len(held) >= 2:
            page = first_page(next(r for r in table.rows if r.grid_texts or r.quarter_marks).pages)
            verdict.add("grid_not_read", page, repr(held[0][0][:20]))


# A period label as a scan misreads it: 'TW III' read 'Twi', 'II' read 'Il', '11', 'n' or 'u',
# 'III' read 'm' or 'mi' (its strokes run together).
MISREAD_PERIOD_LABEL = re.compile(r"[twivxlnum1|0-9.\s]+", re.IGNORECASE)


def labels_lost(table: PlanTable, verdict: Verdict) -> None:
    """A column of no role under the grid's own parent ("Target per Triwulan"), labelled as a
    misread period ('Twi TWIV': 'TW III' and 'TW IV' run into one phrase) and holding text in two
    rows or more: those periods were not read, and their marks went to no row's schedule."""
    grid = [h for r, h in zip(table.roles, table.column_headers) if r and Role(r).is_grid]
    words = [h.split() for h in grid]
    # the words all the grid's headers open with; one period alone: its header but the label
    parent = [w[0] for w in zip(*words) if len(set(w)) == 1] if len(words) >= 2 else []
    parent = parent or (words[0][:-1] if len(words) == 1 else [])
    if not parent or not parents_periods(" ".join(parent)):
        return
    for role, header in zip(table.roles, table.column_headers):
        label = header.split()[len(parent) :]
        if role or header.split()[: len(parent)] != parent or not label:
            continue
        held = [row for row in table.rows if row.extra.get(header)]
        if MISREAD_PERIOD_LABEL.fullmatch(" ".join(label)) and len(held) >= 2:
            verdict.add("grid_not_read", first_page(held[0].pages), repr(header[:30]))
            return


# A scanned column's header OCR left a glyph or two of ('F', 'z' for "Area"): no header a plan
# prints is so short but its number ("No") and sub-headers ("K", "Rp"), which name their roles
# or sit under a parent that does.
UNREAD_HEADER_MAX_CHARS = 2


def headers_unread(state: Extraction, verdict: Verdict) -> None:
    """A scanned table's column of no role whose header reads as a glyph or two and whose cells
    hold words in two rows or more: the header was misread, and the column's texts (an area, a
    level) went to no field of the records (fuzz scan seed 15: "Area" read 'F')."""
    scanned = {page.number for page in state.pages if page.ocr}
    for table in state.tables:
        if not set(table.pages) & scanned:
            continue
        for role, header in zip(table.roles, table.column_headers):
            glyphs = re.sub(r"\W", "", header)
            if role or not glyphs or len(glyphs) > UNREAD_HEADER_MAX_CHARS:
                continue
            held = [row for row in table.rows if len(row.extra.get(header, "").split()) >= 2]
            if len(held) >= 2:
                verdict.add("column_header_unread", first_page(held[0].pages), repr(header))
                break


def levels_unsettled(state: Extraction, verdict: Verdict) -> None:
    """A scanned stacked column (Program / Kegiatan / Sub Kegiatan in one column) whose rows'
    amounts found no parents by their sums: the levels are told by the sums alone, and a scan's
    misread figure ('2.743.099.154' read '2.143.099.154') leaves every row one level. A text
    layer's figures are as printed, and rows they leave flat are flat."""
    scanned = {page.number for page in state.pages if page.ocr}
    for table in state.tables:
        if not table.levels_unsettled:
            continue
        for page in sorted(set(table.pages) & scanned):  # the levels of all its pages
            verdict.add("stacked_levels_unsettled", page, repr(table.column_headers[:1]))


def words_split_unsure(tables: list[PlanTable], verdict: Verdict) -> None:
    """A line filling its cell to the edge whose last word and the next line's first are no
    known word apart nor together, or after other words on the line one together though none
    apart (``Cell.split_doubts``): the printer may have split one word there without a hyphen,
    or broken between two; read either way, the text may be wrong."""
    for table in tables:
        for page, doubt in table.split_doubts:
            verdict.add("word_split_unsure", page, repr(doubt))


def periods_lost(table: PlanTable, verdict: Verdict) -> None:
    """A table read without a grid whose column of no role is headed as a grid's parent
    ("Target Triwulan", "Bulan") and holds text in two rows or more: the periods' labels under
    it were not read (a scan's "I II III IV" lost), and their marks and targets went to the
    parent's column as one text, giving no row a period."""
    if any(row.months_marked or row.quarter_marks for row in table.rows):
        return
    for header in table.column_headers:
        if not header or not parents_periods(header):
            continue
        held = [row for row in table.rows if row.extra.get(header)]
        if len(held) >= 2:
            verdict.add("grid_not_read", first_page(held[0].pages), repr(header[:30]))
            return


def repeated_text(rows: list[TableRow], verdict: Verdict) -> None:
    """The plan's own cells (its levels, schedule and grid) each say something else; a text in
    several of them was copied across. Offices, units and notes may well repeat (the PIC and the
    data source both 'Sekretariat Daerah')."""
    limits = thresholds()
    for row in rows:
        texts = [text for role, text in row.cells.items() if role in PLAN_CELL_ROLES]
        texts += list((row.quarter_marks or {}).values()) + list(row.grid_texts)
        counts = Counter(fold(text) for text in texts if text)
        copied = [
            text
            for text, n in counts.items()
            if n >= limits.repeated_cells_min and len(text) >= limits.repeated_text_min_chars
        ]
        if copied:
            verdict.add("repeated_text", first_page(row.pages), repr(copied[0][:60]))


# A row's cells that say something of its record, not which record it is.
VALUE_CELL_ROLES = (Role.SCHEDULE, Role.TARGET, Role.PIC, Role.UNIT, Role.BUDGET, Role.NOTE)


def values_without_record(tables: list[PlanTable], verdict: Verdict) -> None:
    """A row that names nothing of its own (its levels all the row's above, no activity, no
    indicator) yet holds values (a note, a PIC, a schedule, marks) makes no record: its values
    are lost. It is the rest of the row above that the reader did not join to it, or a row whose
    indicator was not read. A total ('Jumlah') sums the rows above, and a row under no level
    (the office's own amounts in a realisation table) heads or sums the table: no record is due."""
    levels = (Role.AREA, Role.ACTIVITY, *SUB_LEVELS)
    for table in tables:
        for above, row in zip(table.rows, table.rows[1:]):
            values = [row.cells.get(r, "") for r in VALUE_CELL_ROLES] + list(row.extra.values())
            if not (any(values) or marks_a_period(row)):
                continue
            if any(is_total_label(text) for text in row.cells.values() if text):
                continue
            # (a row under no level at all sums the table or heads it: an office's total)
            if not any(row.cells.get(r) for r in levels) or any(
                row.cells.get(r, "") != above.cells.get(r, "") for r in levels
            ):
                continue
            if record_of(row, None, table) is None:
                text = " ".join(v for v in values if v)
                verdict.add("values_without_record", first_page(row.pages), repr(text[:60]))


def rows_of_records(
    records: list[Record], tables: list[PlanTable]
) -> list[Optional[tuple[int, TableRow]]]:
    """Per record, the table (its index) and the row it was built from, matched by first page
    and box, or None. Pure."""
    where = {
        (row.pages[0], tuple(round(v, 2) for v in row.bbox)): (index, row)
        for index, table in enumerate(tables)
        for row in table.rows
        if row.pages and row.bbox
    }
    return [
        where.get((record.pages[0], tuple(record.bbox))) if record.pages and record.bbox else None
        for record in records
    ]


def area_restarts_in_one_table(
    records: list[Record], tables: list[PlanTable], verdict: Verdict
) -> None:
    """An area numbered 1 after a higher one in the same table, under the same banner and with
    no lettered part between, went back: a scan's "III" read "I" (fuzz scan seed 109). A table
    of its own, or a part under a banner or heading of its own, may start again at 1."""
    previous: Optional[tuple[Record, int, TableRow]] = None
    for record, found in zip(records, rows_of_records(records, tables)):
        if record.area_number is None or found is None:
            continue
        index, row = found
        if previous is not None:
            before, before_index, before_row = previous
            if (
                record.area_number == 1 < (before.area_number or 0)
                and index == before_index
                and not tables[index].sections
                and (row.banner, row.heading) == (before_row.banner, before_row.heading)
                and record.area != before.area
            ):
                verdict.add(
                    "area_number_backwards",
                    first_page(record.pages),
                    f"{before.area_number} → {record.area_number}",
                )
        previous = record, index, row


def area_numbers(records: list[Record], verdict: Verdict) -> None:
    """Areas are numbered in order; a number that goes back, a record left without a number
    among numbered ones, or two areas in a row under one number (a level lost) was misread. A
    table of its own starts again at 1 (area_restarts_in_one_table judges a 1 inside one). An
    area whose printed number reads as none ('il' for "II", 'U') had it misread."""
    for record in records:
        printed = record.levels[0].number if record.levels else None
        if record.levels and record.levels[0].role == "area" and unread_number(printed or ""):
            verdict.add("area_number_unread", first_page(record.pages), repr(printed))
    numbered = [r for r in records if r.area_number is not None]
    if not numbered:
        return
    previous: Optional[Record] = None
    for record in numbered:
        number = record.area_number or 0
        if previous is not None and 1 < number < (previous.area_number or 0):
            verdict.add(
                "area_number_backwards",
                first_page(record.pages),
                f"{previous.area_number} → {record.area_number}",
            )
        previous = record
    if not any(map(is_scheduled, records)):
        return  # IKU targets may group rows under headings of their own, unnumbered
    for record in records:
        if record.area_number is None and record.area:
            verdict.add("area_number_missing", first_page(record.pages), repr(record.area[:60]))
        elif record.area_number is None and record.levels:
            # no area at all among numbered areas: its banner was read as a level, or lost
            top = record.levels[0].text
            verdict.add("area_number_missing", first_page(record.pages), repr(top[:60]))
    for before, after in zip(records, records[1:]):
        same_number = before.area_number is not None and before.area_number == after.area_number
        if same_number and before.area and after.area and before.area != after.area:
            verdict.add("areas_share_a_number", first_page(after.pages), repr(after.area[:60]))


def area_letters_out_of_case(records: list[Record], verdict: Verdict) -> None:
    """An area letter in the other case than the letters around it ("A", "B", "e") that the
    records stage could not read as the letter due (``numbering.area_letters_in_their_case``):
    OCR misread it, and which area it numbers is unsure."""
    runs = area_runs(records)
    numbers = [run[0].levels[0].number or "" for run in runs]
    for at in letters_out_of_case(numbers):
        verdict.add("area_letter_case", first_page(runs[at][0].pages), repr(numbers[at]))


_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


def misread_number(printed: Optional[str]) -> bool:
    """A level's number OCR made letters of: digits beside a run of letters that is no Roman
    numeral ('1.' read 'ks' over '1': 'ks1'), or letters in mixed case ('IPli'); '1a', 'b.',
    'IV' and 'Ia' are numbers. Pure."""
    token = (printed or "").strip()
    runs = [run for run in _LETTER_RUN.findall(token) if area_number_of(run) is None]
    mixed = any(not (run.isupper() or run.islower() or run.istitle()) for run in runs)
    return bool(runs) and (mixed or any(c.isdigit() for c in token))


def numbering_breaks(
    records: list[Record], verdict: Verdict, pages: Optional[dict[int, PageContent]] = None
) -> None:
    """Under one parent a level counts on one by one (1, 2, 3 or a, b, c), and a number like
    '2.3' names its parent's number: a child whose number skips, restarts or names another
    parent was put under the wrong parent, or a row between was lost. Each level below the area
    is judged (areas may keep the numbers of a national list: 1, 5, 6, 8). A parent's first child
    may start at 1 or go on from the previous parent's last (tables number across parents).
    Letters under numbers in one column ('1. Rasio', 'a. Diploma', 'b. Sarjana', '2. Proses')
    are a list inside the list: each kind (``list_kind``) counts on its own, and a change of kind
    may start. A number skipped forward under the same parent between two rows adjacent in one
    ruled table (``printed_skip``) is the print's: no row lies between them to have been lost."""
    depth = max((len(r.levels) for r in records), default=0)
    for index in range(1, depth):
        last_parent: Optional[tuple] = None
        last_child: Optional[tuple[str, str]] = None
        last_kind = ""
        last_by_kind: dict[str, frozenset[int]] = {}
        unnumbered: set[tuple] = set()  # children since the last numbered one, without a number
        for at, record in enumerate(records):
            if len(record.levels) <= index:
                continue
            parent = tuple((lv.number, fold(lv.text)) for lv in record.levels[:index])
            level = record.levels[index]
            child = (level.number or "", fold(level.text))
            numbering = numbering_of(level.number)
            if numbering is None and misread_number(level.number):
                verdict.add(
                    "numbering_breaks",
                    first_page(record.pages),
                    f"{level.number!r} is no number {level.text[:50]!r}",
                )
            if numbering is None and not level.number and level.role != "indicator":
                unnumbered.add(parent + (child,))
            if numbering is None or child == last_child and parent == last_parent:
                continue
            parents, values = numbering
            kind = list_kind(level.number or "")
            last_values = last_by_kind.get(kind, frozenset())
            parent_values = numbering_of(record.levels[index - 1].number)
            # A child whose number OCR left unread still takes its place in the count (fuzz
            # scan seed 133: "B", its "1" unread in a merged cell, then "2").
            skipped = len(unnumbered)
            unnumbered = set()
            allowed = {v + 1 + k for v in last_values for k in {0, skipped}}
            if parent != last_parent or kind != last_kind:
                allowed |= {
                    1,
                    1 + skipped,
                }  # a new parent (or a list inside) starts at 1 or goes on counting
            wrong_parent = (
                bool(parents)
                and parent_values is not None
                and not parent_values[0]
                and parents[-1] not in parent_values[1]
            )
            skipped_on = (
                parent == last_parent
                and kind == last_kind
                and bool(last_values)
                and min(values) > max(allowed, default=0)
            )
            printed = skipped_on and at > 0 and printed_skip(records[at - 1], record, pages or {})
            if wrong_parent or (last_values and not values & allowed and not printed):
                verdict.add(
                    "numbering_breaks",
                    first_page(record.pages),
                    f"{last_child[0] if last_child else ''} → {level.number} {level.text[:50]!r}",
                )
            last_parent, last_child, last_kind = parent, child, kind
            last_by_kind[kind] = values


def printed_skip(before: Record, after: Record, pages: dict[int, PageContent]) -> bool:
    """The rows of two records lie one on the other in one ruled table on one page (the first's
    bottom ruling the second's top): no row between them was lost, a number skipped there is
    skipped in the print (the SPM's '1. Pelaksanaan', a blank cell, '3. Revisi')."""
    if not (before.bbox and after.bbox and after.pages and before.pages == after.pages[:1]):
        return False
    page = pages.get(after.pages[0])
    if page is None or abs(after.bbox[1] - before.bbox[3]) > ROWS_MEET:
        return False
    return any(
        found.strategy == "lines"
        and contains_centre(found.bbox, before.bbox)
        and contains_centre(found.bbox, after.bbox)
        for found in page.tables
    )


# Two rows of a ruled table meet where one's bottom ruling is the other's top (the two edges of
# one stroke differ by a fraction of a point).
ROWS_MEET = 2.0


def split_parents(records: list[Record], verdict: Verdict) -> None:
    """A parent cell is read once, for the rows it spans: the same level text in two records in
    a row under two different parents is one cell whose rows were shared out between the parent
    above and the next (a merged cell's text centred over rows that straddle a parent's edge).
    The leaf is not judged: two indicators may read alike under two activities."""
    for before, after in zip(records, records[1:]):
        if len(before.levels) != len(after.levels):
            continue
        for index in range(1, len(after.levels) - 1):
            text = fold(after.levels[index].text)
            above = [fold(lv.text) for lv in before.levels[:index]]
            # a cell of words, not a sign or a unit ('%', '-') that rows repeat
            if len(WORD.findall(text)) >= 2 and text == fold(before.levels[index].text):
                if above != [fold(lv.text) for lv in after.levels[:index]]:
                    verdict.add("level_under_two_parents", first_page(after.pages), repr(text[:60]))
                break


def levels_alike(records: list[Record], pages: list[PageContent], verdict: Verdict) -> None:
    """Each level of a record, and its schedule, says something of its own: the same text (of two
    words or more) in two of them is one cell read into two columns (two columns run together,
    their words interleaved, read into both). Two levels that each open with a number of their
    own, not the same ('2. Jadwal kuliah' over '1. Jadwal kuliah'), are two cells that print it;
    so are two whose words the page prints as often as the levels give them, in the record's row
    ('1. Sistem Informasi Penelitian' | 'Sistem Informasi Penelitian': jenis and indicator). An
    area read from a banner (under no column's header) is printed in the banner's row, not the
    record's: the row need print the text only as often as its other levels give it."""
    by_number = {page.number: page for page in pages}
    for record in records:
        cells = [
            (lv.text, lv.number, not (lv.role == "area" and lv.header is None))
            for lv in record.levels
        ]
        cells.append((record.schedule_text, None, True))
        numbers: dict[str, list[Optional[str]]] = {}
        in_row: Counter[str] = Counter()
        for text, number, own in cells:
            if len(WORD.findall(text)) >= 2:
                numbers.setdefault(fold(text), []).append(number)
                in_row[fold(text)] += own
        alike = [
            text
            for text, printed in numbers.items()
            if len(printed) > 1
            and not (all(printed) and len(set(printed)) == len(printed))
            and not printed_as_often(text, in_row[text], record, by_number)
        ]
        if alike:
            verdict.add("text_in_two_levels", first_page(record.pages), repr(alike[0][:60]))


def printed_as_often(text: str, times: int, record: Record, pages: dict[int, PageContent]) -> bool:
    """Whether the record's row, on its first page, prints each word of ``text`` ``times`` times
    or more: the text is in that many cells. One cell read into several columns printed it once.
    Words cut from the row (a page break, a word joined from two lines) leave it in doubt."""
    page = pages.get(record.pages[0]) if record.pages else None
    if page is None or record.bbox is None:
        return False
    x0, top, x1, bottom = record.bbox
    ink = Counter(
        bare_word(w.text)
        for w in page.words
        if top <= (w.top + w.bottom) / 2 <= bottom and x0 <= (w.x0 + w.x1) / 2 <= x1
    )
    wanted = Counter(bare_word(word) for word in text.split())
    return all(ink[word] >= count * times for word, count in wanted.items() if word)


def bare_word(text: str) -> str:
    """A word without case or the marks around it, to count its prints."""
    return re.sub(r"^\W+|\W+$", "", text.casefold())


def unnumbered_tables(tables: list[PlanTable], verdict: Verdict) -> None:
    """A table with a number column numbers its first row (later rows may inherit the number
    of a merged cell); a first row without one had its number misread. A table right after
    another one's page may open with the rest of that one's last row, so it is not judged."""
    last_page = 0
    for table in tables:
        follows_another = bool(table.pages) and table.pages[0] <= last_page + 1 and last_page > 0
        last_page = max(table.pages or [last_page])
        if Role.NUMBER not in table.roles or follows_another:
            continue
        rows = [row for row in table.rows if leaf_of(row)]
        if (
            rows
            and not (rows[0].banner and rows[0].banner[0])
            and not any(rows[0].cells.get(role) for role in NUMBER_ROLES)
        ):
            verdict.add("number_missing", first_page(rows[0].pages), repr(leaf_of(rows[0])[:60]))


ITEM_NUMBER = re.compile(r"^\d{1,3}[.)]\s")


def numbers_out_of_place(tables: list[PlanTable], verdict: Verdict) -> None:
    """In a table with a number column, a row's number belongs there:
    - a text that opens with an item number ('2. Persentase …') took the row's number;
    - a number cell holding consecutive numbers ('8.9.10.') where the table numbers its rows
      one by one holds several rows run together."""
    for table in tables:
        if Role.NUMBER not in table.roles:
            continue
        numbers = [row_number(row) for row in table.rows]
        parts = [re.findall(r"\d+", number) for number in set(numbers) if number]
        flat = sum(len(p) == 1 for p in parts) > len(parts) / 2
        for row, number in zip(table.rows, numbers):
            page = first_page(row.pages)
            if ITEM_NUMBER.match(leaf_of(row)):
                verdict.add("number_in_text", page, repr(leaf_of(row)[:60]))
            values = [int(v) for v in re.findall(r"\d+", number)]
            consecutive = all(b == a + 1 for a, b in zip(values, values[1:]))
            if flat and len(values) > 1 and consecutive:
                verdict.add("rows_run_together", page, repr(number))


# A lettered item's label opening a leaf: "b. Autentifikasi …", or "b Autentifikasi …" with the
# stop a scan lost (a lone small letter opens no Indonesian phrase).
LETTER_LABEL = re.compile(r"^[a-h][.)]?\s+\S")


def item_letters_in_text(records: list[Record], verdict: Verdict) -> None:
    """Two leaves or more opening with a lettered item's label: their column numbers its cells
    a, b, c, but too few labels were read whole for the list to be taken as one (OCR lost a
    label or its stop; assemble.take_listed_numbers), and the labels stay in the texts."""
    labelled = [record for record in records if LETTER_LABEL.match(leaf_text(record))]
    if len(labelled) >= 2:
        text = leaf_text(labelled[0])
        verdict.add("item_letters_in_text", first_page(labelled[0].pages), repr(text[:60]))


def row_number(row: TableRow) -> str:
    return next((row.cells[r] for r in NUMBER_ROLES if row.cells.get(r)), "")


def leaf_of(row: TableRow) -> str:
    return row.cells.get(Role.INDICATOR) or row.cells.get(Role.ACTIVITY) or ""


def annex_pages(pages: list[PageContent]) -> list[PageContent]:
    """The pages from the first one headed LAMPIRAN on; every page of a file that holds no
    such heading (an annex or a report table filed alone)."""
    words = thresholds().annex_words
    for index, page in enumerate(pages):
        top = [w for w in page.words if w.top < page.height / 3]
        if any(w.text.strip(":.,").lower() in words for w in top):
            return pages[index:]
    return pages


def silent_annex_pages(state: Extraction, verdict: Verdict) -> None:
    """A LAMPIRAN page with a plan table's header (a line naming plan columns, set apart as
    columns are; a grid's parent names the schedule, its labels may be misread) that gave no
    record and holds no table the records stage read or named in a
    note (a repeat, a table without a schedule); a header over nothing but the signature block
    is the table's, repeated after its last row."""
    read = {page for record in state.records for page in record.pages}
    read |= {page for table in state.tables for page in table.pages}
    for page in annex_pages(state.pages):
        if page.number in read:
            continue
        headers = [band for band in header_bands(page.words) if header_roles(band, True)]
        if headers and not header_over_nothing(page.words, headers[0]):
            verdict.add("annex_page_without_records", page.number)


def header_over_nothing(words: list[Word], header: list[Word]) -> bool:
    """A table's header repeated at a page's top over none of its rows (the table ended on the
    page before): the first line below it opens the signature block or a legend, or is set in
    another size of type than the header (the title of what follows: "SUSUNAN TIM ...")."""
    bottom = max(w.bottom for w in header)
    below = sorted(
        lines_of([w for w in words if w.top > bottom]),
        key=lambda line: min(w.top for w in line),
    )
    if not below:
        return False
    if ends_table(below[0]):
        return True
    if any(w.confidence is not None for w in [*header, *below[0]]):
        return False  # OCR's sizes are glyph heights, which vary from word to word
    size = type_size(header)
    return abs(type_size(below[0]) - size) > TYPE_SIZE_TOLERANCE * size


def text_after_last_row(state: Extraction, verdict: Verdict) -> None:
    """A ruled table holds no text below the last row read on a page that the table's rows did
    not take: such text is a row lost at the table's end. Without rulings, the text following
    on under the last row (as close as rows are) in the table's width is judged so too: a
    paragraph across the columns, a legend, a total or the signature is no row. The table there is the ruled one that
    holds the rows, or, ruled between rows only, down to the last rule as wide as the rows; the
    text must follow on from the last row (a team list or a paragraph below a plan stands apart).
    A banner on a page's last row heads the rows of the next page: its words are taken, as are
    those of another table read below it (a Perjanjian Kinerja's programmes under its targets).
    """
    limits = thresholds()
    pages = {page.number: page for page in state.pages}
    for table in state.tables:
        for number in sorted(set(table.pages)):
            page = pages.get(number)
            boxes = [row.bbox for row in table.rows if row.pages and row.pages[0] == number]
            here = [t for t in state.tables if t is table or number in t.pages]
            texts = [row_text(row) for t in here for row in t.rows] + [
                h for t in here for h in t.header
            ]
            taken = {word.lower() for text in texts for word in WORD.findall(text)}
            read_here = [
                row.bbox for t in here for row in t.rows if row.pages and row.pages[0] == number
            ]
            if page is not None and not table.rows:
                rows_not_read(page, taken, verdict)
            if page is None or not boxes:
                continue
            # the columns' edges: a paragraph under the table runs over them
            edges = sorted({x for found in page.tables for c in found.cells for x in (c[0], c[2])})
            for region, last in ruled_regions(page, boxes):
                # whole lines across the region's height: a footnote's "*)" may stand left of it
                band = (-math.inf, region[1], math.inf, region[3])
                below = sorted(
                    lines_of([w for w in page.words if contains_centre(band, w.bbox)]),
                    key=lambda line: min(w.top for w in line),
                )
                left: list[str] = []
                reach = last
                for line in below:
                    mine = [w for w in line if contains_centre(region, w.bbox) and w.top > last]
                    if not mine:
                        continue
                    if min(w.top for w in mine) - reach > limits.left_gap_max:
                        break  # set apart: no row of this table
                    if opens_legend(line) or opens_signature(line):
                        break  # a legend or footnotes under the table ("Keterangan:", "*) …"),
                        # or the signature block (ruled as a 2-column table, it is in the band)
                    if is_prose_line(mine, edges) and any(
                        x.lower() not in taken for w in mine for x in WORD.findall(w.text)
                    ):
                        break  # a paragraph under the table, across its columns: no row's
                    if is_total_line(mine):  # a total under the rows sums them: no row lost
                        reach = max(reach, max(w.bottom for w in mine))
                        continue
                    reach = max(reach, max(w.bottom for w in mine))
                    for w in mine:
                        if not any(contains_centre(box, w.bbox) for box in read_here):
                            left += [x for x in WORD.findall(w.text) if x.lower() not in taken]
                if len(left) >= limits.left_words_min:
                    verdict.add("text_after_last_row", number, repr(" ".join(left)[:60]))


def rows_on_the_page_after(state: Extraction, verdict: Verdict) -> None:
    """A table without rulings whose header is printed once goes on over the next page: the
    annex page after a plan table's last one, that no table and no record read, holds its rows
    lost when one of its first lines sets three phrases or more in the table's columns (a page
    the reader did not see go on: 'Sub Total' left of the columns at its top). A title, a team
    list's header, the signature block or a paragraph does not keep to the plan's columns. A
    page printing the plan's header again is judged by ``silent_annex_pages`` (a header over
    nothing but the totals is the table's)."""
    read = {p for record in state.records for p in record.pages}
    read |= {p for table in state.tables for p in table.pages}
    pages = {page.number: page for page in annex_pages(state.pages)}
    for table in state.tables:
        last = pages.get(max(table.pages, default=0))
        after = pages.get(last.number + 1) if last is not None else None
        if last is None or after is None or after.number in read or after.tables:
            continue
        if any(header_roles(band, True) for band in header_bands(after.words)):
            continue
        found = [t for t in last.tables if t.strategy == "text"]
        xs = sorted({round(c[0], 1) for t in found for c in t.cells})
        if len(xs) < 3:
            continue
        xs.append(max(c[2] for t in found for c in t.cells))
        lines = sorted(lines_of(after.words), key=lambda line: min(w.top for w in line))
        for line in lines[:ROWS_AFTER_LOOKAHEAD]:
            if len(runs_of(line)) >= 3 and fits_columns(line, xs):
                text = " ".join(w.text for w in line)
                verdict.add("text_after_last_row", after.number, repr(text[:60]))
                break


# The lines at the top of the page after a table that may hold its next row (a page number, a
# subtotal and a banner may come first).
ROWS_AFTER_LOOKAHEAD = 6


def rows_not_read(page: PageContent, taken: set[str], verdict: Verdict) -> None:
    """A table whose header was read but no row: the ruled table that holds its header holds no
    other text (a form left blank to fill in), or its rows were lost. Its totals are no rows (a
    page holding the header printed again over the last "Jumlah" and "JUMLAH" only)."""
    for found in page.tables:
        inside = [w for w in page.words if contains_centre(found.bbox, w.bbox)]
        words = [
            x
            for line in lines_of(inside)
            if not is_total_line(line)
            for w in line
            for x in WORD.findall(w.text)
        ]
        left = [word for word in words if word.lower() not in taken]
        if len(left) < len(words) and len(left) >= thresholds().left_words_min:
            verdict.add("text_after_last_row", page.number, repr(" ".join(left)[:60]))


def ruled_regions(page: PageContent, boxes: list[BBox]) -> list[tuple[BBox, float]]:
    """Where a table's rows on a page are ruled, with the bottom of the last row read there: each
    ruled table holding some of the rows, and the band down to the last horizontal rule below
    them as wide as the rows (a table ruled between its rows only)."""
    out: list[tuple[BBox, float]] = []
    for found in page.tables:
        inside = [box for box in boxes if contains_centre(found.bbox, box)]
        if inside:
            bbox = found.bbox
            if found.strategy == "text":  # without rulings the table ends where its reader
                # stopped: the text following on below it is judged as well
                bbox = (bbox[0], bbox[1], bbox[2], math.inf)
            out.append((bbox, max(box[3] for box in inside)))
    x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
    last = max(b[3] for b in boxes)
    wide = [y for rx0, y, rx1 in page.rules if min(rx1, x1) - max(rx0, x0) >= RULE_SPAN * (x1 - x0)]
    if any(y > last + 1 for y in wide):
        out.append(((x0, last, x1, max(wide) + 1), last))
    return out


# A rule under as much of the rows' width belongs to their table.
RULE_SPAN = 0.9


def row_text(row: TableRow) -> str:
    """Every text a table row holds: its cells, banner, extra columns and grid cells."""
    texts = [*row.cells.values(), *row.extra.values(), *row.grid_texts]
    texts += [*(row.quarter_marks or {}).values(), row.banner[1] if row.banner else ""]
    return " ".join(texts)


def unreadable_tables(state: Extraction, verdict: Verdict) -> None:
    """A schedule table in a page image whose words OCR could not read: its cells hold a
    schedule's signs (marks, month names), and many of its words were read with low confidence,
    few of them Indonesian words. What was read from it (or nothing, when no header could be
    read) cannot be trusted. A clean scan's plan reads with high confidence; a blurred page of
    prose in a frame holds no schedule (and gives no plan to miss)."""
    limits = thresholds()
    for page in state.pages:
        if not page.ocr:
            continue
        for found in page.tables:
            words = [w for w in page.words if contains_centre(found.bbox, w.bbox)]
            scored = [w.confidence for w in words if w.confidence is not None]
            signs = sum(map(is_schedule_sign, (w.text for w in words)))
            if len(scored) < limits.unreadable_words_min or signs < limits.schedule_signs_min:
                continue
            low = sum(c < limits.low_confidence for c in scored) / len(scored)
            known = real_word_share(" ".join(w.text for w in words)) or 0.0
            if low >= limits.low_confidence_share and known <= limits.known_word_share:
                verdict.add(
                    "table_unreadable",
                    page.number,
                    f"{low:.0%} of {len(scored)} words read with low confidence",
                )


def is_schedule_sign(text: str) -> bool:
    """A grid's mark ('√', 'v') or a month's name: a cell of a schedule."""
    mark = is_mark(text) and not any(ch.isdigit() for ch in text)
    return mark or fold_header(text) in month_names()


def header_cells(line: list[Word], columns: list[float]) -> list[str]:
    """The texts of a header band's cells: the words between two column gutters, top-down. A
    cell naming no column that narrower gutters part into cells that do is those cells: narrow
    columns set their wrapped headers closer than a gutter ('Keterangan / Tambahan' beside
    'Satuan / Output / Kegiatan' read as one cell names an activity); so is one naming a
    column none of those cells names, its words mixed ('Bukti Dukung' beside 'Satuan Output
    Kegiatan' names no indicator)."""
    edges = [float("-inf"), *columns, float("inf")]
    cells = []
    for left, right in zip(edges, edges[1:]):
        inside = [w for w in line if left < w.x0 < right]
        if not inside:
            continue
        text = top_down(inside)
        narrow = gutters([(w.x0, w.x1) for w in inside])
        if narrow:
            whole = role_of_header(text)
            parts = header_cells(inside, narrow)
            roles = [role_of_header(part) for part in parts]
            if all(roles) if whole is None else any(roles) and whole not in roles:
                cells += parts
                continue
        cells.append(text)
    return cells


def top_down(words: list[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: (w.top, w.x0)))


def columns_lost(state: Extraction, verdict: Verdict) -> None:
    """A table read with fewer plan columns than its header names: a schedule named but not
    read, or fewer hierarchy columns than the header has (columns run together)."""
    pages = {page.number: page for page in state.pages}
    for table in state.tables:
        # a month grid's columns run together into one without a role ('Jan Feb' over '1 1'),
        # or a period of the grid left without one ('I', 'II', 'IV' beside a quarter 'III')
        merged_months = [
            header
            for role, header in zip(table.roles, table.column_headers)
            if not role
            and (
                any(fold_header(w) in month_names() for w in header.split())
                or (
                    header.split()
                    and all(fold_header(w) in period_labels() for w in header.split())
                )
            )
        ]
        if merged_months and any(Role(r).is_grid for r in table.roles if r):
            verdict.add("columns_lost", first_page(table.pages), repr(merged_months[0][:60]))
        if not table.pages or table.pages[0] not in pages or not table.rows:
            continue
        # the band that holds the whole header: a band starting mid-header reads a cell's last
        # line alone ('Output' of 'Satuan Output')
        words = pages[table.pages[0]].words
        bands = [(header_roles(b), b) for b in header_bands(words) if not starts_mid_cell(b, words)]
        named = max(bands, key=lambda rb: (len(rb[0]), len(rb[1])), default=(set(), []))[0]
        roles = {Role(r) for r in table.roles if r}
        read_schedule = Role.SCHEDULE in roles or any(r.is_grid for r in roles)
        hierarchy = {Role.AREA, Role.ACTIVITY, Role.INDICATOR}
        read_levels = sum(
            1 for r in table.roles if r and (Role(r) in hierarchy or Role(r).is_sub_level)
        )
        # periods under a header of reported figures ("Realisasi … Triwulan I - IV") are values
        reported = any(is_value_parent(text) for text in table.header)
        read_levels += Role.STACKED in roles  # one column that carries every level
        lost_schedule = Role.SCHEDULE in named and not read_schedule and not reported
        if lost_schedule or len(named & hierarchy) > read_levels:
            verdict.add("columns_lost", table.pages[0], ", ".join(sorted(named)))


def starts_mid_cell(band: list[Word], words: list[Word]) -> bool:
    """A band whose first line goes on from a line just above it in the same column: it reads a
    header cell's lower lines alone ('Output Kegiatan' of 'Satuan Output Kegiatan' names an
    indicator; the unit's header is the whole cell). Pure."""
    top = min(w.top for w in band)
    first = [w for w in band if w.top - top < (w.bottom - w.top) / 2]
    # A line may also start below the band's top inside it, its cell's line above the band:
    # centred cells beside it set the band's top ('Output' of 'Satuan Output' under 'NO Kegiatan
    # Target' on a scan, the lines read apart; 'Kegiatan' of 'Penanggung Jawab Kegiatan' beside
    # a centred 'NO' on Chromium's text layer, seed 5783), naming a column read right.
    inside = [w for w in band if w not in first]
    return any(
        0 <= w.top - u.bottom <= paragraph_gap(w) * (w.bottom - w.top)
        and min(w.x1, u.x1) > max(w.x0, u.x0)
        for w in first + inside
        for u in words
        if u.bottom <= w.top and (w in first or all(u is not b for b in band))
    )


def paragraph_gap(word: Word) -> float:
    """How far below a cell's line, in line heights, the cell's next line starts at most: OCR
    boxes a line by its ink, which makes the leading look twice as wide (grid.OCR_PARAGRAPH_GAP)."""
    return PARAGRAPH_GAP if word.confidence is None else OCR_PARAGRAPH_GAP


def header_bands(words: list[Word]) -> list[list[Word]]:
    """Each text line, alone and with the lines just below it: a header's cells are centred on
    each other, so a one-line header sits between the lines of a two-line one."""
    lines = sorted(lines_of(words), key=lambda line: min(w.top for w in line))
    reach = thresholds().header_band_height
    bands = []
    for i, line in enumerate(lines):
        top = min(w.top for w in line)
        below = [other for other in lines[i:] if min(w.top for w in other) - top <= reach]
        # a header whose cells have two lines ends where a wider gap than those inside it parts
        # it from the body's first line (which would make a wrong band of it: 'PROGRAM' in the
        # first row names an activity)
        gaps = [min(w.top for w in b) - max(w.bottom for w in a) for a, b in zip(below, below[1:])]
        parted = [
            [w for other in below[:end] for w in other]
            for end in range(2, len(below))
            if gaps[end - 1] > max(gaps[: end - 1]) + LINE_GAP_SLACK
        ]
        bands += [line, *parted]
        if not any(map(is_plan_header_line, parted)):
            bands.append([w for other in below for w in other])
    return bands


# A gap between lines this much (points) wider than those above it parts a header from the body.
LINE_GAP_SLACK = 1.0


def is_plan_header_line(line: list[Word]) -> bool:
    return bool(header_roles(line))


def header_roles(line: list[Word], parent_schedules: bool = False) -> set[Role]:
    """The roles a plan table's header line names, or none when the line is not one: its words
    are mostly header words, stand apart as columns do, and name plan columns (activity,
    indicator, schedule) in one word or several ('Ukuran Keberhasilan'); a sentence or a
    contents line that mentions them is no header. With ``parent_schedules`` a grid's parent
    over the periods of a year ('Triwulan', 'Bulan'; not a report's 'Tahun 2021') names the
    schedule without the labels under it (which a scan's OCR may have misread: 'I " 1 IV')."""
    limits = thresholds()
    small = small_words()
    words = {fold_header(w.text) for w in line if any(ch.isalpha() for ch in w.text)} - small
    if not words:
        return set()
    # header cells stand apart, as columns do; a sentence's words do not
    columns = gutters([(w.x0, w.x1) for w in line], min_width=limits.column_gap)
    if len(columns) < limits.plan_header_roles_min - 1:
        return set()
    cells = [part for cell in header_cells(line, columns) for part in phrases_of(cell)]
    cell_roles = [role_of_header(text) for text in cells]
    # mostly header words, or, naming a schedule, mostly cells that each name a column ('Bukti
    # Dukung' beside 'No | Kegiatan | Output | Waktu': a column the vocabulary does not know; a
    # report's 'Realisasi Kinerja' beside 'Target Kinerja' is no plan's)
    word_share = len(words & header_vocabulary()) / len(words)
    cell_share = sum(1 for r in cell_roles if r) / len(cells)
    if Role.SCHEDULE not in cell_roles:
        cell_share = 0.0
    if max(word_share, cell_share) < limits.header_word_share:
        return set()
    # a month or quarter grid's header is a schedule's: a run of period labels says so too, and
    # names a dozen columns no body row has
    plan = {Role.SCHEDULE if r.is_grid else r for r in cell_roles if r}
    month_numbers = {w.text for w in line if w.text.isdigit() and 1 <= int(w.text) <= 12}
    period_run = (
        len({w for w in words if w in period_labels()}) >= limits.period_labels_min
        or len(month_numbers) >= limits.month_numbers_min
    )
    parent_of_periods = any(
        role is Role.PARENT and parents_periods(cell) for cell, role in zip(cells, cell_roles)
    )
    if period_run or (parent_schedules and parent_of_periods):
        plan.add(Role.SCHEDULE)
    named = plan - {Role.PARENT, Role.DUPLICATE}
    # ... or every cell names a plan column: a plan of two columns ('Kegiatan | Target Waktu')
    every_cell_plan = all(r in PLAN_COLUMN_ROLES for r in cell_roles)
    # ... or a plan without a schedule, as the table readers count one (an IKU's 'No |
    # Indikator Kinerja | Target', a Renstra's 'Sasaran | Indikator Kinerja', 'Program | Anggaran')
    unscheduled = bool(plan_companions(plan, cells))
    planned = len(plan & PLAN_COLUMN_ROLES) >= limits.plan_header_roles_min or unscheduled
    enough = planned and (len(named) >= limits.header_roles_min or period_run or every_cell_plan)
    return named if enough else set()


@lru_cache(maxsize=1 << 14)  # pure in the text; a header cell recurs in every band holding it
def phrases_of(cell: str) -> tuple[str, ...]:
    """A header cell that names no column may be several set closer than a gutter ('No Area
    Reformasi Birokrasi Hasil yang Diharapkan'): the cell in header phrases, each naming a
    column word for word (no fuzzy match: body text is near many headers), when its words split
    so; else the cell as it is."""
    if role_of_header(cell):
        return (cell,)
    words = cell.split()
    # best[i]: the phrases of words[:i], each naming a column (None: they do not split so)
    best: list[Optional[list[str]]] = [[]] + [None] * len(words)
    longest = longest_header_phrase()
    for end in range(1, len(words) + 1):
        for start in range(end - 1, -1, -1):
            head = best[start]
            phrase = " ".join(words[start:end])
            folded = fold_header(phrase)
            if len(folded) > longest:  # a longer phrase only folds longer: none can match
                break
            if head is not None and folded in header_phrases():
                best[end] = [*head, phrase]
                break
    found = best[-1]
    return tuple(found) if found and len(found) > 1 else (cell,)


@cache
def month_names() -> frozenset[str]:
    """Month names as headers print them (Jan, Februari), folded; not the numerals."""
    return frozenset(fold_header(m) for m in vocab.month_spellings() if len(m) >= 3)


@cache
def longest_header_phrase() -> int:
    return max(map(len, header_phrases()), default=0)


@cache
def header_phrases() -> frozenset[str]:
    """Every column header of vocab/columns.yaml, folded."""
    return frozenset(synonym for synonym, _ in column_vocab().synonyms)


@cache
def period_labels() -> frozenset[str]:
    """Month names, quarter words and numerals as a grid's column headers print them (Jan,
    Februari, TW, I, II, III, IV)."""
    schedule = vocab.load("schedule.yaml")
    numerals = {str(spellings[0]) for spellings in schedule["ordinals"].values()}
    numerals |= {fold_header(str(w)) for w in schedule["quarter_words"] if " " not in str(w)}
    return frozenset({fold_header(m) for m in vocab.month_spellings()} | numerals)


@cache
def header_vocabulary() -> frozenset[str]:
    """Every word of every column header and grid parent in vocab/columns.yaml, folded, but the
    small words ('dan', 'yang') that prose has as well."""
    data = vocab.load("columns.yaml")
    phrases = [str(s) for synonyms in data["roles"].values() for s in synonyms]
    phrases += [str(s) for s in data["grid_parents"] + data["month_parents"]]
    words = {fold_header(word) for phrase in phrases for word in phrase.split()}
    return frozenset((words - small_words()) | period_labels())


@cache
def small_words() -> frozenset[str]:
    """The small words ('dan', 'yang', 'dalam') that headers and prose share: they say nothing
    about a line being a header."""
    return frozenset(fold_header(str(w)) for w in vocab.load("columns.yaml")["open_endings"])


def split_rows(records: list[Record], verdict: Verdict) -> None:
    """The first record of a page that reads on from the last record of the page before: its
    text starts in lower case, or it lacks what every row of its plan has (a schedule; where the
    plan has none, its values: an IKU's targets). That is the rest of a row cut by the page
    break. So is a first record lacking it under the same parents as the last one before the
    break, wherever its text starts, where the plan's other rows all have it: a word processor
    or a browser closes each part of a cut row with its own rule, and the rest ('Dokumentasi dan
    Informasi Hukum BPS.', 'WONOSALAM, KEC BARENG') may open with a capital."""
    if any(map(is_scheduled, records)):
        own: Optional[Callable[[Record], bool]] = is_scheduled
    else:
        own = has_values if any(map(has_values, records)) else None
    lacking = sum(1 for r in records if own and not own(r))
    for before, after in zip(records, records[1:]):
        if not before.pages or not after.pages or after.pages[0] <= before.pages[-1]:
            continue
        leaf_before, leaf_after = leaf_text(before), leaf_text(after)
        lacks = own is not None and not own(after)
        same_parents = [lv.text for lv in before.levels[:-1]] == [
            lv.text for lv in after.levels[:-1]
        ]
        alone_lacking = lacks and lacking == 1 and same_parents
        if alone_lacking or (
            reads_on(leaf_before, leaf_after) and (lacks or leaf_after[:1].islower())
        ):
            verdict.add("row_split_at_page_break", after.pages[0], repr(leaf_after[:60]))


def texts_left_open(records: list[Record], verdict: Verdict) -> None:
    """A record's level text that stops where no phrase ends ('… telah dijabarkan dalam', '…
    kepada'): the rest of its cell went to another row or was lost (a cell's last line read as
    a row of its own). None of 6,082 hand-read texts in corpus/ and the fuzz data stops so."""
    seen: set[str] = set()
    for record in records:
        for level in record.levels:
            text = level.text or ""
            if text not in seen and stops_open(text, marks=False):
                verdict.add("text_left_open", first_page(record.pages), repr(text[-60:]))
            seen.add(text)


def repeated_records(records: list[Record], verdict: Verdict) -> None:
    """Two records in a row on one page with the same levels, area and all: one row read as
    two (a number or a mark in a grid row of its own). IKU targets may list an indicator once
    per target year or unit, so only a scheduled plan is judged."""
    if not any(map(is_scheduled, records)):
        return
    for before, after in zip(records, records[1:]):
        if (
            before.pages == after.pages
            and before.area_number == after.area_number
            and [(lv.role, lv.text) for lv in before.levels]
            == [(lv.role, lv.text) for lv in after.levels]
        ):
            verdict.add("record_repeated", first_page(after.pages), repr(leaf_text(after)[:60]))


def headers_as_records(records: list[Record], verdict: Verdict) -> None:
    """A record whose texts are column headers ('Sub Kegiatan', 'Indikator'): a header row
    printed again on a later page, read as a row; or whose texts are numbers and marks without
    a word ('(1)', '2 | 3'): the column numbers under the header, in any table."""
    scheduled = any(map(is_scheduled, records))
    for record in records:
        echoes = [lv.text for lv in record.levels if lv.header and fold(lv.text) == fold(lv.header)]
        if scheduled and len(echoes) >= 2:  # IKU targets: judged by their numbers only
            verdict.add("header_as_record", first_page(record.pages), repr(" | ".join(echoes)[:60]))
        texts = [lv.text for lv in record.levels if lv.text]
        if texts and not any(re.search(r"[^\W\d_]", text) for text in texts):
            verdict.add("header_as_record", first_page(record.pages), repr(" | ".join(texts)[:60]))


def gaps_in_rows(records: list[Record], verdict: Verdict) -> None:
    """Rows that lack what the plan's other rows have: a level left empty where the others fill
    it (a cell read into the wrong row), or, in a scheduled plan, a schedule (a banner or a
    row's rest read as a row of its own). One row without a schedule may be meant so."""
    scheduled = [r for r in records if is_scheduled(r)]
    if not scheduled:
        # IKU targets: a level may be left empty on purpose (an IKU without a Sasaran), but a
        # row with neither leaf nor a value of its own is the rest of a cell cut by a page break
        # read as a row ('berbasis desktop (client-server)' alone at a page's top)
        for record in records:
            if record.levels and not record.levels[-1].text and not has_values(record):
                verdict.add("level_missing", first_page(record.pages), repr(leaf_text(record)[:60]))
        return
    depth = Counter(len(r.levels) for r in records).most_common(1)
    for record in records:
        gap = (
            depth and len(record.levels) == depth[0][0] and not all(lv.text for lv in record.levels)
        )
        # a row with neither leaf nor schedule in a scheduled plan, however deep: a banner or a
        # parent read as a row of its own ('I | Manajemen Perubahan' alone at a page's foot)
        bare = bool(record.levels) and not record.levels[-1].text and not is_scheduled(record)
        if gap or bare:
            verdict.add("level_missing", first_page(record.pages), repr(leaf_text(record)[:60]))
    unscheduled = [r for r in records if not is_scheduled(r)]
    if len(scheduled) > len(unscheduled) > thresholds().unscheduled_rows_max:
        first = unscheduled[0]
        verdict.add("rows_without_schedule", first_page(first.pages), repr(leaf_text(first)[:60]))


def has_values(record: Record) -> bool:
    """A record measures something: a target, unit or budget, or a column kept by header."""
    return bool(record.target or record.unit or record.budget or any(record.extra.values()))


def doubtful_tables(state: Extraction, verdict: Verdict) -> None:
    """A page whose records come from a table the finder read one way where the page's geometry
    allows another (``FoundTable.doubts``: parents set at their rows' top or centred over others,
    in a table without rulings): the reading is a guess. One table sets its parents one way on
    every page: another of its pages that shows them set at the top, as this page was read,
    settles the doubt."""
    pages_read = {page for record in state.records for page in record.pages}
    settings = {page.number: {t.parents for t in page.tables if t.parents} for page in state.pages}
    for page in state.pages:
        if page.number not in pages_read:
            continue
        shown = {
            setting
            for table in state.tables
            if page.number in table.pages
            for other in table.pages
            if other != page.number
            for setting in settings.get(other, set())
        }
        for table in page.tables:
            for doubt in table.doubts:
                if doubt == PARENTS_EITHER_WAY and shown & {AT_TOP, CENTRED} == {AT_TOP}:
                    continue
                verdict.add(doubt, page.number)


def doubted_words(state: Extraction, verdict: Verdict) -> None:
    """Records holding words OCR may have misread (``records.doubted_words_by_record``: no word
    the lists know, a stray symbol or quote, a listed word a second reading did not bear out):
    a misreading left as read is a row a person must read against the page. A word whose only
    doubt is a printed typo's shape (``spelling.typo_shaped``: no OCR confusion from a listed
    word, and one letter off one or read alike on its own) warns its record but is no reason:
    authors type "implememntasi", "memeliharana", and OCR reads them as printed."""
    alike = {page.number: set(page.read_alike) for page in state.pages}
    doubted: dict[Optional[int], list[str]] = {}
    for record, held in zip(state.records, doubted_words_by_record(state)):
        twice = set().union(*(alike.get(p, set()) for p in record.pages))
        if any(not typo_shaped(word, word in twice) for word in held):
            doubted.setdefault(first_page(record.pages), []).append(
                record.indicator or record.activity
            )
    for page, labels in doubted.items():
        verdict.add("words_doubted", page, f"{len(labels)} record(s), e.g. {labels[0][:60]!r}")


def overprinted_text(state: Extraction, verdict: Verdict) -> None:
    """Records read where the text layer prints glyphs over other glyphs (a table printed over
    another's repeated header): their words interleave ("kJuermjal") and cells mix."""
    least = thresholds().overprinted_glyphs_min
    overprints = {page.number: page.overprints for page in state.pages if page.overprints}
    for record in state.records:
        page = first_page(record.pages)
        if record.bbox is None or page not in overprints:
            continue
        inside = sum(contains_centre(record.bbox, glyph) for glyph in overprints[page])
        if inside >= least:
            verdict.add("overprinted_text", page, f"{inside} glyphs over others")


def text_off_page(state: Extraction, verdict: Verdict) -> None:
    """A page whose lines run past its edge (a table wider than the page it is printed on: its
    last columns cut mid-word): what it prints there no reader sees, and its rows, read or not,
    lack it."""
    least = thresholds().cut_glyphs_min
    for page in state.pages:
        if page.cut_at_edge >= least:
            verdict.add("text_off_page", page.number, f"{page.cut_at_edge} glyphs past the edge")


def speckled_pages(state: Extraction, verdict: Verdict) -> None:
    """OCR'd pages dusted with toner specks: OCR read many of them as marks (dropped), and the
    specks that touch letters change words no check can see ("perenganaan", "SAKIP'Dinas")."""
    least = thresholds().speck_readings_min
    for page in state.pages:
        if page.specks >= least:
            verdict.add("speckled_page", page.number, f"{page.specks} specks read as marks")


def leaf_text(record: Record) -> str:
    return record.indicator or record.activity


def metadata_missing(state: Extraction, verdict: Verdict) -> None:
    """Fields every decree or regulation has, a plan table or not (a scan read in part leaves
    them empty); a document of another kind (a LAKIP report, a Perjanjian Kinerja) is not held
    to them."""
    kinds = thresholds().numbered_kinds
    if not any(k in (state.metadata.kind or "").lower() for k in kinds):
        return
    limits = thresholds()
    required = list(limits.required_metadata)
    read = state.metadata
    if read.considerations or read.dictums:
        required += limits.required_with_body
    if (read.considerations or read.legal_bases or read.dictums) and any(
        k in (read.kind or "").lower() for k in limits.preamble_kinds
    ):
        required += limits.required_in_preamble
    if any(is_scheduled(record) for record in state.records):
        required += limits.required_when_scheduled
    meta = state.metadata.model_dump()
    missing = [name for name in required if not meta.get(name)]
    if state.name_under_signature is not None:  # signed, the name lost under the signature
        missing.append("signatory")
    if missing:
        verdict.add("metadata_missing", 1, ", ".join(missing))


def metadata_unsure(state: Extraction, verdict: Verdict) -> None:
    """Fields OCR read whose look-alike glyphs the page image did not settle: a NOMOR's "11"
    may be a Roman "II" (each is a month), and nothing in the text tells them apart."""
    for warning in state.warnings:
        if warning.code == WarningCode.METADATA_UNSURE.value:
            verdict.add("metadata_unsure", warning.page or 1, warning.message.split(":", 1)[0])


def is_scheduled(record: Record) -> bool:
    return bool(record.months or record.periods or record.schedule_text or record.quarter_targets)


def is_unparsed(record: Record) -> bool:
    return any(w.startswith(WarningCode.SCHEDULE_UNPARSED.value) for w in record.warnings)


def schedules(records: list[Record], plan_year: Optional[int], verdict: Verdict) -> None:
    limits = thresholds()
    scheduled = [r for r in records if is_scheduled(r)]
    unparsed = [r for r in scheduled if is_unparsed(r)]
    if scheduled and len(unparsed) > limits.unparsed_share_max * len(scheduled):
        first = unparsed[0]
        verdict.add("schedule_unparsed", first_page(first.pages), repr(first.schedule_text[:60]))
    if plan_year is None:
        return
    leaving = [r for r in scheduled if any(not p.startswith(str(plan_year)) for p in r.periods)]
    for record in leaving:
        years = {int(p[:4]) for p in record.periods}
        if any(abs(year - plan_year) > limits.years_around_plan_year for year in years):
            verdict.add(
                "months_outside_plan_year", first_page(record.pages), ", ".join(record.periods[:3])
            )
    if scheduled and len(leaving) > len(scheduled) / 2:
        first = leaving[0]
        verdict.add(
            "months_outside_plan_year", first_page(first.pages), ", ".join(first.periods[:3])
        )


# ---------------------------------------------------------------- the counts


def is_complete(record: Record) -> bool:
    levels_filled = all(level.text for level in record.levels)
    scheduled = bool(record.months or record.periods)
    return levels_filled and bool(record.indicator) and scheduled


def nothing_read(state: Extraction, verdict: Verdict) -> None:
    """Pages that hold words gave neither a record nor what names a document (its kind, number
    or title): a scan read as noise, or a layout not understood at all, is never a clean read."""
    meta = state.metadata
    if state.records or meta.kind or meta.number or meta.title:
        return
    worded = [page for page in state.pages if page.words]
    if worded:
        words = sum(len(page.words) for page in worded)
        verdict.add("nothing_read", worded[0].number, f"{words} words on {len(worded)} pages")


def plan_not_read(state: Extraction, verdict: Verdict) -> None:
    """A decree whose title names a plan ("Rencana Aksi …", vocab/quality.yaml ``plan_titles``)
    that gave no record, though pages from its LAMPIRAN on hold words: its plan table was lost
    (a scan whose header OCR could not read; a layout not understood), not absent. The last
    check: a reason found before says where the plan went."""
    title = " ".join((state.metadata.title or "").lower().split())
    if (
        verdict.reasons
        or state.records
        or not any(name in title for name in thresholds().plan_titles)
    ):
        return
    worded = [page for page in annex_pages(state.pages) if page.words]
    if worded:
        verdict.add("plan_not_read", worded[0].number, repr(title[:60]))


def pages_left_out(state: Extraction, verdict: Verdict) -> None:
    for number, why in state.unreadable_pages:
        verdict.add("page_left_out", number, why)


def quality_of(state: Extraction) -> Quality:
    verdict = Verdict()
    pages_left_out(state, verdict)
    nothing_read(state, verdict)
    rows = [row for table in state.tables for row in table.rows]
    long_grid_text(rows, verdict)
    grid_marks_unread(state.tables, verdict)
    grid_marks_unknown(state.tables, verdict)
    grid_shading_unsure(rows, verdict)
    grid_not_read(state.tables, verdict)
    grid_of_other_years(state.tables, state.metadata.plan_year, verdict)
    levels_unsettled(state, verdict)
    headers_unread(state, verdict)
    repeated_text(rows, verdict)
    values_without_record(state.tables, verdict)
    words_split_unsure(state.tables, verdict)
    area_numbers(state.records, verdict)
    area_letters_out_of_case(state.records, verdict)
    area_restarts_in_one_table(state.records, state.tables, verdict)
    numbering_breaks(state.records, verdict, {page.number: page for page in state.pages})
    split_parents(state.records, verdict)
    levels_alike(state.records, state.pages, verdict)
    unnumbered_tables(state.tables, verdict)
    numbers_out_of_place(state.tables, verdict)
    item_letters_in_text(state.records, verdict)
    silent_annex_pages(state, verdict)
    columns_lost(state, verdict)
    text_after_last_row(state, verdict)
    rows_on_the_page_after(state, verdict)
    unreadable_tables(state, verdict)
    split_rows(state.records, verdict)
    texts_left_open(state.records, verdict)
    headers_as_records(state.records, verdict)
    repeated_records(state.records, verdict)
    gaps_in_rows(state.records, verdict)
    overprinted_text(state, verdict)
    text_off_page(state, verdict)
    speckled_pages(state, verdict)
    doubtful_tables(state, verdict)
    doubted_words(state, verdict)
    metadata_missing(state, verdict)
    metadata_unsure(state, verdict)
    schedules(state.records, state.metadata.plan_year, verdict)
    plan_not_read(state, verdict)
    return Quality(
        records=len(state.records),
        complete_records=sum(map(is_complete, state.records)),
        unparsed_schedules=sum(map(is_unparsed, state.records)),
        columns_without_role=sum(not role for table in state.tables for role in table.roles),
        needs_review=bool(verdict.reasons),
        reasons=sorted(verdict.reasons, key=lambda r: (r.page or 0, r.check)),
    )


def run(state: Extraction) -> Extraction:
    state.quality = quality_of(state)
    return state
