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
import functools
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltRequest
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Update,
    and_,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from bot.core.db import SQLITE_BUSY_TIMEOUT_MS
from bot.core.metrics import count_intake_lock_wait
from bot.core.models import InboxEvent, utcnow

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)  # an answer takes seconds; a claim this old has lost its worker
MAX_ATTEMPTS = 3
# Threads that answer; each mostly waits on Slack (~100-300 ms a call). SQLite has one writer
# at a time for the whole file, and more threads there only queue for it, slowing the acks.
ANSWER_THREADS = {"postgresql": 16, "sqlite": 4}
# How often an idle worker looks for new rows: at once after work, then backing off to the max.
POLL_SECONDS = (0.005, 0.1)
INTAKE_IDLE_SECONDS = 5.0
INTAKE_TIMEOUT_SECONDS = 2.5  # within Slack's 3 s: past it, the request fails and Slack retries
LOCK_POLL_SECONDS = 0.0005

# The intake's INSERT in the driver's own SQL: every question's ack waits for it, and through
# SQLAlchemy's executemany (a bind and a type conversion per row and value) a commit of nine
# rows cost a quarter more CPU on SQLite and half again as much on PostgreSQL, under the
# interpreter lock the acks share.
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_ROWS_PER_INSERT = 500  # well under SQLite's and PostgreSQL's limits on parameters


@functools.lru_cache(maxsize=64)
def _insert_sql(paramstyle: str, rows: int) -> str:
    mark = _PLACEHOLDER[paramstyle]
    values = ", ".join([f"({mark}, {mark}, 'pending', {mark}, 0)"] * rows)
    return (
        f"INSERT INTO {InboxEvent.__tablename__} (event_id, received_at, status, body, attempts) "
        f"VALUES {values} ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
    )


def _claim(due: ColumnElement[bool]) -> Update:
    """UPDATE ... RETURNING the oldest rows that are `due`, locking none another worker holds.
    `due` is one status test, so the (status, received_at) index gives the rows in order: an OR
    of two would read every pending row and sort them, with SQLite's write lock held. The
    UPDATE finds them by key alone: `due` again beside the key would lead SQLite to look them
    up by status, reading every pending row, and the subquery's rows are due already (locked
    on PostgreSQL; under SQLite's write lock nothing changes them)."""
    oldest = (
        select(InboxEvent.event_id)
        .where(due)
        .order_by(InboxEvent.received_at)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    return (
        update(InboxEvent)
        .where(InboxEvent.event_id.in_(oldest))
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


@functools.lru_cache(maxsize=8)
def _received_at_for(dialect: Dialect) -> Callable[[dt.datetime], object]:
    """A received_at as the driver takes it: SQLite stores text, PostgreSQL the datetime.
    Found once per dialect: the look-up costs each commit a few microseconds otherwise."""
    column = InboxEvent.__table__.c.received_at.type.dialect_impl(dialect)
    return column.bind_processor(dialect) or (lambda value: value)


def _insert(connection: Connection, events: Sequence[tuple[str, str]]) -> set[str]:
    """INSERT (event_id, body) pairs, skipping the ids already stored; the ids that were new."""
    dialect = connection.dialect
    now = _received_at_for(dialect)(utcnow())
    new: set[str] = set()
    for start in range(0, len(events), _ROWS_PER_INSERT):
        chunk = events[start : start + _ROWS_PER_INSERT]
        statement = _insert_sql(dialect.paramstyle, len(chunk))
        parameters = tuple(value for event_id, body in chunk for value in (event_id, now, body))
        new.update(connection.exec_driver_sql(statement, parameters).scalars())
    return new


def _locked(error: DBAPIError) -> bool:
    """SQLite's 'database is locked': another connection holds the write lock."""
    return "locked" in str(error.orig)


def accept(engine: Engine, event_id: str, body: str) -> bool:
    """Store a question event; False when its event_id was stored before (a redelivery)."""
    with engine.begin() as connection:
        return event_id in _insert(connection, [(event_id, body)])


class _Commit:
    """The events of the requests that share one transaction. Each request waits for `done`,
    then takes its answer from `new` (or `error`): one Event for the lot, not one per request."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self.done = threading.Event()
        self.new: set[str] = set()
        self.error: Exception | None = None

    def was_new(self, event_id: str) -> bool:
        """True once for an event stored by this commit: the same event twice in one commit
        is new for one of its requests only."""
        try:
            self.new.remove(event_id)  # atomic: two requests never both remove it
        except KeyError:
            return False
        return True


class Intake:
    """Stores the question events of many requests in one transaction (a group commit): each
    request waits for the commit that holds its row, so the ack still follows the write, but
    requests that arrive while a commit is under way share the next one rather than a
    transaction each. Its writer thread keeps one connection while it runs, ends when idle
    and starts again with the next event."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._next = _Commit()  # what the requests arriving now join
        self._writer: threading.Thread | None = None

    def accept(self, event_id: str, body: str) -> bool:
        """Like the module's `accept`, sharing a transaction with the requests in flight."""
        with self._lock:
            commit = self._next
            commit.events.append((event_id, body))
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write, daemon=True, name="partnerbot-intake"
                )
                self._writer.start()
            else:
                self._arrived.notify()
        if not commit.done.wait(INTAKE_TIMEOUT_SECONDS):
            raise TimeoutError("the question was not stored in time")
        if commit.error is not None:
            raise commit.error
        return commit.was_new(event_id)

    def _write(self) -> None:
        connection = _WriterConnection(self.engine)
        try:
            while (commit := self._take_next()) is not None:
                try:
                    commit.new = connection.store(commit.events)
                except Exception as error:  # not stored: the request fails and Slack retries it
                    commit.error = error
                commit.done.set()
        finally:
            connection.close()

    def _take_next(self) -> _Commit | None:
        """The events that have arrived, waiting for the first; None (and the thread ends)
        after a quiet spell."""
        with self._lock:
            while not self._next.events:
                if not self._arrived.wait(INTAKE_IDLE_SECONDS) and not self._next.events:
                    self._writer = None  # the next accept() starts another
                    return None
            commit, self._next = self._next, _Commit()
            return commit


class _WriterConnection:
    """The intake writer's one connection, held while the writer runs: opened when first
    needed, replaced when the server dropped it, and on SQLite set not to wait for the write
    lock, which `store` polls for instead."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._connection: Connection | None = None

    def store(self, events: Sequence[tuple[str, str]]) -> set[str]:
        """_insert, one statement that commits itself. While SQLite's lock is taken it tries again
        every LOCK_POLL_SECONDS: SQLite's own wait sleeps longer each time (up to 100 ms), so
        against a busy answer worker the acks would lose; polling this often, they win
        (answers can wait). How long a commit waited for the lock goes to /metrics."""
        started = time.monotonic()
        waited_for_lock = False
        while True:
            connection = self._connection = self._connection or self._connect()
            try:
                with connection.begin():
                    new = _insert(connection, events)
                if waited_for_lock:
                    count_intake_lock_wait(time.monotonic() - started)
                return new
            except DBAPIError as error:
                if error.connection_invalidated:
                    self.close()
                elif self._sqlite and _locked(error):
                    waited_for_lock = True
                else:
                    raise
                if time.monotonic() > started + INTAKE_TIMEOUT_SECONDS:
                    raise
            time.sleep(LOCK_POLL_SECONDS)

    def close(self) -> None:
        """Back to the pool as the pool gave it, or dropped if it broke."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if self._sqlite and not connection.invalidated:
                self._set_busy_timeout(connection, SQLITE_BUSY_TIMEOUT_MS)
        finally:
            connection.close()

    def _connect(self) -> Connection:
        # The INSERT is the whole transaction: autocommit spares a BEGIN and a COMMIT, each a
        # round trip to PostgreSQL, and a wait for the GIL on return, while requests wait.
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if self._sqlite:
            self._set_busy_timeout(connection, 0)
        return connection

    @staticmethod
    def _set_busy_timeout(connection: Connection, ms: int) -> None:
        # On the driver's connection: through SQLAlchemy a PRAGMA would begin a transaction.
        connection.connection.driver_connection.execute(f"PRAGMA busy_timeout={ms}")


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
