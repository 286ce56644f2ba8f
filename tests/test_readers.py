"""The registry of readable types is the one place that names them, and everything else asks it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from flask import Flask
from PIL import Image, ImageDraw

from reviewer.documents.previews import render_preview
from reviewer.extensions import db
from reviewer.models import Document
from tests import hostile
from tests.conftest import csrf_from, login
from workers.errors import PipelineError
from workers.reading.readers import (
    READABLE_TYPES,
    accept_attribute,
    accepted_mimes,
    accepted_words,
    reader_for,
    unsupported_message,
)
from workers.reading.sniff import content_mime, read_pages, sniff
from workers.runtime.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
PHRASE = "PDF, PNG, JPEG or TIFF"
# The phrase, the older "PDF, PNG, JPEG, TIFF", and a hand-written accept list are all ways the type
# list used to be copied around.
COPIES = re.compile(r"PDF,\s*PNG,\s*JPEG,?\s*(?:or\s+)?TIFF|\.pdf,\s*\.png", re.IGNORECASE)
_NOT_A = re.compile(r"not a (?P<words>.+?) \(")


def _image(pil_format: str) -> bytes:
    """A small page with a line of text, saved in `pil_format`."""
    img = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(img).text((20, 80), "Certificate of completion", fill="black")
    buf = io.BytesIO()
    img.save(buf, format=pil_format)
    return buf.getvalue()


SAMPLE_FILES = {
    "application/pdf": lambda: hostile.text_pdf(hostile.CERTIFICATE_LINES),
    "image/png": lambda: _image("PNG"),
    "image/jpeg": lambda: _image("JPEG"),
    "image/tiff": lambda: _image("TIFF"),
}


def _listed_words(message: str) -> list[str]:
    """The type words a refusal names, from "... not a PDF, PNG, JPEG or TIFF (...)"."""
    match = _NOT_A.search(message)
    assert match, message
    *first, last = match["words"].split(", ")
    return first + last.split(" or ") if first else last.split(" or ")


def test_registry_words_and_accept_attribute() -> None:
    assert [t.word for t in READABLE_TYPES] == ["PDF", "PNG", "JPEG", "TIFF"]
    assert accepted_words() == PHRASE
    assert accepted_mimes() == ("application/pdf", "image/png", "image/jpeg", "image/tiff")
    assert accept_attribute() == ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
    assert {t.kind for t in READABLE_TYPES} == {"pdf", "image"}
    assert reader_for("application/zip") is None and reader_for(None) is None and reader_for("") is None


def test_a_sample_of_every_accepted_mime_is_known() -> None:
    """Every registry MIME type has a sample below, so the next test covers each one."""
    assert set(SAMPLE_FILES) == set(accepted_mimes())


@pytest.mark.parametrize("mime", sorted(SAMPLE_FILES))
def test_every_accepted_mime_has_a_reader_and_a_preview(mime: str, limits: Limits) -> None:
    data = SAMPLE_FILES[mime]()
    readable = reader_for(mime)
    assert readable is not None and mime in readable.mimes
    assert content_mime(data) == mime, "libmagic names this type as the registry does"
    sniffed = sniff(data, limits)
    assert sniffed.mime == mime and sniffed.readable is readable
    read, pages = read_pages(data, limits, float("inf"))
    assert read == sniffed
    assert len(pages) == sniffed.pages == 1
    png = render_preview(data, mime, 1, 90, limits)
    preview = Image.open(io.BytesIO(png))
    assert preview.format == "PNG" and 0 < preview.width <= 1000
    with pytest.raises(PipelineError) as err:
        render_preview(data, mime, 2, 0, limits)
    assert err.value.code == "corrupt"


def test_preview_of_an_unreadable_type_is_refused(limits: Limits) -> None:
    with pytest.raises(PipelineError) as err:
        render_preview(hostile.zip_file(), "application/zip", 1, 0, limits)
    assert err.value.code == "unsupported_type"


def test_pipeline_refusal_lists_exactly_the_registry_words(limits: Limits) -> None:
    words = [t.word for t in READABLE_TYPES]
    with pytest.raises(PipelineError) as err:
        sniff(hostile.zip_file(), limits)
    assert err.value.code == "unsupported_type"
    assert err.value.message == unsupported_message("application/zip")
    assert _listed_words(err.value.message) == words


def test_unsupported_upload_message_lists_exactly_the_registry_words(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    data = {"csrf_token": csrf_from(client, "/"), "files": [(io.BytesIO(hostile.zip_file()), "archive.pdf")]}
    page = client.post("/documents", data=data, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)
    doc = db.session.scalars(db.select(Document).where(Document.original_name == "archive.pdf")).one()
    assert doc.error_code == "unsupported_type"
    assert doc.error_message == unsupported_message("application/zip")
    assert _listed_words(doc.error_message) == [t.word for t in READABLE_TYPES]
    assert "application/zip" in page


def test_upload_forms_offer_the_registry_types(app: Flask, applicant) -> None:
    client = app.test_client()
    login(client, applicant.email)
    page = client.get("/").get_data(as_text=True)
    assert f'accept="{accept_attribute()}"' in page
    assert f"Evidence files ({PHRASE})" in page


def test_the_type_list_is_written_only_in_the_registry() -> None:
    """Nothing outside workers/reading/readers.py spells out the readable types, so no copy can fall out of step."""
    found: set[str] = set()
    for folder in ("reviewer", "workers", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix not in {".py", ".html", ".txt", ".js", ".jinja", ".md"}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if PHRASE in text or COPIES.search(text):
                found.add(path.relative_to(ROOT).as_posix())
    assert found - {"workers/reading/readers.py"} == set()


def test_a_pdf_is_parsed_once_from_its_checks_to_its_pages(monkeypatch: pytest.MonkeyPatch, limits: Limits) -> None:
    """Sniffing's safety checks parse the PDF with pdfium; the page reader reads that same document, and
    the document is closed once the pages are read."""
    opened: list[pdfium.PdfDocument] = []

    class Counted(pdfium.PdfDocument):  # the real parser, counted
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

    monkeypatch.setattr(pdfium, "PdfDocument", Counted)
    sniffed, pages = read_pages(SAMPLE_FILES["application/pdf"](), limits, float("inf"))
    assert sniffed.mime == "application/pdf" and len(pages) == sniffed.pages == 1 and pages[0].words
    assert len(opened) == 1
    assert opened[0].raw is None, "closed after reading"
