"""`partnerbot serve` as a real process: health, metrics, logs without secrets, SIGTERM."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import create_engine

from bot.runtime.serve import wsgi_app
from tests.support.fake_slack import FakeSlack
from tests.support.processes import listening_port, stop
from tests.support.slack_requests import SlackSender, app_mention

pytestmark = pytest.mark.slow  # real partnerbot processes

BOT_TOKEN = "xoxb-1111-2222-abcdefabcdef"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"


class Served:
    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture
def served(tmp_path: Path, fake_slack: FakeSlack, database_url: str) -> Iterator[Served]:
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.base_url,
        "DATABASE_URL": database_url,
    }
    env.pop("SLACK_APP_TOKEN", None)
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 20
    while (port := listening_port(log)) is None:
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "serve did not start:\n" + log.read_text()
        time.sleep(0.05)
    yield Served(process, port, log)
    stop(process)


def test_health_metrics_and_a_mention_then_sigterm(served: Served, fake_slack: FakeSlack):
    with urllib.request.urlopen(served.url("/healthz"), timeout=5) as response:
        assert response.status == 200
    slack = SlackSender(served.url("/slack/events"), SIGNING_SECRET)
    status, _, _ = slack.send_event(app_mention("<@UBOT> who leads the dams sector", "U1", "C1"))
    assert status == 200
    fake_slack.wait_for("chat.postMessage")
    with urllib.request.urlopen(served.url("/metrics"), timeout=5) as response:
        page = response.read().decode()
    assert 'partnerbot_http_requests_total{path="/slack/events",status="200"} 1.0' in page
    # Counted by the worker process, shown on serve's page.
    assert 'partnerbot_questions_total{outcome="answered"} 1.0' in page
    assert "partnerbot_inbox_pending 0.0" in page

    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=15) == 0
    output = served.output()
    assert "stopping: pending deliveries and questions stay pending" in output
    assert re.search(r"request method=POST path=/slack/events status=200 latency_ms=", output)
    # Secrets never reach the logs, whatever was logged.
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output


def test_bad_signature_and_stale_timestamp_get_401_and_junk_gets_4xx(served: Served):
    slack = SlackSender(served.url("/slack/events"), SIGNING_SECRET)
    event = app_mention("<@UBOT> hi", "U1", "C1")
    assert slack.send_event(event, signature="v0=deadbeef")[0] == 401
    assert slack.send_event(event, timestamp=int(time.time()) - 600)[0] == 401
    for body in ("", "{not json", "payload=%7Bbroken", "[1, 2]", "null", '"text"'):
        status = slack.post(body, "application/json")[0]
        assert 400 <= status < 500
    with urllib.request.urlopen(served.url("/healthz"), timeout=5) as response:
        assert response.status == 200  # still up


def test_an_unsigned_body_is_refused_and_never_logged(served: Served):
    slack = SlackSender(served.url("/slack/events"), SIGNING_SECRET)
    marker = "UNSIGNED-BODY-MARKER "
    body = json.dumps({"type": "event_callback", "padding": marker * 40_000})  # 840 KB
    assert slack.post(body, "application/json", signature="v0=00")[0] == 401
    stale = int(time.time()) - 600
    assert slack.post(body, "application/json", timestamp=stale)[0] == 401
    assert eventually_logged(served, "status=401", 2)
    output = served.output()
    assert "UNSIGNED-BODY-MARKER" not in output
    assert len(output) < 20_000  # a line per request, not the bodies


def test_a_body_declared_over_the_limit_is_refused_before_it_is_sent(served: Served):
    """Waitress answers 413 on the headers alone: four clients declaring 100 MiB each cost the
    server nothing, and it goes on answering."""
    answers = []
    for _ in range(4):
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as connection:
            connection.sendall(
                b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 104857600\r\n\r\n{"
            )
            answers.append(connection.recv(200).split(b" ", 2)[1])
    assert answers == [b"413"] * 4
    with urllib.request.urlopen(served.url("/healthz"), timeout=5) as response:
        assert response.status == 200


def eventually_logged(served: Served, text: str, count: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while served.output().count(text) < count:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_healthz_says_503_when_the_database_does_not_answer():
    unreachable = create_engine("postgresql+psycopg://nobody:x@127.0.0.1:1/none")
    application = wsgi_app(app=None, engine=unreachable, signing_secret=SIGNING_SECRET)  # type: ignore[arg-type]
    seen = []
    body = application(
        {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"},
        lambda status, headers: seen.append(status),
    )
    assert seen == ["503 Service Unavailable"]
    assert b"database unavailable" in b"".join(body)


def test_unknown_paths_are_404(served: Served):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(served.url("/nope"), timeout=5)
    assert error.value.code == 404
