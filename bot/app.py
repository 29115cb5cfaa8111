"""The Slack app factory: one fresh Bolt App per call, never a global one."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

import handlers
from bot.config import Settings
from bot.services import Services

MAX_RETRIES = 3


def make_client(settings: Settings) -> WebClient:
    """A Web API client for SLACK_API_URL that retries rate limits, 5xx and broken connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=MAX_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=MAX_RETRIES),
            ServerErrorRetryHandler(max_retry_count=MAX_RETRIES),
        ],
    )


def create_app(services: Services, client: WebClient | None = None) -> App:
    """A Bolt app with every listener registered, its Web API calls going to SLACK_API_URL."""
    settings = services.settings
    secret = settings.slack_signing_secret
    app = App(
        client=client or make_client(settings),
        signing_secret=secret.get_secret_value() if secret else "",
        # auth.test runs on the first request instead of here, so building an app is offline.
        token_verification_enabled=False,
    )
    handlers.register(app, services)
    return app
