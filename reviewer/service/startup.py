"""What a process checks before it serves requests or runs jobs in production.

A session cookie is only as strong as the key that signs it. An app that fell back to a fixed key
would accept cookies anyone can forge (the whole world can read the fallback), so a web server or
worker refuses to start without a configured key instead. Tests get a random key per app, and the
demo generates one and keeps it in its instance folder (`demo_secret_key`), so neither needs setting up.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from reviewer.documents.storage_marker import MISSING, UNMARKED, marker_state, unmarked_problem

SECRET_KEY_SETTING = "REVIEWER_SECRET_KEY"
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message names the setting to fix."""


def secret_key_problem(key: object) -> str | None:
    """Why `key` cannot sign sessions, or None when it can."""
    if not key:
        return (f"{SECRET_KEY_SETTING} is not set; generate one with: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
    if not isinstance(key, (str, bytes)) or len(key) < MIN_SECRET_KEY_LENGTH:
        return f"{SECRET_KEY_SETTING} is too short: use at least {MIN_SECRET_KEY_LENGTH} random characters."
    return None


def require_production_config(app: Flask) -> None:
    """Refuse to start a web server or worker that would be unsafe on the internet, or (with
    REVIEWER_ENV=production) one that would quietly run on a demo's defaults."""
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    if problem:
        raise ConfigError(problem)
    if app.debug or app.config.get("DEBUG"):
        raise ConfigError("Debug mode is on (FLASK_DEBUG): it runs the interactive debugger, which executes code "
                          "from the browser. Unset FLASK_DEBUG for production.")
    problems = deployment_problems(app.config)
    storage = storage_problem(app.config)
    if storage:
        problems.append(storage)
    if problems:
        raise ConfigError(" ".join(problems))


def deployment_problems(config: Mapping[str, Any]) -> list[str]:
    """What a production host (REVIEWER_ENV=production) must not fall back to, in words; empty otherwise.

    Every default here is right for `make demo` and wrong for a deployment: a command run without the
    environment file would otherwise create and migrate a SQLite file in the checkout, talk to whatever
    Redis answers on localhost, and mail links to port 5000, and `reviewer check` reported all of it ok."""
    if not config.get("PRODUCTION"):
        return []
    problems = []
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL is SQLite or unset (the file in instance/): production runs on the "
                        "PostgreSQL every host shares; set DATABASE_URL=postgresql+psycopg://….")
    if not config.get("REDIS_URL_GIVEN"):
        problems.append("REDIS_URL is not set: every host must name the same Redis, not whatever answers on "
                        "localhost.")
    if not config.get("PUBLIC_URL_GIVEN"):
        problems.append("REVIEWER_PUBLIC_URL is not set: links in mail would point at http://127.0.0.1:5000.")
    return problems


def storage_problem(config: Mapping[str, Any]) -> str | None:
    """In production, why the storage directory is not the one `reviewer init` set up (None when it is)."""
    if not config.get("PRODUCTION"):
        return None
    root = config["STORAGE_DIR"]
    state = marker_state(root)
    if state == MISSING:
        return f"REVIEWER_STORAGE_DIR ({root}) does not exist: mount the shared storage there."
    return unmarked_problem(root) + "." if state == UNMARKED else None


def demo_secret_key(instance: Path) -> str:
    """The demo's own key: generated once, kept readable by the owner only, the same across restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
