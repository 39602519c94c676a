"""Searchable scans: a scan under an OCR text layer that a scanner or a PDF tool made, the way
most real office scans come (tests/fixtures/ocr_layers.py builds them at test time: Tesseract's
own PDF renderer, or layers written from its words garbled or misplaced; nothing binary is
added). A layer that reads well is kept (no OCR: the fast path); one whose tables or lines read
wrong is set aside and the page OCR'd, so the copy reads as its text PDF or is flagged, never
silently wrong.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

import rencana
from rencana.core.types import Word
from rencana.stages.page.text import strewn_letters
from tests.real_corpus import fold
from tests.test_decree_bodies import _comparable
from tests.test_degraded_reference import grey
from tests.test_degraded_tables import text_page
from tests.test_scan_artefacts import needs_tesseract, record_keys, render_page, rotated

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import decree_bodies
import family_tables
import family_tables2
import ocr_layers

DPI = 200
DRAWINGS = {**family_tables.DRAWINGS, **family_tables2.DRAWINGS}


@cache
def searchable(folder: Path, text: Path, turn: float) -> tuple[Path, tuple, tuple]:
    """``text`` scanned (grey, turned ``turn`` degrees) under Tesseract's own layer; the page
    images and the words Tesseract read, for layers written from them."""
    with pdfplumber.open(text) as document:
        count = len(document.pages)
    images = [rotated(grey(render_page(n, text, DPI)), turn) for n in range(1, count + 1)]
    path = folder / f"{text.stem}-tesseract.pdf"
    words = ocr_layers.tesseract_pdf(images, path, DPI)
    return path, tuple(images), tuple(words)


def read(path: Path) -> dict:
    return rencana.extract(path, rencana.ExtractOptions(ocr="auto")).model_dump(mode="json")


def warned(document: dict, code: str) -> list[str]:
    return [w["message"] for w in document["warnings"] if w["code"] == code]


@needs_tesseract
@pytest.mark.parametrize(
    ("name", "layer"),
    [
        # Tesseract's layer of a ruled grid holds its rulings as "|" words and no shades.
        ("pkpt_calendar", "tesseract"),
        # A layer offset from its image: its words lie across the image's cells.
        ("month_grid_x", "offset"),
    ],
)
def test_a_scanned_table_under_a_layer_that_reads_it_wrong_is_read_from_its_image(
    tmp_path_factory, name, layer
):
    folder = tmp_path_factory.getbasetemp()
    text = text_page(folder, name, DRAWINGS)
    truth = rencana.extract(text, rencana.ExtractOptions(ocr="never")).model_dump(mode="json")
    path, images, words = searchable(folder, text, -1.1)
    if layer == "offset":
        moved = [ocr_layers.moved(page, (14, 10), 1.0) for page in words]
        path = ocr_layers.layered_pdf(list(images), moved, folder / f"{name}-offset.pdf", DPI)
    copy = read(path)
    assert warned(copy, "text_layer_poor")
    assert truth["records"]
    assert record_keys(copy["records"]) == record_keys(truth["records"])


@needs_tesseract
def test_a_decree_under_a_layer_of_interleaved_lines_is_read_from_its_image(tmp_path_factory):
    """Tesseract's PDF renderer writes a tilted page's lines along their baselines: pdfplumber
    reads neighbouring lines' letters interleaved, the items' markers lost among them."""
    folder = tmp_path_factory.getbasetemp()
    body = decree_bodies.choose(2)
    text = decree_bodies.build(body, folder / "body-2.pdf")
    path, _, _ = searchable(folder, text, 0.8)
    copy = read(path)
    assert warned(copy, "text_layer_poor")  # its fragments ("usun", "pka") or strewn letters
    wrong = {
        field: (copy["metadata"].get(field), want)
        for field, want in body.metadata.items()
        if _comparable(field, copy["metadata"].get(field)) != _comparable(field, want)
    }
    assert not wrong, wrong


@needs_tesseract
def test_a_good_layer_over_a_level_decree_is_kept_and_read(tmp_path_factory):
    """The fast path: a level scan under a layer that reads well is not OCR'd again."""
    folder = tmp_path_factory.getbasetemp()
    body = decree_bodies.choose(2)
    text = decree_bodies.build(body, folder / "body-2-level.pdf")
    _, images, words = searchable(folder, text, 0.0)
    path = ocr_layers.layered_pdf(list(images), list(words), folder / "body-2-level-layer.pdf")
    copy = read(path)
    assert not warned(copy, "text_layer_poor")
    assert fold(copy["metadata"]["number"]) == fold(body.metadata["number"])
    assert len(copy["metadata"]["considerations"]) == len(body.metadata["considerations"])


def test_a_layer_of_strewn_letters_is_poor_and_marks_and_numerals_are_not_strewn():
    def words(texts: str) -> list[Word]:
        return [Word(t, 10.0 * i, 0, 10.0 * i + 8, 10) for i, t in enumerate(texts.split())]

    interleaved = "K P e e r n ja y us R u e n fo a r n m as T i im B d i a ro n k ra " * 2
    assert strewn_letters(words(interleaved))
    grid = "Kegiatan Output Jan Feb Mar " + "X v V x I II III IV " * 6
    assert strewn_letters(words(grid)) is None
    prose = "bahwa dalam rangka mewujudkan tata kelola pemerintahan yang baik di lingkungan " * 3
    assert strewn_letters(words(prose)) is None


def test_a_scanners_layer_with_a_few_misread_words_is_poor_and_one_rare_word_is_not():
    """The SKB decree's page 1 layer: "omor" twice for "Nomor", "l-!ari" for "Hari", among 174
    judged words, is OCR'd again; the Kediri ocrscan's annex pages (a NOMOR's digits run
    together, one misspelling: 2 and 1 poor words) and the Tangsel ocrspaced pages keep theirs."""
    from tests.test_text_layer import CORPUS, judged

    skb = judged(CORPUS / "real/kemenpanrb-2022-skb-libur-nasional-cuti-bersama.pdf", 1)
    assert skb is not None and skb.poor == 4 and "l-!ari" in skb.examples
    kediri = CORPUS / "real/scans/pemkab-kediri-2017-kepbup-penetapan-iku-ocrscan.pdf"
    assert judged(kediri, 4) is None and judged(kediri, 5) is None
    tangsel = CORPUS / "real/scans/pemkot-tangsel-2015-kepwal-blud-rsu-ocrspaced-p1-4.pdf"
    assert all(judged(tangsel, n) is None for n in (1, 2, 3, 4))
