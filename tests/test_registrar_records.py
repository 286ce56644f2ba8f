"""Records read as registrars print them, on replicas drawn like the schools the rules were not written for
(issue 23): a US record that heads its credits "Hours" beside "Grade" and names its terms by code ("2012/SP"),
and an Italian typewritten list of exams whose cells are filled out with leaders ("PROGRAMMAZIONE.......
VENTUNO------ 17/02/2020   12,00"). And the documents those rules must leave alone, drawn by a review to
break them: a continuing-education record and a clock-hour school that grade their courses, titles with an
ellipsis or a double dash, a state's code before a year. Names and courses are invented."""

from __future__ import annotations

from datetime import date

import pytest

from tests.textdoc import doc_from_text
from workers.fields.cells import cells_of
from workers.fields.header_rows import find_header_rows
from workers.fields.parties import find_recipient
from workers.fields.tables import column_unit, find_rows, season_code_term

US_RECORD = """Unofficial Academic Record
Courses Taken 2012/SP at Lakeside State University, Lakeside, Kansas
Dept   Course   Course Description   Hours   Grade
HIST   201   AMERICAN HISTORY TO 1865   3.00   A
CHEM   215   GENERAL CHEMISTRY I   3.00   B
ENGL   101   ENGLISH COMPOSITION   3.00   A
Semester GPA: 3.67
Courses Taken 2012/SU at Lakeside State University, Lakeside, Kansas
Dept   Course   Course Description   Hours   Grade
MATH   150   CALCULUS I   5.00   B
PHYS   130   COLLEGE PHYSICS I   4.00   A
Semester GPA: 3.56
"""

TRAINING_LOG = """Training record
Course   Date   Hours
Confined Space Entry   03/02/2021   8.0
Lockout Tagout Basics   04/05/2021   4.0
Forklift Operator Safety   05/06/2021   6.0
"""


def test_hours_beside_a_grade_are_semester_hours_and_coded_terms_date_the_rows() -> None:
    rows = [(r.title, r.date, r.value, r.unit) for r in find_rows(US_RECORD)]
    assert rows == [
        ("AMERICAN HISTORY TO 1865", date(2012, 5, 31), 3.0, "credit_hours"),
        ("GENERAL CHEMISTRY I", date(2012, 5, 31), 3.0, "credit_hours"),
        ("ENGLISH COMPOSITION", date(2012, 5, 31), 3.0, "credit_hours"),
        ("CALCULUS I", date(2012, 8, 31), 5.0, "credit_hours"),
        ("COLLEGE PHYSICS I", date(2012, 8, 31), 4.0, "credit_hours"),
    ]


def test_the_header_reader_dates_and_counts_the_same_record_the_same_way() -> None:
    doc = doc_from_text(US_RECORD)
    rows = [(r.title, r.date, r.value, r.unit) for r in find_header_rows(doc, doc.text)]
    assert ("AMERICAN HISTORY TO 1865", date(2012, 5, 31), 3.0, "credit_hours") in rows
    assert ("CALCULUS I", date(2012, 8, 31), 5.0, "credit_hours") in rows


def test_a_training_logs_hours_stay_clock_hours() -> None:
    assert {r.unit for r in find_rows(TRAINING_LOG)} == {"contact_hours"}
    assert column_unit("Hours", "", "Course   Date   Hours") == "contact_hours"
    assert column_unit("Hrs", "Term GPA 3.50", "Course   Title   Hrs   Grade") == "credit_hours"
    assert column_unit("Contact Hours", "Term GPA 3.50", "Course   Contact Hours   Grade") == "contact_hours"
    # the whole header line as the name: "Description" holds no "cr"
    assert column_unit("Course Description   Date   Hours", "") == "contact_hours"


CE_TRANSCRIPT = """Continuing Education Transcript
Course Title   Completed   Hours   Grade
Infection Control Update   03/02/2021   8.0   Pass
Medication Safety   04/05/2021   4.0   Pass
Wound Care Basics   05/06/2021   6.0   Pass
"""

VOCATIONAL = """Academy of Beauty - Student Transcript
Subject   Hours   Grade
Hair Cutting Theory   15.0   A
Chemical Services   20.0   B
Salon Management   7.5   A
"""


@pytest.mark.parametrize("text", [CE_TRANSCRIPT, VOCATIONAL])
def test_hours_beside_a_grade_with_no_grade_point_average_stay_clock_hours(text: str) -> None:
    doc = doc_from_text(text)
    assert {r.unit for r in find_rows(text)} | {r.unit for r in find_header_rows(doc, doc.text)} == \
        {"contact_hours"}


@pytest.mark.parametrize("line, end", [
    ("Courses Taken 2011/SP at Fort Scott Community College", date(2011, 5, 31)),
    ("Courses Taken 2013/SU at Lakeside State University", date(2013, 8, 31)),
    ("Term: FA 2019", date(2019, 12, 31)),
    ("WI-2020", date(2020, 4, 30)),
    ("SU-2013", date(2013, 8, 31)),
    ("Term: Sp 2019", None),  # not a code: codes are printed in capitals
    ("Madison, WI 53706", None),  # a state and its postal code
    ("Annual Conference, Orlando, FL 2019", None),  # a state before a year
    ("Universidade Paulista - SP 2019", None),
    ("Autodesk University AU 2019 Las Vegas", None),  # an event
    ("SPRING 2019 / SP2019X", None),
    ("Course 2019/SPAN 101", None),  # a year and a subject's code
])
def test_a_term_named_by_its_years_season_code(line: str, end: date | None) -> None:
    assert season_code_term(line) == end


EXAMS = """Dichiarazione sostitutiva di certificazione
Ha superato i seguenti esami riportando la votazione a fianco di ciascuno indicata:
Insegnamento   Voto   Data Esame   CFU   Sede
ANALISI MATEMATICA I.......... VENTISETTE--- 14/02/2019   9,00
S.S.D. MAT/05
FONDAMENTI DI INFORMATICA..... TRENTA------- 20/06/2019   12,00
S.S.D. INF/01
BASI DI DATI.................. VENTUNO------ 11/09/2020   6,00
S.S.D. INF/01
RETI DI CALCOLATORI   VENTIDUE   03/02/2021   6,00
E SICUREZZA.......
S.S.D. INF/01
"""


@pytest.mark.parametrize("text, cells", [
    ("BASI DI DATI.................. VENTUNO------ 11/09/2020   6,00",
     ["BASI DI DATI", "VENTUNO", "11/09/2020", "6,00"]),
    # short leaders on a line set with leaders
    ("LINGUA INGLESE... APPROVATO---- 12/11/2018   3,00", ["LINGUA INGLESE", "APPROVATO", "12/11/2018", "3,00"]),
    # an ellipsis or a double dash in a title is no leader
    ("Introduction to... Python   3.0   A", ["Introduction to... Python", "3.0", "A"]),
    ("Shakespeare -- Comedies and Histories   3.00   A", ["Shakespeare -- Comedies and Histories", "3.00", "A"]),
    ("Excel... Beyond the Basics   03/02/2021   4.0", ["Excel... Beyond the Basics", "03/02/2021", "4.0"]),
])
def test_leaders_end_a_cell_as_a_wide_gap_does(text: str, cells: list[str]) -> None:
    assert [c.text for c in cells_of(doc_from_text(text).lines[0])] == cells


def test_an_italian_list_of_exams_filled_out_with_leaders() -> None:
    doc = doc_from_text(EXAMS)
    rows = [(r.title, r.date, r.value, r.unit) for r in find_header_rows(doc, doc.text, day_first=True)]
    # CFU are ECTS credits, which the programs do not count; a title its leader fills out is whole, so the
    # sector's code under it ("S.S.D. MAT/05") is no part of it
    # (a title wrapped over its row's line, "RETI DI CALCOLATORI E SICUREZZA DEI / SISTEMI....", is not read
    # whole: a gap this reader leaves)
    assert rows == [
        ("ANALISI MATEMATICA I", date(2019, 2, 14), None, None),
        ("FONDAMENTI DI INFORMATICA", date(2019, 6, 20), None, None),
        ("BASI DI DATI", date(2020, 9, 11), None, None),
        ("RETI DI CALCOLATORI E SICUREZZA", date(2021, 2, 3), None, None),
    ]


def test_italian_crediti_are_uncounted_like_cfu() -> None:
    doc = doc_from_text("""Universita degli Studi
Insegnamento   Voto   Data Esame   Crediti
ANALISI MATEMATICA I   27   14/02/2019   9
FONDAMENTI DI INFORMATICA   30   20/06/2019   12
BASI DI DATI   21   11/09/2020   6
""")
    rows = find_header_rows(doc, doc.text, day_first=True)
    assert len(rows) == 3 and {(r.value, r.unit) for r in rows} == {(None, None)}


# Columns set by position: "4.000" stands under "Cred" though one space joins it to the title before it.
ALIGNED = """Texas Plains University - Unofficial Academic Record
Subj   No.   Course Title                  Cred   Grade   Pts
CSCE   121   INTRO PGM DESIGN CONCEPT     4.000   A       16.000
CSCE   222   DISCRETE STRUCT COMPUTING 3.000   B       9.000
CSCE   313   INTRO TO COMPUTER SYSTEMS 4.000   A       16.000
MATH   251   ENGR MATHEMATICS III         3.000   B       9.000
"""


def test_a_credit_figure_one_space_after_its_title_is_read_by_where_it_stands() -> None:
    doc = doc_from_text(ALIGNED)
    rows = [(r.title, r.value, r.unit) for r in find_header_rows(doc, doc.text)]
    assert rows == [
        ("INTRO PGM DESIGN CONCEPT", 4.0, "credit_hours"),
        ("DISCRETE STRUCT COMPUTING", 3.0, "credit_hours"),
        ("INTRO TO COMPUTER SYSTEMS", 4.0, "credit_hours"),
        ("ENGR MATHEMATICS III", 3.0, "credit_hours"),
    ]


def test_a_whole_number_that_ends_a_title_stays_in_it() -> None:
    doc = doc_from_text("""Subj   No.   Course Title                  Cred   Grade
PHYS   101   PHYSICS LAB 1                 1.000   A
PHYS   102   PHYSICS LAB 2                 1.000   A
PHYS   103   PHYSICS LAB 3                 1.000   B
""")
    assert [r.title for r in find_header_rows(doc, doc.text)] == ["PHYSICS LAB 1", "PHYSICS LAB 2", "PHYSICS LAB 3"]


@pytest.mark.parametrize("line", [
    "Student's Name:   Amara Okafor   Registration No:   59974",
    "Nome Aluno: AMARA OKAFOR",
    "Nombre del alumno: Amara Okafor",
    "Nom de l'étudiant : Amara Okafor",
    "Name des Studierenden:   Amara Okafor",
    "Nome dello studente: Amara Okafor",
])
def test_a_records_label_for_its_student_names_the_holder(line: str) -> None:
    text = f"Academic Record\nRiverside Institute of Technology\n{line}\nDate of issue: 12/03/2024\n"
    found = find_recipient(text)
    assert found is not None and found.value == "Amara Okafor"



def test_a_school_that_names_its_terms_as_quarters_counts_quarter_hours() -> None:
    record = """Unofficial Transcript
Term: Winter Quarter 2024
Subject   Course   Title   Grade   Credit Hours
DSCI   511   Data Acquisition and Pre-Processing   A   3.00
DSCI   521   Data Analysis and Interpretation   A-   3.00
INFO   540   Perspectives on Information Systems   B+   3.00
"""
    assert {r.unit for r in find_rows(record)} == {"quarter_credit_hours"}
    # a season's term alone is no quarter
    assert {r.unit for r in find_rows(record.replace("Winter Quarter 2024", "Winter 2024"))} == {"credit_hours"}


def test_credits_named_over_their_columns_are_not_lost_to_a_points_column() -> None:
    # "Crédits:" heads the columns of credits attempted and earned ("Suivis", "Obtenus"); the figure under
    # "Points" (grade points, uncounted) says nothing of the credits
    doc = doc_from_text("""Relevé de notes non officiel
Automne 2022
Cours      Description                        Crédits:   Suivis   Obtenus   Note   Points
IFT 6390   Apprentissage machine                         4.000    4.000     A      16.000
IFT 6135   Apprentissage de représentations              4.000    4.000     A-     14.800
IFT 6758   Science des données                           3.000    3.000     A      12.000
""")
    rows = [(r.title, r.value, r.unit) for r in find_header_rows(doc, doc.text)]
    assert [(v, u) for _, v, u in rows] == [(4.0, "credit_hours"), (4.0, "credit_hours"), (3.0, "credit_hours")]
