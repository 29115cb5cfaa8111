"""A fake Slack Web API server on loopback for end-to-end tests.

The app under test gets ``FakeSlack.base_url`` as its Web API base URL
(``slack_sdk.WebClient(base_url=...)`` / ``SLACK_API_URL``) and
``FakeSlack.response_url(...)`` as the ``response_url`` in the payloads
tests send it.  Every request that arrives is recorded as a :class:`Call`;
tests inspect the calls (``calls_to``, ``wait_for``) and can program the
answers (``set_response``, ``set_channel``, ``set_user``) and Slack's failures:
``fail_next`` (the next N calls), ``refuse`` (one of Slack's own error codes,
for good or N times, optionally only for calls that match), ``outage`` (every
call fails for a number of seconds, with ``Retry-After`` on a 429) and
``delay`` (Slack takes its time).

Like Slack, it refuses a message or view that breaks Block Kit's limits
(``invalid_blocks``, or ``msg_too_long`` for a message's text), whichever way
it comes: chat.postMessage, chat.update, chat.postEphemeral, views.*, or a
post to a response_url. Every refusal is kept in ``refused_payloads``, so that
a test (and the ``fake_slack`` fixture's teardown) sees an app that would have
lost a message, even where the app itself ignores the answer.

Standard library only; binds ``127.0.0.1`` on a free port (port 0).
"""

from __future__ import annotations

import collections
import contextlib
import email.parser
import email.policy
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support import block_kit

JsonDict = dict[str, Any]
Responder = Callable[["Call"], JsonDict]
ResponseSpec = JsonDict | Responder

TEAM_ID = "T0001"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
BOT_NAME = "partnerbot"
APP_ID = "A0001"
RESPONSE_URL_METHOD = "response_url"
MAX_SUGGESTED_PROMPTS = 4  # assistant.threads.setSuggestedPrompts takes at most four

# Params slack_sdk (or an app) may send as JSON strings inside a form body.
_JSON_STRING_PARAMS = frozenset(
    {"blocks", "attachments", "view", "metadata", "unfurls", "user_auth_blocks", "prompts"}
)
# Methods whose payload is a message, or a view, that Slack checks against Block Kit's limits.
_MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.update", "chat.postEphemeral", "chat.scheduleMessage"}
)
_VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})
_DEFAULT_FAILURE_ERRORS = {
    429: "ratelimited",
    500: "internal_error",
    503: "service_unavailable",
}


@dataclass
class Call:
    """One request received by the fake.

    ``method`` is the Web API method ("chat.postMessage") or
    ``"response_url"`` for posts to a :meth:`FakeSlack.response_url`, whose
    ``name`` is then set.  ``headers`` have lower-cased names.  ``status`` is
    the HTTP status the fake answered with.
    """

    method: str
    params: JsonDict
    headers: dict[str, str]
    path: str
    name: str | None = None
    status: int = 200
    body: str = field(default="", repr=False)

    @property
    def token(self) -> str | None:
        """The token sent as ``Authorization: Bearer`` or a ``token`` param."""
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and auth[7:].strip():
            return auth[7:].strip()
        token = self.params.get("token")
        return token if isinstance(token, str) and token else None


@dataclass(frozen=True)
class _Failure:
    status: int
    headers: dict[str, str]
    body: JsonDict


@dataclass
class _Rule:
    """A programmed misbehaviour of one method: fail (``failure``) or answer late (``delay``),
    for calls that match ``where``, until ``until`` (monotonic) or for ``remaining`` calls."""

    failure: _Failure | None = None
    delay: float = 0.0
    until: float | None = None
    remaining: int | None = None
    where: Callable[[Call], bool] | None = None

    def expired(self, now: float) -> bool:
        return (self.until is not None and now >= self.until) or self.remaining == 0


@dataclass(frozen=True)
class _Reply:
    status: int
    body: JsonDict
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Threaded fake of the Slack Web API (and response_urls) on 127.0.0.1.

    Use as a context manager, or call :meth:`start` / :meth:`stop`.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        # Calls per method, so that waiting for the n-th is not a pass over every call so far.
        self._counts: collections.Counter[str] = collections.Counter()
        self._responses: dict[str, ResponseSpec] = {}
        self._failures: dict[str, collections.deque[_Failure]] = {}
        self._rules: dict[str, list[_Rule]] = {}
        self._refused: list[tuple[Call, list[str]]] = []
        self.check_payloads = True
        # The fake_slack fixture fails a test whose app sent a payload Slack would refuse,
        # unless the test says it sends one on purpose.
        self.refusals_expected = False
        self._channels: dict[str, JsonDict] = {}
        self._users: dict[str, JsonDict] = {}
        self._ts_counter = itertools.count(1)
        self._id_counter = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------

    def start(self) -> FakeSlack:
        """Bind a free loopback port and serve in a background thread."""
        if self._server is not None:
            return self
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # keeps stop() fast
            name="fake-slack",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (only valid once started)."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Web API base URL, e.g. ``http://127.0.0.1:PORT/api/``."""
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url whose posts are recorded as ``response_url`` calls."""
        return f"{self.url}/response/{urllib.parse.quote(name, safe='')}"

    # -- inspecting calls ----------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """A copy of every call received so far, in arrival order."""
        with self._cond:
            return list(self._calls)

    @property
    def methods(self) -> list[str]:
        """The method names of all calls so far, in arrival order."""
        return [call.method for call in self.calls]

    def calls_to(self, method: str, name: str | None = None) -> list[Call]:
        """Calls of one method (and, for response_url calls, one name)."""
        return [
            call
            for call in self.calls
            if call.method == method and (name is None or call.name == name)
        ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[Call]:
        """Wait until at least ``count`` calls of ``method`` arrived; return them. ``timeout``
        bounds the wait, it does not pace it: a process started for a test answers its first
        message only after loading the knowledge base, seconds on a loaded two-core machine.

        Raises AssertionError listing the methods seen so far on timeout.
        """

        def arrived() -> bool:
            return self._counts[method] >= count

        with self._cond:
            if not self._cond.wait_for(arrived, timeout=timeout):
                seen = [c.method for c in self._calls]
                got = seen.count(method)
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} call(s) to "
                    f"{method!r}; got {got}. Methods seen so far: {seen}"
                )
            return [c for c in self._calls if c.method == method]

    def assert_no_calls(self, method: str, within: float = 0.3, beyond: int = 0) -> None:
        """Assert that no call of ``method`` past the first ``beyond`` arrives within
        ``within`` seconds."""
        with self._cond:
            self._cond.wait_for(lambda: self._counts[method] > beyond, timeout=within)
            unexpected = [c for c in self._calls if c.method == method][beyond:]
        if unexpected:
            raise AssertionError(f"unexpected call(s) to {method!r}: {unexpected}")

    def reset(self) -> None:
        """Forget recorded calls and all programmed responses/failures/fixtures."""
        with self._cond:
            self._calls.clear()
            self._counts.clear()
            self._responses.clear()
            self._failures.clear()
            self._rules.clear()
            self._refused.clear()
            self._channels.clear()
            self._users.clear()

    # -- programming answers -------------------------------------------

    def set_response(self, method: str, body_or_callable: ResponseSpec) -> None:
        """Answer ``method`` with a fixed dict, or ``callable(call) -> dict``."""
        with self._cond:
            self._responses[method] = body_or_callable

    def fail_next(
        self,
        method: str,
        status: int = 429,
        headers: Mapping[str, str] | None = None,
        body: JsonDict | None = None,
        times: int = 1,
        where: Callable[[Call], bool] | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer HTTP ``status`` (only calls for
        which ``where(call)``, when given).

        ``headers`` default to ``{"Retry-After": "1"}`` for 429 and nothing
        otherwise; ``body`` defaults to ``{"ok": false, "error": ...}``.
        """
        if headers is None:
            headers = {"Retry-After": "1"} if status == 429 else {}
        if body is None:
            body = {"ok": False, "error": _DEFAULT_FAILURE_ERRORS.get(status, "fatal_error")}
        failure = _Failure(status=status, headers=dict(headers), body=body)
        if where is not None:
            self._add_rule(method, _Rule(failure=failure, remaining=times, where=where))
            return
        with self._cond:
            queue = self._failures.setdefault(method, collections.deque())
            queue.extend([failure] * times)

    def refuse(
        self,
        method: str,
        error: str,
        *,
        times: int | None = None,
        where: Callable[[Call], bool] | None = None,
    ) -> None:
        """Answer ``method`` with one of Slack's own errors (HTTP 200, ``ok: false``), as
        Slack does for a message deleted under you (``message_not_found``), a channel gone or
        left (``channel_not_found``, ``is_archived``, ``not_in_channel``), ...: for good, or
        for the next ``times`` calls; only calls for which ``where(call)`` when given."""
        failure = _Failure(status=200, headers={}, body={"ok": False, "error": error})
        self._add_rule(method, _Rule(failure=failure, remaining=times, where=where))

    def outage(
        self,
        method: str,
        seconds: float,
        *,
        status: int = 503,
        error: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Every call of ``method`` fails for the next ``seconds``: HTTP ``status`` (a 429
        says ``Retry-After``, by default what is left of the outage) with Slack's error for
        it, or ``error`` (then HTTP 200, as Slack answers ``ok: false``)."""
        until = time.monotonic() + seconds
        if error is not None:
            failure = _Failure(status=200, headers={}, body={"ok": False, "error": error})
        else:
            headers = {}
            if status == 429:
                headers["Retry-After"] = str(
                    round(retry_after if retry_after is not None else seconds)
                )
            body = {"ok": False, "error": _DEFAULT_FAILURE_ERRORS.get(status, "fatal_error")}
            failure = _Failure(status=status, headers=headers, body=body)
        self._add_rule(method, _Rule(failure=failure, until=until))

    def delay(
        self,
        method: str,
        seconds: float,
        *,
        times: int | None = None,
        where: Callable[[Call], bool] | None = None,
    ) -> None:
        """Slack answers ``method`` only after ``seconds`` (for good, or the next ``times``)."""
        self._add_rule(method, _Rule(delay=seconds, remaining=times, where=where))

    def _add_rule(self, method: str, rule: _Rule) -> None:
        with self._cond:
            self._rules.setdefault(method, []).append(rule)

    @property
    def refused_payloads(self) -> list[tuple[Call, list[str]]]:
        """Every message or view refused for breaking Block Kit's limits, with the reasons."""
        with self._cond:
            return list(self._refused)

    def set_channel(self, channel_id: str, **fields: Any) -> None:
        """Override fields of the channel conversations.info returns for one id."""
        with self._cond:
            self._channels.setdefault(channel_id, {}).update(fields)

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Override fields of the user users.info returns for one id."""
        with self._cond:
            self._users.setdefault(user_id, {}).update(fields)

    # -- request handling (called from server threads) -------------------

    def _handle(self, call: Call) -> _Reply:
        """Decide the reply to a call, record the call, and return the reply."""
        reply = self._reply_for(call)
        call.status = reply.status
        with self._cond:
            self._calls.append(call)
            self._counts[call.method] += 1
            self._cond.notify_all()
        return reply

    def _reply_for(self, call: Call) -> _Reply:
        failure = self._pop_failure(call.method)
        if failure is not None:
            return _Reply(failure.status, failure.body, failure.headers)
        rule = self._rule_for(call)
        if rule is not None and rule.delay:
            time.sleep(rule.delay)
        if rule is not None and rule.failure is not None:
            return _Reply(rule.failure.status, rule.failure.body, rule.failure.headers)
        refusal = self._refusal(call)
        if refusal is not None:
            return _Reply(200, refusal)
        if call.method == RESPONSE_URL_METHOD:
            return _Reply(200, self._programmed_or(call, {"ok": True}))
        if not call.path.startswith("/api/"):
            return _Reply(404, {"ok": False, "error": "not_found"})
        if call.token is None:
            # Real Slack answers HTTP 200 with ok=false for a missing token.
            return _Reply(200, {"ok": False, "error": "not_authed"})
        return _Reply(200, self._programmed_or(call, None))

    def _rule_for(self, call: Call) -> _Rule | None:
        """The first live rule of the call's method that matches it (counted as used)."""
        now = time.monotonic()
        with self._cond:
            rules = self._rules.get(call.method, [])
            rules[:] = [rule for rule in rules if not rule.expired(now)]
            for rule in rules:
                if rule.where is None or rule.where(call):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                    return rule
        return None

    def _refusal(self, call: Call) -> JsonDict | None:
        """Slack's answer to a payload that breaks Block Kit's limits; None when it is fine."""
        if not self.check_payloads:
            return None
        if call.method in _MESSAGE_METHODS or call.method == RESPONSE_URL_METHOD:
            problems = block_kit.message_problems(call.params)
        elif call.method in _VIEW_METHODS:
            problems = block_kit.view_problems(call.params.get("view"))
        else:
            return None
        if not problems:
            return None
        with self._cond:
            self._refused.append((call, problems))
        too_long = all(problem.endswith("[/text]") for problem in problems)
        return {
            "ok": False,
            "error": "msg_too_long" if too_long else "invalid_blocks",
            "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
        }

    def _pop_failure(self, method: str) -> _Failure | None:
        with self._cond:
            queue = self._failures.get(method)
            return queue.popleft() if queue else None

    def _programmed_or(self, call: Call, fallback: JsonDict | None) -> JsonDict:
        with self._cond:
            spec = self._responses.get(call.method)
        if callable(spec):
            return spec(call)
        if spec is not None:
            return spec
        if fallback is not None:
            return fallback
        return self._default_response(call)

    # -- default Slack-shaped responses ----------------------------------

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts_counter) * 100:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._id_counter):08d}"

    def _default_response(self, call: Call) -> JsonDict:
        builder = _DEFAULT_BUILDERS.get(call.method)
        body = builder(self, call.params) if builder else {}
        return {"ok": True, **body}

    def _auth_test(self, params: JsonDict) -> JsonDict:
        return {
            "url": "https://partner-test.slack.com/",
            "team": "Partner Test",
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, params: JsonDict) -> JsonDict:
        ts = self._next_ts()
        return {"channel": params.get("channel"), "ts": ts, "message": _bot_message(params, ts)}

    def _post_ephemeral(self, params: JsonDict) -> JsonDict:
        return {"message_ts": self._next_ts()}

    def _update(self, params: JsonDict) -> JsonDict:
        ts = params.get("ts")
        return {
            "channel": params.get("channel"),
            "ts": ts,
            "text": params.get("text", ""),
            "message": _bot_message(params, ts),
        }

    def _delete(self, params: JsonDict) -> JsonDict:
        return {"channel": params.get("channel"), "ts": params.get("ts")}

    def _view(self, params: JsonDict) -> JsonDict:
        view = params.get("view")
        view = dict(view) if isinstance(view, dict) else {}
        view_id = params.get("view_id") or self._next_id("V")
        view.setdefault("type", "modal")
        view.setdefault("blocks", [])
        view.setdefault("private_metadata", "")
        view.setdefault("callback_id", "")
        view.update(
            id=view_id,
            team_id=TEAM_ID,
            state={"values": {}},
            hash=f"{view_id}.hash",
            root_view_id=view_id,
            previous_view_id=None,
            app_id=APP_ID,
            bot_id=BOT_ID,
        )
        return {"view": view}

    def _conversations_info(self, params: JsonDict) -> JsonDict:
        channel_id = str(params.get("channel", ""))
        channel = {
            "id": channel_id,
            "name": channel_id.lower(),
            "is_channel": channel_id.startswith("C"),
            "is_group": channel_id.startswith("G"),
            "is_im": channel_id.startswith("D"),
            "is_mpim": False,
            "is_private": channel_id.startswith("G"),
            "is_archived": False,
            "is_member": True,
            "is_shared": False,
            "is_ext_shared": False,
            "is_org_shared": False,
            "is_pending_ext_shared": False,
            "context_team_id": TEAM_ID,
        }
        with self._cond:
            channel.update(self._channels.get(channel_id, {}))
        return {"channel": channel}

    def _conversations_open(self, params: JsonDict) -> JsonDict:
        users = str(params.get("users", "")).replace(",", "")
        return {"channel": {"id": params.get("channel") or f"D{users}"}}

    def _users_info(self, params: JsonDict) -> JsonDict:
        user_id = str(params.get("user", ""))
        name = user_id.lower()
        user = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "real_name": f"User {user_id}",
            "deleted": False,
            "is_bot": False,
            "is_admin": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "tz": "UTC",
            "profile": {
                "real_name": f"User {user_id}",
                "display_name": name,
                "email": f"{name}@example.com",
            },
        }
        with self._cond:
            user.update(self._users.get(user_id, {}))
        return {"user": user}

    def _usergroups_users_list(self, params: JsonDict) -> JsonDict:
        return {"users": []}

    @staticmethod
    def _assistant_thread(params: JsonDict, field: str) -> JsonDict:
        """assistant.threads.*: a thread (channel_id, thread_ts) and the one field it sets."""
        complete = params.get("channel_id") and params.get("thread_ts") and field in params
        if not complete:
            return {"ok": False, "error": "invalid_arguments"}
        if field == "prompts" and not 1 <= len(params["prompts"] or []) <= MAX_SUGGESTED_PROMPTS:
            return {"ok": False, "error": "invalid_arguments"}
        return {}


_DEFAULT_BUILDERS: dict[str, Callable[[FakeSlack, JsonDict], JsonDict]] = {
    "auth.test": FakeSlack._auth_test,
    "chat.postMessage": FakeSlack._post_message,
    "chat.postEphemeral": FakeSlack._post_ephemeral,
    "chat.update": FakeSlack._update,
    "chat.delete": FakeSlack._delete,
    "views.open": FakeSlack._view,
    "views.push": FakeSlack._view,
    "views.publish": FakeSlack._view,
    "views.update": FakeSlack._view,
    "conversations.info": FakeSlack._conversations_info,
    "conversations.open": FakeSlack._conversations_open,
    "users.info": FakeSlack._users_info,
    "usergroups.users.list": FakeSlack._usergroups_users_list,
    "assistant.threads.setStatus": lambda _, p: FakeSlack._assistant_thread(p, "status"),
    "assistant.threads.setSuggestedPrompts": lambda _, p: FakeSlack._assistant_thread(p, "prompts"),
    "assistant.threads.setTitle": lambda _, p: FakeSlack._assistant_thread(p, "title"),
}


def _bot_message(params: JsonDict, ts: Any) -> JsonDict:
    """The message object Slack echoes back for a bot post/update."""
    message: JsonDict = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "team": TEAM_ID,
        "text": params.get("text", ""),
        "ts": ts,
    }
    for key in ("blocks", "attachments", "thread_ts", "metadata"):
        if key in params:
            message[key] = params[key]
    return message


# -- HTTP plumbing ---------------------------------------------------------


def _make_handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one FakeSlack instance."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeSlack/1.0"

        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr access log."""

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            call = _parse_call(self.path, dict(self.headers.items()), raw)
            reply = fake._handle(call)
            self._send_json(reply)

        def _send_json(self, reply: _Reply) -> None:
            payload = json.dumps(reply.body).encode("utf-8")
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _parse_call(raw_path: str, raw_headers: dict[str, str], raw_body: bytes) -> Call:
    """Build a Call from the request line, headers and body."""
    headers = {name.lower(): value for name, value in raw_headers.items()}
    split = urllib.parse.urlsplit(raw_path)
    path = split.path
    params: JsonDict = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
    params.update(_parse_body(headers.get("content-type", ""), raw_body))
    method, name = _method_and_name(path)
    return Call(
        method=method,
        params=_decode_json_strings(params),
        headers=headers,
        path=path,
        name=name,
        body=raw_body.decode("utf-8", errors="replace"),
    )


def _method_and_name(path: str) -> tuple[str, str | None]:
    """("chat.postMessage", None) for /api/..., ("response_url", name) for /response/..."""
    if path.startswith("/api/"):
        return path[len("/api/") :], None
    if path.startswith("/response/"):
        return RESPONSE_URL_METHOD, urllib.parse.unquote(path[len("/response/") :])
    return path, None


def _parse_body(content_type: str, raw: bytes) -> JsonDict:
    """Parse a JSON, form-encoded or multipart request body into a dict."""
    if not raw:
        return {}
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json":
        parsed = json.loads(raw.decode("utf-8"))
        return parsed if isinstance(parsed, dict) else {"_json": parsed}
    if media_type == "multipart/form-data":
        return _parse_multipart(content_type, raw)
    return dict(urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


def _parse_multipart(content_type: str, raw: bytes) -> JsonDict:
    """Text fields as str, file fields as bytes."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    fields: JsonDict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        is_file = part.get_filename() is not None
        fields[str(name)] = payload if is_file else payload.decode("utf-8", errors="replace")
    return fields


def _decode_json_strings(params: JsonDict) -> JsonDict:
    """Turn JSON-string params such as ``blocks`` or ``view`` into objects."""
    decoded = dict(params)
    for key in _JSON_STRING_PARAMS & decoded.keys():
        value = decoded[key]
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            with contextlib.suppress(json.JSONDecodeError):
                decoded[key] = json.loads(value)
    return decoded
