"""Build and send requests the way Slack sends them to an app.

* :func:`sign` - Slack's v0 request signature headers.
* Body builders returning ``(body, content_type)``: :func:`event_callback`,
  :func:`slash_command`, :func:`interaction`, :func:`url_verification`.
* Payload helpers returning dicts: :func:`app_mention`, :func:`dm`, :func:`app_home_opened`,
  :func:`assistant_thread_started`, :func:`assistant_thread_context_changed`,
  :func:`assistant_message`,
  :func:`block_action`, :func:`home_block_action`, :func:`message_shortcut`,
  :func:`view_submission`.
* :class:`SlackSender` - POSTs signed requests to the app's HTTP endpoint;
  :func:`wsgi_environ` - the same request as a WSGI environ, for the app without a server.

Ids are placeholders: team ``T0001``, app ``A0001``, bot user ``UBOT``.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import io
import itertools
import json
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from typing import Any, NamedTuple

JsonDict = dict[str, Any]
Body = tuple[str, str]  # (body, content_type)

JSON_CONTENT_TYPE = "application/json"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
SLACK_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
TEAM_ID = "T0001"
TEAM_DOMAIN = "partner-test"
APP_ID = "A0001"
BOT_USER_ID = "UBOT"
VERIFICATION_TOKEN = "legacy-verification-token"

_counter = itertools.count(1)


def _next_number() -> int:
    return next(_counter)


def new_ts() -> str:
    """A fresh, increasing message timestamp like ``"1710000000.000100"``."""
    return f"1710000000.{_next_number() * 100:06d}"


def new_event_id() -> str:
    """A fresh unique Events API event id like ``"Ev0000000001"``."""
    return f"Ev{_next_number():010d}"


def new_view_id() -> str:
    """A fresh view id like ``"V0000000042"``: Slack gives every modal it opens its own."""
    return f"V{_next_number():010d}"


def new_trigger_id() -> str:
    """A fresh trigger_id shaped like Slack's."""
    return f"{_next_number()}.{TEAM_ID[1:]}.{uuid.uuid4().hex}"


def wsgi_environ(body: str, content_type: str, headers: Mapping[str, str]) -> dict:
    """What waitress hands the app for a POST of ``body`` to /slack/events."""
    raw = body.encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(raw)),
    }
    environ.update({"HTTP_" + name.upper().replace("-", "_"): v for name, v in headers.items()})
    return environ | {"wsgi.input": io.BytesIO(raw)}


# -- signing -------------------------------------------------------------


def compute_signature(body: str, secret: str, timestamp: int) -> str:
    """The ``v0=`` HMAC-SHA256 signature of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def sign(body: str, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Signature headers for ``body`` (timestamp defaults to now)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": compute_signature(body, secret, ts),
    }


def retry_headers(num: int = 1, reason: str = "http_timeout") -> dict[str, str]:
    """Headers Slack adds when it redelivers an event."""
    return {"X-Slack-Retry-Num": str(num), "X-Slack-Retry-Reason": reason}


# -- request bodies --------------------------------------------------------


def event_callback(
    event: JsonDict,
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
    is_ext_shared_channel: bool = False,
    event_time: int | None = None,
) -> Body:
    """An Events API ``event_callback`` envelope around ``event`` (JSON)."""
    envelope = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()) if event_time is None else event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": is_ext_shared_channel,
        "event_context": f"4-{uuid.uuid4().hex}",
    }
    return json.dumps(envelope), JSON_CONTENT_TYPE


def url_verification(challenge: str) -> Body:
    """The ``url_verification`` handshake body (JSON)."""
    body = {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    return json.dumps(body), JSON_CONTENT_TYPE


def slash_command(
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    command: str = "/ci",
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    user_name: str | None = None,
    channel_name: str | None = None,
    api_app_id: str = APP_ID,
) -> Body:
    """A slash command invocation, form-encoded like Slack sends it."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name or channel_id.lower(),
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }
    return urllib.parse.urlencode(fields), FORM_CONTENT_TYPE


def interaction(payload: JsonDict) -> Body:
    """An interactivity request: form-encoded ``payload=<json>``."""
    return urllib.parse.urlencode({"payload": json.dumps(payload)}), FORM_CONTENT_TYPE


# -- event payloads --------------------------------------------------------


def _rich_text_blocks(text: str) -> list[JsonDict]:
    """The rich_text block Slack attaches to user-typed messages."""
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def _user_message(
    event_type: str,
    text: str,
    user: str,
    channel: str,
    ts: str | None,
    thread_ts: str | None,
    team: str,
) -> JsonDict:
    ts = ts or new_ts()
    event: JsonDict = {
        "type": event_type,
        "client_msg_id": str(uuid.uuid4()),
        "text": text,
        "user": user,
        "ts": ts,
        "blocks": _rich_text_blocks(text),
        "team": team,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_mention(
    text: str,
    user: str,
    channel: str,
    ts: str | None = None,
    thread_ts: str | None = None,
    *,
    team: str = TEAM_ID,
) -> JsonDict:
    """An ``app_mention`` event (``text`` should contain ``<@UBOT>``)."""
    return _user_message("app_mention", text, user, channel, ts, thread_ts, team)


def dm(
    text: str,
    user: str,
    channel: str | None = None,
    ts: str | None = None,
    thread_ts: str | None = None,
    *,
    team: str = TEAM_ID,
) -> JsonDict:
    """A ``message.im`` event; ``channel`` defaults to ``"D" + user``.

    That default matches what FakeSlack's conversations.open returns.
    """
    event = _user_message("message", text, user, channel or f"D{user}", ts, thread_ts, team)
    event["channel_type"] = "im"
    return event


def _assistant_thread_event(
    event_type: str, user: str, channel: str | None, thread_ts: str | None, viewing: str
) -> JsonDict:
    return {
        "type": event_type,
        "assistant_thread": {
            "user_id": user,
            "context": {"channel_id": viewing, "team_id": TEAM_ID, "enterprise_id": None},
            "channel_id": channel or f"D{user}",
            "thread_ts": thread_ts or new_ts(),
        },
        "event_ts": new_ts(),
    }


def assistant_thread_started(
    user: str, channel: str | None = None, thread_ts: str | None = None, *, viewing: str = "C0VIEW"
) -> JsonDict:
    """``assistant_thread_started``: ``user`` opened the assistant pane (a new thread in the
    app's DM, ``channel`` defaulting to ``"D" + user``) while viewing channel ``viewing``."""
    return _assistant_thread_event("assistant_thread_started", user, channel, thread_ts, viewing)


def assistant_thread_context_changed(
    user: str, channel: str, thread_ts: str, *, viewing: str = "C0OTHER"
) -> JsonDict:
    """``assistant_thread_context_changed``: the user moved to ``viewing`` beside the pane."""
    return _assistant_thread_event(
        "assistant_thread_context_changed", user, channel, thread_ts, viewing
    )


def assistant_message(text: str, user: str, thread_ts: str, channel: str | None = None) -> JsonDict:
    """What the user types in an assistant thread: a ``message.im`` event in the thread."""
    event = dm(text, user, channel, thread_ts=thread_ts)
    event["parent_user_id"] = user
    return event


def app_home_opened(user: str, tab: str = "home", *, view_id: str | None = None) -> JsonDict:
    """An ``app_home_opened`` event: ``user`` opened the app's Home (or Messages) tab."""
    event: JsonDict = {
        "type": "app_home_opened",
        "user": user,
        "channel": f"D{user}",
        "tab": tab,
        "event_ts": new_ts(),
    }
    if view_id:  # Slack includes the view last published to this user
        event["view"] = {"id": view_id, "type": "home", "blocks": []}
    return event


# -- interaction payloads --------------------------------------------------


def _user_ref(user: str, team_id: str) -> JsonDict:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team_id}


def _team_ref(team_id: str) -> JsonDict:
    return {"id": team_id, "domain": TEAM_DOMAIN}


def block_action(
    action_id: str,
    value: str,
    user: str,
    channel: str,
    message_ts: str,
    response_url: str,
    block_id: str = "actions",
    *,
    team_id: str = TEAM_ID,
    message_text: str = "",
    action_type: str = "button",
    trigger_id: str | None = None,
) -> JsonDict:
    """A ``block_actions`` payload for a button click on a bot message."""
    action = {
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": value, "emoji": True},
        "value": value,
        "type": action_type,
        "action_ts": new_ts(),
    }
    message = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": "BBOT",
        "text": message_text,
        "ts": message_ts,
        "blocks": [{"type": "actions", "block_id": block_id, "elements": []}],
    }
    return {
        "type": "block_actions",
        "user": _user_ref(user, team_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team_ref(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": channel.lower()},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }


def home_block_action(
    action_id: str,
    value: str,
    user: str,
    block_id: str = "home",
    *,
    view_id: str = "VHOME0000001",
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
) -> JsonDict:
    """A ``block_actions`` payload for a button on the App Home tab: the container is the view,
    and there is no channel, message or ``response_url``."""
    return {
        "type": "block_actions",
        "user": _user_ref(user, team_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {"type": "view", "view_id": view_id},
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team_ref(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "home",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "partnerbot_home",
            "state": {"values": {}},
            "hash": f"{view_id}.hash",
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": team_id,
            "bot_id": "BBOT",
        },
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": value, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": new_ts(),
            }
        ],
    }


def message_shortcut(
    callback_id: str,
    user: str,
    channel: str,
    message_text: str,
    *,
    message_ts: str | None = None,
    message_user: str = "U0AUTHOR",
    response_url: str = "https://hooks.slack.com/app/T0001/0/placeholder",
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> JsonDict:
    """A ``message_action`` payload (a message shortcut on someone's message)."""
    message_ts = message_ts or new_ts()
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": new_ts(),
        "team": _team_ref(team_id),
        "user": _user_ref(user, team_id),
        "channel": {"id": channel, "name": channel.lower()},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "response_url": response_url,
        "message_ts": message_ts,
        "message": {
            "client_msg_id": str(uuid.uuid4()),
            "type": "message",
            "text": message_text,
            "user": message_user,
            "ts": message_ts,
            "team": team_id,
            "blocks": _rich_text_blocks(message_text),
        },
    }


def _state_values(values: Mapping[str, Mapping[str, Any]]) -> JsonDict:
    """Expand ``{block: {action: "text"}}`` leaves into plain_text_input values."""
    state: JsonDict = {}
    for block_id, actions in values.items():
        state[block_id] = {
            action_id: (
                {"type": "plain_text_input", "value": leaf} if isinstance(leaf, str) else leaf
            )
            for action_id, leaf in actions.items()
        }
    return state


def view_submission(
    callback_id: str,
    values: Mapping[str, Mapping[str, Any]],
    user: str,
    private_metadata: str = "",
    *,
    view_id: str | None = None,
    team_id: str = TEAM_ID,
    response_urls: list[JsonDict] | None = None,
    trigger_id: str | None = None,
) -> JsonDict:
    """A ``view_submission`` payload for a modal.

    ``values`` is ``view.state.values``: ``{block_id: {action_id: element}}``;
    a plain string element becomes ``{"type": "plain_text_input", "value": s}``.
    Each payload is a new modal's (a fresh ``view_id``) unless ``view_id`` is given: Slack
    sends the same view id and hash again only when it delivers the same submission again.
    """
    view_id = view_id or new_view_id()
    return {
        "type": "view_submission",
        "team": _team_ref(team_id),
        "user": _user_ref(user, team_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": _state_values(values)},
            "hash": f"{view_id}.hash",
            "title": {"type": "plain_text", "text": "partnerbot", "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": team_id,
            "bot_id": "BBOT",
        },
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


# -- sending ---------------------------------------------------------------


class HttpResult(NamedTuple):
    """What the app answered: unpacks as ``(status, body, headers)``."""

    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class SlackSender:
    """Sends signed requests to the app's endpoint like Slack does.

    ``url`` is the app's full request URL (e.g. ``http://127.0.0.1:PORT/slack/events``).
    For 401 tests pass ``signature="v0=bad"`` or a stale ``timestamp``
    (e.g. ``int(time.time()) - 600``); extra headers (``retry_headers(1)``)
    go in ``headers``.
    """

    def __init__(self, url: str, secret: str, timeout: float = 10.0) -> None:
        self.url = url
        self.secret = secret
        self.timeout = timeout

    def post(
        self,
        body: str,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        timestamp: int | None = None,
        *,
        signature: str | None = None,
    ) -> HttpResult:
        """POST a signed body; ``signature`` overrides the computed one."""
        request_headers = {"Content-Type": content_type, "User-Agent": SLACK_USER_AGENT}
        request_headers.update(sign(body, self.secret, timestamp))
        if signature is not None:
            request_headers["X-Slack-Signature"] = signature
        request_headers.update(headers or {})
        return self._send(body.encode("utf-8"), request_headers)

    def send_event(
        self,
        event: JsonDict,
        *,
        headers: Mapping[str, str] | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
        **envelope: Any,
    ) -> HttpResult:
        """Send ``event`` wrapped by :func:`event_callback` (``**envelope``)."""
        body, content_type = event_callback(event, **envelope)
        return self.post(body, content_type, headers, timestamp, signature=signature)

    def send_command(
        self,
        text: str,
        *,
        headers: Mapping[str, str] | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
        **fields: Any,
    ) -> HttpResult:
        """Send a slash command built by :func:`slash_command` (``**fields``)."""
        body, content_type = slash_command(text, **fields)
        return self.post(body, content_type, headers, timestamp, signature=signature)

    def send_interaction(
        self,
        payload: JsonDict,
        *,
        headers: Mapping[str, str] | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> HttpResult:
        """Send an interactivity ``payload`` (block_actions, view_submission...)."""
        body, content_type = interaction(payload)
        return self.post(body, content_type, headers, timestamp, signature=signature)

    def send_url_verification(self, challenge: str) -> HttpResult:
        """Send the ``url_verification`` handshake."""
        return self.post(*url_verification(challenge))

    def _send(self, body: bytes, headers: dict[str, str]) -> HttpResult:
        parts = urllib.parse.urlsplit(self.url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.netloc, timeout=self.timeout)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return HttpResult(response.status, text, dict(response.getheaders()))
        finally:
            connection.close()
