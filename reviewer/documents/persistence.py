"""Storing what the pipeline found, and applying the outcome rules, in one transaction each.

A result is written whole or not at all: extraction, activities and flags are added and committed
together, and any database error rolls all of it back, so no half-written extraction is ever left.
"""

from __future__ import annotations

import random
from datetime import date

from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value

from reviewer.documents.changes import as_data, diff
from reviewer.documents.page_cache import store_pages
from reviewer.documents.preparing import Prepared, Recorded, prepare_result
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, Extraction
from reviewer.review.decisions import audit, decide, set_status
from reviewer.review.search import reading_entry, write_entries
from workers.checks import CheckContext
from workers.flags import EXTRACTION_FLAGS
from workers.result import Result


def start_processing(document_id: int) -> Document | None:
    """Mark a document as being read. None if it no longer exists."""
    document = db.session.get(Document, document_id)
    if document is None:
        return None
    if document.status in (DocumentStatus.QUEUED, DocumentStatus.FAILED):
        set_status(document, DocumentStatus.PROCESSING, None, "processing_started")
        db.session.commit()
    return document


def record_result(document_id: int, version: int, result: Result, reader_key: str | None = None) -> Recorded | None:
    """Store one extraction and move the document on, in one commit. Idempotent per (document, version)."""
    try:
        prepared = prepare_result(document_id, version, result, reader_key)
        recorded = apply_prepared(prepared) if isinstance(prepared, Prepared) else prepared
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return recorded


_COLUMNS = [column.key for column in Document.__mapper__.column_attrs]


def apply_prepared(p: Prepared) -> Recorded:
    """The writing half: add the extraction, cache its pages, and mark or decide the document."""
    return apply_group([p])[0]


def apply_group(group: list[Prepared]) -> list[Recorded]:
    """`apply_prepared` for several documents, written together: one flush inserts every extraction,
    activity and flag of the group (a statement per table, not per document), one locked read refreshes
    every document's status, and one statement rewrites their search entries. Storing per document made
    13 statements a document, most of them round trips that PostgreSQL pays for one by one."""
    if not group:
        return []
    for p in group:
        db.session.add(p.extraction)
        if p.extraction.reader_key and p.cache_pages:
            store_pages(p.document.sha256, p.extraction.reader_key, p.result.page_texts)
        p.document.mime = p.result.mime
        p.document.error_code = p.document.error_message = None
    db.session.flush()
    _refresh_locked([p.document for p in group])
    recorded, entries = [], {}
    for p in group:
        recorded.append(_settle(p))
        entries[p.document.id] = reading_entry(p.document, p.extraction)
    write_entries(db.session, entries, only_changed=True)  # staff search sees the new readings in the same commit
    return recorded


def _refresh_locked(documents: list[Document]) -> None:
    """The documents' columns as they are now, locked until this commit (on PostgreSQL by FOR UPDATE; on
    SQLite the flush before holds the write lock): a withdrawal or a decision that landed since the results
    were prepared must not be written over. Columns only, set as loaded: refreshing the relationships too
    would expire the cycle and applicant that a group loaded, and each would be read again."""
    rows = db.session.execute(db.select(*[getattr(Document, key) for key in _COLUMNS])
                              .where(Document.id.in_([d.id for d in documents])).with_for_update())
    current = {row.id: row for row in rows}
    for document in documents:
        row = current.get(document.id)
        if row is not None:
            for key in _COLUMNS:
                set_committed_value(document, key, getattr(row, key))


def _settle(p: Prepared) -> Recorded:
    """The document's outcome for its new reading (its columns just refreshed)."""
    document, extraction = p.document, p.extraction
    changed: bool | None
    if p.had_decision:
        changed = _mark_if_changed(document, p.decided_on, p.decided_fingerprint, extraction)
    elif document.status == DocumentStatus.WITHDRAWN:  # taken back while it was being read: it stays so
        changed = None
    else:
        changed = p.before != extraction.fingerprint if p.before is not None else None
        _apply_outcome(document, extraction)
    document.latest_extraction_id, document.flag_codes = extraction.id, queue_flag_codes(document, extraction)
    return Recorded(extraction, had_decision=p.had_decision, changed=changed)


def queue_flag_codes(document: Document, extraction: Extraction) -> str:
    """The flags the staff queue filters, counts and shows, in the vocabulary's order (see Document.flag_codes)."""
    order = EXTRACTION_FLAGS
    codes = sorted({f.code for f in extraction.flags}, key=lambda c: order.index(c) if c in order else len(order))
    return " ".join(codes) if codes else ("audit_sample" if document.audit_sample else "")


def _mark_if_changed(document: Document, decided_on: Extraction | None, decided_fingerprint: str | None,
                     extraction: Extraction) -> bool:
    """A decided document keeps its decision; if the new reading differs from the one decided on, it
    is marked for staff, with the difference in the audit trail."""
    if decided_on is None or decided_fingerprint == extraction.fingerprint:
        return False
    changes = diff(decided_on, extraction)
    if changes:
        document.changed_since_decision = True
        audit(document, None, "changed_since_decision", {
            "version": extraction.version, "decided_version": decided_on.version, "changes": as_data(changes)})
    return bool(changes)


def _apply_outcome(document: Document, extraction: Extraction) -> None:
    """For an undecided document. No flags: accepted (a random audit share still goes to staff).
    Flags: the staff queue."""
    if extraction.flags:
        set_status(document, DocumentStatus.NEEDS_REVIEW, None, "flagged",
                   {"flags": [f.code for f in extraction.flags], "version": extraction.version})
        return
    # A document drawn for the audit sample stays drawn when it is read again.
    if document.audit_sample or random.random() < float(current_app.config["AUDIT_SAMPLE_RATE"]):
        document.audit_sample = True
        set_status(document, DocumentStatus.NEEDS_REVIEW, None, "audit_sample", {"version": extraction.version})
        return
    set_status(document, DocumentStatus.NEEDS_REVIEW, None, "read", {"version": extraction.version})
    decide(document, "accept", None, note="No flags: accepted automatically.", automatic=True, extraction=extraction)


def record_failure(document_id: int, code: str, message: str) -> None:
    """The document could not be read: `failed`, with the reason staff and the applicant will see."""
    document = db.session.get(Document, document_id)
    if document is None:
        return
    mark_failed(document, code, message)
    db.session.commit()


def mark_failed(document: Document, code: str, message: str) -> None:
    """`record_failure` without the commit. A withdrawn document keeps its status (and the reason)."""
    document.error_code, document.error_message = code, message
    if document.status == DocumentStatus.WITHDRAWN:
        return
    set_status(document, DocumentStatus.FAILED, None, "failed", {"code": code, "message": message})


def check_context(document: Document) -> CheckContext:
    """What a document is checked against: its applicant, and its cycle's window (else 3 years to today)."""
    cycle = document.cycle
    if cycle is not None:
        return CheckContext(as_of=cycle.window_end, window_years=cycle.program.window_years,
                            applicant=document.applicant.name, opens=cycle.window_start)
    return CheckContext(as_of=date.today(), window_years=3, applicant=document.applicant.name)
