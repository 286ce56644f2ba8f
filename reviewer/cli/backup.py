"""`reviewer backup DIR` and `reviewer restore DIR`: the database and the stored files, in the right order.

Backup takes the database first and the files second. Files are named by their content and never change,
so every file the database backup refers to was stored before it was taken and is in the copy made after
it (a file uploaded in between is copied too, and is harmless). The other order could miss the file of a
document uploaded while the files were being copied.

- SQLite: SQLite's online backup API (a consistent copy while the app runs).
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` (Debian's postgresql-client).

Restore refuses a database that holds documents unless told `--replace`, puts the files back (keeping those
already there), and checks that every document's file is present. `manifest.json` records what was taken.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from reviewer.documents.retention import PURGED
from reviewer.documents.storage import FILE_MODE, BlobStore
from reviewer.documents.storage_marker import MARKER, mark_for_this_database
from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, ReviewDecision
from reviewer.service.preflight import current_heads


def _libpq() -> tuple[str, dict[str, str]]:
    """The database URL as pg_dump and pg_restore take it (no SQLAlchemy driver name, no password), and
    their environment with the password in PGPASSWORD: a command line is visible to every local user."""
    url = make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"])).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return url._replace(password=None).render_as_string(hide_password=False), env  # set() ignores None


def _sqlite_path() -> Path:
    database = make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"])).database
    if not database:
        raise click.ClickException("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise click.ClickException(f"{command[0]} failed: {done.stderr.strip()[-1500:]}")


def _copy_files(source: Path, target: Path, owned: bool = False) -> int:
    """Copy every stored file that `target` lacks; returns how many were copied. When `owned`, the copies
    and the folders made for them take `target`'s owner and group, the folders its mode and the files the
    storage's file mode: a restore run as root must leave files the service can read, and no wider."""
    root = target.stat() if owned else None
    copied = 0
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            destination = target / path.relative_to(source)
            if not destination.exists():
                made = [p for p in reversed(destination.relative_to(target).parents) if not (target / p).exists()]
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                if root is not None:
                    for folder in made:
                        os.chown(target / folder, root.st_uid, root.st_gid)
                        os.chmod(target / folder, stat.S_IMODE(root.st_mode))
                    os.chown(destination, root.st_uid, root.st_gid)
                    os.chmod(destination, FILE_MODE)
                copied += 1
    return copied


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(directory: Path) -> None:
    """Back up the database, then the stored files, into DIRECTORY (new or empty)."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty; back up into a new directory.")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)  # the dump holds every account's password and token hashes
    except OSError as exc:
        raise click.ClickException(f"Cannot make {directory}: {exc.strerror or exc} (run as root, or give a "
                                   "directory this user may write).") from None
    previous = os.umask(0o077)  # the copies too: readable by this user alone
    try:
        _take(directory)
    finally:
        os.umask(previous)


def _take(directory: Path) -> None:
    """The database, then the files, then the manifest (see the module's docstring for the order)."""
    dialect = db.engine.dialect.name
    with db.engine.connect() as connection:
        revisions = sorted(current_heads(connection))
    documents = db.session.scalar(db.select(db.func.count(Document.id))) or 0
    decisions = db.session.scalar(db.select(db.func.count(ReviewDecision.id))) or 0
    db.session.remove()
    if dialect == "sqlite":
        with sqlite3.connect(_sqlite_path()) as source, sqlite3.connect(directory / "database.sqlite") as target:
            source.backup(target)
    elif dialect == "postgresql":
        url, env = _libpq()
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={directory / 'database.dump'}", url], env)
    else:
        raise click.ClickException(f"No backup for {dialect} databases.")
    files = _copy_files(Path(current_app.config["STORAGE_DIR"]), directory / "storage")
    manifest: dict[str, Any] = {"taken_at": datetime.now(UTC).isoformat(), "dialect": dialect,
                                "revisions": revisions, "documents": documents, "decisions": decisions,
                                "files": files}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    click.echo(f"backed up {documents} document(s), {decisions} decision(s) and {files} file(s) into {directory}")


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a database that already holds documents.")
@with_appcontext
def restore_command(directory: Path, replace: bool) -> None:
    """Restore DIRECTORY's database and files (from `reviewer backup`) into this configuration."""
    manifest = json.loads((directory / "manifest.json").read_text())
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise click.ClickException(f"The backup is of a {manifest['dialect']} database; this one is {dialect}.")
    try:
        held = db.session.scalar(db.select(db.func.count(Document.id))) or 0
    except SQLAlchemyError:  # no tables yet: an empty database
        held = 0
    db.session.remove()
    if held and not replace:
        raise click.ClickException(f"This database holds {held} document(s); give --replace to overwrite it.")
    db.engine.dispose()
    # The files first: content-named and never changed, extra ones are harmless, and a copy that fails (no
    # room, no permission) then leaves the database as it was rather than half restored.
    storage = Path(current_app.config["STORAGE_DIR"])
    try:
        storage.mkdir(parents=True, exist_ok=True)
        files = _copy_files(directory / "storage", storage, owned=True)
    except OSError as exc:
        raise click.ClickException(f"Cannot copy the files into {storage}: {exc.strerror or exc} ({exc.filename}); "
                                   "the database was not touched.") from None
    if dialect == "sqlite":
        with sqlite3.connect(directory / "database.sqlite") as source, sqlite3.connect(_sqlite_path()) as target:
            source.backup(target)
    else:
        url, env = _libpq()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={url}",
              str(directory / "database.dump")], env)
    blobs = BlobStore(str(storage))
    absent = [doc_id for doc_id, sha in db.session.execute(db.select(Document.id, Document.sha256)).yield_per(10_000)
              if not blobs.path_for(sha).exists()]
    purged = set(db.session.scalars(db.select(AuditEvent.document_id).where(  # refused files past retention
        AuditEvent.document_id.in_(absent), AuditEvent.action == PURGED))) if absent else set()
    missing = [doc_id for doc_id in absent if doc_id not in purged]
    if missing:
        db.session.remove()
        raise click.ClickException(f"{len(missing)} document file(s) are missing from the restored storage, "
                                   f"e.g. document {missing[0]}'s.")
    written = mark_for_this_database(storage, create=True)
    db.session.remove()
    if written:
        root = storage.stat()
        os.chown(storage / MARKER, root.st_uid, root.st_gid)
    click.echo(f"restored {manifest['documents']} document(s) and {manifest['decisions']} decision(s) at "
               f"{', '.join(manifest['revisions'])}; {files} file(s) copied into {storage}")
