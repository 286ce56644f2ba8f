"""Running one chunk of a re-processing batch.

Documents whose pages are in the page cache go through the text → fields stages only, all in one
isolated child; the rest (nothing cached yet, or `--force-ocr`) are read afresh, one child each, and
their pages cached. Results and their items' new states are committed together (a group of cached
documents per commit, a document read afresh on its own), so a chunk stopped anywhere leaves every
document either done or still pending. No ORM object is held while the pipeline runs.
"""

from __future__ import annotations

import logging
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy.orm import selectinload

from reviewer.config import limits_from
from reviewer.documents.page_cache import load_pages
from reviewer.documents.persistence import apply_group, check_context, mark_failed
from reviewer.documents.preparing import Outcome, Prepared, Recorded, prepare_group
from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import Batch, BatchItem, BatchStatus, Cycle, Document, Extraction, ItemState
from reviewer.models.base import utcnow
from reviewer.reprocessing import warm_stop
from reviewer.reprocessing.batches import pump
from reviewer.review.decisions import audit
from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.reading.pages import reader_key
from workers.result import Result
from workers.runtime.isolation import analyse_isolated
from workers.runtime.warm_reader import WarmReader

log = logging.getLogger(__name__)
# Documents stored per commit when they come from the cache (fast); a document read afresh is its own.
# Each group costs about 20 statements whatever its size (its documents, cycles, applicants, stored
# versions, decisions, copies, twins, one insert per table, the items): at 20 a group they were most of
# storing's statements, at 50 the parent's CPU per document fell by about a tenth (measured on PostgreSQL).
# A group holds its documents' rows locked (SQLite: the write lock) only while it is written.
GROUP = 50


@dataclass(frozen=True)
class _Work:
    batch_id: int
    item_id: int
    document_id: int
    version: int
    sha256: str
    mime: str | None
    ctx: CheckContext


def run_chunk(app: Flask, batch_id: int, chunk: int) -> dict[str, Any]:
    """Re-process the pending documents of one chunk, then pump the batch."""
    limits = limits_from(app.config)
    key = reader_key(limits)
    with app.app_context():
        batch = db.session.get(Batch, batch_id)
        if batch is None or batch.status != BatchStatus.RUNNING:
            return {"batch_id": batch_id, "chunk": chunk, "status": batch.status if batch else "missing"}
        force_ocr = batch.force_ocr
        rows = db.session.execute(
            db.select(BatchItem, Document).join(Document, Document.id == BatchItem.document_id)
            .where(BatchItem.batch_id == batch_id, BatchItem.chunk == chunk, BatchItem.state == ItemState.PENDING)
            .options(selectinload(Document.cycle).selectinload(Cycle.program), selectinload(Document.applicant))
            .order_by(BatchItem.id)).all()
        work = [_Work(batch_id, item.id, doc.id, int(item.version), doc.sha256, doc.mime, check_context(doc))
                for item, doc in rows]
        cached = {} if force_ocr else load_pages({w.sha256 for w in work}, key)
        db.session.remove()
    hits = [w for w in work if w.sha256 in cached and w.mime]
    misses = [w for w in work if not (w.sha256 in cached and w.mime)]
    tally: Counter[str] = Counter()
    going = True
    group: list[tuple[_Work, Result | PipelineError]] = []
    with closing(analyse_isolated([(cached[w.sha256], str(w.mime), w.ctx) for w in hits], limits)) as outcomes:
        for index, outcome in outcomes:
            group.append((hits[index], outcome))
            if len(group) == GROUP or index == len(hits) - 1 or warm_stop.requested():
                going = _record_group(app, group, key, tally, from_cache=True) and not warm_stop.requested()
                group = []
                if not going:
                    break
    store = BlobStore(app.config["STORAGE_DIR"])
    with WarmReader(limits) as reader:
        for w in misses if going else []:
            if warm_stop.requested() or not _still_running(app, batch_id):
                break
            read: Result | PipelineError
            try:
                read = reader.process(store.get(w.sha256), w.ctx)
            except PipelineError as exc:
                read = exc
            except FileNotFoundError:
                read = PipelineError("corrupt", "The stored original is missing, so it cannot be read again.")
            if not _record_group(app, [(w, read)], key, tally, from_cache=False):
                break
    with app.app_context():
        if warm_stop.requested():
            tally["handed_back"] = _hand_back(batch_id, chunk)
        pump(batch_id)
    return {"batch_id": batch_id, "chunk": chunk, "cached": len(hits), "read": len(misses), **tally}


def _hand_back(batch_id: int, chunk: int) -> int:
    """The chunk's documents not yet stored go back to the batch unclaimed: `pump` gives them out again as
    a new chunk, with no attempt counted against them (reviewer/reprocessing/warm_stop.py)."""
    in_chunk = (BatchItem.batch_id == batch_id, BatchItem.chunk == chunk, BatchItem.state == ItemState.PENDING)
    left = db.session.scalar(db.select(db.func.count()).where(*in_chunk))
    db.session.execute(db.update(BatchItem).where(*in_chunk).values(chunk=None, version=None))
    db.session.commit()
    log.info("warm stop: batch %s chunk %s handed back %s document(s)", batch_id, chunk, left)
    return int(left or 0)


def _still_running(app: Flask, batch_id: int) -> bool:
    with app.app_context():
        return db.session.scalar(db.select(Batch.status).where(Batch.id == batch_id)) == BatchStatus.RUNNING


def _record_group(app: Flask, group: list[tuple[_Work, Result | PipelineError]], key: str, tally: Counter[str],
                  from_cache: bool) -> bool:
    """Store a group of outcomes with their items' new states in one commit: everything is read first,
    then written, so the write lock is held briefly and one commit serves the group. If anything in the
    group fails, each document is stored on its own instead. False once the batch is no longer running."""
    with app.app_context():
        try:
            items = {item.id: item for item in db.session.scalars(
                db.select(BatchItem).where(BatchItem.id.in_([work.item_id for work, _ in group])))}
            todo = [(items[w.item_id], w, o) for w, o in group
                    if w.item_id in items and items[w.item_id].state == ItemState.PENDING]
            loaded = load_documents([w.document_id for _, w, _ in todo])  # held: see load_documents
            ready = _prepare(todo, key, from_cache)
            # The group's readings are written together (one statement per table), then each item settled.
            written = iter(apply_group([p for _, _, p in ready if isinstance(p, Prepared)]))
            for item, w, prepared in ready:
                _apply(item, w, next(written) if isinstance(prepared, Prepared) else prepared)
            states = [item.state for item, _, _ in ready]
            db.session.commit()
            del loaded
        except Exception:
            db.session.rollback()
            if len(group) > 1:
                # a list, not a generator: every document must be stored, even after one fails
                return all([_record_group(app, [one], key, tally, from_cache) for one in group])  # noqa: C419
            states = [_failed(group[0][0], key)]
        tally.update(states)
        if len(states) < len(group):  # some item was no longer pending: cancelled, or done by another run
            return _still_running(app, group[0][0].batch_id)
        return True


def load_documents(ids: list[int]) -> list[Document]:
    """A group's documents with their cycle, program and applicant, in four statements: preparing and
    storing each then finds them in the session instead of asking one by one. The caller holds the list
    while it stores, since the session keeps only weak references to unchanged objects."""
    return list(db.session.scalars(db.select(Document).where(Document.id.in_(ids))
                                   .options(selectinload(Document.cycle).selectinload(Cycle.program),
                                            selectinload(Document.applicant))))


def _failed(work: _Work, key: str) -> str:
    """One document that could not be stored: its item fails (unless another run already settled it)."""
    log.exception("re-processing document %s failed", work.document_id)
    try:
        existing = db.session.scalar(db.select(Extraction.id).where(Extraction.document_id == work.document_id,
                                                                    Extraction.version == work.version))
    except Exception:
        existing = None
    if existing is not None:  # the same (document, version) was stored by another run of this chunk
        return _finish(work.item_id, ItemState.DONE)
    return _finish(work.item_id, ItemState.FAILED, "processing_error",
                   "Re-processing stopped on an internal error; retry it from the batch page.")


def _prepare(todo: list[tuple[BatchItem, _Work, Result | PipelineError]], key: str, from_cache: bool
             ) -> list[tuple[BatchItem, _Work, Outcome | PipelineError]]:
    """Each item with its outcome ready to be written: the group's results prepared together (one
    statement per lookup for the group, reviewer/documents/preparing.py), a failure as it is."""
    read = [(w.document_id, w.version, o) for _, w, o in todo if not isinstance(o, PipelineError)]
    prepared = iter(prepare_group(read, key, cache_pages=not from_cache))
    return [(item, w, o if isinstance(o, PipelineError) else next(prepared)) for item, w, o in todo]


def _apply(item: BatchItem, work: _Work, outcome: Recorded | PipelineError | None) -> None:
    """Settle one item on its outcome (a reading already stored by `apply_group`, a failure, or a document
    gone), storing the failure. The item's columns are all set after the reading is stored: set before,
    the flush inside storing wrote the item once for its time and again for its state."""
    if isinstance(outcome, PipelineError):
        item.finished_at = utcnow()
        item.state, item.error_code, item.error_message = ItemState.FAILED, outcome.code, outcome.message
        document = db.session.get(Document, work.document_id)
        if document is None:
            return
        if document.latest is None:
            mark_failed(document, outcome.code, outcome.message)  # it never had a reading: it stays failed
        else:  # a document that was read before keeps that reading and its status
            audit(document, None, "reprocess_failed", {"batch": item.batch_id, "code": outcome.code,
                                                       "message": outcome.message})
        return
    if outcome is None:
        item.state, item.error_code, item.error_message = ItemState.FAILED, "missing", "The document was deleted."
        item.finished_at = utcnow()
        return
    item.state, item.changed, item.had_decision = ItemState.DONE, outcome.changed, outcome.had_decision
    item.finished_at = utcnow()


def _finish(item_id: int, state: str, code: str | None = None, message: str | None = None) -> str:
    """Settle an item outside the failed transaction (unless something else settled it first)."""
    db.session.execute(db.update(BatchItem).where(BatchItem.id == item_id, BatchItem.state == ItemState.PENDING)
                       .values(state=state, error_code=code, error_message=message, finished_at=utcnow()))
    db.session.commit()
    return str(db.session.scalar(db.select(BatchItem.state).where(BatchItem.id == item_id)))
