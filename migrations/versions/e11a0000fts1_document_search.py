"""document search: one full-text entry per document (FTS5 on SQLite, tsvector + GIN on PostgreSQL)

Revision ID: e11a0000fts1
Revises: e11a0000que1
Create Date: 2026-11-23 22:40:00

`document_search` is not a model: its shape differs by database (see reviewer/review/search.py, which writes
it). SQLite gets an FTS5 table whose rowid is the document id. PostgreSQL gets a table keyed by the
document (its entry goes with it) holding only `tsv`, the words as a 'simple' tsvector without positions
(searches AND words, never phrases, so positions are never read), and a GIN index on `tsv`.

The backfill goes through reviewer.review.search rather than an INSERT … SELECT: the entry's words are made by
Python on both databases (so both find the same documents), and a copy of that code here would drift
from the code that keeps entries current. It writes 500 documents at a time.
"""
from alembic import op

from reviewer.review.search import SEARCH_TABLE, rebuild_search_index


revision = 'e11a0000fts1'
down_revision = 'e11a0000que1'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE TABLE document_search ("
                   " document_id integer PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
                   " tsv tsvector NOT NULL)")
        # Kept in the row (compressed) rather than in TOAST up to a page: a plan that checks `tsv @@`
        # row by row then reads the row it is on instead of fetching chunks through another index.
        op.execute("ALTER TABLE document_search ALTER COLUMN tsv SET STORAGE MAIN")
        op.execute("CREATE INDEX ix_document_search_tsv ON document_search USING gin (tsv)")
    else:
        # Words arrive already folded and split (reviewer.review.search.words); unicode61 keeps them as they are.
        op.execute("CREATE VIRTUAL TABLE document_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    rebuild_search_index(op.get_bind(), (SEARCH_TABLE,))  # the named entries came later (e16a0000hed1)


def downgrade():
    op.execute("DROP TABLE IF EXISTS document_search")
