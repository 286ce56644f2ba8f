"""PDF shapes that real certificates have and the generator's samples did not: each once failed."""

from __future__ import annotations

import zlib
from datetime import date

import pytest

from tests import hostile
from workers.checks import CheckContext
from workers.reading.pdf_filters import decoded_size
from workers.reading.sniff import sniff
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits


def _inflated_size(stream: bytes, budget: int) -> int:
    return decoded_size(stream, ["FlateDecode"], budget, float("inf"))


def test_stream_with_end_of_line_after_its_data_is_counted_and_ends() -> None:
    """zlib keeps the bytes after a stream's end in `unconsumed_tail`; counting must stop at `eof`."""
    raw = bytes(range(256)) * (3 * 4096 + 17)  # 3 MiB and a bit: more than one 1 MiB step
    for tail in (b"\n", b"\r\n", b"\r\n\r\n  "):
        assert _inflated_size(zlib.compress(raw) + tail, 10 * len(raw)) == len(raw)


def test_truncated_stream_stops_counting() -> None:
    raw = bytes(range(256)) * 20_000
    assert 0 < _inflated_size(zlib.compress(raw)[:5000], 10 * len(raw)) < len(raw)


def test_counting_stops_past_the_budget() -> None:
    raw = b"\0" * (8 << 20)
    assert _inflated_size(zlib.compress(raw) + b"\n", 2 << 20) <= 3 << 20


@pytest.mark.timeout(60)
def test_certificate_with_large_background_image_is_read(limits: Limits, ctx: CheckContext) -> None:
    data = hostile.certificate_with_background_pdf()
    assert b"\nendstream" in data
    assert sniff(data, limits).pages == 1
    result = process_isolated(data, limits, ctx)
    assert result.activities[0].title == "Statistical Process Control"
    assert result.activities[0].date == date(2025, 3, 14)
    # The photograph under the short text would keep OCR busy for half a minute: the text stands alone.
    assert result.text_source == "text_layer"


def test_pdf_with_html_after_its_end_marker_is_read(limits: Limits, ctx: CheckContext) -> None:
    data = hostile.with_appended_html(hostile.text_pdf(hostile.CERTIFICATE_LINES))
    assert data.rfind(b"%%EOF") < len(data) - 2048
    result = process_isolated(data, limits, ctx)
    assert result.pages == 1
    assert result.activities[0].title == "Statistical Process Control"
    assert result.recipient == "Jane Doe"


def test_short_text_layer_document_is_missing_a_title_not_unreadable(limits: Limits, ctx: CheckContext) -> None:
    data = hostile.text_pdf(["Certificate", "8 contact hours", "March 3, 2025"])
    result = process_isolated(data, limits, ctx)
    assert "unreadable" not in result.flags
    assert "missing_title" in result.flags
    [activity] = result.activities
    assert activity.date == date(2025, 3, 3)
    assert activity.amount is not None and (activity.amount.value, activity.amount.unit) == (8, "contact_hours")


def test_words_glued_without_spaces_and_letter_spaced_headings_are_read_as_words() -> None:
    """Some producers leave the space character out ("byCoursera Project Networkand") and set headings
    letter by letter ("C O M P L E T E D  O N"); words come from the gaps, relative to the type's size."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    from workers.reading.text_layer import text_layer

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    line = pdf.beginText(72, 700)
    line.setFont("Helvetica", 14)
    for word in ("authorized", "by", "Coursera", "Project", "Network"):
        line.textOut(word)
        line.moveCursor(pdf.stringWidth(word, "Helvetica", 14) + 4, 0)  # a 4-point gap, no space character
    pdf.drawText(line)
    x = 72.0
    for ch in "COMPLETED ON":
        if ch != " ":
            pdf.setFont("Helvetica", 10)
            pdf.drawString(x, 650, ch)
        x += pdf.stringWidth(ch, "Helvetica", 10) + (8 if ch == " " else 3)
    pdf.showPage()
    pdf.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    words = text_layer(doc[0]).words
    assert [w.text for w in words] == ["authorized", "by", "Coursera", "Project", "Network", "COMPLETED", "ON"]
