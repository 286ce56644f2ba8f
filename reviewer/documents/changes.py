"""What changed between two extractions of a document: the fields and flags staff decided on.

Re-processing never rewrites a decision. When a new extraction reads a decided document differently,
the document is marked and staff see this list, old against new, to judge whether the decision holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from reviewer.models import Extraction


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def _amount(value: float | None, unit: str | None) -> str:
    return f"{value:g} {unit.replace('_', ' ')}" if value is not None and unit else "—"


def _fields(extraction: Extraction) -> dict[str, str]:
    """An extraction's decision-relevant fields as display strings, keyed by a label staff understand."""
    third_party = {True: "yes", False: "no", None: "unknown"}[extraction.third_party]
    fields: dict[str, str] = {"Recipient": extraction.recipient or "—", "Issuer": extraction.issuer or "—",
                              "Third party": third_party,
                              "Flags": ", ".join(sorted(f.code for f in extraction.flags)) or "none"}
    for n, activity in enumerate(extraction.activities, start=1):
        dates = f"{activity.start_date} – {activity.date}" if activity.start_date else str(activity.date or "—")
        fields[f"Activity {n} title"] = activity.title or "—"
        fields[f"Activity {n} date"] = dates
        fields[f"Activity {n} amount"] = _amount(activity.amount_value, activity.amount_unit)
    return fields


def diff(old: Extraction, new: Extraction) -> list[Change]:
    """Every field whose value differs, in a stable order; an activity that appears or goes shows as —."""
    before, after = _fields(old), _fields(new)
    labels = list(before) + [label for label in after if label not in before]
    return [Change(label, before.get(label, "—"), after.get(label, "—")) for label in labels
            if before.get(label, "—") != after.get(label, "—")]


def fingerprint(extraction: Extraction) -> str:
    """A short hash of the fields `diff` compares: equal fingerprints, nothing to show staff. Stored on
    each extraction, so re-processing compares with the previous reading without loading it."""
    return hashlib.sha256(json.dumps(_fields(extraction), sort_keys=True).encode()).hexdigest()[:16]


def as_data(changes: list[Change]) -> list[dict[str, Any]]:
    return [{"field": c.field, "old": c.old, "new": c.new} for c in changes]
