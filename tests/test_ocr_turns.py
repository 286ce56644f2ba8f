"""A page photographed on its side (real Tesseract). Tesseract follows lines that run down a page and reads
them well, so no re-read is needed; but its boxes then stand in columns, and lines built from them run in
the wrong order. The boxes are turned with the page."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.drawn import text_page
from workers.reading import ocr
from workers.reading.layout import build_lines
from workers.runtime.limits import Limits

LINES = ["CERTIFICATE OF REGISTRATION", "Priya Raman", "is confirmed as a registered exercise professional",
         "Category B: Group Fitness Instructor", "Member ID: REG004512", "Valid Till: March 9, 2027"]


def _page() -> Image.Image:
    return text_page(LINES, size=(2400, 1700), font_size=44, origin=(200, 200), step=180)


@pytest.mark.parametrize("quarter", [-90, 90])
def test_a_page_on_its_side_reads_as_lines_across_it(quarter: int) -> None:
    read = ocr.ocr_image(_page().rotate(quarter, expand=True), Limits(), deadline=float("inf"))
    lines = [line.text for line in build_lines(read.words, 1)]
    assert lines[:2] == ["CERTIFICATE OF REGISTRATION", "Priya Raman"]
    assert lines[3] == "Category B: Group Fitness Instructor"
    assert read.rotation == quarter % 360  # the clockwise turn that undoes Pillow's counter-clockwise one


def test_a_dense_page_upside_down_is_turned_upright() -> None:
    """Upside down, a transcript's dense rows still give Tesseract hundreds of words, a third of them read
    "surely" (a score above a hundred): only their low mean confidence tells, and the orientation check
    turns the page."""
    rows = [f"{n:02d}  Course {n} in Applied Statistics and Quality Control   3.0   A" for n in range(1, 31)]
    page = text_page(["ACADEMIC RECORD", "Priya Raman", *rows], size=(2400, 3300), font_size=40, origin=(150, 150),
                     step=95)
    turned = ocr.ocr_image(page.rotate(180), Limits(), deadline=float("inf"))
    assert turned.rotation == 180
    assert "ACADEMIC RECORD" in [line.text for line in build_lines(turned.words, 1)][:3]
