"""Issue 11: the queue pages in the database. The statements per request do not grow with the queue,
pages follow each other without gaps or repeats, and claims, bulk accept and CSV work on top."""

from __future__ import annotations

import csv
import io
import re

from flask import Flask

from reviewer.extensions import db
from reviewer.models import AuditEvent, Document, DocumentStatus, ReviewDecision, User
from tests.conftest import counted, create_user, csrf_from, login, version_of
from tests.queue_seed import seed_queue


def _waiting(flag: str | None = None) -> list[int]:
    query = db.select(Document.id).where(Document.status == DocumentStatus.NEEDS_REVIEW)
    if flag:
        query = query.where(Document.flag_codes.contains(flag))
    return db.session.scalars(query.order_by(Document.uploaded_at, Document.id)).all()


def _statements_per_request(app: Flask, client, bearer: str) -> dict[str, int]:
    first = _waiting()[0]
    token = csrf_from(client, f"/staff/documents/{first}")
    decided = _waiting()[2]
    seen = version_of(decided)  # read before counting: the page carries it
    sizes = {}
    for name, call in (("queue", lambda: client.get("/staff/queue")),
                       ("queue_flag", lambda: client.get("/staff/queue?flag=missing_hours&sort=program")),
                       ("document", lambda: client.get(f"/staff/documents/{_waiting()[1]}")),
                       ("api_queue", lambda: client.get("/api/review-queue?q=&flag=duplicate",
                                                        headers={"Authorization": bearer})),
                       ("progress", lambda: client.get(f"/staff/documents/{_busiest_applicants_document()}")),
                       ("decision", lambda: client.post(f"/staff/documents/{decided}/decision",
                                                        data={"csrf_token": token, "outcome": "accept",
                                                              "version": seen}))):
        with counted() as statements:
            response = call()
        assert response.status_code in (200, 302), name
        sizes[name] = len(statements)
    return sizes


def test_statements_per_request_do_not_grow_with_the_queue(app: Flask, staff) -> None:
    client = app.test_client()
    login(client, staff.email)
    bearer = f"Bearer {_token(staff.email)}"
    seed_queue(120, applicants=10)
    _statements_per_request(app, client, bearer)  # warm: the first request of a session loads more
    small = _statements_per_request(app, client, bearer)
    seed_queue(1200, applicants=10, seed=8)
    large = _statements_per_request(app, client, bearer)
    assert small == large and max(large.values()) <= 30, (small, large)


def _busiest_applicants_document() -> int:
    """A waiting document of the applicant with the most accepted documents (their progress is on the page)."""
    applicant = db.session.scalar(db.select(Document.applicant_id).where(Document.status == DocumentStatus.ACCEPTED)
                                  .group_by(Document.applicant_id).order_by(db.func.count().desc()).limit(1))
    return db.session.scalar(db.select(Document.id).where(Document.applicant_id == applicant,
                                                          Document.status == DocumentStatus.NEEDS_REVIEW).limit(1))


def test_pages_follow_each_other_without_gaps_or_repeats(app: Flask, staff) -> None:
    seed_queue(400, applicants=10)
    app.config["QUEUE_PAGE_SIZE"] = 25
    client = app.test_client()
    login(client, staff.email)
    token = f"Bearer {_token(staff.email)}"
    for sort in ("age", "newest", "program", "flag"):
        seen, cursor = [], None
        while True:
            answer = client.get("/api/review-queue",
                                query_string={"sort": sort, "limit": 25, **({"cursor": cursor} if cursor else {})},
                                headers={"Authorization": token}).json
            seen += [item["id"] for item in answer["items"]]
            cursor = answer["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == sorted(_waiting()) and len(seen) == len(set(seen)), sort
    oldest_first = client.get("/api/review-queue?limit=200", headers={"Authorization": token}).json
    assert [i["id"] for i in oldest_first["items"]] == _waiting()[:200]
    flagged = client.get("/api/review-queue?flag=self_issued&limit=200", headers={"Authorization": token}).json
    assert [i["id"] for i in flagged["items"]] == _waiting("self_issued")[:200]
    assert oldest_first["counts"]["self_issued"] == len(_waiting("self_issued"))
    bad = client.get("/api/review-queue?cursor=bm9wZQ", headers={"Authorization": token})
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_cursor"


def test_search_pages_follow_each_other_in_upload_order(app: Flask, staff) -> None:
    """A search, paged 25 at a time both ways round, lists exactly the waiting documents it matches, once
    each and in upload order (on SQLite it reads FTS5 in rowid order: reviewer.review.search.matches_by_id),
    and the other sorts page the same set."""
    from reviewer.review.search import matching_document_ids, rebuild_search_index

    seed_queue(400, applicants=10)
    rebuild_search_index(db.session)
    db.session.commit()
    client = app.test_client()
    login(client, staff.email)
    token = f"Bearer {_token(staff.email)}"
    sizes = []
    for word in ("applicant 3", "certif", "nothing-like-this"):
        matched = set(db.session.scalars(matching_document_ids(word)))
        expected = [d for d in _waiting() if d in matched]
        for sort in ("age", "newest", "program", "flag"):
            seen, cursor = [], None
            while True:
                answer = client.get("/api/review-queue", headers={"Authorization": token}, query_string={
                    "q": word, "sort": sort, "limit": 25, **({"cursor": cursor} if cursor else {})}).json
                seen += [item["id"] for item in answer["items"]]
                cursor = answer["next_cursor"]
                if not cursor:
                    break
            if sort in ("age", "newest"):
                assert seen == (expected if sort == "age" else expected[::-1]), (word, sort)
            assert sorted(seen) == sorted(expected), (word, sort)
        sizes.append(len(expected))
    assert sizes[0] > 0 and sizes[1] > 25 * 4 and sizes[2] == 0  # a few, many pages, none


def _token(email: str) -> str:
    user = db.session.scalars(db.select(User).where(User.email == email)).one()
    token = user.new_token()
    db.session.commit()
    return token


def test_staying_on_a_document_claims_it_and_next_skips_what_others_hold(app: Flask, staff) -> None:
    seed_queue(60, applicants=5)
    create_user("tia@example.org", "Tia Second", role="staff")
    sam, tia = app.test_client(), app.test_client()
    login(sam, staff.email)
    login(tia, "tia@example.org")
    first, second, third = _waiting()[:3]
    sam.get(f"/staff/documents/{second}")
    assert "Sam Staff is working" not in tia.get(f"/staff/documents/{second}").get_data(as_text=True)
    token = csrf_from(sam, f"/staff/documents/{second}")
    assert sam.post(f"/staff/documents/{second}/claim", headers={"X-CSRFToken": token}).json["held"] is True
    page = tia.get(f"/staff/documents/{second}").get_data(as_text=True)
    assert "Sam Staff is working on this document" in page
    tia_page = tia.get(f"/staff/documents/{first}").get_data(as_text=True)
    assert f'href="/staff/documents/{third}" id="next"' in tia_page
    mine = sam.get("/staff/queue?mine=1").get_data(as_text=True)
    assert f">{second}</a>" in mine and f">{first}</a>" not in mine
    assert "Sam Staff" in tia.get("/staff/queue").get_data(as_text=True)


def test_bulk_accept_decides_each_audit_sample_and_skips_stale_ones(app: Flask, staff) -> None:
    seed_queue(200, applicants=5)
    samples = db.session.scalars(db.select(Document).where(Document.flag_codes == "audit_sample")).all()
    flagged = db.session.scalars(db.select(Document).where(Document.flag_codes == "missing_hours")).first()
    assert len(samples) >= 3
    client = app.test_client()
    login(client, staff.email)
    token = csrf_from(client, "/staff/queue")
    ids = [f"{d.id}:{d.state_version}" for d in samples[:3]] + [f"{samples[3].id}:99", f"{flagged.id}:0"]
    page = client.post("/staff/bulk-accept", data={"csrf_token": token, "ids": ids}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Accepted 3 audit-sample document(s)." in text and "Skipped 2" in text
    db.session.expire_all()
    assert [db.session.get(Document, d.id).status for d in samples[:4]] == ["accepted"] * 3 + ["needs_review"]
    decided = db.session.scalars(db.select(AuditEvent.document_id).where(AuditEvent.action == "decided")).all()
    assert sorted(decided) == sorted(d.id for d in samples[:3])


def test_csv_exports_stream_every_row_and_defuse_formulas(app: Flask, staff) -> None:
    seed_queue(300, applicants=5)
    doc = db.session.get(Document, _waiting()[0])
    doc.original_name = "=HYPERLINK(\"http://evil\")"
    doc.applicant.name = "@SUM(1+1)"  # the queue export checks only the cells people write: these are
    db.session.commit()
    client = app.test_client()
    login(client, staff.email)
    queue = client.get("/staff/queue.csv")
    assert queue.is_streamed and queue.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(queue.get_data(as_text=True))))
    assert [int(r[0]) for r in rows[1:]] == _waiting() and rows[1][4].startswith("'=")
    assert rows[1][1] == "'@SUM(1+1)"
    decisions = client.get("/staff/decisions.csv?from=2026-01-01&to=2026-12-31").get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(decisions)))) - 1 == db.session.scalar(
        db.select(db.func.count(ReviewDecision.id)))
    assert client.get("/staff/decisions.csv?from=yesterday").status_code == 400


def test_no_flag_code_is_part_of_another() -> None:
    """`has_flag` filters with LIKE '%code%' on the column (so PostgreSQL estimates it from its statistics):
    that is only exact while no code contains another."""
    from workers.flags import EXTRACTION_FLAGS, QUEUE_FLAGS

    codes = set(QUEUE_FLAGS) | set(EXTRACTION_FLAGS)
    assert [(a, b) for a in codes for b in codes if a != b and a in b] == []
    # … nor under LIKE's own reading of the pattern, where "_" is any one character
    like = {a: re.compile(".*" + re.escape(a).replace("_", ".") + ".*") for a in codes}
    assert [(a, b) for a in codes for b in codes if a != b and like[a].fullmatch(b)] == []


def test_postgresql_connections_plan_serially(app: Flask) -> None:
    """reviewer._CONNECTION_SETTINGS: a parallel plan started two workers for a LIMIT 51 queue search (20 ms
    against 0.6 ms serially at a million documents). Every connection the app opens says so, a second
    pooled one too."""
    if db.engine.dialect.name != "postgresql":
        return
    assert db.session.scalar(db.text("SHOW max_parallel_workers_per_gather")) == "0"
    with db.engine.connect() as one, db.engine.connect() as two:
        assert {c.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar() for c in (one, two)} == {"0"}
