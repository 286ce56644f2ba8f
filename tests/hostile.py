"""Real files of every kind the pipeline must refuse, built on the fly (no binary fixtures to rot)."""

from __future__ import annotations

import base64
import binascii
import functools
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
    with zipfile.ZipFile(buf, "w") as zf:  # a fixed timestamp: the same bytes on every call
        zf.writestr(zipfile.ZipInfo("certificate.txt", date_time=(2026, 1, 1, 0, 0, 0)), "not a pdf")
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


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (numbered from 1, the first the catalog), with a correct xref."""
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


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length " + str(len(data)).encode() + b" " + entries + b" >>\nstream\n" + data + b"\nendstream"


def _one_page_pdf(contents: list[bytes], extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF whose page draws the given content stream objects (numbered from 4), in order,
    followed by `extra` objects that nothing refers to."""
    refs = b" ".join(f"{4 + n} 0 R".encode() for n in range(len(contents)))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [" + refs + b"] >>"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                 *contents, *(extra or [])])


@functools.lru_cache(maxsize=8)  # several bombs share one: 400 MiB take a second to compress
def _deflated(pattern: bytes, mib: int, level: int = 9) -> bytes:
    comp = zlib.compressobj(level)
    chunk = pattern * ((1 << 20) // len(pattern) + 1)
    return b"".join(comp.compress(chunk[: 1 << 20]) for _ in range(mib)) + comp.flush()


def deflate_bomb_pdf(inflated_mib: int = 400) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mib` MiB of spaces."""
    return _one_page_pdf([_stream(_deflated(b" ", inflated_mib), b"/Filter /FlateDecode")])


def lzw_encode(data: bytes) -> bytes:
    """PDF LZW (9 to 12 bits, early change), the encoder the decoder is tested against."""
    table = {bytes([i]): i for i in range(256)}
    codes, word = [256], b""
    for byte in data:
        grown = word + bytes([byte])
        if grown in table:
            word = grown
            continue
        codes.append(table[word])
        table[grown] = len(table) + 2
        word = bytes([byte])
        if len(table) + 2 >= 4094:
            codes.append(256)
            table = {bytes([i]): i for i in range(256)}
    if word:
        codes.append(table[word])
    return _pack_lzw(codes + [257])


def _pack_lzw(codes: list[int]) -> bytes:
    """Codes at the widths a decoder with early change reads them: its table grows by one per code but
    the first after a clear."""
    value, bits, size, first = 0, 0, 258, True
    for code in codes:
        width = 9
        while width < 12 and size + 1 >= 1 << width:
            width += 1
        value, bits = (value << width) | code, bits + width
        if code == 256:
            size, first = 258, True
        elif not first:
            size += 1
        else:
            first = False
    value <<= -bits % 8
    return value.to_bytes((bits + 7) // 8, "big")


def lzw_space_bomb(inflated_mib: int) -> bytes:
    """LZW codes for `inflated_mib` MiB of spaces: each code names the previous string and a space more,
    so a few kilobytes of codes stand for megabytes, a table at a time."""
    codes: list[int] = []
    produced = 0
    while produced < inflated_mib << 20:
        codes += [256, 32] + list(range(258, 4090))
        produced += 1 + sum(range(2, 4090 - 256))
    return _pack_lzw(codes + [257])


def run_length_encode(data: bytes) -> bytes:
    """RunLengthDecode's encoding: runs of one byte, else literal stretches of up to 128 bytes."""
    out, i = bytearray(), 0
    while i < len(data):
        j = i
        while j < len(data) and j - i < 128 and data[j] == data[i]:
            j += 1
        if j - i >= 2:
            out += bytes([257 - (j - i), data[i]])
            i = j
            continue
        k = min(len(data), i + 128)
        out += bytes([k - i - 1]) + data[i:k]
        i = k
    return bytes(out) + b"\x80"


# Filter chains that hide a Flate bomb or amplify by themselves, as a PDF names them, with the encoding.
FILTER_BOMBS = {
    "hex": (b"[/ASCIIHexDecode /FlateDecode]", lambda d: binascii.hexlify(d) + b">"),
    "ascii85": (b"[/ASCII85Decode /FlateDecode]", lambda d: base64.a85encode(d, wrapcol=76) + b"~>"),
    "flate_twice": (b"[/FlateDecode /FlateDecode]", zlib.compress),
    "run_length": (b"[/RunLengthDecode /FlateDecode]", run_length_encode),
    "escaped_abbreviations": (b"[/AHx /Fl#61teDecode]", lambda d: binascii.hexlify(d) + b">"),
}


def filter_bomb_pdf(chain: str = "hex", inflated_mib: int = 400, hidden: bool = False) -> bytes:
    """A PDF with a stream of `inflated_mib` MiB of spaces behind a chain of filters (issue 10: an 816 KB
    file with `[/ASCIIHexDecode /FlateDecode]` inflating to 400 MB). `chain` "lzw" is an LZW bomb with no
    Flate at all. As the page's content, or, with `hidden`, as an embedded file nothing refers to."""
    if chain == "lzw":
        filters, data = b"/LZWDecode", lzw_space_bomb(inflated_mib)
    else:
        filters, encode = FILTER_BOMBS[chain]
        data = encode(_deflated(b" ", inflated_mib))
    bomb = _stream(data, b"/Filter " + filters + (b" /Type /EmbeddedFile" if hidden else b""))
    if hidden:
        return _one_page_pdf([_stream(b"0 0 m 10 10 l S")], [bomb])
    return _one_page_pdf([bomb])


def drawing_flood_pdf(inflated_mib: int = 190) -> bytes:
    """One page whose content inflates to `inflated_mib` MiB of path operators, just under the total
    limit (issue 10: it held a worker for the whole document timeout)."""
    return _one_page_pdf([_stream(_deflated(b"72 72 m 540 720 l S\n", inflated_mib, 6), b"/Filter /FlateDecode")])


def split_drawing_flood_pdf(streams: int = 4, inflated_mib: int = 6) -> bytes:
    """One page whose content is several streams, each under the page limit, together over it."""
    body = _stream(_deflated(b"72 72 m 540 720 l S\n", inflated_mib, 6), b"/Filter /FlateDecode")
    return _one_page_pdf([body] * streams)


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
    page = (b"<!DOCTYPE html><html><body>" + b"<p>Download complete. Thank you for visiting.</p>" * 200
            + b"</body></html>\n")
    return pdf + page
