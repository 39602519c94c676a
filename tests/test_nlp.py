"""The on-demand tokenizer gives exactly ``spacy.blank("id")``'s tokens, for a fraction of its
start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy

from rencana.core import nlp

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

HARD_CASES = [
    "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
    "nilai-nilai E-Lapkin (s.d. Desember)",
    "Januari s.d. Desember; Jan. s/d Des.",
    "dll. dsb. No. 3, Tgl. 12 Jan. 2022",
    "Dr. rer. nat. Budi, M.Si.",
    "bolak-balik, sayur-mayur, kupu-kupu.",
    "xD :) 8D",
]


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def corpus_texts() -> list[str]:
    texts = list(HARD_CASES)
    for path in sorted(CORPUS.rglob("*.json")):
        texts.extend(strings_in(json.loads(path.read_text(encoding="utf-8"))))
    return texts


@pytest.fixture(scope="module")
def reference() -> spacy.language.Language:
    return spacy.blank("id")


def test_tokens_equal_spacy_blank_on_the_corpus(reference):
    on_demand = nlp.blank()
    texts = corpus_texts()
    assert len(texts) > 5000
    for text in texts:
        assert [t.text for t in on_demand.make_doc(text)] == [
            t.text for t in reference.make_doc(text)
        ], text


def test_each_text_loads_only_the_entries_it_contains():
    tokenizer = nlp.blank().tokenizer
    tokenizer.__call__("kupu-kupu terbang")
    assert "kupu-kupu" in tokenizer.loaded
    assert len(tokenizer.loaded) < 1000  # of 15,963


def test_spacy_cli_is_imported_only_when_used():
    """A blank pipeline never needs spaCy's command line (a third of its import time); whoever
    asks for it still gets the real one."""
    script = """
import sys
from rencana.core import nlp
nlp.blank()
import spacy
assert "requests" not in sys.modules and "weasel" not in sys.modules
from spacy.cli import download
assert download.__module__ == "spacy.cli.download"
assert spacy.cli.download is download
assert "spaCy version" in spacy.info(markdown=True)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
