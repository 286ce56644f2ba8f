"""Uploaded documents and what the pipeline found in them, version by version."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewer.models.base import Model, utcnow
from reviewer.models.programs import Cycle
from reviewer.models.users import User


class DocumentStatus(StrEnum):
    """Where a document is. `queued` until a worker picks it up; the database, not Redis, says so."""

    QUEUED = "queued"
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RESUBMISSION_REQUESTED = "resubmission_requested"
    RESUBMITTED = "resubmitted"  # the request was answered: the answer (resubmission_of_id → this) stands for it
    FAILED = "failed"
    WITHDRAWN = "withdrawn"  # taken back by its applicant before anyone decided: counts nowhere, listed nowhere


class Document(Model):
    """One uploaded file: a content-addressed blob plus who sent it and where it stands."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_status_uploaded_at_id", "status", "uploaded_at", "id"),
                      Index("ix_documents_status_flag_codes", "status", "flag_codes", "uploaded_at", "id"),
                      Index("ix_documents_status_program_code", "status", "program_code", "uploaded_at", "id"),
                      Index("ix_documents_claimed_by_status", "claimed_by_id", "status", "uploaded_at", "id"),
                      Index("ix_documents_changed_updated_at", "changed_since_decision", "updated_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"), index=True, default=None)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str | None] = mapped_column(String(100), default=None)
    size: Mapped[int]
    status: Mapped[str] = mapped_column(String(30), default=DocumentStatus.QUEUED, index=True)
    error_code: Mapped[str | None] = mapped_column(String(40), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    audit_sample: Mapped[bool] = mapped_column(default=False)
    # A later extraction differs (fields or flags) from the one the current decision was made on. The
    # decision stands; staff see old against new until they decide again.
    changed_since_decision: Mapped[bool] = mapped_column(default=False)  # indexed with updated_at: the list's order
    resubmission_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True, default=None)
    # What the staff queue needs from the latest extraction, kept on the document when an extraction is
    # written (reviewer.documents.persistence), so the queue filters, counts and sorts in one table: that
    # extraction's id, and its flag codes in FLAGS order separated by spaces ("audit_sample" for a
    # document drawn for the audit sample with no flags).
    latest_extraction_id: Mapped[int | None] = mapped_column(
        ForeignKey("extractions.id", use_alter=True, name="fk_documents_latest_extraction_id"), index=True,
        default=None)
    flag_codes: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The program of the cycle it was sent for ("" for none), copied at upload so the queue sorts and
    # filters by program from an index, without joining cycles and programs.
    program_code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # A reviewer who opened the document holds it until then, so two don't work on it at once.
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_documents_claimed_by_id"),
                                                      default=None)  # indexed with the status: "mine" is a range
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)
    # Bumped on every status change (reviewer.review.decisions.set_status). A decision names the version it was
    # made on, so one made on a page that has since changed is refused rather than silently winning.
    state_version: Mapped[int] = mapped_column(default=0, server_default="0")
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)  # indexed after the status: see the table args
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    cycle: Mapped[Cycle | None] = relationship()
    extractions: Mapped[list[Extraction]] = relationship(
        back_populates="document", order_by="Extraction.version", cascade="all, delete-orphan",
        foreign_keys="Extraction.document_id")

    @property
    def latest(self) -> Extraction | None:
        return self.extractions[-1] if self.extractions else None


class Extraction(Model):
    """One run of the pipeline over a document. Versions are added, never overwritten."""

    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))  # indexed by the unique key
    version: Mapped[int]
    pipeline_version: Mapped[str] = mapped_column(String(20))
    text_source: Mapped[str] = mapped_column(String(20))
    pages: Mapped[int]
    recipient: Mapped[str | None] = mapped_column(String(200), default=None)
    issuer: Mapped[str | None] = mapped_column(String(300), default=None)
    certificate_number: Mapped[str | None] = mapped_column(String(80), default=None)  # as printed, if it is
    third_party: Mapped[bool | None] = mapped_column(default=None)
    third_party_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Per page: where its text came from, how it was turned, and its text. The words with their boxes
    # are in the page cache under the document's sha256 and this reader key.
    page_texts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reader_key: Mapped[str | None] = mapped_column(String(16), default=None)
    # Hash of the fields and flags staff decide on (reviewer/documents/changes.py): tells a changed reading at a glance.
    fingerprint: Mapped[str | None] = mapped_column(String(16), default=None)
    seconds: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="extractions", foreign_keys=[document_id])
    activities: Mapped[list[Activity]] = relationship(order_by="Activity.position", cascade="all, delete-orphan")
    flags: Mapped[list[Flag]] = relationship(order_by="Flag.id", cascade="all, delete-orphan")


class Activity(Model):
    """One piece of learning found in an extraction; staff may correct its fields before deciding."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str | None] = mapped_column(String(300), default=None)
    normalized_title: Mapped[str | None] = mapped_column(String(300), index=True, default=None)
    start_date: Mapped[date | None] = mapped_column(default=None)
    date: Mapped[date | None] = mapped_column(default=None)
    amount_value: Mapped[float | None] = mapped_column(default=None)
    amount_unit: Mapped[str | None] = mapped_column(String(30), default=None)
    contact_hours: Mapped[float | None] = mapped_column(default=None)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, default=None)
    # The program category it counts in (a code of Program.categories), suggested from its words.
    category: Mapped[str | None] = mapped_column(String(40), default=None)
    # Why it does not count although its document was accepted (e.g. coursework toward the qualifying degree).
    excluded_reason: Mapped[str | None] = mapped_column(String(200), default=None)


class Flag(Model):
    """A reason for a person to look, from the fixed vocabulary."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id"), index=True)
    code: Mapped[str] = mapped_column(String(30), index=True)
    reason: Mapped[str] = mapped_column(Text)
