"""The Slack app factory: one fresh Bolt App per call, never a global one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App

import handlers
from bot.services import Services

# Threads that answer after the ack. Each mostly waits on Slack (~100-300 ms a call), so 8
# answer about 50 questions a second; more only fight over the GIL with the threads that ack.
ANSWER_WORKERS = 8


def create_app(services: Services) -> App:
    """A Bolt app with every listener registered, its Web API calls going to SLACK_API_URL."""
    secret = services.settings.slack_signing_secret
    app = App(
        client=services.client,
        signing_secret=secret.get_secret_value() if secret else "",
        # auth.test runs on the first request instead of here, so building an app is offline.
        token_verification_enabled=False,
        listener_executor=ThreadPoolExecutor(max_workers=ANSWER_WORKERS),
    )

    handlers.register(app, services)
    return app
