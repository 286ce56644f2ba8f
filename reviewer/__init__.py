"""reviewer: checks continuing-education evidence for professional recertification."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from reviewer import config as config_module
from reviewer.assets import asset_dir
from reviewer.extensions import csrf, db, login_manager, migrate
from reviewer.review.search import include_in_autogenerate
from reviewer.web import wording
from reviewer.web.api_errors import api_error
from reviewer.web.sessions import HttpsAwareSessionInterface
from reviewer.web.upload_stream import UploadRequest
from workers.flags import label as flag_label
from workers.json_io import load_json
from workers.pipeline import PIPELINE_VERSION

PAGE_ERRORS = {
    400: ("Not understood", "The address or the form sent something this page cannot use."),
    403: ("Not allowed", "You may not open this page."),  # the guard that refused says whom it is for
    404: ("Not found", "There is nothing here."),
    405: ("Not allowed", "This address does not take that kind of request."),
    429: ("Too many requests", "Too many requests from here; wait a minute and try again."),
    500: ("Something went wrong", "Something went wrong on our side; it has been logged. Try again in a minute."),
}
API_ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                   405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_type",
                   422: "invalid", 429: "rate_limited"}

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in every route: at most a 64-bit integer, so an absurd id is a 404, not an OverflowError
    from the database driver."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `test_config` replaces the environment entirely where it sets a key."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(asset_dir("templates")),
                static_folder=str(asset_dir("static")))
    try:  # the demo's SQLite file and storage live there; a production host under ProtectSystem=strict
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # (read-only code) uses neither
    except OSError:
        pass
    app.config.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'reviewer.sqlite'}",
        STORAGE_DIR=str(Path(app.instance_path) / "storage"),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax",
    )
    app.config.update(config_module.from_env())
    demo_redis = Path(app.instance_path) / "redis.sock"
    if not app.config["REDIS_URL_GIVEN"] and demo_redis.is_socket():
        # `make demo` is running its private redis-server: other `reviewer` commands use it too.
        app.config["REDIS_URL"] = f"unix://{demo_redis}"
    if test_config:
        app.config.update(test_config)
    if app.config.get("TESTING") and not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
    if int(app.config.get("PROXY_HOPS") or 0) > 0:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.url_map.converters["int"] = DatabaseIdConverter
    # File parts are spooled to disk and cut at MAX_UPLOAD_BYTES as they arrive; MAX_CONTENT_LENGTH (from
    # config.from_env) bounds the whole request. (Flask's default for it is None, so a setdefault never applied.)
    app.request_class = UploadRequest
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app.config)
    db.init_app(app)
    with app.app_context():
        _connection_settings(app)
    # Autogenerate ignores the search table: not a model, its shape differs by database (reviewer/review/search.py).
    migrate.init_app(app, db, directory=str(asset_dir("migrations")), include_name=include_in_autogenerate)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    csrf.init_app(app)
    app.session_interface = HttpsAwareSessionInterface()
    _register_blueprints(app)
    _register_handlers(app)
    return app


def _engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's options: what the configuration gives, over these defaults."""
    options: dict[str, Any] = {"json_deserializer": load_json}
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # The web app, the worker and the sweeper share the file: wait for locks instead of failing.
        options["connect_args"] = {"timeout": 30}
    return {**options, **(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}


# What every new database connection is told first, per database.
_CONNECTION_SETTINGS = {
    # WAL lets readers and one writer work at once on SQLite.
    "sqlite": ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON"),
    # No parallel plans on PostgreSQL: every statement here is a short indexed read or write, most with a
    # LIMIT, and a parallel plan starts worker processes for each one. The queue searched for a common word
    # took 20 ms in a Gather Merge over two workers and 0.6 ms walking the index in one process, at
    # 1,000,000 documents. A SET, not a startup option, which a connection pooler may refuse.
    "postgresql": ("SET max_parallel_workers_per_gather = 0",),
}


def _connection_settings(app: Flask) -> None:
    """Apply `_CONNECTION_SETTINGS` to each connection the engine opens."""
    settings = _CONNECTION_SETTINGS.get(db.engine.dialect.name, ())
    if not settings:
        return
    from sqlalchemy import event

    # psycopg opens a transaction for the SET: ended here, so the session's own starts clean.
    ends_transaction = db.engine.dialect.name == "postgresql"

    @event.listens_for(db.engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        for statement in settings:
            cursor.execute(statement)
        cursor.close()
        if ends_transaction:
            dbapi_connection.commit()


def _register_blueprints(app: Flask) -> None:
    from reviewer.web.blueprints import account, admin, api, applicant, auth, outbox, staff
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(outbox.bp)
    app.register_blueprint(applicant.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    from reviewer.web.blueprints import admin_audit, admin_people, admin_programs
    for admin_pages in (admin_people.bp, admin_programs.bp, admin_audit.bp):  # users, enrolment, programs, audit
        app.register_blueprint(admin_pages)
    from reviewer.web.blueprints import renewals
    app.register_blueprint(renewals.bp)  # staff review submitted cycles
    from reviewer.web.blueprints import admin_cycles
    app.register_blueprint(admin_cycles.bp)  # cycle outcomes and one cycle's actions
    from reviewer.web.blueprints.health import bp as health_bp
    app.register_blueprint(health_bp)  # /healthz (liveness) and /readyz (readiness): no login
    from reviewer.service.metrics import bp as metrics_bp
    app.register_blueprint(metrics_bp)  # /metrics for Prometheus: a token or addresses, else 404
    csrf.exempt(api.bp)
    app.add_template_filter(flag_label, "flag_label")  # staff's words for a flag code (workers/flags.py)
    wording.register(app)  # figures rounded with their units, and flags in an applicant's words

    @app.get("/about")
    def about() -> str:
        """What this service is and which extractor version it runs."""
        return render_template("index.html", pipeline_version=PIPELINE_VERSION,
                               limits=config_module.limits_from(app.config))


def _register_handlers(app: Flask) -> None:
    @app.before_request
    def fresh_request_state() -> None:
        """A request never inherits the signed-in user or CSRF token of an app context it runs inside (a
        script or test that holds one open): Flask-Login and Flask-WTF cache both on `g`, which such a
        context shares between requests."""
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        hsts = int(app.config.get("HSTS_SECONDS") or 0)
        if hsts and request.is_secure:
            # Only over HTTPS (RFC 6797 §7.2); behind a TLS-terminating proxy, PROXY_HOPS makes it so.
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return render_template("error.html", title="The form expired",
                               message="The page was open too long or came from elsewhere; "
                                       "reload it and try again."), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[Any, int]:
        """JSON for the API, whatever went wrong (an unknown route or method too); pages for people."""
        status = error.code or 500
        if request.path.startswith("/api/"):
            return api_error(status, API_ERROR_CODES.get(status, "http_error"),
                             error.description or "The request failed.")
        if status == 413:
            total, each = (int(app.config[key] or 0) / 2**20 for key in ("MAX_CONTENT_LENGTH", "MAX_UPLOAD_BYTES"))
            flash(f"Not uploaded: the files together are larger than the limit of {total:.0f} MiB "
                  f"({each:.0f} MiB per file).", "error")
            return redirect(url_for("applicant.dashboard"))
        if status in PAGE_ERRORS:
            title, message = PAGE_ERRORS[status]
            if error.description and error.description != type(error).description:  # words given to abort()
                message = error.description
            return render_template("error.html", title=title, message=message), status
        return error.get_response()

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response | tuple[Any, int]:
        """A bug: logged with its traceback; the API still answers in JSON, without the details."""
        if not request.path.startswith("/api/"):
            raise error  # Flask's own handling: a 500 page, or the traceback in tests
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return api_error(500, "internal_error", "Something went wrong on our side; it has been logged.")

    @app.context_processor
    def inject_user() -> dict[str, Any]:
        return {"user": current_user}
