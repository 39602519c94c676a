"""The decree vocabulary (vocab/decree_words.yaml, dictum ordinals) and the spaCy matchers built from it, once."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rencana import vocab
from rencana.core.nlp import blank

if TYPE_CHECKING:  # spaCy is imported by the first metadata read (core.nlp), not at import
    from spacy.matcher import Matcher, PhraseMatcher


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
def labels_longest_first() -> tuple[str, ...]:
    return tuple(sorted(dictum_ranks(), key=len, reverse=True))


@lru_cache(maxsize=1)
def lookalikes() -> frozenset[str]:
    return frozenset(words()["ordinal_lookalikes"])


@lru_cache(maxsize=1)
def matchers() -> tuple[Matcher, PhraseMatcher, PhraseMatcher]:
    """The DATE token pattern, and citation forms as phrases (case-insensitive)."""
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = blank()
    months = sorted(vocab.month_spellings())
    matcher = Matcher(nlp.vocab)
    matcher.add(
        "DATE",
        [
            [
                {"TEXT": {"REGEX": r"^\d{1,2}$"}},
                {"LOWER": {"IN": months}},
                {"TEXT": {"REGEX": r"^\d{4}$"}},
            ]
        ],
    )
    forms = vocab.load("legal_forms.yaml")
    specific, generic = (
        PhraseMatcher(nlp.vocab, attr="LOWER"),
        PhraseMatcher(nlp.vocab, attr="LOWER"),
    )
    specific.add("FORM", [nlp.make_doc(form) for form in forms["specific"]])
    generic.add("FORM", [nlp.make_doc(form) for form in forms["generic"]])
    return matcher, specific, generic


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    return vocab.month_spellings()
