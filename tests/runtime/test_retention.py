"""Retention: questions name their askers and go after
PARTNERBOT_RETENTION_DAYS, with their feedback; alerts and the audit trail stay."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from bot.core.models import Alert, AuditEvent, Feedback, InboxEvent, Question
from bot.runtime.retention import EVENT_MEMORY, purge

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def ask(session: Session, text: str, days_ago: float) -> Question:
    question = Question(
        user_id="U1",
        surface="dm",
        text=text,
        answered=True,
        asked_at=NOW - dt.timedelta(days=days_ago),
    )
    session.add(question)
    session.flush()
    session.add(Feedback(question_id=question.id, user_id="U1", helpful=True))
    return question


def test_old_questions_and_their_feedback_go_and_alerts_and_audit_stay(services):
    engine = services.engine
    with Session(engine) as session:
        ask(session, "who leads dams, two years ago", days_ago=730)
        ask(session, "who leads dams, 31 days ago", days_ago=31)
        ask(session, "who leads dams, yesterday", days_ago=1)
        alert = Alert(
            title="Old alert",
            details="Kept.",
            sectors=["dams"],
            tlp="CLEAR",
            author_id="USTAFF",
            created_at=NOW - dt.timedelta(days=900),
        )
        session.add(alert)
        session.flush()
        session.add(AuditEvent(alert_id=alert.id, actor_id="USTAFF", action="publish"))
        long_ago = NOW - 2 * EVENT_MEMORY
        session.add(InboxEvent(event_id="EvOLD", received_at=long_ago, status="done"))
        session.add(InboxEvent(event_id="EvNEW", received_at=NOW - dt.timedelta(hours=1)))
        # Never answered (no worker ran): kept, however old, until a worker answers it.
        session.add(InboxEvent(event_id="EvWAITING", received_at=long_ago, body="{}"))
        session.commit()

    purged = purge(engine, retention_days=30, now=NOW)

    assert (purged.questions, purged.feedback, purged.events) == (2, 2, 1)
    with Session(engine) as session:
        assert [q.text for q in session.exec(select(Question))] == ["who leads dams, yesterday"]
        assert len(session.exec(select(Feedback)).all()) == 1
        kept = session.exec(select(InboxEvent.event_id).order_by(InboxEvent.event_id)).all()
        assert kept == ["EvNEW", "EvWAITING"]
        assert len(session.exec(select(Alert)).all()) == 1
        assert len(session.exec(select(AuditEvent)).all()) == 1


def test_the_default_retention_keeps_a_year(services):
    with Session(services.engine) as session:
        ask(session, "recent", days_ago=364)
        ask(session, "old", days_ago=366)
        session.commit()
    purged = purge(services.engine, retention_days=services.settings.retention_days, now=NOW)
    assert purged.questions == 1
