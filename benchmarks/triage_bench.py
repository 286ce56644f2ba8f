"""`make bench`, part 3 (issues 11 and 28): staff triage at 100,000 documents (1,000,000 with
`--sizes 1000000`), on SQLite and on a private PostgreSQL server, p50/p95 per request against a budget of
50 ms, SQL statements per request, Python's peak memory per request, and the CSV exports' rows per second
and the web process's peak memory.

Setup (timed, printed, not part of the figures): a fresh database per size and backend, migrated, then
seeded in issue 11's shape by benchmarks/triage_seed.py (one applicant per 20 documents; 30 % waiting; 60 %
decided with audit events; 5 % failed; documents/1,000 changed since decision).

Timed: each request kind `--repeat` times after 3 untimed warm-up calls (the first one traced for its
peak memory), through the Flask test client in this process, signed in through the login form as a staff
member (pages), with an API token (API), and as an applicant with about 20 documents (dashboard,
progress). The test client skips the network and the WSGI server, so the figures are the app plus the
database: routing, the views, SQL, templates. The document page and the decision each act on a different
waiting document every time (opening one no longer claims it: staying does, through the page's script;
each decision is an accept). Each CSV export runs once in a process of its own
(benchmarks/export_probe.py), so its peak resident memory is a web process's.

    .venv/bin/python benchmarks/triage_bench.py [--sizes 100000] [--backends sqlite,postgresql]
                                                [--repeat 40] [--explain]
    make bench TRIAGE="--sizes 1000000"                    # a million, both databases (about 12 minutes)
    make bench TRIAGE="--sizes 1000 --backends sqlite"     # a quick run

With --explain, every request over budget prints its statements over 10 ms (at most two) with their plans.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from triage_measure import BUDGET_MS, Measured, StatementLog, explain, measure  # noqa: E402
from triage_seed import ADMIN_EMAIL, PASSWORD, SEARCH_WORD, TEXT_WORD, Seeded, analyse, seed_triage  # noqa: E402

from reviewer import create_app  # noqa: E402
from reviewer.extensions import db  # noqa: E402
from reviewer.models import Document, DocumentStatus, User  # noqa: E402
from tests.private_postgres import available, fresh_database, private_postgres  # noqa: E402

DEEP_PAGES = 20
# Issue 28: each export streams at 50,000 rows/s or more, the web process staying under 300 MB.
EXPORT_ROWS_PER_S = 50_000
EXPORT_PEAK_MB = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="documents, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite and/or postgresql")
    parser.add_argument("--repeat", type=int, default=40, help="timed calls per request kind")
    parser.add_argument("--explain", action="store_true", help="print the plans of slow statements when over budget")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # Alembic's line per migration, once per database
    sizes = [int(s) for s in args.sizes.split(",") if s]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print("\nstaff triage (issue 11): Flask test client in-process (app + database, no network or WSGI server); "
          f"p50/p95 ms over {args.repeat} calls after 3 warm-ups; stmts = SQL statements per request; "
          f"sql = ms inside cursor.execute (p50; SQLite reads rows after it, so less there); "
          f"'!' = p95 over {BUDGET_MS:.0f} ms")
    results: dict[tuple[int, str], list[Measured]] = {}
    for backend in backends:
        if backend == "postgresql" and not available():
            print("\npostgresql: skipped, the server is not installed (apt-get install postgresql)")
            continue
        with _server(backend) as database_for:
            for size in sizes:
                results[(size, backend)] = _run(database_for(size), size, backend, args.repeat, args.explain)
    _summary(results)
    over = [(k, m.request) for k, ms in results.items() for m in ms if m.over_budget]
    print(f"\n{len(over)} request kind(s) over {BUDGET_MS:.0f} ms at p95" if over
          else f"\nevery p95 under {BUDGET_MS:.0f} ms")


@contextmanager
def _server(backend: str) -> Iterator[Callable[[int], str]]:
    """A function from size to the URL of a fresh, empty database of that backend."""
    if backend == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix="reviewer-triage-bench-"))
        try:
            yield lambda size: f"sqlite:///{tmp / f'triage-{size}.sqlite'}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    elif backend == "postgresql":
        with private_postgres() as server:
            yield lambda size: fresh_database(server, f"triage_{size}")
    else:
        raise SystemExit(f"unknown backend {backend!r}; use sqlite or postgresql")


def _run(url: str, size: int, backend: str, repeat: int, with_plans: bool) -> list[Measured]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="reviewer-triage-")))
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_urlsafe(32),
                          "STORAGE_DIR": str(tmp / "storage"), "REDIS_URL": "redis://127.0.0.1:1/0",
                          "PROPAGATE_EXCEPTIONS": True})
        with app.app_context():
            began = time.perf_counter()
            upgrade()
            seeded = seed_triage(size)
            analyse()
            print(f"\n== {size:,} documents on {backend}: seeded in {time.perf_counter() - began:.0f} s; "
                  + ", ".join(f"{k} {v:,}" for k, v in sorted(seeded.counts.items())))
        try:
            rows = _scenarios(app, seeded, repeat)
            for row in rows:
                print(_line(row))
                if with_plans and row.over_budget and row.slowest:
                    _print_plans(app, row)
            for path in ("/staff/queue.csv", "/staff/decisions.csv"):
                print(_export(url, str(tmp / "storage"), path))
            return rows
        finally:
            with app.app_context():
                db.engine.dispose()


def _scenarios(app: Flask, seeded: Seeded, repeat: int) -> list[Measured]:
    """Every request kind of issue 11's "Done when", in an order that keeps each one meaningful: documents
    are opened (claimed) before "mine" is asked for, and decided last."""
    with app.app_context():
        log = StatementLog(db.engine)
        flagged, to_decide = _waiting_documents(repeat + 3)
        staff_token = _token(seeded.staff_email)
        applicant_token = _token(seeded.applicant_email)
    staff, applicant = app.test_client(), app.test_client()
    _login(staff, seeded.staff_email)
    _login(applicant, seeded.applicant_email)
    bearer = {"Authorization": f"Bearer {staff_token}"}
    rows = [measure(log, "document page (flagged)", lambda i: staff.get(f"/staff/documents/{flagged[i]}"), repeat)]
    queue = [("queue default", ""), ("queue ?flag=missing_hours", "?flag=missing_hours"),
             (f"queue ?program={seeded.program_code}", f"?program={seeded.program_code}"),
             ("queue ?sort=program", "?sort=program"), ("queue ?sort=flag", "?sort=flag"),
             ("queue ?applicant=Applicant 4", "?applicant=Applicant+4")]
    rows += [measure(log, name, lambda i, q=q: staff.get(f"/staff/queue{q}"), repeat) for name, q in queue]
    rows.append(_search(log, staff, repeat, SEARCH_WORD))
    rows.append(_search(log, staff, repeat, SEARCH_WORD, "&sort=program"))
    rows.append(_search(log, staff, repeat, TEXT_WORD))
    cursor, depth = _deep_cursor(staff, bearer)
    rows.append(measure(log, f"queue deep page (page {depth + 1})",
                        lambda i: staff.get(f"/staff/queue?cursor={cursor}" if cursor else "/staff/queue"), repeat))
    rows.append(measure(log, "queue ?mine=1", lambda i: staff.get("/staff/queue?mine=1"), repeat))
    rows.append(measure(log, "GET /api/review-queue", lambda i: staff.get("/api/review-queue", headers=bearer),
                        repeat))
    rows.append(measure(log, "applicant GET / (20 docs)", lambda i: applicant.get("/"), repeat))
    admin = app.test_client()
    _login(admin, ADMIN_EMAIL)
    rows.append(measure(log, "admin cycle outcomes", lambda i: admin.get("/admin/cycles"), repeat))
    rows.append(measure(log, "GET /api/me/progress", lambda i: applicant.get(
        "/api/me/progress", headers={"Authorization": f"Bearer {applicant_token}"}), repeat))
    csrf = _csrf(staff, "/staff/queue")
    rows.append(measure(log, "decision POST (accept)", lambda i: staff.post(
        f"/staff/documents/{to_decide[i][0]}/decision",
        data={"csrf_token": csrf, "outcome": "accept", "version": to_decide[i][1]}), repeat, expect=(302,)))
    with app.app_context():
        decided = db.session.scalar(sa.select(sa.func.count()).where(
            Document.id.in_([d for d, _ in to_decide]), Document.status == DocumentStatus.ACCEPTED))
    if decided != len(to_decide):
        raise RuntimeError(f"decision POST: {decided} of {len(to_decide)} documents were accepted")
    return rows


def _waiting_documents(count: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Flagged waiting documents to open (from the middle of the queue), and others, newest first, to
    decide on with the version the page would carry; none held by another reviewer."""
    free = sa.and_(Document.status == DocumentStatus.NEEDS_REVIEW, Document.claimed_by_id.is_(None))
    flagged = sa.and_(free, Document.flag_codes != "", Document.flag_codes != "audit_sample")
    total = db.session.scalar(sa.select(sa.func.count()).where(flagged))
    to_open = db.session.scalars(sa.select(Document.id).where(flagged).order_by(Document.uploaded_at, Document.id)
                                 .offset(max(0, total // 2 - count)).limit(count)).all()
    to_decide = db.session.execute(sa.select(Document.id, Document.state_version)
                                   .where(free, Document.id.not_in(to_open))
                                   .order_by(Document.uploaded_at.desc(), Document.id.desc()).limit(count)).all()
    if len(to_open) < count or len(to_decide) < count:
        raise SystemExit(f"too few waiting documents for {count} calls; seed more or lower --repeat")
    return list(to_open), [tuple(row) for row in to_decide]


def _search(log: StatementLog, staff: FlaskClient, repeat: int, word: str, more: str = "") -> Measured:
    """The queue searched: for a word in about one title in seven (its named matches fill the page), or for
    a word every document's page text has and no title does (no named match: the page comes from the
    second tier). Reported, not fatal, when the search module is not there yet."""
    name = f"queue ?q={word}{more}"
    try:
        return measure(log, name, lambda i: staff.get(f"/staff/queue?q={word}{more}"), repeat)
    except Exception as exc:
        return Measured(name, note=f"search: not available ({type(exc).__name__}: {str(exc)[:80]})")


def _deep_cursor(staff: FlaskClient, bearer: dict[str, str]) -> tuple[str | None, int]:
    """Follow next_cursor through the API DEEP_PAGES times (fewer if the queue ends first)."""
    cursor, depth = None, 0
    for _ in range(DEEP_PAGES):
        answer = staff.get("/api/review-queue", query_string={"cursor": cursor} if cursor else {}, headers=bearer)
        following = answer.json["next_cursor"]
        if not following:
            break
        cursor, depth = following, depth + 1
    return cursor, depth


def _token(email: str) -> str:
    user = db.session.scalars(sa.select(User).where(User.email == email)).one()
    token = user.new_token()
    db.session.commit()
    return token


def _csrf(client: FlaskClient, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return html.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]


def _login(client: FlaskClient, email: str) -> None:
    """Through the form, as a person signs in (tests/conftest.py `login`)."""
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": _csrf(client, "/login")})
    if response.status_code != 302:
        raise RuntimeError(f"could not sign in as {email}: HTTP {response.status_code}")


def _export(url: str, storage: str, path: str) -> str:
    """One export in a fresh process (benchmarks/export_probe.py): rows per second and peak memory."""
    probe = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "export_probe.py"), url, storage, path],
                           capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"  GET {path:<30} failed: {(probe.stderr or probe.stdout).strip().splitlines()[-1:]}"
    got = json.loads(probe.stdout.strip().splitlines()[-1])
    rate = got["rows"] / got["seconds"] if got["seconds"] else 0.0
    return (f"  GET {path:<30} {got['rows']:>9,} rows, {got['bytes'] / 1e6:6.1f} MB in {got['seconds']:5.2f} s = "
            f"{rate:>9,.0f} rows/s{'!' if rate < EXPORT_ROWS_PER_S else ' '}  web process peak "
            f"{got['peak_mb']:.0f} MB{'!' if got['peak_mb'] >= EXPORT_PEAK_MB else ''} "
            f"(signed in: {got['peak_mb_before']:.0f} MB)")


def _line(row: Measured) -> str:
    if row.note:
        return f"  {row.request:<34} {row.note}"
    mark = "!" if row.over_budget else " "
    return (f"  {row.request:<34} {row.p50:8.1f} /{row.p95:8.1f}{mark} ms  stmts {row.statements:>5}  "
            f"sql {row.sql_p50:7.1f} ms  peak {row.peak_mb:6.1f} MB")


def _print_plans(app: Flask, row: Measured) -> None:
    with app.app_context():
        for statement in [s for s in row.slowest if s.ms >= 10] or row.slowest[:1]:
            print(f"    slow statement ({statement.ms:.1f} ms):\n      " + " ".join(statement.sql.split())[:1500])
            try:
                plan = explain(db.engine, statement)
            except Exception as exc:
                plan = f"(no plan: {exc})"
            print("    plan:\n" + "\n".join("      " + line for line in plan.splitlines()))


def _size(documents: int) -> str:
    return f"{documents // 1_000_000}M" if documents % 1_000_000 == 0 else f"{documents // 1000}k"


def _summary(results: dict[tuple[int, str], list[Measured]]) -> None:
    """One table: a row per request kind, a column per size and backend, "p50/p95 (statements)"."""
    keys = list(results)
    print("\nsummary: p50/p95 ms (statements); '!' = p95 over budget")
    print(f"{'request':<34}" + "".join(f"{_size(s) + ' ' + b:>24}" for s, b in keys))
    names: list[str] = []
    for rows in results.values():
        names += [r.request.split(" (page")[0] for r in rows if r.request.split(" (page")[0] not in names]
    for name in names:
        cells = []
        for key in keys:
            row = next((r for r in results[key] if r.request.split(" (page")[0] == name), None)
            cells.append("—" if row is None else "n/a" if row.note else
                         f"{row.p50:.0f}/{row.p95:.0f}{'!' if row.over_budget else ''} ({row.statements})")
        print(f"{name:<34}" + "".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
