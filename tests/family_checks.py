"""The checks the family drawings (tests/fixtures/family_tables*.py) share: each drawing is read
once per module, its records must equal the ones it was drawn from, field by field, and a
drawing read right must not be flagged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rencana.runner import extract
from tests.test_layouts import fold, record_f1, record_key


def family_reader(drawings: dict[str, Callable], build: Callable, out: Path) -> Callable:
    """``get(name)``: the drawing and its extracted document, each drawn and read once."""
    cache: dict[str, tuple] = {}

    def get(name: str) -> tuple[Any, dict]:
        if name not in cache:
            drawing = drawings[name]()
            pdf = build(drawing, out / f"{name}.pdf")
            cache[name] = (drawing, extract(pdf).model_dump(mode="json"))
        return cache[name]

    return get


def assert_records_as_drawn(drawing: Any, document: dict) -> None:
    f1, missing, extra = record_f1(drawing.records, document["records"])
    assert f1 == 1.0, f"F1 {f1:.3f}; missing {missing[:3]}; extra {extra[:3]}"


def assert_fields_as_drawn(drawing: Any, document: dict, fields: tuple[str, ...]) -> None:
    """Area, leaf, ``fields``, the columns kept in ``extra``, quarter targets and level numbers."""
    got = {record_key(r, True): r for r in document["records"]}
    for want in drawing.records:
        have = got[record_key(want, True)]
        assert fold(have.get("area")) == fold(want.get("area")), want["indicator"]
        # the leaf of a one-level table is its activity (the indicator as tests/fuzz.py keys it)
        leaf = have.get("indicator") or have["levels"][-1]["text"]
        assert fold(leaf) == fold(want["indicator"])
        for field in fields:
            if field in want:
                assert fold(have.get(field)) == fold(want[field]), (field, want["indicator"])
        if "extra" in want:
            assert {fold(k): fold(v) for k, v in (have.get("extra") or {}).items()} == {
                fold(k): fold(v) for k, v in want["extra"].items()
            }, want["indicator"]
        if "quarter_targets" in want:
            assert have["quarter_targets"] == want["quarter_targets"], want["indicator"]
        if "numbers" in want:  # the number of each level below the area as printed, top-down
            below = [level["number"] for level in have["levels"] if level["role"] != "area"]
            assert below == want["numbers"], want["indicator"]


def assert_read_right_unflagged(drawing: Any, document: dict) -> None:
    """No review, no record warning; a table without a schedule gets a table-level note (one
    per table, never one per record)."""
    assert not document["quality"]["needs_review"], document["quality"]["reasons"]
    codes = [w["code"] for w in document["warnings"]]
    assert not [r["warnings"] for r in document["records"] if r["warnings"]]
    if drawing.scheduled:
        assert "table_without_schedule" not in codes
    else:
        notes = codes.count("table_without_schedule")
        assert notes == 1 or 1 < notes < len(document["records"]), notes
