"""The pipeline's output: what a document proves, with its evidence, as plain data.

A Result is what the RQ job hands to reviewer's persistence and what `reviewer extract --json` prints.
It carries no ORM objects and no open files, so it can cross a process boundary as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Activity:
    """One piece of learning: what, when and how much, with where each was found."""

    title: str | None
    start_date: str | None
    date: str | None
    amount: dict[str, Any] | None
    contact_hours: float | None
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    def contract(self) -> dict[str, Any]:
        return {"title": self.title, "start_date": self.start_date, "date": self.date,
                "amount": self.amount, "contact_hours": self.contact_hours}


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

    def contract(self, file: str) -> dict[str, Any]:
        """The JSON object `reviewer extract --json` prints for a file that was read."""
        return {
            "file": file, "status": "ok", "error": None, "mime": self.mime, "pages": self.pages,
            "text_source": self.text_source, "recipient": self.recipient, "issuer": self.issuer,
            "third_party": self.third_party, "third_party_reasons": self.third_party_reasons,
            "activities": [a.contract() for a in self.activities],
            "flags": list(self.flags), "flag_reasons": dict(self.flags),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, for storage and for crossing a process boundary."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Result":
        data = dict(data)
        data["activities"] = [Activity(**a) for a in data["activities"]]
        data["page_texts"] = [PageSummary(**p) for p in data.get("page_texts", [])]
        return cls(**data)


def error_contract(file: str, code: str, message: str) -> dict[str, Any]:
    """The JSON object for a file the pipeline refused."""
    return {
        "file": file, "status": "error", "error": {"code": code, "message": message}, "mime": None,
        "pages": None, "text_source": None, "recipient": None, "issuer": None, "third_party": None,
        "third_party_reasons": [], "activities": [], "flags": [], "flag_reasons": {},
    }
