"""Knowledge entries kept current from Slack: each entry's state (approved content, latest
review, retirement), proposed revisions, the history of changes, and the weekly review ledger.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entrystate",
        sa.Column("entry_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.Column("merged", sa.Boolean(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("reviewed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("retired_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id"),
    )

    op.create_table(
        "entryrevision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("author_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entryrevision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entryrevision_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entryrevision_status"), ["status"], unique=False)

    op.create_table(
        "entryevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("actor_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entryevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entryevent_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_entryevent_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "reviewledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("recipient", "week"),
    )


def downgrade() -> None:
    op.drop_table("reviewledger")
    with op.batch_alter_table("entryevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entryevent_entry_id"))
        batch_op.drop_index(batch_op.f("ix_entryevent_at"))
    op.drop_table("entryevent")
    with op.batch_alter_table("entryrevision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entryrevision_status"))
        batch_op.drop_index(batch_op.f("ix_entryrevision_entry_id"))
    op.drop_table("entryrevision")
    op.drop_table("entrystate")
