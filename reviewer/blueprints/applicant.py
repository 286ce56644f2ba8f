"""The applicant's pages: upload, their documents with live status, what was found, and progress."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from reviewer.access import visible_document
from reviewer.documents_view import document_summary, preview_response
from reviewer.extensions import db
from reviewer.forms import ResubmitForm, UploadForm
from reviewer.models import Document, DocumentStatus
from reviewer.programs import progress_for
from reviewer.review import current_decision
from reviewer.storage import BlobStore
from reviewer.uploads import UploadError, accept_upload, read_upload

bp = Blueprint("applicant", __name__)


@bp.get("/")
@login_required
def dashboard() -> str:
    """Progress, the upload form and every document with its status."""
    documents = db.session.scalars(db.select(Document).where(Document.applicant_id == current_user.id)
                                   .order_by(Document.uploaded_at.desc(), Document.id.desc())).all()
    return render_template("applicant/dashboard.html", form=UploadForm(), documents=documents,
                           progress=progress_for(current_user))


@bp.post("/documents")
@login_required
def upload() -> Response:
    """One or many files; each refused file says why, the others go on."""
    form = UploadForm()
    if not form.validate_on_submit():
        flash("The upload form expired; please try again.", "error")
        return redirect(url_for("applicant.dashboard"))
    files = [f for f in (form.files.data or []) if f and f.filename]
    if not files:
        flash("Choose at least one file.", "error")
    if len(files) > int(current_app.config["MAX_FILES_PER_UPLOAD"]):
        flash(f"At most {current_app.config['MAX_FILES_PER_UPLOAD']} files at once.", "error")
        files = []
    for storage in files:
        try:
            document = accept_upload(current_user, storage.filename, read_upload(storage))
        except UploadError as exc:
            flash(f"Not uploaded: {exc.message}", "error")
            continue
        if document.status == DocumentStatus.FAILED:
            flash(f"{document.original_name}: {document.error_message}", "error")
        else:
            flash(f"{document.original_name} uploaded; it is being read.", "info")
    return redirect(url_for("applicant.dashboard"))


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int) -> str:
    doc = visible_document(current_user, document_id)
    return render_template("applicant/document.html", doc=doc, summary=document_summary(doc),
                           decision=current_decision(doc), form=ResubmitForm())


@bp.get("/documents/<int:document_id>/status")
@login_required
def status(document_id: int) -> Response:
    """For the page's polling: the live status only."""
    doc = visible_document(current_user, document_id)
    return jsonify({"id": doc.id, "status": doc.status})


@bp.get("/documents/<int:document_id>/file")
@login_required
def original(document_id: int) -> Response:
    """The original, always as an attachment with nosniff, never rendered inline by the browser."""
    doc = visible_document(current_user, document_id)
    path = BlobStore(current_app.config["STORAGE_DIR"]).path_for(doc.sha256)
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
def resubmit(document_id: int) -> Response:
    """Answer a resubmission request with a new file; the new document links to the old one."""
    doc = visible_document(current_user, document_id)
    form = ResubmitForm()
    if doc.status != DocumentStatus.RESUBMISSION_REQUESTED or not form.validate_on_submit() or not form.file.data:
        flash("Choose a file to send in answer to the request.", "error")
        return redirect(url_for("applicant.document", document_id=doc.id))
    try:
        new = accept_upload(current_user, form.file.data.filename, read_upload(form.file.data), resubmission_of=doc)
    except UploadError as exc:
        flash(f"Not uploaded: {exc.message}", "error")
        return redirect(url_for("applicant.document", document_id=doc.id))
    flash(f"{new.original_name} sent in answer to the request.", "info")
    return redirect(url_for("applicant.document", document_id=new.id))
