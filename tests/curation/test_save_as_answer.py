"""*Save as answer*, a message shortcut, end to end: staff turn a reply in a thread into a draft
entry, prefilled with the thread's question (read with conversations.replies) and the reply;
the draft then follows the draft approval path. Only staff may; a forged use changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.config import Settings
from bot.curation import capture, drafts, revisions
from bot.home import view as home
from handlers.replies import NOT_STAFF
from tests.conftest import STAFF, make_settings
from tests.curation.editing import initial, opened_modal, refused, reply_to, saved
from tests.support.fake_slack import FakeSlack
from tests.support.flows import all_text, ask_dm, click_home, posts_to, republished
from tests.support.slack_requests import message_shortcut, view_submission

PARTNER = "UPARTNER"
CHANNEL = "CFIELD"
THREAD = "1700000100.000100"
REPLY_TS = "1700000200.000200"
QUESTION = "Who do I call about a drone over our <https://www.dhs.gov/dams|dam>? <!here>"
READ_QUESTION = "Who do I call about a drone over our dam (https://www.dhs.gov/dams)?"
REPLY = "Call 911 if anyone is in danger; otherwise tell <@U0LOCALPD> &amp; the FAA."
READ_REPLY = "Call 911 if anyone is in danger; otherwise tell @U0LOCALPD & the FAA."


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return make_settings(database_url, fake_slack)


def thread_of(fake: FakeSlack, text: str = QUESTION) -> None:
    """conversations.replies answers with the thread's first message."""
    fake.set_response(
        "conversations.replies",
        {"ok": True, "messages": [{"type": "message", "text": text, "ts": THREAD}]},
    )


def use_shortcut(slack, fake, user: str, *, thread: str | None = THREAD) -> str:
    """`user` chooses *Save as answer* on the reply; returns the response_url's name."""
    name = f"save-{user}-{thread}"
    payload = message_shortcut(
        capture.SAVE_SHORTCUT,
        user,
        CHANNEL,
        REPLY,
        message_ts=REPLY_TS,
        message_user="U0ANYONE",
        response_url=fake.response_url(name),
    )
    if thread:
        payload["message"]["thread_ts"] = thread
    result = slack.send_interaction(payload)
    assert (result.status, result.body) == (200, "")
    return name


def save_form(slack, fake, user: str = STAFF, **shortcut) -> dict:
    before = len(fake.calls_to("views.open"))
    use_shortcut(slack, fake, user, **shortcut)
    return opened_modal(fake, before)


def values_of(modal: dict, **typed) -> dict:
    values = {}
    for block, shown in initial(modal).items():
        value = typed.get(block, shown)
        if block == "sector":
            option = {"value": value} if value else None
            values[block] = {"value": {"type": "static_select", "selected_option": option}}
        elif block == "source":
            values[block] = {"value": {"type": "url_text_input", "value": value}}
        else:
            values[block] = {"value": {"type": "plain_text_input", "value": value}}
    return values


def submit(slack, modal: dict, user: str = STAFF, **typed):
    payload = view_submission(capture.SAVE_CALLBACK, values_of(modal, **typed), user, "{}")
    return slack.send_interaction(payload)


def draft_saved(slack, fake, modal: dict, **typed) -> None:
    """Submit the form and see it accepted; return once the app is done with it (the last
    thing it does is republish the author's Home tab)."""
    before = len(fake.calls_to("views.publish"))
    saved(submit(slack, modal, **typed))
    republished(fake, STAFF, before)


def test_a_reply_in_a_thread_becomes_a_draft_then_an_answer(slack, fake_slack, services):
    thread_of(fake_slack)
    modal = save_form(slack, fake_slack)
    [read] = fake_slack.calls_to("conversations.replies")
    assert (read.params["channel"], read.params["ts"]) == (CHANNEL, THREAD)
    shown = initial(modal)
    assert shown["title"] == READ_QUESTION
    assert shown["answer"] == READ_REPLY
    assert shown["questions"] == READ_QUESTION
    assert shown["sector"] == "dams"  # the question names one sector

    before = len(fake_slack.calls_to("chat.postMessage"))
    draft_saved(slack, fake_slack, modal, title="Reporting a drone over a dam")
    receipt = posts_to(fake_slack, STAFF, before)
    [draft] = drafts.listing(engine=services.engine)
    assert f"as the draft entry `{draft.entry_id}`" in receipt.params["text"]
    assert (draft.status, draft.author_id, draft.sector) == ("draft", STAFF, "dams")
    assert (draft.answer, draft.questions) == (READ_REPLY, [READ_QUESTION])

    # The existing approval path: a draft is served once a staff member approves it.
    assert "Call 911" not in all_text(ask_dm(slack, fake_slack, PARTNER, READ_QUESTION).params)
    published = len(fake_slack.calls_to("views.publish"))
    click_home(slack, STAFF, home.DRAFT_APPROVE, str(draft.id))
    republished(fake_slack, STAFF, published)
    answer = ask_dm(slack, fake_slack, PARTNER, "who do I call about a drone over our dam")
    assert "Call 911 if anyone is in danger" in all_text(answer.params["blocks"])


def test_a_message_that_is_no_reply_leaves_the_question_to_staff(slack, fake_slack, services):
    modal = save_form(slack, fake_slack, thread=None)
    assert fake_slack.calls_to("conversations.replies") == []
    assert initial(modal)["questions"] is None
    assert initial(modal)["title"] == READ_REPLY
    assert "not a reply in a thread" in all_text(modal["blocks"])


def test_a_thread_slack_will_not_read_still_opens_the_form(slack, fake_slack, services):
    fake_slack.set_response("conversations.replies", {"ok": False, "error": "missing_scope"})
    modal = save_form(slack, fake_slack)
    assert initial(modal)["answer"] == READ_REPLY
    assert initial(modal)["questions"] is None


def test_only_staff_may_save_an_answer(slack, fake_slack, services):
    thread_of(fake_slack)
    refusal = use_shortcut(slack, fake_slack, PARTNER)
    assert reply_to(fake_slack, refusal).params["text"] == NOT_STAFF
    assert fake_slack.calls_to("conversations.replies") == []
    assert fake_slack.calls_to("views.open") == []

    modal = save_form(slack, fake_slack)  # a staff member's form, submitted by a partner
    errors = refused(submit(slack, modal, PARTNER))
    assert errors == {"answer": NOT_STAFF}
    assert drafts.listing(engine=services.engine) == []


@pytest.mark.parametrize(
    ("typed", "field", "says"),
    [
        ({"source": "https://en.wikipedia.org/wiki/Dam"}, "source", "not an official page"),
        ({"answer": ""}, "answer", "Write the answer"),
        ({"title": "T" * 151}, "title", "under 150 characters"),
    ],
)
def test_a_bad_draft_is_refused_in_the_form(slack, fake_slack, services, typed, field, says):
    thread_of(fake_slack)
    errors = refused(submit(slack, save_form(slack, fake_slack), **typed))
    assert list(errors) == [field] and says in errors[field]
    assert drafts.listing(engine=services.engine) == []


def test_a_saved_answer_never_takes_a_retired_entrys_id(slack, fake_slack, services):
    retired = services.knowledge.base("faq-srma-role")
    assert revisions.retire(engine=services.engine, base=retired, actor_id=STAFF)
    thread_of(fake_slack)
    draft_saved(slack, fake_slack, save_form(slack, fake_slack), title="SRMA role")
    [draft] = drafts.listing(engine=services.engine)
    assert draft.entry_id == "faq-srma-role-2"


# -- pure --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slack_text", "read"),
    [
        (
            "see <https://www.cisa.gov/dams|the dams page>",
            "see the dams page (https://www.cisa.gov/dams)",
        ),
        ("see <https://www.cisa.gov/dams>", "see https://www.cisa.gov/dams"),
        ("mail <mailto:a@cisa.gov|a@cisa.gov>", "mail a@cisa.gov"),
        ("ask <@U123|jane> in <#C1|dams-team>", "ask @U123 in #dams-team"),
        ("<!channel> heads up", "heads up"),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
    ],
)
def test_a_message_reads_as_a_person_reads_it(slack_text, read):
    assert capture.readable(slack_text) == read


@given(question=st.text(max_size=5000), reply=st.text(max_size=20000))
def test_the_save_form_fits_slacks_limits_whatever_the_thread(question, reply):
    modal = capture.save_modal(question, reply, None)
    for block in modal["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        value = element.get("initial_value") or ""
        assert len(value) <= min(element.get("max_length", 3000), 3000)


def test_the_same_title_saved_twice_gets_the_next_id(services):
    typed = drafts.DraftInput("Reporting a drone", "Call the FAA.")
    ids = [
        capture.save(
            engine=services.engine, draft=typed, author_id=STAFF, knowledge_ids=frozenset()
        ).entry_id
        for _ in range(2)
    ]
    assert ids == ["faq-reporting-a-drone", "faq-reporting-a-drone-2"]
