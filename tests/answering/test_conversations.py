"""Conversations as tables: what the partner says, what the bot shows, on each surface that keeps
a conversation (a DM, a thread started by a mention, an assistant thread), through signed
requests to the app and the replies the fake Slack records.

The phrasings are the ones a new user tried in `partnerbot shell` and got wrong answers to, the
examples the bot's own Home tab gives, and the kinds of message a chat app must take in its
stride (small talk, help, requests, several questions, comparisons, lists, follow-ups).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from bot.answering import lists, replies
from bot.core.models import Question
from handlers import CI
from knowledge.answers import listing
from knowledge.index import KnowledgeIndex
from tests.support.talking import SURFACES, shown

Expect = Callable[[KnowledgeIndex], tuple]


def card(entry_id: str) -> Expect:
    return lambda index: ("card", entry_id)


def listed(kind: str, *sectors: str) -> Expect:
    """The list `/ci <kind> [sector]` shows, drawn by the same renderer."""

    def expected(index: KnowledgeIndex) -> tuple:
        blocks = lists.browse_blocks(listing(index, kind, sectors), index.sector_titles)
        return ("text", "\n".join(b.text.text for b in blocks))

    return expected


def says(text: str) -> Expect:
    return lambda index: ("text", text)


HELP: Expect = lambda index: ("text", CI.help_text())  # noqa: E731
NO_ANSWER: Expect = lambda index: ("no answer",)  # noqa: E731
CANNOT = says(replies.cannot())

# name -> [(what the partner says, what the bot shows)], and how many knowledge gaps it leaves.
CONVERSATIONS: dict[str, tuple[list[tuple[str, list[Expect]]], int]] = {
    "small talk is never a gap": (
        [
            ("hi", [says(replies.HELLO)]),
            ("thanks!", [says(replies.THANKS)]),
            ("😀🔥🚒", [says(replies.HELLO)]),
            ("\x1b[A", [says(replies.HELLO)]),  # an up-arrow a terminal sent
            ("bye", [says(replies.BYE)]),
        ],
        0,
    ),
    "help in plain words is /ci help": (
        [("help", [HELP]), ("what can you do?", [HELP])],
        0,
    ),
    "a request gets no card": (
        [
            ("DM me the list", [CANNOT]),
            ("book a room", [CANNOT]),
            ("reset my password", [CANNOT]),
        ],
        0,
    ),
    "markup and greetings around a question": (
        [(":wave: hi! who's the srma for chemical plants :factory:", [card("sector-chemical")])],
        0,
    ),
    "a follow-up keeps the topic": (
        [
            ("any training for water utilities?", [listed("training", "water-and-wastewater")]),
            ("and for dams?", [listed("training", "dams")]),
        ],
        0,
    ),
    "a follow-up about contacts stays about contacts": (
        [
            ("how do I contact the dams people", [card("contact-dams-sector")]),
            ("what about energy?", [listed("contacts", "energy")]),
        ],
        0,
    ),
    "follow-ups inherit the sector and the topic": (
        [
            ("who leads the dams sector?", [card("sector-dams")]),
            ("and for water?", [card("sector-water-and-wastewater")]),
            ("any training for that?", [listed("training", "water-and-wastewater")]),
            ("who do I contact there?", [listed("contacts", "water-and-wastewater")]),
        ],
        0,
    ),
    "the Home tab's own examples": (
        [
            ("what training is there for energy?", [listed("training", "energy")]),
            ("who is the SSA for dams?", [card("sector-dams")]),
        ],
        0,
    ),
    "browsing in plain words": (
        [
            ("resources for dams owners", [listed("resources", "dams")]),
            ("list the sectors", [listed("sectors")]),
        ],
        0,
    ),
    "several questions, an answer each": (
        [
            (
                "who leads energy and is there ICS training?",
                [card("sector-energy"), card("training-ics-301")],
            )
        ],
        0,
    ),
    "a comparison shows both": (
        [("SCC vs GCC", [card("body-scc"), card("body-gcc")])],
        0,
    ),
    "contacts for two sectors with none of their own: one list": (
        [
            (
                "who do I contact for energy and water?",
                [listed("contacts", "energy", "water-and-wastewater")],
            )
        ],
        0,
    ),
    "an earlier answer pointed at by its place, or asked whether it still holds": (
        [
            ("who leads the emergency services sector?", [card("sector-emergency-services")]),
            ("what about dams?", [card("sector-dams")]),
            (
                "go back to the first one, is there a team email for it?",
                [card("contact-emergency-services-team")],
            ),
            ("and the dams data email?", [card("contact-dams-sector")]),
            (
                "are both still current?",
                [card("contact-emergency-services-team"), card("contact-dams-sector")],
            ),
        ],
        0,
    ),
    "an answer said to miss is asked again, and no gap": (
        [
            ("who leads dams?", [card("sector-dams")]),
            ("that's not what I asked", [says(replies.MISSED_IN_SLACK)]),
            ("and for water?", [card("sector-water-and-wastewater")]),
        ],
        0,
    ),
    "what it does not know is a gap, once": (
        [("best energy drink", [NO_ANSWER]), ("ok thanks", [says(replies.THANKS)])],
        1,
    ),
}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_conversation(name, surface, slack, fake_slack, services):
    turns, gaps = CONVERSATIONS[name]
    index = services.matcher.index
    talk = surface(slack, fake_slack, services.engine, "UTALK")
    for said, expected in turns:
        got = [shown(call) for call in talk.say(said)]
        assert got == [expect(index) for expect in expected], said
    with Session(services.engine) as session:
        asked = session.exec(select(Question)).all()
    assert sum(not q.answered for q in asked) == gaps
    assert all(q.surface == surface.name for q in asked)


def test_every_reply_fits_in_a_message(slack, fake_slack, services):
    talk = SURFACES[0](slack, fake_slack, services.engine, "UBIG")
    for said in ("list every contact", "who leads energy, water and dams?", "training?"):
        for call in talk.say(said):
            blocks = call.params["blocks"]
            assert 1 <= len(blocks) <= 50
            assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
