"""The whole flow in a real browser: Playwright driving Debian's Chromium against a live server.

An applicant signs in and uploads a certificate; a staff member sees it in the queue with the fields
marked on the page image and accepts it with one key; the applicant sees it accepted and the progress.
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

from tests.conftest import PASSWORD, run_worker
from tests.test_workflow import _certificate

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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
            assert "audit_sample" in reviewer.inner_text("table.queue")
            reviewer.screenshot(path=str(shots / "queue.png"), full_page=True)
            reviewer.click("table.queue a >> nth=0")
            reviewer.wait_for_selector(".page img")
            reviewer.wait_for_function("document.querySelector('.page img').complete")
            for field in ("title", "date", "amount"):
                assert reviewer.locator(f".box-{field}").count() >= 1
            assert reviewer.locator(".box-title").get_attribute("title").endswith("Statistical Process Control")
            reviewer.screenshot(path=str(shots / "document.png"), full_page=True)
            reviewer.keyboard.press("a")
            reviewer.wait_for_selector("text=accept.")

            person.goto(live_url + "/")
            person.wait_for_selector(".s-accepted")
            figures = person.inner_text(".progress .figures")
            assert "8 of 30 PDUs" in figures and "2023-11-01 to 2026-11-01" in figures
            person.screenshot(path=str(shots / "applicant-after.png"), full_page=True)
        finally:
            browser.close()
