"""reviewer: checks continuing-education evidence for professional recertification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, flash, g, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from reviewer import config as config_module
from reviewer.extensions import csrf, db, login_manager, migrate
from reviewer.sessions import HttpsAwareSessionInterface
from workers.pipeline import PIPELINE_VERSION

_ROOT = Path(__file__).resolve().parent.parent

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `test_config` replaces the environment entirely where it sets a key."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(_ROOT / "templates"),
                static_folder=str(_ROOT / "static"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
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
    # A request may carry several files; each is still checked against MAX_UPLOAD_BYTES on its own.
    app.config.setdefault("MAX_CONTENT_LENGTH",
                          int(app.config["MAX_UPLOAD_BYTES"]) * int(app.config["MAX_FILES_PER_UPLOAD"]) + 2**20)
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # The web app, the worker and the sweeper share the file: wait for locks instead of failing.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 30}})
    db.init_app(app)
    with app.app_context():
        _sqlite_wal(app)
    migrate.init_app(app, db, directory=str(_ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    app.session_interface = HttpsAwareSessionInterface()
    _register_blueprints(app)
    _register_handlers(app)
    return app


def _sqlite_wal(app: Flask) -> None:
    """WAL lets readers and one writer work at once on SQLite."""
    if db.engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(db.engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from reviewer.blueprints import admin, api, applicant, auth, staff
    app.register_blueprint(auth.bp)
    app.register_blueprint(applicant.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    csrf.exempt(api.bp)

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
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return render_template("error.html", title="The form expired",
                               message="The page was open too long or came from elsewhere; reload it and try again."), 400

    @app.errorhandler(403)
    def forbidden(_: Exception) -> tuple[str, int]:
        return render_template("error.html", title="Not allowed", message="This page is for staff."), 403

    @app.errorhandler(404)
    def not_found(_: Exception) -> tuple[str, int]:
        return render_template("error.html", title="Not found", message="There is nothing here."), 404

    @app.errorhandler(413)
    def too_large(_: Exception) -> Response:
        limit = app.config["MAX_UPLOAD_BYTES"] / 2**20
        flash(f"Not uploaded: the upload is larger than the limit ({limit:.0f} MiB per file).", "error")
        return redirect(url_for("applicant.dashboard"))

    @app.context_processor
    def inject_user() -> dict[str, Any]:
        return {"user": current_user}
