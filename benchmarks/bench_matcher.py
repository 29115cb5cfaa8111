"""Benchmark partnerbot's matcher: accuracy, abstention, latency, scaling and cold start.

Run from the repository root:

    python -m benchmarks.bench_matcher               # matcher + baseline A (no extra deps)
    python -m benchmarks.bench_matcher --baselines   # + BM25 and embeddings (the `bench` extra)
    python -m benchmarks.bench_matcher --misses dev4 # how each message a tuning set gets wrong
                                                     # was read (held-out sets are refused)

It prints a plain-text report whose tables are Markdown, ready to paste into the README.
Question sets: every file in tests/questions/. Single messages, items
``{q: str, expect: id | [ids] | null}`` (``null``: out of scope, or small talk or a request,
where giving no entry is right), read through ``knowledge.reading.read`` as the bot reads them
(see benchmarks/reading_sets.py for the richer expectations of the dev3 sets); and
conversations, scored turn by turn. The dev* sets are the tuning sets (each written before the
matcher was run on it; dev4, dev5 and dev6_conversations blind, each by someone who had not
seen the matcher or the other sets); the held-out sets were written separately and are never
tuned on (holdout3 and later blind too).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Protocol, TypeVar

from rapidfuzz import fuzz, process, utils

from benchmarks import targets
from benchmarks.reading_sets import (
    READING_KINDS,
    Conversation,
    Message,
    Outcome,
    first_right,
    gives_entry,
    is_conversation_set,
    load_conversations,
    load_messages,
    read_conversation,
    reading_kind,
    right,
    score_messages,
)
from benchmarks.synthetic import synthetic_entries
from knowledge.answers import Context, Reading
from knowledge.index import KnowledgeIndex, load_index
from knowledge.markup import plain
from knowledge.matcher import Matcher
from knowledge.reading import next_context, read
from knowledge.schema import Entry

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_DIR = ROOT / "tests" / "questions"
# The tuning sets are the dev* sets; the others are held out.
TUNING_PREFIX = "dev"
ALL = "all"  # every single-message set, one after the other
COLD_START_QUESTION = "who leads the dams sector"
COLD_START_RUNS = 5
SYNTHETIC_SIZE = 10_000
MATCHER = "partnerbot"
MATCHER_DESCRIPTION = (
    "knowledge.reading.read (markup, small talk, follow-ups, several questions, comparisons, "
    "browsing) and knowledge.matcher.Matcher with its own thresholds"
)
MATCH_ONLY = "partnerbot matcher alone"
MATCH_ONLY_DESCRIPTION = "knowledge.matcher.Matcher.match on the message as sent (no reading)"

T = TypeVar("T")


# --- Question sets and scoring ------------------------------------------------------------------


def set_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The single-message sets and the conversation sets in tests/questions/, tuning sets
    first."""
    found = sorted(path.stem for path in QUESTIONS_DIR.glob("*.yaml"))
    ordered = [n for n in found if n.startswith(TUNING_PREFIX)]
    ordered += [n for n in found if n not in ordered]
    singles = tuple(n for n in ordered if not is_conversation_set(QUESTIONS_DIR / f"{n}.yaml"))
    dialogues = tuple(n for n in ordered if n not in singles)
    return singles, dialogues


def expected_ids(expect: object) -> frozenset[str] | None:
    """What a retriever that only names entries should answer: the first of several answers;
    a list stands for the entry on lists (or on the sectors); small talk for no entry."""
    if expect is None:
        return None
    if isinstance(expect, str):
        return frozenset([expect])
    if isinstance(expect, list):
        return frozenset(expect)
    if "reply" in expect:
        return None
    if "browse" in expect:
        listing = {"bot-browse"} | (
            {"faq-sixteen-sectors"} if expect["browse"] == "sectors" else set()
        )
        return frozenset(listing)
    return expected_ids(expect["answers"][0])


def outcome(messages: Sequence[Message], answers: Sequence[str | None]) -> Outcome:
    """Score a retriever's answers (an entry id, or None for an abstention)."""
    pairs = list(zip(messages, answers, strict=True))
    in_scope = [(expected_ids(m.expect), a) for m, a in pairs if m.in_scope]
    out_of_scope = [a for m, a in pairs if not m.in_scope]
    correct = sum(a is not None and a in expect for expect, a in in_scope)
    return Outcome(
        in_scope=len(in_scope),
        correct=correct,
        wrong=sum(a is not None for _, a in in_scope) - correct,
        out_of_scope=len(out_of_scope),
        abstained=sum(a is None for a in out_of_scope),
    )


# --- Systems under test -------------------------------------------------------------------------


class Retriever(Protocol):
    """A baseline: the best entry for a question with its score, None if under the cutoff."""

    name: str
    description: str  # what of each entry it compares the question with, and how
    load_covers: str  # what its construction (the load time) includes

    def top(self, question: str, cutoff: float | None = None) -> tuple[str, float] | None: ...


class TitleFuzzBaseline:
    """Baseline A: rapidfuzz's WRatio between the question and each entry's title."""

    name = "A: rapidfuzz WRatio"
    description = "extractOne over entry titles, default_process"
    load_covers = "titles dict"

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.titles = {entry.id: entry.title for entry in entries}

    def top(self, question: str, cutoff: float | None = None) -> tuple[str, float] | None:
        found = process.extractOne(
            question,
            self.titles,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=cutoff,
        )
        return None if found is None else (found[2], found[1])


def answers_at(tops: Sequence[tuple[str, float] | None], cutoff: float) -> list[str | None]:
    """The answers a retriever gives when it abstains below ``cutoff``."""
    return [top[0] if top is not None and top[1] >= cutoff else None for top in tops]


def choose_cutoff(questions: Sequence[Message], tops: Sequence[tuple[str, float] | None]) -> float:
    """The cutoff that maximises (accuracy + abstention) / 2 on these questions.

    Candidates: the lowest score seen (answer everything) and each midpoint between two
    consecutive scores seen; on a tie the lowest cutoff wins.
    """
    scores = sorted({top[1] for top in tops if top is not None})
    candidates = [scores[0], *((low + high) / 2 for low, high in pairwise(scores))]
    return max(candidates, key=lambda c: outcome(questions, answers_at(tops, c)).balanced)


# --- Timing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latency:
    samples: int
    p50_ns: float
    p99_ns: float


def latency(samples_ns: Sequence[int]) -> Latency:
    """Median and 99th percentile (inclusive quantiles) of per-call times."""
    cuts = statistics.quantiles(samples_ns, n=100, method="inclusive")
    return Latency(len(samples_ns), statistics.median(samples_ns), cuts[98])


@dataclass(frozen=True)
class Timings:
    """Per question, in nanoseconds: the warm-up call, and the calls of the timed passes, in
    wall time; and the timed passes in the CPU time of the calling thread, which a busy
    machine does not inflate (another process running between two clock reads)."""

    first: list[int]
    warm: list[list[int]]
    cpu: list[list[int]]

    def part(self, where: slice) -> Timings:
        return Timings(self.first[where], self.warm[where], self.cpu[where])

    @property
    def first_pass(self) -> Latency:
        return latency(self.first)

    @property
    def timed_passes(self) -> Latency:
        return latency([d for per_question in self.warm for d in per_question])

    @property
    def timed_passes_cpu(self) -> Latency:
        return latency([d for per_question in self.cpu for d in per_question])


def _timed_call(call: Callable[[str], T], text: str) -> tuple[T, int, int]:
    """The call's result, its wall time and the thread's CPU time it took (ns)."""
    cpu_start = time.thread_time_ns()
    start = time.perf_counter_ns()
    result = call(text)
    wall = time.perf_counter_ns() - start
    return result, wall, time.thread_time_ns() - cpu_start


def time_calls(
    call: Callable[[str], T], texts: Sequence[str], repeat: int
) -> tuple[list[T], Timings]:
    """One warm-up pass over the texts (its results are returned), then ``repeat`` timed ones."""
    warm_up = [_timed_call(call, text) for text in texts]
    warm: list[list[int]] = [[] for _ in texts]
    cpu: list[list[int]] = [[] for _ in texts]
    for _ in range(repeat):
        for position, text in enumerate(texts):
            _, wall, used = _timed_call(call, text)
            warm[position].append(wall)
            cpu[position].append(used)
    return [result for result, _, _ in warm_up], Timings([w for _, w, _ in warm_up], warm, cpu)


def timed(make: Callable[[], T]) -> tuple[T, int]:
    """Run ``make`` once; its result and how long it took in nanoseconds."""
    start = time.perf_counter_ns()
    made = make()
    return made, time.perf_counter_ns() - start


# --- Measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sets:
    """The single-message sets by name (and all of them one after the other), and the
    conversation sets."""

    by_name: dict[str, tuple[Message, ...]]
    names: tuple[str, ...]
    conversations: dict[str, tuple[Conversation, ...]]

    @classmethod
    def load(cls) -> Sets:
        singles, dialogues = set_names()
        by_name = {name: load_messages(QUESTIONS_DIR / f"{name}.yaml") for name in singles}
        by_name[ALL] = tuple(m for name in singles for m in by_name[name])
        conversations = {
            name: load_conversations(QUESTIONS_DIR / f"{name}.yaml") for name in dialogues
        }
        return cls(by_name, singles, conversations)

    @property
    def tuning(self) -> tuple[Message, ...]:
        tuning = [n for n in self.names if n.startswith(TUNING_PREFIX)]
        return tuple(m for name in tuning for m in self.by_name[name])

    def slices(self) -> dict[str, slice]:
        """Where each set sits inside ``all``."""
        parts: dict[str, slice] = {}
        start = 0
        for name in self.names:
            end = start + len(self.by_name[name])
            parts[name] = slice(start, end)
            start = end
        return {**parts, ALL: slice(None)}

    def outcomes(self, answers: Sequence[str | None]) -> dict[str, Outcome]:
        """Score a retriever's answers given to ``all``, set by set."""
        return {
            name: outcome(self.by_name[name], answers[part]) for name, part in self.slices().items()
        }


@dataclass(frozen=True)
class TurnScore:
    """A conversation set: turns read right, strictly by kind, and dialogues right throughout."""

    turns: int
    right: int
    dialogues: int
    dialogues_right: int


@dataclass(frozen=True)
class SystemRun:
    """One system on one knowledge base: accuracy and latency per question set, load time."""

    name: str
    description: str
    cutoff: float | None  # None: the system draws its own lines (partnerbot's matcher)
    knowledge_base: str
    load_ns: int
    load_covers: str
    outcomes: dict[str, Outcome]  # empty when accuracy is not measured
    timings: dict[str, Timings]
    turns: dict[str, TurnScore] = field(default_factory=dict)  # conversation sets
    kinds: dict[str, Counter[str]] = field(default_factory=dict)  # how messages were read
    # Per set, of the messages asking several questions: how many got every answer, and how many.
    in_full: dict[str, tuple[int, int]] = field(default_factory=dict)


def describe(kind: str, index: KnowledgeIndex) -> str:
    return f"{kind} ({len(index.entries):,} entries, {len(index.postings):,} terms)"


def measure_matcher(sets: Sets, repeat: int) -> tuple[list[SystemRun], KnowledgeIndex]:
    """partnerbot on the shipped knowledge base: each message read as the bot reads it, and,
    for comparison, the matcher alone on the message as sent."""
    index, load_ns = timed(load_index)
    matcher = Matcher(index)
    texts = [m.text for m in sets.by_name[ALL]]
    readings, timings = time_calls(lambda text: read(text, matcher), texts, repeat)
    per_set = {name: timings.part(part) for name, part in sets.slices().items()}
    scores = {
        name: score_messages(sets.by_name[name], readings[part])
        for name, part in sets.slices().items()
    }
    for name, conversations in sets.conversations.items():
        per_set[name] = time_conversations(matcher, conversations, repeat)
    common = {"knowledge_base": describe("shipped", index), "load_ns": load_ns}
    reading_run = SystemRun(
        name=MATCHER,
        description=MATCHER_DESCRIPTION,
        cutoff=None,
        load_covers="load_index: YAML + build",
        outcomes=scores,
        timings=per_set,
        turns={name: score_turns(matcher, c) for name, c in sets.conversations.items()},
        kinds={
            name: Counter(reading_kind(r) for r in readings[part])
            for name, part in sets.slices().items()
        },
        in_full={
            name: answered_in_full(sets.by_name[name], readings[part])
            for name, part in sets.slices().items()
        },
        **common,
    )
    results, alone = time_calls(matcher.match, texts, repeat)
    answers = [r.best.entry.id if r.best is not None else None for r in results]
    match_run = SystemRun(
        name=MATCH_ONLY,
        description=MATCH_ONLY_DESCRIPTION,
        cutoff=None,
        load_covers="load_index: YAML + build",
        outcomes=sets.outcomes(answers),
        timings={ALL: alone},
        **common,
    )
    return [reading_run, match_run], index


def answered_in_full(messages: Sequence[Message], readings: Sequence[Reading]) -> tuple[int, int]:
    """Of the messages asking several questions, how many got every answer expected, in order
    (top-1 counts only a message's first answer), and how many there are."""
    several = [
        (m, r)
        for m, r in zip(messages, readings, strict=True)
        if isinstance(m.expect, dict) and "answers" in m.expect
    ]
    return sum(right(m.expect, r) for m, r in several), len(several)


def time_conversations(
    matcher: Matcher, conversations: Sequence[Conversation], repeat: int
) -> Timings:
    """Each turn read in its conversation's context, timed like single messages."""
    turns: list[tuple[str, Context]] = []
    for conversation in conversations:
        context = Context()
        for turn in conversation.turns:
            turns.append((turn.text, context))
            context = next_context(context, read(turn.text, matcher, context))
    contexts = dict(enumerate(turns))
    keys = [str(i) for i in range(len(turns))]

    def read_turn(key: str) -> object:
        text, context = contexts[int(key)]
        return read(text, matcher, context)

    return time_calls(read_turn, keys, repeat)[1]


def score_turns(matcher: Matcher, conversations: Sequence[Conversation]) -> TurnScore:
    turns = right_turns = whole = 0
    for conversation in conversations:
        readings = read_conversation(matcher, conversation)
        marks = [right(t.expect, r) for t, r in zip(conversation.turns, readings, strict=True)]
        turns += len(marks)
        right_turns += sum(marks)
        whole += all(marks)
    return TurnScore(turns, right_turns, len(conversations), whole)


def measure_scaling(shipped: Sequence[Entry], sets: Sets, repeat: int) -> SystemRun:
    """partnerbot on a synthetic knowledge base, reading the dev questions."""
    entries = synthetic_entries(shipped, SYNTHETIC_SIZE)
    index, build_ns = timed(lambda: KnowledgeIndex.build(entries))
    matcher = Matcher(index)
    dev = sets.by_name["dev"]
    _, timings = time_calls(lambda text: read(text, matcher), [q.text for q in dev], repeat)
    return SystemRun(
        name=MATCHER,
        description=MATCHER_DESCRIPTION,
        cutoff=None,
        knowledge_base=describe("synthetic", index),
        load_ns=build_ns,
        load_covers="KnowledgeIndex.build",
        outcomes={},
        timings={"dev": timings},
    )


def measure_retriever(
    sets: Sets, make: Callable[[], Retriever], knowledge_base: str, repeat: int
) -> SystemRun:
    """A baseline, given each message without Slack's markup: cutoff chosen on the tuning sets,
    then judged and timed (with that cutoff) on every set."""
    retriever, load_ns = timed(make)
    tuning = sets.tuning
    cutoff = choose_cutoff(tuning, [retriever.top(plain(q.text)) for q in tuning])
    every = sets.by_name[ALL]
    results, timings = time_calls(
        lambda text: retriever.top(plain(text), cutoff), [q.text for q in every], repeat
    )
    return SystemRun(
        name=retriever.name,
        description=retriever.description,
        cutoff=cutoff,
        knowledge_base=knowledge_base,
        load_ns=load_ns,
        load_covers=retriever.load_covers,
        outcomes=sets.outcomes([None if r is None else r[0] for r in results]),
        timings={ALL: timings},
    )


def measure_cold_start(runs: int = COLD_START_RUNS) -> list[int]:
    """Wall times (ns) of `partnerbot ask` in a fresh interpreter; one untimed run first writes
    the bytecode caches so every timed run starts the same way."""
    command = [sys.executable, "-m", "bot", "ask", COLD_START_QUESTION]

    def run() -> None:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)

    run()
    return [timed(run)[1] for _ in range(runs)]


# --- Report -------------------------------------------------------------------------------------


def machine_line() -> str:
    return (
        f"Machine: {platform.platform()}, {cpu_model()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ms(ns: float) -> str:
    return f"{ns / 1e6:.3f} ms"


def duration(ns: float) -> str:
    """A load or build time: ms under a second, s above."""
    return f"{ns / 1e6:.1f} ms" if ns < 1e9 else f"{ns / 1e9:.2f} s"


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f} %" if whole else "n/a"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table with its columns padded so it also reads as plain text."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def accuracy_table(runs: Sequence[SystemRun]) -> str:
    headers = (
        "system", "abstains below", "set", "top-1 accuracy (in scope)",
        "wrong answers (in scope)", "abstention (out of scope)", "balanced",
    )  # fmt: skip
    rows = [
        (
            run.name,
            "its own thresholds" if run.cutoff is None else f"score {run.cutoff:.4g}",
            name,
            share(result.correct, result.in_scope),
            share(result.wrong, result.in_scope),
            share(result.abstained, result.out_of_scope),
            f"{100 * result.balanced:.1f} %",
        )
        for run in runs
        for name, result in run.outcomes.items()
    ]
    return table(headers, rows)


def latency_table(runs: Sequence[SystemRun], repeat: int) -> str:
    headers = (
        "system", "knowledge base", "load / build", "questions",
        f"p50 ({repeat} timed passes)", f"p99 ({repeat} timed passes)", "p50 / p99 CPU",
        "first pass p50 / p99",
    )  # fmt: skip
    rows = []
    for run in runs:
        for name, timings in run.timings.items():
            warm, first = timings.timed_passes, timings.first_pass
            cpu = timings.timed_passes_cpu
            rows.append((
                run.name,
                run.knowledge_base,
                f"{duration(run.load_ns)} ({run.load_covers})",
                f"{name} ({first.samples})",
                ms(warm.p50_ns),
                ms(warm.p99_ns),
                f"{ms(cpu.p50_ns)} / {ms(cpu.p99_ns)}",
                f"{ms(first.p50_ns)} / {ms(first.p99_ns)}",
            ))  # fmt: skip
    return table(headers, rows)


def cold_start_table(runs_ns: Sequence[int]) -> str:
    headers = ("command", "runs", "median", "min", "max")
    row = (
        f'python -m bot ask "{COLD_START_QUESTION}"',
        str(len(runs_ns)),
        ms(statistics.median(runs_ns)),
        ms(min(runs_ns)),
        ms(max(runs_ns)),
    )
    return table(headers, [row])


def legend(runs: Sequence[SystemRun]) -> str:
    described = {run.name: run.description for run in runs}
    return "\n".join(f"- {name}: {description}" for name, description in described.items())


def set_sizes(sets: Sets) -> str:
    sizes = [
        f"{name}: {sum(q.in_scope for q in questions)} in scope, "
        f"{sum(not q.in_scope for q in questions)} out of scope"
        for name, questions in sets.by_name.items()
    ]
    sizes += [
        f"{name}: {len(dialogues)} conversations, {sum(len(d.turns) for d in dialogues)} turns"
        for name, dialogues in sets.conversations.items()
    ]
    return "; ".join(sizes)


def kinds_table(runs: Sequence[SystemRun]) -> str:
    headers = ("set", *READING_KINDS, "several asked: all answered")
    rows = [
        (
            name,
            *(str(kinds[kind]) for kind in READING_KINDS),
            share(*run.in_full[name]),
        )
        for run in runs
        for name, kinds in run.kinds.items()
    ]
    return table(headers, rows)


def conversation_table(runs: Sequence[SystemRun]) -> str:
    headers = ("system", "set", "turns right", "conversations right throughout")
    rows = [
        (
            run.name,
            name,
            share(score.right, score.turns),
            share(score.dialogues_right, score.dialogues),
        )
        for run in runs
        for name, score in run.turns.items()
    ]
    return table(headers, rows)


NOTES_ACCURACY = """\
Top-1 accuracy: answered, with an expected entry (a message's first question's answer; a list
counts for the entry on lists, the list of sectors for the entry listing them, and a sector's
own list for each entry it shows). Out of scope: no entry expected (off-topic, small talk,
help, a request); small talk, help and a request turned down count as abstaining. Balanced:
(accuracy + abstention) / 2. Baselines are given each message without Slack's markup and
abstain below a score cutoff chosen on the tuning sets (dev*) to maximise balanced, kept for
the others."""

NOTES_CONVERSATIONS = """\
Each turn read with the context the turns before it left (knowledge.reading.next_context) and
judged strictly: the entry expected, or the list (kind and sectors), the reply's kind, or each
of several answers in order."""

NOTES_LATENCY = """\
time.perf_counter_ns around one call per message: read (reading and matching, all parts of
the message), Matcher.match alone, or the baseline's lookup; conversation turns with context.
p50/p99 pool the timed passes, run after a warm-up pass; the first pass is that warm-up (cold
caches, one-time initialisation included). CPU: the same timed calls in the calling thread's
CPU time (time.thread_time_ns), which leaves out the time other processes ran in between: on
a shared, busy machine the wall-time p99 measures the machine's load more than the code.
Synthetic: the shipped entries plus seeded mutations with a large English vocabulary
(benchmarks/synthetic.py)."""


def report(sets: Sets, runs: Sequence[SystemRun], cold_ns: Sequence[int], repeat: int) -> str:
    return "\n".join([
        "# partnerbot matcher benchmark",
        "",
        machine_line(),
        "",
        "## Accuracy",
        "",
        f"Questions: {set_sizes(sets)}.",
        "",
        accuracy_table([run for run in runs if run.outcomes]),
        "",
        legend(runs),
        "",
        NOTES_ACCURACY,
        "",
        "How partnerbot read the messages (one question; several; a comparison answered with",
        "both entries; a list; small talk; help; a request turned down), and how many of the",
        "messages asking several questions got every answer expected, in order (top-1 above",
        "counts only a message's first answer):",
        "",
        kinds_table([run for run in runs if run.kinds]),
        "",
        "## Conversations",
        "",
        conversation_table([run for run in runs if run.turns]),
        "",
        NOTES_CONVERSATIONS,
        "",
        "## Latency per message",
        "",
        latency_table(runs, repeat),
        "",
        NOTES_LATENCY,
        "",
        "## Cold start",
        "",
        cold_start_table(cold_ns),
        "",
        "Wall time of subprocess.run, a fresh interpreter each time, after one untimed run.",
    ])  # fmt: skip


# --- Misses of a tuning set ---------------------------------------------------------------------


def how_read(reading: Reading) -> str:
    """One line: the kind of a reading and what each part was answered with."""
    if reading.kind in ("smalltalk", "help", "cannot"):
        return reading.kind
    shown = []
    for part in reading.parts:
        best = part.result.best
        if part.browse is not None:
            browse = part.browse
            shown.append(f"list {browse.kind} {','.join(browse.sectors) or '-'}")
        elif best is None:
            near = part.result.alternatives[0] if part.result.alternatives else None
            shown.append(
                "none" + (f" (near {near.entry.id} {near.score}/{near.anchors})" if near else "")
            )
        else:
            shown.append(f"{best.entry.id} {best.score}/{best.anchors}")
    return f"{reading.kind}: " + " | ".join(shown)


def print_misses(name: str) -> int:
    """Each message of a tuning set read wrong (held-out sets are never shown: tuning on them
    would make their figures meaningless)."""
    if not name.startswith(TUNING_PREFIX):
        print(f"{name} is held out: its misses are not shown", file=sys.stderr)
        return 2
    path = QUESTIONS_DIR / f"{name}.yaml"
    matcher = Matcher(load_index())
    if is_conversation_set(path):
        for conversation in load_conversations(path):
            readings = read_conversation(matcher, conversation)
            marks = [right(t.expect, r) for t, r in zip(conversation.turns, readings, strict=True)]
            if all(marks):
                continue
            print(f"## {conversation.id} ({conversation.surface})")
            for turn, reading, mark in zip(conversation.turns, readings, marks, strict=True):
                print(f"  {'  ' if mark else 'XX'} {turn.text!r}")
                if not mark:
                    print(f"       expected {turn.expect}; {how_read(reading)}")
        return 0
    for message in load_messages(path):
        reading = read(message.text, matcher)
        good = (
            first_right(message.expect, reading) if message.in_scope else not gives_entry(reading)
        )
        if not good:
            wrong = (
                "WRONG"
                if message.in_scope and gives_entry(reading)
                else ("ANSWERED" if not message.in_scope else "missed")
            )
            print(f"{wrong:8} {message.text!r}")
            print(f"         expected {message.expect}; {how_read(reading)}")
    return 0


# --- Entry point --------------------------------------------------------------------------------


def baseline_factories(entries: Sequence[Entry], heavy: bool) -> list[Callable[[], Retriever]]:
    """Constructors of the baselines to run: A always, B and C with ``heavy``."""
    factories: list[Callable[[], Retriever]] = [lambda: TitleFuzzBaseline(entries)]
    if heavy:
        from benchmarks import baselines  # torch & co.: only when asked for

        factories += [
            lambda: baselines.Bm25Baseline(entries),
            lambda: baselines.EmbeddingBaseline(entries),
        ]
    return factories


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--baselines", action="store_true",
        help="also run the BM25 and embedding baselines (needs the `bench` extra)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes over each question set (default 3)"
    )
    parser.add_argument("--record", action="store_true", help="write the README's targets table")
    parser.add_argument(
        "--misses", metavar="SET",
        help="print how each message of a tuning set (dev*) that is read wrong was read, and stop",
    )  # fmt: skip
    return parser.parse_args(argv)


def target_figures(
    sets: Sets, reading: SystemRun, scaled: SystemRun, cold_ns: Sequence[int]
) -> dict[str, tuple[str, bool]]:
    """The README's targets, as this run measured them: the held-out sets' worst figures, the
    blind conversation set, and the latencies (thread CPU time, which a busy machine does not
    inflate, beside the wall time)."""
    held_out = [n for n in sets.names if not n.startswith(TUNING_PREFIX)]
    scores = {name: reading.outcomes[name] for name in held_out}

    def each(figure: Callable[[Outcome], float]) -> str:
        return ", ".join(f"{name} {figure(scores[name]):.1%}" for name in held_out)

    blind = [n for n in sets.conversations if not n.startswith(TUNING_PREFIX)]
    turns = [reading.turns[name] for name in blind]
    right, total = sum(t.right for t in turns), sum(t.turns for t in turns)
    shipped, big = reading.timings[ALL], scaled.timings["dev"]
    cold = statistics.median(cold_ns)
    return {
        "top1": (each(lambda o: o.accuracy), all(o.accuracy >= 0.97 for o in scores.values())),
        "abstention": (
            each(lambda o: o.abstention),
            all(o.abstention >= 0.95 for o in scores.values()),
        ),
        "wrong": (
            each(lambda o: o.wrong / o.in_scope),
            all(o.wrong <= 0.01 * o.in_scope for o in scores.values()),
        ),
        "turns": (share(right, total), right >= 0.95 * total),
        "p99": (
            f"{ms(shipped.timed_passes_cpu.p99_ns)} CPU, {ms(shipped.timed_passes.p99_ns)} wall",
            shipped.timed_passes_cpu.p99_ns <= 1e6,
        ),
        "p99_10k": (
            f"{ms(big.timed_passes_cpu.p99_ns)} CPU, {ms(big.timed_passes.p99_ns)} wall",
            big.timed_passes_cpu.p99_ns <= 20e6,
        ),
        "cold": (f"{duration(cold)} (median of {len(cold_ns)})", cold < 1e9),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.misses:
        return print_misses(args.misses)
    sets = Sets.load()
    matcher_runs, index = measure_matcher(sets, args.repeat)
    scaled = measure_scaling(index.entries, sets, args.repeat)
    runs = [*matcher_runs, scaled]
    shipped = describe("shipped", index)
    for make in baseline_factories(index.entries, args.baselines):
        runs.append(measure_retriever(sets, make, shipped, args.repeat))
    cold_ns = measure_cold_start()
    text = report(sets, runs, cold_ns, args.repeat)
    print(text)
    if args.record:
        name = "matcher-baselines" if args.baselines else "matcher"
        targets.record(name, text, target_figures(sets, matcher_runs[0], scaled, cold_ns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
