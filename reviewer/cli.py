"""The `reviewer` command: a Flask CLI group, so every command runs inside a configured app."""

from __future__ import annotations

from flask.cli import FlaskGroup, routes_command, shell_command

from reviewer import create_app
from reviewer.commands import programs, requeue_command, seed_command, users, worker_command
from reviewer.demo import demo_command
from reviewer.enrol_command import cycles, enrol_command
from reviewer.evaluation import evaluate_command
from reviewer.extract_command import extract_command
from reviewer.preflight import check_command
from reviewer.reprocess_command import reprocess_command
from reviewer.serve import serve_command
from reviewer.training import train_command

# No `run`: Flask's development server (and its debugger under FLASK_DEBUG) is not for serving anyone.
# `reviewer demo` runs Werkzeug on 127.0.0.1 for the demo; production uses `reviewer serve`.
cli = FlaskGroup(create_app=create_app, add_default_commands=False,
                 help="reviewer: continuing-education evidence review.")
for command in (shell_command, routes_command, enrol_command, cycles, extract_command, evaluate_command, users, programs, worker_command, requeue_command, seed_command,
                demo_command, reprocess_command, train_command):
    cli.add_command(command)
cli.add_command(serve_command)  # production: gunicorn (reviewer/serve.py)
cli.add_command(check_command)  # reviewer/preflight.py

if __name__ == "__main__":
    cli()
