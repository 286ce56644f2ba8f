"""programs that share evidence: an activity filed under another program's cycle counts there too

Revision ID: e13a0000shr1
Revises: e13a0000rnw1
Create Date: 2026-12-06 19:40:00

ATMAE's page says an activity may count for both of an applicant's certifications; the seed program
gets the flag, and so does an ATMAE row already in the database.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e13a0000shr1'
down_revision = 'e13a0000rnw1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shares_evidence', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text("UPDATE programs SET shares_evidence = :yes WHERE code = 'ATMAE-SENIOR'").bindparams(yes=True))


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('shares_evidence')
