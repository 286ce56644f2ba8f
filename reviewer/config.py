"""Configuration: the one place that reads environment variables.

Everything else receives settings through `app.config` (and the pipeline through a `Limits` built from
it), so tests can set any value explicitly and nothing changes behind their back.
"""

from __future__ import annotations

import os
from typing import Any

from workers.runtime.limits import Limits

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
        # No fallback: a fixed default would let anyone forge a session (reviewer/service/startup.py refuses to
        # start a server or worker without one; tests and the demo make their own).
        "SECRET_KEY": os.environ.get("REVIEWER_SECRET_KEY") or None,
        # Earlier keys, comma-separated, still accepted for sessions and set-password links (Flask's
        # SECRET_KEY_FALLBACKS): rotate by moving the old key here, then drop it once the sessions signed
        # with it have expired (31 days, Flask's PERMANENT_SESSION_LIFETIME; its links expire sooner).
        "SECRET_KEY_FALLBACKS": [key.strip() for key in os.environ.get("REVIEWER_SECRET_KEY_FALLBACKS", "").split(",")
                                 if key.strip()],
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none, trust no
        # such header). Sign-in limits key on the client address, and cookies are Secure over HTTPS.
        "PROXY_HOPS": _int("REVIEWER_PROXY_HOPS", 0),
        # Strict-Transport-Security max-age sent on HTTPS responses (0 turns the header off).
        "HSTS_SECONDS": _int("REVIEWER_HSTS_SECONDS", 365 * 86400),
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "REDIS_URL_GIVEN": bool(os.environ.get("REDIS_URL")),
        # REVIEWER_ENV=production: serve, worker and check refuse what only a demo may use (SQLite, a Redis
        # or public address nobody chose); reviewer/service/startup.py says which.
        "PRODUCTION": (os.environ.get("REVIEWER_ENV") or "").strip().lower() == "production",
        # /metrics (Prometheus): off unless a bearer token or client addresses (comma-separated) are set.
        "METRICS_TOKEN": os.environ.get("REVIEWER_METRICS_TOKEN") or None,
        "METRICS_ALLOW": [a.strip() for a in os.environ.get("REVIEWER_METRICS_ALLOW", "").split(",") if a.strip()],
        "MAX_UPLOAD_BYTES": _int("REVIEWER_MAX_UPLOAD_BYTES", _DEFAULTS.max_bytes),
        "MAX_PAGES": _int("REVIEWER_MAX_PAGES", _DEFAULTS.max_pages),
        "MAX_IMAGE_PIXELS": _int("REVIEWER_MAX_IMAGE_PIXELS", _DEFAULTS.max_image_pixels),
        "MAX_INFLATED_BYTES": _int("REVIEWER_MAX_INFLATED_BYTES", _DEFAULTS.max_inflated_bytes),
        "MAX_PAGE_CONTENT_BYTES": _int("REVIEWER_MAX_PAGE_CONTENT_BYTES", _DEFAULTS.max_page_content_bytes),
        "DOCUMENT_TIMEOUT_SECONDS": _float("REVIEWER_DOCUMENT_TIMEOUT", _DEFAULTS.timeout_seconds),
        "OCR_TIMEOUT_SECONDS": _float("REVIEWER_OCR_TIMEOUT", _DEFAULTS.ocr_timeout_seconds),
        "PIPELINE_MEMORY_BYTES": _int("REVIEWER_PIPELINE_MEMORY_BYTES", _DEFAULTS.max_memory_bytes),
        "OCR_DPI": _int("REVIEWER_OCR_DPI", _DEFAULTS.ocr_dpi),
        "OCR_PIXEL_BUDGET": _int("REVIEWER_OCR_PIXEL_BUDGET", _DEFAULTS.ocr_pixel_budget),
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
        # Seconds a worker's Redis record outlives its last heartbeat (sent every quarter of it). A sweep on
        # another host counts a started job as lost once its worker's record is gone, so this bounds how long
        # a dead peer's document waits (RQ's own default is 420 s plus 60 s of grace).
        "WORKER_TTL": _int("REVIEWER_WORKER_TTL", 20),
        # The host name a worker reports, and that a sweep compares to decide whether a started job's worker
        # is a local process it may check by pid. Set it where hosts share a name but not a process table
        # (containers); by default the machine's own name (reviewer.service.worker.this_host).
        "WORKER_HOSTNAME": os.environ.get("REVIEWER_HOSTNAME") or None,
        # A retry whose time passed this long ago, with no scheduler moving it, is sent again by the sweep.
        "SCHEDULED_GRACE_SECONDS": _int("REVIEWER_SCHEDULED_GRACE", 60),
        # `reviewer serve` (gunicorn, reviewer/service/serve.py): where it listens (host:port or unix:/path, comma-
        # separated for several; loopback, for a TLS proxy in front), worker processes and threads per worker
        # (threads > 1 keep a slow upload from holding a whole process), the seconds a silent worker lives
        # (with 1 thread, the longest request), the seconds a stop waits for requests in flight, idle
        # keep-alive seconds, requests before a worker is replaced (0: never), and the access log ("-":
        # standard output, a path, or "off").
        "WEB_BIND": os.environ.get("REVIEWER_BIND") or "127.0.0.1:8000",
        "WEB_WORKERS": _int("REVIEWER_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9)),
        "WEB_THREADS": _int("REVIEWER_WEB_THREADS", 4),
        "WEB_TIMEOUT_SECONDS": _int("REVIEWER_WEB_TIMEOUT", 60),
        "WEB_GRACEFUL_TIMEOUT_SECONDS": _int("REVIEWER_WEB_GRACEFUL_TIMEOUT", 30),
        "WEB_KEEPALIVE_SECONDS": _int("REVIEWER_WEB_KEEPALIVE", 5),
        "WEB_MAX_REQUESTS": _int("REVIEWER_WEB_MAX_REQUESTS", 1000),
        "WEB_ACCESS_LOG": os.environ.get("REVIEWER_WEB_ACCESS_LOG") or "-",
        # Worker and sweeper log lines: "text" (timestamp, level, logger) or "json" (one object per line).
        "LOG_FORMAT": (os.environ.get("REVIEWER_LOG_FORMAT") or "text").strip().lower(),
        "AUDIT_SAMPLE_RATE": _float("REVIEWER_AUDIT_SAMPLE_RATE", 0.10),
        # Re-processing: documents per job, and how many of a batch's chunks may wait in Redis at once.
        "REPROCESS_CHUNK_SIZE": _int("REVIEWER_REPROCESS_CHUNK_SIZE", 400),
        "REPROCESS_WINDOW": _int("REVIEWER_REPROCESS_WINDOW", 8),
        # How often a chunk whose job died is sent again before its documents are failed.
        "REPROCESS_MAX_RESENDS": _int("REVIEWER_REPROCESS_MAX_RESENDS", 3),
        # The staff queue: rows per page, how long opening a document holds it for its reviewer, and the
        # review target in working days (older waiting documents are marked overdue).
        "QUEUE_PAGE_SIZE": _int("REVIEWER_QUEUE_PAGE_SIZE", 50),
        "CLAIM_MINUTES": _int("REVIEWER_CLAIM_MINUTES", 15),
        # Staying this long on a document's page claims it (passing through with j and k does not).
        "CLAIM_AFTER_SECONDS": _int("REVIEWER_CLAIM_AFTER_SECONDS", 20),
        "REVIEW_TARGET_WORKING_DAYS": _int("REVIEWER_REVIEW_TARGET_WORKING_DAYS", 5),
        # The address people reach the web app at, for links in e-mails.
        "PUBLIC_URL": os.environ.get("REVIEWER_PUBLIC_URL") or "http://127.0.0.1:5000",
        "PUBLIC_URL_GIVEN": bool(os.environ.get("REVIEWER_PUBLIC_URL")),  # else `reviewer demo` sets it from --port
        # How long a set-password or reset link works.
        "PASSWORD_LINK_HOURS": _int("REVIEWER_PASSWORD_LINK_HOURS", 72),
        # The "forgot your password?" form answers after this long whether or not the address has an account.
        "RESET_ANSWER_SECONDS": _float("REVIEWER_RESET_ANSWER_SECONDS", 0.25),
        # Outgoing mail (reviewer/mail/outbox.py). No server: mail is only kept in the outbox (/admin/mail), unsent.
        # TLS is "starttls", "ssl" (implicit TLS) or "none"; the port defaults to 587, 465 or 25 to match.
        "MAIL_SERVER": os.environ.get("REVIEWER_MAIL_SERVER", "").strip(),
        "MAIL_TLS": (os.environ.get("REVIEWER_MAIL_TLS") or "starttls").strip().lower(),
        "MAIL_FROM": os.environ.get("REVIEWER_MAIL_FROM") or "reviewer <no-reply@localhost>",
        "MAIL_USERNAME": os.environ.get("REVIEWER_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("REVIEWER_MAIL_PASSWORD") or None,
        "MAIL_TIMEOUT_SECONDS": _int("REVIEWER_MAIL_TIMEOUT", 30),
        # Attempts before a message is `failed`, and the waits after each failed one (the last repeats):
        # with the defaults a message keeps trying for about 19 hours of mail-server outage.
        "MAIL_MAX_ATTEMPTS": _int("REVIEWER_MAIL_MAX_ATTEMPTS", 10),
        "MAIL_RETRY_SECONDS": [int(x) for x in os.environ.get("REVIEWER_MAIL_RETRY_SECONDS",
                                                              "60,300,900,3600,10800").split(",")],
        "MAX_FILES_PER_UPLOAD": _int("REVIEWER_MAX_FILES_PER_UPLOAD", 20),
        # The largest request body, all files of one upload together; Werkzeug refuses a larger one (413)
        # before reading it. Each file part is spooled to disk and kept only up to MAX_UPLOAD_BYTES.
        "MAX_CONTENT_LENGTH": _int("REVIEWER_MAX_REQUEST_BYTES", 100 * 2**20),
        # Files one applicant may send per rolling hour (0: no limit); beyond it, "rate_limited" (API 429).
        "UPLOADS_PER_HOUR": _int("REVIEWER_UPLOADS_PER_HOUR", 60),
        # Bytes one applicant may store per recertification cycle (0: no limit), "quota_exceeded" (API 429).
        "UPLOAD_QUOTA_BYTES": _int("REVIEWER_UPLOAD_QUOTA_BYTES", 2**30),
        # Days the file of a refused non-document (HTML, SVG…) is kept; the sweep deletes it then (0: for ever).
        "REFUSED_RETENTION_DAYS": _int("REVIEWER_REFUSED_RETENTION_DAYS", 30),
        # Sign-in backoff (reviewer/accounts/login_limits.py): failures per account and address before waits start,
        # and the longest wait; then the failures per account (from any address) and per address (on any
        # account) after which pairs that never signed in successfully wait too. Counted over the window.
        "LOGIN_FREE_FAILURES": _int("REVIEWER_LOGIN_FREE_FAILURES", 5),
        "LOGIN_MAX_BACKOFF_SECONDS": _int("REVIEWER_LOGIN_MAX_BACKOFF_SECONDS", 900),
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": _int("REVIEWER_LOGIN_MAX_FAILURES_PER_ACCOUNT", 20),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("REVIEWER_LOGIN_MAX_FAILURES_PER_ADDRESS", 50),
        "LOGIN_WINDOW_SECONDS": _int("REVIEWER_LOGIN_WINDOW_SECONDS", 900),
        "LOGIN_KNOWN_PAIR_DAYS": _int("REVIEWER_LOGIN_KNOWN_PAIR_DAYS", 90),
    })
    settings["MAIL_PORT"] = _int("REVIEWER_MAIL_PORT", {"ssl": 465, "none": 25}.get(settings["MAIL_TLS"], 587))
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
        max_page_content_bytes=int(config.get("MAX_PAGE_CONTENT_BYTES", _DEFAULTS.max_page_content_bytes)),
        timeout_seconds=float(config["DOCUMENT_TIMEOUT_SECONDS"]),
        ocr_timeout_seconds=float(config["OCR_TIMEOUT_SECONDS"]),
        max_memory_bytes=int(config["PIPELINE_MEMORY_BYTES"]),
        ocr_dpi=int(config["OCR_DPI"]),
        ocr_pixel_budget=int(config.get("OCR_PIXEL_BUDGET", _DEFAULTS.ocr_pixel_budget)),
        ocr_language=str(config["OCR_LANGUAGE"]),
        ocr_languages=tuple(config.get("OCR_LANGUAGES", _DEFAULTS.ocr_languages)),
    )
