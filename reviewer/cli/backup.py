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
import shutil
import sqlite3
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
from reviewer.documents.storage import BlobStore
from reviewer.documents.storage_marker import mark
from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, ReviewDecision
from reviewer.service.preflight import current_heads


def _libpq_url() -> str:
    """The database URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    url = make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"])).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path() -> Path:
    database = make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"])).database
    if not database:
        raise click.ClickException("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException(f"{command[0]} failed: {done.stderr.strip()[-1500:]}")


def _copy_files(source: Path, target: Path) -> int:
    """Copy every stored file that `target` lacks; returns how many were copied."""
    copied = 0
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            destination = target / path.relative_to(source)
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                copied += 1
    return copied


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(directory: Path) -> None:
    """Back up the database, then the stored files, into DIRECTORY (new or empty)."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty; back up into a new directory.")
    directory.mkdir(parents=True, exist_ok=True)
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
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={directory / 'database.dump'}", _libpq_url()])
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
    if dialect == "sqlite":
        with sqlite3.connect(directory / "database.sqlite") as source, sqlite3.connect(_sqlite_path()) as target:
            source.backup(target)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq_url()}",
              str(directory / "database.dump")])
    storage = Path(current_app.config["STORAGE_DIR"])
    files = _copy_files(directory / "storage", storage)
    blobs = BlobStore(str(storage))
    absent = [doc_id for doc_id, sha in db.session.execute(db.select(Document.id, Document.sha256)).yield_per(10_000)
              if not blobs.path_for(sha).exists()]
    purged = set(db.session.scalars(db.select(AuditEvent.document_id).where(  # refused files past retention
        AuditEvent.document_id.in_(absent), AuditEvent.action == PURGED))) if absent else set()
    missing = [doc_id for doc_id in absent if doc_id not in purged]
    recent = db.session.scalars(db.select(Document.sha256).order_by(Document.id.desc()).limit(50)).all()
    db.session.remove()
    if missing:
        raise click.ClickException(f"{len(missing)} document file(s) are missing from the restored storage, "
                                   f"e.g. document {missing[0]}'s.")
    mark(storage, db.engine.url.render_as_string(hide_password=True), recent, create=True)
    click.echo(f"restored {manifest['documents']} document(s) and {manifest['decisions']} decision(s) at "
               f"{', '.join(manifest['revisions'])}; {files} file(s) copied into {storage}")
