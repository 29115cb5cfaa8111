"""`partnerbot shell`: chat with the bot in a terminal, through the very handlers Slack drives.

Each line typed becomes a signed Slack request (a direct message, a `/ci` command, or a button
click) dispatched to the real Bolt app. The app's Web API calls and `respond()` posts go to a
small Slack stand-in on loopback that prints them as text.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TextIO
from urllib.parse import parse_qsl, urlencode

from pydantic import SecretStr
from slack_bolt import BoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select

from bot.core.config import Settings
from bot.core.models import InboxEvent
from bot.runtime.app import create_app, create_inbox_worker
from bot.runtime.intake import QuestionInbox
from bot.services import Services
from handlers.questions import is_question

USER = "ULOCALSHELL"
CHANNEL = "DLOCALSHELL"
REPLY_WAIT = 10.0  # seconds to wait for the bot's reply before prompting again
REPLY_QUIET = 0.3  # seconds without another message of the reply before prompting again
ANSWERED_POLL = 0.01  # seconds between looks at whether the inbox has answered a question
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
BANNER = """partnerbot shell: ask a question, or type /ci help. Press a button with !N.
/home shows the app's Home tab. Ctrl-D or /quit leaves."""


def mrkdwn_to_text(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = re.sub(r"<@(\w+)>", r"@\1", text)
    text = re.sub(r"<#(\w+)(?:\|[^>]*)?>", r"#\1", text)
    text = re.sub(r"(?<!\w)[*_](\S[^*_\n]*?)[*_](?!\w)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Transcript:
    """What the bot has said, as text, with its buttons numbered for !N."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        # number -> (button, the response_url of its message, or None on the Home tab)
        self.buttons: dict[int, tuple[dict, str | None]] = {}
        self.home_buttons: set[int] = set()
        self.replies = 0
        self._changed = threading.Condition()

    def show(self, message: dict, response_url: str | None, *, home: bool = False) -> None:
        lines: list[str] = []
        first = len(self.buttons) + 1
        for block in message.get("blocks") or []:
            lines.extend(self._block_lines(block, response_url))
        if home:
            self.home_buttons.update(range(first, len(self.buttons) + 1))
        if not lines and message.get("text"):
            lines.append(mrkdwn_to_text(message["text"]))
        with self._changed:
            if lines:
                print("\n".join(["bot>", *("  " + line for line in lines)]), file=self.out)
            self.replies += 1
            self._changed.notify_all()

    def _block_lines(self, block: dict, response_url: str | None) -> list[str]:
        kind = block.get("type")
        if kind == "section":
            lines = mrkdwn_to_text(block["text"]["text"]).splitlines()
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                lines.append(self._label(accessory, response_url))
            return lines
        if kind == "header":
            return [block["text"]["text"].upper()]
        if kind == "context":
            return ["  " + mrkdwn_to_text(e.get("text", "")) for e in block.get("elements", [])]
        if kind == "actions":
            return [" ".join(self._label(e, response_url) for e in block.get("elements", []))]
        return []

    def _label(self, button: dict, response_url: str | None) -> str:
        number = len(self.buttons) + 1
        self.buttons[number] = (button, response_url)
        return f"[!{number} {button['text']['text']}]"

    def wait_for_reply(self, seen: int, timeout: float = REPLY_WAIT) -> None:
        """Until the bot has replied, and has posted nothing more for a moment: a reply may be
        several messages (a card per question), each printed before the next prompt."""
        with self._changed:
            if not self._changed.wait_for(functools.partial(self._past, seen), timeout=timeout):
                return
            while self._changed.wait_for(
                functools.partial(self._past, self.replies), timeout=REPLY_QUIET
            ):
                pass

    def _past(self, seen: int) -> bool:
        return self.replies > seen


class _StandIn(BaseHTTPRequestHandler):
    """Answers the app's Web API calls and response_url posts, showing what they carry."""

    server: _SlackStandIn

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(raw or "{}")
        else:
            params = dict(parse_qsl(raw))
            for key in ("blocks", "attachments", "view"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        reply = self.server.answer(self.path, params)
        body = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the transcript is the output."""


class _SlackStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, transcript: Transcript) -> None:
        super().__init__(("127.0.0.1", 0), _StandIn)
        self.transcript = transcript
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._ts = 0

    def answer(self, path: str, params: dict) -> dict:
        if path.startswith("/response/"):
            if not params.get("delete_original"):
                self.transcript.show(params, self.url + path)
            return {"ok": True}
        method = path.rsplit("/", 1)[-1]
        if method in ("views.open", "views.push"):
            title = (params.get("view") or {}).get("title", {}).get("text", "a form")
            print(
                f"bot> (Slack would open the form “{title}” here; the shell cannot show forms.)",
                file=self.transcript.out,
            )
            self.transcript.show({}, None)
            return {"ok": True, "view": {"id": "VSHELL"}}
        if method == "views.publish":
            self.transcript.show(params.get("view") or {}, None, home=True)
            return {"ok": True, "view": {"id": "VSHELLHOME"}}
        if method == "users.conversations":  # the shell's one channel is its DM
            return {"ok": True, "channels": [{"id": CHANNEL}], "response_metadata": {}}
        if method == "auth.test":
            return {"ok": True, "user_id": "UPARTNERBOT", "bot_id": "BPARTNERBOT", "team_id": "T0"}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            self._ts += 1
            self.transcript.show(params, None)
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": f"{time.time():.0f}.{self._ts:06d}",
            }
        return {"ok": True}


class Shell:
    """Turns typed lines into signed Slack requests for the app."""

    def __init__(self, settings: Settings, out: TextIO) -> None:
        self.transcript = Transcript(out)
        self.stand_in = _SlackStandIn(self.transcript)
        self.secret = secrets.token_hex(16)
        local = settings.model_copy(
            update={
                "slack_api_url": self.stand_in.url + "/api/",
                "slack_signing_secret": SecretStr(self.secret),
                "slack_bot_token": SecretStr("xoxb-local-shell"),
                "slack_app_token": None,
            }
        )
        self.services = Services.start(local)
        self.worker = create_inbox_worker(self.services)
        self.app = create_app(
            self.services, QuestionInbox(self.services.engine, on_stored=self.worker.notify)
        )
        self._responses = 0

    def __enter__(self) -> Shell:
        threading.Thread(target=self.stand_in.serve_forever, daemon=True).start()
        self.services.outbox.start()
        self.worker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.worker.stop()
        self.services.outbox.stop()
        self.stand_in.shutdown()
        self.stand_in.server_close()

    def _dispatch(self, body: str, event_id: str | None = None) -> None:
        """Hand a signed request to the app and wait for its reply: for a question, until the
        inbox has answered it (every message of the reply printed)."""
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(self.secret).generate_signature(
            timestamp=timestamp, body=body
        )
        headers = {"x-slack-request-timestamp": timestamp, "x-slack-signature": signature}
        seen = self.transcript.replies
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        if response.status != 200:
            print(
                f"(the app answered {response.status}: {response.body})", file=self.transcript.out
            )
            return
        if event_id is None:
            self.transcript.wait_for_reply(seen)
            return
        deadline = time.monotonic() + REPLY_WAIT
        while not self._answered(event_id) and time.monotonic() < deadline:
            time.sleep(ANSWERED_POLL)

    def _answered(self, event_id: str) -> bool:
        with self.services.engine.connect() as connection:
            status = connection.execute(
                select(InboxEvent.status).where(InboxEvent.event_id == event_id)
            ).scalar()
        return status in ("done", "failed")

    def _response_url(self) -> str:
        self._responses += 1
        return f"{self.stand_in.url}/response/{self._responses}"

    def _event(self, event: dict) -> None:
        event_id = "Ev" + secrets.token_hex(6)
        body = {
            "type": "event_callback",
            "team_id": "T0",
            "api_app_id": "A0",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        self._dispatch(json.dumps(body), event_id if is_question(event) else None)

    def say(self, line: str) -> None:
        """One line typed by the user."""
        if line.startswith("!") and line[1:].isdigit():
            self.press(int(line[1:]))
        elif line == "/home":
            self._event(
                {"type": "app_home_opened", "user": USER, "channel": CHANNEL, "tab": "home"}
            )
        elif line.startswith("/ci"):
            command, _, text = line.partition(" ")
            self._dispatch(
                urlencode(
                    {
                        "command": command,
                        "text": text,
                        "user_id": USER,
                        "user_name": "you",
                        "channel_id": CHANNEL,
                        "team_id": "T0",
                        "response_url": self._response_url(),
                        "trigger_id": secrets.token_hex(8),
                    }
                )
            )
        else:
            self._event(
                {
                    "type": "message",
                    "channel_type": "im",
                    "channel": CHANNEL,
                    "user": USER,
                    "text": line,
                    "ts": f"{time.time():.6f}",
                }
            )

    def press(self, number: int) -> None:
        button = self.transcript.buttons.get(number)
        if button is None:
            print(f"(there is no button !{number})", file=self.transcript.out)
            return
        element, response_url = button
        payload = {
            "type": "block_actions",
            "user": {"id": USER},
            "team": {"id": "T0"},
            "trigger_id": secrets.token_hex(8),
            "actions": [
                {
                    "type": "button",
                    "action_id": element["action_id"],
                    "value": element.get("value", ""),
                    "block_id": "shell",
                }
            ],
        }
        if number in self.transcript.home_buttons:  # a Home tab click: no channel, no response_url
            payload.update(container={"type": "view"}, view={"type": "home", "id": "VSHELLHOME"})
        else:
            payload.update(
                channel={"id": CHANNEL},
                container={"is_ephemeral": response_url is not None},
                response_url=response_url or self._response_url(),
            )
        self._dispatch(urlencode({"payload": json.dumps(payload)}))


def run_shell(settings: Settings, lines: TextIO | None = None, out: TextIO | None = None) -> int:
    """The interactive loop; `lines`/`out` let tests drive it without a terminal."""
    out = out or sys.stdout
    interactive = lines is None and sys.stdin.isatty()
    with Shell(settings, out) as shell:
        print(BANNER, file=out)
        source = lines or sys.stdin
        while True:
            if interactive:
                print("you> ", end="", file=out, flush=True)
            line = source.readline()
            if not line or line.strip() in ("/quit", "/exit"):
                return 0
            if line.strip():
                shell.say(line.strip())
