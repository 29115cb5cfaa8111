"""What the handlers need, built once in a visible order: settings, database, knowledge,
the Slack Web API client, who is staff, and the alert outbox."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy import Engine

from bot.alert_views import alert_message
from bot.config import Settings
from bot.db import make_engine
from bot.delivery import Outbox
from bot.digests import Digests
from bot.roles import StaffDirectory
from knowledge.index import load_index
from knowledge.matcher import Matcher

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


@dataclass
class Services:
    settings: Settings
    engine: Engine
    matcher: Matcher
    client: WebClient
    staff: StaffDirectory
    outbox: Outbox
    digests: Digests

    @classmethod
    def start(cls, settings: Settings) -> Services:
        engine = make_engine(settings.database_url)
        matcher = Matcher(load_index(settings.knowledge_dir))
        client = make_client(settings)
        return cls(
            settings=settings,
            engine=engine,
            matcher=matcher,
            client=client,
            staff=StaffDirectory(settings, client),
            outbox=Outbox(engine, client, render=alert_message),
            digests=Digests(engine, client, matcher.index.entries, settings.timezone),
        )
