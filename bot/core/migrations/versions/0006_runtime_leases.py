"""Leases and retries: an inbox row waits for its next attempt (a retry backs off) and keeps its
last error; a digest ledger row being sent has a lease, so a sender that died is taken over.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inboxevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.drop_index("ix_inboxevent_due")
    op.execute("UPDATE inboxevent SET next_attempt_at = received_at")
    with op.batch_alter_table("inboxevent", schema=None) as batch_op:
        batch_op.alter_column(
            "next_attempt_at", existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False
        )
        batch_op.create_index("ix_inboxevent_due", ["status", "next_attempt_at"], unique=False)
    with op.batch_alter_table("digestledger", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    # A row left `sending` by a sender that died before this lease existed: taken over next run.
    op.execute("UPDATE digestledger SET claimed_at = created_at WHERE status = 'sending'")


def downgrade() -> None:
    with op.batch_alter_table("digestledger", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
    with op.batch_alter_table("inboxevent", schema=None) as batch_op:
        batch_op.drop_index("ix_inboxevent_due")
        batch_op.drop_column("last_error")
        batch_op.drop_column("next_attempt_at")
    with op.batch_alter_table("inboxevent", schema=None) as batch_op:
        batch_op.create_index("ix_inboxevent_due", ["status", "received_at"], unique=False)
