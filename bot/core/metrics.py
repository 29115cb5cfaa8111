"""Prometheus metrics: requests, answers and abstentions, deliveries by status, questions
waiting in the inbox, and on SQLite how long the acks waited for the write lock."""

from __future__ import annotations

import functools
import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.core.models import Delivery
from bot.runtime.shared_metrics import FOLDER_VARIABLE

PATHS = frozenset({"/slack/events", "/healthz", "/metrics"})
REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "partnerbot_http_requests",
    "HTTP requests by path and status",
    ["path", "status"],
    registry=REGISTRY,
)
QUESTIONS = Counter(
    "partnerbot_questions",
    "Questions asked, by whether they were answered",
    ["outcome"],
    registry=REGISTRY,
)
INTAKE_LOCK_WAITS = Histogram(
    "partnerbot_intake_lock_wait_seconds",
    "How long the acks' commits that found SQLite's write lock taken waited for it",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)


class _DatabaseCollector:
    """Delivery rows by status and waiting questions, read from the database at scrape time
    (the same for every process)."""

    def __init__(self) -> None:
        self.engine: Engine | None = None

    def collect(self):
        from bot.runtime.inbox import (
            pending,  # late: bot.runtime.inbox reports its lock waits to this module
        )

        deliveries = GaugeMetricFamily(
            "partnerbot_deliveries", "Alert deliveries by status", labels=["status"]
        )
        waiting = GaugeMetricFamily(
            "partnerbot_inbox_pending", "Questions stored and acked, not yet being answered"
        )
        if self.engine is not None:
            with Session(self.engine) as session:
                rows = session.exec(
                    select(Delivery.status, func.count()).group_by(Delivery.status)
                ).all()
            for status, count in rows:
                deliveries.add_metric([status], count)
            waiting.add_metric([], pending(self.engine))
        yield deliveries
        yield waiting


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


@functools.cache
def _requests(path: str, status: str):
    return REQUESTS.labels(path=path, status=status)  # a child per pair, found once


def count_request(path: str, status: str) -> None:
    """One HTTP request; paths other than the app's own are counted together."""
    _requests(path if path in PATHS else "other", status).inc()


def count_question(answered: bool) -> None:
    QUESTIONS.labels(outcome="answered" if answered else "abstained").inc()


def count_intake_lock_wait(seconds: float) -> None:
    INTAKE_LOCK_WAITS.observe(seconds)
