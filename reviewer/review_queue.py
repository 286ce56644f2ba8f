"""The staff queue: documents that need a person, oldest first, with counts per flag."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reviewer.extensions import db
from reviewer.models import Cycle, Document, DocumentStatus, Program, User


def queue_items(flag: str | None = None, program: str | None = None,
                applicant: str | None = None) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Items waiting for review that match the filters, and flag counts over the unfiltered queue."""
    query = (db.select(Document, User, Program.code)
             .join(User, User.id == Document.applicant_id)
             .outerjoin(Cycle, Cycle.id == Document.cycle_id)
             .outerjoin(Program, Program.id == Cycle.program_id)
             .where(Document.status == DocumentStatus.NEEDS_REVIEW)
             .order_by(Document.uploaded_at, Document.id))
    items: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    for document, user, program_code in db.session.execute(query).all():
        flags = [f.code for f in document.latest.flags] if document.latest else []
        if document.audit_sample and not flags:
            flags = ["audit_sample"]
        counts.update(flags)
        counts["all"] += 1
        if flag and flag not in flags:
            continue
        if program and program != program_code:
            continue
        if applicant and applicant.lower() not in (user.name.lower() + " " + user.email.lower()):
            continue
        items.append({"id": document.id, "applicant": user.name, "applicant_email": user.email, "flags": flags,
                      "uploaded_at": document.uploaded_at.isoformat() + "Z", "program": program_code,
                      "filename": document.original_name})
    return items, counts
