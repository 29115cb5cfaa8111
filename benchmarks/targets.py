"""The README's targets table, written by the benchmark scripts rather than by hand.

A script run with `--record` saves its full report as docs/benchmarks/<name>.md and its
figure for each target it measures in docs/benchmarks/targets.json; the README's table, between
its two markers, is then rewritten from that file. So figures go stale only with the code, and a
commit that changes them is a benchmark run, not an edit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FOLDER = ROOT / "docs" / "benchmarks"
STATE = FOLDER / "targets.json"
BEGIN, END = "<!-- targets:begin -->", "<!-- targets:end -->"

# In the table's order: id -> the target as the README states it.
TARGETS = {
    "top1": "in-scope top-1 at least 97 % on every held-out set",
    "abstention": "out-of-scope abstention at least 95 % on every held-out set",
    "wrong": "wrong answers at most 1 % of in-scope questions on every held-out set",
    "turns": "conversation turns at least 95 % right (blind set)",
    "p99": "p99 at most 1 ms per message, shipped knowledge base",
    "p99_10k": "p99 at most 20 ms per message, 10,000 entries",
    "cold": "cold start of `partnerbot ask` under 1 s",
    "outbox": "outbox overhead under 5 ms per delivery",
    "digests": "1,000 digests composed in under 2 s, 10,000 alerts stored",
    "ack": "ack p99 at most 100 ms at 50 connections",
    "ack_long": "ack p99 at most 100 ms while four 40,000-character `/ci` questions run",
    "throughput": "at least 80 % of a bare Bolt app's throughput",
}


def record(name: str, report: str, measured: Mapping[str, tuple[str, bool]]) -> None:
    """Save a benchmark's report and its figures (target id -> (measured, met)), then rewrite
    the README's table."""
    unknown = set(measured) - set(TARGETS)
    if unknown:
        raise ValueError(f"no such target: {', '.join(sorted(unknown))}")
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / f"{name}.md").write_text(report.rstrip() + "\n", encoding="utf-8")
    state = json.loads(STATE.read_text(encoding="utf-8")) if STATE.exists() else {}
    day = dt.date.today().isoformat()
    for target, (figure, met) in measured.items():
        state[target] = {"measured": figure, "met": met, "bench": name, "on": day}
    STATE.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    write_readme(state)


def table(state: Mapping[str, Mapping]) -> str:
    lines = ["| target | measured | met |", "| --- | --- | --- |"]
    for target, stated in TARGETS.items():
        found = state.get(target)
        if found is None:
            lines.append(f"| {stated} | not measured yet | |")
            continue
        met = "yes" if found["met"] else "**no**"
        where = f"[{found['bench']}](docs/benchmarks/{found['bench']}.md), {found['on']}"
        lines.append(f"| {stated} | {found['measured']} ({where}) | {met} |")
    return "\n".join(lines)


def write_readme(state: Mapping[str, Mapping]) -> None:
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{BEGIN}\n{table(state)}\n{END}{tail}", encoding="utf-8")
