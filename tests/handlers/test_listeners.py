"""Listeners called directly, as module-level functions, with Bolt's arguments mocked: `Mock(Ack)`,
a say/respond that records, a fake Web API client, and a context holding the app's services."""

from __future__ import annotations

from unittest.mock import Mock

import pytest
from slack_bolt import Ack, Respond, Say, SetStatus, SetSuggestedPrompts, SetTitle
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlmodel import Session, select

from bot.answering import cards, replies
from bot.answering.answers import record_question
from bot.core.models import Feedback, Question
from handlers import CI, assistant, questions
from handlers.context import SERVICES
from tests.support.flows import all_text, buttons


@pytest.fixture
def context(services) -> dict:
    return {SERVICES: services}


def _question(services, user: str, entry_id: str | None) -> int:
    asked = Question(
        user_id=user, surface="dm", text="q", answered=entry_id is not None, entry_id=entry_id
    )
    return record_question(services.engine, asked)


def _stored(services, question_id: int) -> Question:
    with Session(services.engine) as session:
        return session.get(Question, question_id)


def test_did_you_mean_from_someone_else_is_theirs_alone(services, context):
    question_id = _question(services, "UASKER", "sector-energy")
    ack, respond = Mock(Ack), Mock(Respond)
    action = {"action_id": f"{cards.DID_YOU_MEAN}_0", "value": f"{question_id}:sector-dams"}

    questions.on_did_you_mean(ack, {"user": {"id": "UOTHER"}}, action, respond, context)

    ack.assert_called_once_with()
    [call] = respond.call_args_list
    assert call.kwargs["response_type"] == "ephemeral"
    assert call.kwargs["replace_original"] is False
    assert "Dams Sector" in all_text(call.kwargs["blocks"])
    assert (_stored(services, question_id).entry_id, _stored(services, question_id).swapped) == (
        "sector-energy",
        False,
    )

    questions.on_did_you_mean(Mock(Ack), {"user": {"id": "UASKER"}}, action, respond, context)
    assert respond.call_args.kwargs["replace_original"] is True
    assert _stored(services, question_id).entry_id == "sector-dams"


def test_a_rating_is_stored_for_the_entry_its_button_names(services, context):
    question_id = _question(services, "UASKER", "sector-chemical")  # swapped in since
    ack, respond = Mock(Ack), Mock(Respond)
    action = {
        "action_id": cards.NOT_HELPFUL,
        "value": f"{question_id}:sector-critical-manufacturing",
    }

    questions.on_feedback(ack, {"user": {"id": "UASKER"}}, action, respond, context)

    ack.assert_called_once_with()
    with Session(services.engine) as session:
        [rating] = session.exec(select(Feedback)).all()
    assert (rating.entry_id, rating.helpful) == ("sector-critical-manufacturing", False)
    assert "review" in respond.call_args.kwargs["text"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [("ask hi", replies.HELLO), ("ask what can you do", None), ("reset my password", None)],
)
def test_ci_ask_replies_by_kind_and_records_no_gap(words, expected, services, context):
    ack, respond = Mock(Ack), Mock(Respond)
    command = {"text": words, "user_id": "U1", "channel_id": "C1", "trigger_id": "t"}

    CI.on_ci(ack, command, respond, Mock(WebClient), context)

    ack.assert_called_once_with()
    [call] = respond.call_args_list
    text = all_text(call.kwargs["blocks"])
    if words.endswith("do"):
        assert text == CI.help_text()
    elif expected:
        assert text == expected
    else:
        assert text == replies.cannot()
    assert cards.HELPFUL not in buttons(call.kwargs["blocks"])
    with Session(services.engine) as session:
        assert session.exec(select(Question)).all() == []


def test_a_mention_is_answered_in_its_thread(services, context):
    say = Mock(Say)
    event = {
        "type": "app_mention",
        "user": "U1",
        "channel": "C1",
        "ts": "17.1",
        "text": "<@UBOT> who leads dams?",
    }

    questions.on_mention(event, say, context)

    [call] = say.call_args_list
    assert call.kwargs["thread_ts"] == "17.1"
    assert buttons(call.kwargs["blocks"])[cards.HELPFUL].endswith(":sector-dams")


def _refused(*args, **kwargs):
    raise SlackApiError(
        "refused",
        SlackResponse(
            client=None,
            http_verb="POST",
            api_url="",
            req_args={},
            data={"ok": False, "error": "not_allowed"},
            headers={},
            status_code=200,
        ),
    )


def test_the_assistant_answers_even_when_slack_refuses_its_status_and_title(services, context):
    say, set_title = Mock(Say), Mock(SetTitle, side_effect=_refused)
    set_status = Mock(SetStatus, side_effect=_refused)
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U1",
        "channel": "D1",
        "ts": "18.2",
        "thread_ts": "18.1",
        "text": "who leads the energy sector?",
    }

    assistant.on_user_message(event, say, set_status, set_title, context)

    assert [c.args for c in set_status.call_args_list] == [(replies.LOOKING,)]
    [call] = say.call_args_list
    assert buttons(call.kwargs["blocks"])[cards.HELPFUL].endswith(":sector-energy")
    assert [c.args for c in set_title.call_args_list] == [("who leads the energy sector?",)]


def test_a_new_assistant_thread_gets_a_greeting_and_prompts(services, context):
    say, suggest = Mock(Say), Mock(SetSuggestedPrompts)
    event = {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": "U1",
            "channel_id": "D1",
            "thread_ts": "19.1",
            "context": {},
        },
    }

    assistant.on_thread_started(event, say, suggest, context)

    assert [c.kwargs for c in say.call_args_list] == [{"text": replies.ASSISTANT_GREETING}]
    prompts = suggest.call_args.kwargs["prompts"]
    assert 1 <= len(prompts) <= 4
    assert all(set(prompt) == {"title", "message"} for prompt in prompts)
