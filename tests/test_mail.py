"""The outbox and the notifications, received by a real SMTP server the test starts (aiosmtpd).

Mail is sent by RQ jobs run with a real worker (`run_worker`); outages are played by stopping the server
or pointing the app at a Redis that is not there.
"""

from __future__ import annotations

import mailbox
import smtplib
from datetime import date, timedelta
from email.message import EmailMessage

from flask import Flask

from reviewer.cli.enrol import enrol_command
from reviewer.extensions import db
from reviewer.mail.catcher import free_port, start_catcher
from reviewer.mail.notifications import deadline_reminders, staff_digest
from reviewer.mail.outbox import queue_mail, sweep_outbox
from reviewer.models import Cycle, Document, OutboundMail, User
from reviewer.models.base import utcnow
from reviewer.programs.catalogue import seed_programs
from reviewer.queue import mail_queue
from tests.conftest import create_user, csrf_from, login, run_worker
from tests.smtp_server import SmtpServer, body, link_in, smtp  # noqa: F401  (smtp is a fixture)
from tests.test_workflow import _certificate, _decide, _doc, _flagged_in_queue, _upload


def _outbox() -> list[OutboundMail]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboundMail).order_by(OutboundMail.id)))


def test_enrolment_mails_a_new_account_its_set_password_link(app: Flask, smtp: SmtpServer) -> None:
    seed_programs()
    result = app.test_cli_runner().invoke(enrol_command, ["nia@example.org", "AMT-CMTSE", "--certified-on",
                                                          "2025-06-01", "--name", "Nia New"])
    assert result.exit_code == 0, result.output
    run_worker(app)
    [message] = smtp.to("nia@example.org")
    assert message["Subject"] == "Your account for AMT-CMTSE recertification"
    assert "due by 1 November 2028" in body(message)
    page = app.test_client().get(link_in(message, "/password/"))
    assert page.status_code == 200 and "Set your password" in page.get_data(as_text=True)
    [row] = _outbox()
    assert (row.status, row.attempts, row.kind, row.last_error) == ("sent", 1, "enrolled", None)


def test_enrolling_an_existing_account_says_where_and_when(app: Flask, applicant, smtp: SmtpServer) -> None:
    result = app.test_cli_runner().invoke(enrol_command, [applicant.email, "SME-TECH", "--certified-on", "2025-03-01"])
    assert result.exit_code == 0, result.output
    run_worker(app)
    [message] = smtp.to(applicant.email)
    assert message["Subject"] == "Enrolled in SME-TECH, due 1 March 2028"
    assert "/password/" not in body(message) and "Hello Ann Lee" in body(message)


def test_decisions_reach_the_applicant_with_reasons_and_notes(app: Flask, applicant, staff, smtp: SmtpServer) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "b.pdf")
    rejected = doc.id
    _upload(client, [("c.pdf", _certificate(name="Bob Stone")),
                     ("clean.pdf", _certificate(title="Lean Basics", when="May 2, 2025"))])
    run_worker(app)
    assert _doc("clean.pdf").status == "accepted"
    assert smtp.messages == []  # the clean document was accepted by the system: no mail for that
    _decide(reviewer, rejected, outcome="reject", reason="name_mismatch")
    resubmit = _doc("c.pdf").id
    _decide(reviewer, resubmit, outcome="request_resubmission", note="Please send the certificate in your own name.")
    _decide(reviewer, rejected, outcome="accept", note="Bob Stone is your legal name; accepted.")
    run_worker(app)
    subjects = [m["Subject"] for m in smtp.to(applicant.email)]
    assert subjects == ["Not accepted: b.pdf", "Please send a new file for c.pdf", "Accepted: b.pdf"]
    rejection, request, acceptance = smtp.to(applicant.email)
    assert "The document names someone else." in body(rejection)
    assert "Please send the certificate in your own name." in body(request)
    assert link_in(request, "/documents/") == f"/documents/{resubmit}"
    assert "legal name" in body(acceptance)
    assert {m.status for m in _outbox()} == {"sent"}


def test_a_stale_decision_sends_nothing(app: Flask, applicant, staff, smtp: SmtpServer) -> None:
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "b.pdf")
    token = csrf_from(reviewer, f"/staff/documents/{doc.id}")
    response = reviewer.post(f"/staff/documents/{doc.id}/decision",
                             data={"csrf_token": token, "outcome": "accept", "version": "0"})
    assert response.status_code == 302
    assert _outbox() == []


def test_the_30_day_reminder_is_sent_once(app: Flask, applicant, smtp: SmtpServer) -> None:
    quiet = create_user("quiet@example.org", "Quinn Quiet")
    quiet.reminders = False
    db.session.commit()
    # create_user's cycles end on 2026-11-01
    assert deadline_reminders(date(2026, 10, 2)) == 1
    assert deadline_reminders(date(2026, 10, 2)) == 0
    assert deadline_reminders(date(2026, 10, 5)) == 0  # still the 30-day reminder: already sent
    run_worker(app)
    [message] = smtp.messages
    assert message["To"] == applicant.email
    assert ("due in 30 days, on 1 November 2026" in body(message)
            and "You still need 30 of the 30 PDUs required." in body(message))
    assert link_in(message, "/settings") == "/settings"
    assert deadline_reminders(date(2026, 10, 26)) == 1  # the 7-day one
    assert deadline_reminders(date(2026, 11, 2)) == 0  # past due
    run_worker(app)
    assert len(smtp.to(applicant.email)) == 2 and smtp.to("quiet@example.org") == []
    keys = sorted(m.dedupe_key or "" for m in _outbox())
    cycle = db.session.scalars(db.select(Cycle.id).where(Cycle.applicant_id == applicant.id)).one()
    assert keys == [f"reminder:{cycle}:30", f"reminder:{cycle}:7"]


def test_staff_get_one_digest_a_day_of_documents_past_the_review_target(
        app: Flask, applicant, staff, smtp: SmtpServer) -> None:
    _, _, doc = _flagged_in_queue(app, applicant, staff, "b.pdf")
    assert staff_digest(date.today()) == 0  # waiting, but not for long
    db.session.execute(db.update(Document).where(Document.id == doc.id)
                       .values(uploaded_at=utcnow() - timedelta(days=30)))
    db.session.commit()
    assert staff_digest(date.today()) == 1 and staff_digest(date.today()) == 0
    run_worker(app)
    [message] = smtp.messages
    assert message["To"] == staff.email and "1 document(s) have waited longer" in body(message)
    assert link_in(message, "/staff/") == "/staff/queue"


def test_the_digest_tells_staff_of_submitted_renewals(app: Flask, staff, smtp: SmtpServer) -> None:
    """Issue 25: an applicant who signed off their renewal waits on staff alone; the daily digest says so."""
    create_user("rita@example.org", "Rita Renew", program="AMT-CMTSE")
    assert staff_digest(date.today()) == 0
    db.session.execute(db.update(Cycle).values(status="submitted"))
    db.session.commit()
    assert staff_digest(date.today()) == 1
    run_worker(app)
    [message] = smtp.messages
    assert message["Subject"] == "1 renewal(s) to review" and "wait for your review" in body(message)
    assert link_in(message, "/staff/") == "/staff/renewals"


def test_an_applicant_turns_reminders_off_and_on(app: Flask, applicant, smtp: SmtpServer) -> None:
    client = app.test_client()
    login(client, applicant.email)
    page = client.get("/settings").get_data(as_text=True)
    assert 'checked' in page and "30 and 7 days before" in page
    client.post("/settings", data={"csrf_token": csrf_from(client, "/settings")})
    assert db.session.get(User, applicant.id).reminders is False
    assert deadline_reminders(date(2026, 10, 2)) == 0
    client.post("/settings", data={"csrf_token": csrf_from(client, "/settings"), "reminders": "y"})
    db.session.expire_all()
    assert db.session.get(User, applicant.id).reminders is True
    assert deadline_reminders(date(2026, 10, 2)) == 1


def test_the_outbox_survives_an_smtp_outage(app: Flask, applicant, smtp: SmtpServer) -> None:
    smtp.down()
    queue_mail(applicant.email, "Hello", "A message sent while the server is down.", "test", user_id=applicant.id)
    db.session.commit()
    run_worker(app)
    [row] = _outbox()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in (row.last_error or "")
    assert sweep_outbox() == 1
    run_worker(app)
    assert [(m.status, m.attempts) for m in _outbox()] == [("pending", 2)]
    smtp.up()
    assert sweep_outbox() == 1
    run_worker(app)
    [row] = _outbox()
    assert (row.status, row.attempts) == ("sent", 3) and row.sent_at is not None
    assert "Connection refused" in (row.last_error or "")  # kept: why it went out late
    [message] = smtp.messages
    assert message["Subject"] == "Hello" and message["Message-ID"].startswith(f"<outbox-{row.id}-")
    assert sweep_outbox() == 0  # nothing left to send
    run_worker(app)
    assert len(smtp.messages) == 1


def test_mail_queued_while_redis_is_down_is_sent_by_the_sweep(app: Flask, applicant, smtp: SmtpServer) -> None:
    redis_url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    queue_mail(applicant.email, "Kept", "Committed while Redis was down.", "test")
    db.session.commit()  # does not raise: the row is the record, the job comes later
    app.config["REDIS_URL"] = redis_url
    assert mail_queue(app).count == 0
    assert sweep_outbox() == 1
    run_worker(app)
    assert [m["Subject"] for m in smtp.messages] == ["Kept"]


def test_after_the_last_attempt_it_is_failed_visible_and_can_be_sent_again(
        app: Flask, applicant, smtp: SmtpServer) -> None:
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    create_user("ada@example.org", "Ada Admin", role="admin")
    smtp.down()
    mail = queue_mail(applicant.email, "Lost?", "Never lost.", "test")
    assert mail is not None
    mail_id = mail.id
    db.session.commit()
    run_worker(app)
    sweep_outbox()
    run_worker(app)
    [row] = _outbox()
    assert (row.status, row.attempts) == ("failed", 2)
    assert sweep_outbox() == 0
    admin = app.test_client()
    login(admin, "ada@example.org")
    listing = admin.get("/admin/mail?status=failed").get_data(as_text=True)
    assert "Lost?" in listing and "ConnectionRefusedError" in listing
    page = admin.get(f"/admin/mail/{mail_id}").get_data(as_text=True)
    assert "Never lost." in page and "Send again" in page
    smtp.up()
    token = csrf_from(admin, f"/admin/mail/{mail_id}")
    assert admin.post(f"/admin/mail/{mail_id}/resend", data={"csrf_token": token}).status_code == 302
    run_worker(app)
    assert [m["Subject"] for m in smtp.messages] == ["Lost?"]
    assert [(m.status, m.attempts) for m in _outbox()] == [("sent", 1)]


def test_a_permanent_refusal_fails_at_once(app: Flask, applicant, smtp: SmtpServer, monkeypatch) -> None:
    def refuse(message: EmailMessage, config: object) -> None:
        raise smtplib.SMTPRecipientsRefused({applicant.email: (550, b"5.1.1 No such user")})
    monkeypatch.setattr("reviewer.mail.outbox.deliver", refuse)
    queue_mail(applicant.email, "Bounce", "No such user.", "test")
    db.session.commit()
    run_worker(app)
    [row] = _outbox()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "recipient refused: 550 5.1.1 No such user")


def test_without_a_server_mail_is_only_kept(app: Flask, applicant) -> None:
    assert app.config["MAIL_SERVER"] == ""
    queue_mail(applicant.email, "Kept", "Kept in the outbox.", "test")
    db.session.commit()
    assert mail_queue(app).count == 0 and sweep_outbox() == 0
    assert [(m.status, m.attempts) for m in _outbox()] == [("pending", 0)]


def test_the_outbox_page_is_paged_and_for_admins_only(app: Flask, applicant, staff) -> None:
    create_user("ada@example.org", "Ada Admin", role="admin")
    for n in range(60):
        queue_mail(f"user{n}@example.org", f"Message number {n}", "…", "test")
    db.session.commit()
    admin = app.test_client()
    login(admin, "ada@example.org")
    first = admin.get("/admin/mail").get_data(as_text=True)
    assert "Message number 59" in first and "Message number 10<" in first and "Message number 9<" not in first
    assert "No mail server is configured" in first
    older = first.split('class="more" href="')[1].split('"')[0].replace("&amp;", "&")
    second = admin.get(older).get_data(as_text=True)
    assert "Message number 9<" in second and "Message number 0<" in second and "Message number 10<" not in second
    reviewer = app.test_client()
    login(reviewer, staff.email)
    assert reviewer.get("/admin/mail").status_code == 403


def test_the_demo_catcher_keeps_what_it_receives(tmp_path) -> None:
    catcher = start_catcher(tmp_path / "caught")
    try:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Caught"
        message.set_content("Hello")
        with smtplib.SMTP("127.0.0.1", catcher.port, timeout=10) as smtp:
            smtp.send_message(message)
    finally:
        catcher.stop()
    assert [m["Subject"] for m in mailbox.Maildir(tmp_path / "caught")] == ["Caught"]

