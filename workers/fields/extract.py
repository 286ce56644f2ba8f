"""From a document's text to its activities, recipient and issuer, each with the evidence behind it.

Pages that the applicant wrote themselves (a cover note in front of a certificate) are blanked out
before activities are read, so the note's mention of the course does not become a second activity; the
blanking keeps every offset in place, so evidence still points at the right words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from workers.fields import sieve
from workers.fields.amounts import AmountMention, find_amounts, preferred
from workers.fields.authors import find_author
from workers.fields.blocks import TypeSizes
from workers.fields.certificate_pages import certificate_pages
from workers.fields.columns import find_column_rows
from workers.fields.dates import DateMention, day_first_order, find_dates
from workers.fields.header_rows import find_header_rows
from workers.fields.issuers import find_issuer
from workers.fields.mark_rows import find_mark_rows
from workers.fields.parties import find_recipient, find_recipient_by_type, find_self_author, find_sign_off, find_signers
from workers.fields.provenance import page_is_self_authored, self_written_kind
from workers.fields.sections import item_lists, within_items
from workers.fields.signatures import recipient_not_signing
from workers.fields.tables import Row, find_rows
from workers.fields.terms import with_terms_across
from workers.fields.title_choice import TitleChooser, default_chooser, describe_titles
from workers.fields.titles import TitleCandidate, find_title_by_layout
from workers.language import language_of
from workers.reading.layout import DocText, blank_spans

# Dates that are never the activity's: birth, expiry, revision, and the laws a diploma cites.
_NEVER_DATE = sieve.compile(
    r"\b(?:valid\w*|expir\w*|exp|renew\w*|birth|dob|d\.o\.b|born|revised|updated|nascid[oa]s?|nascimento"
    r"|n[ée](?=\s|\(e\))|naissance|geboren|geb(?=\.)|geburt\w*|nacimiento|nacid[oa]|valable|g[üu]ltig|v[áa]lid[oa]|vence\w*"
    r"|lei|ley|portaria|decreto|resolu[çc][ãa]o|resoluci[óo]n|publicad[oa]|publi[ée]e?|d\.o\.u|arr[êe]t[ée])\b", re.I)
# Dates that may stand for the activity when nothing better does: issue, print and letter dates.
_OTHER_DATE = sieve.compile(
    r"\b(?:issued?|issue\s+date|date\s+(?:of\s+)?issue|printed|print(?:ed)?\s+date|date\s+printed|generated"
    r"|produced|sent|received|requested|as\s+of|effective|due|deadline|register\w*|enrolled|posted|submitted"
    r"|prepared|run\s+date|report\s+date|today|emiss[ãa]o|emitido|emisi[óo]n|expedi\w*|ausgestellt|ausstellung\w*"
    r"|d[ée]livr[ée]e?|fait|le)\b", re.I)
_ACTIVITY_DATE = sieve.compile(
    r"\b(?:complet\w*|attended|attendance|held|conducted|took\s+place|event|course|class|training|session"
    r"|date\(s\)|dates|term|participat\w*|finished|passed|workshop|seminar|webinar|conference|on|during"
    r"|awarded|earned|achieved|conclu\w*|realizad[oa]|per[íi]odo|t[ée]rmino|in[íi]cio|em|impartido|del|du|vom|am"
    r"|abgeschlossen|teilgenommen|suivi|r[ée]alis[ée]e?|zeitraum|from|between)\b", re.I)
_STRONG_ACTIVITY = sieve.compile(r"\b(?:complet\w*|conclu\w*|attended|held|termin\w*|abgeschlossen|r[ée]alis\w*)\b",
                                 re.I)
# A sentence about what is yet to come: its date is not when the activity was done.
_FUTURE = sieve.compile(r"\b(?:will|shall)\s+be\s+\w+(?:ed|en)\b")  # lower case: not "Will Turner"
_EMAIL_HEADER = sieve.compile(r"^\s*(?:date|sent|received)\s*:", re.I)
_SALUTATION = sieve.compile(r"^\s*(?:dear\b|to\s+whom\b)", re.I | re.M)
_LABEL_ONLY = re.compile(r"^\s*[A-Za-z()/ ]{3,40}:?\s*$")


@dataclass
class ActivityFields:
    """One activity with the spans it was read from (offsets into the document text)."""

    title: str | None
    start_date: date | None
    date: date | None
    amount: AmountMention | None
    value: float | None = None
    unit: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.amount is not None and self.value is None:
            self.value, self.unit = self.amount.value, self.amount.unit


@dataclass
class DocumentFields:
    """Everything the text says about who, what, when and how much."""

    recipient: str | None
    issuer: str | None
    activities: list[ActivityFields]
    signers: list[str]
    self_pages: list[int]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def date_role(text: str, mention: DateMention, salutation: int | None) -> int:
    """2 for the activity's date, 1 for a date that may be, 0 for another date (issue, expiry, birth, ...)."""
    line_start = text.rfind("\n", 0, mention.span[0]) + 1
    line_end = text.find("\n", mention.span[1])
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    before = text[max(line_start, mention.span[0] - 60):mention.span[0]]
    if not line.replace(text[slice(*mention.span)], "").strip(" ,.:;\"'“”|"):
        # A date alone on its line ends the sentence above it ("Certification expires on / 2023/12/18").
        before = _line_before(text, line_start).rstrip(" \"'“”|")[-60:] + " "
    if _EMAIL_HEADER.match(line):
        return 0
    if salutation is not None and mention.span[0] < salutation \
            and not line.replace(text[slice(*mention.span)], "").strip(" ,.:"):
        return 0  # a letter's own date, above "Dear ..."
    sentence = text[max(text.rfind(".", 0, mention.span[0]) + 1, line_start, mention.span[0] - 120):mention.span[0]]
    if _FUTURE.search(sentence):
        return -1  # "will be forwarded to Senate for approval of the award on 12 December 2022": yet to come
    never = list(_NEVER_DATE.finditer(before[-30:]))
    if never and not _STRONG_ACTIVITY.search(before[-30:][never[-1].end():]):
        return -1  # "expires on 2027-01-01", "nascido (a) em 30/03/1991"; not "Updated: 03/2024 • Completed:"
    verdict = _nearest_keyword(before)
    if verdict is None:
        after = text[mention.span[1]:line_end]
        if after.strip():
            verdict = _nearest_keyword(after[:40], last=False)
    if verdict is None:
        for neighbour in (_line_after(text, line_end), _line_before(text, line_start)):
            neighbour = _cell_above_or_below(line, mention.span[0] - line_start, neighbour)
            if neighbour and _LABEL_ONLY.match(neighbour):
                verdict = -1 if _NEVER_DATE.search(neighbour) else _nearest_keyword(neighbour)
                if verdict is not None:
                    break
    return 1 if verdict is None else verdict


_CELL_GAP = re.compile(r"\s{3,}")


def _cell_above_or_below(line: str, offset: int, neighbour: str) -> str:
    """The part of a label line that belongs to the date at `offset` of `line`. Dates set side by side
    with their captions under them ("04-Nov-2023   03-Nov-2024" over "on date   valid till date") stand
    in cells, as the line builder separates them by wide gaps; the caption in the same cell is the date's
    own. Otherwise the whole line."""
    cells = _CELL_GAP.split(line.strip())
    captions = _CELL_GAP.split(neighbour.strip())
    if len(cells) < 2 or len(cells) != len(captions):
        return neighbour
    index = len(_CELL_GAP.findall(line[:offset].strip()))
    return captions[min(index, len(captions) - 1)]


def _nearest_keyword(fragment: str, last: bool = True) -> int | None:
    hits = [(m.start(), 0) for m in _OTHER_DATE.finditer(fragment)]
    hits += [(m.start(), -1) for m in _NEVER_DATE.finditer(fragment)]
    hits += [(m.start(), 2) for m in _ACTIVITY_DATE.finditer(fragment)]
    if not hits:
        return None
    return (max if last else min)(hits)[1]


def _line_after(text: str, line_end: int) -> str:
    nxt = text.find("\n", line_end + 1)
    return text[line_end + 1: len(text) if nxt == -1 else nxt] if line_end < len(text) else ""


def _line_before(text: str, line_start: int) -> str:
    if line_start <= 0:
        return ""
    prev = text.rfind("\n", 0, line_start - 1)
    return text[prev + 1: line_start - 1]


def _pick_date(text: str, anchor: int, day_first: bool) -> DateMention | None:
    """The activity's date: the best role wins (activity, then plain, then issue), the nearest to the title."""
    salutation = _SALUTATION.search(text)
    scored = [(0, _validity_start(m)) if _VALID_FROM.search(text[max(0, m.span[0] - 30):m.span[0]]) and m.start
              else (date_role(text, m, salutation.start() if salutation else None), m)
              for m in find_dates(text, day_first)]
    usable = [(role, m) for role, m in scored if role >= 0]
    if not usable:
        return None
    best_role = max(role for role, _ in usable)
    best = [m for role, m in usable if role == best_role]
    # A month alone ("Turma MAR/2025", a class's code) yields to a day in the same role: it is less exact.
    best = [m for m in best if not m.month_only] or best
    chosen = min(best, key=lambda m: abs(m.span[0] - anchor))
    if chosen.start is None:
        # "in Stockholm on August 14, 2021" near the title, "between August 1 and August 14, 2021" below:
        # the range that ends on the chosen day tells when it began too.
        chosen = next((m for role, m in usable if role == best_role and m.start is not None and m.end == chosen.end),
                      chosen)
    return chosen


# A credential's period of validity ("Valid from: May 15 2023 - Jun 13 2025") begins when it was earned: its
# start is an issue date, not an activity's range.
_VALID_FROM = sieve.compile(r"\b(?:valid(?:ity)?(?:\s+period)?\s*(?:from|:)|v[áa]lid[oa]\s+(?:desde|de)"
                            r"|g[üu]ltig\s+(?:ab|vom)|valable\s+du|valido\s+dal)\W{0,3}$", re.I)


def _validity_start(mention: DateMention) -> DateMention:
    return DateMention(None, mention.start or mention.end, mention.span)


def _mask(doc: DocText, pages: set[int]) -> str:
    """The document text with the given pages' lines replaced by spaces (offsets unchanged)."""
    return blank_spans(doc.text, [(start, start + len(line.text))
                                  for line, start in zip(doc.lines, doc.starts) if line.page in pages])


def _page_text(doc: DocText, page: int) -> str:
    return "\n".join(line.text for line in doc.lines if line.page == page)


def extract_fields(doc: DocText, page_numbers: list[int], choose: TitleChooser | None = None) -> DocumentFields:
    """Read recipient, issuer, signers and activities from a document's text.

    `choose` picks a single activity's title among its described candidates: the committed model unless
    given (training passes one that records the candidates).
    """
    text = doc.text
    recipient_found = recipient_not_signing(doc, text, find_recipient)
    sizes = TypeSizes.of(doc)
    if self_written_kind(text) is not None:
        # A résumé or statement proves no activity, however many it lists; its author is who it is about,
        # named at its head more surely than by any phrase in its body (a project's "Name: …").
        author = find_author(sizes) or recipient_found or find_sign_off(text)
        return DocumentFields(author.value if author else None, None, [], [], list(page_numbers),
                              {"recipient": author.span} if author else {})
    recipient_found = recipient_found or find_recipient_by_type(sizes)
    recipient = recipient_found.value if recipient_found else None
    self_pages = [p for p in page_numbers if page_is_self_authored(_page_text(doc, p), recipient)]
    evidence = _mask(doc, set(self_pages)) if self_pages and len(self_pages) < len(page_numbers) else text
    if evidence is not text:
        recipient_found = recipient_not_signing(doc, evidence, find_recipient) or recipient_found
        recipient = recipient_found.value if recipient_found else None
    spans: dict[str, tuple[int, int]] = {}
    if recipient_found:
        spans["recipient"] = recipient_found.span
    # Whether 01/02/2024 is the first of February: read once, for the rows' dates and the activity's.
    day_first = day_first_order(evidence, language_of(evidence))
    rows = _table_rows(doc, evidence, day_first)
    # Titles are found before the issuer and hidden from it: "Hydraulic Systems Maintenance" has an
    # organisation-like word in it but is a course, not a provider.
    title = None
    # A file of certificates, a page each: every page is read as a document of its own (none is blanked as
    # self-written, so the document's text is the evidence).
    pages = certificate_pages(doc, recipient) if not rows and not self_pages else []
    if not rows and not pages:
        described = describe_titles(doc, sizes, evidence, recipient, recipient_found.span if recipient_found else None)
        title = (choose or default_chooser())(described)
    hidden = [r.title_span for r in rows] + ([title.span] if title else [])
    # Who ran one item of a list of contents did not issue the document, and its hours are not the whole's.
    lists = item_lists(evidence)
    issuer_text = blank_spans(evidence, hidden + lists)
    issuer_found = find_issuer(issuer_text, recipient)
    if len(self_pages) == len(page_numbers) and page_numbers:
        issuer_found = find_self_author(text) or recipient_found
    issuer = issuer_found.value if issuer_found else None
    if issuer_found:
        spans["issuer"] = issuer_found.span
    if rows:
        # A record without terms or row dates ("Verzeichnis der bestandenen Module … Hannover, den 28.
        # September 2017") is dated once, for all its courses: that date is the best one it states.
        undated = all(r.date is None for r in rows)
        when = _pick_date(evidence, 0, day_first) if undated else None
        activities = [
            ActivityFields(r.title, r.start_date, r.date or (when.end if when else None), None, r.value, r.unit,
                           {k: v for k, v in (("title", r.title_span),
                                              ("date", r.date_span or (when.span if when else None)),
                                              ("amount", r.amount_span)) if v})
            for r in rows
        ]
    elif pages:
        activities = _one_per_course([_shifted(activity, offset) for offset, page in pages
                                      for activity in extract_fields(page, [page.lines[0].page], choose).activities])
    else:
        if title is None:
            after = recipient_found.span[1] if recipient_found else 0
            title = find_title_by_layout(evidence, after, recipient, issuer)
        activities = [_single_activity(evidence, title, recipient_found.span[1] if recipient_found else 0, day_first,
                                       lists)]
    return DocumentFields(recipient, issuer, activities, find_signers(evidence), self_pages, spans)


def _shifted(activity: ActivityFields, offset: int) -> ActivityFields:
    """An activity read from one page's text, its spans moved to where that page starts in the document's."""
    return replace(activity, spans={k: (s + offset, e + offset) for k, (s, e) in activity.spans.items()})


def _one_per_course(activities: list[ActivityFields]) -> list[ActivityFields]:
    """A course certified on two pages of one file (a certificate and its transcript page) is one activity:
    the first page's reading, with the date it left out taken from the later one."""
    kept: list[ActivityFields] = []
    by_title: dict[str, int] = {}
    for activity in activities:
        key = " ".join((activity.title or "").casefold().split())
        if not key or key not in by_title:
            if key:
                by_title[key] = len(kept)
            kept.append(activity)
            continue
        first = kept[by_title[key]]
        if first.date is None and activity.date is not None:
            kept[by_title[key]] = replace(first, start_date=activity.start_date, date=activity.date,
                                          spans={**first.spans, **{k: v for k, v in activity.spans.items()
                                                                   if k == "date"}})
    return kept


# How many of the other readers' rows the header reader must find to be trusted over them.
ROW_SHARE = 0.9
# How many more rows the mark reader must find than the others to be trusted over them.
MARK_ROWS_MORE = 4


def _table_rows(doc: DocText, evidence: str, day_first: bool) -> list[Row]:
    """A record's course rows, from whichever reader makes most sense of its table; [] for no table.

    Three readers see a table three ways: as strings (`tables`), by the word positions under a header
    whose every word is known (`columns`), and cell by cell under a header of mostly known names
    (`header_rows`). A scan's rows carry specks, scores and a second semester between and beside their
    cells that only the boxes tell apart, so a scan is read by position when that gives rows; a text
    layer's cells are clean, and the header reader reads layouts no rule was written for."""
    rows = find_rows(evidence)
    by_column = find_column_rows(doc, evidence)
    if len(by_column) >= 2 and len(by_column) >= len(rows):
        if _scanned(doc):
            return by_column
        rows = by_column
    by_header = find_header_rows(doc, evidence, day_first)
    rows = by_header if by_header and len(by_header) >= ROW_SHARE * len(rows) else rows
    # A record whose header the readers above half knew: rows read from the marks that follow each course
    # are trusted over theirs only when there are clearly more of them.
    by_marks = find_mark_rows(doc, evidence, day_first)
    return with_terms_across(doc, by_marks if len(by_marks) >= max(2 * len(rows), len(rows) + MARK_ROWS_MORE)
                             else rows)


def _scanned(doc: DocText) -> bool:
    """Whether most of the words were read by OCR (they carry its confidence; a text layer's do not)."""
    words = [w for line in doc.lines for w in line.words]
    return sum(w.conf is not None for w in words) * 2 > len(words)


def _single_activity(text: str, title: TitleCandidate | None, after_recipient: int,
                     day_first: bool, lists: list[tuple[int, int]]) -> ActivityFields:
    """The one activity of a certificate or letter: its title, the best date and the preferred amount."""
    anchor = title.span[0] if title else after_recipient
    when = _pick_date(text, anchor, day_first)
    # A number in the title ("OSHA 30-Hour Construction Safety") names the course, not what this one
    # document credits; it counts only when the document states no amount anywhere else.
    # An item's hours in a list of contents ("Workshop … (6 Unterrichtsstunden)") are not the whole's.
    mentions = [a for a in find_amounts(text) if not within_items(a.span, lists, text)]
    outside = [a for a in mentions if not title or a.span[1] <= title.span[0] or a.span[0] >= title.span[1]]
    amount = preferred(outside or mentions, text)
    spans = {}
    if title:
        spans["title"] = title.span
    if when:
        spans["date"] = when.span
    if amount:
        spans["amount"] = amount.span
    return ActivityFields(title.value if title else None, when.start if when else None,
                          when.end if when else None, amount, spans=spans)
