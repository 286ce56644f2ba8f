"""Staff search at 100,000 documents: how long building the index takes, and how long a query does.

Seeds (not timed) 5,000 applicants and 100,000 documents, each with one extraction: an issuer, a
recipient, 1–3 activity titles and page text from a 6,000-word vocabulary. `--text zipf` (the default):
certificates of 40–200 words drawn with Zipf's law, as prose is, and every 20th document a transcript of
1,500–3,000 words. `--text uniform`, the worst case: 150–400 words drawn evenly (each document's words
mostly its own, so the index is twice as big) and every 20th a 20,000-character transcript. Then it
times `rebuild_search_index` (what the migration's backfill costs) and, 30 times each, the queries staff
type, the way the queue uses them: `Document.id IN (…)`, oldest first, 50 rows; and the count of all
matches.

    .venv/bin/python benchmarks/search_bench.py [--documents N] [--text zipf|uniform] [--postgres]

With --postgres it runs on the database DATABASE_URL names (its tables are dropped first).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from reviewer import config as config_module  # noqa: E402
from reviewer import create_app  # noqa: E402
from reviewer.extensions import db  # noqa: E402
from reviewer.models import Activity, Document, Extraction, User  # noqa: E402
from reviewer.review.search import matching_document_ids, rebuild_search_index  # noqa: E402

QUERIES = ["Statistical", "stat", "s", "st", "sta", "stat ha", "example.org", "welding safety",
           "ann.stone16@example.org", "midwest institute",
           "certificate-4711.pdf", "kim park", "zzzz nothing", "transcript", "of"]
WORDS = ["statistical", "process", "control", "welding", "safety", "lean", "six", "sigma", "quality", "project",
         "management", "leadership", "ethics", "design", "industrial", "technology", "hours", "contact"]
REPEAT = 30


def _vocabulary(rng: random.Random) -> list[str]:
    """Made-up words, with the real ones the queries use spread from common (rank 20) to rare (2,570)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(6000)})
    rng.shuffle(vocabulary)
    for n, word in enumerate(WORDS):
        vocabulary.insert(20 + 150 * n, word)
    return vocabulary


def _seed(documents: int, text: str) -> None:
    """Users, documents, extractions and activities, by Core executemany (the ORM would take minutes)."""
    rng = random.Random(11)
    vocabulary = _vocabulary(rng)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(vocabulary) + 1))) \
        if text == "zipf" else None
    firsts, lasts = ["Ann", "Kim", "Bob", "Lee", "Maria", "José", "Chen", "Priya"], ["Lee", "Park", "Stone", "Ng",
                                                                                      "García", "Müller", "Okafor"]
    users = [{"id": n, "email": f"{firsts[n % 8].lower()}.{lasts[n % 7].lower()}{n}@example.org",
              "name": f"{firsts[n % 8]} {lasts[n % 7]}", "role": "applicant"} for n in range(1, 5001)]
    db.session.execute(sa.insert(User), users)
    issuers = [f"{rng.choice(vocabulary).title()} Institute of {rng.choice(WORDS).title()}" for _ in range(200)]
    issuers[0] = "Midwest Institute of Technology"
    start = datetime(2022, 1, 1)
    for first in range(1, documents + 1, 5000):
        ids = range(first, min(first + 5000, documents + 1))
        db.session.execute(sa.insert(Document), [
            {"id": n, "applicant_id": 1 + n % 5000, "sha256": f"{n:064x}", "original_name": f"certificate-{n}.pdf",
             "size": 1000, "status": "needs_review", "uploaded_at": start + timedelta(minutes=10 * n)} for n in ids])
        db.session.execute(sa.insert(Extraction), [
            {"id": n, "document_id": n, "version": 1, "pipeline_version": "bench", "text_source": "text", "pages": 1,
             "recipient": users[n % 5000]["name"], "issuer": issuers[n % 200],
             "page_texts": [{"number": 1, "text": _page(rng, vocabulary, weights, n)}]} for n in ids])
        db.session.execute(sa.insert(Activity), [
            {"extraction_id": n, "position": p, "title": " ".join(rng.sample(WORDS, 3)).title()}
            for n in ids for p in range(1 + n % 3)])
        db.session.commit()


def _page(rng: random.Random, vocabulary: list[str], weights: list[float] | None, n: int) -> str:
    if weights is None:  # uniform
        if n % 20 == 0:
            return "Transcript " + " ".join(rng.choices(vocabulary, k=3000))[:20_000]
        return "Certificate of completion " + " ".join(rng.choices(vocabulary, k=rng.randint(150, 400)))
    count = rng.randint(1500, 3000) if n % 20 == 0 else rng.randint(40, 200)
    return ("Transcript " if n % 20 == 0 else "Certificate of completion ") + " ".join(
        rng.choices(vocabulary, cum_weights=weights, k=count))


def _timed(run: Callable[[], object]) -> tuple[float, float, object]:
    """p50 and p95 in ms over REPEAT runs, and the last result."""
    times, result = [], None
    for _ in range(REPEAT):
        began = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--text", choices=["zipf", "uniform"], default="zipf")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="reviewer-search-bench-"))
    uri = config_module.from_env()["SQLALCHEMY_DATABASE_URI"] if args.postgres else f"sqlite:///{tmp / 's.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "STORAGE_DIR": str(tmp / "storage"), "SECRET_KEY": "bench"})
    with app.app_context():
        if args.postgres:
            db.session.execute(sa.text("DROP TABLE IF EXISTS document_search, document_search_head, alembic_version"))
            db.session.commit()
            db.drop_all()
        upgrade()
        began = time.perf_counter()
        _seed(args.documents, args.text)
        print(f"{db.engine.dialect.name}, {args.text} text: seeded {args.documents:,} documents "
              f"in {time.perf_counter() - began:.0f} s")
        began = time.perf_counter()
        rebuild_search_index(db.session)
        db.session.commit()
        if args.postgres:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE document_search"))
                connection.execute(sa.text("VACUUM ANALYZE document_search_head"))
                connection.execute(sa.text("ANALYZE"))
        print(f"index built in {time.perf_counter() - began:.0f} s")
        print(f"{'query':28} {'matches':>8} {'page p50/p95 ms':>16} {'count p50/p95 ms':>17}")
        for query in QUERIES:
            found = Document.id.in_(matching_document_ids(query))
            page = sa.select(Document.id).where(found, Document.status == "needs_review").order_by(
                Document.uploaded_at, Document.id).limit(50)
            page_p50, page_p95, _ = _timed(lambda page=page: db.session.scalars(page).all())
            count = sa.select(sa.func.count()).select_from(Document).where(found)
            count_p50, count_p95, matches = _timed(lambda count=count: db.session.scalar(count))
            print(f"{query:28} {matches:8,} {page_p50:7.1f} /{page_p95:7.1f} {count_p50:8.1f} /{count_p95:7.1f}")

if __name__ == "__main__":
    main()
