"""Issue 28, re-processing at 300/s: what storing a reading reads and writes, and that the faster paths keep
what the slower ones gave (categories, JSON columns, cached pages)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask

from reviewer import create_app, load_json
from reviewer.documents.persistence import record_result
from reviewer.extensions import db
from reviewer.models import Cycle, Document, DocumentStatus, User
from tests.conftest import counted, create_user
from workers.reading.pages import PageText
from workers.result import Activity as ResultActivity
from workers.result import Amount, PageSummary, Result


def _document(user_id: int, name: str) -> int:
    cycle_id = db.session.scalar(db.select(Cycle.id).where(Cycle.applicant_id == user_id))
    doc = Document(applicant_id=user_id, cycle_id=cycle_id, sha256=f"{abs(hash(name)):064x}"[-64:],
                   original_name=name, size=1, status=DocumentStatus.PROCESSING)
    db.session.add(doc)
    db.session.commit()
    return doc.id


def _reading(titles: list[str | None], page_text: str) -> Result:
    rows = [ResultActivity(title=title, start_date=None, date=date(2025, 3, 1), amount=Amount(2.0, "contact_hours"),
                           contact_hours=2.0) for title in titles]
    return Result(pipeline_version="test", mime="application/pdf", pages=1, text_source="text_layer",
                  recipient="Ann Lee", issuer="A Provider", third_party=True, third_party_reasons=[],
                  activities=rows, flags={},
                  page_texts=[PageSummary(1, "text_layer", 0, None, page_text, [])])


def _statements_while(work: Callable[[], object]) -> list[str]:
    """What `work` sends to the database, each statement on one line."""
    with counted() as statements:
        work()
    return [" ".join(s.split()) for s in statements]


def test_a_reading_that_found_no_activity_is_not_read_back_once_stored(app: Flask, applicant) -> None:
    """A reading's activities and flags were left unset when it found none, so once flushed, the search entry
    and the queue's flag codes read each empty list back from the database: a statement per such reading."""
    doc_id = _document(applicant.id, "blank.pdf")
    statements = _statements_while(lambda: record_result(doc_id, 1, _reading([], "Nothing here")))
    reads = [s for s in statements if s.startswith("SELECT") and (" FROM activities" in s or " FROM flags" in s)]
    assert reads == []
    stored = db.session.get(Document, doc_id).latest
    assert stored.activities == [] and [f.code for f in stored.flags] == []


def test_each_activity_counts_in_its_titles_kind_else_the_pages(app: Flask) -> None:
    """The kind an activity's title names picks its category; a title that names none takes the kind its
    document's first page names; neither gives the default kind (education). Read once per reading now,
    they must be what reading them per activity gave."""
    user = create_user("cam@example.org", "Cam Doe", program="SME-TECH")
    conference = _document(user.id, "conference.pdf")
    record_result(conference, 1, _reading(["Keynote speaker: Robot Safety", "Robot Cells", None],
                                          "Certificate of attendance at the Automation Conference 2025"))
    plain = _document(user.id, "plain.pdf")
    record_result(plain, 1, _reading(["Robot Cells"], "Certificate for Cam Doe"))
    categories = {doc_id: [a.category for a in db.session.get(Document, doc_id).latest.activities]
                  for doc_id in (conference, plain)}
    assert categories[conference] == ["authorship", "attendance", "attendance"]
    assert categories[plain] == ["education"]


def test_a_reading_without_a_cycle_has_no_category(app: Flask) -> None:
    user = User(email="dee@example.org", name="Dee Roe", role="applicant")
    db.session.add(user)
    db.session.commit()
    doc = Document(applicant_id=user.id, cycle_id=None, sha256="d" * 64, original_name="a.pdf", size=1,
                   status=DocumentStatus.PROCESSING)
    db.session.add(doc)
    db.session.commit()
    record_result(doc.id, 1, _reading(["Keynote speaker"], "Conference"))
    assert [a.category for a in db.session.get(Document, doc.id).latest.activities] == [None]


def test_json_columns_read_what_the_standard_library_wrote_nan_included() -> None:
    """orjson reads the columns, and what only the standard library reads (NaN, which `json.dumps` writes
    and SQLite keeps) falls back to it instead of failing the row."""
    value = {"words": [{"text": "Café", "box": [0.12345, 1e-05, 0.5, 1.0], "conf": None, "line": [1, 2, 3]}]}
    assert load_json(json.dumps(value)) == value
    assert load_json(json.dumps(value).encode()) == value
    assert math.isnan(load_json(json.dumps({"mean_conf": float("nan")}))["mean_conf"])
    with pytest.raises(json.JSONDecodeError):
        load_json("{not json")


def test_engine_options_given_in_the_configuration_win(tmp_path) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 5}}})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"timeout": 5} and options["json_deserializer"] is load_json


def test_a_cached_page_loads_as_the_page_that_was_stored() -> None:
    """Cached words are taken as stored: they were rounded when their page was made, and a rounded box
    reads back from JSON as the same float, so the loaded page is the page that was read."""
    from workers.reading.layout import Word
    page = PageText(1, "ocr", [Word("Robot", 0.1234567891, 0.2, 1 / 3, 0.30000000004, 91.23456, (1, 2, 3)),
                               Word("Cells", 2 / 3, 0.2, 0.9, 0.3, None, None)], 90, 88.5)
    stored = load_json(json.dumps(page.words_data()))  # as the page cache reads it (orjson)
    loaded = PageText.from_data(1, "ocr", 90, 88.5, stored)
    assert loaded.words == page.words
    assert [(w.x0, w.x1, w.conf) for w in loaded.words] == [(0.12346, 0.33333, 91.23), (0.66667, 0.9, None)]


def test_an_unchanged_search_entry_is_left_as_it_is_and_a_changed_one_rewritten(app: Flask, applicant) -> None:
    """Re-processing rewrites every document's entries and most come out as they were: the same words are
    not written again (no FTS5 rewrite on SQLite; on PostgreSQL the row keeps its version, so its GIN
    entries are not redone), while a rebuild writes them all. Changed words are written, and found."""
    from reviewer.review.search import HEAD_TABLE, SEARCH_TABLE, Entry, write_entries
    doc_id = _document(applicant.id, "entry.pdf")
    postgres = db.engine.dialect.name == "postgresql"

    def versions() -> list[object]:
        if not postgres:
            return []
        return [db.session.execute(db.text(f"SELECT xmin::text FROM {table} WHERE document_id = :id"),
                                   {"id": doc_id}).scalar_one() for table in (HEAD_TABLE, SEARCH_TABLE)]

    write_entries(db.session, {doc_id: Entry("entry pdf ann lee", "entry pdf ann lee robot cells")})
    db.session.commit()
    before = versions()
    statements = _statements_while(lambda: write_entries(
        db.session, {doc_id: Entry("entry pdf ann lee", "entry pdf ann lee robot cells")}, only_changed=True))
    db.session.commit()
    assert versions() == before
    if not postgres:
        assert not [s for s in statements if s.startswith("INSERT")]
    # A rebuild (a repair) writes every entry, the same words included.
    statements = _statements_while(lambda: write_entries(
        db.session, {doc_id: Entry("entry pdf ann lee", "entry pdf ann lee robot cells")}))
    db.session.commit()
    if postgres:
        assert all(now != then for now, then in zip(versions(), before, strict=True))
    else:
        assert len([s for s in statements if s.startswith("INSERT")]) == 2
    before = versions()
    write_entries(db.session, {doc_id: Entry("entry pdf ann lee", "entry pdf ann lee welding")}, only_changed=True)
    db.session.commit()
    if postgres:
        assert versions()[0] == before[0] and versions()[1] != before[1]
        found = db.session.execute(db.text(f"SELECT document_id FROM {SEARCH_TABLE} "
                                           "WHERE tsv @@ to_tsquery('simple', 'welding')")).scalars().all()
        gone = db.session.execute(db.text(f"SELECT document_id FROM {SEARCH_TABLE} "
                                          "WHERE tsv @@ to_tsquery('simple', 'robot')")).scalars().all()
    else:
        found = db.session.execute(db.text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH 'welding'")
                                   ).scalars().all()
        gone = db.session.execute(db.text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH 'robot'")
                                  ).scalars().all()
    assert found == [doc_id] and gone == []
