"""Hostile, damaged and unlucky input (issue 18): every case ends in a result or in one line
`FILE: reason` with exit 2, in bounded time and memory, and nothing is ever filed wrong."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rencana import runner
from rencana.cli import app
from rencana.core import files
from rencana.core.state import Extraction
from rencana.corpus import store as store_module
from rencana.corpus.executors import (
    WALL_LIMIT_FACTOR,
    IsolatedWorker,
    Limits,
    LocalExecutor,
    run_forked,
    start_forked,
)
from rencana.corpus.ingest import IngestConfig, ingest
from rencana.errors import BadInput, ProcessDied, TimedOut
from rencana.options import ExtractOptions
from rencana.stages.page.guard import HostileInput

sys.path.insert(0, str(Path(__file__).parent))
from ingest_fixtures import (
    HOSTILE_BUILDERS,
    deeply_nested_pdf,
    one_page_pdf,
    slow_pdf,
    stream,
    tiny_decree_pdf,
)

ROOT = Path(__file__).resolve().parents[1]
DEMAK = ROOT / "corpus" / "kpu-kab-demak-2023-grid.pdf"
JEPARA = ROOT / "corpus" / "kpu-kab-jepara-2022.pdf"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def one_line_failure(result, path) -> str:
    message = result.output.strip()
    assert result.exit_code == 2, message
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{path}: "), message
    return message


# --- 6. the bomb guard over every shape ----------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(HOSTILE_BUILDERS))
def test_hostile_file_ends_in_one_line_in_bounded_time(kind, tmp_path):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(HOSTILE_BUILDERS[kind]())
    started = time.perf_counter()
    result = CliRunner().invoke(
        app, ["extract", str(path), "-o", str(tmp_path / "out.json"), "--lang", "en"]
    )
    elapsed = time.perf_counter() - started
    assert "hostile PDF" in one_line_failure(result, path)
    assert elapsed < 30, f"{kind} took {elapsed:.0f} s"
    assert not (tmp_path / "out.json").exists()


def test_compare_on_a_hostile_pdf_ends_in_one_line(tmp_path):
    path = tmp_path / "loop.pdf"
    path.write_bytes(HOSTILE_BUILDERS["self-reference"]())
    gold = ROOT / "corpus" / "compare" / "kpu-kab-jepara-2022.gold.json"
    result = CliRunner().invoke(app, ["compare", str(path), str(gold)])
    assert "loop of references" in one_line_failure(result, path)


def test_a_blank_page_is_not_sent_to_ocr(tmp_path, monkeypatch):
    from rencana.stages.ocr import engine

    def no_tesseract(*args, **kwargs):
        raise AssertionError("a blank page went to Tesseract")

    monkeypatch.setattr(engine, "recognise", no_tesseract)
    monkeypatch.setattr(engine, "require_tesseract", lambda langs: None)
    path = tmp_path / "blank.pdf"
    path.write_bytes(one_page_pdf(stream(b"")))
    with pytest.raises(BadInput, match="no text layer"):
        runner.extract(path, ExtractOptions(ocr="auto"))


# --- 1. one hash, taken once ---------------------------------------------------------------------
def test_a_file_swapped_after_it_was_read_keeps_the_hash_of_what_was_parsed(tmp_path, monkeypatch):
    path = tmp_path / "decree.pdf"
    tiny_decree_pdf(path, "111")
    first = path.read_bytes()
    other = tiny_decree_pdf(tmp_path / "other.pdf", "999").read_bytes()
    real_open = runner.open_pdf

    def open_then_swap(data, options):
        pdf = real_open(data, options)
        path.write_bytes(other)  # a sync client replaces the file while we parse
        return pdf

    monkeypatch.setattr(runner, "open_pdf", open_then_swap)
    doc = runner.extract(path, ExtractOptions(ocr="never"))
    assert doc.source.sha256 == sha256(first)
    assert "111" in (doc.metadata.number or "")


def test_a_file_swapped_during_the_read_is_read_again(tmp_path, monkeypatch):
    path = tmp_path / "decree.pdf"
    path.write_bytes(b"%PDF-old" + b"x" * 100)
    calls = []
    real_open = open

    def open_and_swap(name, mode="r", *args, **kwargs):
        if not calls:
            os.replace(_written(tmp_path / "new.pdf", b"%PDF-new" + b"y" * 50), path)
        calls.append(name)
        return real_open(name, mode, *args, **kwargs)

    monkeypatch.setattr(files, "open", open_and_swap, raising=False)
    read = files.read_once(path)
    assert read.data.startswith(b"%PDF-new") and read.sha256 == sha256(read.data)
    assert len(calls) == 2


def test_a_file_that_keeps_changing_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "decree.pdf"
    path.write_bytes(b"%PDF-1" + b"x" * 10)
    real_open = open
    counter = iter(range(100))

    def open_and_touch(name, mode="r", *args, **kwargs):
        handle = real_open(name, mode, *args, **kwargs)
        path.write_bytes(b"%PDF-1" + b"x" * (11 + next(counter)))
        return handle

    monkeypatch.setattr(files, "open", open_and_touch, raising=False)
    with pytest.raises(files.FileChanged):
        files.read_once(path)


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_ingest_files_what_the_worker_read_under_its_hash(tmp_path, executor):
    """The file is replaced between planning and the worker's read: the stored decree, its hash
    and its stat all belong to the new bytes, and the next run leaves it alone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = tiny_decree_pdf(corpus / "decree.pdf", "111")
    other = tiny_decree_pdf(tmp_path / "other.pdf", "22222").read_bytes()

    def swap_after_planning(event, info):
        if event == "planned":
            path.write_bytes(other)

    out = tmp_path / "out"
    config = IngestConfig(out=out, options=ExtractOptions(ocr="never"))
    report = ingest([corpus], config, swap_after_planning, executor=executor)
    assert report.extracted == 1
    db = sqlite3.connect(out / "plans.sqlite")
    decree_id, number = db.execute("SELECT decree_id, number FROM decrees").fetchone()
    size, stored_sha = db.execute("SELECT size, sha256 FROM files").fetchone()
    assert decree_id == stored_sha == sha256(other) and "22222" in number
    assert size in (len(other), -1)  # the worker's stat, or none: then the next run re-hashes
    again = ingest([corpus], config, executor=executor)
    assert again.extracted == 0 and again.unchanged == 1


# --- 2. output names that always fit --------------------------------------------------------------
def test_a_250_character_file_name_gets_a_short_output_name(tmp_path, executor):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_name = "Keputusan KPU " + "sangat panjang " * 15 + "x" * 11
    long_name = long_name[:246] + ".pdf"
    assert len(long_name) == 250
    tiny_decree_pdf(corpus / long_name, "3")
    out = tmp_path / "out"
    report = ingest(
        [corpus], IngestConfig(out=out, options=ExtractOptions(ocr="never")), executor=executor
    )
    assert report.extracted == 1 and not report.failures
    (json_file,) = (out / "decrees").glob("*.json")
    assert len(json_file.name) <= 120
    assert (out / "records.csv").exists() and (out / "plans.xlsx").exists()


# --- 3. every output error is one line -----------------------------------------------------------
def test_extract_into_a_folder_is_one_line(tmp_path):
    folder = tmp_path / "here"
    folder.mkdir()
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    result = CliRunner().invoke(app, ["extract", str(pdf), "-o", str(folder)])
    assert "is a folder" in one_line_failure(result, folder)


def test_extract_under_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    result = CliRunner().invoke(app, ["extract", str(pdf), "-o", str(blocker / "out.json")])
    message = result.output.strip()
    assert result.exit_code == 2 and len(message.splitlines()) == 1 and "file" in message


def test_ingest_out_names_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "outputs"
    blocker.write_text("x")
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    result = CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(blocker)])
    assert "not a folder" in one_line_failure(result, blocker)


def _mount_tmpfs(where: Path, *options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(where)],
        capture_output=True,
    )
    return done.returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    mounted: list[Path] = []

    def make(name: str, *options: str) -> Path:
        where = tmp_path / name
        if not _mount_tmpfs(where, *options):
            pytest.skip("mounting a tmpfs is not permitted here")
        mounted.append(where)
        return where

    yield make
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_read_only_output_folder_is_one_line(tmpfs, tmp_path):
    folder = tmpfs("ro", "ro", "size=1m")
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    result = CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(folder / "out")])
    assert "read-only" in one_line_failure(result, folder / "out")
    extract = CliRunner().invoke(app, ["extract", str(pdf), "-o", str(folder / "a.json")])
    assert "read-only" in extract.output and extract.exit_code == 2


def test_full_disk_is_one_line_and_says_so(tmpfs, tmp_path):
    folder = tmpfs("full", "size=160k")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for tag in range(3):
        tiny_decree_pdf(corpus / f"d{tag}.pdf", str(tag))
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--out", str(folder)])
    message = one_line_failure(result, result.output.strip().split(": ")[0])
    assert "disk full" in message and "rollback" not in message


def sqlite_lock_holder(database: Path, seconds: float) -> subprocess.Popen:
    """Another program holding ``database`` locked (BEGIN EXCLUSIVE) for ``seconds``, then
    committing; returned once the lock is taken."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True)\n"
            "time.sleep(float(sys.argv[2])); db.execute('COMMIT')",
            str(database),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_locked_database_names_its_holder(tmp_path, monkeypatch):
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(out)]).exit_code == 0
    holder = sqlite_lock_holder(out / "plans.sqlite", seconds=60)
    try:
        monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
        tiny_decree_pdf(pdf, "2")  # changed: ingest must write
        result = CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(out)])
        message = one_line_failure(result, out / "plans.sqlite")
        assert "locked" in message and f"pid {holder.pid}" in message
    finally:
        holder.kill()
        holder.wait()


def test_a_second_ingest_into_the_same_folder_is_one_line(tmp_path):
    from rencana.corpus.outputs import FolderLock

    out = tmp_path / "out"
    out.mkdir()
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    with FolderLock(out):
        result = CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(out)])
    assert "another ingest" in one_line_failure(result, out)


# --- 4. children die with their parent; a killed export leaves nothing behind -------------------
def _children(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_ingest_leaves_no_worker_behind(tmp_path, sig):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # The worker reads it for ~26 s: past the 6 + 5 s below, so only a worker killed with its
    # parent is gone by then (8 MiB of blanks took 2.5 s: a worker outliving its parent had
    # finished in time).
    (corpus / "slow.pdf").write_bytes(slow_pdf(1 << 20))
    parent = subprocess.Popen(
        [sys.executable, "-m", "rencana", "ingest", str(corpus), "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while not workers and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = _children(parent.pid)
    assert workers, "ingest started no worker"
    # Past its start-up (imports, warm-up: ~3 s), into the ~13 s read: a worker killed sooner
    # dies anyway, of its first answer to a parent that is gone.
    time.sleep(6)
    parent.send_signal(sig)
    parent.wait()
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker outlived its parent"


def test_temp_files_of_a_killed_export_are_removed_at_the_next_run(tmp_path, executor):
    out = tmp_path / "out"
    (out / "decrees").mkdir(parents=True)
    leftovers = [out / ".records.jsonl.k2j3h4g5", out / "decrees" / ".a.json.x8y7z6w5"]
    for leftover in leftovers:
        leftover.write_text("half")
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    ingest([pdf], IngestConfig(out=out, options=ExtractOptions(ocr="never")), executor=executor)
    assert not any(leftover.exists() for leftover in leftovers)


# --- 5. the same limits for every command ---------------------------------------------------------
def _sleep(seconds: float, pages: int = 0) -> str:
    if pages and runner.page_count_listener is not None:
        runner.page_count_listener(pages)
    time.sleep(seconds)
    return "done"


def _spin(cpu_seconds: float, pages: int = 0) -> str:
    """Compute for ``cpu_seconds`` of CPU time (a stuck parser, a long OCR)."""
    if pages and runner.page_count_listener is not None:
        runner.page_count_listener(pages)
    until = time.process_time() + cpu_seconds
    while time.process_time() < until:
        pass
    return "done"


def test_forked_work_that_computes_is_killed_at_its_time_limit_in_cpu_seconds():
    started = time.perf_counter()
    with pytest.raises(TimedOut, match="timed out after 0.5 s"):
        run_forked(_spin, 30, limits=Limits(timeout=0.5, page_seconds=0))
    assert time.perf_counter() - started < 5


def test_forked_work_that_waits_is_killed_at_a_few_times_its_limit_in_wall_time():
    started = time.perf_counter()
    with pytest.raises(TimedOut, match="timed out after 0.5 s"):
        run_forked(_sleep, 30, limits=Limits(timeout=0.5, page_seconds=0))
    assert time.perf_counter() - started < 0.5 * WALL_LIMIT_FACTOR + 3


def test_work_slowed_by_a_busy_machine_is_not_killed():
    """1 s of wall time that used little CPU (here: waiting) is within a 0.5 s limit: on a busy
    machine a long scan gets less CPU than its wall time, and the file is not to blame."""
    assert run_forked(_sleep, 1.0, limits=Limits(timeout=0.5, page_seconds=0)) == "done"


def test_the_time_limit_grows_with_the_page_count():
    """36 pages at 0.1 s a page: 3.6 s allowed, though the document limit is 0.5 s."""
    assert run_forked(_spin, 1.0, 36, limits=Limits(timeout=0.5, page_seconds=0.1)) == "done"
    with pytest.raises(TimedOut):
        run_forked(_spin, 1.0, limits=Limits(timeout=0.5, page_seconds=0.1))
    assert Limits().seconds_for(36) >= 36 * 3.7  # a 36-page scan at 3.7 s a page fits


def _doubled_when_sent(inbox) -> int:
    return 2 * inbox.recv()


def test_a_forked_call_waits_for_its_input_and_its_time_limit_runs_from_the_send():
    call = start_forked(
        _doubled_when_sent, limits=Limits(timeout=0.5, page_seconds=0), takes_input=True
    )
    time.sleep(1.0)  # longer than the limit: the clock has not started
    call.send(21)
    assert call.result() == 42


def test_a_cancelled_forked_call_leaves_no_process():
    call = start_forked(_doubled_when_sent, limits=Limits(), takes_input=True)
    pid = call._pid
    call.cancel()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def _dies_at_once(inbox) -> None:
    os._exit(3)


def test_a_forked_call_that_dies_before_its_input_is_reported_not_raised_at_the_send():
    call = start_forked(_dies_at_once, limits=Limits(), takes_input=True)
    time.sleep(0.3)
    call.send(list(range(100_000)))  # more than a pipe holds: the write meets a closed pipe
    with pytest.raises(ProcessDied, match="exited unexpectedly"):
        call.result()


def test_an_ingest_worker_gets_more_time_for_a_longer_document():
    """Jepara's 12 pages get 12 × 2 s though the document limit is 1 s (a 36-page scan at 3.7 s a
    page failed ingest at a flat 120 s); at 0.02 s a page the reason names the page count."""
    options = ExtractOptions(ocr="never")
    with LocalExecutor(1, Limits(timeout=1.0, page_seconds=2.0)) as scaled:
        (outcome,) = scaled.map([(str(JEPARA), options)])
    assert outcome["ok"], outcome.get("reason")
    with LocalExecutor(1, Limits(timeout=0.1, page_seconds=0.02)) as tight:
        (outcome,) = tight.map([(str(JEPARA), options)])
    assert outcome["kind"] == "timeout" and outcome["reason"] == "timed out after 0.24 s (12 pages)"


def test_an_ingest_worker_held_off_the_cpu_is_not_timed_out(tmp_path):
    """A worker stopped for 1.5 s (as a busy machine would starve it) within a 1 s limit: it
    used little CPU, so it finishes; the old wall-clock limit failed it."""
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    worker = IsolatedWorker(Limits(timeout=1.0, page_seconds=0))
    try:
        assert worker.run_one(str(pdf), None)["ok"]  # started and warm
        os.kill(worker.pid, signal.SIGSTOP)
        threading.Timer(1.5, os.kill, (worker.pid, signal.SIGCONT)).start()
        started = time.perf_counter()
        outcome = worker.run_one(str(pdf), None)
    finally:
        worker.close()
    assert outcome["ok"], outcome["reason"]
    assert time.perf_counter() - started >= 1.5  # past the limit in wall time


def _allocate(size: int) -> int:
    return len(bytearray(size))


def test_forked_work_runs_under_the_memory_limit():
    with pytest.raises(MemoryError):
        run_forked(_allocate, 2 << 30, limits=Limits(memory_bytes=256 << 20))


def test_out_of_memory_in_a_page_is_not_an_unreadable_page(tmp_path):
    def exhausted(open_page, content):
        raise MemoryError

    with pytest.raises(MemoryError):
        runner.read_pages(Extraction(path=DEMAK), stages=[exhausted])


@pytest.mark.parametrize("limit", ["0", "-1GiB", "0MiB"])
def test_memory_limit_must_be_positive(limit, tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(DEMAK), f"--memory-limit={limit}"])
    assert "must be more than 0" in one_line_failure(result, "--memory-limit")


# --- 7. damaged files degrade gracefully ---------------------------------------------------------
def page_two_breaks(open_page, content):
    """The text stage, broken on page 2 as a damaged page breaks pdfminer."""
    from rencana.stages.page import text

    if open_page.number == 2:
        raise KeyError("broken")
    return text.read_text(open_page, content)


def test_an_unreadable_page_is_left_out_with_a_warning(monkeypatch):

    monkeypatch.setattr(runner, "repair", lambda data: None)
    state = runner.read_pages(
        Extraction(path=JEPARA, options=ExtractOptions(ocr="never")), stages=[page_two_breaks]
    )
    assert [p.number for p in state.pages] == [1, *range(3, 13)]
    (warning,) = [w for w in state.warnings if w.code == "needs_review"]
    assert warning.page == 2 and "page 2" in warning.message
    assert state.source is not None and state.source.pages == 12


def test_a_file_with_no_readable_page_is_rejected(monkeypatch):
    def always_breaks(open_page, content):
        raise KeyError("broken")

    monkeypatch.setattr(runner, "repair", lambda data: None)
    with pytest.raises(BadInput, match="unreadable page 1"):
        runner.read_pages(Extraction(path=DEMAK), stages=[always_breaks])


def test_a_broken_cross_reference_table_is_repaired(tmp_path):
    from rencana.stages.page.open import repair

    data = bytearray(DEMAK.read_bytes())
    start = data.rfind(b"startxref")
    data[start:] = b"startxref\n999999999\n%%EOF\n"  # points nowhere
    fixed = repair(bytes(data))
    assert fixed is not None
    path = tmp_path / "fixed.pdf"
    path.write_bytes(bytes(data))
    doc = runner.extract(path, ExtractOptions(ocr="never"))
    assert doc.records


# --- 8. compare validates its JSON inputs ---------------------------------------------------------
GOLD = ROOT / "corpus" / "compare" / "kpu-kab-jepara-2022.gold.json"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"foo": 1}', "records"),
        ("[1, 2, 3]", "0"),
        ('{"records": ["a", "b"]}', "records.0"),
        ('{"records": [{"months": ["Januari"]}]}', "records.0.months.0"),
        ('{"records": [{"months": [NaN]}]}', "NaN"),
        ("[" * 10000 + "]" * 10000, "nested"),
        ('{"source": {"file": "x"}, "records": []}', "source"),
    ],
)
def test_compare_names_the_file_and_the_wrong_field(text, says, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(text)
    result = CliRunner().invoke(app, ["compare", str(path), str(GOLD)])
    message = one_line_failure(result, path)
    assert says in message


# --- 9. no stderr noise; odd paths named *.pdf ------------------------------------------------------
def test_pdfminer_warnings_never_reach_stderr(tmp_path):
    import zlib

    body = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET")
    damaged = body[:-4] + b"\0\0\0\0"  # a wrong Adler-32: pdfminer logs "Data-loss …"
    path = tmp_path / "noisy.pdf"
    path.write_bytes(one_page_pdf(stream(damaged, b"/FlateDecode")))
    done = subprocess.run(
        [sys.executable, "-m", "rencana", "extract", str(path), "--ocr", "never"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # The decree's own warning summary and review line are all stderr may hold; -q silences them.
    assert done.returncode == 0
    assert done.stderr == (
        f"{path}: 2 peringatan (metadata_missing 1, no_plan_table 1)\n"
        f"{path}: perlu ditinjau: tidak ada yang terbaca: tidak ada rekaman rencana dan tidak ada"
        " kepala keputusan (jenis, nomor, judul) (hlm. 1)\n"
    )


def test_fifos_folders_and_looping_symlinks_get_a_failure_line(tmp_path, executor):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "pipe.pdf")
    (corpus / "folder.pdf").mkdir()
    os.symlink(corpus / "loop.pdf", corpus / "loop.pdf")
    tiny_decree_pdf(corpus / "good.pdf", "1")
    out = tmp_path / "out"
    report = ingest(
        [corpus], IngestConfig(out=out, options=ExtractOptions(ocr="never")), executor=executor
    )
    failures = {
        Path(f["path"]).name: f["reason"] for f in json.loads((out / "failures.json").read_text())
    }
    assert set(failures) == {"pipe.pdf", "folder.pdf", "loop.pdf"}
    assert "FIFO" in failures["pipe.pdf"] and "folder" in failures["folder.pdf"]
    assert "loops" in failures["loop.pdf"]
    assert report.extracted == 1 and report.exit_code == 1
    again = ingest(
        [corpus], IngestConfig(out=out, options=ExtractOptions(ocr="never")), executor=executor
    )
    assert not again.exported  # recorded once, not again on every run


TESSERACT_CALLER = """
import sys
import numpy as np, cv2
from rencana.stages.ocr.tesseract import tesseract_tsv
page = np.full((6000, 4500), 255, np.uint8)
for row in range(60, 5900, 40):  # lines of text-like strokes: seconds of Tesseract work
    for column in range(60, 4400, 30):
        cv2.putText(page, "ab", (column, row), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 1)
cv2.imwrite(sys.argv[1], page)
print("ready", flush=True)
tesseract_tsv(sys.argv[1], "eng", [])
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_tesseract_run_dies_with_the_process_that_started_it(tmp_path):
    """A worker killed mid-page (timeout, SIGKILL) leaves no Tesseract run behind."""
    caller = subprocess.Popen(
        [sys.executable, "-c", TESSERACT_CALLER, str(tmp_path / "page.png")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert caller.stdout is not None and caller.stdout.readline().strip() == "ready"
    deadline, tesseract = time.monotonic() + 30, None
    while tesseract is None and time.monotonic() < deadline:
        tesseract = next(iter(_children(caller.pid)), None)  # its only child
        time.sleep(0.05)
    assert tesseract is not None, "tesseract never started"
    time.sleep(2)  # past its first stderr lines: an orphan that writes them dies of SIGPIPE anyway
    caller.kill()
    caller.wait()
    deadline = time.monotonic() + 5
    while _alive(tesseract) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(tesseract), "tesseract outlived its caller"


KILLED_INGEST = """
import os, signal, sys
from rencana.corpus import export, store

point, after, corpus, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
calls = []


def killing(original):
    def call(*args, **kwargs):
        calls.append(1)
        if len(calls) > after:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: as a power cut
        return original(*args, **kwargs)

    return call


if point == "store":  # between two decrees stored
    store.Store.put_decree = killing(store.Store.put_decree)
else:  # in the middle of the export, between two output files
    export.write_atomic = killing(export.write_atomic)
from rencana.cli import main

sys.argv = ["rencana", "ingest", corpus, "--out", out, "--workers", "1", "-q"]
main()
"""


def _ingest_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, cwd=ROOT
    )


def _outputs(out: Path) -> dict[str, object]:
    """What a user reads: records and decrees as data, without run times."""
    records = sorted((out / "records.jsonl").read_text(encoding="utf-8").splitlines())
    with sqlite3.connect(out / "plans.sqlite") as db:
        decrees = sorted(db.execute("SELECT decree_id, name, record_count FROM decrees"))
        stored = db.execute("SELECT count(*) FROM records").fetchone()[0]
    leftovers = sorted(p.name for p in out.rglob(".*") if p.name != ".rencana.lock")
    return {"records": records, "decrees": decrees, "stored": stored, "leftovers": leftovers}


@pytest.mark.parametrize(
    ("point", "after"), [("store", 1), ("store", 2), ("export", 0), ("export", 3)]
)
def test_an_ingest_killed_at_any_point_is_made_whole_by_the_next_run(tmp_path, point, after):
    """SIGKILL between two decrees stored, or between two output files written: the next
    ingest gives exactly what an uninterrupted run gives, with no temp file left."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for tag in ("1", "2", "3"):
        tiny_decree_pdf(corpus / f"decree-{tag}.pdf", tag)
    whole, out = tmp_path / "whole", tmp_path / "out"
    assert (
        _ingest_process(
            "-m", "rencana", "ingest", str(corpus), "--out", str(whole), "-q"
        ).returncode
        == 0
    )
    killed = _ingest_process("-c", KILLED_INGEST, point, str(after), str(corpus), str(out))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = _ingest_process("-m", "rencana", "ingest", str(corpus), "--out", str(out), "-q")
    assert again.returncode == 0, again.stderr
    assert _outputs(out) == _outputs(whole)


# --- the audit of issue 18: items that had no test of their own -----------------------------------
def _stall(open_page, content):
    time.sleep(120)
    return content


def _hog(open_page, content):
    return bytearray(2 << 30)


@pytest.fixture
def tight_limits(monkeypatch):
    """The limits every command reads a PDF under, made tight: 1 s, 256 MiB."""
    from functools import partial

    from rencana.corpus import executors

    monkeypatch.setattr(
        executors,
        "Limits",
        partial(executors.Limits, timeout=1.0, page_seconds=0.0, memory_bytes=256 << 20),
    )


@pytest.fixture
def page_stage():
    """Replace the page stages (the list ``read_share`` uses by default) for one test."""
    saved = list(runner.PAGE_STAGES)

    def use(stage):
        runner.PAGE_STAGES[:] = [stage]

    yield use
    runner.PAGE_STAGES[:] = saved


@pytest.mark.parametrize("command", ["extract", "compare"])
@pytest.mark.parametrize(
    ("stage", "says"), [(_stall, "timed out after 1 s"), (_hog, "out of memory")]
)
def test_extract_and_compare_read_a_pdf_under_the_ingest_limits(
    command, stage, says, tight_limits, page_stage, tmp_path
):
    page_stage(stage)
    args = [command, str(DEMAK)] + (
        ["-o", str(tmp_path / "out.json")] if command == "extract" else [str(GOLD)]
    )
    started = time.perf_counter()
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert says in one_line_failure(result, DEMAK)
    assert time.perf_counter() - started < 30


def test_a_recursion_in_a_page_is_hostile_not_an_unreadable_page(monkeypatch):
    def too_deep(open_page, content):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(runner, "repair", lambda data: None)
    with pytest.raises(HostileInput, match="too deeply nested"):
        runner.read_pages(Extraction(path=DEMAK), stages=[too_deep])


@pytest.mark.parametrize("where", ["annots", "widths"])
def test_deeply_nested_objects_end_cleanly(where, tmp_path):
    """An array nested 50000 deep where pdfminer and pdfplumber look (a page's /Annots, a font's
    /Widths): a result, or one line, in bounded time."""
    path = tmp_path / f"deep-{where}.pdf"
    path.write_bytes(deeply_nested_pdf(where))
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["extract", str(path), "-o", str(tmp_path / "o.json"), "-q"])
    assert time.perf_counter() - started < 60
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert json.loads((tmp_path / "o.json").read_text())["source"]["pages"] == 1
    else:
        one_line_failure(result, path)


def test_a_decree_with_a_page_left_out_is_flagged_for_review(monkeypatch):
    from rencana.stages.tables import finders

    monkeypatch.setattr(runner, "repair", lambda data: None)
    state = runner.read_pages(
        Extraction(path=JEPARA, options=ExtractOptions(ocr="never")),
        stages=[page_two_breaks, finders.find_tables],
    )
    doc = runner.finish(state)
    assert doc.quality.needs_review
    (reason,) = [r for r in doc.quality.reasons if r.check == "page_left_out"]
    assert reason.page == 2 and "KeyError" in reason.message
    unbroken = runner.extract(JEPARA, ExtractOptions(ocr="never"))
    assert not any(r.check == "page_left_out" for r in unbroken.quality.reasons)


def test_a_decree_file_that_cannot_be_written_is_a_recorded_failure(
    tmp_path, executor, monkeypatch
):
    """decrees/<name>.json cannot be written (a name the file system refuses): that decree is a
    failure in failures.json, and every other output of the corpus is still written."""
    import errno

    from rencana.corpus import ingest as ingest_module

    real_write = ingest_module.write_atomic

    def refuse_decree_files(path, data):
        if Path(path).parent.name == "decrees":
            raise OSError(errno.ENAMETOOLONG, "File name too long", str(path))
        return real_write(path, data)

    monkeypatch.setattr(ingest_module, "write_atomic", refuse_decree_files)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for tag in ("1", "2"):
        tiny_decree_pdf(corpus / f"d{tag}.pdf", tag)
    out = tmp_path / "out"
    report = ingest(
        [corpus], IngestConfig(out=out, options=ExtractOptions(ocr="never")), executor=executor
    )
    failures = json.loads((out / "failures.json").read_text())
    assert sorted(Path(f["path"]).name for f in failures) == ["d1.pdf", "d2.pdf"]
    assert {f["kind"] for f in failures} == {"output"}
    assert all("cannot write decrees/" in f["reason"] for f in failures)
    assert report.exit_code == 1
    for name in ("records.csv", "decrees.csv", "plans.xlsx", "datapackage.json"):
        assert (out / name).exists(), name
    monkeypatch.undo()  # the file system takes the names again: a retry files both
    again = ingest(
        [corpus],
        IngestConfig(out=out, options=ExtractOptions(ocr="never"), retry_failed=True),
        executor=executor,
    )
    assert again.extracted == 2 and again.exit_code == 0
    assert len(list((out / "decrees").glob("*.json"))) == 2
    assert json.loads((out / "failures.json").read_text()) == []


def test_a_lock_held_a_few_seconds_is_waited_for(tmp_path):
    """Another program holds plans.sqlite locked for 7 s, past sqlite3's default 5 s: ingest
    waits (busy_timeout) and then writes, with no error."""
    pdf = tiny_decree_pdf(tmp_path / "a.pdf", "1")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(out)]).exit_code == 0
    holder = sqlite_lock_holder(out / "plans.sqlite", seconds=7)
    try:
        tiny_decree_pdf(pdf, "2")  # changed: ingest must write
        result = CliRunner().invoke(app, ["ingest", str(pdf), "--out", str(out)])
        assert result.exit_code == 0, result.output
    finally:
        holder.kill()
        holder.wait()
    with sqlite3.connect(out / "plans.sqlite") as db:
        (number,) = db.execute("SELECT number FROM decrees").fetchone()
    assert number.startswith("2/")


def test_two_ingest_processes_on_one_output_folder(tmp_path):
    """A second ingest started while the first writes to the same folder ends in one line naming
    the first; the first finishes, and its outputs are whole."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "slow.pdf").write_bytes(slow_pdf())  # ~13 s: the first is still at work
    tiny_decree_pdf(corpus / "decree.pdf", "1")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "rencana", "ingest", str(corpus), "--out", str(out), "-q"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        lock = out / ".rencana.lock"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
            lock.exists() and lock.read_text().strip() == str(first.pid)
        ):
            time.sleep(0.1)
        second = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
        first_still_running = first.poll() is None
    finally:
        first_stderr = first.communicate(timeout=300)[1]
    assert second.returncode == 2, second.stderr
    assert first_still_running, "the first ingest ended before the second did"
    assert second.stderr == (
        f"{out}: another ingest is writing to this folder (pid {first.pid}); wait for it to finish\n"
    )
    assert first.returncode == 1, first_stderr  # slow.pdf has no text: one failure, the rest whole
    with sqlite3.connect(out / "plans.sqlite") as db:
        assert db.execute("SELECT count(*) FROM decrees").fetchone()[0] == 1
    assert _outputs(out)["leftovers"] == []
    assert (out / "decrees").is_dir() and len(list((out / "decrees").glob("*.json"))) == 1
    again = _ingest_process("-m", "rencana", "ingest", str(corpus), "--out", str(out), "-q")
    assert again.returncode == 1 and "slow.pdf" in again.stderr  # the one failure, again
