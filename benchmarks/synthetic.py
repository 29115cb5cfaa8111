"""A large, realistic-looking knowledge base for the matcher's scaling benchmark.

Synthetic entries are mutations of the shipped ones: same kind, sector and links, but titles,
keywords, sample questions and answers get words swapped for and padded with words drawn from
an English vocabulary (pyspellchecker's word list, an app dependency), with Zipf-like odds so a
few words are common and most are rare, as in real text. Everything is driven by one seeded
``random.Random``: the same seed gives the same entries.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import lru_cache

from spellchecker import SpellChecker

from knowledge.schema import Entry

DEFAULT_SIZE = 10_000
DEFAULT_SEED = 20_261_124
VOCABULARY_SIZE = 40_000  # distinct English words to draw from
SKIP_MOST_COMMON = 150  # "that", "what", "your"...: mostly stopwords, so they add nothing
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=1)
def english_vocabulary() -> tuple[str, ...]:
    """Plain English words of 4-12 letters, most frequent first."""
    frequencies = SpellChecker(language="en", distance=1).word_frequency.dictionary
    usable = [
        (word, count)
        for word, count in frequencies.items()
        if word.isascii() and word.isalpha() and 4 <= len(word) <= 12
    ]
    usable.sort(key=lambda item: (-item[1], item[0]))
    return tuple(word for word, _ in usable[SKIP_MOST_COMMON : SKIP_MOST_COMMON + VOCABULARY_SIZE])


class WordSource:
    """Draws vocabulary words with Zipf-like odds (the n-th word is drawn about 1/n as often)."""

    def __init__(self, rng: random.Random, vocabulary: Sequence[str]) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self._cumulative = _cumulative_zipf(len(vocabulary))

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self._cumulative, k=count)

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.words(self.rng.randint(low, high)))


def _cumulative_zipf(size: int, offset: int = 10) -> list[float]:
    total = 0.0
    cumulative = []
    for rank in range(size):
        total += 1.0 / (rank + offset)
        cumulative.append(total)
    return cumulative


def mutate_text(text: str, source: WordSource, share: float) -> str:
    """Replace about ``share`` of the words of a text by vocabulary words, keeping the rest."""
    rng = source.rng

    def swap(match: re.Match[str]) -> str:
        if rng.random() >= share:
            return match.group(0)
        word = source.words(1)[0]
        return word.capitalize() if match.group(0)[0].isupper() else word

    return _WORD.sub(swap, text)


def _title(base: Entry, source: WordSource) -> str:
    words = source.words(source.rng.randint(1, 3))
    return f"{mutate_text(base.title, source, 0.3)} ({' '.join(words).title()})"


def _keywords(base: Entry, source: WordSource) -> tuple[str, ...]:
    rng = source.rng
    kept = [k for k in base.keywords if rng.random() < 0.5]
    added = [source.phrase(1, 2) for _ in range(rng.randint(3, 8))]
    return tuple(dict.fromkeys([*kept, *added]))


def _questions(base: Entry, source: WordSource) -> tuple[str, ...]:
    rng = source.rng
    mutated = [mutate_text(q, source, 0.35) for q in base.questions if rng.random() < 0.7]
    added = [f"{source.phrase(3, 8)}?" for _ in range(rng.randint(0, 2))]
    return tuple(dict.fromkeys([*mutated, *added]))


def _answer(base: Entry, source: WordSource) -> str:
    first_line = base.answer.strip().splitlines()[0]
    sentences = [source.phrase(6, 16).capitalize() + "." for _ in range(source.rng.randint(1, 4))]
    return "\n".join([mutate_text(first_line, source, 0.25), *sentences])


def mutate_entry(base: Entry, new_id: str, source: WordSource) -> Entry:
    """A new validated entry derived from ``base``: same kind, sector and links, new wording."""
    data = base.model_dump()
    data.update(
        id=new_id,
        title=_title(base, source),
        keywords=_keywords(base, source),
        questions=_questions(base, source),
        answer=_answer(base, source),
    )
    return Entry.model_validate(data)


def synthetic_entries(
    shipped: Sequence[Entry], size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED
) -> list[Entry]:
    """The shipped entries followed by synthetic ones, ``size`` entries in all."""
    rng = random.Random(seed)
    source = WordSource(rng, english_vocabulary())
    entries = list(shipped)
    for number in range(size - len(entries)):
        base = rng.choice(shipped)
        entries.append(mutate_entry(base, f"syn{number:05d}-{base.id}", source))
    return entries
