"""A conversation keeps the few entries it answered before the last ("go back to the first one",
"are both still current?"), and the message that left it keeps them as it read them.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_COLUMNS = ("earlier", "before_earlier")


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        for column in _COLUMNS:
            batch_op.add_column(sa.Column(column, _TEXT(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        for column in reversed(_COLUMNS):
            batch_op.drop_column(column)
