"""Ingest a corpus: find PDFs, skip what is unchanged, extract the rest in isolated workers,
store each decree in plans.sqlite, then regenerate every flat output from the store.

    discover → plan (stat, then hash only when the stat moved) → execute → store → export

The per-document function is ``runner.extract``, run by an executor (executors.py) in worker
processes with a time and memory limit, so one hostile file never stops the run.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rencana.core.files import pipeline_fingerprint, sha256_of
from rencana.corpus.executors import STARTUP_FAILURE, Limits, make_executor
from rencana.corpus.export import parquet_available, write_atomic, write_corpus_outputs
from rencana.corpus.store import FileStat, Known, Store, document_of
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

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.extract_seconds if self.extract_seconds else 0.0

    @property
    def exit_code(self) -> int:
        return 130 if self.interrupted else 1 if self.failures else 0


# --- discover ---------------------------------------------------------------------------------
def discover(paths: Iterable[Path]) -> tuple[list[FileStat], list[Path]]:
    """Every *.pdf (any case) under the given files and folders, sorted, with their stats.

    Returns the files and the folders walked (for --prune). A missing path raises FileNotFoundError.
    """
    found: dict[str, FileStat] = {}
    roots: list[Path] = []
    for given in paths:
        path = Path(given).resolve()
        candidates: Iterator[Path]
        if path.is_dir():
            roots.append(path)
            candidates = (p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
        elif path.is_file():
            candidates = iter([path])
        else:
            raise FileNotFoundError(f"{given}: no such file or folder")
        for candidate in candidates:
            found[str(candidate)] = FileStat.of(candidate)
    return [found[key] for key in sorted(found)], roots


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(path: str) -> str:
    stem = _UNSAFE.sub("-", Path(path).stem).strip("-.")
    return stem or "decree"


# --- plan -------------------------------------------------------------------------------------


def plan(
    store: Store,
    files: list[FileStat],
    roots: list[Path],
    retry_failed: bool = False,
    stale_paths: frozenset[str] | set[str] = frozenset(),
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
        sha = sha256_of(Path(stat.path))
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
        stem = safe_stem(stat.path)
        name = stem if stem not in taken or stem == own_name else f"{stem}-{sha[:8]}"
        taken.add(name)
        pending[sha] = Job(stat, sha, name)

    result.jobs = list(pending.values())
    seen = {stat.path for stat in files}
    for path in known:
        if path in seen:
            continue
        under_root = any(Path(path).is_relative_to(root) for root in roots)
        if not Path(path).exists() or under_root:
            result.gone.append(path)
    return result


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
    Raises FileNotFoundError for a path that does not exist (before any work starts).
    """
    notify = progress or (lambda event, info: None)
    started = time.perf_counter()
    report = IngestReport()
    out = Path(config.out)
    files, roots = discover(paths)
    report.discovered = len(files)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / STORE_NAME)
    owned = executor is None
    if owned:
        executor = make_executor(config.executor, config.workers, config.limits, config.scheduler)
    try:
        if config.executor == "local":
            executor.start()  # interpreters start and import while we hash
        work = plan(
            store, files, roots, config.retry_failed, store.stale_paths(pipeline_fingerprint())
        )
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
        report.exported = export(store, out)
    input_paths = {stat.path for stat in files}
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
        if outcome["ok"]:
            doc = document_of(outcome["document"])
            # The worker hashed the bytes it read; if the file changed since planning, that hash wins.
            name = store.put_decree(
                doc, outcome["document"], job.name, [job.stat, *job.copies], outcome["seconds"]
            )
            write_atomic(decrees_dir / f"{name}.json", outcome["document"])
            report.extracted += 1
            report.pages += outcome["pages"]
        else:
            failure = Failure(job.stat.path, outcome["kind"], outcome["reason"])
            if failure.kind != STARTUP_FAILURE:  # a worker that never started has not read the file
                for stat in (job.stat, *job.copies):
                    store.put_failure(stat, job.sha256, failure.kind, failure.reason)
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
        try:
            import openpyxl  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except Exception:  # export imports them again and reports real errors there
            pass

    threading.Thread(target=load, name="preload-exporters", daemon=True).start()


def export(store: Store, out: Path) -> bool:
    """Regenerate the flat outputs and decrees/*.json from the store, unless they are current."""
    generation = str(store.generation)
    changed = sync_decree_files(store, out / DECREES_DIR)
    expected = [n for n in FLAT_OUTPUTS if n != "records.parquet" or parquet_available()]
    current = store.meta("exported_generation") == generation and all(
        (out / name).exists() for name in expected
    )
    if current and not changed:
        return False
    write_corpus_outputs(
        out, store.decree_rows(), store.record_rows(), store.failure_rows(), store.warning_rows()
    )
    store.set_meta("exported_generation", generation)
    return True


def sync_decree_files(store: Store, folder: Path) -> bool:
    """decrees/<name>.json for every stored decree (run_jobs writes them as they come; this adds
    any that are missing) and none for decrees that were pruned or replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = {p.name for p in folder.glob("*.json")}
    wanted = {f"{name}.json" for name in store.decree_names()}
    for missing in sorted(wanted - existing):
        write_atomic(folder / missing, store.document(missing[: -len(".json")]))
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

    from rencana.messages import t

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
                        f"[red]{failed}[/red] {escape(info['path'])}: {escape(info['reason'])}",
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
                f"{escape(failure.reason)}",
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
