"""Page stages: run on each page while the PDF is open (its text layer or OCR, then its tables)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rencana.core.types import PageContent
from rencana.options import ExtractOptions

if TYPE_CHECKING:
    import pdfplumber.page


@dataclass(frozen=True, slots=True)
class OpenPage:
    """One page while its PDF is open: what a page stage may read besides the content so far."""

    path: Path
    page: pdfplumber.page.Page
    options: ExtractOptions
    data: bytes = b""  # the PDF's bytes as read once and parsed (renders use these, not the path)

    @property
    def number(self) -> int:
        return int(self.page.page_number)

    @property
    def source(self) -> Path | bytes:
        """What to render the page from: the bytes that were parsed, when there are any."""
        return self.data or self.path


PageStage = Callable[[OpenPage, PageContent], PageContent]
