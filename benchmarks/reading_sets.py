"""Question sets read through the reading pipeline: single messages and conversations.

Expectations, in every set of tests/questions/: an entry id, or a list of acceptable ids; null
(no entry: out of scope, small talk, a request); and in the sets written for the reading
pipeline also ``{reply: smalltalk | help | cannot}``, ``{browse: kind, sector: slug | [slugs]}``
and ``{answers: [id or [ids], ...]}`` (several questions in one message, each answered).

Single messages are scored like the matcher's sets: in scope when an entry, a list or answers
are expected; the message's top-1 is its first part's answer; small talk, help and requests
count as abstaining. Conversations are scored turn by turn, each turn strictly by its kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.answers import Context, Reading
from knowledge.matcher import Matcher
from knowledge.reading import next_context, read

Expect = Any  # str | list[str] | None | dict, as written in the YAML


@dataclass(frozen=True)
class Message:
    text: str
    expect: Expect

    @property
    def in_scope(self) -> bool:
        """Whether the right reply answers with entries (or a list), not with none."""
        return self.expect is not None and not (
            isinstance(self.expect, dict) and "reply" in self.expect
        )


@dataclass(frozen=True)
class Conversation:
    id: str
    surface: str
    turns: tuple[Message, ...]


def load_messages(path: Path) -> tuple[Message, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple(Message(item["q"], item["expect"]) for item in raw)


def load_conversations(path: Path) -> tuple[Conversation, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple(
        Conversation(
            item["id"],
            item.get("surface", "dm"),
            tuple(Message(turn["say"], turn["expect"]) for turn in item["turns"]),
        )
        for item in raw
    )


def is_conversation_set(path: Path) -> bool:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return bool(raw) and isinstance(raw[0], dict) and "turns" in raw[0]


def _ids(expect: str | list[str]) -> frozenset[str]:
    return frozenset([expect] if isinstance(expect, str) else expect)


# A list stands for the entry about lists, and the list of sectors for the entry listing them.
BROWSE_ENTRIES = {"sectors": frozenset({"faq-sixteen-sectors", "bot-browse"})}
ABOUT_BROWSING = frozenset({"bot-browse"})


def browse_answers(reading: Reading) -> frozenset[str]:
    """The entries a list answers for: the entry on browsing (or the list of sectors), and the
    entries it shows when they are the named sector's own."""
    browse = reading.browse
    if reading.kind != "browse" or browse is None:
        return frozenset()
    shown = {e.id for e in browse.entries} if browse.sectors and browse.specific else set()
    return BROWSE_ENTRIES.get(browse.kind, ABOUT_BROWSING) | shown


def top1(reading: Reading) -> str | None:
    """The entry a reading answers with first: its first part's, when that part is answered;
    None for small talk, help, requests and abstentions."""
    if reading.kind not in ("question", "browse") or not reading.parts:
        return None
    best = reading.parts[0].result.best
    return None if best is None else best.entry.id


def gives_entry(reading: Reading) -> bool:
    """Whether the reading answers with an entry or a list (not with "I don't know", small talk,
    help or a request turned down)."""
    return reading.kind == "browse" or top1(reading) is not None


def _browse_right(expect: dict, reading: Reading) -> bool:
    if reading.kind != "browse" or reading.browse is None:
        return False
    sectors = expect.get("sector") or []
    wanted = {sectors} if isinstance(sectors, str) else set(sectors)
    return reading.browse.kind == expect["browse"] and set(reading.browse.sectors) == wanted


def right(expect: Expect, reading: Reading) -> bool:
    """Strictly: the reading is what was expected, of the kind expected."""
    if expect is None:
        return not gives_entry(reading)
    if isinstance(expect, dict):
        if "reply" in expect:
            return reading.kind == expect["reply"]
        if "browse" in expect:
            return _browse_right(expect, reading)
        wanted = expect["answers"]
        given = [part.result.best for part in reading.answers]
        return len(given) == len(wanted) and all(
            best.entry.id in _ids(ids) for best, ids in zip(given, wanted, strict=True)
        )
    return top1(reading) in _ids(expect) or bool(browse_answers(reading) & _ids(expect))


def first_right(expect: Expect, reading: Reading) -> bool:
    """For a single-message set's top-1: several answers are right when the first is."""
    if isinstance(expect, dict) and "answers" in expect:
        return top1(reading) in _ids(expect["answers"][0])
    return right(expect, reading)


def reading_kind(reading: Reading) -> str:
    """How a message was read: one question, several, a comparison, a list, small talk, ..."""
    if reading.kind != "question":
        return reading.kind
    if reading.comparison:
        return "comparison"
    return "several" if len(reading.parts) > 1 else "question"


READING_KINDS = ("question", "several", "comparison", "browse", "smalltalk", "help", "cannot")


def read_conversation(matcher: Matcher, conversation: Conversation) -> list[Reading]:
    """Each turn read in the context the turns before it left."""
    context = Context()
    readings = []
    for turn in conversation.turns:
        reading = read(turn.text, matcher, context)
        readings.append(reading)
        context = next_context(context, reading)
    return readings


@dataclass(frozen=True)
class Outcome:
    """How a system did on a set of single messages."""

    in_scope: int
    correct: int  # in scope, answered with an expected entry (or list)
    wrong: int  # in scope, answered with another entry
    out_of_scope: int
    abstained: int  # out of scope, no entry given

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def balanced(self) -> float:
        return (self.accuracy + self.abstention) / 2


def score_messages(messages: Sequence[Message], readings: Sequence[Reading]) -> Outcome:
    in_scope = [(m, r) for m, r in zip(messages, readings, strict=True) if m.in_scope]
    out = [r for m, r in zip(messages, readings, strict=True) if not m.in_scope]
    correct = sum(first_right(m.expect, r) for m, r in in_scope)
    return Outcome(
        in_scope=len(in_scope),
        correct=correct,
        wrong=sum(gives_entry(r) for _, r in in_scope) - correct,
        out_of_scope=len(out),
        abstained=sum(not gives_entry(r) for r in out),
    )
