"""Re-processing batches: a row per batch and a row per document in it.

The items are the record of truth for progress and for resuming: Redis only carries the chunk jobs,
so a batch interrupted by a crash (or with Redis flushed) is finished from what the items say.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewer.models.base import Model, utcnow
from reviewer.models.users import User


class BatchStatus(StrEnum):
    RUNNING = "running"
    CANCELLED = "cancelled"
    DONE = "done"


class ItemState(StrEnum):
    """`pending` until its chunk has run it; `cancelled` items are pending again when the batch resumes."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Batch(Model):
    """One re-processing run over a selection of documents."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default=BatchStatus.RUNNING, index=True)
    selection: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(String(500), default="")
    force_ocr: Mapped[bool] = mapped_column(default=False)
    total: Mapped[int] = mapped_column(default=0)
    # Chunks are numbered as they are handed to the queue; the next one gets this number.
    next_chunk: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set on every pump; the pump's first statement is this write, so concurrent pumps queue up.
    pumped_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)

    created_by: Mapped[User | None] = relationship()


class BatchItem(Model):
    """One document in a batch, the extraction version it will add, and how that went."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "document_id"),
                      Index("ix_batch_items_batch_state", "batch_id", "state"),
                      Index("ix_batch_items_batch_chunk", "batch_id", "chunk"),
                      Index("ix_batch_items_batch_finished", "batch_id", "finished_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=ItemState.PENDING)
    chunk: Mapped[int | None] = mapped_column(default=None)
    version: Mapped[int | None] = mapped_column(default=None)
    # How many times its chunk was sent again after its job died; a document that keeps killing its
    # worker is failed instead of being retried for ever.
    attempts: Mapped[int] = mapped_column(default=0)
    changed: Mapped[bool | None] = mapped_column(default=None)
    had_decision: Mapped[bool | None] = mapped_column(default=None)
    error_code: Mapped[str | None] = mapped_column(String(40), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
