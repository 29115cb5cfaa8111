"""The /metrics page: this process's counters (or, under `serve`, every process's, summed) and
what the database holds at scrape time: deliveries by status, questions by status (waiting,
unanswered for hours, never answerable)."""

from __future__ import annotations

import functools
import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.core.metrics import REGISTRY
from bot.core.models import Delivery
from bot.runtime.inbox import counts
from bot.runtime.shared_metrics import FOLDER_VARIABLE


class _DatabaseCollector:
    """Delivery rows by status and waiting questions, read from the database at scrape time
    (the same for every process)."""

    def __init__(self) -> None:
        self.engine: Engine | None = None

    def collect(self):
        deliveries = GaugeMetricFamily(
            "partnerbot_deliveries", "Alert deliveries by status", labels=["status"]
        )
        waiting = GaugeMetricFamily(
            "partnerbot_inbox_pending", "Questions stored and acked, not yet being answered"
        )
        unanswered = GaugeMetricFamily(
            "partnerbot_inbox_unanswered",
            "Questions acked but still unanswered hours later (Slack failing); still tried",
        )
        dropped = GaugeMetricFamily(
            "partnerbot_inbox_dropped",
            "Questions that can never be answered (the channel is gone, the bot was removed)",
        )
        if self.engine is not None:
            with Session(self.engine) as session:
                rows = session.exec(
                    select(Delivery.status, func.count()).group_by(Delivery.status)
                ).all()
            for status, count in rows:
                deliveries.add_metric([status], count)
            questions = counts(self.engine)
            waiting.add_metric([], questions.get("pending", 0))
            unanswered.add_metric([], questions.get("failed", 0))
            dropped.add_metric([], questions.get("dropped", 0))
        yield deliveries
        yield waiting
        yield unanswered
        yield dropped


_DATABASE = _DatabaseCollector()
REGISTRY.register(_DATABASE)


@functools.cache
def _page_registry() -> CollectorRegistry:
    """What /metrics shows: this process's counters, or with a shared folder (`serve` and its
    worker) every process's, summed."""
    if not os.environ.get(FOLDER_VARIABLE):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_DATABASE)
    return registry


def exposition(engine: Engine) -> tuple[bytes, str]:
    """The metrics page and its content type."""
    _DATABASE.engine = engine
    return generate_latest(_page_registry()), CONTENT_TYPE_LATEST
