"""People: applicants, staff and admins, with hashed passwords and hashed API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from functools import cache

from flask_login import UserMixin
from sqlalchemy import String, true
from sqlalchemy.orm import Mapped, mapped_column, validates
from werkzeug.security import check_password_hash, generate_password_hash

from reviewer.models.base import Model, utcnow
from reviewer.normalize import clean_text

ROLES = ("applicant", "staff", "admin")


class User(UserMixin, Model):
    """Someone who signs in. Staff and admins review; admins also manage programs and batches."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="applicant")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # Part of every session cookie's identity: bumping it ends every session issued before (sign-out
    # everywhere), because a cookie from an older generation no longer loads a user.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminders: Mapped[bool] = mapped_column(default=True, server_default=true())  # deadline reminder e-mails
    active: Mapped[bool] = mapped_column(default=True, server_default=true())  # deactivated: cannot sign in

    @validates("name")
    def _clean_name(self, _: str, name: str) -> str:
        """Every way a name is set (CLI, enrolment, API, demo) stores it cleaned: staff read it next to the
        evidence, and a bidi override or zero-width character there would make it read as someone else's."""
        return clean_text(name)[:200]

    def get_id(self) -> str:
        """What the session cookie stores: the id with the session generation (see auth.load_user)."""
        return f"{self.id}.{self.session_generation or 0}"

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to sign in an inactive user; auth.load_user drops their sessions too."""
        return bool(self.active)

    @property
    def is_staff(self) -> bool:
        return self.role in ("staff", "admin")

    def set_password(self, password: str) -> None:
        """scrypt through Werkzeug: slow on purpose. A new password ends every session of the old one, and
        the API token issued under it: whoever reset it may be shutting out someone who held both."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_generation = (self.session_generation or 0) + 1
        self.token_hash = None

    def check_password(self, password: str) -> bool:
        """An account with no password yet (just enrolled) is checked against a decoy hash, so it answers
        as slowly as a wrong password: the time of a refusal must not say that the account is pending."""
        if not self.password_hash:
            check_password_hash(decoy_hash(), password)
            return False
        return check_password_hash(self.password_hash, password)

    def new_token(self) -> str:
        """Issue a fresh API token; only its SHA-256 is stored, so a leaked database leaks no token."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token


@cache
def decoy_hash() -> str:
    """A hash no password matches, checked where there is no real one, so that refusal takes as long."""
    return generate_password_hash("no account has this password", method="scrypt")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
