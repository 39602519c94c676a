"""Colours as pdfplumber reports them: a grey level, RGB or CMYK tuple, each 0..1. Pure."""

from __future__ import annotations

from typing import Optional


def is_white(colour: Optional[tuple[float, ...]]) -> bool:
    """Paper white: grey or RGB at full light, or CMYK with no ink (None is the default black)."""
    if not colour:
        return False
    if len(colour) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in colour)
    return all(v >= 0.95 for v in colour)
