"""Office-made plan tables (issue 3): every fixture in corpus/docx must come out whole.

The fixtures are DOCX files written with python-docx and printed to PDF by LibreOffice
(tests/fixtures/build_docx.py), as offices make their decrees: merged cells centred vertically,
a header row repeated on every page, rows split across pages, shaded or ticked month grids,
italic English terms. Records and metadata are matched as in tests/test_layouts.py.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pipeline import tables
from pipeline.runner import extract
from tests.test_layouts import fold, metadata_mismatches, record_f1, record_key

DOCX = Path(__file__).resolve().parent.parent / "corpus" / "docx"
FIXTURE_NAMES = sorted(p.name[: -len(".expected.json")] for p in DOCX.glob("*.expected.json"))


@pytest.fixture(scope="module")
def extracted() -> dict:
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = extract(DOCX / f"{name}.pdf").model_dump(mode="json")
        return cache[name]

    return get


def expected(name: str) -> dict:
    return json.loads((DOCX / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_the_family_is_all_there():
    assert len(FIXTURE_NAMES) >= 4
    for name in FIXTURE_NAMES:
        assert (DOCX / f"{name}.pdf").exists()


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_records(name, extracted):
    f1, missing, extra = record_f1(expected(name)["records"], extracted(name)["records"])
    assert f1 == 1.0, f"F1 {f1:.3f}; missing {missing[:3]}; extra {extra[:3]}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_metadata(name, extracted):
    assert metadata_mismatches(expected(name)["metadata"], extracted(name)["metadata"]) == {}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_extra_columns_and_quarter_targets(name, extracted):
    got = {record_key(r): r for r in extracted(name)["records"]}
    for want in expected(name)["records"]:
        have = got.get(record_key(want))
        if have is None:
            continue  # counted by test_records
        for field in ("target", "pic", "unit", "note"):
            if field in want:
                assert fold(have.get(field)) == fold(want[field]), (field, want["activity"][:40])
        if "quarter_targets" in want:  # "100 %" wrapped in a narrow cell reads "100%"
            assert [(q["quarter"], q["value"]) for q in have.get("quarter_targets") or []] == \
                [(q["quarter"], q["value"]) for q in want["quarter_targets"]]


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


@pytest.mark.parametrize("before,text,reads", [
    ("Penerapan Sistem Pengendalian Intern", "Pemerintah", True),  # inside a capitalised name
    ("Pembangunan Zona Integritas menuju Wilayah Bebas", "Korupsi", True),
    ("Pembentukan tim Reformasi Birokrasi", "Penyusunan SOP", False),  # pe-…-an opens a phrase
    ("Pembentukan tim Reformasi Birokrasi", "Melakukan monitoring", False),  # a verb
    ("Penguatan peran Agen Perubahan", "Rapat evaluasi bulanan", False),  # a listed head noun
    ("Terbentuknya Satgas SPIP", "Tersusunnya peta risiko", False),
    ("Pengelolaan JDIH", "SOP sudah dilegalkan", False),  # an acronym is not read on
])
def test_a_capitalised_name_cut_by_a_page_break_reads_on(before, text, reads):
    assert tables.reads_on(before, text) is reads
