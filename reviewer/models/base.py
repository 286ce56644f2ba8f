"""The models' base class and column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, Executable

from reviewer.extensions import db

if TYPE_CHECKING:
    from sqlalchemy.orm import DeclarativeBase

    class Model(DeclarativeBase):
        """`db.Model` as the type checker sees it: mypy cannot take a base class from an attribute
        (python/mypy#8603), and Flask-SQLAlchemy's model is a declarative base with its mapped columns."""

else:
    Model = db.Model


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def changed_rows(statement: Executable) -> int:
    """Run an UPDATE or DELETE in the session and say how many rows it changed.

    A DML statement's result is a CursorResult, which counts them; `Session.execute` is typed as returning
    any Result, so the cast lives here once instead of at every compare-and-set."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount
