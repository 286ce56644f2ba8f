"""Course rows of a record no header reader knows: a title followed by its marks, aligned down the page.

The three table readers (`tables`, `columns`, `header_rows`) start from a header whose column names they
know. Records of schools nobody wrote a rule for often have none they can read: a scanned grade sheet
whose header OCR garbled ("SESS  Course Name  Credits Grade Clee aloo"), a mark sheet headed "SUBJECT NAME
ONLINE ONLINE MARKS", a German Zeugnis that sets subjects and grade words side by side in two columns,
a memo that prints grades in figures and in words.

What every such record shares is the row itself: a cell of words (the course), then cells of marks
(figures, letter grades, grade words in the record's language), and the courses' cells start at one
left edge, row after row. This reader finds those runs. It reads only a document that calls itself a
record of marks, and only when the header readers found nothing, so a certificate's list of modules is
never mistaken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workers.fields import sieve
from workers.fields.cells import Cell, cells_of
from workers.fields.header_rows import LEADING_CODE, NOT_COURSE
from workers.fields.tables import Row, column_unit, units_figure
from workers.fields.terms import line_term
from workers.reading.layout import DocText, Line

# What a record calls itself, one list per language (folded to lower case). A certificate of one course
# uses none of these.
_RECORD_WORDS = {
    "en": "transcript|grade sheet|grade report|mark sheet|marksheet|marks memo|memorandum of marks|statement of marks"
          "|statement of grades|academic record|record of achievement|result slip|grade points|grades obtained"
          "|marks obtained|subject wise|module results|examination results|exam results|course results|grade card"
          "|mark statement|statement of results?|result sheet|consolidated marks|academic performance"
          "|scholastic record|record of grades",
    "fr": "relevé de notes|releve de notes|bulletin de notes|notes obtenues|relevé des notes",
    "de": "zeugnis|abschlusszeugnis|notenspiegel|leistungsnachweis|leistungsübersicht|notenübersicht",
    "es": "historial académico|historial academico|certificado de notas|certificado de calificaciones"
          "|calificaciones|kardex|expediente académico|record académico|certificado de estudios"
          "|boletín de calificaciones|registro académico",
    "pt": "histórico escolar|historico escolar|histórico acadêmico|boletim|certificado de notas|notas obtidas",
    "it": "libretto|certificato degli esami|esami sostenuti",
}
_RECORD = sieve.compile(r"\b(?:" + "|".join(_RECORD_WORDS.values()) + r")\b", re.I)

# Marks in words, one list per language: a grade, a result, a standing. Matched as the whole cell.
_MARK_WORDS = {
    "en": "pass|passed|fail|failed|satisfactory|unsatisfactory|excellent|very good|good|fair|distinction|merit"
          "|completed|requirement satisfied|in progress|transfer|exempt|absent",
    "fr": "très bien|tres bien|assez bien|bien|passable|insuffisant|admis|admise|validé|validée|acquis|ajourné",
    "de": "sehr gut|gut|befriedigend|ausreichend|mangelhaft|ungenügend|bestanden|nicht bestanden|teilgenommen",
    "es": "aprobado|aprobada|notable|sobresaliente|suficiente|insuficiente|matrícula de honor|apto|reprobado",
    "pt": "aprovado|aprovada|reprovado|reprovada|muito bom|bom|ótimo|otimo|excelente|regular|suficiente",
    "it": "ottimo|distinto|buono|sufficiente|insufficiente|idoneo|superato",
}
# Figures written out ("ONE ZERO", a memo's grade points in words).
_NUMBER_WORDS = "zero|one|two|three|four|five|six|seven|eight|nine|ten|hundred"
_MARK = re.compile(
    r"(?:\d{1,4}(?:[.,]\d{1,2})?%?|[A-F][+\-]?|[A-F][1-9]|O|S|P|NP|NA|N/A|AB|EX|[-–—]"
    r"|(?:" + "|".join(_MARK_WORDS.values()) + r")|(?:(?:" + _NUMBER_WORDS + r")\s*)+)", re.I)
# Border specks and OCR's reading of a table's rules: a cell of one or two signs.
_NOISE = re.compile(r"^\W{0,3}\w?\W{0,3}$")
_RULES = re.compile(r"[\s|\[\]{}()]+")
_EDGE = " |[](){}:;,.'\"“”‘’«»~_—–-=\\/"
_WORDY = re.compile(r"[^\W\d_]{3,}")
_SERIAL = re.compile(r"^[\W_]*\d{1,3}(?:[.)\]|:\-]|\s)[\W_]*")
_AMOUNT_NAMES = sieve.compile(r"^(?:credits?|cr|crs|cred|units?|hours|hrs|ch|c\.h|ceus?|pdus?|pdhs?)$", re.I)
_MIN_ROWS = 4
# A course's subject code in a cell of its own, and the course number in the next ("MTH | 241"): a number no
# mark out of a hundred reaches.
_SUBJECT = re.compile(r"[A-Z]{2,4}")
_COURSE_NUMBER = re.compile(r"[1-9]\d{2,3}[A-Z]?")
_ALIGN = 0.03  # how far apart, as a share of the page's width, two rows' titles may start
_MAX_TITLE_WORDS = 12
_DISTINCT = 0.6  # the share of a column's titles that differ: courses do, a column of types does not


@dataclass(frozen=True)
class _Candidate:
    """A course cell with its marks, on one line."""

    line: int
    title: str
    start: int  # the title's offset in the document
    x0: float
    marks: tuple[Cell, ...]


def is_record(text: str) -> bool:
    """Whether a document calls itself a record of courses and marks, in a language read."""
    return bool(_RECORD.search(text))


def find_mark_rows(doc: DocText, text: str, day_first: bool = False) -> list[Row]:
    """The course rows of a record: cells of words followed by marks, four or more starting at one left
    edge. [] for a document that is not a record, or has no such run."""
    if not is_record(text):
        return []
    found: list[_Candidate] = []
    for idx, line in enumerate(doc.lines):
        base = doc.starts[idx]
        found.extend(_candidates(idx, line, text[base:base + len(line.text)], base))
    kept = _aligned(found, doc)
    if len(kept) < _MIN_ROWS:
        return []
    return _rows(doc, text, kept, day_first)


def _mark(cell_text: str) -> bool:
    """Whether a cell is a mark, or marks a table's rules run through ("B+ | 3.33]", "3 |11.01")."""
    value = cell_text.strip(_EDGE)
    if not value:
        return False
    if _MARK.fullmatch(value):
        return True
    parts = [p for p in _RULES.split(value) if p]
    return len(parts) > 1 and all(_MARK.fullmatch(p.strip(_EDGE)) for p in parts)


def _candidates(idx: int, line: Line, line_text: str, base: int) -> list[_Candidate]:
    """Each cell of words on the line that is followed by at least one mark before the next cell of words."""
    cells = [c for c in cells_of(line) if line_text[c.start:c.start + len(c.text)].strip()
             and (_mark(c.text) or not _NOISE.match(c.text))]
    out: list[_Candidate] = []
    for i, cell in enumerate(cells):
        title, start = _title(cell)
        if title is None:
            continue
        if _SUBJECT.fullmatch(title) and i + 1 < len(cells) and _COURSE_NUMBER.fullmatch(cells[i + 1].text.strip()):
            continue  # "SES | 101 | Intro to Safety Engineering": a subject and its course number, not a course
        marks: list[Cell] = []
        for other in cells[i + 1:]:
            if _mark(other.text):
                marks.append(other)
            elif len(other.text.strip()) > 3 or _WORDY.search(other.text):
                break  # the next course, or words that are not a mark; a short speck ("wD") is skipped
        if marks and not NOT_COURSE.search(cell.text):
            out.append(_Candidate(idx, title, base + cell.start + start, cell.x0, tuple(marks)))
    return out


def _title(cell: Cell) -> tuple[str | None, int]:
    """The course's name in a cell, with its offset in the cell: a leading serial number or course code
    and table rules are not part of it. None for a cell that is a mark, a label or not words."""
    text = cell.text
    serial = _SERIAL.match(text)  # "1 | Interpretation", "~ 10 | Geology"; not the 3 of "3D Printing"
    lead = serial.end() if serial else len(text) - len(text.lstrip(_EDGE))
    code = LEADING_CODE.match(text[lead:])
    if code and code.end() < len(text) - lead:
        lead += code.end()
    lead += len(text[lead:]) - len(text[lead:].lstrip(_EDGE))
    title = text[lead:].rstrip(_EDGE)
    words = title.split()
    if not _WORDY.search(title) or _mark(title) or text.rstrip().endswith(":") or len(words) > _MAX_TITLE_WORDS:
        return None, 0
    letters = sum(ch.isalpha() for ch in title)
    if letters < 0.6 * len(title.replace(" ", "")):
        return None, 0
    return title, lead


def _aligned(found: list[_Candidate], doc: DocText) -> list[_Candidate]:
    """The candidates in a table's column of courses: three or more on a page whose titles start at one
    left edge, most of them different. A lone cell of words followed by a figure ("Percentage   90.83%")
    has no column; a column that repeats its values ("Compulsory", an assessment code) holds a kind of
    course, not its name."""
    columns: list[list[_Candidate]] = []
    for cand in sorted(found, key=lambda c: (doc.lines[c.line].page, c.x0)):
        last = columns[-1] if columns else None
        if last and doc.lines[last[0].line].page == doc.lines[cand.line].page and cand.x0 - last[0].x0 <= _ALIGN:
            last.append(cand)
        else:
            columns.append([cand])
    kept = {id(c) for column in columns if len(column) >= 3
            and len({c.title.casefold() for c in column}) >= _DISTINCT * len(column) for c in column}
    return [c for c in found if id(c) in kept]


def _rows(doc: DocText, text: str, kept: list[_Candidate], day_first: bool) -> list[Row]:
    """Rows in reading order, each dated by the term a line above it opens and credited by the figure
    under a units column's name, when a line above names one."""
    by_line: dict[int, list[_Candidate]] = {}
    for cand in kept:
        by_line.setdefault(cand.line, []).append(cand)
    rows: list[Row] = []
    term: date | None = None  # the last day of the term the rows below belong to
    units: list[tuple[float, float, str]] = []
    named_at = -2  # the line that last named a units column
    for idx, line in enumerate(doc.lines):
        base = doc.starts[idx]
        line_text = text[base:base + len(line.text)]
        if idx not in by_line:
            if not line_text.strip():
                continue
            term = line_term(line_text, day_first) or term
            units = _units_columns(line, text, units if idx - 1 == named_at else []) or units
            named_at = idx if units and any(_AMOUNT_NAMES.match(w.text.strip(_EDGE + "*")) for w in line.words) \
                else named_at
            continue
        for cand in by_line[idx]:
            amount = _amount(line, cand, units)
            title_span = (cand.start, cand.start + len(cand.title))
            rows.append(Row(cand.title, None, term,
                            amount[2] if amount else None, amount[3] if amount else None, title_span, None,
                            (base + amount[0], base + amount[1]) if amount else (title_span[0], title_span[0])))
    return rows


def _units_columns(line: Line, whole_text: str, above: list[tuple[float, float, str]]
                   ) -> list[tuple[float, float, str]]:
    """Where a header line names a units column ("Credits", "Units"), each with what it counts. A name
    set on two lines ("Cr." over "Hrs") counts what the line above says where the two stand together."""
    out = []
    for word in line.words:
        name = word.text.strip(_EDGE + "*")
        if _AMOUNT_NAMES.match(name):
            over = next((unit for x0, x1, unit in above if x0 <= word.x1 and word.x0 <= x1), None)
            out.append((word.x0, word.x1, over or column_unit(name, whole_text, line.text)))
    return out


def _amount(line: Line, cand: _Candidate, units: list[tuple[float, float, str]]) -> tuple[int, int, float, str] | None:
    """The figure standing under a units column's name, word by word (a cell may hold a grade, its points
    and the credits between a table's rules): its span in the line, value and unit."""
    words = [(word, span) for word, span in zip(line.words, line.spans)
             if any(cell.x0 <= word.x0 and word.x1 <= cell.x1 for cell in cand.marks)]
    for x0, x1, unit in units:
        for word, (start, end) in words:
            value = word.text.strip(_EDGE)
            if re.fullmatch(r"\d{1,2}(?:[.,]\d{1,2})?", value) and word.x0 <= x1 + _ALIGN and word.x1 >= x0 - _ALIGN:
                return start, end, units_figure(value), unit
    return None
