"""The WSGI entry point for production servers: `gunicorn reviewer.wsgi:app`, uWSGI, mod_wsgi.

`reviewer serve` is the supported way to run the web app (it sets workers, timeouts and access logs from
reviewer/config.py, and its workers load this module); this module also serves a deployment that brings
its own server. Either way the app is built from the environment and passes the production start checks
first, so no server can run it without a secret key or with the debugger on.
"""

from __future__ import annotations

from flask import Flask

from reviewer import create_app
from reviewer.service.startup import require_production_config


def build_production_app() -> Flask:
    """The app from the environment, refused (ConfigError) when it would be unsafe to serve."""
    app = create_app()
    require_production_config(app)
    return app


# Built on import, once per server process (gunicorn imports it in each worker, after the fork).
# `application` is the name mod_wsgi looks for.
app = application = build_production_app()
