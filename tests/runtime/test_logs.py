"""Log lines reach the output from their own thread, with every secret redacted, tracebacks
included."""

from __future__ import annotations

import json
import logging
import time

import pytest
from pydantic import SecretStr
from slack_bolt import App, BoltRequest

from bot.core.config import Settings
from bot.runtime.logs import REDACTED, UNSIGNED, _LineFormatter, configure_logging

BOT_TOKEN = "xoxb-log-test-0000-secret"
SIGNING_SECRET = "log-test-signing-secret-abcdef"
LOOKUP_SWITCHES = ("_srcfile", "logThreads", "logProcesses", "logMultiprocessing")


@pytest.fixture
def root_logging():
    """The root logger as configure_logging leaves it, put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    switches = {name: getattr(logging, name) for name in LOOKUP_SWITCHES}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in switches.items():
        setattr(logging, name, value)


def written(capsys: pytest.CaptureFixture[str], lines: int) -> str:
    """stderr once the writing thread has put out `lines` lines."""
    text = ""
    deadline = time.monotonic() + 5
    while text.count("\n") < lines and time.monotonic() < deadline:
        time.sleep(0.01)
        text += capsys.readouterr().err
    return text


def test_secrets_are_redacted_from_messages_arguments_and_tracebacks(
    root_logging: None, capsys: pytest.CaptureFixture[str]
):
    configure_logging(
        Settings(
            _env_file=None,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
        )
    )
    log = logging.getLogger("bot.test")
    log.info("calling with token=%s", BOT_TOKEN)
    log.info(f"the secret {SIGNING_SECRET} in the message itself")
    try:
        raise RuntimeError(f"failed with {BOT_TOKEN}")
    except RuntimeError:
        log.exception("a call failed")

    output = written(capsys, 4)  # the traceback's last line says RuntimeError
    assert "calling with token=" in output and "a call failed" in output
    assert "Traceback (most recent call last)" in output and "RuntimeError" in output
    assert output.count(REDACTED) == 3
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output


def test_the_writing_threads_time_stamps_are_the_standard_ones():
    """The date and time are formatted once a second and reused: each line still carries its
    own, as logging's own formatter would put it."""
    pattern = "%(asctime)s %(message)s"
    standard, cached = logging.Formatter(pattern), _LineFormatter(pattern)
    start = 1_790_000_000.0
    for offset in (0.0, 0.001, 0.999, 1.0, 1.5, 61.25, 3600.0, 0.5):  # back in time, too
        record = logging.makeLogRecord({"msg": "line", "created": start + offset})
        record.msecs = (record.created - int(record.created)) * 1000
        assert cached.format(record) == standard.format(record)


def test_bolt_never_logs_the_body_of_an_unsigned_request(
    root_logging: None, capsys: pytest.CaptureFixture[str]
):
    """Serve refuses an unsigned request before Bolt sees it; wherever else one reaches Bolt
    (an app dispatched to directly), Bolt's own line about it goes out without the body."""
    configure_logging(Settings(_env_file=None, slack_signing_secret=SecretStr(SIGNING_SECRET)))
    app = App(signing_secret=SIGNING_SECRET, token_verification_enabled=False, token="xoxb-x")
    body = json.dumps({"type": "event_callback", "padding": "UNSIGNED-MARKER " * 1000})
    unsigned = {"x-slack-request-timestamp": str(int(time.time())), "x-slack-signature": "v0=00"}
    assert app.dispatch(BoltRequest(body=body, headers=unsigned)).status == 401
    output = written(capsys, 1)
    assert UNSIGNED in output
    assert "UNSIGNED-MARKER" not in output
