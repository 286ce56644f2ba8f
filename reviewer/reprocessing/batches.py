"""Re-processing batches: start, feed the queue chunk by chunk, cancel, resume, retry, and progress.

A batch is rows, not jobs. Starting one writes an item per selected document in one INSERT … SELECT,
so even 50,000 documents take one statement. The *pump* then hands out chunks: it gives pending items
a chunk number (at most CHUNK_SIZE to a chunk, fewer when what is left is shared among the free slots)
and the extraction version each will add, commits, and only then enqueues the chunks' jobs, keeping at
most WINDOW chunks waiting in Redis. Each chunk job pumps again when it ends; the sweep (every minute,
in `reviewer worker`) sends again the chunks whose job died and pumps every running batch, which is how
a batch interrupted by a crash resumes by itself.

The version is fixed when the item is handed out, and an extraction is unique per (document, version),
so a chunk that runs twice, or a batch resumed after a crash, never adds a second extraction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import literal

from reviewer.extensions import db
from reviewer.models import Batch, BatchItem, BatchStatus, Extraction, ItemState, User
from reviewer.models.base import changed_rows, utcnow
from reviewer.queue import chunk_job_id, drop_jobs, enqueue_chunk, is_live
from reviewer.reprocessing.selection import Selection
from reviewer.review.decisions import audit

log = logging.getLogger(__name__)
_RATE_WINDOW_SECONDS = 30.0


class BatchError(ValueError):
    """An action a batch's state does not allow, with a message an administrator can read."""


def _lock(batch_id: int) -> Batch:
    """Start a transaction with a write to the batch row, so pumps, cancels and resumes of one batch
    run one after another (a row lock on PostgreSQL, the write lock on SQLite)."""
    db.session.execute(db.update(Batch).where(Batch.id == batch_id).values(pumped_at=utcnow()))
    batch = db.session.get(Batch, batch_id, populate_existing=True)
    if batch is None:
        raise BatchError(f"There is no batch {batch_id}.")
    return batch


def start_batch(selection: Selection, force_ocr: bool = False, user: User | None = None) -> tuple[Batch, bool]:
    """Create a batch over the selection and start feeding it; (batch, False) when the same batch is
    already running, so starting it twice does not queue the same work twice."""
    selection.check()
    data = selection.as_data()
    for running in db.session.scalars(db.select(Batch).where(Batch.status == BatchStatus.RUNNING)):
        if running.selection == data and running.force_ocr == force_ocr:
            return running, False
    batch = Batch(selection=data, description=selection.describe(), force_ocr=force_ocr,
                  created_by_id=user.id if user else None)
    db.session.add(batch)
    db.session.flush()
    ids = selection.query().subquery()
    db.session.execute(db.insert(BatchItem).from_select(
        ["batch_id", "document_id", "state", "attempts"],
        db.select(literal(batch.id), ids.c.id, literal(ItemState.PENDING.value), literal(0))))
    batch.total = int(db.session.scalar(db.select(db.func.count()).where(BatchItem.batch_id == batch.id)))
    if batch.total == 0:
        batch.status, batch.finished_at = BatchStatus.DONE, utcnow()
    audit(None, user, "batch_started", {"batch": batch.id, "selection": data, "force_ocr": force_ocr,
                                        "documents": batch.total})
    db.session.commit()
    pump(batch.id)
    return batch, True


def pump(batch_id: int) -> int:
    """Hand out chunks until WINDOW are in flight; finish the batch when nothing is pending.
    Returns how many chunks were enqueued."""
    config = current_app.config
    size, window = int(config["REPROCESS_CHUNK_SIZE"]), int(config["REPROCESS_WINDOW"])
    batch = _lock(batch_id)
    if batch.status != BatchStatus.RUNNING:
        db.session.commit()
        return 0
    in_flight = len(_chunks_in_flight(batch_id))
    claimed: list[tuple[int, int]] = []
    slots = max(0, window - in_flight)
    rows = db.session.execute(
        db.select(BatchItem.id, BatchItem.document_id)
        .where(BatchItem.batch_id == batch_id, BatchItem.state == ItemState.PENDING, BatchItem.chunk.is_(None))
        .order_by(BatchItem.id).limit(size * slots)).all() if slots else []
    if rows:
        versions = _next_versions(batch_id, [doc for _, doc in rows])
        # What is left is shared evenly among the free slots: the last few hundred documents of a batch
        # go to every worker, not a full chunk to one while the others wait.
        parts = min(slots, len(rows))
        base, extra = divmod(len(rows), parts)
        start = 0
        for n in range(parts):
            part = rows[start:start + base + (n < extra)]
            start += len(part)
            chunk = batch.next_chunk
            db.session.execute(db.update(BatchItem), [
                {"id": item, "chunk": chunk, "version": versions[doc]} for item, doc in part])
            batch.next_chunk += 1
            claimed.append((chunk, len(part)))
            in_flight += 1
    if in_flight == 0 and not _pending(batch_id):
        batch.status, batch.finished_at = BatchStatus.DONE, utcnow()
        audit(None, None, "batch_finished", {"batch": batch_id, **progress(batch).counts()})
    db.session.commit()
    for chunk, count in claimed:
        enqueue_chunk(batch_id, chunk, count)
    return len(claimed)


def _chunks_in_flight(batch_id: int) -> list[int]:
    return list(db.session.scalars(
        db.select(BatchItem.chunk).distinct()
        .where(BatchItem.batch_id == batch_id, BatchItem.state == ItemState.PENDING, BatchItem.chunk.is_not(None))
        .order_by(BatchItem.chunk)))


def _pending(batch_id: int) -> bool:
    return db.session.scalar(db.select(BatchItem.id).where(
        BatchItem.batch_id == batch_id, BatchItem.state == ItemState.PENDING).limit(1)) is not None


def _next_versions(batch_id: int, document_ids: list[int]) -> dict[int, int]:
    """The version each document's next extraction gets: after its newest extraction, and after any
    version another running batch has already handed out for it."""
    newest = dict(db.session.execute(
        db.select(Extraction.document_id, db.func.max(Extraction.version))
        .where(Extraction.document_id.in_(document_ids)).group_by(Extraction.document_id)).all())
    promised = dict(db.session.execute(
        db.select(BatchItem.document_id, db.func.max(BatchItem.version))
        .join(Batch, Batch.id == BatchItem.batch_id)
        .where(BatchItem.document_id.in_(document_ids), BatchItem.batch_id != batch_id,
               BatchItem.state == ItemState.PENDING, BatchItem.version.is_not(None),
               Batch.status == BatchStatus.RUNNING)
        .group_by(BatchItem.document_id)).all())
    return {doc: max(newest.get(doc) or 0, promised.get(doc) or 0) + 1 for doc in document_ids}


def cancel_batch(batch_id: int, user: User | None = None) -> int:
    """Stop a batch: nothing more is handed out, its waiting jobs leave Redis, and a chunk already
    running stops before its next document. Returns how many documents were left unprocessed."""
    batch = _lock(batch_id)
    if batch.status != BatchStatus.RUNNING:
        db.session.rollback()
        raise BatchError(f"Batch {batch_id} is {batch.status}; only a running batch can be cancelled.")
    chunks = _chunks_in_flight(batch_id)
    left = changed_rows(db.update(BatchItem).where(
        BatchItem.batch_id == batch_id, BatchItem.state == ItemState.PENDING).values(state=ItemState.CANCELLED))
    batch.status, batch.finished_at = BatchStatus.CANCELLED, utcnow()
    audit(None, user, "batch_cancelled", {"batch": batch_id, "left": left})
    db.session.commit()
    drop_jobs([chunk_job_id(batch_id, chunk) for chunk in chunks])
    return int(left or 0)


def resume_batch(batch_id: int, user: User | None = None) -> int:
    """Go on with a cancelled batch where it stopped, or push a running one along (chunks whose job
    died are sent again). Returns how many chunks were enqueued."""
    batch = _lock(batch_id)
    if batch.status == BatchStatus.DONE:
        db.session.rollback()
        raise BatchError(f"Batch {batch_id} is done; retry its failed documents, or start a new batch.")
    if batch.status == BatchStatus.CANCELLED:
        db.session.execute(db.update(BatchItem).where(
            BatchItem.batch_id == batch_id, BatchItem.state == ItemState.CANCELLED)
            .values(state=ItemState.PENDING, chunk=None))
        batch.status, batch.finished_at = BatchStatus.RUNNING, None
        audit(None, user, "batch_resumed", {"batch": batch_id})
    db.session.commit()
    return resend_dead_chunks(batch_id) + pump(batch_id)


def retry_failed(batch_id: int, user: User | None = None, item_id: int | None = None) -> int:
    """Put a batch's failed documents (or one of them) back in it. Returns how many."""
    batch = _lock(batch_id)
    query = db.update(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.state == ItemState.FAILED)
    if item_id is not None:
        query = query.where(BatchItem.id == item_id)
    count = int(changed_rows(query.values(state=ItemState.PENDING, chunk=None, attempts=0, error_code=None,
                                                error_message=None, finished_at=None)) or 0)
    if count:
        batch.status, batch.finished_at = BatchStatus.RUNNING, None
        audit(None, user, "batch_retry", {"batch": batch_id, "documents": count})
    db.session.commit()
    if count:
        pump(batch_id)
    return count


def resend_dead_chunks(batch_id: int) -> int:
    """Send again every chunk of a running batch that still has pending documents but no live job
    (its worker was killed, or Redis lost it). A document whose chunk died too often is failed."""
    limit = int(current_app.config["REPROCESS_MAX_RESENDS"])
    sent = 0
    for chunk in _chunks_in_flight(batch_id):
        if is_live(chunk_job_id(batch_id, chunk)):
            continue
        in_chunk = (BatchItem.batch_id == batch_id, BatchItem.chunk == chunk, BatchItem.state == ItemState.PENDING)
        db.session.execute(db.update(BatchItem).where(*in_chunk).values(attempts=BatchItem.attempts + 1))
        db.session.execute(db.update(BatchItem).where(*in_chunk, BatchItem.attempts > limit).values(
            state=ItemState.FAILED, finished_at=utcnow(), error_code="processing_error",
            error_message=f"Re-processing stopped its worker {limit + 1} times; it was not retried again."))
        left = int(db.session.scalar(db.select(db.func.count()).where(*in_chunk)))
        db.session.commit()
        if left and enqueue_chunk(batch_id, chunk, left):
            sent += 1
    return sent


def sweep_batches() -> int:
    """For every running batch: send dead chunks again and pump. Returns how many chunks were sent."""
    sent = 0
    for batch_id in list(db.session.scalars(db.select(Batch.id).where(Batch.status == BatchStatus.RUNNING))):
        sent += resend_dead_chunks(batch_id) + pump(batch_id)
    return sent


def format_duration(seconds: float | None) -> str:
    """An ETA as m:ss or h:mm:ss; --:-- when there is no rate yet."""
    if seconds is None:
        return "--:--"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@dataclass(frozen=True)
class Progress:
    """A batch's numbers. The page, its JSON and `reviewer reprocess --wait` all show these."""

    status: str
    total: int
    done: int
    failed: int
    cancelled: int
    changed: int
    changed_decided: int
    rate: float  # documents per second, over the last half minute (or the whole run once it ended)
    eta_seconds: float | None

    @property
    def finished(self) -> int:
        return self.done + self.failed

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.failed - self.cancelled

    @property
    def percent(self) -> float:
        return 100.0 * self.finished / self.total if self.total else 100.0

    def counts(self) -> dict[str, int]:
        return {"total": self.total, "done": self.done, "failed": self.failed, "cancelled": self.cancelled,
                "remaining": self.remaining, "changed": self.changed, "changed_since_decision": self.changed_decided}

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, **self.counts(), "rate": round(self.rate, 1),
                "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds),
                "eta": format_duration(self.eta_seconds), "percent": round(self.percent, 1)}


def progress(batch: Batch, now: datetime | None = None) -> Progress:
    now = now or utcnow()
    by_state = dict(db.session.execute(db.select(BatchItem.state, db.func.count()).where(
        BatchItem.batch_id == batch.id).group_by(BatchItem.state)).all())
    changed, changed_decided = db.session.execute(db.select(
        db.func.count().filter(BatchItem.changed.is_(True)),
        db.func.count().filter(BatchItem.changed.is_(True), BatchItem.had_decision.is_(True)))
        .where(BatchItem.batch_id == batch.id)).one()
    done, failed = by_state.get(ItemState.DONE, 0), by_state.get(ItemState.FAILED, 0)
    if batch.status == BatchStatus.RUNNING:
        since = max(batch.created_at, now - timedelta(seconds=_RATE_WINDOW_SECONDS))
        recent = db.session.scalar(db.select(db.func.count()).where(
            BatchItem.batch_id == batch.id, BatchItem.finished_at >= since))
        span = (now - since).total_seconds()
    else:
        last = db.session.scalar(db.select(db.func.max(BatchItem.finished_at)).where(BatchItem.batch_id == batch.id))
        recent, span = done + failed, ((last - batch.created_at).total_seconds() if last else 0.0)
    rate = recent / span if span > 0 else 0.0
    cancelled = by_state.get(ItemState.CANCELLED, 0)
    remaining = batch.total - done - failed - cancelled
    eta = remaining / rate if batch.status == BatchStatus.RUNNING and rate > 0 else None
    return Progress(batch.status, batch.total, done, failed, cancelled, int(changed or 0), int(changed_decided or 0),
                    rate, eta)
