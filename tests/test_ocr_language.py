"""OCR in the document's language, and what a page costs in Tesseract runs (real Tesseract).

Runs are counted by wrapping `pytesseract.image_to_data` with a function that delegates to the real
one, so the reads themselves are real.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytesseract
import pytest
from PIL import Image, ImageDraw

from tests.drawn import text_page
from workers.checks import CheckContext
from workers.pipeline import process
from workers.reading import ocr
from workers.runtime.limits import Limits

PORTUGUESE_CERTIFICATE = [
    "CERTIFICADO DE CONCLUSÃO",
    "Certificamos que Ana Souza concluiu o curso",
    "Gestão de Conflitos, com carga horária de",
    "20 horas, em 12 de março de 2025, pela",
    "Associação Brasileira de Mediação.",
]
ENGLISH_CERTIFICATE = [
    "CERTIFICATE OF COMPLETION",
    "This is to certify that Jane Smith has completed",
    "the course Conflict Management, for a total of",
    "20 contact hours, on 12 March 2025, awarded by",
    "the National Mediation Association.",
]


def _page(lines: list[str]) -> bytes:
    """A clean 300 DPI scan of the lines, as PNG bytes, the way an upload arrives."""
    buf = io.BytesIO()
    text_page(lines).save(buf, format="PNG")
    return buf.getvalue()


def _blank_page() -> bytes:
    """A scanned empty sheet: off-white paper with faint grain, no ink."""
    image = Image.effect_noise((1700, 2200), 6).point(lambda v: 230 + v // 32)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def tesseract_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The `lang` of every Tesseract read (and "osd" for each orientation check) the test causes."""
    runs: list[str] = []
    real_data: Callable[..., object] = pytesseract.image_to_data
    real_osd: Callable[..., object] = pytesseract.image_to_osd

    def counted_data(*args: object, **kwargs: object) -> object:
        runs.append(str(kwargs.get("lang", "eng")))
        return real_data(*args, **kwargs)

    def counted_osd(*args: object, **kwargs: object) -> object:
        runs.append("osd")
        return real_osd(*args, **kwargs)

    monkeypatch.setattr(pytesseract, "image_to_data", counted_data)
    monkeypatch.setattr(pytesseract, "image_to_osd", counted_osd)
    return runs


def _words(data: bytes, limits: Limits, ctx: CheckContext) -> list[str]:
    result = process(data, limits, ctx)
    return [w["text"] for page in result.page_texts for w in page.words]


@pytest.mark.slow
def test_portuguese_scan_keeps_its_accents(limits: Limits, ctx: CheckContext, tesseract_runs: list[str]) -> None:
    if "por" not in ocr.installed_languages():
        pytest.skip("tesseract-ocr-por is not installed (make deps installs it)")
    words = _words(_page(PORTUGUESE_CERTIFICATE), limits, ctx)
    for accented in ("Gestão", "março", "horária", "CONCLUSÃO"):
        assert accented in " ".join(words), f"{accented!r} not in {words}"
    assert tesseract_runs[:2] == ["eng", "por+eng"]


@pytest.mark.slow
def test_english_scan_costs_one_tesseract_run(limits: Limits, ctx: CheckContext,
                                              tesseract_runs: list[str]) -> None:
    words = _words(_page(ENGLISH_CERTIFICATE), limits, ctx)
    assert "Management," in words or "Management" in words
    assert tesseract_runs == ["eng"]


@pytest.mark.slow
def test_only_allowed_languages_are_read_again(limits: Limits, ctx: CheckContext,
                                               tesseract_runs: list[str]) -> None:
    from dataclasses import replace
    _words(_page(PORTUGUESE_CERTIFICATE), replace(limits, ocr_languages=("eng",)), ctx)
    assert "por+eng" not in tesseract_runs


@pytest.mark.slow
def test_blank_scan_costs_one_tesseract_run(limits: Limits, ctx: CheckContext, tesseract_runs: list[str]) -> None:
    result = process(_blank_page(), limits, ctx)
    assert "unreadable" in result.flags
    assert tesseract_runs == ["eng"]


@pytest.mark.slow
def test_sample_blank_scan_costs_one_tesseract_run(samples: Path, limits: Limits, ctx: CheckContext,
                                                   tesseract_runs: list[str]) -> None:
    process((samples / "30_blank_scan_png.png").read_bytes(), limits, ctx)
    assert tesseract_runs == ["eng"]


def test_ink_fraction_tells_a_blank_page_from_a_short_note() -> None:
    blank = Image.open(io.BytesIO(_blank_page()))
    assert ocr.ink_fraction(blank) < ocr._BLANK_INK
    note = Image.new("L", (2550, 3300), 245)
    # One short handwritten-size line of ink, about 0.1% of the page: not blank.
    ImageDraw.Draw(note).rectangle((300, 400, 1300, 408), fill=20)
    assert ocr.ink_fraction(note) > ocr._BLANK_INK
    assert ocr.ink_fraction(note.convert("RGB")) == pytest.approx(ocr.ink_fraction(note))



def test_text_in_a_dark_band_that_the_page_layout_missed_is_read_sparsely(tmp_path) -> None:
    """White type on a coloured band ("Issued March 14, 2025" on a certificate's green header) can fall out
    of Tesseract's page layout. On a page with large dark areas a sparse-text read adds what the first
    read lacks; here the first read is made to lack the date, and real Tesseract finds it again."""
    import io
    import time

    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from workers.reading.ocr import OcrRead, _run, _with_sparse_text, ink_fraction

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(1000, 560), invariant=1)
    pdf.setFillColorRGB(0.0, 0.38, 0.0)
    pdf.rect(30, 300, 940, 230, fill=1, stroke=0)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont("Courier-Bold", 18)
    pdf.drawString(600, 478, "Issued March 14, 2025")
    pdf.setFillColorRGB(0.1, 0.1, 0.1)
    pdf.setFont("Courier", 18)
    pdf.drawCentredString(500, 250, "Industrial Network Design")
    pdf.showPage()
    pdf.save()
    image = pdfium.PdfDocument(buf.getvalue())[0].render(scale=1.5).to_pil().convert("L")
    assert ink_fraction(image) > 0.12
    path = str(tmp_path / "page.png")
    image.save(path)
    limits = Limits()
    first = _run(path, image.size, limits, time.monotonic() + 60)
    without_date = OcrRead([w for w in first.words if w.text not in ("Issued", "March", "14,", "2025")],
                           first.rotation, first.mean_conf, first.language)
    read = _with_sparse_text(without_date, path, image, limits, time.monotonic() + 60)
    assert {"March", "2025"} <= {w.text for w in read.words}
    assert "Industrial" in {w.text for w in read.words}


def test_words_on_a_flat_grey_bar_are_read_by_thresholding_each_part_of_the_page(tmp_path) -> None:
    """A screenshot of a certificate with grey bars above and below ("Completion date: 13 Jan 2025" in
    black on grey): one threshold for the whole page, between the grey and the white, turns the bars
    black with their words. Real Tesseract: the first read loses the date, the second finds it."""
    import time

    from PIL import ImageDraw, ImageFont

    from tests.drawn import SERIF
    from workers.reading.ocr import _run, _with_sparse_text

    if not SERIF.exists():
        pytest.skip("DejaVu fonts are not installed")
    image = Image.new("L", (1060, 650), 244)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1060, 92), fill=168)
    draw.rectangle((0, 578, 1060, 650), fill=168)
    font = ImageFont.truetype(str(SERIF), 18)
    big = ImageFont.truetype(str(SERIF), 36)
    draw.text((30, 30), "IBM SkillsBuild", font=big, fill=20)
    draw.text((340, 200), "This certificate is presented to", font=font, fill=20)
    draw.text((330, 340), "Cybersecurity Fundamentals", font=big, fill=0)
    draw.text((30, 600), "Completion date: 13 Jan 2025 (GMT)", font=font, fill=20)
    path = str(tmp_path / "page.png")
    image.save(path)
    limits = Limits()
    first = _run(path, image.size, limits, time.monotonic() + 60)
    assert "2025" not in {w.text for w in first.words} and first.mean_conf >= 70
    read = _with_sparse_text(first, path, image, limits, time.monotonic() + 60)
    assert {"Completion", "13", "Jan", "2025"} <= {w.text for w in read.words}
    assert "Cybersecurity" in {w.text for w in read.words}


def test_a_light_page_is_not_read_a_second_time() -> None:
    import time

    from workers.reading.ocr import OcrRead, _with_sparse_text

    read = OcrRead([], 0, 90.0, "eng")
    page = Image.new("L", (800, 600), 255)
    # no Tesseract run: the path it would read does not exist
    assert _with_sparse_text(read, "/nonexistent/page.png", page, Limits(), time.monotonic() + 5) is read


def test_the_sparse_reads_lines_are_kept_apart_from_the_first_reads() -> None:
    """Both Tesseract runs number their blocks and lines from one: a word the second run adds must not join
    the first run's line of the same number."""
    from workers.reading.layout import Word, build_lines
    from workers.reading.ocr import _SPARSE_BLOCKS

    first = [Word(t, 0.1 + 0.12 * i, 0.5, 0.2 + 0.12 * i, 0.53, 95.0, (2, 1, 1))
             for i, t in enumerate(["Certificate", "of", "Completion"])]
    added = [Word(t, 0.6 + 0.1 * i, 0.1, 0.68 + 0.1 * i, 0.12, 90.0, (_SPARSE_BLOCKS + 2, 1, 1))
             for i, t in enumerate(["Issued", "January", "31,", "2019"])]
    assert [line.text for line in build_lines(first + added, 1)] == [
        "Issued January 31, 2019", "Certificate of Completion"]
