"""Page stage 1: the page's words and filled rects, from its text layer or, for a scan, through OCR.

Every page leaves this stage the same way whether it was read from a text layer or an image, so
later stages never ask how a page was read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import groupby
from operator import itemgetter
from statistics import median
from typing import Any, Optional

import pdfplumber
from pdfplumber.utils.clustering import cluster_objects

from rencana.core.colours import is_white
from rencana.core.geometry import contains_centre, overlapping_glyphs
from rencana.core.text import bars_unsettled
from rencana.core.types import BBox, PageContent, Rect, Word
from rencana.options import ExtractOptions
from rencana.stages.page import OpenPage
from rencana.stages.page.spelling import respell
from rencana.stages.structure.wording import TextQuality, text_quality
from rencana.stages.tables.headers import (
    RULINGS_READ,
    misread_month_labels,
    misread_quarter_labels,
)


def needs_ocr(page: pdfplumber.page.Page, options: ExtractOptions) -> bool:
    if options.ocr == "always":
        return True
    if options.ocr == "never":
        return False
    return len(page.chars) < options.min_chars_per_page


def read_text(open_page: OpenPage, content: PageContent) -> PageContent:
    """The page stage: the text layer, or OCR when the page has none or its text layer reads as
    poor Indonesian (``options.ocr`` decides: ``auto`` judges the layer, ``never`` never OCRs)."""
    page, options = open_page.page, open_page.options
    if needs_ocr(page, options):
        return respell(_ocr(open_page))
    content = text_layer(page)
    quality = poor_layer(page, content.words, examples=4) if options.ocr == "auto" else None
    why = None
    if quality is not None:
        why = (
            f"the page's text layer reads as poor Indonesian ({quality.poor} of {quality.judged} "
            f"words garbled or unknown, e.g. {', '.join(map(repr, quality.examples))})"
        )
    elif options.ocr == "auto" and is_scan(page):
        why = strewn_letters(content.words) or misread_labels(content.words)
        if why is None:
            why, content.image_tables = layer_over_tables(open_page, content)
    if why is not None:
        read = _ocr(open_page)
        read.layer_set_aside = f"{why}; the page was OCR'd again"
        return respell(read)
    pictured = table_pictures(open_page, content) if options.ocr == "auto" else []
    if pictured:
        return with_pictures_read(content, respell(_ocr(open_page)), pictured)
    # A scan's own text layer is some OCR engine's reading: its misreadings are OCR's too.
    if not is_scan(page):
        return content
    content.ocr_layer = True
    content.words = without_turned_specks(content.words)
    if options.ocr == "auto":
        content = settled_layer(open_page, content)
    return respell(content)


def without_turned_specks(words: list[Word]) -> list[Word]:
    """A scan layer's words less single glyphs set on their side. Tesseract's PDF renderer
    writes a block it took for vertical text turned: a list marker beside a line ('a.' read as
    a turned 's', body 4's first consideration) ran into the text ('baik di s lingkungan').
    Text turned in a table's header is a word of letters, never one glyph alone. Pure."""
    return [w for w in words if w.upright or len(w.text) > 1]


def settled_layer(open_page: OpenPage, content: PageContent) -> PageContent:
    """A kept scan layer's designations, their look-alike glyphs settled from the image: the
    layer's OCR reads a Roman month "II" as "11" or "I1" as ours does. Only a page with a part
    of bars alone is rendered (~0.4 s a page)."""
    if not any(bars_unsettled(w.text) for w in content.words):
        return content
    from rencana.stages.ocr.engine import settled_layer_designations  # OpenCV: for scans only

    words, unsure = settled_layer_designations(
        open_page.source, open_page.page, open_page.options, content.words
    )
    return replace(content, words=words, unsure_designations=unsure)


def _ocr(open_page: OpenPage) -> PageContent:
    from rencana.stages.ocr import load_engine  # heavy imports only when a scan arrives

    return load_engine().read_page(open_page.source, open_page.page, open_page.options)


# Judging a text layer (stages/structure/wording.py says which words are poor: garbled ones, and
# lower-case ones the Indonesian word list lacks). Measured shares of poor words per page, on all
# 690 pages with a text layer in corpus/, corpus/regulations, layouts, docx and corpus/real:
# - scans under an OCR layer: the SKB decree's mediocre layer at most 0.023 (its page 1); the
#   Kediri ocrscan's pages 1-3 0.098, 0.052 and 0.064 (its annex pages 4-5 0.020 and 0.008, which
#   read well enough and keep their layer);
# - born-digital pages at most 0.152: Jepara's pages 12 and 4 (0.095), in part in a font with a
#   shifted ToUnicode map that clean.py decodes later (such fonts are left out before a page is
#   called poor: 0.040 and 0.056 then); 0.071 otherwise (a 14-word page; 0.058 on Pandeglang's
#   overlapping table cells).
# - layers over scanned family tables and decree bodies (tests/fixtures/ocr_layers.py):
#   Tesseract's own words 0.000-0.009 (at most one poor word a page); the same words with a
#   scanner's noise on 6 % of them 0.012-0.044, each page with 3 poor words or more, and the
#   words that noise garbled went out in titles, considerations and legal bases ("bohwa",
#   "tahiin", "infegritas").
# A scan's layer is some OCR engine's output and fails often: a few poor words on a page mean
# more misread ones the word list cannot see (capitalised, or misread into other words). The
# SKB's page 1 (4 poor words) is OCR'd again; the Kediri annex pages (2 and 1) keep their layer.
# A born-digital page's text is what its author typed; only a broken encoding garbles it, and
# then most of its words.
POOR_SCAN_SHARE = 0.01
POOR_TEXT_SHARE = 0.30
# A page with fewer judged words (a table of numbers, a signature page) keeps its layer; so does
# one with fewer poor words (one rare word the list lacks says nothing of the layer).
MIN_JUDGED_WORDS = 20
MIN_POOR_WORDS = 3
# Words garbled beyond doubt (a stray symbol, "B»ebas", "PemilihanUmum") count from two: no
# rare word reads so. Layers written from Tesseract's words with a scanner's noise on 5 % of
# them (tests/fixtures/ocr_layers.py) had 2 such words and 0-1 unknown ones on 100-150-word
# pages, and those pages' garbled words went out in legal bases; Tesseract's own words have none.
MIN_GARBLED_WORDS = 2
# A page is a scan when one image covers at least this share of it, or bands of its width do
# (each at least this share of the page's width: a photo page's pictures are narrower).
SCAN_IMAGE_SHARE = 0.6
STRIP_WIDTH_SHARE = 0.9


def image_box(image: dict[str, Any]) -> BBox:
    return (image["x0"], image["top"], image["x1"], image["bottom"])


def image_area(image: dict[str, Any]) -> float:
    x0, top, x1, bottom = image_box(image)
    return (x1 - x0) * (bottom - top)


def page_images(page: pdfplumber.page.Page) -> list[dict[str, Any]]:
    """The images that cover most of a page (a scan's page image), if any: one image, or bands
    of the page's full width that together do (some scanners store a page as strips)."""
    width, area = float(page.width), float(page.width) * float(page.height)
    if area <= 0:
        return []
    whole = [image for image in page.images if image_area(image) >= SCAN_IMAGE_SHARE * area]
    if whole:
        return whole
    strips = [i for i in page.images if i["x1"] - i["x0"] >= STRIP_WIDTH_SHARE * width]
    return strips if sum(map(image_area, strips)) >= SCAN_IMAGE_SHARE * area else []


def is_scan(page: pdfplumber.page.Page) -> bool:
    """A page image under the text: the text layer, if any, is some OCR engine's reading of it."""
    return bool(page_images(page))


def scan_resolution(page: pdfplumber.page.Page) -> Optional[float]:
    """The resolution (dots per inch) of the scan a page is, from its largest page-covering
    image's pixels over its drawn size; None when the page is no scan."""
    resolutions = [
        min(width / (image["x1"] - image["x0"]), height / (image["bottom"] - image["top"])) * 72.0
        for image in page_images(page)
        for width, height in [image.get("srcsize") or (0, 0)]
        if width > 0 and height > 0
    ]
    return max(resolutions, default=None)


# Letters standing alone. A layer written line by line along a tilted scan's baselines (as
# Tesseract's PDF renderer, and so OCRmyPDF, write it) reads, to pdfplumber, as lines whose
# letters interleave: "K P e e r n ja y us R u e n fo a r n m as". Single letters other than the
# numeral and mark letters i, v and x make 10-36 % of the words of such layers over pages turned
# 0.8-1.1 degrees (tests/fixtures/ocr_layers.py); at most 2.2 % on the scans with a layer in
# corpus/ and corpus/real (9.2 % on born-digital pages: Demak's page 7, a list of a. b. c.).
MAX_STREWN_LETTER_SHARE = 0.05
MIN_WORDS_FOR_STREWN = 40


def strewn_letters(words: list[Word]) -> Optional[str]:
    """Why a scan's text layer reads as strewn letters, or None when it does not."""
    alone = [w.text for w in words if len(w.text) == 1 and w.text.isalpha()]
    alone = [t for t in alone if t.lower() not in "ivx"]
    if len(words) < MIN_WORDS_FOR_STREWN or len(alone) <= MAX_STREWN_LETTER_SHARE * len(words):
        return None
    return (
        f"the page's text layer reads as strewn letters ({len(alone)} of its {len(words)} words "
        f"a single letter, e.g. {' '.join(alone[:8])!r}): its lines interleave"
    )


def misread_labels(words: list[Word]) -> Optional[str]:
    """Why a scan's text layer cannot be trusted with its grid's header, or None: its quarter
    or month labels do not count up ('I " 1 IV' under "Triwulan", "Sep 0kt Nov"). A few
    misread labels weigh little among a page's words, but they name the grid's columns: without
    them no table is found, or marks go under the wrong quarter or month (quarter labels
    measured: 6 of 60 searchable scans, silently)."""
    for kind, misread in (("quarter", misread_quarter_labels), ("month", misread_month_labels)):
        line = misread(words)
        if line is not None:
            return (
                f"the page's text layer reads a line of {kind} labels out of order ({line!r}): "
                "its OCR misread the header's labels"
            )
    return None


# A scan's ruled table as its text layer reads it. The layer holds no rulings and no fills: the
# table's cells come from the image (ocr.engine.ruled_tables), and the layer's words must sit in
# them. Measured on Tesseract's own layers and on layers written from them (tests/fixtures/
# ocr_layers.py) over eight scanned family tables: a layer read with the rulings in place holds
# 3-18 rulings read as bars ("|") inside the table, a layer over a tilted image or one offset or
# scaled from it 8-90 % of the table's words across a cell's side (up to ~2 % from a word's box
# poking a point out of its cell, in layers over a level image). Either way its cells read wrong
# (words of two cells run together, a row's number in the row above) and the page is OCR'd.
MAX_RULINGS_READ = 1
MAX_ACROSS_CELLS_SHARE = 0.05
CELL_SLACK = 2.0  # points a word's box may reach past its cell's side


def layer_over_tables(
    open_page: OpenPage, content: PageContent
) -> tuple[Optional[str], list[list[BBox]]]:
    """Why a scan's text layer cannot be trusted with the ruled tables in its image (None when
    it can, or when there are none), and those tables' cells (for the image finder)."""
    from rencana.stages.tables.headers import names_a_plan_column

    page = open_page.page
    if not (names_a_plan_column(content.words) or page.lines):
        return None, []
    from rencana.stages.ocr import load_engine  # OpenCV loads only for scans with a table

    tables = load_engine().ruled_tables(open_page.source, page, open_page.options)
    cells = [cell for table in tables for cell in table]
    inside = [w for w in content.words if any(contains_centre(c, w.bbox) for c in cells)]
    if not inside:
        return None, tables
    rulings = [w.text for w in inside if set(w.text) <= RULINGS_READ]
    across = [w.text for w in inside if not any(_within(c, w.bbox) for c in cells)]
    if len(rulings) > MAX_RULINGS_READ:
        return (
            f"the page's text layer reads {len(rulings)} rulings of its table as letters "
            f"({', '.join(map(repr, sorted(set(rulings))))}): its OCR did not see the table's cells"
        ), tables
    if len(across) > MAX_ACROSS_CELLS_SHARE * len(inside):
        return (
            f"{len(across)} of the {len(inside)} words the page's text layer puts over its table "
            f"lie across the image's cell rulings (e.g. {', '.join(map(repr, across[:4]))}): "
            "the layer does not sit on the image"
        ), tables
    return None, tables


def _within(cell: BBox, box: BBox) -> bool:
    return (
        box[0] >= cell[0] - CELL_SLACK
        and box[1] >= cell[1] - CELL_SLACK
        and box[2] <= cell[2] + CELL_SLACK
        and box[3] <= cell[3] + CELL_SLACK
    )


# A picture of a table pasted into a typed page (a screenshot of a spreadsheet): its text is in
# no layer. A picture this share of the page or more, with fewer words than this over it, is
# looked at for rulings (a rendering, ~1 s); ruled cells this many or more make it a table.
PICTURE_SHARE = 0.15
MAX_WORDS_OVER_PICTURE = 3
MIN_PICTURED_CELLS = 6


def table_pictures(open_page: OpenPage, content: PageContent) -> list[BBox]:
    """The pictures on a page that hold a ruled table and no text of the layer (a pasted
    screenshot, or a scan whose OCR layer left its table out)."""
    page = open_page.page
    area = float(page.width) * float(page.height)
    pictures = [
        image_box(image)
        for image in page.images
        if area > 0
        and image_area(image) >= PICTURE_SHARE * area
        and sum(contains_centre(image_box(image), w.bbox) for w in content.words)
        < MAX_WORDS_OVER_PICTURE
    ]
    if not pictures:
        return []
    from rencana.stages.ocr import load_engine  # OpenCV loads only for pictures

    tables = load_engine().ruled_tables(open_page.source, page, open_page.options)
    return [
        picture
        for picture in pictures
        if sum(contains_centre(picture, c) for cells in tables for c in cells) >= MIN_PICTURED_CELLS
    ]


def with_pictures_read(layer: PageContent, read: PageContent, pictures: list[BBox]) -> PageContent:
    """The page as its typed layer has it, with what OCR read inside its table pictures: their
    words, shades and rulings (the page counts as OCR'd: its tables are the image's). Pure."""

    def pictured(box: BBox) -> bool:
        return any(contains_centre(picture, box) for picture in pictures)

    words = [w for w in layer.words if not pictured(w.bbox)] + [
        w for w in read.words if pictured(w.bbox)
    ]
    return replace(
        read,
        words=words,
        rects=layer.rects + [r for r in read.rects if pictured((r.x0, r.top, r.x1, r.bottom))],
        image_tables=[cells for cells in read.image_tables if any(map(pictured, cells))],
        rules=[r for r in read.rules if pictured((r[0], r[1], r[2], r[1]))],
        respelled=[(a, b) for a, b in read.respelled if any(w.text == b for w in words)],
        picture_read=(
            f"{len(pictures)} table picture(s) with no text over them (a pasted screenshot?) "
            "read through OCR; the rest of the page from its text layer"
        ),
    )


def is_poor(quality: TextQuality, bar: float) -> bool:
    return (
        quality.judged >= MIN_JUDGED_WORDS
        and (quality.poor >= MIN_POOR_WORDS or quality.garbled >= MIN_GARBLED_WORDS)
        and quality.share >= bar
    )


def poor_layer(
    page: pdfplumber.page.Page, words: list[Word], examples: int = 0
) -> Optional[TextQuality]:
    """The quality of a page's text layer when it reads as poor Indonesian, else None.

    One pass over the words for a good page (well under a millisecond). Only a page that looks
    poor is judged again without the words of fonts with a shifted ToUnicode map."""
    scan = is_scan(page)
    bar = POOR_SCAN_SHARE if scan else POOR_TEXT_SHARE
    quality = text_quality((w.text for w in words), examples, shapes=scan)
    if not is_poor(quality, bar):
        return None
    from rencana.stages.clean import font_shift

    by_font: dict[str, list[str]] = {}
    for word in words:
        by_font.setdefault(word.fontname, []).append(word.text)
    shifted = {font for font, texts in by_font.items() if font_shift(texts)}
    if shifted:
        kept = (w.text for w in words if w.fontname not in shifted)
        quality = text_quality(kept, examples, shapes=scan)
    return quality if is_poor(quality, bar) else None


# Fake bold draws a word twice, a hair apart: the second copy covers most of the first.
DUPLICATE_WORD_OVERLAP = 0.6


def is_char_doubled(text: str) -> bool:
    """ "MMeenniinnggkkaatt": a word overprinted glyph by glyph, each character twice in a row."""
    return len(text) >= 8 and len(text) % 2 == 0 and text[::2] == text[1::2] and not text.isdigit()


def without_overprint(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's words with each overprinted copy dropped (else "kualitas" printed twice over
    itself reads "kualitaskualitas"). Pure."""
    kept: list[dict[str, Any]] = []
    by_text: dict[str, list[dict[str, Any]]] = {}
    for word in found:
        twins = by_text.setdefault(word["text"], [])
        if any(_overlap(word, twin) >= DUPLICATE_WORD_OVERLAP for twin in twins):
            continue
        twins.append(word)
        kept.append(word)
    return kept


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min(
        (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
        (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
    )
    return width * height / smaller if smaller > 0 else 0.0


Rule = tuple[float, float, float]  # x, top, bottom of a vertical ruling


def vertical_rules(page: pdfplumber.page.Page) -> list[Rule]:
    """The page's vertical lines and rect sides (a table's column rulings)."""
    try:
        edges = page.vertical_edges
    except Exception:  # a damaged drawing: no rulings to split at
        return []
    return [(float(e["x0"]), float(e["top"]), float(e["bottom"])) for e in edges]


# Consecutive glyphs of one word abut (each starts where the one before ends); a gap or an
# overlap wider than this (points) parts two runs of text.
GLYPH_JOIN = 0.5


def split_at_rules(found: list[dict[str, Any]], rules: list[Rule]) -> list[dict[str, Any]]:
    """Words cut where a vertical ruling runs between two of their glyphs that do not abut:
    text run over a cell's edge, up to the next cell's own text ('Penyelenggaraan' into
    'Desember', a '/' over 'ekonomi'), is two cells' words that the text layer joins when no
    space parts them. A word whose own glyphs run over the rule, abutting, stays whole (its
    centre places it)."""
    if not rules:
        return found
    by_x = sorted(rules)
    xs = [x for x, _, _ in by_x]  # bisected: a page holds thousands of words and many rules
    out: list[dict[str, Any]] = []
    for word in found:
        chars = word.get("chars") or []
        middle = (word["top"] + word["bottom"]) / 2
        inside = by_x[bisect_right(xs, word["x0"]) : bisect_left(xs, word["x1"])]
        cuts = [x for x, top, bottom in inside if top <= middle <= bottom]
        if not cuts or len(chars) < 2:
            out.append(word)
            continue
        parts: list[list[dict[str, Any]]] = [[chars[0]]]
        for before, char in zip(chars, chars[1:]):
            across = any(before["x0"] < x <= char["x0"] for x in cuts)
            if across and abs(char["x0"] - before["x1"]) > GLYPH_JOIN:
                parts.append([])
            parts[-1].append(char)
        out += [part_word(word, part) for part in parts] if len(parts) > 1 else [word]
    return out


# Glyphs of one text overlap by less than this (kerning); more may be two texts printed over
# each other (a word run over its cell's edge onto the next cell's text). Glyphs drawn one
# after the other are one text still where they overlap by less than this share of their size
# (a kerning pair of capitals: 'PA', 'AT' at 12 pt overlap by 1.1-1.3 pt in a browser's print).
GLYPH_OVERLAP = 1.0
KERNING_SHARE = 0.2


def kerned(left: dict[str, Any], right: dict[str, Any]) -> bool:
    """``right``, drawn right after ``left``, starts over it by no more than a kerning pair
    does. Pure."""
    size = min(float(left.get("size") or 0.0), float(right.get("size") or 0.0))
    return right["x0"] >= left["x1"] - max(GLYPH_OVERLAP, KERNING_SHARE * size)


def split_overprinted(found: list[dict[str, Any]], order: dict[int, int]) -> list[dict[str, Any]]:
    """Words whose glyphs overlap parted into the texts they interleave ('Penyelenggaraan' run
    over 'Desember' reads 'PenyelenggarDaeasnember', glyph by glyph in x order): each text is a
    run of glyphs drawn one after another, left to right (``order``: a glyph's place in the
    page's drawing order, by ``id``). Pure."""
    out: list[dict[str, Any]] = []
    for word in found:
        chars = word.get("chars") or []
        # A turned word's glyphs stand one above another: their x ranges overlap by nature.
        overlapping = word.get("upright", True) and any(
            b["x0"] < a["x1"] - GLYPH_OVERLAP for a, b in zip(chars, chars[1:])
        )
        if not overlapping or any(id(c) not in order for c in chars):
            out.append(word)
            continue
        texts: list[list[dict[str, Any]]] = []
        for char in sorted(chars, key=lambda c: order[id(c)]):
            last = texts[-1][-1] if texts else None
            if last is not None and order[id(char)] == order[id(last)] + 1 and kerned(last, char):
                texts[-1].append(char)
            else:
                texts.append([char])
        if len(texts) < 2:
            out.append(word)
            continue
        out += [part_word(word, t) for t in sorted(texts, key=lambda t: min(c["x0"] for c in t))]
    return out


def part_word(word: dict[str, Any], chars: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **word,
        "text": "".join(c["text"] for c in chars),
        "x0": min(c["x0"] for c in chars),
        "x1": max(c["x1"] for c in chars),
        "chars": chars,
    }


def unique_chars(chars: list[dict], tolerance: float = 1.0) -> set[int]:
    """The ids of the chars pdfplumber's ``dedupe_chars`` keeps: of chars with the same text,
    font and size within ``tolerance`` of each other, the first from the top left. (Its own call
    puts them back in order with ``chars.index``, quadratic in a page's chars: 17 s on a 15-page
    annex drawn twice.)"""
    same_glyph = itemgetter("upright", "text", "fontname", "size")
    place = itemgetter("doctop", "x0")
    kept: set[int] = set()
    for _, glyph in groupby(sorted(chars, key=same_glyph), key=same_glyph):
        for line in cluster_objects(list(glyph), itemgetter("doctop"), tolerance):
            for spot in cluster_objects(line, itemgetter("x0"), tolerance):
                kept.add(id(min(spot, key=place)))
    return kept


def turned_up(char: dict) -> bool:
    """A glyph turned a quarter counter-clockwise: its text runs bottom to top (a spreadsheet's
    "rotate text up" in a narrow header cell)."""
    matrix = char.get("matrix") or (1, 0, 0, 1)
    return not char.get("upright", True) and matrix[1] > 0


def page_words(page: Any) -> list[dict]:
    """pdfplumber's words with their chars. It reads every turned glyph top to bottom, so text
    turned up ("Januari" written upwards) would come out reversed ("iraunaJ"): those glyphs
    are read on their own, bottom to top, their lines following left to right. (pdfplumber
    gives a turned glyph its advance as its size, so a turned word's size is its width.)"""
    options: dict[str, Any] = {"keep_blank_chars": False, "return_chars": True}
    if not any(turned_up(c) for c in page.chars):
        return page.extract_words(extra_attrs=["fontname", "size"], **options)
    upright_words = page.filter(
        lambda obj: obj["object_type"] != "char" or not turned_up(obj)
    ).extract_words(extra_attrs=["fontname", "size"], **options)
    turned_words = page.filter(
        lambda obj: obj["object_type"] == "char" and turned_up(obj)
    ).extract_words(
        extra_attrs=["fontname"], char_dir_rotated="btt", line_dir_rotated="ltr", **options
    )
    return upright_words + [{**w, "size": w["x1"] - w["x0"]} for w in turned_words]


def _colour_of(obj: dict[str, Any]) -> tuple[float, ...] | None:
    return _colour(obj.get("non_stroking_color"))


def glyphs_cut_at_edge(page: Any) -> int:
    """How many glyphs are printed past the crop box's left or right edge on a table's lines
    that run over it: lines whose glyphs inside the box stand in three phrases or more, apart
    as a table's cells are (a table wider than its page, its last columns cut mid-word). A
    line of one phrase run past the edge (a signatory's title) or glyphs off the page on lines
    of their own (a printer's mark, a hidden stamp) are not counted. Pure."""
    x0, top, x1, bottom = page.cropbox
    if not (x1 > x0 and bottom > top):
        return 0
    inside: dict[int, list[tuple[float, float]]] = {}
    past: dict[int, int] = {}
    for c in page.chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not top <= cy <= bottom or not c["text"].strip():
            continue
        line = round(float(c["top"]))
        if x0 - 1 <= cx <= x1 + 1:
            inside.setdefault(line, []).append((float(c["x0"]), float(c["x1"])))
        else:
            past[line] = past.get(line, 0) + 1

    def phrases(line: int) -> int:
        spans = sorted(inside.get(line, []))
        if not spans:
            return 0
        # a word space is about a glyph wide (Courier's wider than Helvetica's)
        gutter = GUTTER_GLYPHS * median(b - a for a, b in spans)
        reach, count = None, 0
        for a, b in spans:
            if reach is None or a - reach > gutter:
                count += 1
            reach = b if reach is None else max(reach, b)
        return count

    return sum(n for line, n in past.items() if phrases(line) >= TABLE_LINE_PHRASES)


# Glyphs of one line further apart than this many glyphs' width stand in two phrases (cells).
GUTTER_GLYPHS = 1.6
# A line of this many phrases is a table's.
TABLE_LINE_PHRASES = 3


def visible_glyphs(page: Any) -> Any:
    """The page without glyphs no reader sees: those outside its crop box (the part a viewer
    shows), and those printed white on white paper (an e-signed decree's hidden paraf box,
    "TELAH DITELITI OLEH PARAF … JFT", beside the signer's name). White type on a dark fill or
    over a picture is a header's or a caption's, and stays."""
    x0, top, x1, bottom = page.cropbox

    def off_page(c: dict[str, Any]) -> bool:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return not (x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1)

    # a crop box without area is broken, not a page showing nothing
    hidden = {id(c) for c in page.chars if off_page(c)} if x1 > x0 and bottom > top else set()
    white = [c for c in page.chars if is_white(_colour_of(c)) and id(c) not in hidden]
    if white:
        grounds = [
            (o["x0"], o["top"], o["x1"], o["bottom"])
            for o in [*page.rects, *page.curves]
            if o.get("fill") and not is_white(_colour_of(o))
        ] + [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
        hidden |= {
            id(c)
            for c in white
            if not any(
                contains_centre(ground, (c["x0"], c["top"], c["x1"], c["bottom"]))
                for ground in grounds
            )
        }
    if not hidden:
        return page
    return page.filter(lambda obj: obj["object_type"] != "char" or id(obj) not in hidden)


DASHES = frozenset("-‐‑–—")
# Touching: at most this share of the type size between a dash and the letters beside it.
TOUCH_SHARE = 0.05


def joined_at_dashes(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words rejoined where a dash set in another font (a subset holding only '–') cut them:
    pdfplumber parts words at a change of font, and "Undang–Undang" came out as three words,
    then "Undang – Undang". A lone dash touching a word on each side, on their line and in their
    size, joins them again. Pure."""
    joined: list[dict[str, Any]] = []
    k = 0
    while k < len(found):
        word = found[k]
        if joined and k + 1 < len(found) and word["text"] in DASHES:
            left, right = joined[-1], found[k + 1]
            if _touching(left, word) and _touching(word, right):
                joined[-1] = _merged([left, word, right])
                k += 2
                continue
        joined.append(word)
        k += 1
    return joined


def _touching(left: dict[str, Any], right: dict[str, Any]) -> bool:
    size = max(left.get("size", 0.0), right.get("size", 0.0), 1.0)
    return (
        abs(left["bottom"] - right["bottom"]) <= 0.2 * size
        and abs(left.get("size", 0.0) - right.get("size", 0.0)) <= 0.1 * size
        and -TOUCH_SHARE * size <= right["x0"] - left["x1"] <= TOUCH_SHARE * size
    )


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    first = parts[0]
    return {
        **first,
        "text": "".join(p["text"] for p in parts),
        "x0": min(p["x0"] for p in parts),
        "x1": max(p["x1"] for p in parts),
        "top": min(p["top"] for p in parts),
        "bottom": max(p["bottom"] for p in parts),
        "chars": [c for p in parts for c in p.get("chars", [])],
    }


def text_layer(page: pdfplumber.page.Page) -> PageContent:
    """Words and filled rects of a text-layer page (glyphs no reader sees left out)."""
    cut = glyphs_cut_at_edge(page)
    page = visible_glyphs(page)
    found = page_words(page)
    if any(is_char_doubled(w["text"]) for w in found):  # overprinted glyph by glyph
        kept = unique_chars(page.chars)
        found = page_words(page.filter(lambda obj: obj["object_type"] != "char" or id(obj) in kept))
    found = joined_at_dashes(found)
    order = {id(c): i for i, c in enumerate(page.chars)}
    found = split_overprinted(split_at_rules(found, vertical_rules(page)), order)
    found = without_overprint(found)
    words = [
        Word(
            text=w["text"],
            x0=w["x0"],
            top=w["top"],
            x1=w["x1"],
            bottom=w["bottom"],
            fontname=w.get("fontname", ""),
            size=w.get("size", 0.0),
            upright=w.get("upright", True),
        )
        for w in found
    ]
    rects = [
        Rect(
            x0=r["x0"],
            top=r["top"],
            x1=r["x1"],
            bottom=r["bottom"],
            fill=_colour_of(r) if r.get("fill") else None,
        )
        for r in page.rects
    ]
    return PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=words,
        rects=rects,
        rotation=int(page.rotation or 0),
        cut_at_edge=cut,
    )


def _colour(value: Any) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):  # pattern colours and the like
        return None


def mark_overprints(open_page: OpenPage, content: PageContent) -> PageContent:
    """The page stage after the table finders: glyphs of the text layer drawn over other glyphs
    inside the page's tables (the quality verdict flags records read through them). Only table
    areas are searched: a text-heavy report has ~100,000 glyphs and few tables."""
    if content.ocr or not content.tables:
        return content
    boxes = [table.bbox for table in content.tables]
    glyphs = [
        (c["text"], box)
        for c in open_page.page.chars
        for box in [(c["x0"], c["top"], c["x1"], c["bottom"])]
        if any(contains_centre(table, box) for table in boxes)
    ]
    content.overprints = overlapping_glyphs(glyphs)
    return content
