"""Issue 12, duplicates: the earlier upload is the original, re-processing never reverses that, and an
applicant is never shown another person's document."""

from __future__ import annotations

from datetime import date

from flask import Flask

from reviewer.documents.persistence import record_result
from reviewer.extensions import db
from reviewer.models import Cycle, Document, DocumentStatus, User
from reviewer.reprocessing.batches import start_batch
from reviewer.reprocessing.selection import Selection
from tests.conftest import counted, create_user, login, run_worker
from tests.test_workflow import _certificate, _upload
from workers.result import Activity as ResultActivity
from workers.result import Amount, Result


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


def _rows(count: int, when: date) -> Result:
    """A reading of a transcript-like document with `count` course rows (each with a date)."""
    rows = [ResultActivity(title=f"Course {n}", start_date=None, date=when, amount=Amount(3.0, "credit hours"),
                           contact_hours=None) for n in range(count)]
    return Result(pipeline_version="test", mime="application/pdf", pages=1, text_source="text_layer",
                  recipient="Ann Lee", issuer="A College", third_party=True, third_party_reasons=[],
                  activities=rows, flags={})


def _processing(applicant: User, names: tuple[str, ...]) -> list[int]:
    """The applicant's documents of these names, each with bytes of its own, waiting for their reading."""
    owner = db.session.get(User, applicant.id)
    cycle_id = db.session.scalar(db.select(Cycle.id).where(Cycle.applicant_id == owner.id))
    ids = []
    for n, name in enumerate(names):
        doc = Document(applicant_id=owner.id, cycle_id=cycle_id, sha256=f"{n + 1:064x}", original_name=name,
                       size=1, status=DocumentStatus.PROCESSING)
        db.session.add(doc)
        db.session.flush()
        ids.append(doc.id)
    db.session.commit()
    return ids


def test_storing_a_reading_costs_the_same_statements_for_one_row_or_thirty(app: Flask, applicant) -> None:
    """Issue 28: the duplicate check looked each row up on its own, so a 30-row transcript cost 30 more
    statements to store than a certificate; now one statement finds every row's twin."""
    documents = _processing(applicant, ("first.pdf", "one-row.pdf", "thirty-rows.pdf"))
    record_result(documents[0], 1, _rows(30, date(2025, 3, 1)))  # the original of every row
    counts = []
    for doc_id, rows in ((documents[1], 1), (documents[2], 30)):
        with counted() as statements:
            record_result(doc_id, 1, _rows(rows, date(2025, 3, 1)))
        counts.append(len([s for s in statements if s.lstrip().upper().startswith("SELECT")]))
        reason = db.session.get(Document, doc_id).latest.flags
        duplicate = next(f.reason for f in reason if f.code == "duplicate")
        assert duplicate.count(f"already in your document {documents[0]}") == rows  # each row's twin named
    assert counts[0] == counts[1], counts


def test_only_an_earlier_documents_current_reading_makes_a_twin(app: Flask, applicant) -> None:
    """An activity that an earlier document's first reading found, and its current reading no longer
    finds, is in no document now: a later document with that activity is not its duplicate. The activity
    the current reading keeps still is."""
    ids = _processing(applicant, ("earlier.pdf", "later.pdf"))
    record_result(ids[0], 1, _rows(3, date(2025, 3, 1)))  # Course 0, 1, 2
    record_result(ids[0], 2, _rows(1, date(2025, 3, 1)))  # read again: Course 0 alone
    record_result(ids[1], 1, _rows(3, date(2025, 3, 1)))
    reasons = [f.reason for f in db.session.get(Document, ids[1]).latest.flags if f.code == "duplicate"]
    assert len(reasons) == 1
    assert "“Course 0” on 2025-03-01 is already in your document" in reasons[0]
    assert "Course 1" not in reasons[0] and "Course 2" not in reasons[0]


def test_a_group_re_processed_together_is_flagged_as_each_was_alone(app: Flask, applicant) -> None:
    """Re-processing prepares its documents a group at a time (reviewer/documents/preparing.py): copies of one
    file by the same applicant and by another, sent one after the other and read one by one, get exactly
    the flags and reasons again when read again together in one group."""
    create_user("bob@example.org", "Bob Stone")
    ann, bob = app.test_client(), app.test_client()
    login(ann, applicant.email)
    login(bob, "bob@example.org")
    for client, name in ((ann, "first.pdf"), (ann, "second.pdf"), (bob, "bobs.pdf"), (ann, "third.pdf")):
        _upload(client, [(name, _certificate())])
        run_worker(app)
    names = ("first.pdf", "second.pdf", "bobs.pdf", "third.pdf")

    def flags(version: int) -> dict[str, list[tuple[str, str]]]:
        db.session.expire_all()
        out = {}
        for name in names:
            [extraction] = [e for e in _by_name(name).extractions if e.version == version]
            out[name] = sorted((f.code, f.reason) for f in extraction.flags)
        return out

    alone = flags(1)
    assert [code for code, _ in alone["third.pdf"]].count("duplicate") == 1
    assert "shared_file" in [code for code, _ in alone["bobs.pdf"]]
    start_batch(Selection(all=True))
    run_worker(app)
    assert flags(2) == alone


def test_the_twin_named_is_the_earliest_of_many(app: Flask, applicant) -> None:
    """The reason names the earliest earlier document: the fourth copy of a course names the first, and the
    first, read again, names none (its copies all came after it)."""
    ids = _processing(applicant, ("first.pdf", "second.pdf", "third.pdf", "fourth.pdf"))
    for doc_id in ids:
        record_result(doc_id, 1, _rows(2, date(2025, 3, 1)))
    reasons = [f.reason for f in db.session.get(Document, ids[3]).latest.flags if f.code == "duplicate"]
    assert len(reasons) == 1 and reasons[0].count(f"already in your document {ids[0]} ") == 2
    record_result(ids[0], 2, _rows(2, date(2025, 3, 1)))
    assert "duplicate" not in [f.code for f in db.session.get(Document, ids[0]).latest.flags]
