"""Answer each Slack event once, across retries, restarts and processes: the database decides."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.db import upsert_insert
from bot.models import ProcessedEvent, utcnow


def first_delivery(engine: Engine, event_id: str) -> bool:
    """True for the first process to see this event_id; False for every redelivery."""
    claim = (
        upsert_insert(engine)(ProcessedEvent)
        .on_conflict_do_nothing(index_elements=["event_id"])
        # SQLAlchemy keeps an INSERT's rowcount only when asked (psycopg otherwise reports -1).
        .execution_options(preserve_rowcount=True)
    )
    with engine.begin() as connection:
        row = {"event_id": event_id, "received_at": utcnow()}
        return connection.execute(claim, row).rowcount == 1
