"""Canonical reform areas: map an area as printed to one of the eight road-map areas.

The wordings live in ``vocab/reform_areas.yaml``. Pure: ``canonical_area(name) -> str | None``.
An area that matches no wording gives ``None`` (never a guess).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from rencana import vocab

# Leading furniture before the area's name: an "Area (Perubahan)" label, then numbering (1., II., A.).
_LEADING = re.compile(
    r"^(?:area(?:\s+perubahan)?\s*(?:ke\s*)?[:.\-]?\s*)?(?:(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*[.):\-]\s*|\d{1,2}\s+)?"
)
# Fuzzy fallback (OCR slips, a dropped word); high, because the eight names share many words.
_FUZZY_MIN = 90


def fold_area(name: str) -> str:
    """Lower case, punctuation as space, one space; numbering and an 'Area' label dropped."""
    text = (name or "").replace("\u00ad", "").strip().lower()
    text = re.sub(r"(\w)-\s+(\w)", r"\1-\2", text)  # a line wrap after a hyphen
    text = _LEADING.sub("", text, count=1)
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    """(folded wording, canonical name), longest wording first so containment prefers the most specific."""
    pairs = {fold_area(canonical): canonical for canonical in vocab.load("reform_areas.yaml")}
    for canonical, wordings in vocab.load("reform_areas.yaml").items():
        for wording in wordings or []:
            pairs[fold_area(wording)] = canonical
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


def canonical_area(name: str) -> Optional[str]:
    """The road-map area ``name`` stands for, or None when no wording fits."""
    folded = fold_area(name)
    if not folded:
        return None
    variants = _variants()
    for wording, canonical in variants:
        if folded == wording:
            return canonical
    # A printed name that carries a known wording whole ("… / Deregulasi Kebijakan").
    contained = {
        canonical
        for wording, canonical in variants
        if len(wording.split()) >= 2 and re.search(rf"\b{re.escape(wording)}\b", folded)
    }
    if len(contained) == 1:
        return contained.pop()
    scored = sorted(
        ((fuzz.ratio(folded, wording), canonical) for wording, canonical in variants), reverse=True
    )
    if scored and scored[0][0] >= _FUZZY_MIN:
        best = scored[0][1]
        # Two different areas scoring alike is ambiguous: no guess.
        if all(canonical == best for score, canonical in scored if score >= _FUZZY_MIN):
            return best
    return None
