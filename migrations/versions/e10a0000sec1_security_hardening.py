"""security hardening: session generations, decision versions, sign-in backoff per account and address

Revision ID: e10a0000sec1
Revises: 0d6cd19f7446
Create Date: 2026-11-23 22:10:00

- users.session_generation: a session cookie carries the generation it was issued under; signing out
  (or revoking) bumps it, so every copy of an older cookie stops working everywhere.
- documents.state_version: bumped on every status change; a decision names the version it was made on,
  so a stale one is refused instead of silently overwriting a colleague's.
- login_attempts(email, address, created_at): the backoff counts failures per account and address.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e10a0000sec1'
down_revision = '0d6cd19f7446'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_version', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_email_address_created_at', ['email', 'address', 'created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_email_address_created_at')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('state_version')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
