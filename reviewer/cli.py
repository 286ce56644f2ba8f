"""The `reviewer` command: a Flask CLI group, so every command runs inside a configured app."""

from __future__ import annotations

from flask.cli import FlaskGroup

from reviewer import create_app
from reviewer.evaluation import evaluate_command
from reviewer.extract_command import extract_command

cli = FlaskGroup(create_app=create_app, help="reviewer: continuing-education evidence review.")
cli.add_command(extract_command)
cli.add_command(evaluate_command)
