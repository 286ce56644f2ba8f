"""Taking a file from an applicant: committed (blob plus row) before anything is enqueued.

A file over the size limit is refused outright and not kept, and so is one beyond the applicant's hourly
rate or their cycle's quota. Any other file is kept, even one of a type we cannot read, so nothing the
applicant sent is lost: such a document is `failed` at once with the reason (its file is deleted after
the retention period, reviewer/documents/retention.py, the row stays), and the rest go to the queue.

A file arrives as a stream spooled to disk (reviewer/web/upload_stream.py). It is measured, hashed and stored
from there and never read whole into the web process's memory; the worker reads it later, bounded by
MAX_UPLOAD_BYTES.
"""

from __future__ import annotations

import io
import math
import os
import re
from datetime import timedelta
from typing import IO

from flask import current_app
from sqlalchemy import case, func
from werkzeug.datastructures import FileStorage

from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import Cycle, Document, DocumentStatus, User
from reviewer.models.base import utcnow
from reviewer.normalize import clean_text
from reviewer.programs.cycles import current_cycle
from reviewer.queue import enqueue_extraction
from reviewer.review.decisions import audit, set_status
from reviewer.review.search import index_document
from reviewer.web.upload_stream import CappedFile
from workers.reading.readers import reader_for, unsupported_message
from workers.reading.sniff import content_mime

# What the type is read from: libmagic looks no further than the first 64 KiB (workers.reading.sniff).
_SNIFF_BYTES = 1 << 17
# The API's HTTP status for each refusal (any other is a 400).
UPLOAD_STATUS = {"too_large": 413, "rate_limited": 429, "quota_exceeded": 429, "unsupported_type": 415}


class UploadError(ValueError):
    """An upload refused before it was stored, with the pipeline's code and a readable message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message

    @property
    def status(self) -> int:
        """The API's HTTP status: 413 for a file too large, 429 beyond a rate or quota, otherwise 400."""
        return UPLOAD_STATUS.get(self.code, 400)


def safe_display_name(raw: str | None) -> str:
    """The name to show for a file: no path parts, no control, bidi or invisible characters, at most 200
    characters (reviewer.normalize.clean_text, as for people's names).

    It is only ever displayed (escaped by the templates) and never used to build a path.
    """
    name = re.split(r"[\\/]", clean_text(raw))[-1].strip(" .")
    return (name or "upload")[:200]


def accept_file(user: User, storage: FileStorage, resubmission_of: Document | None = None,
                keep_unsupported: bool = True, cycle: Cycle | None = None) -> Document:
    """`accept_upload` for a file part of a request; its temporary file is closed at once, not at GC."""
    try:
        return accept_upload(user, storage.filename, storage.stream, resubmission_of, keep_unsupported, cycle)
    finally:
        storage.close()


def accept_upload(user: User, filename: str | None, content: bytes | IO[bytes],
                  resubmission_of: Document | None = None, keep_unsupported: bool = True,
                  cycle: Cycle | None = None) -> Document:
    """Store one uploaded file for `user` and queue it. Raises UploadError when it is refused outright.

    `content` is the file's bytes (the demo) or a seekable stream of them (a request's file part). A file
    of a type we cannot read is kept as a failed document with its reason when `keep_unsupported` (the
    web page: the applicant sees what happened to everything they sent); the API refuses it outright
    instead (415, nothing stored), since its caller still has the file and gets no document to look at.
    """
    name = safe_display_name(filename)
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    size = _size_of(stream)
    limit = int(current_app.config["MAX_UPLOAD_BYTES"])
    if size > limit:
        raise UploadError("too_large", f"{name} is {size / 2**20:.1f} MiB; the limit is {limit / 2**20:.0f} MiB.")
    if not size:
        raise UploadError("empty", f"{name} is empty.")
    stream.seek(0)
    mime = content_mime(stream.read(_SNIFF_BYTES))
    if not keep_unsupported and reader_for(mime) is None:
        raise UploadError("unsupported_type", f"{name}: {unsupported_message(mime)}")
    if cycle is None or cycle.applicant_id != user.id:  # the applicant's choice of program, else the current one
        cycle = current_cycle(user)
    check_allowance(user, cycle, name, size)
    store = BlobStore(current_app.config["STORAGE_DIR"])
    stream.seek(0)
    sha256, size = store.put_stream(stream)
    document = Document(applicant_id=user.id, cycle_id=cycle.id if cycle else None, sha256=sha256,
                        program_code=cycle.program.code if cycle else "",
                        original_name=name, size=size,
                        resubmission_of_id=resubmission_of.id if resubmission_of else None)
    db.session.add(document)
    db.session.flush()
    index_document(document.id)  # findable by file name and applicant before it is read
    if resubmission_of is not None:
        audit(resubmission_of, user, "resubmitted", {"answer": document.id, "name": name},
              from_status=DocumentStatus.RESUBMISSION_REQUESTED, to_status=DocumentStatus.RESUBMITTED)
    audit(document, user, "uploaded", {"name": document.original_name, "size": size, "sha256": sha256},
          to_status=DocumentStatus.QUEUED)
    if reader_for(mime) is None:
        document.mime = mime
        document.error_code = "unsupported_type"
        document.error_message = unsupported_message(mime)
        set_status(document, DocumentStatus.FAILED, None, "failed", {"code": "unsupported_type"})
    db.session.commit()
    if not store.exists(sha256):
        # The retention sweep discarded the same bytes while this upload was being recorded (BlobStore.discard).
        stream.seek(0)
        store.put_stream(stream)
    if document.status == DocumentStatus.QUEUED:
        enqueue_extraction(document)
    return document


def _size_of(stream: IO[bytes]) -> int:
    """How many bytes were sent: a request's file part counted them as they arrived (and kept at most the
    limit); any other stream is measured by seeking, never by reading."""
    if isinstance(stream, CappedFile):
        return stream.received
    stream.seek(0, os.SEEK_END)
    return stream.tell()


def check_allowance(user: User, cycle: Cycle | None, name: str, size: int) -> None:
    """Refuse a file beyond the applicant's hourly rate or their cycle's quota (a setting of 0 is no limit).

    Counted from the documents table, the record of truth, so every web host applies the same counts and
    a Redis outage lifts neither. Files refused before they were stored (too large, over a limit) do not
    count; refused types do, as they were stored.
    """
    per_hour = int(current_app.config.get("UPLOADS_PER_HOUR") or 0)
    quota = int(current_app.config.get("UPLOAD_QUOTA_BYTES") or 0)
    if not per_hour and not quota:
        return
    # Count and store one upload of this applicant's at a time: a write on their row takes its lock (a row
    # lock on PostgreSQL, the write lock on SQLite) until the upload commits, so uploads sent at once are
    # counted one after another instead of all reading the same count (62 stored against a limit of 60).
    db.session.execute(db.update(User).where(User.id == user.id).values(id=User.id)
                       .execution_options(synchronize_session=False))
    now = utcnow()
    recent = Document.uploaded_at >= now - timedelta(hours=1)
    same_cycle = Document.cycle_id == cycle.id if cycle else Document.cycle_id.is_(None)
    count, first, used = db.session.execute(
        db.select(func.count(case((recent, 1))), func.min(case((recent, Document.uploaded_at))),
                  func.coalesce(func.sum(case((same_cycle, Document.size), else_=0)), 0))
        .where(Document.applicant_id == user.id)).one()
    if (per_hour and count >= per_hour) or (quota and int(used) + size > quota):
        db.session.rollback()  # refused: let the lock go now, not at the end of the request
    if per_hour and count >= per_hour:
        wait = max(1, math.ceil(((first or now) + timedelta(hours=1) - now).total_seconds() / 60))
        raise UploadError("rate_limited", f"{name}: {count} files were sent in the last hour, the most one hour "
                                          f"takes; try again in {wait} minute{'' if wait == 1 else 's'}.")
    if quota and int(used) + size > quota:
        raise UploadError("quota_exceeded", f"{name} would bring this cycle's files to "
                                            f"{(int(used) + size) / 2**20:.0f} "
                                            f"MiB; one cycle takes at most {quota / 2**20:.0f} MiB. Ask the "
                                            "certification staff if you need to send more.")
