"""staff queue at scale: the latest extraction and its flags on the document, claims, indexes

Revision ID: e11a0000que1
Revises: e10a0000sec1
Create Date: 2026-11-23 22:20:00

The queue pages in the database (keyset on status, uploaded_at, id) and filters and counts there, so the
document carries what the queue needs from its latest extraction: that extraction's id and its flag
codes. Every foreign key the pages join or filter on gets an index; the extractions index that repeated
the unique key's first column goes.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e11a0000que1'
down_revision = 'e10a0000sec1'
branch_labels = None
depends_on = None

# Foreign keys without an index, as (table, column).
_FOREIGN_KEYS = [("documents", "cycle_id"), ("documents", "resubmission_of_id"), ("review_decisions", "extraction_id"),
                 ("review_decisions", "reviewer_id"), ("cycles", "program_id"), ("audit_events", "actor_id"),
                 ("activities", "corrected_by_id")]
_FLAG_ORDER = ("unreadable", "missing_title", "missing_date", "missing_hours", "self_issued", "outside_window",
               "name_mismatch", "duplicate")


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latest_extraction_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('flag_codes', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('claimed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key('fk_documents_latest_extraction_id', 'extractions', ['latest_extraction_id'], ['id'],
                                    use_alter=True)
        batch_op.create_foreign_key('fk_documents_claimed_by_id', 'users', ['claimed_by_id'], ['id'])
        batch_op.create_index('ix_documents_status_uploaded_at_id', ['status', 'uploaded_at', 'id'])
        batch_op.create_index('ix_documents_latest_extraction_id', ['latest_extraction_id'])
        batch_op.create_index('ix_documents_claimed_by_id', ['claimed_by_id'])
    for table, column in _FOREIGN_KEYS:
        op.create_index(f'ix_{table}_{column}', table, [column])
    op.create_index('ix_review_decisions_document_id_id', 'review_decisions', ['document_id', 'id'])
    op.drop_index('ix_extractions_document_id', table_name='extractions')
    _backfill()


def _backfill():
    """Existing documents: their latest extraction and its flags (audit samples with none say so)."""
    bind = op.get_bind()
    latest = bind.execute(sa.text(
        "SELECT e.document_id, e.id FROM extractions e WHERE e.version = "
        "(SELECT max(version) FROM extractions x WHERE x.document_id = e.document_id)")).all()
    flags: dict[int, list[str]] = {}
    for extraction_id, code in bind.execute(sa.text("SELECT extraction_id, code FROM flags")).all():
        flags.setdefault(extraction_id, []).append(code)
    samples = {row[0] for row in bind.execute(sa.text("SELECT id FROM documents WHERE audit_sample")).all()}
    for document_id, extraction_id in latest:
        codes = sorted(set(flags.get(extraction_id, [])), key=lambda c: (_FLAG_ORDER + (c,)).index(c))
        if not codes and document_id in samples:
            codes = ["audit_sample"]
        bind.execute(sa.text("UPDATE documents SET latest_extraction_id = :e, flag_codes = :f WHERE id = :d"),
                     {"e": extraction_id, "f": " ".join(codes), "d": document_id})


def downgrade():
    op.create_index('ix_extractions_document_id', 'extractions', ['document_id'])
    op.drop_index('ix_review_decisions_document_id_id', table_name='review_decisions')
    for table, column in reversed(_FOREIGN_KEYS):
        op.drop_index(f'ix_{table}_{column}', table_name=table)
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_claimed_by_id')
        batch_op.drop_index('ix_documents_latest_extraction_id')
        batch_op.drop_index('ix_documents_status_uploaded_at_id')
        batch_op.drop_constraint('fk_documents_claimed_by_id', type_='foreignkey')
        batch_op.drop_constraint('fk_documents_latest_extraction_id', type_='foreignkey')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by_id')
        batch_op.drop_column('flag_codes')
        batch_op.drop_column('latest_extraction_id')
