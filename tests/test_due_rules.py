"""Due rules are one registry (reviewer/programs/due_rules.py): the cycle's dates, the edit check and the
programs page all read it."""

from __future__ import annotations

from datetime import date

import pytest

from reviewer.models import Program
from reviewer.programs.cycles import term
from reviewer.programs.due_rules import DUE_RULES
from reviewer.programs.editing import DUE_RULE_WORDS


@pytest.mark.parametrize(("rule", "certified", "due"), [
    ("anniversary", date(2021, 6, 15), date(2024, 6, 15)),
    ("anniversary", date(2020, 2, 29), date(2023, 2, 28)),
    ("november_1_third_year", date(2018, 3, 15), date(2021, 11, 1)),
    ("november_1_third_year", date(2019, 12, 31), date(2022, 11, 1)),
])
def test_a_cycles_dates_follow_its_programs_rule(rule: str, certified: date, due: date) -> None:
    program = Program(code="P", name="P", unit="PDU", required_units=30, window_years=3, due_rule=rule)
    assert term(program, certified) == (certified, due, due)


def test_an_unknown_rule_on_an_old_row_falls_back_to_the_anniversary() -> None:
    program = Program(code="P", name="P", unit="PDU", required_units=30, window_years=2, due_rule="gone")
    assert term(program, date(2024, 1, 1))[2] == date(2026, 1, 1)


def test_every_rule_has_words_for_administrators() -> None:
    assert set(DUE_RULE_WORDS) == set(DUE_RULES)
    assert all(rule.words.strip() and rule.code == code for code, rule in DUE_RULES.items())
