"""FakeSlack with a Slack-like rate limit on chat.postMessage: HTTP 429 and ``Retry-After``.

What Slack documents (https://docs.slack.dev/apis/web-api/rate-limits, and the
chat.postMessage method page): chat.postMessage is in a "special" tier. It generally allows
one message per second *per channel*, short bursts above that are tolerated, and a separate
*workspace-wide* limit (the method page speaks of several hundred messages per minute) caps
the app across all channels. Over a limit Slack answers HTTP 429 with ``Retry-After`` as a
whole number of seconds.

What this fake models: only the workspace-wide limit, as a token bucket (``rate`` tokens per
second, at most ``burst`` stored). A post that finds the bucket empty is answered 429,
``{"ok": false, "error": "ratelimited"}``, with ``Retry-After`` rounded *up* to whole seconds
(so 1 for any rate of 1/s or more, as Slack never says 0). The per-channel limit is left out:
the benchmark posts one message to each channel, so it could never bind. Other methods are
answered by FakeSlack as usual.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter

from tests.support.fake_slack import Call, FakeSlack, _Reply

LIMITED_METHOD = "chat.postMessage"


class TokenBucket:
    """A thread-safe token bucket; ``take()`` spends a token or says how long to wait."""

    def __init__(self, rate: float, burst: int) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> float:
        """0.0 when a token was spent, else the seconds until one will be available."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            return (1 - self._tokens) / self.rate


class RateLimitedSlack(FakeSlack):
    """A FakeSlack whose chat.postMessage obeys a workspace-wide token bucket.

    ``limit(rate, burst)`` switches the limit on (a full bucket), ``unlimit()`` switches it
    off; calls answered 429 are recorded like any other, with ``status == 429``. ``posted``
    counts, per channel, the chat.postMessage calls answered 200 with ``"ok": true``.
    """

    def __init__(self) -> None:
        super().__init__()
        self._bucket: TokenBucket | None = None
        self._posted: Counter[str] = Counter()

    def limit(self, rate: float, burst: int) -> None:
        """Rate-limit chat.postMessage from now on, starting with a full bucket."""
        self._bucket = TokenBucket(rate, burst)

    def unlimit(self) -> None:
        """Answer every chat.postMessage at once again."""
        self._bucket = None

    @property
    def posted(self) -> Counter[str]:
        """A copy of the count of successful posts per channel."""
        with self._cond:
            return Counter(self._posted)

    def reset(self) -> None:
        """FakeSlack.reset, and forget the posts counted; the limit stays as it is."""
        super().reset()
        with self._cond:
            self._posted.clear()

    def _reply_for(self, call: Call) -> _Reply:
        if call.method != LIMITED_METHOD:
            return super()._reply_for(call)
        bucket = self._bucket
        wait = bucket.take() if bucket is not None else 0.0
        if wait > 0:
            retry_after = max(1, math.ceil(wait))  # whole seconds, never 0, like Slack
            return _Reply(
                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
            )
        reply = super()._reply_for(call)
        if reply.status == 200 and reply.body.get("ok"):
            with self._cond:
                self._posted[str(call.params.get("channel"))] += 1
        return reply
