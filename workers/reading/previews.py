"""Drawing one page of a file as an image, one function per kind of file.

The registry of readable types (`workers.reading.readers`) points each type at one of these functions.
`reviewer.documents.previews` then turns the picture the way the reader saw the page, scales it and encodes it as
PNG; only the first step differs between a PDF and an image. These functions use no Flask and no
database, so a worker could render previews once and store them.
"""

from __future__ import annotations

import math

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from workers.errors import PipelineError
from workers.reading.images import open_image
from workers.runtime.limits import Limits

# A preview may hold this many times width² pixels: a page up to eight times as long as it is wide is
# drawn `width` wide, a longer one narrower. Drawn at full width, a 50 × 14,400 pt page (2 KB of PDF)
# was 288 million pixels, 13 s and 2.3 GB in the web process.
PREVIEW_AREA = 8


def preview_scale(page_width: float, page_height: float, width: int, limits: Limits) -> float:
    """The scale that draws a page `width` pixels wide, reduced so that the picture stays within both
    PREVIEW_AREA × width² and the pixel limit of reading (`Limits.max_image_pixels`)."""
    page_width, page_height = max(page_width, 1.0), max(page_height, 1.0)
    scale = width / page_width
    ceiling = min(limits.max_image_pixels, PREVIEW_AREA * width * width)
    pixels = page_width * page_height * scale * scale
    if pixels > ceiling:
        scale *= (ceiling / pixels) ** 0.5
    while math.ceil(page_width * scale) * math.ceil(page_height * scale) > ceiling:
        scale *= 0.99  # pdfium rounds each side up
    if page_width * scale < 1:
        raise PipelineError("image_too_large", "The page is too long and narrow to draw a preview of.")
    return scale


def render_pdf_page(data: bytes, page: int, width: int, limits: Limits) -> Image.Image:
    """Page `page` (1-based) of a PDF, drawn `width` pixels wide, or narrower for a very long page."""
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise PipelineError("corrupt", "No such page.")
        pdf_page = pdf[page - 1]
        page_width, page_height = pdf_page.get_size()
        return pdf_page.render(scale=preview_scale(page_width, page_height, width, limits)).to_pil()
    finally:
        pdf.close()


def render_image_page(data: bytes, page: int, width: int, limits: Limits) -> Image.Image:
    """Frame `page` (1-based) of an image (a TIFF can have several), upright as its EXIF says.

    The frame is only shrunk here, to at most twice `width`. The caller makes the final resize after
    turning the picture, so that a page turned sideways still ends up `width` wide.
    """
    img = open_image(data, limits)
    if not 1 <= page <= getattr(img, "n_frames", 1):
        raise PipelineError("corrupt", "No such page.")
    img.seek(page - 1)
    image = ImageOps.exif_transpose(img) if img.format == "JPEG" else img.copy()
    image.thumbnail((width * 2, width * 3))
    return image
