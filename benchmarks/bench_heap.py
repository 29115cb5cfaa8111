"""Benchmark what a full garbage collection costs `partnerbot serve`, before and after
bot.runtime.heap.freeze_startup_objects.

Run from the repository root:

    python -m benchmarks.bench_heap [--repeat 7]

The question: how long does a collection of the oldest generation hold the interpreter lock
(every request in flight waits for it) in a process set up as `serve` sets itself up? This
process builds the same things (Services on a fresh SQLite file, the question inbox, the Bolt
app, the WSGI routes) and hands the routes --requests signed app_mention events, as waitress
would; then it counts the objects the collector tracks and times `gc.collect()` --repeat times.
Then the same after freezing the startup objects. No Slack is called: the mentions are stored
and acked, not answered.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench_matcher import machine_line
from benchmarks.markdown import table
from bot.core.config import Settings
from bot.runtime.app import create_app
from bot.runtime.heap import freeze_startup_objects
from bot.runtime.intake import QuestionInbox
from bot.runtime.serve import WsgiApp, wsgi_app
from bot.services import Services
from tests.support.slack_requests import (
    BOT_USER_ID,
    app_mention,
    event_callback,
    sign,
    wsgi_environ,
)

SECRET = "bench-signing-secret"


def start_like_serve(database: Path) -> tuple[Services, WsgiApp]:
    """What `serve` builds before it serves."""
    settings = Settings(
        _env_file=None,
        DATABASE_URL=f"sqlite:///{database}",
        SLACK_API_URL="http://127.0.0.1:9/api/",  # never called
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SECRET,
    )
    services = Services.start(settings)
    questions = QuestionInbox(services.engine)
    app = create_app(services, questions)
    return services, wsgi_app(app, services.engine, SECRET, questions.over_http())


def serve_mentions(application: WsgiApp, count: int) -> None:
    """`count` signed app_mention requests through the WSGI routes, each expected to be acked."""
    statuses = []
    for _ in range(count):
        mention = app_mention(f"<@{BOT_USER_ID}> who leads the dams sector", "U1", "C1")
        body, content_type = event_callback(mention)
        environ = wsgi_environ(body, content_type, sign(body, SECRET))
        b"".join(application(environ, lambda status, headers: statuses.append(status)))
    if any(not status.startswith("200") for status in statuses):
        raise RuntimeError(f"not every mention was acked: {sorted(set(statuses))}")


def full_collection_ms(repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        gc.collect()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure(application: WsgiApp, requests: int, repeat: int) -> list[tuple[str, ...]]:
    rows = []
    for label, prepare in (("as started", lambda: None), ("frozen", freeze_startup_objects)):
        prepare()
        serve_mentions(application, requests)
        tracked = len(gc.get_objects())  # the objects a collection goes over (frozen ones not)
        timings = full_collection_ms(repeat)
        rows.append(
            (
                label,
                f"{tracked:,}",
                f"{statistics.median(timings):.1f}",
                f"{max(timings):.1f}",
            )
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="mentions before timing")
    parser.add_argument("--repeat", type=int, default=7, help="collections timed per state")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        services, application = start_like_serve(Path(tmp) / "partnerbot.db")
        try:
            rows = measure(application, args.requests, args.repeat)
        finally:
            services.engine.dispose()
    print(
        "\n\n".join(
            (
                machine_line(),
                "## A full garbage collection in a process set up as `partnerbot serve`",
                table(("startup objects", "objects tracked", "median ms", "max ms"), rows),
                f"Each state after {args.requests} more acked mentions; each figure over "
                f"{args.repeat} calls of gc.collect(). While one runs, the process holds the "
                "interpreter lock: no request moves.",
            )
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
