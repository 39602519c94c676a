"""The size an encoded image really has, read from the codec's own header.

pdfium decodes a JPEG at its frame header's (SOF) size, a JPEG 2000 image at its codestream's
(SIZ), a JBIG2 page and each region at their segments' sizes, and a CCITT image at its
/Columns × /Rows: none of them need match the image dictionary's /Width and /Height, so a
16 × 16 image may decode to 60000 × 60000. Pure functions over bytes; None when no header is
found (the decoder then fails as well).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any, Optional

Size = tuple[int, int]  # width, height in pixels

# Frame headers: baseline, extended, progressive, lossless (arithmetic ones too); C4, C8 and CC
# are other markers in the same range.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length field: TEM, RSTn, SOI, EOI.
_JPEG_BARE = frozenset([0x01, *range(0xD0, 0xDA)])


def jpeg_size(data: bytes) -> Optional[Size]:
    """The largest frame header's size, walking the markers from the first SOI (pdfium looks for
    it past leading bytes) to the first scan; garbage between markers is skipped, as libjpeg
    does."""
    at = data.find(b"\xff\xd8")
    if at < 0:
        return None
    at += 2
    largest: Optional[Size] = None
    while at + 4 <= len(data):
        if data[at] != 0xFF or data[at + 1] in (0x00, 0xFF):
            at += 1  # fill bytes or garbage: on to the next marker
            continue
        marker = data[at + 1]
        if marker in _JPEG_BARE:
            at += 2
            continue
        if marker == 0xDA:  # start of scan: the frame is known by now
            break
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker in _JPEG_FRAMES and at + 9 <= len(data):
            height, width = struct.unpack_from(">HH", data, at + 5)
            largest = _larger(largest, (width, height))
        at += 2 + max(length, 2)
    return largest


def jpx_size(data: bytes) -> Optional[Size]:
    """A raw codestream's SIZ size (image area less its offset), or a JP2 file's: its codestream
    box's SIZ, or its header's ``ihdr`` box when larger. Only the boxes are walked, never the
    compressed data, where the same bytes may occur by chance."""
    if data.startswith(_SOC_SIZ):
        return _siz_size(data, 0)
    if not data.startswith(_JP2_SIGNATURE):
        return None
    largest: Optional[Size] = None
    for kind, start, end in _boxes(data, 0, len(data)):
        if kind == b"jp2h":
            for inner, inner_start, inner_end in _boxes(data, start, end):
                if inner == b"ihdr" and inner_start + 8 <= inner_end:
                    height, width = struct.unpack_from(">II", data, inner_start)
                    largest = _larger(largest, (width, height))
        elif kind == b"jp2c" and data.startswith(_SOC_SIZ, start):
            siz = _siz_size(data, start)
            if siz is not None:
                largest = _larger(largest, siz)
            break  # the codestream runs to its box's end: nothing after it is read
    return largest


_SOC_SIZ = b"\xff\x4f\xff\x51"  # start of codestream, then the image and tile size marker
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"


def _siz_size(data: bytes, at: int) -> Optional[Size]:
    if at + 24 > len(data):
        return None
    width, height, x_offset, y_offset = struct.unpack_from(">IIII", data, at + 8)
    return max(0, width - x_offset), max(0, height - y_offset)


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """JP2 boxes between ``start`` and ``end``: (type, content start, content end)."""
    at = start
    while at + 8 <= end:
        length, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if length == 1 and at + 16 <= end:  # a 64-bit length follows the type
            (length,) = struct.unpack_from(">Q", data, at + 8)
            header = 16
        elif length == 0:  # the last box: it runs to the end
            length = end - at
        if length < header:
            return
        yield kind, at + header, min(end, at + length)
        at += length


# Segment types whose data starts with a region's width and height (text, halftone, generic and
# refinement regions, intermediate or immediate), the page information and the end of a stripe.
_JBIG2_REGIONS = frozenset({4, 6, 7, 20, 22, 23, 36, 38, 39, 40, 42, 43})
_JBIG2_PAGE, _JBIG2_END_OF_STRIPE = 48, 50
_UNKNOWN = 0xFFFFFFFF


def jbig2_size(data: bytes) -> Optional[Size]:
    """The largest page or region of an embedded JBIG2 stream (segments one after another, as a
    PDF holds them). A page of unknown height grows to its last stripe's end."""
    largest: Optional[Size] = None
    page_width, stripe_end = 0, 0
    at = 0
    while at + 11 <= len(data):
        number, flags, referred = struct.unpack_from(">IBB", data, at)
        at += 6
        count = referred >> 5
        if count == 7:  # the long form: a 29-bit count, then one retention bit per segment
            (long_count,) = struct.unpack_from(">I", data, at - 1)
            count = long_count & 0x1FFFFFFF
            at += 3 + (count + 8) // 8
        at += count * (1 if number <= 256 else 2 if number <= 65536 else 4)
        at += 4 if flags & 0x40 else 1  # the page association
        if at + 4 > len(data):
            break
        (length,) = struct.unpack_from(">I", data, at)
        at += 4
        kind = flags & 0x3F
        if kind in _JBIG2_REGIONS | {_JBIG2_PAGE} and at + 8 <= len(data):
            width, height = struct.unpack_from(">II", data, at)
            if kind == _JBIG2_PAGE:
                page_width = width
                if height == _UNKNOWN and at + 19 <= len(data):  # as high as a stripe, at first
                    (striping,) = struct.unpack_from(">H", data, at + 17)
                    stripe_end = max(stripe_end, striping & 0x7FFF)
            if height != _UNKNOWN:
                largest = _larger(largest, (width, height))
        elif kind == _JBIG2_END_OF_STRIPE and at + 4 <= len(data):
            stripe_end = max(stripe_end, struct.unpack_from(">I", data, at)[0] + 1)
        if length == _UNKNOWN:  # an immediate generic region of unknown length: the data ends it
            break
        at += length
    if stripe_end:
        largest = _larger(largest, (page_width, stripe_end))
    return largest


def ccitt_size(params: dict[str, Any], declared_height: int) -> Size:
    """A CCITT image is decoded /Columns wide (1728 when unsaid) and /Rows high (the image's
    /Height when unsaid); values that are no numbers count as unsaid."""
    return _count(params.get("Columns"), 1728), _count(params.get("Rows"), declared_height)


def _count(value: Any, unsaid: int) -> int:
    try:
        return max(0, int(value)) or unsaid
    except (TypeError, ValueError, OverflowError):
        return unsaid


def _larger(one: Optional[Size], other: Size) -> Size:
    return other if one is None or other[0] * other[1] > one[0] * one[1] else one


# pdfminer's names (full and abbreviated) of the filters that decode to pixels.
IMAGE_CODECS = {
    "DCTDecode": "jpeg",
    "DCT": "jpeg",
    "JPXDecode": "jpx",
    "JBIG2Decode": "jbig2",
    "CCITTFaxDecode": "ccitt",
    "CCF": "ccitt",
}


def encoded_size(
    codec: str, data: bytes, params: dict[str, Any], declared_height: int
) -> Optional[Size]:
    """The size ``codec`` (a value of ``IMAGE_CODECS``) decodes ``data`` to."""
    if codec == "jpeg":
        return jpeg_size(data)
    if codec == "jpx":
        return jpx_size(data)
    if codec == "jbig2":
        return jbig2_size(data)
    return ccitt_size(params, declared_height)
