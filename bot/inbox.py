"""The inbox: question events stored before the ack, then answered by a worker, each once.

The app Slack talks to stores a question event (`accept`) and acks at once. An InboxWorker, in
its own process (`partnerbot worker`, which `serve` starts) or on threads (the shell, the tests),
claims the event, hands it to an answering Bolt app and marks it done. The event_id key is the
de-duplication: a retried or redelivered event finds its row and is dropped, whichever process
it reaches. A row a dead worker left `working` is taken up again once its lease runs out: after
a crash an answer may be posted twice, but an acknowledged question is never lost.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltRequest
from sqlalchemy import ColumnElement, Engine, Update, and_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from bot.db import SQLITE_BUSY_TIMEOUT_MS
from bot.models import InboxEvent, utcnow

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)  # an answer takes seconds; a claim this old has lost its worker
MAX_ATTEMPTS = 3
# Threads that answer; each mostly waits on Slack (~100-300 ms a call). SQLite has one writer
# at a time for the whole file, and more threads there only queue for it, slowing the acks.
ANSWER_THREADS = {"postgresql": 16, "sqlite": 4}
# How often an idle worker looks for new rows: at once after work, then backing off to the max.
POLL_SECONDS = (0.005, 0.1)
INTAKE_BATCH = 100  # rows in one INSERT at most
INTAKE_IDLE_SECONDS = 5.0
INTAKE_TIMEOUT_SECONDS = 2.5  # within Slack's 3 s: past it, the request fails and Slack retries
LOCK_POLL_SECONDS = 0.0005

_ACCEPT = {
    dialect.__name__.rsplit(".", 1)[-1]: dialect.insert(InboxEvent)
    .on_conflict_do_nothing(index_elements=["event_id"])
    .returning(InboxEvent.event_id)
    for dialect in (postgresql, sqlite)
}


def _claim(due: ColumnElement[bool]) -> Update:
    """UPDATE ... RETURNING the oldest rows that are `due`, locking none another worker holds.
    `due` is one status test, so the (status, received_at) index gives the rows in order: an OR
    of two would read every pending row and sort them, with SQLite's write lock held."""
    oldest = (
        select(InboxEvent.event_id)
        .where(due)
        .order_by(InboxEvent.received_at)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    return (
        update(InboxEvent)
        .where(InboxEvent.event_id.in_(oldest), due)
        .values(status="working", claimed_at=bindparam("now"), attempts=InboxEvent.attempts + 1)
        .returning(InboxEvent.event_id, InboxEvent.body, InboxEvent.attempts)
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


def accept_many(
    engine: Engine, events: Sequence[tuple[str, str]], *, wait_for_lock: bool = True
) -> set[str]:
    """Store (event_id, body) pairs in one transaction; the event ids that were new. Without
    `wait_for_lock`, SQLite fails at once when another write holds its lock."""
    now = utcnow()
    rows = [
        {"event_id": event_id, "received_at": now, "status": "pending", "body": body, "attempts": 0}
        for event_id, body in events
    ]
    sqlite_now = not wait_for_lock and engine.dialect.name == "sqlite"
    with engine.begin() as connection:
        if sqlite_now:
            connection.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            return set(connection.execute(_ACCEPT[engine.dialect.name], rows).scalars())
        finally:
            if sqlite_now:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _locked(error: OperationalError) -> bool:
    """SQLite's 'database is locked': another connection holds the write lock."""
    return "locked" in str(error.orig)


def accept(engine: Engine, event_id: str, body: str) -> bool:
    """Store a question event; False when its event_id was stored before (a redelivery)."""
    return event_id in accept_many(engine, [(event_id, body)])


class Intake:
    """Stores the question events of many requests in one transaction (a group commit): each
    request waits for the commit that holds its row, so the ack still follows the write, but
    requests that arrive together share one INSERT rather than a transaction each. Its
    writer thread ends when idle and starts again with the next event."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._waiting: queue.SimpleQueue[tuple[str, str, Future[bool]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._writer: threading.Thread | None = None

    def accept(self, event_id: str, body: str) -> bool:
        """Like the module's `accept`, sharing a transaction with the requests in flight."""
        stored: Future[bool] = Future()
        self._waiting.put((event_id, body, stored))
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write, daemon=True, name="partnerbot-intake"
                )
                self._writer.start()
        return stored.result(timeout=INTAKE_TIMEOUT_SECONDS)

    def _store(self, events: Sequence[tuple[str, str]]) -> set[str]:
        """accept_many, trying again every LOCK_POLL_SECONDS while SQLite's lock is taken.
        SQLite's own wait sleeps longer each time (up to 100 ms), so against a busy answer
        worker the acks would lose; polling this often, they win (answers can wait)."""
        deadline = time.monotonic() + INTAKE_TIMEOUT_SECONDS
        while True:
            try:
                return accept_many(self.engine, events, wait_for_lock=False)
            except OperationalError as error:
                if not _locked(error) or time.monotonic() > deadline:
                    raise
            time.sleep(LOCK_POLL_SECONDS)

    def _write(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                new = self._store([(event_id, body) for event_id, body, _ in batch])
            except Exception as error:  # not stored: the request fails and Slack retries it
                for *_, stored in batch:
                    stored.set_exception(error)
                continue
            for event_id, _, stored in batch:
                stored.set_result(event_id in new)
                new.discard(event_id)  # the same event twice in one batch: only the first

    def _next_batch(self) -> list[tuple[str, str, Future[bool]]] | None:
        """What has arrived, waiting for the first; None (and the thread ends) after a quiet
        spell."""
        while True:
            try:
                batch = [self._waiting.get(timeout=INTAKE_IDLE_SECONDS)]
                break
            except queue.Empty:
                with self._lock:
                    if self._waiting.empty():  # an accept() racing this sees _writer None
                        self._writer = None
                        return None
        while len(batch) < INTAKE_BATCH:
            try:
                batch.append(self._waiting.get_nowait())
            except queue.Empty:
                break
        return batch


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
