"""What an answer names: a follow-up about another entry the last answer mentions by name.

"And the other one it mentions?" after AWR-940 is PER-346, which its answer names; "who offers
those?" is the one office its answer names (OBP); "what other courses do they have?" after the
entry that lists an office's courses is that entry again; "what were the other five" after one
of the six sectors the office led is the entry that lists the six. Courses asked for in the
plural are answered by such a list rather than by one of its courses, and so is a subject
several of its courses teach, none well enough alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.facts import NUMBER_WORDS
from knowledge.matcher import Candidate, MatchResult
from knowledge.references import PLACES
from knowledge.schema import Entry
from knowledge.shape import POINTING_AT_SEVERAL, TOPIC_OF_KIND, Reader, Shape
from knowledge.text import COURSE_CODE, stem, words

# Words that say where another was seen, not what it is: "the other one it mentions".
MENTIONING = frozenset({"mention", "mentioned", "cite", "cited", "reference", "referenced"})
# Words ending in "s" that are no plural, after "other": "the other is ...".
_NOT_PLURAL = frozenset({"is", "was", "has", "does", "its", "this", "thus"})

# "who offers those", "who runs it": the office behind what was answered.
_WHOSE = re.compile(
    r"^(?:(?:and|so|ok|okay)\s+)?who\s+(?:offers|provides|runs|teaches|gives|puts on|hosts)\s+"
    r"(?:(?:it|that|this|those|these|them)(?:\s+(?:courses?|class(?:es)?|trainings?|ones?))?|"
    r"the\s+(?:courses?|class(?:es)?))$"
)

# Courses asked for in the plural: "what bombing prevention courses does OBP have".
_COURSES = frozenset({"courses", "classes", "trainings", "offerings"})
_COURSE = frozenset({"course", "class", "training", "offering"})

# An entry whose answer names this many courses lists them: a catalogue (OBP's lists its six).
CATALOGUE = 3
# A course this well matched explains a question alone, unless others match it as well.
FITS_ALONE = 0.5
# Courses this close to each other are matched as well as each other.
LEVEL = 0.02


def other_it_names(reader: Reader, text: str, shape: Shape, entry_id: str | None) -> str | None:
    """ "and the other one (it mentions)?" after an answer that names one other entry of its
    own kind (AWR-940's names PER-346): that entry."""
    last = reader.index.by_id(entry_id) if entry_id else None
    if last is None or not shape.another or shape.sectors or shape.names:
        return None
    if set(shape.topics) - {TOPIC_OF_KIND.get(last.kind)}:
        return None
    typed = reader.words(text)
    after = [typed[i + 1] for i, word in enumerate(typed[:-1]) if word in ("other", "another")]
    if after and after[0].endswith("s") and after[0] not in _NOT_PLURAL:
        return None  # "what other courses do they have" asks for a list
    same_kind = [entry for entry in reader.named_in(last) if entry.kind == last.kind]
    if len(same_kind) != 1:
        return None
    # Told by where it was seen, or by its title ("the other surveillance one").
    titled = reader.index.title_terms[reader.index.positions[same_kind[0].id]]
    return same_kind[0].id if set(shape.content) - MENTIONING <= titled else None


def whose_it_is(reader: Reader, text: str, entry_id: str | None) -> str | None:
    """ "who offers those" after a course whose answer names the one office or program behind
    it (AWR-940's names OBP): that entry."""
    last = reader.index.by_id(entry_id) if entry_id else None
    if last is None or not _WHOSE.match(" ".join(reader.words(text))):
        return None
    behind = [e for e in reader.named_in(last) if e.kind not in (last.kind, "contact")]
    return behind[0].id if len(behind) == 1 else None


def its_courses(reader: Reader, text: str, shape: Shape, entry_id: str | None) -> str | None:
    """ "what other courses do they have" after the entry that lists an office's courses: that
    entry again."""
    last = reader.index.by_id(entry_id) if entry_id else None
    if last is None or not shape.points or shape.sectors or shape.names:
        return None
    return last.id if asks_for_courses(reader, text) and _lists_courses(reader, last) else None


# A course the last answer mentions, asked for: "it mentioned a FEMA course, which one?".
_MENTIONED_COURSE = re.compile(
    r"\b(?:it|that|you|the\s+answer)\s+(?:mentioned|mentions|named|cited|referenced)\s+"
    r"(?:an?\s+|some\s+)?(?:[\w-]+\s+)?(?:course|class|training)\b"
)
_CODED = re.compile(rf"\b{COURSE_CODE}", re.IGNORECASE)


def course_it_mentions(reader: Reader, text: str, entry_id: str | None) -> str | None:
    """ "it mentioned a FEMA course, which one?" after an answer naming one course by its code
    (the NIPP contact's names IS-860): that course."""
    last = reader.index.by_id(entry_id) if entry_id else None
    if last is None or not _MENTIONED_COURSE.search(" ".join(reader.words(text))):
        return None
    coded = [
        named.id
        for named in reader.named_in(last)
        if named.kind == "training" and _CODED.search(named.title)
    ]
    return coded[0] if len(coded) == 1 else None


# Picking among what was listed: "which one covers surveillance detection", "the two
# surveillance detection ones".
_WHICH_OF_THEM = re.compile(
    r"^(?:(?:and|so|ok|okay)\s+)?(?:which|what)\s+(?:one|ones|of\s+(?:them|those|these))\b|"
    r"\bthe\s+(?:two\s+|three\s+)?(?:[\w-]+\s+){1,2}ones\b"
)


# Several of a kind: "which of those", "the surveillance ones".
_SEVERAL = POINTING_AT_SEVERAL | {"ones"}


def one_it_lists(reader: Reader, text: str, entry_id: str | None) -> str | None:
    """ "which one covers surveillance detection" after the entry that lists an office's
    courses: of those courses, the one the question's words find first."""
    last = reader.index.by_id(entry_id) if entry_id else None
    if last is None or not _WHICH_OF_THEM.search(" ".join(reader.words(text))):
        return None
    listed = {named.id for named in reader.named_in(last) if named.kind == "training"}
    if len(listed) >= CATALOGUE:
        among = [c for c in reader.ranked(text) if c.entry.id in listed]
    elif last.kind == "training" and not _SEVERAL.isdisjoint(reader.words(text)):
        # "which of those is about surveillance" after one course, for courses asked about:
        # of the courses, the one whose title holds what the question names.
        asked = {term.text for term in reader.terms(text) if not term.filler}
        among = [
            c
            for c in reader.ranked(text)
            if c.entry.kind == "training"
            and asked & reader.index.title_terms[reader.index.positions[c.entry.id]]
        ]
    else:
        return None
    return among[0].entry.id if among and among[0].score >= reader.suggest else None


# "the plans", "those councils": things the conversation has already spoken of.
_THE_ONES = re.compile(r"\b(?:the|those|these|that)\s+(?:[\w-]+\s+)?[\w-]+\b")


def one_it_names(reader: Reader, text: str, shape: Shape, entry_id: str | None) -> str | None:
    """ "where are the plans?" after what an SRMA does, whose answer names the sector-specific
    plans: the one entry the last answer names whose title holds every word the question asks
    of, pointed at with "the" or "those"."""
    last = reader.index.by_id(entry_id) if entry_id else None
    if last is None or shape.sectors or shape.names or shape.topics or shape.another:
        return None
    # The words as typed: "the plans" are the Sector-Specific Plans, not the NIPP's one plan.
    asked = {word for word in reader.words(text) if stem(word) in shape.content}
    if not asked or asked <= _title_words(last) or not _THE_ONES.search(text):
        return None  # asked of the last answer itself
    # A contact only when asked for one (a topic), which this is not.
    found = [
        named
        for named in reader.named_in(last)
        if named.kind != "contact" and asked <= _title_words(named)
    ]
    return found[0].id if len(found) == 1 else None


def _title_words(entry: Entry) -> set[str]:
    return set(words(entry.title))


# A place in the last answer's list: "the second one you mentioned", "the last one on that
# list", "and the 2nd one".
_PLACE_LISTED = re.compile(
    rf"\bthe\s+({'|'.join(PLACES)}|last)"
    r"(?:\s+(?:one|item|course|sector|label|thing|entry))?"
    r"(?P<said>\s+(?:(?:that\s+)?you\s+(?:just\s+)?(?:mentioned|listed|named|gave|said)|"
    r"(?:on|in|from)\s+(?:that|the|your)\s+list))?\b",
    re.IGNORECASE,
)
_GOING_BACK = re.compile(r"\bback\s+to\b", re.IGNORECASE)


@dataclass(frozen=True)
class Listed:
    """An entry the last answer listed, told by its place, and the message with "it" for it."""

    entry: Entry
    rest: str
    said: bool  # "you mentioned", "on that list": the list, not an earlier answer


def one_by_place(reader: Reader, text: str, entry_id: str | None) -> Listed | None:
    """ "the second one you mentioned, what does it cover?" after an answer that lists entries
    line by line (OBP's courses, the six sectors, the TLP labels): the one at that place. Not
    when the message goes back to an earlier answer ("back to the first thing, ...")."""
    last = reader.index.by_id(entry_id) if entry_id else None
    found = _PLACE_LISTED.search(text) if last is not None else None
    if found is None or _GOING_BACK.search(text):
        return None
    listed = reader.listed_in(last)
    said = found.group(1).lower()
    place = -1 if said == "last" else PLACES[said]
    if len(listed) < 2 or place >= len(listed):
        return None
    rest = f"{text[: found.start()]} it {text[found.end() :]}".strip()
    return Listed(listed[place], rest, found["said"] is not None)


def asks_for_courses(reader: Reader, text: str) -> bool:
    said = reader.words(text)
    # "every OBP course" asks for them all as "all the courses" does.
    return not _COURSES.isdisjoint(said) or ("every" in said and not _COURSE.isdisjoint(said))


def catalogue(reader: Reader, result: MatchResult, plural: bool) -> MatchResult:
    """The entry listing courses, for courses asked for in the plural (``plural``: "what
    bombing prevention courses are there") or a subject several courses teach, none of them
    well enough alone or better than the others ("bombing prevention training for our stadium
    staff"): the list close behind, or else the one listing the closest courses, with them as
    the closest topics."""
    best = result.best
    if best is None or best.entry.kind != "training":
        return result
    top = [best, *result.alternatives][:CATALOGUE]
    if plural:
        for candidate in result.alternatives:
            if candidate.entry.kind != "training" and _lists_courses(reader, candidate.entry):
                return reader.prefer(result, candidate.entry.id)
    elif best.score >= FITS_ALONE and (len(top) < CATALOGUE or best.score - top[-1].score > LEVEL):
        return result
    if len(top) < CATALOGUE or any(c.entry.kind != "training" for c in top):
        return result
    asked = {term.text for term in reader.terms(result.question)}
    titled = reader.index.titled
    for entry in reader.index.entries:
        if entry.kind == "resource" and _lists_courses(reader, entry):
            listed = {named.id for named in reader.named_in(entry)}
            # One that names the catalogue's office ("which OBP course ...") asks for a course.
            position = reader.index.positions[entry.id]
            named = any(position in titled.get(term, ()) for term in asked)
            if not named and all(c.entry.id in listed for c in top):
                return MatchResult(result.question, Candidate(entry, best.score), tuple(top))
    return result


def _lists_courses(reader: Reader, entry: Entry) -> bool:
    courses = [named for named in reader.named_in(entry) if named.kind == "training"]
    return len(courses) >= CATALOGUE


# "what were the other five": the rest of a list of one more than that.
_THE_OTHER = re.compile(r"\bthe\s+other\s+(\w+)\b")


def the_others(reader: Reader, text: str, entry_id: str | None) -> str | None:
    """ "what were the other five" after one of the six sectors the office led, or after that
    list itself: the entry listing the last answer among one more than that many."""
    last = reader.index.by_id(entry_id) if entry_id else None
    found = _THE_OTHER.search(" ".join(reader.words(text))) if last is not None else None
    if last is None or found is None:
        return None
    number = NUMBER_WORDS.get(found.group(1), found.group(1))
    if not number.isdigit():
        return None
    size = int(number) + 1
    if len(reader.listed_in(last)) == size:
        return last.id
    lists = (e for e in reader.index.entries if len(reader.listed_in(e)) == size)
    return next((e.id for e in lists if last in reader.listed_in(e)), None)
