"""A delivery that can never succeed ends, counted, shown to staff, and never loops; one that
can still succeed backs off and gets all its attempts (SPEC: reliability).

A delivered copy is updated in place after an edit or a retraction; here Slack answers that
update with a permanent error (the message was deleted, the bot left the channel, ...), or is
down for a while. The outbox runs on its own thread where a loop would show as calls that
never stop, and otherwise synchronously, with time moved forward past its backoffs.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import threading

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot.core.metrics import REGISTRY
from bot.core.models import Delivery, utcnow
from bot.sharing import alerts, delivery, views
from tests.conftest import STAFF
from tests.sharing.test_alerts import (
    alert_posts,
    click,
    only_alert,
    published,
    reply_to,
    submit_edit,
    subscribe,
)
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import all_text, next_call, open_home
from tests.support.waiting import eventually


def row(services, destination: str) -> Delivery:
    with Session(services.engine) as session:
        return session.exec(select(Delivery).where(Delivery.destination == destination)).one()


def state(services, destination: str) -> tuple[str, bool]:
    """A row's status and whether its copy awaits an update, read together: a running outbox
    may claim the row between two reads ("sent" and stale, then "sending" and not stale)."""
    found = row(services, destination)
    return found.status, found.stale


def due(delivery_row: Delivery) -> dt.datetime:
    """When the row's next attempt is due (SQLite gives naive UTC back)."""
    moment = delivery_row.next_attempt_at
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def ended_count(step: str, reason: str) -> float:
    labels = {"step": step, "reason": reason}
    return REGISTRY.get_sample_value("partnerbot_deliveries_ended_total", labels) or 0.0


def updates_of(fake: FakeSlack, channel: str) -> list[Call]:
    return [c for c in fake.calls_to("chat.update") if c.params["channel"] == channel]


def run_outbox(services, now: dt.datetime | None = None) -> int:
    """One synchronous pass of the outbox, on a thread: a pass that never ends (a row that
    keeps coming back) fails the test instead of hanging it."""
    worked: list[int] = []
    thread = threading.Thread(target=lambda: worked.append(services.outbox.run_due(now=now)))
    thread.start()
    thread.join(10)
    if thread.is_alive():
        services.outbox.stop()  # ends the runaway pass between two rows
        thread.join(10)
        pytest.fail("the outbox kept working on rows that were due again at once")
    return worked[0]


def delivered_green_alert(slack, fake_slack, services, channels=("CGONE",)) -> Call:
    """A GREEN water alert delivered to `channels`; returns the staff receipt."""
    for channel in channels:
        subscribe(slack, fake_slack, channel, "water")
    receipt = published(slack, fake_slack, services, title="Pump station outage")
    assert run_outbox(services) == len(channels)
    assert {c.params["channel"] for c in alert_posts(fake_slack)} == set(channels)
    return receipt


def retract(slack, fake_slack, services, receipt: Call) -> None:
    name = click(slack, fake_slack, views.RETRACT, only_alert(services).id, STAFF, receipt)
    reply_to(fake_slack, name)  # sent once the retraction is stored


def edit(slack, fake_slack, services, title: str = "Pump station outage, corrected") -> None:
    metadata = json.dumps({"alert_id": only_alert(services).id})
    submit_edit(slack, STAFF, metadata, title=title, details="Corrected details.")
    # Stored, and the receipt refreshed with the new title (the handler's own refresh).
    next_call(
        fake_slack, "chat.update", lambda c: c.params["channel"] == STAFF and refreshed(c, title)
    )


def refreshed(call: Call, title: str) -> bool:
    return title in json.dumps(call.params.get("blocks"))


CHANGES = {
    "retract": retract,
    "edit": lambda slack, fake_slack, services, receipt: edit(slack, fake_slack, services),
}


def receipt_says_ended(call: Call) -> bool:
    """The receipt's refresh that tells staff a delivery ended (an edit refreshes it too)."""
    return call.params["channel"] == STAFF and "ended for good" in json.dumps(call.params["blocks"])


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize(
    "error", ["message_not_found", "channel_not_found", "is_archived", "not_in_channel"]
)
def test_an_update_slack_refuses_for_good_ends_the_row_once_and_never_loops(
    slack, fake_slack, services, change, error
):
    """The reproduction: a delivered copy, then chat.update answers a permanent error. Before,
    the row went back to `sent` + stale with its next attempt in the past: thousands of
    chat.update calls a second, for ever."""
    receipt = delivered_green_alert(slack, fake_slack, services)
    fake_slack.refuse("chat.update", error, where=lambda c: c.params["channel"] == "CGONE")
    before = ended_count("update", error)

    CHANGES[change](slack, fake_slack, services, receipt)
    services.outbox.start(poll_seconds=0.05)
    eventually(lambda: row(services, "CGONE").status == "update_failed", 5, "the row to end")
    next_call(fake_slack, "chat.update", receipt_says_ended)
    fake_slack.assert_no_calls(
        "chat.update", within=0.5, beyond=len(fake_slack.calls_to("chat.update"))
    )

    ended = row(services, "CGONE")
    assert (ended.status, ended.last_error, ended.attempts) == ("update_failed", error, 1)
    assert len(updates_of(fake_slack, "CGONE")) == 1  # tried once: no retry can help
    assert ended_count("update", error) == before + 1
    assert services.outbox.run_due(now=utcnow() + dt.timedelta(days=1)) == 0


def test_the_staff_see_where_and_why_a_copy_was_not_updated(slack, fake_slack, services):
    receipt = delivered_green_alert(slack, fake_slack, services, channels=("CGONE", "CFINE"))
    fake_slack.refuse(
        "chat.update", "message_not_found", where=lambda c: c.params["channel"] == "CGONE"
    )
    retract(slack, fake_slack, services, receipt)
    run_outbox(services)

    # The publisher's receipt is refreshed in place: retracted, and the copy that was not.
    [refreshed] = [
        c for c in fake_slack.calls_to("chat.update") if c.params["ts"] == receipt_ts(services)
    ]
    assert refreshed.params["channel"] == STAFF
    text = all_text(refreshed.params["blocks"])
    assert "1 deliveries ended for good" in text
    assert "<#CGONE> not updated: message_not_found" in text
    assert "Edit" not in text  # a retracted alert offers no more changes
    # The Home tab's recent alerts count it with its reason.
    home = all_text(open_home(slack, fake_slack, STAFF)["blocks"])
    assert "1 not updated (message_not_found), 1 sent" in home
    assert state(services, "CFINE") == ("sent", False)


def receipt_ts(services) -> str:
    alert = only_alert(services)
    assert alert.receipt_channel == STAFF
    return alert.receipt_ts


def test_many_copies_ending_at_once_refresh_the_receipt_once(slack, fake_slack, services):
    """The receipt is a courtesy update on the outbox's one thread: one per alert and pass,
    however many of its copies Slack refused, not one per copy."""
    gone = ("CARCHIVED1", "CARCHIVED2", "CARCHIVED3")
    for channel in gone:
        subscribe(slack, fake_slack, channel, "water")
    fake_slack.refuse(
        "chat.postMessage", "is_archived", where=lambda c: c.params["channel"] in gone
    )
    published(slack, fake_slack, services)
    assert run_outbox(services) == 3

    assert [row(services, channel).status for channel in gone] == ["failed"] * 3
    [refreshed] = fake_slack.calls_to("chat.update")
    text = all_text(refreshed.params["blocks"])
    assert all(f"<#{channel}> not delivered: is_archived" in text for channel in gone)


def test_a_post_refused_for_good_is_shown_on_the_receipt_too(slack, fake_slack, services):
    subscribe(slack, fake_slack, "CARCHIVED", "water")
    fake_slack.refuse(
        "chat.postMessage", "is_archived", where=lambda c: c.params["channel"] == "CARCHIVED"
    )
    published(slack, fake_slack, services)
    before = ended_count("post", "is_archived")
    run_outbox(services)

    assert (row(services, "CARCHIVED").status, row(services, "CARCHIVED").attempts) == (
        "failed",
        1,
    )
    assert ended_count("post", "is_archived") == before + 1
    [refreshed] = fake_slack.calls_to("chat.update")
    assert "<#CARCHIVED> not delivered: is_archived" in all_text(refreshed.params["blocks"])
    assert "Retract" in all_text(refreshed.params["blocks"])  # still published: still managed


def test_an_update_after_a_hard_won_post_gets_attempts_of_its_own(slack, fake_slack, services):
    """A post that took seven failures, then one failed update: the update is retried, not
    ended at once for the post's attempts."""
    subscribe(slack, fake_slack, "CSLOW", "water")
    receipt = published(slack, fake_slack, services, title="Pump station outage")
    fake_slack.fail_next("chat.postMessage", 502, times=delivery.MAX_ATTEMPTS - 1)
    now = utcnow()
    while row(services, "CSLOW").status != "sent":
        run_outbox(services, now=now)
        now += delivery.MAX_BACKOFF * 2
    assert row(services, "CSLOW").attempts == delivery.MAX_ATTEMPTS

    fake_slack.fail_next("chat.update", 502)
    retract(slack, fake_slack, services, receipt)
    run_outbox(services)
    waiting = row(services, "CSLOW")
    assert (waiting.status, waiting.stale, waiting.attempts) == ("sent", True, 1)
    assert waiting.last_error == "fatal_error"

    run_outbox(services, now=utcnow() + delivery.MAX_BACKOFF * 2)
    updated = row(services, "CSLOW")
    assert (updated.status, updated.stale, updated.last_error) == ("sent", False, None)
    [_, landed] = updates_of(fake_slack, "CSLOW")
    assert landed.params["text"] == "Retracted: Pump station outage"


def test_an_edit_while_a_hard_won_post_is_in_flight_gives_the_update_attempts_of_its_own(
    slack, fake_slack, services
):
    """The same, when the edit lands while Slack holds the last attempt of the post: the
    outbox saves the post and starts the update from no attempts."""
    subscribe(slack, fake_slack, "CSLOW", "water")
    published(slack, fake_slack, services, title="Pump station outage")
    fake_slack.fail_next("chat.postMessage", 502, times=delivery.MAX_ATTEMPTS - 1)
    for _ in range(delivery.MAX_ATTEMPTS - 1):  # one attempt a pass: each when it is due
        run_outbox(services, now=due(row(services, "CSLOW")))
    assert row(services, "CSLOW").attempts == delivery.MAX_ATTEMPTS - 1
    with Session(services.engine) as session:  # the last attempt's time has come
        session.execute(update(Delivery).values(next_attempt_at=utcnow()))
        session.commit()
    in_flight, release = threading.Event(), threading.Event()

    def slow_post(call: Call) -> dict:
        in_flight.set()
        release.wait(5)
        return {"ok": True, "channel": call.params["channel"], "ts": "1700000077.000100"}

    fake_slack.set_response("chat.postMessage", slow_post)
    # The copy's update fails its first attempt (the receipt's refresh is another update).
    fake_slack.fail_next("chat.update", 502, where=lambda call: call.params["channel"] == "CSLOW")
    worker = threading.Thread(target=services.outbox.run_due)
    worker.start()
    assert in_flight.wait(5)
    edit(slack, fake_slack, services, "Corrected while in flight")
    release.set()
    worker.join(10)
    assert not worker.is_alive(), "the outbox kept working on a row due again at once"
    waiting = row(services, "CSLOW")
    assert (waiting.status, waiting.stale, waiting.attempts) == ("sent", True, 1)

    run_outbox(services, now=utcnow() + delivery.MAX_BACKOFF * 2)
    assert (row(services, "CSLOW").stale, row(services, "CSLOW").last_error) == (False, None)
    assert updates_of(fake_slack, "CSLOW")[-1].params["text"] == (
        "TLP:GREEN alert: Corrected while in flight"
    )


def test_an_update_that_keeps_failing_ends_after_its_own_attempts(slack, fake_slack, services):
    receipt = delivered_green_alert(slack, fake_slack, services, channels=("CFLAKY",))
    fake_slack.fail_next("chat.update", 502, times=100)
    before = ended_count("update", "attempts_exhausted")
    retract(slack, fake_slack, services, receipt)

    now = utcnow()
    for _ in range(delivery.MAX_ATTEMPTS + 3):
        run_outbox(services, now=now)
        now += delivery.MAX_BACKOFF * 2
    ended = row(services, "CFLAKY")
    assert (ended.status, ended.attempts, ended.last_error) == (
        "update_failed",
        delivery.MAX_ATTEMPTS,
        "fatal_error",
    )
    assert len(updates_of(fake_slack, "CFLAKY")) == delivery.MAX_ATTEMPTS
    assert ended_count("update", "attempts_exhausted") == before + 1


def test_a_slack_outage_delays_the_retraction_and_then_it_lands_once(slack, fake_slack, services):
    receipt = delivered_green_alert(slack, fake_slack, services, channels=("CA", "CB"))
    fake_slack.outage("chat.update", 1.0, status=503)
    retract(slack, fake_slack, services, receipt)
    services.outbox.start(poll_seconds=0.05)

    eventually(
        lambda: all(state(services, c) == ("sent", False) for c in ("CA", "CB")),
        15,
        "both retractions",
    )
    for channel in ("CA", "CB"):
        landed = [u for u in updates_of(fake_slack, channel) if u.status == 200]
        assert [u.params["text"] for u in landed] == ["Retracted: Pump station outage"]
        assert row(services, channel).status == "sent"
    # Backed off rather than hammered: a handful of attempts for a one-second outage (the
    # client itself retries a 503 up to three times per attempt).
    assert len(fake_slack.calls_to("chat.update")) <= 2 * 4 * 3


def test_an_update_rate_limited_waits_for_retry_after(slack, fake_slack, services):
    receipt = delivered_green_alert(slack, fake_slack, services, channels=("CA",))
    fake_slack.outage("chat.update", 60, status=429, retry_after=30)
    retract(slack, fake_slack, services, receipt)
    started = utcnow()
    run_outbox(services)

    waiting = row(services, "CA")
    assert (waiting.status, waiting.stale, waiting.attempts, waiting.last_error) == (
        "sent",
        True,
        0,
        "ratelimited",
    )
    assert waiting.next_attempt_at.replace(tzinfo=dt.UTC) >= started + dt.timedelta(seconds=30)
    assert services.outbox.paused_until >= started + dt.timedelta(seconds=30)


def test_backoff_doubles_is_capped_and_is_jittered():
    for attempts in range(1, 15):
        base = min(2.0**attempts, delivery.MAX_BACKOFF.total_seconds())
        waits = [delivery.backoff(attempts).total_seconds() for _ in range(200)]
        low, high = base * (1 - delivery.JITTER), base * (1 + delivery.JITTER)
        assert all(low <= wait <= high for wait in waits)
        assert statistics.pstdev(waits) > 0  # rows that failed together come back apart


def test_the_ended_rows_stay_ended_after_a_later_edit(slack, fake_slack, services):
    receipt = delivered_green_alert(slack, fake_slack, services, channels=("CGONE",))
    fake_slack.refuse(
        "chat.update", "message_not_found", where=lambda c: c.params["channel"] == "CGONE"
    )
    edit(slack, fake_slack, services, "First correction")
    run_outbox(services)
    assert row(services, "CGONE").status == "update_failed"

    edit(slack, fake_slack, services, "Second correction")
    assert run_outbox(services, now=utcnow() + dt.timedelta(hours=1)) == 0
    assert len(updates_of(fake_slack, "CGONE")) == 1
    assert alerts.ended_deliveries(engine=services.engine, alert_id=only_alert(services).id)
    del receipt
