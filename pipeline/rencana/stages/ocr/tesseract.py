"""Tesseract, called directly, its TSV parsed into pixel words: one process per sheet, or inside a
``session.session()`` one process per language and settings that reads every sheet given to it.

Every call runs one thread (``OMP_THREAD_LIMIT=1``): parallelism comes from worker processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import partial

import cv2
import numpy as np

from rencana.core.lifetime import die_with_parent
from rencana.errors import BadInput
from rencana.options import OcrSettings
from rencana.stages.ocr import imaging, session

SETTINGS = OcrSettings()  # the defaults, for helpers called without options


@dataclass(frozen=True, slots=True)
class PixelWord:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    confidence: float  # 0..1


def recognise(
    image: np.ndarray,
    lang: str,
    psm: int,
    origin: tuple[int, int] = (0, 0),
    upscale: float = 1.0,
    alphabet: str | None = None,
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
                # only these characters, where the caller knows what the text can be
                *(["-c", f"tessedit_char_whitelist={alphabet}"] if alphabet else []),
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
    ``lang`` and ``options`` inside a ``session.session()``, else by a process of its own.

    Called directly rather than through pytesseract: importing pytesseract imports pandas when it
    is installed, ~0.6 s CPU in every worker process that OCRs a page.
    """
    reader = session.reader_for(lang, options)
    if reader is not None:
        return parse_tsv(reader.read(image_path))
    result = run_tesseract([image_path, "stdout", "-l", lang, *options, "tsv"])
    if result.returncode != 0:
        raise BadInput(f"tesseract failed: {session.last_line(result.stderr)}")
    return parse_tsv(result.stdout)


def run_tesseract(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """One Tesseract run in a process of its own, its output decoded."""
    return subprocess.run(
        ["tesseract", *arguments],
        # A worker killed mid-page takes its Tesseract run along (PR_SET_PDEATHSIG survives exec).
        preexec_fn=partial(die_with_parent, os.getpid()),
        env=session.tesseract_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


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
    alphabet: str | None = None,
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
    for word in recognise(sheet, lang, psm=6, alphabet=alphabet):
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
