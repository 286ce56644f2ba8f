"""A PDF page's text layer as words with boxes, read straight from pdfminer's layout.

pdfplumber's `page.chars` turns every layout object into a dict of some twenty attributes (colours, matrices,
marked content, curves' points) before any word is built; on a text certificate that was a third of the
whole pipeline's time. Here only the characters and image boxes are taken from the same layout pdfplumber
reads (`page.layout`), with pdfplumber's own coordinate rules (top from the page height and the MediaBox
offset), and pdfplumber's word builder and de-duplication run on them. The words are the same; the
isolated reading of a text PDF is faster.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTImage, LTItem
from pdfminer.utils import decode_text
from pdfplumber.utils.text import dedupe_chars, extract_words

from workers.layout import Word

# A gap wider than this share of the font size ends a word. pdfplumber's fixed 3 points glued words
# together where producers leave out the space character ("byCoursera Project Networkand").
_WORD_GAP_RATIO = 0.15


def _deduped(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One copy of each glyph, where a producer faked bold by drawing glyphs two or four times on the
    same spot ("AAggiillee"). pdfplumber's dedupe is costly, so it runs only on pages where a cheap count
    finds such repeats (about a third of the time of reading a text page otherwise)."""
    spots = {(c["text"], round(c["x0"]), round(c["top"])) for c in chars}
    return dedupe_chars(chars) if len(chars) - len(spots) > 0.1 * len(chars) else chars


def _layout_items(items: list[LTItem]) -> Iterator[LTItem]:
    """Every item of a layout, containers' children after the container, in pdfplumber's order."""
    for item in items:
        yield item
        if isinstance(item, LTContainer):
            yield from _layout_items(item._objs)


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


def _chars_and_images(page: pdfplumber.page.Page) -> tuple[list[dict[str, Any]], list[tuple[float, float, float, float]], int]:
    """The page's characters as the dicts pdfplumber's word builder reads, its images' boxes (x0, top,
    x1, bottom), both in pdfplumber's coordinates, and how many glyphs map to no character: a font
    without a Unicode map gives "(cid:29)" for each, which is no text a person could read."""
    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    doctop = float(page.initial_doctop)
    norm = page.pdf.unicode_norm
    chars: list[dict[str, Any]] = []
    images: list[tuple[float, float, float, float]] = []
    unmapped = 0
    for item in _layout_items(page.layout._objs):
        if isinstance(item, LTChar):
            text = item.get_text()
            if text.startswith("(cid:"):
                unmapped += 1
                continue
            ligature = text in _LIGATURES or text == "\x00"
            if text in _LIGATURES:
                text = _LIGATURES[text]
            if norm is not None:
                text = unicodedata.normalize(norm, text)
            fontname = item.fontname
            if isinstance(fontname, bytes):
                fontname = fontname.decode("latin-1")
            top = height - item.y1 + mb_top
            chars.append({"text": text, "x0": item.x0 + mb_x0, "x1": item.x1 + mb_x0, "top": top,
                          "bottom": height - item.y0 + mb_top, "doctop": doctop + top, "upright": item.upright,
                          "size": item.size, "fontname": fontname, "ligature": ligature})
        elif isinstance(item, LTImage):
            images.append((item.x0 + mb_x0, height - item.y1 + mb_top, item.x1 + mb_x0, height - item.y0 + mb_top))
    return chars, images, unmapped


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


_FONT_SIZE = re.compile(rb"(\d+(?:\.\d+)?)\s+Tf")
# A field's text, as viewers draw it: about half an em per character, rows 1.15 ems apart.
_CHAR_WIDTH = 0.5
_LEADING = 1.15


def form_words(page: pdfplumber.page.Page) -> list[Word]:
    """The values typed into the page's form fields, as words where a viewer draws them.

    A filled form (a life-support eCard, a summer school's certificate with the student's name typed
    in) keeps its values in the fields, not in the page's text: a viewer draws them, the text layer does
    not have them. Each value is set in the field's font size (or, where the field sizes itself, to its
    height), at its alignment (left, centred or right), a row per line."""
    width, height = float(page.width), float(page.height)
    words: list[Word] = []
    try:
        annots = page.annots
    except Exception:  # an annotation without its box, or a damaged one: the page's own text still reads
        return []
    for annot in annots:
        data = annot.get("data") or {}
        value = data.get("V")
        if str(data.get("Subtype", "")).strip("/'") != "Widget" or not isinstance(value, (bytes, str)):
            continue
        text = decode_text(value) if isinstance(value, bytes) else value
        rows = [" ".join(row.split()) for row in text.splitlines() if row.strip()]
        if not rows:
            continue
        x0, top, x1, bottom = (float(annot[k]) for k in ("x0", "top", "x1", "bottom"))
        found = _FONT_SIZE.search(data["DA"]) if isinstance(data.get("DA"), bytes) else None
        size = float(found.group(1)) if found and float(found.group(1)) > 0 else \
            min(0.7 * (bottom - top) / len(rows), 12.0)
        align = data.get("Q") if data.get("Q") in (0, 1, 2) else 0
        first = top + max(0.0, ((bottom - top) - _LEADING * size * len(rows)) / 2)
        for r, row in enumerate(rows):
            row_width = _CHAR_WIDTH * size * len(row)
            left = (x0 + 2, (x0 + x1 - row_width) / 2, x1 - 2 - row_width)[align]
            y0 = first + r * _LEADING * size
            for token in row.split(" "):
                right = left + _CHAR_WIDTH * size * len(token)
                words.append(Word(token, left / width, y0 / height, right / width, (y0 + size) / height))
                left = right + _CHAR_WIDTH * size
    return words


def text_layer(page: pdfplumber.page.Page) -> TextLayer:
    """The page's text-layer words in page fractions, the share of the page covered by images, and the
    share of its glyphs that map to no character."""
    width, height = float(page.width), float(page.height)
    chars, images, unmapped = _chars_and_images(page)
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
    return TextLayer(words, form_words(page), min(1.0, covered / (width * height or 1.0)),
                     unmapped / (unmapped + len(chars)) if unmapped else 0.0)
