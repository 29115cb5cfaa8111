"""The Slack app factories: fresh Bolt apps per call, never a global one.

Two apps share the same listeners. The one Slack talks to stores each question event in the
inbox and acks it; everything else (commands, buttons, the Home tab) it handles itself. The
answering one is what an InboxWorker hands the stored events to.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App

import handlers
from bot.runtime import replying
from bot.runtime.inbox import InboxWorker
from bot.runtime.intake import QuestionInbox
from bot.services import Services

# Threads that work on commands and buttons after their ack; questions go to the inbox.
LISTENER_THREADS = 8


def create_app(services: Services, questions: QuestionInbox | None = None) -> App:
    """The app Slack talks to, its Web API calls going to SLACK_API_URL, its question events
    stored in `questions` (by default an inbox that wakes nobody: a worker process polls)."""
    secret = services.settings.slack_signing_secret
    app = App(
        client=services.client,
        signing_secret=secret.get_secret_value() if secret else "",
        # auth.test runs on the first request instead of here, so building an app is offline.
        token_verification_enabled=False,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS),
    )
    (questions or QuestionInbox(services.engine)).register(app)
    replying.register(app)
    handlers.register(app, services)
    return app


def create_answering_app(services: Services) -> App:
    """The app an InboxWorker dispatches stored question events to. Nothing reaches it from the
    network, so there is no signature to check; each listener runs before dispatch() returns,
    so the worker knows when an answer is done, and bot.runtime.replying tells it whether it was."""
    app = App(
        client=services.client,
        token_verification_enabled=False,
        request_verification_enabled=False,
        process_before_response=True,
    )
    replying.register(app)
    handlers.register(app, services)
    return app


def create_inbox_worker(services: Services, threads: int | None = None, **options) -> InboxWorker:
    """An InboxWorker answering through a fresh answering app (start() it to run threads);
    `options` go to InboxWorker (its clock, in tests)."""
    return InboxWorker(services.engine, create_answering_app(services), threads, **options)
