"""`python -m reviewer.cli`: the `reviewer` command, for hosts that run it without the installed script."""

from reviewer.cli.main import cli

cli()
