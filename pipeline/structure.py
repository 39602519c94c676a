"""Stage 3, structure: the decree body (issuer, NOMOR, TENTANG, Menimbang, Mengingat, dictums …).

Contract: reads ``state.body_lines``, sets ``state.metadata``.
"""
from __future__ import annotations

from .state import Extraction


def run(state: Extraction) -> Extraction:
    return state
