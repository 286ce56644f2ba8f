"""Set-password and reset links: signed, expiring and single-use.

The token signs the user's id with a fingerprint of their current password hash and session
generation. Setting a password changes both, so a used link (or any older one) no longer verifies:
single use without a table of issued tokens. It is signed with the app's SECRET_KEY under its own salt,
so a session cookie can never pass for a reset token or the other way round.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from reviewer.extensions import db
from reviewer.models import User

_SALT = "reviewer.password-link"
MIN_PASSWORD_LENGTH = 12


class PasswordLinkError(ValueError):
    """A link that is expired, used, or was never issued; the message says which."""


def _serializer() -> URLSafeTimedSerializer:
    """Signs with the current key and accepts links signed with a fallback key too, so rotating the key
    does not void every set-password link already mailed (itsdangerous: the last key signs)."""
    keys = [*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt=_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.password_hash}|{user.session_generation}".encode()).hexdigest()[:16]


def password_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "state": _fingerprint(user)})


def password_link(user: User) -> str:
    """The absolute link to set a password, on the public address (e-mails are sent outside requests)."""
    base = str(current_app.config["PUBLIC_URL"]).rstrip("/")
    path = current_app.url_map.bind("").build("auth.set_password", {"token": password_token(user)})
    return base + path


def user_for_token(token: str) -> User:
    max_age = int(current_app.config["PASSWORD_LINK_HOURS"]) * 3600
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise PasswordLinkError("This link has expired; ask for a new one.") from None
    except BadSignature:
        raise PasswordLinkError("This link is not valid; ask for a new one.") from None
    user = db.session.get(User, int(data.get("user", 0))) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("state") != _fingerprint(user):
        raise PasswordLinkError("This link has been used already or replaced by a newer one; ask for a new one.")
    return user


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    return None
