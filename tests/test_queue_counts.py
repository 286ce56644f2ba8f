"""Issue 28: the queue's counts are kept by the database (triggers on `documents`, migration e15a0000cnt1)
and read from a few rows, and they agree with counting the documents, whatever writes them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.models.base import utcnow
from reviewer.models.review import queue_counts as counts_table
from reviewer.review import queue_counts
from reviewer.review.staff_queue import queue_counts as page_counts
from reviewer.review.staff_queue import working_days_before
from tests.conftest import create_user
from workers.flags import QUEUE_FLAGS

STATUSES = [DocumentStatus.NEEDS_REVIEW, DocumentStatus.ACCEPTED, DocumentStatus.QUEUED, DocumentStatus.FAILED]
CODES = ["", "missing_hours", "missing_date missing_hours", "self_issued", "audit_sample", "duplicate"]


def _counted() -> dict[str, int]:
    """What the counts should be: the waiting documents, counted one by one."""
    rows = db.session.execute(sa.select(Document.flag_codes, sa.func.count())
                              .where(Document.status == DocumentStatus.NEEDS_REVIEW)
                              .group_by(Document.flag_codes)).all()
    return {str(codes): int(n) for codes, n in rows}


def _document(applicant_id: int, n: int, status: str, codes: str, uploaded: datetime) -> Document:
    return Document(applicant_id=applicant_id, sha256=f"{n:064x}", original_name=f"f{n}.pdf", size=1,
                    status=status, flag_codes=codes, uploaded_at=uploaded)


def test_counts_follow_every_kind_of_write(app: Flask) -> None:
    """Inserts, status changes, flag changes, both at once, no change, deletes: through the ORM, through
    bulk updates and through raw SQL, as a worker, a batch and a repair by hand would write."""
    rng = random.Random(28)
    applicant = create_user("ann@example.org", "Ann")
    docs = [_document(applicant.id, n, rng.choice(STATUSES), rng.choice(CODES), utcnow()) for n in range(60)]
    db.session.add_all(docs)
    db.session.commit()
    assert queue_counts.waiting_by_flag_codes() == _counted()
    for step in range(200):
        doc = rng.choice(docs)
        kind = step % 5
        if kind == 0:
            doc.status = rng.choice(STATUSES)
        elif kind == 1:
            doc.flag_codes = rng.choice(CODES)
        elif kind == 2:
            doc.status, doc.flag_codes = rng.choice(STATUSES), rng.choice(CODES)
        elif kind == 3:
            doc.status = doc.status  # written, unchanged: no count moves
            db.session.execute(sa.update(Document).where(Document.id == doc.id).values(flag_codes=doc.flag_codes))
        else:
            db.session.execute(sa.text("UPDATE documents SET status = :s WHERE id = :id"),
                               {"s": str(rng.choice(STATUSES)), "id": doc.id})
            db.session.expire(doc)
        if step % 7 == 0:
            db.session.commit()
    db.session.commit()
    assert queue_counts.waiting_by_flag_codes() == _counted()
    db.session.execute(sa.delete(Document).where(Document.id.in_([d.id for d in docs[:20]])))
    db.session.commit()
    assert queue_counts.waiting_by_flag_codes() == _counted()


def test_a_rolled_back_change_moves_no_count(app: Flask) -> None:
    applicant = create_user("ann@example.org", "Ann")
    doc = _document(applicant.id, 1, DocumentStatus.NEEDS_REVIEW, "missing_hours", utcnow())
    db.session.add(doc)
    db.session.commit()
    doc.status = DocumentStatus.ACCEPTED
    db.session.flush()
    db.session.rollback()
    assert queue_counts.waiting_by_flag_codes() == {"missing_hours": 1}


def test_folding_keeps_the_sums_and_leaves_one_row_per_combination(app: Flask, monkeypatch) -> None:
    applicant = create_user("ann@example.org", "Ann")
    docs = [_document(applicant.id, n, DocumentStatus.NEEDS_REVIEW, CODES[n % 3], utcnow()) for n in range(30)]
    db.session.add_all(docs)
    db.session.commit()
    for doc in docs[:10]:
        doc.status = DocumentStatus.ACCEPTED  # +1 then -1: the combination's rows sum to fewer
    db.session.commit()
    expected = _counted()
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(counts_table))
    assert rows == 40
    monkeypatch.setattr(queue_counts, "FOLD_MIN", 30)
    monkeypatch.setattr(queue_counts, "FOLD_RATIO", 10)  # 40 rows for 3 combinations: fold
    assert queue_counts.waiting_by_flag_codes() == expected  # this read folds, and still answers right
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(counts_table)) == len(expected)
    assert queue_counts.waiting_by_flag_codes() == expected


def test_a_fold_that_would_wait_for_a_writer_gives_up_and_loses_nothing(app: Flask) -> None:
    """The caller's own session holds a write (the lock on SQLite, the rows' locks on PostgreSQL): the
    fold on its own connection gives up within its short wait, and the counts are what they were."""
    applicant = create_user("ann@example.org", "Ann")
    db.session.add_all([_document(applicant.id, n, DocumentStatus.NEEDS_REVIEW, "duplicate", utcnow())
                        for n in range(5)])
    db.session.commit()
    db.session.execute(sa.update(counts_table).values(waiting=counts_table.c.waiting))  # take the locks
    began = datetime.now()
    assert queue_counts.fold() is False
    assert datetime.now() - began < timedelta(seconds=5)
    db.session.rollback()
    assert queue_counts.waiting_by_flag_codes() == {"duplicate": 5}


def test_the_page_counts_split_combinations_and_count_the_overdue(app: Flask) -> None:
    applicant = create_user("ann@example.org", "Ann")
    now = utcnow()
    old = working_days_before(now, 5) - timedelta(hours=1)
    db.session.add_all([
        _document(applicant.id, 1, DocumentStatus.NEEDS_REVIEW, "missing_date missing_hours", old),
        _document(applicant.id, 2, DocumentStatus.NEEDS_REVIEW, "missing_hours", now),
        _document(applicant.id, 3, DocumentStatus.NEEDS_REVIEW, "audit_sample", old - timedelta(days=30)),
        _document(applicant.id, 4, DocumentStatus.ACCEPTED, "missing_hours", old)])
    db.session.commit()
    counts = page_counts(5)
    assert (counts["all"], counts["overdue"], counts["missing_hours"], counts["missing_date"],
            counts["audit_sample"]) == (3, 2, 2, 1, 1)
    assert set(counts) == {"all", "overdue", *QUEUE_FLAGS}


def test_the_head_schema_keeps_the_triggers(app: Flask) -> None:
    """A later migration that rebuilds `documents` (SQLite's batch mode does) would drop them silently."""
    if db.engine.dialect.name == "postgresql":
        names = db.session.scalars(sa.text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'documents'::regclass "
                                           "AND NOT tgisinternal")).all()
        assert "queue_counts_follow" in names
    else:
        names = db.session.scalars(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                           "AND tbl_name = 'documents'")).all()
        assert {"queue_counts_insert", "queue_counts_delete", "queue_counts_update"} <= set(names)
