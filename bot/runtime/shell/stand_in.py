"""A small Slack stand-in on loopback: it answers the app's Web API calls and `respond()` posts,
prints the messages, and keeps the modals the app opens until the shell has asked them.

Messages in the shell's own conversation (its channel, and direct messages to its user) print
under "bot>"; a post to another channel or a direct message to someone else prints with its
destination ("bot → #C123>", "bot → @U456>"), so a session shows where an alert was delivered
or a review card went.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from bot.runtime.shell.transcript import Transcript, Where

HOME_VIEW_ID = "VSHELLHOME"


@dataclass(frozen=True)
class Person:
    """Who the shell is: its user, and the conversation it types in."""

    user: str
    channel: str


@dataclass
class Modals:
    """The modals the app opened, root first; `pending` is the one to ask next (opened,
    pushed or updated and not yet asked)."""

    views: dict[str, dict] = field(default_factory=dict)
    stack: list[str] = field(default_factory=list)
    pending: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def _store(self, view: dict, view_id: str | None = None) -> dict:
        view_id = view_id or f"VSHELL{next(self._ids):04d}"
        stored = {
            **view,
            "id": view_id,
            "hash": secrets.token_hex(8),
            "state": {"values": {}},
            "team_id": "T0",
            "app_id": "A0",
            "bot_id": "BPARTNERBOT",
            "root_view_id": self.stack[0] if self.stack else view_id,
        }
        self.views[view_id] = stored
        self.pending = view_id
        return stored

    def open(self, view: dict) -> dict:
        with self.lock:
            self.stack.clear()
            stored = self._store(view)
            self.stack.append(stored["id"])
            return stored

    def push(self, view: dict) -> dict | None:
        with self.lock:
            if not self.stack:
                return None
            stored = self._store(view)
            self.stack.append(stored["id"])
            return stored

    def update(self, view: dict, view_id: str | None, external_id: str | None) -> dict | None:
        with self.lock:
            if view_id is None and external_id is not None:
                view_id = next(
                    (i for i, v in self.views.items() if v.get("external_id") == external_id),
                    None,
                )
            if view_id not in self.stack:
                return None
            return self._store(view, view_id)

    def take_pending(self) -> dict | None:
        """The view to ask next, if any (each is handed out once per change)."""
        with self.lock:
            view_id, self.pending = self.pending, None
            return self.views.get(view_id) if view_id in self.stack else None

    def close(self, view_id: str) -> None:
        """Submitted: it closes, and the one under it (if any) shows again."""
        with self.lock:
            if view_id in self.stack:
                del self.stack[self.stack.index(view_id) :]
            if self.stack and self.pending is None:
                self.pending = self.stack[-1]

    def clear(self) -> None:
        with self.lock:
            self.stack.clear()
            self.pending = None


class _Handler(BaseHTTPRequestHandler):
    server: SlackStandIn

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(raw or "{}")
        else:
            params = dict(parse_qsl(raw))
            for key in ("blocks", "attachments", "view"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        reply = self.server.answer(self.path, params)
        body = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the transcript is the output."""


class SlackStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, transcript: Transcript, person: Person) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.transcript = transcript
        self.person = person
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.modals = Modals()
        self._ts = itertools.count(1)
        self._responses = itertools.count(1)
        self._response_places: dict[str, Where] = {}
        self._lock = threading.Lock()

    # -- places ---------------------------------------------------------------------------

    def response_url(self, channel: str, message: Where | None = None) -> str:
        """A response_url for a command typed in `channel`, or a button on `message`."""
        path = f"/response/{next(self._responses)}"
        with self._lock:
            self._response_places[path] = message or Where("bot>", channel)
        return self.url + path

    def _dm_channel(self, user: str) -> str:
        return self.person.channel if user == self.person.user else f"D{user}"

    def _owner(self, channel: str) -> str | None:
        """The user whose direct message this is (None for a channel)."""
        if channel == self.person.channel:
            return self.person.user
        if channel[:1] in ("U", "W"):
            return channel
        if channel.startswith("D") and len(channel) > 1:
            return channel[1:]
        return None

    def _header(self, channel: str, *, edited: bool = False, only_you: bool = False) -> str:
        owner = self._owner(channel)
        notes = [n for n, on in (("edited", edited), ("only you see it", only_you)) if on]
        suffix = f" ({', '.join(notes)})" if notes else ""
        if owner == self.person.user:
            return f"bot{suffix}>"
        if owner is not None:
            return f"bot → @{owner} (direct message){suffix}>"
        return f"bot → #{channel}{suffix}>"

    def _next_ts(self) -> str:
        return f"{time.time():.0f}.{next(self._ts):06d}"

    # -- the Web API ----------------------------------------------------------------------

    def answer(self, path: str, params: dict) -> dict:
        if path.startswith("/response/"):
            return self._respond(path, params)
        method = path.rsplit("/", 1)[-1]
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        return handler(params) if handler else {"ok": True}

    def _respond(self, path: str, params: dict) -> dict:
        with self._lock:
            place = self._response_places.get(path)
        if place is None:
            return {"ok": False, "error": "expired_url"}
        if params.get("delete_original"):
            return {"ok": True}
        channel = place.channel or self.person.channel
        if params.get("replace_original") in (True, "true") and place.ts:
            where = Where(self._header(channel, edited=True), channel, place.ts, self.url + path)
        else:
            only_you = params.get("response_type") != "in_channel"
            ts = self._next_ts()
            header = self._header(channel, only_you=only_you and channel != self.person.channel)
            where = Where(header, channel, ts, self.url + path, ephemeral=only_you)
        self.transcript.show(params, where)
        return {"ok": True}

    def _chat_postMessage(self, params: dict) -> dict:
        channel = params.get("channel", "")
        posted_in = self._dm_channel(channel) if channel[:1] in ("U", "W") else channel
        ts = self._next_ts()
        self.transcript.show(params, Where(self._header(posted_in), posted_in, ts))
        return {"ok": True, "channel": posted_in, "ts": ts, "message": {**params, "ts": ts}}

    def _chat_postEphemeral(self, params: dict) -> dict:
        channel = params.get("channel", "")
        ts = self._next_ts()
        header = self._header(channel, only_you=channel != self.person.channel)
        self.transcript.show(params, Where(header, channel, ts, ephemeral=True))
        return {"ok": True, "message_ts": ts}

    def _chat_update(self, params: dict) -> dict:
        channel, ts = params.get("channel", ""), params.get("ts", "")
        self.transcript.show(params, Where(self._header(channel, edited=True), channel, ts))
        return {"ok": True, "channel": channel, "ts": ts}

    def _chat_getPermalink(self, params: dict) -> dict:
        channel, ts = params.get("channel", ""), params.get("message_ts", "")
        return {"ok": True, "permalink": f"{self.url}/archives/{channel}/p{ts.replace('.', '')}"}

    def _views_open(self, params: dict) -> dict:
        stored = self.modals.open(params.get("view") or {})
        self.transcript.show({}, Where("", None))  # wakes a shell waiting for a reply
        return {"ok": True, "view": stored}

    def _views_push(self, params: dict) -> dict:
        stored = self.modals.push(params.get("view") or {})
        if stored is None:
            return {"ok": False, "error": "not_found"}
        self.transcript.show({}, Where("", None))
        return {"ok": True, "view": stored}

    def _views_update(self, params: dict) -> dict:
        stored = self.modals.update(
            params.get("view") or {}, params.get("view_id"), params.get("external_id")
        )
        return {"ok": True, "view": stored} if stored else {"ok": False, "error": "not_found"}

    def _views_publish(self, params: dict) -> dict:
        self.transcript.show(params.get("view") or {}, Where("bot (Home tab)>", None))
        return {"ok": True, "view": {**(params.get("view") or {}), "id": HOME_VIEW_ID}}

    def _conversations_open(self, params: dict) -> dict:
        users = str(params.get("users", "")).split(",")
        return {"ok": True, "channel": {"id": self._dm_channel(users[0].strip())}}

    def _conversations_info(self, params: dict) -> dict:
        channel = params.get("channel", "")
        im = self._owner(channel) is not None
        info = {
            "id": channel,
            "name": channel.lower(),
            "is_im": im,
            "is_channel": not im,
            "is_ext_shared": False,
            "is_pending_ext_shared": False,
            "is_shared": False,
        }
        return {"ok": True, "channel": info}

    def _users_conversations(self, params: dict) -> dict:
        return {"ok": True, "channels": [{"id": self.person.channel}], "response_metadata": {}}

    def _users_info(self, params: dict) -> dict:
        user = params.get("user", "")
        return {"ok": True, "user": {"id": user, "name": user.lower(), "tz": "America/New_York"}}

    def _usergroups_users_list(self, params: dict) -> dict:
        return {"ok": True, "users": []}

    def _auth_test(self, params: dict) -> dict:
        return {"ok": True, "user_id": "UPARTNERBOT", "bot_id": "BPARTNERBOT", "team_id": "T0"}
