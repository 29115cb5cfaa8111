"""Two processes that start at once on a fresh database both migrate it (every process builds
its engine with make_engine, which migrates): neither may fail, on either database."""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import create_engine

from bot.core.db import alembic_config, make_engine

ROUNDS = 15


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
    """Two migrators of `runner`'s kind started together; the tracebacks of those that failed."""
    migrators = [runner(target=migrate_when_started, args=(url, start, failures)) for _ in "ab"]
    for migrator in migrators:
        migrator.start()
    for migrator in migrators:
        migrator.join(timeout=60)
    assert not any(migrator.is_alive() for migrator in migrators), "a migration hung"
    found = []
    while not failures.empty():
        found.append(failures.get())
    return found


def test_two_processes_migrating_a_fresh_database_at_once_both_succeed(
    database_url: str, tmp_path: Path
):
    processes = multiprocessing.get_context("fork")
    for round_number in range(ROUNDS):
        url = fresh(database_url, tmp_path, round_number)
        failed = race(url, processes.Barrier(2), processes.Queue(), processes.Process)
        assert failed == [], f"round {round_number}:\n" + "\n".join(failed)
        assert_at_head(url)


def test_two_threads_migrating_a_fresh_database_at_once_both_succeed(
    database_url: str, tmp_path: Path
):
    """The same within one process (Alembic keeps its context in module globals)."""
    import queue

    for round_number in range(ROUNDS):
        url = fresh(database_url, tmp_path, round_number)
        failed = race(url, threading.Barrier(2), queue.Queue(), threading.Thread)
        assert failed == [], f"round {round_number}:\n" + "\n".join(failed)
        assert_at_head(url)
