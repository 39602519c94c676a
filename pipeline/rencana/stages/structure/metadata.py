"""Stage 3, structure: the decree body (issuer, NOMOR, TENTANG, Menimbang, Mengingat, dictums …).

Contract: reads ``state.body_lines``, sets ``state.metadata``.

The body is read as lines in reading order. Heading lines (kind, NOMOR, TENTANG; on one line or
several) and section labels (Menimbang, Mengingat …) are found by position and vocabulary; dates and
citation forms by spaCy rule matchers over ``spacy.blank("id")``, built once and run on short texts
only. The body ends at the first LAMPIRAN or PENJELASAN heading, so an annex header never overrides
the body's NOMOR/TENTANG.

OCR'd pages read ";" as ":" or ",", "1." as "1," or "l.", and lose colons and lone markers. So item
markers are matched against the one expected next, a lost marker is recovered where an item's
opening words follow an item's end, and labels without their colon count in the left column; on
OCR pages only, labels misread by a letter or two are matched fuzzily (rapidfuzz) against the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from rencana.contract.models import Dictum, Metadata
from rencana.core.codes import WarningCode
from rencana.core.state import Extraction
from rencana.core.text import join_lines, squash, title_case
from rencana.core.types import BBox, PageContent, TextLine
from rencana.stages.structure.agreement import read_agreement
from rencana.stages.structure.dates import (
    dates_in,
    enact_re,
    enactment_place,
    misread_month_date,
    valid_until,
)
from rencana.stages.structure.labels import (
    Heading,
    find_heading,
    fix_broken_labels,
    is_official_line,
    kind_and_issuer,
    letterhead_issuer,
    office_of,
    plan_year_of,
    read_dictum_label,
    read_section_label,
    repaired_ocr_words,
    signature_name,
    strip_acting,
    without_leading_specks,
    without_stray_symbols,
)
from rencana.stages.structure.legal import (
    item_openers,
    month_numeral_repaired,
    month_settled_by,
    parse_legal_basis,
    repaired_number_digits,
    repaired_ocr_number,
    split_items,
    split_number,
    split_numbered_items,
    without_lone_bars,
    year_of_number,
)
from rencana.stages.structure.lexicon import dictum_ranks, month_numbers, words
from rencana.stages.structure.plausible import checked, number_problem, year_repaired


def _find(
    texts: list[str], pattern: re.Pattern, start: int = 0, stop: Optional[int] = None
) -> Optional[int]:
    for i in range(start, len(texts) if stop is None else min(stop, len(texts))):
        if pattern.search(texts[i]):
            return i
    return None


def _gap(lines: list[TextLine], i: int) -> float:
    """Vertical gap above line i in units of line height (page change counts as a large gap)."""
    if i == 0 or lines[i].page != lines[i - 1].page:
        return 99.0
    height = max(lines[i].bottom - lines[i].top, 1.0)
    return (lines[i].top - lines[i - 1].bottom) / height


# A signature below the block's last line read (the name's line, lost under it, and the NIP's):
# at most this many line heights below it.
_NAME_BELOW_BLOCK_LINES = 4.0

# A line of the signature block starts at least this far right of the page's left margin.
_INDENT_PT = 60.0

# The decree's own heading (kind, NOMOR, TENTANG) stands on its first pages.
_HEADING_PAGES = 3

# A label stands in the left column: within this many points of the page's leftmost body line.
_LEFT_COLUMN_PT = 15.0


def _left_margins(lines: list[TextLine]) -> dict[int, float]:
    margins: dict[int, float] = {}
    for line in lines:
        margins[line.page] = min(margins.get(line.page, line.x0), line.x0)
    return margins


def _official_from(texts: list[str]) -> Optional[str]:
    """'a.n. KETUA KOMISI …' + 'KABUPATEN X,' -> 'Ketua Komisi … Kabupaten X' (to the first comma)."""
    text = repaired_ocr_words(strip_acting(join_lines(texts))).split(",", 1)[0].strip()
    text = without_lone_bars(text)  # "DIREKTUR RUMAH { SAKIT UMUM" at low resolution
    return title_case(text) if text else None


def run(state: Extraction) -> Extraction:
    """The stage: read the body's heading, preamble, sections, dictums, enactment and signature."""
    lines = state.body_lines
    labels = words()["sections"]
    # A scan's kept layer is OCR's reading too: its lost markers and misread stops are OCR's.
    ocr_pages = {page.number for page in state.pages if page.ocr or page.ocr_layer}
    texts = [
        without_leading_specks(line.text) if line.page in ocr_pages else line.text for line in lines
    ]
    body = DecreeBody(
        lines=lines,
        texts=fix_broken_labels(texts, list(labels.values())),
        labels=labels,
        ocr_pages=ocr_pages,
        margins=_left_margins(lines),
        drawn={page.number: page.drawn for page in state.pages if page.drawn},
        unsure={p.number: p.unsure_designations for p in state.pages if p.unsure_designations},
    )
    heading = body.heading()
    # An agreement's heading, like a decree's, stands on the first pages: a LAKIP quotes its
    # Perjanjian Kinerja deep inside, and is no agreement for that.
    opening = [
        t for t, line in zip(body.texts, lines) if line.page < lines[0].page + _HEADING_PAGES
    ]
    agreement = read_agreement(opening) if heading is None and lines else None
    if agreement is not None:  # a Perjanjian Kinerja has no NOMOR of its own
        state.metadata = agreement
    elif heading is None:
        state.warn(WarningCode.METADATA_MISSING, "no NOMOR line found in the decree heading")
        state.metadata = Metadata(plan_year=first_page_plan_year(state.pages))
    if heading is None:
        for code, message in checked(state.metadata):
            state.warn(code, message)
        return state
    meta = body.metadata(heading)
    for code, message, page in body.notes:
        state.warn(code, message, page)
    noted = {message.split(" ", 1)[0] for _, message, _ in body.notes}
    for field_name in ("kind", "number", "title", "enacted_date"):
        if getattr(meta, field_name) is None and field_name not in noted:
            state.warn(WarningCode.METADATA_MISSING, f"{field_name} not found in the decree body")
    for code, message in checked(meta, body.missing_items):  # implausible values are emptied
        state.warn(code, message)
    signed = body.signature_over_name() if meta.signatory is None else None
    if signed is not None:
        state.name_under_signature = signed
        state.warn(
            WarningCode.METADATA_MISSING,
            f"signatory not read: a signature's strokes cross the signing block on page {signed}, "
            "over the place of the printed name",
            signed,
        )
    state.metadata = meta
    return state


@dataclass
class DecreeBody:
    """The body's lines and what the steps find in them, in reading order; each step is a method."""

    lines: list[TextLine]
    texts: list[str]
    labels: dict[str, str]
    ocr_pages: set[int]
    margins: dict[int, float]
    drawn: dict[int, list[BBox]] = field(default_factory=dict)  # an OCR'd page's tall strokes
    # An OCR'd page's designations whose look-alike glyphs its image did not settle, as read.
    unsure: dict[int, list[str]] = field(default_factory=dict)
    annex: list[str] = field(default_factory=list)
    sections: dict[int, tuple[str, str]] = field(default_factory=dict)
    section_at: dict[str, int] = field(default_factory=dict)
    missing_items: list[str] = field(default_factory=list)  # legal bases' skipped numbers
    dictum_at: dict[int, tuple[str, str]] = field(default_factory=dict)
    boundaries: list[int] = field(default_factory=list)
    # Warnings on what was read, each opening with the field's name: (code, message, page).
    notes: list[tuple[WarningCode, str, Optional[int]]] = field(default_factory=list)
    # The enactment's line and the signature block's lines below it, once read.
    signing: Optional[tuple[int, list[int]]] = None

    def at_left(self, i: int) -> bool:
        return self.lines[i].x0 <= self.margins[self.lines[i].page] + _LEFT_COLUMN_PT

    def on_ocr_page(self, i: int) -> bool:
        return self.lines[i].page in self.ocr_pages

    def section_of(self, i: int) -> Optional[tuple[str, str]]:
        return read_section_label(self.texts[i], self.labels, self.at_left(i), self.on_ocr_page(i))

    def heading(self) -> Optional[Heading]:
        """The heading stands before the first section label; an annex's or a citation's NOMOR never counts."""
        texts = self.texts
        # The heading block stands on the first pages; a NOMOR deep in a report is a citation.
        top = next(
            (
                i
                for i, line in enumerate(self.lines)
                if line.page >= self.lines[0].page + _HEADING_PAGES
            ),
            len(texts),
        )
        first_section = next((i for i in range(top) if self.section_of(i)), None)
        return find_heading(texts, first_section) or (
            find_heading(texts, top) if first_section is not None else None
        )

    def metadata(self, heading: Heading) -> Metadata:
        meta = Metadata()
        self.cut_annex(heading.nomor_at)
        self.read_number(meta, heading)
        self.sections = {
            i: found
            for i in range(heading.nomor_at + 1, len(self.texts))
            if (found := self.section_of(i))
        }
        after_title = self.read_title(meta, heading)
        meta.official = self.official_before(after_title)
        enacted = _find(self.texts, enact_re(), after_title)
        decided = self.find_sections(after_title)
        self.find_dictums(decided, enacted)
        self.read_sections(meta)
        operative = join_lines(
            self.texts[decided : enacted if enacted is not None else len(self.texts)]
        )
        meta.valid_until = valid_until(operative)
        meta.budget_reference = budget_reference(operative)
        if enacted is not None:
            self.read_enactment(meta, enacted)
        else:  # an annex printed on its own still closes with the official's signature
            meta.signatory = self.closing_signature(max(self.sections, default=after_title - 1) + 1)
        if enacted is None and (dated := letter_date(self.texts[: heading.nomor_at])):
            meta.enacted_place, meta.enacted_date = dated  # a letter dates itself above its heading
        if meta.enacted_date is None:  # the day left blank in the body: the annex header has it
            meta.enacted_date = annex_date(self.annex)
        if meta.enacted_date is None and enacted is not None:
            self.note_unread_month(enacted)
        if meta.enacted_date and (repaired := year_repaired(meta.enacted_date, meta.year)):
            self.notes.append(
                (
                    WarningCode.METADATA_CORRECTED,
                    f"enacted_date {meta.enacted_date.isoformat()} read as {repaired.isoformat()}:"
                    f" one digit of the year of the decree's NOMOR ({meta.year}) was misread",
                    None,
                )
            )
            meta.enacted_date = repaired
        if (
            meta.number
            and meta.enacted_date
            and self.on_ocr_page(heading.nomor_at)
            and (numeral := month_numeral_repaired(meta.number, meta.enacted_date.month))
        ):
            self.notes.append(
                (
                    WarningCode.METADATA_CORRECTED,
                    f"number {meta.number} read as {numeral}: OCR read the month numeral of a"
                    f" decree enacted in month {meta.enacted_date.month} as digits",
                    None,
                )
            )
            meta.number = numeral
        self.note_unsure_number(meta, heading)
        meta.official = self.fuller_official(meta.official, heading.kind_text)
        # Year: TAHUN in the NOMOR line, else the year closing the number, else the enactment date's.
        if meta.year is None and meta.enacted_date:
            meta.year = meta.enacted_date.year
        meta.plan_year = plan_year_of(meta.title, operative, self.annex)
        meta.office_level, meta.region = office_of(meta.issuer)
        return meta

    def cut_annex(self, nomor: int) -> None:
        """The body ends at the first LAMPIRAN or PENJELASAN heading; what follows is the annex."""
        heads = "|".join(words()["body_ends"])
        # In capitals ("LAMPIRAN I"), or in title case before its colon ("Lampiran : Keputusan …").
        ends = re.compile(rf"^(?:(?:{heads})\b|(?i:{heads})\s*:)")
        body_end = _find(self.texts, ends, nomor + 1)
        if body_end is not None:
            self.annex = self.texts[body_end:]
            self.lines, self.texts = self.lines[:body_end], self.texts[:body_end]

    def note_unsure_number(self, meta: Metadata, heading: Heading) -> None:
        """A NOMOR whose look-alike glyphs OCR read and the page image did not settle
        (``ocr.cells.settled_designation``) is unsure, unless the month the decree was
        enacted in settles its month part ("II" against "11"; not "I" against "1")."""
        page = self.lines[heading.nomor_at].page
        unsure = self.unsure.get(page, [])
        if not meta.number or not any(squash(t) in squash(heading.number_text) for t in unsure):
            return
        if meta.enacted_date and month_settled_by(meta.number, meta.enacted_date.month):
            return
        self.notes.append(
            (
                WarningCode.METADATA_UNSURE,
                f"number {meta.number}: OCR's reading of its look-alike glyphs (a Roman "
                "numeral's 'I' or a '1', a stop) is not borne out by the page image",
                page,
            )
        )

    def read_number(self, meta: Metadata, heading: Heading) -> None:
        if heading.kind_text:
            meta.kind, meta.issuer = kind_and_issuer(heading.kind_text)
        if meta.kind and meta.issuer is None:  # "SURAT EDARAN" under the letterhead's office
            meta.issuer = letterhead_issuer(self.texts[: heading.nomor_at])
        meta.number, meta.year = split_number(heading.number_text)
        # Look-alike digits are repaired in a designation that then reads; a garbled one is kept
        # as read, for the plausibility warning to quote it.
        if meta.number and number_problem(repaired := repaired_number_digits(meta.number)) is None:
            meta.number = repaired
        if meta.number and self.on_ocr_page(heading.nomor_at):
            meta.number = repaired_ocr_number(meta.number)
        if meta.year is None and meta.number:
            meta.year = year_of_number(meta.number)

    def official_follows(self, i: int) -> bool:
        """Line i opens the official's line(s): they end with ',' or run into the first section label."""
        texts, stops = self.texts, _title_stops()
        if not is_official_line(texts[i]):
            return False
        for j in range(i, min(i + 3, len(texts))):
            if texts[j].endswith(","):
                return True
            if j + 1 < len(texts) and (j + 1 in self.sections or texts[j + 1].upper() in stops):
                return True
        return False

    def closes_block(self, i: int) -> bool:
        """Line i is the last of its block: a section, a stop line or a wide gap follows it. A title
        line ending with "," inside the title ("… TUGAS DAN FUNGSI,") has more title below it; the
        official's line ("BUPATI BALI,") stands alone."""
        nxt = i + 1
        return (
            nxt >= len(self.texts)
            or nxt in self.sections
            or self.texts[nxt].upper() in _title_stops()
            or _gap(self.lines, nxt) > 1.5
        )

    def read_title(self, meta: Metadata, heading: Heading) -> int:
        """The TENTANG text, up to the official's line, a section or a wide gap; returns the line after it."""
        texts, stops = self.texts, _title_stops()
        after_title = (
            heading.tentang_at if heading.tentang_at is not None else heading.nomor_at
        ) + 1
        if heading.tentang_at is None:
            return after_title
        title_lines = [heading.title_start]
        i = after_title
        while i < len(texts) and len(title_lines) < 10:
            text = texts[i]
            if (
                (text.endswith(",") and self.closes_block(i))
                or text.upper() in stops
                or i in self.sections
                or self.official_follows(i)
                or (_gap(self.lines, i) > 1.5 and any(title_lines))
            ):
                break
            title_lines.append(text)
            i += 1
        title = join_lines(title_lines)
        if self.on_ocr_page(heading.tentang_at):
            title = without_lone_bars(title)
        meta.title = title_case(title) if title else None
        return i

    def official_before(self, after_title: int) -> Optional[str]:
        """The capitalised line(s) ending with ',' before Menimbang, else the office line(s) standing
        right before it."""
        texts, stops = self.texts, _title_stops()
        preamble_end = min(
            [i for i in self.sections if i >= after_title] or [min(after_title + 6, len(texts))]
        )
        candidates = [
            i
            for i in range(after_title, min(preamble_end, after_title + 6))
            if texts[i].upper() not in stops
        ]
        comma = next((i for i in candidates if texts[i].endswith(",")), None)
        if comma is not None:
            start = comma
            while (
                start - 1 in candidates
                and texts[start - 1].isupper()
                and _gap(self.lines, start) < 1.5
            ):
                start -= 1
            return _official_from(texts[start : comma + 1])
        opening = next((i for i in candidates if is_official_line(texts[i])), None)
        if opening is not None and all(texts[i].isupper() for i in candidates if i >= opening):
            return _official_from([texts[i] for i in candidates if i >= opening])
        return None

    def find_sections(self, after_title: int) -> int:
        """Where each section starts; returns where the decision (Menetapkan) starts."""
        for i in sorted(self.sections):
            if i < after_title:
                continue
            key = self.sections[i][0]
            self.section_at.setdefault(key, i)
            if key == "enactment":  # the preamble ends here; later labels would be quotations
                break
        return self.section_at.get("enactment", after_title)

    def find_dictums(self, decided: int, enacted: Optional[int]) -> None:
        """Dictum labels, in sequence, from Menetapkan to the enactment line; then the boundaries
        where each section and dictum ends (the next label, section end, dictum or enactment)."""
        texts, ranks = self.texts, dictum_ranks()
        expected = 0
        for i in range(decided, enacted if enacted is not None else len(texts)):
            found = read_dictum_label(texts[i], expected, self.at_left(i), self.on_ocr_page(i))
            if found:
                self.dictum_at[i] = found
                expected = ranks[found[0]] + 1
        end_re = re.compile(
            r"^(?:" + "|".join(re.escape(s) for s in words()["section_ends"]) + r")\b"
        )
        self.boundaries = sorted(
            set(self.section_at.values())
            | set(self.dictum_at)
            | {i for i in range(len(texts)) if end_re.match(texts[i])}
            | ({enacted} if enacted is not None else set())
            | {len(texts)}
        )

    def section_lines(self, start: int) -> list[str]:
        stop = next(b for b in self.boundaries if b > start)
        first = self.sections[start][1]
        return [re.sub(r"^:\s*", "", t) for t in [first, *self.texts[start + 1 : stop]]]

    def read_sections(self, meta: Metadata) -> None:
        """Menimbang, Mengingat and Memperhatikan items, and the dictums' texts."""
        openers = item_openers()
        at = self.section_at
        if "considerations" in at:
            meta.considerations = split_items(
                self.section_lines(at["considerations"]),
                openers.get("considerations", ()),
                self.on_ocr_page(at["considerations"]),
            )
        if "legal_bases" in at:
            items, self.missing_items = split_numbered_items(
                self.section_lines(at["legal_bases"]),
                openers.get("legal_bases", ()),
                self.on_ocr_page(at["legal_bases"]),
            )
            meta.legal_bases = [parse_legal_basis(item) for item in items]
        if "observations" in at:
            meta.observations = split_items(
                self.section_lines(at["observations"]),
                openers.get("observations", ()),
                self.on_ocr_page(at["observations"]),
            )
        for line in sorted(self.dictum_at):
            stop = next(b for b in self.boundaries if b > line)
            label, first = self.dictum_at[line]
            meta.dictums.append(
                Dictum(label=label, text=join_lines([first, *self.texts[line + 1 : stop]]))
            )

    def read_enactment(self, meta: Metadata, enacted: int) -> None:
        """Place and date; the signature block starts after the line holding the date."""
        texts, lines = self.texts, self.lines
        meta.enacted_place = enactment_place(texts[enacted])
        window = join_lines(texts[enacted : enacted + 3])
        found = dates_in(window)
        meta.enacted_date = found[0][1] if found else self.repaired_date(enacted, window)
        signature_from = next(
            (i + 1 for i in range(enacted, min(enacted + 3, len(texts))) if dates_in(texts[i])),
            enacted + 1,
        )
        margin = self.margins[lines[enacted].page] + _INDENT_PT
        block = _signature_block(lines, texts, enacted, signature_from, margin)
        meta.signatory = signature_name([texts[i] for i in block], [_gap(lines, i) for i in block])
        if meta.official is None:
            meta.official = self.official_above_signature(block, meta.signatory)
        self.signing = (enacted, block)

    def signature_over_name(self) -> Optional[int]:
        """The page where a signature's strokes cross the signing block, when no name was read
        there: an unsigned copy prints none and has no strokes, but a black pen over the printed
        name loses its line to OCR (or a line above is taken, and emptied as no name)."""
        if self.signing is None:
            return None
        enacted, block = self.signing
        lines = self.lines
        page = lines[enacted].page
        height = max(lines[enacted].bottom - lines[enacted].top, 1.0)
        top = lines[enacted].bottom
        bottom = (lines[block[-1]].bottom if block else top) + _NAME_BELOW_BLOCK_LINES * height
        left = lines[enacted].x0 - 30
        crossing = [
            box
            for box in self.drawn.get(page, [])
            if box[2] > left and top < (box[1] + box[3]) / 2 < bottom
        ]
        return page if crossing else None

    def repaired_date(self, enacted: int, window: str) -> Optional[date]:
        """The enactment's date whose month OCR misread by a letter ("08 Meret 2022", the stamp
        over it), when exactly one month is that close: taken, with a warning naming the page."""
        misread = misread_month_date(window)
        if misread is None or misread.date is None:
            return None
        self.notes.append(
            (
                WarningCode.METADATA_CORRECTED,
                f"enacted_date read '{misread.word}' as '{misread.month}' "
                f"on page {self.page_of(enacted, misread.word)}",
                self.page_of(enacted, misread.word),
            )
        )
        return misread.date

    def note_unread_month(self, enacted: int) -> None:
        """No date was read: a misread month word as near to two months ("Jupi": Juni or Juli),
        too short to tell, or giving no valid date leaves the date empty, and the warning names
        the word and its page."""
        misread = misread_month_date(join_lines(self.texts[enacted : enacted + 3]))
        if misread is None:
            return
        page = self.page_of(enacted, misread.word)
        why = (
            f"as '{misread.month}' it gives no valid date"
            if misread.month
            else "it is as near to several months, or too short to tell"
        )
        self.notes.append(
            (
                WarningCode.METADATA_MISSING,
                f"enacted_date left empty: the month '{misread.word}' on page {page} is misread and {why}",
                page,
            )
        )

    def page_of(self, enacted: int, word: str) -> int:
        """The page of the first enactment line (of three) that holds ``word``."""
        return next(
            (
                self.lines[i].page
                for i in range(enacted, min(enacted + 3, len(self.texts)))
                if word in self.texts[i]
            ),
            self.lines[enacted].page,
        )

    def closing_signature(self, start: int) -> Optional[str]:
        """The name under the first office line ending with "," after ``start`` ("BUPATI
        PANDEGLANG," / "Cap / Ttd" / "IRNA NARULITA"), for a body without an enactment line."""
        texts, lines = self.texts, self.lines
        for i in range(max(start, 0), len(texts)):
            if texts[i].endswith(",") and is_official_line(texts[i]):
                block = [
                    j for j in range(i, min(i + 5, len(texts))) if lines[j].page == lines[i].page
                ]
                return signature_name([texts[j] for j in block], [_gap(lines, j) for j in block])
        return None

    @staticmethod
    def fuller_official(official: Optional[str], kind_text: str) -> Optional[str]:
        """The preamble may shorten the office the heading names in full ("KEPALA KANTOR IMIGRASI,"
        under "KEPUTUSAN KEPALA KANTOR IMIGRASI KELAS I KHUSUS TPI SURABAYA"): take the full one."""
        if not official:
            return official
        named = repaired_ocr_words(squash(kind_text)).split(" ", 1)[-1].rstrip(",")
        if len(named) > len(official) and re.match(
            re.escape(official.lower()) + r"[ ,]", named.lower()
        ):
            return title_case(named)
        return official

    def official_above_signature(self, block: list[int], signatory: Optional[str]) -> Optional[str]:
        """The office line(s) above the name, 'ttd' or the signing gap."""
        texts = self.texts
        head = []
        for k, i in enumerate(block[:3]):
            if (
                without_stray_symbols(texts[i]) == signatory
                or (k and _gap(self.lines, i) >= 1.5)
                or not (texts[i].isupper() or texts[i].endswith(","))
            ):
                break
            head.append(i)
        office = [texts[i] for i in head]
        opening = next((k for k, t in enumerate(office) if is_official_line(t)), None)
        if opening is None:
            return None
        closing = next(
            (k for k in range(opening, len(office)) if office[k].endswith(",")), len(office) - 1
        )
        return _official_from(office[opening : closing + 1])


def _title_stops() -> list[str]:
    return [s.upper() for s in words()["title_stops"]]


def annex_date(annex: list[str]) -> Optional[date]:
    """The date in the annex header ("TANGGAL : 17 Januari 2020"), which repeats the decree's."""
    for text in annex[:12]:
        match = re.match(r"^(?i:tanggal)\b\s*[:.]?\s*(?P<date>.+)$", text)
        if match:
            found = dates_in(match["date"])
            if found and found[0][0] == 0:
                return found[0][1]
    return None


# A letter's date line: "Wonosobo, 6 April 2018" (place, then a date with its month in words).
_LETTER_DATE = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),\s*(?P<date>.*\b\d{4})\.?$"
)


def letter_date(texts: list[str]) -> Optional[tuple[str, Optional[date]]]:
    """Place and date of a letter-style document's date line above its heading (a Surat Edaran);
    the date None when OCR lost part of it ("Wonosobo, £ April 2018": a handwritten day)."""
    for text in texts:
        match = _LETTER_DATE.match(squash(text))
        if match and any(
            w.lower() in month_numbers() for w in re.findall(r"[A-Za-z]+", match["date"])
        ):
            found = dates_in(match["date"])
            return match["place"], found[0][1] if found else None
    return None


def first_page_plan_year(pages: list[PageContent]) -> Optional[int]:
    """A document without a decree heading (a bare table): the one year its first page names as
    "Tahun 2023" (in a table header too), never a cited "Nomor 5 Tahun 2020" nor a span."""
    if not pages:
        return None
    words_ = sorted(pages[0].words, key=lambda w: (round(w.top), w.x0))
    return plan_year_of(" ".join(w.text for w in words_))


def budget_reference(operative: str) -> Optional[str]:
    """The number after "DIPA Nomor" in the operative part, wraps joined."""
    for document in words()["budget_documents"]:
        match = re.search(
            rf"\b{document}\s+(?:Nomor|No\.?)\s*:?\s*(?P<ref>(?:[A-Z]+\s+)?[A-Z]*-?[\w./-]*\d[\w./-]*)",
            operative,
        )
        if match:
            return match["ref"].rstrip(".,;")
    return None


def _signature_block(
    lines: list[TextLine], texts: list[str], enacted: int, start: int, margin: float = 0.0
) -> list[int]:
    """Indices of the signature block's lines: in the enactment's column, up to 10 lines, one page."""
    column = lines[enacted].x0 - 30
    block: list[int] = []
    for i in range(start, min(start + 10, len(texts))):
        if lines[i].page != lines[enacted].page and block:
            break
        # A centred office line may start left of the enactment's column ("KEPALA DINAS KOMUNIKASI
        # DAN INFORMATIKA" under "Ditetapkan di Wonosobo,"): its middle still lies right of it.
        centred = (lines[i].x0 + lines[i].x1) / 2 >= lines[enacted].x0 and lines[i].x0 > margin
        if (lines[i].x0 < column and not centred) or re.match(
            r"^(?:Diundangkan|Salinan|Tembusan)\b", texts[i], re.IGNORECASE
        ):
            break
        block.append(i)
    return block
