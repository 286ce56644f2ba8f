"""A program's rules as typed data: built once from its row, read everywhere a rule is applied.

The row (`models.Program`) stores what administrators edit as JSON, in shapes older releases also wrote
(a category as a bare name, say). `rules_of` reads it once into frozen dataclasses, so progress, enrolment,
the staff sidebar, the CLI and the admin pages all see the same categories, caps, exemptions and unit
conversions, and none of them parses JSON or repeats a default. A category cap is a change to the
program's data only; a due rule is one entry in `programs/due_rules.py`.

Unit conversions live here and only here on the programs' side: an amount's standard contact hours come
from the reader's table (`workers/fields/amounts.py`, which the pipeline also uses), a program may
override a unit's value in `conversions`, and `ProgramRules.units` turns contact hours into its unit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from reviewer.models import Program
from workers.fields.amounts import CONTACT_HOURS_PER_UNIT


@dataclass(frozen=True)
class Category:
    """A part of the requirement: the activity kinds it takes, and its minimum and cap in program units."""

    code: str
    name: str
    kinds: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stored JSON shape (what the program editor and `reviewer programs list` show)."""
        return {"code": self.code, "name": self.name, "kinds": list(self.kinds), "min": self.minimum,
                "max": self.maximum}


@dataclass(frozen=True)
class Exemption:
    """A reason to report nothing for a cycle; `min_years` of continuous certification where it needs them."""

    code: str
    name: str
    min_years: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "min_years": self.min_years}


@dataclass(frozen=True)
class ProgramRules:
    """Everything a program requires, in one value."""

    code: str
    name: str
    unit: str
    required: float
    required_multiple: float | None
    window_years: int
    contact_hours_per_unit: float
    due_rule: str
    conversions: Mapping[str, float]
    categories: tuple[Category, ...]
    exemptions: tuple[Exemption, ...]
    shares_evidence: bool
    credentials: tuple[str, ...]

    def units(self, value: float | None, unit: str | None) -> float:
        """An amount in the program's own unit: its contact hours (the program's value for the unit, else
        the standard one) over the program's contact hours per unit. Never NaN or Infinity."""
        if value is None or unit is None or not math.isfinite(value) or value < 0:
            return 0.0
        hours_each = float(self.conversions.get(unit, CONTACT_HOURS_PER_UNIT.get(unit, 0.0)))
        return value * hours_each / self.contact_hours_per_unit

    def category_for(self, kind: str | None) -> str | None:
        """The category an activity of `kind` counts in: the first that takes the kind, else the first
        category (staff move it if that is wrong); None for a program without categories."""
        for category in self.categories:
            if kind and kind in category.kinds:
                return category.code
        return self.categories[0].code if self.categories else None

    def category(self, code: str | None) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def exemption(self, code: str | None) -> Exemption | None:
        return next((e for e in self.exemptions if e.code == code), None)


def rules_of(program: Program) -> ProgramRules:
    """The program's rules, read from its row (cheap: a few dozen small values, no query)."""
    return ProgramRules(
        code=program.code, name=program.name, unit=program.unit, required=float(program.required_units),
        required_multiple=(float(program.required_units_multiple)
                           if program.required_units_multiple is not None else None),
        window_years=int(program.window_years or 3),
        contact_hours_per_unit=float(program.contact_hours_per_unit or 1.0),
        due_rule=program.due_rule or "anniversary",
        conversions=MappingProxyType({str(k): float(v) for k, v in (program.conversions or {}).items()
                                      if isinstance(v, (int, float)) and math.isfinite(v) and v >= 0}),
        categories=tuple(_category(entry) for entry in program.categories or []),
        exemptions=tuple(_exemption(entry) for entry in program.exemptions or []),
        shares_evidence=bool(program.shares_evidence),
        credentials=tuple(str(code).upper() for code in program.credentials or []))


def _slug(text: str, length: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:length]


def _category(entry: Any) -> Category:
    """A stored category; rows from before categories were data hold bare names."""
    if isinstance(entry, str):
        return Category(_slug(entry), entry.capitalize())
    return Category(str(entry["code"]), str(entry.get("name") or entry["code"]),
                    tuple(str(k) for k in entry.get("kinds") or []), _amount(entry.get("min")),
                    _amount(entry.get("max")))


def _exemption(entry: Any) -> Exemption:
    if isinstance(entry, str):
        return Exemption(_slug(entry), entry)
    years = entry.get("min_years")
    return Exemption(str(entry["code"]), str(entry.get("name") or entry["code"]),
                     int(years) if isinstance(years, (int, float)) and years else None)


def _amount(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) and value >= 0 else None
