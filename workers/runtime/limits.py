"""Resource limits for untrusted files.

The pipeline never reads configuration itself: callers (the CLI, the RQ jobs, tests) build a `Limits`
from the app config and pass it in, so the pure code stays testable with any bound.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from taking the worker down."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 50
    max_image_pixels: int = 60_000_000
    # Decoded size of all PDF streams together; a deflate bomb is refused before any parser inflates it.
    max_inflated_bytes: int = 200 * 1024 * 1024
    # Decoded content of one page: its drawing instructions are parsed operator by operator, so a page
    # of path operators just under the total held a worker for minutes. No certificate nears 16 MiB.
    max_page_content_bytes: int = 16 * 1024 * 1024
    # Wall-clock budget for one document, and for one Tesseract run inside it.
    timeout_seconds: float = 120.0
    ocr_timeout_seconds: float = 60.0
    # Memory ceiling for the isolated child process that reads one document.
    max_memory_bytes: int = 1536 * 1024 * 1024
    ocr_dpi: int = 300
    # Pixels Tesseract may read for one document, first reads included. Every page gets its first read;
    # the reads that may improve on it (larger, in another language, levelled, turned, without rules, in
    # dark areas) are made while the budget lasts. Counted in pixels, not seconds, so a document reads the
    # same on a busy machine as on an idle one; 45 million is about 8 s of Tesseract here.
    ocr_pixel_budget: int = 45_000_000
    # The Tesseract model of every page's first read, and the models a page may be read again with when
    # its text is in another language (only those installed are used). Both change what a page reads as.
    ocr_language: str = "eng"
    ocr_languages: tuple[str, ...] = ("eng", "fra", "deu", "por", "spa")


class OcrBudget:
    """The pixels left for a document's reads (`Limits.ocr_pixel_budget`): first reads spend it always,
    the reads that may improve on them only while it lasts."""

    def __init__(self, pixels: int) -> None:
        self.pixels = pixels

    def spend(self, size: tuple[int, int]) -> None:
        self.pixels -= size[0] * size[1]

    def allows(self, size: tuple[int, int]) -> bool:
        """Whether a read of an image of `size` fits what is left; if it does, it is spent."""
        if size[0] * size[1] > self.pixels:
            return False
        self.spend(size)
        return True
