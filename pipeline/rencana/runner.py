"""The pipeline as two ordered lists of stages.

Page stages run on each page while the PDF is open (its text layer or OCR, then its tables), so
pages are closed as we go and memory stays flat on long decrees. Document stages then run on the
whole document: clean → structure → tables → records (schedules normalised inside) → validate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from rencana.contract.models import DecreeDocument, Source
from rencana.core.codes import WarningCode
from rencana.core.state import Extraction
from rencana.core.types import PageContent
from rencana.errors import BadInput
from rencana.options import ExtractOptions
from rencana.stages import clean, records, validate
from rencana.stages.page import OpenPage, PageStage, guard, text
from rencana.stages.page.guard import HostileInput
from rencana.stages.page.open import Damaged, check_page_content, open_pdf, read_file, repair
from rencana.stages.structure import metadata
from rencana.stages.tables import assemble, finders

DocStage = Callable[[Extraction], Extraction]
OnOpen = Callable[[int], None]  # told the page count once the PDF is open
# Set by the process that runs ``extract`` under a time limit (an ingest worker, a forked child),
# which then scales its limit with the page count.
page_count_listener: Optional[OnOpen] = None

PAGE_STAGES: list[PageStage] = [text.read_text, finders.find_tables]
DOC_STAGES: list[DocStage] = [clean.run, metadata.run, assemble.run, records.run, validate.run]


def read_pages(
    state: Extraction, stages: list[PageStage] = PAGE_STAGES, on_open: Optional[OnOpen] = None
) -> Extraction:
    """Read the file once, open the PDF from those bytes and run the page stages on every page.

    A damaged file gets a repair pass (pikepdf) before any page is given up; a page that still
    cannot be read is left out with a ``needs_review`` warning, and the file is ``BadInput`` only
    when no page is left. Hostile files (``HostileInput``) are refused whole. ``on_open`` is told
    the page count once the PDF is open (ingest and extract scale their time limit with it).
    """
    path, options = state.path, state.options
    read = read_file(path, options)
    try:
        result = _read_pdf(read.data, path, options, stages, on_open)
        damage: Optional[BadInput] = None
    except Damaged as exc:
        result, damage = None, exc
    if damage is not None or (result is not None and result.unreadable):
        repaired = repair(read.data)
        if repaired is not None:
            try:
                second = _read_pdf(repaired, path, options, stages, on_open)
            except Damaged:
                second = None
            if second is not None and (
                result is None or len(second.unreadable) < len(result.unreadable)
            ):
                result = second
                result.repaired = True
    if result is None:
        assert damage is not None
        raise damage
    if not result.pages:  # nothing readable is left
        number, reason = result.unreadable[0]
        raise BadInput(f"unreadable page {number} ({reason})")
    for number, reason in result.unreadable:
        state.warn(
            WarningCode.NEEDS_REVIEW,
            f"page {number} could not be read ({reason}) and was left out"
            + ("; the file was repaired first" if result.repaired else ""),
            page=number,
        )
    pages = result.pages
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
    # The identity is the hash of the bytes parsed above, never a second read of the path.
    state.source = Source(
        file=path.name, sha256=read.sha256, pages=result.page_count, ocr_pages=ocr_pages
    )
    return state


@dataclass
class _Read:
    pages: list[PageContent]
    unreadable: list[tuple[int, str]]  # page number, why
    page_count: int
    repaired: bool = False


def _read_pdf(
    data: bytes,
    path: Path,
    options: ExtractOptions,
    stages: list[PageStage],
    on_open: Optional[OnOpen],
) -> _Read:
    """One pass over the PDF in ``data`` under a fresh decoding budget."""
    with guard.budget(
        options.max_stream_bytes, options.max_total_stream_bytes, options.max_cmap_entries
    ) as limits:
        pdf = open_pdf(data, options)
        result = _Read([], [], len(pdf.pages))
        if on_open is not None:
            on_open(result.page_count)
        try:
            for page in pdf.pages:
                open_page = OpenPage(path=path, page=page, options=options, data=data)
                try:
                    content = PageContent(
                        number=page.page_number,
                        width=float(page.width),
                        height=float(page.height),
                        words=[],
                    )
                    check_page_content(page, options)
                    for stage in stages:
                        content = stage(open_page, content)
                    result.pages.append(content)
                except (BadInput, MemoryError):
                    raise
                except Exception as exc:
                    _reraise_wrapped(exc)
                    limits.check()  # pdfminer may have swallowed a refusal of ours
                    result.unreadable.append((page.page_number, exc.__class__.__name__))
                finally:
                    page.close()
        finally:
            pdf.close()
        limits.check()
    return result


def _reraise_wrapped(exc: Exception) -> None:
    """pdfplumber wraps pdfminer's errors: the worker's memory limit or our own refusal inside
    is not a damaged page."""
    for inner in exc.args:
        if isinstance(inner, MemoryError):
            raise MemoryError from None
        if isinstance(inner, BadInput):  # a new one: ``inner`` is in ``exc``'s args, a cycle
            raise inner.__class__(str(inner)) from None
    if isinstance(exc, RecursionError):
        raise HostileInput("hostile PDF: too deeply nested objects (recursion limit)") from None


def extract(path: str | Path, options: ExtractOptions | None = None) -> DecreeDocument:
    """Run every stage on one PDF. Raises ``BadInput`` for files that are not readable decrees."""
    state = read_pages(
        Extraction(path=Path(path), options=options or ExtractOptions()),
        on_open=page_count_listener,
    )
    for stage in DOC_STAGES:
        state = stage(state)
    return DecreeDocument(
        source=state.source, metadata=state.metadata, records=state.records, warnings=state.warnings
    )
