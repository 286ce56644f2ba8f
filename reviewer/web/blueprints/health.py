"""`/healthz` and `/readyz`, for load balancers and process supervisors; no login, answered fast.

- `/healthz` is liveness: the process answers. A supervisor restarts a web process that stops answering
  it; nothing outside the process is asked, so an outage elsewhere never gets healthy processes killed.
- `/readyz` is readiness: this host can serve requests. It needs the database reachable and at least at the
  code's migration head (code ahead of its schema fails on its first new column; a database a newer release
  has migrated is fine during a rolling upgrade, since migrations expand first), and the storage directory there
  and writable, and in production marked by `reviewer init` (an unmounted shared path would take uploads
  that no other host can see). Redis is reported
  but does not fail readiness: a web host accepts uploads while Redis is down and the sweep sends their
  jobs once it is back, so taking every web host out of rotation during a Redis outage would turn a delay
  into an outage. (A worker host cannot work without Redis; `reviewer check` says so there.)

Answers name only which dependency failed; the error itself, which may carry host names, goes to the log.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from reviewer.documents.storage_marker import MARKED, UNMARKED, marker_state, unmarked_problem
from reviewer.extensions import db
from reviewer.queue import probe_connection
from reviewer.service.preflight import current_heads, first_line, migration_heads, schema_state

bp = Blueprint("health", __name__)

OK = "ok"


def database_state() -> str:
    """"ok", "unreachable", or "behind" (not at the migrations' head), through the app's own pool."""
    try:
        current = current_heads(db.session.connection())
    except SQLAlchemyError as exc:
        current_app.logger.warning("readiness: database unreachable: %s", first_line(exc))
        db.session.rollback()
        return "unreachable"
    finally:
        db.session.rollback()  # a probe holds no transaction open
    state = schema_state(current_app, current)
    if state == "behind":
        current_app.logger.warning("readiness: database at %s, the code needs %s: run `reviewer db upgrade`",
                                   sorted(current), sorted(migration_heads(current_app)))
        return "behind"
    if state == "ahead":  # a rolling upgrade: the new release migrated first, this host still serves
        current_app.logger.info("readiness: database at %s, newer than this code; serving until upgraded",
                                sorted(current))
    return OK


def storage_state() -> str:
    """"ok" when the storage directory exists and takes a file, and in production carries the marker
    `reviewer init` wrote (an empty mount point passes the rest); it is never created here."""
    root = Path(current_app.config["STORAGE_DIR"])
    if not root.is_dir():
        current_app.logger.warning("readiness: storage %s does not exist (not mounted?)", root)
        return "missing"
    try:
        fd, name = tempfile.mkstemp(dir=root, prefix=".ready-")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        current_app.logger.warning("readiness: storage %s is not writable: %s", root, exc.strerror or exc)
        return "not writable"
    if current_app.config.get("PRODUCTION") and marker_state(root) != MARKED:
        current_app.logger.warning("readiness: %s", unmarked_problem(root))
        return UNMARKED
    return OK


def redis_state() -> str:
    """One PING on the probe connection (reviewer.queue): the queue's own would make the probe slower than
    a load balancer waits."""
    try:
        with probe_connection() as connection:
            return OK if connection.ping() else "unreachable"
    except (RedisError, OSError) as exc:
        current_app.logger.warning("readiness: Redis unreachable (uploads wait for the sweep): %s", first_line(exc))
        return "unreachable"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness: 200 whenever the process answers."""
    return _no_store(jsonify({"status": "alive"}))


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Readiness: 200 when the database is at the code's schema and storage is writable, else 503 naming
    what is not; Redis is reported alongside and fails nothing (see the module's docstring)."""
    checks = {"database": database_state(), "storage": storage_state()}
    body = {**checks, "redis": redis_state()}
    return _no_store(jsonify(body)), 200 if all(state == OK for state in checks.values()) else 503
