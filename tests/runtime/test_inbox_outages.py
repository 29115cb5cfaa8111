"""An acked question is answered whatever Slack's outage: retries back off with jitter and go on
for hours, a failed attempt never marks the question done, a question unanswered for hours is
shown to staff, and its asker gets the answer with an apology once Slack is back.

Time is the worker's clock, moved on to each retry's time rather than waited for; Slack fails
with `ok: false` (no slack_sdk retry sleeps) except in the end-to-end test, where it answers
HTTP 500 as in an outage.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from prometheus_client.parser import text_string_to_metric_families
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from sqlmodel import Session, select, update

from bot.answering.conversation import IDLE_EXPIRY
from bot.core.models import Conversation, InboxEvent, Question, utcnow
from bot.home.data import HomeData, staff_home, unanswered_questions
from bot.home.view import home_view
from bot.runtime import inbox
from bot.runtime.app import create_inbox_worker
from bot.runtime.inbox import FAILED_AFTER, RETRY_FIRST, RETRY_MAX, retry_delay
from bot.runtime.intake import QuestionInbox, accept
from bot.runtime.metrics import exposition
from bot.runtime.replying import CLIPPED, SORRY
from bot.services import Services
from knowledge.limits import MAX_QUESTION_CHARS
from tests.support.fake_slack import FakeSlack
from tests.support.flows import all_text
from tests.support.slack_requests import SlackSender, app_mention, event_callback, slash_command
from tests.support.waiting import eventually

SLACK_ERROR = {"ok": False, "error": "internal_error"}


class Clock:
    """The worker's clock: now, until a test moves it on."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> dt.datetime:
        return self.now


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def row(services: Services, event_id: str) -> InboxEvent:
    with Session(services.engine) as session:
        return session.get(InboxEvent, event_id)


def staff_home_text(services: Services) -> str:
    office = staff_home(
        engine=services.engine,
        index=services.matcher.index,
        knowledge_ids=services.knowledge.entry_ids,
        review_channel=None,
        now=utcnow(),
    )
    return all_text(home_view(HomeData([], office))["blocks"])


def store_mention(services: Services, text: str, event_id: str) -> None:
    body, _ = event_callback(app_mention(f"<@UBOT> {text}", "UASKER", "CASK"), event_id=event_id)
    assert accept(services.engine, event_id, body)


def store_command(services: Services, fake_slack: FakeSlack, text: str, trigger: str) -> str:
    body, _ = slash_command(
        text,
        user_id="UASKER",
        channel_id="CASK",
        response_url=fake_slack.response_url(trigger),
        trigger_id=trigger,
    )
    fields = dict(urllib.parse.parse_qsl(body))
    assert QuestionInbox(services.engine).take(fields, None, "0") == (200, "")
    return f"command:{trigger}"


def next_attempt(services: Services, event_id: str) -> dt.datetime:
    return aware(row(services, event_id).next_attempt_at)


def fail_until(worker, services: Services, clock: Clock, event_id: str, status: str) -> int:
    """Run the worker at each retry's time until the row is `status`; the attempts it took."""
    attempts = 0
    while row(services, event_id).status != status:
        clock.now = max(clock.now, next_attempt(services, event_id))
        assert worker.run_due() == 1
        attempts += 1
        assert attempts < 100, "the row never became " + status
    return attempts


def metric(services: Services, name: str) -> float:
    page, _ = exposition(services.engine)
    return next(
        sample.value
        for family in text_string_to_metric_families(page.decode())
        for sample in family.samples
        if sample.name == name
    )


def test_the_wait_doubles_up_to_its_maximum_less_up_to_half_at_random():
    for attempts, ceiling in ((1, RETRY_FIRST), (2, 2 * RETRY_FIRST), (3, 4 * RETRY_FIRST)):
        assert retry_delay(attempts, jitter=lambda: 0.0) == ceiling
        assert retry_delay(attempts, jitter=lambda: 0.999) > ceiling / 2
    assert retry_delay(40, jitter=lambda: 0.0) == RETRY_MAX
    assert retry_delay(10_000, jitter=lambda: 0.5) == RETRY_MAX * 0.75


def test_an_answer_slack_refused_is_tried_later_each_time_and_posted_once(
    services: Services, fake_slack: FakeSlack
):
    store_mention(services, "who leads the dams sector", "EvRETRY")
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)
    fake_slack.fail_next("chat.postMessage", status=200, body=SLACK_ERROR, times=6)

    for attempt in range(1, 7):
        assert worker.run_due() == 1
        stored = row(services, "EvRETRY")
        assert (stored.status, stored.last_error) == ("pending", "internal_error")
        assert stored.body is not None  # kept for the next attempt: never done unanswered
        assert worker.run_due() == 0  # not due before its time
        ceiling = RETRY_FIRST * 2 ** (attempt - 1)
        assert ceiling / 2 < next_attempt(services, "EvRETRY") - clock.now <= ceiling
        clock.now = next_attempt(services, "EvRETRY")

    assert worker.run_due() == 1
    posts = fake_slack.calls_to("chat.postMessage")
    assert [post.params["channel"] for post in posts] == ["CASK"] * 7
    stored = row(services, "EvRETRY")
    assert (stored.status, stored.body, stored.attempts) == ("done", None, 7)
    assert SORRY not in posts[-1].params["text"]  # a minute late: no apology owed


def mention_in_thread(services: Services, text: str, event_id: str, ts: str, thread_ts: str):
    event = app_mention(f"<@UBOT> {text}", "UASKER", "CASK", ts=ts, thread_ts=thread_ts)
    body, _ = event_callback(event, event_id=event_id)
    assert accept(services.engine, event_id, body)


def recorded_questions(services: Services) -> list[tuple[str, str | None]]:
    with Session(services.engine) as session:
        rows = session.exec(select(Question).order_by(Question.id)).all()
        return [(q.text, q.entry_id) for q in rows]


def test_a_follow_up_read_again_after_a_long_outage_keeps_its_conversation_and_one_record(
    services: Services, fake_slack: FakeSlack
):
    """Each retry runs the listener again. The message's question stays one record, and it is
    read against the context it was read against the first time: not the one that reading left,
    nor none because the outage outlasted the conversation's idle expiry."""
    first = "1700000000.000100"
    mention_in_thread(services, "who leads the dams sector", "EvLEAD", first, first)
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)
    assert worker.run_due() == 1

    mention_in_thread(services, "who do I contact there?", "EvREACH", "1700000000.000200", first)
    fake_slack.fail_next("chat.postMessage", status=200, body=SLACK_ERROR, times=2)
    for _ in range(2):
        clock.now = max(clock.now, next_attempt(services, "EvREACH"))
        assert worker.run_due() == 1
    with Session(services.engine) as session:  # the outage lasted past the idle expiry
        session.execute(
            update(Conversation).values(updated_at=utcnow() - IDLE_EXPIRY - dt.timedelta(hours=1))
        )
        session.commit()
    clock.now = next_attempt(services, "EvREACH")
    assert worker.run_due() == 1

    answer = fake_slack.calls_to("chat.postMessage")[-1]
    assert answer.params["thread_ts"] == first
    assert "dams@hq.dhs.gov" in answer.params["text"] + str(answer.params["blocks"])
    assert row(services, "EvREACH").status == "done"
    assert recorded_questions(services) == [
        ("who leads the dams sector", "sector-dams"),
        ("who do I contact there?", "contact-dams-sector"),
    ]


def test_a_worker_that_cannot_confirm_its_token_keeps_the_question(
    services: Services, fake_slack: FakeSlack
):
    """A cold worker asks Slack for its token's identity (auth.test) on its first question;
    Bolt answers 200 when that fails, but nothing was answered: the row waits for a retry."""
    store_mention(services, "who leads the dams sector", "EvCOLD")
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)
    fake_slack.fail_next("auth.test", status=200, body=SLACK_ERROR)

    assert worker.run_due() == 1
    assert fake_slack.calls_to("chat.postMessage") == []
    stored = row(services, "EvCOLD")
    assert (stored.status, stored.body is not None) == ("pending", True)
    assert "NotAuthorized" in stored.last_error

    clock.now = next_attempt(services, "EvCOLD")
    assert worker.run_due() == 1
    [post] = fake_slack.calls_to("chat.postMessage")
    assert "Dams" in post.params["text"]
    assert row(services, "EvCOLD").status == "done"


def test_a_listener_that_fails_leaves_the_question_to_try_again(
    services: Services, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
):
    store_mention(services, "who leads the dams sector", "EvBUG")
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)

    def broken(**kwargs):
        raise RuntimeError("a bug, or the database gone")

    monkeypatch.setattr("handlers.questions.reply_to", broken)
    assert worker.run_due() == 1
    assert row(services, "EvBUG").status == "pending"
    monkeypatch.undo()
    clock.now = next_attempt(services, "EvBUG")
    assert worker.run_due() == 1
    assert row(services, "EvBUG").status == "done"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_question_unanswered_for_hours_is_shown_to_staff_then_answered_with_an_apology(
    services: Services, fake_slack: FakeSlack
):
    store_mention(services, "who leads the dams sector", "EvHOURS")
    received = aware(row(services, "EvHOURS").received_at)
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)
    fake_slack.fail_next("chat.postMessage", status=200, body=SLACK_ERROR, times=1000)

    fail_until(worker, services, clock, "EvHOURS", "failed")
    assert clock.now - received >= FAILED_AFTER
    assert unanswered_questions(services.engine) == 1
    assert "1 question(s) acknowledged but still unanswered" in staff_home_text(services)
    assert metric(services, "partnerbot_inbox_unanswered") == 1.0

    # Still tried, every RETRY_MAX.
    assert next_attempt(services, "EvHOURS") - clock.now == RETRY_MAX
    clock.now = next_attempt(services, "EvHOURS")
    assert worker.run_due() == 1
    assert row(services, "EvHOURS").status == "failed"

    fake_slack.reset()  # Slack is back
    clock.now = next_attempt(services, "EvHOURS")
    assert worker.run_due() == 1
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.params["text"].startswith(SORRY)
    assert post.params["blocks"][0]["elements"][0]["text"].startswith("Sorry")
    assert "Dams" in post.params["text"]
    assert row(services, "EvHOURS").status == "done"
    assert unanswered_questions(services.engine) == 0
    assert "still unanswered" not in staff_home_text(services)
    assert metric(services, "partnerbot_inbox_unanswered") == 0.0


def test_a_question_that_can_never_be_answered_is_dropped_and_counted(
    services: Services, fake_slack: FakeSlack
):
    store_mention(services, "who leads the dams sector", "EvGONE")
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)
    fake_slack.fail_next(
        "chat.postMessage", status=200, body={"ok": False, "error": "channel_not_found"}
    )
    assert worker.run_due() == 1
    stored = row(services, "EvGONE")
    assert (stored.status, stored.body, stored.last_error) == (
        "dropped",
        None,
        "channel_not_found",
    )
    assert metric(services, "partnerbot_inbox_dropped") == 1.0
    clock.now += dt.timedelta(days=1)
    assert worker.run_due() == 0  # never tried again


def test_a_ci_answer_later_than_its_response_url_goes_by_direct_message(
    services: Services, fake_slack: FakeSlack
):
    key = store_command(services, fake_slack, "who leads the dams sector", "TLATE")
    clock = Clock()
    clock.now += dt.timedelta(minutes=40)  # the response_url lives 30 minutes
    worker = create_inbox_worker(services, clock=clock)
    assert worker.run_due() == 1
    assert fake_slack.calls_to("response_url") == []
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "UASKER"  # the asker's direct messages with the app
    assert post.params["text"].startswith(SORRY) and "Dams" in post.params["text"]
    assert row(services, key).status == "done"


def test_a_ci_answer_whose_response_url_failed_is_tried_again(
    services: Services, fake_slack: FakeSlack
):
    key = store_command(services, fake_slack, "ask who leads the dams sector", "TFAIL")
    clock = Clock()
    worker = create_inbox_worker(services, clock=clock)
    fake_slack.fail_next("response_url", status=500, body={"ok": False})
    assert worker.run_due() == 1
    assert row(services, key).status == "pending"
    clock.now = next_attempt(services, key)
    assert worker.run_due() == 1
    calls = fake_slack.calls_to("response_url")
    assert [call.status for call in calls] == [500, 200]
    assert "Dams" in calls[-1].params["text"]
    assert row(services, key).status == "done"


def test_a_long_message_is_read_to_the_cap_and_the_asker_is_told(
    services: Services, fake_slack: FakeSlack
):
    long = "who leads the dams sector " + "a" * 40_000
    store_mention(services, long, "EvLONG")
    assert create_inbox_worker(services).run_due() == 1
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.params["text"].startswith(CLIPPED)
    with Session(services.engine) as session:
        [question] = session.exec(select(Question)).all()
    assert len(question.text) <= MAX_QUESTION_CHARS


def test_an_acked_mention_outlives_a_slack_outage_end_to_end(
    slack: SlackSender, fake_slack: FakeSlack, services: Services, monkeypatch
):
    """Over HTTP with the worker on threads: chat.postMessage answers 500 twelve times (slack_sdk
    retries each post three times, so three attempts fail: as many as were ever made before),
    and the answer goes out once Slack is back."""
    monkeypatch.setattr(inbox, "RETRY_FIRST", dt.timedelta(milliseconds=50))
    for handler in services.client.retry_handlers:  # the same retries, without their pauses
        handler.interval_calculator = FixedValueRetryIntervalCalculator(0.01)
    fake_slack.fail_next("chat.postMessage", status=500, times=12)
    event = app_mention("<@UBOT> who leads the dams sector", "UASKER", "COUT", ts="1710000000.5")
    assert slack.send_event(event, event_id="EvOUTAGE")[0] == 200

    posts = fake_slack.wait_for("chat.postMessage", 13, timeout=90)
    assert [post.status for post in posts] == [500] * 12 + [200]
    assert posts[-1].params["thread_ts"] == "1710000000.5"
    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=13)
    eventually(lambda: row(services, "EvOUTAGE").status == "done", what="the row settled")
    assert row(services, "EvOUTAGE").attempts == 4


def test_a_ci_question_is_acked_at_once_and_answered_from_the_inbox(
    slack: SlackSender, fake_slack: FakeSlack, services: Services
):
    result = slack.send_command(
        "who leads the dams sector",
        user_id="UASKER",
        channel_id="CASK",
        response_url=fake_slack.response_url("ask"),
        trigger_id="TASK1",
    )
    assert (result.status, result.body) == (200, "")
    [reply] = fake_slack.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral" and "Dams" in reply.params["text"]
    eventually(lambda: row(services, "command:TASK1").status == "done", what="the row settled")
    assert row(services, "command:TASK1").body is None  # the asker's words are gone
