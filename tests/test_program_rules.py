"""Issue 25, rules as typed data: a program's row read once into frozen values, old row shapes included,
with the one unit conversion every figure uses."""

from __future__ import annotations

import dataclasses
import math

import pytest

from reviewer.models import Program
from reviewer.programs.rules import Category, Exemption, rules_of


def _row(**overrides: object) -> Program:
    values: dict[str, object] = {
        "code": "TEST", "name": "Test", "unit": "PDU", "required_units": 30, "window_years": 3,
        "contact_hours_per_unit": 1.0, "conversions": {"ceu": 12}, "due_rule": "anniversary",
        "categories": [{"code": "education", "name": "Education", "kinds": ["education"], "min": 5, "max": 20},
                       "Service to the field"],
        "exemptions": [{"code": "retired", "name": "Retired"}, {"code": "life", "name": "Life", "min_years": 20}],
        "shares_evidence": True, "credentials": ["cce", "CMS"]}
    values.update(overrides)
    return Program(**values)


def test_a_row_becomes_frozen_typed_rules_whatever_shape_it_was_stored_in() -> None:
    rules = rules_of(_row())
    assert rules.categories == (Category("education", "Education", ("education",), 5.0, 20.0),
                                Category("service_to_the_field", "Service to the field"))
    assert rules.exemptions == (Exemption("retired", "Retired"), Exemption("life", "Life", 20))
    assert rules.credentials == ("CCE", "CMS") and rules.shares_evidence
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.required = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.conversions["ceu"] = 1  # type: ignore[index]


def test_units_use_the_programs_value_else_the_standard_one_and_stay_finite() -> None:
    rules = rules_of(_row(contact_hours_per_unit=2.0))
    assert rules.units(1, "ceu") == 6.0  # the program's 12 hours, 2 hours a PDU
    assert rules.units(2, "credit_hours") == 15.0  # the standard 15 hours
    assert rules.units(3, "furlongs") == 0.0
    assert [rules.units(v, "ceu") for v in (math.inf, math.nan, -1, None)] == [0.0] * 4
    garbage = rules_of(_row(conversions={"ceu": "ten", "pdh": math.inf, "pdu": -3}))
    assert garbage.conversions == {} and garbage.units(1, "ceu") == 10.0


def test_a_kind_goes_to_the_first_category_that_takes_it_else_the_first() -> None:
    rules = rules_of(_row())
    assert rules.category_for("education") == "education"
    assert rules.category_for("authorship") == "education"
    assert rules_of(_row(categories=[])).category_for("education") is None
    assert rules.category("service_to_the_field") is rules.categories[1] and rules.exemption("life").min_years == 20
