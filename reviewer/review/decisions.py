"""The state machine of a document and its decisions, with an append-only audit trail.

Every status change goes through `set_status`, which writes the audit event in the same transaction,
so the history can be trusted: nothing changes without a row saying who changed it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from reviewer.extensions import db
from reviewer.mail.notifications import decided
from reviewer.models import AuditEvent, Document, DocumentStatus, Extraction, ReviewDecision, User
from reviewer.models.base import changed_rows
from reviewer.models.review import OUTCOMES
from reviewer.programs.progress import recompute as recompute_cycle
from reviewer.review.claims import ClaimedElsewhere, ensure_free
from workers.flags import REJECT_REASONS


class DecisionError(ValueError):
    """A decision that cannot be taken, with a message staff can read."""


class StaleDecision(DecisionError):
    """The document changed (someone decided, or it was read again) after the page the decision was made
    on was loaded. Nothing was recorded; `by` names who changed it, when a person did."""

    def __init__(self, message: str, by: str | None) -> None:
        super().__init__(message)
        self.by = by


class RepeatedDecision(DecisionError):
    """The decision asked for is the one that stands (same outcome, reason and note, nothing changed since):
    it is not recorded again and no mail goes out. Back then `a`, or two people accepting the same document,
    end here. `standing` is the decision that stands."""

    def __init__(self, message: str, standing: ReviewDecision) -> None:
        super().__init__(message)
        self.standing = standing


class HeldByOther(DecisionError):
    """Someone else holds the document (reviewer.review.claims); nothing was recorded."""


MAX_NOTE_LENGTH = 2000


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
    document.state_version = (document.state_version or 0) + 1
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


def validate_decision(outcome: object, reason: object, note: object) -> tuple[str, str | None, str]:
    """The three fields as sent by a form or a script, checked before anything is stored."""
    if not isinstance(outcome, str) or outcome not in OUTCOMES:
        raise DecisionError("Unknown outcome; use accept, reject or request_resubmission.")
    if reason in (None, ""):
        reason = None
    elif not isinstance(reason, str) or reason not in REJECT_REASONS:
        raise DecisionError("Unknown reason code; use one of: " + ", ".join(REJECT_REASONS) + ".")
    if outcome == "reject" and reason is None:
        raise DecisionError("A rejection needs a reason code: " + ", ".join(REJECT_REASONS) + ".")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise DecisionError("A note is text.")
    if len(note) > MAX_NOTE_LENGTH:
        raise DecisionError(f"A note is at most {MAX_NOTE_LENGTH} characters.")
    return outcome, reason, note.strip()


def decide(document: Document, outcome: str, reviewer: User | None, reason: str | None = None,
           note: str = "", automatic: bool = False, extraction: Extraction | None = None,
           seen_version: int | None = None) -> ReviewDecision:
    """Record a decision (a new row even when it changes an earlier one) and move the document.

    The decision is made on one extraction (by default the latest, which is what staff were shown): that
    one counts toward the applicant's progress until someone decides again, whatever re-processing adds.

    `seen_version` is the document's `state_version` on the page the reviewer decided on. The version is
    claimed with a conditional UPDATE, so of two reviewers deciding at once exactly one wins and the
    other gets StaleDecision; the audit's from-status is read after the claim, so it is always true.
    A person must name the version; only the pipeline's automatic decisions may leave it out.

    Refused before anything is written: the same decision again (RepeatedDecision: no second audit event,
    no second mail), and a decision on a document someone else holds (HeldByOther; the holder is read in
    the same transaction as the version, so a claim taken meanwhile is seen).
    """
    outcome, reason, note = validate_decision(outcome, reason, note)
    if reviewer is not None and document.applicant_id == reviewer.id:
        raise DecisionError("Nobody decides on their own documents; another reviewer must.")
    if reviewer is not None and seen_version is None:
        raise DecisionError("A decision names the version of the document it was made on (the page's, or "
                            "'version' from GET /api/documents/<id>).")
    _refuse_repeat(document, outcome, reason, note)
    expected = document.state_version if seen_version is None else seen_version
    _claim_version(document, expected)
    if document.status not in DECIDABLE:
        raise DecisionError(f"Document {document.id} is {document.status}; it can be decided once it is read.")
    if reviewer is not None:
        try:
            ensure_free(document, reviewer)
        except ClaimedElsewhere as exc:
            raise HeldByOther(str(exc)) from exc
    previous = current_decision(document)
    extraction = extraction or document.latest
    decision = ReviewDecision(document_id=document.id, extraction_id=extraction.id if extraction else None,
                              outcome=outcome, reason=reason, note=note,
                              reviewer_id=reviewer.id if reviewer else None)
    db.session.add(decision)
    document.changed_since_decision = False
    action = "auto_accepted" if automatic else ("decision_changed" if previous else "decided")
    set_status(document, _OUTCOME_STATUS[outcome], reviewer, action,
               {"outcome": outcome, "reason": reason, "note": decision.note,
                "previous": previous.outcome if previous else None})
    recompute_cycle(document.cycle)  # a cycle past its due date may now be complete, or short
    if not automatic:  # the applicant hears of a person's decision in the same commit (reviewer/mail/notifications.py)
        decided(document, decision)
    return decision


def _refuse_repeat(document: Document, outcome: str, reason: str | None, note: str) -> None:
    """Raise RepeatedDecision when this decision already stands and nothing changed since it was made."""
    standing = current_decision(document)
    if (standing is None or document.changed_since_decision or document.status != _OUTCOME_STATUS[outcome]
            or (standing.outcome, standing.reason, standing.note) != (outcome, reason, note)):
        return
    who = f" by {standing.reviewer.name}" if standing.reviewer is not None else " automatically"
    raise RepeatedDecision(f"Document {document.id} is already {str(document.status).replace('_', ' ')}{who}; "
                           "nothing changed and no mail was sent.", standing)


def _claim_version(document: Document, expected: int) -> None:
    """Take the document at version `expected` for this transaction, or raise StaleDecision."""
    if not claim_version(document, expected):
        who, what = _last_change(document)
        raise StaleDecision(f"Document {document.id} changed while you were looking at it: {what}. "
                            "Look at it again before deciding.", who)


def claim_version(document: Document, expected: int) -> bool:
    """Take the document at version `expected` for this transaction with a conditional UPDATE. False when
    it changed since (the transaction is rolled back); either way the document is read afresh."""
    try:
        claimed = changed_rows(
            db.update(Document).where(Document.id == document.id, Document.state_version == expected)
            .values(state_version=expected)
            .execution_options(synchronize_session=False))
    except OperationalError:
        # SQLite in WAL mode: another writer committed since this transaction began reading.
        claimed = 0
    if claimed != 1:
        db.session.rollback()
        db.session.refresh(document)
        return False
    db.session.refresh(document)
    return True


def claim_resubmission_request(original: Document) -> int | None:
    """Take `original`'s open resubmission request for the answer being stored in this transaction.

    One request takes one answer, and the answer closes it: the original becomes `resubmitted` (the
    upload records the audit event naming the answer, in the same transaction). Returns None when the
    claim holds; otherwise the id of the answer that was already sent. The conditional UPDATE makes two
    answers sent at once resolve to one.
    """
    answered = db.session.scalar(db.select(Document.id).where(Document.resubmission_of_id == original.id)
                                 .order_by(Document.id).limit(1))
    if answered is not None:
        return answered
    claimed = changed_rows(
        db.update(Document).where(Document.id == original.id, Document.state_version == original.state_version,
                                  Document.status == DocumentStatus.RESUBMISSION_REQUESTED)
        .values(state_version=Document.state_version + 1, status=DocumentStatus.RESUBMITTED)
        .execution_options(synchronize_session=False))
    if claimed != 1:
        db.session.rollback()
        return db.session.scalar(db.select(Document.id).where(Document.resubmission_of_id == original.id)
                                 .order_by(Document.id).limit(1)) or original.id
    return None


def _last_change(document: Document) -> tuple[str | None, str]:
    """Who made the document's latest change, and that change in words for the reviewer who lost."""
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == document.id)
                               .order_by(AuditEvent.id.desc()).limit(1)).first()
    actor = db.session.get(User, event.actor_id) if event is not None and event.actor_id is not None else None
    status = str(document.status).replace("_", " ")
    if actor is not None and event is not None and event.action in ("decided", "decision_changed"):
        return actor.name, f"decided meanwhile by {actor.name} ({status})"
    if actor is not None:
        return actor.name, f"changed meanwhile by {actor.name} (now {status})"
    return None, f"it changed meanwhile (now {status})"
