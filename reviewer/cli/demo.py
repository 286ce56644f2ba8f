"""`reviewer demo`: the whole system on the embedded defaults, in one command.

SQLite in the instance folder, a private redis-server on a Unix socket in the instance folder (unless
REDIS_URL names one), local file storage, one worker and the web app on http://127.0.0.1:5000.
Ctrl-C stops everything it started.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from reviewer.cli.demo_renewals import seed_ready_applicants
from reviewer.config import child_env
from reviewer.documents.uploads import accept_upload
from reviewer.extensions import db
from reviewer.mail.catcher import start_catcher
from reviewer.models import Cycle, Document, Program, User
from reviewer.programs.catalogue import seed_programs
from reviewer.programs.cycles import enrol
from reviewer.service.children import die_with_parent
from reviewer.service.startup import demo_secret_key

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def _outlive_ctrl_c() -> None:
    """Run in the redis-server child before it starts. Ctrl-C reaches every process of the terminal's group
    at once; Redis gone before the workers had stopped made each of them log tracebacks on the way out. In a
    session of its own, Redis is stopped last by the demo (after the workers), and it still ends with the
    demo however the demo ends (Linux's parent-death signal), so none is left running."""
    os.setsid()
    die_with_parent()


def start_private_redis(instance: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A redis-server of our own on a Unix socket, keeping nothing on disk."""
    if shutil.which("redis-server") is None:
        raise click.ClickException("redis-server is not installed (make demo installs it).")
    socket = instance / "redis.sock"
    socket.unlink(missing_ok=True)
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700", "--save", "",
         "--appendonly", "no", "--dir", str(instance)], stdout=subprocess.DEVNULL, preexec_fn=_outlive_ctrl_c)
    for _ in range(100):
        if socket.exists():
            return process, f"unix://{socket}"
        time.sleep(0.05)
    process.terminate()
    raise click.ClickException("redis-server did not start.")


def _user(email: str, name: str, role: str, password: str) -> User:
    """A demo account; its password is set afresh on every run and printed, so it is never lost."""
    user = db.session.scalars(db.select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, name=name, role=role)
        db.session.add(user)
    user.set_password(password)
    db.session.commit()
    return user


def _applicant(name: str, password: str, program: Program, **exemption: Any) -> User:
    """An applicant enrolled in `program` for a cycle due within weeks (AMT: next November 1), so the
    demo shows due dates, days left, what is still needed, and the reminders that go out."""
    email = ".".join(part.strip(".").lower() for part in name.split() if len(part.strip(".")) > 1) + "@example.org"
    user = _user(email.replace("'", ""), name, "applicant", password)
    if db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == user.id)).first() is None:
        today = date.today()
        # Due in 25 days (AMT: next November 1): the 30-day reminders go out, and the admin sees them.
        certified = (date(today.year - 2, 6, 1) if program.due_rule == "november_1_third_year"
                     else today.replace(year=today.year - 3, day=1) + timedelta(days=today.day - 1 + 25))
        enrol(user.email, program.code, certified, **exemption)
        db.session.commit()
    return user


def seed_demo() -> list[tuple[str, str]]:
    """Programs, a staff user, an administrator, and the sample documents uploaded by the applicants they name.

    Each sample goes to an applicant named like its recipient (from the truth file), so the clean ones are
    accepted automatically and count toward that applicant's progress, as they would in real use.
    """
    programs = {p.code: p for p in seed_programs()}
    rotation = [programs["ATMAE-SENIOR"], programs["AMT-CMTSE"], programs["SME-TECH"]]
    staff_password, applicant_password = secrets.token_urlsafe(9), secrets.token_urlsafe(9)
    staff = _user("staff@example.org", "Sam Reviewer", "staff", staff_password)
    admin_password = secrets.token_urlsafe(9)
    admin = _user("admin@example.org", "Ada Admin", "admin", admin_password)
    truth = json.loads((SAMPLES / "truth.json").read_text())["documents"]
    applicants: dict[str, User] = {}
    for entry in truth:
        name = entry.get("recipient") or "Jane Doe"
        if name not in applicants:
            applicants[name] = _applicant(name, applicant_password, rotation[len(applicants) % len(rotation)])
    life = _applicant("Lee Lifetime", applicant_password, programs["ATMAE-SENIOR"], exemption="life_member",
                      exemption_reason="Certified continuously since 2001", certified_since=date(2001, 5, 1))
    if db.session.scalars(db.select(Document)).first() is None:
        for entry in truth:
            user = applicants[entry.get("recipient") or "Jane Doe"]
            accept_upload(user, entry["file"], (SAMPLES / entry["file"]).read_bytes())
    ready = seed_ready_applicants(applicant_password, rotation)
    busiest = max(applicants.values(), key=lambda u: sum(1 for e in truth if e.get("recipient") == u.name))
    others = sorted(u.email for u in applicants.values() if u is not busiest)
    return [(staff.email, staff_password), (busiest.email, applicant_password),
            (f"{len(others)} more applicants ({others[0]}, …) share the applicant password", ""),
            (f"{life.email} is an exempt ATMAE life member", ""),
            ("ready to renew, one per program (applicant password): " + ", ".join(u.email for u in ready), ""),
            (admin.email, admin_password)]


def links_follow_port(config: dict[str, Any], port: int) -> None:
    """Links in the demo's mail lead to the server it runs, on whatever port: a newcomer who ran
    `make demo PORT=8080` must be able to follow the set-password link. REVIEWER_PUBLIC_URL still wins."""
    if not config["PUBLIC_URL_GIVEN"]:
        config["PUBLIC_URL"] = f"http://127.0.0.1:{port}"


@click.command("demo")
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def demo_command(port: int) -> None:
    """Set up and run the whole system locally; Ctrl-C stops it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    instance = Path(app.instance_path)
    children: list[subprocess.Popen[bytes]] = []
    catcher = None  # the local mail catcher, unless REVIEWER_MAIL_SERVER names a real server
    mail_env: dict[str, str] = {}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = demo_secret_key(instance)
    links_follow_port(app.config, port)
    try:
        if not app.config["REDIS_URL_GIVEN"]:
            redis_process, url = start_private_redis(instance)
            children.append(redis_process)
            app.config["REDIS_URL"] = url
            click.echo(f"private redis-server on {url}")
        if not app.config["MAIL_SERVER"]:
            catcher = start_catcher(instance / "caught-mail")
            mail_env = {"REVIEWER_MAIL_SERVER": "127.0.0.1", "REVIEWER_MAIL_PORT": str(catcher.port),
                        "REVIEWER_MAIL_TLS": "none"}
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=catcher.port, MAIL_TLS="none")
            click.echo(f"mail catcher on 127.0.0.1:{catcher.port} (kept in {instance / 'caught-mail'}; "
                       "administrators see every message at /admin/mail)")
        upgrade()
        logins = seed_demo()
        click.echo(f"\nSign in at http://127.0.0.1:{port}/login")
        for email, password in logins:
            click.echo(f"  {email:<28} password: {password}" if password else f"  {email}")
        children.append(subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"],
                                         env=child_env(REDIS_URL=app.config["REDIS_URL"],
                                                       REVIEWER_SECRET_KEY=app.config["SECRET_KEY"],
                                                       REVIEWER_PUBLIC_URL=app.config["PUBLIC_URL"], **mail_env)))
        click.echo("worker started; the sample documents are being read.")
        click.echo(f"Re-processing: sign in as {logins[-1][0]} and open http://127.0.0.1:{port}/admin/batches, or run "
                   "`.venv/bin/reviewer reprocess --all --wait` in another terminal.\n")
        # Flask's app.run() refuses to run inside a `flask` CLI command; Werkzeug's server is the same one.
        run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)
    finally:
        for child in reversed(children):  # the worker first, Redis (which it still talks to) last
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if catcher is not None:
            catcher.stop()
        click.echo("demo stopped.")
