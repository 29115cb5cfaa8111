"""The assistant pane of Slack's Agents & AI Apps (Bolt's `Assistant`): a greeting with
suggested questions drawn from the knowledge base when a thread starts; then each message
answered as a DM is, with the thread's own conversation context, a status while the bot looks,
and the thread titled by its first question. The answer cards carry the same feedback buttons.

Messages in an assistant thread arrive as `message.im` events with a `thread_ts`: the inbox
stores them (handlers.questions.is_question) and the answering app hands them to the
Assistant's `user_message` listener below, never also to the DM listener.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, Assistant, BoltContext, Say, SetStatus, SetSuggestedPrompts, SetTitle
from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.store import AssistantThreadContextStore
from slack_sdk.errors import SlackApiError

from bot.answering.conversation import Where
from bot.answering.prompts import suggested_prompts
from bot.answering.replies import ASSISTANT_GREETING, LOOKING
from bot.core.render import clip
from handlers.context import services_of
from handlers.questions import answer_message, question_text
from knowledge.markup import plain

log = logging.getLogger(__name__)

PROMPTS_TITLE = "Try asking:"
THREAD_TITLE_LIMIT = 100


class NoThreadContext(AssistantThreadContextStore):
    """Slack's thread context (the channel the user is viewing beside the pane) changes nothing
    in an answer, so it is not kept: Bolt's default store would cost a read of the thread and a
    chat.update on every change, and a read before every reply."""

    def save(self, *, channel_id: str, thread_ts: str, context: dict[str, str]) -> None:
        return None

    def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        return None


def _quietly(call: Callable[..., object], *args: object, **kwargs: object) -> None:
    """A status or a title is a nicety: Slack refusing one never stops the answer."""
    try:
        call(*args, **kwargs)
    except SlackApiError as error:
        log.warning("assistant thread: %s", error.response.get("error"))


def on_thread_started(
    event: dict, say: Say, set_suggested_prompts: SetSuggestedPrompts, context: BoltContext
) -> None:
    """Someone opened the assistant pane: a greeting, and questions to try."""
    say(text=ASSISTANT_GREETING)
    thread_ts = event["assistant_thread"]["thread_ts"]
    prompts = suggested_prompts(services_of(context).matcher, seed=thread_ts)
    if prompts:
        _quietly(set_suggested_prompts, prompts=prompts, title=PROMPTS_TITLE)


def on_context_changed() -> None:
    """The user moved to another channel beside the pane: nothing in an answer depends on it."""


def on_user_message(
    event: dict, say: Say, set_status: SetStatus, set_title: SetTitle, context: BoltContext
) -> None:
    """A message in an assistant thread: answered like a DM, in the thread's conversation."""
    thread_ts = event["thread_ts"]
    _quietly(set_status, LOOKING)
    reply = answer_message(
        services_of(context),
        event,
        surface="assistant",
        thread_ts=thread_ts,
        where=Where(event["channel"], thread_ts),
        say=say,
    )
    if reply.opens_conversation:
        # The words as written, without Slack's markup: a title is plain text.
        title = " ".join(plain(question_text(event.get("text", ""))).split())
        _quietly(set_title, clip(title, THREAD_TITLE_LIMIT))


def register(app: App) -> None:
    assistant = Assistant(thread_context_store=NoThreadContext())
    assistant.thread_started(on_thread_started)
    assistant.thread_context_changed(on_context_changed)
    assistant.user_message(on_user_message)
    app.assistant(assistant)
