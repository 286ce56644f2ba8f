"""Staff pages: the queue of flagged documents, a document with its fields marked, and decisions."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from reviewer.access import staff_required, visible_document
from reviewer.changes import diff
from reviewer.documents_view import document_summary, preview_response
from reviewer.extensions import db
from reviewer.forms import ActivityForm, DecisionForm, EmptyForm
from reviewer.models import Activity, AuditEvent, Document, DocumentStatus, Extraction, Program, User
from reviewer.normalize import normalise
from reviewer.models.review import REJECT_REASONS
from reviewer.programs import progress_for
from reviewer.queue import enqueue_extraction
from reviewer.review import DecisionError, audit, current_decision, decide, set_status
from reviewer.review_queue import queue_items
from workers.amounts import contact_hours

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/queue")
@staff_required
def queue() -> str:
    """Documents waiting for staff, oldest first, filterable by flag, program and applicant."""
    flag, program, applicant = request.args.get("flag") or None, request.args.get("program") or None, \
        request.args.get("applicant") or None
    items, counts = queue_items(flag=flag, program=program, applicant=applicant)
    failed = db.session.scalars(db.select(Document).where(Document.status == DocumentStatus.FAILED)
                                .order_by(Document.uploaded_at)).all()
    changed = db.session.scalars(db.select(Document).where(Document.changed_since_decision.is_(True))
                                 .order_by(Document.updated_at)).all()
    programs = db.session.scalars(db.select(Program).order_by(Program.code)).all()
    return render_template("staff/queue.html", items=items, counts=counts, failed=failed, changed=changed,
                           programs=programs, filters={"flag": flag, "program": program, "applicant": applicant})


@bp.get("/documents/<int:document_id>")
@staff_required
def document(document_id: int) -> str:
    doc = visible_document(current_user, document_id)
    items, _ = queue_items()
    ids = [item["id"] for item in items]
    position = ids.index(doc.id) if doc.id in ids else -1
    others = db.session.scalars(db.select(Document).where(Document.applicant_id == doc.applicant_id,
                                                           Document.id != doc.id).order_by(Document.id)).all()
    history = db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                 .order_by(AuditEvent.id)).all()
    actor_ids = {e.actor_id for e in history if e.actor_id is not None}
    actors = dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(actor_ids))).all())
    decision = current_decision(doc)
    changes = (diff(decision.extraction, doc.latest)
               if doc.changed_since_decision and decision and decision.extraction and doc.latest else [])
    return render_template(
        "staff/document.html", doc=doc, summary=document_summary(doc, doc.latest), decision=decision,
        changes=changes, decided_on=decision.extraction if decision else None,
        form=DecisionForm(), activity_form=ActivityForm(), retry_form=EmptyForm(), reasons=REJECT_REASONS,
        others=others, history=history, actors=actors, progress=progress_for(doc.applicant),
        prev_id=ids[position - 1] if position > 0 else None,
        next_id=ids[position + 1] if 0 <= position < len(ids) - 1 else (ids[0] if ids and position < 0 else None))


@bp.get("/documents/<int:document_id>/pages/<int:page>.png")
@staff_required
def preview(document_id: int, page: int) -> Response:
    return preview_response(visible_document(current_user, document_id), page)


@bp.post("/documents/<int:document_id>/decision")
@staff_required
def decision(document_id: int) -> Response:
    """Accept, reject with a reason code, or request resubmission; then on to the next in the queue."""
    doc = visible_document(current_user, document_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        decide(doc, form.outcome.data, current_user, reason=form.reason.data or None, note=form.note.data or "")
        db.session.commit()
    except DecisionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    flash(f"Document {doc.id}: {form.outcome.data.replace('_', ' ')}.", "info")
    items, _ = queue_items()
    return redirect(url_for("staff.document", document_id=items[0]["id"]) if items else url_for("staff.queue"))


@bp.post("/activities/<int:activity_id>")
@staff_required
def correct_activity(activity_id: int) -> Response:
    """Staff correct an extracted field before deciding; the change is audited with old and new values."""
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        abort(404)
    doc = db.session.get(Extraction, activity.extraction_id).document
    form = ActivityForm()
    if not form.validate_on_submit():
        flash("Check the corrected values.", "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    before = {"title": activity.title, "date": str(activity.date), "start_date": str(activity.start_date),
              "amount": [activity.amount_value, activity.amount_unit]}
    activity.title = form.title.data or None
    activity.normalized_title = normalise(activity.title) or None
    activity.start_date, activity.date = form.start_date.data, form.date.data
    activity.amount_value = form.amount_value.data
    activity.amount_unit = form.amount_unit.data or None
    activity.contact_hours = (contact_hours(activity.amount_value, activity.amount_unit)
                              if activity.amount_value is not None and activity.amount_unit else None)
    activity.corrected_by_id = current_user.id
    audit(doc, current_user, "activity_corrected", {"activity": activity.id, "before": before, "after": {
        "title": activity.title, "date": str(activity.date), "start_date": str(activity.start_date),
        "amount": [activity.amount_value, activity.amount_unit]}})
    db.session.commit()
    flash("Activity corrected.", "info")
    return redirect(url_for("staff.document", document_id=doc.id))


@bp.post("/documents/<int:document_id>/retry")
@staff_required
def retry(document_id: int) -> Response:
    """Send a failed document back to the workers."""
    doc = visible_document(current_user, document_id)
    if EmptyForm().validate_on_submit() and doc.status == DocumentStatus.FAILED:
        set_status(doc, DocumentStatus.QUEUED, current_user, "retried")
        db.session.commit()
        enqueue_extraction(doc)
        flash(f"Document {doc.id} queued again.", "info")
    return redirect(url_for("staff.document", document_id=doc.id))

