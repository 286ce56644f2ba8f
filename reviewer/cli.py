"""The `reviewer` command: a Flask CLI group, so every command runs inside a configured app."""

from __future__ import annotations

from flask.cli import FlaskGroup

from reviewer import create_app
from reviewer.commands import programs, requeue_command, seed_command, users, worker_command
from reviewer.demo import demo_command
from reviewer.evaluation import evaluate_command
from reviewer.extract_command import extract_command
from reviewer.reprocess_command import reprocess_command

cli = FlaskGroup(create_app=create_app, help="reviewer: continuing-education evidence review.")
for command in (extract_command, evaluate_command, users, programs, worker_command, requeue_command, seed_command,
                demo_command, reprocess_command):
    cli.add_command(command)

if __name__ == "__main__":
    cli()
