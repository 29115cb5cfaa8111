"""What a reading gives and what a conversation keeps: the ``Context`` stored per thread or DM,
a message's ``Reading`` and its ``Part``s, and the lists (``Browse``) that `/ci` and plain-words
browsing show."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge import references
from knowledge.index import KnowledgeIndex
from knowledge.matcher import MatchResult
from knowledge.schema import Entry

KIND_OF_LIST = {"training": "training", "resources": "resource", "contacts": "contact"}

# The kinds of reading answered with a short reply of their own, not with an entry.
REPLIES = frozenset({"smalltalk", "help", "cannot"})


@dataclass(frozen=True)
class Context:
    """What a conversation is about, kept by the bot per thread or DM and passed back in."""

    sector: str | None = None  # a sector slug
    topic: str | None = None  # one of TOPICS
    entry_id: str | None = None  # the entry answered last
    # The entries answered before it, oldest first ("go back to the first one").
    earlier: tuple[str, ...] = ()

    @property
    def recent(self) -> tuple[str, ...]:
        """The entries the conversation answered with last, oldest first."""
        return (*self.earlier, self.entry_id) if self.entry_id else self.earlier

    def answered(self, entry: Entry, sector: str | None, topic: str | None) -> Context:
        """The context after an answer with ``entry``: it is the last, the one before earlier."""
        kept = tuple(e for e in self.recent if e != entry.id)[-(references.KEPT - 1) :]
        return Context(entry.sector or sector or self.sector, topic, entry.id, kept)


@dataclass(frozen=True)
class Browse:
    """A list, as `/ci <kind> [sector]` shows it."""

    kind: str  # training | resources | contacts | sectors
    sectors: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = field(default=(), repr=False)
    # False when nothing is specific to the sectors named and the list is the all-sector one.
    specific: bool = True
    led_by: str | None = None  # the agency a sectors list is kept to ("which does HHS lead")


@dataclass(frozen=True)
class Part:
    """One question of a message, as it was understood and answered."""

    asked: str  # the question matched: the words of the message, or a follow-up resolved
    result: MatchResult
    sector: str | None = None
    topic: str | None = None
    browse: Browse | None = None  # when the part asks for a list: the list
    # "are pipelines under energy?", answered by the Energy card: the sector pipelines are in,
    # which "who leads that one then" asks of.
    thing_in: str | None = None


@dataclass(frozen=True)
class Reading:
    """What a message is and how it is answered.

    kind: "question" (``parts``, each answered or not; ``browse`` too when one of several
    asks for a list), "browse" (``browse``; ``parts`` holds the plain match of the words too),
    "smalltalk" (``talk``: greeting, thanks, bye or empty), "help", or "cannot" (a request to
    do something the bot cannot do).
    """

    text: str
    kind: str
    parts: tuple[Part, ...] = ()
    browse: Browse | None = None
    talk: str | None = None
    comparison: bool = False
    # The message said it leaves the conversation's subject ("unrelated: ..."): read alone.
    fresh: bool = False
    # The sector a greeting says is the writer's ("hi, I'm the new EM at a county hospital"),
    # which the conversation's next question may ask of.
    sector: str | None = None
    # What a request the bot cannot carry out is about ("register me for the next active
    # shooter workshop"), for the conversation's next message ("where do I sign up then?").
    about: Entry | None = field(default=None, repr=False)

    @property
    def answered(self) -> bool:
        """Whether the bot has something to say besides "I don't know"."""
        if self.kind == "question":
            return any(part.result.answered for part in self.parts)
        return True

    @property
    def gap(self) -> bool:
        """Whether the message is a question the knowledge base could not answer."""
        return self.kind == "question" and not self.answered

    @property
    def result(self) -> MatchResult:
        """The first part's match (an abstention for small talk, help and requests)."""
        if self.parts:
            return self.parts[0].result
        return MatchResult(self.text, None)

    @property
    def answers(self) -> tuple[Part, ...]:
        """The parts answered with an entry, in the order asked (not those asking for a list)."""
        return tuple(p for p in self.parts if p.browse is None and p.result.answered)


def listing(
    index: KnowledgeIndex, kind: str, sectors: Sequence[str] = (), led_by: str | None = None
) -> Browse:
    """The list `/ci training|resources|contacts [sector]` or `/ci sectors` shows: a sector's own
    entries, or the entries for all sectors when it has none of its own; the sectors an agency
    leads, alone or with another, when ``led_by`` names it."""
    if kind == "sectors":
        found = sorted((e for e in index.entries if e.kind == "sector"), key=lambda e: e.title)
        if led_by is not None:
            found = [e for e in found if leads(e, led_by)]
        return Browse(kind, (), tuple(found), led_by=led_by)
    entries = [e for e in index.entries if e.kind == KIND_OF_LIST[kind]]
    if not sectors:
        return Browse(kind, (), tuple(entries))
    named = [e for e in entries if e.sector in sectors]
    chosen = named or [e for e in entries if e.sector is None]
    return Browse(kind, tuple(sectors), tuple(chosen), specific=bool(named))


def leads(entry: Entry, agency: str) -> bool:
    """Whether a sector's lead agency ("DHS (TSA, Coast Guard) and DOT") names ``agency``."""
    pattern = rf"\b{re.escape(agency)}\b"
    return bool(entry.lead_agency and re.search(pattern, entry.lead_agency, re.IGNORECASE))
