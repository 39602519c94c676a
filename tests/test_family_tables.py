"""Plan tables of the wider family (issue 11) drawn at test time: a Renstra matrix, an RKT / IKU
table, a ZI work plan, an RB action plan with four levels and a quarter tick grid, a PKPT
calendar; on landscape pages, portrait pages carrying /Rotate 90, rulings as thin filled
rectangles or only horizontal, a header repeated over a row split by a page break, a signature
under the table. Their expected records are written from the data each table is drawn from
(tests/fixtures/family_tables.py), never from the pipeline's output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rencana.runner import extract

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import family_tables

from tests.test_layouts import record_f1

FIELDS = ("target", "pic", "unit", "budget", "note", "schedule_text", "activity_number")


@pytest.mark.parametrize("name", ["renstra_ruled_between_rows", "rkt_iku_ruled_between_rows"])
def test_a_plan_without_schedule_left_unread_is_flagged(name, tmp_path, monkeypatch):
    """An IKU or Renstra header (a level and an indicator, no schedule) on a LAMPIRAN page that
    gave no records is a table read wrongly: here the reader of tables ruled between rows only
    is made to find nothing."""
    from rencana.stages.tables import borderless

    monkeypatch.setattr(borderless, "find", lambda *args, **kwargs: None)
    drawing = family_tables.DRAWINGS[name]()
    document = extract(family_tables.build(drawing, tmp_path / f"{name}.pdf"))
    assert document.records == []
    assert [r.check for r in document.quality.reasons] == ["annex_page_without_records"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: family_tables.rb_action_plan(mark="\u00a4"),
        lambda: family_tables.pkpt_calendar(ticks=True, mark="\u00a4"),
    ],
)
def test_a_grid_of_marks_no_vocabulary_knows_is_flagged(build, tmp_path):
    """A tick in a symbol font with no Unicode map comes out as some letter; where the grid
    marks are none the vocabulary knows, no row gets its months, and the verdict says so."""
    drawing = build()
    document = extract(family_tables.build(drawing, tmp_path / "grid.pdf"))
    assert all(r.months == [] for r in document.records)
    assert "grid_not_read" in [r.check for r in document.quality.reasons]


def test_unruled_merged_sasaran_centred_over_its_indicators(tmp_path):
    """Without rulings, a Sasaran merged over two rows and centred between them starts its text
    inside the first indicator's row (the layout fuzzer's "ruling:none", seed 696); under a
    parent "Indikator Kinerja" over Uraian | Target | Satuan, Uraian holds the indicators, so
    its blocks start the rows and the Sasaran takes the rows it is centred on."""
    drawing = family_tables.rkt_iku(indicator_parent=True, ruling="none")
    document = extract(family_tables.build(drawing, tmp_path / "rkt.pdf")).model_dump(mode="json")
    assert record_f1(drawing.records, document["records"])[0] == 1.0
    assert not document["quality"]["needs_review"]


def test_an_annex_printed_on_its_own_is_read_without_a_false_alarm(tmp_path):
    """The LAMPIRAN pages alone (an office posts its annex as a file of its own): the annex
    header gives NOMOR and TANGGAL, no title; the NOMOR is not run on into the lines below it,
    and nothing a decree's body would give is missed."""
    import pikepdf

    drawing = family_tables.DRAWINGS["renstra"]()
    whole = family_tables.build(drawing, tmp_path / "whole.pdf")
    annex = tmp_path / "annex.pdf"
    with pikepdf.open(whole) as pdf:
        del pdf.pages[0]
        pdf.save(annex)
    document = extract(annex).model_dump(mode="json")
    assert document["metadata"]["number"] == drawing.spec.number
    assert document["metadata"]["enacted_date"] == drawing.spec.enacted.isoformat()
    assert document["metadata"]["title"] is None
    assert record_f1(drawing.records, document["records"])[0] == 1.0
    assert not document["quality"]["needs_review"], document["quality"]["reasons"]
