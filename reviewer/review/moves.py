"""Moving a document to another of its applicant's cycles: evidence filed under the wrong term.

A document is filed under the cycle that was current when it was uploaded; a renewal, an exemption or a
second program can make that the wrong one. Staff and administrators move it, the move is audited, and
both cycles' outcomes are computed again (an ended cycle may gain or lose what it needed).
"""

from __future__ import annotations

from reviewer.extensions import db
from reviewer.models import Cycle, Document, User
from reviewer.programs.progress import recompute
from reviewer.review.decisions import DecisionError, audit


def move_to_cycle(document: Document, cycle_id: int, actor: User) -> Cycle:
    """File `document` under the applicant's cycle `cycle_id` (the caller commits); DecisionError names why
    not. Moving to the cycle it is already in changes nothing and records nothing."""
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None or cycle.applicant_id != document.applicant_id:
        raise DecisionError("Choose one of this applicant's own cycles.")
    before = document.cycle
    if before is not None and before.id == cycle.id:
        return cycle
    document.cycle_id = cycle.id
    document.program_code = cycle.program.code  # the queue filters and sorts by it
    audit(document, actor, "moved_to_cycle", {
        "from": before.id if before else None, "to": cycle.id, "program": cycle.program.code,
        "window": [cycle.window_start.isoformat(), cycle.window_end.isoformat()]})
    db.session.flush()
    db.session.expire(document, ["cycle"])
    recompute(before)
    recompute(cycle)
    return cycle
