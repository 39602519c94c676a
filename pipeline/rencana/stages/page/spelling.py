"""OCR'd words respelled from the Indonesian word list: "tcknis" -> "teknis", "Intemasional" ->
"Internasional", "menyju" -> "menuju".

A word is respelled only when nothing knows it as read and exactly one OCR confusion
(vocab/ocr_confusions.yaml: "c" read for "e", "rn" for "m" ...) made once turns it into a word the
list knows. "Known" takes affixes into account: Tesseract's list lacks many derived forms
("persandian", "penetapannya", "dibakukan"), so a word whose root Sastrawi's Indonesian stemmer
finds is left as read. Two candidates, or none, leave the word as read too: no guess.

Only OCR'd text is respelled (Tesseract's, or a scan's own OCR layer): a born-digital page holds
what its author typed, typos included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Optional

from rencana import vocab
from rencana.core.types import PageContent, Word
from rencana.stages.structure.wording import (
    MIN_WORD_LEN,
    english_words,
    is_known,
    known_words,
    reads_as_misread,
)

# A word's letters between the punctuation around it ("(tcknis);" keeps its brackets).
_CORE = re.compile(r"^(\W*)([^\W_]+(?:-[^\W_]+)*)(\W*)$")
_LETTERS_AND_OCR_DIGITS = re.compile(r"[a-z01]+")


@dataclass(frozen=True, slots=True)
class Confusions:
    any_case: tuple[tuple[str, str], ...]
    lower_case: tuple[tuple[str, str], ...]
    min_length: int
    min_upper_length: int
    max_confidence: float
    max_name_confidence: float
    faint_confidence: float


@cache
def confusions() -> Confusions:
    data = vocab.load("ocr_confusions.yaml")
    return Confusions(
        any_case=tuple((str(a), str(b)) for a, b in data["any_case"]),
        lower_case=tuple((str(a), str(b)) for a, b in data["lower_case"]),
        min_length=int(data["min_length"]),
        min_upper_length=int(data["min_upper_length"]),
        max_confidence=float(data["max_confidence"]),
        max_name_confidence=float(data["max_name_confidence"]),
        faint_confidence=float(data["faint_confidence"]),
    )


def variants(word: str, pairs: tuple[tuple[str, str], ...]) -> Iterator[str]:
    """``word`` with one confusion undone at one place, for every pair and place."""
    for read, printed in pairs:
        at = word.find(read)
        while at >= 0:
            yield word[:at] + printed + word[at + len(read) :]
            at = word.find(read, at + 1)


def _in_case_of(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def respelled_part(part: str) -> Optional[str]:
    """The word list's spelling of one OCR'd word (no punctuation, no hyphen), or None to keep it."""
    rules = confusions()
    lower = part.lower()
    if len(part) < rules.min_length or not _LETTERS_AND_OCR_DIGITS.fullmatch(lower):
        return None
    letters = lower.replace("0", "").replace("1", "")
    if not letters or not (part.islower() or part.isupper() or part.istitle()):
        return None  # "PENNT'APAN"-like mixtures are garbled beyond one confusion
    if part.isupper() and len(part) < rules.min_upper_length:
        return None  # an abbreviation
    listed = known_words()
    if lower in listed or lower in english_words():
        return None
    pairs = rules.any_case + (rules.lower_case if part.islower() else ())
    candidates = {v for v in variants(lower, pairs) if v in listed}
    if is_known(lower):
        # Known only through a root the stemmer finds: a derived form the list lacks, unless a
        # listed word lies one confusion away ("kepenungan": ke-nung-an, "kepentingan" read
        # with "ti" run into "u").
        if len(candidates) != 1 or not part.islower():
            return None
    elif not candidates:
        # A word the plans borrow from English ("Ouality gates" for "Quality gates").
        candidates = {v for v in variants(lower, pairs) if v in english_words()}
    if len(candidates) != 1:
        return None
    candidate = candidates.pop()
    if len(candidate) != len(lower) and any(e in known_words() for e in one_edit_from(lower)):
        # "rn" for "m" is two edits: a word one edit away is nearer ("Parien" is "Pasien"
        # misread, no "Panen").
        return None
    return _in_case_of(part, candidate)


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def one_edit_from(word: str) -> Iterator[str]:
    """Every string one letter deleted, inserted or changed away from ``word``."""
    for at in range(len(word) + 1):
        head, tail = word[:at], word[at:]
        if tail:
            yield head + tail[1:]
        for letter in _ALPHABET:
            yield head + letter + tail
            if tail and letter != tail[0]:
                yield head + letter + tail[1:]


def respelled_word(text: str) -> Optional[str]:
    """``text`` (one OCR'd word, punctuation and hyphens kept) respelled, or None to keep it."""
    match = _CORE.match(text)
    if not match:
        return None
    before, core, after = match.groups()
    parts = core.split("-")
    fixed = [respelled_part(p) for p in parts]
    if not any(fixed):
        return None
    return before + "-".join(f or p for f, p in zip(fixed, parts)) + after


def near_a_listed_word(
    text: str, title_cased: bool = False, doubted: bool = False, sentence_start: bool = False
) -> bool:
    """Whether a part of an OCR'd word that no list knows lies one OCR confusion (of small
    letters where its letters are small) from a listed word, Indonesian or English, or, in lower
    case, one letter
    from one: a misreading ("Elekuonik", "mlai", "auality") more than a typo, even read with
    confidence. A capitalised word one letter from a listed one is a name as often ("Sempe",
    "Fretes"); in a title-cased text (``in_title_case``) a capital says nothing of names, and
    the word is judged as a small-letter one ("Organisasi/ Kelembagaar") when one listed word
    alone lies near it (a name lies near many: "Yatch", read at 0.92), or any does and OCR
    ``doubted`` it (read below ``max_confidence``: "bukti Gukung Indeks", 0.89, near "dukung",
    "gunung", "gulung"). A capitalised word OCR doubted that opens a sentence
    (``sentence_start``: "Monttoring, evaluasi", 0.86) is judged so when one listed word alone
    lies near it. Pure."""
    match = _CORE.match(text)
    if not match:
        return False
    rules = confusions()
    for part in match.group(2).split("-"):
        lower = part.lower()
        if len(part) < rules.min_length or not part.isalpha() or is_known(lower):
            continue
        if lower in english_words():
            continue
        near = set(variants(lower, rules.any_case))
        if (title_cased or sentence_start) and part.istitle() and not part.islower():
            # judged as small letters, but a name lies near many words ("Darwin Yatch Race":
            # "watch", "batch", "match"): one listed word near it is a misreading's sign, and
            # so is any where OCR doubted the word in a title-cased text
            small = set(variants(lower, rules.lower_case)) | set(one_edit_from(lower))
            listed = len({n for n in small if n in known_words() or n in english_words()})
            if title_cased and (listed == 1 or (doubted and listed)):
                return True
            if sentence_start and doubted and listed == 1:
                return True
        if part.islower():
            near.update(variants(lower, rules.lower_case))
            near.update(one_edit_from(lower))
        elif part[1:].islower():
            # small letters' confusions where the letters are small: "Hansos" is no "bansos"
            near.update(lower[0] + v for v in variants(lower[1:], rules.lower_case))
        if any(n in known_words() or n in english_words() for n in near):
            return True
    return False


# A code of capitals and a number ("B02", "TW3"): OCR reads a zero among its digits as an "O".
_CODE_WITH_O = re.compile(r"^([A-Z]{1,2}?)([0-9O]+)([.,;]?)$")


def respelled_code(text: str) -> Optional[str]:
    """A code's number read with an "O" for a zero ("BO2" -> "B02", a schedule's month code),
    or None: the number must hold a digit besides."""
    match = _CODE_WITH_O.match(text)
    if not match or "O" not in match[2] or not any(c.isdigit() for c in match[2]):
        return None
    return match[1] + match[2].replace("O", "0") + match[3]


# A number glued to letters through a zero ("(30PD," for "(3OPD,": three OPDs).
_ZERO_BEFORE_LETTERS = re.compile(r"^(\W*\d+)0([^\W\d_]{2,})(\W*)$")


def respelled_letter_o(text: str) -> Optional[str]:
    """A number glued to a word whose "O" OCR read as a zero ("30PD" -> "3OPD"), or None: the
    letters after the zero must make a listed word with an "o" before them ("opd") and be in
    one case. A sure reading is not asked here (``respell`` asks only of doubted words). Pure."""
    match = _ZERO_BEFORE_LETTERS.match(text)
    if match is None or not (match[2].isupper() or match[2].islower()):
        return None
    if "o" + match[2].lower() not in known_words():
        return None
    return match[1] + ("O" if match[2].isupper() else "o") + match[2] + match[3]


# A word of capitals with a small "l" among them ("Zl", "DKl"): OCR reads a capital "I" so, its
# bar as tall as an "l"'s stem.
_CAPITALS_WITH_SMALL_L = re.compile(r"^(\W*)((?=[A-Zl]*[A-Z])(?=[A-Zl]*l)[A-Zl]{2,})(\W*)$")


def capitals_read(text: str, beside: list[str]) -> Optional[str]:
    """A word of capitals read with a small "l" ("MONEV Zl" for "MONEV ZI") in capitals, when
    its line is in capitals (a word of capitals beside it) or the word holds two capitals
    besides ("DKl"): a small letter among capitals is printed in no acronym. Alone, "Al" may be
    a name's ("Al Hikmah"): None, to keep it (``capitals_unsure`` doubts it). Pure."""
    match = _CAPITALS_WITH_SMALL_L.match(text)
    if match is None:
        return None
    capitals = sum(c.isupper() for c in match[2])
    if capitals < 2 and not any(len(w) > 1 and w.isalpha() and w.isupper() for w in beside):
        return None
    return match[1] + match[2].replace("l", "I") + match[3]


def capitals_unsure(text: str, confidence: float) -> bool:
    """Whether an OCR'd word of capitals with a small "l" that ``capitals_read`` left so ("Zl"
    alone in its cell) was read doubtfully: a capital "I" read small, or a name's "Al". Bars
    alone ("Ill") are a Roman numeral, which the schedule's reading settles. Pure."""
    match = _CAPITALS_WITH_SMALL_L.match(text)
    return (
        match is not None
        and confidence < confusions().max_name_confidence
        and set(match[2]) != {"I", "l"}
    )


def is_unknown_name_part(text: str) -> bool:
    """A capitalised word nothing knows: a part of a name ("Marullah" before "Matali")."""
    match = _CORE.match(text)
    core = match.group(2) if match else ""
    return (
        len(core) >= confusions().min_length
        and core[:1].isupper()
        and core.isalpha()
        and not is_known(core.lower())
    )


def _beside(word: Word, words: list[Word]) -> list[Word]:
    """The nearest word left and right of ``word`` on its line (a word's height apart at most)."""
    height = word.bottom - word.top
    line = [
        w
        for w in words
        if w is not word
        and min(w.bottom, word.bottom) - max(w.top, word.top) > 0.5 * height
        and min(abs(w.x0 - word.x1), abs(word.x0 - w.x1)) <= 2 * height
    ]
    left = [w for w in line if w.x1 <= word.x0 + 1]
    right = [w for w in line if w.x0 >= word.x1 - 1]
    nearest = [max(left, key=lambda w: w.x1)] if left else []
    return nearest + ([min(right, key=lambda w: w.x0)] if right else [])


def respell(content: PageContent) -> PageContent:
    """Respell the words of an OCR'd page in place; ``content.respelled`` lists what changed.

    A capitalised word beside another capitalised word nothing knows is part of a name ("Marullah
    Matali" is no "Matah"): names are left as read. So is a word OCR read with confidence."""
    sure = confusions().max_confidence
    for word in content.words:
        code = respelled_code(word.text)
        # its neighbours only for a word capitals_read may change: found for every word, they
        # cost a pass over the page's words each (0.12 s CPU over the Jepara scan's 2700 words)
        if code is None and _CAPITALS_WITH_SMALL_L.match(word.text):
            code = capitals_read(word.text, [w.text for w in _beside(word, content.words)])
        if code is not None:
            content.respelled.append((word.text, code))
            word.text = code
            continue
        if word.confidence is not None and word.confidence > sure:
            continue
        fixed = respelled_letter_o(word.text) or respelled_word(word.text)
        if fixed is None:
            continue
        if word.text[:1].isupper() and any(
            is_unknown_name_part(w.text) for w in _beside(word, content.words)
        ):
            continue
        content.respelled.append((word.text, fixed))
        word.text = fixed
    return content


def read_for_another_word(text: str) -> bool:
    """Whether an OCR'd word that the Indonesian list knows lies one OCR confusion from another
    word it lists ("anu" from "anti", "u" read for "ti"): read with doubt, it may be either.
    Pure."""
    match = _CORE.match(text)
    if not match:
        return False
    rules = confusions()
    listed = known_words()
    for part in match.group(2).split("-"):
        lower = part.lower()
        if len(lower) < MIN_WORD_LEN or not part.isalpha() or lower not in listed:
            continue
        if part.isupper() and len(part) < rules.min_upper_length:
            continue  # an abbreviation or a Roman numeral ("III")
        pairs = rules.any_case + (rules.lower_case if part.islower() else ())
        if any(v != lower and v in listed for v in variants(lower, pairs)):
            return True
    return False


def in_title_case(index: int, texts: list[str]) -> bool:
    """Whether ``texts[index]`` (an OCR'd page's words in reading order) stands in a title-cased
    text: a word beside it is a capitalised listed word and none is in small letters ("Penataan
    Organisasi/ Kelembagaan", an area's name). There a capital is the text's case, no name's;
    beside an unknown capitalised word ("Marullah Matali") or a small-letter one, it may be a
    name's. Pure."""
    beside = [texts[i] for i in (index - 1, index + 1) if 0 <= i < len(texts)]
    cores = [m.group(2) for t in beside if (m := _CORE.match(t))]
    if any(c.islower() or (c.istitle() and not is_known(c.lower())) for c in cores):
        return False
    return any(len(c) >= MIN_WORD_LEN and c.istitle() and c.lower() in known_words() for c in cores)


def starts_a_sentence(index: int, texts: list[str]) -> bool:
    """Whether ``texts[index]`` (an OCR'd page's words in reading order), capitalised, opens a
    sentence: a listed word in small letters follows it ("Monttoring, evaluasi, pelaporan"), and
    no unknown capitalised word stands before it (a name's other part: "Marullah Matali"). Pure."""
    match = _CORE.match(texts[index])
    if match is None or not match.group(2).istitle() or index + 1 >= len(texts):
        return False
    after = _CORE.match(texts[index + 1])
    if after is None or not after.group(2).islower() or not is_known(after.group(2)):
        return False
    before = _CORE.match(texts[index - 1]) if index > 0 else None
    return before is None or not is_unknown_name_part(before.group(2))


def bar_capital_mid_sentence(index: int, texts: list[str]) -> bool:
    """Whether ``texts[index]`` (an OCR'd page's words in reading order) opens on a capital "I"
    after a word in small letters, no list knowing it while a listed word lies one letter from
    it in small letters: a sans-serif "l" is the same bar, and a scan may run "li" into one
    ("di Ingkungan Unit" for "di lingkungan", 0.81: unseen fuzz scan seed 297). A name after
    "di" is as likely by its case alone; only the pixels tell. Pure."""
    match = _CORE.match(texts[index])
    if match is None or index == 0 or not re.fullmatch(r"I[a-z]{3,}", match.group(2)):
        return False
    before = _CORE.match(texts[index - 1])
    if before is None or not (before.group(2).isalpha() and before.group(2).islower()):
        return False
    lower = match.group(2).lower()
    if is_known(lower) or lower in english_words():
        return False
    return any(e in known_words() for e in one_edit_from(lower))


def spells_out_the_words_before(index: int, texts: list[str]) -> bool:
    """Whether ``texts[index]`` (an OCR'd page's words in reading order) opens a bracket on
    an abbreviation of the words just before it, each giving its first letters in turn (short
    ones may give none): "strategis komunikasi (strakom)", printed so (fuzz scan seed 219). No
    list knows such a word, and the text before it spells it out. Pure."""
    match = _CORE.match(texts[index])
    if match is None or not match.group(1).startswith("(") or not match.group(2).isalpha():
        return False
    short = match.group(2).lower()
    before = [m.group(2).lower() for t in texts[max(0, index - 6) : index] if (m := _CORE.match(t))]

    def spelled(rest: str, words: list[str], first: bool) -> bool:
        if not rest:
            return not first
        if not words:
            return False
        word, others = words[0], words[1:]
        if not first and len(word) < MIN_WORD_LEN and spelled(rest, others, False):
            return True  # "dan", "di" give no letter
        return any(
            rest.startswith(word[:n]) and spelled(rest[n:], others, False)
            for n in range(1, len(word) + 1)
        )

    return any(spelled(short, before[start:], True) for start in range(len(before) - 1))


def derived_near_a_listed_word(text: str) -> bool:
    """Whether an OCR'd word is known only through a root the stemmer finds, the list lacking
    it, and lies one letter from a listed word ("Penaraan": pe-nara-an, "penataan" misread):
    only the pixels tell a derived form from a misreading. Pure."""
    match = _CORE.match(text)
    if match is None or not match.group(2).isalpha():
        return False
    lower = match.group(2).lower()
    listed = known_words()
    return (
        len(lower) >= confusions().min_length
        and lower not in listed
        and is_known(lower)
        and any(e in listed for e in one_edit_from(lower))
    )


def reads_doubtfully(
    text: str, confidence: float, title_cased: bool = False, sentence_start: bool = False
) -> bool:
    """Whether an OCR'd word may be misread: read below the confidence OCR reads printed words
    with (``Confusions.max_confidence``: a word read surely is taken as printed, typos included)
    as no word the lists know (capitalised ones only when OCR doubted them more); and, however
    surely read, a word with a letter read as a symbol ("K/L/D/|") or one a listed word lies one
    OCR confusion or one letter from ("sosiahsasi" at 0.91, "Ouality" at 0.92: a misreading left
    as read is a row to review, a printed typo too). Words joined by a slash are judged each on
    its own ("organisasi/kelembagaar"). A capitalised word ``title_cased`` (``in_title_case``)
    or opening a sentence (``starts_a_sentence``) is judged as a small-letter one
    (``near_a_listed_word``). Pure."""
    if len(parts := slashed_words(text)) > 1:
        return bool(_LOOKALIKE.search(text)) or any(
            reads_doubtfully(part, confidence, title_cased, sentence_start) for part in parts
        )
    rules = confusions()
    doubted = confidence < rules.max_confidence
    if doubted and reads_as_misread(text, names=confidence < rules.max_name_confidence):
        return True
    return bool(_LOOKALIKE.search(text)) or (
        reads_as_misread(text, names=True)
        and near_a_listed_word(text, title_cased, doubted, sentence_start)
    )


# A slash between letters joins two words ("unit/satuan", "organisasi/kelembagaan").
_SLASH_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


def slashed_words(text: str) -> list[str]:
    """The words a slash joins into one OCR'd word, or the word alone. Pure."""
    return _SLASH_BETWEEN_LETTERS.split(text)


# A symbol OCR makes of a letter's stroke, inside a word beside letters ("K/L/D/|" for "K/L/D/I",
# "Ke{a"); other symbols in a word may be printed so ("#NAME?", a spreadsheet's error, "Rp.-").
_LOOKALIKE = re.compile(r"[^\W\d_][^\s|{}\\]*[|{}\\]|[|{}\\][^\s|{}\\]*[^\W\d_]")


def typo_shaped(text: str, read_twice: bool = False) -> bool:
    """Whether an OCR'd word's only doubt is a printed typo's shape: each part the lists lack is
    in small letters, no OCR confusion from a listed word ("mlai": "m" read for "ni"), and one
    letter deleted, inserted or changed from one ("implememntasi"), or, ``read_twice`` (read
    alike on its own), any word ("memeliharana"), or a capitalised one one letter off a listed
    word ("Sosialiasi"). Words joined by a slash: each doubtful one
    typo-shaped. Pure."""
    if len(parts := slashed_words(text)) > 1:
        doubtful = [p for p in parts if reads_as_misread(p, names=True) or _LOOKALIKE.search(p)]
        return bool(doubtful) and all(typo_shaped(part, read_twice) for part in doubtful)
    match = _CORE.match(text)
    if not match:
        return False
    rules = confusions()
    pairs = rules.any_case + rules.lower_case
    listed = known_words()
    typo = False
    for part in match.group(2).split("-"):
        lower = part.lower()
        if len(part) < MIN_WORD_LEN or is_known(lower) or lower in english_words():
            continue
        one_off = any(e in listed for e in one_edit_from(lower))
        # a capitalised word read alike on its own and one letter off a listed word: a typo in
        # a title-cased text ("Sosialiasi", fuzz scan seed 163), its capital the text's case
        capitalised_typo = read_twice and part.istitle() and one_off
        if not (part.islower() or capitalised_typo):
            return False
        if any(v in listed for v in variants(lower, pairs)):
            return False
        if not read_twice and not one_off:
            return False
        typo = True
    return typo
