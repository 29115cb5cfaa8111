"""Prometheus counters every part of the app adds to: requests, answers and abstentions, alert
deliveries that ended without their copy, and on SQLite how long the acks waited for the write
lock. The page itself is bot.runtime.metrics."""

from __future__ import annotations

import functools

from prometheus_client import CollectorRegistry, Counter, Histogram

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
DELIVERIES_ENDED = Counter(
    "partnerbot_deliveries_ended",
    "Alert deliveries that ended for good without their copy posted (step=post) or brought up "
    "to date (step=update), by the step and Slack's reason",
    ["step", "reason"],
    registry=REGISTRY,
)
INTAKE_LOCK_WAITS = Histogram(
    "partnerbot_intake_lock_wait_seconds",
    "How long the acks' commits that found SQLite's write lock taken waited for it",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)


@functools.cache
def _requests(path: str, status: str):
    return REQUESTS.labels(path=path, status=status)  # a child per pair, found once


def count_request(path: str, status: str) -> None:
    """One HTTP request; paths other than the app's own are counted together."""
    _requests(path if path in PATHS else "other", status).inc()


def count_question(answered: bool) -> None:
    QUESTIONS.labels(outcome="answered" if answered else "abstained").inc()


def count_delivery_ended(step: str, reason: str) -> None:
    """A delivery row that ended: its `step` (post | update) failed for `reason` (Slack's error
    code, or attempts_exhausted)."""
    DELIVERIES_ENDED.labels(step=step, reason=reason).inc()


def count_intake_lock_wait(seconds: float) -> None:
    INTAKE_LOCK_WAITS.observe(seconds)
