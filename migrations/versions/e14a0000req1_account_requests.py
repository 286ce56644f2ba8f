"""account requests: someone with a certification and no account asks for one

Revision ID: e14a0000req1
Revises: e13a0000crd1
Create Date: 2026-12-06 22:10:00

A request stays pending until an administrator enrols its address (which matches it) or declines it.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e14a0000req1'
down_revision = 'e13a0000crd1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'account_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('program_code', sa.String(length=40), nullable=False),
        sa.Column('certification_number', sa.String(length=60), nullable=False),
        sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.create_index('ix_account_requests_email', ['email'], unique=False)
        batch_op.create_index('ix_account_requests_status', ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_account_requests_status')
        batch_op.drop_index('ix_account_requests_email')
    op.drop_table('account_requests')
