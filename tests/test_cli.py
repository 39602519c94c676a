"""The CLI is thin: each command calls library code; these check its outputs and formats."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from rencana.cli import app, readers_for
from rencana.corpus.export import RECORD_COLUMNS
from rencana.options import ExtractOptions
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
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == RECORD_COLUMNS and len(rows) == 58
    assert (
        json.loads(rows[0]["months"]) == list(range(1, 13)) and rows[0]["pic"] == "Kasubbag Hukum"
    )


def test_the_output_extension_picks_the_format_and_a_mismatch_is_an_error(tmp_path):
    runner = CliRunner()
    picked = tmp_path / "demak.csv"
    assert runner.invoke(app, ["extract", str(DEMAK), "-o", str(picked)]).exit_code == 0
    assert picked.read_text(encoding="utf-8-sig").startswith("area_number,")
    mismatch = runner.invoke(
        app, ["extract", str(DEMAK), "--format", "csv", "-o", str(tmp_path / "x.json")]
    )
    assert mismatch.exit_code == 2 and not (tmp_path / "x.json").exists()
    assert (
        mismatch.output.strip()
        == f"{tmp_path / 'x.json'}: ekstensi .json tidak cocok dengan --format csv"
    )
    unknown = runner.invoke(app, ["extract", str(DEMAK), "-o", str(tmp_path / "x.xlsx")])
    assert unknown.exit_code == 2 and "json, csv" in unknown.output
    assert not (tmp_path / "x.xlsx").exists()


def test_version_and_help_stay_light():
    import subprocess
    import sys
    import time

    from rencana import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"rencana {__version__}"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "import sys, rencana.cli; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert time.perf_counter() - started < 2  # generous: the machine is shared
    loaded = done.stdout
    for heavy in ("'pandas'", "'pyarrow'", "'openpyxl'", "'pdfplumber'", "'cv2'", "'yaml'"):
        assert heavy not in loaded, heavy


def test_every_command_takes_verbosity_and_language():
    for command in ("extract", "schema", "compare", "ingest", "list", "serve"):
        text = CliRunner().invoke(app, [command, "--help"]).output
        assert "-v" in text and "--quiet" in text and "--lang" in text, command


def test_extract_says_how_many_warnings_in_one_line(monkeypatch):
    def fake(*_args):  # the document child: its text, warnings and review reasons
        return (
            "{}\n",
            [
                "no_plan_table: no plan table found",
                "schedule_unparsed: 'x'",
                "schedule_unparsed: 'y'",
            ],
            [],
        )

    monkeypatch.setattr("rencana.extract_process.document_text_of_sent", lambda _inbox: fake())
    result = CliRunner().invoke(app, ["extract", str(DEMAK)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{DEMAK}: 3 peringatan (schedule_unparsed 2, no_plan_table 1)"
    ]
    english = CliRunner().invoke(app, ["extract", str(DEMAK), "--lang", "en"])
    assert english.stderr.splitlines() == [
        f"{DEMAK}: 3 warnings (schedule_unparsed 2, no_plan_table 1)"
    ]
    assert CliRunner().invoke(app, ["extract", str(DEMAK), "-q"]).stderr == ""
    detailed = CliRunner().invoke(app, ["extract", str(DEMAK), "-v"]).stderr.splitlines()
    assert len(detailed) == 4 and detailed[1] == f"{DEMAK}: no_plan_table: no plan table found"


def test_extract_names_each_reason_to_review_in_one_line(monkeypatch):
    def fake(*_args):
        return "{}\n", [], [("repeated_text", 4), ("metadata_missing", 1)]

    monkeypatch.setattr("rencana.extract_process.document_text_of_sent", lambda _inbox: fake())
    result = CliRunner().invoke(app, ["extract", str(DEMAK)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{DEMAK}: perlu ditinjau: teks yang sama berulang di sel-sel satu baris (hlm. 4); "
        "metadata wajib keputusan rencana tidak ada (hlm. 1)"
    ]
    english = CliRunner().invoke(app, ["extract", str(DEMAK), "--lang", "en"]).stderr
    assert english.splitlines() == [
        f"{DEMAK}: needs review: the same text repeated across a row's cells (p. 4); "
        "metadata a plan decree must have is missing (p. 1)"
    ]


def test_the_language_follows_the_locale_and_the_option(monkeypatch):
    from rencana.messages import detect

    assert detect([], {"LANG": "en_US.UTF-8"}) == "en"
    assert detect([], {"LANG": "en_US.UTF-8", "LC_ALL": "id_ID.UTF-8"}) == "id"
    assert detect(["--lang", "en"], {"LANG": "id_ID"}) == "en"
    assert detect(["--lang=id"], {"LANG": "en_GB"}) == "id"
    assert detect([], {"LANG": "C.UTF-8"}) == "id" and detect([], {}) == "id"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = CliRunner().invoke(app, ["compare", str(DEMAK)])
    assert result.exit_code == 2 and "give two plans" in result.output


def test_the_catalogue_has_both_languages_for_every_message():
    from rencana.messages import LANGS, catalogue

    for key, entry in catalogue().items():
        assert set(entry) == set(LANGS) and all(entry.values()), key


def test_serve_without_datasette_says_so_in_one_line(tmp_path, monkeypatch):
    import importlib.util

    (tmp_path / "plans.sqlite").write_bytes(b"")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "datasette" else real(name, *a),
    )
    result = CliRunner().invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "serve: rencana serve perlu ekstra [serve]: pip install 'rencana[serve]'"
    )


def test_serve_binds_datasette_to_this_machine_with_the_metadata(tmp_path):
    from rencana.cli import serve_argv

    (tmp_path / "metadata.json").write_text("{}")
    argv = serve_argv(tmp_path / "plans.sqlite", 8123)
    assert argv[1:4] == ["-m", "datasette", "serve"]
    assert argv[argv.index("-h") + 1] == "127.0.0.1" and argv[argv.index("-p") + 1] == "8123"
    assert argv[argv.index("-m", 3) + 1] == str(tmp_path / "metadata.json")


def test_schema_prints_the_decree_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "DecreeDocument"


def test_extract_reads_a_scan_on_every_core_and_a_text_layer_on_one_fewer(monkeypatch, tmp_path):
    """A text-layer PDF leaves a core to the document child (spaCy's start-up) while its pages
    are read; a scan (no font, or a page-sized image under an OCR layer) is OCR'd on all."""
    monkeypatch.setattr("rencana.corpus.executors.available_cores", lambda: 4)
    auto = ExtractOptions()
    assert readers_for(DEMAK, auto) == 3
    assert readers_for(CORPUS / "scans" / "kpu-kab-jepara-2022-scan.pdf", auto) == 4
    ocr_layer = CORPUS / "real" / "scans" / "pemkab-kediri-2017-kepbup-penetapan-iku-ocrscan-p1.pdf"
    assert readers_for(ocr_layer, auto) == 4
    assert readers_for(DEMAK, ExtractOptions(ocr="always")) == 4
    assert readers_for(ocr_layer, ExtractOptions(ocr="never")) == 3
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    assert readers_for(junk, auto) == 4  # the readers say what is wrong with it
