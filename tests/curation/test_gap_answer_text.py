"""A staff answer to a knowledge gap reaches every asker whole, whatever it holds, and never
pings anyone (SPEC: escaping, limits with a clear message, nothing lost).

An answer is refused in the modal, with a clear error, when once escaped it would not fit the
one section of the answer card that serves it from then on (the modal's own limit counts the
characters as typed); an answer that passes goes to the askers whole. The reproduction: 2,800
`&` passed the modal, then reached the askers cut to some 600 characters without a word.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import render
from bot.core.render import escape
from bot.curation import drafts
from bot.curation import views as gap_views
from bot.curation.gaps import Gap, GapQuestion
from knowledge.schema import Entry
from tests.curation.test_gaps import DRONE, open_answer_modal, submit_answer
from tests.support import block_kit
from tests.support.flows import ask_dm, next_call
from tests.support.waiting import eventually

HOSTILE = "<>&|@!#^:/ \n\taé😀"
TYPED_MENTION = re.compile(r"<[@!#]")
LINK = re.compile(r"<https?://[^<>|\s]*\|[^<>]*>")
ASKED = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def typed(most: int, least: int = 0) -> st.SearchStrategy[str]:
    runs = st.builds(
        lambda character, count: character * count,
        st.sampled_from("<>&"),
        st.integers(min_value=max(least, 1), max_value=most),
    )
    return st.one_of(runs, st.text(alphabet=HOSTILE, min_size=least, max_size=most))


def entry_of(draft: drafts.DraftInput) -> Entry:
    return Entry.model_validate(drafts.entry_data(draft, "draft-hostile", ASKED.date()))


def mrkdwn_texts(node) -> list[str]:
    if isinstance(node, list):
        return [text for item in node for text in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "mrkdwn" else []
    return own + [text for value in node.values() for text in mrkdwn_texts(value)]


def pings(texts: list[str]) -> list[str]:
    return [t for t in texts if TYPED_MENTION.search(LINK.sub("", t))]


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    st.lists(typed(400, 1), min_size=1, max_size=15),
    typed(drafts.TITLE_LIMIT, 1),
    typed(drafts.ANSWER_LIMIT, 1),
    typed(2000),
)
def test_the_modal_and_the_answer_are_accepted_and_nothing_is_lost_or_pings(
    askers, title, answer, sample_questions
):
    questions = tuple(
        GapQuestion(n, text, f"U{n}", ASKED + dt.timedelta(minutes=n), False, False)
        for n, text in enumerate(askers)
    )
    modal = gap_views.answer_modal(Gap(questions))
    assert block_kit.view_problems(modal) == []
    assert pings(mrkdwn_texts(modal["blocks"])) == []

    draft = drafts.DraftInput(title, answer, drafts.sample_questions(sample_questions.splitlines()))
    if drafts.problems(draft):
        return  # refused in the modal, as before
    refused = gap_views.answer_problem(draft.title, draft.answer)
    entry = entry_of(draft)
    card = render.card_text(entry.title, entry.answer)
    assert bool(refused) == (len(card) > render.SECTION_LIMIT)  # refused iff the card would cut
    if refused:
        assert str(len(escape(draft.answer.strip()))) in refused["answer"]
        return
    blocks, text = gap_views.answer_message(entry, askers[0])
    assert block_kit.message_problems({"blocks": blocks, "text": text}) == []
    assert pings([text, *mrkdwn_texts(blocks)]) == []
    assert card in "".join(mrkdwn_texts(blocks))  # the answer whole


def test_the_reproduction_is_refused_in_the_modal_with_the_reason(slack, fake_slack, services):
    ask_dm(slack, fake_slack, "UASK1", DRONE)
    modal = open_answer_modal(slack, fake_slack)
    before = len(fake_slack.calls_to("chat.postMessage"))
    answer = "&" * 2800
    assert not drafts.problems(drafts.DraftInput("Drones", answer))  # the modal's own check passes

    result = submit_answer(slack, modal, title="Drones", answer=answer).json()

    assert result["response_action"] == "errors"
    error = result["errors"]["answer"]
    assert "14000 characters" in error and "Slack counts each &, < and >" in error
    assert drafts.listing(engine=services.engine) == []
    assert len(fake_slack.calls_to("chat.postMessage")) == before


def test_an_answer_full_of_escapes_that_fits_reaches_the_asker_whole(slack, fake_slack, services):
    ask_dm(slack, fake_slack, "UASK1", DRONE)
    modal = open_answer_modal(slack, fake_slack)
    room = render.SECTION_LIMIT - len(render.card_text("Drones", ""))
    answer = "Call 911 & <!channel> " + "&" * ((room - 40) // 5)
    before = len(fake_slack.calls_to("chat.postMessage"))
    assert submit_answer(slack, modal, title="Drones", answer=answer).body == ""

    reply = next_call(
        fake_slack, "chat.postMessage", lambda c: c.params["channel"] == "DUASK1", before
    )
    assert reply.status == 200
    assert render.card_text("Drones", answer) in "".join(mrkdwn_texts(reply.params["blocks"]))
    eventually(lambda: len(drafts.listing(engine=services.engine)) == 1, what="the draft")


def test_an_answer_longer_than_one_section_is_sent_in_several_not_cut():
    """answer_message itself never cuts (an entry from YAML may be longer than a draft can)."""
    entry = Entry(id="long-one", kind="faq", title="T", answer="&" * 2800)
    blocks, _ = gap_views.answer_message(entry, "what about this?")
    sent = "".join(b["text"]["text"] for b in blocks[1:] if b["type"] == "section")
    assert sent == render.card_text("T", "&" * 2800)
    assert all(len(b["text"]["text"]) <= render.SECTION_LIMIT for b in blocks if "text" in b)
