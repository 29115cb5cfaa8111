"""The inbox on both databases: an event stored once, claimed by one worker at a time, taken
up again when its worker died, and settled so that the asker's words do not stay."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from bot.core import metrics
from bot.core.models import InboxEvent, Question
from bot.runtime import intake
from bot.runtime.app import create_inbox_worker
from bot.runtime.inbox import LEASE, pending
from bot.runtime.intake import Intake, QuestionInbox, accept
from bot.services import Services
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import (
    SlackSender,
    app_home_opened,
    app_mention,
    event_callback,
    interaction,
    retry_headers,
    slash_command,
    wsgi_environ,
)


def store_mention(services: Services, text: str, event_id: str) -> None:
    body, _ = event_callback(app_mention(f"<@UBOT> {text}", "UASKER", "CASK"), event_id=event_id)
    assert accept(services.engine, event_id, body)


def row(services: Services, event_id: str) -> InboxEvent:
    with Session(services.engine) as session:
        return session.get(InboxEvent, event_id)


def test_an_event_is_stored_once_and_a_redelivery_is_not(services: Services):
    body, _ = event_callback(app_mention("<@UBOT> hi", "U1", "C1"), event_id="Ev0FIRST")
    assert accept(services.engine, "Ev0FIRST", body) is True
    assert accept(services.engine, "Ev0FIRST", body) is False
    assert accept(services.engine, "Ev0OTHER", body) is True
    assert pending(services.engine) == 2


def test_a_large_batch_is_stored_in_several_statements_each_event_once(services: Services):
    events = [(f"EvBATCH{n}", "{}") for n in range(2 * intake._ROWS_PER_INSERT + 10)]
    with services.engine.begin() as connection:
        assert intake._insert(connection, events) == {event_id for event_id, _ in events}
    with services.engine.begin() as connection:
        again = intake._insert(connection, [events[0], ("EvBATCH-new", "{}")])
    assert again == {"EvBATCH-new"}
    assert pending(services.engine) == len(events) + 1
    stored = row(services, "EvBATCH7")
    assert (stored.status, stored.body, stored.attempts) == ("pending", "{}", 0)
    assert stored.received_at is not None


def test_requests_arriving_together_share_a_commit_and_a_repeat_is_stored_once(
    services: Services,
):
    writer = Intake(services.engine)
    body, _ = event_callback(app_mention("<@UBOT> hi", "U1", "C1"))
    results: list[tuple[str, bool]] = []

    def deliver(event_id: str) -> None:
        results.append((event_id, writer.accept(event_id, body)))

    # 20 distinct events and the same event 10 times, all at once.
    ids = [f"EvTOGETHER{n:02d}" for n in range(20)] + ["EvSAME"] * 10
    threads = [threading.Thread(target=deliver, args=(event_id,)) for event_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    stored = [event_id for event_id, new in results if new]
    assert len(results) == len(ids)
    assert sorted(stored) == sorted({*ids})  # every distinct one once, EvSAME once
    assert pending(services.engine) == 21


def test_a_question_event_without_an_event_id_gets_400(slack: SlackSender, fake_slack: FakeSlack):
    body, content_type = event_callback(app_mention("<@UBOT> who leads dams", "U1", "C1"))
    broken = body.replace('"event_id"', '"not_the_event_id"')
    assert slack.post(broken, content_type)[0] == 400
    fake_slack.assert_no_calls("chat.postMessage")


def test_a_worker_answers_the_oldest_first_and_forgets_the_body(
    services: Services, fake_slack: FakeSlack
):
    store_mention(services, "who leads the dams sector", "Ev1")
    store_mention(services, "who leads the water sector", "Ev2")
    worker = create_inbox_worker(services)

    assert worker.run_due() == 2

    posts = fake_slack.calls_to("chat.postMessage")
    assert [call.params["channel"] for call in posts] == ["CASK", "CASK"]
    assert "Dams" in posts[0].params["text"] and "Water" in posts[1].params["text"]
    for event_id in ("Ev1", "Ev2"):
        settled = row(services, event_id)
        assert (settled.status, settled.body, settled.attempts) == ("done", None, 1)
    assert pending(services.engine) == 0
    assert worker.run_due() == 0  # done is done


def test_a_claimed_row_waits_for_its_lease_then_is_taken_again(services: Services):
    store_mention(services, "who leads dams", "EvLEASE")
    first = create_inbox_worker(services)
    second = create_inbox_worker(services)

    (claimed,) = first.claim()
    assert claimed.event_id == "EvLEASE"
    assert second.claim(limit=5) == []  # another worker holds it

    # That worker died: once the lease has run out, another takes the row up.
    with Session(services.engine) as session:
        stored = session.get(InboxEvent, "EvLEASE")
        stored.claimed_at = stored.claimed_at - LEASE - dt.timedelta(seconds=1)
        session.add(stored)
        session.commit()
    (again,) = second.claim()
    assert again.event_id == "EvLEASE" and again.attempts == 2


def test_two_workers_answer_each_question_once(services: Services, fake_slack: FakeSlack, settings):
    """Two workers with their own engines, as two processes would be, on one database."""
    count = 40
    for number in range(count):
        store_mention(services, "who leads the dams sector", f"EvTWO{number:03d}")
    other = Services.start(settings)
    workers = [
        create_inbox_worker(services),
        create_inbox_worker(other),
    ]
    worked: list[int] = []
    threads = [threading.Thread(target=lambda w=w: worked.append(w.run_due())) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.engine.dispose()

    assert sum(worked) == count
    assert len(fake_slack.calls_to("chat.postMessage")) == count
    with Session(services.engine) as session:
        assert len(session.exec(select(Question)).all()) == count


def test_the_worker_threads_answer_what_is_stored_and_stop_cleanly(
    services: Services, fake_slack: FakeSlack
):
    worker = create_inbox_worker(services, threads=4)
    worker.start()
    try:
        for number in range(10):
            store_mention(services, "who leads the dams sector", f"EvPOOL{number}")
            worker.notify()
        fake_slack.wait_for("chat.postMessage", 10)
    finally:
        worker.stop()
    assert pending(services.engine) == 0
    store_mention(services, "who leads dams", "EvAFTER")
    fake_slack.assert_no_calls("chat.postMessage", beyond=10)  # stopped: it stays pending
    assert pending(services.engine) == 1


def test_over_http_acks_a_question_and_leaves_all_else_to_bolt(services: Services):
    """`over_http` sees bodies whose signature bot.runtime.gate checked: it stores questions
    (events, and `/ci` questions) and leaves everything else to Bolt."""
    ack = QuestionInbox(services.engine).over_http()
    question, json_type = event_callback(app_mention("<@UBOT> hi", "U1", "C1"), event_id="EvHTTP")
    home, _ = event_callback(app_home_opened("U1"))
    respond_to = "http://127.0.0.1:1/respond"
    subcommand, form_type = slash_command(
        "sectors", user_id="U1", channel_id="C1", response_url=respond_to
    )
    help_command, _ = slash_command("", user_id="U1", channel_id="C1", response_url=respond_to)
    click, _ = interaction({"type": "block_actions", "actions": [{"action_id": "x"}]})
    left_to_bolt = {
        "a subcommand": (subcommand, form_type),
        "/ci alone (help)": (help_command, form_type),
        "a button": (click, form_type),
        "another event": (home, json_type),
    }
    for case, (body, content_type) in left_to_bolt.items():
        assert ack(body, wsgi_environ(body, content_type, {})) is None, case
    for junk in ("[1, 2]", "null", "{not json", "[" * 5000 + "]" * 5000):  # never from Slack
        assert ack(junk, wsgi_environ(junk, json_type, {}))[0] == 400
    assert pending(services.engine) == 0

    assert ack(question, wsgi_environ(question, json_type, {})) == (200, "")
    assert row(services, "EvHTTP").body == question
    again = wsgi_environ(question, json_type, retry_headers(1))
    assert ack(question, again) == (200, "")  # acked, not stored twice
    assert pending(services.engine) == 1

    for text in ("ask who leads dams", "who leads dams"):
        asked, _ = slash_command(
            text, user_id="U1", channel_id="C1", response_url=respond_to, trigger_id=f"T-{text}"
        )
        assert ack(asked, wsgi_environ(asked, form_type, {})) == (200, "")
        stored = json.loads(row(services, f"command:T-{text}").body)
        assert (stored["command"], stored["text"]) == ("/ci", text)
    assert pending(services.engine) == 3


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_on_sqlite_an_ack_waits_out_another_writer_and_gives_up_past_its_timeout(
    services: Services, monkeypatch: pytest.MonkeyPatch
):
    """The intake asks SQLite not to wait for its lock and tries again itself; a writer that
    lets go in time is waited out (and the wait shows in /metrics), one that does not makes
    the request fail (Slack retries)."""
    writer = Intake(services.engine)
    body, _ = event_callback(app_mention("<@UBOT> hi", "U1", "C1"))
    count_before, seconds_before = lock_waits()
    assert writer.accept("EvFREE", body) is True
    assert lock_waits() == (count_before, seconds_before)  # nobody held the lock: not counted
    other = services.engine.raw_connection()
    try:
        other.execute("BEGIN IMMEDIATE")  # another process's write transaction, say
        threading.Timer(0.3, other.rollback).start()
        started = time.monotonic()
        assert writer.accept("EvAFTERLOCK", body) is True
        assert time.monotonic() - started >= 0.25
        count, seconds = lock_waits()
        assert count - count_before == 1 and 0.25 <= seconds - seconds_before < 2.5

        monkeypatch.setattr(intake, "INTAKE_TIMEOUT_SECONDS", 0.2)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises((OperationalError, TimeoutError)):  # the writer's, or the wait's
            writer.accept("EvNEVER", body)
        time.sleep(0.3)  # past the writer's own deadline too
        other.rollback()
    finally:
        other.close()
    assert pending(services.engine) == 2


def lock_waits() -> tuple[float, float]:
    """The intake's lock waits so far: how many, and their seconds in all."""
    name = "partnerbot_intake_lock_wait_seconds"
    return tuple(metrics.REGISTRY.get_sample_value(f"{name}_{part}") for part in ("count", "sum"))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_intake_replaces_a_connection_the_server_dropped(services: Services):
    """The intake's writer keeps its connection between commits; when PostgreSQL ends it (a
    restart, an idle timeout), the next ack goes through on a new one rather than failing."""
    writer = Intake(services.engine)
    body, _ = event_callback(app_mention("<@UBOT> hi", "U1", "C1"))
    assert writer.accept("EvBEFORE", body) is True
    with services.engine.connect() as admin:
        ended = admin.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).all()
    assert ended, "the intake's connection was not open"
    assert writer.accept("EvAFTER", body) is True
    assert pending(services.engine) == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_claim_costs_the_same_with_a_backlog_of_thousands(services: Services):
    """A claim holds SQLite's write lock, which every ack waits for: it must read the rows it
    takes, not every pending row. Counted in SQLite's VM steps, which do not drift as time does."""
    worker = create_inbox_worker(services)
    steps = [0]

    def count_steps() -> int:
        steps[0] += 1
        return 0  # go on

    def count_from(conn, cursor, statement, parameters, context, executemany) -> None:
        conn.connection.driver_connection.set_progress_handler(count_steps, 10)

    def steps_of_a_claim(backlog: int) -> int:
        events = [(f"EvBACKLOG{backlog}-{n}", "{}") for n in range(backlog)]
        with services.engine.begin() as connection:
            intake._insert(connection, events)
        steps[0] = 0
        event.listen(services.engine, "before_cursor_execute", count_from)
        try:
            assert len(worker.claim(limit=4)) == 4
        finally:
            event.remove(services.engine, "before_cursor_execute", count_from)
        return steps[0]

    few, thousands = steps_of_a_claim(10), steps_of_a_claim(3000)
    assert thousands < 2 * few, (few, thousands)
