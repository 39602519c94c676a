"""The ``rencana`` command. For ``rencana extract`` the document child is forked first, before
the CLI (typer, rich) is imported, so that spaCy's import overlaps the CLI's (see
``extract_process``)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["extract"] and "--help" not in args and hasattr(os, "fork"):
        from rencana import extract_process

        extract_process.start_early()
    from rencana.cli import main as cli_main

    cli_main()
