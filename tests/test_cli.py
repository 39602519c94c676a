"""The CLI is thin: each command calls library code; these check its outputs and formats."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from rencana.cli import app
from rencana.corpus.export import RECORD_COLUMNS
from tests.conftest import CORPUS

DEMAK = CORPUS / "kpu-kab-demak-2023-grid.pdf"


def test_extract_prints_the_decree_document_to_stdout():
    result = CliRunner().invoke(app, ["extract", str(DEMAK)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["source"]["file"] == DEMAK.name and doc["source"]["pages"] == 7
    assert doc["metadata"]["number"] == "21/PL.01-Kpt/3321/2023"
    assert len(doc["records"]) == 58
    assert all(r["pages"] and r["bbox"] for r in doc["records"])


def test_extract_csv_has_one_row_per_record(tmp_path):
    out = tmp_path / "demak.csv"
    result = CliRunner().invoke(app, ["extract", str(DEMAK), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == RECORD_COLUMNS and len(rows) == 58
    assert rows[0]["months"] == "1,2,3,4,5,6,7,8,9,10,11,12" and rows[0]["pic"] == "Kasubbag Hukum"


def test_schema_prints_the_decree_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "DecreeDocument"
