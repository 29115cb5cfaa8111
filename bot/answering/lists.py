"""The lists partners browse, as Block Kit: `/ci sectors|training|resources|contacts [sector]`
and the same lists asked for in plain words ("what training is there for energy?"). One renderer
for both, so a list reads the same whichever way it was asked for.

A contact list shows each address, number or form itself with its status and instructions,
urgent reporting contacts first; the answer card shows an entry's contacts the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import Block

from bot.answering import wording
from bot.core.render import as_dicts, escape, link, section, sections, within_message
from knowledge.answers import Browse
from knowledge.schema import Contact, Entry

TOO_LONG = "… and more than one message can show."


def contact_line(contact: Contact, bullet: str = "•") -> str:
    """One way to reach someone: the address, number or form itself, its status in plain
    words, and its instructions on a line of their own."""
    reach = [escape(value) for value in (contact.email, contact.phone) if value]
    if contact.url:
        reach.append(link(contact.url, "online form" if not reach else contact.url))
    status = wording.contact_status(contact)
    line = f"{bullet} {escape(contact.name)}: {' · '.join(reach)} _({status})_"
    if contact.instructions:
        line += f"\n      {escape(contact.instructions)}"
    return line


def contact_lines(entry: Entry, bullet: str = "•") -> list[str]:
    return [contact_line(contact, bullet) for contact in wording.urgent_first(entry.contacts)]


def _title(entry: Entry) -> str:
    return link(entry.links[0].url, entry.title) if entry.links else escape(entry.title)


def _lines(browse: Browse) -> list[str]:
    if browse.kind == "sectors":
        return [f"• *{escape(e.title)}*: {escape(e.lead_agency or '')}" for e in browse.entries]
    if browse.kind != "contacts":
        return [f"• {_title(entry)}" for entry in browse.entries]
    lines = []
    for heading, entries in wording.contact_groups(browse.entries):
        if heading:
            lines.append(f"*{escape(heading)}*")
        for entry in entries:
            lines.append("\n".join([f"• {_title(entry)}", *contact_lines(entry, "    ◦")]))
    return lines


def browse_blocks(browse: Browse, sector_titles: Mapping[str, str]) -> list[Block]:
    """The list, its heading first, within one message's limits."""
    heading, honest = wording.list_heading(browse, sector_titles)
    top = f"*{escape(heading)}*"
    if honest:
        top += f"\n{escape(honest)}"
    if not browse.entries:
        return [section(f"{top}\n{escape(wording.empty_list(browse))}")]
    return within_message([section(top), *sections(_lines(browse))], TOO_LONG)


def browse_message(browse: Browse, sector_titles: Mapping[str, str]) -> tuple[list[dict], str]:
    """(blocks, the plain text Slack shows in notifications)."""
    heading, honest = wording.list_heading(browse, sector_titles)
    text = f"{heading}. {honest}" if honest else heading
    return as_dicts(browse_blocks(browse, sector_titles)), escape(text)
