"""One job layer: every RQ entry point lives in reviewer/jobs.py, the pipeline in workers/ imports neither
Flask nor reviewer, and jobs enqueued under the previous release's paths still run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from flask import Flask

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.queue import EXTRACT_JOB, MAIL_JOB, REPROCESS_JOB, extraction_queue
from tests.conftest import login, run_worker
from tests.test_workflow import _certificate, _upload

ROOT = Path(__file__).resolve().parent.parent

_BLOCKED_IMPORT = """
import importlib, importlib.abc, pkgutil, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("flask", "reviewer"):
            raise ImportError(f"blocked: {name}")
        return None

sys.meta_path.insert(0, Blocked())
import workers
names = [m.name for m in pkgutil.walk_packages(workers.__path__, "workers.")]
for name in names:
    importlib.import_module(name)
try:
    import reviewer
except ImportError:
    print(len(names), "imported; reviewer blocked")
"""


def test_every_workers_module_imports_with_flask_and_reviewer_blocked() -> None:
    done = subprocess.run([sys.executable, "-c", _BLOCKED_IMPORT], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    count = int(done.stdout.split()[0])
    assert count >= 40 and done.stdout.strip().endswith("reviewer blocked"), done.stdout


def test_the_queue_names_the_one_job_module() -> None:
    assert {EXTRACT_JOB, REPROCESS_JOB, MAIL_JOB} == {"reviewer.jobs.extract_document", "reviewer.jobs.reprocess_chunk",
                                                       "reviewer.jobs.send_outbound_mail"}


def test_jobs_enqueued_under_the_old_paths_still_run(app: Flask, applicant) -> None:
    """A deploy finds jobs in Redis that name workers.jobs.extract_document: each still does its work, through
    the real queue and a real worker. The mail job's old path is the same function as its new one."""
    client = app.test_client()
    login(client, applicant.email)
    queue = extraction_queue(app)
    _upload(client, [("old-path.pdf", _certificate())])
    queue.empty()  # the upload's own job, under the new path, is dropped: only the old-path job is left
    document = db.session.scalars(db.select(Document).where(Document.original_name == "old-path.pdf")).one()
    assert document.status == DocumentStatus.QUEUED
    queue.enqueue_call("workers.jobs.extract_document", kwargs={"document_id": document.id, "version": 1},
                       job_id="old-path-extract")
    run_worker(app)
    db.session.expire_all()
    read = db.session.get(Document, document.id)
    assert read.status != DocumentStatus.QUEUED and read.latest is not None
    assert read.latest.activities and read.latest.activities[0].title == "Statistical Process Control"
    assert queue.failed_job_registry.count == 0

    import reviewer.jobs
    import reviewer.mail_jobs
    assert reviewer.mail_jobs.send_outbound_mail is reviewer.jobs.send_outbound_mail


def test_a_file_uploaded_again_is_read_from_the_page_cache(app: Flask, applicant) -> None:
    """The second upload of the same bytes is a new row with no type yet; its extraction takes the pages
    cached when the first was read (its blob is not even opened: here it is gone, and reading still works)."""
    from reviewer.documents.storage import BlobStore
    from reviewer.models import CachedPage

    client = app.test_client()
    login(client, applicant.email)
    body = _certificate(title="Measurement Systems Analysis")
    _upload(client, [("first.pdf", body)])
    run_worker(app)
    first = db.session.scalars(db.select(Document).where(Document.original_name == "first.pdf")).one()
    assert first.mime == "application/pdf" and first.latest is not None
    cached_rows = db.session.scalar(db.select(db.func.count(CachedPage.id)))
    assert cached_rows >= 1
    _upload(client, [("again.pdf", body)])
    BlobStore(app.config["STORAGE_DIR"]).path_for(first.sha256).unlink()
    run_worker(app)
    db.session.expire_all()
    again = db.session.scalars(db.select(Document).where(Document.original_name == "again.pdf")).one()
    assert again.sha256 == first.sha256 and again.id != first.id
    assert again.error_code is None and again.latest is not None, again.error_message
    assert again.latest.activities[0].title == "Measurement Systems Analysis"
    assert db.session.scalar(db.select(db.func.count(CachedPage.id))) == cached_rows
