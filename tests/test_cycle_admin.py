"""Administrators' cycle actions and the cycle-outcome report (issue 25): each action checked, audited and
reflected in progress; the report counts every program's cycles by outcome and due date."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import AuditEvent, User
from reviewer.programs.cycle_admin import (
    CycleActionError,
    end_exemption,
    grant_exemption,
    outcome_report,
    recompute_outcome,
    reopen,
    set_due_date,
)
from reviewer.programs.cycles import COMPLETE, EXEMPT, OPEN, SHORT, close_due_cycles, enrol
from reviewer.programs.progress import outcome
from tests.conftest import create_user, csrf_from, login
from tests.test_program_scenarios import _evidence, _program


def _admin() -> User:
    create_user("root@example.org", "Root Admin", role="admin", program=None)
    return db.session.scalars(db.select(User).where(User.email == "root@example.org")).one()


def test_each_action_is_checked_audited_and_changes_the_cycle(app: Flask) -> None:
    admin = _admin()
    _program("ATMAE-SENIOR")
    cycle = enrol("ext@example.org", "ATMAE-SENIOR", date(2022, 1, 1)).cycle
    db.session.commit()
    close_due_cycles(date(2025, 2, 1), outcome)
    assert cycle.status == SHORT
    with pytest.raises(CycleActionError, match="Give the reason"):
        reopen(cycle, admin, " ")
    reopen(cycle, admin, "Late evidence accepted by the board")
    assert cycle.status == OPEN
    later = date.today() + timedelta(days=45)
    set_due_date(cycle, later, admin, "Extension for medical leave")
    assert (cycle.due_date, cycle.window_end) == (later, later)
    with pytest.raises(CycleActionError, match="no exemption 'sabbatical'"):
        grant_exemption(cycle, "sabbatical", admin, "x")
    grant_exemption(cycle, "retired", admin, "Retired in March")
    assert cycle.status == EXEMPT and cycle.exemption == "retired"
    end_exemption(cycle, admin, "Back at work")
    assert cycle.status == OPEN and cycle.exemption is None
    with pytest.raises(CycleActionError, match="Only an ended cycle"):
        recompute_outcome(cycle, admin)
    _evidence(cycle, 30, date(2024, 5, 5))
    set_due_date(cycle, date(2025, 1, 1), admin, "Back to the rule's date")
    close_due_cycles(date(2025, 2, 1), outcome)
    assert cycle.status == COMPLETE
    db.session.commit()
    actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.actor_id == admin.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["cycle_reopened", "cycle_due_date_set", "cycle_exempted", "cycle_exemption_ended",
                       "cycle_due_date_set"]


def test_the_outcome_report_counts_every_programs_cycles_on_a_page_and_as_csv(app: Flask) -> None:
    _admin()
    _program("SME-TECH")
    today = date.today()
    soon = enrol("soon@example.org", "SME-TECH", today.replace(year=today.year - 3) + timedelta(days=20)).cycle
    enrol("later@example.org", "SME-TECH", today.replace(year=today.year - 3) + timedelta(days=75))
    enrol("gone@example.org", "SME-TECH", date(2019, 1, 1))
    db.session.commit()
    close_due_cycles(today, outcome)
    row = {r.code: r for r in outcome_report(today)}["SME-TECH"]
    assert row.by_status["short"] == 1 and row.by_status["open"] == 2
    assert row.due_within == {30: 1, 60: 1, 90: 2} and soon.status == OPEN
    client = app.test_client()
    login(client, "root@example.org")
    assert "SME-TECH" in client.get("/admin/cycles").get_data(as_text=True)
    lines = list(csv.DictReader(io.StringIO(client.get("/admin/cycles.csv").get_data(as_text=True))))
    sme = next(line for line in lines if line["program"] == "SME-TECH")
    assert (sme["short"], sme["open"], sme["due_within_90_days"]) == ("1", "2", "2")


def test_an_action_through_the_page_and_a_refused_one_in_words(app: Flask) -> None:
    _admin()
    _program("AMT-CMTSE")
    cycle = enrol("page@example.org", "AMT-CMTSE", date(2024, 2, 2)).cycle
    db.session.commit()
    client = app.test_client()
    login(client, "root@example.org")
    token = csrf_from(client, f"/admin/cycles/{cycle.id}")
    refused = client.post(f"/admin/cycles/{cycle.id}/due_date", data={"csrf_token": token, "due_date": "soon",
                                                                     "reason": "x"}, follow_redirects=True)
    assert "Give the due date as YYYY-MM-DD" in refused.get_data(as_text=True)
    done = client.post(f"/admin/cycles/{cycle.id}/due_date", data={"csrf_token": token, "due_date": "2027-12-01",
                                                                  "reason": "Extension"}, follow_redirects=True)
    assert "due date done" in done.get_data(as_text=True)
    db.session.expire_all()
    assert str(db.session.get_one(type(cycle), cycle.id).due_date) == "2027-12-01"


def test_programs_list_and_set_show_and_change_categories_caps_and_due_rules(app: Flask) -> None:
    from reviewer.cli.commands import programs

    _program("SME-TECH")
    runner = app.test_cli_runner()
    shown = runner.invoke(programs, ["list"]).output
    assert "category education (Education)" in shown and "exemption retired (Retired member)" in shown
    assert "due the window's last day" in shown and "counts other programs' evidence" in shown
    changed = runner.invoke(programs, ["set", "SME-TECH", "--cap", "education=10", "--minimum", "authorship=5",
                                       "--due-rule", "november_1_third_year"])
    assert changed.exit_code == 0, changed.output
    shown = runner.invoke(programs, ["list"]).output
    assert "category education (Education): at most 10" in shown
    assert "category authorship (Authorship / Ownership): at least 5" in shown
    refused = runner.invoke(programs, ["set", "SME-TECH", "--cap", "golf=3"])
    assert refused.exit_code == 1 and "no category 'golf'" in refused.output
    uncapped = runner.invoke(programs, ["set", "SME-TECH", "--cap", "education="])
    assert uncapped.exit_code == 0 and "education (Education): at most" not in runner.invoke(programs, ["list"]).output
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "program_changed")
                               .order_by(AuditEvent.id)).first()
    assert event is not None and event.detail["after"]["due_rule"] == "november_1_third_year"


def test_each_program_page_says_which_of_its_tables_we_do_not_have(app: Flask) -> None:
    _admin()
    client = app.test_client()
    login(client, "root@example.org")
    for code, words in (("ATMAE-SENIOR", "no PDU table"), ("AMT-CMTSE", "list of qualifying PDPs"),
                        ("SME-TECH", "PDF table")):
        program_id = _program(code).id
        assert words in client.get(f"/admin/programs/{program_id}").get_data(as_text=True), code
