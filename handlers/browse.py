"""`/ci ask` and the browsing subcommands: sectors, training, resources, contacts. The lists are
drawn by the one renderer plain-words browsing uses too (bot.answering.lists)."""

from __future__ import annotations

from bot.answering import lists
from bot.answering.conversation import Where
from bot.answering.dialogue import Asked, reply_to
from bot.core import render
from handlers.ci import Invocation, Subcommand
from knowledge.answers import listing
from knowledge.schema import SECTOR_SLUGS


def ask(call: Invocation) -> None:
    """`/ci ask <question>` (or just `/ci <question>`): an answer only you see, with a
    button to post it in the channel."""
    if not call.args:
        call.say("What would you like to know? Try `/ci who leads the dams sector`.")
        return
    services = call.services
    reply = reply_to(
        engine=services.engine,
        matcher=services.matcher,  # the live one: an approved draft is served at once
        text=call.args,
        asked=Asked(call.user_id, "command", call.channel_id, message_key=call.trigger_id or None),
        where=Where.of_command(call.channel_id, call.user_id),
        help_text=call.help_text,
        offer_post=True,
        editable=services.staff.is_staff(call.user_id),  # the answer is theirs alone
    )
    for message in reply.messages:
        call.respond(response_type="ephemeral", blocks=message.blocks, text=message.text)


def _show(call: Invocation, kind: str, sectors: list[str]) -> None:
    index = call.services.matcher.index
    blocks, text = lists.browse_message(listing(index, kind, sectors), index.sector_titles)
    call.respond(response_type="ephemeral", blocks=blocks, text=text)


def sectors(call: Invocation) -> None:
    """`/ci sectors`: the 16 sectors and the agency that leads each."""
    _show(call, "sectors", [])


def _listing(kind: str) -> Subcommand:
    def run(call: Invocation) -> None:
        slugs = call.services.matcher.index.sectors_in(call.args) if call.args else []
        if call.args and not slugs:
            call.say(
                f"I don't know a sector called “{render.escape(call.args)}”. "
                f"Sectors: {', '.join(SECTOR_SLUGS)}."
            )
            return
        _show(call, kind, slugs)

    run.__name__ = kind
    run.__doc__ = f"`/ci {kind} [sector]`: {kind}, all or for one sector."
    return run


training = _listing("training")
resources = _listing("resources")
contacts = _listing("contacts")
