"""The inbox: question events stored before the ack, answered by a worker. It takes over from
processedevent as the record of event ids already taken on (those are carried over as done).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inboxevent",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("inboxevent", schema=None) as batch_op:
        batch_op.create_index("ix_inboxevent_due", ["status", "received_at"], unique=False)
    op.execute(
        "INSERT INTO inboxevent (event_id, received_at, status, attempts) "
        "SELECT event_id, received_at, 'done', 1 FROM processedevent"
    )
    with op.batch_alter_table("processedevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processedevent_received_at"))
    op.drop_table("processedevent")


def downgrade() -> None:
    op.create_table(
        "processedevent",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("processedevent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processedevent_received_at"), ["received_at"], unique=False
        )
    op.execute(
        "INSERT INTO processedevent (event_id, received_at) "
        "SELECT event_id, received_at FROM inboxevent"
    )
    with op.batch_alter_table("inboxevent", schema=None) as batch_op:
        batch_op.drop_index("ix_inboxevent_due")
    op.drop_table("inboxevent")
