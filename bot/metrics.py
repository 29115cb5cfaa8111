"""Prometheus metrics: requests, answers and abstentions, deliveries by status."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.models import Delivery

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


class _DeliveryCollector:
    """Delivery rows by status, read from the database at scrape time (shared by processes)."""

    def __init__(self) -> None:
        self.engine: Engine | None = None

    def collect(self):
        family = GaugeMetricFamily(
            "partnerbot_deliveries", "Alert deliveries by status", labels=["status"]
        )
        if self.engine is not None:
            with Session(self.engine) as session:
                rows = session.exec(
                    select(Delivery.status, func.count()).group_by(Delivery.status)
                ).all()
            for status, count in rows:
                family.add_metric([status], count)
        yield family


_DELIVERIES = _DeliveryCollector()
REGISTRY.register(_DELIVERIES)


def exposition(engine: Engine) -> tuple[bytes, str]:
    """The metrics page and its content type."""
    _DELIVERIES.engine = engine
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def count_question(answered: bool) -> None:
    QUESTIONS.labels(outcome="answered" if answered else "abstained").inc()
