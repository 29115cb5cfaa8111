"""The assistant pane (Agents & AI Apps) through signed events: the greeting and suggested
prompts, a status while the bot looks, the thread's title, answers and follow-ups kept per
thread, feedback, each message answered once; the fake Slack records every call."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.answering import cards, lists
from bot.answering.replies import ASSISTANT_GREETING, LOOKING
from bot.core.models import Feedback, Question
from handlers.assistant import PROMPTS_TITLE
from knowledge.answers import listing
from tests.support.flows import buttons
from tests.support.slack_requests import (
    assistant_message,
    assistant_thread_context_changed,
    block_action,
    new_ts,
    retry_headers,
)
from tests.support.talking import AssistantThread, section_text, shown


def _calls_in(fake_slack, method: str, thread: AssistantThread) -> list:
    return [
        call
        for call in fake_slack.calls_to(method)
        if call.params.get("channel_id", call.params.get("channel")) == thread.channel
        and call.params.get("thread_ts") == thread.thread_ts
    ]


def test_a_new_thread_is_greeted_with_questions_from_the_knowledge_base(
    slack, fake_slack, services
):
    thread = AssistantThread(slack, fake_slack, services.engine, "UPANE1")
    assert thread.greeting.params["text"] == ASSISTANT_GREETING
    [suggested] = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")
    assert suggested.status == 200  # the fake refuses a call without a thread or > 4 prompts
    assert suggested.params["channel_id"] == thread.channel
    assert suggested.params["thread_ts"] == thread.thread_ts
    assert suggested.params["title"] == PROMPTS_TITLE
    prompts = suggested.params["prompts"]
    samples = {q.lower(): e for e in services.matcher.index.entries for q in e.questions}
    entries = [samples[prompt["message"].lower()] for prompt in prompts]
    assert {e.kind for e in entries} == {"sector", "contact", "training", "resource"}
    for prompt, entry in zip(prompts, entries, strict=True):
        assert prompt["message"].startswith(prompt["title"].rstrip("…"))
        # Each prompt, once sent, gets its own entry's card.
        [reply] = thread.say(prompt["message"])
        assert shown(reply) == ("card", entry.id)


def test_a_question_gets_a_status_an_answer_and_a_title_then_follow_ups_keep_the_thread(
    slack, fake_slack, services
):
    thread = AssistantThread(slack, fake_slack, services.engine, "UPANE2")
    [answer] = thread.say("*who* leads the dams sector? :ocean:")
    assert shown(answer) == ("card", "sector-dams")
    [status] = _calls_in(fake_slack, "assistant.threads.setStatus", thread)
    assert status.params["status"] == LOOKING
    methods = [c.method for c in fake_slack.calls]
    assert methods.index("assistant.threads.setStatus") < fake_slack.calls.index(answer)
    [title] = _calls_in(fake_slack, "assistant.threads.setTitle", thread)
    assert title.params["title"] == "who leads the dams sector?"

    [follow_up] = thread.say("and for water?")
    assert shown(follow_up) == ("card", "sector-water-and-wastewater")
    [training] = thread.say("any training for that?")
    index = services.matcher.index
    expected = lists.browse_blocks(
        listing(index, "training", ["water-and-wastewater"]), index.sector_titles
    )
    assert section_text(training.params["blocks"]) == "\n".join(b.text.text for b in expected)
    assert len(_calls_in(fake_slack, "assistant.threads.setTitle", thread)) == 1  # titled once
    assert len(_calls_in(fake_slack, "assistant.threads.setStatus", thread)) == 3


def test_each_assistant_thread_has_its_own_context(slack, fake_slack, services):
    first = AssistantThread(slack, fake_slack, services.engine, "UPANE3")
    second = AssistantThread(slack, fake_slack, services.engine, "UPANE3")
    assert first.channel == second.channel and first.thread_ts != second.thread_ts
    first.say("who leads the dams sector?")
    [in_second] = second.say("any training for that?")  # nothing before it in this thread
    index = services.matcher.index
    everything = lists.browse_blocks(listing(index, "training"), index.sector_titles)
    assert section_text(in_second.params["blocks"]) == "\n".join(b.text.text for b in everything)
    [in_first] = first.say("any training for that?")
    assert "Dams" in section_text(in_first.params["blocks"])


def test_a_message_is_answered_once_even_when_slack_retries_it(slack, fake_slack, services):
    thread = AssistantThread(slack, fake_slack, services.engine, "UPANE4")
    thread.say("what is the NICC?")
    event = assistant_message("what is the NICC?", thread.user, thread.thread_ts, thread.channel)
    before = len(fake_slack.calls_to("chat.postMessage"))
    for attempt in (1, 2):
        status, _, _ = slack.send_event(
            event, event_id="EvPANERETRY", headers=retry_headers(attempt)
        )
        assert status == 200
    fake_slack.wait_for("chat.postMessage", count=before + 1)
    with pytest.raises(AssertionError):
        fake_slack.wait_for("chat.postMessage", count=before + 2, timeout=0.5)
    with Session(services.engine) as session:
        asked = session.exec(select(Question)).all()
    assert [(q.surface, q.thread_ts) for q in asked] == [("assistant", thread.thread_ts)] * 2


def test_moving_to_another_channel_costs_no_call(slack, fake_slack, services):
    thread = AssistantThread(slack, fake_slack, services.engine, "UPANE5")
    thread.say("who leads the energy sector?")
    before = len(fake_slack.calls)
    event = assistant_thread_context_changed(thread.user, thread.channel, thread.thread_ts)
    assert slack.send_event(event).status == 200
    fake_slack.assert_no_calls("chat.update")
    fake_slack.assert_no_calls("conversations.replies")
    assert len(fake_slack.calls) == before


def test_feedback_on_an_assistant_answer_is_recorded_for_its_entry(slack, fake_slack, services):
    thread = AssistantThread(slack, fake_slack, services.engine, "UPANE6")
    [answer] = thread.say("who leads the energy sector?")
    value = buttons(answer.params["blocks"])[cards.NOT_HELPFUL]
    slack.send_interaction(
        block_action(
            cards.NOT_HELPFUL,
            value,
            thread.user,
            thread.channel,
            new_ts(),
            fake_slack.response_url("pane-feedback"),
        )
    )
    [thanks] = fake_slack.wait_for("response_url")
    assert "review" in thanks.params["text"]
    with Session(services.engine) as session:
        [rating] = session.exec(select(Feedback)).all()
    assert (rating.user_id, rating.helpful, rating.entry_id) == ("UPANE6", False, "sector-energy")
