"""Issue 10: decisions are made on a named state, by someone other than the applicant, with every field
checked at the edge; one resubmission request takes one answer."""

from __future__ import annotations

import io
import json
import math
import threading

from flask import Flask

from reviewer.extensions import db
from reviewer.models import Activity, AuditEvent, Document, DocumentStatus, ReviewDecision, User
from tests.conftest import create_user, csrf_from, login, run_worker, version_of
from tests.test_workflow import _certificate, _decide, _doc, _flagged_in_queue, _upload


def _token_for(email: str) -> str:
    user = db.session.scalars(db.select(User).where(User.email == email)).one()
    token = user.new_token()
    db.session.commit()
    return token


def test_a_stale_web_decision_is_refused_and_names_who_decided(app: Flask, applicant, staff) -> None:
    _, first, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    create_user("tia@example.org", "Tia Second", role="staff")
    second = app.test_client()
    login(second, "tia@example.org")
    seen = doc.state_version
    token_first = csrf_from(first, f"/staff/documents/{doc.id}")
    token_second = csrf_from(second, f"/staff/documents/{doc.id}")
    first.post(f"/staff/documents/{doc.id}/decision",
               data={"csrf_token": token_first, "outcome": "accept", "version": seen})
    page = second.post(f"/staff/documents/{doc.id}/decision", follow_redirects=True,
                       data={"csrf_token": token_second, "outcome": "reject", "reason": "self_issued", "version": seen})
    assert "decided meanwhile by Sam Staff" in page.get_data(as_text=True)
    db.session.expire_all()
    assert [d.outcome for d in db.session.scalars(db.select(ReviewDecision))] == ["accept"]
    assert _doc("x.pdf").status == DocumentStatus.ACCEPTED
    decided = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action.in_(["decided", "decision_changed"]))).all()
    assert [(e.from_status, e.to_status) for e in decided] == [("needs_review", "accepted")]


def test_two_reviewers_at_once_one_wins_the_other_gets_409(app: Flask, applicant, staff) -> None:
    _, _, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    create_user("tia@example.org", "Tia Second", role="staff")
    tokens = [_token_for(staff.email), _token_for("tia@example.org")]
    version, doc_id = doc.state_version, doc.id
    db.session.remove()
    barrier, answers = threading.Barrier(2), []
    bodies = [{"outcome": "accept", "version": version},
              {"outcome": "reject", "reason": "not_relevant", "version": version}]

    def decide(i: int) -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            answers.append(client.post(f"/api/documents/{doc_id}/decision", json=bodies[i],
                                       headers={"Authorization": f"Bearer {tokens[i]}"}))
            db.session.remove()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(a.status_code for a in answers) == [200, 409]
    lost = next(a for a in answers if a.status_code == 409)
    assert lost.json["error"]["code"] == "stale_decision" and "meanwhile" in lost.json["error"]["message"]
    won = next(a for a in answers if a.status_code == 200)
    [decision] = db.session.scalars(db.select(ReviewDecision)).all()
    assert decision.outcome == bodies[0 if won.json["status"] == "accepted" else 1]["outcome"]
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "decided")).all()
    assert event.from_status == "needs_review" and event.to_status == won.json["status"]


def test_a_decision_without_a_version_is_refused_everywhere(app: Flask, applicant, staff) -> None:
    """Issue 26, security 5: a client that leaves out `version` used to replace a decision unseen."""
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    auth = {"Authorization": f"Bearer {_token_for(staff.email)}"}
    client = app.test_client()
    before = client.get(f"/api/documents/{doc.id}", headers=auth).json["version"]
    missing = client.post(f"/api/documents/{doc.id}/decision", json={"outcome": "accept"}, headers=auth)
    assert missing.status_code == 422 and "'version' is required" in missing.json["error"]["message"]
    token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
    form = reviewer.post(f"/staff/documents/{doc.id}/decision", data={"csrf_token": token, "outcome": "accept"})
    assert form.status_code == 400
    assert db.session.scalar(db.select(db.func.count(ReviewDecision.id))) == 0
    made = client.post(f"/api/documents/{doc.id}/decision", json={"outcome": "accept", "version": before},
                       headers=auth)
    assert made.status_code == 200 and made.json["version"] > before and made.json["unchanged"] is False
    stale = client.post(f"/api/documents/{doc.id}/decision",
                        json={"outcome": "reject", "reason": "not_relevant", "version": before}, headers=auth)
    assert stale.status_code == 409


def test_nobody_decides_on_their_own_documents(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, staff.email)
    page = _upload(client, [("mine.pdf", _certificate(name="Sam Staff"))]).get_data(as_text=True)
    assert "Only applicants upload evidence." in page and db.session.scalar(db.select(Document.id)) is None
    # Someone who uploaded as an applicant and later became staff still cannot decide on that upload.
    owner = app.test_client()
    login(owner, applicant.email)
    _upload(owner, [("own.pdf", _certificate(name="Bob Stone"))])
    run_worker(app)
    user = db.session.get(User, applicant.id)
    user.role = "staff"
    db.session.commit()
    doc = _doc("own.pdf")
    page = _decide(owner, doc.id, outcome="accept").get_data(as_text=True)
    assert "Nobody decides on their own documents" in page
    api = app.test_client().post(f"/api/documents/{doc.id}/decision",
                                 json={"outcome": "accept", "version": version_of(doc.id)},
                                 headers={"Authorization": f"Bearer {_token_for(applicant.email)}"})
    assert api.status_code == 422 and "own documents" in api.json["error"]["message"]
    db.session.expire_all()
    assert _doc("own.pdf").status == DocumentStatus.NEEDS_REVIEW


def test_decision_fields_are_checked_for_every_outcome(app: Flask, applicant, staff) -> None:
    _, _, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    auth = {"Authorization": f"Bearer {_token_for(staff.email)}"}
    client = app.test_client()
    url = f"/api/documents/{doc.id}/decision"
    seen = version_of(doc.id)
    for body in ({"outcome": "accept", "reason": "x" * 2**20}, {"outcome": "accept", "note": {"a": 1}},
                 {"outcome": "reject", "reason": ["self_issued"]}, {"outcome": "reject", "reason": {"x": 1}},
                 {"outcome": "accept", "note": "n" * 2001}, {"outcome": ["accept"]},
                 {"outcome": "accept", "version": "3"}, {"outcome": "accept", "version": True},
                 {"outcome": "accept", "version": None}):
        response = client.post(url, json={"version": seen, **body}, headers=auth)
        assert response.status_code == 422 and response.json["error"]["code"] == "invalid_decision", body
    assert db.session.scalar(db.select(db.func.count(ReviewDecision.id))) == 0


def test_corrections_refuse_infinite_and_absurd_amounts_and_progress_stays_finite(app: Flask, applicant,
                                                                                  staff) -> None:
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    activity = db.session.scalars(db.select(Activity)).first()
    for value in ("inf", "nan", "-3", "1e308", "Infinity"):
        token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
        page = reviewer.post(f"/staff/activities/{activity.id}", follow_redirects=True,
                             data={"csrf_token": token, "amount_value": value, "amount_unit": "contact_hours"})
        assert "Check the corrected values." in page.get_data(as_text=True), value
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).amount_value == 8.0
    # Even a row that holds Infinity (written before these checks) cannot make progress non-JSON.
    db.session.get(Activity, activity.id).amount_value = math.inf
    _decide(reviewer, doc.id, outcome="accept")
    progress = app.test_client().get("/api/me/progress",
                                     headers={"Authorization": f"Bearer {_token_for(applicant.email)}"})
    assert progress.status_code == 200 and math.isfinite(json.loads(progress.get_data(as_text=True))["earned"])


def test_one_resubmission_request_takes_one_answer(app: Flask, applicant, staff) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "blurry.pdf")
    _decide(reviewer, doc.id, outcome="request_resubmission", note="Send the full page.")
    for n in range(3):
        token = csrf_from(client, f"/documents/{doc.id}")
        client.post(f"/documents/{doc.id}/resubmit", content_type="multipart/form-data",
                    data={"csrf_token": token, "file": (io.BytesIO(_certificate(title=f"Lean {n}")), f"new{n}.pdf")})
    answers = db.session.scalars(db.select(Document).where(Document.resubmission_of_id == doc.id)).all()
    assert [a.original_name for a in answers] == ["new0.pdf"]


def test_an_answer_closes_its_request_and_each_page_links_the_other(app: Flask, applicant, staff) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "blurry.pdf")
    _decide(reviewer, doc.id, outcome="request_resubmission", note="Send the full page.")
    token = csrf_from(client, f"/documents/{doc.id}")
    refused = client.post(f"/documents/{doc.id}/resubmit", content_type="multipart/form-data", follow_redirects=True,
                          data={"csrf_token": token, "file": (io.BytesIO(b"<html>no</html>"), "page.html")})
    assert "Not uploaded" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert _doc("blurry.pdf").status == DocumentStatus.RESUBMISSION_REQUESTED  # still open for a readable file
    token = csrf_from(client, f"/documents/{doc.id}")
    client.post(f"/documents/{doc.id}/resubmit", content_type="multipart/form-data",
                data={"csrf_token": token, "file": (io.BytesIO(_certificate(title="Lean Basics")), "new.pdf")})
    db.session.expire_all()
    original, answer = _doc("blurry.pdf"), _doc("new.pdf")
    assert original.status == DocumentStatus.RESUBMITTED and answer.resubmission_of_id == original.id
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "resubmitted")).all()
    assert (event.document_id, event.detail["answer"], event.from_status, event.to_status) == (
        original.id, answer.id, "resubmission_requested", "resubmitted")
    staff_page = reviewer.get(f"/staff/documents/{original.id}").get_data(as_text=True)
    assert f"Answered by <a href=\"/staff/documents/{answer.id}\">" in staff_page
    answer_page = reviewer.get(f"/staff/documents/{answer.id}").get_data(as_text=True)
    assert "In answer to the request on" in answer_page and "Send the full page." in answer_page
    assert "replaced by the file you sent" in client.get("/").get_data(as_text=True)
