"""Outreach digests: what is new for a channel's sectors, composed by a pure function, sent once
per (channel, period) with the ledger row written first.

The ledger row is the claim: `sending` while a run posts the digest, then `sent` (or `failed`,
which any later run takes again, going on after the parts already posted). A `sending` row has
a lease (`claimed_at`), renewed as each part is posted: a run that died mid-digest (killed,
its machine gone) leaves a row whose lease runs out after LEASE, and the next run takes it over.
Every write of the sender is conditional on its lease, so a sender whose row was taken over
stops at its next part. The price, as with any lease: the part that was in flight when its
sender died (posted, but not yet recorded) is posted again by the next sender, so a channel may
see at most one message of a digest twice, and only after a crash or a stall longer than LEASE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Protocol
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, select

from bot.core import leases
from bot.core.db import upsert_insert
from bot.core.models import (
    Alert,
    DigestLedger,
    KnowledgeVersion,
    Subscription,
    aware,
    utcnow,
)
from bot.core.render import SECTION_LIMIT, clip, escape, link, sector_name
from bot.curation import drafts
from bot.outreach.periods import CADENCES, Period, current, latest_due
from bot.sharing import tlp
from bot.sharing.views import TLP_MARKS
from knowledge.schema import Entry

log = logging.getLogger(__name__)

BLOCKS_PER_MESSAGE = 50
UPCOMING_DAYS = 30
MAX_ITEMS = 200  # per section; the rest is summed up in one line
BEFORE_ANY_DIGEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
INSERT_CHUNK = 500  # rows per INSERT, well inside SQLite's limit on bound parameters
# A sender renews its lease at each part it posts; a part with slack_sdk's retries takes a few
# minutes at worst (rate limits), so a lease this old has lost its sender.
LEASE = dt.timedelta(minutes=10)


class ShownAlert(Protocol):
    """What a digest shows of an alert: a stored Alert, or the AlertSummary read for a period."""

    id: int | None
    title: str
    sectors: Sequence[str]
    tlp: str
    source_url: str | None


@dataclass(frozen=True, slots=True)
class AlertSummary:
    """An alert's shown fields as plain data: read once per period, looked at by every channel."""

    id: int
    title: str
    sectors: tuple[str, ...]
    tlp: str
    source_url: str | None


@dataclass(frozen=True)
class ChannelDigest:
    """What one channel may see, and in which sectors. `shared`: whether Slack says it is shared
    outside (None until asked: then no AMBER is shown, see bot.sharing.tlp)."""

    channel_id: str
    sectors: frozenset[str]
    amber_sectors: frozenset[str]
    always: bool = False
    shared: bool | None = None

    def audience(self, sectors: Iterable[str]) -> tlp.Audience:
        """The channel as the TLP rule sees it, for an alert of these sectors."""
        return tlp.Audience.channel(
            cleared=not self.amber_sectors.isdisjoint(sectors), shared=self.shared
        )


@dataclass
class Digest:
    """A composed digest: messages of at most 50 blocks each, and a plain-text fallback."""

    messages: list[list[dict]] = field(default_factory=list)
    text: str = ""
    items: int = 0


def _visible(alert: ShownAlert, channel: ChannelDigest) -> bool:
    """In one of the channel's sectors, and the TLP rule lets the channel see it."""
    sectors = channel.sectors.intersection(alert.sectors)
    return bool(sectors) and tlp.may_show(alert.tlp, channel.audience(sectors))


def _relevant(entry: Entry, channel: ChannelDigest) -> bool:
    return entry.sector is None or entry.sector in channel.sectors


def _lines_to_sections(heading: str, lines: list[str]) -> list[dict]:
    """A heading and its lines as sections, each within Slack's 3,000 characters."""
    sections: list[dict] = []
    text = f"*{heading}*"
    for line in lines:
        line = clip(line, SECTION_LIMIT - 20)
        if len(text) + len(line) + 1 > SECTION_LIMIT:
            sections.append(text)
            text = ""
        text = f"{text}\n{line}" if text else line
    sections.append(text)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": t}} for t in sections]


def _capped(lines: list[str], total: int | None = None) -> list[str]:
    """At most MAX_ITEMS lines; the rest of `total` (default: of the lines) summed up in one."""
    total = len(lines) if total is None else total
    if total <= MAX_ITEMS:
        return lines
    return [*lines[:MAX_ITEMS], f"…and {total - MAX_ITEMS} more."]


def _alert_line(alert: ShownAlert) -> str:
    sectors = escape(", ".join(sector_name(s) for s in alert.sectors))
    source = " " + link(alert.source_url, "source") if alert.source_url else ""
    return f"{TLP_MARKS[alert.tlp]} TLP:{alert.tlp} *{escape(alert.title)}* ({sectors}){source}"


def compose(
    channel: ChannelDigest,
    period: Period,
    *,
    alerts: Iterable[ShownAlert],
    entries: Sequence[Entry],
    changed: dict[str, dt.datetime],
    today: dt.date,
    alert_total: int | None = None,
    line_for: Callable[[ShownAlert], str] = _alert_line,
) -> Digest | None:
    """The digest for one channel and period; None when nothing is new (unless it asks).
    `alert_total`: how many alerts the channel may see in all, when `alerts` holds only the
    first MAX_ITEMS of them (a busy period need not be read in full for every channel);
    `line_for`: how an alert is shown (the period's news renders each alert once)."""
    visible = [a for a in alerts if _visible(a, channel)]
    new_alerts = [line_for(a) for a in visible[:MAX_ITEMS]]
    alert_count = len(visible) if alert_total is None else alert_total
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    upcoming = [
        f"• {e.next_session.isoformat()}: {_entry_line(e)}"
        for e in sorted(entries, key=lambda e: (e.next_session or today, e.title))
        if e.kind == "training"
        and e.next_session
        and today <= e.next_session <= horizon
        and _relevant(e, channel)
    ]
    updated = [
        f"• {_entry_line(e)}"
        for e in entries
        if period.starts <= changed.get(e.id, period.starts - dt.timedelta(1)) < period.sends
        and _relevant(e, channel)
    ]
    items = alert_count + len(upcoming) + len(updated)
    if not items and not channel.always:
        return None
    sectors = ", ".join(sorted(sector_name(s) for s in channel.sectors))
    title = f"{period.cadence.capitalize()} digest for {sectors}"
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(title, 150)}}
    ]
    for heading, lines in (
        ("New alerts", _capped(new_alerts, alert_count)),
        (f"Training in the next {UPCOMING_DAYS} days", _capped(upcoming)),
        ("New or updated in the knowledge base", _capped(updated)),
    ):
        if lines:
            blocks.extend(_lines_to_sections(heading, lines))
    if not items:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "Nothing new this time."}}
        )
    messages = [
        blocks[i : i + BLOCKS_PER_MESSAGE] for i in range(0, len(blocks), BLOCKS_PER_MESSAGE)
    ]
    text = (
        f"{title}: {alert_count} new alert(s), {len(upcoming)} upcoming training, "
        f"{len(updated)} knowledge update(s)."
    )
    return Digest(messages=messages, text=escape(text), items=items)


def _entry_line(entry: Entry) -> str:
    return link(entry.links[0].url, entry.title) if entry.links else escape(entry.title)


# -- the database side ----------------------------------------------------------------------


def content_hash(entry: Entry) -> str:
    return hashlib.sha256(
        json.dumps(entry.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()


def record_knowledge_versions(engine: Engine, entries: Sequence[Entry], now: dt.datetime) -> None:
    """Note which entries are new or changed since last seen (run at start and before digests).
    On the first run ever, the whole knowledge base is old news, not a digest's worth of it."""
    with Session(engine) as session:
        known = {v.entry_id: v for v in session.exec(select(KnowledgeVersion))}
        first_run = not known
        added = []
        for entry in entries:
            digest = content_hash(entry)
            version = known.get(entry.id)
            if version is None:
                seen = BEFORE_ANY_DIGEST if first_run else now
                added.append({"entry_id": entry.id, "content_hash": digest, "changed_at": seen})
            elif version.content_hash != digest:
                version.content_hash, version.changed_at = digest, now
                session.add(version)
        insert = upsert_insert(engine)(KnowledgeVersion)
        for start in range(0, len(added), INSERT_CHUNK):
            # Another process may record the same new entry at the same moment: first one wins.
            rows = insert.values(added[start : start + INSERT_CHUNK])
            session.execute(rows.on_conflict_do_nothing(index_elements=["entry_id"]))
        session.commit()


def digest_channels(engine: Engine, cadence: str) -> list[ChannelDigest]:
    """Every channel with a digest of this cadence, with its sectors and AMBER clearances."""
    sectors: dict[str, set[str]] = defaultdict(set)
    amber: dict[str, set[str]] = defaultdict(set)
    always: dict[str, bool] = defaultdict(bool)
    with Session(engine) as session:
        rows = session.exec(select(Subscription).where(Subscription.digest == cadence))
        for row in rows:
            sectors[row.channel_id].add(row.sector)
            if row.amber:
                amber[row.channel_id].add(row.sector)
            always[row.channel_id] |= row.digest_always
    return [
        ChannelDigest(c, frozenset(s), frozenset(amber[c]), always[c])
        for c, s in sorted(sectors.items())
    ]


def alerts_in(engine: Engine, period: Period) -> list[AlertSummary]:
    """Alerts published in the period, oldest first (retracted ones are left out)."""
    columns = (Alert.id, Alert.title, Alert.sectors, Alert.tlp, Alert.source_url)
    query = (
        select(*columns)
        .where(
            Alert.status == "published",
            Alert.published_at >= period.starts,
            Alert.published_at < period.sends,
        )
        .order_by(Alert.published_at, Alert.id)
    )
    with Session(engine) as session:
        return [
            AlertSummary(id, title, tuple(sectors), tlp, source_url)
            for id, title, sectors, tlp, source_url in session.exec(query)
        ]


def _changed_since(engine: Engine, since: dt.datetime) -> dict[str, dt.datetime]:
    with Session(engine) as session:
        rows = session.exec(select(KnowledgeVersion).where(KnowledgeVersion.changed_at >= since))
        return {v.entry_id: aware(v.changed_at) for v in rows}


@dataclass
class _Claim:
    """A ledger row this run is sending, and the `claimed_at` that says its lease is this run's."""

    row_id: int
    lease: dt.datetime
    parts_sent: int
    message_ts: str | None


def _lost_its_sender(now: dt.datetime):
    """A `sending` row whose lease ran out (or that never had one)."""
    return and_(
        DigestLedger.status == "sending",
        or_(DigestLedger.claimed_at.is_(None), DigestLedger.claimed_at < now - LEASE),
    )


def _claim(engine: Engine, channel_id: str, period: Period) -> _Claim | None:
    """Write the ledger row first; None if this (channel, period) was already taken. A digest
    whose sending failed (Slack said no), or whose sender's lease ran out, may be taken again."""
    now = utcnow()
    with Session(engine) as session:
        row = leases.insert_or_retake(
            session,
            DigestLedger(channel_id=channel_id, period=period.key, claimed_at=now),
            key=(DigestLedger.channel_id == channel_id, DigestLedger.period == period.key),
            retakable=or_(DigestLedger.status == "failed", _lost_its_sender(now)),
            values={"status": "sending", "claimed_at": now},
        )
        return None if row is None else _Claim(row.id, now, row.parts_sent, row.message_ts)


def _write(engine: Engine, claim: _Claim, **fields: object) -> bool:
    """Write `fields` to the claimed row and renew its lease, if the lease is still this run's;
    False when another run has taken the row over."""
    renewed = utcnow()
    with Session(engine) as session:
        written = session.execute(
            update(DigestLedger)
            .where(
                DigestLedger.id == claim.row_id,
                DigestLedger.status == "sending",
                DigestLedger.claimed_at == claim.lease,
            )
            .values(claimed_at=renewed, **fields)
        )
        session.commit()
    if written.rowcount:
        claim.lease = renewed
    return bool(written.rowcount)


def unfinished(engine: Engine, period_keys: Sequence[str]) -> bool:
    """Whether a digest of these periods failed, or lost its sender: one for a run to retry."""
    query = (
        select(DigestLedger.id)
        .where(
            DigestLedger.period.in_(period_keys),
            or_(DigestLedger.status == "failed", _lost_its_sender(utcnow())),
        )
        .limit(1)
    )
    with Session(engine) as session:
        return session.exec(query).first() is not None


@dataclass
class DigestRun:
    sent: int = 0
    empty: int = 0
    already: int = 0
    failed: int = 0


@dataclass(frozen=True)
class PeriodNews:
    """What happened in one period, gathered once and shared by every channel's digest:
    the period's alerts by sector as (position in the period, alert), oldest first, never RED
    (no digest shows it); when entries changed; the drafts staff approved (served, and not
    in the YAML knowledge base)."""

    period: Period
    alerts_by_sector: dict[str, list[tuple[int, AlertSummary]]]
    changed: dict[str, dt.datetime]
    today: dt.date
    approved: tuple[Entry, ...] = ()
    _lines: dict[int, str] = field(default_factory=dict, repr=False)

    @cached_property
    def _ids(self) -> dict[str, dict[str, set[int]]]:
        """Alert ids by sector and label, for counting what a channel may see."""
        ids: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for sector, alerts in self.alerts_by_sector.items():
            for _, alert in alerts:
                ids[sector][alert.tlp].add(alert.id)
        return ids

    def alerts_for(self, channel: ChannelDigest) -> tuple[list[AlertSummary], int]:
        """The first MAX_ITEMS alerts the channel may see, each once, and how many it may see."""
        visible: set[int] = set()
        for sector in channel.sectors:
            audience = channel.audience([sector])
            for label, ids in self._ids.get(sector, {}).items():
                if tlp.may_show(label, audience):
                    visible |= ids
        first: dict[int, AlertSummary] = {}
        for _, alert in heapq.merge(*(self.alerts_by_sector.get(s, ()) for s in channel.sectors)):
            if len(first) == MAX_ITEMS:
                break
            if alert.id in visible:
                first.setdefault(alert.id, alert)
        return list(first.values()), len(visible)

    def line_for(self, alert: ShownAlert) -> str:
        if alert.id not in self._lines:
            self._lines[alert.id] = _alert_line(alert)
        return self._lines[alert.id]


class Digests:
    """Composes and sends digests for a deployment."""

    def __init__(
        self, engine: Engine, client: WebClient, entries: Sequence[Entry], timezone: str
    ) -> None:
        self.engine = engine
        self.client = client
        self.entries = entries
        self.timezone = timezone

    def period(self, cadence: str, now: dt.datetime, *, early: bool = False) -> Period:
        return (current if early else latest_due)(cadence, now, self.timezone)

    def news(self, period: Period, now: dt.datetime) -> PeriodNews:
        by_sector: dict[str, list[tuple[int, AlertSummary]]] = defaultdict(list)
        for position, alert in enumerate(alerts_in(self.engine, period)):
            for sector in alert.sectors if alert.tlp != "RED" else ():
                by_sector[sector].append((position, alert))
        changed = _changed_since(self.engine, period.starts)
        in_yaml = {e.id for e in self.entries}  # a draft merged into knowledge/: the YAML's
        approved = [
            (entry, at)
            for entry, at in drafts.approved_since(self.engine, period.starts)
            if entry.id not in in_yaml
        ]
        changed.update((entry.id, aware(at)) for entry, at in approved)
        return PeriodNews(
            period,
            dict(by_sector),
            changed,
            now.astimezone(ZoneInfo(self.timezone)).date(),
            tuple(entry for entry, _ in approved),
        )

    def compose_for(self, channel: ChannelDigest, news: PeriodNews) -> Digest | None:
        alerts, alert_total = news.alerts_for(channel)
        return compose(
            channel,
            news.period,
            alerts=alerts,
            alert_total=alert_total,
            line_for=news.line_for,
            entries=[*self.entries, *news.approved],
            changed=news.changed,
            today=news.today,
        )

    def due(
        self, now: dt.datetime, *, early: bool = False
    ) -> Iterator[tuple[ChannelDigest, PeriodNews]]:
        """Every channel with a digest, with the news of its period (`early`: the current,
        unfinished period, as `digest run --now` does)."""
        record_knowledge_versions(self.engine, self.entries, now)
        for cadence in CADENCES:
            news = self.news(self.period(cadence, now, early=early), now)
            for channel in digest_channels(self.engine, cadence):
                yield channel, news

    def preview(self, channel_id: str, now: dt.datetime) -> list[Digest]:
        """What the channel's next digests hold so far, without sending anything; AMBER only
        once Slack says the channel is not shared outside, as for a digest sent."""
        previews = []
        for channel, news in self.due(now, early=True):
            if channel.channel_id != channel_id:
                continue
            if channel.amber_sectors:
                shared = tlp.shared_outside_or_unknown(self.client, channel_id)
                channel = replace(channel, shared=shared)
            empty = Digest(text=f"Nothing new yet for the {news.period.cadence} digest.")
            previews.append(self.compose_for(channel, news) or empty)
        return previews

    def send_due(self, now: dt.datetime | None = None, *, early: bool = False) -> DigestRun:
        """Send every digest that is due and not yet in the ledger."""
        run = DigestRun()
        for channel, news in self.due(now or utcnow(), early=early):
            self._send_one(channel, news, run)
        return run

    def _send_one(self, channel: ChannelDigest, news: PeriodNews, run: DigestRun) -> None:
        period = news.period
        # Whether there is anything at all, before asking Slack whether AMBER may be shown.
        if self.compose_for(replace(channel, shared=False), news) is None:
            run.empty += 1
            return
        claim = _claim(self.engine, channel.channel_id, period)
        if claim is None:
            run.already += 1
            return
        try:
            if channel.amber_sectors:  # when Slack cannot say, a later run tries again
                channel = replace(
                    channel, shared=tlp.shared_outside(self.client, channel.channel_id)
                )
            digest = self.compose_for(channel, news)
            if digest is None:  # only AMBER news, and the channel is now shared outside
                _write(self.engine, claim, status="withheld")
                run.empty += 1
                return
            ts = claim.message_ts
            # A retry goes on after the parts an earlier try posted: none is posted twice.
            for part in range(claim.parts_sent, len(digest.messages)):
                posted = self.client.chat_postMessage(
                    channel=channel.channel_id,
                    blocks=digest.messages[part],
                    text=digest.text,
                    unfurl_links=False,
                )
                ts = ts or posted["ts"]
                if not _write(self.engine, claim, parts_sent=part + 1, message_ts=ts):
                    log.warning(
                        "digest %s for %s: another run took it over; stopping",
                        period.key,
                        channel.channel_id,
                    )
                    run.already += 1
                    return
        except Exception as error:  # Slack said no, or could not be reached: a later run retries
            reason = error.response.get("error") if isinstance(error, SlackApiError) else error
            log.warning("digest %s for %s failed: %s", period.key, channel.channel_id, reason)
            _write(self.engine, claim, status="failed", last_error=str(reason))
            run.failed += 1
            return
        _write(self.engine, claim, status="sent", sent_at=utcnow(), items=digest.items)
        run.sent += 1

    def unfinished(self, now: dt.datetime | None = None) -> bool:
        """Whether a digest of the periods now due failed or lost its sender (see `unfinished`)."""
        now = now or utcnow()
        return unfinished(self.engine, [self.period(c, now).key for c in CADENCES])
