"""Opening a PDF: cheap checks on its bytes, then pdfplumber, refusing what is not a readable decree.

Bad input (not a PDF, truncated, encrypted, a decompression bomb, too many pages) ends here as
``BadInput`` with a one-line reason, before any page is read.
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
from rencana.options import ExtractOptions

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
        raise BadInput(
            f"file too large ({size // (1 << 20)} MiB > {options.max_file_bytes // (1 << 20)} MiB)"
        )
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if _PDF_MAGIC not in head:
        kind = (
            "PNG image"
            if head.startswith(b"\x89PNG")
            else "JPEG image"
            if head.startswith(b"\xff\xd8")
            else "not a PDF"
        )
        raise BadInput(
            f"not a PDF ({kind})" if kind != "not a PDF" else "not a PDF (no %PDF header)"
        )
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
        names = [
            getattr(f, "name", str(f))
            for f in (filters if isinstance(filters, list) else [filters])
        ]
        if "FlateDecode" in names and _inflated_size_exceeds(obj.rawdata or b"", limit):
            raise BadInput(f"hostile PDF: a stream inflates beyond {limit // (1 << 20)} MiB")


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
