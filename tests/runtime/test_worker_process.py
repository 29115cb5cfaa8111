"""`serve` stores questions and its `worker` child answers them, as real processes: an acked
question waits in the inbox for a worker, a dead worker is replaced, and none outlives serve."""

from __future__ import annotations

import os
import signal

import pytest

from bot.runtime.inbox import pending
from bot.services import Services
from tests.support.fake_slack import FakeSlack
from tests.support.proc import child_pids
from tests.support.processes import Processes, is_running
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow  # real partnerbot processes


def mention(text: str, ts: str) -> dict:
    return {"type": "app_mention", "user": "U1", "channel": "CWORK", "ts": ts, "text": text}


def test_a_question_acked_while_no_worker_runs_is_answered_once_one_starts(
    partnerbot: Processes, fake_slack: FakeSlack, services: Services
):
    bot, _ = partnerbot.serve("--no-worker")
    event = mention("<@UBOT> who leads the dams sector", "1700000000.000100")
    assert bot.send_event(event, event_id="EvWAITS").status == 200
    fake_slack.assert_no_calls("chat.postMessage", within=1.0)
    assert pending(services.engine) == 1  # acked, stored, not lost

    partnerbot.run("worker")
    (answer,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert answer.params["thread_ts"] == "1700000000.000100"
    assert pending(services.engine) == 0
    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=1)


# The process lifecycle does not depend on the database: these two run on SQLite only.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@sqlite_only
def test_a_worker_that_dies_is_replaced_and_the_next_question_answered(
    partnerbot: Processes, fake_slack: FakeSlack
):
    bot, process = partnerbot.serve()
    eventually(lambda: child_pids(process.pid), 10, "serve to start its worker")
    (worker,) = child_pids(process.pid)
    os.kill(worker, signal.SIGKILL)
    eventually(lambda: child_pids(process.pid) not in ([], [worker]), 15, "a new worker")

    event = mention("<@UBOT> who leads the water sector", "1700000000.000200")
    assert bot.send_event(event, event_id="EvREPLACED").status == 200
    (answer,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert answer.params["thread_ts"] == "1700000000.000200"
    assert "exited (status -9); starting another" in partnerbot.logs()[0]


@sqlite_only
def test_the_worker_stops_when_serve_is_killed(partnerbot: Processes):
    _, process = partnerbot.serve()
    eventually(lambda: child_pids(process.pid), 10, "serve to start its worker")
    (worker,) = child_pids(process.pid)
    process.kill()
    process.wait(10)
    eventually(lambda: not is_running(worker), 10, "the orphaned worker to stop")
