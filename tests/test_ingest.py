"""`rencana ingest` over good decrees and hostile files: every format, nothing lost, incremental, isolated."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from rencana.cli import app
from rencana.corpus.executors import IsolatedWorker, Limits, LocalExecutor, parse_size
from rencana.corpus.ingest import IngestConfig, discover, ingest, safe_stem
from rencana.messages import reason
from rencana.options import ExtractOptions

sys.path.insert(0, str(Path(__file__).parent))
from ingest_fixtures import tiny_decree_pdf, write_hostile_files, zip_bomb_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DECREE = CORPUS / "kpu-kab-jepara-2022.pdf"  # a plan decree with a table
REGULATION = (
    CORPUS / "regulations" / "sample4.pdf"
)  # a real law: no plan table, real Menimbang/Mengingat
SCHEMAS = ROOT / "schemas"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*args: str):
    result = CliRunner().invoke(app, ["ingest", *args], env={"COLUMNS": "400"})
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def ingest_corpus(tmp_path_factory) -> Path:
    """good/ (a decree and a regulation), same-name/ (a different decree file with the same name)
    and hostile/ (six files ingest must reject)."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "good").mkdir()
    shutil.copy(DECREE, root / "good" / DECREE.name)
    shutil.copy(REGULATION, root / "good" / REGULATION.name)
    (root / "same-name").mkdir()
    # Same file name, other content: a distinct decree whose JSON must not overwrite the first.
    tiny_decree_pdf(root / "same-name" / REGULATION.name, "7")
    write_hostile_files(root / "hostile", REGULATION)
    return root


@pytest.fixture(scope="module")
def first_run(ingest_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    started = time.perf_counter()
    result = run_cli(
        str(ingest_corpus),
        "--out",
        str(out),
        "--workers",
        "2",
        "--summary-json",
        str(out / "run.json"),
    )
    return out, result, time.perf_counter() - started


GOOD = ["good/kpu-kab-jepara-2022.pdf", "good/sample4.pdf", "same-name/sample4.pdf"]
HOSTILE = [
    "zero-byte.pdf",
    "truncated.pdf",
    "text-named.pdf",
    "image-named.PDF",
    "encrypted.pdf",
    "zip-bomb.pdf",
]


def test_each_hostile_file_is_reported_by_name_with_a_reason(first_run):
    out, result, _ = first_run
    assert result.exit_code == 1
    failures = {Path(f["path"]).name: f for f in json.loads((out / "failures.json").read_text())}
    assert sorted(failures) == sorted(HOSTILE)
    for name, failure in failures.items():
        assert failure["reason"] and "\n" not in failure["reason"]
        # failures.json keeps the reason as data (English); the terminal line is for people.
        assert f"{name}: {reason(failure['reason'])}" in result.output
    assert "empty" in failures["zero-byte.pdf"]["reason"]
    assert "truncated" in failures["truncated.pdf"]["reason"]
    assert "not a PDF" in failures["text-named.pdf"]["reason"]
    assert "PNG" in failures["image-named.PDF"]["reason"]
    assert "encrypted" in failures["encrypted.pdf"]["reason"]
    assert (
        "inflate" in failures["zip-bomb.pdf"]["reason"]
        or failures["zip-bomb.pdf"]["kind"] == "memory"
    )
    with sqlite3.connect(out / "plans.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM failures").fetchone()[0] == len(HOSTILE)


def record_counts(out: Path) -> dict[str, dict[str, int]]:
    """decree_id -> records, per output format."""
    counts: dict[str, dict[str, int]] = {}
    for path in (out / "decrees").glob("*.json"):
        doc = json.loads(path.read_text())
        counts.setdefault("json", {})[doc["source"]["sha256"]] = len(doc["records"])

    def tally(ids) -> dict[str, int]:
        result = {key: 0 for key in counts["json"]}
        for decree_id in ids:
            result[decree_id] = result.get(decree_id, 0) + 1
        return result

    counts["jsonl"] = tally(
        json.loads(line)["decree_id"] for line in (out / "records.jsonl").read_text().splitlines()
    )
    counts["csv"] = tally(pd.read_csv(out / "records.csv", dtype=str)["decree_id"])
    counts["parquet"] = tally(pd.read_parquet(out / "records.parquet")["decree_id"])
    with sqlite3.connect(out / "plans.sqlite") as db:
        counts["sqlite"] = tally(row[0] for row in db.execute("SELECT decree_id FROM records"))
        counts["sqlite_decrees"] = dict(db.execute("SELECT decree_id, record_count FROM decrees"))
    from openpyxl import load_workbook

    sheet = load_workbook(out / "plans.xlsx", read_only=True)["Rekaman"]
    rows = sheet.iter_rows(values_only=True)
    column = next(rows).index("ID keputusan (sha256)")
    counts["xlsx"] = tally(row[column] for row in rows)
    return counts


def test_every_good_decree_lands_with_equal_record_counts_in_every_format(first_run, ingest_corpus):
    out, _, _ = first_run
    counts = record_counts(out)
    assert set(counts["json"]) == {sha256(ingest_corpus / name) for name in GOOD}
    for fmt, per_decree in counts.items():
        assert per_decree == counts["json"], fmt
    # The plan decree has a plan table; whatever the table stage yields must be the same everywhere.
    with sqlite3.connect(out / "plans.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM decrees").fetchone()[0] == len(GOOD)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_same_file_name_in_two_folders_gets_two_decree_files(first_run, ingest_corpus):
    out, _, _ = first_run
    names = sorted(p.name for p in (out / "decrees").glob("*.json"))
    other = sha256(ingest_corpus / "same-name" / "sample4.pdf")[:8]
    assert names == sorted(["kpu-kab-jepara-2022.json", "sample4.json", f"sample4-{other}.json"])


def test_decree_json_is_the_same_as_rencana_extract(first_run, ingest_corpus):
    out, _, _ = first_run
    other = sha256(ingest_corpus / "same-name" / "sample4.pdf")[:8]
    result = CliRunner().invoke(app, ["extract", str(ingest_corpus / "same-name" / "sample4.pdf")])
    assert result.exit_code == 0
    assert (out / "decrees" / f"sample4-{other}.json").read_text() == result.stdout


def decree_files() -> list[Path]:
    """Decree JSON in the project's outputs/ (after `make run`), checked like the test's own."""
    return sorted((ROOT / "outputs" / "decrees").glob("*.json"))


@pytest.mark.parametrize(
    "path", decree_files() or [None], ids=lambda p: p.name if p else "no-outputs-yet"
)
def test_decree_json_in_outputs_validates_against_schema(path, first_run):
    import jsonschema

    schema = json.loads((SCHEMAS / "decree.schema.json").read_text())
    paths = [path] if path else sorted((first_run[0] / "decrees").glob("*.json"))
    assert paths
    for decree in paths:
        jsonschema.validate(json.loads(decree.read_text()), schema)


def test_datapackage_fields_agree_with_the_csv_and_the_record_schema(first_run):
    out, _, _ = first_run
    package = json.loads((out / "datapackage.json").read_text())
    record_schema = json.loads((SCHEMAS / "record.schema.json").read_text())["properties"]
    resources = {r["name"]: r for r in package["resources"]}
    for resource in resources.values():
        text = (out / resource["path"]).read_text(encoding=resource["encoding"])
        header = text.splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    fields = {f["name"]: f["type"] for f in resources["records"]["schema"]["fields"]}
    assert set(fields) == set(record_schema)
    for name, prop in record_schema.items():
        options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
        jtype = options[0].get("type", "object")  # a $ref is an object
        assert fields[name] == jtype, name  # lists and objects are JSON text in a cell
    records = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False)
    for column in (c for c, t in fields.items() if t == "integer"):
        assert all(v == "" or v.lstrip("-").isdigit() for v in records[column]), column


def test_summary_json_counts_the_run(first_run):
    out, _, _ = first_run
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert summary["exit_code"] == 1 and summary["this_run"]["files_found"] == len(GOOD) + len(
        HOSTILE
    )
    assert summary["this_run"]["extracted"] == len(GOOD)
    assert summary["in_outputs"]["decrees"] == len(GOOD)
    assert sorted(Path(f["path"]).name for f in summary["failures"]) == sorted(HOSTILE)


def test_records_jsonl_of_a_real_ingest_validates_against_the_record_schema(first_run):
    import jsonschema

    out, _, _ = first_run
    schema = json.loads((SCHEMAS / "record.schema.json").read_text())
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 129
    for line in lines:
        jsonschema.validate(json.loads(line), schema)


def test_the_corpus_is_typed_and_browsable(first_run):
    import pyarrow.parquet as pq

    out, _, _ = first_run
    assert str(pq.read_schema(out / "records.parquet").field("months").type).startswith("list<")
    with sqlite3.connect(out / "plans.sqlite") as db:
        issuers = {row[0] for row in db.execute("SELECT DISTINCT issuer FROM records")}
        assert "Komisi Pemilihan Umum Kabupaten Jepara" in {i for i in issuers if i}
        assert (
            db.execute("SELECT COUNT(*) FROM records WHERE plan_year = 2022").fetchone()[0] >= 129
        )
        assert (
            db.execute(
                "SELECT COUNT(*) FROM records WHERE json_valid(months) AND months LIKE '[%'"
            ).fetchone()[0]
            == db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        )
        assert db.execute("SELECT COUNT(*) FROM records_fts WHERE records_fts MATCH 'laporan'")
    assert (out / "records.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (out / "metadata.json").exists()
    listing = CliRunner().invoke(app, ["list", str(out)], env={"COLUMNS": "200"})
    assert listing.exit_code == 0
    line = next(l for l in listing.stdout.splitlines() if "Jepara" in l)
    assert "2022" in line and "129" in line


def test_rerun_of_unchanged_corpus_skips_everything(first_run, ingest_corpus):
    out, _, first_seconds = first_run
    started = time.perf_counter()
    report = ingest([ingest_corpus], IngestConfig(out=out, workers=2))
    rerun_seconds = time.perf_counter() - started
    assert report.extracted == 0 and not report.new_failures
    assert report.unchanged == len(GOOD) + len(HOSTILE)
    assert report.exit_code == 1  # the hostile files still fail
    assert not report.exported  # nothing changed: flat files are current
    assert rerun_seconds <= 0.10 * first_seconds, (rerun_seconds, first_seconds)


def test_changed_file_replaces_its_rows_and_prune_removes_gone_files(tmp_path, executor):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    pdf = tiny_decree_pdf(folder / "uu.pdf", "1")
    extra = folder / "copy.pdf"
    shutil.copy(pdf, extra)  # same content under another name: stored once
    config = IngestConfig(out=out, workers=1)
    first = ingest([folder], config, executor=executor)
    assert first.extracted == 1 and first.totals["decrees"] == 1 and first.exit_code == 0
    old_id = sha256(pdf)

    # Touched but unchanged: hashed, not extracted.
    os.utime(pdf, ns=(time.time_ns(), time.time_ns()))
    assert ingest([folder], config, executor=executor).extracted == 0

    pdf.write_bytes(pdf.read_bytes() + b"% changed\n")
    extra.unlink()
    second = ingest([folder], config, executor=executor)
    assert second.extracted == 1 and second.gone == 1 and second.pruned == 0
    with sqlite3.connect(out / "plans.sqlite") as db:
        ids = {row[0] for row in db.execute("SELECT decree_id FROM decrees")}
    assert ids == {
        old_id,
        sha256(pdf),
    }  # the old content is still held by copy.pdf (no --prune yet)

    third = ingest([folder], IngestConfig(out=out, workers=1, prune=True), executor=executor)
    assert third.pruned == 1 and third.totals["decrees"] == 1
    with sqlite3.connect(out / "plans.sqlite") as db:
        assert {row[0] for row in db.execute("SELECT decree_id FROM decrees")} == {sha256(pdf)}
        assert (
            db.execute("SELECT COUNT(*) FROM records WHERE decree_id = ?", (old_id,)).fetchone()[0]
            == 0
        )
    assert [p.name for p in (out / "decrees").glob("*.json")] == ["uu.json"]
    assert set(pd.read_csv(out / "records.csv", dtype=str)["decree_id"]) <= {sha256(pdf)}
    assert json.loads((out / "decrees" / "uu.json").read_text())["source"]["sha256"] == sha256(pdf)


def test_a_new_pipeline_version_re_extracts_unchanged_files(tmp_path, executor):
    from rencana.corpus.store import EXTRACTOR_KEY, Store

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    tiny_decree_pdf(folder / "a.pdf", "1")
    shutil.copy(tiny_decree_pdf(folder / "b.pdf", "2"), folder / "b-copy.pdf")
    config = IngestConfig(out=out, workers=1)
    assert ingest([folder], config, executor=executor).extracted == 2
    assert ingest([folder], config, executor=executor).extracted == 0
    with Store(out / "plans.sqlite") as store:
        store.set_meta(EXTRACTOR_KEY, "an older pipeline")
    again = ingest([folder], config, executor=executor)
    assert again.extracted == 2 and again.totals["decrees"] == 2
    assert ingest([folder], config, executor=executor).extracted == 0


def test_ctrl_c_keeps_whole_decrees_and_the_next_run_resumes(tmp_path, executor):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    tiny_decree_pdf(folder / "a.pdf", "1")
    tiny_decree_pdf(folder / "b.pdf", "2")
    (folder / "c.pdf").write_bytes(b"not a pdf")

    def interrupt_after_first(event, info):
        if event == "done":
            raise KeyboardInterrupt

    report = ingest([folder], IngestConfig(out=out, workers=1), interrupt_after_first, executor)
    assert report.interrupted and report.exit_code == 130
    stored = report.totals["decrees"] + report.totals["failures"]
    assert stored == 1
    resumed = ingest([folder], IngestConfig(out=out, workers=1), executor=executor)
    assert resumed.extracted + len(resumed.new_failures) == 2
    assert resumed.totals["decrees"] == 2 and resumed.totals["failures"] == 1
    retried = ingest(
        [folder], IngestConfig(out=out, workers=1, retry_failed=True), executor=executor
    )
    assert retried.extracted == 0 and [Path(f.path).name for f in retried.new_failures] == ["c.pdf"]


def test_dask_executor_gives_the_same_results_as_local(tmp_path, ingest_corpus, first_run):
    pytest.importorskip("dask.distributed")
    local, dask = first_run[0], tmp_path / "dask"
    good = ingest_corpus / "good"
    report = ingest([good], IngestConfig(out=dask, workers=2, executor="dask"))
    assert report.extracted == 2 and not report.new_failures
    dask_docs = {p.name: p.read_text() for p in (dask / "decrees").glob("*.json")}
    assert dask_docs == {name: (local / "decrees" / name).read_text() for name in dask_docs}
    ids = {json.loads(text)["source"]["sha256"] for text in dask_docs.values()}

    def rows(out: Path) -> list[str]:
        return [
            line
            for line in (out / "records.jsonl").read_text().splitlines()
            if json.loads(line)["decree_id"] in ids
        ]

    assert rows(dask) == rows(local)
    local_parquet = pd.read_parquet(local / "records.parquet")
    local_parquet = local_parquet[local_parquet["decree_id"].isin(ids)].reset_index(drop=True)
    assert pd.read_parquet(dask / "records.parquet").equals(local_parquet)


# --- isolation ---------------------------------------------------------------------------------
def test_workers_run_under_the_memory_limit(tmp_path, executor):
    assert executor.limits.memory_bytes == parse_size("1.5GiB")  # the default
    outcomes = list(executor.map([(str(tiny_decree_pdf(tmp_path / "d.pdf", "1")), None)]))
    assert outcomes[0]["ok"], outcomes[0]["reason"]
    limits_text = Path(f"/proc/{executor.workers[0].pid}/limits").read_text()
    line = next(l for l in limits_text.splitlines() if l.startswith("Max address space"))
    assert line.split()[3] == str(int(1.5 * (1 << 30)))


def test_memory_limit_stops_a_zip_bomb_that_gets_past_the_stream_guard(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(zip_bomb_pdf())
    # Let pdfminer inflate the whole gigabyte: neither the stream cap nor the file's total cap.
    unguarded = ExtractOptions(max_stream_bytes=1 << 40, max_total_stream_bytes=1 << 40)
    worker = IsolatedWorker(Limits(timeout=120, memory_bytes=parse_size("768MiB")))
    try:
        outcome = worker.run_one(str(bomb), unguarded)
    finally:
        worker.close()
    assert outcome["kind"] == "memory", outcome["reason"]
    assert outcome["reason"] == "out of memory (worker memory limit: 0.75 GiB)"
    assert outcome["recycle"]


def test_timeout_kills_the_worker_and_the_run_goes_on(tmp_path):
    tiny = tmp_path / "not.pdf"
    tiny.write_text("plain text")
    with LocalExecutor(1, Limits(timeout=0.3, page_seconds=0)) as executor:
        outcomes = {
            Path(o["path"]).name: o for o in executor.map([(str(DECREE), None), (str(tiny), None)])
        }
    assert outcomes[DECREE.name]["kind"] == "timeout"
    assert outcomes[DECREE.name]["reason"] == "timed out after 0.3 s"
    assert outcomes["not.pdf"]["kind"] == "bad_input"  # served by a fresh worker


def test_a_crashed_worker_becomes_a_one_line_failure():
    worker = IsolatedWorker(Limits(timeout=30))
    worker.send(str(DECREE), None)
    os.kill(worker.pid, signal.SIGSEGV)
    outcome = None
    while outcome is None:  # skip the ready signal if the worker got that far
        outcome = worker.recv()
    assert outcome["kind"] == "crash" and outcome["reason"] == "worker crashed (SIGSEGV)"
    assert not worker.alive


def test_a_worker_with_idle_cores_reads_pages_in_forked_readers_to_the_same_decree():
    """A worker given two readers (one worker on two cores) gives the same decree as one reader,
    and still tells the page count early (the parent's time limit grows with it)."""
    decrees = []
    for readers in (1, 2):
        worker = IsolatedWorker(Limits(timeout=120), readers)
        try:
            outcome = worker.run_one(str(DECREE), None)
            assert outcome["ok"], outcome["reason"]
            assert worker.pages == outcome["pages"] == 12
        finally:
            worker.close()
        decree = json.loads(outcome["document"])
        decree["source"].pop("extracted_at", None)
        decrees.append(decree)
    assert decrees[0] == decrees[1]


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def test_workers_are_forked_warm_by_one_zygote_and_a_crashed_one_is_replaced_from_it(tmp_path):
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    with LocalExecutor(2, Limits(timeout=60)) as executor:
        outcomes = list(executor.map([(str(pdf), None), (str(pdf), None)]))
        assert all(o["ok"] for o in outcomes)
        zygote = executor.zygote
        assert zygote is not None
        assert {_parent_of(w.pid) for w in executor.workers} == {zygote.process.pid}
        first = executor.workers[0]
        os.kill(first.pid, signal.SIGSEGV)
        first.send(str(pdf), None)
        outcome = None
        while outcome is None:
            outcome = first.recv()
        assert outcome["kind"] == "crash" and outcome["reason"] == "worker crashed (SIGSEGV)"
        (again,) = executor.map([(str(pdf), None)])  # served by a fresh fork of the same zygote
        assert again["ok"]
        assert {_parent_of(w.pid) for w in executor.workers} == {zygote.process.pid}


def test_without_its_zygote_an_ingest_starts_workers_on_their_own(tmp_path):
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    with LocalExecutor(1, Limits(timeout=60)) as executor:
        assert executor.zygote is not None
        executor.zygote.process.kill()  # its workers die with it
        executor.zygote.process.wait()
        outcomes = list(executor.map([(str(pdf), None), (str(pdf), None)]))
        # The worker it was to fork is seen dead before its first task and replaced.
        assert all(o["ok"] for o in outcomes), outcomes
        assert executor.zygote is None and executor.zygote_failed
        assert _parent_of(executor.workers[0].pid) == os.getpid()


def test_missing_path_is_one_line_and_non_zero(tmp_path):
    result = run_cli(str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


# --- pure helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.5GiB", 1610612736),
        ("800MiB", 800 << 20),
        ("2G", 2 << 30),
        ("1000", 1000),
        ("1.5 gib", 1610612736),
    ],
)
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "1.5XB"])
def test_parse_size_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.parametrize(
    "path, stem",
    [
        ("/a/Keputusan KPU 12.pdf", "Keputusan-KPU-12"),
        ("/a/..pdf", "decree"),
        ("/a/rencana_aksi-2023.PDF", "rencana_aksi-2023"),
    ],
)
def test_safe_stem(path, stem):
    assert safe_stem(path) == stem


def test_discover_walks_folders_for_pdfs_in_any_case(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ["a/x.pdf", "a/b/y.PDF", "a/b/z.txt", "w.Pdf"]:
        (tmp_path / name).write_bytes(b"")
    files, roots = discover([tmp_path / "a", tmp_path / "w.Pdf"])
    assert [Path(f.path).relative_to(tmp_path).as_posix() for f in files] == [
        "a/b/y.PDF",
        "a/x.pdf",
        "w.Pdf",
    ]
    assert roots == [(tmp_path / "a").resolve()]


def test_largest_files_are_dispatched_first(tmp_path):
    from rencana.corpus.ingest import Job, largest_first
    from rencana.corpus.store import FileStat

    jobs = []
    for name, size in (("small.pdf", 10), ("big.pdf", 1000), ("middle.pdf", 100)):
        (tmp_path / name).write_bytes(b"%" * size)
        jobs.append(Job(FileStat.of(tmp_path / name), "0" * 64, name))
    assert [job.name for job in largest_first(jobs)] == ["big.pdf", "middle.pdf", "small.pdf"]


def test_ingest_works_from_a_folder_whose_modules_shadow_ours(tmp_path):
    """A user's own pipeline.py or rencana.py in the current folder never reaches the workers."""
    import subprocess
    import sys

    for name in ("pipeline.py", "rencana.py"):
        (tmp_path / name).write_text("raise SystemExit('the user module was imported')\n")
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(CORPUS / "kpu-kab-jepara-2022.pdf", corpus)
    cli = Path(sys.executable).parent / "rencana"
    done = subprocess.run(
        [str(cli), "ingest", "in", "--out", "out", "--workers", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 129  # the Jepara reference's records, as in its gold
