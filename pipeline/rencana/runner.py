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
from typing import Optional

from rencana.contract.models import DecreeDocument, Source
from rencana.core.codes import WarningCode
from rencana.core.state import Extraction
from rencana.core.types import PageContent
from rencana.errors import BadInput
from rencana.options import ExtractOptions
from rencana.stages import clean, quality, records, validate
from rencana.stages.ocr.session import session
from rencana.stages.page import OpenPage, PageStage, guard, text
from rencana.stages.page.guard import HostileInput
from rencana.stages.page.objects import fast_objects
from rencana.stages.page.open import Damaged, check_page_content, open_pdf, read_file, repair
from rencana.stages.structure import metadata
from rencana.stages.tables import assemble, finders

DocStage = Callable[[Extraction], Extraction]
OnOpen = Callable[[int], None]  # told the page count once the PDF is open
# Set by the process that runs ``extract`` under a time limit (an ingest worker, a forked child),
# which then scales its limit with the page count.
page_count_listener: Optional[OnOpen] = None

PAGE_STAGES: list[PageStage] = [text.read_text, finders.find_tables, text.mark_overprints]
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


def read_pages(
    state: Extraction, stages: list[PageStage] = PAGE_STAGES, on_open: Optional[OnOpen] = None
) -> Extraction:
    """Read the file once, open the PDF from those bytes and run the page stages on every page.

    A damaged file gets a repair pass (pikepdf) before any page is given up; a page that still
    cannot be read is left out with a ``needs_review`` warning, and the file is ``BadInput`` only
    when no page is left. Hostile files (``HostileInput``) are refused whole. ``on_open`` is told
    the page count once the PDF is open (ingest and extract scale their time limit with it).
    """
    return settle_pages(read_share(state, Share(), stages, on_open))


def read_share(
    state: Extraction,
    share: Share,
    stages: list[PageStage] = PAGE_STAGES,
    on_open: Optional[OnOpen] = None,
) -> Extraction:
    """``read_pages`` on the pages of ``share`` only; ``settle_pages`` (or ``join_shares``)
    checks what every page tells. Its pages' Tesseract reads share one process per language and
    mode (``ocr.session``): started once, not once per page, and waited for before returning."""
    with session():
        return _read_share(state, share, stages, on_open)


def _read_share(
    state: Extraction, share: Share, stages: list[PageStage], on_open: Optional[OnOpen]
) -> Extraction:
    path, options = state.path, state.options
    read = read_file(path, options)
    try:
        result = _read_pdf(read.data, path, options, stages, on_open, share)
        damage: Optional[BadInput] = None
    except Damaged as exc:
        result, damage = None, exc
    if damage is not None or (result is not None and result.unreadable):
        repaired = repair(read.data)
        if repaired is not None:
            try:
                second = _read_pdf(repaired, path, options, stages, on_open, share)
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
    for number, reason in result.unreadable:
        state.warn(
            WarningCode.NEEDS_REVIEW,
            f"page {number} could not be read ({reason}) and was left out"
            + ("; the file was repaired first" if result.repaired else ""),
            page=number,
        )
    state.pages = result.pages
    state.unreadable_pages = result.unreadable
    # The identity is the hash of the bytes parsed above, never a second read of the path.
    state.source = Source(file=path.name, sha256=read.sha256, pages=result.page_count)
    return state


def join_shares(shares: list[Extraction]) -> Extraction:
    """One state from the states of readers that shared a decree's pages, settled."""
    joined = shares[0]
    joined.pages = sorted((page for share in shares for page in share.pages), key=_page_number)
    joined.unreadable_pages = sorted(p for share in shares for p in share.unreadable_pages)
    joined.warnings = sorted(
        (warning for share in shares for warning in share.warnings), key=lambda w: w.page or 0
    )
    return settle_pages(joined)


def _page_number(page: PageContent) -> int:
    return page.number


def settle_pages(state: Extraction) -> Extraction:
    """The checks and the source summary that need every page read."""
    pages, options = state.pages, state.options
    if not pages and state.unreadable_pages:  # nothing readable is left
        number, reason = state.unreadable_pages[0]
        raise BadInput(f"unreadable page {number} ({reason})")
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
    assert state.source is not None
    state.source = state.source.model_copy(update={"ocr_pages": ocr_pages})
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
    share: Share,
) -> _Read:
    """One pass over the pages of ``share`` of the PDF in ``data``, under a fresh decoding
    budget."""
    with guard.budget(
        options.max_stream_bytes, options.max_total_stream_bytes, options.max_cmap_entries
    ) as limits:
        pdf = open_pdf(data, options)
        result = _Read([], [], len(pdf.pages))
        if on_open is not None:
            on_open(result.page_count)
        try:
            for index, page in enumerate(pdf.pages):
                if not share.takes(index):
                    continue
                open_page = OpenPage(path=path, page=fast_objects(page), options=options, data=data)
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
    return finish(
        read_pages(
            Extraction(path=Path(path), options=options or ExtractOptions()),
            on_open=page_count_listener,
        )
    )


def warm_up() -> None:
    """Build now what the document stages build on first use: spaCy (its import takes most of a
    second), the tokenizer and the rule matchers. A worker does it before its first document,
    and ``rencana extract`` while children read the pages."""
    from rencana.stages import schedule
    from rencana.stages.structure import lexicon

    schedule.warm_up()
    lexicon.matchers()
