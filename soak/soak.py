"""`make soak`: 300 documents uploaded through the API by concurrent clients while the worker is killed
(SIGKILL) and restarted twice. At the end exactly 300 documents are in a final state, each with exactly
one extraction, none stuck. Prints its figures; exits non-zero on any violation.

Everything runs on this machine: a private redis-server, SQLite in a temporary folder, the web app on a
loopback port, `reviewer worker` processes. Every wait has a deadline, and a worker that exits on its own
(a configuration it refuses) ends the run at once, with its last lines: the soak rotted unseen once,
hanging for ever on an applicant who was never enrolled and a worker that had no secret key.
`make test` runs a short form (`--documents 40`), so it cannot rot again.

    .venv/bin/python soak/soak.py [--documents N]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))
import requests_shim as http  # noqa: E402

from tests.hostile import text_pdf  # noqa: E402

CLIENTS, DEADLINE_SECONDS = 6, 600
SECRET_KEY = "soak-" + "k" * 48


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def certificate(n: int) -> bytes:
    return text_pdf(["CERTIFICATE OF COMPLETION", "Midwest Institute of Technology", "This certifies that",
                     "Soak Tester", "has successfully completed", f"Soak Course Number {n}",
                     f"on March {1 + n % 28}, 2025", f"{1 + n % 8} Contact Hours", "Robert Klein, Program Director"])


class SoakFailed(RuntimeError):
    """A wait that ran out, or a worker that stopped on its own: the run ends, saying which."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    documents = parser.parse_args().documents
    try:
        return soak(documents)
    except SoakFailed as exc:
        print(f"SOAK FAILED: {exc}")
        return 1


def soak(documents: int) -> int:
    from datetime import date

    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from reviewer import create_app
    from reviewer.config import child_env
    from reviewer.extensions import db
    from reviewer.models import Document, DocumentStatus, Extraction
    from reviewer.programs.catalogue import seed_programs
    from reviewer.programs.cycles import enrol

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="reviewer-soak-"))
    redis_port, web_port = free_port(), free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL)
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'soak.sqlite'}", "REDIS_URL":
                f"redis://127.0.0.1:{redis_port}/0", "STORAGE_DIR": str(work / "storage"), "SECRET_KEY": SECRET_KEY,
                "UPLOADS_PER_HOUR": 0}  # the soak loads the pipeline; the hourly limit is tested elsewhere
    (work / "storage").mkdir()
    app = create_app(settings)
    env = child_env(DATABASE_URL=settings["SQLALCHEMY_DATABASE_URI"], REDIS_URL=settings["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=settings["STORAGE_DIR"], REVIEWER_JOB_RETRY_INTERVALS="1",
                    REVIEWER_SWEEP_INTERVAL="2", REVIEWER_SECRET_KEY=SECRET_KEY)
    env.pop("REVIEWER_ENV", None)
    with app.app_context():
        upgrade()
        seed_programs()
        # An applicant with an open cycle: uploads from someone not enrolled are refused (409 not_enrolled).
        user = enrol("soak@example.org", "SME-TECH", date(date.today().year - 1, 1, 1), name="Soak Tester").user
        user.set_password("soak password")
        token = user.new_token()
        db.session.commit()
    server = make_server("127.0.0.1", web_port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    worker_log = work / "worker.log"

    def start_worker() -> subprocess.Popen[bytes]:
        with worker_log.open("ab") as log:
            return subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_until(done: Callable[[], bool], seconds: float, what: str) -> None:
        """Wait for `done`, at most `seconds`; fail at once if the worker stopped on its own."""
        deadline = time.monotonic() + seconds
        while not done():
            if worker.poll() is not None:
                tail = worker_log.read_text(errors="replace")[-1500:]
                raise SoakFailed(f"the worker exited by itself (status {worker.returncode}) while waiting for "
                                 f"{what}:\n{tail}")
            if time.monotonic() > deadline:
                raise SoakFailed(f"no {what} after {seconds:.0f} s ({len(accepted_uploads)} uploads accepted, "
                                 f"{len(errors)} refused: {errors[:3]})")
            time.sleep(0.05)

    worker = start_worker()
    started = time.monotonic()
    accepted_uploads: list[int] = []
    errors: list[str] = []

    def upload(n: int) -> None:
        status, body = http.post_file(f"http://127.0.0.1:{web_port}/api/documents", token, f"soak-{n}.pdf",
                                      certificate(n))
        if status == 202:
            accepted_uploads.append(body["id"])
        else:
            errors.append(f"{n}: {status} {body}")

    kills = 0
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(upload, n) for n in range(documents)]
        for when in (0.3, 0.6):
            wait_until(lambda when=when: len(accepted_uploads) >= documents * when or len(errors) > documents // 10,
                       120, f"{when:.0%} of the uploads")
            if len(errors) > documents // 10:
                raise SoakFailed(f"the API refused {len(errors)} uploads: {errors[:3]}")
            os.killpg(worker.pid, signal.SIGKILL)  # the worker, its horse, its scheduler and sweeper
            worker.wait()
            kills += 1
            time.sleep(random.uniform(0.2, 1.0))
            worker = start_worker()
        for future in futures:
            future.result(timeout=300)
    upload_seconds = time.monotonic() - started

    final = {DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW, DocumentStatus.REJECTED, DocumentStatus.FAILED}
    with app.app_context():
        while time.monotonic() - started < DEADLINE_SECONDS:
            db.session.expire_all()
            statuses = db.session.scalars(db.select(Document.status)).all()
            if len(statuses) == documents and all(s in final for s in statuses):
                break
            time.sleep(1)
        total = time.monotonic() - started
        statuses = db.session.scalars(db.select(Document.status)).all()
        per_doc = db.session.execute(db.select(Extraction.document_id, db.func.count(Extraction.id))
                                     .group_by(Extraction.document_id)).all()
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=30)
    server.shutdown()
    redis.terminate()
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    duplicates = [doc for doc, n in per_doc if n != 1]
    print(f"uploads: {len(accepted_uploads)} accepted by the API in {upload_seconds:.1f} s with {CLIENTS} clients, "
          f"{len(errors)} refused")
    print(f"worker killed with SIGKILL and restarted {kills} times")
    print(f"documents: {len(statuses)}; by status {counts} (needs_review: the 10 % audit sample); "
          f"all final after {total:.1f} s")
    print(f"documents with other than one extraction: {len(duplicates)}")
    ok = (len(statuses) == documents and not errors and all(s in final for s in statuses) and not duplicates
          and len(per_doc) == documents)
    print("SOAK OK" if ok else "SOAK FAILED")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
