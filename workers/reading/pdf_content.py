"""How much a PDF's streams expand to, in all and per page, counted before any parser runs.

Two limits, both checked in one pass over the file's bytes:
- all streams together (`Limits.max_inflated_bytes`): a compression bomb is refused wherever it hides;
- the content of one page (`Limits.max_page_content_bytes`): a page's drawing instructions are parsed
  operator by operator, and a page without text is drawn for OCR, so a page of 190 MB of path operators,
  just under the total, held a worker for the whole document timeout (when pdfminer read pages, in
  Python; pdfium parses faster but draws every path). No certificate comes near the default 16 MiB.

Each stream is found by its `stream` keyword and its dictionary read with a small tokenizer that knows
strings and comments, so text inside a string cannot pose as the stream's filters. The stream is then
decoded through its whole filter chain in bounded steps (`workers.reading.pdf_filters`) and its size noted by
object number. A page's size is the sum of the streams its `/Contents` names, found in the file and in
its object streams. A stream that looks like page content (not an image, font, file or object stream)
is held to the page limit on its own too, which stops the common case early, after 16 MiB of decoding.
The whole check has its own deadline, so no file makes it slow either.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from workers.errors import PipelineError
from workers.reading.pdf_filters import DECODED, decoded_size, filter_name, pdf_name
from workers.runtime.limits import Limits

# A stream keyword (`endstream` is told apart by hand: a look-behind would make the search ten times slower).
_STREAM = re.compile(rb"stream[ \t\f\0]*(?:\r\n|\n|\r)")
_DELIMITERS = rb"()<>\[\]{}/%"
_TOKEN = re.compile(rb"(?:[ \t\r\n\f\0]+|%[^\r\n]*)*(<<|>>|<[^<>]*>|[\[\](){}]|/[^ \t\r\n\f\0"
                    + _DELIMITERS + rb"]*|[^ \t\r\n\f\0" + _DELIMITERS + rb"]+)")
_GAP = re.compile(rb"(?:[ \t\r\n\f\0]+|%[^\r\n]*)*")
_STRING_STOP = re.compile(rb"[()\\]")
_OBJ_NUMBER = re.compile(rb"(\d{1,10})[ \t\r\n\f\0]+\d+[ \t\r\n\f\0]*\Z")
_REFS = re.compile(rb"(\d{1,10})\s+\d+\s+R")  # object numbers; a longer one is no number
_NAME = rb"[^\s" + _DELIMITERS + rb"]"
_REF_VALUE = rb"\s*(\[[^\]]*\]|\d+\s+\d+\s+R)"
_CONTENTS = re.compile(rb"/Contents" + _REF_VALUE)
_NAMED_REF = re.compile(rb"(/" + _NAME + rb"*)" + _REF_VALUE)
_ESCAPE = re.compile(rb"#[0-9A-Fa-f]{2}")
_ARRAY_OBJECT = re.compile(rb"(?<!\d)(\d{1,10})\s+\d+\s+obj\s*\[([^\]]*)\]")
_FILTER_GUESS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/" + _NAME + rb"+)")
_FILTER_NAMES = re.compile(rb"/" + _NAME + rb"+")

# A stream's dictionary is searched for this far back, over at most this many `obj` keywords.
_HEADER_WINDOW = 1 << 16
_HEADER_TRIES = 8
# Filter chains tried on a stream whose dictionary cannot be read: what a bomb would most likely use.
_GUESSES = (("FlateDecode",), ("ASCIIHexDecode", "FlateDecode"), ("ASCII85Decode", "FlateDecode"))
_NOT_CONTENT_TYPES = {b"ObjStm", b"XRef", b"EmbeddedFile", b"Metadata"}
_NOT_CONTENT_KEYS = {b"Width", b"Length1", b"N", b"FunctionType", b"ShadingType"}
# The decoded text of object streams kept to look for page dictionaries in, at most.
_KEPT_OBJECT_STREAMS = 16 << 20
# Wall-clock budget of the whole check; ordinary files take milliseconds.
_CHECK_SECONDS = 8.0

Entries = dict[bytes, list[bytes]]


def check_stream_sizes(data: bytes, limits: Limits) -> None:
    """Raise PipelineError when the PDF's streams expand past the total or one page's content past its limit."""
    deadline = time.monotonic() + _CHECK_SECONDS
    page_limit = limits.max_page_content_bytes
    sizes: dict[int, int] = {}
    object_streams: list[tuple[bytes, Entries]] = []
    kept, total = 0, 0
    for marker in _STREAM.finditer(data):
        if data[max(0, marker.start() - 3):marker.start()] == b"end":
            continue
        if time.monotonic() > deadline:
            raise PipelineError("timeout", "Checking the PDF's compressed content took too long.")
        number, entries = _header(data, marker.start())
        raw = memoryview(data)[marker.end():_data_end(data, marker.end(), entries)]
        content = entries is None or _looks_like_content(entries)
        budget = limits.max_inflated_bytes - total
        if content:
            budget = min(budget, page_limit)
        early = 0 if entries and _int_after(entries.get(b"DecodeParms", []), b"/EarlyChange") == 0 else 1
        keep = bytearray() if entries and _name_of(entries, b"Type") == b"ObjStm" else None
        size = 0
        for chain in _chains(data, marker.start(), entries):
            size = max(size, decoded_size(raw, chain, budget, deadline, early, keep, _KEPT_OBJECT_STREAMS - kept))
        if keep is not None and entries is not None:
            kept += len(keep)
            object_streams.append((bytes(keep), entries))
        if content and size > page_limit:
            raise _page_too_large(page_limit)
        total += size
        if total > limits.max_inflated_bytes:
            raise PipelineError(
                "too_large",
                "The PDF's compressed content expands to more than "
                f"{limits.max_inflated_bytes // 2**20} MiB (a compression bomb).",
            )
        if number is not None:
            sizes[number] = size
    _check_pages(data, sizes, object_streams, page_limit)


def _page_too_large(limit: int) -> PipelineError:
    return PipelineError(
        "page_too_large",
        f"A page of the PDF holds more than {limit / 2**20:g} MiB of drawing instructions once expanded, "
        "far beyond what any certificate needs.",
    )


def _check_pages(data: bytes, sizes: dict[int, int], object_streams: list[tuple[bytes, Entries]],
                 limit: int) -> None:
    """Sum the streams each `/Contents` names (directly, in an array, or through an array object)."""
    arrays: dict[int, list[int]] | None = None
    for text in [data] + [text for text, _ in object_streams]:
        for value in _contents_values(text):
            refs = [int(n) for n in _REFS.findall(value)]
            if len(refs) == 1 and refs[0] not in sizes:
                if arrays is None:
                    arrays = _array_objects(data, object_streams)
                refs = arrays.get(refs[0], refs)
            if sum(sizes.get(ref, 0) for ref in refs) > limit:
                raise _page_too_large(limit)


def _contents_values(text: bytes) -> Iterator[bytes]:
    """The values of every `/Contents` key that refers to objects, also when its name is escaped
    (`/Cont#65nts`), which parsers read as the same name."""
    for match in _CONTENTS.finditer(text):
        yield match.group(1)
    for escape in _ESCAPE.finditer(text):  # few: looking at each is faster than matching every name
        slash = text.rfind(b"/", max(0, escape.start() - 64), escape.start())
        named = _NAMED_REF.match(text, slash) if slash >= 0 else None
        if named and named.end(1) > escape.start() and pdf_name(named.group(1)) == b"Contents":
            yield named.group(2)


def _array_objects(data: bytes, object_streams: list[tuple[bytes, Entries]]) -> dict[int, list[int]]:
    """Object number → the references of every array object, in the file and in its object streams."""
    arrays = {int(m.group(1)): [int(n) for n in _REFS.findall(m.group(2))] for m in _ARRAY_OBJECT.finditer(data)}
    for text, entries in object_streams:
        first = _int_after(entries.get(b"First", []), None)
        if first is None:
            continue
        numbers = [int(n) for n in re.findall(rb"\d{1,10}", text[:first])]
        offsets = numbers[1::2] + [len(text) - first]
        for number, start, end in zip(numbers[0::2], offsets, offsets[1:]):
            body = text[first + start:first + end].strip()
            if body.startswith(b"["):
                arrays[number] = [int(n) for n in _REFS.findall(body)]
    return arrays


def _chains(data: bytes, marker: int, entries: Entries | None) -> list[tuple[str, ...]]:
    """The filter chains to count a stream by: its own, or, when that cannot be read, the likely ones."""
    value = None if entries is None else entries.get(b"Filter")
    if entries is not None and value is None:
        return [()]
    if value and all(token.startswith(b"/") or token in (b"[", b"]") for token in value):
        chain = tuple(filter_name(token) for token in value if token.startswith(b"/"))
        _refuse_unverifiable(chain, entries or {})
        return [chain]
    guesses = set(_GUESSES)
    for match in _FILTER_GUESS.finditer(data, max(0, marker - 4096), marker):  # an indirect or unread /Filter
        guesses.add(tuple(filter_name(name) for name in _FILTER_NAMES.findall(match.group(1))))
    return sorted(guesses)


def _refuse_unverifiable(chain: tuple[str, ...], entries: Entries) -> None:
    """A predictor on a filter in the middle of a chain changes the bytes the next filter gets, and is not
    decoded here. No producer writes that, so rather than count it wrong, the file is refused."""
    decoded = [name for name in chain if name in DECODED]
    predictor = _int_after(entries.get(b"DecodeParms", []), b"/Predictor")
    if predictor is not None and predictor > 1 and any(name in ("FlateDecode", "LZWDecode") for name in decoded[:-1]):
        raise PipelineError("corrupt", "The PDF chains stream filters in a way that cannot be checked safely.")


def _looks_like_content(entries: Entries) -> bool:
    """Whether a stream may be drawing instructions: not an image, font, file, object or metadata stream."""
    subtype = _name_of(entries, b"Subtype")
    return (_name_of(entries, b"Type") not in _NOT_CONTENT_TYPES and subtype in (None, b"Form")
            and not _NOT_CONTENT_KEYS & entries.keys())


def _name_of(entries: Entries, key: bytes) -> bytes | None:
    value = entries.get(key)
    return pdf_name(value[0]) if value and value[0].startswith(b"/") else None


def _int_after(tokens: list[bytes], key: bytes | None) -> int | None:
    """The integer after `key` among a value's tokens (`/DecodeParms << /Predictor 12 >>`), or the value
    itself when `key` is None; None when there is none."""
    try:
        index = 0 if key is None else [pdf_name(t) for t in tokens].index(pdf_name(key)) + 1
        return int(tokens[index])
    except (ValueError, IndexError):
        return None


def _data_end(data: bytes, start: int, entries: Entries | None) -> int:
    """Where a stream's data ends: at its direct /Length when `endstream` follows it, as parsers do, else
    at the next `endstream`."""
    tokens = entries.get(b"Length", []) if entries else []
    length = _int_after(tokens, None) if len(tokens) == 1 else None  # not `5 0 R`
    if length is not None and 0 <= length <= len(data) - start:
        if data[start + length:start + length + 64].lstrip(b" \t\r\n\f\0").startswith(b"endstream"):
            return start + length
    end = data.find(b"endstream", start)
    return end if end >= 0 else len(data)


def _header(data: bytes, marker: int) -> tuple[int | None, Entries | None]:
    """The object number and dictionary entries of the stream whose `stream` keyword is at `marker`.

    Tries the nearest `N G obj` headers before it, in turn, and takes the first whose dictionary ends
    right before the keyword; (None, None) when none does (a damaged file, or text that only looks
    like a stream).
    """
    low, pos = max(0, marker - _HEADER_WINDOW), marker
    for _ in range(_HEADER_TRIES):
        pos = data.rfind(b"obj", low, pos)
        while pos >= 3 and data[pos - 3:pos] == b"end":
            pos = data.rfind(b"obj", low, pos)
        if pos < 0:
            break
        number = _OBJ_NUMBER.search(data, max(low, pos - 40), pos)
        if number is None:
            continue
        parsed = _dictionary(data, pos + 3, marker)
        if parsed is not None and _GAP.fullmatch(data, parsed[1], marker):
            return int(number.group(1)), parsed[0]
    return None, None


def _tokens(data: bytes, pos: int, end: int) -> Iterator[tuple[bytes, int]]:
    """PDF tokens from `pos` to `end` with where each ends; a string comes as one `()` token."""
    while pos < end:
        match = _TOKEN.match(data, pos, end)
        if match is None:
            return
        token, pos = match.group(1), match.end()
        if token == b"(":
            pos = _string_end(data, pos, end)
            if pos < 0:
                return
            token = b"()"
        elif token == b")":
            return
        yield token, pos


def _string_end(data: bytes, pos: int, end: int) -> int:
    """Where a literal string that opened just before `pos` closes (balanced parentheses, backslash
    escapes), or -1."""
    depth = 1
    while True:
        match = _STRING_STOP.search(data, pos, end)
        if match is None:
            return -1
        pos = match.end()
        if match.group() == b"\\":
            pos += 1
        elif match.group() == b"(":
            depth += 1
        else:
            depth -= 1
            if not depth:
                return pos


def _dictionary(data: bytes, pos: int, end: int) -> tuple[Entries, int] | None:
    """The top-level entries of the dictionary at `pos`, each value as its tokens, and where it ends;
    None when there is not exactly one dictionary there before `end`."""
    tokens = _tokens(data, pos, end)
    if next(tokens, (b"", 0))[0] != b"<<":
        return None
    entries: Entries = {}
    key: bytes | None = None
    value: list[bytes] = []
    depth = 0
    for token, after in tokens:
        if depth:  # inside an array or dictionary value
            value.append(token)
            depth += token in (b"<<", b"[")
            depth -= token in (b">>", b"]")
            if not depth:
                entries[key or b""], key = value, None
            continue
        if token == b">>":
            if key is not None:
                entries[key] = value
            return entries, after
        if key is not None and token.startswith(b"/") and value:
            entries[key], key = value, None
        if key is None:
            if not token.startswith(b"/"):
                return None
            key, value = pdf_name(token), []
            continue
        value.append(token)
        if token in (b"<<", b"["):
            depth = 1
        elif token.startswith(b"/"):
            entries[key], key = value, None
    return None
