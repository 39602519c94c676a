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
# Scans of a few pages with a hand-read file beside the text PDFs are read whole, through OCR.
SCANS = REAL / "scans"
NAMES = sorted(
    [p.stem for p in REAL.glob("*.pdf")]
    + [p.stem for p in SCANS.glob("*.pdf") if (REAL / f"{p.stem}.expected.json").exists()]
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
    return json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))


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
