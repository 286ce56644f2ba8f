"""`/healthz`: whether this web process can reach what every request depends on.

A load balancer polls it to take a host out of rotation, so it needs no login and answers fast: the
database (`SELECT 1` through the app's own pool, so it fails the way a request would) and Redis (one
`PING` with a short timeout). The answer names only which dependency failed; the error itself, which may
carry host names, goes to the log.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from reviewer.extensions import db

bp = Blueprint("health", __name__)

OK, FAILED = "ok", "unreachable"
REDIS_TIMEOUT_SECONDS = 2.0


def database_ok() -> bool:
    """One round trip through the app's own pool, as a real request would make it."""
    try:
        db.session.execute(db.text("SELECT 1"))
        return True
    except SQLAlchemyError as exc:
        current_app.logger.warning("health check: database unreachable: %s", _first_line(exc))
        db.session.rollback()
        return False


def redis_ok() -> bool:
    """One PING, not retried, on a connection of its own with short timeouts: the queue's connection (10 s
    socket timeout, retried three times) would make the probe slower than a load balancer waits."""
    try:
        with Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                            socket_timeout=REDIS_TIMEOUT_SECONDS, retry=Retry(NoBackoff(), 0)) as connection:
            return bool(connection.ping())
    except (RedisError, OSError) as exc:
        current_app.logger.warning("health check: Redis unreachable: %s", _first_line(exc))
        return False


def _first_line(exc: BaseException) -> str:
    """One log line per failed probe: a load balancer asks every few seconds, and a traceback each time
    would bury everything else in the log."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 with every dependency "ok", else 503 naming the ones that are not."""
    checks = {"database": database_ok(), "redis": redis_ok()}
    response = jsonify({name: OK if passed else FAILED for name, passed in checks.items()})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if all(checks.values()) else 503
