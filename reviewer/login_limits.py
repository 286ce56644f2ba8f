"""Failed sign-ins are rate-limited per account and per address.

Counted in the database, so every web process sees the same numbers and a restart forgets nothing.
A locked account still cannot be told apart from a wrong password by timing: the password is checked
only when the limit allows an attempt at all.
"""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app

from reviewer.extensions import db
from reviewer.models import LoginAttempt
from reviewer.models.base import utcnow


def seconds_until_allowed(email: str, address: str) -> int:
    """0 when a sign-in may be tried now; otherwise how long until the oldest counted failure expires."""
    config = current_app.config
    window = timedelta(seconds=int(config["LOGIN_WINDOW_SECONDS"]))
    since = utcnow() - window
    waits = []
    for column, value, limit in ((LoginAttempt.email, email, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
                                 (LoginAttempt.address, address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"])):
        failures = db.session.scalars(
            db.select(LoginAttempt.created_at).where(column == value, LoginAttempt.success.is_(False),
                                                     LoginAttempt.created_at > since)
            .order_by(LoginAttempt.created_at.desc()).limit(int(limit))).all()
        if len(failures) >= int(limit):
            waits.append((failures[-1] + window - utcnow()).total_seconds())
    return max(0, math.ceil(max(waits))) if waits else 0


def record_attempt(email: str, address: str, success: bool) -> None:
    db.session.add(LoginAttempt(email=email, address=address, success=success))
    db.session.commit()
