"""A small run of the mutation harness (`make fuzz-pdf` runs 300): no hang, memory blow-up,
crash or stderr noise among 10 damaged corpus PDFs and 2 damaged scans read with OCR."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _harness():
    spec = importlib.util.spec_from_file_location("fuzz_pdf", ROOT / "bench" / "fuzz_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ten_mutants_end_in_a_result_or_one_line(tmp_path):
    harness = _harness()
    report = harness.fuzz(10, seed=7, ocr_share=0.0, hang_seconds=150, keep=tmp_path)
    assert sum(report["classes"].values()) == 10
    assert not report["failures"], report["failures"]


def test_damaged_scans_read_with_ocr_end_in_a_result_or_one_line(tmp_path):
    """Two mutants of the scanned decree through `extract --ocr auto`: pdfium on a damaged JPEG,
    Tesseract on what it gives."""
    harness = _harness()
    report = harness.fuzz(2, seed=18, ocr_share=1.0, hang_seconds=150, keep=tmp_path)
    assert sum(report["classes_by_ocr"]["auto"].values()) == 2
    assert not report["failures"], report["failures"]


def test_mutants_are_the_same_for_the_same_seed():
    harness = _harness()
    first = [(m.name, m.how, m.scan) for m in harness.mutants(5, 3, ocr_share=0.5)]
    assert first == [(m.name, m.how, m.scan) for m in harness.mutants(5, 3, ocr_share=0.5)]


def test_a_share_of_the_mutants_are_damaged_scans():
    harness = _harness()
    made = list(harness.mutants(100, 18, ocr_share=0.2))
    scans = [m for m in made if m.scan]
    assert 10 <= len(scans) <= 30
    assert all("kpu-kab-jepara-2022-scan-p1-6" in m.name for m in scans)
    assert not any(m.scan for m in harness.mutants(20, 18, ocr_share=0.0))
