"""Several certificates in one file: a page each, every page naming the same holder.

Platforms and training centres hand out one PDF of all a learner's certificates ("Certificate of
Completion … Developing on AWS", then the next course on the next page), and learners upload them so.
Read as one document, such a file yields one activity and loses the rest. Read page by page, each page
is a certificate like any other.

A file is read so only when every page with text is plainly a certificate of its own: it names the
document's holder again, and wording that introduces a holder or a completed course stands on it ("This
is to certify that", "has successfully completed", "atteste que"). A letter of two pages names its
subject on the first and signs on the last; it does not certify on each.
"""

from __future__ import annotations

from workers.fields.names import same_person
from workers.fields.parties import find_recipient, recipient_cue
from workers.fields.titles import VERB_CUE
from workers.reading.layout import DocText


def certificate_pages(doc: DocText, recipient: str | None) -> list[tuple[int, DocText]]:
    """Each page's own text with the offset where it starts in the document's, when the file is a
    certificate a page (see the module's docstring); [] otherwise."""
    if recipient is None:
        return []
    starts: dict[int, int] = {}
    for index, line in enumerate(doc.lines):
        starts.setdefault(line.page, index)
    if len(starts) < 2:
        return []
    bounds = sorted(starts.values()) + [len(doc.lines)]
    parts = []
    for first, last in zip(bounds, bounds[1:]):
        page = DocText(doc.lines[first:last])
        if not (recipient_cue(page.text) or VERB_CUE.search(page.text)):
            return []  # asked first: it is cheaper than looking for the holder
        holder = find_recipient(page.text)
        if holder is None or not same_person(holder.value, recipient):
            return []
        parts.append((doc.starts[first], page))
    return parts
