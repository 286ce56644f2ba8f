"""Slowing password guessing without locking owners out.

A hard lock per account lets anyone lock its owner out for as long as they keep guessing, and a lock per
address locks out everyone behind the same proxy or NAT. So failures are counted per account *and*
address: after a few free failures that pair waits, twice as long after each further failure, up to a
ceiling. The owner signing in from anywhere else is not affected.

Two wider limits catch what pairs cannot: many addresses guessing one account, and one address trying
many accounts. They only slow pairs that have never signed in successfully (an address the owner has
used before still gets in at once), so they too cannot lock an owner out of their usual place.

Counted in the database, so every web process sees the same numbers and a restart forgets nothing. The
limits do not depend on whether the e-mail exists, so they tell an attacker nothing about accounts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from reviewer.extensions import db
from reviewer.models import LoginAttempt
from reviewer.models.base import changed_rows, utcnow


@dataclass(frozen=True)
class LoginLimits:
    free_failures: int  # per account and address, before any wait
    max_backoff: timedelta
    window: timedelta
    account_failures: int  # per account, from all addresses, before pairs new to it wait
    address_failures: int  # per address, over all accounts, before pairs new to it wait
    known_for: timedelta  # how long a successful sign-in makes a pair known

    @classmethod
    def from_config(cls) -> LoginLimits:
        c = current_app.config
        return cls(int(c["LOGIN_FREE_FAILURES"]), timedelta(seconds=int(c["LOGIN_MAX_BACKOFF_SECONDS"])),
                   timedelta(seconds=int(c["LOGIN_WINDOW_SECONDS"])), int(c["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
                   int(c["LOGIN_MAX_FAILURES_PER_ADDRESS"]), timedelta(days=int(c["LOGIN_KNOWN_PAIR_DAYS"])))

    def backoff(self, excess: int) -> timedelta:
        """The wait after `excess` failures beyond the free ones: 1 s, 2 s, 4 s … up to the ceiling."""
        if excess <= 0:
            return timedelta(0)
        return min(self.max_backoff, timedelta(seconds=2 ** min(excess - 1, 30)))


def seconds_until_allowed(email: str, address: str, now: datetime | None = None) -> int:
    """0 when a sign-in may be tried now; otherwise how many seconds this account and address must wait."""
    limits = LoginLimits.from_config()
    now = now or utcnow()
    since = now - limits.window
    pair = (LoginAttempt.email == email, LoginAttempt.address == address)
    failures, last = db.session.execute(
        db.select(db.func.count(LoginAttempt.id), db.func.max(LoginAttempt.created_at))
        .where(*pair, LoginAttempt.success.is_(False), LoginAttempt.created_at > since)).one()
    excess = failures - limits.free_failures + 1
    known = db.session.scalar(db.select(LoginAttempt.id).where(
        *pair, LoginAttempt.success.is_(True), LoginAttempt.created_at > now - limits.known_for).limit(1))
    if known is None:
        # A pair new to each other: the wider limits apply too, as if those failures were the pair's own.
        for column, value, limit in ((LoginAttempt.email, email, limits.account_failures),
                                     (LoginAttempt.address, address, limits.address_failures)):
            wide, wide_last = db.session.execute(
                db.select(db.func.count(LoginAttempt.id), db.func.max(LoginAttempt.created_at))
                .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.created_at > since)).one()
            if wide >= limit and wide_last is not None:
                excess, last = max(excess, wide - limit + 1), max(last or wide_last, wide_last)
    if excess <= 0 or last is None:
        return 0
    wait = (last + limits.backoff(excess) - now).total_seconds()
    return max(0, math.ceil(wait))


def prune_attempts(now: datetime | None = None) -> int:
    """Delete the sign-in attempts no limit reads any more; return how many went.

    A failure counts for `window`, a success makes its pair known for `known_for`: a row older than both
    decides nothing, and kept for ever the table grows with every sign-in (and every guess)."""
    limits = LoginLimits.from_config()
    cutoff = (now or utcnow()) - max(limits.window, limits.known_for)
    gone = changed_rows(db.delete(LoginAttempt).where(LoginAttempt.created_at < cutoff))
    db.session.commit()
    return int(gone or 0)


def record_attempt(email: str, address: str, success: bool) -> None:
    db.session.add(LoginAttempt(email=email, address=address, success=success))
    db.session.commit()
