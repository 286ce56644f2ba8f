"""Due rules: when a cycle that follows a certification is due, one entry per rule a program can name.

A program row names its rule by code (`Program.due_rule`). Everything that needs a rule reads it from
`DUE_RULES`: the cycle's dates (`programs/cycles.py`), the check of an administrator's edit and the words
on the programs page (`programs/editing.py`). So a new rule is one entry here, with its words and its
dates, and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

# (certification date, window years) -> (window start, window end, due date)
Term = Callable[[date, int], tuple[date, date, date]]


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _anniversary(certified_on: date, years: int) -> tuple[date, date, date]:
    due = add_years(certified_on, years)
    return certified_on, due, due


def _november_1_third_year(certified_on: date, years: int) -> tuple[date, date, date]:
    due = date(certified_on.year + years, 11, 1)
    return certified_on, due, due


@dataclass(frozen=True)
class DueRule:
    """One rule: its code (stored on the program), its words for administrators, the cycle's dates, and
    the cohorts the program's own page dates otherwise (certification year → due date)."""

    code: str
    words: str
    term: Term
    cohorts: Mapping[int, date] = field(default_factory=dict)

    def dates(self, certified_on: date, years: int) -> tuple[date, date, date]:
        """(window start, window end, due date) of the cycle after a certification on `certified_on`."""
        start, end, due = self.term(certified_on, years)
        if certified_on.year in self.cohorts:  # a published exception: the window runs to its due date
            end = due = self.cohorts[certified_on.year]
        return start, end, due


DUE_RULES: dict[str, DueRule] = {rule.code: rule for rule in (
    DueRule("anniversary", "the window's last day (certification date + window years)", _anniversary),
    # AMT's page: certified in 2018, due November 1, 2021; in 2019, 2022; but in 2020, November 1, 2024.
    DueRule("november_1_third_year", "November 1 of the last window year (AMT)", _november_1_third_year,
            cohorts={2020: date(2024, 11, 1)}),
)}
