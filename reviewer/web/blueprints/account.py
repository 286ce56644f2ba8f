"""The signed-out "forgot your password?" page and each user's own settings (deadline reminders).

The reset page answers the same whether or not the address has an account, and is rate-limited with the
sign-in limits (reviewer/accounts/login_limits.py) under a key of its own ("reset:" + e-mail), so guessing
addresses here costs what guessing passwords costs, and a flood of requests never slows the owner's
sign-in. On top of that an account gets at most one reset mail a minute, whoever asks.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from reviewer.accounts.login_limits import record_attempt, seconds_until_allowed
from reviewer.accounts.requests import AccountRequestError, request_account
from reviewer.extensions import db
from reviewer.mail.notifications import password_reset
from reviewer.models import OutboundMail, Program, User
from reviewer.models.base import utcnow
from reviewer.review.decisions import audit
from reviewer.web.forms import AccountRequestForm, ForgotPasswordForm, ReminderSettingsForm

bp = Blueprint("account", __name__)

RESET_ANSWER = ("If an account exists for that address, a link to choose a new password is on its way. "
                "It works once.")
RESET_MAIL_INTERVAL = timedelta(minutes=1)


def reset_key(email: str) -> str:
    """The sign-in limits' account key for reset requests: apart from sign-ins, the same table."""
    return ("reset:" + email)[:254]


REQUEST_ANSWER = ("Thank you. An administrator checks your certification number; when your account is ready, "
                  "a link to set your password is e-mailed to you. If you already have an account, use "
                  "“Forgot your password?” instead.")


@bp.route("/account/request", methods=["GET", "POST"])
def request_account_page() -> str | Response | tuple[str, int]:
    """Someone certified but never enrolled asks for an account; an administrator approves it by enrolling
    the address. The answer is the same whether or not the address has an account."""
    form = AccountRequestForm()
    form.program.choices = [SelectChoice(p.code, f"{p.name} ({p.code})")
                            for p in db.session.scalars(db.select(Program).order_by(Program.code))]
    if form.validate_on_submit():
        started = time.monotonic()
        email, address = form.email.data.strip().lower(), request.remote_addr or "unknown"
        wait = seconds_until_allowed(request_key(email), address)
        if wait:
            flash("Too many requests from here. Try again later.", "error")
            return render_template("request_account.html", form=form), 429
        try:
            request_account(email, form.name.data, form.program.data or "", form.certification_number.data)
        except AccountRequestError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return render_template("request_account.html", form=form), 400
        record_attempt(request_key(email), address, False)  # commits the request with it
        _answer_at_floor(started)  # a new request writes a row that a known address does not
        flash(REQUEST_ANSWER, "info")
        return redirect(url_for("auth.login"))
    return render_template("request_account.html", form=form)


def _answer_at_floor(started: float) -> None:
    """Wait until RESET_ANSWER_SECONDS after `started`: the signed-out forms do more work for some addresses
    than for others, and every answer leaving at the same moment keeps its time from saying which."""
    time.sleep(max(0.0, float(current_app.config["RESET_ANSWER_SECONDS"]) - (time.monotonic() - started)))


def request_key(email: str) -> str:
    """The sign-in limits' key for account requests: apart from sign-ins and resets, the same table."""
    return ("request:" + email)[:254]


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> str | Response | tuple[str, int]:
    """Ask for a reset link by e-mail; only active accounts get one, and the answer never says which."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        email, address = form.email.data.strip().lower(), request.remote_addr or "unknown"
        wait = seconds_until_allowed(reset_key(email), address)
        if wait:
            flash(f"Too many requests from here. Try again in {wait if wait < 90 else round(wait / 60)} "
                  f"{'second(s)' if wait < 90 else 'minute(s)'}.", "error")
            return render_template("forgot_password.html", form=form), 429
        user = db.session.scalars(db.select(User).where(User.email == email)).first()
        if user is not None and user.active and not _sent_recently(user):
            password_reset(user)
            audit(None, None, "password_reset_requested", {"user": user.id})
        record_attempt(reset_key(email), address, False)  # commits, the mail with it
        _answer_at_floor(started)  # a known address costs a token and a mail more than an unknown one
        flash(RESET_ANSWER, "info")
        return redirect(url_for("auth.login"))
    return render_template("forgot_password.html", form=form)


def _sent_recently(user: User) -> bool:
    return db.session.scalar(db.select(OutboundMail.id).where(
        OutboundMail.user_id == user.id, OutboundMail.kind == "password_reset",
        OutboundMail.created_at > utcnow() - RESET_MAIL_INTERVAL).limit(1)) is not None


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> str | Response:
    """Turn e-mailed reminders off and on: deadline reminders for applicants, the daily digest for staff."""
    form = ReminderSettingsForm()
    if form.validate_on_submit():
        current_user.reminders = bool(form.reminders.data)
        db.session.commit()
        flash("Reminders are on." if current_user.reminders else "Reminders are off.", "info")
        return redirect(url_for("account.settings"))
    form.reminders.data = bool(current_user.reminders)
    return render_template("settings.html", form=form)
