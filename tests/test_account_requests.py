"""Issue 26, getting an account: a certified person with no account asks for one with their certification
number; it waits until an administrator enrols the address (or any enrolment does) or declines it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from reviewer.cli.enrol import enrol_command
from reviewer.extensions import db
from reviewer.models import AccountRequest, AuditEvent, OutboundMail, User
from reviewer.programs.catalogue import seed_programs
from reviewer.web.blueprints.account import REQUEST_ANSWER
from tests.conftest import create_user, csrf_from, login


def _ask(client: FlaskClient, email: str, number: str = "ATMAE-12345", name: str = "Rita Request",
         program: str = "ATMAE-SENIOR"):
    token = csrf_from(client, "/account/request")
    return client.post("/account/request", follow_redirects=True, data={
        "csrf_token": token, "name": name, "email": email, "program": program, "certification_number": number})


def _requests() -> list[AccountRequest]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(AccountRequest).order_by(AccountRequest.id)))


def _admin(app: Flask) -> FlaskClient:
    create_user("ada@example.org", "Ada Admin", role="admin")
    client = app.test_client()
    login(client, "ada@example.org")
    return client


def test_the_login_page_says_how_accounts_are_made_and_links_the_request(app: Flask) -> None:
    seed_programs()
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "Accounts are made by your certification body when it enrols you" in page
    assert 'href="/account/request"' in page
    form = app.test_client().get("/account/request").get_data(as_text=True)
    assert "Certification number" in form and "ATMAE-SENIOR" in form


def test_a_request_waits_and_says_the_same_whoever_asks(app: Flask, applicant) -> None:
    seed_programs()
    client = app.test_client()
    first = _ask(client, "Rita@Example.org ").get_data(as_text=True)
    assert REQUEST_ANSWER in first
    again = _ask(client, "rita@example.org").get_data(as_text=True)  # asking twice is one request
    existing = _ask(client, applicant.email).get_data(as_text=True)  # has an account: told nothing more
    assert REQUEST_ANSWER in again and REQUEST_ANSWER in existing
    [made] = _requests()
    assert (made.email, made.name, made.program_code, made.certification_number, made.status) == (
        "rita@example.org", "Rita Request", "ATMAE-SENIOR", "ATMAE-12345", "pending")
    assert db.session.scalar(db.select(User.id).where(User.email == "rita@example.org")) is None  # no account yet
    for bad in ({"number": ""}, {"number": "x" * 61}, {"program": "NOPE"}):
        response = _ask(app.test_client(), "other@example.org", **bad)
        assert response.status_code in (200, 400) and REQUEST_ANSWER not in response.get_data(as_text=True)
    assert len(_requests()) == 1
    two = _ask(app.test_client(), "a@example.org, b@example.org").get_data(as_text=True)
    assert "Give one e-mail address" in two and len(_requests()) == 1


def test_an_administrator_enrols_the_address_which_answers_the_request(app: Flask) -> None:
    seed_programs()
    _ask(app.test_client(), "rita@example.org")
    ada = _admin(app)
    listing = ada.get("/admin/requests").get_data(as_text=True)
    assert "rita@example.org" in listing and "ATMAE-12345" in listing
    link = listing.split('href="/admin/enrol?')[1].split('"')[0].replace("&amp;", "&")
    form = ada.get(f"/admin/enrol?{link}").get_data(as_text=True)
    assert 'value="rita@example.org"' in form and 'value="Rita Request"' in form
    assert '<option selected value="ATMAE-SENIOR">' in form or 'value="ATMAE-SENIOR" selected' in form
    enrolled = ada.post("/admin/enrol", data={"csrf_token": csrf_from(ada, "/admin/enrol"), "email": "rita@example.org",
                                              "name": "Rita Request", "program": "ATMAE-SENIOR",
                                              "certified_on": "2025-01-10"})
    assert enrolled.status_code == 302
    [answered] = _requests()
    assert answered.status == "matched" and answered.decided_at is not None
    [mail] = db.session.scalars(db.select(OutboundMail).where(OutboundMail.to_address == "rita@example.org")).all()
    assert mail.kind == "enrolled" and "/password/" in mail.body
    assert "No requests are waiting." in ada.get("/admin/requests").get_data(as_text=True)


def test_an_enrolment_from_the_command_line_answers_it_too(app: Flask) -> None:
    seed_programs()
    _ask(app.test_client(), "rita@example.org", program="SME-TECH")
    result = app.test_cli_runner().invoke(enrol_command, ["rita@example.org", "SME-TECH", "--certified-on",
                                                          "2025-02-01", "--name", "Rita Request"])
    assert result.exit_code == 0, result.output
    assert [r.status for r in _requests()] == ["matched"]


def test_declining_needs_a_note_which_is_mailed_and_audited(app: Flask, applicant) -> None:
    seed_programs()
    _ask(app.test_client(), "rita@example.org")
    [asked] = _requests()
    ada = _admin(app)
    url = f"/admin/requests/{asked.id}/decline"
    empty = ada.post(url, data={"csrf_token": csrf_from(ada, "/admin/requests"), "note": " "}, follow_redirects=True)
    assert "Say why" in empty.get_data(as_text=True) and _requests()[0].status == "pending"
    applicant_client = app.test_client()
    login(applicant_client, applicant.email)
    assert applicant_client.get("/admin/requests").status_code == 403
    assert applicant_client.post(url, data={"note": "no"}).status_code in (400, 403)
    done = ada.post(url, data={"csrf_token": csrf_from(ada, "/admin/requests"),
                               "note": "We have no certification with that number."}, follow_redirects=True)
    assert "declined; they were told by e-mail" in done.get_data(as_text=True)
    [declined] = _requests()
    assert declined.status == "declined" and declined.note == "We have no certification with that number."
    [mail] = db.session.scalars(db.select(OutboundMail).where(OutboundMail.to_address == "rita@example.org")).all()
    assert "We have no certification with that number." in mail.body
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "account_request_declined")).all()
    assert event.detail["email"] == "rita@example.org"
    twice = ada.post(url, data={"csrf_token": csrf_from(ada, "/admin/requests"), "note": "again"},
                     follow_redirects=True)
    assert "is declined already" in twice.get_data(as_text=True)


def test_the_request_page_answers_no_sooner_than_its_floor_whoever_asks(app: Flask, applicant) -> None:
    """A new request writes rows that a known address does not; the answer waits for the same moment."""
    import time
    seed_programs()
    app.config["RESET_ANSWER_SECONDS"] = 0.3
    for email in (applicant.email, "new@example.org"):
        client = app.test_client()
        token = csrf_from(client, "/account/request")
        started = time.perf_counter()
        client.post("/account/request", data={"csrf_token": token, "name": "N", "email": email,
                                              "program": "ATMAE-SENIOR", "certification_number": "ATMAE-99999"})
        assert time.perf_counter() - started >= 0.3, email
