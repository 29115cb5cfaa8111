"""The alert outbox against a misbehaving Slack: rate limits, 5xx, permanent errors, restarts.

Alerts are published through signed requests like a staff member would; the outbox runs
synchronously (`run_due`, with `now` moved forward past backoffs) unless a test is about the
worker thread or a real process restart.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import signal
import threading
import time

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot.core.models import Delivery, utcnow
from bot.services import Services
from bot.sharing import alerts, delivery, views
from tests.conftest import STAFF
from tests.support import flows
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import share_values
from tests.support.slack_requests import SlackSender, view_submission
from tests.support.waiting import eventually

WATER = "water-and-wastewater"
_names = itertools.count(1)
_ts = itertools.count(1)


# -- helpers -----------------------------------------------------------------------------------


def subscribe(slack: SlackSender, fake: FakeSlack, channel: str, text: str = "water") -> None:
    """Staff type `/ci subscribe <text>` in `channel`."""
    flows.subscribe(slack, fake, channel, text, STAFF)


def share_payload(title: str, tlp: str = "GREEN", sectors: tuple[str, ...] = (WATER,)) -> dict:
    values = share_values(title, tlp=tlp, sectors=sectors)
    return view_submission(views.SHARE_CALLBACK, values, STAFF, json.dumps({"channel": "C0"}))


def publish(slack: SlackSender, fake: FakeSlack, engine, title: str = "Pump station outage") -> int:
    """Staff publish a GREEN water alert; returns its id once it is stored (the receipt DM
    to the publisher is sent after that)."""
    before = len(fake.calls_to("chat.postMessage"))
    result = slack.send_interaction(share_payload(title))
    assert (result.status, result.body) == (200, "")
    [receipt] = fake.wait_for("chat.postMessage", count=before + 1)[before:]
    assert receipt.params["channel"] == STAFF
    [alert] = [a for a in alerts.listing(engine=engine) if a.title == title]
    return alert.id


def ok_post(call: Call) -> dict:
    """What Slack answers to a good chat.postMessage."""
    return {"ok": True, "channel": call.params["channel"], "ts": f"1700001000.{next(_ts):06d}"}


def claim(engine, alert_id: int, destination: str, at: dt.datetime, **values) -> None:
    """Mark a row `sending` as an outbox does when it takes it, at time `at`."""
    with Session(engine) as session:
        session.execute(
            update(Delivery)
            .where(Delivery.alert_id == alert_id, Delivery.destination == destination)
            .values(status="sending", updated_at=at, **values)
        )
        session.commit()


def successful_posts(fake: FakeSlack) -> collections.Counter[str]:
    """Alert copies Slack accepted, per channel (receipts to the publisher are not copies)."""
    return collections.Counter(
        c.params["channel"]
        for c in fake.calls_to("chat.postMessage")
        if c.status == 200 and c.params.get("text", "").startswith("TLP:")
    )


def rows(engine, alert_id: int | None = None) -> dict[str, Delivery]:
    with Session(engine) as session:
        query = select(Delivery)
        if alert_id is not None:
            query = query.where(Delivery.alert_id == alert_id)
        return {row.destination: row for row in session.exec(query).all()}


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive UTC datetimes back."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def later(moment: dt.datetime, seconds: float = 1) -> dt.datetime:
    """A moment `seconds` past `moment`."""
    return aware(moment) + dt.timedelta(seconds=seconds)


# -- Slack failures ------------------------------------------------------------------------------


def test_a_429_then_a_500_still_delivers_exactly_once_per_channel(slack, fake_slack, services):
    for channel in ("CA", "CB", "CC"):
        subscribe(slack, fake_slack, channel)
    alert_id = publish(slack, fake_slack, services.engine)
    fake_slack.fail_next("chat.postMessage", 429, headers={"Retry-After": "0"})
    fake_slack.fail_next("chat.postMessage", 500)

    services.outbox.run_due()

    assert successful_posts(fake_slack) == {"CA": 1, "CB": 1, "CC": 1}
    answered = collections.Counter(c.status for c in fake_slack.calls_to("chat.postMessage"))
    assert answered == {429: 1, 500: 1, 200: 1 + 3}  # the receipt and the three copies
    assert {d: r.status for d, r in rows(services.engine, alert_id).items()} == dict.fromkeys(
        ("CA", "CB", "CC"), "sent"
    )
    assert services.outbox.run_due(now=later(utcnow(), 3600)) == 0
    assert successful_posts(fake_slack) == {"CA": 1, "CB": 1, "CC": 1}


def test_a_429_is_honoured_nothing_is_posted_before_retry_after(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CA")
    subscribe(slack, fake_slack, "CB")
    alert_id = publish(slack, fake_slack, services.engine)
    fake_slack.fail_next("chat.postMessage", 429, headers={"Retry-After": "30"})
    started = utcnow()

    services.outbox.run_due()
    services.outbox.run_due(now=later(started, 20))
    assert successful_posts(fake_slack) == {}
    limited = [r for r in rows(services.engine, alert_id).values() if r.last_error]
    assert [(r.status, r.last_error) for r in limited] == [("pending", "ratelimited")]
    assert aware(limited[0].next_attempt_at) >= later(started, 30)

    services.outbox.run_due(now=later(started, 31))
    assert successful_posts(fake_slack) == {"CA": 1, "CB": 1}


def test_persistent_server_errors_keep_the_row_pending_with_backoff_until_slack_recovers(
    slack, fake_slack, services
):
    """HTTP 502 (the client itself retries only 500 and 503, so each pass is one attempt)."""
    subscribe(slack, fake_slack, "CA")
    alert_id = publish(slack, fake_slack, services.engine)
    fake_slack.fail_next("chat.postMessage", 502, times=2)

    services.outbox.run_due()
    first = rows(services.engine, alert_id)["CA"]
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "fatal_error")
    assert services.outbox.run_due() == 0  # not due yet: backing off

    # The pass runs at the moment the row is due, no later: a later moment could also cover the
    # retry this pass schedules (backoffs are jittered) and the pass would make two attempts.
    services.outbox.run_due(now=aware(first.next_attempt_at))
    second = rows(services.engine, alert_id)["CA"]
    assert (second.status, second.attempts) == ("pending", 2)
    assert second.next_attempt_at - second.updated_at > first.next_attempt_at - first.updated_at

    services.outbox.run_due(now=later(second.next_attempt_at))
    delivered = rows(services.engine, alert_id)["CA"]
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("sent", 3, None)
    assert delivered.message_ts
    assert successful_posts(fake_slack) == {"CA": 1}


def test_a_row_that_never_gets_through_fails_after_the_last_attempt(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CA")
    alert_id = publish(slack, fake_slack, services.engine)
    fake_slack.fail_next("chat.postMessage", 502, times=100)

    now = utcnow()
    for _ in range(20):
        services.outbox.run_due(now=now)
        now = later(now, 3600)
    row = rows(services.engine, alert_id)["CA"]
    assert (row.status, row.attempts, row.last_error) == ("failed", 8, "fatal_error")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1 + 8  # the receipt, 8 attempts


def test_a_permanent_error_fails_the_row_at_once_and_is_not_retried(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CGONE")
    subscribe(slack, fake_slack, "CFINE")
    alert_id = publish(slack, fake_slack, services.engine)
    fake_slack.set_response(
        "chat.postMessage",
        lambda call: (
            {"ok": False, "error": "channel_not_found"}
            if call.params["channel"] == "CGONE"
            else ok_post(call)
        ),
    )

    services.outbox.run_due()
    services.outbox.run_due(now=later(utcnow(), 3600))

    by_channel = rows(services.engine, alert_id)
    assert (by_channel["CGONE"].status, by_channel["CGONE"].attempts) == ("failed", 1)
    assert by_channel["CGONE"].last_error == "channel_not_found"
    assert by_channel["CFINE"].status == "sent"
    tried = collections.Counter(
        c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")
    )
    assert tried == {STAFF: 1, "CGONE": 1, "CFINE": 1}


# -- restarts ----------------------------------------------------------------------------------


def test_a_new_process_takes_up_rows_left_sending_and_pending_and_posts_each_once(
    slack, fake_slack, services, settings
):
    for channel in ("CA", "CB", "CC"):
        subscribe(slack, fake_slack, channel)
    delivered = publish(slack, fake_slack, services.engine, "Already delivered")
    services.outbox.run_due()
    interrupted = publish(slack, fake_slack, services.engine, "Interrupted")
    copies_before = successful_posts(fake_slack)
    assert copies_before == {"CA": 1, "CB": 1, "CC": 1}
    # The first process died in the middle of its work, longer ago than a claim lasts: it had
    # claimed the post of the new alert to CA and the in-place update of the delivered copy
    # in CB (after an edit).
    claimed_long_ago = utcnow() - delivery.LEASE - dt.timedelta(seconds=1)
    claim(services.engine, interrupted, "CA", at=claimed_long_ago)
    claim(services.engine, delivered, "CB", at=claimed_long_ago, stale=True)
    copy_in_cb = rows(services.engine, delivered)["CB"]

    second = Services.start(settings)
    try:
        assert second.outbox.run_due() == 4
    finally:
        second.engine.dispose()

    assert successful_posts(fake_slack) - copies_before == {"CA": 1, "CB": 1, "CC": 1}
    [refresh] = fake_slack.calls_to("chat.update")
    assert (refresh.params["channel"], refresh.params["ts"]) == (
        copy_in_cb.posted_channel,
        copy_in_cb.message_ts,
    )
    assert {d: r.status for d, r in rows(services.engine, interrupted).items()} == dict.fromkeys(
        ("CA", "CB", "CC"), "sent"
    )
    assert rows(services.engine, delivered)["CB"].stale is False


def test_a_starting_process_leaves_a_row_another_is_posting_until_its_claim_runs_out(
    slack, fake_slack, services, settings
):
    subscribe(slack, fake_slack, "CA")
    alert_id = publish(slack, fake_slack, services.engine)
    claim(services.engine, alert_id, "CA", at=utcnow())  # another process is posting it now

    second = Services.start(settings)
    second.outbox.start(poll_seconds=0.05)
    try:
        time.sleep(0.5)  # ten passes of its outbox
        assert successful_posts(fake_slack) == {}
        claim(services.engine, alert_id, "CA", at=utcnow() - delivery.LEASE)  # it went quiet
        eventually(lambda: rows(services.engine)["CA"].status == "sent", 5, "the copy to CA")
    finally:
        second.outbox.stop()
        second.engine.dispose()
    assert successful_posts(fake_slack) == {"CA": 1}


def test_a_claim_is_renewed_while_slack_takes_its_time(
    slack, fake_slack, services, settings, monkeypatch
):
    """A post that outlasts the lease keeps its claim: another outbox does not post it too."""
    monkeypatch.setattr(delivery, "LEASE", dt.timedelta(seconds=0.3))
    subscribe(slack, fake_slack, "CA")
    posting = threading.Event()

    def slow_copy(call: Call) -> dict:
        if call.params.get("text", "").startswith("TLP:"):
            posting.set()
            time.sleep(1.0)
        return ok_post(call)

    fake_slack.set_response("chat.postMessage", slow_copy)
    services.outbox.start(poll_seconds=60, renew_seconds=0.05)
    publish(slack, fake_slack, services.engine)
    assert posting.wait(5)
    time.sleep(0.5)  # past the lease, had the claim not been renewed
    second = Services.start(settings)
    try:
        assert second.outbox.run_due() == 0
    finally:
        second.engine.dispose()
    eventually(lambda: rows(services.engine)["CA"].status == "sent", 5, "the slow post")
    assert successful_posts(fake_slack) == {"CA": 1}


def test_the_running_outbox_delivers_as_soon_as_an_alert_is_published(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CA")
    subscribe(slack, fake_slack, "CB")
    services.outbox.start(poll_seconds=60)  # a poll would come too late: notify wakes it
    slack.send_interaction(share_payload("Delivered at once"))
    fake_slack.wait_for("chat.postMessage", count=3, timeout=5)  # the receipt and 2 copies
    assert successful_posts(fake_slack) == {"CA": 1, "CB": 1}


# -- a real process, killed with SIGKILL mid-delivery -------------------------------------------


def publish_slowly(partnerbot, fake: FakeSlack, channels: list[str], title: str):
    """A `serve` process with the channels subscribed publishes an alert that Slack takes
    0.3 s a post to accept; returns the process once two copies are out."""
    bot, process = partnerbot.serve()
    for channel in channels:
        subscribe(bot, fake, channel)

    def slow_post(call: Call) -> dict:
        time.sleep(0.3)
        return ok_post(call)

    fake.set_response("chat.postMessage", slow_post)
    assert bot.send_interaction(share_payload(title)).status == 200
    fake.wait_for("chat.postMessage", count=3, timeout=10)  # the receipt and 2 copies
    return process


def test_kill_9_mid_delivery_then_restart_delivers_every_channel(partnerbot, fake_slack, services):
    """The bound: every channel gets the alert at least once, and at most once, except the
    one post that may have been in flight when the process died (Slack had it, the database
    did not yet say so): that channel may get it twice. Never more than one such channel,
    because the outbox posts one row at a time."""
    channels = [f"CRESTART{n:02d}" for n in range(10)]
    first = publish_slowly(partnerbot, fake_slack, channels, "Chlorine leak at plant 3")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    at_kill = successful_posts(fake_slack)
    assert sum(at_kill.values()) < len(channels)  # the restart has work left to do
    with Session(services.engine) as session:  # time passes: the dead process's claim runs out
        session.execute(
            update(Delivery)
            .where(Delivery.status == "sending")
            .values(updated_at=utcnow() - delivery.LEASE)
        )
        session.commit()

    partnerbot.serve()
    eventually(
        lambda: (
            all(r.status == "sent" for r in rows(services.engine).values())
            and len(rows(services.engine)) == len(channels)
        ),
        30,
        "every delivery row to be sent",
    )

    copies = successful_posts(fake_slack)
    assert set(copies) == set(channels)
    assert all(1 <= n <= 2 for n in copies.values()), copies
    assert sum(n == 2 for n in copies.values()) <= 1, copies


def test_two_processes_on_one_postgresql_answer_once_deliver_once_schedule_once(
    partnerbot, fake_slack, services
):
    """Scale-out: two `serve` processes behind no shared memory, one PostgreSQL database."""
    if not services.settings.database_url.startswith("postgresql"):
        pytest.skip("scale-out runs on PostgreSQL")
    channels = [f"CSCALE{n:02d}" for n in range(6)]
    first, _ = partnerbot.serve()
    second, _ = partnerbot.serve()
    for channel in channels:
        subscribe(first if channel.endswith(("0", "2", "4")) else second, fake_slack, channel)

    # The same event, delivered to each process (Slack retrying through a load balancer).
    event = {
        "type": "app_mention",
        "user": "U1",
        "channel": "CASK",
        "ts": "1700000000.000001",
        "text": "<@UBOT> who leads the dams sector",
    }
    for attempt, bot in enumerate((first, second, first)):
        headers = {"X-Slack-Retry-Num": str(attempt)} if attempt else None
        assert bot.send_event(event, event_id="EvSCALEOUT", headers=headers).status == 200
    fake_slack.wait_for("chat.postMessage")
    time.sleep(0.5)  # a second reply, if any, would come from the other process by now
    answers = [c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "CASK"]
    assert len(answers) == 1

    # An alert published through one process: both outboxes run, each channel gets one copy.
    assert second.send_interaction(share_payload("Valve failure at station 9")).status == 200
    eventually(
        lambda: (
            len(rows(services.engine)) == len(channels)
            and all(r.status == "sent" for r in rows(services.engine).values())
        ),
        30,
        "every delivery row to be sent",
    )
    copies = successful_posts(fake_slack)
    assert {c: copies[c] for c in channels} == dict.fromkeys(channels, 1)

    # Exactly one of the two runs the digest scheduler.
    assert sum("this process runs the digest scheduler" in log for log in partnerbot.logs()) == 1


def test_sigterm_mid_delivery_stops_between_two_posts_and_a_restart_sends_the_rest_once(
    partnerbot, fake_slack, services
):
    """A graceful stop lets the post in flight finish and leaves the rest pending: after the
    restart every channel has exactly one copy, none lost, none twice."""
    channels = [f"CSIGTERM{n:02d}" for n in range(10)]
    first = publish_slowly(partnerbot, fake_slack, channels, "Boil-water notice")
    first.send_signal(signal.SIGTERM)
    assert first.wait(15) == 0
    at_stop = rows(services.engine)
    assert {r.status for r in at_stop.values()} <= {"sent", "pending"}, at_stop
    assert 0 < sum(r.status == "sent" for r in at_stop.values()) < len(channels)
    assert successful_posts(fake_slack) == collections.Counter(
        {c: 1 for c, r in at_stop.items() if r.status == "sent"}
    )

    partnerbot.serve()
    eventually(
        lambda: all(r.status == "sent" for r in rows(services.engine).values()),
        30,
        "every delivery row to be sent",
    )
    assert successful_posts(fake_slack) == collections.Counter(dict.fromkeys(channels, 1))


def test_a_retried_event_is_answered_once_across_a_restart(partnerbot, fake_slack):
    event = {
        "type": "app_mention",
        "user": "U1",
        "channel": "CRETRY",
        "ts": "1700000000.000002",
        "text": "<@UBOT> who leads the energy sector",
    }
    bot, first = partnerbot.serve()
    assert bot.send_event(event, event_id="EvRESTART").status == 200
    fake_slack.wait_for("chat.postMessage")
    first.send_signal(signal.SIGTERM)
    assert first.wait(15) == 0

    again, _ = partnerbot.serve()
    for attempt in (1, 2):
        headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
        assert again.send_event(event, event_id="EvRESTART", headers=headers).status == 200
    fake_slack.assert_no_calls("chat.postMessage", within=1.0, beyond=1)
