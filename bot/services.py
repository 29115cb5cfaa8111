"""What the handlers need, built once in a visible order: settings, database, knowledge."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.config import Settings
from bot.db import make_engine
from knowledge.index import load_index
from knowledge.matcher import Matcher


@dataclass
class Services:
    settings: Settings
    engine: Engine
    matcher: Matcher

    @classmethod
    def start(cls, settings: Settings) -> Services:
        engine = make_engine(settings.database_url)
        matcher = Matcher(load_index(settings.knowledge_dir))
        return cls(settings=settings, engine=engine, matcher=matcher)
