"""Benchmark partnerbot's matcher: accuracy, abstention, latency, scaling and cold start.

Run from the repository root:

    python -m benchmarks.bench_matcher               # matcher + baseline A (no extra deps)
    python -m benchmarks.bench_matcher --baselines   # + BM25 and embeddings (the `bench` extra)

It prints a plain-text report whose tables are Markdown, ready to paste into the README.
Question sets: tests/questions/{dev,dev2,holdout,holdout2,holdout3}.yaml, items
``{q: str, expect: id | [ids] | null}``; ``null`` means out of scope, where abstaining is the
right answer. dev and dev2 are the tuning sets (dev2 written before the matcher was run on it);
the three held-out sets were written separately and are never tuned on (holdout3 blind,
by someone who had not seen the matcher or the other sets).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Protocol, TypeVar

import yaml
from rapidfuzz import fuzz, process, utils

from benchmarks.synthetic import synthetic_entries
from knowledge.index import KnowledgeIndex, load_index
from knowledge.matcher import Matcher
from knowledge.schema import Entry

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_DIR = ROOT / "tests" / "questions"
SET_NAMES = ("dev", "dev2", "holdout", "holdout2", "holdout3")
ALL = "all"  # every set, one after the other
COLD_START_QUESTION = "who leads the dams sector"
COLD_START_RUNS = 5
SYNTHETIC_SIZE = 10_000
MATCHER = "partnerbot matcher"
MATCHER_DESCRIPTION = "knowledge.matcher.Matcher with its own thresholds"

T = TypeVar("T")


# --- Question sets and scoring ------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    text: str
    expect: frozenset[str] | None  # None: out of scope, the bot should abstain

    @property
    def in_scope(self) -> bool:
        return self.expect is not None


def load_questions(name: str) -> tuple[Question, ...]:
    """One question set from tests/questions/NAME.yaml."""
    raw = yaml.safe_load((QUESTIONS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return tuple(Question(item["q"], _expected_ids(item["expect"])) for item in raw)


def _expected_ids(expect: str | list[str] | None) -> frozenset[str] | None:
    if expect is None:
        return None
    return frozenset([expect] if isinstance(expect, str) else expect)


@dataclass(frozen=True)
class Outcome:
    """How a system did on a question set."""

    in_scope: int
    correct: int  # in scope, answered with an expected entry
    wrong: int  # in scope, answered with another entry
    out_of_scope: int
    abstained: int  # out of scope, no answer

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def balanced(self) -> float:
        return (self.accuracy + self.abstention) / 2


def outcome(questions: Sequence[Question], answers: Sequence[str | None]) -> Outcome:
    """Score the answers (an entry id, or None for an abstention) given to the questions."""
    pairs = list(zip(questions, answers, strict=True))
    in_scope = [(q.expect, a) for q, a in pairs if q.expect is not None]
    out_of_scope = [a for q, a in pairs if q.expect is None]
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


def choose_cutoff(questions: Sequence[Question], tops: Sequence[tuple[str, float] | None]) -> float:
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
    """Per question, in nanoseconds: the warm-up call, and the calls of the timed passes."""

    first: list[int]
    warm: list[list[int]]

    def part(self, where: slice) -> Timings:
        return Timings(self.first[where], self.warm[where])

    @property
    def first_pass(self) -> Latency:
        return latency(self.first)

    @property
    def timed_passes(self) -> Latency:
        return latency([d for per_question in self.warm for d in per_question])


def _timed_call(call: Callable[[str], T], text: str) -> tuple[T, int]:
    start = time.perf_counter_ns()
    result = call(text)
    return result, time.perf_counter_ns() - start


def time_calls(
    call: Callable[[str], T], texts: Sequence[str], repeat: int
) -> tuple[list[T], Timings]:
    """One warm-up pass over the texts (its results are returned), then ``repeat`` timed ones."""
    warm_up = [_timed_call(call, text) for text in texts]
    warm: list[list[int]] = [[] for _ in texts]
    for _ in range(repeat):
        for position, text in enumerate(texts):
            warm[position].append(_timed_call(call, text)[1])
    return [result for result, _ in warm_up], Timings([ns for _, ns in warm_up], warm)


def timed(make: Callable[[], T]) -> tuple[T, int]:
    """Run ``make`` once; its result and how long it took in nanoseconds."""
    start = time.perf_counter_ns()
    made = make()
    return made, time.perf_counter_ns() - start


# --- Measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sets:
    """The question sets by name, and all of them one after the other."""

    by_name: dict[str, tuple[Question, ...]]

    @classmethod
    def load(cls) -> Sets:
        by_name = {name: load_questions(name) for name in SET_NAMES}
        by_name[ALL] = tuple(q for name in SET_NAMES for q in by_name[name])
        return cls(by_name)

    def slices(self) -> dict[str, slice]:
        """Where each set sits inside ``all``."""
        parts: dict[str, slice] = {}
        start = 0
        for name in SET_NAMES:
            end = start + len(self.by_name[name])
            parts[name] = slice(start, end)
            start = end
        return {**parts, ALL: slice(None)}

    def outcomes(self, answers: Sequence[str | None]) -> dict[str, Outcome]:
        """Score answers given to ``all``, set by set."""
        return {
            name: outcome(self.by_name[name], answers[part]) for name, part in self.slices().items()
        }


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


def describe(kind: str, index: KnowledgeIndex) -> str:
    return f"{kind} ({len(index.entries):,} entries, {len(index.postings):,} terms)"


def measure_matcher(sets: Sets, repeat: int) -> tuple[SystemRun, KnowledgeIndex]:
    """partnerbot's matcher on the shipped knowledge base."""
    index, load_ns = timed(load_index)
    every = sets.by_name[ALL]
    results, timings = time_calls(Matcher(index).match, [q.text for q in every], repeat)
    answers = [r.best.entry.id if r.best is not None else None for r in results]
    run = SystemRun(
        name=MATCHER,
        description=MATCHER_DESCRIPTION,
        cutoff=None,
        knowledge_base=describe("shipped", index),
        load_ns=load_ns,
        load_covers="load_index: YAML + build",
        outcomes=sets.outcomes(answers),
        timings={name: timings.part(part) for name, part in sets.slices().items()},
    )
    return run, index


def measure_scaling(shipped: Sequence[Entry], sets: Sets, repeat: int) -> SystemRun:
    """partnerbot's matcher on a synthetic knowledge base, asked the dev questions."""
    entries = synthetic_entries(shipped, SYNTHETIC_SIZE)
    index, build_ns = timed(lambda: KnowledgeIndex.build(entries))
    dev = sets.by_name["dev"]
    _, timings = time_calls(Matcher(index).match, [q.text for q in dev], repeat)
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
    """A baseline: cutoff tuned on dev, then judged and timed (with that cutoff) on every set."""
    retriever, load_ns = timed(make)
    dev = sets.by_name["dev"]
    cutoff = choose_cutoff(dev, [retriever.top(q.text) for q in dev])
    every = sets.by_name[ALL]
    results, timings = time_calls(
        lambda text: retriever.top(text, cutoff), [q.text for q in every], repeat
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
        f"p50 ({repeat} timed passes)", f"p99 ({repeat} timed passes)", "first pass p50 / p99",
    )  # fmt: skip
    rows = []
    for run in runs:
        for name, timings in run.timings.items():
            warm, first = timings.timed_passes, timings.first_pass
            rows.append((
                run.name,
                run.knowledge_base,
                f"{duration(run.load_ns)} ({run.load_covers})",
                f"{name} ({first.samples})",
                ms(warm.p50_ns),
                ms(warm.p99_ns),
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
    return "; ".join(
        f"{name}: {sum(q.in_scope for q in questions)} in scope, "
        f"{sum(not q.in_scope for q in questions)} out of scope"
        for name, questions in sets.by_name.items()
    )


NOTES_ACCURACY = """\
Top-1 accuracy: answered, with an expected entry. Balanced: (accuracy + abstention) / 2.
Baselines abstain below a score cutoff chosen on dev to maximise balanced, kept for the others."""

NOTES_LATENCY = """\
time.perf_counter_ns around one single-question call (Matcher.match, or the baseline's lookup).
p50/p99 pool the timed passes, run after a warm-up pass; the first pass is that warm-up (cold
caches, one-time initialisation included). Synthetic: the shipped entries plus seeded mutations
with a large English vocabulary (benchmarks/synthetic.py)."""


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
        "## Latency per question",
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
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sets = Sets.load()
    matcher_run, index = measure_matcher(sets, args.repeat)
    runs = [matcher_run, measure_scaling(index.entries, sets, args.repeat)]
    shipped = describe("shipped", index)
    for make in baseline_factories(index.entries, args.baselines):
        runs.append(measure_retriever(sets, make, shipped, args.repeat))
    cold_ns = measure_cold_start()
    print(report(sets, runs, cold_ns, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
