"""A certificate whose title is set no larger than its body (issue 9: the EIT Digital summer school): the
large type is a signature and a slogan, and the title is what the small print names again. Drawn here
as a text PDF; read by the real pipeline."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from workers.checks import CheckContext
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits


def _summer_school() -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for text, font, size, y in [
        ("CERTIFICATE", "Helvetica-Bold", 30, 700),
        ("WELDING OF PRESSURE VESSELS", "Helvetica-Bold", 11, 640),
        ("This certificate is awarded to", "Helvetica", 10, 620),
        ("Ingrid Solberg", "Helvetica", 20, 590),
        ("upon successful completion of the Nordic Summer School programme in Trondheim on August 14, 2025",
         "Helvetica", 10, 565),
        ("Marta", "Times-Italic", 26, 480),
        ("Marta Lindqvist", "Helvetica", 9, 462),
        ("Head of Summer School", "Helvetica", 9, 450),
        ("This certificate confirms that the student has taken part in the programme", "Helvetica", 9, 400),
        ("Welding of Pressure Vessels organised by the Nordic Welding Institute", "Helvetica", 9, 388),
        ("BUILDING TOMORROW'S ENGINEERS", "Helvetica-Bold", 12, 300),
    ]:
        pdf.setFont(font, size)
        pdf.drawCentredString(297, y, text)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_the_title_is_the_line_the_small_print_names_again_not_a_signature(limits: Limits,
                                                                            ctx: CheckContext) -> None:
    result = process_isolated(_summer_school(), limits, ctx)
    assert result.recipient == "Ingrid Solberg"
    assert [a.title for a in result.activities] == ["WELDING OF PRESSURE VESSELS"]
