"""Transcript rows read by column position (workers/fields/columns.py), on word boxes laid out like the scanned
and side-by-side transcripts of the development set: row numbers, scores and OCR specks between the
cells, two semesters on one line, a table that goes on over the page, a title that wraps, a point that
OCR lost. Pure: boxes in, rows out."""

from __future__ import annotations

from datetime import date

from tests.textdoc import doc_from_text
from workers.fields.columns import find_column_rows
from workers.fields.extract import extract_fields
from workers.reading.layout import DocText, Line, Word

SCANNED = """
UNDERGRADUATE ACADEMIC RECORD
Fall 2022
No  Course                                  score  semester  credit  type
1   The Introduction to Computer            80     1         2.5     C
2   Physical Education    _    7            89     1         23      C
3   Discrete Mathematics     ee  -          75     1         3.5     C
4   Famous Flowers in China(Online Course)  Failed 2         1       O
5   Cultivation of Ethics and Fundamentals  91     1         3       C
    of Law
Spring 2023
6   Modern History of China                 77     2         2       C
TERM TOTALS                                                  14.5
"""


def _rows(text: str):
    doc = doc_from_text(text)
    return find_column_rows(doc, doc.text)


def test_rows_are_cut_by_the_header_columns() -> None:
    rows = _rows(SCANNED)
    assert [r.title for r in rows] == ["The Introduction to Computer", "Physical Education", "Discrete Mathematics",
                                       "Cultivation of Ethics and Fundamentals of Law", "Modern History of China"]
    # "23" is 2.3 whose point OCR lost: the column's other values have decimals and stay under ten
    assert [r.value for r in rows] == [2.5, 2.3, 3.5, 3.0, 2.0]
    assert {r.unit for r in rows} == {"credit_hours"}
    assert [r.date for r in rows] == [date(2022, 12, 31)] * 4 + [date(2023, 5, 31)]


def test_evidence_spans_point_at_the_cells() -> None:
    doc = doc_from_text(SCANNED)
    first = find_column_rows(doc, doc.text)[0]
    assert doc.text[first.title_span[0]:first.title_span[1]] == "The Introduction to Computer"
    assert doc.text[first.amount_span[0]:first.amount_span[1]] == "2.5"


def test_two_semesters_side_by_side_are_two_tables() -> None:
    rows = _rows("""
Code   Course                 Chr  Credit  Grade  Code   Course                  Chr  Credit  Grade
IS104  Islamic Culture I      16   1       D      IL206  Islamic culture II      16   1       A
CS101  Computer Fundamentals  80   5       B      PH203  General physics II      64   4       C
""")
    assert [(r.title, r.value) for r in rows] == [("Islamic Culture I", 1.0), ("Islamic culture II", 1.0),
                                                  ("Computer Fundamentals", 5.0), ("General physics II", 4.0)]


def _page(number: int, lines: list[tuple[str, float]], shift: float = 0.0) -> list[Line]:
    """Lines of one page; each (text, top) with words placed by character like doc_from_text, moved by `shift`."""
    out = []
    for text, top in lines:
        words, spans, pos = [], [], 0
        for token in text.split(" "):
            if token:
                x0 = 0.1 + shift + pos * 0.01
                words.append(Word(token, x0, top, x0 + len(token) * 0.01, top + 0.015))
                spans.append((pos, pos + len(token)))
            pos += len(token) + 1
        out.append(Line(page=number, words=words, text=text, spans=spans))
    return out


def test_a_table_goes_on_over_the_page_when_the_scan_sits_further_left() -> None:
    doc = DocText(_page(1, [("No  Course                     credit", 0.1),
                            ("1   Programming Essentials     2.5", 0.12)])
                  + _page(2, [("2   Windows Application        2.5", 0.1)], shift=-0.03))
    assert [r.title for r in find_column_rows(doc, doc.text)] == ["Programming Essentials", "Windows Application"]


def test_ects_columns_give_activities_without_a_counted_amount() -> None:
    rows = _rows("""
                                              Note              ECTS-Leistungspunkte
Eisen und Stahl                               3,0 befriedigend  3
Grundlagen der Werkstoffkunde                 2,3 gut           3
""")
    assert [(r.title, r.unit) for r in rows] == [("Eisen und Stahl", None), ("Grundlagen der Werkstoffkunde", None)]


def test_a_certificate_has_no_columns() -> None:
    assert _rows("""
Certificate of Completion
This certifies that Jane Roe has completed
Advanced Welding Safety
8 contact hours  March 3, 2025
""") == []


def test_the_pipeline_reads_a_scanned_record_as_one_activity_per_course() -> None:
    fields = extract_fields(doc_from_text("Beijing Forestry University\nName: Ana Lima\n" + SCANNED), [1])
    assert len(fields.activities) == 5
    assert fields.activities[2].title == "Discrete Mathematics" and fields.activities[2].value == 3.5


def test_a_record_without_terms_dates_its_courses_by_the_date_it_states() -> None:
    fields = extract_fields(doc_from_text("""
Verzeichnis der bestandenen Module
Herr Jonas Weber
                                              Note              ECTS-Leistungspunkte
Eisen und Stahl                               3,0 befriedigend  3
Grundlagen der Werkstoffkunde                 2,3 gut           3
Hannover, den 28. September 2017
"""), [1])
    assert [(a.title, a.date) for a in fields.activities] == [("Eisen und Stahl", date(2017, 9, 28)),
                                                              ("Grundlagen der Werkstoffkunde", date(2017, 9, 28))]


ACADEMIC_YEARS = """
UNDERGRADUATE ACADEMIC RECORD
*   2017-2018 Academic Year   *
No  Course                                  score  semester  credit  type
1   The Introduction to Computer            80     1         2.5     C
2   Modern History of China                 77     2         2.0     C
3   Fast Development of Web Applications    81     3         2.0     O
*   2018-2019 Academic Year   *
No  Course                                  score  semester  credit  type
1   Probability Theory                      82     1         3.5     C
2   Data Structures                         94     II        4.0     C
"""


def test_an_academic_year_and_a_semester_column_date_each_course() -> None:
    """A record that names only the academic year above each table and each course's semester: the first
    semester ends as a fall term of the first year, the second as a spring term of the next, a third in
    that summer."""
    rows = _rows(ACADEMIC_YEARS)
    assert [(r.title, r.date) for r in rows] == [
        ("The Introduction to Computer", date(2017, 12, 31)), ("Modern History of China", date(2018, 5, 31)),
        ("Fast Development of Web Applications", date(2018, 8, 31)), ("Probability Theory", date(2018, 12, 31)),
        ("Data Structures", date(2019, 5, 31))]


def test_semester_headings_under_an_academic_year_date_the_rows_below_them() -> None:
    rows = _rows("""
Academic Year 2019/20
First Semester
Code   Course                 Chr  Credit  Grade
IS104  Islamic Culture I      16   1       D
Second Semester
Code   Course                 Chr  Credit  Grade
PH203  General physics II     64   4       C
""")
    assert [(r.title, r.date) for r in rows] == [("Islamic Culture I", date(2019, 12, 31)),
                                                 ("General physics II", date(2020, 5, 31))]


def test_group_totals_are_not_courses_and_a_first_numeral_read_as_a_bar_is_restored() -> None:
    """A German record of modules: each group's line totals its modules' points ("Werkstoffkunde  14" over
    modules of 6 and 8) and is no module; OCR reads "Werkstoffkunde I" as "Werkstoffkunde |"."""
    rows = _rows("""
Verzeichnis der bestandenen Module
                                      Note              ECTS-Leistungspunkte
Werkstoffkunde                        1,9 gut           14
Werkstoffkunde |                      2,3 gut           6
Werkstoffkunde II                     1,7 gut           8
Regelungstechnik                      2,0 gut           5
Thermodynamik                         2,2 gut           12
Technische Thermodynamik 1            2,3 gut           7
Technische Thermodynamik 2            2,0 gut           5
Hannover, den 28. September 2017
""")
    assert [r.title for r in rows] == ["Werkstoffkunde I", "Werkstoffkunde II", "Regelungstechnik",
                                       "Technische Thermodynamik 1", "Technische Thermodynamik 2"]


def test_a_record_that_groups_its_modules_loses_every_group_line_and_its_summary_repeats() -> None:
    """Once one group line names what its modules share, the record is known to group them: the lines
    whose points the next lines add up to are groups too, of one module or of modules named otherwise.
    The certificate page that sums the record up lists the groups again, and a module listed twice on
    one day is one module; "Bachelorarbeit  12" under the group "Bachelorarbeit  15" stays."""
    rows = _rows("""
Verzeichnis der bestandenen Module
                                      Note              ECTS-Leistungspunkte
Betriebswirtschaftslehre              1,9 gut           16
Betriebswirtschaftslehre I            2,3 gut           8
Betriebswirtschaftslehre II           1,7 gut           8
Werkstoffkunde                        2,6 befriedigend  6
Eisen und Stahl                       3,0 befriedigend  3
Grundlagen der Werkstoffkunde         2,3 gut           3
Thermodynamik                         1,0 sehr gut      4
Thermodynamik im Überblick            1,0 sehr gut      4
Bachelorarbeit                        1,5 sehr gut      15
Bachelorarbeit                        1,7 gut           12
Vortrag zur Bachelorarbeit            1,0 sehr gut      3
Hannover, den 28. September 2017
Zeugnis
Module                                Note              ECTS-Leistungspunkte
Betriebswirtschaftslehre              gut (1,9)         16
Werkstoffkunde                        bef. (2,6)        6
Vortrag zur Bachelorarbeit            sehr gut (1,0)    3
Hannover, den 28. September 2017
""")
    assert [(r.title, r.value) for r in rows] == [
        ("Betriebswirtschaftslehre I", 8), ("Betriebswirtschaftslehre II", 8), ("Eisen und Stahl", 3),
        ("Grundlagen der Werkstoffkunde", 3), ("Thermodynamik im Überblick", 4), ("Bachelorarbeit", 12),
        ("Vortrag zur Bachelorarbeit", 3)]


def test_a_grade_card_dates_its_courses_by_the_examination_month_and_ends_at_its_end_line() -> None:
    """An Indian grade card: one exam session, named on the heading line ("MONTH & YEAR OF EXAMINATION -
    JUL - 2022"), dated like every month alone; its "***** End of Statement *****" is not part of the
    last title, and the summary's specks in the title column ("af. 2 8 4 |-7~. B") are no course."""
    rows = _rows("""
REGISTER NUMBER: RA2111027030012 | EXAMINATION - JUL - 2022 | DATE OF PUBLICATION : 09-Aug-2022
SEM  CODE       SUBJECT TITLE                               CREDITS  GRADE
2    18LEH104J  GERMAN                                      3        A+
2    18MES103L  CIVIL AND MECHANICAL ENGINEERING WORKSHOP   3        A+
                ***** End of Statement *****
Semester        af. 2 8 4 6 8 |-7~. B |e                    8
""")
    assert [(r.title, r.date, r.value) for r in rows] == [
        ("GERMAN", date(2022, 7, 1), 3), ("CIVIL AND MECHANICAL ENGINEERING WORKSHOP", date(2022, 7, 1), 3)]


def test_a_course_worth_what_the_next_ones_add_up_to_is_still_a_course() -> None:
    rows = _rows("""
Fall 2022
Course Title                         Credits
Linear Algebra                       3.5
Discrete Structures                  2.0
Technical Writing                    1.5
""")
    assert [r.title for r in rows] == ["Linear Algebra", "Discrete Structures", "Technical Writing"]


def test_a_course_is_a_group_only_when_each_course_under_it_bears_its_name() -> None:
    rows = _rows("""
Fall 2022
Course Title                         Credits
Biology                              4.0
Biology Laboratory                   1.0
English Composition                  3.0
Art                                  6
Partial Differential Equations       3
History of Science                   3
""")
    assert [r.title for r in rows] == ["Biology", "Biology Laboratory", "English Composition", "Art",
                                       "Partial Differential Equations", "History of Science"]


def test_a_line_with_the_academic_year_and_the_terms_own_dates_keeps_the_dates() -> None:
    rows = _rows("""
Academic Year 2019-2020 Fall Semester 09/01/2019 - 12/20/2019
Code   Course                 Chr  Credit  Grade
IS104  Islamic Culture I      16   1       D
First Semester 09/01/2020 - 01/15/2021
Code   Course                 Chr  Credit  Grade
PH203  General physics II     64   4       C
""")
    assert [(r.title, r.date) for r in rows] == [("Islamic Culture I", date(2019, 12, 20)),
                                                 ("General physics II", date(2021, 1, 15))]


def test_units_cells_that_ocr_caught_with_a_bracket_or_read_a_one_as_t() -> None:
    rows = _rows("""
Fall 2022
No  Course                                  score  semester  credit  type
1   Digital Photography                     79     2         T5      O
2   Wireless Networks                       89     2         (3      C
3   Linear Algebra A                        76     2         2.5     C
4   Circuits and Electronics                82     2         3.5     C
5   College English                         85     2         3.1     C
""")
    # "T5" reads 15, and the column's other values (with decimals, under ten) say its point was lost
    assert [(r.title, r.value) for r in rows] == [("Digital Photography", 1.5), ("Wireless Networks", 3.0),
                                                  ("Linear Algebra A", 2.5), ("Circuits and Electronics", 3.5),
                                                  ("College English", 3.1)]


def test_side_by_side_semesters_under_academic_years_are_dated_left_then_right() -> None:
    # The Kabul layout: each academic year heads two semesters side by side, numbered through the
    # programme (3 and 4 are the second year's first and second); one heading line OCR could not read.
    rows = _rows("""
YEAR 2018 2019
Code   Course                 Chr  Credit  Grade  Code   Course                  Chr  Credit  Grade
IS104  Islamic Culture I      16   1       D      IL206  Islamic culture II      16   1       A
YEAR = 2019 2020
SEMESTER 3                                       SEMESTER 4
Code   Course                 Chr  Credit  Grade  Code   Course                  Chr  Credit  Grade
CS303  Linear Algebra         64   4       D      MA404  Statistic               64   4       A
""")
    assert [(r.title, r.date, r.value) for r in rows] == [
        ("Islamic Culture I", date(2018, 12, 31), 1.0), ("Islamic culture II", date(2019, 5, 31), 1.0),
        ("Linear Algebra", date(2019, 12, 31), 4.0), ("Statistic", date(2020, 5, 31), 4.0)]


def test_a_scanned_header_keeps_its_columns_through_the_marks_its_rules_leave() -> None:
    # OCR reads the header's cell borders as quotes, a bar read as "l" and a speck: the columns still stand,
    # and the credit column wins over the contact-hours column beside it.
    rows = _rows("""
Code   [Course  oa"!                ‘Chr  lcredit  "Scores  ‘Grade
CS733  Database Administration      64    4        78       C
""")
    assert [(r.title, r.value) for r in rows] == [("Database Administration", 4.0)]


def test_titles_start_left_of_a_header_centred_over_their_column() -> None:
    # The SRM grade card: "SUBJECT TITLE" is centred over a wide column, its titles start at the column's
    # left edge, just right of the codes; the ATT CODE and RESULT columns are columns too.
    rows = _rows("""
SEM  CODE                    SUBJECT TITLE                    CREDITS  GRADE  ATT  RESULT
2    18LEH104J  GERMAN                                        3        A+     H    PASS
2    18MAB102T  ADVANCED CALCULUS AND COMPLEX ANALYSIS        4        O      9    PASS
""")
    assert [(r.title, r.value) for r in rows] == [("GERMAN", 3.0), ("ADVANCED CALCULUS AND COMPLEX ANALYSIS", 4.0)]


def test_a_section_number_between_the_course_number_and_its_title_is_not_the_title() -> None:
    rows = _rows("""
Subject  Number            Title                      Cr.  Grade
CHEM     110     002  General Chemistry 1             4    A
MATH     140     001  Calculus 1                      3    B+
""")
    assert [(r.title, r.value) for r in rows] == [("General Chemistry 1", 4.0), ("Calculus 1", 3.0)]


def test_a_credits_header_misread_past_a_letter_still_names_the_units_column() -> None:
    rows = _rows("""
SEM  CODE       SUBJECT TITLE              lcreorrs|  GRADE  RESULT
2    18LEH104J  GERMAN                     3          A+     PASS
""")
    assert [(r.title, r.value) for r in rows] == [("GERMAN", 3.0)]


def test_a_passed_course_worth_no_credits_is_a_course_with_an_amount_of_zero() -> None:
    rows = _rows("""
Sem  Code       Description                  Credit  Grade
1    18LEM101T  CONSTITUTION OF INDIA        0       O
1    18LEH101J  ENGLISH                      3       O
1    18GNM101L  PHYSICAL AND MENTAL HEALTH   0       A+
""")
    assert [(r.title, r.value) for r in rows] == [("CONSTITUTION OF INDIA", 0.0), ("ENGLISH", 3.0),
                                                  ("PHYSICAL AND MENTAL HEALTH", 0.0)]


def test_a_course_listed_twice_and_dated_only_once_is_one_dated_course() -> None:
    """A portal's view of the grades (its month column unread), then the grade card of the same term."""
    rows = _rows("""
Sem  Mon/Year  Description         Credit  Grade
2    wuir2002  GERMAN              3       A+
2    Jul/2022  CHEMISTRY           5       A+
Sem  Mon/Year  Description         Credit  Grade
2    Jul/2022  GERMAN              3       A+
2    Jul/2022  CHEMISTRY           5       A+
""")
    assert [(r.title, r.value, r.date) for r in rows] == [("GERMAN", 3.0, date(2022, 7, 1)),
                                                          ("CHEMISTRY", 5.0, date(2022, 7, 1))]


def test_a_semester_number_beside_the_month_is_not_read_as_its_day() -> None:
    rows = _rows("""
Sem  Mon/Year  Description         Credit  Grade
2    Jul2022   GERMAN              3       A+
""")
    assert [(r.title, r.date) for r in rows] == [("GERMAN", date(2022, 7, 1))]


def test_a_side_panels_value_is_no_grade_and_a_footer_far_below_the_table_is_no_row() -> None:
    rows = _rows("""
              Sem  Code       Description                        Credit  Grade
Section: F    1    18PDM101L  PROFESSIONAL SKILLS AND PRACTICES  0       O
              1    18MES101L  CIVIL AND MECHANICAL WORKSHOP      3       O
              1    18MES101L  CIVILAND MECHANICAL WORKSHOP       3       O
""" + "Credits Registered\n" * 13 + """
                              SRM Portal Copyright               21
""")
    assert [(r.title, r.value) for r in rows] == [("PROFESSIONAL SKILLS AND PRACTICES", 0.0),
                                                  ("CIVIL AND MECHANICAL WORKSHOP", 3.0)]


def test_a_title_word_is_no_grade_and_a_course_worth_nothing_counts_only_when_passed() -> None:
    rows = _rows("""
Course                 Credit  Grade
Voice over IP          3       A
Physical Education     0       U
Audit Course           0       AU
Seminar                0       P
""")
    assert [(r.title, r.value) for r in rows] == [("Voice over IP", 3.0), ("Seminar", 0.0)]


def test_a_misread_month_cell_gives_way_to_the_tables_term() -> None:
    rows = _rows("""
Fall 2019
Code     Course                 Credit  Grade
SEN2010  Software Engineering   3       A
""")
    assert [(r.title, r.date) for r in rows] == [("Software Engineering", date(2019, 12, 31))]


def test_a_table_that_goes_on_over_the_page_survives_the_footer_and_the_next_letterhead() -> None:
    page_one = doc_from_text("Code   Course                 Credit  Grade\nCS101  Algorithms             3       A\n"
                             + "Footer line of the record\n" * 8)
    page_two = doc_from_text("Letterhead line of the record\n" * 8 + "CS201  Operating Systems      4       B", page=2)
    doc = DocText(page_one.lines + page_two.lines)
    assert [r.title for r in find_column_rows(doc, doc.text)] == ["Algorithms", "Operating Systems"]


def test_a_units_figure_whose_point_ocr_lost_is_still_a_tenth() -> None:
    """"0.8" CEU read by OCR as "08": no record writes eight as 08, so it is 0.8; other figures as printed,
    with either decimal mark."""
    from workers.fields.tables import units_figure

    assert [units_figure(t) for t in ("08", "0.8", "0,5", "1:5", "3", "12", "10")] == [0.8, 0.8, 0.5, 1.5, 3.0, 12.0,
                                                                                       10.0]


def test_terms_named_side_by_side_date_the_rows_under_each() -> None:
    # Two semesters side by side under one line that names both: the right-hand rows were earned in the
    # spring, not in the fall the line names first. A row that prints its own date keeps it.
    fields = extract_fields(doc_from_text("""
Harbourside Institute of Engineering
Fall Semester 2019                                Spring Semester 2020
Code   Course                 Chr  Credit  Grade  Code   Course                  Chr  Credit  Grade
CS110  Computing Basics       48   3       B      CS122  Digital Design          48   3       A
EN105  Functional English     48   3       A      CS210  Object Programming      64   4       B
"""), [1])
    assert [(a.title, a.date) for a in fields.activities] == [
        ("Computing Basics", date(2019, 12, 31)), ("Digital Design", date(2020, 5, 31)),
        ("Functional English", date(2019, 12, 31)), ("Object Programming", date(2020, 5, 31))]
