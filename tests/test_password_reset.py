"""Password reset by e-mail: the link arrives over real SMTP, works once, expires, and the request page
says the same whether or not the account exists."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from reviewer.extensions import db
from reviewer.models import OutboundMail, User
from reviewer.web.blueprints.account import RESET_ANSWER
from tests.conftest import PASSWORD, create_user, csrf_from, run_worker
from tests.smtp_server import SmtpServer, link_in, smtp  # noqa: F401  (smtp is a fixture)

NEW_PASSWORD = "a brand new passphrase"


def _request_reset(client: FlaskClient, email: str):
    return client.post("/password/forgot", data={"csrf_token": csrf_from(client, "/password/forgot"), "email": email},
                       follow_redirects=True)


def _sign_in(client: FlaskClient, email: str, password: str):
    return client.post("/login", data={"csrf_token": csrf_from(client, "/login"), "email": email,
                                       "password": password})


def _set_password(client: FlaskClient, path: str, password: str):
    return client.post(path, data={"csrf_token": csrf_from(client, path), "password": password, "confirm": password})


def test_reset_link_sets_a_password_once(app: Flask, applicant, smtp: SmtpServer) -> None:
    client = app.test_client()
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)
    page = _request_reset(client, "Ann@Example.org ")
    assert RESET_ANSWER in page.get_data(as_text=True)
    run_worker(app)
    [message] = smtp.to(applicant.email)
    assert message["Subject"] == "Reset your reviewer password"
    link = link_in(message, "/password/")
    assert _set_password(client, link, NEW_PASSWORD).status_code == 302
    assert client.get("/").status_code == 200  # setting it signed them in
    assert _sign_in(app.test_client(), applicant.email, NEW_PASSWORD).status_code == 302
    assert _sign_in(app.test_client(), applicant.email, PASSWORD).status_code == 200  # the old one is gone
    again = app.test_client().get(link)
    assert again.status_code == 400 and "used already" in again.get_data(as_text=True)


def test_an_expired_link_is_refused(app: Flask, applicant, smtp: SmtpServer, monkeypatch) -> None:
    client = app.test_client()
    _request_reset(client, applicant.email)
    run_worker(app)
    link = link_in(smtp.to(applicant.email)[0], "/password/")
    later = int(time.time()) + (int(app.config["PASSWORD_LINK_HOURS"]) + 1) * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)  # the clock, a day on
    page = client.get(link)
    assert page.status_code == 400 and "expired" in page.get_data(as_text=True)
    posted = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.status_code == 400 and "expired" in posted.get_data(as_text=True)
    assert db.session.get(User, applicant.id).check_password(PASSWORD)


def test_unknown_and_inactive_accounts_get_the_same_answer_and_no_mail(app: Flask, applicant, smtp: SmtpServer) -> None:
    gone = create_user("gone@example.org", "Gone Away")
    gone.active = False
    db.session.commit()
    answers = [_request_reset(app.test_client(), email) for email in ("nobody@example.org", "gone@example.org")]
    assert all(a.status_code == 200 and RESET_ANSWER in a.get_data(as_text=True) for a in answers)
    run_worker(app)
    assert smtp.messages == [] and db.session.scalars(db.select(OutboundMail)).all() == []


def test_reset_requests_are_rate_limited_without_slowing_sign_in(app: Flask, applicant, smtp: SmtpServer) -> None:
    app.config["LOGIN_FREE_FAILURES"] = 3
    client = app.test_client()
    codes = [_request_reset(client, applicant.email).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    run_worker(app)
    assert len(smtp.to(applicant.email)) == 1  # at most one reset mail a minute, however often asked
    assert _sign_in(client, applicant.email, PASSWORD).status_code == 302
