"""Every drawing of the wider family's batches (issue 11: tests/fixtures/family_tables.py,
family_tables2.py, family_tables3.py; each module's tests say what it draws), read at test time:
its records, its fields and columns kept by header, and no flag when it reads right. Expected
records come from the data each table is drawn from, never from the pipeline's output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import family_tables
import family_tables2
import family_tables3

from tests.family_checks import (
    assert_fields_as_drawn,
    assert_read_right_unflagged,
    assert_records_as_drawn,
    family_reader,
)

# the first batch numbers its activities in the No column; the later ones also name them
FIELDS = ("target", "pic", "unit", "budget", "note", "schedule_text")
BATCHES = {
    "family": (family_tables, FIELDS + ("activity_number",)),
    "family2": (family_tables2, FIELDS + ("activity",)),
    "family3": (family_tables3, FIELDS + ("activity",)),
}
CASES = [
    pytest.param(batch, name, id=f"{batch}/{name}")
    for batch, (module, _) in BATCHES.items()
    for name in sorted(module.DRAWINGS)
]


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    readers = {
        batch: family_reader(module.DRAWINGS, module.build, tmp_path_factory.mktemp(batch))
        for batch, (module, _) in BATCHES.items()
    }
    return lambda batch, name: readers[batch](name)


@pytest.mark.parametrize(("batch", "name"), CASES)
def test_records(batch, name, read):
    assert_records_as_drawn(*read(batch, name))


@pytest.mark.parametrize(("batch", "name"), CASES)
def test_fields_and_columns_kept_by_header(batch, name, read):
    assert_fields_as_drawn(*read(batch, name), BATCHES[batch][1])


@pytest.mark.parametrize(("batch", "name"), CASES)
def test_read_right_is_not_flagged(batch, name, read):
    assert_read_right_unflagged(*read(batch, name))
