"""A message's sentences: where its questions start and end, and what around them only says why
they are asked or who asks ("new hire here", "my director keeps citing it", a heading, a
signature). Nothing here reads a follow-up against the conversation: that is ``reading``'s.
"""

from __future__ import annotations

import re
from itertools import pairwise

from knowledge import talk
from knowledge.index import SECTOR_CONCEPTS
from knowledge.lexicon import JOB_TITLES, OTHER_PROGRAMS, SECTOR_ALIASES
from knowledge.markup import has_words
from knowledge.matcher import NOT_KEPT, THE_OFFICE, WHEN
from knowledge.shape import (
    LISTED,
    POINTING_AT_SEVERAL,
    Reader,
    Shape,
    asks_for_sector_list,
    is_question,
    only_lists,
    shape_of,
)

# The questions of one message answered each, at most.
MAX_PARTS = 3

# A piece this short (in words) that asks nothing says more of the question before it.
QUALIFIER = 3

# An abbreviation a question may point at: "everyone keeps saying SRMA. what does that mean",
# one name however many words it has ("SSA EMO").
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9-]{1,7}(?:\s+[A-Z][A-Z0-9-]{1,7})*\b")
# A name in quotes: 'an "SSA EMO" box on an old IP org chart'.
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201d\n]{2,40})[\"\u201d]")

# The asker, in a question: "who's the SRMA for us?", "which one is ours?".
_WE = re.compile(r"\b(?:us|our|ours|we|we're|were)\b", re.IGNORECASE)
# Whom a list is asked for: the asker ("for folks like us", "for our team").
_US = re.compile(r"\b(?:for|like)\s+(?:us|ours?)\b", re.IGNORECASE)

# A question said inside a statement: "asked which sector we fall under"; not what a briefing
# is on ("a briefing on how the federal side is organized").
EMBEDDED = re.compile(
    r"(?<!\bon\s)(?<!\babout\s)\b(?:which|who|what|how|where|whether)\b", re.IGNORECASE
)

# Where one works: "... at a mid-size hospital", "coordinator for a regional grocery
# distribution company", up to a mark ("(", ",", ";") that ends it.
_MARKED_OFF = re.compile(r"[(,;]")
_JOB = "|".join(JOB_TITLES)
_AT_A_PLACE = re.compile(
    rf"(?:\bat|\b(?:{_JOB})\s+(?:for|with))\s+(?:an?|the|our|my)\s+", re.IGNORECASE
)

# A line this short (in words) in a list of things named.
LIST_ITEM = 4
# "what's the right way to do that?" points at something to do, not at something named.
_DOING_IT = re.compile(r"\bdo(?:ing)?\s+(?:that|this|it|so)\b", re.IGNORECASE)
# A word that opens a question.
_CLAUSE = (
    r"(?:who(?:'?s)?|whom|whose|what(?:'?s)?|which|where(?:'?s)?|when|why|how|is|are|was|were|"
    r"do|does|did|"
    r"can|could|should|would|will|may|has|have|any|whether)"
)

# Where a new question starts.
_SPLIT = re.compile(
    # Every cut starts at a space or a mark: other places are passed over at once.
    rf"(?=[\s;.!,])(?:"
    rf"(?<=\?)\s+(?=\S)|;\s*|\n+|[.!]\s+(?=(?:also|and|plus)\b)|(?<=:)\s+(?={_CLAUSE}\b)|"
    # ... but "and IS-921" names a course.
    rf",?\s+(?:\b(?:and|also|plus)|[+&])\s+(?:also\s+|separately,?\s+)?(?={_CLAUSE}\b)"
    r"(?!is[\s-]?\d)|"
    # Numbered questions on one line: "1) what's an SCC 2) what's CIPAC", "Q1: ... Q2: ..."
    # ("Step 4: notify NCCIC" is a step of a plan, not a question).
    rf"(?=\s+(?:q|question\s*)?\d[.):]\s)"
    rf"(?<!\bstep)(?<!\bphase)(?<!\bstage)(?<!\bsection)(?<!\bpage)(?<!\bitem)\s+"
    rf")",
    re.IGNORECASE,
)

# Three questions in a row: "who leads nuclear, what's the ICS 301 course, and where do I get
# HIFLD data?" ("and" cuts the last).
_SERIAL = re.compile(
    rf"(?:^|(?<=[\n?.!]))(\s*{_CLAUSE}\b[^,?\n]+),\s+"
    rf"(?=({_CLAUSE}\b[^,?\n]+),\s+(?:and|also|plus)\s+{_CLAUSE}\b)",
    re.IGNORECASE,
)

# The number a numbered question opens with.
_NUMBERED = re.compile(r"^(?:q|question\s*)?\d[.):]\s*", re.IGNORECASE)

# Where a comparison sets two things side by side; each found without backtracking over the
# whole message (a long message is read in a fraction of a millisecond).
_BETWEEN = re.compile(r"\b(?:differences?|diffs?) between\s+", re.IGNORECASE)

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)

_AND_OR_AMPERSAND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)

_SAME_AS = re.compile(r"\s+the same(?: thing)? as\s+", re.IGNORECASE)

_IS = re.compile(r"\b(?:is|are)\s+", re.IGNORECASE)

_VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.|compared (?:to|with))\s+", re.IGNORECASE)
_VERSUS_WORDS = ("vs", "versus", "v.", "compared")

_CLAUSE_END = re.compile(r"[,;:?!.]\s")

_SENTENCE_END = re.compile(r"[.?!]\s")

_DIFFERENCE = re.compile(r"\s*[-:,]?\s+(?:differences?|diffs?)\b", re.IGNORECASE)

# Saying that what follows is about something else than what came before.
_NEW_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;:])\s+|\s+[-\u2013\u2014]+\s+)"
    r"(?:(?:ok|okay|also|and|so|now|oh)[\s,]+)?"
    r"(?:unrelated(?:\s+question)?|(?:an?\s+|one\s+)?(?:different|separate|new|other|another)\s+"
    r"(?:question|q|topic|subject|thing)|switching gears|changing (?:the )?(?:topic|subject)|"
    r"on (?:another|a different) note|off topic)"
    r"\s*(?:[:,.;!?]+|\s+[-\u2013\u2014]+|(?=\s+(?:who|what|whats|how|where|when|which|is|are|do|does|can)\b))\s*",
    re.IGNORECASE,
)

# One of them is in every match of _NEW_SUBJECT.
_NEW_SUBJECT_WORDS = (
    "unrelated",
    "different",
    "separate",
    "new",
    "other",
    "switching",
    "changing",
    "off topic",
)

# An introduction of who is asking: "new hire here", "I'm new here,", "EHS lead here -".
# Not "anything in here for water utilities?".
_INTRO = re.compile(
    r"^(?:(?:hi|hey|hello)\b[\s,!.]*)?(?:((?:[\w'-]+\s+){0,4}?)(?<!\bin\s)here\b|"
    # ... or who one is, new: "new admin for our fire chief, can you list ...".
    r"((?:i'?m\s+)?(?:the\s+|a\s+)?new\s+[\w-]+(?:\s+[\w-]+)?\s+(?:for|at|with)\s+"
    r"(?:our|the|my|a)\s+(?:[\w-]+\s+){0,2}?[\w-]+)(?=\s*[,:;\u2013\u2014]))"
    r"[\s,.!:;\u2013\u2014-]*(?=\w)",
    re.IGNORECASE,
)

# When we ask, said first: "before I use this,", "once we sign up,".
_WHEN_WE = re.compile(
    r"^(?:before|once|after|when|until)\s+(?:i|we)\s+[^,?.]{1,40},\s*(?=\w)", re.IGNORECASE
)

# What a message says it is not about: "not the NICC,", "so not energy?", "besides dams".
_NOT = re.compile(
    r"\b(?:not|besides|other\s+than|apart\s+from|aside\s+from|except(?:\s+for)?)\s+"
    r"((?:the\s+|an?\s+)?(?:[\w:+-]+\s+){0,2}[\w:+-]+)"
    r"(?=\s*(?:[,?;)]|$)|\s+[-\u2013\u2014]|\s+but\b)",
    re.IGNORECASE,
)

# What a thing asked for should not be about: "It shouldn't be about active shooters
# specifically or any one industry, just general awareness at work."
_NOT_ABOUT = re.compile(
    r"\b(?:(?:shouldn'?t|should\s+not|needn'?t|doesn'?t\s+need\s+to|does\s+not\s+need\s+to)"
    r"\s+be|not)\s+(?:about|specific\s+to)\s+[^,.;?!\n]+",
    re.IGNORECASE,
)

# An aside that says what is not meant: "what's a PSA (not public service announcement lol)".
_NOT_ASIDE = re.compile(r"\(\s*not\b[^()]*\)", re.IGNORECASE)

# A name taken back in the same message and the one meant said instead: "who leads chemical -
# sorry, I mean the water sector", "SRMA for DIB — sorry, for critical manufacturing I mean".
_TAKEN_BACK = re.compile(
    r"[\s,.;:!\u2026\u2013\u2014-]+(?:(?:sorry|oops|my\s+bad|no|wait|actually)[\s,!.]+)+"
    r"(?:i\s+mean[t]?\b[\s,:]*(?P<meant>[^.?!\n]+)|"
    # "sorry, for critical manufacturing I mean": a few words, then "I mean".
    r"(?P<meant_first>(?:[^\s.?!]+\s+){0,3}?[^\s.?!]+)\s+i\s+mean[t]?\b)",
    re.IGNORECASE,
)
# A question taken back before the one that replaces it: "update: nvm that —", "edit: scratch
# that,", "actually never mind."
_NEVER_MIND = re.compile(
    r"(?:^|(?<=[.?!\n]))\s*(?:(?:update|edit|actually|oh|ok|oops)\s*[:,]?\s*)*"
    r"(?:nvm|never\s*mind|scratch|ignore|disregard)(?:\s+(?:that|this|it|the\s+last\s+one))?"
    r"\s*[,:;.!\u2013\u2014-]+\s*",
    re.IGNORECASE,
)
# The most words a name taken back is looked for in ("the chemical sector").
_TAKEN_BACK_WORDS = 3

# Where one sentence of a message ends and the next begins (the mark kept with the first);
# ", what is that" after a statement is a question of its own.
_CLAUSES = re.compile(
    r"(?<=[.!?;:])\s+|\s+[-\u2013\u2014]+\s+|\n+|"
    r",\s+(?=what(?:'?s|\s+is|\s+does)\s+(?:that|it|this)\b)",
    re.IGNORECASE,
)

# A clause after a question that opens with the asker, or says where the thing was seen ("it's
# in every old doc"): why it is asked, or who asks.
_WHY_ASKED = re.compile(
    r",\s+(?=(?:my|our|we|we're|i|i'm|im|i've|ive|asking|since|because|bc|cuz|"
    r"it's|its|it\s+is|that's|thats|they're|theyre|"
    # Or with what happened: "what does TLP:AMBER mean, got a bulletin marked that today".
    r"got|saw|seen|heard|received|everyone|everybody|everything|someone|somebody|people|"
    # Or who says it, their mention read out of the markup: "..., <@U02> keeps saying ...";
    # or an example of it: "how do I share an alert myself, like something we saw at our plant".
    r"keeps|kept|like|"
    # Or who asks: "what is the traffic light protocol, new to infosharing".
    r"new\s+(?:to|here|at|in)|first\s+time|"
    # Or what for: "list the sectors pls, making slides".
    r"making|prepping|preparing|putting\s+together|working\s+on|drafting|writing\s+up|"
    # Or who mentions it: "And also the CSCC, which our chairman keeps mentioning?"
    r"which\s+(?:my|our|your|their|everyone|everybody|people|someone|they|we|i|he|she))\b)",
    re.IGNORECASE,
)
# A reason said without a comma: "... or of communications since it's all phones and radios?"
# (not a time: "since 2013"). Looked for only in a text with one of its words.
_WHY_UNMARKED = re.compile(
    r"\s+(?=(?:since|because|bc|cuz)\s+(?:it|it's|its|we|we're|were|our|i|i'm|im|they|they're|"
    r"theyre|that|that's|thats|there's|theres)\b)",
    re.IGNORECASE,
)
_REASON_WORDS = ("since", "because", "bc", "cuz")


# A request for a list: "list the sectors pls", "show me the contacts".
_LIST_REQUEST = re.compile(r"(?:(?:pls|please|can\s+you)\s+)?(?:list|show)\b", re.IGNORECASE)

# How a clause after a question begins: a reason, an example, a relative clause.
_BECAUSE = re.compile(r"(?:since|because|bc|cuz)\b", re.IGNORECASE)
_EXAMPLE = re.compile(r"like\b", re.IGNORECASE)
# What we do, said of ourselves: "we manage 3 malls", "our plant makes ...".
_OF_US = re.compile(r"(?:we|we're|were|our)\s", re.IGNORECASE)
_RELATIVE = re.compile(r"which\s", re.IGNORECASE)

# A clause saying what the asker will do with the answer, or which thing was named.
_SAID_AGAIN = re.compile(
    r"\s+so\s+(?:that\s+)?(?:i|we)\s+(?:can|could|may|might|will|would)\b[^.?!;\n]*|"
    r",\s+the\s+one\s+(?:that|which|our|my|we|they|i|you|everyone|people)\b[^.?!;\n]*|"
    r",\s+the\s+(?!other\b)(?:[\w-]+\s+){0,3}thing\b[^.?!;\n]*",
    re.IGNORECASE,
)


def pieces_of(reader: Reader, text: str) -> list[str]:
    """A message cut where a new question starts: after a question mark, at a line or a
    semicolon, or at "and"/"also" followed by a question word ("... and is there training?").
    "oil and gas" and "SCC and GCC difference" stay whole. Cut once per reading."""
    found = reader.pieces.get(text)
    if found is None:
        found = reader.pieces[text] = _pieces_found(reader, text)
    return list(found)


def _pieces_found(reader: Reader, text: str) -> list[str]:
    if ", and " in text:
        text = _SERIAL.sub(lambda found: _serial_cut(reader, found), text)
    pieces = [_NUMBERED.sub("", p.strip(" ,.;")) for p in _SPLIT.split(text)]
    pieces = [p for p in pieces if p and has_words(p) and not talk.courteous(reader.words(p))]
    pieces = [_without_plea(reader, p) for p in pieces]
    # "are you a bot or a person? who leads dams": what the bot is asked beside a question.
    pieces = [
        p
        for p in pieces
        if not (talk.pleads(reader.words(p)) or talk.calls_for_help(reader.words(p)))
    ] or pieces
    pieces = _under_headings(reader, pieces)
    pieces = _labels_joined(reader, pieces)
    pieces = [asked for piece in pieces for asked in _each_named(reader, piece)]
    pieces = [asked for piece in pieces for asked in _fragments(reader, piece)]
    if len(pieces) > MAX_PARTS:
        # More lines than questions ("• field ops\n• control room\n• admin\nwhat courses do
        # you have?"): the questions, and the lines that name what they may ask about.
        kept = [p for p in pieces if is_question(reader, p) or _names_something(reader, p)]
        if len(kept) < MAX_PARTS:
            # Room left: the lines that say what kind of thing is wanted ("HR wants every
            # employee to do some general security awareness training").
            kept = [p for p in pieces if p in kept or shape_of(reader, p).topics]
        pieces = kept if any(is_question(reader, p) for p in kept) else pieces
    if len(pieces) > MAX_PARTS:
        # Still too many: every question (up to three), and the lines nearest them that fit,
        # those calling an entry by its name first ("TLP:AMBER+STRICT" over "we use an MSSP").
        questions = [p for p in pieces if is_question(reader, p)][:MAX_PARTS]
        room = MAX_PARTS - len(questions)
        others = [p for p in pieces if p not in questions]
        others = sorted(others, key=lambda p: shape_of(reader, p).names)[-room:] if room else []
        pieces = [p for p in pieces if p in questions or p in others]
    return pieces[:MAX_PARTS]


# "what are the SLTTGCC and the RC3?", "can someone explain CIPAC, the FSLC and the CSCC?": what
# each of a few things is, asked at once.
_WHAT_ARE_EACH = re.compile(
    r"^(?:so\s+)?(?:what(?:'?s|\s+is|\s+are|\s+r|\s+was|\s+were)|"
    r"(?:(?:can|could)\s+(?:you|someone|anyone)\s+)?"
    r"explain)\s+(?!(?:the\s+)?diff)(.+?)\s*\??$",
    re.IGNORECASE,
)
# "what's an SCC, what's a GCC": the same question again, of another name.
_WHAT_AGAIN = re.compile(r",\s*(?=what(?:'?s|\s+is|\s+are)\s)", re.IGNORECASE)
# "AWR-911 and AWR-348 - what are they": the names first.
_EACH_THEN_WHAT = re.compile(
    r"^(.+?)\s*(?:[-:\u2013\u2014]+|,)?\s*(?:so\s+)?what(?:'?s|\s+(?:is|are|r))\s+"
    r"(?:they|those|these|them|both)\s*\??$",
    re.IGNORECASE,
)
_LISTED_APART = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _each_named(reader: Reader, piece: str) -> list[str]:
    """ "What are the SLTTGCC and the RC3?" ("AWR-911 and AWR-348 - what are they", "what's an
    SCC, what's a GCC") asks what each is, when each side finds the one entry it names; any
    other piece stays whole ("what are oil and gas")."""
    if "," in piece and (again := _WHAT_AGAIN.split(piece))[1:]:
        names = [found.group(1) for side in again if (found := _WHAT_ARE_EACH.match(side))]
        if len(names) == len(again):
            return _what_each_is(reader, names) or [piece]
    found = None
    if " and " in piece or "&" in piece:
        found = _WHAT_ARE_EACH.match(piece) or _EACH_THEN_WHAT.match(piece)
    if found is None:
        return [piece]
    sides = [_THE.sub("", side) for side in _LISTED_APART.split(found.group(1)) if side]
    return _what_each_is(reader, sides) or [piece]


# Between terse requests set side by side: "dams SRMA + dams data req email", "IRPF steps | CRR
# domains", "ESS SRMA, essteam email".
_FRAGMENT_CUT = re.compile(r"\s+[|+/]\s+|\s*,\s+(?:and\s+)?")
_FRAGMENT_WORDS = 8
_WHY_OR_WHEN = re.compile(r"\b(?:why|when)\b", re.IGNORECASE)
# Who does something: a clause, not a request ("it keeps asking for an SID").
_SUBJECTS = frozenset({"i", "im", "we", "were", "you", "they", "it", "its", "he", "she", "there"})


def _fragments(reader: Reader, piece: str) -> list[str]:
    """A piece of terse requests set side by side, with no question word, cut into each: the
    first names what it asks about, and each asks something (a topic, or an entry by name).
    A list of things ("malls, arenas, hotels") asks nothing of each and stays whole, and so do
    clauses ("... training, I heard INL does a week-long one?")."""
    if EMBEDDED.search(piece) or _WHY_OR_WHEN.search(piece):
        return [piece]
    parts = [part for part in _FRAGMENT_CUT.split(piece) if has_words(part)]
    # Joined by "and" only when each names an entry and what of it it asks ("NICC number and
    # HSIN CI email pls"); not "ICS training and exercises for water".
    both = len(parts) == 1
    if both:
        if not (" and " in piece or " & " in piece) or piece.count(" ") > 2 * _FRAGMENT_WORDS:
            return [piece]
        parts = [part for part in _AND_OR_AMPERSAND.split(piece) if has_words(part)]
    if not 1 < len(parts) <= MAX_PARTS:
        return [piece]
    said = [reader.words(part) for part in parts]
    if any(
        not 0 < len(words) <= _FRAGMENT_WORDS
        or words[0] in _SUBJECTS
        or talk.QUESTION.match(" ".join(words))
        for words in said
    ):
        return [piece]
    shapes = [shape_of(reader, part) for part in parts]
    if not (shapes[0].sectors or shapes[0].names) or not all(
        shape.topics or shape.names for shape in shapes
    ):
        return [piece]
    if both and not (
        all(shape.names and shape.topics for shape in shapes)
        # ... or each an entry of its own by name ("IRPF steps and ssp guidance doc"); not two
        # set side by side ("SCC and GCC difference"), nor two names alone ("two courses:
        # AWR-940 and PER-346"), which a question after them may compare.
        or (
            not _DIFFERENCE.search(piece)
            and any(set(shape.content) - reader.index.titled.keys() for shape in shapes)
            and _each_its_own(reader, parts)
        )
    ):
        return [piece]
    return parts


def _each_its_own(reader: Reader, parts: list[str]) -> bool:
    """Whether each part calls an entry by name and finds one alone, and no two find the same."""
    found = []
    for part in parts:
        result = reader.match(part)
        if not (result.answered and shape_of(reader, part).names):
            return False
        found.append(result.best.entry.id)
    return len(set(found)) == len(found)


def _what_each_is(reader: Reader, names: list[str]) -> list[str]:
    """ "what is X" for each of a few names, when each finds the entry it names; else none."""
    asked = [f"what is {name}" for name in dict.fromkeys(names)]
    if 1 < len(asked) <= MAX_PARTS and all(
        shape_of(reader, a).names and _finds_what_it_names(reader, a, shared=True) for a in asked
    ):
        return asked
    return []


def _serial_cut(reader: Reader, found: re.Match[str]) -> str:
    """The first comma of three questions in a row cuts them when the first two each name
    their own subject; "what is that office, what does it do, and ..." asks all of one."""
    first, second = found.group(1), found.group(2)
    own = _names_something(reader, first) and _names_something(reader, second)
    return f"{first}; " if own else found.group()


def _names_something(reader: Reader, piece: str) -> bool:
    shape = shape_of(reader, piece)
    return bool(shape.sectors or shape.names)


_SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")
LABEL = 3  # words at most: "NIPP question:", "CIRCIA final rule:"


def _without_plea(reader: Reader, piece: str) -> str:
    """A piece without the plea it ends with ("what that even means. Can you help?")."""
    if not _SENTENCE_INSIDE.search(piece):
        return piece  # one sentence: most pieces
    said = sentences_of(piece)
    if len(said) < 2 or not talk.pleads(reader.words(said[-1])):
        return piece
    return "".join(said[:-1]).strip(" ,.;")


def _labels_joined(reader: Reader, pieces: list[str]) -> list[str]:
    """A short label naming what the question after it asks of, joined to it ("NIPP
    question: who do I email?", "CIRCIA question: is it final that ...")."""
    joined: list[str] = []
    for piece in pieces:
        if joined and _labels(reader, joined[-1]):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


def _labels(reader: Reader, piece: str) -> bool:
    if not piece.endswith(":") or is_question(reader, piece):
        return False
    shape = shape_of(reader, piece)
    return shape.size <= LABEL and (shape.names or names_an_uncovered_program(reader, piece))


# What a heading says the questions under it are about: "two q's about cyber hygiene:".
_HEADING_ABOUT = re.compile(r"\b(?:about|re|regarding)\s+(.+?)\s*:$", re.IGNORECASE)


def _under_headings(reader: Reader, pieces: list[str]) -> list[str]:
    """The pieces without the headings over them: a heading asks none of the questions ("Two
    TLP questions from our SOC:"), but what it says they are about ("two q's about cyber
    hygiene:") is what those naming nothing of their own ask of. What a question after a colon
    asks of ("oil refinery on the gulf coast: which sector") is no heading."""
    kept: list[str] = []
    subject = None
    for i, piece in enumerate(pieces):
        if _heads(reader, piece, pieces[i + 1 : i + 2]):
            about = _HEADING_ABOUT.search(piece)
            subject = about.group(1) if about else None
        elif subject and not _names_something(reader, piece):
            kept.append(f"{piece} {subject}")
        else:
            kept.append(piece)
    return kept


def _heads(reader: Reader, piece: str, after: list[str]) -> bool:
    if not after or not piece.endswith(":") or is_question(reader, piece):
        return False
    if _labels(reader, piece) or names_an_uncovered_program(reader, piece):
        return False  # what the question after it asks of
    shape = shape_of(reader, after[0])
    return bool(shape.sectors or shape.content or shape.names)


# "IS-860 or IS-913, which should I do first": two things set side by side, then the choice.
OR_WHICH = re.compile(
    r"^\W*(?P<one>[^,?:;]{2,40}?)\s+or\s+(?P<other>[^,?:;]{2,40}?)\s*[,:;\u2013\u2014-]+\s*"
    r"which\b",
    re.IGNORECASE,
)


def _sides_as_written(text: str) -> tuple[str, str] | None:
    """The two things a comparison sets side by side: "difference between X and Y", "is X the
    same as Y", "X vs Y", "X and Y difference", "X or Y, which ...". "X or Y?" alone asks which
    one, a question of its own ("is it DHS or DOE for energy?")."""
    line = text.replace("\n", " ")
    said = line.lower()  # each pattern is tried only when its words are there
    found = _BETWEEN.search(line) if "between" in said else None
    if found:
        rest = line[found.end() :]
        joint = _AND.search(rest)
        if joint:
            return rest[: joint.start()], rest[joint.end() :]
    found = _SAME_AS.search(line) if "same" in said else None
    if found:
        openers = list(_IS.finditer(line, 0, found.start()))
        start = openers[-1].end() if openers else 0
        return line[start : found.start()], line[found.end() :]
    found = _VERSUS.search(line) if any(w in said for w in _VERSUS_WORDS) else None
    if found:
        return line[: found.start()], line[found.end() :]
    found = OR_WHICH.match(line) if " or " in said and "which" in said else None
    if found:
        return found["one"], found["other"]
    found = _DIFFERENCE.search(line) if "diff" in said else None
    if found:
        joints = list(_AND.finditer(line, 0, found.start()))
        # "SCC and GCC difference", not "SSA and SRMA used interchangeably. any difference?"
        if joints and not _SENTENCE_END.search(line, joints[-1].end(), found.start()):
            joint = joints[-1]
            return line[: joint.start()], line[joint.end() : found.start()]
    return None


def sides_of(text: str) -> tuple[str, str] | None:
    """Each side alone, without what is asked of both ("ICS 301 vs 101, which first?")."""
    sides = _sides_as_written(text)
    if sides is None:
        return None
    a = _CLAUSE_END.split(sides[0] + " ")[-1].strip()
    b = _CLAUSE_END.split(sides[1] + " ")[0].strip()
    return (a, b) if has_words(a) and has_words(b) else None


# "CRR or CSET for a small water system?": two programs by their names, at the start.
_NAMED_OR = re.compile(
    r"^\W*(?P<one>[A-Z][A-Za-z0-9-]{1,14})\s+or\s+(?P<other>[A-Z][A-Za-z0-9-]{1,14})\b"
)


def two_named(reader: Reader, text: str) -> tuple[str, str] | None:
    """The two entries a message opens by naming as a choice ("CRR or CSET for a small water
    system?"), when both are names the knowledge base holds: either may be the one to take."""
    found = _NAMED_OR.match(text) if " or " in text else None
    if found is None:
        return None
    sides = (found["one"], found["other"])
    return sides if all(shape_of(reader, side).names for side in sides) else None


# Asking whether two things are one: "same thing?", "is there a difference?", "used
# interchangeably".
_ALIKE = re.compile(
    r"\b(?:same\s+thing(?!\s+as\b)|(?:a|any|the)\s+difference|interchangeabl\w*|differ)\b",
    re.IGNORECASE,
)
# A name written in capitals ("SSA", "SRMA", "TLP:WHITE", "NSM-22").
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]+(?:[:-][A-Z0-9]+)*\b")


def two_names_alike(reader: Reader, text: str) -> str | None:
    """ "I keep seeing SSA and SRMA used interchangeably. Is there a difference?": a question
    whether two things are one, of the last two names in capitals said before it that the
    knowledge base holds, asked as their comparison ("SSA vs SRMA, same thing?")."""
    lowered = text.lower()
    if "same" not in lowered and "diff" not in lowered and "interchang" not in lowered:
        return None
    alike = _ALIKE.search(text)
    if alike is None:
        return None
    holders, common = reader.index.holders, reader.index.ubiquitous
    names = {
        name: None
        for name in _CAPITALS.findall(text, 0, alike.start())
        if (terms := reader.terms(name))
        and all(t.text in holders and t.text not in common for t in terms)
    }
    if len(names) < 2:
        return None
    one, other = list(names)[-2:]
    return f"{one} vs {other}, same thing?"


# "PPD-21 was replaced. by what?": the end of the sentence before it, asked on its own.
_ENDS_AT_MOST = 24  # characters
_ENDS_THE_ONE_BEFORE = re.compile(
    r"(?:by|to|for|with|from|into|as)\s+(?:what|whom?|which(?:\s+ones?)?)\s*\?*\s*$",
    re.IGNORECASE,
)


# What came in, said before the question after its comma: "we got an NTAS bulletin, what does
# TLP:AMBER on it mean?" is two sentences; what came in only says why it is asked.
_CAME_IN = re.compile(
    r"(?:^|(?<=[.!?\n]))\s*(?:(?:we|i)\s+)?(?:just\s+)?(?:got|received|saw)\s+"
    r"(?:an?|the|this|that|some)\s[^,?.!\n]*,\s+"
    r"(?=(?:so\s+)?(?:what|who|how|where|which|when|is|are|can|does|do|should)\b)",
    re.IGNORECASE,
)


def sentences_of(text: str) -> list[str]:
    """A text's sentences, each with the separator after it, so the lines that stay stay lines."""
    cuts = [0, *(m.end() for m in _CLAUSES.finditer(text)), len(text)]
    if "," in text:
        cuts = sorted({*cuts, *(m.end() for m in _CAME_IN.finditer(text))})
    found = [text[a:b] for a, b in pairwise(cuts) if text[a:b].strip()]
    if len(found) < 2 or all(len(s) > _ENDS_AT_MOST for s in found[1:]):
        return found
    joined = found[:1]
    for sentence in found[1:]:
        if len(sentence) <= _ENDS_AT_MOST and _ENDS_THE_ONE_BEFORE.match(sentence):
            joined[-1] = f"{joined[-1].rstrip().rstrip('.')} {sentence}"
        else:
            joined.append(sentence)
    return joined


def asks(reader: Reader, text: str) -> bool:
    """Whether any sentence of a text is a question."""
    return any(is_question(reader, sentence) for sentence in sentences_of(text))


def without_asides(reader: Reader, text: str) -> str:
    """A message without the sentences around its questions that name nothing the knowledge
    base holds ("we're drafting our annual report — who do I contact at the NIPP office?",
    "... asking for our board packet"): they say why it is asked, and their words would only
    count against every entry. A sentence that names a sector, a topic or anything an entry
    holds stays ("we run a water plant. who is our SRMA?"), unless the questions say all they
    ask on their own."""
    if " me to " in text or " us to " in text:
        text = _AND_ASKED.sub(". ", text)
    sentences = sentences_of(text)
    if len(sentences) < 2:
        return text
    asks = [is_question(reader, sentence) for sentence in sentences]
    # "Our state fusion center asked what CI sector we're in": what is asked, not who asks.
    sentences = [_without_asker(sentence) for sentence in sentences]
    if not any(asks):
        # A message whose only questions are the ones it says were asked of it.
        asks = [is_question(reader, sentence) for sentence in sentences]
    if not any(asks):
        # A request after courtesy ("cool. list the contacts for emergency services"): the
        # request alone.
        opening = next((k for k, s in enumerate(sentences) if not talk.courtesy_only(s)), 0)
        meant = _the_sector_meant(reader, sentences)
        if meant is None and _LIST_REQUEST.match(sentences[-1].strip()):
            # "new resilience planner for a mid-size city. show me all the resources you've
            # got": the list asked for, of the sector the sentences before it say, if any.
            said = [s for s in sentences[opening:-1] if shape_of(reader, s).sectors]
            return "".join([*said, sentences[-1]]).strip()
        return meant or "".join(sentences[opening:]).strip()
    for i in range(1, len(sentences)):
        if (
            asks[i]
            and talk.pleads(reader.words(sentences[i]))
            and EMBEDDED.search(sentences[i - 1])
        ):
            # "My director asked me to find out which federal agency is the SRMA for us. Any
            # idea?": the question is the one the sentence before says.
            asks[i - 1] = True
    for i in range(1, len(sentences)):
        # "two things for our team:\n• the Commercial Facilities team email\n• what's IS-907":
        # each line under a heading asks for what it names.
        asks[i] = asks[i] or _listed_under(reader, sentences, i)
    # Questions that say all they ask need nothing around them: "I'm the training officer for
    # a fire department. What training do you have for emergency services?"
    asked = [
        piece
        for sentence, asking in zip(sentences, asks, strict=True)
        if asking
        for piece in pieces_of(reader, sentence)
        if not talk.pleads(reader.words(piece))
    ]
    shapes = [shape_of(reader, piece) for piece in asked]
    whole = _say_all(reader, asked)
    # Who leads "us", or which sector "we" are in: a sentence naming one sector says which, and
    # the rest of its words ("about 60 tower sites plus the fiber backhaul") only what of it.
    # The questions after one asked so may point back at it ("and is that role regulatory?").
    # "did the lead agency change going from PPD-21 to NSM-22?" asks of ours as much as "who
    # leads us": the directives say when.
    # Not the list of every sector with its lead, asked without a word of ours ("could you
    # just list the 16 sectors for me with their lead agencies?"), whoever asks.
    ours_asked = [
        _asks_of_us(shape_of(reader, WHEN.sub(" ", piece)) if WHEN.search(piece) else shape, piece)
        and (_WE.search(piece) is not None or not asks_for_sector_list(reader, piece, shape))
        for shape, piece in zip(shapes, asked, strict=True)
    ]
    of_us = (
        bool(shapes)
        and ours_asked[0]
        and all(
            asking or shape.points or shape.content or shape.names
            for asking, shape in zip(ours_asked, shapes, strict=True)
        )
    )
    if not (whole or any(ours_asked)):
        # A question sentence may say all it asks where a piece of it says less: "What are the
        # current TLP labels and who maintains the standard?" asks of the standard it names.
        whole = _say_all(reader, [s for s, asking in zip(sentences, asks, strict=True) if asking])
    ours = [
        sector_said(reader, sentence) if of_us and not asking else None
        for sentence, asking in zip(sentences, asks, strict=True)
    ]
    # "I'm the new RSO at a state university. We have a research reactor. Which sector is
    # that?": what "that" points at is what we have, not where the asker works.
    said_before = [i for i, sector in enumerate(ours) if sector]
    superseded = set()
    if (
        len(set(filter(None, ours))) > 1
        and any(shape.points for shape in shapes)
        and _WE_HAVE.match(sentences[said_before[-1]])
    ):
        superseded = {i for i in said_before[:-1] if _I_WORK.match(sentences[i])}
        ours = [None if i in superseded else sector for i, sector in enumerate(ours)]
    # Questions that name what they ask of, in their own words.
    named_whole = whole and any(
        shape.names and is_question(reader, piece)
        for shape, piece in zip(shapes, asked, strict=True)
    )
    topics = {topic for shape in shapes for topic in shape.topics}
    asked_sectors = {sector for shape in shapes for sector in shape.sectors}
    kept: list[str] = []
    for i, (sentence, asking, sector) in enumerate(zip(sentences, asks, ours, strict=True)):
        if i in superseded:
            continue
        said = shape_of(reader, sentence)
        if (
            asking
            or _names_what_is_pointed_at(reader, said, sentences[i + 1 : i + 2])
            or only_lists(said)
            or lists_what_was_asked(said, topics)
            # "CIRCIA question: is it final yet?" asks of the program; "we got an NTAS
            # bulletin. what does TLP:AMBER mean?" only says where the label was seen.
            or (not named_whole and names_an_uncovered_program(reader, sentence))
        ):
            kept.append(sentence)
        elif sector:
            title = f"{reader.index.sector_titles.get(sector, sector)}. "
            if i and asks[i - 1] and not any(asks[i:]) and _WE.search(sentences[i - 1]):
                # Said just after the last question, asked of us ("who's the SRMA for us?
                # we're a water utility"), it goes before it (kept last): what it asks of.
                kept.insert(len(kept) - 1, title)
            else:
                kept.append(title)
        elif (
            _WHO_ASKS.match(sentence)
            and not EMBEDDED.search(sentence)
            and said.size <= LISTED_LINE
            and set(said.sectors) <= asked_sectors
        ):
            # "State homeland security advisor's office here.": who asks, not what; the sector
            # it names only when the questions name it too.
            continue
        elif not (said.sectors or said.names or said.topics) and any(
            term.text in NOT_KEPT for term in reader.terms(sentence)
        ):
            # "We're a county IT shop with a tiny budget.": why we ask, not a budget asked.
            continue
        elif any(ours) and not said.sectors:
            # Once a sentence says which sector is ours, those naming none only say why we ask
            # ("We're building a training calendar for next year").
            continue
        elif not (
            whole
            or _says_nothing_held(reader, sentence)
            or _says_only_what_is_asked(reader, sentence, topics)
        ):
            kept.append(sentence)
    return "".join(kept).strip()


# The asker's introduction ("I'm the new RSO at a state university"), and what we have or run.
_I_WORK = re.compile(r"\W*(?:(?:hi|hello|hey)\b\W*)?(?:i'?m|i\s+am|i\s+work)\b", re.IGNORECASE)
_WE_HAVE = re.compile(
    r"\W*(?:we|our\s+\w+)\s+(?:have|has|run|runs|operate|operates|own|owns)\b", re.I
)


# A correction said alone, before what was meant: "wrong sector —", "sorry,", "no,".
_SET_RIGHT = re.compile(r"^\W*(?:wrong\s+(?:sector|one)|sorry|no|nope|oops|actually)\W*$", re.I)


def _the_sector_meant(reader: Reader, sentences: list[str]) -> str | None:
    """ "sorry, meant emergency services. we're a combined fire/EMS department": the sector
    a follow-up names, when the sentences after it say what we are in it and ask nothing;
    "wrong sector — we're the wastewater side": what we are, after the correction."""
    if _SET_RIGHT.match(sentences[0]) and len(sentences) == 2:
        said = shape_of(reader, sentences[1])
        if not _OF_US.match(sentences[1].lstrip()) or len(said.sectors) != 1 or said.topics:
            return None
        # What was asked last, of the sector meant, by a short name of it (no "and" in it).
        aliases = SECTOR_ALIASES.get(said.sectors[0], ())
        name = next((a for a in aliases if " and " not in a), said.sectors[0])
        return f"and for {name}?"
    first = shape_of(reader, sentences[0])
    if not (first.follows and len(first.sectors) == 1):
        return None
    for sentence in sentences[1:]:
        said = shape_of(reader, sentence)
        if (
            not _OF_US.match(sentence.lstrip())
            or said.topics
            or not set(said.sectors) <= set(first.sectors)
        ):
            return None
    return sentences[0]


def _names_what_is_pointed_at(reader: Reader, said: Shape, after: list[str]) -> bool:
    """A short label naming an entry before a question pointing at it ("AWR-911 - is that a
    course for 911 dispatchers?"): what the question asks about."""
    return (
        said.names
        and said.size <= LABEL
        and bool(after)
        and shape_of(reader, after[0]).points
        and is_question(reader, after[0])
    )


# "County IT director here.", "bank CISO here :wave:", "sheriff's office training
# coordinator.": who is writing.
_WHO_ASKS = re.compile(rf"^[^?]*\b(?:here|{_JOB})\s*[.!:,;-]*\s*$", re.IGNORECASE)
LISTED_LINE = 8  # words at most: a line of a list names a thing, it tells no story


def _listed_under(reader: Reader, sentences: list[str], at: int) -> bool:
    """Whether a sentence is a short line of a list under a heading (a line ending with a
    colon), naming a topic or an entry."""
    shape = shape_of(reader, sentences[at])
    if not (shape.topics or shape.names) or shape.size > LISTED_LINE:
        return False
    for before in reversed(sentences[:at]):
        if before.rstrip().endswith(":"):
            return True
        if "\n" not in before or shape_of(reader, before).size > LISTED_LINE:
            return False
    return False


# Who asked us to ask: "Our insurance carrier asked whether ...", "my bank wants to know".
_ASKER = re.compile(
    r"^\s*(?:our|my|the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:asked|asks|wants|wanted|keeps|needs|"
    r"told|says|said|is\s+asking|was\s+asking)\b"
    r"(?:\s+(?:asking|to\s+know|me|us))?(?:\s+to\s+find\s+out)?",
    re.IGNORECASE,
)
# What someone says of us, after who says it: "... keeps saying we're critical infrastructure".
_SAYS_OF_US = re.compile(r"\s+(?:saying\s+)?(?:that\s+)?(?=(?:we|were|we're|our|us)\b)", re.I)
# Who asked, said after the question: "what does the NICC actually do, he asked".
_ASKED_AFTER = re.compile(
    r"[,\s]+(?:(?:she|he|they|my\s+\w+|our\s+\w+)\s+(?:asked|asks|wants\s+to\s+know))"
    r"\s*[?.!]*\s*$",
    re.IGNORECASE,
)


# "I'm new at a 300-bed hospital and my boss asked me to figure out where we fit": who we are,
# then what is asked, in one sentence.
_AND_ASKED = re.compile(
    r",?\s+and\s+(?:my|our)\s+(?:[\w-]+\s+){0,2}?(?:asked|wants|wanted|needs|told)\s+(?:me|us)\s+"
    r"to\s+(?:find\s+out|figure\s+out|check|learn|confirm)\s+(?=(?:which|who|what|how|where|whether)\b)",
    re.IGNORECASE,
)


# What a message says its question is about, after what it quotes: "Email says 'per the
# Chemical, Dams and Nuclear SRMAs' - my question is only about nuclear. is CISA the SRMA there?"
_ONLY_ABOUT = re.compile(
    r"(?:^|[.!?:\u2013\u2014-]\s*)(?:but\s+)?(?:my|the|our)\s+question\s+is\s+"
    r"(?:(?:only|just|really|mainly|mostly)\s+)?(?:about|on|for)\s+(?P<what>[^.?!;:\n]+)",
    re.IGNORECASE,
)


def what_it_is_about(text: str) -> str:
    """A message from where it says what its question is about, what it said before left out."""
    found = _ONLY_ABOUT.search(text) if "question is" in text.lower() else None
    return f"{found['what']}. {text[found.end() :].lstrip(' .')}" if found else text


def asker_out(reader: Reader, text: str) -> str:
    """A message without who asked what it relays: the thing someone wants, opening it ("the
    board of our trade association wants a plain-English explanation of the NIPP"); in one
    sentence, who asked the question ("my boss asked me what SOPD is", "what does the NICC do,
    he asked"), which ``without_asides`` drops from each sentence of a longer one."""
    if not _RELAYED.search(text):
        return text
    wanted = _WANTS.match(text)
    # Not when who wants it says which sector we are ("our volunteer fire dept wants ...").
    if wanted and not shape_of(reader, wanted.group()).sectors:
        return text[wanted.end() :]
    if len(sentences_of(text)) > 1:
        return text
    return _without_asker(_ASKED_AFTER.sub("", text))


# Someone wanting a thing: "boss wants a list of all the training", "ok and she also wants a
# one-liner on what an SRMA does".
_WANTS = re.compile(
    r"^\W*(?:(?:ok|okay|and|also|so|hey)\s+)*(?:(?:my|our|the|a|an)\s+(?:[\w-]+\s+){0,5}?|"
    r"(?:she|he|they|boss)\s+)(?:also\s+)?(?:wants|wanted|needs|would\s+like)\s+"
    r"(?!to\b|me\b|us\b|you\b|him\b|her\b|them\b)",
    re.IGNORECASE,
)


# A word every relayed question has: most messages have none and are not read further.
_RELAYED = re.compile(r"\b(?:ask\w*|wants?|wanted|keeps|needs|told|says|said)\b", re.IGNORECASE)


def _without_asker(sentence: str) -> str:
    """A sentence saying who asked a question it says, without who asked ("Our insurance
    carrier asked whether we're ..." -> "whether we're ...")."""
    asker = _ASKER.match(sentence)
    if asker is None:
        return sentence
    if EMBEDDED.match(sentence, asker.end() + 1):
        return sentence[asker.end() :].lstrip()
    # "My insurance broker keeps saying we're critical infrastructure": what is said of us.
    claim = _SAYS_OF_US.match(sentence, asker.end())
    return sentence[claim.end() :] if claim else sentence


def lists_what_was_asked(shape: Shape, topics: set[str]) -> bool:
    """ "who can I reach out to for chemical sector stuff? just list the contacts": the topics
    the questions asked, asked again as a list."""
    if not shape.lists or not shape.topics or shape.content or shape.sectors or shape.names:
        return False
    return set(shape.topics) <= topics


def _asks_of_us(shape: Shape, question: str) -> bool:
    """ "Which federal agency is the lead for us?", "what sector are we?": a lead or the sector
    asked of the asker's own, which the question does not name; "what training do you have for
    folks like us?", a list for it. "What is OBP part of these days?" asks of what it names."""
    if not shape.topics or shape.sectors or shape.names:
        return False
    if set(shape.topics) <= {"lead", "covers"}:
        return True
    return len(shape.topics) == 1 and shape.topics[0] in LISTED and bool(_US.search(question))


# Those we deal with, whose sector is not ours: "our insurer mentioned it", "our bank".
OUR_PROVIDER = re.compile(
    r"\b(?:our|my)\s+(?:insurer|insurance\s+(?:company|carrier|broker)|broker|bank|lender|"
    r"vendor|consultant|auditor|lawyer|attorney|landlord)\b",
    re.IGNORECASE,
)


def sector_said(reader: Reader, sentence: str) -> str | None:
    """The one sector a sentence says is ours; of a job and a workplace, the workplace ("I just
    started in emergency management at a mid-size hospital"); of a thing and where it is, the
    thing."""
    shape = shape_of(reader, sentence)
    if not shape.sectors or shape.topics or shape.names or OUR_PROVIDER.search(sentence):
        return None
    said = [term for term in reader.terms(sentence) if term.text in SECTOR_CONCEPTS]
    if all(term.role for term in said):
        return None  # "small town public works clerk.": a line of work, not what we run
    if len(shape.sectors) == 1:
        return shape.sectors[0]
    at = list(_AT_A_PLACE.finditer(sentence))
    if not at:
        return None
    if not said[0].role:
        # A thing at a place, not a job: what we run ("chemical distribution terminal at a
        # port: ... rail and truck loading").
        return said[0].text[1:]
    # The place up to a mark: "at a mid-size hospital (emergency management coordinator)".
    place = shape_of(reader, _MARKED_OFF.split(sentence[at[-1].end() :], 1)[0]).sectors
    return place[0] if len(place) == 1 else None


# The question before asked again of another: "and who for the water side", "what about".
_ASKED_AGAIN_OF = re.compile(
    r"^(?:and\s+)?(?:(?:who|what|which)\s+(?:for|about|of)|what\s+about)\b"
)


def asks_whether_said(shape: Shape, question: str) -> bool:
    """ "Does that make us emergency services?", "does that put us in food & ag?": whether what
    was said before it (what we make, whom we serve) is in the sector it names."""
    return (
        bool(shape.topics)
        and set(shape.topics) <= {"covers"}
        and len(shape.sectors) <= 1  # not a choice ("water sector too, or just chemical?")
        and shape.points
        and _WE.search(question) is not None
    )


def _say_all(reader: Reader, questions: list[str]) -> bool:
    """Whether questions say all they ask: a topic and of which sector ("which agency leads
    emergency services"), or an entry they name and find alone ("how do I find out who our
    PSA is?"); or they point at the question before ("..., and is it still called the SSA?")."""
    named = False
    for question in questions:
        shape = shape_of(reader, question)
        # "Are we Emergency Services or Communications?" asks which of them the thing is in.
        choice = len(shape.sectors) > 1 and set(shape.topics) <= {"covers"}
        named = (
            asks_for_sector_list(reader, question, shape)
            or bool(
                shape.topics
                and shape.sectors
                and not (choice or asks_whether_said(shape, question))
            )
            # "Is that OK under TLP?" points at what the sentences before it say; a name and
            # a way to reach it ("an address for NIPP questions") say which of its entries.
            or (
                shape.names
                and not shape.points
                and _finds_what_it_names(reader, question, shared="contact" in shape.topics)
            )
            or (named and shape.points)
            # "... and who for the water side?": the question before, asked of another sector.
            or (
                named
                and bool(shape.sectors)
                and not shape.topics
                and _ASKED_AGAIN_OF.match(" ".join(reader.words(question))) is not None
            )
            # "what was an SSA?": what a word means, whatever the sentences before it say.
            or bool(
                shape.topics
                and not (shape.sectors or shape.points)
                and _A_WORD_DEFINED.match(" ".join(reader.words(question)))
            )
        )
        if not named:
            return False
    return bool(questions)


# What one word means: "what was an SSA", "what is a GCC", "what's an SRMA exactly".
_A_WORD_DEFINED = re.compile(
    r"^(?:so\s+)?(?:what\s+(?:is|was|are|were)|whats)\s+(?:an?\s+|the\s+)?\w+(?:\s+exactly)?$"
)


def _finds_what_it_names(reader: Reader, question: str, *, shared: bool = False) -> bool:
    """Whether a question read alone is answered by the one entry it calls by name ("our
    PSA"; not "a FEMA course", which names several), or, when ``shared``, by one of the entries
    holding that name in their title (CIPAC and the CIPAC contact)."""
    best = reader.match(question).best
    if best is None:
        return False
    position = reader.index.positions[best.entry.id]
    titled = reader.index.titled
    if shared:
        return any(position in titled.get(term.text, ()) for term in reader.terms(question))
    # What a thing is ("what's AIS exactly?") is never asked of its contact ("AIS onboarding").
    defined = _WHAT_ARE_EACH.match(question) is not None
    entries = reader.index.entries
    return any(
        {
            held
            for held in titled.get(term.text, ())
            if not defined or held == position or entries[held].kind != "contact"
        }
        == {position}
        for term in reader.terms(question)
    )


# A bracket ending a message that says what the answer is for: "(for a board brief)", "(asking
# for a county EM)".
_FOR_WHAT = re.compile(
    r"\s*\((?P<what>(?:asking\s+|need\s+it\s+|it'?s\s+)?for\b[^()]*|"
    # ... or an apology for asking: "(new guy, sorry)", "(sorry, still learning)".
    r"(?:new|sorry|newbie|apologies|still\s+learning)\b[^()]*)\)(?=[\s?.!]*$)",
    re.IGNORECASE,
)


# Whom the answer is for, said of the asker: "what does an SRMA do for an owner like us".
_LIKE_US = re.compile(
    r"\s+for\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){1,2}?like\s+(?:us|ours|me|mine)\b"
    r"(?:\s*\([^()]*\))?",  # ... and what we are: "like ours (tank car builder)"
    re.IGNORECASE,
)
# "what does an SRMA actually do": what a role does, for anyone it is asked for.
_WHAT_A_ROLE_DOES = re.compile(
    r"\bwhat\s+(?:does|do|would|will)\s+(?:an?|the|our|my)\s+[\w-]+\s+(?:\w+\s+)?do\b",
    re.IGNORECASE,
)
# How a clause of whom we deal with opens ("..., and we ", "which "), and the rest of it.
_DEALING_OPENS = r",?\s+(?:and\s+)?(?:(?:we|that|which)\s+)?"
_DEALING_RUNS_ON = r"\s+[^.?!;,:()\n\u2013\u2014]+"
# Whom we sell to: "..., sell mostly to water utilities". Their sectors are our customers', not
# ours (what we haul is the load: ``text.fold_phrases``).
_CUSTOMERS = re.compile(
    rf"{_DEALING_OPENS}(?:(?:mostly|mainly|also)\s+)?(?:"
    r"(?:sell|sells|selling|ship|ships|supply|supplies|supplying|deliver|delivers)\s+"
    rf"(?:(?:mostly|mainly|it|them|products)\s+)*to){_DEALING_RUNS_ON}",
    re.IGNORECASE,
)
# Whom we buy from and rely on: "we rely 100% on the telco's lines", "we buy gas from the local
# utility", "our whole water supply comes from the city's reclaimed water".
_SUPPLIERS = re.compile(
    rf"{_DEALING_OPENS}(?:(?:rely|relies|depend|depends)\s+"
    r"(?:(?:\d+%|entirely|fully|heavily|mostly)\s+)?on|"
    r"(?:buy|buys|buying|get|gets|getting|source|sourcing)\s+[^.?!;,:()\n]{1,40}?\s+from|"
    r"(?:our\s+)?(?:[\w-]+\s+){0,2}?(?:supply|fuel|feedstock|power|gas|water|electricity)\s+"
    rf"comes\s+from){_DEALING_RUNS_ON}",
    re.IGNORECASE,
)
# "... now that cfats lapsed", "now that PPD-21 is gone": when a question is asked.
_NOW_THAT = re.compile(r",?\s+now\s+that\s+[^?.!;,]+", re.IGNORECASE)
# Where what is reported was found ("where do I report a vulnerability I found in a vendor's
# PLC firmware"): the report goes to one place, wherever it was found.
_FOUND_IN = re.compile(
    r"\s+(?:that\s+|which\s+)?(?:i|we|my\s+\w+|our\s+\w+)\s+"
    r"(?:found|discovered|spotted|noticed|identified)\b[^?.!;\n]*",
    re.IGNORECASE,
)
# "do they have an email like the ESS one": what the thing asked is like, not what is asked.
_LIKE_THE_ONE = re.compile(
    r",?\s+(?:just\s+)?like\s+(?:the|that)\s+(?:[\w-]+\s+){1,3}?one\b", re.IGNORECASE
)


# The sector whose members are made so by whom they make things for.
_MILITARY = "defense-industrial-base"
# Whom we make things for: "we build fire apparatus (pumpers, aerials) for fire departments".
_MADE_FOR = re.compile(
    r"\b(?:build|builds|make|makes|manufacture|manufactures|machine|machines|fabricate|"
    r"fabricates)\s+(?P<made>[^.?!;:\n]{1,60}?)\s+(?P<whom>for\s+[^.?!;,:()\n]+)",
    re.IGNORECASE,
)
# A word every clause of what we make for others has ("build", "manufactures").
_MAKING = ("build", "make", "manufactur", "machine", "fabricat")
# A word every clause of whom we deal with has: most messages have none.
_DEALINGS = ("sell", "ship", "suppl", "deliver", "rel", "depend", "from")


def _dealings_out(reader: Reader, text: str) -> str:
    """The message without whom it says it sells to and whom it buys from or relies on, when
    what is left still names a sector: the one it is in."""
    for pattern in (_CUSTOMERS, _SUPPLIERS):
        for found in reversed(list(pattern.finditer(text))):
            theirs = shape_of(reader, found.group()).sectors
            without = text[: found.start()] + text[found.end() :]
            left = shape_of(reader, without)
            # Not when the rest names their sector too ("... supplies power to an Army plant.
            # Does that make us DIB?"): what is asked is about them.
            if theirs and left.sectors and not set(theirs) & set(left.sectors):
                text = without
    return text


def _made_for_out(reader: Reader, text: str) -> str:
    """The message without whom it says we make things for, when what we make names a sector:
    even when the question names theirs ("... for fire departments. Does that make us
    emergency services?"), what we make says which is ours. Not when we make things for the
    military, whose sector that makes us."""
    for found in reversed(list(_MADE_FOR.finditer(text))):
        made = shape_of(reader, found["made"]).sectors
        theirs = shape_of(reader, found["whom"]).sectors
        if made and theirs and _MILITARY not in theirs and not set(made) & set(theirs):
            text = text[: found.start("whom")].rstrip() + text[found.end("whom") :]
    return text


def reasons_out(reader: Reader, text: str) -> str:
    """A question without the clauses after it that say who asks or why ("what is PPD-21, my
    director keeps citing it", "whats IS-860 about, my supervisor put it on my IDP"), and
    without a bracket ending it that says what it is for ("(for a board brief)"), when they
    name no sector, topic or entry: their words would only count against every entry."""
    if text.rstrip(" ?.!").endswith(")") and (found := _FOR_WHAT.search(text)):
        said = shape_of(reader, found["what"])
        if not (said.sectors or said.topics or said.names):
            text = text[: found.start()] + text[found.end("what") + 1 :]  # and its ")"
    # Another sector's one ("like the ESS one"), not an example of what is asked ("any course
    # on bombs, like the graphic novel one?").
    if (
        " like " in text
        and (found := _LIKE_THE_ONE.search(text))
        and shape_of(reader, found.group()).named
    ):
        text = text[: found.start()] + text[found.end() :]
    if any(word in text.lower() for word in _DEALINGS):
        text = _dealings_out(reader, text)
    if " for " in text and any(word in text.lower() for word in _MAKING):
        text = _made_for_out(reader, text)
    if " now that " in text.lower() and (found := _NOW_THAT.search(text)):
        # "who leads our sector now that cfats lapsed": when it is asked, not what.
        without = text[: found.start()] + text[found.end() :]
        if is_question(reader, without) or EMBEDDED.search(without):
            text = without
    if "report" in text.lower() and (found := _FOUND_IN.search(text)):
        without = text[: found.start()] + text[found.end() :]
        if is_question(reader, without):
            text = without
    if " like " in text and (found := _LIKE_US.search(text)):
        said = shape_of(reader, found.group())
        # A list for "folks like us" is one for the sector we said (``_asks_of_us``).
        lists = set(shape_of(reader, text).topics) & set(LISTED)
        whose = said.sectors and not _WHAT_A_ROLE_DOES.search(text)
        if not (whose or said.topics or said.names or lists):
            text = text[: found.start()] + text[found.end() :]
    clauses = list(_WHY_ASKED.finditer(text)) if "," in text else []
    lowered = text.lower()
    if any(word in lowered for word in _REASON_WORDS):
        clauses = sorted([*clauses, *_WHY_UNMARKED.finditer(text)], key=lambda m: m.start())
    for found in reversed(clauses):
        head, tail = text[: found.start()], text[found.end() :]
        reason = _CLAUSE_END.split(tail + " ")[0]
        shape = shape_of(reader, reason)
        # The question is the sentence the clause ends, after what the message says first and
        # without who asked it ("my boss asked me what an SCC is, we got invited to one").
        question = _without_asker((sentences_of(head) or [head])[-1])
        # "And also the CSCC, which our chairman keeps mentioning?": a relative clause, and the
        # question mark after it is the question's.
        relative = _RELATIVE.match(reason) is not None
        asked = relative and tail[len(reason) :].lstrip().startswith("?")
        # A request for a list asks as a question does: "list the sectors pls, making slides".
        lists = _LIST_REQUEST.match(question.strip()) is not None or bool(
            set(shape_of(reader, question).topics) & set(LISTED)
        )
        if not (is_question(reader, question) or asked or lists) or shape.names:
            continue
        if is_question(reader, reason) and not relative:
            continue
        if _EXAMPLE.match(reason) and reader.match(reason).answered:
            continue  # "..., like the attack cycle thing?" says which
        # "... or of communications since it's all phones and radios": why the question names
        # a sector it names already.
        # So does what we do, said after a question naming its sector ("training for the
        # commercial facilities side, we manage 3 malls").
        ours = _OF_US.match(reason) is not None and not shape.topics
        because = (_BECAUSE.match(reason) is not None or ours) and bool(shape.sectors)
        said_already = because and set(shape.sectors) <= set(shape_of(reader, question).sectors)
        if said_already or not (shape.sectors or shape.topics):
            text = f"{head}{tail[len(reason) :]}"
    if " so " in text or "the one " in text or " thing" in text:
        # "... a list of training for energy people so I can plan my first year": what for;
        # "amber+strict, the one our ISAC keeps using", "TLP, the traffic light thing on the
        # bulletins": which one, said again.
        for found in reversed(list(_SAID_AGAIN.finditer(text))):
            shape = shape_of(reader, found.group())
            if not (shape.sectors or shape.topics or shape.names):
                text = text[: found.start()] + text[found.end() :]
    return text


# Whether a way to reach something still works, pointing at it: "is that number still valid?",
# "does that email still work".
_STILL_WORKS = re.compile(
    r"^(?:is|are|does|do)\s+(?:that|this|it|those|these)"
    r"(?:\s+(?:number|email|phone|address|line|hotline|contact))?\s+still\s+"
    r"(?:valid|good|work|works|working|current|correct|active|in\s+use)\b"
)


# What points at a thing named before: "it", "that office", "this label".
_POINTER = re.compile(
    r"\b(?:that|this|it|those|these|they)(?:\s+(?:office|label|tool|program|council|thing|"
    r"one|plan|course|service|agency|group))?\b",
    re.IGNORECASE,
)
# Whether something pointed at still is: "is it still around", "is that label still used".
_STILL_AROUND = re.compile(
    r"^(?:(?:and|so|but)\s+)?(?:is|are|does|do)\s+(?:that|this|it|those|these|they)"
    r"(?:\s+[a-z]+)?\s+still\b"
)


def named_before(reader: Reader, text: str) -> list[str]:
    """ "I saw 'CIPAC' everywhere in our SSP annex. what is it?": a question that only asks
    what something it points at is, about the last entry the sentences before it name; "RRAP,
    IVP: what are they?", about each (up to ``MAX_PARTS``); "... a binder with "NICC
    202-282-9201" on it. Is that number still valid?", whether a way to reach it still works.
    Empty for any other question."""
    sentences = sentences_of(text)
    asks = [is_question(reader, sentence) for sentence in sentences]
    questions = [s for s, asking in zip(sentences, asks, strict=True) if asking]
    if not questions or len(questions) == len(sentences):
        return []
    reaching = still = False
    for question in questions:
        # "What is that exactly, and what do we get out of it?": its first question says.
        question = next(iter(pieces_of(reader, question)), question)
        shape = shape_of(reader, question)
        typed = " ".join(reader.words(question))
        if _STILL_WORKS.match(typed):
            reaching = True  # "Is that number still valid?": a way to reach the thing named
            continue
        if _STILL_AROUND.match(typed) and not (shape.sectors or shape.names):
            still = True  # "is it still around?": how the thing named stands now
            continue
        what = reader.words(question)[:1] in (["what"], ["whats"])
        # "what does it cover?" asks what it is too.
        asks_more = set(shape.topics) - {"covers"}
        if not what or shape.content or shape.sectors or asks_more or not shape.points:
            return []
        if _DOING_IT.search(question):
            return []
    said = [sentence for sentence, asking in zip(sentences, asks, strict=True) if not asking]
    # A name most entries hold ("I heard CISA does something like this. What is it?") is
    # not what the question points at; a name in quotes is ("an "SSA EMO" box on an old IP
    # org chart").
    common = reader.index.ubiquitous
    quoted = [
        found
        for sentence in said
        for found in _QUOTED.findall(sentence)
        if any(term.text in reader.index.holders for term in reader.terms(found))
    ]
    names = quoted[-1:] or [
        term.text
        for sentence in said
        for term in reader.terms(sentence)
        if term.text in reader.index.titled and term.text not in THE_OFFICE | common
    ]
    # Else the last abbreviation ("everyone keeps saying SRMA. what does that even mean").
    names = names or [
        found
        for sentence in said
        for found in _ABBREVIATION.findall(sentence)
        if not all(term.text in common for term in reader.terms(found))
    ]
    asked = " ".join(questions)
    if not POINTING_AT_SEVERAL.isdisjoint(reader.words(asked)):
        # "• RRAP\n• IVP\nWhat are they?": the names listed, a line each.
        listed = [
            term.text
            for sentence in said
            if len(reader.words(sentence)) <= LIST_ITEM
            for term in reader.terms(sentence)
            if term.text in reader.index.titled
        ]
        if len(set(listed)) > 1:
            return [f"{asked} {name}" for name in list(dict.fromkeys(listed))[:MAX_PARTS]]
    if not names:
        return []
    if reaching:
        # Its way to reach it now, whatever the words around it ("still valid").
        return [f"how do I reach {names[-1]}"]
    if still:
        # Asked of the thing by its name: "does that office still exist" of IP is whether IP
        # does, not this office.
        return [_POINTER.sub(names[-1], asked, count=1)]
    whole = f"{asked} {names[-1]}"
    first = next(iter(pieces_of(reader, questions[0])), asked)
    if first != asked and not reader.match(whole).answered:
        # "What is it, and how would we go about getting one done for our venue?": what the
        # first question asks, when the whole finds nothing.
        return [f"{first} {names[-1]}"]
    return [whole]


# "can you explain each one?", "what are they?", "what do they all mean?": what each of the
# things the sentences before name is.
_EACH_OF_THEM = re.compile(
    r"^(?:(?:so|ok|and)\s+)*(?:(?:can|could)\s+(?:you|someone|anyone)\s+)?(?:please\s+)?"
    r"(?:explain|define)\s+(?:each(?:\s+one)?|them(?:\s+all)?|all\s+(?:of\s+)?(?:them|those|"
    r"three)|those|these)(?:\s+(?:please|pls))?$|"
    r"^what\s+(?:are|r)\s+(?:they|those|these)(?:\s+all)?$|"
    r"^what\s+do\s+(?:they|those|these)\s+(?:all\s+)?(?:mean|stand\s+for)$"
)


# Who said the names, not one of them: "we keep hearing RRAP and IVP from our PSA".
_SAID_BY = re.compile(r"\b(?:from|by|at|with)\s+(?:(?:our|my|the|a|an)\s+)?$", re.IGNORECASE)


# A word every match of _EACH_OF_THEM has: most messages have none and are not read further.
_EACH_WORDS = re.compile(r"\b(?:each|them|they|those|these)\b", re.IGNORECASE)


# "which CI sectors do those three land in?": the sector of each thing the sentence before
# lists; what opens the list says whose they are ("our university has").
_WHICH_SECTORS_OF_THEM = re.compile(
    r"\b(?:which|what)\s+(?:ci\s+)?sectors\b.*\b(?:those|these|they|them|each|all)\b|"
    r"\b(?:those|these|they|each)\b.*\bwhich\s+(?:ci\s+)?sectors?\b"
)
_LED = re.compile(r"\b(?:lead|leads|led|run|runs)\b")  # which sectors each agency leads
_LIST_OPENS = re.compile(
    r"^.*?\b(?:has|have|had|runs?|operates?|owns?|manages?|includes?|oversees?|are)\s+",
    re.IGNORECASE,
)


def sector_of_each_listed(reader: Reader, text: str) -> list[str]:
    """ "we have a reactor, a hospital and a stadium. which sectors do those land in?": which
    sector each thing the sentence before lists is in, when each names one (up to
    ``MAX_PARTS``). Empty for any other message."""
    if "sector" not in text.lower() or not _EACH_WORDS.search(text):
        return []
    sentences = sentences_of(text)
    if len(sentences) < 2:
        return []
    asked = " ".join(reader.words(sentences[-1]))
    if not _WHICH_SECTORS_OF_THEM.search(asked) or _LED.search(asked):
        return []
    listing = _LIST_OPENS.sub("", sentences[-2].strip().rstrip(".:;"))
    things = [thing for thing in _LISTED_APART.split(listing) if thing]
    if 1 < len(things) <= MAX_PARTS and all(
        len(shape_of(reader, thing).sectors) == 1 for thing in things
    ):
        return [f"which sector is {thing}" for thing in things]
    return []


def each_named_before(reader: Reader, text: str) -> list[str]:
    """ "my supervisor keeps saying SCC, GCC and CIPAC in meetings. can you explain each
    one?": what each name the sentence before the question says is, when each finds the entry
    it names (up to ``MAX_PARTS``). Empty for any other message."""
    if not _EACH_WORDS.search(text):
        return []
    sentences = sentences_of(text)
    if len(sentences) < 2 or not _EACH_OF_THEM.match(" ".join(reader.words(sentences[-1]))):
        return []
    common = reader.index.ubiquitous
    said = sentences[-2]
    names = [
        found.group()
        for found in _ABBREVIATION.finditer(said)
        if not _SAID_BY.search(said, 0, found.start())
        and not all(term.text in common for term in reader.terms(found.group()))
    ]
    return _what_each_is(reader, names)


def _says_only_what_is_asked(reader: Reader, sentence: str, topics: set[str]) -> bool:
    """A sentence naming no sector and no entry, only topics the questions ask, that finds no
    entry of its own ('I keep seeing "SRMA" in every deck but nobody has explained it to me.
    What does a Sector Risk Management Agency actually do?'): it says why they are asked."""
    shape = shape_of(reader, sentence)
    if shape.names or shape.sectors or not shape.topics:
        return False
    return set(shape.topics) <= topics and not reader.match(sentence).answered


def _says_nothing_held(reader: Reader, clause: str) -> bool:
    shape = shape_of(reader, clause)
    if shape.sectors or shape.topics or shape.names:
        return False
    return not any(term in reader.index.holders for term in shape.content)


def names_an_uncovered_program(reader: Reader, text: str) -> bool:
    """Whether a text names a program no entry covers: what the questions around it ask of
    ("CIRCIA final rule — when does it actually take effect?")."""
    return any(term.text in OTHER_PROGRAMS for term in reader.terms(text))


def new_subject(reader: Reader, text: str) -> tuple[str, bool]:
    """A message that says it leaves what was talked about ("unrelated: ...", "we got an alert
    this morning. Separate question: who leads dams?"): what it asks after saying so (and a
    question asked before), read without the conversation so far."""
    lowered = text.lower()
    if not any(word in lowered for word in _NEW_SUBJECT_WORDS):
        return text, False
    said = list(_NEW_SUBJECT.finditer(text))
    if not said or not has_words(text[said[-1].end() :]):
        return text, False
    found = said[-1]
    before, after = text[: found.start()], text[found.end() :]
    if any(
        is_question(reader, sentence) for sentence in _CLAUSES.split(before) if has_words(sentence)
    ):
        return f"{before}\n{after}", True
    return after, True


def intro_out(reader: Reader, text: str) -> str:
    """A message without the introduction it opens with ("new hire here, what does this office
    do?", "I'm new here, how do I ask you stuff?") when that names no sector and no entry: who
    is asking, not what ("hotel chain security director here" names the sector); and without a
    clause saying when we ask ("before I use this, what do you store about me?") that names
    no sector, topic or entry."""
    when = _WHEN_WE.match(text)
    if when and is_question(reader, text[when.end() :]):
        said = shape_of(reader, when[0])
        if not (said.sectors or said.topics or said.names):
            text = text[when.end() :]
    found = _INTRO.match(text)
    rest = _CLAUSES.split(text[found.end() :]) if found else []
    if found is None or not any(is_question(reader, sentence) for sentence in rest):
        return text
    who = found.group(1) or found.group(2)
    shape = shape_of(reader, who)
    theirs = set(shape.sectors)
    if found.group(2):
        # Whom a new hire works for, said again after it ("new admin for our fire chief, can
        # you list the contacts for emergency services"), is asked of all the same.
        theirs -= set(shape_of(reader, text[found.end() :]).sectors)
    if shape.names or talk.QUESTION.match(" ".join(reader.words(who))):
        return text
    if theirs:
        # The sector it names is what a question naming none asks of ("who leads ours?"),
        # not one asking for an entry by its name ("... is there an intro course on the NIPP?").
        asked = text[found.end() :]
        named = shape_of(reader, asked)
        if not named.names or named.sectors or _OF_OURS.search(asked):
            return text
    return text[found.end() :]


_OF_OURS = re.compile(r"\b(?:our|ours|us|my|we)\b", re.IGNORECASE)


# A claim someone made or a page says, to be checked: "someone on our call said TSA runs
# pipeline security, true?", "my colleague swears CIPAC was set up in 2006, can you confirm?",
# "saw an infragard chapter page that says DHS is the SSA for energy. thats wrong right?".
_HEARSAY = re.compile(
    r"^\s*(?:(?:someone|somebody|people|(?:my|our|a|the)\s+[\w-]+)(?:\s+[\w-]+){0,5}?\s+"
    r"(?:said|says|swears|swore|claims|claimed|insists|told\s+(?:me|us)|"
    r"keeps?\s+(?:saying|mentioning|using))|"
    r"(?:i\s+)?(?:saw|read|found|came\s+across)\s+(?:an?|the|this|that|some)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:page|site|website|article|post|doc|document|slide|deck|memo|blog)"
    r"\s+(?:that\s+|which\s+)?(?:says|said|claims|claimed|states|stated|lists|listed))"
    r"\s+(?:that\s+)?(?P<claim>[^?]+?)[\s,.;:\u2013\u2014-]+"
    r"(?:(?:is\s+)?(?:that|this|it)(?:'?s|\s+is)?\s+)?(?:still\s+)?"
    r"(?:(?:true|right|correct|accurate|wrong|so|legit)(?:\s*,?\s*right)?|"
    r"(?:(?:can|could)\s+(?:you|u)\s+)?confirm(?:\s+(?:that|this|it))?|"
    # ... or what was heard, asked about: "my inbox keeps saying SSA and SRMA, same thing?".
    r"(?P<about>(?:the\s+)?same\s+thing|what(?:'?s|\s+is)\s+(?:that|it)))\s*\?+\s*$",
    re.IGNORECASE,
)


# A word every claim to check has: most messages have none and are not cut into sentences.
_CLAIMED = re.compile(
    r"\b(?:said|says|swears|swore|claims|claimed|insists|told|states|stated|lists|listed|"
    r"saying|mentioning|using)\b",
    re.IGNORECASE,
)


def hearsay_out(text: str) -> str:
    """A claim someone made or a page says, asked whether it holds, as the claim asked ("TSA
    runs pipeline security?"): who made it, or where it was read, says nothing of what is
    asked."""
    if "?" not in text or not _CLAIMED.search(text):
        return text
    # Said in the message's last sentences, after what it says of us ("Levee district. We
    # maintain 38 miles of levee. Someone told me that falls in the Dams sector. True?").
    start = 0
    for sentence in sentences_of(text):
        found = _HEARSAY.match(text[start:])
        if found:
            about = f", {found['about']}" if found["about"] else ""
            return f"{text[:start]}{found['claim']}{about}?"
        start += len(sentence)
    return text


def corrections_out(reader: Reader, text: str) -> str:
    """A message without a question it takes back ("is a TLP:CLEAR alert posted everywhere?
    update: nvm that — how do I get our channel cleared for amber?"), and with the name it
    takes back replaced by the one it meant ("what's CSET - no wait, I meant CRR": what's
    CRR): the words just before the correction that name a sector or an entry. A message
    naming nothing there is left as it is."""
    dropped = list(_NEVER_MIND.finditer(text))
    if dropped and has_words(text[dropped[-1].end() :]):
        text = text[dropped[-1].end() :]
    found = _TAKEN_BACK.search(text)
    if found is None or text[: found.start()].rstrip().endswith("?"):
        # After a question, "sorry, I mean it" takes nothing back.
        return text
    words = text[: found.start()].split()
    meant = (found["meant"] or found["meant_first"]).strip()
    for size in range(1, min(len(words), _TAKEN_BACK_WORDS) + 1):
        shape = shape_of(reader, " ".join(words[-size:]))
        if shape.sectors or shape.names:
            return " ".join([*words[:-size], meant]) + text[found.end() :]
    return text


def negations_out(reader: Reader, text: str) -> str:
    """A message without what it says it is not about, when that is a sector, an entry's name
    or one told by what it is ("no, not the NICC, the other one for cyber incidents", "so not
    energy? who leads that one then", "the PER one, not the principles one"), anything a mark
    sets off ("..., not the agency"), what it sets aside ("besides power plants"), and an aside
    saying what is not meant ("a PSA (not public service announcement)"): their words would
    only find what was ruled out."""
    text = _NOT_ASIDE.sub(" ", text)
    if "about" in text or "specific" in text:
        text = _NOT_ABOUT.sub(" ", text)
    for found in reversed(list(_NOT.finditer(text))):
        shape = shape_of(reader, found.group(1))
        rest = f"{text[: found.start()]} {text[found.end() :]}"
        # "not NRC?" alone asks whether it is; "not the principles one" rules one out, and so
        # does anything set off by a mark ("only my own org - not our clients?").
        set_off = text[: found.start()].rstrip().endswith((",", "-", "\u2013", "\u2014"))
        ruled_out = shape.sectors or shape.names or shape.which_one or set_off
        if ruled_out and not talk.courtesy_only(rest):
            text = rest
    return text


# A way to reach someone, asked alone: "phone #?", "email?".
_WAYS_TO_REACH = frozenset({"phone", "email", "fax", "address"})


def asks_how_to_reach(shape: Shape) -> bool:
    """A way to reach someone asked alone after a question ("who runs the program office?
    phone #?"): how to reach what that question asks about."""
    return shape.topics == ("contact",) and shape.size <= 2 and set(shape.content) <= _WAYS_TO_REACH


def qualifies(reader: Reader, shape: Shape, piece: str, before: Shape) -> bool:
    """A few words after a question that say more of what it asks ("any ICS training?
    ideally hands-on", "anything for nuclear plant folks? resources, plans, tools"): no
    question of their own, nothing named, and no topic besides the one the question asks."""
    return (
        shape.size <= QUALIFIER
        and not (shape.sectors or shape.names)
        and not (shape.topics and before.topics)
        and not is_question(reader, piece)
    )
