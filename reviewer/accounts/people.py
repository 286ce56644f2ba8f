"""Accounts as administrators manage them: create, rename, change role, deactivate, send a reset link.

Each change is one function that checks, changes, audits and queues its mail in the caller's
transaction (the view commits), so the web, a script or a test get the same rules and the same trail.
Rules that protect the system rather than the person:
- An administrator cannot demote or deactivate themselves: the last admin could otherwise lock everyone
  out of these pages, and a mistaken click on one's own row has no one to undo it.
- Deactivating bumps the session generation, so every open session (and copied cookie) ends at once;
  `auth.load_user` and sign-in both refuse an inactive account, and the API refuses its token.
- A new account has no password: it gets a single-use set-password link by e-mail, so no administrator
  ever knows (or types, or sends in clear) anyone's password.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_

from reviewer.extensions import db
from reviewer.mail.notifications import account_created, password_reset
from reviewer.models import User
from reviewer.models.users import ROLES
from reviewer.normalize import clean_text, is_address
from reviewer.review.decisions import audit

PAGE_SIZE = 50


class AccountError(ValueError):
    """A change to an account that is refused, with a message the administrator can act on."""


def clean_email(raw: str | None) -> str:
    """The stored form of an address (trimmed, lower case), or AccountError naming the problem."""
    email = (raw or "").strip().lower()
    if not is_address(email):  # one address: a comma would send the mail to two people
        raise AccountError(f"{email or 'An empty address'!r} is not an e-mail address.")
    return email


def _clean_name(raw: str | None) -> str:
    name = clean_text(raw)[:200]
    if not name:
        raise AccountError("Give the person's name.")
    return name


def _role(role: str | None) -> str:
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.")
    return role


def create_account(actor: User, email: str, name: str, role: str) -> User:
    """A new account without a password, and the e-mail with its set-password link."""
    email, name, role = clean_email(email), _clean_name(name), _role(role)
    if db.session.scalar(db.select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"There is already an account for {email}.")
    user = User(email=email, name=name, role=role)
    db.session.add(user)
    db.session.flush()
    account_created(user, actor)
    audit(None, actor, "user_created", {"user": user.id, "email": email, "role": role})
    return user


def change_details(actor: User, user: User, name: str, role: str) -> bool:
    """Rename and/or change the role; returns whether anything changed (nothing is audited if not)."""
    name, role = _clean_name(name), _role(role)
    if user.id == actor.id and role != user.role:
        raise AccountError("You cannot change your own role; another administrator must.")
    before = {"name": user.name, "role": user.role}
    after = {"name": name, "role": role}
    if before == after:
        return False
    user.name, user.role = name, role
    audit(None, actor, "user_changed", {"user": user.id, "email": user.email, "before": before, "after": after})
    return True


def set_active(actor: User, user: User, active: bool) -> bool:
    """Deactivate (ending every session at once) or reactivate; returns whether anything changed."""
    if user.id == actor.id and not active:
        raise AccountError("You cannot deactivate your own account; another administrator must.")
    if bool(user.active) == active:
        return False
    user.active = active
    if not active:
        user.session_generation = (user.session_generation or 0) + 1  # as auth.end_sessions, in this commit
        user.token_hash = None  # and the API token: reactivating must not bring it back
    audit(None, actor, "user_reactivated" if active else "user_deactivated", {"user": user.id, "email": user.email})
    return True


def send_reset(actor: User, user: User) -> None:
    """E-mail a reset link. Inactive accounts get none: their link would not work (passwords.user_for_token)."""
    if not user.active:
        raise AccountError(f"{user.email} is deactivated; reactivate the account first.")
    password_reset(user)
    audit(None, actor, "password_reset_sent", {"user": user.id, "email": user.email})


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    next_before: int | None  # the `before` of the next page (the last id shown), None on the last page


def user_page(search: str | None = None, before: int | None = None, limit: int = PAGE_SIZE) -> UserPage:
    """Newest accounts first, `limit` at a time after id `before`, optionally matching a name or e-mail.

    One query per page whatever the table holds (keyset on the primary key, no OFFSET). The search is a
    substring match: an administrator looks people up by part of a name or a domain.
    """
    query = db.select(User).order_by(User.id.desc()).limit(limit + 1)
    term = clean_text(search)[:200].lower()
    if term:
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(func.lower(User.email).like(pattern, escape="\\"),
                                func.lower(User.name).like(pattern, escape="\\")))
    if before is not None and 0 < before < 2**63:
        query = query.where(User.id < before)
    rows = list(db.session.scalars(query))
    return UserPage(rows[:limit], rows[limit - 1].id if len(rows) > limit else None)
