"""How far an applicant is in a cycle: units accepted per category with the program's minimums and
caps, units still pending review, units needed, and the due date.

An accepted document counts with the extraction it was accepted on: re-processing that reads it
differently marks it for staff but changes nobody's progress until staff decide again. The activities
of a cycle are read in one statement, however many documents it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, literal, or_

from reviewer.extensions import db
from reviewer.models import Activity, Cycle, Document, DocumentStatus, Extraction, ReviewDecision, User
from reviewer.normalize import normalise
from reviewer.programs.cycles import COMPLETE, ENDED, EXEMPT, IN_REVIEW, SHORT, current_cycle
from reviewer.programs.rules import rules_of

PENDING = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING, DocumentStatus.NEEDS_REVIEW)


@dataclass(frozen=True)
class CategoryProgress:
    code: str
    name: str
    accepted: float  # in the window, before the cap
    counted: float  # what counts toward the requirement: accepted, capped
    minimum: float | None
    maximum: float | None

    @property
    def short_of_minimum(self) -> float:
        return round(max(0.0, (self.minimum or 0.0) - self.counted), 2)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "accepted": self.accepted, "counted": self.counted,
                "minimum": self.minimum, "maximum": self.maximum, "short_of_minimum": self.short_of_minimum}


@dataclass(frozen=True)
class Counted:
    """One accepted activity that counts in a cycle: a line of the compliance transcript."""

    document_id: int
    filename: str
    title: str | None
    when: date
    category: str  # the category's name; "" where staff have not placed it
    units: float  # in the program's unit, before any category cap
    decided_on: date | None
    provider: str | None = None  # the issuer the reader found (or staff corrected)
    certificate: str | None = None  # the certificate number the document prints, where the reader found one


@dataclass(frozen=True)
class Progress:
    program: str
    program_name: str
    unit: str
    required: float
    earned: float  # counted: accepted, inside the window, not excluded, within category caps
    pending: float  # read from documents still waiting for a decision (an estimate until decided)
    window_start: date
    window_end: date
    due_date: date
    status: str
    exemption: str | None = None
    exemption_reason: str | None = None
    categories: list[CategoryProgress] = field(default_factory=list)
    uncategorised: float = 0.0  # accepted, counted toward the total, in none of the program's categories
    pending_on_time: float = 0.0  # of `pending`, from documents sent by the due date
    counted: list[Counted] = field(default_factory=list)  # what counts, activity by activity

    def credited(self) -> dict[int, float]:
        """Units each document adds to this cycle (before category caps): the applicant's document list."""
        out: dict[int, float] = {}
        for line in self.counted:
            out[line.document_id] = round(out.get(line.document_id, 0.0) + line.units, 2)
        return out

    @property
    def exempt(self) -> bool:
        return self.status == EXEMPT

    @property
    def needed(self) -> float:
        """Units still to be accepted: the total, or the categories' minimums if those need more."""
        if self.exempt:
            return 0.0
        return round(max(self.required - self.earned, sum(c.short_of_minimum for c in self.categories)), 2)

    @property
    def percent(self) -> float:
        if self.exempt or not self.required:
            return 100.0
        return min(100.0, 100.0 * self.earned / self.required)

    def days_left(self, today: date | None = None) -> int:
        return (self.due_date - (today or date.today())).days

    def as_dict(self) -> dict[str, Any]:
        return {"program": self.program, "required": self.required, "earned": self.earned, "unit": self.unit,
                "window_start": self.window_start.isoformat(), "window_end": self.window_end.isoformat(),
                "due_date": self.due_date.isoformat(), "days_left": self.days_left(), "status": self.status,
                "pending": self.pending, "needed": self.needed, "exemption": self.exemption,
                "exemption_reason": self.exemption_reason, "categories": [c.as_dict() for c in self.categories],
                "uncategorised": self.uncategorised}


# Waiting documents whose units are not shown as "waiting for review": the applicant's own copy of evidence
# already sent, and a document that names someone else. Showing them promised units that will not come
# (they still keep an ended cycle in review: staff may yet accept one).
PENDING_UNLIKELY = frozenset({"duplicate", "name_mismatch"})


def progress_for(user: User) -> Progress | None:
    """Progress in the user's current cycle (see cycles.current_cycle), or None when not enrolled."""
    cycle = current_cycle(user)
    return cycle_progress(cycle) if cycle is not None else None


def cycle_progress(cycle: Cycle) -> Progress:
    """Everything an applicant, a transcript, the API or staff are told about a cycle, from one statement.

    Nothing counts twice in a cycle: the same file sent again (same content) and the same activity on
    another document (same title, date and issuer) count once, so accepting a duplicate adds nothing. An
    accepted activity in no category of the program counts toward the total, under no category's cap,
    and is shown apart until staff place it."""
    program = cycle.program
    rules = rules_of(program)
    categories = rules.categories
    accepted: dict[str | None, float] = {c.code: 0.0 for c in categories}
    uncategorised = pending = pending_on_time = 0.0
    rows = list(db.session.execute(_activities(cycle)).all())
    rows.sort(key=lambda row: row.status != DocumentStatus.ACCEPTED)  # what is accepted is counted first
    names = {c.code: c.name for c in categories}
    counted: list[Counted] = []
    files: set[tuple[str, int]] = set()
    activities: dict[tuple[str, date, str], int] = {}
    for row in rows:
        when = row.date
        if row.excluded_reason or not when or not cycle.window_start <= when <= cycle.window_end:
            continue
        same_file = (row.sha256, row.position)
        same_activity = (row.normalized_title, when, normalise(row.issuer)) if row.normalized_title else None
        if same_file in files or same_activity is not None and activities.get(same_activity, row.id) != row.id:
            continue
        files.add(same_file)
        if same_activity is not None:
            activities.setdefault(same_activity, row.id)
        units = rules.units(row.amount_value, row.amount_unit)
        if row.status != DocumentStatus.ACCEPTED:
            if not PENDING_UNLIKELY & set((row.flag_codes or "").split()):
                pending += units  # shown to the applicant as an estimate of what may still count
            if cycle.due_date is None or row.uploaded_at.date() <= cycle.due_date:
                pending_on_time += units  # anything staff may still accept keeps an ended cycle in review
            continue
        if not categories:
            accepted[None] = accepted.get(None, 0.0) + units
        elif row.category in accepted:
            accepted[row.category] += units
        else:
            uncategorised += units
        decided = row.decided_at.date() if isinstance(row.decided_at, datetime) else row.decided_at
        counted.append(Counted(row.id, row.original_name, row.title, when, names.get(row.category or "", ""),
                               round(units, 2), decided, row.issuer, row.certificate_number))
    rows_out = [CategoryProgress(c.code, c.name, round(accepted[c.code], 2),
                                 round(min(accepted[c.code], c.maximum) if c.maximum is not None
                                       else accepted[c.code], 2),
                                 c.minimum, c.maximum) for c in categories]
    earned = sum(r.counted for r in rows_out) + uncategorised if rows_out else accepted.get(None, 0.0)
    return Progress(program.code, program.name, program.unit, cycle.required_units, round(earned, 2),
                    round(pending, 2), cycle.window_start, cycle.window_end, cycle.due_date or cycle.window_end,
                    cycle.status, cycle.exemption, cycle.exemption_reason, rows_out, round(uncategorised, 2),
                    round(pending_on_time, 2), sorted(counted, key=lambda c: (c.category, c.when)))


def _activities(cycle: Cycle) -> Select[Any]:
    """Status, date, amount, category and exclusion of every activity that counts or may count in the
    cycle: from accepted documents, the extraction the latest decision was made on; from documents
    still waiting, their latest extraction."""
    program_shares = bool(cycle.program.shares_evidence)
    mine = db.select(Document.id).where(Document.applicant_id == cycle.applicant_id)
    last_decision = (db.select(ReviewDecision.document_id, func.max(ReviewDecision.id).label("id"))
                     .where(ReviewDecision.document_id.in_(mine)).group_by(ReviewDecision.document_id).subquery())
    counted_extraction = func.coalesce(ReviewDecision.extraction_id, Document.latest_extraction_id)
    return (db.select(Document.id, Document.status, Document.sha256, Document.uploaded_at, Document.original_name,
                      Document.flag_codes,
                      Activity.position, Activity.title, Activity.normalized_title, Activity.date,
                      Activity.amount_value, Activity.amount_unit, Activity.category, Activity.excluded_reason,
                      Extraction.issuer, Extraction.certificate_number,
                      ReviewDecision.created_at.label("decided_at"))
            .select_from(Document)
            .outerjoin(last_decision, last_decision.c.document_id == Document.id)
            .outerjoin(ReviewDecision, ReviewDecision.id == last_decision.c.id)
            .join(Activity, Activity.extraction_id == counted_extraction)
            .join(Extraction, Extraction.id == Activity.extraction_id)
            .where(Document.applicant_id == cycle.applicant_id,
                   # a program that shares evidence counts the applicant's other cycles' too, in its window
                   or_(Document.cycle_id == cycle.id, Document.cycle_id.is_(None), literal(program_shares)),
                   Document.status.in_([DocumentStatus.ACCEPTED, *PENDING])))


def met(cycle: Cycle) -> bool:
    """Whether a cycle's requirement is met."""
    return cycle_progress(cycle).needed == 0


def outcome(cycle: Cycle) -> str:
    """A cycle's status once its due date has passed: complete when its requirement is met; in review while
    evidence sent by the due date still waits for a decision (it may yet meet it); short otherwise."""
    progress = cycle_progress(cycle)
    if progress.needed == 0:
        return COMPLETE
    return IN_REVIEW if progress.pending_on_time > 0 else SHORT


def recompute(cycle: Cycle | None) -> None:
    """Compute an ended cycle's outcome again: a decision on its evidence can change it (an accepted
    document completes a cycle in review, a rejection leaves it short). An open or exempt cycle has none."""
    if cycle is not None and cycle.status in ENDED:
        cycle.status = outcome(cycle)
