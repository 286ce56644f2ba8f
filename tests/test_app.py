"""The app factory: explicit config wins over the environment, and the home page renders."""

from flask import Flask

from reviewer import create_app
from workers.pipeline import PIPELINE_VERSION


def test_config_is_explicit(tmp_path, redis_url) -> None:
    app = create_app({"TESTING": True, "MAX_PAGES": 3, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    assert app.config["MAX_PAGES"] == 3
    assert app.config["TESTING"] is True


def test_home_page_names_the_extractor(app: Flask) -> None:
    page = app.test_client().get("/about")
    assert page.status_code == 200
    assert b"Pipeline version" in page.data and PIPELINE_VERSION.encode() in page.data
