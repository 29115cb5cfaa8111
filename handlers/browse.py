"""`/ci ask` and the browsing subcommands: sectors, training, resources, contacts."""

from __future__ import annotations

from bot.answering import cards
from bot.answering.answers import answer_question
from bot.core import render
from handlers.ci import Invocation, Subcommand
from knowledge.schema import SECTOR_SLUGS


def ask(call: Invocation) -> None:
    """`/ci ask <question>` (or just `/ci <question>`): an answer only you see, with a
    button to post it in the channel."""
    if not call.args:
        call.say("What would you like to know? Try `/ci who leads the dams sector`.")
        return
    services = call.services
    matcher = services.matcher  # the live one: an approved draft is served at once
    answer = answer_question(
        engine=services.engine,
        matcher=matcher,
        text=call.args,
        user_id=call.user_id,
        channel_id=call.channel_id,
        surface="command",
    )
    call.respond(
        response_type="ephemeral",
        blocks=cards.answer_blocks(
            answer,
            matcher.index,
            offer_post=answer.result.answered,
            editable=services.staff.is_staff(call.user_id),  # the answer is theirs alone
        ),
        text=cards.fallback_text(answer),
    )


def sectors(call: Invocation) -> None:
    """`/ci sectors`: the 16 sectors and the agency that leads each."""
    index = call.services.matcher.index
    lines = [
        f"• *{render.escape(entry.title)}*: {render.escape(entry.lead_agency or '')}"
        for entry in sorted(index.entries, key=lambda e: e.title)
        if entry.kind == "sector"
    ]
    call.say("*The 16 critical infrastructure sectors*\n" + "\n".join(lines))


def _listing(kind: str, label: str) -> Subcommand:
    def run(call: Invocation) -> None:
        index = call.services.matcher.index
        slugs = index.sectors_in(call.args) if call.args else []
        if call.args and not slugs:
            call.say(
                f"I don't know a sector called “{render.escape(call.args)}”. "
                f"Sectors: {', '.join(SECTOR_SLUGS)}."
            )
            return
        entries = [e for e in index.entries if e.kind == kind]
        heading = label.capitalize()
        if slugs:
            named = [e for e in entries if e.sector in slugs]
            # Nothing specific to the sector: the cross-sector entries still apply to it.
            entries = named or [e for e in entries if e.sector is None]
            where = ", ".join(index.sector_titles.get(s, s) for s in slugs)
            heading += f" for {where}" if named else f" (none specific to {where}; all sectors)"
        blocks = render.entry_list(heading, entries, empty=f"No {label} found.")
        call.respond(response_type="ephemeral", blocks=render.as_dicts(blocks), text=heading)

    run.__name__ = label
    run.__doc__ = f"`/ci {label} [sector]`: {label}, all or for one sector."
    return run


training = _listing("training", "training")
resources = _listing("resource", "resources")
contacts = _listing("contact", "contacts")
