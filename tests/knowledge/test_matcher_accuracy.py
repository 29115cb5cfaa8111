"""Accuracy floors on the question sets, and a table of phrasings that must keep working.

dev.yaml to dev69.yaml (with dev3_conversations.yaml to dev70_conversations.yaml) are the sets the
matcher and the reading pipeline were tuned on or may be, each written before they were run on it
(dev4 to dev69 and dev6_conversations to dev70_conversations blind, each by someone who had not
seen the matcher or the other sets; dev7, dev8 and dev10 to dev49 are long, chatty Slack messages
in good part, dev20, dev27 and dev35 are mostly or largely out-of-scope questions close to the
domain, dev37 sets look-alike entries against each other, dev39 is written by newcomers, dev41 by
people on phones (pasted mail, dictation), dev43 by officials who know the jargon, dev45 by
newcomers and people writing in a second language, dev47 in terse fragments, dev49 with heavy Slack
formatting, dev50_conversations by people new to security, dev51 on phones and by dictation,
dev52_conversations by organisations spanning several sectors, dev53 by people preparing briefings,
dev54 by people learning the bot itself, dev55_conversations by users who push back and correct,
dev56 as near misses, dev57_conversations of history and change, dev58 with pasted and forwarded
text, dev59_conversations switching subject and coming back, dev60 as a week's general traffic,
dev61 as typed in a busy workspace, dev62_conversations as ordinary follow-ups in every sector,
dev63 by owners describing what they run in their own words, dev64_conversations by people asking
on someone else's behalf, dev65 as yes-or-no and relayed questions, dev66_conversations by people
who narrow, correct and rule out, dev67 by owners whose business touches several sectors, dev68 as
a month of a regional team's traffic, dev69 at the edge of what the bot knows (near misses beside
questions phrased close to them), and dev70_conversations as a new partner's first week; dev22,
dev26, dev30, dev32, dev34, dev39, dev43, dev53, dev60 and dev68 with dev32_conversations,
dev36_conversations, dev40_conversations and dev44_conversations were each kept unseen until the
tuning they measure was done);
holdout.yaml to holdout4.yaml and conversations.yaml were written separately and are never tuned
on (holdout3, holdout4 and conversations blind too), so their floors say how the bot does on
messages it has not seen.
Messages are read as the bot reads them (knowledge.reading.read) and scored as
benchmarks/bench_matcher.py scores them; each floor sits just under the figure it prints, so a
regression fails it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.reading_sets import (
    load_conversations,
    load_messages,
    read_conversation,
    right,
    score_messages,
)
from knowledge.index import load_index
from knowledge.matcher import Matcher
from knowledge.reading import read

QUESTIONS = Path(__file__).resolve().parents[1] / "questions"
# (in-scope top-1 accuracy, out-of-scope abstention); the benchmark prints the exact figures.
FLOORS = {
    "dev.yaml": (0.99, 0.995),
    "dev2.yaml": (0.985, 0.98),
    "dev3.yaml": (0.985, 0.995),
    "dev3b.yaml": (0.995, 0.995),
    "dev3c.yaml": (0.995, 0.995),
    # dev4 and dev39 want the course card for "when is the next 301 class"; the newer sets, a
    # dozen messages, want the honest "I don't know" the project gives: the cards hold no dates.
    "dev4.yaml": (0.988, 0.985),
    "dev5.yaml": (0.99, 0.995),
    "dev7.yaml": (0.96, 0.995),
    "dev8.yaml": (0.98, 0.995),
    "dev10.yaml": (0.965, 0.995),
    "dev11.yaml": (0.95, 0.98),
    "dev12.yaml": (0.98, 0.995),
    "dev13.yaml": (0.98, 0.995),
    "dev14.yaml": (0.97, 0.995),
    "dev15.yaml": (0.98, 0.995),
    "dev16.yaml": (0.94, 0.93),
    "dev17.yaml": (0.99, 0.995),
    "dev18.yaml": (0.97, 0.995),
    "dev19.yaml": (0.995, 0.995),
    "dev20.yaml": (0.975, 0.89),
    "dev21.yaml": (0.98, 0.975),
    "dev22.yaml": (0.995, 0.975),
    "dev23.yaml": (0.98, 0.975),
    "dev24.yaml": (0.96, 0.94),
    "dev25.yaml": (0.985, 0.935),
    "dev26.yaml": (0.97, 0.98),
    "dev27.yaml": (0.985, 0.935),
    "dev28.yaml": (0.96, 0.965),
    "dev29.yaml": (0.96, 0.915),
    "dev30.yaml": (0.97, 0.98),
    "dev31.yaml": (0.945, 0.965),
    "dev32.yaml": (0.94, 0.985),
    "dev33.yaml": (0.96, 0.98),
    "dev34.yaml": (0.985, 0.965),
    "dev35.yaml": (0.98, 0.88),
    "dev37.yaml": (0.94, 0.935),
    "dev38.yaml": (0.97, 0.995),
    "dev39.yaml": (0.955, 0.95),
    "dev41.yaml": (0.915, 0.98),
    "dev43.yaml": (0.975, 0.98),
    "dev45.yaml": (0.925, 0.965),
    "dev47.yaml": (0.93, 0.95),
    "dev49.yaml": (0.99, 0.965),
    "dev51.yaml": (0.98, 0.965),
    "dev53.yaml": (0.925, 0.885),
    "dev54.yaml": (0.915, 0.875),
    "dev56.yaml": (0.98, 0.855),
    "dev58.yaml": (0.95, 0.9),
    "dev60.yaml": (0.955, 0.94),
    "dev61.yaml": (0.96, 0.93),
    "dev63.yaml": (0.9, 0.935),
    "dev65.yaml": (0.965, 0.92),
    "dev67.yaml": (0.905, 0.93),
    "dev68.yaml": (0.95, 0.94),
    "dev69.yaml": (0.965, 0.875),
    "dev71.yaml": (0.855, 0.94),
    "dev72.yaml": (0.97, 0.925),
    "dev73.yaml": (0.975, 0.9),
    "holdout.yaml": (0.985, 0.97),
    "holdout2.yaml": (0.97, 0.92),
    "holdout3.yaml": (0.96, 0.975),
    "holdout4.yaml": (0.965, 0.98),
}
# The most in-scope questions, as a share, that may get a wrong answer rather than none.
WRONG_CEILINGS = {
    "dev.yaml": 0.005,
    "dev2.yaml": 0.005,
    "dev3.yaml": 0.015,  # its "TLP:AMBER vs TLP:AMBER+STRICT" wants both cards; later sets one
    "dev3b.yaml": 0.005,
    "dev3c.yaml": 0.005,
    "dev4.yaml": 0.01,
    "dev5.yaml": 0.005,
    "dev7.yaml": 0.035,
    "dev8.yaml": 0.01,
    "dev10.yaml": 0.025,
    "dev11.yaml": 0.045,
    "dev12.yaml": 0.005,
    "dev13.yaml": 0.01,
    "dev14.yaml": 0.02,
    "dev15.yaml": 0.01,
    "dev16.yaml": 0.04,
    "dev17.yaml": 0.005,
    "dev18.yaml": 0.03,
    "dev19.yaml": 0.005,
    "dev20.yaml": 0.025,
    "dev21.yaml": 0.01,
    "dev22.yaml": 0.005,
    "dev23.yaml": 0.01,
    "dev24.yaml": 0.02,
    "dev25.yaml": 0.015,
    "dev26.yaml": 0.02,
    "dev27.yaml": 0.015,
    "dev28.yaml": 0.04,
    "dev29.yaml": 0.035,
    "dev30.yaml": 0.015,
    "dev31.yaml": 0.045,
    "dev32.yaml": 0.055,
    "dev33.yaml": 0.035,
    "dev34.yaml": 0.01,
    "dev35.yaml": 0.01,
    "dev37.yaml": 0.05,
    "dev38.yaml": 0.025,
    "dev39.yaml": 0.03,
    "dev41.yaml": 0.045,
    "dev43.yaml": 0.01,
    "dev45.yaml": 0.055,
    "dev47.yaml": 0.04,
    "dev49.yaml": 0.01,
    "dev51.yaml": 0.01,
    "dev53.yaml": 0.015,
    "dev54.yaml": 0.045,
    "dev56.yaml": 0.02,
    "dev58.yaml": 0.045,
    "dev60.yaml": 0.03,
    "dev61.yaml": 0.03,
    "dev63.yaml": 0.06,
    "dev65.yaml": 0.015,
    "dev67.yaml": 0.075,
    "dev68.yaml": 0.025,
    "dev69.yaml": 0.025,
    "dev71.yaml": 0.11,
    "dev72.yaml": 0.015,
    "dev73.yaml": 0.01,
    "holdout.yaml": 0.015,
    "holdout2.yaml": 0.015,
    "holdout3.yaml": 0.025,
    "holdout4.yaml": 0.015,
}
# The share of conversation turns read right.
TURN_FLOORS = {
    "dev3_conversations.yaml": 1,
    "dev4_conversations.yaml": 0.985,
    "dev5_conversations.yaml": 0.975,
    "dev6_conversations.yaml": 0.98,
    "dev7_conversations.yaml": 0.955,
    "dev8_conversations.yaml": 0.965,
    "dev9_conversations.yaml": 0.96,
    "dev10_conversations.yaml": 0.975,
    "dev11_conversations.yaml": 0.965,
    "dev12_conversations.yaml": 0.945,
    "dev13_conversations.yaml": 0.96,
    "dev14_conversations.yaml": 0.98,
    "dev15_conversations.yaml": 0.96,
    "dev16_conversations.yaml": 0.96,
    "dev17_conversations.yaml": 0.98,
    "dev18_conversations.yaml": 0.985,
    "dev19_conversations.yaml": 0.98,
    "dev21_conversations.yaml": 0.94,
    "dev23_conversations.yaml": 0.945,
    "dev24_conversations.yaml": 0.95,
    "dev25_conversations.yaml": 0.975,
    "dev27_conversations.yaml": 0.96,
    "dev28_conversations.yaml": 0.94,
    "dev29_conversations.yaml": 0.93,
    "dev31_conversations.yaml": 0.92,
    "dev32_conversations.yaml": 0.94,
    "dev33_conversations.yaml": 0.935,
    "dev35_conversations.yaml": 0.93,
    "dev36_conversations.yaml": 0.955,
    "dev38_conversations.yaml": 0.95,
    "dev40_conversations.yaml": 0.915,
    "dev42_conversations.yaml": 0.935,
    "dev44_conversations.yaml": 0.915,
    "dev46_conversations.yaml": 0.945,
    "dev48_conversations.yaml": 0.92,
    "dev50_conversations.yaml": 0.845,
    "dev52_conversations.yaml": 0.825,
    "dev55_conversations.yaml": 0.845,
    "dev57_conversations.yaml": 0.795,
    "dev59_conversations.yaml": 0.915,
    "dev62_conversations.yaml": 0.885,
    "dev64_conversations.yaml": 0.88,
    "dev66_conversations.yaml": 0.88,
    "dev70_conversations.yaml": 0.915,
    "conversations.yaml": 0.955,
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_index())


def _expected(item: dict) -> list[str] | None:
    expect = item["expect"]
    if isinstance(expect, dict):
        answers = expect.get("answers", [])
        return [i for ids in answers for i in ([ids] if isinstance(ids, str) else ids)] or None
    return [expect] if isinstance(expect, str) else expect


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_question_set_meets_its_floors(matcher: Matcher, name: str):
    messages = load_messages(QUESTIONS / name)
    score = score_messages(messages, [read(m.text, matcher) for m in messages])
    accuracy_floor, abstention_floor = FLOORS[name]
    assert score.accuracy >= accuracy_floor, f"{name}: {score.correct}/{score.in_scope} right"
    assert score.abstention >= abstention_floor, (
        f"{name}: {score.abstained}/{score.out_of_scope} abstained"
    )
    assert score.wrong / score.in_scope <= WRONG_CEILINGS[name], (
        f"{name}: {score.wrong}/{score.in_scope} wrong"
    )


@pytest.mark.parametrize("name", sorted(TURN_FLOORS))
def test_conversation_set_meets_its_floor(matcher: Matcher, name: str):
    turns = good = 0
    for conversation in load_conversations(QUESTIONS / name):
        readings = read_conversation(matcher, conversation)
        turns += len(readings)
        good += sum(right(t.expect, r) for t, r in zip(conversation.turns, readings, strict=True))
    assert good / turns >= TURN_FLOORS[name], f"{name}: {good}/{turns} turns right"


def test_question_sets_are_big_enough_and_name_real_entries(matcher: Matcher):
    items = [i for name in FLOORS for i in yaml.safe_load((QUESTIONS / name).read_text())]
    assert len(items) >= 200
    assert sum(_expected(i) is None for i in items) >= 40
    unknown = {e for i in items for e in _expected(i) or [] if matcher.index.by_id(e) is None}
    assert not unknown


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("whos the SSA for dams", "sector-dams"),
        ("how do I send an alert through the bot?", "bot-sharing-alerts"),
        # What something is called now is its name, not whom to call.
        ("what do we call SSAs now?", "faq-srma-role"),
        ("who do we call at the NICC", "contact-nicc"),
        ("who leads the chemcial sector", "sector-chemical"),
        ("which agency is responsible for banks", "sector-financial-services"),
        ("srma for hosptials", "sector-healthcare-and-public-health"),
        ("hotels - what sector are we in", "sector-commercial-facilities"),
        ("power plants lead agency", "sector-energy"),
        ("911 centers who is the lead", "sector-emergency-services"),
        ("DIB SRMA?", "sector-defense-industrial-base"),
        ("contact for the dams sector", "contact-dams-sector"),
        ("is 907", "training-is-907"),
        ("awr-335 course", "training-awr-335"),
        ("what is CIPAC", "body-cipac"),
        ("tlp amber+strict meaning", "tlp-amber-strict"),
        ("how do i sign up for cyber hygiene scanning", "contact-cyber-hygiene-signup"),
        ("what is the cyber security evaluation tool", "resource-cset"),
        # A long friendly message: the words the knowledge base never uses are mostly context.
        (
            "Morning! Our cooperative runs a couple of hydroelectric dams along the river and the "
            "board keeps asking me who the federal lead is for our sector, can someone settle it?",
            "sector-dams",
        ),
        # Everyday words that only the answers' prose uses ("asked", "confirm") are context too.
        (
            "Long time listener, first time caller: we operate three rural hospitals plus a "
            "couple of urgent care clinics, and our compliance folks asked me to confirm which "
            "federal agency is the SRMA for us",
            "sector-healthcare-and-public-health",
        ),
        # Who leads a sector is asked of the sector entry, not of the sector's contact.
        ("which agency leads the chemical sector, DHS or OSHA?", "sector-chemical"),
        # The TLP label named decides against an entry about another label.
        ("TLP:CLEAR on a public website ok?", "tlp-clear"),
        # "plant" after a sector's name belongs to the sector, not to manufacturing.
        ("which sector is a pharmaceutical plant in", "sector-chemical"),
        ("lead agency for a hydro plant", "sector-dams"),
        # Concepts: sharing verbs, Slack's ways of asking, the old name of an office.
        ("is it ok to distribute TLP:AMBER within our company", "tlp-amber"),
        ("should I tag partnerbot or send it a direct message", "bot-how-to-ask"),
        ("does the Office of Infrastructure Protection still exist", "faq-cisa-history"),
        # "fall under", "count as", "part of": asking which sector something belongs to.
        ("which sector do levees fall under", "sector-dams"),
        ("do 911 call centers count as emergency services", "sector-emergency-services"),
        # Insurers are a part of financial services.
        ("are insurance carriers part of the financial services sector",
         "sector-financial-services"),
        # FEMA's Independent Study office and Student ID serve every IS course, one no entry
        # holds too.
        ("my IS-100 certificate never came, who do I contact", "contact-fema-independent-study"),
        ("do I need an SID for IS-700", "training-fema-student-id"),
        # Whether a partner's alert is checked before it is sent, however said.
        ("are partner alerts vetted by staff", "bot-sharing-alerts"),
        # A fire department's people name it by their jobs.
        ("I'm a fire chief, what sector do we fall under", "sector-emergency-services"),
        # "the same as" says what kind of question it is, not which entry it is about.
        ("is the CIC-SC the same as the cross-sector council", "body-cscc"),
        # Words that describe a business ("production") are filler.
        ("is steel production critical manufacturing", "sector-critical-manufacturing"),
        # "your division" is the office the bot belongs to.
        ("which sectors does your division lead", "office-six-sectors"),
        # An email address is one term, and asks for a contact.
        ("what do I write to vulnerability@cisa.dhs.gov", "contact-cyber-hygiene-signup"),
        # Number words and digits meet ("five steps").
        ("which framework has 5 steps", "resource-irpf"),
        # "every week" is weekly, "pass it to" is sharing.
        ("can our channel get the energy alerts every week", "bot-subscriptions"),
        ("is it ok to pass it to a vendor if it's TLP:AMBER", "tlp-amber"),
        # Words in most entries ("CI", "sector") still back up a word that names the entry.
        ("give me the full list of ci sectors", "faq-sixteen-sectors"),
        # A typo one letter away from a three-letter word of the lexicon.
        ("who leads the oill and gas sector", "sector-energy"),
        # "Which sector" in the singular asks what a sector covers, among a business's words.
        (
            "we blend lawn fertilizer for garden centers, which ci sector would that be",
            "sector-chemical",
        ),
        # A word written as one that the lexicon knows as two ("meat packing").
        (
            "our company runs a meatpacking plant, who is our lead agency",
            "sector-food-and-agriculture",
        ),
        # Of equally close fixes, the one that keeps the first letter ("label", not "cable").
        ("list of tlp lables", "tlp-overview"),
        # Two letters swapped on the word as typed ("coures"), though its stem is as near
        # another word ("core"); "dose" is "does" mistyped.
        ("waht coures dose OBP ofer", "resource-office-for-bombing-prevention"),
        ("wat dose an SRMA acutally do", "faq-srma-role"),
        # A word at the floor of the English list is a slip like any other ("indicator").
        ("automated indictor sharing", "resource-ais"),
        # A name that contains another abbreviation is one term: ICS-CERT is not ICS training.
        ("is ICS-CERT part of CISA now", "faq-cisa-history"),
        # An entry's proper name plus a word nothing else explains: what is asked about it.
        ("when was NSM-22 signed", "faq-ppd21-nsm22"),
        ("when was cipac establshed", "body-cipac"),
        ("is tlp:white still a thing", "tlp-clear"),
        # Apologies and hedges are not the question.
        ("sorry if this is a dumb question, but what is the IRPF", "resource-irpf"),
        # Asking what something is, not how to reach it: the resource before the contact.
        ("hifld data what is it", "resource-hifld"),
        # "You" and "the bot" are partnerbot; "write to" asks for a contact.
        ("how do i talk to partnerbot", "bot-how-to-ask"),
        ("who do i write to about the nipp", "contact-nipp"),
        # A topic asked of the one TLP label named, in a long message; telling is sharing.
        (
            "our ISAC shared a TLP:RED note this morning, can I tell my team about it?",
            "tlp-red",
        ),
        # Social media is not the Media subsector.
        ("is TLP:GREEN ok for social media", "tlp-green"),
        ("can TLP:GREEN go on linkedin", "tlp-green"),
        # A word the knowledge base only has as an abbreviation: GOCO is the DIB's own word.
        ("what's a GOCO facility", "sector-defense-industrial-base"),
        # "9-1-1" is 911; a course code names its course among words of another sector.
        ("AWR-911, is that for 9-1-1 call takers?", "training-awr-911"),
        # A bare "@" is a mention.
        ("do I have to @ you in a channel or can I DM you", "bot-how-to-ask"),
        # Signing up is done by writing to someone.
        ("how do I sign up for cyber hygiene", "contact-cyber-hygiene-signup"),
        # Ways of asking that say nothing ("in plain english", "day to day", a job title).
        ("what's CIPAC for, in plain english", "body-cipac"),
        ("what does an SRMA do day to day", "faq-srma-role"),
        # Something that never arrived, asked of the office that sends it.
        ("my IS-906 certificate never came by email", "contact-fema-independent-study"),
        ("every sector and its lead agency please", "faq-sixteen-sectors"),
        # A sector's name leaves "sector" to the longer name it begins.
        ("where can I download the energy sector specific plan", "resource-sector-specific-plans"),
        ("who sits on the chemical sector coordinating council", "body-scc"),
        # Slips too short to correct, a TLP label named in full, words for leading.
        ("wat is teh NICC", "resource-nicc"),
        ("traffic light protocol green meaning", "tlp-green"),
        ("doc is labeled amber strict - who can see it?", "tlp-amber-strict"),
        ("who is the leader of the water sector", "sector-water-and-wastewater"),
        ("when was CIPAC founded", "body-cipac"),
        ("CF team email", "contact-commercial-facilities-team"),
        ("who is the SRMA for a generic drug manufacturer", "sector-chemical"),
        # An entry the question names answers when the best one leaves the name out.
        ("IS-921: is it specific to one sector?", "training-is-921"),
        # A plan next to a sector is its sector-specific plan, "IT" included.
        ("the plan for the water sector, where is it", "resource-sector-specific-plans"),
        ("IT sector-specific plan download", "resource-sector-specific-plans"),
        # Not every course is a webinar; whom a course is for counts less than what it is on.
        ("active shooter webinar length", "training-active-shooter-workshops"),
        ("IED awareness course for our security guards", "training-awr-348"),
        # ... or who they are, before what they can do with it.
        ("any active shooter training our front desk people can do online?", "training-is-907"),
        # The asker's sector, which a course names only as whom it is for, weighs little.
        ("We're a community hospital. is there an online active shooter course for nurses?",
         "training-is-907"),
        # How short a course is asked to be says nothing of what it is on.
        ("short free online course about the NIPP?", "training-is-860"),
        ("we need an active shooter course for our front desk staff — online, free and short",
         "training-is-907"),
        # ... and ends with them: what follows is asked of the course.
        ("need ICS training for our plant operators, hands-on preferred", "training-ics-301"),
        # An IP address is no address to write to.
        ("which IP addresses does cyber hygiene scan for us?", "resource-cyber-hygiene"),
        # A channel typed by its name is a channel.
        ("how do I unsubscribe #general from everything", "bot-subscriptions"),
        # How someone of ours joins is how to sign up.
        ("how can my company join AIS?", "contact-ais-onboarding"),
        # "bomb prevention" is bombing prevention.
        ("beginner bomb prevention course?", "training-awr-348"),
        ("bomb prevention awareness course?", "training-awr-348"),
        # A course's title said word for word is that course, whoever it is for.
        ("our hotel security team wants bombing prevention awareness training",
         "training-awr-348"),
        ("need bombing prevention awareness training for the front desk", "training-awr-348"),
        # The contact when the question asks for one; the current route before a legacy one.
        ("who's the contact for the CIPAC charter renewal", "contact-cipac"),
        ("how do i report a cyber incident", "contact-report-incident"),
        ("I need proof I finished IS-906, who do I contact", "contact-fema-independent-study"),
        # Stressing adverbs and symbols between words.
        ("what do you actually know", "bot-how-to-ask"),
        ("when did NPPD→CISA happen", "faq-cisa-history"),
        # Pushing an alert out to the others here is sharing it through the bot; pushing
        # indicators is AIS.
        ("How do I push it out as an alert to the other water utilities in here?",
         "bot-sharing-alerts"),
        ("how do i turn a message someone posted into an alert for the water channels",
         "bot-sharing-alerts"),
        ("if we push indicators to AIS will our company name be attached?", "resource-ais"),
        ("hey is there a way to get threat indicators fed automatically into our firewall",
         "resource-ais"),
        ("On behalf of our general counsel: what information does partnerbot retain about "
         "users' queries, and for how long?", "bot-privacy"),
        # A job one has says why one asks; jobs asked about are not kept.
        ("hi, HR says i need to take IS-907 for my job at the arena. how long is it roughly",
         "training-is-907"),
        # Whom to send questions to is a contact, whatever the questions are about.
        ("who do I send NIPP questions to", "contact-nipp"),
        ("how long do you hang on to my questions?", "bot-privacy"),
        # A fiscal year named in an entry's own words ("the FY2021 NDAA") is asked of it.
        ("did the FY2021 NDAA rename SSAs to SRMAs?", "faq-srma-role"),
        # A law by another of its names.
        ("which statutory provision renamed Sector-Specific Agencies?", "faq-srma-role"),
        # Terse: a time zone as "tz", days as "d".
        ("digest time / tz", "bot-subscriptions"),
        ("365d retention — configurable?", "bot-privacy"),
        # An office merged into another is a name that changed.
        ("what happened to the SSA EMO - was it merged into something?", "office-sopd"),
        # How to join a service is how to sign up for it; whether it is free to join is not.
        ("how do I join AIS?", "contact-ais-onboarding"),
        ("is AIS free to join?", "resource-ais"),
        # The side panel is one more way to ask.
        ("can I ask you stuff from the side panel thing (Agents & AI Apps) or only by DM?",
         "bot-how-to-ask"),
        ("how do I word my questions so you give better answers?", "bot-how-to-ask"),
        # The industry's own council, asked for by who sits on it.
        ("is there some council of companies like us that we can be part of?", "body-scc"),
        ("which council do the federal agencies themselves use to coordinate with each other",
         "body-fslc"),
        # Shared but not in public is TLP:GREEN; in public, TLP:CLEAR; inside the company
        # alone, TLP:AMBER+STRICT.
        ("which TLP keeps it inside our company only", "tlp-amber-strict"),
        ("which tlp lets me share with partner orgs but not publicly", "tlp-green"),
        ("which tlp lets me share it publicly", "tlp-clear"),
        # Surveillance as staff see it, and spotting it.
        ("is there anything on spotting somebody casing our yard?", "training-awr-940"),
        ("something on spotting someone doing surveillance?", "training-awr-940"),
    ],
)  # fmt: skip
def test_typical_phrasings(matcher: Matcher, question: str, expected: str):
    result = matcher.match(question)
    assert result.answered, f"abstained on {question!r}"
    assert result.best.entry.id == expected


@pytest.mark.parametrize(
    "question",
    [
        "best energy drink for the gym",
        "what's the weather tomorrow",
        "hi",
        "recipe for chicken soup",
        "how do I reset my laptop password",
        "nuclear family definition",
        # "sector" and "lead" are in half the entries: they alone name none of them.
        "who leads the space sector",
        # Two topics ("forward", "email") are still only the kind of question asked.
        "how do i forward my work email to gmail",
        # A sector found only through what it is made of, with nothing asked of a sector.
        "how does a nuclear reactor work",
        "how do i become a volunteer firefighter",
        # A word in most entries ("CISA") anchors only an entry whose title has it.
        "who is the current director of cisa",
        # Who holds an office now, which the knowledge base gives only as of a date.
        "who's CIPAC's current designated federal officer? need a name for our letter",
        # A standard's name is one term, not two anchors for the tool that checks it.
        "what are the penalties for a NERC CIP violation",
        # So is another program's name, whose words other entries use.
        "what is the national response framework",
        "how do we get our product designated under the SAFETY Act",
        # A course code no entry holds is a course the knowledge base does not know.
        "what does IS-912 retail security awareness cover",
        # "How many" asked of an entry that gives no number (a course code's digits are none).
        "how many PSAs does cisa have nationwide",
        "how many employees does CISA have",
        # An entry found through other words, leaving out the one the question names.
        "how do I become a PSA",
        "what does the PSA program cost",
        # Homeland security is DHS, in most entries: no subject of its own.
        "who is the secretary of homeland security",
        # The next meeting of a council is news the knowledge base does not keep.
        "when is the next CIPAC meeting",
        # Only the kind of answer wanted, which many entries of that kind give equally.
        "which sector are we in",
        # Facts no entry keeps unless it says them, and programs no entry covers.
        "what is the RRAP's annual budget",
        "when is the RCPGP application deadline",
        "how do I get appointed to the NSTAC",
        "are we required to report ransomware to the EPA",
        "dates for the chemical security summit",
        "address of the CISA region 4 office",
        "who chairs the water SCC right now",
        "call 911, there is a fire in the server room",
        "when is the next national level exercise",
        "what do we need to do to get CMMC level 2 certified",
        "HIPAA breach notification timeline for a ransomware hit?",
        "how do I submit a travel voucher for the ICS training trip",
        "cisa director name?",
        "is the office closed monday for the federal holiday?",
        "how do I apply for a job at CISA",
        "where do we get Stop the Bleed kits for the lobby",
        "are we liable if we don't report a ransomware attack to the state attorney general",
    ],
)
def test_off_topic_questions_get_no_answer(matcher: Matcher, question: str):
    assert not matcher.match(question).answered


def test_an_uncertain_match_offers_alternatives_and_a_clear_one_does_not(matcher: Matcher):
    clear = matcher.match("what is the NICC")
    assert clear.answered and clear.certain
    unclear = matcher.match("dams")
    assert unclear.alternatives


def test_which_sector_for_a_business_in_two_sectors_is_never_the_other_sector(matcher: Matcher):
    # "Which sector" asked with two sectors named is no question of one sector: rather no
    # answer than the retail stores' sector for a chemical bottler.
    result = matcher.match("we bottle pool chemicals for retail stores, which sector would that be")
    assert not result.answered or result.best.entry.id == "sector-chemical"


def test_an_entry_that_leaves_out_what_the_question_names_is_no_answer(matcher: Matcher):
    # The energy sector's card says nothing of its plan: the plans' entry, or no answer.
    result = matcher.match("where is the energy sector specific plan")
    assert not result.answered or result.best.entry.id == "resource-sector-specific-plans"
