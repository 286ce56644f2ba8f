"""How long the file of a refused non-document is kept.

An HTML page or an SVG sent as evidence is kept at first (the applicant and staff can see what was
sent), but it is not evidence and there is no reason to hold it for ever. After REFUSED_RETENTION_DAYS
the periodic sweep (`reviewer requeue`) deletes its blob. The document row and its audit trail stay, with
a `blob_purged` event, so the record of what was sent and refused is never lost; only the bytes go.

Blobs are content-addressed, so one blob may back several documents. It is deleted only when every
document that uses it is itself an expired refusal, checked again after the blob is moved aside
(`BlobStore.discard`), so an upload of the same bytes on another host at that moment keeps it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, exists, not_
from sqlalchemy.orm import aliased

from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus
from reviewer.models.base import utcnow
from reviewer.review.decisions import audit

PURGED = "blob_purged"
# Blobs looked at per sweep: a backlog after a long pause is cleared over a few sweeps, not in one.
_PER_SWEEP = 200


def _expired(document: Any, cutoff: datetime) -> ColumnElement[bool]:
    """SQL: `document` (the Document entity or an alias of it) is a refused non-document older than the
    retention period."""
    return and_(document.status == DocumentStatus.FAILED, document.error_code == "unsupported_type",
                document.uploaded_at < cutoff)


def _purged() -> ColumnElement[bool]:
    return exists().where(AuditEvent.document_id == Document.id, AuditEvent.action == PURGED)


def _in_use(sha256: str, cutoff: datetime) -> bool:
    """Whether any document that is not an expired refusal uses this blob."""
    return db.session.scalar(db.select(Document.id).where(Document.sha256 == sha256,
                                                          not_(_expired(Document, cutoff))).limit(1)) is not None


def purge_refused_blobs(now: datetime | None = None) -> int:
    """Delete the blobs of refused non-documents past their retention; return how many blobs went.

    Every expired document of a deleted blob gets one `blob_purged` audit event (by the system).
    """
    days = int(current_app.config.get("REFUSED_RETENTION_DAYS") or 0)
    if days <= 0:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=days)
    other = aliased(Document)
    shas = db.session.scalars(
        db.select(Document.sha256).where(_expired(Document, cutoff), not_(_purged()),
                                         not_(exists().where(other.sha256 == Document.sha256,
                                                             not_(_expired(other, cutoff)))))
        .distinct().limit(_PER_SWEEP)).all()
    store = BlobStore(current_app.config["STORAGE_DIR"])
    purged = 0
    for sha256 in shas:
        db.session.commit()  # the last check below must see uploads committed since (a fresh snapshot)
        if not store.discard(sha256, partial(_in_use, sha256, cutoff)):
            continue
        purged += 1
        for document in db.session.scalars(db.select(Document).where(Document.sha256 == sha256,
                                                                     _expired(Document, cutoff), not_(_purged()))):
            audit(document, None, PURGED, {"sha256": sha256, "retention_days": days})
        db.session.commit()
    return purged


def blob_purged(document: Document) -> bool:
    """Whether this document's file was deleted by the retention sweep (its pages say so instead)."""
    return db.session.scalar(db.select(AuditEvent.id).where(AuditEvent.document_id == document.id,
                                                            AuditEvent.action == PURGED).limit(1)) is not None
