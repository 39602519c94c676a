"""The wider family's third batch (issue 11, tests/fixtures/family_tables3.py), drawn at test
time: half-year grids, month names turned in their cells over shaded months, a PKPT's weeks
numbered I … IV, a Renstra with targets and budgets per year, an IKU with its formulas, a
Rencana Kerja with a total row, a "Kode" column, a header white on dark, and an activity going
on over a page break under no repeated header. Expected records come from the data each table
is drawn from, never from the pipeline's output."""

from __future__ import annotations

import sys
from pathlib import Path

from rencana.runner import extract

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import family_tables2
import family_tables3
from family_tables import TICK

from tests.family_checks import assert_read_right_unflagged


def test_month_names_turned_in_a_table_ruled_between_rows_are_read(tmp_path):
    """Turned month names without column rulings: their glyphs stand one above another, so their
    x ranges overlap by nature; they had been parted as text printed over text into single
    letters, a repeated letter lost ("Januri", "Septmbr"), and January's ticks dropped."""
    drawing = family_tables2.month_grid(mark=TICK, vertical=True, ruling="horizontal")
    document = extract(family_tables3.build(drawing, tmp_path / "turned.pdf"))
    assert_read_right_unflagged(drawing, document.model_dump(mode="json"))
