"""The buttons of an answer card act for whom they are meant, and a rating belongs to the card it
was pressed on: through signed clicks, as Slack sends them."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.answering import cards
from bot.core.models import Feedback, Question
from bot.curation import gaps, report
from tests.conftest import STAFF
from tests.support.flows import (
    all_text,
    ask_dm,
    ask_in_channel,
    button_values,
    buttons,
    next_call,
    open_home,
)
from tests.support.slack_requests import block_action, new_ts

AMBIGUOUS = "active shooter training"  # the online course and CISA's workshops both fit
DID_YOU_MEAN = f"{cards.DID_YOU_MEAN}_0"


def click(slack, fake_slack, user: str, channel: str, action: str, value: str, name: str):
    """`user` presses a button; the reply to their response_url."""
    slack.send_interaction(
        block_action(action, value, user, channel, new_ts(), fake_slack.response_url(name))
    )
    return next_call(fake_slack, "response_url", lambda c: c.name == name)


def question(services) -> Question:
    with Session(services.engine) as session:
        return session.exec(select(Question)).one()


def test_someone_elses_did_you_mean_click_shows_them_the_entry_and_changes_nothing(
    slack, fake_slack, services
):
    _, card = ask_in_channel(slack, fake_slack, "UASKER", "CPUBLIC", AMBIGUOUS)
    value = buttons(card.params["blocks"])[DID_YOU_MEAN]
    first_shown = question(services).entry_id
    chosen = value.partition(":")[2]

    # Anyone in the channel can press a public card's buttons.
    other = click(slack, fake_slack, "UOTHER", "CPUBLIC", DID_YOU_MEAN, value, "other")
    assert other.params["response_type"] == "ephemeral"
    assert other.params["replace_original"] is False
    title = services.matcher.index.by_id(chosen).title
    assert title in all_text(other.params["blocks"])
    asked = question(services)
    assert (asked.entry_id, asked.swapped) == (first_shown, False)

    mine = click(slack, fake_slack, "UASKER", "CPUBLIC", DID_YOU_MEAN, value, "mine")
    assert mine.params["replace_original"] is True
    asked = question(services)
    assert (asked.entry_id, asked.swapped, asked.answered) == (chosen, True, True)


def test_a_forged_click_cannot_take_someone_elses_question_off_the_knowledge_gaps(
    slack, fake_slack, services
):
    ask_dm(slack, fake_slack, "UASKER", "best energy drink")
    gap = question(services)
    assert not gap.answered
    forged = f"{gap.id}:sector-energy"
    reply = click(slack, fake_slack, "UFORGER", "CELSEWHERE", DID_YOU_MEAN, forged, "forged")
    assert reply.params["response_type"] == "ephemeral"
    assert "Energy Sector" in all_text(reply.params["blocks"])
    assert not question(services).answered
    top, open_questions = gaps.top_gaps(engine=services.engine)
    assert open_questions == 1 and top[0].anchor.id == gap.id
    # A question id that does not exist changes nothing either, and fails nothing.
    missing = click(
        slack, fake_slack, "UFORGER", "CELSEWHERE", DID_YOU_MEAN, "999999:sector-dams", "x"
    )
    assert missing.params["response_type"] == "ephemeral"


def test_a_rating_belongs_to_the_card_it_was_pressed_on_and_home_and_report_agree(
    slack, fake_slack, services
):
    first = ask_dm(slack, fake_slack, "URATER", AMBIGUOUS)
    first_blocks = first.params["blocks"]
    shown_first = question(services).entry_id
    swap = buttons(first_blocks)[DID_YOU_MEAN]
    swapped = click(slack, fake_slack, "URATER", first.params["channel"], DID_YOU_MEAN, swap, "s")
    chosen = swap.partition(":")[2]
    assert button_values(swapped.params["blocks"], cards.HELPFUL) == [
        f"{swap.split(':')[0]}:{chosen}"
    ]

    # Helpful on the card swapped in, then Not helpful on the card as first shown.
    helpful = buttons(swapped.params["blocks"])[cards.HELPFUL]
    click(slack, fake_slack, "URATER", first.params["channel"], cards.HELPFUL, helpful, "h")
    not_helpful = buttons(first_blocks)[cards.NOT_HELPFUL]
    click(slack, fake_slack, "URATER", first.params["channel"], cards.NOT_HELPFUL, not_helpful, "n")

    with Session(services.engine) as session:
        ratings = session.exec(select(Feedback).order_by(Feedback.id)).all()
    assert [(r.entry_id, r.helpful) for r in ratings] == [(chosen, True), (shown_first, False)]
    home = all_text(open_home(slack, fake_slack, STAFF)["blocks"])
    assert "1 rated not helpful" in home
    figures = report.usage(engine=services.engine, index=services.matcher.index).total
    assert (figures.helpful, figures.not_helpful) == (1, 1)
    assert "helpful 50 % of 2 rating(s)" in report.figures_line(figures)
