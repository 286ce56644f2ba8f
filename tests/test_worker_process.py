"""`reviewer worker` as it runs in production: a separate process with RQ's forking Worker."""

from __future__ import annotations

import io
import subprocess
import sys

from flask import Flask

from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from tests.conftest import csrf_from, login
from tests.test_workflow import _certificate


def test_forking_worker_process_reads_queued_documents(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    token = csrf_from(client, "/")
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": token, "files": [(io.BytesIO(_certificate()), "a.pdf"),
                                                     (io.BytesIO(_certificate(name="Bob Stone")), "b.pdf")]})
    db.session.remove()
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_AUDIT_SAMPLE_RATE="0")
    done = subprocess.run([sys.executable, "-m", "reviewer.cli", "worker", "--burst"], env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    statuses = dict(db.session.execute(db.select(Document.original_name, Document.status)).all())
    assert statuses == {"a.pdf": DocumentStatus.ACCEPTED, "b.pdf": DocumentStatus.NEEDS_REVIEW}


def test_requeue_command_sweeps(app: Flask, applicant) -> None:
    from reviewer.cli.commands import requeue_command
    result = app.test_cli_runner().invoke(requeue_command, [])
    assert result.exit_code == 0 and "swept 0 document(s)" in result.output
