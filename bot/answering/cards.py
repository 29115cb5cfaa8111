"""From an answer to the blocks that show it: the bridge between answers and render."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.answering import freshness
from bot.answering.answers import Answer
from bot.answering.plain import NO_ANSWER
from bot.core import render
from knowledge.index import KnowledgeIndex
from knowledge.schema import Entry


def entry_blocks(
    entry: Entry,
    question_id: int | None,
    index: KnowledgeIndex,
    *,
    alternatives=(),
    offer_post: bool = False,
) -> list[dict]:
    blocks: list[Block] = render.answer_card(
        entry,
        question_id=question_id,
        sector_title=index.sector_titles.get(entry.sector) if entry.sector else None,
        alternatives=alternatives,
        offer_post=offer_post,
        expired_on=entry.expires if freshness.expired(entry, freshness.today()) else None,
    )
    return render.as_dicts(blocks)


def answer_blocks(answer: Answer, index: KnowledgeIndex, *, offer_post: bool = False) -> list[dict]:
    """The answer card, with "Did you mean" buttons when the match is not certain."""
    result = answer.result
    if result.best is None:
        return render.as_dicts(render.no_answer_card(answer.question_id, result.alternatives))
    return entry_blocks(
        result.best.entry,
        answer.question_id,
        index,
        alternatives=() if result.certain else result.alternatives,
        offer_post=offer_post,
    )


def fallback_text(answer: Answer) -> str:
    """The plain text Slack shows in notifications and where blocks cannot be shown."""
    best = answer.result.best
    return render.escape(f"{best.entry.title}: {best.entry.answer.strip()}") if best else NO_ANSWER
