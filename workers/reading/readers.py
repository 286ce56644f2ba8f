"""The one registry of file types the reviewer can read.

Each type declares itself once: the MIME types libmagic reports for it, the file extensions and the word
shown to users, how its pages are read and how a page preview is drawn. Sniffing, the upload forms, the
error messages and the previews all ask this registry. Supporting a new type then means adding one
entry here, and no MIME branch elsewhere can fall out of step. The idea comes from paperless-ngx, whose
parsers declare the MIME types they handle.

Sniffing has its own safety checks per `kind` (see `workers.reading.sniff`). The registry does not point at them
because `workers.reading.sniff` imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image

from workers.reading.pages import PageText, read_image, read_pdf
from workers.reading.previews import render_image_page, render_pdf_page
from workers.runtime.limits import Limits

# (data, the file as its kind's safety check opened it, limits, deadline) -> the pages' text; raises
# PipelineError for a file it cannot read. The opened file (a pdfium document, a PIL image) is handed on so
# that nothing is parsed twice; `workers.reading.sniff.read_pages` opens it and closes it.
PageReader = Callable[[bytes, Any, Limits, float], list[PageText]]
# (data, 1-based page, width in pixels, limits) -> the page as a picture, not yet turned or encoded.
PreviewRenderer = Callable[[bytes, int, int, Limits], Image.Image]


@dataclass(frozen=True)
class ReadableType:
    """One kind of file the pipeline reads, and everything the rest of the code needs to know about it."""

    word: str  # what users are told, as in "PDF, PNG, JPEG or TIFF"
    mimes: tuple[str, ...]  # as libmagic names the type from the bytes; the first one is the usual name
    extensions: tuple[str, ...]  # with the dot, for the file picker's `accept=` attribute
    kind: Literal["pdf", "image"]  # which safety checks sniffing runs on it
    page_reader: PageReader
    preview_renderer: PreviewRenderer


PDF = ReadableType("PDF", ("application/pdf",), (".pdf",), "pdf", read_pdf, render_pdf_page)
PNG = ReadableType("PNG", ("image/png",), (".png",), "image", read_image, render_image_page)
JPEG = ReadableType("JPEG", ("image/jpeg",), (".jpg", ".jpeg"), "image", read_image, render_image_page)
TIFF = ReadableType("TIFF", ("image/tiff",), (".tif", ".tiff"), "image", read_image, render_image_page)

# In the order users are told about them.
READABLE_TYPES: tuple[ReadableType, ...] = (PDF, PNG, JPEG, TIFF)

_BY_MIME: dict[str, ReadableType] = {mime: readable for readable in READABLE_TYPES for mime in readable.mimes}


def reader_for(mime: str | None) -> ReadableType | None:
    """The registry entry for a MIME type, or None when the reviewer cannot read that type."""
    return _BY_MIME.get(mime) if mime else None


def accepted_mimes() -> tuple[str, ...]:
    """Every MIME type the reviewer reads, in registry order."""
    return tuple(_BY_MIME)


def accepted_words() -> str:
    """The readable types as users are told them: "PDF, PNG, JPEG or TIFF"."""
    words = [readable.word for readable in READABLE_TYPES]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def accept_attribute() -> str:
    """The file input's `accept=` value: extensions first (what pickers filter on), then MIME types."""
    extensions = [ext for readable in READABLE_TYPES for ext in readable.extensions]
    return ",".join(extensions + list(accepted_mimes()))


def unsupported_message(mime: str) -> str:
    """Why a file of type `mime` is refused. The same sentence is used at upload and in the pipeline."""
    return f"The file's content is {mime}, not a {accepted_words()} (the file name does not matter)."
