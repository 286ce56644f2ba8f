"""Claims: a reviewer who works on a waiting document holds it, so two reviewers don't decide it at once.

A claim is taken when a person acts on a document (a correction) or stays on its page for a while
(CLAIM_AFTER_SECONDS, sent by the page's script), not when they merely pass through it with j and k. While
someone holds a document, a decision or correction from anyone else is refused (reviewer.review.decisions
checks it inside the decision's transaction) unless that person takes the document over, which is audited.
A claim ends on its own after CLAIM_MINUTES, or when its holder decides.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, User
from reviewer.models.base import changed_rows, utcnow


class ClaimedElsewhere(ValueError):
    """Someone else holds the document; `holder` is who, `until` when their claim ends."""

    def __init__(self, holder: User, until: datetime) -> None:
        super().__init__(f"{holder.name} is working on this document (until {until:%H:%M} UTC). "
                         "Take it over first if you mean to decide or correct it now.")
        self.holder = holder
        self.until = until


def other_holder(document: Document, user: User, now: datetime | None = None) -> User | None:
    """Who other than `user` holds `document` now, or None. Reads the row as this transaction sees it."""
    now = now or utcnow()
    if (document.claimed_by_id is None or document.claimed_by_id == user.id or document.claimed_until is None
            or document.claimed_until <= now):
        return None
    return document.claimed_by


def ensure_free(document: Document, user: User) -> None:
    """Raise ClaimedElsewhere when someone other than `user` holds `document`."""
    holder = other_holder(document, user)
    if holder is not None and document.claimed_until is not None:
        raise ClaimedElsewhere(holder, document.claimed_until)


def claim(document: Document, user: User, minutes: int) -> User | None:
    """Hold `document` for `user` unless someone else holds it; return the other holder, else None.

    One conditional UPDATE, so two reviewers claiming the same document at once cannot both get it. The
    document's state_version and updated_at are left alone: a claim is not a change of the document.
    """
    if document.status != DocumentStatus.NEEDS_REVIEW:
        return None
    now = utcnow()
    taken = changed_rows(
        db.update(Document)
        .where(Document.id == document.id, Document.status == DocumentStatus.NEEDS_REVIEW,
               or_(Document.claimed_by_id.is_(None), Document.claimed_by_id == user.id, Document.claimed_until <= now))
        .values(claimed_by_id=user.id, claimed_until=now + timedelta(minutes=minutes),
                updated_at=Document.updated_at)
        .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(document)
    if taken == 1 or document.status != DocumentStatus.NEEDS_REVIEW:
        return None  # held now, or decided meanwhile: nobody is working on it
    return document.claimed_by


def take_over(document: Document, user: User, minutes: int) -> User | None:
    """Hold `document` for `user` whoever holds it now, and audit whose claim was taken (the caller commits).

    Returns the person whose claim was taken, or None when nobody else held it (then it is a plain claim).
    """
    previous = other_holder(document, user)
    db.session.execute(db.update(Document).where(Document.id == document.id)
                       .values(claimed_by_id=user.id, claimed_until=utcnow() + timedelta(minutes=minutes),
                               updated_at=Document.updated_at)
                       .execution_options(synchronize_session=False))
    if previous is not None:
        db.session.add(AuditEvent(document_id=document.id, actor_id=user.id, action="claim_taken_over",
                                  detail={"from": previous.name, "from_id": previous.id}))
    return previous


def release(document: Document, user: User) -> None:
    """End `user`'s claim on `document` (the caller commits)."""
    db.session.execute(db.update(Document).where(Document.id == document.id, Document.claimed_by_id == user.id)
                       .values(claimed_by_id=None, claimed_until=None, updated_at=Document.updated_at)
                       .execution_options(synchronize_session=False))
