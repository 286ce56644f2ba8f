"""Issue 25, what the programs ask, from the administrators' pages: enrolment records the certifications
held and ATMAE's qualifying degree, and the program editor sets shared evidence and the accepted codes."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from reviewer.extensions import db
from reviewer.models import Cycle, User
from tests.conftest import create_user, csrf_from
from tests.test_admin_pages import _program, _rules_form, ada, admin  # noqa: F401 (fixtures)


def test_the_enrol_page_records_certifications_and_the_qualifying_degree(app: Flask, ada: FlaskClient) -> None:
    create_user("x@example.org", "X")  # seeds the programs
    page = ada.get("/admin/enrol").get_data(as_text=True)
    assert "Certifications held" in page and "Qualifying degree: institution" in page
    response = ada.post("/admin/enrol", data={
        "csrf_token": csrf_from(ada, "/admin/enrol"), "email": "cora@example.org", "name": "Cora Cert",
        "program": "ATMAE-SENIOR", "certified_on": "2025-03-01", "certifications": "cms",
        "degree_institution": "Lakeside State College", "degree_year": "2012"})
    assert response.status_code == 302, response.get_data(as_text=True)
    user = db.session.scalars(db.select(User).where(User.email == "cora@example.org")).one()
    cycle = db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == user.id)).one()
    assert (cycle.certifications, cycle.degree_institution, cycle.degree_year) == (
        ["CMS"], "Lakeside State College", 2012)
    refused = ada.post("/admin/enrol", data={
        "csrf_token": csrf_from(ada, "/admin/enrol"), "email": "dan@example.org", "program": "ATMAE-SENIOR",
        "certified_on": "2025-03-01", "certifications": "CMS, PMP"})
    assert refused.status_code == 400 and "does not know the certification 'PMP'" in refused.get_data(
        as_text=True).replace("&#39;", "'")


def test_the_program_editor_sets_shared_evidence_and_accepted_certifications(app: Flask, ada: FlaskClient) -> None:
    create_user("x@example.org", "X")
    sme = _program("SME-TECH")
    form = _rules_form(ada, sme.id)
    assert "shares_evidence" not in form and form["credentials"] == [""]
    form |= {"shares_evidence": ["1"], "credentials": ["cmfgt, CMfgE  cmfgt"]}
    assert ada.post(f"/admin/programs/{sme.id}", data=form).status_code == 302
    db.session.expire_all()
    sme = _program("SME-TECH")
    assert sme.shares_evidence is True and sme.credentials == ["CMFGT", "CMFGE"]
    again = _rules_form(ada, sme.id)
    assert again["shares_evidence"] == ["1"] and again["credentials"] == ["CMFGT, CMFGE"]
    bad = ada.post(f"/admin/programs/{sme.id}", data={**again, "credentials": ["CMFGT, <b>"]})
    assert bad.status_code == 400 and "is not a code" in bad.get_data(as_text=True)
