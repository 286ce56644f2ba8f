"""outbound mail: the outbox that e-mails go through

Revision ID: e12a0000mail
Revises: e12a0000prg1
Create Date: 2026-11-24 10:00:00

One row per message, committed with what caused it (a decision, an enrolment, a reminder) and sent by a
job; pending rows are sent again by the sweep until they go out or fail for good. `dedupe_key` is
unique so a reminder is never queued twice.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e12a0000mail'
down_revision = 'e12a0000prg1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outbound_mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('dedupe_key', sa.String(length=200), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False, server_default='pending'),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dedupe_key'),
    )
    with op.batch_alter_table('outbound_mail', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_mail_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_mail_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbound_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_mail_user_id'))
        batch_op.drop_index('ix_outbound_mail_status_next_attempt_at')
    op.drop_table('outbound_mail')
