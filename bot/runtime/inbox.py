"""The inbox: question events stored before the ack, then answered by a worker, each once.

The app Slack talks to stores a question event (`accept`) and acks at once. An InboxWorker, in
its own process (`partnerbot worker`, which `serve` starts) or on threads (the shell, the tests),
claims the event, hands it to an answering Bolt app and marks it done. The event_id key is the
de-duplication: a retried or redelivered event finds its row and is dropped, whichever process
it reaches. A row a dead worker left `working` is taken up again once its lease runs out: after
a crash an answer may be posted twice, but an acknowledged question is never lost.

A leased queue like the outbox (both claim through bot.core.leases), but unlike the outbox a
worker claims as many rows as it has idle threads in one transaction, and settles the answered
ones in the same: answers are independent and take seconds, so a lease of two minutes needs no
renewal, and a row carries no schedule of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltRequest
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
from bot.core.models import InboxEvent, utcnow

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)  # an answer takes seconds; a claim this old has lost its worker
MAX_ATTEMPTS = 3
# Threads that answer; each mostly waits on Slack (~100-300 ms a call). SQLite has one writer
# at a time for the whole file, and more threads there only queue for it, slowing the acks.
ANSWER_THREADS = {"postgresql": 16, "sqlite": 4}
# How often an idle worker looks for new rows: at once after work, then backing off to the max.
POLL_SECONDS = (0.005, 0.1)


def _claim(due: ColumnElement[bool]) -> Update:
    """pending (or a dead worker's) -> working, oldest first, by the (status, received_at) index."""
    return leases.claim(
        InboxEvent,
        key=InboxEvent.event_id,
        due=due,
        order_by=[InboxEvent.received_at],
        values={
            "status": "working",
            "claimed_at": bindparam("now"),
            "attempts": InboxEvent.attempts + 1,
        },
        returning=[InboxEvent.event_id, InboxEvent.body, InboxEvent.attempts],
    )


# A claim whose lease ran out first (its worker died), then the new ones.
_CLAIM_STALE = _claim(
    and_(InboxEvent.status == "working", InboxEvent.claimed_at < bindparam("stale_before"))
)
_CLAIM_PENDING = _claim(InboxEvent.status == "pending")
_SETTLE = (
    update(InboxEvent)
    .where(InboxEvent.event_id == bindparam("id"))
    .values(status=bindparam("status"), body=bindparam("body"), claimed_at=None)
)
_PENDING = select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "pending")


def pending(engine: Engine) -> int:
    """How many stored questions wait for a worker."""
    with engine.connect() as connection:
        return connection.execute(_PENDING).scalar_one()


@dataclass(frozen=True)
class Claimed:
    event_id: str
    body: str
    attempts: int


@dataclass(frozen=True)
class Settlement:
    """What an answered row becomes: done, failed, or pending again (with its body kept)."""

    id: str
    status: str
    body: str | None = None


class InboxWorker:
    """Answers stored question events on a pool of threads. One loop thread settles the rows
    answered since its last pass and claims as many as there are idle threads, both in one
    transaction, so answering costs the database few write transactions besides its own."""

    def __init__(self, engine: Engine, app: App, threads: int | None = None) -> None:
        self.engine = engine
        self.app = app  # runs its listeners before dispatch() returns (process_before_response)
        self._threads = threads or ANSWER_THREADS.get(engine.dialect.name, 4)
        self._pool: ThreadPoolExecutor | None = None
        self._loop_thread: threading.Thread | None = None
        self._answered: queue.SimpleQueue[Settlement | None] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stop = threading.Event()

    # -- the rows -----------------------------------------------------------------------------

    def claim(self, limit: int = 1, settle: Sequence[Settlement] = ()) -> list[Claimed]:
        """Settle the given rows, then take up to `limit` pending rows (or rows whose lease ran
        out), oldest first, in one transaction. On PostgreSQL rows another worker is taking are
        skipped rather than waited for."""
        now = utcnow()
        with self.engine.begin() as connection:
            if settle:
                connection.execute(_SETTLE, [vars(settlement) for settlement in settle])
            if limit < 1:
                return []
            claimed = [
                Claimed(*row)
                for row in connection.execute(
                    _CLAIM_STALE, {"now": now, "stale_before": now - LEASE, "limit": limit}
                )
            ]
            if len(claimed) < limit:
                params = {"now": now, "limit": limit - len(claimed)}
                claimed += [Claimed(*row) for row in connection.execute(_CLAIM_PENDING, params)]
            return claimed

    def answer(self, claimed: Claimed) -> Settlement:
        """Dispatch the stored event to the answering app; what its row becomes."""
        if claimed.attempts > MAX_ATTEMPTS:
            log.error("event %s failed %d times; given up", claimed.event_id, MAX_ATTEMPTS)
            return Settlement(claimed.event_id, "failed")
        try:
            # A stored body was verified when it arrived: Socket Mode's form skips that.
            request = BoltRequest(body=json.loads(claimed.body), mode="socket_mode")
            code = self.app.dispatch(request).status
        except Exception:
            log.exception("event %s: dispatch failed", claimed.event_id)
            code = 500
        if code >= 500:  # Bolt logged the listener's error; nothing was posted after it
            return Settlement(claimed.event_id, "pending", claimed.body)
        return Settlement(claimed.event_id, "done")

    def run_due(self) -> int:
        """Answer every pending row on this thread, one after another; how many were worked."""
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
