"""What the handlers need, built once in a visible order: settings, database, knowledge (the
YAML knowledge base plus approved drafts and changes made from Slack), the Slack Web API client,
who is staff, whose channels are which, the alert outbox, the digests and the weekly review."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy import Engine

from bot.answering.live_knowledge import LiveKnowledge
from bot.core.config import Settings
from bot.core.db import make_engine
from bot.core.staff import StaffDirectory
from bot.curation import reviews
from bot.home.data import ChannelMemberships
from bot.outreach.digests import Digests
from bot.sharing.delivery import Outbox
from bot.sharing.views import alert_message
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
    knowledge: LiveKnowledge
    client: WebClient
    staff: StaffDirectory
    memberships: ChannelMemberships
    outbox: Outbox
    digests: Digests
    reviews: reviews.WeeklyReviews

    @property
    def matcher(self) -> Matcher:
        """The matcher to answer with now: take it once per request, it may be rebuilt."""
        return self.knowledge.current()

    @classmethod
    def start(cls, settings: Settings) -> Services:
        engine = make_engine(settings.database_url)
        knowledge = LiveKnowledge.load(settings.knowledge_dir, engine)
        client = make_client(settings)
        staff = StaffDirectory(settings, client)
        weekly = reviews.WeeklyReviews(
            engine, client, lambda: knowledge.current().index.entries, staff, settings
        )
        return cls(
            settings=settings,
            engine=engine,
            knowledge=knowledge,
            client=client,
            staff=staff,
            memberships=ChannelMemberships(client),
            outbox=Outbox(engine, client, render=alert_message),
            digests=Digests(engine, client, knowledge.entries, settings.timezone),
            reviews=weekly,
        )
