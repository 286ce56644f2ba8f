"""Issue 27, item 3: in production, a storage directory that is not the configured mount is refused (the
marker `reviewer init` writes), and every command names the database it touches."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from flask import Flask

from reviewer.cli.main import cli
from reviewer.cli.naming import TOUCH_NO_DATABASE, database_line
from reviewer.documents.storage import BlobStore
from reviewer.documents.storage_marker import MARKER, NotTheStorage, mark, marker_state
from reviewer.extensions import db
from reviewer.models import Document, User
from reviewer.service.preflight import storage
from reviewer.service.startup import ConfigError, require_production_config

INIT = ["init", "--admin-email", "ada@example.org", "--admin-name", "Ada Admin", "--password-stdin"]
PASSWORD = "a long enough passphrase\n"


def _a_stored_document(app: Flask) -> None:
    owner = User(email="owner@example.org", name="Owner", role="applicant")
    db.session.add(owner)
    db.session.flush()
    sha = BlobStore(app.config["STORAGE_DIR"]).put(b"%PDF-1.4 a stored document")
    db.session.add(Document(applicant_id=owner.id, original_name="a.pdf", mime="application/pdf", sha256=sha, size=26))
    db.session.commit()


def test_init_marks_the_storage_it_sets_up_once(app: Flask) -> None:
    root = Path(app.config["STORAGE_DIR"])
    assert marker_state(root) == "unmarked"
    first = app.test_cli_runner().invoke(cli, INIT, input=PASSWORD)
    assert first.exit_code == 0, first.output
    assert f"storage: {root} (marked)" in first.output and (root / MARKER).is_file()
    again = app.test_cli_runner().invoke(cli, ["init"])
    assert again.exit_code == 0 and f"storage: {root} (marked already)" in again.output, again.output


def test_init_refuses_an_empty_directory_where_the_documents_files_should_be(app: Flask, tmp_path: Path) -> None:
    """An unmounted shared mount is an empty, writable directory: init must not mark it and make it pass."""
    _a_stored_document(app)
    mount_point = tmp_path / "mount-point"
    mount_point.mkdir()
    app.config["STORAGE_DIR"] = str(mount_point)
    refused = app.test_cli_runner().invoke(cli, INIT, input=PASSWORD)
    assert refused.exit_code == 1 and "holds none of the files" in refused.output, refused.output
    assert marker_state(mount_point) == "unmarked"
    app.config.update(PRODUCTION=True, STORAGE_DIR=str(tmp_path / "absent"))
    absent = app.test_cli_runner().invoke(cli, ["init"])
    assert absent.exit_code == 1 and "does not exist: mount the shared storage" in absent.output, absent.output
    assert not (tmp_path / "absent").exists()  # production never creates it


def test_production_refuses_unmarked_storage_in_check_readyz_and_at_start(app: Flask, tmp_path: Path) -> None:
    root = Path(app.config["STORAGE_DIR"])
    app.config["PRODUCTION"] = True
    outcome = storage(app)
    assert not outcome.ok and f"no {MARKER} marker" in outcome.detail
    unready = app.test_client().get("/readyz")
    assert unready.status_code == 503 and unready.get_json()["storage"] == "unmarked"
    with pytest.raises(ConfigError, match="is not the storage `reviewer init` set up"):
        require_production_config(app)
    assert mark(root, "sqlite:///test", [], create=False)
    assert storage(app).ok and app.test_client().get("/readyz").get_json()["storage"] == "ok"
    app.config["PRODUCTION"] = False  # the demo and a single host need no marker
    app.config["STORAGE_DIR"] = str(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    assert storage(app).ok and app.test_client().get("/readyz").get_json()["storage"] == "ok"


def test_restore_marks_the_storage_it_fills(app: Flask, tmp_path: Path) -> None:
    _a_stored_document(app)
    backup = tmp_path / "backup"
    assert app.test_cli_runner().invoke(cli, ["backup", str(backup)]).exit_code == 0
    shutil.rmtree(app.config["STORAGE_DIR"])
    restored = app.test_cli_runner().invoke(cli, ["restore", str(backup), "--replace"])
    assert restored.exit_code == 0, restored.output
    assert marker_state(app.config["STORAGE_DIR"]) == "ok"


def test_marking_refuses_a_directory_without_any_listed_file(tmp_path: Path) -> None:
    with pytest.raises(NotTheStorage):
        mark(tmp_path, "sqlite:///x", ["0" * 64], create=False)
    assert mark(tmp_path / "m", "sqlite:///x", [], create=True) is True  # written on a fresh directory
    assert marker_state(tmp_path / "m") == "ok"


def _commands() -> list[str]:
    with click.Context(cli) as ctx:
        return sorted(cli.list_commands(ctx))


@pytest.mark.parametrize("name", [n for n in _commands() if n not in TOUCH_NO_DATABASE])
def test_every_command_names_its_database_first(app: Flask, name: str) -> None:
    """The line comes before the command does anything, even before it reads its options (an unknown option
    is refused after it), and goes to standard error so piped output stays clean."""
    result = app.test_cli_runner().invoke(cli, [name, "--no-such-option"])
    assert result.stderr.splitlines()[0] == database_line(app), result.stderr
    assert result.stdout == ""


def test_the_database_line_hides_the_password(app: Flask) -> None:
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://reviewer:s3cret@db.example.org/reviewer"
    assert database_line(app) == "database: postgresql+psycopg://reviewer:***@db.example.org/reviewer"
