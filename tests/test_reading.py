"""Reading pages: text layer or OCR per page, orientation and skew repair, word boxes (real Tesseract)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter

from tests import hostile
from workers.checks import CheckContext
from workers.pipeline import process
from workers.result import Amount
from workers.runtime.limits import Limits


@pytest.mark.slow
def test_rotated_scan_is_turned_upright(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    result = process((samples / "09_certificate_rotated_scan.png").read_bytes(), limits, ctx)
    assert result.page_texts[0].rotation in (90, 270)
    assert result.activities[0].title and result.activities[0].date


@pytest.mark.slow
def test_phone_photo_is_levelled_and_read(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    result = process((samples / "21_self_statement_phone_photo.jpg").read_bytes(), limits, ctx)
    assert result.text_source == "ocr"
    assert result.activities[0].amount == Amount(4, "contact_hours")
    assert "self_issued" in result.flags


@pytest.mark.slow
def test_name_typed_over_a_scan_is_read_by_ocr(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    result = process((samples / "10_certificate_mixed_pdf.pdf").read_bytes(), limits, ctx)
    assert result.page_texts[0].source == "ocr"
    assert result.recipient and result.activities[0].title


@pytest.mark.slow
def test_text_source_is_decided_per_page(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    writer = PdfWriter()
    writer.append(io.BytesIO(hostile.text_pdf(hostile.CERTIFICATE_LINES)))
    writer.append(io.BytesIO((samples / "07_certificate_image_pdf.pdf").read_bytes()))
    buf = io.BytesIO()
    writer.write(buf)
    result = process(buf.getvalue(), limits, ctx)
    assert [p.source for p in result.page_texts] == ["text_layer", "ocr"]
    assert result.text_source == "mixed"


@pytest.mark.slow
def test_ocr_words_keep_boxes_and_confidence(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    result = process((samples / "05_certificate_scan_png.png").read_bytes(), limits, ctx)
    words = result.page_texts[0].words
    assert len(words) > 20
    for word in words:
        x0, y0, x1, y1 = word["box"]
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
        assert 0 <= word["conf"] <= 100
    title = result.activities[0].evidence["title"]
    assert title["page"] == 1 and title["text"] == result.activities[0].title


@pytest.mark.slow
def test_blank_scan_is_unreadable_not_an_error(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    result = process((samples / "30_blank_scan_png.png").read_bytes(), limits, ctx)
    assert result.flags == {"unreadable": result.flags["unreadable"]}
    assert result.third_party is None and result.activities == []


def test_result_round_trips_as_json(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    import json

    from workers.result import Result
    result = process((samples / "01_certificate_text_pdf.pdf").read_bytes(), limits, ctx)
    again = Result.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again.contract("x") == result.contract("x")
    assert again.pipeline_version == result.pipeline_version


@pytest.mark.slow
def test_multi_page_tiff_is_read_page_by_page(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    from PIL import Image
    first = Image.open(samples / "05_certificate_scan_png.png")
    second = Image.open(samples / "30_blank_scan_png.png")
    buf = io.BytesIO()
    first.save(buf, format="TIFF", save_all=True, append_images=[second], compression="tiff_deflate")
    result = process(buf.getvalue(), limits, ctx)
    assert result.mime == "image/tiff" and result.pages == 2
    assert [p.source for p in result.page_texts] == ["ocr", "ocr"]
    assert result.activities[0].title and result.recipient


@pytest.mark.slow
def test_jpeg_that_only_pillow_tolerates_is_still_read(samples: Path, limits: Limits, ctx: CheckContext) -> None:
    """Found by `make fuzz`: stray bytes before a JPEG marker made Leptonica (inside Tesseract) refuse
    a file Pillow decodes; the pipeline must hand Tesseract the decoded pixels instead of crashing."""
    data = (samples / "06_certificate_scan_jpeg.jpg").read_bytes()
    at = data.index(b"\xff\xdb")
    damaged = data[:at] + b"\x00" * 17 + data[at:]
    result = process(damaged, limits, ctx)
    assert result.activities[0].title == "PLC Programming with Ladder Logic"


@pytest.mark.slow
def test_cached_pages_analyse_to_the_same_result_as_a_fresh_read(samples: Path, limits: Limits,
                                                                  ctx: CheckContext) -> None:
    """Re-processing analyses pages from the cache; it must find exactly what reading the file finds."""
    from workers.pipeline import analyse
    from workers.reading.pages import PageText
    for name in ("01_certificate_text_pdf.pdf", "05_certificate_scan_png.png", "25_transcript_text_pdf.pdf",
                 "17_hr_letter_image_pdf.pdf", "29_cover_and_certificate_image_pdf.pdf"):
        fresh = process((samples / name).read_bytes(), limits, ctx)
        pages = [PageText.from_data(p.number, p.source, p.rotation, p.mean_conf, p.words) for p in fresh.page_texts]
        again = analyse(pages, fresh.mime, ctx)
        assert {**again.to_dict(), "seconds": 0} == {**fresh.to_dict(), "seconds": 0}, name


def _picture_pdf(page_points: tuple[int, int], picture_pixels: tuple[int, int]) -> bytes:
    """A page that is one picture, stretched over the whole page."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", picture_pixels, 255)
    ImageDraw.Draw(picture).text((40, 40), "Certificate", fill=0)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=page_points, invariant=1)
    pdf.drawImage(ImageReader(picture), 0, 0, width=page_points[0], height=page_points[1])
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_a_photo_placed_at_a_pixel_a_point_is_read_at_its_own_resolution(limits: Limits) -> None:
    """A phone's 12-megapixel photo placed at one pixel a point makes a page of a metre: 300 dpi would blow
    it up to the pixel limit and OCR would read five times the pixels for nothing. A picture with fewer
    pixels than a 300-dpi page is still rendered at 300 dpi, where OCR reads small type best."""
    from contextlib import closing

    import pypdfium2 as pdfium

    from workers.reading.pages import _render

    with closing(pdfium.PdfDocument(_picture_pdf((3000, 4000), (3000, 4000)))) as big:
        assert _render(big[0], limits).size == (3000, 4000)
    with closing(pdfium.PdfDocument(_picture_pdf((595, 842), (1000, 1415)))) as small:
        width, height = _render(small[0], limits).size
    assert abs(width - 595 * 300 / 72) <= 1 and abs(height - 842 * 300 / 72) <= 1


def test_every_page_gets_its_first_read_when_the_ocr_budget_is_spent(ctx: CheckContext) -> None:
    """The pixel budget bounds only the reads that may improve on a page's first: a document whose pages
    spend it all still has every page read, and reads the same whatever the machine's load."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.drawn import SERIF
    if not SERIF.exists():
        pytest.skip("DejaVu fonts are not installed")
    font = ImageFont.truetype(str(SERIF), 48)
    frames = []
    for n in range(3):
        page = Image.new("L", (1700, 2200), 255)
        ImageDraw.Draw(page).text((150, 300), f"Course number {n + 1} completed", fill=0, font=font)
        frames.append(page)
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    tight = Limits(ocr_pixel_budget=1)
    result = process(buf.getvalue(), tight, ctx)
    assert [("Course" in p.text, str(n + 1) in p.text) for n, p in enumerate(result.page_texts)] == [(True, True)] * 3
    assert result.page_texts == process(buf.getvalue(), tight, ctx).page_texts


def test_the_ocr_budget_spends_only_what_it_allows() -> None:
    from workers.runtime.limits import OcrBudget

    budget = OcrBudget(100)
    budget.spend((5, 5))  # a first read: always
    assert budget.allows((5, 10)) and budget.pixels == 25
    assert not budget.allows((5, 6)) and budget.pixels == 25  # refused: nothing spent
    assert budget.allows((5, 5)) and budget.pixels == 0
