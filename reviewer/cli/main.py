"""The `reviewer` command: a Flask CLI group, so every command runs inside a configured app."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import FlaskGroup, ScriptInfo, routes_command, shell_command

from reviewer import create_app
from reviewer.cli.backup import backup_command, restore_command
from reviewer.cli.commands import (
    programs,
    reindex_search_command,
    requeue_command,
    seed_command,
    users,
    worker_command,
)
from reviewer.cli.demo import demo_command
from reviewer.cli.enrol import cycles, enrol_command
from reviewer.cli.extract import extract_command
from reviewer.cli.init import init_command
from reviewer.cli.naming import TOUCH_NO_DATABASE, name_database
from reviewer.cli.reprocess import reprocess_command
from reviewer.learning.evaluation import evaluate_command
from reviewer.learning.training import train_command
from reviewer.service.preflight import check_command
from reviewer.service.serve import serve_command

# No `run`: Flask's development server (and its debugger under FLASK_DEBUG) is not for serving anyone.
# `reviewer demo` runs Werkzeug on 127.0.0.1 for the demo; production uses `reviewer serve`.


class ReviewerGroup(FlaskGroup):
    """Flask's group, naming the database before any command that touches one runs (reviewer/cli/naming.py).

    Here rather than in each command, so a new command, or one that a library adds (Flask-Migrate's `db`),
    names it without being told; only TOUCH_NO_DATABASE is left out."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and name not in TOUCH_NO_DATABASE and not {"--help", "-h"} & set(rest):
            name_database(ctx.ensure_object(ScriptInfo).load_app())
        return name, command, rest


cli = ReviewerGroup(create_app=create_app, add_default_commands=False,
                    help="reviewer: continuing-education evidence review.")
for command in (shell_command, routes_command, enrol_command, cycles, extract_command, evaluate_command, users,
                programs, worker_command, requeue_command, seed_command, demo_command, reprocess_command,
                train_command, reindex_search_command):
    cli.add_command(command)
cli.add_command(serve_command)  # production: gunicorn (reviewer/service/serve.py)
cli.add_command(check_command)  # reviewer/service/preflight.py
cli.add_command(init_command)  # set-up, again on every release (reviewer/cli/init.py)
cli.add_command(backup_command)  # database, then files (reviewer/cli/backup.py)
cli.add_command(restore_command)

if __name__ == "__main__":
    cli()
