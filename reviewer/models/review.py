"""Staff decisions. Never edited: a changed decision is a new row, and the latest one counts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewer.models.base import Model, utcnow
from reviewer.models.users import User

if TYPE_CHECKING:
    from reviewer.models.documents import Extraction

OUTCOMES = ("accept", "reject", "request_resubmission")
# A rejection's reason is a code of the flag vocabulary: workers.flags.REJECT_REASONS.


class ReviewDecision(Model):
    """Accept, reject (with a reason code) or request resubmission, by a reviewer or by the system."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_document_id_id", "document_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    extraction_id: Mapped[int | None] = mapped_column(ForeignKey("extractions.id"), index=True, default=None)
    outcome: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(String(40), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)  # None: automatic
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User | None] = relationship()
    extraction: Mapped[Extraction | None] = relationship("Extraction")


# How many documents wait, per combination of flag codes, as signed rows that triggers on `documents`
# insert (migration e15a0000cnt1) and reviewer.review.queue_counts sums and folds. Not a mapped class:
# a row has no identity, only a share of a sum.
queue_counts = Table("queue_counts", Model.metadata,
                     Column("flag_codes", String(300), nullable=False),
                     Column("waiting", Integer, nullable=False))
