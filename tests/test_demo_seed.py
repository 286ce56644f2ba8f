"""The demo's seed: programs, staff, one applicant per sample recipient, every sample uploaded once."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from reviewer.cli.demo import seed_demo
from reviewer.cli.demo_renewals import CERTIFICATES
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, Program, User
from reviewer.programs.progress import progress_for
from tests.conftest import SAMPLES, run_worker


def test_seed_demo_is_complete_and_idempotent(app: Flask) -> None:
    logins = seed_demo()
    truth = json.loads((SAMPLES / "truth.json").read_text())["documents"]
    assert db.session.scalar(db.select(db.func.count(Program.id))) == 3
    ready = 3 * CERTIFICATES  # one renewal-ready applicant per program (reviewer/cli/demo_renewals.py)
    assert db.session.scalar(db.select(db.func.count(Document.id))) == len(truth) + ready
    assert logins[0][0] == "staff@example.org" and logins[0][1]
    assert db.session.scalars(db.select(User).where(User.email == logins[1][0])).one().role == "applicant"
    assert all(d.status == DocumentStatus.QUEUED for d in db.session.scalars(db.select(Document)))
    from reviewer.models import Cycle
    cycles = db.session.scalars(db.select(Cycle)).all()
    assert {c.program.code for c in cycles} == {"ATMAE-SENIOR", "AMT-CMTSE", "SME-TECH"}  # the three programs
    assert [c.exemption for c in cycles if c.status == "exempt"] == ["life_member"]
    assert all(c.due_date and c.due_date > c.window_start for c in cycles)
    seed_demo()
    assert db.session.scalar(db.select(db.func.count(Document.id))) == len(truth) + ready


def test_the_demo_has_one_applicant_per_program_who_can_renew(app: Flask) -> None:
    """Issue 25: a newcomer in `make demo` can walk a renewal in each program; once the worker has read
    their certificates, each ready applicant meets the requirement and can submit."""
    logins = seed_demo()
    assert any(line.startswith("ready to renew") and "rae.ready@example.org" in line for line, _ in logins)
    run_worker(app)
    for email, code in (("rae.ready@example.org", "ATMAE-SENIOR"), ("ray.ready@example.org", "AMT-CMTSE"),
                        ("ria.ready@example.org", "SME-TECH")):
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        progress = progress_for(user)
        assert progress is not None and progress.program == code and progress.status == "open"
        assert progress.needed == 0 and progress.earned >= progress.required, (email, progress)


def test_the_demos_redis_outlives_ctrl_c_but_not_the_demo(tmp_path) -> None:
    """Ctrl-C reaches the terminal's whole process group: the demo's Redis sits in a session of its own, so the
    demo stops the workers before it (no tracebacks on the way out); and it ends when the demo dies, however."""
    import os
    import signal
    import time

    from reviewer.cli.demo import start_private_redis

    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the demo, in a process of its own, killed hard once Redis runs
        process, _ = start_private_redis(tmp_path)
        os.write(write, f"{process.pid} {os.getsid(process.pid)} {os.getsid(0)}".encode())
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(child, 0)
    os.close(write)
    redis_pid, redis_session, demo_session = map(int, os.read(read, 100).split())
    os.close(read)
    assert redis_session != demo_session
    for _ in range(50):
        status = Path(f"/proc/{redis_pid}/status")
        if not status.exists() or "Z (zombie)" in status.read_text():
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the demo's redis-server outlived the demo")
