"""A program's rules as an administrator edits them: read from a form, checked as a whole, applied, audited.

The form is rows of plain inputs (one fieldset per category and per exemption, with an empty one to add
a row and a "remove" box on each), not a JSON textarea: every value has its own label and its own named
error, nothing can be lost to a missing comma, and the page reads well on a phone. The parsed rules keep
the JSON shape `reviewer.programs.rules.rules_of` reads, so progress,
enrolment and the CLI see an edited program exactly as a seeded one.

Everything is checked before anything is written, and every problem is reported at once, each naming
its row and field. A save names the rules it was made on (a fingerprint of them): if another
administrator saved in between, it is refused rather than silently undoing their change.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reviewer.models import Program, User
from reviewer.normalize import clean_text
from reviewer.programs.due_rules import DUE_RULES
from reviewer.programs.rules import rules_of
from reviewer.review.decisions import audit
from workers.fields.amounts import CONTACT_HOURS_PER_UNIT
from workers.fields.categories import KINDS

MAX_UNITS = 10_000.0  # no program asks for more; a larger number is a typo (or 1e308)
MAX_ROWS = 40  # categories or exemptions per program: bounds the work a crafted form can cause
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")
DUE_RULE_WORDS = {code: rule.words for code, rule in DUE_RULES.items()}


class ProgramRulesError(ValueError):
    """Rules that cannot be saved; `problems` names each field that is wrong, in the form's order."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass
class _Reader:
    """Reads one form, collecting problems instead of stopping at the first."""

    form: Mapping[str, str]
    problems: list[str] = field(default_factory=list)

    def text(self, key: str, label: str, max_length: int, required: bool = True) -> str:
        value = clean_text(self.form.get(key))
        if required and not value:
            self.problems.append(f"{label}: give a value.")
        elif len(value) > max_length:
            self.problems.append(f"{label}: at most {max_length} characters.")
        return value[:max_length]

    def number(self, key: str, label: str, required: bool = True, positive: bool = False,
               whole: bool = False, maximum: float = MAX_UNITS) -> float | None:
        raw = (self.form.get(key) or "").strip()
        if not raw:
            if required:
                self.problems.append(f"{label}: give a number.")
            return None
        try:
            value = float(raw)
        except ValueError:
            self.problems.append(f"{label}: {raw[:20]!r} is not a number.")
            return None
        if not math.isfinite(value):
            self.problems.append(f"{label}: must be a finite number, not {raw[:20]!r}.")
        elif value < 0 or (positive and value == 0):
            self.problems.append(f"{label}: must be {'more than' if positive else 'at least'} 0.")
        elif value > maximum:
            self.problems.append(f"{label}: at most {maximum:g}.")
        elif whole and not value.is_integer():
            self.problems.append(f"{label}: must be a whole number.")
        else:
            return value
        return None

    def code(self, key: str, label: str) -> str:
        value = (self.form.get(key) or "").strip()
        if not _CODE.match(value):
            self.problems.append(f"{label}: the code must be 1 to 40 lower-case letters, digits or _.")
        return value


def _getlist(form: Mapping[str, str], key: str) -> list[str]:
    getlist = getattr(form, "getlist", None)
    return list(getlist(key)) if getlist else ([form[key]] if key in form else [])


def _rows(form: Mapping[str, str], prefix: str) -> list[int]:
    """The row numbers a form sent for `prefix` ("category", "exemption"), in order, without removed ones
    and without untouched empty rows (the page always offers one to add)."""
    numbers = sorted({int(m.group(1)) for key in form if (m := re.fullmatch(rf"{prefix}-(\d{{1,3}})-code", key))})
    kept = []
    for n in numbers:
        if form.get(f"{prefix}-{n}-remove"):
            continue
        parts = ("code", "name", "min", "max", "min_years")
        if not any((form.get(f"{prefix}-{n}-{part}") or "").strip() for part in parts) \
                and not _getlist(form, f"{prefix}-{n}-kinds"):
            continue
        kept.append(n)
    return kept


def parse_rules(form: Mapping[str, str]) -> dict[str, Any]:
    """The rules a form describes, in the columns' shapes, or ProgramRulesError listing every problem."""
    r = _Reader(form)
    rules: dict[str, Any] = {
        "name": r.text("name", "Name", 200),
        "unit": r.text("unit", "Unit", 40),
        "required_units": r.number("required_units", "Required units"),
        "required_units_multiple": r.number("required_units_multiple", "Required for several certifications",
                                            required=False, positive=True),
        "window_years": r.number("window_years", "Window years", positive=True, whole=True, maximum=20),
        "contact_hours_per_unit": r.number("contact_hours_per_unit", "Contact hours per unit", positive=True),
        "due_rule": (form.get("due_rule") or "").strip(),
    }
    if rules["due_rule"] not in DUE_RULES:
        r.problems.append(f"Due rule: unknown rule {rules['due_rule'][:40]!r}; use one of: {', '.join(DUE_RULES)}.")
    if rules["window_years"] is not None:
        rules["window_years"] = int(rules["window_years"])
    conversions: dict[str, float] = {}
    for key in form:
        if key.startswith("conversion-"):
            unit = key.removeprefix("conversion-")
            if unit not in CONTACT_HOURS_PER_UNIT:
                r.problems.append(f"Conversions: unknown unit {unit[:40]!r}; use one of: "
                                  f"{', '.join(CONTACT_HOURS_PER_UNIT)}.")
                continue
            hours = r.number(key, f"Conversions: contact hours per {unit.replace('_', ' ')}", required=False)
            if hours is not None:
                conversions[unit] = hours
    rules["conversions"] = conversions
    rules["shares_evidence"] = bool(form.get("shares_evidence"))
    rules["credentials"] = _credentials(r, form.get("credentials") or "")
    rules["categories"] = _categories(r, form)
    rules["exemptions"] = _exemptions(r, form)
    if r.problems:
        raise ProgramRulesError(r.problems)
    return rules


def _credentials(r: _Reader, text: str) -> list[str]:
    """The certifications a cycle may record as held: codes separated by commas or spaces (empty: any)."""
    codes = list(dict.fromkeys(code.upper() for code in re.split(r"[,\s]+", text) if code))
    for code in codes:
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,19}", code):
            r.problems.append(f"Certifications: {code[:40]!r} is not a code (letters, digits and '-', at most 20).")
    if len(codes) > 20:
        r.problems.append("Certifications: at most 20 codes.")
    return codes


def _categories(r: _Reader, form: Mapping[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    rows = _rows(form, "category")
    if len(rows) > MAX_ROWS:
        r.problems.append(f"Categories: at most {MAX_ROWS}.")
        rows = rows[:MAX_ROWS]
    for place, n in enumerate(rows, 1):
        label = f"Category {place}"
        code = r.code(f"category-{n}-code", label)
        label = f"Category {place} ({code})" if code else label
        kinds = [k.strip() for k in _getlist(form, f"category-{n}-kinds") if k.strip()]
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            r.problems.append(f"{label}: unknown kind {unknown[0][:40]!r}; use: {', '.join(KINDS)}.")
        low = r.number(f"category-{n}-min", f"{label}: minimum", required=False)
        high = r.number(f"category-{n}-max", f"{label}: maximum", required=False)
        if low is not None and high is not None and low > high:
            r.problems.append(f"{label}: the minimum ({low:g}) is more than the maximum ({high:g}).")
        out.append({"code": code, "name": r.text(f"category-{n}-name", f"{label}: name", 200),
                    "kinds": [k for k in KINDS if k in kinds], "min": low, "max": high})
    _unique(r, "Categories", [c["code"] for c in out])
    return out


def _exemptions(r: _Reader, form: Mapping[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    rows = _rows(form, "exemption")
    if len(rows) > MAX_ROWS:
        r.problems.append(f"Exemptions: at most {MAX_ROWS}.")
        rows = rows[:MAX_ROWS]
    for place, n in enumerate(rows, 1):
        label = f"Exemption {place}"
        code = r.code(f"exemption-{n}-code", label)
        label = f"Exemption {place} ({code})" if code else label
        years = r.number(f"exemption-{n}-min_years", f"{label}: minimum certified years", required=False,
                         whole=True, maximum=100)
        out.append({"code": code, "name": r.text(f"exemption-{n}-name", f"{label}: name", 200),
                    "min_years": int(years) if years else None})
    _unique(r, "Exemptions", [e["code"] for e in out])
    return out


def _unique(r: _Reader, label: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code and code in seen:
            r.problems.append(f"{label}: the code {code!r} is used twice; codes must be unique.")
        seen.add(code)


def snapshot(program: Program) -> dict[str, Any]:
    """The editable rules of a program, in the shape `parse_rules` returns (the audit's before/after)."""
    rules = rules_of(program)
    return {"name": program.name, "unit": program.unit, "required_units": program.required_units,
            "required_units_multiple": program.required_units_multiple, "window_years": program.window_years,
            "contact_hours_per_unit": program.contact_hours_per_unit, "due_rule": program.due_rule,
            "conversions": dict(program.conversions or {}),
            "shares_evidence": bool(program.shares_evidence), "credentials": list(rules.credentials),
            "categories": [{**c.as_dict(), "kinds": sorted(c.kinds, key=_kind_order)} for c in rules.categories],
            "exemptions": [e.as_dict() for e in rules.exemptions]}


def _kind_order(kind: str) -> int:
    """Kinds in KINDS order (the form's), so an untouched category does not read as changed."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def fingerprint(program: Program) -> str:
    """What the edit page was loaded on: a save on other rules than these is stale."""
    return hashlib.sha256(json.dumps(snapshot(program), sort_keys=True, default=str).encode()).hexdigest()[:32]


def apply_rules(program: Program, rules: dict[str, Any], actor: User, seen: str | None) -> bool:
    """Write `rules` (from parse_rules) to `program` and audit before and after; the caller commits.
    Returns whether anything changed. Refused if the program changed since the page was loaded."""
    if seen != fingerprint(program):
        raise ProgramRulesError([f"{program.code} was changed by someone else since you opened this page; "
                                 "your changes were not saved. Reload it and make them again."])
    before = snapshot(program)
    if before == rules:
        return False
    for key, value in rules.items():
        setattr(program, key, value)
    changed = sorted(key for key in rules if before.get(key) != rules[key])
    audit(None, actor, "program_changed", {"program": program.code, "fields": changed,
                                           "before": {k: before[k] for k in changed},
                                           "after": {k: rules[k] for k in changed}})
    return True
