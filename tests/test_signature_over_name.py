"""A black-pen signature across the signatory's printed name: OCR loses the name's line, and the
name is left empty. Many real decrees are unsigned copies, and a body with a date and no name is
no fault by itself; a signature's strokes over the place of the name are: the name is there,
unread, and the document is flagged. An unsigned scan of the same body (no strokes) reads its
name and is not flagged for it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest

import rencana
from tests.real_corpus import fold
from tests.test_scan_artefacts import image_pdf, needs_tesseract, render_page, rotated
from tests.test_signed_bodies import BLACK_PEN, read_block

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import decree_bodies


def signatory_flagged(document: dict) -> bool:
    return any(
        r["check"] == "metadata_missing" and "signatory" in r["message"]
        for r in document["quality"]["reasons"]
    )


@needs_tesseract
@pytest.mark.parametrize("seed", BLACK_PEN[:2])
def test_a_name_lost_under_a_black_signature_is_flagged(seed, tmp_path_factory):
    read, want, got = read_block(seed, tmp_path_factory.getbasetemp())
    if read["signatory"] == want["signatory"]:
        pytest.skip("the name was read through the signature")
    assert read["signatory"] == ""
    assert signatory_flagged(got), got["quality"]["reasons"]
    assert any(
        w["code"] == "metadata_missing" and w["message"].startswith("signatory")
        for w in got["warnings"]
    )


@needs_tesseract
def test_an_unsigned_scan_reads_its_name_and_is_not_flagged_for_it(tmp_path):
    body = decree_bodies.choose(BLACK_PEN[0])
    body.traits["mark"] = ""
    pdf = decree_bodies.build(body, tmp_path / "unsigned.pdf")
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
    pages = [rotated(render_page(n, pdf, 200), 0.6) for n in range(1, count + 1)]
    scan = image_pdf(pages, tmp_path / "unsigned-scan.pdf", 200, jpeg_quality=80)
    got = rencana.extract(scan, rencana.ExtractOptions(ocr="auto")).model_dump(mode="json")
    assert fold(got["metadata"]["signatory"]) == fold(body.signer)
    assert not signatory_flagged(got)
