"""The outbox: post what is pending, retry what failed, update what changed; lose nothing.

A leased queue like the inbox (both claim through bot.core.leases), but unlike the inbox:
- one row at a time: Slack's rate limit is workspace-wide, and a 429 pauses the whole outbox;
- each row keeps its attempts and its own next attempt (backoff with jitter), and a posted copy
  stays in the table, so an edit or a retraction can update it in place (`sent` + `stale`);
  the attempts count the step under way: an update starts from none, whatever its post took;
- a row ends when no retry can help: a permanent Slack error (the channel is gone or archived,
  the bot left it, the message was deleted, Slack refused the blocks) or the last attempt. A
  post that never got through ends `failed`; a delivered copy that can no longer be updated
  ends `update_failed` (the copy may still show the old text: staff see it on the Home tab).
  Either way the row says why (`last_error`), is counted (partnerbot_deliveries_ended) and is
  never taken up again;
- a post with its retries can take a minute, so the process renews its claim while it works;
  a row whose claim ran out (its process died) is taken up again by whichever outbox comes
  next, and a process that starts never takes a row another is posting.

Delivered once, and at most one duplicate after a crash: Slack keeps no idempotency key for
chat.postMessage, so a process killed after Slack accepted a post and before the database
recorded it (`kill -9`, a power cut) leaves that row `sending`; when its claim runs out
(LEASE) the row is posted again. The outbox posts one row at a time, so a crash duplicates at
most the one copy that was in flight, never loses one; a graceful stop (SIGTERM) finishes the
post in flight and duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Engine,
    Integer,
    Update,
    and_,
    bindparam,
    case,
    or_,
    update,
)
from sqlmodel import Session, select

from bot.core import leases, metrics
from bot.core.models import Alert, Delivery, utcnow
from bot.sharing import alerts, tlp, views
from bot.sharing.alerts import cleared_for_amber

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # of one step: the post, or one update of the copy
MAX_BACKOFF = dt.timedelta(minutes=10)
JITTER = 0.25  # each backoff is stretched or shrunk by up to this share, so retries spread out
# A claim is renewed every RENEW_SECONDS while its post is under way (a post with its retries
# can take a minute); one not renewed for LEASE lost its process.
LEASE = dt.timedelta(minutes=2)
RENEW_SECONDS = 15.0
# Slack errors that no retry will fix: the row ends and says why.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "cannot_dm_bot",
        "invalid_auth",
        "account_inactive",
        "restricted_action",
        "restricted_action_read_only_channel",
        "msg_too_long",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_arguments",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "user_disabled",
    }
)

Renderer = Callable[[Alert], tuple[list[dict], str]]


def _claim_statement(status: str, *extra: ColumnElement[bool]) -> Update:
    """status -> sending for the first due row, its id returned; walks ix_delivery_due. The
    alert is read after the claim, so what is posted is up to date and the row is no longer
    stale: an edit or retraction from then on marks it stale again (bot.sharing.alerts)."""
    return leases.claim(
        Delivery,
        key=Delivery.id,
        due=and_(Delivery.status == status, Delivery.next_attempt_at <= bindparam("now"), *extra),
        order_by=[Delivery.next_attempt_at, Delivery.id],
        values={"status": "sending", "stale": False, "updated_at": bindparam("at")},
        returning=[Delivery.id],
    )


# Built once: the outbox runs them for every delivery, and a prepared statement is cached.
# New posts first, then copies to update, then rows whose claim ran out (rare: after a crash).
_CLAIMS = (
    _claim_statement("pending"),
    _claim_statement("sent", Delivery.stale),
    _claim_statement("sending", Delivery.updated_at < bindparam("lease_start")),
)
_RENEW = (
    update(Delivery)
    .where(Delivery.id == bindparam("row_id"), Delivery.status == "sending")
    .values(updated_at=bindparam("at"))
)
_ROW_AND_ALERT = select(Delivery, Alert).join(Alert).where(Delivery.id == bindparam("row_id"))
# What working on a row may change. Saving never clears `stale` (the claim did, before the alert
# was read): an edit or a retraction stored while Slack answered marked the row stale again, and
# that must stand; a step that lands with the copy stale again starts the next with no attempts.
_WORKED = (
    "status",
    "next_attempt_at",
    "last_error",
    "posted_channel",
    "message_ts",
    "updated_at",
)
_SAVE_ROW = (
    update(Delivery)
    .where(Delivery.id == bindparam("row_id"))
    .values(
        {
            **{name: bindparam(name) for name in _WORKED},
            "stale": or_(Delivery.stale, bindparam("still_stale", type_=Boolean)),
            "attempts": case(
                (and_(Delivery.stale, bindparam("delivered", type_=Boolean)), 0),
                else_=bindparam("attempts", type_=Integer),
            ),
        }
    )
)


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling, capped, jittered so
    that rows which failed together do not all come back at the same moment."""
    seconds = min(2.0**attempts, MAX_BACKOFF.total_seconds())
    return dt.timedelta(seconds=seconds * random.uniform(1 - JITTER, 1 + JITTER))


def _seconds(retry_after: str | None) -> float:
    """Slack's Retry-After (whole seconds); one second when it is missing or unreadable."""
    try:
        return max(float(retry_after or 1), 0.0)
    except ValueError:
        return 1.0


class Withheld(Exception):
    """The destination must not get this alert (the TLP rule says no)."""


def _without_rate_limit_retries(client: WebClient) -> WebClient:
    """The same client, but a 429 comes back to the outbox instead of sleeping in the call:
    the limit is workspace-wide, so the whole outbox pauses, and no other row is held up."""
    handlers = [h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)]
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=handlers,
    )


class Outbox:
    def __init__(self, engine: Engine, client: WebClient, render: Renderer) -> None:
        self.engine = engine
        self.client = _without_rate_limit_retries(client)
        self._render = render
        self._rendered: dict[tuple, tuple[list[dict], str]] = {}
        self.paused_until: dt.datetime | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._renewer: threading.Thread | None = None
        self._in_flight: int | None = None  # the row being posted, whose claim is renewed
        # One staff message refreshed at a time, each from the state as it is when it is sent:
        # an edit's refresh, read before a delivery ended, must not land after the refresh that
        # says it ended.
        self._telling_staff = threading.Lock()

    # -- the work ---------------------------------------------------------------------------

    def run_due(self, now: dt.datetime | None = None) -> int:
        """Deliver every row that is due, until Slack asks to slow down; how many rows were
        worked on. After a 429, `paused_until` says when to come back."""
        worked = 0
        ended: set[int] = set()  # alerts with a delivery that ended for good in this run
        try:
            while (
                not self._stop.is_set()  # a graceful stop lands between two posts
                and not self._paused(now)
                and (row_id := self._claim(now or utcnow())) is not None
            ):
                if (alert_id := self._work(row_id)) is not None:
                    ended.add(alert_id)
                worked += 1
        finally:
            for alert_id in ended:  # once per alert, however many of its copies ended
                self.tell_staff(alert_id)
        return worked

    def render(self, alert: Alert) -> tuple[list[dict], str]:
        """The alert's blocks, rendered once per version of the alert rather than per channel."""
        version = (alert.id, alert.updated_at, alert.status)
        if version not in self._rendered:
            if len(self._rendered) > 256:
                self._rendered.clear()
            self._rendered[version] = self._render(alert)
        return self._rendered[version]

    def _paused(self, now: dt.datetime | None) -> bool:
        return self.paused_until is not None and (now or utcnow()) < self.paused_until

    def _claim(self, now: dt.datetime) -> int | None:
        """Take the next due row (-> sending) in one statement; None when none is due. On
        PostgreSQL a row another process is taking is skipped rather than waited for."""
        at = utcnow()
        params = {"now": now, "at": at, "lease_start": at - LEASE, "limit": 1}
        with self.engine.begin() as connection:
            for claim in _CLAIMS:
                claimed = connection.execute(claim, params).scalar()
                if claimed is not None:
                    return claimed
        return None

    def _work(self, row_id: int) -> int | None:
        self._in_flight = row_id
        try:
            return self._deliver(row_id)
        finally:
            self._in_flight = None

    def _deliver(self, row_id: int) -> int | None:
        """Post or update one copy and save the row; the alert's id when the row ended."""
        with Session(self.engine, expire_on_commit=False) as session:
            row, alert = session.exec(_ROW_AND_ALERT, params={"row_id": row_id}).one()
        # Both are detached now: no transaction stays open while Slack answers.
        row.attempts += 1
        delivered = still_stale = False
        try:
            if row.message_ts:
                self._update_copy(row, alert)
            else:
                self._post(row, alert)
            row.status, row.last_error, delivered = "sent", None, True
        except Withheld as reason:
            row.status, row.last_error = "withheld", str(reason)
        except (SlackApiError, OSError) as error:  # OSError: refused, reset, timed out
            still_stale = self._after_failure(row, error)
        except Exception as error:  # never strand a row in `sending`
            log.exception("delivery %s to %s: unexpected error", row.id, row.destination)
            still_stale = self._after_failure(row, error)
        row.updated_at = utcnow()
        values = {name: getattr(row, name) for name in _WORKED}
        with self.engine.begin() as connection:
            connection.execute(
                _SAVE_ROW,
                {
                    "row_id": row.id,
                    "attempts": row.attempts,
                    "delivered": delivered,
                    "still_stale": still_stale,
                    **values,
                },
            )
        return alert.id if row.status in alerts.ENDED else None

    def _post(self, row: Delivery, alert: Alert) -> None:
        channel = row.destination
        if row.direct:
            channel = self.client.conversations_open(users=row.destination)["channel"]["id"]
        elif self._verdict(row, alert) is tlp.Verdict.HIDE:
            # Asked right before posting: a channel may have been shared since it subscribed.
            raise Withheld("the TLP rule keeps this alert out of this channel now")
        blocks, text = self.render(alert)
        response = self.client.chat_postMessage(
            channel=channel, blocks=blocks, text=text, unfurl_links=False, unfurl_media=False
        )
        row.posted_channel, row.message_ts = response["channel"], response["ts"]

    def _update_copy(self, row: Delivery, alert: Alert) -> None:
        blocks, text = self.render(alert)
        if not row.direct and self._verdict(row, alert) is tlp.Verdict.HIDE:
            # The channel was shared, or lost its clearance, since the post: no edit reaches it.
            text = f"This TLP:{alert.tlp} alert was removed from this channel."
            blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
        self.client.chat_update(
            channel=row.posted_channel, ts=row.message_ts, blocks=blocks, text=text
        )

    def tell_staff(self, alert_id: int) -> None:
        """Refresh the staff's own message about the alert (the publisher's receipt, or the
        review card of an approved submission): after an edit, and when deliveries ended, to
        say which and why. Only to inform: if Slack refuses, the Home tab still shows it."""
        with self._telling_staff:
            alert = alerts.get(engine=self.engine, alert_id=alert_id)
            if alert is None:
                return
            counts = alerts.delivery_counts(engine=self.engine, alert_id=alert_id)
            ended = alerts.ended_deliveries(engine=self.engine, alert_id=alert_id)
            message = views.staff_message(alert, counts, ended)
            if message is None:
                return
            channel, ts, blocks, text = message
            try:
                self.client.chat_update(channel=channel, ts=ts, blocks=blocks, text=text)
            except Exception as error:  # only a notice: the row is settled whatever happens
                log.warning("alert %s: the staff message was not refreshed: %s", alert_id, error)

    def _verdict(self, row: Delivery, alert: Alert) -> tlp.Verdict:
        """The TLP rule for this channel now: its AMBER clearance as stored now, and whether
        Slack says it is shared outside (asked only when that decides; when Slack cannot say,
        the error retries the row later)."""
        cleared = alert.tlp in tlp.AMBER_LEVELS and cleared_for_amber(
            self.engine, row.destination, alert.sectors
        )
        return tlp.for_channel(self.client, alert.tlp, row.destination, cleared=cleared)

    def _after_failure(self, row: Delivery, error: Exception) -> bool:
        """End the row, or schedule its next attempt; whether its copy still awaits an update."""
        response = getattr(error, "response", None)
        code = str(response.get("error") if response is not None else type(error).__name__)
        limited = response is not None and response.status_code == 429
        row.last_error = "ratelimited" if limited else code
        if not limited and (code in PERMANENT_ERRORS or row.attempts >= MAX_ATTEMPTS):
            self._end(row, code if code in PERMANENT_ERRORS else "attempts_exhausted")
            return False
        row.status = "sent" if row.message_ts else "pending"
        if limited:
            # Slack's pace, not a failure: the attempt is not counted and everyone waits.
            row.attempts -= 1
            wait = dt.timedelta(seconds=_seconds(response.headers.get("Retry-After")))
            self.paused_until = row.next_attempt_at = utcnow() + min(wait, MAX_BACKOFF)
        else:
            row.next_attempt_at = utcnow() + backoff(row.attempts)
        return bool(row.message_ts)

    def _end(self, row: Delivery, reason: str) -> None:
        """No retry can help: the row ends for good, counted, and says why."""
        step = "update" if row.message_ts else "post"
        row.status = "update_failed" if row.message_ts else "failed"
        metrics.count_delivery_ended(step, reason)
        log.warning(
            "delivery %s to %s ended, its %s failed: %s (%s attempts)",
            row.id,
            row.destination,
            step,
            row.last_error,
            row.attempts,
        )

    # -- the worker thread --------------------------------------------------------------------

    def notify(self) -> None:
        """New rows are waiting: work now rather than at the next poll."""
        self._wake.set()

    def start(self, poll_seconds: float = 2.0, renew_seconds: float = RENEW_SECONDS) -> None:
        self._thread = threading.Thread(
            target=self._loop, args=(poll_seconds,), daemon=True, name="partnerbot-outbox"
        )
        self._renewer = threading.Thread(
            target=self._renew, args=(renew_seconds,), daemon=True, name="partnerbot-lease"
        )
        self._thread.start()
        self._renewer.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in (self._thread, self._renewer):
            if thread:
                thread.join(timeout)

    def _renew(self, every: float) -> None:
        """Keep the claim on the row in flight, so no other outbox takes it while Slack
        answers (a renewal after the row was settled changes nothing)."""
        while not self._stop.wait(every):
            if (row_id := self._in_flight) is None:
                continue
            try:
                with self.engine.begin() as connection:
                    connection.execute(_RENEW, {"row_id": row_id, "at": utcnow()})
            except Exception:  # the next renewal may go through; the lease has room for it
                log.exception("delivery %s: claim not renewed", row_id)

    def _loop(self, poll_seconds: float) -> None:
        while not self._stop.is_set():
            try:
                self.run_due()
            except Exception:  # the loop must outlive any one bad row or a database blip
                log.exception("outbox pass failed")
            wait = poll_seconds
            if self._paused(None):
                wait = (self.paused_until - utcnow()).total_seconds()
                self._wake.clear()  # a new row changes nothing while Slack says wait
            self._wake.wait(max(wait, 0.0))
            self._wake.clear()
