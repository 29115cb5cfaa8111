"""Benchmark the alert outbox: one TLP:GREEN alert to N subscribed channels, against a fake Slack.

Run from the repository root:

    python -m benchmarks.bench_delivery [--channels 1000] [--rate 50] [--burst 50]

The question: is the app's own overhead per delivery under 5 ms, so that Slack's rate limit,
not the app, sets the pace? Three runs, each with a fresh SQLite file, the real Services (the
real outbox and the slack_sdk WebClient with its retry handlers) and one in-process FakeSlack
on loopback (benchmarks/rate_limited_slack.py):

1. rate-limited: chat.postMessage limited to --rate per second workspace-wide (token bucket,
   --burst tokens), over which the fake answers 429 with an integer Retry-After, as Slack does.
   A 429 comes back to the outbox, which pauses every row until Retry-After has passed. Time
   inside WebClient.api_call (HTTP round trips and the fake's answers) and time waiting for
   the outbox's pause or retry schedule are measured and taken out of the wall time; what is
   left is the app's in-process time.
2. unlimited: the same with no rate limit and instant answers. Wall time / N is an upper bound
   on the cost per delivery of the app + slack_sdk + loopback HTTP + the fake.
3. memory: run 2 again under tracemalloc (kept out of the timed runs, as tracing slows every
   allocation), for peak Python allocations; max RSS is the whole process at the end.

Run time: the rate-limited run moves at about --rate per second once the burst is spent, so the
defaults (50/s, burst 50) take about 20 s for 1,000 channels. Real Slack allows about one post
per second per channel and several hundred a minute workspace-wide, so 1,000 channels take
minutes there: the default rate is raised to keep the bench short, and the app's overhead per
delivery does not depend on it.

Exit status 1 unless every channel got exactly one chat.postMessage answered 200 "ok".
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import slack_sdk
from slack_sdk import WebClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from benchmarks import targets
from benchmarks.bench_matcher import machine_line
from benchmarks.markdown import table
from benchmarks.rate_limited_slack import RateLimitedSlack
from bot.core.config import Settings
from bot.core.models import Delivery, utcnow
from bot.outreach.subscriptions import SubscriptionRequest, subscribe
from bot.services import Services
from bot.sharing.alerts import AlertForm, submit
from bot.sharing.delivery import Outbox

DEFAULT_CHANNELS = 1000
DEFAULT_RATE = 50.0
SECTOR = "energy"
STAFF_USER = "USTAFF"
BOT_TOKEN = "xoxb-bench"
TARGET_MS = 5.0
MAX_DELIVERY_SECONDS = 600.0  # give up on a run that makes no progress
MIB = 1024 * 1024

T = TypeVar("T")


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class ClientClock:
    """Seconds spent inside WebClient.api_call, and the part of it slept before retries."""

    api_seconds: float = 0.0
    retry_sleep_seconds: float = 0.0

    def attach(self, client: WebClient) -> None:
        """Time this client's api_call and its retry handlers' waits (instance attributes only)."""
        client.api_call = self._timed(client.api_call, "api_seconds")  # type: ignore[method-assign]
        for handler in client.retry_handlers:
            handler.prepare_for_next_attempt = self._timed(  # type: ignore[method-assign]
                handler.prepare_for_next_attempt, "retry_sleep_seconds"
            )

    def _timed(self, call: Callable[..., T], total: str) -> Callable[..., T]:
        @functools.wraps(call)
        def timed(*args: Any, **kwargs: Any) -> T:
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                setattr(self, total, getattr(self, total) + time.perf_counter() - start)

        return timed


@dataclass
class Memory:
    """tracemalloc figures of one run, in bytes."""

    setup_peak: int = 0  # the highest heap while starting, subscribing and publishing
    at_delivery_start: int = 0  # the heap when delivery began
    delivery_peak: int = 0  # the highest heap while delivering
    fake_call_log: int = 0  # the part of the heap that is the fake's log of calls
    after_delivery: int = 0  # the heap after delivery, once the fake's log is dropped

    @property
    def peak(self) -> int:
        """The highest Python heap over the whole scenario."""
        return max(self.setup_peak, self.delivery_peak)


@dataclass
class Run:
    """What one run measured."""

    label: str
    channels: int
    wall: float = 0.0  # seconds of delivery, first run_due() to the last row sent
    clock: ClientClock = field(default_factory=ClientClock)
    waiting: float = 0.0  # seconds slept until the outbox's own retry schedule made rows due
    passes: int = 0  # run_due() calls
    rate_limited: int = 0  # chat.postMessage calls the fake answered 429
    posts: Counter[str] = field(default_factory=Counter)  # 200 "ok" answers per channel
    statuses: Counter[str] = field(default_factory=Counter)  # Delivery rows by status
    memory: Memory | None = None

    @property
    def http(self) -> float:
        """Seconds inside api_call that were not sleeping: round trips and the fake's work."""
        return self.clock.api_seconds - self.clock.retry_sleep_seconds

    @property
    def app(self) -> float:
        """Seconds of the app's own work: wall time outside api_call and outside waits."""
        return self.wall - self.clock.api_seconds - self.waiting

    def per_delivery_ms(self, seconds: float) -> float:
        return seconds / self.channels * 1000


# --- The scenario -------------------------------------------------------------------------------


def channel_ids(count: int) -> list[str]:
    """C0001, C0002, ... (wider when count needs it)."""
    width = max(4, len(str(count)))
    return [f"C{number:0{width}d}" for number in range(1, count + 1)]


def bench_settings(fake: RateLimitedSlack, database: Path) -> Settings:
    return Settings(
        _env_file=None,
        DATABASE_URL=f"sqlite:///{database}",
        SLACK_API_URL=fake.base_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        PARTNERBOT_STAFF_USERS=STAFF_USER,
    )


def subscribe_channels(engine: Engine, channels: Sequence[str]) -> None:
    """Subscribe every channel to SECTOR's alerts, as `/ci subscribe energy alerts` would."""
    request = SubscriptionRequest(sectors=(SECTOR,), alerts=True, digest=None, amber=False)
    for channel in channels:
        subscribe(engine=engine, channel_id=channel, request=request, user_id=STAFF_USER)


def publish_alert(engine: Engine) -> None:
    """Staff publish one TLP:GREEN alert; this plans one Delivery row per subscribed channel."""
    form = AlertForm(
        title="Benchmark: phishing campaign against energy operators",
        details="Spoofed vendor invoices carrying a credential harvester. Block the sender "
        "domains listed in the source and reset credentials of anyone who followed the link.",
        sectors=(SECTOR,),
        tlp="GREEN",
        source_url="https://example.org/advisories/bench",
    )
    submit(engine=engine, form=form, author_id=STAFF_USER, staff=True)


def next_due(engine: Engine) -> dt.datetime | None:
    """When the earliest row still to be worked on is due; None when nothing is left."""
    with Session(engine) as session:
        due = session.exec(
            select(func.min(Delivery.next_attempt_at)).where(
                (Delivery.status.in_(["pending", "sending"]))
                | ((Delivery.status == "sent") & Delivery.stale)
            )
        ).one()
    if due is not None and due.tzinfo is None:  # SQLite hands datetimes back naive
        due = due.replace(tzinfo=dt.UTC)
    return due


def deliver_all(outbox: Outbox, engine: Engine, run: Run) -> None:
    """Call run_due() until no row is left, sleeping until rows the outbox deferred are due."""
    start = time.perf_counter()
    while True:
        outbox.run_due()
        run.passes += 1
        due = next_due(engine)
        if due is None:
            break
        if time.perf_counter() - start > MAX_DELIVERY_SECONDS:
            raise RuntimeError(f"{run.label}: rows still due after {MAX_DELIVERY_SECONDS:.0f} s")
        # A 429 pauses the whole outbox (paused_until), not only the row it hit.
        resume_at = max(due, outbox.paused_until or due)
        pause = (resume_at - utcnow()).total_seconds()
        if pause > 0:
            slept_from = time.perf_counter()
            time.sleep(pause)
            run.waiting += time.perf_counter() - slept_from
    run.wall = time.perf_counter() - start


@contextmanager
def traced(enabled: bool) -> Iterator[None]:
    """tracemalloc for the duration of the block, when enabled."""
    if not enabled:
        yield
        return
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def run_scenario(
    fake: RateLimitedSlack, label: str, channels: Sequence[str], trace_memory: bool = False
) -> Run:
    """Start the app on a fresh database, subscribe, publish, and time delivering the alert."""
    fake.reset()
    run = Run(label=label, channels=len(channels))
    with (
        tempfile.TemporaryDirectory(prefix="partnerbot-bench-") as tmp,
        traced(trace_memory),
    ):
        services = Services.start(bench_settings(fake, Path(tmp) / "partnerbot.db"))
        run.clock.attach(services.outbox.client)  # the outbox posts through its own client
        subscribe_channels(services.engine, channels)
        publish_alert(services.engine)
        if trace_memory:
            current, setup_peak = tracemalloc.get_traced_memory()
            run.memory = Memory(setup_peak=setup_peak, at_delivery_start=current)
            tracemalloc.reset_peak()
        deliver_all(services.outbox, services.engine, run)
        if run.memory is not None:
            run.memory.delivery_peak = tracemalloc.get_traced_memory()[1]
        run.statuses = delivery_statuses(services.engine)
        services.engine.dispose()
        record_calls(fake, run)
        if run.memory is not None:
            run.memory.fake_call_log = heap_freed_by(fake.reset)
            run.memory.after_delivery = tracemalloc.get_traced_memory()[0]
    return run


def heap_freed_by(action: Callable[[], None]) -> int:
    """Bytes of traced Python heap that calling ``action`` frees."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    action()
    gc.collect()
    return before - tracemalloc.get_traced_memory()[0]


def delivery_statuses(engine: Engine) -> Counter[str]:
    with Session(engine) as session:
        return Counter(session.exec(select(Delivery.status)).all())


def record_calls(fake: RateLimitedSlack, run: Run) -> None:
    """Count the fake's 429 answers, and its 200 "ok" answers per channel."""
    run.rate_limited = sum(call.status == 429 for call in fake.calls_to("chat.postMessage"))
    run.posts = fake.posted


def max_rss_bytes() -> int:
    """The process's peak resident set size (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


# --- Checking -----------------------------------------------------------------------------------


def delivery_problems(run: Run, channels: Sequence[str]) -> list[str]:
    """What is wrong with a run's deliveries: channels not posted to exactly once, rows unsent."""
    expected = set(channels)
    missing = sorted(expected - run.posts.keys())
    repeated = sorted(c for c, n in run.posts.items() if n > 1)
    unexpected = sorted(run.posts.keys() - expected)
    unsent = {status: n for status, n in run.statuses.items() if status != "sent"}
    problems = []
    for what, found in (("no post", missing), ("more than one post", repeated)):
        if found:
            problems.append(f"{run.label}: {len(found)} channel(s) with {what}: {found[:5]}")
    if unexpected:
        problems.append(f"{run.label}: posts to unsubscribed channels: {unexpected[:5]}")
    if unsent or run.statuses.total() != len(channels):
        problems.append(f"{run.label}: delivery rows by status: {dict(run.statuses)}")
    return problems


# --- Report -------------------------------------------------------------------------------------


def runs_table(runs: Sequence[Run]) -> str:
    header = (
        "run",
        "channels",
        "wall s",
        "deliveries/s",
        "429s",
        "run_due() passes",
        "slept on Retry-After s",
        "waited for retry schedule s",
        "HTTP s",
        "app s",
    )
    rows = [
        (
            run.label,
            str(run.channels),
            f"{run.wall:.2f}",
            f"{run.channels / run.wall:.1f}",
            str(run.rate_limited),
            str(run.passes),
            f"{run.clock.retry_sleep_seconds:.2f}",
            f"{run.waiting:.2f}",
            f"{run.http:.2f}",
            f"{run.app:.2f}",
        )
        for run in runs
    ]
    return table(header, rows)


def overhead_table(limited: Run, unlimited: Run) -> str:
    rows = [
        (
            "upper bound: unlimited wall / N (app + slack_sdk + loopback HTTP + fake)",
            f"{unlimited.per_delivery_ms(unlimited.wall):.2f}",
        ),
        (
            "in-process, unlimited run: time outside WebClient.api_call / N",
            f"{unlimited.per_delivery_ms(unlimited.app):.2f}",
        ),
        (
            "in-process, rate-limited run: (wall - api_call - retry waits) / N",
            f"{limited.per_delivery_ms(limited.app):.2f}",
        ),
        (
            "HTTP round trip, unlimited run: time inside api_call / N",
            f"{unlimited.per_delivery_ms(unlimited.http):.2f}",
        ),
    ]
    return table(("overhead per delivery", "ms"), rows)


def memory_table(memory: Memory, rss: int) -> str:
    rows = [
        ("tracemalloc peak, whole scenario (start, subscribe, publish, deliver)", memory.peak),
        ("tracemalloc heap when delivery began", memory.at_delivery_start),
        ("tracemalloc peak during delivery", memory.delivery_peak),
        ("... of which the fake's log of the calls it received", memory.fake_call_log),
        ("tracemalloc heap after delivery, the fake's log dropped", memory.after_delivery),
        ("process max RSS (all three runs)", rss),
    ]
    return table(("memory", "MiB"), [(name, f"{size / MIB:.1f}") for name, size in rows])


def report(
    args: argparse.Namespace, runs: Sequence[Run], problems: Sequence[str], elapsed: float
) -> str:
    limited, unlimited, traced_run = runs
    assert traced_run.memory is not None
    overhead = limited.per_delivery_ms(limited.app)
    verdict = "met" if overhead < TARGET_MS else "NOT met"
    checks = problems or [
        f"every run: each of the {args.channels} channels got exactly one chat.postMessage "
        'answered 200 "ok", and every delivery row is `sent`'
    ]
    return "\n".join(
        [
            f"{machine_line()}, slack_sdk {slack_sdk.version.__version__}",
            "",
            f"## Delivering one TLP:GREEN alert to {args.channels} channels",
            "",
            f"Fake Slack limits chat.postMessage to {args.rate:g}/s workspace-wide, burst "
            f"{args.burst}, answering 429 with an integer Retry-After.",
            "",
            runs_table(runs),
            "",
            overhead_table(limited, unlimited),
            "",
            f"Target: app overhead under {TARGET_MS:g} ms per delivery: {verdict} "
            f"({overhead:.2f} ms in the rate-limited run).",
            "",
            memory_table(traced_run.memory, max_rss_bytes()),
            "",
            "The fake Slack runs in the same process: its threads are in the HTTP time and max "
            "RSS, its log of every call in the tracemalloc figures (shown apart above).",
            "",
            "Check: " + ("OK, " if not problems else "FAILED\n- ") + "\n- ".join(checks),
            "",
            f"Total bench time: {elapsed:.1f} s",
        ]
    )


# --- Main ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--channels", type=int, default=DEFAULT_CHANNELS, help="subscribed channels (1000)"
    )
    parser.add_argument(
        "--rate", type=float, default=DEFAULT_RATE, help="chat.postMessage per second (50)"
    )
    parser.add_argument(
        "--burst", type=int, default=None, help="token bucket size (default: one second of --rate)"
    )
    parser.add_argument("--record", action="store_true", help="write the README's targets table")
    args = parser.parse_args(argv)
    if args.channels < 1 or args.rate <= 0:
        parser.error("--channels must be >= 1 and --rate > 0")
    if args.burst is None:
        args.burst = max(1, round(args.rate))
    if args.burst < 1:
        parser.error("--burst must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    channels = channel_ids(args.channels)
    with RateLimitedSlack() as fake:
        fake.limit(args.rate, args.burst)
        limited = run_scenario(fake, "rate-limited", channels)
        fake.unlimit()
        unlimited = run_scenario(fake, "unlimited", channels)
        traced_run = run_scenario(fake, "unlimited + tracemalloc", channels, trace_memory=True)
    runs = (limited, unlimited, traced_run)
    problems = [problem for run in runs for problem in delivery_problems(run, channels)]
    text = report(args, runs, problems, time.perf_counter() - started)
    print(text)
    if args.record and not problems:
        overhead = limited.per_delivery_ms(limited.app)
        figure = f"{overhead:.2f} ms (one alert to {args.channels:,} channels, rate-limited)"
        targets.record("delivery", text, {"outbox": (figure, overhead < TARGET_MS)})
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
