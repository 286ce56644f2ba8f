"""Seeding many documents fast with the project's own models, shaped like a real queue (for the scale
test and the triage benchmark): flags on some, audit samples, decisions with audit events, failures."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from reviewer.extensions import db
from reviewer.models import (
    Activity,
    AuditEvent,
    Cycle,
    Document,
    DocumentStatus,
    Extraction,
    Flag,
    Program,
    ReviewDecision,
    User,
)
from reviewer.programs.catalogue import seed_programs

FLAG_MIX = ["missing_hours", "name_mismatch", "self_issued", "missing_date", "duplicate", "outside_window"]


def seed_queue(documents: int, applicants: int = 50, seed: int = 7, start: datetime | None = None) -> None:
    """`documents` documents over `applicants` applicants: ~30 % flagged (waiting), ~5 % audit samples
    (waiting), ~5 % failed, the rest accepted with a decision; 1-2 activities each."""
    rng = random.Random(seed)
    seed_programs()
    programs = db.session.scalars(db.select(Program)).all()
    start = start or datetime(2026, 1, 1)
    users = []
    base = db.session.scalar(db.select(db.func.count(User.id))) or 0
    for n in range(applicants):
        user = User(email=f"seed{base + n}@example.org", name=f"Applicant {base + n}", role="applicant",
                    password_hash="x")
        db.session.add(user)
        users.append(user)
    db.session.flush()
    cycles = {}
    for user in users:
        cycle = Cycle(applicant_id=user.id, program_id=rng.choice(programs).id,
                      window_start=start.date() - timedelta(days=1000),
                      window_end=start.date() + timedelta(days=400))
        db.session.add(cycle)
        cycles[user.id] = cycle
    db.session.flush()
    program_codes = {p.id: p.code for p in programs}
    for n in range(documents):
        user = users[n % len(users)]
        roll = rng.random()
        uploaded = start + timedelta(minutes=7 * n)
        doc = Document(applicant_id=user.id, cycle_id=cycles[user.id].id, sha256=f"{n:064x}",
                       program_code=program_codes[cycles[user.id].program_id],
                       original_name=f"certificate-{n}.pdf", size=1000, mime="application/pdf", uploaded_at=uploaded,
                       updated_at=uploaded)
        db.session.add(doc)
        db.session.flush()
        if roll < 0.05:
            doc.status, doc.error_code, doc.error_message = DocumentStatus.FAILED, "corrupt", "Not a PDF."
            continue
        extraction = Extraction(document_id=doc.id, version=1, pipeline_version="seed", text_source="text", pages=1,
                                recipient=user.name, issuer="Seed Institute", third_party=True)
        db.session.add(extraction)
        db.session.flush()
        for a in range(rng.randint(1, 2)):
            db.session.add(Activity(extraction_id=extraction.id, position=a, title=f"Course {n}-{a}",
                                    date=uploaded.date(), amount_value=2.0, amount_unit="contact_hours"))
        doc.latest_extraction_id = extraction.id
        if roll < 0.35:
            codes = sorted(set(rng.sample(FLAG_MIX, rng.randint(1, 2))), key=FLAG_MIX.index)
            for code in codes:
                db.session.add(Flag(extraction_id=extraction.id, code=code, reason="seeded"))
            doc.status, doc.flag_codes = DocumentStatus.NEEDS_REVIEW, " ".join(codes)
        elif roll < 0.40:
            doc.status, doc.audit_sample, doc.flag_codes = DocumentStatus.NEEDS_REVIEW, True, "audit_sample"
        else:
            doc.status = DocumentStatus.ACCEPTED
            db.session.add(ReviewDecision(document_id=doc.id, extraction_id=extraction.id, outcome="accept",
                                          note="seeded"))
            db.session.add(AuditEvent(document_id=doc.id, action="auto_accepted", from_status="needs_review",
                                      to_status="accepted", detail={}))
    db.session.commit()
