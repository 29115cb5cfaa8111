"""Follow-ups: a piece of a message resolved against the conversation so far (``resolve``).

A new sector inherits the topic asked, a new topic the sector; a piece that points back or is
too short to name its subject is read with the last answer's name; the last answer asked about
itself (still current? before NSM-22? whom is it for?) is answered by it; "the other one" and
"the online one?" ask for another like it. A piece that is a full question on its own
(``its_own``) is not changed by the conversation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import mentions
from knowledge.answers import KIND_OF_LIST, Context, listing
from knowledge.facts import PHONE, YEAR
from knowledge.index import KnowledgeIndex
from knowledge.lexicon import (
    FILLER,
    ITS_HISTORY,
    OTHER_AGENCIES,
    REFERRING,
    STILL_HOLDS,
    STOPWORDS,
    WHAT_AN_ANSWER_GIVES,
)
from knowledge.matcher import KINDS_ASKED, NOT_KEPT, WHEN
from knowledge.schema import Entry
from knowledge.sentences import MAX_PARTS
from knowledge.shape import (
    LISTED,
    SECTOR_LIST_WORDS,
    TOPIC_OF_TERM,
    Reader,
    Shape,
    asks_for_sector_list,
    described,
    is_question,
    shape_of,
)
from knowledge.text import concept

# The agencies a message may name ("and treasury?" asks which sector Treasury leads).
AGENCIES = rf"(?:dhs|cisa|ip|nppd|{OTHER_AGENCIES})"
_AGENCY = re.compile(rf"\b{AGENCIES}\b", re.IGNORECASE)
# An agency's own, as in "which of those is CISA's".
AGENCYS = re.compile(rf"\b({AGENCIES})['\u2019]s\b", re.IGNORECASE)
# Of whom a question asks, said by the agency: "who's the director of CISA today?".
_OF_AN_AGENCY = re.compile(rf"\bof\s+(?:the\s+)?{AGENCIES}\b", re.IGNORECASE)
# How a sector's lead agency spells an agency a message names in its own way.
AGENCY_SPELLINGS = {"uscg": "Coast Guard", "coast guard": "Coast Guard", "treasury": "Treasury"}

# "which ones does CISA lead?", asked after the list of sectors: the sectors it leads.
_WHICH_OF_THEM = re.compile(r"\bwhich\s+(?:ones|of\s+(?:them|those|these))\b")
# Asking who led the sectors once ("which sectors did IP lead") is history, not a list.
_IN_THE_PAST = frozenset({"did", "was", "were", "used", "before", "originally", "formerly"})
# A choice between sectors: "dams or transportation?", "energy vs. water", "comms/IT".
_CHOICE = re.compile(r"\b(?:or|vs|versus|either)\b|/", re.IGNORECASE)
# Whose a thing is, at a question's end: "how do we request one for our campus".
_FOR_OURS = re.compile(r"\bfor\s+(?:our|my)\s+[^?.!,;]*[?.!]*\s*$", re.IGNORECASE)
# "who ran it?" after an office: who headed what was just answered, not what it led.
_WHO_HEADED_IT = re.compile(
    r"^(?:(?:and|so|ok|but),?\s+)*who\s+(?:ran|led|headed|directed|oversaw)\s+it"
    r"(?:\s+(?:originally|at\s+first|first|before|back\s+then))?\s*\??$",
    re.IGNORECASE,
)
# Of no one sector: "general ones", "not sector specific".
_NOT_OF_A_SECTOR = re.compile(
    r"\b(?:(?:general|generic|cross[\s-]sector)\s+ones|not\s+sector[\s-]specific)\b|"
    # "what about for all sectors" after a sector's list: the same list for all.
    r"^(?:(?:and|so|ok|okay|what\s+about|how\s+about)\s+)*(?:for|across)\s+(?:all|every|any)"
    r"\s+(?:the\s+)?sectors?\W*$",
    re.IGNORECASE,
)
# "is public works in there too?": whether what it names is in the sector talked about.
_IN_IT = re.compile(
    r"^(?:(?:and|so|ok|also)\s+)*(?:is|are)\b.*\b(?:in|under|part\s+of|included\s+in|"
    r"covered\s+by)\s+(?:there|that|it|this)\b",
    re.IGNORECASE,
)
# "are we emergency services?" (the sector's name right after).
_ARE_WE = re.compile(
    r"\b(?:are\s+we|am\s+i|is\s+that|[a-z]+s\s+are|"
    # "are hotels even in CF?"
    r"(?:are|is)\s+(?:[\w&-]+\s+){1,3}?(?:even\s+|really\s+|actually\s+)?(?:in|under))"
    r"\s+(?=(?:[\w&-]+\s+){0,2}[\w&-]+\W*$)",
    re.IGNORECASE,
)
# "... or something else?", "... or not": no other choice named.
_OR_ELSE = re.compile(r",?\s+or\s+(?:something\s+else|not|what|no)\W*$", re.IGNORECASE)
# Every one of a list: "show me every contact you've got".
_EVERY = frozenset({"every", "everything", "all"})
# "which ones does DHS not lead": the whole list, each sector with its lead.
_NOT = frozenset({"not", "dont", "doesnt", "isnt", "arent", "never"})
# "any training you'd recommend for us?" in a conversation about a sector: for that sector
# (but "what does the lead agency do for us" asks what any lead does).
_FOR_US = re.compile(r"\bfor\s+(?:us|our)\b", re.IGNORECASE)
# Anything of a kind: "who can I contact about chemical sector stuff".
_GENERAL = re.compile(
    r"\b(?:about|abt|for|regarding)\s+(?!(?:that|this|those|these|it)\b)"
    r"(?:[\w&/-]+\s+){0,3}?(?:stuff|things|matters)\b|"
    # "who can I talk to about the chemical sector?": the sector as a whole.
    r"\babout\s+(?:the\s+)?(?:[\w&/-]+\s+){1,3}sector\W*$|"
    # Contacts asked for in the plural: "contact points for the dams sector".
    r"\b(?:contact\s+points|points\s+of\s+contact|pocs)\b",
    re.IGNORECASE,
)
# "who's the lead agency for my sector", "which federal agency is our lead": the sector talked
# about.
_OUR_SECTOR = re.compile(
    r"\b(?:my|our)\s+(?:sector|(?:federal\s+)?(?:lead|srma|ssa)(?:\s+agency)?)\b", re.IGNORECASE
)

# A way to reach someone, and how an answer gives it.
_DETAILS = {
    "phone": PHONE,
    "number": PHONE,
    "email": re.compile("@"),
    "address": re.compile("@"),
}

# A message this short that names only a topic ("any resources?") asks it of the sector talked
# about; a longer one ("what courses do you have") asks for all of them.
SHORT_FOLLOW_UP = 3

# Who led a sector before, besides the words of its history: "who was the lead before CISA?".
SECTOR_LEAD_HISTORY = frozenset({concept("lead")})

SECTOR_HISTORY = SECTOR_LEAD_HISTORY | {"cisa", "dhs"}

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

# What any sector's lead agency is or does, not the one talked about: "and what is an SRMA?",
# "a one-liner on what an SRMA actually does".
_ANY_LEAD_AGENCY = re.compile(
    r"\bwhats?\s+(?:is\s+|does\s+|do\s+)?an?\s+"
    r"(?:srma|ssa|sector\s+risk\s+management\s+agency|sector\s+specific\s+agency)s?\b"
)

# Asking what a word means: "what does AMBER mean", "what does SLTT stand for".
_DEFINES = re.compile(r"^whats?(?:\s+(?:is|are|does|do))?\s+.*\b(?:mean|means|stand|stands)\b")


def _asks_for_every_one(reader: Reader, text: str, topics: tuple[str, ...]) -> bool:
    """ "show me every contact you've got": the whole list, not the sector talked about ("all
    the training for my sector" is that sector's)."""
    if topics[0] not in LISTED or _EVERY.isdisjoint(reader.words(text)):
        return False
    return not (_OUR_SECTOR.search(text) or _FOR_US.search(text))


def _are_we_the_sector(reader: Reader, text: str) -> bool:
    """Whether a piece ends asking if "we" (or the things it names) are a sector it names
    ("... are we energy?", "stadiums are commercial facilities right")."""
    text = _OR_ELSE.sub("", text)
    found = _ARE_WE.search(text)
    return found is not None and bool(reader.index.sectors_in(text[found.end() :]))


def _sectors_led_by(reader: Reader, text: str, shape: Shape) -> Ask | None:
    """ "which sectors does CISA lead", "which ones are led by HHS": the list of the sectors an
    agency leads, when it leads several (Treasury's one sector is answered by its card); "which
    ones does DHS not lead": the list of all sectors, each with its lead."""
    if shape.sectors or not ("lead" in shape.topics or AGENCYS.search(text)):
        return None
    typed = set(reader.words(text))
    if typed & _IN_THE_PAST:
        return None
    if "sectors" not in typed and not _WHICH_OF_THEM.search(text.lower()):
        return None
    named = {found.lower() for found in _AGENCY.findall(text)}
    agency_words = {word for name in named for word in name.split()}
    if len(named) != 1 or set(shape.content) - agency_words - SECTOR_LIST_WORDS:
        return None
    if typed & _NOT:
        return Ask(text, browse="sectors")
    name = named.pop()
    agency = AGENCY_SPELLINGS.get(name, name.upper())
    if len(listing(reader.index, "sectors", led_by=agency).entries) < 2:
        return None
    return Ask(text, browse="sectors", led_by=agency)


@dataclass(frozen=True)
class Ask:
    """A piece of a message resolved: the question to match, or a list to show."""

    asked: str
    sector: str | None = None
    topic: str | None = None
    browse: str | None = None  # a list kind
    sectors: tuple[str, ...] = ()
    # A contact asked of a sector: its contact entry if it has one, else the contacts list.
    contact_or_list: bool = False
    # What else the piece may ask, read when ``asked`` finds nothing.
    otherwise: Ask | None = None
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
    led_by: str | None = None  # the agency whose sectors a sectors list is kept to


def _canonical(index: KnowledgeIndex, topic: str, sector: str) -> str:
    name = index.sector_titles.get(sector, sector)
    return {
        "lead": f"who leads the {name}",
        "covers": f"what does the {name} cover",
        "contact": f"contact for the {name}",
    }[topic]


def _own_subject(index: KnowledgeIndex, text: str, shape: Shape, context: Context) -> bool:
    """Whether a piece names something of its own. In a follow-up a word that is no entry's
    own word (in a title, keywords or questions) is no subject ("and the oil and gas side?");
    after a list, nor is a word that says little ("sorry, I mean for chemical plant people")."""
    if (shape.follows or shape.refers) and context.topic and shape.sectors:
        said = shape.content
        if context.topic in LISTED and not (shape.refers or _FOR_US.search(text)):
            said = tuple(term for term in said if term not in FILLER)
        return any(term in index.holders for term in said)
    return bool(shape.content)


# The question asked again of something else: "same for the hospital?".
_SAME_FOR = re.compile(
    r"^\W*(?:(?:ok|okay|and|so)\W+)*(?:the\s+)?same(?:\s+question)?\s+for\b[^?]{0,40}\?*\s*$",
    re.IGNORECASE,
)


def _for_every_sector(index: KnowledgeIndex, entry_id: str) -> bool:
    """Whether an entry is a service offered to every sector alike (a PSA visit, a scan), not
    a sector's own, nor a course, which is for its own audience."""
    entry = index.by_id(entry_id)
    return entry is not None and entry.kind == "resource" and not entry.sector


def resolve(reader: Reader, text: str, context: Context) -> list[Ask]:
    """The questions a piece asks, follow-ups resolved against the context."""
    index = reader.index
    shape = shape_of(reader, text)
    dated = _dated_where_it_names(reader, text, context.entry_id)
    if dated is not None:
        return [Ask(text, again=dated)]
    if context.entry_id and any(
        asks(reader, text, shape, context.entry_id) for asks in _WHAT_THE_LAST_ANSWER_SAYS
    ):
        return [Ask(text, again=context.entry_id)]
    if context.entry_id and _SAME_FOR.match(text) and _for_every_sector(index, context.entry_id):
        # "same for the hospital?" after the PSAs' assessment of a stadium: an answer that
        # holds for every sector holds for this one too.
        return [Ask(text, again=context.entry_id)]
    if (
        context.topic in LISTED
        and not (shape.sectors or shape.names or shape.topics)
        and _NOT_OF_A_SECTOR.search(text)
    ):
        # "and general ones, not sector specific" after a sector's list: the list for all.
        return [Ask(text, None, context.topic, LISTED[context.topic])]
    named = mentions.one_it_names(reader, text, shape, context.entry_id)
    if named is not None:
        # "where are the plans?" after what an SRMA does: the plans its answer names.
        return [Ask(text, again=named)]
    if _names_it_by_kind(reader, text, shape, context):
        # "is there a contact for the program office" after PCII: PCII's program office; a
        # contact asked for is the kind wanted ("who's the program office contact").
        topic = "contact" if "contact" in shape.topics else next(iter(shape.topics), None)
        asked = _about_entry(index, text, context.entry_id)
        return [Ask(asked, None, topic, of_kind=topic in LISTED, prefer=context.entry_id)]
    pointed = (
        _whose_history(reader, text, shape, context)
        or mentions.the_others(reader, text, context.entry_id)
        or mentions.other_it_names(reader, text, shape, context.entry_id)
        or mentions.whose_it_is(reader, text, context.entry_id)
        or mentions.its_courses(reader, text, shape, context.entry_id)
        or mentions.one_it_lists(reader, text, context.entry_id)
        or mentions.course_it_mentions(reader, text, context.entry_id)
    )
    if pointed is not None:
        return [Ask(text, again=pointed)]
    continues = context.topic is not None and (shape.follows or shape.refers)
    if len(shape.sectors) > 1 and not shape.topics and not continues and _CHOICE.search(text):
        # "navigation locks: dams or transportation?" asks which sector they belong to.
        return [Ask(f"{text} which sector", None, "covers")]
    if shape.named and not shape.topics and _are_we_the_sector(reader, text):
        # "county public works - are we emergency services??": whether the sector covers us.
        return [Ask(f"{text} which sector", None, "covers")]
    if (
        shape.sectors
        and not (shape.named or shape.topics)
        and _IN_IT.match(" ".join(reader.words(text)))
    ):
        # "is public works in there too?" after Emergency Services: the sector it is in.
        return [Ask(f"{text} which sector", None, "covers")]
    if len(shape.named) > 1 and shape.topics[:1] == ("contact",) and not shape.names:
        # "what's the ESS team email and the dams data email?": each sector's contact.
        return [
            Ask(_canonical(index, "contact", s), s, "contact", contact_or_list=True)
            for s in shape.named
        ][:MAX_PARTS]
    # Before a subject of its own: "show me the 16 sectors" names none but the list.
    led = _sectors_led_by(reader, text, shape)
    if led is not None:
        return [led]
    if asks_for_sector_list(reader, text, shape):
        return [Ask(text, browse="sectors")]
    if (
        context.sector
        and context.entry_id
        and not (shape.sectors or shape.names or shape.topics or shape.another)
        and _finds_a_sector_unnamed(reader, text)
    ):
        # "how many dams are there, and what share is privately owned": asked of the sector
        # talked about, not of another whose card says the same words.
        return [Ask(_about_entry(index, text, context.entry_id), prefer=context.entry_id)]
    if _own_subject(reader.index, text, shape, context):
        # Its own subject ("and the SCC?"): a question on its own ...
        topic = shape.topics[0] if shape.topics else None
        if shape.which_one and context.entry_id and not shape.sectors and not shape.names:
            # "what about the online one?" after the active shooter workshops: another on
            # the same subject, told by what it is; "the 5 day one" may be the last itself.
            last = context.entry_id
            titled = _titled_among(reader, text, context.recent)
            if titled is not None:
                # "and who chairs the government one" after SCC vs GCC: the one so titled.
                return [Ask(_about_entry(index, text, titled), None, topic, prefer=titled)]
            if shape.which_one == "not the last":
                # "not that one, the in-person one": its own words, the last answer ruled out.
                # What is ruled out says nothing of what is asked ("not a single site, the
                # regional one").
                own = text.split(",", 1)[1].strip() if "," in text else text
                alone = Ask(own, None, topic, besides=last)
                if topic is not None or context.topic is None:
                    return [alone]
                # One of the kind answered last ("the EOC one" after a course: a course).
                asked = f"{own} {context.topic}"
                return [Ask(asked, None, context.topic, otherwise=alone, besides=last)]
            besides = last if shape.which_one == "another" else None
            asked = _about_entry(index, text, last)
            return [Ask(asked, None, topic, otherwise=Ask(text, None, topic), besides=besides)]
        if topic is None and _another_of_the_kind(reader, shape, text, context):
            # "something on partnership too?" after a course: a course on partnership.
            asked = f"{text} {context.topic}"
            return [Ask(asked, None, context.topic, otherwise=Ask(text), of_kind=True)]
        if _asks_of_the_last_answer(reader, shape, text, context):
            # ... unless it asks it of what was answered last ("does it cost anything?",
            # "how do we sign up"): read with that entry's name; alone again if that finds
            # nothing and it names an entry ("and did that change under NSM-22?").
            alone = Ask(text, None, topic) if shape.names else None
            if alone is None and not shape.topics and _about_it(reader, shape, context.entry_id):
                # "how long is it", "how many lessons": what the last answer itself says.
                alone = Ask(text, again=context.entry_id)
            # Or of an earlier answer, the one that holds what it asks ("who was the director
            # back then" after SOPD, then the sectors it led).
            asked_of = _held_earlier(reader, text, context) or context.entry_id
            about = _about_entry(index, text, asked_of)
            return [Ask(about, None, topic, otherwise=alone, prefer=asked_of)]
        if (
            topic is None
            and context.topic in LISTED
            and shape.follows
            and shape.points
            and not _DEFINITION.match(" ".join(reader.words(text)))
        ):
            # "and one on the NIPP?" after a course: another of the kind listed, on that.
            alone = Ask(text)
            asked = f"{text} {context.topic}"
            return [Ask(asked, None, context.topic, otherwise=alone, of_kind=True)]
        if context.entry_id and _finds_the_last_again(reader, text, topic, context.entry_id):
            # "who's the contact for the charter renewal" after CIPAC: CIPAC's contact.
            asked = _about_entry(index, text, context.entry_id)
            return [Ask(asked, None, topic, of_kind=True)]
        inherited = _inherited(index, shape, context) if continues else []
        # "and our parent company runs a satellite network": the topic asked before, when the
        # words of its own find nothing; not when they ask a fact no entry keeps ("and what's
        # Hoover Dam's storage capacity?" is not who leads dams).
        asks_unkept = any(term.text in NOT_KEPT for term in reader.terms(text))
        otherwise = inherited[0] if inherited and not asks_unkept else None
        if (
            otherwise
            and context.topic == "covers"
            and shape.follows
            and not (shape.topics or shape.named or shape.names)
        ):
            # "and the federal courthouse across the street?" after which sector a mall is in:
            # which sector the thing named is in, whatever else its words find.
            return inherited[:1]
        if otherwise is None and _asks_of_an_agency(shape, text, context):
            # "and treasury?" after who leads water: which sector that agency leads.
            otherwise = Ask(f"{text} lead agency", None, "lead")
        listed = otherwise is None and _lists_despite(index, shape, topic) and not asks_unkept
        if listed:
            named = (shape.named or shape.sectors)[:1]
            the_list = Ask(text, named[0], topic, LISTED[topic], named)
            if shape.lists or not (shape.named or shape.points):
                # "show me the list of training for nuclear sector people": the list itself;
                # and "training for shopping mall security staff?", the sector told by what it
                # is made of, which a course names only as whom it is for.
                return [the_list]
            # "what training is there for nuclear plant security staff?": the sector's list,
            # when no one entry of the kind asked answers it.
            otherwise = the_list
        sector = shape.sectors[0] if shape.sectors else None
        return [Ask(text, sector, topic, otherwise=otherwise, of_kind=listed)]
    sectors, topics = shape.sectors, shape.topics
    inherited = False
    if not topics and sectors and context.topic:
        topics, inherited = (context.topic,), True
    # "who are the SRMAs" in a conversation about a sector asks who leads it, and "what are the
    # segments" what it covers.
    asks_who = topics == ("lead",) and reader.words(text)[:1] in (["who"], ["whos"])
    asks_what_it_covers = topics == ("covers",) and shape.size <= ELLIPTIC
    points_back = (
        shape.refers
        or shape.follows
        or shape.size <= SHORT_FOLLOW_UP
        or asks_who
        or asks_what_it_covers
        or (topics[:1] != ("lead",) and bool(_FOR_US.search(text)))
        or bool(_OUR_SECTOR.search(text))
    ) and not ("lead" in topics and _ANY_LEAD_AGENCY.search(" ".join(reader.words(text))))
    if topics and not sectors and _asks_for_every_one(reader, text, topics):
        # "show me every contact you've got": the whole list, whatever was talked about.
        return [Ask(text, None, topics[0], LISTED[topics[0]])]
    if (
        topics
        and not sectors
        and context.sector
        and points_back
        and not _at_the_entry(index, shape, context)
    ):
        sectors, inherited = (context.sector,), True
    if not topics and not sectors:
        if (
            context.entry_id
            and not shape.another
            and (shape.refers or shape.follows or not shape.content)
        ):
            # "then who is?": a piece that says nothing of its own asks about the last answer.
            about = _about_entry(index, text, context.entry_id)
            return [Ask(about, prefer=context.entry_id)]
        return [Ask(text)]
    topic = topics[0] if topics else None
    if (
        topic == "covers"
        and shape.points
        and len(sectors) > 1
        and context.sector in sectors
        and _IT_COVERS.match(" ".join(reader.words(text)))
    ):
        # "does it cover research reactors or just power plants" after nuclear: whether the
        # sector talked about covers them, whatever other sector they may belong to.
        return [Ask(_canonical(index, topic, context.sector), context.sector, topic)]
    if not sectors and context.entry_id and points_back:
        # "what's their phone number" after the NICC: asked of the entry, not of all of them;
        # answered by an entry of the kind asked for, if any ("training on it?" after the CRR
        # is not the CRR again).
        return [Ask(_about_entry(index, text, context.entry_id), None, topic, of_kind=True)]
    # Contacts "about dams stuff" are any of the sector's, as contacts asked for as a list.
    any_of_them = shape.lists or _GENERAL.search(text) is not None
    if topic in LISTED and (topic != "contact" or not sectors or any_of_them):
        if sectors and not shape.named and not inherited and sectors[0] != context.sector:
            # "courses for emergency managers": a sector read from the people or the place
            # named, with nothing of its own to list, may be asked of one entry of that kind;
            # in a conversation about that sector ("any training for hospitals?" after who
            # leads healthcare), its list.
            found = reader.match(text).best
            # One that holds more of the piece than the kind asked ("resources for stadiums"
            # finds the PSAs by "resources" alone: the sector's list).
            of_its_kind = (
                found is not None
                and found.anchors > 1
                and found.entry.kind == KIND_OF_LIST[LISTED[topic]]
            )
            if of_its_kind and not listing(index, LISTED[topic], sectors).specific:
                return [Ask(text, None, topic)]
        return [Ask(text, sectors[0] if sectors else None, topic, LISTED[topic], sectors)]
    if topic == "contact":
        return [Ask(_canonical(index, topic, s), s, topic, contact_or_list=True) for s in sectors][
            :MAX_PARTS
        ]
    if (inherited and topic in ("lead", "covers")) or (topic == "lead" and len(shape.named) > 1):
        # "who leads dams, chemical and nuclear?": each sector asked the same.
        return [Ask(_canonical(index, topic, s), s, topic) for s in sectors][:MAX_PARTS]
    return [Ask(text, sectors[0] if sectors else None, topic)]


def _finds_a_sector_unnamed(reader: Reader, text: str) -> bool:
    """Whether a piece naming no sector finds a sector's card all the same, by words many
    sectors' cards use ("what share is privately owned" after how many dams there are)."""
    found = reader.match(text).best
    return found is not None and found.entry.kind == "sector"


# "does it cover ...", "does that include ...": asked of the sector talked about.
_IT_COVERS = re.compile(r"^(?:\w+\s+){0,2}?(?:does|do|would|will)\s+(?:it|that|this|they)\s+")


def _finds_the_last_again(reader: Reader, text: str, topic: str | None, entry_id: str) -> bool:
    """Whether a piece asking for a kind of entry finds, read alone, the last answer, which is
    of another kind: "who's the contact for the charter renewal" after CIPAC asks for CIPAC's
    contact."""
    if topic not in LISTED:
        return False
    found = reader.match(text).best
    return (
        found is not None
        and found.entry.id == entry_id
        and found.entry.kind != KIND_OF_LIST[LISTED[topic]]
    )


def _inherited(index: KnowledgeIndex, shape: Shape, context: Context) -> list[Ask]:
    """The topic of the conversation asked of the sectors a piece names."""
    if context.topic not in ("lead", "covers"):
        return []
    return [Ask(_canonical(index, context.topic, s), s, context.topic) for s in shape.sectors]


# Only when, of what was just answered: "when exactly?", "when did that happen?".
_WHEN_WAS_IT = re.compile(
    r"^(?:(?:and|so|ok|okay|but)\s+)?when(?:\s+(?:exactly|was|were|did|that|it|this|they|"
    r"happen|happened|change|changed|again|roughly|"
    # "when was the new one signed?"
    r"the\s+(?:new|newer|old|older|first|current)\s+one|signed|issued|released|published|"
    r"adopted|created|established|start|started))*$"
)


# Which part of an agency: "which office at DOE", "which parts of DHS exactly".
_WHICH_OFFICE_OF = re.compile(
    r"^(?:(?:and|so|ok|okay|but)\s+)?(?:which|what)\s+(?:office|part|division|branch|component)s?"
    r"\s+(?:at|inside|in|within|of)\s+(?P<agency>[a-z]+)\b"
)


def _asks_which_office_of(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "which office at DOE" after an answer that names DOE and its office: that answer again."""
    entry = reader.index.by_id(entry_id)
    found = _WHICH_OFFICE_OF.match(" ".join(reader.words(text)))
    return (
        entry is not None
        and found is not None
        and re.search(rf"\b{found['agency']}\b", entry.answer, re.IGNORECASE) is not None
    )


def _asks_when_it_was(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "when exactly?" after an answer that gives a year: that answer again."""
    entry = reader.index.by_id(entry_id)
    return (
        entry is not None
        and _WHEN_WAS_IT.match(" ".join(reader.words(text))) is not None
        and YEAR.search(entry.answer) is not None
    )


def _dated_where_it_names(reader: Reader, text: str, entry_id: str | None) -> str | None:
    """ "when did that change?" after an answer that gives no year but names the one entry
    that does: that entry ("TLP:WHITE is now TLP:CLEAR, the TLP 2.0 name": TLP 2.0's date)."""
    # The words first: most pieces ask no "when", and an answer takes longer to search.
    if not entry_id or not _WHEN_WAS_IT.match(" ".join(reader.words(text))):
        return None
    entry = reader.index.by_id(entry_id)
    if entry is None or YEAR.search(entry.answer):
        return None
    dated = [named for named in reader.named_in(entry) if YEAR.search(named.answer)]
    return dated[0].id if len(dated) == 1 else None


# A yes-or-no question about what was just answered: "is that role regulatory?".
_IS_IT = re.compile(r"^(?:(?:and|so|ok|but)\s+)?(?:is|are)\s+(?:that|it|this|they)\b")


def _asks_if_it_is_so(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "is that role regulatory?" after the Chemical card, which says the role is not: that
    card again, when it says every word asked and the question names nothing of its own."""
    if shape.sectors or shape.names or shape.topics or not shape.content:
        return False
    if not _IS_IT.match(" ".join(reader.words(text))):
        return False
    return all(reader.index.says(entry_id, term) for term in shape.content)


def _asks_if_it_still_holds(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "is that email still good?", "still current?": about the last answer, and nothing else:
    not what another entry is called ("and PPD-21, is that still a thing?"), nor a way to reach
    it the answer does not give ("is there still a phone number for that?" after a web form)."""
    if shape.which_one:
        # "and the live one?" picks one by what it is; "is it still live?" asks if it holds.
        return False
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


def _lists_despite(index: KnowledgeIndex, shape: Shape, topic: str | None) -> bool:
    """Whether a piece asking a sector's courses or resources with a word of its own
    ("security") asks for the list when that word finds no one entry: one word, at most, or
    two when it asks for the list in so many words ("the list of courses relevant to
    facilities like ours"). The sector may be named by what it is made of ("hospital security
    folks"). Contacts only when asked for as a list, with a word some entry holds ("who are
    the public contacts you have for healthcare"; not "the water utilities in Texas with their
    contacts"): one contact is more often the one asked for."""
    if not shape.sectors:
        return False
    if topic == "contact":
        held = all(word in index.holders for word in shape.content)
        return shape.lists and held and len(shape.content) <= 1
    own_words = 2 if shape.lists else 1
    return topic in ("training", "resource") and len(shape.content) <= own_words


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


def _titled_among(reader: Reader, text: str, recent: tuple[str, ...]) -> str | None:
    """Of the entries answered lately, the one whose title has the word "the ... one" tells
    it by, when only one has it."""
    word = described(" ".join(reader.words(text)))
    if word is None or len(recent) < 2:
        return None
    found = [
        entry_id
        for entry_id in recent
        if (entry := reader.index.by_id(entry_id)) is not None and word in reader.words(entry.title)
    ]
    return found[0] if len(found) == 1 else None


def _names_it_by_kind(reader: Reader, text: str, shape: Shape, context: Context) -> bool:
    """A follow-up that calls what was answered last by its kind ("the program office")."""
    if not context.entry_id or shape.sectors or shape.names or not shape.content:
        return False
    # "a phone number for the program office": the way to reach it says nothing of what it is.
    return set(shape.content) - set(_DETAILS) <= _KIND_NAMES and "the" in reader.words(text)


def _asks_whom_it_is_for(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
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
    r"\b(?:set|start|book|schedule|arrange|organize|host)\s+(?:one|it|them)\b|"
    # "who would we talk to about getting one for our county".
    r"\bget(?:ting)?\s+one\s+(?:for|in|at)\s+(?:our|my|the)\b|"
    # "ok who do i ask then", after the bot could not book it.
    r"\b(?:ask|contact|talk\s+to|go\s+to|reach\s+out\s+to)\s+(?:then|instead)$)"
)


def _asks_whom_to_arrange_it_with(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "who do I contact to get one scheduled" after a workshop or an assessment whose answer
    says whom to ask (a PSA, or its contacts): that answer again, not a contact of its sector."""
    entry = reader.index.by_id(entry_id)
    if entry is None or entry.kind == "contact" or shape.sectors or shape.names:
        return False
    if not _ARRANGING.match(" ".join(reader.words(text))):
        return False
    return bool(entry.contacts) or reader.index.says(entry_id, "psa")


# What a policy or an agency did to the thing talked about: "did NSM-22 rename it?".
_DONE_TO_IT = re.compile(
    r"\b(?:rename|renamed|change|changed|move|moved|replace|replaced|affect|affected|keep|"
    r"kept|merge|merged)\s+(?:it|them)\b",
    re.IGNORECASE,
)


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
        # "the healthcare sector" says nothing of its history.
        said -= {concept(shape.named[0]), "sector"}
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
    # "did NSM-22 rename it?": what the last answer says the policy did to it.
    its_own = _DONE_TO_IT.search(text) is not None and all(index.says(last.id, t) for t in said)
    if shape.names and (
        asks_what or (named and not its_own) or not (shape.points or shape.refers or shape.follows)
    ):
        return None
    return last.id


_INSTEAD = frozenset({"instead", "use"})  # "what should I use instead"


def _reaches_it_instead(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """Whether a piece asks another way to reach what the contact just given reaches, naming
    nothing of its own ("what should I use instead", "is there an email instead?"): that
    contact says what else to use."""
    last = reader.index.by_id(entry_id)
    if last is None or last.kind != "contact" or shape.sectors or shape.names:
        return False
    return "instead" in shape.content and set(shape.content) - _INSTEAD <= KINDS_ASKED


def _asks_who_headed_it(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "who ran it originally?": the last answer says who headed it."""
    return _WHO_HEADED_IT.match(text.strip()) is not None


# "and why not comms and IT?": why the last answer leaves out what it names.
_WHY_NOT = re.compile(r"^(?:(?:and|but|so|ok)\s+)?why\s+(?:not|isnt|arent|wasnt|werent)\b")


def _asks_why_it_leaves_out(reader: Reader, text: str, shape: Shape, entry_id: str) -> bool:
    """ "and why not comms and IT if those are cisa too??" after the six sectors the office
    led: the sectors asked about are ones that answer names, so it says why."""
    entry = reader.index.by_id(entry_id)
    if entry is None or entry.kind == "sector" or not shape.sectors:
        return False
    if not _WHY_NOT.match(" ".join(reader.words(text))):
        return False
    return set(shape.sectors) <= set(reader.index.sectors_in(entry.answer))


# What a piece may ask of the last answer, which that answer already says: it is given again.
_WHAT_THE_LAST_ANSWER_SAYS = (
    _asks_if_it_is_so,
    _asks_why_it_leaves_out,
    _asks_if_it_still_holds,
    _asks_whom_it_is_for,
    _asks_whom_to_arrange_it_with,
    _asks_who_headed_it,
    _asks_when_it_was,
    _asks_which_office_of,
    _reaches_it_instead,
)


def _at_the_entry(index: KnowledgeIndex, shape: Shape, context: Context) -> bool:
    """Whether "that" or "it" points at the last answer rather than the sector talked about:
    an answer of no sector ("Who do I contact to get into that?" after HSIN's faith-based
    community's contact, though a church with a school was said to be the asker's; "which
    sectors did it lead" after SOPD, though a poultry plant was asked about before)."""
    last = index.by_id(context.entry_id) if context.entry_id else None
    return shape.refers and last is not None and last.sector is None


# At most this many entries hold a word that tells an earlier answer from the last one.
_TELLING = 2


def _held_earlier(reader: Reader, text: str, context: Context) -> str | None:
    """The earlier answer a piece asks of: the last answer says none of the words it holds in
    few entries, and an earlier answer holds them all as its own."""
    index = reader.index
    held = {
        term.text
        for term in reader.terms(text)
        if 0 < len(index.holders.get(term.text, ())) <= _TELLING
    }
    if not held or any(index.says(context.entry_id or "", term) for term in held):
        return None
    for entry_id in reversed(context.earlier):
        position = index.positions.get(entry_id)
        if all(position in index.holders[term] for term in held):
            return entry_id
    return None


def _asks_of_the_last_answer(reader: Reader, shape: Shape, text: str, context: Context) -> bool:
    """A piece with words of its own that still asks about the last answer: it points back or
    is short, names no sector and no entry, and alone finds no entry of its own ("under PPD-21"
    says when, not what: "was it the same agency under PPD-21?")."""
    # "ok and the phone number for the program office": how to reach what was just answered.
    reaches_it = shape.follows and "contact" in shape.topics
    if not context.entry_id or shape.another or _names_a_sector_asked(reader, shape, text):
        return False
    if not (_elliptic(shape) or reaches_it):
        return False
    if not shape.points and _OF_AN_AGENCY.search(text):
        return False  # it says whose: "who's the director of CISA today?"
    said = " ".join(reader.words(text))
    if shape.content and _DEFINES.match(said):
        # "what does AMBER mean on those" asks what AMBER means.
        return False
    if _ANY_LEAD_AGENCY.search(said):
        return False  # "a one-liner on what an SRMA actually does": any sector's
    subject = WHEN.sub(" ", text)
    return not shape_of(reader, subject).names and not its_own(reader, subject)


_TOO = re.compile(r"\b(?:too|also|as\s+well)\b", re.IGNORECASE)


def _another_of_the_kind(reader: Reader, shape: Shape, text: str, context: Context) -> bool:
    """Whether a piece asks for another of the kind just listed or answered, on a subject of
    its own that the last answer does not hold ("we also staff the county EOC, anything for
    that?" after a workplace security course)."""
    if context.topic not in LISTED or not context.entry_id or shape.sectors or shape.names:
        return False
    if not _TOO.search(text):
        return False
    holders = reader.index.holders
    last = reader.index.positions.get(context.entry_id)
    held = [term for term in shape.content if term in holders]
    return bool(held) and all(last not in holders[term] for term in held)


def _names_a_sector_asked(reader: Reader, shape: Shape, text: str) -> bool:
    """Whether a piece names a sector it asks of: not only whose a thing pointed at would be
    ("how do we request one for our campus")."""
    if not shape.sectors or not shape.points or not is_question(reader, text):
        return bool(shape.sectors)
    ours = _FOR_OURS.search(text)
    return ours is None or bool(shape_of(reader, text[: ours.start()]).sectors)


def its_own(reader: Reader, text: str) -> bool:
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
    return text if entry is None else f"{text} {entry_name(entry)}"


def entry_name(entry: Entry) -> str:
    """The name partners know an entry by: its first keyword, else its title."""
    return entry.keywords[0] if entry.keywords else entry.title
