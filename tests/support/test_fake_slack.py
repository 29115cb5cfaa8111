"""Tests of the test harness itself: FakeSlack and the Slack request helpers."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.support import slack_requests as sr
from tests.support.fake_slack import FakeSlack

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.base_url)


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


# -- FakeSlack ---------------------------------------------------------------


def test_base_url_is_loopback_on_a_free_port(fake: FakeSlack) -> None:
    assert fake.port != 0
    assert fake.base_url == f"http://127.0.0.1:{fake.port}/api/"
    assert fake.response_url("r2") == f"http://127.0.0.1:{fake.port}/response/r2"


def test_post_message_json_body_is_recorded_with_blocks(fake: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C0CHAN01", text="hello", blocks=BLOCKS)
    second = client.chat_postMessage(channel="C0CHAN01", text="again")

    (call, _) = fake.calls_to("chat.postMessage")
    assert call.params["blocks"] == BLOCKS
    assert call.params["channel"] == "C0CHAN01"
    assert call.token == TOKEN
    assert call.headers["content-type"].startswith("application/json")
    assert first["channel"] == "C0CHAN01"
    assert first["message"]["blocks"] == BLOCKS
    assert float(first["ts"]) < float(second["ts"])


def test_form_encoded_json_string_params_are_decoded(fake: FakeSlack, client: WebClient) -> None:
    client.api_call(
        "chat.postMessage", params={"channel": "C0CHAN01", "blocks": json.dumps(BLOCKS)}
    )

    (call,) = fake.calls_to("chat.postMessage")
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.params["blocks"] == BLOCKS


def test_default_responses_look_like_slack(fake: FakeSlack, client: WebClient) -> None:
    auth = client.auth_test()
    info = client.conversations_info(channel="C0CHAN01")
    dm = client.conversations_open(users="U0USER01")
    modal = {"type": "modal", "callback_id": "cb", "title": _plain("A form"), "blocks": []}
    view = client.views_open(trigger_id="t", view=modal)

    assert (auth["user_id"], auth["bot_id"], auth["team_id"]) == ("UBOT", "BBOT", "T0001")
    assert info["channel"]["id"] == "C0CHAN01"
    assert info["channel"]["is_ext_shared"] is False
    assert info["channel"]["is_im"] is False
    assert dm["channel"]["id"] == "DU0USER01"
    assert view["view"]["id"]
    assert view["view"]["callback_id"] == "cb"
    assert client.usergroups_users_list(usergroup="S1")["users"] == []
    assert client.api_call("some.unknown.method")["ok"] is True


def test_assistant_thread_methods_are_recorded_and_checked(
    fake: FakeSlack, client: WebClient
) -> None:
    thread = {"channel_id": "D0001", "thread_ts": "1710000000.000100"}
    client.assistant_threads_setStatus(**thread, status="is looking…")
    client.assistant_threads_setTitle(**thread, title="Who leads dams?")
    prompts = [{"title": "Dams", "message": "Who leads the dams sector?"}]
    client.assistant_threads_setSuggestedPrompts(**thread, prompts=prompts, title="Try:")
    assert fake.calls_to("assistant.threads.setSuggestedPrompts")[0].params["prompts"] == prompts
    assert fake.calls_to("assistant.threads.setTitle")[0].params["title"] == "Who leads dams?"
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.assistant_threads_setSuggestedPrompts(**thread, prompts=prompts * 5)
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.api_call("assistant.threads.setTitle", json={"title": "no thread"})


def test_set_channel_changes_conversations_info(fake: FakeSlack, client: WebClient) -> None:
    fake.set_channel("C0SHARED", is_ext_shared=True)

    assert client.conversations_info(channel="C0SHARED")["channel"]["is_ext_shared"] is True
    assert client.conversations_info(channel="C0OTHER")["channel"]["is_ext_shared"] is False


def test_set_response_with_dict_and_callable(fake: FakeSlack, client: WebClient) -> None:
    fake.set_response("users.info", {"ok": True, "user": {"id": "U1", "is_bot": True}})
    fake.set_response("reactions.add", lambda call: {"ok": False, "error": call.params["name"]})

    assert client.users_info(user="U1")["user"]["is_bot"] is True
    with pytest.raises(SlackApiError) as excinfo:
        client.reactions_add(channel="C1", timestamp="1.2", name="already_reacted")
    assert excinfo.value.response["error"] == "already_reacted"


def test_missing_token_is_not_authed(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(base_url=fake.base_url).chat_postMessage(channel="C1", text="x")

    assert excinfo.value.response["error"] == "not_authed"


def test_fail_next_429_surfaces_status_and_retry_after(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", status=429, headers={"Retry-After": "1"})

    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C0CHAN01", text="hi")
    response = excinfo.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response["error"] == "ratelimited"

    assert client.chat_postMessage(channel="C0CHAN01", text="hi")["ok"] is True
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]


def test_fail_next_500_times_two(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.update", status=500, times=2)

    for _ in range(2):
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_update(channel="C1", ts="1.2", text="x")
        assert excinfo.value.response.status_code == 500
    assert client.chat_update(channel="C1", ts="1.2", text="x")["ts"] == "1.2"


def test_rate_limit_retry_handler_retries_through_the_fake(fake: FakeSlack) -> None:
    client = WebClient(
        token=TOKEN,
        base_url=fake.base_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    # Retry-After 0 keeps the handler's sleep under a second.
    fake.fail_next("chat.postMessage", status=429, headers={"Retry-After": "0"})

    response = client.chat_postMessage(channel="C0CHAN01", text="hi")

    assert response["ok"] is True
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]


def test_wait_for_sees_calls_from_other_threads(fake: FakeSlack, client: WebClient) -> None:
    timer = threading.Timer(0.1, lambda: client.chat_postMessage(channel="C1", text="x"))
    timer.start()
    try:
        (call,) = fake.wait_for("chat.postMessage", timeout=5)
    finally:
        timer.join()
    assert call.params["text"] == "x"


def test_wait_for_times_out_with_the_methods_seen(fake: FakeSlack, client: WebClient) -> None:
    client.auth_test()

    with pytest.raises(AssertionError, match=r"'chat\.update'.*auth\.test"):
        fake.wait_for("chat.update", timeout=0.2)


def test_assert_no_calls(fake: FakeSlack, client: WebClient) -> None:
    fake.assert_no_calls("chat.postMessage", within=0.05)
    client.chat_postMessage(channel="C1", text="x")
    with pytest.raises(AssertionError):
        fake.assert_no_calls("chat.postMessage", within=0.05)


def test_reset_clears_calls_and_programming(fake: FakeSlack, client: WebClient) -> None:
    fake.set_channel("C1", is_ext_shared=True)
    client.conversations_info(channel="C1")
    fake.reset()

    assert fake.calls == []
    assert client.conversations_info(channel="C1")["channel"]["is_ext_shared"] is False


def test_response_url_post_is_recorded(fake: FakeSlack) -> None:
    WebhookClient(fake.response_url("r7")).send(text="done", response_type="ephemeral")

    (call,) = fake.calls_to("response_url", name="r7")
    assert call.params == {"text": "done", "response_type": "ephemeral"}


# -- signing -----------------------------------------------------------------


def _verifier() -> SignatureVerifier:
    return SignatureVerifier(SECRET)


def test_sign_matches_slack_sdk_verifier() -> None:
    body, _ = sr.event_callback(sr.app_mention("<@UBOT> hi", "U1", "C1"))
    headers = sr.sign(body, SECRET)

    assert _verifier().is_valid_request(body, headers)


def test_altered_body_fails_verification() -> None:
    body, _ = sr.slash_command("status", user_id="U1", channel_id="C1", response_url="http://x")
    headers = sr.sign(body, SECRET)

    assert not _verifier().is_valid_request(body + "&text=evil", headers)


def test_stale_timestamp_fails_verification() -> None:
    body, _ = sr.url_verification("challenge")
    headers = sr.sign(body, SECRET, timestamp=int(time.time()) - 600)

    assert not _verifier().is_valid_request(body, headers)


# -- payload builders ----------------------------------------------------------


def test_interaction_body_is_form_encoded_payload() -> None:
    payload = sr.block_action("rerun", "run-42", "U1", "C1", "1.2", "http://x/response/r1")
    body, content_type = sr.interaction(payload)

    assert content_type == "application/x-www-form-urlencoded"
    (encoded,) = urllib.parse.parse_qs(body)["payload"]
    assert json.loads(encoded) == payload


def test_event_ids_are_unique_and_dm_is_message_im() -> None:
    event = sr.dm("hi", "U1")
    first = json.loads(sr.event_callback(event)[0])
    second = json.loads(sr.event_callback(event)[0])

    assert first["event_id"] != second["event_id"]
    assert (event["type"], event["channel_type"], event["channel"]) == ("message", "im", "DU1")


def test_view_submission_expands_string_values() -> None:
    payload = sr.view_submission("ask_modal", {"question": {"value": "why?"}}, "U1", "meta")

    values = payload["view"]["state"]["values"]
    assert values == {"question": {"value": {"type": "plain_text_input", "value": "why?"}}}
    assert payload["view"]["private_metadata"] == "meta"


# -- end to end: SlackSender -> bolt app -> FakeSlack ----------------------------


def _serve_bolt(app: App) -> ThreadingHTTPServer:
    """Serve ``app`` on a free loopback port via a minimal stdlib adapter."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
            headers = {k: [v] for k, v in self.headers.items()}
            response = app.dispatch(BoltRequest(body=body, headers=headers))
            payload = response.body.encode("utf-8")
            self.send_response(response.status)
            for name, values in response.headers.items():
                for value in values:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            """Silence the access log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server


@pytest.fixture
def bolt_sender(fake: FakeSlack) -> Iterator[sr.SlackSender]:
    app = App(client=WebClient(token=TOKEN, base_url=fake.base_url), signing_secret=SECRET)

    @app.event("app_mention")
    def on_mention(event: dict, say, request: BoltRequest) -> None:  # type: ignore[no-untyped-def]
        retry = request.headers.get("x-slack-retry-num", [""])[0]
        suffix = f" (retry {retry})" if retry else ""
        say(text=f"echo: {event['text']}{suffix}", thread_ts=event["ts"])

    @app.command("/ci")
    def on_ci(ack, respond, command: dict) -> None:  # type: ignore[no-untyped-def]
        ack("working on it")
        respond(f"done: {command['text']}")

    server = _serve_bolt(app)
    try:
        yield sr.SlackSender(f"http://127.0.0.1:{server.server_address[1]}/slack/events", SECRET)
    finally:
        server.shutdown()
        server.server_close()


def test_signed_event_reaches_app_and_app_calls_fake(
    fake: FakeSlack, bolt_sender: sr.SlackSender
) -> None:
    event = sr.app_mention("<@UBOT> hi", "U0USER01", "C0CHAN01")

    status, _, _ = bolt_sender.send_event(event)

    assert status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["text"] == "echo: <@UBOT> hi"
    assert call.params["thread_ts"] == event["ts"]


def test_command_ack_and_respond_go_through_fake(
    fake: FakeSlack, bolt_sender: sr.SlackSender
) -> None:
    result = bolt_sender.send_command(
        "status main",
        user_id="U0USER01",
        channel_id="C0CHAN01",
        response_url=fake.response_url("cmd"),
    )

    assert result.status == 200
    assert result.body == "working on it"
    (call,) = fake.wait_for("response_url")
    assert call.name == "cmd"
    assert call.params["text"] == "done: status main"


@pytest.mark.parametrize(
    "overrides",
    [{"signature": "v0=bad"}, {"timestamp": int(time.time()) - 600}],
    ids=["bad-signature", "stale-timestamp"],
)
def test_bad_signature_or_stale_timestamp_is_rejected(
    fake: FakeSlack, bolt_sender: sr.SlackSender, overrides: dict
) -> None:
    status, _, _ = bolt_sender.send_event(sr.app_mention("<@UBOT> hi", "U1", "C1"), **overrides)

    assert status == 401
    fake.assert_no_calls("chat.postMessage", within=0.2)


def test_retry_headers_reach_the_app(fake: FakeSlack, bolt_sender: sr.SlackSender) -> None:
    event = sr.app_mention("<@UBOT> hi", "U1", "C1")

    result = bolt_sender.send_event(event, headers=sr.retry_headers(1))

    assert result.status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["text"] == "echo: <@UBOT> hi (retry 1)"


# -- Slack's failures, programmed per method ------------------------------------------------


def test_refuse_answers_slacks_own_error_for_good_or_n_times(fake: FakeSlack, client) -> None:
    fake.refuse("chat.update", "message_not_found")
    fake.refuse("chat.delete", "cant_delete_message", times=1)

    for _ in range(3):
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_update(channel="C1", ts="1.2", text="x")
        assert excinfo.value.response.status_code == 200
        assert excinfo.value.response["error"] == "message_not_found"
    with pytest.raises(SlackApiError):
        client.chat_delete(channel="C1", ts="1.2")
    assert client.chat_delete(channel="C1", ts="1.2")["ok"] is True


def test_refuse_only_the_calls_that_match(fake: FakeSlack, client) -> None:
    fake.refuse(
        "chat.postMessage", "channel_not_found", where=lambda c: c.params["channel"] == "CX"
    )

    assert client.chat_postMessage(channel="CFINE", text="x")["ok"] is True
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="CX", text="x")
    assert excinfo.value.response["error"] == "channel_not_found"


def test_an_outage_fails_every_call_until_it_is_over(fake: FakeSlack, client) -> None:
    fake.outage("chat.postMessage", 0.3, status=503)
    started = time.monotonic()
    failures = 0
    while True:
        try:
            client.chat_postMessage(channel="C1", text="x")
            break
        except SlackApiError as error:
            assert error.response.status_code == 503
            failures += 1
    assert failures >= 1
    assert time.monotonic() - started >= 0.3


def test_a_rate_limit_outage_says_retry_after(fake: FakeSlack, client) -> None:
    fake.outage("chat.update", 60, status=429, retry_after=30)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel="C1", ts="1.2", text="x")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "30"
    assert excinfo.value.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True  # other methods work


def test_an_outage_can_answer_an_error_body(fake: FakeSlack, client) -> None:
    fake.outage("conversations.info", 60, error="internal_error")
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_info(channel="C1")
    assert (excinfo.value.response.status_code, excinfo.value.response["error"]) == (
        200,
        "internal_error",
    )


def test_delay_answers_late(fake: FakeSlack, client) -> None:
    fake.delay("chat.postMessage", 0.3, times=1)
    started = time.monotonic()
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert time.monotonic() - started >= 0.3
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [200]


# -- Block Kit's limits, as Slack enforces them ------------------------------------------------


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(text: str = "Go", value: str = "1") -> dict:
    return {"type": "button", "action_id": "go", "text": _plain(text), "value": value}


TOO_MUCH = {
    "section text over 3000": [_section("x" * 3001)],
    "empty section text": [_section("")],
    "context element over 3000": [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "x" * 3001}]}
    ],
    "11 context elements": [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}
    ],
    "header over 150": [{"type": "header", "text": _plain("h" * 151)}],
    "button text over 75": [{"type": "actions", "elements": [_button(text="b" * 76)]}],
    "button value over 2000": [{"type": "actions", "elements": [_button(value="v" * 2001)]}],
    "26 buttons": [{"type": "actions", "elements": [_button()] * 26}],
    "51 blocks": [_section("x")] * 51,
    "accessory button text over 75": [{**_section("x"), "accessory": _button(text="b" * 76)}],
}


@pytest.mark.parametrize("blocks", list(TOO_MUCH.values()), ids=list(TOO_MUCH))
def test_a_message_over_block_kit_limits_is_refused_as_slack_does(
    fake: FakeSlack, client, blocks
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="x", blocks=blocks)
    assert excinfo.value.response["error"] == "invalid_blocks"
    assert excinfo.value.response["response_metadata"]["messages"]
    [(call, problems)] = fake.refused_payloads
    assert call.method == "chat.postMessage" and problems


@pytest.mark.parametrize("method", ["chat.update", "chat.postEphemeral"])
def test_updates_and_ephemerals_are_checked_too(fake: FakeSlack, client, method) -> None:
    params = {"channel": "C1", "ts": "1.2", "user": "U1", "text": "x"}
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(method, json={**params, "blocks": [_section("x" * 3001)]})
    assert excinfo.value.response["error"] == "invalid_blocks"


def test_a_text_over_40000_characters_is_too_long(fake: FakeSlack, client) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="x" * 40_001)
    assert excinfo.value.response["error"] == "msg_too_long"
    assert client.chat_postMessage(channel="C1", text="x" * 40_000)["ok"] is True


def test_the_limits_are_inclusive(fake: FakeSlack, client) -> None:
    blocks = [
        {"type": "header", "text": _plain("h" * 150)},
        _section("x" * 3000),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c" * 3000}] * 10},
        {"type": "actions", "elements": [_button(text="b" * 75, value="v" * 2000)] * 25},
        *[_section("x")] * 46,
    ]
    assert client.chat_postMessage(channel="C1", text="x", blocks=blocks)["ok"] is True
    assert fake.refused_payloads == []


def _modal(blocks: list[dict], **fields) -> dict:
    return {"type": "modal", "title": _plain("A form"), "blocks": blocks, **fields}


VIEWS_TOO_MUCH = {
    "101 blocks": _modal([_section("x")] * 101),
    "title over 24": _modal([], title=_plain("t" * 25)),
    "submit over 24": _modal([], submit=_plain("s" * 25)),
    "private_metadata over 3000": _modal([], private_metadata="m" * 3001),
    "initial value longer than max_length": _modal(
        [
            {
                "type": "input",
                "label": _plain("Title"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "max_length": 10,
                    "initial_value": "i" * 11,
                },
            }
        ]
    ),
    "option text over 75": _modal(
        [
            {
                "type": "input",
                "label": _plain("Pick"),
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": [{"text": _plain("o" * 76), "value": "o"}],
                },
            }
        ]
    ),
}


@pytest.mark.parametrize("view", list(VIEWS_TOO_MUCH.values()), ids=list(VIEWS_TOO_MUCH))
@pytest.mark.parametrize("method", ["views.open", "views.update", "views.publish"])
def test_a_view_over_block_kit_limits_is_refused(fake: FakeSlack, client, view, method) -> None:
    params = {"trigger_id": "t", "view_id": "V1", "user_id": "U1", "view": view}
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(method, json=params)
    assert excinfo.value.response["error"] == "invalid_blocks"


def test_a_home_view_may_have_100_blocks(fake: FakeSlack, client) -> None:
    home = {"type": "home", "blocks": [_section("x")] * 100}
    assert client.views_publish(user_id="U1", view=home)["ok"] is True


def test_a_response_url_post_over_the_limits_is_refused_and_kept(fake: FakeSlack) -> None:
    """Bolt's respond() does not raise on Slack's answer: the fake keeps the refusal, and the
    fake_slack fixture fails a test whose app made one."""
    response = WebhookClient(fake.response_url("r9")).send(text="x", blocks=[_section("x" * 3001)])
    assert response.status_code == 200
    assert json.loads(response.body)["error"] == "invalid_blocks"
    [(call, problems)] = fake.refused_payloads
    assert (call.method, call.name) == ("response_url", "r9")
    assert problems == ["text is 3001 characters, more than 3000 [/blocks/0/text/text]"]


def test_checking_can_be_turned_off(fake: FakeSlack, client) -> None:
    fake.check_payloads = False
    assert client.chat_postMessage(channel="C1", text="x", blocks=[_section("x" * 3001)])["ok"]
    assert fake.refused_payloads == []
