"""Capturing answers where they are given: *Save as answer* turns a reply in a thread into a
draft entry (the thread's question and the reply), and *Edit answer* finds the entry behind one
of the bot's answer cards in a channel, where the card itself shows no staff button."""

from __future__ import annotations

import json
import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core import render
from bot.core.models import DraftEntry, Question
from bot.core.render import clip
from bot.curation import drafts, views
from bot.curation.views import PHRASINGS_LIMIT

log = logging.getLogger(__name__)

SAVE_SHORTCUT = "save_as_answer"
SAVE_CALLBACK = "save_answer_submit"
EDIT_SHORTCUT = "edit_answer"
SAVE_ATTEMPTS = 3  # a draft id taken by another process at the same moment: try the next one
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_SPECIAL = re.compile(r"<![^>]*>")


def readable(text: str) -> str:
    """A Slack message as a person reads it: links as "label (address)", mentions as @id,
    broadcasts dropped, entities unescaped."""

    def link(found: re.Match[str]) -> str:
        target, label = found.group(1), found.group(2)
        address = target.removeprefix("mailto:")
        return f"{label} ({address})" if label and label != address else address

    text = _LINK.sub(link, text or "")
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}", text)
    text = _USER.sub(lambda m: f"@{m.group(1)}", text)
    text = _SPECIAL.sub("", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def thread_question(client: WebClient, channel: str, message: dict) -> str:
    """The text of the thread's first message (the question a reply answers); "" when the
    message starts no thread of another message, or Slack cannot say."""
    thread = message.get("thread_ts")
    if not thread or thread == message.get("ts"):
        return ""
    try:
        replies = client.conversations_replies(channel=channel, ts=thread, limit=1, inclusive=True)
    except SlackApiError as error:
        log.warning(
            "could not read the thread %s in %s: %s", thread, channel, error.response.get("error")
        )
        return ""
    messages = replies.get("messages") or []
    return readable(messages[0].get("text", "")) if messages else ""


def save_modal(question: str, reply: str, sector: str | None) -> dict:
    """The draft entry form, filled with the thread's question and the reply."""
    answer = clip(reply, drafts.ANSWER_LIMIT)
    phrasings = drafts.sample_questions([question]) if question else ()
    blocks = views.draft_inputs(
        title=question or reply,
        answer=answer,
        sector=sector,
        phrasings=clip("\n".join(phrasings), PHRASINGS_LIMIT),
        hint="How partners ask it: the bot recognises the question next time. Remove "
        "anything personal.",
    )
    notes = []
    if not question:
        notes.append("This message is not a reply in a thread: write the question it answers.")
    if len(reply) > len(answer):
        notes.append("The reply was longer than an answer can be, and was cut: check its end.")
    notes.append(
        "It is saved as a draft entry: once a staff member (you too) approves it on the Home "
        "tab, the bot answers the question with it."
    )
    blocks.append(render.context(" ".join(notes)))
    return View(
        type="modal",
        callback_id=SAVE_CALLBACK,
        title="Save as answer",
        submit="Save draft",
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps({}),
    ).to_dict()


def save(
    *, engine: Engine, draft: drafts.DraftInput, author_id: str, knowledge_ids: frozenset[str]
) -> DraftEntry:
    """Store the draft under a new id (never one the knowledge base, a draft or a retired
    entry has)."""
    for _ in range(SAVE_ATTEMPTS):
        with Session(engine) as session:
            try:
                row = drafts.add(
                    session, draft=draft, author_id=author_id, knowledge_ids=knowledge_ids
                )
                session.commit()
                session.refresh(row)
                return row
            except IntegrityError:
                session.rollback()  # another process took the same id at the same moment
    raise RuntimeError("could not find a free id for the draft entry")


def card_entry(engine: Engine, message: dict, feedback_action: str) -> str | None:
    """The entry an answer card shows: its feedback button's value is "<question id>:<entry
    id>" (a card from before cards named their entry holds the question id alone: then the
    question's answer, also after a "Did you mean" swap)."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("action_id") == feedback_action:
                question_id, _, entry_id = str(element.get("value", "")).partition(":")
                if entry_id or not question_id.isdigit():
                    return entry_id or None
                with Session(engine) as session:
                    question = session.get(Question, int(question_id))
                return question.entry_id if question else None
    return None
