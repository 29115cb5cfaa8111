"""A message read again on retry is read and recorded once: a question keeps the key of the Slack
message (or command) it came from and its place in it, under a unique index; a conversation
keeps the message that left its context, and the context that message was read against.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_key", _TEXT(), nullable=True))
        batch_op.add_column(sa.Column("part", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index("ux_question_message_part", ["message_key", "part"], unique=True)
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        for column in ("message_key", "before_sector", "before_topic", "before_entry_id"):
            batch_op.add_column(sa.Column(column, _TEXT(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        for column in ("before_entry_id", "before_topic", "before_sector", "message_key"):
            batch_op.drop_column(column)
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index("ux_question_message_part")
        batch_op.drop_column("part")
        batch_op.drop_column("message_key")
