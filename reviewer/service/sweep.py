"""The sweep: every unfinished document has a live job, whatever happened to Redis or a worker.

It lives apart from reviewer/queue.py, which only enqueues ids and asks RQ about jobs: the sweep also
changes documents (with their audit trail), and keeping that out of the queue module keeps the queue
free of the review rules.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.queue import _is_live, enqueue_extraction, extraction_queue, job_id, next_version
from reviewer.review.decisions import claim_version, set_status

log = logging.getLogger(__name__)


def sweep() -> int:
    """Make sure every unfinished document has a live job; return how many documents were checked.

    `queued` documents without a job (Redis was down at upload) are enqueued. `processing` documents whose
    job is gone (a worker was killed and RQ gave up on it) go back to `queued` and are enqueued again.
    """
    checked = 0
    pending = db.session.scalars(
        db.select(Document).where(Document.status.in_([DocumentStatus.QUEUED, DocumentStatus.PROCESSING]))
        .order_by(Document.id)).all()
    try:
        queue = extraction_queue()
        for document in pending:
            live = _is_live(queue, job_id(document.id, next_version(document)))
            if document.status == DocumentStatus.PROCESSING:
                if live:
                    continue
                if not _requeue_if_unchanged(document):
                    continue  # its job finished (and moved it on) after the list was read
                log.warning("sweep: document %s lost its job while being read (its worker stopped); sent again",
                            document.id)
            elif not live:
                log.warning("sweep: document %s was queued with no job (Redis was unreachable when it was "
                            "stored); sent now", document.id)
            if not enqueue_extraction(document):
                break
            checked += 1
    except RedisError as exc:
        log.warning("sweep could not reach Redis: %s", exc)
    return checked


def _requeue_if_unchanged(document: Document) -> bool:
    """Put a `processing` document whose job is gone back to `queued`, unless it changed since it was read.

    The list of unfinished documents is read before their jobs are asked about, and a job can finish in
    between: writing `queued` over the document it has just accepted would leave it waiting for a reading
    that, decided already, never moves it on. So the document is claimed at the version the sweep read
    (as a decision claims it), and changed only if it is still `processing`.
    """
    if not claim_version(document, document.state_version):
        return False
    if document.status != DocumentStatus.PROCESSING:
        db.session.rollback()
        return False
    set_status(document, DocumentStatus.QUEUED, actor=None, action="requeued",
               detail={"why": "its job was lost (worker stopped)"})
    db.session.commit()
    return True
