"""Bad input: one line naming the file and the reason, a non-zero exit, no traceback."""
from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from pipeline.cli import app


def text_pdf(path: Path, **kwargs) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    pdf.drawString(72, 720, "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN CONTOH NOMOR 1 TAHUN 2024")
    pdf.showPage()
    pdf.save()
    return path


def image_only_pdf(path: Path) -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(buffer), 72, 400, width=400, height=300)
    pdf.showPage()
    pdf.save()
    return path


def zip_bomb_pdf(path: Path, inflated: int = 96 << 20) -> Path:
    """A one-page PDF whose content stream inflates far beyond the stream limit."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(compressor.compress(chunk) for _ in range(inflated >> 20)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def make_case(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.pdf"
    if kind == "not_a_pdf":
        path.write_text("Keputusan ini mulai berlaku sejak ditetapkan.\n")
    elif kind == "png_named_pdf":
        from PIL import Image

        Image.new("RGB", (8, 8), "white").save(path, format="PNG")
    elif kind == "zero_bytes":
        path.write_bytes(b"")
    elif kind == "truncated":
        whole = text_pdf(folder / "whole.pdf").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif kind == "encrypted":
        text_pdf(path, encrypt="rahasia")
    elif kind == "image_only":
        image_only_pdf(path)
    elif kind == "zip_bomb":
        zip_bomb_pdf(path)
    return path


CASES = {
    "not_a_pdf": "not a PDF",
    "png_named_pdf": "PNG",
    "zero_bytes": "empty",
    "truncated": "truncated",
    "encrypted": "encrypted",
    "image_only": "no text layer",
    "zip_bomb": "hostile",
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_input_is_one_line_with_reason(kind, tmp_path):
    path = make_case(kind, tmp_path)
    result = CliRunner().invoke(app, ["extract", str(path), "--ocr", "never", "-o", str(tmp_path / "out.json")])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.output.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert str(path) in message and CASES[kind] in message
    assert not (tmp_path / "out.json").exists()


def test_failed_extract_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out.json"
    out.write_text('{"previous": true}')
    path = make_case("truncated", tmp_path)
    result = CliRunner().invoke(app, ["extract", str(path), "-o", str(out)])
    assert result.exit_code != 0
    assert out.read_text() == '{"previous": true}'
