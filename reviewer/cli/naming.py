"""Every command names the database it is about to touch, before it touches it.

A command run without the environment file falls back to the demo's SQLite file in the checkout, and one
run with the wrong file touches another deployment; either way the operator should see which database it
is before anything changes. The line goes to standard error, so output meant for a pipe (`extract --json`,
CSV) stays clean. The password is never shown.
"""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy.engine import make_url

# Commands that touch no database, or name the one they touch in their own words: `check` names it on its
# database line, `demo` runs its own SQLite file and says so, `train` names it when it reads corrections.
TOUCH_NO_DATABASE = frozenset({"extract", "evaluate", "routes", "demo", "check", "train"})


def database_line(app: Flask) -> str:
    """"database: <URL without its password>", as every command prints it."""
    url = make_url(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    return f"database: {url.render_as_string(hide_password=True)}"


def name_database(app: Flask) -> None:
    """Print the database line on standard error."""
    click.echo(database_line(app), err=True)
