"""How many documents wait for staff, in all, per flag and past the review target, without counting them.

Counting the waiting documents on every page view read every one of them (300,000 index entries at
1,000,000 documents). The database now keeps the count: triggers on `documents` (migration e15a0000cnt1)
insert a signed row into `queue_counts` whenever a document starts or stops waiting or its flag codes
change, so every writer (web, worker, an older release, a fix by hand) keeps it right, and concurrent
writers never wait on one counter row (which two re-processing workers, touching the same combinations
in different orders, would deadlock on). Reading sums a few dozen combinations' rows; when the rows have
grown, the reader folds them into one per combination.

"Overdue" depends on the clock, so no trigger can keep it. It is all waiting documents less those
uploaded since the cut-off: a range of the (status, uploaded_at, id) index that holds only the last few
working days' uploads, where counting the overdue ones directly read nearly the whole queue.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.models.review import queue_counts as table

log = logging.getLogger(__name__)

# Fold when there are this many rows per combination on average (and at least FOLD_MIN): a sum over a few
# thousand rows is still well under a millisecond, and folding then is rare.
FOLD_RATIO = 20
FOLD_MIN = 2000


def waiting_by_flag_codes() -> dict[str, int]:
    """How many documents wait with each combination of flag codes (combinations with none left out)."""
    rows = db.session.execute(sa.select(table.c.flag_codes, sa.func.sum(table.c.waiting), sa.func.count())
                              .group_by(table.c.flag_codes)).all()
    stored = sum(int(row[2]) for row in rows)
    if stored >= max(FOLD_MIN, FOLD_RATIO * len(rows)):
        fold()
    return {codes: int(n) for codes, n, _ in rows if n}


def fold() -> bool:
    """Replace the rows by one per combination with the same sums, in a transaction of its own; whether it did.

    The rows are deleted and returned by one statement, and their sums inserted in the same transaction.
    Rows that writers add meanwhile are not seen (on PostgreSQL they are outside the statement's snapshot;
    on SQLite the delete holds the write lock), so they are neither deleted nor summed, and stay. A second
    reader folding at the same time on PostgreSQL waits for the first, then finds those rows gone. Folding
    only saves later readers time, so a fold that would wait long for a lock (a writer holds it, or the
    caller's own session does) gives up and leaves the rows."""
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.connect() as connection:
        waited = None if postgres else connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        if waited is not None:
            connection.exec_driver_sql("PRAGMA busy_timeout = 200")
            connection.commit()
        try:
            _fold(connection, postgres)
            connection.commit()
            return True
        except sa.exc.OperationalError as exc:  # a lock not granted in time: the rows stay as they were
            connection.rollback()
            log.info("queue counts not folded now: %s", str(exc.orig).splitlines()[0])
            return False
        finally:
            if waited is not None:  # the connection goes back to the pool: as it came
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(waited)}")
                connection.commit()


def _fold(connection: sa.Connection, postgres: bool) -> None:
    if postgres:
        connection.execute(sa.text("SET LOCAL lock_timeout = '200ms'"))
    # DELETE … RETURNING, not a SELECT then a DELETE: pysqlite opens the transaction only at the first
    # write, so a writer could add a row between the two that the DELETE would then lose.
    sums: dict[str, int] = {}
    for codes, n in connection.execute(sa.delete(table).returning(table.c.flag_codes, table.c.waiting)):
        sums[codes] = sums.get(codes, 0) + int(n)
    rows = [{"flag_codes": codes, "waiting": n} for codes, n in sums.items() if n]
    if rows:
        connection.execute(sa.insert(table), rows)


def waiting_since(moment: datetime) -> int:
    """Documents waiting that were uploaded at or after `moment`."""
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(Document).where(
        Document.status == DocumentStatus.NEEDS_REVIEW, Document.uploaded_at >= moment)) or 0)
