"""A partner's question -> the ranked entries that answer it, or an honest abstention.

Two stages. Recall: every term of the question (typos corrected, synonyms and abbreviations
folded onto concepts) looks up the entries that hold it, and each entry scores the share of the
question's weight it explains (coverage), rare terms weighing more. Words that are no entry's
own (unknown, or only in answers' prose) count against every entry, each further one less than
the one before, so a long friendly message is judged on its question rather than drowned in its
context; words saying whom something is for ("a course for our front desk staff") count half.
An entry about another sector or TLP label than the question names, or of a kind that answers
another topic than the one asked of a sector, is set back, a contact a little when the question
asks to reach no one, and a contact marked legacy a little too. Precision: the few best are
compared with rapidfuzz against their title and sample questions, which separates entries that
explain the same words; of a contact and another entry about the same named thing, close in
score, the contact comes first when the question asks how to reach someone. The bot answers
only when the best entry explains enough of the question for the number of its words the entry
holds (a topic asked of one sector and an entry's proper name, "CIPAC", count extra), and never
with a sector found only through what it is made of ("how does a nuclear reactor work") when
nothing is asked of a sector, an entry that leaves out the proper name the question asks about
(the entry whose title gives the name answers instead, if it explains enough on its own), a
course code no entry holds, "how many" asked of an entry that gives no number, the next
meeting of anything but a course, a program the knowledge base does not cover or a fact it
keeps for no entry (a budget, a deadline, who holds an office now, whether something is
required) unless the entry says it, or one of several entries that explain equally a question
naming only the kind of answer it wants ("which sector are we in"); no answer is better than a
wrong one. Of two sectors named, the one said twice is the one asked about ("navigation locks:
dams or transportation?").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from knowledge import facts
from knowledge.index import FAMILIES, KIND_TOPICS, KnowledgeIndex
from knowledge.lexicon import (
    OTHER_AGENCIES,
    OTHER_PROGRAMS,
    TOPIC_ALIASES,
    TOPIC_WORDS_KEPT,
    UNKEPT_FACTS,
    US_STATES,
)
from knowledge.limits import clip_question
from knowledge.markup import plain
from knowledge.schema import SECTOR_SLUGS, Entry
from knowledge.text import CODE_PREFIXES, Term, analyse, concept, sorted_words, stem

FILLER_WEIGHT = 0.15  # a filler word still counts a little, so it can tip an unsure question
# Each further word that is no entry's own word counts this much less than the one before:
# the first says the question may be about something else, later ones are mostly context.
CONTEXT_DECAY = 0.7
FOCUSED = 1.5  # how much more counts the one of several sectors named a question is about
AUDIENCE = 0.5  # how much counts a word saying whom a thing is for ("for our front desk staff")
RERANK_DEPTH = 12  # candidates compared with rapidfuzz after the recall stage
CONTRADICTED = 0.4
PHRASE_SHARE = 0.3  # how much the closest sample question moves the score
# Entries this close explain a question equally well: no ground to pick one of them.
TIED = 0.05
# The share of its score kept by a contact entry when the question asks to reach no one:
# "what is HIFLD" is about the data, "who do I ask for HIFLD data" about the address.
UNASKED_CONTACT = 0.92
# The share of its score kept by a contact entry its keywords mark legacy (found only in an
# old source): of two ways to report an incident, the current one first.
LEGACY = 0.95


# An Independent Study course's code as a term ("is907").
_IS_COURSE = re.compile(r"^is\d{2,4}$")
# A course code ("IS-912") names one course: when no entry holds it, the question is about a
# course the knowledge base does not know, whatever else it says.
# Written as a code ("IS-912", "awr911"), not a verb before a number ("is 911 dispatch ...").
_CODE = re.compile(rf"\b({CODE_PREFIXES})-?(\d{{2,4}})\b", re.IGNORECASE)
# What a document or standard named by its number says: "what does RG 5.71 require", "what's
# in SP 800-82".
_DOCUMENT = re.compile(
    r"\bwhat\s+(?:does|do|did)\s+(?:the\s+)?((?:[A-Z]{2,6}\s+)?[A-Z]{2,6}[\s-]?\d{1,4}"
    r"(?:[.-]\d{1,4})?)\s+"
    r"(?:actually\s+|really\s+)?(?:require|say|cover|mandate|mean)\b"
)
# A section of a regulation ("6 CFR 29.8"): answered only by an entry that cites that section.
_SECTION = re.compile(r"\b\d+\s*CFR\s*(?:part\s*)?(\d+\.\d+)\b", re.IGNORECASE)
# An executive order by its number ("EO 14028"): only an entry that gives the number is on it.
_ORDER = re.compile(
    r"\b(?:executive\s+order|e\.?o\.?)\s*(?:no\.?\s*|#\s*)?(\d{5})\b", re.IGNORECASE
)
# A version number asked of ("does AIS use STIX 2.1 or 1.x"): an entry that gives one.
_VERSION_NUMBER = re.compile(r"(?<![\w.$-])\d{1,2}\.(?:\d{1,2}|x)(?![\w.%])", re.IGNORECASE)
# The date of an upcoming event: only training entries carry sessions; a council's or an
# office's next meeting is news the knowledge base does not keep.
_NEXT = re.compile(
    r"\bnext\s+(?:[\w-]+\s+){0,2}(?:meetings?|plenary|plenaries|sessions?|conferences?|"
    r"summits?|events?|webinars?|workshops?|exercises?|cohorts?|offerings?)\b",
    re.IGNORECASE,
)
# A release still to come ("when is IRPF 2.0 coming out", "when will FEMA release IS-860.d"):
# news the knowledge base does not keep. When one came out is history, which it may.
_RELEASE_TO_COME = re.compile(
    r"\bwhen(?:\s+(?:is|are|will)|['\u2019]?s)\b(?:[^?.!\n]|\.(?=\d)){0,60}?\b(?:coming\s+out|"
    r"come\s+out|releasing|"
    r"release|be\s+released|being\s+released|be\s+published|being\s+published)\b",
    re.IGNORECASE,
)
# A time a question is asked of, not its subject: "under NSM-22", "before 2018".
WHEN = re.compile(
    r"\b(?:under|since|before|after|until|(?:with|now\s+that)(?=\s+(?:nsm|ppd)))\s+[\w:+-]+|"
    # "going from PPD-21 to NSM-22": from one directive to the next.
    r"\bfrom\s+(?=(?:nsm|ppd))[\w:+-]+\s+to\s+[\w:+-]+",
    re.IGNORECASE,
)
# The office partnerbot speaks for ("your office"): never the subject a question leaves out.
THE_OFFICE = frozenset({"sopd"})
_LINES = re.compile(r"(?<=[.!?])\s+|\n")  # an answer's sentences and bullet lines
# A contact of another agency asked for: "DOE's 24/7 line", "who do I call at the FAA".
_ANOTHER_AGENCYS = re.compile(
    rf"\b(?:at|from)\s+(?:the\s+)?({OTHER_AGENCIES})\b|\b({OTHER_AGENCIES})['\u2019]s\b|"
    rf"\b({OTHER_AGENCIES})\s+(?:have|has)\b|"
    # "the phone for the FBI field office in Omaha".
    rf"\bfor\s+(?:the\s+)?({OTHER_AGENCIES})\s+(?:field\s+|regional\s+|local\s+)?office\b|"
    # "FBI tip line number?", "doe ceser 24 hr phone number": asked of the agency first.
    rf"^\W*({OTHER_AGENCIES})\s+(?:[\w/-]+\s+){{0,3}}?(?:number|phone|line|hotline|email)\b|"
    # "the phone number for our TSA Federal Security Director": the agency's own people.
    rf"\bour\s+({OTHER_AGENCIES})\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:director|officer|rep|representative|liaison|inspector|agent)\b",
    re.IGNORECASE,
)
# A state's own fusion center ("the Ohio fusion center's number", "fusion center for
# Colorado"): the state runs it, and no contact of ours is its.
_A_STATE = "|".join(US_STATES)
_STATE_FUSION_CENTER = re.compile(
    rf"\b(?:{_A_STATE}|(?:our|my|your)\s+state)(?:'?s)?\s+fusion\s+cent(?:er|re)\b|"
    rf"\bfusion\s+cent(?:er|re)\s+(?:[\w-]+\s+)?(?:for|in|of)\s+(?:{_A_STATE})\b",
    re.IGNORECASE,
)
# The entries near the best one that may give a number it does not ("how many CISA regions").
_COUNTED_AMONG = 4


@dataclass(frozen=True)
class Thresholds:
    """Where the matcher draws its lines; tuned on tests/questions/dev.yaml."""

    # The score needed to answer, by how many question terms the entry holds in its own words:
    # one shared word must explain most of the question, three can stand out in a long message.
    answer_by_anchors: tuple[float, float, float] = (0.5, 0.3, 0.1)
    certain_margin: float = 0.12  # ahead of the runner-up by this much: no "Did you mean"
    suggest: float = 0.25  # alternatives ("Did you mean", "closest topics") start here


FAMILY_OF = {term: family for family in FAMILIES for term in family}
IDENTITY_TERMS = frozenset(FAMILY_OF)  # the sectors and the TLP labels
SECTOR_TERMS = frozenset(concept(slug) for slug in SECTOR_SLUGS)
TOPIC_TERMS = frozenset(concept(topic) for topic in TOPIC_ALIASES)
# Topics and the words that say which kind of a topic ("webinar", "phone"): what kind of
# answer is wanted, not what it is about.
KINDS_ASKED = TOPIC_TERMS | frozenset(stem(word) for word in TOPIC_WORDS_KEPT)
KIND_TOPIC_TERMS = frozenset(concept(t) for topics in KIND_TOPICS.values() for t in topics)
# What an entry answers only when it says it: another program's name, a budget, a deadline.
NOT_KEPT = frozenset(OTHER_PROGRAMS) | frozenset(stem(word) for word in UNKEPT_FACTS)
# Asking whom to reach: to report, to join, about something that never arrived.
REACHING = frozenset({concept("contact"), concept("report"), "signup", "missing"})
# What a question asks of a sector: a topic, or the words "sector" and "critical infrastructure".
ASKS_OF_A_SECTOR = TOPIC_TERMS | {"sector", "subsector", "ci"}


def _distinct(terms: list[Term]) -> list[Term]:
    """Each term once, as sure as its surest occurrence; a sector counts as named when any
    occurrence names it."""
    merged: dict[str, Term] = {}
    for term in terms:
        seen = merged.get(term.text)
        if seen is not None:
            # Made anew, not with dataclasses.replace (slow on this path): keep to Term's fields.
            term = Term(
                seen.text,
                max(seen.certainty, term.certainty),
                filler=seen.filler,
                member=seen.member and term.member,
                mentions=seen.mentions + term.mentions,
                audience=seen.audience,
                role=seen.role and term.role,
            )
        merged[term.text] = term
    return list(merged.values())


def _about_a_member_only(best: Candidate, terms: list[Term]) -> bool:
    """A sector entry found through what its sector is made of ("how does a nuclear reactor
    work", "become a volunteer firefighter"), asked nothing of a sector and holding fewer than
    three of the question's words: the question is about the thing, not the sector. A question
    that names the thing and nothing else asks where it belongs."""
    entry = best.entry
    if entry.kind != "sector" or not entry.sector or best.anchors >= 3:
        return False
    own = concept(entry.sector)
    if all(t.text == own for t in terms):
        # Nothing but the thing ("levees", "primary metals?"): which sector it is in.
        return False
    named = any(t.text == own and not t.member for t in terms)
    return not named and not any(t.text in ASKS_OF_A_SECTOR for t in terms)


def _no_sector_ahead(ranked: list[Candidate], terms: list[Term]) -> bool:
    """Sector entries level at the top of a question that names no sector ("what was SOPD part
    of before CISA?" finds each sector the office led): it asks of no one of them."""
    best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else None
    if runner_up is None or best.score - runner_up.score >= TIED:
        return False
    if best.entry.kind != "sector" or runner_up.entry.kind != "sector":
        return False
    return not any(t.text in SECTOR_TERMS for t in terms)


_COVERS = concept("covers")
_LEAD = concept("lead")
# A question answered yes or no ("does the utility that powers our plant count as DIB?",
# "and the power company that serves us, are they in DIB too?").
YES_OR_NO = re.compile(
    r"(?:^\W*(?:(?:so|and|but|ok)\s+)?|,\s+)"
    r"(?:does|do|is|are|would|will|can|could|should|did|was|were)\b",
    re.IGNORECASE,
)

# A text that asks something: "which sector?", "lead agency pls"; not "Somebody left a note at
# the federal building where our agency leases two floors."
_ASKING = re.compile(r"\?|\b(?:which|what|whats|who|whos|pls|plz|please)\b", re.IGNORECASE)


def _focused(terms: list[Term], yes_or_no: bool = False, asks: bool = True) -> frozenset[str]:
    """Of two sectors (or labels) named, the one the question is about: the one said twice
    ("navigation locks: dams or transportation?"); in a yes-or-no question of what a sector
    covers, the one named by name rather than through what it is made of; in a question asking
    which sector is ours, or who leads it, the first said ("we repackage chlorine and sell it to
    water utilities"): owners say what they are, make or run before whom they serve. ``asks``:
    whether the text asks anything at all."""
    by_family: dict[frozenset[str], list[Term]] = defaultdict(list)
    for term in terms:
        family = FAMILY_OF.get(term.text)
        if family is not None:
            by_family[family].append(term)
    focused = set()
    covers = yes_or_no and any(term.text == _COVERS for term in terms)
    whose = asks and not yes_or_no and any(term.text in (_COVERS, _LEAD) for term in terms)
    for members in by_family.values():
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda t: t.mentions, reverse=True)
        by_name = [t for t in members if not t.member]
        if ranked[0].mentions > ranked[1].mentions:
            focused.add(ranked[0].text)
        elif covers and len(by_name) == 1:
            # "does the utility that powers our plant count as DIB?": the sector named says
            # what it counts, not the one of the thing asked about.
            focused.add(by_name[0].text)
        elif whose and ranked[0].text in SECTOR_TERMS:
            # Not a sector of one's line of work ("new in the emergency management role at a
            # hospital"). Of two named by name, a choice, one of them ("energy sector or
            # transportation sector??"); one named by name after what we run is the one asked
            # of ("for our fusion center. Who leads the transportation systems sector").
            first = [t for t in members if t.mentions == ranked[0].mentions and not t.role]
            if len(by_name) > 1:
                first = [t for t in first if not t.member]
            if first and not (len(by_name) == 1 and first[0].member):
                focused.add(first[0].text)
    return frozenset(focused)


@dataclass(frozen=True)
class Focus:
    """What a question pins down: the sectors and TLP labels it names and, when it asks about
    a sector, the topics it asks (the lead agency, a contact, training, a resource)."""

    named: dict[frozenset[str], frozenset[str]]  # family -> the members the question names
    asked: frozenset[str]
    reaching: bool = False  # asks how to reach someone or report something
    focused: frozenset[str] = frozenset()  # of two sectors named, the one said twice

    @classmethod
    def of(cls, terms: list[Term], yes_or_no: bool = False, asks: bool = True) -> Focus:
        named: dict[frozenset[str], set[str]] = defaultdict(set)
        for term in terms:
            family = FAMILY_OF.get(term.text)
            if family is not None:
                named[family].add(term.text)
        focused = _focused(terms, yes_or_no, asks) if named else frozenset()
        for family, members in named.items():
            if members & focused:
                named[family] = members & focused
        texts = {t.text for t in terms}
        asked = frozenset(texts & KIND_TOPIC_TERMS) if texts & SECTOR_TERMS else frozenset()
        reaching = bool(texts & REACHING)
        return cls({f: frozenset(m) for f, m in named.items()}, asked, reaching, focused)

    @property
    def rules_nothing_out(self) -> bool:
        return not self.named and not self.asked

    @cached_property
    def one_each(self) -> bool:
        """At most one sector and one TLP label named: a business in two sectors is no
        question of one sector."""
        return all(len(members) <= 1 for members in self.named.values())

    def rules_out(self, identity: frozenset[str], kind_topics: frozenset[str]) -> bool:
        """An entry about another sector or TLP label than those named, or of a kind that
        answers another topic than the one asked of the sector ("who leads" is no contact)."""
        for family, members in self.named.items():
            if not identity.isdisjoint(family) and identity.isdisjoint(members):
                return True
        return bool(self.asked and kind_topics and kind_topics.isdisjoint(self.asked))


def _anchor_strength(
    anchored: list[str],
    common: frozenset[str],
    *,
    title: frozenset[str] = frozenset(),
    named: bool = False,
    one_each: bool = True,
) -> int:
    """How many question terms the entry holds in its own words. A topic asked of the one
    sector or TLP label the question names ("who leads" + "dams", "tell my boss" + "TLP:RED")
    counts as three, the shape of the questions the bot exists for; one of the entry's proper
    names ("CIPAC", "NSM-22") as two whatever else the question says: it is about that entry.
    Topics say what kind of answer is wanted and words in most entries ("sector", "CISA") say
    little: without a term that names something, together they count as one, and such a word
    alone only for an entry whose title has it ("who is the director of CISA" is not about the
    office's 2016 director)."""
    found = set(anchored)
    topics = found & KINDS_ASKED
    if topics and found & IDENTITY_TERMS and one_each:
        return max(len(found), 3)
    naming = found - topics - common
    if not naming:
        return 1 if topics or found & title else 0
    strength = len(found - topics) + bool(topics)
    return max(strength, 2) if named else strength


# How far behind a sector's card an entry titled with the name asked may be and still answer.
_TITLED_MARGIN = 0.15
# How much closer a course must come than the list it is on to be the answer on its own.
_LISTING_MARGIN = 0.05

# How far below the last place an entry's coverage must be to leave it unscored.
_BOUND_SLACK = 0.001


class _Scores:
    """One question's score per shortlisted entry, worked out when first asked for: its
    coverage, moved by how close the question comes to the entry's closest phrasing."""

    def __init__(
        self,
        phrasings: Sequence[Sequence[str]],
        legacy: frozenset[int],
        query: str,
        coverage: dict[int, float],
    ) -> None:
        self.coverage = coverage
        self._phrasings = phrasings  # per entry, its words sorted (KnowledgeIndex.phrasings)
        self._legacy = legacy
        self._query = query  # the question's terms, sorted, as the phrasings are
        self._known: dict[int, float] = {}

    def __getitem__(self, position: int) -> float:
        found = self._known.get(position)
        if found is None:
            coverage = self.coverage[position]
            # Sorted words compared with fuzz.ratio: what token_sort_ratio does, sorted once.
            best = process.extractOne(self._query, self._phrasings[position], scorer=fuzz.ratio)
            closeness = best[1] / 100 if best else 0.0
            found = coverage * (1 - PHRASE_SHARE) + coverage * closeness * PHRASE_SHARE
            if position in self._legacy:
                found *= LEGACY
            self._known[position] = found
        return found

    def get(self, position: int, default: float) -> float:
        """An entry's score; ``default`` for an entry not shortlisted."""
        return self[position] if position in self.coverage else default


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    anchors: int = 0  # distinct question terms found in the entry's own words


@dataclass(frozen=True)
class MatchResult:
    question: str
    best: Candidate | None  # None when the bot abstains
    alternatives: tuple[Candidate, ...] = ()
    certain: bool = False
    terms: tuple[str, ...] = field(default=(), repr=False)

    @property
    def answered(self) -> bool:
        return self.best is not None


class Matcher:
    def __init__(self, index: KnowledgeIndex, thresholds: Thresholds | None = None) -> None:
        self.index = index
        self.thresholds = thresholds or Thresholds()
        self._legacy = frozenset(
            position
            for position, entry in enumerate(index.entries)
            if entry.kind == "contact" and "legacy" in (k.lower() for k in entry.keywords)
        )
        self._line_sectors: dict[str, frozenset[str]] = {}  # per line of an answer
        self._names_in: dict[str, list[Entry]] = {}  # per entry, the others its answer names
        self._listed_in: dict[str, list[Entry]] = {}  # per entry, those its bullet lines name
        # The entries on FEMA's Independent Study courses as a whole (its office, its Student
        # ID), which EMI runs: they answer of any IS course, one no entry holds too ("lost my
        # IS-700 cert, who do i email").
        self._any_is_course = frozenset(
            position
            for position in index.holders.get("emi", ())
            if not _CODE.search(index.entries[position].title)
        )
        # Per course, its title's words in order without its code ("bombing prevention
        # awareness"): a question saying them all in a row asks for that course.
        self._course_titles = {
            position: tuple(
                term.text
                for term in analyse(entry.title)
                if term.text not in index.names[position] and not term.text.startswith("@")
            )
            for position, entry in enumerate(index.entries)
            if entry.kind == "training"
        }
        # Per fact or program no entry answers unless it says it, the entries that say it.
        self._saying = {
            term: frozenset(position for position, _ in index.postings.get(term, ()))
            for term in NOT_KEPT
        }

    def _weights(self, terms: list[Term], focused: frozenset[str]) -> tuple[list[float], float]:
        """How much each question term counts, and the question's whole weight for an entry it
        calls by its proper name. A knowledge-base term counts by its rarity, a word it never
        uses like its rarest term; a word that is no entry's own word (unknown, or only in
        answers' prose) counts less and less for each further one, from the first one on for
        an entry the question calls by its proper name: the question has its subject, and what
        else it says is mostly what it asks about it ("when was NSM-22 signed")."""
        weights = []
        total_named = 0.0
        context_words = 0
        rarity, unknown, holders = self.index.rarity, self.index.unknown_rarity, self.index.holders
        for term in terms:
            weight = named = rarity.get(term.text, unknown)
            if term.text not in holders and not term.filler:
                named = weight * CONTEXT_DECAY ** (context_words + 1)
                weight *= CONTEXT_DECAY**context_words
                context_words += 1
            if term.text in focused:
                weight *= FOCUSED
                named *= FOCUSED
            if term.audience:
                weight *= AUDIENCE
                named *= AUDIENCE
            share = FILLER_WEIGHT if term.filler else 1.0
            weights.append(weight * share)
            total_named += named * share
        return weights, total_named

    def _recall(
        self, terms: list[Term], focused: frozenset[str]
    ) -> tuple[dict[int, float], list[str], float, float]:
        """Per entry sharing a term with the question, the weight it explains; the question
        terms that can anchor an answer; the question's whole weight, and its whole weight for
        an entry it calls by name."""
        explained: dict[int, float] = defaultdict(float)
        weights, total_named = self._weights(terms, focused)
        postings = self.index.postings
        for term, weight in zip(terms, weights, strict=True):
            gain = weight * term.certainty
            for position, field_weight in postings.get(term.text, ()):
                explained[position] += gain * field_weight
        # Only a term some entry holds in its own words can anchor an answer.
        holders = self.index.holders
        anchoring = [t.text for t in terms if not t.filler and t.text in holders]
        return explained, anchoring, sum(weights), total_named

    def _anchors(self, anchoring: list[str], position: int) -> list[str]:
        """The question terms an entry holds in its title, keywords, questions or tags."""
        holders = self.index.holders
        return [term for term in anchoring if position in holders[term]]

    def _shortlist(self, explained: dict[int, float], focus: Focus) -> list[int]:
        """The entries that explain the most of the question, those the question's focus
        rules out set back."""
        # A deeper pool first, so the entry asked for is in it when others are set back.
        pool = sorted(explained, key=explained.__getitem__, reverse=True)[: 2 * RERANK_DEPTH]
        index = self.index
        judged = not focus.rules_nothing_out
        for position in pool:
            if judged and focus.rules_out(index.identities[position], index.kind_topics[position]):
                explained[position] *= CONTRADICTED
            elif focus.reaching != (index.entries[position].kind == "contact"):
                # A contact when the question asks to reach no one, or another entry when it
                # asks how to reach or join something ("how do we sign up").
                explained[position] *= UNASKED_CONTACT

        return sorted(pool, key=explained.__getitem__, reverse=True)[:RERANK_DEPTH]

    def analyse(self, question: str, *, marked_up: bool = True) -> list[Term]:
        """The terms of a question, each once; ``marked_up=False`` for text already read out of
        Slack's markup."""
        # Slack's markup is read, not matched: a ":factory:" emoji is no factory.
        return _distinct(self.index.corrector.analyse(plain(question) if marked_up else question))

    def rank(
        self, question: str, limit: int = 4, terms: list[Term] | None = None
    ) -> tuple[list[Candidate], list[Term]]:
        """The best entries for a question with their scores (0..1), best first; ``terms``
        when the question was analysed already."""
        terms = self.analyse(question) if terms is None else terms
        focus = Focus.of(
            terms,
            YES_OR_NO.search(question) is not None,
            _ASKING.search(question) is not None,
        )
        explained, anchoring, total, total_named = self._recall(terms, focus.focused)
        if not explained or total == 0:
            return [], terms
        names = self.index.names
        shortlist = self._shortlist(explained, focus)
        coverage = {
            position: min(
                explained[position]
                / (total if names[position].isdisjoint(anchoring) else total_named),
                1.0,
            )
            for position in shortlist
        }
        query = sorted_words(" ".join(t.text for t in terms))
        scores = _Scores(self.index.phrasings, self._legacy, query, coverage)
        shown = self._best_shown(scores, limit, focus.reaching)
        # Ties stay in the order of the shortlist.
        best_first = sorted(
            (p for p in shortlist if p in shown), key=shown.__getitem__, reverse=True
        )
        kept = self._kind_asked_first(best_first, shown, focus.reaching)[:limit]
        # How many question words each entry holds: worked out only for the entries returned.
        return [self._candidate(p, shown[p], anchoring, scores, focus) for p in kept], terms

    def _best_shown(self, scores: _Scores, limit: int, reaching: bool) -> dict[int, float]:
        """The shown (rounded) scores of the shortlisted entries that can be among the best
        ``limit``, or close enough to the best for ``_kind_asked_first``. An entry's coverage
        bounds its score, so entries are scored by falling coverage until no other can reach
        the last place; the rest are never compared with their phrasings (the costly part)."""
        shown: dict[int, float] = {}
        margin = self.thresholds.certain_margin
        for position in sorted(scores.coverage, key=scores.coverage.__getitem__, reverse=True):
            if len(shown) >= limit:
                floor = sorted(shown.values(), reverse=True)[limit - 1]
                if reaching:
                    floor = min(floor, max(shown.values()) - margin)
                # A little below the floor, so rounding can never make a tie.
                if scores.coverage[position] < floor - _BOUND_SLACK:
                    break
            shown[position] = round(scores[position], 4)
        return shown

    def _candidate(
        self,
        position: int,
        score: float,
        anchoring: list[str],
        scores: _Scores,
        focus: Focus,
    ) -> Candidate:
        anchored = self._anchors(anchoring, position)
        anchors = _anchor_strength(
            anchored,
            self.index.ubiquitous,
            title=self.index.title_terms[position],
            named=self._named(anchored, position, scores),
            one_each=focus.one_each,
        )
        return Candidate(self.index.entries[position], score, anchors)

    def _kind_asked_first(
        self, best_first: list[int], shown: dict[int, float], reaching: bool
    ) -> list[int]:
        """Of a contact and another entry about the same named thing (the CIPAC and its
        charter contact), close in score, the contact first when the question asks how to
        reach someone ("who's the contact on the CIPAC charter renewal notice?")."""
        if len(best_first) < 2 or not reaching:
            return best_first
        best = best_first[0]
        entries, names = self.index.entries, self.index.names
        if entries[best].kind == "contact":
            return best_first
        for position in best_first[1:]:
            if shown[best] - shown[position] >= self.thresholds.certain_margin:
                break
            if entries[position].kind == "contact" and names[best] & names[position]:
                return [position, *(p for p in best_first if p != position)]
        return best_first

    def _cannot_answer(
        self, question: str, best: Candidate, terms: list[Term], names: list[str]
    ) -> bool:
        """A course code no entry holds ("what does IS-912 cover"), "how many" asked of an
        entry that gives no number ("how many PSAs does CISA have"), an entry that leaves out
        the proper name the question asks about ("how do I become a PSA" is not about when NPPD
        became CISA), or the next meeting of anything but a course."""
        if best.anchors < 3 and self._leaves_out_the_name(best, terms, names):
            return True
        return self.cannot_answer(question, best.entry, terms)

    def leaves_unsaid(self, entry_id: str, terms: list[Term]) -> bool:
        """Whether a question asks of a program the knowledge base does not cover or a fact it
        does not keep (a budget, who sits on a body now) that the entry does not say."""
        position = self.index.positions[entry_id]
        saying = self._saying
        return any(t.text in saying and position not in saying[t.text] for t in terms)

    def named_in(self, entry: Entry) -> list[Entry]:
        """The other entries an entry's answer calls by a name in their title, worked out once
        per entry: the answers do not change, and a long one takes a while to read."""
        found = self._names_in.get(entry.id)
        if found is None:
            own = self.index.positions[entry.id]
            terms = self.analyse(entry.answer.strip().rstrip(".!"), marked_up=False)
            titled = self.index.titled
            positions = {p for t in terms for p in titled.get(t.text, ()) if p != own}
            found = self._names_in[entry.id] = [self.index.entries[p] for p in sorted(positions)]
        return found

    def listed_in(self, entry: Entry) -> list[Entry]:
        """The entries an entry's answer lists, one per bullet line, in its order ("• AWR-334
        ...", "• Dams"): a line naming no other entry, or several, lists none."""
        found = self._listed_in.get(entry.id)
        if found is None:
            index = self.index
            found = []
            for line in entry.answer.splitlines():
                if not line.startswith("\u2022"):
                    continue
                terms = self.analyse(line.lstrip("\u2022 "), marked_up=False)
                named = {p for t in terms for p in index.titled.get(t.text, ())}
                named.discard(index.positions[entry.id])
                if len(named) == 1:
                    found.append(index.entries[named.pop()])
                elif (
                    not named
                    and len(slugs := index.sectors_in(line)) == 1
                    and (sector := index.by_id(index.sector_entries.get(slugs[0], ""))) is not None
                ):
                    found.append(sector)
            self._listed_in[entry.id] = found
        return found

    def _of_the_sectors(self, line: str, asked: set[str]) -> bool:
        """Whether a line of an answer names none of the sectors or one of those asked."""
        named = self._line_sectors.get(line)
        if named is None:
            # Each line of the knowledge base read once, not with every question.
            named = self._line_sectors[line] = frozenset(
                concept(slug) for slug in self.index.sectors_in(line)
            )
        return not named or bool(named & asked)

    def cannot_answer(self, question: str, entry: Entry, terms: list[Term]) -> bool:
        """What an entry cannot answer whichever name the question gives it: a program the
        knowledge base does not cover or a fact it does not keep ("the RRAP's budget this
        fiscal year", "when does the CIRCIA rule take effect"), unless the entry says it; a
        course code or a regulation's section ("6 CFR 29.8") it does not hold; how long, how
        many or what it costs, when it gives no time, number or price."""
        if self.leaves_unsaid(entry.id, terms):
            return True
        if entry.kind != "training" and _NEXT.search(question):
            return True
        for prefix, number in _CODE.findall(question):
            code = f"{prefix.lower()}{number}"
            if code not in self.index.postings and not (
                prefix.lower() == "is" and self.index.positions[entry.id] in self._any_is_course
            ):
                return True
        lowered = question.lower()
        if "when" in lowered and _RELEASE_TO_COME.search(question):
            return True  # "when is IRPF 2.0 coming out": news to come
        if "cfr" in lowered and any(
            section not in entry.answer for section in _SECTION.findall(question)
        ):
            return True
        if any(number not in entry.answer for number in _ORDER.findall(question)):
            return True
        versions = _VERSION_NUMBER.findall(question) if "." in question else ()
        if versions and not any(number in entry.answer for number in versions):
            return True  # "TLP 1.0 or 2.0?" is answered by one that gives either
        if facts.unsaid(question, entry.answer, lowered):
            return True  # "how long does PCII validation take": no time given, nor where
        if (
            entry.kind == "contact"
            and "fusion" in lowered
            and _STATE_FUSION_CENTER.search(question)
        ):
            return True  # "the Ohio fusion center's phone": the state's to give, not ours
        if entry.kind == "contact" and (agency := _ANOTHER_AGENCYS.search(question)):
            named = next(name for name in agency.groups() if name)
            if not re.search(rf"\b{re.escape(named)}\b", entry.answer, re.IGNORECASE):
                return True  # "DOE's 24/7 line for grid emergencies": not the NICC's to give
        if (
            "what d" in lowered
            and _DOCUMENT.search(question)
            and self._mentions_in_passing(question, entry, terms)
        ):
            return True  # "what does RG 5.71 actually require": CSET only checks against it
        if facts.only_counted(question, entry):
            return True  # "which 7 states sit on the SLTTGCC": it gives only how many
        if facts.date_unsaid(question, lowered, entry):
            return True  # "when did the IRPF playbook come out": no date given for it
        if facts.spelled_out_unsaid(question, lowered, entry):
            return True  # "what does HIFLD stand for": the entry never spells it out
        counted = facts.COUNT.search(question) if "many" in lowered else None
        if counted is None:
            return False
        # A count the entry gives of another sector's ("15 trade associations ... on the
        # Chemical SCC") is no count of the sector asked about.
        asked = {t.text for t in terms if t.text in SECTOR_TERMS}
        answer = entry.answer
        if asked:
            answer = "\n".join(
                line for line in _LINES.split(answer) if self._of_the_sectors(line, asked)
            )
        return not facts.gives_a_count(counted.group(1), answer)

    def _mentions_in_passing(self, question: str, entry: Entry, terms: list[Term]) -> bool:
        """Whether a question asks what a document or standard it names by its number says
        ("what does RG 5.71 require"), of an entry that only mentions it: the entry's title
        names neither the document nor anything the question names."""
        title = entry.title.lower()
        if any(found.group(1).lower() in title for found in _DOCUMENT.finditer(question)):
            return False
        own = self.index.title_terms[self.index.positions[entry.id]]
        return not any(term.text in own for term in terms)

    def _names_asked(self, question: str, terms: list[Term]) -> list[str]:
        """The proper names a question calls entries by. A name that says when ("before
        PPD-21") and the office partnerbot speaks for ("your office") are no subject."""
        titled = self.index.titled
        names = [t.text for t in terms if t.text in titled and t.text not in THE_OFFICE]
        said_when = WHEN.findall(question) if names else None
        if not said_when:
            return names
        when = {t.text for t in self.analyse(" ".join(said_when))}
        return [name for name in names if name not in when]

    def _leaves_out_the_name(self, best: Candidate, terms: list[Term], names: list[str]) -> bool:
        """Whether the question calls an entry by its proper name (``names``) and the best
        entry does not hold that name among its own words. A contact asked for may serve the
        thing named among others (the office behind every IS course)."""
        if best.entry.kind == "contact" and any(t.text in REACHING for t in terms):
            return False
        position = self.index.positions[best.entry.id]
        if (
            best.entry.kind == "contact"
            and position in self._any_is_course
            and all(_IS_COURSE.match(name) for name in names)
        ):
            return False  # "I forgot my IS-907 cert, where do I get a copy?": EMI's office
        holders = self.index.holders
        return bool(names) and not any(position in holders.get(name, ()) for name in names)

    def _a_kind_only(self, best: Candidate, runner_up: float, terms: list[Term]) -> bool:
        """A question that names nothing, only the kind of answer it wants ("which sector are
        we in", "which agency covers us"), answered by whichever of many entries of that kind
        comes first: only when that entry is clearly ahead."""
        if best.anchors > 1 or best.score - runner_up >= TIED:
            return False
        common = self.index.ubiquitous
        return all(t.filler or t.text in ASKS_OF_A_SECTOR or t.text in common for t in terms)

    def confident(self, candidate: Candidate) -> bool:
        """Whether an entry explains enough of the question for the number of its words it
        holds."""
        needed = self.thresholds.answer_by_anchors
        anchors = candidate.anchors
        return anchors > 0 and candidate.score >= needed[min(anchors, len(needed)) - 1]

    def _named_instead(
        self, question: str, ranked: list[Candidate], terms: list[Term], names: list[str]
    ) -> Candidate | None:
        """When the best entry leaves out the proper name the question asks about, the best
        entry whose title gives that name, if it explains enough of the question on its own
        ("IS-906: is it specific to one sector?", "where's the sector-specific plan for
        critical manufacturing")."""
        best = ranked[0]
        if not self._leaves_out_the_name(best, terms, names):
            return None
        asked = {t.text for t in terms}
        for candidate in ranked[1:]:
            position = self.index.positions[candidate.entry.id]
            if (
                self.index.names[position] & asked
                and self.confident(candidate)
                and not self._leaves_out_the_name(candidate, terms, names)
                and not _about_a_member_only(candidate, terms)
                and not self.cannot_answer(question, candidate.entry, terms)
            ):
                return candidate
        return None

    def _counted_instead(
        self, question: str, ranked: list[Candidate], terms: list[Term]
    ) -> Candidate | None:
        """ "How many CISA regions are there": when the best entry gives no such number, the
        next entry near it that does ("21 members drawn from all 10 CISA regions")."""
        counted = facts.COUNT.search(question) if "many" in question.lower() else None
        if counted is None or not self.confident(ranked[0]) or facts.LASTS.match(counted[1]):
            return None  # how many hours a course lasts is that course's, or no one's
        for candidate in ranked[1:_COUNTED_AMONG]:
            if self.confident(candidate) and not self.cannot_answer(
                question, candidate.entry, terms
            ):
                return candidate
        return None

    def _named(self, anchored: list[str], position: int, scores: _Scores) -> bool:
        """Whether the question calls the entry by one of its proper names; by a name other
        titles have too (the HIFLD contact and the HIFLD resource) only when the entry is
        clearly ahead of those others."""
        index = self.index
        for name in index.names[position].intersection(anchored):
            others = index.titled[name] - {position}
            rival = max((scores.get(other, 0.0) for other in others), default=0.0)
            if scores[position] - rival >= self.thresholds.certain_margin:
                return True
        return False

    def match(self, question: str, terms: list[Term] | None = None) -> MatchResult:
        question = clip_question(question)  # a bound on the time one question can take
        ranked, terms = self.rank(question, terms=terms)
        words = tuple(t.text for t in terms)
        limits = self.thresholds
        near = tuple(c for c in ranked if c.score >= limits.suggest)
        if not ranked:
            return MatchResult(question, None, terms=words)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        names = self._names_asked(question, terms)
        if (
            not self.confident(best)
            or self._a_kind_only(best, runner_up, terms)
            # "how many drinking water systems are there" counts them: the sector gives it.
            or (_about_a_member_only(best, terms) and not facts.COUNT.search(question))
            or _no_sector_ahead(ranked, terms)
            or self._cannot_answer(question, best, terms, names)
        ):
            named = self._named_instead(question, ranked, terms, names) or self._counted_instead(
                question, ranked, terms
            )
            if named is None:
                return MatchResult(question, None, alternatives=near[:3], terms=words)
            others = tuple(c for c in near if c is not named)
            return MatchResult(question, named, alternatives=others[:3], terms=words)
        listing = (
            self._listing_instead(best, ranked)
            or self._titled_instead(best, ranked, names)
            or self._course_titled_instead(best, ranked, words)
        )
        if listing is not None:
            others = tuple(c for c in near if c is not listing)
            return MatchResult(question, listing, alternatives=others[:3], terms=words)
        return MatchResult(
            question,
            best,
            alternatives=near[1:4],
            certain=best.score - runner_up >= limits.certain_margin,
            terms=words,
        )

    def _titled_instead(
        self, best: Candidate, ranked: list[Candidate], names: list[str]
    ) -> Candidate | None:
        """A resource whose title holds the proper names a question asks about, close behind a
        sector's card that only mentions them: "is there a sector plan for IT" asks for the
        Sector-Specific Plans, which the IT card names in passing."""
        if best.entry.kind != "sector" or not names:
            return None
        titles, positions = self.index.title_terms, self.index.positions
        if any(name in titles[positions[best.entry.id]] for name in names):
            return None
        for other in ranked[1:]:
            if best.score - other.score > _TITLED_MARGIN:
                break
            if (
                other.entry.kind == "resource"
                and other.score >= self.thresholds.suggest
                and all(name in titles[positions[other.entry.id]] for name in names)
            ):
                return other
        return None

    def _course_titled_instead(
        self, best: Candidate, ranked: list[Candidate], words: tuple[str, ...]
    ) -> Candidate | None:
        """A course whose title the question says word for word, close behind another course
        it does not: "bombing prevention awareness training for our mall security team" asks
        for the course so titled, not the one for store staff."""
        positions = self.index.positions
        if self._says_title(positions[best.entry.id], words):
            return None
        for other in ranked[1:]:
            if best.score - other.score > _TITLED_MARGIN:
                break
            if self._says_title(positions[other.entry.id], words):
                return other
        return None

    def _says_title(self, position: int, words: tuple[str, ...]) -> bool:
        title = self._course_titles.get(position)
        if not title or len(title) < 2:
            return False
        size = len(title)
        return any(words[i : i + size] == title for i in range(len(words) - size + 1))

    def _listing_instead(self, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
        """An entry listing the best one among others, about as close and holding more of the
        question: "what bombing prevention training does CISA have" asks for the courses OBP
        lists, not the one titled "Bombing Prevention Awareness"."""
        for other in ranked[1:]:
            if best.score - other.score > _LISTING_MARGIN:
                break
            if other.anchors > best.anchors and best.entry in self.listed_in(other.entry):
                return other
        return None
