"""queue sorts and counts from indexes: the program code on the document, covering indexes

Revision ID: e12a0000que2
Revises: e12a0000mail
Create Date: 2026-11-23 23:00:00

At 100,000 documents the queue's counts read every waiting row from the table (70 ms on SQLite), and the
program and flag sorts sorted them all. The counts now group the waiting documents by their flag codes
from an index alone, and each sort walks an index of its own; the program code is copied onto the
document at upload (a cycle never changes program) so that its sort and filter need no join.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e12a0000que2'
down_revision = 'e12a0000mail'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('program_code', sa.String(length=40), nullable=False, server_default=''))
        batch_op.create_index('ix_documents_status_flag_codes', ['status', 'flag_codes', 'uploaded_at', 'id'])
        batch_op.create_index('ix_documents_status_program_code', ['status', 'program_code', 'uploaded_at', 'id'])
    op.execute("UPDATE documents SET program_code = COALESCE((SELECT programs.code FROM cycles JOIN programs "
               "ON programs.id = cycles.program_id WHERE cycles.id = documents.cycle_id), '')")


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_status_program_code')
        batch_op.drop_index('ix_documents_status_flag_codes')
        batch_op.drop_column('program_code')
