"""What the bot shows for a question, whatever the surface: an answer per question answered and
the lists asked for, in the order asked; or nothing at all, which makes the message a knowledge
gap. Pure: Slack's cards and `partnerbot ask`'s text both follow it."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.answers import Browse, Reading, listing
from knowledge.index import KnowledgeIndex
from knowledge.schema import Entry


@dataclass(frozen=True)
class Shown:
    """One thing shown: the entry that answers part `part`, or the list it asked for."""

    part: int
    entry: Entry | None = None
    browse: Browse | None = None


def is_gap(reading: Reading) -> bool:
    """A question the bot has nothing for, neither an answer nor a list (`reading.gap` counts a
    question whose every part is a list, "who do I contact for energy and water?", as one)."""
    return reading.gap and not any(part.browse is not None for part in reading.parts)


def shown(reading: Reading, index: KnowledgeIndex) -> list[Shown]:
    """The answers and lists of a question or browse reading. Parts whose lists hold the same
    entries (two sectors with no contact of their own) show one list, for both sectors; a part
    left unanswered beside answered ones shows nothing, the others answer the message."""
    if reading.kind == "browse" and reading.browse is not None:
        return [Shown(0, browse=reading.browse)]
    if reading.kind != "question":
        return []
    alike: dict[tuple, list[int]] = {}
    for i, part in enumerate(reading.parts):
        if part.browse is not None:
            key = (part.browse.kind, tuple(entry.id for entry in part.browse.entries))
            alike.setdefault(key, []).append(i)
    lists: dict[int, Browse] = {}
    for (kind, _), where in alike.items():
        if len(where) == 1:
            lists[where[0]] = reading.parts[where[0]].browse
        else:
            sectors = [s for i in where for s in reading.parts[i].browse.sectors]
            lists[where[0]] = listing(index, kind, tuple(dict.fromkeys(sectors)))
    found = []
    for i, part in enumerate(reading.parts):
        if i in lists:
            found.append(Shown(i, browse=lists[i]))
        elif part.browse is None and part.result.best is not None and part.result.answered:
            found.append(Shown(i, entry=part.result.best.entry))
    return found
