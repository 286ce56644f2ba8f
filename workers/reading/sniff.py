"""What a file really is, and whether it is safe to read.

The type comes from the bytes (libmagic through python-magic), never from the name the user gave.
Every check here is cheap and happens before any decoder runs, so a decompression bomb, a deflate bomb
or a 400-page PDF is refused in milliseconds instead of being half-read. Which types are readable comes
from the registry in `workers.reading.readers`; the checks here differ only by the registry entry's `kind`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import magic
import pypdfium2 as pdfium

from workers.errors import PipelineError
from workers.reading.images import open_image
from workers.runtime.limits import Limits
from workers.reading.pdf_content import check_stream_sizes
from workers.reading.readers import ReadableType, reader_for, unsupported_message

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
    return Sniffed(mime, _CHECKS[readable.kind](data, limits))


def _check_pdf(data: bytes, limits: Limits) -> int:
    """Refuse truncated, encrypted, oversized, deflate-bomb and page-flood PDFs; return the page count."""
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
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise PipelineError("corrupt", "The PDF has no pages.")
    if pages > limits.max_pages:
        raise PipelineError(
            "too_many_pages", f"The PDF has {pages} pages; the limit is {limits.max_pages}."
        )
    return pages


def _check_image(data: bytes, limits: Limits) -> int:
    """Refuse oversized images from their header; return the frame count (multi-page TIFF).

    Decoding is left to the text stage, which maps a truncated image to `corrupt`, so that each image
    is decoded once.
    """
    img = open_image(data, limits)
    frames = getattr(img, "n_frames", 1)
    if frames > limits.max_pages:
        raise PipelineError("too_many_pages", f"The image has {frames} pages; the limit is {limits.max_pages}.")
    return frames


# The safety checks per kind of readable type; each returns the page count or raises PipelineError.
_CHECKS: dict[str, Callable[[bytes, Limits], int]] = {"pdf": _check_pdf, "image": _check_image}
