"""Benchmark `partnerbot serve` under load: signed app_mention requests on loopback.

Run from the repository root:

    python -m benchmarks.bench_serve [--requests 3000] [--concurrency 50] [--rounds 5]
                                     [--database-url postgresql+psycopg://...] [--no-worker]
                                     [--long-questions 4] [--long-chars 40000]

The question: with 50 concurrent connections, is partnerbot's ack p99 under 100 ms, and does it
keep at least 80% of the throughput of the same server hosting a bare Bolt app that only acks?

What runs where:

* this process: a FakeSlack on loopback (the Web API; partnerbot answers each mention with
  chat.postMessage after the ack), and the report;
* one server subprocess at a time, on a free loopback port, stopped with SIGTERM after its run:
  1. bare: the same waitress server (bot.runtime.serve.WORKER_THREADS threads, Bolt's WSGI
     adapter, the same signing secret) hosting a Bolt App whose one listener, for app_mention,
     does nothing beyond the automatic ack
     (`python -m benchmarks.bench_serve --serve-bare --port N`);
  2. partnerbot: `python -m bot serve` on a fresh SQLite file, or on --database-url; it stores
     each mention in its inbox and acks, and its child process (`partnerbot worker`) answers.
     The load starts once that worker is up too. With --no-worker, `serve --no-worker`: the ack
     path alone, as when the workers run on other machines, and nothing is answered;
* one load subprocess per server (`python -m benchmarks.bench_serve --load ...`): --concurrency
  HTTP/1.1 keep-alive connections on one asyncio thread, written and read by hand so that the
  load costs the machine little, sending a short warm-up and then --requests app_mention
  event_callbacks in total, each with a unique event_id and a signature computed just before
  it is sent, until the count is reached or --time-limit seconds have passed. Latency is from
  the start of sending a request to the end of reading its response (the ack); signing and
  building the body are the client's cost, outside the latency.

With --long-questions N, partnerbot's measured run also has N `/ci` questions of --long-chars
characters (one unbroken token, what costs the matcher most) in flight the whole time: N more
connections each send one, wait for its answer (the load process serves the questions'
response_url itself, on loopback), and send the next at once. Their acks and answers are
reported beside the mentions'; the target still reads the mentions' acks.

A round is one run of each server, the bare app first; the targets are judged on the median
round, since this machine's speed drifts from minute to minute.

After partnerbot's run the bench waits (bounded by --drain-timeout) until the fake has received
the replies, and checks that every acknowledged mention was answered exactly once, in its thread:
with one message per answer card, so a message asking two questions gets two.

With --database-url pointing at PostgreSQL, schema public of that database is DROPPED AND
RECREATED before the run (all its data is lost): point it at a throwaway database only.

Exit status 1 when a request was not answered 200 or a mention was not answered exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import itertools
import json
import math
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

from benchmarks import targets
from benchmarks.bench_matcher import machine_line
from benchmarks.markdown import table
from tests.support.fake_slack import Call, FakeSlack
from tests.support.proc import child_pids, cpu_seconds
from tests.support.slack_requests import (
    BOT_USER_ID,
    SLACK_USER_AGENT,
    app_mention,
    event_callback,
    sign,
    slash_command,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "questions" / "dev.yaml"
EVENTS_PATH = (
    "/slack/events"  # bot.runtime.serve.EVENTS_PATH (not imported here: the load stays light)
)
HOST = "127.0.0.1"
BOT_TOKEN = "xoxb-bench-0000-serve"
SIGNING_SECRET = "bench-signing-secret-0123456789abcdef"
LISTENING = re.compile(r"serving Slack requests on http://[\d.]+:(\d+)")
WORKER_READY = "answering the questions in the inbox"  # bot.runtime.worker's first line
LOCK_WAITS = "partnerbot_intake_lock_wait_seconds"  # bot.core.metrics.INTAKE_LOCK_WAITS
TARGET_P99_MS = 100.0
TARGET_SHARE = 0.80
DEFAULT_REQUESTS = 3000
DEFAULT_CONCURRENCY = 50
DEFAULT_WARMUP = 200
DEFAULT_ROUNDS = 5
START_TIMEOUT = 60.0
STOP_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
BASE_TS = 1_710_000_000


# --- The bare app (run in its own process) ------------------------------------------------------


def serve_bare(host: str, port: int) -> int:
    """Bolt's WSGI adapter on waitress, like `partnerbot serve`, with an app that only acks."""
    import logging

    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient
    from waitress.server import create_server

    from bot.runtime.serve import EVENTS_PATH as SERVED_PATH
    from bot.runtime.serve import WORKER_THREADS

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
    )

    @app.event("app_mention")
    def on_mention() -> None:
        """Nothing beyond the automatic ack."""

    server = create_server(
        SlackRequestHandler(app, path=SERVED_PATH),
        host=host,
        port=port,
        threads=WORKER_THREADS,
        ident="bare-bolt",
    )

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)  # waitress turns this into a graceful shutdown

    signal.signal(signal.SIGTERM, stop)
    print(
        f"serving Slack requests on http://{host}:{server.effective_port}{SERVED_PATH}",
        file=sys.stderr,
        flush=True,
    )
    with contextlib.suppress(SystemExit, KeyboardInterrupt):
        server.run()
    return 0


# --- The load generator (run in its own process) ------------------------------------------------


def question_texts() -> list[str]:
    """The dev question set, in- and out-of-scope, as mentions of the bot."""
    items = yaml.safe_load(QUESTIONS.read_text())
    return [f"<@{BOT_USER_ID}> {item['q']}" for item in items]


def event_ts(number: int) -> str:
    """A unique message ts per request number; partnerbot replies in that thread."""
    return f"{BASE_TS + number // 1_000_000}.{number % 1_000_000:06d}"


def request_number(ts: str) -> int:
    """event_ts's inverse."""
    seconds, _, fraction = ts.partition(".")
    return (int(seconds) - BASE_TS) * 1_000_000 + int(fraction)


@functools.cache
def messages_per_text() -> tuple[int, ...]:
    """How many messages partnerbot answers each of question_texts() with, read as the worker
    reads it (one per answer card: two for a message asking two questions)."""
    from bot.answering.dialogue import Asked, reply_to
    from knowledge.index import load_index
    from knowledge.matcher import Matcher

    matcher = Matcher(load_index())
    asked = Asked("UASKER", "mention", "CBENCH")
    return tuple(
        len(
            reply_to(
                engine=None, matcher=matcher, text=text, asked=asked, where=None, help_text="help"
            ).messages
        )
        for text in question_texts()
    )


def expected_replies(ts: str) -> int:
    """The messages partnerbot should post in the thread of the mention sent with this ts."""
    per_text = messages_per_text()
    return per_text[request_number(ts) % len(per_text)]


def cpu_now(pid: int) -> tuple[float, float] | None:
    """(the process's CPU seconds, its children's), or None without /proc."""
    own = cpu_seconds(pid) if pid else None
    if own is None:
        return None
    return own, sum(cpu_seconds(child) or 0.0 for child in child_pids(pid))


@dataclass
class Phase:
    """One pass of the load: request numbers [first, first + count), until a deadline. The
    load runs on one thread (asyncio), so its counters need no lock."""

    first: int
    count: int
    deadline: float = 0.0
    next_number: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, responses of any status
    statuses: Counter[str] = field(default_factory=Counter)
    answered_ts: list[str] = field(default_factory=list)  # mentions acknowledged with 200
    timed_out: bool = False
    started: float = 0.0
    finished: float = 0.0

    def take(self) -> int | None:
        """The next request number, or None when the count is reached or time is up."""
        if self.next_number >= self.count:
            return None
        if time.perf_counter() >= self.deadline:
            self.timed_out = True
            return None
        self.next_number += 1
        return self.first + self.next_number - 1

    def record(self, number: int, status: str, latency: float | None) -> None:
        self.statuses[status] += 1
        if latency is not None:
            self.latencies.append(latency)
        if status == "200":
            self.answered_ts.append(event_ts(number))


class Connection:
    """One HTTP/1.1 keep-alive connection, reopened only when the server or an error closes it.
    Requests are written and responses read by hand: the load process should cost the machine
    as little as it can, and time the server rather than itself."""

    def __init__(self, host: str, port: int, secret: str, texts: Sequence[str]) -> None:
        self.host, self.port, self.secret, self.texts = host, port, secret, texts
        self.tag = secrets.token_hex(3)  # event ids stay unique across runs on one database
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None

    def _request_bytes(self, number: int) -> bytes:
        ts = event_ts(number)
        event = app_mention(self.texts[number % len(self.texts)], "UASKER", "CBENCH", ts=ts)
        body, content_type = event_callback(event, event_id=f"EvB{self.tag}{number:09d}")
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Content-Type": content_type,
            "Content-Length": str(len(body.encode())),
            "User-Agent": SLACK_USER_AGENT,
            **sign(body, self.secret),
        }
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        return f"POST {EVENTS_PATH} HTTP/1.1\r\n{head}\r\n{body}".encode()

    async def request(self, number: int) -> tuple[str, float | None]:
        """Send mention `number`; its status ("error" for a failed connection) and latency."""
        payload = self._request_bytes(number)  # signed just before it is sent
        try:
            if self.streams is None:
                self.streams = await asyncio.open_connection(self.host, self.port)
            reader, writer = self.streams
            started = time.perf_counter()
            async with asyncio.timeout(REQUEST_TIMEOUT):
                writer.write(payload)
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
                await reader.readexactly(int(fields.get("content-length", "0")))
            latency = time.perf_counter() - started
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            self.close()
            return "error", None
        if fields.get("connection") == "close":
            self.close()
        return lines[0].split(" ", 2)[1], latency

    async def run(self, phase: Phase) -> None:
        while (number := phase.take()) is not None:
            status, latency = await self.request(number)
            phase.record(number, status, latency)


class LongQuestions:
    """N `/ci` questions of `chars` characters kept in flight: each of N connections sends one,
    waits until the app posts its answer to the question's response_url (served here), and
    sends the next. Runs until `stop` is set."""

    def __init__(self, host: str, port: int, secret: str, count: int, chars: int) -> None:
        self.host, self.port, self.secret, self.count = host, port, secret, count
        self.text = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(chars))
        self.tag = secrets.token_hex(3)
        self.ack_latencies: list[float] = []
        self.statuses: Counter[str] = Counter()
        self.answer_latencies: list[float] = []  # from sending the question to its answer
        self.unanswered = 0
        self._answered: dict[str, asyncio.Event] = {}
        self._answer_port = 0

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """The response_url: read one POST, note which question it answers, say ok."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
            await reader.readexactly(int(fields.get("content-length", "0")))
            key = lines[0].split(" ")[1].rsplit("/", 1)[-1]
            if key in self._answered:
                self._answered[key].set()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            writer.close()

    def _request_bytes(self, key: str) -> bytes:
        body, content_type = slash_command(
            f"ask {self.text}",
            user_id="UASKER",
            channel_id="CBENCH",
            response_url=f"http://{self.host}:{self._answer_port}/answer/{key}",
            trigger_id=key,
        )
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Content-Type": content_type,
            "Content-Length": str(len(body.encode())),
            "User-Agent": SLACK_USER_AGENT,
            **sign(body, self.secret),
        }
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        return f"POST {EVENTS_PATH} HTTP/1.1\r\n{head}\r\n{body}".encode()

    async def _one_at_a_time(self, number: int, stop: asyncio.Event) -> None:
        for sequence in itertools.count():
            if stop.is_set():
                return
            key = f"L{self.tag}-{number}-{sequence}"
            answered = self._answered[key] = asyncio.Event()
            payload = self._request_bytes(key)
            started = time.perf_counter()
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
                async with asyncio.timeout(REQUEST_TIMEOUT):
                    writer.write(payload)
                    head = await reader.readuntil(b"\r\n\r\n")
                    status = head.split(b" ", 2)[1].decode()
                self.ack_latencies.append(time.perf_counter() - started)
                writer.close()
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                status = "error"
            self.statuses[status] += 1
            if status != "200":
                continue
            waiting = asyncio.ensure_future(answered.wait())
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if answered.is_set():
                self.answer_latencies.append(time.perf_counter() - started)
            else:
                waiting.cancel()
                self.unanswered += 1

    async def run(self, stop: asyncio.Event) -> None:
        server = await asyncio.start_server(self._answer, self.host, 0)
        self._answer_port = server.sockets[0].getsockname()[1]
        async with server:
            await asyncio.gather(*(self._one_at_a_time(n, stop) for n in range(self.count)))

    def summary(self) -> dict:
        return {
            "long_statuses": self.statuses,
            "long_ack_latencies": self.ack_latencies,
            "long_answer_latencies": self.answer_latencies,
            "long_unanswered": self.unanswered,
        }


async def drive(connections: Sequence[Connection], phase: Phase, time_limit: float) -> Phase:
    """All connections on one phase, started together; wall time to the last response."""
    phase.started = time.perf_counter()
    phase.deadline = phase.started + time_limit
    await asyncio.gather(*(connection.run(phase) for connection in connections))
    phase.finished = time.perf_counter()
    return phase


async def measure(args: argparse.Namespace) -> dict:
    """Warm up, then measure, with the CPU the server and the load spent meanwhile."""
    texts = question_texts()
    connections = [Connection(HOST, args.port, args.secret, texts) for _ in range(args.concurrency)]
    warmup = await drive(connections, Phase(first=0, count=args.warmup), args.time_limit)
    long_questions = stop_long = long_task = None
    if args.long_questions:
        long_questions = LongQuestions(
            HOST, args.port, args.secret, args.long_questions, args.long_chars
        )
        stop_long = asyncio.Event()
        long_task = asyncio.ensure_future(long_questions.run(stop_long))
        await asyncio.sleep(0.5)  # the long questions are in flight before the mentions start
    server_cpu_before = cpu_now(args.server_pid)
    client_cpu_before = time.process_time()
    measured = await drive(
        connections, Phase(first=args.warmup, count=args.requests), args.time_limit
    )
    client_cpu = time.process_time() - client_cpu_before
    if long_task is not None:
        stop_long.set()
        await long_task
    server_cpu_after = cpu_now(args.server_pid)
    for connection in connections:
        connection.close()
    server_cpu = worker_cpu = None
    if server_cpu_before is not None and server_cpu_after is not None:
        server_cpu = server_cpu_after[0] - server_cpu_before[0]
        worker_cpu = server_cpu_after[1] - server_cpu_before[1]
    return {
        "warmup_statuses": warmup.statuses,
        "statuses": measured.statuses,
        "latencies": measured.latencies,
        "wall": measured.finished - measured.started,
        "timed_out": measured.timed_out or warmup.timed_out,
        "answered_ts": warmup.answered_ts + measured.answered_ts,
        "client_cpu": client_cpu,
        "server_cpu": server_cpu,
        "worker_cpu": worker_cpu,
        **(long_questions.summary() if long_questions else {}),
    }


def run_load(args: argparse.Namespace) -> int:
    """The load process: one JSON object on stdout."""
    json.dump(asyncio.run(measure(args)), sys.stdout)
    return 0


# --- Orchestration (this process) ---------------------------------------------------------------


@dataclass
class Result:
    """What one server's run measured."""

    server: str
    concurrency: int
    statuses: Counter[str]
    warmup_statuses: Counter[str]
    latencies: list[float]  # seconds, sorted
    wall: float
    timed_out: bool
    answered_ts: list[str]
    client_cpu: float
    server_cpu: float | None
    worker_cpu: float | None  # the server's child processes (partnerbot's answer worker)
    replies: Counter[str] = field(default_factory=Counter)  # chat.postMessage per thread_ts
    drain: float | None = None  # seconds from the end of the load to the last reply
    # SQLite: commits that waited for the write lock at most so long, by bucket bound in s
    lock_waits: dict[float, float] = field(default_factory=dict)
    # With --long-questions: the long /ci questions' acks and answers
    long_statuses: Counter[str] = field(default_factory=Counter)
    long_ack_latencies: list[float] = field(default_factory=list)
    long_answer_latencies: list[float] = field(default_factory=list)
    long_unanswered: int = 0

    @property
    def requests(self) -> int:
        return self.statuses.total()

    @property
    def not_ok(self) -> int:
        return self.requests - self.statuses["200"]

    @property
    def throughput(self) -> float:
        return self.requests / self.wall if self.wall else 0.0

    def percentile_ms(self, share: float) -> float:
        """Nearest-rank percentile of the ack latency, in ms."""
        if not self.latencies:
            return float("nan")
        rank = max(1, min(len(self.latencies), math.ceil(share * len(self.latencies))))
        return self.latencies[rank - 1] * 1000


Round = tuple[Result, Result]  # (the bare app, partnerbot), run one after the other


def python_env(extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("SLACK_APP_TOKEN", None)  # HTTP mode, not Socket Mode
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return env


@contextlib.contextmanager
def running(
    command: Sequence[str], env: dict[str, str], log: Path, ready: Sequence[str] = ()
) -> Iterator[tuple[int, int]]:
    """A server subprocess; yields (pid, port) once it logs its address and every line of
    `ready`; SIGTERM at the end."""
    with log.open("w") as sink:
        process = subprocess.Popen(
            command, cwd=log.parent, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (found := LISTENING.search(text := log.read_text())) or not all(
            line in text for line in ready
        ):
            if process.poll() is not None:
                raise RuntimeError(f"{command} exited:\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not start:\n{log.read_text()}")
            time.sleep(0.05)
        yield process.pid, int(found.group(1))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def load(
    args: argparse.Namespace, server: str, pid: int, port: int, long_questions: int = 0
) -> Result:
    """The load generator as a separate process against one server."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.bench_serve",
        "--load",
        "--port",
        str(port),
        "--server-pid",
        str(pid),
        "--secret",
        SIGNING_SECRET,
        "--requests",
        str(args.requests),
        "--concurrency",
        str(args.concurrency),
        "--warmup",
        str(args.warmup),
        "--time-limit",
        str(args.time_limit),
        "--long-questions",
        str(long_questions),
        "--long-chars",
        str(args.long_chars),
    ]
    done = subprocess.run(
        command, cwd=ROOT, env=python_env({}), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}):\n{done.stderr}")
    data = json.loads(done.stdout)
    return Result(
        server=server,
        concurrency=args.concurrency,
        statuses=Counter(data["statuses"]),
        warmup_statuses=Counter(data["warmup_statuses"]),
        latencies=sorted(data["latencies"]),
        wall=data["wall"],
        timed_out=data["timed_out"],
        answered_ts=data["answered_ts"],
        client_cpu=data["client_cpu"],
        server_cpu=data["server_cpu"],
        worker_cpu=data["worker_cpu"],
        long_statuses=Counter(data.get("long_statuses", {})),
        long_ack_latencies=sorted(data.get("long_ack_latencies", [])),
        long_answer_latencies=sorted(data.get("long_answer_latencies", [])),
        long_unanswered=data.get("long_unanswered", 0),
    )


def reset_postgres(url: str) -> None:
    """An empty schema public, so partnerbot starts from a fresh database."""
    from sqlalchemy import text
    from sqlmodel import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def wait_for_replies(fake: FakeSlack, expected: int, timeout: float) -> float | None:
    """Seconds until the fake has `expected` chat.postMessage calls; None if it never did."""
    started = time.perf_counter()
    try:
        fake.wait_for("chat.postMessage", expected, timeout=timeout)
    except AssertionError:
        return None
    return time.perf_counter() - started


def intake_lock_waits(port: int) -> dict[float, float]:
    """From partnerbot's /metrics: how many of its intake's commits waited for SQLite's write
    lock at most so long, by bucket bound in seconds (empty on PostgreSQL)."""
    with urllib.request.urlopen(f"http://{HOST}:{port}/metrics", timeout=10) as response:
        page = response.read().decode()
    return {
        float(sample.labels["le"]): sample.value
        for family in text_string_to_metric_families(page)
        if family.name == LOCK_WAITS
        for sample in family.samples
        if sample.name == f"{LOCK_WAITS}_bucket" and sample.value
    }


def replies_by_thread(fake: FakeSlack) -> Counter[str]:
    return Counter(str(call.params.get("thread_ts")) for call in fake.calls_to("chat.postMessage"))


def bench_bare(args: argparse.Namespace, fake: FakeSlack, tmp: Path, label: str) -> Result:
    env = python_env(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
        }
    )
    command = [sys.executable, "-m", "benchmarks.bench_serve", "--serve-bare", "--port", "0"]
    with running(command, env, tmp / "bare.log") as (pid, port):
        return load(args, f"bare Bolt app (ack only){label}", pid, port)


def bench_partnerbot(args: argparse.Namespace, fake: FakeSlack, tmp: Path, label: str) -> Result:
    url = args.database_url or f"sqlite:///{tmp / f'partnerbot{label.strip()}.db'}"
    if url.startswith("postgresql"):
        reset_postgres(url)
    env = python_env(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": url,
        }
    )
    command = [sys.executable, "-m", "bot", "serve", "--host", HOST, "--port", "0"]
    # Measured once its worker is up too: starting it (imports, the index) is a CPU-second.
    ready = [] if args.no_worker else [WORKER_READY]
    if args.no_worker:
        command.append("--no-worker")
    fake.reset()
    if args.slack_latency_ms:
        fake.set_response("chat.postMessage", answer_after(args.slack_latency_ms / 1000))
    with running(command, env, tmp / "partnerbot.log", ready) as (pid, port):
        result = load(args, f"partnerbot{label}", pid, port, args.long_questions)
        result.lock_waits = intake_lock_waits(port)
        if not args.no_worker:
            expected = sum(expected_replies(ts) for ts in result.answered_ts)
            result.drain = wait_for_replies(fake, expected, args.drain_timeout)
            result.replies = replies_by_thread(fake)
    return result


# --- Report -------------------------------------------------------------------------------------


def results_table(rounds: Sequence[Round]) -> str:
    header = (
        "server",
        "requests",
        "concurrency",
        "non-200",
        "requests/s",
        "ack p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "throughput vs bare",
    )
    rows = [
        (
            result.server,
            str(result.requests) + (" (time limit)" if result.timed_out else ""),
            str(result.concurrency),
            str(result.not_ok),
            f"{result.throughput:.0f}",
            f"{result.percentile_ms(0.50):.1f}",
            f"{result.percentile_ms(0.90):.1f}",
            f"{result.percentile_ms(0.99):.1f}",
            f"{result.percentile_ms(1.0):.1f}",
            "-" if result is bare else f"{result.throughput / bare.throughput:.0%}",
        )
        for bare, bot in rounds
        for result in (bare, bot)
    ]
    return table(header, rows)


def cpu_table(results: Sequence[Result]) -> str:
    header = (
        "server",
        "acking process CPU s",
        "ms/request",
        "answer worker CPU s",
        "load generator CPU s",
        "wall s",
    )

    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = [
        (
            result.server,
            seconds(result.server_cpu),
            "-"
            if result.server_cpu is None
            else f"{result.server_cpu / max(1, result.requests) * 1000:.2f}",
            seconds(result.worker_cpu) if result.worker_cpu else "-",
            seconds(result.client_cpu),
            seconds(result.wall),
        )
        for result in results
    ]
    return table(header, rows)


def reply_lines(result: Result, drain_timeout: float) -> tuple[list[str], list[str]]:
    """Lines on one run of partnerbot's replies, and the problems among them."""
    answered = set(result.answered_ts)
    once = sum(result.replies[ts] == expected_replies(ts) for ts in answered)
    missing = sorted(ts for ts in answered if result.replies[ts] < expected_replies(ts))
    repeated = sorted(ts for ts in answered if result.replies[ts] > expected_replies(ts))
    stray = sorted(set(result.replies) - answered)
    total = result.replies.total()
    drained = (
        f"the last arrived {result.drain:.1f} s after the load ended"
        if result.drain is not None
        else f"still incomplete {drain_timeout:g} s after the load ended"
    )
    lines = [
        f"{result.server}'s replies: the fake received {total} chat.postMessage for "
        f"{len(answered)} mentions acknowledged 200 (warm-up included); {once} answered in their "
        f"thread with one message per answer, no more and no fewer; {drained}."
    ]
    if result.drain is not None:
        answering = result.requests / (result.wall + result.drain)
        lines.append(
            f"Answers at {answering:.0f}/s sustained: the measured mentions over the time from "
            "the first request to the last reply (acks come first; answers drain after them)."
        )
    problems = []
    for what, found in (
        ("fewer replies than answers", missing),
        ("more replies than answers", repeated),
        ("a reply to a thread never mentioned", stray),
    ):
        if found:
            problems.append(f"{result.server}: {len(found)} mention(s) with {what}: {found[:5]}")
    return lines, problems


def nearest_rank_ms(latencies: Sequence[float], share: float) -> float:
    if not latencies:
        return float("nan")
    rank = max(1, min(len(latencies), math.ceil(share * len(latencies))))
    return latencies[rank - 1] * 1000


def long_question_lines(result: Result, args: argparse.Namespace) -> list[str]:
    """What became of the long /ci questions kept in flight during partnerbot's run."""
    if not args.long_questions:
        return []
    acks, answers = result.long_ack_latencies, result.long_answer_latencies
    return [
        f"{result.server}: {args.long_questions} `/ci` questions of {args.long_chars:,} "
        f"characters kept in flight during the measured run: {result.long_statuses.total()} "
        f"sent, acked {dict(result.long_statuses)}; their acks p50 "
        f"{nearest_rank_ms(acks, 0.5):.1f} ms, p99 {nearest_rank_ms(acks, 0.99):.1f} ms, max "
        f"{nearest_rank_ms(acks, 1.0):.1f} ms; {len(answers)} answered (sent to answer: p50 "
        f"{nearest_rank_ms(answers, 0.5):.0f} ms, max {nearest_rank_ms(answers, 1.0):.0f} ms), "
        f"{result.long_unanswered} still unanswered when the run ended."
    ]


def lock_wait_line(result: Result) -> str | None:
    """How often partnerbot's acks waited for SQLite's write lock, and how long the worst did."""
    waits = result.lock_waits
    if not waits:
        return None
    total = waits[math.inf]
    over = ", ".join(
        f"{total - waits.get(bound, 0):.0f} over {bound * 1000:g} ms" for bound in (0.025, 0.1)
    )
    return (
        f"{result.server}'s intake: {total:.0f} commits waited for SQLite's write lock, taken "
        f"by another connection (warm-up included; from its /metrics); {over}."
    )


@dataclass(frozen=True)
class Verdict:
    text: str
    ok: bool  # no problems: every request acked 200, every mention answered once
    p99_ms: float  # the median round's
    share: float  # of the bare app's throughput, the median round's


def report(
    args: argparse.Namespace, rounds: Sequence[Round], database: str, elapsed: float
) -> Verdict:
    reply_summary, problems = [], []
    if args.no_worker:
        reply_summary = ["partnerbot ran `serve --no-worker`: stored and acked, not answered."]
    for bare, bot in rounds:
        if not args.no_worker:
            lines, found = reply_lines(bot, args.drain_timeout)
            reply_summary += lines
            problems += found
        if waits := lock_wait_line(bot):
            reply_summary.append(waits)
        reply_summary += long_question_lines(bot, args)
        if args.long_questions and set(bot.long_statuses) - {"200"}:
            problems.append(f"{bot.server}: long questions not acked 200: {bot.long_statuses}")
        for result in (bare, bot):
            statuses = result.statuses + result.warmup_statuses
            bad = {k: v for k, v in statuses.items() if k != "200"}
            if bad:
                problems.append(f"{result.server}: responses other than 200: {bad}")
    # The machine's speed drifts between runs: each round compares two runs made one after the
    # other, and the targets are judged on the median round.
    p99s = [bot.percentile_ms(0.99) for _, bot in rounds]
    shares = [bot.throughput / bare.throughput if bare.throughput else 0.0 for bare, bot in rounds]
    p99, share = statistics.median(p99s), statistics.median(shares)
    over = f" (median of {len(rounds)} rounds)" if len(rounds) > 1 else ""
    cpus = os.cpu_count() or 1
    lines = [
        machine_line(),
        "",
        f"## partnerbot serve under load: {args.requests} signed app_mention requests, "
        f"{args.concurrency} keep-alive connections",
        "",
        f"Database: {database}. Warm-up: {args.warmup} requests per server before measuring "
        f"(not in the table). Time limit: {args.time_limit:g} s per measured run. The fake "
        f"Slack answers chat.postMessage after {args.slack_latency_ms:g} ms. Rounds: "
        f"{len(rounds)}, each the bare app then partnerbot.",
        "",
        results_table(rounds),
        "",
        f"Targets{over}: ack p99 under {TARGET_P99_MS:g} ms: "
        f"{'met' if p99 < TARGET_P99_MS else 'NOT met'} ({p99:.1f} ms); at least "
        f"{TARGET_SHARE:.0%} of the bare app's throughput: "
        f"{'met' if share >= TARGET_SHARE else 'NOT met'} ({share:.1%}).",
        "",
        *reply_summary,
        "",
        "CPU during each measured run, from /proc (the process that acks, all its threads; "
        "partnerbot's answer worker is its child process, niced, and goes on answering after "
        "the acks, partly outside this window):",
        "",
        cpu_table([result for pair in rounds for result in pair]),
        "",
        f"Note: the load generator, the server and the fake Slack all run on this machine's "
        f"{cpus} CPU(s) and compete for them; the load generator is Python too (one asyncio "
        "thread), so its own scheduling delay is inside the latencies. The figures compare "
        "the two servers under the same conditions; they are not what either "
        "would do on a machine of its own.",
        "",
        f"Bench took {elapsed:.1f} s.",
    ]
    if problems:
        lines += ["", "PROBLEMS:", *(f"- {problem}" for problem in problems)]
    return Verdict("\n".join(lines), not problems, p99, share)


def describe_database(url: str | None) -> str:
    if not url:
        return "SQLite (a fresh file in a temporary folder)"
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True) + " (schema public recreated)"


def answer_after(latency: float) -> Callable[[Call], dict]:
    """A chat.postMessage answer that takes `latency` seconds, as Slack's own round trip does."""
    stamps = itertools.count(1)

    def answer(call: Call) -> dict:
        time.sleep(latency)
        return {"ok": True, "channel": call.params["channel"], "ts": f"1710000000.{next(stamps)}"}

    return answer


def run_bench(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with (
        FakeSlack() as fake,
        tempfile.TemporaryDirectory(prefix="partnerbot-bench-serve-") as folder,
    ):
        tmp = Path(folder)
        rounds = []
        for number in range(1, args.rounds + 1):
            label = f" #{number}" if args.rounds > 1 else ""
            rounds.append(
                (bench_bare(args, fake, tmp, label), bench_partnerbot(args, fake, tmp, label))
            )
    verdict = report(
        args, rounds, describe_database(args.database_url), time.perf_counter() - started
    )
    print(verdict.text)
    if args.record and verdict.ok:
        record(args, verdict)
    return 0 if verdict.ok else 1


def record(args: argparse.Namespace, verdict: Verdict) -> None:
    """The README's figures: the acks with long questions in flight, or the plain run's."""
    ack = f"{verdict.p99_ms:.1f} ms"
    if args.long_questions:
        figure = f"{ack} ({args.long_questions} of {args.long_chars:,} characters in flight)"
        measured = {"ack_long": (figure, verdict.p99_ms < TARGET_P99_MS)}
        targets.record("serve-long-questions", verdict.text, measured)
        return
    measured = {
        "ack": (ack, verdict.p99_ms < TARGET_P99_MS),
        "throughput": (f"{verdict.share:.0%}", verdict.share >= TARGET_SHARE),
    }
    targets.record("serve", verdict.text, measured)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_serve",
        description="Requests/s and ack latency of `partnerbot serve` beside a bare Bolt app.",
    )
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    parser.add_argument(
        "--rounds", type=int, default=DEFAULT_ROUNDS, help="bare-then-partnerbot pairs to run"
    )
    parser.add_argument(
        "--warmup", type=int, default=DEFAULT_WARMUP, help="requests sent before measuring"
    )
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="stop a measured run after this many s"
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=300.0,
        help="how long to wait for partnerbot's replies after its load ends",
    )
    parser.add_argument(
        "--slack-latency-ms",
        type=float,
        default=0.0,
        help="the fake Slack answers chat.postMessage after this long (real Slack: ~100-300 ms)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="run `serve --no-worker`, as when workers answer on other machines: the ack path "
        "alone; nothing is answered",
    )
    parser.add_argument(
        "--long-questions",
        type=int,
        default=0,
        help="keep this many long `/ci` questions in flight during partnerbot's measured run",
    )
    parser.add_argument(
        "--long-chars",
        type=int,
        default=40_000,
        help="characters in each long question (Slack's limit for a message is 40,000)",
    )
    parser.add_argument(
        "--database-url",
        help="run partnerbot on this database instead of a fresh SQLite file; for PostgreSQL, "
        "schema public is DROPPED and recreated first",
    )
    parser.add_argument("--record", action="store_true", help="write the README's targets table")
    internal = parser.add_argument_group("internal (the bench's own subprocesses)")
    internal.add_argument("--serve-bare", action="store_true", help="serve the bare Bolt app")
    internal.add_argument("--load", action="store_true", help="be the load generator")
    internal.add_argument("--host", default=HOST)
    internal.add_argument("--port", type=int, default=0)
    internal.add_argument("--server-pid", type=int, default=0)
    internal.add_argument("--secret", default=SIGNING_SECRET)
    args = parser.parse_args(argv)
    if min(args.requests, args.concurrency, args.rounds) < 1 or args.warmup < 0:
        parser.error(
            "--requests, --concurrency and --rounds must be at least 1, --warmup at least 0"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_bare:
        return serve_bare(args.host, args.port)
    if args.load:
        return run_load(args)
    return run_bench(args)


if __name__ == "__main__":
    sys.exit(main())
