"""The weekly review: every owner gets one message a week listing their entries past `expires`
or not reviewed for PARTNERBOT_REVIEW_DAYS, each with Still correct / Suggest a change / Retire.

Where an entry's review goes, by its `owner`:
* a staff member's user id (U..., W...): a direct message to them;
* a user group id (S...): the review channel, mentioning the group, so that its members are
  notified by one message rather than one each;
* a team name, a user who is not staff, or no owner: the review channel, naming the owner.
Without PARTNERBOT_REVIEW_CHANNEL only the direct messages go out (the rest is logged).

Once a week, whatever the downtime and however many processes: a ledger row per (recipient,
week) is written before anything is posted, with the entry ids of each part of the message.
The scheduler runs `WeeklyReviews.send_due` every hour; a run sends what the latest week has not
sent yet, so a week missed while the bot was down is sent once it is back. A row left
"sending" (the process died mid-send) is taken again once its lease is over, and goes on from
the first part not recorded as posted: at most the part in flight is posted twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, select

from bot.core import leases
from bot.core.config import Settings
from bot.core.models import ReviewLedger, utcnow
from bot.core.render import escape
from bot.core.staff import StaffDirectory
from bot.curation.review_views import ENTRIES_PER_MESSAGE, Due, review_message
from knowledge.schema import Entry

log = logging.getLogger(__name__)

REVIEW_AT = dt.time(10, 0)  # Monday morning, local time, after the 09:00 digests
RUN_AT_MINUTE = 20  # the scheduler runs the job each hour at this minute
LEASE = dt.timedelta(minutes=15)  # a claim older than this, still sending, died with its process
MAX_ATTEMPTS = 5  # then the week's message to that recipient is given up (logged)
_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
_GROUP = re.compile(r"^S[A-Z0-9]{2,}$")


# -- what is due -------------------------------------------------------------------------------


def due(entry: Entry, on: dt.date, days: int) -> Due | None:
    """Why the entry needs a review on `on`, or None while it is fresh."""
    if entry.expires is not None and entry.expires < on:
        return Due(entry, f"expired {entry.expires.isoformat()}")
    if entry.reviewed is None:
        return Due(entry, "never reviewed")
    if entry.reviewed < on - dt.timedelta(days=days):
        return Due(entry, f"last reviewed {entry.reviewed.isoformat()}")
    return None


def due_entries(entries: Sequence[Entry], on: dt.date, days: int) -> list[Due]:
    """The entries to review, the longest overdue first."""
    found = [d for entry in entries if (d := due(entry, on, days)) is not None]

    def overdue_since(item: Due) -> tuple[dt.date, str]:
        entry = item.entry
        if entry.expires is not None and entry.expires < on:
            return entry.expires, entry.id
        if entry.reviewed is None:
            return dt.date.min, entry.id
        return entry.reviewed + dt.timedelta(days=days), entry.id

    return sorted(found, key=overdue_since)


# -- who gets it ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    key: str  # the ledger's: user:U123 | group:S123 | team:<name> | unowned
    channel: str | None  # a user id (the bot's DM with them) or the review channel
    who: str  # how the message names whom it is for (mrkdwn)


def recipient_of(
    owner: str | None, *, is_staff: Callable[[str], bool], review_channel: str | None
) -> Recipient:
    if owner and _USER.match(owner):
        if is_staff(owner):
            return Recipient(f"user:{owner}", owner, f"<@{owner}>")
        # Named, not mentioned: a partner is not pinged into the staff's review channel.
        who = f"the owner `{owner}` (not on the staff list)"
        return Recipient(f"user:{owner}", review_channel, who)
    if owner and _GROUP.match(owner):
        return Recipient(f"group:{owner}", review_channel, f"<!subteam^{owner}>")
    if owner:
        return Recipient(f"team:{owner}", review_channel, f"the team “{escape(owner)}”")
    return Recipient("unowned", review_channel, "the partnership office (entries with no owner)")


# -- the week ------------------------------------------------------------------------------------


def week_of(now: dt.datetime, timezone: str) -> str:
    """The latest week whose review time has passed: "2026-W48"."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    monday = local.date() - dt.timedelta(days=local.weekday())
    if dt.datetime.combine(monday, REVIEW_AT, tzinfo=zone) > now:
        monday -= dt.timedelta(days=7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def review_date(now: dt.datetime, timezone: str) -> dt.date:
    return now.astimezone(ZoneInfo(timezone)).date()


# -- the ledger ----------------------------------------------------------------------------------


def _claim(
    engine: Engine, recipient: Recipient, week: str, parts: list[list[str]], now: dt.datetime
) -> ReviewLedger | None:
    """The week's row for the recipient, claimed by this run: written now, or taken again
    after a failure or an expired lease; None when it is sent or another run holds it."""
    lapsed = and_(ReviewLedger.status == "sending", ReviewLedger.claimed_at < now - LEASE)
    with Session(engine) as session:
        return leases.insert_or_retake(
            session,
            ReviewLedger(
                recipient=recipient.key,
                week=week,
                parts=parts,
                channel=recipient.channel,
                attempts=1,
                claimed_at=now,
            ),
            key=(ReviewLedger.recipient == recipient.key, ReviewLedger.week == week),
            retakable=and_(
                ReviewLedger.attempts < MAX_ATTEMPTS,
                or_(ReviewLedger.status == "failed", lapsed),
            ),
            values={"status": "sending", "claimed_at": now, "attempts": ReviewLedger.attempts + 1},
        )


def _still_mine(engine: Engine, row: ReviewLedger, **values: object) -> bool:
    """Record progress while this run still holds the claim (its attempt number)."""
    with Session(engine) as session:
        done = session.execute(
            update(ReviewLedger)
            .where(
                ReviewLedger.id == row.id,
                ReviewLedger.attempts == row.attempts,
                ReviewLedger.status == "sending",
            )
            .values(**values)
        )
        session.commit()
        return done.rowcount == 1


def _settled(engine: Engine, week: str) -> set[str]:
    """Recipients this week's review is done for (sent, or given up)."""
    with Session(engine) as session:
        rows = session.exec(
            select(ReviewLedger.recipient).where(
                ReviewLedger.week == week, ReviewLedger.status.in_(["sent", "gave_up"])
            )
        )
        return set(rows.all())


@dataclass
class ReviewRun:
    sent: int = 0
    already: int = 0
    failed: int = 0
    unrouted: int = 0  # entries with nobody to send them to (no review channel)
    recipients: list[str] = field(default_factory=list)


class WeeklyReviews:
    """Sends the weekly review messages of a deployment."""

    def __init__(
        self,
        engine: Engine,
        client: WebClient,
        entries: Callable[[], Sequence[Entry]],
        staff: StaffDirectory,
        settings: Settings,
    ) -> None:
        self.engine = engine
        self.client = client
        self.entries = entries  # the served entries now (retired ones are not among them)
        self.staff = staff
        self.review_channel = settings.review_channel
        self.review_days = settings.review_days
        self.timezone = settings.timezone

    def groups(self, on: dt.date) -> dict[Recipient, list[Due]]:
        """The entries due on `on`, by recipient."""
        grouped: dict[Recipient, list[Due]] = defaultdict(list)
        for item in due_entries(self.entries(), on, self.review_days):
            recipient = recipient_of(
                item.entry.owner,
                is_staff=self.staff.is_staff,
                review_channel=self.review_channel,
            )
            grouped[recipient].append(item)
        return grouped

    def send_due(self, now: dt.datetime | None = None) -> ReviewRun:
        """Send this week's review to every recipient it is not yet sent to."""
        now = now or utcnow()
        week = week_of(now, self.timezone)
        run = ReviewRun()
        settled = _settled(self.engine, week)
        for recipient, items in self.groups(review_date(now, self.timezone)).items():
            if recipient.channel is None:
                log.warning(
                    "%d entr(ies) to review have no one to go to: set PARTNERBOT_REVIEW_CHANNEL",
                    len(items),
                )
                run.unrouted += len(items)
                continue
            if recipient.key in settled:
                run.already += 1
                continue
            ids = [item.entry.id for item in items]
            parts = [
                ids[i : i + ENTRIES_PER_MESSAGE] for i in range(0, len(ids), ENTRIES_PER_MESSAGE)
            ]
            row = _claim(self.engine, recipient, week, parts, now)
            if row is None:
                run.already += 1
                continue
            if self._send(row, recipient, {item.entry.id: item for item in items}):
                run.sent += 1
                run.recipients.append(recipient.key)
            else:
                run.failed += 1
        return run

    def _send(self, row: ReviewLedger, recipient: Recipient, due_now: dict[str, Due]) -> bool:
        try:
            for part in range(row.parts_sent, len(row.parts)):
                # An entry reviewed or retired since the claim is left out of its part.
                items = [due_now[i] for i in row.parts[part] if i in due_now]
                if items:
                    blocks, text = review_message(
                        recipient.who, items, self.review_days, part=part, parts=len(row.parts)
                    )
                    self.client.chat_postMessage(
                        channel=row.channel, blocks=blocks, text=text, unfurl_links=False
                    )
                if not _still_mine(self.engine, row, parts_sent=part + 1):
                    log.warning("the review for %s was taken over by another run", row.recipient)
                    return False
        except Exception as error:  # Slack said no, or could not be reached: a later run retries
            reason = error.response.get("error") if isinstance(error, SlackApiError) else error
            status = "gave_up" if row.attempts >= MAX_ATTEMPTS else "failed"
            log.warning("the review for %s (%s) failed: %s", row.recipient, row.week, reason)
            _still_mine(self.engine, row, status=status, last_error=str(reason))
            return False
        return _still_mine(self.engine, row, status="sent", sent_at=utcnow())
