"""What a process checks before it serves requests or runs jobs in production.

A session cookie is only as strong as the key that signs it. An app that fell back to a fixed key
would accept cookies anyone can forge (the whole world can read the fallback), so a web server or
worker refuses to start without a configured key instead. Tests get a random key per app, and the
demo generates one and keeps it in its instance folder (`demo_secret_key`), so neither needs setting up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

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
    """Refuse to start a web server or worker that would be unsafe on the internet."""
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    if problem:
        raise ConfigError(problem)
    if app.debug or app.config.get("DEBUG"):
        raise ConfigError("Debug mode is on (FLASK_DEBUG): it runs the interactive debugger, which executes code "
                          "from the browser. Unset FLASK_DEBUG for production.")


def demo_secret_key(instance: Path) -> str:
    """The demo's own key: generated once, kept readable by the owner only, the same across restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
