"""Draw replicas of real-world certificate layouts, with invented people and organisations.

Usage: python sample_docs/replicas/draw.py   (writes every file and truth.jsonl next to this script)

Each document copies the *shape* of something seen in real evidence (a full-page background picture under
a thin text layer, an issuer shown only as a logo, a title wrapped over two lines, a signature block, a
label/value form, day-first and month-only dates, Portuguese/French/German/Spanish wording with a birth or
law date nearby, a transcript with term headers, a résumé, a personal statement, an employer letter, and
scans of two of them). No real person's or small company's name is used; every name here is made up.
Well-known platform names (LinkedIn Learning) appear only as the platform.

Deterministic: fixed seeds, reportlab `invariant=1`, images built in memory with Pillow.
The labels follow /work/devset/LABELLING.md (one JSON object per line in truth.jsonl).
"""

from __future__ import annotations

import io
import json
import math
import random
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-01"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

FONTS = {"Sans": "DejaVuSans.ttf", "Sans-Bold": "DejaVuSans-Bold.ttf", "Sans-Oblique": "DejaVuSans-Oblique.ttf",
         "Serif": "DejaVuSerif.ttf", "Serif-Bold": "DejaVuSerif-Bold.ttf", "Serif-Italic": "DejaVuSerif-Italic.ttf",
         "Serif-BoldItalic": "DejaVuSerif-BoldItalic.ttf"}
for _name, _file in FONTS.items():
    if (DEJAVU / _file).exists():
        pdfmetrics.registerFont(TTFont(_name, str(DEJAVU / _file)))
    else:  # fall back to the standard Type 1 fonts (Latin-1 only, which is all the replicas need)
        FONTS[_name] = ""
_FALLBACK = {"Sans": "Helvetica", "Sans-Bold": "Helvetica-Bold", "Sans-Oblique": "Helvetica-Oblique",
             "Serif": "Times-Roman", "Serif-Bold": "Times-Bold", "Serif-Italic": "Times-Italic",
             "Serif-BoldItalic": "Times-BoldItalic"}


def font(name: str) -> str:
    """A registered font name: DejaVu when installed, otherwise the matching standard font."""
    return name if FONTS.get(name) else _FALLBACK.get(name, name)


def pil_font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(DEJAVU / FONTS[name]), size)
    except (OSError, KeyError):
        return ImageFont.load_default()


# --------------------------------------------------------------------------------------------- helpers

class Page:
    """A thin wrapper over a reportlab canvas: one document, drawn top-down."""

    def __init__(self, size: tuple[float, float]) -> None:
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=size, invariant=1)
        self.w, self.h = size

    def text(self, x: float, y: float, s: str, f: str = "Sans", size: float = 11, align: str = "left",
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        self.c.setFillColorRGB(*color)
        self.c.setFont(font(f), size)
        if align == "center":
            self.c.drawCentredString(x, y, s)
        elif align == "right":
            self.c.drawRightString(x, y, s)
        else:
            self.c.drawString(x, y, s)
        self.c.setFillColorRGB(0, 0, 0)

    def centre(self, y: float, s: str, f: str = "Sans", size: float = 11, **kw: Any) -> None:
        self.text(self.w / 2, y, s, f, size, align="center", **kw)

    def para(self, x: float, y: float, s: str, width: float, f: str = "Sans", size: float = 11,
             leading: float | None = None, align: str = "left") -> float:
        """Wrap `s` into `width`; returns the baseline below the last line."""
        leading = leading or size * 1.45
        for line in simpleSplit(s, font(f), size, width):
            if align == "center":
                self.text(x + width / 2, y, line, f, size, align="center")
            else:
                self.text(x, y, line, f, size)
            y -= leading
        return y

    def image(self, img: Image.Image, x: float, y: float, w: float, h: float, fmt: str = "PNG") -> None:
        data = io.BytesIO()
        if fmt == "JPEG":
            img.convert("RGB").save(data, "JPEG", quality=82, optimize=False)
        else:
            img.save(data, "PNG", optimize=False)
        data.seek(0)
        self.c.drawImage(ImageReader(data), x, y, w, h, mask="auto" if fmt == "PNG" else None)

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.8,
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.line(x1, y1, x2, y2)
        self.c.setStrokeColorRGB(0, 0, 0)

    def signature(self, x: float, y: float, name: str, role: str, scribble_seed: int, width: float = 170) -> None:
        """A scribbled signature (vector strokes, no text), a rule, then the printed name and job title."""
        rng = random.Random(scribble_seed)
        path = self.c.beginPath()
        px, py = x + 15, y + 14
        path.moveTo(px, py)
        for _ in range(14):
            px += rng.uniform(4, 11)
            py = y + 8 + rng.uniform(0, 20)
            path.curveTo(px - 6, py + rng.uniform(-9, 9), px - 2, py - rng.uniform(-9, 9), px, py)
        self.c.setStrokeColorRGB(0.1, 0.15, 0.45)
        self.c.setLineWidth(1.1)
        self.c.drawPath(path, stroke=1, fill=0)
        self.rule(x, y, x + width, y, 0.6)
        self.text(x + width / 2, y - 14, name, "Sans-Bold", 10, align="center")
        self.text(x + width / 2, y - 27, role, "Sans", 9, align="center")

    def frame(self, inset: float = 24, width: float = 2.5,
              color: tuple[float, float, float] = (0.2, 0.25, 0.4)) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.rect(inset, inset, self.w - 2 * inset, self.h - 2 * inset)
        self.c.setLineWidth(width / 3)
        self.c.rect(inset + 6, inset + 6, self.w - 2 * inset - 12, self.h - 2 * inset - 12)
        self.c.setStrokeColorRGB(0, 0, 0)

    def next_page(self) -> None:
        self.c.showPage()

    def bytes(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def background_picture(seed: int, size: tuple[int, int] = (3300, 2550)) -> Image.Image:
    """A large decorative picture (gradient, guilloche waves, corner ornaments, seal) to lie under the text."""
    rng = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    top, bottom = (246, 240, 226), (228, 214, 186)
    for yy in range(h):
        t = yy / (h - 1)
        draw.line([(0, yy), (w, yy)], fill=tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3)))
    for band in range(26):  # guilloche: bundles of sine waves across the top and bottom
        amp, freq, phase = 40 + band * 3, 2 * math.pi / (600 + band * 11), rng.uniform(0, 6.28)
        for base in (260, h - 260):
            pts = [(xx, base + amp * math.sin(freq * xx + phase)) for xx in range(0, w + 10, 12)]
            draw.line(pts, fill=(196, 160, 92), width=2)
    for inset, width in ((60, 18), (110, 5)):
        draw.rectangle([inset, inset, w - inset, h - inset], outline=(120, 90, 40), width=width)
    for cx, cy in ((190, 190), (w - 190, 190), (190, h - 190), (w - 190, h - 190)):
        for r in range(20, 120, 14):
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(150, 110, 50), width=3)
    cx, cy, r = w - 520, h - 560, 250  # the seal
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(170, 35, 40))
    for k in range(48):
        a = 2 * math.pi * k / 48
        draw.line([(cx + (r - 40) * math.cos(a), cy + (r - 40) * math.sin(a)),
                   (cx + r * math.cos(a), cy + r * math.sin(a))], fill=(240, 210, 120), width=6)
    draw.ellipse([cx - 150, cy - 150, cx + 150, cy + 150], outline=(240, 210, 120), width=10)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def wordmark(text: str, sub: str, seed: int, colour: tuple[int, int, int]) -> Image.Image:
    """An organisation's name drawn as a picture (icon plus lettering): no text layer at all."""
    rng = random.Random(seed)
    big = pil_font("Sans-Bold", 170)
    width = 350 + int(big.getlength(text)) + 40 if hasattr(big, "getlength") else 1400
    img = Image.new("RGBA", (width + 100, 360), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon([(40, 300), (170, 40), (300, 300)], fill=colour)  # a mountain/anvil mark
    draw.polygon([(120, 300), (190, 160), (260, 300)], fill=(255, 255, 255, 255))
    draw.rectangle([20, 306, 320, 330], fill=colour)
    draw.text((350, 40), text, font=big, fill=colour)
    draw.text((360, 250), sub, font=pil_font("Sans", 62), fill=(90, 90, 90, 255))
    for _ in range(3):  # a couple of accent dots, so the mark is not plain lettering
        x = rng.randint(width - 20, width + 60)
        draw.ellipse([x, 60, x + 26, 86], fill=colour)
    return img


def rasterise(pdf: bytes, dpi: int = 200) -> Image.Image:
    page = pdfium.PdfDocument(pdf)[0]
    return page.render(scale=dpi / 72).to_pil().convert("RGB")


def scanned(img: Image.Image, seed: int, angle: float) -> Image.Image:
    """A flat-bed scan: grey paper tone, a small rotation, speckle noise and a little blur."""
    rng = random.Random(seed)
    grey = img.convert("L")
    grey = grey.point(lambda v: int(18 + v * 0.9))
    grey = grey.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=236)
    px = grey.load()
    w, h = grey.size
    for _ in range(w * h // 400):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = max(0, min(255, px[x, y] + rng.choice((-70, -45, 40))))
    return grey.filter(ImageFilter.GaussianBlur(0.5))


def image_only_pdf(img: Image.Image, size: tuple[float, float]) -> bytes:
    page = Page(size)
    page.image(img, 0, 0, size[0], size[1], fmt="JPEG")
    return page.bytes()


def label(file: str, kind: str, rendering: str, language: str, recipient: str | None, issuer: str | None,
          third_party: bool | None, activities: list[dict[str, Any]], notes: str,
          issuer_logo_only: bool = False) -> dict[str, Any]:
    return {"file": file, "source": "replica (invented names; layout copied from real-world evidence)",
            "kind": kind, "rendering": rendering, "language": language, "as_of": AS_OF, "window_years": 3,
            "applicant": recipient, "recipient": recipient, "issuer": issuer, "issuer_logo_only": issuer_logo_only,
            "third_party": third_party, "activities": activities, "notes": notes}


def act(title: str, date: str | None, value: float | None = None, unit: str = "contact_hours",
        start: str | None = None) -> dict[str, Any]:
    return {"title": title, "start_date": start, "date": date,
            "amount": None if value is None else {"value": value, "unit": unit}}


# --------------------------------------------------------------------------------------------- documents

def background_certificate() -> bytes:
    """1. A full-page decorative picture with a short text layer drawn over it."""
    p = Page(landscape(letter))
    p.image(background_picture(seed=101), 0, 0, p.w, p.h, fmt="JPEG")
    p.centre(440, "CERTIFICATE OF ACHIEVEMENT", "Serif-Bold", 34, color=(0.35, 0.22, 0.05))
    p.centre(395, "This certificate is proudly presented to", "Serif-Italic", 15)
    p.centre(345, "Marisol Quintero-Vale", "Serif-BoldItalic", 38, color=(0.1, 0.1, 0.3))
    p.centre(305, "for completing the course", "Serif-Italic", 15)
    p.centre(268, "Foundations of Process Safety Leadership", "Serif-Bold", 22)
    p.centre(232, "6 contact hours  \u2022  March 14, 2025", "Serif", 13)
    p.centre(120, "Northwind Safety Institute", "Serif-Bold", 14, color=(0.35, 0.22, 0.05))
    return p.bytes()


def logo_only_certificate() -> bytes:
    """2. The issuer appears only as a logo picture; certificate number and a verify-at URL in text."""
    p = Page(landscape(A4))
    p.frame(18, 1.5, (0.75, 0.55, 0.2))
    logo = wordmark("SKILLFORGE", "learn by doing", seed=202, colour=(214, 92, 28, 255))
    p.image(logo, 48, p.h - 120, 67 * logo.width / logo.height, 67)
    p.text(p.w - 48, p.h - 70, "Certificate no: UC-7F3A91C2-0417", "Sans", 9, align="right", color=(0.4, 0.4, 0.4))
    p.text(p.w - 48, p.h - 84, "Reference Number: 0417", "Sans", 9, align="right", color=(0.4, 0.4, 0.4))
    p.centre(p.h - 190, "CERTIFICATE OF COMPLETION", "Sans-Bold", 30, color=(0.25, 0.25, 0.25))
    p.centre(p.h - 240, "This is to certify that", "Sans", 14)
    p.centre(p.h - 290, "Daniel Okonkwo-Reyes", "Serif-Bold", 34)
    p.centre(p.h - 330, "successfully completed 12 total hours of", "Sans", 14)
    p.centre(p.h - 366, "Applied Root Cause Analysis for Technicians", "Sans-Bold", 20)
    p.centre(p.h - 396, "online course on June 11, 2025", "Sans", 14)
    p.signature(80, 110, "Rafael Mendon\u00e7a-Price", "Instructor", scribble_seed=21)
    p.text(p.w - 60, 96, "Verify at https://certs.skfg.example/UC-7F3A91C2-0417", "Sans", 9, align="right",
           color=(0.3, 0.3, 0.3))
    p.text(p.w - 60, 82, "The certificate indicates the entire course was completed as validated by the student.",
           "Sans", 7.5, align="right", color=(0.45, 0.45, 0.45))
    return p.bytes()


def two_line_title_certificate() -> bytes:
    """3 + 4. Name in large type above the lead-in; a title wrapped over two lines; a signature block."""
    p = Page(landscape(letter))
    p.frame(22, 3, (0.1, 0.3, 0.35))
    p.centre(p.h - 78, "HARBORVIEW TECHNICAL COLLEGE  \u00b7  CONTINUING EDUCATION", "Sans", 11, color=(0.1, 0.3, 0.35))
    p.centre(p.h - 130, "Certificate of Completion", "Serif-Italic", 30)
    p.centre(p.h - 200, "Anika S\u00f6rensen-Blake", "Serif-Bold", 36)
    p.centre(p.h - 236, "has successfully completed", "Serif-Italic", 15)
    p.centre(p.h - 282, "Advanced Hydraulic Systems Troubleshooting", "Sans-Bold", 24)
    p.centre(p.h - 314, "and Preventive Maintenance Planning", "Sans-Bold", 24)
    p.centre(p.h - 356, "Date: September 5, 2025          Contact hours: 14", "Sans", 12)
    p.signature(110, 120, "Helena Voss-Carter", "Director of Training", scribble_seed=31, width=200)
    p.signature(p.w - 310, 120, "Marcus Ellery", "Dean, Workforce Development", scribble_seed=32, width=200)
    p.centre(48, "Harborview Technical College  \u00b7  412 Pier Street, Port Alder  \u00b7  "
                 "Certificate HTC-CE-25-0912",
             "Sans", 8, color=(0.4, 0.4, 0.4))
    return p.bytes()


def label_value_form() -> bytes:
    """5 + 6. A label/value training record with day-first numeric dates (completion and issue)."""
    p = Page(A4)
    p.text(56, p.h - 70, "Redwater Compliance Training Ltd", "Sans-Bold", 18, color=(0.55, 0.08, 0.08))
    p.text(56, p.h - 88, "Unit 4, Millbrook Park, Redwater RW3 9QT  \u00b7  01632 960 114", "Sans", 9,
           color=(0.35, 0.35, 0.35))
    p.rule(56, p.h - 100, p.w - 56, p.h - 100, 1.5, (0.55, 0.08, 0.08))
    p.centre(p.h - 160, "CERTIFICATE OF TRAINING", "Sans-Bold", 22)
    p.centre(p.h - 184, "Record of attendance and assessment", "Sans-Oblique", 11)
    rows = [("Name:", "Oluwaseun Hartley-Moss"), ("Course:", "Lockout/Tagout for Maintenance Staff"),
            ("Date:", "23/04/2024"), ("Hours:", "7.5"), ("Trainer:", "Gareth Pryce-Llewellyn"),
            ("Venue:", "Redwater Training Centre, Bay 2"), ("Result:", "Pass"),
            ("Certificate no.:", "RCT-24-1187")]
    y = p.h - 250
    for key, value in rows:
        p.text(90, y, key, "Sans-Bold", 12)
        p.text(230, y, value, "Sans", 12)
        p.rule(228, y - 4, p.w - 90, y - 4, 0.3, (0.6, 0.6, 0.6))
        y -= 30
    p.para(90, y - 20, "The above named delegate attended the course and met the assessment criteria. This "
           "certificate should be renewed every three years.", p.w - 180, "Sans", 10)
    p.signature(90, 200, "Gareth Pryce-Llewellyn", "Lead Trainer", scribble_seed=41)
    p.signature(p.w - 260, 200, "Imogen Tallis", "Quality Manager", scribble_seed=42)
    p.text(90, 110, "Issue date: 26/04/2024", "Sans", 10)
    p.text(p.w - 90, 110, "Renew by: 04/2027", "Sans", 10, align="right")
    return p.bytes()


def month_only_pdu() -> bytes:
    """6. A month-only completion date next to a month-only update date; PDUs in the footer."""
    p = Page(landscape(letter))
    p.c.setFillColorRGB(0.93, 0.95, 0.97)
    p.c.rect(0, 0, p.w, 110, stroke=0, fill=1)
    p.text(60, p.h - 80, "Certificate of Completion", "Sans", 16, color=(0.3, 0.3, 0.3))
    p.text(60, p.h - 140, "Congratulations, Tomasz Wierzbicki-Hale", "Sans-Bold", 26)
    p.text(60, p.h - 200, "Negotiation Skills for Project Managers", "Sans-Bold", 30, color=(0.0, 0.25, 0.5))
    p.text(60, p.h - 232, "Course completed by Tomasz Wierzbicki-Hale", "Sans", 12)
    p.text(60, p.h - 252, "Updated: 03/2024  \u2022  Completed: August 2024", "Sans", 12)
    p.text(60, p.h - 292, "Top skills covered: Negotiation, Stakeholder Management", "Sans", 11,
           color=(0.35, 0.35, 0.35))
    p.signature(p.w - 290, 200, "Priya Natarajan-Cole", "Head of Learning Content", scribble_seed=51, width=200)
    p.text(60, 78, "LinkedIn Learning", "Sans-Bold", 14, color=(0.0, 0.4, 0.7))
    p.text(60, 56, "Program: PMI\u00ae Registered Education Provider  |  Provider ID: #7732  |  "
           "Certificate No: AbX93kQ2Lm", "Sans", 8.5)
    p.text(60, 42, "PDUs/ContactHours: 1.25  |  Activity #: 7732Q8QWZ", "Sans", 8.5)
    return p.bytes()


def portuguese_certificate() -> bytes:
    """7 (pt). 'Certificamos que ... nascido em ... concluiu o curso ..., com carga horária ..., no período ...'."""
    p = Page(landscape(A4))
    p.frame(26, 2.5, (0.05, 0.35, 0.2))
    p.centre(p.h - 80, "INSTITUTO SERRA AZUL DE EDUCA\u00c7\u00c3O PROFISSIONAL", "Sans-Bold", 15,
             color=(0.05, 0.35, 0.2))
    p.centre(p.h - 140, "CERTIFICADO", "Serif-Bold", 40)
    body = ("Certificamos que Thiago Amaral Bezerra, nascido em 30/03/1991, concluiu o curso Gest\u00e3o de "
            "Manuten\u00e7\u00e3o Industrial, com carga hor\u00e1ria de 20 horas, realizado no per\u00edodo de "
            "22/07/2025 a 29/09/2025, na modalidade a dist\u00e2ncia.")
    p.para(110, p.h - 210, body, p.w - 220, "Serif", 16, leading=26, align="center")
    p.centre(p.h - 330, "Belo Horizonte, 30 de setembro de 2025.", "Serif", 13)
    p.signature(150, 110, "Fernanda Lacerda Quintas", "Coordenadora Pedag\u00f3gica", scribble_seed=61, width=200)
    p.signature(p.w - 350, 110, "Ot\u00e1vio Rezende Lins", "Diretor", scribble_seed=62, width=200)
    p.centre(44, "C\u00f3digo de autenticidade: ISA-8831-2025-0470", "Sans", 8, color=(0.4, 0.4, 0.4))
    return p.bytes()


def french_attestation() -> bytes:
    """7 (fr). 'atteste que ... née le ... a suivi la formation ... d'une durée de 17,5 heures, du 3 au 5 mars 2025'."""
    p = Page(A4)
    p.text(56, p.h - 70, "Centre de Formation Rh\u00f4ne-Alpilles", "Serif-Bold", 17, color=(0.1, 0.2, 0.5))
    p.text(56, p.h - 86, "12 chemin des Tanneurs \u2013 26000 Valence  \u2013  SIRET 000 000 000 00000", "Sans", 8.5,
           color=(0.4, 0.4, 0.4))
    p.centre(p.h - 170, "ATTESTATION DE FORMATION", "Sans-Bold", 22)
    body = ("Le Centre de Formation Rh\u00f4ne-Alpilles atteste que Madame \u00c9lodie Marchand-Viguier, n\u00e9e le "
            "14 f\u00e9vrier 1987 \u00e0 Valence, a suivi la formation \u00ab Pr\u00e9vention des risques li\u00e9s "
            "\u00e0 l'activit\u00e9 physique \u00bb d'une dur\u00e9e de 17,5 heures, du 3 au 5 mars 2025.")
    y = p.para(72, p.h - 240, body, p.w - 144, "Serif", 13, leading=21)
    p.para(72, y - 14, "Objectifs : identifier les situations de travail \u00e0 risque et proposer des pistes "
           "d'am\u00e9lioration. Cette attestation est d\u00e9livr\u00e9e pour servir et valoir ce que de droit.",
           p.w - 144, "Serif", 12, leading=19)
    p.text(p.w - 72, p.h - 470, "Fait \u00e0 Valence, le 6 mars 2025", "Serif", 12, align="right")
    p.signature(p.w - 270, p.h - 560, "Bernard Lef\u00e8vre-Roux", "Directeur p\u00e9dagogique", scribble_seed=71,
                width=190)
    return p.bytes()


def german_certificate() -> bytes:
    """7 (de). 'hat vom 22. bis 23. Oktober 2025 am Seminar X teilgenommen (16 Stunden)', with a Geburtsdatum."""
    p = Page(A4)
    p.text(p.w - 56, p.h - 66, "Technische Akademie Nordheide e.V.", "Sans-Bold", 14, align="right",
           color=(0.0, 0.3, 0.45))
    p.text(p.w - 56, p.h - 82, "Heideweg 7  \u00b7  21220 Nordheide  \u00b7  www.ta-nordheide.example", "Sans", 8.5,
           align="right", color=(0.4, 0.4, 0.4))
    p.text(70, p.h - 170, "Teilnahmebescheinigung", "Sans-Bold", 26)
    p.text(70, p.h - 240, "Frau Katrin Albrecht-Sommer", "Sans-Bold", 16)
    p.text(70, p.h - 260, "Geburtsdatum: 07.11.1984", "Sans", 11)
    y = p.para(70, p.h - 300, "hat vom 22. bis 23. Oktober 2025 am Seminar \u201eGrundlagen der funktionalen "
               "Sicherheit nach IEC 61508\u201c teilgenommen (16 Stunden).", p.w - 140, "Sans", 13, leading=20)
    y = p.para(70, y - 12, "Inhalte: Sicherheitslebenszyklus, Gef\u00e4hrdungs- und Risikobeurteilung, "
               "Sicherheitsintegrit\u00e4tslevel (SIL), Nachweisf\u00fchrung.", p.w - 140, "Sans", 11, leading=16)
    p.text(70, y - 40, "Nordheide, 24.10.2025", "Sans", 11)
    p.signature(70, 200, "Dr. J\u00f6rg Wendland", "Seminarleiter", scribble_seed=81)
    p.signature(p.w - 240, 200, "Sabine Kroll", "Gesch\u00e4ftsf\u00fchrerin", scribble_seed=82)
    return p.bytes()


def spanish_constancia() -> bytes:
    """7 (es). 'Por haber concluido satisfactoriamente el curso de: X ... con una duración de 20 horas', law date."""
    p = Page(letter)
    p.frame(20, 2, (0.45, 0.1, 0.15))
    p.centre(p.h - 80, "INSTITUTO TECNOL\u00d3GICO DE LA SIERRA ALTA", "Serif-Bold", 16, color=(0.45, 0.1, 0.15))
    p.centre(p.h - 98, "Coordinaci\u00f3n de Educaci\u00f3n Continua", "Serif", 11)
    p.centre(p.h - 170, "Otorga la presente constancia a:", "Serif", 14)
    p.centre(p.h - 215, "Valeria Ibarra Cienfuegos", "Serif-Bold", 26)
    p.centre(p.h - 260, "Por haber concluido satisfactoriamente el curso de:", "Serif", 14)
    p.centre(p.h - 300, "Administraci\u00f3n de Redes con Linux", "Serif-Bold", 22)
    p.centre(p.h - 340, "Impartido del 10 al 14 de febrero de 2025, con una duraci\u00f3n de 20 horas.", "Serif", 13)
    p.para(90, p.h - 390, "Con fundamento en el Reglamento de Educaci\u00f3n Continua publicado el 12 de enero de "
           "2016 y en el acuerdo del Consejo Acad\u00e9mico de fecha 3 de marzo de 2019.", p.w - 180, "Serif", 10,
           align="center")
    p.centre(p.h - 450, "Tlacotepec de la Sierra, a 21 de febrero de 2025", "Serif", 12)
    p.signature(p.w / 2 - 100, 160, "Ing. Rodrigo Salcedo Lima", "Coordinador de Educaci\u00f3n Continua",
                scribble_seed=91, width=200)
    p.centre(50, "Folio: ITSA-EC-2025-0311", "Sans", 8, color=(0.4, 0.4, 0.4))
    return p.bytes()


TRANSCRIPT_TERMS = [
    ("Fall 2024", "08/26/2024 - 12/13/2024", "2024-08-26", "2024-12-13", [
        ("MFG 210", "Computer Numerical Control Programming", 3.0, "A", "12.00"),
        ("MFG 225", "Geometric Dimensioning and Tolerancing", 3.0, "B+", "9.90"),
        ("ELT 130", "Industrial Electricity Fundamentals", 4.0, "A-", "14.80")]),
    ("Spring 2025", "01/13/2025 - 05/09/2025", "2025-01-13", "2025-05-09", [
        ("MFG 240", "Robotics and Automated Systems", 3.0, "A", "12.00"),
        ("QMS 200", "Statistical Quality Control", 3.0, "A", "12.00"),
        ("SAF 110", "OSHA General Industry Safety", 1.0, "P", "0.00"),
        ("ENG 105", "Technical Report Writing", 3.0, "B", "9.00")]),
]


def transcript() -> bytes:
    """8. A transcript with term headers (with date ranges) and a units column."""
    p = Page(letter)
    p.centre(p.h - 60, "LAKESHORE COMMUNITY COLLEGE", "Serif-Bold", 17)
    p.centre(p.h - 78, "Office of the Registrar  \u00b7  900 Shoreline Drive, Harlow Bay", "Serif", 10)
    p.centre(p.h - 104, "UNOFFICIAL TRANSCRIPT", "Sans-Bold", 13)
    p.text(56, p.h - 140, "Name: Achterberg-Lin, Devon", "Sans", 10)
    p.text(56, p.h - 154, "Student ID: 0048213", "Sans", 10)
    p.text(330, p.h - 140, "Date of birth: 02/17/1996", "Sans", 10)
    p.text(330, p.h - 154, "Program: Advanced Manufacturing Technology, A.A.S.", "Sans", 10)
    p.text(p.w - 56, p.h - 168, "Printed: 06/02/2025", "Sans", 9, align="right")
    cols = (56, 120, 400, 460, 510)
    y = p.h - 200
    for x, head in zip(cols, ("Course", "Title", "Units", "Grade", "Points")):
        p.text(x, y, head, "Sans-Bold", 10)
    p.rule(56, y - 5, p.w - 56, y - 5, 0.8)
    y -= 26
    for term, span, _start, _end, courses in TRANSCRIPT_TERMS:
        p.text(56, y, f"{term}  ({span})", "Sans-Bold", 10.5)
        y -= 17
        for code, title, units, grade, points in courses:
            for x, value in zip(cols, (code, title, f"{units:.1f}", grade, points)):
                p.text(x, y, value, "Sans", 10)
            y -= 15
        attempted = sum(c[2] for c in courses)
        p.text(120, y, f"Term totals:  Units attempted {attempted:.1f}   Units earned {attempted:.1f}",
               "Sans-Oblique", 9)
        y -= 28
    p.rule(56, y + 10, p.w - 56, y + 10, 0.5)
    p.text(56, y - 8, "Cumulative units earned: 20.0     Cumulative GPA: 3.61", "Sans-Bold", 10)
    p.text(56, y - 40, "Units are semester credit hours. This unofficial transcript is not valid without the "
           "Registrar's seal.", "Sans", 8.5, color=(0.35, 0.35, 0.35))
    return p.bytes()


def resume() -> bytes:
    """9. A résumé: name at top, contact line, Experience / Education / Skills, courses listed."""
    p = Page(letter)
    p.text(56, p.h - 70, "Noor Halvorsen-Adeyemi", "Sans-Bold", 24)
    p.text(56, p.h - 90, "Process Engineer", "Sans", 12, color=(0.3, 0.3, 0.3))
    p.text(56, p.h - 108, "noor.halvorsen@example.com  |  +1 (555) 014-2297  |  Duluth, MN", "Sans", 10)
    y = p.h - 140

    def heading(title: str) -> None:
        nonlocal y
        p.text(56, y, title, "Sans-Bold", 12, color=(0.05, 0.3, 0.5))
        p.rule(56, y - 4, p.w - 56, y - 4, 0.6, (0.05, 0.3, 0.5))
        y -= 20

    def line(s: str, f: str = "Sans", size: float = 10) -> None:
        nonlocal y
        y = p.para(66, y, s, p.w - 122, f, size, leading=14)

    heading("SUMMARY")
    line("Process engineer with eight years in metal fabrication, focused on lean manufacturing, "
         "statistical process control and safety culture.")
    y -= 8
    heading("EXPERIENCE")
    line("Senior Process Engineer, Lakehead Castings Co., Duluth, MN  \u2014  2021 to present", "Sans-Bold")
    line("\u2022 Led a scrap-reduction project that cut weld rework by 31 %.")
    line("\u2022 Trained 40 operators in standard work and 5S audits.")
    line("Process Engineer, Iron Range Fabricators, Virginia, MN  \u2014  2017 to 2021", "Sans-Bold")
    line("\u2022 Introduced control charts on three production lines.")
    y -= 8
    heading("EDUCATION")
    line("B.S. Industrial Engineering, Northern Plains State University, 2017")
    y -= 8
    heading("PROFESSIONAL DEVELOPMENT")
    line("\u2022 Lean Six Sigma Green Belt, Midvale Quality Council, 2024 (24 hours)")
    line("\u2022 OSHA 30-Hour General Industry, 2023")
    line("\u2022 Design of Experiments for Engineers, online course, March 2025")
    y -= 8
    heading("SKILLS")
    line("Minitab, SolidWorks, value-stream mapping, FMEA, root cause analysis, Spanish (conversational)")
    return p.bytes()


def personal_statement() -> bytes:
    """10. A personal statement in the first person."""
    p = Page(letter)
    p.text(72, p.h - 72, "Personal Statement", "Serif-Bold", 20)
    p.text(72, p.h - 92, "Callum Ferreira-Nash  \u2014  Recertification cycle 2023\u20132026", "Serif", 11)
    p.text(72, p.h - 108, "Date: 15 October 2026", "Serif", 11)
    paragraphs = [
        "I am submitting this statement in support of my application for recertification as a senior "
        "manufacturing technologist. Over the last three years I have deliberately broadened my skills beyond "
        "machining into automation and quality.",
        "In March 2025 I attended a two-day workshop on collaborative robot safety (about 16 hours), and in the "
        "autumn of 2024 I worked through an online course on statistical process control in the evenings. "
        "I also mentored two apprentices and presented our lean results at a regional users' group.",
        "I believe these activities have made me a better engineer and a better colleague. I have attached the "
        "certificates I still have; for the workshop I no longer have the certificate, so I describe it here "
        "in my own words.",
        "Thank you for considering my application.",
    ]
    y = p.h - 150
    for text in paragraphs:
        y = p.para(72, y, text, p.w - 144, "Serif", 12, leading=18) - 10
    p.text(72, y - 20, "Callum Ferreira-Nash", "Serif-Italic", 13)
    return p.bytes()


def employer_letter() -> bytes:
    """11. An employer's letter on letterhead: 'This letter confirms that ... completed ... 8 hours'."""
    p = Page(letter)
    logo = wordmark("BRIGHTWATER", "fabrication", seed=303, colour=(20, 70, 140, 255))
    p.image(logo, 56, p.h - 96, 45 * logo.width / logo.height, 45)
    p.text(p.w - 56, p.h - 60, "Brightwater Fabrication Inc.", "Sans-Bold", 12, align="right")
    p.text(p.w - 56, p.h - 74, "1200 Quarry Road, Millbrook, OH 44000", "Sans", 9, align="right")
    p.text(p.w - 56, p.h - 86, "(555) 010-7788  \u00b7  training@brightwater-fab.example", "Sans", 9, align="right")
    p.rule(56, p.h - 110, p.w - 56, p.h - 110, 1.2, (0.08, 0.27, 0.55))
    p.text(56, p.h - 150, "June 2, 2025", "Serif", 12)
    p.text(56, p.h - 186, "To Whom It May Concern:", "Serif", 12)
    y = p.para(56, p.h - 216, "This letter confirms that Samuel Adeyemi-Ford, Maintenance Technician II, completed "
               "Confined Space Entry and Rescue Awareness on May 28, 2025. The course was delivered on site by our "
               "Training Department and consisted of 8 hours of classroom instruction and practical exercises.",
               p.w - 112, "Serif", 12, leading=18)
    y = p.para(56, y - 12, "Mr. Adeyemi-Ford has been employed with us since April 12, 2019. Please contact the "
               "Training Department if you need any further information.", p.w - 112, "Serif", 12, leading=18)
    p.text(56, y - 24, "Sincerely,", "Serif", 12)
    p.signature(56, y - 90, "Laura Whitcombe", "Manager, Training Department", scribble_seed=111, width=180)
    p.centre(40, "Brightwater Fabrication Inc.  \u00b7  Precision steel since 1988", "Sans", 8, color=(0.4, 0.4, 0.4))
    return p.bytes()


# --------------------------------------------------------------------------------------------- the set

def build() -> list[tuple[str, bytes, dict[str, Any]]]:
    two_line = two_line_title_certificate()
    form = label_value_form()
    two_line_title = "Advanced Hydraulic Systems Troubleshooting and Preventive Maintenance Planning"
    return [
        ("r01_background_image_cert.pdf", background_certificate(), label(
            "r01_background_image_cert.pdf", "certificate", "text_pdf", "en", "Marisol Quintero-Vale",
            "Northwind Safety Institute", True, [act("Foundations of Process Safety Leadership", "2025-03-14", 6)],
            "A 3300x2550 decorative JPEG fills the whole page; seven short text lines lie over it. "
            "Hours and date share one line separated by a bullet.")),
        ("r02_logo_only_verify.pdf", logo_only_certificate(), label(
            "r02_logo_only_verify.pdf", "certificate", "text_pdf", "en", "Daniel Okonkwo-Reyes", None, True,
            [act("Applied Root Cause Analysis for Technicians", "2025-06-11", 12)],
            "Old-Udemy-like sentence split over lines: 'successfully completed 12 total hours of TITLE online course "
            "on June 11, 2025'. Issuer 'SKILLFORGE' is only a picture (logo); text has a certificate number, a "
            "verify URL and the instructor's signature (a person).", issuer_logo_only=True)),
        ("r03_two_line_title_signatures.pdf", two_line, label(
            "r03_two_line_title_signatures.pdf", "certificate", "text_pdf", "en", "Anika S\u00f6rensen-Blake",
            "Harborview Technical College", True, [act(two_line_title, "2025-09-05", 14)],
            "Name (36 pt) above 'has successfully completed'; the title wraps over two centred lines of the same "
            "24 pt size. Two signature blocks (name + job title) must not be taken as recipient/issuer/title.")),
        ("r04_label_value_form.pdf", form, label(
            "r04_label_value_form.pdf", "certificate", "text_pdf", "en", "Oluwaseun Hartley-Moss",
            "Redwater Compliance Training Ltd", True, [act("Lockout/Tagout for Maintenance Staff", "2024-04-23", 7.5)],
            "Label/value form (Name:, Course:, Date:, Hours:, Trainer:). Day-first numeric dates: 'Date: 23/04/2024' "
            "(training day, used) and 'Issue date: 26/04/2024'; 'Renew by: 04/2027' is not a completion date.")),
        ("r05_month_only_pdu.pdf", month_only_pdu(), label(
            "r05_month_only_pdu.pdf", "pdu_ceu", "text_pdf", "en", "Tomasz Wierzbicki-Hale", "LinkedIn Learning",
            True, [act("Negotiation Skills for Project Managers", "2024-08-01", 1.25, "pdu")],
            "'Updated: 03/2024 \u2022 Completed: August 2024' -> month-only completion, first day of month used. "
            "Name after 'Congratulations,'. Amount 'PDUs/ContactHours: 1.25' in the footer (pdu, as in the devset).")),
        ("r06_pt_certificado.pdf", portuguese_certificate(), label(
            "r06_pt_certificado.pdf", "certificate", "text_pdf", "pt", "Thiago Amaral Bezerra",
            "Instituto Serra Azul de Educa\u00e7\u00e3o Profissional", True,
            [act("Gest\u00e3o de Manuten\u00e7\u00e3o Industrial", "2025-09-29", 20, start="2025-07-22")],
            "'Certificamos que NAME, nascido em 30/03/1991 (birth date, distractor), concluiu o curso TITLE, com "
            "carga hor\u00e1ria de 20 horas, realizado no per\u00edodo de 22/07/2025 a 29/09/2025'. Place-date line "
            "30 de setembro de 2025 is the issue date, not the completion.")),
        ("r07_fr_attestation.pdf", french_attestation(), label(
            "r07_fr_attestation.pdf", "attendance", "text_pdf", "fr", "\u00c9lodie Marchand-Viguier",
            "Centre de Formation Rh\u00f4ne-Alpilles", True,
            [act("Pr\u00e9vention des risques li\u00e9s \u00e0 l'activit\u00e9 physique", "2025-03-05", 17.5,
                 start="2025-03-03")],
            "'atteste que Madame NAME, n\u00e9e le 14 f\u00e9vrier 1987 (distractor) \u00e0 Valence, a suivi la "
            "formation \u00ab TITLE \u00bb d'une dur\u00e9e de 17,5 heures, du 3 au 5 mars 2025'. Honorific dropped. "
            "'Fait \u00e0 Valence, le 6 mars 2025' is the issue date.")),
        ("r08_de_teilnahmebescheinigung.pdf", german_certificate(), label(
            "r08_de_teilnahmebescheinigung.pdf", "attendance", "text_pdf", "de", "Katrin Albrecht-Sommer",
            "Technische Akademie Nordheide e.V.", True,
            [act("Grundlagen der funktionalen Sicherheit nach IEC 61508", "2025-10-23", 16, start="2025-10-22")],
            "'Frau NAME / Geburtsdatum: 07.11.1984 (distractor) / hat vom 22. bis 23. Oktober 2025 am Seminar "
            "\u201eTITLE\u201c teilgenommen (16 Stunden).' Honorific 'Frau' dropped; quotes dropped. "
            "Issuer top right.")),
        ("r09_es_constancia.pdf", spanish_constancia(), label(
            "r09_es_constancia.pdf", "certificate", "text_pdf", "es", "Valeria Ibarra Cienfuegos",
            "Instituto Tecnol\u00f3gico de la Sierra Alta", True,
            [act("Administraci\u00f3n de Redes con Linux", "2025-02-14", 20, start="2025-02-10")],
            "'Otorga la presente constancia a: NAME / Por haber concluido satisfactoriamente el curso de: TITLE / "
            "Impartido del 10 al 14 de febrero de 2025, con una duraci\u00f3n de 20 horas.' Law/regulation dates "
            "(12 de enero de 2016, 3 de marzo de 2019) and issue line '21 de febrero de 2025' are distractors.")),
        ("r10_transcript_terms.pdf", transcript(), label(
            "r10_transcript_terms.pdf", "transcript", "text_pdf", "en", "Devon Achterberg-Lin",
            "Lakeshore Community College", True,
            [act(title, end, units, "credit_hours") for _t, _s, _start, end, rows in TRANSCRIPT_TERMS
             for _c, title, units, _g, _p in rows],
            "Term headers 'Fall 2024 (08/26/2024 - 12/13/2024)' and 'Spring 2025 (01/13/2025 - 05/09/2025)'; "
            "date = the term's last day, no start_date (a term's course rows, devset/LABELLING.md). "
            "Units column = semester credit hours. Name printed 'Last, First'. "
            "Date of birth and print date are distractors. Columns Course | Title | Units | Grade | Points: the "
            "Points column (last) is not the amount.")),
        ("r11_resume.pdf", resume(), label(
            "r11_resume.pdf", "resume", "text_pdf", "en", "Noor Halvorsen-Adeyemi", None, False, [],
            "R\u00e9sum\u00e9: name at top, contact line with e-mail and phone, headings SUMMARY/EXPERIENCE/EDUCATION/"
            "PROFESSIONAL DEVELOPMENT/SKILLS; the courses listed prove nothing.")),
        ("r12_personal_statement.pdf", personal_statement(), label(
            "r12_personal_statement.pdf", "statement", "text_pdf", "en", "Callum Ferreira-Nash", None, False, [],
            "First-person personal statement; mentions a 16-hour workshop in March 2025 in the author's own words "
            "(self-report, proves nothing).")),
        ("r13_employer_letter.pdf", employer_letter(), label(
            "r13_employer_letter.pdf", "letter", "text_pdf", "en", "Samuel Adeyemi-Ford",
            "Brightwater Fabrication Inc.", True,
            [act("Confined Space Entry and Rescue Awareness", "2025-05-28", 8)],
            "Employer letter on letterhead (logo picture + company name as text). 'This letter confirms that NAME, "
            "job title, completed TITLE on May 28, 2025 ... 8 hours'. Letter date June 2, 2025 and hire date "
            "April 12, 2019 are distractors; issuer is the employer, not the 'Training Department'.")),
        ("r14_two_line_title_scan.png", _scan_png(two_line, seed=141, angle=1.3), label(
            "r14_two_line_title_scan.png", "certificate", "scan", "en", "Anika S\u00f6rensen-Blake",
            "Harborview Technical College", True, [act(two_line_title, "2025-09-05", 14)],
            "200-dpi greyscale scan of r03 (rotated 1.3 degrees, speckle noise, slight blur); OCR only.")),
        ("r15_label_value_form_image.pdf", image_only_pdf(scanned(rasterise(form, 200), seed=151, angle=-0.8), A4),
         label("r15_label_value_form_image.pdf", "certificate", "image_pdf", "en", "Oluwaseun Hartley-Moss",
               "Redwater Compliance Training Ltd", True,
               [act("Lockout/Tagout for Maintenance Staff", "2024-04-23", 7.5)],
               "Image-only PDF (no text layer) of r04 rendered at 200 dpi, rotated -0.8 degrees with noise.")),
    ]


def _scan_png(pdf: bytes, seed: int, angle: float) -> bytes:
    out = io.BytesIO()
    scanned(rasterise(pdf, 200), seed, angle).save(out, "PNG", optimize=False)
    return out.getvalue()


def main() -> None:
    docs = build()
    lines = []
    for name, data, truth in docs:
        (HERE / name).write_bytes(data)
        lines.append(json.dumps(truth, ensure_ascii=False))
    (HERE / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(docs)} documents and truth.jsonl to {HERE}")


if __name__ == "__main__":
    main()
