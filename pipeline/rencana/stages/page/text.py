"""Page stage 1: the page's words and filled rects, from its text layer or, for a scan, through OCR.

Every page leaves this stage the same way whether it was read from a text layer or an image, so
later stages never ask how a page was read.
"""

from __future__ import annotations

from typing import Any

import pdfplumber

from rencana.core.types import PageContent, Rect, Word
from rencana.options import ExtractOptions
from rencana.stages.page import OpenPage


def needs_ocr(page: pdfplumber.page.Page, options: ExtractOptions) -> bool:
    if options.ocr == "always":
        return True
    if options.ocr == "never":
        return False
    return len(page.chars) < options.min_chars_per_page


def read_text(open_page: OpenPage, content: PageContent) -> PageContent:
    """The page stage: the text layer, or OCR when the page has none (``options.ocr`` decides)."""
    if needs_ocr(open_page.page, open_page.options):
        from rencana.stages.ocr import engine  # heavy imports only when a scan arrives

        return engine.read_page(open_page.path, open_page.page, open_page.options)
    return text_layer(open_page.page)


# Fake bold draws a word twice, a hair apart: the second copy covers most of the first.
DUPLICATE_WORD_OVERLAP = 0.6


def is_char_doubled(text: str) -> bool:
    """ "MMeenniinnggkkaatt": a word overprinted glyph by glyph, each character twice in a row."""
    return len(text) >= 8 and len(text) % 2 == 0 and text[::2] == text[1::2] and not text.isdigit()


def without_overprint(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's words with each overprinted copy dropped (else "kualitas" printed twice over
    itself reads "kualitaskualitas"). Pure."""
    kept: list[dict[str, Any]] = []
    by_text: dict[str, list[dict[str, Any]]] = {}
    for word in found:
        twins = by_text.setdefault(word["text"], [])
        if any(_overlap(word, twin) >= DUPLICATE_WORD_OVERLAP for twin in twins):
            continue
        twins.append(word)
        kept.append(word)
    return kept


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min(
        (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
        (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
    )
    return width * height / smaller if smaller > 0 else 0.0


def text_layer(page: pdfplumber.page.Page) -> PageContent:
    """Words and filled rects of a text-layer page."""
    found = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    if any(is_char_doubled(w["text"]) for w in found):  # overprinted glyph by glyph
        found = page.dedupe_chars().extract_words(
            extra_attrs=["fontname", "size"], keep_blank_chars=False
        )
    found = without_overprint(found)
    words = [
        Word(
            text=w["text"],
            x0=w["x0"],
            top=w["top"],
            x1=w["x1"],
            bottom=w["bottom"],
            fontname=w.get("fontname", ""),
            size=w.get("size", 0.0),
            upright=w.get("upright", True),
        )
        for w in found
    ]
    rects = [
        Rect(
            x0=r["x0"],
            top=r["top"],
            x1=r["x1"],
            bottom=r["bottom"],
            fill=_colour(r.get("non_stroking_color")) if r.get("fill") else None,
        )
        for r in page.rects
    ]
    return PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=words,
        rects=rects,
        rotation=int(page.rotation or 0),
    )


def _colour(value: Any) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):  # pattern colours and the like
        return None
