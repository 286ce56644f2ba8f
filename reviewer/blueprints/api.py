"""JSON API for scripts and integrations. Bearer tokens only: the session cookie is not accepted here,
so a page an applicant visits cannot make their browser call the API (no CSRF surface)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, g, jsonify, request

from reviewer.documents_view import document_summary
from reviewer.extensions import db
from reviewer.models import Document, User
from reviewer.models.users import hash_token
from reviewer.programs import progress_for
from reviewer.review import DecisionError, decide
from reviewer.review_queue import queue_items
from reviewer.uploads import UploadError, accept_upload, read_upload

bp = Blueprint("api", __name__, url_prefix="/api")


def _error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"error": {"code": code, "message": message}}), status


@bp.before_request
def authenticate() -> Any:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    user = db.session.scalars(db.select(User).where(User.token_hash == hash_token(token))).first() if token else None
    if user is None:
        return _error(401, "unauthorized", "Send a valid token as 'Authorization: Bearer <token>'.")
    g.api_user = user
    return None


def _user() -> User:
    return g.api_user


def _own_document(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or (not _user().is_staff and document.applicant_id != _user().id):
        abort(404)
    return document


@bp.errorhandler(404)
def not_found(_: Exception) -> tuple[Response, int]:
    return _error(404, "not_found", "No such document.")


@bp.errorhandler(413)
def too_big(_: Exception) -> tuple[Response, int]:
    return _error(413, "too_large", "The request is larger than the upload limit.")


@bp.post("/documents")
def upload() -> tuple[Response, int]:
    if _user().is_staff:
        return _error(403, "forbidden", "Only applicants upload evidence.")
    storage = request.files.get("file")
    if storage is None:
        return _error(400, "missing_file", "Send the file as multipart field 'file'.")
    try:
        document = accept_upload(_user(), storage.filename, read_upload(storage))
    except UploadError as exc:
        return _error(413 if exc.code == "too_large" else 400, exc.code, exc.message)
    if document.error_code:
        return _error(415, document.error_code, document.error_message or "")
    return jsonify({"id": document.id, "status": document.status}), 202


@bp.get("/documents/<int:document_id>")
def get_document(document_id: int) -> Response:
    summary = document_summary(_own_document(document_id))
    keys = ("id", "status", "filename", "flags", "flag_reasons", "activities", "recipient", "issuer", "third_party",
            "decision", "error")
    return jsonify({k: summary[k] for k in keys})


@bp.get("/review-queue")
def review_queue() -> Any:
    if not _user().is_staff:
        return _error(403, "forbidden", "The review queue is for staff.")
    items, _ = queue_items()
    return jsonify({"items": [{k: i[k] for k in ("id", "applicant", "flags", "uploaded_at")} for i in items]})


@bp.post("/documents/<int:document_id>/decision")
def decision(document_id: int) -> Any:
    if not _user().is_staff:
        return _error(403, "forbidden", "Decisions are for staff.")
    document = _own_document(document_id)
    body = request.get_json(silent=True) or {}
    try:
        made = decide(document, str(body.get("outcome", "")), _user(), reason=body.get("reason") or None,
                      note=str(body.get("note") or ""))
        db.session.commit()
    except DecisionError as exc:
        db.session.rollback()
        return _error(422, "invalid_decision", str(exc))
    return jsonify({"id": document.id, "status": document.status,
                    "decision": {"outcome": made.outcome, "reason": made.reason, "note": made.note,
                                 "at": made.created_at.isoformat() + "Z"}})


@bp.get("/me/progress")
def my_progress() -> Any:
    progress = progress_for(_user())
    if progress is None:
        return _error(404, "no_cycle", "You are not enrolled in a recertification cycle.")
    return jsonify(progress.as_dict())
