"""Who may see what. An applicant sees only their own documents; anything else is a 404, not a 403,
so that ids of other people's documents cannot be probed. Staff pages need the staff role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from reviewer.extensions import db
from reviewer.models import Document, User

F = TypeVar("F", bound=Callable[..., Any])


def staff_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_staff:
            abort(403, "This page is for staff.")
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    """Administrators only: re-processing touches every applicant's documents."""
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.role != "admin":
            abort(403, "This page is for administrators.")  # a staff member is told whom it is for
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def visible_document(user: User, document_id: int) -> Document:
    """The document if `user` may see it (its owner, or staff); 404 otherwise."""
    document = db.session.get(Document, document_id)
    if document is None or (not user.is_staff and document.applicant_id != user.id):
        abort(404)
    return document
