"""Tesseract, called directly, its TSV parsed into pixel words: one process per sheet, or inside a
``session`` one process per language and settings that reads every sheet given to it.

Every call runs one thread (``OMP_THREAD_LIMIT=1``): parallelism comes from worker processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import IO, Optional

import cv2
import numpy as np

from rencana.core.lifetime import die_with_parent
from rencana.errors import BadInput
from rencana.options import OcrSettings
from rencana.stages.ocr import imaging

SETTINGS = OcrSettings()  # the defaults, for helpers called without options


@dataclass(frozen=True, slots=True)
class PixelWord:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    confidence: float  # 0..1


def recognise(
    image: np.ndarray, lang: str, psm: int, origin: tuple[int, int] = (0, 0), upscale: float = 1.0
) -> list[PixelWord]:
    """Tesseract words with line-level tops and bottoms.

    Each word takes the top and bottom of its Tesseract text line rather than its own ink box, so
    that words of one line share a top the way pdfplumber words do ("a" and "b" would otherwise
    differ by the ascender height, and later stages group lines by top).
    """
    # Without inverted-text checks (each doubtful line read again as white on black): ~10 % less
    # Tesseract time, and a scan's dark bands were whitened with the shading before this anyway.
    # Without Tesseract's table finder: the tables come from our rulings, and its search cost
    # 0.3-0.4 s CPU on a grid page for the same records on every scan we have.
    # OpenMP threads inside one Tesseract only spin against each other on a shared machine:
    # measured 5.3 s CPU per page with them, 2.0 s with one thread, for the same words.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    checked = imaging.cv_image(image)
    if checked is None:
        return []
    image = checked
    if upscale != 1.0:
        image = cv2.resize(image, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    # Hand Tesseract an uncompressed PGM file: PNG-encoding the array first costs ~0.3 s CPU on an
    # enlarged page.
    with tempfile.TemporaryDirectory(prefix="rencana-ocr-") as folder:
        image_path = os.path.join(folder, "page.pgm")
        cv2.imwrite(image_path, image)
        data = tesseract_tsv(
            image_path,
            lang,
            [
                "--oem",
                "1",
                "--psm",
                str(psm),
                "-c",
                "tessedit_do_invert=0",
                "-c",
                "textord_tabfind_find_tables=0",
            ],
        )
    line_spans: dict[tuple[int, int, int], tuple[int, int]] = {}
    for i, level in enumerate(data["level"]):
        if level == 4:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            line_spans[key] = (data["top"][i], data["top"][i] + data["height"][i])
    words = []
    dx, dy = origin
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        confidence = float(data["conf"][i])
        if data["level"][i] != 5 or not text or confidence < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        top, bottom = line_spans.get(key, (data["top"][i], data["top"][i] + data["height"][i]))
        left, right = data["left"][i], data["left"][i] + data["width"][i]
        words.append(
            PixelWord(
                text=text,
                box=(
                    left / upscale + dx,
                    top / upscale + dy,
                    right / upscale + dx,
                    bottom / upscale + dy,
                ),
                confidence=round(min(1.0, confidence / 100.0), 3),
            )
        )
    return words


_TSV_NUMBERS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
)


def tesseract_tsv(image_path: str, lang: str, options: list[str]) -> dict[str, list]:
    """Tesseract's TSV table of one image file, by column: read by the session's process for
    ``lang`` and ``options`` inside a ``session``, else by a process of its own.

    Called directly rather than through pytesseract: importing pytesseract imports pandas when it
    is installed, ~0.6 s CPU in every worker process that OCRs a page.
    """
    if _session is not None and _session.owner == os.getpid():
        return _session.reader(lang, options).read(image_path)
    result = subprocess.run(
        ["tesseract", image_path, "stdout", "-l", lang, *options, "tsv"],
        # A worker killed mid-page takes its Tesseract run along (PR_SET_PDEATHSIG survives exec).
        preexec_fn=partial(die_with_parent, os.getpid()),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    if result.returncode != 0:
        raise BadInput(f"tesseract failed: {_last_line(result.stderr)}")
    return parse_tsv(result.stdout)


def _last_line(stderr: str) -> str:
    return (stderr.strip().splitlines() or ["?"])[-1]


# A one-pixel white page: its row in the TSV output closes the rows of the image read before it.
_END_PAGE = b"P5\n1 1\n255\n\xff"


class Reader:
    """One Tesseract process for one language and set of options that reads a stream of image
    paths (``stream_filelist``): its engine starts once, where a process per sheet starts it per
    sheet (~0.1 s CPU with ``ind``, ~0.2 s with ``eng``; the extra sheets of a page are small, so
    that was most of their cost). LSTM recognition keeps nothing from one image to the next: each
    image's rows are those a process of its own gives.

    Each image is followed by ``end_page``. Tesseract writes an image's rows at once when it has
    read it, and flushes them; every page's rows start with its level-1 row, numbered in order,
    so the end page's row marks the end of the image's rows."""

    def __init__(self, lang: str, options: list[str], end_page: str) -> None:
        self.end_page = end_page
        self.pages = 0
        self.header = ""
        self.errors: IO[bytes] = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            ["tesseract", "-", "stdout", "-l", lang, *options, "-c", "stream_filelist=1", "tsv"],
            preexec_fn=partial(die_with_parent, os.getpid()),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,  # a line per page: a pipe left unread would fill and block it
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def read(self, image_path: str) -> dict[str, list]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.pages += 2
        try:
            self.process.stdin.write(f"{image_path}\n{self.end_page}\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise self.failure() from None
        end = f"1\t{self.pages}\t"
        rows = []
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise self.failure()
            if line.startswith(end):
                break
            if line.startswith("level\t"):
                self.header = line
            else:
                rows.append(line)
        return parse_tsv(self.header + "".join(rows))

    def failure(self) -> BadInput:
        self.close()
        self.errors.seek(0)
        return BadInput(
            f"tesseract failed: {_last_line(self.errors.read().decode(errors='replace'))}"
        )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        """End the process and wait for it (its CPU time then counts as its caller's children's)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()  # end of the list: Tesseract exits
            except BrokenPipeError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@dataclass
class _Session:
    owner: int  # the process that opened it: a forked child starts its own
    folder: str
    readers: dict[tuple[str, ...], Reader]

    def reader(self, lang: str, options: list[str]) -> Reader:
        key = (lang, *options)
        reader = self.readers.get(key)
        if reader is None or not reader.alive:  # one that failed on an image is started again
            reader = self.readers[key] = Reader(lang, options, os.path.join(self.folder, "end.pgm"))
        return reader


_session: Optional[_Session] = None


@contextmanager
def session() -> Iterator[None]:
    """Inside, every Tesseract read of this process goes to one process per language and options
    (``Reader``), ended and waited for on leaving. Nested sessions use the outermost one's."""
    global _session
    if _session is not None and _session.owner == os.getpid():
        yield
        return
    outer = _session
    with tempfile.TemporaryDirectory(prefix="rencana-ocr-") as folder:
        with open(os.path.join(folder, "end.pgm"), "wb") as end_page:
            end_page.write(_END_PAGE)
        current = _session = _Session(owner=os.getpid(), folder=folder, readers={})
        try:
            yield
        finally:
            _session = outer
            for reader in current.readers.values():
                reader.close()


def parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV output by column: numbers as int, ``conf`` as float, ``text`` as str. Pure."""
    lines = tsv.splitlines()
    if not lines:
        return {}
    names = lines[0].split("\t")
    data: dict[str, list] = {name: [] for name in names}
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) < len(names) - 1:
            continue
        fields += [""] * (len(names) - len(fields))  # a row without a word has no text field
        for name, value in zip(names, fields):
            data[name].append(
                int(value) if name in _TSV_NUMBERS else float(value) if name == "conf" else value
            )
    return data


def read_crops(
    image: np.ndarray,
    boxes: list[tuple[int, int, int, int]],
    lang: str,
    scales: list[float],
    pad: int,
    settings: OcrSettings = SETTINGS,
    thin_bold: list[bool] | None = None,
) -> list[list[PixelWord]]:
    """OCR many page regions in one Tesseract call: each box is cut out, enlarged by its own scale
    (thinned first where ``thin_bold`` says so and its strokes are bold) and placed on its own band
    of one white sheet, far enough from the next that no text line joins two of them. The words
    come back per box, in page pixels, with the same confidence filter as a single-cell read."""
    crops, gaps = [], []
    for index, ((x0, y0, x1, y1), scale) in enumerate(zip(boxes, scales)):
        crop = imaging.cv_image(image[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)])
        if crop is None:  # nothing to read there: a blank pixel keeps the boxes and bands in step
            crop = np.full((1, 1), 255, np.uint8)
        if thin_bold and thin_bold[index] and imaging.stroke_is_bold(imaging.ink_mask(crop)):
            crop = imaging.thin_strokes(crop)  # bold "TW I" reads "Wi"; thinned, "TW I"
        if scale != 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        crops.append(crop)
        gaps.append(max(1, round(2 * pad * scale)))
    width = max(crop.shape[1] + 2 * gap for crop, gap in zip(crops, gaps))
    offsets, y = [], max(gaps)
    for crop, gap in zip(crops, gaps):
        offsets.append(y)
        y += crop.shape[0] + gap
    sheet = np.full((y + max(gaps), width), 255, np.uint8)
    for crop, top, gap in zip(crops, offsets, gaps):
        sheet[top : top + crop.shape[0], gap : gap + crop.shape[1]] = crop
    out: list[list[PixelWord]] = [[] for _ in boxes]
    starts = [top - gap / 2 for top, gap in zip(offsets, gaps)]
    for word in recognise(sheet, lang, psm=6):
        if word.confidence < settings.min_cell_word_confidence:
            continue
        centre = (word.box[1] + word.box[3]) / 2
        index = max(0, int(np.searchsorted(starts, centre, side="right")) - 1)
        scale, gap, top = scales[index], gaps[index], offsets[index]
        x0, y0 = boxes[index][0], boxes[index][1]
        out[index].append(
            PixelWord(
                text=word.text,
                confidence=word.confidence,
                box=(
                    x0 + (word.box[0] - gap) / scale,
                    y0 + (word.box[1] - top) / scale,
                    x0 + (word.box[2] - gap) / scale,
                    y0 + (word.box[3] - top) / scale,
                ),
            )
        )
    return out


def require_tesseract(lang: str) -> None:
    if shutil.which("tesseract") is None:
        raise BadInput(
            "image-only page needs OCR, but tesseract is not installed (Debian: tesseract-ocr)"
        )
    missing = [code for code in lang.split("+") if code not in installed_languages()]
    if missing:
        raise BadInput(
            f"image-only page needs OCR, but tesseract has no '{'+'.join(missing)}' language "
            f"(Debian: tesseract-ocr-{missing[0]})"
        )


_LANGUAGES: set[str] | None = None


def installed_languages() -> set[str]:
    global _LANGUAGES
    if _LANGUAGES is None:
        listing = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True
        ).stdout
        # The first line is "List of available languages in ...", then one code a line.
        _LANGUAGES = {line.strip() for line in listing.splitlines()[1:] if line.strip()}
    return _LANGUAGES
