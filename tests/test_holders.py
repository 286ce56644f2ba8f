"""Who a document is about, in the shapes real certificates and résumés print it (issue 9): a form's
"Ms./Mr." before the holder, a given name's initial glued to the next name, "Course completed by", a name
broken by a line's end, and a résumé's or statement's author at its head. Pure: text (or word boxes) in,
names out; every document here is written for the test."""

from __future__ import annotations

import pytest

from tests.textdoc import doc_from_text
from workers.fields.authors import find_author
from workers.fields.blocks import TypeSizes
from workers.fields.extract import extract_fields
from workers.fields.parties import find_recipient, find_recipient_by_type
from workers.reading.layout import DocText, Line, Word


@pytest.mark.parametrize(("text", "holder"), [
    ("CERTIFICATE\nThis is to certify that\nMs./Mr. PRIYA NANDAKUMAR\nSon/Daughter of RAVI NANDAKUMAR",
     "Priya Nandakumar"),
    ("This certificate is awardedto\nMr./Mrs./M: KAVYA MENON RAO\nS/o., AJAY RAO", "Kavya Menon Rao"),
    ("Lean Basics\nCourse completed by Tomás R. Aguilar Vidal\nMar 3, 2025 at 10:15AM UTC", "Tomás R. Aguilar Vidal"),
    # the same platform's certificate in the other languages it prints
    ("Gestion de projet\nCours terminé par Léa Martin-Dubois\njanv. 12, 2025", "Léa Martin-Dubois"),
    ("Gestão de projetos\nCurso concluído por Ana Paula Rocha\n12 de jan. de 2025", "Ana Paula Rocha"),
    ("Projektmanagement\nKurs abgeschlossen von Jonas Weber\n12. Jan. 2025", "Jonas Weber"),
    # a name line over the words "completed successfully", in Portuguese
    ("Rafael Costa Nunes\nconcluídas com êxito\nComece a criar com o Power BI", "Rafael Costa Nunes"),
    ("Através deste, confirmamos que o aluno Bruno Lima Teixeira participou do minicurso", "Bruno Lima Teixeira"),
    # the holder before a birth date, the way German, French, Spanish and Portuguese records name one
    ("Qualifiziertes Zeugnis\nHerr Jonas Weber, geboren am 13.10.1996, war vom 29.01.2021 bis", "Jonas Weber"),
    ("Attestation\nMadame Léa Martin, née le 3 mars 1990, a suivi la formation", "Léa Martin"),
    # "this certificate is proof that", "this is to recognize", a German form's "Herr / Frau" field
    ("Este certificado es una constancia de que Lucía Prado Ruiz\nha asistido al curso online", "Lucía Prado Ruiz"),
    ("CERTIFICATE OF PARTICIPATION\nThis is to recognize\nOmar Vega, Lena Park,\nwho completed", "Omar Vega"),
    ("Teilnahmebescheinigung\nHerr / Frau   Yilmaz, Ahmet\nHiermit wird bescheinigt", "Ahmet Yilmaz"),
    ("Virtual Learning Academy\nTranscript for Dana Whitfield\nCourse   Date Completed", "Dana Whitfield"),
    # a form's "Name" label on a line of its own, its value below
    ("Unofficial Academic Transcript\nSTUDENT INFORMATION\nName\nMubeen Yaqub\nCurrent Program", "Mubeen Yaqub"),
    # a record made out for its holder: "Notenübersicht für Herrn …", "Relevé pour Madame …"
    ("Hochschule Rheinland\nNotenübersicht für Herrn Lukas Brandt\nModul   Note   ECTS", "Lukas Brandt"),
    ("Relevé de notes pour Madame Léa Martin\nUnité   Note", "Léa Martin"),
    ("This certificate is proudly awarded to\nK.ARJUN VELU PRAKASH\nFor successfully completing",
     "K.Arjun Velu Prakash"),
    ("A Escola Técnica Modelo certifica que JOANA MARIA\nSOUZA LIMA, portadora do documento RG 1234, concluiu o curso",
     "Joana Maria Souza Lima"),
    ("This is to certify that Mr.   ARUN S   S/o Mr.   SELVAM R   has successfully completed", "Arun S"),
    ("This certificate is proudly presented to\nPRIYA\nhas successfully completed four months internship", "Priya"),
    ("This Document is to Certify that\nVINOD.R\nHas successfully attended the above course,", "Vinod R"),
    # a name typed in lower case into the certificate's blank
    ("Certificate of Merit\nAwarded to priya devi menon\nof Example Institute of Technology", "Priya Devi Menon"),
    # a record drawn as a table: each label in its cell, the value in the next, no colon
    ("OFFICIAL TRANSCRIPT\n|LAST NAME   RAHIMI   DEPARTMENT   ECONOMICS\nFATHER NAME   KARIM\n"
     "NAME   |   FARID   GENDER   MALE", "Farid Rahimi"),
    # a record that writes the holder's Chinese name as one word in its name field
    ("ACADEMIC RECORD\nName: WangXiaoMing   Student Number: 181002317\nMajor: Forestry", "WangXiaoMing"),
    # a form's field ends at its cell: the next label is no part of the name
    ("FINAL TRANSCRIPT\nStudent's Name:   AHMED FARAZ   RegistrationNo:   59974", "Ahmed Faraz"),
    ("GRADE SHEET\nName : RAVI MENON   Enrollment No :201010455", "Ravi Menon"),
])
def test_the_holder_is_read_as_printed(text: str, holder: str) -> None:
    found = find_recipient(text)
    assert found is not None and found.value == holder


def test_a_name_on_a_line_of_its_own_does_not_take_the_place_below_it() -> None:
    found = find_recipient("This is to certify that Jane Doe\nBoston, MA")
    assert found is not None and found.value == "Jane Doe"
    assert find_recipient("This certificate is presented to\nPARTICIPANT\nfor attending the workshop") is None
    assert find_recipient("This certificate is awarded to all participants\nof the workshop") is None
    assert find_recipient("Hiermit wird bestätigt, dass er am\nKurs teilnahm") is None
    assert find_recipient("Name: Python   Duration: 6 weeks") is None
    assert find_recipient("Name: John Smith\nLast Name: Smith").value == "John Smith"
    assert find_recipient("|LAST NAME   RAHIMI\nFATHER  NAME   KARIM\nNAME   |   FARID").value == "Farid Rahimi"


def test_an_initial_glued_to_the_name_makes_a_name_of_two_words() -> None:
    from workers.fields.names import clean_name

    assert clean_name("A.Annapurna") == "A.Annapurna"
    assert clean_name("Annapurna") is None
    assert _author([("Teaching Report", 0.3, 0.013), ("K.Sharada", 0.1, 0.016), ("Asst. Prof.", 0.1, 0.013)] + BODY) \
        == "K.Sharada"


def _typed(lines: list[tuple[str, float, float]]) -> DocText:
    """Lines of (text, left edge, type height), one below the other; cells split at three spaces."""
    out, top = [], 0.05
    for text, x, height in lines:
        words, spans, pos, left = [], [], 0, x
        for cell in text.split("   "):
            for token in cell.split(" "):
                words.append(Word(token, left, top, left + 0.6 * height * len(token), top + height))
                spans.append((pos, pos + len(token)))
                left += 0.6 * height * (len(token) + 1)
                pos += len(token) + 1
            left += 0.3
            pos += 2
        out.append(Line(1, words, text, spans))
        top += height * 1.6
    return DocText(out)


def _author(lines: list[tuple[str, float, float]]) -> str | None:
    found = find_author(TypeSizes.of(_typed(lines)))
    return found.value if found else None


BODY = [("Backend developer with five years of experience in payment systems and data pipelines.", 0.1, 0.012)] * 6


def test_a_statement_names_its_author_in_its_heading() -> None:
    assert _author([("Personal Essay – Meera Iyer", 0.1, 0.014),
                    ("Date: 17 Nov 2025", 0.1, 0.014)] + BODY) == "Meera Iyer"


def test_a_statement_author_may_lead_with_initials() -> None:
    assert _author([("Statement of Purpose", 0.3, 0.018), ("A K Farouqui   Ph.D. Applicant", 0.1, 0.0126)] + BODY) \
        == "A K Farouqui"


def test_a_resume_name_set_large_over_two_lines_is_one_name() -> None:
    assert _author([("São Carlos", 0.7, 0.014), ("MARIA CLARA   +55 (16) 99999-0000", 0.09, 0.03),
                    ("VIEIRA DUARTE   maria@example.org", 0.075, 0.029)] + BODY) == "Maria Clara Vieira Duarte"


def test_a_resume_may_give_one_name_alone_in_its_largest_type() -> None:
    assert _author([("RAVI", 0.45, 0.025), ("Pune | ravi@example.org | github.com/ravi", 0.2, 0.011),
                    ("SUMMARY", 0.1, 0.013)] + BODY) == "Ravi"
    assert _author([("RESUME", 0.45, 0.025), ("SUMMARY", 0.1, 0.013)] + BODY) is None


def test_a_resume_author_comes_from_its_head_not_from_a_project_in_its_body() -> None:
    doc = _typed([("RAVI", 0.45, 0.025), ("Pune | ravi@example.org", 0.2, 0.011), ("SUMMARY", 0.1, 0.013)] + BODY
                 + [("PROJECTS", 0.1, 0.013), ("Name: Fleet Tracker Platform", 0.1, 0.012),
                    ("EXPERIENCE", 0.1, 0.013), ("Resume of work: I built the billing system.", 0.1, 0.012)])
    fields = extract_fields(doc, [1])
    assert fields.activities == [] and fields.recipient == "Ravi"


def test_a_surname_first_form_is_unchanged() -> None:
    assert find_recipient(doc_from_text("Name: Chen, Wei\nCourse: Welding").text).value == "Wei Chen"


def test_a_two_column_resume_names_its_author_under_the_photo() -> None:
    """The other column's paragraphs are read first; the name stands in the top third all the same."""
    column = [("Backend developer with five years of experience in payment systems.", 0.5, 0.006)] * 14
    name = [("MIHAI ANDREI POPESCU", 0.1, 0.012), ("Lead Software Developer", 0.1, 0.007)]
    assert _author(column + name + [("SKILLS", 0.1, 0.009)]) == "Mihai Andrei Popescu"


@pytest.mark.parametrize("text", [
    "This is to certify that CLASS X student of our school", "This is to certify that Grade A has been awarded",
    "This is to certify that Section A students attended", "Dear Candidate X,",
    "I worked at Infosys for two years. Afterwards\nI completed my masters",
    "This is to certify that Ph.D scholar of our department",
    "This certificate is presented to\nyou\nin recognition of your support",
    "Presented to\nParticipants\nfor attending the workshop",
])
def test_a_word_before_a_letter_or_alone_on_its_line_is_not_always_a_name(text: str) -> None:
    assert find_recipient(text) is None


def test_single_initials_before_a_name_and_capitals_after_an_apostrophe() -> None:
    from workers.fields.names import clean_name

    assert clean_name("V S Ramesh") == "V S Ramesh"
    assert clean_name("O'BRIEN PATRICK") == "O'Brien Patrick"


def test_a_resume_s_section_heading_set_large_is_not_its_author() -> None:
    """A two-column CV may set a section heading larger than anything but the name: "Work Experience",
    "Sobre Mim", "Über mich" are never the author."""
    assert _author([("Work Experience", 0.45, 0.03), ("Lena Vogt", 0.1, 0.025), ("SUMMARY", 0.1, 0.013)]
                   + BODY) == "Lena Vogt"
    assert _author([("Sobre Mim", 0.45, 0.03), ("SUMMARY", 0.1, 0.013)] + BODY) is None


def test_a_heading_in_the_largest_type_is_not_the_holder() -> None:
    """With no wording to go by, the holder is the name set largest; a heading made of the words documents
    use about themselves ("Attestato di Frequenza") is not a name."""
    doc = _typed([("Attestato di Frequenza", 0.2, 0.035), ("Luca Verdi", 0.25, 0.025)] + BODY)
    found = find_recipient_by_type(TypeSizes.of(doc))
    assert found is not None and found.value == "Luca Verdi"


@pytest.mark.parametrize("text", [
    "SURNAME: SMITH\nGIVEN NAMES: John Paul\n",
    "  |Last Name  YOUSUFZAI   First Name | Malala\n",
    "Nom de famille : Dupont\nPrénom : Marie\n",
    "_Surname: Smith\n",  # "_" is a word character: no field starts there
    "NAME | ABDULLAH\nFATHER  NAME | KHAN\n",
    "Certificate of completion\nThis certifies that Jane Doe completed the course.\n",
])
def test_form_fields_answer_as_their_whole_pattern_does(text: str) -> None:
    """The sieve in front of a form field (its labels, looked for first) never misses a field its whole
    pattern finds."""
    from workers.fields import parties
    for field in (parties._SURNAME_FIELD, parties._GIVEN_FIELD, parties._NAME_FIELD):
        whole = field._regex  # type: ignore[attr-defined]  # sieved: workers/fields/sieve.py
        found, expected = field.search(text), whole.search(text)
        assert (found and found.span("value")) == (expected and expected.span("value"))
        assert [m.span("value") for m in field.finditer(text)] == [m.span("value") for m in whole.finditer(text)]
