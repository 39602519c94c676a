"""Decree bodies of many offices (tests/fixtures/decree_bodies.py): a head of an agency, a regent
or mayor, a hospital's director, a court's chairman; letterheads with address lines, NOMOR forms,
a heading set at the left with aligned colons, signatures on another's behalf, certified-copy
blocks and Tembusan lists. Every metadata field must be what the body was drawn from."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import rencana

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import decree_bodies

from tests.real_corpus import fold

SEEDS = range(40)


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    out = tmp_path_factory.mktemp("bodies")

    def get(seed: int) -> tuple[decree_bodies.Body, dict]:
        body = decree_bodies.choose(seed)
        pdf = decree_bodies.build(body, out / f"body-{seed}.pdf")
        return body, rencana.extract(pdf).model_dump(mode="json")["metadata"]

    return get


def _comparable(field: str, value):
    if field in ("considerations", "legal_bases"):
        return [fold(v["text"] if isinstance(v, dict) else v) for v in value or []]
    if field == "dictums":
        return [fold(v["label"] if isinstance(v, dict) else v) for v in value or []]
    return fold(value)


@pytest.mark.parametrize("seed", SEEDS)
def test_body_metadata(seed, read):
    body, got = read(seed)
    wrong = {
        field: (got.get(field), want)
        for field, want in body.metadata.items()
        if _comparable(field, got.get(field)) != _comparable(field, want)
    }
    assert not wrong, f"{body.official}, {body.traits}: {wrong}"


def test_the_seeds_cover_the_traits():
    """The fixed seeds draw every office kind and trait the generator has."""
    bodies = [decree_bodies.choose(seed) for seed in SEEDS]
    assert {b.kind.split()[0] for b in bodies} == {"Keputusan", "Peraturan"}
    assert {b.official.split()[0] for b in bodies} >= {"Kepala", "Ketua", "Direktur", "Bupati"}
    for trait in ("heading_left", "copy_block", "tembusan", "address", "website", "date_colon"):
        assert {bool(b.traits[trait]) for b in bodies} == {True, False}, trait
    assert {b.traits["acting"] for b in bodies} == {"", "an", "plt"}
    assert any(len(b.considerations) == 1 for b in bodies)
