"""The applicant's pages: upload, their documents with live status, what was found, and progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from reviewer.documents.resubmissions import resubmission_links
from reviewer.documents.retention import blob_purged
from reviewer.documents.storage import BlobStore
from reviewer.documents.uploads import UploadError, accept_file
from reviewer.documents.withdrawal import WithdrawError, can_withdraw, withdraw
from reviewer.extensions import db
from reviewer.mail.notifications import renewal_step
from reviewer.models import Cycle, DocumentStatus
from reviewer.programs.cycles import NOT_ENROLLED, OPEN, current_cycle, current_of, cycles_of
from reviewer.programs.progress import cycle_progress, progress_for
from reviewer.programs.renewal import ATTESTATION, RenewalError, submit
from reviewer.programs.transcript import transcript_csv, transcript_pdf, transcript_rows
from reviewer.review.decisions import claim_resubmission_request, current_decision
from reviewer.web.access import visible_document
from reviewer.web.applicant_view import document_rows, to_do
from reviewer.web.documents_view import document_summary, preview_response
from reviewer.web.forms import EmptyForm, RenewalSubmitForm, ResubmitForm, UploadForm
from workers.reading.readers import accepted_words

bp = Blueprint("applicant", __name__)


@bp.get("/")
@login_required
def dashboard() -> str:
    """Progress by category with the due date, the upload form, and every document in plain words."""
    cycles = cycles_of(current_user)  # read once: the current cycle, its progress and the list all use them
    current = current_of(cycles)
    progresses = {cycle.id: cycle_progress(cycle) for cycle in cycles}
    choices = [c for c in cycles if c.status == OPEN]
    rows = document_rows(current_user, progresses)
    return render_template("applicant/dashboard.html", form=UploadForm(), withdraw_form=EmptyForm(),
                           documents=rows, to_do=to_do(rows, date.today()), limits=_upload_limits(),
                           progress=progresses[current.id] if current else None, today=date.today(),
                           cycles=choices if len(choices) > 1 else [], current=current)


def _upload_limits() -> dict[str, Any]:
    """What the file picker takes, said beside it rather than after a refusal."""
    config = current_app.config
    return {"types": accepted_words(), "each_mib": int(config["MAX_UPLOAD_BYTES"]) // 2**20,
            "files": int(config["MAX_FILES_PER_UPLOAD"])}


@bp.route("/renewal", methods=["GET", "POST"])
@login_required
def renewal() -> ResponseReturnValue:
    """The applicant's cycle as a whole: what counts, what waits, what is short; and its submission."""
    cycle = current_cycle(current_user)
    if cycle is None:
        flash(NOT_ENROLLED, "error")
        return redirect(url_for("applicant.dashboard"))
    form = RenewalSubmitForm()
    if form.validate_on_submit():
        try:
            submit(cycle, current_user, bool(form.attest.data))
        except RenewalError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            renewal_step(cycle, "submitted")
            db.session.commit()
            flash("Submitted: staff will review your cycle and write to you.", "info")
            return redirect(url_for("applicant.renewal"))
    progress = cycle_progress(cycle)
    return render_template("applicant/renewal.html", cycle=cycle, progress=progress, form=form,
                           attestation=ATTESTATION, today=date.today())


@bp.get("/transcript.<any(pdf, csv):fmt>")
@login_required
def transcript(fmt: str) -> Response:
    """The compliance transcript: accepted activities by category with their decision dates."""
    progress = progress_for(current_user)
    rows = transcript_rows(progress)
    if fmt == "csv":
        response = Response(transcript_csv(rows), mimetype="text/csv")
    else:
        response = Response(transcript_pdf(current_user, progress, rows, date.today()),
                            mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename=transcript.{fmt}"
    return response


@bp.post("/documents")
@login_required
def upload() -> ResponseReturnValue:
    """One or many files; each refused file says why, the others go on."""
    form = UploadForm()
    if current_user.is_staff:
        # As in the API: reviewers do not send evidence, so none of theirs can reach their own queue.
        flash("Only applicants upload evidence.", "error")
        return redirect(url_for("applicant.dashboard"))
    if current_cycle(current_user) is None:
        flash(NOT_ENROLLED, "error")
        return redirect(url_for("applicant.dashboard"))
    if not form.validate_on_submit():
        flash("The upload form expired; please try again.", "error")
        return redirect(url_for("applicant.dashboard"))
    files = [f for f in (form.files.data or []) if f and f.filename]
    if not files:
        flash("Choose at least one file.", "error")
    if len(files) > int(current_app.config["MAX_FILES_PER_UPLOAD"]):
        flash(f"At most {current_app.config['MAX_FILES_PER_UPLOAD']} files at once.", "error")
        files = []
    chosen = _chosen_cycle(request.form.get("cycle_id"))
    for storage in files:
        try:
            document = accept_file(current_user, storage, cycle=chosen)
        except UploadError as exc:
            flash(f"Not uploaded: {exc.message}", "error")
            continue
        if document.status == DocumentStatus.FAILED:
            flash(f"{document.original_name}: {document.error_message}", "error")
        else:
            flash(f"{document.original_name} uploaded; it is being read.", "info")
    return redirect(url_for("applicant.dashboard"))


def _chosen_cycle(value: str | None) -> Cycle | None:
    """The open cycle of the applicant's own that they said the evidence is for, if they said one."""
    if not value or not value.isdigit():
        return None
    cycle = db.session.get(Cycle, int(value))
    return cycle if cycle is not None and cycle.applicant_id == current_user.id and cycle.status == OPEN else None


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int) -> str:
    doc = visible_document(current_user, document_id)
    decision = current_decision(doc)
    offer = doc.applicant_id == current_user.id and can_withdraw(doc.status, decision is not None,
                                                                 doc.resubmission_of_id is not None)
    return render_template("applicant/document.html", doc=doc, summary=document_summary(doc),
                           decision=decision, form=ResubmitForm(), withdraw_form=EmptyForm(), can_withdraw=offer,
                           **resubmission_links(doc))


@bp.post("/documents/<int:document_id>/withdraw")
@login_required
def withdraw_document(document_id: int) -> ResponseReturnValue:
    """Take back an upload nobody has decided yet; it leaves the list, the queue and progress (audited)."""
    doc = visible_document(current_user, document_id)
    version = request.form.get("version", "")
    if not EmptyForm().validate_on_submit() or not version.isdigit() or len(version) > 9:
        abort(400, "The withdraw form names the document's version; reload the page and try again.")
    try:
        withdraw(doc, current_user, int(version))
        db.session.commit()
    except WithdrawError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("applicant.document", document_id=doc.id))
    flash(f"{doc.original_name} withdrawn: it no longer counts or waits for staff.", "info")
    return redirect(url_for("applicant.dashboard"))


@bp.get("/documents/<int:document_id>/status")
@login_required
def status(document_id: int) -> Response:
    """For the page's polling: the live status only."""
    doc = visible_document(current_user, document_id)
    return jsonify({"id": doc.id, "status": doc.status})


@bp.get("/documents/<int:document_id>/file")
@login_required
def original(document_id: int) -> Response | tuple[str, int]:
    """The original, always as an attachment with nosniff, never rendered inline by the browser."""
    doc = visible_document(current_user, document_id)
    path = BlobStore(current_app.config["STORAGE_DIR"]).path_for(doc.sha256)
    if not path.exists():
        # A refused non-document's file is deleted after its retention period; its record stays.
        if blob_purged(doc):
            message = ("This file was not a document we could read, so it was deleted "
                       f"{current_app.config['REFUSED_RETENTION_DAYS']} days after it was sent. Its record stays.")
        else:
            current_app.logger.error("blob %s of document %s is missing", doc.sha256, doc.id)
            message = "The stored file is missing."
        return render_template("error.html", title="File deleted", message=message), 410
    response = send_file(path, mimetype="application/octet-stream", as_attachment=True,
                         download_name=doc.original_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/documents/<int:document_id>/pages/<int:page>.png")
@login_required
def preview(document_id: int, page: int) -> Response:
    return preview_response(visible_document(current_user, document_id), page)


@bp.post("/documents/<int:document_id>/resubmit")
@login_required
def resubmit(document_id: int) -> ResponseReturnValue:
    """Answer a resubmission request with a new file; the new document links to the old one."""
    doc = visible_document(current_user, document_id)
    if doc.applicant_id != current_user.id:
        # Staff may see the document, but only its applicant answers the request: a reviewer's answer
        # would be a document of the reviewer's, closing the request the applicant still has to answer.
        abort(403, "Only the applicant answers a request for a new file.")
    form = ResubmitForm()
    if doc.status != DocumentStatus.RESUBMISSION_REQUESTED or not form.validate_on_submit() or not form.file.data:
        flash("Choose a file to send in answer to the request.", "error")
        return redirect(url_for("applicant.document", document_id=doc.id))
    answered = claim_resubmission_request(doc)
    if answered is not None:
        flash("This request has already been answered; one request takes one answer. "
              "Upload further evidence from your dashboard.", "error")
        return redirect(url_for("applicant.document", document_id=answered))
    try:
        # A file we cannot read is refused here rather than kept: the request stays open for a readable one.
        new = accept_file(current_user, form.file.data, resubmission_of=doc, keep_unsupported=False)
    except UploadError as exc:
        db.session.rollback()
        flash(f"Not uploaded: {exc.message}", "error")
        return redirect(url_for("applicant.document", document_id=doc.id))
    flash(f"{new.original_name} sent in answer to the request.", "info")
    return redirect(url_for("applicant.document", document_id=new.id))
