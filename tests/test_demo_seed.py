"""The demo's seed: programs, staff, one applicant per sample recipient, every sample uploaded once."""

from __future__ import annotations

import json

from flask import Flask

from reviewer.cli.demo import seed_demo
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, Program, User
from tests.conftest import SAMPLES


def test_seed_demo_is_complete_and_idempotent(app: Flask) -> None:
    logins = seed_demo()
    truth = json.loads((SAMPLES / "truth.json").read_text())["documents"]
    assert db.session.scalar(db.select(db.func.count(Program.id))) == 3
    assert db.session.scalar(db.select(db.func.count(Document.id))) == len(truth)
    assert logins[0][0] == "staff@example.org" and logins[0][1]
    assert db.session.scalars(db.select(User).where(User.email == logins[1][0])).one().role == "applicant"
    assert all(d.status == DocumentStatus.QUEUED for d in db.session.scalars(db.select(Document)))
    from reviewer.models import Cycle
    cycles = db.session.scalars(db.select(Cycle)).all()
    assert {c.program.code for c in cycles} == {"ATMAE-SENIOR", "AMT-CMTSE", "SME-TECH"}  # the three programs
    assert [c.exemption for c in cycles if c.status == "exempt"] == ["life_member"]
    assert all(c.due_date and c.due_date > c.window_start for c in cycles)
    seed_demo()
    assert db.session.scalar(db.select(db.func.count(Document.id))) == len(truth)
