"""Requests for an account from people who hold a certification but were never enrolled here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reviewer.models.base import Model, utcnow

# pending: waiting for an administrator; matched: an enrolment of the same address answered it (the
# administrator's, or one made by CLI or API); declined: an administrator said no, with a note.
REQUEST_STATES = ("pending", "matched", "declined")


class AccountRequest(Model):
    """Who asked, for which program, and the certification number staff check against their records."""

    __tablename__ = "account_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    program_code: Mapped[str] = mapped_column(String(40))
    certification_number: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="pending", server_default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
