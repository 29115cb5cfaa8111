"""The /ci command: a question, or a subcommand. `/ci help` is built from the subcommands'
docstrings, so each module documents its own commands where it defines them.

A question (`/ci ask ...`, or words that name no subcommand) is matched, which is the one slow
thing a command does: the runtime stores it in the inbox and acks, and a worker answers it
through `on_ci` (see `asks_question`), as it does mentions. Subcommands run where they arrive.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
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
    help_text: str = ""  # what `/ci help` says, for a question that asks for help

    def say(self, text: str) -> None:
        """A private reply with one paragraph of mrkdwn."""
        self.respond(
            response_type="ephemeral", blocks=render.as_dicts(render.note(text)), text=text
        )


Subcommand = Callable[[Invocation], None]
NEAR_MISS = 85  # rapidfuzz ratio from which a first word is taken for a mistyped subcommand
# Words a subcommand takes besides sector names (subscribe's options).
_ARGUMENT_WORD = re.compile(r"(no[-_]?)?(alerts?|digests?|daily|weekly|amber|always|all)")


class CiCommand:
    """Routes `/ci <subcommand> ...`; anything else is a question for the default subcommand."""

    def __init__(self, subcommands: dict[str, Subcommand], *, default: Subcommand) -> None:
        self.subcommands = {**subcommands, "help": self.show_help}
        self.default = default

    @functools.cached_property
    def _help(self) -> str:
        """Built once: the subcommands are fixed when the command is made."""
        lines = [
            "Ask me about critical infrastructure sectors, their lead agencies, contacts, "
            "training and resources: mention me in a channel, send me a direct message, or:",
            *(f"• {' '.join((run.__doc__ or '').split())}" for run in self.subcommands.values()),
        ]
        return "\n".join(lines)

    def help_text(self) -> str:
        return self._help

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

    def near_miss(self, text: str, services: Services) -> str | None:
        """The subcommand a mistyped first word meant ("trainings water" -> "training"), when
        the rest reads as its arguments (sectors, options, or nothing); a question (any other
        words after it) is left alone."""
        name, _, rest = text.partition(" ")
        word = name.lower().strip("?!.,:;")
        if word not in self.subcommands:
            if len(word) < 4:
                return None
            found = process.extractOne(
                word, list(self.subcommands), scorer=fuzz.ratio, score_cutoff=NEAR_MISS
            )
            if found is None:
                return None
            word = found[0]
        words = [w for w in rest.split() if not _ARGUMENT_WORD.fullmatch(w.lower())]
        if words and services.matcher.index.read_sectors(" ".join(words))[1]:
            return None
        return word

    def on_ci(
        self, ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        text = (command.get("text") or "").strip()
        name, _, rest = text.partition(" ")
        run = self.subcommands.get(name.lower())
        typed_as_question = run is None and bool(text)
        if run is None:
            run, rest = (self.default, text) if text else (self.show_help, "")
        call = Invocation(
            rest.strip(),
            command["user_id"],
            command["channel_id"],
            command.get("trigger_id", ""),
            respond,
            client,
            services_of(context),
            self.help_text(),
        )
        if typed_as_question and (meant := self.near_miss(text, call.services)):
            usage = " ".join((self.subcommands[meant].__doc__ or "").split())
            call.say(f"Did you mean `/ci {meant}`? {usage}")
            return
        run(call)
