"""Administrators' pages: re-processing batches (start, follow, cancel, resume, retry failed documents)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import SelectChoice

from reviewer.extensions import db
from reviewer.models import Batch, BatchItem, Document, ItemState, Program
from reviewer.reprocessing.batches import (
    BatchError,
    cancel_batch,
    format_duration,
    progress,
    resume_batch,
    retry_failed,
    start_batch,
)
from reviewer.reprocessing.selection import SELECTABLE_STATUSES, Selection, SelectionError
from reviewer.web.access import admin_required
from reviewer.web.forms import BatchForm, EmptyForm
from workers.flags import EXTRACTION_FLAGS, label

bp = Blueprint("admin", __name__, url_prefix="/admin")
_FAILED_SHOWN = 200
bp.add_app_template_filter(format_duration, "duration")


def _batch_form() -> BatchForm:
    form = BatchForm()
    programs = db.session.scalars(db.select(Program.code).order_by(Program.code)).all()
    anything = SelectChoice("", "any")
    form.program.choices = [anything] + [SelectChoice(code, code) for code in programs]
    form.status.choices = [anything] + [SelectChoice(s.value, s.value.replace("_", " ")) for s in SELECTABLE_STATUSES]
    form.flag.choices = [anything] + [SelectChoice(f, label(f)) for f in EXTRACTION_FLAGS]
    return form


def _selection(form: BatchForm) -> Selection:
    ids = tuple(sorted({int(part) for part in (form.ids.data or "").replace(" ", "").split(",") if part}))
    if form.scope.data == "all":
        return Selection(all=True)
    return Selection(program=form.program.data or None, status=form.status.data or None,
                     flag=form.flag.data or None, since=form.since.data, ids=ids)


def _get(batch_id: int) -> Batch:
    batch = db.session.get(Batch, batch_id)
    if batch is None:
        abort(404)
    return batch


def _batches_page(form: BatchForm, status: int = 200, confirm: dict[str, Any] | None = None) -> tuple[str, int]:
    """The batches page around `form`: after Count or a refused selection, the form comes back as it was
    sent (scope, filters, OCR), so Start runs exactly what was counted instead of a reset form. With
    `confirm`, Start asks once more, naming how many documents it will read."""
    recent = db.session.scalars(db.select(Batch).order_by(Batch.id.desc()).limit(50)).all()
    return render_template("admin/batches.html", form=form, batches=[(b, progress(b)) for b in recent],
                           confirm=confirm), status


@bp.get("/batches")
@admin_required
def batches() -> tuple[str, int]:
    return _batches_page(_batch_form())


@bp.post("/batches")
@admin_required
def start() -> Any:
    """Count (the page's dry run) or start a batch over the chosen documents."""
    form = _batch_form()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
        return _batches_page(form, 400)
    try:
        selection = _selection(form).check()
        if request.form.get("action") == "count":
            flash(f"{selection.count()} document(s) would be re-processed ({selection.describe()}). "
                  "Nothing was changed.", "info")
            return _batches_page(form)
        if request.form.get("confirmed") != "yes":  # a batch reads thousands of files: say how many first
            return _batches_page(form, confirm={"count": selection.count(), "describe": selection.describe()})
        batch, created = start_batch(selection, force_ocr=bool(form.force_ocr.data), user=current_user)
    except SelectionError as exc:
        flash(str(exc), "error")
        return _batches_page(form, 400)
    flash(f"Batch {batch.id} started over {batch.total} document(s)." if created
          else f"Batch {batch.id} with the same selection is already running.", "info")
    return redirect(url_for("admin.batch", batch_id=batch.id))


@bp.get("/batches/<int:batch_id>")
@admin_required
def batch(batch_id: int) -> str:
    batch = _get(batch_id)
    failed = db.session.execute(
        db.select(BatchItem, Document.original_name).join(Document, Document.id == BatchItem.document_id)
        .where(BatchItem.batch_id == batch_id, BatchItem.state == ItemState.FAILED)
        .order_by(BatchItem.id).limit(_FAILED_SHOWN)).all()
    changed = db.session.execute(
        db.select(BatchItem.document_id, Document.original_name, Document.status)
        .join(Document, Document.id == BatchItem.document_id)
        .where(BatchItem.batch_id == batch_id, BatchItem.changed.is_(True), BatchItem.had_decision.is_(True))
        .order_by(BatchItem.id).limit(_FAILED_SHOWN)).all()
    return render_template("admin/batch.html", batch=batch, p=progress(batch), failed=failed, changed=changed,
                           form=EmptyForm())


@bp.get("/batches/<int:batch_id>/progress")
@admin_required
def batch_progress(batch_id: int) -> Response:
    """The numbers of the page, for its live refresh (and anyone scripting against it)."""
    return jsonify({"id": batch_id, **progress(_get(batch_id)).as_dict()})


def _act(batch_id: int, action: str) -> ResponseReturnValue:
    _get(batch_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "cancel":
            flash(f"Batch {batch_id} cancelled; {cancel_batch(batch_id, current_user)} document(s) left.", "info")
        elif action == "resume":
            resume_batch(batch_id, current_user)
            flash(f"Batch {batch_id} resumed.", "info")
        else:
            item_id = request.form.get("item_id", type=int)
            flash(f"{retry_failed(batch_id, current_user, item_id)} document(s) sent again.", "info")
    except BatchError as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.batch", batch_id=batch_id))


@bp.post("/batches/<int:batch_id>/cancel")
@admin_required
def cancel(batch_id: int) -> ResponseReturnValue:
    return _act(batch_id, "cancel")


@bp.post("/batches/<int:batch_id>/resume")
@admin_required
def resume(batch_id: int) -> ResponseReturnValue:
    return _act(batch_id, "resume")


@bp.post("/batches/<int:batch_id>/retry")
@admin_required
def retry(batch_id: int) -> ResponseReturnValue:
    return _act(batch_id, "retry")
