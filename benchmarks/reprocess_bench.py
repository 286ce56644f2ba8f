"""`make bench`, part 2: re-processing 2,000 stored documents from cached page text, through the real
queue (a private redis-server) and real `reviewer worker` processes (one per core), on SQLite and on a
private PostgreSQL server (`--backends` picks).

Setup (not timed): the 32 sample documents are read once for real (OCR included); 2,000 documents are
stored, each a sample with a unique trailer (so 2,000 distinct blobs and 2,000 page-cache entries), with
their first extraction. Timed: from starting the batch to the batch being done, as the batch itself
records it. Then the two stages a re-processed document costs are timed alone, in this process, to say
what bounds the figure.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from reviewer import create_app  # noqa: E402
from reviewer.cli.demo import start_private_redis  # noqa: E402
from reviewer.config import child_env, limits_from  # noqa: E402
from reviewer.documents.persistence import apply_group, record_result  # noqa: E402
from reviewer.documents.preparing import Prepared, prepare_group  # noqa: E402
from reviewer.documents.storage import BlobStore  # noqa: E402
from reviewer.extensions import db  # noqa: E402
from reviewer.models import Batch, BatchStatus, Cycle, Document, DocumentStatus, Program, User  # noqa: E402
from reviewer.programs.catalogue import seed_programs  # noqa: E402
from reviewer.reprocessing.batches import progress, start_batch  # noqa: E402
from reviewer.reprocessing.chunks import GROUP, load_documents  # noqa: E402
from reviewer.reprocessing.selection import Selection  # noqa: E402
from tests.private_postgres import available, fresh_database, private_postgres  # noqa: E402
from workers.checks import CheckContext  # noqa: E402
from workers.pipeline import analyse, process  # noqa: E402
from workers.reading.pages import PageText, reader_key  # noqa: E402

DOCUMENTS = 2000
WORKERS = os.cpu_count() or 2
SAMPLES = ROOT / "sample_docs"


@contextmanager
def database(backend: str, tmp: Path) -> Iterator[str]:
    """The URL of a fresh database: a file for SQLite, a private server's database for PostgreSQL."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite'}"
    elif backend == "postgresql":
        with private_postgres() as server:
            yield fresh_database(server, "reprocess_bench")
    else:
        raise SystemExit(f"unknown backend {backend!r}; use sqlite or postgresql")


@contextmanager
def environment(backend: str = "sqlite") -> Iterator[tuple[Flask, dict[str, str]]]:
    tmp = Path(tempfile.mkdtemp(prefix="reviewer-bench-"))
    redis, url = start_private_redis(tmp)
    with database(backend, tmp) as database_url:
        settings = {"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": url, "STORAGE_DIR": str(tmp / "storage")}
        with _environment(tmp, redis, settings) as ready:
            yield ready


@contextmanager
def _environment(tmp: Path, redis: subprocess.Popen[bytes], settings: dict[str, str]
                 ) -> Iterator[tuple[Flask, dict[str, str]]]:
    url = settings["REDIS_URL"]
    # A worker refuses to start without a secret key (a forged session is the worst failure); the bench's
    # is its own, for its one run.
    env = child_env(DATABASE_URL=settings["SQLALCHEMY_DATABASE_URI"], REDIS_URL=url,
                    REVIEWER_STORAGE_DIR=settings["STORAGE_DIR"], REVIEWER_SECRET_KEY=secrets.token_urlsafe(48))
    try:
        app = create_app(settings)
        with app.app_context():
            upgrade()
            yield app, env
            db.session.remove()
            db.engine.dispose()
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def store_documents(app: Flask) -> list[tuple[list[PageText], str]]:
    """The 2,000 stored documents with their first extraction; returns each sample's pages for timing."""
    seed_programs()
    program = db.session.scalars(db.select(Program).where(Program.code == "ATMAE-SENIOR")).one()
    applicants = []
    for n in range(50):
        user = User(email=f"applicant{n}@example.org", name=f"Applicant {n}", role="applicant")
        db.session.add(user)
        db.session.flush()
        db.session.add(Cycle(applicant_id=user.id, program_id=program.id,
                             window_start=date(2023, 11, 1), window_end=date(2026, 11, 1)))
        applicants.append(user)
    db.session.commit()
    limits, store = limits_from(app.config), BlobStore(app.config["STORAGE_DIR"])
    key = reader_key(limits)
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".png", ".jpg"))
    read = []
    for path in samples:
        data = path.read_bytes()
        try:
            result = process(data, limits, check_context_for(applicants[0]))
        except Exception:  # the blank or refused samples are not re-processing material
            continue
        read.append((path, data, result))
    pages_of = []
    for n in range(DOCUMENTS):
        path, data, result = read[n % len(read)]
        blob = data + f"\n%reviewer-bench {n}\n".encode()
        sha = store.put(blob)
        doc = Document(applicant_id=applicants[n % len(applicants)].id, cycle_id=None, sha256=sha,
                       original_name=f"{n}-{path.name}", mime=result.mime, size=len(blob),
                       status=DocumentStatus.PROCESSING)
        doc.cycle_id = db.session.scalar(db.select(Cycle.id).where(Cycle.applicant_id == doc.applicant_id))
        db.session.add(doc)
        db.session.flush()
        record_result(doc.id, 1, result, key)
        if n < len(read):
            pages_of.append(([PageText.from_data(p.number, p.source, p.rotation, p.mean_conf, p.words)
                              for p in result.page_texts], result.mime))
    return pages_of


def check_context_for(user: User) -> CheckContext:
    return CheckContext(as_of=date(2026, 11, 1), window_years=3, applicant=user.name)


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """A process's CPU time so far, with that of its children it has waited for (an RQ worker waits for each
    work horse, a work horse for its analysis child, and PostgreSQL's postmaster for the backend of each
    closed connection). 0 for a process that is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / _TICK


def _database_server_cpu() -> float:
    """The CPU time of every PostgreSQL server process on the machine (the private server's, and the
    machine's own if it runs one, idle while the bench runs); 0 on SQLite. It includes the backend that
    answers the bench's own look at the batch every 0.1 s: a little over the batch's own cost."""
    comms = Path("/proc").glob("[0-9]*/comm")
    return sum(_cpu_seconds(int(comm.parent.name)) for comm in comms if _read(comm).startswith("postgres"))


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def run_batch(env: dict[str, str]) -> tuple[float, float, int]:
    """Start WORKERS worker processes, run the batch, return (wall seconds, batch rate, failed). Prints the
    CPU time the batch cost per document, by the workers (their work horses and analysis children
    included) and by the database server: on a machine whose speed is not the last one's, that says more
    than documents per second, and the machine's cores over it bound the rate."""
    workers = [subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(WORKERS)]
    try:
        time.sleep(3)  # let them start (imports) so the figure is the batch, not Python's start-up
        started = time.perf_counter()
        workers_cpu, server_cpu = sum(_cpu_seconds(w.pid) for w in workers), _database_server_cpu()
        batch_id = start_batch(Selection(all=True))[0].id
        while True:
            dead = [w.returncode for w in workers if w.poll() is not None]
            if dead:  # a worker that cannot start would leave the batch waiting for ever
                raise SystemExit(f"a worker process exited (status {dead[0]}); run `reviewer worker` to see why")
            db.session.expire_all()
            batch = db.session.get(Batch, batch_id)
            if batch.status != BatchStatus.RUNNING:
                break
            db.session.remove()
            time.sleep(0.1)
        wall = time.perf_counter() - started
        # A work horse still running when the batch is done counts when the worker waits for it: a moment
        # for the last ones to end.
        time.sleep(0.5)
        workers_cpu = (sum(_cpu_seconds(w.pid) for w in workers) - workers_cpu) / DOCUMENTS * 1000
        server_cpu = (_database_server_cpu() - server_cpu) / DOCUMENTS * 1000
        busy, cores = workers_cpu + server_cpu, os.cpu_count() or 1
        bound = f", so {cores} cores allow at most {cores * 1000 / busy:.0f} documents/s" if busy > 0 else ""
        print(f"  CPU per document: workers {workers_cpu:.2f} ms (work horses and analysis children included), "
              f"database server {server_cpu:.2f} ms; {busy:.2f} ms in all{bound}")
        p = progress(batch)
        return wall, p.rate, p.failed
    finally:
        asked = time.perf_counter()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        print(f"  workers asked to stop (SIGTERM) after the batch: all exited in {time.perf_counter() - asked:.1f} s")


def stage_rates(app: Flask, pages_of: list[tuple[list[PageText], str]]) -> tuple[float, float]:
    """Documents per second on one core for the analysis alone, and for storing results alone the way a
    chunk stores them (a group of `GROUP` read first, then written, one commit)."""
    ctx = check_context_for(db.session.scalars(db.select(User)).first())
    rounds = max(1, 600 // len(pages_of))
    started = time.perf_counter()
    results = [analyse(pages, mime, ctx) for _ in range(rounds) for pages, mime in pages_of]
    analyse_rate = len(results) / (time.perf_counter() - started)
    ids = list(db.session.scalars(db.select(Document.id).order_by(Document.id).limit(len(results))))
    key = reader_key(limits_from(app.config))
    started = time.perf_counter()
    for start in range(0, len(ids), GROUP):
        loaded = load_documents(ids[start:start + GROUP])  # as a chunk loads its group before storing it
        prepared = prepare_group([(doc_id, 99, result) for doc_id, result in zip(ids[start:start + GROUP],
                                                                                 results[start:start + GROUP])],
                                 key, cache_pages=False)
        apply_group([p for p in prepared if isinstance(p, Prepared)])
        db.session.commit()
        del loaded
    store_rate = len(ids) / (time.perf_counter() - started)
    return analyse_rate, store_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite and/or postgresql")
    for backend in [b.strip() for b in parser.parse_args().backends.split(",") if b.strip()]:
        if backend == "postgresql" and not available():
            print("\npostgresql: skipped, the server is not installed (apt-get install postgresql)")
            continue
        run(backend)


def run(backend: str) -> None:
    print(f"Re-processing from cached page text: {DOCUMENTS} stored documents, {WORKERS} worker processes, "
          f"{backend}, private redis-server")
    with environment(backend) as (app, env):
        started = time.perf_counter()
        pages_of = store_documents(app)
        print(f"  setup (samples read once, {DOCUMENTS} documents stored with v1): "
              f"{time.perf_counter() - started:.0f} s")
        wall, rate, failed = run_batch(env)
        print(f"  batch: {DOCUMENTS / wall:.0f} documents/s end to end ({wall:.1f} s for {DOCUMENTS}); "
              f"the batch's own rate {rate:.0f}/s; {failed} failed")
        analyse_rate, store_rate = stage_rates(app, pages_of)
        print(f"  one core, stages alone: text → fields {analyse_rate:.0f} documents/s; storing results "
              f"(extraction, activities, flags, duplicate check, outcome, audit; {GROUP} per commit) {store_rate:.0f} "
              "documents/s")
        both = 1 / (1 / analyse_rate + 1 / store_rate)
        print(f"  ratio, batch ÷ (one core doing both stages, {both:.0f}/s): {DOCUMENTS / wall / both:.2f}")


if __name__ == "__main__":
    main()
