"""Sign in and out. Passwords are checked against scrypt hashes; the session cookie is HttpOnly/Lax."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from reviewer.extensions import db, login_manager
from reviewer.forms import EmptyForm, LoginForm
from reviewer.login_limits import record_attempt, seconds_until_allowed
from reviewer.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def home_for(user: User) -> str:
    return url_for("staff.queue") if user.is_staff else url_for("applicant.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """The sign-in page; a wrong e-mail or password gets one message, whichever it was."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data.strip().lower(), request.remote_addr or "unknown"
        wait = seconds_until_allowed(email, address)
        if wait:
            flash(f"Too many failed sign-ins. Try again in {max(1, round(wait / 60))} minute(s).", "error")
            return render_template("login.html", form=form), 429
        user = db.session.scalars(db.select(User).where(User.email == email)).first()
        ok = bool(user and user.check_password(form.password.data))
        record_attempt(email, address, ok)
        if ok:
            login_user(user)
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else home_for(user))
        flash("Wrong e-mail or password.", "error")
    return render_template("login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    if EmptyForm().validate_on_submit():
        logout_user()
    return redirect(url_for("auth.login"))
