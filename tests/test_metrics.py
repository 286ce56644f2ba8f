"""Issue 27, monitoring: /metrics in Prometheus's format, from the database and Redis, open to a token or
addresses only."""

from __future__ import annotations

from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import login, run_worker
from tests.test_workflow import _certificate, _upload


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_metrics_are_off_unless_configured_and_closed_to_others(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = "t" * 40
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer t\u00e9"}).status_code == 403  # not a 500
    assert client.get("/metrics", headers={"Authorization": f"Bearer {'t' * 40}"}).status_code == 200
    app.config.update(METRICS_TOKEN=None, METRICS_ALLOW=["10.0.0.9"])
    assert client.get("/metrics").status_code == 403  # the test client comes from 127.0.0.1
    app.config["METRICS_ALLOW"] = ["127.0.0.1"]
    assert client.get("/metrics").status_code == 200


def test_metrics_count_documents_queues_and_mail(app: Flask, applicant, staff) -> None:
    app.config["METRICS_ALLOW"] = ["127.0.0.1"]
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("a.pdf", _certificate()), ("b.pdf", _certificate(name="Bob Stone", title="Lean"))])
    before = _samples(app.test_client().get("/metrics").get_data(as_text=True))
    assert before[("reviewer_documents", (("status", "queued"),))] == 2
    # Every status and mail state is there at 0 too, so an alert rule on `> 0` sees the series before it fires.
    assert before[("reviewer_documents", (("status", "failed"),))] == 0
    assert before[("reviewer_mail", (("status", "failed"),))] == 0
    assert before[("reviewer_queue_jobs", (("queue", "extraction"), ("state", "queued")))] == 2
    assert before[("reviewer_redis_up", ())] == 1
    run_worker(app)
    response = app.test_client().get("/metrics")
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    after = _samples(response.get_data(as_text=True))
    assert after[("reviewer_documents", (("status", "accepted"),))] == 1
    assert after[("reviewer_documents", (("status", "needs_review"),))] == 1
    assert after[("reviewer_queue_jobs", (("queue", "extraction"), ("state", "queued")))] == 0
    assert after[("reviewer_extractions_last_hour", ())] == 2
    assert after[("reviewer_extraction_seconds_last_hour", ())] > 0
    assert after[("reviewer_sweep_recoveries_total", ())] == 0
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    down = _samples(app.test_client().get("/metrics").get_data(as_text=True))
    assert down[("reviewer_redis_up", ())] == 0 and down[("reviewer_documents", (("status", "accepted"),))] == 1
