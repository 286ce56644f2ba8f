"""What an applicant sees about their own documents: one line each, and plain-language advice.

Flag codes are staff vocabulary. An applicant needs to know in words what was noticed and what to do
next, so every flag and reject reason has two sentences in the vocabulary (workers/flags.py); the
dashboard reads every document's line in one statement, whatever the number of documents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func

from reviewer.documents.withdrawal import can_withdraw
from reviewer.extensions import db
from reviewer.models import Activity, Cycle, Document, DocumentStatus, Program, ReviewDecision, User
from reviewer.programs.cycles import cycles_of
from reviewer.programs.progress import Progress, cycle_progress
from workers.flags import BY_CODE
from workers.reading.readers import accepted_words

STATUS_WORDS = {
    DocumentStatus.QUEUED: "waiting to be read", DocumentStatus.PROCESSING: "being read",
    DocumentStatus.NEEDS_REVIEW: "waiting for staff", DocumentStatus.ACCEPTED: "accepted",
    DocumentStatus.REJECTED: "rejected", DocumentStatus.RESUBMISSION_REQUESTED: "please send a new file",
    DocumentStatus.RESUBMITTED: "replaced by the file you sent",
    DocumentStatus.FAILED: "could not be read", DocumentStatus.WITHDRAWN: "withdrawn",
}
# While staff have a document, the applicant has nothing to do: saying "upload another" beside "waiting for
# staff" would tell them both to wait and to act.
WAITING_STEP = "Staff will look at it and write to you if you need to do anything."
RECENT_REJECTION_DAYS = 30  # a rejection stays in "what you need to do" this long after it was decided


def document_rows(user: User, progresses: dict[int, Progress] | None = None) -> list[dict[str, Any]]:
    """Each of the user's documents, newest first, with its first activity and the units it is credited.

    Credited units are what the document adds to its cycle's progress (programs/progress.py): inside the
    window, not excluded, not counted already by another copy. One statement for the list, and one for
    each of the applicant's cycles (a handful).
    """
    last_decision = (db.select(ReviewDecision.document_id, func.max(ReviewDecision.id).label("id"))
                     .join(Document, Document.id == ReviewDecision.document_id)
                     .where(Document.applicant_id == user.id).group_by(ReviewDecision.document_id).subquery())
    counted = func.coalesce(ReviewDecision.extraction_id, Document.latest_extraction_id)
    rows = db.session.execute(
        db.select(Document.id, Document.original_name, Document.uploaded_at, Document.status, Document.flag_codes,
                  Document.error_message, Document.state_version, Document.resubmission_of_id,
                  ReviewDecision.outcome, ReviewDecision.reason, ReviewDecision.note,
                  ReviewDecision.created_at.label("decided_at"), Activity.title, Activity.date,
                  Activity.amount_value, Activity.amount_unit, Activity.excluded_reason, Activity.position, Program.id)
        .select_from(Document)
        .outerjoin(last_decision, last_decision.c.document_id == Document.id)
        .outerjoin(ReviewDecision, ReviewDecision.id == last_decision.c.id)
        .outerjoin(Activity, Activity.extraction_id == counted)
        .outerjoin(Cycle, Cycle.id == Document.cycle_id)
        .outerjoin(Program, Program.id == Cycle.program_id)
        .where(Document.applicant_id == user.id, Document.status != DocumentStatus.WITHDRAWN)
        .order_by(Document.uploaded_at.desc(), Document.id.desc(), Activity.position)).all()
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        row = out.setdefault(r.id, {
            "id": r.id, "filename": r.original_name, "uploaded_at": r.uploaded_at, "status": r.status,
            "status_words": STATUS_WORDS.get(r.status, r.status), "title": None, "date": None, "units": 0.0,
            "activities": 0, "advice": _advice(r.status, r.flag_codes, r.outcome, r.reason, r.error_message),
            "version": r.state_version, "reason": r.reason, "note": r.note, "decided_at": r.decided_at,
            "can_withdraw": can_withdraw(r.status, r.outcome is not None, r.resubmission_of_id is not None)})
        if r.title is None and r.date is None and r.amount_value is None:
            continue
        row["activities"] += 1
        row["title"] = row["title"] or r.title
        row["date"] = row["date"] or r.date
    credited: dict[int, float] = {}
    if progresses is None:  # the caller's, when it has read them already
        progresses = {cycle.id: cycle_progress(cycle) for cycle in cycles_of(user)}
    for progress in progresses.values():
        credited.update(progress.credited())
    for row in out.values():
        row["units"] = credited.get(row["id"], 0.0) if row["status"] == DocumentStatus.ACCEPTED else 0.0
    return list(out.values())


def _advice(status: str, flag_codes: str, outcome: str | None, reason: str | None,
            error: str | None) -> list[tuple[str, str]]:
    """What was noticed and what to do, for the states where the applicant can act or should know."""
    if status == DocumentStatus.FAILED:
        return [(error or "The file could not be read.", f"Upload the document as a {accepted_words()} file.")]
    if status == DocumentStatus.REJECTED and reason in BY_CODE:
        return [flag_advice(reason)]
    if status == DocumentStatus.RESUBMISSION_REQUESTED:
        return [flag_advice(code) for code in flag_codes.split() if code in BY_CODE]
    if status == DocumentStatus.NEEDS_REVIEW:
        noticed = [BY_CODE[code].noticed for code in flag_codes.split() if code in BY_CODE]
        return [(" ".join(noticed), WAITING_STEP)] if noticed else []
    return []


def to_do(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """What the applicant needs to do, first on their page: new files asked for, files we could not read,
    and recent rejections (with what to send instead). Each item links to its document."""
    items = []
    for row in rows:
        if row["status"] == DocumentStatus.RESUBMISSION_REQUESTED:
            items.append({**row, "what": "Send a new file in place of this one"
                                         + (f": “{row['note']}”" if row["note"] else ".")})
        elif row["status"] == DocumentStatus.FAILED:
            items.append({**row, "what": f"We could not read this file. Upload it again as a {accepted_words()} "
                                         "file, or withdraw it."})
        elif (row["status"] == DocumentStatus.REJECTED and row["decided_at"] is not None
              and (today - row["decided_at"].date()).days <= RECENT_REJECTION_DAYS):
            step = BY_CODE[row["reason"]].next_step if row["reason"] in BY_CODE else "Send other evidence instead."
            items.append({**row, "what": f"Not accepted. {step}"})
    return items


def flag_advice(code: str) -> tuple[str, str]:
    """What a flag or reject reason means, and the next step, in the applicant's words."""
    flag = BY_CODE[code]
    return flag.noticed, flag.next_step
