"""Questions by @mention and direct message (answered from the inbox), and the buttons on
answer cards."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, BoltContext, Respond, Say

from bot.answering import cards
from bot.answering.answers import choose_alternative, record_feedback
from bot.answering.conversation import Where
from bot.answering.dialogue import Asked, Reply, reply_to
from bot.services import Services
from handlers.commands import CI
from handlers.context import services_of

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[A-Z0-9]+>")
GONE = "That topic is no longer in my knowledge base."


# Replies only the asker sees.
PRIVATE_SURFACES = frozenset({"dm", "assistant"})


def question_text(text: str) -> str:
    """A message's words without the mentions that address the bot."""
    return _MENTION.sub(" ", text or "").strip()


def is_question(event: dict) -> bool:
    """An @mention, or a direct message a person typed (not an edit, a join or a bot's post),
    in the DM itself or in one of its threads (the assistant pane's threads are these). The
    inbox stores these before the ack; the listeners below and handlers.assistant answer them."""
    if event.get("type") == "app_mention":
        return True
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
    )


def message_key(event: dict) -> str | None:
    """A Slack message's own key: its channel and timestamp (the same in every retry)."""
    return f"{event['channel']}/{event['ts']}" if event.get("ts") else None


def answer_message(
    services: Services,
    event: dict,
    *,
    surface: str,
    thread_ts: str | None,
    where: Where,
    say: Say,
) -> Reply:
    """Read a message event in its conversation and post the reply's messages with `say`."""
    reply = reply_to(
        engine=services.engine,
        matcher=services.matcher,  # the live one: an approved draft is served at once
        text=question_text(event.get("text", "")),
        asked=Asked(event["user"], surface, event["channel"], thread_ts, message_key(event)),
        where=where,
        help_text=CI.help_text(),
        # Only the asker sees a DM or their assistant pane: a staff member gets Edit there.
        editable=surface in PRIVATE_SURFACES and services.staff.is_staff(event["user"]),
    )
    for message in reply.messages:
        say(blocks=message.blocks, text=message.text, thread_ts=thread_ts)
    return reply


def on_mention(event: dict, say: Say, context: BoltContext) -> None:
    """Mention me in a channel with a question: I answer in a thread."""
    thread_ts = event.get("thread_ts") or event.get("ts")
    where = Where(event["channel"], thread_ts)
    answer_message(
        services_of(context), event, surface="mention", thread_ts=thread_ts, where=where, say=say
    )


def on_direct_message(event: dict, say: Say, context: BoltContext) -> None:
    """Send me a direct message with a question."""
    if is_question(event):
        thread_ts = event.get("thread_ts")
        where = Where.of(event["channel"], thread_ts)
        answer_message(
            services_of(context), event, surface="dm", thread_ts=thread_ts, where=where, say=say
        )


def _is_ephemeral(body: dict) -> bool:
    return bool(body.get("container", {}).get("is_ephemeral"))


def _split_value(value: str) -> tuple[int | None, str]:
    """Button values are "<question id>:<entry id>" (a rating button from before cards named
    their entry: "<question id>")."""
    question_id, _, entry_id = value.partition(":")
    return (int(question_id) if question_id.isdigit() else None), entry_id


def on_feedback(ack: Ack, body: dict, action: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    helpful = action["action_id"] == cards.HELPFUL
    question_id, entry_id = _split_value(action.get("value", ""))
    user = body["user"]["id"]
    if question_id is None or not record_feedback(
        engine=services_of(context).engine,
        question_id=question_id,
        user_id=user,
        helpful=helpful,
        entry_id=entry_id or None,
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
    """The asker's click swaps the chosen entry into their card and their question; anyone
    else's (a public card's buttons are everyone's to press) shows them the chosen entry, for
    them alone, and changes nothing of the asker's."""
    ack()
    services = services_of(context)
    question_id, entry_id = _split_value(action.get("value", ""))
    index = services.matcher.index
    entry = index.by_id(entry_id)
    if entry is None:
        respond(replace_original=False, text=GONE)
        return
    user = body["user"]["id"]
    private = _is_ephemeral(body) or (body.get("channel") or {}).get("id", "").startswith("D")
    if choose_alternative(
        engine=services.engine, question_id=question_id, entry_id=entry.id, user_id=user
    ):
        editable = private and services.staff.is_staff(user)
        blocks = cards.entry_blocks(
            entry, question_id, index, offer_post=_is_ephemeral(body), editable=editable
        )
        respond(replace_original=True, blocks=blocks, text=entry.title)
        return
    log.info("did-you-mean %r from %s, not the asker: shown to them", action.get("value"), user)
    editable = services.staff.is_staff(user)  # the card below is theirs alone
    blocks = cards.entry_blocks(entry, question_id, index, editable=editable)
    respond(response_type="ephemeral", replace_original=False, blocks=blocks, text=entry.title)


def on_post_in_channel(
    ack: Ack, body: dict, action: dict, respond: Respond, context: BoltContext
) -> None:
    ack()
    question_id, entry_id = _split_value(action.get("value", ""))
    matcher = services_of(context).matcher
    entry = matcher.index.by_id(entry_id)
    if entry is None:
        respond(replace_original=False, text=GONE)
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
