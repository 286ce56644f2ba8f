"""The two ends of a resubmission: the request (a document whose decision asked for a new file) and the
answer (the document sent in reply, `resubmission_of_id` → the request). Both pages show the other."""

from __future__ import annotations

from typing import Any

from reviewer.extensions import db
from reviewer.models import Document, ReviewDecision


def resubmission_links(document: Document) -> dict[str, Any]:
    """`answer`: the document that answered this one's request, if any; `request`: the document whose
    request this one answers, with `request_note`, what staff asked for."""
    answer = db.session.scalars(db.select(Document).where(Document.resubmission_of_id == document.id)
                                .order_by(Document.id).limit(1)).first()
    request = db.session.get(Document, document.resubmission_of_id) if document.resubmission_of_id else None
    note = None
    if request is not None:
        note = db.session.scalar(db.select(ReviewDecision.note).where(
            ReviewDecision.document_id == request.id, ReviewDecision.outcome == "request_resubmission")
            .order_by(ReviewDecision.id.desc()).limit(1))
    return {"answer": answer, "request": request, "request_note": note}
