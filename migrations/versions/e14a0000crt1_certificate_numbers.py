"""certificate numbers: the number a document prints, for the applicant's scorecard

Revision ID: e14a0000crt1
Revises: e14a0000req1
Create Date: 2026-12-06 22:35:00

Pipeline 1.4.0 reads the certificate, credential or verification number a document prints; the
compliance transcript lists it beside the provider. Extractions made before have none until re-processed.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e14a0000crt1'
down_revision = 'e14a0000req1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('extractions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_number', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('extractions', schema=None) as batch_op:
        batch_op.drop_column('certificate_number')
