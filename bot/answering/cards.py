"""The answer card: an entry with its contacts, source and review date, feedback buttons, and
"Did you mean" buttons when the match is not certain; or the honest "I don't know"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ContextBlock

from bot.answering import freshness
from bot.answering.answers import Answer
from bot.answering.lists import contact_lines
from bot.answering.replies import no_answer
from bot.core.render import (
    as_dicts,
    button,
    card_text,
    context,
    entry_footer,
    escape,
    section,
)
from bot.curation.entry_form import EDIT
from knowledge.index import KnowledgeIndex
from knowledge.matcher import Candidate
from knowledge.schema import Entry

HELPFUL = "answer_helpful"
NOT_HELPFUL = "answer_not_helpful"
POST_IN_CHANNEL = "answer_post_in_channel"
DID_YOU_MEAN = "answer_did_you_mean"  # + "_0", "_1", "_2": action ids are unique per message


def _alternative_buttons(question_id: int | None, choices: Sequence[Candidate]) -> ActionsBlock:
    return ActionsBlock(
        block_id="did_you_mean",
        elements=[
            button(c.entry.title, f"{DID_YOU_MEAN}_{i}", f"{question_id}:{c.entry.id}")
            for i, c in enumerate(choices[:3])
        ],
    )


def answer_card(
    entry: Entry,
    *,
    question_id: int | None,
    sector_title: str | None = None,
    alternatives: Sequence[Candidate] = (),
    offer_post: bool = False,
    expired_on: dt.date | None = None,
    editable: bool = False,
) -> list[Block]:
    """The answer card; an entry past its `expires` date carries a warning. `editable`: only
    for a staff member, on a card no one else sees (a DM, a private /ci answer)."""
    blocks: list[Block] = [section(card_text(entry.title, entry.answer))]
    if expired_on:
        blocks.append(context(f":warning: {freshness.expiry_warning(expired_on)}"))
    if entry.contacts:
        lines = "\n".join(contact_lines(entry))
        blocks.append(section(f"*Contacts*\n{lines}"))
    footer = entry_footer(entry, sector_title)
    if footer:
        blocks.append(context(footer))
    # A rating belongs to the card it was pressed on: its value names the entry shown here,
    # which a "Did you mean" swap elsewhere does not change.
    rated = f"{question_id}:{entry.id}"
    buttons = [
        button("Helpful", HELPFUL, rated, style="primary"),
        button("Not helpful", NOT_HELPFUL, rated),
    ]
    if offer_post:
        buttons.append(button("Post in channel", POST_IN_CHANNEL, f"{question_id}:{entry.id}"))
    if editable:
        buttons.append(button("Edit", EDIT, entry.id))
    blocks.append(ActionsBlock(block_id="feedback", elements=buttons))
    if alternatives:
        blocks.append(context("Not what you asked? Did you mean:"))
        blocks.append(_alternative_buttons(question_id, alternatives))
    return blocks


def no_answer_card(question_id: int | None, closest: Sequence[Candidate] = ()) -> list[Block]:
    """The honest "I don't know", with the closest topics when any are near; it says the
    question was noted only when it was (a stored question has an id)."""
    blocks: list[Block] = [section(no_answer(recorded=question_id is not None))]
    if closest:
        blocks.append(context("The closest topics I know about:"))
        blocks.append(_alternative_buttons(question_id, closest))
    blocks.append(context("Try `/ci help` to see what I can answer, or `/ci sectors`."))
    return blocks


def shared_by(user_id: str) -> ContextBlock:
    return context(f"Shared by <@{user_id}> from partnerbot")


def entry_blocks(
    entry: Entry,
    question_id: int | None,
    index: KnowledgeIndex,
    *,
    alternatives=(),
    offer_post: bool = False,
    editable: bool = False,
) -> list[dict]:
    blocks = answer_card(
        entry,
        question_id=question_id,
        sector_title=index.sector_titles.get(entry.sector) if entry.sector else None,
        alternatives=alternatives,
        offer_post=offer_post,
        expired_on=entry.expires if freshness.expired(entry, freshness.today()) else None,
        editable=editable,
    )
    return as_dicts(blocks)


def answer_blocks(
    answer: Answer, index: KnowledgeIndex, *, offer_post: bool = False, editable: bool = False
) -> list[dict]:
    """The answer card, with "Did you mean" buttons when the match is not certain."""
    result = answer.result
    if result.best is None:
        return as_dicts(no_answer_card(answer.question_id, result.alternatives))
    return entry_blocks(
        result.best.entry,
        answer.question_id,
        index,
        alternatives=() if result.certain else result.alternatives,
        offer_post=offer_post,
        editable=editable,
    )


def fallback_text(answer: Answer) -> str:
    """The plain text Slack shows in notifications and where blocks cannot be shown."""
    best = answer.result.best
    if best is None:
        return no_answer(recorded=answer.question_id is not None)
    return escape(f"{best.entry.title}: {best.entry.answer.strip()}")
