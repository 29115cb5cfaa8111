"""Information-sharing alerts: validate, store, moderate, edit, retract, and plan delivery.

Every alert is stored before anything is posted; every staff decision is audited; delivery rows
are planned here and carried out by bot.sharing.delivery.

Every decision is taken once, whatever races it:
- a change of state is one conditional UPDATE (`... WHERE status = 'pending'`), and only the
  statement that changed the row goes on: approve and reject, edit and retract, two clicks,
  two processes; the loser is told which decision stands and who took it (`Outcome.standing`);
- that UPDATE comes first in its transaction, so the row is held (PostgreSQL's row lock,
  SQLite's write lock) while the rest is read and written: the audit's "before" is the alert
  as it was, and nothing is audited that did not happen;
- a decision made in a modal carries the Slack submission it came from (the view's id and
  hash); the audit trail keeps it under a unique key, so a submission Slack delivers twice is
  taken once, and the second delivery is told it is a replay (`Outcome.replayed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.forms import text_problem
from bot.core.models import Alert, AuditEvent, Delivery, Subscription, utcnow
from bot.sharing import tlp
from knowledge.schema import SECTOR_SLUGS

TITLE_LIMIT = 150
DETAILS_LIMIT = 2500
URL_LIMIT = 500
# Deliveries that ended for good (bot.sharing.delivery), as staff read them.
ENDED = {"failed": "not delivered", "update_failed": "not updated"}


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


def _audit(
    session: Session,
    alert: Alert,
    actor: str,
    action: str,
    before: dict | None,
    submission: str | None = None,
) -> None:
    session.add(
        AuditEvent(
            alert_id=alert.id,
            actor_id=actor,
            action=action,
            before=before,
            after=snapshot(alert),
            submission=submission,
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


@dataclass(frozen=True)
class Outcome:
    """What became of a decision on an alert.

    `applied`: it was taken now. Otherwise either the alert was no longer in the state the
    decision acts on (`standing` then says which decision holds it there, and who took it),
    or the same Slack submission had been taken already (`replayed`: its outcome stands).
    `alert` is the alert as it is now (None when there is no such alert).
    """

    alert: Alert | None
    applied: bool = True
    replayed: bool = False
    standing: tuple[str, str] | None = None  # (approve | reject | retract | ..., actor)


# The decision that moved an alert out of each state, as the audit trail names it.
_LEFT_BY = {
    "published": ("publish", "approve"),
    "rejected": ("reject",),
    "retracted": ("retract",),
}


def submit(
    *,
    engine: Engine,
    form: AlertForm,
    author_id: str,
    staff: bool,
    submission: str | None = None,
) -> Outcome:
    """Store a new alert: staff publish at once, anyone else's waits for review. The same
    `submission` (Slack's view id and hash) stores one alert, however often it arrives."""
    alert = Alert(
        title=form.title.strip(),
        details=form.details.strip(),
        sectors=list(form.sectors),
        tlp=form.tlp,
        source_url=form.source_url or None,
        recipients=list(form.recipients),
        author_id=author_id,
    )
    action = "publish" if staff else "submit"

    def store() -> Outcome:
        with Session(engine, expire_on_commit=False) as session:
            session.add(alert)
            session.flush()
            if staff:
                _publish(session, alert)
            _audit(session, alert, author_id, action, None, submission)
            session.commit()
        return Outcome(alert)

    return _once(engine, submission, store)


def _once(engine: Engine, submission: str | None, take: Callable[[], Outcome]) -> Outcome:
    """Take a submission once: `take()`, or the outcome it had when it was taken already,
    before or at the same moment (the audit's unique key refused the second)."""
    if (replay := _replay(engine, submission)) is not None:
        return replay
    try:
        return take()
    except IntegrityError:
        if (replay := _replay(engine, submission)) is not None:
            return replay
        raise


def _replay(engine: Engine, submission: str | None) -> Outcome | None:
    """The outcome of a submission taken already (None when it was not)."""
    if submission is None:
        return None
    with Session(engine, expire_on_commit=False) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.submission == submission)).first()
        if event is None:
            return None
        return Outcome(session.get(Alert, event.alert_id), applied=False, replayed=True)


def _standing(session: Session, alert: Alert) -> tuple[str, str] | None:
    """The decision that holds the alert in its state now, and who took it."""
    actions = _LEFT_BY.get(alert.status)
    if not actions:
        return None
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.alert_id == alert.id, AuditEvent.action.in_(actions))
        .order_by(AuditEvent.id.desc())
    ).first()
    return (event.action, event.actor_id) if event else None


def _decide(
    engine: Engine,
    alert_id: int,
    *,
    actor: str,
    action: str,
    expected: str,
    values: dict,
    then: Callable[[Session, Alert], object] | None = None,
    submission: str | None = None,
) -> Outcome:
    """Move an alert from the `expected` status (setting `values`) in one conditional UPDATE,
    then `then` and the audit in the same transaction; or say why not."""

    def take() -> Outcome:
        with Session(engine, expire_on_commit=False) as session:
            # First in the transaction: it holds the row until the commit.
            changed = session.execute(
                update(Alert)
                .where(Alert.id == alert_id, Alert.status == expected)
                .values(**values, updated_at=utcnow())
            ).rowcount
            alert = session.get(Alert, alert_id, populate_existing=True)
            if alert is None:
                return Outcome(None, applied=False)
            if not changed:
                session.rollback()
                return _not_applied(engine, session, alert, submission)
            before = {**snapshot(alert), **_before(values, expected)}
            if then is not None:
                then(session, alert)
            _audit(session, alert, actor, action, before, submission)
            session.commit()
        return Outcome(alert)

    return _once(engine, submission, take)


def _before(values: dict, expected: str) -> dict:
    """What the UPDATE changed among the snapshot's fields, as it was: only the status, since
    the fields a decision sets are otherwise not in the snapshot (an edit reads its own)."""
    return {"status": expected} if "status" in values else {}


def _not_applied(engine: Engine, session: Session, alert: Alert, submission: str | None) -> Outcome:
    """Another decision got there first; or this very submission did, delivered twice."""
    if (replay := _replay(engine, submission)) is not None:
        return replay
    return Outcome(alert, applied=False, standing=_standing(session, alert))


def standing(*, engine: Engine, alert: Alert | None) -> Outcome:
    """Why a decision cannot apply to `alert` as it is now: the decision that holds it there."""
    if alert is None:
        return Outcome(None, applied=False)
    with Session(engine) as session:
        return Outcome(alert, applied=False, standing=_standing(session, alert))


def approve(
    *, engine: Engine, alert_id: int, reviewer_id: str, submission: str | None = None
) -> Outcome:
    return _decide(
        engine,
        alert_id,
        actor=reviewer_id,
        action="approve",
        expected="pending",
        values={"status": "published", "reviewer_id": reviewer_id, "published_at": utcnow()},
        then=_plan_deliveries,
        submission=submission,
    )


def reject(
    *,
    engine: Engine,
    alert_id: int,
    reviewer_id: str,
    reason: str,
    submission: str | None = None,
) -> Outcome:
    return _decide(
        engine,
        alert_id,
        actor=reviewer_id,
        action="reject",
        expected="pending",
        values={"status": "rejected", "reviewer_id": reviewer_id, "review_reason": reason},
        submission=submission,
    )


def _mark_copies_stale(session: Session, alert: Alert) -> None:
    """Every copy posted, or being posted now, needs an update: a new step, from no attempts
    (a copy in flight is counted afresh by the outbox when it lands)."""
    now = utcnow()
    session.execute(
        update(Delivery)
        .where(Delivery.alert_id == alert.id, Delivery.status == "sent")
        .values(stale=True, attempts=0, next_attempt_at=now, updated_at=now)
    )
    session.execute(
        update(Delivery)
        .where(Delivery.alert_id == alert.id, Delivery.status == "sending")
        .values(stale=True)
    )


def edit(
    *,
    engine: Engine,
    alert_id: int,
    actor_id: str,
    form: AlertForm,
    submission: str | None = None,
) -> Outcome:
    """Change a published alert's text; delivered copies are updated in place.

    The TLP label and sectors stay as published: widening them would reach channels the
    original label kept out, so that is a new alert.
    """

    def change(session: Session, alert: Alert) -> None:
        alert.title, alert.details = form.title.strip(), form.details.strip()
        alert.source_url = form.source_url or None
        session.add(alert)
        session.flush()
        _mark_copies_stale(session, alert)

    # The conditional UPDATE only holds the row (a published alert stays published); the
    # audit's "before" is read under it, and the change made after.
    return _decide(
        engine,
        alert_id,
        actor=actor_id,
        action="edit",
        expected="published",
        values={},
        then=change,
        submission=submission,
    )


def retract(*, engine: Engine, alert_id: int, actor_id: str) -> Outcome:
    """Withdraw a published alert: pending posts are cancelled, delivered copies marked."""

    def withdraw(session: Session, alert: Alert) -> None:
        session.execute(
            update(Delivery)
            .where(Delivery.alert_id == alert.id, Delivery.status == "pending")
            .values(status="withheld", last_error="alert retracted before delivery")
        )
        _mark_copies_stale(session, alert)

    return _decide(
        engine,
        alert_id,
        actor=actor_id,
        action="retract",
        expected="published",
        values={"status": "retracted"},
        then=withdraw,
    )


def set_review_card(*, engine: Engine, alert_id: int, channel: str, ts: str) -> None:
    with Session(engine) as session:
        alert = session.get(Alert, alert_id)
        if alert is not None:
            alert.review_channel, alert.review_ts = channel, ts
            session.add(alert)
            session.commit()


def set_receipt(*, engine: Engine, alert_id: int, channel: str, ts: str) -> None:
    """Where the publisher's receipt is, to refresh it when a delivery ends."""
    with Session(engine) as session:
        session.execute(
            update(Alert).where(Alert.id == alert_id).values(receipt_channel=channel, receipt_ts=ts)
        )
        session.commit()


def ended_deliveries(*, engine: Engine, alert_id: int) -> list[Delivery]:
    """The alert's deliveries that ended for good, each with its reason (`last_error`)."""
    with Session(engine) as session:
        query = select(Delivery).where(
            Delivery.alert_id == alert_id, Delivery.status.in_(list(ENDED))
        )
        return list(session.exec(query.order_by(Delivery.id)).all())


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
    """The newest alerts, each with its deliveries counted by status; those that ended for good
    by what became of them and Slack's reason ("not updated (message_not_found)")."""
    with Session(engine) as session:
        newest = list(session.exec(select(Alert).order_by(Alert.id.desc()).limit(limit)).all())
        counts: dict[int, dict[str, int]] = {alert.id: {} for alert in newest}
        rows = session.exec(
            select(Delivery.alert_id, Delivery.status, Delivery.last_error, func.count())
            .where(Delivery.alert_id.in_(list(counts)))
            .group_by(Delivery.alert_id, Delivery.status, Delivery.last_error)
        )
        for alert_id, status, reason, count in rows:
            key = f"{ENDED[status]} ({reason})" if status in ENDED else status
            counts[alert_id][key] = counts[alert_id].get(key, 0) + count
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
