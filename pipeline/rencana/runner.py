"""The pipeline as two ordered lists of stages.

Page stages run on each page while the PDF is open (its text layer or OCR, then its tables), so
pages are closed as we go and memory stays flat on long decrees. Document stages then run on the
whole document: clean → structure → tables → records (schedules normalised inside) → validate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rencana.contract.models import DecreeDocument, Source
from rencana.core.codes import WarningCode
from rencana.core.files import sha256_of
from rencana.core.state import Extraction
from rencana.core.types import PageContent
from rencana.errors import BadInput
from rencana.options import ExtractOptions
from rencana.stages import clean, records, validate
from rencana.stages.page import OpenPage, PageStage, text
from rencana.stages.page.open import open_pdf
from rencana.stages.structure import metadata
from rencana.stages.tables import assemble, finders

DocStage = Callable[[Extraction], Extraction]

PAGE_STAGES: list[PageStage] = [text.read_text, finders.find_tables]
DOC_STAGES: list[DocStage] = [clean.run, metadata.run, assemble.run, records.run, validate.run]


def read_pages(state: Extraction, stages: list[PageStage] = PAGE_STAGES) -> Extraction:
    """Open the PDF and run the page stages on every page; a page that cannot be read makes the
    whole file ``BadInput``."""
    path, options = state.path, state.options
    pdf = open_pdf(path, options)
    pages: list[PageContent] = []
    try:
        for page in pdf.pages:
            open_page = OpenPage(path=path, page=page, options=options)
            try:
                content = PageContent(
                    number=page.page_number,
                    width=float(page.width),
                    height=float(page.height),
                    words=[],
                )
                for stage in stages:
                    content = stage(open_page, content)
                pages.append(content)
            except BadInput:
                raise
            except Exception as exc:
                if any(
                    isinstance(a, MemoryError) for a in exc.args
                ):  # pdfplumber wraps pdfminer's errors
                    raise MemoryError from None  # the worker's memory limit, not a damaged page
                raise BadInput(
                    f"unreadable page {page.page_number} ({exc.__class__.__name__})"
                ) from None
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(p.words for p in pages):
        raise BadInput(
            "no text layer (image-only PDF)" + ("; OCR is off" if options.ocr == "never" else "")
        )
    state.pages = pages
    ocr_pages = [p.number for p in pages if p.ocr]
    if ocr_pages and not any(p.tables for p in pages):
        state.warn(
            WarningCode.OCR_NO_TABLE,
            f"no table found on the {len(ocr_pages)} scanned page(s); no rows were read",
        )
    state.source = Source(
        file=path.name, sha256=sha256_of(path), pages=len(pages), ocr_pages=ocr_pages
    )
    return state


def extract(path: str | Path, options: ExtractOptions | None = None) -> DecreeDocument:
    """Run every stage on one PDF. Raises ``BadInput`` for files that are not readable decrees."""
    state = read_pages(Extraction(path=Path(path), options=options or ExtractOptions()))
    for stage in DOC_STAGES:
        state = stage(state)
    return DecreeDocument(
        source=state.source, metadata=state.metadata, records=state.records, warnings=state.warnings
    )
