"""Issue 10, sign-in and sessions: forged cookies, open redirects, sign-out everywhere, timing, backoff,
proxies, HSTS, debug mode. Each test failed on the code before the fix."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from reviewer import create_app
from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import LoginAttempt, User
from reviewer.service.startup import ConfigError, demo_secret_key, require_production_config
from tests.conftest import PASSWORD, create_user, csrf_from, login, make_app

OLD_DEFAULT_KEY = "dev-only-not-secret"


def _forged_cookie(key: str, user_id: str) -> str:
    """A session cookie signed the way Flask signs it, with `key`, claiming to be `user_id`."""
    interface = SecureCookieSessionInterface()
    serializer = URLSafeTimedSerializer(key, salt=interface.salt, serializer=interface.serializer,
                                        signer_kwargs={"key_derivation": interface.key_derivation,
                                                       "digest_method": interface.digest_method})
    return serializer.dumps({"_user_id": user_id, "_fresh": True})


def test_a_cookie_forged_with_the_old_default_key_opens_nothing(app: Flask) -> None:
    admin = create_user("ada@example.org", "Ada Admin", role="admin")
    for claimed in (str(admin.id), f"{admin.id}.{admin.session_generation}"):
        client = app.test_client()
        client.set_cookie("session", _forged_cookie(OLD_DEFAULT_KEY, claimed))
        response = client.get("/admin/batches")
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_no_secret_key_outside_tests_means_no_server_and_no_worker(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("REVIEWER_SECRET_KEY", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert not app.config["SECRET_KEY"]
    with pytest.raises(ConfigError, match="REVIEWER_SECRET_KEY"):
        require_production_config(app)
    env = {k: v for k, v in child_env(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}",
                                      REDIS_URL="redis://127.0.0.1:1/0").items() if k != "REVIEWER_SECRET_KEY"}
    done = subprocess.run([sys.executable, "-m", "reviewer.cli", "worker", "--burst"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0 and "REVIEWER_SECRET_KEY is not set" in done.stderr
    app.config["SECRET_KEY"] = "short"
    with pytest.raises(ConfigError, match="too short"):
        require_production_config(app)


def test_debug_mode_is_refused_and_there_is_no_development_server_command(tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "k" * 48})
    app.debug = True
    with pytest.raises(ConfigError, match="Debug mode"):
        require_production_config(app)
    done = subprocess.run([sys.executable, "-m", "reviewer.cli", "run"], env=child_env(FLASK_DEBUG="1"),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "No such command 'run'" in done.stderr


def test_the_demo_key_is_random_private_and_kept(tmp_path: Path) -> None:
    first = demo_secret_key(tmp_path)
    assert len(first) >= 48 and first != OLD_DEFAULT_KEY and demo_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert demo_secret_key(tmp_path / "other") != first


@pytest.mark.parametrize("target", ["/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
                                    "https://evil.example/", "/\n/evil.example", "javascript:alert(1)",
                                    " //evil.example", "/./\t/evil.example"])
def test_sign_in_never_redirects_off_site(app: Flask, applicant, target: str) -> None:
    client = app.test_client()
    token = csrf_from(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"email": applicant.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"  # the applicant's home


def test_sign_in_keeps_a_same_site_next(app: Flask, applicant) -> None:
    client = app.test_client()
    token = csrf_from(client, "/login")
    response = client.post("/login", query_string={"next": "/documents/7?x=1"},
                           data={"email": applicant.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/documents/7?x=1"


def test_sign_out_ends_the_session_everywhere(app: Flask, applicant) -> None:
    client, other_device = app.test_client(), app.test_client()
    login(client, applicant.email)
    login(other_device, applicant.email)
    saved = client.get_cookie("session").value
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    for replay in (client, other_device):
        replay.set_cookie("session", saved) if replay is client else None
        response = replay.get("/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_e_mail_costs_the_same_hashing_as_a_wrong_password(app: Flask, applicant, monkeypatch) -> None:
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    client = app.test_client()
    csrf_from(client, "/login")  # the decoy hash is made once, before counting starts
    client.post("/login", data={"email": "warm@example.org", "password": "x",
                                "csrf_token": csrf_from(client, "/login")})
    monkeypatch.setattr(hashlib, "scrypt", counting)
    for email in (applicant.email, "nobody-here@example.org"):
        calls.clear()
        token = csrf_from(client, "/login")
        response = client.post("/login", data={"email": email, "password": "wrong", "csrf_token": token})
        assert response.status_code == 200 and len(calls) == 1, email


def _attempt(client, email: str, password: str, address: str):
    token = csrf_from(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def _age_attempts(seconds: int) -> None:
    """Move every recorded attempt into the past, as waiting would."""
    for attempt in db.session.scalars(db.select(LoginAttempt)):
        attempt.created_at -= timedelta(seconds=seconds)
    db.session.commit()


def test_guessing_slows_the_guesser_not_the_owner(app: Flask, applicant) -> None:
    app.config.update(LOGIN_FREE_FAILURES=3, LOGIN_MAX_FAILURES_PER_ACCOUNT=100, LOGIN_MAX_FAILURES_PER_ADDRESS=100)
    attacker, owner, neighbour = app.test_client(), app.test_client(), app.test_client()
    create_user("bob@example.org", "Bob Stone")
    for _ in range(3):
        assert _attempt(attacker, applicant.email, "guess", "203.0.113.9").status_code == 200
    slowed = _attempt(attacker, applicant.email, PASSWORD, "203.0.113.9")
    assert slowed.status_code == 429 and "Try again in 1 second" in slowed.get_data(as_text=True)
    assert _attempt(owner, applicant.email, PASSWORD, "198.51.100.7").status_code == 302  # the owner elsewhere
    assert _attempt(neighbour, "bob@example.org", PASSWORD, "203.0.113.9").status_code == 302  # same address
    _age_attempts(2)
    assert _attempt(attacker, applicant.email, "guess", "203.0.113.9").status_code == 200
    longer = _attempt(attacker, applicant.email, "guess", "203.0.113.9")
    assert longer.status_code == 429 and "Try again in 2 second" in longer.get_data(as_text=True)


def test_wide_limits_slow_new_pairs_only(app: Flask, applicant) -> None:
    app.config.update(LOGIN_FREE_FAILURES=100, LOGIN_MAX_FAILURES_PER_ACCOUNT=4, LOGIN_MAX_FAILURES_PER_ADDRESS=100)
    owner = app.test_client()
    assert _attempt(owner, applicant.email, PASSWORD, "198.51.100.7").status_code == 302
    for n in range(4):  # a botnet: one guess per address
        assert _attempt(app.test_client(), applicant.email, "guess", f"192.0.2.{n}").status_code == 200
    assert _attempt(app.test_client(), applicant.email, "guess", "192.0.2.200").status_code == 429
    assert _attempt(app.test_client(), applicant.email, PASSWORD, "198.51.100.7").status_code == 302  # known


def test_addresses_come_from_the_proxy_only_when_configured(tmp_path: Path, redis_url: str) -> None:
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.50")):
        (tmp_path / str(hops)).mkdir()
        proxied = make_app(tmp_path / str(hops), redis_url, PROXY_HOPS=hops)
        with proxied.app_context():
            create_user("ann@example.org", "Ann Lee")
            client = proxied.test_client()
            token = csrf_from(client, "/login")
            client.post("/login", data={"email": "ann@example.org", "password": "wrong", "csrf_token": token},
                        headers={"X-Forwarded-For": "203.0.113.50"})
            assert db.session.scalars(db.select(LoginAttempt.address)).all() == [expected]
            db.session.remove()


def test_https_behind_a_proxy_gets_hsts_and_a_secure_cookie(tmp_path: Path, redis_url: str) -> None:
    from tests.conftest import make_app
    proxied = make_app(tmp_path, redis_url, PROXY_HOPS=1)
    with proxied.app_context():
        client = proxied.test_client()
        secure = client.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "max-age=" in secure.headers["Strict-Transport-Security"]
        assert "Secure" in secure.headers["Set-Cookie"]
        plain = proxied.test_client().get("/login")
        assert "Strict-Transport-Security" not in plain.headers and "Secure" not in plain.headers["Set-Cookie"]
        db.session.remove()


def test_the_sweep_prunes_only_the_attempts_no_limit_reads(app: Flask, applicant, runner) -> None:
    """Sign-in attempts are kept while a limit can read them (a failure for the window, a success for as
    long as it makes its pair known) and deleted after, by `reviewer requeue`'s sweep; the owner's known
    pair still holds after the sweep."""
    from reviewer.cli.commands import requeue_command
    from reviewer.models.base import utcnow

    app.config.update(LOGIN_WINDOW_SECONDS=900, LOGIN_KNOWN_PAIR_DAYS=90)
    now = utcnow()
    ages = {"old failure": timedelta(days=91), "old success": timedelta(days=91),
            "recent failure": timedelta(minutes=5), "known success": timedelta(days=30)}
    for label, age in ages.items():
        db.session.add(LoginAttempt(email=applicant.email, address=label, success="success" in label,
                                    created_at=now - age))
    db.session.commit()
    result = runner.invoke(requeue_command, [])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    left = set(db.session.scalars(db.select(LoginAttempt.address)))
    assert left == {"recent failure", "known success"}


def test_a_rotated_secret_key_keeps_sessions_and_links_through_its_fallback(tmp_path, redis_url: str) -> None:
    """Issue 27: rotating REVIEWER_SECRET_KEY signed everyone out and voided every mailed set-password link;
    with the old key in REVIEWER_SECRET_KEY_FALLBACKS both survive, and without it neither does."""
    from reviewer.accounts.passwords import password_link

    old_key, new_key = "o" * 48, "n" * 48
    before = make_app(tmp_path, redis_url, SECRET_KEY=old_key)
    with before.app_context():
        user = create_user("ann@example.org", "Ann Lee")
        pending = User(email="pat@example.org", name="Pat Pending")
        db.session.add(pending)
        db.session.commit()
        link = "/" + password_link(pending).split("://", 1)[1].split("/", 1)[1]
        client = before.test_client()
        login(client, user.email)
        cookie = client.get_cookie("session")
        assert cookie is not None
        db.session.remove()
        db.engine.dispose()
    for fallbacks, works in (([old_key], True), ([], False)):
        after = make_app(tmp_path, redis_url, SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=fallbacks)
        with after.app_context():
            browser = after.test_client()
            browser.set_cookie("session", cookie.value)
            assert (browser.get("/").status_code == 200) is works, fallbacks  # else sent to sign in
            assert (after.test_client().get(link).status_code == 200) is works, fallbacks
            db.session.remove()
            db.engine.dispose()


def test_fallback_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer import config as config_module
    monkeypatch.setenv("REVIEWER_SECRET_KEY_FALLBACKS", " first-old-key , second-old-key,")
    assert config_module.from_env()["SECRET_KEY_FALLBACKS"] == ["first-old-key", "second-old-key"]
    monkeypatch.delenv("REVIEWER_SECRET_KEY_FALLBACKS")
    assert config_module.from_env()["SECRET_KEY_FALLBACKS"] == []
