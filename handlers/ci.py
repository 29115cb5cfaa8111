"""The /ci command: a question, or a subcommand. `/ci help` is built from the subcommands'
docstrings, so each module documents its own commands where it defines them.

A question (`/ci ask ...`, or words that name no subcommand) is matched, which is the one slow
thing a command does: the runtime stores it in the inbox and acks, and a worker answers it
through `on_ci` (see `asks_question`), as it does mentions. Subcommands run where they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import render
from bot.services import Services
from handlers.context import services_of

COMMAND = "/ci"  # as handlers.register registers it (by its literal, which the manifest test reads)


@dataclass(frozen=True)
class Invocation:
    """One `/ci` call: who, where, and the words after the subcommand."""

    args: str
    user_id: str
    channel_id: str
    trigger_id: str
    respond: Respond
    client: WebClient
    services: Services

    def say(self, text: str) -> None:
        """A private reply with one paragraph of mrkdwn."""
        self.respond(
            response_type="ephemeral", blocks=render.as_dicts(render.note(text)), text=text
        )


Subcommand = Callable[[Invocation], None]


class CiCommand:
    """Routes `/ci <subcommand> ...`; anything else is a question for the default subcommand."""

    def __init__(self, subcommands: dict[str, Subcommand], *, default: Subcommand) -> None:
        self.subcommands = {**subcommands, "help": self.show_help}
        self.default = default

    def help_text(self) -> str:
        lines = [
            "Ask me about critical infrastructure sectors, their lead agencies, contacts, "
            "training and resources: mention me in a channel, send me a direct message, or:",
            *(f"• {' '.join((run.__doc__ or '').split())}" for run in self.subcommands.values()),
        ]
        return "\n".join(lines)

    def asks_question(self, text: str) -> bool:
        """Whether `/ci <text>` is a question for the default subcommand (`ask`, or no known
        subcommand): answered from the inbox rather than at once."""
        text = text.strip()
        name = text.partition(" ")[0].lower()
        run = self.subcommands.get(name)
        return bool(text) and (run is None or run is self.default)

    def show_help(self, call: Invocation) -> None:
        """`/ci help`: this list."""
        call.say(self.help_text())

    def on_ci(
        self, ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        text = (command.get("text") or "").strip()
        name, _, rest = text.partition(" ")
        run = self.subcommands.get(name.lower())
        if run is None:
            run, rest = (self.default, text) if text else (self.show_help, "")
        run(
            Invocation(
                rest.strip(),
                command["user_id"],
                command["channel_id"],
                command.get("trigger_id", ""),
                respond,
                client,
                services_of(context),
            )
        )
