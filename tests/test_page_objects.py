"""The one-pass character and path objects (stages/page/objects.py) are exactly pdfplumber's own."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from rencana.stages.page.objects import fast_objects

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT_PDFS = [
    CORPUS / "kpu-kab-jepara-2022.pdf",
    CORPUS / "kpu-kab-demak-2023-grid.pdf",
    CORPUS / "real" / "diskominfo-tangsel-2023-realisasi-renja-triwulan.pdf",
    CORPUS / "real" / "pemkab-pandeglang-2022-perbup-45-lampiran-iku.pdf",
    # tagged PDFs: every character inside marked content (mcid and tag set)
    CORPUS / "real" / "imigrasi-surabaya-2019-kep-tim-zi.pdf",
    # a scan's invisible OCR layer
    CORPUS / "real" / "kemenpanrb-2022-skb-libur-nasional-cuti-bersama.pdf",
]


def _objects_both_ways(data: bytes) -> list[tuple[dict, dict]]:
    pairs = []
    with pdfplumber.open(io.BytesIO(data)) as plain, pdfplumber.open(io.BytesIO(data)) as fast:
        for ours, theirs in zip(fast.pages, plain.pages):
            pairs.append((fast_objects(ours).objects, theirs.objects))
    return pairs


def _comparable(objects: dict) -> dict:
    # image dicts hold their stream object, which differs between two opens of one file
    return {kind: items for kind, items in objects.items() if kind != "image"}


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.stem)
def test_characters_and_paths_are_pdfplumbers_own(path):
    for ours, theirs in _objects_both_ways(path.read_bytes()):
        assert ours["char"], "the page has text"
        assert _comparable(ours) == _comparable(theirs)


def _first_page_edited_reads_the_same(edit) -> None:
    with pikepdf.open(TEXT_PDFS[0]) as pdf:
        edit(pdf.pages[0])
        out = io.BytesIO()
        pdf.save(out)
    (ours, theirs), *_ = _objects_both_ways(out.getvalue())
    assert ours["char"]
    assert _comparable(ours) == _comparable(theirs)


def test_a_page_whose_mediabox_does_not_start_at_the_origin():
    def shift(page):
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        page.MediaBox = [x0 + 15, y0 + 25, x1 + 15, y1 + 25]

    _first_page_edited_reads_the_same(shift)


def test_a_rotated_page():
    def rotate(page):
        page.Rotate = 90

    _first_page_edited_reads_the_same(rotate)


def test_characters_are_drawn_straight_into_dicts():
    """The common character skips pdfminer's LTChar (the point of CharDevice)."""
    from rencana.stages.page.objects import DrawnChar

    with pdfplumber.open(TEXT_PDFS[0]) as pdf:
        page = fast_objects(pdf.pages[0])
        assert page.layout._objs and all(
            type(o) is DrawnChar for o in page.layout._objs if type(o).__name__.endswith("Char")
        )


def test_unique_chars_are_the_ones_pdfplumbers_dedupe_keeps():
    """Pandeglang's annex prints LAMPIRAN I's header over LAMPIRAN II: glyphs drawn twice."""
    from rencana.stages.page.text import unique_chars

    with pdfplumber.open(TEXT_PDFS[3]) as pdf:
        page = pdf.pages[4]
        kept = unique_chars(page.chars)
        assert len(kept) < len(page.chars)
        assert [c for c in page.chars if id(c) in kept] == page.dedupe_chars().chars
