"""Digest periods in the deployment's timezone: daily at 09:00, weekly on Monday at 09:00.

A period is named by its key ("daily:2026-11-24", "weekly:2026-W48") and covers the time from
the previous period's send time to its own, so consecutive periods tile time across DST changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

SEND_AT = dt.time(9, 0)
CADENCES = ("daily", "weekly")


@dataclass(frozen=True)
class Period:
    cadence: str
    key: str
    starts: dt.datetime  # the previous period's send time (UTC)
    sends: dt.datetime  # this period's send time (UTC)


def _send_time(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, SEND_AT, tzinfo=zone).astimezone(dt.UTC)


def _key(cadence: str, day: dt.date) -> str:
    if cadence == "daily":
        return f"daily:{day.isoformat()}"
    year, week, _ = day.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def _step(cadence: str) -> dt.timedelta:
    return dt.timedelta(days=1 if cadence == "daily" else 7)


def _period(cadence: str, day: dt.date, zone: ZoneInfo) -> Period:
    return Period(
        cadence, _key(cadence, day), _send_time(day - _step(cadence), zone), _send_time(day, zone)
    )


def latest_due(cadence: str, now: dt.datetime, timezone: str) -> Period:
    """The newest period whose send time has passed: what the scheduler sends."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    day = local.date()
    if cadence == "weekly":
        day -= dt.timedelta(days=day.weekday())  # back to Monday
    if _send_time(day, zone) > now:
        day -= _step(cadence)
    return _period(cadence, day, zone)


def current(cadence: str, now: dt.datetime, timezone: str) -> Period:
    """The period now falls in, cut at now: what `digest run --now` and `/ci digest` show."""
    due = latest_due(cadence, now, timezone)
    zone = ZoneInfo(timezone)
    following = _period(cadence, due.sends.astimezone(zone).date() + _step(cadence), zone)
    return Period(cadence, following.key, due.sends, now)
