"""Pages set in two columns of text, read one column after the other.

Student systems print long records in two columns (Banner's and PeopleSoft's unofficial transcripts): a term
heading at the foot of the left column goes on at the head of the right one, and the two columns' lines sit at
heights of their own. Grouped into lines across the page, a left course and a right one became one line, and
a term's heading landed among another term's rows. A page is read as two columns when a gap runs down its
middle through most of its words and each side holds whole course rows (words, then a figure): a table cut
down its middle leaves the words on one side and the figures on the other. What spans the gap above or below
(a letterhead, a footer) is read before and after the columns.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from math import isfinite
from statistics import median
from typing import Protocol, TypeVar

# Fewer words than this make no page of columns (a certificate, a letter).
MIN_WORDS = 80
# The gap is looked for in this middle part of the text's width.
MIDDLE = (0.3, 0.7)
BINS = 200
# Share of the page's words that must lie beside the gap, in the stretch where nothing crosses it.
BESIDE_SHARE = 0.7
# Share of the words beside the gap each column must hold.
SIDE_SHARE = 0.2
# A line whose words either side of the gutter stand closer than this share of the columns' usual gap
# spans the columns.
NARROW = 0.5
# Share of each column's lines that must be shaped as course rows (`_course_rows`).
ROW_SHARE = 0.15


class Boxed(Protocol):
    """A word with its box (layout.Word; a Protocol so that the arithmetic can be tested on any box)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def y0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def y1(self) -> float: ...


W = TypeVar("W", bound=Boxed)
# A course row's credits: a small number, with up to three decimals ("3", "4.0", "3.000", "1,5").
_FIGURE = re.compile(r"^\d{1,2}(?:[.,]\d{1,3})?$")


def split_columns(words: Sequence[W]) -> list[list[W]] | None:
    """The page's words as [above, left column, right column, below], or None for a page of one column."""
    if len(words) < MIN_WORDS or not all(isfinite(w.x0 + w.y0 + w.x1 + w.y1) for w in words):
        return None
    left_edge, right_edge = min(w.x0 for w in words), max(w.x1 for w in words)
    width = right_edge - left_edge
    if width <= 0:
        return None
    gutter = _clear_gutter(words, left_edge, width)
    if gutter is None:
        return None
    top, bottom = _clear_stretch(words, gutter)
    beside = [w for w in words if top < (w.y0 + w.y1) / 2 < bottom]
    if len(beside) < BESIDE_SHARE * len(words):
        return None
    left = [w for w in beside if (w.x0 + w.x1) / 2 < gutter]
    right = [w for w in beside if (w.x0 + w.x1) / 2 >= gutter]
    if min(len(left), len(right)) < SIDE_SHARE * len(beside):
        return None
    if min(_course_rows(left), _course_rows(right)) < ROW_SHARE:
        return None
    above = [w for w in words if (w.y0 + w.y1) / 2 <= top]
    below = [w for w in words if (w.y0 + w.y1) / 2 >= bottom]
    return [above, left, right, below]


def _clear_gutter(words: Sequence[Boxed], left_edge: float, width: float) -> float | None:
    """The x of the middle bin that the fewest words cross, if few enough cross it to leave a column gap."""
    crossing = [0] * (BINS + 1)
    for w in words:
        first = int((w.x0 - left_edge) / width * BINS)
        last = int((w.x1 - left_edge) / width * BINS)
        crossing[max(first, 0)] += 1
        crossing[min(last + 1, BINS)] -= 1
    running, counts = 0, []
    for step in crossing[:BINS]:
        running += step
        counts.append(running)
    lo, hi = int(MIDDLE[0] * BINS), int(MIDDLE[1] * BINS)
    best = min(range(lo, hi), key=lambda b: (counts[b], abs(b - BINS // 2)))
    if counts[best] > (1 - BESIDE_SHARE) * len(words):
        return None
    return left_edge + (best + 0.5) / BINS * width


def _clear_stretch(words: Sequence[W], gutter: float) -> tuple[float, float]:
    """The stretch down the page, holding most words, that nothing spans across the gutter: no word crossing it, and no
    line whose words come up to it from both sides much closer than the columns' lines do (a centred heading
    whose gap between two words happens to fall on the gutter)."""
    cuts = [(w.y0 + w.y1) / 2 for w in words if w.x0 < gutter < w.x1]
    gaps = []
    for row in _rows(words):
        left = [w.x1 for w in row if w.x1 <= gutter]
        right = [w.x0 for w in row if w.x0 >= gutter]
        if left and right:
            gaps.append((min(right) - max(left), (row[0].y0 + row[0].y1) / 2))
    if gaps:
        usual = median(gap for gap, _ in gaps)
        cuts += [middle for gap, middle in gaps if gap < NARROW * usual]
    edges = [min(w.y0 for w in words) - 1e-6, *sorted(cuts), max(w.y1 for w in words) + 1e-6]
    middles = sorted((w.y0 + w.y1) / 2 for w in words)
    start = max(range(len(edges) - 1),
                key=lambda i: bisect_left(middles, edges[i + 1]) - bisect_right(middles, edges[i]))
    return edges[start], edges[start + 1]


def _rows(words: Sequence[W]) -> list[list[W]]:
    """A column's words grouped into the lines they make, each left to right."""
    rows: list[list[W]] = []
    bottom = 0.0
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        if rows and (w.y0 + w.y1) / 2 < bottom:
            rows[-1].append(w)
            bottom = max(bottom, w.y1)
        else:
            rows.append([w])
            bottom = w.y1
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _course_rows(words: Sequence[W]) -> float:
    """The share of a column's lines shaped as a course row: two words or more in a run, then a credit
    figure ("GEN CHEM FOR ENGINEERS   3.000   B   9.000"; a date or a year is none). Both columns of a record
    hold whole rows; a table split down its middle leaves the words on one side ("C165 Integrated Physical
    Sciences") and the figures on the other ("Requirement Satisfied   3"), or a title and its date on one
    side and a provider and its hours on the other."""
    rows = _rows(words)
    shaped = 0
    for row in rows:
        run, worded = 0, False
        for w in row:
            if sum(ch.isalpha() for ch in w.text) >= 3:
                run += 1
                worded = worded or run >= 2
            else:
                run = 0
                if worded and _FIGURE.match(w.text):
                    shaped += 1
                    break
    return shaped / len(rows) if rows else 0.0
