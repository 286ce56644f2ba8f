"""Issue 26: claims that hold, decisions that happen once, a reject form that needs a choice, corrections that
clear their flags, and mail links that lead to the server that sent them."""

from __future__ import annotations

import io

from flask import Flask

from reviewer.cli.demo import links_follow_port
from reviewer.cli.enrol import enrol_command
from reviewer.extensions import db
from reviewer.models import Activity, AuditEvent, Document, OutboundMail, ReviewDecision, User
from tests import hostile
from tests.conftest import create_user, csrf_from, login, run_worker, version_of
from tests.test_workflow import _decide, _doc, _flagged_in_queue, _upload


def _two_reviewers(app: Flask, applicant, staff, name: str = "x.pdf"):
    """Ann's flagged document, Sam signed in, and Tia (another staff member) signed in."""
    _, sam, doc = _flagged_in_queue(app, applicant, staff, name)
    create_user("tia@example.org", "Tia Second", role="staff")
    tia = app.test_client()
    login(tia, "tia@example.org")
    return sam, tia, doc


def _claim(client, doc_id: int):
    token = csrf_from(client, f"/staff/documents/{doc_id}")
    return client.post(f"/staff/documents/{doc_id}/claim", headers={"X-CSRFToken": token})


def _holder(doc_id: int) -> int | None:
    db.session.expire_all()
    return db.session.get_one(Document, doc_id).claimed_by_id


def _decided_mails() -> int:
    return db.session.scalar(db.select(db.func.count(OutboundMail.id)).where(OutboundMail.kind == "decided"))


def test_looking_does_not_claim_staying_does(app: Flask, applicant, staff) -> None:
    sam, tia, doc = _two_reviewers(app, applicant, staff)
    for _ in range(3):  # passing through with j and k
        assert sam.get(f"/staff/documents/{doc.id}").status_code == 200
    assert _holder(doc.id) is None
    page = sam.get(f"/staff/documents/{doc.id}").get_data(as_text=True)
    assert f'data-claim-url="/staff/documents/{doc.id}/claim"' in page and 'data-claim-after="20"' in page
    held = _claim(sam, doc.id)
    assert held.status_code == 200 and held.json["held"] is True
    assert _holder(doc.id) == staff.id
    refused = _claim(tia, doc.id)
    assert refused.json == {"held": False, "holder": "Sam Staff", "until": refused.json["until"]}
    assert _holder(doc.id) == staff.id
    assert tia.post(f"/staff/documents/{doc.id}/claim").status_code == 400  # no CSRF token, no claim


def test_a_decision_on_a_document_someone_else_holds_is_refused_until_taken_over(app: Flask, applicant,
                                                                                  staff) -> None:
    sam, tia, doc = _two_reviewers(app, applicant, staff)
    _claim(sam, doc.id)
    page = tia.get(f"/staff/documents/{doc.id}").get_data(as_text=True)
    assert "Sam Staff is working on this document" in page and "Take over from Sam Staff" in page
    refused = _decide(tia, doc.id, outcome="accept").get_data(as_text=True)
    assert "Sam Staff is working on this document" in refused and "Take it over first" in refused
    assert db.session.scalar(db.select(db.func.count(ReviewDecision.id))) == 0
    activity = db.session.scalars(db.select(Activity)).first()
    token = csrf_from(tia, f"/staff/documents/{doc.id}")
    corrected = tia.post(f"/staff/activities/{activity.id}", follow_redirects=True,
                         data={"csrf_token": token, "title": "Changed by Tia"}).get_data(as_text=True)
    assert "Sam Staff is working on this document" in corrected
    db.session.expire_all()
    assert db.session.get_one(Activity, activity.id).title != "Changed by Tia"

    token = csrf_from(tia, f"/staff/documents/{doc.id}")
    taken = tia.post(f"/staff/documents/{doc.id}/take-over", data={"csrf_token": token}, follow_redirects=True)
    assert f"You took document {doc.id} over from Sam Staff." in taken.get_data(as_text=True)
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "claim_taken_over")).all()
    tia_id = db.session.scalars(db.select(User.id).where(User.email == "tia@example.org")).one()
    assert (event.actor_id, event.detail["from"], event.document_id) == (tia_id, "Sam Staff", doc.id)
    assert "Tia Second is working on this document" in sam.get(f"/staff/documents/{doc.id}").get_data(as_text=True)
    assert "Take it over first" in _decide(sam, doc.id, outcome="accept").get_data(as_text=True)
    _decide(tia, doc.id, outcome="accept")
    db.session.expire_all()
    assert [(d.outcome, d.reviewer_id) for d in db.session.scalars(db.select(ReviewDecision))] == [("accept", tia_id)]
    assert _holder(doc.id) is None  # deciding ends the claim


def test_the_api_refuses_a_held_document_unless_asked_to_take_it_over(app: Flask, applicant, staff) -> None:
    sam, _, doc = _two_reviewers(app, applicant, staff)
    _claim(sam, doc.id)
    tia = db.session.scalars(db.select(User).where(User.email == "tia@example.org")).one()
    auth = {"Authorization": f"Bearer {tia.new_token()}"}
    db.session.commit()
    client = app.test_client()
    body = {"outcome": "accept", "version": version_of(doc.id)}
    refused = client.post(f"/api/documents/{doc.id}/decision", json=body, headers=auth)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "claimed"
    assert "Sam Staff" in refused.json["error"]["message"]
    assert not db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "claim_taken_over")).all()
    taken = client.post(f"/api/documents/{doc.id}/decision", json={**body, "take_over": True}, headers=auth)
    assert taken.status_code == 200 and taken.json["status"] == "accepted"
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                                     .order_by(AuditEvent.id))]
    assert actions[-2:] == ["claim_taken_over", "decided"]


def test_back_then_a_decides_once_and_mails_once(app: Flask, applicant, staff) -> None:
    _, sam, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    seen = version_of(doc.id)  # the page Back returns to carries this version
    first = _decide(sam, doc.id, outcome="accept", version=str(seen))
    assert "Accepted document" in first.get_data(as_text=True)
    again = _decide(sam, doc.id, outcome="accept", version=str(seen)).get_data(as_text=True)
    assert f"Document {doc.id} is already accepted by Sam Staff; nothing changed and no mail was sent." in again
    decided = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.in_(["decided", "decision_changed"]))
                                 ).all()
    assert [(e.from_status, e.to_status) for e in decided] == [("needs_review", "accepted")]
    assert db.session.scalar(db.select(db.func.count(ReviewDecision.id))) == 1
    assert _decided_mails() == 1
    auth = {"Authorization": f"Bearer {db.session.get_one(User, staff.id).new_token()}"}
    db.session.commit()
    repeat = app.test_client().post(f"/api/documents/{doc.id}/decision", headers=auth,
                                    json={"outcome": "accept", "version": seen})
    assert repeat.status_code == 200 and repeat.json["unchanged"] is True and repeat.json["status"] == "accepted"
    assert _decided_mails() == 1
    # A different decision is a change, and is mailed.
    _decide(sam, doc.id, outcome="reject", reason="name_mismatch", note="Not your certificate.")
    assert _doc("x.pdf").status == "rejected" and _decided_mails() == 2


def test_reject_needs_a_chosen_reason_and_offers_editable_ready_notes(app: Flask, applicant, staff) -> None:
    _, sam, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")  # flagged name_mismatch
    page = sam.get(f"/staff/documents/{doc.id}").get_data(as_text=True)
    form = page.split('id="reject-form"')[1].split("</form>")[0]
    assert '<option value="" selected>choose a reason…</option>' in form
    assert form.count(" selected") == 1  # the flag no longer pre-selects its reason
    assert 'value="name_mismatch" title=' in form and "(flagged)" in form
    assert 'data-note="Upload a document issued in your name' in form
    assert '<textarea name="note" id="reject-note"' in form
    refused = _decide(sam, doc.id, outcome="reject").get_data(as_text=True)
    assert "A rejection needs a reason code" in refused
    assert db.session.scalar(db.select(db.func.count(ReviewDecision.id))) == 0


def test_a_correction_clears_the_flags_it_resolves(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, applicant.email)
    no_hours = hostile.text_pdf(["CERTIFICATE OF COMPLETION", "Midwest Institute of Technology", "This certifies that",
                                 "Ann Lee", "has successfully completed", "Statistical Process Control",
                                 "on March 14, 2025", "Robert Klein, Program Director"])
    _upload(client, [("nohours.pdf", no_hours)])
    run_worker(app)
    doc = _doc("nohours.pdf")
    assert "missing_hours" in doc.flag_codes.split()
    sam = app.test_client()
    login(sam, staff.email)
    activity = db.session.scalars(db.select(Activity)).one()
    token = csrf_from(sam, f"/staff/documents/{doc.id}")
    page = sam.post(f"/staff/activities/{activity.id}", follow_redirects=True,
                    data={"csrf_token": token, "title": activity.title, "date": str(activity.date),
                          "amount_value": "8", "amount_unit": "contact_hours"}).get_data(as_text=True)
    assert "Activity corrected. No longer flagged: missing hours." in page
    db.session.expire_all()
    doc = _doc("nohours.pdf")
    assert "missing_hours" not in doc.flag_codes.split()
    assert "missing_hours" not in {f.code for f in doc.latest.flags}
    assert "nohours.pdf" not in sam.get("/staff/queue?flag=missing_hours").get_data(as_text=True)
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "activity_corrected")).all()
    assert event.detail["flags"] == {"cleared": ["missing_hours"], "raised": []}
    # A correction that moves the date outside the window raises that flag, in words.
    token = csrf_from(sam, f"/staff/documents/{doc.id}")
    page = sam.post(f"/staff/activities/{activity.id}", follow_redirects=True,
                    data={"csrf_token": token, "title": activity.title, "date": "2001-01-01",
                          "amount_value": "8", "amount_unit": "contact_hours"}).get_data(as_text=True)
    assert "Now flagged: outside window." in page
    assert "outside_window" in _doc("nohours.pdf").flag_codes.split()


def test_mail_links_follow_the_port_the_demo_serves_on(app: Flask) -> None:
    app.config["PUBLIC_URL_GIVEN"] = False
    links_follow_port(app.config, 8123)
    create_user("ada@example.org", "Ada Admin", role="admin")
    result = app.test_cli_runner().invoke(enrol_command, ["new@example.org", "ATMAE-SENIOR", "--certified-on",
                                                          "2025-01-10", "--name", "Nia New"])
    assert result.exit_code == 0, result.output
    [mail] = db.session.scalars(db.select(OutboundMail).where(OutboundMail.kind == "enrolled")).all()
    assert "http://127.0.0.1:8123/password/" in mail.body and ":5000" not in mail.body
    app.config.update(PUBLIC_URL_GIVEN=True, PUBLIC_URL="https://reviewer.example.org")
    links_follow_port(app.config, 8123)
    assert app.config["PUBLIC_URL"] == "https://reviewer.example.org"


def test_uploads_sent_at_once_stop_at_the_hourly_limit(app: Flask, applicant) -> None:
    """Issue 26, security 4: concurrent uploads read the same count and overshot the limit (62 of 60)."""
    import threading

    app.config["UPLOADS_PER_HOUR"] = 3
    user = db.session.get_one(User, applicant.id)
    auth = {"Authorization": f"Bearer {user.new_token()}"}
    db.session.commit()
    db.session.remove()
    barrier, codes = threading.Barrier(8), []

    def send(n: int) -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post("/api/documents", headers=auth,
                                   data={"file": (io.BytesIO(hostile.text_pdf([f"Certificate {n}"])), f"c{n}.pdf")})
            codes.append(response.status_code)
            db.session.remove()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(codes) == [202] * 3 + [429] * 5
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 3


def test_each_transcript_row_is_boxed_on_the_page(app: Flask, applicant, staff) -> None:
    """A transcript row's date often comes from its term's heading, away from the row: the row itself is
    boxed, from its title to its credits, so staff can check each line against what was read."""
    client = app.test_client()
    login(client, applicant.email)
    transcript = hostile.text_pdf([
        "Lakeside State College", "Student: Lee, Ann M.   Student ID: 123456", "Course   Title   CR HRS   Grade",
        "Fall 2024   (08/26/2024 - 12/13/2024)", "MFG 210   Lean Manufacturing Principles   3.0   A",
        "QUAL 301   Quality Systems Auditing   2.0   B+", "Spring Semester 2025", "Term End: 05/09/2025",
        "ENGR 115   Engineering Economics   4.0   A-"])
    _upload(client, [("transcript.pdf", transcript)])
    run_worker(app)
    doc = _doc("transcript.pdf")
    assert len(doc.latest.activities) == 3
    sam = app.test_client()
    login(sam, staff.email)
    page = sam.get(f"/staff/documents/{doc.id}").get_data(as_text=True)
    assert page.count('class="box box-row"') == 3 and 'title="row 3: Engineering Economics"' in page
    assert '<span class="key key-row">row</span>' in page
    single = hostile.text_pdf(["CERTIFICATE OF COMPLETION", "Ann Lee", "Statistical Process Control",
                               "on March 14, 2025", "Eight (8) Contact Hours", "Midwest Institute of Technology"])
    _upload(client, [("one.pdf", single)])
    run_worker(app)
    assert 'box-row' not in sam.get(f"/staff/documents/{_doc('one.pdf').id}").get_data(as_text=True)


def test_bulk_accept_names_what_another_reviewer_holds_and_what_was_accepted_already(app: Flask, staff) -> None:
    from tests.queue_seed import seed_queue
    seed_queue(60, applicants=5)
    samples = db.session.scalars(db.select(Document).where(Document.flag_codes == "audit_sample")
                                 .order_by(Document.id)).all()
    assert len(samples) >= 3
    first, second, third = samples[:3]
    create_user("tia@example.org", "Tia Second", role="staff")
    tia = app.test_client()
    login(tia, "tia@example.org")
    _claim(tia, second.id)
    sam = app.test_client()
    login(sam, staff.email)
    ids = [f"{d.id}:{version_of(d.id)}" for d in (first, second, third)]
    token = csrf_from(sam, "/staff/queue")
    page = sam.post("/staff/bulk-accept", data={"csrf_token": token, "ids": ids}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Accepted 2 audit-sample document(s)." in text
    assert f"Held by another reviewer, left to them: {second.id}." in text and "Skipped" not in text
    again = sam.post("/staff/bulk-accept", data={"csrf_token": token, "ids": [ids[0]]}, follow_redirects=True)
    assert f"Already accepted: {first.id}." in again.get_data(as_text=True)
