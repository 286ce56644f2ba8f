"""Authorisation over every route, generated from the URL map so that a new route cannot be forgotten.

Each rule is filled in with the id of a document (or activity) that belongs to someone else, and called
anonymously, as another applicant, and (for staff routes) as an applicant.
"""

from __future__ import annotations

import io

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import Activity, Document
from tests.conftest import create_user, csrf_from, login, run_worker
from tests.test_workflow import _certificate, _upload

PUBLIC = {"/login", "/about", "/static/<path:filename>", "/password/<token>", "/password/forgot",
          "/account/request",  # asking for an account: tests/test_account_requests.py
          "/healthz", "/readyz",  # for load balancers; tests/test_deploy.py
          "/metrics"}  # a token or addresses of its own: tests/test_metrics.py


def _routes(app: Flask) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((method, rule.rule))
    return out


def _fill(rule: str, doc_id: int, activity_id: int) -> str:
    return (rule.replace("<int:document_id>", str(doc_id)).replace("<int:activity_id>", str(activity_id))
            .replace("<int:page>", "1").replace("<int:batch_id>", "1").replace("<int:mail_id>", "1")
            .replace("<int:user_id>", "1").replace("<int:program_id>", "1").replace("<int:cycle_id>", "1")
            .replace("<int:request_id>", "1")
            .replace("<any(due_date, exempt, end_exemption, reopen, recompute):action>", "reopen")
            .replace("<any(pdf, csv):fmt>", "csv"))


@pytest.fixture
def victim_document(app: Flask, applicant) -> tuple[int, int]:
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("secret.pdf", _certificate())])
    run_worker(app)
    doc_id = db.session.scalars(db.select(Document.id)).one()
    activity_id = db.session.scalars(db.select(Activity.id)).first()
    return doc_id, activity_id


def test_every_route_is_covered(app: Flask) -> None:
    rules = {rule for _, rule in _routes(app)}
    assert {"/", "/documents/<int:document_id>", "/staff/queue", "/api/documents"} <= rules


def test_anonymous_gets_redirect_or_401(app: Flask, victim_document) -> None:
    doc_id, activity_id = victim_document
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False  # so that POSTs reach the access check
    for method, rule in _routes(app):
        response = client.open(_fill(rule, doc_id, activity_id), method=method)
        if rule.startswith("/api/"):
            assert response.status_code == 401, (method, rule)
        else:
            assert response.status_code == 302 and "/login" in response.headers["Location"], (method, rule)


def test_other_applicant_gets_404_or_403(app: Flask, victim_document) -> None:
    doc_id, activity_id = victim_document
    create_user("eve@example.org", "Eve Other")
    client = app.test_client()
    login(client, "eve@example.org")
    app.config["WTF_CSRF_ENABLED"] = False
    from reviewer.models import User
    eve = db.session.scalars(db.select(User).where(User.email == "eve@example.org")).one()
    token = eve.new_token()
    db.session.commit()
    for method, rule in _routes(app):
        if rule in ("/", "/documents", "/logout"):
            continue  # her own dashboard, her own uploads, her own sign-out
        url = _fill(rule, doc_id, activity_id)
        headers = {"Authorization": f"Bearer {token}"} if rule.startswith("/api/") else {}
        response = client.open(url, method=method, headers=headers)
        if (rule.startswith(("/staff/", "/admin/"))
                or rule in ("/api/review-queue", "/api/documents/<int:document_id>/decision")):
            assert response.status_code in (403, 404), (method, rule, response.status_code)
        elif "<int:document_id>" in rule:
            assert response.status_code == 404, (method, rule, response.status_code)
        else:
            assert response.status_code < 500, (method, rule, response.status_code)
    db.session.expire_all()
    assert db.session.get(Document, doc_id).status == "accepted"


def test_staff_who_are_not_admins_get_403_on_admin_routes(app: Flask, victim_document, staff) -> None:
    from reviewer.reprocessing.batches import start_batch
    from reviewer.reprocessing.selection import Selection
    start_batch(Selection(all=True))
    client = app.test_client()
    login(client, staff.email)
    app.config["WTF_CSRF_ENABLED"] = False
    admin_routes = [(method, rule) for method, rule in _routes(app) if rule.startswith("/admin/")]
    assert len(admin_routes) >= 6
    for method, rule in admin_routes:
        response = client.open(_fill(rule, *victim_document), method=method)
        assert response.status_code == 403, (method, rule, response.status_code)


def test_api_ignores_the_session_cookie(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    assert client.get("/api/me/progress").status_code == 401


def test_cookies_are_httponly_lax_and_secure_over_https(app: Flask, applicant) -> None:
    client = app.test_client()
    page = client.get("/login", base_url="https://reviewer.test")
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    plain = app.test_client().get("/login").headers["Set-Cookie"]
    assert "Secure" not in plain and "HttpOnly" in plain


def test_uploaded_names_and_extracted_text_are_escaped(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, applicant.email)
    token = csrf_from(client, "/")
    nasty = _certificate(name="Bob Stone", title="Safety <script>alert</script> Basics")
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": token, "files": [(io.BytesIO(nasty), "<img src=x onerror=alert(1)>.pdf")]})
    run_worker(app)
    doc = db.session.scalars(db.select(Document)).one()
    reviewer = app.test_client()
    login(reviewer, staff.email)
    for page in (client.get("/"), client.get(f"/documents/{doc.id}"), reviewer.get("/staff/queue"),
                 reviewer.get(f"/staff/documents/{doc.id}")):
        html = page.get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, page.request.path
        assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html, page.request.path
    for page in (client.get(f"/documents/{doc.id}"), reviewer.get(f"/staff/documents/{doc.id}")):
        assert "Safety &lt;script&gt;alert&lt;/script&gt; Basics" in page.get_data(as_text=True)


def test_file_names_never_become_paths(app: Flask, applicant) -> None:
    from reviewer.documents.uploads import safe_display_name
    assert safe_display_name("../../etc/passwd") == "passwd"
    assert safe_display_name("a\x00b\x07c.pdf") == "abc.pdf"
    assert len(safe_display_name("x" * 300 + ".pdf")) == 200
    assert safe_display_name("..") == "upload"
