"""A thin CLI: parse arguments, call library code, report bad input in one line.

``rencana --help`` stays fast: heavy libraries are imported inside the commands. Messages come
from one catalogue (``messages.py``), in Indonesian unless ``--lang en`` or an English locale.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional, TypeVar

import typer

from rencana import __version__
from rencana.errors import BadInput, ProcessDied
from rencana.messages import detect, set_lang, t
from rencana.options import ExtractOptions

# Help is built when this module loads, so its language comes from the command line and locale.
HELP_LANG = detect(sys.argv, os.environ)


def H(key: str) -> str:
    return t(key, HELP_LANG)


app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help=H("cli.help"),
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(t("cli.version_line", version=__version__))
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help=H("cli.version")
    ),
) -> None:
    """rencana"""


# Options every command takes.
VERBOSE = typer.Option(0, "-v", "--verbose", count=True, help=H("cli.verbose"))
QUIET = typer.Option(False, "-q", "--quiet", help=H("cli.quiet"))
LANG = typer.Option(None, "--lang", help=H("cli.lang"))

log = logging.getLogger("rencana")


class _Stderr(logging.Handler):
    """Log lines on whatever stderr is when they are written (a test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(self.format(record), err=True)


def setup(verbose: int, quiet: bool, lang: Optional[str]) -> None:
    """Language and verbosity for this command: -q errors only, -v details, -vv debug."""
    set_lang(lang)
    levels = [logging.WARNING, logging.INFO, logging.DEBUG]
    log.setLevel(logging.ERROR if quiet else levels[min(verbose, 2)])
    if not any(isinstance(h, _Stderr) for h in log.handlers):
        log.addHandler(_Stderr())
        log.propagate = False


class Format(str, Enum):
    json = "json"
    csv = "csv"


class OcrChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def fail(path: Path | str | None, why: str) -> NoReturn:
    from rencana.messages import reason

    typer.echo(f"{path}: {reason(why)}", err=True)
    raise typer.Exit(code=2)


def write_output(out: Path, data: str | bytes) -> None:
    """``write_atomic``, with a failure (a folder, read-only, disk full) as one line and exit 2."""
    from rencana.corpus.export import write_atomic
    from rencana.corpus.outputs import describe

    try:
        write_atomic(out, data)
    except OSError as exc:
        problem = describe(exc, out)
        fail(problem.target, str(problem))


F = TypeVar("F", bound=Enum)
# Extensions of every format any command writes, so that `-o x.xlsx` is never written as CSV.
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
}


def pick_format(out: Optional[Path], fmt: Optional[F], choices: type[F], default: F) -> F:
    """-o's extension picks the format when --format is not given; an extension of another
    format than --format (or one this command does not write) is an error. An extension that
    names no format (.txt, none) takes --format or the default."""
    named = EXTENSIONS.get(out.suffix.lower()) if out is not None else None
    values = [c.value for c in choices]
    if named is not None and named not in values:
        fail(out, t("err.format_unknown", suffix=out.suffix, choices=", ".join(values)))  # type: ignore[union-attr]
    if fmt is None:
        return choices(named) if named else default
    if named is not None and named != fmt.value:
        fail(out, t("err.format_mismatch", suffix=out.suffix, fmt=fmt.value))  # type: ignore[union-attr]
    return fmt


@app.command(help=H("cli.extract.help"))
def extract(
    pdf: Path = typer.Argument(..., help=H("cli.extract.pdf")),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help=H("cli.extract.out")),
    fmt: Optional[Format] = typer.Option(None, "--format", help=H("cli.extract.format")),
    ocr: OcrChoice = typer.Option(OcrChoice.auto, "--ocr", help=H("cli.extract.ocr")),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help=H("cli.extract.jobs")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from rencana.corpus.executors import Limits, read_in_shares
    from rencana.extract_process import take_document_child

    chosen = pick_format(out, fmt, Format, Format.json)
    # In forked children, under ingest's time and memory limits: native code (OpenCV, pdfium,
    # Tesseract) that crashes on a file ends a child, and this process reports it in one line, as
    # it does bad input. ``jobs`` children share the pages while one more builds spaCy and the
    # matchers, then runs the document stages on the pages they read. This process only waits:
    # bad input found by a reader ends the command at once.
    options = ExtractOptions(ocr=ocr.value)
    try:
        # The document child was forked before the pipeline was imported (before the CLI, when
        # started as the command), the readers after.
        document = take_document_child()
        try:
            import rencana.runner  # noqa: F401  (once here, rather than in every reader)

            jobs = jobs or readers_for(pdf, options)
            document.send((read_in_shares(pdf, options, jobs, Limits()), chosen.value))
        except BaseException:
            document.cancel()
            raise
        text, warnings, reasons = document.result()
    except BadInput as exc:
        fail(pdf, str(exc))
    except MemoryError:
        fail(pdf, t("err.out_of_memory"))
    except ProcessDied as exc:
        fail(pdf, str(exc))
    if out is None:
        sys.stdout.write(text)
    else:
        from rencana.corpus.export import CSV_BOM

        write_output(out, CSV_BOM + text if chosen is Format.csv else text)
    report_warnings(pdf, warnings)
    report_review(pdf, reasons)


def readers_for(pdf: Path, options: ExtractOptions) -> int:
    """Page readers for ``extract``: one per core for a document OCR may read; one fewer for one
    with a text layer, whose reading is about as long as the document child's spaCy start-up on
    the remaining core (cold Jepara on 2 cores: 1.38 s with one reader, 1.51 s with two). For a
    document OCR may read, the OCR engine is imported first (``import_ocr_engine``)."""
    from rencana.corpus.executors import Limits, available_cores, run_forked
    from rencana.stages.page.open import may_need_ocr

    cores = available_cores()
    if cores <= 1:
        return 1
    try:  # in a child, as every read of the file: a hostile one is the readers' to refuse
        scanned = run_forked(may_need_ocr, pdf, options, limits=Limits(timeout=QUICK_CHECK_SECONDS))
    except Exception:
        return cores
    if scanned:
        import_ocr_engine()
    return cores if scanned else cores - 1


def import_ocr_engine() -> None:
    """The OCR engine's modules (numpy, OpenCV, pdfium: ~0.15 s CPU) imported here, once for all
    the readers forked next, rather than by each reader on its first scanned page. No OpenCV call
    is made here, so none of its threads start before the fork (``imaging`` sets one thread)."""
    try:
        import pypdfium2  # noqa: F401

        import rencana.stages.ocr.engine  # noqa: F401
    except ModuleNotFoundError:
        pass  # the [ocr] extra is missing: a reader says so if a page needs it


QUICK_CHECK_SECONDS = 5.0


def report_warnings(pdf: Path, warnings: list[str]) -> None:
    """One line on stderr counting the warnings by code; -v adds each one, -q none."""
    if not warnings:
        return
    codes = Counter(text.split(":", 1)[0] for text in warnings)
    summary = ", ".join(f"{code} {count}" for code, count in codes.most_common())
    log.warning("%s: %s", pdf, t("warn.summary", count=len(warnings), codes=summary))
    for text in warnings:
        log.info(t("cli.warning_detail", file=pdf, warning=text))


def report_review(pdf: Path, reasons: list[tuple[str, Optional[int]]]) -> None:
    """One line on stderr when the decree needs review, naming each reason and its page."""
    if not reasons:
        return
    shown = "; ".join(
        t("review.reason", label=t(f"quality.{check}"), page=page if page else "?")
        for check, page in reasons
    )
    log.warning("%s: %s", pdf, t("review.line", reasons=shown))


@app.command(help=H("cli.schema.help"))
def schema(
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help=H("cli.schema.out_dir")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from rencana.contract.models import DecreeDocument
    from rencana.contract.schemas import schema_text, write_all

    if out_dir is None:
        sys.stdout.write(schema_text(DecreeDocument))
    else:
        for path in write_all(out_dir):
            if not quiet:
                typer.echo(str(path))


class CompareFormat(str, Enum):
    json = "json"
    md = "md"
    html = "html"
    xlsx = "xlsx"


@app.command(help=H("cli.compare.help"))
def compare(
    a: Optional[Path] = typer.Argument(None, help=H("cli.compare.a")),
    b: Optional[Path] = typer.Argument(None, help=H("cli.compare.b")),
    fmt: Optional[CompareFormat] = typer.Option(None, "--format", help=H("cli.compare.format")),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help=H("cli.compare.out")),
    db: Optional[Path] = typer.Option(None, "--db", help=H("cli.compare.db")),
    issuer: Optional[str] = typer.Option(None, "--issuer", help=H("cli.compare.issuer")),
    years: Optional[tuple[int, int]] = typer.Option(None, "--years", help=H("cli.compare.years")),
    issuers: Optional[tuple[str, str]] = typer.Option(
        None, "--issuers", help=H("cli.compare.issuers")
    ),
    year: Optional[int] = typer.Option(None, "--year", help=H("cli.compare.year")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from rencana.compare.align import compare as run_compare
    from rencana.compare.plans import load_plan
    from rencana.compare.report import render

    chosen = pick_format(out, fmt, CompareFormat, CompareFormat.json)
    if db is not None:
        from rencana.compare.db import load_plan_from_db

        if issuer and years:
            wanted = [(issuer, years[0]), (issuer, years[1])]
        elif issuers and year:
            wanted = [(issuers[0], year), (issuers[1], year)]
        else:
            fail(db, t("err.compare_db_args"))
        plans = []
        for name, plan_year in wanted:
            try:
                plans.append(load_plan_from_db(db, name, plan_year))
            except BadInput as exc:
                fail(db, str(exc))
    else:
        if a is None or b is None:
            fail("compare", t("err.compare_two_plans"))
        plans = []
        for path in (a, b):
            try:
                plans.append(load_plan(path))
            except BadInput as exc:
                fail(path, str(exc))
            except MemoryError:
                fail(path, t("err.out_of_memory"))
    result = render(run_compare(plans[0], plans[1]), chosen.value)
    if out is None:
        if isinstance(result, bytes):
            fail("compare", t("err.xlsx_needs_out"))
        sys.stdout.write(result)
    else:
        write_output(out, result)


class ExecutorChoice(str, Enum):
    local = "local"
    dask = "dask"


@app.command(help=H("cli.ingest.help"))
def ingest(
    paths: list[Path] = typer.Argument(..., help=H("cli.ingest.paths")),
    out: Path = typer.Option(Path("outputs"), "--out", help=H("cli.ingest.out")),
    workers: int = typer.Option(0, "--workers", min=0, help=H("cli.ingest.workers")),
    executor: ExecutorChoice = typer.Option(
        ExecutorChoice.local, "--executor", help=H("cli.ingest.executor")
    ),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help=H("cli.ingest.scheduler")),
    prune: bool = typer.Option(False, "--prune", help=H("cli.ingest.prune")),
    retry_failed: bool = typer.Option(False, "--retry-failed", help=H("cli.ingest.retry_failed")),
    timeout: float = typer.Option(120.0, "--timeout", min=1, help=H("cli.ingest.timeout")),
    memory_limit: str = typer.Option("1.5GiB", "--memory-limit", help=H("cli.ingest.memory_limit")),
    summary_json: Optional[Path] = typer.Option(
        None, "--summary-json", help=H("cli.ingest.summary_json")
    ),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from rencana.corpus.corrections import CORRECTIONS_NAME, CorrectionsError, load
    from rencana.corpus.executors import Limits, available_cores, parse_size
    from rencana.corpus.export import write_atomic
    from rencana.corpus.ingest import IngestConfig, run_with_progress, summary_json_text

    try:
        limits = Limits(timeout=timeout, memory_bytes=parse_size(memory_limit))
    except ValueError as exc:
        fail("--memory-limit", str(exc))
    config = IngestConfig(
        out=out,
        workers=workers or available_cores(),
        executor=executor.value,
        scheduler=scheduler,
        prune=prune,
        retry_failed=retry_failed,
        limits=limits,
    )
    from rencana.corpus.outputs import OutputError

    try:
        load(out / CORRECTIONS_NAME)  # a malformed line stops the run before the progress bar
        report = run_with_progress(paths, config, quiet=quiet)
    except OutputError as exc:
        fail(exc.target, str(exc))
    except (FileNotFoundError, RuntimeError) as exc:
        fail("ingest", str(exc))
    except CorrectionsError as exc:  # before any work: one line naming the file and line
        fail(exc.where, exc.reason)
    except KeyboardInterrupt:  # during export: every file is replaced atomically
        typer.echo(t("err.interrupted"), err=True)
        raise typer.Exit(code=130) from None
    if summary_json is not None:
        write_atomic(summary_json, summary_json_text(report, config))
    raise typer.Exit(code=report.exit_code)


@app.command(help=H("cli.debug.help"))
def debug(
    pdf: Path = typer.Argument(..., help=H("cli.debug.pdf")),
    out_dir: Path = typer.Option(..., "-o", "--out", help=H("cli.debug.out")),
    pages: Optional[str] = typer.Option(None, "--pages", help=H("cli.debug.pages")),
    ocr: OcrChoice = typer.Option(OcrChoice.auto, "--ocr", help=H("cli.extract.ocr")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from rencana.review.overlay import draw_pages, parse_pages, trace

    try:
        traced = trace(pdf, ExtractOptions(ocr=ocr.value))
        wanted = parse_pages(pages, len(traced.state.pages))
    except BadInput as exc:
        fail(pdf, str(exc))
    except ValueError as exc:  # --pages
        fail(pdf, t("err.pages", reason=exc))
    try:
        written = draw_pages(traced, wanted, out_dir)
    except BadInput as exc:  # a page pdfium should not render
        fail(pdf, str(exc))
    for path in written:
        if not quiet:
            typer.echo(str(path))


def store_path(corpus: Path) -> Path:
    """An ingest output folder or its plans.sqlite."""
    from rencana.corpus.ingest import STORE_NAME

    path = corpus / STORE_NAME if corpus.is_dir() else corpus
    if not path.is_file():
        fail(corpus, t("err.no_store"))
    return path


@app.command(name="list", help=H("cli.list.help"))
def list_corpus(
    corpus: Path = typer.Argument(Path("outputs"), help=H("cli.list.corpus")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    import sqlite3

    from rich.console import Console
    from rich.table import Table

    from rencana.messages import column

    path = store_path(corpus)
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT COALESCE(issuer, '?'), plan_year, COUNT(*), SUM(record_count) "
                "FROM decrees GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall()
    except sqlite3.DatabaseError as exc:
        fail(path, t("err.not_a_store", error=exc))
    table = Table(title=str(path), header_style="bold")
    for name, justify in (("issuer", "left"), ("plan_year", "right")):
        table.add_column(column(name), justify=justify)  # type: ignore[arg-type]
    table.add_column(column("decrees"), justify="right")
    table.add_column(column("records"), justify="right")
    for issuer, plan_year, decrees, records in rows:
        table.add_row(
            issuer, "" if plan_year is None else str(plan_year), str(decrees), str(records)
        )
    Console(width=200).print(table)


def serve_argv(path: Path, port: int) -> list[str]:
    """Datasette on the corpus, bound to this machine only, with metadata.json beside it."""
    argv = [sys.executable, "-m", "datasette", "serve", str(path), "-h", "127.0.0.1"]
    argv += ["-p", str(port)]
    metadata = path.parent / "metadata.json"
    if metadata.is_file():
        argv += ["-m", str(metadata)]
    return argv


@app.command(help=H("cli.serve.help"))
def serve(
    corpus: Path = typer.Argument(Path("outputs"), help=H("cli.serve.corpus")),
    port: int = typer.Option(8001, "--port", "-p", help=H("cli.serve.port")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from importlib.util import find_spec

    path = store_path(corpus)
    if find_spec("datasette") is None:
        fail("serve", t("err.extra_missing", feature=t("feature.serve"), extra="serve"))
    if not quiet:
        typer.echo(t("cli.serve.starting", port=port), err=True)
    argv = serve_argv(path, port)
    os.execv(argv[0], argv)


@app.command(help=H("cli.review.help"))
def review(
    corpus: Path = typer.Argument(Path("outputs"), help=H("cli.review.corpus")),
    port: int = typer.Option(8002, "--port", "-p", help=H("cli.review.port")),
    by: Optional[str] = typer.Option(None, "--by", help=H("cli.review.by")),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    lang: Optional[str] = LANG,
) -> None:
    setup(verbose, quiet, lang)
    from importlib.util import find_spec

    if not corpus.is_dir():
        fail(corpus, t("err.no_store"))
    check_store(store_path(corpus))
    if any(find_spec(name) is None for name in ("starlette", "uvicorn", "jinja2", "multipart")):
        fail("review", t("err.extra_missing", feature=t("feature.review"), extra="review"))
    from rencana.corpus.corrections import CORRECTIONS_NAME, CorrectionsError, load
    from rencana.review.server import serve as serve_review

    try:
        load(corpus / CORRECTIONS_NAME)  # the page shows decrees with their corrections applied
    except CorrectionsError as exc:
        fail(exc.where, exc.reason)
    if not quiet:
        typer.echo(t("cli.review.starting", port=port), err=True)
    serve_review(corpus, port, by)


def check_store(path: Path) -> None:
    """The store was written by this version of the pipeline's store layout."""
    import sqlite3

    from rencana.corpus.store import STORE_VERSION

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        fail(path, t("err.not_a_store", error=exc))
    if row is None or row[0] != STORE_VERSION:
        fail(path, t("err.store_version"))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
