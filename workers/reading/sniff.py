"""What a file really is, and whether it is safe to read.

The type comes from the bytes (libmagic through python-magic), never from the name the user gave.
Every check here is cheap and happens before any decoder runs, so a decompression bomb, a deflate bomb
or a 400-page PDF is refused in milliseconds instead of being half-read. Which types are readable comes
from the registry in `workers.reading.readers`; the checks here differ only by the registry entry's `kind`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import magic
import pypdfium2 as pdfium
from PIL import Image

from workers.errors import PipelineError
from workers.reading.images import open_image
from workers.reading.pages import PageText
from workers.reading.pdf_content import check_stream_sizes
from workers.reading.readers import ReadableType, reader_for, unsupported_message
from workers.runtime.limits import Limits

# libmagic decides from the start of a file; reading more only costs time.
_MAGIC_BYTES = 65536


@dataclass(frozen=True)
class Sniffed:
    """The verified type of a file and its page count."""

    mime: str
    pages: int

    @property
    def readable(self) -> ReadableType:
        """The registry entry for this type. `sniff` only returns readable types, so there is one."""
        readable = reader_for(self.mime)
        if readable is None:
            raise PipelineError("unsupported_type", unsupported_message(self.mime))
        return readable


def content_mime(data: bytes) -> str:
    """The MIME type libmagic reads from the file's first bytes; the name the user gave plays no part."""
    return str(magic.from_buffer(data[:_MAGIC_BYTES], mime=True))


def sniff(data: bytes, limits: Limits) -> Sniffed:
    """Identify and bound-check a file, or raise the PipelineError that says why it is refused."""
    mime, pages, opened = _checked(data, limits)
    opened.close()
    return Sniffed(mime, pages)


def read_pages(data: bytes, limits: Limits, deadline: float) -> tuple[Sniffed, list[PageText]]:
    """Sniff a file, then read every page with the page reader its registry entry names.

    The reader is handed the file as the safety check opened it, so a PDF is parsed once (pdfium's parse
    of a long PDF's cross-reference table is not free) and an image's header is read once."""
    mime, pages, opened = _checked(data, limits)
    try:
        sniffed = Sniffed(mime, pages)
        return sniffed, sniffed.readable.page_reader(data, opened, limits, deadline)
    finally:
        opened.close()


def _checked(data: bytes, limits: Limits) -> tuple[str, int, Any]:
    """(MIME type, page count, the file opened by its kind's check), or the PipelineError of a refusal."""
    if not data:
        raise PipelineError("empty")
    if len(data) > limits.max_bytes:
        raise PipelineError(
            "too_large",
            f"The file is {len(data) / 2**20:.1f} MiB; the limit is {limits.max_bytes / 2**20:.0f} MiB.",
        )
    mime = content_mime(data)
    readable = reader_for(mime)
    if readable is None:
        raise PipelineError("unsupported_type", unsupported_message(mime))
    pages, opened = _CHECKS[readable.kind](data, limits)
    return mime, pages, opened


def _check_pdf(data: bytes, limits: Limits) -> tuple[int, pdfium.PdfDocument]:
    """Refuse truncated, encrypted, oversized, deflate-bomb and page-flood PDFs; return the page count and
    the parsed document, open."""
    # Only the marker's presence is required: some real files carry bytes after it (an HTML page
    # appended by the site that served them), which PDF readers ignore and so do we.
    if b"%%EOF" not in data:
        raise PipelineError("corrupt", "The PDF is truncated: its end-of-file marker is missing.")
    check_stream_sizes(data, limits)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PipelineError("encrypted", "The PDF is protected by a password; upload it without one.") from None
        raise PipelineError("corrupt", "The PDF cannot be parsed; it may be damaged.") from None
    pages = len(pdf)
    if not 0 < pages <= limits.max_pages:
        pdf.close()
        if pages == 0:
            raise PipelineError("corrupt", "The PDF has no pages.")
        raise PipelineError("too_many_pages", f"The PDF has {pages} pages; the limit is {limits.max_pages}.")
    return pages, pdf


def _check_image(data: bytes, limits: Limits) -> tuple[int, Image.Image]:
    """Refuse oversized images from their header; return the frame count (multi-page TIFF) and the image,
    opened but not decoded.

    Decoding is left to the text stage, which maps a truncated image to `corrupt`, so that each image
    is decoded once.
    """
    img = open_image(data, limits)
    frames = getattr(img, "n_frames", 1)
    if frames > limits.max_pages:
        img.close()
        raise PipelineError("too_many_pages", f"The image has {frames} pages; the limit is {limits.max_pages}.")
    return frames, img


# The safety checks per kind of readable type; each returns the page count and the file as it opened it,
# or raises PipelineError.
_CHECKS: dict[str, Callable[[bytes, Limits], tuple[int, Any]]] = {"pdf": _check_pdf, "image": _check_image}
