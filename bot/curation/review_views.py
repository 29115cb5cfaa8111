"""Block Kit for keeping entries current: the card a proposed change waits on (Approve / Reject),
and the weekly review message (Still correct / Suggest a change / Retire for each entry)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
)

from bot.core import render
from bot.core.models import EntryRevision
from bot.core.render import clip, escape, sector_name
from bot.curation.entry_form import EDIT
from bot.curation.history import diff_lines
from knowledge.schema import Entry

APPROVE = "revision_approve"
REJECT = "revision_reject"
STILL_CORRECT = "entry_still_correct"
RETIRE = "entry_retire"
ENTRIES_PER_MESSAGE = 23  # two blocks each, beside a header and an introduction
DIFF_LINE_LIMIT = 1500
DIFF_LINES = 40  # the card stays a few sections long; the history has every line
REMOVED_WORDS = 24  # a long passage taken out is shown by its ends, so what is new shows
SNIPPET = 200


def approve_button(revision_id: int) -> ButtonElement:
    return render.button(
        "Approve",
        APPROVE,
        str(revision_id),
        style="primary",
        confirm=(
            "Serve this change?",
            "From now on partners get the entry as changed.",
            "Approve",
            "Not yet",
        ),
    )


def revision_buttons(revision_id: int) -> ActionsBlock:
    return ActionsBlock(
        block_id=f"revision_{revision_id}",
        elements=[
            approve_button(revision_id),
            render.button("Reject", REJECT, str(revision_id), style="danger"),
        ],
    )


def revision_summary(revision: EntryRevision) -> list[Block]:
    """Who proposed what, and the fields it changes, as readable lines."""
    title = revision.after.get("title") or revision.entry_id
    lines = [
        f":pencil2: *Change to “{escape(clip(str(title), 150))}”* `{escape(revision.entry_id)}`",
        f"Proposed by <@{revision.author_id}> on {revision.created_at.date().isoformat()}",
    ]
    changed = diff_lines(revision.before, revision.after, REMOVED_WORDS)
    lines += [f"> {escape(clip(line, DIFF_LINE_LIMIT))}" for line in changed[:DIFF_LINES]]
    if len(changed) > DIFF_LINES:
        more = len(changed) - DIFF_LINES
        lines.append(f"… and {more} more line(s): `partnerbot kb history {revision.entry_id}`")
    return render.sections(lines)


def revision_card(revision: EntryRevision, decided: str | None = None) -> tuple[list[dict], str]:
    """The card a proposed change waits on; once decided, what was decided instead of buttons."""
    blocks = revision_summary(revision)
    blocks.append(render.context(decided) if decided else revision_buttons(revision.id))
    title = revision.after.get("title") or revision.entry_id
    text = f"A change to “{escape(str(title))}” is waiting for approval."
    return render.as_dicts(blocks), decided or text


# -- the weekly review -------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """An entry to review, and why: past its expiry, or not reviewed for too long."""

    entry: Entry
    reason: str  # "expired 2026-05-24", "last reviewed 2025-03-01", "never reviewed"


def review_buttons(entry_id: str, position: int) -> ActionsBlock:
    return ActionsBlock(
        block_id=f"review_{position}",
        elements=[
            render.button("Still correct", STILL_CORRECT, entry_id, style="primary"),
            render.button("Suggest a change", EDIT, entry_id),
            render.button(
                "Retire",
                RETIRE,
                entry_id,
                style="danger",
                confirm=(
                    "Retire this entry?",
                    "Partners stop getting it as an answer, at once. Its id stays taken, "
                    "so it is never used for another entry.",
                    "Retire",
                    "Keep it",
                ),
            ),
        ],
    )


def due_text(due: Due) -> str:
    entry = due.entry
    facts = [due.reason]
    if entry.sector:
        facts.append(sector_name(entry.sector))
    snippet = escape(clip(" ".join(entry.answer.split()), SNIPPET))
    return f"*{escape(entry.title)}* `{escape(entry.id)}`\n{' · '.join(facts)}\n{snippet}"


def review_message(
    who: str, due: Sequence[Due], review_days: int, *, part: int = 0, parts: int = 1
) -> tuple[list[dict], str]:
    """One message of the weekly review: `who` (mrkdwn) is whom it is for."""
    heading = "Knowledge entries to review" + (f" ({part + 1} of {parts})" if parts > 1 else "")
    blocks: list[Block] = [
        render.header(heading),
        render.section(
            f"For {who}: these entries are past their expiry date or were not reviewed in "
            f"{review_days} days. For each, say whether it is *still correct*, *suggest a "
            "change*, or *retire* it."
        ),
    ]
    for position, item in enumerate(due):
        blocks.append(render.section(due_text(item)))
        blocks.append(review_buttons(item.entry.id, position))
    text = f"{len(due)} knowledge entr(ies) to review"
    return render.as_dicts(blocks[: render.MESSAGE_BLOCK_LIMIT]), text


def after_click(blocks: list[dict], block_id: str, said: str) -> list[dict]:
    """The message with the clicked entry's buttons replaced by what was done."""
    done = render.context(said).to_dict()
    return [done if block.get("block_id") == block_id else block for block in blocks]
