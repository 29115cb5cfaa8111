"""Benchmark partnerbot's matcher: accuracy, abstention, latency, scaling and cold start.

Run from the repository root:

    python -m benchmarks.bench_matcher               # matcher + baseline A (no extra deps)
    python -m benchmarks.bench_matcher --baselines   # + BM25 and embeddings (the `bench` extra)

It prints a plain-text report whose tables are Markdown, ready to paste into the README.
Question sets: tests/questions/{dev,holdout}.yaml, items ``{q: str, expect: id | [ids] | null}``;
``null`` means out of scope, where abstaining is the right answer.
"""

from __future__ import annotations

import argparse
import importlib
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

from benchmarks.synthetic import DEFAULT_SIZE, synthetic_entries
from knowledge.index import KnowledgeIndex, load_index
from knowledge.matcher import Matcher
from knowledge.schema import Entry

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_DIR = ROOT / "tests" / "questions"
SET_NAMES = ("dev", "holdout")
COLD_START_QUESTION = "who leads the dams sector"
COLD_START_RUNS = 5

T = TypeVar("T")
R = TypeVar("R")


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
    in_scope = [(q, a) for q, a in zip(questions, answers, strict=True) if q.expect is not None]
    out_of_scope = [a for q, a in zip(questions, answers, strict=True) if q.expect is None]
    correct = sum(a is not None and a in q.expect for q, a in in_scope)  # type: ignore[operator]
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
    fields: str

    def top(self, question: str, cutoff: float | None = None) -> tuple[str, float] | None: ...


class TitleFuzzBaseline:
    """Baseline A: rapidfuzz's WRatio between the question and each entry's title."""

    name = "A: rapidfuzz WRatio"
    fields = "title"

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
    """p50 and p99 of per-call times (nearest-rank-free, inclusive quantiles)."""
    cuts = statistics.quantiles(samples_ns, n=100, method="inclusive")
    return Latency(len(samples_ns), statistics.median(samples_ns), cuts[98])


def time_calls(
    call: Callable[[str], T], texts: Sequence[str], repeat: int
) -> tuple[list[T], list[list[int]]]:
    """Call once per text as a warm-up (keeping the results), then ``repeat`` timed passes.

    Returns the warm-up results and, per text, its ``repeat`` durations in nanoseconds.
    """
    results = [call(text) for text in texts]
    durations: list[list[int]] = [[] for _ in texts]
    for _ in range(repeat):
        for position, text in enumerate(texts):
            start = time.perf_counter_ns()
            call(text)
            durations[position].append(time.perf_counter_ns() - start)
    return results, durations


def pooled(durations: Sequence[list[int]]) -> list[int]:
    return [d for per_text in durations for d in per_text]


def timed(make: Callable[[], T]) -> tuple[T, int]:
    """Run ``make`` once; its result and how long it took in nanoseconds."""
    start = time.perf_counter_ns()
    made = make()
    return made, time.perf_counter_ns() - start


# --- Measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemRun:
    """One system on the question sets: accuracy per set, latency, load time."""

    name: str
    cutoff: float | None  # None: the system draws its own lines (partnerbot's matcher)
    outcomes: dict[str, Outcome]
    latencies: dict[str, Latency]
    load_ns: int
    load_label: str


@dataclass(frozen=True)
class Sets:
    """The question sets by name: dev, holdout and both (dev then holdout)."""

    by_name: dict[str, tuple[Question, ...]]

    @classmethod
    def load(cls) -> Sets:
        by_name = {name: load_questions(name) for name in SET_NAMES}
        by_name["both"] = tuple(q for name in SET_NAMES for q in by_name[name])
        return cls(by_name)

    def slices(self) -> dict[str, slice]:
        """Where each set sits inside ``both``."""
        dev = len(self.by_name["dev"])
        return {"dev": slice(0, dev), "holdout": slice(dev, None), "both": slice(None)}


def per_set(
    sets: Sets, values: Sequence[T], summarise: Callable[[Sequence[Question], Sequence[T]], R]
) -> dict[str, R]:
    """Apply ``summarise(questions, values)`` to the part of ``values`` of each set."""
    return {
        name: summarise(sets.by_name[name], values[part]) for name, part in sets.slices().items()
    }


def measure_matcher(sets: Sets, repeat: int) -> tuple[SystemRun, KnowledgeIndex]:
    """partnerbot's matcher on the shipped knowledge base."""
    index, load_ns = timed(load_index)
    matcher = Matcher(index)
    both = sets.by_name["both"]
    results, durations = time_calls(matcher.match, [q.text for q in both], repeat)
    answers = [r.best.entry.id if r.best is not None else None for r in results]
    return (
        SystemRun(
            name="partnerbot matcher",
            cutoff=None,
            outcomes=per_set(sets, answers, outcome),
            latencies=per_set(sets, durations, lambda _, d: latency(pooled(d))),
            load_ns=load_ns,
            load_label="load_index (YAML + build)",
        ),
        index,
    )


@dataclass(frozen=True)
class ScalingRun:
    entries: int
    terms: int
    build_ns: int
    latency: Latency
    answered: int


def measure_scaling(
    shipped: Sequence[Entry], questions: Sequence[Question], repeat: int
) -> ScalingRun:
    """partnerbot's matcher on a synthetic knowledge base of DEFAULT_SIZE entries."""
    entries = synthetic_entries(shipped, DEFAULT_SIZE)
    index, build_ns = timed(lambda: KnowledgeIndex.build(entries))
    matcher = Matcher(index)
    results, durations = time_calls(matcher.match, [q.text for q in questions], repeat)
    return ScalingRun(
        entries=len(index.entries),
        terms=len(index.postings),
        build_ns=build_ns,
        latency=latency(pooled(durations)),
        answered=sum(r.answered for r in results),
    )


def measure_retriever(
    sets: Sets, make: Callable[[], Retriever], repeat: int, load_label: str
) -> SystemRun:
    """A baseline: cutoff tuned on dev, then judged and timed (with that cutoff) on every set."""
    retriever, load_ns = timed(make)
    dev = sets.by_name["dev"]
    cutoff = choose_cutoff(dev, [retriever.top(q.text) for q in dev])
    both = sets.by_name["both"]
    results, durations = time_calls(
        lambda text: retriever.top(text, cutoff), [q.text for q in both], repeat
    )
    answers = [None if r is None else r[0] for r in results]
    return SystemRun(
        name=f"{retriever.name} on {retriever.fields}",
        cutoff=cutoff,
        outcomes=per_set(sets, answers, outcome),
        latencies={"both": latency(pooled(durations))},
        load_ns=load_ns,
        load_label=load_label,
    )


@dataclass(frozen=True)
class ColdStart:
    runs_ns: list[int]

    @property
    def median_ns(self) -> float:
        return statistics.median(self.runs_ns)


def measure_cold_start(runs: int = COLD_START_RUNS) -> ColdStart:
    """Wall time of `partnerbot ask` in a fresh interpreter; one untimed run first writes the
    bytecode caches so every timed run starts the same way."""
    command = [sys.executable, "-m", "bot", "ask", COLD_START_QUESTION]

    def run() -> None:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)

    run()
    return ColdStart([timed(run)[1] for _ in range(runs)])


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
    """A load or build time, in ms under a second and in s above."""
    return f"{ns / 1e6:.1f} ms" if ns < 1e9 else f"{ns / 1e9:.2f} s"


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f} %" if whole else "n/a"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table with its columns padded so it also reads as plain text."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

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
            "own thresholds" if run.cutoff is None else f"{run.cutoff:.4g} (score)",
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


def latency_table(runs: Sequence[SystemRun], index: KnowledgeIndex, scaling: ScalingRun) -> str:
    headers = ("system", "knowledge base", "questions", "load / build", "p50", "p99")
    shipped = f"shipped ({len(index.entries)} entries, {len(index.postings):,} terms)"
    rows = [
        (
            run.name,
            shipped,
            f"{name} ({lat.samples:,} timed calls)",
            f"{duration(run.load_ns)} ({run.load_label})",
            ms(lat.p50_ns),
            ms(lat.p99_ns),
        )
        for run in runs
        for name, lat in run.latencies.items()
    ]
    rows.insert(
        len(runs[0].latencies),
        (
            runs[0].name,
            f"synthetic ({scaling.entries:,} entries, {scaling.terms:,} terms)",
            f"dev ({scaling.latency.samples:,} timed calls)",
            f"{duration(scaling.build_ns)} (KnowledgeIndex.build)",
            ms(scaling.latency.p50_ns),
            ms(scaling.latency.p99_ns),
        ),
    )
    return table(headers, rows)


def cold_start_table(cold: ColdStart) -> str:
    command = f'python -m bot ask "{COLD_START_QUESTION}"'
    headers = ("command", "runs", "median", "min", "max")
    row = (
        command,
        str(len(cold.runs_ns)),
        ms(cold.median_ns),
        ms(min(cold.runs_ns)),
        ms(max(cold.runs_ns)),
    )
    return table(headers, [row])


def report(
    sets: Sets,
    runs: Sequence[SystemRun],
    index: KnowledgeIndex,
    scaling: ScalingRun,
    cold: ColdStart,
    repeat: int,
) -> str:
    counts = ", ".join(
        f"{name} {sum(q.in_scope for q in qs)} in scope + {sum(not q.in_scope for q in qs)} out of scope"
        for name, qs in sets.by_name.items()
        if name in SET_NAMES
    )
    return "\n".join(
        [
            "# partnerbot matcher benchmark",
            "",
            machine_line(),
            "",
            f"## Accuracy ({counts})",
            "",
            accuracy_table(runs),
            "",
            "Top-1 accuracy: answered with an expected entry. Balanced: (accuracy + abstention) / 2.",
            "Baselines abstain below a score cutoff chosen on dev to maximise balanced; the same",
            "cutoff is used on holdout.",
            "",
            "## Latency per question",
            "",
            latency_table(runs, index, scaling),
            "",
            f"time.perf_counter_ns around one call (match() or the baseline's single-question lookup),"
            f" after a warm-up pass; {repeat} timed passes pooled. The synthetic knowledge base is the",
            f"shipped one plus seeded mutations (benchmarks/synthetic.py); partnerbot answered"
            f" {scaling.answered}/{len(sets.by_name['dev'])} dev questions on it.",
            "",
            "## Cold start",
            "",
            cold_start_table(cold),
            "",
            "Wall time of subprocess.run of a fresh interpreter, after one untimed run.",
        ]
    )


# --- Entry point --------------------------------------------------------------------------------


def baseline_factories(
    entries: Sequence[Entry], heavy: bool
) -> list[tuple[Callable[[], Retriever], str]]:
    """Constructors of the baselines to run, with what their load time covers."""
    factories: list[tuple[Callable[[], Retriever], str]] = [
        (lambda: TitleFuzzBaseline(entries), "titles dict")
    ]
    if heavy:
        baselines = importlib.import_module("benchmarks.baselines")
        factories += [
            (lambda: baselines.Bm25Baseline(entries), "import + tokenise + index"),
            (lambda: baselines.EmbeddingBaseline(entries), "import + model load + encode entries"),
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
    scaling = measure_scaling(index.entries, sets.by_name["dev"], args.repeat)
    runs = [matcher_run]
    for make, label in baseline_factories(index.entries, args.baselines):
        runs.append(measure_retriever(sets, make, args.repeat, label))
    cold = measure_cold_start()
    print(report(sets, runs, index, scaling, cold, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
