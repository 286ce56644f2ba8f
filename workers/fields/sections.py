"""The parts of a document that list what an activity was made of: "Inhalte des Semesterprojekts:",
"Topics covered:", "Programme:", "Contenu de la formation :".

Such a list names its items' own hours and providers ("Workshop „Scrum mit Lego“ (6 Unterrichtsstunden)
… Durchgeführt von der msg systems ag"), and those are not the whole activity's: six hours of one
workshop are not the semester project's length, and the firm that ran it did not issue the certificate.
The list runs from its heading to the first line that states a date (the place and date above the
signatures) or to the end.
"""

from __future__ import annotations

import re

from workers.fields import sieve
from workers.fields.dates import find_dates

_LIST_HEADING = sieve.compile(
    r"^[ \t]*(?:inhalte?|lerninhalte|themen|contents?|course\s+contents?|topics(?:\s+covered)?|agenda|syllabus"
    r"|course\s+outline|modules?(?:\s+covered)?|curriculum|conte[úu]dos?(?:\s+program[áa]tico)?|contenidos?|temario"
    r"|programme|programa|contenu|programme\s+de\s+la\s+formation)\b[^:\n]{0,40}:[ \t]*$", re.I | re.M)
# A line that gives the whole's amount, even inside the list.
_TOTAL = sieve.compile(r"\b(?:total|insgesamt|gesamt|au\s+total|en\s+total|no\s+total|totalizando|totaling|in\s+all)\b",
                       re.I)


def item_lists(text: str) -> list[tuple[int, int]]:
    """The spans of the document's lists of contents, heading included."""
    spans: list[tuple[int, int]] = []
    for heading in _LIST_HEADING.finditer(text):
        if spans and heading.start() < spans[-1][1]:
            continue
        end = len(text)
        pos = heading.end()
        while pos < len(text):
            nxt = text.find("\n", pos + 1)
            line = text[pos:nxt if nxt != -1 else len(text)]
            if find_dates(line):
                end = pos
                break
            if nxt == -1:
                break
            pos = nxt
        spans.append((heading.start(), end))
    return spans


def within_items(span: tuple[int, int], lists: list[tuple[int, int]], text: str) -> bool:
    """Whether a mention stands in a list of contents, on a line that does not give the whole's total."""
    if not any(start <= span[0] < end for start, end in lists):
        return False
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    return not _TOTAL.search(text[line_start:line_end if line_end != -1 else len(text)])
