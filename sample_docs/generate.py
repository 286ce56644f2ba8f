"""Generate the labelled sample set: documents in sample_docs/ and their truth in truth.json.

Usage: python sample_docs/generate.py   (deterministic: the same seed gives the same files)

Every layout is rendered in several ways: a text PDF, a scanned PNG or JPEG, an image-only PDF, a
skewed and unevenly lit phone photo, a page turned sideways, and a scan whose only text layer is the
typed-in name. Fonts vary per document.
"""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import layouts  # noqa: E402
from content import AS_OF, Doc  # noqa: E402

FONT_FAMILIES = [("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
                 ("Times-Roman", "Times-Bold", "Times-Italic"),
                 ("Courier", "Courier-Bold", "Courier-Oblique")]
_TTF = [("DejaVuSerif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
        ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf")]
for family, *files in _TTF:
    if all(Path(f).exists() for f in files):
        names = (family, family + "-Bold", family + "-Italic")
        for font_name, path in zip(names, files):
            pdfmetrics.registerFont(TTFont(font_name, path))
        FONT_FAMILIES.append(names)


def render_pdf(doc: Doc, rng: random.Random, skip_name: str | None = None) -> bytes:
    """Draw the document as a text PDF; `skip_name` leaves the recipient's name out (for mixed pages)."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    regular, bold, italic = rng.choice(FONT_FAMILIES)
    width, height = letter
    margin = rng.choice([60, 72, 90])
    for blocks in doc.pages:
        y = height - margin
        if any(b.align == "center" for b in blocks):
            pdf.setLineWidth(3)
            pdf.rect(30, 30, width - 60, height - 60)
        for block in blocks:
            font = {"regular": regular, "bold": bold, "italic": italic}[block.weight]
            y -= block.space + block.size
            fits = pdfmetrics.stringWidth(block.text, font, block.size) <= width - 2 * margin
            # simpleSplit collapses runs of spaces, which are the column gaps of a table row.
            lines = [block.text] if fits else simpleSplit(block.text, font, block.size, width - 2 * margin)
            for line in lines:
                if skip_name is None or line.strip().lower() != skip_name.lower():
                    pdf.setFont(font, block.size)
                    if block.align == "center":
                        pdf.drawCentredString(width / 2, y, line)
                    elif block.align == "right":
                        pdf.drawRightString(width - margin, y, line)
                    else:
                        pdf.drawString(margin, y, line)
                y -= block.size * 1.25
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def rasterize(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in pdf]
    finally:
        pdf.close()


def scan(img: Image.Image, rng: random.Random) -> Image.Image:
    """A flatbed scan: a small tilt, slight blur, a grey background."""
    img = img.rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return img.point(lambda v: int(v * 0.92 + 12))


def phone_photo(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo: skewed, lit unevenly from one side, a little blurred, on a dark table."""
    img = img.convert("L")
    w, h = img.size
    shade = Image.linear_gradient("L").resize((w, h)).rotate(rng.choice([90, 270, 0, 180]))
    shade = shade.point(lambda v: int(150 + v * 0.4))
    lit = Image.composite(img, Image.new("L", (w, h), 0), Image.new("L", (w, h), 255))
    lit = Image.fromarray(_multiply(lit, shade)) if False else _multiply(lit, shade)
    angle = rng.uniform(2.5, 4.0) * rng.choice([-1, 1])
    canvas_img = Image.new("L", (int(w * 1.08), int(h * 1.06)), 40)
    canvas_img.paste(lit, (int(w * 0.04), int(h * 0.03)))
    photo = canvas_img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=40)
    return photo.filter(ImageFilter.GaussianBlur(0.8))


def _multiply(a: Image.Image, b: Image.Image) -> Image.Image:
    from PIL import ImageChops
    return ImageChops.multiply(a, b)


def noise_page(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    img = Image.new("L", size, 236)
    draw = ImageDraw.Draw(img)
    for _ in range(900):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.point((x, y), fill=rng.randint(120, 200))
    return img.filter(ImageFilter.GaussianBlur(1.0))


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    buf = io.BytesIO()
    images[0].convert("L").save(buf, format="PDF", resolution=dpi, save_all=True,
                                append_images=[i.convert("L") for i in images[1:]])
    return buf.getvalue()


def mixed_pdf(doc: Doc, rng: random.Random) -> bytes:
    """A scanned page with the recipient's name typed into a form field: text layer holds only the name."""
    state = rng.getstate()
    name = doc.truth["recipient"]
    background = rasterize(render_pdf(doc, rng, skip_name=name), 200)[0]
    rng.setstate(state)
    full = render_pdf(doc, rng)
    pdf = pdfium.PdfDocument(full)
    words = pdf[0].get_textpage()
    # Find where the name sits on the page in the full rendering, and type it there.
    searcher = words.search(name.upper() if name.upper() in words.get_text_bounded() else name)
    box = searcher.get_next()
    x0, y0 = words.get_charbox(box[0])[:2] if box else (200, 400)
    pdf.close()
    buf = io.BytesIO()
    pdf_canvas = canvas.Canvas(buf, pagesize=letter, invariant=1)
    png = io.BytesIO()
    background.save(png, format="PNG")
    png.seek(0)
    from reportlab.lib.utils import ImageReader
    pdf_canvas.drawImage(ImageReader(png), 0, 0, width=letter[0], height=letter[1])
    pdf_canvas.setFont("Helvetica-Bold", 20)
    pdf_canvas.drawString(x0, y0, name)
    pdf_canvas.showPage()
    pdf_canvas.save()
    return buf.getvalue()


PLAN = [
    # (layout, rendering, options)
    ("certificate", "text_pdf", {}), ("certificate", "text_pdf", {}), ("certificate", "text_pdf", {"outside": True}),
    ("certificate", "text_pdf", {"mismatch": True}), ("certificate", "scan_png", {}),
    ("certificate", "scan_jpeg", {"no_hours": True}), ("certificate", "image_pdf", {}),
    ("certificate", "phone_photo", {}), ("certificate", "rotated_scan", {}), ("certificate", "mixed_pdf", {}),
    ("ceu_award", "text_pdf", {}), ("ceu_award", "text_pdf", {}), ("ceu_award", "scan_png", {}),
    ("ceu_award", "phone_photo", {}),
    ("hr_letter", "text_pdf", {}), ("hr_letter", "text_pdf", {}), ("hr_letter", "image_pdf", {}),
    ("hr_letter", "scan_jpeg", {}),
    ("self_statement", "text_pdf", {}), ("self_statement", "scan_png", {}), ("self_statement", "phone_photo", {}),
    ("webinar_email", "text_pdf", {}), ("webinar_email", "text_pdf", {}), ("webinar_email", "scan_png", {}),
    ("transcript", "text_pdf", {}), ("transcript", "text_pdf", {"quarter": True}), ("transcript", "image_pdf", {}),
    ("cover_and_certificate", "text_pdf", {}), ("cover_and_certificate", "image_pdf", {}),
    ("blank", "scan_png", {}), ("blank", "image_pdf", {}), ("blank", "phone_photo", {}),
]
EXT = {"text_pdf": "pdf", "image_pdf": "pdf", "mixed_pdf": "pdf", "scan_png": "png", "scan_jpeg": "jpg",
       "phone_photo": "jpg", "rotated_scan": "png"}


def build(layout: str, rendering: str, options: dict, rng: random.Random, index: int) -> tuple[str, bytes, Doc]:
    name = f"{index:02d}_{layout}_{rendering}.{EXT[rendering]}"
    doc = getattr(layouts, layout)(rng, name, **options)
    if layout == "blank":
        pages = [noise_page(rng, (1700, 2200))]
        if rendering == "phone_photo":
            pages = [phone_photo(pages[0], rng)]
    elif rendering == "text_pdf":
        return name, render_pdf(doc, rng), doc
    elif rendering == "mixed_pdf":
        return name, mixed_pdf(doc, rng), doc
    else:
        dpi = 200 if rendering in ("phone_photo", "scan_jpeg") else 250
        pages = rasterize(render_pdf(doc, rng), dpi)
        pages = [phone_photo(p, rng) if rendering == "phone_photo" else scan(p, rng) for p in pages]
        if rendering == "rotated_scan":
            pages = [p.rotate(90, expand=True) for p in pages]
    if EXT[rendering] == "pdf":
        return name, image_pdf(pages, 250), doc
    buf = io.BytesIO()
    if EXT[rendering] == "jpg":
        pages[0].convert("L").save(buf, format="JPEG", quality=80)
    else:
        pages[0].convert("L").save(buf, format="PNG", optimize=True)
    return name, buf.getvalue(), doc


def main() -> None:
    rng = random.Random(20261123)
    for old in HERE.glob("[0-9][0-9]_*"):
        old.unlink()
    documents = []
    for index, (layout, rendering, options) in enumerate(PLAN, start=1):
        name, data, doc = build(layout, rendering, options, rng, index)
        (HERE / name).write_bytes(data)
        documents.append({"file": name, "layout": layout, "rendering": rendering, "applicant": doc.applicant,
                          "as_of": AS_OF.isoformat(), "window_years": 3, **doc.truth})
    (HERE / "truth.json").write_text(json.dumps({"documents": documents}, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(documents)} documents to {HERE}")


if __name__ == "__main__":
    main()
