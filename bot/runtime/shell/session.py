"""The shell's session: typed lines become signed Slack requests to the real Bolt app.

A question is a direct message event (stored in the inbox and answered by an inbox worker, as
in production); `/ci ...` a slash command; `!N` a button click; a modal the app opens is asked
field by field and sent back as a `view_submission`, errors and all. Each listener runs to its
end before the next prompt, and so does the alert outbox, so what a line caused (a receipt, a
review card, the delivered copies) is printed before you type the next one.
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import TextIO
from urllib.parse import urlencode

from pydantic import SecretStr
from slack_bolt import BoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select

from bot.core.config import Settings
from bot.core.models import InboxEvent
from bot.runtime.app import create_app, create_inbox_worker
from bot.runtime.intake import QuestionInbox
from bot.runtime.shell.console import Console, Lines
from bot.runtime.shell.forms import Cancelled, FormFiller, fields_of
from bot.runtime.shell.stand_in import HOME_VIEW_ID, Person, SlackStandIn
from bot.runtime.shell.transcript import REPLY_WAIT, Transcript, Where, text_of
from bot.services import Services

USER = "ULOCALSHELL"
CHANNEL = "DLOCALSHELL"
REVIEW_CHANNEL = "CLOCALREVIEW"  # the session's review channel, unless one is configured
TEAM = "T0"
ANSWERED_POLL = 0.01  # seconds between looks at whether the inbox answered a question
# What leaves the shell: its commands, and the words a terminal user types to leave one.
_LEAVING = frozenset({"/quit", "/exit", "quit", "exit", "quit()", "exit()"})

SHELL_HELP = """\
In this shell:
  a question       asked as a direct message to the bot
  /ci ...          the slash command (/ci help lists its subcommands)
  !N               press button N
  /home            your App Home tab (staff see the moderation queue and knowledge gaps)
  /as staff        act as partnership office staff for this session: publish and moderate
                   alerts, answer knowledge gaps, clear channels for TLP:AMBER
  /as partner      act as a partner again
  /cancel          in a form, stop filling it in
  /help            this list; /quit (or quit, exit) or Ctrl-D leaves
Forms (/ci share, Reject, Answer, Edit) are asked field by field: choices are numbered, an
empty line skips an optional field or keeps the value offered, /cancel stops."""

CI_HELP_NOTE = (
    "(In this shell: /as staff acts as partnership office staff, /as partner as a partner; "
    "/help lists the shell's own commands.)"
)


class Shell:
    """Turns typed lines into signed Slack requests for the app."""

    def __init__(
        self,
        settings: Settings,
        console: Console,
        *,
        user: str = USER,
        staff: bool = False,
    ) -> None:
        self.console = console
        self.person = Person(user=user, channel=CHANNEL)
        self.transcript = Transcript(console)
        self.stand_in = SlackStandIn(self.transcript, self.person)
        self.secret = secrets.token_hex(16)
        local = settings.model_copy(
            update={
                "slack_api_url": self.stand_in.url + "/api/",
                "slack_signing_secret": SecretStr(self.secret),
                "slack_bot_token": SecretStr("xoxb-local-shell"),
                "slack_app_token": None,
                "review_channel": settings.review_channel or REVIEW_CHANNEL,
            }
        )
        self.services = Services.start(local)
        self.worker = create_inbox_worker(self.services)
        self.app = create_app(
            self.services, QuestionInbox(self.services.engine, on_stored=self.worker.notify)
        )
        # Each listener runs to its end before dispatch() returns (as on a FaaS host), so what
        # a line caused is printed before the next prompt, and a modal's ack comes back whole.
        self.app.listener_runner.process_before_response = True
        self.forms = FormFiller(self.console.read, self.console.write, me=user, here=CHANNEL)
        self._filled: dict[str, dict] = {}  # view id -> what was typed into it last
        self.act_as(staff=staff or user in self.services.staff.users)

    # -- roles ------------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return self.person.user

    @property
    def is_staff(self) -> bool:
        return self.services.staff.is_staff(self.user)

    @property
    def review_channel(self) -> str:
        return self.services.settings.review_channel or REVIEW_CHANNEL

    def act_as(self, *, staff: bool) -> None:
        """Staff: the user is in this session's staff list (the environment is left alone)."""
        directory = self.services.staff
        users = set(directory.users)
        (users.add if staff else users.discard)(self.user)
        directory.users = frozenset(users)

    def role(self) -> str:
        return "staff" if self.is_staff else "a partner"

    def banner(self) -> str:
        switch = "/as partner" if self.is_staff else "/as staff"
        return (
            f"partnerbot shell: you are {self.user}, {self.role()} ({switch} to switch).\n"
            "Ask a question, or type /ci help. !N presses button N; /home shows the Home tab; "
            "/help lists the shell's commands.\n"
            "Forms (/ci share, Reject, Answer, Edit) are asked field by field. Partners' alerts "
            f"go for review to #{self.review_channel}.\n"
            "Ctrl-D or /quit leaves."
        )

    # -- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> Shell:
        threading.Thread(target=self.stand_in.serve_forever, daemon=True).start()
        self.worker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.worker.stop()
        self.stand_in.shutdown()
        self.stand_in.server_close()
        self.services.engine.dispose()

    # -- one line ---------------------------------------------------------------------------

    def say(self, line: str) -> None:
        """One line typed by the user (cleaned of control sequences already)."""
        if line.startswith("!") and line[1:].strip().isdigit():
            self.press(int(line[1:]))
        elif line == "/home":
            self._event(
                {"type": "app_home_opened", "user": self.user, "channel": CHANNEL, "tab": "home"}
            )
        elif line in ("/help", "/?"):
            self.console.write(SHELL_HELP)
        elif line.startswith("/as"):
            self._switch(line.removeprefix("/as").strip().lower())
        elif line == "/cancel":
            self.console.write("(no form is open)")
        elif line == "/ci" or line.startswith("/ci "):
            self._command(line)
        elif line.startswith("/"):
            name = line.split()[0]
            self.console.write(f"(the shell knows no {name}: /help lists its commands)")
        else:
            self._message(line)
        self.settle()

    def _switch(self, role: str) -> None:
        if role not in ("staff", "partner"):
            self.console.write("(/as staff or /as partner)")
            return
        self.act_as(staff=role == "staff")
        self.console.write(f"(you are {self.user}, {self.role()}, for this session)")

    def settle(self) -> None:
        """Ask the modals the app opened, then deliver what the outbox holds."""
        while (view := self.stand_in.modals.take_pending()) is not None:
            self._fill(view)
        while self.services.outbox.run_due():
            pass

    def _dispatch(self, body: str, content_type: str) -> tuple[int, str]:
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(self.secret).generate_signature(
            timestamp=timestamp, body=body
        )
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": timestamp,
            "x-slack-signature": signature,
        }
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        if response.status != 200:
            self.console.write(f"(the app answered {response.status}: {response.body})")
        return response.status, response.body or ""

    def _interaction(self, payload: dict) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return self._dispatch(body, "application/x-www-form-urlencoded")

    def _event(self, event: dict) -> str:
        """Send an event; its id."""
        event_id = "Ev" + secrets.token_hex(6)
        envelope = {
            "type": "event_callback",
            "team_id": TEAM,
            "api_app_id": "A0",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        self._dispatch(json.dumps(envelope), "application/json")
        return event_id

    def _answered(self, event_id: str) -> bool:
        """The inbox worker is done with the question: answered (every message of the reply is
        out), dropped (it can never be), or still refused by Slack after hours."""
        with self.services.engine.connect() as connection:
            status = connection.execute(
                select(InboxEvent.status).where(InboxEvent.event_id == event_id)
            ).scalar()
        return status in ("done", "dropped", "failed")

    def _message(self, text: str) -> None:
        event_id = self._event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": CHANNEL,
                "user": self.user,
                "text": text,
                "ts": f"{time.time():.6f}",
            }
        )
        # A reply may be several messages (a card per question): wait for the inbox worker.
        deadline = time.monotonic() + REPLY_WAIT
        while not self._answered(event_id):
            if time.monotonic() > deadline:
                self.console.write("(no answer yet; it will print when it comes)")
                return
            time.sleep(ANSWERED_POLL)

    def _command(self, line: str) -> None:
        command, _, text = line.partition(" ")
        seen = self.transcript.replies
        body = urlencode(
            {
                "command": command,
                "text": text.strip(),
                "user_id": self.user,
                "user_name": "you",
                "channel_id": CHANNEL,
                "team_id": TEAM,
                "response_url": self.stand_in.response_url(CHANNEL),
                "trigger_id": secrets.token_hex(8),
            }
        )
        status, _ = self._dispatch(body, "application/x-www-form-urlencoded")
        if status == 200 and self.transcript.replies == seen:
            self.transcript.wait_for_reply(seen)  # a reply the app sends after its ack
        if text.strip().lower() == "help":
            self.console.write(CI_HELP_NOTE)

    # -- buttons -------------------------------------------------------------------------------

    def press(self, number: int) -> None:
        button = self.transcript.buttons.get(number)
        if button is None:
            self.console.write(f"(there is no button !{number})")
            return
        confirm = button.element.get("confirm")
        if confirm and not self._confirmed(confirm):
            return
        element = button.element
        action = {
            "type": "button",
            "action_id": element.get("action_id", ""),
            "block_id": button.block_id,
            "value": element.get("value", ""),
            "text": element.get("text"),
            "action_ts": f"{time.time():.6f}",
        }
        payload: dict = {
            "type": "block_actions",
            "user": {"id": self.user, "username": "you", "team_id": TEAM},
            "team": {"id": TEAM},
            "api_app_id": "A0",
            "trigger_id": secrets.token_hex(8),
            "actions": [action],
        }
        if button.home:  # a Home tab click: no channel, no response_url
            payload["container"] = {"type": "view", "view_id": HOME_VIEW_ID}
            payload["view"] = {"type": "home", "id": HOME_VIEW_ID}
        else:
            channel = button.channel or CHANNEL
            place = Where("", channel, button.ts, button.response_url, button.ephemeral)
            payload["container"] = {
                "type": "message",
                "message_ts": button.ts,
                "channel_id": channel,
                "is_ephemeral": button.ephemeral,
            }
            payload["channel"] = {"id": channel}
            payload["response_url"] = self.stand_in.response_url(channel, place)
            if button.message is not None:
                payload["message"] = {**button.message, "ts": button.ts}
        self._interaction(payload)

    def _confirmed(self, confirm: dict) -> bool:
        title = text_of(confirm.get("title"))
        self.console.write(f"{title}\n  {text_of(confirm.get('text'))}")
        yes = text_of(confirm.get("confirm")) or "Confirm"
        no = text_of(confirm.get("deny")) or "Cancel"
        answer = self.console.read(f"{yes}? (y = {yes}, anything else = {no}): ")
        return (answer or "").strip().lower() in ("y", "yes", yes.lower())

    # -- modals ----------------------------------------------------------------------------------

    def _fill(self, view: dict) -> None:
        title = (view.get("title") or {}).get("text", "a form")
        submit = (view.get("submit") or {}).get("text", "Submit")
        self.console.write(
            f"form “{title}”: answer each field (Enter keeps the value offered or skips an "
            "optional one; /cancel stops)."
        )
        values = self._filled.get(view["id"])
        only: set[str] | None = None
        while True:
            try:
                values = self.forms.fill(view, previous=values, only=only)
            except (Cancelled, KeyboardInterrupt):
                self.console.write(f"(form “{title}” cancelled)")
                self._closed(view)
                return
            self._filled[view["id"]] = values
            self.console.write(f"[{submit}]")
            status, body = self._submit(view, values)
            reply = _json(body) if status == 200 else {}
            action = reply.get("response_action")
            if action == "errors":
                only = set(self._show_errors(view, reply.get("errors") or {}))
                continue
            if action == "update":
                self.stand_in.modals.update(reply.get("view") or {}, view["id"], None)
            elif action == "push":
                self.stand_in.modals.push(reply.get("view") or {})
            elif action == "clear" or status != 200:
                self.stand_in.modals.clear()
            else:
                self.stand_in.modals.close(view["id"])
            return

    def _show_errors(self, view: dict, errors: dict) -> list[str]:
        """Print what the app refused; the blocks to ask again (every field if none is named)."""
        labels = {f.block_id: f.label for f in fields_of(view) if not isinstance(f, dict)}
        self.console.write("The form came back with problems:")
        for block_id, problem in errors.items():
            self.console.write(f"  {labels.get(block_id, block_id)}: {problem}")
        named = [block_id for block_id in errors if block_id in labels]
        return named or list(labels)

    def _submit(self, view: dict, values: dict) -> tuple[int, str]:
        submitted = {**view, "state": {"values": values}}
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": self.user, "username": "you", "team_id": TEAM},
            "api_app_id": "A0",
            "trigger_id": secrets.token_hex(8),
            "view": submitted,
            "response_urls": [],
        }
        return self._interaction(payload)

    def _closed(self, view: dict) -> None:
        """Cancelled: the modal closes, and the app hears of it if it asked to."""
        self.stand_in.modals.clear()
        if view.get("notify_on_close"):
            payload = {
                "type": "view_closed",
                "team": {"id": TEAM},
                "user": {"id": self.user, "team_id": TEAM},
                "api_app_id": "A0",
                "view": view,
                "is_cleared": True,
            }
            self._interaction(payload)


def _json(body: str) -> dict:
    try:
        parsed = json.loads(body) if body else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def run_shell(
    settings: Settings,
    lines: Lines | None = None,
    out: TextIO | None = None,
    *,
    user: str = USER,
    staff: bool = False,
    history: Path | None = None,
) -> int:
    """The interactive loop; `lines`/`out` let tests drive it without a terminal."""
    console = Console(lines, out or sys.stdout, history=history)
    try:
        with Shell(settings, console, user=user, staff=staff) as shell:
            console.write(shell.banner())
            while True:
                try:
                    line = console.read("you> ")
                except KeyboardInterrupt:
                    console.write("(Ctrl-D or /quit leaves)")
                    continue
                if line is None or line.strip().lower() in _LEAVING:
                    return 0
                if line:
                    console.remember(line)
                    try:
                        shell.say(line)
                    except KeyboardInterrupt:
                        console.write("(interrupted)")
    finally:
        console.close()
