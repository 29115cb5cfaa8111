"""A fake Slack Socket Mode endpoint: a WebSocket server on loopback.

Slack's side of Socket Mode, as the app meets it: `apps.connections.open` (answered by the fake
Web API, pointed here) hands out a WebSocket URL; on connecting, the app gets a `hello`, then
envelopes (`events_api`, `slash_commands`, `interactive`), each of which it must acknowledge by
sending back `{"envelope_id": ...}`. Tests push envelopes and wait for the acknowledgements.
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

JsonDict = dict[str, Any]


class FakeSocketMode:
    def __init__(self) -> None:
        self._server = serve(self._session, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._cond = threading.Condition()
        self._connections: list[ServerConnection] = []
        self.acks: list[JsonDict] = []

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={uuid.uuid4()}"

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        with self._cond:
            self._connections.append(connection)
            self._cond.notify_all()
        try:
            for message in connection:
                with self._cond:
                    self.acks.append(json.loads(message))
                    self._cond.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                self._connections.remove(connection)
                self._cond.notify_all()

    def wait_connected(self, timeout: float = 20.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self._connections, timeout=timeout):
                raise AssertionError("the app never opened a Socket Mode connection")

    def wait_disconnected(self, timeout: float = 10.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._connections, timeout=timeout):
                raise AssertionError("the app kept its Socket Mode connection open")

    def push(self, kind: str, payload: JsonDict, retry_attempt: int = 0) -> str:
        """Send one envelope to the connected app; returns its envelope_id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        with self._cond:
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> JsonDict:
        def acked() -> JsonDict | None:
            return next((a for a in self.acks if a.get("envelope_id") == envelope_id), None)

        with self._cond:
            if not self._cond.wait_for(acked, timeout=timeout):
                raise AssertionError(f"envelope {envelope_id} was never acknowledged")
            return acked()
