"""Reading one uploaded document and storing what was read: the work behind the extraction job.

The job (`reviewer/jobs.py`) takes only the document's id. Here the row is read and the session closed
before the pipeline runs, in an isolated child, and the result is stored in a fresh transaction
afterwards: no ORM object is held across the long part. Bytes read before with the same settings come
from the page cache instead of being read again.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from rq import get_current_job

from reviewer.config import limits_from
from reviewer.documents.page_cache import load_pages
from reviewer.documents.persistence import check_context, record_failure, record_result, start_processing
from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from workers.errors import PipelineError
from workers.reading.pages import reader_key
from workers.runtime.isolation import analyse_one_isolated, process_isolated

log = logging.getLogger(__name__)


def extract(app: Flask, document_id: int, version: int) -> dict[str, Any]:
    """Read one document and store extraction `version` of it (from the page cache when the same bytes
    were read before with the same settings, which happens when the same file is uploaded again)."""
    try:
        limits = limits_from(app.config)
        key = reader_key(limits)
        with app.app_context():
            document = start_processing(document_id)
            if document is None:
                return {"document_id": document_id, "status": "missing"}
            if document.status == DocumentStatus.WITHDRAWN:  # taken back before a worker reached it
                return {"document_id": document_id, "status": "withdrawn"}
            ctx = check_context(document)
            # A file uploaded again has a new row with no type yet: the type its bytes were read as before,
            # with the pages cached then, saves reading them again.
            mime = document.mime or _type_read_before(document.sha256)
            cached = load_pages([document.sha256], key).get(document.sha256) if mime else None
            try:
                data = None if cached else BlobStore(app.config["STORAGE_DIR"]).get(document.sha256)
            except FileNotFoundError:
                if document.error_code != "unsupported_type":
                    raise  # a blob missing for any other reason may be a shared mount's hiccup: retried
                # A refused file deleted after its retention (reviewer/documents/retention.py) stays refused as it was.
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
        fail_if_last_try(app, document_id, exc)
        raise


def _type_read_before(sha256: str) -> str | None:
    """The type that the same bytes were read as, for another upload of them; None if never read."""
    return db.session.scalar(db.select(Document.mime).where(Document.sha256 == sha256, Document.mime.is_not(None))
                             .limit(1))


def fail_if_last_try(app: Flask, document_id: int, exc: Exception) -> None:
    """When RQ will not retry again, the document must not stay `processing`: it is marked failed."""
    job = get_current_job()
    if job is not None and (job.retries_left or 0) > 0:
        return
    log.error("document %s failed for good: %s", document_id, exc)
    with app.app_context():
        record_failure(document_id, "processing_error",
                       f"Reading stopped on an internal error ({type(exc).__name__}); staff can retry it.")
