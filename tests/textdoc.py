"""Build a DocText from plain text, so field extraction can be tested without files or services."""

from __future__ import annotations

from workers.reading.layout import DocText, Line, Word


def doc_from_text(text: str, page: int = 1) -> DocText:
    """One line per text line; each word gets a box along its line, like a left-aligned page."""
    lines = []
    raw_lines = text.strip("\n").split("\n")
    for row, raw in enumerate(raw_lines):
        if not raw.strip():
            continue
        words, spans, pos = [], [], 0
        for token in raw.split(" "):
            if token:
                x0 = 0.1 + pos * 0.01
                words.append(Word(token, x0, 0.05 + row * 0.02, x0 + len(token) * 0.01, 0.065 + row * 0.02))
                spans.append((pos, pos + len(token)))
            pos += len(token) + 1
        lines.append(Line(page=page, words=words, text=raw, spans=spans))
    return DocText(lines)
