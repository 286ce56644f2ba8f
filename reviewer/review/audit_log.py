"""The audit trail across documents, as administrators search it: by actor, document and dates, newest first.

A page is one keyset query on (created_at, id), the shape of the created_at index (SQLite keeps the rowid
in every index entry; PostgreSQL walks the index and breaks the rare ties): no OFFSET, so the thousandth
page costs what the first does. The actor filter is resolved to ids first (an exact e-mail, else a part
of a name or e-mail, at most MAX_ACTORS people), so the events query stays on the actor_id index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, User
from reviewer.normalize import clean_text

PAGE_SIZE = 50
MAX_ACTORS = 50
SYSTEM = "system"  # the actor filter's word for events no person caused
_SHOWN_FIRST = ("note", "reason", "flags", "outcome", "code", "message", "program", "email", "name")


class AuditQueryError(ValueError):
    """A filter or cursor that cannot be used, in words for the page."""


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    document_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive

    def as_args(self) -> dict[str, str]:
        """The filter as query-string arguments, for the next page's link."""
        args = {"actor": self.actor, "document": str(self.document_id or ""),
                "from": self.since.isoformat() if self.since else "",
                "to": self.until.isoformat() if self.until else ""}
        return {key: value for key, value in args.items() if value}


def parse_filter(args: Any) -> AuditFilter:
    """The filter from a request's arguments; a malformed one is an AuditQueryError naming the field."""
    document = (args.get("document") or "").strip().lstrip("#")
    if document and not (document.isdigit() and len(document) <= 18):
        raise AuditQueryError(f"Document: {document[:20]!r} is not a document number.")
    since, until = _day(args.get("from"), "From"), _day(args.get("to"), "To")
    if since and until and since > until:
        raise AuditQueryError("From is after To.")
    return AuditFilter(clean_text(args.get("actor"))[:254], int(document) if document else None, since, until)


def _day(raw: str | None, label: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise AuditQueryError(f"{label}: use a date as YYYY-MM-DD.") from None


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    actor_name: str | None
    actor_email: str | None
    document_name: str | None

    @property
    def summary(self) -> list[tuple[str, str]]:
        return summarise(self.event.detail or {})


@dataclass(frozen=True)
class AuditPage:
    rows: list[EventRow]
    next_cursor: str | None
    actors_matched: int | None  # how many people the actor filter matched (None: no actor filter)


def _actor_ids(term: str) -> list[int]:
    exact = db.session.scalars(db.select(User.id).where(User.email == term.lower())).all()
    if exact:
        return list(exact)
    pattern = "%" + term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(db.session.scalars(db.select(User.id).where(or_(
        func.lower(User.email).like(pattern, escape="\\"), func.lower(User.name).like(pattern, escape="\\")))
        .order_by(User.id).limit(MAX_ACTORS)))


def encode_cursor(event: AuditEvent) -> str:
    return f"{event.created_at.isoformat()}~{event.id}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    when, _, event_id = cursor.partition("~")
    try:
        if not event_id.isdigit() or len(event_id) > 18:
            raise ValueError(event_id)
        return datetime.fromisoformat(when), int(event_id)
    except ValueError:
        raise AuditQueryError("This page link is not valid; start again from the first page.") from None


def audit_page(filters: AuditFilter, cursor: str | None = None, limit: int = PAGE_SIZE) -> AuditPage:
    """One page of events matching `filters`, newest first, after `cursor` (the previous page's next_cursor)."""
    query = (db.select(AuditEvent, User.name, User.email, Document.original_name)
             .outerjoin(User, User.id == AuditEvent.actor_id)
             .outerjoin(Document, Document.id == AuditEvent.document_id)
             .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit + 1))
    matched = None
    if filters.actor.lower() == SYSTEM:
        query, matched = query.where(AuditEvent.actor_id.is_(None)), 1
    elif filters.actor:
        ids = _actor_ids(filters.actor)
        matched = len(ids)
        if not ids:
            return AuditPage([], None, 0)
        query = query.where(AuditEvent.actor_id.in_(ids))
    if filters.document_id is not None:
        query = query.where(AuditEvent.document_id == filters.document_id)
    if filters.since:
        query = query.where(AuditEvent.created_at >= datetime.combine(filters.since, time.min))
    if filters.until:
        query = query.where(AuditEvent.created_at < datetime.combine(filters.until + timedelta(days=1), time.min))
    if cursor:
        when, event_id = decode_cursor(cursor)
        query = query.where(or_(AuditEvent.created_at < when,
                                and_(AuditEvent.created_at == when, AuditEvent.id < event_id)))
    found = [EventRow(*row) for row in db.session.execute(query).all()]
    next_cursor = encode_cursor(found[limit - 1].event) if len(found) > limit else None
    return AuditPage(found[:limit], next_cursor, matched)


def summarise(detail: dict[str, Any], most: int = 6) -> list[tuple[str, str]]:
    """An event's detail as a few short (label, text) pairs: note, reason and flags first, then other plain
    values; a before/after pair says which fields changed rather than repeating both whole."""
    out: list[tuple[str, str]] = []
    keys = [k for k in _SHOWN_FIRST if k in detail] + sorted(k for k in detail if k not in _SHOWN_FIRST)
    for key in keys:
        value = detail[key]
        if key in ("before", "after", "changes", "fields"):
            continue
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, (str, int, float, bool)):
            text = str(value)
        else:
            continue
        if text:
            out.append((key.replace("_", " "), text[:200]))
    before, after = detail.get("before"), detail.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        changed = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
        if changed:
            out.append(("changed", ", ".join(k.replace("_", " ") for k in changed)))
    elif isinstance(detail.get("changes"), (list, dict)):
        out.append(("changes", str(len(detail["changes"]))))
    return out[:most]
