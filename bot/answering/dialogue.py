"""A message in, the bot's reply out, the same on every surface: a mention, a DM, `/ci ask`, the
assistant pane, and the shell (which drives the same handlers).

`reply_to` reads the message (`knowledge.reading.read`) against its conversation's stored
context, records what is a question (an unanswered one is a knowledge gap for staff; small talk,
help and requests never are), keeps the context the reading leaves for the next message, and
composes the reply by the reading's kind: a short reply of the bot's own, the help, a list, or
one answer card per question answered (up to three). It posts nothing: a listener or a worker
posts the messages it returns wherever its surface replies.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.answering import cards, freshness, lists, replies
from bot.answering import conversation as conversations
from bot.answering.answers import Answer, record_question
from bot.answering.conversation import Where
from bot.answering.shown import is_gap, shown
from bot.core.metrics import count_question
from bot.core.models import Question
from bot.core.render import as_dicts, escape, note
from knowledge.answers import Browse, Context, Part, Reading
from knowledge.index import KnowledgeIndex
from knowledge.matcher import Matcher
from knowledge.reading import next_context, read

QUESTION_KINDS = frozenset({"question", "browse"})


@dataclass(frozen=True)
class Asked:
    """Who asked and where, as the stored question records it."""

    user_id: str
    surface: str  # mention | dm | command | assistant | shell
    channel_id: str | None = None
    thread_ts: str | None = None
    # The Slack message ("channel/ts") or `/ci` command (its trigger id) asked: read again when
    # the inbox retries it, it is read and recorded as the first time. None: not from Slack.
    message_key: str | None = None


@dataclass(frozen=True)
class Message:
    """One message of the reply: Block Kit blocks and the text notifications show."""

    blocks: list[dict]
    text: str


@dataclass(frozen=True)
class Reply:
    reading: Reading
    messages: tuple[Message, ...]
    context_before: Context  # what the conversation was about before this message
    question_ids: tuple[int, ...] = ()  # the questions stored for it, in order

    @property
    def opens_conversation(self) -> bool:
        """A question with nothing before it to follow up: a new thread's first question, or
        the first after a long silence."""
        return self.context_before == Context() and self.reading.kind in QUESTION_KINDS


def reply_to(
    *,
    engine: Engine | None,
    matcher: Matcher,
    text: str,
    asked: Asked,
    where: Where | None,
    help_text: str,
    offer_post: bool = False,
    editable: bool = False,
) -> Reply:
    """Read a message in its conversation, record it, keep the new context, compose the reply.
    Without an engine nothing is stored or remembered. `help_text` is what "help" gets (the
    `/ci help` text); `offer_post` adds "Post in channel" to answer cards (private replies);
    `editable` adds staff's Edit (a reply only a staff member sees)."""
    keeps_context = engine is not None and where is not None
    key = asked.message_key
    before = conversations.load(engine, where, message_key=key) if keeps_context else Context()
    reading = _hedged(read(text, matcher, before))
    ids = _record(engine, reading, asked)
    if keeps_context:
        after = next_context(before, reading)
        conversations.save(engine, where, after, message_key=key, before=before)
    messages = compose(
        reading, ids, matcher.index, help_text=help_text, offer_post=offer_post, editable=editable
    )
    return Reply(reading, tuple(messages), before, tuple(i for i in ids if i is not None))


def _hedged(reading: Reading) -> Reading:
    """An expired entry is never a certain answer (see freshness.hedge)."""
    today = freshness.today()
    parts = tuple(
        dataclasses.replace(part, result=freshness.hedge(part.result, today))
        for part in reading.parts
    )
    return dataclasses.replace(reading, parts=parts)


def _recorded_parts(reading: Reading) -> list[tuple[int, Part | None]]:
    """Which parts are stored as questions: each answer and list; for a gap, the message."""
    if reading.kind not in QUESTION_KINDS:
        return []
    if reading.kind == "browse" or is_gap(reading):
        return [(0, None)]
    return [
        (i, part)
        for i, part in enumerate(reading.parts)
        if part.browse is not None or part.result.answered
    ]


def _record(engine: Engine | None, reading: Reading, asked: Asked) -> list[int | None]:
    """Store the message's questions; per part, its stored question's id (None if none)."""
    ids: list[int | None] = [None] * max(len(reading.parts), 1)
    recorded = _recorded_parts(reading)
    answered = not is_gap(reading)
    if recorded:
        count_question(answered)
    if engine is None:
        return ids
    for i, part in recorded:
        best = part.result.best if part is not None and part.browse is None else None
        question = Question(
            user_id=asked.user_id,
            channel_id=asked.channel_id,
            thread_ts=asked.thread_ts,
            surface=asked.surface,
            text=reading.text,
            answered=answered,
            entry_id=best.entry.id if best else None,
            score=best.score if best else 0.0,
            message_key=asked.message_key,
            part=i,
        )
        ids[i] = record_question(engine, question)
    return ids


def _note(text: str) -> Message:
    return Message(as_dicts(note(text)), text)


def _list(browse: Browse, index: KnowledgeIndex) -> Message:
    blocks, text = lists.browse_message(browse, index.sector_titles)
    return Message(blocks, text)


def compose(
    reading: Reading,
    ids: list[int | None],
    index: KnowledgeIndex,
    *,
    help_text: str,
    offer_post: bool = False,
    editable: bool = False,
) -> list[Message]:
    """The reply's messages: one per answer card or list, each within Block Kit's limits."""
    if reading.kind == "smalltalk":
        return [_note(replies.small_talk(reading.talk))]
    if reading.kind == "help":
        return [_note(help_text or replies.HELLO)]  # a caller without the help still greets
    if reading.kind == "cannot":
        return [_note(replies.cannot())]
    if is_gap(reading):
        answer = Answer(ids[0], reading.result)
        blocks = cards.answer_blocks(answer, index, editable=editable)
        return [Message(blocks, cards.fallback_text(answer))]
    messages = []
    for item in shown(reading, index):
        if item.browse is not None:
            messages.append(_list(item.browse, index))
        else:
            answer = Answer(ids[item.part], reading.parts[item.part].result)
            blocks = cards.answer_blocks(answer, index, offer_post=offer_post, editable=editable)
            messages.append(Message(blocks, cards.fallback_text(answer)))
    return messages or [_note(escape(replies.NOT_KNOWN))]
