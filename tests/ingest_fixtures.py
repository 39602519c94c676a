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
