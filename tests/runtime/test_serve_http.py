"""`partnerbot serve` as a real process: health, metrics, logs without secrets, SIGTERM."""

from __future__ import annotations

import os
import re
import signal
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
from tests.support.slack_requests import SlackSender, app_mention

BOT_TOKEN = "xoxb-1111-2222-abcdefabcdef"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
LISTENING = re.compile(r"serving Slack requests on http://[\d.]+:(\d+)")


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
    while not (found := LISTENING.search(log.read_text())):
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "serve did not start:\n" + log.read_text()
        time.sleep(0.05)
    yield Served(process, int(found.group(1)), log)
    if process.poll() is None:
        process.kill()
        process.wait()


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
