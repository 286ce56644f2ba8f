"""Drawn replicas of the title failures seen on documents nobody tuned for (issue 23), read by the real
pipeline with the committed title model: a heading, an address, a university's name, a date line and a
kind-of-document heading in Portuguese must each lose to the course. Names and bodies are invented."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen import canvas

from reviewer.learning.evaluation import similar
from workers.checks import CheckContext
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

Line = tuple[str, str, int, int]  # text, font, size, y


def _pdf(lines: list[Line], centred: bool = True) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for text, font, size, y in lines:
        pdf.setFont(font, size)
        if centred:
            pdf.drawCentredString(297, y, text)
        else:
            pdf.drawString(60, y, text)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


ATTENDANCE_RECORD = ([
    ("ATTENDANCE RECORD", "Helvetica-Bold", 22, 740),
    ("This document confirms that", "Helvetica", 11, 700),
    ("Tomas Herrera", "Helvetica-Bold", 18, 672),
    ("attended the following training", "Helvetica", 11, 645),
    ("COURSE", "Helvetica-Bold", 9, 610),
    ("Linux Server Administration I", "Helvetica", 14, 590),
    ("DATE", "Helvetica-Bold", 9, 560),
    ("12 March 2025", "Helvetica", 12, 542),
    ("Orbis Open Systems Training Services", "Helvetica", 9, 480),
], "Linux Server Administration I")

INTERNSHIP_LETTER = ([
    ("NORTHWIND ANALYTICS PRIVATE LIMITED", "Helvetica-Bold", 14, 780),
    ("Plot 12, Okhla Industrial Area Phase III, New Delhi 110020", "Helvetica", 9, 764),
    ("Date: 05/08/2024", "Helvetica", 10, 720),
    ("TO WHOM IT MAY CONCERN", "Helvetica-Bold", 12, 690),
    ("This is to certify that Ms. Priya Raman has successfully completed her internship as a", "Helvetica", 10, 660),
    ("Data Analyst from 01/06/2024 to 31/07/2024 in our analytics team.", "Helvetica", 10, 646),
    ("We wish her every success in her future endeavours.", "Helvetica", 10, 620),
    ("For Northwind Analytics Private Limited", "Helvetica", 10, 560),
    ("Human Resources Manager", "Helvetica", 10, 546),
], "Data Analyst")

UNIVERSITY_WORKSHOP = ([
    ("Meridian University, Jaipur", "Helvetica-Bold", 24, 760),
    ("Department of Mechanical Engineering", "Helvetica", 12, 735),
    ("CERTIFICATE OF PARTICIPATION", "Helvetica-Bold", 18, 690),
    ("This is to certify that Arjun Mehta has participated in the", "Helvetica", 11, 650),
    ("Two-Day Workshop on Finite Element Analysis", "Helvetica-Bold", 13, 630),
    ("held on 14-15 February 2025.", "Helvetica", 11, 610),
    ("Coordinator", "Helvetica", 10, 540),
], "Finite Element Analysis")  # the lead-in "Two-Day Workshop on" is not the title

PLATFORM_DATE_LINE = ([
    ("Certificate of Completion", "Helvetica", 14, 760),
    ("Congratulations, Jordan Blake", "Helvetica-Bold", 26, 720),
    ("Relational Databases with SQL", "Helvetica-Bold", 20, 680),
    ("Course completed on Mar 28, 2021 at 01:11PM UTC", "Helvetica", 11, 650),
    ("By continuing to learn, you have expanded your perspective and sharpened your skills.", "Helvetica", 9, 620),
    ("Head of Content Strategy, Learning", "Helvetica", 9, 560),
], "Relational Databases with SQL")

PORTUGUESE_HEADING = ([
    ("CERTIFICADO", "Helvetica-Bold", 30, 760),
    ("DE PARTICIPAÇÃO", "Helvetica-Bold", 20, 730),
    ("Certificamos que Mariana Costa Lopes participou do evento", "Helvetica", 12, 690),
    ("SEMANA DE ENGENHARIA DE SOFTWARE", "Helvetica-Bold", 18, 660),
    ("realizado de 10 a 14 de março de 2025, com carga horária de 20 horas.", "Helvetica", 12, 630),
    ("Coordenação do Curso", "Helvetica", 10, 560),
], "SEMANA DE ENGENHARIA DE SOFTWARE")


# An academy's course certificate that prints no holder: the course's name under the heading is no person,
# and "course administered by" ends the course's name in the sentence below it.
ACADEMY_COURSE = ([
    ("Northgate Networking Academy", "Helvetica", 12, 770),
    ("Certificate of Course Completion", "Helvetica", 20, 730),
    ("Routing Fundamentals", "Helvetica-Bold", 24, 690),
    ("The student has successfully achieved student level credential for completing Routing Fundamentals course "
     "administered by", "Helvetica", 8, 650),
    ("the undersigned instructor. The student was able to proficiently:", "Helvetica", 8, 638),
    ("Explain the concept of network communication.", "Helvetica", 8, 610),
], "Routing Fundamentals")


# A platform's course title set in capitals over two lines: the first ends on "DE", a word that leads on.
WRAPPED_COURSE = ([
    ("Aula Abierta", "Helvetica-Bold", 16, 780),
    ("Certifica a", "Helvetica", 12, 740),
    ("LUCIA FERNANDA ROJAS PARDO", "Helvetica-Bold", 20, 712),
    ("Por participar y aprobar el", "Helvetica", 12, 680),
    ("CURSO AVANZADO DE", "Helvetica-Bold", 22, 648),
    ("REDES Y SEGURIDAD", "Helvetica-Bold", 22, 622),
    ("Aprobado el 12 de MAYO de 2024", "Helvetica", 10, 560),
    ("18 horas de teoría y práctica", "Helvetica", 10, 546),
], "CURSO AVANZADO DE REDES Y SEGURIDAD")

# A German course title wrapped after "ohne" ("without"), a word that leads into more.
WRAPPED_GERMAN = ([
    ("Teilnahmebescheinigung", "Helvetica-Bold", 20, 760),
    ("Frau Johanna Albrecht", "Helvetica-Bold", 16, 712),
    ("hat vom 14. bis 15. März 2024 am Seminar", "Helvetica", 11, 680),
    ("Verhandeln und Entscheiden ohne", "Helvetica-Bold", 18, 648),
    ("Vorgesetztenfunktion", "Helvetica-Bold", 18, 624),
    ("teilgenommen. Umfang: 16 Unterrichtsstunden", "Helvetica", 11, 590),
    ("Brandt Organisationsentwicklung, Kassel", "Helvetica", 9, 520),
], "Verhandeln und Entscheiden ohne Vorgesetztenfunktion")

# An employer's letter names the role its holder held, in a sentence: the role is the activity's title.
ROLE_LETTER = ([
    ("BRIGHTWATER SOFTWARE LIMITED", "Helvetica-Bold", 14, 780),
    ("14 Harbour Road, Accra", "Helvetica", 9, 764),
    ("EXPERIENCE LETTER", "Helvetica-Bold", 12, 720),
    ("This is to confirm that Mr. Kofi Mensah worked with us as a Junior Data Analyst from", "Helvetica", 10, 690),
    ("3 January 2023 to 30 June 2023. During this period he cleaned and reported on our sales data,", "Helvetica", 10,
     676),
    ("and we found him diligent and reliable. His duties included:", "Helvetica", 10, 662),
    ("1. Collecting, cleaning and organising large datasets for the finance team", "Helvetica", 10, 644),
    ("2. Building weekly dashboards of regional sales", "Helvetica", 10, 630),
    ("For Brightwater Software Limited", "Helvetica", 10, 600),
    ("Head of People", "Helvetica", 10, 586),
], "Junior Data Analyst")


@pytest.mark.parametrize("lines, title", [
    pytest.param(*WRAPPED_COURSE, id="a course title wrapped over two lines"),
    pytest.param(*WRAPPED_GERMAN, id="a German title wrapped after a word that leads on"),
    pytest.param(*ROLE_LETTER, id="the role an employer's letter names"),
    pytest.param(*ATTENDANCE_RECORD, id="a heading above the course"),
    pytest.param(*ACADEMY_COURSE, id="a course's name where a holder's stands"),
    pytest.param(*INTERNSHIP_LETTER, id="an address line in a letterhead"),
    pytest.param(*UNIVERSITY_WORKSHOP, id="a university's name in the largest type"),
    pytest.param(*PLATFORM_DATE_LINE, id="a date line beside the course"),
    pytest.param(*PORTUGUESE_HEADING, id="a kind-of-document heading in Portuguese"),
])
def test_the_course_wins_over_what_looks_like_a_title(lines: list[Line], title: str, limits: Limits,
                                                      ctx: CheckContext) -> None:
    result = process_isolated(_pdf(lines, centred=lines not in (INTERNSHIP_LETTER[0], ROLE_LETTER[0])), limits, ctx)
    [activity] = result.activities
    assert similar(activity.title, title), activity.title


@pytest.mark.parametrize("label", ["Awarded to", "Presented to", "Granted to", "Conferred upon"])
def test_the_words_that_introduce_a_holder_are_no_title(label: str) -> None:
    from workers.fields.titles import plausible_title

    assert not plausible_title(label, None, None)
    assert plausible_title("Awards Ceremony Planning", None, None)


@pytest.mark.parametrize("value, name", [
    ("Google Ads Search Certification", False),
    ("Oracle Cloud Training", False),
    ("Maria Luisa Cruz", True),
    ("Priya Raman", True),
])
def test_a_name_holds_no_word_a_document_uses_about_itself(value: str, name: bool) -> None:
    from workers.fields.names import looks_like_name

    assert looks_like_name(value) is name


@pytest.mark.parametrize("text, title", [
    # where the course was given stands between the verb and the course ("ha asistido en Cursalia al curso online")
    ("Este certificado es una constancia de que Lucía Ferrer ha asistido en Cursalia al curso online "
     "Fotografía nocturna con móvil\n", "Fotografía nocturna con móvil"),
    # the word that names the event leads into its title ("participou do evento intitulado …")
    ("Certificamos que a estudante Ana Souza participou do evento intitulado Cidades inteligentes: desafios e "
     "caminhos, no dia 3 de maio de 2023.\n", "Cidades inteligentes: desafios e caminhos"),
])
def test_wording_in_spanish_and_portuguese_leads_into_the_title(text: str, title: str) -> None:
    from workers.fields.titles import cued_titles

    assert [c.value for _, c in cued_titles(text, None, None)][:1] == [title]
