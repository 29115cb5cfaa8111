"""`partnerbot shell` as a newcomer meets it: the banner and help say how to act as staff,
questions and buttons, the Home tab and its buttons (answering a knowledge gap through its
form), roles switched in place, and no control sequence in or out."""

from __future__ import annotations

import io
import logging
import re

import pytest
from sqlmodel import Session, select

from bot.cli import SHELL_REVIEW_CHANNEL, SHELL_USER, build_parser, main
from bot.core.db import make_engine
from bot.core.models import DraftEntry, Question
from bot.runtime.shell import CHANNEL, REVIEW_CHANNEL, USER, run_shell
from bot.runtime.shell.console import Console
from tests.support.shell import after, press, said_after, session, shell_settings

on_sqlite = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

GAP = "how do I report a drone flying over our reservoir"


def questions(database_url: str) -> list[str]:
    with Session(make_engine(database_url)) as session:
        return [q.text for q in session.exec(select(Question).order_by(Question.id))]


@on_sqlite
def test_home_shows_the_guide_and_the_shells_subscriptions(database_url):
    out = session(database_url, ["/ci subscribe dams", "/home"])
    home = said_after(out, "/home")
    assert home.startswith("bot (Home tab)>\n  PARTNERBOT")
    assert "/ci share" in home
    assert f"• #{CHANNEL}: Dams Sector: alerts, weekly digest" in home
    assert "PARTNERSHIP OFFICE" not in home


@on_sqlite
def test_staff_answer_a_gap_from_the_home_tab_through_its_form(database_url):
    answer = "Call local law enforcement first, then the FAA's drone hotline."
    out = session(
        database_url,
        [GAP, "/as staff", "/home", press("Answer"), "", answer, "", "", ""],
    )
    home = said_after(out, "/home")
    assert "PARTNERSHIP OFFICE" in home and GAP in home
    form = said_after(out, "!" + re.findall(r"\[!(\d+) Answer\]", home)[-1])
    assert "form “Answer a knowledge gap”" in form
    assert f"Title (what the entry is about) (Enter keeps “{GAP}”): " in form
    sent = after(out, "[Send answer]")
    assert "The partnership office answered your question" in sent
    assert answer in sent
    assert "Sent your answer “how do I report a drone" in sent
    assert "bot (Home tab)>" in sent  # the Home tab, published again without the gap
    with Session(make_engine(database_url)) as db:
        [draft] = db.exec(select(DraftEntry)).all()
    assert (draft.title, draft.answer, draft.author_id) == (GAP, answer, USER)


@on_sqlite
def test_a_partner_pressing_a_staff_button_changes_nothing(database_url):
    out = session(database_url, [GAP, "/as staff", "/home", "/as partner", press("Answer")])
    assert "Only partnership office staff can do that." in out
    assert "form “Answer a knowledge gap”" not in out


@on_sqlite
def test_questions_get_answer_cards_whose_buttons_press(database_url):
    out = session(database_url, ["who leads the dams sector?", press("Helpful")])
    card = said_after(out, "who leads the dams sector?")
    assert card.startswith("bot>\n") and "Dams" in card and "Helpful]" in card
    helpful = re.findall(r"\[!(\d+) Helpful\]", card)[0]
    assert "Thanks, glad it helped." in said_after(out, f"!{helpful}")


@on_sqlite
def test_the_banner_says_who_you_are_how_to_be_staff_and_the_review_channel(database_url):
    out = session(database_url, [])
    assert f"you are {USER}, a partner (/as staff to switch)" in out
    assert f"Partners' alerts go for review to #{REVIEW_CHANNEL}." in out
    staff = session(database_url, [], staff=True)
    assert f"you are {USER}, staff (/as partner to switch)" in staff


@on_sqlite
def test_a_configured_review_channel_is_kept(database_url):
    out = session(database_url, [], PARTNERBOT_REVIEW_CHANNEL="CREVIEWTEAM")
    assert "go for review to #CREVIEWTEAM." in out


@on_sqlite
def test_help_in_the_shell_and_after_ci_help_says_how_to_act_as_staff(database_url):
    out = session(database_url, ["/help", "/ci help"])
    assert "/as staff" in said_after(out, "/help") and "/as partner" in said_after(out, "/help")
    ci_help = said_after(out, "/ci help")
    assert "`/ci share`: share an alert" in ci_help
    assert "(In this shell: /as staff acts as partnership office staff" in ci_help


@on_sqlite
def test_as_staff_and_as_partner_switch_roles_in_place(database_url):
    out = session(database_url, ["/as staff", "/home", "/as partner", "/home", "/as boss"])
    assert "(you are ULOCALSHELL, staff, for this session)" in said_after(out, "/as staff")
    assert "PARTNERSHIP OFFICE" in said_after(out, "/home", 0)
    assert "PARTNERSHIP OFFICE" not in said_after(out, "/home", 1)
    assert "(/as staff or /as partner)" in said_after(out, "/as boss")


@on_sqlite
def test_user_acts_as_anyone(database_url):
    output = io.StringIO()
    settings = shell_settings(database_url)
    lines = io.StringIO("hello\n")
    assert run_shell(settings, lines=lines, out=output, user="UOTHERPERSON") == 0
    assert "you are UOTHERPERSON, a partner" in output.getvalue()


def test_cli_help_says_how_to_be_staff_in_the_shell(capsys):
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["shell", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--staff" in text and "/as staff" in text and "--user ID" in text
    assert (SHELL_USER, SHELL_REVIEW_CHANNEL) == (USER, REVIEW_CHANNEL)


@on_sqlite
def test_an_arrow_keys_escape_is_never_a_question(database_url):
    out = session(database_url, ["\x1b[A", "\x1b[A\x1b[B\x1bOA", "who leads the dams sector?"])
    assert questions(database_url) == ["who leads the dams sector?"]
    assert "\x1b" not in out


@on_sqlite
def test_a_pasted_colour_sequence_is_neither_sent_nor_echoed(database_url):
    out = session(
        database_url, ["\x1b[31mwho leads the dams sector?\x1b[0m", "/ci subscribe \x1b[1mdams"]
    )
    assert questions(database_url) == ["who leads the dams sector?"]
    assert "\x1b" not in out and "[31m" not in out
    assert "Dams Sector: subscribed" in said_after(out, "/ci subscribe dams")


def test_what_the_bot_prints_has_no_control_sequences():
    printed = io.StringIO()
    console = Console(io.StringIO(""), printed)
    console.write("alert \x1b[2J\x1b]0;pwned\x07title\x9b31m red\u202etxt.exe\x07 end")
    assert printed.getvalue() == "alert title redtxt.exe end\n"


@on_sqlite
def test_partnerbot_shell_staff_and_user_from_the_command_line(
    database_url, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("PARTNERBOT_STAFF_USERS", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("/home\n"))
    # The command sets up logging for a terminal; the root logger is put back afterwards.
    monkeypatch.setattr(logging.root, "handlers", list(logging.root.handlers))
    monkeypatch.setattr(logging.root, "level", logging.root.level)
    history = str(tmp_path / "history")
    assert main(["shell", "--staff", "--user", "u0abc", "--history", history]) == 0
    out = capsys.readouterr().out
    assert "you are U0ABC, staff (/as partner to switch)" in out
    assert "PARTNERSHIP OFFICE" in said_after(out, "/home")


def test_user_must_be_a_slack_user_id(capsys):
    with pytest.raises(SystemExit):
        main(["shell", "--user", "bob smith"])
    assert "not a Slack user id" in capsys.readouterr().err


@on_sqlite
def test_a_slash_word_the_shell_does_not_know_is_not_sent(database_url):
    out = session(database_url, ["/cinema tonight", "/cities"])
    assert "(the shell knows no /cinema: /help lists its commands)" in out
    assert "(the shell knows no /cities" in out
    assert questions(database_url) == []


@on_sqlite
@pytest.mark.parametrize("leaving", ["/quit", "quit", "Exit", "exit()"])
def test_quit_or_exit_typed_alone_leaves_and_is_never_a_question(database_url, leaving):
    output = io.StringIO()
    lines = io.StringIO(f"{leaving}\nwho leads dams\n")
    assert run_shell(shell_settings(database_url), lines=lines, out=output) == 0
    assert "Dams Sector" not in output.getvalue()
    assert questions(database_url) == []
