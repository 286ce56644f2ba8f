"""The last day of the term a transcript's rows were earned in, as records name it outside the rows: a season and year
("PRIMAVERA-2022", "Automne 2022"), a term word with its dates, a span of dates, a numbered semester of a
named academic year, a term numbered within its year in a row's own cell ("2018-1"), or an academic year
alone in a cell ("2015/16"). Every row reader dates its rows by these (header_rows, mark_rows), so a
term means the same thing whichever reader found the rows. A term is its last day alone: a row dated by
its term proves the course done by then (`tables.Row`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from workers.fields import sieve
from workers.fields.dates import DateMention, find_dates
from workers.fields.tables import (
    SEASON_END,
    Row,
    academic_year,
    calendar_semester,
    semester_end,
    semester_heading,
    term_of_line,
)
from workers.reading.layout import DocText, Line

# Seasons of a term, in the languages read, by the English season whose last day (`tables.SEASON_END`)
# ends the term.
SEASONS = {
    "spring": "spring", "primavera": "spring", "printemps": "spring", "frühling": "spring", "frühjahr": "spring",
    "summer": "summer", "verano": "summer", "verão": "summer", "verao": "summer", "été": "summer",
    "sommer": "summer", "sommersemester": "summer",
    "fall": "fall", "autumn": "fall", "otoño": "fall", "otono": "fall", "outono": "fall", "automne": "fall",
    "herbst": "fall",
    "winter": "winter", "invierno": "winter", "inverno": "winter", "hiver": "winter",
}
SEASON_TERM = sieve.compile(r"\b(?P<season>" + "|".join(sorted(SEASONS, key=len, reverse=True)) + r")\b"
                          r"(?:\s+(?:semester|term|quarter|trimestre|session|semestre))?[\s\-–/]*(?P<year>(?:19|20)\d{2})\b",
                          re.I)
# A term numbered within its calendar year ("2018-1", "2018-3"), in a cell of its own. Whether the year
# has two terms or three, the record itself says: the highest number it prints.
PERIOD_CELL = sieve.compile(r"(?:^|(?<=\s))(?P<year>(?:19|20)\d{2})-(?P<n>[1-3])(?=\s|$)", re.M)
_PERIOD_ENDS = {2: {1: (5, 31), 2: (12, 31)}, 3: {1: (4, 30), 2: (8, 31), 3: (12, 31)}}
_SHORT_ACADEMIC_YEAR = sieve.compile(r"^(?P<y1>(?:19|20)\d{2})\s*[/\-–]\s*(?P<y2>\d{2}|(?:19|20)\d{2})$")


def line_term(line_text: str, day_first: bool) -> date | None:
    """The term a line outside the rows opens, in any of the ways records name one: a term word with its
    dates, a season and year, or a span of dates."""
    line_dates = find_dates(line_text, day_first)
    return term_of_line(line_text, line_dates) or _season_term(line_text, line_dates) or dated_term(line_dates) \
        or semester_term(line_text) or calendar_semester(line_text)


def semester_term(line: str) -> date | None:
    """A numbered semester of a named academic year ("Semester I (Academic Year 2019-2020)"): its end, by
    the semesters' convention (`tables.semester_end`)."""
    number, years = semester_heading(line), academic_year(line)
    return semester_end(years, number) if number and years else None


def _season_term(line: str, line_dates: list[DateMention]) -> date | None:
    """A term named by its season in one of the languages read ("PRIMAVERA-2022", "Automne 2022"): its own
    dates when the line gives them, else the season's last day."""
    match = SEASON_TERM.search(line)
    if not match:
        return None
    spans = [d for d in line_dates if d.start is not None]
    return spans[-1].end if spans else _season_end(match)


def _season_end(match: re.Match[str]) -> date:
    """The last day of the term a `SEASON_TERM` match names, by its season (`tables.SEASON_END`)."""
    month, day = SEASON_END[SEASONS[match["season"].lower()]]
    return date(int(match["year"]), month, day)


def terms_across(line: Line) -> list[tuple[float, date]]:
    """Terms named by season side by side on one line ("Fall Semester 2019   Spring Semester 2020"), each
    with where its words start across the page, left to right: the headings of tables that stand side by
    side, one term each. Empty unless the line names two or more."""
    found = []
    for match in SEASON_TERM.finditer(line.text):
        lefts = [w.x0 for w, (s, e) in zip(line.words, line.spans) if s < match.end() and e > match.start()]
        if lefts:
            found.append((min(lefts), _season_end(match)))
    return sorted(found, key=lambda t: t[0]) if len(found) >= 2 else []


def with_terms_across(doc: DocText, rows: list[Row]) -> list[Row]:
    """Rows under terms named side by side (`terms_across`), each dated by the term over its own column.

    A record that sets two semesters side by side names both on one line; whichever reader found the rows
    dated them all by the line's first term. A row dated by one of the line's terms takes instead the last
    term that starts left of its title. A row dated by its own cell keeps its date."""
    if not rows:
        return rows  # most documents: no record's rows to date, so no line is looked at
    headings: list[tuple[int, int, list[tuple[float, date]]]] = []  # (line index, page, terms)
    for index, line in enumerate(doc.lines):
        if named := terms_across(line):
            headings.append((index, line.page, named))
    if not headings:
        return rows
    out = []
    for row in rows:
        index = doc.line_index(row.title_span[0])
        page = doc.lines[index].page
        above = next((named for at, on, named in reversed(headings) if at < index and on == page), None)
        words = doc.words_in(*row.title_span)
        if above and words and row.date in {end for _, end in above}:
            left = min(w.x0 for _, w in words)
            own = next((end for start, end in reversed(above) if start <= left + 0.05), above[0][1])
            row = replace(row, date=own)
        out.append(row)
    return out


def period_term(cells: list[str], periods: int) -> date | None:
    """The end of the numbered term a row's own cell names ("2018-1"), in a year of `periods` terms."""
    for cell in cells:
        match = PERIOD_CELL.fullmatch(cell.strip())
        if match and periods >= 2 and int(match["n"]) <= periods:
            month, day = _PERIOD_ENDS[periods][int(match["n"])]
            return date(int(match["year"]), month, day)
    return None


def dated_term(line_dates: list[DateMention]) -> date | None:
    """A line outside the rows that gives a span of dates ("Enrolment dates: 11 July 2016 - 12 November
    2016") dates the rows under it: they were earned by its end."""
    spans = [d for d in line_dates if d.start is not None and d.start != d.end]
    return spans[-1].end if spans else None


def academic_year_end(cell: str) -> date | None:
    """The end of an academic year named alone in a cell ("2015/16"): the spring of its second year."""
    match = _SHORT_ACADEMIC_YEAR.match(cell.strip())
    if not match:
        return None
    first = int(match["y1"])
    second = int(match["y2"]) if len(match["y2"]) == 4 else first // 100 * 100 + int(match["y2"])
    return date(second, 5, 31) if second == first + 1 else None
