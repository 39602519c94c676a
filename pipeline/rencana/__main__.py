"""`python -m rencana` runs the CLI."""

from rencana.entry import main

main()
