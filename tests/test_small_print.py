"""Small print, as a screenshot of a web portal sets it (issue 9: the SRM grade card, a two-column CV):
text a few pixels high that Tesseract reads badly until the page is enlarged. The page is drawn here;
Tesseract is real."""

from __future__ import annotations

import io
import time

import pypdfium2 as pdfium
from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas

from workers.reading.layout import Word
from workers.reading.ocr import ocr_image
from workers.reading.small_print import enlargement
from workers.runtime.limits import Limits

_ROWS = [("1", "Feb/2022", "CONSTITUTION OF INDIA", "0", "O"), ("1", "Feb/2022", "ENGLISH", "3", "O"),
         ("1", "Feb/2022", "CALCULUS AND LINEAR ALGEBRA", "4", "A"),
         ("1", "Feb/2022", "SEMICONDUCTOR PHYSICS", "5", "A+"),
         ("2", "Jul/2022", "VALUE EDUCATION", "0", "A+"), ("2", "Jul/2022", "GERMAN", "3", "A+"),
         ("2", "Jul/2022", "CHEMISTRY", "5", "A+")]


def _portal_screenshot(scale: float) -> object:
    """A grade table in 7-point type on banded rows, rendered at `scale` pixels per point."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(600, 300), invariant=1)
    pdf.setFont("Helvetica", 7)
    for i, row in enumerate(_ROWS):
        y = 248 - i * 11
        if i % 2:
            pdf.setFillColor(Color(0.93, 0.93, 0.93))
            pdf.rect(20, y - 3, 560, 11, fill=1, stroke=0)
        pdf.setFillColor(Color(0.2, 0.2, 0.2))
        for x, text in zip((24, 70, 140, 380, 440), row):
            pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return pdfium.PdfDocument(buf.getvalue())[0].render(scale=scale).to_pil().convert("L")


def _lines(words: list[Word]) -> list[str]:
    """The read's lines as Tesseract grouped them (it reads each column of this table as a block)."""
    lines: dict[object, list[str]] = {}
    for word in words:
        lines.setdefault(word.ocr_line, []).append(word.text)
    return [" ".join(texts) for texts in lines.values()]


def test_a_table_in_small_print_is_read_whole(limits: Limits) -> None:
    """Read as it is, the page gives the titles with stray marks and no month column; enlarged, it
    gives every month and every title as printed."""
    read = ocr_image(_portal_screenshot(1.5), limits, time.monotonic() + 60)
    lines = _lines(read.words)
    assert lines.count("Feb/2022") == 4 and lines.count("Jul/2022") == 3
    titles = [title for _, _, title, _, _ in _ROWS]
    assert [line for line in lines if line in titles] == titles


def _words(height: float, count: int = 20, conf: float = 90.0) -> list[Word]:
    return [Word("word", 0.1, 0.01 * i, 0.2, 0.01 * i + height, conf) for i in range(count)]


def test_only_small_print_is_enlarged_and_never_past_the_pixel_limit() -> None:
    size = (1000, 1000)  # words' heights are page fractions: 0.008 of 1000 px is 8 px
    assert enlargement(_words(0.008), size, 60_000_000) == 3.0  # 8 px aims at 26 px, at most threefold
    assert abs(enlargement(_words(0.012), size, 60_000_000) - 26 / 12) < 1e-9
    assert enlargement(_words(0.02), size, 60_000_000) is None  # ordinary type
    assert enlargement(_words(0.008, count=3), size, 60_000_000) is None  # too few words to tell
    assert enlargement(_words(0.008, conf=20), size, 60_000_000) is None  # specks, not small print
    assert abs(enlargement(_words(0.008), size, 4_000_000) - 2.0) < 1e-9  # the pixel limit caps it
    assert enlargement(_words(0.008), size, 1_500_000) is None  # not worth a read below 1.5
