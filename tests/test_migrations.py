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
