"""Storing what the pipeline found, and applying the outcome rules, in one transaction each.

A result is written whole or not at all: extraction, activities and flags are added and committed
together, and any database error rolls all of it back, so no half-written extraction is ever left.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, tuple_
from sqlalchemy.orm.attributes import set_committed_value

from reviewer.documents.changes import as_data, diff, fingerprint
from reviewer.documents.page_cache import store_pages
from reviewer.extensions import db
from reviewer.models import Activity, Document, DocumentStatus, Extraction, Flag, User
from reviewer.normalize import normalise
from reviewer.programs.degree import qualifying_degree_reasons
from reviewer.programs.rules import rules_of
from reviewer.review.decisions import audit, current_decision, decide, set_status
from reviewer.review.search import reading_entry, write_entries
from workers.checks import CheckContext
from workers.fields.categories import DEFAULT_KIND, suggest_kind
from workers.flags import EXTRACTION_FLAGS
from workers.result import Result

PENDING = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING, DocumentStatus.NEEDS_REVIEW)


def start_processing(document_id: int) -> Document | None:
    """Mark a document as being read. None if it no longer exists."""
    document = db.session.get(Document, document_id)
    if document is None:
        return None
    if document.status in (DocumentStatus.QUEUED, DocumentStatus.FAILED):
        set_status(document, DocumentStatus.PROCESSING, None, "processing_started")
        db.session.commit()
    return document


def _earlier_copies(document: Document) -> tuple[Any, Any]:
    """The earliest earlier upload of the same bytes by this applicant (a duplicate), and by anyone else
    (a certificate passed around, or a provider's template sent blank: `shared_file`, whose reason only
    staff read; the applicant reads the vocabulary's own words). One statement: the earliest of each."""
    earlier = (db.select(Document.id, Document.original_name, Document.applicant_id, User.name,
                         func.row_number().over(partition_by=Document.applicant_id == document.applicant_id,
                                                order_by=Document.id).label("rank"))
               .join(User, User.id == Document.applicant_id)
               .where(Document.sha256 == document.sha256, Document.id < document.id,
                      Document.status != DocumentStatus.WITHDRAWN).subquery())
    own = others = None
    for row in db.session.execute(db.select(earlier).where(earlier.c.rank == 1)):
        if row.applicant_id == document.applicant_id:
            own = row
        else:
            others = row
    return own, others


def _duplicate_reasons(document: Document, extraction: Extraction, same_bytes: Any) -> list[str]:
    """Why this document repeats this applicant's own evidence sent before it, in words they may read.

    Only earlier uploads count (a lower id), so the first upload stays the original and re-processing
    it can never turn it into the duplicate of a later copy. Another person's copy is not a duplicate of
    theirs (it counts nowhere twice): `_earlier_copies` finds it for staff. `same_bytes` is this
    applicant's earliest earlier copy of the file (`_earlier_copies`). Every activity's twin is looked up in
    one statement, however many rows a transcript has.
    """
    reasons = []
    if same_bytes:
        reasons.append(f"You already sent this file as document {same_bytes.id} (“{same_bytes.original_name}”).")
    keyed = [(a.normalized_title, a.date) for a in extraction.activities if a.normalized_title and a.date]
    twins: dict[tuple[Any, Any], Any] = {}
    if keyed:
        for row in db.session.execute(
                db.select(Activity.normalized_title, Activity.date, Document.id, Document.original_name)
                .join(Extraction, Activity.extraction_id == Extraction.id)
                .join(Document, Extraction.document_id == Document.id)
                .where(Document.applicant_id == document.applicant_id, Document.id < document.id,
                       Document.status.in_([DocumentStatus.ACCEPTED, *PENDING]),
                       tuple_(Activity.normalized_title, Activity.date).in_(sorted(set(keyed))))
                .order_by(Document.id.desc())):
            twins[(row.normalized_title, row.date)] = row  # the earliest document last, so it stays
    for activity in extraction.activities:
        twin = twins.get((activity.normalized_title, activity.date))
        if twin and activity.date is not None:
            reasons.append(f"“{activity.title}” on {activity.date.isoformat()} is already in your document {twin.id} "
                           f"(“{twin.original_name}”).")
    return reasons


def _build_extraction(document: Document, version: int, result: Result, reader_key: str | None) -> Extraction:
    extraction = Extraction(
        document_id=document.id, version=version, pipeline_version=result.pipeline_version,
        text_source=result.text_source, pages=result.pages, recipient=result.recipient, issuer=result.issuer,
        certificate_number=result.certificate_number,
        third_party=result.third_party, third_party_reasons=result.third_party_reasons,
        page_texts=[{"number": p.number, "source": p.source, "rotation": p.rotation, "mean_conf": p.mean_conf,
                     "text": p.text} for p in result.page_texts],
        reader_key=reader_key, seconds=result.seconds,
    )
    program = document.cycle.program if document.cycle is not None else None
    text = result.page_texts[0].text if result.page_texts else ""
    for position, found in enumerate(result.activities):
        extraction.activities.append(Activity(
            category=(rules_of(program).category_for(suggest_kind(found.title, text) or DEFAULT_KIND)
                      if program is not None else None),
            position=position, title=found.title, normalized_title=normalise(found.title) or None,
            start_date=found.start_date, date=found.date,
            amount_value=found.amount.value if found.amount else None,
            amount_unit=found.amount.unit if found.amount else None,
            contact_hours=found.contact_hours, evidence=found.evidence))
    for code, reason in result.flags.items():
        extraction.flags.append(Flag(code=code, reason=reason))
    return extraction


@dataclass(frozen=True)
class Recorded:
    """What storing a result did: the extraction, and whether it changed anything."""

    extraction: Extraction
    had_decision: bool = False
    changed: bool | None = None  # against the decided extraction, or else the previous one; None: first


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


@dataclass
class Prepared:
    """A result ready to be written: everything read, nothing written yet."""

    document: Document
    extraction: Extraction
    result: Result
    decided_on: Extraction | None
    decided_fingerprint: str | None
    had_decision: bool
    before: str | None  # the previous extraction's fingerprint
    cache_pages: bool


def prepare_result(document_id: int, version: int, result: Result, reader_key: str | None,
                   cache_pages: bool = True) -> Prepared | Recorded | None:
    """The reading half of storing a result. It only reads, so re-processing prepares a group of
    documents before it writes any: on SQLite (where pysqlite begins a transaction at the first write)
    the write lock is then held only while the group is written, not while it is looked up."""
    document = db.session.get(Document, document_id)
    if document is None:
        return None
    # The newest extraction, and this version's if it is stored already: one statement for both (the
    # same version run twice is stored once; an older version run late is stored beside the newer).
    previous, existing_id = None, None
    for row in db.session.execute(db.select(Extraction.id, Extraction.version, Extraction.fingerprint).where(
            Extraction.document_id == document_id,
            or_(Extraction.version == version, Extraction.version == db.select(func.max(Extraction.version)).where(
                Extraction.document_id == document_id).scalar_subquery())).order_by(Extraction.version.desc())):
        previous = previous or row
        existing_id = row.id if row.version == version else existing_id
    if existing_id is not None:
        return Recorded(db.session.get_one(Extraction, existing_id))  # stored already
    decision = current_decision(document)
    decided_on = decision.extraction if decision is not None else None
    extraction = _build_extraction(document, version, result, reader_key)  # not in the session yet
    own_copy, others_copy = _earlier_copies(document)
    duplicates = _duplicate_reasons(document, extraction, own_copy)
    if duplicates:
        extraction.flags.append(Flag(code="duplicate", reason=" ".join(duplicates)))
    shared = f"{others_copy.name} sent the same file earlier, as document {others_copy.id}." if others_copy else None
    if shared:
        extraction.flags.append(Flag(code="shared_file", reason=shared))
    coursework = qualifying_degree_reasons(document.cycle, extraction)
    if coursework:
        extraction.flags.append(Flag(code="qualifying_degree", reason=" ".join(coursework)))
    extraction.fingerprint = fingerprint(extraction)
    return Prepared(document, extraction, result, decided_on,
                    _fingerprint_of(decided_on.id, decided_on.fingerprint) if decided_on else None,
                    decision is not None,
                    _fingerprint_of(previous.id, previous.fingerprint) if previous else None, cache_pages)


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
    write_entries(db.session, entries)  # staff search sees the new readings in the same commit
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


def _fingerprint_of(extraction_id: int, stored: str | None) -> str:
    """An extraction's fingerprint; extractions stored before fingerprints existed get it computed."""
    return stored or fingerprint(db.session.get_one(Extraction, extraction_id))


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
