"""Answer each Slack event once, across retries, restarts and processes: the database decides."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.models import ProcessedEvent


def first_delivery(engine: Engine, event_id: str) -> bool:
    """True for the first process to see this event_id; False for every redelivery."""
    with Session(engine) as session:
        session.add(ProcessedEvent(event_id=event_id))
        try:
            session.commit()
        except IntegrityError:
            return False
    return True
