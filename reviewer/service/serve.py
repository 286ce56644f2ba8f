"""`reviewer serve`: the web app under gunicorn, the production server.

Werkzeug's server (used by `reviewer demo`) is single-process and carries the debugger, so it is for the
demo only. gunicorn is embedded through its `BaseApplication` rather than exec'd, so that the settings
come from the one config object (reviewer/config.py) and no gunicorn.conf.py or GUNICORN_CMD_ARGS on the
host can change them behind our back. Each gunicorn worker builds its own app after the fork
(reviewer/wsgi.py), so no database connection is ever shared between processes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from reviewer.service.startup import ConfigError, require_production_config

# The combined log format plus the request's duration in milliseconds.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# A set-password link carries its token in the path (/password/<token>); anyone who reads the access log
# could otherwise use a link its owner opened but has not finished with.
_SECRET_IN_PATH = re.compile(r"(/password/)(?!forgot\b)[^/?#\s\"]+")


class RedactingLogger(Logger):
    """gunicorn's logger, with password-link tokens cut out of the request line, path and referrer."""

    def atoms(self, resp: Any, req: Any, environ: Mapping[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i", "{raw_uri}e", "{path_info}e", "{http_referer}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


def redact(text: str) -> str:
    """`text` with every secret that can appear in one of our URLs replaced by REDACTED."""
    return _SECRET_IN_PATH.sub(r"\1REDACTED", text)


def gunicorn_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """gunicorn's settings from the app's config (the WEB_* keys)."""
    threads = max(1, int(config["WEB_THREADS"]))
    max_requests = max(0, int(config["WEB_MAX_REQUESTS"]))
    access_log = str(config["WEB_ACCESS_LOG"]).strip()
    return {
        "bind": [address.strip() for address in str(config["WEB_BIND"]).split(",") if address.strip()],
        "workers": max(1, int(config["WEB_WORKERS"])),
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": int(config["WEB_TIMEOUT_SECONDS"]),
        "graceful_timeout": int(config["WEB_GRACEFUL_TIMEOUT_SECONDS"]),
        "keepalive": int(config["WEB_KEEPALIVE_SECONDS"]),
        # Replacing a worker now and then bounds slow memory growth; the jitter keeps them from all
        # restarting at once.
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "accesslog": None if access_log.lower() in ("off", "none") else access_log,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "logger_class": RedactingLogger,
        # Which proxy headers to believe is decided once, by REVIEWER_PROXY_HOPS (ProxyFix in the app).
        # gunicorn's own defaults would believe X-Forwarded-Proto from any local process.
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "",
        "forwarder_headers": "",
        # gunicorn >= 25 opens a control socket in $HOME by default; nothing here uses it.
        "control_socket_disable": True,
        "proc_name": "reviewer-web",
    }


class ReviewerServer(BaseApplication):
    """gunicorn with our settings and our app, and nothing read from the command line or a config file."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        super().__init__(prog="reviewer serve")

    def load_config(self) -> None:
        """Only settings this gunicorn knows: an older one lacks some (control_socket_disable)."""
        for key, value in self.options.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        """Runs in each worker after the fork: a fresh app, its own database pool, the same start checks."""
        from reviewer.wsgi import app  # importing it builds the production app: only here, in the worker

        return app


@click.command("serve")
@click.option("--bind", help="host:port or unix:/path (default: REVIEWER_BIND, else 127.0.0.1:8000).")
@click.option("--workers", type=click.IntRange(1), help="Worker processes (default: REVIEWER_WEB_WORKERS).")
@with_appcontext
def serve_command(bind: str | None, workers: int | None) -> None:
    """Serve the web app with gunicorn (refuses without a secret key, or in debug mode)."""
    try:
        require_production_config(current_app)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    options = gunicorn_options(current_app.config)
    if bind:
        options["bind"] = [bind]
    if workers:
        options["workers"] = workers
    click.echo(f"reviewer serve: gunicorn on {', '.join(options['bind'])}, {options['workers']} worker(s) "
               f"× {options['threads']} thread(s)", err=True)
    ReviewerServer(options).run()
