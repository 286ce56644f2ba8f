"""The values typed into a PDF page's form fields, as words where a viewer draws them.

A filled form (a life-support eCard, a summer school's certificate with the student's name typed in) keeps
its values in the fields, not in the page's text: a viewer draws them, the text layer does not have them.
pdfium tells cheaply whether a page has fields at all; pdfplumber reads their dictionaries (value, font
size, alignment), and is opened only for a document that has some.
"""

from __future__ import annotations

import re

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.utils import decode_text

from workers.reading.layout import Word

_FONT_SIZE = re.compile(rb"(\d+(?:\.\d+)?)\s+Tf")
# A field's text, as viewers draw it: about half an em per character, rows 1.15 ems apart.
_CHAR_WIDTH = 0.5
_LEADING = 1.15


def has_form_fields(page: pdfium.PdfPage) -> bool:
    """Whether the page carries a form field (a widget annotation) that could hold a typed value."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def form_words(page: pdfplumber.page.Page) -> list[Word]:
    """The page's typed field values as words in page fractions. Each value is set in the field's font
    size (or, where the field sizes itself, to its height), at its alignment (left, centred or right), a
    row per line."""
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
        align = int(data["Q"]) if data.get("Q") in (0, 1, 2) else 0
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
