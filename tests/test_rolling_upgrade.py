"""Issue 27: a rolling upgrade. The new release migrates first, and hosts still on the previous release keep
serving and working meanwhile, so every migration must only expand (add tables, nullable columns, columns
with a default) and leave dropping to a later release.

- The previous release is taken from git history: the code as it was just before the newest migration was
  added. It runs as its own processes (its web app and its `reviewer worker`) on a database the current
  code migrated, and each release reads what the other wrote.
- Every migration's `upgrade()` is read for contracting operations, which the previous release would trip on.
- (That the current code stays ready on a database a newer release migrated is in test_deploy.py.)
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask

from reviewer.cli.main import cli
from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Document, User
from reviewer.service.preflight import migration_heads
from tests.conftest import PASSWORD, ROOT, create_user, login, version_of

PROBE = ROOT / "tests" / "release_probe.py"
SAMPLE = ROOT / "sample_docs" / "01_certificate_text_pdf.pdf"
# What an old release's code may still read or require: dropped, renamed or retyped only in a later release.
CONTRACTING = {"drop_column", "drop_table", "alter_column", "rename_table", "drop_constraint"}
CONTRACTING_SQL = {"DROP COLUMN": r"\bDROP COLUMN\b", "DROP TABLE": r"\bDROP TABLE\b", "RENAME": r"\bRENAME\b",
                   "retype or NOT NULL": r"\bALTER COLUMN \S+ (?:TYPE|SET DATA TYPE|SET NOT NULL)\b"}


def _git(*args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=120)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr.decode()[-500:]} (needs the clone's history)"
    return done.stdout


def previous_release(into: Path) -> tuple[str, Path]:
    """The commit before the newest migration was added, laid out in `into` (its code, templates and
    migrations: what a host still on it runs)."""
    added = _git("log", "-1", "--diff-filter=A", "--format=%H", "--", "migrations/versions").decode().strip()
    commit = _git("rev-parse", f"{added}^").decode().strip()
    archive = _git("archive", "--format=tar", commit, "reviewer", "workers", "migrations", "templates", "static")
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return commit, into


def _env(app: Flask, redis_url: str, release: Path) -> dict[str, str]:
    env = {name: value for name, value in child_env().items()
           if not name.startswith(("REVIEWER_", "FLASK_")) and name not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=redis_url,
               REVIEWER_STORAGE_DIR=str(app.config["STORAGE_DIR"]), REVIEWER_SECRET_KEY=str(app.config["SECRET_KEY"]),
               PYTHONPATH=str(release))
    return env


def _run(env: dict[str, str], cwd: Path, *command: str) -> str:
    done = subprocess.run([sys.executable, *command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


def test_the_previous_release_keeps_working_on_the_migrated_database(app: Flask, redis_url: str,
                                                                     tmp_path: Path) -> None:
    commit, old = previous_release(tmp_path / "previous")
    old_heads = {path.name.split("_")[0] for path in (old / "migrations" / "versions").glob("*.py")}
    assert migration_heads(app) - old_heads, f"{commit[:10]} already has this code's migrations"
    staff = create_user("sam@example.org", "Sam Staff", role="staff")
    staff_token = staff.new_token()
    enrolled = app.test_cli_runner().invoke(cli, ["enrol", "ann@example.org", "SME-TECH", "--certified-on",
                                                  "2025-01-10", "--name", "Ann Applicant"])
    assert enrolled.exit_code == 0, enrolled.output
    applicant = db.session.scalars(db.select(User).where(User.email == "ann@example.org")).one()
    token = applicant.new_token()
    db.session.commit()
    env = _env(app, redis_url, old)

    # A host on the previous release takes an upload, and its worker reads it, into the new schema.
    first = int(_run(env, old, str(PROBE), str(old), "upload", token, str(SAMPLE)).strip())
    _run(env, old, "-m", "reviewer.cli", "worker", "--burst")
    read = json.loads(_run(env, old, str(PROBE), str(old), "read", "sam@example.org", PASSWORD, staff_token,
                           str(first)))
    assert read.pop(f"/api/documents/{first} status") in ("needs_review", "accepted"), read
    assert set(read.values()) == {200}, read

    # The new release reads what the old one wrote, and decides on it.
    db.session.expire_all()
    document = db.session.get(Document, first)
    assert document is not None and document.latest_extraction_id is not None
    client = app.test_client()
    login(client, "sam@example.org")
    assert client.get(f"/staff/documents/{first}").status_code == 200
    decided = client.post(f"/api/documents/{first}/decision", headers={"Authorization": f"Bearer {staff_token}"},
                          json={"outcome": "accept", "version": version_of(first)})
    assert decided.status_code == 200, decided.get_json()

    # And the old one reads what the new one wrote: an upload read by the new worker, and the decision.
    new_env = {**env, "PYTHONPATH": str(ROOT)}
    second = int(_run(new_env, ROOT, str(PROBE), str(ROOT), "upload", token, str(SAMPLE.with_name(
        "02_certificate_text_pdf.pdf"))).strip())
    _run(new_env, ROOT, "-m", "reviewer.cli", "worker", "--burst")
    read = json.loads(_run(env, old, str(PROBE), str(old), "read", "sam@example.org", PASSWORD, staff_token,
                           str(first), str(second)))
    assert read.pop(f"/api/documents/{first} status") == "accepted"
    assert read.pop(f"/api/documents/{second} status") in ("needs_review", "accepted"), read
    assert set(read.values()) == {200}, read


def _contracting(upgrade: ast.FunctionDef) -> list[str]:
    """The operations in a migration's upgrade() that take away what an older release's code uses."""
    found = []
    for node in ast.walk(upgrade):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in CONTRACTING:
            found.append(node.func.attr)
        elif node.func.attr == "add_column" and node.args and isinstance(node.args[-1], ast.Call):
            keywords = {k.arg: k.value for k in node.args[-1].keywords}
            nullable = keywords.get("nullable")
            if isinstance(nullable, ast.Constant) and nullable.value is False and "server_default" not in keywords:
                found.append("add_column NOT NULL without a server default")  # the old code's inserts fail
        elif node.func.attr == "execute":
            text = " ".join(str(c.value) for c in ast.walk(node) if isinstance(c, ast.Constant)).upper()
            found += [f"execute: {name}" for name, pattern in CONTRACTING_SQL.items() if re.search(pattern, text)]
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "migrations" / "versions").glob("*.py")), ids=lambda p: p.stem)
def test_every_migration_only_expands(path: Path) -> None:
    """A contracting step (drop, rename, retype, a new NOT NULL without a default) belongs in a later release
    than the one that stopped using the column; such a migration says which release that was in
    CONTRACTS_AFTER, and none has needed to yet."""
    tree = ast.parse(path.read_text())
    upgrade = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "upgrade")
    declared = any(isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "CONTRACTS_AFTER" for t in n.targets)
                   for n in tree.body)
    assert declared or _contracting(upgrade) == [], f"{path.name} contracts: {_contracting(upgrade)}"


def test_the_contract_check_sees_a_contracting_migration(tmp_path: Path) -> None:
    """The check above is only worth something if it catches each kind."""
    source = '''
def upgrade():
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("flag_codes")
        batch_op.add_column(sa.Column("owner", sa.Integer(), nullable=False))
    op.execute("ALTER TABLE users RENAME COLUMN name TO full_name")
    op.execute("ALTER TABLE users ALTER COLUMN email SET NOT NULL")
    op.execute("ALTER TABLE document_search ALTER COLUMN tsv SET STORAGE MAIN")
    op.alter_column("users", "email", nullable=False)
'''
    upgrade = ast.parse(source).body[0]
    assert isinstance(upgrade, ast.FunctionDef)
    assert sorted(_contracting(upgrade)) == ["add_column NOT NULL without a server default", "alter_column",
                                             "drop_column", "execute: RENAME", "execute: retype or NOT NULL"]
