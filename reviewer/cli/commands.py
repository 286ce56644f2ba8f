"""`reviewer users`, `reviewer worker`, `reviewer requeue`, `reviewer seed` and `reviewer reindex-search`."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from redis import Redis

from reviewer.accounts.login_limits import prune_attempts
from reviewer.documents.retention import purge_refused_blobs
from reviewer.extensions import db
from reviewer.mail.notifications import daily_notifications
from reviewer.mail.outbox import sweep_outbox
from reviewer.models import Program, User
from reviewer.models.users import ROLES
from reviewer.normalize import clean_text
from reviewer.programs.catalogue import seed_programs
from reviewer.programs.cycles import close_due_cycles
from reviewer.programs.due_rules import DUE_RULES
from reviewer.programs.editing import MAX_UNITS
from reviewer.programs.progress import outcome
from reviewer.programs.rules import rules_of
from reviewer.queue import extraction_queue
from reviewer.reprocessing.batches import sweep_batches
from reviewer.review.decisions import audit
from reviewer.review.search import HEAD_TABLE, TABLES, rebuild_search_index
from reviewer.service.children import die_with_parent
from reviewer.service.logs import configure_logging
from reviewer.service.startup import ConfigError, require_production_config
from reviewer.service.sweep import sweep
from reviewer.service.worker import work_until_stopped
from workers.fields.amounts import CONTACT_HOURS_PER_UNIT

users = AppGroup("users", help="Create users and issue API tokens.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="applicant", show_default=True)
@click.option("--name", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a user (the password never appears on the command line)."""
    email = email.strip().lower()
    if db.session.scalars(db.select(User).where(User.email == email)).first():
        raise click.ClickException(f"{email} already exists.")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    if not clean_text(name):
        raise click.ClickException("The name is empty once invisible and control characters are removed.")
    user = User(email=email, name=name, role=role)  # cleaned by User's validator (reviewer.normalize.clean_text)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {email} (id {user.id})")


@users.command("token")
@click.argument("email")
def issue_token(email: str) -> None:
    """Print a new API token for EMAIL (any earlier token stops working)."""
    user = db.session.scalars(db.select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise click.ClickException(f"no user {email}")
    token = user.new_token()
    db.session.commit()
    click.echo(token)


@click.command("requeue")
@click.option("--every", type=click.IntRange(0), default=0, help="Repeat every N seconds (0: once).")
@with_appcontext
def requeue_command(every: int) -> None:
    """Enqueue every queued document that has no live job, and push running batches along (the sweep).
    Also sends pending mail again and, once a day, queues deadline reminders and the staff digest."""
    from datetime import date

    if every:  # the worker's periodic sweeper: its recoveries are logged in the worker's shape
        configure_logging(str(current_app.config["LOG_FORMAT"]))
    while True:
        checked = sweep()
        chunks = sweep_batches()
        close_due_cycles(date.today(), outcome)  # cycles past their due date end complete, short or in review
        daily_notifications()  # reminders and the staff digest, once a day (dedupe keys: never twice)
        sweep_outbox()  # pending mail whose job is gone: queued while Redis or the SMTP server was down
        purge_refused_blobs()  # files of refused non-documents past REFUSED_RETENTION_DAYS
        prune_attempts()  # sign-in attempts older than any login limit reads
        db.session.remove()
        if not every:
            click.echo(f"swept {checked} document(s) and sent {chunks} batch chunk(s)")
            return
        time.sleep(every)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Start an RQ worker (with the scheduler, so retries run) plus the periodic sweep."""
    try:
        require_production_config(current_app)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    configure_logging(str(current_app.config["LOG_FORMAT"]))
    import workers.pipeline  # noqa: F401  (pdfplumber, pdfium and pytesseract load before the worker forks)

    queue = extraction_queue()
    _wait_for_redis(queue.connection)
    sweep()
    sweep_batches()
    db.session.remove()
    db.engine.dispose()  # no open database connection may be shared with the work horses forked below
    sweeper = None
    if not burst:
        interval = int(current_app.config["SWEEP_INTERVAL_SECONDS"])
        # It ends with this process however this one ends: an orphaned sweeper would run for ever.
        parent = os.getpid()
        sweeper = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "requeue", "--every", str(interval)],
                                   preexec_fn=lambda: die_with_parent(parent))
    try:
        work_until_stopped(queue, current_app.config, burst, lambda: _wait_for_redis(queue.connection))
    finally:
        if sweeper is not None:
            sweeper.terminate()
            sweeper.wait(timeout=10)


def _wait_for_redis(connection: Redis) -> None:
    """Start only once Redis answers: a worker started during an outage waits instead of crashing."""
    from redis.exceptions import RedisError
    delay = 0.5
    while True:
        try:
            connection.ping()
            return
        except RedisError as exc:
            click.echo(f"waiting for Redis ({exc}); retrying in {delay:.0f} s", err=True)
            time.sleep(delay)
            delay = min(delay * 2, 15.0)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Create the three programs (ATMAE senior, AMT CMTSE, SME) if they are missing."""
    for program in seed_programs():
        click.echo(f"{program.code}: {program.required_units:g} {program.unit} in {program.window_years} years")


@click.command("reindex-search")
@click.option("--named-only", is_flag=True, help="Rewrite only the entries of the documents' named parts "
              "(file name, applicant, recipient, issuer, titles), without reading page text.")
@with_appcontext
def reindex_search_command(named_only: bool) -> None:
    """Rewrite every document's staff-search entries from what is stored: a repair, or after a rolling upgrade
    during which an older release read documents again."""
    total = rebuild_search_index(db.session, (HEAD_TABLE,) if named_only else TABLES)
    db.session.commit()
    click.echo(f"{total} documents indexed")


programs = AppGroup("programs", help="List and change the programs' rules (they are data, not code).")


@programs.command("list")
def list_programs() -> None:
    """Every program's rules: requirement, window, units, due rule, categories with their caps, exemptions."""
    for p in db.session.scalars(db.select(Program).order_by(Program.code)):
        multiple = f" ({p.required_units_multiple:g} for several)" if p.required_units_multiple else ""
        due = DUE_RULES.get(p.due_rule)
        click.echo(f"{p.code}: {p.required_units:g}{multiple} {p.unit} in {p.window_years} years; "
                   f"1 {p.unit} = {p.contact_hours_per_unit:g} contact hours; overrides {p.conversions or {}}; "
                   f"due {due.words if due else p.due_rule}"
                   + ("; counts other programs' evidence" if p.shares_evidence else ""))
        rules = rules_of(p)
        for c in rules.categories:
            limits = ", ".join(part for part in (f"at least {c.minimum:g}" if c.minimum is not None else "",
                                                 f"at most {c.maximum:g}" if c.maximum is not None else "") if part)
            click.echo(f"  category {c.code} ({c.name}){': ' + limits if limits else ''}")
        for e in rules.exemptions:
            click.echo(f"  exemption {e.code} ({e.name})")


@programs.command("set")
@click.argument("code")
@click.option("--required", type=click.FloatRange(min=0, min_open=True), help="Units required in the window.")
@click.option("--required-multiple", type=click.FloatRange(min=0, min_open=True),
              help="Units required when renewing several certifications.")
@click.option("--window-years", type=click.IntRange(1, 20))
@click.option("--contact-hours-per-unit", type=click.FloatRange(min=0, min_open=True))
@click.option("--conversion", "conversions", multiple=True, metavar="UNIT=HOURS",
              help="Contact hours one UNIT is worth in this program, e.g. ceu=10.")
@click.option("--due-rule", type=click.Choice(list(DUE_RULES)), help="How a cycle's due date follows.")
@click.option("--cap", "caps", multiple=True, metavar="CATEGORY=UNITS",
              help="At most UNITS count in CATEGORY (CATEGORY= with no number: no cap).")
@click.option("--minimum", "minimums", multiple=True, metavar="CATEGORY=UNITS",
              help="At least UNITS must come from CATEGORY (CATEGORY= with no number: none).")
def set_program(code: str, required: float | None, required_multiple: float | None, window_years: int | None,
                contact_hours_per_unit: float | None, conversions: tuple[str, ...], due_rule: str | None,
                caps: tuple[str, ...], minimums: tuple[str, ...]) -> None:
    """Change a program's rules; the change is recorded in the audit trail."""
    program = db.session.scalars(db.select(Program).where(Program.code == code)).first()
    if program is None:
        raise click.ClickException(f"no program {code}")
    before = {"required": program.required_units, "window_years": program.window_years,
              "conversions": dict(program.conversions or {}), "due_rule": program.due_rule,
              "categories": [c.as_dict() for c in rules_of(program).categories]}
    categories = [c.as_dict() for c in rules_of(program).categories]
    for items, key in ((caps, "max"), (minimums, "min")):
        for item in items:
            name, _, units = item.partition("=")
            category = next((c for c in categories if c["code"] == name), None)
            if category is None:
                raise click.ClickException(f"{code} has no category {name!r}; use one of "
                                           f"{', '.join(c['code'] for c in categories) or '(none)'}")
            try:
                value = float(units) if units.strip() else None
            except ValueError:
                raise click.ClickException(f"{item!r}: the units must be a number") from None
            if value is not None and not 0 <= value <= MAX_UNITS:
                raise click.ClickException(f"{item!r}: between 0 and {MAX_UNITS:g}")
            category[key] = value
    program.categories = categories
    if due_rule is not None:
        program.due_rule = due_rule
    new_conversions = dict(program.conversions or {})
    for item in conversions:
        unit, _, hours = item.partition("=")
        if unit not in CONTACT_HOURS_PER_UNIT:
            raise click.ClickException(f"unknown unit {unit!r}; use one of {', '.join(CONTACT_HOURS_PER_UNIT)}")
        try:
            new_conversions[unit] = float(hours)
        except ValueError:
            raise click.ClickException(f"{item!r}: the hours must be a number") from None
    program.conversions = new_conversions
    for attribute, value in (("required_units", required), ("required_units_multiple", required_multiple),
                             ("window_years", window_years), ("contact_hours_per_unit", contact_hours_per_unit)):
        if value is not None:
            setattr(program, attribute, value)
    audit(None, None, "program_changed", {"program": code, "before": before, "after": {
        "required": program.required_units, "window_years": program.window_years, "conversions": new_conversions,
        "due_rule": program.due_rule, "categories": [c.as_dict() for c in rules_of(program).categories]}})
    db.session.commit()
    click.echo(f"{code} updated")
