"""Sharing decisions taken once: the audit trail keeps the Slack form submission each decision
came from under a unique key, so a submission Slack delivers twice is taken once. An alert
remembers its publisher's receipt, which is refreshed when a delivery ends for good.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("receipt_channel", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("receipt_ts", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("submission", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.create_index("ux_auditevent_submission", ["submission"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_index("ux_auditevent_submission")
        batch_op.drop_column("submission")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("receipt_ts")
        batch_op.drop_column("receipt_channel")
