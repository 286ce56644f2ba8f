"""Drawing one page of a file as an image, one function per kind of file.

The registry of readable types (`workers.readers`) points each type at one of these functions.
`reviewer.previews` then turns the picture the way the reader saw the page, scales it and encodes it as
PNG; only the first step differs between a PDF and an image. These functions use no Flask and no
database, so a worker could render previews once and store them.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from workers.errors import PipelineError
from workers.images import open_image
from workers.limits import Limits


def render_pdf_page(data: bytes, page: int, width: int, limits: Limits) -> Image.Image:
    """Page `page` (1-based) of a PDF, drawn `width` pixels wide."""
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise PipelineError("corrupt", "No such page.")
        pdf_page = pdf[page - 1]
        page_width, _ = pdf_page.get_size()
        return pdf_page.render(scale=width / max(page_width, 1.0)).to_pil()
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
