"""`reviewer demo`: the whole system on the embedded defaults, in one command.

SQLite in the instance folder, a private redis-server on a Unix socket in the instance folder (unless
REDIS_URL names one), local file storage, one worker and the web app on http://127.0.0.1:5000.
Ctrl-C stops everything it started.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Cycle, Document, Program, User

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"


def start_private_redis(instance: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A redis-server of our own on a Unix socket, keeping nothing on disk."""
    if shutil.which("redis-server") is None:
        raise click.ClickException("redis-server is not installed (make demo installs it).")
    socket = instance / "redis.sock"
    socket.unlink(missing_ok=True)
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700", "--save", "",
         "--appendonly", "no", "--dir", str(instance)], stdout=subprocess.DEVNULL)
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


def _applicant(name: str, password: str, program: Program) -> User:
    email = ".".join(part.strip(".").lower() for part in name.split() if len(part.strip(".")) > 1) + "@example.org"
    user = _user(email.replace("'", ""), name, "applicant", password)
    if db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == user.id)).first() is None:
        today = date.today()
        db.session.add(Cycle(applicant_id=user.id, program_id=program.id,
                             window_start=today.replace(year=today.year - 3), window_end=today))
        db.session.commit()
    return user


def seed_demo() -> list[tuple[str, str]]:
    """Programs, a staff user, an administrator, and the sample documents uploaded by the applicants they name.

    Each sample goes to an applicant named like its recipient (from the truth file), so the clean ones are
    accepted automatically and count toward that applicant's progress, as they would in real use.
    """
    from reviewer.programs import seed_programs
    from reviewer.uploads import accept_upload
    seed_programs()
    program = db.session.scalars(db.select(Program).where(Program.code == "ATMAE-SENIOR")).one()
    staff_password, applicant_password = secrets.token_urlsafe(9), secrets.token_urlsafe(9)
    staff = _user("staff@example.org", "Sam Reviewer", "staff", staff_password)
    admin_password = secrets.token_urlsafe(9)
    admin = _user("admin@example.org", "Ada Admin", "admin", admin_password)
    truth = json.loads((SAMPLES / "truth.json").read_text())["documents"]
    applicants: dict[str, User] = {}
    for entry in truth:
        name = entry.get("recipient") or "Jane Doe"
        if name not in applicants:
            applicants[name] = _applicant(name, applicant_password, program)
    if db.session.scalars(db.select(Document)).first() is None:
        for entry in truth:
            user = applicants[entry.get("recipient") or "Jane Doe"]
            accept_upload(user, entry["file"], (SAMPLES / entry["file"]).read_bytes())
    busiest = max(applicants.values(), key=lambda u: sum(1 for e in truth if e.get("recipient") == u.name))
    others = sorted(u.email for u in applicants.values() if u is not busiest)
    return [(staff.email, staff_password), (busiest.email, applicant_password),
            (f"{len(others)} more applicants ({others[0]}, …) share the applicant password", ""),
            (admin.email, admin_password)]


@click.command("demo")
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def demo_command(port: int) -> None:
    """Set up and run the whole system locally; Ctrl-C stops it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    instance = Path(app.instance_path)
    children: list[subprocess.Popen[bytes]] = []
    try:
        if not app.config["REDIS_URL_GIVEN"]:
            redis_process, url = start_private_redis(instance)
            children.append(redis_process)
            app.config["REDIS_URL"] = url
            click.echo(f"private redis-server on {url}")
        upgrade()
        logins = seed_demo()
        click.echo("\nSign in at http://127.0.0.1:%d/login" % port)
        for email, password in logins:
            click.echo(f"  {email:<28} password: {password}" if password else f"  {email}")
        children.append(subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"],
                                         env=child_env(REDIS_URL=app.config["REDIS_URL"])))
        click.echo("worker started; the sample documents are being read.")
        click.echo(f"Re-processing: sign in as {logins[-1][0]} and open http://127.0.0.1:{port}/admin/batches, or run "
                   "`.venv/bin/reviewer reprocess --all --wait` in another terminal.\n")
        # Flask's app.run() refuses to run inside a `flask` CLI command; Werkzeug's server is the same one.
        run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)
    finally:
        for child in reversed(children):
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        click.echo("demo stopped.")
