"""Amounts in the forms providers write them, normalised to contact hours."""

import pytest

from workers.amounts import contact_hours, find_amounts, preferred


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
