"""Reading a Slack message: what it asks, resolved against the conversation so far.

``read(text, matcher, context)`` is the one entry point for every surface (the Slack handlers,
the local shell, ``partnerbot ask``). It never raises and never touches Slack or a database:

1. Slack's markup is read, not matched (``markup.plain``).
2. Small talk (greetings, thanks, emoji, an escape sequence, nothing), a call for help and a
   request to do something (``talk``) get a short reply of their own kind, never a card.
3. A comparison ("SCC vs GCC", "difference between a PSA and the RRAP") is answered with both
   entries, or with the one entry that answers for both sides ("RC3 vs RCPGP"), or with the
   narrower side's when one side names the other and more ("AMBER vs AMBER+STRICT"). "X or Y?" asks
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
   first one" and "are both still current?" are read against the entries they point at, and
   "back to the EOC course, ..." against the one its words find.
6. Asking for training, resources or contacts of a sector, or the list of sectors, in plain
   words ("what training is there for energy?") is browsing: the same list as ``/ci training``.

Where a message's questions start and what around them says only why or who asks is found by
``sentences``; what a piece names and how it asks, by ``shape``; how a follow-up reads against
the conversation, by ``follow_ups``; references to earlier answers by place, by ``references``;
which sector the asker's business is in, where the message sets the matcher right, by
``business``.
What a reading gives (``Reading``, ``Part``, ``Browse``) and keeps (``Context``) is ``answers``.

``next_context`` gives the context to store after a reading. ``Reading.result`` is the first
part's ``MatchResult``, so code written for ``Matcher.match`` keeps working.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import takewhile

from knowledge import business, mentions, references, spoken, talk
from knowledge.answers import KIND_OF_LIST, REPLIES, Context, Part, Reading, listing
from knowledge.business import DOING
from knowledge.follow_ups import (
    AGENCIES,
    AGENCYS,
    SHORT_FOLLOW_UP,
    Ask,
    entry_name,
    its_own,
    resolve,
)
from knowledge.index import SECTOR_CONCEPTS, KnowledgeIndex
from knowledge.lexicon import JOINT, LABEL_FAMILIES
from knowledge.limits import clip_question
from knowledge.markup import has_words, plain
from knowledge.matcher import NOT_KEPT, REACHING, TIED, WHEN, YES_OR_NO, Matcher, MatchResult
from knowledge.schema import Entry
from knowledge.sentences import (
    EMBEDDED,
    MAX_PARTS,
    OR_WHICH,
    OUR_PROVIDER,
    asker_out,
    asks,
    asks_how_to_reach,
    asks_whether_said,
    corrections_out,
    each_named_before,
    hearsay_out,
    intro_out,
    lists_what_was_asked,
    named_before,
    names_an_uncovered_program,
    negations_out,
    new_subject,
    pieces_of,
    qualifies,
    reasons_out,
    sector_of_each_listed,
    sector_said,
    sentences_of,
    sides_of,
    two_named,
    two_names_alike,
    what_it_is_about,
    without_asides,
)
from knowledge.shape import (
    LISTED,
    TOPIC_OF_KIND,
    TOPIC_OF_TERM,
    Reader,
    Shape,
    is_question,
    only_lists,
    shape_of,
)
from knowledge.text import COURSE_CODE, Term, concept

_IT = re.compile(r"\bIT\b")

# "IT sector", "IT companies", "IT" set beside another sector as a choice ("comms or IT"),
# asked for at the end ("contacts for IT?") or asked whether it is a sector apart.
_IT_SECTOR = re.compile(
    r"\bIT(?=\s+(?:sector|or|vs\b|compan(?:y|ies)|firms?|industry|providers?|vendors?)\b)|"
    r"(?<=\bor\s)IT\b|(?<=\bvs\s)IT\b|"
    # A question's end ("any contacts for IT?") or a clause's ("the SRMA for IT, and ...").
    r"(?<=\bfor\s)IT(?=[?!.]*$|[?!.,;]+\s|\s+and\s+(?:was|is|did|does|who|what|which|how)\b)|"
    # Asked whether it is a sector apart: "is IT the same sector or a separate one".
    r"(?<=\b[iI]s\s)IT(?=\s+(?:the\s+same|a\s+separate|its\s+own|a\s+sector|part\s+of)\b)"
)

SHORT_IT = 5  # words


# An answer this weak to a question that points at what the sentences before it name is the
# lesser reading of the two.
WEAK = 0.3
# An answer this strong stands beside a question of the same message that finds nothing.
SURE = 0.8


def _answer(reader: Reader, ask: Ask) -> Part:
    """Match a resolved piece; with its list when it asks for one."""
    index = reader.index
    if ask.again is not None:
        return Part(ask.asked, reader.again(ask.asked, ask.again), ask.sector, ask.topic)
    result = reader.match(ask.asked)
    if ask.besides is not None:
        result = reader.besides(result, ask.besides)
    if ask.prefer is not None and _answers_the_kind(index, ask.prefer, reader.terms(ask.asked)):
        result = reader.prefer(result, ask.prefer)
    result = mentions.catalogue(reader, result, mentions.asks_for_courses(reader, ask.asked))
    if ask.of_kind and not _of_the_kind(index, result, ask.topic):
        result = MatchResult(ask.asked, None, alternatives=result.alternatives)
    if not result.answered and ask.otherwise is not None:
        return _answer(reader, ask.otherwise)
    listed = None
    if ask.browse:
        listed = listing(index, ask.browse, ask.sectors, ask.led_by)
    elif ask.contact_or_list:
        best = result.best
        if best is None or best.entry.kind != "contact" or best.entry.sector != ask.sector:
            listed = listing(index, "contacts", (ask.sector,) if ask.sector else ())
    return Part(ask.asked, result, ask.sector, ask.topic, listed, _thing_in(reader, ask, result))


def _thing_in(reader: Reader, ask: Ask, result: MatchResult) -> str | None:
    """Of a yes-or-no question whether a thing is in a sector ("does the utility that powers
    our plant count as DIB?", "are pipelines under energy?"), answered by that sector's card:
    the one other sector the thing itself is in."""
    best = result.best
    if best is None or best.entry.kind != "sector" or not YES_OR_NO.search(ask.asked):
        return None
    shape = shape_of(reader, ask.asked)
    if best.entry.sector not in shape.named or set(shape.topics) - {"covers"}:
        return None
    others = set(shape.sectors) - set(shape.named)
    return others.pop() if len(others) == 1 else None


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
    after = context.answered(entry, part.sector, part.topic or TOPIC_OF_KIND.get(entry.kind))
    return replace(after, sector=part.thing_in) if part.thing_in else after


# Asking where to report something, which is one place whatever happened.
_REPORT = concept("report")

_AGENCY_CHOICE = re.compile(rf"\b{AGENCIES}\s*,?\s+(?:or|and/or)\s+{AGENCIES}\b", re.IGNORECASE)
# The sectors an office or agency "covers" or "handles" are those it leads ("which sectors did
# it cover back then" after SOPD), not what a sector covers; "back then" says only when.
_SECTORS_AN_OFFICE_COVERS = re.compile(
    rf"\bwhich\s+(?:sectors|ones)\s+(?:did|does|do)\s+(?:{AGENCIES}|sopd|ip|it|they|"
    r"(?:the|your)\s+(?:office|division))\s+(?P<verb>cover|handle|oversee|run|lead)\b"
    r"(?:\s+back\s+then\b)?",
    re.IGNORECASE,
)


# A course code in a title ("AWR-334", "IS-921.a") and a number alone, as a course's is.
_COURSE_PREFIXES = ("IS", "AWR", "PER", "MGT")

_COURSE = re.compile(rf"\b({'|'.join(_COURSE_PREFIXES)})-\d{{2,4}}", re.IGNORECASE)

_NUMBER_ALONE = re.compile(r"\d{3,4}")

# The TLP labels, and the colour words that name them after a TLP answer.
TLP_LABELS = frozenset(label for labels in LABEL_FAMILIES.values() for label in labels)
_TLP_ITSELF = frozenset(LABEL_FAMILIES)  # the name of the protocol, "TLP"

_LABEL_OF_COLOUR = {
    "clear": "CLEAR",
    "white": "CLEAR",
    "green": "GREEN",
    "amber": "AMBER",
    "strict": "AMBER+STRICT",
    "red": "RED",
}

# "clear" said of a channel is the verb ("who can clear a channel for amber").
_COLOUR = re.compile(
    # Not a channel's clearance: "how does a channel get cleared for amber".
    r"(?<!cleared\sfor\s)(?<!clear\sfor\s)(?<!clears\sfor\s)"
    r"\b(?:clear(?!\s+(?:a|an|the|our|my|this|that|it|channels?)\b)|"
    r"white|green|amber|strict|red)\b",
    re.IGNORECASE,
)
# A label's colour in capitals asked of, in a message about TLP: "the deck was marked TLP:RED
# ... What does RED actually allow?".
_LABEL_SHOUTED = re.compile(
    r"(?<=\b(?i:what)\s(?i:does)\s)(RED|GREEN|AMBER(?:\+STRICT)?|CLEAR|WHITE)"
    r"(?=\s+(?i:(?:actually\s+|even\s+|really\s+)?(?:allow|mean|permit|cover)s?)\b)"
)
# Whom a labelled message is passed on to ("can I forward it to the managed service provider
# who runs our SOC?"): what the label allows is asked, not anything of them.
_PASSED_ON = re.compile(
    r"(?P<passing>\b(?:forward|share|send|pass|give|show)\s+(?:it|this|that)\s+"
    r"(?:on\s+|along\s+)?(?:to|with)\s+)(?P<whom>[^?.!\n]+)",
    re.IGNORECASE,
)


def _whom_passed_to(found: re.Match[str], reader: Reader) -> str:
    """Whom it is passed on to, as "them" when a sector's words say who they are and no entry
    is named (the NICC, AIS: passing it to them may be what is asked)."""
    terms = {term.text for term in reader.terms(found["whom"])}
    if terms.isdisjoint(SECTOR_CONCEPTS) or not terms.isdisjoint(reader.index.titled):
        return found.group()
    return f"{found['passing']}them"


# A kind of thing pointed at in a question ("What is that council", "what that course is
# called"), after a sentence that brings one in undescribed by name: "someone mentioned
# there's a council specifically for state, local, tribal and territorial governments".
_KINDS = "council|course|class|program|programme|workshop|group|tool|service|office|plan"
_POINTED_KIND = re.compile(rf"\b(?:that|this)\s+(?P<kind>{_KINDS})\b", re.IGNORECASE)
_BROUGHT_IN = r"\b(?:a|an)\s+(?P<said>(?:[\w'/-]+\s+){{0,5}}?(?:{kind})\b.*?)"
# Kinds said by other words: a course is a class.
_KIND_WORDS = {"course": "course|class", "class": "course|class", "programme": "program"}
# Where what is said of it ends: its sentence's end, or a clause about something else.
_SAID_OF_IT_ENDS = r"(?=[.?!;\n]|,\s+(?:and|but|so|which|who|where|with)\b)"


def _named_for_pointer(text: str, reader: Reader) -> str:
    """A message whose question points at a kind of thing ("that council"), with the name of
    the one entry that what the sentence before said of it finds for sure."""
    pointer = _POINTED_KIND.search(text)
    if pointer is None:
        return text
    before = text[: pointer.start()]
    kind = pointer["kind"].lower()
    pattern = _BROUGHT_IN.format(kind=_KIND_WORDS.get(kind, kind)) + _SAID_OF_IT_ENDS
    brought_in = list(re.finditer(pattern, before, re.IGNORECASE))
    if not brought_in:
        return text
    found = reader.match(brought_in[-1]["said"])
    if found.best is None or not found.certain:
        return text
    return f"{before}the {found.best.entry.title}{text[pointer.end() :]}"


# An alert of the label just answered, pointed at: "one of those", "such an alert".
_ONE_OF_THOSE = re.compile(
    r"\b(?:one\s+of\s+(?:those|these|them)|such\s+an?\s+(?:alert|one)|an?\s+alert\s+like\s+that)\b",
    re.IGNORECASE,
)

# Whether a course, by its code, is the one described: "is IS-906 the active shooter one?", "is
# AWR-334 one of the OBP courses?".
_IS_IT_THE_ONE = re.compile(
    rf"^(?:(?:so|and|wait)\s+)?is\s+(?P<code>{COURSE_CODE})\s+"
    r"(?:one\s+of\s+)?the\s+(?:[\w/-]+\s+){1,4}(?:one|course|class)e?s?"
    r"(?:\s+for\s+(?:that|this|us|it))?\s*\??$|"
    # ... or said first, then checked: "IS-907 is that 8-hour in-person class, right?"
    rf"^(?P<said>{COURSE_CODE})\s+(?:is|was)\s+(?:that|the)\s+(?:[\w/-]+\s+){{1,5}}"
    r"(?:one|course|class|workshop|training)\b[^?]*?,?\s*(?:right|correct)\s*\?",
    re.IGNORECASE,
)

# One of the courses a message lists, told by what it is: "IS-860.c, IS-913.a, IS-2200 -
# which one is the one about EOCs?".
_WHICH_LISTED = re.compile(
    r"(?:^|[.?!:\n]\s*)which(?:\s+one)?(?:\s+of\s+(?:them|these|those))?\s+(?:is|was)\s+"
    r"(?P<what>[^?.!\n]+)\?*\s*$",
    re.IGNORECASE,
)
_CODES = re.compile(rf"\b{COURSE_CODE}\b", re.IGNORECASE)

# "mine", "ours" closing a clause: the asker's own one of what was named, not a mine.
_OWN = re.compile(
    r"\b(?:mine|ours|yours|theirs)\b(?=\s*(?:[?.!,;]|$|\s+(?:and|too|is|are)\b))",
    re.IGNORECASE,
)


def _one_listed(reader: Reader, text: str) -> MatchResult | None:
    """The course, of those the message lists before asking "which one is ...", that the rest
    of the question tells apart (``_chosen``)."""
    asked = _WHICH_LISTED.search(text) if "which" in text.lower() else None
    if asked is None:
        return None
    codes = dict.fromkeys(code.lower() for code in _CODES.findall(text, 0, asked.start()))
    listed = [best.entry.id for code in codes if (best := reader.match(code).best)]
    if len(set(listed)) < 2:
        return None
    return _chosen(reader, asked["what"], tuple(listed))


# What the bot lists or gave: "the ICS 101 course you list".
_YOURS = re.compile(
    r"\byou\s+(?:list|listed|have|mention|mentioned|gave|show|showed)\b", re.IGNORECASE
)


def _compare(reader: Reader, sides: tuple[str, str]) -> list[Part] | None:
    """Both sides' entries, or the narrower side's when one side names the other and more
    ("AMBER vs AMBER+STRICT"), or the side the bot lists when the other finds nothing; None
    when one entry answers both ("RC3 vs RCPGP": the entry on RC3 says it is not RCPGP) or a
    side finds nothing: then it is one question."""
    a_text, b_text = sides
    a, b = reader.match(a_text), reader.match(b_text)
    if (a.best is None) != (b.best is None):
        # "is ICS 100 (the incident command one) the same as the ICS 101 course you list?": of
        # the one the bot gives, its card says what it is.
        known = Part(b_text, b) if a.best is None else Part(a_text, a)
        return [known] if _YOURS.search(known.asked) else None
    if a.best is None or b.best is None or a.best.entry.id == b.best.entry.id:
        return None
    # Each side's words, without the family both belong to ("TLP:AMBER vs AMBER+STRICT").
    families = set(LABEL_FAMILIES)
    a_words = set(reader.words(a_text)) - families
    b_words = set(reader.words(b_text)) - families
    if a_words < b_words or b_words < a_words:
        # "amber vs amber+strict": the narrower one's entry says how it differs.
        return [Part(b_text, b)] if a_words < b_words else [Part(a_text, a)]
    return [Part(a_text, a), Part(b_text, b)]


def _question(reader: Reader, text: str, clean: str, context: Context) -> Reading:
    clean, fresh = new_subject(reader, clean)
    if fresh:
        context = Context()
    reading = (
        _listed_before(reader, text, clean, context)
        or _referred(reader, text, clean, context)
        or _question_in(reader, text, clean, context)
    )
    # Which sector the asker's business is in, when what it says of itself sets the matcher right.
    for corrected in (business.guess_corrected, business.claim_settled, business.what_we_are):
        reading = _sector_card(reader, reading, clean, corrected(reader, reading, clean))
    reading = _in_the_askers_sector(reader, reading, clean)
    return replace(reading, fresh=True) if fresh else reading


_HOW_DO_WE = r"how\s+(?:do|can|should|would)\s+(?:i|we)\s+"
# Asking how to send out an alert: "how do I push an alert to the energy folks about ...",
# "how do I share a suspicious activity alert with the other partners", "can I share a warning
# we got with the other towns in here through you?".
_HOW_TO_ALERT = re.compile(
    rf"\b(?:{_HOW_DO_WE}|(?:can|could)\s+(?:i|we)\s+)(?:(?:actually|just|even|really)\s+)?"
    r"(?P<verb>post|share|push|send|put|get|broadcast)"
    r"\b[^?.!\n]*?\b(?:as\s+)?an?\s+(?:[\w-]+\s+){0,3}?(?:alert|warning)\b",
    re.IGNORECASE,
)
# ... and so, after asking something else: "and how do I send a red alert through the bot",
# "how do i actually send one" (not "get one", which asks for what was named before).
_SENDS_AN_ALERT = re.compile(
    rf"^\W*(?:(?:and|also|plus|then|so)\s+)*{_HOW_DO_WE}"
    r"(?:actually\s+)?(?:send|share|post|push)\b[^?]*?\b(?:alerts?|one)\b",
    re.IGNORECASE,
)
_TLP_SAID = re.compile(r"\btlp\b\s*:?", re.IGNORECASE)


def _asks_how_to_alert(reader: Reader, text: str) -> str | None:
    """The question how to send out an alert, when a message asks nothing else: what the alert
    is about ("a phishing campaign targeting our co-op members") is not what is asked."""
    lowered = text.lower()
    found = _HOW_TO_ALERT.search(text) if "alert" in lowered or "warning" in lowered else None
    if found is None:
        return None
    after = pieces_of(reader, text[found.end() :])
    if after and not talk.QUESTION.match(" ".join(reader.words(after[0]))):
        # The piece goes on with the same question ("... we got with the other towns in here
        # through you?"), where no new one opens.
        after = after[1:]
    rest = [*pieces_of(reader, text[: found.start()]), *after]
    if any(is_question(reader, piece) for piece in rest):
        return None
    # "tlp red meaning + how do i send an alert as red" asks of what it names first, too.
    if shape_of(reader, text[: found.start()]).names:
        return None
    # What the alert is about ("a suspicious activity alert") is no more asked than the rest.
    return f"how do I {found['verb']} an alert"


def _sector_card(reader: Reader, reading: Reading, clean: str, sector: str | None) -> Reading:
    """The message answered with one sector's card, or the reading as it was when no sector is
    given or the knowledge base has none for it."""
    card = reader.index.sector_entries.get(sector) if sector else None
    if card is None:
        return reading
    return _reading(reading.text, [_answer(reader, Ask(clean, again=card))])


def _in_the_askers_sector(reader: Reader, reading: Reading, clean: str) -> Reading:
    """The reading with the one sector the message says the asker is in ("I'm a controls
    engineer at a water treatment plant"), when what it asks names none: a later "who's the lead
    agency for my sector" asks of it."""
    if reading.kind != "question" or any(part.sector for part in reading.parts):
        return reading
    sentences = sentences_of(clean)
    if len(sentences) < 2:
        return reading  # a question alone says its sector, if any, in what it asks
    # Read sentence by sentence, as the questions were found (each already shaped).
    sectors = {sector for sentence in sentences for sector in shape_of(reader, sentence).sectors}
    if len(sectors) != 1:
        return reading
    sector = sectors.pop()
    parts = tuple(replace(part, sector=sector) for part in reading.parts)
    return replace(reading, parts=parts)


def _listed_before(reader: Reader, text: str, clean: str, context: Context) -> Reading | None:
    """A message about an entry the last answer listed, by its place ("the second one you
    mentioned, what does it cover?", "the last one on that list, is the NRC its SRMA?"), read
    as asked of it. With two answers or more kept, "the second one" alone is the second answer
    (``_referred``)."""
    listed = mentions.one_by_place(reader, clean, context.entry_id)
    if listed is None or (len(set(context.recent)) > 1 and not listed.said):
        listed = _listed_with_the_last(reader, clean, context)
    if listed is None:
        return None
    entry = listed.entry
    last = sentences_of(listed.rest)[-1:] or [""]
    if set(reader.words(last[0])) <= _ONLY_POINTING:
        # "graphic novel style lol ok. the fourth one?": that entry itself.
        return _reading(text, [_answer(reader, Ask(text, again=entry.id))])
    # Asked of that entry alone: not of the sector the conversation was about.
    pointed = replace(
        context.answered(entry, None, TOPIC_OF_KIND.get(entry.kind, context.topic)),
        sector=entry.sector,
    )
    return _question_in(reader, text, listed.rest, pointed)


# What is left of "the fourth one?", "and the last one?" without the place: nothing asked.
_ONLY_POINTING = frozenset({"it", "and", "what", "about", "how", "so", "ok", "okay", "then"})


def _listed_with_the_last(reader: Reader, clean: str, context: Context) -> mentions.Listed | None:
    """ "what about the last one" after "the second one you listed": a place in the list the
    last answer was picked from."""
    if not context.earlier or context.entry_id is None:
        return None
    before = reader.index.by_id(context.earlier[-1])
    if before is None or context.entry_id not in {e.id for e in reader.listed_in(before)}:
        return None
    return mentions.one_by_place(reader, clean, before.id)


def _referred(reader: Reader, text: str, clean: str, context: Context) -> Reading | None:
    """A message about earlier answers by their place ("go back to the first one: is there a
    team email for it?", "are both still current?"), read against each as if it had been
    answered last. "which of those two ..." is a choice, read alone, or else between the two;
    "where do the two of them meet" asks of both together, read with their names. None when
    the message names a subject of its own ("the first sector plans") or points at nothing
    kept."""
    reference = references.find(clean, context.recent)
    if reference is None:
        return _back_to(reader, text, clean, context)
    rest = reference.said_as("it")
    shape = shape_of(reader, rest)
    if shape.sectors or shape.names or its_own(reader, rest):
        return None
    if mentions.MENTIONING & set(shape.content) or mentions.other_it_names(
        reader, clean, shape_of(reader, clean), context.entry_id
    ):
        # "the other one it mentions", "the other surveillance one" after AWR-940: what the
        # last answer names, not an earlier answer.
        return None
    if reference.choice:
        asked = reference.said_as("which")
        led = _led_by(reader, asked, reference.entries)
        if led is not None:
            return Reading(text, "question", (Part(asked, reader.again(asked, led)),))
        alone = _question_in(reader, text, asked, Context())
        if alone.answered:
            return alone
        chosen = _chosen(reader, asked, reference.entries)
        if chosen:
            return Reading(text, "question", (Part(asked, chosen),))
        # Neither one fits the words better ("which of those two is quicker"): both, side by
        # side, when they are alike (two courses, not a sector and a course) and what is asked
        # is not a fact neither keeps.
        both = [reader.again(asked, entry_id) for entry_id in reference.entries]
        if all(r.best for r in both) and len({r.best.entry.kind for r in both if r.best}) == 1:
            return Reading(text, "question", tuple(Part(asked, r) for r in both), comparison=True)
        return alone
    entries = [e for e in map(reader.index.by_id, reference.entries) if e is not None]
    if len(entries) > 1 and JOINT & set(reader.words(rest)):
        names = " and ".join(entry_name(entry) for entry in entries)
        return _question_in(reader, text, reference.said_as(names), Context())
    parts: list[Part] = []
    for entry in entries:
        pointed = context.answered(entry, None, TOPIC_OF_KIND.get(entry.kind, context.topic))
        parts.extend(_question_in(reader, text, rest, pointed).parts)
    return _reading(text, _distinct_answers(parts)[:MAX_PARTS]) if parts else None


# "ok back to the EOC course, do my people need a FEMA SID for it": an earlier answer told by
# what it is, then what is asked of it.
_BACK_TO = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|alright)[\s,]+)*(?:go(?:ing)?\s+)?back\s+to\s+(?:the\s+)?"
    r"(?P<what>[^,:;?!.\u2013\u2014]{2,40}?)\s*(?:[,:;\u2013\u2014-]+\s*|"
    r"\s+(?=(?:do|does|did|is|are|was|what|how|who|whom|can|could|where|when|which|will)\b))"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _back_to(reader: Reader, text: str, clean: str, context: Context) -> Reading | None:
    """A message going back to an earlier answer by what it is ("back to the EOC course, do my
    people need a FEMA SID for it"): the rest read as asked of it, when its words find that
    answer first and the rest so read is answered."""
    found = _BACK_TO.match(clean)
    if found is None or len(context.recent) < 2:
        return None
    ranked = reader.ranked(found["what"])
    if not ranked or ranked[0].entry.id not in context.recent:
        return None
    entry = ranked[0].entry
    pointed = context.answered(entry, None, TOPIC_OF_KIND.get(entry.kind, context.topic))
    reading = _question_in(reader, text, found["rest"], pointed)
    return reading if reading.answered else None


# Which of two things set side by side: "X vs Y — which one do I contact for ...".
_WHICH_OF_TWO = re.compile(
    r"\bwhich\s+(?:one|of\s+(?:them|the\s+two|those|these))\b", re.IGNORECASE
)


def _tells_one(reader: Reader, question: str) -> bool:
    """Whether what a choice asks after its "which" says something one of two may be ("which
    one do I contact for a cyber incident"), not only which to take ("which should I do
    first")."""
    asked = shape_of(reader, question[question.lower().rindex("which") :])
    return bool(asked.content or asked.topics or asked.sectors)


def _led_by(reader: Reader, question: str, entries: tuple[str, ...]) -> str | None:
    """Of sectors answered, the one an agency the question names as the owner leads ("which of
    the two is CISA's" after dams and energy: dams)."""
    owner = AGENCYS.search(question)
    if owner is None:
        return None
    named = re.compile(rf"\b{re.escape(owner[1])}\b", re.IGNORECASE)
    led = [
        entry.id
        for entry in map(reader.index.by_id, entries)
        if entry is not None and entry.lead_agency and named.search(entry.lead_agency)
    ]
    return led[0] if len(led) == 1 else None


def _chosen(reader: Reader, question: str, entries: tuple[str, ...]) -> MatchResult | None:
    """Of the answers a choice is between ("which of those two is narrower", "... the industry
    side"), the one the question's words find clearly ahead of the other."""
    ranked = reader.ranked(question)
    among = [candidate for candidate in ranked if candidate.entry.id in entries]
    if not among or among[0].score < reader.suggest:
        return None
    runner_up = among[1].score if len(among) > 1 else 0.0
    if among[0].score - runner_up < TIED:
        return None
    return MatchResult(question, among[0], alternatives=tuple(among[1:]))


# "that sector", or "the sector" when nothing after it says which ("what did they used to call
# the sector before ppd-21"; not "the sector for hospitals").
_THAT_SECTOR = re.compile(
    r"\b(?:(?:that|this|the\s+same)\s+sector\b|the\s+sector\b(?!\s*(?:for|of|that|which|where|"
    r"we|our|i|my|is|are)\b|-))",
    re.IGNORECASE,
)


def _completed(reader: Reader, piece: str, context: Context) -> str:
    """A follow-up with what it leaves implied by the last answer: a course's number alone
    ("and 913?" after IS-921 is IS-913), a colour after a TLP label ("red?" after TLP:AMBER
    is TLP:RED), the sector talked about ("does our power utility count in that sector too")."""
    pointer = _THAT_SECTOR.search(piece) if context.sector else None
    # Not when the message has just called one by its name ("ok critical manufacturing.
    # training for that sector?"): that is the sector it points at.
    if pointer and not shape_of(reader, piece[: pointer.start()]).named:
        title = reader.index.sector_titles.get(context.sector, context.sector)
        piece = _THAT_SECTOR.sub(f"the {title}", piece)
    last = reader.index.by_id(context.entry_id) if context.entry_id else None
    if last is None:
        return piece
    typed = reader.words(piece)
    numbers = [w for w in typed if _NUMBER_ALONE.fullmatch(w)]
    # After a course, or an answer naming courses by code (the FEMA IS contact).
    of_courses = last.kind == "training" or _COURSE.search(last.answer) is not None
    if len(numbers) == 1 and of_courses and not _COURSE.search(piece):
        # After a course, its series' number ("and 913?" after IS-921) when the follow-up is
        # short; in a longer one, or after a course without a code, the number of a course
        # that exists ("and the partnership one, 913?"), not a year or a head count.
        code = _COURSE.search(last.title) if last.kind == "training" else None
        prefixes = [code.group(1)] if code else []
        prefixes += [p for p in _COURSE_PREFIXES if p not in prefixes]
        short = code is not None and len(typed) <= SHORT_FOLLOW_UP + 1
        for prefix in prefixes:
            if short or f"{prefix}{numbers[0]}".lower() in reader.index.titled:
                return re.sub(rf"\b{numbers[0]}\b", f"{prefix}-{numbers[0]}", piece, count=1)
    position = reader.index.positions[last.id]
    # After a label's answer or TLP's own ("what happened to TLP:WHITE? also what does GREEN
    # allow").
    identity, names = reader.index.identities[position], reader.index.names[position]
    if (identity & TLP_LABELS or names & _TLP_ITSELF) and not any(
        term.text in TLP_LABELS for term in reader.terms(piece)
    ):
        coloured = _COLOUR.sub(
            lambda found: f"TLP:{_LABEL_OF_COLOUR[found.group().lower()]}", piece
        )
        if coloured == piece and identity & TLP_LABELS and _ONE_OF_THOSE.search(piece):
            # "would one of those show up in our team channel?" after TLP:RED: a RED alert.
            return f"{piece} {last.title}"
        return coloured
    return piece


# "what sector is the mall?", "which sector is the resort itself in?": the thing asked of.
_WHICH_SECTOR_IS = re.compile(
    r"\b(?:what|which)\s+(?:ci\s+)?sector\s+(?:is|are)\s+(?P<thing>(?:the|a|an)\s+[^?.!,]{2,40}?)"
    r"(?:\s+(?:itself|themselves))?(?:\s+(?:in|under))?\s*\?*\s*$",
    re.IGNORECASE,
)


# "i know the university is gov facilities, but what about the hospital itself?": the thing
# asked of after what is known of another.
_BUT_WHAT_ABOUT = re.compile(
    r"\bbut\s+what\s+about\s+(?P<thing>(?:the|a|an|our)\s+[^?.!,]{2,40}?)"
    r"(?:\s+(?:itself|themselves))?\s*\?*\s*$",
    re.IGNORECASE,
)


def _sector_asked_of(reader: Reader, text: str) -> str | None:
    """The thing a closing "what sector is the X?" (or "..., but what about the X?") asks of,
    when it names one sector and the message names others besides."""
    lowered = text.lower()
    found = _WHICH_SECTOR_IS.search(text) if "sector" in lowered else None
    if found is None and "what about" in lowered:
        found = _BUT_WHAT_ABOUT.search(text)
    if found is None:
        return None
    asked = shape_of(reader, found["thing"]).sectors
    if len(asked) != 1 or set(shape_of(reader, text).sectors) <= set(asked):
        return None
    return found["thing"]


# Why a sector was not one of the office's own ("why isn't transportation one of SOPD's six
# sectors?", "why weren't comms and IT among the office's sectors"): the card of the six says
# which were left to other parts of DHS.
_WHY_NOT = re.compile(r"\bwhy\b[^.?!]*?\b(?:isn'?t|aren'?t|wasn'?t|weren'?t|not)\b", re.I)
_THE_OFFICES_SECTORS = re.compile(
    r"\b(?:the\s+six|six\s+sectors|"  # "one of the six"
    r"(?:sopd|ip|(?:the|your|old)\s+office)'?s?\s+(?:six\s+)?sectors|"  # "SOPD's sectors"
    r"(?:your|the\s+old)\s+office\s+(?:covers?|leads?|led)|"  # "your office cover dams"
    r"sectors\s+(?:sopd|the\s+(?:old\s+)?office|your\s+office)\s+(?:led|leads))\b",
    re.IGNORECASE,
)
_OFFICES_OWN = "which sectors did SOPD lead"


def _compares(reader: Reader, text: str) -> tuple[str, str] | None:
    """The two sides a text compares, if it does."""
    return sides_of(text) or two_named(reader, text)


def _question_in(reader: Reader, text: str, clean: str, context: Context) -> Reading:
    why_not = _WHY_NOT.search(clean) if "why" in clean.lower() else None
    if why_not and _THE_OFFICES_SECTORS.search(clean, why_not.start()):
        # What is asked before it is asked still ("who's the SRMA for IT, and why wasn't it
        # one of SOPD's sectors?").
        before = clean[: why_not.start()]
        clean = f"{before}{_OFFICES_OWN}" if asks(reader, before) else _OFFICES_OWN
    clean = hearsay_out(what_it_is_about(clean))
    clean = negations_out(reader, intro_out(reader, corrections_out(reader, clean)))
    listed = sector_of_each_listed(reader, clean)
    if listed:
        # "we have a reactor, a hospital and a stadium. which sectors are those in?"
        return _reading(text, [_answer(reader, Ask(asked)) for asked in listed])
    clean = _OWN.sub("it", without_asides(reader, reasons_out(reader, asker_out(reader, clean))))
    checked = _IS_IT_THE_ONE.match(clean)
    if checked:
        # "is IS-906 the active shooter one?", "is AWR-334 one of the OBP courses?": what the
        # course is says whether it is.
        clean = f"what is {checked['code'] or checked['said']}"
    covered = _SECTORS_AN_OFFICE_COVERS.search(clean)
    if covered:
        clean = f"{clean[: covered.start('verb')]}lead{clean[covered.end() :]}"
    if _AGENCY_CHOICE.search(clean):
        # "is it HHS or CISA for hospitals?" asks which agency leads.
        clean = f"{clean} lead agency"
    elif WHEN.search(clean) and _leads_one_sector(reader, clean):
        # "Is EPA still the lead for water under NSM-22 or did CISA take that over?": the
        # directive says when the lead is asked of, not what.
        clean = WHEN.sub(" ", clean)
    elif (how_to_alert := _asks_how_to_alert(reader, clean)) is not None:
        # "I have a suspicious drone report ... how do I post it as an alert": how to share
        # one through the bot, whatever it is about.
        clean = how_to_alert
    elif _says_what_we_do(reader, clean, context):
        # "our company makes steel castings and forgings", said alone: which sector that is.
        clean = f"{clean} which sector"
    elif (thing := _sector_asked_of(reader, clean)) is not None:
        # "the refinery across the highway is energy I assume, but what sector is the mall?":
        # the sector of the thing the question names, whatever the rest says of others.
        clean = f"which sector is {thing}"
    alike = two_names_alike(reader, clean)
    if alike is not None and not _compares(reader, clean):
        clean = alike
    each = each_named_before(reader, clean)
    if each:
        return _reading(
            text,
            [_answer(reader, ask) for asked in each for ask in resolve(reader, asked, context)],
        )
    # Not a comparison of the whole when its questions are asked line by line and the first
    # compares nothing ("Two Qs:\n• who's the SRMA for financial services?\n• what's the
    # difference between an SRMA and the SSA?"): each is asked.
    asked_lines = [line for line in clean.splitlines() if line.rstrip().endswith("?")]
    sides = (
        None
        if len(asked_lines) > 1 and not _compares(reader, asked_lines[0])
        else _compares(reader, clean)
    )
    if sides is not None:
        compared = _compare(reader, sides)
        if (
            compared is not None
            and len(compared) == 2
            # ... or "X or Y, which is the surveillance detection one".
            and (_WHICH_OF_TWO.search(clean) or OR_WHICH.match(clean))
            # "which one is the desktop tool, and which is the interview": each of them.
            and clean.lower().count("which") == 1
            # "which should I do first" says nothing of either: both.
            and _tells_one(reader, clean)
        ):
            # "NICC vs NCCIC — which one do I contact for a cyber incident": the one that fits.
            ids = tuple(part.result.best.entry.id for part in compared if part.result.best)
            chosen = _chosen(reader, clean, ids)
            if chosen is not None:
                return Reading(text, "question", (Part(clean, chosen),), comparison=True)
        if compared is not None:
            return Reading(text, "question", tuple(compared), comparison=True)
    told = _one_listed(reader, clean)
    if told is not None:
        return Reading(text, "question", (Part(clean, told),))
    parts: list[Part] = []
    # Per question read so far: its words, the context before it, where its parts start.
    asked: list[tuple[str, Context, int]] = []
    here = context
    for piece in pieces_of(reader, clean):
        shape = shape_of(reader, piece)
        alone: list[Part] = []  # what the piece it joins found alone
        if asked and (
            _points_back(piece, shape, parts[-1] if parts else None)
            or qualifies(reader, shape, piece, shape_of(reader, asked[-1][0]))
            or asks_how_to_reach(shape)
            or only_lists(shape)
            or lists_what_was_asked(shape, set(shape_of(reader, asked[-1][0]).topics))
            # "We make transformers for utilities.\nDoes that put us in the energy sector?"
            or (asks_whether_said(shape, piece) and not is_question(reader, asked[-1][0]))
        ):
            words, here, start = asked.pop()
            alone = parts[start:]
            del parts[start:]
            piece = f"{words}, {piece}"
        elif asked and _says_why(reader, piece, asked[-1][0], parts[asked[-1][2] :]):
            # "what was CISA called before? reading a 2016 doc that says NPPD": why it is asked.
            continue
        asked.append((piece, here, len(parts)))
        if len(asked) > 1 and _SENDS_AN_ALERT.match(piece):
            # "what does TLP:RED mean and how do I send a red alert through the bot?": how to
            # share an alert through the bot, whatever its label.
            ask = Ask(_TLP_SAID.sub(" ", _COLOUR.sub(" ", piece)))
            joined = [_answer(reader, ask)]
        else:
            joined = [
                _answer(reader, ask)
                for ask in resolve(reader, _completed(reader, piece, here), here)
            ]
        if alone and _each_answered(alone) and not any(_given(part) for part in joined):
            # "where's the dams sector-specific plan, and is it current?": what the plan
            # found alone, when asking more of it finds nothing.
            joined = alone
        elif alone and shape.points and _WHAT_IS.match(words) and _new_answers(alone, joined):
            # "what is SOPD and which sectors did it lead": the second asks more of what the
            # first defined, and another entry answers it.
            joined = [*alone, *joined]
        for part in joined:
            parts.append(part)
            here = _context_after(part, here)
    if len(asked) > 1 and not _each_answered(parts):
        reading = _questions_answered(reader, text, asked, parts) or _whole(
            reader, text, clean, context, asked, parts
        )
    else:
        reading = _reading(
            text, _distinct_answers(_without_weak_statements(reader, asked, parts))[:MAX_PARTS]
        )
    best = reading.result.best
    if not reading.answered or (best is not None and best.score < WEAK):
        # "everyone keeps saying SRMA. what does that even mean": what the question points at.
        pointed = named_before(reader, clean)
        if pointed:
            resolved = [ask for question in pointed for ask in resolve(reader, question, context)]
            named = _reading(text, _distinct_answers([_answer(reader, ask) for ask in resolved]))
            if named.answered:
                return named
    if not reading.answered:
        return _questions_alone(reader, text, clean, context) or reading
    return reading


# A message opening with what the asker's organisation does.
_WE_DO = re.compile(
    rf"^(?:(?:hi|hey|hello|so|ok|fyi)\s+)*(?:we|were|our\s+(?:\w+\s+){{0,2}}?\w+|i)\s+{DOING}"
)


def _leads_one_sector(reader: Reader, text: str) -> bool:
    """Whether a text asks only who leads one sector it names."""
    shape = shape_of(reader, text)
    return shape.topics == ("lead",) and len(shape.sectors) == 1


def _says_what_we_do(reader: Reader, text: str, context: Context) -> bool:
    """Whether a message is one statement that only says what the asker's organisation does,
    in one sector's words, with nothing talked about before."""
    if context.topic or "?" in text or len(sentences_of(text)) > 1:
        return False
    shape = shape_of(reader, text)
    if len(shape.sectors) != 1 or shape.topics or shape.names or is_question(reader, text):
        return False
    return _WE_DO.match(" ".join(reader.words(text))) is not None


def _by_piece(
    asked: list[tuple[str, Context, int]], parts: list[Part]
) -> list[tuple[str, list[Part]]]:
    """Each piece read, with the parts it was answered with."""
    ends = [start for _, _, start in asked[1:]] + [len(parts)]
    return [(piece, parts[start:end]) for (piece, _, start), end in zip(asked, ends, strict=True)]


def _without_weak_statements(
    reader: Reader, asked: list[tuple[str, Context, int]], parts: list[Part]
) -> list[Part]:
    """The parts, less those of statements that found an entry only weakly beside questions
    that found theirs ("First week at the partnership office and still learning the alphabet
    soup. What exactly is SOPD?" is no question about the office's front desk)."""
    if len(asked) < 2:
        return parts
    kept: list[Part] = []
    dropped = False
    by_piece = _by_piece(asked, parts)
    # What the contacts the questions found are the contacts of ("CIPAC's contact"): a
    # statement finding one of them only says what a question asks whom to contact about,
    # when every question found its answer (not one left for the statement to stand in for).
    contacted_about = (
        {
            entry.id
            for piece, answered in by_piece
            if asks(reader, piece)
            for p in answered
            if p.result.best is not None and p.result.best.entry.kind == "contact"
            for entry in reader.named_in(p.result.best.entry)
        }
        if all(p.result.best is not None for p in parts)
        else set()
    )
    for piece, answered in by_piece:
        # "quick one from the 911 center" only says who asks.
        said = shape_of(reader, piece)
        whose = not (said.content or said.topics)
        weak = all(
            p.result.best is not None
            and (
                p.result.best.score < WEAK
                or (whose and p.result.best.entry.kind == "sector")
                or p.result.best.entry.id in contacted_about
            )
            for p in answered
        )
        # "... asked which sector we fall under" asks, though it is said as a statement.
        if weak and answered and not asks(reader, piece) and not EMBEDDED.search(piece):
            dropped = True
        else:
            kept.extend(answered)
    strong = any(
        p.browse is not None or (p.result.best is not None and p.result.best.score >= WEAK)
        for p in kept
    )
    return kept if dropped and strong else parts


def _questions_alone(reader: Reader, text: str, clean: str, context: Context) -> Reading | None:
    """A message that finds nothing with the statements around its questions ("We think
    someone phished our AP clerk and is in our email\nHow do I report this to CISA?"): its
    questions read alone and in turn, when each is answered, or when those finding nothing
    only say again what one answered surely asks."""
    sentences = sentences_of(clean)
    questions = [s for s in sentences if is_question(reader, s)]
    if not questions or len(questions) == len(sentences):
        return None
    if any(names_an_uncovered_program(reader, s) for s in sentences if s not in questions):
        return None  # "CIRCIA question: is it final ...": the statements say what is asked of
    pieces = [piece for question in questions for piece in pieces_of(reader, question)]
    statements = [s for s in sentences if s not in questions]
    if not pieces or not (
        _says_what_it_asks(reader, pieces[0]) or _says_again(reader, pieces[0], statements)
    ):
        return None  # "how do I get a copy?" asks of what the statements say
    # A later piece may ask of what the one before found ("What was SOPD and what did it do?").
    parts: list[Part] = []
    unanswered: list[str] = []
    here = context
    for piece in pieces:
        if (
            parts
            and not _says_what_it_asks(reader, piece)
            and not _points_back(piece, shape_of(reader, piece), parts[-1])
        ):
            unanswered.append(piece)  # "Is there a program mailbox somewhere?": said again
            continue
        for ask in resolve(reader, piece, here):
            parts.append(_answer(reader, ask))
            here = _context_after(parts[-1], here)
            if not _given(parts[-1]):
                unanswered.append(piece)
    answered = [part for part in parts if _given(part)]
    if not answered or any(_asks_of_the_unkept(reader, piece) for piece in unanswered):
        return None
    if unanswered and not any(p.result.best and p.result.best.score >= SURE for p in answered):
        return None
    # "Who do we email with NIPP questions? Is there a program mailbox somewhere?": a piece
    # finding nothing, asking only of what entries hold, beside one answered surely, says it
    # again.
    return _reading(text, _distinct_answers(answered)[:MAX_PARTS])


def _asks_of_the_unkept(reader: Reader, piece: str) -> bool:
    """Whether a piece asks of a program or a fact no entry keeps, or of something no entry
    holds a word of ("what's the occupancy limit our fire marshal will allow?")."""
    holders = reader.index.holders
    return any(
        term.text in NOT_KEPT or (term.text not in holders and not term.filler)
        for term in reader.terms(piece)
    )


def _says_again(reader: Reader, piece: str, statements: list[str]) -> bool:
    """Whether a question names again what the statements before it are about ("I'll be our
    liaison at the county EOC. Is there a course that explains how EOCs run?")."""
    holders, common = reader.index.holders, reader.index.ubiquitous
    said = {
        term.text
        for statement in statements
        for term in reader.terms(statement)
        if term.text in holders and term.text not in common and not term.filler
    }
    return any(term.text in said for term in reader.terms(piece) if term.text not in TOPIC_OF_TERM)


def _says_what_it_asks(reader: Reader, piece: str) -> bool:
    """Whether a question needs nothing around it: it names a sector or an entry, finds one of
    its own, or asks where to report, which is one place whatever happened."""
    shape = shape_of(reader, piece)
    if shape.sectors or shape.names or any(term.text == _REPORT for term in reader.terms(piece)):
        return True
    if shape.points:
        return False
    # "What does a Sector Risk Management Agency do, in plain English?": what a word means.
    # "TWIC card renewal - how long does it take?": "it" is what the statement names.
    defines = _WHAT_IS.match(piece) or _WHAT_IT_DOES.match(piece)
    return bool(shape.topics and defines) or its_own(reader, piece)


def _reading(text: str, parts: list[Part]) -> Reading:
    """A question's reading: a list when that is all it asks for."""
    browse = next((part.browse for part in parts if part.browse is not None), None)
    if browse is not None and len(parts) == 1:
        return Reading(text, "browse", tuple(parts), browse=browse)
    return Reading(text, "question", tuple(parts), browse=browse)


def _points_back(piece: str, shape: Shape, before: Part | None) -> bool:
    """A piece that is no question on its own, naming no sector and nothing else of its own
    ("..., and which department leads it?", "how do I find mine"): it asks about what the
    piece before it said. A topic asked of what was just answered is a question of its own
    ("who leads water and do they have any training?", "what is the NICC and what's their
    phone number"), and so is what a word for one means ("What is an SRMA")."""
    if shape.content or shape.sectors:
        return False
    if shape.topics and not shape.points and (_WHAT_IS.match(piece) or _WHAT_IT_DOES.match(piece)):
        return False
    best = before.result.best if before is not None else None
    if not shape.topics or best is None:
        return True
    # "which sector" after a question about something else asks it of that something.
    return not (best.entry.sector or any(topic in LISTED for topic in shape.topics))


# How it is asked to be said, before what is asked: "In plain terms, what does ... do?".
_PLAINLY = r"(?:in\s+(?:plain|simple)\s+(?:terms|english|words|language)\W+)?"
_WHAT_IS = re.compile(
    _PLAINLY + r"(?:(?:and|so|ok|okay|but|also)\s+)*(?:what\s+(?:exactly\s+)?(?:is|are)|whats)\s+"
    r"(?:an?\s+)?\w",
    re.IGNORECASE,
)
# What one does or what a word means: "and what does an SRMA do?", "what does SLTT stand for".
_WHAT_IT_DOES = re.compile(
    _PLAINLY
    + r"(?:(?:and|so|ok|okay|but|also)\s+)*what\s+(?:does|do)\s+[^?]*\b(?:do|mean|stand\s+for)"
    r"(?:,[^?,]*)?\W*$",  # ... and how it is asked to be said ("in plain English")
    re.IGNORECASE,
)
_ASKED_TOO = re.compile(r"(?:and|also|plus)\s+(?:something|anything|one|any)\b", re.IGNORECASE)


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
    if said.content and _ASKED_TOO.match(piece):
        # "... any course on EOC basics? and something on workplace security": asked too.
        return False
    # A sector the question left out says of what, unless said of what was asked: "I want our
    # hotel managers to take it" says for whom.
    # "... our insurer mentioned it": a sector of those we deal with says neither.
    if (
        said.sectors
        and not asked.sectors
        and not _ENDS_POINTING_BACK.search(piece)
        and not OUR_PROVIDER.search(piece)
    ):
        return False
    return not set(said.topics) - set(asked.topics)


# A sentence ending on what was just asked: "... to take it", "... to use those".
_ENDS_POINTING_BACK = re.compile(r"\b(?:it|them|those|these|this one)\W*$", re.IGNORECASE)


def _given(part: Part) -> bool:
    """Whether a part is answered: with an entry, or with the list it asks for."""
    return part.result.answered or part.browse is not None


def _new_answers(before: list[Part], after: list[Part]) -> bool:
    """Whether each part is answered, those after by entries none of those before gave."""
    given = {part.result.best.entry.id for part in before if part.result.best is not None}
    return (
        _each_answered(before)
        and _each_answered(after)
        and all(
            part.result.best is not None and part.result.best.entry.id not in given
            for part in after
        )
    )


def _each_answered(parts: list[Part]) -> bool:
    return all(_given(part) for part in parts)


def _questions_answered(
    reader: Reader, text: str, asked: list[tuple[str, Context, int]], parts: list[Part]
) -> Reading | None:
    """The pieces that ask, when each is answered: the others only said who asks ("Fire chief
    here, small volunteer dept in rural Georgia :fire_engine: Is there an active shooter guide
    for our sector? And an online course my guys can take?")."""
    questions = [(piece, found) for piece, found in _by_piece(asked, parts) if asks(reader, piece)]
    kept = [part for _, answered in questions for part in answered]
    if not kept or len(kept) == len(parts) or not _each_answered(kept):
        return None
    said: set[str] = set()  # the entries of the questions that say what they ask of
    for piece, answered in questions:
        found = {part.result.best.entry.id for part in answered if part.result.best}
        if _says_what_of(reader, piece):
            said |= found
        elif not found or not found <= said:
            # "which agency leads our sector?" needs the sentence that says which; "When did
            # the name change?" after a question naming the sector asks of it.
            return None
    return _reading(text, _distinct_answers(kept)[:MAX_PARTS])


def _says_what_of(reader: Reader, piece: str) -> bool:
    """Whether the questions of a piece name what they ask about: a sector, an entry by its
    name, or words that find one entry of their own."""
    for question in sentences_of(piece):
        if not is_question(reader, question):
            continue
        shape = shape_of(reader, question)
        if not (shape.sectors or shape.names or its_own(reader, question)):
            return False
    return True


def _whole(
    reader: Reader,
    text: str,
    clean: str,
    context: Context,
    asked: list[tuple[str, Context, int]],
    parts: list[Part],
) -> Reading:
    """Pieces that are not each answered on their own: the pieces the message opens with that
    were answered (a later piece, read without what the earlier ones say, is the one to drop);
    when the first finds nothing, the message read as one question. Statements that find an
    entry answer no later question asking what the knowledge base does not keep ("We're a small
    DIB supplier. Can you explain what CMMC Level 2 requires?")."""
    opening = list(takewhile(_given, parts))
    opens_with_a_question = any(asks(reader, p) for p, _, start in asked if start < len(opening))
    if opening and (opens_with_a_question or not _asks_the_unkept(reader, asked, opening)):
        return _reading(text, _distinct_answers(opening))
    as_one = resolve(reader, clean.replace("\n", " "), context)
    reading = _reading(text, [_answer(reader, ask) for ask in as_one])
    best = reading.result.best
    if best is None or _asked_of(reader, best.entry, asked):
        return reading
    # "Just moved to KC to run security for a grain cooperative. Could you give me the name and
    # cell number of the PSA who covers western Missouri?": the statements found it, not what
    # the questions ask.
    return _reading(text, [next(part for part in parts if not _given(part))])


def _asked_of(reader: Reader, entry: Entry, asked: list[tuple[str, Context, int]]) -> bool:
    """Whether the questions of a message (said as questions, or inside statements: "my boss
    asked me to find out which ...") may ask of an entry: not when each calls other entries by
    their proper names ("the name of the PSA who covers western Missouri"), none of which the
    entry holds."""
    position = reader.index.positions[entry.id]
    holders, titled, common = reader.index.holders, reader.index.titled, reader.index.ubiquitous
    for piece, _, _ in asked:
        for question in sentences_of(piece):
            if not (is_question(reader, question) or EMBEDDED.search(question)):
                continue
            names = [
                term.text
                for term in reader.terms(question)
                if term.text in titled and term.text not in common
            ]
            if not names or any(position in holders.get(name, ()) for name in names):
                return True
    return False


def _asks_the_unkept(
    reader: Reader, asked: list[tuple[str, Context, int]], opening: list[Part]
) -> bool:
    """Whether a question after the opening asks of what no entry keeps (``_asks_of_the_unkept``:
    "... what's the occupancy limit our fire marshal will allow for a banquet hall?")."""
    return any(
        asks(reader, piece) and _asks_of_the_unkept(reader, piece)
        for piece, _, start in asked
        if start >= len(opening)
    )


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
    reader = Reader(matcher)  # one per message: what it analyses is analysed once
    clean = spoken.as_written(plain(text))
    clean = _TYPED_COMMAND.sub("", _HALF_REMEMBERED_CODE.sub(" course ", clean))
    if "part of" in clean:
        clean = _TAKING_PART.sub("in ", clean)
    if _A_YEAR.search(clean):
        clean = _WHEN_WE_DID_IT.sub(r"\g<did>", clean)
    clean = _COURSE_NUMBERED.sub(lambda found: _course_of(matcher.index, found), clean)
    clean = _it_sector(talk.without_signature(talk.without_mail_lines(clean)))
    if "TLP" in clean.upper():
        clean = _LABEL_SHOUTED.sub(r"TLP:\1", clean)
    if "TLP" in clean.upper() or (context.entry_id or "").startswith("tlp-"):
        # ... a label named here or answered just before ("can I forward it to our MSP?").
        clean = _PASSED_ON.sub(lambda found: _whom_passed_to(found, reader), clean)
    if " that " in clean or " this " in clean:
        clean = _named_for_pointer(clean, reader)
    if not has_words(clean):
        return Reading(text, "smalltalk", talk="empty")
    if talk.asks_for_help(clean):
        return Reading(text, "help")
    if talk.missed(clean):
        return Reading(text, "smalltalk", talk="missed")
    clean = talk.without_missed(clean)
    if talk.courtesy_only(clean) or talk.acknowledges(clean) or talk.thanks_after_the_fact(clean):
        return Reading(text, "smalltalk", talk=talk.small_talk_kind(clean))
    if talk.asks_to_act(clean):
        return Reading(text, "cannot", about=_requested(reader, clean))
    if talk.introduces(clean):
        return Reading(text, "smalltalk", talk="greeting", sector=sector_said(reader, clean))
    return _question(reader, text, clean, context)


# "/ci resources water" typed as a message, where Slack sends it as text: what it asks, as
# the command would read it. The commands that act on a channel are left to be explained, and
# so is a command named and then asked about ("/ci ask — does the whole channel see it").
_TYPED_COMMAND = re.compile(
    r"^\s*/ci\s+"
    r"(?!(?:ask\b\s*)?(?:(?:subscribe|unsubscribe|subscriptions|digest|share)\b|[-:\u2013\u2014]))"
    r"(?:ask\b\s*)?(?=\S)",
    re.IGNORECASE,
)


# When the asker did a thing, said as a year: "I took IS-907 back in 2019", "my certificate
# from 2019". It says nothing of what is asked, and no entry speaks of that year.
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WHEN_WE_DID_IT = re.compile(
    r"(?P<did>\b(?:took|completed|finished|passed|earned|certificate|certificates|cert)\b"
    r"[^.?!\n]{0,40}?)\s+(?:back\s+)?(?:in|from)\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)


# Taking part in something ("invited to be part of an RRAP", "part of a tabletop exercise"),
# or what a thing was part of then ("what office was this team part of before CISA?"), which
# asks nothing of what a sector covers.
_TAKING_PART = re.compile(
    r"\bpart\s+of\s+(?=(?:an?|the|this|that)\s+(?:[\w-]+\s+){0,3}?(?:rrap|assessments?|"
    r"programs?|projects?|study|studies|exercises?|pilots?|working\s+group|webinars?|workshops?|"
    r"trainings?|courses?|class(?:es)?)\b)|"
    r"\bpart\s+of(?=\s+(?:before|after|back|until|during|in\s+\d{4})\b)",
    re.IGNORECASE,
)


# A course code half remembered ("AWR-33-something", "that IS-9-something course"): a course,
# told by what the message says of it, not a code no course has.
_HALF_REMEMBERED_CODE = re.compile(
    r"\b(?:IS|AWR|PER|MGT)[\s-]?\d{1,2}(?:[\s-]?something|[\s-]ish|x{1,2}\b)(?:\s+course)?",
    re.IGNORECASE,
)


# A course's number said without its prefix: "913 course whos it for", "the course 2200".
_COURSE_NUMBERED = re.compile(
    # Not one with its prefix apart ("ICS 301 class", "IS 913 course").
    r"(?<![\w-])(?<!ics\s)(?<!is\s)(?<!awr\s)(?<!per\s)(?<!mgt\s)"
    r"(\d{3,4})(?=\s+(?:course|class)\b)|(?<=\bcourse\s)(\d{3,4})\b",
    re.IGNORECASE,
)


def _course_of(index: KnowledgeIndex, found: re.Match[str]) -> str:
    """The code of the one course with that number, if one has it ("913": "IS-913")."""
    number = found[1] or found[2]
    codes = [p for p in _COURSE_PREFIXES if f"{p}{number}".lower() in index.titled]
    return f"{codes[0]}-{number}" if len(codes) == 1 else number


def _requested(reader: Reader, request: str) -> Entry | None:
    """The entry a request names and finds alone ("can you register me for the next active
    shooter workshop?"), if any."""
    best = reader.match(request).best
    shape = shape_of(reader, request)
    if best is None or not (shape.names or its_own(reader, request)):
        return None
    return best.entry


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
            "led_by": browse.led_by,
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
    """The context to keep for the next message of the conversation: small talk and help
    leave it as it was; a list, an answer, or a request naming an entry moves it to what was
    asked."""
    if context is None:
        context = Context()
    elif reading.fresh:
        # A new subject leaves the sector and topic behind; "go back to the first one" can
        # still reach the answers before it.
        context = Context(earlier=context.recent[-(references.KEPT - 1) :])
    if reading.kind == "browse" and reading.browse is not None:
        browse = reading.browse
        sector = browse.sectors[0] if len(browse.sectors) == 1 else context.sector
        topic = KIND_OF_LIST.get(browse.kind) if browse.kind != "sectors" else None
        return Context(sector if browse.kind != "sectors" else None, topic, None)
    if reading.kind == "cannot" and reading.about is not None:
        # Turned down, the request still says what the conversation is about.
        entry = reading.about
        return context.answered(entry, None, TOPIC_OF_KIND.get(entry.kind, context.topic))
    if reading.sector is not None:
        return replace(context, sector=reading.sector)
    if reading.kind != "question" or not reading.parts:
        return context
    here = context
    for part in reading.parts:
        here = _context_after(part, here)
    return here
