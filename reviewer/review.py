"""The state machine of a document and its decisions, with an append-only audit trail.

Every status change goes through `set_status`, which writes the audit event in the same transaction,
so the history can be trusted: nothing changes without a row saying who changed it.
"""

from __future__ import annotations

from typing import Any

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, Extraction, ReviewDecision, User
from reviewer.models.review import OUTCOMES, REJECT_REASONS


class DecisionError(ValueError):
    """A decision that cannot be taken, with a message staff can read."""


_OUTCOME_STATUS = {
    "accept": DocumentStatus.ACCEPTED,
    "reject": DocumentStatus.REJECTED,
    "request_resubmission": DocumentStatus.RESUBMISSION_REQUESTED,
}
DECIDABLE = {DocumentStatus.NEEDS_REVIEW, DocumentStatus.ACCEPTED, DocumentStatus.REJECTED,
             DocumentStatus.RESUBMISSION_REQUESTED}


def audit(document: Document | None, actor: User | None, action: str, detail: dict[str, Any] | None = None,
          from_status: str | None = None, to_status: str | None = None) -> AuditEvent:
    event = AuditEvent(document_id=document.id if document else None, actor_id=actor.id if actor else None,
                       action=action, from_status=from_status, to_status=to_status, detail=detail or {})
    db.session.add(event)
    return event


def set_status(document: Document, status: str, actor: User | None, action: str,
               detail: dict[str, Any] | None = None) -> None:
    """Change a document's status and record it (the caller commits)."""
    before = document.status
    document.status = status
    audit(document, actor, action, detail, from_status=before, to_status=status)


def current_decision(document: Document) -> ReviewDecision | None:
    return db.session.scalars(db.select(ReviewDecision).where(ReviewDecision.document_id == document.id)
                              .order_by(ReviewDecision.id.desc()).limit(1)).first()


def counted_extraction(document: Document) -> Extraction | None:
    """The extraction that stands for a document: the one its decision was made on, else the latest."""
    decision = current_decision(document)
    if decision is not None and decision.extraction is not None:
        return decision.extraction
    return document.latest


def decide(document: Document, outcome: str, reviewer: User | None, reason: str | None = None,
           note: str = "", automatic: bool = False, extraction: Extraction | None = None) -> ReviewDecision:
    """Record a decision (a new row even when it changes an earlier one) and move the document.

    The decision is made on one extraction (by default the latest, which is what staff were shown): that
    one counts toward the applicant's progress until someone decides again, whatever re-processing adds.
    """
    if outcome not in OUTCOMES:
        raise DecisionError(f"Unknown outcome {outcome!r}; use accept, reject or request_resubmission.")
    if outcome == "reject" and reason not in REJECT_REASONS:
        raise DecisionError("A rejection needs a reason code: " + ", ".join(REJECT_REASONS) + ".")
    if document.status not in DECIDABLE:
        raise DecisionError(f"Document {document.id} is {document.status}; it can be decided once it is read.")
    previous = current_decision(document)
    extraction = extraction or document.latest
    decision = ReviewDecision(document_id=document.id, extraction_id=extraction.id if extraction else None,
                              outcome=outcome, reason=reason, note=note.strip()[:2000],
                              reviewer_id=reviewer.id if reviewer else None)
    db.session.add(decision)
    document.changed_since_decision = False
    action = "auto_accepted" if automatic else ("decision_changed" if previous else "decided")
    set_status(document, _OUTCOME_STATUS[outcome], reviewer, action,
               {"outcome": outcome, "reason": reason, "note": decision.note,
                "previous": previous.outcome if previous else None})
    return decision
