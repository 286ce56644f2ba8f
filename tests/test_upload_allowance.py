"""Issue 10, finding 14: a per-applicant upload rate and quota, and refused non-documents are not kept for ever.

The limits are counted from the documents table (the record of truth), so the tests move rows in time
there. The sweep deletes an expired refusal's blob but keeps its row and audit trail, and never deletes
a blob that another, still current document uses.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from redis import Redis

from reviewer.cli.commands import requeue_command
from reviewer.documents.retention import purge_refused_blobs
from reviewer.documents.storage import BlobStore
from reviewer.documents.uploads import accept_upload
from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, User
from reviewer.models.base import utcnow
from tests import hostile
from tests.conftest import create_user, csrf_from, login, make_app


@pytest.fixture
def limited_app(tmp_path: Path, redis_url: str) -> Iterator[Flask]:
    app = make_app(tmp_path, redis_url, UPLOADS_PER_HOUR=2, UPLOAD_QUOTA_BYTES=0, REFUSED_RETENTION_DAYS=30)
    Redis.from_url(redis_url).flushdb()
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _applicant(email: str, name: str) -> SimpleNamespace:
    user = create_user(email, name)
    token = user.new_token()
    db.session.commit()
    return SimpleNamespace(id=user.id, email=email, auth={"Authorization": f"Bearer {token}"})


@pytest.fixture
def ann(limited_app: Flask) -> SimpleNamespace:
    return _applicant("ann@example.org", "Ann Lee")


def _pdf(n: int) -> bytes:
    return hostile.text_pdf([f"Certificate number {n}"])


def _send(app: Flask, who: SimpleNamespace, data: bytes, name: str = "c.pdf") -> tuple[int, dict]:
    response = app.test_client().post("/api/documents", headers=who.auth, data={"file": (io.BytesIO(data), name)})
    return response.status_code, response.json


def _age(hours: float = 0, days: float = 0, **where: object) -> None:
    """Move documents back in time (the limits and the retention read `uploaded_at`)."""
    db.session.execute(db.update(Document).filter_by(**where).values(
        uploaded_at=utcnow() - timedelta(hours=hours, days=days)))
    db.session.commit()


def test_the_hourly_rate_is_counted_from_the_database(limited_app: Flask, ann: SimpleNamespace) -> None:
    assert _send(limited_app, ann, _pdf(1))[0] == 202
    assert _send(limited_app, ann, _pdf(2))[0] == 202
    status, body = _send(limited_app, ann, _pdf(3), "third.pdf")
    assert status == 429 and body["error"]["code"] == "rate_limited"
    assert body["error"]["message"].startswith("third.pdf: 2 files were sent in the last hour")
    assert "try again in 60 minutes" in body["error"]["message"]
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 2  # the refused file is not kept
    # Another applicant has their own allowance.
    assert _send(limited_app, _applicant("bob@example.org", "Bob Stone"), _pdf(4))[0] == 202
    _age(hours=1.1, applicant_id=ann.id)
    assert _send(limited_app, ann, _pdf(3))[0] == 202


def test_the_web_page_flashes_the_rate_limit(limited_app: Flask, ann: SimpleNamespace) -> None:
    client = limited_app.test_client()
    login(client, ann.email)
    files = [(io.BytesIO(_pdf(n)), f"c{n}.pdf") for n in range(3)]
    page = client.post("/documents", data={"csrf_token": csrf_from(client, "/"), "files": files}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "c0.pdf uploaded" in html and "c1.pdf uploaded" in html
    assert "Not uploaded: c2.pdf: 2 files were sent in the last hour, the most one hour takes" in html


def test_the_quota_is_per_cycle(limited_app: Flask, ann: SimpleNamespace) -> None:
    first, second = _pdf(1), _pdf(2)
    limited_app.config.update(UPLOADS_PER_HOUR=0, UPLOAD_QUOTA_BYTES=len(first) + len(second) + 10)
    assert _send(limited_app, ann, first)[0] == 202
    assert _send(limited_app, ann, second)[0] == 202
    status, body = _send(limited_app, ann, _pdf(3), "more.pdf")
    assert status == 429 and body["error"]["code"] == "quota_exceeded"
    assert body["error"]["message"].startswith("more.pdf would bring this cycle's files to")
    # Files of another (here: no) cycle do not count toward this one's quota.
    db.session.execute(db.update(Document).values(cycle_id=None))
    db.session.commit()
    assert _send(limited_app, ann, _pdf(3))[0] == 202


def _refused(app: Flask, who: SimpleNamespace, data: bytes = hostile.HTML) -> Document:
    """A non-document sent through the web page, which keeps it as a failed document (the API refuses
    it without keeping anything)."""
    status, body = _send(app, who, data, "certificate.html")
    assert status == 415 and body["error"]["code"] == "unsupported_type"
    document = accept_upload(db.session.get(User, who.id), "certificate.html", data)
    assert document.status == DocumentStatus.FAILED and document.error_code == "unsupported_type"
    return document


def _purge_events(document_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.document_id == document_id,
                                                               AuditEvent.action == "blob_purged")))


def test_a_refused_file_is_deleted_after_its_retention_and_its_record_stays(limited_app: Flask,
                                                                            ann: SimpleNamespace) -> None:
    limited_app.config["UPLOADS_PER_HOUR"] = 0
    store = BlobStore(limited_app.config["STORAGE_DIR"])
    old = _refused(limited_app, ann)
    old_id, sha = old.id, old.sha256
    svg_sha = _refused(limited_app, ann, hostile.SVG).sha256
    readable = _send(limited_app, ann, _pdf(1))[1]["id"]
    _age(days=29, id=old_id)
    assert purge_refused_blobs() == 0 and store.exists(sha)  # within the retention period
    _age(days=31, id=old_id)
    _age(days=31, id=readable)  # an old readable document is evidence: never purged
    # The same HTML sent again by someone else, recently: the shared blob must stay.
    again = _refused(limited_app, _applicant("bob@example.org", "Bob Stone"))
    again_id = again.id  # the sweep below ends the session: ids, not ORM objects
    assert again.sha256 == sha
    assert purge_refused_blobs() == 0 and store.exists(sha) and not _purge_events(old_id)
    _age(days=40, id=again_id)
    result = limited_app.test_cli_runner().invoke(requeue_command)  # the periodic sweep does it
    assert result.exit_code == 0, result.output
    assert not store.exists(sha)
    assert store.exists(svg_sha) and store.exists(db.session.get(Document, readable).sha256)
    for document_id in (old_id, again_id):
        document = db.session.get(Document, document_id)
        assert document is not None and document.status == DocumentStatus.FAILED
        assert [e.detail for e in _purge_events(document_id)] == [{"sha256": sha, "retention_days": 30}]
    assert purge_refused_blobs() == 0 and len(_purge_events(old_id)) == 1  # once only

    # Pages do not break: the applicant's and staff's document pages, and the download explains itself.
    client = limited_app.test_client()
    login(client, ann.email)
    assert client.get(f"/documents/{old_id}").status_code == 200
    gone = client.get(f"/documents/{old_id}/file")
    assert gone.status_code == 410 and "deleted 30 days after it was sent" in gone.get_data(as_text=True)
    create_user("sam@example.org", "Sam Staff", role="staff")
    staff = limited_app.test_client()
    login(staff, "sam@example.org")
    page = staff.get(f"/staff/documents/{old_id}")
    assert page.status_code == 200 and "blob purged" in page.get_data(as_text=True)

    # Sending those bytes again stores them again.
    fresh = _refused(limited_app, ann)
    assert fresh.sha256 == sha and store.exists(sha)


def test_an_upload_racing_the_sweep_keeps_its_blob(limited_app: Flask, ann: SimpleNamespace) -> None:
    """The blob is moved aside before the last check: an upload recorded meanwhile brings it back."""
    store = BlobStore(limited_app.config["STORAGE_DIR"])
    sha = store.put(b"shared bytes")
    assert store.discard(sha, lambda: True) is False and store.get(sha) == b"shared bytes"
    assert store.discard(sha, lambda: False) is True and not store.exists(sha)
    assert store.discard(sha, lambda: False) is True  # already gone
    assert not [p for p in Path(limited_app.config["STORAGE_DIR"]).rglob("*") if p.is_file()]


def test_an_upload_whose_blob_the_sweep_took_meanwhile_writes_it_again(limited_app: Flask, ann: SimpleNamespace,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep may delete the blob between this upload's store and its commit (same bytes, another host)."""
    import reviewer.documents.uploads
    store = BlobStore(limited_app.config["STORAGE_DIR"])
    real_index = reviewer.documents.uploads.index_document

    def sweep_meanwhile(document_id: int) -> None:
        store.path_for(db.session.get(Document, document_id).sha256).unlink()
        real_index(document_id)

    monkeypatch.setattr(reviewer.documents.uploads, "index_document", sweep_meanwhile)
    accept_upload(db.session.get(User, ann.id), "page.html", hostile.HTML)  # kept (web), so stored
    assert store.get(db.session.scalars(db.select(Document.sha256)).one()) == hostile.HTML
