"""Stage 2, clean: drop page furniture and rebuild body text lines with wraps joined.

Contract: sets ``state.body_lines`` (text outside plan tables, furniture removed) and removes
furniture words from ``state.pages[*].words`` so the table stage never sees them.
"""
from __future__ import annotations

from .state import Extraction


def run(state: Extraction) -> Extraction:
    return state
