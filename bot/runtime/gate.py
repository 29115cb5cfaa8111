"""What a request to /slack/events passes before anything reads it as Slack's: a bounded read of
its body, then Slack's signature. Nothing parses, stores or logs a body before it is signed.

The limit: Slack's own bodies are small. The largest this app can be sent is a message shortcut
on a 40,000-character message, form-encoded with its rich-text copy: under 700 KB even when
every character is escaped. MAX_BODY_BYTES is above that and far above the few KB of a typical
event, and bounds what one request can make the server hold (each of its threads reads at
most this much). Content-Length is checked first (413 without reading), and at most
MAX_BODY_BYTES + 1 bytes are ever read, since Content-Length may be absent or lie.
"""

from __future__ import annotations

from slack_sdk.signature import SignatureVerifier

MAX_BODY_BYTES = 1024 * 1024


class Refused(Exception):
    """The request is answered `status` without going further."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class SlackGate:
    """Reads a request's body within the limit and checks its signature."""

    def __init__(self, signing_secret: str, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.verifier = SignatureVerifier(signing_secret)
        self.max_bytes = max_bytes

    def admit(self, environ: dict) -> str:
        """The body, as text, of a signed request within the limit; raises Refused otherwise."""
        raw = self.read_body(environ)
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the body is not UTF-8") from None
        try:
            signed = self.verifier.is_valid(text, timestamp, signature)
        except ValueError:  # a timestamp that is no number
            signed = False
        if not signed:
            raise Refused(401, "invalid request signature")
        return text

    def read_body(self, environ: dict) -> bytes:
        """At most max_bytes of the body; Refused (413) when there is more, or (400) when its
        declared length is no number."""
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared:
            try:
                length = int(declared)
            except ValueError:
                raise Refused(400, "Content-Length is no number") from None
            if length < 0:
                raise Refused(400, "Content-Length is negative")
            if length > self.max_bytes:
                raise Refused(413, "request body too large")
        elif environ.get("wsgi.input_terminated"):
            length = self.max_bytes + 1  # unknown: read one byte past the limit, to know
        else:
            length = 0  # no length, and a stream that may never end: nothing to read
        stream = environ.get("wsgi.input")
        raw = stream.read(length) if stream is not None and length else b""
        if len(raw) > self.max_bytes:
            raise Refused(413, "request body too large")
        return raw


# The parts of a payload that Bolt (and the built-in middleware before any listener) reads,
# and what each must be when present; Bolt takes them on trust and fails (500) on others.
_OBJECTS = frozenset(
    {"event", "view", "message", "previous_message", "item", "assistant_thread", "container"}
    | {"state", "function_data", "workflow_step", "assistant", "selected_option"}
)
_OBJECTS_OR_IDS = frozenset({"team", "user", "channel", "enterprise", "function"})
_LISTS_OF_OBJECTS = frozenset({"actions", "authorizations"})
_IDS = frozenset(
    {"type", "subtype", "team_id", "user_id", "channel_id", "enterprise_id", "api_app_id"}
    | {"context_team_id", "context_enterprise_id", "app_installed_team_id", "user_team"}
    | {"trigger_id", "response_url", "command", "callback_id", "event_id", "id", "bot_id"}
    | {"ts", "thread_ts", "message_ts", "event_ts", "action_id", "block_id", "channel_type"}
    | {"tab", "function_execution_id", "bot_access_token", "name"}
)
_NESTING = 4  # how deep those parts lie in any payload Slack sends


def well_formed(payload: object, depth: int = 0) -> bool:
    """Whether a parsed payload has the shape Slack's payloads have where Bolt reads them: the
    objects objects, the lists lists of objects, the ids text. Anything else is refused (400)
    rather than handed to Bolt."""
    if not isinstance(payload, dict):
        return False
    if depth > _NESTING:
        return True
    for key, value in payload.items():
        if key in _IDS:
            ok = value is None or isinstance(value, str)
        elif key in _OBJECTS:
            ok = isinstance(value, dict) and well_formed(value, depth + 1)
        elif key in _OBJECTS_OR_IDS:
            ok = value is None or isinstance(value, str) or well_formed(value, depth + 1)
        elif key in _LISTS_OF_OBJECTS:
            ok = isinstance(value, list) and all(well_formed(v, depth + 1) for v in value)
        else:
            ok = True
        if not ok:
            return False
    return True
