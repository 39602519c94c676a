"""Decree bodies of many offices (tests/fixtures/decree_bodies.py): a head of an agency, a regent
or mayor, a hospital's director, a court's chairman; letterheads with address lines, NOMOR forms,
a heading set at the left with aligned colons, signatures on another's behalf, certified-copy
blocks and Tembusan lists. Every metadata field must be what the body was drawn from, and so
must it be for a few of them scanned (test_scanned_body_metadata)."""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest

import rencana

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import decree_bodies

from tests.real_corpus import fold
from tests.test_degraded_reference import grey
from tests.test_scan_artefacts import image_pdf, needs_tesseract, render_page, rotated

SEEDS = range(40)


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    out = tmp_path_factory.mktemp("bodies")

    def get(seed: int) -> tuple[decree_bodies.Body, dict]:
        body = decree_bodies.choose(seed)
        pdf = decree_bodies.build(body, out / f"body-{seed}.pdf")
        return body, rencana.extract(pdf).model_dump(mode="json")["metadata"]

    return get


def _comparable(field: str, value):
    if field in ("considerations", "legal_bases"):
        return [fold(v["text"] if isinstance(v, dict) else v) for v in value or []]
    if field == "dictums":
        return [fold(v["label"] if isinstance(v, dict) else v) for v in value or []]
    return fold(value)


@pytest.mark.parametrize("seed", SEEDS)
def test_body_metadata(seed, read):
    body, got = read(seed)
    wrong = {
        field: (got.get(field), want)
        for field, want in body.metadata.items()
        if _comparable(field, got.get(field)) != _comparable(field, want)
    }
    assert not wrong, f"{body.official}, {body.traits}: {wrong}"


def test_the_seeds_cover_the_traits():
    """The fixed seeds draw every office kind and trait the generator has."""
    bodies = [decree_bodies.choose(seed) for seed in SEEDS]
    assert {b.kind.split()[0] for b in bodies} == {"Keputusan", "Peraturan"}
    assert {b.official.split()[0] for b in bodies} >= {"Kepala", "Ketua", "Direktur", "Bupati"}
    for trait in (
        "heading_left",
        "copy_block",
        "tembusan",
        "address",
        "website",
        "date_colon",
        "surat",
    ):
        assert {bool(b.traits[trait]) for b in bodies} == {True, False}, trait
    assert {b.traits["acting"] for b in bodies} == {"", "an", "plt"}
    assert any(len(b.considerations) == 1 for b in bodies)


# Bodies scanned the way a clerk's copy is (grey, 200 dpi, turned a degree, JPEG) whose first
# reading went wrong: the colon read into "a." ("La.", "La", "1 Aa."), "»" for the colon, "1." read
# "“Is", "b." dropped by the page's layout pass, "c." read "C.", ";" read "," with a marker lost,
# a capital "G" and an "I" read twice at the edge of a word whose box Tesseract cut short; an
# upright page turned upside down on a guess of Tesseract's orientation model (seed 8).
SCANNED_SEEDS = (0, 2, 4, 6, 8, 9, 14, 17, 22)


@needs_tesseract
@pytest.mark.parametrize("seed", SCANNED_SEEDS)
def test_scanned_body_metadata(seed, tmp_path):
    body = decree_bodies.choose(seed)
    pdf = decree_bodies.build(body, tmp_path / "body.pdf")
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
    turn = 0.8 if seed % 2 else -1.3
    pages = [rotated(grey(render_page(n, pdf, 200)), turn) for n in range(1, count + 1)]
    scan = image_pdf(pages, tmp_path / "scan.pdf", jpeg_quality=75)
    got = rencana.extract(scan, rencana.ExtractOptions(ocr="auto")).model_dump(mode="json")
    wrong = {
        field: (got["metadata"].get(field), want)
        for field, want in body.metadata.items()
        if _comparable(field, got["metadata"].get(field)) != _comparable(field, want)
    }
    assert not wrong, wrong
