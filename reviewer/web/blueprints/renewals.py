"""Staff's renewals: cycles their applicants submitted, each reviewed as a whole, then approved or returned.

The rules (who may decide, what a return needs, the next cycle) live in reviewer/programs/renewal.py; this
view reads the form, calls them, mails the applicant in the same commit and renders.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from reviewer.extensions import db
from reviewer.mail.notifications import renewal_step
from reviewer.models import Cycle, Document, User
from reviewer.programs.progress import PENDING, cycle_progress
from reviewer.programs.renewal import RenewalError, approve, return_to_applicant, submitted_cycles
from reviewer.web.access import staff_required
from reviewer.web.forms import EmptyForm, RenewalReturnForm

bp = Blueprint("renewals", __name__, url_prefix="/staff/renewals")


@bp.get("")
@staff_required
def waiting() -> str:
    """Submitted cycles, the longest-waiting first."""
    cycles = submitted_cycles()
    names = dict(db.session.execute(db.select(User.id, User.name)
                                    .where(User.id.in_({c.applicant_id for c in cycles}))).all())
    return render_template("staff/renewals.html", cycles=cycles, names=names)


@bp.get("/<int:cycle_id>")
@staff_required
def cycle(cycle_id: int) -> str:
    """One submitted cycle as a whole: its progress, every counted activity, the documents still waiting."""
    found = db.get_or_404(Cycle, cycle_id)
    waiting_documents = db.session.scalars(
        db.select(Document).where(Document.cycle_id == found.id, Document.status.in_(PENDING))
        .order_by(Document.id)).all()
    return render_template("staff/renewal.html", cycle=found, progress=cycle_progress(found),
                           applicant=db.session.get_one(User, found.applicant_id), waiting=waiting_documents,
                           approve_form=EmptyForm(), return_form=RenewalReturnForm(), today=date.today())


@bp.post("/<int:cycle_id>/approve")
@staff_required
def approve_cycle(cycle_id: int) -> ResponseReturnValue:
    found = db.get_or_404(Cycle, cycle_id)
    if EmptyForm().validate_on_submit():
        try:
            following = approve(found, current_user, date.today())
        except RenewalError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("renewals.cycle", cycle_id=cycle_id))
        renewal_step(found, "approved", following.cycle)
        db.session.commit()
        flash(f"Approved: the applicant is recertified; their next cycle is due {following.cycle.due_date}.", "info")
    return redirect(url_for("renewals.waiting"))


@bp.post("/<int:cycle_id>/return")
@staff_required
def return_cycle(cycle_id: int) -> ResponseReturnValue:
    found = db.get_or_404(Cycle, cycle_id)
    form = RenewalReturnForm()
    if not form.validate_on_submit():
        flash("Say in a note what the applicant should add or change.", "error")
        return redirect(url_for("renewals.cycle", cycle_id=cycle_id))
    try:
        return_to_applicant(found, current_user, form.note.data or "")
    except RenewalError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("renewals.cycle", cycle_id=cycle_id))
    renewal_step(found, "returned")
    db.session.commit()
    flash("Returned to the applicant with your note.", "info")
    return redirect(url_for("renewals.waiting"))
