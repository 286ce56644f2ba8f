"""Staff triage in a real browser (issue 11): search, paging, claims, bulk accept, at 1280 and 390 px,
with axe-core on every page it visits. Same live server and Chromium as tests/test_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import Document, DocumentStatus, OutboundMail
from reviewer.review.search import rebuild_search_index
from tests.conftest import create_user
from tests.queue_seed import seed_queue
from tests.test_browser import ARGS, CHROMIUM, _page_problems, _sign_in, live_url  # noqa: F401 (a fixture)


def _queue_ids(page) -> list[int]:
    return [int(text) for text in page.locator("table.queue tbody tr td:nth-child(2) a").all_inner_texts()]


def _waiting() -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Document).where(Document.status == DocumentStatus.NEEDS_REVIEW)
                                   .order_by(Document.uploaded_at, Document.id)))


def _mails_about(document_id: int) -> int:
    """Decision mails about the document (each ends with the link to its page)."""
    db.session.expire_all()
    document = db.session.get_one(Document, document_id)
    mails = db.session.scalars(db.select(OutboundMail).where(OutboundMail.kind == "decided",
                                                             OutboundMail.user_id == document.applicant_id)).all()
    return sum(1 for mail in mails if f"/documents/{document_id}\n" in mail.body)


@pytest.mark.slow
def test_search_paging_claims_and_bulk_accept_in_the_browser(app: Flask, staff, live_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "chromium is not installed; `make test` installs it"
    seed_queue(80, applicants=6)
    rebuild_search_index(db.session)
    db.session.commit()
    app.config["QUEUE_PAGE_SIZE"] = 10
    app.config["CLAIM_AFTER_SECONDS"] = 1
    create_user("tia@example.org", "Tia Second", role="staff")
    waiting = _waiting()
    assert len(waiting) > 20
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            sam = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
            _sign_in(sam, live_url, staff.email)
            sam.goto(f"{live_url}/staff/queue")
            first = _queue_ids(sam)
            assert first == [d.id for d in waiting[:10]]  # oldest first, one page
            problems += _page_problems(sam, "queue")
            sam.set_viewport_size({"width": 1280, "height": 900})
            sam.click("a.more")
            second = _queue_ids(sam)
            assert second == [d.id for d in waiting[10:20]] and not set(first) & set(second)

            target = waiting[15]
            sam.goto(f"{live_url}/staff/queue")
            sam.fill("input[name=q]", target.original_name.removesuffix(".pdf"))
            sam.click("form.filters button[type=submit]")
            assert _queue_ids(sam) == [target.id]

            sam.goto(f"{live_url}/staff/documents/{target.id}")  # staying on it claims it (1 s in this test)
            sam.wait_for_selector("#claim-status:has-text('You are working on this document')")
            problems += _page_problems(sam, "document")
            tia = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
            _sign_in(tia, live_url, "tia@example.org")
            tia.goto(f"{live_url}/staff/queue?q={target.original_name.removesuffix('.pdf')}")
            assert "Sam Staff" in tia.inner_text("table.queue")
            tia.goto(f"{live_url}/staff/queue?mine=1")
            assert target.id not in _queue_ids(tia)
            sam.goto(f"{live_url}/staff/queue?mine=1")
            assert _queue_ids(sam) == [target.id]

            # Two staff on one document: Tia's `a` is refused while Sam holds it, then she takes it over.
            tia.goto(f"{live_url}/staff/documents/{target.id}")
            assert "Sam Staff is working on this document" in tia.inner_text("main")
            tia.keyboard.press("a")
            tia.wait_for_selector("text=Take it over first")
            problems += _page_problems(tia, "document held by another")
            tia.click("#take-over-form button")
            tia.wait_for_selector(f"text=You took document {target.id} over from Sam Staff.")
            tia.keyboard.press("a")
            tia.wait_for_selector(f"text=Accepted document {target.id}")

            # Back, then `a` again: one decision and one mail.
            other = next(d for d in waiting[20:] if d.flag_codes != "audit_sample")
            sam.goto(f"{live_url}/staff/documents/{other.id}")
            sam.keyboard.press("a")
            sam.wait_for_selector(f"text=Accepted document {other.id}")
            sam.go_back()
            sam.wait_for_selector(f"h1:has-text('#{other.id}')")
            sam.keyboard.press("a")
            sam.wait_for_selector(f"text=Document {other.id} is already accepted by Sam Staff")
            assert _mails_about(other.id) == 1

            samples = [d for d in waiting if d.flag_codes == "audit_sample"][:2]
            assert len(samples) == 2
            sam.goto(f"{live_url}/staff/queue?flag=audit_sample")
            for document in samples:
                sam.check(f"input[name=ids][value='{document.id}:{document.state_version}']")
            sam.click("#bulk-form button.accept")
            sam.wait_for_selector("text=Accepted 2 audit-sample document(s).")
            left = _queue_ids(sam)
            assert not {d.id for d in samples} & set(left)
            problems += _page_problems(sam, "queue after bulk accept")
        finally:
            browser.close()
    db.session.expire_all()
    assert {db.session.get(Document, d.id).status for d in samples} == {DocumentStatus.ACCEPTED}
    assert db.session.get_one(Document, target.id).status == DocumentStatus.ACCEPTED
    assert not problems, "\n".join(problems)
