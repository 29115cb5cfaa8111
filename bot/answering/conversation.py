"""The conversation context kept per thread or DM, in the database, so a follow-up ("and for
water?") is read against what was asked before, by whichever process answers it and after a
restart.

A conversation is keyed by (channel, thread): a mention's thread, an assistant thread, a thread
in a DM; a DM's messages outside any thread share one key, and so do one person's `/ci`
questions in one channel (their answers are theirs alone). Two messages of one thread answered
at the same moment by two workers each read the context, and each writes the context its reading
leaves: the write is one upsert, so the later write wins and neither fails. The two readings
may both have started from the older context; for two messages typed within a second of each
other that is what a person reading them would do too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select

from bot.core.db import upsert_insert
from bot.core.models import Conversation, utcnow
from knowledge.answers import Context

# After this long without a message a conversation starts afresh: someone coming back to a thread
# an hour later asks a new question, and reading it against an old sector would mislead.
IDLE_EXPIRY = dt.timedelta(hours=1)
NO_THREAD = ""  # the thread key of a DM's main timeline
_KEY_COLUMNS = ("channel_id", "thread_key")


@dataclass(frozen=True)
class Where:
    """Which conversation a message belongs to."""

    channel_id: str
    thread_key: str = NO_THREAD

    @classmethod
    def of(cls, channel_id: str, thread_ts: str | None) -> Where:
        return cls(channel_id, thread_ts or NO_THREAD)

    @classmethod
    def of_command(cls, channel_id: str, user_id: str) -> Where:
        """`/ci` answers only the one who typed it: each person's own conversation there."""
        return cls(channel_id, f"/ci {user_id}")


def load(
    engine: Engine, where: Where, *, message_key: str | None = None, now: dt.datetime | None = None
) -> Context:
    """The conversation's context; an empty one when it is new or has been idle too long. For
    the message that left the context (`message_key`: read again, its answer refused by Slack),
    the context it was read against the first time."""
    now = now or utcnow()
    query = select(
        Conversation.sector,
        Conversation.topic,
        Conversation.entry_id,
        Conversation.earlier,
        Conversation.updated_at,
        Conversation.message_key,
        Conversation.before_sector,
        Conversation.before_topic,
        Conversation.before_entry_id,
        Conversation.before_earlier,
    ).where(
        Conversation.channel_id == where.channel_id,
        Conversation.thread_key == where.thread_key,
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return Context()
    if message_key is not None and row.message_key == message_key:
        return Context(
            row.before_sector, row.before_topic, row.before_entry_id, _ids(row.before_earlier)
        )
    if row.updated_at < now - IDLE_EXPIRY:
        return Context()
    return Context(row.sector, row.topic, row.entry_id, _ids(row.earlier))


def save(
    engine: Engine,
    where: Where,
    context: Context,
    *,
    message_key: str | None = None,
    before: Context | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Keep the context for the conversation's next message (the last writer wins), with the
    message that left it and the context that message was read against."""
    before = before or Context()
    values = {
        "channel_id": where.channel_id,
        "thread_key": where.thread_key,
        "sector": context.sector,
        "topic": context.topic,
        "entry_id": context.entry_id,
        "earlier": " ".join(context.earlier),
        "updated_at": now or utcnow(),
        "message_key": message_key,
        "before_sector": before.sector,
        "before_topic": before.topic,
        "before_entry_id": before.entry_id,
        "before_earlier": " ".join(before.earlier),
    }
    statement = upsert_insert(engine)(Conversation).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=["channel_id", "thread_key"],
        set_={key: statement.excluded[key] for key in values if key not in _KEY_COLUMNS},
    )
    with engine.begin() as connection:
        connection.execute(statement)


def _ids(joined: str) -> tuple[str, ...]:
    return tuple(joined.split())


def forget_idle(engine: Engine, *, now: dt.datetime | None = None) -> int:
    """Delete the conversations idle past their expiry (they would be read as new anyway)."""
    before = (now or utcnow()) - IDLE_EXPIRY
    with engine.begin() as connection:
        return connection.execute(
            delete(Conversation).where(Conversation.updated_at < before)
        ).rowcount
