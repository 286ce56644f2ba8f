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


def _codes(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = os.environ.get(name)
    return default if raw is None else tuple(code.strip() for code in raw.split(",") if code.strip())


def from_env() -> dict[str, Any]:
    """Settings from the environment, with defaults that suit the embedded demo."""
    settings: dict[str, Any] = {
        "SECRET_KEY": os.environ.get("REVIEWER_SECRET_KEY", "dev-only-not-secret"),
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "REDIS_URL_GIVEN": bool(os.environ.get("REDIS_URL")),
        "MAX_UPLOAD_BYTES": _int("REVIEWER_MAX_UPLOAD_BYTES", _DEFAULTS.max_bytes),
        "MAX_PAGES": _int("REVIEWER_MAX_PAGES", _DEFAULTS.max_pages),
        "MAX_IMAGE_PIXELS": _int("REVIEWER_MAX_IMAGE_PIXELS", _DEFAULTS.max_image_pixels),
        "MAX_INFLATED_BYTES": _int("REVIEWER_MAX_INFLATED_BYTES", _DEFAULTS.max_inflated_bytes),
        "DOCUMENT_TIMEOUT_SECONDS": _float("REVIEWER_DOCUMENT_TIMEOUT", _DEFAULTS.timeout_seconds),
        "OCR_TIMEOUT_SECONDS": _float("REVIEWER_OCR_TIMEOUT", _DEFAULTS.ocr_timeout_seconds),
        "PIPELINE_MEMORY_BYTES": _int("REVIEWER_PIPELINE_MEMORY_BYTES", _DEFAULTS.max_memory_bytes),
        "OCR_DPI": _int("REVIEWER_OCR_DPI", _DEFAULTS.ocr_dpi),
        "OCR_LANGUAGE": os.environ.get("REVIEWER_OCR_LANGUAGE", _DEFAULTS.ocr_language),
        # Comma-separated Tesseract models a non-English page may be read again with ("" for none).
        "OCR_LANGUAGES": _codes("REVIEWER_OCR_LANGUAGES", _DEFAULTS.ocr_languages),
    }
    settings.update({
        "JOB_TIMEOUT_SECONDS": _int("REVIEWER_JOB_TIMEOUT", int(settings["DOCUMENT_TIMEOUT_SECONDS"]) + 60),
        "JOB_RESULT_TTL": _int("REVIEWER_JOB_RESULT_TTL", 3600),
        "JOB_FAILURE_TTL": _int("REVIEWER_JOB_FAILURE_TTL", 7 * 86400),
        "JOB_RETRIES": _int("REVIEWER_JOB_RETRIES", 3),
        "JOB_RETRY_INTERVALS": [int(x) for x in os.environ.get("REVIEWER_JOB_RETRY_INTERVALS", "10,60,300").split(",")],
        "SWEEP_INTERVAL_SECONDS": _int("REVIEWER_SWEEP_INTERVAL", 60),
        "AUDIT_SAMPLE_RATE": _float("REVIEWER_AUDIT_SAMPLE_RATE", 0.10),
        # Re-processing: documents per job, and how many of a batch's chunks may wait in Redis at once.
        "REPROCESS_CHUNK_SIZE": _int("REVIEWER_REPROCESS_CHUNK_SIZE", 100),
        "REPROCESS_WINDOW": _int("REVIEWER_REPROCESS_WINDOW", 8),
        # How often a chunk whose job died is sent again before its documents are failed.
        "REPROCESS_MAX_RESENDS": _int("REVIEWER_REPROCESS_MAX_RESENDS", 3),
        "MAX_FILES_PER_UPLOAD": _int("REVIEWER_MAX_FILES_PER_UPLOAD", 20),
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": _int("REVIEWER_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("REVIEWER_LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
        "LOGIN_WINDOW_SECONDS": _int("REVIEWER_LOGIN_WINDOW_SECONDS", 900),
    })
    if os.environ.get("REVIEWER_STORAGE_DIR"):
        settings["STORAGE_DIR"] = os.environ["REVIEWER_STORAGE_DIR"]
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        settings["SQLALCHEMY_DATABASE_URI"] = database_url
    return settings


def child_env(**overrides: str) -> dict[str, str]:
    """The environment for a child process of ours (worker, sweeper), with some settings replaced."""
    return {**os.environ, **overrides}


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
        ocr_languages=tuple(config.get("OCR_LANGUAGES", _DEFAULTS.ocr_languages)),
    )
