"""Questions go to the inbox before the ack: acking never waits for an answer, and an
acknowledged question outlives a crash. An InboxWorker answers them (bot.runtime.inbox).

A question is a question event (a mention, a direct message) or a `/ci` question (handlers.CI
says which commands are questions): matching is the one slow thing either needs, so neither is
matched where it is acked. Two ways in, one rule (`QuestionInbox.take`):
- over HTTP, `serve` checks each request's size and signature first (bot.runtime.gate), then
  offers the body to `over_http`, which stores and acks a question with no Bolt request
  built: acking is what a busy Slack app does most, and a question needs nothing else of Bolt.
  Anything else (subcommands, buttons, other events) goes on to Bolt untouched;
- in Socket Mode, and for the shell, the same rule runs as a Bolt middleware.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence

from slack_bolt import App, BoltRequest, BoltResponse
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from bot.core.db import SQLITE_BUSY_TIMEOUT_MS
from bot.core.metrics import count_intake_lock_wait
from bot.core.models import InboxEvent, utcnow
from bot.runtime.gate import well_formed
from handlers import CI
from handlers.ci import COMMAND
from handlers.questions import is_question

log = logging.getLogger(__name__)

# (status, body) of an ack; None leaves the request to Bolt.
Ack = tuple[int, str]
# The ack for a request whose signature was checked: its body as text, and its WSGI environ.
HttpAck = Callable[[str, dict], Ack | None]

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
    values = ", ".join([f"({mark}, {mark}, {mark}, 'pending', {mark}, 0)"] * rows)
    return (
        f"INSERT INTO {InboxEvent.__tablename__} "
        "(event_id, received_at, next_attempt_at, status, body, attempts) "
        f"VALUES {values} ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
    )


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
        parameters = tuple(
            value for event_id, body in chunk for value in (event_id, now, now, body)
        )
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


def question_key(body: dict) -> str | None:
    """The inbox key of a question (its event_id, or for a `/ci` question its trigger_id); ""
    for a question without one; None for anything that is not a question."""
    if body.get("type") == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not is_question(event):
            return None
        event_id = body.get("event_id")
        return event_id if isinstance(event_id, str) else ""
    if body.get("command") == COMMAND:
        text = body.get("text")
        if not isinstance(text, str) or not CI.asks_question(text):
            return None
        trigger_id = body.get("trigger_id")
        # Slack never retries a command, and each has its own trigger_id.
        return f"command:{trigger_id}" if isinstance(trigger_id, str) and trigger_id else ""
    return None


class QuestionInbox:
    """Stores each question once (by its key) and acks it; `on_stored` is called after a new
    one is stored (an InboxWorker of the same process is woken with it)."""

    def __init__(self, engine: Engine, on_stored: Callable[[], None] = lambda: None) -> None:
        self.intake = Intake(engine)
        self.on_stored = on_stored

    def take(self, body: dict, raw: str | None, retry: str) -> Ack | None:
        """The ack for a question, once it is stored; None for anything else. `raw`: the body
        as Slack sent it, when it was JSON (a worker replays it as it came)."""
        key = question_key(body)
        if key is None:
            return None
        if not key:
            return 400, "a question without its id"
        if self.intake.accept(key, raw if raw is not None else json.dumps(body)):
            self.on_stored()
        else:
            log.info("%s already taken on; retry %s dropped", key, retry)
        return 200, ""

    def register(self, app: App) -> None:
        """The rule as the app's first middleware, after Bolt's own checks."""

        @app.middleware
        def store_questions(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
            retry = req.headers.get("x-slack-retry-num", ["0"])[0]
            # Socket Mode hands over the parsed body; HTTP, the verified raw one.
            raw = req.raw_body if req.raw_body.startswith("{") else None
            taken = self.take(req.body, raw, retry)
            if taken is None:
                return next()
            return BoltResponse(status=taken[0], body=taken[1])

    def over_http(self) -> HttpAck:
        """The rule for a signed WSGI request, before Bolt sees it."""

        def ack(text: str, environ: dict) -> Ack | None:
            content_type = environ.get("CONTENT_TYPE", "")
            if content_type.startswith("application/json"):
                try:
                    body = json.loads(text)
                except (ValueError, RecursionError):  # Bolt would fail on it too
                    return 400, "malformed request"
                raw = text
            elif text.startswith("payload="):  # buttons and forms: Bolt's
                return None
            else:  # a command, form-encoded
                body, raw = dict(urllib.parse.parse_qsl(text, keep_blank_values=True)), None
            if not well_formed(body):  # not Slack's: Bolt would fail on it, and so would a worker
                return 400, "malformed request"
            return self.take(body, raw, environ.get("HTTP_X_SLACK_RETRY_NUM", "0"))

        return ack
