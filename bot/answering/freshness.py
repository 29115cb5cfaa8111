"""How fresh a knowledge entry is: past its `expires` date it is no confident answer, and an
entry not reviewed in a year is listed for staff."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.matcher import MatchResult
from knowledge.schema import Entry

REVIEW_EVERY = dt.timedelta(days=365)


def today() -> dt.date:
    """Today in UTC (no database import: `partnerbot ask` uses this and must start fast)."""
    return dt.datetime.now(dt.UTC).date()


def expired(entry: Entry, on: dt.date) -> bool:
    """Past its `expires` date (the date itself still counts as fresh)."""
    return entry.expires is not None and entry.expires < on


def expiry_warning(expired_on: dt.date) -> str:
    """What an answer from an expired entry says about itself."""
    return (
        f"This answer was due for review on {expired_on.isoformat()} and may be out of date. "
        "Please check the source, or ask the partnership office."
    )


def hedge(result: MatchResult, on: dt.date) -> MatchResult:
    """An expired best entry is still shown, but never as the certain answer: the card then
    offers the alternatives, and says the information may be out of date."""
    if result.best is None or not result.certain or not expired(result.best.entry, on):
        return result
    return dataclasses.replace(result, certain=False)


@dataclass(frozen=True)
class StaleEntry:
    entry: Entry
    reason: str  # "expired 2026-05-24", "last reviewed 2025-03-01", "no review date"
    since: dt.date  # when it went stale, for sorting; an entry never reviewed sorts first


def stale(entry: Entry, on: dt.date) -> StaleEntry | None:
    """Why staff should look at an entry again, or None while it is fresh."""
    if expired(entry, on):
        return StaleEntry(entry, f"expired {entry.expires.isoformat()}", entry.expires)
    if entry.reviewed is None:
        return StaleEntry(entry, "no review date", dt.date.min)
    if entry.reviewed < on - REVIEW_EVERY:
        reason = f"last reviewed {entry.reviewed.isoformat()}"
        return StaleEntry(entry, reason, entry.reviewed + REVIEW_EVERY)
    return None


def stale_entries(entries: Iterable[Entry], on: dt.date) -> list[StaleEntry]:
    """Entries past their expiry or not reviewed in a year, the longest stale first."""
    found = [found for entry in entries if (found := stale(entry, on)) is not None]
    return sorted(found, key=lambda s: (s.since, s.entry.id))
