"""A thin CLI: parse arguments, call library code, report bad input in one line."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer

from rencana.errors import BadInput, ProcessDied
from rencana.options import ExtractOptions

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="rencana: Indonesian decree PDFs to validated, structured plan records.",
)


class Format(str, Enum):
    json = "json"
    csv = "csv"


class OcrChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def fail(path: Path | str | None, reason: str) -> NoReturn:
    typer.echo(f"{path}: {reason}", err=True)
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


@app.command()
def extract(
    pdf: Path = typer.Argument(..., help="Decree PDF"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Output file (default: stdout)"),
    fmt: Format = typer.Option(
        Format.json, "--format", help="json: the decree document; csv: its records"
    ),
    ocr: OcrChoice = typer.Option(
        OcrChoice.auto, "--ocr", help="OCR image-only pages: auto|always|never"
    ),
) -> None:
    """Extract one decree PDF into a validated decree document."""
    from rencana.corpus.executors import Limits, run_forked

    # In a forked child, under ingest's time and memory limits: native code (OpenCV, pdfium) that
    # crashes on a file ends the child, and this process reports it in one line, as it does bad input.
    try:
        text = run_forked(
            extract_text, pdf, ExtractOptions(ocr=ocr.value), fmt.value, limits=Limits()
        )
    except BadInput as exc:
        fail(pdf, str(exc))
    except MemoryError:
        fail(pdf, "out of memory while reading")
    except ProcessDied as exc:
        fail(pdf, str(exc))
    if out is None:
        sys.stdout.write(text)
    else:
        write_output(out, text)


def extract_text(pdf: Path, options: ExtractOptions, fmt: str) -> str:
    """The decree document of ``pdf`` as the text ``extract`` writes (runs in the child)."""
    from rencana.corpus.export import document_json, records_csv
    from rencana.runner import extract as run_extract

    doc = run_extract(pdf, options)
    return document_json(doc) if fmt == Format.json.value else records_csv(doc.records)


@app.command()
def schema(
    out_dir: Optional[Path] = typer.Option(
        None, "--out-dir", help="Write every schema file here instead of printing"
    ),
) -> None:
    """Print the JSON Schema of the decree document (or write all schema files)."""
    from rencana.contract.models import DecreeDocument
    from rencana.contract.schemas import schema_text, write_all

    if out_dir is None:
        sys.stdout.write(schema_text(DecreeDocument))
    else:
        for path in write_all(out_dir):
            typer.echo(str(path))


class CompareFormat(str, Enum):
    json = "json"
    md = "md"
    html = "html"
    xlsx = "xlsx"


@app.command()
def compare(
    a: Optional[Path] = typer.Argument(None, help="Plan A: decree PDF or decree JSON"),
    b: Optional[Path] = typer.Argument(None, help="Plan B: decree PDF or decree JSON"),
    fmt: CompareFormat = typer.Option(CompareFormat.json, "--format", help="json|md|html|xlsx"),
    out: Optional[Path] = typer.Option(
        None, "-o", "--out", help="Output file (default: stdout; required for xlsx)"
    ),
    db: Optional[Path] = typer.Option(
        None, "--db", help="Corpus store (sqlite) instead of two files"
    ),
    issuer: Optional[str] = typer.Option(
        None, "--issuer", help="With --db and --years: one office"
    ),
    years: Optional[tuple[int, int]] = typer.Option(
        None, "--years", help="With --db and --issuer: plan years A B"
    ),
    issuers: Optional[tuple[str, str]] = typer.Option(
        None, "--issuers", help="With --db and --year: offices A B"
    ),
    year: Optional[int] = typer.Option(
        None, "--year", help="With --db and --issuers: one plan year"
    ),
) -> None:
    """Compare two plans: what was added, dropped, rescheduled or changed from A to B."""
    from rencana.compare.align import compare as run_compare
    from rencana.compare.plans import load_plan
    from rencana.compare.report import render

    if db is not None:
        from rencana.compare.db import load_plan_from_db

        if issuer and years:
            wanted = [(issuer, years[0]), (issuer, years[1])]
        elif issuers and year:
            wanted = [(issuers[0], year), (issuers[1], year)]
        else:
            fail(db, "give --issuer with --years A B, or --issuers A B with --year")
        plans = []
        for name, plan_year in wanted:
            try:
                plans.append(load_plan_from_db(db, name, plan_year))
            except BadInput as exc:
                fail(db, str(exc))
    else:
        if a is None or b is None:
            fail(
                "compare",
                "give two plans (PDF or JSON), or --db with --issuer/--years or --issuers/--year",
            )
        plans = []
        for path in (a, b):
            try:
                plans.append(load_plan(path))
            except BadInput as exc:
                fail(path, str(exc))
            except MemoryError:
                fail(path, "out of memory while reading")
    result = render(run_compare(plans[0], plans[1]), fmt.value)
    if out is None:
        if isinstance(result, bytes):
            fail("compare", "--format xlsx needs -o OUT")
        sys.stdout.write(result)
    else:
        write_output(out, result)


class ExecutorChoice(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="PDF files or folders (walked recursively for *.pdf)"
    ),
    out: Path = typer.Option(Path("outputs"), "--out", help="Output folder"),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes"),
    executor: ExecutorChoice = typer.Option(ExecutorChoice.local, "--executor", help="local|dask"),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="dask scheduler address (default: a LocalCluster)"
    ),
    prune: bool = typer.Option(False, "--prune", help="Remove decrees whose file is gone"),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Extract unchanged files that failed before"
    ),
    timeout: float = typer.Option(120.0, "--timeout", min=1, help="Seconds per document"),
    memory_limit: str = typer.Option(
        "1.5GiB", "--memory-limit", help="Address-space limit per worker"
    ),
) -> None:
    """Ingest decree PDFs into every output format, incrementally, one isolated worker per document."""
    from rencana.corpus.executors import Limits, parse_size
    from rencana.corpus.ingest import IngestConfig, run_with_progress

    try:
        limits = Limits(timeout=timeout, memory_bytes=parse_size(memory_limit))
    except ValueError as exc:
        fail("--memory-limit", str(exc))
    config = IngestConfig(
        out=out,
        workers=workers,
        executor=executor.value,
        scheduler=scheduler,
        prune=prune,
        retry_failed=retry_failed,
        limits=limits,
    )
    from rencana.corpus.outputs import OutputError

    try:
        report = run_with_progress(paths, config)
    except OutputError as exc:
        fail(exc.target, str(exc))
    except (FileNotFoundError, RuntimeError) as exc:
        fail("ingest", str(exc))
    except (
        KeyboardInterrupt
    ):  # during export: every file is replaced atomically, the next run redoes it
        typer.echo(
            "ingest: interrupted; previous outputs are intact, run again to resume", err=True
        )
        raise typer.Exit(code=130) from None
    raise typer.Exit(code=report.exit_code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
