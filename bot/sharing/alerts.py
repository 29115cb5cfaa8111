"""Information-sharing alerts: validate, store, moderate, edit, retract, and plan delivery.

Every alert is stored before anything is posted; every staff decision is audited; delivery rows
are planned here and carried out by bot.sharing.delivery.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.core.forms import text_problem
from bot.core.models import Alert, AuditEvent, Delivery, Subscription, utcnow
from bot.sharing import tlp
from knowledge.schema import SECTOR_SLUGS

TITLE_LIMIT = 150
DETAILS_LIMIT = 2500
URL_LIMIT = 500


@dataclass(frozen=True)
class AlertForm:
    """What a person typed into the share modal."""

    title: str
    details: str
    sectors: tuple[str, ...]
    tlp: str
    source_url: str | None = None
    recipients: tuple[str, ...] = field(default=())


def problems(form: AlertForm) -> dict[str, str]:
    """Field name -> what is wrong with it, for inline errors in the modal."""
    texts = {
        "title": text_problem(
            form.title, name="title", limit=TITLE_LIMIT, missing="Give the alert a title."
        ),
        "details": text_problem(
            form.details,
            name="details",
            limit=DETAILS_LIMIT,
            missing="Say what partners need to know.",
            over="; link to the full text in Source",
        ),
    }
    found = {field: problem for field, problem in texts.items() if problem}
    if not form.sectors:
        found["sectors"] = "Choose at least one sector."
    elif not set(form.sectors) <= set(SECTOR_SLUGS):
        found["sectors"] = "Choose sectors from the list."
    if form.tlp not in tlp.LEVELS:
        found["tlp"] = "Choose a TLP label."
    elif form.tlp == "RED" and not form.recipients:
        found["recipients"] = "TLP:RED goes only to named people: choose the recipients."
    if form.source_url and (
        not form.source_url.startswith(("https://", "http://")) or len(form.source_url) > URL_LIMIT
    ):
        found["source"] = "The source must be a web link (https://...)."
    return found


def snapshot(alert: Alert) -> dict:
    """The alert as plain data, for the audit trail."""
    data = alert.model_dump(mode="json")
    return {
        k: data[k]
        for k in ("title", "details", "sectors", "tlp", "source_url", "recipients", "status")
    }


def _audit(session: Session, alert: Alert, actor: str, action: str, before: dict | None) -> None:
    session.add(
        AuditEvent(
            alert_id=alert.id, actor_id=actor, action=action, before=before, after=snapshot(alert)
        )
    )


def destinations(session: Session, alert: Alert) -> list[tuple[str, bool]]:
    """Where an alert may go (destination, is a direct message): the channels subscribed to one
    of its sectors with alerts on, or for RED its named recipients, as the TLP rule allows. A
    channel that must first be checked with Slack is planned: delivery asks right before it
    posts."""
    if alert.tlp == "RED":  # its named recipients, each by direct message
        return [(user, True) for user in dict.fromkeys(alert.recipients)]
    cleared: dict[str, bool] = {}
    query = select(Subscription.channel_id, Subscription.amber).where(
        Subscription.alerts == True,  # noqa: E712 (SQL expression)
        Subscription.sector.in_(alert.sectors),
    )
    for channel, amber in session.exec(query):
        cleared[channel] = cleared.get(channel, False) or amber
    return [
        (channel, False)
        for channel in sorted(cleared)
        if tlp.verdict(alert.tlp, tlp.Audience.channel(cleared=cleared[channel]))
        is not tlp.Verdict.HIDE
    ]


def cleared_for_amber(engine: Engine, channel_id: str, sectors: Iterable[str]) -> bool:
    """Whether staff cleared the channel for AMBER in one of these sectors, as stored now."""
    query = select(Subscription.id).where(
        Subscription.channel_id == channel_id,
        Subscription.sector.in_(list(sectors)),
        Subscription.amber == True,  # noqa: E712 (SQL expression)
    )
    with Session(engine) as session:
        return session.exec(query.limit(1)).first() is not None


def _plan_deliveries(session: Session, alert: Alert) -> int:
    planned = {
        d.destination for d in session.exec(select(Delivery).where(Delivery.alert_id == alert.id))
    }
    new = [(dest, direct) for dest, direct in destinations(session, alert) if dest not in planned]
    session.add_all(Delivery(alert_id=alert.id, destination=d, direct=direct) for d, direct in new)
    return len(new)


def _publish(session: Session, alert: Alert) -> None:
    alert.status = "published"
    alert.published_at = utcnow()
    session.add(alert)
    session.flush()
    _plan_deliveries(session, alert)


def submit(*, engine: Engine, form: AlertForm, author_id: str, staff: bool) -> Alert:
    """Store a new alert: staff publish at once, anyone else's waits for review."""
    alert = Alert(
        title=form.title.strip(),
        details=form.details.strip(),
        sectors=list(form.sectors),
        tlp=form.tlp,
        source_url=form.source_url or None,
        recipients=list(form.recipients),
        author_id=author_id,
    )
    with Session(engine) as session:
        session.add(alert)
        session.flush()
        if staff:
            _publish(session, alert)
        _audit(session, alert, author_id, "publish" if staff else "submit", None)
        session.commit()
        session.refresh(alert)
        return alert


def _decide(engine: Engine, alert_id: int, actor: str, action: str, change) -> Alert | None:
    """Load an alert, apply a staff decision to it, audit it; None when it does not apply."""
    with Session(engine) as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            return None
        before = snapshot(alert)
        if not change(session, alert):
            return None
        alert.updated_at = utcnow()
        session.add(alert)
        _audit(session, alert, actor, action, before)
        session.commit()
        session.refresh(alert)
        return alert


def approve(*, engine: Engine, alert_id: int, reviewer_id: str) -> Alert | None:
    def change(session: Session, alert: Alert) -> bool:
        if alert.status != "pending":
            return False
        alert.reviewer_id = reviewer_id
        _publish(session, alert)
        return True

    return _decide(engine, alert_id, reviewer_id, "approve", change)


def reject(*, engine: Engine, alert_id: int, reviewer_id: str, reason: str) -> Alert | None:
    def change(session: Session, alert: Alert) -> bool:
        if alert.status != "pending":
            return False
        alert.status, alert.reviewer_id, alert.review_reason = "rejected", reviewer_id, reason
        return True

    return _decide(engine, alert_id, reviewer_id, "reject", change)


def _mark_copies_stale(session: Session, alert: Alert) -> None:
    for delivery in session.exec(select(Delivery).where(Delivery.alert_id == alert.id)):
        if delivery.status == "sent":
            delivery.stale = True
            delivery.next_attempt_at = utcnow()
            session.add(delivery)


def edit(*, engine: Engine, alert_id: int, actor_id: str, form: AlertForm) -> Alert | None:
    """Change a published alert's text; delivered copies are updated in place.

    The TLP label and sectors stay as published: widening them would reach channels the
    original label kept out, so that is a new alert.
    """

    def change(session: Session, alert: Alert) -> bool:
        if alert.status != "published":
            return False
        alert.title, alert.details = form.title.strip(), form.details.strip()
        alert.source_url = form.source_url or None
        _mark_copies_stale(session, alert)
        return True

    return _decide(engine, alert_id, actor_id, "edit", change)


def retract(*, engine: Engine, alert_id: int, actor_id: str) -> Alert | None:
    """Withdraw a published alert: pending posts are cancelled, delivered copies marked."""

    def change(session: Session, alert: Alert) -> bool:
        if alert.status != "published":
            return False
        alert.status = "retracted"
        for delivery in session.exec(select(Delivery).where(Delivery.alert_id == alert.id)):
            if delivery.status == "pending":
                delivery.status = "withheld"
                delivery.last_error = "alert retracted before delivery"
                session.add(delivery)
        _mark_copies_stale(session, alert)
        return True

    return _decide(engine, alert_id, actor_id, "retract", change)


def set_review_card(*, engine: Engine, alert_id: int, channel: str, ts: str) -> None:
    with Session(engine) as session:
        alert = session.get(Alert, alert_id)
        if alert is not None:
            alert.review_channel, alert.review_ts = channel, ts
            session.add(alert)
            session.commit()


def get(*, engine: Engine, alert_id: int) -> Alert | None:
    with Session(engine) as session:
        return session.get(Alert, alert_id)


def listing(*, engine: Engine, statuses: Iterable[str] | None = None) -> list[Alert]:
    with Session(engine) as session:
        query = select(Alert).order_by(Alert.id)
        if statuses is not None:
            query = query.where(Alert.status.in_(list(statuses)))
        return list(session.exec(query).all())


def recent(*, engine: Engine, limit: int = 20) -> list[tuple[Alert, dict[str, int]]]:
    """The newest alerts, each with its deliveries counted by status."""
    with Session(engine) as session:
        newest = list(session.exec(select(Alert).order_by(Alert.id.desc()).limit(limit)).all())
        counts: dict[int, dict[str, int]] = {alert.id: {} for alert in newest}
        rows = session.exec(
            select(Delivery.alert_id, Delivery.status, func.count())
            .where(Delivery.alert_id.in_(list(counts)))
            .group_by(Delivery.alert_id, Delivery.status)
        )
        for alert_id, status, count in rows:
            counts[alert_id][status] = count
        return [(alert, counts[alert.id]) for alert in newest]


def delivery_counts(*, engine: Engine, alert_id: int) -> dict[str, int]:
    with Session(engine) as session:
        counts: dict[str, int] = {}
        for status in session.exec(select(Delivery.status).where(Delivery.alert_id == alert_id)):
            counts[status] = counts.get(status, 0) + 1
        return counts


def audit_trail(*, engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)).all())


def form_of(alert: Alert) -> AlertForm:
    return AlertForm(
        alert.title,
        alert.details,
        tuple(alert.sectors),
        alert.tlp,
        alert.source_url,
        tuple(alert.recipients),
    )
