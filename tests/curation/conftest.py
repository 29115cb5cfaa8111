"""The database for the curation commands' tests, as `partnerbot` run in a fresh folder finds it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core.db import make_engine


@pytest.fixture
def engine(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Engine]:
    """An engine on this test's database, which DATABASE_URL names too (no stray .env)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("PARTNERBOT_KNOWLEDGE_DIR", raising=False)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
