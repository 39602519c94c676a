"""Files for ingest tests and the bench: hostile files ingest must survive, and tiny decrees."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def pdf_with_objects(objects: list[bytes]) -> bytes:
    """A hand-written PDF: objects numbered from 1 (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zlib_zeros(inflated_bytes: int, chunk: int = 1 << 20) -> bytes:
    """A zlib stream of ``inflated_bytes`` zeros, built in milliseconds.

    Each chunk is deflated after a full flush, so its compressed block is the same every time
    and can be repeated instead of compressing a gigabyte. The Adler-32 of n zero bytes is
    (n mod 65521) << 16 | 1.
    """
    assert inflated_bytes % chunk == 0
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(b"\0" * chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    assert raw.compress(b"\0" * chunk) + raw.flush(zlib.Z_FULL_FLUSH) == block
    adler = ((inflated_bytes % 65521) << 16) | 1
    return (
        b"\x78\xda"
        + block * (inflated_bytes // chunk)
        + raw.flush(zlib.Z_FINISH)
        + struct.pack(">I", adler)
    )


def zip_bomb_pdf(inflated_bytes: int = 1 << 30) -> bytes:
    """One page whose content stream inflates to ``inflated_bytes`` of zeros (~1 MB on disk for 1 GiB)."""
    stream = zlib_zeros(inflated_bytes)
    return pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def png_bytes() -> bytes:
    """A valid 1x1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def encrypted_pdf(path: Path) -> None:
    """A one-page PDF that needs a user password (reportlab's standard encryption)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt="rahasia")
    pdf.drawString(72, 760, "KEPUTUSAN KOMISI PEMILIHAN UMUM")
    pdf.showPage()
    pdf.save()


def write_hostile_files(folder: Path, good_pdf: Path) -> dict[str, str]:
    """Write every hostile file into ``folder``; returns file name -> what it is."""
    folder.mkdir(parents=True, exist_ok=True)
    data = good_pdf.read_bytes()
    (folder / "zero-byte.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "text-named.pdf").write_text("Ini bukan PDF, hanya teks biasa.\n", encoding="utf-8")
    (folder / "image-named.PDF").write_bytes(png_bytes())
    encrypted_pdf(folder / "encrypted.pdf")
    (folder / "zip-bomb.pdf").write_bytes(zip_bomb_pdf())
    return {
        "zero-byte.pdf": "zero-byte",
        "truncated.pdf": "truncated",
        "text-named.pdf": "text",
        "image-named.PDF": "png",
        "encrypted.pdf": "encrypted",
        "zip-bomb.pdf": "zip bomb",
    }


def tiny_decree_pdf(path: Path, tag: str) -> Path:
    """A one-page decree front matter (cheap to extract); ``tag`` makes its bytes distinct."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    lines = [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN CONTOH",
        f"NOMOR {tag}/HK.03.1-Kpt/KPU-Kab/2023",
        "TENTANG",
        "RENCANA AKSI REFORMASI BIROKRASI TAHUN 2023",
        "KETUA KOMISI PEMILIHAN UMUM KABUPATEN CONTOH,",
    ]
    for row, line in enumerate(lines):
        pdf.drawCentredString(297, 780 - 16 * row, line)
    pdf.showPage()
    pdf.save()
    return path


# --- hostile files: one builder per shape of attack (issue 18) ---------------------------------
def one_page_pdf(
    content: bytes,
    extra: list[bytes] = (),
    mediabox: bytes = b"[0 0 595 842]",
    resources: bytes = b"<< >>",
) -> bytes:  # type: ignore[assignment]
    """A one-page PDF whose content stream object (4) is ``content`` (a whole object body);
    ``extra`` objects are numbered from 5."""
    return pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources %s /Contents 4 0 R >>"
            % (mediabox, resources),
            content,
            *extra,
        ]
    )


def stream(data: bytes, filters: bytes = b"", extra: bytes = b"") -> bytes:
    head = b"<< /Length %d" % len(data) + (b" /Filter " + filters if filters else b"") + extra
    return head + b" >>\nstream\n" + data + b"\nendstream"


def double_flate_bomb_pdf(inflated_bytes: int = 1 << 30) -> bytes:
    """[/FlateDecode /FlateDecode]: ~1 MB of zlib zeros deflated again to a few KB."""
    inner = zlib_zeros(inflated_bytes)
    return one_page_pdf(stream(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]"))


def lzw_zeros(inflated_bytes: int) -> bytes:
    """An LZW stream (PDF's, early change) that decodes to at least ``inflated_bytes`` zeros:
    codes 258, 259, … each one zero longer, then the longest code over and over."""
    codes, out, width, table = [256, 0], 1, 9, 258
    code = 258
    while out < inflated_bytes:
        codes.append(code)
        out += code - 256 if code <= 4095 else 3839
        code = min(code + 1, 4095)
    codes.append(257)
    bits, nbits, packed = 0, 0, bytearray()
    for index, value in enumerate(codes):
        bits, nbits = (bits << width) | value, nbits + width
        while nbits >= 8:
            nbits -= 8
            packed.append((bits >> nbits) & 0xFF)
        bits &= (1 << nbits) - 1
        if index >= 2:  # the decoder's table grows by one entry per code after the first
            table += 1
            width = 10 if table >= 511 else width
            width = 11 if table >= 1023 else width
            width = 12 if table >= 2047 else width
    if nbits:
        packed.append((bits << (8 - nbits)) & 0xFF)
    return bytes(packed)


def lzw_bomb_pdf(inflated_bytes: int = 1 << 30) -> bytes:
    return one_page_pdf(stream(lzw_zeros(inflated_bytes), b"/LZWDecode"))


def many_streams_pdf(count: int = 17, each: int = 63 << 20) -> bytes:
    """``count`` content streams of ``each`` bytes: every one under the per-stream cap."""
    body = zlib_zeros(each)
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    return one_page_pdf(b"[" + refs + b"]", [stream(body, b"/FlateDecode") for _ in range(count)])


def cmap_bomb_pdf() -> bytes:
    """A ToUnicode CMap whose one bfrange maps four billion codes."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
        b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
        b"endcmap end end\n"
    )
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Bomb /Encoding /Identity-H "
        b"/DescendantFonts [7 0 R] /ToUnicode 6 0 R >>"
    )
    descendant = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bomb "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
    )
    content = b"BT /F1 12 Tf 72 720 Td <00410042> Tj ET"
    return one_page_pdf(
        stream(content),
        [font, stream(zlib.compress(cmap), b"/FlateDecode"), descendant],
        resources=b"<< /Font << /F1 5 0 R >> >>",
    )


def xref_index_pdf() -> bytes:
    """A cross-reference stream whose /Index declares 2147483647 objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 72 720 Td (KEPUTUSAN) Tj ET"),
    ]
    out = bytearray(b"%PDF-1.5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    rows = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        b"\x01" + struct.pack(">I", o) + b"\x00\x00" for o in offsets + [xref_at]
    )
    out += (
        b"6 0 obj\n"
        + stream(rows, extra=b" /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Index [0 2147483647]")
        + b"\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def huge_page_pdf() -> bytes:
    """A text-free page of 14400 × 14400 pt (200 × 200 inches): 1.6 G pixels at 200 dpi."""
    return one_page_pdf(stream(b"0 0 m 100 100 l S"), mediabox=b"[0 0 14400 14400]")


def self_reference_pdf() -> bytes:
    """Object 5 is ``5 0 R``: resolving it never ends (issue 18 names it ``6 0 obj 6 0 R``)."""
    return one_page_pdf(stream(b"BT ET"), [b"5 0 R"], resources=b"5 0 R")


def image_bomb_pdf(side: int = 60000) -> bytes:
    """A text-free page with one image declaring ``side`` × ``side`` pixels."""
    image = stream(
        zlib_zeros(1 << 20),
        b"/FlateDecode",
        b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8" % (side, side),
    )
    return one_page_pdf(
        stream(b"q 500 0 0 700 40 60 cm /Im1 Do Q"),
        [image],
        resources=b"<< /XObject << /Im1 5 0 R >> >>",
    )


def slow_pdf(pairs: int = 1 << 19) -> bytes:
    """A text-free page of ``pairs`` ``q Q`` operators in 2 MiB: pdfminer interprets ~40 000 a
    second, so a worker reads it for about 13 s, at 100 % of a core, in little memory."""
    return one_page_pdf(stream(zlib.compress(b"q Q " * pairs), b"/FlateDecode"))


def deeply_nested_pdf(where: str = "annots", depth: int = 50000) -> bytes:
    """An array nested ``depth`` deep as a page's /Annots or as its font's /Widths."""
    nested = b"[" * depth + b"]" * depth
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica%s >>" % (
        b" /FirstChar 0 /Widths 6 0 R" if where == "widths" else b""
    )
    return pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >>%s >>"
            % (b" /Annots 6 0 R" if where == "annots" else b""),
            stream(b"BT /F1 12 Tf 72 720 Td (KEPUTUSAN KOMISI PEMILIHAN UMUM) Tj ET"),
            font,
            nested,
        ]
    )


HOSTILE_BUILDERS = {
    "double-flate": double_flate_bomb_pdf,
    "lzw": lzw_bomb_pdf,
    "many-streams": many_streams_pdf,
    "cmap": cmap_bomb_pdf,
    "xref-index": xref_index_pdf,
    "huge-page": huge_page_pdf,
    "self-reference": self_reference_pdf,
    "image": image_bomb_pdf,
}


# --- image bombs: small as declared, huge as encoded ---------------------------------------------
# pdfium decodes an image at the size its own header gives (a JPEG's SOF, a JPEG 2000 SIZ, a
# JBIG2 page or region), which the image dictionary's /Width and /Height need not match.
def scan_page_pdf(
    image: bytes, filters: bytes, width: int = 16, height: int = 16, extra=b"", text=b""
):
    """A page covered by one image (a scan to OCR) that declares ``width`` × ``height``; with
    ``text``, a text layer over it (the page is then read without rendering it)."""
    bits = 1 if filters in (b"/JBIG2Decode", b"/CCITTFaxDecode") else 8
    xobject = stream(
        image,
        filters,
        b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent %d" % (width, height, bits) + extra,
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    layer = b" BT /F1 12 Tf 72 760 Td (%s) Tj ET" % text if text else b""
    return one_page_pdf(
        stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q" + layer),
        [xobject, font],
        resources=b"<< /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >>",
    )


def _pil_image(fmt: str, **options) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (16, 16), 128).save(out, format=fmt, **options)
    return out.getvalue()


def jpeg_header_bomb_pdf(side: int = 60000, progressive: bool = False) -> bytes:
    """A 16 × 16 JPEG whose frame header (SOF) says ``side`` × ``side``; a progressive one makes
    libjpeg hold every coefficient of the frame."""
    data = bytearray(_pil_image("JPEG", progressive=progressive))
    at = 2
    while data[at + 1] not in (0xC0, 0xC1, 0xC2):  # walk the markers to the frame header
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    data[at + 5 : at + 9] = struct.pack(">HH", side, side)
    return scan_page_pdf(bytes(data), b"/DCTDecode")


def jpx_header_bomb_pdf(side: int = 60000, jp2: bool = False) -> bytes:
    """A 16 × 16 JPEG 2000 codestream whose SIZ marker says ``side`` × ``side`` in one tile; with
    ``jp2``, in a JP2 file whose ``ihdr`` box says so too."""
    data = bytearray(_pil_image("JPEG2000", no_jp2=not jp2))
    at = data.index(b"\xff\x4f\xff\x51")
    data[at + 8 : at + 16] = struct.pack(">II", side, side)  # Xsiz, Ysiz
    data[at + 24 : at + 32] = struct.pack(">II", side, side)  # XTsiz, YTsiz
    if jp2:
        ihdr = data.index(b"ihdr") + 4
        data[ihdr : ihdr + 8] = struct.pack(">II", side, side)
    return scan_page_pdf(bytes(data), b"/JPXDecode")


def _jpx_bomb(side: int = 60000) -> bytes:
    data = bytearray(_pil_image("JPEG2000", no_jp2=True))
    data[8:16] = struct.pack(">II", side, side)  # Xsiz, Ysiz
    data[24:32] = struct.pack(">II", side, side)  # XTsiz, YTsiz
    return bytes(data)


def hidden_image_bomb_pdf(where: str) -> bytes:
    """A JPEG 2000 bomb (16 × 16 declared, 60000² in its SIZ) that pdfium draws but pdfplumber's
    ``page.images`` does not list: in an annotation's appearance, a tiling pattern or a soft
    mask's group. The page itself draws one line (it is not blank, so it goes to OCR)."""
    image = stream(
        _jpx_bomb(),
        b"/JPXDecode",
        b" /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8",
    )
    drawing = b"q 100 0 0 100 0 0 cm /Im1 Do Q"
    holder = {  # object 5: what holds the image (object 6)
        "annotation": stream(
            drawing,
            extra=b" /Type /XObject /Subtype /Form /BBox [0 0 100 100] "
            b"/Resources << /XObject << /Im1 6 0 R >> >>",
        ),
        "pattern": stream(
            drawing,
            extra=b" /Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 "
            b"/BBox [0 0 100 100] /XStep 100 /YStep 100 /Resources << /XObject << /Im1 6 0 R >> >>",
        ),
        "soft-mask": stream(
            drawing,
            extra=b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
            b"/Group << /S /Transparency /CS /DeviceGray >> /Resources << /XObject << /Im1 6 0 R >> >>",
        ),
    }[where]
    page, content = {
        "annotation": (
            b"/Annots [<< /Type /Annot /Subtype /Square /Rect [0 0 300 300] /AP << /N 5 0 R >> >>]",
            b"0 0 m 10 10 l S",
        ),
        "pattern": (
            b"/Resources << /Pattern << /P1 5 0 R >> >>",
            b"/Pattern cs /P1 scn 0 0 300 300 re f",
        ),
        "soft-mask": (
            b"/Resources << /ExtGState << /GS1 << /SMask << /S /Luminosity /G 5 0 R >> >> >> >>",
            b"/GS1 gs 0 0 300 300 re f",
        ),
    }[where]
    return pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s >>" % page,
            stream(content),
            holder,
            image,
        ]
    )


def jbig2_segment(number: int, kind: int, data: bytes) -> bytes:
    """An embedded JBIG2 segment: no referred-to segments, page 1."""
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2_bomb_pdf(side: int = 46000, text: bytes = b"") -> bytes:
    """A JBIG2 page of ``side`` × ``side`` with one generic region as large (2.1 G pixels for the
    arithmetic decoder to fill), declared 16 × 16."""
    page_info = struct.pack(">IIIIBH", side, side, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", side, side, 0, 0, 0)
    generic = b"\x00" + bytes([3, 0xFF, 0xFD, 0xFF, 2, 0xFE, 0xFE, 0xFE])  # template 0, AT pixels
    data = (
        jbig2_segment(0, 48, page_info)
        + jbig2_segment(1, 38, region + generic + b"\x00" * 64)
        + jbig2_segment(2, 49, b"")
    )
    return scan_page_pdf(data, b"/JBIG2Decode", text=text)


def ccitt_bomb_pdf(side: int = 60000) -> bytes:
    """A CCITT G4 image whose /DecodeParms say ``side`` columns and rows, declared 16 × 16."""
    return scan_page_pdf(
        b"\x00" * 64,
        b"/CCITTFaxDecode",
        extra=b" /DecodeParms << /K -1 /Columns %d /Rows %d >>" % (side, side),
    )


IMAGE_BOMB_BUILDERS = {
    "jpeg-header": jpeg_header_bomb_pdf,
    "jpeg-progressive": lambda: jpeg_header_bomb_pdf(progressive=True),
    "jpx-header": jpx_header_bomb_pdf,
    "jp2-header": lambda: jpx_header_bomb_pdf(jp2=True),
    "jbig2-region": jbig2_bomb_pdf,
    "ccitt-columns": ccitt_bomb_pdf,
    "jpx-in-annotation": lambda: hidden_image_bomb_pdf("annotation"),
    "jpx-in-pattern": lambda: hidden_image_bomb_pdf("pattern"),
    "jpx-in-soft-mask": lambda: hidden_image_bomb_pdf("soft-mask"),
}
