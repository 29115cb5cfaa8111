"""The /ci command: a question, or a subcommand. `/ci help` is built from the docstrings here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, App, Respond

from bot import render
from bot.answers import answer_question
from bot.cards import answer_blocks, fallback_text
from bot.services import Services
from knowledge.schema import SECTOR_SLUGS


@dataclass(frozen=True)
class Invocation:
    """One `/ci` call: who, where, and the words after the subcommand."""

    args: str
    user_id: str
    channel_id: str
    respond: Respond


Subcommand = Callable[[Invocation], None]


def register(app: App, services: Services) -> None:
    index = services.matcher.index

    def ask(call: Invocation) -> None:
        """`/ci ask <question>` (or just `/ci <question>`): an answer only you see, with a button
        to post it in the channel."""
        if not call.args:
            call.respond(text="What would you like to know? Try `/ci who leads the dams sector`.")
            return
        answer = answer_question(
            engine=services.engine,
            matcher=services.matcher,
            text=call.args,
            user_id=call.user_id,
            channel_id=call.channel_id,
            surface="command",
        )
        call.respond(
            response_type="ephemeral",
            blocks=answer_blocks(answer, index, offer_post=answer.result.answered),
            text=fallback_text(answer),
        )

    def sectors(call: Invocation) -> None:
        """`/ci sectors`: the 16 sectors and the agency that leads each."""
        lines = [
            f"• *{render.escape(entry.title)}*: {render.escape(entry.lead_agency or '')}"
            for entry in sorted(index.entries, key=lambda e: e.title)
            if entry.kind == "sector"
        ]
        call.respond(
            blocks=render.as_dicts(
                render.note("*The 16 critical infrastructure sectors*\n" + "\n".join(lines))
            ),
            text="The 16 critical infrastructure sectors",
        )

    def listing(kind: str, label: str) -> Subcommand:
        def run(call: Invocation) -> None:
            slugs = index.sectors_in(call.args) if call.args else []
            if call.args and not slugs:
                call.respond(
                    text=f"I don't know a sector called “{render.escape(call.args)}”. "
                    f"Sectors: {', '.join(SECTOR_SLUGS)}."
                )
                return
            entries = [e for e in index.entries if e.kind == kind]
            heading = f"{label.capitalize()}"
            if slugs:
                named = [e for e in entries if e.sector in slugs]
                # Nothing specific to the sector: the cross-sector entries still apply to it.
                entries = named or [e for e in entries if e.sector is None]
                where = ", ".join(index.sector_titles.get(s, s) for s in slugs)
                heading += (
                    f" for {where}" if named else f" (none specific to {where}; cross-sector)"
                )
            blocks = render.entry_list(heading, entries, empty=f"No {label} found.")
            call.respond(blocks=render.as_dicts(blocks), text=heading)

        run.__doc__ = f"`/ci {label} [sector]`: {label}, all or for one sector."
        return run

    def help_(call: Invocation) -> None:
        """`/ci help`: this list."""
        lines = [
            "Ask me about critical infrastructure sectors, their lead agencies, contacts, "
            "training and resources: mention me in a channel, send me a direct message, or:",
            *(
                f"• {' '.join((c.__doc__ or '').split())}"
                for c in dict.fromkeys(SUBCOMMANDS.values())
            ),
        ]
        call.respond(blocks=render.as_dicts(render.note("\n".join(lines))), text="partnerbot help")

    SUBCOMMANDS: dict[str, Subcommand] = {
        "ask": ask,
        "sectors": sectors,
        "training": listing("training", "training"),
        "resources": listing("resource", "resources"),
        "contacts": listing("contact", "contacts"),
        "help": help_,
    }

    @app.command("/ci")
    def on_ci(ack: Ack, command: dict, respond: Respond) -> None:
        ack()
        text = (command.get("text") or "").strip()
        name, _, rest = text.partition(" ")
        subcommand = SUBCOMMANDS.get(name.lower())
        if subcommand is None:
            subcommand, rest = (ask, text) if text else (help_, "")
        subcommand(Invocation(rest.strip(), command["user_id"], command["channel_id"], respond))
