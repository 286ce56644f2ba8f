"""A renewal in a real browser (issue 25): the applicant reviews the cycle and signs it off, staff find it
under Renewals, look at it as a whole and approve it, and the applicant's page shows the next cycle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import Cycle, OutboundMail
from reviewer.programs.cycles import enrol
from tests.conftest import create_user
from tests.test_browser import ARGS, CHROMIUM, _sign_in, live_url  # noqa: F401 (a fixture)
from tests.test_program_scenarios import _evidence, _program


@pytest.mark.slow
def test_an_applicant_signs_off_and_staff_approve_in_the_browser(app: Flask, staff, live_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "chromium is not installed; `make test` installs it"
    create_user("rita@example.org", "Rita Renew", program=None)
    _program("AMT-CMTSE")
    cycle = enrol("rita@example.org", "AMT-CMTSE", date(2024, 3, 1)).cycle
    db.session.commit()
    _evidence(cycle, 20, date(2025, 4, 4), sha256="1" * 64, title="Sales engineering seminar")
    _evidence(cycle, 7, date(2025, 9, 9), sha256="2" * 64, title="Machine tool safety")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            rita = browser.new_page()
            _sign_in(rita, live_url, "rita@example.org")
            rita.click("text=Review and submit your renewal")
            rita.wait_for_selector("text=Sign off and submit")
            assert "Machine tool safety" in rita.inner_text("table.counted")
            rita.check("input[name=attest]")
            rita.click("text=Submit for renewal")
            rita.wait_for_selector("text=Submitted: staff will review your cycle")

            reviewer = browser.new_page()
            _sign_in(reviewer, live_url, staff.email)
            reviewer.click("header >> text=Renewals")
            reviewer.click("table.renewals >> text=Rita Renew")
            reviewer.wait_for_selector("text=What counts")
            reviewer.click("text=Approve: recertify and begin the next cycle")
            reviewer.wait_for_selector("text=the applicant is recertified")

            rita.goto(f"{live_url}/")
            next_due = date(date.today().year + 3, 11, 1).isoformat()
            assert f"due {next_due}" in rita.inner_text("section.cycle")
        finally:
            browser.close()
    db.session.expire_all()
    assert [c.status for c in db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == cycle.applicant_id)
                                                 .order_by(Cycle.id))] == ["recertified", "open"]
    subjects = set(db.session.scalars(db.select(OutboundMail.subject).where(
        OutboundMail.to_address == "rita@example.org")))
    assert {"Renewal submitted: AMT-CMTSE", "Recertified: AMT-CMTSE"} <= subjects
