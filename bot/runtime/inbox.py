"""The inbox: questions stored before the ack, then answered by a worker, each once, whatever
Slack's outage.

The app Slack talks to stores a question (`accept`) and acks at once. An InboxWorker, in its own
process (`partnerbot worker`, which `serve` starts) or on threads (the shell, the tests), claims
the row, hands its body to an answering Bolt app and settles it. The key (an event_id, or a
`/ci` question's trigger_id) is the de-duplication: a retried or redelivered event finds its
row and is dropped, whichever process it reaches. A row a dead worker left `working` is taken
up again once its lease runs out: after a crash an answer may be posted twice, but an
acknowledged question is never lost.

A question that could not be answered (Slack failing, or not confirming the app's token) is
tried again, later each time: RETRY_FIRST, doubling up to RETRY_MAX, each wait shortened by a
random part of up to half (jitter), so that the questions of one outage do not all come back at
once. It is never marked done unless its answer went out. Still unanswered FAILED_AFTER after it
was asked, it becomes `failed`: counted on /metrics and in the staff's Home tab
(bot.home.data.unanswered_questions), and still tried every RETRY_MAX; once Slack answers
again the asker gets the answer with an apology (bot.runtime.replying). Housekeeping forgets a
failed question with the other old rows (bot.runtime.retention). A question that can never be
answered (the channel is gone, the bot was removed, a `/ci` reply's address expired) is
`dropped`, counted, and never tried again.

A leased queue like the outbox (both claim through bot.core.leases), but unlike the outbox a
worker claims as many rows as it has idle threads in one transaction, and settles the answered
ones in the same: answers are independent and take seconds, so a lease of two minutes needs no
renewal.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltRequest
from slack_sdk.errors import SlackApiError
from sqlalchemy import (
    ColumnElement,
    Engine,
    Update,
    and_,
    bindparam,
    func,
    select,
    update,
)

from bot.core import leases
from bot.core.models import InboxEvent, aware, utcnow
from bot.runtime.replying import WAITED, ReplyFailed, failure_of

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)  # an answer takes seconds; a claim this old has lost its worker
RETRY_FIRST = dt.timedelta(seconds=2)
RETRY_MAX = dt.timedelta(minutes=10)
FAILED_AFTER = dt.timedelta(hours=2)  # unanswered this long after it was asked: staff see it
# Slack errors no retry of a question fixes: the row is dropped, and says why.
UNANSWERABLE = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
    }
)
# Threads that answer; each mostly waits on Slack (~100-300 ms a call). SQLite has one writer
# at a time for the whole file, and more threads there only queue for it, slowing the acks.
ANSWER_THREADS = {"postgresql": 16, "sqlite": 4}
# How often an idle worker looks for new rows: at once after work, then backing off to the max.
POLL_SECONDS = (0.005, 0.1)


def _claim(due: ColumnElement[bool]) -> Update:
    """due -> working, by the (status, next_attempt_at) index, the longest due first."""
    return leases.claim(
        InboxEvent,
        key=InboxEvent.event_id,
        due=due,
        order_by=[InboxEvent.next_attempt_at],
        values={
            "status": "working",
            "claimed_at": bindparam("now"),
            "attempts": InboxEvent.attempts + 1,
        },
        returning=[
            InboxEvent.event_id,
            InboxEvent.body,
            InboxEvent.attempts,
            InboxEvent.received_at,
        ],
    )


def _due(status: str) -> ColumnElement[bool]:
    return and_(InboxEvent.status == status, InboxEvent.next_attempt_at <= bindparam("now"))


# A claim whose lease ran out first (its worker died), then new and retried questions, then
# those that have failed for hours (tried again less often).
_CLAIMS = (
    _claim(and_(InboxEvent.status == "working", InboxEvent.claimed_at < bindparam("stale_before"))),
    _claim(_due("pending")),
    _claim(_due("failed")),
)
_SETTLE = (
    update(InboxEvent)
    .where(InboxEvent.event_id == bindparam("id"))
    .values(
        status=bindparam("status"),
        body=bindparam("body"),
        claimed_at=None,
        next_attempt_at=func.coalesce(
            bindparam("next_attempt_at", type_=InboxEvent.__table__.c.next_attempt_at.type),
            InboxEvent.next_attempt_at,
        ),
        last_error=bindparam("last_error"),
    )
)
_PENDING = select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "pending")
# The statuses /metrics reports: `done` rows (kept a week) are not counted on every scrape.
_BY_STATUS = (
    select(InboxEvent.status, func.count())
    .where(InboxEvent.status.in_(("pending", "failed", "dropped")))
    .group_by(InboxEvent.status)
)


def pending(engine: Engine) -> int:
    """How many stored questions wait for a worker."""
    with engine.connect() as connection:
        return connection.execute(_PENDING).scalar_one()


def counts(engine: Engine) -> dict[str, int]:
    """Stored questions by status (those /metrics reports)."""
    with engine.connect() as connection:
        return dict(connection.execute(_BY_STATUS).all())


_JITTER = random.Random()  # its own: the module's shared generator is left to others


def retry_delay(attempts: int, jitter: Callable[[], float] = _JITTER.random) -> dt.timedelta:
    """How long a question waits after its `attempts`-th failed attempt: RETRY_FIRST doubled
    each time up to RETRY_MAX, less a random part of up to half."""
    ceiling = min(RETRY_MAX, RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 20))
    return ceiling * (1 - jitter() / 2)


@dataclass(frozen=True)
class Claimed:
    event_id: str
    body: str | None
    attempts: int
    received_at: dt.datetime


@dataclass(frozen=True)
class Settlement:
    """What a worked row becomes: done, dropped, or (with its body kept) pending or failed again
    until `next_attempt_at`."""

    id: str
    status: str
    body: str | None = None
    next_attempt_at: dt.datetime | None = None
    last_error: str | None = None


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error.response.status_code)
    return f"{type(error).__name__}: {error}"[:200]


def _unanswerable(error: BaseException) -> bool:
    if isinstance(error, SlackApiError):
        return error.response.get("error") in UNANSWERABLE
    return isinstance(error, ReplyFailed) and error.gone


class InboxWorker:
    """Answers stored questions on a pool of threads. One loop thread settles the rows
    answered since its last pass and claims as many as there are idle threads, both in one
    transaction, so answering costs the database few write transactions besides its own.
    `clock`: what time it is (tests move it on rather than wait)."""

    def __init__(
        self,
        engine: Engine,
        app: App,
        threads: int | None = None,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.app = app  # runs its listeners before dispatch() returns (process_before_response)
        self.clock = clock
        self._threads = threads or ANSWER_THREADS.get(engine.dialect.name, 4)
        self._pool: ThreadPoolExecutor | None = None
        self._loop_thread: threading.Thread | None = None
        self._answered: queue.SimpleQueue[Settlement | None] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stop = threading.Event()

    # -- the rows -----------------------------------------------------------------------------

    def claim(self, limit: int = 1, settle: Sequence[Settlement] = ()) -> list[Claimed]:
        """Settle the given rows, then take up to `limit` rows that are due (or whose lease ran
        out), in one transaction. On PostgreSQL rows another worker is taking are skipped
        rather than waited for."""
        now = self.clock()
        with self.engine.begin() as connection:
            if settle:
                connection.execute(_SETTLE, [vars(settlement) for settlement in settle])
            claimed: list[Claimed] = []
            params = {"now": now, "stale_before": now - LEASE}
            for statement in _CLAIMS:
                if len(claimed) >= limit:
                    break
                rows = connection.execute(statement, {**params, "limit": limit - len(claimed)})
                claimed += [
                    Claimed(event_id, body, attempts, aware(received_at))
                    for event_id, body, attempts, received_at in rows
                ]
            return claimed

    def answer(self, claimed: Claimed) -> Settlement:
        """Dispatch the stored question to the answering app; what its row becomes."""
        try:
            body = json.loads(claimed.body or "")
        except ValueError:
            log.error("%s: its stored body is unreadable; dropped", claimed.event_id)
            return Settlement(claimed.event_id, "dropped", last_error="unreadable body")
        # A stored body was verified when it arrived: Socket Mode's form skips that.
        waited = self.clock() - claimed.received_at
        request = BoltRequest(body=body, mode="socket_mode", context={WAITED: waited})
        try:
            failure = failure_of(request, self.app.dispatch(request))
        except Exception as error:
            log.exception("%s: dispatch failed", claimed.event_id)
            failure = error
        if failure is None:
            return Settlement(claimed.event_id, "done")
        return self._after_failure(claimed, failure)

    def _after_failure(self, claimed: Claimed, failure: BaseException) -> Settlement:
        reason = _reason(failure)
        if _unanswerable(failure):
            log.error("%s can never be answered (%s); dropped", claimed.event_id, reason)
            return Settlement(claimed.event_id, "dropped", last_error=reason)
        now = self.clock()
        overdue = now - claimed.received_at >= FAILED_AFTER
        wait = RETRY_MAX if overdue else retry_delay(claimed.attempts)
        if overdue:
            log.error(
                "%s still unanswered after %d attempts (%s); trying again in %s",
                claimed.event_id,
                claimed.attempts,
                reason,
                wait,
            )
        else:
            log.warning("%s not answered (%s); trying again in %s", claimed.event_id, reason, wait)
        return Settlement(
            claimed.event_id,
            "failed" if overdue else "pending",
            claimed.body,
            next_attempt_at=now + wait,
            last_error=reason,
        )

    def run_due(self) -> int:
        """Answer every due row on this thread, one after another; how many were worked."""
        worked, settled = 0, []
        while not self._stop.is_set() and (claimed := self.claim(1, settled)):
            settled = [self.answer(claimed[0])]
            worked += 1
        if settled:
            self.claim(0, settled)
        return worked

    # -- the threads --------------------------------------------------------------------------

    def notify(self) -> None:
        """A row was just stored in this process: look now rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="partnerbot-answer")
        self._loop_thread = threading.Thread(
            target=self._loop, daemon=True, name="partnerbot-inbox"
        )
        self._loop_thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Claim nothing more; the answers in flight finish and are settled."""
        self._stop.set()
        self._wake.set()
        if self._loop_thread is not None:
            self._loop_thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _loop(self) -> None:
        busy, poll = 0, POLL_SECONDS[0]
        while not (self._stop.is_set() and busy == 0):
            finished = self._drain_answered()
            busy -= len(finished)
            settle = [settlement for settlement in finished if settlement is not None]
            idle = 0 if self._stop.is_set() else self._threads - busy
            claimed: list[Claimed] = []
            if settle or idle:
                try:
                    claimed = self.claim(idle, settle)
                except Exception:  # a database blip must not end the loop: try again
                    log.exception("inbox pass failed")
                    for settlement in settle:
                        self._answered.put(settlement)
                    busy += len(settle)
            for row in claimed:
                busy += 1
                self._pool.submit(self._answer_and_report, row)
            if claimed:
                poll = POLL_SECONDS[0]
                continue
            self._wake.wait(poll)
            self._wake.clear()
            poll = min(poll * 2, POLL_SECONDS[1])

    def _drain_answered(self) -> list[Settlement | None]:
        finished = []
        while True:
            try:
                finished.append(self._answered.get_nowait())
            except queue.Empty:
                return finished

    def _answer_and_report(self, claimed: Claimed) -> None:
        settlement = None  # on an error the row stays `working`, taken again after its lease
        try:
            settlement = self.answer(claimed)
        except Exception:
            log.exception("event %s: answering failed", claimed.event_id)
        finally:
            self._answered.put(settlement)
            self._wake.set()
