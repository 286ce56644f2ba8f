"""Records that print no header over their rows, and semesters numbered within a calendar year (issue 23).

Some student systems print a record in monospace with no column headings: a term heading ("Sem 1 2021"), then
lines of a course code, a title and figures. Several such lines under a term's heading are their own header;
with none, nothing names what the figures count, so the rows carry no counted amount. A semester numbered
within one calendar year ends by the year's middle (the first) or with the year (the second); one numbered
within an academic year ("Semester I 2019-2020") is left to `semester_end`. Names and courses are invented.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from reportlab.pdfgen import canvas

from workers.checks import CheckContext
from workers.fields.tables import HEADERLESS_ROWS, calendar_semester, find_rows
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

RECORD = [
    "Academic Record",
    "Southern Cross Institute of Technology",
    "Name   : Mira Okonkwo",
    "Print Date   : 2024-02-10",
    "Sem 1 2021",
    "Program : Bachelor of Science",
    "CHEM   1100   Foundations of Chemistry   2.00   2.00 6   12.000",
    "PHYS   1002   Waves and Optics   2.00   2.00 5   10.000",
    "TERM GPA :   5.500   TERM TOTALS :   4.00   4.00   22.000",
    "Semester 2, 2021",
    "MATH   2010   Linear Models   2.00   2.00 7   14.000",
    "STAT   2203   Sampling Theory   1.00   1.00 6   6.000",
    "TERM GPA :   6.667   TERM TOTALS :   3.00   3.00   20.000",
]


@pytest.mark.parametrize(("line", "end"), [
    ("Sem 1 2018", date(2018, 6, 30)),
    ("Semester 2, 2019", date(2019, 12, 31)),
    ("2019 1st Semester", date(2019, 6, 30)),
    ("2020 Semester 2", date(2020, 12, 31)),
    ("SEMESTRE 1/2022", date(2022, 6, 30)),
    ("Semester I 2019-2020", None),  # of an academic year: `semester_end` dates it
    ("1st Semester 2018-2019", None),
    ("2018 - 2019 Semester 2", None),
    ("Sem 3 2019", None),  # a calendar year's third (summer) semester has no one end
    ("Semester fees paid 2019", None),
    ("2018   -   2019 Semester 2", None),  # the wide gaps a rendered line keeps
    ("Sem 2 2019 — 2020", None),
    ("2018 to 2019 Semester 2", None),
    ("Semester 2 2019 - 10 weeks", date(2019, 12, 31)),  # a figure after the year is no academic year
    ("1st Semester 2019", date(2019, 6, 30)),
    ("First Semester, 2019", date(2019, 6, 30)),
])
def test_a_semester_numbered_within_a_calendar_year_ends_mid_year_or_with_the_year(line: str, end: date | None) -> None:
    assert calendar_semester(line) == end


def test_coded_lines_are_their_own_header_and_each_calendar_semester_dates_its_rows() -> None:
    rows = find_rows("\n".join(RECORD))
    # no header names what the figures count (semester credits, or a school's own units): no counted amount
    assert [(r.title, r.date, r.value, r.unit) for r in rows] == [
        ("Foundations of Chemistry", date(2021, 6, 30), None, None),
        ("Waves and Optics", date(2021, 6, 30), None, None),
        ("Linear Models", date(2021, 12, 31), None, None),
        ("Sampling Theory", date(2021, 12, 31), None, None)]
    assert [text[r.amount_span[0]:r.amount_span[1]] for r in rows for text in ["\n".join(RECORD)]] == \
        ["2.00", "2.00", "2.00", "1.00"]  # the figure is still shown where it is


def test_fewer_coded_lines_than_a_record_holds_are_no_table() -> None:
    # a certificate that names a course by its code is not a record of courses
    text = "\n".join(["Certificate of Completion", "Mira Okonkwo", "has completed",
                      "CHEM   1100   Foundations of Chemistry   2.00   A", "on 5 May 2021"])
    assert HEADERLESS_ROWS > 1
    assert find_rows(text) == []


def test_a_headed_record_still_waits_for_its_header() -> None:
    # with a header in the text, lines above it (a summary, a transfer note) are not rows
    text = "\n".join(["CHEM   1100   Foundations of Chemistry   2.00   A",
                      "PHYS   1002   Waves and Optics   2.00   B",
                      "MATH   2010   Linear Models   2.00   A",
                      "Fall 2021", "Course   Title   Credits   Grade",
                      "STAT   2203   Sampling Theory   3.00   A"])
    assert [r.title for r in find_rows(text)] == ["Sampling Theory"]


def test_a_drawn_headerless_record_is_read_row_by_row(limits: Limits, ctx: CheckContext) -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    pdf.setFont("Courier", 9)
    for i, line in enumerate(RECORD):
        pdf.drawString(40, 780 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    result = process_isolated(buf.getvalue(), limits, ctx)
    assert [(a.title, a.date) for a in result.activities] == [
        ("Foundations of Chemistry", date(2021, 6, 30)), ("Waves and Optics", date(2021, 6, 30)),
        ("Linear Models", date(2021, 12, 31)), ("Sampling Theory", date(2021, 12, 31))]


@pytest.mark.parametrize("lines", [
    # a conference certificate's sessions: codes, titles and hours, but no term
    ["Certificate of Attendance", "Mira Okonkwo attended", "SES 101   Opening Keynote   1.0",
     "SES 102   Risk in Practice   1.5", "SES 103   Closing Panel   2.0", "Total contact hours awarded: 4.5"],
    # a CPD log's months look like codes
    ["CPD Log 2021", "JAN 2021   Ethics in Practice   2.0   hours", "FEB 2021   Site Safety Walk   1.5   hours",
     "MAR 2021   Quality Circles   3.0   hours"],
    # a letter's courses named one space apart from their hours
    ["Dear colleague,", "AWS 101 Cloud Foundations 2.00 hours", "AWS 102 Cloud Security 2.00 hours",
     "AWS 103 Cloud Networking 2.00 hours", "Sem 1 2021 starts soon."],
])
def test_coded_lines_without_a_term_or_a_wide_gap_are_no_record(lines: list[str]) -> None:
    assert find_rows("\n".join(lines)) == []


def test_a_headerless_record_takes_only_its_coded_lines() -> None:
    # the lines of words and a figure above its first course are the record's particulars, not courses
    text = "\n".join([*RECORD[:4], "Career   : Undergraduate Level 1", "Study Load   : Full Time 4", *RECORD[4:]])
    assert [r.title for r in find_rows(text)] == ["Foundations of Chemistry", "Waves and Optics", "Linear Models",
                                                  "Sampling Theory"]


def test_a_summary_line_of_words_and_units_does_not_hide_a_headerless_record() -> None:
    text = "\n".join([*RECORD, "Program Units Required   48"])
    assert len(find_rows(text)) == 4


def test_a_title_with_a_decimal_number_keeps_it() -> None:
    text = "\n".join(["Sem 1 2021", "INFS   1200   Web 2.0 Applications   2.00   2.00 6   12.000",
                      "MECH   2300   Industry 4.0 Manufacturing   2.00   2.00 5   10.000",
                      "CHEM   1100   Foundations of Chemistry   2.00   2.00 6   12.000"])
    assert [r.title for r in find_rows(text)] == [
        "Web 2.0 Applications", "Industry 4.0 Manufacturing", "Foundations of Chemistry"]


def test_a_row_that_names_its_semester_in_a_cell_is_a_row() -> None:
    text = "\n".join(["Course Title   Semester   Credits   Grade",
                      "Foundations of Chemistry   Sem 1 2019   2.00   A",
                      "Waves and Optics   Sem 2 2019   3.00   B"])
    rows = find_rows(text)  # the string reader keeps the semester cell in the title; the column readers cut it
    assert [(r.title.startswith(course), r.value) for r, course in zip(rows, ["Foundations", "Waves"], strict=True)] \
        == [(True, 2.0), (True, 3.0)]
