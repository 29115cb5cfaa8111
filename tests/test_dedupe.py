"""An event_id is claimed once, by the first delivery, on both databases."""

from __future__ import annotations

from bot.db import make_engine
from bot.dedupe import first_delivery


def test_the_first_delivery_claims_the_event_and_a_redelivery_does_not(database_url: str):
    engine = make_engine(database_url)
    try:
        assert first_delivery(engine, "Ev0FIRST") is True
        assert first_delivery(engine, "Ev0FIRST") is False
        assert first_delivery(engine, "Ev0OTHER") is True
    finally:
        engine.dispose()
