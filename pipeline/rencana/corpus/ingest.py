"""Ingest a corpus: find PDFs, skip what is unchanged, extract the rest in isolated workers,
store each decree in plans.sqlite, then regenerate every flat output from the store.

    discover → plan (stat, then hash only when the stat moved) → execute → store → export

The per-document function is ``runner.extract``, run by an executor (executors.py) in worker
processes with a time and memory limit, so one hostile file never stops the run.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rencana.core.files import FileChanged, kind_of, pipeline_fingerprint, sha256_of
from rencana.corpus import corrections
from rencana.corpus.corrections import CORRECTIONS_NAME, Numbered, Unmatched
from rencana.corpus.executors import STARTUP_FAILURE, Limits, make_executor
from rencana.corpus.export import (
    document_json,
    parquet_available,
    write_atomic,
    write_corpus_outputs,
)
from rencana.corpus.outputs import (
    PER_FILE,
    FolderLock,
    describe,
    remove_stale_temp_files,
)
from rencana.corpus.store import FileStat, Known, Store, document_of, now_iso
from rencana.options import ExtractOptions

STORE_NAME = "plans.sqlite"
DECREES_DIR = "decrees"
FLAT_OUTPUTS = [
    "records.jsonl",
    "records.csv",
    "records.parquet",  # only with pyarrow installed (the [parquet] extra)
    "decrees.csv",
    "plans.xlsx",
    "datapackage.json",
    "metadata.json",
    "failures.json",
]


@dataclass(frozen=True)
class IngestConfig:
    out: Path = Path("outputs")
    workers: int = 1
    executor: str = "local"  # local | dask
    scheduler: Optional[str] = None  # dask scheduler address; None starts a LocalCluster
    prune: bool = False
    retry_failed: bool = (
        False  # failures are kept for unchanged files unless asked (e.g. after a timeout)
    )
    limits: Limits = Limits()
    options: ExtractOptions = ExtractOptions()


@dataclass(frozen=True)
class Job:
    """One file to extract, with the name its decrees/<name>.json will get."""

    stat: FileStat
    sha256: str
    name: str
    copies: tuple[FileStat, ...] = ()  # other paths with the same new content, stored with it


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    unreadable: list[tuple[FileStat, str]] = field(default_factory=list)  # could not be hashed
    unchanged: int = 0  # skipped: stat (or hash) unchanged
    relinked: int = 0  # copies: content stored (or being extracted) under another path
    gone: list[str] = field(default_factory=list)  # tracked paths no longer found


@dataclass
class Failure:
    path: str
    kind: str
    reason: str


@dataclass
class IngestReport:
    discovered: int = 0
    extracted: int = 0
    unchanged: int = 0
    relinked: int = 0
    pruned: int = 0
    gone: int = 0
    pages: int = 0
    extract_seconds: float = 0.0
    wall_seconds: float = 0.0
    new_failures: list[Failure] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)  # every failing file among the inputs
    totals: dict[str, int] = field(
        default_factory=dict
    )  # decrees/records/warnings/failures in the store
    exported: bool = False
    interrupted: bool = False
    peak_rss_kib: dict[int, int] = field(default_factory=dict)  # worker pid -> peak RSS
    corrections: int = 0  # lines of corrections.jsonl
    unmatched: list[Unmatched] = field(default_factory=list)  # corrections that found no record

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.extract_seconds if self.extract_seconds else 0.0

    @property
    def exit_code(self) -> int:
        return 130 if self.interrupted else 1 if self.failures or self.unmatched else 0


# --- discover ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    files: list[FileStat]
    roots: list[Path]  # folders walked (for --prune)
    odd: dict[str, str]  # path -> why it is no PDF file: a FIFO, a folder, a looping symlink

    def __iter__(self):  # (files, roots), as discover returned before
        return iter((self.files, self.roots))


def not_a_file(path: Path) -> str:
    """Why a path named *.pdf cannot be read as a file (never opened: a FIFO would block)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops, not a PDF"
        if path.is_symlink():
            return "is a symbolic link to a missing file"
        return f"cannot be read ({exc.strerror})"
    return f"is {kind_of(mode)}, not a PDF"


def discover(paths: Iterable[Path]) -> Found:
    """Every *.pdf (any case) under the given files and folders, sorted, with their stats, and the
    paths named *.pdf that are no regular file (each becomes a line in failures.json).

    A missing path raises FileNotFoundError.
    """
    found: dict[str, FileStat] = {}
    roots: list[Path] = []
    odd: dict[str, str] = {}
    for given in paths:
        try:
            path = Path(given).resolve()
        except (OSError, RuntimeError):  # a symlink loop: Python 3.11 raises RuntimeError
            path = Path(os.path.abspath(given))
        candidates: Iterator[Path]
        if path.is_dir():
            roots.append(path)
            candidates = (p for p in path.rglob("*") if p.suffix.lower() == ".pdf")
        elif path.is_file() or os.path.lexists(path):
            candidates = iter([path])
        else:
            raise FileNotFoundError(f"{given}: no such file or folder")
        for candidate in candidates:
            if candidate.is_file():
                try:
                    found[str(candidate)] = FileStat.of(candidate)
                    continue
                except OSError:  # gone since the walk
                    pass
            odd[str(candidate)] = not_a_file(candidate)
    return Found([found[key] for key in sorted(found)], roots, dict(sorted(odd.items())))


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# decrees/<stem>.json and write_atomic's ".<name>.XXXXXXXX" beside it stay far below the 255
# bytes a file name may have (the stem is ASCII: one byte a character).
MAX_STEM = 100


def safe_stem(path: str) -> str:
    stem = _UNSAFE.sub("-", Path(path).stem).strip("-.")
    return stem or "decree"


def decree_stem(path: str, sha: str) -> str:
    """The file's safe stem; a longer one is cut and made unique by its hash prefix."""
    stem = safe_stem(path)
    if len(stem) <= MAX_STEM:
        return stem
    return f"{stem[:MAX_STEM].rstrip('-.')}-{sha[:8]}"


# --- plan -------------------------------------------------------------------------------------


def plan(
    store: Store,
    files: list[FileStat],
    roots: list[Path],
    retry_failed: bool = False,
    stale_paths: frozenset[str] | set[str] = frozenset(),
    odd: frozenset[str] | set[str] | dict[str, str] = frozenset(),
) -> Plan:
    """Decide what to extract. The stat is compared first; a file is hashed only when it moved.

    ``stale_paths`` were stored by another version of the pipeline: they are never skipped.
    """
    known = store.known_files()
    names = store.decree_names()  # name -> decree_id
    refs = store.references()
    result = Plan()
    pending: dict[str, Job] = {}  # sha -> job, so identical new files are extracted once
    taken = set(names)

    for stat in files:
        before: Optional[Known] = known.get(stat.path)
        stale = stat.path in stale_paths
        if before and before.decree_id is None and retry_failed:
            before = None  # a failed file is extracted again, changed or not
        if not stale and before and (before.size, before.mtime_ns) == (stat.size, stat.mtime_ns):
            result.unchanged += 1
            continue
        try:
            sha, stat = stable_hash(stat)
        except (OSError, FileChanged) as exc:
            reason = (
                str(exc) if isinstance(exc, FileChanged) else f"cannot be read ({exc.strerror})"
            )
            result.unreadable.append((stat, reason))
            continue
        if not stale and before and before.sha256 == sha:  # touched, not changed
            if before.decree_id:
                store.link_file(stat, before.decree_id)
            else:
                store.touch_failure(stat)
            result.unchanged += 1
            continue
        if not stale and store.has_decree(sha):  # a copy of a stored decree
            store.link_file(stat, sha)
            result.relinked += 1
            continue
        if sha in pending:
            job = pending[sha]
            pending[sha] = Job(job.stat, job.sha256, job.name, job.copies + (stat,))
            result.relinked += 1
            continue
        # The old decree of a changed file gives up its name if no other path holds it.
        old = before.decree_id if before else None
        own_name = (
            next((n for n, d in names.items() if d == old), None)
            if old and refs.get(old) == 1
            else None
        )
        stem = decree_stem(stat.path, sha)
        name = stem if stem not in taken or stem == own_name else f"{stem}-{sha[:8]}"
        taken.add(name)
        pending[sha] = Job(stat, sha, name)

    result.jobs = list(pending.values())
    seen = {stat.path for stat in files} | set(odd)
    for path in known:
        if path in seen:
            continue
        under_root = any(Path(path).is_relative_to(root) for root in roots)
        if not Path(path).exists() or under_root:
            result.gone.append(path)
    return result


def stable_hash(stat: FileStat, attempts: int = 3) -> tuple[str, FileStat]:
    """The file's hash with the stat it belongs to: the stat is taken again after hashing, and a
    file that changed meanwhile is hashed again (then ``FileChanged``)."""
    path = Path(stat.path)
    for _ in range(attempts):
        sha = sha256_of(path)
        after = FileStat.of(path)
        if (after.size, after.mtime_ns) == (stat.size, stat.mtime_ns):
            return sha, stat
        stat = after
    raise FileChanged(f"file kept changing while it was hashed ({attempts} attempts)")


# --- execute and store ------------------------------------------------------------------------
def largest_first(jobs: list[Job]) -> list[Job]:
    """Workers pull the next job when free; starting with the largest files keeps one long decree
    from running alone at the end while the other workers idle."""
    return sorted(jobs, key=lambda job: (-job.stat.size, job.stat.path))


Progress = Callable[[str, dict], None]  # event name, details


def ingest(
    paths: Iterable[Path], config: IngestConfig, progress: Optional[Progress] = None, executor=None
) -> IngestReport:
    """Ingest ``paths`` into ``config.out``. Ctrl-C stops after the last whole decree stored.

    ``executor`` (optional) is a started executor to reuse across runs, e.g. by tests and the
    bench; by default one is made from ``config`` and closed at the end.
    Raises FileNotFoundError for a path that does not exist and ``CorrectionsError`` for a
    malformed line of OUT/corrections.jsonl (before any work starts).
    """
    out = Path(config.out)
    fixes = corrections.load(out / CORRECTIONS_NAME)
    found = discover(paths)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not out.is_dir():  # a symlink to a file
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(out))
        with FolderLock(out):
            return _ingest(found, fixes, out, config, progress, executor)
    except (OSError, sqlite3.Error) as exc:
        raise describe(exc, out / STORE_NAME if isinstance(exc, sqlite3.Error) else out) from None


def _ingest(
    found: Found,
    fixes: list[Numbered],
    out: Path,
    config: IngestConfig,
    progress: Optional[Progress],
    executor,
) -> IngestReport:
    notify = progress or (lambda event, info: None)
    started = time.perf_counter()
    report = IngestReport()
    report.corrections = len(fixes)
    files, roots = found.files, found.roots
    report.discovered = len(files) + len(found.odd)
    # What a run killed mid-export left behind; we hold the folder's lock, so none is in use.
    remove_stale_temp_files(out, [*FLAT_OUTPUTS, STORE_NAME])
    remove_stale_temp_files(out / DECREES_DIR, ["*.json"])
    store = Store(out / STORE_NAME)
    record_odd_paths(store, found.odd)
    owned = executor is None
    if owned:
        executor = make_executor(config.executor, config.workers, config.limits, config.scheduler)
    try:
        if config.executor == "local":
            executor.start()  # interpreters start and import while we hash
        work = plan(
            store,
            files,
            roots,
            config.retry_failed,
            store.stale_paths(pipeline_fingerprint()),
            found.odd,
        )
        for stat, reason in work.unreadable:
            store.put_failure(stat, None, "bad_input", reason)
            report.new_failures.append(Failure(stat.path, "bad_input", reason))
        report.unchanged, report.relinked, report.gone = (
            work.unchanged,
            work.relinked,
            len(work.gone),
        )
        if config.prune:
            report.pruned = store.forget(work.gone)
        notify("planned", {"total": len(work.jobs), "skipped": work.unchanged + work.relinked})
        if work.jobs:
            _preload_exporters()
            run_jobs(
                store, executor, largest_first(work.jobs), config, report, notify, out / DECREES_DIR
            )
    except KeyboardInterrupt:
        report.interrupted = True
        executor.abort()
    finally:
        if owned:
            executor.close()
    if not report.interrupted:
        report.unmatched = apply_corrections(store, fixes, out / DECREES_DIR)
        report.exported = export(store, out, unmatched_rows(report.unmatched, out))
    input_paths = {stat.path for stat in files} | set(found.odd)
    report.failures = [
        Failure(f["path"], f["kind"], f["reason"])
        for f in store.failure_rows()
        if f["path"] in input_paths
    ]
    report.failures += [
        f for f in report.new_failures if f.kind == STARTUP_FAILURE
    ]  # not in the store
    report.totals = store.counts()
    store.close()
    report.wall_seconds = time.perf_counter() - started
    return report


def record_odd_paths(store: Store, odd: dict[str, str]) -> None:
    """FIFOs, folders and looping symlinks named *.pdf: a failure each, stored once (a run that
    finds them unchanged changes nothing, so the outputs are not written again)."""
    known = store.known_files()
    for path, reason in odd.items():
        before = known.get(path)
        if before is None or before.decree_id is not None or before.reason != reason:
            store.put_failure(FileStat(path, -1, -1), None, "bad_input", reason)


def run_jobs(
    store: Store,
    executor,
    jobs: list[Job],
    config: IngestConfig,
    report: IngestReport,
    notify: Progress,
    decrees_dir: Path,
) -> None:
    by_path = {job.stat.path: job for job in jobs}
    begun = time.perf_counter()
    for outcome in executor.map((job.stat.path, config.options) for job in jobs):
        job = by_path[outcome["path"]]
        pid = outcome.get("worker_pid")
        if pid:
            report.peak_rss_kib[pid] = max(
                report.peak_rss_kib.get(pid, 0), outcome.get("max_rss_kib", 0)
            )
        # The stat the worker saw unchanged all through its read, if it did: the stored stat
        # must belong to the stored hash, or a later run skips a file as unchanged that is not.
        seen = outcome.get("stat")
        as_planned = seen is not None and tuple(seen) == (job.stat.size, job.stat.mtime_ns)
        if outcome["ok"]:
            doc = document_of(outcome["document"])
            # The worker hashed exactly the bytes it parsed; if the file changed since planning,
            # that hash wins, and the copies (planned under the old hash) wait for the next run.
            if as_planned and doc.source.sha256 == job.sha256:
                stats = [job.stat, *job.copies]
            else:
                size, mtime_ns = seen if seen is not None else (-1, -1)
                stats = [FileStat(job.stat.path, size, mtime_ns)]
            name = store.put_decree(doc, outcome["document"], job.name, stats, outcome["seconds"])
            try:
                write_atomic(decrees_dir / f"{name}.json", outcome["document"])
            except OSError as exc:
                if exc.errno not in PER_FILE:  # disk full, read-only: the whole run stops
                    raise
                reason = f"cannot write decrees/{name}.json ({describe(exc, name)})"
                for stat in stats:
                    store.put_failure(stat, doc.source.sha256, "output", reason)
                report.new_failures.append(Failure(job.stat.path, "output", reason))
            else:
                report.extracted += 1
                report.pages += outcome["pages"]
        else:
            failure = Failure(job.stat.path, outcome["kind"], outcome["reason"])
            if failure.kind != STARTUP_FAILURE:  # a worker that never started has not read the file
                if as_planned:
                    for stat in (job.stat, *job.copies):
                        store.put_failure(stat, job.sha256, failure.kind, failure.reason)
                else:  # other bytes than planned failed: no stat or hash is kept, it is retried
                    store.put_failure(
                        FileStat(job.stat.path, -1, -1), None, failure.kind, failure.reason
                    )
            report.new_failures.append(failure)
        report.extract_seconds = time.perf_counter() - begun
        notify(
            "done",
            {
                "path": job.stat.path,
                "ok": outcome["ok"],
                "reason": outcome["reason"],
                "pages": outcome["pages"],
            },
        )


# --- export -----------------------------------------------------------------------------------
def _preload_exporters() -> None:
    """Import the export libraries in the background while workers extract: the parent is idle
    then, so their import time (a second or two) leaves the critical path."""

    def load() -> None:
        # pandas too, when installed: pyarrow imports it on the first array it builds.
        for name in ("openpyxl", "pyarrow.parquet", "pandas"):
            try:
                importlib.import_module(name)
            except Exception:  # export imports them again and reports real errors there
                pass

    threading.Thread(target=load, name="preload-exporters", daemon=True).start()


def export(store: Store, out: Path, unmatched: Optional[list[dict]] = None) -> bool:
    """Regenerate the flat outputs and decrees/*.json from the store, unless they are current.
    ``unmatched`` corrections are listed in failures.json after the files that failed."""
    generation = str(store.generation)
    changed = sync_decree_files(store, out / DECREES_DIR)
    expected = [n for n in FLAT_OUTPUTS if n != "records.parquet" or parquet_available()]
    current = store.meta("exported_generation") == generation and all(
        (out / name).exists() for name in expected
    )
    if current and not changed:
        return False
    write_corpus_outputs(
        out,
        store.decree_rows(),
        store.record_rows(),
        store.failure_rows() + (unmatched or []),
        store.warning_rows(),
    )
    store.set_meta("exported_generation", generation)
    return True


def apply_corrections(store: Store, fixes: list[Numbered], decrees_dir: Path) -> list[Unmatched]:
    """Apply every correction to its stored decree (rows, document and decrees/<name>.json), even
    when no PDF changed; a decree is rewritten only when its corrections changed, or when it was
    extracted again. Returns the corrections that found no record, or no decree."""
    wanted = corrections.by_decree(fixes)
    unmatched: list[Unmatched] = []
    for decree_id, (name, applied) in sorted(store.applied_corrections().items()):
        mine = wanted.pop(decree_id, [])
        if not mine and applied is None:  # most decrees: nothing to read
            continue
        extracted_text = store.extracted_document(decree_id)
        extracted = document_of(extracted_text)
        doc, missed = corrections.apply(extracted, mine)
        unmatched += missed
        now = corrections.fingerprint(mine) if mine else None
        if now != applied:
            text = document_json(doc) if mine else extracted_text
            store.put_corrected(doc, text, name, extracted_text, now)
            write_atomic(decrees_dir / f"{name}.json", text)
    for numbered in (n for rest in wanted.values() for n in rest):
        unmatched.append(Unmatched(numbered.line, numbered.correction, "decree not in the outputs"))
    store.note_corrections(corrections.fingerprint(fixes))
    return sorted(unmatched, key=lambda u: u.line)


def unmatched_rows(unmatched: list[Unmatched], out: Path) -> list[dict]:
    """Corrections that found no record, as failures.json rows (``path`` is FILE:LINE)."""
    return [
        {
            "path": f"{out / CORRECTIONS_NAME}:{u.line}",
            "file": CORRECTIONS_NAME,
            "sha256": u.correction.decree,
            "kind": "correction",
            "reason": f"{u.reason}: {corrections.describe(u.correction)}",
            "failed_at": now_iso(),
        }
        for u in unmatched
    ]


def sync_decree_files(store: Store, folder: Path) -> bool:
    """decrees/<name>.json for every stored decree (run_jobs writes them as they come; this adds
    any that are missing) and none for decrees that were pruned or replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = {p.name for p in folder.glob("*.json")}
    wanted = {f"{name}.json" for name in store.decree_names()}
    for missing in sorted(wanted - existing):
        try:
            write_atomic(folder / missing, store.document(missing[: -len(".json")]))
        except OSError as exc:
            if exc.errno not in PER_FILE:
                raise  # disk full, read-only: reported as the run's one-line error
            continue  # a name an older version stored that does not fit: the rest still goes out
    for stale in existing - wanted:
        (folder / stale).unlink(missing_ok=True)
    return bool(wanted ^ existing)


# --- console view (used by the CLI) -----------------------------------------------------------
def run_with_progress(paths: list[Path], config: IngestConfig, quiet: bool = False) -> IngestReport:
    """``ingest`` with a rich progress bar and one line per failure (stderr), then a summary
    (stdout). ``quiet`` keeps only the failure lines."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    from rencana.messages import reason, t

    console = Console(stderr=True)
    columns = (
        TextColumn(f"[bold]{t('ingest.bar')}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
    )
    failed = t("ingest.failed")
    with Bar(*columns, console=console, transient=True, disable=quiet) as bar:
        task = bar.add_task("ingest", total=None, current=t("ingest.scanning"))

        def on_event(event: str, info: dict) -> None:
            if event == "planned":
                bar.update(task, total=info["total"], current="")
            elif event == "done":
                if not info["ok"]:
                    bar.console.print(
                        f"[red]{failed}[/red] {escape(info['path'])}: {escape(reason(info['reason']))}",
                        highlight=False,
                    )
                bar.update(task, advance=1, current=Path(info["path"]).name)

        report = ingest(paths, config, on_event)
    if not quiet:
        Console().print(summary_table(report, config))
    for failure in report.failures:
        if failure not in report.new_failures:
            console.print(
                f"[red]{t('ingest.failed_unchanged')}[/red] {escape(failure.path)}: "
                f"{escape(reason(failure.reason))}",
                highlight=False,
            )
    for u in report.unmatched:
        console.print(
            f"[red]{t('ingest.correction_unmatched')}[/red] "
            f"{escape(str(config.out / CORRECTIONS_NAME))}:{u.line}: "
            f"{escape(u.reason)}: {escape(corrections.describe(u.correction))}",
            highlight=False,
        )
    if report.interrupted:
        console.print(f"[yellow]{t('ingest.interrupted')}[/yellow]")
    return report


def summary(report: IngestReport, config: IngestConfig) -> dict:
    """The run in numbers, for ``--summary-json`` (machine-readable: keys stay English)."""
    return {
        "out": str(config.out),
        "exit_code": report.exit_code,
        "this_run": {
            "files_found": report.discovered,
            "extracted": report.extracted,
            "unchanged": report.unchanged,
            "copies": report.relinked,
            "gone": report.gone,
            "pruned": report.pruned,
            "failures": len(report.new_failures),
            "pages": report.pages,
            "pages_per_second": round(report.pages_per_second, 2),
            "wall_seconds": round(report.wall_seconds, 2),
            "exported": report.exported,
            "interrupted": report.interrupted,
        },
        "in_outputs": report.totals,
        "failures": [vars(f) for f in report.failures],
        "corrections": report.corrections,
        "unmatched_corrections": unmatched_rows(report.unmatched, config.out),
    }


def summary_json_text(report: IngestReport, config: IngestConfig) -> str:
    import json

    return json.dumps(summary(report, config), ensure_ascii=False, indent=2) + "\n"


def summary_table(report: IngestReport, config: IngestConfig):
    from rich.table import Table

    from rencana.messages import t

    totals = report.totals
    table = Table(title=f"rencana ingest → {config.out}", show_header=True, header_style="bold")
    table.add_column("")
    table.add_column(t("ingest.this_run"), justify="right")
    table.add_column(t("ingest.in_outputs"), justify="right")
    table.add_row(t("ingest.files_found"), str(report.discovered), "")
    table.add_row(t("ingest.skipped"), str(report.unchanged), "")
    if report.relinked:
        table.add_row(t("ingest.copies"), str(report.relinked), "")
    table.add_row(t("ingest.decrees"), str(report.extracted), str(totals.get("decrees", 0)))
    table.add_row(t("ingest.records"), "", str(totals.get("records", 0)))
    table.add_row(t("ingest.warnings"), "", str(totals.get("warnings", 0)))
    table.add_row(
        t("ingest.needs_review"),
        "",
        str(totals.get("needs_review", 0)),
        style="yellow" if totals.get("needs_review") else None,
    )
    table.add_row(
        t("ingest.failures"),
        str(len(report.new_failures)),
        str(len(report.failures)),
        style="red" if report.failures else None,
    )
    if report.corrections:
        table.add_row(t("ingest.corrections"), "", str(report.corrections))
    if report.unmatched:
        table.add_row(
            t("ingest.corrections_unmatched"), "", str(len(report.unmatched)), style="red"
        )
    if report.gone:
        table.add_row(
            t("ingest.gone"),
            str(report.gone),
            t("ingest.pruned", count=report.pruned) if config.prune else t("ingest.use_prune"),
        )
    table.add_row(t("ingest.pages"), str(report.pages), "")
    table.add_row(t("ingest.pages_per_s"), f"{report.pages_per_second:.1f}", "")
    table.add_row(t("ingest.time"), f"{report.wall_seconds:.1f} s", "")
    if report.peak_rss_kib:
        per_worker = ", ".join(f"{kib / 1024:.0f}" for kib in report.peak_rss_kib.values())
        table.add_row(t("ingest.peak_rss"), f"{per_worker} MiB", "")
    return table
