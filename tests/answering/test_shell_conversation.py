"""`partnerbot shell` drives the same handlers: what a new user tried there now gets the right
replies, follow-ups included, and small talk leaves no knowledge gap."""

from __future__ import annotations

import io

import pytest
from pydantic import SecretStr
from sqlmodel import Session, create_engine, select

from bot.answering import replies
from bot.core.config import Settings
from bot.core.models import Question
from bot.runtime.shell import run_shell


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_new_users_first_conversation_in_the_shell(database_url):
    typed = [
        "hi",
        "help",
        "😀🔥🚒",
        "\x1b[A",
        "any training for water utilities?",
        "and for dams?",
        "not helpful",
        "thanks!",
    ]
    settings = Settings(
        _env_file=None, database_url=database_url, slack_bot_token=SecretStr("xoxb-unused")
    )
    out = io.StringIO()
    assert run_shell(settings, lines=io.StringIO("\n".join(typed) + "\n"), out=out) == 0
    printed = out.getvalue()
    # hi and the emoji; the escape sequence is stripped by the shell and never sent
    assert printed.count("Hi! I answer questions about the 16") == 2
    assert "`/ci help`: this list." in printed  # "help" is /ci help
    assert "Training for all sectors" in printed
    assert "I have no training specific to the Water and Wastewater Systems Sector" in printed
    assert "I have no training specific to the Dams Sector" in printed  # the topic was kept
    assert replies.MISSED in printed  # "not helpful" asks for the question again
    assert replies.THANKS in printed
    assert replies.NOTED not in printed
    with Session(create_engine(database_url)) as session:
        asked = session.exec(select(Question)).all()
    assert [q.answered for q in asked] == [True, True]  # the two lists; no gap


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_message_of_a_reply_is_printed_before_the_next_line_is_read(database_url):
    settings = Settings(
        _env_file=None, database_url=database_url, slack_bot_token=SecretStr("xoxb-unused")
    )
    typed = "who leads energy and is there ICS training?\n/ci contacts dams\n"
    out = io.StringIO()
    assert run_shell(settings, lines=io.StringIO(typed), out=out) == 0
    printed = out.getvalue()
    energy, ics = printed.index("Energy Sector\n"), printed.index("ICS Cybersecurity (301)")
    assert energy < ics < printed.index("Contacts for the Dams Sector")
