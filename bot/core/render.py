"""Block Kit primitives every surface builds on: mrkdwn escaping, Slack's limits and fitting text
to them, sections, buttons, and a knowledge entry's footer.

Slack measures a text as it is sent, after escaping: 2,500 `&` typed into a form are 12,500
characters on the wire. So a limit is always checked on the escaped text, here and nowhere else:
- `split` cuts a long mrkdwn text into pieces that each fit, losing nothing (`paragraphs` makes
  sections of them): for text a person wrote and someone must read whole;
- `fit` shortens a text to one object's limit with an ellipsis that shows the cut: for lines that
  summarise (a list, a notification) or a safety net;
- both cut only between escapes and markup, never inside `&amp;` or `<https://...|label>`, so a
  cut can neither show a broken entity nor turn an escaped `&lt;!channel&gt;` into a mention.
`clip` is for raw text before it is escaped, and for plain_text objects (headers, buttons),
which Slack shows as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from knowledge.schema import Entry

# Slack's limits, in characters as sent.
SECTION_LIMIT = 3000  # a section's text, and any other text object (a context element too)
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
MESSAGE_TEXT_LIMIT = 40_000  # a message's `text` (its notification, or its body without blocks)
MESSAGE_BLOCK_LIMIT = 50  # blocks in one message
VIEW_BLOCK_LIMIT = 100  # blocks in a modal or the Home tab
ELLIPSIS = "…"

# What a cut must not fall inside: the three escapes, and markup such as <@U1> or <url|label>.
_UNBREAKABLE = re.compile(r"&(?:amp|lt|gt);|<[^<>]*>")


def escape(text: str) -> str:
    """Escape user or knowledge text for mrkdwn, so "<!channel>" pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Raw text (not yet escaped, or plain_text) within `limit` characters, an ellipsis at a cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _cut_before(text: str, limit: int) -> int:
    """The largest cut at or before `limit` that is not inside an escape or markup (0 when the
    text opens with a piece of markup longer than `limit`)."""
    for piece in _UNBREAKABLE.finditer(text, 0, len(text)):
        if piece.start() >= limit:
            break
        if piece.end() > limit:
            return piece.start()
    return limit


def fit(text: str, limit: int = SECTION_LIMIT) -> str:
    """Escaped mrkdwn within `limit` characters: whole, or cut between escapes and markup with
    an ellipsis that shows the cut."""
    if len(text) <= limit:
        return text
    cut = _cut_before(text, limit - len(ELLIPSIS)) or limit - len(ELLIPSIS)
    return text[:cut].rstrip() + ELLIPSIS


def _break_at(text: str, limit: int) -> tuple[int, int]:
    """Where to split `text` (longer than `limit`): (end of this piece, start of the next). A
    line break in the second half of the piece is preferred, then a space, else any cut that
    is not inside an escape or markup."""
    cut = _cut_before(text, limit)
    if cut == 0:  # one piece of markup longer than the limit: nothing better than a hard cut
        return limit, limit
    inside = [(m.start(), m.end()) for m in _UNBREAKABLE.finditer(text, 0, cut)]
    for separator in ("\n", " "):
        at = text.rfind(separator, cut // 2, cut)
        while at > 0 and any(start < at < end for start, end in inside):
            at = text.rfind(separator, cut // 2, at)
        if at > 0:
            return at, at + 1  # the separator itself goes with the cut
    return cut, cut


def split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Escaped mrkdwn in pieces of at most `limit` characters that together hold all of it."""
    pieces: list[str] = []
    while len(text) > limit:
        end, start = _break_at(text, limit)
        pieces.append(text[:end])
        text = text[start:]
    if text or not pieces:
        pieces.append(text)
    return pieces


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
    """One section of escaped mrkdwn (fitted: `paragraphs` keeps a long text whole)."""
    return SectionBlock(
        text=MarkdownTextObject(text=fit(text, SECTION_LIMIT)),
        accessory=accessory,
        block_id=block_id,
    )


def paragraphs(text: str) -> list[Block]:
    """A long escaped mrkdwn text as as many sections as it needs, none of it dropped."""
    return [section(piece) for piece in split(text, SECTION_LIMIT)]


def card_text(title: str, answer: str) -> str:
    """An entry's title and answer as its answer card shows them, in one section."""
    return f"*{escape(title)}*\n{escape(answer.strip())}"


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=fit(text, SECTION_LIMIT))])


def header(text: str) -> HeaderBlock:
    """A header: plain text, shown as typed (nothing to escape)."""
    return HeaderBlock(text=clip(" ".join(text.split()) or ELLIPSIS, HEADER_LIMIT))


def button(
    text: str,
    action_id: str,
    value: str,
    style: str | None = None,
    *,
    confirm: tuple[str, str, str, str] | None = None,
) -> ButtonElement:
    """A button; `confirm` = (title, text, yes, no) asks before the click counts."""
    asked = None
    if confirm:
        title, question, yes, no = confirm
        asked = ConfirmObject(title=title, text=question, confirm=yes, deny=no)
    return ButtonElement(
        text=clip(text, BUTTON_TEXT_LIMIT),
        action_id=action_id,
        value=value,
        style=style,
        confirm=asked,
    )


def message_text(text: str) -> str:
    """A message's `text` (what a notification shows), escaped mrkdwn within Slack's limit."""
    return fit(text, MESSAGE_TEXT_LIMIT)


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
    """Sections of lines, each within the section limit (a longer line is fitted)."""
    blocks: list[Block] = []
    current = ""
    for line in lines:
        line = fit(line, SECTION_LIMIT)
        if current and len(current) + len(line) + 1 > SECTION_LIMIT:
            blocks.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def within_message(blocks: list[Block], more: str, limit: int = MESSAGE_BLOCK_LIMIT) -> list[Block]:
    """At most a message's (or with `limit`, a view's) worth of blocks; the last says `more`
    when some had to go."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], context(more)]


def as_dicts(blocks: Iterable[Block]) -> list[dict]:
    return [b.to_dict() for b in blocks]
