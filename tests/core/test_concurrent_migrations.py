"""Processes that start at once on a fresh database all migrate it (every process builds its
engine with make_engine, which migrates): none may fail, on either database."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import traceback
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import create_engine

from bot.core.db import _sqlite_pragmas, alembic_config, make_engine

ROUNDS = 15
MIGRATORS = 3  # at once: the more, the likelier a race (SQLite turning a new file to WAL)


def processes():
    """Processes forked from a server started for them, which has this module loaded: forked
    from the test worker itself, a child could inherit a lock another of its threads holds
    (a test left running in the same worker) and hang."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def fresh(database_url: str, tmp_path: Path, round_number: int) -> str:
    """An empty database: a new SQLite file, or PostgreSQL's schema public recreated."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'fresh-{round_number}.db'}"
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return database_url


def assert_at_head(url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head
    finally:
        engine.dispose()


def migrate_when_started(url: str, start, failures) -> None:
    """make_engine once `start` lets every migrator go; a traceback into `failures` if it fails."""
    start.wait()
    try:
        make_engine(url).dispose()
    except BaseException:  # the race shows as any error at all
        failures.put(traceback.format_exc())


def race(url: str, start, failures, runner) -> list[str]:
    """MIGRATORS of `runner`'s kind started together; the tracebacks of those that failed."""
    migrators = [
        runner(target=migrate_when_started, args=(url, start, failures)) for _ in range(MIGRATORS)
    ]
    for migrator in migrators:
        migrator.start()
    for migrator in migrators:
        migrator.join(timeout=60)
    assert not any(migrator.is_alive() for migrator in migrators), "a migration hung"
    found = []
    while not failures.empty():
        found.append(failures.get())
    return found


def test_processes_migrating_a_fresh_database_at_once_all_succeed(
    database_url: str, tmp_path: Path
):
    forked = processes()
    for round_number in range(ROUNDS):
        url = fresh(database_url, tmp_path, round_number)
        failed = race(url, forked.Barrier(MIGRATORS), forked.Queue(), forked.Process)
        assert failed == [], f"round {round_number}:\n" + "\n".join(failed)
        assert_at_head(url)


def test_threads_migrating_a_fresh_database_at_once_all_succeed(database_url: str, tmp_path: Path):
    """The same within one process (Alembic keeps its context in module globals)."""
    import queue

    for round_number in range(ROUNDS):
        url = fresh(database_url, tmp_path, round_number)
        failed = race(url, threading.Barrier(MIGRATORS), queue.Queue(), threading.Thread)
        assert failed == [], f"round {round_number}:\n" + "\n".join(failed)
        assert_at_head(url)


def open_when_started(path: str, start, failures) -> None:
    """A connection to `path` set up as the app's engine sets up each (WAL among it)."""
    start.wait()
    try:
        connection = sqlite3.connect(path, timeout=5)
        _sqlite_pragmas(connection, None)
        connection.execute("BEGIN IMMEDIATE")  # and a write, as a migration's first step
        connection.execute("CREATE TABLE IF NOT EXISTS written (x)")
        connection.commit()
        connection.close()
    except BaseException:
        failures.put(traceback.format_exc())


def test_processes_opening_a_new_sqlite_file_at_once_all_turn_it_to_wal(tmp_path: Path):
    """SQLite answers a switch to WAL that another connection is making "database is locked"
    at once, without waiting: each connection tries again until the switch is made."""
    forked = processes()
    for round_number in range(60):
        path = str(tmp_path / f"new-{round_number}.db")
        start, failures = forked.Barrier(MIGRATORS), forked.Queue()
        openers = [
            forked.Process(target=open_when_started, args=(path, start, failures))
            for _ in range(MIGRATORS)
        ]
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join(timeout=60)
        found = []
        while not failures.empty():
            found.append(failures.get())
        assert found == [], f"round {round_number}:\n" + "\n".join(found)
        assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)
