"""Blocks of text by how they look: the size, place and alignment of each run of words.

Real certificates say little in words; they say it in type. The course is set larger than the body, a
two-line title keeps its size on the second line, the recipient's name stands alone in a large face,
and a seal or a row of partner logos sits in its own column. A line of the page is first split where a
wide gap separates columns (the three spaces `layout._render` leaves), and then runs of the same size
that follow each other closely are joined into blocks. Word-box height stands for the font size: it is
the glyph box in the text layer and the OCR box on scans, and both grow with the type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from workers.reading.layout import DocText

_GAP = re.compile(r"\s{3,}")
# Sizes within this ratio are the same type; a block does not cross a change of size.
_SAME_SIZE = 1.18


@dataclass
class Segment:
    """A run of words on one visual line, between wide gaps."""

    page: int
    line: int
    text: str
    start: int
    end: int
    height: float
    x0: float
    x1: float
    y0: float
    y1: float
    conf: float | None = None  # OCR's mean confidence over the words; None for a text layer

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Block:
    """Consecutive segments of one size, read as one piece of text (a wrapped title, an address)."""

    segments: list[Segment]

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments)

    @property
    def height(self) -> float:
        return median(s.height for s in self.segments)

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end

    @property
    def page(self) -> int:
        return self.segments[0].page

    @property
    def conf(self) -> float | None:
        """OCR's mean confidence over the block (None for a text layer)."""
        confs = [s.conf for s in self.segments if s.conf is not None]
        return sum(confs) / len(confs) if confs else None


def segments(doc: DocText) -> list[Segment]:
    """Every line of the document split at its wide gaps, with each part's size and place."""
    out: list[Segment] = []
    for index, (line, base) in enumerate(zip(doc.lines, doc.starts)):
        cuts = [0] + [p for m in _GAP.finditer(line.text) for p in (m.start(), m.end())] + [len(line.text)]
        for a, b in zip(cuts[::2], cuts[1::2]):
            words = [w for (s, e), w in zip(line.spans, line.words) if s >= a and e <= b]
            if not words or not line.text[a:b].strip():
                continue
            confs = [w.conf for w in words if w.conf is not None]
            out.append(Segment(line.page, index, line.text[a:b], base + a, base + b,
                               median(w.y1 - w.y0 for w in words), min(w.x0 for w in words),
                               max(w.x1 for w in words), min(w.y0 for w in words), max(w.y1 for w in words),
                               sum(confs) / len(confs) if confs else None))
    return out


def body_height(segs: list[Segment]) -> float:
    """The size of ordinary text: the median height over characters, so a few big lines do not count."""
    heights = sorted((s.height, len(s.text.strip())) for s in segs if s.text.strip())
    if not heights:
        return 0.0
    half = sum(n for _, n in heights) / 2
    seen = 0
    for height, n in heights:
        seen += n
        if seen >= half:
            return height
    return heights[-1][0]


def _same_size(a: float, b: float) -> bool:
    return max(a, b) <= _SAME_SIZE * min(a, b)


def _aligned(a: Segment, b: Segment) -> bool:
    """Left-aligned, centred on the same axis, or overlapping most of the narrower one."""
    if abs(a.x0 - b.x0) < 0.03 or abs(a.centre - b.centre) < 0.04:
        return True
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap > 0.6 * min(a.x1 - a.x0, b.x1 - b.x0)


def blocks(segs: list[Segment]) -> list[Block]:
    """Join each segment to the block just above it when size, place and spacing say they belong together."""
    found: list[Block] = []
    for seg in segs:
        for block in reversed(found[-4:]):
            last = block.segments[-1]
            gap = seg.y0 - last.y1
            if (last.page == seg.page and last.line < seg.line and _same_size(last.height, seg.height)
                    and -0.2 * seg.height <= gap <= 0.9 * max(seg.height, last.height) and _aligned(last, seg)):
                block.segments.append(seg)
                break
        else:
            found.append(Block([seg]))
    return sorted(found, key=lambda b: b.start)


@dataclass
class TypeSizes:
    """A document's segments and the size of its body text: measured once per document and shared by
    everything that reads type (titles, names by size), instead of each splitting the lines again."""

    segments: list[Segment]
    body: float

    @classmethod
    def of(cls, doc: DocText) -> TypeSizes:
        segs = segments(doc)
        return cls(segs, body_height(segs) or 1.0)

    def size_at(self, offset: int) -> float:
        """The size of the type at a character offset, relative to the body (1.0 if unknown)."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg.height / self.body
        return 1.0
