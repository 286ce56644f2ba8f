"""Content-addressed blob storage on the local disk.

A blob's path is derived from its SHA-256 and nothing else, so no user input ever becomes a path; the
path is still checked to stay inside the root. Writes go to a temporary file and are renamed into place,
so a crash never leaves half a blob under a real name.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobStore:
    """Files under `root`, named by their SHA-256."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        path = (self.root / sha256[:2] / sha256[2:4] / sha256).resolve()
        if self.root not in path.parents:
            raise ValueError("blob path escapes the storage root")
        return path

    def put(self, data: bytes) -> str:
        """Store bytes (idempotent) and return their SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()
