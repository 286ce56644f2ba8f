"""Amounts in the forms providers write them, normalised to contact hours."""

import pytest

from workers.fields.amounts import contact_hours, find_amounts, preferred


@pytest.mark.parametrize("text, value, unit", [
    ("Eight (8) Contact Hours", 8, "contact_hours"),
    ("6.5 contact hours of instruction", 6.5, "contact_hours"),
    ("1.6 CEUs", 1.6, "ceu"),
    ("0.15 CEU", 0.15, "ceu"),
    ("3 semester credit hours", 3, "credit_hours"),
    ("4 quarter credit hours", 4, "quarter_credit_hours"),
    ("7.5 PDUs", 7.5, "pdu"),
    ("1.5 PDH", 1.5, "pdh"),
    ("Duration: 16 hours", 16, "contact_hours"),
    ("Contact Hours: 6.5", 6.5, "contact_hours"),
    ("CEUs awarded: 0.8", 0.8, "ceu"),
    ("Date: 09/16/2022 | 9 CEU Hours", 9, "contact_hours"),  # hours of continuing education, not CEUs
    ("3 Continuing Education Units", 3, "ceu"),
    ("a 16-hour course", 16, "contact_hours"),
    ("this 90 minute webinar", 1.5, "contact_hours"),
    ("12 Clock Hours", 12, "contact_hours"),
    ("two and a half hours", 2.5, "contact_hours"),
])
def test_amount_forms(text: str, value: float, unit: str) -> None:
    best = preferred(find_amounts(text))
    assert best is not None
    assert (best.value, best.unit) == (value, unit)


def test_hours_win_when_the_same_amount_is_stated_twice() -> None:
    best = preferred(find_amounts("awarded 1.6 CEUs (16 contact hours)"))
    assert best is not None and (best.value, best.unit) == (16, "contact_hours")


@pytest.mark.parametrize("text", [
    "30 PDUs are required within 3 years",
    "Please allow 48 hours for processing",
    "requires 24 hours notice",
])
def test_requirements_and_deadlines_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize("value, unit, hours", [
    (1.6, "ceu", 16), (3, "credit_hours", 45), (4, "quarter_credit_hours", 40), (7.5, "pdu", 7.5),
    (1.5, "pdh", 1.5), (8, "contact_hours", 8),
])
def test_normalisation_to_contact_hours(value: float, unit: str, hours: float) -> None:
    assert contact_hours(value, unit) == hours


def test_an_hour_count_in_the_title_gives_way_to_the_stated_amount() -> None:
    from tests.textdoc import doc_from_text
    from workers.fields.extract import extract_fields

    doc = doc_from_text("Certificate of Completion\nThis certifies that Ann Lee\nhas successfully completed\n"
                        "OSHA 30-Hour Construction Refresher\non March 3, 2025\n4 contact hours")
    [act] = extract_fields(doc, [1]).activities
    assert act.title == "OSHA 30-Hour Construction Refresher"
    assert (act.value, act.unit) == (4, "contact_hours")


@pytest.mark.parametrize("text, value, unit", [
    ("com carga horária de 30 hora(s)", 30, "contact_hours"),
    ("Formation tutorée de 60h", 60, "contact_hours"),
    ("17.5 heures au total", 17.5, "contact_hours"),
    ("con una duración de 16 horas", 16, "contact_hours"),
    ("12 hours 2 min", 12.03, "contact_hours"),
    ("Total course duration was = 10 hours and 30 minutes", 10.5, "contact_hours"),
    ("PDUs/ContactHours: 0.75 | Activity #: 4101", 0.75, "pdu"),
    ("is hereby awarded 16 SEUs towards", 16, "contact_hours"),
    ("com carga horária de 30 minutos", 0.5, "contact_hours"),
])
def test_amounts_in_other_languages_and_units(text: str, value: float, unit: str) -> None:
    [mention] = find_amounts(text)
    assert (mention.value, mention.unit) == (value, unit)
