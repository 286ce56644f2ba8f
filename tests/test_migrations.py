"""Migrations run up and down, and after `upgrade` the schema matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from reviewer.extensions import db
from reviewer.review.search import include_in_autogenerate


def test_migrations_match_models_and_run_down_and_up(app: Flask) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_in_autogenerate})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
    downgrade(revision="base")
    with db.engine.connect() as connection:
        tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    with db.engine.connect() as connection:
        assert {"documents", "extractions", "review_decisions", "audit_events"} <= set(
            db.inspect(connection).get_table_names())


def test_each_migration_steps_down_and_up_again_with_data_in_the_tables(app: Flask) -> None:
    """A downgrade rebuilds tables on SQLite (batch mode); with rows that other tables point at, and
    SQLite's foreign keys on, that must neither fail nor delete the rows."""
    from reviewer.documents.uploads import accept_upload
    from reviewer.models import Document, User
    from tests.conftest import create_user
    from tests.hostile import text_pdf

    user = create_user("kept@example.org", "Kept Applicant")
    with app.test_request_context():
        document_id = accept_upload(db.session.get_one(User, user.id), "kept.pdf",
                                    text_pdf(["Certificate of completion"])).id
    db.session.commit()
    heads = []
    with db.engine.connect() as connection:
        heads.append(MigrationContext.configure(connection).get_current_revision())
    while heads[-1] not in (None, "803f13dbdfbd"):  # down one step at a time, to the first schema
        downgrade(revision="-1")
        with db.engine.connect() as connection:
            heads.append(MigrationContext.configure(connection).get_current_revision())
            assert connection.exec_driver_sql("SELECT count(*) FROM documents").scalar() == 1
            assert connection.exec_driver_sql("SELECT count(*) FROM users").scalar() >= 1
    upgrade()
    db.session.remove()
    assert db.session.get_one(Document, document_id).original_name == "kept.pdf"
