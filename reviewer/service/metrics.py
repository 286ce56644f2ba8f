"""`/metrics` in Prometheus's text format, for an operator's monitoring: open to one token or addresses.

Every figure is read at scrape time from the record of truth (the database) and from Redis, not counted
in one process: a deployment has several web and worker processes on several hosts, and any of them can
answer the scrape with the same numbers. What it shows, and what to alert on:

- documents by status (a growing `queued` or `processing` means the workers are behind or stopped);
- the queues' jobs waiting, running, failed and scheduled for a retry, per queue (`extraction`, `mail`);
- extractions of the last hour, their total and slowest reading time;
- the sweep's recoveries so far (documents whose worker died mid-job and that it sent again);
- the outbox's mail by status (`failed` means a mail server refused them for good).

It answers 404 unless REVIEWER_METRICS_TOKEN (sent as `Authorization: Bearer …`) or REVIEWER_METRICS_ALLOW
(client addresses, comma-separated) is set, and 403 to anyone else.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from datetime import timedelta

from flask import Blueprint, abort, current_app, request
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from redis.exceptions import RedisError
from rq import Queue
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from werkzeug.wrappers import Response

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, Extraction, OutboundMail
from reviewer.models.base import utcnow
from reviewer.models.mail import MAIL_STATUSES
from reviewer.queue import MAIL_QUEUE_NAME, QUEUE_NAME, probe_connection

bp = Blueprint("metrics", __name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class ReviewerCollector(Collector):
    """One scrape's figures, read when Prometheus asks."""

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        documents = GaugeMetricFamily("reviewer_documents", "Documents by status.", labels=["status"])
        # Every status, counted or 0: an alert on a series that exists only once it is non-zero never fires
        # from "absent" to "present" the way a rule on `> 0` expects.
        by_status = {str(s): n for s, n in db.session.execute(
            db.select(Document.status, db.func.count(Document.id)).group_by(Document.status))}
        for status in DocumentStatus:
            documents.add_metric([status.value], by_status.get(status.value, 0))
        yield documents
        since = utcnow() - timedelta(hours=1)
        count, total, slowest = db.session.execute(
            db.select(db.func.count(Extraction.id), db.func.coalesce(db.func.sum(Extraction.seconds), 0.0),
                      db.func.coalesce(db.func.max(Extraction.seconds), 0.0))
            .where(Extraction.created_at >= since)).one()
        yield GaugeMetricFamily("reviewer_extractions_last_hour", "Extractions stored in the last hour.", count)
        yield GaugeMetricFamily("reviewer_extraction_seconds_last_hour",
                                "Total reading time of the last hour's extractions, in seconds.", float(total))
        yield GaugeMetricFamily("reviewer_extraction_seconds_slowest_last_hour",
                                "The slowest extraction of the last hour, in seconds.", float(slowest))
        recovered = db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "requeued"))
        yield CounterMetricFamily("reviewer_sweep_recoveries", "Documents the sweep sent again after their "
                                  "worker stopped mid-job.", value=int(recovered or 0))
        mail = GaugeMetricFamily("reviewer_mail", "Outbox messages by status.", labels=["status"])
        by_mail = {str(s): n for s, n in db.session.execute(
            db.select(OutboundMail.status, db.func.count(OutboundMail.id)).group_by(OutboundMail.status))}
        for mail_status in MAIL_STATUSES:
            mail.add_metric([mail_status], by_mail.get(mail_status, 0))
        yield mail
        db.session.rollback()  # a scrape holds no transaction open
        yield from _queue_metrics()


def _queue_metrics() -> Iterator[GaugeMetricFamily]:
    jobs = GaugeMetricFamily("reviewer_queue_jobs", "RQ jobs by queue and state.", labels=["queue", "state"])
    up = GaugeMetricFamily("reviewer_redis_up", "1 when Redis answered this scrape.")
    try:
        # /readyz's probe connection: during a Redis outage the queue's own (10 s, retried) would make the
        # scrape time out and lose the database's figures too.
        connection = probe_connection()
        for name in (QUEUE_NAME, MAIL_QUEUE_NAME):
            queue = Queue(name, connection=connection, serializer=JSONSerializer)
            jobs.add_metric([queue.name, "queued"], queue.count)
            for state, registry in (("started", StartedJobRegistry), ("failed", FailedJobRegistry),
                                    ("scheduled", ScheduledJobRegistry)):
                jobs.add_metric([queue.name, state], registry(queue=queue, connection=connection).count)
        up.add_metric([], 1)
    except (RedisError, OSError):
        up.add_metric([], 0)
    yield jobs
    yield up


def _allowed() -> bool:
    """The configured token, or one of the configured addresses (after the proxy, see PROXY_HOPS)."""
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    addresses = set(current_app.config.get("METRICS_ALLOW") or [])
    if not token and not addresses:
        abort(404)
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):  # bytes: any header, no TypeError
        return True
    return request.remote_addr in addresses


@bp.get("/metrics")
def metrics() -> Response:
    if not _allowed():
        abort(403, "The metrics are open to the configured token or addresses only.")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ReviewerCollector())
    response = Response(generate_latest(registry), mimetype=None, content_type=CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response
