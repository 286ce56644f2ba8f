"""Transcript rows read under their header, cell by cell, in any school's layout.

`tables.find_rows` reads a row as one string and `columns.find_column_rows` needs a header whose every
word it knows. Records nobody wrote a rule for break both: a Mexican kardex ("CVE  SIGLA CRED  CAL  GPO
OBS  MATERIA") puts the title last, a New Zealand record heads its titles "Paper title" and counts
"Points", a US record prints division, department and number before the title and three figures after.

What they share is a header line made mostly of column names, and rows whose cells stand under it. The
layout renders a wide gap between words as three spaces, so a line's cells are its runs of words; the
title is the cell that starts in the title column, the amount the figure under a units column. Rows
between two headers take the term named above them ("PRIMAVERA-2022", "Automne 2022", "Term 1:
11/1/2019 - 4/30/2020"), or the academic year in their own cell ("2015/16"), as `terms` reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workers.fields import sieve
from workers.fields.cells import Cell, cells_of, led
from workers.fields.dates import DateMention, find_dates
from workers.fields.tables import (
    Row,
    column_unit,
    season_code_term,
    semester_end,
    semester_number,
    units_figure,
)
from workers.fields.terms import (
    PERIOD_CELL,
    SEASON_TERM,
    academic_year_end,
    dated_term,
    line_term,
    period_term,
    semester_term,
)
from workers.reading.layout import DocText, Line, Word

# Column names, by what the column holds. Matched word by word, folded to lower case without a final
# dot; abbreviations are the ones registrars print (CRED, CAL, CVE, SIGLA, CRSE).
_TITLE_NAMES = frozenset(
    "course courses title titles description subject subjects module modules activity class training program "
    "programme paper name materia materias asignatura asignaturas disciplina disciplinas cours matière matières "
    "enseignement enseignements intitulé intitule unité lehrveranstaltung fach modul titel bezeichnung "
    "unidade unidades componente curricular curso nome atividade atividades nombre denominación denominacion "
    "libellé libelle insegnamento insegnamenti attività attivita denominazione".split())
_AMOUNT_NAMES = frozenset(
    "cr crs cred creds credit credits crédits créditos creditos credito crédito hours hrs units unit ceu ceus pdu "
    "pdus pdh pdhs chr ch c.h horas heures stunden ects lp cp leistungspunkte sws carga points punkte u.v uv qtr "
    "quarter sem.hrs cfu crediti".split())
_OTHER_NAMES = frozenset(
    "no nr number num code codes # sec section grade grades note noten notes nota notas cal calif calificación "
    "score scores mark marks result results résultat resultado resultados semester sem term year level type "
    "remarks earned attempted passed gpa qp quality avg status date dates session period div dept area "
    "cve sigla gpo obs clave faltas média media final suivis obtenus moy moy.gr prüfer attempts subcode "
    "t/p % r repeat att start end codigo código periodo período estado campus prüfungsdatum versuch local freq "
    "frequência frequencia situação situacao situación situacion pts voto esame esito sede anno".split())
# A column of the day each course was done: a list of courses with their dates and no units ("Course |
# Date Completed", a learning platform's or an employer's record of training).
_DATE_NAMES = frozenset(
    "date dates completed completion finished concluded fecha finalizado completado datum abgeschlossen "
    "abschluss data conclusão conclusao concluído concluido terminé achevé".split())
# Names that say the column holds the title itself; "Course" or "Subject" beside one of them holds a code.
_TITLE_ITSELF = frozenset("title titles titel description name intitulé intitule bezeichnung materia materias "
                          "disciplina disciplinas asignatura asignaturas".split())
# Units columns whose figures the programs do not count: ECTS and kin, a paper's points.
_UNCOUNTED = sieve.compile(r"^(?:ects|lp|cp|leistungspunkte|sws|points?|punkte|cfu|crediti)$", re.I)
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_][^\W_]*|#|%|t/p", re.I)
_LETTERS = re.compile(r"[^\W\d_]{3}")
# A leading course code inside the title cell: "C165 Integrated …", "PHYS08016Physics 1A", "IFT 6390".
# A leading course code inside the title cell: "C165 Integrated …", "PHYS08016Physics 1A", "2015/16 …",
# "CSC 110| Computing …": letters with digits, three digits or more, or an academic year.
_CODE_TOKEN = (r"(?:[A-Z]{1,6}[ .\-]?\d{2,6}[A-Z]?|(?=[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]*[A-Z][A-Z0-9]*"
               r"|\d{3,6}(?:\.\d{2,4})?|(?:19|20)\d{2}/\d{2})")
LEADING_CODE = re.compile(rf"^(?:{_CODE_TOKEN}[\s|\])}}]*(?:(?<=\s)|(?<=[|\])}}])|(?=[A-Z][a-z])|$))+")
_FIGURE = re.compile(r"^\(?(\d{1,3}(?:[.,]\d{1,3})?)\)?$")
# Not a course: totals, averages, standing, and the key to the record.
NOT_COURSE = sieve.compile(r"\b(?:gpa|sgpa|cgpa|totals?|sub\s*total|cumulative|average|moyenne|promedio|média\s+geral"
                         r"|standing|earned\s+hours|quality\s+points|page\s+\d|seite\s+\d"
                         # who issued or signed the record, under its last row
                         r"|(?:issued|certified|signed|authori[sz]ed|verified)\s+by"
                         r"|credits?\b[\w\s]{0,30}?\b(?:applied|required|earned|attempted|transferred))\b", re.I)
# A mark that the course earned nothing: withdrawn, failed, in progress, not yet graded.
_NOT_EARNED = re.compile(r"^(?:RW|W|WD|F|NC|IP|IN|Failed|Fail|FAIL|Reprovad[oa]|Reprobad[oa]|Retirad[oa]|Échec|Echec|"
                         r"Nicht\s+bestanden|In\s+Progress)(?:\s|$)", re.I)
# Marks that a course worth no credits was not passed: not graded yet, unsatisfactory, no pass, audited,
# incomplete, absent.
_NOT_PASSED = re.compile(r"^(?:X|U|NP|AU|I|INC|Ab|AB|WF|WU|NS)$")
# The note glued before a row's own dates in its title cell ("…SISTEMAS I(1º Tri)01/02/2024-29/06/2024").
_DATES_NOTE = re.compile(r"\([^()]*\d[^()]*\)\s*$")
# After this many lines without a row, a table has ended (a record prints a term's totals and the next
# term's name between its tables; a page's footer and key stand further down).
_TABLE_ENDS = 8
_MIN_ROWS = 3


@dataclass(frozen=True)
class _Units:
    """A units column: where its figures stand, what they count, and the whole header cell naming it."""

    span: tuple[float, float]
    unit: str | None
    cell: tuple[float, float]


@dataclass(frozen=True)
class _Header:
    """A header's title column (where its titles may start) and its units columns, the likeliest first."""

    title_from: float
    title_to: float
    units: tuple[_Units, ...] = ()
    semester: tuple[float, float] | None = None  # a column naming the term within the academic year
    # Where the likeliest units column stands among the columns after the title (0: the first), and its
    # unit: for a record whose header is not set over its columns.
    units_after_title: tuple[int, str | None] | None = None
    dated: bool = False  # a column names the day each course was done: a row's date stands for its mark


# A credit figure printed with its decimals ("4.000", "3,0"); a whole number may end a title ("Term 4").
_CREDIT_FIGURE = re.compile(r"\d{1,2}[.,]\d{1,3}")


def _figures_apart(line: Line, cells: list[Cell], header: _Header) -> list[Cell]:
    """The cells, with a credit figure that stands under a units column made a cell of its own where a
    single space joins it to the title before it ("CSCE 121 INTRO PGM DESIGN CONCEPT 4.000   A"): where a
    word stands says which column it is in, whatever the spacing."""
    out: list[Cell] = []
    for cell in cells:
        end = cell.start + len(cell.text)
        inside = [(w, s) for w, s in zip(line.words, line.spans) if cell.start <= s[0] and s[1] <= end]
        if len(inside) >= 2 and _CREDIT_FIGURE.fullmatch(inside[-1][0].text):
            word, (start, stop) = inside[-1]
            centre = (word.x0 + word.x1) / 2
            if any(u.span[0] <= centre <= u.span[1] for u in header.units):
                before = inside[-2]
                out.append(Cell(line.text[cell.start:before[1][1]], cell.start, cell.x0, before[0].x1))
                out.append(Cell(line.text[start:stop], start, word.x0, word.x1))
                continue
        out.append(cell)
    return out


def _name_kind(word: str) -> str | None:
    folded = word.lower().rstrip(".:*")
    if folded in _TITLE_NAMES:
        return "title"
    if folded in _AMOUNT_NAMES:
        return "amount"
    if folded in _OTHER_NAMES or folded in _DATE_NAMES:
        return "other"
    return None


def _cell_kind(cell: Cell) -> str | None:
    """What column a header cell names. A cell that names a code ("Paper code", "Course #") is not the
    title column, whatever its other word; "Course Title" is."""
    kinds = [_name_kind(w) for w in _WORD.findall(cell.text)]
    if not kinds or None in kinds and kinds.count(None) * 2 >= len(kinds):
        return None
    if re.search(r"\b(?:code|no|nr|#|num|number)\b|#", cell.text, re.I) and "title" not in (
            _name_kind(w) for w in re.findall(r"title|titel|intitul\w*", cell.text, re.I)):
        return "other"
    for kind in ("title", "amount"):
        if kind in kinds:
            return kind
    return "other"


def _header(line: Line, whole_text: str) -> _Header | None:
    """The columns a header line names, or None if the line is not a header: three named cells or more,
    most of its cells named, one of them a title column, and no figures."""
    if sum(_name_kind(w.text) is not None for w in line.words) < 2 \
            or any(ch.isdigit() for ch in re.sub(r"\(\d\)", "", line.text)):  # "Note(1)": a footnote's mark
        return None
    cells = cells_of(line)
    kinds = [_cell_kind(c) for c in cells]
    named = [(c, k) for c, k in zip(cells, kinds) if k]
    # Two named cells make a header only when they are the whole line and one names a column of dates.
    dated = any(k != "title" and any(w.lower() in _DATE_NAMES for w in _WORD.findall(c.text)) for c, k in named)
    if (len(named) < 3 and not (dated and len(named) == len(cells) == 2)) or len(named) * 3 < len(cells) * 2 \
            or not any(k == "title" for _, k in named):
        return None
    titles = [i for i, (_, k) in enumerate(named) if k == "title"]
    itself = [i for i in titles if any(w.lower() in _TITLE_ITSELF for w in _WORD.findall(named[i][0].text))]
    index = (itself or titles)[0]
    title_from = named[index - 1][0].x1 if index else 0.0
    title_to = named[index + 1][0].x0 if index + 1 < len(named) else 1.0
    amounts = [i for i, (_, k) in enumerate(named) if k == "amount"]
    credit = [i for i in amounts if re.match(r"^(?:cr|chr|cred|créd|cré)", named[i][0].text, re.I)]
    units = tuple(_units_column(line, named[i][0], whole_text)
                  for i in credit + [i for i in amounts if i not in credit])
    words = sorted(line.words, key=lambda w: w.x0)
    semester = next((_under(words, w) for w in words if re.match(r"^(?:semester|sem|term)\.?$", w.text, re.I)), None)
    likeliest = (credit + [i for i in amounts if i not in credit])[:1]
    after = (likeliest[0] - index - 1, units[0].unit) if likeliest and likeliest[0] > index else None
    return _Header(title_from, title_to, units, semester, after, dated)


def _units_column(line: Line, cell: Cell, whole_text: str) -> _Units:
    """Where a units column's figures stand and what they count. The column is its name's word, not its
    cell: a header may set two names one space apart ("NOTA U.V."), over two columns of figures. Its
    figures stand under it, up to halfway to the words beside it."""
    words = sorted(line.words, key=lambda w: w.x0)
    inside = [w for w in words if cell.x0 <= w.x0 and w.x1 <= cell.x1]
    named = [w for w in inside if any(_name_kind(t) == "amount" for t in _WORD.findall(w.text))]
    word = (named or inside)[0]
    name = [t for t in _WORD.findall(word.text) if _name_kind(t) == "amount"]
    # The unit from the whole cell: "QTR HRS" counts quarter hours, where "HRS" alone would be clock hours.
    unit = None if not name or _UNCOUNTED.match(name[0]) else column_unit(cell.text, whole_text, line.text)
    return _Units(_under(words, word), unit, (cell.x0 - 0.01, cell.x1 + 0.01))


def _under(words: list[Word], word: Word) -> tuple[float, float]:
    """Where the cells under a header word stand: up to halfway to the header words beside it."""
    i = words.index(word)
    centre = (word.x0 + word.x1) / 2
    left = (centre + (words[i - 1].x0 + words[i - 1].x1) / 2) / 2 if i else word.x0 - 0.05
    right = (centre + (words[i + 1].x0 + words[i + 1].x1) / 2) / 2 if i + 1 < len(words) else word.x1 + 0.05
    return min(left, word.x0), max(right, word.x1)


def _title_cell(cells: list[Cell], header: _Header) -> Cell | None:
    """The cell that starts in the title column and has a word in it besides a course code; not a
    label ("Programme d'études:")."""
    # A title may start left of a header centred over its column, after a code in its own cell: the
    # cell that covers most of the column is the title's.
    best, cover = None, 0.0
    for cell in cells:
        overlap = min(cell.x1, header.title_to) - max(cell.x0, header.title_from)
        code = LEADING_CODE.match(cell.text)
        rest = cell.text[code.end():] if code else cell.text
        if overlap > cover and _LETTERS.search(rest) and not cell.text.rstrip().endswith(":"):
            best, cover = cell, overlap
    return best


def _is_mark(cell: Cell) -> bool:
    """A short cell of a row: a figure, a grade, a code or a dash, not words or a term's name."""
    text = cell.text.strip()
    return bool(_FIGURE.match(text)) or (" " not in text and len(text) <= 9 and not SEASON_TERM.search(text))


def _names_only(line: Line) -> bool:
    """A header's second line ("AREA   CREDITS   PTS"): column names and nothing else."""
    cells = cells_of(line)
    return not any(ch.isdigit() for ch in line.text) and all(_cell_kind(c) for c in cells)


def _semester_end(year_end: date, words: list[Word], column: tuple[float, float],
                  seen: dict[int, list[str]]) -> date | None:
    """The end of the semester a row's semester cell names within its academic year: by its number
    ("1", "II", "First"), or else by its name's place among the year's semesters as the record lists
    them (a Nigerian record's "Harmattan", then "Rain")."""
    cell = next((w for w in words if column[0] <= (w.x0 + w.x1) / 2 <= column[1]), None)
    if cell is None:
        return None
    number = semester_number(cell.text)
    if number is None:
        names = seen.setdefault(year_end.year, [])
        if cell.text.lower() not in names:
            names.append(cell.text.lower())
        number = names.index(cell.text.lower()) + 1
    return semester_end((year_end.year - 1, year_end.year), number) if number <= 3 else None


def find_header_rows(doc: DocText, text: str, day_first: bool = False) -> list[Row]:
    """The rows of every table under a header that names a title column; [] when fewer than three.

    `text` has `doc.text`'s offsets (self-written pages blanked out); `day_first` reads 01/02/2024 as
    the first of February, as the document's language writes it."""
    headers = {i: h for i, line in enumerate(doc.lines) if (h := _header(line, text))}
    if not headers:  # most documents: a certificate, a letter; nothing more to read
        return []
    periods = max((int(m["n"]) for m in PERIOD_CELL.finditer(text)), default=0)
    seen: dict[int, list[str]] = {}  # the semester names met in each academic year (keyed by its end), in order
    rows: list[Row] = []
    header: _Header | None = None
    term: date | None = None  # the last day of the term the rows below belong to
    quiet = 0
    # the last row's index and line, and whether its title may go on below, for a title that wraps
    last: tuple[int, Line, bool] | None = None
    for idx, line in enumerate(doc.lines):
        base = doc.starts[idx]
        line_text = text[base:base + len(line.text)]
        if not line_text.strip():
            continue
        found = headers.get(idx)
        if found:
            header, quiet, last = found, 0, None
            continue
        cells = [c for c in cells_of(line) if line_text[c.start:c.start + len(c.text)].strip()]
        if header:
            cells = _figures_apart(line, cells, header)
        if header and _names_only(line):
            continue
        title = _title_cell(cells, header) if header else None
        others = [c for c in cells if c is not title]
        if header and title and not others and last and last[2] and _wraps(last[1], line, title) \
                and not title.text[:1].isdigit() and not NOT_COURSE.search(line_text) \
                and not (semester_term(line_text) or season_code_term(line_text)):  # the next term's heading
            rows[last[0]] = _joined(rows[last[0]], title, base, day_first)
            last = (last[0], line, not led(line, title))
            continue
        if header is None or title is None or not (any(map(_is_mark, others)) or header.dated and any(
                find_dates(c.text, day_first) for c in others)) or NOT_COURSE.search(line_text) \
                or any(_NOT_EARNED.match(c.text) for c in others):
            new_term = line_term(line_text, day_first)
            if new_term:
                term = new_term
            quiet += 1
            if quiet >= _TABLE_ENDS:
                header, last = None, None
            continue
        row_term = period_term([c.text for c in others], periods) or term
        row = _row(line, line_text, base, title, others, header, row_term, day_first, seen)
        if row is None:  # nothing but a date in the title column ("Enrolment dates:   9 January 2017 - …")
            term = dated_term(find_dates(line_text, day_first)) or term
            continue
        quiet = 0
        rows.append(row)
        last = (len(rows) - 1, line, not led(line, title))
    return rows if len(rows) >= _MIN_ROWS else []


def _row(line: Line, line_text: str, base: int, title: Cell, others: list[Cell], header: _Header,
         term: date | None, day_first: bool, seen: dict[int, list[str]]) -> Row | None:
    code = LEADING_CODE.match(title.text)
    start = title.start + (code.end() if code and code.end() < len(title.text) else 0)
    own: DateMention | None = next((d for c in others for d in find_dates(c.text, day_first)), None)
    title_text = line_text[start:title.start + len(title.text)]
    inside = find_dates(title_text, day_first)
    if inside and own is None:
        own = inside[-1]
        # The note glued before the dates ("…SISTEMAS I(1º Tri)01/02/2024-29/06/2024") is the dates' own.
        title_text = _DATES_NOTE.sub("", title_text[:inside[0].span[0]])
    # The academic year may stand in its own cell or before the code in the title's ("2015/16 PHYS08016…").
    before = title.text[:code.end()].split() if code else []
    # Word by word: a year and its semester may share a cell ("2009/2010 Harmattan").
    words = [w for w in line.words if not (title.x0 <= w.x0 and w.x1 <= title.x1)]
    year_end = next((d for d in map(academic_year_end, [w.text for w in words] + before) if d), None)
    if year_end and header.semester:
        year_end = _semester_end(year_end, words, header.semester, seen) or year_end
    when: tuple[date | None, date | None] = (own.start, own.end) if own else (None, year_end or term)
    amount = _amount(others, header, title)
    if amount and amount[1] == 0 and any(_NOT_PASSED.match(c.text.strip()) for c in others if c is not amount[0]):
        return None
    # A hyphen that ends the cell stays: the title goes on in the line below ("Acquisition and Pre-").
    title_text = title_text.lstrip(" -–|").rstrip(" |:")
    if not _LETTERS.search(title_text):
        return None
    return Row(title=title_text, start_date=when[0], date=when[1],
               value=amount[1] if amount else None, unit=amount[2] if amount else None,
               title_span=(base + start, base + start + len(title_text)), date_span=None,
               amount_span=(base + amount[0].start, base + amount[0].start + len(amount[0].text)) if amount
               else (base + start, base + start))


def _amount(cells: list[Cell], header: _Header, title: Cell | None = None) -> tuple[Cell, float, str] | None:
    """The figure under a units column's own word, the likeliest column first ("CR" before "C.H."), and
    its unit; else the first figure under the header cell that holds the name, when the name's own place
    is empty ("CR Type Grade Rpt Hrs Att Hrs Ern …"). None when the column counts what the programs do not
    (ECTS, points)."""
    for rank, units in enumerate(header.units):
        for span in (units.span, units.cell):
            for cell in cells:
                figure = _FIGURE.match(cell.text.strip())
                if figure and span[0] <= cell.centre <= span[1]:
                    if units.unit:
                        return cell, units_figure(figure[1]), units.unit
                    if rank == 0:  # the likeliest column counts what the programs do not
                        return None
                    # a later uncounted column's figure ("Points" beside "Crédits:") says nothing of the credits
    if header.units_after_title and title is not None:
        # The header is not set over its columns ("Course  Title  CR HRS  Grade" over rows whose figures
        # stand further right): the units are the cell that stands where the header names them, counted
        # from the title.
        place, unit = header.units_after_title
        after = [c for c in cells if c.x0 > title.x0]
        if unit and place < len(after) and (figure := _FIGURE.match(after[place].text.strip())):
            return after[place], units_figure(figure[1]), unit
    return None


def _wraps(above: Line, line: Line, title: Cell) -> bool:
    """A title's second line: right under its row, with nothing else on it."""
    height = min(w.y1 - w.y0 for w in above.words)
    return line.page == above.page and min(w.y0 for w in line.words) - max(w.y1 for w in above.words) < 0.8 * height


def _joined(row: Row, more: Cell, base: int, day_first: bool) -> Row:
    dates = find_dates(more.text, day_first)
    text = _DATES_NOTE.sub("", more.text[:dates[0].span[0]]).strip() if dates else more.text.strip()
    start, end = (row.start_date, row.date) if not dates or row.date_span else (dates[-1].start, dates[-1].end)
    joined = f"{row.title} {text}".strip() if not row.title.endswith("-") else row.title + text
    return Row(joined, start, end, row.value, row.unit, (row.title_span[0], base + more.start + len(text)),
               row.date_span, row.amount_span)
