"""Shared fixtures: apps with explicit config on real databases, a real Redis, users and clients.

The test session starts its own redis-server on a free port; nothing depends on services the machine
happens to run. SQLite always; PostgreSQL as well when DATABASE_URL names one.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from redis import Redis
from sqlalchemy import event

from reviewer import config as config_module
from reviewer import create_app
from reviewer.extensions import db
from tests import private_postgres
from workers.checks import CheckContext
from workers.runtime.limits import Limits

# Workers and servers the tests start as processes refuse to run without a key (reviewer/service/startup.py).
os.environ.setdefault("REVIEWER_SECRET_KEY", secrets.token_urlsafe(48))
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"
PASSWORD = "correct horse battery"
# PostgreSQL: the one DATABASE_URL names, else a private server the session starts (tests/private_postgres.py).
_GIVEN_POSTGRES = str(config_module.from_env().get("SQLALCHEMY_DATABASE_URI", ""))
_POSTGRES: dict[str, str] = {"url": _GIVEN_POSTGRES} if _GIVEN_POSTGRES.startswith("postgresql") else {}
# Always both: without PostgreSQL's binaries its tests fail (`make test` installs them), never quietly vanish.
BACKENDS = ["sqlite", "postgresql"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private redis-server for the whole test session."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed; `make test` installs it"
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            if Redis.from_url(url).ping():
                break
        except Exception:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def make_app(tmp_path: Path, redis_url: str, backend: str = "sqlite", **extra: object) -> Flask:
    uri = f"sqlite:///{tmp_path / 'test.sqlite'}" if backend == "sqlite" else _POSTGRES["url"]
    (tmp_path / "storage").mkdir(exist_ok=True)  # set up as an operator would: check and readiness never create it
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "REDIS_URL": redis_url,
                      "STORAGE_DIR": str(tmp_path / "storage"), "AUDIT_SAMPLE_RATE": 0.0,
                      "JOB_RETRY_INTERVALS": [0], **extra})
    with app.app_context():
        if backend != "sqlite":
            # Not a model (reviewer/review/search.py), and it references documents, so drop_all would fail on it.
            db.session.execute(db.text("DROP TABLE IF EXISTS document_search, document_search_head"))
            db.session.commit()
            db.drop_all()
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        upgrade()
    return app


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The PostgreSQL the postgresql-backend tests use, started once for the session if none was given."""
    if "url" in _POSTGRES:
        yield _POSTGRES["url"]
        return
    with private_postgres.private_postgres(port=_free_port()) as server:
        _POSTGRES["url"] = private_postgres.fresh_database(server, "reviewer_test")
        yield _POSTGRES["url"]
        _POSTGRES.pop("url", None)


@pytest.fixture(params=BACKENDS)
def app(request: pytest.FixtureRequest, tmp_path: Path, redis_url: str) -> Iterator[Flask]:
    if request.param == "postgresql":
        request.getfixturevalue("postgres_server")
    app = make_app(tmp_path, redis_url, request.param)
    Redis.from_url(redis_url).flushdb()
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def limits() -> Limits:
    return Limits()


@pytest.fixture
def ctx() -> CheckContext:
    return CheckContext(as_of=date(2026, 11, 1), window_years=3)


@pytest.fixture
def samples() -> Path:
    return SAMPLES


def create_user(email: str, name: str, role: str = "applicant", program: str | None = "ATMAE-SENIOR"):
    """A user with PASSWORD; applicants get a 3-year cycle ending 2026-11-01 in `program`."""
    from reviewer.models import Cycle, Program, User
    from reviewer.programs.catalogue import seed_programs
    seed_programs()
    user = User(email=email, name=name, role=role)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.flush()
    if role == "applicant" and program:
        prog = db.session.scalars(db.select(Program).where(Program.code == program)).one()
        db.session.add(Cycle(applicant_id=user.id, program_id=prog.id, window_start=date(2023, 11, 1),
                             window_end=date(2026, 11, 1)))
    db.session.commit()
    return user


def login(client: FlaskClient, email: str) -> None:
    page = client.get("/login")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)


def csrf_from(client: FlaskClient, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    marker = 'name="csrf_token" type="hidden" value="' if 'name="csrf_token" type="hidden"' in html \
        else 'name="csrf_token" value="'
    return html.split(marker)[1].split('"')[0]


def version_of(document_id: int) -> int:
    """A document's state_version as its staff page shows it now: every decision must name it."""
    from reviewer.models import Document
    db.session.expire_all()
    return db.session.get_one(Document, document_id).state_version


def run_worker(app: Flask) -> None:
    """Process everything queued with a real RQ SimpleWorker in burst mode, in this process."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    from reviewer.queue import extraction_queue, mail_queue
    queue = extraction_queue(app)
    SimpleWorker([mail_queue(app), queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)
    db.session.remove()


def _plain(user) -> SimpleNamespace:
    """Ids and names only: ORM objects would go stale when a worker closes the session."""
    return SimpleNamespace(id=user.id, email=user.email, name=user.name)


@pytest.fixture
def applicant(app: Flask) -> SimpleNamespace:
    return _plain(create_user("ann@example.org", "Ann Lee"))


@pytest.fixture
def staff(app: Flask) -> SimpleNamespace:
    return _plain(create_user("sam@example.org", "Sam Staff", role="staff"))


def dated(days: int) -> date:
    return date(2026, 11, 1) - timedelta(days=days)


@contextmanager
def counted() -> Iterator[list[str]]:
    """The SQL statements the database engine sends while the block runs, in order."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
