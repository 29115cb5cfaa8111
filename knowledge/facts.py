"""The facts a question may ask of an entry, and whether the entry gives them.

An entry answers "how long is IS-921?" only when it gives a time or says where to find one,
"how many members does it have?" only when it gives a number of them, "which 7 states are on
it?" only when it names them. Asked of an entry that does not say, the question is a gap,
whichever entry it names ("how much does the IVP cost" is not answered by what the IVP is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice, takewhile

from rapidfuzz import fuzz

from knowledge.lexicon import STOPWORDS
from knowledge.schema import Entry
from knowledge.text import stem


@dataclass(frozen=True)
class Fact:
    """A fact asked of an entry: words one of which every way of asking it has (a cheap test
    before the pattern), how it is asked, and how an answer gives it."""

    gates: tuple[str, ...]
    asked: re.Pattern[str]
    given: re.Pattern[str]

    def unsaid(self, question: str, lowered: str, answer: str) -> bool:
        """Whether the question asks for the fact and the answer does not give it."""
        return (
            any(gate in lowered for gate in self.gates)
            and self.asked.search(question) is not None
            and self.given.search(answer) is None
        )


# A way to reach someone by phone, as an answer gives it ("1-888-282-0870", "(202) 555-0100").
PHONE = re.compile(r"\d{3}[-.\s)]+\d{3}[-.\s]+\d{4}")

# What a length is counted in, asked as "how many hours is the FedVTE course".
_UNITS_LASTED = "hours|days|minutes|weeks|months"

# Facts asked and given in the same words.
_FAX = re.compile(r"\bfax\b", re.IGNORECASE)
_AROUND_THE_CLOCK = re.compile(r"\b24\s*/\s*7\b|\b24x7\b|\baround\s+the\s+clock\b", re.IGNORECASE)

FACTS = (
    # How long, given as a time ("about 45 minutes", "a 5-day class") or where to find it
    # ("check the catalog for its length").
    Fact(
        ("long", "soon", "hours", "days", "minutes", "weeks"),
        re.compile(
            rf"\bhow\s+(?:long|soon)\b|\bhow\s+many\s+(?:{_UNITS_LASTED})\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|"
            r"few)[\s-]+(?:minutes?|hours?|days?|weeks?|months?|years?)\b|\bhalf[\s-]day\b|"
            r"\b(?:length|duration|how\s+long)\b",
            re.IGNORECASE,
        ),
    ),
    # How often, or when a council meets: "every 4 years", "weekly reports", "daily at 09:00".
    Fact(
        ("often", "meet"),
        re.compile(
            r"\bhow\s+often\b|\bwhen\s+(?:does|do|will)\s+(?:the\s+)?(?:[\w-]+\s+){1,3}meet\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\bevery\s+(?:\d+\s+|two\s+|three\s+|four\s+|five\s+|other\s+|few\s+)?"
            r"(?:years?|months?|weeks?|days?)\b|"
            r"\b(?:annual(?:ly)?|yearly|monthly|quarterly|weekly|daily|biennial|twice|once\s+a)\b",
            re.IGNORECASE,
        ),
    ),
    # Which version ("what's the latest CSET version"): "Version 1.0", "v1.1", "TLP 2.0", not
    # a standard's number ("RG 5.71").
    Fact(
        ("version",),
        re.compile(
            r"\b(?:latest|current|newest|which|what)\s+(?:[\w-]+\s+){0,2}?version\b|"
            r"\bversion\s+(?:number|is\s+(?:current|latest))\b",
            re.IGNORECASE,
        ),
        re.compile(r"\bversion\b|\bv\d|\b\d\.\d\b", re.IGNORECASE),
    ),
    # A phone number ("phone number for the ESS team?"), of an entry that gives an email only.
    Fact(
        ("ph", "cell", "mobile"),
        re.compile(
            r"\b(?:phone|telephone|tel)\s*(?:number|no|#|line)|"
            r"\bnumber\s+(?:to|i\s+can|we\s+can)\s+call\b|"
            # A cell number: "name and cell please", "her cell #".
            r"\b(?:cell|mobile)\s*(?:phone\s*)?(?:number|no|#)|\b(?:name|email)\s+and\s+(?:cell|mobile)\b",
            re.IGNORECASE,
        ),
        PHONE,
    ),
    # A certificate at the end of a course: an entry that speaks of certificates.
    Fact(
        ("certif",),
        re.compile(
            r"\b(?:get|gets|receive|earn|issue|issues|offer|offers|give|gives|there)\s+"
            r"(?:you\s+|us\s+|them\s+)?(?:a|any)\s+certificat(?:e|ion)\b|"
            r"\bcertificate\s+(?:at\s+the\s+end|of\s+completion)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\bcertific\w*", re.IGNORECASE),
    ),
    # An executive order's number ("what's the EO number for the chemical facility safety
    # order?"): an entry that gives one ("EO 13650").
    Fact(
        ("number", " no"),
        re.compile(
            r"\b(?:eo|executive\s+order)\s+(?:number|no\b|#)|"
            r"\bnumber\s+(?:of|for)\s+(?:the|that)\s+(?:[\w-]+\s+){0,6}?(?:executive\s+order|eo)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:EO|E\.O\.|Executive\s+Order)\s+\d{4,5}\b", re.IGNORECASE),
    ),
    # When a course or a workshop runs next ("when's the next ICS 301 at INL", "dates for the
    # 301 classes this fall"): an entry that gives a date, not one that says where dates are.
    Fact(
        ("next", "date"),
        re.compile(
            r"\bwhen(?:'?s|\s+is|\s+are|\s+does|\s+do|\s+will)?\s+(?:the\s+)?next\b|"
            # ... or a council meets next ("when does the advisory committee meet next?").
            r"\bmeets?\s+next\b|\bwhen\b[^?.!\n]*\bnext\s+meeting\b|"
            r"\bnext\s+(?:[\w-]+\s+){0,4}?(?:sessions?|class(?:es)?|offerings?|workshops?|"
            r"webinars?|exercises?)\b[^?.!\n]*\b(?:when|date)|"
            r"\b(?:what|which)\s+dates?\b|\bdates?\s+(?:for|of)\s+(?:the\s+)?(?:next\s+)?\w|"
            r"\bdates\s+in\b|\bdates\s+(?:this|next)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
            re.IGNORECASE,
        ),
    ),
    # Which page of a document says something ("what page of NIPP 2013 defines resilience"):
    # an entry that gives page numbers.
    Fact(
        ("page",),
        re.compile(r"\b(?:what|which)\s+page\b|\bpage\s+(?:number|no\b|#)", re.IGNORECASE),
        re.compile(r"\b(?:page|p\.|pp\.)\s*\d+", re.IGNORECASE),
    ),
    # A fax number, which no email address or phone number gives.
    Fact(("fax",), _FAX, _FAX),
    # When something ends ("when does the CIPAC charter expire"): a renewal is no end date.
    Fact(
        ("expir",),
        re.compile(r"\bexpir(?:e|es|ing|ation|y)\b", re.IGNORECASE),
        re.compile(r"\bexpir\w*|\buntil\s+(?:\w+\s+)?\d{4}\b", re.IGNORECASE),
    ),
    # Office hours: an entry that says when it is open.
    Fact(
        ("hours",),
        re.compile(
            r"\b(?:what|office'?s?|opening|open|business|operating|working)\s+hours\b|"
            r"\bhours\s+of\s+operation\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm)\b|\bhours\s+of\s+operation\b", re.IGNORECASE),
    ),
    # Whether a line is staffed around the clock: an entry that says it is.
    Fact(("24", "clock"), _AROUND_THE_CLOCK, _AROUND_THE_CLOCK),
    # An email address ("what's Linda Solheim's email these days", "is there an email
    # address for the NICC watch"): one, or where to write.
    Fact(
        ("mail",),
        re.compile(
            r"\b(?:what(?:'?s|\s+is)|whats)\s+(?:[\w']+\s+){0,3}?e-?mail\b|"
            r"\b(?:an?|any)\s+e-?mail(?:\s+address)?\s+(?:for|to|of)\b",
            re.IGNORECASE,
        ),
        re.compile(r"@|\be-?mail\b", re.IGNORECASE),
    ),
    # Whether there is room ("is the March session already full?", "what's the seat cap for
    # a webinar"): an entry that speaks of seats or capacity.
    Fact(
        ("full", "seat", "capacity", "wait"),
        re.compile(
            r"\b(?:already|still|is\s+it|are\s+they)\s+full\b|"
            r"\bseats?\s+(?:left|open|available|cap)\b|\bseat\s+cap\b|\bhow\s+many\s+seats\b|"
            r"\bcapacity\b|\bwait\s*list",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:seats?|capacity|wait\s*list|participants|attendees)\b", re.IGNORECASE),
    ),
    # Who directs an office ("who is the director of the Office for Bombing Prevention"): an
    # entry that speaks of its director or head. ("The head of the dams sector" is its lead.)
    Fact(
        ("director", "administrator"),
        re.compile(
            r"\bwho(?:'?s|\s+is|\s+was)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:director|administrator)\s+(?:of|for|at)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:director|administrator|head(?:ed|s)?)\b", re.IGNORECASE),
    ),
    # Who chairs a council ("who chairs the CSCC"): an entry that says who chairs it.
    Fact(
        ("chair",),
        re.compile(
            r"\bwho\s+(?:co-?)?chairs\b|"
            r"\bwho(?:'?s|\s+is|\s+are)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:co-?)?chair(?:s|person)?\b",
            re.IGNORECASE,
        ),
        re.compile(r"\bchair", re.IGNORECASE),
    ),
    # Whether the law allows or requires something ("is paying the ransom even legal", "what
    # does NC state law require"): an entry that speaks of a law or an act, or of what is
    # binding or voluntary.
    Fact(
        ("legal", "lawful", "law ", "statute", "require", "mandate"),
        re.compile(
            # Not who asks ("our legal team"): "is paying even legal", "legally", "illegal".
            r"\blegally\b|\b(?:illegal|unlawful)\b|"
            r"\b(?:is|are|it'?s|be|was)\s+(?:[\w-]+\s+){0,4}?(?:legal|lawful)\b|"
            r"\b(?:state|federal|county|city)\s+(?:law|laws|statutes?)\b|\bstatutes?\b|"
            r"\blaw\s+(?:require|requires|say|says|allow|allows|permit|permits)\b|"
            # What a regulator requires: "does Cal/OSHA require active shooter training".
            r"\b(?:does|do|will|would)\s+(?:the\s+)?(?:cal\s*/?\s*osha|osha|epa|nrc|ferc|tsa|fda|"
            r"phmsa|nerc|state|county|city)\s+(?:require|mandate)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:laws?|legal(?:ly)?|statutes?|acts?|binding|voluntary|mandatory)\b",
            re.IGNORECASE,
        ),
    ),
    # What it costs ("how much does the IVP cost", "do we have to pay anything"): a price, or
    # that it is free ("no tuition", "no-cost").
    Fact(
        ("cost", "price", "fee", "tuition", "money", "pay", "$"),
        re.compile(
            r"\b(?:cost|costs|price|fee|fees|tuition|how\s+much\s+(?:[\w-]+\s+)?money|"
            r"pay\s+(?:anything|for|to))\b|\bhow\s+much\s+\$",
            re.IGNORECASE,
        ),
        re.compile(
            r"\bfree\b|\bno[\s-]cost\b|\bno\s+(?:tuition|fee|charge)\b|\$\s?\d|\bcosts?\b|"
            r"\bfees?\b|\btuition\b|\bpay\b",
            re.IGNORECASE,
        ),
    ),
)


def unsaid(question: str, answer: str, lowered: str | None = None) -> bool:
    """Whether a question asks for a fact (``FACTS``) that an answer does not give
    (``lowered``: the question lowercased, when the caller has it already)."""
    lowered = question.lower() if lowered is None else lowered
    return any(fact.unsaid(question, lowered, answer) for fact in FACTS)


# "How many" and what it counts ("how many public drinking water systems are there": systems).
COUNT = re.compile(r"\bhow\s+many\b((?:\s+[a-z][\w-]*){0,4})", re.IGNORECASE)
# What "how many" counts when it asks how long ("how many hours is the FedVTE course").
LASTS = re.compile(rf"\s*(?:{_UNITS_LASTED})\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
# A number, not the digits of a code or a name ("IS-906", "NSM-22", "RC3").
_NUMBER = re.compile(
    r"(?<![\w-])\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|dozens?|"
    r"hundreds?|thousands?|millions?)\b",
    re.IGNORECASE,
)


def gives_a_count(counted: str, answer: str) -> bool:
    """Whether an answer gives a number of what "how many" counts: a word of those after it,
    up to the verb ("how many trade associations sit on ...": trade associations), said near
    a number ("15 trade associations", "a 5-day class", "completed more than a million times")."""
    said = takewhile(lambda w: w not in STOPWORDS and w != "r", _WORD.findall(counted.lower()))
    things = [stem(w) for w in said]
    if not things:
        return bool(_NUMBER.search(answer))  # "how many?" counts what the entry is about
    for found in _NUMBER.finditer(answer):
        if _YEAR.match(answer, found.start()):
            continue  # "a 2012 DHS page" counts no pages
        before = _WORD.findall(answer[max(0, found.start() - 60) : found.start()].lower())
        near = before[-5:] + _WORD.findall(answer[found.start() : found.start() + 60].lower())[:6]
        if any(_same_word(thing, stem(word)) for thing in things for word in near):
            return True
    return False


# Numbers as words, from two: "six sectors", "fifteen trade associations".
_SPELLED = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
)
NUMBER_WORDS = {word: str(value) for value, word in enumerate(_SPELLED.split(), start=2)}
# The members of a group an entry may only count: "which 7 states", "list the 6 critical IT
# functions", "what are the 7 core tenets", "list NIPP 2013's 7 core tenets".
_WHICH_COUNTED = re.compile(
    r"\b(?:which|what\s+are|what\s+were|who\s+are|who\s+were|list|name)\s+(?:all\s+)?"
    rf"(?:the\s+|those\s+|its\s+|their\s+|(?:[\w-]+\s+)?[\w-]+['\u2019]s\s+)?"
    rf"(\d{{1,3}}|{'|'.join(_SPELLED.split())})"
    r"((?:\s+[a-z][\w-]*){1,4})",
    re.IGNORECASE,
)
_NAMED_WORD = re.compile(r"[A-Za-z][\w-]*")
_CLAUSE_END = re.compile(r"[.,;:•]")


def only_counted(question: str, entry: Entry) -> bool:
    """Whether a question asks which ones a number of things are ("which 7 states sit on the
    SLTTGCC") of an entry that gives only how many: no list follows where it counts them (as
    "in 5 steps: • set goals ..." does), and its title does not count them ("The 16 critical
    infrastructure sectors": the entry is their list)."""
    asked = _WHICH_COUNTED.search(question)
    if asked is None:
        return False
    number, counted = asked.groups()
    # The words naming the things ("critical IT functions"), whichever of them the entry uses.
    things = [
        stem(w) for w in takewhile(lambda w: w not in STOPWORDS, _WORD.findall(counted.lower()))
    ]
    digits = NUMBER_WORDS.get(number.lower(), number)
    spelled = next((word for word, value in NUMBER_WORDS.items() if value == digits), digits)
    given = re.compile(rf"\b(?:{digits}|{spelled})\b", re.IGNORECASE)

    def counts_them(text: str) -> re.Match[str] | None:
        """Where a text says the number of those things, up to the end of the thing's name."""
        for found in given.finditer(text):
            for word in islice(_NAMED_WORD.finditer(text, found.end()), 4):
                if any(_same_word(thing, stem(word.group().lower())) for thing in things):
                    return word
        return None

    if not things or counts_them(entry.title):
        return False
    counted_at = counts_them(entry.answer)
    if counted_at is None:
        return False
    end = _CLAUSE_END.search(entry.answer, counted_at.end())
    return end is None or end.group() not in ":•"


def _same_word(asked: str, said: str) -> bool:
    """The same word, typed with a slip ("sytems") or in another form ("completions")."""
    if asked == said:
        return True
    if min(len(asked), len(said)) < 5:
        return False
    return asked[:6] == said[:6] or fuzz.ratio(asked, said) >= 85


# When a thing came out, was signed or is due: "when did the IRPF playbook come out", "what
# year did TLP 1.0 come out", "when is the first National Risk Management Plan due".
_WHEN_IT = re.compile(
    r"\b(?:when|what\s+(?:year|month|date))\s+(?:did|was|were|is|will)\s+(?:the\s+)?"
    r"(?P<thing>(?:[\w.+-]+\s+){1,8}?)(?:be\s+)?(?:come\s+out|came\s+out|published|released|"
    r"issued|signed|created|established|founded|formed|launched|due)\b",
    re.IGNORECASE,
)
# A year, as an answer dates things: "in 2020", "April 30, 2024".
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Words that say which of a thing, not what it is ("the original TLP 1.0").
_WHICH_OF_IT = frozenset({"original", "first", "new", "latest", "current", "next", "old"})
NEAR_A_DATE = 60  # characters after where an answer names a thing, its date among them


def date_unsaid(question: str, lowered: str, entry: Entry) -> bool:
    """Whether a question asks when a thing came out (was signed, is due) of an entry that gives
    no date for it: the entry's own subject (its title's word) with no year at all, or a thing
    it only mentions ("a companion IRPF Playbook after that") with no year near it
    (``lowered``: the question lowercased)."""
    asked_when = "when" in lowered or "year" in lowered or "month" in lowered or "date" in lowered
    asked = _WHEN_IT.search(question) if asked_when else None
    if asked is None:
        return False
    # The thing's own words, up to what says more of it ("the first National Risk Management
    # Plan under NSM-22": its plan).
    words = [w for w in asked["thing"].lower().split() if w not in _WHICH_OF_IT]
    named = list(takewhile(lambda w: w not in STOPWORDS, words))
    if not named:
        return False
    # The thing the entry's title names, in full or by its head word ("the ESS active shooter
    # guide"), is the entry's own subject: any year it gives is the thing's.
    title = entry.title.lower()
    if all(word in title for word in named) or named[-1] in re.findall(r"[\w.+-]+", title):
        return YEAR.search(entry.answer) is None
    last = re.escape(named[-1])
    return not any(
        YEAR.search(entry.answer, found.end(), found.end() + NEAR_A_DATE)
        for found in re.finditer(rf"\b{last}\b", entry.answer, re.IGNORECASE)
    )


# What an abbreviation stands for: "what does HIFLD stand for", "what's PSA short for".
_STANDS_FOR = re.compile(
    r"\b(?:what\s+(?:does|do|did)|what'?s|whats)\s+(?:the\s+)?['\"]?(?P<name>[A-Za-z][\w/-]{1,11})"
    r"['\"]?\s+(?:even\s+|actually\s+)?(?:stand|stands|short)\s+for\b",
    re.IGNORECASE,
)


def spelled_out_unsaid(question: str, lowered: str, entry: Entry) -> bool:
    """Whether a question asks what an abbreviation stands for of an entry that never spells
    it out: its words with the abbreviation after them in brackets ("Protective Security
    Advisors (PSAs)"), or the abbreviation with its words after it (``lowered``: the question
    lowercased)."""
    asked = _STANDS_FOR.search(question) if " for" in lowered else None
    if asked is None:
        return False
    name = re.escape(asked["name"])
    # "(PSAs)", "(CSCC, written CIC-SC on CISA's pages)", "HIFLD (Homeland ...)".
    spelled = re.compile(rf"\([^()]*\b{name}s?\b[^()]*\)|\b{name}\s+\(", re.IGNORECASE)
    return not (spelled.search(entry.title) or spelled.search(entry.answer))
