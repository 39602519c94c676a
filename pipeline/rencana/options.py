"""Options that choose engines and limits. Engines are chosen here, never by if-chains elsewhere.

Kept free of heavy imports: the CLI and ingest's parent build options without loading a stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Tuning in physical units (points), so it holds at any rendering resolution."""

    lang: str = "ind"
    # Ink blobs of at most this many pixels at 200 dpi are specks; a full stop is ~16 px.
    speck_area_200dpi: int = 4
    # ... and of at most this share of the page's x-height squared: a full stop of small type is
    # speck-sized (7 pt at 200 dpi: x-height 9-10 px, a stop or a semicolon's dot 3-4 px, lost
    # from "Kec. Gudo" and "awal; …"). A stop's side is a fifth of the x-height, ~0.04 x-height²
    # of ink; up to half that is dust.
    speck_share_of_x_height: float = 0.02
    # A page scanned or photographed at an angle is levelled up to this far.
    max_skew_degrees: float = 5.0
    # Smeared over gaps this wide (between letters and words), text lines become long bars: a
    # page whose bars run down the image lies on its side and is turned upright.
    line_smear_pt: float = 6.0
    # A ruling is at least this long; the longest text stroke (a bold capital) is ~12 pt.
    min_ruling_pt: float = 20.0
    # A vertical stroke this long that joins two horizontal rulings is a column ruling too.
    min_short_ruling_pt: float = 6.0
    # ... when its ends lie this close to them: it crosses them (a tall "l" under a ruling stops short).
    bridge_tolerance_pt: float = 1.0
    max_ruling_thickness_pt: float = 3.0
    # Rulings closer than this are the same line, and a line end this close to another meets it.
    ruling_tolerance_pt: float = 3.0
    # A ruling whose end stops at most this short of a ruling it runs into is extended to meet it
    # when the stretch between them is drawn at least ``pale_ruling_contrast`` grey levels darker
    # than the paper: a scan's pale stretch of a frame falls below the ink threshold (Kediri PK:
    # 29 pt of its frame, grey 140-180 on white paper, and with them the corner cell).
    ruling_gap_pt: float = 36.0
    pale_ruling_contrast: int = 40
    # A stretch between two pieces of a ruling is drawn when at least this much darker than what
    # lies beside it (paper or a fill): the DKI schedule's rulings across its grey months stand
    # 30-50 levels out of the fill, the fill's own texture under 20.
    hidden_ruling_contrast: int = 25
    # Erase this much around a ruling so that no stroke of it is read as "|" or "l".
    ruling_erase_pt: float = 0.7
    # Inset from a cell's rulings when checking it for ink and cropping it for the second pass.
    cell_inset_pt: float = 1.5
    # A cell with at least this much ink (in square points) but no word is OCR'd on its own.
    min_cell_ink_pt2: float = 6.0
    # A grid cell's value, or a row number, can be one small "1" (~3 pt² of ink in 7 pt type): less
    # ink than that is dust.
    min_mark_ink_pt2: float = 2.5
    # Words of the per-cell pass below this confidence are noise, not text.
    min_cell_word_confidence: float = 0.30
    # A cell holding a word below this confidence is read again on its own (bold "o." read "Oo.").
    reread_below_confidence: float = 0.60
    # Tesseract reads 200 dpi type better when enlarged: on the Jepara scan (x-height 15 px) words
    # found rose from 95.6 % to 97.1 % at 1.5× and bold "II" stopped reading as "I1"; at 1.25× the
    # words were as many but area numbers went missing (record F1 1.0 → 0.86). So a page is
    # enlarged by ``upscale`` at most, and less when its measured x-height is large enough that
    # ``target_x_height_px`` is reached sooner (large type costs less time), in steps of
    # ``upscale_step`` (Tesseract's segmentation is chaotic in the scale: 1.5× and 1.52× read a
    # grid page differently).
    upscale: float = 1.5
    target_x_height_px: float = 23.0
    upscale_step: float = 0.25
    # Schedule grid cells hold numbers, "%", ticks and month or quarter abbreviations: the English
    # model reads those (the Indonesian one reads "100%" as "100Yo"), and no dictionary is needed.
    grid_lang: str = "eng"
    # Short bold grid headers ("TW II") read right only larger than body text does.
    grid_upscale: float = 2.0
    # A grid column is at most this wide (a quarter column with "100%" is ~40 pt, a month ~25 pt).
    max_grid_column_pt: float = 50.0
    # A table's first column this narrow holds row numbers ("2.", "4.3", "IV.", "a."): its cells are
    # read on their own with ``grid_lang``, which reads a lone "3" or a wrapped "2.\n2" that page
    # segmentation drops or merges ("wP" for "4.3" on the Demak scan).
    max_number_column_pt: float = 45.0
    # A tick is at most this tall or wide; a word in a grid cell is wider.
    max_mark_pt: float = 16.0
    # ... and at least this tall: a "v" mark in 7 pt type is 3.7 pt, while a dash blurred by a
    # 150-dpi scan is a 6 x 4 px blob at 200 dpi (1.4 pt), which the tick's proportions fit.
    min_tick_pt: float = 2.0
    # Outside tables, ink the page pass left unread (or read below ``reread_below_confidence``) in
    # a patch at most this wide and tall is read again on its own: page segmentation drops the
    # narrow column of list markers ("a.", "1.") and colons beside "Menimbang"/"Mengingat".
    # Bigger patches are signatures, stamps and logos, not text.
    max_unread_patch_pt: tuple[float, float] = (60.0, 24.0)
    # A patch lower than this is a dot of dust or a stray full stop: dusty scans would otherwise
    # put dozens of them, each with its line's start, on the sheet.
    min_unread_patch_pt: float = 3.0
    # Unread ink this close together (horizontally) is one patch: "1" and its ".".
    unread_join_pt: float = 4.0
    # ... and read with this much of the page to its right, the start of its line, and this much
    # above and below (its line's ascenders and descenders, never the next line's).
    unread_context_pt: float = 60.0
    unread_rise_pt: float = 3.0
    # Confidence given to a mark read from pixels (the shape test is certain; OCR was not).
    pixel_mark_confidence: float = 0.9
    # A fill is at least this wide and tall; text strokes and rulings are thinner.
    min_shade_pt: float = 4.0
    # ... and, on a scan of less than ``low_scan_dpi``, at least this many of its own pixels: a
    # 65-dpi scan rendered at 200 blurs the gaps inside bold letters into grey patches of ~6 pt,
    # which deshading wiped out with the letters' edges (the RSU Tangsel SK read as noise).
    min_shade_scan_px: float = 7.5
    low_scan_dpi: float = 100.0
    # Whether a glyph's shape tells a "1" (its flag) from an "I" (its serifs): not on a scan of
    # less than ``low_scan_dpi``, whose flag is a pixel at most (the RSU SK's 65-dpi "445.1" read
    # as "445.I" by its shape). Designations' bars are then kept as read, unsure.
    glyph_shapes: bool = True
    # A coloured area this wide and tall is a fill (a tinted banner, a coloured schedule mark) and
    # keeps its grey; thinner colour is stamp or signature ink and is lifted to paper. Twice
    # ``min_shade_pt``: where a stamp's strokes meet (its star, its emblem) they make solid
    # patches of a few points.
    min_colour_fill_pt: float = 8.0
    # A page with less strongly coloured ink than this (in square points; a stamp's ring alone has
    # ~300) has no stamp nor signature: a colour scan's JPEG fringes around black print are left.
    min_colour_mark_pt2: float = 60.0
    # Light that falls off across the page (a photographed sheet, a book's gutter) is evened out
    # when the paper's own grey, measured over squares this wide, spreads over more than
    # ``uneven_light_spread`` levels; fills narrower than the square keep their grey.
    paper_square_pt: float = 72.0
    uneven_light_spread: int = 30
    # One ink blob taller than this is a piece of a signature, a logo or an emblem, never a glyph
    # (body glyphs are ~10 pt tall, rulings are erased first); a word Tesseract reads touching
    # one or this near it, below this confidence, was made of its strokes and is dropped.
    min_picture_pt: float = 16.0
    picture_reach_pt: float = 4.0
    picture_word_confidence: float = 0.5
    # Solid dark blobs this thick (bold type and rulings are thinner) that touch the page's edge,
    # or lie within ``artefact_margin_pt`` of it, are punch holes and photocopy borders (holes'
    # outer edges are ~15 mm = 43 pt in, ISO 838), not content.
    artefact_solid_pt: float = 4.0
    artefact_margin_pt: float = 54.0
    # A cell counts as shaded when this share of it is fill (the rest is its rulings and edges).
    min_shaded_share: float = 0.6
    # A fill darker than this grey (0-255) holds no legible black type: a schedule's marked cell.
    max_text_fill_grey: int = 128
    # A dark fill holding light text (a white-on-dark banner row) is at least this tall and wide
    # once its letters are closed over, and at least ``min_dark_fill_share`` of its box is dark:
    # a bold heading's closed word is as tall but only half dark.
    min_dark_fill_pt: float = 9.0
    min_dark_fill_share: float = 0.65
    # Light letters' strokes up to this wide are closed over when a dark fill is looked for.
    light_stroke_pt: float = 2.0

    def at_scan_resolution(self, scan_dpi: float | None) -> OcrSettings:
        """These settings for a page scanned at ``scan_dpi`` (None: unknown, kept as they are)."""
        if not scan_dpi or scan_dpi >= self.low_scan_dpi:
            return self
        min_shade_pt = max(self.min_shade_pt, self.min_shade_scan_px * 72.0 / scan_dpi)
        return replace(self, min_shade_pt=min_shade_pt, glyph_shapes=False)


@dataclass(frozen=True, slots=True)
class TableSettings:
    """Which table finders run on a page, in order of trust (see stages/tables/finders.py)."""

    text_page: tuple[str, ...] = ("lines", "image", "text")
    scan_page: tuple[str, ...] = ("image", "text")
    # pdfplumber ``table_settings`` for the ``lines`` finder; None keeps pdfplumber's defaults.
    pdfplumber: tuple[tuple[str, Any], ...] | None = None


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    ocr: OcrMode = "auto"
    ocr_dpi: int = 200
    # A page with fewer characters than this in its text layer counts as image-only.
    min_chars_per_page: int = 20
    max_file_bytes: int = 300 * 1024 * 1024
    max_pages: int = 2000
    # A stream that decodes beyond this through its filters is treated as hostile (a zip bomb) ...
    max_stream_bytes: int = 64 * 1024 * 1024
    # ... and so are streams that decode beyond this together (many large streams).
    max_total_stream_bytes: int = 256 * 1024 * 1024
    # A page's content streams together: pdfminer parses ~1 MiB/s, the largest page of corpus/
    # holds 150 KB; 17 streams of 63 MiB would parse for half an hour.
    max_page_content_bytes: int = 8 * 1024 * 1024
    # A CMap (ToUnicode) that maps more codes than this is a CMap bomb (Unicode has ~1.1 M).
    max_cmap_entries: int = 1 << 20
    # A page or an image larger than this many pixels is not rendered (A0 at 200 dpi is 62 M).
    max_render_pixels: int = 64_000_000
    ocr_confidence_threshold: float = 0.80
    ocr_settings: OcrSettings = field(default_factory=OcrSettings)
    tables: TableSettings = field(default_factory=TableSettings)
