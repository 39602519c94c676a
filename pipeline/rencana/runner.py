"""The pipeline as two ordered lists of stages.

Page stages run on each page while the PDF is open (its text layer or OCR, then its tables), so
pages are closed as we go and memory stays flat on long decrees. Document stages then run on the
whole document: clean → structure → tables → records (schedules normalised inside) → validate
→ quality (the verdict on whether a person should review the decree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rencana.contract.models import DecreeDocument, Source
from rencana.core.codes import WarningCode
from rencana.core.files import sha256_of
from rencana.core.state import Extraction
from rencana.core.types import PageContent
from rencana.errors import BadInput
from rencana.options import ExtractOptions
from rencana.stages import clean, quality, records, validate
from rencana.stages.page import OpenPage, PageStage, text
from rencana.stages.page.open import open_pdf
from rencana.stages.structure import metadata
from rencana.stages.tables import assemble, finders

DocStage = Callable[[Extraction], Extraction]

PAGE_STAGES: list[PageStage] = [text.read_text, finders.find_tables]
DOC_STAGES: list[DocStage] = [
    clean.run,
    metadata.run,
    assemble.run,
    records.run,
    validate.run,
    quality.run,
]


@dataclass(frozen=True)
class Share:
    """Every ``of``-th page, from the ``index``-th: one reader's part of a decree when forked
    readers share its pages (interleaved, so costly pages spread evenly)."""

    index: int = 0
    of: int = 1

    def takes(self, page_index: int) -> bool:
        return page_index % self.of == self.index


def read_pages(state: Extraction, stages: list[PageStage] = PAGE_STAGES) -> Extraction:
    """Open the PDF and run the page stages on every page; a page that cannot be read makes the
    whole file ``BadInput``."""
    return settle_pages(read_share(state, Share(), stages))


def read_share(
    state: Extraction, share: Share, stages: list[PageStage] = PAGE_STAGES
) -> Extraction:
    """``state`` with the pages of ``share`` read, in order (``settle_pages`` checks them)."""
    path, options = state.path, state.options
    pdf = open_pdf(path, options)
    pages: list[PageContent] = []
    try:
        for index, page in enumerate(pdf.pages):
            if not share.takes(index):
                continue
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
    state.pages = pages
    return state


def join_shares(shares: list[Extraction]) -> Extraction:
    """One state from the states of readers that shared a decree's pages: pages in order."""
    joined = shares[0]
    joined.pages = sorted((page for share in shares for page in share.pages), key=_page_number)
    joined.warnings = [warning for share in shares for warning in share.warnings]
    return settle_pages(joined)


def _page_number(page: PageContent) -> int:
    return page.number


def settle_pages(state: Extraction) -> Extraction:
    """The checks and the source summary that need every page read."""
    pages, path, options = state.pages, state.path, state.options
    if not any(p.words for p in pages):
        raise BadInput(
            "no text layer (image-only PDF)" + ("; OCR is off" if options.ocr == "never" else "")
        )
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


def finish(state: Extraction) -> DecreeDocument:
    """Run the document stages on the pages ``read_pages`` left in ``state``."""
    for stage in DOC_STAGES:
        state = stage(state)
    return DecreeDocument(
        source=state.source,
        metadata=state.metadata,
        records=state.records,
        warnings=state.warnings,
        quality=state.quality,
    )


def extract(path: str | Path, options: ExtractOptions | None = None) -> DecreeDocument:
    """Run every stage on one PDF. Raises ``BadInput`` for files that are not readable decrees."""
    return finish(read_pages(Extraction(path=Path(path), options=options or ExtractOptions())))


def warm_up() -> None:
    """Build now what the document stages build on first use: spaCy (its import takes most of a
    second), the tokenizer and the rule matchers. A worker does it before its first document,
    and ``rencana extract`` while a child reads the pages."""
    from rencana.stages import schedule
    from rencana.stages.structure import lexicon

    schedule.warm_up()
    lexicon.matchers()
