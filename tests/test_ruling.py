"""A scanned table's ruled lines taken out before OCR (workers/reading/ruling.py), on a ruled transcript drawn
like the development set's Kabul scan: every course in a bordered row, grey borders, bold serif text.
The test on pixels is pure; the reads are real Tesseract."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from workers.reading import ocr
from workers.reading.ruling import without_ruled_lines
from workers.runtime.limits import Limits

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
COURSES = [("HS101", "Regional History I", "32", "2", "71", "C"), ("EN102", "Technical Writing", "48", "3", "88", "B"),
           ("MA103", "Applied Statistics", "64", "4", "93", "A"), ("CH104", "Organic Chemistry", "64", "4", "65", "D"),
           ("PH105", "Modern Physics", "64", "4", "80", "B"), ("EC106", "Labour Economics", "32", "2", "77", "C")]
_COLUMNS = [100, 330, 1250, 1500, 1750, 2000, 2250]  # left edges of the cells, and the table's right edge
_TOP, _ROW = 200, 64


def _ruled_scan(lines: bool = True) -> Image.Image:
    """A 300-DPI grey scan of a ruled table: grey borders round every cell, a little scanner noise."""
    if not _FONT.exists():
        pytest.skip("DejaVu fonts are not installed")
    image = Image.new("L", (2480, 1000), 245)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(_FONT), 30)
    rows = [("Code", "Course", "Chr", "Credit", "Scores", "Grade"), *COURSES]
    for r, cells in enumerate(rows):
        y = _TOP + r * _ROW
        for x, cell in zip(_COLUMNS, cells):
            draw.text((x + 18, y + 14), cell, font=font, fill=20)
    if lines:
        bottom = _TOP + len(rows) * _ROW
        for r in range(len(rows) + 1):
            draw.line([(_COLUMNS[0], _TOP + r * _ROW), (_COLUMNS[-1], _TOP + r * _ROW)], fill=120, width=3)
        for x in _COLUMNS:
            draw.line([(x, _TOP), (x, bottom)], fill=140, width=3)
    noise = random.Random(7)
    pixels = image.load()
    for _ in range(40_000):
        x, y = noise.randrange(image.width), noise.randrange(image.height)
        pixels[x, y] = noise.randrange(150, 256)
    return image.filter(ImageFilter.GaussianBlur(0.8))


def _dark(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(image.crop(box).point([1 if v < 128 else 0 for v in range(256)]).histogram()[1:])


def test_the_borders_go_and_the_words_stay() -> None:
    scan = _ruled_scan()
    clean = without_ruled_lines(scan)
    assert clean is not None
    # Along a border: nothing dark is left of it (but for a stub at each end, shorter than the window that
    # tells a border from a word).
    window = clean.width // 17
    assert _dark(clean, (_COLUMNS[0] + window, _TOP + 2 * _ROW - 3, _COLUMNS[-1] - window, _TOP + 2 * _ROW + 3)) == 0
    assert _dark(clean, (_COLUMNS[2] - 3, _TOP + 5, _COLUMNS[2] + 3, _TOP + 7 * _ROW - 5)) == 0
    # Inside a cell: the words keep their ink.
    cell = (_COLUMNS[1] + 8, _TOP + _ROW + 8, _COLUMNS[2] - 8, _TOP + 2 * _ROW - 8)
    assert _dark(clean, cell) >= 0.97 * _dark(scan, cell) > 0


def test_a_page_without_a_ruled_table_is_left_alone() -> None:
    assert without_ruled_lines(_ruled_scan(lines=False)) is None


def test_every_course_of_a_ruled_scan_is_read_whole() -> None:
    read = ocr.ocr_image(_ruled_scan(), Limits(), deadline=float("inf"))
    text = " ".join(w.text for w in read.words)
    for _, title, *_ in COURSES:
        assert title in text
