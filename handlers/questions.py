"""Questions by @mention and direct message (answered from the inbox), and the buttons on
answer cards."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, BoltContext, Respond, Say

from bot.answering import cards
from bot.answering.answers import answer_question, choose_alternative, record_feedback
from bot.answering.replies import HELLO
from bot.core import render
from bot.services import Services
from handlers.context import services_of

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[A-Z0-9]+>")


def _question_text(text: str) -> str:
    return _MENTION.sub(" ", text or "").strip()


def is_question(event: dict) -> bool:
    """An @mention, or a direct message a person typed (not an edit, a join or a bot's post).
    The inbox stores these before the ack; the listeners below answer them."""
    if event.get("type") == "app_mention":
        return True
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
    )


def _is_ephemeral(body: dict) -> bool:
    return bool(body.get("container", {}).get("is_ephemeral"))


def _split_value(value: str) -> tuple[int | None, str]:
    """Button values are "<question id>:<entry id>"."""
    question_id, _, entry_id = value.partition(":")
    return (int(question_id) if question_id.isdigit() else None), entry_id


def _reply(services: Services, event: dict, *, surface: str, thread_ts: str | None, say: Say):
    matcher = services.matcher  # the live one: an approved draft is served at once
    answer = answer_question(
        engine=services.engine,
        matcher=matcher,
        text=_question_text(event.get("text", "")),
        user_id=event["user"],
        channel_id=event["channel"],
        thread_ts=thread_ts,
        surface=surface,
    )
    # Only the asker sees a DM: a staff member gets Edit there.
    editable = surface == "dm" and services.staff.is_staff(event["user"])
    blocks = cards.answer_blocks(answer, matcher.index, editable=editable)
    say(blocks=blocks, text=cards.fallback_text(answer), thread_ts=thread_ts)


def on_mention(event: dict, say: Say, context: BoltContext) -> None:
    """Mention me in a channel with a question: I answer in a thread."""
    thread_ts = event.get("thread_ts") or event.get("ts")
    if not _question_text(event.get("text", "")):
        say(blocks=render.note(HELLO), text=HELLO, thread_ts=thread_ts)
        return
    _reply(services_of(context), event, surface="mention", thread_ts=thread_ts, say=say)


def on_direct_message(event: dict, say: Say, context: BoltContext) -> None:
    """Send me a direct message with a question."""
    if is_question(event) and _question_text(event.get("text", "")):
        services = services_of(context)
        _reply(services, event, surface="dm", thread_ts=event.get("thread_ts"), say=say)


def on_feedback(ack: Ack, body: dict, action: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    helpful = action["action_id"] == cards.HELPFUL
    question_id, _ = _split_value(action.get("value", ""))
    user = body["user"]["id"]
    if question_id is None or not record_feedback(
        engine=services_of(context).engine, question_id=question_id, user_id=user, helpful=helpful
    ):
        log.warning("feedback for an unknown question %r from %s", action.get("value"), user)
        return
    thanks = (
        "Thanks, glad it helped."
        if helpful
        else "Thanks for telling me. The partnership team will review this answer."
    )
    respond(response_type="ephemeral", replace_original=False, text=thanks)


def on_did_you_mean(
    ack: Ack, body: dict, action: dict, respond: Respond, context: BoltContext
) -> None:
    ack()
    services = services_of(context)
    question_id, entry_id = _split_value(action.get("value", ""))
    matcher = services.matcher
    entry = None
    if question_id is not None:
        entry = choose_alternative(
            engine=services.engine, matcher=matcher, question_id=question_id, entry_id=entry_id
        )
    if entry is None:
        respond(replace_original=False, text="That topic is no longer in my knowledge base.")
        return
    private = _is_ephemeral(body) or (body.get("channel") or {}).get("id", "").startswith("D")
    editable = private and services.staff.is_staff(body["user"]["id"])
    blocks = cards.entry_blocks(
        entry, question_id, matcher.index, offer_post=_is_ephemeral(body), editable=editable
    )
    respond(replace_original=True, blocks=blocks, text=entry.title)


def on_post_in_channel(
    ack: Ack, body: dict, action: dict, respond: Respond, context: BoltContext
) -> None:
    ack()
    question_id, entry_id = _split_value(action.get("value", ""))
    matcher = services_of(context).matcher
    entry = matcher.index.by_id(entry_id)
    if entry is None:
        respond(replace_original=False, text="That topic is no longer in my knowledge base.")
        return
    blocks = cards.entry_blocks(entry, question_id, matcher.index)
    blocks.append(cards.shared_by(body["user"]["id"]).to_dict())
    respond(response_type="in_channel", replace_original=False, blocks=blocks, text=entry.title)
    respond(delete_original=True)


def register(app: App) -> None:
    app.event("app_mention")(on_mention)
    app.event("message")(on_direct_message)
    app.action(re.compile(f"^({cards.HELPFUL}|{cards.NOT_HELPFUL})$"))(on_feedback)
    app.action(re.compile(f"^{cards.DID_YOU_MEAN}_\\d$"))(on_did_you_mean)
    app.action(cards.POST_IN_CHANNEL)(on_post_in_channel)
