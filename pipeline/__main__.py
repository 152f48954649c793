"""`python -m pipeline` runs the `dateline` command."""

from pipeline.cli import main

main()
