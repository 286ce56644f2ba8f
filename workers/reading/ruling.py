"""The ruled lines of a scanned table, found and taken out so that Tesseract reads the cells.

Tesseract's page layout takes a grid of cell borders for text: on a scanned transcript whose every course
sits in a ruled row, it reads the rows as noise ("[50105 CotompryHinay [2 [2 To [a") although each cell on
its own reads well. A ruled line is long and thin, and text is neither: averaged over a window a good part
of the page wide, a row of pixels along a horizontal line stays dark while a row through words turns grey;
averaged over a window taller than any letter, a column along a vertical border stays dark. What stays dark
is painted white and the page is read again. Pillow's box resize does the averaging, so the whole test costs
a fraction of one OCR run.
"""

from __future__ import annotations

import re

from PIL import Image, ImageChops, ImageFilter

from workers.reading.images import grey as as_grey

# Darker than this counts as ink. A scanned border is often a mid grey, lighter than the text, so down a
# column a light grey counts; along a row it does not, or a shaded cell behind bold words would join them
# into a "line" and take the words out with it.
_ROW_INK_BELOW = 150
_COLUMN_INK_BELOW = 200
# A window is along a line when at least this much of it (of 255) is ink: 75 %.
_LINE_BELOW = 60
# The windows, in shares of the page's width (about 150 and 50 pixels at 300 DPI): along a row, longer than
# a word's dark run; down a column, taller than a letter of body text.
_ROW_WINDOW_SHARE = 17
_COLUMN_WINDOW_SHARE = 50
# A line runs through at least this many windows in a row. A bold serif word's baseline can be dark for a
# window or two; a table's border runs on across the table.
_MIN_WINDOWS = 3
# A line is at most this share of the page's width thick (10 pixels at 300 DPI); a thicker run is a band.
_THICKEST_SHARE = 250
# A page is a ruled table when it has this many separate lines each way.
_MIN_ROW_LINES = 4
_MIN_COLUMN_LINES = 3
_RUN = re.compile(rb"\xff{%d,}" % _MIN_WINDOWS)


def without_ruled_lines(image: Image.Image) -> Image.Image | None:
    """The page with its table's ruled lines painted white, or None when it has no ruled table."""
    grey = as_grey(image)
    width, height = grey.size
    row_window = max(8, width // _ROW_WINDOW_SHARE)
    column_window = max(8, width // _COLUMN_WINDOW_SHARE)
    if height < 4 * column_window:
        return None
    along = [255 if v < _LINE_BELOW else 0 for v in range(256)]
    thickest = max(3, width // _THICKEST_SHARE)
    rows, row_lines = _long_runs(
        _ink(grey, _ROW_INK_BELOW).resize((width // row_window, height), Image.BOX).point(along), thickest)
    columns, column_lines = _long_runs(
        _ink(grey, _COLUMN_INK_BELOW).resize((width, height // column_window), Image.BOX).point(along)
        .transpose(Image.Transpose.TRANSPOSE), thickest)
    if row_lines < _MIN_ROW_LINES or column_lines < _MIN_COLUMN_LINES:
        return None
    mask = ImageChops.lighter(rows.resize((width, height), Image.NEAREST),
                              columns.transpose(Image.Transpose.TRANSPOSE).resize((width, height), Image.NEAREST))
    # A scanned line is blurred at its edges: take a pixel more on each side.
    return ImageChops.lighter(grey, mask.filter(ImageFilter.MaxFilter(3)))


def _ink(grey: Image.Image, below: int) -> Image.Image:
    """Black where the page is darker than `below`, white elsewhere."""
    return grey.point([0 if v < below else 255 for v in range(256)])


def _long_runs(small: Image.Image, thickest: int) -> tuple[Image.Image, int]:
    """`small` (one row of windows per pixel row) with only its lines left on: runs of enough windows in a
    row, on at most `thickest` neighbouring pixel rows. A thicker dark run is a shaded band, whose words
    must stay. Also how many separate lines there are."""
    width = small.size[0]
    data = small.tobytes()
    kept = bytearray(len(data))
    lines = 0
    band: list[tuple[int, int]] = []  # the runs of the pixel rows of the line being followed
    band_rows = 0
    for top in range(0, len(data) + width, width):
        runs = [(run.start(), run.end()) for run in _RUN.finditer(data, top, top + width)] if top < len(data) else []
        if runs:
            band.extend(runs)
            band_rows += 1
            continue
        if band and band_rows <= thickest:
            lines += 1
            for start, end in band:
                kept[start:end] = data[start:end]
        band, band_rows = [], 0
    return Image.frombytes("L", small.size, bytes(kept)), lines
