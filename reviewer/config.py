"""Configuration: the one place that reads environment variables.

Everything else receives settings through `app.config` (and the pipeline through a `Limits` built from
it), so tests can set any value explicitly and nothing changes behind their back.
"""

from __future__ import annotations

import os
from typing import Any

from workers.limits import Limits

_DEFAULTS = Limits()


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def from_env() -> dict[str, Any]:
    """Settings from the environment, with defaults that suit the embedded demo."""
    settings: dict[str, Any] = {
        "SECRET_KEY": os.environ.get("REVIEWER_SECRET_KEY", "dev-only-not-secret"),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "MAX_UPLOAD_BYTES": _int("REVIEWER_MAX_UPLOAD_BYTES", _DEFAULTS.max_bytes),
        "MAX_PAGES": _int("REVIEWER_MAX_PAGES", _DEFAULTS.max_pages),
        "MAX_IMAGE_PIXELS": _int("REVIEWER_MAX_IMAGE_PIXELS", _DEFAULTS.max_image_pixels),
        "MAX_INFLATED_BYTES": _int("REVIEWER_MAX_INFLATED_BYTES", _DEFAULTS.max_inflated_bytes),
        "DOCUMENT_TIMEOUT_SECONDS": _float("REVIEWER_DOCUMENT_TIMEOUT", _DEFAULTS.timeout_seconds),
        "OCR_TIMEOUT_SECONDS": _float("REVIEWER_OCR_TIMEOUT", _DEFAULTS.ocr_timeout_seconds),
        "PIPELINE_MEMORY_BYTES": _int("REVIEWER_PIPELINE_MEMORY_BYTES", _DEFAULTS.max_memory_bytes),
        "OCR_DPI": _int("REVIEWER_OCR_DPI", _DEFAULTS.ocr_dpi),
        "OCR_LANGUAGE": os.environ.get("REVIEWER_OCR_LANGUAGE", _DEFAULTS.ocr_language),
    }
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        settings["SQLALCHEMY_DATABASE_URI"] = database_url
    return settings


def limits_from(config: dict[str, Any]) -> Limits:
    """The pipeline's limits from an app's config."""
    return Limits(
        max_bytes=int(config["MAX_UPLOAD_BYTES"]),
        max_pages=int(config["MAX_PAGES"]),
        max_image_pixels=int(config["MAX_IMAGE_PIXELS"]),
        max_inflated_bytes=int(config["MAX_INFLATED_BYTES"]),
        timeout_seconds=float(config["DOCUMENT_TIMEOUT_SECONDS"]),
        ocr_timeout_seconds=float(config["OCR_TIMEOUT_SECONDS"]),
        max_memory_bytes=int(config["PIPELINE_MEMORY_BYTES"]),
        ocr_dpi=int(config["OCR_DPI"]),
        ocr_language=str(config["OCR_LANGUAGE"]),
    )
