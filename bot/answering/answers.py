"""Answering partners' questions: match, record, take feedback, swap in a "Did you mean"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert
from sqlmodel import Session

from bot.answering import freshness
from bot.core.metrics import count_question
from bot.core.models import Feedback, Question
from knowledge.matcher import Matcher, MatchResult
from knowledge.schema import Entry

_RECORD_QUESTION = insert(Question)


@dataclass(frozen=True)
class Answer:
    question_id: int | None
    result: MatchResult


def answer_question(
    *,
    engine: Engine | None,
    matcher: Matcher,
    text: str,
    user_id: str,
    surface: str,
    channel_id: str | None = None,
    thread_ts: str | None = None,
) -> Answer:
    """Match a question and record it (an unanswered one is a knowledge gap for staff)."""
    result = freshness.hedge(matcher.match(text), freshness.today())
    count_question(result.answered)
    if engine is None:
        return Answer(None, result)
    question = Question(
        user_id=user_id,
        channel_id=channel_id,
        thread_ts=thread_ts,
        surface=surface,
        text=text,
        answered=result.answered,
        entry_id=result.best.entry.id if result.best else None,
        score=result.best.score if result.best else 0.0,
    )
    # One Core INSERT, committing itself: no unit of work for one row, the statement cached.
    # On SQLite the id comes from lastrowid, so the write lock is held only inside the driver's
    # one call, never across Python code; with RETURNING or a BEGIN ... COMMIT it was held
    # while this (niced) worker's thread waited for the interpreter lock and the CPU, and the
    # acks waited for it in turn. On PostgreSQL SQLAlchemy adds RETURNING id.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        inserted = connection.execute(_RECORD_QUESTION, question.model_dump(exclude={"id"}))
        question_id = inserted.inserted_primary_key[0]
    return Answer(question_id, result)


def record_feedback(*, engine: Engine, question_id: int, user_id: str, helpful: bool) -> bool:
    """Store a Helpful / Not helpful click; False when the question is unknown."""
    with Session(engine) as session:
        question = session.get(Question, question_id)
        if question is None:
            return False
        session.add(
            Feedback(
                question_id=question_id,
                user_id=user_id,
                helpful=helpful,
                entry_id=question.entry_id,
            )
        )
        session.commit()
        return True


def choose_alternative(
    *, engine: Engine, matcher: Matcher, question_id: int, entry_id: str
) -> Entry | None:
    """The asker picked a "Did you mean" entry: remember it, and return it to show."""
    entry = matcher.index.by_id(entry_id)
    if entry is None:
        return None
    with Session(engine) as session:
        question = session.get(Question, question_id)
        if question is not None:
            question.entry_id = entry.id
            question.answered = True
            question.swapped = True
            session.add(question)
            session.commit()
    return entry
