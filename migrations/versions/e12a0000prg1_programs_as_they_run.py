"""programs as they run: due dates, cycle outcomes, exemptions, activity categories, reminders

Revision ID: e12a0000prg1
Revises: e11a0000fts1
Create Date: 2026-11-23 22:40:00

- programs.due_rule: how a cycle's due date follows from the certification date ("november_1_third_year"
  for AMT; "anniversary" for the others: window_years after certification).
- cycles: the certification date the cycle follows, its due date, its outcome (open, complete, short,
  exempt), and an exemption with its reason.
- activities: a category (suggested from the evidence's words, changed by staff) and a reason an
  activity does not count (ATMAE: coursework toward the qualifying degree).
- users: whether reminders may be e-mailed, and whether the account is active.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e12a0000prg1'
down_revision = 'e11a0000fts1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_rule', sa.String(length=40), nullable=False, server_default='anniversary'))
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certified_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('due_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='open'))
        batch_op.add_column(sa.Column('exemption', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('exemption_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_cycles_status_due_date', ['status', 'due_date'])
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('excluded_reason', sa.String(length=200), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute("UPDATE cycles SET due_date = window_end WHERE due_date IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('reminders')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_column('excluded_reason')
        batch_op.drop_column('category')
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_index('ix_cycles_status_due_date')
        for column in ('closed_at', 'exemption_reason', 'exemption', 'status', 'due_date', 'certified_on'):
            batch_op.drop_column(column)
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('due_rule')
