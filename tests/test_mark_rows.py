"""Course rows of records whose header no reader knows (workers/fields/mark_rows.py), on replicas drawn
like the kinds the header readers missed: a scanned grade sheet whose header OCR garbled, a German
Zeugnis with subjects and grade words in two columns side by side, a marks memo that gives grades in
figures and in words, a results page with a column of course types beside the courses. Names, schools
and courses are invented."""

from __future__ import annotations

from datetime import date

import pytest

from tests.textdoc import doc_from_text
from workers.fields.extract import extract_fields
from workers.fields.mark_rows import find_mark_rows

GRADE_SHEET = """
NORTHERN RIVERS INSTITUTE OF TECHNOLOGY
«@   GRADE SHEET   »)
Name : RAVI MENON   Enrollment No :201010455
Batch : 2020-2024   Session : SPRING 2021   «
|   SESS   Course Name             Credits Grade Clee aloo   »)
»   EE201C Circuit Theory                3   A+   «
Z   EE202L Circuits Laboratory       :   2   N
q   MA201C Linear Algebra               4   wD   B   »
~   CS201C Data Structures              3   A   \\
(   HS201C Technical Writing            2   B+   »)
(   se   tnterr,   Total   —   14   »
S.G.P.A : 8.40/10   C.G.P.A : 8.52/10
Date : September 15, 2021
"""


def _rows(text: str) -> list[tuple[str, date | None, float | None]]:
    doc = doc_from_text(text)
    return [(r.title, r.date, r.value) for r in find_mark_rows(doc, doc.text)]


def test_a_grade_sheet_whose_header_ocr_garbled_is_read_row_by_row() -> None:
    assert _rows(GRADE_SHEET) == [
        ("Circuit Theory", date(2021, 5, 31), 3.0),
        ("Circuits Laboratory", date(2021, 5, 31), 2.0),
        ("Linear Algebra", date(2021, 5, 31), 4.0),
        ("Data Structures", date(2021, 5, 31), 3.0),
        ("Technical Writing", date(2021, 5, 31), 2.0),
    ]  # the border specks, the codes and the line of totals are not courses


ZEUGNIS = """
ABSCHLUSSZEUGNIS der Realschule am Stadtpark
Lena Hoffmann   geboren am 3. Mai 2001 in Essen
Leistungen
Deutsch                  gut              Mathematik        befriedigend
Englisch                 sehr gut         Biologie          ausreichend
Geschichte               befriedigend     Physik            gut
Erdkunde                 gut              Musik             sehr gut
Essen, den 30. Juni 2017
"""


def test_a_zeugnis_with_two_columns_of_subjects_and_grade_words() -> None:
    titles = [title for title, _, _ in _rows(ZEUGNIS)]
    assert titles == ["Deutsch", "Mathematik", "Englisch", "Biologie", "Geschichte", "Physik", "Erdkunde", "Musik"]
    fields = extract_fields(doc_from_text(ZEUGNIS), [1])
    # No term is named: the record's own date dates every subject.
    assert {a.date for a in fields.activities} == {date(2017, 6, 30)}
    assert len(fields.activities) == 8


MEMO = """
BOARD OF SECONDARY EDUCATION
MARKS MEMO
CERTIFIED THAT   ANITA RAO   passed the examination held in MARCH-2019
SUBJECT                 GRADE   GRADE POINTS   IN WORDS
FIRST LANGUAGE          A1      10             ONE ZERO
MATHEMATICS             A2      9              NINE
GENERAL SCIENCE         A1      10             ONE ZERO
SOCIAL STUDIES          B1      8              EIGHT
Cumulative Grade Point Average (CGPA) :   9.3
"""


def test_a_memo_of_grades_in_figures_and_words() -> None:
    assert _rows(MEMO) == [
        ("FIRST LANGUAGE", date(2019, 3, 1), None),
        ("MATHEMATICS", date(2019, 3, 1), None),
        ("GENERAL SCIENCE", date(2019, 3, 1), None),
        ("SOCIAL STUDIES", date(2019, 3, 1), None),
    ]


RESULTS = """
Module Results
Year    Status        Module       Name                           Occurrence   Credits Awarded   Mark
22/23   Compulsory    M21324178    Software Engineering 2   A    ZZAS-A       20                84
22/23   Compulsory    M21324179    Interaction Design       A    ZZAS-A       20                76
22/23   Compulsory    M21625290    Network Security         B    ZZAS-B       20                79
22/23   Compulsory    M31324177    Project Management 1     A    ZZAS-A       20                71
"""


def test_a_column_that_repeats_its_values_is_not_the_courses() -> None:
    titles = [title for title, _, _ in _rows(RESULTS)]
    assert titles == ["Software Engineering 2", "Interaction Design", "Network Security", "Project Management 1"]


AGENDA = """
CERTIFICATE OF ATTENDANCE
This certifies that Maria Lopez attended the Plant Safety Week, 4-8 March 2024
Lockout and Tagout            2   hours
Confined Space Entry          3   hours
Fall Protection               2   hours
Hazard Communication          1   hours
Total: 8 contact hours
"""


def test_a_certificate_listing_its_modules_is_not_a_record() -> None:
    doc = doc_from_text(AGENDA)
    assert find_mark_rows(doc, doc.text) == []
    assert len(extract_fields(doc, [1]).activities) == 1


RULED = """
FINAL TRANSCRIPT
Fall Semester 2019
Course   Title                          |Grade|Grade   Cr.   |Prod.]
Code                                     Point]         Hrs
[ CSC 110| Computing Fundamentals        B+ | 3.33]     2 | 6.66
“CSC 113] Computer Programming          A   4          3   12
ENG 105] Functional English             B | 3]         3 | 9
GSC 114 Applied Physics                 B   3          2   6
GPA:   3.52   CGPA:   3.52
"""


def test_marks_between_a_table_rules_and_a_units_name_set_on_two_lines() -> None:
    """OCR reads a ruled table's lines as marks ("B+ | 3.33]"), and "Cr." over "Hrs" names credit hours,
    not contact hours."""
    doc = doc_from_text(RULED)
    rows = find_mark_rows(doc, doc.text)
    assert [(r.title, r.date, r.value, r.unit) for r in rows] == [
        ("Computing Fundamentals", date(2019, 12, 31), 2.0, "credit_hours"),
        ("Computer Programming", date(2019, 12, 31), 3.0, "credit_hours"),
        ("Functional English", date(2019, 12, 31), 3.0, "credit_hours"),
        ("Applied Physics", date(2019, 12, 31), 2.0, "credit_hours"),
    ]


SERIALS = """
SECONDARY SCHOOL TRANSCRIPT
No   Subject                   Class 10   Class 11   Total
1 |  Mathematics               74         86         160
2 |  3D Modelling              80         91         171
3 |  Physics                   72         76         148
4.   English Language          90         94         184
"""


def test_a_serial_number_goes_and_a_title_that_starts_with_a_figure_stays() -> None:
    assert [title for title, _, _ in _rows(SERIALS)] == ["Mathematics", "3D Modelling", "Physics",
                                                          "English Language"]


@pytest.mark.parametrize("heading", ["SEMESTER GRADE CARD", "STATEMENT OF RESULTS", "CERTIFICADO DE ESTUDIOS",
                                     "Notenspiegel"])
def test_records_are_known_by_what_they_call_themselves_in_each_language(heading: str) -> None:
    text = SERIALS.replace("SECONDARY SCHOOL TRANSCRIPT", heading)
    assert len(_rows(text)) == 4
    assert _rows(SERIALS.replace("SECONDARY SCHOOL TRANSCRIPT", "CERTIFICATE OF PARTICIPATION")) == []


def test_a_subject_code_and_its_course_number_in_cells_of_their_own_are_no_course() -> None:
    """A US record prints the subject and the course number in cells of their own before the title
    ("SES | 101 | Intro to Safety Engineering"): the code followed by a figure looked like a course and its
    mark, and every row came out twice, once as "SES"."""
    record = """
MIDWEST STATE UNIVERSITY   UNOFFICIAL TRANSCRIPT
Name:   Roe, Jane   ID:   00918273
2023 Fall Semester (08/21/2023 - 12/15/2023)
Subj   No.   Course Title   Grade   Credits
SES   101   Intro to Safety Engineering   A   3.0
MTH   241   Applied Statistics   B+   3.0
ENG   210   Technical Writing   A-   3.0
MGT   305   Project Management   B   3.0
"""
    doc = doc_from_text(record)
    rows = find_mark_rows(doc, doc.text)
    assert [r.title for r in rows] == ["Intro to Safety Engineering", "Applied Statistics", "Technical Writing",
                                       "Project Management"]
    assert {(r.start_date, r.date) for r in rows} == {(None, date(2023, 12, 15))}
    fields = extract_fields(doc, [1])
    assert [a.title for a in fields.activities] == [r.title for r in rows]
