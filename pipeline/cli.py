"""A thin CLI: parse arguments, call library code, report bad input in one line."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import BadInput
from .options import ExtractOptions

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="rencana: Indonesian decree PDFs to validated, structured plan records.")


class Format(str, Enum):
    json = "json"
    csv = "csv"


class OcrChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def fail(path: Path | str, reason: str) -> None:
    typer.echo(f"{path}: {reason}", err=True)
    raise typer.Exit(code=2)


@app.command()
def extract(
    pdf: Path = typer.Argument(..., help="Decree PDF"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Output file (default: stdout)"),
    fmt: Format = typer.Option(Format.json, "--format", help="json: the decree document; csv: its records"),
    ocr: OcrChoice = typer.Option(OcrChoice.auto, "--ocr", help="OCR image-only pages: auto|always|never"),
) -> None:
    """Extract one decree PDF into a validated decree document."""
    from .export import document_json, records_csv, write_atomic
    from .runner import extract as run_extract

    try:
        doc = run_extract(pdf, ExtractOptions(ocr=ocr.value))
    except BadInput as exc:
        fail(pdf, str(exc))
    except MemoryError:
        fail(pdf, "out of memory while reading")
    text = document_json(doc) if fmt is Format.json else records_csv(doc.records)
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)


@app.command()
def schema(
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Write every schema file here instead of printing"),
) -> None:
    """Print the JSON Schema of the decree document (or write all schema files)."""
    from .models import DecreeDocument
    from .schemas import schema_text, write_all

    if out_dir is None:
        sys.stdout.write(schema_text(DecreeDocument))
    else:
        for path in write_all(out_dir):
            typer.echo(str(path))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
