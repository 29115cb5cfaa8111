"""The knowledge-gap loop end to end: partners ask what the bot cannot answer, staff answer it
once from the Home tab, every asker hears it in their thread (or DM), and once the draft is
approved the bot answers the same question itself, in this process and in every other one."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from sqlmodel import Session, select

from bot.answering import cards
from bot.answering.live_knowledge import CHECK_EVERY_SECONDS
from bot.core.config import Settings
from bot.core.models import Question, utcnow
from bot.curation import drafts, gaps
from bot.curation import views as gap_views
from bot.curation.gaps import GapQuestion
from bot.home import view as home
from bot.services import Services
from tests.conftest import STAFF, make_settings
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import (
    all_text,
    ask_dm,
    ask_in_channel,
    button_values,
    buttons,
    click_card,
    click_home,
    command,
    metadata,
    open_home,
    posts_to,
    republished,
)
from tests.support.slack_requests import SlackSender, view_submission

OTHER_STAFF = "USTAFF2"
DRONE = "how do I report a drone flying over our reservoir"
DRONES = "How do I report drones flying over our reservoirs?"
ANSWER_TITLE = "Reporting a drone over a reservoir"
ANSWER_TEXT = (
    "If anyone is in danger, call 911. Otherwise report the drone to local police & the FAA; "
    "<!channel> please keep photos."
)
I_DONT_KNOW = "I don't know that one yet"


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return make_settings(database_url, fake_slack, PARTNERBOT_STAFF_USERS=f"{STAFF},{OTHER_STAFF}")


# -- driving the loop -------------------------------------------------------------------------


def open_answer_modal(slack: SlackSender, fake: FakeSlack, user: str = STAFF) -> dict:
    """Staff open the Home tab and press "Answer" on the biggest gap; returns the modal."""
    view = open_home(slack, fake, user)
    anchor = button_values(view["blocks"], gap_views.ANSWER)[0]
    before = len(fake.calls_to("views.open"))
    click_home(slack, user, gap_views.ANSWER, anchor)
    return fake.wait_for("views.open", count=before + 1)[before].params["view"]


def initial_values(modal: dict) -> dict[str, str | None]:
    return {
        b["block_id"]: b["element"].get("initial_value")
        for b in modal["blocks"]
        if b["type"] == "input"
    }


def submit_answer(
    slack: SlackSender,
    modal: dict,
    *,
    user: str = STAFF,
    title: str = ANSWER_TITLE,
    answer: str = ANSWER_TEXT,
    questions: str | None = None,
    sector: str | None = None,
    source: str | None = None,
):
    values = {
        "title": {"value": title},
        "answer": {"value": answer},
        "sector": {
            "value": {
                "type": "static_select",
                "selected_option": {"value": sector} if sector else None,
            }
        },
        "source": {"value": {"type": "url_text_input", "value": source}},
        "questions": {
            "value": questions if questions is not None else initial_values(modal)["questions"]
        },
    }
    return slack.send_interaction(
        view_submission(gap_views.ANSWER_CALLBACK, values, user, modal["private_metadata"])
    )


def answered(slack: SlackSender, fake: FakeSlack, modal: dict, **typed) -> dict:
    """Submit a valid answer; returns the staff's Home view republished afterwards (the last
    thing the app does, after posting to the askers and the receipt)."""
    user = typed.get("user", STAFF)
    before = len(fake.calls_to("views.publish"))
    result = submit_answer(slack, modal, **typed)
    assert (result.status, result.body) == (200, "")
    return republished(fake, user, before)


def answer_and_approve(slack: SlackSender, fake: FakeSlack, services) -> drafts.DraftEntry:
    """Staff answer the biggest gap and approve the draft; returns it, approved."""
    answered(slack, fake, open_answer_modal(slack, fake))
    [draft] = drafts.listing(engine=services.engine)
    before = len(fake.calls_to("views.publish"))
    click_home(slack, STAFF, home.DRAFT_APPROVE, str(draft.id))
    republished(fake, STAFF, before)
    [approved] = drafts.listing(engine=services.engine, statuses=["approved"])
    return approved


def questions_in_db(services) -> list[Question]:
    with Session(services.engine) as session:
        return list(session.exec(select(Question).order_by(Question.id)).all())


def reply_text(call: Call) -> str:
    return all_text(call.params["blocks"]) + "\n" + call.params["text"]


# -- the loop ---------------------------------------------------------------------------------


def test_a_staff_answer_reaches_every_asker_then_the_bot_answers_the_next_one(
    slack, fake_slack, services
):
    thread_ts, first = ask_in_channel(slack, fake_slack, "UASK1", "CFIELD", DRONE)
    assert I_DONT_KNOW in all_text(first.params["blocks"])
    ask_dm(slack, fake_slack, "UASK2", DRONES)
    command(slack, fake_slack, "UASK3", "CFIELD", DRONE + "?")

    modal = open_answer_modal(slack, fake_slack)
    assert modal["callback_id"] == gap_views.ANSWER_CALLBACK
    asked = questions_in_db(services)
    assert metadata(modal) == {"anchor": asked[0].id}
    initial = initial_values(modal)
    assert initial["title"] == DRONE
    assert initial["questions"].splitlines() == [DRONE, DRONES]  # DRONE + "?" is no new wording
    assert "3 question(s) from 3 partner(s)" in all_text(modal["blocks"])

    posts = len(fake_slack.calls_to("chat.postMessage"))
    view = answered(slack, fake_slack, modal)  # then the gap is gone, the draft is listed

    in_thread = posts_to(fake_slack, "CFIELD", posts)
    in_dm = posts_to(fake_slack, "DUASK2", posts)
    by_dm = posts_to(fake_slack, "UASK3", posts)  # the /ci answer was private: a DM reaches them
    assert in_thread.params["thread_ts"] == thread_ts
    assert "thread_ts" not in in_dm.params and "thread_ts" not in by_dm.params
    for reply, question in ((in_thread, DRONE), (in_dm, DRONES), (by_dm, DRONE + "?")):
        text = reply_text(reply)
        assert f"answered your question* “{question}”" in text
        assert ANSWER_TITLE in text
        assert "local police &amp; the FAA; &lt;!channel&gt; please keep photos" in text
        assert "<!channel>" not in text
    receipt = posts_to(fake_slack, STAFF, posts)
    assert "to 3 asker(s)" in receipt.params["text"]
    [draft] = drafts.listing(engine=services.engine)
    assert button_values(view["blocks"], gap_views.ANSWER) == []
    assert button_values(view["blocks"], home.DRAFT_APPROVE) == [str(draft.id)]
    assert (draft.status, draft.author_id, draft.title) == ("draft", STAFF, ANSWER_TITLE)
    assert draft.questions == [DRONE, DRONES]
    assert {(q.draft_id, q.resolved_at is not None) for q in questions_in_db(services)} == {
        (draft.id, True)
    }

    # A draft is not served before a staff member approves it.
    assert I_DONT_KNOW in all_text(ask_dm(slack, fake_slack, "UASK4", DRONE).params["blocks"])

    before = len(fake_slack.calls_to("views.publish"))
    click_home(slack, STAFF, home.DRAFT_APPROVE, str(draft.id))
    view = republished(fake_slack, STAFF, before)
    assert "1 approved draft(s) are served now" in all_text(view["blocks"])

    answer = ask_dm(slack, fake_slack, "UASK5", DRONE)
    assert ANSWER_TITLE in all_text(answer.params["blocks"])
    assert cards.HELPFUL in buttons(answer.params["blocks"])
    latest = questions_in_db(services)[-1]
    assert (latest.user_id, latest.answered, latest.entry_id) == ("UASK5", True, draft.entry_id)


def test_another_process_serves_an_approved_draft_without_a_restart(
    slack, fake_slack, services, settings
):
    other = Services.start(settings)  # a second `serve` process on the same database
    try:
        assert not other.matcher.match(DRONE).answered
        ask_dm(slack, fake_slack, "UASK1", DRONE)
        draft = answer_and_approve(slack, fake_slack, services)
        # The other process checks the drafts' version at most once a second.
        deadline = time.monotonic() + 3 * CHECK_EVERY_SECONDS
        while not (served := other.matcher.match(DRONES)).answered:
            assert time.monotonic() < deadline, "the other process never served the draft"
            time.sleep(0.05)
        assert served.best.entry.id == draft.entry_id
    finally:
        other.outbox.stop()
        other.engine.dispose()


def test_a_discarded_draft_is_never_served(slack, fake_slack, services):
    ask_dm(slack, fake_slack, "UASK1", DRONE)
    answered(slack, fake_slack, open_answer_modal(slack, fake_slack))
    [draft] = drafts.listing(engine=services.engine)
    before = len(fake_slack.calls_to("views.publish"))
    click_home(slack, STAFF, home.DRAFT_DISCARD, str(draft.id))
    view = republished(fake_slack, STAFF, before)
    assert button_values(view["blocks"], home.DRAFT_APPROVE) == []
    [discarded] = drafts.listing(engine=services.engine, statuses=["discarded"])
    assert discarded.approver_id == STAFF
    assert I_DONT_KNOW in all_text(ask_dm(slack, fake_slack, "UASK2", DRONE).params["blocks"])


def test_a_not_helpful_answer_is_a_gap_and_its_asker_gets_the_staff_answer(
    slack, fake_slack, services
):
    card = ask_dm(slack, fake_slack, "UASK1", "who leads the energy sector")
    click_card(slack, fake_slack, "UASK1", card, cards.NOT_HELPFUL)
    modal = open_answer_modal(slack, fake_slack)
    assert "1 question(s) from 1 partner(s)" in all_text(modal["blocks"])
    before = len(fake_slack.calls_to("chat.postMessage"))
    answered(slack, fake_slack, modal, title="Who leads the Energy Sector", sector="energy")
    reply = posts_to(fake_slack, "DUASK1", before)
    assert "Who leads the Energy Sector" in reply_text(reply)
    [draft] = drafts.listing(engine=services.engine)
    assert draft.sector == "energy"


def test_an_answer_submitted_twice_reaches_the_askers_once(slack, fake_slack, services):
    ask_dm(slack, fake_slack, "UASK1", DRONE)
    modal = open_answer_modal(slack, fake_slack)
    second_modal = open_answer_modal(slack, fake_slack, OTHER_STAFF)
    before = len(fake_slack.calls_to("chat.postMessage"))
    answered(slack, fake_slack, modal)

    late = submit_answer(slack, second_modal, user=OTHER_STAFF, title="Another wording").json()

    assert late["response_action"] == "errors"
    assert "answered already" in late["errors"]["answer"]
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")[before:]] == [
        "DUASK1",
        STAFF,
    ]
    assert [d.title for d in drafts.listing(engine=services.engine)] == [ANSWER_TITLE]


def test_two_answers_racing_past_the_check_store_one_draft(services, monkeypatch):
    with Session(services.engine) as session:
        session.add(Question(user_id="UASK1", surface="dm", text=DRONE, answered=False))
        session.commit()
    [question] = questions_in_db(services)
    seen_by_both = gaps.gap_for(engine=services.engine, anchor_id=question.id)

    def answer(title: str):
        return gaps.answer_gap(
            engine=services.engine,
            anchor_id=question.id,
            draft=drafts.DraftInput(title, "An answer."),
            author_id=STAFF,
            knowledge_ids=services.knowledge.entry_ids,
        )

    first = answer("First")
    # The second staff member's check ran before the first answer was stored.
    monkeypatch.setattr(gaps, "gap_for", lambda **_: seen_by_both)
    second = answer("Second")

    assert [q.id for q in first.questions] == [question.id]
    assert second is None
    assert [d.title for d in drafts.listing(engine=services.engine)] == ["First"]
    assert questions_in_db(services)[0].draft_id == first.draft.id


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"answer": "   "}, "answer"),
        ({"title": ""}, "title"),
        ({"answer": "x" * (drafts.ANSWER_LIMIT + 1)}, "answer"),
        ({"source": "ftp://example.org/file"}, "source"),
    ],
    ids=["blank answer", "no title", "long answer", "not a web link"],
)
def test_an_invalid_answer_is_refused_inline_and_nothing_is_sent(
    slack, fake_slack, services, typed, field
):
    ask_dm(slack, fake_slack, "UASK1", DRONE)
    modal = open_answer_modal(slack, fake_slack)
    before = len(fake_slack.calls_to("chat.postMessage"))
    result = submit_answer(slack, modal, **typed).json()
    assert result["response_action"] == "errors"
    assert list(result["errors"]) == [field]
    assert drafts.listing(engine=services.engine) == []
    assert questions_in_db(services)[0].resolved_at is None
    assert len(fake_slack.calls_to("chat.postMessage")) == before


def test_an_asker_slack_refuses_does_not_stop_the_others(slack, fake_slack, services):
    ask_dm(slack, fake_slack, "UASK1", DRONE)
    ask_dm(slack, fake_slack, "UASK2", DRONES)
    modal = open_answer_modal(slack, fake_slack)

    def post(call: Call) -> dict:
        if call.params["channel"] == "DUASK1":
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": call.params["channel"], "ts": "1700000001.000100"}

    fake_slack.set_response("chat.postMessage", post)
    before = len(fake_slack.calls_to("chat.postMessage"))
    answered(slack, fake_slack, modal)
    receipt = posts_to(fake_slack, STAFF, before)
    assert "to 1 asker(s) (1 could not be reached)" in receipt.params["text"]
    assert posts_to(fake_slack, "DUASK2", before).status == 200


# -- grouping near-duplicates (pure) ----------------------------------------------------------

START = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def gap_question(
    number: int, text: str, user: str = "U1", answered: bool = False, not_helpful: bool = False
) -> GapQuestion:
    asked = START + dt.timedelta(minutes=number)
    return GapQuestion(number, text, user, asked, answered, not_helpful)


def test_near_duplicates_are_grouped_with_their_counts():
    grouped = gaps.group(
        [
            gap_question(1, "How do I report a drone flying over our reservoir?"),
            gap_question(2, "what is the parking policy at the annual summit", "U3"),
            gap_question(3, "how do i report drones flying over our reservoirs", "U2"),
            gap_question(4, "who leads the energy sector", "U4", answered=True, not_helpful=True),
            gap_question(5, "HOW DO I REPORT A DRONE FLYING OVER OUR RESERVOIR", "U1"),
            gap_question(6, "  what is the parking policy at the annual summit?? ", "U5"),
        ]
    )
    summary = [(g.anchor.id, g.count, g.askers, g.unanswered, g.not_helpful) for g in grouped]
    assert summary == [(1, 3, 2, 3, 0), (2, 2, 2, 2, 0), (4, 1, 1, 0, 1)]
    assert grouped[0].phrasings == (
        "How do I report a drone flying over our reservoir?",
        "how do i report drones flying over our reservoirs",
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("who leads the dams sector", "who leads the energy sector"),
        ("what is cipac", "what is tlp"),
        ("how do I report a drone over a reservoir", "how do I report a cyber incident"),
    ],
)
def test_different_questions_stay_apart(one, other):
    grouped = gaps.group([gap_question(1, one), gap_question(2, other)])
    assert [g.count for g in grouped] == [1, 1]


def test_the_biggest_gap_comes_first_then_the_most_recent():
    grouped = gaps.group(
        [
            gap_question(1, "old single question about hotels"),
            gap_question(2, "what is the parking policy"),
            gap_question(3, "newer single question about ports"),
            gap_question(4, "what is the parking policy?"),
        ]
    )
    assert [g.anchor.id for g in grouped] == [2, 3, 1]


def test_replies_go_to_the_thread_the_dm_or_a_new_dm_once_each():
    def question(number, surface, channel, thread, user="U1"):
        return Question(
            id=number,
            user_id=user,
            channel_id=channel,
            thread_ts=thread,
            surface=surface,
            text=f"q{number}",
            answered=False,
            asked_at=utcnow(),
        )

    targets = gaps.reply_targets(
        [
            question(1, "mention", "C1", "111.1"),
            question(2, "mention", "C1", "111.1", user="U2"),  # the same thread: one reply
            question(3, "dm", "DU1", None),
            question(4, "dm", "DU1", None),  # asked twice in a DM: one reply
            question(5, "command", "C9", None, user="U3"),
            question(6, "shell", "DLOCAL", None, user="U4"),
        ]
    )
    assert [(t.channel, t.thread_ts, t.question) for t in targets] == [
        ("C1", "111.1", "q1"),
        ("DU1", None, "q3"),
        ("U3", None, "q5"),
        ("DLOCAL", None, "q6"),
    ]


def test_the_answer_modal_round_trips_what_staff_typed():
    grouped = gaps.group([gap_question(1, DRONE), gap_question(2, DRONES, "U2")])
    modal = gap_views.answer_modal(grouped[0], sector="dams")
    sector_block = next(b for b in modal["blocks"] if b.get("block_id") == "sector")
    assert sector_block["element"]["initial_option"]["value"] == "dams"
    state = {
        "title": {"value": {"value": "  A title  "}},
        "answer": {"value": {"value": "An answer"}},
        "questions": {"value": {"value": f"{DRONE}\n\n  {DRONES}  \n{DRONE.upper()}"}},
        "sector": {"value": {"selected_option": {"value": "dams"}}},
        "source": {"value": {"value": "https://example.org/drones"}},
    }
    typed = gap_views.draft_from_state(state)
    assert typed == drafts.DraftInput(
        "  A title  ", "An answer", (DRONE, DRONES), "dams", "https://example.org/drones"
    )
    assert json.loads(modal["private_metadata"]) == {"anchor": 1}
