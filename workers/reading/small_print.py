"""Small print enlarged before Tesseract reads it.

Tesseract reads best when a line of text is twenty-odd pixels high; below about ten pixels of x-height
its accuracy drops sharply (its documentation, "Improving the quality of the output"). A screenshot of a
web page or a low-resolution photo sets its small print that small even at our rendering DPI: the SRM
grade card's Credit header and month column, a two-column CV's body. Such a page is read once more,
enlarged, and the better read is kept. Boxes are page fractions, so the larger read's boxes stand for
the same page. Pages of ordinary type never pay for it.
"""

from __future__ import annotations

import math
import statistics

from PIL import Image

from workers.reading.layout import Word

# Median height of surely read words, in pixels, under which a page is small print.
_SMALL_TEXT_PX = 14.0
# The height the enlargement aims the median at, and the most it enlarges by.
_TARGET_PX = 26.0
_MAX_FACTOR = 3.0
_SURE = 50.0
_MIN_WORDS = 5


def enlargement(words: list[Word], size: tuple[int, int], max_pixels: int) -> float | None:
    """How much to enlarge the page for a second read, or None when its text is not small (or too few
    words were read to tell, or the page is already as large as the pixel limit allows)."""
    width, height = size
    heights = [(w.y1 - w.y0) * height for w in words
               if (w.conf or 0.0) >= _SURE and any(ch.isalpha() for ch in w.text)]
    if len(heights) < _MIN_WORDS:
        return None
    median = statistics.median(heights)
    if median >= _SMALL_TEXT_PX:
        return None
    factor = min(_TARGET_PX / median, _MAX_FACTOR, math.sqrt(max_pixels / (width * height)))
    return factor if factor >= 1.5 else None


def enlarged(image: Image.Image, factor: float) -> Image.Image:
    """The page scaled up smoothly (Lanczos), so that strokes stay whole rather than blocky."""
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)
