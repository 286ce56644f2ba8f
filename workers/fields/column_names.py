"""What a transcript's header words name: a title column, a units column, another column, or none.

A scanned header comes through OCR misread ("Téredit", "lcreorrs", "cope"), so a word is also read as
the column name it is closest to. Kept apart from `columns.py`, which reads the rows under the header.
"""

from __future__ import annotations

import difflib
import re

from workers.fields import sieve
from workers.fields.memory import per_document

# Words that head the title column, in the languages the pipeline reads.
_TITLE_HEAD = sieve.compile(
    r"^(?:courses?|course\s*title|title|description|subjects?|modul[e]?s?|activity|class|training|program(?:me)?"
    r"|lehrveranstaltung(?:en)?|pr[üu]fungs?fach|fach|disciplinas?|unidades?|curso|cours|mati[èe]res?|asignaturas?"
    r"|materias?|componentes?|enseignements?|ue)$", re.I)
# Words that head a units column.
_AMOUNT_HEAD = sieve.compile(
    r"^(?:cr|crs|chr|credits?|credit\s*hours?|cr[ée]dit(?:o)?s?|units?|hours|hrs|hrs\.|ceus?|pdus?|pdhs?|horas"
    r"|heures|stunden|ects|ects-\w+|lp|cp|leistungspunkte|sws|c\.?h\.?)\.?$", re.I)
# The column names common enough to be recognised when OCR misreads a letter of them.
_COMMON_HEADS = ["course", "courses", "title", "subject", "description", "credit", "credits", "units", "hours", "grade",
                 "scores", "marks", "semester", "code", "result"]
_HEAD_LETTERS = [(h, {ch: h.count(ch) for ch in set(h)}) for h in _COMMON_HEADS]
_HEAD_INITIALS = frozenset(h[0] for h in _COMMON_HEADS)  # "Téredit" shares "title"'s: a cheap first sieve
# Other columns a header names: they end the title column and are never read as a title.
_OTHER_HEAD = sieve.compile(
    r"^(?:no\.?|nr\.?|number|num\.?|section|sec\.?|code|grade|grades|note|noten?|score|scores|marks?|semester|sem|term|year|type|remarks|earned"
    r"|class|avg\.?|points|qp|nota|résultat|resultat|results?|mon/year|att\.?|att\.?code|attempted|status|date|session)$",
    re.I)


def head_kind(text: str) -> str | None:
    """What column a header word names: "title", "amount", "other", or None for no column name."""
    return ("title" if _TITLE_HEAD.match(text) else "amount" if _AMOUNT_HEAD.match(text)
            else "other" if _OTHER_HEAD.match(text) or text.startswith("/") else None)


@per_document
def column_name(text: str) -> str:
    """A header word as the column name it was meant to be, through what OCR does to a scanned header: a
    rule before it read as "l" ("lcredit"), a letter misread ("Téredit", "cope"), the end of "CREDITS"
    misread beyond a letter ("lcreorrs"). A word that names no column comes back as it was."""
    for word in (text, text[1:]) if text[:1] in "lI" else (text,):
        if head_kind(word):
            return word
        if len(word) >= 4 and word[:1].lower() in _HEAD_INITIALS:
            lowered = word.lower()
            heads = _reachable(lowered)
            near = difflib.get_close_matches(lowered, heads, n=1, cutoff=0.75) if heads else []
            if near:
                return near[0]
        if re.match(r"^cre[a-z]{3,6}$", word, re.I):
            return "credits"
        if re.match(r"^descr[a-z]{4,7}$", word, re.I):  # "Descrighan"
            return "description"
    return text


def _reachable(word: str) -> list[str]:
    """The column names `difflib.get_close_matches(word, …, cutoff=0.75)` could return: it skips a name whose
    letters, counted, cannot make 75 % alike (its `quick_ratio`), so asking it of the others alone gives
    the same answer, and most words of a page reach none, which spares making a matcher for them."""
    letters: dict[str, int] = {}  # counted by hand: a Counter is slower on words this short
    for ch in word:
        letters[ch] = letters.get(ch, 0) + 1
    reachable = []
    for head, counted in _HEAD_LETTERS:
        length = len(word) + len(head)
        if 2.0 * min(len(word), len(head)) / length < 0.75:  # its `real_quick_ratio`, cheaper still
            continue
        shared = sum(min(n, letters.get(ch, 0)) for ch, n in counted.items())
        if 2.0 * shared / length >= 0.75:
            reachable.append(head)
    return reachable
