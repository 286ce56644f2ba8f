"""Issue 26, security 2 and 3: an API token does not outlive the password or the deactivation it was issued
under, setting a password signs its owner in, and neither sign-in nor the reset form says by its timing
which accounts exist or are still pending."""

from __future__ import annotations

import statistics
import time

from flask import Flask
from flask.testing import FlaskClient

from reviewer.accounts.passwords import password_link
from reviewer.extensions import db
from reviewer.models import User
from tests.conftest import PASSWORD, create_user, csrf_from, login

NEW_PASSWORD = "a brand new passphrase"


def _user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalars(db.select(User).where(User.email == email)).one()


def _progress(app: Flask, token: str) -> int:
    return app.test_client().get("/api/me/progress", headers={"Authorization": f"Bearer {token}"}).status_code


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_a_new_password_ends_the_api_token_and_signs_its_owner_in(app: Flask, applicant) -> None:
    token = _user(applicant.email).new_token()
    db.session.commit()
    assert _progress(app, token) == 200
    path = _path(password_link(_user(applicant.email)))
    client = app.test_client()
    answer = client.post(path, data={"csrf_token": csrf_from(client, path), "password": NEW_PASSWORD,
                                     "confirm": NEW_PASSWORD}, follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert "Your password is set, and you are signed in." in page and "Ann Lee" in page
    assert client.get("/").status_code == 200  # signed in, not sent to /login
    assert _progress(app, token) == 401
    assert _user(applicant.email).token_hash is None


def test_reactivating_does_not_bring_back_the_api_token(app: Flask, applicant) -> None:
    create_user("ada@example.org", "Ada Admin", role="admin")
    ada = app.test_client()
    login(ada, "ada@example.org")
    token = _user(applicant.email).new_token()
    db.session.commit()
    for action in ("deactivate", "reactivate"):
        page = f"/admin/users/{applicant.id}"
        assert ada.post(f"{page}/{action}", data={"csrf_token": csrf_from(ada, page)}).status_code == 302
    assert _user(applicant.email).active
    assert _progress(app, token) == 401


def _refusal_seconds(client: FlaskClient, email: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        token = csrf_from(client, "/login")
        started = time.perf_counter()
        answer = client.post("/login", data={"csrf_token": token, "email": email, "password": "not it at all"})
        times.append(time.perf_counter() - started)
        assert "Wrong e-mail or password" in answer.get_data(as_text=True)
    return statistics.median(times)


def test_a_pending_account_refuses_as_slowly_as_a_wrong_password(app: Flask, applicant) -> None:
    """A just-enrolled account has no password hash; it used to answer in 6 ms against about 100 ms."""
    db.session.add(User(email="pending@example.org", name="Pat Pending"))
    db.session.commit()
    app.config["LOGIN_FREE_FAILURES"] = 100  # the back-off is not what this measures
    client = app.test_client()
    wrong = _refusal_seconds(client, applicant.email)
    pending = _refusal_seconds(client, "pending@example.org")
    # scrypt dominates both; without the decoy hash the pending refusal took a twentieth of the time.
    assert pending > 0.5 * wrong, (pending, wrong)


def test_the_reset_form_answers_known_and_unknown_addresses_no_sooner_than_its_floor(app: Flask, applicant) -> None:
    app.config["RESET_ANSWER_SECONDS"] = 0.3
    client = app.test_client()
    for email in (applicant.email, "nobody@example.org"):
        token = csrf_from(client, "/password/forgot")
        started = time.perf_counter()
        answer = client.post("/password/forgot", data={"csrf_token": token, "email": email})
        assert answer.status_code == 302
        assert time.perf_counter() - started >= 0.3, email
    assert _user(applicant.email).password_hash  # asking for a link changes nothing yet
    assert PASSWORD
