"""Bulk seeding for the triage benchmark: issue 11's data shape at any size, by Core executemany.

tests/queue_seed.py seeds through the ORM, a flush per document: right for tests, minutes at 100,000. This
writes the same tables with multi-row executemany inserts, 5,000 documents at a time, with explicit ids
(so the rows can point at each other without a round trip), then fixes what depends on other rows:
`documents.latest_extraction_id`, PostgreSQL's id sequences, the search index and planner statistics.

Shape per 100 documents (shares are of all documents; one applicant per 20 documents, as 5,000 per
100,000):
- 5 failed (no extraction), 5 queued (uploaded, not read yet);
- 24 waiting with flags, 6 waiting as audit samples (no flags, `flag_codes` "audit_sample");
- 6 with flags decided by staff (accept, reject or resubmission), 2 audit samples accepted by staff,
  52 without flags auto-accepted: 60 % with a decision, 30 % with flags;
- every decision with its audit event; 1-2 extractions per read document (the latest holds
  `latest_extraction_id` and `flag_codes`, codes in the vocabulary's order, workers.flags), 1-3 activities each;
- documents/1,000 decided documents changed since their decision (decided on version 1, version 2 differs).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

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
from reviewer.normalize import normalise
from reviewer.programs.catalogue import seed_programs
from reviewer.review.queue_counts import fold
from reviewer.review.search import entry_body, write_entries
from workers.flags import EXTRACTION_FLAGS as FLAGS

CHUNK = 5000
DOCUMENTS_PER_APPLICANT = 20
PASSWORD = "correct horse battery"
STAFF_EMAIL = "bench.staff@example.org"
OTHER_STAFF_EMAIL = "other.staff@example.org"
ADMIN_EMAIL = "bench.admin@example.org"
# Common flags more often than rare ones, as the pipeline finds them.
FLAG_WEIGHTS = {"unreadable": 1, "missing_title": 2, "missing_date": 4, "missing_hours": 8, "self_issued": 3,
                "outside_window": 3, "name_mismatch": 4, "duplicate": 2}
TITLE_WORDS = ["statistical", "process", "control", "welding", "safety", "lean", "six", "sigma", "quality",
               "project", "management", "leadership", "ethics", "design", "industrial", "technology", "robotics",
               "metrology", "automation", "maintenance"]
ISSUERS = [f"{w.title()} Institute of {v.title()}" for w in ("Midwest", "Coastal", "Northern", "Central")
           for v in ("Technology", "Engineering", "Management", "Safety", "Quality")]
START = datetime(2024, 1, 1)
SPAN = timedelta(days=1050)  # uploads from 2024-01-01 to late 2026
WINDOW = (date(2023, 11, 1), date(2026, 12, 31))
SEARCH_WORD = "metrology"  # in about one title in seven
TEXT_WORD = "completion"  # in every document's page text, in no title, name or issuer


@dataclass
class Seeded:
    """What the benchmark needs to know about the data it runs on."""

    documents: int
    applicants: int
    staff_email: str = STAFF_EMAIL
    applicant_email: str = ""
    program_code: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Rows:
    documents: list[dict[str, Any]] = field(default_factory=list)
    extractions: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


class _Ids:
    """Explicit ids per table, handed out in insert order (so a later version has a higher id)."""

    def __init__(self) -> None:
        self.extraction = self.activity = self.flag = self.decision = self.event = 0

    def next(self, table: str) -> int:
        value = getattr(self, table) + 1
        setattr(self, table, value)
        return value


def seed_triage(documents: int, seed: int = 11) -> Seeded:
    """Seed `documents` documents in the shape above into an empty, migrated database (app context)."""
    rng = random.Random(seed)
    programs = seed_programs()
    _, other = _staff_user(STAFF_EMAIL, "Bench Staff"), _staff_user(OTHER_STAFF_EMAIL, "Other Staff")
    _staff_user(ADMIN_EMAIL, "Bench Administrator", role="admin")
    applicants = max(1, documents // DOCUMENTS_PER_APPLICANT)
    first_user = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    people = {first_user + k: (f"Applicant {k}", f"applicant{k}@example.org") for k in range(applicants)}
    names = {uid: name for uid, (name, _) in people.items()}
    _write_rows(User.__table__, [
        {"id": uid, "email": email, "name": name, "role": "applicant", "password_hash": "",
         "session_generation": 0, "reminders": True, "active": True, "created_at": START}
        for uid, (name, email) in people.items()])
    cycles = {uid: rng.choice(programs).id for uid in names}
    _write_rows(Cycle.__table__, [
        {"id": k + 1, "applicant_id": uid, "program_id": program_id, "window_start": WINDOW[0],
         "window_end": WINDOW[1], "due_date": WINDOW[1], "status": "open", "multiple_certifications": False}
        for k, (uid, program_id) in enumerate(cycles.items())])
    cycle_ids = {uid: k + 1 for k, uid in enumerate(cycles)}
    codes = {p.id: p.code for p in programs}
    changed = set(rng.sample(range(1, documents + 1), max(1, documents // 1000)))
    ids, user_ids = _Ids(), list(names)
    for first in range(1, documents + 1, CHUNK):
        rows = _Rows()
        for n in range(first, min(first + CHUNK, documents + 1)):
            uid = user_ids[n % len(user_ids)]
            _document(rows, ids, rng, n, documents, uid, names[uid], cycle_ids[uid], n in changed,
                      staff_id=other.id, program_code=codes[cycles[uid]])
        _insert(rows)
        _index(rows, people)
        db.session.commit()
    _finish(documents)
    _claims(rng, other.id)
    dashboard_user = db.session.get(User, user_ids[4 % len(user_ids)])
    dashboard_user.set_password(PASSWORD)
    db.session.commit()
    program_code = db.session.get(Program, cycles[user_ids[0]]).code
    counts = dict(db.session.execute(sa.select(Document.status, sa.func.count()).group_by(Document.status)).all())
    counts["changed_since_decision"] = db.session.scalar(
        sa.select(sa.func.count()).where(Document.changed_since_decision.is_(True)))
    return Seeded(documents, applicants, applicant_email=dashboard_user.email, program_code=program_code,
                  counts=counts)


def _staff_user(email: str, name: str, role: str = "staff") -> User:
    user = User(email=email, name=name, role=role)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def _document(rows: _Rows, ids: _Ids, rng: random.Random, n: int, total: int, applicant_id: int, name: str,
              cycle_id: int, changed: bool, staff_id: int, program_code: str) -> None:
    """One document's rows: the document, its extractions with activities and flags, its decision."""
    roll = rng.random()
    uploaded = START + SPAN * (n / total)
    doc = {"id": n, "applicant_id": applicant_id, "cycle_id": cycle_id, "program_code": program_code,
           "sha256": f"{n:064x}",
           "original_name": f"certificate-{n}.pdf", "mime": "application/pdf", "size": 50_000 + n % 9000,
           "status": DocumentStatus.NEEDS_REVIEW, "error_code": None, "error_message": None, "audit_sample": False,
           "changed_since_decision": False, "flag_codes": "", "state_version": 2, "uploaded_at": uploaded,
           "updated_at": uploaded, "claimed_by_id": None, "claimed_until": None, "resubmission_of_id": None}
    rows.documents.append(doc)
    if changed:
        roll = 0.5  # a decided document without flags
    if roll < 0.05:
        doc.update(status=DocumentStatus.FAILED, error_code="corrupt", error_message="The file is not a readable PDF.",
                   state_version=1)
        return
    if roll < 0.10:
        doc.update(status=DocumentStatus.QUEUED, state_version=0)
        return
    flagged = roll < 0.34 or 0.40 <= roll < 0.46
    audit_sample = 0.34 <= roll < 0.40 or 0.46 <= roll < 0.48
    codes = _flag_codes(rng) if flagged else []
    versions = 2 if changed or rng.random() < 0.25 else 1
    extraction_ids = [_extraction(rows, ids, rng, n, version, uploaded, name, codes) for version in
                      range(1, versions + 1)]
    doc.update(flag_codes=" ".join(codes) or ("audit_sample" if audit_sample else ""), audit_sample=audit_sample)
    if roll < 0.40:
        return  # waiting for staff
    if roll < 0.48:
        outcome = "accept" if audit_sample or roll < 0.44 else ("reject" if roll < 0.455 else "request_resubmission")
        reviewer = staff_id
    else:
        outcome, reviewer = "accept", None
    status = {"accept": DocumentStatus.ACCEPTED, "reject": DocumentStatus.REJECTED,
              "request_resubmission": DocumentStatus.RESUBMISSION_REQUESTED}[outcome]
    decided_at = uploaded + timedelta(hours=1 if reviewer is None else 50)
    doc.update(status=status, state_version=3, changed_since_decision=changed, updated_at=decided_at)
    rows.decisions.append({"id": ids.next("decision"), "document_id": n,
                           "extraction_id": extraction_ids[0] if changed else extraction_ids[-1], "outcome": outcome,
                           "reason": codes[0] if outcome == "reject" and codes else
                           ("not_relevant" if outcome == "reject" else None),
                           "note": "" if reviewer is None else "Checked against the program rules.",
                           "reviewer_id": reviewer, "created_at": decided_at})
    rows.events.append({"id": ids.next("event"), "document_id": n, "actor_id": reviewer,
                        "action": "auto_accepted" if reviewer is None else "decided", "from_status": "needs_review",
                        "to_status": status, "detail": {"outcome": outcome, "previous": None},
                        "created_at": decided_at})


def _flag_codes(rng: random.Random) -> list[str]:
    picked = set(rng.choices(list(FLAG_WEIGHTS), weights=list(FLAG_WEIGHTS.values()), k=rng.randint(1, 2)))
    return [code for code in FLAGS if code in picked]


def _extraction(rows: _Rows, ids: _Ids, rng: random.Random, n: int, version: int, uploaded: datetime, name: str,
                codes: list[str]) -> int:
    extraction_id = ids.next("extraction")
    titles = [" ".join(rng.sample(TITLE_WORDS, 3)).title() for _ in range(rng.randint(1, 3))]
    issuer = ISSUERS[n % len(ISSUERS)]
    text = f"Certificate of completion. {name} completed {'; '.join(titles)} at {issuer}."
    rows.extractions.append({
        "id": extraction_id, "document_id": n, "version": version, "pipeline_version": "bench",
        "text_source": "text", "pages": 1, "recipient": name, "issuer": issuer, "third_party": True,
        "third_party_reasons": ["issuer differs from recipient"], "page_texts": [{"number": 1, "text": text}],
        "reader_key": None, "fingerprint": f"{n:012x}{version:04x}", "seconds": 0.2,
        "created_at": uploaded + timedelta(minutes=version)})
    for position, title in enumerate(titles):
        hours = float(rng.randint(1, 16))
        rows.activities.append({
            "id": ids.next("activity"), "extraction_id": extraction_id, "position": position, "title": title,
            "normalized_title": normalise(title), "start_date": None,
            "date": (uploaded - timedelta(days=rng.randint(1, 60))).date(), "amount_value": hours,
            "amount_unit": "contact_hours", "contact_hours": hours, "evidence": {}, "corrected_by_id": None,
            "category": None, "excluded_reason": None})
    for code in codes:
        rows.flags.append({"id": ids.next("flag"), "extraction_id": extraction_id, "code": code,
                           "reason": f"Seeded: {code.replace('_', ' ')}."})
    return extraction_id


def _insert(rows: _Rows) -> None:
    """One chunk, parents first; documents point at their latest extraction later (_finish)."""
    for model, batch in ((Document, rows.documents), (Extraction, rows.extractions), (Activity, rows.activities),
                         (Flag, rows.flags), (ReviewDecision, rows.decisions), (AuditEvent, rows.events)):
        if batch:
            _write_rows(model.__table__, batch)


def _index(rows: _Rows, people: dict[int, tuple[str, str]]) -> None:
    """The chunk's search entries, from the rows in memory, with the words `entry_body` gives the app's
    own index: reading them back (`rebuild_search_index`) was half of seeding on PostgreSQL."""
    latest: dict[int, dict[str, Any]] = {}
    for extraction in rows.extractions:  # versions in order: the last one seen is the latest
        latest[extraction["document_id"]] = extraction
    titles: dict[int, list[str]] = {}
    for activity in rows.activities:
        titles.setdefault(activity["extraction_id"], []).append(activity["title"])
    bodies = {}
    for doc in rows.documents:
        name, email = people[doc["applicant_id"]]
        reading = latest.get(doc["id"])
        bodies[doc["id"]] = entry_body(doc["original_name"], name, email, *(
            (reading["recipient"], reading["issuer"], titles.get(reading["id"], []), reading["page_texts"])
            if reading is not None else (None, None, None, None)))
    if db.engine.dialect.name != "postgresql":
        write_entries(db.session, bodies)
        return
    db.session.execute(sa.text("CREATE TEMPORARY TABLE IF NOT EXISTS seed_search (id integer, head text, body text) "
                               "ON COMMIT DELETE ROWS"))
    _write_rows(sa.table("seed_search", sa.column("id", sa.Integer), sa.column("head", sa.Text),
                         sa.column("body", sa.Text)),
                [{"id": k, "head": v.head, "body": v.body} for k, v in bodies.items()])
    for table, column in (("document_search", "body"), ("document_search_head", "head")):
        db.session.execute(sa.text(f"INSERT INTO {table} (document_id, tsv) SELECT id, "
                                   f"strip(to_tsvector('simple'::regconfig, {column})) FROM seed_search"))


def _write_rows(table: sa.Table, batch: list[dict[str, Any]]) -> None:
    """Rows into `table`: PostgreSQL's COPY (a million documents' executemany took 17 minutes, most of it
    round trips), SQLite's executemany otherwise. Values pass through each column's own bind processing
    (JSON to text, enums to their names), so COPY stores what an INSERT would."""
    if db.engine.dialect.name != "postgresql":
        db.session.execute(sa.insert(table), batch)
        return
    dialect = db.engine.dialect
    columns = list(batch[0])
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in batch:
            copy.write_row([_copy_value(process, row[name]) for process, name in zip(processors, columns)])


def _copy_value(process: Callable[[Any], Any] | None, value: Any) -> Any:
    """A value as COPY takes it: JSON columns as JSON text (the psycopg dialect leaves them to the driver's
    own adapter, which COPY does not use)."""
    if value is not None and process is not None:
        value = process(value)
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _finish(documents: int) -> None:
    """Point each document at its highest version, then resynchronise PostgreSQL's sequences (rows were
    inserted with explicit ids), and fold the queue counts the triggers wrote."""
    # ORDER BY version LIMIT 1 walks the (document_id, version) unique index; max(id) would let PostgreSQL
    # scan the primary key backwards for every document (minutes at 100,000).
    latest = (sa.select(Extraction.id).where(Extraction.document_id == Document.id)
              .order_by(Extraction.version.desc()).limit(1).scalar_subquery())
    db.session.execute(sa.update(Document).values(latest_extraction_id=latest)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for model in (User, Cycle, Document, Extraction, Activity, Flag, ReviewDecision, AuditEvent):
            table = model.__tablename__
            db.session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                       f"(SELECT coalesce(max(id), 1) FROM {table}))"))
        db.session.commit()
    fold()  # the triggers wrote a row per waiting document; a running queue has one per combination


def _claims(rng: random.Random, other_staff_id: int) -> None:
    """Another reviewer holds 1 % of the waiting documents (so "next" has claims to skip)."""
    waiting = db.session.scalars(sa.select(Document.id).where(Document.status == DocumentStatus.NEEDS_REVIEW)).all()
    held = rng.sample(list(waiting), max(1, len(waiting) // 100)) if waiting else []
    if held:
        db.session.execute(sa.update(Document).where(Document.id.in_(held))
                           .values(claimed_by_id=other_staff_id, claimed_until=datetime(2099, 1, 1))
                           .execution_options(synchronize_session=False))
    db.session.commit()


def analyse() -> None:
    """Planner statistics, as a running PostgreSQL has them from autovacuum. SQLite is left as the app
    leaves it (it never runs ANALYZE), so its plans are the ones production would get."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
