"""`make soak`: 300 documents uploaded through the API by concurrent clients while the worker is killed
(SIGKILL) and restarted twice. At the end exactly 300 documents are in a final state, each with exactly
one extraction, none stuck. Prints its figures; exits non-zero on any violation.

Everything runs on this machine: a private redis-server, SQLite in a temporary folder, the web app on a
loopback port, `reviewer worker` processes. Request loops are bounded in count and time.
"""

from __future__ import annotations

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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))
import requests_shim as http  # noqa: E402

from tests.hostile import text_pdf  # noqa: E402

DOCUMENTS, CLIENTS, DEADLINE_SECONDS = 300, 6, 600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def certificate(n: int) -> bytes:
    return text_pdf(["CERTIFICATE OF COMPLETION", "Midwest Institute of Technology", "This certifies that",
                     "Soak Tester", "has successfully completed", f"Soak Course Number {n}",
                     f"on March {1 + n % 28}, 2025", f"{1 + n % 8} Contact Hours", "Robert Klein, Program Director"])


def main() -> int:
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from reviewer import create_app
    from reviewer.config import child_env
    from reviewer.extensions import db
    from reviewer.models import Document, DocumentStatus, Extraction, User
    from reviewer.programs.catalogue import seed_programs

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="reviewer-soak-"))
    redis_port, web_port = free_port(), free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL)
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'soak.sqlite'}", "REDIS_URL":
                f"redis://127.0.0.1:{redis_port}/0", "STORAGE_DIR": str(work / "storage")}
    app = create_app(settings)
    env = child_env(DATABASE_URL=settings["SQLALCHEMY_DATABASE_URI"], REDIS_URL=settings["REDIS_URL"],
                    REVIEWER_STORAGE_DIR=settings["STORAGE_DIR"], REVIEWER_JOB_RETRY_INTERVALS="1",
                    REVIEWER_SWEEP_INTERVAL="2")
    with app.app_context():
        upgrade()
        seed_programs()
        user = User(email="soak@example.org", name="Soak Tester", role="applicant")
        user.set_password("soak password")
        token = user.new_token()
        db.session.add(user)
        db.session.commit()
    server = make_server("127.0.0.1", web_port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "reviewer.cli", "worker"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

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
        futures = [pool.submit(upload, n) for n in range(DOCUMENTS)]
        for when in (0.3, 0.6):
            while len(accepted_uploads) < DOCUMENTS * when:
                time.sleep(0.05)
            os.killpg(worker.pid, signal.SIGKILL)  # the worker, its horse, its scheduler and sweeper
            worker.wait()
            kills += 1
            time.sleep(random.uniform(0.2, 1.0))
            worker = start_worker()
        for future in futures:
            future.result()
    upload_seconds = time.monotonic() - started

    final = {DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW, DocumentStatus.REJECTED, DocumentStatus.FAILED}
    with app.app_context():
        while time.monotonic() - started < DEADLINE_SECONDS:
            db.session.expire_all()
            statuses = db.session.scalars(db.select(Document.status)).all()
            if len(statuses) == DOCUMENTS and all(s in final for s in statuses):
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
    ok = (len(statuses) == DOCUMENTS and not errors and all(s in final for s in statuses) and not duplicates
          and len(per_doc) == DOCUMENTS)
    print("SOAK OK" if ok else "SOAK FAILED")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
