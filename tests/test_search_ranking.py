"""Staff search ranks what a document is called before what its pages mention (issue 28), on both databases.

A search lists first the waiting documents whose named parts (file name, applicant, recipient, issuer,
titles) hold every word, then those that match only in page text; each tier in the queue's own order,
paged by a cursor that knows its tier, and the CSV export in the same order. The entries are written by
the app's own indexer from stored documents, extractions and activities."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from flask import Flask

from reviewer.extensions import db
from reviewer.models import Activity, Document, DocumentStatus, Extraction, User
from reviewer.review import search_tiers
from reviewer.review.search import index_documents, rebuild_search_index
from reviewer.review.staff_queue import QueueQuery, queue_page
from tests.conftest import login

# (file name, title, page text); uploaded in this order, all waiting for review.
DOCUMENTS = [
    ("boiler.pdf", "Boiler Safety", "Boiler operation and inspection."),
    ("basics.pdf", "Welding Basics", "Arc and gas processes."),
    ("metal.pdf", "Metal Work", "Includes a unit on welding joints."),
    ("welding-card.pdf", "Card", "Wallet card."),
    ("shop.pdf", "Shop Practice", "Welding, cutting and grinding safety."),
    ("advanced.pdf", "Advanced Welding", "Pipe positions."),
    ("forklift.pdf", "Forklift Operator", "Counterbalance trucks."),
]
NAMED = ["basics.pdf", "welding-card.pdf", "advanced.pdf"]
TEXT_ONLY = ["metal.pdf", "shop.pdf"]


@pytest.fixture
def waiting(app: Flask) -> dict[str, int]:
    user = User(email="rank@example.org", name="Rita Rank", role="applicant", password_hash="x")
    db.session.add(user)
    db.session.flush()
    ids = {}
    start = datetime(2026, 3, 1)
    for n, (name, title, text) in enumerate(DOCUMENTS):
        doc = Document(applicant_id=user.id, sha256=f"{n:064x}", original_name=name, size=100, mime="application/pdf",
                       uploaded_at=start + timedelta(hours=n), updated_at=start + timedelta(hours=n),
                       status=DocumentStatus.NEEDS_REVIEW, flag_codes="missing_hours")
        db.session.add(doc)
        db.session.flush()
        extraction = Extraction(document_id=doc.id, version=1, pipeline_version="t", text_source="text", pages=1,
                                recipient="Rita Rank", issuer="Plains Trade School", third_party=True,
                                page_texts=[{"number": 1, "source": "text_layer", "rotation": 0, "mean_conf": None,
                                             "text": f"{title}\n{text}"}])
        db.session.add(extraction)
        db.session.flush()
        db.session.add(Activity(extraction_id=extraction.id, position=0, title=title))
        doc.latest_extraction_id = extraction.id
        ids[name] = doc.id
    index_documents(db.session, list(ids.values()))
    db.session.commit()
    return ids


def _listed(search: str, sort: str, limit: int) -> list[int]:
    seen, cursor = [], None
    while True:
        page = queue_page(QueueQuery(search=search, sort=sort), cursor=cursor, limit=limit, with_counts=False)
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
        if not cursor:
            return seen


@pytest.mark.parametrize("walk", [3000, 2])
@pytest.mark.parametrize("sort", ["age", "newest", "program", "flag"])
def test_named_matches_come_first_in_every_sort_and_page_size(waiting: dict[str, int], sort: str, walk: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL a tier is read by walking the queue while matches are common and by looking them up
    when they are rare (reviewer.review.search_tiers); a walk of two documents takes the second way here."""
    monkeypatch.setattr(search_tiers, "WALK", walk)
    named, text_only = [waiting[n] for n in NAMED], [waiting[n] for n in TEXT_ONLY]
    if sort == "newest":
        named, text_only = named[::-1], text_only[::-1]
    for limit in (1, 2, 3, 50):  # pages that end inside a tier, on its last row, and hold both
        listed = _listed("welding", sort, limit)
        assert listed == named + text_only, (sort, limit)


@pytest.mark.parametrize("walk", [3000, 2])
def test_a_word_only_in_page_text_still_finds_and_a_named_word_is_not_listed_twice(
        waiting: dict[str, int], walk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_tiers, "WALK", walk)
    assert _listed("grinding", "age", 1) == [waiting["shop.pdf"]]  # text only: the second tier alone
    assert _listed("forklift", "age", 1) == [waiting["forklift.pdf"]]  # named and in the text: once
    assert _listed("rita", "age", 50) == [waiting[name] for name, _, _ in DOCUMENTS]  # every one is named
    assert _listed("nothing", "age", 50) == []


def test_the_backfill_writes_the_named_entries(app: Flask, waiting: dict[str, int]) -> None:
    db.session.execute(db.text("DELETE FROM document_search_head"))
    db.session.commit()
    # no named entries: every match is a text match, listed by age
    assert _listed("welding", "age", 50) == sorted(waiting[n] for n in NAMED + TEXT_ONLY)
    assert rebuild_search_index(db.session) == len(DOCUMENTS)
    db.session.commit()
    assert _listed("welding", "age", 50) == [waiting[n] for n in NAMED + TEXT_ONLY]


def test_the_api_cursor_knows_its_tier_and_the_export_keeps_the_order(app: Flask, staff, waiting: dict[str, int]
                                                                     ) -> None:
    client = app.test_client()
    login(client, staff.email)
    token = db.session.scalars(db.select(User).where(User.email == staff.email)).one().new_token()
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    first = client.get("/api/review-queue?q=welding&limit=4", headers=headers)
    assert first.status_code == 200
    cursor = first.json["next_cursor"]
    rest = client.get(f"/api/review-queue?q=welding&limit=4&cursor={cursor}", headers=headers).json
    assert [i["id"] for i in first.json["items"] + rest["items"]] == [waiting[n] for n in NAMED + TEXT_ONLY]
    # A search's cursor means nothing to the queue without the search, nor to another sort.
    for other in ("/api/review-queue", "/api/review-queue?q=welding&sort=newest"):
        refused = client.get(f"{other}{'&' if '?' in other else '?'}cursor={cursor}", headers=headers)
        assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid_cursor", other
    exported = client.get("/staff/queue.csv?q=welding").get_data(as_text=True)
    names = [row["file"] for row in csv.DictReader(io.StringIO(exported))]
    assert names == NAMED + TEXT_ONLY


def test_the_planner_knows_ten_thousand_words_of_each_entry(app: Flask) -> None:
    """On PostgreSQL both entries keep statistics of their 10,000 commonest words (target 1,000), so a word
    no title holds is known rare and looked up in the index, not probed document by document."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    targets = dict(db.session.execute(db.text(
        "SELECT c.relname, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relname IN ('document_search', 'document_search_head') AND a.attname = 'tsv'")).all())
    assert targets == {"document_search": 1000, "document_search_head": 1000}
