"""Staff and admin pages say what happened and offer only what can work (issue 11's page bugs).

Through the Flask test client, as a person would meet them: a refused page that says whom it is for and
leads back to one's own start page, a batch form that keeps its choices after Count, decision messages
and notes staff can read back, and no Retry or decision buttons where they cannot succeed.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient

from reviewer.documents.persistence import record_failure
from reviewer.extensions import db
from reviewer.models import Batch, DocumentStatus
from tests import hostile
from tests.conftest import create_user, csrf_from, login, run_worker
from tests.test_workflow import _certificate, _decide, _doc, _flagged_in_queue, _upload


def _text(response) -> str:
    """The page's text with tags dropped and entities decoded, so assertions read like the screen."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


class _FormValues(HTMLParser):
    """What a browser would send from the page's form with `action`: selected options, checked boxes,
    filled inputs. Enough for the batch form; the test then presses a different button than Count."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.select = action, False, None
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and a.get("type") != "checkbox" and a.get("name"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "input" and "checked" in a:
            self.values[a["name"]] = a.get("value") or "y"
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.values):
            self.values[self.select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def test_refused_and_missing_pages_say_whom_they_are_for_and_lead_home(app: Flask, applicant, staff) -> None:
    """A staff member refused an admin page read "This page is for staff." and was sent to an applicant's
    dashboard; each person now reads whom the page is for and goes back to their own start page."""
    as_staff = _signed_in(app, staff.email)
    refused = as_staff.get("/admin/batches")
    assert refused.status_code == 403
    assert "This page is for administrators." in _text(refused) and "This page is for staff." not in _text(refused)
    assert '<a href="/staff/queue">Back to the review queue</a>' in refused.get_data(as_text=True)
    assert '<a href="/staff/queue">Back to the review queue</a>' in as_staff.get("/staff/documents/999").get_data(
        as_text=True)

    as_applicant = _signed_in(app, applicant.email)
    refused = as_applicant.get("/staff/queue")
    assert refused.status_code == 403 and "This page is for staff." in _text(refused)
    assert '<a href="/">Back to your documents</a>' in refused.get_data(as_text=True)

    missing = app.test_client().get("/no-such-page")
    assert missing.status_code == 404 and '<a href="/login">Sign in</a>' in missing.get_data(as_text=True)


def test_count_keeps_every_chosen_field_so_start_runs_it(app: Flask, applicant) -> None:
    """After Count the form came back reset to "matching the filters", so Start refused the selection."""
    _upload(_signed_in(app, applicant.email), [("cert.pdf", _certificate())])
    run_worker(app)
    admin = create_user("ada@example.org", "Ada Admin", role="admin").email
    client = _signed_in(app, admin)
    token = csrf_from(client, "/admin/batches")
    counted = client.post("/admin/batches", data={"csrf_token": token, "scope": "all", "since": "2020-01-02",
                                                  "force_ocr": "y", "action": "count"})
    assert counted.status_code == 200 and "1 document(s) would be re-processed" in _text(counted)
    form = _FormValues("/admin/batches")
    form.feed(counted.get_data(as_text=True))
    assert form.values["scope"] == "all" and form.values["since"] == "2020-01-02" and form.values["force_ocr"] == "y"
    assert db.session.scalar(db.select(db.func.count()).select_from(Batch)) == 0

    started = client.post("/admin/batches", data={**form.values, "action": "start", "confirmed": "yes"})
    assert started.status_code == 302 and "/admin/batches/" in started.headers["Location"]
    batch = db.session.scalars(db.select(Batch)).one()
    assert batch.total == 1 and batch.force_ocr


def test_decision_messages_say_what_happened_to_whom(app: Flask, applicant, staff) -> None:
    """The message read "Document 24: accept." while the next document was already on screen."""
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "bob.pdf")
    accepted = _text(_decide(reviewer, doc.id, outcome="accept"))
    assert f"Accepted document {doc.id} (bob.pdf) for Ann Lee." in accepted and "accept." not in accepted
    rejected = _text(_decide(reviewer, doc.id, outcome="reject", reason="self_issued"))
    assert f"Rejected document {doc.id} (bob.pdf) for Ann Lee — reason: self issued." in rejected
    asked = _text(_decide(reviewer, doc.id, outcome="request_resubmission", note="Send page 2."))
    assert f"Asked Ann Lee to resubmit document {doc.id} (bob.pdf)." in asked


def test_staff_read_back_the_notes_they_sent(app: Flask, applicant, staff) -> None:
    """The note went to the applicant, but the staff page showed it neither with the decision nor in History."""
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "bob.pdf")
    _decide(reviewer, doc.id, outcome="reject", reason="name_mismatch", note="The certificate names Bob Stone.")
    _decide(reviewer, doc.id, outcome="request_resubmission", note="Send the one in your own name.")
    page = _text(reviewer.get(f"/staff/documents/{doc.id}"))
    current, history = page.split("History", 1)[0].split("Decision", 1)[1], page.split("History", 1)[1]
    assert "Note sent: “Send the one in your own name.”" in current
    assert "note: “The certificate names Bob Stone.”" in history
    assert "note: “Send the one in your own name.”" in history


def test_failed_documents_offer_only_what_can_work(app: Flask, applicant, staff) -> None:
    """An unsupported_type document offered Retry (it fails the same way every time) and an enabled
    Accept (refused: a failed document is not decidable). A transient failure keeps its Retry."""
    client = _signed_in(app, applicant.email)
    _upload(client, [("archive.pdf", hostile.zip_file()), ("cert.pdf", _certificate())])
    unreadable, queued = _doc("archive.pdf"), _doc("cert.pdf")
    assert unreadable.error_code == "unsupported_type" and queued.status == DocumentStatus.QUEUED
    reviewer = _signed_in(app, staff.email)

    page = reviewer.get(f"/staff/documents/{unreadable.id}").get_data(as_text=True)
    assert f"staff/documents/{unreadable.id}/retry" not in page and "fail the same way" in page
    assert 'id="accept-form"' not in page and "can be decided once it has been read" in page
    token = csrf_from(reviewer, f"/staff/documents/{unreadable.id}")
    refused = _text(reviewer.post(f"/staff/documents/{unreadable.id}/retry", data={"csrf_token": token},
                                  follow_redirects=True))
    assert "would fail the same way (unsupported_type)" in refused
    db.session.expire_all()
    assert _doc("archive.pdf").status == DocumentStatus.FAILED

    page = reviewer.get(f"/staff/documents/{queued.id}").get_data(as_text=True)
    assert 'id="accept-form"' not in page and "the document is queued" in page

    record_failure(queued.id, "processing_error", "Reading stopped on an internal error.")
    page = reviewer.get(f"/staff/documents/{queued.id}").get_data(as_text=True)
    assert f"/staff/documents/{queued.id}/retry" in page and 'id="accept-form"' not in page
