"""`reviewer users`, `reviewer worker`, `reviewer requeue` and `reviewer seed`."""

from __future__ import annotations

import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from reviewer.extensions import db
from reviewer.models import User
from reviewer.models.users import ROLES

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
    user = User(email=email, name=name.strip(), role=role)
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
    """Enqueue every queued document that has no live job (the sweep)."""
    from reviewer.queue import sweep
    while True:
        checked = sweep()
        db.session.remove()
        if not every:
            click.echo(f"swept {checked} document(s)")
            return
        time.sleep(every)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Start an RQ worker (with the scheduler, so retries run) plus the periodic sweep."""
    import workers.pipeline  # noqa: F401  (pdfplumber, pdfium and pytesseract load before the worker forks)
    from rq import Worker
    from rq.serializers import JSONSerializer

    from reviewer.queue import extraction_queue, sweep
    queue = extraction_queue()
    sweep()
    db.session.remove()
    sweeper = None
    if not burst:
        interval = int(current_app.config["SWEEP_INTERVAL_SECONDS"])
        sweeper = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "requeue", "--every", str(interval)])
    try:
        Worker([queue], connection=queue.connection, serializer=JSONSerializer).work(
            burst=burst, with_scheduler=True)
    finally:
        if sweeper is not None:
            sweeper.terminate()
            sweeper.wait(timeout=10)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Create the three programs (ATMAE senior, AMT CMTSE, SME) if they are missing."""
    from reviewer.programs import seed_programs
    for program in seed_programs():
        click.echo(f"{program.code}: {program.required_units:g} {program.unit} in {program.window_years} years")
