"""bytes → Result: sniff, read pages, extract fields, decide provenance, run checks.

Pure: no Flask, no database, no Redis. The CLI, the RQ jobs and the tests all call `process` (or
`process_isolated`, which runs it in a child process with hard memory and time limits).
"""

from __future__ import annotations

import time

from workers.checks import CheckContext, run_checks
from workers.fields.amounts import contact_hours
from workers.fields.dates import find_dates
from workers.fields.extract import ActivityFields, DocumentFields, extract_fields
from workers.fields.memory import forget
from workers.fields.provenance import certificate_number, decide
from workers.fields.title_choice import model_digest
from workers.reading.layout import DocText, Line
from workers.reading.pages import PageText
from workers.reading.sniff import read_pages
from workers.result import Activity, Amount, PageSummary, Result
from workers.runtime.limits import Limits

# The reading rules' version and the title model's hash: re-processing knows a new model changed results.
PIPELINE_VERSION = f"1.5.17+{model_digest()}"
# A page is readable when it yields this many real words (two letters or more, and for OCR read with
# reasonable confidence). A blank or hopelessly blurred scan yields fewer.
_MIN_WORDS = 8
# A text layer is read, not guessed at: two real words ("Certificate", "hours") make it readable.
_MIN_TYPED_WORDS = 2
_MIN_CONF = 50.0


def _typed_words(pages: list[PageText]) -> int:
    """Words of a text layer: somebody typed them, so a short certificate is short, not unreadable."""
    return sum(1 for page in pages for word in page.words if word.is_real and word.conf is None)


def _good_words(pages: list[PageText]) -> int:
    return sum(1 for page in pages for word in page.words
               if word.is_real and (word.conf is None or word.conf >= _MIN_CONF))


def _legible(line: Line) -> bool:
    """Whether a line is text rather than what OCR made of a seal, a logo's flourish or a frame: those
    come out as short fragments that Tesseract itself doubts ("ae", "Tal", "() ie p MU"). Dropped from
    the fields' reading only (the page text keeps them), they no longer stand between a title's two
    lines or become a title themselves. A line is text when its words, or its letters, are read with
    enough confidence on average: the specks and bars OCR finds between a scanned table's cells ("-",
    "|", "ee") pull the words' mean down, but a long title beside them, read well, outweighs them
    letter by letter; and two long words, one of them read well, are text (a seal's fragments are short)."""
    if not line.words or any(w.conf is None for w in line.words):
        return True
    confs = [float(w.conf) for w in line.words if w.conf is not None]
    if sum(confs) / len(confs) >= _MIN_CONF:
        return True
    weights = [(sum(ch.isalpha() for ch in w.text), float(w.conf)) for w in line.words if w.conf is not None]
    letters = sum(n for n, _ in weights)
    if letters and sum(n * c for n, c in weights) / letters >= _MIN_CONF:
        return True
    # Two long words, one of them read well ("Multimedia Demonstration" in a scanned table): a seal's or a
    # frame's fragments are short.
    long_words = [c for n, c in weights if n >= 6]
    if len(long_words) >= 2 and max(long_words) >= 60:
        return True
    # A whole date ("Date: 09/16/2022 | 9 CEU Hours", its letters doubted) is no seal's fragment either.
    return bool(find_dates(line.text))


def document_text(pages: list[PageText], page_lines: list[list[Line]] | None = None) -> DocText:
    """The legible lines of every page as one text: what the fields are read from. `page_lines`, each
    page's lines when the caller has built them already (building them is a fifth of the analysis)."""
    lines = page_lines if page_lines is not None else [page.lines for page in pages]
    return DocText([line for page in lines for line in page if _legible(line)])


def _text_source(pages: list[PageText]) -> str:
    sources = {p.source for p in pages}
    return sources.pop() if len(sources) == 1 else "mixed"


def _activity(doc: DocText, fields: ActivityFields) -> Activity:
    amount = Amount(fields.value, fields.unit) if fields.value is not None and fields.unit else None
    return Activity(
        title=fields.title,
        start_date=fields.start_date,
        date=fields.date,
        amount=amount,
        contact_hours=contact_hours(amount.value, amount.unit) if amount else None,
        evidence={name: doc.evidence(*span) for name, span in fields.spans.items()},
    )


def process(data: bytes, limits: Limits, ctx: CheckContext) -> Result:
    """Run the whole pipeline on one file's bytes. Raises PipelineError for a refused file."""
    started = time.monotonic()
    sniffed, pages = read_pages(data, limits, started + limits.timeout_seconds)
    return analyse(pages, sniffed.mime, ctx, started)


def analyse(pages: list[PageText], mime: str, ctx: CheckContext, started: float | None = None) -> Result:
    """The text → fields stages: from pages already read (fresh, or from the page cache) to a Result.

    Re-processing runs only this, which is why it is fast: everything expensive happened in reading.
    """
    started = time.monotonic() if started is None else started
    forget()
    page_lines = [page.lines for page in pages]
    doc = document_text(pages, page_lines)
    readable = _good_words(pages) >= _MIN_WORDS or _typed_words(pages) >= _MIN_TYPED_WORDS
    if readable:
        fields = extract_fields(doc, [p.number for p in pages])
    else:
        fields = DocumentFields(None, None, [], [], [])
    provenance = decide(doc.text, fields.recipient, fields.issuer, fields.signers, fields.self_pages,
                        len(pages), readable)
    activities = [_activity(doc, a) for a in fields.activities]
    flags = run_checks(
        readable=readable,
        activities=[{"title": a.title, "date": a.date, "amount": a.amount} for a in activities],
        recipient=fields.recipient, third_party=provenance.third_party,
        third_party_reasons=provenance.reasons, ctx=ctx,
    )
    return Result(
        pipeline_version=PIPELINE_VERSION, mime=mime, pages=len(pages), text_source=_text_source(pages),
        recipient=fields.recipient, issuer=fields.issuer, third_party=provenance.third_party,
        third_party_reasons=provenance.reasons, activities=activities, flags=flags,
        page_texts=[PageSummary(p.number, p.source, p.rotation, p.mean_conf,
                                "\n".join(line.text for line in lines), p.words_data())
                    for p, lines in zip(pages, page_lines)],
        evidence={name: doc.evidence(*span) for name, span in fields.spans.items()},
        seconds=round(time.monotonic() - started, 3),
        certificate_number=certificate_number(doc.text) if readable else None,
    )
