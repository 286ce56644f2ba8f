"""The RQ entry point that sends one outbox row (enqueued by reviewer.queue.enqueue_mail).

Thin, like workers/jobs.py: it takes the row's id, never a message, so a job that waited in Redis sends
what the database holds now (a row sent meanwhile is skipped). The work is reviewer.mail.send_outbound.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context

_worker_app: Flask | None = None


def _app() -> Flask:
    """The app of the current context (tests, SimpleWorker), or one made once per worker process."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        from reviewer import create_app
        _worker_app = create_app()
    return _worker_app


def send_outbound_mail(mail_id: int) -> dict[str, Any]:
    """Make one attempt at sending outbox row `mail_id`; failures are recorded on the row, not raised."""
    from reviewer.mail import send_outbound
    with _app().app_context():
        return {"mail_id": mail_id, "status": send_outbound(mail_id)}
