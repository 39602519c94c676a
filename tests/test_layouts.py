"""The plan-table layout family (issue 3): every fixture in corpus/layouts and corpus/docx must
come out whole.

The fixtures are built from one data spec each (tests/fixtures/build_layouts.py with reportlab,
tests/fixtures/build_docx.py with python-docx and LibreOffice, as offices make them), so the
expected JSON beside each PDF is true by construction. Records are matched the way
../shared/tools/score.py matches them (area number, activity, indicator, month set, with
case, white space, wrap hyphens and spaces around '/' folded; where the expected records carry a
"path", area number, path below the area and month set); metadata field by field.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from rencana.runner import extract

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LAYOUTS = CORPUS / "layouts"
FAMILY = {"layouts": 9, "docx": 4}  # folder -> the fewest fixtures it must hold
# Fixtures as "folder/name", the PDF and its expected JSON beside it.
FIXTURE_NAMES = sorted(
    f"{folder}/{p.name[: -len('.expected.json')]}"
    for folder in FAMILY
    for p in (CORPUS / folder).glob("*.expected.json")
)


def fold(value) -> str:
    text = value if isinstance(value, str) else str(value or "")
    text = text.replace("\u00ad", "").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return text.rstrip(" .;,:")


def path_of(rec: dict) -> list[str]:
    """An expected record's path, or an extracted one's levels below the area."""
    if isinstance(rec.get("path"), list):
        return rec["path"]
    return [level["text"] for level in rec.get("levels") or [] if level["role"] != "area"]


def record_key(rec: dict, by_path: bool = False) -> tuple:
    months = tuple(sorted(set(rec.get("months") or [])))
    if by_path:
        return (rec.get("area_number"), tuple(fold(text) for text in path_of(rec)), months)
    return (rec.get("area_number"), fold(rec.get("activity")), fold(rec.get("indicator")), months)


def keyed_by_path(gold: list[dict]) -> bool:
    return any("path" in rec for rec in gold)


def record_f1(gold: list[dict], got: list[dict]) -> tuple[float, list, list]:
    by_path = keyed_by_path(gold)
    g = Counter(record_key(r, by_path) for r in gold)
    e = Counter(record_key(r, by_path) for r in got)
    tp = sum((g & e).values())
    if tp == 0:
        return 0.0, list((g - e).elements()), list((e - g).elements())
    p, r = tp / sum(e.values()), tp / sum(g.values())
    return 2 * p * r / (p + r), list((g - e).elements()), list((e - g).elements())


def metadata_mismatches(want: dict, have: dict) -> dict:
    wrong = {}
    for key, value in want.items():
        got = have.get(key)
        if key in ("considerations", "legal_bases"):
            ok = isinstance(got, list) and len(got) == value
        elif key == "dictums":
            ok = [
                fold(d.get("label") if isinstance(d, dict) else d).upper() for d in got or []
            ] == value
        elif isinstance(value, int):
            ok = str(got) == str(value)
        else:
            ok = fold(got) == fold(value)
        if not ok:
            wrong[key] = (value, got)
    return wrong


@pytest.fixture(scope="module")
def extracted() -> dict:
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = extract(CORPUS / f"{name}.pdf").model_dump(mode="json")
        return cache[name]

    return get


def expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_the_family_is_all_there():
    for folder, fewest in FAMILY.items():
        assert sum(name.startswith(f"{folder}/") for name in FIXTURE_NAMES) >= fewest, folder
    for name in FIXTURE_NAMES:
        assert (CORPUS / f"{name}.pdf").exists()


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_records(name, extracted):
    f1, missing, extra = record_f1(expected(name)["records"], extracted(name)["records"])
    assert f1 == 1.0, f"F1 {f1:.3f}; missing {missing[:3]}; extra {extra[:3]}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_metadata(name, extracted):
    assert metadata_mismatches(expected(name)["metadata"], extracted(name)["metadata"]) == {}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_extra_columns_and_quarter_targets(name, extracted):
    """Target, owner, unit, budget, note, per-quarter targets, the printed schedule, the
    activity number ('1.10' even when it wraps as '1.' over '10') and the columns kept by
    header (extra) land on the matching record."""
    by_path = keyed_by_path(expected(name)["records"])
    got = {record_key(r, by_path): r for r in extracted(name)["records"]}
    for want in expected(name)["records"]:
        have = got.get(record_key(want, by_path))
        if have is None:
            continue  # counted by test_records
        for field in ("target", "pic", "unit", "budget", "note"):
            if field in want:
                assert fold(have.get(field)) == fold(want[field]), (field, want["activity"][:40])
        if "quarter_targets" in want:
            assert [(q["quarter"], q["value"]) for q in have.get("quarter_targets") or []] == [
                (q["quarter"], q["value"]) for q in want["quarter_targets"]
            ]
        assert " ".join((have.get("schedule_text") or "").split()) == want["schedule_text"]
        if want.get("activity_number"):
            assert re.sub(r"\s+", "", have.get("activity_number") or "") == want["activity_number"]
        if "extra" in want:
            assert {fold(k): fold(v) for k, v in (have.get("extra") or {}).items()} == {
                fold(k): fold(v) for k, v in want["extra"].items()
            }, want["activity"][:40]


def test_fixtures_match_their_builder(tmp_path):
    """The committed fixtures are exactly what the builder makes (regenerate with
    `python tests/fixtures/build_layouts.py`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
    try:
        import build_layouts
    finally:
        sys.path.pop(0)
    build_layouts.main(["--out", str(tmp_path)])
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in LAYOUTS.iterdir() if p.suffix in (".pdf", ".json"))
    for name in built:
        assert (tmp_path / name).read_bytes() == (LAYOUTS / name).read_bytes(), name


@pytest.mark.parametrize(
    "header",
    sorted(
        __import__("rencana.vocab", fromlist=["load"]).load("columns.yaml").get("second_roles")
        or {}
    ),
)
def test_a_shared_header_word_takes_its_second_role_beside_its_first(header):
    from rencana.stages.tables.grid import settle_shared_headers
    from rencana.stages.tables.headers import column_vocab, fold_header

    second = {fold_header(k): v for k, v in column_vocab().second_roles.items()}[
        fold_header(header)
    ]
    first_role = "indicator"
    # Beside an 'Indikator Keberhasilan' column the word names its second role …
    assert settle_shared_headers(
        ["activity", first_role, first_role], ["Kegiatan", "Indikator Keberhasilan", header]
    ) == ["activity", first_role, second]
    # … and on its own it keeps its first.
    assert settle_shared_headers(["activity", first_role], ["Kegiatan", header]) == [
        "activity",
        first_role,
    ]
