"""Issue 27, backup and restore: `reviewer backup DIR` takes the database then the files; `reviewer restore
DIR` into a fresh database and storage finds every document, decision and file again."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

from reviewer.cli.backup import _libpq, backup_command, restore_command
from reviewer.documents.storage import FILE_MODE, BlobStore
from reviewer.documents.storage_marker import MARKER
from reviewer.extensions import db
from reviewer.models import Document, ReviewDecision
from tests.conftest import make_app, run_worker
from tests.private_postgres import fresh_database
from tests.test_workflow import _certificate, _decide, _flagged_in_queue, _upload


def _state() -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    documents = db.session.execute(db.select(Document.id, Document.sha256, Document.status)
                                   .order_by(Document.id)).all()
    decisions = db.session.execute(db.select(ReviewDecision.document_id, ReviewDecision.outcome)
                                   .order_by(ReviewDecision.id)).all()
    return [tuple(d) for d in documents], [tuple(d) for d in decisions]


def test_a_backup_restores_into_a_fresh_database_and_storage(app: Flask, applicant, staff, tmp_path: Path,
                                                             redis_url: str) -> None:
    client, reviewer, doc = _flagged_in_queue(app, applicant, staff, "flagged.pdf")
    doc_id = doc.id
    _upload(client, [("clean.pdf", _certificate(title="Lean Basics"))])
    run_worker(app)
    _decide(reviewer, doc_id, outcome="reject", reason="name_mismatch", note="Not yours.")
    before = _state()
    assert len(before[0]) == 2 and len(before[1]) == 2  # a person's rejection, an automatic acceptance
    runner = app.test_cli_runner()
    taken = runner.invoke(backup_command, [str(tmp_path / "backup")])
    assert taken.exit_code == 0, taken.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert (manifest["documents"], manifest["decisions"], manifest["files"]) == (2, 2, 2)
    assert runner.invoke(backup_command, [str(tmp_path / "backup")]).exit_code != 0  # never over a backup
    db.session.remove()
    backend = "sqlite" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else "postgresql"

    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    if backend == "postgresql":
        server = make_url(str(app.config["SQLALCHEMY_DATABASE_URI"])).set(database="postgres")
        url = fresh_database(server.render_as_string(hide_password=False), "reviewer_restore")
        fresh = make_app(fresh_dir, redis_url, SQLALCHEMY_DATABASE_URI=url)
    else:
        fresh = make_app(fresh_dir, redis_url)
    with fresh.app_context():
        restored = fresh.test_cli_runner().invoke(restore_command, [str(tmp_path / "backup")])
        assert restored.exit_code == 0, restored.output  # migrated but empty: nothing to lose
        assert _state() == before
        store = BlobStore(fresh.config["STORAGE_DIR"])
        assert all(store.path_for(sha).exists() for _, sha, _ in before[0])
        again = fresh.test_cli_runner().invoke(restore_command, [str(tmp_path / "backup")])
        assert again.exit_code != 0 and "give --replace" in again.output  # it holds documents now
        replaced = fresh.test_cli_runner().invoke(restore_command, [str(tmp_path / "backup"), "--replace"])
        assert replaced.exit_code == 0, replaced.output
        assert _state() == before
        db.session.remove()
        db.engine.dispose()


def test_a_backup_is_private_and_a_restore_leaves_files_the_service_can_read(app: Flask, applicant, staff,
                                                                               tmp_path: Path) -> None:
    """The README walk (issue 27): a backup came out readable by every local user (the dump holds password
    and token hashes), and a restore run as root left root's files that the service could not open."""
    _flagged_in_queue(app, applicant, staff, "flagged.pdf")
    backup = tmp_path / "backup"
    assert app.test_cli_runner().invoke(backup_command, [str(backup)]).exit_code == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o007 == 0 for p in backup.rglob("*"))
    probe = tmp_path / "after-backup"
    probe.write_text("x")
    assert stat.S_IMODE(probe.stat().st_mode) & 0o044  # the umask was given back after the backup
    storage = Path(app.config["STORAGE_DIR"])
    shutil.rmtree(storage)
    storage.mkdir()
    service = (65534, 65534)  # nobody:nogroup, standing in for the service user; the restore runs as root
    os.chown(storage, *service)
    storage.chmod(0o750)
    restored = app.test_cli_runner().invoke(restore_command, [str(backup), "--replace"])
    assert restored.exit_code == 0, restored.output
    copied = list(storage.rglob("*"))
    assert (storage / MARKER) in copied and len(copied) > 3
    assert all((p.stat().st_uid, p.stat().st_gid) == service for p in copied)
    assert all(stat.S_IMODE(p.stat().st_mode) == (0o750 if p.is_dir() else FILE_MODE) for p in copied)


def test_a_restore_that_cannot_copy_the_files_leaves_the_database_alone(app: Flask, applicant, staff,
                                                                        tmp_path: Path) -> None:
    _flagged_in_queue(app, applicant, staff, "flagged.pdf")
    backup = tmp_path / "backup"
    assert app.test_cli_runner().invoke(backup_command, [str(backup)]).exit_code == 0
    before = _state()
    db.session.execute(db.text("UPDATE documents SET original_name = 'changed since the backup.pdf'"))
    db.session.commit()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    app.config["STORAGE_DIR"] = str(blocker / "storage")
    refused = app.test_cli_runner().invoke(restore_command, [str(backup), "--replace"])
    assert refused.exit_code == 1 and "the database was not touched" in refused.output, refused.output
    assert _state() == before  # the same rows
    assert db.session.scalar(db.select(Document.original_name)) == "changed since the backup.pdf"


def test_pg_dump_is_given_the_password_in_its_environment_not_its_arguments(app: Flask) -> None:
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://reviewer:s3cret@db.example.org:5433/reviewer"
    url, env = _libpq()
    assert url == "postgresql://reviewer@db.example.org:5433/reviewer" and env["PGPASSWORD"] == "s3cret"
