"""Renewal as a submission: the applicant signs off their cycle, staff approve it or return it.

AMT asks its certificants to "sign off on your scorecard and submit"; ATMAE and SME review a renewal as
a whole too. So a cycle does not simply lapse into complete or short: once the applicant's accepted
evidence meets the requirement they review it (what counts, what still waits, what is short) and submit
it with an attestation. Staff then look at the cycle as a whole and either approve it (the applicant is
recertified and the next cycle begins, with the program's dates from the day of approval) or return it
with a note, after which the applicant can add evidence and submit again. Each step is audited and mailed.
"""

from __future__ import annotations

from datetime import date

from reviewer.extensions import db
from reviewer.models import AuditEvent, Cycle, User
from reviewer.models.base import utcnow
from reviewer.normalize import clean_text
from reviewer.programs.cycles import OPEN, Enrolment, enrol
from reviewer.programs.progress import cycle_progress
from reviewer.programs.wording import units

SUBMITTED, RECERTIFIED = "submitted", "recertified"
ATTESTATION = ("I attest that the activities listed took place as described, that the evidence is genuine, "
               "and that I completed them within this cycle's window.")
MAX_NOTE = 2000


class RenewalError(ValueError):
    """A renewal step that cannot be taken, with a message the person can act on."""


def submit(cycle: Cycle, applicant: User, attested: bool) -> None:
    """The applicant submits `cycle` (the caller commits)."""
    if cycle.applicant_id != applicant.id:
        raise RenewalError("Only the applicant submits their own cycle.")
    if cycle.status != OPEN:
        raise RenewalError(f"This cycle is {cycle.status.replace('_', ' ')}; only an open cycle is submitted.")
    if not attested:
        raise RenewalError("Tick the attestation to submit.")
    progress = cycle_progress(cycle)
    if progress.needed > 0:
        raise RenewalError(f"{units(progress.needed, progress.unit)} still needed; evidence still waiting for "
                           "review counts once it is accepted.")
    cycle.status, cycle.submitted_at, cycle.attestation = SUBMITTED, utcnow(), ATTESTATION
    cycle.review_note = None
    audit_cycle(cycle, applicant, "renewal_submitted", {"earned": progress.earned, "pending": progress.pending})


def approve(cycle: Cycle, reviewer: User, today: date) -> Enrolment:
    """Staff approve a submitted cycle: the applicant is recertified on `today`, and the next cycle begins
    (the caller commits and mails)."""
    _check_reviewable(cycle, reviewer)
    cycle.status, cycle.reviewed_at, cycle.reviewed_by_id = RECERTIFIED, utcnow(), reviewer.id
    cycle.closed_at = cycle.closed_at or utcnow()
    applicant = db.session.get_one(User, cycle.applicant_id)
    following = enrol(applicant.email, cycle.program.code, today, multiple=cycle.multiple_certifications,
                      certifications=list(cycle.certifications or []), degree_institution=cycle.degree_institution,
                      degree_year=cycle.degree_year)
    audit_cycle(cycle, reviewer, "renewal_approved", {"next_cycle": following.cycle.id,
                                                 "due": str(following.cycle.due_date)})
    return following


def return_to_applicant(cycle: Cycle, reviewer: User, note: str) -> None:
    """Staff return a submitted cycle with a note saying what is missing (the caller commits and mails)."""
    _check_reviewable(cycle, reviewer)
    note = clean_text(note)[:MAX_NOTE]
    if not note:
        raise RenewalError("Say in a note what the applicant should add or change.")
    cycle.status, cycle.reviewed_at, cycle.reviewed_by_id, cycle.review_note = OPEN, utcnow(), reviewer.id, note
    audit_cycle(cycle, reviewer, "renewal_returned", {"note": note})


def audit_cycle(cycle: Cycle, actor: User, action: str, detail: dict[str, object]) -> None:
    """An audit event about a cycle (no document): the cycle and its program, and what the step says."""
    db.session.add(AuditEvent(document_id=None, actor_id=actor.id, action=action,
                              detail={"cycle": cycle.id, "program": cycle.program.code, **detail}))


def _check_reviewable(cycle: Cycle, reviewer: User) -> None:
    if not reviewer.is_staff:
        raise RenewalError("Renewals are reviewed by staff.")
    if reviewer.id == cycle.applicant_id:
        raise RenewalError("Nobody reviews their own renewal; another reviewer must.")
    if cycle.status != SUBMITTED:
        raise RenewalError(f"This cycle is {cycle.status.replace('_', ' ')}, not waiting for review.")


def submitted_cycles(limit: int = 200) -> list[Cycle]:
    """Cycles waiting for staff, the longest-waiting first."""
    return list(db.session.scalars(db.select(Cycle).where(Cycle.status == SUBMITTED)
                                   .order_by(Cycle.submitted_at, Cycle.id).limit(limit)))
