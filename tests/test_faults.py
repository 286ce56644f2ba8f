"""Hostile files through the whole system, and a database fault in the middle of storing a result."""

from __future__ import annotations

import io
import resource
import time

import pytest
from flask import Flask
from markupsafe import escape
from sqlalchemy import event

from reviewer.documents.persistence import record_result
from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import Activity, Document, DocumentStatus, Extraction, Flag
from tests import hostile
from tests.conftest import csrf_from, login, run_worker
from tests.test_workflow import _certificate
from workers.checks import CheckContext
from workers.pipeline import process
from workers.runtime.limits import Limits

CORPUS = {
    "truncated.pdf": (hostile.truncated_pdf, "corrupt"),
    "garbage.pdf": (hostile.garbage_pdf, "corrupt"),
    "locked.pdf": (hostile.encrypted_pdf, "encrypted"),
    "archive.pdf": (hostile.zip_file, "unsupported_type"),
    "page.pdf": (lambda: hostile.HTML, "unsupported_type"),
    "program.pdf": (hostile.exe_file, "unsupported_type"),
    "drawing.svg": (lambda: hostile.SVG, "unsupported_type"),
    "noise.png": (hostile.random_bytes, "unsupported_type"),
    "bomb.png": (hostile.pixel_bomb_png, "image_too_large"),
    "inflate.pdf": (hostile.deflate_bomb_pdf, "page_too_large"),
    # 100 MiB, not the 400: Werkzeug spools bodies over 500 KB to a file, which this test avoids.
    "chained.pdf": (lambda: hostile.filter_bomb_pdf("hex", inflated_mib=100), "page_too_large"),
    "drawing.pdf": (hostile.drawing_flood_pdf, "page_too_large"),
    "flood.pdf": (lambda: hostile.text_pdf(["Page {page}"], pages=400), "too_many_pages"),
}


@pytest.mark.slow
def test_hostile_corpus_ends_in_named_errors_and_the_worker_goes_on(app: Flask, applicant, staff) -> None:
    client = app.test_client()
    login(client, applicant.email)
    bodies = {name: make() for name, (make, _) in CORPUS.items()}
    weird_name = "../../" + "\x00\x07évidence" + "x" * 300 + ".pdf"
    uploads = [(io.BytesIO(body), name) for name, body in bodies.items()]
    uploads.append((io.BytesIO(_certificate()), weird_name))
    token = csrf_from(client, "/")
    for upload in uploads:  # one per request: small bodies stay in memory in Werkzeug's test client
        client.post("/documents", content_type="multipart/form-data", data={"csrf_token": token, "files": [upload]})
    started = time.monotonic()
    run_worker(app)
    elapsed = time.monotonic() - started
    peak_child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    store = BlobStore(app.config["STORAGE_DIR"])
    reviewer = app.test_client()
    login(reviewer, staff.email)
    for name, (_, code) in CORPUS.items():
        doc = db.session.scalars(db.select(Document).where(Document.original_name == name)).one()
        assert (doc.status, doc.error_code) == (DocumentStatus.FAILED, code), name
        assert store.get(doc.sha256) == bodies[name], name  # the original is kept
        assert doc.error_message and len(doc.error_message) > 20, name  # a reason in words, not only a code
        applicant_page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
        assert escape(doc.error_message) in applicant_page, name  # the applicant reads the words (issue 26)
        assert code in reviewer.get(f"/staff/documents/{doc.id}").get_data(as_text=True)  # staff see the code too
    good = db.session.scalars(db.select(Document).where(Document.original_name.like("évidence%"))).one()
    assert good.status == DocumentStatus.ACCEPTED and len(good.original_name) == 200
    assert elapsed < 120  # bounded: every refusal happens before decoding
    assert peak_child_kib < 1024 * 1024  # the reading processes stayed under 1 GiB


def test_database_error_while_storing_leaves_no_half_extraction(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    token = csrf_from(client, "/")
    client.post("/documents", content_type="multipart/form-data",
                data={"csrf_token": token, "files": [(io.BytesIO(_certificate(name="Bob Stone")), "c.pdf")]})
    doc_id = db.session.scalars(db.select(Document.id)).one()
    result = process(_certificate(name="Bob Stone"), Limits(),
                     CheckContext(as_of=__import__("datetime").date(2026, 11, 1), applicant="Ann Lee"))
    assert result.flags  # so storing has flags to insert after the extraction row

    def disk_full(*_: object) -> None:
        raise RuntimeError("disk I/O error while inserting flags")

    event.listen(Flag, "before_insert", disk_full)
    try:
        with pytest.raises(RuntimeError, match="disk I/O error"):
            record_result(doc_id, 1, result)
    finally:
        event.remove(Flag, "before_insert", disk_full)
    for model in (Extraction, Activity, Flag):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0, model.__name__
    assert db.session.get(Document, doc_id).status == DocumentStatus.QUEUED
    recorded = record_result(doc_id, 1, result)
    assert recorded is not None and [f.code for f in recorded.extraction.flags] == ["name_mismatch"]
    assert db.session.get(Document, doc_id).status == DocumentStatus.NEEDS_REVIEW
