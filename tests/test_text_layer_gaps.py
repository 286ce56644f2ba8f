"""Text layers that do not stand for the page, as real certificates make them (issue 9): values typed into
form fields (kept in the fields, not in the page's text), a short typed layer over a picture that holds the
rest, and a font without a Unicode map whose glyphs read as "(cid:29)". Each file is drawn here; Tesseract
is real."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests import hostile
from workers.checks import CheckContext
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits


def _picture_of(lines: list[tuple[str, int, int]]) -> object:
    """A page image with the given lines of (text, size, baseline y) on it: drawn as a PDF, rendered."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    for text, size, y in lines:
        pdf.setFont("Helvetica-Bold" if size > 20 else "Helvetica", size)
        pdf.drawCentredString(letter[0] / 2, y, text)
    pdf.showPage()
    pdf.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    return doc[0].render(scale=200 / 72).to_pil().convert("RGB")


def test_values_typed_into_form_fields_are_read(limits: Limits, ctx: CheckContext) -> None:
    """A life-support eCard: the holder and the issue date are only in the form's fields."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(306, 700, "FIRST AID PROVIDER")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 560, "has successfully completed the cognitive and skills evaluations of the")
    pdf.drawString(72, 544, "Community First Aid and CPR Program.")
    pdf.drawString(72, 470, "Issue Date")
    pdf.drawString(320, 470, "Renew By")
    form = pdf.acroForm
    form.textfield(name="Student Name", value="LUCIA FERREIRA SANTOS", x=72, y=590, width=460, height=22,
                   fontSize=14, borderWidth=0)
    form.textfield(name="Issue Date", value="04/22/2025", x=72, y=440, width=200, height=20, fontSize=10,
                   borderWidth=0)
    form.textfield(name="Renew By", value="04/2027", x=320, y=440, width=200, height=20, fontSize=10, borderWidth=0)
    pdf.showPage()
    pdf.save()
    result = process_isolated(buf.getvalue(), limits, ctx)
    assert result.recipient == "Lucia Ferreira Santos"
    assert [a.date for a in result.activities] == [date(2025, 4, 22)]


def test_a_short_typed_layer_over_a_picture_is_read_with_the_picture(limits: Limits, ctx: CheckContext) -> None:
    """The name and the date are typed over a picture that holds the course and its hours."""
    picture = _picture_of([("ATTESTATION DE FORMATION", 26, 640), ("a suivi et valide la formation en:", 14, 470),
                           ("Soudage des Tuyauteries Industrielles", 18, 430),
                           ("Formation de 35 heures au total", 14, 380), ("Institut Technique du Rhone", 14, 200)])
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.drawImage(ImageReader(picture), 0, 0, width=letter[0], height=letter[1])
    pdf.setFont("Helvetica", 16)
    pdf.drawCentredString(306, 520, "Camille Roux Martin")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(380, 300, "Lyon, le 12 mai 2025")
    pdf.drawString(72, 100, "Code attestation  K8ZP2Q")
    pdf.showPage()
    pdf.save()
    result = process_isolated(buf.getvalue(), limits, ctx)
    assert result.text_source == "text_layer+ocr"
    assert result.recipient == "Camille Roux Martin"
    [activity] = result.activities
    assert activity.title == "Soudage des Tuyauteries Industrielles"
    assert activity.amount is not None and (activity.amount.value, activity.amount.unit) == (35, "contact_hours")


def _unmapped_font_pdf(picture: object) -> bytes:
    """A page that shows a picture and carries, over it, invisible text in a composite font without a
    Unicode map: every glyph of it reads as "(cid:N)"."""
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)  # type: ignore[attr-defined]
    jpeg = out.getvalue()
    width, height = picture.size  # type: ignore[attr-defined]
    glyphs = b"".join(b"<" + bytes(f"{n:04X}", "ascii") + b">" for n in range(40, 80))
    text = b"BT /F1 12 Tf 3 Tr 72 700 Td [" + glyphs * 3 + b"] TJ ET"
    draw = b"q 612 0 0 792 0 0 cm /Im1 Do Q " + text
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>")
    image = hostile._stream(jpeg, f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
                                  "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode".encode())
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H /DescendantFonts [7 0 R] >>"
    cid_font = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped /CIDSystemInfo << /Registry (Adobe)"
                b" /Ordering (Identity) /Supplement 0 >> /DW 500 >>")
    return hostile._pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                         hostile._stream(draw), image, font, cid_font])


def test_a_text_layer_in_glyphs_that_map_to_no_character_is_read_from_the_picture(limits: Limits,
                                                                                  ctx: CheckContext) -> None:
    picture = _picture_of([("CERTIFICATE OF ATTENDANCE", 24, 640), ("This certificate is awarded to", 14, 560),
                           ("Henrik Nilsson Berg", 20, 520), ("for attending the workshop", 14, 470),
                           ("Hydraulic Circuit Troubleshooting", 18, 430), ("September 18, 2025", 14, 380)])
    result = process_isolated(_unmapped_font_pdf(picture), limits, ctx)
    assert result.text_source == "ocr"
    assert "(cid:" not in result.page_texts[0].text
    assert result.recipient == "Henrik Nilsson Berg"
    assert [(a.title, a.date) for a in result.activities] == [("Hydraulic Circuit Troubleshooting", date(2025, 9, 18))]



def test_a_ligature_from_a_fallback_font_stays_in_its_word() -> None:
    """"Certificate" set with an "ﬁ" ligature that the producer drew from another font, a little off the
    line: the word is whole, not "Certi fi cate"."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from workers.reading.layout import build_lines
    from workers.reading.text_layer import text_layer

    fonts = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
    import os

    path = next((f for f in fonts if os.path.exists(f)), None)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawString(72, 700, "Certi")
    x = 72 + pdf.stringWidth("Certi", "Helvetica-Bold", 28)
    if path:  # the ligature glyph comes from a font that has it, as real producers do
        pdfmetrics.registerFont(TTFont("Fallback", path))
        pdf.setFont("Fallback", 28)
        pdf.drawString(x, 698.5, "\ufb01")
        width = pdf.stringWidth("\ufb01", "Fallback", 28)
    else:
        pdf.drawString(x, 698.5, "fi")
        width = pdf.stringWidth("fi", "Helvetica-Bold", 28)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawString(x + width, 700, "cate of Training")
    pdf.showPage()
    pdf.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    lines = build_lines(text_layer(doc[0]).words, 1)
    assert [line.text for line in lines] == ["Certificate of Training"]


def test_a_heading_that_names_the_kind_of_document_is_not_the_title() -> None:
    from tests.textdoc import doc_from_text
    from workers.fields.extract import extract_fields

    fields = extract_fields(doc_from_text(
        "INTERNSHIP COMPLETION CERTIFICATE\nThis certificate is proudly awarded to\nAisha Rahman Khan\n"
        "For successfully completing the Internship in Data Engineering with Spark "
        "from 10/Aug/2025 to 10/Oct/2025."), [1])
    assert [a.title for a in fields.activities] == ["Internship in Data Engineering with Spark"]


def test_a_title_that_ends_on_a_preposition_goes_on_to_the_next_line() -> None:
    from tests.textdoc import doc_from_text
    from workers.fields.extract import extract_fields

    fields = extract_fields(doc_from_text(
        "CERTIFICATE OF PARTICIPATION\nPriya Raman\nhas successfully participated in the Winter School on\n"
        "Autonomous Mobile Robots\nheld from 3 to 14 January 2025"), [1])
    assert [a.title for a in fields.activities] == ["Winter School on Autonomous Mobile Robots"]


def test_an_annotation_without_its_box_does_not_unmake_the_page(limits: Limits, ctx: CheckContext) -> None:
    """A damaged widget (no /Rect) on a text certificate: the page's own text is read all the same."""
    lines = [b"CERTIFICATE OF COMPLETION", b"This certifies that", b"Jane Doe", b"has successfully completed",
             b"Statistical Process Control", b"on March 14, 2025", b"Eight (8) Contact Hours",
             b"Midwest Institute of Technology"]
    text = b"BT /F1 12 Tf 72 700 Td " + b" ".join(b"(" + line + b") Tj 0 -18 Td" for line in lines) + b" ET"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>")
    data = hostile._pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                         hostile._stream(text), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                         b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (Name) /V (Jane Doe) >>"])
    result = process_isolated(data, limits, ctx)
    assert result.text_source == "text_layer"
    assert [(a.title, a.date) for a in result.activities] == [("Statistical Process Control", date(2025, 3, 14))]


def test_a_glyph_mapped_to_nothing_is_a_ligature_only_between_small_letters() -> None:
    from workers.reading.text_layer import _named_glyphs

    assert _named_glyphs("Certi\x00ed") == "Certified"
    assert _named_glyphs("Jane\x00Doe") == "JaneDoe"
    assert _named_glyphs("Hours\x00") == "Hours"


def test_a_photographs_grain_tells_it_from_a_designed_page() -> None:
    import random

    from PIL import Image, ImageDraw

    from workers.reading.pages import _photograph

    rng = random.Random(5)
    noise = Image.frombytes("L", (1200, 1200), bytes(rng.randrange(256) for _ in range(1200 * 1200)))
    designed = _picture_of([("ATTESTATION DE FORMATION", 26, 640), ("Soudage des Tuyauteries", 18, 430)])
    dense = Image.new("L", (1200, 1600), 255)  # a page full of small text is busy, but not a photograph
    draw = ImageDraw.Draw(dense)
    for y in range(20, 1580, 14):
        draw.text((10, y), "The quick brown fox jumps over the lazy dog. " * 5, fill=0)
    assert _photograph(noise)
    assert not _photograph(designed)  # type: ignore[arg-type]
    assert not _photograph(dense)


def test_a_page_turned_by_its_rotate_entry_is_read_as_shown() -> None:
    """A landscape certificate saved as a portrait page with /Rotate 90 (LinkedIn Learning's are): its
    text runs up the page's own space and reads left to right as shown. Its words, lines and heights
    are those of the page as a viewer shows it."""
    from workers.reading.layout import build_lines
    from workers.reading.text_layer import text_layer

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.setPageRotation(90)
    pdf.translate(150, 100)
    pdf.rotate(90)  # a quarter turn anticlockwise, which the page's quarter turn clockwise undoes
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawString(0, 0, "Certificate of Completion")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(0, -40, "Awarded to Jane Doe")
    pdf.showPage()
    pdf.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    _, shown_height = page.get_size()
    layer = text_layer(page)
    lines = build_lines(layer.words, 1)
    assert [line.text for line in lines] == ["Certificate of Completion", "Awarded to Jane Doe"]
    heading, body = layer.words[0], layer.words[-1]
    assert heading.x1 - heading.x0 > heading.y1 - heading.y0  # lying along the page as shown
    # heights in points of the page as shown: the font sizes, 24 and 12
    assert abs((heading.y1 - heading.y0) * shown_height - 24) < 0.5
    assert abs((body.y1 - body.y0) * shown_height - 12) < 0.5


def test_a_hyphen_that_ends_a_line_is_kept() -> None:
    """pdfium marks a drawn hyphen at a line's end apart from other characters; it is still drawn, and a
    name or a word broken there keeps it ("Jean-" / "Pierre")."""
    from workers.reading.text_layer import text_layer

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.setFont("Helvetica", 12)
    for n, line in enumerate(("Awarded to Jean-", "Pierre Dupont for the work-", "shop on welding")):
        pdf.drawString(72, 700 - 14 * n, line)
    pdf.showPage()
    pdf.save()
    words = [w.text for w in text_layer(pdfium.PdfDocument(buf.getvalue())[0]).words]
    assert words == ["Awarded", "to", "Jean-", "Pierre", "Dupont", "for", "the", "work-", "shop", "on", "welding"]


def test_a_picture_inside_a_form_covers_the_page_it_is_drawn_over() -> None:
    """A full-page background that the producer wrapped in a form (Canva and browsers do) is measured on
    the page, through the form's matrix, not in the form's own small space."""
    from PIL import Image

    from workers.reading.text_layer import text_layer

    picture = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 100, 50)).save(picture, "PNG")
    picture.seek(0)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.beginForm("background")
    pdf.drawImage(ImageReader(picture), 0, 0, 61.2, 79.2)
    pdf.endForm()
    pdf.saveState()
    pdf.scale(10, 10)
    pdf.doForm("background")
    pdf.restoreState()
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 700, "Certificate of Completion")
    pdf.showPage()
    pdf.save()
    assert text_layer(pdfium.PdfDocument(buf.getvalue())[0]).cover > 0.99
