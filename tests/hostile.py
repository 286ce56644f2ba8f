"""Real files of every kind the pipeline must refuse, built on the fly (no binary fixtures to rot)."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from pypdf import PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def text_pdf(lines: list[str], pages: int = 1) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    for n in range(pages):
        y = 700
        for line in lines:
            pdf.drawString(72, y, line.replace("{page}", str(n + 1)))
            y -= 18
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


CERTIFICATE_LINES = [
    "CERTIFICATE OF COMPLETION", "Midwest Institute of Technology", "This certifies that", "Jane Doe",
    "has successfully completed", "Statistical Process Control", "on March 14, 2025", "Eight (8) Contact Hours",
]


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(CERTIFICATE_LINES)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = text_pdf(CERTIFICATE_LINES)
    return data[: len(data) // 2]


def garbage_pdf() -> bytes:
    """Starts like a PDF and ends like one, with nothing parseable between."""
    return b"%PDF-1.7\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"\n%%EOF\n"


def zip_file() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("certificate.txt", "not a pdf")
    return buf.getvalue()


HTML = b"<!DOCTYPE html><html><head><title>Certificate</title></head><body><h1>Certificate</h1></body></html>\n"
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
       b'<script>alert(1)</script><rect width="100" height="100"/></svg>\n')


def exe_file() -> bytes:
    """A minimal DOS/PE header, as a Windows program starts."""
    header = bytearray(b"MZ" + b"\x00" * 58 + struct.pack("<I", 64))
    header += b"PE\x00\x00" + struct.pack("<HH", 0x14C, 1) + b"\x00" * 200
    return bytes(header)


def random_bytes() -> bytes:
    return bytes(random.Random(7).randrange(256) for _ in range(5000))


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def pixel_bomb_png(side: int = 40000) -> bytes:
    """A real side×side 1-bit PNG of white pixels: tiny on disk, 200 MB once decoded."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    parts = [comp.compress(row) for _ in range(side)]
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", b"".join(parts))
            + _png_chunk(b"IEND", b""))


def deflate_bomb_pdf(inflated_mib: int = 400) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mib` MiB of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(comp.compress(chunk) for _ in range(inflated_mib)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def oversized_pdf(size: int) -> bytes:
    """A valid PDF padded past `size` bytes with an unused incompressible stream."""
    base = text_pdf(CERTIFICATE_LINES)
    pad = random.Random(3).randbytes(size)
    return base.replace(b"%%EOF", b"%padding\n" + b"%" + pad.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n%%EOF")


def certificate_with_background_pdf(size: int = 1400) -> bytes:
    """A certificate drawn over a full-page photographic background, the way real ones are made.

    Written out again by pypdf, which, like most producers, puts an end-of-line between an image's
    Flate data and `endstream`; the noisy image inflates to several MiB. Both together once made the inflate check
    spin for ever.
    """
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(size * size * 3 // 64)) * 64
    background = Image.frombytes("RGB", (size, size), noise)
    buf = io.BytesIO()
    saved, rl_config.useA85 = rl_config.useA85, 0  # plain /FlateDecode, as most producers write images
    try:
        pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
        pdf.drawImage(ImageReader(background), 0, 0, width=letter[0], height=letter[1])
        y = 600
        for line in CERTIFICATE_LINES:
            pdf.drawString(180, y, line)
            y -= 22
        pdf.showPage()
        pdf.save()
    finally:
        rl_config.useA85 = saved
    out = io.BytesIO()
    PdfWriter(clone_from=io.BytesIO(buf.getvalue())).write(out)  # pypdf ends each stream with "\nendstream"
    return out.getvalue()


def with_appended_html(pdf: bytes) -> bytes:
    """A PDF that a web site served with its HTML page glued on after `%%EOF` (seen in real files)."""
    page = b"<!DOCTYPE html><html><body>" + b"<p>Download complete. Thank you for visiting.</p>" * 200 + b"</body></html>\n"
    return pdf + page
