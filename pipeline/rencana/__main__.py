"""`python -m rencana` runs the CLI."""

from rencana.cli import main

main()
