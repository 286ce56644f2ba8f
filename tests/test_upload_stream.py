"""Issue 10, finding 10: an upload is bounded and streamed to disk, never held whole in the web process.

A 300 MB upload once raised the web process's memory by 300 MB: the 20 MiB check ran after the whole
file had been read into one bytes object. The bodies here are files on disk, streamed into the app, and
tracemalloc measures what the request allocates, so a test fails if anything reads the file whole.
"""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis

from reviewer.config import from_env
from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import Document
from reviewer.web.upload_stream import CappedFile
from tests import hostile
from tests.conftest import create_user, csrf_from, login, make_app

MiB = 2**20
BOUNDARY = "----reviewer-test-boundary"


def multipart_body(path: Path, fields: dict[str, str], file_field: str, filename: str, size: int) -> Path:
    """A multipart/form-data body on disk with one file of `size` bytes (a PDF header, then padding)."""
    with path.open("wb") as out:
        for name, value in fields.items():
            out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                  f"Content-Type: application/pdf\r\n\r\n".encode())
        head = hostile.text_pdf(["Certificate of completion"])
        out.write(head)
        left, block = size - len(head), b"%" + b"0" * (MiB - 2) + b"\n"
        while left > 0:
            out.write(block[:left])
            left -= len(block)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path


def post_streamed(client: FlaskClient, url: str, body: Path,
                  headers: dict[str, str] | None = None) -> tuple[int, object]:
    """POST a body from disk and return (status, peak bytes Python allocated while the app handled it)."""
    with body.open("rb") as stream:
        tracemalloc.start()
        try:
            response = client.post(url, input_stream=stream, content_length=body.stat().st_size, headers=headers or {},
                                   content_type=f"multipart/form-data; boundary={BOUNDARY}")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peak, response


@pytest.fixture
def small_limit_app(tmp_path: Path, redis_url: str) -> Iterator[Flask]:
    app = make_app(tmp_path, redis_url, MAX_UPLOAD_BYTES=4 * MiB, MAX_CONTENT_LENGTH=64 * MiB)
    Redis.from_url(redis_url).flushdb()
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ann(small_limit_app: Flask) -> SimpleNamespace:
    user = create_user("ann@example.org", "Ann Lee")
    token = user.new_token()
    db.session.commit()
    return SimpleNamespace(email=user.email, token=token)


def test_the_request_is_bounded_by_default() -> None:
    """Flask's own default is no bound at all; ours is a setting, and far below files-per-upload × size."""
    assert from_env()["MAX_CONTENT_LENGTH"] == 100 * MiB


def test_an_oversized_file_on_the_page_is_refused_without_being_held(small_limit_app: Flask, ann: SimpleNamespace,
                                                                     tmp_path: Path) -> None:
    client = small_limit_app.test_client()
    login(client, ann.email)
    body = multipart_body(tmp_path / "body", {"csrf_token": csrf_from(client, "/")}, "files", "big.pdf", 16 * MiB)
    peak, response = post_streamed(client, "/documents", body)
    assert response.status_code == 302  # type: ignore[attr-defined]
    page = client.get("/").get_data(as_text=True)
    assert "Not uploaded: big.pdf is 16.0 MiB; the limit is 4 MiB." in page
    assert peak < 3 * MiB, f"the request allocated {peak / MiB:.1f} MiB for a refused 16 MiB file"
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0
    assert not [p for p in (tmp_path / "storage").rglob("*") if p.is_file()]


def test_an_oversized_file_on_the_api_is_a_413_without_being_held(small_limit_app: Flask, ann: SimpleNamespace,
                                                                  tmp_path: Path) -> None:
    body = multipart_body(tmp_path / "body", {}, "file", "big.pdf", 16 * MiB)
    peak, response = post_streamed(small_limit_app.test_client(), "/api/documents", body,
                                   {"Authorization": f"Bearer {ann.token}"})
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert response.json["error"]["code"] == "too_large"  # type: ignore[attr-defined]
    assert "16.0 MiB; the limit is 4 MiB" in response.json["error"]["message"]  # type: ignore[attr-defined]
    assert peak < 3 * MiB, f"the request allocated {peak / MiB:.1f} MiB for a refused 16 MiB file"


def test_an_accepted_file_is_hashed_and_stored_from_disk(small_limit_app: Flask, ann: SimpleNamespace,
                                                         tmp_path: Path) -> None:
    body = multipart_body(tmp_path / "body", {}, "file", "scan.pdf", 4 * MiB)
    peak, response = post_streamed(small_limit_app.test_client(), "/api/documents", body,
                                   {"Authorization": f"Bearer {ann.token}"})
    assert response.status_code == 202, response.json  # type: ignore[attr-defined]
    assert peak < 3 * MiB, f"the request allocated {peak / MiB:.1f} MiB for a 4 MiB file"
    document = db.session.get(Document, response.json["id"])  # type: ignore[attr-defined]
    raw = body.read_bytes()
    content = raw[raw.index(b"%PDF"):raw.rindex(f"\r\n--{BOUNDARY}--".encode())]
    assert document.size == len(content) == 4 * MiB
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert BlobStore(small_limit_app.config["STORAGE_DIR"]).get(document.sha256) == content
    assert not list((tmp_path / "storage").rglob(".incoming-*"))


def test_a_request_over_the_bound_is_refused_before_it_is_read(small_limit_app: Flask, ann: SimpleNamespace) -> None:
    client = small_limit_app.test_client()
    api = client.post("/api/documents", headers={"Authorization": f"Bearer {ann.token}"},
                      data={"file": (io.BytesIO(b"x"), "a.pdf")}, environ_overrides={"CONTENT_LENGTH": str(65 * MiB)})
    assert api.status_code == 413 and api.json["error"]["code"] == "too_large"
    login(client, ann.email)
    page = client.post("/documents", data={"files": (io.BytesIO(b"x"), "a.pdf")},
                       environ_overrides={"CONTENT_LENGTH": str(65 * MiB)}, follow_redirects=True)
    assert "larger than the limit of 64 MiB" in page.get_data(as_text=True)


def test_a_capped_file_keeps_the_limit_and_counts_the_rest() -> None:
    capped = CappedFile(10)
    for chunk in (b"0123", b"456789", b"abcdef"):
        assert capped.write(chunk) == len(chunk)
    capped.seek(0)
    assert capped.read() == b"0123456789" and capped.received == 16 and capped.over_limit
    capped.close()


def test_store_from_a_stream_is_idempotent_and_leaves_no_debris(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = b"evidence " * 300_000
    first = store.put_stream(io.BytesIO(data), chunk_size=65536)
    again = store.put_stream(io.BytesIO(data))
    assert first == again == (hashlib.sha256(data).hexdigest(), len(data))
    assert store.put(data) == first[0] and store.get(first[0]) == data
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [first[0]]
