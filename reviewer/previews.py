"""Page previews rendered by the server itself, as PNG, upright as the reader saw them.

Word boxes are stored as fractions of the upright page, so a preview turned by the same rotation lines
up with them whatever its size.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import ImageOps

from workers.errors import PipelineError
from workers.limits import Limits
from workers.sniff import open_image

PREVIEW_WIDTH = 1000


def render_preview(data: bytes, mime: str | None, page: int, rotation: int, limits: Limits) -> bytes:
    """PNG of page `page` (1-based), turned `rotation` degrees clockwise, about PREVIEW_WIDTH wide."""
    if mime == "application/pdf":
        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= page <= len(pdf):
                raise PipelineError("corrupt", "No such page.")
            pdf_page = pdf[page - 1]
            width, _ = pdf_page.get_size()
            image = pdf_page.render(scale=PREVIEW_WIDTH / max(width, 1.0)).to_pil()
        finally:
            pdf.close()
    else:
        img = open_image(data, limits)
        if not 1 <= page <= getattr(img, "n_frames", 1):
            raise PipelineError("corrupt", "No such page.")
        img.seek(page - 1)
        image = ImageOps.exif_transpose(img) if img.format == "JPEG" else img.copy()
        image.thumbnail((PREVIEW_WIDTH * 2, PREVIEW_WIDTH * 3))
    if rotation:
        image = image.rotate(-rotation, expand=True, fillcolor="white" if image.mode == "RGB" else None)
    if image.width > PREVIEW_WIDTH:
        image = image.resize((PREVIEW_WIDTH, round(image.height * PREVIEW_WIDTH / image.width)))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue()
