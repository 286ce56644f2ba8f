"""JSON API for scripts and integrations. Bearer tokens only: the session cookie is not accepted here,
so a page an applicant visits cannot make their browser call the API (no CSRF surface)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, request

from reviewer.documents.uploads import UploadError, accept_file
from reviewer.extensions import db
from reviewer.mail.notifications import enrolled
from reviewer.models import Document, User
from reviewer.models.users import hash_token
from reviewer.programs.cycles import NOT_ENROLLED, EnrolmentError, current_cycle, enrol
from reviewer.programs.progress import progress_for
from reviewer.review.claims import release, take_over
from reviewer.review.decisions import (
    DecisionError,
    HeldByOther,
    RepeatedDecision,
    StaleDecision,
    decide,
    validate_decision,
)
from reviewer.review.staff_queue import CursorError, QueueQuery, queue_page
from reviewer.web.api_errors import ApiError, api_error
from reviewer.web.documents_view import document_summary
from workers.flags import STAFF_ONLY_REASONS

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.errorhandler(ApiError)
def api_failed(error: ApiError) -> tuple[Response, int]:
    return api_error(error.status, error.code, error.message)


def json_object() -> dict[str, Any]:
    """The request's JSON body, which must be an object; anything else is a 400 that says so."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "Send a JSON object (Content-Type: application/json).")
    return body


@bp.before_request
def authenticate() -> Any:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    user = db.session.scalars(db.select(User).where(User.token_hash == hash_token(token))).first() if token else None
    if user is None or not user.active:  # a deactivated account's token stops with its sessions
        return api_error(401, "unauthorized", "Send a valid token as 'Authorization: Bearer <token>'.")
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
    return api_error(404, "not_found", "No such document.")


@bp.errorhandler(413)
def too_big(_: Exception) -> tuple[Response, int]:
    return api_error(413, "too_large", "The request is larger than the upload limit.")


@bp.post("/documents")
def upload() -> tuple[Response, int]:
    if _user().is_staff:
        return api_error(403, "forbidden", "Only applicants upload evidence.")
    if current_cycle(_user()) is None:
        return api_error(409, "not_enrolled", NOT_ENROLLED)
    storage = request.files.get("file")
    if storage is None:
        return api_error(400, "missing_file", "Send the file as multipart field 'file'.")
    try:
        document = accept_file(_user(), storage, keep_unsupported=False)
    except UploadError as exc:
        return api_error(exc.status, exc.code, exc.message)
    return jsonify({"id": document.id, "status": document.status}), 202


@bp.get("/documents/<int:document_id>")
def get_document(document_id: int) -> Response:
    summary = document_summary(_own_document(document_id))
    if not _user().is_staff:  # a reason that names another person's document is for staff (workers/flags.py)
        summary["flag_reasons"] = {code: (None if code in STAFF_ONLY_REASONS else reason)
                                   for code, reason in summary["flag_reasons"].items()}
    keys = ("id", "status", "filename", "flags", "flag_reasons", "activities", "recipient", "issuer", "third_party",
            "decision", "error")
    return jsonify({**{k: summary[k] for k in keys}, "version": summary["state_version"]})


@bp.get("/review-queue")
def review_queue() -> Any:
    """A page of the queue: ?cursor= from the previous page's next_cursor, and the staff page's filters
    (flag, program, applicant, q, sort, mine=1, limit up to 200)."""
    if not _user().is_staff:
        return api_error(403, "forbidden", "The review queue is for staff.")
    args = request.args
    limit = args.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= 200:
        return api_error(400, "invalid_limit", "'limit' is a whole number from 1 to 200.")
    try:
        query = QueueQuery(flag=args.get("flag") or None, program=args.get("program") or None,
                           applicant=(args.get("applicant") or "")[:200] or None,
                           search=(args.get("q") or "")[:200] or None,
                           sort=args.get("sort") or "age", mine_only=args.get("mine") == "1").checked()
        page = queue_page(query, _user().id, args.get("cursor") or None, limit=int(limit),
                          review_target_days=int(current_app.config["REVIEW_TARGET_WORKING_DAYS"]))
    except CursorError as exc:
        return api_error(400, "invalid_cursor", str(exc))
    except ValueError as exc:
        return api_error(400, "invalid_filter", str(exc))
    return jsonify({"items": [item.as_dict() for item in page.items], "next_cursor": page.next_cursor,
                    "counts": page.counts})


@bp.post("/documents/<int:document_id>/decision")
def decision(document_id: int) -> Any:
    if not _user().is_staff:
        return api_error(403, "forbidden", "Decisions are for staff.")
    document = _own_document(document_id)
    body = json_object()
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version < 2**31:
        return api_error(422, "invalid_decision", "'version' is required: the document's version from "
                         "GET /api/documents/<id>, so a decision is never made on a state you did not see.")
    unchanged = False
    try:
        outcome, reason, note = validate_decision(body.get("outcome"), body.get("reason"), body.get("note"))
        if body.get("take_over") is True and document.applicant_id != _user().id:  # audited in the same commit
            take_over(document, _user(), int(current_app.config["CLAIM_MINUTES"]))
            db.session.refresh(document)
        made = decide(document, outcome, _user(), reason=reason, note=note, seen_version=version)
        release(document, _user())
        db.session.commit()
    except RepeatedDecision as exc:  # the same decision again: it stands, nothing is written, no mail
        db.session.rollback()
        made, unchanged = exc.standing, True
    except StaleDecision as exc:
        db.session.rollback()
        return api_error(409, "stale_decision", str(exc))
    except HeldByOther as exc:
        db.session.rollback()
        return api_error(409, "claimed", str(exc))
    except DecisionError as exc:
        db.session.rollback()
        return api_error(422, "invalid_decision", str(exc))
    return jsonify({"id": document.id, "status": document.status, "version": document.state_version,
                    "unchanged": unchanged,
                    "decision": {"outcome": made.outcome, "reason": made.reason, "note": made.note,
                                 "at": made.created_at.isoformat() + "Z"}})


@bp.post("/enrolments")
def enrolments() -> Any:
    """Admins enrol an applicant: {"email", "program", "certified_on": "YYYY-MM-DD", optional "name",
    "multiple", "exemption", "reason", "certified_since", "certifications": [codes held],
    "degree_institution", "degree_year"}. New accounts are e-mailed a set-password link."""
    if _user().role != "admin":
        return api_error(403, "forbidden", "Enrolment is for administrators.")
    body = json_object()
    try:
        fields = {key: body.get(key) for key in ("email", "program", "name", "exemption", "reason",
                                                 "degree_institution")}
        email, program = fields["email"], fields["program"]
        if not isinstance(email, str) or not isinstance(program, str) or not all(
                v is None or isinstance(v, str) for v in fields.values()):
            raise EnrolmentError("'email' and 'program' are required strings; 'name', 'exemption', 'reason' and "
                                 "'degree_institution' are strings.")
        held, year = body.get("certifications") or [], body.get("degree_year")
        if not isinstance(held, list) or not all(isinstance(code, str) for code in held):
            raise EnrolmentError("'certifications' is a list of certification codes, e.g. [\"CCE\"].")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise EnrolmentError("'degree_year' is a year, e.g. 2012.")
        made = enrol(email, program, _iso_date(body.get("certified_on"), "certified_on"),
                     name=fields["name"], multiple=body.get("multiple") is True, exemption=fields["exemption"],
                     exemption_reason=fields["reason"],
                     certified_since=_iso_date(body["certified_since"], "certified_since")
                     if body.get("certified_since") else None, certifications=held,
                     degree_institution=fields["degree_institution"], degree_year=year)
    except EnrolmentError as exc:
        db.session.rollback()
        return api_error(422, "invalid_enrolment", str(exc))
    enrolled(made)
    db.session.commit()
    cycle = made.cycle
    return jsonify({"user": {"id": made.user.id, "email": made.user.email, "created": made.created_user},
                    "cycle": {"id": cycle.id, "program": cycle.program.code,
                              "window_start": cycle.window_start.isoformat(),
                              "window_end": cycle.window_end.isoformat(),
                              "due_date": cycle.due_date.isoformat() if cycle.due_date else None,
                              "status": cycle.status, "exemption": cycle.exemption,
                              "certifications": cycle.certifications, "degree_institution": cycle.degree_institution,
                              "degree_year": cycle.degree_year}}), 201


def _iso_date(value: object, name: str) -> date:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else _raise(name)
    except ValueError:
        return _raise(name)


def _raise(name: str) -> date:
    raise EnrolmentError(f"'{name}' is a date, YYYY-MM-DD.")


@bp.get("/me/progress")
def my_progress() -> Any:
    progress = progress_for(_user())
    if progress is None:
        return api_error(404, "no_cycle", "You are not enrolled in a recertification cycle.")
    return jsonify(progress.as_dict())
