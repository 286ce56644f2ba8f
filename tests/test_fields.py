"""Text → fields: titles, recipients, issuers, transcripts and provenance, without files or services."""

from datetime import date

import pytest

from tests.textdoc import doc_from_text
from workers.checks import CheckContext, run_checks
from workers.fields.extract import extract_fields
from workers.fields.provenance import decide, self_written_kind
from workers.reading.layout import DocText


def _read(text: str):
    doc = doc_from_text(text)
    return doc, extract_fields(doc, [1])


def test_certificate_fields_and_evidence() -> None:
    doc, fields = _read(
        "CERTIFICATE OF COMPLETION\nGreat Lakes Welding Society\nThis certifies that\nJOHN Q. PUBLIC\n"
        "has successfully completed\nWelding Inspection Techniques\non 14 March 2025\n"
        "Eight (8) Contact Hours\nRobert Klein, Program Director")
    [act] = fields.activities
    assert fields.recipient == "John Q. Public"
    assert fields.issuer == "Great Lakes Welding Society"
    assert act.title == "Welding Inspection Techniques"
    assert act.date == date(2025, 3, 14)
    assert (act.value, act.unit) == (8, "contact_hours")
    assert "Robert Klein" in fields.signers
    title_box = doc.evidence(*act.spans["title"])
    assert title_box["text"] == "Welding Inspection Techniques" and title_box["page"] == 1


@pytest.mark.parametrize("text, title", [
    ("This is to certify that Ann Lee has completed the course “Root Cause Analysis” on May 1, 2025.",
     "Root Cause Analysis"),
    ("Ann Lee attended the Industrial Robot Safety seminar on May 1, 2025 (3 hours).", "Industrial Robot Safety"),
    ("Subject: Certificate of Attendance – Value Stream Mapping\nDear Ann,", "Value Stream Mapping"),
    ("Course Title: PLC Programming with Ladder Logic   Date: 5/1/2025", "PLC Programming with Ladder Logic"),
    ("Ann Lee has completed 8 contact hours in Advanced Metrology on May 1, 2025.", "Advanced Metrology"),
    ("for successful completion of Hydraulic Systems Maintenance, held June 2-3, 2025",
     "Hydraulic Systems Maintenance"),
])
def test_title_wording(text: str, title: str) -> None:
    _, fields = _read(text)
    assert fields.activities[0].title == title


def test_transcript_rows_take_their_term_end_date() -> None:
    """A course row is dated by its term's last day, and only a row that prints its own dates has a start:
    the term's first day says when the course began, not what the row proves (devset/LABELLING.md)."""
    _, fields = _read(
        "Lakeside State College\nStudent: Lee, Ann M.   Student ID: 123456\n"
        "Date of Birth: 01/02/1980   Date Printed: 09/01/2026\nCourse   Title   CR HRS   Grade\n"
        "Fall 2024   (08/26/2024 - 12/13/2024)\nMFG 210   Lean Manufacturing Principles   3.0   A\n"
        "QUAL 301   Quality Systems Auditing   2.0   B+\nTerm GPA: 3.60\nSpring Semester 2025\n"
        "Term End: 05/09/2025\nENGR 115   Engineering Economics   4.0   A-\n")
    assert fields.recipient == "Ann M. Lee"
    assert fields.issuer == "Lakeside State College"
    rows = [(a.title, a.start_date, a.date, a.value, a.unit) for a in fields.activities]
    assert rows == [
        ("Lean Manufacturing Principles", None, date(2024, 12, 13), 3.0, "credit_hours"),
        ("Quality Systems Auditing", None, date(2024, 12, 13), 2.0, "credit_hours"),
        ("Engineering Economics", None, date(2025, 5, 9), 4.0, "credit_hours"),
    ]


def test_self_written_statement_is_not_third_party() -> None:
    text = ("I, Maria Gomez, attended the Lean Basics workshop on May 2, 2025. It lasted 4 hours.\n"
            "Signed,\nMaria Gomez")
    doc, fields = _read(text)
    verdict = decide(doc.text, fields.recipient, fields.issuer, fields.signers, fields.self_pages, 1, True)
    assert fields.recipient == "Maria Gomez" and fields.issuer == "Maria Gomez"
    assert verdict.third_party is False and "first person" in verdict.reasons[0]


def test_email_sent_by_the_applicant_is_not_third_party() -> None:
    text = ("From: Maria Gomez <maria@example.com>\nTo: Records <records@atmae.org>\nSubject: my training\n"
            "Hello, last week Maria Gomez went to Lean Basics on May 2, 2025 for 4 hours.")
    doc, fields = _read(text)
    verdict = decide(doc.text, "Maria Gomez", fields.issuer, fields.signers, fields.self_pages, 1, True)
    assert verdict.third_party is False


def test_provider_email_is_third_party() -> None:
    text = ("From: Summit Safety Training Group <webinars@sstg.org>\nTo: Maria Gomez <m@example.com>\n"
            "Sent: May 9, 2025\nSubject: Certificate of Attendance – Arc Flash Safety\nDear Maria,\n"
            "Thank you for attending Arc Flash Safety on May 2, 2025. This webinar qualifies for 1.5 PDH.")
    doc, fields = _read(text)
    verdict = decide(doc.text, fields.recipient, fields.issuer, fields.signers, fields.self_pages, 1, True)
    assert fields.issuer == "Summit Safety Training Group"
    assert verdict.third_party is True


def test_checks_flag_window_name_and_missing_fields() -> None:
    ctx = CheckContext(as_of=date(2026, 11, 1), window_years=3, applicant="Ann Lee")
    flags = run_checks(readable=True, activities=[{"title": "X", "date": date(2022, 5, 1), "amount": None}],
                       recipient="Bob Stone", third_party=True, third_party_reasons=[], ctx=ctx)
    assert list(flags) == ["missing_hours", "outside_window", "name_mismatch"]
    assert "2023-11-01" in flags["outside_window"] and "Bob Stone" in flags["name_mismatch"]
    future = run_checks(readable=True, activities=[{"title": "X", "date": date(2027, 1, 1), "amount": {"v": 1}}],
                        recipient="Ann B. Lee", third_party=True, third_party_reasons=[], ctx=ctx)
    assert list(future) == ["outside_window"]
    clean = run_checks(readable=True, activities=[{"title": "X", "date": date(2025, 1, 1), "amount": {"v": 1}}],
                       recipient="ANN LEE", third_party=True, third_party_reasons=[], ctx=ctx)
    assert clean == {}


def test_document_issued_or_signed_by_the_recipient_is_not_third_party() -> None:
    issued = decide("Certificate", "Maria Gomez", "Maria Gomez", [], [], 1, True)
    assert issued.third_party is False and "Maria Gomez" in issued.reasons[0]
    signed = decide("Certificate", "Maria Gomez", None, ["Maria Gomez"], [], 1, True)
    assert signed.third_party is False and "signature" in signed.reasons[0]
    unknown = decide("Certificate", "Maria Gomez", None, [], [], 1, True)
    assert unknown.third_party is None


@pytest.mark.parametrize("text, recipient", [
    ("Certificamos que Melina Nascimento França concluiu o curso Gestão de Conflitos", "Melina Nascimento França"),
    ("This is to certify that Nguyễn Vũ Thành Danh has completed the course", "Nguyễn Vũ Thành Danh"),
    ("La CNIL atteste que M. Simon Renaud a suivi avec succès les cours", "Simon Renaud"),
    ("Congratulations, Yahia Tarek\nElectrical Systems", "Yahia Tarek"),
    ("Otorga la presente constancia a: Valeria Ibarra Cienfuegos\nPor haber concluido", "Valeria Ibarra Cienfuegos"),
    ("This is to certify that Muhammad Rizwan S/O Muhammad Ibrahim had worked", "Muhammad Rizwan"),
    ("atteste que Madame Élodie\nMarchand-Viguier, née le 14 février 1987", "Élodie Marchand-Viguier"),
    ("KOUWAYE Kodjo Florent\nhas completed the training", "Kodjo Florent Kouwaye"),
])
def test_recipients_in_other_languages_and_scripts(text: str, recipient: str) -> None:
    from workers.fields.parties import find_recipient
    found = find_recipient(text)
    assert found is not None and found.value == recipient


@pytest.mark.parametrize("text, kind", [
    ("Jane Doe\njane.doe@gmail.com  +1 555 010 0199\nEXPERIENCE\nProcess engineer, Acme\nEDUCATION\nB.S.\n"
     "SKILLS\nLean, SPC\nCERTIFICATIONS\nLean Six Sigma Green Belt, Coursera", "résumé"),
    ("Lebenslauf\nAngaben zur Person\nMax Muster\nStudium\nTU Berlin\nPraxiserfahrung\nWerkstudent\nSprachkenntnisse",
     "résumé"),
    ("Statement of Purpose\nI am a computer science graduate. " + "I want to learn and my goal is research. " * 20,
     "statement"),
    ("A. Annapurna\nAsst. Prof.\nPhone: 9182221528\nEmail: a.annapurna@gmail.com\nS.No. Year Subject Pass",
     "self-report"),
    ("This is to certify that Jane Doe has successfully completed Lean Basics.\nContact: jane@gmail.com", None),
    # A two-column CV sets its headings beside its name, in cells; its contact details stand further down.
    ("Anna Kranz   Berufserfahrung / Praktika\nWerkstudentin, Hafenlogistik AG\nProfil   Ausbildung\n"
     "TU Dresden   Sprachkenntnisse\nDeutsch, Englisch\nE-Mail: anna.kranz@example.de", "résumé"),
    # Numbered headings, with no contact details printed.
    ("Luis Ortega\n1.-SOBRE MÍ\nEstudiante\n2.-DATOS PERSONALES   Edad: 23\n3.-FORMACIÓN ACADÉMICA\n"
     "4.-COMPETENCIAS LABORALES\nTrabajo en equipo", "résumé"),
    # A CV lists its certificates in their own words ("Certificate of Proficiency"); its sections decide.
    ("KWAME MENSAH\nPROFESSIONAL PROFILE\nRF engineer\nCORE COMPETENCIES\nRF planning\nWORKING EXPERIENCE\n"
     "Telecom Ltd\nRESPONSIBILITIES\nDrive tests\nKEY ACHIEVEMENTS\nCertificate of Proficiency in LTE", "résumé"),
])
def test_self_written_documents_are_told_from_certificates(text: str, kind: str | None) -> None:
    from workers.fields.provenance import self_written_kind
    assert self_written_kind(text) == kind


def test_a_resume_is_self_issued_with_no_activity() -> None:
    doc, fields = _read("Jane Doe\njane.doe@gmail.com  +1 555 010 0199\nEXPERIENCE\nProcess engineer, Acme Tools\n"
                        "EDUCATION\nB.S. Mechanical Engineering, 2019\nSKILLS\nStatistical process control\n"
                        "CERTIFICATIONS\nLean Six Sigma Green Belt, 16 hours, March 2024")
    assert fields.activities == [] and fields.issuer is None and fields.recipient == "Jane Doe"
    verdict = decide(doc.text, fields.recipient, fields.issuer, fields.signers, fields.self_pages, 1, True)
    assert verdict.third_party is False
    flags = run_checks(readable=True, activities=[], recipient=fields.recipient, third_party=False,
                       third_party_reasons=verdict.reasons, ctx=CheckContext(as_of=date(2026, 11, 1)))
    assert list(flags) == ["self_issued"]


@pytest.mark.parametrize("text, issuer", [
    ("has successfully completed Object-Oriented Programming, an online non-credit course authorized by "
     "Coursera Project Network and offered through Coursera", "Coursera Project Network"),
    ("A Escola Nacional de Administração Pública - Enap certifica que Ana Souza concluiu o curso", None),
    ("Certificate of Completion\nAnn Lee\nThe PMI Registered Education Provider logo is a registered mark of the "
     "Project Management Institute, Inc.\nLinkedIn Learning\n1000 W Maude Ave", "LinkedIn Learning"),
    ("ATTRIBUÉ PAR\nDirection du Renseignement et de la Sécurité de la Défense", None),
])
def test_issuers_from_wording_platforms_and_letterheads(text: str, issuer: str | None) -> None:
    from workers.fields.issuers import find_issuer
    found = find_issuer(text, "Ann Lee")
    assert found is not None
    if issuer:
        assert found.value == issuer
    else:
        assert found.value.split()[0] in {"Escola", "Direction"} and len(found.value.split()) >= 4


def test_letter_conventions_name_the_recipient_and_title() -> None:
    _, fields = _read("16 November, 2022\nTO WHOM IT MAY CONCERN\nRozina Mohaideen\nThis is to confirm that the above "
                      "named has successfully completed the programme detailed below.\n"
                      "Programme of Study:   ARTIFICIAL INTELLIGENCE\nQualification Obtained: MASTER OF SCIENCE")
    assert fields.recipient == "Rozina Mohaideen"
    assert fields.activities[0].title == "ARTIFICIAL INTELLIGENCE"


def test_a_statement_is_signed_by_its_author() -> None:
    from workers.fields.parties import find_sign_off
    found = find_sign_off("I am writing to apply for the internship.\nYours faithfully,\nVeselin Nanov\n")
    assert found is not None and found.value == "Veselin Nanov"


def test_ocr_that_drops_accents_is_still_the_same_person() -> None:
    from workers.fields.names import same_person
    assert same_person("Nguyén Va Thanh Danh", "Nguyễn Vũ Thành Danh")
    assert same_person("Martin Tschope", "Martin Tschöpe")
    assert not same_person("Martin Tschope", "Martina Schulz")


def test_dates_side_by_side_take_the_caption_under_each() -> None:
    """"04-Nov-2023   03-Nov-2024" over "on date   valid till date": the first date is the training's, the
    second is when it expires, each told by the caption in its own cell."""
    fields = extract_fields(doc_from_text(
        "CERTIFICATE OF TRAINING\nThis is to certify that\nRavi Menon\nhas successfully qualified in\n"
        "Water Rescue Basics\n04-Nov-2023   03-Nov-2024\non date   valid till date\nCoastal Rescue Academy"), [1])
    assert [(a.title, a.date) for a in fields.activities] == [("Water Rescue Basics", date(2023, 11, 4))]


@pytest.mark.parametrize(("text", "issuer"), [
    ("This is to certify that Mr. Omar Haddad has completed an\ninternship with Bright Path Innovations, as a "
     "Frontend Developer Intern.\nHR Head\nBright Path Innovations", "Bright Path Innovations"),
    ("has successfully participated in the Summer School on Robotics\nOrganised by\n"
     "Mechanical Engineering Department\nNorthfield Institute of Engineering and Technology, Leeds",
     "Northfield Institute of Engineering and Technology"),
    ("for completing the internship as a Mern Stack Developer at Kestrel Technologies", "Kestrel Technologies"),
])
def test_an_employer_or_a_school_is_named_for_itself(text: str, issuer: str) -> None:
    """An employer whose name ends with a company word, the school a department belongs to, and the
    employer after the intern's job: each is the issuer, not the department or the job."""
    from workers.fields.issuers import find_issuer

    found = find_issuer(text, None)
    assert found is not None and found.value == issuer


def test_a_list_of_contents_gives_neither_the_hours_nor_the_issuer() -> None:
    """"Inhalte des Projekts:" lists workshops with their own hours and the firms that ran them: the
    project's certificate states no hours of its own, and the school issued it."""
    fields = extract_fields(doc_from_text(
        "Hochschule Nordstadt\nFrau Lena Vogel\nhat im Sommersemester 2024 am\nSoftwareprojekt Robotik\n"
        "der Hochschule Nordstadt teilgenommen.\nInhalte des Projekts:\n"
        "Workshop „Kanban im Team“ (4 Unterrichtsstunden)\n"
        "Durchgeführt von der Agilwerk GmbH Berlin.\nWorkshop „Testen“ (6 Unterrichtsstunden)\n"
        "Nordstadt, 24.07.2024\nProf. Dr. Jan Berg"), [1])
    [activity] = fields.activities
    assert activity.amount is None
    assert fields.issuer == "Hochschule Nordstadt"


def test_a_total_inside_a_list_of_contents_is_the_whole_activitys() -> None:
    fields = extract_fields(doc_from_text(
        "Certificate of Completion\nThis certifies that Omar Haddad\nhas completed\nIndustrial Robot Programming\n"
        "Topics covered:\nTeach pendant basics (4 hours)\nPath planning (4 hours)\nTotal: 8 contact hours\n"
        "March 3, 2025\nNorthwind Training Institute"), [1])
    [activity] = fields.activities
    assert activity.amount is not None and (activity.amount.value, activity.amount.unit) == (8, "contact_hours")


@pytest.mark.parametrize(("text", "issuer"), [
    ("L’Organisation internationale de la Francophonie atteste que\nMme Awa Diallo\na suivi la formation",
     "Organisation internationale de la Francophonie"),
    ("HUAWEI TALENT\nCertificate of Completion\nLi Wei\nsuccessfully completed the study and exam of\nCloud Basics",
     "Huawei Talent"),
    ("Certificate of Achievement\nOmar Haddad\nIntroduction to Robotics\nUniversity of Northfield\n"
     "Verify at udemy.com/certificate/UC-1234", "University of Northfield"),
    ("Certificate of Completion\nOmar Haddad\nIntroduction to Robotics\nIt was a great learning experience.\n"
     "Northfield Technical Institute", "Northfield Technical Institute"),
])
def test_bodies_named_in_capitals_or_in_a_romance_language(text: str, issuer: str) -> None:
    """A Romance-language body whose name ends on a proper name, a platform printed in capitals; a
    platform's web address alone is not its name."""
    from workers.fields.issuers import find_issuer

    found = find_issuer(text, None)
    assert found is not None and found.value == issuer


def test_a_partner_below_a_department_is_not_the_issuer() -> None:
    from workers.fields.issuers import find_issuer

    found = find_issuer("has participated in the Winter School\nOrganised by\nDepartment of Physics\n"
                        "In collaboration with Indian Institute of Science", None)
    assert found is None or found.value != "Indian Institute of Science"


@pytest.mark.parametrize(("text", "issuer"), [
    ("HUAWEI Talent\nCertificate of Completion\nLi Wei", "Huawei Talent"),
    ("ORACLE University\nCertificate of Recognition\nLi Wei", "Oracle University"),
    ("ANNA University\nChennai\nProvisional Certificate", "ANNA University"),
])
def test_a_bodys_first_letter_is_not_an_article(text: str, issuer: str) -> None:
    """"O" and "A" are Portuguese articles before a name, but the first letters of ORACLE and ANNA."""
    from workers.fields.issuers import find_issuer

    found = find_issuer(text, None)
    assert found is not None and found.value == issuer


def test_an_event_said_to_be_held_is_the_title_when_no_other_wording_names_one() -> None:
    fields = extract_fields(doc_from_text(
        "Certificate of Merit\nAwarded to Priya Devi Menon\nof Example Institute of Technology for presenting an idea\n"
        "at the Riverside Innovation Exhibition held on 1st - 3rd February 2023\nat City Centre, Pune."), [1])
    assert [a.title for a in fields.activities] == ["Riverside Innovation Exhibition"]


def _left_aligned(lines: list[tuple[str, float]]) -> "DocText":
    """Lines of (text, type height), left-aligned one below the other; a character is 0.45 heights wide."""
    from workers.reading.layout import DocText, Line, Word

    out, top = [], 0.05
    for text, height in lines:
        words, spans, pos = [], [], 0
        for token in text.split(" "):
            x0 = 0.06 + pos * 0.45 * height
            words.append(Word(token, x0, top, x0 + len(token) * 0.45 * height, top + height))
            spans.append((pos, pos + len(token)))
            pos += len(token) + 1
        out.append(Line(1, words, text, spans))
        top += height * 1.5
    return DocText(out)


def test_a_title_that_runs_to_the_paragraphs_right_edge_goes_on_to_the_next_line() -> None:
    """A screenshot's paragraph beside a photo: the heading above it is wider, in larger type."""
    doc = _left_aligned([
        ("CERTIFICADO DE PARTICIPAÇÃO NO PROGRAMA DE BOLSAS", 0.035),
        ("Certificamos, para os devidos fins, que", 0.025), ("Ana Souza Lima", 0.025),
        ("participou da trilha Data Engineering (Python) - Cloud", 0.025),
        ("Foundations no Programa de Bolsas — Exemplo Tech, que ocorreu", 0.025),
        ("entre os dias 16/10/2023 e 13/03/2024, com duração de 400", 0.025),
        ("horas, o qual foi concluído com sucesso.", 0.025)])
    fields = extract_fields(doc, [1])
    assert [a.title for a in fields.activities] == ["Data Engineering (Python) - Cloud Foundations"]


def test_a_large_heading_that_the_sentence_names_in_full_gives_way_to_it() -> None:
    from workers.fields.titles import _says_less

    assert _says_less("HACKATHON 3", "GNA Hackathon 3.0")
    assert not _says_less("Certified Scrum Product Owner (CSPO)®",
                          "Certified Scrum Product Owner (CSPO)® as per the guidelines of Scrum Alliance® and")
    assert not _says_less("Cloud Security Essentials", "Network Basics")


def test_a_longer_line_above_a_signatory_is_not_a_wrapped_paragraph() -> None:
    doc = _left_aligned([("CERTIFICATE OF COMPLETION FOR THE ADVANCED PROGRAM", 0.035),
                         ("This certifies that Ana Souza Lima", 0.025),
                         ("has successfully completed Python Basics", 0.025), ("Instructor Mark Twain", 0.025)])
    assert [a.title for a in extract_fields(doc, [1]).activities] == ["Python Basics"]


@pytest.mark.parametrize(("text", "when"), [
    ("Hiermit wird bestätigt, dass Max Muster am 12.05.2023 am Kurs Projektmanagement teilgenommen hat.",
     date(2023, 5, 12)),
    ("This certifies that Will Turner completed the course Welding Basics on 12 March 2024.", date(2024, 3, 12)),
    ("This certificate will be valid for two years.\nCompleted on 12 March 2024\nIssued 20 March 2024",
     date(2024, 3, 12)),
])
def test_only_a_sentence_about_what_is_yet_to_come_loses_its_date(text: str, when: date) -> None:
    assert [a.date for a in extract_fields(doc_from_text(text), [1]).activities] == [when]


@pytest.mark.parametrize("text", [
    "Concluídas com êxito\nManuel Viana\nAprenda a criar com o Power BI\n12 de outubro de 2025",
    "CERTIFICADO DE PARTICIPAÇÃO\nBeatriz Lima realizou a imersão com carga horária de 2 horas",
    "Certificado de Aprobación Online\nLuis Ortega\npor completar con éxito el curso de:\nGIMP Diseño Gráfico",
    "El Consejo Académico concede la distinción TRABAJO MERITORIO al estudiante Jorge Burbano",
    "ATTESTATO DI FREQUENZA\nSi attesta che Marco Bianchi ha frequentato il corso Formazione generale",
    "TN-Bescheinigung\nFrau Anna Kranz hat am Seminar Projektmanagement erfolgreich teilgenommen",
    "Attestation de formation\nMme Claire Petit a suivi la formation Sécurité incendie",
])
def test_a_certificate_worded_in_its_issuer_s_voice_is_third_party_in_each_language(text: str) -> None:
    """A certificate whose issuer is only a logo still comes from someone else when it speaks in the issuer's
    voice, in whichever language read."""
    verdict = decide(text, None, None, [], [], 1, True)
    assert verdict.third_party is True and "issuer's voice" in verdict.reasons[-1]


def test_a_cv_that_names_a_zertifikat_is_still_the_author_s_own() -> None:
    """A CV lists its certificates by name ("Zertifikat Scrum Master"); the bare word is no issuer's voice."""
    text = ("Lebenslauf\nAnna Kranz\nanna.kranz@example.de\nBerufserfahrung\nProjektleiterin\nAusbildung\n"
            "TU Dresden\nKenntnisse\nZertifikat Scrum Master (2022)")
    assert self_written_kind(text) == "résumé"
