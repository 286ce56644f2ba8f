"""The cells of a scanned table's columns of figures (its units, its semester numbers) that OCR left
empty, found so they can be read again.

Tesseract's page layout drops short words that stand alone: a column of one-digit credits ("6", "3",
"4") far right of the titles, with white space all around each figure, often comes back empty or as a
letter ("g" for 9), although every figure is clear on the page (a German "Verzeichnis der bestandenen
Module": a whole page of ECTS points lost). Cut out on their own and read as one block of figures, the
same cells read whole, in about a fifth of a second a column.

This module is the geometry, with no OCR in it: which rows under a units header have no figure, which
part of the page holds their cells, and which of the figures read there belong to them. `workers/reading/ocr.py`
does the reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from statistics import median

from PIL import Image

from workers.fields import sieve
from workers.fields.columns import figure_columns, is_units_cell
from workers.reading.layout import Line, Word, build_lines, mostly_under

# How far a cell's box may reach above or below its row's words: a figure set a little lower than the
# title beside it is still on its row.
_ROW_SLACK = 0.004
# A line with a year ("* 2018-2019 Academic Year *", "Fall 2022") or a total heads or sums up courses: it
# has no units cell of its own, and a figure beside it belongs to a row above or below.
_TERM_OR_TOTAL = sieve.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b(?:total|gpa|sgpa|cgpa|tch|tcr|percentage|semester|term"
                               r"|trimester|quarter|grade\s*:)", re.I)
# The white between two cells stacked to be read again, as a share of a cell's height.
_GAP = 0.5
# An extra read numbers its own lines: apart from the page's (see `workers/reading/ocr.py`).
_CELL_BLOCKS = 20_000


@dataclass(frozen=True)
class EmptyCells:
    """Rows of one table whose units cell has no figure, and the part of the page that holds those cells."""

    box: tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page
    rows: tuple[tuple[float, float], ...]  # each row's top and bottom
    # Each row's Tesseract line (of the cell left of the column): its figure joins that line, which on a
    # tilted scan overlaps the next row's
    lines: tuple[tuple[int, int, int] | None, ...]


def _centre(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def empty_cells(words: list[Word]) -> list[EmptyCells]:
    """Every column of figures (units or semester numbers, under a header that names it) with rows that
    have a title but no figure."""
    lines = build_lines(words, 1)
    headed = [(i, figure_columns(line)) for i, line in enumerate(lines)]
    starts = [i for i, tables in headed if tables]
    found: list[EmptyCells] = []
    previous: list[tuple[float, tuple[float, float]]] = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        top = max(w.y1 for w in lines[start].words)
        tables = headed[start][1]
        if len(tables) < len(previous) and all(any(abs(t[0] - p[0]) < 0.03 for p in previous) for t in tables):
            tables = previous  # the same semesters side by side again, the header half read (as columns.py)
        previous = tables
        # A row's cell ends where the next table's header begins.
        floor = min(w.y0 for w in lines[stop].words) if stop < len(lines) else 1.0
        for title_left, (left, right) in tables:
            cells = _without_figures(lines[start + 1:stop], title_left, left, right, floor)
            if cells is not None:
                found.append(replace(cells, box=(cells.box[0], top, cells.box[2], cells.box[3])))
    return found


def _without_figures(lines: list[Line], title_left: float, left: float, right: float,
                     floor: float = 1.0) -> EmptyCells | None:
    """The rows among `lines` with a title (a word of three letters or more between `title_left` and the
    units column) and no figure in the column; None when every row has its figure."""
    rows: list[tuple[float, float]] = []
    keys: list[tuple[int, int, int] | None] = []
    inner_left, inner_right = left, right
    for line in lines:
        titled = any(title_left <= w.x0 < left and sum(ch.isalpha() for ch in w.text) >= 3 for w in line.words)
        cell = [w for w in line.words if left <= _centre(w) <= right]
        if not titled or any(is_units_cell(w.text) for w in cell) or _TERM_OR_TOTAL.search(line.text):
            continue  # no course, a course with its figure, or a line that heads or sums up the courses
        # The row is where its title and the cells beside the column stand (what OCR made of the empty
        # cell may be a tall smudge), and the cut stays clear of those cells (a grade read as a figure
        # would be a lie).
        beside = [w for w in line.words if not left <= _centre(w) <= right]
        before = [w for w in beside if _centre(w) < left]
        top, bottom = min((w.y0 for w in beside), default=0.0), min(floor, max((w.y1 for w in beside), default=0.0))
        if not before or bottom <= top:
            continue  # a title that runs into the column, or a row squeezed under the next header: not a cell
        rows.append((top - _ROW_SLACK, bottom + (_ROW_SLACK if bottom < floor else 0.0)))
        keys.append(max(before, key=lambda w: w.x1).ocr_line)
        inner_left = max([inner_left] + [w.x1 for w in beside if _centre(w) < left])
        inner_right = min([inner_right] + [w.x0 for w in beside if _centre(w) > right])
    if not rows or inner_right - inner_left < 0.01:
        return None
    return EmptyCells((inner_left, rows[0][0], inner_right, rows[-1][1]), tuple(rows), tuple(keys))


def stacked(cells: EmptyCells, image: Image.Image) -> tuple[Image.Image, Callable[[Word], Word | None]]:
    """The empty cells cut out of the page and stacked into one strip, a little white between them, and
    how a word read in the strip (in fractions of it) stands on the page (None: not inside one cell).

    The strip holds only those cells: a tall cut down a whole column, its other figures, a watermark
    or a seal between the rows, makes Tesseract drop figures again; cells stacked close read as a plain
    column of figures. (`column` is the other way, for when the cells' own ruled borders spoil that.)"""
    width, height = image.size
    boxes = [(round(top * height), round(bottom * height)) for top, bottom in cells.rows]
    gap = max(4, round(_GAP * median(bottom - top for top, bottom in boxes)))
    tops: list[int] = []
    y = gap
    for top, bottom in boxes:
        tops.append(y)
        y += bottom - top + gap
    return _cut(image, cells, [(top, bottom, at) for (top, bottom), at in zip(boxes, tops)], y)


def column(cells: EmptyCells, image: Image.Image) -> tuple[Image.Image, Callable[[Word], Word | None]]:
    """The units column from under its header to the last empty cell, cut out as it stands."""
    height = image.size[1]
    top, bottom = round(cells.box[1] * height), round(cells.box[3] * height)
    return _cut(image, cells, [(top, bottom, 0)], bottom - top)


def _cut(image: Image.Image, cells: EmptyCells, parts: list[tuple[int, int, int]],
         strip_height: int) -> tuple[Image.Image, Callable[[Word], Word | None]]:
    """A strip of the column's width holding `parts` of the page (its top, its bottom, where it stands
    in the strip), and the way back from the strip to the page."""
    width, height = image.size
    left, right = round(cells.box[0] * width), round(cells.box[2] * width)
    strip = Image.new(image.mode, (max(1, right - left), max(1, strip_height)), "white")
    for top, bottom, at in parts:
        strip.paste(image.crop((left, top, right, bottom)), (0, at))

    def to_page(word: Word) -> Word | None:
        y0, y1 = word.y0 * strip.height, word.y1 * strip.height
        for top, bottom, at in parts:
            if at - 2 <= y0 and y1 <= at + bottom - top + 2:  # wholly in one part: a box across two is a smudge
                shift = top - at
                return replace(word, x0=(left + word.x0 * strip.width) / width,
                               x1=(left + word.x1 * strip.width) / width,
                               y0=(y0 + shift) / height, y1=(y1 + shift) / height)
        return None

    return strip, to_page


def fill(words: list[Word], cells: EmptyCells, figures: list[Word], block: int = 0) -> list[Word]:
    """The page's words with the figures read again (`figures`, boxes on the page) put into the rows
    that had none. A figure beside every such row is left out; a non-figure that OCR read where the
    figure stands ("g" for 9) gives way to it."""
    placed: list[Word] = []
    taken: set[int] = set()
    for n, word in enumerate(figures):
        # Tesseract's confidence means little here (the figures it was held to are not what its model
        # would have guessed, and it often says 0 for a clear "22"): a figure must stand on a row instead.
        if not is_units_cell(word.text):
            continue
        middle = (word.y0 + word.y1) / 2
        row = min((r for r in range(len(cells.rows)) if cells.rows[r][0] <= middle <= cells.rows[r][1]),
                  key=lambda r: abs(sum(cells.rows[r]) - 2 * middle), default=None)
        if row is None or row in taken or any(is_units_cell(w.text) and _overlaps(w, word) for w in words):
            continue  # beside the rows, or a figure the page's read has already (on a row beside this one)
        taken.add(row)
        placed.append(replace(word, ocr_line=cells.lines[row] or (_CELL_BLOCKS + block, 1, n + 1)))
    if not placed:
        return words
    # What gives way is a mark OCR made of the figure: mostly under it, and no figure itself. A word
    # that a figure's box only touches (a header's, the next row's) stays.
    return [w for w in words if is_units_cell(w.text) or not any(mostly_under(w, p) for p in placed)] + placed


def _overlaps(a: Word, b: Word) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)
