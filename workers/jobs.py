"""Thin RQ entry points. They take ids, load bytes, call the pipeline and hand the Result to reviewer.

No ORM object is held across the long part: the document is read and the session closed before the
pipeline runs, and the result is stored in a fresh transaction afterwards. Keyword arguments have
defaults, so jobs already in Redis still run after a deploy that adds one.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Flask, current_app, has_app_context
from rq import get_current_job

from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.isolation import process_isolated

log = logging.getLogger(__name__)
_worker_app: Flask | None = None


def _app() -> Flask:
    """The app of the current context (tests, SimpleWorker), or one made once per worker process."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        from reviewer import create_app
        _worker_app = create_app()
    return _worker_app


def _check_context(document: Any) -> CheckContext:
    """The applicant and window the document is checked against: the applicant's cycle, if any."""
    cycle = document.cycle
    if cycle is not None:
        return CheckContext(as_of=cycle.window_end, window_years=cycle.program.window_years,
                            applicant=document.applicant.name)
    return CheckContext(as_of=date.today(), window_years=3, applicant=document.applicant.name)


def extract_document(document_id: int, version: int = 1) -> dict[str, Any]:
    """Read one document and store extraction `version` of it."""
    from reviewer.config import limits_from
    from reviewer.extensions import db
    from reviewer.persistence import record_failure, record_result, start_processing
    from reviewer.storage import BlobStore

    app = _app()
    try:
        with app.app_context():
            document = start_processing(document_id)
            if document is None:
                return {"document_id": document_id, "status": "missing"}
            data = BlobStore(app.config["STORAGE_DIR"]).get(document.sha256)
            ctx = _check_context(document)
            limits = limits_from(app.config)
            db.session.remove()
        try:
            result = process_isolated(data, limits, ctx)
        except PipelineError as exc:
            with app.app_context():
                record_failure(document_id, exc.code, exc.message)
            return {"document_id": document_id, "status": "failed", "code": exc.code}
        with app.app_context():
            extraction = record_result(document_id, version, result)
            return {"document_id": document_id, "status": "ok",
                    "extraction_id": extraction.id if extraction else None}
    except Exception as exc:
        _fail_if_last_try(app, document_id, exc)
        raise


def _fail_if_last_try(app: Flask, document_id: int, exc: Exception) -> None:
    """When RQ will not retry again, the document must not stay `processing`: it is marked failed."""
    job = get_current_job()
    if job is not None and (job.retries_left or 0) > 0:
        return
    log.error("document %s failed for good: %s", document_id, exc)
    with app.app_context():
        from reviewer.persistence import record_failure
        record_failure(document_id, "processing_error",
                       f"Reading stopped on an internal error ({type(exc).__name__}); staff can retry it.")
