"""What the Home tab shows one user, read from Slack and the database; bot.home.view composes it."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.core.models import Alert, DraftEntry, EntryRevision, InboxEvent, Subscription
from bot.curation import drafts, gaps, report, reviews, revisions
from bot.curation.review_views import Due
from bot.outreach import subscriptions as subs
from bot.sharing import alerts
from knowledge.index import KnowledgeIndex

log = logging.getLogger(__name__)

CHANNEL_PAGES = 10  # of 200 channels each: plenty for one person
MEMBERSHIP_SECONDS = 120.0  # how long a user's list of channels is reused
MEMBERSHIP_USERS = 10_000  # lists kept at most; the oldest goes first
USAGE_WEEKS = 8
RECENT_ALERTS = 20
TOP_GAPS = 10


@dataclass(frozen=True)
class ChannelSubscriptions:
    channel_id: str
    lines: tuple[str, ...]  # one per sector, as `/ci subscriptions` says it


@dataclass(frozen=True)
class StaffHome:
    pending: list[Alert]
    recent: list[tuple[Alert, dict[str, int]]]
    gaps: list[gaps.Gap]
    open_questions: int
    drafts: list[DraftEntry]  # waiting for approval
    served_drafts: int  # approved, served, not yet merged into knowledge/
    due: list[Due]  # entries past `expires` or not reviewed for `review_days`
    usage: report.UsageReport
    usage_weeks: int = USAGE_WEEKS
    review_channel: str | None = None
    changes: list[EntryRevision] = field(default_factory=list)  # waiting for approval
    review_days: int = 365
    unanswered: int = 0  # acked questions Slack kept refusing to take an answer for, for hours


@dataclass(frozen=True)
class HomeData:
    channels: list[ChannelSubscriptions] | None  # None: Slack could not list the user's channels
    staff: StaffHome | None = None  # only for staff


def unanswered_questions(engine: Engine) -> int:
    """Questions that were acknowledged but are still unanswered hours later, because Slack kept
    failing (the inbox's `failed` rows: still tried, and answered with an apology once Slack is
    back). Staff should know of them."""
    query = select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "failed")
    with Session(engine) as session:
        return session.exec(query).one()


def member_channels(client: WebClient, user_id: str) -> list[str] | None:
    """The public and private channels the user is in (private ones only where the bot is too)."""
    channels: list[str] = []
    cursor = None
    try:
        for _ in range(CHANNEL_PAGES):
            response = client.users_conversations(
                user=user_id,
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=200,
                cursor=cursor,
            )
            channels += [c["id"] for c in response.get("channels") or []]
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
    except SlackApiError as error:
        log.warning("could not list the channels of %s: %s", user_id, error.response.get("error"))
        return None
    return channels


class ChannelMemberships:
    """Each user's channels, asked of Slack at most once per MEMBERSHIP_SECONDS: people open the
    Home tab far more often than they join channels, and users.conversations is rate limited
    (Tier 3, about 50 calls a minute for the workspace). A failed lookup is not kept."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._known: dict[str, tuple[float, list[str]]] = {}  # oldest first
        self._lock = threading.Lock()

    def of(self, user_id: str) -> list[str] | None:
        now = time.monotonic()
        with self._lock:
            known = self._known.get(user_id)
        if known is not None and now - known[0] < MEMBERSHIP_SECONDS:
            return known[1]
        channels = member_channels(self.client, user_id)
        if channels is not None:
            with self._lock:
                self._known.pop(user_id, None)
                self._known[user_id] = (now, channels)
                if len(self._known) > MEMBERSHIP_USERS:
                    del self._known[next(iter(self._known))]
        return channels


def channel_subscriptions(
    *, engine: Engine, channel_ids: list[str], sector_titles: dict[str, str]
) -> list[ChannelSubscriptions]:
    if not channel_ids:
        return []
    with Session(engine) as session:
        rows = session.exec(
            select(Subscription)
            .where(Subscription.channel_id.in_(channel_ids))
            .order_by(Subscription.channel_id, Subscription.sector)
        ).all()
    by_channel: dict[str, list[str]] = {}
    for row in rows:
        line = subs.describe(row, sector_titles.get(row.sector, row.sector))
        by_channel.setdefault(row.channel_id, []).append(line)
    return [ChannelSubscriptions(channel, tuple(lines)) for channel, lines in by_channel.items()]


def staff_home(
    *,
    engine: Engine,
    index: KnowledgeIndex,
    knowledge_ids: frozenset[str],
    review_channel: str | None,
    now: dt.datetime,
    review_days: int = 365,
) -> StaffHome:
    """The staff part of the Home tab; `knowledge_ids`: the YAML knowledge base's own ids (the
    rest of the index is approved drafts)."""
    top, open_questions = gaps.top_gaps(engine=engine, limit=TOP_GAPS)
    since = now - dt.timedelta(weeks=USAGE_WEEKS)
    return StaffHome(
        pending=alerts.listing(engine=engine, statuses=["pending"]),
        recent=alerts.recent(engine=engine, limit=RECENT_ALERTS),
        gaps=top,
        open_questions=open_questions,
        drafts=drafts.listing(engine=engine, statuses=["draft"]),
        served_drafts=sum(e.id not in knowledge_ids for e in index.entries),
        due=reviews.due_entries(index.entries, now.date(), review_days),
        usage=report.usage(engine=engine, index=index, since=since),
        review_channel=review_channel,
        changes=revisions.pending_revisions(engine),
        review_days=review_days,
        unanswered=unanswered_questions(engine),
    )
