"""A digest whose sender died mid-send is not lost: its ledger row has a lease, and once the lease
has run out the next run takes the row over and sends the digest, once.

The lease's running out is time passing: tests move the row's `claimed_at` back rather than
wait ten minutes, as the inbox tests do with their claims.
"""

from __future__ import annotations

import datetime as dt
import signal

from sqlmodel import Session, select

from bot.core.models import DigestLedger, utcnow
from bot.outreach import digests as digests_module
from bot.outreach.digests import LEASE
from bot.outreach.periods import current, latest_due
from bot.services import Services
from tests.outreach.test_digests import (
    CHANNEL,
    DAMS,
    WATER,
    alert,
    ny,
    posts,
    settle_knowledge,
    store,
    subscribe,
)
from tests.support.fake_slack import FakeSlack
from tests.support.processes import Processes
from tests.support.waiting import eventually

NEW_YORK = "America/New_York"


def ledger_row(services: Services, period: str) -> DigestLedger:
    with Session(services.engine) as session:
        return session.exec(select(DigestLedger).where(DigestLedger.period == period)).one()


def age_the_lease(services: Services, period: str, by: dt.timedelta) -> None:
    """Time passes for the row's lease."""
    with Session(services.engine) as session:
        row = session.exec(select(DigestLedger).where(DigestLedger.period == period)).one()
        row.claimed_at = row.claimed_at - by
        session.add(row)
        session.commit()


def test_a_row_left_sending_is_taken_over_once_its_lease_has_run_out(
    services: Services, fake_slack: FakeSlack
):
    settle_knowledge(services)
    subscribe(services.engine, CHANNEL, WATER)
    store(services.engine, alert("While its sender died", published_at=ny(2026, 11, 23, 15)))
    period = latest_due("daily", ny(2026, 11, 24, 9, 30), NEW_YORK)
    # A run claimed the row and died before it posted anything.
    assert digests_module._claim(services.engine, CHANNEL, period) is not None

    assert services.digests.send_due(ny(2026, 11, 24, 9, 31)).already == 1  # it may be alive
    assert posts(fake_slack) == []
    age_the_lease(services, period.key, LEASE + dt.timedelta(seconds=1))
    assert services.digests.unfinished(ny(2026, 11, 24, 9, 45))
    assert services.digests.send_due(ny(2026, 11, 24, 9, 45)).sent == 1
    assert services.digests.send_due(ny(2026, 11, 24, 10)).already == 1
    [post] = posts(fake_slack, CHANNEL)
    assert "While its sender died" in str(post.params["blocks"])
    assert ledger_row(services, period.key).status == "sent"
    assert not services.digests.unfinished(ny(2026, 11, 24, 10))


def test_a_sender_whose_row_was_taken_over_writes_nothing_more(services: Services):
    """A sender that stalled past its lease finds, at its next write, that another run has
    the row: it stops there (at most the part it had in flight is posted twice)."""
    period = latest_due("daily", ny(2026, 11, 24, 9, 30), NEW_YORK)
    stalled = digests_module._claim(services.engine, CHANNEL, period)
    assert digests_module._claim(services.engine, CHANNEL, period) is None  # the lease holds
    age_the_lease(services, period.key, LEASE + dt.timedelta(seconds=1))
    taker = digests_module._claim(services.engine, CHANNEL, period)
    assert taker is not None

    assert digests_module._write(services.engine, stalled, parts_sent=1) is False
    assert digests_module._write(services.engine, taker, parts_sent=1, message_ts="1.2") is True
    assert digests_module._write(services.engine, taker, status="sent") is True
    row = ledger_row(services, period.key)
    assert (row.status, row.parts_sent, row.message_ts) == ("sent", 1, "1.2")


def test_a_digest_run_killed_while_slack_fails_is_sent_once_slack_is_back(
    services: Services, fake_slack: FakeSlack, partnerbot: Processes
):
    """The reproduction: a channel with a daily dams digest and a published alert; Slack
    answers chat.postMessage 500; `digest run --now` is killed (-9) while it retries. While
    its lease may still be its sender's, later runs leave the row alone; once it has run out,
    the next run sends the digest, once."""
    settle_knowledge(services)
    subscribe(services.engine, CHANNEL, DAMS)
    store(services.engine, alert("Spillway gate", sectors=(DAMS,), published_at=utcnow()))
    period = current("daily", utcnow(), NEW_YORK)
    fake_slack.fail_next("chat.postMessage", status=500, times=10_000)

    killed = partnerbot.run("digest", "run", "--now")
    fake_slack.wait_for("chat.postMessage", timeout=30)  # claimed, and retrying
    killed.send_signal(signal.SIGKILL)
    killed.wait(10)
    assert ledger_row(services, period.key).status == "sending"

    fake_slack.reset()  # Slack is back
    too_soon = partnerbot.run("digest", "run", "--now")
    assert too_soon.wait(60) == 0
    assert "0 sent" in partnerbot.logs()[-1] and "1 already sent" in partnerbot.logs()[-1]
    assert posts(fake_slack) == []

    age_the_lease(services, period.key, LEASE + dt.timedelta(seconds=1))
    taking_over = partnerbot.run("digest", "run", "--now")
    assert taking_over.wait(60) == 0
    assert "1 sent" in partnerbot.logs()[-1]
    again = partnerbot.run("digest", "run", "--now")
    assert again.wait(60) == 0
    eventually(lambda: "1 already sent" in partnerbot.logs()[-1], what="the last run's line")
    [post] = posts(fake_slack, CHANNEL)
    assert "Spillway gate" in str(post.params["blocks"])
    assert ledger_row(services, period.key).status == "sent"
