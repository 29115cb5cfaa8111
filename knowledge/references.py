"""References to the answers a conversation has given: "go back to the first one", "are both
still current?", "which of those two ...", "and the other one?".

The conversation keeps the last few entries it answered with (``Context.recent``). A reference
by place says which of them a message is about; the message is then read as if that entry had
been answered last. Nothing here matches text: ``find`` only says what a message points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lexicon import JOINT

# The entries a conversation remembers answering, the last one included.
KEPT = 3

# What a reference may call an answer: "the first one", "the second course", "both emails".
_NOUN = (
    r"(?:\s+(?:ones?|sectors?|courses?|class(?:es)?|entry|entries|answers?|address(?:es)?|"
    r"emails?|contacts?|programs?|agenc(?:y|ies)|teams?|offices?|resources?|trainings?))?"
)
# All the others of a kind: "how is IT organized differently from the other sectors".
_OTHERS = r"sectors|courses|classes|agencies|councils|programs|offices|teams|resources|trainings"
_BACK = r"(?:(?:go(?:ing)?\s+)?back\s+to\s+|(?:about|for|on)\s+)?"
_PLACE = re.compile(
    rf"\b{_BACK}the\s+(first|1st|second|2nd|third|3rd|former|latter|earlier|previous|"
    # Not the rest of a list ("the other five"), nor all the others ("the other sectors").
    rf"other(?!\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|{_OTHERS})\b))"
    rf"{_NOUN}\b",
    re.IGNORECASE,
)
_BOTH = re.compile(
    r"\b(?:both(?:\s+of\s+(?:them|those|these|em))?|(?:those|these|the)\s+two(?:\s+of\s+them)?|"
    rf"each\s+of\s+(?:them|those|these)|the\s+two\s+of\s+them){_NOUN}\b",
    re.IGNORECASE,
)
# "They" of two answers at once, when asked what joins them.
_THEY = re.compile(r"\b(?:they|them)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_WHICH = re.compile(
    r"\bwhich(?:\s+one)?\s+of\s+(?:those|these|them|the\s+two|em)(?:\s+two)?" + _NOUN + r"\b",
    re.IGNORECASE,
)
# A place said in words, counted from 0: "first" is the oldest answer kept, or the first line
# of a list (``mentions.one_by_place``).
PLACES = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5}
PLACES |= {"1st": 0, "2nd": 1, "3rd": 2, "4th": 3, "5th": 4, "6th": 5}
_BEFORE_LAST = frozenset({"former", "earlier", "previous"})


@dataclass(frozen=True)
class Reference:
    """What a message points at: the entries it is about, and the words around the reference."""

    before: str
    after: str
    entries: tuple[str, ...]
    # "which of those two": a choice between them, asked of neither one in particular.
    choice: bool = False

    def said_as(self, words: str) -> str:
        """The message with the reference said otherwise: "it", or the entries' names."""
        return f"{self.before} {words} {self.after}".strip()


def find(text: str, recent: tuple[str, ...]) -> Reference | None:
    """The earlier answers a message points at, when the conversation has given two or more
    (with one answer, "the first one" is about something else)."""
    if len(set(recent)) < 2:
        return None
    found = _WHICH.search(text)
    if found:
        return _around(text, found, recent[-2:], choice=True)
    found = _BOTH.search(text)
    if found:
        return _around(text, found, recent[-2:])
    found = _THEY.search(text)
    if found and not JOINT.isdisjoint(_WORD.findall(text.lower())):
        # "where do they actually work together?" after the SCC and then the GCC: both.
        return _around(text, found, recent[-2:])
    found = _PLACE.search(text)
    if found is None:
        return None
    place = found.group(1).lower()
    if place == "other":
        # "the other one": the answer before the last that is not the last.
        entry = [entry for entry in recent[:-1] if entry != recent[-1]][-1]
    elif place in _BEFORE_LAST:
        entry = recent[-2]
    elif place == "latter":
        entry = recent[-1]
    elif PLACES[place] < len(recent):
        entry = recent[PLACES[place]]
    else:
        return None
    return _around(text, found, (entry,))


def _around(
    text: str, found: re.Match[str], entries: tuple[str, ...], choice: bool = False
) -> Reference:
    return Reference(text[: found.start()], text[found.end() :], entries, choice)
