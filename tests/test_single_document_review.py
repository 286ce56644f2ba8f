"""Inputs drawn by a review to break this stop's single-document readers (issue 23): an Italian certificate's
heading in capitals, signatories whose surnames are words ("Dass", "Della", "Corso"), a CV's "Estudiante -
Ingeniería Industrial", an officer's name with a particle ("CEO, Maria dos Santos"), a department after an
executive title ("Vice President of Engineering") and a first name in a letter's prose. Each failed on the
readers as first written; names and bodies are invented."""
from __future__ import annotations

import io
from datetime import date

import pytest
from reportlab.pdfgen import canvas

from tests.textdoc import doc_from_text
from workers.checks import CheckContext
from workers.fields.extract import extract_fields
from workers.fields.parties import find_recipient
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

H, B = "Helvetica", "Helvetica-Bold"


def _run(lines):
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for text, font, size, y in lines:
        pdf.setFont(font, size)
        pdf.drawCentredString(297, y, text)
    pdf.showPage()
    pdf.save()
    return process_isolated(buf.getvalue(), Limits(), CheckContext(as_of=date(2026, 11, 1), window_years=3))


# ---- 3. looks_like_name / DOCUMENT_WORDS (commit 4e3710d) ----------------------------------------------------

ITALIAN = [
    ("ATTESTATO DI PARTECIPAZIONE", B, 24, 760),
    ("Si attesta che", H, 12, 720),
    ("Giulia Bianchi", B, 20, 690),
    ("ha partecipato al corso", H, 11, 660),
    ("Sicurezza sul lavoro", B, 12, 640),
    ("della durata di 8 ore, svoltosi a Milano il 3 marzo 2024.", H, 11, 615),
    ("Marco Rossi", B, 14, 560),
    ("Il Direttore", H, 10, 540),
]


def test_italian_heading_does_not_beat_the_cued_course() -> None:
    # parent: 'Sicurezza sul lavoro'; HEAD: 'ATTESTATO DI PARTECIPAZIONE'
    [activity] = _run(ITALIAN).activities
    assert activity.title == "Sicurezza sul lavoro"


@pytest.mark.parametrize("heading", ["ATTESTATO DI PARTECIPAZIONE", "CERTIFICATO DI PARTECIPAZIONE",
                                     "ATTESTATO DI FREQUENZA"])
def test_italian_heading_is_no_title_when_nothing_else_is(heading: str) -> None:
    # parent: None (a person is asked); HEAD: the heading
    lines = [(heading, B, 22, 760), ("Si attesta che", H, 12, 720), ("Giulia Bianchi", B, 20, 690),
             ("ha partecipato al seminario tenutosi a Milano il 3 marzo 2024.", H, 11, 660),
             ("Marco Rossi", B, 16, 560), ("Il Direttore", H, 10, 540)]
    [activity] = _run(lines).activities
    assert activity.title != heading


def test_signatory_whose_surname_is_a_document_word_is_no_title() -> None:
    # "Dass" (common Indian surname) is German "dass" in DOCUMENT_WORDS. parent: None; HEAD: 'Anita Dass'
    lines = [("CERTIFICATE OF PARTICIPATION", B, 22, 760), ("This is to certify that", H, 12, 720),
             ("Rohan Mehta", B, 20, 690),
             ("has participated in the two-day national workshop held at Pune on 3-4 March 2024.", H, 11, 660),
             ("Anita Dass", B, 16, 560), ("Convener", H, 10, 540)]
    [activity] = _run(lines).activities
    assert activity.title != "Anita Dass"


@pytest.mark.parametrize("name", ["Anita Dass", "Marco Della Valle", "Della Reese",
                                  "Gregory Corso"])  # "Constancia Pérez", "Edith Head" already failed at the parent
def test_real_names_holding_a_document_word_are_still_names(name: str) -> None:
    from workers.fields.names import looks_like_name
    assert looks_like_name(name)


# ---- 1. record labels as recipient cues (commit ffe0ab8) -------------------------------------------------------

ES_CV = """Laura Díaz Pardo
Calle 45 # 12-30, Bogotá
laura.diaz@correo.com
PERFIL
Ingeniera industrial con experiencia en logística.
EDUCACIÓN
Estudiante - Ingeniería Industrial
Universidad Nacional de Colombia, 2016 - 2021
"""


def test_a_cv_line_estudiante_dash_field_is_no_holder() -> None:
    # parent: None; HEAD: 'Ingeniería Industrial'
    assert extract_fields(doc_from_text(ES_CV), [1]).recipient != "Ingeniería Industrial"


@pytest.mark.parametrize("line, value", [
    ("Estudiante - Ingeniería Industrial", "Ingeniería Industrial"),
    ("Étudiant - Licence Informatique", "Licence Informatique"),
    ("Studente - Laurea Triennale", "Laurea Triennale"),
    ("Aluno: Ensino Médio", "Ensino Médio"),
    ("Alumna - Colegio San José", "Colegio San José"),
    ("Estudiante: Tiempo Completo", "Tiempo Completo"),
    ("Estudiante: Intercambio Internacional", "Intercambio Internacional"),
])
def test_a_student_label_followed_by_a_status_programme_or_school_names_no_holder(line: str, value: str) -> None:
    found = find_recipient(f"Ana Lima\nFORMACIÓN\n{line}\n")
    assert (found.value if found else None) != value


def test_a_status_label_does_not_hide_the_name_field_below() -> None:
    # parent: 'María Gómez Ruiz' (from "Nombre:"); HEAD: 'Ingeniería Industrial'
    found = find_recipient("Constancia de estudios\nEstudiante: Ingeniería Industrial\nNombre: María Gómez Ruiz\n")
    assert found is not None and found.value == "María Gómez Ruiz"


# ---- 5. officer_body (commit 3fac437) ---------------------------------------------------------------------------

@pytest.mark.parametrize("caption", [
    "Founder & CEO, Maria dos Santos",   # -> 'Maria'
    "CEO, João das Neves",               # -> 'João'
    "Founder, Ursula von der Leyen",     # -> 'Ursula'
    "Founder, Maria de la Cruz",         # -> 'Maria'
    "CEO, Ahmed bin Rashid",             # -> 'Ahmed'
])
def test_an_officers_name_with_a_lower_case_particle_is_no_body(caption: str) -> None:
    from workers.fields.officers import officer_body  # new in 3fac437
    assert officer_body(f"Certificate\n{caption}\n", None) is None


@pytest.mark.parametrize("caption", [
    "Vice President of Engineering",     # -> 'Engineering'  (a department, as the module says directors are)
    "President, Operations",             # -> 'Operations'
    "Geschäftsführer, Vertrieb",         # -> 'Vertrieb' (sales dept.)
    "President of the Jury",             # -> 'Jury'
    "CEO of the Year 2022",              # -> 'Year 2022'
])
def test_a_department_or_phrase_after_an_executive_title_is_no_body(caption: str) -> None:
    from workers.fields.officers import officer_body  # new in 3fac437
    assert officer_body(f"Certificate\n{caption}\n", None) is None


VP_CERT = """CERTIFICATE OF COMPLETION
This is to certify that Anna Kim
has completed the Secure Coding Bootcamp.
Mark Lee
Vice President of Engineering
"""

FOUNDER_LETTER = """EXPERIENCE LETTER
This is to confirm that Anna Kim worked as a Product Intern from June 2023 to August 2023.
During her internship she worked closely with our Founder, Rahul, on product research.
We wish her all the best.
"""

NAME_CAPTION = """CERTIFICATE OF COMPLETION
This is to certify that
PRIYA RAMAN
has successfully completed the course Applied Time Series Forecasting.
Ursula von der Leyen
Founder & CEO, Ursula von der Leyen
"""


@pytest.mark.parametrize("text, wrong", [
    (VP_CERT, "Engineering"),          # parent: None
    (FOUNDER_LETTER, "Rahul"),         # parent: None
    (NAME_CAPTION, "Ursula"),          # parent: None
])
def test_end_to_end_issuer_is_not_a_department_or_first_name(text: str, wrong: str) -> None:
    assert extract_fields(doc_from_text(text), [1]).issuer != wrong
