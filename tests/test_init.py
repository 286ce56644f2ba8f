"""Issue 27, item 6: `reviewer init` sets a deployment up in order (migrate, seed the programs, the first
administrator) and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

from reviewer.cli.init import init_command
from reviewer.cli.main import cli
from reviewer.extensions import db
from reviewer.models import AuditEvent, Program, User
from tests.conftest import make_app


def test_init_migrates_seeds_and_creates_the_first_administrator_once(tmp_path: Path, redis_url: str) -> None:
    app = make_app(tmp_path, redis_url)
    with app.app_context():
        runner = app.test_cli_runner()
        refused = runner.invoke(cli, ["init"])
        assert refused.exit_code == 1 and "There is no administrator yet" in refused.output
        assert refused.stderr.startswith("database: sqlite:///")  # it names what it touches first
        weak = runner.invoke(init_command, ["--admin-email", "ada@example.org", "--admin-name", "Ada Admin",
                                            "--password-stdin"], input="short\n")
        assert weak.exit_code == 1 and "at least 12 characters" in weak.output
        first = runner.invoke(init_command, ["--admin-email", "Ada@Example.org", "--admin-name", "Ada Admin",
                                             "--password-stdin"], input="a long enough passphrase\n")
        assert first.exit_code == 0, first.output
        assert "administrator: created ada@example.org" in first.output and "next: run `reviewer check`" in first.output
        admin = db.session.scalars(db.select(User).where(User.role == "admin")).one()
        assert admin.check_password("a long enough passphrase")
        assert sorted(db.session.scalars(db.select(Program.code))) == ["AMT-CMTSE", "ATMAE-SENIOR", "SME-TECH"]
        again = runner.invoke(init_command, [])
        assert again.exit_code == 0 and "(all there)" in again.output and "(none created)" in again.output
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
        assert len(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "user_created")).all()) == 1
        db.session.remove()
        db.engine.dispose()
