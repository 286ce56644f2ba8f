"""The storage marker: a file `reviewer init` writes into the storage directory it set up.

On a deployment the storage directory is a shared mount. When the mount is missing, its mount point is
an ordinary empty directory that exists and is writable, so "exists and takes a file" passes, and a host
would take uploads into a local directory that no other host sees. The marker tells the two apart: the
configured storage carries `.reviewer-storage`, a bare mount point does not. In production, `check`,
`serve`, `worker` and `/readyz` refuse storage without it. The demo and tests do not need one.

`reviewer init` (and `reviewer restore`) write it, but only into a directory that is plainly the storage:
empty (a first set-up), or holding the files of the documents the database lists. A directory that is empty
while the database lists documents is a mount that is not there, and writing the marker would hide that.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from reviewer.documents.storage import BlobStore, write_atomically
from reviewer.extensions import db
from reviewer.models import Document

MARKER = ".reviewer-storage"

# The states a directory can be in, as `/readyz` names them.
MARKED, MISSING, UNMARKED = "ok", "missing", "unmarked"


class NotTheStorage(RuntimeError):
    """The directory is not the storage set up for this database; the message says what to check."""


def marker_state(root: str | Path) -> str:
    """MARKED, MISSING (no such directory: never created here) or UNMARKED (a directory without the marker)."""
    root = Path(root)
    if not root.is_dir():
        return MISSING
    return MARKED if (root / MARKER).is_file() else UNMARKED


def unmarked_problem(root: str | Path) -> str:
    """The words for an unmarked storage directory, naming the setting and what to do."""
    return (f"REVIEWER_STORAGE_DIR ({root}) has no {MARKER} marker, so it is not the storage `reviewer init` set "
            "up: mount the shared storage there (an empty mount point looks like this), or run `reviewer init` "
            "once where it is mounted")


def mark(root: str | Path, database: str, stored: Iterable[str], create: bool) -> bool:
    """Write the marker into `root` if it lacks one; True when written, False when it was there.

    `stored` is the SHA-256 of some documents the database lists (a few are enough): if there are any and
    none of their files is in `root`, this is not the storage, and NotTheStorage says so. `create` makes a
    missing directory (a single host); otherwise a missing one is refused, since it is a mount not mounted.
    """
    root = Path(root)
    if marker_state(root) == MARKED:
        return False
    if not root.is_dir():
        if not create:
            raise NotTheStorage(f"REVIEWER_STORAGE_DIR ({root}) does not exist: mount the shared storage there "
                                "(or create the directory on a single host), then run this again")
        root.mkdir(parents=True, exist_ok=True)
    listed = list(stored)
    store = BlobStore(root)
    if listed and not any(store.exists(sha) for sha in listed):
        raise NotTheStorage(f"REVIEWER_STORAGE_DIR ({root}) holds none of the files of the documents the database "
                            f"({database}) lists: it is not their storage (is the shared mount mounted?)")
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    write_atomically(root / MARKER, f"reviewer storage\nset up {stamp} for {database}\n".encode())
    return True


def mark_for_this_database(root: str | Path, create: bool) -> bool:
    """`mark` for the app's own database: its newest documents' files are the ones looked for (50 are
    plenty: a real storage holds them all), and the marker names it. `init` and `restore` both call this."""
    recent = db.session.scalars(db.select(Document.sha256).order_by(Document.id.desc()).limit(50)).all()
    return mark(root, db.engine.url.render_as_string(hide_password=True), recent, create)
