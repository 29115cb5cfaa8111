"""The Slack app factory: one fresh Bolt App per call, never a global one."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App, BoltResponse

import handlers
from bot.dedupe import first_delivery
from bot.services import Services


def create_app(services: Services) -> App:
    """A Bolt app with every listener registered, its Web API calls going to SLACK_API_URL."""
    secret = services.settings.slack_signing_secret
    app = App(
        client=services.client,
        signing_secret=secret.get_secret_value() if secret else "",
        # auth.test runs on the first request instead of here, so building an app is offline.
        token_verification_enabled=False,
    )

    @app.middleware
    def answer_each_event_once(body: dict, ack: Ack, next: Callable[[], BoltResponse], logger):
        event_id = body.get("event_id")
        if event_id and not first_delivery(services.engine, event_id):
            logger.info(
                "event %s already taken on; retry %s acknowledged and dropped",
                event_id,
                body.get("retry_attempt"),
            )
            return ack()
        return next()

    handlers.register(app, services)
    return app
