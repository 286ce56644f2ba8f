"""The outbox: e-mail that is committed with its cause and sent by a job, so none is lost.

How a message travels, and why it cannot get lost:
1. `queue_mail` adds an `OutboundMail` row (status `pending`) in the caller's transaction. A decision and
   its e-mail commit together or not at all; nothing is sent for a transaction that rolls back.
2. After that transaction commits, a SQLAlchemy `after_commit` listener on the session enqueues one RQ job
   per new row (reviewer.queue.enqueue_mail). It is a listener rather than a `flush_outbox()` every caller
   must remember: decisions are taken in several views, the API, bulk actions and the CLI, and a forgotten
   call would leave mail waiting for the sweep. If Redis is down the enqueue is only logged.
3. The job (`reviewer/jobs.py` → `send_outbound`) first claims an attempt in its own committed
   transaction (attempts + 1, next try after a backoff), then talks SMTP with no transaction open, then
   records `sent` or the error. After MAIL_MAX_ATTEMPTS (or a permanent 5xx refusal) the row is `failed`
   and administrators see it at /admin/mail, where they can send it again.
4. The sweep (`sweep_outbox`, run by `reviewer requeue` and so every minute by `reviewer worker`) enqueues
   every pending row whose backoff has passed and whose job is not live: mail queued while Redis was down,
   or whose worker died mid-send, or that failed while the SMTP server was away.
Delivery is at least once: a worker killed after the server accepted a message but before `sent` was
recorded sends it again. Every message carries a stable Message-ID, so mail clients show it once.

With no MAIL_SERVER configured, mail is only kept: rows stay `pending`, nothing is enqueued, and the
sweep sends them once a server is configured.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, or_
from sqlalchemy.orm import Session

from reviewer.extensions import db
from reviewer.models import OutboundMail
from reviewer.models.base import changed_rows, utcnow
from reviewer.queue import enqueue_mail

log = logging.getLogger(__name__)

PENDING, SENT, FAILED = "pending", "sent", "failed"
SWEEP_BATCH = 500  # rows the sweep looks at per run; the next run takes the rest
_NEW_IN_SESSION = "reviewer.outbox.new"


def mail_configured(config: Mapping[str, Any] | None = None) -> bool:
    """Whether there is a server to send to (otherwise mail is only kept in the outbox)."""
    config = current_app.config if config is None else config
    return bool(config.get("MAIL_SERVER"))


def queue_mail(to: str, subject: str, body: str, kind: str, user_id: int | None = None,
               dedupe_key: str | None = None) -> OutboundMail | None:
    """Add a message to the outbox in the caller's transaction; it is sent after the caller commits.

    With a `dedupe_key` already used, nothing is added and None is returned: that message went out (or
    is going out) before. Two sweepers racing past this check meet the unique index at commit.
    """
    if dedupe_key is not None and db.session.scalar(
            db.select(OutboundMail.id).where(OutboundMail.dedupe_key == dedupe_key)) is not None:
        return None
    mail = OutboundMail(to_address=to.strip(), subject=" ".join(subject.split())[:300], body=body, kind=kind,
                        user_id=user_id, dedupe_key=dedupe_key)
    db.session.add(mail)
    db.session.flush()  # the id, for the job enqueued after the commit
    _send_after_commit(mail.id)
    return mail


def resend(mail: OutboundMail) -> None:
    """An administrator's "send again" for a failed message: a fresh set of attempts (the caller commits)."""
    mail.status, mail.attempts, mail.next_attempt_at = PENDING, 0, None
    _send_after_commit(mail.id)


def _send_after_commit(mail_id: int) -> None:
    db.session.info.setdefault(_NEW_IN_SESSION, []).append(mail_id)


@event.listens_for(db.session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    """Enqueue the jobs of the rows this transaction committed. Never raises: the commit has happened,
    and a row whose job was not enqueued is sent by the sweep."""
    mail_ids = session.info.pop(_NEW_IN_SESSION, None)
    if not mail_ids or not has_app_context() or not mail_configured():
        return
    for mail_id in mail_ids:
        try:
            if not enqueue_mail(mail_id):
                return  # Redis is down; the sweep sends them
        except Exception:
            log.exception("could not enqueue mail %s (the sweep sends it later)", mail_id)
            return


@event.listens_for(db.session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_NEW_IN_SESSION, None)


def retry_delay(attempts: int, config: Mapping[str, Any]) -> timedelta:
    """The wait after the `attempts`-th failed attempt: MAIL_RETRY_SECONDS in turn, the last repeating."""
    waits = list(config["MAIL_RETRY_SECONDS"]) or [60]
    return timedelta(seconds=int(waits[min(max(attempts, 1), len(waits)) - 1]))


def send_outbound(mail_id: int) -> str:
    """Make one attempt at one outbox row; return what became of it (sent, failed, retry, skipped).

    The attempt is claimed and committed before the SMTP conversation, so a worker killed mid-send still
    counts it, and two jobs for the same row never send at once (the claim is a conditional UPDATE).
    """
    config = current_app.config
    mail = db.session.get(OutboundMail, mail_id)
    if mail is None or mail.status != PENDING or not mail_configured(config):
        return "skipped"
    now = utcnow()
    if mail.attempts >= int(config["MAIL_MAX_ATTEMPTS"]):
        _finish(mail_id, FAILED, f"gave up after {mail.attempts} attempts; {mail.last_error or ''}".strip("; "))
        return FAILED
    claimed = changed_rows(
        db.update(OutboundMail)
        .where(OutboundMail.id == mail_id, OutboundMail.status == PENDING, OutboundMail.attempts == mail.attempts,
               or_(OutboundMail.next_attempt_at.is_(None), OutboundMail.next_attempt_at <= now))
        .values(attempts=OutboundMail.attempts + 1, next_attempt_at=now + retry_delay(mail.attempts + 1, config))
        .execution_options(synchronize_session=False))
    message, attempt = build_message(mail, config), mail.attempts + 1
    db.session.commit()  # the attempt counts from here on; no transaction stays open during SMTP
    if claimed != 1:
        return "skipped"  # another job has it, or its backoff has not passed
    try:
        deliver(message, config)
    except Exception as exc:
        if not isinstance(exc, (smtplib.SMTPException, OSError)):
            log.exception("sending mail %s failed on an unexpected error", mail_id)
        error = describe(exc)
        if permanent(exc) or attempt >= int(config["MAIL_MAX_ATTEMPTS"]):
            _finish(mail_id, FAILED, error)
            return FAILED
        _finish(mail_id, PENDING, error)
        return "retry"
    _finish(mail_id, SENT, None)
    return SENT


def _finish(mail_id: int, status: str, error: str | None) -> None:
    values: dict[str, Any] = {"status": status}
    if status == SENT:
        values.update(sent_at=utcnow(), next_attempt_at=None)
    else:
        values["last_error"] = (error or "")[:2000]
    db.session.execute(db.update(OutboundMail).where(OutboundMail.id == mail_id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def build_message(mail: OutboundMail, config: Mapping[str, Any]) -> EmailMessage:
    """The message as sent. Its Message-ID is derived from the row, so a message sent twice (a worker
    killed between the server's acceptance and our record of it) is shown once by mail clients."""
    sender = str(config["MAIL_FROM"])
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime((mail.created_at or utcnow()).replace(tzinfo=UTC))
    message["Message-ID"] = f"<outbox-{mail.id}-{(mail.created_at or datetime.min):%Y%m%d%H%M%S%f}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: auto-responders do not answer it
    message.set_content(mail.body)
    return message


def deliver(message: EmailMessage, config: Mapping[str, Any]) -> None:
    """Hand one message to the configured SMTP server (standard library smtplib); raises on failure."""
    host, port, tls = str(config["MAIL_SERVER"]), int(config["MAIL_PORT"]), str(config["MAIL_TLS"])
    if tls not in ("starttls", "ssl", "none"):
        raise ValueError(f"REVIEWER_MAIL_TLS is {tls!r}; use starttls, ssl or none.")
    timeout = float(config["MAIL_TIMEOUT_SECONDS"])
    context = ssl.create_default_context()
    smtp = (smtplib.SMTP_SSL(host, port, timeout=timeout, context=context) if tls == "ssl"
            else smtplib.SMTP(host, port, timeout=timeout))
    with smtp:
        if tls == "starttls":
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
        smtp.send_message(message)


def permanent(exc: BaseException) -> bool:
    """A refusal that no retry changes: the server rejected every recipient, or the message, with 5xx."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(500 <= code < 600 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and 500 <= exc.smtp_code < 600


def describe(exc: BaseException) -> str:
    """The error as an administrator reads it on the outbox page."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + "; ".join(
            f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for code, text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{type(exc).__name__}: {exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}"


def sweep_outbox(now: datetime | None = None) -> int:
    """Enqueue every pending message whose backoff has passed and that has no live job; return how many
    were checked. Does nothing when no mail server is configured."""
    if not mail_configured():
        return 0
    now = now or utcnow()
    due = db.session.scalars(
        db.select(OutboundMail.id)
        .where(OutboundMail.status == PENDING,
               or_(OutboundMail.next_attempt_at.is_(None), OutboundMail.next_attempt_at <= now))
        .order_by(OutboundMail.id).limit(SWEEP_BATCH)).all()
    checked = 0
    for mail_id in due:
        if not enqueue_mail(mail_id):  # a live job is left alone (reviewer.queue._enqueue)
            break
        checked += 1
    return checked
