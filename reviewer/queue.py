"""The one place that enqueues work: job ids, timeouts, TTLs, retries and the JSON serializer.

The database is the record of truth. A document is committed as `queued` before anything is sent to
Redis; if Redis is down the enqueue quietly fails and the sweep (run by `reviewer worker` at start and
every minute, and by `reviewer requeue`) sends it later. Job ids are derived from the document and its
extraction version (re-processing: the batch and chunk), so enqueueing twice never runs the same work twice.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.intermediate_queue import IntermediateQueue
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from rq.worker import Worker

from reviewer.models import Document

log = logging.getLogger(__name__)

QUEUE_NAME = "extraction"
MAIL_QUEUE_NAME = "mail"  # workers take it first: a message never waits behind an OCR backlog
EXTRACT_JOB = "reviewer.jobs.extract_document"
REPROCESS_JOB = "reviewer.jobs.reprocess_chunk"
MAIL_JOB = "reviewer.jobs.send_outbound_mail"
PROBE_TIMEOUT_SECONDS = 2.0
_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def redis_connection(app: Flask | None = None) -> Redis:
    app = app or current_app
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=10)


def probe_connection(app: Flask | None = None) -> Redis:
    """A connection for readiness probes and metric scrapes: short timeouts and no retries, so an outage
    answers in seconds (the queue's own connection waits 10 s, and the client retries)."""
    app = app or current_app
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
                          socket_timeout=PROBE_TIMEOUT_SECONDS, retry=RedisRetry(NoBackoff(), 0))


def extraction_queue(app: Flask | None = None) -> Queue:
    app = app or current_app
    return Queue(QUEUE_NAME, connection=redis_connection(app), serializer=JSONSerializer)


def mail_queue(app: Flask | None = None) -> Queue:
    app = app or current_app
    return Queue(MAIL_QUEUE_NAME, connection=redis_connection(app), serializer=JSONSerializer)


def job_id(document_id: int, version: int) -> str:
    return f"extract-{document_id}-v{version}"


def next_version(document: Document) -> int:
    return (document.latest.version + 1) if document.latest else 1


def chunk_job_id(batch_id: int, chunk: int) -> str:
    return f"reprocess-{batch_id}-c{chunk}"


def _enqueue(jid: str, func: str, kwargs: dict[str, Any], timeout: int, description: str,
             retry: bool = True, queue: Queue | None = None) -> bool:
    """Enqueue once per job id with the shared settings. False (and logged) when Redis is unreachable."""
    config = current_app.config
    try:
        queue = queue or extraction_queue()
        if _is_live(queue, jid):
            return True
        queue.connection.lrem(IntermediateQueue.get_intermediate_queue_key(queue.key), 0, jid)
        queue.scheduled_job_registry.remove(jid)  # an overdue retry: a scheduler coming back must not send it too
        queue.enqueue_call(
            func, kwargs=kwargs, job_id=jid, timeout=timeout, result_ttl=int(config["JOB_RESULT_TTL"]),
            failure_ttl=int(config["JOB_FAILURE_TTL"]),
            retry=(Retry(max=int(config["JOB_RETRIES"]), interval=list(config["JOB_RETRY_INTERVALS"]))
                   if retry else None),
            description=description,
        )
        return True
    except RedisError as exc:
        log.warning("could not enqueue %s (the sweep sends it later): %s", jid, exc)
        return False


def enqueue_extraction(document: Document) -> bool:
    """Send a document's next extraction to the workers."""
    version = next_version(document)
    return _enqueue(job_id(document.id, version), EXTRACT_JOB, {"document_id": document.id, "version": version},
                    int(current_app.config["JOB_TIMEOUT_SECONDS"]), f"extract document {document.id} v{version}")


def enqueue_chunk(batch_id: int, chunk: int, size: int) -> bool:
    """Send one chunk of a re-processing batch. Its budget covers every document in it being read afresh."""
    return _enqueue(chunk_job_id(batch_id, chunk), REPROCESS_JOB, {"batch_id": batch_id, "chunk": chunk},
                    int(current_app.config["JOB_TIMEOUT_SECONDS"]) * max(1, size),
                    f"re-process batch {batch_id} chunk {chunk}")


def mail_job_id(mail_id: int) -> str:
    return f"mail-{mail_id}"


def enqueue_mail(mail_id: int) -> bool:
    """Send one outbox row, on the mail queue. No RQ retry: the outbox row counts the attempts and the
    sweep sends it again after its backoff (reviewer/mail/outbox.py)."""
    timeout = 3 * int(current_app.config["MAIL_TIMEOUT_SECONDS"]) + 30
    return _enqueue(mail_job_id(mail_id), MAIL_JOB, {"mail_id": mail_id}, timeout, f"send mail {mail_id}",
                    retry=False, queue=mail_queue())


def drop_jobs(job_ids: list[str]) -> int:
    """Take jobs that have not started off the queue (a cancelled batch); return how many were dropped."""
    dropped = 0
    try:
        queue = extraction_queue()
        for jid in job_ids:
            try:
                job = Job.fetch(jid, connection=queue.connection, serializer=JSONSerializer)
            except NoSuchJobError:
                continue
            if job.get_status(refresh=True) in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
                job.cancel()
                job.delete()
                dropped += 1
    except RedisError as exc:
        log.warning("could not drop jobs (their chunks see the batch is cancelled and stop): %s", exc)
    return dropped


def is_live(jid: str) -> bool:
    """Whether a job will still run (see `_is_live`). Unknown, and so True, when Redis is unreachable."""
    try:
        return _is_live(extraction_queue(), jid)
    except RedisError:
        return True


def _is_live(queue: Queue, jid: str) -> bool:
    """Whether a job will still run: waiting (on the queue, or for a retry time not long past), or started
    by a worker that is still alive."""
    try:
        job = Job.fetch(jid, connection=queue.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=True)
    if status == JobStatus.STARTED:
        return _worker_alive(queue.connection, job.worker_name)
    if status == JobStatus.QUEUED and queue.connection.lpos(queue.key, jid) is None:
        # Taken off the queue by a worker that never started it (killed in between): RQ would only
        # notice at its next maintenance, minutes later. A live worker starts it within milliseconds,
        # and running a job twice is harmless (ids per document version), so it counts as lost.
        return False
    if status == JobStatus.SCHEDULED:
        return _retry_on_time(queue, jid)
    return status in _LIVE


def _retry_on_time(queue: Queue, jid: str) -> bool:
    """A retry waits in the scheduled registry until a worker's scheduler moves it to the queue. One whose
    time passed more than SCHEDULED_GRACE_SECONDS ago has nobody moving it (RQ's scheduler process dies with
    a Redis restart and RQ restarts it only at its 10-minute maintenance; ours comes back within a
    heartbeat, see reviewer/service/worker.py), so it counts as lost, like a job no worker holds."""
    try:
        due = queue.scheduled_job_registry.get_scheduled_time(jid)
    except NoSuchJobError:
        return False
    overdue = (datetime.now(UTC) - due).total_seconds()
    return overdue <= int(current_app.config["SCHEDULED_GRACE_SECONDS"])


def this_host(config: Any = None) -> str:
    """The host name our workers report and our sweeps compare (WORKER_HOSTNAME, else the machine's)."""
    config = current_app.config if config is None else config
    return str(config.get("WORKER_HOSTNAME") or socket.gethostname())


def _worker_alive(connection: Redis, name: str | None) -> bool:
    """A started job's worker is dead when its Redis record has expired (WORKER_TTL after its last
    heartbeat, which is all a sweep on another host can see), or, sooner, when it ran on this host and its
    process is gone (a SIGKILLed worker)."""
    if not name:
        return True
    pid, host = connection.hmget(Worker.redis_worker_namespace_prefix + name, "pid", "hostname")
    if pid is None:
        return False
    if host is not None and host.decode() == this_host():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return True
