"""Transcript rows read cell by cell under their header (workers/fields/header_rows.py), on replicas drawn
like the records of schools no rule was written for: a kardex whose title column comes last, a record that
heads its titles "Paper title" and counts points, a US record with three columns before the title and
three figures after it, codes glued to their titles, titles that wrap. Names and courses are invented."""

from __future__ import annotations

from datetime import date

from tests.textdoc import doc_from_text
from workers.fields.extract import extract_fields
from workers.fields.header_rows import find_header_rows
from workers.fields.provenance import self_written_kind


def _rows(text: str) -> list[tuple[str, date | None, float | None, str | None]]:
    doc = doc_from_text(text)
    return [(r.title, r.date, r.value, r.unit) for r in find_header_rows(doc, doc.text)]


KARDEX = """
MATERIAS CURSADAS
PRIMAVERA-2022
CVE     SIGLA   CRED   CAL   GPO   MATERIA
4744    FI031   8      9     A     METODOS NUMERICOS I
8763    SS100   6      IN    D1    PRACTICA PROFESIONAL
21632   IF010   8      10    D     TEMAS DE INVESTIGACION
OTOÑO-2021
CVE     SIGLA   CRED   CAL   GPO   MATERIA
1441    FI025   8      10    A     FISICA DEL ESTADO SOLIDO
20966   MT052   6      9     A     TEMAS DE MATEMATICAS
"""


def test_a_kardex_whose_titles_come_last_under_spanish_terms() -> None:
    assert _rows(KARDEX) == [
        ("METODOS NUMERICOS I", date(2022, 5, 31), 8.0, "credit_hours"),
        # "IN" (incomplete): no credit earned, not listed
        ("TEMAS DE INVESTIGACION", date(2022, 5, 31), 8.0, "credit_hours"),
        ("FISICA DEL ESTADO SOLIDO", date(2021, 12, 31), 8.0, "credit_hours"),
        ("TEMAS DE MATEMATICAS", date(2021, 12, 31), 6.0, "credit_hours"),
    ]


def test_paper_titles_counted_in_points_are_dated_by_the_enrolment_dates_above_them() -> None:
    text = """
2016   Bachelor of Arts
Enrolment dates:   11 July 2016 - 12 November 2016   Full-time
Period   Paper code   Paper title            Points   %    Grade
S2       ENGL127      Effective Writing      18       86   A
S2       PHIL102      Knowledge and Truth    18       99   A+
S2       POLS101      Political Philosophy   18       80   A-
"""
    assert _rows(text) == [(t, date(2016, 11, 12), None, None)
                           for t in ("Effective Writing", "Knowledge and Truth", "Political Philosophy")]


def test_a_us_record_with_columns_before_the_title_and_three_figures_after_it() -> None:
    text = """
DIV   DEPT   CRSE #    COURSE TITLE               GRADE   CREDITS   GPA    GPA
                                                          AREA      CREDITS   PTS
Fall 2022   Electrical Eng
AS    CHEM   030.101   Introductory Chemistry I   A-      3.0       3.0    11.1
EN    MECH   530.107   Undergraduate Seminar I    A       0.5       0.5    2.0
EN    MECH   530.111   Design and CAD             W       2.0       2.0    6.6
EN    MECH   530.115   Freshman Lab I             A       1.0       1.0    4.0
TERM GPA   3.76   TOTAL   18.5   18.5   69.6
Spring 2023   Electrical Eng
EN    CSCI   601.220   Intermediate Programming   A       4.0       4.0    16.0
"""
    assert _rows(text) == [
        ("Introductory Chemistry I", date(2022, 12, 31), 3.0, "credit_hours"),
        ("Undergraduate Seminar I", date(2022, 12, 31), 0.5, "credit_hours"),
        # withdrawn ("W"): not earned
        ("Freshman Lab I", date(2022, 12, 31), 1.0, "credit_hours"),
        ("Intermediate Programming", date(2023, 5, 31), 4.0, "credit_hours"),
    ]


def test_codes_glued_to_their_titles_and_the_academic_year_before_them() -> None:
    text = """
Year      Code    Name                                        Mark   Grade   Result
2015/16 PHYS08016Physics 1A: Foundations                       66     B       P
2015/16 PHYS08017Physics 1B: The Stuff of the Universe         75     A3      P
2016/17 ELCG07009Foundation German Language 1                  59     C       P
"""
    assert _rows(text) == [("Physics 1A: Foundations", date(2016, 5, 31), None, None),
                           ("Physics 1B: The Stuff of the Universe", date(2016, 5, 31), None, None),
                           ("Foundation German Language 1", date(2017, 5, 31), None, None)]


def test_a_wrapped_title_is_joined_and_a_term_in_french_dates_the_rows() -> None:
    text = """
Automne 2022
Cours      Description                   Crédits   Note   Points
IFT 6390   Apprentissage automatique     4.000     A      16.000
IFT 6135   Representations et            4.000     A-     14.800
           apprentissage profond
IFT 6758   Science des donnees           4.000     B+     13.200
"""
    assert _rows(text) == [("Apprentissage automatique", date(2022, 12, 31), 4.0, "credit_hours"),
                           ("Representations et apprentissage profond", date(2022, 12, 31), 4.0, "credit_hours"),
                           ("Science des donnees", date(2022, 12, 31), 4.0, "credit_hours")]


def test_a_hyphen_at_a_wrap_joins_the_word() -> None:
    text = """
Subject   Course   Title                     Grade   Credit Hours
DSCI      501      Quantitative Foundations   A+      3.000
DSCI      511      Acquisition and Pre-       A+      3.000
                   Processing
DSCI      521      Data Analysis              A       3.000
"""
    assert [r[0] for r in _rows(text)] == ["Quantitative Foundations", "Acquisition and Pre-Processing",
                                           "Data Analysis"]


def test_no_table_no_rows() -> None:
    """A certificate listing two modules under a header, or a letter with no header, has no rows."""
    certificate = """
Certificate of Completion
This certifies that Dana Example completed the programme
Module                 Hours   Grade
Safety Basics          4       Pass
Hazard Communication   3       Pass
Issued 12 March 2024
"""
    letter = """
Dear Committee,
Dana Example attended our workshop   6   hours
on 12 March 2024 and took part in every session.
"""
    assert _rows(certificate) == [] and _rows(letter) == []


def test_a_record_full_of_roman_numerals_is_not_a_first_person_statement() -> None:
    """Course names end in "I" ("ESPAÑOL I", "MATEMATICA I"): they are not the first person, so the record
    is read as a record, row by row; an essay in the first person still is a statement."""
    text = "201810010580 - Plan: 36\nCODIGO     ASIGNATURA              PERIODO   NOTA   U.V.   Estado\n" + "\n".join(
        f"{code}   {title:<22}  2018-1    80     4      APROBADA"
        for code, title in [("ESG-0201", "ESPAÑOL I"), ("MAE-0501", "MATEMATICA I"), ("FIG-0301", "FILOSOFIA I"),
                            ("INE-0204", "INGLES I"), ("CAE-0504", "CALCULO I"), ("INE-0205", "INGLES II"),
                            ("CAE-0505", "CALCULO II"), ("FIE-1901", "FISICA I"), ("SOE-0608", "SISTEMAS I"),
                            ("BDE-0606", "BASE DE DATOS I"), ("PAE-0606", "PROGRAMACION I"),
                            ("ADE-0901", "ADMINISTRACION I"), ("CCE-0801", "CONTABILIDAD I")])
    assert self_written_kind(text) is None
    fields = extract_fields(doc_from_text(text), [1])
    assert [a.title for a in fields.activities][:3] == ["ESPAÑOL I", "MATEMATICA I", "FILOSOFIA I"]
    assert {(a.value, a.unit) for a in fields.activities} == {(4.0, "credit_hours")}
    essay = ("Statement. " + "I have always wanted to build bridges, and I am applying because I believe "
             "my training prepared me well. " * 8)
    assert self_written_kind(essay) == "statement"


def test_hours_under_the_second_units_column_when_the_credits_column_is_empty() -> None:
    """A Brazilian record heads "CR" (credits, left empty) and "C.H." (carga horária, hours) side by side:
    the hours are read, as contact hours, from the column that has them."""
    text = """
Período:   1º Período de 2010
Código    Nome Disciplina/Atividade        CR   C.H.   Média   Freq.    Situação
SI06002   ALGORITMOS                             68     EXC     100,00   Aprovado
SI06005   CALCULO COMPUTACIONAL                  68     BOM     100,00   Aprovado
SI06003   EMPREENDEDORISMO EM INFORMATICA        34     EXC     100,00   Aprovado
"""
    assert [(t, v, u) for t, _, v, u in _rows(text)] == [
        ("ALGORITMOS", 68.0, "contact_hours"), ("CALCULO COMPUTACIONAL", 68.0, "contact_hours"),
        ("EMPREENDEDORISMO EM INFORMATICA", 34.0, "contact_hours")]


def test_terms_numbered_within_the_year_end_by_how_many_terms_the_record_has() -> None:
    """"2018-1" is the first of three terms when the record also prints "2018-3", the first of two when
    it never goes past 2."""
    head = "CODIGO     ASIGNATURA               PERIODO   NOTA   U.V.   Estado\n"
    three = head + "\n".join(f"{c}   {t:<22}   {p}    80     4      APROBADA" for c, t, p in [
        ("ADE-0601", "ALGORITMOS", "2018-1"), ("ESG-0201", "ESPAÑOL", "2018-2"), ("HHG-0401", "HISTORIA", "2018-3")])
    two = head + "\n".join(f"{c}   {t:<22}   {p}    80     4      APROBADA" for c, t, p in [
        ("ADE-0601", "ALGORITMOS", "2018-1"), ("ESG-0201", "ESPAÑOL", "2018-2"), ("HHG-0401", "HISTORIA", "2019-1")])
    assert [r[1] for r in _rows(three)] == [date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)]
    assert [r[1] for r in _rows(two)] == [date(2018, 5, 31), date(2018, 12, 31), date(2019, 5, 31)]


def test_a_course_with_its_own_dates_glued_to_its_title() -> None:
    """A Brazilian semester report prints each course's dates right after its title, with the trimester
    between ("…SISTEMAS I(1º Tri)01/02/2024-29/06/2024"): the title ends before them, and they date it
    day first."""
    text = """
2024 - 1° SEMESTRE - CST EM SISTEMAS
Disciplina                                                  Faltas   Média Final   Resultado
REDES DE COMPUTADORES(2º Tri)01/05/2024-31/05/2024          2        8.5           Aprovado
AMBIENTAÇÃO DIGITAL(1º Tri)01/02/2024-29/06/2024            0        S/N           Aprovado
TÓPICOS AVANÇADOS EM ANÁLISE E DESENVOLVIMENTO DE           4        8.5           Aprovado
SISTEMAS I(1º Tri)01/02/2024-29/06/2024
"""
    doc = doc_from_text(text)
    rows = [(r.title, r.start_date, r.date) for r in find_header_rows(doc, doc.text, day_first=True)]
    assert rows == [("REDES DE COMPUTADORES", date(2024, 5, 1), date(2024, 5, 31)),
                    ("AMBIENTAÇÃO DIGITAL", date(2024, 2, 1), date(2024, 6, 29)),
                    ("TÓPICOS AVANÇADOS EM ANÁLISE E DESENVOLVIMENTO DE SISTEMAS I", date(2024, 2, 1),
                     date(2024, 6, 29))]


def test_semesters_named_in_the_record_s_own_words_take_their_place_in_the_academic_year() -> None:
    """A record names its semesters in its own words ("Harmattan", then "Rain"): the first met in an
    academic year is its first semester (ends in December), the second its second (May)."""
    text = """
Session     Semester    Course Code   Course Title                Unit   Score   Grade
2009/2010   Harmattan   BIO101        General Biology I           3      60      B
2009/2010 Harmattan     CHM101        General Chemistry I         4      60      B
2009/2010   Rain        BIO102        General Biology II          3      53      C
2010/2011   Harmattan   EEE201        Basic Electrical Eng I      3      70      A
2010/2011   Rain        EEE202        Basic Electrical Eng II     3      65      B
"""
    assert [(r[0], r[1]) for r in _rows(text)] == [
        ("General Biology I", date(2009, 12, 31)), ("General Chemistry I", date(2009, 12, 31)),
        ("General Biology II", date(2010, 5, 31)), ("Basic Electrical Eng I", date(2010, 12, 31)),
        ("Basic Electrical Eng II", date(2011, 5, 31))]


def test_courses_not_yet_graded_and_the_record_s_summary_lines_are_not_rows() -> None:
    text = """
DIV   DEPT   CRSE #    COURSE TITLE                  GRADE   CREDITS   GPA    GPA
                                                             AREA      CREDITS   PTS
Spring 2024   Electrical Eng
EN    APPM   553.311   Probability and Statistics    X       0.0       0.0    0.0
EN    CSCI   601.229   Computer System Fundamentals  A       3.0       3.0    12.0
EN    ELEC   520.214   Signals & Systems             B       3.0       3.0    9.0
EN    ELEC   520.215   Circuits                      A       4.0       4.0    16.0
Total Credits Applied                                        61.5
JHU Credits in Residency Applied (100 required)              41.5
"""
    assert [r[0] for r in _rows(text)] == ["Computer System Fundamentals", "Signals & Systems", "Circuits"]


def test_a_list_of_courses_with_the_day_each_was_done_and_no_units() -> None:
    """A learning platform's or an employer's record lists each course with the day it was done and no
    credits ("Course | Date Completed"): every course is a row, dated by its own cell."""
    record = """
Virtual Learning Academy
Transcript for Jane Roe
Course                                  Date Completed
Azure Fundamentals                      3/2/2016
Windows Server Essentials               3/9/2016
Introduction to PowerShell              4/1/2016
Getting Started with Office 365         June 14, 2016
"""
    assert _rows(record) == [("Azure Fundamentals", date(2016, 3, 2), None, None),
                             ("Windows Server Essentials", date(2016, 3, 9), None, None),
                             ("Introduction to PowerShell", date(2016, 4, 1), None, None),
                             ("Getting Started with Office 365", date(2016, 6, 14), None, None)]
    doc = doc_from_text(record)
    assert len(extract_fields(doc, [1]).activities) == 4
    spanish = """
Curso                                   Fecha
Fundamentos de Azure                    02/03/2016
Introducción a PowerShell               01/04/2016
Administración de Office 365            14/06/2016
"""
    doc = doc_from_text(spanish)
    assert [(r.title, r.date) for r in find_header_rows(doc, doc.text, day_first=True)] == [
        ("Fundamentos de Azure", date(2016, 3, 2)), ("Introducción a PowerShell", date(2016, 4, 1)),
        ("Administración de Office 365", date(2016, 6, 14))]


def test_two_named_cells_without_a_column_of_dates_are_no_header() -> None:
    """Only a column of dates lets two named cells be a header: "Course   Grade" over a list of courses
    and letters is a page's summary of results, whose rows no units and no dates make activities."""
    assert _rows("""
Course                                  Grade
Azure Fundamentals                      A
Introduction to PowerShell              B
Getting Started with Office 365         A
""") == []


def test_a_numbered_semester_of_a_named_academic_year_dates_its_rows() -> None:
    """"Semester I (Academic Year 2019-2020)": the first semester ends with the first year's autumn, the
    second with the second year's spring (devset/LABELLING.md), on the heading's own line."""
    rows = _rows("""
GRADE CARD
Semester I (Academic Year 2019-2020)
Course Code   Course Title                     Credits   Grade
18MAT11       Engineering Mathematics I        4         A
18PHY12       Engineering Physics              4         B
Semester II (Academic Year 2019-2020)
Course Code   Course Title                     Credits   Grade
18MAT21       Engineering Mathematics II       4         S
18CHE22       Engineering Chemistry            4         A
""")
    assert [(title, when) for title, when, _, _ in rows] == [
        ("Engineering Mathematics I", date(2019, 12, 31)), ("Engineering Physics", date(2019, 12, 31)),
        ("Engineering Mathematics II", date(2020, 5, 31)), ("Engineering Chemistry", date(2020, 5, 31))]


def test_a_semesters_roman_number_as_ocr_reads_it() -> None:
    """OCR reads the roman one of "Semester I" as "|" or "l", and two as "Il": still the first and second."""
    from workers.fields.tables import semester_heading

    headings = ("Semester | (Academic Year 2019-2020)", "Semester l", "Semester Il (Academic Year 2019-2020)",
                "Semester Ill")
    assert [semester_heading(line) for line in headings] == [1, 1, 2, 3]
    assert semester_heading("Semester lab fees") is None
