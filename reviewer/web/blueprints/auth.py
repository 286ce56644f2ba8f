"""Sign in and out. Passwords are checked against scrypt hashes; the session cookie is HttpOnly/Lax."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import AnonymousUserMixin, current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response

from reviewer.accounts.login_limits import record_attempt, seconds_until_allowed
from reviewer.accounts.passwords import PasswordLinkError, password_problem, user_for_token
from reviewer.extensions import db, login_manager
from reviewer.models import User
from reviewer.models.users import decoy_hash
from reviewer.review.decisions import audit
from reviewer.web.forms import EmptyForm, LoginForm, SetPasswordForm

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user a session names, only if it was issued under their current session generation."""
    user_id, _, generation = session_id.partition(".")
    if not (user_id.isdigit() and generation.isdigit()) or len(user_id) > 18:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def home_for(user: User) -> str:
    return url_for("staff.queue") if user.is_staff else url_for("applicant.dashboard")


@bp.app_template_global()
def home_link(user: User | AnonymousUserMixin) -> tuple[str, str]:
    """Where "back" leads from a page that failed, and its words: each person's own starting page, so an
    error page never sends staff to an applicant's dashboard or a signed-out visitor to a login loop."""
    if not user.is_authenticated:
        return url_for("auth.login"), "Sign in"
    if user.is_staff:
        return home_for(user), "Back to the review queue"
    return home_for(user), "Back to your documents"


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None.

    Browsers drop tabs and newlines inside a URL and treat a backslash as a slash, so "/\\t/evil.example"
    and "/\\\\evil.example" reach another site; anything with such characters, a scheme or a host is refused.
    """
    if not target or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


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
            flash(f"Too many failed sign-ins from here. Try again in {_duration(wait)}.", "error")
            return render_template("login.html", form=form), 429
        user = db.session.scalars(db.select(User).where(User.email == email)).first()
        if user is None:
            check_password_hash(decoy_hash(), form.password.data)  # as long as a wrong password
        ok = bool(user and user.check_password(form.password.data) and user.active)
        record_attempt(email, address, ok)
        if user is not None and ok:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        flash("Wrong e-mail or password.", "error")
    return render_template("login.html", form=form)


def _duration(seconds: int) -> str:
    return f"{seconds} second(s)" if seconds < 90 else f"{round(seconds / 60)} minute(s)"


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out everywhere: every cookie issued to this user so far stops working, copies included."""
    if EmptyForm().validate_on_submit():
        end_sessions(current_user)
        logout_user()
    return redirect(url_for("auth.login"))


def end_sessions(user: User) -> None:
    user.session_generation = (user.session_generation or 0) + 1
    db.session.commit()


@bp.route("/password/<token>", methods=["GET", "POST"])
def set_password(token: str) -> str | Response | tuple[str, int]:
    """Set a password from an e-mailed link (enrolment or reset); the link works once."""
    try:
        user = user_for_token(token)
    except PasswordLinkError as exc:
        return render_template("error.html", title="Link not valid", message=str(exc)), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.password.data)
        if problem is None and form.password.data != form.confirm.data:
            problem = "The two passwords differ."
        if problem:
            flash(problem, "error")
        else:
            user.set_password(form.password.data)  # also ends every session and API token, and voids the link
            audit(None, user, "password_set", {"user": user.id})
            db.session.commit()
            if user.active:  # they just proved they hold the mailbox: signed in, under the new session generation
                login_user(user)
                flash("Your password is set, and you are signed in.", "info")
                return redirect(home_for(user))
            flash("Your password is set.", "info")
            return redirect(url_for("auth.login"))
    return render_template("set_password.html", form=form, account=user)
