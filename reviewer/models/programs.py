"""Certification programs as data, and each applicant's cycle within one.

A program's rules (window, required units, what one unit is worth in contact hours, per-unit overrides)
are rows an admin can edit, not code paths.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewer.models.base import Model


class Program(Model):
    """A recertification program: ATMAE senior, AMT CMTSE, SME technical certification."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))  # what the program counts: "PDU", "PDP", "credit"
    required_units: Mapped[float]
    required_units_multiple: Mapped[float | None] = mapped_column(default=None)  # SME: 54 for several
    window_years: Mapped[int] = mapped_column(default=3)
    contact_hours_per_unit: Mapped[float] = mapped_column(default=1.0)
    # Unit → contact hours overrides of the standard conversions, e.g. {"ceu": 10, "credit_hours": 15}.
    conversions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # [{"code", "name", "kinds": [activity kinds it takes], "min": units or null, "max": units or null}]:
    # the first category taking an activity's kind gets it; progress applies the minimums and caps.
    categories: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # [{"code", "name", "min_years": continuous certified years required, or null}]
    exemptions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # How a cycle's due date follows from its certification date (reviewer.programs.catalogue.due_date).
    due_rule: Mapped[str] = mapped_column(String(40), default="anniversary", server_default="anniversary")
    # Whether an activity filed under another program's cycle counts here too, inside this cycle's window
    # (ATMAE: an activity "may count for both" its certifications).
    shares_evidence: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The certifications a cycle may record as held, e.g. ATMAE's base certifications; empty: any code.
    credentials: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Cycle(Model):
    """One applicant's current recertification window in one program."""

    __tablename__ = "cycles"
    # The administrators' outcome report counts cycles per program and status, and those due soon per
    # program, from these two indexes alone (reviewer.programs.cycle_admin.outcome_report).
    __table_args__ = (Index("ix_cycles_status_due_program", "status", "due_date", "program_id"),
                      Index("ix_cycles_program_status", "program_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))  # indexed with the status: see above
    window_start: Mapped[date]
    window_end: Mapped[date]
    multiple_certifications: Mapped[bool] = mapped_column(default=False)
    certified_on: Mapped[date | None] = mapped_column(default=None)
    due_date: Mapped[date | None] = mapped_column(default=None)
    # open until its due date; then complete or short. exempt: the applicant reports nothing this cycle.
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    exemption: Mapped[str | None] = mapped_column(String(40), default=None)
    exemption_reason: Mapped[str | None] = mapped_column(Text, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    # Renewal as a submission (programs/renewal.py): the applicant submits the cycle with an attestation;
    # staff approve it (recertified: the next cycle begins) or return it with a note.
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    attestation: Mapped[str | None] = mapped_column(Text, default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    review_note: Mapped[str | None] = mapped_column(Text, default=None)
    # What the program asks at enrolment: the certifications held (ATMAE's base certification, SME's
    # technical certifications) and the qualifying degree whose coursework cannot count (ATMAE).
    certifications: Mapped[list[Any]] = mapped_column(JSON, default=list)
    degree_institution: Mapped[str | None] = mapped_column(String(200), default=None)
    degree_year: Mapped[int | None] = mapped_column(default=None)

    program: Mapped[Program] = relationship()

    @property
    def required_units(self) -> float:
        if self.multiple_certifications and self.program.required_units_multiple:
            return self.program.required_units_multiple
        return self.program.required_units
