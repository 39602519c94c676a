"""Office-made plan tables (issue 3): the fixtures in corpus/docx are DOCX files written with
python-docx and printed to PDF by LibreOffice (tests/fixtures/build_docx.py), as offices make
their decrees. Their records and metadata are checked with the whole family in
tests/test_layouts.py; here: the builder, and reading on across a page break.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rencana.stages.tables import rows

DOCX = Path(__file__).resolve().parent.parent / "corpus" / "docx"
FIXTURE_NAMES = sorted(p.name[: -len(".expected.json")] for p in DOCX.glob("*.expected.json"))


def test_expected_json_matches_its_builder(tmp_path):
    """The committed expected JSON is what the builder's specs say (PDFs need LibreOffice and
    carry a creation date, so only the JSON is compared; rebuild with
    `python tests/fixtures/build_docx.py`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
    try:
        import build_docx
    finally:
        sys.path.pop(0)
    build_docx.main(["--out", str(tmp_path), "--json-only"])
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == [f"{n}.expected.json" for n in FIXTURE_NAMES]
    for name in built:
        assert (tmp_path / name).read_bytes() == (DOCX / name).read_bytes(), name


@pytest.mark.parametrize(
    "before,text,reads",
    [
        ("Penerapan Sistem Pengendalian Intern", "Pemerintah", True),  # inside a capitalised name
        ("Pembangunan Zona Integritas menuju Wilayah Bebas", "Korupsi", True),
        ("Pembentukan tim Reformasi Birokrasi", "Penyusunan SOP", False),  # pe-…-an opens a phrase
        ("Pembentukan tim Reformasi Birokrasi", "Melakukan monitoring", False),  # a verb
        ("Penguatan peran Agen Perubahan", "Rapat evaluasi bulanan", False),  # a listed head noun
        ("Terbentuknya Satgas SPIP", "Tersusunnya peta risiko", False),
        ("Pengelolaan JDIH", "SOP sudah dilegalkan", False),  # an acronym is not read on
        # a text set in capitals: its case tells nothing, the word's kind does
        ("RSUD JOMBANG, DISNAKER, KEC KUDU, KEC", "WONOSALAM, KEC BARENG", True),
        ("BPKAD, DINKES, DPMD, SATPOL", "PP, KEC. MEGALUH", True),
        ("PEMBENTUKAN TIM REFORMASI BIROKRASI", "PENYUSUNAN SOP", False),
    ],
)
def test_a_capitalised_name_cut_by_a_page_break_reads_on(before, text, reads):
    assert rows.reads_on(before, text) is reads
