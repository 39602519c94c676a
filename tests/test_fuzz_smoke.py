"""A small run of the mutation harness (`make fuzz-pdf` runs 300): no hang, memory blow-up,
crash or stderr noise among 10 damaged corpus PDFs."""

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
    report = harness.fuzz(10, seed=7, hang_seconds=150, keep=tmp_path)
    assert sum(report["classes"].values()) == 10
    assert not report["failures"], report["failures"]


def test_mutants_are_the_same_for_the_same_seed():
    harness = _harness()
    first = [(name, how) for name, _, how in harness.mutants(5, 3)]
    assert first == [(name, how) for name, _, how in harness.mutants(5, 3)]
