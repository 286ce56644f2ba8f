"""Pages drawn for OCR tests: lines of clean serif type on white, the way a flat scan reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def text_page(lines: list[str], size: tuple[int, int] = (2550, 3300), font_size: int = 60,
              origin: tuple[int, int] = (250, 500), step: int = 120) -> Image.Image:
    """A grey page with one line of text every `step` pixels from `origin` (skips without the fonts)."""
    if not SERIF.exists():
        pytest.skip("DejaVu fonts are not installed")
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), font_size)
    for i, line in enumerate(lines):
        draw.text((origin[0], origin[1] + i * step), line, fill=0, font=font)
    return image
