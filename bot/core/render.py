"""Block Kit for everything the bot posts, escaped for mrkdwn and within Slack's limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.answering.freshness import expiry_warning
from bot.answering.plain import NO_ANSWER
from knowledge.matcher import Candidate
from knowledge.schema import Contact, Entry

SECTION_LIMIT = 3000  # characters in a section's text
BUTTON_TEXT_LIMIT = 75

HELPFUL = "answer_helpful"
NOT_HELPFUL = "answer_not_helpful"
POST_IN_CHANNEL = "answer_post_in_channel"
DID_YOU_MEAN = "answer_did_you_mean"  # + "_0", "_1", "_2": action ids are unique per message


def escape(text: str) -> str:
    """Escape user or knowledge text for mrkdwn, so "<!channel>" pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link(url: str, label: str) -> str:
    """A mrkdwn link; a URL cannot close the link early or smuggle in a mention."""
    safe = url.replace("&", "&amp;")
    for character, code in (("<", "%3C"), (">", "%3E"), ("|", "%7C"), (" ", "%20")):
        safe = safe.replace(character, code)
    return f"<{safe}|{escape(label).replace('|', '/')}>"


def section(
    text: str, *, accessory: ButtonElement | None = None, block_id: str | None = None
) -> SectionBlock:
    return SectionBlock(
        text=MarkdownTextObject(text=clip(text, SECTION_LIMIT)),
        accessory=accessory,
        block_id=block_id,
    )


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, SECTION_LIMIT))])


def button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=clip(text, BUTTON_TEXT_LIMIT), action_id=action_id, value=value, style=style
    )


def contact_line(contact: Contact) -> str:
    reach = [escape(x) for x in (contact.email, contact.phone) if x]
    if contact.url:
        reach.append(link(contact.url, "online form" if not reach else contact.url))
    line = f"• {escape(contact.name)}: {' · '.join(reach)}"
    if contact.status == "legacy":
        line += " _(legacy: from an older source, may be out of date)_"
    elif contact.status == "verify":
        line += " _(unverified: please confirm before relying on it)_"
    return line


def entry_footer(entry: Entry, sector_title: str | None) -> str:
    parts = []
    if entry.links:
        parts.append("Source: " + link(entry.links[0].url, entry.links[0].title))
    if sector_title:
        parts.append(f"Sector: {escape(sector_title)}")
    if entry.reviewed:
        parts.append(f"Last reviewed {entry.reviewed.isoformat()}")
    return " · ".join(parts)


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
) -> list[Block]:
    """The answer card of SPEC section 1; an entry past its `expires` date carries a warning."""
    blocks: list[Block] = [section(f"*{escape(entry.title)}*\n{escape(entry.answer.strip())}")]
    if expired_on:
        blocks.append(context(f":warning: {expiry_warning(expired_on)}"))
    if entry.contacts:
        lines = "\n".join(contact_line(c) for c in entry.contacts)
        blocks.append(section(f"*Contacts*\n{lines}"))
    footer = entry_footer(entry, sector_title)
    if footer:
        blocks.append(context(footer))
    buttons = [
        button("Helpful", HELPFUL, str(question_id), style="primary"),
        button("Not helpful", NOT_HELPFUL, str(question_id)),
    ]
    if offer_post:
        buttons.append(button("Post in channel", POST_IN_CHANNEL, f"{question_id}:{entry.id}"))
    blocks.append(ActionsBlock(block_id="feedback", elements=buttons))
    if alternatives:
        blocks.append(context("Not what you asked? Did you mean:"))
        blocks.append(_alternative_buttons(question_id, alternatives))
    return blocks


def no_answer_card(question_id: int | None, closest: Sequence[Candidate] = ()) -> list[Block]:
    """The honest "I don't know", with the closest topics when any are near."""
    blocks: list[Block] = [section(NO_ANSWER)]
    if closest:
        blocks.append(context("The closest topics I know about:"))
        blocks.append(_alternative_buttons(question_id, closest))
    blocks.append(context("Try `/ci help` to see what I can answer, or `/ci sectors`."))
    return blocks


def shared_by(user_id: str) -> ContextBlock:
    return context(f"Shared by <@{user_id}> from partnerbot")


def note(text: str) -> list[Block]:
    """A one-paragraph reply (help, errors, confirmations)."""
    return [section(text)]


def entry_list(heading: str, entries: Iterable[Entry], empty: str) -> list[Block]:
    """A short list of entries with their links, for /ci training | resources | contacts."""
    lines = []
    for entry in entries:
        title = link(entry.links[0].url, entry.title) if entry.links else escape(entry.title)
        lines.append(f"• {title}")
    if not lines:
        return note(empty)
    return [section(f"*{escape(heading)}*"), *sections(lines)]


def sections(lines: Iterable[str]) -> list[Block]:
    """Sections of lines, each within the section limit (a longer line is clipped)."""
    blocks: list[Block] = []
    current = ""
    for line in lines:
        line = clip(line, SECTION_LIMIT)
        if current and len(current) + len(line) + 1 > SECTION_LIMIT:
            blocks.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def as_dicts(blocks: Iterable[Block]) -> list[dict]:
    return [b.to_dict() for b in blocks]
