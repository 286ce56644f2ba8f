"""A worker's work horse killed with SIGKILL in the middle of a job: the document is retried and ends
in a final state, through RQ's handling of a dead horse plus its Retry, with no manual step."""

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

from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from tests.conftest import SAMPLES, csrf_from, login


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _status(name: str) -> str:
    db.session.expire_all()
    return db.session.scalars(db.select(Document.status).where(Document.original_name == name)).one()


@pytest.mark.slow
def test_killed_work_horse_is_retried_and_completes(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    token = csrf_from(client, "/")
    slow = (SAMPLES / "29_cover_and_certificate_image_pdf.pdf").read_bytes()  # two OCR pages
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": token, "files": [(io.BytesIO(slow), "slow.pdf")]})
    db.session.remove()
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_JOB_RETRY_INTERVALS="1",
                    REVIEWER_SWEEP_INTERVAL="2")
    worker = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        horse = None
        while time.monotonic() < deadline and horse is None:
            if _status("slow.pdf") == DocumentStatus.PROCESSING:
                # The horse is the worker's child that has a child of its own (the isolated reader).
                horse = next((c for c in _children(worker.pid) if _children(c)), None)
            time.sleep(0.05)
        assert horse is not None, "the job never started"
        os.kill(horse, signal.SIGKILL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _status("slow.pdf") in (DocumentStatus.QUEUED,
                                                                      DocumentStatus.PROCESSING):
            time.sleep(0.5)
        assert _status("slow.pdf") in (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
        doc = db.session.scalars(db.select(Document).where(Document.original_name == "slow.pdf")).one()
        assert [e.version for e in doc.extractions] == [1]
        from rq.job import Job
        from rq.serializers import JSONSerializer

        from reviewer.queue import job_id, redis_connection
        job = Job.fetch(job_id(doc.id, 1), connection=redis_connection(app), serializer=JSONSerializer)
        assert job.retries_left == app.config["JOB_RETRIES"] - 1  # the killed run counted as one failure
    finally:
        worker.terminate()
        worker.wait(timeout=30)
