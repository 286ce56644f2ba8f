"""The staff queue: documents that need a person, a page at a time, filtered, counted and sorted in SQL.

At 1,000,000 documents 300,000 wait for review, so nothing here loads the queue into Python. A page is
one indexed keyset query (no OFFSET: the cursor is the sort key of the last row shown), the counts are
read from the few rows the database keeps per combination of flag codes (reviewer.review.queue_counts),
and the previous and next document are one indexed query each. The number of statements per page is the
same at any size; tests/test_queue_scale.py holds it to that, and `make bench` times it at a million.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, literal, or_, tuple_
from sqlalchemy.orm import aliased

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, User
from reviewer.models.base import utcnow
from reviewer.review.queue_counts import waiting_by_flag_codes, waiting_since
from reviewer.review.search import matches_by_id, matching_document_ids
from reviewer.review.search_tiers import tier_rows
from workers.flags import QUEUE_FLAGS

PAGE_SIZE = 50
SORTS = ("age", "newest", "program", "flag")


class CursorError(ValueError):
    """A cursor that this queue did not hand out (or one for another sort)."""


@dataclass(frozen=True)
class QueueQuery:
    """What a reviewer asked for. Unknown values are refused by `checked`, not silently widened."""

    flag: str | None = None
    program: str | None = None
    applicant: str | None = None
    search: str | None = None
    sort: str = "age"
    mine_only: bool = False

    def checked(self) -> QueueQuery:
        if self.flag is not None and self.flag not in QUEUE_FLAGS:
            raise ValueError(f"Unknown flag {self.flag!r}; use one of {', '.join(QUEUE_FLAGS)}.")
        if self.sort not in SORTS:
            raise ValueError(f"Unknown sort {self.sort!r}; use one of {', '.join(SORTS)}.")
        return self

    def as_args(self) -> dict[str, Any]:
        """The query as URL parameters (for "more" links and the CSV export)."""
        args = {"flag": self.flag, "program": self.program, "applicant": self.applicant, "q": self.search,
                "sort": self.sort if self.sort != "age" else None, "mine": "1" if self.mine_only else None}
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class QueueItem:
    id: int
    applicant: str
    applicant_email: str
    program: str | None
    filename: str
    flags: list[str]
    uploaded_at: datetime
    state_version: int
    claimed_by: str | None
    claimed_by_id: int | None
    overdue: bool

    @property
    def age(self) -> str:
        """How long it has waited, in the largest whole unit: "3 d", "5 h", "12 min"."""
        seconds = max(0, int((utcnow() - self.uploaded_at).total_seconds()))
        if seconds >= 86400:
            return f"{seconds // 86400} d"
        return f"{seconds // 3600} h" if seconds >= 3600 else f"{seconds // 60} min"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "applicant": self.applicant, "applicant_email": self.applicant_email,
                "program": self.program, "filename": self.filename, "flags": self.flags,
                "uploaded_at": self.uploaded_at.isoformat() + "Z", "age": self.age, "version": self.state_version,
                "claimed_by": self.claimed_by, "overdue": self.overdue}


@dataclass
class QueuePage:
    items: list[QueueItem]
    next_cursor: str | None
    counts: dict[str, int] = field(default_factory=dict)


def working_days_before(moment: datetime, days: int) -> datetime:
    """`days` working days (Monday to Friday) before `moment`: the review target's cut-off."""
    cut = moment
    left = days
    while left > 0:
        cut -= timedelta(days=1)
        if cut.weekday() < 5:
            left -= 1
    return cut


_claimer = aliased(User)


def _sort_keys(sort: str) -> list[ColumnElement[Any]]:
    """The keyset of a sort; each is the tail of an index that starts with the status."""
    first: list[ColumnElement[Any]] = {"program": [Document.program_code.expression],
                                       "flag": [Document.flag_codes.expression]}.get(sort, [])
    return [*first, Document.uploaded_at.expression, Document.id.expression]


def _ordered(keys: list[ColumnElement[Any]], descending: bool) -> list[ColumnElement[Any]]:
    return [key.desc() if descending else key for key in keys]


def _held_by_other(viewer_id: int | None, now: datetime) -> ColumnElement[bool]:
    return and_(Document.claimed_by_id.is_not(None), Document.claimed_by_id != (viewer_id or -1),
                Document.claimed_until > now)


def has_flag(code: str) -> ColumnElement[bool]:
    """Whether the document's latest extraction has flag `code` (a known identifier).

    A plain LIKE on the column, not on `' ' || flag_codes || ' '`: PostgreSQL estimates a pattern on a
    column from its statistics (a few dozen combinations of codes, all among its most common values), but
    guesses a handful of rows for a pattern on an expression, and so sorted every waiting document instead
    of walking the queue's index (60 ms at 100,000 documents). No code is part of another
    (tests/test_queue_scale.py), so the substring is the code."""
    return Document.flag_codes.like(f"%{code}%")


def _base(query: QueueQuery, viewer_id: int | None, now: datetime) -> Select[Any]:
    statement = (db.select(Document.id, User.name, User.email, Document.program_code, Document.original_name,
                           Document.flag_codes, Document.uploaded_at, Document.state_version,
                           _claimer.name.label("claimer"),
                           Document.claimed_by_id, Document.claimed_until)
                 .join(User, User.id == Document.applicant_id)
                 .outerjoin(_claimer, _claimer.id == Document.claimed_by_id)
                 .where(Document.status == DocumentStatus.NEEDS_REVIEW))
    if query.flag:
        statement = statement.where(has_flag(query.flag))
    if query.program:
        statement = statement.where(Document.program_code == query.program)
    if query.applicant:
        # ILIKE on the columns, not LIKE on lower(): PostgreSQL estimates a pattern on a column from its
        # statistics, so a name that many applicants share walks the queue's index and checks each
        # document's applicant (6 ms at 1,000,000 documents), where the guess of ten applicants for an
        # expression joined every match's documents and sorted them (270 ms).
        needle = "%" + query.applicant.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(or_(User.name.ilike(needle, escape="\\"),
                                        User.email.ilike(needle, escape="\\")))
    if query.mine_only:
        statement = statement.where(Document.claimed_by_id == (viewer_id or -1), Document.claimed_until > now)
    return statement


# A search lists in two tiers (reviewer.review.search): documents whose named parts hold every word, then
# those that match only in their page text. Without a search the queue is one tier.
NAMED, TEXT = 0, 1


def _tiers(query: QueueQuery) -> tuple[int | None, ...]:
    return (NAMED, TEXT) if query.search else (None,)


def _tier_statement(query: QueueQuery, tier: int | None, viewer_id: int | None, now: datetime
                    ) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    """The queue's statement for one tier, with the keys it is ordered by.

    On SQLite, oldest or newest first, a tier is read in upload order by id, which FTS5 can stream (see
    reviewer.review.search.matches_by_id): ids are handed out as documents are stored, in the order of their
    upload times, so the cursor is the same and only its id is compared. The text tier leaves out the named
    matches: a set the size of the named tier, which is small whenever the text tier is reached at all."""
    statement, keys = _base(query, viewer_id, now), _sort_keys(query.sort)
    if tier is None or not query.search:
        return statement, keys
    named = Document.id.in_(matching_document_ids(query.search, named=True))
    by_id = matches_by_id(query.search, named=tier == NAMED) if query.sort in ("age", "newest") else None
    if by_id is not None:
        index, matched = by_id
        statement, keys = statement.join(index, index.c.rowid == Document.id).where(matched), [index.c.rowid]
    elif tier == NAMED:
        return statement.where(named), keys
    else:
        statement = statement.where(Document.id.in_(matching_document_ids(query.search)))
    return (statement if tier == NAMED else statement.where(~named)), keys


def queue_page(query: QueueQuery, viewer_id: int | None = None, cursor: str | None = None, limit: int = PAGE_SIZE,
               review_target_days: int = 5, with_counts: bool = True) -> QueuePage:
    """One page of the queue after `cursor` (from the previous page's `next_cursor`), oldest first by default;
    a search's named matches first (`_tier_statement`). A page that ends one tier goes on into the next, so
    it may take more statements (on PostgreSQL a search tier takes two to four: reviewer.review.search_tiers),
    as many at any size."""
    query = query.checked()
    now = utcnow()
    descending = query.sort == "newest"
    tiers = _tiers(query)
    start, after = (0, None) if not cursor else _decode_tiered(cursor, query)
    rows: list[tuple[int | None, Row[Any]]] = []
    # On PostgreSQL a search tier is read on what is found, not on the planner's guess
    # (reviewer.review.search_tiers).
    on_found = query.search is not None and db.session.get_bind().dialect.name == "postgresql"
    for position, tier in enumerate(tiers[start:], start):
        if on_found:
            statement, keys = _base(query, viewer_id, now), _sort_keys(query.sort)
        else:
            statement, keys = _tier_statement(query, tier, viewer_id, now)
        if after is not None and position == start:
            last = after[-len(keys):]
            statement = statement.where(tuple_(*keys) < tuple_(*last) if descending else tuple_(*keys) > tuple_(*last))
        wanted = limit + 1 - len(rows)
        if on_found and query.search:
            found = tier_rows(statement, keys, descending, wanted, query.search, named=tier == NAMED)
        else:
            found = list(db.session.execute(statement.order_by(*_ordered(keys, descending)).limit(wanted)).all())
        rows += [(tier, row) for row in found]
        if len(rows) > limit:
            break
    items = _items([row for _, row in rows[:limit]], now, working_days_before(now, review_target_days))
    next_cursor = (encode_cursor(items[-1], query.sort, rows[limit - 1][0])
                   if len(rows) > limit and items else None)
    return QueuePage(items, next_cursor, queue_counts(review_target_days) if with_counts else {})


def _decode_tiered(cursor: str, query: QueueQuery) -> tuple[int, list[Any]]:
    """The tier a cursor is in (its position among `_tiers`) and its sort key."""
    keys = decode_cursor(cursor, query.sort)
    tier = cursor_tier(cursor)
    tiers = _tiers(query)
    if tier not in tiers:
        raise CursorError("This cursor belongs to another search; start again from the first page.")
    return tiers.index(tier), keys


def held(row: Row[Any], now: datetime) -> bool:
    """Whether a row of `_base` is claimed by someone now (a claim past its time holds nothing)."""
    return row.claimed_until is not None and row.claimed_until > now


def _items(rows: Iterable[Row[Any]], now: datetime, overdue_before: datetime) -> list[QueueItem]:
    return [QueueItem(id=r.id, applicant=r.name, applicant_email=r.email, program=r.program_code or None,
                      filename=r.original_name, flags=r.flag_codes.split(), uploaded_at=r.uploaded_at,
                      state_version=r.state_version, claimed_by=r.claimer if held(r, now) else None,
                      claimed_by_id=r.claimed_by_id if held(r, now) else None,
                      overdue=r.uploaded_at < overdue_before) for r in rows]


def queue_rows(query: QueueQuery, viewer_id: int | None = None, review_target_days: int = 5,
               chunk: int = 2000) -> Iterator[tuple[Sequence[Row[Any]], datetime, datetime]]:
    """Every row matching `query` in its order, `chunk` at a time, with the moment the claims and the
    review target are judged at: one statement whose rows arrive as they are read (a server-side cursor on
    PostgreSQL), so memory stays flat however many match. Keyset pages of 1,000 cost a statement each (300
    for a queue of 300,000) and read at half the speed. Rows are plain columns, read on the session's
    connection without the ORM (whose handling of each row was a fifth of an export's time); the CSV
    export writes them without making a `QueueItem` of each."""
    query = query.checked()
    now = utcnow()
    overdue_before = working_days_before(now, review_target_days)
    for tier in _tiers(query):  # a search's named matches first, as the pages list them
        statement, keys = _tier_statement(query, tier, viewer_id, now)
        statement = statement.order_by(*_ordered(keys, query.sort == "newest"))
        result = db.session.connection().execute(statement.execution_options(stream_results=True, yield_per=chunk))
        for rows in result.partitions():
            yield rows, now, overdue_before


def queue_counts(review_target_days: int = 5) -> dict[str, int]:
    """How many wait: in all, per flag, and past the review target.

    Two small reads however large the queue (reviewer.review.queue_counts): the counts the database keeps
    per combination of flag codes (a few dozen, split here), and the waiting documents uploaded since the
    target's cut-off, which are the ones not overdue.
    """
    counts = {"all": 0, "overdue": 0, **dict.fromkeys(QUEUE_FLAGS, 0)}
    for codes, n in waiting_by_flag_codes().items():
        counts["all"] += n
        for code in codes.split():
            if code in counts:
                counts[code] += n
    counts["overdue"] = max(0, counts["all"] - waiting_since(working_days_before(utcnow(), review_target_days)))
    return counts


def encode_cursor(item: QueueItem, sort: str, tier: int | None = None) -> str:
    """The sort key of the last row shown, and for a search its tier (named or text matches)."""
    values: list[Any] = {"program": [item.program or ""], "flag": [" ".join(item.flags)]}.get(sort, [])
    return _encode([sort if tier is None else f"{sort}@{tier}", *values, item.uploaded_at.isoformat(), item.id])


def cursor_tier(cursor: str) -> int | None:
    """The search tier a queue cursor is in; None for a cursor of a queue without a search."""
    try:
        head = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))[0]
        return int(head.split("@", 1)[1]) if "@" in head else None
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, binascii.Error, UnicodeDecodeError):
        raise CursorError("Malformed cursor; start again from the first page.") from None


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """The sort key a cursor stands for. Anything malformed is a CursorError, never a database error."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        keys = 2 if sort in ("failed", "changed") else len(_sort_keys(sort))
        if not isinstance(payload, list) or str(payload[0]).split("@", 1)[0] != sort or len(payload) != keys + 1:
            raise CursorError("This cursor belongs to another sort; start again from the first page.")
        *values, uploaded_at, document_id = payload[1:]
        if not all(isinstance(v, str) and len(v) <= 300 for v in values):
            raise CursorError("Malformed cursor.")
        if not isinstance(document_id, int) or not 0 < document_id < 2**63:
            raise CursorError("Malformed cursor.")
        return [*values, datetime.fromisoformat(uploaded_at), document_id]
    except CursorError:
        raise
    except (ValueError, TypeError, IndexError, binascii.Error, UnicodeDecodeError):
        raise CursorError("Malformed cursor; start again from the first page.") from None


def neighbours(document: Document, viewer_id: int | None) -> tuple[int | None, int | None]:
    """The waiting documents before and after `document` in the default order that nobody else holds.

    After the last one, "next" wraps to the oldest; a document that no longer waits (just decided) is
    followed by the oldest waiting one. Two indexed queries whatever the queue's size.
    """
    now = utcnow()
    free = and_(Document.status == DocumentStatus.NEEDS_REVIEW, ~_held_by_other(viewer_id, now),
                Document.id != document.id)
    key = tuple_(Document.uploaded_at, Document.id)
    here = tuple_(literal(document.uploaded_at), literal(document.id))
    previous = db.session.scalar(db.select(Document.id).where(free, key < here)
                                 .order_by(Document.uploaded_at.desc(), Document.id.desc()).limit(1))
    oldest_first = (Document.uploaded_at, Document.id)
    following = db.session.scalar(db.select(Document.id).where(free, key > here).order_by(*oldest_first).limit(1))
    if following is None:
        following = db.session.scalar(db.select(Document.id).where(free).order_by(*oldest_first).limit(1))
    return previous, following


@dataclass
class ListPage:
    """A page of failed documents, or of documents changed since their decision."""

    rows: list[dict[str, Any]]
    next_cursor: str | None


def other_list(kind: str, cursor: str | None = None, limit: int = PAGE_SIZE) -> ListPage:
    """Failed documents (oldest upload first) or changed-since-decision ones (oldest change first)."""
    if kind == "failed":
        where, moment = Document.status == DocumentStatus.FAILED, Document.uploaded_at
    else:
        where, moment = Document.changed_since_decision.is_(True), Document.updated_at
    statement = (db.select(Document.id, User.name, Document.original_name, Document.status, Document.error_code,
                           Document.error_message, moment)
                 .join(User, User.id == Document.applicant_id).where(where))
    if cursor:
        when, document_id = decode_cursor(cursor, kind)
        statement = statement.where(tuple_(moment, Document.id) > tuple_(when, document_id))
    rows = db.session.execute(statement.order_by(moment, Document.id).limit(limit + 1)).all()
    shown = [{"id": r[0], "applicant": r[1], "filename": r[2], "status": r[3], "error_code": r[4],
              "error_message": r[5], "at": r[6]} for r in rows[:limit]]
    more = len(rows) > limit and shown
    next_cursor = _encode([kind, shown[-1]["at"].isoformat(), shown[-1]["id"]]) if more else None
    return ListPage(shown, next_cursor)


def _encode(payload: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")
