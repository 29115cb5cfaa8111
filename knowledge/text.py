"""Turning text into the terms the matcher compares: one pipeline for entries and questions.

normalise (any symbol beyond ASCII parts words: "NPPD→CISA") -> tokenise (shorthands written
out: "govt", "mfg"; adverbs that only stress, "actually", dropped) -> light stemming -> (questions
only) compound splitting and typo correction -> phrase folding (synonyms and abbreviations onto
concepts, other programs' names onto one term each, ways of asking that say nothing dropped; a
sector named just before what another sector is made of, or owning it, only says whose: "our
university has a research reactor"; a plan next to a sector's name is its sector-specific plan)
-> stopwords out, filler marked, the words saying whom something is for marked ("for our front
desk staff").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from knowledge import lexicon

# Codes of courses (FEMA's IS, OBP's AWR, PER and MGT) and of policies ("PPD-21", "NSM-22"),
# with a course's version letter, however typed ("IS-860.c", "IS860c"), which says no more.
_COURSE_PREFIXES = "is|awr|per|mgt"
CODE_PREFIXES = f"{_COURSE_PREFIXES}|ppd|nsm"
_VERSION = r"(?:\.[a-z]|[a-d])?"
COURSE_CODE = rf"(?:{_COURSE_PREFIXES})[\s-]?\d{{2,4}}{_VERSION}"
_COURSE_CODE = re.compile(rf"\b({CODE_PREFIXES})[\s-]?(\d{{2,4}}){_VERSION}\b")
_RUN = re.compile(r"[a-z0-9]+")
# Each byte that is no ASCII letter or digit, as a space.
_PARTING = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256))


def runs(text: str) -> list[str]:
    """The runs of ASCII letters and digits in a lowercased text: its words."""
    if text.isascii():
        # One translation of the bytes and a split: several times as fast as the pattern.
        return text.encode("ascii").translate(_PARTING).decode("ascii").split()
    return _RUN.findall(text)


_DIGIT = re.compile(r"\d")
# How big something is ("~300 mi", "3,000 seat", "2k employees", "450 beds"): the size says
# nothing of what is asked, and no entry holds it; the counted thing stays ("3 dams").
_SIZE = re.compile(
    r"~\s*\d[\d,.]*k?\b|\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?k\b|"
    r"\b\d+\s+(?=(?:mi|miles?|employees|beds|seats?|rooms|acres|customers|connections|users|"
    r"bldgs|buildings|locations)\b)"
)
_EMAIL = re.compile(r"[a-z0-9._%+&-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_MAX_PHRASE = 7
_SECTOR_ASKED = re.compile(r"(?<=[,.:;-])\s*(?:ci\s+)?sector\s*\?")
# "which of the 16 sectors are we?": which one is ours, not the list.
_WHICH_OF_THE_SECTORS = re.compile(
    r"\bwhich\s+of\s+the\s+(?:16\s+|sixteen\s+)?(?:ci\s+|critical\s+infrastructure\s+)?"
    r"sectors\s+(?=(?:are|would|do|does|is|will)\s+(?:we|us|it|that|this|they)\b)"
)
# "are we even critical infrastructure?", "is that CI at all": whether, and so which sector.
_ARE_WE_CI = re.compile(
    r"\b(?:are|is)\s+(?:we|that|this|it|they)\s+(?:even\s+|really\s+|actually\s+)?"
    r"(?:considered\s+)?(?:part\s+of\s+)?(?:the\s+)?(?:critical\s+infrastructure|ci)\b"
    r"(?:\s+at\s+all)?|"
    # ... or whether one is there for us: "is there a critical infrastructure sector for us?"
    r"\bis\s+there\s+an?\s+(?:critical\s+infrastructure\s+|ci\s+)?sector\s+for\s+(?:us|our\s+\w+)\b"
)
_BARE_AT = re.compile(r"(?<!\S)@(?=\s)")
_DAYS_SHORT = re.compile(r"\b(\d+)d\b")
_FISCAL_YEAR = re.compile(r"\bfy\s?'?(\d{2}(?:\d{2})?)\b")
# "where does the 911 center fall?", "where do stadiums land": which sector it is in.
_WHERE_IT_FALLS = re.compile(
    r"\bwhere\s+(?:does|do|did|would|will|should|might)\s+(?P<what>[a-z0-9' -]{2,50}?)\s+"
    r"(?:fall|land|fit|belong)\s*(?=[?.!]|$)"
)
_WOULD = re.compile(r"\b(i|we|you|they|he|she|it|that|who)'d\b")
# "Which sector" in the singular asks where something belongs; stemming would lose the number.
# Not when "sector" begins a longer name ("which sector-specific plan").
_NAMES_AFTER_SECTOR = sorted(
    {
        parts[1]
        for table in (lexicon.SECTOR_ALIASES, lexicon.TOPIC_ALIASES, lexicon.ABBREVIATIONS)
        for aliases in table.values()
        for parts in (re.split(r"[\s-]+", alias) for alias in aliases)
        if len(parts) > 1 and parts[0] == "sector"
    }
)
_WHICH_SECTOR = re.compile(
    r"\b(?:which|what)(?:\s+ci|\s+critical\s+infrastructure)?\s+sector(?:'s)?\b"
    rf"(?![\s-]+(?:{'|'.join(_NAMES_AFTER_SECTOR)}))"
)


# Who holds an office now ("the current SOPD director", "the new chair"): one term.
_INCUMBENT = re.compile(
    # Not who asks: "I'm the new security director" (looked behind only at a word's start).
    r"\b(?<!\bim the )(?<!\bi am the )(?<!\bas the )"
    r"(?:current|new|present|todays)\s+(?:[a-z0-9-]+\s+){0,2}?"
    r"(?:director|head|chair|chairs|chairperson|administrator|secretary|leader|leadership|"
    r"members|designated\s+federal\s+officer|dfo)\b|"
    r"\b(?:who|which\s+[a-z]+)(?:\s+(?:chairs|heads|directs)|s\s+on|"
    # "who runs the division today": its head, not the sector's lead agency.
    r"\s+(?:runs|leads)\s+(?:the|your|that|this)\s+(?:division|office|branch|council)|"
    r"\s+(?:is|are|sits|sit|serves|serve)\s+on|\s+are\s+the\s+members\s+of)\b"
    r"(?=.*\b(?:right now|currently|these days|today|this year|this yr)\b)|"
    # A person's name: "cisa director name?", "the name of the current chair", "who was the
    # first CISA director", "the name of the person who runs CESER".
    r"\b(?:director|head|chair|secretary|administrator)s?\s+name\b|"
    r"\bname\s+of\s+the\s+(?:[a-z0-9-]+\s+){0,2}?(?:director|head|chair|secretary)\b|"
    r"\bname\s+of\s+the\s+(?:person|guy|woman|man|lady|individual)\s+who\b|"
    # "who chairs it now", "who heads it rn": a person, whatever "now" is said with.
    r"\bwho\s+(?:chairs|heads|directs)\b(?=.*\b(?:now|rn)\b)|"
    # "who chairs that working group, name pls", "who's the engineer there? need a name",
    # "who's the program manager, by name?".
    r"\bwho\b(?=.*\b(?:need\s+(?:a|their|his|her)\s+name|names?\s+(?:pls|please|plz)|"
    r"(?:their|his|her)\s+name)\b)|\bwhos?\b(?=.*\bby\s+name\b)|"
    r"\bwho\s+was\s+the\s+first\s+(?:[a-z0-9-]+\s+){0,2}?(?:director|head|chair|secretary)\b|"
    # "who's the director now", "who is the SOPD director these days", "who's the director of
    # SOPD right now", "who's the director there now".
    r"\bwho(?:s|\s+is)\s+(?:the\s+)?(?:[a-z0-9-]+\s+){0,2}?"
    r"(?:director|head|chair|chairperson|administrator|secretary|leader)"
    r"(?:\s+of\s+(?:the\s+)?(?:[a-z0-9-]+\s+){0,2}?[a-z0-9-]+|\s+(?:over\s+)?there)?\s+"
    r"(?:now|right now|currently|these days|today|this year|this yr)\b"
)
_INCUMBENT_WORDS = ("current", "new", "present", "todays", "who", "which", "name")  # one in each
# And one of these: an office, or when ("who's on it right now").
_OFFICE_OR_NOW = (
    *("director", "head", "chair", "administrator", "secretary", "leader", "members", "officer"),
    "dfo",
    *("right now", "currently", "these days", "today", "this year", "this yr", "name"),
)


def _email_words(found: re.Match[str]) -> str:
    # The domain (hq.dhs.gov, cisa.dhs.gov) is shared by most addresses and says nothing.
    mailbox = found.group().split("@")[0]
    return f" {mailbox} {re.sub(r'[^a-z0-9]', '', found.group())} email "


# Typographic apostrophes (a right single quotation mark) are apostrophes.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u2032", "'"))


def _ascii(text: str) -> str:
    """Letters without their accents; any other character beyond ASCII (an arrow, a dash, a
    symbol) parts the words around it: "NPPD→CISA" is two names."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(
        c if c.isascii() else ("" if unicodedata.combining(c) else " ") for c in decomposed
    )


_IP_OWNS = re.compile(r"\bip's\b")


# The job one does something for: "for my mall security job", "at our old county job".
_FOR_MY_JOB = re.compile(r"\b(?:for|at|in)\s+(?:my|our)\s+(?:[a-z-]+\s+){1,3}?jobs?\b")

# How someone of ours joins: "how does our SOC join", "how can my team join".
_HOW_ONE_JOINS = re.compile(
    r"(?P<who>\bhow\s+(?:do|does|can|could|would|should)\s+(?:our|my)\s+(?:[a-z0-9-]+\s+){1,3}?)"
    r"join\b"
)


def normalise(text: str) -> str:
    """Lowercase ASCII with course codes joined ("IS-907" -> "is907") and an email address
    as its mailbox, itself and the word email ("nipp@dhs.gov" -> "nipp nippdhsgov email")."""
    text = _ascii(text).lower()
    # Each pattern is tried only on a text with the characters it needs: most have none.
    if "@" in text:
        text = _EMAIL.sub(_email_words, text)
    if "'d" in text:
        text = _WOULD.sub(r"\1 would", text)  # "I'd like" is no ID
    if "where" in text:
        text = _WHERE_IT_FALLS.sub(r"whichsector \g<what> in", text)
    if "sector" in text:
        # Before the apostrophes go: "which sector's that" is no "which sectors".
        text = _WHICH_SECTOR.sub(" whichsector ", text)
        if "which of" in text:
            text = _WHICH_OF_THE_SECTORS.sub(" whichsector ", text)
    if "ip's" in text:
        text = _IP_OWNS.sub("ip", text)  # the office's ("IP's six"), not IP addresses
    text = text.replace("&", " and ").replace("'", "").replace("/ci", " slashci ")
    # "9-1-1" is 911; a bare "@" before a name is a mention ("do I have to @ you").
    if "@" in text:
        text = _BARE_AT.sub(" mention ", text)
    text = text.replace("9-1-1", "911")
    if any(word in text for word in _INCUMBENT_WORDS) and any(
        word in text for word in _OFFICE_OR_NOW
    ):
        text = _INCUMBENT.sub(" incumbent ", text)
    if "critical infrastructure" in text or " ci" in text or "sector for" in text:
        text = _ARE_WE_CI.sub(" whichsector ", text)
    if "fy" in text:
        text = _FISCAL_YEAR.sub("fiscal", text)  # "in FY2025": a budget's year
    if "these days" in text:
        text = text.replace("these days", "now")  # the time asked of, not days counted
    if "job" in text:
        # "for my mall security job": why one asks, not what (nor a job asked about).
        text = _FOR_MY_JOB.sub(" ", text)
    if "join" in text:
        # "how does our SOC join AIS" asks how to sign up, as "how do we join" does.
        text = _HOW_ONE_JOINS.sub(r"\g<who> signup", text)
    if "sector" in text:
        # "steel mill. sector?" asks which sector as much as "which sector is a steel mill".
        text = _SECTOR_ASKED.sub(" whichsector ", text)
    if not _DIGIT.search(text):
        return text
    text = _DAYS_SHORT.sub(r"\1 days", text)  # "365d retention": days, as typed in a hurry
    return _SIZE.sub(" ", _COURSE_CODE.sub(r"\1\2", text))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Fold plurals so "hospitals" and "hospital" meet; deliberately no deeper than that."""
    if len(token) <= 3 or token.isdigit() or token in lexicon.NOT_PLURALS:
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "shes", "ches", "xes")):
        # "addresses", "switches", "boxes": the plural of a word ending in a hiss.
        return token[:-2]
    if token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("s"):
        return token[:-1]
    return token


def words(text: str) -> list[str]:
    """The words of a text as typed, normalised but not stemmed; shorthands written out."""
    forms = lexicon.WORD_FORMS
    return [forms.get(w, w) for w in runs(normalise(text))]


def tokens(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def sorted_words(text: str) -> str:
    """A text's words in alphabetical order: compared with ``fuzz.ratio``, two texts so sorted
    score what ``fuzz.token_sort_ratio`` scores them, without sorting them again each time."""
    return " ".join(sorted(text.split()))


def concept(name: str) -> str:
    """The token that stands for a sector slug or a topic in every analysed text."""
    return f"@{name}"


def _build_phrases() -> dict[tuple[str, ...], tuple[str, ...]]:
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(alias: str, meaning: tuple[str, ...]) -> None:
        key = tuple(tokens(alias))
        if key and key != meaning:
            phrases.setdefault(key, meaning)

    for slug, aliases in lexicon.SECTOR_ALIASES.items():
        for alias in aliases:
            add(alias, (concept(slug),))
    kept = {stem(word) for word in lexicon.TOPIC_WORDS_KEPT}
    for topic, aliases in lexicon.TOPIC_ALIASES.items():
        for alias in aliases:
            words_kept = tuple(t for t in tokens(alias) if t in kept)
            add(alias, (concept(topic), *words_kept[:1]))
    for short, longs in lexicon.ABBREVIATIONS.items():
        for long in longs:
            add(long, tuple(tokens(short)))
    for name, phrasings in lexicon.OTHER_NAMES.items():
        for phrasing in phrasings:
            add(phrasing, (name,))
    for phrase, meaning in lexicon.TWOFOLD.items():
        add(phrase, meaning)
    for phrase in lexicon.STOP_PHRASES:
        add(phrase, ())
    return phrases


PHRASES: Mapping[tuple[str, ...], tuple[str, ...]] = _build_phrases()


def _phrase_sizes() -> dict[str, tuple[int, ...]]:
    """Per first word, the lengths of the longer phrases it starts, longest first."""
    sizes: dict[str, set[int]] = {}
    for key in PHRASES:
        if 1 < len(key) <= _MAX_PHRASE:
            sizes.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()}


PHRASE_SIZES: Mapping[str, tuple[int, ...]] = _phrase_sizes()
# The first two words of every longer phrase: most words that start one ("the", "a") are not
# followed by its second word, and need no longer look.
PHRASE_PAIRS = frozenset(key[:2] for key in PHRASES if 1 < len(key) <= _MAX_PHRASE)
SECTOR_MEANINGS = frozenset((concept(slug),) for slug in lexicon.SECTOR_ALIASES)
SECTOR_CONCEPTS_TEXT = frozenset(concept(slug) for slug in lexicon.SECTOR_ALIASES)
SECTOR_NAME_PHRASES = frozenset(
    tuple(tokens(name)) for names in lexicon.SECTOR_NAMES.values() for name in names
)
FACILITY_WORDS = frozenset(stem(w) for w in lexicon.FACILITY_WORDS)
STOPWORDS = frozenset(stem(w) for w in lexicon.STOPWORDS)
# A word of a phrase that names something is no filler; the words of a way of asking that
# says nothing ("security director") or of another program's name stay what they were.
_NAMING_WORDS = {
    t
    for k, meaning in PHRASES.items()
    if meaning and not set(meaning) & set(lexicon.OTHER_NAMES)
    for t in k
}
FILLER = frozenset(stem(w) for w in lexicon.FILLER) - _NAMING_WORDS
LEXICON_WORDS = frozenset(t for key in PHRASES for t in key)
_SMALL_WORDS = sorted(w for w in lexicon.STOPWORDS | lexicon.FILLER if len(w) >= 4)


def _names_a_sector(key: tuple[str, ...]) -> bool:
    """Whether a phrase is a sector's name, or its name and a place ("chemical plant")."""
    if key in SECTOR_NAME_PHRASES:
        return True
    return len(key) > 1 and key[-1] in FACILITY_WORDS and key[:-1] in SECTOR_NAME_PHRASES


@lru_cache(maxsize=16384)
def split_compound(word: str) -> tuple[str, str] | None:
    """A word written as one that the lexicon knows as two ("meatpacking" is "meat packing")."""
    for cut in range(3, len(word) - 2):
        halves = (word[:cut], stem(word[cut:]))
        if halves in PHRASES:
            return halves
    return None


@dataclass(frozen=True, slots=True)
class Term:
    """One meaningful unit of an analysed text."""

    text: str
    # 1.0 when typed as is; lower when it was recovered from a typo.
    certainty: float = 1.0
    filler: bool = False
    # A sector read from what the sector is made of ("reactor"), not from its name ("nuclear").
    member: bool = False
    # How many times the text says it ("navigation locks: dams or transportation?" says dams
    # twice, once by what the sector is made of).
    mentions: int = 1
    # Said of whom something is for ("a course for our front desk staff"), not what it is.
    audience: bool = False
    # A sector read from one's line of work ("the emergency manager at a hospital"), not from
    # what one runs.
    role: bool = False


@lru_cache(maxsize=65536)
def _term(text: str, certainty: float, member: bool = False, role: bool = False) -> Term:
    """A term as most words make it: made once, as a frozen dataclass is slow to make and every
    word of every message makes one."""
    return Term(text, certainty, filler=text in FILLER, member=member, role=role)


def fold_phrases(
    words: list[str], certainty: list[float], apart: list[bool] | None = None
) -> list[Term]:
    """Replace known phrases by their concepts, longest first; keep other words as they are.
    ``apart``: per word, whether it cannot say whose thing the next word names: typed as a
    plural ("water container terminal", not "dams hospitals"), or set apart from it by a mark
    ("a hospital (emergency management coordinator)")."""
    apart = apart or [False] * len(words)
    out: list[Term] = []
    i = 0
    # Where the last sector named ended, and its term: before what another sector is made of,
    # it only says whose ("university research reactor", "deep water container terminal").
    modifier: tuple[int, Term] | None = None
    # Where the last thing a sector is made of ended, and its term: a member of another sector
    # just after it, at or in, only says where it is ("a research reactor at a state university").
    thing: tuple[int, Term] | None = None
    # Where the last word of carrying ("we haul", "hauling") or the cargo after it ended: what
    # another sector makes, just after, is the load ("we haul frozen food"), not what we are.
    carried: tuple[int, str] | None = None
    while i < len(words):
        word = words[i]
        longer = PHRASE_SIZES.get(word)
        if longer is not None and tuple(words[i : i + 2]) not in PHRASE_PAIRS:
            longer = None
        if longer is None and word != "program" and (word,) not in PHRASES:
            # Most words: a word that is no phrase and begins none.
            if word not in STOPWORDS:
                out.append(_term(word, certainty[i]))
            i += 1
            continue
        if word == "program" and i and words[i - 1] not in STOPWORDS:
            # "an Army vehicle program", "the PSA program": a program's name, not a resource
            # asked for ("any programs for dams?").
            out.append(Term("program", certainty[i]))
            i += 1
            continue
        # Only the lengths of the phrases that start with this word, longest first.
        sizes = [size for size in longer if i + size <= len(words)] if longer else ()
        for size in (*sizes, 1):
            key = tuple(words[i : i + size])
            meaning = PHRASES.get(key)
            if meaning is not None and _gives_way(words, i, size):
                if key[:-1] in PHRASES or meaning not in SECTOR_MEANINGS:
                    continue
                # "IT sector-specific plan": the sector is named without its "sector".
                size -= 1
            if meaning is not None:
                sure = min(certainty[i : i + size])
                member = meaning in SECTOR_MEANINGS and not _names_a_sector(key)
                if (
                    member
                    and thing
                    and thing[1].text != meaning[0]
                    and _says_where(words, thing[0], i)
                ):
                    i += size  # "at a state university": where the thing is, not what
                    break
                if (
                    member
                    and carried
                    and carried[1] != meaning[0]
                    and i - carried[0] <= _LOAD_WORDS
                ):
                    i += size  # "hauling hazmat (acids, caustic)": the load, not the hauler
                    carried = (i, carried[1])
                    break
                # Not one's line of work ("new in emergency management at a hospital", "the
                # new emergency manager at a county hospital").
                work = (i and words[i - 1] in _WORKING_IN) or not _JOBS.isdisjoint(
                    words[i : i + size + 1]
                )
                if (
                    member
                    and modifier
                    and modifier[1].text != meaning[0]
                    and _next_to(words, modifier[0], i)
                ):
                    if key[-1] in _SELLERS:
                        # "a fertilizer retailer": what is sold says which sector, not the shop.
                        i += size
                        break
                    if work:
                        # "hospital emergency manager": a job at the place, whose sector it is.
                        i += size
                        break
                    out.remove(modifier[1])
                out.extend(_term(m, sure, member, bool(member and work)) for m in meaning)
                thing = (i + size, out[-1]) if member and not work else None
                carrying = key[-1] in _CARRYING
                i += size
                carried = (i, meaning[0]) if carrying else None
                if meaning in SECTOR_MEANINGS:
                    while i < len(words) and words[i] in FACILITY_WORDS:
                        i += 1
                modifier = (
                    (_owned(words, i), out[-1])
                    if meaning in SECTOR_MEANINGS and not apart[i - 1] and not carrying
                    else None
                )
                break
        else:
            word = words[i]
            if word not in STOPWORDS:
                out.append(_term(word, certainty[i]))
            i += 1
    return _sector_plans(_audience(words, out, apart))


# "for our front desk staff", "send my front desk people to": who a thing is for, until the
# clause asks something else.
_FOR_WHOM = frozenset({"our", "my"})
_SENT = frozenset({"for", "send", "enroll", "train"})


def _audience(words: list[str], terms: list[Term], apart: list[bool]) -> list[Term]:
    """The terms said of whom a thing is for, marked as the audience: after "for our"/"for my"
    (a course on active shooters for front desk staff is the active shooter course, not the
    one for front desks), or between "our" and what they can do ("a course our ED nurses can
    do online"). The audience ends at a plural ("for our substation techs, hands on if
    possible")."""
    if not any(whose in words for whose in _FOR_WHOM):
        return terms
    said = _sent(words, apart) or _able(words)
    if not said:
        return terms
    return [
        replace(t, audience=True) if t.text in said and not t.text.startswith("@") else t
        for t in terms
    ]


def _sent(words: list[str], apart: list[bool]) -> set[str]:
    """The words after "for our", "send my", up to where the clause asks something else."""
    start = next(
        (i + 2 for i in range(len(words) - 2) if words[i] in _SENT and words[i + 1] in _FOR_WHOM),
        None,
    )
    if start is None:
        return set()
    # Those sent go to something: "send my front desk people to".
    ends = lexicon.AUDIENCE_ENDS if words[start - 2] == "for" else lexicon.AUDIENCE_ENDS | {"to"}
    end = next(
        (i + apart[i] for i in range(start, len(words)) if words[i] in ends or apart[i]),
        len(words),
    )
    # "for our sector" says whose sector, not whom a thing is for.
    return set(words[start:end]) - {"sector"}


# What those named can do with a thing: "a course our ED nurses can do online".
_ABLE = frozenset({"can", "could", "should", "must", "might"})
_ABLE_WITHIN = 4  # words between "our" and what they can do


def _able(words: list[str]) -> set[str]:
    for i, word in enumerate(words):
        if word in _FOR_WHOM:
            found = next(
                (
                    j
                    for j in range(i + 1, min(i + 1 + _ABLE_WITHIN, len(words)))
                    if words[j] in _ABLE
                ),
                None,
            )
            if found is not None and found > i + 1:
                return set(words[i + 1 : found]) - {"sector"}
    return set()


# Words between an owner and what it owns: "our university has a small research reactor".
_OWNING = frozenset({"has", "have", "had", "with", "runs", "operates", "owns"})
_BEFORE_THING = frozenset({"a", "an", "the", "its", "their", "small", "large", "big", "new", "old"})


# Marks that set a word apart from the next: "a hospital (emergency management ...)".
_MARK = re.compile(r"[(),;:]")


def _marked_off(text: str) -> list[bool]:
    """Per word of a text (as ``words`` finds them), whether a mark sets it apart from the
    next word."""
    # What comes after each word but the last, up to the next word.
    gaps = _RUN.split(normalise(text))[1:-1]
    return [bool(_MARK.search(gap)) for gap in gaps] + [False]


# Words that carry a load ("we haul grain"), and how far after them the load may still be said
# ("haul mostly grain and frac sand").
_CARRYING = frozenset({"haul", "hauling", "hauled"})
_LOAD_WORDS = 3
# Shops that sell what another sector makes: "a fertilizer retailer", "a fertilizer retail
# store".
_SELLERS = frozenset({"retailer", "store"})
_WHERE = frozenset({"at", "in", "on", "inside"})
_NEAR = frozenset({"near", "beside", "behind", "by"})
_BESIDE = frozenset({("next", "to"), ("across", "from"), ("adjacent", "to"), ("close", "to")})
_JUST = frozenset({"right", "just", "directly"})
_WORKING_IN = frozenset({"in", "as"})
_JOBS = frozenset(stem(word) for word in (*lexicon.JOB_TITLES, "staff", "role"))


def _says_where(words: list[str], end: int, start: int) -> bool:
    """Whether the words from a thing's end to the next member say where it is: "at" or "in",
    then at most three words ("at a state university"); or beside it ("right next to the main
    rail yard", "across from the refinery")."""
    while end < start and words[end] in _JUST:
        end += 1
    if end + 1 < start and tuple(words[end : end + 2]) in _BESIDE:
        return start - end <= 5  # "next to the main rail yard"
    return end < start and (words[end] in _WHERE or words[end] in _NEAR) and start - end <= 4


def _next_to(words: list[str], end: int, at: int) -> bool:
    """Whether a thing said at ``at`` comes right after a sector named up to ``end``, or after
    one word between that is no phrase ("a university TRIGA reactor"; not "county and
    hospital")."""
    if at == end:
        return True
    between = words[end] if at == end + 1 else None
    return (
        between is not None
        and between not in STOPWORDS
        and (between,) not in PHRASES
        and between not in PHRASE_SIZES
    )


def _owned(words: list[str], at: int) -> int:
    """Where the thing a sector's member owns begins, when the words after the member say it
    owns it ("university has a small research reactor"); else right after the member."""
    if at >= len(words) or words[at] not in _OWNING:
        return at
    at += 1
    while at < len(words) and words[at] in _BEFORE_THING:
        at += 1
    return at


def _sector_plans(terms: list[Term]) -> list[Term]:
    """A plan said next to a sector's name is its sector-specific plan ("the critical
    manufacturing plan", "the plan for the dams sector")."""
    for k, term in enumerate(terms):
        if term.text != "plan" or term.filler:
            continue
        before = [t for t in terms[:k] if t.text != "sector"][-1:]
        after = terms[k + 1 : k + 2]
        if any(t.text in SECTOR_CONCEPTS_TEXT and not t.member for t in before + after):
            terms[k] = Term("ssp", term.certainty)
    return terms


def _gives_way(words: list[str], start: int, size: int) -> bool:
    """Whether a phrase should leave its last word to a longer phrase that word begins:
    "energy sector specific plan" is energy and the sector-specific plan, not the energy
    sector and "specific plan"."""
    if size < 2:
        return False
    # A prefix that names something alone, or a sector named with "sector" ("it sector").
    prefix = tuple(words[start : start + size - 1])
    if prefix not in PHRASES and not (
        words[start + size - 1] == "sector"
        and PHRASES.get(tuple(words[start : start + size])) in SECTOR_MEANINGS
    ):
        return False
    last = start + size - 1
    return any(
        tuple(words[last : last + longer]) in PHRASES
        for longer in PHRASE_SIZES.get(words[last], ())
        if longer > 1 and last + longer <= len(words)
    )


def analyse(text: str) -> list[Term]:
    """Terms of a knowledge text (no typo correction: the curated text is spelled right)."""
    typed = [w for w in words(text) if w not in lexicon.INTENSIFIERS]
    stems = [stem(w) for w in typed]
    return fold_phrases(
        stems, [1.0] * len(stems), [s != w for s, w in zip(stems, typed, strict=True)]
    )


# An English word seen more often than this is taken as meant ("resort" is not a typo of
# "report"). 50 is the floor of pyspellchecker's list, where slips live too ("directer").
COMMON_WORD_FREQUENCY = 50
# Letters at least in a word typed with the spaces left out ("whoistheleadfornuclearwaste"):
# shorter ones are read as typos of one word.
RUN_TOGETHER = 14


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """English word frequencies from pyspellchecker's bundled list (loaded on first use)."""
    return SpellChecker(language="en", distance=1).word_frequency.dictionary


class SpellingCorrector:
    """Maps a misspelt word onto the closest word the knowledge base or the lexicon knows."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        words = {w for w in vocabulary if len(w) >= 4 and not w.isdigit() and not w.startswith("@")}
        self.known = frozenset(vocabulary) | LEXICON_WORDS | STOPWORDS | FILLER
        # The lexicon's short words count too: "damz" is one slip from "dam".
        self._candidates = sorted(words | {w for w in LEXICON_WORDS if len(w) >= 3})
        self._read = lru_cache(maxsize=16384)(self._read_word)

    def _read_word(self, typed: str) -> tuple[tuple[str, ...], tuple[float, ...], tuple[bool, ...]]:
        """The words a typed word stands for, how sure each is, and whether each was typed as
        a plural."""
        fixed, sure = self._correct(typed)
        return fixed, (sure,) * len(fixed), (stem(typed) != typed,) * len(fixed)

    def _correct(self, typed: str) -> tuple[tuple[str, ...], float]:
        word = stem(typed)
        if word in self.known or len(word) < 4 or not word.isalpha():
            return (word,), 1.0
        halves = split_compound(word)
        if halves:
            return halves, 1.0
        fixed, sure = self._fix_typo(typed, word)
        if fixed == word and len(typed) >= RUN_TOGETHER:
            # No word of the knowledge base it is a slip of: words typed as one?
            apart = self._apart(typed)
            if apart:
                return tuple(stem(w) for w in apart), 0.9
        return (fixed,), sure

    def _apart(self, typed: str) -> list[str] | None:
        """A long word typed with no spaces ("whoistheleadfornuclearwaste"), as the fewest
        words it can be cut into, each a word of the knowledge base or a common one."""
        common = english_words()
        if common.get(typed, 0) > COMMON_WORD_FREQUENCY:
            return None  # a long word of its own ("interdependencies")
        # best[k]: the fewest words typed[:k] cuts into, and where the last one begins.
        best: list[tuple[int, int] | None] = [(0, 0)] + [None] * len(typed)
        for end in range(1, len(typed) + 1):
            for start in range(max(0, end - 20), end):
                piece, before = typed[start:end], best[start]
                if before is None or (len(piece) < 2 and piece not in ("a", "i")):
                    continue
                a_word = stem(piece) in self.known or common.get(piece, 0) > COMMON_WORD_FREQUENCY
                if a_word and (best[end] is None or before[0] + 1 < best[end][0]):
                    best[end] = (before[0] + 1, start)
        if best[-1] is None or best[-1][0] < 2:
            return None
        words: list[str] = []
        end = len(typed)
        while end:
            start = best[end][1]
            words.insert(0, typed[start:end])
            end = start
        return words

    def _fix_typo(self, typed: str, word: str) -> tuple[str, float]:
        if english_words().get(typed, 0) > COMMON_WORD_FREQUENCY:
            return word, 1.0
        # A slip on a small word ("actualy", "knwo") is still a small word, not a domain term.
        small = process.extractOne(typed, _SMALL_WORDS, scorer=OSA.distance, score_cutoff=1)
        if small is not None and small[0][0] == typed[0]:
            return stem(small[0]), 1.0
        # One edit (a transposition counts as one) for short words, two for long ones.
        allowed = 1 if len(word) <= 6 else 2
        found = process.extract(
            word, self._candidates, scorer=OSA.distance, score_cutoff=allowed, limit=None
        )
        if not found:
            return word, 1.0
        # Of the closest candidates, one that keeps the first letter: slips rarely hit it.
        distance = min(d for _, d, _ in found)
        closest = [c for c, d, _ in found if d == distance]
        if len(closest) > 1:
            # Ties broken on the word as typed: "coures" swaps two letters of "course", where
            # its stem "coure" is as near "core".
            closest.sort(key=lambda c: OSA.distance(typed, c))
        candidate = next((c for c in closest if c[0] == word[0]), closest[0])
        if len(word) <= 5 and candidate[0] != word[0]:
            return word, 1.0
        return candidate, 0.9 if distance == 1 else 0.8

    def analyse(self, text: str) -> list[Term]:
        """Terms of a partner's question, with typos corrected where the fix is clear."""
        fixed_words: list[str] = []
        certainty: list[float] = []
        apart: list[bool] = []
        typed_words = words(text)
        # Only a bracket is looked for: a comma marks off a sector's member from another's
        # too rarely to pay for finding the marks in every long message.
        marked = _marked_off(text) if "(" in text else None
        for k, typed in enumerate(typed_words):
            if typed in lexicon.INTENSIFIERS:
                continue
            fixed, sure, plural = self._read(typed)
            fixed_words += fixed
            certainty += sure
            apart += plural
            if marked and marked[k] and apart:
                apart[-1] = True
        return fold_phrases(fixed_words, certainty, apart)
