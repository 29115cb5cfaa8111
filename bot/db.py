"""The database engine: SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel, create_engine

from bot import models  # noqa: F401  (registers the tables)


def make_engine(url: str) -> Engine:
    """An engine for the URL, creating the folder of a SQLite file and the tables."""
    parsed = make_url(url)
    options: dict = {}
    if parsed.get_backend_name() == "sqlite":
        # Bolt runs listeners on worker threads; each unit of work opens its own session.
        options["connect_args"] = {"check_same_thread": False}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        options["pool_pre_ping"] = True
    engine = create_engine(url, **options)
    SQLModel.metadata.create_all(engine)
    return engine


def database_answers(engine: Engine) -> bool:
    """True when the database answers a trivial query (the health check)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
