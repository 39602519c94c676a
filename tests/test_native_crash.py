"""No native crash reaches the user (issue 17): OpenCV never gets an empty or odd crop, `extract`
runs in a forked child whose death becomes one line and exit 2, and a worker of `ingest` that dies
by a signal is a recorded failure while the run goes on.

Every call that could segfault if a guard regressed runs through ``run_forked``, so a regression
fails its test instead of killing the test process.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import rencana.runner  # imported once here: the forked children inherit it
from rencana.cli import app
from rencana.contract.models import DecreeDocument
from rencana.corpus import executors
from rencana.corpus.executors import IsolatedWorker, Limits, LocalExecutor, run_forked
from rencana.corpus.ingest import IngestConfig, ingest
from rencana.errors import ProcessDied
from rencana.stages.ocr import cells, imaging
from rencana.stages.ocr.tesseract import PixelWord

sys.path.insert(0, str(Path(__file__).parent))
from ingest_fixtures import tiny_decree_pdf

ROOT = Path(__file__).resolve().parents[1]
SCANS = ROOT / "corpus" / "real" / "scans"
DEMAK = ROOT / "corpus" / "kpu-kab-demak-2023-grid.pdf"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)


# --- the crop guard ----------------------------------------------------------------------------
EMPTY_CROPS = [
    np.zeros((0, 5), np.uint8),
    np.zeros((5, 0), np.uint8),
    np.zeros((0, 0), np.uint8),
    np.zeros((20, 30), np.uint8)[5:5, :],  # a box of zero height
    np.zeros((20, 30), np.uint8)[:, 12:12],  # a "|" 0.8 px wide, rounded
]


@pytest.mark.parametrize("crop", EMPTY_CROPS, ids=lambda c: "x".join(map(str, c.shape)))
def test_empty_crop_is_no_image(crop):
    assert imaging.cv_image(crop) is None


def test_cv_image_makes_views_contiguous_and_masks_8_bit():
    strided = np.arange(60, dtype=np.uint8).reshape(6, 10)[:, ::2]
    image = imaging.cv_image(strided)
    assert image is not None and image.flags["C_CONTIGUOUS"]
    assert np.array_equal(image, strided)
    mask = imaging.cv_image(np.array([[True, False]]))
    assert mask is not None and mask.dtype == np.uint8 and mask.tolist() == [[255, 0]]


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((4, 4, 3), np.uint8),  # colour
        np.zeros(5, np.uint8),  # 1-D
        np.zeros((4, 4), np.float32),
        np.broadcast_to(np.uint8(0), (imaging.MAX_SIDE + 1, 2)),  # no memory spent on it
    ],
    ids=["3-D", "1-D", "float", "too-large"],
)
def test_cv_image_rejects_what_is_not_a_page_image(image):
    with pytest.raises(ValueError):
        imaging.cv_image(image)


def _every_helper_on(crop: np.ndarray) -> list:
    """Each OpenCV-calling helper of imaging on one crop (run in a child: a segfault fails the test)."""
    return [
        imaging.components(crop)[0],
        imaging.upright_bars(crop, 2),
        imaging.ink_shape(crop, 2),
        imaging.speck_mask(crop, 4).shape,
        imaging.x_height(crop),
        imaging.ink_mask(crop).shape,
        imaging.stroke_is_bold(crop),
        imaging.thin_strokes(crop).shape,
        [m.shape for m in imaging.ruling_masks(crop, 10)],
        imaging.ruling_segments(crop, crop, True, 3)[0],
        imaging.fill_edges(crop, 3, [(0, 0, 10, 10)], 2.0),
        imaging.shade_mask(crop, 3).shape,
        imaging.rotate(crop, 1.0).shape,
        imaging.erase(crop, crop).shape,
    ]


@pytest.mark.parametrize("crop", EMPTY_CROPS, ids=lambda c: "x".join(map(str, c.shape)))
def test_every_opencv_helper_takes_an_empty_crop(crop):
    count, bars, shape, specks, height, *_ = run_forked(_every_helper_on, crop)
    assert count == 1 and bars is None and shape.blobs == 0 and height is None
    assert specks == crop.shape


def test_strided_crop_counts_like_a_contiguous_one():
    ink = np.zeros((40, 60), np.uint8)
    for x in (10, 20, 30):
        ink[5:30, x : x + 3] = 255  # "III"
    view = np.repeat(ink, 2, axis=1)[:, ::2]  # the same pixels, every other column of a wider array
    assert not view.flags["C_CONTIGUOUS"]
    assert run_forked(imaging.upright_bars, view, 2) == imaging.upright_bars(ink, 2) == 3


def test_a_bar_word_narrower_than_a_pixel_keeps_its_reading():
    """The crash of the three scans: Tesseract read a "|" 0.8 px wide, whose crop rounds to nothing."""
    ink = np.zeros((2600, 1700), np.uint8)
    word = PixelWord(text="|", box=(1009.6, 1196.0, 1010.4, 1216.0), confidence=0.5)
    assert run_forked(cells.recount_numeral_bars, ink, [word], 200) == [word]


# --- the forked child --------------------------------------------------------------------------
def _segfault(*_args, **_kwargs):
    faulthandler.disable()  # pytest's dump of the child's stack is noise here
    os.kill(os.getpid(), signal.SIGSEGV)


def test_a_child_killed_by_a_signal_is_one_reason():
    with pytest.raises(ProcessDied, match=r"^crashed in native code \(signal 11, SIGSEGV\)$"):
        run_forked(_segfault)


def test_the_child_answers_with_its_result_or_its_exception():
    assert run_forked(sum, [1, 2, 3]) == 6
    with pytest.raises(ZeroDivisionError) as raised:
        run_forked(divmod, 1, 0)
    assert isinstance(raised.value.__cause__, executors.RemoteTraceback)
    assert "ZeroDivisionError" in str(raised.value.__cause__)


def test_a_child_forked_after_opencv_ran_can_still_use_it():
    """OpenCV's thread pool, once started, hangs a forked child's next OpenCV call; the pipeline
    never starts it. In a fresh interpreter, with a time limit, so that a regression cannot hang
    the test run."""
    script = (
        "import numpy as np\n"
        "from rencana.stages.ocr import imaging\n"
        "from rencana.corpus.executors import run_forked\n"
        "page = np.zeros((2000, 1500), np.uint8)\n"
        "page[::7, ::5] = 255\n"
        "imaging.ruling_masks(page, 40)\n"
        "imaging.components(page)\n"
        "def child(page):\n"
        "    from rencana.stages.ocr import engine  # what extract's child loads first\n"
        "    return imaging.ink_shape(page, 1).blobs\n"
        "print(run_forked(child, page))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0


@pytest.mark.parametrize(
    "exit_code, reason",
    [
        (-signal.SIGSEGV, "crashed in native code (signal 11, SIGSEGV)"),
        (-signal.SIGABRT, "crashed in native code (signal 6, SIGABRT)"),
        (-signal.SIGTRAP, "crashed in native code (signal 5, SIGTRAP)"),  # pdfium out of memory
        (-signal.SIGKILL, "killed (signal 9, SIGKILL), probably out of memory"),
        (-signal.SIGTERM, "killed (signal 15, SIGTERM)"),
        (3, "exited unexpectedly (code 3)"),
    ],
)
def test_death_reason(exit_code, reason):
    assert executors.death_reason(exit_code) == reason


@pytest.mark.parametrize("stage", ["read_share", "finish"])  # a page reader, the document child
def test_extract_reports_a_native_crash_in_one_line_and_exits_2(tmp_path, monkeypatch, stage):
    """The stage is patched in this process; the fork carries the patch into the child, so no hook
    exists that a user's file or argument could reach."""
    monkeypatch.setattr(rencana.runner, stage, _segfault)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["extract", str(DEMAK), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output == f"{DEMAK}: crashed in native code (signal 11, SIGSEGV)\n"
    assert not out.exists()


def test_extract_output_is_unchanged_by_the_child(tmp_path):
    out = tmp_path / "out.json"
    to_file = CliRunner().invoke(app, ["extract", str(DEMAK), "-o", str(out)])
    to_stdout = CliRunner().invoke(app, ["extract", str(DEMAK)])
    assert to_file.exit_code == to_stdout.exit_code == 0
    assert to_stdout.stdout == out.read_text(encoding="utf-8")
    assert DecreeDocument.model_validate_json(to_stdout.stdout).source.pages == 7


def test_ingest_records_a_worker_killed_by_a_signal_and_goes_on(tmp_path, monkeypatch):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    tiny_decree_pdf(folder / "boom.pdf", "1")
    tiny_decree_pdf(folder / "fine.pdf", "2")
    send = IsolatedWorker.send

    def send_then_crash(self, path, options):
        send(self, path, options)
        if Path(path).name == "boom.pdf":  # the worker dies by a signal while it extracts
            os.kill(self.pid, signal.SIGSEGV)

    monkeypatch.setattr(IsolatedWorker, "send", send_then_crash)
    with LocalExecutor(1, Limits(timeout=120)) as executor:
        report = ingest([folder], IngestConfig(out=out, workers=1), executor=executor)
    assert report.exit_code == 1
    assert [(Path(f.path).name, f.kind, f.reason) for f in report.failures] == [
        ("boom.pdf", "crash", "worker crashed (SIGSEGV)")
    ]
    assert report.extracted == 1 and report.totals["decrees"] == 1  # fine.pdf, by a fresh worker
    failures = (out / "failures.json").read_text(encoding="utf-8")
    assert "boom.pdf" in failures and "SIGSEGV" in failures


# --- the real pages that crashed ---------------------------------------------------------------
def _extract(path: Path) -> DecreeDocument:
    from rencana.runner import extract

    return extract(path)


@needs_tesseract
@pytest.mark.parametrize(
    "name",
    [
        "pemprov-dki-2024-instruksi-sekda-e0049-rth-scan-p5",
        "inspektorat-jombang-2020-kepbup-pkpt-2021-scan-p9",
        "rsu-tangsel-2022-sk-direktur-standar-pelayanan-scan-p8",
    ],
)
def test_a_scan_page_that_crashed_opencv_is_extracted(name):
    """The single page of each scan on which a sub-pixel "|" or "I" word crashed OpenCV."""
    doc = run_forked(_extract, SCANS / f"{name}.pdf")
    assert isinstance(doc, DecreeDocument) and doc.source.pages == 1
