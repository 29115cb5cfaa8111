"""Question events go to the inbox before the ack: acking never waits for an answer, and an
acknowledged question outlives a crash. An InboxWorker answers them (see bot/inbox.py)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse

from bot.inbox import Intake
from bot.services import Services
from handlers.questions import is_question

log = logging.getLogger(__name__)


def register(app: App, services: Services, on_stored: Callable[[], None]) -> None:
    intake = Intake(services.engine)

    @app.middleware
    def store_questions(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
        body = req.body
        if body.get("type") != "event_callback" or not is_question(body.get("event") or {}):
            return next()
        event_id = body.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return BoltResponse(status=400, body="event without an event_id")
        # Socket Mode hands over the parsed body; HTTP, the verified raw one.
        if intake.accept(event_id, req.raw_body or json.dumps(body)):
            on_stored()
        else:
            retry = req.headers.get("x-slack-retry-num", ["?"])[0]
            log.info("event %s already taken on; retry %s dropped", event_id, retry)
        return BoltResponse(status=200, body="")
