"""Who sees what: applicants only their own things (404 otherwise), staff pages need the staff role."""

from __future__ import annotations

import io

from flask import Flask

from reviewer.extensions import db
from reviewer.models import Document
from tests.conftest import create_user, csrf_from, login, run_worker
from tests.test_workflow import _certificate, _upload


def test_applicant_cannot_reach_another_applicants_document(app: Flask, applicant) -> None:
    create_user("bob@example.org", "Bob Stone")
    owner = app.test_client()
    login(owner, applicant.email)
    _upload(owner, [("mine.pdf", _certificate())])
    run_worker(app)
    doc_id = db.session.scalars(db.select(Document.id)).one()
    assert owner.get(f"/documents/{doc_id}").status_code == 200
    original = owner.get(f"/documents/{doc_id}/file")
    assert original.status_code == 200 and original.headers["X-Content-Type-Options"] == "nosniff"
    assert original.headers["Content-Disposition"].startswith("attachment")
    assert original.mimetype == "application/octet-stream"
    original.close()
    assert owner.get(f"/documents/{doc_id}/pages/1.png").status_code == 200
    other = app.test_client()
    login(other, "bob@example.org")
    for url in (f"/documents/{doc_id}", f"/documents/{doc_id}/file", f"/documents/{doc_id}/pages/1.png",
                f"/documents/{doc_id}/status"):
        assert other.get(url).status_code == 404, url
    assert other.get("/staff/queue").status_code == 403
    assert other.get(f"/staff/documents/{doc_id}").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(app: Flask) -> None:
    client = app.test_client()
    for url in ("/", "/documents/1", "/staff/queue", "/staff/documents/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_forms_require_csrf(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    response = client.post("/documents", content_type="multipart/form-data",
                           data={"files": [(io.BytesIO(_certificate()), "mine.pdf")]})
    assert response.status_code == 400 and "The form expired" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Document)).first() is None


def test_wrong_password_is_refused(app: Flask, applicant) -> None:
    client = app.test_client()
    token = csrf_from(client, "/login")
    response = client.post("/login", data={"email": applicant.email, "password": "nope", "csrf_token": token})
    assert response.status_code == 200 and "Wrong e-mail or password." in response.get_data(as_text=True)


def test_security_headers(app: Flask) -> None:
    response = app.test_client().get("/login")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
