"""queue counts kept by the database: waiting documents per flag combination, written by triggers

Revision ID: e15a0000cnt1
Revises: e14a0000crt1
Create Date: 2026-12-07 04:00:00

The staff queue shows how many documents wait, in all and per flag. Counting them was a scan of every
waiting document on each page view: 300,000 index entries at 1,000,000 documents, most of a request's
time on PostgreSQL. `queue_counts` holds the answer as signed rows (flag_codes, +1 or -1) that triggers on
`documents` add whenever a document starts or stops waiting or its flag codes change, whatever code makes
the change (the web app, a worker, an older release during a rolling upgrade, a repair by hand). Rows are
only ever inserted by the triggers, so two transactions never wait for each other on a count; the reader
sums them and from time to time folds them into one row per combination
(reviewer.review.queue_counts).

The DDL is written out here, not imported: a migration must keep creating what it created.
SQLite drops a table's triggers when a batch migration rebuilds the table; tests/test_queue_counts.py
checks that the head schema still has them.

`ix_documents_uploaded_at` goes: the queue's queries walk the (status, uploaded_at, id) index, and with
the single-column index there PostgreSQL walked every document by upload date instead, filtering on status:
cheap while waiting documents are spread over the years, a scan of the whole history when they are the
newest, as they are in a deployment. `ix_documents_claimed_by_id` becomes (claimed_by_id, status, uploaded_at,
id): a reviewer's own claims ("mine") are then a range in queue order, where SQLite walked all 300,000
waiting documents of a million to find a reviewer's few (160 ms). `ix_documents_changed_since_decision`
becomes (changed_since_decision, updated_at, id), the order the staff page lists them in: PostgreSQL
sorted the thousand changed documents of a million after hashing every applicant (11 ms on every queue page).
The cycles' indexes on the program and on (status, due_date) gain the column the administrators' outcome
report groups by, so it reads them alone: 37 ms to 5 for 50,000 cycles on SQLite.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e15a0000cnt1'
down_revision = 'e14a0000crt1'
branch_labels = None
depends_on = None

WAITING = "'needs_review'"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION queue_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
            AND OLD.flag_codes IS NOT DISTINCT FROM NEW.flag_codes THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = {WAITING} THEN
        INSERT INTO queue_counts (flag_codes, waiting) VALUES (OLD.flag_codes, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = {WAITING} THEN
        INSERT INTO queue_counts (flag_codes, waiting) VALUES (NEW.flag_codes, 1);
    END IF;
    RETURN NULL;
END
$$
"""

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER queue_counts_insert AFTER INSERT ON documents WHEN NEW.status = {WAITING}
        BEGIN INSERT INTO queue_counts (flag_codes, waiting) VALUES (NEW.flag_codes, 1); END""",
    f"""CREATE TRIGGER queue_counts_delete AFTER DELETE ON documents WHEN OLD.status = {WAITING}
        BEGIN INSERT INTO queue_counts (flag_codes, waiting) VALUES (OLD.flag_codes, -1); END""",
    f"""CREATE TRIGGER queue_counts_update AFTER UPDATE OF status, flag_codes ON documents
        WHEN (OLD.status = {WAITING} OR NEW.status = {WAITING})
             AND (OLD.status IS NOT NEW.status OR OLD.flag_codes IS NOT NEW.flag_codes)
        BEGIN
            INSERT INTO queue_counts (flag_codes, waiting) SELECT OLD.flag_codes, -1 WHERE OLD.status = {WAITING};
            INSERT INTO queue_counts (flag_codes, waiting) SELECT NEW.flag_codes, 1 WHERE NEW.status = {WAITING};
        END""",
)


def upgrade():
    op.create_table('queue_counts',
                    sa.Column('flag_codes', sa.String(length=300), nullable=False),
                    sa.Column('waiting', sa.Integer(), nullable=False))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRES_FUNCTION)
        op.execute("CREATE TRIGGER queue_counts_follow AFTER INSERT OR DELETE OR UPDATE OF status, flag_codes"
                   " ON documents FOR EACH ROW EXECUTE FUNCTION queue_counts_follow()")
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    # Documents already waiting, counted once; from here on the triggers keep the count.
    op.execute(f"INSERT INTO queue_counts (flag_codes, waiting) SELECT flag_codes, count(*) FROM documents"
               f" WHERE status = {WAITING} GROUP BY flag_codes")
    op.drop_index('ix_documents_uploaded_at', table_name='documents')
    op.create_index('ix_documents_claimed_by_status', 'documents', ['claimed_by_id', 'status', 'uploaded_at', 'id'])
    op.drop_index('ix_documents_claimed_by_id', table_name='documents')
    op.create_index('ix_documents_changed_updated_at', 'documents', ['changed_since_decision', 'updated_at', 'id'])
    op.drop_index('ix_documents_changed_since_decision', table_name='documents')
    op.create_index('ix_cycles_program_status', 'cycles', ['program_id', 'status'])
    op.drop_index('ix_cycles_program_id', table_name='cycles')
    op.create_index('ix_cycles_status_due_program', 'cycles', ['status', 'due_date', 'program_id'])
    op.drop_index('ix_cycles_status_due_date', table_name='cycles')


def downgrade():
    op.create_index('ix_cycles_status_due_date', 'cycles', ['status', 'due_date'], unique=False)
    op.drop_index('ix_cycles_status_due_program', table_name='cycles')
    op.create_index('ix_cycles_program_id', 'cycles', ['program_id'], unique=False)
    op.drop_index('ix_cycles_program_status', table_name='cycles')
    op.create_index('ix_documents_changed_since_decision', 'documents', ['changed_since_decision'], unique=False)
    op.drop_index('ix_documents_changed_updated_at', table_name='documents')
    op.create_index('ix_documents_claimed_by_id', 'documents', ['claimed_by_id'], unique=False)
    op.drop_index('ix_documents_claimed_by_status', table_name='documents')
    op.create_index('ix_documents_uploaded_at', 'documents', ['uploaded_at'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS queue_counts_follow ON documents")
        op.execute("DROP FUNCTION IF EXISTS queue_counts_follow()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS queue_counts_{name}")
    op.drop_table('queue_counts')
