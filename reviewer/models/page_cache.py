"""What each page of a file read as, keyed by the file's sha256 and the reader's settings.

Reading (rendering and OCR) is the slow part of the pipeline and depends only on the bytes and those
settings, so re-processing loads pages from here and runs only the text → fields stages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reviewer.models.base import Model, utcnow


class CachedPage(Model):
    __tablename__ = "page_cache"
    __table_args__ = (UniqueConstraint("sha256", "reader_key", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    reader_key: Mapped[str] = mapped_column(String(16))
    number: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))
    rotation: Mapped[int] = mapped_column(default=0)
    mean_conf: Mapped[float | None] = mapped_column(default=None)
    words: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
