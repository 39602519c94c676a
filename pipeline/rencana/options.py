"""Options that choose engines and limits. Engines are chosen here, never by if-chains elsewhere."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    ocr: OcrMode = "auto"
    ocr_dpi: int = 200
    # A page with fewer characters than this in its text layer counts as image-only.
    min_chars_per_page: int = 20
    max_file_bytes: int = 300 * 1024 * 1024
    max_pages: int = 2000
    # A content stream that inflates beyond this is treated as hostile (a zip bomb).
    max_stream_bytes: int = 64 * 1024 * 1024
    ocr_confidence_threshold: float = 0.80
