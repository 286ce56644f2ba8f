"""A table row's cells, as a record sets them: runs of words apart from their neighbours by a wide gap, or
by a leader of dots or dashes that fills a cell out to its column. The header reader and the mark reader
(workers/fields/header_rows.py, workers/fields/mark_rows.py) read rows cell by cell from these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workers.reading.layout import Line


@dataclass(frozen=True)
class Cell:
    """A run of words on one line, apart from its neighbours by a wide gap or a leader."""

    text: str
    start: int  # offset in the line's text
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


# A run of dots or dashes that fills a cell out to its column ("MATEMATICA DEL DISCRETO....... VENTICINQUE--
# 22/07/2019"): a typewritten record's leader, which ends the cell as a wide gap would. A long run glued to
# a word's end is one; a short run ("INGLESE...", "VENTICINQUE--") only on a line that holds another, as a
# record's rows are set. An ellipsis or a dash alone in a title ("Excel... Beyond the Basics", "Shakespeare
# -- Comedies") is no leader.
_LONG_LEADER = re.compile(r"(?<=[^\s.\-])(?:\.{4,}|-{3,})$")
_SHORT_LEADER = re.compile(r"(?<=[^\s.\-])(?:\.{3,}|-{2,})$")
_LEADERS = re.compile(r"(?<=[^\s.\-])(?:\.{3,}|-{2,})(?=\s|$)")


def cells_of(line: Line) -> list[Cell]:
    """The line's cells: words joined by single spaces share a cell, unless a leader ends the first."""
    cells: list[Cell] = []
    closed = True
    ruled = len(_LEADERS.findall(line.text)) >= 2  # the line's rows are set with leaders
    for word, (start, end) in zip(line.words, line.spans):
        leader = (_SHORT_LEADER if ruled else _LONG_LEADER).search(line.text, start, end)
        end = leader.start() if leader else end
        if cells and not closed and start - (cells[-1].start + len(cells[-1].text)) <= 1:
            last = cells[-1]
            cells[-1] = Cell(line.text[last.start:end], last.start, last.x0, max(last.x1, word.x1))
        else:
            cells.append(Cell(line.text[start:end], start, word.x0, word.x1))
        closed = leader is not None
    return cells


def led(line: Line, cell: Cell) -> bool:
    """Whether a leader fills the cell out to its column (`cells_of` cut it off the cell's text): a title so
    filled is whole, and the line under it is not its end."""
    return line.text.startswith((".", "-"), cell.start + len(cell.text))
