"""Re-processing batches through the real queue: decisions kept, changes marked, cancel, resume, retry,
idempotence, and the admin page and the CLI showing the same numbers."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from reviewer.cli.reprocess import progress_line, reprocess_command
from reviewer.config import child_env
from reviewer.extensions import db
from reviewer.models import (
    AuditEvent,
    Batch,
    BatchItem,
    BatchStatus,
    Document,
    DocumentStatus,
    Extraction,
    ItemState,
    ReviewDecision,
)
from reviewer.queue import extraction_queue
from reviewer.reprocessing.batches import cancel_batch, progress, pump, resume_batch, start_batch, sweep_batches
from reviewer.reprocessing.chunks import run_chunk
from reviewer.reprocessing.selection import Selection
from tests.conftest import counted, create_user, csrf_from, login, run_worker
from tests.test_workflow import _certificate, _decide, _upload
from workers.pipeline import PIPELINE_VERSION

TITLES = ["Lean Basics", "Kaizen Events", "Root Cause Analysis", "Value Stream Mapping", "Quality Auditing",
          "Measurement Systems Analysis"]


def _docs(app: Flask, applicant, files: list[tuple[str, bytes]]) -> dict[str, int]:
    client = app.test_client()
    login(client, applicant.email)
    for start in range(0, len(files), 10):
        _upload(client, files[start:start + 10])
    run_worker(app)
    return dict(db.session.execute(db.select(Document.original_name, Document.id)).all())


def _versions(doc_id: int) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Extraction.version).where(Extraction.document_id == doc_id)
                                   .order_by(Extraction.version)))


def _decisions() -> list[tuple[int, str, int | None, int | None]]:
    db.session.expire_all()
    return [(d.document_id, d.outcome, d.extraction_id, d.reviewer_id)
            for d in db.session.scalars(db.select(ReviewDecision).order_by(ReviewDecision.id))]


def _staff_client(app: Flask, staff):
    client = app.test_client()
    login(client, staff.email)
    return client


def _admin(app: Flask) -> SimpleNamespace:
    user = create_user("ada@example.org", "Ada Admin", role="admin")
    return SimpleNamespace(id=user.id, email=user.email)


def test_batch_over_decided_undecided_and_failed_documents_keeps_every_decision(app: Flask, applicant,
                                                                                 staff) -> None:
    ids = _docs(app, applicant, [("clean.pdf", _certificate()),
                                 ("rejected.pdf", _certificate(name="Bob Stone", title="Lean Basics")),
                                 ("accepted.pdf", _certificate(name="Bob Stone", title="Kaizen Events")),
                                 ("waiting.pdf", _certificate(name="Bob Stone", title="Root Cause Analysis")),
                                 ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer\n")])
    reviewer = _staff_client(app, staff)
    _decide(reviewer, ids["rejected.pdf"], outcome="reject", reason="name_mismatch")
    _decide(reviewer, ids["accepted.pdf"], outcome="accept")
    db.session.expire_all()
    statuses = dict(db.session.execute(db.select(Document.id, Document.status)).all())
    assert (statuses[ids["clean.pdf"]] == DocumentStatus.ACCEPTED
            and statuses[ids["broken.pdf"]] == DocumentStatus.FAILED)
    decisions = _decisions()
    assert len(decisions) == 3

    batch, created = start_batch(Selection(all=True))
    assert created and batch.total == 5
    batch_id = batch.id
    run_worker(app)

    assert _decisions() == decisions  # not one decision added, removed or re-pointed
    db.session.expire_all()
    assert dict(db.session.execute(db.select(Document.id, Document.status)).all()) == statuses
    for name in ("clean.pdf", "rejected.pdf", "accepted.pdf", "waiting.pdf"):
        assert _versions(ids[name]) == [1, 2], name
    assert _versions(ids["broken.pdf"]) == []
    p = progress(db.session.get(Batch, batch_id))
    assert (p.status, p.total, p.done, p.failed, p.remaining, p.changed) == ("done", 5, 4, 1, 0, 0)
    failed = db.session.scalars(db.select(BatchItem).where(BatchItem.state == ItemState.FAILED)).one()
    assert failed.document_id == ids["broken.pdf"] and failed.error_code == "corrupt"
    # The undecided document went through the outcome rules again: flagged by version 2.
    flagged = db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == ids["waiting.pdf"],
                                                             AuditEvent.action == "flagged")).all()
    assert [e.detail["version"] for e in flagged] == [1, 2]
    assert not any(db.session.scalars(db.select(Document.changed_since_decision)))
    assert db.session.scalars(db.select(Extraction.pipeline_version).distinct()).all() == [PIPELINE_VERSION]


def test_changed_result_is_marked_shown_old_against_new_and_counted(app: Flask, applicant, staff) -> None:
    old = "March 14, 2022"  # outside the 3-year window that ends 2026-11-01, inside a 5-year one
    ids = _docs(app, applicant, [("decided.pdf", _certificate(title="Lean Basics", when=old)),
                                 ("waiting.pdf", _certificate(title="Kaizen Events", when=old)),
                                 ("same.pdf", _certificate(title="Root Cause Analysis"))])
    reviewer = _staff_client(app, staff)
    _decide(reviewer, ids["decided.pdf"], outcome="accept", note="Accepted although old.")
    decided_on = db.session.scalars(db.select(Extraction.id).where(Extraction.document_id == ids["decided.pdf"])).one()
    runner = app.test_cli_runner()
    # The cycle's window now reaches back five years (its certification date corrected): the documents are
    # checked against their own cycle's window, which a program's window_years no longer moves once enrolled.
    cycle = db.session.get_one(Document, ids["decided.pdf"]).cycle
    cycle.window_start = date(2021, 11, 1)
    db.session.commit()

    dry = runner.invoke(reprocess_command, ["--all", "--dry-run"])
    assert dry.exit_code == 0 and "3 document(s) would be re-processed" in dry.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Batch)) == 0
    started = runner.invoke(reprocess_command, ["--all"])
    assert started.exit_code == 0, started.output
    assert re.search(r"batch \d+ started 3 document\(s\)", started.output)
    run_worker(app)

    batch = db.session.scalars(db.select(Batch)).one()
    p = progress(batch)
    assert (p.done, p.failed, p.changed, p.changed_decided) == (3, 0, 2, 1)
    decided = db.session.get(Document, ids["decided.pdf"])
    assert decided.status == DocumentStatus.ACCEPTED and decided.changed_since_decision
    assert [(d.outcome, d.extraction_id) for d in db.session.scalars(
        db.select(ReviewDecision).where(ReviewDecision.document_id == decided.id))] == [("accept", decided_on)]
    waiting = db.session.get(Document, ids["waiting.pdf"])
    assert waiting.status == DocumentStatus.ACCEPTED and not waiting.changed_since_decision  # outcome rules again
    assert not db.session.get(Document, ids["same.pdf"]).changed_since_decision

    html = reviewer.get(f"/staff/documents/{decided.id}").get_data(as_text=True)
    section = html.split('id="changes"')[1].split("</section>")[0]
    assert "Decided on (v1)" in section and "Now (v2)" in section
    assert re.search(r"<td>Flags</td><td class=\"old\">outside_window</td><td class=\"new\">none</td>", section)
    assert "changed since decision" in reviewer.get("/staff/queue").get_data(as_text=True).lower()

    _decide(reviewer, decided.id, outcome="accept", note="Still fine.")
    db.session.expire_all()
    decided = db.session.get(Document, ids["decided.pdf"])
    assert not decided.changed_since_decision
    assert _decisions()[-1][2] == decided.latest.id  # the new decision is made on version 2


def test_cancel_drops_queued_jobs_and_resume_finishes_where_it_stopped(app: Flask, applicant) -> None:
    ids = _docs(app, applicant, [(f"c{i}.pdf", _certificate(title=TITLES[i])) for i in range(6)])
    app.config.update(REPROCESS_CHUNK_SIZE=2, REPROCESS_WINDOW=1)
    batch_id = start_batch(Selection(all=True))[0].id
    queue = extraction_queue(app)
    assert queue.count == 1  # one chunk in Redis, whatever the batch's size
    SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True, max_jobs=1)
    db.session.remove()
    assert queue.count == 1  # the finished chunk handed out the next one
    assert cancel_batch(batch_id) == 4
    assert queue.count == 0
    run_worker(app)
    p = progress(db.session.get(Batch, batch_id))
    assert (p.status, p.done, p.cancelled, p.remaining) == ("cancelled", 2, 4, 0)
    assert sorted(len(_versions(i)) for i in ids.values()) == [1, 1, 1, 1, 2, 2]

    resume_batch(batch_id)
    run_worker(app)
    p = progress(db.session.get(Batch, batch_id))
    assert (p.status, p.done, p.cancelled, p.failed) == ("done", 6, 0, 0)
    assert all(_versions(i) == [1, 2] for i in ids.values())


def _chunk_sizes(batch_id: int) -> list[int]:
    return [n for _, n in db.session.execute(
        db.select(BatchItem.chunk, db.func.count()).where(BatchItem.batch_id == batch_id, BatchItem.chunk.is_not(None))
        .group_by(BatchItem.chunk).order_by(BatchItem.chunk)).all()]


def test_a_chunk_holds_at_most_chunk_size_documents(app: Flask, applicant) -> None:
    _docs(app, applicant, [(f"c{i}.pdf", _certificate(title=TITLES[i])) for i in range(6)])
    app.config.update(REPROCESS_CHUNK_SIZE=2, REPROCESS_WINDOW=2)
    batch_id = start_batch(Selection(all=True))[0].id
    assert _chunk_sizes(batch_id) == [2, 2]  # two documents still unclaimed, for the next free slot
    assert progress(db.session.get(Batch, batch_id)).remaining == 6


def test_what_is_left_is_shared_among_the_free_slots(app: Flask, applicant) -> None:
    """Fewer documents left than the window's chunks would hold go to every worker, not as one full
    chunk to one worker while the others wait."""
    _docs(app, applicant, [(f"c{i}.pdf", _certificate(title=TITLES[i])) for i in range(6)])
    app.config.update(REPROCESS_CHUNK_SIZE=10, REPROCESS_WINDOW=4)
    batch_id = start_batch(Selection(all=True))[0].id
    assert _chunk_sizes(batch_id) == [2, 2, 1, 1]
    assert extraction_queue(app).count == 4
    run_worker(app)
    p = progress(db.session.get(Batch, batch_id))
    assert (p.status, p.done) == ("done", 6)


def test_batch_whose_jobs_were_lost_resumes_from_the_database(app: Flask, applicant) -> None:
    ids = _docs(app, applicant, [(f"c{i}.pdf", _certificate(title=TITLES[i])) for i in range(4)])
    app.config.update(REPROCESS_CHUNK_SIZE=2, REPROCESS_WINDOW=2)
    batch_id = start_batch(Selection(all=True))[0].id
    queue = extraction_queue(app)
    queue.connection.flushdb()  # a crash that took Redis's contents with it
    run_worker(app)
    assert progress(db.session.get(Batch, batch_id)).remaining == 4
    assert sweep_batches() == 2  # both chunks sent again from what the items say
    run_worker(app)
    p = progress(db.session.get(Batch, batch_id))
    assert (p.status, p.done) == ("done", 4)
    assert all(_versions(i) == [1, 2] for i in ids.values())
    assert set(db.session.scalars(db.select(BatchItem.attempts))) == {1}


def test_same_batch_twice_adds_no_extraction_and_no_job(app: Flask, applicant) -> None:
    ids = _docs(app, applicant, [("a.pdf", _certificate()), ("b.pdf", _certificate(title="Lean Basics"))])
    first, created = start_batch(Selection(all=True))
    again, created_again = start_batch(Selection(all=True))
    assert created and not created_again and again.id == first.id
    first_id = first.id
    queue = extraction_queue(app)
    assert queue.count == 2  # two documents, shared between two chunks (two workers may take them)
    assert pump(first_id) == 0 and queue.count == 2  # the chunks are live: not sent twice
    run_worker(app)
    run_chunk(app, first_id, 0)  # the same chunk run once more (a retry after a lost acknowledgement)
    db.session.remove()
    assert all(_versions(i) == [1, 2] for i in ids.values())
    assert db.session.scalar(db.select(db.func.count()).select_from(BatchItem)) == 2
    # Finished, the same selection is a new batch: versions 3, not a second version 2.
    second, created = start_batch(Selection(all=True))
    assert created and second.id != first_id
    run_worker(app)
    assert all(_versions(i) == [1, 2, 3] for i in ids.values())


def test_failed_document_is_listed_with_its_error_and_retried(app: Flask, applicant) -> None:
    ids = _docs(app, applicant, [("ok.pdf", _certificate()), ("broken.pdf", b"%PDF-1.4\n%broken")])
    admin = _admin(app)
    client = app.test_client()
    login(client, admin.email)
    batch_id = start_batch(Selection(status="failed"))[0].id
    run_worker(app)
    page = client.get(f"/admin/batches/{batch_id}").get_data(as_text=True)
    assert "broken.pdf" in page and "corrupt" in page
    item = db.session.scalars(db.select(BatchItem)).one()
    token = csrf_from(client, f"/admin/batches/{batch_id}")
    response = client.post(f"/admin/batches/{batch_id}/retry", data={"csrf_token": token, "item_id": item.id},
                           follow_redirects=True)
    assert "1 document(s) sent again." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Batch, batch_id).status == BatchStatus.RUNNING
    run_worker(app)
    p = progress(db.session.get(Batch, batch_id))
    assert (p.status, p.done, p.failed) == ("done", 0, 1)
    assert db.session.get(Document, ids["broken.pdf"]).status == DocumentStatus.FAILED


def test_admin_page_starts_follows_and_cancels_with_the_cli_numbers(app: Flask, applicant, staff) -> None:
    _docs(app, applicant, [(f"c{i}.pdf", _certificate(title=TITLES[i])) for i in range(3)])
    assert _staff_client(app, staff).get("/admin/batches").status_code == 403
    admin = _admin(app)
    client = app.test_client()
    login(client, admin.email)
    token = csrf_from(client, "/admin/batches")
    counted = client.post("/admin/batches", data={"csrf_token": token, "scope": "filtered", "status": "accepted",
                                                  "action": "count"}, follow_redirects=True)
    assert "3 document(s) would be re-processed" in counted.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Batch)) == 0
    asked = client.post("/admin/batches", data={"csrf_token": token, "scope": "all", "action": "start"})
    assert asked.status_code == 200 and "This batch reads <strong>3 document(s)</strong> again" in asked.get_data(
        as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Batch)) == 0  # nothing started unasked
    assert '<input type="hidden" name="scope" value="all">' in asked.get_data(as_text=True)
    started = client.post("/admin/batches", data={"csrf_token": token, "scope": "all", "action": "start",
                                                  "confirmed": "yes"})
    batch_id = int(started.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/admin/batches/{batch_id}").get_data(as_text=True)
    assert 'data-field="remaining">3<' in page and "Cancel batch" in page
    run_worker(app)
    data = client.get(f"/admin/batches/{batch_id}/progress").get_json()
    line = progress_line(progress(db.session.get(Batch, batch_id)))
    assert (data["status"], data["done"], data["failed"], data["remaining"]) == ("done", 3, 0, 0)
    assert f"{data['done']}/{data['total']} · done {data['done']} · failed {data['failed']}" in line
    assert f"{data['rate']:.1f} docs/s" in line
    page = client.get(f"/admin/batches/{batch_id}").get_data(as_text=True)
    assert 'data-field="done">3<' in page and "Cancel batch" not in page

    bad = client.post("/admin/batches", data={"csrf_token": token, "scope": "filtered", "action": "start"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Choose what to re-process" in bad
    again = client.post("/admin/batches", data={"csrf_token": token, "scope": "all", "action": "start",
                                                "confirmed": "yes"})
    second = int(again.headers["Location"].rsplit("/", 1)[1])
    cancelled = client.post(f"/admin/batches/{second}/cancel", data={"csrf_token": token}, follow_redirects=True)
    assert "3 document(s) left" in cancelled.get_data(as_text=True)
    resumed = client.post(f"/admin/batches/{second}/resume", data={"csrf_token": token}, follow_redirects=True)
    assert f"Batch {second} resumed." in resumed.get_data(as_text=True)
    run_worker(app)
    assert progress(db.session.get(Batch, second)).done == 3


@pytest.mark.slow
def test_worker_killed_mid_batch_loses_no_document(app: Flask, applicant) -> None:
    files = [(f"d{i}.pdf", _certificate(title=TITLES[i % len(TITLES)], when=f"March {i + 1}, 2025"))
             for i in range(24)]
    ids = _docs(app, applicant, files)
    app.config.update(REPROCESS_CHUNK_SIZE=4, REPROCESS_WINDOW=2)
    batch_id = start_batch(Selection(all=True), force_ocr=True)[0].id  # read afresh: slow enough to interrupt
    db.session.remove()
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_REPROCESS_CHUNK_SIZE="4",
                    REVIEWER_REPROCESS_WINDOW="2", REVIEWER_SWEEP_INTERVAL="2", REVIEWER_AUDIT_SAMPLE_RATE="0")

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    worker = start_worker()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and progress(db.session.get(Batch, batch_id)).done < 4:
        db.session.remove()
        time.sleep(0.05)
    doomed = [worker.pid, *_descendants(worker.pid)]  # the worker, its sweeper, its work horse, the reader
    for pid in doomed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=10)
    db.session.remove()
    interrupted = progress(db.session.get(Batch, batch_id))
    assert 4 <= interrupted.done < 24 and interrupted.remaining > 0, interrupted

    worker = start_worker()
    try:
        result = app.test_cli_runner().invoke(reprocess_command, ["--resume", str(batch_id), "--wait"])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert f"batch {batch_id} done: 24 done, 0 failed" in result.output
    assert all(_versions(i) == [1, 2] for i in ids.values())  # none lost, none read twice into the record
    assert db.session.scalar(db.select(db.func.count()).where(BatchItem.state != ItemState.DONE)) == 0


@pytest.mark.slow
def test_a_worker_asked_to_stop_leaves_a_long_chunk_within_one_document(app: Flask, applicant) -> None:
    """Issue 28: SIGTERM waited for the whole chunk in hand (up to 100 documents read afresh: minutes), past
    systemd's stop timeout. Now the chunk stops after the document in hand and hands the rest back."""
    files = [(f"s{i}.pdf", _certificate(title=TITLES[i % len(TITLES)], when=f"April {i + 1}, 2025"))
             for i in range(16)]
    ids = _docs(app, applicant, files)
    app.config.update(REPROCESS_CHUNK_SIZE=16, REPROCESS_WINDOW=1)
    batch_id = start_batch(Selection(all=True), force_ocr=True)[0].id  # one chunk, every document read afresh
    db.session.remove()
    env = child_env(DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]), REDIS_URL=app.config["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=app.config["STORAGE_DIR"], REVIEWER_REPROCESS_CHUNK_SIZE="16",
                    REVIEWER_REPROCESS_WINDOW="1", REVIEWER_AUDIT_SAMPLE_RATE="0")
    worker = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and progress(db.session.get(Batch, batch_id)).done < 2:
            db.session.remove()
            time.sleep(0.05)
        asked = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        took = time.monotonic() - asked
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    db.session.remove()
    stopped = progress(db.session.get(Batch, batch_id))
    assert took < 10 and 2 <= stopped.done < 16, (took, stopped)
    assert stopped.failed == 0
    assert db.session.scalar(db.select(db.func.max(BatchItem.attempts))) == 0  # handed back, not a failed attempt

    worker = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        result = app.test_cli_runner().invoke(reprocess_command, ["--resume", str(batch_id), "--wait"])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert f"batch {batch_id} done: 16 done, 0 failed" in result.output, result.output
    assert all(_versions(i) == [1, 2] for i in ids.values())


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _statements_of_chunk(app: Flask, batch_id: int) -> list[str]:
    with counted() as seen:
        run_chunk(app, batch_id, 0)
    return seen


def test_a_chunk_reads_each_documents_cycle_and_applicant_once_for_the_group(app: Flask) -> None:
    """Issue 28: storing each re-read document asked for its cycle and its applicant again, one statement
    each (the group's own load was dropped by the session's weak references, and refreshing the document
    expired them). Those reads no longer grow with the number of documents."""
    app.config.update(REPROCESS_WINDOW=1)  # every document in the one chunk measured
    counts = []
    for size in (2, 8):
        db.session.execute(db.delete(BatchItem))
        db.session.commit()
        names = []
        for n in range(size):  # each document from an applicant of its own, as in a real batch
            person = create_user(f"p{size}-{n}@example.org", f"Person {size} {n}")
            names.append(f"{size}-{n}.pdf")
            ids = _docs(app, person, [(names[-1], _certificate(name=f"Person {size} {n}", title=TITLES[n % 6]))])
        batch, _ = start_batch(Selection(ids=tuple(ids[name] for name in names)))
        batch_id = batch.id
        db.session.remove()
        statements = _statements_of_chunk(app, batch_id)
        reads = [s for s in statements if re.search(r"^\s*SELECT .*\sFROM (users|cycles)\b", s, re.S)]
        counts.append(len(reads))
        assert db.session.scalar(db.select(db.func.count()).select_from(BatchItem).where(
            BatchItem.batch_id == batch_id, BatchItem.state == "done")) == size
    assert counts[0] == counts[1], counts
