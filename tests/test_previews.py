"""Issue 10, finding 2: page previews are drawn under the reading limits, in a child, once.

A 2 KB PDF with a 50 × 14,400 pt page took one preview request to 13 s and 2.3 GB in the web process:
drawn 1000 pixels wide, it was 288 million pixels.
"""

from __future__ import annotations

import io
import time
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image
from reportlab.pdfgen import canvas

import reviewer.documents.previews as previews
from reviewer.documents.previews import PREVIEW_WIDTH, cached_preview, preview_path
from reviewer.documents.storage import BlobStore
from reviewer.extensions import db
from reviewer.models import Document
from tests.conftest import login, run_worker
from tests.hostile import CERTIFICATE_LINES
from tests.test_workflow import _upload
from workers.errors import PipelineError
from workers.reading.previews import PREVIEW_AREA
from workers.runtime.limits import Limits


def tall_page_pdf(width: float = 50, height: float = 14_400) -> bytes:
    """One page 50 pt wide and 200 inches long, with the certificate's text down it (a text layer, so
    reading it needs no OCR)."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    pdf.setFont("Helvetica", 4)
    y = height - 20
    for _ in range(20):
        for line in CERTIFICATE_LINES:
            pdf.drawString(2, y, line)
            y -= 30
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_preview_of_a_very_long_page_is_bounded_and_then_read_from_disk(
        app: Flask, applicant, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tall_page_pdf()
    assert len(data) < 8_000
    client = app.test_client()
    login(client, applicant.email)
    _upload(client, [("tall.pdf", data)])
    run_worker(app)
    doc = db.session.scalars(db.select(Document)).one()
    assert doc.latest is not None and doc.latest.pages == 1

    started = time.monotonic()
    first = client.get(f"/documents/{doc.id}/pages/1.png")
    assert time.monotonic() - started < 10
    assert first.status_code == 200 and first.mimetype == "image/png"
    image = Image.open(io.BytesIO(first.data))
    width, height = image.size
    assert width * height <= min(Limits().max_image_pixels, PREVIEW_AREA * PREVIEW_WIDTH**2)
    assert height / width == pytest.approx(14_400 / 50, rel=0.02)  # scaled down, not cut off

    cached = preview_path(app.config["STORAGE_DIR"], doc.sha256, 1, 0)
    assert cached.read_bytes() == first.data
    assert cached.is_relative_to(Path(app.config["STORAGE_DIR"]).resolve() / "previews" / doc.sha256)

    def no_drawing(*_: object) -> None:
        raise AssertionError("the second view drew the page again")

    monkeypatch.setattr(previews, "call_isolated", no_drawing)
    second = client.get(f"/documents/{doc.id}/pages/1.png")
    assert second.status_code == 200 and second.data == first.data


def test_page_that_cannot_be_drawn_is_a_readable_refusal_kept_on_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a pixel limit this tight the long page would be less than a pixel wide: refused, with the
    reason, and the refusal is kept so the next view does not start another child."""
    sha256 = BlobStore(tmp_path).put(tall_page_pdf())
    limits = replace(Limits(), max_image_pixels=100)
    with pytest.raises(PipelineError) as err:
        cached_preview(tmp_path, sha256, "application/pdf", 1, 0, limits)
    assert err.value.code == "image_too_large" and "too long and narrow" in err.value.message
    assert not preview_path(tmp_path, sha256, 1, 0).exists()

    monkeypatch.setattr(previews, "call_isolated", lambda *_: pytest.fail("drew a refused page again"))
    with pytest.raises(PipelineError) as again:
        cached_preview(tmp_path, sha256, "application/pdf", 1, 0, limits)
    assert again.value.as_dict() == err.value.as_dict()


def test_preview_path_takes_no_user_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        preview_path(tmp_path, "../../etc/passwd", 1, 0)
    assert preview_path(tmp_path, "a" * 64, 3, 90).name == f"3-90-{PREVIEW_WIDTH}.png"
