"""The programs' rules as data, and progress toward them.

Contact hours are the common currency (1 CEU = 10, 1 semester credit hour = 15, 1 quarter credit hour =
10, 1 PDU = 1 PDH = 1); a program converts them to its own unit with `contact_hours_per_unit`, and may
override a unit's contact-hour value in `conversions`. Admins change these rows, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reviewer.extensions import db
from reviewer.models import Activity, Cycle, Document, DocumentStatus, Extraction, Program, User
from reviewer.review import counted_extraction
from workers.amounts import CONTACT_HOURS_PER_UNIT

PROGRAMS: list[dict[str, Any]] = [
    {"code": "ATMAE-SENIOR", "name": "ATMAE senior certification (CSCE, CSEG, CSMS, CSTM, CSTP)", "unit": "PDU",
     "required_units": 30, "window_years": 3, "contact_hours_per_unit": 1.0,
     "conversions": {"ceu": 10, "credit_hours": 15, "quarter_credit_hours": 10},
     "exemptions": ["retired members", "life members (certified continuously for 20 years)"]},
    {"code": "AMT-CMTSE", "name": "AMT Certified Manufacturing Technology Sales Engineer", "unit": "PDP",
     "required_units": 27, "window_years": 3, "contact_hours_per_unit": 1.0,
     "categories": ["experience", "education and training", "professional service", "professional contributions"]},
    {"code": "SME-TECH", "name": "SME technical certification", "unit": "credit", "required_units": 36,
     "required_units_multiple": 54, "window_years": 3, "contact_hours_per_unit": 1.0},
]


def seed_programs() -> list[Program]:
    """Create the three programs if missing (existing rows, which admins may have edited, are kept)."""
    out = []
    for spec in PROGRAMS:
        program = db.session.scalars(db.select(Program).where(Program.code == spec["code"])).first()
        if program is None:
            program = Program(**spec)
            db.session.add(program)
        out.append(program)
    db.session.commit()
    return out


def units_for(program: Program, value: float | None, unit: str | None) -> float:
    """An activity's amount in the program's own unit."""
    if value is None or unit is None:
        return 0.0
    hours_each = float(program.conversions.get(unit, CONTACT_HOURS_PER_UNIT.get(unit, 0.0)))
    return value * hours_each / program.contact_hours_per_unit


@dataclass(frozen=True)
class Progress:
    program: str
    unit: str
    required: float
    earned: float
    window_start: date
    window_end: date

    @property
    def percent(self) -> float:
        return min(100.0, 100.0 * self.earned / self.required) if self.required else 100.0

    def as_dict(self) -> dict[str, Any]:
        return {"program": self.program, "required": self.required, "earned": self.earned, "unit": self.unit,
                "window_start": self.window_start.isoformat(), "window_end": self.window_end.isoformat()}


def current_cycle(user: User) -> Cycle | None:
    return db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == user.id)
                              .order_by(Cycle.window_end.desc()).limit(1)).first()


def progress_for(user: User) -> Progress | None:
    """Units earned from accepted documents, inside the cycle's window.

    An accepted document counts with the extraction it was accepted on: re-processing that reads it
    differently marks it for staff but changes nobody's progress until staff decide again.
    """
    cycle = current_cycle(user)
    if cycle is None:
        return None
    program = cycle.program
    earned = 0.0
    accepted = db.session.scalars(db.select(Document).where(Document.applicant_id == user.id,
                                                             Document.status == DocumentStatus.ACCEPTED)).all()
    for document in accepted:
        extraction: Extraction | None = counted_extraction(document)
        if extraction is None:
            continue
        for activity in extraction.activities:
            if activity.date and cycle.window_start <= activity.date <= cycle.window_end:
                earned += units_for(program, activity.amount_value, activity.amount_unit)
    return Progress(program.code, program.unit, cycle.required_units, round(earned, 2), cycle.window_start,
                    cycle.window_end)


def activity_units(program: Program, activity: Activity) -> float:
    return round(units_for(program, activity.amount_value, activity.amount_unit), 2)
