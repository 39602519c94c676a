"""Stage 4, tables: find the LAMPIRAN plan table(s) and turn them into logical rows.

Contract: ``find_on_page(page, words)`` is called by the read stage while the pdfplumber page is
open and returns ``FoundTable``s; ``run`` reads ``state.pages`` and sets ``state.tables``.
"""
from __future__ import annotations

from .state import Extraction
from .types import FoundTable, Word


def find_on_page(page, words: list[Word]) -> list[FoundTable]:
    return [FoundTable(bbox=t.bbox, cells=list(t.cells)) for t in page.find_tables()]


def run(state: Extraction) -> Extraction:
    return state
