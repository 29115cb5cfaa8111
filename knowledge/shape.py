"""How a piece of a message asks: what it names (sectors, topics, an entry, its own words), and
whether it points back at what was said before ("does it cost anything?"), opens like a
follow-up ("and for water?") or asks for another ("the other one").

``Reader`` is one message's reading: each text it analyses is analysed, shaped and matched once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge import talk
from knowledge.index import SECTOR_CONCEPTS
from knowledge.lexicon import JOB_TITLES, LISTING, REFERRING
from knowledge.matcher import THE_OFFICE, Candidate, Matcher, MatchResult
from knowledge.schema import Entry
from knowledge.text import Term, concept, stem

# What a question asks of a sector, as the lexicon's topic concepts name it.
TOPICS: tuple[str, ...] = ("lead", "covers", "contact", "training", "resource")
TOPIC_OF_TERM = {concept(topic): topic for topic in TOPICS}
# The topic an entry answers, by its kind (a sector entry: who leads it).
TOPIC_OF_KIND = {
    "sector": "lead",
    "contact": "contact",
    "training": "training",
    "resource": "resource",
}
# The topics that are answered with a list when asked of a sector and nothing else.
LISTED = {"training": "training", "resource": "resources", "contact": "contacts"}

# Words that ask for a list rather than for one entry ("show me the contacts for dams").
ASKING_FOR_A_LIST = frozenset({"list", "show", "all", "every", "browse", "contacts", "whatever"})

# Words that ask which ones or for a list ("which ones are co-led").
_ASKING_WHICH = frozenset({"which", "what", "list"})
# The list of sectors asked for: "how many critical infrastructure sectors are there", not by
# "which sectors did they lead" about what was answered last.
_HOW_MANY_SECTORS = re.compile(r"\bhow\s+many\s+(?:[\w-]+\s+){0,3}?sectors\b", re.IGNORECASE)
# Sectors whose lead is shared ("which ones are co-led", "two agencies sharing the lead"): the
# list, which gives each sector's lead.
_CO_LED = re.compile(
    r"\bco[\s-]?(?:led|lead|leads)\b|\bjointly\s+led\b|\bshar(?:e|es|ed|ing)\s+the\s+lead\b|"
    r"\b(?:two|2|multiple|several)\s+(?:lead\s+)?agencies\b",
    re.IGNORECASE,
)
# "a one-pager with all the critical infrastructure sectors on it. Can you list them?"
_ALL_SECTORS = re.compile(
    r"\ball\s+(?:of\s+)?(?:the\s+)?(?:16\s+|sixteen\s+)?(?:critical\s+infrastructure\s+|ci\s+)?"
    r"sectors\b|"
    # "list all 16 for me": the number is the sectors'.
    r"\ball\s+(?:of\s+)?(?:the\s+)?(?:16|sixteen)\b(?=\s*(?:$|[?.!,]|for\b|please\b|pls\b))",
    re.IGNORECASE,
)
# Fewer than POINTING: "their" in "the sectors and their leads" points at nothing answered.
_AT_AN_ANSWER = frozenset({"it", "its", "they", "those", "these"})

# Besides listing words, what "list the 16 critical infrastructure sectors" may say.
SECTOR_LIST_WORDS = LISTING | {
    "16",
    "ci",
    "sector",
    "sectors",
    "cisa",
    "lead",
    "@lead",
    "allsector",
    "each",  # "the sectors with who leads each"
    "total",
}

# Kinds of things asked for one after another: "resources, plans, tools".
_ENUMERATED = re.compile(r"\b[\w-]+,\s*[\w-]+,\s*(?:and\s+|or\s+)?[\w-]+\b")

# How far behind the best entry the entry answered last may be and still be the answer to a
# piece that points back at it.
# The asker's job, said of where they work: "security coordinator at a regional hospital",
# "facilities manager for the county", "plant manager here".
_ASKERS_JOB = re.compile(
    rf"\b(?:{'|'.join(JOB_TITLES)})s?(?=\s+(?:at|for|with)\s+(?:an?|the|our|my)\b|\s+here\b)",
    re.IGNORECASE,
)
_JOB_STEMS = frozenset(stem(title) for title in JOB_TITLES)
PREFERRED = 0.15
_WHICH_ONES = re.compile(
    r"\b(?:which|what)\s+(?:other\s+|all\s+)?(?!(?:is|was|does|has)\b)\w+s\b", re.IGNORECASE
)

# Words that ask for another than what was answered ("the other one for cyber incidents").
ANOTHER = frozenset({"other", "another", "instead"})

# "and the strict version?", "and the federal-only one?": the same kind, another of it.
_SIBLING = re.compile(r"^(?:and|or|what about|how about)\s+the\s+(?:\w+\s+){1,3}(?:one|version)$")

# "the workshop one, how long is it", "is there an online one?": one told by what it is; with
# "an", or after "and"/"what about", another than the last answer.
_SAID_ONE = re.compile(
    r"\b(the|an?)\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s+(?:one\b(?!\s+of\b)|"
    # "a live version of that course" too; not "the latest version (number)".
    r"(?<!latest\s)(?<!newest\s)(?<!current\s)version\b(?!\s+number)(?!\s+of\s+(?!that|it)))"
)
# "are there intro ones I should take first?": others, told by what they are.
_SAID_ONES = re.compile(r"\b(there|any)\s+(?:[\w-]+\s+)?([\w-]+)\s+ones\b(?!\s+of\b)")

# "is there something online staff can do?", "anything shorter?": another, told by what it is.
_SOMETHING = re.compile(
    r"^(?:(?:and|ok|so|but)\s+)?(?:is there|are there|got|do you have)?\s*(?:something|anything)"
    r"\s+(?!else\b|on\b|about\b|for\b|like\b|that\b|to\b|i\b|we\b)[a-z]"
)

_ASKS_ANOTHER = re.compile(r"^(?:(?:ok|so)\s+)?(?:and|or|what about|how about)\b")
# "not that one, the in-person one", "no, the EOC one": the last answer ruled out.
_RULES_OUT = re.compile(r"^(?:(?:wait|sorry|oops|hmm|ah)[\s,]+)*(?:no|nope|nah|not)\b")

# What "the ... one" says of an answer's place or of the answer itself, not what it is.
_NOT_WHAT_IT_IS = frozenset({"first", "second", "third", "last", "other", "same", "right", "next"})

# "and one on EOCs?" after a course: another of its kind, on something else.
_ONE_ON = re.compile(
    r"^(?:and|or|also|what about|how about|any|is there)\s+(?:an?\s+)?(?:one|course|class)\s+"
    r"(?:on|about|for|covering)\s+\w"
)

# "the same thing as", "SSA and SRMA, same thing?", "SSA vs SRMA, same thing?": a comparison
# of two things named.
_SAME_THING = re.compile(
    r"\bsame\s+(?:thing\s+)?as\b|\b(?:and|vs|versus|or)\s+[\w-]+\W+(?:the\s+)?same(?:\s+thing)?\W*$"
)
# "these days", "back in those days": when, not what is pointed at.
_DAYS = re.compile(r"\b(?:these|those)\s+days\b")
# Pointing at several things: "what are they?", "which of those ...".
POINTING_AT_SEVERAL = frozenset({"they", "them", "those", "these"})
# Pronouns that point back at what was answered ("does it cost anything?").
POINTING = frozenset(
    {"it", "its", "them", "they", "their", "theirs", "that", "those", "these", "one"}
)

# Words that say what a question asks or points at, not what it is about.
NOT_A_SUBJECT = LISTING | REFERRING | {"sector", "subsector", "allsector", "specific", "side"}
# Beside a kind of list: who is asked, whom the list is for, or that it is any of them
# ("in general", "all public contacts").
_ASKED_NOT_ABOUT = THE_OFFICE | {"people", "general", "public"}
# The agency asked what it has ("what programs does CISA offer"), not a thing of its asked for.
_AGENCY_ASKED = re.compile(r"\bcisa\s+(?:offer|offers|have|has|provide|provides|got)\b")

_FOLLOWS = re.compile(
    r"^(?:(?:ok|okay|so|and|also|but|then|great|thanks|cool|no|nope|sorry|wait|oops|actually|"
    r"wrong\s+(?:sector|one))[\s,]+)*"
    r"(?:and|also|what about|how about|what of|same(?: question)? for|same|for|plus|or|"
    r"i meant|i mean|meant)\b"
)


# The office's name written out.
_OFFICE_SPELLED = "outreach and programs"


class Reader:
    """One message's reading: the matcher, with each text it analyses analysed, shaped and
    matched once."""

    def __init__(self, matcher: Matcher) -> None:
        self.index = matcher.index
        self._matcher = matcher
        self._terms: dict[str, list[Term]] = {}
        self._words: dict[str, list[str]] = {}
        self._matches: dict[str, MatchResult] = {}
        self.shapes: dict[str, Shape] = {}
        self.pieces: dict[str, list[str]] = {}  # per text, its questions (sentences.pieces_of)

    def words(self, text: str) -> list[str]:
        """The words of a text as typed (``talk.words``), found once per reading."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = talk.words(text)
        return found

    def terms(self, text: str) -> list[Term]:
        # A sentence's terms are its terms with or without its full stop, and however its
        # words are spaced: a message is read both as typed and with its lines joined.
        key = " ".join(text.split()).rstrip(".!")
        found = self._terms.get(key)
        if found is None:
            # Every text a reader analyses comes out of markup.plain already.
            found = self._terms[key] = self._matcher.analyse(key, marked_up=False)
        return found

    def listed_in(self, entry: Entry) -> list[Entry]:
        """The entries an entry's answer lists line by line (``Matcher.listed_in``)."""
        return self._matcher.listed_in(entry)

    def named_in(self, entry: Entry) -> list[Entry]:
        """The other entries an entry's answer calls by a name in their title
        (``Matcher.named_in``)."""
        return self._matcher.named_in(entry)

    def match(self, text: str) -> MatchResult:
        found = self._matches.get(text)
        if found is None:
            terms = self.terms(text)
            if "?" in text and _ASKERS_JOB.search(text):
                # "security coordinator at a regional hospital, who leads our sector?": who
                # asks is not what is asked (said alone, it is no question to answer).
                terms = [term for term in terms if term.text not in _JOB_STEMS]
            found = self._matches[text] = self._matcher.match(text, terms)
        return found

    @property
    def suggest(self) -> float:
        """The score from which an entry is worth offering (``Thresholds.suggest``)."""
        return self._matcher.thresholds.suggest

    def ranked(self, question: str) -> list[Candidate]:
        """Every entry's candidacy for a question, best first (``Matcher.rank``)."""
        return self._matcher.rank(question, terms=self.terms(question))[0]

    def prefer(self, result: MatchResult, entry_id: str) -> MatchResult:
        """The result with the entry pointed back at as its answer, when that entry explains
        the question nearly as well as the best one and well enough on its own."""
        best = result.best
        if best is None or best.entry.id == entry_id:
            return result
        ranked = self.ranked(result.question)
        found = next((c for c in ranked if c.entry.id == entry_id), None)
        if (
            found is None
            or best.score - found.score > PREFERRED
            # "ok, which sectors did the office lead" after the office: the list's entry.
            or (
                _WHICH_ONES.search(result.question)
                and self.listed_in(best.entry)
                and not self.listed_in(found.entry)
            )
            or not self._matcher.confident(found)
        ):
            return result
        others = tuple(
            c for c in ranked if c is not found and c.score >= self._matcher.thresholds.suggest
        )[:3]
        return replace(result, best=found, alternatives=others, certain=False)

    def besides(self, result: MatchResult, entry_id: str) -> MatchResult:
        """The result without the entry asked besides: the best of the others, when it explains
        the question well enough on its own."""
        best = result.best
        if best is None or best.entry.id != entry_id:
            return result
        others = [c for c in self.ranked(result.question) if c.entry.id != entry_id]
        if not others or not self._matcher.confident(others[0]):
            return MatchResult(result.question, None, alternatives=tuple(others[:3]))
        return replace(result, best=others[0], alternatives=tuple(others[1:4]), certain=False)

    def again(self, question: str, entry_id: str) -> MatchResult:
        """The entry a question asks about by pointing at it, as its answer."""
        entry = self.index.by_id(entry_id)
        if entry is None:  # retired since it was answered
            return MatchResult(question, None)
        if self._matcher.cannot_answer(question, entry, self.terms(question)):
            # "who's on it right now", "how much does it cost": a fact the entry does not keep.
            return MatchResult(question, None)
        # Scored as the question asked with the entry's name, as a person would read it.
        ranked = self.ranked(f"{question} {entry.title}")
        score = next((c.score for c in ranked if c.entry.id == entry_id), 0.0)
        return MatchResult(question, Candidate(entry, score), certain=True)


@dataclass(frozen=True)
class Shape:
    """What a piece of a message names: sectors, topics, and the other words that say what it
    is about (its own subject); and whether it points back or opens like a follow-up."""

    sectors: tuple[str, ...]
    topics: tuple[str, ...]
    content: tuple[str, ...]
    refers: bool
    follows: bool
    size: int  # words typed
    lists: bool = False  # asks for a list in so many words ("show me", "all", "contacts")
    points: bool = False  # a pronoun that points back ("it", "them", "that")
    named: tuple[str, ...] = ()  # the sectors named by name ("dams"), not by a member ("levee")
    names: bool = False  # calls an entry by its proper name ("the NICC", "IS-906")
    # Asks for another than the last answer ("the other one", "instead", "and the strict one?").
    another: bool = False
    # Tells one by what it is: "which" ("the workshop one, how long is it?"), "another"
    # ("what about the online one?", "is there an online one?") or "not the last" ("no, the
    # EOC one").
    which_one: str | None = None


def shape_of(reader: Reader, text: str) -> Shape:
    found = reader.shapes.get(text)
    if found is None:
        found = reader.shapes[text] = _shape_found(reader, text)
    return found


def _shape_found(reader: Reader, text: str) -> Shape:
    typed = reader.words(text)
    said = " ".join(typed)
    sectors: list[str] = []
    named: list[str] = []
    topics: list[str] = []
    content: list[str] = []
    terms = reader.terms(text)
    pointing = _DAYS.sub(" ", said).split() if "days" in typed else typed
    if "same" in typed and _SAME_THING.search(said):
        # "is SSA the same thing as SRMA?" compares the two it names, pointing at neither.
        pointing = [word for word in pointing if word != "same"]
    for term in terms:
        if term.text in SECTOR_CONCEPTS:
            sectors.append(term.text[1:])
            if not term.member:
                named.append(term.text[1:])
        elif term.text in TOPIC_OF_TERM:
            topics.append(TOPIC_OF_TERM[term.text])
        elif not term.filler and term.text not in NOT_A_SUBJECT:
            content.append(term.text)
    if set(topics) & set(LISTED):
        # "what training do you guys have for dams", "what programs does CISA offer in
        # general": the office asked, not asked about; "training for commercial facilities
        # people": whom it is for.
        asked = _ASKED_NOT_ABOUT | {"cisa"} if _AGENCY_ASKED.search(said) else _ASKED_NOT_ABOUT
        content = [term for term in content if term not in asked]
    return Shape(
        sectors=tuple(dict.fromkeys(sectors)),
        topics=tuple(dict.fromkeys(topics)),
        content=tuple(content),
        refers=not REFERRING.isdisjoint(pointing),
        follows=bool(_FOLLOWS.match(said)),
        size=len(typed),
        lists=not ASKING_FOR_A_LIST.isdisjoint(typed)
        or (text.count(",") > 1 and bool(_ENUMERATED.search(text))),
        points=not POINTING.isdisjoint(pointing),
        named=tuple(dict.fromkeys(named)),
        # The office is named when written so ("What was SOPD?", "the Sector Outreach and
        # Programs Division"), not as "your office".
        names=any(
            term.text in reader.index.titled
            and (term.text not in THE_OFFICE or term.text in typed or _OFFICE_SPELLED in said)
            for term in terms
        ),
        another=not ANOTHER.isdisjoint(typed)
        or any(pattern.match(said) for pattern in (_SIBLING, _ONE_ON)),
        which_one=_which_one(said),
    )


def _one_told(said: str) -> re.Match[str] | None:
    """ "the ... one" telling an answer by what it is ("the online one"), not by its place."""
    found = (
        (_SAID_ONE.search(said) or _SAID_ONES.search(said))
        if "one" in said or "version" in said
        else None
    )
    return None if found is None or found.group(2) in _NOT_WHAT_IT_IS else found


def described(said: str) -> str | None:
    """The word "the ... one" tells an answer by ("the government one": "government")."""
    found = _one_told(said)
    return found.group(2) if found else None


def _which_one(typed: str) -> str | None:
    """ "another" or "which" when a piece tells one by what it is ("the online one"); "another"
    for "is there something online"."""
    if _SOMETHING.match(typed):
        return "another"
    found = _one_told(typed)
    if found is None:
        return None
    if _RULES_OUT.match(typed):
        return "not the last"
    return "another" if found.group(1) != "the" or _ASKS_ANOTHER.match(typed) else "which"


def asks_for_sector_list(reader: Reader, text: str, shape: Shape) -> bool:
    """ "list the sectors", "what sectors are there": every sector, not one."""
    typed = set(reader.words(text))
    listed = set(shape.topics) & set(LISTED)
    if (
        "list" in typed
        and _ALL_SECTORS.search(text)
        and not (shape.sectors or shape.names or listed)
    ):
        # Every sector asked for as a list, whatever else is said of the list ("a one-pager
        # with all the critical infrastructure sectors on it. Can you list them for me?"); not
        # every contact or course "across all sectors", the list of those.
        return True
    if typed & _AT_AN_ANSWER:
        return False  # "which sectors did they lead" asks about what was answered last
    if (
        not (shape.sectors or shape.names or shape.another)
        and _CO_LED.search(text)
        and typed & _ASKING_WHICH
    ):
        # "which ones have two agencies sharing the lead?"; not "what about the other co-lead",
        # asked of one sector.
        return True
    if shape.sectors or set(shape.topics) - {"lead"} or "sectors" not in typed:
        return False
    if _HOW_MANY_SECTORS.search(text) and not shape.names:
        # "how many critical infrastructure sectors are there officially right now?"
        return True
    return all(word in SECTOR_LIST_WORDS for word in shape.content)


def only_lists(shape: Shape) -> bool:
    """ "show me whatever you've got", "just give me the list": after a question, the question
    asked as a list."""
    return shape.lists and not (shape.content or shape.sectors or shape.names or shape.topics)


def is_question(reader: Reader, sentence: str) -> bool:
    """Whether a sentence is a question: a question mark, or a question word to open it."""
    return sentence.rstrip().endswith("?") or bool(
        talk.QUESTION.match(" ".join(reader.words(sentence)))
    )
