"""Loading and storing page reads in the page cache (see models/page_cache.py for why it exists)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite

from reviewer.extensions import db
from reviewer.models import CachedPage
from workers.reading.pages import PageText
from workers.result import PageSummary


def load_pages(sha256s: Iterable[str], reader_key: str) -> dict[str, list[PageText]]:
    """Every cached file among `sha256s`, as its pages in order. A file with no entry is absent."""
    wanted = sorted(set(sha256s))
    found: dict[str, list[PageText]] = defaultdict(list)
    for start in range(0, len(wanted), 500):
        rows = db.session.execute(
            db.select(CachedPage.sha256, CachedPage.number, CachedPage.source, CachedPage.rotation,
                      CachedPage.mean_conf, CachedPage.words)
            .where(CachedPage.reader_key == reader_key, CachedPage.sha256.in_(wanted[start:start + 500]))
            .order_by(CachedPage.sha256, CachedPage.number)).all()
        for sha, number, source, rotation, mean_conf, words in rows:
            found[sha].append(PageText.from_data(number, source, rotation, mean_conf, words))
    # A file is only usable if every page from 1 up is there (a half-written entry is not).
    return {sha: pages for sha, pages in found.items() if [p.number for p in pages] == list(range(1, len(pages) + 1))}


def store_pages(sha256: str, reader_key: str, pages: list[PageSummary]) -> None:
    """Add a file's page reads unless they are there already (two workers may read the same bytes)."""
    if not pages:
        return
    rows = [{"sha256": sha256, "reader_key": reader_key, "number": p.number, "source": p.source,
             "rotation": p.rotation, "mean_conf": p.mean_conf, "words": p.words} for p in pages]
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert(CachedPage) if dialect == "sqlite" else postgresql.insert(CachedPage)
        db.session.execute(insert.on_conflict_do_nothing(), rows)
        return
    exists = db.session.scalar(db.select(CachedPage.id).where(CachedPage.sha256 == sha256,
                                                              CachedPage.reader_key == reader_key).limit(1))
    if exists is None:
        db.session.execute(db.insert(CachedPage), rows)
