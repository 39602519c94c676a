"""OCR engine of the read stage: an image-only page becomes the same PageContent a text page does.

Steps for one page: render at ``options.ocr_dpi`` (pypdfium2) → remove specks → deskew (projection
profile) → find ruling lines by morphology and build the table cells from them (pdfplumber's own
lattice functions, so merged cells behave exactly as in a text PDF) → erase the rulings → OCR the
whole page once with Tesseract (``lang=ind``) → OCR again, one by one, the cells whose ink the
page pass left partly unread (page segmentation drops short lone tokens such as an area number
"5." and, now and then, a line of a narrow cell).
Everything is returned in PDF points, top-down, like pdfplumber: ``Word`` with a 0..1
``confidence`` and ``FoundTable(strategy="image")``.

Why pytesseract on rendered pages and not OCRmyPDF: measured on the 12-page Jepara scan,
OCRmyPDF would give the same Tesseract words (it runs the same engine) but adds ghostscript and a
PDF round trip, and its text layer loses the per-word confidence that records need; it also
cannot tell us where the rulings are, which we need from the image anyway. One Tesseract call on
the whole page with the rulings erased read 100 of 105 table cells exactly (mean similarity 0.978)
in ~2.7 s per page on one core; OCR of every cell separately read fewer (98/105, garbage on empty
speckled cells) and took ~8 s per page, because each call starts the engine again.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from . import imaging
from .errors import BadInput
from .options import ExtractOptions
from .types import FoundTable, PageContent, Word


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Tuning in physical units (points), so it holds at any rendering resolution."""
    lang: str = "ind"
    # Ink blobs of at most this many pixels at 200 dpi are specks; a full stop is ~16 px.
    speck_area_200dpi: int = 4
    max_skew_degrees: float = 3.0
    # A ruling is at least this long; the longest text stroke (a bold capital) is ~12 pt.
    min_ruling_pt: float = 20.0
    max_ruling_thickness_pt: float = 3.0
    # Rulings closer than this are the same line, and a line end this close to another meets it.
    ruling_tolerance_pt: float = 3.0
    # Erase this much around a ruling so that no stroke of it is read as "|" or "l".
    ruling_erase_pt: float = 0.7
    # Inset from a cell's rulings when checking it for ink and cropping it for the second pass.
    cell_inset_pt: float = 1.5
    # A cell with at least this much ink (in square points) but no word is OCR'd on its own.
    min_cell_ink_pt2: float = 6.0
    # Words of the per-cell pass below this confidence are noise, not text.
    min_cell_word_confidence: float = 0.30
    # A cell holding a word below this confidence is read again on its own (bold "o." read "Oo.").
    reread_below_confidence: float = 0.60
    # Tesseract reads 200 dpi type better when enlarged: on the Jepara scan words found rose from
    # 95.6 % to 97.1 % and bold "II" stopped reading as "I1", for ~15 % more time.
    upscale: float = 1.5


SETTINGS = OcrSettings()


def read_page(path: Path, page, options: ExtractOptions, settings: OcrSettings = SETTINGS) -> PageContent:
    """OCR one open pdfplumber page of ``path``."""
    _require_tesseract(settings.lang)
    dpi = options.ocr_dpi
    gray = render(path, page.page_number, dpi)
    prepared = prepare(gray, dpi, settings)
    cells_px = prepared.tables
    words_px = recognise(prepared.text_image, settings.lang, psm=3, upscale=settings.upscale)
    words_px = reread_cells(prepared, words_px, dpi, settings)

    scale = 72.0 / dpi
    offset_x, offset_y = float(page.bbox[0]), float(page.bbox[1])

    def to_points(box) -> tuple[float, float, float, float]:
        return (box[0] * scale + offset_x, box[1] * scale + offset_y,
                box[2] * scale + offset_x, box[3] * scale + offset_y)

    words = [Word(text=w.text, x0=b[0], top=b[1], x1=b[2], bottom=b[3], size=(b[3] - b[1]),
                  fontname="OCR", confidence=w.confidence)
             for w in words_px for b in [to_points(w.box)]]
    tables = [FoundTable(bbox=to_points(imaging.union_box(cells)), cells=[to_points(c) for c in cells],
                         strategy="image") for cells in cells_px]
    return PageContent(number=page.page_number, width=float(page.width), height=float(page.height),
                       words=words, tables=tables, rotation=int(page.rotation or 0), ocr=True)


def render(path: Path, page_number: int, dpi: int) -> np.ndarray:
    """The page as 8-bit greyscale at ``dpi`` (pdfium applies /Rotate and the crop box)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        bitmap = document[page_number - 1].render(scale=dpi / 72.0, grayscale=True)
        image = bitmap.to_numpy()
    finally:
        document.close()
    if image.ndim == 3:  # some pdfium builds return one channel as (h, w, 1) or BGR
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] >= 3 else image[:, :, 0]
    return np.ascontiguousarray(image)


@dataclass(slots=True)
class PreparedPage:
    text_image: np.ndarray  # deskewed, despeckled, rulings erased: what Tesseract reads
    ink: np.ndarray  # ink mask of text_image
    tables: list[list[tuple[float, float, float, float]]]  # cells per table, pixels
    skew_degrees: float


def prepare(gray: np.ndarray, dpi: int, settings: OcrSettings = SETTINGS) -> PreparedPage:
    """Despeckle, deskew, find the ruled tables and erase their rulings. Pure: arrays in, arrays out."""
    px = dpi / 72.0
    speck_area = max(1, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2))
    ink = imaging.ink_mask(gray)
    specks = imaging.speck_mask(ink, speck_area)
    skew = imaging.estimate_skew(cv2.bitwise_and(ink, cv2.bitwise_not(specks)), settings.max_skew_degrees)
    level = imaging.rotate(imaging.whiten(gray, specks), skew)
    ink = imaging.ink_mask(level)
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(imaging.speck_mask(ink, speck_area)))

    horizontal, vertical = imaging.ruling_masks(ink, max(10, round(settings.min_ruling_pt * px)))
    thickness = max(2, round(settings.max_ruling_thickness_pt * px))
    h_segments, horizontal = imaging.ruling_segments(horizontal, ink, True, thickness)
    v_segments, vertical = imaging.ruling_segments(vertical, ink, False, thickness)
    tables = imaging.segments_to_tables(h_segments + v_segments, settings.ruling_tolerance_pt * px)

    rulings = cv2.bitwise_or(horizontal, vertical)
    grow = max(1, round(settings.ruling_erase_pt * px))
    rulings = cv2.dilate(rulings, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    return PreparedPage(text_image=imaging.whiten(level, rulings), ink=cv2.bitwise_and(ink, cv2.bitwise_not(rulings)),
                        tables=tables, skew_degrees=skew)


@dataclass(frozen=True, slots=True)
class PixelWord:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    confidence: float  # 0..1


def recognise(image: np.ndarray, lang: str, psm: int, origin: tuple[int, int] = (0, 0),
              upscale: float = 1.0) -> list[PixelWord]:
    """Tesseract words with line-level tops and bottoms.

    Each word takes the top and bottom of its Tesseract text line rather than its own ink box, so
    that words of one line share a top the way pdfplumber words do ("a" and "b" would otherwise
    differ by the ascender height, and later stages group lines by top).
    """
    import pytesseract

    # OpenMP threads inside one Tesseract only spin against each other on a shared machine:
    # measured 5.3 s CPU per page with them, 2.0 s with one thread, for the same words.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if upscale != 1.0:
        image = cv2.resize(image, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    # Hand Tesseract an uncompressed PGM file: pytesseract would PNG-encode the array first,
    # which costs ~0.3 s CPU on an enlarged page.
    with tempfile.TemporaryDirectory(prefix="rencana-ocr-") as folder:
        image_path = os.path.join(folder, "page.pgm")
        cv2.imwrite(image_path, image)
        data = pytesseract.image_to_data(image_path, lang=lang, config=f"--oem 1 --psm {psm}",
                                         output_type=pytesseract.Output.DICT)
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
        words.append(PixelWord(text=text, box=(left / upscale + dx, top / upscale + dy,
                                               right / upscale + dx, bottom / upscale + dy),
                               confidence=round(min(1.0, confidence / 100.0), 3)))
    return words


def reread_cells(prepared: PreparedPage, words: list[PixelWord], dpi: int,
                 settings: OcrSettings = SETTINGS) -> list[PixelWord]:
    """Second pass: OCR alone each cell whose ink the page pass left partly unread or read doubtfully.

    Page segmentation sometimes drops a short lone token (the area number "5.") or a line of a
    narrow cell ("Januari dan" above "Desember"), and a lone bold glyph can come out as a
    low-confidence misreading. Such a cell is read again on its own, enlarged and at scan size,
    and ``best_reading`` picks among the page's reading and these.
    """
    px = dpi / 72.0
    inset = max(1, round(settings.cell_inset_pt * px))
    min_ink = settings.min_cell_ink_pt2 * px * px
    covered = np.zeros_like(prepared.ink)
    for word in words:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        covered[max(0, y0 - 2):y1 + 3, max(0, x0 - 2):x1 + 3] = 255
    unread = cv2.bitwise_and(prepared.ink, cv2.bitwise_not(covered))

    result = list(words)
    for cells in prepared.tables:
        for cell in cells:
            x0, y0, x1, y1 = (int(round(cell[0])) + inset, int(round(cell[1])) + inset,
                              int(round(cell[2])) - inset, int(round(cell[3])) - inset)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            before = [w for w in result if _centre_inside(w.box, cell)]
            doubtful = any(w.confidence < settings.reread_below_confidence for w in before)
            if not doubtful and np.count_nonzero(unread[y0:y1, x0:x1]) < min_ink:
                continue
            pad = inset * 4
            crop = cv2.copyMakeBorder(prepared.text_image[y0:y1, x0:x1], pad, pad, pad, pad,
                                      cv2.BORDER_CONSTANT, value=255)
            readings = [before] + [
                [w for w in recognise(crop, settings.lang, psm=6, origin=(x0 - pad, y0 - pad), upscale=scale)
                 if w.confidence >= settings.min_cell_word_confidence and _centre_inside(w.box, cell)]
                for scale in dict.fromkeys((settings.upscale, 1.0))]
            best = best_reading(readings, [_ink_covered(prepared.ink, r, cell) for r in readings])
            if best is not before:
                result = [w for w in result if not _centre_inside(w.box, cell)] + best
    return result


def best_reading(readings: list[list[PixelWord]], ink_covered: list[int]) -> list[PixelWord]:
    """The reading that covers (nearly) the most ink, and among those the most confident.

    Ink comes first so that a confident but partial reading never wins over a complete one.
    """
    most = max(ink_covered)
    complete = [r for r, ink in zip(readings, ink_covered) if ink >= 0.95 * most]
    return max(complete, key=lambda r: sum(w.confidence for w in r) / len(r) if r else 0.0)


def _ink_covered(ink: np.ndarray, words: list[PixelWord], cell) -> int:
    x0, y0, x1, y1 = (int(round(v)) for v in cell)
    mask = np.zeros((max(0, y1 - y0), max(0, x1 - x0)), np.uint8)
    for word in words:
        wx0, wy0, wx1, wy1 = (int(v) for v in word.box)
        mask[max(0, wy0 - y0 - 2):max(0, wy1 - y0 + 3), max(0, wx0 - x0 - 2):max(0, wx1 - x0 + 3)] = 255
    return int(np.count_nonzero(cv2.bitwise_and(ink[y0:y1, x0:x1], mask)))


def _centre_inside(box, cell) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def _require_tesseract(lang: str) -> None:
    if shutil.which("tesseract") is None:
        raise BadInput("image-only page needs OCR, but tesseract is not installed (Debian: tesseract-ocr)")
    import pytesseract

    missing = [code for code in lang.split("+") if code not in _installed_languages(pytesseract)]
    if missing:
        raise BadInput(f"image-only page needs OCR, but tesseract has no '{'+'.join(missing)}' language "
                       f"(Debian: tesseract-ocr-{missing[0]})")


_LANGUAGES: set[str] | None = None


def _installed_languages(pytesseract) -> set[str]:
    global _LANGUAGES
    if _LANGUAGES is None:
        _LANGUAGES = set(pytesseract.get_languages(config=""))
    return _LANGUAGES


def words_confidence(words: list[Word], bbox) -> float | None:
    """Character-weighted mean confidence of the OCR words whose centres lie in ``bbox``.

    Pure; used by the records stage to give each OCR'd record a confidence. None when no OCR word
    lies there (a text-layer page).
    """
    total = weight = 0.0
    for word in words:
        if word.confidence is None or not _centre_inside(word.bbox, bbox):
            continue
        weight += len(word.text)
        total += word.confidence * len(word.text)
    return round(total / weight, 3) if weight else None
