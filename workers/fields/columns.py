"""Transcripts read by their columns: each row's title and units from where the header puts them.

A transcript is a table. Its header names the columns ("Code  Course  Chr  Credit  Scores  Grade",
"No  Course  score  semester  credit  type", "Note  ECTS-Leistungspunkte"), and every row puts its title
and its units under them. Reading the row as a string, as `tables.find_rows` does, works for a clean text
layer; a scanned transcript's OCR line also carries row numbers, grades, scores and specks between the
cells, and two semesters often stand side by side. The words' boxes say which column each word is in, so
here the header's words fix the columns and each line is cut by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from statistics import median

from workers.fields import sieve
from workers.fields.column_names import column_name, head_kind
from workers.fields.dates import find_dates, misread_month_year
from workers.fields.module_groups import courses_only
from workers.fields.tables import (
    Row,
    academic_year,
    column_unit,
    semester_end,
    semester_heading,
    semester_number,
    term_of_line,
    units_figure,
)
from workers.reading.layout import DocText, Line, Word

# A course code that reaches into the title column ("18LEM102J", "CS101"): letters and two digits or more.
_CODE = re.compile(r"^(?=(?:\D*\d){2})(?=.*[A-Za-z])[A-Za-z0-9]{4,}$")
# Marks, rules and specks that OCR reads between cells.
_NOISE = re.compile(r"^[\W_]+$|^(?:ee|oe|eee|es|ie\)?|a|i|f|jp)$")  # lower case only: "I" is a numeral
# Not a course: totals, averages and standing lines that share the table's columns.
_NOT_COURSE = sieve.compile(r"\b(?:gpa|sgpa|cgpa|totals?|cumulative|average|standing|tch|tcr|tscore|percentage"
                            r"|end\s+of\s+(?:the\s+)?(?:statement|record|transcript))\b", re.I)
# A title has a word: three letters in a row, or a Chinese character ("体育"). Specks read in a title
# column under a summary line ("af. 2 8 4 6 8 |-7~. B |e") have none.
_WORDED = re.compile(r"[^\W\d_]{3}|[\u4e00-\u9fff]")
# Registered but not credited: withdrawn, failed, in progress.
_NOT_EARNED = re.compile(r"^(?:RW|W|WD|F|NC|IP|Failed|FAIL|Fail|Nicht\s+bestanden)$")
# After this many lines without a row, a table has ended: between terms a record prints a few lines (the
# term's totals, standing, the next term's name); a page's summary tables and footer are further down.
_TABLE_ENDS = 12
# Marks that a course worth no credits was not passed: unsatisfactory, no pass, audit, incomplete, absent.
_NOT_PASSED = re.compile(r"^(?:U|NP|AU|I|INC|Ab|AB|WF|WU|NS)$")
_NUMBER = re.compile(r"^\d{1,2}(?:[.,:]\d{0,2})?$")


@dataclass(frozen=True)
class _Columns:
    """One table's title column and units column, as ranges of the page's width."""

    title: tuple[float, float]
    amount: tuple[float, float]
    unit: str | None  # None: a unit the programs do not count (ECTS); rows are activities without amount
    semester: tuple[float, float] | None = None  # a column of semester numbers within the academic year
    reach: float | None = None  # how far left a title may start when none starts under its header


def _centre(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def _header_words(line: Line) -> list[tuple[Word, str]]:
    """The line's words as column names ("title", "amount", "other"), or [] if it is not a header."""
    words = [w for w in line.words if not _NOISE.match(w.text)]
    if not 2 <= len(words) <= 16 or any(ch.isdigit() for w in words for ch in w.text):
        return []
    named: list[tuple[Word, str]] = []
    unknown = 0
    for word in words:
        text = word.text.strip(":|‘’'\"“”,;!?[](){}")  # marks OCR reads off a scanned header's rules
        text = column_name(text)
        kind = head_kind(text)
        if kind is None and len(text) <= 2 and text.islower():
            continue  # a speck between the rules ("oa")
        if kind is None and named and named[-1][1] == "amount" and re.match(r"^(?:/|hrs?|hours?|units?)", text, re.I):
            continue  # "Cr. / C.E.U.", "Credit Hours": one column name in two words
        if kind == "title" and named and named[-1][1] == "title" \
                and word.x0 - named[-1][0].x1 < 1.5 * (word.y1 - word.y0):
            continue  # "Course Title", "Course Description": one column (not "Course | Title": two)
        if kind is None:
            unknown += 1
            if unknown > len(words) // 4:  # more than a header can keep (see below): prose, not a header
                return []
            continue
        named.append((replace(word, text=text), kind))  # the column's name as it was meant
    kinds = [k for _, k in named]
    # A scanned header may keep a misread word or two ("Téredit", "H"); when most of it names columns,
    # the rest is read past. A line with fewer column names must name nothing else.
    if unknown and (len(named) < 4 or unknown > len(named) // 3):
        return []
    return named if "amount" in kinds and ("title" in kinds or kinds.count("other") >= 1) else []


def _tables(line: Line, whole_text: str) -> list[_Columns]:
    """Every table a header line starts: one per title column (two semesters can share a line)."""
    named = _header_words(line)
    if not named:
        return []
    titles = [i for i, (_, kind) in enumerate(named) if kind == "title"]
    if not titles:
        # No title header ("Note   ECTS-Leistungspunkte"): the titles are what stands left of the columns.
        if named[0][0].x0 < 0.4:
            return []
        titles = [-1]
    tables: list[_Columns] = []
    for n, start in enumerate(titles):
        stop = titles[n + 1] if n + 1 < len(titles) else len(named)
        amounts = [i for i in range(start + 1, stop) if named[i][1] == "amount"]
        if not amounts:
            continue
        credit = [i for i in amounts if re.match(r"^cr", named[i][0].text, re.I)]
        pick = (credit or amounts)[0]
        word = named[pick][0]
        left = (_centre(named[pick - 1][0]) + _centre(word)) / 2 if pick - 1 > start or start >= 0 else word.x0 - 0.05
        right = (_centre(named[pick + 1][0]) + _centre(word)) / 2 if pick + 1 < len(named) else word.x1 + 0.05
        title_left = named[start][0].x0 - 0.01 if start >= 0 else 0.0
        # A header centred over a wide column stands right of where its titles start; they may reach back
        # to where the column before it (a code, a number) ends.
        reach = named[start - 1][0].x1 + 0.005 if start >= 1 else title_left
        title_right = named[start + 1][0].x0 - 0.005
        unit = None if re.match(r"^(?:ects|lp|cp|leistungspunkte|sws)", word.text, re.I) else \
            column_unit(word.text, whole_text, line.text)
        semester = next(((w.x0 - 0.01, w.x1 + 0.01) for w, kind in named[start + 1:stop]
                         if re.match(r"^(?:semester|sem|term)\.?$", w.text.strip(":|"), re.I)), None)
        tables.append(_Columns((title_left, title_right), (min(left, word.x0), max(right, word.x1)), unit, semester,
                               reach))
    return tables


def figure_columns(line: Line) -> list[tuple[float, tuple[float, float]]]:
    """For each column of figures that the line heads (none if it is not a header), its units column and
    its semester-number column: where its table's titles may start, and the column's span."""
    found = []
    for c in _tables(line, ""):
        title_left = c.title[0] if c.reach is None else min(c.reach, c.title[0])
        found += [(title_left, span) for span in (c.amount, c.semester) if span is not None]
    return found


def is_units_cell(text: str) -> bool:
    """Whether a word reads as a units cell's figure, through what OCR does to one ("(3", "T5")."""
    return bool(_NUMBER.match(_digits(text)))


def _title_words(words: list[Word], span: tuple[float, float], reach: float | None = None) -> list[Word]:
    """The words of a title cell: from its first word to the first wide gap (specks stand after one).
    A row number or a course code caught at the cell's left edge is not part of the title."""
    inside = _cell_words(words, span[0], span[1])
    if reach is not None and reach < span[0]:
        # Under a centred header a title starts further left: take it from there when it runs on, word
        # by word, into the header's own column (or when nothing starts under the header at all).
        wider = _cell_words(words, reach, span[1])
        if wider and (not inside or inside[0] in _first_run(wider)[1:]):
            inside = wider
    return _first_run(inside)


def _first_run(words: list[Word]) -> list[Word]:
    """The words up to the first gap wider than between the words of a title (specks stand after one)."""
    if not words:
        return []
    char_w = median((w.x1 - w.x0) / max(len(w.text), 1) for w in words)
    kept = [words[0]]
    for word in words[1:]:
        if word.x0 - kept[-1].x1 > 3.5 * char_w:
            break
        kept.append(word)
    return kept


def _cell_words(words: list[Word], left: float, right: float) -> list[Word]:
    inside = [w for w in words if left <= w.x0 < right and not _NOISE.match(w.text)]
    while inside and (re.match(r"^\d+[.)]?$", inside[0].text) or _CODE.match(inside[0].text.strip("|[]"))):
        inside = inside[1:]
    return inside


def _amount(words: list[Word], span: tuple[float, float]) -> tuple[Word, float] | None:
    cells = [(w, _digits(w.text)) for w in words if span[0] <= _centre(w) <= span[1]]
    cells = [(w, text) for w, text in cells if _NUMBER.match(text)]
    if not cells:
        return None
    word, text = cells[0]
    return word, units_figure(text)


def _digits(cell: str) -> str:
    """A units cell as OCR misreads it in a scan: a bracket or a bar caught with the figure ("(3", "3|"),
    or a one read as "T", "l" or "I" before a digit ("T5" for 1.5, whose point is then restored)."""
    cell = cell.strip("()[]{}|!'\"‘’“”")
    return re.sub(r"^[TlI](?=\d)", "1", cell)


def _lost_points(values: list[float]) -> list[float]:
    """OCR drops the point of "2.3" as often as it keeps it. In a column whose other values have a
    decimal and stay under ten, a two-digit whole number is such a value ("23" for 2.3)."""
    decimals = any(v != int(v) for v in values)
    small = sum(v < 10 for v in values) >= 0.8 * len(values)
    if not (decimals and small):
        return values
    return [v / 10 if v >= 10 and v == int(v) else v for v in values]


def find_column_rows(doc: DocText, text: str) -> list[Row]:
    """The rows of every table whose header names a title and a units column; [] when there is none.

    `text` is the document text the rows are read from (with self-written pages blanked out); it has
    the same offsets as `doc.text`.
    """
    found: list[tuple[Row, bool]] = []  # (row, whether its amount lost its point)
    tables: list[_Columns] = []
    term: date | None = None  # the last day of the term the rows below belong to
    terms: dict[int, date] = {}  # a table's own term, when tables stand side by side
    year: tuple[int, int] | None = None  # the academic year the rows stand under, when it has no dates
    year_waits = False  # an academic year that the next header's side-by-side tables are the semesters of
    page = 0
    last_line: dict[int, tuple[int, float]] = {}  # table index -> (row index, bottom of the row)
    quiet = 0  # lines read since the last row or header
    for idx, line in enumerate(doc.lines):
        base = doc.starts[idx]
        line_text = text[base:base + len(line.text)]
        if not line_text.strip():
            continue
        headers = _tables(line, text)
        if headers:
            if len(headers) < len(tables) and all(any(abs(h.title[0] - c.title[0]) < 0.03 for c in tables)
                                                  for h in headers):
                headers = tables  # the same band again, its header half read (OCR split the line)
            tables, last_line, page, quiet = headers, {}, line.page, 0
            if len(tables) == 1:
                terms = {}
            elif year_waits and year:
                terms, year_waits = _semesters_side_by_side(year, len(tables)), False
            continue
        if tables and line.page != page:
            # A table that goes on over the page without its header: the next scan sits a little
            # left or right of the first, so its title column starts a little wider.
            tables = [replace(c, title=(c.title[0] - 0.04, c.title[1])) for c in tables]
            last_line, page, quiet = {}, line.page, 0  # the last page's footer is not this page's table
        words = [w for w, (s, e) in zip(line.words, line.spans) if line_text[s:e].strip()]
        row_here = False
        for t, columns in enumerate(tables):
            title_words = _title_words(words, columns.title, columns.reach)
            title = " ".join(w.text for w in title_words).strip(" -–|_")
            amount = _amount(words, columns.amount)
            if title and amount is None and t in last_line and not _NOT_COURSE.search(title) \
                    and _continues(words, columns, title_words, line, last_line[t][1]):
                row_index = last_line[t][0]
                row, lost = found[row_index]
                found[row_index] = (_extended(row, title, _span(line, base, title_words)), lost)
                last_line[t] = (row_index, max(w.y1 for w in title_words))
                row_here = True
                continue
            if not title or amount is None or not _WORDED.search(title) or _NOT_COURSE.search(title):
                continue
            # A mark of a course not earned ("RW", "F"), but not a side panel's value ("Section: F"). A
            # course worth no credits counts only when passed: not audited, incomplete or unsatisfactory.
            marks = [w.text for i, w in enumerate(words) if w not in title_words and w is not amount[0]
                     and not (i and words[i - 1].text.endswith(":"))]
            if any(_NOT_EARNED.match(m) or amount[1] == 0 and _NOT_PASSED.match(m) for m in marks):
                continue
            cells = _cells(line, line_text, [w for w in words if w not in title_words])
            own = [d for cell in cells for d in find_dates(cell)]
            table_term = terms.get(t, term)
            start: date | None
            end: date | None
            if own:
                start, end = own[-1].start, own[-1].end
            elif table_term:
                start, end = None, table_term
            else:  # a month cell that OCR misread dates a row only where no term does (course codes look alike)
                start, end = None, next((d for d in map(misread_month_year, cells) if d), None)
            semester = _semester(words, columns, year)
            if semester and not own:
                start, end = None, semester
            amount_span = _span(line, base, [amount[0]])
            row = Row(title=title, start_date=start, date=end, value=amount[1], unit=columns.unit,
                      title_span=_span(line, base, title_words), date_span=None, amount_span=amount_span)
            found.append((row, False))
            last_line[t] = (len(found) - 1, max(w.y1 for w in title_words))
            row_here = True
        quiet = 0 if row_here else quiet + 1
        if quiet >= _TABLE_ENDS:  # a page's other tables and its footer, well below the last row
            tables, last_line = [], {}
        if not row_here:
            new_year = academic_year(line_text)
            heading = semester_heading(line_text)
            line_dates = find_dates(line_text)
            new_term = term_of_line(line_text, line_dates)
            if new_year:  # a line may name the year and the term's own dates, or its semester, together
                year, term = new_year, new_term or (semester_end(new_year, heading) if heading else None)
                # Tables side by side under it are its semesters; the tables may stand already (a header
                # OCR could not read does not start them again).
                year_waits = len(tables) < 2
                terms = {} if year_waits else _semesters_side_by_side(year, len(tables))
            elif new_term and line_dates:  # a term's own dates come before its number
                term, terms = new_term, {}
            elif heading and year:
                term = semester_end(year, heading)
            elif new_term:
                term, terms = new_term, {}
    values = _lost_points([row.value for row, _ in found if row.value is not None])
    rows, it = [], iter(values)
    for row, _ in found:
        rows.append(_with_value(row, next(it)) if row.value is not None else row)
    rows = _with_first_numerals(courses_only(rows), text)
    return rows


def _cells(line: Line, line_text: str, words: list[Word]) -> list[str]:
    """The words as the cells they stand in: words one space apart share a cell. A date is read within
    a cell, so that a semester number beside a month ("2   Jul/2022") is not read as its day."""
    cells: list[str] = []
    end = None
    span_of = {id(w): span for w, span in zip(line.words, line.spans)}
    for word in words:
        start, stop = span_of[id(word)]
        if end is not None and start - end <= 1:
            cells[-1] += " " + line_text[start:stop]
        else:
            cells.append(line_text[start:stop])
        end = stop
    return cells


def _semesters_side_by_side(year: tuple[int, int], count: int) -> dict[int, date]:
    """Each table's term when `count` tables stand side by side under an academic year ("YEAR 2019 2020",
    then "SEMESTER 3 … SEMESTER 4", numbered through the programme): the year's semesters, left to right,
    however OCR read their numbers or whether it read the heading line at all."""
    return {t: semester_end(year, t + 1) for t in range(count)}


def _with_first_numerals(rows: list[Row], text: str) -> list[Row]:
    """OCR reads a course's closing "I" as a bar ("Betriebswirtschaftslehre |"), which leaves the cell as
    noise; the next course, "Betriebswirtschaftslehre II", tells that it was the first of a series."""
    out = list(rows)
    for i, (row, nxt) in enumerate(zip(rows, rows[1:])):
        bar = text[row.title_span[1]:row.title_span[1] + 4].strip()[:1] in ("|", "l", "!", "]")
        if bar and nxt.title == f"{row.title} II":
            out[i] = replace(row, title=f"{row.title} I")
    return out


def _semester(words: list[Word], columns: _Columns, year: tuple[int, int] | None) -> date | None:
    """The end of the semester a row's semester cell names within the academic year, if both are stated."""
    if columns.semester is None or year is None:
        return None
    cells = [semester_number(w.text) for w in words if columns.semester[0] <= _centre(w) <= columns.semester[1]]
    numbers = [n for n in cells if n]
    return semester_end(year, numbers[0]) if numbers else None


def _continues(words: list[Word], columns: _Columns, title_words: list[Word], line: Line, above: float) -> bool:
    """A title that wraps: its second line has words only in the title column, right under the row."""
    outside = [w for w in words if w not in title_words and not _NOISE.match(w.text)]
    height = median(w.y1 - w.y0 for w in title_words)
    text = " ".join(w.text for w in title_words)
    return not outside and not find_dates(text) and not _NOT_COURSE.search(text) and not academic_year(text) \
        and min(w.y0 for w in title_words) - above < 0.8 * height


def _span(line: Line, base: int, words: list[Word]) -> tuple[int, int]:
    spans = [line.spans[line.words.index(w)] for w in words]
    return base + spans[0][0], base + spans[-1][1]


def _extended(row: Row, more: str, span: tuple[int, int]) -> Row:
    return Row(row.title + " " + more, row.start_date, row.date, row.value, row.unit,
               (row.title_span[0], span[1]), row.date_span, row.amount_span)


def _with_value(row: Row, value: float) -> Row:
    return Row(row.title, row.start_date, row.date, value, row.unit, row.title_span, row.date_span,
               row.amount_span)
