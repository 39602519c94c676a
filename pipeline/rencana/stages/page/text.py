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


def text_layer(page: pdfplumber.page.Page) -> PageContent:
    """Words and filled rects of a text-layer page."""
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
        for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
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
