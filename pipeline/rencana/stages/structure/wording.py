"""Does a text read as Indonesian? A word list, and the signs of garbled text (a poor OCR layer).

The word list (vocab/indonesian_words.txt) is Tesseract's own Indonesian dictionary, shipped as
package data (see vocab/README.md for how it was made): nothing is downloaded at run time. Pure
and cheap: a set lookup and two regular expressions per word. Only a word the list lacks, where
its derived forms matter (``is_known``), loads Sastrawi's stemmer (pysastrawi, ~0.03 s).

Signs of garbled words, as a poor OCR layer prints them ("I 88.45/34 st 4tS.0tt}0l7",
"PENNT'APAN", "l'}emerr'ntah", "Kine{a", "20r7", "£3"):
- a stray symbol inside a word (€ £ } { ! | and the like), or an apostrophe between capitals;
- letters and digits interleaved inside a word ("20r7", "0l7", "r4rg"), unlike designations
  ("PER/09/M.PAN/5/2007", "2011a", "Rp5.000", "KM.12" keep letters and digits in runs);
- a lower-case word the dictionary does not know ("kineria", "sehagai", "daram"). Capitalised
  and upper-case words are not judged this way: they are names and abbreviations as often as not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Optional

from rencana import vocab

WORDLIST = "indonesian_words.txt"
# English words Indonesian plans borrow ("quality gates", "stakeholder"): Tesseract's own English
# dictionary less the Indonesian list's words (see vocab/README.md).
ENGLISH_WORDLIST = "english_words.txt"

# Punctuation that may close or open a word without making it garbled.
_EDGE = "\"'“”‘’()[],.;:?!*-–—"
# A symbol no Indonesian word or designation holds inside it; an apostrophe between two capitals
# ("PENNT'APAN") or before a symbol; a bracket glued inside a word ("tr(U").
_STRAY = re.compile(r"[€£¢¥}{!|\\*^~<>=#$_\[\]«»]|[A-Z]'[A-Z]|'[^\w]|\w\(\w|\w\)\w")
# Letters and digits interleaved: a letter run between digits, a digit run between letters.
_INTERLEAVED = re.compile(r"\d[a-z]+\d|[a-z]\d+[a-z]|\d[a-z]+[A-Z]|[A-Za-z]\d+[a-z]")
# A scanner's OCR layer misreads in ways the word list cannot see, but a word's shape can: a
# capital between small letters ("keloIa", "EvaIuasi": l read I; "PemilihanUmum": two words
# run together) and a digit among capitals ("KOMI5I", "AMB0N", "8ARAT": S, O, B read as
# digits; designations keep their digits in runs apart: "W15.IMI", "3320/KPU"). Judged only in a
# scan's layer: an author's app names are camel case ("SatuData") and are no misreading there.
_MISREAD_SHAPE = re.compile(r"[a-z][A-Z][a-z]|[A-Z]{2,}\d[A-Z]|[A-Z]\d[A-Z]{2,}|^\d[A-Z]{3,}$")
# Addresses are not words: "dpmptsp@sukoharjokab.go.id", "www.kpu.go.id".
_ADDRESS = re.compile(r"@|www\.|\.(?:go|co|ac|or)\.id\b|https?:", re.I)
# A word is judged only with at least this many characters: "di", "ke", "a." say nothing.
MIN_WORD_LEN = 3


@cache
def known_words() -> frozenset[str]:
    """The Indonesian word list, lower case (loaded once per process, ~44,000 words)."""
    text = resources.files("rencana.vocab").joinpath(WORDLIST).read_text(encoding="utf-8")
    return frozenset(text.split())


@cache
def english_words() -> frozenset[str]:
    """Tesseract's English word list, lower case, words of four letters or more that the
    Indonesian list lacks (loaded once, only when a word is unknown to the Indonesian list)."""
    text = resources.files("rencana.vocab").joinpath(ENGLISH_WORDLIST).read_text(encoding="utf-8")
    return frozenset(text.split())


def is_garbled(word: str) -> bool:
    """True for a word with a stray symbol inside or letters and digits interleaved."""
    core = word.strip(_EDGE)
    return bool(_STRAY.search(core) or _INTERLEAVED.search(core))


@dataclass(frozen=True, slots=True)
class TextQuality:
    """How many words were judged, how many read as poor, and a few of those."""

    judged: int
    poor: int
    examples: tuple[str, ...] = ()
    # of the poor words, those garbled beyond doubt (a stray symbol, a misread shape): no
    # rare word the list lacks, as an unknown small word may be
    garbled: int = 0

    @property
    def share(self) -> float:
        return self.poor / self.judged if self.judged else 0.0


def text_quality(words: Iterable[str], examples: int = 0, shapes: bool = False) -> TextQuality:
    """Judge a page's words: garbled ones and lower-case ones the dictionary lacks are poor;
    with ``shapes`` (a scan's OCR layer) also words of a misread shape (``_MISREAD_SHAPE``)."""
    lexicon = known_words()
    judged = poor = garbled = 0
    found: list[str] = []
    for word in words:
        core = word.strip(_EDGE)
        if len(core) < MIN_WORD_LEN:
            continue
        if core.isalpha() and not (shapes and _MISREAD_SHAPE.search(core)):
            judged += 1
            if core.islower() and core not in lexicon:
                poor += 1
                if len(found) < examples:
                    found.append(core)
            continue
        if not any(c.isalpha() for c in core) or _ADDRESS.search(core):
            continue  # numbers, dates, designations of digits; e-mail and web addresses
        judged += 1
        if is_garbled(core) or (shapes and _MISREAD_SHAPE.search(core)):
            poor += 1
            garbled += 1
            if len(found) < examples:
                found.append(core)
    return TextQuality(judged, poor, tuple(found), garbled)


def reads_as_misread(word: str, names: bool = False) -> bool:
    """A word as OCR read it that is no Indonesian word: garbled, or lower case and unknown even
    with its affixes taken off ("kuahtas", "mfrastruktur"); with ``names`` also a capitalised
    one ("Ingkungan"), which is a name as often as not. An English word the plans borrow
    ("quality") is a word too. Upper-case words (abbreviations), numbers and short words are not
    judged."""
    core = word.strip(_EDGE)
    if len(core) < MIN_WORD_LEN or not any(c.isalpha() for c in core) or _ADDRESS.search(core):
        return False
    if is_garbled(core):
        return True
    parts = [p for p in core.split("-") if p]
    judged = core.islower() or (names and core[0].isupper() and core[1:].islower())
    return (
        judged
        and all(map(str.isalpha, parts))
        # a short part is a prefix or an initial ("e-government", "E-Lapkin"), not judged
        and not all(
            len(p) < MIN_WORD_LEN or is_known(p.lower()) or p.lower() in english_words()
            for p in parts
        )
    )


def real_word_share(text: Optional[str]) -> Optional[float]:
    """The share of a short text's words (a title) that are dictionary words, any case; None when
    it has no word to judge. A garbled word counts against it."""
    lexicon = known_words()
    judged = known = 0
    for word in (text or "").split():
        core = word.strip(_EDGE)
        parts = [p for p in core.split("-") if p] if core.replace("-", "").isalpha() else [core]
        for part in parts:
            if len(part) < MIN_WORD_LEN or not any(c.isalpha() for c in part):
                continue
            judged += 1
            if part.isalpha() and part.lower() in lexicon:
                known += 1
    return known / judged if judged else None


@cache
def _stemmer() -> tuple[Any, frozenset[str]]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # only once a word is unknown

    factory = StemmerFactory()
    return factory.create_stemmer(), frozenset(factory.get_words())


# A root the stemmer finds (a word's affixes taken off) shorter than this does not make the word
# known: "meret" is not me- + "ret".
MIN_ROOT_LEN = 4


@cache
def is_known(word: str) -> bool:
    """A lower-case word the word list holds, or one whose root Sastrawi's Indonesian stemmer
    finds: the list lacks many derived forms ("persandian", "penetapannya", "dibakukan"). A root
    shorter than ``MIN_ROOT_LEN`` counts only with a suffix after it as well as a prefix before
    ("ter-isi-nya"; "meret" is no me- + "ret"); a root of two words only under a confix
    (``two_word_root``: "pertanggungjawaban")."""
    if word in known_words() or word in also_words():
        return True
    stemmer, roots = _stemmer()
    if word in roots:
        return True
    root = stemmer.stem(word)
    if root != word and (len(root) >= MIN_ROOT_LEN or root in word[1:-1]):
        return True
    return two_word_root(word)


def two_word_root(word: str) -> bool:
    """Whether a word is a confix around a root of two listed words: a prefix of
    ``compound_prefixes`` (its nasal undone), a bound suffix, and between them two words of the
    list ("per-tanggung jawab-an", "ke-tata laksana-an", "men-tata usaha-kan"). Both ends must be
    affixes: two words run together bare ("programdoktoral") are no word. Pure."""
    listed = known_words()
    for prefix, initials in compound_prefixes().items():
        if not word.startswith(prefix):
            continue
        for suffix in bound_suffixes():
            if not word.endswith(suffix):
                continue
            inner = word[len(prefix) : len(word) - len(suffix)]
            for initial in initials:
                root = initial + inner
                if any(
                    root[:cut] in listed and root[cut:] in listed
                    for cut in range(MIN_ROOT_LEN, len(root) - MIN_ROOT_LEN + 1)
                ):
                    return True
    return False


@cache
def bound_suffixes() -> frozenset[str]:
    """Suffixes never written as words of their own (vocab/word_forms.yaml)."""
    return frozenset(vocab.load("word_forms.yaml")["bound_suffixes"])


@cache
def compound_prefixes() -> dict[str, list[str]]:
    """Prefixes of words built on a root of two words, each with the initials its nasal may
    have replaced (vocab/word_forms.yaml)."""
    return dict(vocab.load("word_forms.yaml")["compound_prefixes"])


@cache
def also_words() -> frozenset[str]:
    """Standard words the word list lacks (vocab/word_forms.yaml)."""
    return frozenset(vocab.load("word_forms.yaml")["also_words"])


@cache
def confix_prefixes() -> tuple[str, ...]:
    """Prefixes that open a confix with a suffix (vocab/word_forms.yaml)."""
    return tuple(vocab.load("word_forms.yaml")["confix_prefixes"])


def confixed_root(word: str) -> bool:
    """Whether a word is a known root of a root's length behind one of the confixes' prefixes."""
    return any(
        word.startswith(prefix)
        and len(word) - len(prefix) >= MIN_ROOT_LEN
        and is_known(word[len(prefix) :])
        for prefix in confix_prefixes()
    )


def broken_word(end: str, start: str) -> bool:
    """Are a line's last word and the next line's first one word that a narrow cell broke without
    a hyphen ("berbas" / "is", "jaring" / "an")? Only when together they are a listed word and
    apart one of them is no word, or the line opens with a suffix alone and the line above ends
    with a known root under a confix's prefix ("kerumahtangga" / "an": ke- rumahtangga -an; the
    list lacks many derived forms, and a typo's stray 'an' stays apart: "peralatand" / "an").
    Of words paired by a slash ("sarana/pras" / "arana") the last is the one broken. A word the
    list spells with a hyphen is never one: a line broken at its hyphen keeps it. The pieces are
    ``split_pieces``' (the next line's in small letters: a capital opens a word), as for a split
    at a cell's edge (``split_at_edge``), which weighs them otherwise."""
    pieces = split_pieces(end.rsplit("/", 1)[-1], start)
    if pieces is None or not start[:1].islower():
        return False
    head, tail = pieces
    if f"{head}-{tail}" in known_words():
        return False  # a word written with its hyphen ("e-commerce"), broken where it is
    if tail in bound_suffixes() and confixed_root(head):
        return True
    if head + tail not in known_words():
        return False
    return tail in bound_suffixes() or not (is_known(head) and is_known(tail))


def split_at_edge(end: str, start: str) -> bool:
    """Are the last word of a line that fills its cell to the right edge and the next line's
    first one word the printer split mid-word without a hyphen? Writer breaks a word too long
    for a narrow cell's line anywhere ("mengimplementasika" / "n"). Only when together they are a
    known word (``is_known``: its derived forms count, which the list lacks) and apart neither
    is one: two words of their own stay apart."""
    pieces = split_pieces(end, start)
    if pieces is None:
        return False
    head, tail = pieces
    return is_known(head + tail) and not is_known(head) and not is_known(tail)


# What may close the piece a split word leaves on the next line ("O," / "KEC.").
_SPLIT_TAIL_CLOSE = ",.;:)"


def split_pieces(end: str, start: str) -> Optional[tuple[str, str]]:
    """A line's last word and the next line's first as the two pieces of one word split between
    them, lower-cased, or None where they cannot be: not letters, or the piece below opens a new
    word (a capital under a word in lower case). Its closing punctuation is not the word's. Pure."""
    tail = start.rstrip(_SPLIT_TAIL_CLOSE)
    if not (end.isalpha() and tail.isalpha()):
        return None
    if not (tail.islower() or (tail.isupper() and end.isupper())):
        return None
    return end.lower(), tail.lower()


def split_unsure(end: str, start: str) -> bool:
    """Could the last word of a line that fills its cell to the right edge and the next line's
    first be one word split mid-word, with nothing to settle it? Neither is a known word, nor are
    they together (a name the list lacks: "bdrkedungmuly" / "o"), and the line below opens in
    lower case: joined or apart, the text may be wrong, so the decree is flagged."""
    pieces = split_pieces(end, start)
    if pieces is None:
        return False
    head, tail = pieces
    return not any(is_known(piece) for piece in (head, tail, head + tail))
