"""The reading half of storing results: everything a new reading is compared with, looked up for a group.

Re-processing stores results a group at a time (`GROUP` in reviewer/reprocessing/chunks.py). Each
document's new reading is compared with what is stored: the extraction of the same version (stored
already: nothing to do), the newest one (did anything change?), the one a decision was made on, earlier
uploads of the same bytes, and earlier activities of the same title and date (duplicates). Asked document
by document that was five or six statements each, a third of storing's time; here each question is one
statement for the whole group.

Only reads happen here. Writing is `persistence.apply_group`, so on SQLite (where pysqlite begins a
transaction at the first write) the write lock is held only while a group is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import tuple_
from sqlalchemy.orm import selectinload

from reviewer.documents.changes import fingerprint
from reviewer.extensions import db
from reviewer.models import Activity, Document, DocumentStatus, Extraction, Flag, ReviewDecision, User
from reviewer.normalize import normalise
from reviewer.programs.degree import qualifying_degree_reasons
from reviewer.programs.progress import PENDING
from reviewer.programs.rules import rules_of
from workers.fields.categories import DEFAULT_KIND, suggest_kind
from workers.result import Result


@dataclass(frozen=True)
class Recorded:
    """What storing a result did: the extraction, and whether it changed anything."""

    extraction: Extraction
    had_decision: bool = False
    changed: bool | None = None  # against the decided extraction, or else the previous one; None: first


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


Outcome = Prepared | Recorded | None


def prepare_result(document_id: int, version: int, result: Result, reader_key: str | None,
                   cache_pages: bool = True) -> Outcome:
    """One document's `prepare_group`."""
    return prepare_group([(document_id, version, result)], reader_key, cache_pages)[0]


def prepare_group(items: Sequence[tuple[int, int, Result]], reader_key: str | None,
                  cache_pages: bool = True) -> list[Outcome]:
    """Each (document id, version, result) ready to be written, in order: None for a document gone, a
    Recorded for a version stored already (the same version run twice is stored once; an older version run
    late is stored beside the newer), else a Prepared. The lookups see the database as it was before any
    of the group is written, as preparing one document at a time did."""
    documents = {doc_id: db.session.get(Document, doc_id) for doc_id, _, _ in items}
    present = [doc for doc in documents.values() if doc is not None]
    versions = _versions([d.id for d in present])
    decisions = _latest_decisions([d.id for d in present])
    copies = _earlier_copies(present)
    out: list[Outcome] = []
    built: list[tuple[Document, Extraction]] = []
    for doc_id, version, result in items:
        document = documents[doc_id]
        if document is None:
            out.append(None)
            continue
        stored = versions.get(doc_id, {})
        if version in stored:
            out.append(Recorded(db.session.get_one(Extraction, stored[version][0])))
            continue
        extraction = _build_extraction(document, version, result, reader_key)  # not in the session yet
        built.append((document, extraction))
        decision = decisions.get(doc_id)
        decided_on = decision.extraction if decision is not None else None
        newest = stored[max(stored)] if stored else None
        out.append(Prepared(document, extraction, result, decided_on,
                            _fingerprint_of(decided_on.id, decided_on.fingerprint) if decided_on else None,
                            decision is not None, _fingerprint_of(*newest) if newest else None, cache_pages))
    twins = _twins(built)
    for document, extraction in built:
        own_copy, others_copy = copies.get(document.id, (None, None))
        duplicates = _duplicate_reasons(document, extraction, own_copy, twins)
        if duplicates:
            extraction.flags.append(Flag(code="duplicate", reason=" ".join(duplicates)))
        if others_copy:
            extraction.flags.append(Flag(code="shared_file", reason=f"{others_copy.name} sent the same file "
                                                                    f"earlier, as document {others_copy.id}."))
        coursework = qualifying_degree_reasons(document.cycle, extraction)
        if coursework:
            extraction.flags.append(Flag(code="qualifying_degree", reason=" ".join(coursework)))
        extraction.fingerprint = fingerprint(extraction)
    return out


def _versions(document_ids: list[int]) -> dict[int, dict[int, tuple[int, str | None]]]:
    """Every stored extraction of these documents: {document: {version: (id, fingerprint)}}."""
    found: dict[int, dict[int, tuple[int, str | None]]] = defaultdict(dict)
    if document_ids:
        for doc_id, extraction_id, version, stored in db.session.execute(
                db.select(Extraction.document_id, Extraction.id, Extraction.version, Extraction.fingerprint)
                .where(Extraction.document_id.in_(document_ids))):
            found[doc_id][version] = (extraction_id, stored)
    return found


def _latest_decisions(document_ids: list[int]) -> dict[int, ReviewDecision]:
    """Each document's current decision (its newest), with the extraction it was made on."""
    if not document_ids:
        return {}
    # The newest decision of each document alone (`decisions.current_decision`): a document decided again
    # and again would otherwise load every earlier decision's extraction, page texts and all.
    newest = (db.select(db.func.max(ReviewDecision.id)).where(ReviewDecision.document_id.in_(document_ids))
              .group_by(ReviewDecision.document_id))
    return {decision.document_id: decision for decision in db.session.scalars(
        db.select(ReviewDecision).where(ReviewDecision.id.in_(newest))
        .options(selectinload(ReviewDecision.extraction)))}


def _earlier_copies(documents: list[Document]) -> dict[int, tuple[Any, Any]]:
    """For each document, the earliest earlier upload of the same bytes by its applicant (a duplicate), and
    by anyone else (a certificate passed around, or a provider's template sent blank: `shared_file`, whose
    reason only staff read; the applicant reads the vocabulary's own words)."""
    if not documents:
        return {}
    rows = db.session.execute(
        db.select(Document.id, Document.original_name, Document.applicant_id, Document.sha256, User.name)
        .join(User, User.id == Document.applicant_id)
        .where(Document.sha256.in_({d.sha256 for d in documents}), Document.id < max(d.id for d in documents),
               Document.status != DocumentStatus.WITHDRAWN)
        .order_by(Document.id)).all()
    by_bytes: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_bytes[row.sha256].append(row)
    found = {}
    for document in documents:
        earlier = [row for row in by_bytes.get(document.sha256, []) if row.id < document.id]
        found[document.id] = (next((r for r in earlier if r.applicant_id == document.applicant_id), None),
                              next((r for r in earlier if r.applicant_id != document.applicant_id), None))
    return found


def _twins(readings: list[tuple[Document, Extraction]]) -> dict[tuple[Any, ...], list[Any]]:
    """Earlier activities of the same applicant, title and date, as rows of (applicant, title, date) →
    [(document id, file name), …] newest document first, for `_duplicate_reasons`; one statement for every
    activity of the group, however many rows a transcript has. Only each document's current reading
    counts: an activity that an earlier reading found and the current one does not is in no document now,
    and every re-processing adds a reading whose activities the check would otherwise join again."""
    keyed = {(a.normalized_title, a.date) for _, e in readings for a in e.activities if a.normalized_title and a.date}
    if not keyed:
        return {}
    found: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in db.session.execute(
            db.select(Document.applicant_id, Activity.normalized_title, Activity.date, Document.id,
                      Document.original_name)
            .join(Document, Activity.extraction_id == Document.latest_extraction_id)
            .where(Document.applicant_id.in_({d.applicant_id for d, _ in readings}),
                   Document.id < max(d.id for d, _ in readings),
                   Document.status.in_([DocumentStatus.ACCEPTED, *PENDING]),
                   tuple_(Activity.normalized_title, Activity.date).in_(sorted(keyed)))
            .order_by(Document.id.desc())):
        found[(row.applicant_id, row.normalized_title, row.date)].append(row)
    return found


def _duplicate_reasons(document: Document, extraction: Extraction, same_bytes: Any,
                       twins: dict[tuple[Any, ...], list[Any]]) -> list[str]:
    """Why this document repeats this applicant's own evidence sent before it, in words they may read.

    Only earlier uploads count (a lower id), so the first upload stays the original and re-processing
    it can never turn it into the duplicate of a later copy. Another person's copy is not a duplicate of
    theirs (it counts nowhere twice): `_earlier_copies` finds it for staff. `same_bytes` is this
    applicant's earliest earlier copy of the file.
    """
    reasons = []
    if same_bytes:
        reasons.append(f"You already sent this file as document {same_bytes.id} (“{same_bytes.original_name}”).")
    for activity in extraction.activities:
        if activity.date is None or not activity.normalized_title:
            continue
        earlier = [row for row in twins.get((document.applicant_id, activity.normalized_title, activity.date), [])
                   if row.id < document.id]
        if earlier:
            twin = earlier[-1]  # the earliest document
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
        # Set, even when empty: a collection never set is read back from the database once it is flushed,
        # one statement for each reading that found no activity or no flag.
        activities=[], flags=[],
    )
    categories = _categories(document, result)
    for position, found in enumerate(result.activities):
        extraction.activities.append(Activity(
            category=categories[position],
            position=position, title=found.title, normalized_title=normalise(found.title) or None,
            start_date=found.start_date, date=found.date,
            amount_value=found.amount.value if found.amount else None,
            amount_unit=found.amount.unit if found.amount else None,
            contact_hours=found.contact_hours, evidence=found.evidence))
    for code, reason in result.flags.items():
        extraction.flags.append(Flag(code=code, reason=reason))
    return extraction


def _categories(document: Document, result: Result) -> list[str | None]:
    """The category each activity counts in, from the kind its title names, else the kind the first page
    names. The program's rules are read and the page searched once per reading, not once per activity: a
    transcript of 40 rows read its program and searched its page 40 times."""
    program = document.cycle.program if document.cycle is not None else None
    if program is None or not result.activities:
        return [None] * len(result.activities)
    rules = rules_of(program)
    kinds = [suggest_kind(found.title) for found in result.activities]
    page = result.page_texts[0].text if result.page_texts else ""
    page_kind = suggest_kind(None, page) if None in kinds else None
    return [rules.category_for(kind or page_kind or DEFAULT_KIND) for kind in kinds]


def _fingerprint_of(extraction_id: int, stored: str | None) -> str:
    """An extraction's fingerprint; extractions stored before fingerprints existed get it computed."""
    return stored or fingerprint(db.session.get_one(Extraction, extraction_id))
