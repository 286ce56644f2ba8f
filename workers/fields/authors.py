"""Who wrote a résumé or a statement: the name at its head, in the largest type near the top.

A self-written document names its author where a certificate names its holder, but with no wording to
introduce them: the author's name is what stands largest at the top, in a heading ("Personal Essay –
Arushi Kumari"), over two lines ("JOÃO VICTOR" over "LISBOA PORCEL"), as one word ("HARSH"), or under the
photo of a two-column résumé.
"""

from __future__ import annotations

import re

from workers.fields import sieve
from workers.fields.blocks import Segment, TypeSizes
from workers.fields.names import NAME_TOKEN, Found, clean_name, one_word_name
from workers.fields.parties import names_by_type

# Headings a résumé sets large that are not its author's name.
_RESUME_HEADING = sieve.compile(
    r"^(?:r[ée]sum[ée]|cv|curriculum|vitae|profile|summary|lebenslauf|curr[íi]culo|contact|experience|education"
    r"|projects?|skills|portfolio|objective|references|languages|achievements|about|certifications|awards"
    r"|interests|hobbies|publications|erfahrung|ausbildung|kenntnisse|experi[êe]ncia|forma[çc][ãa]o|habilidades"
    r"|exp[ée]rience|comp[ée]tences|formaci[óo]n|experiencia)$", re.I)


def find_author(sizes: TypeSizes) -> Found | None:
    """A résumé's or statement's author: the name-like line set largest near the top of the first page.

    Its heading may carry it ("Personal Essay – Arushi Kumari"); a large name may take two lines ("JOÃO
    VICTOR" over "LISBOA PORCEL"); a résumé may print one name alone in its largest type ("HARSH")."""
    # Near the top: the first lines read, and whatever stands in the top third of the first page (a
    # two-column résumé's name sits under the photo, after the other column's first paragraphs).
    first_page = sizes.segments[0].page if sizes.segments else 0
    top = [seg for i, seg in enumerate(sizes.segments) if i < 12 or (seg.page == first_page and seg.y0 < 0.35)]
    names = names_by_type(sizes, every_part=True, segments=top)
    if top:
        largest = max(top, key=lambda seg: seg.height)
        word = largest.text.strip()
        name = one_word_name(word) if largest.height >= 1.5 * sizes.body and re.fullmatch(NAME_TOKEN, word) \
            and len(word) >= 3 and not _RESUME_HEADING.match(word) else None
        if name:
            start = largest.start + largest.text.find(word)
            names.append((largest.height / sizes.body, Found(name, (start, start + len(word)))))
    if not names:
        return None
    found = max(names, key=lambda n: n[0])[1]
    return _second_line_of(found, top) or found


def _second_line_of(found: Found, top: list[Segment]) -> Found | None:
    """The name with its second line, when it goes on in the same type right below it."""
    first = next((seg for seg in top if seg.start <= found.span[0] < seg.end), None)
    below = next((seg for seg in top if first and seg.page == first.page and seg.line == first.line + 1
                  and min(seg.x1, first.x1) - max(seg.x0, first.x0) > 0.5 * min(seg.x1 - seg.x0, first.x1 - first.x0)
                  and abs(seg.height - first.height) < 0.15 * first.height), None)
    if first is None or below is None or not re.fullmatch(rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}}",
                                                          below.text.strip()):
        return None
    joined = clean_name(f"{first.text.strip()} {below.text.strip()}")
    return Found(joined, (found.span[0], below.end)) if joined else None
