"""The App Home tab: how to use the bot and your channels' subscriptions; for staff, the
office's queue, alerts, knowledge gaps and figures. The role is checked on the server each time:
a partner's Home tab has no staff sections."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.models import utcnow
from bot.home import data as home_data
from bot.home import view as home
from bot.services import Services
from handlers.context import services_of

log = logging.getLogger(__name__)


def _home_data(services: Services, user_id: str, *, staff: bool) -> home_data.HomeData:
    """Everything the user's Home tab shows; the staff part only for staff."""
    index = services.matcher.index
    channel_ids = services.memberships.of(user_id)
    channels = None
    if channel_ids is not None:
        channels = home_data.channel_subscriptions(
            engine=services.engine, channel_ids=channel_ids, sector_titles=index.sector_titles
        )
    if not staff:
        return home_data.HomeData(channels)
    office = home_data.staff_home(
        engine=services.engine,
        index=index,
        knowledge_ids=services.knowledge.entry_ids,
        review_channel=services.settings.review_channel,
        now=utcnow(),
        review_days=services.settings.review_days,
    )
    return home_data.HomeData(channels, office)


def publish_home(services: Services, client: WebClient, user_id: str) -> None:
    """Compose the user's Home tab (the staff part only for staff) and publish it."""
    staff = services.staff.is_staff(user_id)
    titles = services.matcher.index.sector_titles
    view = home.home_view(
        _home_data(services, user_id, staff=staff),
        sector_title=lambda slug: titles.get(slug, slug),
    )
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as error:
        log.warning(
            "could not publish the Home tab of %s: %s", user_id, error.response.get("error")
        )


def on_home_opened(event: dict, client: WebClient, context: BoltContext) -> None:
    """The Home tab: how to use the bot, your channels' subscriptions (and, for staff, the
    office's queue, alerts, knowledge gaps and figures)."""
    if event.get("tab", "home") == "home":
        publish_home(services_of(context), client, event["user"])


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
