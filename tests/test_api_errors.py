"""Issue 10: every API error is JSON with a code and a message; an id out of range is a 404 everywhere."""

from __future__ import annotations

from flask import Flask

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, User
from tests.conftest import create_user, csrf_from, login

HUGE = "99999999999999999999999"


def _auth(email: str) -> dict[str, str]:
    user = db.session.scalars(db.select(User).where(User.email == email)).one()
    token = user.new_token()
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _is_api_error(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status and response.is_json, response.get_data(as_text=True)[:200]
    error = response.json["error"]
    assert error["message"] and (code is None or error["code"] == code)


def test_bodies_that_are_not_json_objects_get_a_json_400(app: Flask, applicant, staff) -> None:
    document = Document(applicant_id=applicant.id, sha256="0" * 64, original_name="a.pdf", size=1,
                        status=DocumentStatus.NEEDS_REVIEW)
    db.session.add(document)
    db.session.commit()
    client, auth = app.test_client(), _auth(staff.email)
    for raw in ("[1,2]", '"str"', "123", "null", "{not json"):
        response = client.post(f"/api/documents/{document.id}/decision", data=raw, content_type="application/json",
                               headers=auth)
        _is_api_error(response, 400, "invalid_json")


def test_ids_out_of_range_are_404_not_500(app: Flask, staff) -> None:
    create_user("ada@example.org", "Ada Admin", role="admin")
    api = app.test_client()
    _is_api_error(api.get(f"/api/documents/{HUGE}", headers=_auth(staff.email)), 404)
    _is_api_error(api.post(f"/api/documents/{HUGE}/decision", json={"outcome": "accept"},
                           headers=_auth(staff.email)), 404)
    web = app.test_client()
    login(web, "ada@example.org")
    for url in (f"/staff/documents/{HUGE}", f"/admin/batches/{HUGE}", f"/documents/{HUGE}"):
        assert web.get(url).status_code == 404, url
    token = csrf_from(web, "/admin/batches")
    page = web.post("/admin/batches", follow_redirects=True,
                    data={"csrf_token": token, "scope": "filtered", "ids": f"1,{HUGE}", "action": "count"})
    assert page.status_code == 400 and "Document ids are whole numbers" in page.get_data(as_text=True)


def test_wrong_methods_and_unknown_api_paths_answer_in_json(app: Flask, staff) -> None:
    client, auth = app.test_client(), _auth(staff.email)
    _is_api_error(client.get("/api/documents", headers=auth), 405, "method_not_allowed")
    _is_api_error(client.get("/api/nothing-here", headers=auth), 404, "not_found")
    _is_api_error(client.delete("/api/documents/1", headers=auth), 405)
