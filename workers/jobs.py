"""Thin RQ entry points. They take ids, load bytes, call the pipeline and hand the Result to reviewer.

No ORM object is held across the long part: the document is read and the session closed before the
pipeline runs, and the result is stored in a fresh transaction afterwards. Keyword arguments have
defaults, so jobs already in Redis still run after a deploy that adds one.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, has_app_context
from rq import get_current_job

from workers.errors import PipelineError
from workers.runtime.isolation import analyse_one_isolated, process_isolated
from workers.reading.pages import reader_key

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


def extract_document(document_id: int, version: int = 1) -> dict[str, Any]:
    """Read one document and store extraction `version` of it (from the page cache when the same bytes
    were read before with the same settings, which happens when the same file is uploaded again)."""
    from reviewer.config import limits_from
    from reviewer.extensions import db
    from reviewer.page_cache import load_pages
    from reviewer.persistence import check_context, record_failure, record_result, start_processing
    from reviewer.storage import BlobStore

    app = _app()
    try:
        limits = limits_from(app.config)
        key = reader_key(limits)
        with app.app_context():
            document = start_processing(document_id)
            if document is None:
                return {"document_id": document_id, "status": "missing"}
            ctx = check_context(document)
            cached = load_pages([document.sha256], key).get(document.sha256) if document.mime else None
            mime = document.mime
            try:
                data = None if cached else BlobStore(app.config["STORAGE_DIR"]).get(document.sha256)
            except FileNotFoundError:
                if document.error_code != "unsupported_type":
                    raise  # a blob missing for any other reason may be a shared mount's hiccup: retried
                # A refused file deleted after its retention (reviewer/retention.py) stays refused as it was.
                record_failure(document_id, document.error_code, document.error_message or "")
                return {"document_id": document_id, "status": "failed", "code": document.error_code}
            db.session.remove()
        try:
            if cached:
                result = analyse_one_isolated(cached, str(mime), ctx, limits)
            else:
                result = process_isolated(data or b"", limits, ctx)
        except PipelineError as exc:
            with app.app_context():
                record_failure(document_id, exc.code, exc.message)
            return {"document_id": document_id, "status": "failed", "code": exc.code}
        with app.app_context():
            recorded = record_result(document_id, version, result, key)
            return {"document_id": document_id, "status": "ok",
                    "extraction_id": recorded.extraction.id if recorded else None}
    except Exception as exc:
        _fail_if_last_try(app, document_id, exc)
        raise


def reprocess_chunk(batch_id: int, chunk: int) -> dict[str, Any]:
    """Run one chunk of a re-processing batch (see reviewer/reprocessing.py)."""
    from reviewer.reprocessing import run_chunk
    return run_chunk(_app(), batch_id, chunk)


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
