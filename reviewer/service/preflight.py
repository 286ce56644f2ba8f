"""`reviewer check`: is this host's configuration fit to start, before anything starts?

A misconfigured deployment otherwise fails late and far from its cause: a worker that cannot write the
shared storage fails each document, a missing Tesseract model quietly reads scans worse, a database one
migration behind raises on the first page that touches the new column. Each check here runs on its own
(one failure never hides the next), prints one line with ok or FAIL, and names the setting to fix.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import Connection

from reviewer.documents.storage_marker import MARKER
from reviewer.extensions import db, migrate
from reviewer.service.startup import deployment_problems, secret_key_problem, storage_problem


@dataclass(frozen=True)
class Outcome:
    """One check's verdict and the line shown for it."""

    ok: bool
    detail: str


def secret_key(app: Flask) -> Outcome:
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    return Outcome(False, problem) if problem else Outcome(True, "REVIEWER_SECRET_KEY is set")


def debug_off(app: Flask) -> Outcome:
    if app.debug or app.config.get("DEBUG"):
        return Outcome(False, "FLASK_DEBUG is on: it runs the interactive debugger; unset it")
    return Outcome(True, "off")


def _revisions(app: Flask) -> tuple[frozenset[str], frozenset[str]]:
    """The code's migration heads and every revision it knows (read once per process: they ship with it)."""
    known = app.extensions.get("reviewer_migrations")
    if known is None:
        from alembic.script import ScriptDirectory
        script = ScriptDirectory.from_config(migrate.get_config(app.extensions["migrate"].directory))
        known = app.extensions["reviewer_migrations"] = (
            frozenset(script.get_heads()), frozenset(r.revision for r in script.walk_revisions()))
    return known


def migration_heads(app: Flask) -> set[str]:
    """The revisions the code's migrations end at."""
    return set(_revisions(app)[0])


def schema_state(app: Flask, current: set[str]) -> str:
    """"ok" at the code's head; "ahead" when the database is at a revision this code does not know (a newer
    release migrated it: expand-then-contract migrations keep the old code working meanwhile); else "behind"."""
    heads, known = _revisions(app)
    if current == set(heads):
        return "ok"
    if current and not current <= known:
        return "ahead"
    return "behind"


def current_heads(connection: Connection) -> set[str]:
    """The revisions the database says it is at (none: an empty or never-migrated database)."""
    from alembic.migration import MigrationContext
    return set(MigrationContext.configure(connection).get_current_heads())


def database(app: Flask) -> Outcome:
    """Reachable, and at the migrations' head: code ahead of its schema fails on the first query that
    touches a new column, so a deploy runs `reviewer db upgrade` before it starts anything."""
    from sqlalchemy.exc import SQLAlchemyError

    url = db.engine.url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as connection:
            current = current_heads(connection)
    except SQLAlchemyError as exc:
        return Outcome(False, f"DATABASE_URL ({url}) is unreachable: {first_line(exc)}")
    heads = migration_heads(app)
    if schema_state(app, current) == "ahead":
        return Outcome(False, f"DATABASE_URL ({url}) is at {', '.join(sorted(current))}, newer than this code "
                              f"({', '.join(sorted(heads))}): install the new release on this host")
    if current != heads:
        at = ", ".join(sorted(current)) or "no revision (empty)"
        return Outcome(False, f"DATABASE_URL ({url}) is at {at}, the code needs {', '.join(sorted(heads))}: "
                              "run `reviewer db upgrade`")
    return Outcome(True, f"{url}, migrated to {', '.join(sorted(heads))}")


def redis(app: Flask) -> Outcome:
    from redis import Redis
    from redis.exceptions import RedisError
    try:
        with Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=3, socket_timeout=3) as connection:
            connection.ping()
    except (RedisError, OSError, ValueError) as exc:
        return Outcome(False, f"REDIS_URL is unreachable: {first_line(exc)}")
    return Outcome(True, "REDIS_URL answers PING")


def storage(app: Flask) -> Outcome:
    """Writable the way blobs are written (a temporary file beside them, then removed): on a shared mount
    a read-only or wrongly owned export shows here, not on the first upload."""
    root = Path(app.config["STORAGE_DIR"])
    if not root.is_dir():  # never created here: a shared mount that is not mounted must not pass
        return Outcome(False, f"REVIEWER_STORAGE_DIR ({root}) does not exist: mount the shared storage there, "
                              "or create the directory on a single host")
    try:
        fd, name = tempfile.mkstemp(dir=root, prefix=".check-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"reviewer check\n")
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            Path(name).unlink()
    except OSError as exc:
        return Outcome(False, f"REVIEWER_STORAGE_DIR ({root}) is not writable: {exc.strerror or exc}")
    if app.config.get("PRODUCTION"):  # an empty mount point is writable too: the marker tells them apart
        problem = storage_problem(app.config)
        if problem:
            return Outcome(False, problem)
        return Outcome(True, f"{root} is writable and carries the {MARKER} marker")
    return Outcome(True, f"{root} is writable")


def tesseract(app: Flask) -> Outcome:
    import pytesseract
    try:
        version = pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        return Outcome(False, f"tesseract does not run ({first_line(exc)}): apt-get install tesseract-ocr")
    return Outcome(True, f"tesseract {version}")


def tesseract_languages(app: Flask) -> Outcome:
    """Every model the settings name, and osd (page orientation: without it a sideways scan is read as is)."""
    import pytesseract
    wanted: dict[str, str] = {"osd": "page orientation"}
    for code in (app.config.get("OCR_LANGUAGES") or ()):
        wanted.setdefault(code, "REVIEWER_OCR_LANGUAGES")
    for code in str(app.config["OCR_LANGUAGE"]).split("+"):
        wanted[code] = "REVIEWER_OCR_LANGUAGE"
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        return Outcome(False, f"cannot list Tesseract's models: {first_line(exc)}")
    missing = [code for code in wanted if code not in installed]
    if missing:
        named = ", ".join(f"{code} ({wanted[code]})" for code in missing)
        packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in missing)
        return Outcome(False, f"no language data for {named}: apt-get install {packages}")
    return Outcome(True, ", ".join(sorted(wanted)))


def deployment(app: Flask) -> Outcome:
    """With REVIEWER_ENV=production: no demo default (SQLite, an implicit Redis or public address)."""
    problems = deployment_problems(app.config)
    if problems:
        return Outcome(False, " ".join(problems))
    if app.config.get("PRODUCTION"):
        return Outcome(True, "production: PostgreSQL, REDIS_URL and REVIEWER_PUBLIC_URL are set")
    return Outcome(True, "not production (REVIEWER_ENV is not production): the demo's defaults are allowed")


Check = Callable[[Flask], Outcome]
WEB_CHECKS: tuple[tuple[str, Check], ...] = (
    ("secret key", secret_key), ("debug mode", debug_off), ("deployment", deployment), ("database", database),
    ("redis", redis), ("storage", storage),
)
WORKER_CHECKS: tuple[tuple[str, Check], ...] = (("tesseract", tesseract), ("tesseract languages", tesseract_languages))


def run_checks(app: Flask, web_only: bool = False) -> list[tuple[str, Outcome]]:
    """Every check's outcome, in order; a check that raises is a failure, never the end of the run."""
    results = []
    for name, check in WEB_CHECKS + (() if web_only else WORKER_CHECKS):
        try:
            outcome = check(app)
        except Exception as exc:  # a check's own bug or an unforeseen error: still one line, still FAIL
            outcome = Outcome(False, f"{type(exc).__name__}: {first_line(exc)}")
        results.append((name, outcome))
    return results


def first_line(exc: BaseException) -> str:
    """An error's first line: one line per failed check or probe, never a traceback (the error may be long,
    and a probe asked every few seconds would bury the log)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@click.command("check")
@click.option("--web", "web_only", is_flag=True, help="Skip what only a worker needs (Tesseract).")
@with_appcontext
def check_command(web_only: bool) -> None:
    """Check the configuration before starting: one line per check, exit status 1 if any failed."""
    results = run_checks(current_app, web_only)
    for name, outcome in results:
        click.echo(f"{'ok' if outcome.ok else 'FAIL':<4} {name}: {outcome.detail}")
    if not all(outcome.ok for _, outcome in results):
        click.get_current_context().exit(1)
