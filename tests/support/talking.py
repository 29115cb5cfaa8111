"""Talking to the app as a partner does, on each surface where a conversation has a context: a
DM, a thread started by a mention, an assistant thread. Each `say` sends a signed event and
returns the messages the bot posted in that conversation in reply, once the inbox has answered
the event (so every message of the reply is there), never after a fixed wait.
"""

from __future__ import annotations

import itertools

from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.answering import cards
from bot.answering.replies import ASSISTANT_GREETING, NO_ANSWER
from bot.core.models import InboxEvent
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import next_call
from tests.support.slack_requests import (
    SlackSender,
    app_mention,
    assistant_message,
    assistant_thread_started,
    dm,
    new_ts,
)
from tests.support.waiting import eventually

_ids = itertools.count(1)


def _answered(engine: Engine, event_id: str) -> bool:
    with Session(engine) as session:
        status = session.exec(
            select(InboxEvent.status).where(InboxEvent.event_id == event_id)
        ).first()
    return status is not None and status[0] == "done"


class Surface:
    """One conversation with the bot on one surface."""

    name = "surface"

    def __init__(self, slack: SlackSender, fake: FakeSlack, engine: Engine, user: str) -> None:
        self.slack, self.fake, self.engine, self.user = slack, fake, engine, user
        self.channel = f"D{user}"
        self.thread_ts: str | None = None

    def event(self, text: str) -> dict:
        raise NotImplementedError

    def _here(self, call: Call) -> bool:
        params = call.params
        return params.get("channel") == self.channel and params.get("thread_ts") == self.thread_ts

    def say(self, text: str) -> list[Call]:
        """The bot's messages in reply to `text`, in the order posted."""
        before = len(self.fake.calls_to("chat.postMessage"))
        event_id = f"EvTALK{next(_ids):06d}"
        result = self.slack.send_event(self.event(text), event_id=event_id)
        assert result.status == 200, result
        eventually(lambda: _answered(self.engine, event_id), what=f"the answer to {text!r}")
        return [c for c in self.fake.calls_to("chat.postMessage")[before:] if self._here(c)]


class DirectMessage(Surface):
    name = "dm"

    def event(self, text: str) -> dict:
        return dm(text, self.user, self.channel)


class ThreadMention(Surface):
    """The first message mentions the bot in a channel; the rest mention it in that thread."""

    name = "mention"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.channel = "C0TALK"

    def event(self, text: str) -> dict:
        ts = new_ts()
        event = app_mention(f"<@UBOT> {text}", self.user, self.channel, ts, self.thread_ts)
        self.thread_ts = self.thread_ts or ts
        return event


class AssistantThread(Surface):
    """The assistant pane: a thread the user opens, greeted before the first message."""

    name = "assistant"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.thread_ts = new_ts()
        self.greeting = self.open()

    def open(self) -> Call:
        before = len(self.fake.calls_to("chat.postMessage"))
        self.slack.send_event(assistant_thread_started(self.user, self.channel, self.thread_ts))
        return next_call(
            self.fake,
            "chat.postMessage",
            lambda c: self._here(c) and c.params.get("text") == ASSISTANT_GREETING,
            before,
        )

    def event(self, text: str) -> dict:
        return assistant_message(text, self.user, self.thread_ts, self.channel)


SURFACES = (DirectMessage, ThreadMention, AssistantThread)


def section_text(blocks: list[dict]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def shown(call: Call) -> tuple:
    """What one message of the bot shows: ("card", entry id), ("no answer",), or ("text", its
    sections' text) for a list or a reply in the bot's own words."""
    blocks = call.params.get("blocks") or []
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element.get("action_id") == cards.HELPFUL:
                return ("card", element["value"].partition(":")[2])
    text = section_text(blocks)
    if text.startswith(NO_ANSWER):
        return ("no answer",)
    return ("text", text)
