"""Administrators' people pages: users (list, search, create, rename, role, deactivate, reset link) and
enrolment in a program from the web. Views stay thin: the rules live in reviewer/accounts/people.py and
reviewer/programs/cycles.py, which the CLI and the API share."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewer.accounts.people import AccountError, change_details, create_account, send_reset, set_active, user_page
from reviewer.accounts.requests import AccountRequestError, decline
from reviewer.extensions import db
from reviewer.mail.notifications import enrolled
from reviewer.models import AccountRequest, User
from reviewer.programs.cycles import EnrolmentError, cycles_of, enrol
from reviewer.review.decisions import audit
from reviewer.web.access import admin_required
from reviewer.web.admin_forms import NewUserForm, UserDetailsForm, enrol_form, form_errors
from reviewer.web.forms import EmptyForm

bp = Blueprint("admin_people", __name__, url_prefix="/admin")
REQUESTS_SHOWN = 100  # pending requests on the page, and decided ones below them


def _get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _users_page(form: NewUserForm, status: int = 200) -> tuple[str, int]:
    search = (request.args.get("q") or "").strip()
    page = user_page(search, request.args.get("before", type=int))
    return render_template("admin/users.html", page=page, search=search, form=form), status


@bp.get("/users")
@admin_required
def users() -> tuple[str, int]:
    """Newest accounts first, 50 a page, searchable by part of a name or e-mail; the form to add one."""
    return _users_page(NewUserForm())


@bp.post("/users")
@admin_required
def create() -> Any:
    """A new account, mailed a set-password link (it has no password until the person sets one)."""
    form = NewUserForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
        return _users_page(form, 400)
    try:
        user = create_account(current_user, form.email.data, form.name.data, form.role.data)
    except AccountError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _users_page(form, 400)
    db.session.commit()
    flash(f"Account made for {user.email}; a link to set the password was e-mailed.", "info")
    return redirect(url_for("admin_people.user", user_id=user.id))


def _user_page(user: User, form: UserDetailsForm | None = None, status: int = 200) -> tuple[str, int]:
    if form is None:
        form = UserDetailsForm(data={"name": user.name, "role": user.role})
    return render_template("admin/user.html", person=user, form=form, button=EmptyForm(),
                           cycles=cycles_of(user)), status


@bp.get("/users/<int:user_id>")
@admin_required
def user(user_id: int) -> tuple[str, int]:
    """One account: its details and role, its state, its cycles in every program, and its actions."""
    return _user_page(_get(user_id))


@bp.post("/users/<int:user_id>")
@admin_required
def update(user_id: int) -> Any:
    """Rename or change the role (never one's own role)."""
    person, form = _get(user_id), UserDetailsForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
        return _user_page(person, form, 400)
    try:
        changed = change_details(current_user, person, form.name.data, form.role.data)
    except AccountError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _user_page(person, form, 400)
    db.session.commit()
    flash(f"{person.email} saved." if changed else "Nothing changed.", "info")
    return redirect(url_for("admin_people.user", user_id=person.id))


def _act(user_id: int, action: str) -> Response:
    person = _get(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "reset":
            send_reset(current_user, person)
            message = f"A link to choose a new password was e-mailed to {person.email}."
        elif set_active(current_user, person, action == "reactivate"):
            message = (f"{person.email} can sign in again." if action == "reactivate" else
                       f"{person.email} is deactivated: their sessions have ended and they cannot sign in.")
        else:
            message = "Nothing changed."
    except AccountError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(message, "info")
    return redirect(url_for("admin_people.user", user_id=user_id))


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int) -> Response:
    return _act(user_id, "deactivate")


@bp.post("/users/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int) -> Response:
    return _act(user_id, "reactivate")


@bp.post("/users/<int:user_id>/reset")
@admin_required
def reset(user_id: int) -> Response:
    return _act(user_id, "reset")


@bp.route("/enrol", methods=["GET", "POST"])
@admin_required
def enrol_page() -> Any:
    """Enrol an applicant (creating the account if needed) as `reviewer enrol` does; errors are shown as
    enrol() words them, with the form kept as it was sent."""
    form = enrol_form()
    if request.method == "GET":  # prefilled from a link: a user's page, or an account request
        form.email.data = form.email.data or request.args.get("email", "")[:254]
        form.name.data = form.name.data or request.args.get("name", "")[:200]
        form.program.data = request.args.get("program", "")[:40] or form.program.data
        return render_template("admin/enrol.html", form=form)
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
        return render_template("admin/enrol.html", form=form), 400
    try:
        made = enrol(form.email.data or "", form.program.data or "", form.certified_on.data,
                     name=form.name.data or None, multiple=bool(form.multiple.data),
                     exemption=form.exemption.data or None, exemption_reason=form.exemption_reason.data or None,
                     certified_since=form.certified_since.data,
                     certifications=[c for c in re.split(r"[,\s]+", form.certifications.data or "") if c],
                     degree_institution=form.degree_institution.data or None, degree_year=form.degree_year.data)
    except EnrolmentError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return render_template("admin/enrol.html", form=form), 400
    enrolled(made)
    cycle = made.cycle
    audit(None, current_user, "enrolled", {"user": made.user.id, "email": made.user.email,
                                           "program": cycle.program.code, "cycle": cycle.id,
                                           "certified_on": str(cycle.certified_on) if cycle.certified_on else None,
                                           "due": str(cycle.due_date) if cycle.due_date else None,
                                           "exemption": cycle.exemption, "new_account": made.created_user})
    db.session.commit()
    flash(f"{made.user.email} enrolled in {cycle.program.code}, due {cycle.due_date}"
          + (f", exempt ({cycle.exemption})" if cycle.exemption else "")
          + ("; a link to set the password was e-mailed." if made.created_user else "; they were told by e-mail."),
          "info")
    return redirect(url_for("admin_people.user", user_id=made.user.id))


@bp.get("/requests")
@admin_required
def requests_page() -> str:
    """Account requests: pending ones to check and enrol (which answers them) or decline; the latest decided."""
    pending = db.session.scalars(db.select(AccountRequest).where(AccountRequest.status == "pending")
                                 .order_by(AccountRequest.id).limit(REQUESTS_SHOWN)).all()
    decided = db.session.scalars(db.select(AccountRequest).where(AccountRequest.status != "pending")
                                 .order_by(AccountRequest.id.desc()).limit(REQUESTS_SHOWN)).all()
    return render_template("admin/requests.html", pending=pending, decided=decided, form=EmptyForm())


@bp.post("/requests/<int:request_id>/decline")
@admin_required
def decline_request(request_id: int) -> Response:
    """Decline with a note, which is mailed to the person who asked (audited)."""
    asked = db.get_or_404(AccountRequest, request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        decline(asked, current_user, request.form.get("note", ""))
    except AccountRequestError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"Request {asked.id} from {asked.email} declined; they were told by e-mail.", "info")
    return redirect(url_for("admin_people.requests_page"))
