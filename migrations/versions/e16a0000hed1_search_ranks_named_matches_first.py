"""search ranks named matches first: a second full-text entry per document, of its named parts alone

Revision ID: e16a0000hed1
Revises: e15a0000cnt1
Create Date: 2026-12-07 07:10:00

`document_search_head` holds the words of a document's file name, applicant, recipient, issuer and titles,
beside `document_search`, which holds those and its page text. A staff search lists the documents whose
named parts hold every word first, then those that match only in page text (reviewer.review.search,
reviewer.review.staff_queue). Its shape is `document_search`'s on each database (migration e11a0000fts1):
an FTS5 table keyed by the document's id on SQLite, a narrow table of a position-less 'simple' tsvector
with a GIN index on PostgreSQL, whose row goes with the document.

Expanding only: an older release during a rolling upgrade keeps writing `document_search` and never reads
this table, and its searches stay as they were. A document it re-reads keeps the named entry it had until
the new release writes again (`reviewer reindex-search` rewrites them all).

The backfill writes the named parts only, from the documents, applicants, latest extractions and titles,
500 documents at a time, without reading page text.
"""
from alembic import op

from reviewer.review.search import HEAD_TABLE, rebuild_search_index


revision = 'e16a0000hed1'
down_revision = 'e15a0000cnt1'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE TABLE document_search_head ("
                   " document_id integer PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
                   " tsv tsvector NOT NULL)")
        op.execute("ALTER TABLE document_search_head ALTER COLUMN tsv SET STORAGE MAIN")
        op.execute("CREATE INDEX ix_document_search_head_tsv ON document_search_head USING gin (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE document_search_head USING fts5(body, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
    rebuild_search_index(op.get_bind(), (HEAD_TABLE,))
    if op.get_bind().dialect.name == 'postgresql':
        # The planner's statistics of both entries hold the 10,000 commonest words, not 1,000. A word missing
        # from them is estimated at half the rarest one's frequency: with 1,000, about 2 % of the rows, so
        # for a word no title holds it walked every waiting document probing each one's entry (45 ms at
        # 100,000 documents). With 10,000 such a word is estimated rare and looked up in the index first
        # (0.1 ms), while a common one is still known common and served by the queue's index walk.
        for table in ("document_search", "document_search_head"):
            op.execute(f"ALTER TABLE {table} ALTER COLUMN tsv SET STATISTICS 1000")
            op.execute(f"ANALYZE {table}")


def downgrade():
    op.execute("DROP TABLE IF EXISTS document_search_head")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE document_search ALTER COLUMN tsv SET STATISTICS -1")
