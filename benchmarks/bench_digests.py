"""Benchmark digest composition: every subscribed channel's digest, with many alerts stored.

Run from the repository root:

    python -m benchmarks.bench_digests [--channels 1000] [--alerts 10000]

The question: are the digests of 1,000 subscribed channels composed in under 2 s with 10,000
alerts in the database, and does memory stay flat as the number of stored alerts grows?

Each scenario starts on a fresh SQLite file with the real Services and the bundled knowledge
base, subscribes --channels channels (seeded: 1 to 4 sectors each, 70 % daily and 30 % weekly,
one in five cleared for AMBER), stores alerts (every TLP label, 1 to 3 sectors each), and then
composes every digest that `partnerbot digest run` would send at Tuesday 09:30 in New York,
without sending. Timed: `Digests.due` and `Digests.compose_for` over all channels (reading the
period's alerts and the knowledge versions from the database, once per cadence, included).

Scenarios:
1. history: the alerts published evenly over the past year (what a deployment accumulates);
   run with a tenth of them and with all of them, to show memory does not grow with history;
2. one busy week: all the alerts published in the eight days the weekly and the daily digests
   due now cover (the worst case: a digest lists at most bot.outreach.digests.MAX_ITEMS alerts
   and sums up the rest in one line).

Peak memory is tracemalloc's, in a second, untimed pass of the same composition (tracing slows
every allocation), measured from the heap just before composing.
Exit status 1 when a composed digest breaks a Block Kit limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from benchmarks import targets
from benchmarks.bench_matcher import machine_line
from benchmarks.markdown import table
from bot.core.config import Settings
from bot.core.models import Alert
from bot.core.render import SECTION_LIMIT
from bot.outreach.digests import BLOCKS_PER_MESSAGE, Digests
from bot.outreach.subscriptions import SubscriptionRequest, subscribe
from bot.services import Services
from knowledge.schema import SECTOR_SLUGS

NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("America/New_York"))
TLP_LABELS = ("CLEAR", "GREEN", "GREEN", "AMBER", "AMBER+STRICT", "RED")
SEED = 20261124


@dataclass
class Result:
    scenario: str
    alerts: int
    digests: int = 0
    messages: int = 0
    items: int = 0
    seconds: float = 0.0
    peak_bytes: int = 0
    problems: int = 0


def subscribe_channels(engine, count: int, rng: random.Random) -> None:
    for number in range(count):
        sectors = tuple(rng.sample(SECTOR_SLUGS, rng.randint(1, 4)))
        cadence = "daily" if rng.random() < 0.7 else "weekly"
        request = SubscriptionRequest(
            sectors=sectors, alerts=False, digest=cadence, amber=rng.random() < 0.2
        )
        subscribe(
            engine=engine, channel_id=f"C{number:05d}", request=request, user_id="UBENCHSTAFF"
        )


def store_alerts(engine, count: int, since: dt.datetime, until: dt.datetime, rng) -> None:
    span = (until - since).total_seconds()
    with Session(engine) as session:
        for number in range(count):
            published = since + dt.timedelta(seconds=span * number / count)
            session.add(
                Alert(
                    title=f"Advisory {number}: suspicious activity against operators",
                    details="Indicators and mitigations are in the linked advisory.",
                    sectors=rng.sample(SECTOR_SLUGS, rng.randint(1, 3)),
                    tlp=rng.choice(TLP_LABELS),
                    source_url=f"https://example.org/advisories/{number}",
                    status="published",
                    author_id="UBENCHSTAFF",
                    published_at=published,
                    created_at=published,
                )
            )
        session.commit()


def compose_all(digests: Digests, result: Result) -> None:
    """Every digest due at NOW, composed and checked, then dropped (as sending does)."""
    for channel, news in digests.due(NOW):
        digest = digests.compose_for(channel, news)
        if digest is None:
            continue
        result.digests += 1
        result.items += digest.items
        result.messages += len(digest.messages)
        for blocks in digest.messages:
            result.problems += len(blocks) > BLOCKS_PER_MESSAGE
            result.problems += sum(
                len(b["text"]["text"]) > SECTION_LIMIT for b in blocks if b["type"] == "section"
            )


def run_scenario(name: str, channels: int, alerts: int, since: dt.datetime) -> Result:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="partnerbot-bench-") as folder:
        settings = Settings(
            _env_file=None,
            DATABASE_URL=f"sqlite:///{Path(folder) / 'partnerbot.db'}",
            SLACK_API_URL="http://127.0.0.1:9/api/",  # nothing is sent
        )
        services = Services.start(settings)
        subscribe_channels(services.engine, channels, rng)
        store_alerts(services.engine, alerts, since, NOW.astimezone(dt.UTC), rng)
        compose_all(services.digests, Result(name, alerts))  # warm-up: first queries, imports

        timed = Result(name, alerts)
        started = time.perf_counter()
        compose_all(services.digests, timed)
        timed.seconds = time.perf_counter() - started

        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        compose_all(services.digests, Result(name, alerts))
        timed.peak_bytes = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        services.engine.dispose()
    return timed


def report(args: argparse.Namespace, results: Sequence[Result]) -> str:
    rows = [
        (
            r.scenario,
            f"{r.alerts:,}",
            f"{r.digests:,}",
            f"{r.messages:,}",
            f"{r.items:,}",
            f"{r.seconds:.2f}",
            f"{r.seconds / max(r.digests, 1) * 1000:.2f}",
            f"{r.peak_bytes / 2**20:.1f}",
        )
        for r in results
    ]
    header = (
        "scenario",
        "alerts stored",
        "digests",
        "messages",
        "items listed",
        "compose all s",
        "ms per digest",
        "peak MiB (tracemalloc)",
    )
    worst = max(r.seconds for r in results)
    verdict = "met" if worst < 2 else "NOT met"
    problems = sum(r.problems for r in results)
    return "\n\n".join(
        [
            machine_line(),
            f"## Composing the digests of {args.channels:,} subscribed channels",
            table(header, rows),
            f"Target: all digests composed in under 2 s: {verdict} (slowest {worst:.2f} s).",
            "Check: every message within 50 blocks and every section within 3,000 characters"
            if not problems
            else f"Check: {problems} Block Kit limit(s) broken",
        ]
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--record", action="store_true", help="write the README's targets table")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    a_year_ago = NOW - dt.timedelta(days=365)
    # Monday 09:00 a week before NOW: the weekly period due now, and the daily one after it.
    busy_week = NOW - dt.timedelta(days=8, minutes=30)
    results = [
        run_scenario("a year of history", args.channels, args.alerts // 10, a_year_ago),
        run_scenario("a year of history", args.channels, args.alerts, a_year_ago),
        run_scenario("one busy week", args.channels, args.alerts, busy_week),
    ]
    text = report(args, results)
    print(text)
    problems = any(r.problems for r in results)
    if args.record and not problems:
        worst = max(r.seconds for r in results)
        figure = f"{worst:.2f} s at worst ({args.channels:,} channels, {args.alerts:,} alerts)"
        targets.record("digests", text, {"digests": (figure, worst < 2)})
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
