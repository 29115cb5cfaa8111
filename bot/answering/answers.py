"""Answering partners' questions: record them, take feedback, swap in a "Did you mean"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.models import Feedback, Question
from knowledge.matcher import MatchResult

_RECORD_QUESTION = insert(Question)


@dataclass(frozen=True)
class Answer:
    question_id: int | None
    result: MatchResult


def record_question(engine: Engine, question: Question) -> int:
    """Store one asked question; its id. A question of a message read again (the inbox retries
    a message whose answer Slack refused) is stored once: its first id."""
    try:
        return _insert_question(engine, question)
    except IntegrityError:  # the same question of the same message, stored by an earlier attempt
        known = _recorded(engine, question)
        if known is None:
            raise
        return known


def _recorded(engine: Engine, question: Question) -> int | None:
    query = select(Question.id).where(
        Question.message_key == question.message_key, Question.part == question.part
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar()


def _insert_question(engine: Engine, question: Question) -> int:
    # One Core INSERT, committing itself: no unit of work for one row, the statement cached.
    # On SQLite the id comes from lastrowid, so the write lock is held only inside the driver's
    # one call, never across Python code; with RETURNING or a BEGIN ... COMMIT it was held
    # while this (niced) worker's thread waited for the interpreter lock and the CPU, and the
    # acks waited for it in turn. On PostgreSQL SQLAlchemy adds RETURNING id.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        inserted = connection.execute(_RECORD_QUESTION, question.model_dump(exclude={"id"}))
        return inserted.inserted_primary_key[0]


def record_feedback(
    *,
    engine: Engine,
    question_id: int,
    user_id: str,
    helpful: bool,
    entry_id: str | None = None,
) -> bool:
    """Store a Helpful / Not helpful click on the card that showed `entry_id` (a button from
    before cards named their entry: the question's entry); False when the question is unknown."""
    with Session(engine) as session:
        question = session.get(Question, question_id)
        if question is None:
            return False
        session.add(
            Feedback(
                question_id=question_id,
                user_id=user_id,
                helpful=helpful,
                entry_id=entry_id or question.entry_id,
            )
        )
        session.commit()
        return True


def choose_alternative(
    *, engine: Engine, question_id: int | None, entry_id: str, user_id: str
) -> bool:
    """A "Did you mean" click: the asker's own changes their question to the entry they chose
    (answered, swapped); anyone else's changes nothing. True when the question changed."""
    if question_id is None:
        return False
    chosen = (
        update(Question)
        .where(Question.id == question_id, Question.user_id == user_id)
        .values(entry_id=entry_id, answered=True, swapped=True)
    )
    with engine.begin() as connection:
        return connection.execute(chosen).rowcount > 0
