"""Issue 12: cycles follow each program's due-date rule, exemptions need their grounds, and progress
applies category minimums, caps and exclusions."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import Activity, Document, DocumentStatus, Extraction, Program, ReviewDecision
from reviewer.programs.catalogue import seed_programs
from reviewer.programs.cycles import COMPLETE, EXEMPT, SHORT, EnrolmentError, close_due_cycles, enrol, term
from reviewer.programs.progress import cycle_progress, met, outcome


def _program(code: str) -> Program:
    seed_programs()
    return db.session.scalars(db.select(Program).where(Program.code == code)).one()


@pytest.mark.parametrize(("code", "certified", "window", "due"), [
    ("AMT-CMTSE", date(2018, 6, 15), (date(2018, 6, 15), date(2021, 11, 1)), date(2021, 11, 1)),
    ("AMT-CMTSE", date(2019, 1, 2), (date(2019, 1, 2), date(2022, 11, 1)), date(2022, 11, 1)),
    ("ATMAE-SENIOR", date(2023, 4, 10), (date(2023, 4, 10), date(2026, 4, 10)), date(2026, 4, 10)),
    ("SME-TECH", date(2024, 2, 29), (date(2024, 2, 29), date(2027, 2, 28)), date(2027, 2, 28)),
])
def test_due_dates_follow_each_programs_rule(app: Flask, code: str, certified: date, window: tuple[date, date],
                                             due: date) -> None:
    start, end, due_on = term(_program(code), certified)
    assert (start, end, due_on) == (*window, due)


def test_enrolment_creates_the_applicant_and_refuses_what_makes_no_sense(app: Flask, staff) -> None:
    _program("SME-TECH")
    made = enrol("New.Person@Example.org", "SME-TECH", date(2025, 3, 1), name="New\u202e Person", multiple=True)
    assert made.created_user and made.user.email == "new.person@example.org" and made.user.name == "New Person"
    assert made.cycle.required_units == 54 and made.cycle.due_date == date(2028, 3, 1)
    again = enrol("new.person@example.org", "AMT-CMTSE", date(2025, 3, 1))  # a second certification
    assert not again.created_user and again.cycle.due_date == date(2028, 11, 1)
    for args, message in ((("new.person@example.org", "SME-TECH", date(2025, 3, 1)), "already enrolled"),
                          (("x@example.org", "NOPE", date(2025, 3, 1)), "There is no program 'NOPE'"),
                          (("x@example.org", "AMT-CMTSE", date(2025, 3, 1), None, True), "no requirement for several"),
                          ((staff.email, "SME-TECH", date(2025, 3, 1)), "reviewers are not enrolled"),
                          (("not-an-address", "SME-TECH", date(2025, 3, 1)), "not an e-mail address")):
        with pytest.raises(EnrolmentError, match=message):
            enrol(*args)


def test_exemptions_need_their_grounds_and_then_require_nothing(app: Flask) -> None:
    _program("ATMAE-SENIOR")
    with pytest.raises(EnrolmentError, match="20 continuous certified years"):
        enrol("life@example.org", "ATMAE-SENIOR", date(2025, 1, 1), exemption="life_member", exemption_reason="x",
              certified_since=date(2010, 1, 1))
    with pytest.raises(EnrolmentError, match="Give the reason"):
        enrol("old@example.org", "ATMAE-SENIOR", date(2025, 1, 1), exemption="retired")
    with pytest.raises(EnrolmentError, match="no exemption 'retired'"):
        enrol("sme@example.org", "SME-TECH", date(2025, 1, 1), exemption="retired", exemption_reason="x")
    made = enrol("life@example.org", "ATMAE-SENIOR", date(2025, 1, 1), exemption="life_member",
                 exemption_reason="Certified since 2004", certified_since=date(2004, 5, 1))
    progress = cycle_progress(made.cycle)
    assert made.cycle.status == EXEMPT and progress.exempt and progress.needed == 0 and progress.percent == 100
    assert progress.as_dict()["exemption_reason"] == "Certified since 2004"


def _accepted(cycle, category: str | None, units: float, when: date, excluded: str | None = None,
              status: str = DocumentStatus.ACCEPTED) -> None:
    made = db.session.scalar(db.select(db.func.count(Document.id))) or 0  # each its own file and activity
    doc = Document(applicant_id=cycle.applicant_id, cycle_id=cycle.id, sha256=f"{made:064x}", original_name="x.pdf",
                   size=1, status=status)
    db.session.add(doc)
    db.session.flush()
    extraction = Extraction(document_id=doc.id, version=1, pipeline_version="t", text_source="text", pages=1)
    db.session.add(extraction)
    db.session.flush()
    db.session.add(Activity(extraction_id=extraction.id, title=f"t{made}", date=when, amount_value=units,
                            amount_unit="contact_hours", category=category, excluded_reason=excluded))
    doc.latest_extraction_id = extraction.id
    if status == DocumentStatus.ACCEPTED:
        db.session.add(ReviewDecision(document_id=doc.id, extraction_id=extraction.id, outcome="accept"))
    db.session.commit()


def test_progress_applies_caps_minimums_exclusions_and_counts_pending(app: Flask) -> None:
    program = _program("SME-TECH")
    categories = [dict(c) for c in program.categories]
    categories[2]["max"] = 10  # education: at most 10 credits
    categories[1]["min"] = 5  # authorship: at least 5
    program.categories = categories
    db.session.commit()
    cycle = enrol("ann@example.org", "SME-TECH", date(2024, 1, 1)).cycle
    db.session.commit()
    when = date(2025, 6, 1)
    _accepted(cycle, "education", 8, when)
    _accepted(cycle, "education", 8, when)  # 16 accepted, 10 count
    _accepted(cycle, "authorship", 2, when)
    _accepted(cycle, "attendance", 6, when)
    _accepted(cycle, "attendance", 30, when, excluded="Coursework toward the qualifying degree")
    _accepted(cycle, "attendance", 30, date(2020, 1, 1))  # outside the window
    _accepted(cycle, "leadership", 4, when, status=DocumentStatus.NEEDS_REVIEW)
    progress = cycle_progress(cycle)
    by_code = {c.code: c for c in progress.categories}
    assert (by_code["education"].accepted, by_code["education"].counted) == (16, 10)
    assert by_code["authorship"].short_of_minimum == 3
    assert progress.earned == 18 and progress.pending == 4 and progress.needed == 18
    assert not met(cycle)


def test_cycles_close_as_complete_or_short_at_their_due_date(app: Flask) -> None:
    _program("AMT-CMTSE")
    done = enrol("done@example.org", "AMT-CMTSE", date(2022, 5, 1)).cycle
    short = enrol("short@example.org", "AMT-CMTSE", date(2022, 5, 1)).cycle
    running = enrol("later@example.org", "AMT-CMTSE", date(2024, 5, 1)).cycle
    db.session.commit()
    _accepted(done, "education", 27, date(2024, 1, 1))
    closed = close_due_cycles(date(2025, 11, 2), outcome)
    assert {c.id: c.status for c in closed} == {done.id: COMPLETE, short.id: SHORT}
    assert running.status == "open" and all(isinstance(c.closed_at, datetime) for c in closed)


def test_staff_change_an_activitys_category_and_exclude_it_audited(app: Flask, applicant, staff) -> None:
    from reviewer.models import AuditEvent
    from tests.conftest import csrf_from
    from tests.test_workflow import _flagged_in_queue
    program = _program("ATMAE-SENIOR")
    program.categories = [{"code": "education", "name": "Education", "kinds": ["education"]},
                          {"code": "self_study", "name": "Self-study", "kinds": ["self_study"], "max": 10}]
    db.session.commit()
    _, reviewer, doc = _flagged_in_queue(app, applicant, staff, "x.pdf")
    activity = db.session.scalars(db.select(Activity)).first()
    assert activity.category == "education"  # suggested from the words ("course" → education)
    url = f"/staff/activities/{activity.id}"
    form = {"title": activity.title, "date": activity.date.isoformat(), "amount_value": "8",
            "amount_unit": "contact_hours"}
    bad = reviewer.post(url, follow_redirects=True,
                        data={**form, "category": "nonsense",
                              "csrf_token": csrf_from(reviewer, f"/staff/documents/{doc.id}")})
    assert "Choose one of the program" in bad.get_data(as_text=True)
    reviewer.post(url, data={**form, "category": "self_study", "excluded_reason": "Coursework toward the degree",
                             "csrf_token": csrf_from(reviewer, f"/staff/documents/{doc.id}")})
    db.session.expire_all()
    changed = db.session.get(Activity, activity.id)
    assert (changed.category, changed.excluded_reason) == ("self_study", "Coursework toward the degree")
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "activity_corrected")).all()
    assert event.detail["before"]["category"] == "education" and event.detail["after"]["category"] == "self_study"
