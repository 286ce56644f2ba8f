"""Administrators' cycle pages: every program's cycle outcomes (a page and a CSV), and one cycle's actions.

The rules of each action (its checks, its audit) live in reviewer/programs/cycle_admin.py; a document is
moved between cycles from its staff page (reviewer/review/moves.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from reviewer.extensions import db
from reviewer.models import AuditEvent, Cycle, User
from reviewer.programs.cycle_admin import (
    DUE_WITHIN,
    STATUSES,
    CycleActionError,
    end_exemption,
    grant_exemption,
    outcome_report,
    recompute_outcome,
    reopen,
    set_due_date,
)
from reviewer.programs.progress import cycle_progress
from reviewer.programs.rules import rules_of
from reviewer.review.exports import safe_cell
from reviewer.web.access import admin_required
from reviewer.web.forms import EmptyForm

bp = Blueprint("admin_cycles", __name__, url_prefix="/admin")


@bp.get("/cycles")
@admin_required
def report() -> str:
    """Cycle outcomes per program: complete, in review, short, exempt, and due within 30/60/90 days."""
    return render_template("admin/cycles.html", report=outcome_report(date.today()), statuses=STATUSES,
                           due_within=DUE_WITHIN)


@bp.get("/cycles.csv")
@admin_required
def report_csv() -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["program", *STATUSES, *(f"due_within_{d}_days" for d in DUE_WITHIN)])
    for row in outcome_report(date.today()):
        writer.writerow([safe_cell(row.code), *(row.by_status[s] for s in STATUSES),
                         *(row.due_within[d] for d in DUE_WITHIN)])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=cycle-outcomes.csv"
    return response


@bp.get("/cycles/<int:cycle_id>")
@admin_required
def cycle(cycle_id: int) -> str:
    found = db.get_or_404(Cycle, cycle_id)
    history = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.like("cycle_%"),
                                                             AuditEvent.document_id.is_(None))
                                 .order_by(AuditEvent.id.desc()).limit(200)).all()
    history = [e for e in history if e.detail.get("cycle") == found.id][:20]
    return render_template("admin/cycle.html", cycle=found, progress=cycle_progress(found),
                           applicant=db.session.get_one(User, found.applicant_id), history=history,
                           exemptions=rules_of(found.program).exemptions, form=EmptyForm(), today=date.today())


@bp.post("/cycles/<int:cycle_id>/<any(due_date, exempt, end_exemption, reopen, recompute):action>")
@admin_required
def act(cycle_id: int, action: str) -> ResponseReturnValue:
    """One action on one cycle, checked and audited by programs/cycle_admin.py."""
    found = db.get_or_404(Cycle, cycle_id)
    if not EmptyForm().validate_on_submit():
        abort(400, "The form expired; reload the page and try again.")
    reason = request.form.get("reason")
    steps: dict[str, Callable[[], None]] = {
        "due_date": lambda: set_due_date(found, _date(request.form.get("due_date")), current_user, reason),
        "exempt": lambda: grant_exemption(found, request.form.get("exemption") or "", current_user, reason),
        "end_exemption": lambda: end_exemption(found, current_user, reason),
        "reopen": lambda: reopen(found, current_user, reason),
        "recompute": lambda: recompute_outcome(found, current_user),
    }
    try:
        steps[action]()
    except CycleActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"Cycle {found.id}: {action.replace('_', ' ')} done; it is now {found.status.replace('_', ' ')}.", "info")
    return redirect(url_for("admin_cycles.cycle", cycle_id=found.id))


def _date(value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise CycleActionError("Give the due date as YYYY-MM-DD.") from None
