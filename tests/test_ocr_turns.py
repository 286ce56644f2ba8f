"""A page photographed on its side (real Tesseract). Tesseract follows lines that run down a page and reads
them well, so no re-read is needed; but its boxes then stand in columns, and lines built from them run in
the wrong order. The boxes are turned with the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from workers import ocr
from workers.layout import build_lines
from workers.limits import Limits

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
LINES = ["CERTIFICATE OF REGISTRATION", "Priya Raman", "is confirmed as a registered exercise professional",
         "Category B: Group Fitness Instructor", "Member ID: REG004512", "Valid Till: March 9, 2027"]


def _page() -> Image.Image:
    if not _FONT.exists():
        pytest.skip("DejaVu fonts are not installed")
    image = Image.new("L", (2400, 1700), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(_FONT), 44)
    for i, text in enumerate(LINES):
        draw.text((200, 200 + i * 180), text, font=font, fill=0)
    return image


@pytest.mark.parametrize("quarter", [-90, 90])
def test_a_page_on_its_side_reads_as_lines_across_it(quarter: int) -> None:
    read = ocr.ocr_image(_page().rotate(quarter, expand=True), Limits(), deadline=float("inf"))
    lines = [line.text for line in build_lines(read.words, 1)]
    assert lines[:2] == ["CERTIFICATE OF REGISTRATION", "Priya Raman"]
    assert lines[3] == "Category B: Group Fitness Instructor"
    assert read.rotation == quarter % 360  # the clockwise turn that undoes Pillow's counter-clockwise one
