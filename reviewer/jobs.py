"""Every RQ entry point, in one place and thin: each takes ids, finds the app, and calls the module that
does the work (`extraction`, `reprocessing`, `mail`).

Jobs are enqueued by `reviewer/queue.py`, which names them by these paths. They take ids, never objects
or messages, so a job that waited in Redis works on what the database holds when it runs. Keyword
arguments have defaults, so jobs already in Redis still run after a deploy that adds one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context

from reviewer.documents.extraction import extract
from reviewer.mail.outbox import send_outbound
from reviewer.reprocessing.chunks import run_chunk

_worker_app: Flask | None = None


def _app() -> Flask:
    """The app of the current context (tests, SimpleWorker), or one made once per worker process."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        from reviewer import create_app  # the package imports its blueprints: made only where no app is
        _worker_app = create_app()
    return _worker_app


def extract_document(document_id: int, version: int = 1) -> dict[str, Any]:
    """Read one document and store extraction `version` of it."""
    return extract(_app(), document_id, version)


def reprocess_chunk(batch_id: int, chunk: int) -> dict[str, Any]:
    """Run one chunk of a re-processing batch."""
    return run_chunk(_app(), batch_id, chunk)


def send_outbound_mail(mail_id: int) -> dict[str, Any]:
    """Make one attempt at sending outbox row `mail_id`; failures are recorded on the row, not raised."""
    with _app().app_context():
        return {"mail_id": mail_id, "status": send_outbound(mail_id)}
