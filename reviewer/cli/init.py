"""`reviewer init`: a deployment's set-up in order, and safe to run again on every release.

The production steps used to leave out seeding the programs and creating the first administrator, so
`reviewer enrol … ATMAE-SENIOR` answered "use one of: ." on a fresh database. One command does the steps in
their order (migrate, mark the storage, seed the three programs, create the first administrator) and skips
what is done: a second run changes nothing. Like every command, it names the database it touches first
(reviewer/cli/main.py), so a run without the environment file (which falls back to a SQLite file in the
instance folder) is seen for what it is before anything else happens.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from reviewer.accounts.passwords import password_problem
from reviewer.documents.storage_marker import NotTheStorage, mark_for_this_database
from reviewer.extensions import db
from reviewer.models import Program, User
from reviewer.normalize import clean_text, is_address
from reviewer.programs.catalogue import seed_programs
from reviewer.review.decisions import audit
from reviewer.service.preflight import current_heads


@click.command("init")
@click.option("--admin-email", help="The first administrator's address (needed until one exists).")
@click.option("--admin-name", help="The first administrator's name.")
@click.option("--password-stdin", is_flag=True, help="Read the administrator's password from standard input.")
@with_appcontext
def init_command(admin_email: str | None, admin_name: str | None, password_stdin: bool) -> None:
    """Migrate the database, seed the programs and create the first administrator; skip what is done."""
    upgrade()
    with db.engine.connect() as connection:
        click.echo(f"schema: at {', '.join(sorted(current_heads(connection)))}")
    click.echo(f"storage: {_mark_storage()}")
    before = set(db.session.scalars(db.select(Program.code)))
    programs = [p.code for p in seed_programs()]
    added = [code for code in programs if code not in before]
    click.echo(f"programs: {', '.join(programs)}" + (f" (added {', '.join(added)})" if added else " (all there)"))
    admins = db.session.scalars(db.select(User.email).where(User.role == "admin", User.active.is_(True))).all()
    if admins:
        click.echo(f"administrators: {', '.join(admins)} (none created)")
    else:
        click.echo(f"administrator: created {_first_admin(admin_email, admin_name, password_stdin)}")
    click.echo("next: run `reviewer check` on every host, then `reviewer serve` (web) and `reviewer worker` "
               f"(documents); sign in at {str(current_app.config['PUBLIC_URL']).rstrip('/')}/login and enrol "
               "applicants at /admin/enrol or with `reviewer enrol`.")


def _mark_storage() -> str:
    """Write the storage marker (reviewer.documents.storage_marker) unless the directory is plainly not the
    storage; in production a missing directory is a mount that is not there, and is never created."""
    root = current_app.config["STORAGE_DIR"]
    try:
        written = mark_for_this_database(root, create=not current_app.config.get("PRODUCTION"))
    except NotTheStorage as exc:
        raise click.ClickException(str(exc)) from None
    return f"{root} ({'marked' if written else 'marked already'})"


def _first_admin(email: str | None, name: str | None, password_stdin: bool) -> str:
    """Create the first administrator; the password never appears on the command line."""
    email = (email or "").strip().lower()
    if not email or not name or not clean_text(name):
        raise click.ClickException("There is no administrator yet: give --admin-email and --admin-name (the password "
                                   "is asked for, or read from standard input with --password-stdin).")
    if not is_address(email):
        raise click.ClickException(f"{email!r} is not one e-mail address.")
    if db.session.scalar(db.select(User.id).where(User.email == email)) is not None:
        raise click.ClickException(f"{email} already has an account that is not an active administrator; "
                                   "give another address for the first administrator.")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        raise click.ClickException(f"The administrator's password: {problem}")
    user = User(email=email, name=name, role="admin")
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit(None, None, "user_created", {"user": user.id, "email": email, "role": "admin", "by": "reviewer init"})
    db.session.commit()
    return email
