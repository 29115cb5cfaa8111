"""Block Kit primitives every surface builds on: mrkdwn escaping, Slack's limits, sections,
buttons, and a knowledge entry's footer."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from knowledge.schema import Entry

SECTION_LIMIT = 3000  # characters in a section's text
BUTTON_TEXT_LIMIT = 75
MESSAGE_BLOCK_LIMIT = 50  # blocks in one message


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


def sector_name(slug: str) -> str:
    """ "water-and-wastewater" -> "Water & Wastewater", for when no sector title is at hand."""
    return slug.replace("-and-", " & ").replace("-", " ").title()


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


def entry_footer(entry: Entry, sector_title: str | None) -> str:
    parts = []
    if entry.links:
        parts.append("Source: " + link(entry.links[0].url, entry.links[0].title))
    if sector_title:
        parts.append(f"Sector: {escape(sector_title)}")
    if entry.reviewed:
        parts.append(f"Last reviewed {entry.reviewed.isoformat()}")
    return " · ".join(parts)


def note(text: str) -> list[Block]:
    """A one-paragraph reply (help, errors, confirmations)."""
    return [section(text)]


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


def within_message(blocks: list[Block], more: str) -> list[Block]:
    """At most a message's worth of blocks; the last says `more` when some had to go."""
    if len(blocks) <= MESSAGE_BLOCK_LIMIT:
        return blocks
    return [*blocks[: MESSAGE_BLOCK_LIMIT - 1], context(more)]


def as_dicts(blocks: Iterable[Block]) -> list[dict]:
    return [b.to_dict() for b in blocks]
