"""Question events go to the inbox before the ack: acking never waits for an answer, and an
acknowledged question outlives a crash. An InboxWorker answers them (see bot/runtime/inbox.py).

Two ways in, one rule (`QuestionInbox.take`):
- over HTTP, `serve` offers each request to `over_http` first. A signed JSON question event is
  checked with slack_sdk's SignatureVerifier, stored and acked there, with no Bolt request
  built: acking is what a busy Slack app does most, and a question needs nothing else of Bolt.
  Anything else (commands, buttons, other events, a bad signature) goes on to Bolt untouched;
- in Socket Mode, and for the shell, the same rule runs as a Bolt middleware.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine

from bot.runtime.inbox import Intake
from handlers.questions import is_question

log = logging.getLogger(__name__)

# (status, body) of an ack; None leaves the request to Bolt.
Ack = tuple[int, str]
HttpAck = Callable[[dict], Ack | None]


class QuestionInbox:
    """Stores each question event once (by event_id) and acks it; `on_stored` is called after
    a new one is stored (an InboxWorker of the same process is woken with it)."""

    def __init__(self, engine: Engine, on_stored: Callable[[], None] = lambda: None) -> None:
        self.intake = Intake(engine)
        self.on_stored = on_stored

    def take(self, body: dict, raw: str, retry: str) -> Ack | None:
        """The ack for a question event, once it is stored; None for anything else."""
        if body.get("type") != "event_callback":
            return None
        event = body.get("event")
        if not isinstance(event, dict) or not is_question(event):
            return None
        event_id = body.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return 400, "event without an event_id"
        if self.intake.accept(event_id, raw):
            self.on_stored()
        else:
            log.info("event %s already taken on; retry %s dropped", event_id, retry)
        return 200, ""

    def register(self, app: App) -> None:
        """The rule as the app's first middleware, after Bolt's own checks."""

        @app.middleware
        def store_questions(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
            retry = req.headers.get("x-slack-retry-num", ["0"])[0]
            # Socket Mode hands over the parsed body; HTTP, the verified raw one.
            taken = self.take(req.body, req.raw_body or json.dumps(req.body), retry)
            if taken is None:
                return next()
            return BoltResponse(status=taken[0], body=taken[1])

    def over_http(self, signing_secret: str) -> HttpAck:
        """The rule for a WSGI request, before Bolt sees it."""
        verifier = SignatureVerifier(signing_secret)

        def ack(environ: dict) -> Ack | None:
            if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
                return None  # commands and buttons come form-encoded; events as JSON
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return None
            raw = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(raw)  # Bolt reads it again if we pass
            try:
                signed = verifier.is_valid(
                    raw,
                    environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                    environ.get("HTTP_X_SLACK_SIGNATURE"),
                )
            except ValueError:  # a timestamp that is no number
                signed = False
            if not signed:
                return None  # Bolt answers 401
            try:
                text = raw.decode()
                body = json.loads(text)
            except ValueError:  # UnicodeDecodeError is one
                body = None
            if not isinstance(body, dict):  # Slack sends objects; Bolt would fail on others
                return 400, "malformed request"
            return self.take(body, text, environ.get("HTTP_X_SLACK_RETRY_NUM", "0"))

        return ack
