"""What OCR makes of a seal or a frame ("ae", "Tal", "() ie p MU", read with low confidence) is not text:
it must not stand between a title's two lines or become the title. Pure: OCR words in, fields out."""

from __future__ import annotations

from datetime import date

from workers.checks import CheckContext
from workers.layout import Word
from workers.pages import PageText
from workers.pipeline import analyse


def _ocr_page(rows: list[tuple[str, float]]) -> PageText:
    """One OCR page: each row is a line of words read with the given confidence."""
    words = []
    for n, (text, conf) in enumerate(rows):
        x = 0.1
        for token in text.split():
            words.append(Word(token, x, 0.1 + n * 0.04, x + 0.012 * len(token), 0.125 + n * 0.04, conf, (1, n, 1)))
            x += 0.012 * len(token) + 0.012
    return PageText(1, "ocr", words, 0, 90.0)


def test_a_seal_read_as_fragments_does_not_become_the_title() -> None:
    page = _ocr_page([("Certificate of Completion", 95), ("This is to certify that Ana Lima", 95),
                      ("has successfully completed", 95), ("ae oi Tal", 18), ("() ie p MU", 22),
                      ("Industrial Robot Safety", 94), ("March 3, 2025", 93), ("Northwind Training Institute", 92)])
    result = analyse([page], "image/png", CheckContext(as_of=date(2026, 11, 1)))
    assert [(a.title, a.date) for a in result.activities] == [("Industrial Robot Safety", date(2025, 3, 3))]
    assert "ae oi Tal" in result.page_texts[0].text  # the page's own text keeps everything OCR read
