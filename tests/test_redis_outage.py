"""Redis stops while applicants upload: uploads still succeed (documents wait `queued`), and after Redis
comes back the running worker's periodic sweep finishes every document, with no manual step. And a retry
that was waiting when Redis restarted runs as soon as it is due: the worker brings its scheduler back."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis

from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from tests.conftest import _free_port, create_user, csrf_from, login, make_app
from tests.test_workflow import _certificate


def _redis(port: int, workdir: Path, persist: bool = False) -> subprocess.Popen[bytes]:
    """A redis-server on `port`; with `persist`, an append-only file in `workdir` keeps data over restarts."""
    process = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
                                "127.0.0.1", "--save", "", "--appendonly", "yes" if persist else "no",
                                "--appendfsync", "always", "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            if Redis(port=port).ping():
                return process
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


@pytest.mark.slow
def test_uploads_survive_a_redis_outage(tmp_path: Path) -> None:
    port = _free_port()
    redis_process = _redis(port, tmp_path)
    app = make_app(tmp_path, f"redis://127.0.0.1:{port}/0")
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_SWEEP_INTERVAL="1",
                    REVIEWER_JOB_RETRY_INTERVALS="1", REVIEWER_AUDIT_SAMPLE_RATE="0", PYTHONUNBUFFERED="1")
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env, stdout=log, stderr=log)
    try:
        with app.app_context():
            create_user("ann@example.org", "Ann Lee")
            client = app.test_client()
            login(client, "ann@example.org")
            token = csrf_from(client, "/")
            for _ in range(300):  # the worker is up and listening before Redis goes away
                if Redis(port=port).keys("rq:worker:*"):
                    break
                time.sleep(0.1)
            redis_process.terminate()
            redis_process.wait(timeout=10)
            for n in range(3):
                page = client.post("/documents", content_type="multipart/form-data", follow_redirects=True,
                                   data={"csrf_token": token,
                                         "files": [(io.BytesIO(_certificate(title=f"Course {n} Basics")), f"{n}.pdf")]})
                assert page.status_code == 200 and f"{n}.pdf uploaded" in page.get_data(as_text=True)
            statuses = db.session.scalars(db.select(Document.status)).all()
            assert statuses == [DocumentStatus.QUEUED] * 3
            db.session.remove()
            time.sleep(2)
            redis_process = _redis(port, tmp_path)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                db.session.expire_all()
                statuses = db.session.scalars(db.select(Document.status)).all()
                if all(s == DocumentStatus.ACCEPTED for s in statuses):
                    break
                time.sleep(0.5)
            assert statuses == [DocumentStatus.ACCEPTED] * 3
            db.session.remove()
            db.engine.dispose()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        redis_process.terminate()
        redis_process.wait(timeout=10)


@pytest.mark.slow
def test_a_retry_waiting_over_a_redis_restart_runs_when_due(tmp_path: Path) -> None:
    """RQ's scheduler process dies on the first Redis error and RQ would start it again only at its
    10-minute maintenance; the retry would sit `scheduled` and the document `processing` all that time.
    The sweep is slowed to once an hour here, so only the revived scheduler can send the retry."""
    from rq.job import Job, JobStatus
    from rq.serializers import JSONSerializer

    from reviewer.documents.storage import BlobStore
    from reviewer.queue import job_id
    port = _free_port()
    redis_process = _redis(port, tmp_path, persist=True)
    app = make_app(tmp_path, f"redis://127.0.0.1:{port}/0", JOB_RETRY_INTERVALS=[5])  # the upload enqueues
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_SWEEP_INTERVAL="3600",
                    REVIEWER_JOB_RETRY_INTERVALS="5", REVIEWER_AUDIT_SAMPLE_RATE="0", PYTHONUNBUFFERED="1")
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    worker = None
    try:
        with app.app_context():
            create_user("ann@example.org", "Ann Lee")
            client = app.test_client()
            login(client, "ann@example.org")
            client.post("/documents", content_type="multipart/form-data", data={
                "csrf_token": csrf_from(client, "/"), "files": [(io.BytesIO(_certificate()), "a.pdf")]})
            document = db.session.scalars(db.select(Document)).one()
            jid = job_id(document.id, 1)
            blob = BlobStore(app.config["STORAGE_DIR"]).path_for(document.sha256)
            away = blob.with_name("away")
            blob.rename(away)  # the first run fails (FileNotFoundError) and RQ schedules a retry in 5 s
            db.session.remove()
            worker = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env, stdout=log,
                                      stderr=log)
            connection = Redis(port=port)
            deadline = time.monotonic() + 60
            while Job.fetch(jid, connection=connection, serializer=JSONSerializer).get_status() \
                    != JobStatus.SCHEDULED:
                assert time.monotonic() < deadline, "the first run never failed into a scheduled retry"
                time.sleep(0.1)
            away.rename(blob)
            redis_process.terminate()
            redis_process.wait(timeout=10)
            time.sleep(8)  # longer than redis-py's own reconnection retries: the scheduler process dies
            redis_process = _redis(port, tmp_path, persist=True)
            back = time.monotonic()
            status = None
            while time.monotonic() < back + 30:
                db.session.expire_all()
                status = db.session.scalars(db.select(Document.status)).one()
                if status == DocumentStatus.ACCEPTED:
                    break
                time.sleep(0.25)
            waited = time.monotonic() - back
            db.session.remove()
            db.engine.dispose()
            output = log_path.read_text(errors="replace")
            assert status == DocumentStatus.ACCEPTED, output[-3000:]
            assert "scheduler process" in output and "replaced by" in output, output[-3000:]
            print(f"retry ran {waited:.1f} s after Redis came back")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        log.close()
        redis_process.terminate()
        redis_process.wait(timeout=10)


def test_a_worker_outlives_redis_going_away_between_jobs(tmp_path: Path) -> None:
    """RQ's loop quits on any Redis error outside its dequeue: an outage that began while the worker cleaned
    its registries, checked for `rq suspend` or beat after a job stopped it for good (seen in the suite
    under load). Each of those steps now waits for the next turn instead."""
    from rq import Queue
    from rq.serializers import JSONSerializer

    from reviewer.service.worker import make_worker
    port = _free_port()
    redis_process = _redis(port, tmp_path)
    worker = make_worker(Queue("extraction", connection=Redis(port=port), serializer=JSONSerializer),
                         {"WORKER_TTL": 20, "WORKER_HOSTNAME": "host-a"})
    worker.register_birth()
    redis_process.terminate()
    redis_process.wait(timeout=10)
    worker.check_for_suspension(burst=False)
    worker.set_state("idle")
    worker.run_maintenance_tasks()
    worker.heartbeat()
    worker.register_death()
    assert worker.last_cleaned_at is None  # the cleaning is still owed, and runs once Redis is back


def test_a_worker_asked_to_stop_does_not_start_its_scheduler_again(tmp_path: Path) -> None:
    """On a warm shutdown RQ stops the scheduler process; a heartbeat before the loop ends saw it gone
    and started a new one, which outlived the worker and held its exit (seen in the suite under load).
    The scheduler is a forked process, so this runs in a fresh interpreter: forking the test session,
    with the threads earlier tests leave behind, can deadlock the child."""
    port = _free_port()
    redis_process = _redis(port, tmp_path)
    script = f"""
from redis import Redis
from rq import Queue
from rq.scheduler import RQScheduler
from rq.serializers import JSONSerializer
from reviewer.service.worker import make_worker
queue = Queue("extraction", connection=Redis(port={port}), serializer=JSONSerializer)
worker = make_worker(queue, {{"WORKER_TTL": 20, "WORKER_HOSTNAME": "host-a"}})
worker._keeps_scheduler = True
worker.scheduler = RQScheduler(worker.queues, connection=queue.connection, serializer=JSONSerializer)
worker._stop_requested = True
worker.revive_scheduler()
print(f"asked to stop: {{worker.scheduler._process is None}}", flush=True)
worker._stop_requested = False
worker.revive_scheduler()
running = worker.scheduler._process is not None and worker.scheduler._process.is_alive()
print(f"running: {{running}}", flush=True)  # one write: the scheduler process logs to the same stream
worker.stop_scheduler()
"""
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                              env=child_env())
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=10)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "asked to stop: True" in done.stdout and "running: True" in done.stdout, done.stdout + done.stderr[-2000:]


def test_a_worker_loop_that_ends_on_an_error_is_followed_by_a_new_worker(tmp_path: Path) -> None:
    """RQ's loop quits on any error it does not expect; `reviewer worker` then starts a new worker once
    Redis answers, and stops for good only when asked to. Real Redis; the first loop is ended the way an
    unexpected Redis error ends it (RQ catches it, logs it and returns)."""
    from rq import Queue
    from rq.exceptions import StopRequested
    from rq.serializers import JSONSerializer

    from reviewer.service.worker import ReviewerWorker, make_worker, work_until_stopped
    port = _free_port()
    redis_process = _redis(port, tmp_path)
    started: list[str] = []
    waits: list[int] = []

    class Once(ReviewerWorker):
        def work(self, burst: bool = False, **kwargs) -> bool:
            started.append(self.name)
            self.register_birth()
            self.register_death()
            if len(started) == 1:
                return False  # the loop ended, nobody asked it to stop
            raise StopRequested()  # the second is stopped by a signal while idle

    def new_worker(queue: Queue, config: dict) -> ReviewerWorker:
        worker = make_worker(queue, config)
        worker.__class__ = Once
        return worker

    try:
        queue = Queue("extraction", connection=Redis(port=port), serializer=JSONSerializer)
        work_until_stopped(queue, {"WORKER_TTL": 20, "WORKER_HOSTNAME": "host-a"}, False,
                           lambda: waits.append(1), new_worker)
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=10)
    assert len(started) == 2 and started[0] != started[1] and waits == [1]
