"""Content-addressed blob storage on the local disk.

A blob's path is derived from its SHA-256 and nothing else, so no user input ever becomes a path; the
path is still checked to stay inside the root. Writes go to a temporary file and are renamed into place,
so a crash never leaves half a blob under a real name.

Every file is made readable by its group (FILE_MODE): the web app writes the uploads a worker reads, and the
worker writes the previews the web app serves. On a shared mount the two often run as different users of
one group; a temporary file's own mode (0600) would lock the other out.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Owner reads and writes, the service's group reads, nobody else: an applicant's documents stay private.
FILE_MODE = 0o640


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path` and rename it into place, so that a reader (on this host or
    another, on shared storage) sees the whole file or none, never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        if not path.exists():
            write_atomically(path, data)
        return sha256

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put_stream(self, stream: IO[bytes], chunk_size: int = 1 << 20) -> tuple[str, int]:
        """Store what `stream` holds from its position on (idempotent); return its SHA-256 and size.

        An upload is read and hashed in chunks, so no file is ever held whole in memory. Its name is only
        known at the end, so it is written to a temporary file in the root (the same file system as every
        blob, so the rename into place is still atomic) and renamed once hashed.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                while chunk := stream.read(chunk_size):
                    digest.update(chunk)
                    handle.write(chunk)
                    size += len(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            sha256 = digest.hexdigest()
            path = self.path_for(sha256)
            if path.exists():
                Path(tmp).unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256, size

    def discard(self, sha256: str, still_needed: Callable[[], bool]) -> bool:
        """Delete a blob unless `still_needed()`, asked after the blob is moved aside, says it is in use.

        `put` keeps a blob that is already there, so an upload of the same bytes on another host may count
        on this one. Moving it aside before the last check closes that race: an upload recorded before the
        check makes it go back; one recorded after finds it missing (`exists`) and writes it again. False
        when the blob was kept; True when it is gone (or was already).
        """
        path = self.path_for(sha256)
        aside = path.with_name(f".discard-{sha256}-{secrets.token_hex(4)}")
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return True
        if still_needed():
            os.replace(aside, path)
            return False
        aside.unlink()
        return True
