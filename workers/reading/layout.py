"""Words with boxes, grouped into lines, and one searchable text per document.

Both sources of text (the PDF text layer and Tesseract) produce words with boxes. Grouping them into
lines here, in one place, means the field extractors see the same shape of text whatever the source,
and every character offset they match can be traced back to the words (and so the page area) it came
from: that is what lets staff see where a field was found.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from statistics import median

from workers.reading.page_columns import split_columns


@dataclass(frozen=True, slots=True)
class Word:
    """One word; the box is in fractions of the page (0..1, origin top-left) so any preview can use it.
    Slotted: a document's analysis makes and reads its words' boxes tens of thousands of times."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float | None = None
    # Tesseract's (block, paragraph, line) key; text-layer words have none.
    ocr_line: tuple[int, int, int] | None = None

    @property
    def is_real(self) -> bool:
        """A real word has two letters or more: not a stray mark, a digit run or a lone initial."""
        return sum(ch.isalpha() for ch in self.text) >= 2


@dataclass(slots=True)
class Line:
    """A visual line of one page, with each word's character span inside `text`."""

    page: int
    words: list[Word]
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)


def _vertical_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Overlap of two vertical ranges as a share of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shortest = min(a[1] - a[0], b[1] - b[0]) or 1e-9
    return max(0.0, inter) / shortest


def _render(line: Line) -> None:
    """Join a line's words; a wide gap becomes three spaces so table columns stay apart."""
    words = sorted(line.words, key=lambda w: w.x0)
    widths = [(w.x1 - w.x0) / max(len(w.text), 1) for w in words]
    char_w = median(widths) if widths else 0.01
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, word in enumerate(words):
        if i:
            gap = word.x0 - words[i - 1].x1
            sep = "   " if gap > 2.5 * char_w else " "
            parts.append(sep)
            pos += len(sep)
        parts.append(word.text)
        spans.append((pos, pos + len(word.text)))
        pos += len(word.text)
    line.words = words
    line.text = "".join(parts)
    line.spans = spans


def mostly_under(a: Word, b: Word) -> bool:
    """Whether most of `a` lies under `b` (a third of its area or more: OCR's boxes of one mark differ)."""
    area = max((a.x1 - a.x0) * (a.y1 - a.y0), 1e-12)
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0)) > 0.3 * area


def build_lines(words: list[Word], page: int) -> list[Line]:
    """A page's lines in reading order: top to bottom, or, on a page set in two columns, what spans both
    above, then the left column's lines, the right column's, and what spans both below (`page_columns`)."""
    parts = split_columns([w for w in words if w.text.strip()])
    if parts is None:
        return _lines_of(words, page)
    return [line for part in parts for line in _lines_of(part, page)]


def _lines_of(words: list[Word], page: int) -> list[Line]:
    """Group words into lines, top to bottom.

    OCR words arrive already grouped by Tesseract, which copes with skew; those groups are kept and
    only merged with groups beside them on the same row (table columns that Tesseract saw as blocks).
    Text-layer words are grouped by vertical overlap.
    """
    groups: dict[object, list[Word]] = {}
    for i, word in enumerate(words):
        if not word.text.strip():
            continue
        key = word.ocr_line if word.ocr_line is not None else ("w", i)
        groups.setdefault(key, []).append(word)
    fragments = sorted(groups.values(), key=lambda ws: (min(w.y0 for w in ws), min(w.x0 for w in ws)))
    lines: list[Line] = []
    bands: list[tuple[float, float]] = []  # each line's top and bottom, kept as words join it
    for frag in fragments:
        band = (min(w.y0 for w in frag), max(w.y1 for w in frag))
        for k in range(len(lines) - 1, max(-1, len(lines) - 7), -1):  # the last six lines, nearest first
            other = bands[k]
            if _vertical_overlap(band, other) >= 0.5 and not _collides(frag, lines[k].words):
                lines[k].words.extend(frag)
                bands[k] = (min(other[0], band[0]), max(other[1], band[1]))
                break
        else:
            lines.append(Line(page=page, words=list(frag)))
            bands.append(band)
    for line in lines:
        _render(line)
    return [lines[k] for k in sorted(range(len(lines)), key=lambda k: bands[k][0])]


def _collides(frag: list[Word], words: list[Word]) -> bool:
    """True when a fragment overlaps words already on the line horizontally (it is another line)."""
    return any(min(a.x1, b.x1) - max(a.x0, b.x0) > 0 for a in frag for b in words)


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given character spans replaced by spaces, so every other offset stays put."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass
class DocText:
    """All lines of a document joined by newlines, with a map from offsets back to lines and words."""

    lines: list[Line]
    text: str = ""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        pos = 0
        parts = []
        for line in self.lines:
            self.starts.append(pos)
            parts.append(line.text)
            pos += len(line.text) + 1
        self.text = "\n".join(parts)

    def line_index(self, offset: int) -> int:
        """Index of the line holding a character offset."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def wraps(self, offset: int) -> bool:
        """Whether the line at `offset` is a full line of a paragraph that goes on below it.

        A wrapped line reaches its paragraph's right edge and the next line starts at the same left
        edge; a centred certificate line does neither. The paragraph is the lines that start where this
        one does, in the same type (a photo or a logo beside it, or a heading above it, may reach further
        right on the page); another of its lines must end about where this one does.
        """
        idx = self.line_index(offset)
        if idx + 1 >= len(self.lines):
            return False
        line, nxt = self.lines[idx], self.lines[idx + 1]
        if line.page != nxt.page or not line.words or not nxt.words \
                or abs(line.words[0].x0 - nxt.words[0].x0) >= 0.02:
            return False
        height = median(w.y1 - w.y0 for w in line.words)
        ends = [ln.words[-1].x1 for ln in self.lines
                if ln is not line and ln.page == line.page and ln.words
                and abs(ln.words[0].x0 - line.words[0].x0) < 0.02
                and abs(median(w.y1 - w.y0 for w in ln.words) - height) <= 0.15 * height]
        end = line.words[-1].x1
        return bool(ends) and end >= max(ends) - 0.12 and any(abs(e - end) <= 0.05 for e in ends)

    def words_in(self, start: int, end: int) -> list[tuple[int, Word]]:
        """The (page, word) pairs whose characters overlap [start, end)."""
        found: list[tuple[int, Word]] = []
        for idx in range(self.line_index(start), self.line_index(max(start, end - 1)) + 1):
            line, base = self.lines[idx], self.starts[idx]
            for (s, e), word in zip(line.spans, line.words):
                if base + s < end and base + e > start:
                    found.append((line.page, word))
        return found

    def evidence(self, start: int, end: int) -> dict[str, object]:
        """Where a match was found: its text, its page and the box around its words on that page."""
        hits = self.words_in(start, end)
        text = self.text[start:end]
        if not hits:
            return {"text": text, "page": None, "box": None}
        page = hits[0][0]
        ws = [w for p, w in hits if p == page]
        box = [round(min(w.x0 for w in ws), 4), round(min(w.y0 for w in ws), 4),
               round(max(w.x1 for w in ws), 4), round(max(w.y1 for w in ws), 4)]
        return {"text": text, "page": page, "box": box}
