"""The JSON API with bearer tokens made by the `reviewer users` commands."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskCliRunner

from reviewer.cli.commands import users
from tests import hostile
from tests.conftest import run_worker
from tests.test_workflow import _certificate


def _token(runner: FlaskCliRunner, email: str, role: str, name: str) -> str:
    made = runner.invoke(users, ["create", email, "--role", role, "--name", name, "--password-stdin"],
                         input="long enough password\n")
    assert made.exit_code == 0, made.output
    issued = runner.invoke(users, ["token", email])
    assert issued.exit_code == 0
    return issued.output.strip()


def test_api_round_trip(app: Flask, runner: FlaskCliRunner) -> None:
    from datetime import date

    from reviewer.extensions import db
    from reviewer.models import Cycle, Program, User
    from reviewer.programs.catalogue import seed_programs
    seed_programs()
    applicant = _token(runner, "ann@example.org", "applicant", "Ann Lee")
    other = _token(runner, "bob@example.org", "applicant", "Bob Stone")
    staff = _token(runner, "sam@example.org", "staff", "Sam Staff")
    ann = db.session.scalars(db.select(User).where(User.email == "ann@example.org")).one()
    program = db.session.scalars(db.select(Program).where(Program.code == "SME-TECH")).one()
    db.session.add(Cycle(applicant_id=ann.id, program_id=program.id, window_start=date(2023, 11, 1),
                         window_end=date(2026, 11, 1)))
    db.session.commit()
    client = app.test_client()
    auth = {"Authorization": f"Bearer {applicant}"}

    posted = client.post("/api/documents", headers=auth, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(_certificate(name="Ann Lee")), "cert.pdf")})
    assert posted.status_code == 202 and posted.json["status"] == "queued"
    doc_id = posted.json["id"]
    flagged = client.post("/api/documents", headers=auth, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(_certificate(name="Bob Stone", title="Lean")), "b.pdf")})
    run_worker(app)

    got = client.get(f"/api/documents/{doc_id}", headers=auth).json
    assert got["status"] == "accepted" and got["flags"] == [] and got["third_party"] is True
    assert got["activities"][0]["title"] == "Statistical Process Control"
    assert got["decision"]["outcome"] == "accept"
    assert set(got) == {"id", "status", "filename", "flags", "flag_reasons", "activities", "recipient", "issuer",
                        "third_party", "decision", "error", "version"}
    progress = client.get("/api/me/progress", headers=auth).json
    assert {k: progress[k] for k in ("program", "required", "earned", "unit", "window_start", "window_end",
                                     "due_date", "pending", "needed", "status")} == {
        "program": "SME-TECH", "required": 36.0, "earned": 8.0, "unit": "credit", "window_start": "2023-11-01",
        # b.pdf names Bob Stone: it waits for staff, but is not shown as units on their way
        "window_end": "2026-11-01", "due_date": "2026-11-01", "pending": 0.0, "needed": 28.0, "status": "open"}
    assert [(c["code"], c["counted"]) for c in progress["categories"]] == [
        ("attendance", 0.0), ("authorship", 0.0), ("education", 8.0), ("involvement", 0.0), ("leadership", 0.0)]

    assert client.get(f"/api/documents/{doc_id}", headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert client.get("/api/review-queue", headers=auth).status_code == 403
    queue = client.get("/api/review-queue", headers={"Authorization": f"Bearer {staff}"}).json
    assert [item["id"] for item in queue["items"]] == [flagged.json["id"]]
    assert queue["items"][0]["flags"] == ["name_mismatch"] and queue["items"][0]["applicant"] == "Ann Lee"

    flagged_version = client.get(f"/api/documents/{flagged.json['id']}",
                                 headers={"Authorization": f"Bearer {staff}"}).json["version"]
    decided = client.post(f"/api/documents/{flagged.json['id']}/decision", headers={"Authorization": f"Bearer {staff}"},
                          json={"outcome": "reject", "reason": "name_mismatch", "note": "Not yours",
                                "version": flagged_version})
    assert decided.status_code == 200 and decided.json["status"] == "rejected"
    bad = client.post(f"/api/documents/{doc_id}/decision", headers={"Authorization": f"Bearer {staff}"},
                      json={"outcome": "maybe"})
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_decision"
    assert (client.get(f"/api/documents/{flagged.json['id']}", headers=auth).json["decision"]["reason"]
            == "name_mismatch")


def test_api_refusals_and_auth(app: Flask, runner: FlaskCliRunner) -> None:
    from datetime import date

    from reviewer.extensions import db
    from reviewer.programs.catalogue import seed_programs
    from reviewer.programs.cycles import enrol
    token = _token(runner, "ann@example.org", "applicant", "Ann Lee")
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    not_enrolled = client.post("/api/documents", headers=auth, content_type="multipart/form-data",
                               data={"file": (io.BytesIO(hostile.zip_file()), "x.pdf")})
    assert not_enrolled.status_code == 409 and not_enrolled.json["error"]["code"] == "not_enrolled"
    seed_programs()
    enrol("ann@example.org", "SME-TECH", date(2025, 1, 1))
    db.session.commit()
    assert client.get("/api/me/progress").status_code == 401
    assert client.get("/api/me/progress", headers={"Authorization": "Bearer wrong"}).status_code == 401
    zipped = client.post("/api/documents", headers=auth, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(hostile.zip_file()), "x.pdf")})
    assert zipped.status_code == 415 and zipped.json["error"]["code"] == "unsupported_type"
    from reviewer.models import Document
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0  # refused, not kept as a failed one
    app.config["MAX_UPLOAD_BYTES"] = 1000
    big = client.post("/api/documents", headers=auth, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"%PDF" + b"x" * 5000), "big.pdf")})
    assert big.status_code == 413 and big.json["error"]["code"] == "too_large"
    empty = client.post("/api/documents", headers=auth, content_type="multipart/form-data", data={})
    assert empty.status_code == 400 and empty.json["error"]["code"] == "missing_file"


def test_tokens_are_stored_hashed(app: Flask, runner: FlaskCliRunner) -> None:
    from reviewer.extensions import db
    from reviewer.models import User
    token = _token(runner, "ann@example.org", "applicant", "Ann Lee")
    user = db.session.scalars(db.select(User)).one()
    assert user.token_hash and token not in user.token_hash and len(user.token_hash) == 64
    assert user.password_hash.startswith("scrypt:")


def test_program_rules_are_data_an_admin_changes(app: Flask, runner: FlaskCliRunner) -> None:
    from reviewer.cli.commands import programs, seed_command
    assert runner.invoke(seed_command, []).exit_code == 0
    changed = runner.invoke(programs, ["set", "ATMAE-SENIOR", "--required", "32", "--conversion", "ceu=12"])
    assert changed.exit_code == 0, changed.output
    listing = runner.invoke(programs, ["list"]).output
    assert "ATMAE-SENIOR: 32 PDU in 3 years" in listing and "'ceu': 12.0" in listing
    assert runner.invoke(programs, ["set", "ATMAE-SENIOR", "--conversion", "furlongs=3"]).exit_code == 1
    from reviewer.extensions import db
    from reviewer.models import Program
    from reviewer.programs.rules import rules_of
    rules = rules_of(db.session.scalars(db.select(Program).where(Program.code == "ATMAE-SENIOR")).one())
    assert rules.units(1.5, "ceu") == 18.0 and rules.units(2, "credit_hours") == 30.0
