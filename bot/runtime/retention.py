"""Housekeeping: asked questions name their askers, so they are deleted after the retention
period; answered events are forgotten once Slack can no longer retry them, and conversations once
they have expired. Alerts, deliveries and the audit trail are kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from bot.answering.conversation import forget_idle
from bot.core.models import Feedback, InboxEvent, Question, utcnow

EVENT_MEMORY = dt.timedelta(days=7)  # Slack gives up retrying an event within hours


@dataclass(frozen=True)
class Purged:
    questions: int
    feedback: int
    events: int
    conversations: int = 0


def purge(engine: Engine, *, retention_days: int, now: dt.datetime | None = None) -> Purged:
    """Delete questions (with their feedback) older than the retention period, old event ids and
    expired conversations; how many rows went."""
    now = now or utcnow()
    asked_before = now - dt.timedelta(days=retention_days)
    expired = select(Question.id).where(Question.asked_at < asked_before)
    with Session(engine) as session:
        feedback = session.execute(delete(Feedback).where(Feedback.question_id.in_(expired)))
        questions = session.execute(delete(Question).where(Question.asked_at < asked_before))
        events = session.execute(
            delete(InboxEvent).where(
                InboxEvent.received_at < now - EVENT_MEMORY,
                # never a question still waiting; one failed for days goes with the rest
                InboxEvent.status.in_(("done", "failed", "dropped")),
            )
        )
        session.commit()
    conversations = forget_idle(engine, now=now)
    return Purged(questions.rowcount, feedback.rowcount, events.rowcount, conversations)
