"""The append-only audit trail: every state change, with who did it and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from reviewer.models.base import Model, utcnow


class AuditEvent(Model):
    """One thing that happened. Rows are only ever inserted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True, default=None)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)  # None: the system
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(30), default=None)
    to_status: Mapped[str | None] = mapped_column(String(30), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
