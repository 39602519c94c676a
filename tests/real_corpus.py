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


def page_extract(stem: str) -> tuple[str, int] | None:
    """The document and page a single-page extract was cut from, when it has an expected file."""
    match = PAGE_EXTRACT.fullmatch(stem)
    if match is None or not (REAL / f"{match['name']}.expected.json").exists():
        return None
    return match["name"], int(match["page"])


NAMES = sorted(
    [p.stem for p in REAL.glob("*.pdf")]
    + [
        p.stem
        for p in SCANS.glob("*.pdf")
        if (REAL / f"{p.stem}.expected.json").exists() or page_extract(p.stem)
    ]
)


def pdf_path(name: str) -> Path:
    return REAL / f"{name}.pdf" if (REAL / f"{name}.pdf").exists() else SCANS / f"{name}.pdf"


@cache
def extracted(name: str) -> dict[str, Any]:
    path = pdf_path(name)
    ocr = "auto" if path.parent == SCANS else "never"
    document = rencana.extract(path, rencana.ExtractOptions(ocr=ocr))
    return document.model_dump(mode="json")


@cache
def expected(name: str) -> dict[str, Any]:
    """A document's expected file; for a page extract, its document's records on that page (as
    page 1) and no metadata (the decree body is not on the page)."""
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
