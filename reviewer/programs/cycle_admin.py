"""What administrators do to one cycle, and the report of every cycle's outcome per program.

A program's rules fit most people; a person's circumstances sometimes do not. An administrator moves one
cycle's due date (an extension), grants or ends an exemption mid-cycle (retirement, a return to work),
reopens an ended cycle (late evidence accepted by the certification body) or computes its outcome again.
Each action is checked here, audited with the cycle's before and after, and left to the caller to commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func

from reviewer.extensions import db
from reviewer.models import Cycle, Program, User
from reviewer.models.base import utcnow
from reviewer.normalize import clean_text
from reviewer.programs.cycles import COMPLETE, ENDED, EXEMPT, IN_REVIEW, OPEN, SHORT
from reviewer.programs.progress import outcome
from reviewer.programs.renewal import RECERTIFIED, SUBMITTED, audit_cycle
from reviewer.programs.rules import rules_of

STATUSES = (OPEN, SUBMITTED, IN_REVIEW, COMPLETE, SHORT, EXEMPT, RECERTIFIED)
DUE_WITHIN = (30, 60, 90)


class CycleActionError(ValueError):
    """An action on a cycle that cannot be taken, with a message naming what to fix."""


def _snapshot(cycle: Cycle) -> dict[str, Any]:
    return {"status": cycle.status, "due_date": str(cycle.due_date), "window_end": str(cycle.window_end),
            "exemption": cycle.exemption}


def _audit(cycle: Cycle, actor: User, action: str, before: dict[str, Any], **detail: Any) -> None:
    audit_cycle(cycle, actor, action, {"before": before, "after": _snapshot(cycle), **detail})


def _reason(reason: str | None) -> str:
    text = clean_text(reason or "")[:500]
    if not text:
        raise CycleActionError("Give the reason: it is kept in the audit log and shown to staff.")
    return text


def set_due_date(cycle: Cycle, due: date, actor: User, reason: str | None) -> None:
    """Move one cycle's due date (its window ends with it), e.g. an extension the body granted."""
    why = _reason(reason)
    if due <= cycle.window_start:
        raise CycleActionError(f"The due date must fall after the window opens ({cycle.window_start}).")
    before = _snapshot(cycle)
    cycle.due_date = cycle.window_end = due
    if cycle.status in ENDED and due >= date.today():
        cycle.status, cycle.closed_at = OPEN, None  # extended past today: it runs again
    _audit(cycle, actor, "cycle_due_date_set", before, reason=why)


def grant_exemption(cycle: Cycle, code: str, actor: User, reason: str | None) -> None:
    """Exempt a cycle mid-term with one of its program's exemptions."""
    why = _reason(reason)
    offered = {e.code for e in rules_of(cycle.program).exemptions}
    if code not in offered:
        raise CycleActionError(f"{cycle.program.code} has no exemption {code!r}"
                               + (f"; it offers: {', '.join(sorted(offered))}." if offered else "."))
    if cycle.status not in (OPEN, *ENDED):
        raise CycleActionError(f"This cycle is {cycle.status.replace('_', ' ')}; it cannot be exempted now.")
    before = _snapshot(cycle)
    cycle.status, cycle.exemption, cycle.exemption_reason, cycle.closed_at = EXEMPT, code, why, None
    _audit(cycle, actor, "cycle_exempted", before, reason=why)


def end_exemption(cycle: Cycle, actor: User, reason: str | None) -> None:
    """End an exemption mid-term: the cycle counts evidence again (open, or its outcome if past due)."""
    why = _reason(reason)
    if cycle.status != EXEMPT:
        raise CycleActionError("This cycle is not exempt.")
    before = _snapshot(cycle)
    cycle.exemption = cycle.exemption_reason = None
    cycle.status, cycle.closed_at = OPEN, None
    if cycle.due_date is not None and cycle.due_date < date.today():
        cycle.status, cycle.closed_at = outcome(cycle), utcnow()
    _audit(cycle, actor, "cycle_exemption_ended", before, reason=why)


def reopen(cycle: Cycle, actor: User, reason: str | None) -> None:
    """Open an ended cycle again (complete, short or in review), e.g. to accept evidence sent late."""
    why = _reason(reason)
    if cycle.status not in ENDED:
        raise CycleActionError(f"Only an ended cycle is reopened; this one is {cycle.status.replace('_', ' ')}.")
    before = _snapshot(cycle)
    cycle.status, cycle.closed_at = OPEN, None
    _audit(cycle, actor, "cycle_reopened", before, reason=why)


def recompute_outcome(cycle: Cycle, actor: User) -> None:
    """Compute an ended cycle's outcome again from its evidence as it stands."""
    if cycle.status not in ENDED:
        raise CycleActionError("Only an ended cycle has an outcome to compute; an open one is counted live.")
    before = _snapshot(cycle)
    cycle.status = outcome(cycle)
    _audit(cycle, actor, "cycle_recomputed", before)


@dataclass(frozen=True)
class ProgramOutcomes:
    """One program's cycles by status, and its open cycles due within 30, 60 and 90 days."""

    code: str
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    due_within: dict[int, int] = field(default_factory=dict)


def outcome_report(today: date) -> list[ProgramOutcomes]:
    """Every program's cycle outcomes, from two grouped counts however many cycles there are."""
    counts: dict[int, dict[str, int]] = {}
    for program_id, status, n in db.session.execute(
            db.select(Cycle.program_id, Cycle.status, func.count()).group_by(Cycle.program_id, Cycle.status)):
        counts.setdefault(program_id, {})[status] = n
    due: dict[int, dict[int, int]] = {}
    horizon = today + timedelta(days=max(DUE_WITHIN))
    within = [func.sum(case((Cycle.due_date <= today + timedelta(days=days), 1), else_=0)) for days in DUE_WITHIN]
    for program_id, *numbers in db.session.execute(
            db.select(Cycle.program_id, *within).where(Cycle.status == OPEN, Cycle.due_date >= today,
                                                       Cycle.due_date <= horizon).group_by(Cycle.program_id)):
        due[program_id] = {days: int(n or 0) for days, n in zip(DUE_WITHIN, numbers)}
    programs = db.session.scalars(db.select(Program).order_by(Program.code)).all()
    return [ProgramOutcomes(p.code, p.name, {s: counts.get(p.id, {}).get(s, 0) for s in STATUSES},
                            {d: due.get(p.id, {}).get(d, 0) for d in DUE_WITHIN}) for p in programs]
