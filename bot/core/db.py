"""The database engine: SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, event, exc, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

from bot.core import models  # noqa: F401  (registers the tables)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Every process that starts migrates (make_engine): two starting together on a fresh database
# would both create the tables. Each migration holds this lock; the second, once it has the
# lock, finds the schema at its head and has nothing to do. On PostgreSQL an advisory lock
# held until the migration's transaction ends; on SQLite the database's write lock, taken first.
MIGRATION_LOCK_KEY = 0x70626D67  # "pbmg"
MIGRATION_WAIT_MS = 120_000  # how long a migration waits for another's on SQLite
# Alembic keeps its context in module globals: one migration at a time in a process, too.
_migrating = threading.Lock()


def upgrade(engine: Engine) -> None:
    """Bring the database's schema to the newest migration, one migrator at a time."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _migrating, engine.begin() as connection:
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _lock_for_migration(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # The write lock before the first read: the version table is read, then created.
        connection.exec_driver_sql(f"PRAGMA busy_timeout={MIGRATION_WAIT_MS}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


SQLITE_BUSY_TIMEOUT_MS = 5000  # how long a write waits for another to finish, at most
# A pooled server connection is pinged on checkout only after sitting idle this long. Under load
# the pool hands out connections used milliseconds before, and a ping each time (pool_pre_ping)
# would double the round trips of a one-statement write. The price: when the server restarts,
# one operation on a connection used within these seconds fails, and that failure renews the
# whole pool (answers, deliveries and events are retried; a button pressed then fails once).
PING_AFTER_IDLE_SECONDS = 10.0
_CHECKED_IN = "partnerbot_checked_in"


def make_engine(url: str) -> Engine:
    """An engine for the URL, its SQLite folder created and its schema migrated."""
    parsed = make_url(url)
    options: dict = {}
    if parsed.get_backend_name() == "sqlite":
        # Bolt runs listeners on worker threads; each unit of work opens its own session.
        options["connect_args"] = {"check_same_thread": False}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        _ping_after_idle(engine)
    upgrade(engine)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers and the writer work at once, and commits without an fsync each: the
    # outbox commits twice per delivery. A crash may lose the last commits, never corrupt.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _into_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _into_wal(cursor) -> None:
    """PRAGMA journal_mode=WAL, tried again while another connection is turning the same new
    file to WAL: SQLite answers that one "database is locked" at once, never waiting."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine.pool, "checkin")
    def checked_in(dbapi_connection, record) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def checked_out(dbapi_connection, record, proxy) -> None:
        checked_in_at = record.info.get(_CHECKED_IN)
        if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
            return  # new, or just used
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The server dropped it, and likely the others: the pool replaces them all.
            raise exc.InvalidatePoolError("an idle connection did not answer") from error


def upsert_insert(engine: Engine):
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite and PostgreSQL)."""
    return (postgresql if engine.dialect.name == "postgresql" else sqlite).insert


def database_answers(engine: Engine) -> bool:
    """True when the database answers a trivial query (the health check)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
