"""Shared fixtures. Tests never read ../shared: the PDFs they need live in corpus/."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# Set REGENERATE_EXPECTED=1 to rewrite expected files from the current output; a test checks it is off.
REGENERATE = os.environ.get("REGENERATE_EXPECTED") == "1"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
