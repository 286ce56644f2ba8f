"""Which documents a re-processing batch covers: the CLI's and the page's filters, as one value.

Filters combine (program AND status AND …). Documents that are still queued or being read are never
selected: the pipeline is about to read them anyway, and a second run would race the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import aliased

from reviewer.extensions import db
from reviewer.models import Cycle, Document, DocumentStatus, Extraction, Flag, Program
from workers.flags import EXTRACTION_FLAGS

SELECTABLE_STATUSES = (DocumentStatus.NEEDS_REVIEW, DocumentStatus.ACCEPTED, DocumentStatus.REJECTED,
                       DocumentStatus.RESUBMISSION_REQUESTED, DocumentStatus.RESUBMITTED, DocumentStatus.FAILED)


class SelectionError(ValueError):
    """A selection that cannot be run, with a message an administrator can act on."""


# The largest id a database integer column holds; a larger one can name no document (and overflows drivers).
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Selection:
    all: bool = False
    program: str | None = None
    status: str | None = None
    flag: str | None = None
    since: date | None = None
    ids: tuple[int, ...] = field(default_factory=tuple)

    def check(self) -> Selection:
        """The selection itself if it can run; SelectionError naming the problem otherwise."""
        filters = [self.program, self.status, self.flag, self.since, self.ids]
        if self.all and any(filters):
            raise SelectionError("Choose all documents or filters, not both.")
        if not self.all and not any(filters):
            raise SelectionError("Choose what to re-process: all documents, or at least one filter (program, "
                                 "status, flag, uploaded since, document ids).")
        if any(not 0 < i <= MAX_ID for i in self.ids):
            raise SelectionError(f"Document ids are whole numbers from 1 to {MAX_ID}.")
        if self.status is not None and self.status not in SELECTABLE_STATUSES:
            raise SelectionError(f"Unknown or unselectable status {self.status!r}; use one of "
                                 + ", ".join(SELECTABLE_STATUSES) + ".")
        if self.flag is not None and self.flag not in EXTRACTION_FLAGS:
            raise SelectionError(f"Unknown flag {self.flag!r}; use one of {', '.join(EXTRACTION_FLAGS)}.")
        if self.program is not None and db.session.scalar(
                db.select(Program.id).where(Program.code == self.program)) is None:
            raise SelectionError(f"There is no program {self.program!r}.")
        return self

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"all": self.all, "program": self.program, "status": self.status, "flag": self.flag,
                                "since": self.since.isoformat() if self.since else None, "ids": list(self.ids)}
        return {key: value for key, value in data.items() if value}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Selection:
        return cls(all=bool(data.get("all")), program=data.get("program"), status=data.get("status"),
                   flag=data.get("flag"), since=date.fromisoformat(data["since"]) if data.get("since") else None,
                   ids=tuple(sorted(int(i) for i in data.get("ids", ()))))

    def describe(self) -> str:
        if self.all:
            return "all documents"
        parts = []
        if self.program:
            parts.append(f"program {self.program}")
        if self.status:
            parts.append(f"status {self.status.replace('_', ' ')}")
        if self.flag:
            parts.append(f"flag {self.flag}")
        if self.since:
            parts.append(f"uploaded since {self.since.isoformat()}")
        if self.ids:
            shown = ", ".join(str(i) for i in self.ids[:10])
            parts.append(f"ids {shown}{' …' if len(self.ids) > 10 else ''}")
        return "documents with " + " and ".join(parts)

    def query(self) -> Select[tuple[int]]:
        """The ids of the selected documents, in id order."""
        query = db.select(Document.id).where(Document.status.in_(SELECTABLE_STATUSES)).order_by(Document.id)
        if self.program:
            query = query.where(Document.cycle_id.in_(
                db.select(Cycle.id).join(Program, Program.id == Cycle.program_id).where(Program.code == self.program)))
        if self.status:
            query = query.where(Document.status == self.status)
        if self.since:
            query = query.where(Document.uploaded_at >= self.since)
        if self.ids:
            query = query.where(Document.id.in_(self.ids))
        if self.flag:
            newer = aliased(Extraction)
            latest_flagged = (db.select(Extraction.document_id).join(Flag, Flag.extraction_id == Extraction.id)
                              .where(Flag.code == self.flag,
                                     ~db.select(newer.id).where(newer.document_id == Extraction.document_id,
                                                                newer.version > Extraction.version).exists()))
            query = query.where(Document.id.in_(latest_flagged))
        return query

    def count(self) -> int:
        return int(db.session.scalar(db.select(db.func.count()).select_from(self.query().order_by(None).subquery())))
