"""Questions through Slack's real protocol: signed requests in, Web API calls out to a fake."""

from __future__ import annotations

import urllib.request

import pytest
from sqlmodel import Session, select

from bot.answering import cards
from bot.core.models import Feedback, Question
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import (
    SlackSender,
    app_mention,
    block_action,
    dm,
    new_ts,
    retry_headers,
)


def _section_text(blocks: list[dict]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def _buttons(blocks: list[dict]) -> dict[str, str]:
    return {
        e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]
    }


def test_a_mention_is_answered_in_its_thread(slack: SlackSender, fake_slack: FakeSlack, services):
    ts = new_ts()
    status, _, _ = slack.send_event(
        app_mention("<@UBOT> who is the SSA for dams?", "U1", "C1", ts=ts)
    )
    assert status == 200
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C1"
    assert post.params["thread_ts"] == ts
    assert "Dams Sector" in _section_text(post.params["blocks"])
    with Session(services.engine) as session:
        question = session.exec(select(Question)).one()
    assert (question.surface, question.entry_id, question.answered) == (
        "mention",
        "sector-dams",
        True,
    )
    assert question.text == "who is the SSA for dams?"


def test_a_direct_message_gets_an_answer_in_the_dm(slack: SlackSender, fake_slack: FakeSlack):
    slack.send_event(dm("email for cyber hygiene signup", "U2", channel="D2"))
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "D2"
    assert "thread_ts" not in post.params
    assert "vulnerability@cisa.dhs.gov" in _section_text(post.params["blocks"])


def test_an_out_of_scope_question_gets_the_honest_no_answer(
    slack: SlackSender, fake_slack: FakeSlack, services
):
    slack.send_event(dm("how often should I water my lawn", "U3", channel="D3"))
    [post] = fake_slack.wait_for("chat.postMessage")
    assert "I don't know that one yet" in _section_text(post.params["blocks"])
    assert cards.HELPFUL not in _buttons(post.params["blocks"])
    with Session(services.engine) as session:
        assert session.exec(select(Question)).one().answered is False


def test_ci_answers_privately_with_a_post_in_channel_button(
    slack: SlackSender, fake_slack: FakeSlack
):
    status, body, _ = slack.send_command(
        "who leads the water sector",
        user_id="U4",
        channel_id="C4",
        response_url=fake_slack.response_url("cmd"),
    )
    assert status == 200 and body == ""  # acked at once, the answer follows via response_url
    [reply] = fake_slack.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "Water" in _section_text(reply.params["blocks"])
    assert cards.POST_IN_CHANNEL in _buttons(reply.params["blocks"])


def test_ci_ask_and_help(slack: SlackSender, fake_slack: FakeSlack):
    slack.send_command(
        "ask what is TLP:AMBER",
        user_id="U5",
        channel_id="C5",
        response_url=fake_slack.response_url("ask"),
    )
    slack.send_command(
        "help", user_id="U5", channel_id="C5", response_url=fake_slack.response_url("help")
    )
    replies = fake_slack.wait_for("response_url", count=2)
    by_name = {r.name: r for r in replies}
    assert "AMBER" in _section_text(by_name["ask"].params["blocks"])
    help_text = _section_text(by_name["help"].params["blocks"])
    for command in ("/ci ask", "/ci sectors", "/ci training", "/ci resources", "/ci contacts"):
        assert command in help_text


def test_ci_sectors_lists_all_sixteen_with_their_leads(slack: SlackSender, fake_slack: FakeSlack):
    slack.send_command(
        "sectors", user_id="U6", channel_id="C6", response_url=fake_slack.response_url()
    )
    [reply] = fake_slack.wait_for("response_url")
    text = _section_text(reply.params["blocks"])
    assert text.count("•") == 16
    assert "Energy" in text and "DOE" in text


def test_ci_training_for_a_misspelt_sector_and_for_an_unknown_one(
    slack: SlackSender, fake_slack: FakeSlack
):
    slack.send_command(
        "training comercial facilities",
        user_id="U7",
        channel_id="C7",
        response_url=fake_slack.response_url("good"),
    )
    slack.send_command(
        "training moon bases",
        user_id="U7",
        channel_id="C7",
        response_url=fake_slack.response_url("bad"),
    )
    replies = {r.name: r for r in fake_slack.wait_for("response_url", count=2)}
    assert "IS-907" in _section_text(replies["good"].params["blocks"])
    assert "water-and-wastewater" in replies["bad"].params["text"]


def _answer_then_click(slack, fake_slack, question: str, button: str) -> tuple[dict, object]:
    slack.send_event(dm(question, "U8", channel="D8"))
    [post] = fake_slack.wait_for("chat.postMessage")
    value = _buttons(post.params["blocks"])[button]
    fake_slack.reset()
    slack.send_interaction(
        block_action(button, value, "U8", "D8", new_ts(), fake_slack.response_url("click"))
    )
    [reply] = fake_slack.wait_for("response_url")
    return post.params, reply


def test_helpful_and_not_helpful_are_recorded(slack: SlackSender, fake_slack: FakeSlack, services):
    _, reply = _answer_then_click(slack, fake_slack, "who leads the energy sector", cards.HELPFUL)
    assert "glad" in reply.params["text"]
    _, reply = _answer_then_click(slack, fake_slack, "what is cipac", cards.NOT_HELPFUL)
    assert "review" in reply.params["text"]
    with Session(services.engine) as session:
        feedback = session.exec(select(Feedback).order_by(Feedback.id)).all()
    assert [(f.helpful, f.entry_id) for f in feedback] == [
        (True, "sector-energy"),
        (False, "body-cipac"),
    ]


def test_did_you_mean_swaps_in_the_chosen_entry(
    slack: SlackSender, fake_slack: FakeSlack, services
):
    # Ambiguous on purpose: the online course and CISA's workshops both fit.
    first, reply = _answer_then_click(
        slack, fake_slack, "active shooter training", f"{cards.DID_YOU_MEAN}_0"
    )
    chosen = _buttons(first["blocks"])[f"{cards.DID_YOU_MEAN}_0"].split(":")[1]
    assert reply.params["replace_original"] is True
    title = services.matcher.index.by_id(chosen).title
    assert title in _section_text(reply.params["blocks"])
    with Session(services.engine) as session:
        question = session.exec(select(Question)).one()
    assert (question.entry_id, question.swapped) == (chosen, True)


def test_a_forged_signature_is_refused(slack: SlackSender, fake_slack: FakeSlack):
    status, _, _ = slack.send_event(
        app_mention("<@UBOT> who leads dams", "U9", "C9"), signature="v0=forged"
    )
    assert status == 401
    fake_slack.assert_no_calls("chat.postMessage")


def test_healthz_answers_when_the_database_does(slack: SlackSender):
    url = slack.url.replace("/slack/events", "/healthz")
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200


def test_post_in_channel_shares_the_answer_and_removes_the_private_copy(
    slack: SlackSender, fake_slack: FakeSlack
):
    slack.send_command(
        "what is the NICC",
        user_id="U10",
        channel_id="C10",
        response_url=fake_slack.response_url("cmd"),
    )
    [private] = fake_slack.wait_for("response_url")
    value = _buttons(private.params["blocks"])[cards.POST_IN_CHANNEL]
    fake_slack.reset()
    click = block_action(
        cards.POST_IN_CHANNEL, value, "U10", "C10", new_ts(), fake_slack.response_url("click")
    )
    click["container"]["is_ephemeral"] = True
    slack.send_interaction(click)
    shared, deleted = fake_slack.wait_for("response_url", count=2)
    assert shared.params["response_type"] == "in_channel"
    assert "NICC" in _section_text(shared.params["blocks"])
    assert cards.POST_IN_CHANNEL not in _buttons(shared.params["blocks"])
    assert deleted.params["delete_original"] is True


def test_a_retried_event_is_answered_once(slack: SlackSender, fake_slack: FakeSlack):
    event = app_mention("<@UBOT> who leads the energy sector", "U11", "C11")
    for attempt in range(3):
        headers = retry_headers(attempt) if attempt else None
        status, _, _ = slack.send_event(event, event_id="Ev0RETRIED", headers=headers)
        assert status == 200
    fake_slack.wait_for("chat.postMessage")
    with pytest.raises(AssertionError):  # no second reply arrives
        fake_slack.wait_for("chat.postMessage", count=2, timeout=0.5)
