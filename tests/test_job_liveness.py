"""How the sweep decides that a job will still run: retries nobody is moving, workers on other hosts, and
the worker record's lifetime that a sweep on another host depends on."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime, timedelta

from flask import Flask
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from rq.worker import Worker

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus
from reviewer.queue import _is_live, _worker_alive, extraction_queue, job_id, this_host
from reviewer.review.decisions import set_status
from reviewer.service.sweep import sweep
from reviewer.service.worker import make_worker
from tests.conftest import csrf_from, login
from tests.test_workflow import _certificate


def _processing_with_retry_due(app: Flask, applicant, due: datetime) -> tuple[int, str]:
    """An uploaded document whose first run failed and whose retry is scheduled for `due`."""
    client = app.test_client()
    login(client, applicant.email)
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": csrf_from(client, "/"), "files": [(io.BytesIO(_certificate()), "a.pdf")]})
    document = db.session.scalars(db.select(Document)).one()
    set_status(document, DocumentStatus.PROCESSING, None, "processing_started")
    db.session.commit()
    queue = extraction_queue()
    jid = job_id(document.id, 1)
    job = Job.fetch(jid, connection=queue.connection, serializer=JSONSerializer)
    queue.remove(job)
    queue.schedule_job(job, due)
    assert job.get_status(refresh=True) == JobStatus.SCHEDULED
    return document.id, jid


def test_an_overdue_retry_nobody_moves_is_sent_again(app: Flask, applicant) -> None:
    document_id, jid = _processing_with_retry_due(app, applicant, datetime.now(UTC) - timedelta(minutes=5))
    queue = extraction_queue()
    assert not _is_live(queue, jid)
    sweep()
    assert db.session.get(Document, document_id).status == DocumentStatus.QUEUED
    assert queue.get_job_ids() == [jid]
    assert jid not in queue.scheduled_job_registry.get_job_ids()  # a scheduler coming back cannot send it twice


def test_a_retry_not_long_due_is_left_to_the_scheduler(app: Flask, applicant) -> None:
    app.config["SCHEDULED_GRACE_SECONDS"] = 60
    document_id, jid = _processing_with_retry_due(app, applicant, datetime.now(UTC) - timedelta(seconds=5))
    assert _is_live(extraction_queue(), jid)
    sweep()
    assert db.session.get(Document, document_id).status == DocumentStatus.PROCESSING
    assert extraction_queue().get_job_ids() == []


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_worker_on_another_host_is_alive_until_its_record_expires(app: Flask) -> None:
    connection = extraction_queue().connection
    key = Worker.redis_worker_namespace_prefix + "peer"
    connection.hset(key, mapping={"pid": _dead_pid(), "hostname": "elsewhere"})
    assert _worker_alive(connection, "peer")  # its pid means nothing here
    app.config["WORKER_HOSTNAME"] = "elsewhere"
    assert not _worker_alive(connection, "peer")  # same host: the pid is checked
    app.config["WORKER_HOSTNAME"] = None
    connection.hset(key, "hostname", this_host())
    assert not _worker_alive(connection, "peer")
    connection.delete(key)
    assert not _worker_alive(connection, "peer")


def test_the_worker_record_lives_worker_ttl_seconds(app: Flask) -> None:
    app.config.update(WORKER_TTL=20, WORKER_HOSTNAME="host-a")
    worker = make_worker(extraction_queue(), app.config)
    assert (worker.worker_ttl, worker.job_monitoring_interval, worker.hostname) == (20, 5, "host-a")
    worker.register_birth()
    try:
        worker.heartbeat(90)  # what RQ asks for in the middle of a job
        assert 0 < worker.connection.ttl(worker.key) <= 20
        assert worker.connection.hget(worker.key, "hostname") == b"host-a"
    finally:
        worker.register_death()


def test_a_job_that_finishes_while_the_sweep_looks_keeps_its_outcome(app: Flask, applicant, monkeypatch) -> None:
    # The sweep reads the unfinished documents, then asks Redis about their jobs; a job that finishes in
    # between must not have its accepted document set back to queued (it would wait for ever: a decided
    # document's next reading keeps the status it finds).
    document_id, jid = _processing_with_retry_due(app, applicant, datetime.now(UTC) - timedelta(minutes=5))
    import reviewer.service.sweep as sweep_module

    def finished_meanwhile(queue, job_name: str) -> bool:
        with db.engine.begin() as other:  # the worker's own transaction, committed first
            other.execute(db.update(Document).where(Document.id == document_id)
                          .values(status=DocumentStatus.ACCEPTED, state_version=Document.state_version + 1))
        return False

    monkeypatch.setattr(sweep_module, "_is_live", finished_meanwhile)
    sweep()
    db.session.expire_all()
    assert db.session.get(Document, document_id).status == DocumentStatus.ACCEPTED
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == document_id))]
    assert "requeued" not in actions
