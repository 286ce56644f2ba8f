"""The one place that enqueues work: job ids, timeouts, TTLs, retries and the JSON serializer.

The database is the record of truth. A document is committed as `queued` before anything is sent to
Redis; if Redis is down the enqueue quietly fails and the sweep (run by `reviewer worker` at start and
every minute, and by `reviewer requeue`) sends it later. Job ids are derived from the document and its
extraction version, so enqueueing twice never runs the same work twice.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.review import set_status

log = logging.getLogger(__name__)

QUEUE_NAME = "extraction"
EXTRACT_JOB = "workers.jobs.extract_document"
_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def redis_connection(app: Flask | None = None) -> Redis:
    app = app or current_app
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=10)


def extraction_queue(app: Flask | None = None) -> Queue:
    app = app or current_app
    return Queue(QUEUE_NAME, connection=redis_connection(app), serializer=JSONSerializer)


def job_id(document_id: int, version: int) -> str:
    return f"extract-{document_id}-v{version}"


def next_version(document: Document) -> int:
    return (document.latest.version + 1) if document.latest else 1


def enqueue_extraction(document: Document) -> bool:
    """Send a document's next extraction to the workers. False (and logged) when Redis is unreachable."""
    config = current_app.config
    version = next_version(document)
    try:
        queue = extraction_queue()
        jid = job_id(document.id, version)
        if _is_live(queue, jid):
            return True
        queue.enqueue_call(
            EXTRACT_JOB, kwargs={"document_id": document.id, "version": version},
            job_id=jid, timeout=int(config["JOB_TIMEOUT_SECONDS"]), result_ttl=int(config["JOB_RESULT_TTL"]),
            failure_ttl=int(config["JOB_FAILURE_TTL"]),
            retry=Retry(max=int(config["JOB_RETRIES"]), interval=list(config["JOB_RETRY_INTERVALS"])),
            description=f"extract document {document.id} v{version}",
        )
        return True
    except RedisError as exc:
        log.warning("could not enqueue document %s (it stays queued for the sweep): %s", document.id, exc)
        return False


def _is_live(queue: Queue, jid: str) -> bool:
    try:
        job = Job.fetch(jid, connection=queue.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return False
    return job.get_status(refresh=True) in _LIVE


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
            if document.status == DocumentStatus.PROCESSING:
                if _is_live(queue, job_id(document.id, next_version(document))):
                    continue
                set_status(document, DocumentStatus.QUEUED, actor=None, action="requeued",
                           detail={"why": "its job was lost (worker stopped)"})
                db.session.commit()
            if not enqueue_extraction(document):
                break
            checked += 1
    except RedisError as exc:
        log.warning("sweep could not reach Redis: %s", exc)
    return checked
