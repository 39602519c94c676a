"""OCR engine of the read stage: an image-only page becomes the same PageContent a text page does.

Steps for one page: render at ``options.ocr_dpi`` (pypdfium2, /Rotate applied) → remove specks →
deskew (projection profile) → find shaded fills and whiten them (so Otsu and the ruling finder
see only strokes) → find ruling lines by morphology, plus short column rulings that join two
rows' rulings (a low header row) and the sides of fills, and build the table cells from them
(pdfplumber's own lattice functions, so merged cells behave exactly as in a text PDF) → erase
the rulings → OCR the whole page once with Tesseract (``lang=ind``) → OCR again, all on one
stacked sheet per pass (``read_crops``), the cells whose ink the page pass left partly unread,
and every inked cell of a schedule grid (a run of ≥ 3 equal narrow columns) with ``grid_lang``
→ outside the tables, small patches of unread ink (list markers, colons) with their line's
start → decide grid marks from pixels (one compact open stroke = "√"), and a bar numeral's
count of bars → shaded empty cells become ``Rect(fill=grey)`` as in a text PDF → with no ruled
table, a borderless one is rebuilt from the words (borderless.py).
Everything is returned in PDF points, top-down, like pdfplumber: ``Word`` with a 0..1
``confidence`` and ``FoundTable(strategy="image")``.

Why Tesseract on rendered pages and not OCRmyPDF: measured on the 12-page Jepara scan,
OCRmyPDF would give the same Tesseract words (it runs the same engine) but adds ghostscript and a
PDF round trip, and its text layer loses the per-word confidence that records need; it also
cannot tell us where the rulings are, which we need from the image anyway. One Tesseract call on
the whole page with the rulings erased read 100 of 105 table cells exactly (mean similarity 0.978)
in ~2.7 s per page on one core; OCR of every cell separately read fewer (98/105, garbage on empty
speckled cells) and took ~8 s per page, because each call starts the engine again.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from rencana.core import geometry
from rencana.stages.ocr import imaging
from rencana.errors import BadInput
from rencana.options import ExtractOptions, OcrSettings
from rencana.core.text import roman_lookalike
from rencana.core.types import PageContent, Rect, Word


SETTINGS = OcrSettings()  # the defaults, for helpers called without options
# OpenCV's worker threads only add CPU time here: a worker process reads one page at a time, and
# ingest runs one worker per core (measured ~0.05 s CPU less per page with one thread).
cv2.setNumThreads(1)


def read_page(path: Path, page, options: ExtractOptions) -> PageContent:
    """OCR one open pdfplumber page of ``path``, with ``options.ocr_settings``."""
    settings = options.ocr_settings
    _require_tesseract(f"{settings.lang}+{settings.grid_lang}")
    dpi = options.ocr_dpi
    gray = render(path, page.page_number, dpi)
    prepared = prepare(gray, dpi, settings)
    cells_px = prepared.tables
    upscale = page_upscale(prepared.ink, settings)
    words_px = recognise(prepared.text_image, settings.lang, psm=3, upscale=upscale)
    words_px = reread_cells(prepared, words_px, dpi, settings, upscale)
    words_px = read_unread_patches(prepared, words_px, dpi, settings, upscale)
    words_px = read_grid_marks(prepared, words_px, dpi, settings)
    words_px = recount_numeral_bars(prepared.ink, words_px, dpi, settings)
    shades_px = shaded_cells(prepared, words_px, settings)

    scale = 72.0 / dpi
    offset_x, offset_y = float(page.bbox[0]), float(page.bbox[1])

    def to_points(box) -> tuple[float, float, float, float]:
        return (box[0] * scale + offset_x, box[1] * scale + offset_y,
                box[2] * scale + offset_x, box[3] * scale + offset_y)

    words = [Word(text=w.text, x0=b[0], top=b[1], x1=b[2], bottom=b[3], size=(b[3] - b[1]),
                 fontname="OCR", confidence=w.confidence)
             for w in words_px for b in [to_points(w.box)]]
    rects = [Rect(*to_points(cell), fill=(grey,)) for cell, grey in shades_px]
    return PageContent(number=page.page_number, width=float(page.width), height=float(page.height),
                       words=words, rects=rects, rotation=int(page.rotation or 0), ocr=True,
                       image_tables=[[to_points(c) for c in cells] for cells in cells_px])


def page_upscale(ink: np.ndarray, settings: OcrSettings = SETTINGS) -> float:
    """How much to enlarge the page for Tesseract, from its measured x-height (see ``OcrSettings.upscale``)."""
    measured = imaging.x_height(ink)
    if measured is None:
        return settings.upscale
    wanted = max(1.0, min(settings.upscale, settings.target_x_height_px / measured))
    return round(wanted / settings.upscale_step) * settings.upscale_step


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
    shade: np.ndarray  # 255 where the (deskewed) page is tinted: shaded cells, grey bands
    shade_level: int | None  # their typical grey, None when nothing is shaded


def prepare(gray: np.ndarray, dpi: int, settings: OcrSettings = SETTINGS) -> PreparedPage:
    """Despeckle, deskew, find the ruled tables and erase their rulings. Pure: arrays in, arrays out."""
    px = dpi / 72.0
    speck_area = max(1, round(settings.speck_area_200dpi * (dpi / 200.0) ** 2))
    ink = imaging.ink_mask(gray)
    specks = imaging.speck_mask(ink, speck_area)
    skew = imaging.estimate_skew(cv2.bitwise_and(ink, cv2.bitwise_not(specks)), settings.max_skew_degrees)
    level = imaging.rotate(imaging.whiten(gray, specks), skew)
    # Fills go before the ink threshold: Otsu would count a grey cell as ink, and a fill touching
    # a ruling would make it too thick to be one.
    shade = imaging.shade_mask(level, max(3, round(settings.min_shade_pt * px)))
    shade_level = imaging.shade_level(level, shade)
    level = imaging.deshade(level, shade, shade_level)
    ink = imaging.ink_mask(level)
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(imaging.speck_mask(ink, speck_area)))

    horizontal, vertical = imaging.ruling_masks(ink, max(10, round(settings.min_ruling_pt * px)))
    thickness = max(2, round(settings.max_ruling_thickness_pt * px))
    h_segments, horizontal = imaging.ruling_segments(horizontal, ink, True, thickness)
    v_segments, vertical = imaging.ruling_segments(vertical, ink, False, thickness)
    # Column rulings of a low header row are shorter than the kernel: keep the short vertical
    # strokes that run from one horizontal ruling to the next.
    _, short_vertical = imaging.ruling_masks(cv2.bitwise_and(ink, cv2.bitwise_not(vertical)),
                                             max(6, round(settings.min_short_ruling_pt * px)))
    short_segments, short_vertical = imaging.ruling_segments(short_vertical, ink, False, thickness)
    bridging = imaging.bridging_segments(short_segments, h_segments, settings.bridge_tolerance_pt * px)
    if bridging:
        v_segments += bridging
        vertical = cv2.bitwise_or(vertical, _segments_mask(short_vertical, bridging))
    tolerance = settings.ruling_tolerance_pt * px
    tables = imaging.segments_to_tables(h_segments + v_segments, tolerance)
    if shade_level is not None and tables:
        fills = imaging.fill_edges(shade, max(3, round(settings.min_shade_pt * px)),
                                   [geometry.hull(cells) for cells in tables], tolerance)
        if fills:
            tables = imaging.segments_to_tables(h_segments + v_segments + fills, tolerance)

    rulings = cv2.bitwise_or(horizontal, vertical)
    grow = max(1, round(settings.ruling_erase_pt * px))
    rulings = cv2.dilate(rulings, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    return PreparedPage(text_image=imaging.whiten(level, rulings), ink=cv2.bitwise_and(ink, cv2.bitwise_not(rulings)),
                        tables=tables, skew_degrees=skew, shade=shade, shade_level=shade_level)


def _segments_mask(mask: np.ndarray, segments: list[imaging.Segment]) -> np.ndarray:
    """The blobs of ``mask`` that the given segments were taken from (their centre lines lie in them)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    for s in segments:
        label = labels[int((s.y0 + s.y1) / 2), int(round(s.x0))]
        keep[label] = label > 0
    return imaging.label_mask(labels, keep, stats)


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
    # Without inverted-text checks (each doubtful line read again as white on black): ~10 % less
    # Tesseract time, and a scan's dark bands were whitened with the shading before this anyway.
    # Without Tesseract's table finder: the tables come from our rulings, and its search cost
    # 0.3-0.4 s CPU on a grid page for the same records on every scan we have.
    # OpenMP threads inside one Tesseract only spin against each other on a shared machine:
    # measured 5.3 s CPU per page with them, 2.0 s with one thread, for the same words.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if upscale != 1.0:
        image = cv2.resize(image, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    # Hand Tesseract an uncompressed PGM file: PNG-encoding the array first costs ~0.3 s CPU on an
    # enlarged page.
    with tempfile.TemporaryDirectory(prefix="rencana-ocr-") as folder:
        image_path = os.path.join(folder, "page.pgm")
        cv2.imwrite(image_path, image)
        data = tesseract_tsv(image_path, lang, ["--oem", "1", "--psm", str(psm), "-c", "tessedit_do_invert=0",
                                                "-c", "textord_tabfind_find_tables=0"])
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


_TSV_NUMBERS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                "left", "top", "width", "height")


def tesseract_tsv(image_path: str, lang: str, options: list[str]) -> dict[str, list]:
    """Run the tesseract command on one image file and return its TSV table by column.

    Called directly rather than through pytesseract: importing pytesseract imports pandas when it
    is installed, ~0.6 s CPU in every worker process that OCRs a page.
    """
    result = subprocess.run(["tesseract", image_path, "stdout", "-l", lang, *options, "tsv"],
                            capture_output=True, text=True, encoding="utf-8", errors="replace")
    if result.returncode != 0:
        raise BadInput(f"tesseract failed: {(result.stderr.strip().splitlines() or ['?'])[-1]}")
    return parse_tsv(result.stdout)


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
            data[name].append(int(value) if name in _TSV_NUMBERS else float(value) if name == "conf" else value)
    return data


def reread_cells(prepared: PreparedPage, words: list[PixelWord], dpi: int,
                 settings: OcrSettings = SETTINGS, upscale: float | None = None) -> list[PixelWord]:
    """Second pass: OCR again the cells whose ink the page pass left partly unread or read doubtfully.

    Page segmentation sometimes drops a short lone token (the area number "5.", a target "0") or a
    line of a narrow cell ("Januari dan" above "Desember"), and a lone bold glyph can come out as a
    low-confidence misreading. Such a cell is read again on its own, enlarged, and then at scan
    size if that still leaves ink unread or doubtful; ``best_reading`` picks among the readings.
    Every inked cell of a schedule grid is read again with ``grid_lang``: its short values ("0",
    "25%", "TW I") are what the page pass reads worst, and the Indonesian model cannot read "%"
    at all (it gives "100Yo").

    All cells of one kind go to Tesseract together, stacked on one sheet (``read_crops``): one
    engine start per pass instead of one per cell, which is what made grid pages slow (~0.1 s
    each, 100 cells a page).
    """
    px = dpi / 72.0
    inset = max(1, round(settings.cell_inset_pt * px))
    min_ink = settings.min_cell_ink_pt2 * px * px
    min_mark_ink = settings.min_mark_ink_pt2 * px * px
    covered = np.zeros_like(prepared.ink)
    for word in words:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        covered[max(0, y0 - 2):y1 + 3, max(0, x0 - 2):x1 + 3] = 255
    unread = cv2.bitwise_and(prepared.ink, cv2.bitwise_not(covered))

    text_cells: list[tuple] = []  # (cell, inner box)
    grid_cells: list[tuple] = []
    number_cells: list[tuple] = []
    for cells in prepared.tables:
        grid = set(grid_cells_of(cells, dpi, settings))
        numbers = set(number_cells_of(cells, dpi, settings))
        for cell in cells:
            x0, y0, x1, y1 = (int(round(cell[0])) + inset, int(round(cell[1])) + inset,
                              int(round(cell[2])) - inset, int(round(cell[3])) - inset)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            ink = np.count_nonzero(prepared.ink[y0:y1, x0:x1])
            # Only the inked part of the cell goes on the sheet: a lone "1." in a tall merged cell
            # is dropped by page segmentation when it sits alone in a big empty area.
            inner = _ink_extent(prepared.ink, (x0, y0, x1, y1), margin=2 * inset)
            small_but_inked = ink >= min_mark_ink  # a lone "1" or "1."
            if cell in grid:
                if small_but_inked:
                    grid_cells.append((cell, inner))
                continue
            if cell in numbers and small_but_inked:
                number_cells.append((cell, inner))
            doubtful = any(w.confidence < settings.reread_below_confidence
                           for w in words if _centre_inside(w.box, cell))
            if doubtful or np.count_nonzero(unread[y0:y1, x0:x1]) >= min_ink:
                text_cells.append((cell, inner))

    result = list(words)
    pad = inset * 4
    page_scale = upscale or settings.upscale

    def text_choice(readings: list[list[PixelWord]], ink_covered: list[int]) -> list[PixelWord]:
        best = best_reading(readings, ink_covered, slack=min_mark_ink)
        if len(best) == 1 and _LONE_NUMBER_PUNCT.fullmatch(best[0].text):
            # A row number alone in its cell ends with a full stop; its dot often reads "," or ":".
            return [PixelWord(text=best[0].text[:-1] + ".", box=best[0].box, confidence=best[0].confidence)]
        return best

    def text_settled(best: list[PixelWord], cell) -> bool:
        inner = (cell[0] + inset, cell[1] + inset, cell[2] - inset, cell[3] - inset)
        unread = np.count_nonzero(_crop(prepared.ink, inner)) - _ink_covered(prepared.ink, best, inner)
        return unread < min_ink and all(w.confidence >= settings.reread_below_confidence for w in best)

    def number_settled(best: list[PixelWord], _cell) -> bool:
        # The header cell ("No.") is done once it is named.
        return row_number_text(best) is not None or header_reading([best]) is best

    def read(cells: list[tuple], lang: str, scales: list[float], thin_bold: list[bool] | None = None):
        if not cells:
            return []
        return read_crops(prepared.text_image, [inner for _, inner in cells], lang, scales, pad, settings, thin_bold)

    # One Tesseract run per language: grid cells and the No column share the English sheet.
    text_readings = read(text_cells, settings.lang, [page_scale] * len(text_cells))
    english = read(grid_cells + number_cells, settings.grid_lang,
                   [settings.grid_upscale] * len(grid_cells) + [page_scale] * len(number_cells),
                   [True] * len(grid_cells) + [False] * len(number_cells))
    grid_readings, number_readings = english[:len(grid_cells)], english[len(grid_cells):]

    # Cells the first re-read leaves unread or doubtful are read once more at scan size (which
    # scale reads a lone "1." or a short line best changes from page to page).
    result, pending = _keep_better_readings(prepared, result, text_cells, text_readings, text_choice, text_settled)
    if pending and page_scale != 1.0:
        result, _ = _keep_better_readings(prepared, result, pending, read(pending, settings.lang, [1.0] * len(pending)),
                                          text_choice, text_settled)
    for (cell, _), reading in zip(grid_cells, grid_readings):
        reading = [PixelWord(text=roman_numeral(w.text), box=w.box, confidence=w.confidence)
                   for w in reading if _centre_inside(w.box, cell)]
        before = [w for w in result if _centre_inside(w.box, cell)]
        if _ink_covered(prepared.ink, reading, cell) >= 0.95 * _ink_covered(prepared.ink, before, cell):
            result = [w for w in result if not _centre_inside(w.box, cell)] + reading
    result, pending = _keep_better_readings(prepared, result, number_cells, number_readings, best_number_reading,
                                            number_settled)
    if pending and page_scale != 1.0:
        result, _ = _keep_better_readings(prepared, result, pending,
                                          read(pending, settings.grid_lang, [1.0] * len(pending)),
                                          best_number_reading, number_settled)
    return result


def unread_patches(prepared: PreparedPage, words: list[PixelWord], dpi: int,
                   settings: OcrSettings = SETTINGS) -> list[tuple[tuple[int, int, int, int], tuple[int, int, int, int]]]:
    """Outside the tables, the small patches of ink that the page pass left unread or read
    doubtfully (see ``OcrSettings.max_unread_patch_pt``), as (patch box, crop to read) in pixels."""
    px = dpi / 72.0
    doubtful = [w for w in words if w.confidence < settings.reread_below_confidence]
    covered = np.zeros_like(prepared.ink)
    for word in words:
        if word.confidence >= settings.reread_below_confidence:
            x0, y0, x1, y1 = (int(v) for v in word.box)
            covered[max(0, y0 - 2):y1 + 3, max(0, x0 - 2):x1 + 3] = 255
    for cells in prepared.tables:
        x0, y0, x1, y1 = (int(round(v)) for v in geometry.hull(cells))
        covered[max(0, y0):y1 + 1, max(0, x0):x1 + 1] = 255  # cells have their own re-read
    unread = cv2.bitwise_and(prepared.ink, cv2.bitwise_not(covered))
    join = max(1, round(settings.unread_join_pt * px))
    patches = cv2.dilate(unread, np.ones((1, 2 * join + 1), np.uint8))
    for word in doubtful:  # a doubtful colon's two dots are one patch
        x0, y0, x1, y1 = (int(v) for v in word.box)
        if np.count_nonzero(covered[y0:y1, x0:x1]) == 0:
            patches[max(0, y0):y1, max(0, x0 - join):x1 + join] = 255
    count, _, stats, _ = cv2.connectedComponentsWithStats(patches, connectivity=8)
    max_width, max_height = (v * px for v in settings.max_unread_patch_pt)
    min_height = settings.min_unread_patch_pt * px
    min_ink = settings.min_mark_ink_pt2 * px * px
    boxes = []
    for x, y, w, h, _ in stats[1:]:
        box = (int(x) + join, int(y), int(x + w) - join, int(y + h))  # the dilation undone
        too_big = w - 2 * join > max_width or h > max_height
        if too_big or h < min_height or np.count_nonzero(unread[box[1]:box[3], box[0]:box[2]]) < min_ink:
            continue
        boxes.append(_ink_extent(prepared.ink, box, margin=max(1, round(settings.cell_inset_pt * px))))
    # Each patch is read with the start of its line beside it: alone, a list marker is a glyph
    # without context ("3." read "Bi"); before "Peraturan" it is read as on the page. The English
    # model reads markers and colons best, as it does row numbers.
    # The crop also reaches a little above and below (the line's ascenders and descenders, never
    # the next line's): cut at a marker's x-height, "bahwa" beside it read "Danwa" and ":" read ">".
    context, rise = round(settings.unread_context_pt * px), round(settings.unread_rise_pt * px)
    height, width = prepared.ink.shape
    crops = [(b[0], max(0, b[1] - rise), min(width, b[2] + context), min(height, b[3] + rise)) for b in boxes]
    return list(zip(boxes, crops))


def read_unread_patches(prepared: PreparedPage, words: list[PixelWord], dpi: int,
                        settings: OcrSettings = SETTINGS, upscale: float | None = None) -> list[PixelWord]:
    """The ``unread_patches`` read on one sheet at the page's scale, then at scan size where that
    was unsure. A patch's new words, when sure, replace the doubtful ones there if they cover as
    much of its ink. (A sheet of its own: put on the table cells' English sheet, the patches
    changed how Tesseract read the grid headers there.)"""
    patches = unread_patches(prepared, words, dpi, settings)
    if not patches:
        return words
    px = dpi / 72.0
    pad = 4 * max(1, round(settings.cell_inset_pt * px))
    min_ink = settings.min_mark_ink_pt2 * px * px
    boxes, crops = [box for box, _ in patches], [crop for _, crop in patches]
    doubtful = [w for w in words if w.confidence < settings.reread_below_confidence]
    sure = settings.reread_below_confidence
    result = list(words)
    standing = [[w for w in doubtful if _overlaps(w.box, box)] for box in boxes]  # the words now read there

    def keep_sure_readings(indices: list[int], readings: list[list[PixelWord]]) -> list[int]:
        nonlocal result
        unsure = []
        for i, reading in zip(indices, readings):
            box, before = boxes[i], standing[i]
            reading = [w for w in reading if _centre_inside(w.box, box)]
            # Only a sure reading counts: the page pass's ":" at 0.0 beats a re-read "5" at 0.43.
            if reading and _mean_confidence(reading) >= sure:
                candidates = [before, reading]
                best = best_reading(candidates, [_ink_covered(prepared.ink, r, box) for r in candidates], slack=min_ink)
                if best is reading:
                    reading = [_on_its_line(w, result) for w in reading]
                    result = [w for w in result if not any(w is r for r in before)] + reading
                    standing[i] = reading
            # Where nothing at all was read, there is no text to read better (a page number's dashes).
            if reading and _mean_confidence(standing[i]) < sure:
                unsure.append(i)
        return unsure

    page_scale = upscale or settings.upscale
    unsure = keep_sure_readings(list(range(len(boxes))), read_crops(
        prepared.text_image, crops, settings.grid_lang, [page_scale] * len(crops), pad, settings))
    # At scan size for the patches still without a sure reading (which scale reads a lone "1."
    # best changes from line to line, as in the "No" column).
    if unsure and page_scale != 1.0:
        keep_sure_readings(unsure, read_crops(prepared.text_image, [crops[i] for i in unsure], settings.grid_lang,
                                              [1.0] * len(unsure), pad, settings))
    return result


def _mean_confidence(words: list[PixelWord]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def _on_its_line(word: PixelWord, words: list[PixelWord]) -> PixelWord:
    """``word`` with the top and bottom of the nearest word beside it on the page, so that the two
    group as one line (a patch's reading has the line box of its crop, cut to the patch's height)."""
    centre = (word.box[1] + word.box[3]) / 2
    beside = [w for w in words if w.box[1] <= centre <= w.box[3]]
    if not beside:
        return word
    nearest = min(beside, key=lambda w: min(abs(w.box[0] - word.box[2]), abs(word.box[0] - w.box[2])))
    return PixelWord(text=word.text, box=(word.box[0], nearest.box[1], word.box[2], nearest.box[3]),
                     confidence=word.confidence)


def _keep_better_readings(prepared: PreparedPage, words: list[PixelWord], cells: list[tuple],
                          readings: list[list[PixelWord]], choose, settled) -> tuple[list[PixelWord], list[tuple]]:
    """Per cell (``(cell, inked box)``), keep the reading ``choose`` prefers between the words there
    and the new reading; return the words and the cells whose chosen reading is not yet ``settled``."""
    result = list(words)
    unsettled = []
    for (cell, inner), reading in zip(cells, readings):
        before = [w for w in result if _centre_inside(w.box, cell)]
        candidates = [before, [w for w in reading if _centre_inside(w.box, cell)]]
        best = choose(candidates, [_ink_covered(prepared.ink, r, cell) for r in candidates])
        if best is not before:
            result = [w for w in result if not _centre_inside(w.box, cell)] + best
        if not settled(best, cell):
            unsettled.append((cell, inner))
    return result, unsettled


# A row number as printed in a table's "No" column, read word by word: "4." "3", "IV.", "a.", "12)"
# (letters only as far as lettered lists go, as for banners in the table stage: "o." is no number).
# OCR confuses its dots with "," ":" ";" (never part of a row number).
_MISREAD_DOT = re.compile(r"[,:;]")
_ROW_NUMBER = re.compile(r"(?:\d{1,3}|[IVX]{1,5}|[A-Ha-h])(?:[.,:;]\d{1,3})*[.,:;)]?")


def row_number_text(words: list[PixelWord]) -> str | None:
    """The row number the words of one "No" cell spell, with OCR's "," ":" ";" read as ".", or None. Pure."""
    joined = "".join(w.text for w in words)
    if not _ROW_NUMBER.fullmatch(joined):
        return None
    return _MISREAD_DOT.sub(".", joined)


def _number_glyphs(words: list[PixelWord]) -> str:
    """A row number's digits or letters without its separators ("1.1" and "11" both give "11")."""
    return re.sub(r"[.,:;)]", "", "".join(w.text for w in words))


def _inner_separators(words: list[PixelWord]) -> int:
    return len(re.findall(r"[.,:;](?=\d)", "".join(w.text for w in words)))


def header_reading(readings: list[list[PixelWord]]) -> list[PixelWord] | None:
    """The first reading that names a table column ("No."), if any."""
    from rencana.stages.tables.headers import role_of_header

    return next((r for r in readings if r and role_of_header(" ".join(w.text for w in r))), None)


def best_number_reading(readings: list[list[PixelWord]], ink_covered: list[int]) -> list[PixelWord]:
    """The reading of a "No" column cell: the column's header ("No.") if a reading names it, else
    one that spells a row number (its separators repaired; among several that cover its ink, the
    most confident, unless another reads the same digits with more dots), else the first reading."""
    header = header_reading(readings)
    if header is not None:
        return header
    valid = [(r, ink) for r, ink in zip(readings, ink_covered) if r and row_number_text(r) is not None]
    if not valid:
        return readings[0]
    most = max(ink for _, ink in valid)
    complete = [r for r, ink in valid if ink >= 0.95 * most]
    chosen = _most_confident(complete)
    # A dot is too small to count in the ink, and OCR drops dots but never invents one inside a
    # number: "1.1" beats "11" however sure the page pass was of "11" (but "4.5" never beats "1.").
    dotted = [r for r in complete
              if _number_glyphs(r) == _number_glyphs(chosen) and _inner_separators(r) > _inner_separators(chosen)]
    if dotted:
        chosen = max(dotted, key=_inner_separators)
    return [PixelWord(text=_MISREAD_DOT.sub(".", w.text), box=w.box, confidence=w.confidence) for w in chosen]


_LONE_NUMBER_PUNCT = re.compile(r"\d{1,2}[,:;]")
def roman_numeral(token: str) -> str:
    """A quarter numeral OCR'd with look-alike glyphs ("il", "ill", "lV") as the numeral ("II", "III", "IV").

    Only tokens with a letter among them: a lone "1" or "11" in a grid cell stays a number."""
    numeral = roman_lookalike(token)
    return numeral if numeral in _QUARTER_NUMERALS and any(c.isalpha() for c in token) else token


_QUARTER_NUMERALS = ("I", "II", "III", "IV")


def read_crops(image: np.ndarray, boxes: list[tuple[int, int, int, int]], lang: str, scales: list[float], pad: int,
               settings: OcrSettings = SETTINGS, thin_bold: list[bool] | None = None) -> list[list[PixelWord]]:
    """OCR many page regions in one Tesseract call: each box is cut out, enlarged by its own scale
    (thinned first where ``thin_bold`` says so and its strokes are bold) and placed on its own band
    of one white sheet, far enough from the next that no text line joins two of them. The words
    come back per box, in page pixels, with the same confidence filter as a single-cell read."""
    crops, gaps = [], []
    for index, ((x0, y0, x1, y1), scale) in enumerate(zip(boxes, scales)):
        crop = image[y0:y1, x0:x1]
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
        sheet[top:top + crop.shape[0], gap:gap + crop.shape[1]] = crop
    out: list[list[PixelWord]] = [[] for _ in boxes]
    starts = [top - gap / 2 for top, gap in zip(offsets, gaps)]
    for word in recognise(sheet, lang, psm=6):
        if word.confidence < settings.min_cell_word_confidence:
            continue
        centre = (word.box[1] + word.box[3]) / 2
        index = max(0, int(np.searchsorted(starts, centre, side="right")) - 1)
        scale, gap, top = scales[index], gaps[index], offsets[index]
        x0, y0 = boxes[index][0], boxes[index][1]
        out[index].append(PixelWord(text=word.text, confidence=word.confidence,
                                    box=(x0 + (word.box[0] - gap) / scale, y0 + (word.box[1] - top) / scale,
                                         x0 + (word.box[2] - gap) / scale, y0 + (word.box[3] - top) / scale)))
    return out


def column_edges(cells: list[tuple[float, float, float, float]], dpi: int,
                 settings: OcrSettings = SETTINGS) -> tuple[list[float], float]:
    """A ruled table's column edges (cell sides within the ruling tolerance are one edge), and that tolerance."""
    from rencana.core.geometry import cluster

    tolerance = settings.ruling_tolerance_pt * dpi / 72.0
    return cluster([c[0] for c in cells] + [c[2] for c in cells], tolerance), tolerance


def grid_cells_of(cells: list[tuple[float, float, float, float]], dpi: int,
                  settings: OcrSettings = SETTINGS) -> list[tuple[float, float, float, float]]:
    """The cells of a table that sit in one column of its schedule grid (``imaging.grid_columns``)."""
    xs, tolerance = column_edges(cells, dpi, settings)
    columns = set(imaging.grid_columns(xs, settings.max_grid_column_pt * dpi / 72.0))
    out = []
    for cell in cells:
        spanned = [i for i in range(len(xs) - 1) if xs[i] >= cell[0] - tolerance and xs[i + 1] <= cell[2] + tolerance]
        if len(spanned) == 1 and spanned[0] in columns:
            out.append(cell)
    return out


def number_cells_of(cells: list[tuple[float, float, float, float]], dpi: int,
                    settings: OcrSettings = SETTINGS) -> list[tuple[float, float, float, float]]:
    """The cells of a table's first column when it is narrow enough to hold only row numbers."""
    xs, tolerance = column_edges(cells, dpi, settings)
    if len(xs) < 3 or xs[1] - xs[0] > settings.max_number_column_pt * dpi / 72.0:
        return []
    return [c for c in cells if abs(c[0] - xs[0]) <= tolerance and c[2] <= xs[1] + tolerance]


def read_grid_marks(prepared: PreparedPage, words: list[PixelWord], dpi: int,
                    settings: OcrSettings = SETTINGS) -> list[PixelWord]:
    """Ticks in schedule grid cells, decided from the pixels: OCR reads a lone "√" as "J", "Vv", "/"
    or nothing. A grid cell whose ink is one compact open stroke is a mark (a Word "√") unless
    OCR read it confidently as a number ("7", a target); a lone flat stroke is a dash ("-", no
    mark); a lone upright bar read as one glyph is the digit "1" (a quarter target), whatever OCR
    made of it; a cell without ink holds nothing (specks OCR'd as "." go)."""
    px = dpi / 72.0
    inset = max(1, round(settings.cell_inset_pt * px))
    min_ink = settings.min_cell_ink_pt2 * px * px
    min_mark_ink = settings.min_mark_ink_pt2 * px * px
    max_side = settings.max_mark_pt * px
    result = list(words)
    for cells in prepared.tables:
        for cell in grid_cells_of(cells, dpi, settings):
            x0, y0, x1, y1 = (int(round(cell[0])) + inset, int(round(cell[1])) + inset,
                              int(round(cell[2])) - inset, int(round(cell[3])) - inset)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            inside = [w for w in result if _centre_inside(w.box, cell)]
            shape = imaging.ink_shape(prepared.ink[y0:y1, x0:x1], max(2, round(min_ink / 8)))
            if shape.pixels < min_mark_ink:
                replacement: list[PixelWord] = []
            else:
                text = _pixel_reading(shape, inside, max_side, settings)
                if text is None:
                    continue
                bx0, by0, bx1, by1 = shape.box
                replacement = [PixelWord(text=text, box=(x0 + bx0, y0 + by0, x0 + bx1, y0 + by1),
                                         confidence=settings.pixel_mark_confidence)]
            result = [w for w in result if not _centre_inside(w.box, cell)] + replacement
    return result


def _pixel_reading(shape: imaging.InkShape, words: list[PixelWord], max_side: float,
                   settings: OcrSettings) -> str | None:
    """What a grid cell's ink says when its shape decides: "1", "√", "-", or None to keep OCR's words."""
    if shape.is_bar(max_side) and len("".join(w.text for w in words)) <= 1:
        return "1"  # no other digit is one upright stroke; OCR reads it "‘", "|" or even "4"
    if _confident_value(words, settings):
        return None
    if shape.is_tick(max_side):
        return "√"
    if shape.is_dash(max_side):
        return "-"
    return None


def _confident_value(words: list[PixelWord], settings: OcrSettings) -> bool:
    """OCR is sure it read a number or percentage ("0", "25%"), a quarter numeral or a word in the cell."""
    text = "".join(w.text for w in words)
    if not words or min(w.confidence for w in words) < settings.reread_below_confidence:
        return False
    # A value, a quarter numeral, or a header word ("Jul", "Agt"): no tick reads as three letters.
    return bool(re.fullmatch(r"\d+(?:[.,]\d+)?%?|I{1,3}|IV", text)) or sum(c.isalnum() for c in text) >= 3


_NUMERAL_BARS = re.compile(r"[Il|]{1,3}")


def recount_numeral_bars(ink: np.ndarray, words: list[PixelWord], dpi: int,
                         settings: OcrSettings = SETTINGS) -> list[PixelWord]:
    """A numeral of bars ("I", "II", "III") that OCR read with a bar too few ("TW III" read
    "Tw II" on the Jateng scan, its word box holding three strokes) is spelled from its pixels.
    Only upwards: in a serif face bars joined by their serifs count as one piece."""
    px = dpi / 72.0
    out = []
    for word in words:
        if _NUMERAL_BARS.fullmatch(word.text):
            x0, y0, x1, y1 = (int(round(v)) for v in word.box)
            bars = imaging.upright_bars(ink[max(0, y0):y1, max(0, x0):x1],
                                        max(2, round(settings.min_mark_ink_pt2 * px * px / 2)))
            if bars is not None and len(word.text) < bars <= 3:
                word = PixelWord(text="I" * bars, box=word.box, confidence=word.confidence)
        out.append(word)
    return out


def shaded_cells(prepared: PreparedPage, words: list[PixelWord], settings: OcrSettings = SETTINGS
                 ) -> list[tuple[tuple[float, float, float, float], float]]:
    """Table cells filled with a tint and holding no text: (cell box in pixels, grey 0..1).

    The table stage reads a mark from a filled rect over a grid cell, as in a text PDF."""
    if prepared.shade_level is None:
        return []
    grey = round(prepared.shade_level / 255.0, 3)
    out = []
    for cells in prepared.tables:
        for cell in cells:
            x0, y0, x1, y1 = (int(round(v)) for v in cell)
            area = max(1, (x1 - x0) * (y1 - y0))
            if np.count_nonzero(prepared.shade[y0:y1, x0:x1]) / area < settings.min_shaded_share:
                continue
            if any(_centre_inside(w.box, cell) for w in words):
                continue
            out.append((cell, grey))
    return out


def best_reading(readings: list[list[PixelWord]], ink_covered: list[int], slack: float) -> list[PixelWord]:
    """The reading that covers the most ink, give or take ``slack`` pixels (less than the smallest
    glyph), and among those the most confident.

    Ink comes first so that a confident but partial reading never wins over a complete one: a
    relative margin let a reading that had dropped a doubtful word ("ZI", 5 % of a long cell's
    ink) win on confidence and lose the word.
    """
    most = max(ink_covered)
    return _most_confident([r for r, ink in zip(readings, ink_covered) if ink >= most - slack])


def _most_confident(readings: list[list[PixelWord]]) -> list[PixelWord]:
    return max(readings, key=lambda r: sum(w.confidence for w in r) / len(r) if r else 0.0)


def _crop(image: np.ndarray, box) -> np.ndarray:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    return image[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]


def _ink_covered(ink: np.ndarray, words: list[PixelWord], cell) -> int:
    x0, y0, x1, y1 = (int(round(v)) for v in cell)
    mask = np.zeros((max(0, y1 - y0), max(0, x1 - x0)), np.uint8)
    for word in words:
        wx0, wy0, wx1, wy1 = (int(v) for v in word.box)
        mask[max(0, wy0 - y0 - 2):max(0, wy1 - y0 + 3), max(0, wx0 - x0 - 2):max(0, wx1 - x0 + 3)] = 255
    return int(np.count_nonzero(cv2.bitwise_and(ink[y0:y1, x0:x1], mask)))


def _ink_extent(ink: np.ndarray, box: tuple[int, int, int, int], margin: int) -> tuple[int, int, int, int]:
    """The part of ``box`` that holds ink, grown by ``margin`` but kept inside ``box``."""
    x0, y0, x1, y1 = box
    ys, xs = np.nonzero(ink[y0:y1, x0:x1])
    if not len(xs):
        return box
    return (max(x0, x0 + int(xs.min()) - margin), max(y0, y0 + int(ys.min()) - margin),
            min(x1, x0 + int(xs.max()) + 1 + margin), min(y1, y0 + int(ys.max()) + 1 + margin))


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _centre_inside(box, cell) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def _require_tesseract(lang: str) -> None:
    if shutil.which("tesseract") is None:
        raise BadInput("image-only page needs OCR, but tesseract is not installed (Debian: tesseract-ocr)")
    missing = [code for code in lang.split("+") if code not in _installed_languages()]
    if missing:
        raise BadInput(f"image-only page needs OCR, but tesseract has no '{'+'.join(missing)}' language "
                       f"(Debian: tesseract-ocr-{missing[0]})")


_LANGUAGES: set[str] | None = None


def _installed_languages() -> set[str]:
    global _LANGUAGES
    if _LANGUAGES is None:
        listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
        # The first line is "List of available languages in ...", then one code a line.
        _LANGUAGES = {line.strip() for line in listing.splitlines()[1:] if line.strip()}
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
