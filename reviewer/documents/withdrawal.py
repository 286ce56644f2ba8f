"""An applicant takes back an upload nobody has decided yet: sent by mistake, the wrong file, a refused one.

The document is not deleted: its row, file and audit trail stay (the record of truth keeps what was sent),
but it leaves the applicant's list, the staff queue and every progress figure. Once a person has decided
on it, it is part of the record and stays; and an answer to a request for a new file stays too, since
the request it closed would otherwise be left with nothing.
"""

from __future__ import annotations

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, ReviewDecision, User
from reviewer.models.base import changed_rows
from reviewer.programs.progress import recompute as recompute_cycle
from reviewer.review.decisions import audit

WITHDRAWABLE = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING, DocumentStatus.NEEDS_REVIEW,
                DocumentStatus.FAILED)


class WithdrawError(ValueError):
    """Why a document cannot be withdrawn, in the applicant's words."""


def can_withdraw(status: str, decided: bool, answers_request: bool) -> bool:
    """Whether a document may be withdrawn: waiting or refused, never decided by anyone, and not the answer
    to a request for a new file. The pages ask it to offer the button; `withdraw` holds to it."""
    return status in WITHDRAWABLE and not decided and not answers_request


def withdraw(document: Document, applicant: User, seen_version: int) -> None:
    """Withdraw `document` for its applicant, at the version their page showed (the caller commits).

    One conditional UPDATE on the version and status, so a decision or a reading that lands meanwhile
    wins and the applicant is told, instead of a document vanishing from under a reviewer.
    """
    if document.applicant_id != applicant.id:
        raise WithdrawError("Only the applicant who sent a document can withdraw it.")
    decided = db.session.scalar(db.select(ReviewDecision.id).where(ReviewDecision.document_id == document.id)
                                .limit(1)) is not None
    if document.resubmission_of_id is not None:
        raise WithdrawError(f"{document.original_name} answers a request for a new file, so it stays; "
                            "send further evidence from your documents page.")
    if decided or document.status not in WITHDRAWABLE:
        raise WithdrawError(f"{document.original_name} has been decided, so it stays on your record.")
    before = document.status
    taken = changed_rows(
        db.update(Document).where(Document.id == document.id, Document.state_version == seen_version,
                                  Document.status.in_(WITHDRAWABLE))
        .values(status=DocumentStatus.WITHDRAWN, state_version=seen_version + 1, claimed_by_id=None,
                claimed_until=None)
        .execution_options(synchronize_session=False))
    if taken != 1:
        db.session.rollback()
        db.session.refresh(document)
        raise WithdrawError(f"{document.original_name} changed meanwhile (it is now "
                            f"{str(document.status).replace('_', ' ')}); look at it again.")
    db.session.refresh(document)
    audit(document, applicant, "withdrawn", {"name": document.original_name}, from_status=before,
          to_status=DocumentStatus.WITHDRAWN)
    recompute_cycle(document.cycle)  # an ended cycle in review may have been waiting on it
