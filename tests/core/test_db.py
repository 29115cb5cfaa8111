"""The engine's pool on PostgreSQL: a connection that sat idle is pinged before use, one just
used is not (a ping per checkout would double the round trips of a one-statement write)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from bot.core import db

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def select_one(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1")).scalar_one()


def end_the_pools_connections(database_url: str) -> None:
    """What a server restart does to the connections in the pool."""
    admin = create_engine(database_url, poolclass=NullPool)
    with admin.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).all()
    admin.dispose()
    assert ended, "the pool had no connection open"


@pytest.fixture
def engine(database_url: str):
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


def test_a_connection_idle_for_a_while_is_pinged_and_replaced_before_use(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
):
    assert select_one(engine) == 1
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has been idle long enough
    end_the_pools_connections(database_url)
    assert select_one(engine) == 1


def test_a_connection_just_used_is_not_pinged_and_one_failure_renews_the_pool(
    engine: Engine, database_url: str
):
    assert select_one(engine) == 1
    end_the_pools_connections(database_url)
    with pytest.raises(DBAPIError) as failure:
        select_one(engine)
    assert failure.value.connection_invalidated
    assert select_one(engine) == 1
