"""Stage 7, validate: semantic checks that add warnings, never silent fixes."""
from __future__ import annotations

from .state import Extraction


def run(state: Extraction) -> Extraction:
    if not state.records:
        state.warn("no_plan_table", "no plan table was found")
    return state
