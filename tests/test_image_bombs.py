"""Image bombs (issue 18): an image small as its dictionary declares it but huge as its codec's
header says (pdfium decodes at the header's size) ends in one line `FILE: reason`, exit 2,
before pdfium decodes it: in bounded time and memory."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from rencana.core.image_headers import ccitt_size, jbig2_size, jpeg_size, jpx_size
from tests.ingest_fixtures import IMAGE_BOMB_BUILDERS, jbig2_bomb_pdf, jbig2_segment

ROOT = Path(__file__).resolve().parents[1]
# A whole `rencana extract` (its reading children included) stays well under this; before the
# check, the JBIG2 page alone took 264 MiB more and the JPEG 2000 tile ended pdfium (SIGTRAP).
PEAK_RSS_MIB = 256


def _encoded(fmt: str, size: tuple[int, int], **options) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 200).save(out, format=fmt, **options)
    return out.getvalue()


# --- the headers, read from real encoders' output -------------------------------------------------
@pytest.mark.parametrize("progressive", [False, True])
def test_a_jpeg_size_is_its_frame_header(progressive):
    assert jpeg_size(_encoded("JPEG", (37, 23), progressive=progressive)) == (37, 23)
    # pdfium looks for the start of the image past leading bytes, and so do we
    assert jpeg_size(b"junk" + _encoded("JPEG", (5, 9))) == (5, 9)
    assert jpeg_size(b"not a jpeg") is None


def test_a_jpeg_2000_size_is_its_codestream_size():
    codestream = _encoded("JPEG2000", (41, 17), no_jp2=True)
    jp2 = _encoded("JPEG2000", (41, 17))
    assert jpx_size(codestream) == (41, 17)
    assert jpx_size(jp2) == (41, 17)  # in a JP2 file
    assert jpx_size(b"\0" * 64) is None
    # The same bytes in the compressed data, by chance, are never read as a header.
    chance = b"ihdr" + struct.pack(">II", 60000, 60000) + b"\xff\x4f\xff\x51" + b"\xff" * 30
    assert jpx_size(codestream + chance) == jpx_size(jp2 + chance) == (41, 17)
    larger_header = bytearray(jp2)
    at = larger_header.index(b"ihdr") + 4
    larger_header[at : at + 8] = struct.pack(">II", 300, 200)  # height, width
    assert jpx_size(bytes(larger_header)) == (200, 300)


def test_a_jbig2_size_is_its_largest_page_or_region():
    stream = jbig2_bomb_pdf(side=1000)
    data = stream[stream.index(b"stream\n", stream.index(b"/JBIG2Decode")) + 7 :]
    assert jbig2_size(data) == (1000, 1000)
    striped = (
        jbig2_segment(0, 48, struct.pack(">IIIIBH", 800, 0xFFFFFFFF, 0, 0, 0, 0x8100))
        + jbig2_segment(1, 50, struct.pack(">I", 9999))
        + jbig2_segment(2, 49, b"")
    )
    assert jbig2_size(striped) == (800, 10000)  # a page of unknown height ends at its last stripe
    first_stripe = striped[: striped.index(struct.pack(">IBBBI", 1, 50, 0, 1, 4))]
    assert jbig2_size(first_stripe) == (800, 256)  # ... and is a stripe high before its end
    assert jbig2_size(b"") is None


def test_a_ccitt_size_is_its_columns_and_rows():
    assert ccitt_size({"Columns": 2480, "Rows": 3508}, 100) == (2480, 3508)
    assert ccitt_size({}, 100) == (1728, 100)  # the defaults: 1728 columns, the image's height
    assert ccitt_size({"Columns": "wide", "Rows": -3}, 100) == (1728, 100)  # no numbers: unsaid


# --- the bombs, end to end -----------------------------------------------------------------------
# Runs a command and prints its exit code and the peak RSS of it and its children. Linux carries
# a process's peak RSS into a forked child and through its exec, so a command started from the
# test runner would report the runner's own peak; started from this small process it does not.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _extract(path: Path, out: Path) -> tuple[int, str, int, float]:
    """`rencana extract` as a user runs it: exit code, stderr, peak RSS (KiB) of the command and
    its children, seconds."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "rencana",
        "extract",
        str(path),
        "-o",
        str(out),
        "--lang",
        "en",
    ]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT
    )
    code, peak_kib = map(int, done.stdout.split())
    return code, done.stderr, peak_kib, time.perf_counter() - started


@pytest.mark.parametrize("kind", sorted(IMAGE_BOMB_BUILDERS))
def test_an_image_huge_as_encoded_ends_in_one_line_in_bounded_time_and_memory(kind, tmp_path):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(IMAGE_BOMB_BUILDERS[kind]())
    code, stderr, peak_kib, seconds = _extract(path, tmp_path / "out.json")
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"{path}: hostile PDF: "), stderr
    assert "as encoded (16 × 16 declared)" in stderr
    assert seconds < 60, f"{kind} took {seconds:.0f} s"
    assert peak_kib < PEAK_RSS_MIB << 10, f"{kind} peaked at {peak_kib >> 10} MiB"
    assert not (tmp_path / "out.json").exists()


def test_a_real_scan_is_not_called_a_bomb():
    """Every image of the scanned decree is as large as it declares."""
    import pdfplumber

    from rencana.options import ExtractOptions
    from rencana.stages.page.open import check_render

    with pdfplumber.open(ROOT / "corpus" / "scans" / "kpu-kab-jepara-2022-scan.pdf") as pdf:
        for page in pdf.pages[:3]:
            check_render(page, ExtractOptions())


# --- pages rendered without OCR: `rencana debug` and the review page ------------------------------
TEXT_OVER_BOMB = b"KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN CONTOH NOMOR 1 TAHUN 2024"


def test_debug_does_not_render_a_text_page_over_an_image_bomb(tmp_path):
    """The page has a text layer, so reading it never rendered it; drawing it would."""
    from typer.testing import CliRunner

    from rencana.cli import app

    path = tmp_path / "layered.pdf"
    path.write_bytes(jbig2_bomb_pdf(text=TEXT_OVER_BOMB))
    result = CliRunner().invoke(
        app, ["debug", str(path), "-o", str(tmp_path / "pngs"), "--lang", "en"]
    )
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"{path}: hostile PDF: an image on page 1 is 46000 × 46000 pixels as encoded "
        "(16 × 16 declared)\n"
    )
    assert not list(tmp_path.glob("pngs/*.png"))


def test_the_review_page_image_of_an_image_bomb_is_refused(tmp_path):
    from rencana.review.server import page_png
    from rencana.stages.page.guard import HostileInput

    path = tmp_path / "layered.pdf"
    path.write_bytes(jbig2_bomb_pdf(text=TEXT_OVER_BOMB))
    with pytest.raises(HostileInput, match="46000 × 46000 pixels as encoded"):
        page_png(str(path), path.stat().st_mtime_ns, 1)


# --- the walk to every image pdfium draws -------------------------------------------------------
def _page_attrs(objects: list[bytes], page_extra: bytes):
    import pdfplumber

    from tests.ingest_fixtures import pdf_with_objects, stream

    data = pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s >>"
            % page_extra,
            stream(b"/Fm1 Do"),
            *objects,
        ]
    )
    return pdfplumber.open(io.BytesIO(data)).pages[0].page_obj.attrs


def test_a_form_that_draws_itself_ends_the_walk():
    from rencana.stages.page.open import drawn_images
    from tests.ingest_fixtures import stream

    form = stream(b"/Fm1 Do", extra=b" /Subtype /Form /Resources << /XObject << /Fm1 5 0 R >> >>")
    attrs = _page_attrs([form], b"/Resources << /XObject << /Fm1 5 0 R >> >>")
    assert drawn_images(attrs) == []


def test_a_page_that_draws_too_many_objects_is_refused(monkeypatch):
    from rencana.stages.page import open as page_open
    from rencana.stages.page.guard import HostileInput
    from tests.ingest_fixtures import stream

    count = 300
    forms = [
        stream(b"", extra=b" /Subtype /Form /Resources << /XObject << /Fm1 %d 0 R >> >>" % (6 + i))
        for i in range(count)
    ] + [b"<< >>"]
    attrs = _page_attrs(forms, b"/Resources << /XObject << /Fm1 5 0 R >> >>")
    assert page_open.drawn_images(attrs) == []  # a chain of 300 forms: walked to its end
    monkeypatch.setattr(page_open, "MAX_DRAWN_OBJECTS", 100)
    with pytest.raises(HostileInput, match="draws more than 100 objects"):
        page_open.drawn_images(attrs)
