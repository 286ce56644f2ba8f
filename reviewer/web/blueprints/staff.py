"""Staff pages: the queue of flagged documents, a document with its fields marked, and decisions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from reviewer.documents.changes import diff
from reviewer.documents.resubmissions import resubmission_links
from reviewer.extensions import db
from reviewer.models import Activity, AuditEvent, Document, DocumentStatus, Extraction, Program, User
from reviewer.normalize import clean_text, normalise
from reviewer.programs.cycles import cycles_of
from reviewer.programs.progress import progress_for
from reviewer.programs.progress import recompute as recompute_cycle
from reviewer.programs.rules import rules_of
from reviewer.queue import enqueue_extraction
from reviewer.review.claims import ClaimedElsewhere, claim, other_holder, release, take_over
from reviewer.review.decisions import (
    DECIDABLE,
    DecisionError,
    HeldByOther,
    RepeatedDecision,
    audit,
    current_decision,
    decide,
    set_status,
)
from reviewer.review.exports import DECISION_COLUMNS, QUEUE_COLUMNS, csv_lines, decision_rows, queue_rows
from reviewer.review.moves import move_to_cycle
from reviewer.review.recheck import recheck_fields
from reviewer.review.search import index_document
from reviewer.review.staff_queue import CursorError, QueueQuery, neighbours, other_list, queue_page
from reviewer.web.access import staff_required, visible_document
from reviewer.web.documents_view import document_summary, preview_response, row_boxes
from reviewer.web.forms import ActivityForm, DecisionForm, EmptyForm, MoveForm
from workers.errors import retry_can_help
from workers.fields.amounts import contact_hours
from workers.flags import BY_CODE, REJECT_REASONS

bp = Blueprint("staff", __name__, url_prefix="/staff")
LIST_PREVIEW = 10  # failed and changed documents shown on the queue page, with a link to all
OTHERS_SHOWN = 20  # the applicant's other documents on a document page
HISTORY_SHOWN = 100  # audit events on a document page
BULK_LIMIT = 200  # documents one bulk accept may decide


def _queue_query() -> QueueQuery:
    """The queue's filters from the URL; an unknown flag or sort is a 400, not a silently wider list."""
    args = request.args
    try:
        return QueueQuery(flag=args.get("flag") or None, program=args.get("program") or None,
                          applicant=(args.get("applicant") or "").strip()[:200] or None,
                          search=(args.get("q") or "").strip()[:200] or None, sort=args.get("sort") or "age",
                          mine_only=args.get("mine") == "1").checked()
    except ValueError as exc:
        abort(400, str(exc))


@bp.get("/queue")
@staff_required
def queue() -> ResponseReturnValue:
    """Documents waiting for staff, a page at a time (oldest first by default), with search and filters."""
    query = _queue_query()
    config = current_app.config
    try:
        page = queue_page(query, current_user.id, request.args.get("cursor") or None,
                          limit=int(config["QUEUE_PAGE_SIZE"]),
                          review_target_days=int(config["REVIEW_TARGET_WORKING_DAYS"]))
    except CursorError as exc:
        flash(str(exc), "error")
        return redirect(url_for("staff.queue", **query.as_args()))
    programs = db.session.scalars(db.select(Program.code).order_by(Program.code)).all()
    return render_template("staff/queue.html", page=page, items=page.items, counts=page.counts, query=query,
                           programs=programs, failed=other_list("failed", limit=LIST_PREVIEW),
                           changed=other_list("changed", limit=LIST_PREVIEW), bulk_form=EmptyForm(),
                           target_days=config["REVIEW_TARGET_WORKING_DAYS"])


@bp.get("/failed", defaults={"kind": "failed"})
@bp.get("/changed", defaults={"kind": "changed"})
@staff_required
def document_list(kind: str) -> str:
    """Every failed document, or every one changed since its decision, a page at a time."""
    try:
        rows = other_list(kind, cursor=request.args.get("cursor") or None,
                          limit=int(current_app.config["QUEUE_PAGE_SIZE"]))
    except CursorError as exc:
        abort(400, str(exc))
    return render_template("staff/list.html", kind=kind, rows=rows)


@bp.get("/documents/<int:document_id>")
@staff_required
def document(document_id: int) -> str:
    doc = visible_document(current_user, document_id)
    holder = other_holder(doc, current_user)  # looking is not claiming: staying or acting is (claim_document)
    prev_id, next_id = neighbours(doc, current_user.id)
    others = db.session.scalars(db.select(Document).where(Document.applicant_id == doc.applicant_id,
                                                           Document.id != doc.id)
                                .order_by(Document.id.desc()).limit(OTHERS_SHOWN)).all()
    same_file = db.session.execute(
        db.select(Document.id, Document.original_name, Document.applicant_id, Document.status,
                  User.name.label("applicant"))
        .join(User, User.id == Document.applicant_id)
        .where(Document.sha256 == doc.sha256, Document.id != doc.id).order_by(Document.id).limit(OTHERS_SHOWN)).all()
    history = db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                 .order_by(AuditEvent.id.desc()).limit(HISTORY_SHOWN)).all()[::-1]
    actor_ids = {e.actor_id for e in history if e.actor_id is not None}
    actors = dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(actor_ids))).all())
    decision = current_decision(doc)
    latest = db.session.get(Extraction, doc.latest_extraction_id) if doc.latest_extraction_id else doc.latest
    changes = (diff(decision.extraction, latest)
               if doc.changed_since_decision and decision and decision.extraction and latest else [])
    summary = document_summary(doc, latest)
    return render_template(
        "staff/document.html", doc=doc, summary=summary, rows=row_boxes(summary), decision=decision,
        changes=changes, decided_on=decision.extraction if decision else None,
        form=DecisionForm(), activity_form=ActivityForm(), retry_form=EmptyForm(), reasons=REJECT_REASONS,
        ready_notes={code: BY_CODE[code].next_step for code in REJECT_REASONS},
        move_form=MoveForm(), cycles=cycles_of(doc.applicant),
        others=others, same_file=same_file, history=history, actors=actors, progress=progress_for(doc.applicant),
        categories=rules_of(doc.cycle.program).categories if doc.cycle else (), **resubmission_links(doc),
        prev_id=prev_id, next_id=next_id, decidable=doc.status in DECIDABLE, holder=holder,
        claim_after=int(current_app.config["CLAIM_AFTER_SECONDS"]),
        can_retry=doc.status == DocumentStatus.FAILED and retry_can_help(doc.error_code))


@bp.get("/documents/<int:document_id>/pages/<int:page>.png")
@staff_required
def preview(document_id: int, page: int) -> Response:
    return preview_response(visible_document(current_user, document_id), page)


@bp.post("/documents/<int:document_id>/claim")
@staff_required
def claim_document(document_id: int) -> ResponseReturnValue:
    """The page's script calls this once its reviewer has stayed CLAIM_AFTER_SECONDS: it holds the document
    for them unless someone else does. JSON, CSRF token in the X-CSRFToken header."""
    doc = visible_document(current_user, document_id)
    holder = claim(doc, current_user, int(current_app.config["CLAIM_MINUTES"]))
    if holder is not None:
        return {"held": False, "holder": holder.name, "until": f"{doc.claimed_until:%H:%M}"}
    return {"held": doc.claimed_by_id == current_user.id,
            "until": f"{doc.claimed_until:%H:%M}" if doc.claimed_until else None}


@bp.post("/documents/<int:document_id>/take-over")
@staff_required
def take_over_document(document_id: int) -> ResponseReturnValue:
    """Hold a document someone else is working on, on purpose: their claim ends and the audit says so."""
    doc = visible_document(current_user, document_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if doc.applicant_id == current_user.id:
        flash("Nobody decides on their own documents; another reviewer must.", "error")
    elif doc.status != DocumentStatus.NEEDS_REVIEW:
        flash(f"Document {doc.id} is {doc.status.replace('_', ' ')}; nobody is working on it.", "info")
    else:
        previous = take_over(doc, current_user, int(current_app.config["CLAIM_MINUTES"]))
        db.session.commit()
        flash(f"You took document {doc.id} over from {previous.name}." if previous else
              f"You hold document {doc.id} now.", "info")
    return redirect(url_for("staff.document", document_id=doc.id))


@bp.post("/documents/<int:document_id>/decision")
@staff_required
def decision(document_id: int) -> ResponseReturnValue:
    """Accept, reject with a reason code, or request resubmission; then on to the next in the queue."""
    doc = visible_document(current_user, document_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        made = decide(doc, form.outcome.data, current_user, reason=form.reason.data or None,
                      note=form.note.data or "", seen_version=form.version.data)
        release(doc, current_user)
        db.session.commit()
    except RepeatedDecision as exc:  # Back then `a`: the decision stands, and the reviewer goes on
        db.session.rollback()
        flash(str(exc), "info")
    except DecisionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    else:
        flash(_decision_words(doc, made.outcome, made.reason), "info")
    _, next_id = neighbours(doc, current_user.id)
    return redirect(url_for("staff.document", document_id=next_id) if next_id else url_for("staff.queue"))


def _decision_words(doc: Document, outcome: str, reason: str | None) -> str:
    """What just happened, in a sentence: the next document is already on screen when staff read it, so
    the message alone must say which document, whose, and what was decided."""
    which = f"document {doc.id} ({doc.original_name}) for {doc.applicant.name}"
    if outcome == "accept":
        return f"Accepted {which}."
    if outcome == "reject":
        return f"Rejected {which} — reason: {(reason or 'none').replace('_', ' ')}."
    return f"Asked {doc.applicant.name} to resubmit document {doc.id} ({doc.original_name})."


@bp.post("/activities/<int:activity_id>")
@staff_required
def correct_activity(activity_id: int) -> ResponseReturnValue:
    """Staff correct an extracted field before deciding; the change is audited with old and new values."""
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        abort(404)
    extraction = db.session.get_one(Extraction, activity.extraction_id)
    doc = extraction.document
    form = ActivityForm()
    if doc.applicant_id == current_user.id:
        flash("Nobody corrects or decides on their own documents; another reviewer must.", "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    if not form.validate_on_submit():
        flash("Check the corrected values.", "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    # Correcting is working on it: the claim's conditional UPDATE decides, so two at once cannot both pass.
    holder = claim(doc, current_user, int(current_app.config["CLAIM_MINUTES"]))
    if holder is not None and doc.claimed_until is not None:
        flash(str(ClaimedElsewhere(holder, doc.claimed_until)), "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    categories = [c.code for c in rules_of(doc.cycle.program).categories] if doc.cycle else []
    if (form.category.data or None) not in [None, *categories]:
        flash("Choose one of the program's categories.", "error")
        return redirect(url_for("staff.document", document_id=doc.id))
    before = _activity_fields(activity)
    activity.title = form.title.data or None
    activity.normalized_title = normalise(activity.title) or None
    activity.start_date, activity.date = form.start_date.data, form.date.data
    activity.amount_value = form.amount_value.data
    activity.amount_unit = form.amount_unit.data or None
    activity.contact_hours = (contact_hours(activity.amount_value, activity.amount_unit)
                              if activity.amount_value is not None and activity.amount_unit else None)
    activity.category = form.category.data or None
    activity.excluded_reason = clean_text(form.excluded_reason.data)[:200] or None
    activity.corrected_by_id = current_user.id
    flags = recheck_fields(doc, extraction)  # "missing hours" goes once the hours are in
    audit(doc, current_user, "activity_corrected", {"activity": activity.id, "before": before,
                                                     "after": _activity_fields(activity), "flags": flags})
    index_document(doc.id)  # search finds the corrected title
    recompute_cycle(doc.cycle)  # what counts changed: an ended cycle's outcome may too
    db.session.commit()
    flash("Activity corrected." + _flag_words(flags), "info")
    return redirect(url_for("staff.document", document_id=doc.id))


def _flag_words(flags: dict[str, list[str]]) -> str:
    """The flags a correction cleared or raised, in staff's words."""
    words = ""
    if flags["cleared"]:
        words += " No longer flagged: " + ", ".join(BY_CODE[c].label for c in flags["cleared"]) + "."
    if flags["raised"]:
        words += " Now flagged: " + ", ".join(BY_CODE[c].label for c in flags["raised"]) + "."
    return words


def _activity_fields(activity: Activity) -> dict[str, object]:
    """What a correction may change, as the audit trail records it before and after."""
    return {"title": activity.title, "date": str(activity.date), "start_date": str(activity.start_date),
            "amount": [activity.amount_value, activity.amount_unit], "category": activity.category,
            "excluded_reason": activity.excluded_reason}


@bp.post("/documents/<int:document_id>/cycle")
@staff_required
def move(document_id: int) -> ResponseReturnValue:
    """File the document under another of the applicant's cycles (audited)."""
    doc = visible_document(current_user, document_id)
    form = MoveForm()
    if form.validate_on_submit():
        try:
            cycle = move_to_cycle(doc, int(form.cycle_id.data or 0), current_user)
        except DecisionError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(f"Document {doc.id} now counts toward {cycle.program.code}, window {cycle.window_start} to "
                  f"{cycle.window_end}.", "info")
    return redirect(url_for("staff.document", document_id=doc.id))


@bp.post("/documents/<int:document_id>/retry")
@staff_required
def retry(document_id: int) -> ResponseReturnValue:
    """Send a failed document back to the workers."""
    doc = visible_document(current_user, document_id)
    if EmptyForm().validate_on_submit() and doc.status == DocumentStatus.FAILED:
        if not retry_can_help(doc.error_code):
            flash(f"Document {doc.id} would fail the same way ({doc.error_code}); the applicant must send "
                  "another file.", "error")
            return redirect(url_for("staff.document", document_id=doc.id))
        set_status(doc, DocumentStatus.QUEUED, current_user, "retried")
        db.session.commit()
        enqueue_extraction(doc)
        flash(f"Document {doc.id} queued again.", "info")
    return redirect(url_for("staff.document", document_id=doc.id))


@bp.post("/bulk-accept")
@staff_required
def bulk_accept() -> ResponseReturnValue:
    """Accept the chosen audit-sample documents (read with no flags), each audited as its own decision.

    Each item names the version it was shown at; one that changed meanwhile, or that has flags now, is
    skipped and reported, and the others go on.
    """
    args: dict[str, Any] = request.args.to_dict()  # the queue's filters, to return to
    back = redirect(url_for("staff.queue", **args))
    if not EmptyForm().validate_on_submit():
        abort(400)
    chosen = request.form.getlist("ids")[:BULK_LIMIT]
    accepted, skipped, held, already = [], [], [], []
    for value in chosen:
        document_id, _, version = value.partition(":")
        if not (document_id.isdigit() and version.isdigit() and len(document_id) < 19 and len(version) < 10):
            skipped.append(value[:20])
            continue
        doc = db.session.get(Document, int(document_id))
        if doc is None or doc.flag_codes != "audit_sample":
            skipped.append(document_id)
            continue
        try:
            decide(doc, "accept", current_user, note="Accepted in bulk (audit sample, no flags).",
                   seen_version=int(version))
            release(doc, current_user)
            db.session.commit()
            accepted.append(document_id)
        except RepeatedDecision:
            db.session.rollback()
            already.append(document_id)
        except HeldByOther:
            db.session.rollback()
            held.append(document_id)
        except DecisionError:
            db.session.rollback()
            skipped.append(document_id)
    if not chosen:
        flash("Select the audit-sample documents to accept.", "error")
    else:
        flash(f"Accepted {len(accepted)} audit-sample document(s)."
              + (f" Already accepted: {', '.join(already)}." if already else "")
              + (f" Held by another reviewer, left to them: {', '.join(held)}." if held else "")
              + (f" Skipped {len(skipped)} that changed meanwhile or have flags: {', '.join(skipped)}." if skipped
                 else ""), "info" if not (skipped or held) else "error")
    return back


@bp.get("/queue.csv")
@staff_required
def export_queue() -> Response:
    """The queue with the page's filters, every matching row, streamed."""
    rows = queue_rows(_queue_query(), current_user.id)
    return _csv(csv_lines(QUEUE_COLUMNS, rows, safe=True), "review-queue.csv")


@bp.get("/decisions.csv")
@staff_required
def export_decisions() -> Response:
    """Decisions between two dates (?from=YYYY-MM-DD&to=YYYY-MM-DD, both optional), streamed."""
    try:
        since = date.fromisoformat(request.args["from"]) if request.args.get("from") else None
        until = date.fromisoformat(request.args["to"]) if request.args.get("to") else None
    except ValueError:
        abort(400, "Dates are YYYY-MM-DD.")
    return _csv(csv_lines(DECISION_COLUMNS, decision_rows(since, until)), "decisions.csv")


def _csv(lines: Iterator[str], filename: str) -> Response:
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return response
