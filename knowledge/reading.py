"""Reading a Slack message: what it asks, resolved against the conversation so far.

``read(text, matcher, context)`` is the one entry point for every surface (the Slack handlers,
the local shell, ``partnerbot ask``). It never raises and never touches Slack or a database:

1. Slack's markup is read, not matched (``markup.plain``).
2. Small talk (greetings, thanks, emoji, an escape sequence, nothing), a call for help and a
   request to do something (``talk``) get a short reply of their own kind, never a card.
3. A comparison ("SCC vs GCC", "difference between a PSA and the RRAP") is answered with both
   entries, or with the one entry that answers for both sides ("RC3 vs RCPGP"). "X or Y?" asks
   which one: one question, one entry ("is it DHS or DOE for energy?").
4. Up to three questions in one message ("who leads energy and is there ICS training?",
   "1) ... 2) ...") are answered each, provided each is a question on its own; otherwise the
   message is one question. Sentences around the questions that name nothing the knowledge
   base holds ("we're drafting our annual report — ...") say why it is asked and are left out,
   and so are an introduction that names nothing ("new hire here, ...") and what the message
   says it is not about when that is a sector or an entry ("not the NICC, the other one").
   A question that only asks what something pointed at is ("I saw 'CIPAC' everywhere. what is
   it?") is about the last entry named before it when the whole message finds nothing.
5. A follow-up ("and for water?", "who do I contact there?") is resolved against the
   ``Context`` the bot keeps per thread or DM: a new sector inherits the topic asked, a new
   topic the sector; one that points back or is too short to name its subject ("does it cost
   anything?", "how do we sign up") is read with the last answer's name, and answered by the
   last entry itself when it explains the piece nearly as well as the best one; "the other
   one" and "and the strict version?" ask for another. A course's number alone ("and 913?")
   and a colour after a TLP label ("red?") are completed from the last answer. A message that
   is a full question on its own (it names an entry, or finds one of its own) is not changed by
   it, and one that says it leaves the subject ("unrelated: ...") is read without it. The
   context keeps the few entries answered before the last (``references``): "go back to the
   first one" and "are both still current?" are read against the entries they point at.
6. Asking for training, resources or contacts of a sector, or the list of sectors, in plain
   words ("what training is there for energy?") is browsing: the same list as ``/ci training``.

Where a message's questions start and what around them says only why or who asks is found by
``sentences``; what a piece names and how it asks, by ``shape``; references to earlier answers
by place, by ``references``.

``next_context`` gives the context to store after a reading. ``Reading.result`` is the first
part's ``MatchResult``, so code written for ``Matcher.match`` keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import takewhile

from knowledge import mentions, references, talk
from knowledge.index import KnowledgeIndex
from knowledge.lexicon import (
    ITS_HISTORY,
    JOINT,
    LABEL_FAMILIES,
    LISTING,
    REFERRING,
    STILL_HOLDS,
    STOPWORDS,
    WHAT_AN_ANSWER_GIVES,
)
from knowledge.limits import clip_question
from knowledge.markup import has_words, plain
from knowledge.matcher import (
    NOT_KEPT,
    REACHING,
    WHEN,
    Matcher,
    MatchResult,
)
from knowledge.schema import Entry
from knowledge.sentences import (
    MAX_PARTS,
    asks,
    intro_out,
    named_before,
    negations_out,
    new_subject,
    pieces_of,
    qualifies,
    reasons_out,
    sentences_of,
    sides_of,
    without_asides,
)
from knowledge.shape import (
    LISTED,
    TOPIC_OF_KIND,
    TOPIC_OF_TERM,
    Reader,
    Shape,
    is_question,
    shape_of,
)
from knowledge.text import Term, concept

KIND_OF_LIST = {"training": "training", "resources": "resource", "contacts": "contact"}

# A way to reach someone, and how an answer gives it.
_PHONE = re.compile(r"\d{3}[-.\s)]+\d{3}[-.\s]+\d{4}")
_DETAILS = {"phone": _PHONE, "number": _PHONE, "email": re.compile("@"), "address": re.compile("@")}
_IT = re.compile(r"\bIT\b")

# "IT sector", "IT companies", and "IT" set beside another sector as a choice ("comms or IT").
_IT_SECTOR = re.compile(
    r"\bIT(?=\s+(?:sector|or|vs\b|compan(?:y|ies)|firms?|industry|providers?|vendors?)\b)|"
    r"(?<=\bor\s)IT\b|(?<=\bvs\s)IT\b"
)

SHORT_IT = 5  # words

# The kinds of reading answered with a short reply of their own, not with an entry.
REPLIES = frozenset({"smalltalk", "help", "cannot"})

# A message this short that names only a topic ("any resources?") asks it of the sector talked
# about; a longer one ("what courses do you have") asks for all of them.
SHORT_FOLLOW_UP = 3

# Who led a sector before, besides the words of its history: "who was the lead before CISA?".
SECTOR_LEAD_HISTORY = frozenset({concept("lead")})

SECTOR_HISTORY = SECTOR_LEAD_HISTORY | {"cisa", "dhs"}

# An answer this weak to a question that points at what the sentences before it name is the
# lesser reading of the two.
WEAK = 0.3

# A piece this short (in words) may leave out what it asks about: "how do we sign up".
ELLIPTIC = 6

# A piece that points back is still a question of its own when it finds, clearly ahead of any
# other, an entry holding this many of the words that say what it is about ("which one is the
# graphic novel").
ITS_OWN_SUBJECT = 2

AHEAD = 0.05  # how far ahead of the next entry that entry must be

# Asking whom the last answer is for: "is it hospital specific?", "only for feds?".
ONLY_FOR = frozenset({"specific", "only", "tailored", "geared", "exclusively", "limited"})

# "and what is HSIN-CI, do our partners need it": what a thing is, whatever was talked about.
_DEFINITION = re.compile(
    r"^(?:(?:and|so|ok|okay|but|also)\s+)*(?:what\s+(?:exactly\s+)?is|whats)\b"
)

# Asking what a word means: "what does AMBER mean", "what does SLTT stand for".
_DEFINES = re.compile(r"^whats?(?:\s+(?:is|are|does|do))?\s+.*\b(?:mean|means|stand|stands)\b")

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
}


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


@dataclass(frozen=True)
class Part:
    """One question of a message, as it was understood and answered."""

    asked: str  # the question matched: the words of the message, or a follow-up resolved
    result: MatchResult
    sector: str | None = None
    topic: str | None = None
    browse: Browse | None = None  # when the part asks for a list: the list


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


def listing(index: KnowledgeIndex, kind: str, sectors: Sequence[str] = ()) -> Browse:
    """The list `/ci training|resources|contacts [sector]` or `/ci sectors` shows: a sector's own
    entries, or the entries for all sectors when it has none of its own."""
    if kind == "sectors":
        found = sorted((e for e in index.entries if e.kind == "sector"), key=lambda e: e.title)
        return Browse(kind, (), tuple(found))
    entries = [e for e in index.entries if e.kind == KIND_OF_LIST[kind]]
    if not sectors:
        return Browse(kind, (), tuple(entries))
    named = [e for e in entries if e.sector in sectors]
    chosen = named or [e for e in entries if e.sector is None]
    return Browse(kind, tuple(sectors), tuple(chosen), specific=bool(named))


def _asks_for_sector_list(reader: Reader, text: str, shape: Shape) -> bool:
    """ "list the sectors", "what sectors are there": every sector, not one."""
    typed = reader.words(text)
    if shape.sectors or "it" in typed or set(shape.topics) - {"lead"} or "sectors" not in typed:
        # "which sectors did it lead" asks about what was answered last.
        return False
    return all(word in SECTOR_LIST_WORDS for word in shape.content)


@dataclass(frozen=True)
class _Ask:
    """A piece of a message resolved: the question to match, or a list to show."""

    asked: str
    sector: str | None = None
    topic: str | None = None
    browse: str | None = None  # a list kind
    sectors: tuple[str, ...] = ()
    # A contact asked of a sector: its contact entry if it has one, else the contacts list.
    contact_or_list: bool = False
    # What else the piece may ask, read when ``asked`` finds nothing.
    otherwise: _Ask | None = None
    # Answered only by an entry of the kind that answers ``topic``.
    of_kind: bool = False
    # The entry answered last, when the piece points back at it: answered again when it
    # explains the piece about as well as the best entry ("is that address still good?").
    prefer: str | None = None
    # An entry asked about itself, answered with it: whether it still holds ("still current?"),
    # how it stood before ("and before NSM-22?"), whom it is for, what it says ("how long is it").
    again: str | None = None
    # The entry answered last, when another like it is asked for ("the online one?").
    besides: str | None = None


def _canonical(index: KnowledgeIndex, topic: str, sector: str) -> str:
    name = index.sector_titles.get(sector, sector)
    return {
        "lead": f"who leads the {name}",
        "covers": f"what does the {name} cover",
        "contact": f"contact for the {name}",
    }[topic]


def _own_subject(index: KnowledgeIndex, shape: Shape, context: Context) -> bool:
    """Whether a piece names something of its own. In a follow-up a word that is no entry's
    own word (in a title, keywords or questions) is no subject ("and the oil and gas side?")."""
    if (shape.follows or shape.refers) and context.topic and shape.sectors:
        return any(term in index.holders for term in shape.content)
    return bool(shape.content)


def _resolve(reader: Reader, text: str, context: Context) -> list[_Ask]:
    """The questions a piece asks, follow-ups resolved against the context."""
    index = reader.index
    shape = shape_of(reader, text)
    if context.entry_id and (
        _asks_if_it_still_holds(reader, text, context.entry_id)
        or _asks_whom_it_is_for(reader, shape, text)
        or _asks_whom_to_arrange_it_with(reader, shape, text, context.entry_id)
    ):
        return [_Ask(text, again=context.entry_id)]
    if _names_it_by_kind(reader, text, shape, context):
        # "is there a contact for the program office" after PCII: PCII's program office.
        topic = shape.topics[0] if shape.topics else None
        asked = _about_entry(index, text, context.entry_id)
        return [_Ask(asked, None, topic, of_kind=topic in LISTED, prefer=context.entry_id)]
    pointed = (
        _whose_history(reader, text, shape, context)
        or mentions.other_it_names(reader, text, shape, context.entry_id)
        or mentions.whose_it_is(reader, text, context.entry_id)
        or mentions.its_courses(reader, text, shape, context.entry_id)
    )
    if pointed is not None:
        return [_Ask(text, again=pointed)]
    continues = context.topic is not None and (shape.follows or shape.refers)
    if len(shape.sectors) > 1 and not shape.topics and not continues:
        # "navigation locks: dams or transportation?" asks which sector they belong to.
        return [_Ask(f"{text} which sector", None, "covers")]
    if len(shape.named) > 1 and shape.topics[:1] == ("contact",) and not shape.names:
        # "what's the ESS team email and the dams data email?": each sector's contact.
        return [
            _Ask(_canonical(index, "contact", s), s, "contact", contact_or_list=True)
            for s in shape.named
        ][:MAX_PARTS]
    # Before a subject of its own: "show me the 16 sectors" names none but the list.
    if _asks_for_sector_list(reader, text, shape):
        return [_Ask(text, browse="sectors")]
    if _own_subject(reader.index, shape, context):
        # Its own subject ("and the SCC?"): a question on its own ...
        topic = shape.topics[0] if shape.topics else None
        if shape.which_one and context.entry_id and not shape.sectors and not shape.names:
            # "what about the online one?" after the active shooter workshops: another on
            # the same subject, told by what it is; "the 5 day one" may be the last itself.
            last = context.entry_id
            besides = last if shape.which_one == "another" else None
            asked = _about_entry(index, text, last)
            return [_Ask(asked, None, topic, otherwise=_Ask(text, None, topic), besides=besides)]
        if _asks_of_the_last_answer(reader, shape, text, context):
            # ... unless it asks it of what was answered last ("does it cost anything?",
            # "how do we sign up"): read with that entry's name; alone again if that finds
            # nothing and it names an entry ("and did that change under NSM-22?").
            alone = _Ask(text, None, topic) if shape.names else None
            if alone is None and not shape.topics and _about_it(reader, shape, context.entry_id):
                # "how long is it", "how many lessons": what the last answer itself says.
                alone = _Ask(text, again=context.entry_id)
            return [
                _Ask(
                    _about_entry(index, text, context.entry_id),
                    None,
                    topic,
                    otherwise=alone,
                    prefer=context.entry_id,
                )
            ]
        if (
            topic is None
            and context.topic in LISTED
            and shape.follows
            and shape.points
            and not _DEFINITION.match(" ".join(reader.words(text)))
        ):
            # "and one on the NIPP?" after a course: another of the kind listed, on that.
            alone = _Ask(text)
            asked = f"{text} {context.topic}"
            return [_Ask(asked, None, context.topic, otherwise=alone, of_kind=True)]
        inherited = _inherited(index, shape, context) if continues else []
        # "and our parent company runs a satellite network": the topic asked before, when the
        # words of its own find nothing; not when they ask a fact no entry keeps ("and what's
        # Hoover Dam's storage capacity?" is not who leads dams).
        asks_unkept = any(term.text in NOT_KEPT for term in reader.terms(text))
        otherwise = inherited[0] if inherited and not asks_unkept else None
        if otherwise is None and _asks_of_an_agency(shape, text, context):
            # "and treasury?" after who leads water: which sector that agency leads.
            otherwise = _Ask(f"{text} lead agency", None, "lead")
        listed = otherwise is None and _lists_despite(shape, topic) and not asks_unkept
        if listed and shape.lists:
            # "show me the list of training for nuclear sector people": the list itself.
            return [_Ask(text, shape.named[0], topic, LISTED[topic], shape.named[:1])]
        if listed:
            # "what training is there for nuclear plant security staff?": the sector's list,
            # when no one entry of the kind asked answers it.
            named = shape.named[:1]
            otherwise = _Ask(text, named[0], topic, LISTED[topic], named)
        sector = shape.sectors[0] if shape.sectors else None
        return [_Ask(text, sector, topic, otherwise=otherwise, of_kind=listed)]
    sectors, topics = shape.sectors, shape.topics
    inherited = False
    if not topics and sectors and context.topic:
        topics, inherited = (context.topic,), True
    # "who are the SRMAs" in a conversation about a sector asks who leads it, and "what are the
    # segments" what it covers.
    asks_who = topics == ("lead",) and reader.words(text)[:1] == ["who"]
    asks_what_it_covers = topics == ("covers",) and shape.size <= ELLIPTIC
    points_back = (
        shape.refers
        or shape.follows
        or shape.size <= SHORT_FOLLOW_UP
        or asks_who
        or asks_what_it_covers
    )
    if topics and not sectors and context.sector and points_back:
        sectors, inherited = (context.sector,), True
    if not topics and not sectors:
        if (
            context.entry_id
            and not shape.another
            and (shape.refers or shape.follows or not shape.content)
        ):
            # "then who is?": a piece that says nothing of its own asks about the last answer.
            about = _about_entry(index, text, context.entry_id)
            return [_Ask(about, prefer=context.entry_id)]
        return [_Ask(text)]
    topic = topics[0] if topics else None
    if not sectors and context.entry_id and points_back:
        # "what's their phone number" after the NICC: asked of the entry, not of all of them;
        # answered by an entry of the kind asked for, if any ("training on it?" after the CRR
        # is not the CRR again).
        return [_Ask(_about_entry(index, text, context.entry_id), None, topic, of_kind=True)]
    if topic in LISTED and (topic != "contact" or not sectors or shape.lists):
        if sectors and not shape.named and not inherited and sectors[0] != context.sector:
            # "courses for emergency managers": a sector read from the people or the place
            # named, with nothing of its own to list, may be asked of one entry of that kind;
            # in a conversation about that sector ("any training for hospitals?" after who
            # leads healthcare), its list.
            found = reader.match(text).best
            of_its_kind = found is not None and found.entry.kind == KIND_OF_LIST[LISTED[topic]]
            if of_its_kind and not listing(index, LISTED[topic], sectors).specific:
                return [_Ask(text, None, topic)]
        return [_Ask(text, sectors[0] if sectors else None, topic, LISTED[topic], sectors)]
    if topic == "contact":
        return [_Ask(_canonical(index, topic, s), s, topic, contact_or_list=True) for s in sectors][
            :MAX_PARTS
        ]
    if (inherited and topic in ("lead", "covers")) or (topic == "lead" and len(shape.named) > 1):
        # "who leads dams, chemical and nuclear?": each sector asked the same.
        return [_Ask(_canonical(index, topic, s), s, topic) for s in sectors][:MAX_PARTS]
    return [_Ask(text, sectors[0] if sectors else None, topic)]


def _inherited(index: KnowledgeIndex, shape: Shape, context: Context) -> list[_Ask]:
    """The topic of the conversation asked of the sectors a piece names."""
    if context.topic not in ("lead", "covers"):
        return []
    return [_Ask(_canonical(index, context.topic, s), s, context.topic) for s in shape.sectors]


def _asks_if_it_still_holds(reader: Reader, text: str, entry_id: str) -> bool:
    """ "is that email still good?", "still current?": about the last answer, and nothing else:
    not what another entry is called ("and PPD-21, is that still a thing?"), nor a way to reach
    it the answer does not give ("is there still a phone number for that?" after a web form)."""
    typed = set(reader.words(text))
    said = typed - STOPWORDS - REFERRING - WHAT_AN_ANSWER_GIVES
    # Digits the answer gave ("is it still 202-282-9201?"), not another's ("the old 888 one").
    numbers = {word for word in said if word.isdigit()}
    if not all(reader.index.says(entry_id, number) for number in numbers):
        return False
    said -= numbers
    entry = reader.index.by_id(entry_id)
    if entry is None or not said or not said <= STILL_HOLDS:
        return False
    position = reader.index.positions[entry_id]
    names_another = any(
        position not in reader.index.titled.get(term.text, {position})
        for term in reader.terms(text)
    )
    gives = all(pattern.search(entry.answer) for word, pattern in _DETAILS.items() if word in typed)
    return gives and not names_another


def _about_it(reader: Reader, shape: Shape, entry_id: str) -> bool:
    """Whether a piece asks about an entry: it points at it, or the entry says each of its
    words ("how many lessons" after a course that has them; not "what's the weather")."""
    return shape.points or all(reader.index.says(entry_id, term) for term in shape.content)


def _lists_despite(shape: Shape, topic: str | None) -> bool:
    """Whether a piece asking a sector's courses or resources with a word of its own
    ("security") asks for the list when that word finds no one entry: one word, at most."""
    return topic in ("training", "resource") and bool(shape.named) and len(shape.content) <= 1


def _asks_of_an_agency(shape: Shape, text: str, context: Context) -> bool:
    return (
        context.topic in ("lead", "covers")
        and (shape.follows or shape.size <= SHORT_FOLLOW_UP)
        and not shape.topics
        and bool(_AGENCY.search(text))
    )


# What a thing is called by its kind alone: "the program office", "the team", "the portal".
_KIND_NAMES = frozenset(
    {"office", "program", "team", "agency", "service", "portal", "site", "website", "page",
     "form", "group", "division", "unit"}
)  # fmt: skip


def _names_it_by_kind(reader: Reader, text: str, shape: Shape, context: Context) -> bool:
    """A follow-up that calls what was answered last by its kind ("the program office")."""
    if not context.entry_id or shape.sectors or shape.names or not shape.content:
        return False
    return set(shape.content) <= _KIND_NAMES and "the" in reader.words(text)


def _asks_whom_it_is_for(reader: Reader, shape: Shape, text: str) -> bool:
    """ "is it hospital specific?", "is that only for federal staff?": about the last answer."""
    typed = set(reader.words(text))
    return (
        shape.points
        and bool(typed & ONLY_FOR)
        and not (shape.topics or shape.names or shape.another or shape.which_one)
        and len(shape.content) <= 1
    )


# "who do I contact to get one scheduled", "who do I talk to to set one up".
_ARRANGING = re.compile(
    r"^(?:\w+\s+){0,3}who\b.*(?:\b(?:one|it|them)\s+(?:\w+\s+)?"
    r"(?:scheduled|set\s+up|setup|started|arranged|booked|hosted|organized|going)\b|"
    r"\b(?:set|start|book|schedule|arrange|organize|host)\s+(?:one|it|them)\b)"
)


def _asks_whom_to_arrange_it_with(reader: Reader, shape: Shape, text: str, entry_id: str) -> bool:
    """ "who do I contact to get one scheduled" after a workshop or an assessment whose answer
    says whom to ask (a PSA, or its contacts): that answer again, not a contact of its sector."""
    entry = reader.index.by_id(entry_id)
    if entry is None or entry.kind == "contact" or shape.sectors or shape.names:
        return False
    if not _ARRANGING.match(" ".join(reader.words(text))):
        return False
    return bool(entry.contacts) or reader.index.says(entry_id, "psa")


def _whose_history(reader: Reader, text: str, shape: Shape, context: Context) -> str | None:
    """The entry a piece asks the history of, which says how it stood before and since when:
    the last answer ("and before NSM-22?", "was it always them?" after a sector's lead, "what
    was it called before?" after the SRMA's); the sector talked about when it asks since when
    that is a sector ("when did it become a sector"); a sector it names ("what's government
    facilities called under it"). A sector's entry says who led it before too ("who was the
    lead before CISA existed?")."""
    index = reader.index
    terms = {term.text for term in reader.terms(text) if not term.filler}
    said = terms - SECTOR_HISTORY
    if len(shape.named) == 1:
        said -= {concept(shape.named[0])}
        named = index.sector_entries.get(shape.named[0])
        return named if said and said <= ITS_HISTORY else None
    last = index.by_id(context.entry_id) if context.entry_id else None
    if last is None or shape.sectors or not said - {"sector"} or not said <= ITS_HISTORY:
        return None
    if last.kind != "sector" and (terms & SECTOR_LEAD_HISTORY or "sector" in said):
        # Of the sector answered before, if any: the last answer is not a sector's.
        sectors = [e for e in context.earlier if e in index.sector_entries.values()]
        return sectors[-1] if sectors else None
    # "and what replaced PPD-21?", "and PPD-21, is that still a thing?" ask about PPD-21; "and
    # before NSM-22?" (when, not what) about the last answer.
    asks_what = bool({"what", "which", "who"} & set(reader.words(text)))
    named = shape_of(reader, WHEN.sub(" ", text)).names
    if shape.names and (asks_what or named or not (shape.points or shape.refers or shape.follows)):
        return None
    return last.id


def _asks_of_the_last_answer(reader: Reader, shape: Shape, text: str, context: Context) -> bool:
    """A piece with words of its own that still asks about the last answer: it points back or
    is short, names no sector and no entry, and alone finds no entry of its own ("under PPD-21"
    says when, not what: "was it the same agency under PPD-21?")."""
    # "ok and the phone number for the program office": how to reach what was just answered.
    reaches_it = shape.follows and "contact" in shape.topics
    if not context.entry_id or shape.sectors or shape.another:
        return False
    if not (_elliptic(shape) or reaches_it):
        return False
    if shape.content and _DEFINES.match(" ".join(reader.words(text))):
        # "what does AMBER mean on those" asks what AMBER means.
        return False
    subject = WHEN.sub(" ", text)
    return not shape_of(reader, subject).names and not _its_own(reader, subject)


def _its_own(reader: Reader, text: str) -> bool:
    """Whether a piece read alone finds an entry of its own: one holding enough of the words
    that say what it is about (not what is asked of it: "who do I email for access" is asked
    of something), and ahead of the next one ("how long does it take" fits every course)."""
    result = reader.match(text)
    best = result.best
    if best is None:
        return False
    position = reader.index.positions[best.entry.id]
    holders = reader.index.holders
    held = [
        term
        for term in reader.terms(text)
        if not term.filler
        and term.text not in TOPIC_OF_TERM
        and position in holders.get(term.text, ())
    ]
    runner_up = result.alternatives[0].score if result.alternatives else 0.0
    return len(held) >= ITS_OWN_SUBJECT and best.score - runner_up >= AHEAD


def _elliptic(shape: Shape) -> bool:
    """A piece that points back ("does it cost anything?") or is too short to say what it is
    about ("how do we sign up"); "and red?" names its own subject."""
    return shape.points or (shape.size <= ELLIPTIC and not shape.follows)


def _about_entry(index: KnowledgeIndex, text: str, entry_id: str) -> str:
    """A piece that points back at the entry answered last ("how do I find mine?"), with what
    the entry is about: its first keyword, the name partners know it by ("AIS", "cyber
    hygiene"), or its title when it has none. Not the whole title, which also says what kind
    of entry it is ("AIS onboarding questions" is a contact about AIS)."""
    entry = index.by_id(entry_id)
    return text if entry is None else f"{text} {_name(entry)}"


def _name(entry: Entry) -> str:
    return entry.keywords[0] if entry.keywords else entry.title


def _answer(reader: Reader, ask: _Ask) -> Part:
    """Match a resolved piece; with its list when it asks for one."""
    index = reader.index
    if ask.again is not None:
        return Part(ask.asked, reader.again(ask.asked, ask.again), ask.sector, ask.topic)
    result = reader.match(ask.asked)
    if ask.besides is not None:
        result = reader.besides(result, ask.besides)
    if ask.prefer is not None and _answers_the_kind(index, ask.prefer, reader.terms(ask.asked)):
        result = reader.prefer(result, ask.prefer)
    if mentions.asks_for_courses(reader, ask.asked):
        result = mentions.catalogue_first(reader, result)
    if ask.of_kind and not _of_the_kind(index, result, ask.topic):
        result = MatchResult(ask.asked, None, alternatives=result.alternatives)
    if not result.answered and ask.otherwise is not None:
        return _answer(reader, ask.otherwise)
    listed = None
    if ask.browse:
        listed = listing(index, ask.browse, ask.sectors)
    elif ask.contact_or_list:
        best = result.best
        if best is None or best.entry.kind != "contact" or best.entry.sector != ask.sector:
            listed = listing(index, "contacts", (ask.sector,) if ask.sector else ())
    return Part(ask.asked, result, ask.sector, ask.topic, listed)


def _answers_the_kind(index: KnowledgeIndex, entry_id: str, terms: list[Term]) -> bool:
    """Whether an entry is of the kind a piece asks for: a contact when it asks how to reach
    or join something ("how do we sign up" after a service is its sign-up contact), an entry
    of the kind of the list topic it asks ("do they have a course" after an office)."""
    entry = index.by_id(entry_id)
    if entry is None:
        return False
    texts = {term.text for term in terms}
    if texts & REACHING and entry.kind != "contact":
        return False
    asked = {TOPIC_OF_TERM[t] for t in texts if t in TOPIC_OF_TERM} & set(LISTED)
    return not asked or TOPIC_OF_KIND.get(entry.kind) in asked


def _of_the_kind(index: KnowledgeIndex, result: MatchResult, topic: str | None) -> bool:
    """Whether an answer answers the topic asked: an entry of that kind (a training entry for
    training), a general entry, or one that has the topic among its own words or details (a
    resource that says how to reach its people); any answer when no such topic is asked."""
    best = result.best
    if best is None or topic not in LISTED:
        return True
    if topic == "contact" and best.entry.contacts:
        return True
    position = index.positions[best.entry.id]
    if position in index.holders.get(concept(topic), ()):
        return True
    answers = TOPIC_OF_KIND.get(best.entry.kind)
    return answers is None or answers == topic


def _context_after(part: Part, context: Context) -> Context:
    """The context one answered part leaves for the next piece of the same message."""
    best = part.result.best
    if best is None:
        # Still about what was answered last: "how do I contact mine?" unanswered, "are they
        # free?" asks about the PSAs.
        return replace(
            context, sector=part.sector or context.sector, topic=part.topic or context.topic
        )
    entry = best.entry
    return context.answered(entry, part.sector, part.topic or TOPIC_OF_KIND.get(entry.kind))


_AGENCIES = (
    r"(?:dhs|cisa|doe|hhs|epa|usda|fda|treasury|dod|dot|tsa|gsa|fps|nrc|osha|ferc|uscg|"
    r"coast guard|ncua|fema|ip|nppd)"
)

_AGENCY = re.compile(rf"\b{_AGENCIES}\b", re.IGNORECASE)

_AGENCY_CHOICE = re.compile(rf"\b{_AGENCIES}\s*,?\s+(?:or|and/or)\s+{_AGENCIES}\b", re.IGNORECASE)


# A course code in a title ("AWR-334", "IS-921.a") and a number alone, as a course's is.
_COURSE_PREFIXES = ("IS", "AWR", "PER", "MGT")

_COURSE = re.compile(rf"\b({'|'.join(_COURSE_PREFIXES)})-\d{{2,4}}", re.IGNORECASE)

_NUMBER_ALONE = re.compile(r"\d{3,4}")

# The TLP labels, and the colour words that name them after a TLP answer.
TLP_LABELS = frozenset(label for labels in LABEL_FAMILIES.values() for label in labels)

_LABEL_OF_COLOUR = {
    "clear": "CLEAR",
    "white": "CLEAR",
    "green": "GREEN",
    "amber": "AMBER",
    "strict": "AMBER+STRICT",
    "red": "RED",
}

_COLOUR = re.compile(r"\b(?:clear|white|green|amber|strict|red)\b", re.IGNORECASE)

# "mine", "ours" closing a clause: the asker's own one of what was named, not a mine.
_OWN = re.compile(
    r"\b(?:mine|ours|yours|theirs)\b(?=\s*(?:[?.!,;]|$|\s+(?:and|too|is|are)\b))",
    re.IGNORECASE,
)


def _compare(reader: Reader, sides: tuple[str, str]) -> list[Part] | None:
    """Both sides' entries; None when one entry answers both ("RC3 vs RCPGP": the entry on RC3
    says it is not RCPGP) or a side finds nothing: then it is one question."""
    a_text, b_text = sides
    a, b = reader.match(a_text), reader.match(b_text)
    if a.best is None or b.best is None or a.best.entry.id == b.best.entry.id:
        return None
    return [Part(a_text, a), Part(b_text, b)]


def _question(reader: Reader, text: str, clean: str, context: Context) -> Reading:
    clean, fresh = new_subject(reader, clean)
    if fresh:
        context = Context()
    reading = _referred(reader, text, clean, context) or _question_in(reader, text, clean, context)
    return replace(reading, fresh=True) if fresh else reading


def _referred(reader: Reader, text: str, clean: str, context: Context) -> Reading | None:
    """A message about earlier answers by their place ("go back to the first one: is there a
    team email for it?", "are both still current?"), read against each as if it had been
    answered last. "which of those two ..." is a choice, read alone; "where do the two of them
    meet" asks of both together, read with their names. None when the message names a subject
    of its own ("the first sector plans") or points at nothing kept."""
    reference = references.find(clean, context.recent)
    if reference is None:
        return None
    rest = reference.said_as("it")
    shape = shape_of(reader, rest)
    if shape.sectors or shape.names or _its_own(reader, rest):
        return None
    if mentions.MENTIONING & set(shape.content):
        # "the other one it mentions": what the last answer names, not an earlier answer.
        return None
    if reference.choice:
        return _question_in(reader, text, reference.said_as("which"), Context())
    entries = [e for e in map(reader.index.by_id, reference.entries) if e is not None]
    if len(entries) > 1 and JOINT & set(reader.words(rest)):
        names = " and ".join(_name(entry) for entry in entries)
        return _question_in(reader, text, reference.said_as(names), Context())
    parts: list[Part] = []
    for entry in entries:
        pointed = context.answered(entry, None, TOPIC_OF_KIND.get(entry.kind, context.topic))
        parts.extend(_question_in(reader, text, rest, pointed).parts)
    return _reading(text, _distinct_answers(parts)[:MAX_PARTS]) if parts else None


def _completed(reader: Reader, piece: str, context: Context) -> str:
    """A follow-up with what it leaves implied by the last answer: a course's number alone
    ("and 913?" after IS-921 is IS-913), a colour after a TLP label ("red?" after TLP:AMBER
    is TLP:RED)."""
    last = reader.index.by_id(context.entry_id) if context.entry_id else None
    if last is None:
        return piece
    typed = reader.words(piece)
    numbers = [w for w in typed if _NUMBER_ALONE.fullmatch(w)]
    if len(numbers) == 1 and last.kind == "training" and not _COURSE.search(piece):
        # After a course, its series' number ("and 913?" after IS-921) when the follow-up is
        # short; in a longer one, or after a course without a code, the number of a course
        # that exists ("and the partnership one, 913?"), not a year or a head count.
        code = _COURSE.search(last.title)
        prefixes = [code.group(1)] if code else []
        prefixes += [p for p in _COURSE_PREFIXES if p not in prefixes]
        short = code is not None and len(typed) <= SHORT_FOLLOW_UP + 1
        for prefix in prefixes:
            if short or f"{prefix}{numbers[0]}".lower() in reader.index.titled:
                return re.sub(rf"\b{numbers[0]}\b", f"{prefix}-{numbers[0]}", piece, count=1)
    position = reader.index.positions[last.id]
    if reader.index.identities[position] & TLP_LABELS and not any(
        term.text in TLP_LABELS for term in reader.terms(piece)
    ):
        return _COLOUR.sub(lambda found: f"TLP:{_LABEL_OF_COLOUR[found.group().lower()]}", piece)
    return piece


def _question_in(reader: Reader, text: str, clean: str, context: Context) -> Reading:
    clean = negations_out(reader, intro_out(reader, clean))
    clean = _OWN.sub("it", without_asides(reader, reasons_out(reader, clean)))
    if _AGENCY_CHOICE.search(clean):
        # "is it HHS or CISA for hospitals?" asks which agency leads.
        clean = f"{clean} lead agency"
    sides = sides_of(clean)
    if sides is not None:
        compared = _compare(reader, sides)
        if compared is not None:
            return Reading(text, "question", tuple(compared), comparison=True)
    parts: list[Part] = []
    # Per question read so far: its words, the context before it, where its parts start.
    asked: list[tuple[str, Context, int]] = []
    here = context
    for piece in pieces_of(reader, clean):
        shape = shape_of(reader, piece)
        if asked and (
            _points_back(shape, parts[-1] if parts else None)
            or qualifies(reader, shape, piece, shape_of(reader, asked[-1][0]))
        ):
            words, here, start = asked.pop()
            del parts[start:]
            piece = f"{words}, {piece}"
        elif asked and _says_why(reader, piece, asked[-1][0], parts[asked[-1][2] :]):
            # "what was CISA called before? reading a 2016 doc that says NPPD": why it is asked.
            continue
        asked.append((piece, here, len(parts)))
        for ask in _resolve(reader, _completed(reader, piece, here), here):
            part = _answer(reader, ask)
            parts.append(part)
            here = _context_after(part, here)
    if len(asked) > 1 and not _each_answered(parts):
        reading = _questions_answered(reader, text, asked, parts) or _whole(
            reader, text, clean, context, parts
        )
    else:
        reading = _reading(text, _distinct_answers(parts)[:MAX_PARTS])
    best = reading.result.best
    if not reading.answered or (best is not None and best.score < WEAK):
        # "everyone keeps saying SRMA. what does that even mean": what the question points at.
        pointed = named_before(reader, clean)
        if pointed:
            asks = [ask for question in pointed for ask in _resolve(reader, question, context)]
            named = _reading(text, _distinct_answers([_answer(reader, ask) for ask in asks]))
            return named if named.answered else reading
    return reading


def _reading(text: str, parts: list[Part]) -> Reading:
    """A question's reading: a list when that is all it asks for."""
    browse = next((part.browse for part in parts if part.browse is not None), None)
    if browse is not None and len(parts) == 1:
        return Reading(text, "browse", tuple(parts), browse=browse)
    return Reading(text, "question", tuple(parts), browse=browse)


def _points_back(shape: Shape, before: Part | None) -> bool:
    """A piece that is no question on its own, naming no sector and nothing else of its own
    ("..., and which department leads it?", "how do I find mine"): it asks about what the
    piece before it said. A topic asked of what was just answered is a question of its own
    ("who leads water and do they have any training?", "what is the NICC and what's their
    phone number")."""
    if shape.content or shape.sectors:
        return False
    best = before.result.best if before is not None else None
    if not shape.topics or best is None:
        return True
    # "which sector" after a question about something else asks it of that something.
    return not (best.entry.sector or any(topic in LISTED for topic in shape.topics))


def _says_why(reader: Reader, piece: str, question: str, answered: list[Part]) -> bool:
    """A sentence after an answered question that asks nothing and names no sector the
    question left out ("is there a course on the NIPP? my supervisor put it on my IDP"): it
    says why the question is asked. "who leads it? we run a water plant" says of what, and
    "anything for water? resources, tools" what it asks for."""
    if is_question(reader, piece) or not is_question(reader, question):
        return False
    if not answered or not _each_answered(answered):
        return False
    said, asked = shape_of(reader, piece), shape_of(reader, question)
    return not (said.sectors and not asked.sectors) and not set(said.topics) - set(asked.topics)


def _given(part: Part) -> bool:
    """Whether a part is answered: with an entry, or with the list it asks for."""
    return part.result.answered or part.browse is not None


def _each_answered(parts: list[Part]) -> bool:
    return all(_given(part) for part in parts)


def _questions_answered(
    reader: Reader, text: str, asked: list[tuple[str, Context, int]], parts: list[Part]
) -> Reading | None:
    """The pieces that ask, when each is answered: the others only said who asks ("Fire chief
    here, small volunteer dept in rural Georgia :fire_engine: Is there an active shooter guide
    for our sector? And an online course my guys can take?")."""
    ends = [start for _, _, start in asked[1:]] + [len(parts)]
    questions = [
        (piece, parts[start:end])
        for (piece, _, start), end in zip(asked, ends, strict=True)
        if asks(reader, piece)
    ]
    kept = [part for _, answered in questions for part in answered]
    if not kept or len(kept) == len(parts) or not _each_answered(kept):
        return None
    if not all(_says_what_of(reader, piece) for piece, _ in questions):
        # "which agency leads our sector?" needs the sentence that says which.
        return None
    return _reading(text, _distinct_answers(kept)[:MAX_PARTS])


def _says_what_of(reader: Reader, piece: str) -> bool:
    """Whether the questions of a piece name what they ask about: a sector, an entry by its
    name, or words that find one entry of their own."""
    for question in sentences_of(piece):
        if not is_question(reader, question):
            continue
        shape = shape_of(reader, question)
        if not (shape.sectors or shape.names or _its_own(reader, question)):
            return False
    return True


def _whole(reader: Reader, text: str, clean: str, context: Context, parts: list[Part]) -> Reading:
    """Pieces that are not each answered on their own: the questions the message opens with
    that were answered (a later piece, read without what the earlier ones say, is the one to
    drop); when the first finds nothing, the message read as one question."""
    opening = list(takewhile(_given, parts))
    if opening:
        return _reading(text, _distinct_answers(opening))
    asks = _resolve(reader, clean.replace("\n", " "), context)
    return _reading(text, [_answer(reader, ask) for ask in asks])


def _distinct_answers(parts: list[Part]) -> list[Part]:
    """Each entry and each list once: "what's a PSA and how do I find mine" is answered by one
    card, "what courses for commercial facilities? malls, arenas" by one list."""
    seen: set[object] = set()
    kept = []
    for part in parts:
        best = part.result.best
        if part.browse is not None:
            shown = (part.browse.kind, part.browse.sectors)
            if shown in seen:
                continue
            seen.add(shown)
        elif best is not None:
            if best.entry.id in seen:
                continue
            seen.add(best.entry.id)
        kept.append(part)
    return kept


def read(text: str, matcher: Matcher, context: Context | None = None) -> Reading:
    """Read one message (as Slack sends it) in the context of its conversation."""
    text = clip_question(text)  # a bound on the time one message can take
    context = context or Context()
    clean = _it_sector(talk.without_signature(plain(text)))
    if not has_words(clean):
        return Reading(text, "smalltalk", talk="empty")
    if talk.asks_for_help(clean):
        return Reading(text, "help")
    if talk.courtesy_only(clean):
        return Reading(text, "smalltalk", talk=talk.small_talk_kind(clean))
    if talk.asks_to_act(clean):
        return Reading(text, "cannot")
    return _question(Reader(matcher), text, clean, context)


def describe(reading: Reading) -> dict:
    """What a reading adds to the JSON of ``partnerbot ask --json`` (whose fields come from
    ``reading.result``): its kind, the short reply it calls for (smalltalk, help, cannot) and
    which small talk it is, every answer, and the list."""
    browse = reading.browse
    return {
        "kind": reading.kind,
        "reply": reading.kind if reading.kind in REPLIES else None,
        "talk": reading.talk,
        "answers": [
            {
                "asked": part.asked,
                "id": part.result.best.entry.id,
                "title": part.result.best.entry.title,
                "score": part.result.best.score,
            }
            for part in reading.answers
        ],
        "browse": None
        if browse is None
        else {
            "kind": browse.kind,
            "sectors": list(browse.sectors),
            "ids": [entry.id for entry in browse.entries],
            "specific": browse.specific,
        },
    }


def _it_sector(text: str) -> str:
    """ "IT" in capitals in a short message ("and IT?", "who leads the IT one?") is the
    Information Technology sector, not the pronoun; in a long one it is more often a
    department ("our new IT hires"), left to the words around it, unless it says "IT sector" or
    "IT companies", or sets IT beside another as a choice ("does the internet fall under comms
    or IT")."""
    if text.isupper() or "IT" not in text:
        return text
    if len(text.split()) > SHORT_IT:
        return _IT_SECTOR.sub("information technology", text)
    return _IT.sub("information technology", text)


def next_context(context: Context | None, reading: Reading) -> Context:
    """The context to keep for the next message of the conversation: small talk, help and
    requests leave it as it was; a list or an answer moves it to what was asked."""
    context = Context() if context is None or reading.fresh else context
    if reading.kind == "browse" and reading.browse is not None:
        browse = reading.browse
        sector = browse.sectors[0] if len(browse.sectors) == 1 else context.sector
        topic = KIND_OF_LIST.get(browse.kind) if browse.kind != "sectors" else None
        return Context(sector if browse.kind != "sectors" else None, topic, None)
    if reading.kind != "question" or not reading.parts:
        return context
    here = context
    for part in reading.parts:
        here = _context_after(part, here)
    return here
