"""People: applicants, staff and admins, with hashed passwords and hashed API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from reviewer.extensions import db
from reviewer.models.base import utcnow

ROLES = ("applicant", "staff", "admin")


class User(UserMixin, db.Model):
    """Someone who signs in. Staff and admins review; admins also manage programs and batches."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="applicant")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_staff(self) -> bool:
        return self.role in ("staff", "admin")

    def set_password(self, password: str) -> None:
        """scrypt through Werkzeug: slow on purpose."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def new_token(self) -> str:
        """Issue a fresh API token; only its SHA-256 is stored, so a leaked database leaks no token."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
