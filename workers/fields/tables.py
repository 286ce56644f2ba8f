"""Several activities in one document: transcripts and training records laid out as rows.

A row is a line under a header that names a title column and an amount column ("Course Title ... CR
HRS", "Activity ... Hours"). Its date is the row's own date if it has one, otherwise the end of the term
it sits under ("Fall 2024", "Term End: 12/13/2024"), which is when the credit was earned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workers.fields import sieve
from workers.fields.amounts import contact_hours
from workers.fields.dates import DateMention, find_dates
from workers.fields.memory import per_document
from workers.reading.layout import blank_spans

_HEADER_TITLE = sieve.compile(r"\b(?:course|title|description|activity|subject|class|module|training|program)\b", re.I)
_HEADER_AMOUNT = sieve.compile(
    r"\b(?:cr\.?\s*hrs?|credits?|cred|credit\s+hours?|sem\.?\s*hrs?|qtr\.?\s*hrs?|quarter\s+hours?|hours|hrs|units"
    r"|ceus?|pdus?|pdhs?|contact\s+hours)\b", re.I)
_TERM = sieve.compile(r"\b(?P<season>fall|autumn|spring|summer|winter)\s+(?:(?:semester|term|quarter|session)\s+)?"
                      r"(?P<year>(?:19|20)\d{2})\b", re.I)
_TERM_END_LABEL = sieve.compile(r"\b(?:term|semester|quarter|session)\s+(?:end(?:ing|s|ed)?|completed)"
                                r"(?:\s+date)?\s*[:\-]?",
                                re.I)
# The last day of a season's term where the transcript gives no dates: North American winter terms run
# January to April.
SEASON_END = {"spring": (5, 31), "summer": (8, 31), "fall": (12, 31), "autumn": (12, 31), "winter": (4, 30)}
# A term a registrar names by its year and a code for its season: "2012/SP", "SU-2013", or a code and year
# that stand alone or after a term's label ("FA 2019", "Term: WI 2020"). Case counts: the codes are printed in
# capitals. A code and a year inside other words are a state or a place ("Orlando, FL 2019", "Paulista - SP
# 2019") or an event ("Autodesk University AU 2019").
_SEASON_CODES = {"SP": "spring", "SU": "summer", "FA": "fall", "FL": "fall", "AU": "autumn", "WI": "winter"}
_CODES = "|".join(_SEASON_CODES)
_TERM_CODE = sieve.compile(rf"(?<![\w/])(?:(?P<year>(?:19|20)\d{{2}})\s?/\s?(?P<code>{_CODES})"
                           rf"|(?P<code2>{_CODES})\s?[/\-]\s?(?P<year2>(?:19|20)\d{{2}}))(?![\w/])"
                           rf"|^\W*(?:(?i:term|semester|session)\s*:?\s*)?(?P<code3>{_CODES})\s(?P<year3>(?:19|20)\d{{2}})\W*$")
_ROW = re.compile(
    r"^\s*(?:(?P<code>[A-Z]{2,5}[ \-]?\d{2,4}[A-Z]?)\s+)?(?P<title>.*?[A-Za-z].*?)\s+(?P<amount>\d{1,2}(?:\.\d{1,2})?)"
    r"(?:\s+(?P<grade>[A-DF][+\-]?|P|S|U|CR|NC|W|I|IP|Pass|PASS))?\s*$")
# A row that opens with a course code and sets its columns apart with wide gaps: the title is the
# first column after the code (and a section number), the amount the first number after the title,
# past a credit type or a grade ("BA 631   Project Management   CR   A   3.00   3.00"). A credit figure
# with decimals may follow a long title after one space ("ENGL 104 COMPOSITION AND RHETORIC 3.000   A").
_CODED_ROW = re.compile(
    r"^\s*(?P<code>[A-Z]{2,5}(?:[ \-]|\s{3})?\d{2,4}[A-Z]?)\s+(?:\d{3}\s+)?(?P<title>\S(?:(?!\s{3}).)*?)"
    r"(?:\s{3,}|\s(?=\d{1,2}\.\d{1,3}(?:\s{3,}|\s*$)))"
    r"(?:(?:CR|NC|LEC|LAB|REG|[A-DF][+\-]?|P|S)\s+)*(?P<amount>\d{1,2}(?:\.\d{1,3})?)(?=\s|$)(?P<rest>.*)$")
# Registered but not yet graded ("RW"), withdrawn or failed: no credit earned.
_NOT_EARNED = re.compile(r"(?:^|\s)(?:RW|W|WD|F|NC|IP|Failed|FAIL)(?:\s|$)")
# A grade card's heading line for the exams it reports ("MONTH & YEAR OF EXAMINATION - JUL - 2022").
_EXAMINATION = sieve.compile(r"\bexamination\b", re.I)
_TERM_WORDS = sieve.compile(r"\b(?:term|semester|quarter|session|trimester|academic\s+year)\b", re.I)
_NOT_ROW = sieve.compile(r"\b(?:gpa|totals?|cumulative|attempted|earned\s+hrs|balance|standing|page\s*:?\s*\d|term|"
                         r"full-time|part-time|year\s+\d|"
                         r"quality\s+points|grade\s+points|average)\b", re.I)


@dataclass(frozen=True)
class Row:
    """One activity read from a row. Its dates are the row's own when it prints them; a row dated by its
    term has the term's last day alone, whichever reader read it (what the row proves is the course done
    by then, not when the term began)."""

    title: str
    start_date: date | None
    date: date | None
    value: float | None  # None: the record states no units the programs count (ECTS, a paper's points)
    unit: str | None
    title_span: tuple[int, int]
    date_span: tuple[int, int] | None
    amount_span: tuple[int, int]

    @property
    def contact_hours(self) -> float | None:
        return None if self.value is None or self.unit is None else contact_hours(self.value, self.unit)


def units_figure(text: str) -> float:
    """A units column's figure as a number, whatever the decimal mark ("1,5", OCR's "1:5"). A figure of two
    digits that starts with a zero ("08") is a decimal whose point OCR lost: no record writes eight as 08,
    and a tenth of a CEU is common."""
    text = re.sub(r"[,:]", ".", text)
    return float(f"0.{text[1]}") if re.fullmatch(r"0\d", text) else float(text)


# A column of the mark each course earned, and a grade point average the record works out: together they
# say a college's record, not a training log or a clock-hour school's, which grade courses too.
_GRADE_COLUMN = sieve.compile(r"\b(?:grades?|grd|marks?|gpa|quality\s+points|qpts|qp)\b", re.I)
_GRADE_POINTS = sieve.compile(r"\b(?:gpa|[cs]gpa|grade\s+point\s+average|quality\s+points|qpts)\b", re.I)


# A school on the quarter system: its legend counts quarter hours, or it names its terms as quarters ("Term:
# Winter Quarter 24-25", "Fall Quarter 2019").
_QUARTERS = sieve.compile(r"quarter\s+(?:credit\s+)?hours|\b(?:fall|autumn|winter|spring|summer)\s+quarter\b", re.I)


def column_unit(header: str, whole_text: str, header_line: str = "") -> str:
    """The unit a units column counts in, from its header (and the transcript's own legend).

    "Hours" alone are clock hours in a training log, but semester hours in a college's record: a US
    registrar heads its credits "Hours", "Hrs" or "Earned Hrs" beside "Grade" (`header_line`, the whole
    header the column's name stands in) and works out a grade point average. A continuing-education
    record or a clock-hour school may grade its courses too, but does not average grade points."""
    h = header.lower()
    if re.search(r"qtr|quarter", h) or _QUARTERS.search(whole_text):
        return "quarter_credit_hours"
    if re.search(r"\bceus?\b", h):
        return "ceu"
    if re.search(r"\bpdus?\b", h):
        return "pdu"
    if re.search(r"\bpdhs?\b", h):
        return "pdh"
    if re.search(r"contact|clock|carga|(?<![\w.])c\.h\.?(?![\w.])|\b(?:horas|heures|stunden)\b", h) \
            or (re.search(r"\b(?:hours|hrs)\b", h) and not re.search(r"\b(?:cr|credit|sem)", h)
                and not (_GRADE_COLUMN.search(header_line) and _GRADE_POINTS.search(whole_text))):
        return "contact_hours"
    return "credit_hours"


# An academic year named without dates: "2017-2018 Academic Year", "Academic year 2019/20", "YEAR 2018 2019",
# "Année universitaire 2017-2018", "Ano letivo 2020/2021", "Studienjahr 2016/17", "Año académico 2018-2019".
_YEAR_WORDS = (r"(?:academic|school|college)\s+year|year|ann[ée]e\s+(?:universitaire|acad[ée]mique|scolaire)"
               r"|ano\s+(?:letivo|acad[êe]mico)|a[ñn]o\s+(?:acad[ée]mico|lectivo)|studienjahr|akademisches\s+jahr")
_YEARS = r"(?P<y1>(?:19|20)\d{2})\s*[-/–]?\s*(?P<y2>(?:19|20)?\d{2})"
_ACADEMIC_YEAR = (sieve.compile(rf"\b(?:{_YEAR_WORDS})\s*[:=—–-]?\s*{_YEARS}\b", re.I),
                  sieve.compile(rf"\b{_YEARS}\s+(?:{_YEAR_WORDS})\b", re.I))
# A numbered semester: "1", "II", "1st Semester", "Second semester", "2. Semester".
_ORDINALS = {"1": 1, "i": 1, "first": 1, "1st": 1, "2": 2, "ii": 2, "second": 2, "2nd": 2, "3": 3, "iii": 3,
             "third": 3, "3rd": 3}
# OCR reads a roman one as "|" or "l" ("Semester |", "Semester Il").
_SEMESTER_HEADING = sieve.compile(r"^\W*(?P<n>1st|2nd|3rd|first|second|third|[123]\.?|i{1,3})\s+(?:semester|term)\b"
                                  r"|^\W*(?:semester|term)\s+(?P<m>[123]|[il|]{1,3})(?![\w|])", re.I)


def academic_year(line: str) -> tuple[int, int] | None:
    """The two calendar years of an academic year a line names, or None."""
    match = _ACADEMIC_YEAR[0].search(line) or _ACADEMIC_YEAR[1].search(line)
    if not match:
        return None
    first = int(match["y1"])
    second = _second_year(first, match["y2"])
    return (first, second) if second == first + 1 else None


def _second_year(first: int, written: str) -> int:
    """The year written after `first` in an academic year, whole ("2020") or by its last two digits ("20")."""
    return int(written) if len(written) == 4 else first // 100 * 100 + int(written)


def semester_number(cell: str) -> int | None:
    """A semester cell's number ("1", "II"), or None."""
    return _ORDINALS.get(cell.strip(".").lower())


def semester_heading(line: str) -> int | None:
    """The number of a heading that opens a semester ("1st Semester", "Semester II"), or None."""
    match = _SEMESTER_HEADING.search(line)
    return _ORDINALS.get((match["n"] or match["m"]).strip(".").lower().replace("|", "i").replace("l", "i")) \
        if match else None


# A semester numbered within one calendar year ("Sem 1 2018", "Semester 2, 2019", "First Semester, 2019",
# "2019 1st Semester"), as records of schools whose year is the calendar's print them; not one of an academic
# year ("Semester I 2019-2020", "2018 - 2019 Semester 2"), which `semester_end` dates.
_CALENDAR_SEMESTER = (
    sieve.compile(r"\b(?:sem(?:ester)?|semestre)\.?\s*(?P<n>[12]|i{1,2})\s*[,/]?\s*(?P<year>(?:19|20)\d{2})\b", re.I),
    sieve.compile(r"\b(?P<n>1st|2nd|first|second)\s+(?:sem(?:ester)?|semestre)\b\.?\s*,?\s*(?P<year>(?:19|20)\d{2})\b",
                  re.I),
    sieve.compile(r"\b(?P<year>(?:19|20)\d{2})\s*[,/]?\s*(?:(?P<n>1st|2nd|first|second)\s+)?(?:sem(?:ester)?|semestre)\b"
                  r"\.?(?:\s*(?P<m>[12])\b)?", re.I))
# A calendar year's first semester ends by its middle, its second with the year.
_CALENDAR_SEMESTER_ENDS = {1: (6, 30), 2: (12, 31)}
# A year that another joins into an academic year, after it ("2019-2020", "2019 — 20", "2019 to 2020") or
# before it ("2018 - 2019 Semester 2").
_YEAR_AFTER = re.compile(r"^\s*(?:[-/–—]|to)\s*(?P<y>(?:19|20)\d{2}|\d{2})\b", re.I)
_YEAR_BEFORE = re.compile(r"\b(?P<y>(?:19|20)\d{2})\s*(?:[-/–—]|to)\s*$", re.I)


def calendar_semester(line: str) -> date | None:
    """The last day of a semester numbered within one calendar year that a line names, or None."""
    if academic_year(line):
        return None
    for pattern in _CALENDAR_SEMESTER:
        match = pattern.search(line)
        if not match or _in_academic_year(line, match):
            continue
        number = _ORDINALS.get(str(match["n"] or match.groupdict().get("m") or "").lower())
        if number in _CALENDAR_SEMESTER_ENDS:
            month, day = _CALENDAR_SEMESTER_ENDS[number]
            return date(int(match["year"]), month, day)
    return None


def _in_academic_year(line: str, match: re.Match[str]) -> bool:
    """Whether the year a semester names is one half of an academic year: the next year follows it, or the
    year before it precedes it ("2019 - 10 weeks" is no academic year)."""
    year = int(match["year"])
    after = _YEAR_AFTER.match(line[match.end("year"):])
    if after and _second_year(year, after["y"]) == year + 1:
        return True
    before = _YEAR_BEFORE.search(line[:match.start("year")])
    return bool(before and int(before["y"]) == year - 1)


def semester_end(years: tuple[int, int], number: int) -> date:
    """The last day of semester `number` of an academic year that gives no dates: the first runs in the
    autumn of its first year, the second in the spring of its second, a third in that summer (the same
    season ends as a "Fall 2022" term)."""
    season = {1: "fall", 2: "spring"}.get(number, "summer")
    month, day = SEASON_END[season]
    return date(years[0] if number == 1 else years[1], month, day)


def _term_end(mention: re.Match[str], line_dates: list[DateMention]) -> date:
    if line_dates:
        return line_dates[-1].end
    month, day = SEASON_END[mention["season"].lower()]
    return date(int(mention["year"]), month, day)


def season_code_term(line: str) -> date | None:
    """The last day of a term a line names by its year and its season's code (`_TERM_CODE`), by the
    season's end (`SEASON_END`)."""
    match = _TERM_CODE.search(line)
    if not match:
        return None
    month, day = SEASON_END[_SEASON_CODES[match["code"] or match["code2"] or match["code3"]]]
    return date(int(match["year"] or match["year2"] or match["year3"]), month, day)


def term_of_line(line: str, line_dates: list[DateMention]) -> date | None:
    """The last day of the term a line that is not a course opens ("Fall 2022", "August 2019 - July 2020 :
    Graduate Term 4", "Term End: 12/13/2024"). None for any other line."""
    exam = _EXAMINATION.search(line)
    month = next((d for d in line_dates if d.month_only and d.span[0] > exam.start()), None) if exam else None
    if month:
        return month.end  # the exam's month, dated as every month alone is: its first day
    if line_dates and (_TERM_WORDS.search(line) or _TERM_END_LABEL.search(line)):
        return line_dates[-1].end_of_period
    term_match = _TERM.search(line)
    return _term_end(term_match, line_dates) if term_match else season_code_term(line)


# How many lines opening with a course code, a title and a number make a record that prints no header.
HEADERLESS_ROWS = 3


def _is_header(line: str) -> bool:
    """A table's header line: it names a title column and an amount column, and holds no figure."""
    return bool(_HEADER_TITLE.search(line) and _HEADER_AMOUNT.search(line)) and not re.search(r"\d", line)


def _headerless(text: str) -> bool:
    """Whether the text is a record that prints no header over its rows. Some print none ("MATH   1051
    Calculus & Linear Algebra I   2.00   2.00 6   12.000" under "Sem 1 2019"): several lines shaped as a course
    code, a title and a figure set apart by a wide gap, under a term's heading, are their own header. A
    certificate's or a log's lines of a code or a month, a title and hours ("SES 101   Opening Keynote   1.0",
    "JAN 2021   Ethics in Practice   2.0") have no term. With no header, nothing names what the figures
    count (semester credits, or a school's own units), so the rows carry no counted amount."""
    lines = text.split("\n")
    if any(_is_header(line) for line in lines):
        return False
    coded = sum(1 for line in lines if _headerless_row(line))
    return coded >= HEADERLESS_ROWS and any(_opens_term(line) for line in lines)


@per_document
def _coded_row(line: str) -> re.Match[str] | None:
    """A line read as a coded row (`_CODED_ROW`): the record's look ahead and its reading ask it of each line."""
    return _CODED_ROW.match(line)


@per_document
def _plain_row(line: str) -> re.Match[str] | None:
    """A line read as a plain row (`_ROW`) once its dates are blanked: a term heading, a semester heading
    and a row each ask whether the line is a row."""
    return _ROW.match(blank_spans(line, [d.span for d in find_dates(line)]))


def _headerless_row(line: str) -> bool:
    """A line that opens with a course code (not a month and its year), then a title, a wide gap and a figure."""
    row = _coded_row(line)
    return bool(row and line[row.end("title"):row.end("title") + 3] == "   " and not _NOT_ROW.search(row["title"])
                and not find_dates(row["code"]))


def _opens_term(line: str) -> bool:
    """Whether a line names a term the way a record heads its rows (a season and year, a numbered semester)."""
    return bool(_TERM.search(line) or calendar_semester(line) or semester_heading(line) or academic_year(line)
                or season_code_term(line))


def find_rows(text: str) -> list[Row]:
    """Activities laid out as table rows; empty when the text has no such table."""
    rows: list[Row] = []
    headerless = _headerless(text)
    unit: str | None = None
    # once rows open with course codes, a line without one is not a course; a record with no header has
    # only its coded lines to go by
    coded = headerless
    term: date | None = None  # the last day of the term the rows below belong to
    pos = 0
    for line in text.split("\n"):
        base, pos = pos, pos + len(line) + 1
        if _is_header(line):
            unit = column_unit(line, text, line)
            continue
        line_dates = find_dates(line)
        if line_dates and _TERM_WORDS.search(line) and not _coded_row(line):
            term = line_dates[-1].end_of_period  # "August 2019 - July 2020 : Graduate Term 4"
            continue
        term_match = _TERM.search(line)
        if term_match and not _plain_row(line):
            term = _term_end(term_match, line_dates)
            continue
        if _TERM_END_LABEL.search(line) and line_dates:
            term = line_dates[-1].end
            continue
        numbered = calendar_semester(line) or season_code_term(line)
        if numbered and not _coded_row(line) and not _plain_row(line):
            term = numbered
            continue
        if unit is None and not headerless:
            continue
        row = _coded_row(line) or _plain_row(line)
        if not row or _NOT_ROW.search(row["title"]):
            continue
        if row.re is _CODED_ROW and _NOT_EARNED.search(row["rest"] or ""):
            continue
        title = re.sub(r"\s+(?:CR|NC)$", "", re.sub(r"\s{2,}", " ", row["title"])).strip(" -–|")
        coded = coded or row.re is _CODED_ROW
        own = line_dates[-1] if line_dates else None
        start, end = (own.start, own.end) if own else (None, term)
        if units_figure(row["amount"]) <= 0 or coded and row.re is not _CODED_ROW:
            continue
        rows.append(Row(
            title=title, start_date=start, date=end, value=units_figure(row["amount"]) if unit else None, unit=unit,
            title_span=(base + row.start("title"), base + row.start("title") + len(row["title"].rstrip())),
            date_span=(base + own.span[0], base + own.span[1]) if own else None,
            amount_span=(base + row.start("amount"), base + row.end("amount")),
        ))
    return rows
