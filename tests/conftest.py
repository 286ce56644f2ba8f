"""Shared fixtures: an app with explicit config, its CLI runner, limits, and the sample set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from reviewer import create_app
from workers.checks import CheckContext
from workers.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}"})


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def limits() -> Limits:
    return Limits()


@pytest.fixture
def ctx() -> CheckContext:
    return CheckContext(as_of=date(2026, 11, 1), window_years=3)


@pytest.fixture
def samples() -> Path:
    return SAMPLES
