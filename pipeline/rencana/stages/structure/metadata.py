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
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from spacy.matcher import Matcher, PhraseMatcher

from rencana import vocab
from rencana.contract.models import Dictum, LegalBasis, Metadata
from rencana.core.nlp import blank
from rencana.core.state import Extraction
from rencana.core.text import join_lines, roman_lookalike, squash, title_case
from rencana.core.types import TextLine

# ---------------------------------------------------------------- vocabulary and matchers


@lru_cache(maxsize=1)
def words() -> dict:
    return vocab.load("decree_words.yaml")


@lru_cache(maxsize=1)
def dictum_ranks() -> dict[str, int]:
    """Every dictum label to its place in the sequence (0 for KESATU and its alternative PERTAMA)."""
    ranks: dict[str, int] = {}
    for rank, entry in enumerate(vocab.load("dictum_ordinals.yaml")):
        for label in entry if isinstance(entry, list) else [entry]:
            ranks[label] = rank
    return ranks


def dictum_labels() -> list[str]:
    return list(dictum_ranks())


@lru_cache(maxsize=1)
def _labels_longest_first() -> tuple[str, ...]:
    return tuple(sorted(dictum_ranks(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lookalikes() -> frozenset[str]:
    return frozenset(words()["ordinal_lookalikes"])


@lru_cache(maxsize=1)
def _matchers() -> tuple[Matcher, PhraseMatcher, PhraseMatcher]:
    """The DATE token pattern, and citation forms as phrases (case-insensitive)."""
    nlp = blank()
    months = sorted(vocab.month_spellings())
    matcher = Matcher(nlp.vocab)
    matcher.add("DATE", [[{"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"LOWER": {"IN": months}},
                          {"TEXT": {"REGEX": r"^\d{4}$"}}]])
    forms = vocab.load("legal_forms.yaml")
    specific, generic = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="LOWER")
    specific.add("FORM", list(nlp.tokenizer.pipe(forms["specific"])))
    generic.add("FORM", list(nlp.tokenizer.pipe(forms["generic"])))
    return matcher, specific, generic


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    return vocab.month_spellings()


# ---------------------------------------------------------------- pure helpers

_DATE_RE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\b")
# Day first, as Indonesian decrees write it: "8-2-2022", "08/02/2022", "08.02.2022".
# Or ISO, year first: "2023-01-30".
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(?:(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
                           r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2}))(?![\d/-])")


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
        number = _month_numbers().get(month.lower())
        if number:
            return _valid_date(int(year), number, int(day))
    numeric = _NUMERIC_DATE.search(text)
    return _numeric_date(numeric) if numeric else None


def dates_in(text: str) -> list[tuple[int, date]]:
    """Every valid date in the text as (char offset, date): named months by the DATE matcher,
    numeric day-month-year dates by pattern."""
    matcher = _matchers()[0]
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
    until = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words()["until_words"], key=len, reverse=True))
    return re.compile(rf"\b{words()['validity_cue']}\b.{{0,120}}?(?:{until})\s+(?:tanggal\s+)?", re.IGNORECASE)


def valid_until(operative: str) -> Optional[date]:
    """'… mulai berlaku … sampai dengan (tanggal) 31 Desember 2022' -> 2022-12-31.

    Only the short windows after the validity cue are tokenized, so a long law costs little.
    """
    for cue in _validity_re().finditer(operative):
        window = operative[cue.end():cue.end() + 40]
        found = dates_in(window)
        if found and found[0][0] == 0:
            return found[0][1]
    return None


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


_CITED_NUMBER = re.compile(r"\bNomor\s+(?P<number>[^\s,;()]+?)[,;.]?(?:\s+Tahun\s+(?P<year>\d{4}))?(?=\s|$|[,;])",
                           re.IGNORECASE)
_CITED_YEAR = re.compile(r"\bTahun\s+(?P<year>\d{4})\b", re.IGNORECASE)
_SUBJECT = re.compile(r"\btentang\s+(?P<subject>.+?)\s*(?:\((?:Lembaran|Berita|Tambahan)|,\s*sebagaimana\b|[;.]?\s*$)",
                      re.IGNORECASE | re.DOTALL)
_ARTICLE_PREFIX = re.compile(r"^(?:Pasal\s+\w+(?:\s+ayat\s+\(\w+\))?(?:\s+huruf\s+\w+)?,?\s*(?:dan\s+)?)+", re.IGNORECASE)


def parse_legal_basis(text: str) -> LegalBasis:
    """One Mengingat item -> form, number, year and subject; unknown parts stay None."""
    text = squash(text)
    nlp = blank()
    _, specific, generic = _matchers()
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
            form = squash(text[offset:number_match.start()]).rstrip(",")  # the full name up to Nomor
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
_MARKER = re.compile(r"^\(?(?P<marker>[a-z]|[0-9lI|]{1,3})\s?[.,)](?:\s+|$|(?=[A-Z]))")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
# An item ends with ";" (which OCR may read as ":"). Not ")" alone: "Pasal 33 ayat (4)" wraps before
# "Undang-Undang Dasar …" inside one item.
_ITEM_END = re.compile(r"[;:]$")


def _next_marker(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


def _first_marker(raw: str) -> str:
    """The first marker of a list is 'a' or '1'; an OCR 'l.' or 'I.' there is '1'."""
    digits = raw.translate(_OCR_DIGITS)
    return digits if digits.isdigit() and not raw.isdigit() and raw != "a" else raw


def _is_marker(raw: str, expected: str) -> bool:
    return raw == expected or (expected.isdigit() and raw.translate(_OCR_DIGITS) == expected)


@lru_cache(maxsize=8)
def _opener_re(openers: tuple[str, ...]) -> Optional[re.Pattern]:
    if not openers:
        return None
    return re.compile(r"^(?:" + "|".join(re.escape(o) for o in sorted(openers, key=len, reverse=True)) + r")\b")


def split_items(lines: list[str], openers: tuple[str, ...] = ()) -> list[str]:
    """Split a section's lines at 'a.', 'b.' … or '1.', '2.' … markers, in sequence only.

    Only the marker that comes next in the sequence opens an item, so a wrapped line that happens
    to start with a number never splits an item. Where a marker was lost (OCR drops a short lone
    token), a line that starts with one of ``openers`` ("bahwa", a legal form) right after a line
    ending an item (";", or the ":" OCR reads for it) opens the next item.
    Without a first marker or opener split, the section is one item.
    """
    lines = [squash(l) for l in lines if squash(l)]
    if not lines:
        return []
    opener = _opener_re(tuple(openers))
    first = _MARKER.match(lines[0])
    expected = _first_marker(first["marker"]) if first else None
    items: list[list[str]] = []
    for line in lines:
        match = _MARKER.match(line)
        if match and expected is not None and _is_marker(match["marker"], expected):
            items.append([line[match.end():]])
            expected = _next_marker(expected)
        elif items and opener and opener.match(line) and _ITEM_END.search(items[-1][-1]):
            items.append([line])
            expected = _next_marker(expected) if expected is not None else None
        elif items:
            items[-1].append(line)
        else:
            items.append([line])
    return [join_lines(item) for item in items if join_lines(item)]


@lru_cache(maxsize=1)
def item_openers() -> dict[str, tuple[str, ...]]:
    """Opening words of each item section; legal bases also open with every legal form."""
    openers = {key: tuple(values) for key, values in words()["item_openers"].items()}
    forms = vocab.load("legal_forms.yaml")
    openers["legal_bases"] = openers.get("legal_bases", ()) + tuple(forms["specific"]) + tuple(forms["generic"])
    return openers


def fix_broken_labels(texts: list[str], labels: list[str]) -> list[str]:
    """'Memperhatik : …' + 'an 12/…' (a label wrapped in a narrow column) -> 'Memperhatikan : …'."""
    out = list(texts)
    for i in range(len(out) - 1):
        head = out[i].split(" ", 1)[0]
        for label in labels:
            if 4 <= len(head) < len(label) and label.lower().startswith(head.lower()):
                rest = label[len(head):]
                nxt = out[i + 1].split(" ", 1)
                if nxt[0].lower() == rest.lower():
                    out[i] = label + out[i][len(head):]
                    out[i + 1] = nxt[1] if len(nxt) > 1 else ""
    return out


def office_of(issuer: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """'Komisi Pemilihan Umum Kabupaten Jepara' -> ('kabupaten', 'Jepara'); no region word -> national."""
    if not issuer:
        return None, None
    levels = vocab.load("office_levels.yaml")
    for level, markers in levels.items():
        if level == "national":
            continue
        for marker in markers:
            match = re.search(rf"\b{re.escape(marker)}\s+(?P<region>[A-Z][\w .'-]*)$", issuer)
            if match:
                return level, match["region"].strip()
    return levels["national"], None


def kind_and_issuer(heading: str) -> tuple[Optional[str], Optional[str]]:
    """'KEPUTUSAN KEPALA BADAN PUSAT STATISTIK' -> ('Keputusan', 'Badan Pusat Statistik')."""
    heading = squash(heading)
    upper = heading.upper()
    for entry in sorted(vocab.load("document_kinds.yaml"), key=lambda e: -len(e["heading"])):
        head = entry["heading"].upper()
        if upper == head or upper.startswith(head + " "):
            if entry.get("issuer"):
                return entry["kind"], entry["issuer"]
            rest = heading[len(head.split(" ", 1)[0]):] if entry.get("keep_head") else heading[len(head):]
            rest = squash(rest)
            for title in words()["official_titles"]:
                if rest.upper().startswith(title + " "):
                    rest = rest[len(title) + 1:]
            if rest and entry.get("issuer_prefix"):
                rest = f"{entry['issuer_prefix']} {rest}"
            return entry["kind"], title_case(rest) if rest else None
    return None, None


# ---------------------------------------------------------------- reading the body


@lru_cache(maxsize=1)
def _kind_start() -> re.Pattern:
    kinds = sorted((e["heading"] for e in vocab.load("document_kinds.yaml")), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(k) for k in kinds) + r")\b", re.IGNORECASE)


_HEAD_NOMOR = re.compile(r"(?:^|\s)N[O0]M[O0]R\b\s*[:.]?\s*", re.IGNORECASE)  # OCR may read O as 0
_HEAD_TENTANG = re.compile(r"(?:^|\s)(?:TENTANG|Tentang)\b\s*:?\s*")


@dataclass(frozen=True, slots=True)
class Heading:
    """Where the decree's own heading stands: kind and issuer, NOMOR, TENTANG (lines may be shared)."""
    kind_text: str                # "KEPUTUSAN KEPALA BADAN PUSAT STATISTIK"; '' when none was found
    nomor_at: int                 # line holding NOMOR
    number_text: str              # the designation as printed, wraps joined
    tentang_at: Optional[int]     # line holding TENTANG
    title_start: str              # the title's words on TENTANG's own line


def find_heading(texts: list[str], stop: Optional[int] = None) -> Optional[Heading]:
    """The heading NOMOR (and the kind above or before it, TENTANG after it) among lines before ``stop``.

    NOMOR counts when it opens a line ("NOMOR 9 TAHUN 2018", "Nomor : 5/…") or follows the kind in
    a heading run ("KEPUTUSAN KEPALA BADAN PUSAT STATISTIK NOMOR 112 TAHUN 2025").
    """
    kind_start = _kind_start()
    for i in range(len(texts) if stop is None else min(stop, len(texts))):
        nomor = _HEAD_NOMOR.search(texts[i])
        if not nomor:
            continue
        kind_at = next((j for j in range(i, max(-1, i - 6), -1) if kind_start.match(texts[j])), None)
        printed = texts[i][nomor.start():nomor.end()].strip()
        # Mid-line, or in mixed case without a colon ("Nomor 6245)" of a gazette note), NOMOR needs
        # the kind before it.
        if kind_at is None and (nomor.start() > 0 or not (printed[:5].isupper() or ":" in printed)):
            continue
        prefix = texts[i][:nomor.start()].strip()
        kind_text = squash(" ".join([*texts[kind_at:i], prefix])) if kind_at is not None else ""
        rest = texts[i][nomor.end():]
        tentang = _HEAD_TENTANG.search(rest)
        if tentang:
            return Heading(kind_text, i, _join_number([rest[:tentang.start()]]), i, rest[tentang.end():].strip())
        parts, tentang_at, title_start = [rest], None, ""
        for j in range(i + 1, min(i + 4, len(texts))):
            tentang = _HEAD_TENTANG.search(texts[j])
            if tentang:
                parts.append(texts[j][:tentang.start()])
                tentang_at, title_start = j, texts[j][tentang.end():].strip()
                break
            parts.append(texts[j])
        else:  # no TENTANG: the designation may still wrap onto the next two lines
            parts = [rest, *texts[i + 1:i + 3]]
        return Heading(kind_text, i, _join_number(parts), tentang_at, title_start)
    return None


def _join_number(parts: list[str]) -> str:
    """A designation wrapped after '/' or '-' joins without a space."""
    parts = [squash(p) for p in parts if squash(p)]
    return "".join(p if p.endswith(("/", "-")) else p + " " for p in parts).strip()


def _fuzzy_equal(found: str, label: str, cutoff: float) -> bool:
    return abs(len(found) - len(label)) <= 2 and fuzz.ratio(found, label) >= cutoff


_FOLLOWS_LABEL = re.compile(r"^(?:[A-Z]|\(?[a-z0-9][.,)]\s)")  # text opening after a label without its colon
_LABEL_PUNCT = re.compile(r"^\s*(?:[:;=]|\.(?=\s))\s*")  # OCR reads the label's colon as ';', '=' or '.'


def read_section_label(text: str, labels: dict[str, str], at_left: bool = True,
                       fuzzy: bool = False) -> Optional[tuple[str, str]]:
    """'Menimbang : a. bahwa …' -> ('considerations', 'a. bahwa …'); None for other lines.

    With its colon the label is taken as printed; without it ("Memperhatikan Berita Acara …", the
    colon lost by OCR) only in the left column and before text that opens an item or a sentence.
    ``fuzzy`` (OCR lines) also takes a label misread by a letter or two.
    """
    head, _, tail = text.partition(" ")
    core = head.rstrip(":;=")
    tail = (head[len(core):] + " " + tail).strip() if head != core else tail
    for key, label in labels.items():
        exact = core in (label, label.upper())
        if exact or (fuzzy and at_left and _fuzzy_equal(core.lower(), label.lower(), _FUZZY_CUTOFF["section"])):
            punct = _LABEL_PUNCT.match(tail)
            rest = tail[punct.end():] if punct else tail
            if punct or (at_left and (not rest or _FOLLOWS_LABEL.match(rest))):
                return key, rest
    return None


_FUZZY_CUTOFF = {"section": 85.0, "dictum": 75.0}


def read_dictum_label(text: str, expected: Optional[int] = None, at_left: bool = True,
                      fuzzy: bool = False) -> Optional[tuple[str, str]]:
    """'KESATU : Menetapkan …' -> ('KESATU', 'Menetapkan …'); None for other lines.

    A label with its colon opens a dictum wherever it stands in the sequence. Without the colon,
    or misread by OCR (``fuzzy``: "KESATLI"), only the label expected next (rank ``expected``) in
    the left column counts, before text that opens a sentence or an item.
    """
    if not fuzzy and not text.startswith(("KE", "PE")):  # cheap exit: every label opens so
        return None
    ranks = dictum_ranks()
    lookalikes = _lookalikes()
    for label in _labels_longest_first():
        size = label.count(" ") + 1
        parts = text.split(" ", size)
        if len(parts) < size:
            continue
        found = " ".join(parts[:size])
        core = found.rstrip(":;=.,")
        tail = (found[len(core):] + " " + (parts[size] if len(parts) > size else "")).strip()
        punct = _LABEL_PUNCT.match(tail)
        rest = tail[punct.end():] if punct else tail.lstrip(".,")
        if core == label and punct:
            return label, rest.strip()
        if expected is None or ranks[label] != expected or not at_left or core in lookalikes:
            continue
        if core != label and not (fuzzy and core.isupper() and _fuzzy_equal(core, label, _FUZZY_CUTOFF["dictum"])):
            continue
        if punct or not rest or _FOLLOWS_LABEL.match(rest.strip()):
            return label, rest.strip()
    return None


def strip_acting(text: str) -> str:
    """'a.n. KETUA KOMISI …' / 'Plh. KEPALA …' -> the office itself."""
    for prefix in sorted(words()["acting_prefixes"], key=len, reverse=True):
        if text.lower().startswith(prefix.lower() + " "):
            return text[len(prefix):].strip()
    return text


@lru_cache(maxsize=1)
def _official_head() -> re.Pattern:
    heads = sorted(words()["official_heads"], key=len, reverse=True)
    prefixes = "|".join(re.escape(p) for p in words()["acting_prefixes"])
    return re.compile(rf"^(?:(?:{prefixes})\s+)?(?:{'|'.join(heads)})\b", re.IGNORECASE)


def is_official_line(text: str) -> bool:
    """'KETUA KOMISI PEMILIHAN UMUM', 'Plt. KEPALA BADAN …': a line naming an office, in capitals."""
    return bool(_official_head().match(text)) and strip_acting(text).isupper()


_NAME = re.compile(r"^[A-Z][A-Za-z.' -]*(?:,\s*[A-Za-z.]+)*$")


def signature_name(block: list[str], gaps: Optional[list[float]] = None) -> Optional[str]:
    """The signer's name in a signature block (official line(s), 'ttd' or a blank gap, the name).

    The name is the first name-like line after the last signature mark, else after the official's
    closing comma, else after the widest blank gap (``gaps[i]`` is the gap above line i in line
    heights); failing all, the last name-like line.
    """
    marks = {m.lower() for m in words()["signature_marks"]}
    regions = [m.upper() for level, markers in vocab.load("office_levels.yaml").items() if level != "national"
               for m in markers]
    office = re.compile(r"\b(?:" + "|".join([*words()["official_heads"], *regions]) + r"|KOMISI|REPUBLIK|BADAN)\b")

    def is_name(t: str) -> bool:
        return (t.lower() not in marks and not t.endswith(",") and bool(_NAME.match(t))
                and not office.search(t.upper()) and not re.match(r"^NIP\b", t, re.IGNORECASE))

    after = None
    mark_at = [i for i, t in enumerate(block) if t.lower() in marks]
    comma_at = [i for i, t in enumerate(block) if t.endswith(",") and (is_official_line(t) or t.isupper())]
    if mark_at:
        after = mark_at[-1]
    elif comma_at:
        after = comma_at[-1]
    elif gaps and len(gaps) == len(block) and len(block) > 1:
        widest = max(range(1, len(block)), key=lambda i: gaps[i])
        after = widest - 1 if gaps[widest] >= 1.5 else None
    if after is not None:
        found = next((t for t in block[after + 1:] if is_name(t)), None)
        if found:
            return found
    names = [t for t in block if is_name(t)]
    return names[-1] if names else None


_PLAN_YEAR = re.compile(r"(?P<cited>\bNomor\s+\S+\s+)?\bTahun\s+(?:Anggaran\s+)?(?P<year>\d{4})\b(?!\s*[-–/]\s*\d)",
                        re.IGNORECASE)
_YEAR_AT_END = re.compile(r"\bTahun\s+(?:Anggaran\s+)?(?P<year>\d{4})\s*$", re.IGNORECASE)


def plan_year_of(title: Optional[str], operative: str = "", annex: Optional[list[str]] = None) -> Optional[int]:
    """The plan's year: the one year the title names ('… Tahun 2022 …', not a cited 'Nomor 5 Tahun
    2020' nor a span '2020-2024'), else the one budget year of the operative part ('Tahun Anggaran
    2023'), else the year ending the annex plan's title. Two different years give no guess."""
    years = {int(m["year"]) for m in _PLAN_YEAR.finditer(title or "") if not m["cited"]}
    if len(years) == 1:
        return years.pop()
    if years:
        return None
    cue = r"\s+".join(map(re.escape, words()["budget_year_cue"].split()))
    budget = {int(y) for y in re.findall(rf"\b{cue}\s+(\d{{4}})\b", operative, re.IGNORECASE)}
    if len(budget) == 1:
        return budget.pop()
    for text in (annex or [])[:15]:
        if re.match(r"^(?:NOMOR|TANGGAL)\b", text, re.IGNORECASE):
            continue  # the annex header repeats the decree's own number and date
        match = _YEAR_AT_END.search(text)
        if match:
            return int(match["year"])
    return None


@lru_cache(maxsize=1)
def _enact_re() -> re.Pattern:
    # As printed or in capitals, never in lower case: "… yang ditetapkan di pusat" inside a dictum is no enactment.
    verbs = "|".join(f"{v}|{v.upper()}" for v in words()["enactment_verbs"])
    # The place runs to a comma, 'pada (tanggal)' or 'tanggal': "Ditetapkan di Jakarta, 8 Februari 2022".
    return re.compile(rf"^(?:{verbs})\s+(?:di|DI)\s*:?\s*(?P<place>[^,:;]+?)\s*"
                      rf"(?:[,;].*|\s+(?:pada|PADA|tanggal|Tanggal|TANGGAL|tgl\.?)\b.*)?[.]?$")


def enactment_place(text: str) -> Optional[str]:
    """'Ditetapkan di : Jakarta' / 'Ditetapkan di Jakarta, 8 Februari 2022' -> 'Jakarta'."""
    match = _enact_re().match(squash(text))
    return match["place"].strip(" ,.") if match else None


def _find(texts: list[str], pattern: re.Pattern, start: int = 0, stop: Optional[int] = None) -> Optional[int]:
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


# A label stands in the left column: within this many points of the page's leftmost body line.
_LEFT_COLUMN_PT = 15.0


def _left_margins(lines: list[TextLine]) -> dict[int, float]:
    margins: dict[int, float] = {}
    for line in lines:
        margins[line.page] = min(margins.get(line.page, line.x0), line.x0)
    return margins


def _official_from(texts: list[str]) -> Optional[str]:
    """'a.n. KETUA KOMISI …' + 'KABUPATEN X,' -> 'Ketua Komisi … Kabupaten X' (to the first comma)."""
    text = strip_acting(join_lines(texts)).split(",", 1)[0].strip()
    return title_case(text) if text else None


def run(state: Extraction) -> Extraction:
    meta = Metadata()
    lines = state.body_lines
    labels = words()["sections"]
    texts = fix_broken_labels([l.text for l in lines], list(labels.values()))
    ocr_pages = {page.number for page in state.pages if page.ocr}
    margins = _left_margins(lines)

    def at_left(i: int) -> bool:
        return lines[i].x0 <= margins[lines[i].page] + _LEFT_COLUMN_PT

    def section_of(i: int) -> Optional[tuple[str, str]]:
        return read_section_label(texts[i], labels, at_left(i), lines[i].page in ocr_pages)

    # The heading stands before the first section label; an annex's or a citation's NOMOR never counts.
    first_section = next((i for i in range(len(texts)) if section_of(i)), None)
    heading = find_heading(texts, first_section) or (find_heading(texts) if first_section is not None else None)
    if heading is None:
        state.warn("metadata_missing", "no NOMOR line found in the decree heading")
        state.metadata = meta
        return state
    nomor = heading.nomor_at
    ends = re.compile(r"^(?:" + "|".join(words()["body_ends"]) + r")\b")
    body_end = _find(texts, ends, nomor + 1)
    annex = texts[body_end:] if body_end is not None else []
    lines, texts = lines[: body_end if body_end is not None else len(lines)], texts[: body_end if body_end is not None else len(texts)]

    if heading.kind_text:
        meta.kind, meta.issuer = kind_and_issuer(heading.kind_text)
    meta.number, meta.year = split_number(heading.number_text)
    if meta.number and lines[nomor].page in ocr_pages:
        meta.number = repaired_ocr_number(meta.number)

    sections = {i: found for i in range(nomor + 1, len(texts)) if (found := section_of(i))}
    stops = [s.upper() for s in words()["title_stops"]]

    def official_follows(i: int) -> bool:
        """Line i opens the official's line(s): they end with ',' or run into the first section label."""
        if not is_official_line(texts[i]):
            return False
        for j in range(i, min(i + 3, len(texts))):
            if texts[j].endswith(","):
                return True
            if j + 1 < len(texts) and (j + 1 in sections or texts[j + 1].upper() in stops):
                return True
        return False

    after_title = (heading.tentang_at if heading.tentang_at is not None else nomor) + 1
    if heading.tentang_at is not None:
        title_lines = [heading.title_start]
        i = after_title
        while i < len(texts) and len(title_lines) < 10:
            text = texts[i]
            if (text.endswith(",") or text.upper() in stops or i in sections or official_follows(i)
                    or (_gap(lines, i) > 1.5 and any(title_lines))):
                break
            title_lines.append(text)
            i += 1
        after_title = i
        title = join_lines(title_lines)
        meta.title = title_case(title) if title else None

    # The official: the capitalised line(s) ending with ',' before Menimbang, else the office line(s)
    # standing right before it.
    preamble_end = min([i for i in sections if i >= after_title] or [min(after_title + 6, len(texts))])
    candidates = [i for i in range(after_title, min(preamble_end, after_title + 6)) if texts[i].upper() not in stops]
    comma = next((i for i in candidates if texts[i].endswith(",")), None)
    if comma is not None:
        start = comma
        while start - 1 in candidates and texts[start - 1].isupper() and _gap(lines, start) < 1.5:
            start -= 1
        meta.official = _official_from(texts[start:comma + 1])
    else:
        opening = next((i for i in candidates if is_official_line(texts[i])), None)
        if opening is not None and all(texts[i].isupper() for i in candidates if i >= opening):
            meta.official = _official_from([texts[i] for i in candidates if i >= opening])

    enacted = _find(texts, _enact_re(), after_title)
    end_re = re.compile(r"^(?:" + "|".join(re.escape(s) for s in words()["section_ends"]) + r")\b")

    # Sections: each runs to the next label, section end, dictum label or the enactment line.
    section_at: dict[str, int] = {}
    for i in sorted(sections):
        if i < after_title:
            continue
        key = sections[i][0]
        section_at.setdefault(key, i)
        if key == "enactment":  # the preamble ends here; later labels would be quotations
            break
    decided = section_at.get("enactment", after_title)

    # Dictum labels, in sequence, from Menetapkan to the enactment line.
    dictum_at: dict[int, tuple[str, str]] = {}
    expected = 0
    ranks = dictum_ranks()
    for i in range(decided, enacted if enacted is not None else len(texts)):
        found = read_dictum_label(texts[i], expected, at_left(i), lines[i].page in ocr_pages)
        if found:
            dictum_at[i] = found
            expected = ranks[found[0]] + 1

    boundaries = sorted(set(section_at.values()) | set(dictum_at) | {i for i in range(len(texts)) if end_re.match(texts[i])}
                        | ({enacted} if enacted is not None else set()) | {len(texts)})

    def section_lines(start: int) -> list[str]:
        stop = next(b for b in boundaries if b > start)
        first = sections[start][1]
        return [re.sub(r"^:\s*", "", t) for t in [first, *texts[start + 1:stop]]]

    openers = item_openers()
    if "considerations" in section_at:
        meta.considerations = split_items(section_lines(section_at["considerations"]), openers.get("considerations", ()))
    if "legal_bases" in section_at:
        meta.legal_bases = [parse_legal_basis(item) for item in
                            split_items(section_lines(section_at["legal_bases"]), openers.get("legal_bases", ()))]
    if "observations" in section_at:
        meta.observations = split_items(section_lines(section_at["observations"]), openers.get("observations", ()))

    for line in sorted(dictum_at):
        stop = next(b for b in boundaries if b > line)
        label, first = dictum_at[line]
        meta.dictums.append(Dictum(label=label, text=join_lines([first, *texts[line + 1:stop]])))

    # Enactment place and date; the signature block starts after the line holding the date.
    signature_from = None
    if enacted is not None:
        meta.enacted_place = enactment_place(texts[enacted])
        found = dates_in(join_lines(texts[enacted:enacted + 3]))
        meta.enacted_date = found[0][1] if found else None
        signature_from = next((i + 1 for i in range(enacted, min(enacted + 3, len(texts))) if dates_in(texts[i])),
                              enacted + 1)

    # Validity: a date after "berlaku … sampai dengan" in the operative part.
    stop = enacted if enacted is not None else len(texts)
    operative = join_lines(texts[decided:stop])
    meta.valid_until = valid_until(operative)

    # Budget reference: the number after "DIPA Nomor" in the operative part, wraps joined.
    for document in words()["budget_documents"]:
        match = re.search(rf"\b{document}\s+(?:Nomor|No\.?)\s*:?\s*(?P<ref>(?:[A-Z]+\s+)?[A-Z]*-?[\w./-]*\d[\w./-]*)",
                          operative)
        if match:
            meta.budget_reference = match["ref"].rstrip(".,;")
            break

    if signature_from is not None:
        block = _signature_block(lines, texts, enacted, signature_from)
        meta.signatory = signature_name([texts[i] for i in block], [_gap(lines, i) for i in block])
        if meta.official is None:  # the office line(s) above the name, 'ttd' or the signing gap
            head = []
            for k, i in enumerate(block[:3]):
                if texts[i] == meta.signatory or (k and _gap(lines, i) >= 1.5) \
                        or not (texts[i].isupper() or texts[i].endswith(",")):
                    break
                head.append(i)
            office = [texts[i] for i in head]
            opening = next((k for k, t in enumerate(office) if is_official_line(t)), None)
            if opening is not None:
                closing = next((k for k in range(opening, len(office)) if office[k].endswith(",")), len(office) - 1)
                meta.official = _official_from(office[opening:closing + 1])

    # Year: TAHUN in the NOMOR line, else the enactment date's.
    if meta.year is None and meta.enacted_date:
        meta.year = meta.enacted_date.year
    meta.plan_year = plan_year_of(meta.title, operative, annex)
    meta.office_level, meta.region = office_of(meta.issuer)

    for field in ("kind", "number", "title", "enacted_date"):
        if getattr(meta, field) is None:
            state.warn("metadata_missing", f"{field} not found in the decree body")
    state.metadata = meta
    return state


def _signature_block(lines: list[TextLine], texts: list[str], enacted: int, start: int) -> list[int]:
    """Indices of the signature block's lines: in the enactment's column, up to 10 lines, one page."""
    column = lines[enacted].x0 - 30
    block: list[int] = []
    for i in range(start, min(start + 10, len(texts))):
        if lines[i].page != lines[enacted].page and block:
            break
        if lines[i].x0 < column or re.match(r"^(?:Diundangkan|Salinan|Tembusan)\b", texts[i], re.IGNORECASE):
            break
        block.append(i)
    return block
