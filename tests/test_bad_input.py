"""Bad input: one line naming the file and the reason, a non-zero exit, no traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from rencana.cli import app
from tests.ingest_fixtures import encrypted_pdf, png_bytes, zip_bomb_pdf


def text_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
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


def make_case(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.pdf"
    if kind == "not_a_pdf":
        path.write_text("Keputusan ini mulai berlaku sejak ditetapkan.\n")
    elif kind == "png_named_pdf":
        path.write_bytes(png_bytes())
    elif kind == "zero_bytes":
        path.write_bytes(b"")
    elif kind == "truncated":
        whole = text_pdf(folder / "whole.pdf").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif kind == "encrypted":
        encrypted_pdf(path)
    elif kind == "image_only":
        image_only_pdf(path)
    elif kind == "zip_bomb":
        path.write_bytes(zip_bomb_pdf())
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
    result = CliRunner().invoke(
        app,
        ["extract", str(path), "--ocr", "never", "-o", str(tmp_path / "out.json"), "--lang", "en"],
    )
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


def test_only_objects_larger_than_the_threshold_are_opened(tmp_path):
    """The bomb guard reads sizes from the cross-reference offsets, so small objects stay unparsed."""
    import pdfplumber

    from rencana.stages.page.open import large_object_ids
    from tests.ingest_fixtures import pdf_with_objects

    big = b"<< /Length 5000 >>\nstream\n" + b"x" * 5000 + b"\nendstream"
    path = tmp_path / "sizes.pdf"
    path.write_bytes(
        pdf_with_objects(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                big,
            ]
        )
    )
    with pdfplumber.open(path) as pdf:
        assert large_object_ids(pdf, 1000) == [4]
        assert large_object_ids(pdf, 10_000) == []


def test_the_reason_is_indonesian_unless_english_is_asked_for(tmp_path):
    """The reason stays English as data (failures.json); people read it in their language."""
    path = tmp_path / "notes.pdf"
    path.write_text("plain text, not a PDF")
    default = CliRunner().invoke(app, ["extract", str(path)])
    english = CliRunner().invoke(app, ["extract", str(path), "--lang", "en"])
    assert default.exit_code == english.exit_code == 2
    assert default.output == f"{path}: bukan PDF (tidak ada kepala %PDF)\n"
    assert english.output == f"{path}: not a PDF (no %PDF header)\n"


def test_every_reason_in_the_catalogue_reads_back_in_indonesian():
    from rencana.messages import catalogue, reason

    for key, texts in catalogue().items():
        if key.startswith("reason.") and "{" not in texts["en"]:
            assert reason(texts["en"], "id") == texts["id"], key
