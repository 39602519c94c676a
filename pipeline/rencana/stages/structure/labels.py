"""The heading (kind, NOMOR, TENTANG), section and dictum labels, the official and the signatory."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from rencana import vocab
from rencana.core.text import squash, title_case, without_lone_symbols
from rencana.stages.structure.dates import dates_in
from rencana.stages.structure.legal import opens_item
from rencana.stages.structure.lexicon import dictum_ranks, labels_longest_first, lookalikes, words

# Stops and quotes standing alone before a line's first word: what OCR makes of a photocopy's
# toner specks beside the line (". NOMOR 21/…", "‘ KOMISI …"). Colons (a label's, carried to the
# next line) and dashes (list items) stay.
_LEADING_SPECKS = re.compile(r"^(?:[.,'\"‘’“”`]+\s+)+(?=\S)")


def without_leading_specks(text: str) -> str:
    return _LEADING_SPECKS.sub("", text)


def fix_broken_labels(texts: list[str], labels: list[str]) -> list[str]:
    """'Memperhatik : …' + 'an 12/…' (a label wrapped in a narrow column) -> 'Memperhatikan : …'."""
    out = list(texts)
    for i in range(len(out) - 1):
        head = out[i].split(" ", 1)[0]
        for label in labels:
            if 4 <= len(head) < len(label) and label.lower().startswith(head.lower()):
                rest = label[len(head) :]
                nxt = out[i + 1].split(" ", 1)
                if nxt[0].lower() == rest.lower():
                    out[i] = label + out[i][len(head) :]
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


def repaired_ocr_words(text: str) -> str:
    """A heading line as OCR read it, its look-alikes of a capital I repaired where nothing else can
    be meant: a lone "|" between words ("KELAS | KHUSUS" -> "KELAS I KHUSUS") and a "!" closing an
    upper-case word ("MENTER!" -> "MENTERI"). Pure."""
    text = re.sub(r",(?=[A-Za-z])", ", ", text)  # "AGAMA,MENTERI": a comma lost its space
    text = re.sub(r"(?<=\s)\|(?=\s|$)", "I", text)
    return re.sub(r"(?<=[A-Z]{2})!(?=[\s,.;:]|$)", "I", text)


def kind_and_issuer(heading: str) -> tuple[Optional[str], Optional[str]]:
    """'KEPUTUSAN KEPALA BADAN PUSAT STATISTIK' -> ('Keputusan', 'Badan Pusat Statistik')."""
    heading = without_kind_prefix(repaired_ocr_words(squash(heading)))
    upper = heading.upper()
    for entry in sorted(vocab.load("document_kinds.yaml"), key=lambda e: -len(e["heading"])):
        head = entry["heading"].upper()
        if upper == head or upper.startswith(head + " "):
            if entry.get("issuer"):
                return entry["kind"], entry["issuer"]
            rest = (
                heading[len(head.split(" ", 1)[0]) :]
                if entry.get("keep_head")
                else heading[len(head) :]
            )
            rest = without_official_title(squash(rest))
            if rest and entry.get("issuer_prefix"):
                rest = f"{entry['issuer_prefix']} {rest}"
            return entry["kind"], title_case(rest) if rest else None
    return None, None


def without_kind_prefix(heading: str) -> str:
    """'SURAT KEPUTUSAN KEPALA …' -> 'KEPUTUSAN KEPALA …'; a kind that is itself so worded
    ("SURAT EDARAN") keeps it."""
    for prefix in words()["kind_prefixes"]:
        rest = heading[len(prefix) + 1 :]
        if heading.upper().startswith(prefix + " ") and _kind_start().match(rest):
            return rest
    return heading


def without_official_title(office: str) -> str:
    """'KEPALA BADAN PUSAT STATISTIK' -> 'BADAN PUSAT STATISTIK': the institution an office heads."""
    for title in words()["official_titles"]:
        if office.upper().startswith(title + " "):
            office = office[len(title) + 1 :]
    return office


def letterhead_issuer(lines: list[str]) -> Optional[str]:
    """The issuer a letter-style heading ("SURAT EDARAN" / "NOMOR …", no office named) leaves to
    its letterhead: the first office line above it ("BUPATI WONOSOBO" -> 'Bupati Wonosobo')."""
    for text in lines:
        office = squash(strip_acting(text).rstrip(",."))
        if is_official_line(office):
            return title_case(without_official_title(office))
    return None


@lru_cache(maxsize=1)
def _kind_start() -> re.Pattern:
    kinds = sorted((e["heading"] for e in vocab.load("document_kinds.yaml")), key=len, reverse=True)
    prefixes = "|".join(re.escape(p) for p in words()["kind_prefixes"])
    return re.compile(
        rf"^(?:(?:{prefixes})\s+)?(?:" + "|".join(re.escape(k) for k in kinds) + r")\b",
        re.IGNORECASE,
    )


_HEAD_NOMOR = re.compile(r"(?:^|\s)N[O0]M[O0]R\b\s*[:.]?\s*", re.IGNORECASE)  # OCR may read O as 0
_HEAD_TENTANG = re.compile(r"(?:^|\s)(?:TENTANG|Tentang)\b\s*:?\s*")


@dataclass(frozen=True, slots=True)
class Heading:
    """Where the decree's own heading stands: kind and issuer, NOMOR, TENTANG (lines may be shared)."""

    kind_text: str  # "KEPUTUSAN KEPALA BADAN PUSAT STATISTIK"; '' when none was found
    nomor_at: int  # line holding NOMOR
    number_text: str  # the designation as printed, wraps joined
    tentang_at: Optional[int]  # line holding TENTANG
    title_start: str  # the title's words on TENTANG's own line


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
        kind_at = next(
            (j for j in range(i, max(-1, i - 6), -1) if kind_start.match(texts[j])), None
        )
        printed = texts[i][nomor.start() : nomor.end()].strip()
        # Mid-line, or in mixed case without a colon ("Nomor 6245)" of a gazette note), NOMOR needs
        # the kind before it.
        if kind_at is None and (nomor.start() > 0 or not (printed[:5].isupper() or ":" in printed)):
            continue
        prefix = texts[i][: nomor.start()].strip()
        # Mid-line, the words before NOMOR are the heading's own, in capitals; a sentence citing
        # "Peraturan Presiden Nomor 29 Tahun 2014 tentang …" in running prose is no heading.
        if nomor.start() > 0 and not prefix.isupper():
            continue
        kind_text = squash(" ".join([*texts[kind_at:i], prefix])) if kind_at is not None else ""
        rest = texts[i][nomor.end() :]
        tentang = _HEAD_TENTANG.search(rest)
        if tentang:
            return Heading(
                kind_text,
                i,
                _join_number([rest[: tentang.start()]]),
                i,
                rest[tentang.end() :].strip(),
            )
        # A joint decree prints one NOMOR line per issuer: the first is the decree's number.
        after = i + 1
        while after < len(texts) and _HEAD_NOMOR.match(texts[after]):
            after += 1
        parts, tentang_at, title_start = [rest], None, ""
        wrapping = after == i + 1  # the designation may wrap onto the lines below
        for j in range(after, min(after + 3, len(texts))):
            tentang = _HEAD_TENTANG.search(texts[j])
            if tentang:
                if wrapping:
                    parts.append(texts[j][: tentang.start()])
                tentang_at, title_start = j, texts[j][tentang.end() :].strip()
                break
            wrapping = wrapping and _continues_designation(texts[j])
            if wrapping:
                parts.append(texts[j])
        return Heading(kind_text, i, _join_number(parts), tentang_at, title_start)
    return None


def _continues_designation(text: str) -> bool:
    """A line below NOMOR that goes on with its designation ("KPTS/2024", "TAHUN 2020"): a few
    words holding a digit or a slash, neither the annex header's date ("TANGGAL 17 Februari
    2020") nor a title ("RENCANA STRATEGIS DINAS …")."""
    first = text.split(" ", 1)[0].rstrip(":").lower()
    return (
        first not in words()["heading_date_labels"]
        and len(text.split()) <= 3
        and any(c.isdigit() or c == "/" for c in text)
    )


def _join_number(parts: list[str]) -> str:
    """A designation wrapped after '/' or '-' joins without a space."""
    parts = [squash(p) for p in parts if squash(p)]
    return "".join(p if p.endswith(("/", "-")) else p + " " for p in parts).strip()


def _fuzzy_equal(found: str, label: str, cutoff: float) -> bool:
    return abs(len(found) - len(label)) <= 2 and fuzz.ratio(found, label) >= cutoff


_FOLLOWS_LABEL = re.compile(
    r"^(?:[A-Z]|\(?[a-z0-9][.,)]\s|1\s+[A-Z])"
)  # text opening after a label without its colon ("1 Undang-Undang": OCR lost the marker's stop)
_LABEL_PUNCT = re.compile(
    r"^\s*(?:[-–—~'‘’]\s+(?=[:;]))?(?:[:;=>»]|\.(?=\s)|[1!|Il](?=\s+\(?(?:[a-z]|\d{1,2})[.,)]\s))\s*"
)  # OCR reads the label's colon as ';', '=', '>', '»' or '.', and as '1', '!' or '|' before an
# item's marker ("Mengingat 1 1. Undang-Undang"); a speck or a shadow before the colon reads as
# a dash or a quote ("Memperhatikan - : Hasil rapat", a photographed page)


def read_section_label(
    text: str, labels: dict[str, str], at_left: bool = True, fuzzy: bool = False
) -> Optional[tuple[str, str]]:
    """'Menimbang : a. bahwa …' -> ('considerations', 'a. bahwa …'); None for other lines.

    With its colon the label is taken as printed; without it ("Memperhatikan Berita Acara …", the
    colon lost by OCR) only in the left column and before text that opens an item, a sentence or
    the section's own first word ("Menimbang bahwa …": a single unlettered item).
    ``fuzzy`` (OCR lines) also takes a label misread by a letter or two.
    """
    head, _, tail = text.partition(" ")
    core = head.rstrip(":;=")
    tail = (head[len(core) :] + " " + tail).strip() if head != core else tail
    for key, label in labels.items():
        exact = core in (label, label.upper())
        if exact or (
            fuzzy
            and at_left
            and _fuzzy_equal(core.lower(), label.lower(), _FUZZY_CUTOFF["section"])
        ):
            punct = _LABEL_PUNCT.match(tail)
            rest = tail[punct.end() :] if punct else tail
            after_junk = _past_junk(key, rest) if fuzzy and at_left else None
            if after_junk is not None:
                return key, after_junk
            if punct or (
                at_left and (not rest or _FOLLOWS_LABEL.match(rest) or opens_item(key, rest))
            ):
                return key, rest
    return None


_FUZZY_CUTOFF = {"section": 85.0, "dictum": 75.0}
# What OCR makes of the colon and the first marker between a label and its first item's opening
# words: one or two short tokens ("Menimbang La. bahwa", "ra. bahwa", "1 Aa. bahwa", ": “Is",
# "Mengingat 3 1. Undang-Undang": the marker kept). The split puts a lost first marker back
# where the second follows.
_SHORT_TOKEN = re.compile(r"^\S{1,3}\s+")
_FIRST_MARKER = re.compile(r"^\(?[a1][.,)]\s")


def _past_junk(section: str, rest: str) -> Optional[str]:
    """``rest`` from its first marker or its item's opening words, past one or two short tokens
    before them, with the section's first marker put back before the opening words (a single
    unlettered item loses it again in the split); None when it opens so already or no such
    tokens lead to them."""
    for dropped in range(3):
        if _FIRST_MARKER.match(rest):
            return rest if dropped else None
        if opens_item(section, rest):
            if not dropped:
                return None
            marker = words()["first_markers"].get(section)
            return f"{marker} {rest}" if marker else rest
        token = _SHORT_TOKEN.match(rest)
        if token is None:
            break
        rest = rest[token.end() :]
    return None


def read_dictum_label(
    text: str, expected: Optional[int] = None, at_left: bool = True, fuzzy: bool = False
) -> Optional[tuple[str, str]]:
    """'KESATU : Menetapkan …' -> ('KESATU', 'Menetapkan …'); None for other lines.

    A label with its colon opens a dictum wherever it stands in the sequence. Without the colon,
    or misread by OCR (``fuzzy``: "KESATLI"), only the label expected next (rank ``expected``) in
    the left column counts, before text that opens a sentence or an item.
    """
    if not fuzzy and not text.startswith(("KE", "PE")):  # cheap exit: every label opens so
        return None
    ranks = dictum_ranks()
    misread_ordinals = lookalikes()
    for label in labels_longest_first():
        size = label.count(" ") + 1
        parts = text.split(" ", size)
        if len(parts) < size:
            continue
        found = " ".join(parts[:size])
        core = found.rstrip(":;=.,")
        tail = (found[len(core) :] + " " + (parts[size] if len(parts) > size else "")).strip()
        punct = _LABEL_PUNCT.match(tail)
        rest = tail[punct.end() :] if punct else tail.lstrip(".,")
        if core == label and punct:
            return label, rest.strip()
        if expected is None or ranks[label] != expected or not at_left or core in misread_ordinals:
            continue
        if core != label and not (
            fuzzy and core.isupper() and _fuzzy_equal(core, label, _FUZZY_CUTOFF["dictum"])
        ):
            continue
        if punct or not rest or _FOLLOWS_LABEL.match(rest.strip()):
            return label, rest.strip()
    return None


def strip_acting(text: str) -> str:
    """'a.n. KETUA KOMISI …' / 'Plh. KEPALA …' -> the office itself."""
    for prefix in sorted(words()["acting_prefixes"], key=len, reverse=True):
        if text.lower().startswith(prefix.lower() + " "):
            return text[len(prefix) :].strip()
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
_LONE_ABBREVIATION = re.compile(r"[A-Za-z]{1,4}\.")


# A bracket, bar or mark no name holds, standing alone between two words: a pen stroke crossing
# the name's line, or a tilted scan's grain ("MUHAMMAD ) ARIFIN"). A slash joins the words of a
# mark ("Cap / Ttd"); stops, commas, apostrophes and hyphens belong to names ("H. M. NUR, S.H.").
_NO_NAME_SYMBOLS = '(){}[]|<>€£¢¥!*~^#=_"“”«»'


def without_stray_symbols(text: str) -> str:
    """``text`` less lone symbols at its ends and between its words: a scan's paraf or signature
    stroke beside a name reads as one ("€ LUKMAN HAKIM SAIFUDDIN £")."""
    text = without_lone_symbols(text, _NO_NAME_SYMBOLS)
    return re.sub(r"^(?:[^\w\s]+\s+)+|(?:\s+[^\w\s]+)+$", "", text)


def signature_name(block: list[str], gaps: Optional[list[float]] = None) -> Optional[str]:
    """The signer's name in a signature block (official line(s), 'ttd' or a blank gap, the name).

    The name is the first name-like line after the last signature mark, else after the official's
    closing comma, else after the widest blank gap (``gaps[i]`` is the gap above line i in line
    heights); failing all, the last name-like line.
    """
    marks = {m.lower() for m in words()["signature_marks"]}
    regions = [
        m.upper()
        for level, markers in vocab.load("office_levels.yaml").items()
        if level != "national"
        for m in markers
    ]
    office = re.compile(
        r"\b(?:" + "|".join([*words()["official_heads"], *regions]) + r"|KOMISI|REPUBLIK|BADAN)\b"
    )

    block = [without_stray_symbols(t) for t in block]
    prefixes = tuple(f"{p} " for p in words()["name_prefixes"])
    rank = re.compile(r"(?:" + "|".join(words()["rank_words"]) + r")\b", re.IGNORECASE)

    def without_prefix(t: str) -> str:
        return t.split(" ", 1)[1] if t.startswith(prefixes) else t

    def is_name(t: str) -> bool:
        return (
            t.lower() not in marks
            # No signer's name is one word of four letters or fewer with a full stop: that is the
            # mark however OCR misreads it ("ttd." in a sans face reads "Had."), or "NIP.".
            and not _LONE_ABBREVIATION.fullmatch(t)
            and sum(c.isalpha() for c in t) >= 3  # not a letter Tesseract made of a stroke
            # a name has a word of three letters or more, no abbreviation, before its degrees:
            # 'HA PP O, S.H.' is what OCR made of a name under a stamp, 'M.Hum.' its degrees alone
            and any(
                sum(c.isalpha() for c in w) >= 3 and "." not in w for w in t.split(",")[0].split()
            )
            and not t.endswith(",")
            and bool(_NAME.match(without_prefix(t)))
            and not office.search(t.upper())
            and not re.match(r"^NIP\b", t, re.IGNORECASE)
            and not rank.match(t)
        )

    after = None
    mark_at = [i for i, t in enumerate(block) if t.lower() in marks]
    comma_at = [
        i for i, t in enumerate(block) if t.endswith(",") and (is_official_line(t) or t.isupper())
    ]
    if mark_at:
        after = mark_at[-1]
    elif comma_at:
        after = comma_at[-1]
    elif gaps and len(gaps) == len(block) and len(block) > 1:
        widest = max(range(1, len(block)), key=lambda i: gaps[i])
        after = widest - 1 if gaps[widest] >= 1.5 else None
    if after is not None:
        found = next((t for t in block[after + 1 :] if is_name(t)), None)
        if found:
            return found
    names = [t for t in block if is_name(t)]
    return names[-1] if names else None


_PLAN_YEAR = re.compile(
    r"(?P<cited>\bNomor\s+\S+\s+)?\bTahun\s+(?:Anggaran\s+)?(?P<year>\d{4})\b(?!\s*[-–/]\s*\d)",
    re.IGNORECASE,
)
_YEAR_AT_END = re.compile(r"\bTahun\s+(?:Anggaran\s+)?(?P<year>\d{4})\s*$", re.IGNORECASE)


def plan_year_of(
    title: Optional[str], operative: str = "", annex: Optional[list[str]] = None
) -> Optional[int]:
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
    return schedule_deadline_year(operative)


def schedule_deadline_year(operative: str) -> Optional[int]:
    """The year of the deadline a sentence of the operative part sets for the plan's schedule
    ("… diselesaikan paling lambat tanggal 31 Desember 2024 dengan jadwal kegiatan …" -> 2024);
    None without one, or with deadlines in two years."""
    cues = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in words()["deadline_cues"])
    schedule = re.compile(rf"\b(?:{'|'.join(words()['schedule_words'])})\b", re.IGNORECASE)
    years = set()
    for sentence in re.split(r"(?<=[.;])\s+", operative):
        if not schedule.search(sentence):
            continue
        for cue in re.finditer(rf"\b(?:{cues})\s+(?:tanggal\s+)?", sentence, re.IGNORECASE):
            found = dates_in(sentence[cue.end() : cue.end() + 40])
            if found and found[0][0] == 0:
                years.add(found[0][1].year)
    return years.pop() if len(years) == 1 else None
