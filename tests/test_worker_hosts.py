"""Two workers on two hosts, sharing only Redis, the database and the storage directory: when one host dies
in the middle of a job, the other notices from Redis alone (no process id to check across machines) and
finishes the document within about WORKER_TTL plus a sweep interval, not RQ's 90 s or more."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq.job import Job
from rq.serializers import JSONSerializer
from rq.worker import Worker

from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.queue import job_id
from tests.conftest import SAMPLES, csrf_from, login
from tests.test_worker_killed import _children


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`: the sweeper, the scheduler, the work horse and its isolated reader."""
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _kill_host(process: subprocess.Popen[bytes]) -> None:
    """What a power cut does to a host: every process of the worker ends at once, with no goodbye to Redis.
    (The work horse runs in its own process group, so a group kill alone would miss it.)"""
    for pid in [process.pid, *_descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=10)


def _status(document_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Document, document_id).status


@pytest.mark.slow
def test_a_peer_on_another_host_finishes_a_dead_hosts_document(app: Flask, applicant, tmp_path: Path) -> None:
    client = app.test_client()
    login(client, applicant.email)
    slow = (SAMPLES / "29_cover_and_certificate_image_pdf.pdf").read_bytes()  # two OCR pages
    base = {"DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]), "REDIS_URL": app.config["REDIS_URL"],
            "REVIEWER_STORAGE_DIR": app.config["STORAGE_DIR"], "REVIEWER_SWEEP_INTERVAL": "2",
            "REVIEWER_WORKER_TTL": "20", "REVIEWER_AUDIT_SAMPLE_RATE": "0", "PYTHONUNBUFFERED": "1"}
    logs = {host: (tmp_path / f"{host}.log").open("wb") for host in ("host-a", "host-b")}
    workers = {host: subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"],
                                      env=child_env(**base, REVIEWER_HOSTNAME=host), stdout=log, stderr=log)
               for host, log in logs.items()}
    redis = Redis.from_url(app.config["REDIS_URL"])
    try:
        deadline = time.monotonic() + 60
        while len(Worker.all(connection=redis)) < 2:
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.1)
        client.post("/documents", content_type="multipart/form-data",
                    data={"csrf_token": csrf_from(client, "/"), "files": [(io.BytesIO(slow), "slow.pdf")]})
        document_id = db.session.scalars(db.select(Document.id)).one()
        jid = job_id(document_id, 1)
        deadline = time.monotonic() + 60
        holder = None
        while holder is None:
            assert time.monotonic() < deadline, "the job never started"
            job = Job.fetch(jid, connection=redis, serializer=JSONSerializer)
            if job.worker_name and _status(document_id) == DocumentStatus.PROCESSING:
                holder = redis.hget(Worker.redis_worker_namespace_prefix + job.worker_name, "hostname")
            time.sleep(0.05)
        dead, alive = ("host-a", "host-b") if holder == b"host-a" else ("host-b", "host-a")
        _kill_host(workers[dead])
        killed_at = time.monotonic()
        while _status(document_id) in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING):
            assert time.monotonic() < killed_at + 60, f"{alive} never took over the dead host's document"
            time.sleep(0.25)
        took = time.monotonic() - killed_at
        assert _status(document_id) in (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
        finisher = Job.fetch(jid, connection=redis, serializer=JSONSerializer).worker_name
        assert redis.hget(Worker.redis_worker_namespace_prefix + str(finisher), "hostname") == alive.encode()
        document = db.session.get(Document, document_id)
        assert [e.version for e in document.extractions] == [1]
        # Noticed from Redis: the dead worker's record expired (≤ 20 s), the sweep ran (≤ 2 s), then two
        # pages of OCR on a shared two-core machine.
        assert took < 45, f"took {took:.1f} s"
        print(f"{alive} finished {dead}'s document {took:.1f} s after {dead} died")
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        for log in logs.values():
            log.close()
