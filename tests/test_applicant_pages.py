"""Issue 26, the applicant's pages: what to do first, totals that are true, the page itself, withdrawing an
upload, the picker's limits up front, flags in words; and error pages inside the layout."""

from __future__ import annotations

import pytest
from flask import Flask

from reviewer.documents.withdrawal import WithdrawError, withdraw
from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, User
from reviewer.programs.progress import progress_for
from reviewer.programs.wording import number, units
from tests.conftest import csrf_from, login, run_worker, version_of
from tests.test_workflow import _certificate, _decide, _doc, _flagged_in_queue, _upload


def _ann(app: Flask, applicant):
    client = app.test_client()
    login(client, applicant.email)
    return client


def _withdraw(client, doc_id: int, version: int | None = None):
    token = csrf_from(client, f"/documents/{doc_id}")
    return client.post(f"/documents/{doc_id}/withdraw", follow_redirects=True,
                       data={"csrf_token": token, "version": version if version is not None else version_of(doc_id)})


def test_figures_are_rounded_with_their_unit() -> None:
    assert [number(369.25), number(12.0), number(7.000000001), number(0.05)] == ["369.2", "12", "7", "0.1"]
    assert [units(36, "credit"), units(1, "PDU"), units(1.04, "PDU"), units(0, "PDP")] == [
        "36 credits", "1 PDU", "1 PDU", "0 PDPs"]


def test_waiting_for_review_leaves_out_copies_and_documents_in_someone_elses_name(app: Flask, applicant,
                                                                                   staff) -> None:
    app.config["AUDIT_SAMPLE_RATE"] = 1.0  # every clean upload waits for staff
    client = _ann(app, applicant)
    _upload(client, [("mine.pdf", _certificate())])
    run_worker(app)
    _upload(client, [("again.pdf", _certificate()),  # the same file: duplicate
                     ("bob.pdf", _certificate(name="Bob Stone", title="Lean Basics"))])  # someone else's
    run_worker(app)
    assert {_doc(n).status for n in ("mine.pdf", "again.pdf", "bob.pdf")} == {DocumentStatus.NEEDS_REVIEW}
    progress = progress_for(db.session.get_one(User, applicant.id))
    assert progress is not None and progress.pending == 8.0  # 8 + 0 + 0, not 24
    page = client.get("/").get_data(as_text=True)
    assert "8 waiting for review" in page and "30 PDUs still needed" in page


def test_requirement_met_is_said_in_words(app: Flask, applicant) -> None:
    client = _ann(app, applicant)
    for n, title in enumerate(("Statistical Process Control", "Lean Basics", "Metrology", "Six Sigma")):
        body = _certificate(title=title).replace(b"Eight (8) Contact Hours", b"Ten (10) Contact Hours")
        _upload(client, [(f"c{n}.pdf", body)])
    run_worker(app)
    page = client.get("/").get_data(as_text=True)
    assert "requirement met" in page and "still needed" not in page


def test_what_to_do_comes_first_and_flags_read_in_words(app: Flask, applicant, staff) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "named-bob.pdf")
    doc_id = doc.id
    _upload(client, [("page.html", b"<html><body>not a document</body></html>")])
    run_worker(app)
    page = client.get("/").get_data(as_text=True)
    waiting_row = page.split("named-bob.pdf")[0].rsplit("<tr>", 1)[1]
    assert "The document names someone else." in waiting_row
    assert "Upload a document issued in your name" not in waiting_row  # waiting: nothing to do yet
    assert "Staff will look at it and write to you" in waiting_row
    _decide(reviewer, doc_id, outcome="request_resubmission", note="Send the certificate in your own name.")
    page = client.get("/").get_data(as_text=True)
    to_do = page.split('id="to-do-heading"')[1].split("</section>")[0]
    assert page.index('id="to-do-heading"') < page.index("cycle-heading")  # first on the page
    assert "Send a new file in place of this one: “Send the certificate in your own name.”" in to_do
    assert "page.html" in to_do and "We could not read this file" in to_do
    detail = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "name_mismatch" not in detail and "name mismatch" not in detail
    assert "The document names someone else." in detail


def test_the_picker_says_what_it_takes_before_anything_fails(app: Flask, applicant) -> None:
    page = _ann(app, applicant).get("/").get_data(as_text=True)
    hint = page.split('id="upload-limits"')[1].split("</p>")[0]
    assert "PDF" in hint and "up to 20 MiB each" in hint and 'aria-describedby="upload-limits"' in page


def test_the_applicant_sees_the_page_itself(app: Flask, applicant) -> None:
    client = _ann(app, applicant)
    _upload(client, [("cert.pdf", _certificate())])
    run_worker(app)
    doc = _doc("cert.pdf")
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert f'src="/documents/{doc.id}/pages/1.png"' in page
    assert client.get(f"/documents/{doc.id}/pages/1.png").data[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_undecided_upload_can_be_withdrawn_and_then_counts_nowhere(app: Flask, applicant, staff) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "wrong-file.pdf")
    assert "Withdraw this document" in client.get(f"/documents/{doc.id}").get_data(as_text=True)
    stale = _withdraw(client, doc.id, version=version_of(doc.id) - 1).get_data(as_text=True)
    assert "changed meanwhile" in stale and _doc("wrong-file.pdf").status == DocumentStatus.NEEDS_REVIEW
    done = _withdraw(client, doc.id).get_data(as_text=True)
    assert "wrong-file.pdf withdrawn" in done
    assert "wrong-file.pdf" not in done.split("<h2>Documents</h2>")[1]
    assert _doc("wrong-file.pdf").status == DocumentStatus.WITHDRAWN
    assert "wrong-file.pdf" not in reviewer.get("/staff/queue").get_data(as_text=True)
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "withdrawn")).all()
    assert (event.actor_id, event.from_status, event.to_status) == (applicant.id, "needs_review", "withdrawn")
    # Reading it again (a batch, a retry) does not bring it back.
    run_worker(app)
    assert _doc("wrong-file.pdf").status == DocumentStatus.WITHDRAWN


def test_a_decided_document_or_someone_elses_cannot_be_withdrawn(app: Flask, applicant, staff) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    staff_user = db.session.get_one(User, staff.id)
    with pytest.raises(WithdrawError, match="Only the applicant"):
        withdraw(db.session.get_one(Document, doc.id), staff_user, version_of(doc.id))
    _decide(reviewer, doc.id, outcome="reject", reason="name_mismatch")
    assert "Withdraw this document" not in client.get(f"/documents/{doc.id}").get_data(as_text=True)
    refused = _withdraw(client, doc.id).get_data(as_text=True)
    assert "has been decided, so it stays on your record" in refused
    assert _doc("x.pdf").status == DocumentStatus.REJECTED


def test_error_pages_use_the_layout(app: Flask, staff) -> None:
    client = app.test_client()
    login(client, staff.email)
    bad = client.get("/staff/queue?flag=bogus")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "<main" in html and 'class="top"' in html and "bogus" in html
    signed_out = app.test_client().get("/staff/queue", follow_redirects=True).get_data(as_text=True)
    assert "Sign in to see that page." in signed_out and "Please log in" not in signed_out



def test_a_withdrawn_file_sent_again_is_not_its_own_duplicate(app: Flask, applicant, staff) -> None:
    client, _, doc = _flagged_in_queue(app, applicant, staff, "wrong-cycle.pdf")
    _withdraw(client, doc.id)
    body = _certificate(name="Bob Stone")  # the same bytes _flagged_in_queue sent
    _upload(client, [("again.pdf", body)])
    run_worker(app)
    assert "duplicate" not in _doc("again.pdf").flag_codes.split()
