"""Requests nobody should send: too large, unsigned, malformed. Each is answered 4xx, never 5xx,
and the app reads no more of a body than its limit allows.

Real HTTP requests reach the real WSGI app (bot.runtime.serve.wsgi_app) on waitress, wrapped in
a stand-in for `wsgi.input` that counts the bytes the app reads: the honest measure of what a
request can make it hold. This server has no body limit of its own (waitress's is what
`partnerbot serve` adds, tested in test_serve_http), so the app's own limit is what is tested.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from waitress.server import create_server

from bot.runtime.app import create_app
from bot.runtime.gate import MAX_BODY_BYTES
from bot.runtime.intake import QuestionInbox
from bot.runtime.replying import CLIPPED
from bot.runtime.serve import EVENTS_PATH, wsgi_app
from bot.services import Services
from knowledge.index import KnowledgeIndex
from knowledge.limits import MAX_QUESTION_CHARS
from tests.conftest import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    SlackSender,
    app_home_opened,
    event_callback,
    sign,
    wsgi_environ,
)

OVER_THE_LIMIT = 4 * MAX_BODY_BYTES
DEEP = "[" * 5000 + "]" * 5000


class CountingInput:
    """wsgi.input, counting what is read of it."""

    def __init__(self, stream: io.RawIOBase) -> None:
        self.stream = stream
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.read_bytes += len(data)
        return data


@dataclass
class Served:
    port: int
    reads: list[int] = field(default_factory=list)  # bytes the app read, per request

    def post(
        self, body: bytes | Iterator[bytes], headers: dict[str, str], chunked: bool = False
    ) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", EVENTS_PATH, body, headers, encode_chunked=chunked)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()


def counting(application: Callable, reads: list[int]) -> Callable:
    def counted(environ: dict, start_response: Callable):
        environ["wsgi.input"] = stream = CountingInput(environ["wsgi.input"])
        try:
            return application(environ, start_response)
        finally:
            reads.append(stream.read_bytes)

    return counted


@pytest.fixture
def application(services: Services) -> Callable:
    """The WSGI app `serve` runs, its questions stored in the inbox (answered by nobody)."""
    questions = QuestionInbox(services.engine)
    return wsgi_app(
        create_app(services, questions), services.engine, SIGNING_SECRET, questions.over_http()
    )


@pytest.fixture
def served(application: Callable) -> Iterator[Served]:
    reads: list[int] = []
    server = create_server(counting(application, reads), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield Served(server.effective_port, reads)
    with contextlib.suppress(OSError):
        server.trigger.pull_trigger(server.close)
    thread.join(timeout=5)


def call(application: Callable, environ: dict) -> tuple[int, int]:
    """(status, bytes read of the body) of one request to the WSGI app itself."""
    stream = environ["wsgi.input"] = CountingInput(environ["wsgi.input"])
    statuses: list[str] = []
    b"".join(application(environ, lambda status, headers: statuses.append(status)))
    return int(statuses[0].split()[0]), stream.read_bytes


def signed_headers(body: bytes | str, content_type: str, timestamp: int | None = None) -> dict:
    text = body.decode("latin-1") if isinstance(body, bytes) else body
    return {"Content-Type": content_type, **sign(text, SIGNING_SECRET, timestamp)}


# -- size ------------------------------------------------------------------------------------


def test_a_body_over_the_limit_gets_413_without_the_app_reading_it(served: Served):
    body = b"x" * OVER_THE_LIMIT
    assert served.post(body, {"Content-Type": JSON_CONTENT_TYPE}) == 413
    pieces = (body[i : i + 65536] for i in range(0, len(body), 65536))
    chunked = {"Content-Type": JSON_CONTENT_TYPE, "Transfer-Encoding": "chunked"}
    assert served.post(pieces, chunked, chunked=True) == 413
    assert served.reads == [0, 0]  # refused on its length, before a byte of it was read


def test_a_signed_body_of_exactly_the_limit_is_read_and_handled(served: Served):
    envelope, _ = event_callback(app_home_opened("U1"))
    shell = json.loads(envelope)
    shell["padding"] = ""
    padding = MAX_BODY_BYTES - len(json.dumps(shell).encode())
    shell["padding"] = "p" * padding
    body = json.dumps(shell).encode()
    assert len(body) == MAX_BODY_BYTES
    status = served.post(body, signed_headers(body, JSON_CONTENT_TYPE))
    assert status < 400  # handled by Bolt (the Home tab)
    assert served.reads == [MAX_BODY_BYTES]


def test_without_a_length_at_most_one_byte_past_the_limit_is_read(application: Callable):
    """A server that leaves Content-Length out (a chunked body it passes through): the app
    reads one byte past its limit to know the body is too large, and no more."""
    environ = wsgi_environ("", JSON_CONTENT_TYPE, {})
    del environ["CONTENT_LENGTH"]
    environ.update({"wsgi.input": io.BytesIO(b"x" * OVER_THE_LIMIT), "wsgi.input_terminated": True})
    assert call(application, environ) == (413, MAX_BODY_BYTES + 1)


def test_a_length_that_lies_is_what_is_read_and_no_more(application: Callable):
    environ = wsgi_environ("", JSON_CONTENT_TYPE, {})
    environ.update({"CONTENT_LENGTH": "10", "wsgi.input": io.BytesIO(b"x" * OVER_THE_LIMIT)})
    assert call(application, environ) == (401, 10)  # ten bytes, unsigned
    for length in ("ten", "-5"):
        environ = wsgi_environ("", JSON_CONTENT_TYPE, {})
        environ.update({"CONTENT_LENGTH": length, "wsgi.input": io.BytesIO(b"{}")})
        assert call(application, environ) == (400, 0)


# -- signature and shape -------------------------------------------------------------------


def junk_requests() -> dict[str, tuple[bytes, dict[str, str], int]]:
    """What no one but an attacker (or a broken client) sends: (body, headers, status)."""
    now = int(time.time())
    null_payload = "payload=null"
    junk = {
        "payload=null, unsigned": (null_payload, {"Content-Type": FORM_CONTENT_TYPE}, 401),
        "payload=null, signed": (
            null_payload,
            signed_headers(null_payload, FORM_CONTENT_TYPE),
            400,
        ),
        "a timestamp that is no number": (
            "{}",
            {"Content-Type": JSON_CONTENT_TYPE, "X-Slack-Request-Timestamp": "soon"}
            | {"X-Slack-Signature": sign("{}", SIGNING_SECRET)["X-Slack-Signature"]},
            401,
        ),
        "a timestamp of five thousand digits": (
            "{}",
            {"Content-Type": JSON_CONTENT_TYPE, "X-Slack-Request-Timestamp": "9" * 5000}
            | {"X-Slack-Signature": "v0=00"},
            401,
        ),
        "a stale signature": ("{}", signed_headers("{}", JSON_CONTENT_TYPE, now - 600), 401),
        "5,000 nested arrays, unsigned": (DEEP, {"Content-Type": JSON_CONTENT_TYPE}, 401),
        "5,000 nested arrays, signed": (DEEP, signed_headers(DEEP, JSON_CONTENT_TYPE), 400),
        "5,000 nested arrays in a form, signed": (
            f"payload={DEEP}",
            signed_headers(f"payload={DEEP}", FORM_CONTENT_TYPE),
            400,
        ),
        "no object, signed": ("[1, 2]", signed_headers("[1, 2]", JSON_CONTENT_TYPE), 400),
        "not JSON, signed": ("{not json", signed_headers("{not json", JSON_CONTENT_TYPE), 400),
    }
    for name, shape in {
        "an event that is null": {"type": "event_callback", "event": None},
        "actions that are a number": {"type": "block_actions", "actions": 5},
        "a view that is a list": {"type": "view_submission", "view": [1]},
        "a question event whose user is an object of numbers": {
            "type": "event_callback",
            "event_id": "EvJUNK",
            "event": {"type": "app_mention", "user": {"id": 5}, "text": "hi", "channel": "C1"},
        },
    }.items():
        text = json.dumps(shape)
        junk[name + ", signed"] = (text, signed_headers(text, JSON_CONTENT_TYPE), 400)
        form = urllib.parse.urlencode({"payload": text})
        junk[name + ", in a form, signed"] = (form, signed_headers(form, FORM_CONTENT_TYPE), 400)
    not_utf8 = b"\xff\xfe{}"
    encoded = {
        name: (body.encode(), headers, status) for name, (body, headers, status) in junk.items()
    }
    encoded["a body that is not UTF-8"] = (not_utf8, {"Content-Type": JSON_CONTENT_TYPE}, 400)
    return encoded


def test_unsigned_or_malformed_requests_get_4xx_and_never_5xx(served: Served):
    for name, (body, headers, expected) in junk_requests().items():
        assert served.post(body, headers) == expected, name
    assert served.post(b"", {"Content-Type": JSON_CONTENT_TYPE}) == 401  # empty, unsigned


# Slack's own words as keys, values of any JSON shape: the payloads a fuzzer would try.
SLACK_KEYS = [
    "type",
    "event",
    "actions",
    "view",
    "message",
    "container",
    "user",
    "team",
    "channel",
    "enterprise",
    "authorizations",
    "callback_id",
    "command",
    "text",
    "trigger_id",
    "response_url",
    "api_app_id",
    "state",
    "item",
    "previous_message",
    "assistant_thread",
    "action_id",
    "block_id",
    "value",
    "id",
    "team_id",
    "user_id",
    "channel_id",
    "enterprise_id",
    "is_ext_shared_channel",
    "user_team",
    "bot_id",
    "subtype",
    "thread_ts",
    "ts",
    "channel_type",
    "tab",
    "event_id",
    "private_metadata",
    "is_enterprise_install",
    "selected_option",
    "context_team_id",
    "function_data",
]
SLACK_TYPES = [
    "event_callback",
    "block_actions",
    "view_submission",
    "view_closed",
    "shortcut",
    "message_action",
    "url_verification",
    "app_mention",
    "message",
    "app_home_opened",
    "block_suggestion",
    "function_executed",
]
_SCALARS = st.none() | st.booleans() | st.integers() | st.sampled_from(SLACK_TYPES) | st.text()


def _containing(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(SLACK_KEYS), inner, max_size=5
    )


_VALUES = st.recursive(_SCALARS, _containing, max_leaves=12)
PAYLOADS = st.dictionaries(st.sampled_from(SLACK_KEYS), _VALUES, max_size=6)


# Another thread using `random` while hypothesis draws a payload (a listener of an earlier
# request on Bolt's threads, slack_sdk's jitter) would be taken for the strategy's own use.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module")
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=PAYLOADS, form=st.booleans(), signed=st.booleans())
def test_no_payload_of_any_shape_gets_a_5xx(application: Callable, payload, form, signed):
    """Signed or not, JSON or form-encoded: 4xx for what is not Slack's, never 5xx; and
    nothing unsigned gets past 401."""
    text = urllib.parse.urlencode({"payload": json.dumps(payload)}) if form else json.dumps(payload)
    content_type = FORM_CONTENT_TYPE if form else JSON_CONTENT_TYPE
    headers = sign(text, SIGNING_SECRET) if signed else {}
    status, _ = call(application, wsgi_environ(text, content_type, headers))
    assert status < 500
    if not signed:
        assert status == 401


def test_a_subcommand_reads_no_more_of_its_words_than_the_cap(
    slack: SlackSender, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
):
    """Subcommands run where they arrive (only questions go to the inbox): their words are
    clipped too, before any listener matches them, and the reply says so."""
    read: list[int] = []
    real = KnowledgeIndex.sectors_in

    def sectors_in(index: KnowledgeIndex, text: str):
        read.append(len(text))
        return real(index, text)

    monkeypatch.setattr(KnowledgeIndex, "sectors_in", sectors_in)
    result = slack.send_command(
        "training " + "d" * 40_000,
        user_id="U1",
        channel_id="C1",
        response_url=fake_slack.response_url("long"),
    )
    assert result.status == 200
    [reply] = fake_slack.wait_for("response_url")
    assert read and max(read) <= MAX_QUESTION_CHARS
    assert reply.params["text"].startswith(CLIPPED)
