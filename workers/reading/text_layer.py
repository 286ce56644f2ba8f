"""A PDF page's text layer as words with boxes: pdfium's characters, pdfplumber's word builder.

pdfium (C) reads a page's characters some five times faster than pdfminer (Python), which was three
quarters of the time of reading a text certificate. The characters are handed to pdfplumber's word builder
and de-duplication as the dicts it reads, in its coordinates (points from the top-left of the page as
shown, after its /Rotate), each with the em box pdfminer gave it (from the font's descent, one font size
high), so words and their heights are what they were.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.utils import Matrix, apply_matrix_pt, mult_matrix
from pdfplumber.utils.text import dedupe_chars, extract_words

from workers.reading.layout import Word

# A gap wider than this share of the font size ends a word. pdfplumber's fixed 3 points glued words
# together where producers leave out the space character ("byCoursera Project Networkand").
_WORD_GAP_RATIO = 0.15


def _deduped(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One copy of each glyph, where a producer faked bold by drawing glyphs two or four times on the
    same spot ("AAggiillee"). pdfplumber's dedupe is costly, so it runs only on pages where a cheap count
    finds such repeats (about a third of the time of reading a text page otherwise)."""
    spots = {(c["text"], round(c["x0"]), round(c["top"])) for c in chars}
    return dedupe_chars(chars) if len(chars) - len(spots) > 0.1 * len(chars) else chars


@dataclass(frozen=True)
class TextLayer:
    """What a page's text layer holds: its words, the values typed into its form fields, the share of
    the page that images cover, and the share of its glyphs that map to no character."""

    text: list[Word]
    fields: list[Word]
    cover: float
    unmapped: float

    @property
    def words(self) -> list[Word]:
        return self.text + self.fields


Point = Callable[[float, float], tuple[float, float]]
# Characters pdfium's text page adds that the page does not draw, besides the spaces it infers between words.
_NOT_DRAWN = frozenset("\r\n\ufffe")
_LINE_END_HYPHEN = "\x02"  # a drawn hyphen that ends a line, as pdfium's text page marks it
# The text object a character belongs to, as a plain address to key a dict by. The binding's own returns
# a typed pointer, and casting that to an address for every character was two fifths of reading a page.
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0)


def _page_frame(page: pdfium.PdfPage) -> tuple[Point, float, float]:
    """How to turn a point of the page's own space into points from the top-left of the page as shown
    (its visible box, turned by its /Rotate), and that page's width and height."""
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDF_GetPageBoundingBox(page, box)
    left, bottom, right, top = box.left, box.bottom, box.right, box.top
    turns = {90: 1, 180: 2, 270: 3}.get(page.get_rotation(), 0)
    frames: tuple[Point, ...] = (lambda x, y: (x - left, top - y), lambda x, y: (y - bottom, x - left),
                                 lambda x, y: (right - x, y - bottom), lambda x, y: (top - y, right - x))
    wide, high = right - left, top - bottom
    return frames[turns], (high if turns % 2 else wide), (wide if turns % 2 else high)


@dataclass(frozen=True)
class _Run:
    """What the characters of one text object (one string the page shows) share: font, size, whether
    they stand upright on the page as shown, and, if so, their em box's top and bottom."""

    fontname: str
    size: float
    upright: bool
    em_box: tuple[float, float] | None


def _run(text_page: Any, i: int, shown: Point, turn: float) -> _Run:
    """What character `i` shares with the rest of its text object, asked of pdfium once per object."""
    matrix, origin_x, origin_y, descent = pdfium_c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(text_page, i, name, len(name), flags)
    pdfium_c.FPDFText_GetMatrix(text_page, i, matrix)
    size = pdfium_c.FPDFText_GetFontSize(text_page, i) * math.hypot(matrix.c, matrix.d)
    # pdfium's angle is clockwise, in the page's own space; the page as shown turns it back
    angle = pdfium_c.FPDFText_GetCharAngle(text_page, i) + turn
    upright = abs(math.sin(angle)) < 0.02 and math.cos(angle) > 0
    em_box = None
    if upright and size > 0 and pdfium_c.FPDFText_GetCharOrigin(text_page, i, origin_x, origin_y):
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(text_page, i))
        if not font or not pdfium_c.FPDFFont_GetDescent(font, 1.0, descent):
            descent.value = 0.0
        # pdfminer's em box, which the rules about heights were made on: from the font's descent below
        # the baseline, one font size high (pdfium's loose box is the font's full height)
        bottom = shown(origin_x.value, origin_y.value)[1] - min(0.0, descent.value) * size
        em_box = (bottom - size, bottom)
    return _Run(name.value.decode("latin-1"), size, upright, em_box)


def _chars_and_images(page: pdfium.PdfPage) -> tuple[list[dict[str, Any]], list[tuple[float, float, float, float]],
                                                     int, float, float]:
    """The page's characters as the dicts pdfplumber's word builder reads, its images' boxes (x0, top,
    x1, bottom), how many glyphs map to no character (a font without a Unicode map: no text a person
    could read), and the page's width and height as shown."""
    shown, width, height = _page_frame(page)
    turn = math.radians(page.get_rotation())
    text_page = page.get_textpage()
    handle = text_page.raw
    chars: list[dict[str, Any]] = []
    unmapped = 0
    box = pdfium_c.FS_RECTF()
    runs: dict[int | None, _Run] = {}
    try:
        for i in range(pdfium_c.FPDFText_CountChars(handle)):
            text = chr(pdfium_c.FPDFText_GetUnicode(handle, i))
            if text == _LINE_END_HYPHEN:
                text = "-"
            if text in _NOT_DRAWN:  # pdfium adds only spaces and line ends that the page does not draw
                continue
            if text.isspace():  # a space drawn or inferred: it ends the word it follows, on that word's line
                if chars:
                    chars.append(dict(chars[-1], text=" ", x0=chars[-1]["x1"], ligature=False))
                continue
            if pdfium_c.FPDFText_HasUnicodeMapError(handle, i) == 1:
                unmapped += 1
                continue
            obj = _text_object_address(handle, i)
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = _run(handle, i, shown, turn)
            pdfium_c.FPDFText_GetLooseCharBox(handle, i, box)
            (ax, ay), (bx, by) = shown(box.left, box.top), shown(box.right, box.bottom)
            x0, x1 = min(ax, bx), max(ax, bx)
            top, bottom = run.em_box or (min(ay, by), max(ay, by))
            last = chars[-1] if chars else None
            if last is not None and last["text"] != " " and (last["x0"], last["x1"], last["top"]) == (x0, x1, top):
                # one glyph that maps to several characters (a ligature's "fi"): pdfium gives each the glyph's box
                last["text"] += text
                last["ligature"] = True
                continue
            chars.append({"text": _LIGATURES.get(text, text), "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                          "doctop": top, "upright": run.upright, "size": run.size, "fontname": run.fontname,
                          "ligature": text in _LIGATURES or text == "\x00"})
    finally:
        text_page.close()
    images = []
    for left, bottom, right, top in _image_bounds(page):
        (ax, ay), (bx, by) = shown(left, top), shown(right, bottom)
        images.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return chars, images, unmapped, width, height


_FORM_DEPTH = 8  # forms inside forms, as deep as real producers nest them


def _image_bounds(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Every image's box (left, bottom, right, top) in the page's own space. An image inside a form
    (a full-page picture that Canva or a browser wraps in one) has its bounds in the form's space: the
    forms' matrices take it to the page's."""
    boxes: list[tuple[float, float, float, float]] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()

    def walk(count: int, get: Callable[[int], Any], outer: Matrix, depth: int) -> None:
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                corners = [apply_matrix_pt(outer, (x, y))
                           for x in (left.value, right.value) for y in (bottom.value, top.value)]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH \
                    and pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                inner = mult_matrix((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                walk(pdfium_c.FPDFFormObj_CountObjects(obj), partial(pdfium_c.FPDFFormObj_GetObject, obj), inner,
                     depth + 1)

    walk(pdfium_c.FPDFPage_CountObjects(page), lambda j: pdfium_c.FPDFPage_GetObject(page, j), (1, 0, 0, 1, 0, 0), 0)
    return boxes


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def _seat_ligatures(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A ligature ("ﬁ") that a producer drew from a fallback font sits a little off its word's line, and
    the word builder then cuts the word around it ("Certi fi cate"): it is seated on the line of the
    letter it follows."""
    for lig in chars:
        if not lig.get("ligature"):
            continue
        before = [c for c in chars if c is not lig and abs(c["x1"] - lig["x0"]) < 0.3 * lig["size"]
                  and abs(c["size"] - lig["size"]) < 0.5 and abs(c["top"] - lig["top"]) < 0.5 * lig["size"]]
        if before:
            lig["top"], lig["bottom"], lig["doctop"] = before[0]["top"], before[0]["bottom"], before[0]["doctop"]
    return chars


def _named_glyphs(text: str) -> str:
    """A glyph whose Unicode map names no character (NUL) inside a word is, between two small letters,
    the usual ligature ("Certi\x00ed" is "Certified"); anywhere else it is dropped."""
    if "\x00" not in text:
        return text
    return re.sub(r"(?<=[a-zß-ÿ])\x00(?=[a-zß-ÿ])", "fi", text).replace("\x00", "")


def _merge(letters: list[dict[str, Any]]) -> dict[str, Any]:
    return {"text": "".join(w["text"] for w in letters), "x0": letters[0]["x0"], "x1": letters[-1]["x1"],
            "top": min(w["top"] for w in letters), "bottom": max(w["bottom"] for w in letters)}


def _join_letter_spacing(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Letter-spaced headings ("C O M P L E T E D  O N") as words: a run of three or more single letters
    on one line, closer than twice the type's height, is joined, and split again where a gap is much wider
    than the run's usual one (the space between words)."""
    out: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []

    def flush() -> None:
        if len(run) >= 3:
            gaps = [b["x0"] - a["x1"] for a, b in zip(run, run[1:])]
            usual = sorted(gaps)[len(gaps) // 2]
            piece = [run[0]]
            for letter, gap in zip(run[1:], gaps):
                if gap > 1.8 * usual + 0.5:
                    out.append(_merge(piece))
                    piece = []
                piece.append(letter)
            out.append(_merge(piece))
        else:
            out.extend(run)
        run.clear()

    for word in words:
        letter = len(word["text"]) == 1 and word["text"].isalpha()
        if letter and run and abs(word["top"] - run[-1]["top"]) < 1 \
                and 0 <= word["x0"] - run[-1]["x1"] < 2 * (word["bottom"] - word["top"]):
            run.append(word)
            continue
        flush()
        if letter:
            run.append(word)
        else:
            out.append(word)
    flush()
    return out


def text_layer(page: pdfium.PdfPage, fields: list[Word] | None = None) -> TextLayer:
    """The page's text-layer words in page fractions, beside the values typed into its form fields
    (`form_fields.form_words`), the share of the page covered by images, and the share of its glyphs
    that map to no character."""
    chars, images, unmapped, width, height = _chars_and_images(page)
    words = [
        Word(text=_named_glyphs(w["text"]), x0=float(w["x0"]) / width, y0=float(w["top"]) / height,
             x1=float(w["x1"]) / width, y1=float(w["bottom"]) / height)
        for w in _join_letter_spacing(extract_words(_deduped(_seat_ligatures(chars)), keep_blank_chars=False,
                                                    use_text_flow=False,
                                                    x_tolerance_ratio=_WORD_GAP_RATIO))
    ]
    covered = 0.0
    for x0, top, x1, bottom in images:
        w = max(0.0, min(float(x1), width) - max(float(x0), 0.0))
        h = max(0.0, min(float(bottom), height) - max(float(top), 0.0))
        covered += w * h
    return TextLayer(words, fields or [], min(1.0, covered / (width * height or 1.0)),
                     unmapped / (unmapped + len(chars)) if unmapped else 0.0)
