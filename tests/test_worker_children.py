"""Issue 27, items 8 and 9: a worker's children end with it, and its logs say when and how bad.

Killing only a worker's main process used to leave its work horse and its sweeper running with parent 1:
the sweeper for ever, the horse finishing a document another host's sweep had sent again. Worker and
sweeper log lines had no date and no level, and a recovery by the sweep was not logged at all.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis

from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.service.logs import configure_logging
from reviewer.service.sweep import sweep
from tests.conftest import SAMPLES, csrf_from, login
from tests.test_worker_killed import _children, _status


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.slow
def test_killing_the_worker_alone_ends_its_horse_and_its_sweeper(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    slow = (SAMPLES / "29_cover_and_certificate_image_pdf.pdf").read_bytes()  # two OCR pages
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": csrf_from(client, "/"), "files": [(io.BytesIO(slow), "slow.pdf")]})
    db.session.remove()
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_SWEEP_INTERVAL="60")
    worker = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        horse = sweeper = None
        while time.monotonic() < deadline and not (horse and sweeper):
            children = _children(worker.pid)
            sweeper = next((c for c in children if "requeue" in _cmdline(c)), None)
            if _status("slow.pdf") == DocumentStatus.PROCESSING:
                horse = next((c for c in children if _children(c)), None)  # it has the isolated reader
            time.sleep(0.05)
        assert horse and sweeper, "the job never started"
        family = [horse, sweeper, *_children(horse)]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in family):
            time.sleep(0.1)
        assert [pid for pid in family if _alive(pid)] == [], [_cmdline(pid) for pid in family if _alive(pid)]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)


def test_the_sweep_logs_each_document_it_recovers(app: Flask, applicant, caplog: pytest.LogCaptureFixture) -> None:
    client = app.test_client()
    login(client, applicant.email)
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": csrf_from(client, "/"),
                      "files": [(io.BytesIO((SAMPLES / "01_certificate_text_pdf.pdf").read_bytes()), "c.pdf")]})
    Redis.from_url(app.config["REDIS_URL"]).flushdb()  # as if Redis had been down when it was stored
    with caplog.at_level(logging.WARNING, logger="reviewer.service.sweep"):
        assert sweep() == 1
        assert sweep() == 1  # its job is live now: nothing more to recover
    doc_id = db.session.scalars(db.select(Document.id).where(Document.original_name == "c.pdf")).one()
    assert [r.getMessage() for r in caplog.records] == [
        f"sweep: document {doc_id} was queued with no job (Redis was unreachable when it was stored); sent now"]


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_log_lines_carry_time_and_level(log_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = list(logging.getLogger().handlers), logging.getLogger().level
    try:
        configure_logging(log_format)
        logging.getLogger("reviewer.service.sweep").warning("sweep: document %s lost its job", 7)
    finally:
        root = logging.getLogger()
        root.handlers[:], _ = before[0], root.setLevel(before[1])
    line = capsys.readouterr().err.strip().splitlines()[-1]
    if log_format == "json":
        entry = json.loads(line)
        assert entry["level"] == "WARNING" and entry["logger"] == "reviewer.service.sweep"
        assert entry["message"] == "sweep: document 7 lost its job" and entry["time"][:2] == "20"
    else:
        stamp, level, rest = line.split(" ", 2)
        assert stamp[:2] == "20" and "T" in stamp and level == "WARNING"
        assert rest.startswith("reviewer.service.sweep[") and rest.endswith("]: sweep: document 7 lost its job")
