"""Renewal as a submission (issue 25): the applicant signs off a cycle that meets its requirement, staff
approve it (recertified; the next cycle begins with the program's dates) or return it with a note; each
step is audited and mailed, and nobody takes a step that is not theirs."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import AuditEvent, Cycle, DocumentStatus, OutboundMail, User
from reviewer.programs.cycles import OPEN, cycles_of, enrol
from reviewer.programs.renewal import RECERTIFIED, SUBMITTED, RenewalError, approve, return_to_applicant, submit
from tests.conftest import csrf_from, login
from tests.test_program_scenarios import _evidence, _program


def _user(user_id: int) -> User:
    return db.session.get_one(User, user_id)


def _amt_cycle(email: str) -> Cycle:
    _program("AMT-CMTSE")
    cycle = enrol(email, "AMT-CMTSE", date(2024, 3, 1)).cycle
    db.session.commit()
    return cycle


def test_a_cycle_is_submitted_only_when_it_meets_the_requirement_and_is_attested(app: Flask) -> None:
    cycle = _amt_cycle("sign@example.org")
    applicant = _user(cycle.applicant_id)
    _evidence(cycle, 20, date(2025, 4, 4), sha256="1" * 64)
    with pytest.raises(RenewalError, match="7 PDPs still needed"):
        submit(cycle, applicant, attested=True)
    _evidence(cycle, 7, date(2025, 5, 5), sha256="2" * 64, title="Sales engineering")
    with pytest.raises(RenewalError, match="Tick the attestation"):
        submit(cycle, applicant, attested=False)
    submit(cycle, applicant, attested=True)
    db.session.commit()
    assert cycle.status == SUBMITTED and cycle.submitted_at is not None and "I attest" in (cycle.attestation or "")
    with pytest.raises(RenewalError, match="only an open cycle"):
        submit(cycle, applicant, attested=True)


def test_staff_approve_a_renewal_and_the_next_cycle_begins_or_return_it_with_a_note(app: Flask, staff) -> None:
    approved, returned = _amt_cycle("approve@example.org"), _amt_cycle("return@example.org")
    reviewer = _user(staff.id)
    for n, cycle in enumerate((approved, returned)):
        _evidence(cycle, 27, date(2025, 4, 4), sha256=f"{n}" * 64)
        submit(cycle, _user(cycle.applicant_id), attested=True)
    db.session.commit()
    with pytest.raises(RenewalError, match="reviewed by staff"):
        approve(approved, _user(approved.applicant_id), date(2026, 2, 1))
    following = approve(approved, reviewer, date(2026, 2, 1))
    db.session.commit()
    assert approved.status == RECERTIFIED and approved.reviewed_by_id == staff.id
    assert (following.cycle.window_start, following.cycle.due_date) == (date(2026, 2, 1), date(2029, 11, 1))
    assert [c.status for c in cycles_of(_user(approved.applicant_id))] == [OPEN, RECERTIFIED]
    with pytest.raises(RenewalError, match="Say in a note"):
        return_to_applicant(returned, reviewer, "  ")
    return_to_applicant(returned, reviewer, "The seminar certificate names no hours; send the agenda.")
    db.session.commit()
    assert returned.status == OPEN and returned.review_note.startswith("The seminar")
    submit(returned, _user(returned.applicant_id), attested=True)  # and again, once mended
    actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action.like("renewal_%"))).all()
    assert sorted(actions) == ["renewal_approved", "renewal_returned", "renewal_submitted", "renewal_submitted",
                               "renewal_submitted"]


def test_the_whole_renewal_through_the_pages_with_mail_at_each_step(app: Flask, staff) -> None:
    from tests.conftest import create_user

    create_user("nora@example.org", "Nora Pages", program=None)
    cycle = _amt_cycle("nora@example.org")
    _evidence(cycle, 27, date(2025, 4, 4), sha256="9" * 64)
    _evidence(cycle, 3, date(2025, 6, 6), sha256="8" * 64, status=DocumentStatus.NEEDS_REVIEW, title="Pending one")
    person = app.test_client()
    login(person, "nora@example.org")
    page = person.get("/renewal").get_data(as_text=True)
    assert "Welding safety" in page and "3 PDPs still waiting for review" in page and "Submit for renewal" in page
    token = csrf_from(person, "/renewal")
    refused = person.post("/renewal", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "Tick the attestation" in refused
    done = person.post("/renewal", data={"csrf_token": token, "attest": "y"}, follow_redirects=True)
    assert "Submitted: staff will review" in done.get_data(as_text=True)
    assert person.get("/staff/renewals").status_code in (403, 404)  # an applicant sees no staff page
    reviewer = app.test_client()
    login(reviewer, staff.email)
    listing = reviewer.get("/staff/renewals").get_data(as_text=True)
    assert "Nora Pages" in listing and "AMT-CMTSE" in listing
    whole = reviewer.get(f"/staff/renewals/{cycle.id}").get_data(as_text=True)
    assert "Still waiting for review" in whole and "I attest" in whole and "Welding safety" in whole
    token = csrf_from(reviewer, f"/staff/renewals/{cycle.id}")
    approved = reviewer.post(f"/staff/renewals/{cycle.id}/approve", data={"csrf_token": token},
                             follow_redirects=True)
    assert "the applicant is recertified" in approved.get_data(as_text=True)
    subjects = db.session.scalars(db.select(OutboundMail.subject).where(OutboundMail.to_address ==
                                                                        "nora@example.org")).all()
    assert {"Renewal submitted: AMT-CMTSE", "Recertified: AMT-CMTSE"} <= set(subjects)
    assert "due" in person.get("/").get_data(as_text=True)
