"""The whole flow in a real browser: Playwright driving Debian's Chromium against a live server.

An applicant signs in and uploads a certificate; a staff member sees it in the queue with the fields
marked on the page image and accepts it with one key; the applicant sees it accepted and the progress.

Every page is also checked by axe-core (pinned in package.json, installed by `make test-deps`) at desktop
width and at 390 px, where the page must not scroll sideways and keyboard triage must still work.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from reviewer.extensions import db
from reviewer.mail.outbox import queue_mail
from reviewer.models import Cycle
from tests import hostile
from tests.conftest import PASSWORD, create_user, login, run_worker
from tests.test_workflow import _certificate, _doc, _upload

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)  # a desktop, and a phone held upright
BLOCKING = {"serious", "critical"}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.slow
def test_upload_review_accept_progress(app: Flask, applicant, staff, live_url: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "chromium is not installed; `make test` installs it"
    app.config["AUDIT_SAMPLE_RATE"] = 1.0  # the clean certificate is drawn for the audit sample
    certificate = tmp_path / "spc-certificate.pdf"
    certificate.write_bytes(_certificate())
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            person = browser.new_page(viewport={"width": 1280, "height": 900})
            _sign_in(person, live_url, applicant.email)
            person.set_input_files("input[type=file]", str(certificate))
            person.click("form[enctype] button[type=submit]")
            person.wait_for_selector("text=spc-certificate.pdf uploaded")
            run_worker(app)
            person.reload()
            person.screenshot(path=str(shots / "applicant-before.png"), full_page=True)

            reviewer = browser.new_page(viewport={"width": 1400, "height": 1000})
            _sign_in(reviewer, live_url, staff.email)
            reviewer.wait_for_selector("table.queue")
            assert "audit sample" in reviewer.inner_text("table.queue")  # the flag's label for staff
            reviewer.screenshot(path=str(shots / "queue.png"), full_page=True)
            reviewer.click("table.queue a >> nth=0")
            reviewer.wait_for_selector(".page img")
            reviewer.wait_for_function("document.querySelector('.page img').complete")
            for field in ("title", "date", "amount"):
                assert reviewer.locator(f".box-{field}").count() >= 1
            assert reviewer.locator(".box-title").get_attribute("title").endswith("Statistical Process Control")
            reviewer.screenshot(path=str(shots / "document.png"), full_page=True)
            reviewer.keyboard.press("a")
            reviewer.wait_for_selector("text=Accepted document")

            person.goto(live_url + "/")
            person.wait_for_selector(".s-accepted")
            figures = person.inner_text(".cycle")  # the dashboard's cycle card (templates/_progress.html)
            assert "8 of 30 PDUs" in figures and "2023-11-01 to 2026-11-01" in figures
            person.screenshot(path=str(shots / "applicant-after.png"), full_page=True)
        finally:
            browser.close()


_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


def _page_problems(page, label: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, at each width, and any
    sideways scrolling at the narrow one. Collected, not asserted one by one, so one run names them all."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))  # inline: the context bypasses the CSP for this only
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for v in page.evaluate(_AXE_RUN):
            if v["impact"] in BLOCKING:
                problems.append(f"{label} @{width}px: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}")
        if width < 500:
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                problems.append(f"{label} @{width}px: the page scrolls sideways ({scroll} > {inner} px)")
    return problems


@pytest.mark.slow
def test_every_page_passes_axe_and_fits_390px(app: Flask, applicant, staff, live_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "chromium is not installed; `make test` installs it"
    assert AXE.exists(), "axe-core is not installed; `make test-deps` runs npm ci"
    admin_email = create_user("ada@example.org", "Ada Admin", role="admin").email
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("bob.pdf", _certificate(name="Bob Stone")), ("cert.pdf", _certificate()),
                     ("archive.pdf", hostile.zip_file())])
    run_worker(app)
    flagged, accepted, failed = _doc("bob.pdf").id, _doc("cert.pdf").id, _doc("archive.pdf").id
    cycle_id = db.session.scalars(db.select(Cycle.id).where(Cycle.applicant_id == applicant.id)).first()
    long_link = "https://reviewer.example.org/password/" + "Ab3x" * 40  # a mailed link has no spaces to wrap at
    mail = queue_mail(applicant.email, "Set your reviewer password", f"Hello,\n\nChoose a password: {long_link}\n",
                      "enrolled")
    db.session.commit()
    pages = {
        None: ["/login", "/password/forgot", "/account/request", "/no-such-page"],
        applicant.email: ["/", f"/documents/{accepted}", f"/documents/{failed}", f"/documents/{flagged}",
                          "/staff/queue", "/settings", "/renewal"],
        staff.email: ["/staff/queue", "/staff/queue?flag=bogus", f"/staff/documents/{failed}", "/staff/failed",
                      "/admin/batches",
                      "/staff/renewals", f"/staff/renewals/{cycle_id}", f"/staff/documents/{flagged}"],
        admin_email: ["/admin/batches", "/admin/mail", "/admin/users", f"/admin/users/{applicant.id}",
                      "/admin/requests", "/admin/enrol", "/admin/programs", "/admin/programs/3", "/admin/audit",
                      "/admin/cycles", f"/admin/cycles/{cycle_id}", f"/admin/mail/{mail.id}"],
    }
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for email, paths in pages.items():
                context = browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[0], "height": 900})
                page = context.new_page()
                if email:
                    _sign_in(page, live_url, email)
                    page.wait_for_load_state()
                for path in paths:
                    page.goto(live_url + path)
                    problems += _page_problems(page, f"{email or 'signed out'} {path}")
                if email == staff.email:
                    _triage_by_keyboard_at_390(page, flagged)
                context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)


def _triage_by_keyboard_at_390(page, document_id: int) -> None:
    """On a phone-width staff document page: the skip link comes first, the page image is full width
    above the decision panel, and r, s and a still reach the decision forms."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.url)  # the document page, opened last
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.evaluate("document.activeElement.blur()")
    page.wait_for_function("document.querySelector('.page img').complete")
    image, panel = page.locator(".page img").bounding_box(), page.locator("section.side").bounding_box()
    assert image["width"] > 300 and panel["y"] >= image["y"] + image["height"]
    # Zoomed in, the page grows inside its own frame, which pans; the page itself still fits 390 px.
    page.click("button[aria-label='Zoom in']")
    page.click("button[aria-label='Zoom in']")
    assert page.inner_text(".zoom-level") == "200%"
    zoomed, frame = page.locator(".page img").bounding_box(), page.locator(".page-view").first.bounding_box()
    assert zoomed["width"] > 1.9 * frame["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator(".page-view").first.evaluate("frame => frame.scrollLeft = 200")
    assert page.locator(".page-view").first.evaluate("frame => frame.scrollLeft") > 0
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "reject-reason"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "resubmit-note"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("a")
    page.wait_for_selector(f"text=Accepted document {document_id} (bob.pdf) for Ann Lee.")
