"""reviewer: checks continuing-education evidence for professional recertification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template

from reviewer import config as config_module
from reviewer.extensions import db, migrate
from workers.pipeline import PIPELINE_VERSION

_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `test_config` replaces the environment entirely where it sets a key."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(_ROOT / "templates"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'reviewer.sqlite'}"
    app.config.update(config_module.from_env())
    if test_config:
        app.config.update(test_config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_ROOT / "migrations"))

    @app.get("/")
    def index() -> str:
        """What this service is and which extractor version it runs."""
        return render_template("index.html", pipeline_version=PIPELINE_VERSION,
                               limits=config_module.limits_from(app.config))

    return app
