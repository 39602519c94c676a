"""The real offices' PDFs in corpus/real and their hand-read expected files, shared by the tests
that check them: each PDF is extracted once per test session (OCR off for those with a text
layer; the whole scans in corpus/real/scans are read through OCR).

Texts are compared the way ../shared/tools/score.py compares them (``fold``), and records by
area number, path (every level below the area, top-down) and month set (``record_key``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import rencana

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"
# Scans of a few pages with a hand-read file beside the text PDFs are read whole, through OCR;
# a single page cut from a long scan, ``<name>-p<N>.pdf``, is checked against the records that
# ``<name>.expected.json`` gives for page N.
SCANS = REAL / "scans"
PAGE_EXTRACT = re.compile(r"(?P<name>.+)-p(?P<page>\d+)")


# The decree body (opening to signature) cut from a scan, or from a text PDF too long to keep
# whole (in BODIES), ``<name>-p<pages>.pdf`` with the pages as qpdf takes them ("1-3",
# "1-2,12"): its metadata is checked against ``<name>.expected.json``.
BODIES = REAL / "bodies"
BODY_EXTRACT = re.compile(r"(?P<name>.+)-p(?P<pages>\d+-\d+(?:,\d+(?:-\d+)?)*)")


def body_extract(stem: str) -> str | None:
    """The document a decree body's extract was cut from, when it has an expected file."""
    match = BODY_EXTRACT.fullmatch(stem)
    if match is None or not (REAL / f"{match['name']}.expected.json").exists():
        return None
    return match["name"]


def page_extract(stem: str) -> tuple[str, int] | None:
    """The document and page a single-page extract was cut from, when it has an expected file."""
    match = PAGE_EXTRACT.fullmatch(stem)
    if match is None or not (REAL / f"{match['name']}.expected.json").exists():
        return None
    return match["name"], int(match["page"])


NAMES = sorted(
    [p.stem for p in REAL.glob("*.pdf")]
    + [p.stem for p in BODIES.glob("*.pdf") if body_extract(p.stem)]
    + [
        p.stem
        for p in SCANS.glob("*.pdf")
        if (REAL / f"{p.stem}.expected.json").exists() or page_extract(p.stem)
    ]
)


# Every scan with a hand-read file, for its metadata: whole (a few pages) or its body's extract.
SCAN_BODIES = sorted(
    p.stem
    for p in SCANS.glob("*.pdf")
    if (REAL / f"{p.stem}.expected.json").exists() or body_extract(p.stem)
)


def pdf_path(name: str) -> Path:
    return next(
        (folder / f"{name}.pdf" for folder in (REAL, BODIES) if (folder / f"{name}.pdf").exists()),
        SCANS / f"{name}.pdf",
    )


@cache
def extracted(name: str) -> dict[str, Any]:
    path = pdf_path(name)
    ocr = "auto" if path.parent == SCANS else "never"
    document = rencana.extract(path, rencana.ExtractOptions(ocr=ocr))
    return document.model_dump(mode="json")


@cache
def expected(name: str) -> dict[str, Any]:
    """A document's expected file; for a page extract, its document's records on that page (as
    page 1) and no metadata (the decree body is not on the page); for a body extract, its
    document's metadata."""
    if (document_name := body_extract(name)) is not None:
        return {**expected(document_name), "table": None, "records": []}
    if (REAL / f"{name}.expected.json").exists() or (extract := page_extract(name)) is None:
        return json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))
    document, page = extract
    whole = expected(document)
    table = whole.get("table")
    on_page = table is not None and page in table.get("pages", [])
    return {
        "metadata": {},
        "table": {**table, "pages": [1]} if on_page else None,
        "records": [
            {**r, "pages": [1]} for r in whole["records"] if r.get("pages", [None])[0] == page
        ],
        "notes": f"page {page} of {document}",
    }


def fold(value: Any) -> str:
    """score.py's fold: case, white space, dashes, soft hyphens, wrap hyphens, spaces around '/'."""
    text = value if isinstance(value, str) else str(value or "")
    text = text.replace("\u00ad", "").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return text.rstrip(" .;,:")


def path_of(record: dict[str, Any]) -> list[str]:
    """An expected record's path, or an extracted one's levels below the area."""
    if isinstance(record.get("path"), list):
        return record["path"]
    return [level["text"] for level in record.get("levels") or [] if level["role"] != "area"]


def record_key(record: dict[str, Any]) -> tuple:
    number = record.get("area_number")
    return (
        int(number) if number is not None else None,
        tuple(fold(text) for text in path_of(record)),
        tuple(sorted(int(m) for m in record.get("months") or [])),
    )


# ------------------------------------------------- metadata, field by field, as score.py compares

LIST_FIELDS = ("considerations", "legal_bases")


def metadata_cases(names: list[str], known_gaps: dict[str, dict[str, str]]) -> list:
    """One case per (file, field) of the expected metadata, and per list field's item texts
    ("<field>.text"). A known gap is a strict xfail: the day it reads right the suite fails, and
    the gap is struck off."""
    import pytest

    cases = []
    for name in names:
        gaps = known_gaps.get(name, {})
        for field, want in expected(name)["metadata"].items():
            checks = [field]
            if field in LIST_FIELDS and isinstance(want, list) and want:
                checks.append(f"{field}.text")
            cases += [
                pytest.param(
                    name,
                    check,
                    id=f"{name}-{check}",
                    marks=[pytest.mark.xfail(strict=True, reason=gaps[check])]
                    if check in gaps
                    else [],
                )
                for check in checks
            ]
    return cases


def _item_text(item: Any) -> str:
    return item.get("text", "") if isinstance(item, dict) else str(item)


def assert_metadata_field(name: str, check: str) -> None:
    """Texts with case and white space folded, list fields by count and by each item's folded
    text, dictums by label, dates as ISO strings. A field expected null must come out empty."""
    field, _, part = check.partition(".")
    want, have = expected(name)["metadata"][field], extracted(name)["metadata"].get(field)
    if want is None or want == []:  # nothing there: the extraction must not invent one
        assert have in (None, "", []), f"{field}: expected empty, got {have!r}"
    elif field in LIST_FIELDS:
        have = have or []
        if part == "text":
            assert [fold(_item_text(h)) for h in have] == [fold(w) for w in want]
        else:
            assert len(have) == (want if isinstance(want, int) else len(want))
    elif field == "dictums":
        labels = [fold(d.get("label") if isinstance(d, dict) else d).upper() for d in have or []]
        assert labels == [w.upper() for w in want]
    elif isinstance(want, int) and not isinstance(want, bool):
        assert str(have) == str(want)
    else:
        assert fold(have) == fold(want)


def assert_gaps_name_real_fields(known_gaps: dict[str, dict[str, str]], names: list[str]) -> None:
    """A gap names a file that is here and a field its expected file gives."""
    for name, gaps in known_gaps.items():
        assert name in names, name
        fields = expected(name)["metadata"]
        for check in gaps:
            assert check.partition(".")[0] in fields, (name, check)
