"""Issue 12, duplicates: the earlier upload is the original, re-processing never reverses that, and an
applicant is never shown another person's document."""

from __future__ import annotations

from flask import Flask

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, User
from reviewer.reprocessing.batches import start_batch
from reviewer.reprocessing.selection import Selection
from tests.conftest import create_user, login, run_worker
from tests.test_workflow import _certificate, _upload


def _by_name(name: str) -> Document:
    return db.session.scalars(db.select(Document).where(Document.original_name == name)).one()


def test_the_first_upload_stays_the_original_through_re_processing(app: Flask, applicant, staff) -> None:
    create_user("bob@example.org", "Bob Stone")
    ann, bob = app.test_client(), app.test_client()
    login(ann, applicant.email)
    login(bob, "bob@example.org")
    _upload(ann, [("mine.pdf", _certificate())])
    run_worker(app)
    assert _by_name("mine.pdf").status == DocumentStatus.ACCEPTED
    _upload(bob, [("copy.pdf", _certificate())])
    run_worker(app)
    copy = _by_name("copy.pdf")
    assert "duplicate" not in [f.code for f in copy.latest.flags]  # not Bob's evidence twice
    [flag] = [f for f in copy.latest.flags if f.code == "shared_file"]
    assert flag.reason == f"Ann Lee sent the same file earlier, as document {_by_name('mine.pdf').id}."
    # Bob reads the vocabulary's words, never who else holds the file (issue 26: "you or someone else").
    bobs_page = bob.get(f"/documents/{copy.id}").get_data(as_text=True)
    assert "Staff check this document by hand before it counts." in bobs_page
    assert "sent the same file earlier" not in bobs_page
    assert f"document {_by_name('mine.pdf').id}" not in bobs_page and "someone else already" not in bobs_page
    bob_user = db.session.scalars(db.select(User).where(User.email == "bob@example.org")).one()
    token = bob_user.new_token()
    db.session.commit()
    api = app.test_client().get(f"/api/documents/{copy.id}", headers={"Authorization": f"Bearer {token}"}).json
    assert "shared_file" in api["flags"] and api["flag_reasons"]["shared_file"] is None  # not Ann's name
    start_batch(Selection(all=True))
    run_worker(app)
    db.session.expire_all()
    original = _by_name("mine.pdf")
    assert len(original.extractions) == 2 and not [f for f in original.latest.flags if f.code == "duplicate"]
    assert original.status == DocumentStatus.ACCEPTED and not original.changed_since_decision
    page = app.test_client()
    login(page, staff.email)
    html = page.get(f"/staff/documents/{_by_name('copy.pdf').id}").get_data(as_text=True)
    assert "Same file" in html and f"#{original.id} mine.pdf" in html and "uploaded earlier" in html


def test_an_applicants_original_is_not_flagged_by_a_later_copy_from_anyone(app: Flask, applicant) -> None:
    create_user("bob@example.org", "Bob Stone")
    ann, bob = app.test_client(), app.test_client()
    login(ann, applicant.email)
    login(bob, "bob@example.org")
    _upload(ann, [("mine.pdf", _certificate())])
    _upload(bob, [("copy.pdf", _certificate())])
    run_worker(app)  # both read in one go: the order of reading must not matter, only the order of upload
    assert not [f for f in _by_name("mine.pdf").latest.flags if f.code in ("duplicate", "shared_file")]
    assert "shared_file" in [f.code for f in _by_name("copy.pdf").latest.flags]
