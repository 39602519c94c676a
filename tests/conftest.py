"""Shared fixtures. Tests never read ../shared: the PDFs they need live in corpus/.

Expected files are written by builders from the same spec as their PDFs, never from the
pipeline's output. ``REGENERATE_EXPECTED=1 pytest`` runs every builder first (then a test fails
on purpose, so a regenerating run is never mistaken for a passing one).
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

REGENERATE = os.environ.get("REGENERATE_EXPECTED") == "1"
BUILDERS = [
    ROOT / "tests" / "fixtures" / "build_layouts.py",
    CORPUS / "compare" / "make_variant.py",
]


def pytest_sessionstart(session):
    if not REGENERATE:
        return
    for builder in BUILDERS:
        argv, path = sys.argv, list(sys.path)
        sys.path.insert(0, str(builder.parent))
        sys.argv = [str(builder), "--pdf"] if builder.name == "make_variant.py" else [str(builder)]
        try:
            runpy.run_path(str(builder), run_name="__main__")
        except SystemExit as done:
            if done.code not in (0, None):
                raise
        finally:
            sys.argv, sys.path[:] = argv, path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="module")
def executor():
    """One warm ingest worker per test module (each ingest would start its own)."""
    from rencana.corpus.executors import Limits, LocalExecutor

    with LocalExecutor(1, Limits()) as shared:
        yield shared


@pytest.fixture(autouse=True)
def indonesian_for_people(monkeypatch):
    """Messages for people follow the locale: tests read them in the default, Indonesian, unless
    a test sets another language."""
    from rencana import messages

    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(messages, "_chosen", None)
