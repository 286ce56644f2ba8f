"""The review workflow end to end: upload, RQ worker, outcome, staff decision, applicant's view.

Real Redis (the session's own server), a real RQ SimpleWorker, real Tesseract and a real database.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from redis import Redis

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, ReviewDecision, User
from reviewer.programs.progress import progress_for
from reviewer.queue import job_id
from reviewer.service.sweep import sweep
from tests import hostile
from tests.conftest import csrf_from, login, run_worker, version_of


def _upload(client, files: list[tuple[str, bytes]]):
    token = csrf_from(client, "/")
    data = {"csrf_token": token, "files": [(io.BytesIO(body), name) for name, body in files]}
    return client.post("/documents", data=data, content_type="multipart/form-data", follow_redirects=True)


def _doc(name: str) -> Document:
    return db.session.scalars(db.select(Document).where(Document.original_name == name)).one()


def _certificate(name: str = "Ann Lee", title: str = "Statistical Process Control", when: str = "March 14, 2025"):
    return hostile.text_pdf(["CERTIFICATE OF COMPLETION", "Midwest Institute of Technology", "This certifies that",
                             name, "has successfully completed", title, f"on {when}", "Eight (8) Contact Hours",
                             "Robert Klein, Program Director"])


def _flagged_in_queue(app: Flask, applicant, staff, name: str):
    """An applicant's flagged upload, read by the worker, and a signed-in staff client."""
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [(name, _certificate(name="Bob Stone"))])
    run_worker(app)
    reviewer = app.test_client()
    login(reviewer, staff.email)
    return client, reviewer, _doc(name)


def _decide(reviewer, doc_id: int, **fields: str):
    token = csrf_from(reviewer, f"/staff/documents/{doc_id}")
    fields.setdefault("version", str(version_of(doc_id)))
    return reviewer.post(f"/staff/documents/{doc_id}/decision", data={"csrf_token": token, **fields},
                         follow_redirects=True)


def test_clean_upload_is_auto_accepted_and_counts(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, applicant.email)
    page = _upload(client, [("cert.pdf", _certificate())])
    assert "cert.pdf uploaded" in page.get_data(as_text=True)
    doc = _doc("cert.pdf")
    assert doc.status == DocumentStatus.QUEUED  # committed before any worker ran
    run_worker(app)
    doc = _doc("cert.pdf")
    assert doc.status == DocumentStatus.ACCEPTED
    assert doc.latest.version == 1 and doc.latest.activities[0].contact_hours == 8
    [decision] = db.session.scalars(db.select(ReviewDecision)).all()
    assert decision.outcome == "accept" and decision.reviewer_id is None
    progress = progress_for(db.session.get(User, applicant.id))
    assert (progress.earned, progress.required, progress.unit) == (8.0, 30.0, "PDU")
    html = client.get("/").get_data(as_text=True)
    assert "8 of 30 PDUs accepted" in html and "22 PDUs still needed" in html
    assert "Window 2023-11-01 to 2026-11-01" in html
    assert "Statistical Process Control" in html and "accepted" in html


def test_flagged_document_goes_to_staff_who_decide(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("someone-else.pdf", _certificate(name="Bob Stone"))])
    run_worker(app)
    doc = _doc("someone-else.pdf")
    assert doc.status == DocumentStatus.NEEDS_REVIEW
    assert [f.code for f in doc.latest.flags] == ["name_mismatch"]
    applicant_view = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "The document names someone else." in applicant_view and "Bob Stone" in applicant_view  # words, not its code

    reviewer = app.test_client()
    login(reviewer, staff.email)
    queue = reviewer.get("/staff/queue?flag=name_mismatch").get_data(as_text=True)
    assert "someone-else.pdf" in queue
    page = reviewer.get(f"/staff/documents/{doc.id}").get_data(as_text=True)
    assert 'class="box box-title"' in page and 'class="box box-date"' in page and 'class="box box-amount"' in page
    assert reviewer.get(f"/staff/documents/{doc.id}/pages/1.png").data[:8] == b"\x89PNG\r\n\x1a\n"
    token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
    reviewer.post(f"/staff/documents/{doc.id}/decision",
                  data={"csrf_token": token, "outcome": "reject", "reason": "name_mismatch", "note": "Not you.",
                        "version": version_of(doc.id)})
    assert _doc("someone-else.pdf").status == DocumentStatus.REJECTED
    token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
    reviewer.post(f"/staff/documents/{doc.id}/decision",
                  data={"csrf_token": token, "outcome": "accept", "version": version_of(doc.id)})
    assert _doc("someone-else.pdf").status == DocumentStatus.ACCEPTED
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                                     .order_by(AuditEvent.id))]
    assert actions == ["uploaded", "processing_started", "flagged", "decided", "decision_changed"]
    assert "Accepted" in client.get(f"/documents/{doc.id}").get_data(as_text=True)


def test_rejection_needs_a_reason_code(app: Flask, applicant, staff) -> None:
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    page = _decide(reviewer, doc.id, outcome="reject").get_data(as_text=True)
    assert "needs a reason code" in page
    assert _doc("x.pdf").status == DocumentStatus.NEEDS_REVIEW


def test_duplicates_are_flagged_with_the_other_document(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("first.pdf", _certificate())])
    run_worker(app)
    _upload(client, [("again.pdf", _certificate())])
    _upload(client, [("retyped.pdf", _certificate(title="Statistical  Process Control!"))])
    run_worker(app)
    first = _doc("first.pdf")
    again, retyped = _doc("again.pdf"), _doc("retyped.pdf")
    assert again.status == retyped.status == DocumentStatus.NEEDS_REVIEW
    [same_bytes] = [f for f in again.latest.flags if f.code == "duplicate"]
    assert (f"You already sent this file as document {first.id}" in same_bytes.reason
            and "first.pdf" in same_bytes.reason)
    [same_activity] = [f for f in retyped.latest.flags if f.code == "duplicate"]
    assert f"document {first.id}" in same_activity.reason and "2025-03-14" in same_activity.reason


def test_refused_uploads_say_why_and_keep_the_original(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    page = _upload(client, [("archive.pdf", hostile.zip_file()), ("empty.pdf", b"")]).get_data(as_text=True)
    assert "application/zip" in page and "empty.pdf is empty" in page
    doc = _doc("archive.pdf")
    assert doc.status == DocumentStatus.FAILED and doc.error_code == "unsupported_type"
    from reviewer.documents.storage import BlobStore
    assert BlobStore(app.config["STORAGE_DIR"]).get(doc.sha256) == hostile.zip_file()
    app.config["MAX_UPLOAD_BYTES"] = 1000
    page = _upload(client, [("big.pdf", _certificate())]).get_data(as_text=True)
    assert "Not uploaded: big.pdf is" in page and "the limit is" in page


def test_unreadable_file_fails_with_its_code_and_the_next_one_still_runs(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("locked.pdf", hostile.encrypted_pdf()), ("fine.pdf", _certificate())])
    run_worker(app)
    locked, fine = _doc("locked.pdf"), _doc("fine.pdf")
    assert locked.status == DocumentStatus.FAILED and locked.error_code == "encrypted"
    assert fine.status == DocumentStatus.ACCEPTED
    assert "protected by a password" in client.get(f"/documents/{locked.id}").get_data(as_text=True)


def test_redis_down_at_upload_then_the_sweep_sends_it(tmp_path: Path, redis_url: str) -> None:
    from tests.conftest import create_user, make_app
    dead = make_app(tmp_path, "redis://127.0.0.1:1/0")
    with dead.app_context():
        create_user("ann@example.org", "Ann Lee")
        client = dead.test_client()
        login(client, "ann@example.org")
        page = _upload(client, [("cert.pdf", _certificate())])
        assert page.status_code == 200 and "cert.pdf uploaded" in page.get_data(as_text=True)
        assert _doc("cert.pdf").status == DocumentStatus.QUEUED
    dead.config["REDIS_URL"] = redis_url
    Redis.from_url(redis_url).flushdb()
    with dead.app_context():
        assert sweep() == 1
        assert sweep() == 1  # the job is live already: no second job
        run_worker(dead)
        assert _doc("cert.pdf").status == DocumentStatus.ACCEPTED
        doc = _doc("cert.pdf")
        assert Redis.from_url(redis_url).exists(f"rq:job:{job_id(doc.id, 1)}")
        db.session.remove()
        db.engine.dispose()


def test_audit_sample_sends_clean_documents_to_staff(app: Flask, applicant) -> None:
    app.config["AUDIT_SAMPLE_RATE"] = 1.0
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("cert.pdf", _certificate())])
    run_worker(app)
    doc = _doc("cert.pdf")
    assert doc.status == DocumentStatus.NEEDS_REVIEW and doc.audit_sample and not doc.latest.flags


def test_applicant_answers_a_resubmission_request(app: Flask, applicant, staff) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "blurry.pdf")
    _decide(reviewer, doc.id, outcome="request_resubmission", note="Send the full page.")
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "Resubmission requested" in page and "Send the full page." in page
    token = csrf_from(client, f"/documents/{doc.id}")
    client.post(f"/documents/{doc.id}/resubmit", content_type="multipart/form-data",
                data={"csrf_token": token, "file": (io.BytesIO(_certificate(title="Lean Basics")), "new.pdf")})
    new = _doc("new.pdf")
    assert new.resubmission_of_id == doc.id and new.status == DocumentStatus.QUEUED


def test_staff_retry_a_failed_document(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("cert.pdf", _certificate())])
    doc = _doc("cert.pdf")
    from reviewer.documents.persistence import record_failure
    record_failure(doc.id, "processing_error", "Reading stopped on an internal error.")
    reviewer = app.test_client()
    login(reviewer, staff.email)
    queue = reviewer.get("/staff/queue").get_data(as_text=True)
    assert "Failed documents" in queue and "processing_error" in queue
    token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
    reviewer.post(f"/staff/documents/{doc.id}/retry", data={"csrf_token": token})
    db.session.expire_all()
    assert _doc("cert.pdf").status == DocumentStatus.QUEUED
    run_worker(app)
    assert _doc("cert.pdf").status == DocumentStatus.ACCEPTED
