"""CSV exports of the queue and of decisions, streamed a keyset chunk at a time.

At 100,000 documents an export is tens of thousands of rows; building it in memory would hold a web
worker and its RAM for the whole file, so rows are written as they are read. Cells are neutralised
against spreadsheet formula injection: an applicant controls file names and their own name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import aliased

from reviewer.extensions import db
from reviewer.models import Document, ReviewDecision, User
from reviewer.review.staff_queue import QueueQuery, held
from reviewer.review.staff_queue import queue_rows as staff_queue_rows

QUEUE_COLUMNS = ["id", "applicant", "applicant_email", "program", "file", "flags", "uploaded_at", "held_by",
                 "overdue"]
DECISION_COLUMNS = ["decision_id", "decided_at", "document_id", "file", "applicant", "applicant_email", "outcome",
                    "reason", "note", "reviewer"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(header: list[str], rows: Iterable[list[Any]], safe: bool = False) -> Iterator[str]:
    """CSV text a few hundred rows at a time. Every cell is made safe unless the rows come `safe` already."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow(row if safe else [safe_cell(v) for v in row])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def queue_rows(query: QueueQuery, viewer_id: int) -> Iterator[list[Any]]:
    """The queue's rows as `QUEUE_COLUMNS`, their cells already safe (`csv_lines(..., safe=True)`): only
    the words people wrote can start a formula, so only those are checked, not ids, flag codes and times."""
    for rows, now, overdue_before in staff_queue_rows(query, viewer_id):
        for r in rows:
            yield [r.id, safe_cell(r.name), safe_cell(r.email), safe_cell(r.program_code or ""),
                   safe_cell(r.original_name), r.flag_codes, r.uploaded_at.isoformat() + "Z",
                   safe_cell((r.claimer or "") if held(r, now) else ""),
                   "yes" if r.uploaded_at < overdue_before else ""]


def decision_rows(since: date | None, until: date | None, chunk: int = 1000) -> Iterator[list[Any]]:
    """Decisions made on the days from `since` to `until` (both included, UTC), oldest first."""
    applicant, reviewer = aliased(User), aliased(User)
    statement = (db.select(ReviewDecision.id, ReviewDecision.created_at, Document.id, Document.original_name,
                           applicant.name, applicant.email, ReviewDecision.outcome, ReviewDecision.reason,
                           ReviewDecision.note, reviewer.name)
                 .join(Document, Document.id == ReviewDecision.document_id)
                 .join(applicant, applicant.id == Document.applicant_id)
                 .outerjoin(reviewer, reviewer.id == ReviewDecision.reviewer_id))
    if since:
        statement = statement.where(ReviewDecision.created_at >= datetime.combine(since, time.min))
    if until:
        statement = statement.where(ReviewDecision.created_at < datetime.combine(until + timedelta(days=1), time.min))
    last = 0
    while True:
        rows = db.session.execute(statement.where(ReviewDecision.id > last).order_by(ReviewDecision.id)
                                  .limit(chunk)).all()
        for r in rows:
            yield [r[0], r[1].isoformat() + "Z", r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8] or "",
                   r[9] or "automatic"]
        if len(rows) < chunk:
            return
        last = rows[-1][0]
