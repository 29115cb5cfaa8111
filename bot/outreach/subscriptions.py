"""Channel subscriptions: `/ci subscribe | unsubscribe | subscriptions` without the Slack part."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.core.models import Subscription
from knowledge.index import KnowledgeIndex
from knowledge.schema import SECTOR_SLUGS

DIGESTS = ("daily", "weekly")


class SubscriptionError(ValueError):
    """A request that cannot be carried out; the message is meant for the user."""


@dataclass(frozen=True)
class SubscriptionRequest:
    sectors: tuple[str, ...]
    alerts: bool
    digest: str | None
    amber: bool
    always: bool = False


def _sectors(words: list[str], index: KnowledgeIndex) -> tuple[str, ...]:
    if [w.lower() for w in words] == ["all"]:
        return SECTOR_SLUGS
    slugs, unknown = index.read_sectors(" ".join(words))
    if unknown or not slugs:
        named = f"“{' '.join(words)}”" if words else "nothing"
        raise SubscriptionError(
            f"I couldn't read {named} as sectors. Name one or more of: "
            f"{', '.join(SECTOR_SLUGS)}, or `all`."
        )
    return tuple(slugs)


def parse_subscribe(text: str, index: KnowledgeIndex) -> SubscriptionRequest:
    """`<sector ...|all> [alerts] [digest daily|weekly] [always] [amber]`, names loose;
    `always` sends the digest even when nothing is new."""
    words = text.split()
    options = {"alerts": False, "digest": None, "amber": False, "always": False}
    sector_words = []
    position = 0
    while position < len(words):
        word = words[position].lower()
        if word == "alerts":
            options["alerts"] = True
        elif word in ("amber", "always"):
            options[word] = True
        elif word == "digest":
            following = words[position + 1].lower() if position + 1 < len(words) else ""
            options["digest"] = following if following in DIGESTS else "weekly"
            position += following in DIGESTS
        elif word in DIGESTS:
            options["digest"] = word
        else:
            sector_words.append(words[position])
        position += 1
    if not options["alerts"] and options["digest"] is None:
        options["alerts"], options["digest"] = True, "weekly"  # neither named: both
    return SubscriptionRequest(sectors=_sectors(sector_words, index), **options)


def subscribe(
    *, engine: Engine, channel_id: str, request: SubscriptionRequest, user_id: str
) -> list[Subscription]:
    """Create or replace the channel's subscription to each requested sector."""
    with Session(engine) as session:
        existing = {
            s.sector: s
            for s in session.exec(select(Subscription).where(Subscription.channel_id == channel_id))
        }
        for sector in request.sectors:
            row = existing.get(sector) or Subscription(
                channel_id=channel_id, sector=sector, created_by=user_id
            )
            row.alerts, row.digest, row.amber = request.alerts, request.digest, request.amber
            row.digest_always = request.always and request.digest is not None
            session.add(row)
        session.commit()
    return channel_subscriptions(engine=engine, channel_id=channel_id)


def unsubscribe(*, engine: Engine, channel_id: str, sectors: tuple[str, ...]) -> int:
    """Remove the channel's subscriptions to these sectors; how many were removed."""
    with Session(engine) as session:
        rows = session.exec(
            select(Subscription).where(
                Subscription.channel_id == channel_id, Subscription.sector.in_(sectors)
            )
        ).all()
        for row in rows:
            session.delete(row)
        session.commit()
        return len(rows)


def parse_unsubscribe(text: str, index: KnowledgeIndex) -> tuple[str, ...]:
    words = text.split()
    return SECTOR_SLUGS if not words else _sectors(words, index)


def channel_subscriptions(*, engine: Engine, channel_id: str) -> list[Subscription]:
    with Session(engine) as session:
        query = select(Subscription).where(Subscription.channel_id == channel_id)
        return list(session.exec(query.order_by(Subscription.sector)).all())


def describe(subscription: Subscription, sector_title: str) -> str:
    """One line for a subscription: "Dams Sector: alerts, weekly digest, cleared for AMBER"."""
    parts = []
    if subscription.alerts:
        parts.append("alerts")
    if subscription.digest:
        always = " (even when nothing is new)" if subscription.digest_always else ""
        parts.append(f"{subscription.digest} digest{always}")
    parts.append("cleared for AMBER" if subscription.amber else "not cleared for AMBER")
    return f"{sector_title}: {', '.join(parts)}"
