"""Pages set in two columns of text are read one column after the other (workers/reading/page_columns.py).

A student system's record in two columns (a term heading at the foot of the left column goes on at the head
of the right one) was read across the page: a left course and a right one made one line, and rows landed
under another term. A table whose words sit left of a gap and its figures right of it, or a page of a
certificate, is read as before. Names and courses are invented (issue 23).
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.pdfgen import canvas

from workers.checks import CheckContext
from workers.reading.layout import Word, build_lines
from workers.reading.page_columns import split_columns
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

FALL_21 = [("BIOL 101", "CELL BIOLOGY", "4.000", "A"), ("CHEM 107", "GENERAL CHEMISTRY", "3.000", "B"),
           ("ENGL 104", "COMPOSITION AND RHETORIC", "3.000", "A"), ("MATH 151", "CALCULUS ONE", "4.000", "B"),
           ("HIST 105", "HISTORY OF THE AMERICAS", "3.000", "A")]
SPRING_22 = [("PHYS 206", "NEWTONIAN MECHANICS", "3.000", "B"), ("STAT 211", "PRINCIPLES OF STATISTICS", "3.000", "A"),
             ("MATH 152", "CALCULUS TWO", "4.000", "A"), ("CSCE 121", "PROGRAM DESIGN CONCEPTS", "4.000", "A"),
             ("ECON 203", "PRINCIPLES OF ECONOMICS", "3.000", "B")]
FALL_22 = [("CSCE 221", "DATA STRUCTURES", "4.000", "A"), ("CSCE 312", "COMPUTER ORGANIZATION", "4.000", "B"),
           ("MATH 304", "LINEAR ALGEBRA", "3.000", "A"), ("ENGR 216", "EXPERIMENTAL PHYSICS LAB", "2.000", "A"),
           ("COMM 203", "PUBLIC SPEAKING", "3.000", "A")]
SPRING_23 = [("CSCE 313", "COMPUTER SYSTEMS", "4.000", "A"), ("CSCE 314", "PROGRAMMING LANGUAGES", "3.000", "B"),
             ("CSCE 411", "DESIGN OF ALGORITHMS", "3.000", "A"), ("MATH 411", "MATHEMATICAL PROBABILITY", "3.000", "A"),
             ("PHIL 240", "INTRODUCTION TO LOGIC", "3.000", "A")]


def _term(name: str, rows: list[tuple[str, str, str, str]]) -> list[str]:
    return [name, "Subj No.  Course Title   Cred  Grade",
            *[f"{code}  {title:<26}{credits}   {grade}" for code, title, credits, grade in rows],
            f"Term Totals   Ehrs: {sum(float(r[2]) for r in rows):.3f}   GPA: 3.600"]


def _two_column_record() -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(612, 792), invariant=1)
    pdf.setFont("Courier-Bold", 11)
    pdf.drawCentredString(306, 750, "NORTHFIELD STATE UNIVERSITY  -  UNOFFICIAL ACADEMIC RECORD")
    pdf.setFont("Courier", 10)
    pdf.drawString(40, 732, "Name: Dana Whitfield        Printed: 15-JUN-2023")
    pdf.setFont("Courier", 7)
    # the left column ends with the heading of the term that the right column goes on with
    left = _term("Fall 2021 - Northfield State University", FALL_21) + [""] + \
        _term("Spring 2022 - Northfield State University", SPRING_22) + ["", "Fall 2022 - Northfield State University"]
    right = _term("", FALL_22)[1:] + [""] + _term("Spring 2023 - Northfield State University", SPRING_23)
    for i, line in enumerate(left):
        pdf.drawString(36, 700 - 15 * i, line)
    for i, line in enumerate(right):  # a pitch of its own: the columns' lines do not pair up
        pdf.drawString(316, 707 - 17 * i, line)
    pdf.setFont("Courier", 7)
    pdf.drawCentredString(306, 60, "Page 1 of 1   -   This record is unofficial")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_a_record_in_two_columns_is_read_column_by_column(limits: Limits, ctx: CheckContext) -> None:
    result = process_isolated(_two_column_record(), limits, ctx)
    expected = [(title, date(2021, 12, 31)) for _, title, _, _ in FALL_21] + \
        [(title, date(2022, 5, 31)) for _, title, _, _ in SPRING_22] + \
        [(title, date(2022, 12, 31)) for _, title, _, _ in FALL_22] + \
        [(title, date(2023, 5, 31)) for _, title, _, _ in SPRING_23]
    assert sorted((a.title or "", a.date) for a in result.activities) == sorted(expected)


def _grid(rows: list[list[tuple[str, float]]], top: float = 0.1, pitch: float = 0.02) -> list[Word]:
    """Words at the given left edges, a row every `pitch` down the page."""
    return [Word(text, x, top + i * pitch, x + 0.012 * len(text), top + i * pitch + 0.012)
            for i, row in enumerate(rows) for text, x in row]


def test_a_table_with_its_words_left_of_a_gap_and_its_figures_right_of_it_is_one_column() -> None:
    rows = [[(f"C{100 + i}", 0.05), ("Integrated", 0.12), ("Physical", 0.26), ("Sciences", 0.38),
             ("Requirement", 0.6), ("Satisfied", 0.76), (str(3 + i % 2), 0.9)] for i in range(20)]
    words = _grid(rows)
    assert split_columns(words) is None
    assert len(build_lines(words, 1)) == 20


def test_two_columns_of_course_rows_split_and_keep_what_spans_them_above_and_below() -> None:
    heading = [("NORTHFIELD", 0.3), ("STATE", 0.45), ("UNIVERSITY", 0.55)]
    body = [[("GENERAL", 0.05), ("CHEMISTRY", 0.15), ("3.000", 0.33), ("A", 0.4),
             ("LINEAR", 0.55), ("ALGEBRA", 0.65), ("4.000", 0.82), ("B", 0.9)] for _ in range(12)]
    footer = [("Page", 0.4), ("1", 0.46), ("of", 0.5), ("1", 0.54), ("unofficial", 0.58)]
    words = _grid([heading, *body, footer])
    parts = split_columns(words)
    assert parts is not None
    above, left, right, below = parts
    assert [w.text for w in above] == ["NORTHFIELD", "STATE", "UNIVERSITY"]
    assert {w.text for w in left} == {"GENERAL", "CHEMISTRY", "3.000", "A"}
    assert {w.text for w in right} == {"LINEAR", "ALGEBRA", "4.000", "B"}
    assert [w.text for w in below] == ["Page", "1", "of", "1", "unofficial"]
    lines = [line.text for line in build_lines(words, 1)]
    assert lines[0] == "NORTHFIELD   STATE   UNIVERSITY" or lines[0].startswith("NORTHFIELD")
    assert lines[1:13] == [lines[1]] * 12 and "GENERAL" in lines[1] and "LINEAR" not in lines[1]
    assert "LINEAR" in lines[13] and lines[-1].startswith("Page")


def test_a_page_of_few_words_is_one_column() -> None:
    words = _grid([[("Certificate", 0.1), ("of", 0.3), ("Completion", 0.7)]] * 5)
    assert split_columns(words) is None


def test_an_activity_table_of_titles_dates_providers_and_hours_is_one_column() -> None:
    # left of the middle a title and its date, right of it a provider and its hours: one table, not two
    rows = [[("Wound", 0.05), ("Care", 0.12), ("Update", 0.18), ("03/15/2021", 0.3),
             ("State", 0.55), ("Nursing", 0.62), ("Board", 0.72), ("6.0", 0.9)] for _ in range(14)]
    words = _grid(rows)
    assert split_columns(words) is None
    assert all("Wound" in line.text and "6.0" in line.text for line in build_lines(words, 1))


def test_words_without_a_finite_box_leave_the_page_whole() -> None:
    body = [[("GENERAL", 0.05), ("CHEMISTRY", 0.15), ("3.000", 0.33), ("A", 0.4),
             ("LINEAR", 0.55), ("ALGEBRA", 0.65), ("4.000", 0.82), ("B", 0.9)] for _ in range(12)]
    words = _grid(body)
    broken = [*words, Word("stray", float("nan"), 0.5, float("nan"), 0.51)]
    assert split_columns(words) is not None
    assert split_columns(broken) is None
    assert len(build_lines(broken, 1)) >= 12
