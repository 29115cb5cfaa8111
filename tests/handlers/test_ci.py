"""`/ci` routing: a mistyped subcommand ("trainings water") is pointed to the one meant, rather
than asked as a question, abstained on and recorded as a knowledge gap; a real question that
starts with a word like a subcommand is still a question."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.core.models import Question
from tests.support.flows import command

USER = "UPARTNER"
CHANNEL = "CASK"


def asked(services) -> list[str]:
    with Session(services.engine) as session:
        return [q.text for q in session.exec(select(Question))]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("trainings water", "training"),
        ("traning dams", "training"),
        ("sector", "sectors"),
        ("sectors?", "sectors"),
        ("contact dams", "contacts"),
        ("subscrbe water digest daily", "subscribe"),
        ("unsubscibe all", "unsubscribe"),
        ("shre", "share"),
    ],
)
def test_a_near_miss_subcommand_gets_did_you_mean(slack, fake_slack, services, typed, meant):
    reply = command(slack, fake_slack, USER, CHANNEL, typed).params["text"]
    assert reply.startswith(f"Did you mean `/ci {meant}`?")
    assert asked(services) == []  # not a question, not a knowledge gap


@pytest.mark.parametrize(
    "typed",
    [
        "training for water?",  # the subcommand itself
        "trainings for our new staff in march",  # words after it that are no sector
        "sector leads for dams",
        "who leads the dams sector",
    ],
)
def test_questions_and_real_subcommands_are_not_pointed_elsewhere(
    slack, fake_slack, services, typed
):
    reply = command(slack, fake_slack, USER, CHANNEL, typed).params["text"]
    assert "Did you mean `/ci" not in reply


def test_ask_is_never_pointed_to_itself(slack, fake_slack, services):
    reply = command(slack, fake_slack, USER, CHANNEL, "ask water").params["text"]
    assert "Did you mean" not in reply
    assert asked(services) == ["water"]
