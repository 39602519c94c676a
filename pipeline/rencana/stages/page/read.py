"""Stage 1, read: open the PDF, guard against bad input, and turn each page into PageContent.

pdfplumber is used through this module only (plus the table finder settings in tables.py).
Pages are closed as we go so that memory stays flat on long decrees.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSException

from rencana.errors import BadInput
from rencana.core.files import sha256_of
from rencana.contract.models import Source
from rencana.options import ExtractOptions
from rencana.core.state import Extraction
from rencana.core.types import PageContent, Rect, Word

_PDF_MAGIC = b"%PDF-"
# Flate cannot inflate by more than ~1032:1, so only streams larger than this share of the
# cap can exceed it; small streams are never decompressed twice.
_FLATE_MAX_RATIO = 1032


def check_file(path: Path, options: ExtractOptions) -> None:
    """Cheap checks on the bytes before any parser sees them."""
    if not path.exists():
        raise BadInput("no such file")
    if path.is_dir():
        raise BadInput("is a folder, not a PDF")
    size = path.stat().st_size
    if size == 0:
        raise BadInput("empty file (0 bytes)")
    if size > options.max_file_bytes:
        raise BadInput(f"file too large ({size // (1 << 20)} MiB > {options.max_file_bytes // (1 << 20)} MiB)")
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if _PDF_MAGIC not in head:
        kind = "PNG image" if head.startswith(b"\x89PNG") else "JPEG image" if head.startswith(b"\xff\xd8") else "not a PDF"
        raise BadInput(f"not a PDF ({kind})" if kind != "not a PDF" else "not a PDF (no %PDF header)")
    if b"%%EOF" not in tail:
        raise BadInput("truncated PDF (no %%EOF marker at the end)")


def _inflated_size_exceeds(raw: bytes, limit: int) -> bool:
    inflater = zlib.decompressobj()
    total = 0
    data = raw
    while data:
        chunk = inflater.decompress(data, 1 << 20)
        total += len(chunk)
        if total > limit:
            return True
        data = inflater.unconsumed_tail
        if not chunk and not data:
            break
    return False


def large_object_ids(pdf: pdfplumber.PDF, threshold: int) -> list[int] | None:
    """Ids of top-level objects that may span more than ``threshold`` bytes of the file.

    An object cannot be longer than the gap to the next object's offset, so small objects are
    ruled out from the cross-reference table alone, without parsing them. None when the table
    gives no offsets (then every object has to be looked at).
    """
    positions = []
    for xref in pdf.doc.xrefs:
        for objid in xref.get_objids():
            try:
                stream_id, position, _ = xref.get_pos(objid)
            except (KeyError, TypeError, ValueError):
                continue
            if stream_id is None:  # objects packed in an object stream are never streams
                positions.append((position, objid))
    if not positions:
        return None
    positions.sort()
    stream = pdf.stream
    stream.seek(0, 2)
    ends = [position for position, _ in positions[1:]] + [stream.tell()]
    return [objid for (position, objid), end in zip(positions, ends) if end - position > threshold]


def check_streams(pdf: pdfplumber.PDF, options: ExtractOptions) -> None:
    """Refuse decompression bombs before pdfminer inflates them into memory."""
    limit = options.max_stream_bytes
    threshold = limit // _FLATE_MAX_RATIO
    doc = pdf.doc
    candidates = large_object_ids(pdf, threshold)
    if candidates is None:
        candidates = [objid for xref in doc.xrefs for objid in xref.get_objids()]
    for objid in candidates:
        try:
            obj = doc.getobj(objid)
        except Exception:  # a broken object is pdfminer's to report later, if it is used
            continue
        if not isinstance(obj, PDFStream) or len(obj.rawdata or b"") <= threshold:
            continue
        filters = resolve1(obj.get("Filter"))
        names = [getattr(f, "name", str(f)) for f in (filters if isinstance(filters, list) else [filters])]
        if "FlateDecode" in names and _inflated_size_exceeds(obj.rawdata, limit):
            raise BadInput(f"hostile PDF: a stream inflates beyond {limit // (1 << 20)} MiB")


def page_content(page: pdfplumber.page.Page) -> PageContent:
    """Words, filled rects and the tables pdfplumber finds on a text-layer page."""
    from rencana.stages.tables import assemble as tables# the table finder's settings live with the table stage

    words = [
        Word(text=w["text"], x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"],
             fontname=w.get("fontname", ""), size=w.get("size", 0.0), upright=w.get("upright", True))
        for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    ]
    rects = [
        Rect(x0=r["x0"], top=r["top"], x1=r["x1"], bottom=r["bottom"],
             fill=_colour(r.get("non_stroking_color")) if r.get("fill") else None)
        for r in page.rects
    ]
    return PageContent(number=page.page_number, width=float(page.width), height=float(page.height),
                       words=words, rects=rects, tables=tables.find_on_page(page, words),
                       rotation=int(page.rotation or 0))


def _colour(value) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):  # pattern colours and the like
        return None


def open_pdf(path: Path, options: ExtractOptions) -> pdfplumber.PDF:
    check_file(path, options)
    try:
        pdf = pdfplumber.open(path)
        page_count = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise BadInput("encrypted PDF (a password is required)") from None
    except (PDFSyntaxError, PSException) as exc:
        raise BadInput(f"damaged PDF ({exc.__class__.__name__})") from None
    except Exception as exc:  # pdfminer raises many types on broken files
        # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect())
        wrapped = [a for a in exc.args if isinstance(a, (PDFPasswordIncorrect, PDFEncryptionError))]
        if wrapped or "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise BadInput("encrypted PDF (a password is required)") from None
        raise BadInput(f"unreadable PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if page_count == 0:
        pdf.close()
        raise BadInput("PDF has no pages")
    if page_count > options.max_pages:
        pdf.close()
        raise BadInput(f"too many pages ({page_count} > {options.max_pages})")
    check_streams(pdf, options)
    return pdf


def needs_ocr(page: pdfplumber.page.Page, options: ExtractOptions) -> bool:
    if options.ocr == "always":
        return True
    if options.ocr == "never":
        return False
    return len(page.chars) < options.min_chars_per_page


def run(state: Extraction) -> Extraction:
    path, options = state.path, state.options
    pdf = open_pdf(path, options)
    pages: list[PageContent] = []
    ocr_pages: list[int] = []
    try:
        for page in pdf.pages:
            try:
                if needs_ocr(page, options):
                    from rencana.stages.ocr import engine as ocr# heavy imports only when a scan arrives

                    pages.append(ocr.read_page(path, page, options))
                    ocr_pages.append(page.page_number)
                else:
                    pages.append(page_content(page))
            except BadInput:
                raise
            except Exception as exc:
                if any(isinstance(a, MemoryError) for a in exc.args):  # pdfplumber wraps pdfminer's errors
                    raise MemoryError from None  # the worker's memory limit, not a damaged page
                raise BadInput(f"unreadable page {page.page_number} ({exc.__class__.__name__})") from None
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(p.words for p in pages):
        raise BadInput("no text layer (image-only PDF)" + ("; OCR is off" if options.ocr == "never" else ""))
    state.pages = pages
    if ocr_pages and not any(p.tables for p in pages):
        state.warn("ocr_no_table", f"no table found on the {len(ocr_pages)} scanned page(s); no rows were read")
    state.source = Source(file=path.name, sha256=sha256_of(path), pages=len(pages), ocr_pages=ocr_pages)
    return state
