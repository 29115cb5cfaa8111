"""Waiting for state that no Slack call marks: a handler's write after its ack, another
process's work. Polls, never sleeps a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable


def eventually(
    check: Callable[[], object], timeout: float = 5.0, what: str = "the check", every=0.01
) -> None:
    """Return once `check()` is true; fail, naming `what`, after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)
