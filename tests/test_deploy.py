"""Running it for real: `/healthz`, `reviewer check`, and `reviewer serve` (gunicorn) as a process."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask

from reviewer import create_app
from reviewer.cli.main import cli
from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.service.preflight import migration_heads
from reviewer.service.serve import gunicorn_options, redact
from tests.conftest import ROOT, _free_port, make_app


def test_healthz_is_liveness_and_asks_nothing_else(app: Flask) -> None:
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{_free_port()}/0"
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "alive"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_answers_ok_without_login(app: Flask) -> None:
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "storage": "ok", "redis": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_stays_ready_when_only_redis_is_down(app: Flask) -> None:
    """Issue 27, item 3: uploads still work without Redis (the sweep sends them later), so a web host stays
    in rotation; the answer says Redis is unreachable, and fast."""
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{_free_port()}/0"
    started = time.monotonic()
    response = app.test_client().get("/readyz")
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "storage": "ok", "redis": "unreachable"}  # no address


def test_readyz_is_503_when_the_schema_is_behind_or_storage_is_missing(app: Flask, tmp_path: Path) -> None:
    """Issue 27, item 2: /healthz used to answer 200 with the database a revision behind, or empty."""
    db.session.execute(db.text("UPDATE alembic_version SET version_num = 'e13a0000crd1'"))
    db.session.commit()
    behind = app.test_client().get("/readyz")
    assert behind.status_code == 503 and behind.get_json()["database"] == "behind"
    db.session.execute(db.text("DELETE FROM alembic_version"))
    db.session.commit()
    assert app.test_client().get("/readyz").get_json()["database"] == "behind"
    db.session.execute(db.text("INSERT INTO alembic_version (version_num) VALUES ('f99a0000next')"))
    db.session.commit()
    # A newer release migrated first (a rolling upgrade): this host stays ready; check names the mismatch.
    assert app.test_client().get("/readyz").status_code == 200
    assert "newer than this code" in _check(app)[1]["database"]
    [head] = migration_heads(app)
    db.session.execute(db.text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    db.session.commit()
    assert app.test_client().get("/readyz").status_code == 200
    app.config["STORAGE_DIR"] = str(tmp_path / "not-mounted")
    missing = app.test_client().get("/readyz")
    assert missing.status_code == 503 and missing.get_json()["storage"] == "missing"
    assert not (tmp_path / "not-mounted").exists()  # readiness never creates it


def _check(app: Flask) -> tuple[int, dict[str, str]]:
    """Exit status and {check name: its line} of `reviewer check`."""
    result = app.test_cli_runner().invoke(cli, ["check"])
    lines = {line.split(":")[0].split(None, 1)[1]: line for line in result.output.splitlines() if ":" in line}
    return result.exit_code, lines


def test_check_passes_with_a_good_configuration(app: Flask) -> None:
    status, lines = _check(app)
    assert status == 0, "\n".join(lines.values())
    assert set(lines) == {"secret key", "debug mode", "deployment", "database", "redis", "storage", "tesseract",
                          "tesseract languages"}
    assert all(line.startswith("ok ") for line in lines.values())
    assert list(Path(app.config["STORAGE_DIR"]).glob(".check-*")) == []  # the probe file is gone


def test_check_fails_naming_the_secret_key_and_still_runs_the_rest(app: Flask) -> None:
    app.config["SECRET_KEY"] = None
    status, lines = _check(app)
    assert status == 1
    assert lines["secret key"].startswith("FAIL") and "REVIEWER_SECRET_KEY" in lines["secret key"]
    assert lines["database"].startswith("ok") and lines["storage"].startswith("ok")


def test_check_fails_naming_the_storage_dir_when_it_is_not_writable(app: Flask, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    app.config["STORAGE_DIR"] = str(blocker / "storage")  # unwritable even for root
    status, lines = _check(app)
    assert status == 1
    assert lines["storage"].startswith("FAIL") and "REVIEWER_STORAGE_DIR" in lines["storage"]
    assert lines["secret key"].startswith("ok")


def test_check_fails_when_the_database_is_not_migrated(tmp_path: Path, redis_url: str) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}",
                      "REDIS_URL": redis_url, "STORAGE_DIR": str(tmp_path / "storage")})
    status, lines = _check(app)
    with app.app_context():
        db.engine.dispose()
    assert status == 1
    assert lines["database"].startswith("FAIL") and "reviewer db upgrade" in lines["database"]


def test_gunicorn_settings_come_from_the_config(app: Flask) -> None:
    options = gunicorn_options({**app.config, "WEB_BIND": "0.0.0.0:9000, unix:/run/reviewer.sock",
                                "WEB_THREADS": 1, "WEB_WORKERS": 3, "WEB_ACCESS_LOG": "off"})
    assert options["bind"] == ["0.0.0.0:9000", "unix:/run/reviewer.sock"]
    assert (options["workers"], options["worker_class"], options["accesslog"]) == (3, "sync", None)
    assert options["secure_scheme_headers"] == {}  # only REVIEWER_PROXY_HOPS decides what a proxy says


def test_access_log_lines_lose_password_link_tokens() -> None:
    assert redact('GET /password/abc.DEF-123?x=1 HTTP/1.1') == "GET /password/REDACTED?x=1 HTTP/1.1"
    assert redact("GET /password/forgot HTTP/1.1") == "GET /password/forgot HTTP/1.1"


def test_the_example_environment_file_names_every_setting() -> None:
    """deploy/reviewer.env.example is the operator's list: a setting missing there is one nobody sets."""
    read = set(re.findall(r'"(REVIEWER_\w+|DATABASE_URL|REDIS_URL)"', (ROOT / "reviewer/config.py").read_text()))
    named = set(re.findall(r"^#?([A-Z_]+)=", (ROOT / "deploy/reviewer.env.example").read_text(), re.MULTILINE))
    assert len(read) > 50 and read - named == set()


def _server_env(tmp_path: Path, redis_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a server process: only what the test sets, none of this session's REVIEWER_*."""
    env = {name: value for name, value in child_env().items()
           if not name.startswith(("REVIEWER_", "FLASK_")) and name not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'test.sqlite'}", REDIS_URL=redis_url,
               REVIEWER_STORAGE_DIR=str(tmp_path / "storage"), REVIEWER_WEB_WORKERS="1",
               REVIEWER_WEB_THREADS="2", REVIEWER_SECRET_KEY=secrets.token_urlsafe(48))
    env.update(overrides)
    return {name: value for name, value in env.items() if value != ""}


def _get(port: int, path: str) -> tuple[int, str | None, bytes]:
    """Status, Server header and body of one GET, on a connection closed afterwards."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Server"), response.read()
    finally:
        connection.close()


def test_serve_runs_gunicorn_and_answers_readyz(tmp_path: Path, redis_url: str) -> None:
    with make_app(tmp_path, redis_url).app_context():  # a migrated SQLite database at tmp_path/test.sqlite
        db.engine.dispose()
    port = _free_port()
    log = tmp_path / "serve.log"
    env = _server_env(tmp_path, redis_url, REVIEWER_BIND=f"127.0.0.1:{port}")
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "serve"], env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                status, server_name, body = _get(port, "/readyz")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert status == 200, log.read_text()
        assert json.loads(body) == {"database": "ok", "storage": "ok", "redis": "ok"}
        assert _get(port, "/healthz")[0] == 200
        assert server_name == "gunicorn"  # not Werkzeug
    finally:
        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=30)
    assert returncode == 0, log.read_text()
    assert '"GET /readyz HTTP/1.1" 200' in log.read_text()  # the access log


@pytest.mark.parametrize(("overrides", "named"), [
    ({"REVIEWER_SECRET_KEY": ""}, "REVIEWER_SECRET_KEY"),
    ({"FLASK_DEBUG": "1"}, "FLASK_DEBUG"),
])
@pytest.mark.parametrize("command", [["-m", "reviewer.cli", "serve"], ["-c", "import reviewer.wsgi"]])
def test_serve_and_wsgi_refuse_an_unsafe_configuration(tmp_path: Path, redis_url: str, command: list[str],
                                                       overrides: dict[str, str], named: str) -> None:
    port = _free_port()
    done = subprocess.run([sys.executable, *command], env=_server_env(
        tmp_path, redis_url, REVIEWER_BIND=f"127.0.0.1:{port}", **overrides), capture_output=True, text=True,
        timeout=60)
    assert done.returncode != 0
    assert named in done.stderr, done.stderr[-2000:]


def test_the_example_environment_trusts_no_forwarded_headers() -> None:
    """Issue 27, item 7: the example switched REVIEWER_PROXY_HOPS=1 on while saying the default is 0, so a
    copied file trusted X-Forwarded-For and -Proto from clients that reached gunicorn directly."""
    example = (ROOT / "deploy" / "reviewer.env.example").read_text()
    assert re.findall(r"^REVIEWER_PROXY_HOPS=(\d+)$", example, re.M) == ["0"]


@pytest.mark.parametrize(("server", "words"), [
    ("", "not e-mailed: no REVIEWER_MAIL_SERVER is set, so it waits in the outbox"),
    ("mail.example.org", "e-mailed by the worker"),
])
def test_enrol_says_where_the_set_password_mail_is(app: Flask, server: str, words: str) -> None:
    """Issue 27, item 12: enrol printed "also e-mailed" with no mail server set."""
    from reviewer.cli.enrol import enrol_command
    from reviewer.programs.catalogue import seed_programs
    seed_programs()
    app.config["MAIL_SERVER"] = server
    result = app.test_cli_runner().invoke(enrol_command, ["new@example.org", "SME-TECH", "--certified-on",
                                                          "2025-01-10"])
    assert result.exit_code == 0 and f"set-password link ({words}" in result.output, result.output


def test_production_refuses_the_demos_defaults(app: Flask, tmp_path: Path, redis_url: str) -> None:
    """Issue 27, item 4: with DATABASE_URL and REDIS_URL unset, check reported SQLite in the checkout and
    Redis db 0 as ok. With REVIEWER_ENV=production, check, serve and worker refuse them by name."""
    app.config.update(PRODUCTION=True, REDIS_URL_GIVEN=False, PUBLIC_URL_GIVEN=False)
    status, lines = _check(app)
    assert status == 1 and lines["deployment"].startswith("FAIL")
    on_sqlite = str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite")
    assert ("DATABASE_URL is SQLite" in lines["deployment"]) is on_sqlite, lines["deployment"]
    for named in ("REDIS_URL is not set", "REVIEWER_PUBLIC_URL is not set"):
        assert named in lines["deployment"], lines["deployment"]
    assert lines["database"].startswith("ok")  # the other checks still run
    env = _server_env(tmp_path, redis_url, REVIEWER_ENV="production")
    for command in (["serve"], ["worker", "--burst"]):
        done = subprocess.run([sys.executable, "-m", "reviewer.cli", *command], env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode != 0 and "DATABASE_URL is SQLite" in done.stderr, (command, done.stderr[-2000:])
    app.config.update(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://reviewer@db/reviewer", REDIS_URL_GIVEN=True,
                      PUBLIC_URL_GIVEN=True)
    from reviewer.service.startup import deployment_problems
    assert deployment_problems(app.config) == []


@pytest.mark.parametrize("unit", ["reviewer-web.service", "reviewer-worker@.service"])
def test_the_systemd_units_are_hardened(unit: str, tmp_path: Path) -> None:
    """Issue 27, item 11: both units scored 8.7 "EXPOSED" under systemd-analyze security."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is not installed (Debian's systemd package has it)"
    path = tmp_path / unit.replace("@", "@i")  # a template is scored as one of its instances
    path.write_text((ROOT / "deploy" / unit).read_text())
    done = subprocess.run([analyze, "security", "--offline=true", str(path)], capture_output=True, text=True,
                          timeout=60)
    [score] = re.findall(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout + done.stderr)
    assert float(score) <= 3.0, done.stdout[-3000:]
    text = path.read_text()
    assert "ProtectSystem=strict" in text and "ReadWritePaths=" in text and "MemoryMax=" in text
    assert "After=network-online.target postgresql.service redis-server.service" in text
