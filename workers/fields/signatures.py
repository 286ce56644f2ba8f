"""Names that sign a document rather than receive it, told apart by what is printed under them.

A certificate sets its signatures beside the holder's name as often as below it, so in the text a
signer's name can follow "This is to certify that" on the same line ("This is to certify that   David J.
Malan", the holder's name on the next line). The words cannot tell the two apart; the page can: a
signature's name has its signer's role printed right under it ("Gordon McKay Professor", "(Chairman,
ICI-RSC)", "Professor"), in the same column. A holder's name has the course or a sentence under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workers.fields import sieve
from workers.fields.names import Found
from workers.fields.parties import SIGNER_ROLE
from workers.reading.layout import DocText, blank_spans

# Roles a signature line names beyond `SIGNER_ROLE`'s: a professor, a founder, a committee's officers.
_ACADEMIC_ROLE = sieve.compile(r"\b(?:professor|prof|founder|co-?founder|chairman|chairperson|convenor|convener|hod"
                               r"|lecturer)\b", re.I)
_MAX_TRIES = 3  # a page of signatures has a few names with roles under them; the holder's comes after them


def recipient_not_signing(doc: DocText, text: str, find: Callable[[str], Found | None]) -> Found | None:
    """`find`'s recipient in `text`, passing over names that have a signer's role under them: each such
    name is blanked out and the text read again."""
    found = find(text)
    for _ in range(_MAX_TRIES):
        if found is None or not _role_under(doc, found.span):
            return found
        text = blank_spans(text, [found.span])
        found = find(text)
    return found


def _role_under(doc: DocText, span: tuple[int, int]) -> bool:
    """Whether the line under a name holds, within the name's own column, the words of a role."""
    hits = doc.words_in(*span)
    if not hits:
        return False
    page = hits[0][0]
    words = [w for p, w in hits if p == page]
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    bottom = max(w.y1 for w in words)
    height = max(w.y1 - w.y0 for w in words)
    index = doc.line_index(span[0])
    below = next((line for line in doc.lines[index + 1:index + 3]
                  if line.page == page and line.words and min(w.y0 for w in line.words) > bottom - height / 2), None)
    if below is None or min(w.y0 for w in below.words) - bottom > 2 * height:
        return False
    under = " ".join(w.text for w in below.words if w.x1 > left - height and w.x0 < right + height)
    return bool(under) and (SIGNER_ROLE.search(under) is not None or _ACADEMIC_ROLE.search(under) is not None) \
        and not re.search(r"\d", under)
