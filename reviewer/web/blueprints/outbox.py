"""Administrators' view of the outbox (reviewer/mail/outbox.py): every message, its status, attempts and last
error, a page at a time, and "send again" for one that failed. In the demo this is where the mail
caught by the local catcher shows."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from reviewer.extensions import db
from reviewer.mail.outbox import FAILED, mail_configured, resend
from reviewer.models import OutboundMail
from reviewer.models.mail import MAIL_STATUSES
from reviewer.web.access import admin_required
from reviewer.web.forms import EmptyForm

bp = Blueprint("outbox", __name__, url_prefix="/admin/mail")
PAGE_SIZE = 50


@bp.get("")
@admin_required
def outbox() -> str:
    """Newest first, PAGE_SIZE rows a page (keyset: `before` is the last id shown), optionally one status."""
    status = request.args.get("status") or None
    if status is not None and status not in MAIL_STATUSES:
        abort(404)
    before = request.args.get("before", type=int)
    query = db.select(OutboundMail).order_by(OutboundMail.id.desc()).limit(PAGE_SIZE + 1)
    if status:
        query = query.where(OutboundMail.status == status)
    if before is not None and 0 < before < 2**63:
        query = query.where(OutboundMail.id < before)
    rows = db.session.scalars(query).all()
    counts = dict(db.session.execute(db.select(OutboundMail.status, db.func.count(OutboundMail.id))
                                     .group_by(OutboundMail.status)).all())
    more = rows[PAGE_SIZE - 1].id if len(rows) > PAGE_SIZE else None
    return render_template("admin/mail.html", rows=rows[:PAGE_SIZE], counts=counts, status=status, more=more,
                           statuses=MAIL_STATUSES, configured=mail_configured(),
                           server=current_app.config.get("MAIL_SERVER"), port=current_app.config.get("MAIL_PORT"))


def _get(mail_id: int) -> OutboundMail:
    mail = db.session.get(OutboundMail, mail_id)
    if mail is None:
        abort(404)
    return mail


@bp.get("/<int:mail_id>")
@admin_required
def message(mail_id: int) -> str:
    return render_template("admin/mail_message.html", mail=_get(mail_id), form=EmptyForm())


@bp.post("/<int:mail_id>/resend")
@admin_required
def send_again(mail_id: int) -> Response:
    """A failed message gets a fresh set of attempts (after the SMTP settings or the address were fixed)."""
    mail = _get(mail_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if mail.status != FAILED:
        flash(f"Message {mail.id} is {mail.status}; only failed messages are sent again.", "error")
    else:
        resend(mail)
        db.session.commit()
        flash(f"Message {mail.id} will be sent again.", "info")
    return redirect(url_for("outbox.message", mail_id=mail.id))
