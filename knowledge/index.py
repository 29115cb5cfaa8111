"""The search index: every entry's terms with their weights, an inverted index and term rarity."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.lexicon import LABEL_FAMILIES
from knowledge.markup import plain
from knowledge.schema import SECTOR_SLUGS, Entry, load_entries
from knowledge.text import SpellingCorrector, analyse, concept, sorted_words

BUNDLED_DIR = Path(__file__).resolve().parent

# How strongly a term found in each part of an entry speaks for that entry.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 1.0,
    "keywords": 0.9,
    "tags": 1.0,
    "questions": 0.9,
    "subsectors": 0.8,
    "answer": 0.35,
}
MENTIONED_SECTOR_WEIGHT = 0.5
COURSE_AUDIENCE = 0.5
STRONG_FIELD = 0.8  # a term found in a field this strong is the entry's own word, not a mention
# A plain word that is the entry's own word in more than this share of entries ("sector",
# "CISA"), and in at least UBIQUITOUS_MIN of them, says little about which entry is meant: it
# can back up a word that names an entry, never stand in for one.
UBIQUITOUS_SHARE = 0.15
UBIQUITOUS_MIN = 10
# An acronym or a code in a title ("CIPAC", "NSM-22", "TLP:AMBER+STRICT", "IS-907") is a proper
# name of its entry when at most this many titles use it; two letters ("ID", "IP") are too
# many other things to name one.
_PROPER_NAME = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z0-9](?:[-:+][A-Z0-9]+)*s?\b|\b[A-Za-z]+-\d+\b")
NAME_MAX_TITLES = 3
NAME_MIN_LENGTH = 3
SECTOR_CONCEPTS = frozenset(concept(slug) for slug in SECTOR_SLUGS)
# Families of terms that exclude each other: the 16 sectors, the TLP labels.
FAMILIES: tuple[frozenset[str], ...] = (
    SECTOR_CONCEPTS,
    *(frozenset(labels) for labels in LABEL_FAMILIES.values()),
)
# The kind of an entry answers a topic: "contact", "training", "who leads"; faq entries any.
KIND_TOPICS: dict[str, tuple[str, ...]] = {
    "sector": ("lead", "covers"),
    "contact": ("contact",),
    "training": ("training",),
    "resource": ("resource",),
}


def _tags(entry: Entry) -> list[str]:
    tags = [concept(entry.sector)] if entry.sector else []
    tags.extend(concept(topic) for topic in KIND_TOPICS.get(entry.kind, ()))
    return tags


def _text_fields(entry: Entry) -> dict[str, Iterable[str]]:
    return {
        "title": [entry.title],
        "keywords": entry.keywords,
        "questions": entry.questions,
        "subsectors": entry.subsectors,
        "answer": [entry.answer],
    }


def entry_terms(entry: Entry) -> dict[str, float]:
    """Each term of an entry with the weight of the strongest field it appears in."""
    weights = dict.fromkeys(_tags(entry), FIELD_WEIGHTS["tags"])
    own = concept(entry.sector) if entry.sector else None
    for field, texts in _text_fields(entry).items():
        for text in texts:
            for term in analyse(text):
                weight = FIELD_WEIGHTS[field]
                if term.text in SECTOR_CONCEPTS and term.text != own:
                    # Naming another sector is a mention: the sector's own entries come first.
                    # A course names one as whom it is for ("retail" staff), less still.
                    weight = min(
                        weight,
                        MENTIONED_SECTOR_WEIGHT
                        * (COURSE_AUDIENCE if entry.kind == "training" else 1),
                    )
                if weights.get(term.text, 0.0) < weight:
                    weights[term.text] = weight
    return weights


def identity(entry: Entry) -> frozenset[str]:
    """The members of a family an entry is about: the sector or TLP label its title names."""
    named = {term.text for term in analyse(entry.title)}
    if entry.kind == "sector" and entry.sector:
        named.add(concept(entry.sector))
    return frozenset(t for t in named if any(t in family for family in FAMILIES))


def _names(entries: Sequence[Entry], ubiquitous: frozenset[str]) -> tuple[frozenset[str], ...]:
    """Per entry, the proper names its title gives it: an acronym or a code, written so in the
    title ("CIPAC", "NSM-22", "TLP:CLEAR", "IS-907"), that few titles share."""
    titles = [
        {term.text for written in _PROPER_NAME.findall(entry.title) for term in analyse(written)}
        for entry in entries
    ]
    shared: dict[str, int] = defaultdict(int)
    for terms in titles:
        for term in terms:
            shared[term] += 1
    return tuple(
        frozenset(
            term
            for term in terms
            if not term.startswith("@")
            and term not in ubiquitous
            and shared[term] <= NAME_MAX_TITLES
            and len(term) >= NAME_MIN_LENGTH
        )
        for terms in titles
    )


def phrasings(entry: Entry) -> list[str]:
    """The entry's title and sample questions as analysed strings, their words sorted, for
    fuzzy comparison (``matcher._Scores``)."""
    return [
        sorted_words(" ".join(t.text for t in analyse(text)))
        for text in (entry.title, *entry.questions)
    ]


def _ubiquitous(postings: dict[str, list[tuple[int, float]]], count: int) -> frozenset[str]:
    """Plain words that a large share of entries hold in their own strong fields."""
    least = max(UBIQUITOUS_SHARE * count, UBIQUITOUS_MIN)
    return frozenset(
        term
        for term, hits in postings.items()
        if not term.startswith("@") and sum(weight >= STRONG_FIELD for _, weight in hits) >= least
    )


def _holders(postings: dict[str, list[tuple[int, float]]]) -> dict[str, frozenset[int]]:
    holders = {
        term: frozenset(position for position, weight in hits if weight >= STRONG_FIELD)
        for term, hits in postings.items()
    }
    return {term: positions for term, positions in holders.items() if positions}


@dataclass(frozen=True)
class KnowledgeIndex:
    entries: Sequence[Entry]
    postings: dict[str, list[tuple[int, float]]]
    rarity: dict[str, float]
    unknown_rarity: float
    phrasings: Sequence[Sequence[str]]
    corrector: SpellingCorrector
    positions: dict[str, int]
    sector_titles: dict[str, str]
    sector_entries: dict[str, str]  # per sector slug, the id of the sector's entry
    ubiquitous: frozenset[str]
    # Per term, the entries that hold it in a strong field: their own word, not a mention.
    holders: dict[str, frozenset[int]]
    identities: Sequence[frozenset[str]]
    kind_topics: Sequence[frozenset[str]]
    # Per entry, the terms of its title.
    title_terms: Sequence[frozenset[str]]
    # Per entry, the proper names in its title ("CIPAC"): a question using one is about it.
    names: Sequence[frozenset[str]]
    # Per proper name, the entries whose title has it.
    titled: dict[str, frozenset[int]]

    @classmethod
    def build(cls, entries: Sequence[Entry]) -> KnowledgeIndex:
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, entry in enumerate(entries):
            for term, weight in entry_terms(entry).items():
                postings[term].append((position, weight))
        count = max(len(entries), 1)
        ubiquitous = _ubiquitous(postings, count)
        names = _names(entries, ubiquitous)
        holders = _holders(postings)
        titled: dict[str, set[int]] = defaultdict(set)
        for position, entry_names in enumerate(names):
            for name in entry_names:
                titled[name].add(position)
        rarity = {term: math.log(1 + count / len(hits)) for term, hits in postings.items()}
        return cls(
            entries=tuple(entries),
            postings=dict(postings),
            rarity=rarity,
            # A word the knowledge base never uses weighs like its rarest word: it is evidence
            # that the question is about something else.
            unknown_rarity=math.log(1 + count),
            phrasings=tuple(phrasings(e) for e in entries),
            corrector=SpellingCorrector(postings),
            positions={e.id: i for i, e in enumerate(entries)},
            sector_titles={e.sector: e.title for e in entries if e.kind == "sector" and e.sector},
            sector_entries={e.sector: e.id for e in entries if e.kind == "sector" and e.sector},
            ubiquitous=ubiquitous,
            holders=holders,
            identities=tuple(identity(e) for e in entries),
            kind_topics=tuple(
                frozenset(concept(t) for t in KIND_TOPICS.get(e.kind, ())) for e in entries
            ),
            title_terms=tuple(frozenset(t.text for t in analyse(e.title)) for e in entries),
            names=names,
            titled={name: frozenset(positions) for name, positions in titled.items()},
        )

    def sectors_in(self, text: str) -> list[str]:
        """The sector slugs a text names, however loosely ("water", "Dams", "hosptials")."""
        return self.read_sectors(text)[0]

    def read_sectors(self, text: str) -> tuple[list[str], list[str]]:
        """The sector slugs a text names, and the words in it that name no sector."""
        slugs: list[str] = []
        leftovers: list[str] = []
        for term in self.corrector.analyse(plain(text)):
            if term.text in SECTOR_CONCEPTS:
                slugs.append(term.text[1:])
            elif not term.filler:
                leftovers.append(term.text)
        return list(dict.fromkeys(slugs)), leftovers

    def by_id(self, entry_id: str) -> Entry | None:
        position = self.positions.get(entry_id)
        return None if position is None else self.entries[position]

    def says(self, entry_id: str, term: str) -> bool:
        """Whether an entry has a term anywhere in its words (its answer included)."""
        position = self.positions.get(entry_id)
        return any(held == position for held, _ in self.postings.get(term, ()))


def load_index(folder: Path | None = None, extra: Iterable[Entry] = ()) -> KnowledgeIndex:
    """Load the knowledge folder (the bundled one by default) and index it."""
    entries = load_entries(folder or BUNDLED_DIR)
    return KnowledgeIndex.build([*entries, *extra])
