"""Digest periods (bot/outreach/periods.py): keys, windows and what is due, in the deployment's
timezone, across day, week and year boundaries and both DST changes."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.outreach.periods import Period, current, latest_due

NEW_YORK = "America/New_York"
LONDON = "Europe/London"


# -- helpers -----------------------------------------------------------------------------------


def local(timezone: str, *parts: int) -> dt.datetime:
    """A wall-clock moment in a timezone, as an aware UTC datetime."""
    return dt.datetime(*parts, tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def due_periods(cadence: str, timezone: str, first: dt.datetime, last: dt.datetime) -> list[Period]:
    """Every distinct period latest_due names while the clock moves hourly from first to last."""
    found: list[Period] = []
    moment = first
    while moment <= last:
        period = latest_due(cadence, moment, timezone)
        if not found or found[-1] != period:
            found.append(period)
        moment += dt.timedelta(hours=1)
    return found


def assert_tiles(periods: list[Period]) -> None:
    """Consecutive periods leave no gap and do not overlap, and every key is new."""
    for before, after in pairwise(periods):
        assert after.starts == before.sends, (before, after)
        assert after.sends > after.starts
    assert len({p.key for p in periods}) == len(periods)


# -- daily periods -------------------------------------------------------------------------------


def test_before_nine_the_latest_daily_period_is_yesterdays():
    period = latest_due("daily", local(NEW_YORK, 2026, 11, 24, 8, 59, 59), NEW_YORK)
    assert period == Period(
        "daily", "daily:2026-11-23", utc(2026, 11, 22, 14, 0), utc(2026, 11, 23, 14, 0)
    )


def test_at_and_after_nine_the_latest_daily_period_is_todays():
    expected = Period(
        "daily", "daily:2026-11-24", utc(2026, 11, 23, 14, 0), utc(2026, 11, 24, 14, 0)
    )
    assert latest_due("daily", local(NEW_YORK, 2026, 11, 24, 9, 0), NEW_YORK) == expected
    assert latest_due("daily", local(NEW_YORK, 2026, 11, 24, 23, 59), NEW_YORK) == expected


def test_the_local_date_decides_not_the_utc_date():
    """10:00 on the 25th in Auckland is still the 24th in UTC; 22:30 on the 24th in New York is
    already the 25th in UTC."""
    auckland = local("Pacific/Auckland", 2026, 11, 25, 10, 0)
    assert auckland.date() == dt.date(2026, 11, 24)
    assert latest_due("daily", auckland, "Pacific/Auckland").key == "daily:2026-11-25"
    new_york = local(NEW_YORK, 2026, 11, 24, 22, 30)
    assert new_york.date() == dt.date(2026, 11, 25)
    assert latest_due("daily", new_york, NEW_YORK).key == "daily:2026-11-24"
    assert current("daily", new_york, NEW_YORK).key == "daily:2026-11-25"


def test_nine_in_new_york_is_fourteen_utc_in_winter_and_thirteen_in_summer():
    assert latest_due("daily", utc(2026, 1, 15, 20), NEW_YORK).sends == utc(2026, 1, 15, 14)
    assert latest_due("daily", utc(2026, 7, 15, 20), NEW_YORK).sends == utc(2026, 7, 15, 13)


@pytest.mark.parametrize(
    ("day", "starts", "sends", "hours"),
    [
        # 2026-03-08: clocks go forward at 02:00, the day has 23 hours
        ("2026-03-08", utc(2026, 3, 7, 14), utc(2026, 3, 8, 13), 23),
        ("2026-03-09", utc(2026, 3, 8, 13), utc(2026, 3, 9, 13), 24),
        # 2026-11-01: clocks go back at 02:00, the day has 25 hours
        ("2026-11-01", utc(2026, 10, 31, 13), utc(2026, 11, 1, 14), 25),
        ("2026-11-02", utc(2026, 11, 1, 14), utc(2026, 11, 2, 14), 24),
    ],
)
def test_daily_windows_around_the_dst_changes_in_new_york(day, starts, sends, hours):
    moment = dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=ZoneInfo(NEW_YORK))
    period = latest_due("daily", moment.astimezone(dt.UTC), NEW_YORK)
    assert (period.key, period.starts, period.sends) == (f"daily:{day}", starts, sends)
    assert period.sends - period.starts == dt.timedelta(hours=hours)
    assert period.sends.astimezone(ZoneInfo(NEW_YORK)).time() == dt.time(9, 0)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (utc(2026, 3, 5), utc(2026, 3, 12)),  # spring forward
        (utc(2026, 10, 29), utc(2026, 11, 5)),  # fall back
        (utc(2026, 12, 29), utc(2027, 1, 3)),  # the year changes
    ],
)
def test_consecutive_daily_periods_tile_time_in_new_york(first, last):
    periods = due_periods("daily", NEW_YORK, first, last)
    assert len(periods) >= 5
    assert_tiles(periods)
    for period in periods:
        assert period.sends.astimezone(ZoneInfo(NEW_YORK)).time() == dt.time(9, 0)
        assert period.key == f"daily:{period.sends.astimezone(ZoneInfo(NEW_YORK)).date()}"


# -- weekly periods ------------------------------------------------------------------------------


def test_weekly_on_a_monday_before_nine_is_last_weeks():
    period = latest_due("weekly", local(NEW_YORK, 2026, 11, 23, 8, 30), NEW_YORK)
    assert period == Period(
        "weekly", "weekly:2026-W47", utc(2026, 11, 9, 14, 0), utc(2026, 11, 16, 14, 0)
    )


def test_weekly_on_a_monday_after_nine_is_this_weeks():
    period = latest_due("weekly", local(NEW_YORK, 2026, 11, 23, 9, 30), NEW_YORK)
    assert period == Period(
        "weekly", "weekly:2026-W48", utc(2026, 11, 16, 14, 0), utc(2026, 11, 23, 14, 0)
    )


def test_weekly_on_a_sunday_is_the_week_sent_last_monday():
    for hour in (0, 9, 23):
        period = latest_due("weekly", local(NEW_YORK, 2026, 11, 29, hour, 0), NEW_YORK)
        assert period.key == "weekly:2026-W48"
        assert period.sends == utc(2026, 11, 23, 14, 0)


@pytest.mark.parametrize(
    ("moment", "key", "starts", "sends"),
    [
        # Monday 2026-03-09 is the first Monday after clocks go forward: 7 days less one hour
        (utc(2026, 3, 10), "weekly:2026-W11", utc(2026, 3, 2, 14), utc(2026, 3, 9, 13)),
        # Monday 2026-11-02 is the first Monday after clocks go back: 7 days and one hour
        (utc(2026, 11, 3), "weekly:2026-W45", utc(2026, 10, 26, 13), utc(2026, 11, 2, 14)),
    ],
)
def test_weekly_windows_across_the_dst_changes(moment, key, starts, sends):
    period = latest_due("weekly", moment, NEW_YORK)
    assert (period.key, period.starts, period.sends) == (key, starts, sends)


def test_weekly_keys_follow_iso_weeks_across_the_new_year():
    """2026 has 53 ISO weeks; the Monday 2024-12-30 belongs to 2025-W01."""
    assert latest_due("weekly", local(NEW_YORK, 2027, 1, 1, 12), NEW_YORK).key == "weekly:2026-W53"
    assert latest_due("weekly", local(NEW_YORK, 2027, 1, 4, 12), NEW_YORK).key == "weekly:2027-W01"
    assert latest_due("weekly", local(NEW_YORK, 2025, 1, 2, 12), NEW_YORK).key == "weekly:2025-W01"


@pytest.mark.parametrize(
    ("first", "last"),
    [(utc(2026, 2, 20), utc(2026, 3, 30)), (utc(2026, 10, 10), utc(2026, 11, 20))],
)
def test_consecutive_weekly_periods_tile_time(first, last):
    periods = due_periods("weekly", NEW_YORK, first, last)
    assert len(periods) >= 5
    assert_tiles(periods)
    for period in periods:
        sends = period.sends.astimezone(ZoneInfo(NEW_YORK))
        assert (sends.weekday(), sends.time()) == (0, dt.time(9, 0))


# -- another timezone ------------------------------------------------------------------------------


def test_london_sends_at_nine_local_on_both_sides_of_its_dst_changes():
    """Europe/London: BST from 2026-03-29 to 2026-10-25; 09:00 is 09:00 UTC or 08:00 UTC."""
    assert latest_due("daily", utc(2026, 3, 28, 12), LONDON).sends == utc(2026, 3, 28, 9)
    spring = latest_due("daily", utc(2026, 3, 29, 12), LONDON)
    assert (spring.starts, spring.sends) == (utc(2026, 3, 28, 9), utc(2026, 3, 29, 8))
    autumn = latest_due("daily", utc(2026, 10, 25, 12), LONDON)
    assert (autumn.starts, autumn.sends) == (utc(2026, 10, 24, 8), utc(2026, 10, 25, 9))


def test_the_same_moment_is_in_different_periods_in_london_and_new_york():
    moment = utc(2026, 11, 24, 12)  # 12:00 in London, 07:00 in New York
    assert latest_due("daily", moment, LONDON).key == "daily:2026-11-24"
    assert latest_due("daily", moment, NEW_YORK).key == "daily:2026-11-23"


def test_consecutive_london_periods_tile_time():
    assert_tiles(due_periods("daily", LONDON, utc(2026, 3, 25), utc(2026, 4, 2)))
    assert_tiles(due_periods("weekly", LONDON, utc(2026, 10, 1), utc(2026, 11, 15)))


# -- the current, unfinished period ----------------------------------------------------------------


def test_current_daily_period_runs_from_the_last_send_to_now_under_the_next_key():
    now = local(NEW_YORK, 2026, 11, 24, 15, 0)
    assert current("daily", now, NEW_YORK) == Period(
        "daily", "daily:2026-11-25", utc(2026, 11, 24, 14, 0), now
    )
    before_nine = local(NEW_YORK, 2026, 11, 24, 8, 0)
    assert current("daily", before_nine, NEW_YORK) == Period(
        "daily", "daily:2026-11-24", utc(2026, 11, 23, 14, 0), before_nine
    )


def test_current_weekly_period_is_named_after_the_monday_it_will_be_sent():
    now = local(NEW_YORK, 2026, 11, 29, 12, 0)  # a Sunday
    period = current("weekly", now, NEW_YORK)
    assert (period.key, period.starts, period.sends) == (
        "weekly:2026-W49",
        utc(2026, 11, 23, 14, 0),
        now,
    )


def test_current_period_key_is_the_key_latest_due_gives_once_it_is_sent():
    now = local(NEW_YORK, 2026, 3, 7, 20, 0)  # the evening before clocks go forward
    early = current("daily", now, NEW_YORK)
    due = latest_due("daily", local(NEW_YORK, 2026, 3, 8, 9, 30), NEW_YORK)
    assert early.key == due.key == "daily:2026-03-08"
    assert early.starts == due.starts
