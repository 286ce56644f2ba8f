"""A whole renewal in a real browser, once per program (issue 25): an administrator enrols the applicant,
who follows the mailed link, sets a password, uploads certificates that meet the requirement, reviews the
cycle and signs it off; staff find it under Renewals, look at it as a whole and approve it; the
applicant's page shows the next cycle. The certificates are the ones `make demo` gives its ready
applicants (reviewer/cli/demo_renewals.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from reviewer.cli.demo_renewals import ready_certified_on, ready_files
from reviewer.extensions import db
from reviewer.models import Cycle, OutboundMail, Program, User
from reviewer.programs.catalogue import seed_programs
from reviewer.programs.due_rules import DUE_RULES
from tests.conftest import create_user, run_worker
from tests.test_browser import ARGS, CHROMIUM, _page_problems, _sign_in, live_url  # noqa: F401 (a fixture)

NEW_PASSWORD = "a renewal passphrase"


@pytest.mark.slow
@pytest.mark.parametrize("code", ["ATMAE-SENIOR", "AMT-CMTSE", "SME-TECH"])
def test_one_applicant_per_program_from_enrolment_to_the_next_cycle(app: Flask, staff, live_url: str,
                                                                     tmp_path: Path, code: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "chromium is not installed; `make test` installs it"
    app.config["PUBLIC_URL"] = live_url
    seed_programs()
    create_user("ada@example.org", "Ada Admin", role="admin")
    today = date.today()
    certified_on = ready_certified_on(today)
    program = db.session.scalars(db.select(Program).where(Program.code == code)).one()
    paths = []
    for filename, data in ready_files(program, "Rita Renew", today):
        paths.append(tmp_path / filename)
        paths[-1].write_bytes(data)
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ada = browser.new_context(bypass_csp=True).new_page()
            _sign_in(ada, live_url, "ada@example.org")
            ada.goto(f"{live_url}/admin/enrol")
            ada.fill("input[name=email]", "rita@example.org")
            ada.fill("input[name=name]", "Rita Renew")
            ada.select_option("select[name=program]", code)
            ada.fill("input[name=certified_on]", certified_on.isoformat())
            ada.click("form.batch-form button[type=submit]")
            ada.wait_for_selector(f"text=rita@example.org enrolled in {code}")

            [mail] = db.session.scalars(db.select(OutboundMail).where(
                OutboundMail.to_address == "rita@example.org")).all()
            [link] = re.findall(r"http://\S+/password/\S+", mail.body)
            rita = browser.new_context(bypass_csp=True).new_page()
            rita.goto(link)
            rita.fill("input[name=password]", NEW_PASSWORD)
            rita.fill("input[name=confirm]", NEW_PASSWORD)
            rita.click("button[type=submit]")
            rita.wait_for_selector("text=Your password is set, and you are signed in.")
            rita.set_input_files("form[enctype] input[type=file]", [str(p) for p in paths])
            rita.click("form[enctype] button[type=submit]")
            rita.wait_for_selector(f"text={paths[-1].name} uploaded")
            run_worker(app)

            rita = rita.context.new_page()  # the old tab reloads on its own once the status changes
            rita.goto(f"{live_url}/")
            assert "requirement met" in rita.inner_text("section.cycle")
            rita.click("text=Review and submit your renewal")
            rita.wait_for_selector("text=Sign off and submit")
            assert "Statistical Process Control" in rita.inner_text("table.counted")
            problems += _page_problems(rita, f"{code} renewal page")
            rita.check("input[name=attest]")
            rita.click("text=Submit for renewal")
            rita.wait_for_selector("text=Submitted: staff will review your cycle")

            reviewer = browser.new_context(bypass_csp=True).new_page()
            _sign_in(reviewer, live_url, staff.email)
            reviewer.click("header >> text=Renewals")
            reviewer.click("table.renewals >> text=Rita Renew")
            reviewer.wait_for_selector("text=What counts")
            problems += _page_problems(reviewer, f"{code} staff renewal page")
            reviewer.click("text=Approve: recertify and begin the next cycle")
            reviewer.wait_for_selector("text=the applicant is recertified")

            rita.goto(f"{live_url}/")
            # Recertified today: the next cycle follows from today by the program's own rule.
            _, _, next_due = DUE_RULES[program.due_rule].dates(date.today(), program.window_years)
            assert f"due {next_due.isoformat()}" in rita.inner_text("section.cycle")
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    user = db.session.scalars(db.select(User).where(User.email == "rita@example.org")).one()
    assert [c.status for c in db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == user.id)
                                                 .order_by(Cycle.id))] == ["recertified", "open"]
    subjects = set(db.session.scalars(db.select(OutboundMail.subject).where(
        OutboundMail.to_address == "rita@example.org")))
    assert {f"Renewal submitted: {code}", f"Recertified: {code}"} <= subjects
