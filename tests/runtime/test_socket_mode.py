"""`partnerbot serve` over Socket Mode: a real process, a WebSocket on loopback standing in for
Slack's Socket Mode endpoint, and the fake Web API for everything the app calls."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.processes import stop
from tests.support.slack_requests import app_mention, event_callback, slash_command

pytestmark = pytest.mark.slow  # real partnerbot processes

BOT_TOKEN = "xoxb-3333-4444-socketmodetest"
APP_TOKEN = "xapp-1-A0001-5555-socketmodetest"


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as endpoint:
        fake_slack.set_response(
            "apps.connections.open", lambda call: {"ok": True, "url": endpoint.url}
        )
        yield endpoint


@pytest.fixture
def serving(tmp_path: Path, fake_slack: FakeSlack, socket_mode: FakeSocketMode, database_url: str):
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake_slack.base_url,
        "DATABASE_URL": database_url,
    }
    env.pop("SLACK_SIGNING_SECRET", None)  # Socket Mode needs none
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        socket_mode.wait_connected()
    except AssertionError:
        stop(process)
        raise AssertionError(log.read_text()) from None
    yield process, log
    stop(process)


def mention_payload(text: str, event_id: str) -> dict:
    body, _ = event_callback(
        app_mention(text, "U1", "CSOCKET", ts="1700000100.000001"), event_id=event_id
    )
    return json.loads(body)


def test_an_event_over_socket_mode_is_acked_answered_in_its_thread_and_once(
    serving, socket_mode: FakeSocketMode, fake_slack: FakeSlack
):
    process, log = serving
    [opened] = fake_slack.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN

    envelope = socket_mode.push("events_api", mention_payload("<@UBOT> who leads dams", "EvSM1"))
    assert socket_mode.wait_ack(envelope) == {"envelope_id": envelope}
    [reply] = fake_slack.wait_for("chat.postMessage")
    assert reply.token == BOT_TOKEN
    assert reply.params["channel"] == "CSOCKET"
    assert reply.params["thread_ts"] == "1700000100.000001"

    retried = socket_mode.push(
        "events_api", mention_payload("<@UBOT> who leads dams", "EvSM1"), retry_attempt=1
    )
    socket_mode.wait_ack(retried)
    fake_slack.assert_no_calls("chat.postMessage", within=0.5, beyond=1)

    process.send_signal(signal.SIGTERM)
    assert process.wait(15) == 0
    socket_mode.wait_disconnected()
    assert BOT_TOKEN not in log.read_text() and APP_TOKEN not in log.read_text()


def test_a_slash_command_over_socket_mode_replies_through_its_response_url(
    serving, socket_mode: FakeSocketMode, fake_slack: FakeSlack
):
    body, _ = slash_command(
        "help", user_id="U2", channel_id="CSOCKET", response_url=fake_slack.response_url("help")
    )
    envelope = socket_mode.push("slash_commands", dict(urllib.parse.parse_qsl(body)))
    socket_mode.wait_ack(envelope)
    [reply] = fake_slack.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "/ci sectors" in reply.params["text"]


def test_an_envelope_whose_payload_is_no_slack_payload_is_acked_and_dropped(
    serving, socket_mode: FakeSocketMode, fake_slack: FakeSlack
):
    """Socket Mode has no signature or size to check (Slack's own authenticated connection),
    but a payload Bolt cannot read is acknowledged, so that Slack does not send it again,
    logged in a line without its body, and what comes next is answered as ever."""
    _, log = serving
    junk = {"type": "event_callback", "event": None, "padding": "JUNK-PAYLOAD-MARKER"}
    envelope = socket_mode.push("events_api", junk)
    assert socket_mode.wait_ack(envelope) == {"envelope_id": envelope}
    for payload in ({"type": "block_actions", "actions": 5}, {"authorizations": 5}):
        socket_mode.wait_ack(socket_mode.push("interactive", payload))

    good = socket_mode.push("events_api", mention_payload("<@UBOT> who leads dams", "EvSM2"))
    socket_mode.wait_ack(good)
    fake_slack.wait_for("chat.postMessage")
    output = log.read_text()
    assert "its payload is no Slack payload; dropped" in output
    assert "JUNK-PAYLOAD-MARKER" not in output
