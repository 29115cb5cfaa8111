"""What a message is besides a question: small talk, a call for help, a request to do something.

A greeting, thanks or a sign-off around a question is context ("hi, who leads dams?" is a
question); on its own it is small talk, answered with a friendly line and never recorded as a
knowledge gap. "help" and "what can you do" ask how to use the bot. "Reset my password" and
"DM me the attendee list" ask the bot to act: it cannot, and a card about passwords or attendee
lists would be no answer. Each rule reads words as typed (after ``markup.plain``).
"""

from __future__ import annotations

import re

from knowledge.lexicon import BYE, COURTESY, MISSED, MISSING, THANKS, WANTING, WORD_FORMS
from knowledge.text import runs

# Ways to ask how to use the bot, as the whole message (courtesy words aside); "/ci help" typed
# as a message too.
HELP = re.compile(
    r"^(?:ci )?(?:(?:(?:im|i am) )?(?:new(?: here)?|lost|confused|so lost) )?"
    r"(?:(?:can|could) you )?(?:please )?"
    r"(?:(?:tell|show) (?:me |us )?)?(?:"
    r"help(?: me| us| out| please| pls)*(?: with (?:something|this|a thing))?|i need help|"
    r"need help|\?+|commands?|usage|menu|options|"
    r"instructions|getting started|how to use|"
    r"what (?:else |exactly )?(?:can|do) you (?:actually |really )?do(?: for (?:me|us))?|"
    r"what (?:else )?(?:can|could|should) i ask(?: you| u)?|capabilities|"
    r"what (?:do|can) you answer|"
    r"what (?:else )?(?:can|could) you (?:actually |really )?help (?:me |us )?with|"
    # Asked indirectly: "please tell me what you can do".
    r"what (?:else )?you (?:can|could) (?:actually |really )?(?:do|help (?:me |us )?with)|"
    r"what (?:do|should|can) i (?:type|say|write)(?: here| to you)?|"
    # "do i just type a question?": how to ask.
    r"do i (?:just )?(?:type|ask|write|put)(?: (?:a|my|the) questions?| it| in)?(?: here)?|"
    r"what (?:kinds? of |kinda |sorts? of |types? of )?(?:stuff|things|questions) "
    r"(?:can|could|do|should) (?:you|u|i|this bot|the bot|partnerbot) (?:actually |really )?"
    r"(?:help(?: me)?(?: with)?|ask(?: you| it)?|answer|do|handle|cover|know(?: about)?)|"
    r"what (?:can|does) (?:this|the) bot (?:actually |really )?(?:help(?: me)? with|do)|"
    r"what (?:stuff |things )?(?:are )?you (?:are )?able to (?:help(?: me)?(?: with)?|do)|"
    r"what are you(?: for)?|what is (?:this|partnerbot)(?: bot| thing| app)?(?: for)?|"
    r"what (?:topics|subjects|areas) (?:do|can) you (?:cover|know about|handle|answer)|"
    r"what (?:do you|does (?:this bot|the bot|partnerbot)) (?:actually |really )?know(?: about)?|"
    # "are you a person or a bot?": what the bot is.
    r"(?:are|r) (?:you|u) (?:an? )?(?:real |actual )?(?:person|human|bot|robot|ai|chatbot)"
    r"(?: or (?:an? )?(?:real |actual )?(?:person|human|bot|robot|ai|chatbot))?|"
    r"(?:(?:im|i am) )?(?:not sure|unsure|wondering) what "
    r"(?:(?:youre|you are|this bot is|this is) for|(?:it|this|this bot|you) (?:covers?|does|do))|"
    r"what are (?:your|the) commands|what commands are there|"
    r"how do(?:es)? (?:i|we|you) (?:even |actually |really )?(?:use|work)"
    r"(?: (?:this|it|you|the|partnerbot))?"
    r"(?: bot| thing| app)?|"
    r"how (?:does|do) (?:this|it|the|you|partnerbot)(?: bot| thing| app)? work|"
    r"how (?:can|do|should) i use (?:this|it|you|the|partnerbot)(?: bot| thing| app)?"
    r")(?: exactly| then| anyway| instead)?(?: please| pls)?$"
)

# What opens a request without changing it ("great, schedule one", "cool, can you email them").
_POLITE = (
    r"(?:(?:please|pls|plz|kindly|hey|hi|ok|okay|so|just|then|now|cool|great|perfect|awesome|"
    r"nice|neat|alright|sure|fine|thanks|thx|ty|ha|haha|yes|yeah)\s+|go\s+ahead\s+(?:and\s+)?)*"
)
_ASKING_YOU = (
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:(?:please|just|also|quickly|maybe)\s+)*|"
    r"i\s+(?:need|want)\s+you\s+to\s+)"
)
_ASKING = f"{_ASKING_YOU}?"
# Verbs asking the bot to act on something ("book a room", "reset my password").
_ACTION_VERBS = (
    "book|reserve|schedule|set up|sign up|arrange|reset|change|update|register|enroll|enrol|"
    "order|buy|"
    "purchase|print|approve|reject|cancel|delete|remove|forward|translate|write|invite|grant|"
    "install|fix|unlock|renew|upload|mail|fax|add|export|download|attach|start|reactivate|"
    "activate|restore|draft|compose"
)
# Verbs of doing something on someone's behalf, a request when asked "for me" ("submit our
# PCII paperwork for us", "just post it to #energy-ops for me"); alone they may ask how.
_ON_BEHALF_VERBS = "submit|file|fill|post|send|share"
_OBJECTS = (
    r"(?:me|us|my|our|a|an|the|this|that|it|these|those|his|her|their|some|mine|ours|all|"
    r"everything|one|them|him|\d+|two|three|four|five|six|seven|eight|nine|ten|several|"
    r"everyone)"  # "register 3 of us", "sign up three of my guards"
)
# "remind me what CSET checks against" asks; "remind me tomorrow", "ping me when the next
# class opens" are requests.
_WH = r"(?:what|who|which|where|how|why)\b"
# Verbs of reaching someone: a request only when the bot is to reach the asker ("call me"):
# "call the NICC" asks for a number.
_CONTACT_VERBS = "dm|message|email|e-mail|mail|call|phone|text|ping|page|remind|notify|sign|add"
REQUEST = re.compile(
    rf"^{_POLITE}{_ASKING}(?:{_POLITE})(?:"
    rf"(?:{_ACTION_VERBS})\s+{_OBJECTS}\b|(?:{_CONTACT_VERBS})\s+(?:me|us)\b(?!\s+{_WH})|"
    # A room or a time, booked as typed on a phone: "book conf rm B 2pm".
    r"(?:book|reserve|schedule)\s+(?:conference|room|meeting|call|time|slot)\b|"
    # "email them for me": the bot to reach someone on the asker's behalf.
    rf"(?:{_CONTACT_VERBS})\s+(?:them|him|her|it|they)\b.*\bfor\s+(?:me|us)\b|"
    # ... or with someone copied in ("can you email them and cc my chief").
    rf"(?:{_CONTACT_VERBS})\s+(?:them|him|her)\s+and\s+(?:cc|copy|loop\s+in)\b|"
    rf"let\s+(?:me|us|them|him|her)\s+know\b|give\s+(?:me|us)\s+access\b|"
    rf"(?:send|write|draft)\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+)?(?:email|e-mail|message|note|"
    rf"letter)\b|"
    # Reaching several for the asker ("email both of them and cc me"), doing it for them.
    rf"(?:{_CONTACT_VERBS})\s+(?:both|all|each)\s+of\s+(?:them|those|these)\b|"
    rf"do\s+(?:it|that|this)\s+for\s+(?:me|us)\b|"
    # Sending something on someone's behalf ("send the invite to everyone"); "send me the
    # link" asks for the link.
    rf"(?:send|email|e-mail|mail|forward)\s+(?:a|an|the|this|that|it|these|those|our|my|both|all)"
    rf"\s+[a-z0-9 ]*\bto\b|"
    # ... or to someone named before it ("can you email her the RRAP final report").
    rf"(?:send|email|e-mail|mail|forward|text)\s+(?:him|her|them)\s+(?:a|an|the|this|that|our|my)\b|"
    # A copy of one's own record ("send me a copy of my certificate"): the bot holds none.
    rf"send\s+(?:me|us)\s+(?:a\s+)?cop(?:y|ies)\b|"
    rf"send\s+(?:me|us)\s+(?:the|a|our)\s+(?:[a-z0-9]+\s+){{0,2}}"
    rf"(?:(?:as|in)\s+an?\s+)?"
    rf"(?:pdf|file|slides|deck|document|attachment|shapefile|dataset|spreadsheet|csv)s?\b|"
    # Reaching someone with a message ("call the NICC and tell them ...", "email them and sign
    # us up"), signing one up.
    rf"(?:{_CONTACT_VERBS})\s+(?:the\s+|our\s+|my\s+)?(?:[a-z]+\s+){{1,3}}?and\s+"
    rf"(?:tell|let|ask|sign|register|enroll|book|have|get|set|schedule|arrange|patch|connect|"
    rf"transfer|check|confirm|verify|find|see)\b|"
    # One's own record looked up ("i forgot my SID, can you look it up for me", "can you pull
    # his transcript").
    rf"look\s+(?:it|that|mine|(?:my|our)\s+[a-z]+)\s+up\b|look\s+up\s+(?:my|our)\b|"
    rf"(?:pull|retrieve)\s+(?:up\s+)?(?:my|our|his|her|their)\s+"
    rf"(?:transcripts?|records?|certificates?|certs?)\b|"
    # A case opened for the asker ("open a case with CISA so someone calls us back").
    rf"(?:open|create|log|raise)\s+(?:a|an|the)\s+(?:case|ticket)\b|"
    # Putting the asker through to someone ("patch me through to the NICC"); "put me in touch
    # with" asks whom to reach.
    rf"(?:patch|connect|transfer)\s+(?:me|us)\s+(?:through|with|to)\b|"
    rf"sign\s+(?:[a-z0-9]+\s+){{1,4}}up\b|"
    rf"sign\s+up\s+{_OBJECTS}\b|"
    # "just set it up for us".
    rf"set\s+(?:it|that|this|them|one)\s+up\b|"
    # Someone made to reach the asker ("have our PSA call me tomorrow"), a setting switched.
    rf"have\s+(?:our|my|the|a|an|one|someone|somebody)\s+(?:[a-z]+\s+){{0,2}}"
    rf"(?:{_CONTACT_VERBS})\s+(?:me|us)\b|"
    rf"turn\s+(?:[a-z0-9]+\s+){{0,2}}(?:on|off)\b|"
    # Something sent to the asker: "email it to me", "pull the levee layer and DM it to me".
    rf"(?:(?:[a-z0-9]+ )+?and )?"
    rf"(?:{_CONTACT_VERBS}|send|forward)\s+(?:it|them|this|that|those|these)\s+(?:to\s+)?(?:me|us)\b"
    rf")"
)


# A line asking for any help at all ("Can someone point me in the right direction?", "Any
# pointers appreciated.") or for nothing in particular ("just browsing"): beside a question,
# it asks nothing of its own.
_PLEA = re.compile(
    r"^(?:(?:can|could|would)\s+(?:someone|somebody|anyone|anybody|you|u)\s+)?(?:please\s+)?"
    r"(?:point|steer|direct)\s+(?:me|us)\s+(?:in\s+the\s+right\s+direction|to\s+the\s+right\s+"
    r"(?:info|information|place|person|people|resources?|docs?))(?:\s+please)?$|"
    r"^any\s+(?:pointers|tips|advice|help)(?:\s+(?:appreciated|welcome|please))?$|"
    r"^(?:(?:im|i\s+am|were|we\s+are)\s+)?just\s+(?:browsing|curious|looking\s+around)$|"
    # "Any idea?", "thoughts?", "Can you confirm?" after a question said as a statement.
    r"^(?:any\s+)?(?:ideas?|thoughts)(?:\s+(?:anyone|appreciated|welcome|please))?$|"
    # "Can the bot settle it?" after a question said as a statement.
    r"^(?:(?:can|could|would)\s+(?:you|someone|anyone|the\s+bot|partnerbot)\s+)?(?:please\s+)?"
    r"(?:confirm|advise|clarify|settle|weigh\s+in|clear\s+up|sort\s+out)"
    r"(?:\s+(?:it|this|that))?(?:\s+(?:up|out|for\s+(?:me|us)))?(?:\s+please)?$|"
    # "Can you help?" beside a question asks nothing of its own.
    r"^(?:(?:can|could|would)\s+(?:you|someone|anyone)\s+)?(?:please\s+)?help"
    r"(?:\s+(?:me|us|out|please|pls))*$"
)


def pleads(said: list[str]) -> bool:
    """Whether words (as ``words`` finds them) only ask for any help at all."""
    return _PLEA.match(" ".join(said)) is not None


def words(text: str) -> list[str]:
    """The words of a message as typed, shorthands written out ("n" is "and")."""
    return [WORD_FORMS.get(w, w) for w in runs(text.lower().replace("'", ""))]


def courtesy_only(text: str) -> bool:
    """Whether a message is only greetings, thanks, sign-offs or acknowledgements."""
    return courteous(words(text))


def courteous(said: list[str]) -> bool:
    """``courtesy_only`` of words already found."""
    for i, word in enumerate(said):
        # "that's all for now" signs off; "and now?" asks again; "how are you today" greets and
        # "thanks for the help today" thanks.
        if word not in COURTESY and not (
            i and (word == "today" or (word == "now" and said[i - 1] in ("for", "you")))
        ):
            return False
    return True


# Taking an answer in ("that's what I needed", "ok will use the form", "makes sense"): thanks
# in other words, with no question left.
_ACKNOWLEDGED = re.compile(
    r"^(?:(?:ok|okay|cool|great|perfect|alright|right|got it|thanks|ty|lol|haha|ha)\s+)*(?:"
    r"(?:thats|that is|this is)\s+(?:exactly\s+|just\s+)?(?:what|all)\s+(?:i|we)\s+"
    r"(?:needed|need|wanted|was looking for|was after)"
    r"(?:\s+for\s+(?:now|(?:the|my|our|this|a)(?:\s+[a-z]+){1,3}))?|"
    # "we already called 911 and building security": done, nothing asked.
    r"(?:i|we)\s+(?:have\s+)?already\s+(?:called|emailed|reported|contacted|did|done|sent|"
    r"filed|signed up|registered|submitted)\b.*|"
    # "ok submitted via the form".
    r"(?:(?:i|we)\s+)?(?:have\s+)?(?:just\s+)?submitted\b.*|"
    r"(?:(?:i|we)\s+)?(?:will|ill|well|shall)\s+(?:do|use|try|check|look|read|reach|call|email|"
    r"go|start|pass|share|forward|send)\b.*|"
    # "this was really helpful", "she'll be thrilled".
    r"(?:that|this|it)\s+(?:was|is)\s+(?:really\s+|very\s+|super\s+|so\s+)?"
    r"(?:helpful|useful|great|perfect)|"
    r"(?:she|he|they)(?:ll|\s+will)\s+be\s+(?:thrilled|happy|glad|pleased|relieved)|"
    r"(?:(?:that|this)\s+)?(?:helps|works|makes sense)|good to know|"
    # "that's what I thought": the answer expected.
    r"(?:thats|that is)\s+what\s+(?:i|we)\s+(?:thought|figured|assumed|expected)|"
    # "that did it", "that worked", "that fixed it".
    r"(?:that|this|it)\s+(?:did\s+(?:it|the\s+trick)|worked|fixed\s+it)|"
    # "that clears it up", "that's plenty to start with".
    r"(?:that|this|thats|it)\s+(?:clears\s+(?:it|that|things|a\s+lot|everything|it\s+all)\s+up|"
    r"answers\s+(?:it|that|my\s+question)|(?:is\s+)?(?:plenty|enough)"
    r"(?:\s+(?:to\s+start\s+with|for\s+now))?)|"
    # "chief appreciates it", "my boss appreciates the help".
    r"(?:[a-z]+\s+){1,2}appreciates\s+(?:it|this|that|the\s+help)|"
    # "lol sorry wrong chat": a message sent to the wrong place.
    r"(?:sorry\s+)?wrong\s+(?:chat|channel|window|thread|dm|person|place|tab)|"
    # An apology for one's English: "sorry my english is not so good".
    r"(?:sorry\s+)?(?:for\s+)?my\s+english\s+is\s+(?:not\s+(?:so\s+|very\s+)?(?:good|great)|"
    r"bad|poor)|(?:sorry\s+)?for\s+my\s+(?:bad|poor)\s+english|"
    # "appreciate the patience", "thanks for putting up with me at 3am".
    r"(?:thanks|thank\s+you|appreciate\s+it|appreciate)\s+(?:for\s+)?(?:(?:the|your)\s+)?"
    r"(?:patience|time|putting\s+up\s+with\s+(?:me|us)|bearing\s+with\s+(?:me|us))\b.*"
    r")$"
)


ACKNOWLEDGEMENT = 100  # characters at most: taking an answer in is short
# A word each way of taking an answer in has: most messages have none and are not read further.
_ACKNOWLEDGING = re.compile(
    r"\b(?:needed|need|wanted|looking|after|already|submitted|will|i['\u2019]?ll|we['\u2019]?ll|shall|helps|works|sense|know|"
    r"clears|answers|plenty|enough|patience|time|putting|bearing|did|worked|fixed|english|"
    r"thought|figured|assumed|expected|helpful|useful|thrilled|happy|glad|pleased|relieved|"
    r"wrong|appreciates)\b",
    re.IGNORECASE,
)


_CLAUSE_ENDS = re.compile(r"[!,;\n]+|\.+(?!\w)")


def acknowledges(text: str) -> bool:
    """Whether a message only takes an answer in: courtesy and acknowledgements, no question."""
    if "?" in text or len(text) > ACKNOWLEDGEMENT or not _ACKNOWLEDGING.search(text):
        return False
    # A full stop inside a word ("cisa.gov") ends no clause.
    clauses = [found for part in _CLAUSE_ENDS.split(text) if (found := words(part))]
    return any(not courteous(c) for c in clauses) and all(
        courteous(c)
        or _ACKNOWLEDGED.match(" ".join(c))
        or _ACKNOWLEDGED.match(" ".join(_without_sign_off(c)))
        for c in clauses
    )


def _without_sign_off(said: list[str]) -> list[str]:
    """A clause without the courtesy it closes with ("that's exactly what i needed have a good
    weekend", an emoji between them read out)."""
    end = len(said)
    while end and said[end - 1] in COURTESY:
        end -= 1
    return said[:end]


# What still wants something, said without a question mark: "need the dams contact, thanks".
# ... or asks one inside a statement ("our GM asked which sector we fall under, thanks in
# advance").
_STILL_WANTING = re.compile(
    r"\b(?:need|needs|looking\s+for|trying\s+to|wondering|want\s+to\s+know|please|pls|"
    r"(?:can|could|would)\s+(?:you|u|someone|anyone)|in\s+advance|appreciate\s+(?:a|an|any)|"
    r"whether|which|who|what|how|where|when|if)\b",
    re.IGNORECASE,
)


def thanks_after_the_fact(text: str) -> bool:
    """Whether a message thanks for help given before and asks nothing ("Just wanted to say
    thanks. I asked about TLP here last week and my board meeting went great."): thanks said
    first or last, no question, no request, nothing still wanted."""
    if "?" in text or _STILL_WANTING.search(text):
        return False
    sentences = [found for part in re.split(r"[.!\n]+", text) if (found := words(part))]
    if len(sentences) < 2 or THANKS.isdisjoint([*sentences[0], *sentences[-1]]):
        return False
    return not any(
        QUESTION.match(clause) or REQUEST.match(clause) or FOR_ME.match(clause)
        for clause in map(" ".join, sentences)
    )


def missed(text: str) -> bool:
    """Whether a message only says the last answer missed ("not helpful", "that's not what I
    asked"): a reply asking it again in other words, not a question nobody could answer."""
    said = words(text)
    if len(said) == 1:  # "useless", "wrong"; not "no", which answers a question
        return said[0] in MISSING and said[0] != "not"
    return set(said) <= MISSED and not MISSING.isdisjoint(said)


_FIRST_CLAUSE = re.compile(r"^([^,.;:!?\n]+)[,.;:!\u2013\u2014-]+\s*(?=\w)")


def without_missed(text: str) -> str:
    """A message with the clause it opens with saying the last answer missed ("that was
    wrong, who leads dams?") said as the "no" it means ("that's wrong, I meant the in-person
    one" rules the last answer out)."""
    found = _FIRST_CLAUSE.match(text)
    return f"no, {text[found.end() :]}" if found and missed(found.group(1)) else text


def small_talk_kind(text: str) -> str:
    """What sort of small talk: "thanks", "bye", "greeting", or "empty" for no words at all
    ("missed" is told apart by ``missed``)."""
    said = set(words(text))
    if not said:
        return "empty"
    if "wrong" in said:
        return "bye"  # "lol sorry wrong chat": leaving, not thanking
    if said & THANKS or acknowledges(text):
        return "thanks"
    if said & BYE:
        return "bye"
    return "greeting"


# Saying who one is: "I'm the new intern", "just joined the EOC". Not what one runs ("we run
# a bunch of cell towers"), which asks which sector it is in without saying so.
_INTRODUCING = re.compile(
    r"^(?:i\s+am|im|my\s+name\s+is|(?:i\s+)?(?:just\s+)?(?:joined|started)|new(?:\s+here)?$|"
    r"(?:i\s+)?work\s+(?:at|for|in)\s|"
    # "day 5 as the new emergency manager for lake county", its "day" stripped.
    r"(?:\d+\s+)?as\s+(?:the|a|an)\s+new|"
    # "first day here!", its courtesy words ("day", "here") stripped.
    r"(?:its\s+)?(?:my\s+)?first(?:\s+day)?(?:\s+here)?$)\b"
)
INTRODUCTION = 24  # words at most: who one is, not a story
# A word every introduction has: most messages have none and are not read further.
_SAYS_WHO = re.compile(
    r"\b(?:i['\u2019]?m|i\s+am|my\s+name|joined|started|new|first\s+day)\b", re.IGNORECASE
)


def introduces(text: str) -> bool:
    """Whether a message only greets and says who is writing ("hi im the new intern 👋",
    "hey all, I'm the new emergency manager for the county"): it asks nothing."""
    if "?" in text or not _SAYS_WHO.search(text):
        return False
    clauses = [found for part in re.split(r"[.!,;:\n]+", text) if (found := words(part))]
    introduced = False
    for said in clauses:
        if courteous(said):
            continue
        if not _says_who_one_is(said):
            return False
        introduced = True
    return introduced


# What opens or closes a call for help without being part of it ("hey partnerbot, help!").
_AROUND_HELP = COURTESY - {"help", "helping", "how", "is", "are", "and", "for", "the", "your"}


def _stripped(said: list[str], courtesy: frozenset[str]) -> str:
    """The words without the greeting or thanks they open or close with."""
    start, end = 0, len(said)
    while start < end and said[start] in courtesy:
        start += 1
    while end > start and said[end - 1] in courtesy:
        end -= 1
    return " ".join(said[start:end])


# What a forwarded or quoted email brings along: its banner ("---------- Forwarded message
# ---------"), the line that quotes it ("On Mon, Feb 10, 2025, Jeff wrote:") and the line a
# phone adds ("Sent from my iPhone").
_MAIL_LINE = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded|original)\s+message\s*-*|on\s.{4,120}\swrote:|"
    r"(?:--\s*)?sent from my\s.{0,60}|get outlook for\s.{0,20})\s*$",
    re.IGNORECASE,
)
# Its headers, read as such only in a block of them or below a banner: one "From: the county
# EOC -" line may be the asker's own.
_MAIL_HEADER = re.compile(r"^\s*(?P<field>from|to|cc|date|sent|subject)\s*:", re.IGNORECASE)
_REPLY_MARKS = re.compile(r"^(?:\s*(?:re|fwd?)\s*:)+", re.IGNORECASE)
_MAIL_BANNER = re.compile(r"^\s*-{2,}\s*(?:forwarded|original)\s", re.IGNORECASE | re.MULTILINE)
# A message saying it forwards a mail: "forwarding from my inbox", "fwd from our ops lead".
_FORWARDS = re.compile(r"\b(?:forward(?:ed|ing)|fwd)\b", re.IGNORECASE)


def without_mail_lines(text: str) -> str:
    """The message without what a forwarded or quoted email brings along: its banner, its
    headers and the phone's sign-off say nothing of what is asked."""
    lowered = text.lower()
    if ":" not in text and not any(mark in lowered for mark in ("sent from", " message")):
        return text
    lines = text.split("\n")
    headers = sum(1 for line in lines if _MAIL_HEADER.match(line))
    in_a_mail = headers > 1 or bool(_MAIL_BANNER.search(text) or _FORWARDS.search(text))
    kept = []
    for line in lines:
        if _MAIL_LINE.match(line):
            continue
        header = _MAIL_HEADER.match(line) if in_a_mail else None
        if header is None:
            kept.append(line)
        elif header["field"].lower() == "subject":
            # What the mail is about may name what is asked of ("Subject: RRAP").
            kept.append(_REPLY_MARKS.sub("", line[header.end() :]).rstrip(" ?"))
    return "\n".join(kept)


# A line that signs a message: "— Marcy", "-- Owen, State Dam Safety".
_SIGNED = re.compile(r"^\s*(?:[\u2013\u2014]|--)\s*[^?]{1,80}$")
# A sign-off a signature follows: "Thanks!", "Thanks in advance,", "Best," or "Thanks — Nadia".
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:(?:many\s+)?thanks|thank\s+you|thx|ty|cheers)\b[^?]{0,80}|"
    r"(?:best|regards|best\s+regards|kind\s+regards|sincerely|respectfully|v/r)\s*[,.!]?\s*)$",
    re.IGNORECASE,
)
SIGNATURE_LINE = 6  # words: a name and a title, not a question


def without_signature(text: str) -> str:
    """The message without the sign-off and signature it ends with ("Thanks in advance,\nRosa
    Delgado\nPlant Security Manager"): a name and a title say who asks, not what."""
    lines = text.rstrip().split("\n")
    end = len(lines)
    while end > 1 and _SIGNED.match(lines[end - 1]):
        end -= 1
    for start in range(end - 1, 0, -1):
        line = lines[start]
        if _SIGN_OFF.match(line) and (courtesy_only(line) or not _SIGNED.match(line)):
            signed = lines[start + 1 : end]
            if all("?" not in s and len(words(s)) <= SIGNATURE_LINE for s in signed):
                end = start
            break
        if "?" in line or len(words(line)) > SIGNATURE_LINE:
            break
    return "\n".join(lines[:end])


# A call for help is short: a longer message asks something else ("... can you help me find
# the dams contact?").
HELP_WORDS = 80
# Who asks, before or after how to use the bot: "new here, how does this bot work", "how do I
# use you, first time trying this bot".
_NEWCOMER = (
    r"(?:(?:[\w']+\s+){0,3}here|"
    r"first (?:time|day)(?:\s+(?:using|trying|on|with)(?:\s+\w+){1,2})?|"
    r"(?:i['\u2019]?m\s+|i am\s+)?new to (?:the|this|my|our) "
    r"(?:team|job|role|office|org|organization|workspace))"
)
_NEW_HERE = re.compile(
    rf"^(?:(?:hi|hey|hello)\W+)?{_NEWCOMER}\b[\s,.:;!\u2013\u2014-]+", re.IGNORECASE
)
_NEW_HERE_AFTER = re.compile(rf"[\s,.:;!\u2013\u2014-]+{_NEWCOMER}\W*$", re.IGNORECASE)
_NEWCOMER_ALONE = re.compile(_NEWCOMER)
_NEWCOMER_WORDS = ("here", "time", "day", "new")  # one in every match: most messages have neither


def asks_for_help(text: str) -> bool:
    """ "help", "what can you do", "how do I use this", "what are you? what is this bot for":
    how to use the bot."""
    said = words(text)
    if len(said) > HELP_WORDS:
        return False
    introduced = _BEFORE_ASKING.sub("", text) if "before" in text.lower() else text
    if any(word in text.lower() for word in _NEWCOMER_WORDS):
        introduced = _NEW_HERE_AFTER.sub("", _NEW_HERE.sub("", introduced))
    if calls_for_help(said) or (introduced != text and calls_for_help(words(introduced))):
        return True
    clauses = [
        found
        for c in re.split(
            r"[?!.\n\u2013\u2014]+|\s+(?:and|or|/)\s+(?=what|how)|,\s*(?=do\s+i\b)", introduced
        )
        if (found := words(c))
    ]
    if len(clauses) < 2:
        return False
    # Before a call for help, courtesy; after it, sentences that ask nothing too ("Just trying
    # to figure out if this is worth pinning"). "we want to assess X. options?" asks for options.
    helps = [calls_for_help(c) for c in clauses]
    if not any(helps):
        return False
    first = helps.index(True)
    after = zip(helps[first + 1 :], clauses[first + 1 :], strict=True)
    before = clauses[:first]
    return all(
        courteous(c)
        or _about_the_bot(c)
        or _UNSURE_OF_THE_BOT.match(" ".join(c)) is not None
        or _newcomer(c)
        or _says_who_one_is(c)
        for c in before
    ) and all(
        helped
        or courteous(c)
        or _FOR_WHAT_IT_IS.match(" ".join(c)) is not None
        or not _asks_or_requests(" ".join(c))
        for helped, c in after
    )


# "before I start typing questions, what can you do?": when, not what, is asked.
_BEFORE_ASKING = re.compile(
    r"\bbefore\s+i\s+(?:start|begin)(?:\s+(?:typing|asking))?(?:\s+(?:any|my))?\s+questions?,?\s*",
    re.IGNORECASE,
)


# "I'm not totally sure what you are or what I can ask": what the bot is, asked by saying so
# (its clauses apart, as the clauses of a call for help are cut before "or what").
_UNSURE_OF_THE_BOT = re.compile(
    r"^(?:(?:im|i\s+am)\s+(?:still\s+)?"
    r"(?:not\s+(?:totally\s+|really\s+|quite\s+|entirely\s+)?sure|unsure)\s+)?"
    r"(?:what\s+(?:you\s+(?:are|do)|(?:i\s+(?:can|should)\s+)?(?:to\s+)?ask)|how\s+this\s+works)$"
)


def _asks_or_requests(clause: str) -> bool:
    return bool(QUESTION.match(clause) or REQUEST.match(clause))


# Words of a sentence about the bot itself ("someone added me to this workspace and said to ask
# partnerbot"), which may come before a call for help.
_THE_BOT = frozenset({"partnerbot", "bot", "workspace", "app", "channel"})


def _says_who_one_is(said: list[str]) -> bool:
    """ "I'm the new intern", "started this week at a port authority": who is writing, wanting
    nothing."""
    return (
        len(said) <= INTRODUCTION
        and WANTING.isdisjoint(said)
        and _INTRODUCING.match(_stripped(said, COURTESY)) is not None
    )


def _newcomer(said: list[str]) -> bool:
    """ "hey there, first time using this thing": who asks, before a call for help."""
    return _NEWCOMER_ALONE.fullmatch(_stripped(said, COURTESY)) is not None


# "is this bot just for cyber": what the bot is for, asked before what one can ask it.
_FOR_WHAT_IT_IS = re.compile(r"^(?:is|are) (?:this|the|you)(?: bot| app| thing)? (?:just|only)\b")


def _about_the_bot(said: list[str]) -> bool:
    clause = " ".join(said)
    return not _THE_BOT.isdisjoint(said) and (
        not QUESTION.match(clause) or bool(_FOR_WHAT_IT_IS.match(clause))
    )


def calls_for_help(said: list[str]) -> bool:
    """Whether words (as ``words`` finds them) are one call for help ("what can you do", "are
    you a bot or a person")."""
    # As said; without what opens and closes it; without what opens it only ("partnerbot what
    # kinds of questions can i ask you"); after a shouted "HELP".
    forms = [" ".join(said), _stripped(said, _AROUND_HELP)]
    if said and said[0] in _AROUND_HELP:
        opening = next((k for k, word in enumerate(said) if word not in _AROUND_HELP), len(said))
        forms.append(" ".join(said[opening:]))
    if said[:1] == ["help"]:
        forms.append(" ".join(said[1:]))
    return any(HELP.match(form) for form in forms if form)


# What the bot does do when the request asks it (subscribe a channel, send digests): how is
# its own answer. A TLP label said anywhere makes "I got a TLP:RED note. Can you forward it to
# my team?" a question of whether one may; TLP only named ("this thread on the TLP rules, can
# you email it to her?") leaves a request a request.
_NOT_A_REQUEST = re.compile(r"\b(?:digests?|subscri\w*|unsubscri\w*|tlp)\b")
_LABELLED = re.compile(r"\btlp\s*:?\s*(?:red|amber|green|clear|white)\b")
# ... unless the bot is to send something to the asker ("DM me the TLP chart as a pdf") or
# to act for them ("can you post it for me as TLP:GREEN").
_TO_ME = re.compile(r"\b(?:dm|email|e-mail|mail|text|send)\s+(?:me|us)\b|\bfor\s+(?:me|us)\b")


# "can you ... for me": asked of the bot, to be done for the asker. Not a way to ask for
# information ("can you find the dams contact for me").
FOR_ME = re.compile(
    rf"^{_POLITE}(?:(?:please\s+|pls\s+|{_ASKING_YOU})"
    r"(?!(?:(?:just|quickly|kindly|also)\s+)?"  # "could you just list the 16 sectors for me"
    r"(?:find|tell|show|give|get|look|check|list|explain|help|say|point|recommend|suggest)\b)"
    rf"[a-z]+|(?:{_ACTION_VERBS}|{_ON_BEHALF_VERBS}|{_CONTACT_VERBS}|contact))\b.*"
    r"\b(?:for\s+(?:me|us)|on\s+(?:my|our)\s+behalf)\b"
)


# The words a request (REQUEST, FOR_ME) opens with, or asks something "for": a message with
# none of them asks the bot to do nothing, whatever its clauses.
_REQUEST_WORDS = frozenset(
    verb.split()[0]
    for verbs in (
        _ACTION_VERBS,
        _CONTACT_VERBS,
        _ON_BEHALF_VERBS,
        "let|give|write|draft|forward|turn|patch|connect|transfer|open|create|log|raise|look|"
        "pull|retrieve",
    )
    for verb in verbs.replace("e-mail", "mail").split("|")
)
_US = frozenset({"me", "us"})


# A clause that asks something: the message is a question, whatever else it asks the bot to do
# ("delete my data - how long do you keep questions?").
QUESTION = re.compile(
    r"^(?:(?:and|also|but|ok|okay|so|then|oh|well|hey|hi)\s+)*"
    r"(?:who|whos|whom|whose|what|whats|whatever\s+happened|which|where|wheres|when|why|how|"
    r"hows|is|are|"
    r"do|does|did|should|(?:can|could)\s+(?:i|we|you|u|someone|somebody|anyone|anybody)|may\s+(?:i|we))\b"
)


def asks_to_act(text: str) -> bool:
    """A request for the bot to do something it cannot ("reset my password"), and no
    question besides."""
    said = words(text)
    if _REQUEST_WORDS.isdisjoint(said) and not ("for" in said and not _US.isdisjoint(said)):
        return False  # no word a request opens with, and no "for me"
    lowered = text.lower()
    clauses = [" ".join(words(part)) for part in _clauses(text)]
    requests = [c for c in clauses if REQUEST.match(c) or FOR_ME.match(c)]
    about = lowered if _LABELLED.search(lowered) else " ".join(requests)
    if _NOT_A_REQUEST.search(about) and not _TO_ME.search(lowered):
        return False
    # "can you help me out with something?" only opens the request.
    asked = [c for c in clauses if c not in requests and not calls_for_help(c.split())]
    return bool(requests) and not any(QUESTION.match(c) for c in asked)


def _clauses(text: str) -> list[str]:
    # A request may follow a statement with no mark between: "our server got encrypted can
    # you file the report for us".
    return [
        part
        for part in re.split(
            r"[.!?\n;:]+|\s[-\u2013\u2014]+\s|,\s*(?:and\s+)?(?=please\b)|"
            r"\s(?=(?:can|could|would|will)\s+(?:you|u)\b)|"
            # "we got hit with ransomware, file the incident report for us".
            rf",\s*(?=(?:{_ON_BEHALF_VERBS})\s)",
            text,
        )
        if part
    ]
