"""renewal as a submission: the applicant submits a cycle with an attestation, staff approve or return it

Revision ID: e13a0000rnw1
Revises: e12a0000que2
Create Date: 2026-12-06 19:30:00

A cycle gains the moment it was submitted and the words attested, and the reviewer's verdict: who, when,
and the note of a cycle returned to the applicant. Its status takes two more values, submitted and
recertified (a string column: no change to its type).
"""
from alembic import op
import sqlalchemy as sa


revision = 'e13a0000rnw1'
down_revision = 'e12a0000que2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('attestation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_cycles_reviewed_by_id_users', 'users', ['reviewed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_constraint('fk_cycles_reviewed_by_id_users', type_='foreignkey')
        batch_op.drop_column('review_note')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('attestation')
        batch_op.drop_column('submitted_at')
