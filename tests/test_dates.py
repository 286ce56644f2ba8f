"""Dates in every form documents use, and which of them is the activity's."""

from datetime import date

import pytest

from tests.textdoc import doc_from_text
from workers.checks import CheckContext
from workers.fields.amounts import find_amounts
from workers.fields.dates import _dates_in, find_dates
from workers.fields.extract import extract_fields
from workers.pipeline import analyse
from workers.reading.layout import Word
from workers.reading.pages import PageText


@pytest.mark.parametrize("text, start, end", [
    ("March 14, 2025", None, date(2025, 3, 14)),
    ("14 March 2025", None, date(2025, 3, 14)),
    ("03/14/2025", None, date(2025, 3, 14)),
    ("2025-03-14", None, date(2025, 3, 14)),
    ("Mar. 14, 2025", None, date(2025, 3, 14)),
    ("this 14th day of March, 2025", None, date(2025, 3, 14)),
    ("Sept 3rd, 2024", None, date(2024, 9, 3)),
    ("March 12–14, 2025", date(2025, 3, 12), date(2025, 3, 14)),
    ("12-14 March 2025", date(2025, 3, 12), date(2025, 3, 14)),
    ("March 30 - April 2, 2025", date(2025, 3, 30), date(2025, 4, 2)),
    ("Dec 28, 2024 - Jan 3, 2025", date(2024, 12, 28), date(2025, 1, 3)),
    ("from 03/12/2025 to 03/14/2025", date(2025, 3, 12), date(2025, 3, 14)),
])
def test_date_forms(text: str, start: date | None, end: date) -> None:
    [mention] = find_dates(text)
    assert (mention.start, mention.end) == (start, end)


def test_numeric_dates_are_us_order_unless_the_first_part_is_over_12() -> None:
    assert find_dates("04/05/2025")[0].end == date(2025, 4, 5)
    assert find_dates("25/05/2025")[0].end == date(2025, 5, 25)


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("02/30/2025 and 13/13/2025") == []


@pytest.mark.parametrize("text, expected", [
    ("Course: Lean Basics\nCompleted: March 3, 2025\nDate issued: April 20, 2025\n6 contact hours", "2025-03-03"),
    ("Date printed: 09/01/2026\nCourse: Lean Basics\nDate of completion: 05/06/2025\n6 contact hours", "2025-05-06"),
    ("Course: Lean Basics, 6 contact hours\nValid until June 1, 2028\nCompleted June 1, 2025", "2025-06-01"),
    ("Name: Ann Lee   Date of Birth: 02/03/1980\nCourse: Lean Basics held on 4/9/2025, 6 contact hours", "2025-04-09"),
    ("From: Acme Training <a@acme.org>\nSent: May 9, 2025\nSubject: Lean Basics\n"
     "Thank you for attending Lean Basics on May 2, 2025. It qualifies for 2 PDH.", "2025-05-02"),
    ("Kestrel Aerospace Inc.\nJuly 30, 2025\nTo Whom It May Concern:\nThis letter confirms that Ann Lee "
     "completed the course \"Lean Basics\" on July 2, 2025, a total of 8 hours.", "2025-07-02"),
])
def test_the_activity_date_is_chosen_over_other_dates(text: str, expected: str) -> None:
    fields = extract_fields(doc_from_text(text), [1])
    assert fields.activities[0].date is not None
    assert fields.activities[0].date.isoformat() == expected


@pytest.mark.parametrize("text, start, end", [
    ("12 de março de 2023", None, date(2023, 3, 12)),
    ("17 mars 2024", None, date(2024, 3, 17)),
    ("12. März 2023", None, date(2023, 3, 12)),
    ("15 de Agosto de 2021", None, date(2021, 8, 15)),
    ("du 3 au 5 mars 2024", date(2024, 3, 3), date(2024, 3, 5)),
    ("3 a 5 de marzo de 2024", date(2024, 3, 3), date(2024, 3, 5)),
    ("vom 3. bis 5. März 2024", date(2024, 3, 3), date(2024, 3, 5)),
    ("hat am 22.-23.10. 2025 am Seminar", date(2025, 10, 22), date(2025, 10, 23)),
    ("from 9th-Aug-2021 to 29th-Jul-2022", date(2021, 8, 9), date(2022, 7, 29)),
    ("20-Jan-25", None, date(2025, 1, 20)),
    ("On the Eighth Day Of October\nOf The Year 2025", None, date(2025, 10, 8)),
    ("from 23\" May 2022 to 27\" May 2022", date(2022, 5, 23), date(2022, 5, 27)),
    ("July 06\" - 11\", 2025, IIT - Indore", date(2025, 7, 6), date(2025, 7, 11)),  # a raised "th" before a comma
    ("August, 2024", None, date(2024, 8, 1)),
    ("Completed: 02/2019", None, date(2019, 2, 1)),
    ("MONTH & YEAR OF EXAMINATION - JUL - 2022", None, date(2022, 7, 1)),
    ("Feb/2022", None, date(2022, 2, 1)),
    # Turkish and Indonesian, with the dotless i as OCR and plain typing write it
    ("Tarih 13 Aralık 2021", None, date(2021, 12, 13)),
    ("Tarih 13 Aralik 2021", None, date(2021, 12, 13)),
    ("26 Şubat 2025 tarihinde", None, date(2025, 2, 26)),
    ("Jakarta, 6 Maret 2026", None, date(2026, 3, 6)),
    ("2 Agustus 2025", None, date(2025, 8, 2)),
])
def test_dates_in_other_languages_and_real_forms(text: str, start: date | None, end: date) -> None:
    [mention] = find_dates(text)
    assert (mention.start, mention.end) == (start, end)


def test_numeric_order_follows_the_document() -> None:
    from workers.fields.dates import day_first_order
    assert day_first_order("Issue date: 25/06/2024, completed 04/05/2024") is True
    assert day_first_order("Completed 06/25/2024 and 04/05/2024") is False
    assert day_first_order("09.09.2025 - 08.10.2025") is True
    assert day_first_order("em 04/10/2022", "pt") is True
    assert day_first_order("on 04/10/2022", "en") is False


@pytest.mark.parametrize("text, expected", [
    ("Name: Ann Lee\nDate of Birth: 02/03/1980\nCourse: Lean Basics\nIssue date: 23/04/2024", "2024-04-23"),
    ("Certificamos que Ana Souza, nascido (a) em 30/03/1991, concluiu o curso Lean em 12 de março de 2025.",
     "2025-03-12"),
    ("Course: Lean Basics\nUpdated: 03/2024 • Completed: August 2024", "2024-08-01"),
])
def test_birth_and_revision_dates_never_count_and_issue_dates_do_when_alone(text: str, expected: str) -> None:
    fields = extract_fields(doc_from_text(text), [1])
    assert fields.activities[0].date is not None and fields.activities[0].date.isoformat() == expected


def test_an_expiry_date_alone_is_no_date() -> None:
    fields = extract_fields(doc_from_text("Certified Network Administrator\nCertification expires on\n2023/12/18"), [1])
    assert fields.activities[0].date is None


def test_a_range_between_two_dates_and_a_date_broken_at_its_hyphen() -> None:
    assert [(d.start, d.end) for d in find_dates("between August 1 and August 14, 2021")] == [
        (date(2021, 8, 1), date(2021, 8, 14))]
    # "from 9th-" at a line's end, "Aug-2021 to 29th-Jul-2022" on the next
    assert [(d.start, d.end) for d in find_dates("worked with us from 9th-\nAug-2021 to 29th-Jul-2022.")] == [
        (date(2021, 8, 9), date(2022, 7, 29))]
    # two days named apart are not a range
    assert [(d.start, d.end) for d in find_dates("held on March 3 and March 5, 2025")] == [(None, date(2025, 3, 5))]


@pytest.mark.parametrize(("cell", "when"), [
    ("Fetv2022", date(2022, 2, 1)), ("Fen2022", date(2022, 2, 1)), ("Julf2022", date(2022, 7, 1)),
    ("Mayi2021", date(2021, 5, 1)), ("Sep/2019", date(2019, 9, 1)),
    ("juv2022", None),  # June or July: no one month
    ("wu2022", None), ("18CSS101", None), ("ENGLISH", None), ("Fe2022x", None),
])
def test_a_month_and_year_cell_is_read_through_what_ocr_does_to_its_slash(cell: str, when: date | None) -> None:
    from workers.fields.dates import misread_month_year

    assert misread_month_year(cell) == when


def test_a_date_yet_to_come_is_not_when_the_activity_was_done() -> None:
    fields = extract_fields(doc_from_text(
        "16 November, 2022\nTO WHOM IT MAY CONCERN\nPriya Raman\nThis is to confirm that the above named has "
        "successfully completed the programme detailed below and a recommendation will be forwarded to Senate "
        "for approval of the award on 12 December 2022.\nProgramme of Study: DATA SCIENCE\nExaminations Office"), [1])
    assert [a.date for a in fields.activities] == [date(2022, 11, 16)]


def test_the_month_tree_matches_what_the_plain_alternation_matches() -> None:
    """`_one_of` writes the month names as a tree of shared beginnings; it must find the same month,
    the longest first, at the same place, as "longest|…|shortest" does."""
    import random
    import re

    from workers.fields.dates import MONTHS, _one_of

    words = set(MONTHS)
    plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\.?\s*\d",
                       re.I)
    tree = re.compile(r"\b" + _one_of(words) + r"\.?\s*\d", re.I)
    rng = random.Random(7)
    names = sorted(words)
    texts = [f"{w} 3" for w in names] + [f"{w.upper()}. 12" for w in names] + [f"x{w} 1" for w in names]
    texts += [" ".join(rng.choice(names)[: rng.randint(2, 9)] + rng.choice(["", ".", " ", "s "])
                       + str(rng.randint(1, 31)) for _ in range(6)) for _ in range(2000)]
    bare_plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")", re.I)
    bare_tree = re.compile(r"\b" + _one_of(words), re.I)  # where a shorter name would match too: "mar" in "march"
    for text in texts:
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        assert [m.span() for m in bare_tree.finditer(text)] == [m.span() for m in bare_plain.finditer(text)], text


def test_remembered_mentions_are_the_callers_own() -> None:
    """find_dates and find_amounts remember a line's mentions within a document: a caller that edits the
    list it was given must not change what the next caller reads, and the day-first reading is separate."""
    first = find_dates("held 03/04/2025")
    first.clear()
    assert [m.end for m in find_dates("held 03/04/2025")] == [date(2025, 3, 4)]
    assert [m.end for m in find_dates("held 03/04/2025", day_first=True)] == [date(2025, 4, 3)]
    amounts = find_amounts("8 contact hours")
    amounts.append(amounts[0])
    assert len(find_amounts("8 contact hours")) == 1


def test_a_document_leaves_nothing_remembered() -> None:
    """The memory is per document: analysing one starts empty, so no line of the one before is kept."""
    find_dates("a line of an earlier document, 14 March 2025")
    analyse([PageText(1, "text_layer", [Word("Certificate", 10, 10, 80, 20)])], "application/pdf",
            CheckContext(as_of=date(2026, 11, 1), window_years=3, applicant="A. Person"))
    assert _dates_in.cache_info().currsize == 0  # the page has no digit, so nothing of its own was kept


@pytest.mark.parametrize("text, end", [
    ("J ul 10, 2025", date(2025, 7, 10)),  # a text layer split the kerned capital from its month
    ("D ec 3, 2024", date(2024, 12, 3)),
    ("el día   14   del mes   mayo   del año   2024", date(2024, 5, 14)),
    ("a los 14 días del mes de mayo de 2024", date(2024, 5, 14)),
    ("aos 14 dias do mês de maio de 2024", date(2024, 5, 14)),
    ("le 14 du mois de mai 2024", date(2024, 5, 14)),
])
def test_split_month_names_and_formal_deed_dates(text: str, end: date) -> None:
    [mention] = find_dates(text)
    assert mention.end == end


def test_a_split_is_read_only_between_a_capital_and_lower_case() -> None:
    assert find_dates("a pr 3, 2024") == [] and find_dates("JU L 3, 2024") == []


def test_a_credential_valid_from_a_date_was_earned_on_it() -> None:
    """"Valid from: May 15 2023 - Jun 13 2025" is a validity period: the credential dates from its start."""
    doc = doc_from_text("HubSpot Academy\nCertificate\nJane Roe\nGrowth-Driven Design\n"
                        "Valid from: May 15 2023 - Jun 13 2025")
    [activity] = extract_fields(doc, [1]).activities
    assert (activity.start_date, activity.date) == (None, date(2023, 5, 15))


@pytest.mark.parametrize("text, span", [
    ("hat im Zeitraum vom 09.07. — 03.08.2007 teilgenommen", (date(2007, 7, 9), date(2007, 8, 3))),
    ("vom 28.12. - 03.01.2008", (date(2007, 12, 28), date(2008, 1, 3))),  # across the new year
])
def test_a_german_range_that_prints_its_year_once(text: str, span: tuple[date, date]) -> None:
    [mention] = find_dates(text, True)
    assert (mention.start, mention.end) == span


def test_a_birth_date_after_geb_is_never_the_activitys() -> None:
    """"geb. am 12.02.1977" (geboren am, abbreviated) is the holder's birth, not the course's date."""
    doc = doc_from_text("TEILNAHME-ZERTIFIKAT\nHerr Ahmet Yilmaz\ngeb. am 12.02.1977\nhat an dem Lehrgang\n"
                        "Elektrofachkraft für festgelegte Tätigkeiten\n16.01.2009 - 21.02.2009\nteilgenommen.")
    [activity] = extract_fields(doc, [1]).activities
    assert (activity.start_date, activity.date) == (date(2009, 1, 16), date(2009, 2, 21))


def test_a_raised_th_that_ocr_read_as_a_mark() -> None:
    """OCR reads a raised "th" after the day as "%" or "'": "From. 20% August 2022 to 20' September 2022"."""
    [mention] = find_dates("From. 20% August 2022 to 20' September 2022", True)
    assert (mention.start, mention.end) == (date(2022, 8, 20), date(2022, 9, 20))


@pytest.mark.parametrize("text, start, end", [
    ("from January 6, 2025, to February 5, 2025.", date(2025, 1, 6), date(2025, 2, 5)),
    ("war vom 1. Oktober 2024\nbis zum 31. März 2025 als Praktikantin", date(2024, 10, 1), date(2025, 3, 31)),
    ("Fecha inicio: 10/06/2024 Finalización: 14/10/2024", date(2024, 6, 10), date(2024, 10, 14)),
    ("Data inizio corso: 03-04-2024 - Data completamento: 03-04-2024", date(2024, 4, 3), date(2024, 4, 3)),
    ("início em 26/09/2025, término em 12/10/2025", date(2025, 9, 26), date(2025, 10, 12)),
    ("pelatihan 2 Juli 2025 s/d 3 Juli 2025", date(2025, 7, 2), date(2025, 7, 3)),
    # a list of days in one month runs from the first to the last
    ("Session date 20|21|22 & 24 September 2025", date(2025, 9, 20), date(2025, 9, 24)),
    ("realizado nos dias 5 e 6 de maio de 2024", date(2024, 5, 5), date(2024, 5, 6)),
    ("held on 3, 4 and 5 May 2024", date(2024, 5, 3), date(2024, 5, 5)),
])
def test_a_range_written_out_in_words_is_one_range(text: str, start: date, end: date) -> None:
    assert [(m.start, m.end) for m in find_dates(text, day_first=True)] == [(start, end)]


@pytest.mark.parametrize("text", [
    "Issued 3 May 2024. Valid until 3 May 2027",  # an issue date and an expiry: no word starts a period
    "born 3 May 1990 and joined on 3 May 2020",  # the first date is a birth, not a start
    # a start, but what follows it is a sentence, not the few words that end a period
    "from 3 May 2024 she worked on many projects with our team in the department and ended on 3 June 2024",
    "from 3 June 2024 to 3 May 2024",  # an end before its start
])
def test_two_dates_with_no_worded_period_between_them_stay_two(text: str) -> None:
    assert len(find_dates(text, day_first=True)) == 2


@pytest.mark.parametrize("text, start, end", [
    ("Prof. A. Thangaraj   Jul-Aug 2025   Prof. V. M.", date(2025, 7, 1), date(2025, 8, 1)),
    ("Jan-Apr 2024 (12 week course)", date(2024, 1, 1), date(2024, 4, 1)),
    ("July - October 2023", date(2023, 7, 1), date(2023, 10, 1)),
    ("Nov-Feb 2024", date(2023, 11, 1), date(2024, 2, 1)),  # a period over the new year
])
def test_a_period_of_months_that_prints_its_year_once(text: str, start: date, end: date) -> None:
    mentions = find_dates(text)
    assert [(m.start, m.end, m.month_only) for m in mentions] == [(start, end, True)]
