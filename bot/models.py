"""Every table of partnerbot, in one place."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Question(SQLModel, table=True):
    """A question a partner asked, what the bot answered, and where (for follow-ups)."""

    id: int | None = Field(default=None, primary_key=True)
    asked_at: dt.datetime = Field(default_factory=utcnow, index=True)
    user_id: str = Field(index=True)
    channel_id: str | None = None
    thread_ts: str | None = None
    surface: str  # mention | dm | command | shell
    text: str
    answered: bool = Field(index=True)
    entry_id: str | None = Field(default=None, index=True)
    score: float = 0.0
    swapped: bool = False  # the asker picked a "Did you mean" entry instead


class Feedback(SQLModel, table=True):
    """A "Helpful" / "Not helpful" click on an answer card."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    user_id: str
    helpful: bool
    entry_id: str | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
