"""PDF stream filters, decoded in bounded steps so that a stream's expanded size can be counted.

Parsers (pdfminer, pdfium) decode a stream whole before they look at it, so the only safe moment to
refuse a compression bomb is before any parser runs. Counting only Flate streams is not enough: a Flate
bomb hidden behind another filter (`/Filter [/ASCIIHexDecode /FlateDecode]`) passed the old check, and
LZW and RunLength amplify on their own. So every filter that can amplify or hide another runs here, in
1 MiB steps whose output is counted and dropped (or handed to the next filter), never kept whole. The
filters that only image decoders apply (DCT, JPX, CCITT, JBIG2) end a chain: their input is counted, and
their pixels are bounded by the pixel limit where pages are rendered.

Lenient parsers keep what they decoded before damage, so damaged data counts up to the damage; where a
decoder here could stop on input that pdfium reads on (junk between hex digits, an ASCII85 group that
overflows), it reads on too, so a bomb cannot hide behind a stray byte.
"""

from __future__ import annotations

import binascii
import re
import struct
import time
import zlib
from collections.abc import Callable, Iterator, Sequence

from workers.errors import PipelineError

Chunks = Iterator[bytes]
STEP = 1 << 20

_HEX_JUNK = bytes(c for c in range(256) if c not in b"0123456789abcdefABCDEF>")
_A85_JUNK = bytes(c for c in range(256) if not 33 <= c <= 117 and c not in b"z~")
_A85_VALUES = bytes.maketrans(bytes(range(33, 118)), bytes(range(85)))
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class Undecodable(Exception):
    """The data stops making sense to a decoder: counting ends there."""


def pdf_name(token: bytes) -> bytes:
    """A name token without its slash and with its `#xx` escapes resolved (`/Flate#44ecode`), as
    parsers read it: a check that compared the raw token would be easy to step around."""
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token[1:] if token[:1] == b"/" else token)


def filter_name(token: bytes) -> str:
    """A filter's full name from its name token; pdfium also accepts the abbreviations (`/Fl`, `/AHx`)."""
    name = pdf_name(token).decode("latin-1")
    return _ABBREVIATIONS.get(name, name)


def decode(raw: bytes | memoryview, filters: Sequence[str], early_change: int = 1) -> Chunks:
    """The decoded bytes of a stream, in steps of about 1 MiB, through every filter decoded here.

    Stops before the first filter that is not (an image codec, Crypt, an unknown name): what reaches it
    is yielded as it is, which is the size a parser hands that codec.
    """
    view = memoryview(raw)
    chunks: Chunks = (bytes(view[i:i + STEP]) for i in range(0, len(view), STEP))
    for name in filters:
        decoder = _DECODERS.get(name)
        if decoder is None:
            break
        chunks = _lzw(chunks, early_change) if name == "LZWDecode" else decoder(chunks)
    return chunks


def decoded_size(raw: bytes | memoryview, filters: Sequence[str], budget: int, deadline: float,
                 early_change: int = 1, keep: bytearray | None = None, keep_limit: int = 0) -> int:
    """How many bytes `raw` decodes to, counted until just past `budget`, then counting stops.

    Raises PipelineError("timeout") past `deadline` (time.monotonic()): decoding is bounded in memory by
    its steps and in time by this, whatever the input. `keep` collects the decoded bytes up to
    `keep_limit`, for the few streams whose text is read further (object streams).
    """
    decoded = list(_prefix(filters))
    size = 0
    try:
        if keep is None and decoded and decoded[-1] in _SIZES:
            # Nothing decodes this filter's output here, and its size follows from its input.
            steps = _SIZES[decoded[-1]](decode(raw, decoded[:-1], early_change))
        else:
            steps = (len(chunk) for chunk in _kept(decode(raw, filters, early_change), keep, keep_limit))
        for step in steps:
            size += step
            if size > budget:
                break
            if time.monotonic() > deadline:
                raise PipelineError("timeout", "Checking the PDF's compressed content took too long.")
    except (zlib.error, binascii.Error, struct.error, ValueError, Undecodable):
        pass
    return size


def _prefix(filters: Sequence[str]) -> Iterator[str]:
    """The filters decoded here, up to the first that is not."""
    for name in filters:
        if name not in _DECODERS:
            return
        yield name


def _kept(chunks: Chunks, keep: bytearray | None, limit: int) -> Chunks:
    """The chunks, passed on, and the first `limit` bytes of them copied into `keep` (whole chunks only,
    so what is kept is always a prefix of the decoded stream)."""
    for chunk in chunks:
        if keep is not None and len(keep) + len(chunk) > limit:
            keep = None
        if keep is not None:
            keep += chunk
        yield chunk


def _ascii_hex_size(chunks: Chunks) -> Iterator[int]:
    """ASCIIHexDecode's output size, from the count of hex digits: an image's JPEG wrapped in hex need
    not be decoded to be counted."""
    digits = 0
    for piece in chunks:
        text = piece.translate(None, _HEX_JUNK)
        end = text.find(b">")
        before = digits
        digits += len(text) if end < 0 else end
        yield (digits + 1) // 2 - (before + 1) // 2
        if end >= 0:
            return


def _ascii85_size(chunks: Chunks) -> Iterator[int]:
    """ASCII85Decode's output size, from the count of characters (`z` standing for five)."""
    chars, first = 0, True
    for piece in chunks:
        text = piece.translate(None, _A85_JUNK)
        if first and text.startswith(b"<~"):
            text = text[2:]
        first = False
        end = text.find(b"~")
        text = text if end < 0 else text[:end]
        before = chars
        chars += len(text) + 4 * text.count(b"z")
        yield _a85_size(chars) - _a85_size(before)
        if end >= 0:
            return


def _a85_size(chars: int) -> int:
    return chars // 5 * 4 + max(0, chars % 5 - 1)


def _flate(chunks: Chunks) -> Chunks:
    """zlib inflate, at most STEP bytes per step.

    Ends at zlib's end of stream (`eof`): bytes after it (the end-of-line before `endstream`) stay in
    `unconsumed_tail` for good, so waiting for the tail to empty would spin for ever. Also ends when a
    step neither produces output nor consumes input (a stream cut short).
    """
    inflater = zlib.decompressobj()
    for piece in chunks:
        tail = piece
        while tail:
            out = inflater.decompress(tail, STEP)
            if inflater.eof:
                yield out
                return
            if not out and len(inflater.unconsumed_tail) == len(tail):
                return
            tail = inflater.unconsumed_tail
            yield out
    yield inflater.flush()  # the few bytes zlib still holds once all input is in; bounded by that input


def _ascii_hex(chunks: Chunks) -> Chunks:
    """ASCIIHexDecode. Every byte that is not a hex digit is skipped, as pdfium skips it."""
    pending = b""
    for piece in chunks:
        text = pending + piece.translate(None, _HEX_JUNK)
        end = text.find(b">")
        if end >= 0:
            text = text[:end]
            yield binascii.unhexlify(text + b"0" * (len(text) % 2))
            return
        cut = len(text) - len(text) % 2
        pending = text[cut:]
        yield binascii.unhexlify(text[:cut])
    if pending:
        yield binascii.unhexlify(pending + b"0")


def _a85_groups(text: bytes) -> bytes:
    """Whole 5-character ASCII85 groups (already turned into digit values 0..84) as bytes.

    A group past 2**32 wraps around, as it does in pdfium, instead of ending the count.
    """
    count = len(text) // 5
    digits = iter(text[:count * 5])
    words = [((((a * 85 + b) * 85 + c) * 85 + d) * 85 + e) & 0xFFFFFFFF
             for a, b, c, d, e in zip(digits, digits, digits, digits, digits)]
    return struct.pack(f">{count}I", *words)


def _ascii85(chunks: Chunks) -> Chunks:
    """ASCII85Decode: `z` for four zero bytes, `~>` at the end, whitespace anywhere."""
    pending = b""
    first = True
    for piece in chunks:
        text = piece.translate(None, _A85_JUNK)
        if first and text.startswith(b"<~"):
            text = text[2:]
        first = False
        end = text.find(b"~")
        text = pending + (text if end < 0 else text[:end]).replace(b"z", b"!!!!!")
        values = text.translate(_A85_VALUES)
        if end >= 0:
            yield _a85_last(values)
            return
        cut = len(values) - len(values) % 5
        pending = text[cut:]
        yield _a85_groups(values[:cut])
    yield _a85_last(pending.translate(_A85_VALUES))


def _a85_last(values: bytes) -> bytes:
    """The final groups: a short last group of k characters is padded with `u` and gives k - 1 bytes."""
    short = len(values) % 5
    if not short:
        return _a85_groups(values)
    out = _a85_groups(values + b"\x54" * (5 - short))
    return out[:len(out) - (5 - short)]


def _run_length(chunks: Chunks) -> Chunks:
    """RunLengthDecode: a length byte, then that many literal bytes plus one, or one byte repeated."""
    out = bytearray()
    carry = b""
    for piece in chunks:
        data = carry + piece
        size, i = len(data), 0
        while i < size:
            length = data[i]
            if length == 128:
                yield bytes(out)
                return
            if length < 128:
                if i + length + 2 > size:
                    break
                out += data[i + 1:i + length + 2]
                i += length + 2
            else:
                if i + 2 > size:
                    break
                out += data[i + 1:i + 2] * (257 - length)
                i += 2
            if len(out) >= STEP:
                yield bytes(out)
                out.clear()
        carry = data[i:]
        yield bytes(out)
        out.clear()


def _lzw(chunks: Chunks, early_change: int = 1) -> Chunks:
    """LZWDecode: 9- to 12-bit codes, 256 clears the table, 257 ends the data.

    A full table is kept, not reset, as pdfium does; one code can then stand for about 4 KB, which is
    why LZW is counted at all.
    """
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, buffer, bits = 9, 0, 0
    previous: bytes | None = None
    out = bytearray()
    for piece in chunks:
        for byte in piece:
            buffer = (buffer << 8) | byte
            bits += 8
            if bits < width:
                continue
            bits -= width
            code = buffer >> bits
            buffer &= (1 << bits) - 1
            if code == 256:
                del table[258:]
                width, previous = 9, None
                continue
            if code == 257:
                yield bytes(out)
                return
            if code < len(table):
                entry = table[code]
                if previous is not None and len(table) < 4096:
                    table.append(previous + entry[:1])
            elif code == len(table) and previous is not None:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                raise Undecodable
            out += entry
            previous = entry
            if width < 12 and len(table) + early_change >= 1 << width:
                width += 1
            if len(out) >= STEP:
                yield bytes(out)
                out.clear()
        yield bytes(out)
        out.clear()


_DECODERS: dict[str, Callable[[Chunks], Chunks]] = {
    "FlateDecode": _flate, "ASCIIHexDecode": _ascii_hex, "ASCII85Decode": _ascii85,
    "RunLengthDecode": _run_length, "LZWDecode": _lzw,
}
_SIZES: dict[str, Callable[[Chunks], Iterator[int]]] = {
    "ASCIIHexDecode": _ascii_hex_size, "ASCII85Decode": _ascii85_size,
}
DECODED = frozenset(_DECODERS)
_ABBREVIATIONS = {"Fl": "FlateDecode", "AHx": "ASCIIHexDecode", "A85": "ASCII85Decode", "LZW": "LZWDecode",
                  "RL": "RunLengthDecode", "DCT": "DCTDecode", "CCF": "CCITTFaxDecode"}
