"""Pages photographed rather than scanned: in colour, turned 2.5°, a slight perspective, a lamp's
light falling off across the sheet to about 60 % and a warm cast (tests/fixtures/
office_stamps.photographed). A generated decree body (tests/fixtures/decree_bodies.py) must read
its metadata as drawn, and a family plan table's LAMPIRAN page (tests/fixtures/family_tables.py)
its text page's records, or be flagged. Built at test time; nothing binary is added.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest

import rencana
from tests.test_decree_bodies import _comparable
from tests.test_degraded_tables import reasons, text_page, truth
from tests.test_scan_artefacts import image_pdf, needs_tesseract, read, record_keys, render_page

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import decree_bodies
import office_stamps

DPI = 200


@needs_tesseract
@pytest.mark.parametrize("seed", [5])
def test_a_photographed_decree_body_reads_as_drawn_or_is_flagged(seed, tmp_path):
    body = decree_bodies.choose(seed)
    pdf = decree_bodies.build(body, tmp_path / "body.pdf")
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
    pages = [
        office_stamps.photographed(render_page(n, pdf, DPI), seed + n) for n in range(1, count + 1)
    ]
    photo = image_pdf(pages, tmp_path / "photo.pdf", DPI, jpeg_quality=85)
    got = rencana.extract(photo, rencana.ExtractOptions(ocr="auto")).model_dump(mode="json")
    wrong = {
        field: (got["metadata"].get(field), want)
        for field, want in body.metadata.items()
        if _comparable(field, got["metadata"].get(field)) != _comparable(field, want)
    }
    assert not wrong or got["quality"]["needs_review"], wrong
    assert not wrong, wrong


@needs_tesseract
@pytest.mark.parametrize("name", ["renstra"])
def test_a_photographed_plan_table_reads_as_its_text_page_or_is_flagged(name, tmp_path):
    text = text_page(tmp_path, name)
    page = office_stamps.photographed(render_page(1, text, DPI), 3)
    photo = read(image_pdf([page], tmp_path / f"{name}-photo.pdf", DPI, jpeg_quality=85))
    expected = truth(text)
    same = record_keys(photo["records"]) == record_keys(expected["records"])
    assert same or set(reasons(photo)) - set(reasons(expected)), photo["quality"]["reasons"]
    assert same and reasons(photo) == reasons(expected)


# ------------------------------------------------ the general fixes, on drawn pages and lines


def test_light_falling_off_across_the_page_is_evened_and_an_even_scan_is_left():
    """A lamp's light at 60 % in the far corner: Otsu's one threshold made the shadowed paper
    ink. Evened, the paper is white everywhere and a grey fill narrower than the paper's square
    keeps its grey; a page lit evenly comes back as it was."""
    import cv2
    import numpy as np

    from rencana.stages.ocr import imaging

    page = np.full((1200, 1600), 250, np.uint8)
    cv2.rectangle(page, (300, 300), (700, 340), 160, -1)  # a banner's tint
    cv2.putText(page, "Rencana Strategis", (300, 600), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    assert imaging.evened_light(page, 200, 30) is page
    ys, xs = np.mgrid[0:1200, 0:1600].astype(np.float32)
    shadowed = (page * (1.0 - 0.4 * (xs / 1600 + ys / 1200) / 2)).astype(np.uint8)
    evened = imaging.evened_light(shadowed, 200, 30)
    assert evened[1150, 1550] >= 235 and evened[50, 50] >= 235  # paper, lit and shadowed
    assert abs(int(evened[320, 500]) - 163) <= 12  # the tint
    assert evened[:, 300:].min() < 60  # the letters


def test_a_speck_before_a_labels_colon_is_no_part_of_it():
    """A photographed page's 'Memperhatikan — : Hasil rapat': the label was not taken, and its
    item ran on the last legal basis."""
    from rencana.stages.structure.labels import read_section_label

    labels = {"legal_bases": "Mengingat", "observations": "Memperhatikan"}
    line = "Memperhatikan — : Hasil rapat koordinasi"
    assert read_section_label(line, labels, True, True) == (
        "observations",
        "Hasil rapat koordinasi",
    )
    assert read_section_label("Mengingat - 1. Undang-Undang", labels) is None  # no colon after


def test_a_cited_number_split_after_its_one_is_joined():
    """'Tahun 2016 Nomor 1 14,' (OCR set the narrow '1' apart): no citation puts two numbers after
    'Nomor' before its comma; 'Nomor 1 Tahun 2016' stays."""
    from rencana.stages.structure.legal import split_items

    text = "1. Peraturan Pemerintah (Lembaran Negara Tahun 2016 Nomor 1 14, Tambahan Nomor 5887);"
    assert split_items([text]) == [
        "Peraturan Pemerintah (Lembaran Negara Tahun 2016 Nomor 114, Tambahan Nomor 5887);"
    ]
    assert split_items(["1. Peraturan Daerah Nomor 1 Tahun 2016;"]) == [
        "Peraturan Daerah Nomor 1 Tahun 2016;"
    ]
