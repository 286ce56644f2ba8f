"""Sign-in attempts, kept to rate-limit password guessing per account and per address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from reviewer.models.base import Model, utcnow


class LoginAttempt(Model):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_address_created_at", "email", "address", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    success: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
