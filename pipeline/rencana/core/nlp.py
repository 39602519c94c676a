"""One shared blank Indonesian spaCy pipeline; rule components load their patterns from vocab/."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def blank() -> Language:
    """``spacy.blank("id")``: tokenizer only, no model download. Shared: tokenizing is its only state."""
    return spacy.blank("id")
