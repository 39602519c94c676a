"""Opening a PDF: cheap checks on its bytes, then pdfplumber, refusing what is not a readable decree.

Bad input (not a PDF, truncated, encrypted, a decompression bomb, too many pages) ends here as
``BadInput`` with a one-line reason, before any page is read. The PDF is parsed from bytes read
once (``core.files.read_once``), so what is parsed is exactly what was hashed. What pdfminer
decodes later is bounded by ``guard``; what pdfium renders for OCR by ``check_render``.
"""

from __future__ import annotations

import io
import logging
import zlib
from pathlib import Path
from typing import Any, Optional

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect, PDFXRefStream
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSException

from rencana.core.files import FileBytes, FileChanged, NotRegularFile, read_once
from rencana.core.image_headers import IMAGE_CODECS, encoded_size
from rencana.errors import BadInput
from rencana.options import ExtractOptions
from rencana.stages.page import guard
from rencana.stages.page.guard import HostileInput

# pdfminer logs what it recovers from; with no handler Python prints WARNING records on stderr,
# before the one-line reason. What matters reaches the user as that reason or as a warning.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_PDF_MAGIC = b"%PDF-"
# Flate cannot inflate by more than ~1032:1, so only streams larger than this share of the
# cap can exceed it; small streams are never decompressed twice.
_FLATE_MAX_RATIO = 1032
MIB = 1 << 20


def read_file(path: Path, options: ExtractOptions) -> FileBytes:
    """The file's bytes, read once; a one-line ``BadInput`` for what cannot be read as a file."""
    try:
        read = read_once(path, options.max_file_bytes)
    except FileNotFoundError:
        raise BadInput("no such file") from None
    except NotRegularFile as exc:
        raise BadInput(f"is {exc}, not a PDF") from None
    except FileChanged as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"cannot read the file ({exc.strerror or exc.__class__.__name__})") from None
    check_bytes(read, options)
    return read


def check_bytes(read: FileBytes, options: ExtractOptions) -> None:
    """Cheap checks on the bytes before any parser sees them."""
    size = read.size
    if size == 0:
        raise BadInput("empty file (0 bytes)")
    if size > options.max_file_bytes:
        raise BadInput(
            f"file too large ({size // (1 << 20)} MiB > {options.max_file_bytes // (1 << 20)} MiB)"
        )
    head, tail = read.data[:1024], read.data[-2048:]
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


def check_xrefs(pdf: pdfplumber.PDF) -> None:
    """An xref stream's /Index may declare more objects than its data holds (``[0 2147483647]``):
    pdfminer would then list two billion object ids."""
    for xref in pdf.doc.xrefs:
        if not isinstance(xref, PDFXRefStream) or not xref.entlen:
            continue
        declared = sum(max(0, int(count)) for _, count in xref.ranges)
        held = len(xref.data or b"") // xref.entlen
        if declared > held:
            raise HostileInput(
                f"hostile PDF: its cross-reference /Index declares {declared} objects, "
                f"its data holds {held}"
            )


def _pixel_filters(stream: PDFStream) -> tuple[list[tuple[Any, Any]], Optional[tuple[str, Any]]]:
    """``stream``'s filters before its image codec (pdfium decodes those), and the codec with its
    parameters, if any."""
    chain = stream.get_filters()
    for at, (name, params) in enumerate(chain):
        codec = IMAGE_CODECS.get(getattr(name, "name", str(name)))
        if codec is not None:
            params = params if isinstance(params, dict) else {}
            return chain[:at], (codec, {key: resolve1(value) for key, value in params.items()})
    return chain, None


def decode_bounded(stream: PDFStream, limit: int) -> Optional[bytes]:
    """What ``stream``'s filters give before any image codec, decoded under a scratch budget:
    ``HostileInput`` past ``limit`` bytes from any filter, None when the stream is broken (that
    is pdfminer's or pdfium's to report later, if it is used)."""
    filters, _ = _pixel_filters(stream)
    attrs = {key: value for key, value in stream.attrs.items() if key not in _FILTER_KEYS}
    if filters:
        attrs["Filter"] = [name for name, _ in filters]
        attrs["DecodeParms"] = [params for _, params in filters]
    probe = PDFStream(attrs, stream.rawdata or b"", stream.decipher)
    probe.set_objid(stream.objid or 0, stream.genno or 0)
    with guard.budget(limit, max(1, len(filters)) * limit, 0):
        try:
            return probe.get_data()
        except HostileInput:
            raise
        except Exception:
            return None


_FILTER_KEYS = ("F", "Filter", "DP", "DecodeParms", "FDecodeParms")


def decodes_beyond(stream: PDFStream, limit: int) -> bool:
    """Whether ``stream``'s filter chain (Flate, LZW, or chains of both, up to an image codec)
    yields more than ``limit`` bytes: at most ``limit`` bytes are ever held."""
    try:
        filters, _ = _pixel_filters(stream)
    except Exception:  # unreadable filter names or parameters: pdfminer's to report
        return False
    names = [getattr(name, "name", str(name)) for name, _ in filters]
    if not any(name in ("FlateDecode", "Fl", "LZWDecode", "LZW") for name in names):
        return False
    if names == ["FlateDecode"] and not stream.decipher:  # the common case streams, holding nothing
        return _inflated_size_exceeds(stream.rawdata or b"", limit)
    try:
        decode_bounded(stream, limit)
    except HostileInput:
        return True
    return False


def check_streams(pdf: pdfplumber.PDF, options: ExtractOptions) -> None:
    """Refuse decompression bombs before pdfminer inflates them into memory."""
    limit = options.max_stream_bytes
    # Flate alone inflates ~1032:1 at most; a chain or LZW can do far more, but what pdfminer
    # decodes is bounded by ``guard`` anyway: this pre-scan keeps the cheap, early refusal.
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
        if not isinstance(obj, PDFStream) or obj.rawdata is None:
            continue
        if len(obj.rawdata) > threshold and decodes_beyond(obj, limit):
            raise HostileInput(f"hostile PDF: a stream inflates beyond {limit // (1 << 20)} MiB")


def check_page_content(page: pdfplumber.page.Page, options: ExtractOptions) -> None:
    """Before pdfminer parses a page: its content streams, decoded (bounded by ``guard``; the
    data stays cached for the parse), must fit in ``max_page_content_bytes``."""
    cap = options.max_page_content_bytes
    total = 0
    for content in page.page_obj.contents:
        content = resolve1(content)
        if isinstance(content, PDFStream):
            total += len(content.get_data())
        if total > cap:
            raise HostileInput(
                f"hostile PDF: page {page.page_number} holds more than {cap // (1 << 20)} MiB of content"
            )


def check_render(page: pdfplumber.page.Page, options: ExtractOptions) -> None:
    """Before pdfium renders a page for OCR: the page and each image on it must fit in
    ``max_render_pixels`` (a 14400 pt MediaBox is 1.6 G pixels at 200 dpi), as declared and as
    encoded (``check_image``), its masks too."""
    cap = options.max_render_pixels
    scale = options.ocr_dpi / 72.0
    width, height = float(page.width), float(page.height)
    if width * scale * height * scale > cap:
        raise HostileInput(
            f"hostile PDF: page {page.page_number} is {width:.0f} × {height:.0f} pt, "
            f"too large to render for OCR"
        )
    inline = (image.get("stream") for image in page.images)  # pdfplumber's: inline ones too
    checked: set[int] = set()
    for stream in [*inline, *drawn_images(page.page_obj.attrs)]:
        for part in _image_and_masks(stream):
            if id(part) not in checked:
                checked.add(id(part))
                check_image(part, page.page_number, options)


# A page draws far fewer objects than this; past it the page is refused rather than rendered
# unchecked.
MAX_DRAWN_OBJECTS = 20_000
# What each kind of object leads to when pdfium draws it: (key, kind of what it holds). /Parent,
# /P and links are never followed: they lead to other pages.
_LEADS_TO = {
    "page": (("Resources", "resources"), ("Annots", "annotations")),
    "resources": (
        ("XObject", "named"),
        ("Pattern", "named"),
        ("Font", "named"),
        ("ExtGState", "named"),
    ),
    # a form, a pattern, a Type 3 font, a graphics state with a soft mask (its group form)
    "drawable": (("Resources", "resources"), ("SMask", "drawable"), ("G", "drawable")),
    "annotation": (("AP", "appearances"),),
    "appearances": (("N", "appearance"), ("R", "appearance"), ("D", "appearance")),
}


# Maps and lists, and the kind of what they hold: resources by name, annotations, and an
# appearance's streams by state (/N << /On 5 0 R /Off 6 0 R >>).
_MAPS = {"named": "drawable", "annotations": "annotation", "appearance": "drawable"}


def drawn_images(page_attrs: dict) -> list[PDFStream]:
    """Every image XObject pdfium may decode to draw a page: in its resources, in forms,
    patterns, Type 3 glyphs and soft masks, and in its annotations' appearances, each object
    visited once (a form that draws itself is a loop that ends here too)."""
    images: list[PDFStream] = []
    seen: set[int] = set()
    todo: list[tuple[object, str]] = [(page_attrs, "page")]
    while todo:
        item, kind = todo.pop()
        try:
            item = resolve1(item)
        except Exception:  # a broken reference: pdfium draws nothing there either
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if len(seen) > MAX_DRAWN_OBJECTS:
            raise HostileInput(f"hostile PDF: a page draws more than {MAX_DRAWN_OBJECTS} objects")
        if isinstance(item, PDFStream):
            if _name_of(item.get("Subtype")) == "Image":
                images.append(item)
                continue
            item, kind = item.attrs, "drawable"  # a form, a pattern, an appearance
        if kind in _MAPS:  # a name -> object map, or a list
            values = list(item.values()) if isinstance(item, dict) else item
            if isinstance(values, list):
                todo.extend((value, _MAPS[kind]) for value in values)
        elif isinstance(item, dict):
            todo.extend((item[key], leads) for key, leads in _LEADS_TO[kind] if key in item)
    return images


def _name_of(value: object) -> str:
    try:
        return str(getattr(resolve1(value), "name", ""))
    except Exception:
        return ""


def _image_and_masks(stream: object) -> list[PDFStream]:
    """An image stream and the masks pdfium decodes with it."""
    if not isinstance(stream, PDFStream):
        return []
    parts = [stream]
    for key in ("SMask", "Mask"):
        try:
            mask = resolve1(stream.get(key))
        except Exception:  # a broken mask is pdfium's to skip
            continue
        if isinstance(mask, PDFStream) and mask is not stream:
            parts.append(mask)
    return parts


def check_image(stream: PDFStream, page_number: int, options: ExtractOptions) -> None:
    """An image must fit in ``max_render_pixels`` both as its dictionary declares it and as its
    codec's own header says (pdfium decodes at the latter), and the filters before its codec
    must not yield more than its declared size."""
    cap = options.max_render_pixels
    width, height = (_dimension(stream, key) for key in (("W", "Width"), ("H", "Height")))
    if width * height > cap:
        raise HostileInput(
            f"hostile PDF: an image on page {page_number} declares {width * height} pixels"
        )
    if stream.rawdata is None:
        return
    try:
        _, codec = _pixel_filters(stream)
    except Exception:  # unreadable filter names or parameters: pdfium cannot decode it either
        return
    # Up to CMYK, 8 bits a component; compressed pixels are smaller still.
    expected = min(max(width * height * 4 + MIB, MIB), options.max_stream_bytes * 4)
    try:
        data = decode_bounded(stream, expected)
    except HostileInput:
        raise HostileInput(
            f"hostile PDF: an image on page {page_number} decodes beyond its size"
        ) from None
    if codec is None or data is None:
        return
    size = encoded_size(codec[0], data, codec[1], height)
    if size is not None and size[0] * size[1] > cap:
        raise HostileInput(
            f"hostile PDF: an image on page {page_number} is {size[0]} × {size[1]} pixels "
            f"as encoded ({width} × {height} declared)"
        )


def _dimension(stream: PDFStream, keys: tuple[str, str]) -> int:
    try:
        return max(0, int(resolve1(stream.get_any(keys)) or 0))
    except (TypeError, ValueError):
        return 0


class Damaged(BadInput):
    """The PDF's structure is broken: a repair pass may still recover it."""


def repair(data: bytes) -> bytes | None:
    """The PDF rewritten by qpdf (pikepdf), which rebuilds a broken cross-reference table and
    drops what it cannot parse, as PDF viewers do; None when qpdf cannot open it either."""
    try:
        import pikepdf
    except ImportError:
        return None
    logging.getLogger("pikepdf").addHandler(logging.NullHandler())
    logging.getLogger("pikepdf").propagate = False
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            out = io.BytesIO()
            pdf.save(out)  # streams are copied as they are: no bomb is inflated here
    except MemoryError:
        raise
    except Exception:  # qpdf gives up on it as well
        return None
    return out.getvalue()


def open_pdf(data: bytes, options: ExtractOptions) -> pdfplumber.PDF:
    """pdfplumber over ``data`` (bytes already checked by ``read_file``)."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        check_xrefs(pdf)
        page_count = len(pdf.pages)
    except BadInput:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise BadInput("encrypted PDF (a password is required)") from None
    except (PDFSyntaxError, PSException) as exc:
        raise Damaged(f"damaged PDF ({exc.__class__.__name__})") from None
    except RecursionError:
        raise HostileInput("hostile PDF: too deeply nested objects (recursion limit)") from None
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many types on broken files
        hostile = [a for a in exc.args if isinstance(a, BadInput)]
        if hostile:  # pdfplumber wraps pdfminer's errors, ours among them
            raise hostile[0].__class__(str(hostile[0])) from None
        if any(isinstance(a, MemoryError) for a in exc.args):
            raise MemoryError from None
        # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect())
        wrapped = [a for a in exc.args if isinstance(a, (PDFPasswordIncorrect, PDFEncryptionError))]
        if wrapped or "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise BadInput("encrypted PDF (a password is required)") from None
        raise Damaged(f"unreadable PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if page_count == 0:
        pdf.close()
        raise Damaged("PDF has no pages")
    if page_count > options.max_pages:
        pdf.close()
        raise BadInput(f"too many pages ({page_count} > {options.max_pages})")
    check_streams(pdf, options)
    return pdf


# A page-sized image: an A4 page at 100 dpi has ~0.9 million pixels; a letterhead logo far fewer.
SCAN_IMAGE_PIXELS = 800_000


def may_need_ocr(path: Path, options: ExtractOptions, pages: int = 3) -> bool:
    """Whether OCR may read one of the first ``pages`` pages: one without a font, or one under a
    page-sized image (a scan, maybe with an OCR layer that ``auto`` judges). Cheap: the page
    dictionaries only, no content stream. ``extract`` gives a document to OCR one page reader
    per core, and one with a text layer a core less (its document child needs one meanwhile).
    Run it in a child under limits, as every read of an unchecked file."""
    if options.ocr != "auto":
        return options.ocr == "always"
    from itertools import islice

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as file:
        document = PDFDocument(PDFParser(file))
        for page in islice(PDFPage.create_pages(document), pages):
            resources = resolve1(page.resources) or {}
            if not resolve1(resources.get("Font")):
                return True
            for xobject in (resolve1(resources.get("XObject")) or {}).values():
                image = resolve1(xobject)
                if isinstance(image, PDFStream) and _name_of(image.get("Subtype")) == "Image":
                    width, height = resolve1(image.get("Width")), resolve1(image.get("Height"))
                    if isinstance(width, int) and isinstance(height, int):
                        if width * height >= SCAN_IMAGE_PIXELS:
                            return True
    return False
