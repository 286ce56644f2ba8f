"""Taking a file from an applicant: committed (blob plus row) before anything is enqueued.

A file over the size limit is refused outright and not kept. Any other file is kept, even one of a type
we cannot read, so nothing the applicant sent is lost: such a document is `failed` at once with the
reason, and the rest go to the queue.
"""

from __future__ import annotations

import re
import unicodedata

from flask import current_app
from werkzeug.datastructures import FileStorage

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, User
from reviewer.programs import current_cycle
from reviewer.queue import enqueue_extraction
from reviewer.review import audit, set_status
from reviewer.storage import BlobStore
from workers.readers import reader_for, unsupported_message
from workers.sniff import content_mime


class UploadError(ValueError):
    """An upload refused before it was stored, with the pipeline's code and a readable message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def safe_display_name(raw: str | None) -> str:
    """The name to show for a file: no path parts, no control characters, at most 200 characters.

    It is only ever displayed (escaped by the templates) and never used to build a path.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return (name or "upload")[:200]


def read_upload(storage: FileStorage) -> bytes:
    """The bytes of an uploaded file; its spooled temporary file is closed at once, not at GC."""
    try:
        return storage.read()
    finally:
        storage.close()


def accept_upload(user: User, filename: str | None, data: bytes, resubmission_of: Document | None = None) -> Document:
    """Store one uploaded file for `user` and queue it. Raises UploadError when it is refused outright."""
    limit = int(current_app.config["MAX_UPLOAD_BYTES"])
    if len(data) > limit:
        raise UploadError("too_large", f"{safe_display_name(filename)} is {len(data) / 2**20:.1f} MiB; "
                                       f"the limit is {limit / 2**20:.0f} MiB.")
    if not data:
        raise UploadError("empty", f"{safe_display_name(filename)} is empty.")
    sha256 = BlobStore(current_app.config["STORAGE_DIR"]).put(data)
    cycle = current_cycle(user)
    document = Document(applicant_id=user.id, cycle_id=cycle.id if cycle else None, sha256=sha256,
                        original_name=safe_display_name(filename), size=len(data),
                        resubmission_of_id=resubmission_of.id if resubmission_of else None)
    db.session.add(document)
    db.session.flush()
    audit(document, user, "uploaded", {"name": document.original_name, "size": len(data), "sha256": sha256},
          to_status=DocumentStatus.QUEUED)
    mime = content_mime(data)
    if reader_for(mime) is None:
        document.mime = mime
        document.error_code = "unsupported_type"
        document.error_message = unsupported_message(mime)
        set_status(document, DocumentStatus.FAILED, None, "failed", {"code": "unsupported_type"})
    db.session.commit()
    if document.status == DocumentStatus.QUEUED:
        enqueue_extraction(document)
    return document
