"""An applicant from enrolment to transcript in a real browser (issue 12): the set-password link caught
by the test's SMTP server, evidence in two categories, a staff acceptance and a resubmission round trip,
then category progress, the due date and the downloaded transcript."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask

from reviewer.cli.enrol import enrol_command
from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus
from reviewer.programs.catalogue import seed_programs
from tests.conftest import run_worker
from tests.smtp_server import SmtpServer, body, smtp  # noqa: F401 (a fixture)
from tests.test_browser import ARGS, CHROMIUM, _page_problems, live_url  # noqa: F401 (a fixture)
from tests.test_workflow import _certificate

NEW_PASSWORD = "a password of her own choosing"


def _doc(name: str) -> Document:
    db.session.expire_all()
    return db.session.scalars(db.select(Document).where(Document.original_name == name)).one()


def _settled(page):
    """The same person in a new tab: the old tab's live status may reload it at any moment once the
    worker has run, which would cancel a navigation the test starts there. The old tab is left open:
    closing a tab in the middle of such a reload can hang Playwright's close()."""
    return page.context.new_page()


def _upload(page, path: Path) -> None:
    page.set_input_files("form[enctype] input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector(f"text={path.name} uploaded")


@pytest.mark.slow
def test_an_applicant_from_enrolment_to_transcript(app: Flask, staff, live_url: str, smtp: SmtpServer,
                                                  tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "chromium is not installed; `make test` installs it"
    seed_programs()
    app.config["PUBLIC_URL"] = live_url  # mail links lead to the server that sent them
    enrolled = app.test_cli_runner().invoke(enrol_command, ["nia@example.org", "SME-TECH", "--certified-on",
                                                            "2025-01-01", "--name", "Nia New"])
    assert enrolled.exit_code == 0, enrolled.output
    run_worker(app)  # sends the enrolment mail
    [welcome] = smtp.to("nia@example.org")
    files = {"conference.pdf": _certificate(name="Nia New", title="Annual Manufacturing Conference",
                                            when="March 14, 2025"),
             "course.pdf": _certificate(name="Nia New", title="Statistical Process Control Training Course",
                                        when="April 2, 2025"),
             "other-name.pdf": _certificate(name="Robert Stone", title="Lean Six Sigma Workshop", when="May 5, 2025"),
             "blurry.pdf": _certificate(name="Bob Stone", title="Metrology Seminar", when="June 9, 2025"),
             "clear.pdf": _certificate(name="Nia New", title="Metrology Seminar", when="June 9, 2025"),
             "mistake.pdf": _certificate(name="Nia New", title="Welding Safety", when="July 1, 2025")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            nia = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900},
                                      accept_downloads=True).new_page()
            [link] = re.findall(r"http://\S+/password/\S+", body(welcome))
            assert link.startswith(live_url + "/password/")
            nia.goto(link)  # the mailed link itself, followed as it was sent
            assert "Set your password" in nia.inner_text("main") and "Sign out" not in nia.inner_text("body")
            nia.fill("input[name=password]", NEW_PASSWORD)
            nia.fill("input[name=confirm]", NEW_PASSWORD)
            nia.click("button[type=submit]")
            nia.wait_for_selector("text=Your password is set, and you are signed in.")
            nia.wait_for_selector("text=still needed")
            # Sent by mistake: taken back before anyone decided on it.
            _upload(nia, tmp_path / "mistake.pdf")
            nia.goto(f"{live_url}/documents/{_doc('mistake.pdf').id}")
            nia.click("text=Withdraw this document")
            nia.wait_for_selector("text=mistake.pdf withdrawn")
            assert "mistake.pdf" not in nia.inner_text("main").split("Documents")[-1]
            problems = _page_problems(nia, "dashboard after withdrawing")
            assert not problems, "\n".join(problems)
            for name in ("conference.pdf", "course.pdf", "other-name.pdf", "blurry.pdf"):
                _upload(nia, tmp_path / name)
            run_worker(app)
            assert _doc("mistake.pdf").status == DocumentStatus.WITHDRAWN  # its queued job changed nothing
            assert {_doc(n).status for n in ("conference.pdf", "course.pdf")} == {DocumentStatus.ACCEPTED}
            assert {_doc(n).status for n in ("other-name.pdf", "blurry.pdf")} == {DocumentStatus.NEEDS_REVIEW}

            sam = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            sam.goto(f"{live_url}/login")
            sam.fill("input[name=email]", staff.email)
            sam.fill("input[name=password]", "correct horse battery")
            sam.click("button[type=submit]")
            sam.goto(f"{live_url}/staff/documents/{_doc('other-name.pdf').id}")
            sam.click("#accept-form button")
            sam.wait_for_selector("text=Accepted document")
            sam.goto(f"{live_url}/staff/documents/{_doc('blurry.pdf').id}")
            sam.fill("#resubmit-note", "Please send the certificate issued in your own name.")
            sam.click("#resubmit-form button")
            sam.wait_for_selector("text=resubmit")

            nia = _settled(nia)
            nia.goto(f"{live_url}/documents/{_doc('blurry.pdf').id}")
            assert "Please send the certificate issued in your own name." in nia.inner_text("main")
            nia.set_input_files("form[action$='/resubmit'] input[type=file]", str(tmp_path / "clear.pdf"))
            nia.click("form[action$='/resubmit'] button[type=submit]")
            nia.wait_for_selector("text=sent in answer to the request")
            run_worker(app)
            assert _doc("blurry.pdf").status == DocumentStatus.RESUBMITTED
            assert _doc("clear.pdf").status == DocumentStatus.ACCEPTED
            assert _doc("clear.pdf").resubmission_of_id == _doc("blurry.pdf").id

            nia = _settled(nia)
            nia.goto(f"{live_url}/")
            card = nia.inner_text("section.cycle")
            assert "due 2028-01-01" in card and "days left" in card and "still needed" in card
            categories = {row[0]: row for row in (r.split("\t") for r in
                                                  nia.locator("table.categories tbody tr").all_inner_texts())}
            assert float(categories["Attendance"][2]) > 0 and float(categories["Education"][2]) > 0
            with nia.expect_download() as csv_download:
                nia.click("text=(CSV)")
            rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text())))
            assert {r["category"] for r in rows} >= {"Attendance", "Education"}  # the names the page shows
            assert {"Annual Manufacturing Conference", "Metrology Seminar"} <= {r["title"] for r in rows}
            with nia.expect_download() as pdf_download:
                nia.click("text=Compliance transcript (PDF)")
            assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")
        finally:
            browser.close()
    subjects = [m["Subject"] for m in smtp.to("nia@example.org")]
    assert "Please send a new file for blurry.pdf" in subjects and "Accepted: other-name.pdf" in subjects
