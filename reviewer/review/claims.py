"""Claims: opening a waiting document holds it for a while, so two reviewers don't work on it at once.

A claim is advice, not a lock: others see who holds the document and "next" skips it, but a decision
from someone else is still possible, and the stale-decision check (reviewer.review.decisions) is what keeps two
decisions from silently overwriting each other. A claim ends on its own, or when its holder decides.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, User
from reviewer.models.base import changed_rows, utcnow


def claim(document: Document, user: User, minutes: int) -> User | None:
    """Hold `document` for `user` unless someone else holds it; return the other holder, else None.

    One conditional UPDATE, so two reviewers opening the same document at once cannot both get it. The
    document's state_version and updated_at are left alone: a claim is not a change of the document.
    """
    if document.status != DocumentStatus.NEEDS_REVIEW:
        return None
    now = utcnow()
    taken = changed_rows(
        db.update(Document)
        .where(Document.id == document.id,
               or_(Document.claimed_by_id.is_(None), Document.claimed_by_id == user.id, Document.claimed_until <= now))
        .values(claimed_by_id=user.id, claimed_until=now + timedelta(minutes=minutes),
                updated_at=Document.updated_at)
        .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(document)
    return None if taken == 1 else document.claimed_by


def release(document: Document, user: User) -> None:
    """End `user`'s claim on `document` (the caller commits)."""
    db.session.execute(db.update(Document).where(Document.id == document.id, Document.claimed_by_id == user.id)
                       .values(claimed_by_id=None, claimed_until=None, updated_at=Document.updated_at)
                       .execution_options(synchronize_session=False))
