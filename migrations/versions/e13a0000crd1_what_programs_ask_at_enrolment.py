"""what programs ask at enrolment: certifications held and the qualifying degree

Revision ID: e13a0000crd1
Revises: e13a0000shr1
Create Date: 2026-12-06 19:50:00

A cycle records the certifications its applicant holds (ATMAE's base certification, SME's technical
certifications) and ATMAE's qualifying degree, whose coursework cannot count. A program lists the
certifications it accepts (ATMAE: CCE, CEG, CMS, CTM, CTP, as its page says).
"""
import json

from alembic import op
import sqlalchemy as sa


revision = 'e13a0000crd1'
down_revision = 'e13a0000shr1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credentials', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certifications', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('degree_institution', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('degree_year', sa.Integer(), nullable=True))
    programs = sa.table('programs', sa.column('code', sa.String), sa.column('credentials', sa.JSON))
    op.execute(programs.update().where(programs.c.code == 'ATMAE-SENIOR')
               .values(credentials=json.loads('["CCE", "CEG", "CMS", "CTM", "CTP"]')))


def downgrade():
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_column('degree_year')
        batch_op.drop_column('degree_institution')
        batch_op.drop_column('certifications')
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('credentials')
