"""Records that print no header over their rows, and semesters numbered within a calendar year (issue 23).

Some student systems print a record in monospace with no column headings: a term heading ("Sem 1 2021"), then
lines of a course code, a title and figures. Several such lines are their own header. A semester numbered
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
])
def test_a_semester_numbered_within_a_calendar_year_ends_mid_year_or_with_the_year(line: str, end: date | None) -> None:
    assert calendar_semester(line) == end


def test_coded_lines_are_their_own_header_and_each_calendar_semester_dates_its_rows() -> None:
    rows = find_rows("\n".join(RECORD))
    assert [(r.title, r.date, r.value, r.unit) for r in rows] == [
        ("Foundations of Chemistry", date(2021, 6, 30), 2.0, "credit_hours"),
        ("Waves and Optics", date(2021, 6, 30), 2.0, "credit_hours"),
        ("Linear Models", date(2021, 12, 31), 2.0, "credit_hours"),
        ("Sampling Theory", date(2021, 12, 31), 1.0, "credit_hours")]


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
