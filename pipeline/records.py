"""Stage 6, records: one Record per indicator row, schedules normalised through schedule.parse.

Contract: reads ``state.tables`` and ``state.metadata``; sets ``state.records``.
"""
from __future__ import annotations

from .state import Extraction


def run(state: Extraction) -> Extraction:
    return state
