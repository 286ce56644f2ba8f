"""The outbox: every e-mail the system means to send, as a row committed with what caused it.

A decision and its e-mail are one transaction, so neither exists without the other. The row is the
record of truth; a job (`reviewer/jobs.py`) only carries it to the SMTP server, and the sweep sends
it again while the server or Redis is away (reviewer/mail/outbox.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reviewer.models.base import Model, utcnow

MAIL_STATUSES = ("pending", "sent", "failed")


class OutboundMail(Model):
    """One plain-text message to one address: pending until the SMTP server accepts it, failed after the
    last attempt (shown to administrators at /admin/mail)."""

    __tablename__ = "outbound_mail"
    # The sweep's question: which pending mail is due for another attempt.
    __table_args__ = (Index("ix_outbound_mail_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))  # enrolled, decided, reminder, password_reset, digest
    # Set for mail that must go out at most once, e.g. "reminder:<cycle>:30": a second try is refused.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True, default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)
    status: Mapped[str] = mapped_column(String(20), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # When the sweep may send it again (after a failed attempt, with backoff); None: now.
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
