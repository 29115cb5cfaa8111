"""The Slack app factory: one fresh Bolt App per call, never a global one."""

from __future__ import annotations

from slack_bolt import App

import handlers
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

    handlers.register(app, services)
    return app
