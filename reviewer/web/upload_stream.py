"""File parts of a request as they arrive: spooled to disk, and never kept past the per-file limit.

Werkzeug asks `Request._get_file_stream` for somewhere to write each file part of a multipart body while
it parses the body, before any view runs. Ours keeps at most MAX_UPLOAD_BYTES of a part and only counts
the rest, so an oversized file costs neither memory nor disk, and `accept_upload` can still refuse it
with its real size. The whole request is bounded by MAX_CONTENT_LENGTH (REVIEWER_MAX_REQUEST_BYTES),
which Werkzeug enforces before and while reading the body.
"""

from __future__ import annotations

from tempfile import SpooledTemporaryFile
from typing import IO, Any

from flask import Request, current_app

# As Werkzeug's own default: a part stays in memory up to this size, then moves to a temporary file.
SPOOL_BYTES = 512 * 1024


class CappedFile(SpooledTemporaryFile):
    """A spooled temporary file that keeps the first `limit` bytes written to it and counts every byte."""

    def __init__(self, limit: int) -> None:
        super().__init__(max_size=SPOOL_BYTES, mode="w+b")
        self.limit = limit
        self.received = 0

    @property
    def over_limit(self) -> bool:
        """More was sent than kept: the file is refused, by its `received` size."""
        return self.received > self.limit

    def write(self, data: Any) -> int:
        """Keep what fits under the limit; report the whole chunk written, so the parser reads on."""
        room = self.limit - min(self.received, self.limit)
        if room > 0:
            super().write(data[:room])
        self.received += len(data)
        return len(data)


class UploadRequest(Request):
    """Flask's request, with file parts written to CappedFile (set as the app's `request_class`)."""

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        return CappedFile(int(current_app.config["MAX_UPLOAD_BYTES"]))
