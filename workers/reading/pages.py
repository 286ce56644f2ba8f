"""Text per page: the PDF text layer where a page has one, OCR where it has not.

The choice is made per page, because real certificates mix the two: a name typed into a form field on
top of a scanned certificate gives a page with a few characters of text layer and everything else in an
image. Such a page is rendered (the render includes the typed name) and read by Tesseract.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat

from workers.errors import PipelineError, reading_timeout
from workers.reading.form_fields import form_words, has_form_fields
from workers.reading.images import grey
from workers.reading.layout import Line, Word, build_lines, mostly_under
from workers.reading.ocr import ocr_image
from workers.reading.text_layer import text_layer
from workers.runtime.limits import Limits, OcrBudget

# pdfminer logs every odd font at WARNING; those are not the user's problem.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# A page whose text layer has this many letters and digits is taken as text, whatever else is on it.
_ENOUGH_TEXT = 200
# Below _ENOUGH_TEXT, a page is still taken as text if it has some text and images cover little of it,
# or if that text is several words: real certificates draw a short text layer over a full-page
# background image, and OCR of the background would only add noise (and, on a photographic one, take
# many seconds). A name typed into a form field over a scan is one to four words, and is OCRed.
_SOME_TEXT = 25
_IMAGE_COVER = 0.3
_TEXT_WORDS = 5
# ... on three lines or more: a certificate drawn as one picture with only its verification link as
# text ("To verify this certificate visit https://...") is a scan, and is OCRed.
_TEXT_ROWS = 3
# The seconds OCR may take, over a whole document, on the pictures under short text layers before the text
# layers stand alone.
_PICTURE_SECONDS = 6.0
# Above this texture (see `_texture`) the picture under a short text layer is a photograph: not read.
_PHOTOGRAPH_TEXTURE = 10.0
_PHOTOGRAPH_MID_TONES = 0.5
# A text layer whose glyphs mostly map to no character (a font without a Unicode map) is not text.
_UNMAPPED = 0.2


# Bump when anything that changes what a page reads as changes (rendering, OCR preprocessing, the
# text-layer rules above): cached reads made by older code are then no longer used.
READER_VERSION = "11"
_PLACES = 5  # word boxes are kept to 1/100000 of the page: well under a pixel at any DPI we render


@dataclass
class PageText:
    """One page as the reader saw it: its words with boxes, and where they came from.

    This is the expensive part of the pipeline (OCR) and the only input of the text → fields stages, so
    it is what the page cache stores. Boxes are rounded when the page is made, so a page read fresh and
    the same page loaded from the cache give the same lines and the same fields.
    """

    number: int
    source: str  # "text_layer", "ocr", or "text_layer+ocr" (a short text layer over a picture)
    words: list[Word] = field(default_factory=list)
    rotation: int = 0
    mean_conf: float | None = None

    def __post_init__(self) -> None:
        self.words = [_rounded(w.text, w.x0, w.y0, w.x1, w.y1, w.conf, w.ocr_line) for w in self.words]

    @property
    def lines(self) -> list[Line]:
        return build_lines(self.words, self.number)

    def words_data(self) -> list[dict[str, object]]:
        """The words as JSON-ready dicts (the cache's and the Result's shape)."""
        return [{"text": w.text, "box": [w.x0, w.y0, w.x1, w.y1], "conf": w.conf,
                 "line": list(w.ocr_line) if w.ocr_line is not None else None} for w in self.words]

    @classmethod
    def from_data(cls, number: int, source: str, rotation: int, mean_conf: float | None,
                  words: list[dict[str, object]]) -> PageText:
        """A page from `words_data` (the page cache's and the Result's shape), its words as stored.

        Stored words were rounded when their page was made (every stored page is a PageText's, since the
        cache began), and a rounded float reads back from JSON as the same float. So they are not rounded
        again: re-processing loads every page of a batch this way, and `round` was three quarters of it."""
        page = cls(number, source, [], rotation, mean_conf)
        page.words = [Word(str(w["text"]), *w["box"], w.get("conf"),  # type: ignore[misc, call-arg]
                           tuple(w["line"]) if w.get("line") else None)  # type: ignore[arg-type]
                      for w in words]
        return page


def _rounded(text: str, x0: float, y0: float, x1: float, y1: float, conf: float | None,
             ocr_line: tuple[int, int, int] | None) -> Word:
    """A word with its box rounded to `_PLACES` and its confidence to 2 places."""
    return Word(text, round(x0, _PLACES), round(y0, _PLACES), round(x1, _PLACES), round(y1, _PLACES),
                None if conf is None else round(conf, 2), ocr_line)


def reader_key(limits: Limits) -> str:
    """What a cached page read depends on besides the file's bytes: the reader's code and OCR settings."""
    settings = {"reader": READER_VERSION, "dpi": limits.ocr_dpi, "language": limits.ocr_language,
                "languages": list(limits.ocr_languages),
                "max_pixels": limits.max_image_pixels}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def _check_time(deadline: float, limits: Limits) -> None:
    if time.monotonic() > deadline:
        raise reading_timeout(limits.timeout_seconds)


def _alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def read_pdf(data: bytes, doc: pdfium.PdfDocument, limits: Limits, deadline: float) -> list[PageText]:
    """Every page of a PDF: its text layer where that is enough, otherwise the page rendered and OCRed.

    `doc` is the document sniffing parsed and checked (`workers.reading.sniff.read_pages`), so a PDF is
    parsed once; its owner closes it."""
    pages: list[PageText] = []
    pictures_until = time.monotonic() + _PICTURE_SECONDS  # one budget for all of a document's pictures
    budget = OcrBudget(limits.ocr_pixel_budget)  # and one for all its OCR
    forms = _FormValues(data)
    try:
        for index in range(len(doc)):
            _check_time(deadline, limits)
            number, page = index + 1, doc[index]
            fields: list[Word] = []
            if has_form_fields(page):
                fields = forms.of_page(index)
            layer = text_layer(page, fields)
            words = layer.words
            letters = sum(_alnum(w.text) for w in words)
            real_words = sum(1 for w in words if w.is_real)
            rows = len({round(w.y0, 2) for w in words})
            # glyphs that map to no character (a border of dingbats, say) do not unmake a full text
            legible = layer.unmapped < _UNMAPPED or letters >= _ENOUGH_TEXT
            if legible and (letters >= _ENOUGH_TEXT or (letters >= _SOME_TEXT and layer.cover < _IMAGE_COVER)):
                pages.append(PageText(number, "text_layer", words))
                continue
            if legible and letters >= _SOME_TEXT and real_words >= _TEXT_WORDS and rows >= _TEXT_ROWS:
                # A short text layer over a picture: the words typed over it (a name, a date) are exact,
                # and the picture may hold the rest (the course, its hours, who gave it).
                pages.append(_with_picture(number, words, page, limits, deadline, pictures_until, budget))
                continue
            read = ocr_image(_render(page, limits), limits, deadline, budget=budget)
            # A scan, or a text layer in glyphs that map to no character; a form field's typed value
            # is exact all the same.
            pages.append(PageText(number, "ocr", _beside(layer.fields, read.words), read.rotation,
                                  read.mean_conf))
    except PipelineError:
        raise
    except Exception as exc:  # a damaged page or form dictionary: pdfium and pdfminer raise many types
        raise PipelineError("corrupt", f"The PDF cannot be read: {type(exc).__name__}.") from None
    finally:
        forms.close()
    if not pages:
        raise PipelineError("corrupt", "The PDF's page tree cannot be read.")
    return pages


class _FormValues:
    """The values typed into a PDF's form fields, page by page. pdfplumber opens the file for the first
    page that has fields; where pdfminer cannot read a form that pdfium found, the page has no typed
    values, and its own text still reads (from pdfium)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: pdfplumber.PDF | None = None
        self.unreadable = False

    def of_page(self, index: int) -> list[Word]:
        if self.unreadable:
            return []
        try:
            if self.pdf is None:
                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            return form_words(self.pdf.pages[index])
        except Exception:  # pdfminer raises many unrelated types on damaged files
            self.unreadable = self.pdf is None
            return []

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _with_picture(number: int, words: list[Word], page: pdfium.PdfPage, limits: Limits, deadline: float,
                  pictures_until: float, budget: OcrBudget) -> PageText:
    """A short text layer with what OCR reads in the picture under it, if that reads within the
    document's few seconds for pictures. A photograph under the text (a noisy background) would keep
    Tesseract busy for half a minute and give nothing but specks: then the text layer stands alone. So it
    does when OCR turned the picture to read it: its words would not stand where the typed ones do."""
    until = min(deadline, pictures_until)
    if until <= time.monotonic():
        return PageText(number, "text_layer", words)
    image = _render(page, limits)
    if _photograph(image):
        return PageText(number, "text_layer", words)
    try:
        read = ocr_image(image, limits, until, budget=budget)
    except PipelineError as exc:
        if exc.code != "timeout" or time.monotonic() >= deadline:
            raise
        return PageText(number, "text_layer", words)
    if read.rotation:
        return PageText(number, "text_layer", words)
    return PageText(number, "text_layer+ocr", _beside(words, read.words), read.rotation, read.mean_conf)


def _photograph(image: Image.Image) -> bool:
    """Whether a page is a photograph: busy (see `_texture`) and mostly mid-tones. Dense text is busy too,
    but it is ink on paper, dark or light; a designed certificate has flat colour. A few milliseconds."""
    small = grey(image).reduce(4)
    counts = small.histogram()
    mid_tones = sum(counts[60:200]) / (sum(counts) or 1)
    return mid_tones > _PHOTOGRAPH_MID_TONES and _texture(small) > _PHOTOGRAPH_TEXTURE


def _texture(small: Image.Image) -> float:
    """How busy a page is at a quarter of its size: the mean difference between it and itself blurred.
    A designed certificate (flat colour, lines, text) stays under about 7; a photograph's grain or noise
    is twice that."""
    return float(ImageStat.Stat(ImageChops.difference(small, small.filter(ImageFilter.BoxBlur(1)))).mean[0])


def _beside(exact: list[Word], read: list[Word]) -> list[Word]:
    """Typed words and OCR's words of one page together: where OCR read a word over a typed one, the
    typed one stands (it is exact), and the rest of OCR's reading fills in what is only in the picture."""
    if not exact:
        return read

    # OCR only fills in here: its specks and doubtful words would come between the exact ones.
    return exact + [w for w in read if any(ch.isalnum() for ch in w.text) and (w.conf is None or w.conf >= 50)
                    and not any(mostly_under(w, e) for e in exact)]


# A picture with this many pixels holds a page at 300 dpi already (A4 is 8.7 million).
_ENOUGH_PIXELS = 8_000_000


def _render(page: pdfium.PdfPage, limits: Limits) -> Image.Image:
    """Render a page for OCR at the configured DPI, scaled down if that would exceed the pixel limit, and
    never above the resolution of a picture that fills the page and has pixels enough: a phone's photo
    placed at one pixel a point makes a page of a metre, which 300 dpi would blow up to the pixel limit
    and Tesseract read for several times as long, with nothing more to see."""
    width, height = page.get_size()
    scale = limits.ocr_dpi / 72.0
    native = _picture_scale(page, width * height)
    if native and native * width * native * height >= _ENOUGH_PIXELS:
        scale = min(scale, native)
    pixels = width * scale * height * scale
    if pixels > limits.max_image_pixels:
        scale *= (limits.max_image_pixels / pixels) ** 0.5
    return page.render(scale=scale, grayscale=True).to_pil()


def _picture_scale(page: pdfium.PdfPage, area: float) -> float | None:
    """Pixels per point of the picture that covers most of the page, if one does."""
    best = None
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,)):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * area and right > left:
            px_width, _ = obj.get_px_size()
            best = max(best or 0.0, px_width / (right - left))
    return best


def read_image(data: bytes, img: Image.Image, limits: Limits, deadline: float) -> list[PageText]:
    """Every frame of an image (a TIFF can have several) read by OCR, upright as its EXIF says.

    `img` is the image sniffing opened (its header only) and bound-checked; nothing is decoded before here."""
    pages: list[PageText] = []
    frames = getattr(img, "n_frames", 1)
    budget = OcrBudget(limits.ocr_pixel_budget)
    with tempfile.TemporaryDirectory(prefix="reviewer-img-") as tmp:
        for index in range(frames):
            _check_time(deadline, limits)
            try:
                img.seek(index)
                img.load()
                # A frame of several is copied out before the next is sought; a single frame is read as
                # decoded, turned upright only if its EXIF says it lies turned (a copy costs a scan 5 ms).
                upright = frames == 1 and img.format in ("PNG", "JPEG") and img.getexif().get(0x0112, 1) == 1
                if frames > 1:
                    frame = img.copy()
                elif img.format == "JPEG" and not upright:
                    frame = ImageOps.exif_transpose(img)
                else:
                    frame = img
            except (OSError, ValueError, SyntaxError) as exc:
                raise PipelineError("corrupt", f"The image is damaged or truncated: {exc}.") from None
            # An upright single-frame PNG or JPEG goes to Tesseract as uploaded: no re-encoding.
            source_file = None
            if upright:
                source_file = str(Path(tmp) / f"upload.{str(img.format).lower()}")
                Path(source_file).write_bytes(data)
            read = ocr_image(frame, limits, deadline, source_file=source_file, budget=budget)
            pages.append(PageText(index + 1, "ocr", read.words, read.rotation, read.mean_conf))
    return pages
