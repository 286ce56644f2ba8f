"""Staff search: one full-text entry per document, rewritten in the transaction that changes it.

Each document has one row in `document_search` holding the words staff look for: the file name, the
applicant's name and e-mail, and from the latest extraction the recipient, the issuer, the activities'
titles and the first MAX_PAGE_TEXT characters of page text. It is not a model, because the two
databases need different structures (created by migration e11a0000fts1):

- SQLite: an FTS5 virtual table whose rowid is the document id, so a search is one index lookup and a
  rewrite is one `INSERT OR REPLACE`.
- PostgreSQL: `document_search(document_id PK FK, tsv)`, the words as a tsvector of the 'simple'
  configuration (no stemming and no stop words, so names, codes and "of" in a title are kept), without
  positions, kept in the row, with a GIN index. No copy of the text: the row stays narrow, so a plan
  that checks rows one by one (which the planner picks when many match) reads little.

Both databases see the same words: the text is split into words here, in Python, on both the writing and
the querying side (case and accents folded, every character that is not a letter or a digit a
separator). The databases' own parsers then only ever see plain words, so "ann@example.org" is the
three words "ann example org" everywhere, and PostgreSQL's parser cannot keep it as one e-mail token that
"example" would not find.

Beside it, `document_search_head` holds the same words of the document's named parts alone: file name,
applicant, recipient, issuer and titles (migration e16a0000hed1). A search ranks the documents whose
named parts hold every word before those that match only in page text (reviewer.review.staff_queue):
"welding" finds the welding course before the transcript that mentions welding on page 3. Each tier is
one indexed lookup like the whole search, so ranking costs no scan of the matches (bm25 over all the
matches of a common word cost 340-510 ms on SQLite at 1,000,000 documents).

Query rules (`matching_document_ids`): the query is split into words as the text is, and a document
matches when it has every word, anywhere (AND): "ann@example.org" is ann, example and org, and "Klein
Robert" finds "Robert Klein". Not as a phrase: PostgreSQL checks a phrase (<->) against each
candidate's stored tsvector, not the index (0.5 s for "example.org" at 100,000 documents), so the stored
one has no positions at all. The last word is a prefix ("stat" finds "Statistical") once it has
PREFIX_MIN_CHARS characters; a single letter matches only itself, because "s" expands to most of the
index (0.5 s on SQLite at 100,000 documents, benchmarks/search_bench.py). Operators of either engine
(`OR`, `NEAR(`, `*`, `"`, `:`, `&`) are plain text, never syntax: only the words are passed on, each
quoted. At most MAX_TERMS words are used. A query with no words at all (empty, or punctuation only)
matches nothing: the caller shows every document by not filtering, never by searching for "".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased, scoped_session

from reviewer.extensions import db
from reviewer.models import Activity, Document, Extraction, User

SEARCH_TABLE = "document_search"
HEAD_TABLE = "document_search_head"
TABLES = (HEAD_TABLE, SEARCH_TABLE)
# Bounds on what one document puts in the index, so a 300-page transcript costs what a certificate does.
MAX_PAGE_TEXT = 20_000
MAX_TITLES_TEXT = 5_000
# Bounds on a query: it is typed by a person, and each term is one more index lookup.
MAX_QUERY_CHARS = 500
MAX_TERMS = 16
PREFIX_MIN_CHARS = 2
# Rows read and written at a time when many documents are indexed (the migration's backfill).
BATCH = 500

_WORD = re.compile(r"[^\W_]+")  # letters and digits; `_` is punctuation here, as it is to FTS5
_sqlite_tables = {name: sa.table(name, sa.column("rowid", sa.Integer), sa.column("body", sa.Text))
                  for name in (SEARCH_TABLE, HEAD_TABLE)}
_postgres_tables = {name: sa.table(name, sa.column("document_id", sa.Integer), sa.column("tsv"))
                    for name in (SEARCH_TABLE, HEAD_TABLE)}
_SIMPLE: sa.ColumnClause[Any] = sa.literal_column("'simple'::regconfig")
_SEARCH_TABLES = {name for table in (SEARCH_TABLE, HEAD_TABLE)
                  for name in (table, *(f"{table}_{shadow}" for shadow in ("data", "idx", "content", "docsize",
                                                                             "config")))}


class Entry(NamedTuple):
    """One document's indexed words: its named parts alone (`head`), and everything (`body`)."""

    head: str
    body: str

Executor = Session | scoped_session[Any] | Connection  # the app's session, or a migration's connection


def words(text: str) -> list[str]:
    """The words of `text` as both indexes store them: case-folded, accents removed, split on anything
    that is not a letter or a digit."""
    if text.isascii():  # most text: nothing to decompose, and casefold is lower (storing a reading is hot)
        return _WORD.findall(text.lower())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def search_body(parts: Iterable[str | None]) -> str:
    """The indexed text: the words of every part, space-separated."""
    return " ".join(" ".join(words(part)) for part in parts if part).strip()


def index_document(document_id: int) -> None:
    """(Re)write one document's search entry from its current state, in the caller's transaction.

    Called where an extraction is stored and where an upload is accepted, so the entry commits (or rolls
    back) with the change it describes and never shows a document as something it is not.
    """
    index_documents(db.session, [document_id])


def reading_entry(document: Document, extraction: Extraction) -> Entry:
    """The entry of a document whose new reading is in memory, for `write_entries` in the caller's
    transaction.

    Storing readings is the hot path of re-processing: `index_document` would read back the documents,
    extractions and activities that the caller has just built (three statements, each flushing the session
    first). The words are the same, taken from the objects instead."""
    applicant = document.applicant
    titles = [str(a.title) for a in sorted(extraction.activities, key=lambda a: a.position) if a.title is not None]
    return entry_body(document.original_name, applicant.name, applicant.email, extraction.recipient,
                      extraction.issuer, titles, extraction.page_texts)


def entry_body(file_name: str, applicant_name: str, email: str, recipient: str | None, issuer: str | None,
               titles: Sequence[str] | None, page_texts: Sequence[dict[str, Any]] | None) -> Entry:
    """One document's indexed words, from its parts (titles and page texts: of its latest extraction, if any)."""
    parts: list[str | None] = [file_name, applicant_name, email]
    if titles is not None:
        parts += [recipient, issuer, "\n".join(titles)[:MAX_TITLES_TEXT]]
    head = search_body(parts)
    if titles is None:
        return Entry(head, head)
    pages = "\n".join(str(page.get("text") or "") for page in page_texts or [])
    return Entry(head, f"{head} {search_body([pages[:MAX_PAGE_TEXT]])}".strip())


def index_documents(executor: Executor, document_ids: Sequence[int], tables: Sequence[str] = TABLES) -> int:
    """(Re)write the entries of these documents in `tables` (the named parts' alone are written without
    reading page text); ids with no document are skipped. Returns how many."""
    bodies = _bodies(executor, list(document_ids), head_only=SEARCH_TABLE not in tables)
    if bodies:
        write_entries(executor, bodies, tables)
    return len(bodies)


def rebuild_search_index(executor: Executor, tables: Sequence[str] = TABLES) -> int:
    """Write every document's entries in `tables`, BATCH at a time (a migration's backfill, or a repair). A
    migration names the tables it created: later ones do not exist yet when it runs."""
    total, last_id = 0, 0
    while True:
        ids = list(executor.execute(sa.select(Document.id).where(Document.id > last_id)
                                    .order_by(Document.id).limit(BATCH)).scalars())
        if not ids:
            return total
        total += index_documents(executor, ids, tables)
        last_id = ids[-1]


def search_terms(text: str) -> list[str]:
    """The query's words, at most MAX_TERMS: `ann@example.org stat` → [ann, example, org, stat]."""
    return words((text or "")[:MAX_QUERY_CHARS])[:MAX_TERMS]


def matching_document_ids(text: str, named: bool = False) -> sa.Select[Any]:
    """A select of the ids of documents matching a staff query (rules in the module docstring), for
    `Document.id.in_(matching_document_ids(q))`; with `named`, only those whose named parts hold every
    word. A query with no words selects no ids."""
    terms = search_terms(text)
    name = HEAD_TABLE if named else SEARCH_TABLE
    if _dialect(db.session) == "postgresql":
        table = _postgres_tables[name]
        query = sa.select(table.c.document_id)
        return query.where(_tsv_matches(table, terms)) if terms else query.where(sa.false())
    fts = _sqlite_tables[name]
    query = sa.select(fts.c.rowid.label("document_id"))
    if not terms:
        return query.where(sa.false())
    return query.where(fts.c.body.op("MATCH")(_fts5_query(terms)))


def postgres_probe(text: str, named: bool, document_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """On PostgreSQL, whether the entry of the document `document_id` stands for matches a staff query,
    checked row by row: a scalar subquery, which the planner never turns into a join
    (reviewer.review.search_tiers). False for a query with no words."""
    terms = search_terms(text)
    if not terms:
        return sa.false()
    table = _postgres_tables[HEAD_TABLE if named else SEARCH_TABLE]
    check = sa.select(_tsv_matches(table, terms)).where(table.c.document_id == document_id).scalar_subquery()
    return sa.func.coalesce(check, sa.false(), type_=sa.Boolean)


def _tsv_matches(table: sa.TableClause, terms: list[str]) -> sa.ColumnElement[bool]:
    """PostgreSQL's test of an entry against the query's words (`_tsquery`)."""
    return table.c.tsv.op("@@", is_comparison=True)(sa.func.to_tsquery(_SIMPLE, _tsquery(terms)))


def matches_by_id(text: str, named: bool = False) -> tuple[sa.TableClause, sa.ColumnElement[bool]] | None:
    """On SQLite, the FTS5 table and its MATCH condition, to join to `documents` on rowid and read in rowid
    order; None on PostgreSQL, or for a query with no words.

    `Document.id IN (matching ids)` makes SQLite collect every match before it reads the first document: a
    word in a quarter of a million documents costs 50 ms however few are shown. FTS5 hands its matches
    out in rowid order as they are asked for, so a join ordered by rowid with a LIMIT stops after the
    page: 17 ms for that word at 1,000,000 documents, 4 ms for a rare one. (A probe per queue row, the
    plan PostgreSQL picks, is the slow way round here: FTS5 re-runs the whole match for each row.)"""
    terms = search_terms(text)
    if not terms or _dialect(db.session) == "postgresql":
        return None
    fts = _sqlite_tables[HEAD_TABLE if named else SEARCH_TABLE]
    return fts, fts.c.body.op("MATCH")(_fts5_query(terms))


def _fts5_query(terms: list[str]) -> str:
    """FTS5 syntax: each word a quoted string (implicitly ANDed), the last one a prefix. Words hold only
    letters and digits, so a quote cannot be closed early; `"` is doubled regardless."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in terms]
    return " ".join(quoted) + ("*" if _is_prefix(terms) else "")


def _tsquery(terms: list[str]) -> str:
    """tsquery syntax: each word a quoted lexeme, ANDed, the last a prefix (:*). Quotes and backslashes
    are escaped even though words cannot hold them."""
    lexemes = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in terms]
    if _is_prefix(terms):
        lexemes[-1] += ":*"
    return " & ".join(lexemes)


def _is_prefix(terms: list[str]) -> bool:
    """Whether the query's last word matches as a prefix (see PREFIX_MIN_CHARS)."""
    return len(terms[-1]) >= PREFIX_MIN_CHARS


def _dialect(executor: Executor) -> str:
    bind = executor if isinstance(executor, Connection) else executor.get_bind()
    return bind.dialect.name


def _bodies(executor: Executor, document_ids: list[int], head_only: bool = False) -> dict[int, Entry]:
    """Each document's indexed text, in three statements however many documents there are (its page text
    left out with `head_only`)."""
    if not document_ids:
        return {}
    documents = executor.execute(
        sa.select(Document.id, Document.original_name, User.name, User.email)
        .join(User, User.id == Document.applicant_id).where(Document.id.in_(document_ids))).all()
    newer = aliased(Extraction)
    latest_version = sa.select(sa.func.max(newer.version)).where(
        newer.document_id == Extraction.document_id).scalar_subquery()
    extractions = {row.document_id: row for row in executor.execute(
        sa.select(Extraction.document_id, Extraction.id, Extraction.recipient, Extraction.issuer,
                  sa.null().label("page_texts") if head_only else Extraction.page_texts)
        .where(Extraction.document_id.in_(document_ids), Extraction.version == latest_version))}
    titles: dict[int, list[str]] = {}
    if extractions:
        for extraction_id, title in executor.execute(
                sa.select(Activity.extraction_id, Activity.title)
                .where(Activity.extraction_id.in_([e.id for e in extractions.values()]), Activity.title.is_not(None))
                .order_by(Activity.extraction_id, Activity.position)):
            titles.setdefault(extraction_id, []).append(str(title))  # never None: filtered above
    bodies = {}
    for document_id, file_name, applicant_name, email in documents:
        extraction = extractions.get(document_id)
        bodies[document_id] = entry_body(file_name, applicant_name, email, *(
            (extraction.recipient, extraction.issuer, titles.get(extraction.id, []), extraction.page_texts)
            if extraction is not None else (None, None, None, None)))
    return bodies


def write_entries(executor: Executor, entries: dict[int, Entry], tables: Sequence[str] = TABLES,
                  only_changed: bool = False) -> None:
    """Replace the entries in `tables` (both by default): on SQLite by rowid, on PostgreSQL by primary key.

    With `only_changed`, an entry whose words are already there is left as it is: re-processing rewrites
    every document's entries, most readings come out as they were, and rewriting the same words updated a
    full-text index (GIN on PostgreSQL, FTS5 on SQLite) for nothing. A rebuild writes every entry, since
    it may be repairing an index whose stored words are right."""
    for table in tables:
        part = 0 if table == HEAD_TABLE else 1
        bodies = {document_id: entry[part] for document_id, entry in entries.items()}
        if not bodies:
            continue
        if _dialect(executor) == "postgresql":
            unchanged = f" WHERE {table}.tsv IS DISTINCT FROM excluded.tsv" if only_changed else ""
            executor.execute(sa.text(f"INSERT INTO {table} (document_id, tsv) "
                                     "VALUES (:id, strip(to_tsvector('simple'::regconfig, :body))) "
                                     f"ON CONFLICT (document_id) DO UPDATE SET tsv = excluded.tsv{unchanged}"),
                             [{"id": document_id, "body": body} for document_id, body in bodies.items()])
            continue
        if only_changed:
            same = sa.text(f"SELECT rowid, body FROM {table} WHERE rowid IN :ids").bindparams(
                sa.bindparam("ids", expanding=True))
            stored: dict[int, str] = {row.rowid: row.body for row in executor.execute(same, {"ids": list(bodies)})}
            bodies = {document_id: body for document_id, body in bodies.items() if stored.get(document_id) != body}
        if bodies:
            executor.execute(sa.text(f"INSERT OR REPLACE INTO {table} (rowid, body) VALUES (:id, :body)"),
                             [{"id": document_id, "body": body} for document_id, body in bodies.items()])


def include_in_autogenerate(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic's `include_name`: the search structures are not models, so comparing the models with
    the database (autogenerate, tests/test_migrations.py) must not see them, nor FTS5's shadow tables."""
    return not (type_ == "table" and name in _SEARCH_TABLES)
