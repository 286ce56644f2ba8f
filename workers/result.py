"""The pipeline's output: what a document proves, with its evidence, as plain data.

A Result is what the RQ job hands to reviewer's persistence and what `reviewer extract --json` prints.
It carries no ORM objects and no open files, so it can cross a process boundary as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Amount:
    """A value in a unit, as the document states it ("1.6 CEUs"), before any program converts it."""

    value: float
    unit: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass
class Activity:
    """One piece of learning: what, when and how much, with where each was found.

    Dates stay dates and the amount stays an Amount while the pipeline and the checks work on them;
    they become text only where the Result is written out (`contract`, `to_dict`).
    """

    title: str | None
    start_date: dt.date | None
    date: dt.date | None
    amount: Amount | None
    contact_hours: float | None
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    def contract(self) -> dict[str, Any]:
        return {"title": self.title, "start_date": _iso(self.start_date), "date": _iso(self.date),
                "amount": self.amount.as_dict() if self.amount else None, "contact_hours": self.contact_hours}

    def to_dict(self) -> dict[str, Any]:
        return dict(self.contract(), evidence=self.evidence)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Activity:
        amount = data.get("amount")
        return cls(title=data.get("title"), start_date=_day(data.get("start_date")), date=_day(data.get("date")),
                   amount=Amount(amount["value"], amount["unit"]) if amount else None,
                   contact_hours=data.get("contact_hours"), evidence=data.get("evidence") or {})


@dataclass
class PageSummary:
    """One page: where its text came from and its words with boxes (for previews and re-processing)."""

    number: int
    source: str
    rotation: int
    mean_conf: float | None
    text: str
    words: list[dict[str, Any]]


@dataclass
class Result:
    """Everything the pipeline learned from one file."""

    pipeline_version: str
    mime: str
    pages: int
    text_source: str
    recipient: str | None
    issuer: str | None
    third_party: bool | None
    third_party_reasons: list[str]
    activities: list[Activity]
    flags: dict[str, str]
    page_texts: list[PageSummary] = field(default_factory=list)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    certificate_number: str | None = None  # as printed ("Credential ID: UC-1234-ABCD"), for the scorecard

    def contract(self, file: str) -> dict[str, Any]:
        """The JSON object `reviewer extract --json` prints for a file that was read."""
        return {
            "file": file, "status": "ok", "error": None, "mime": self.mime, "pages": self.pages,
            "text_source": self.text_source, "recipient": self.recipient, "issuer": self.issuer,
            "third_party": self.third_party, "third_party_reasons": self.third_party_reasons,
            "activities": [a.contract() for a in self.activities],
            "flags": list(self.flags), "flag_reasons": dict(self.flags),
            "certificate_number": self.certificate_number,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready data, for storage and for crossing a process boundary.

        Built field by field: `dataclasses.asdict` copies every word of every page one value at a time,
        which cost an isolated child reading a one-page certificate more than sending its answer did."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["activities"] = [a.to_dict() for a in self.activities]
        data["page_texts"] = [dict(vars(page)) for page in self.page_texts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        data = dict(data)
        data["activities"] = [Activity.from_dict(a) for a in data["activities"]]
        data["page_texts"] = [PageSummary(**p) for p in data.get("page_texts", [])]
        return cls(**data)


def error_contract(file: str, code: str, message: str) -> dict[str, Any]:
    """The JSON object for a file the pipeline refused."""
    return {
        "file": file, "status": "error", "error": {"code": code, "message": message}, "mime": None,
        "pages": None, "text_source": None, "recipient": None, "issuer": None, "third_party": None,
        "third_party_reasons": [], "activities": [], "flags": [], "flag_reasons": {}, "certificate_number": None,
    }
