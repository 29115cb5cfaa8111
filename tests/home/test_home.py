"""The App Home tab end to end: a signed `app_home_opened` in, the view the app
publishes (`views.publish`, recorded by the fake Slack) out; staff buttons on it; and the pure
composition within Slack's limits."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from sqlmodel import Session, select

from bot.core.config import Settings
from bot.core.models import Alert, DraftEntry, EntryRevision, Question, utcnow
from bot.core.render import VIEW_BLOCK_LIMIT
from bot.curation import drafts, entry_form, report, review_views, reviews
from bot.curation import views as gap_views
from bot.curation.gaps import Gap, GapQuestion
from bot.home import data as home_data
from bot.home import view as home
from bot.home.data import ChannelSubscriptions, HomeData, StaffHome
from bot.sharing import alerts
from bot.sharing import views as alert_views
from bot.sharing.alerts import AlertForm
from handlers.replies import NOT_STAFF
from knowledge.schema import SECTOR_SLUGS, Entry
from tests.conftest import REVIEW, STAFF, make_settings
from tests.support.fake_slack import FakeSlack
from tests.support.flows import (
    all_text,
    ask_dm,
    button_values,
    buttons,
    click_card,
    click_home,
    command,
    elements,
    knowledge_with,
    metadata,
    next_call,
    open_home,
    posts_to,
    republished,
    share,
)
from tests.support.slack_requests import app_home_opened, view_submission

PARTNER = "UPARTNER"
WATER = "water-and-wastewater"
STALE_ENTRIES = """\
- id: faq-grant-deadlines
  kind: faq
  title: Grant deadlines for sector partners
  answer: The grant rounds close in March.
  questions: [when are the grant deadlines]
  reviewed: 2024-01-15
- id: faq-winter-storm-hotline
  kind: faq
  title: The winter storm hotline
  answer: Call the winter storm hotline at 555-0100.
  questions: [what is the winter storm hotline number]
  reviewed: 2025-01-10
  expires: 2025-06-01
"""


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack, tmp_path) -> Settings:
    folder = knowledge_with(tmp_path / "knowledge", STALE_ENTRIES)
    return make_settings(database_url, fake_slack, PARTNERBOT_KNOWLEDGE_DIR=folder)


def member_of(fake: FakeSlack, *channels: str) -> None:
    """users.conversations answers that the user is in these channels."""
    fake.set_response(
        "users.conversations",
        {
            "ok": True,
            "channels": [{"id": c, "is_channel": True} for c in channels],
            "response_metadata": {"next_cursor": ""},
        },
    )


def pending_alert(slack, fake, services, title: str = "Drone seen near the intake") -> Alert:
    """A partner's submission, waiting for review."""
    share(slack, fake, PARTNER, title)
    return next(
        a for a in alerts.listing(engine=services.engine, statuses=["pending"]) if a.title == title
    )


def staff_sections_absent(text: str) -> None:
    for staff_only in ("Partnership office", "Moderation queue", "knowledge gaps", "Entries to"):
        assert staff_only not in text


# -- a partner's Home ------------------------------------------------------------------------


def test_a_partner_sees_how_to_use_the_bot_and_their_channels_subscriptions_only(
    slack, fake_slack, services
):
    command(slack, fake_slack, PARTNER, "CWATER", "subscribe water")
    command(slack, fake_slack, PARTNER, "CDAMS", "subscribe dams digest daily")
    command(slack, fake_slack, PARTNER, "COTHER", "subscribe energy")
    pending_alert(slack, fake_slack, services)  # staff material exists, and must not show
    ask_dm(slack, fake_slack, "UASKER", "how do I report a drone flying over our reservoir")
    member_of(fake_slack, "CWATER", "CDAMS", "CQUIET")

    view = open_home(slack, fake_slack, PARTNER)

    assert view["type"] == "home"
    text = all_text(view["blocks"])
    for example in (
        "`@partnerbot who is the SSA for dams?`",
        "`/ci share`",
        "*Share as alert*",
        "`/ci subscribe water dams`",
        "`/ci training energy`",
    ):
        assert example in text
    assert "<#CWATER>: Water and Wastewater Systems Sector: alerts, weekly digest" in text
    assert "<#CDAMS>: Dams Sector: daily digest" in text
    assert "COTHER" not in text and "CQUIET" not in text
    staff_sections_absent(text)
    assert elements(view["blocks"]) == []  # not one staff button
    [lookup] = fake_slack.calls_to("users.conversations")
    assert lookup.params["user"] == PARTNER


def test_a_partner_in_no_subscribed_channel_is_told_how_to_subscribe(slack, fake_slack):
    member_of(fake_slack, "CQUIET")
    text = all_text(open_home(slack, fake_slack, PARTNER)["blocks"])
    assert "None of your channels is subscribed" in text
    assert "`/ci subscribe water`" in text


def test_when_slack_cannot_list_the_channels_the_home_still_opens(slack, fake_slack):
    fake_slack.set_response("users.conversations", {"ok": False, "error": "internal_error"})
    text = all_text(open_home(slack, fake_slack, PARTNER)["blocks"])
    assert "couldn't list your channels" in text
    assert "`/ci share`" in text


def test_a_users_channels_are_asked_of_slack_once_for_several_opens(slack, fake_slack, monkeypatch):
    command(slack, fake_slack, PARTNER, "CWATER", "subscribe water")
    fake_slack.set_response("users.conversations", {"ok": False, "error": "internal_error"})
    view = open_home(slack, fake_slack, PARTNER)
    assert "couldn't list your channels" in all_text(view["blocks"])

    member_of(fake_slack, "CWATER")  # a failed lookup was not kept: Slack is asked again
    for _ in range(3):
        text = all_text(open_home(slack, fake_slack, PARTNER)["blocks"])
        assert "<#CWATER>: Water and Wastewater Systems Sector" in text
    assert len(fake_slack.calls_to("users.conversations")) == 2

    monkeypatch.setattr(home_data, "MEMBERSHIP_SECONDS", 0.0)  # the kept list has expired
    open_home(slack, fake_slack, PARTNER)
    assert len(fake_slack.calls_to("users.conversations")) == 3


def test_the_messages_tab_publishes_nothing(slack, fake_slack):
    result = slack.send_event(app_home_opened(PARTNER, tab="messages"))
    assert result.status == 200
    fake_slack.assert_no_calls("views.publish")


# -- the staff Home --------------------------------------------------------------------------


def staff_world(slack, fake_slack, services) -> dict:
    """A submission waiting for review, two delivered alerts, knowledge gaps, one rating."""
    command(slack, fake_slack, STAFF, "CWATER", "subscribe water")
    command(slack, fake_slack, STAFF, "CSHARED", "subscribe water amber")
    command(slack, fake_slack, STAFF, "CINSIDE", "subscribe water amber")
    fake_slack.set_channel("CSHARED", is_ext_shared=True)
    share(slack, fake_slack, STAFF, "Green advisory", tlp="GREEN")
    share(slack, fake_slack, STAFF, "Amber advisory", tlp="AMBER")
    services.outbox.run_due()
    pending = pending_alert(slack, fake_slack, services, "Partner <!channel> sighting")
    ask_dm(slack, fake_slack, "UASK1", "how do I report a drone flying over our reservoir")
    ask_dm(slack, fake_slack, "UASK2", "How do I report drones flying over our reservoirs?")
    ask_dm(slack, fake_slack, "UASK3", "what is the parking policy at the annual summit")
    card = ask_dm(slack, fake_slack, "UASK4", "who leads the energy sector")
    click_card(slack, fake_slack, "UASK4", card, "answer_not_helpful")
    return {"pending": pending}


def test_staff_see_queue_alerts_gaps_stale_entries_and_figures(slack, fake_slack, services):
    world = staff_world(slack, fake_slack, services)
    member_of(fake_slack, "CWATER")

    view = open_home(slack, fake_slack, STAFF)
    blocks = view["blocks"]
    text = all_text(blocks)

    assert len(blocks) <= VIEW_BLOCK_LIMIT
    # the moderation queue, with the submission escaped and its buttons
    pending = world["pending"]
    assert "*Moderation queue*: 1 waiting" in text
    assert "Partner &lt;!channel&gt; sighting" in text and "<!channel>" not in text
    assert button_values(blocks, alert_views.APPROVE) == [str(pending.id)]
    assert button_values(blocks, alert_views.REJECT) == [str(pending.id)]
    # the last alerts, with their deliveries by status
    green, amber = alerts.listing(engine=services.engine, statuses=["published"])
    assert f"#{green.id} TLP:GREEN *Green advisory* [published]: 3 sent" in text
    assert f"#{amber.id} TLP:AMBER *Amber advisory* [published]: 1 sent, 1 withheld" in text
    sighting = f"#{pending.id} TLP:GREEN *Partner &lt;!channel&gt; sighting* [pending]"
    assert f"{sighting}: no deliveries" in text
    # the gaps: near-duplicates grouped with counts, the "Not helpful" one too
    assert "*Top knowledge gaps*: 4 open question(s)" in text
    assert "2 question(s) from 2 partner(s) · 2 unanswered" in text
    assert "1 question(s) from 1 partner(s) · 1 rated not helpful" in text
    with Session(services.engine) as session:
        questions = {q.text: q.id for q in session.exec(select(Question)).all()}
    drone = questions["how do I report a drone flying over our reservoir"]
    assert button_values(blocks, gap_views.ANSWER)[0] == str(drone)  # the biggest gap first
    assert len(button_values(blocks, gap_views.ANSWER)) == 3
    # entries due for review, the longest stale first, each with Edit
    assert "expired or not reviewed in 365 days" in text
    stale = [line for line in text.splitlines() if "`faq-" in line and ": " in line]
    assert stale[:2] == [
        "*Grant deadlines for sector partners* `faq-grant-deadlines`: last reviewed 2024-01-15",
        "*The winter storm hotline* `faq-winter-storm-hotline`: expired 2025-06-01",
    ]
    assert button_values(blocks, entry_form.EDIT)[:2] == [
        "faq-grant-deadlines",
        "faq-winter-storm-hotline",
    ]
    # usage figures: 4 asked, 1 answered, 3 abstained, 1 rating of 1 not helpful
    assert "4 asked, 1 answered (25 %), 3 abstained; helpful 0 % of 1 rating(s)" in text
    assert "• Energy Sector: 1 asked, 1 answered (100 %)" in text
    assert f"• {report.week_of(utcnow())}: 4 asked" in text


def test_staff_approve_a_submission_from_home_then_the_home_is_republished(
    slack, fake_slack, services
):
    command(slack, fake_slack, STAFF, "CWATER", "subscribe water")
    alert = pending_alert(slack, fake_slack, services)
    open_home(slack, fake_slack, STAFF)
    before = len(fake_slack.calls_to("views.publish"))

    click_home(slack, STAFF, alert_views.APPROVE, str(alert.id))

    view = republished(fake_slack, STAFF, before)
    assert "Nothing is waiting for review" in all_text(view["blocks"])
    assert alert_views.APPROVE not in buttons(view["blocks"])
    assert alerts.get(engine=services.engine, alert_id=alert.id).status == "published"
    [card_update] = fake_slack.wait_for("chat.update")
    assert card_update.params["channel"] == REVIEW  # the review channel's card is closed too
    next_call(
        fake_slack,
        "chat.postMessage",
        lambda c: c.params["channel"] == PARTNER and "was approved" in c.params["text"],
    )
    assert services.outbox.run_due() == 1


def test_staff_reject_from_home_asks_for_the_reason_then_republishes(slack, fake_slack, services):
    alert = pending_alert(slack, fake_slack, services)
    click_home(slack, STAFF, alert_views.REJECT, str(alert.id))
    [opened] = fake_slack.wait_for("views.open")
    modal = opened.params["view"]
    assert metadata(modal) == {"alert_id": alert.id, "home": True}

    before = len(fake_slack.calls_to("views.publish"))
    result = slack.send_interaction(
        view_submission(
            alert_views.REJECT_CALLBACK,
            {"reason": {"value": "Not confirmed"}},
            STAFF,
            modal["private_metadata"],
        )
    )
    assert (result.status, result.body) == (200, "")
    view = republished(fake_slack, STAFF, before)
    assert "Nothing is waiting for review" in all_text(view["blocks"])
    assert alerts.get(engine=services.engine, alert_id=alert.id).status == "rejected"


def test_a_decision_already_taken_elsewhere_just_refreshes_the_home(slack, fake_slack, services):
    alert = pending_alert(slack, fake_slack, services)
    alerts.approve(engine=services.engine, alert_id=alert.id, reviewer_id="UOTHERSTAFF")
    before = len(fake_slack.calls_to("views.publish"))
    click_home(slack, STAFF, alert_views.APPROVE, str(alert.id))
    republished(fake_slack, STAFF, before)
    told = posts_to(fake_slack, STAFF)
    assert told.params["text"] == "That submission was already approved by <@UOTHERSTAFF>."
    fake_slack.assert_no_calls("chat.update")


# -- a partner cannot use the staff views or buttons ----------------------------------------


def add_draft(services, title: str = "How to report a drone") -> DraftEntry:
    with Session(services.engine) as session:
        row = drafts.add(
            session,
            draft=drafts.DraftInput(title, "Call local law enforcement.", ("report a drone",)),
            author_id=STAFF,
            knowledge_ids=services.knowledge.entry_ids,
        )
        session.commit()
        session.refresh(row)
        return row


def test_forged_staff_clicks_and_submissions_from_a_partner_change_nothing(
    slack, fake_slack, services, caplog
):
    alert = pending_alert(slack, fake_slack, services)
    ask_dm(slack, fake_slack, "UASK1", "how do I report a drone flying over our reservoir")
    with Session(services.engine) as session:
        question = session.exec(select(Question)).one()
    draft = add_draft(services)
    forged = [
        (gap_views.ANSWER, str(question.id), "answer a knowledge gap"),
        (alert_views.APPROVE, str(alert.id), "approve"),
        (alert_views.REJECT, str(alert.id), "reject"),
        (home.DRAFT_APPROVE, str(draft.id), "approve a draft"),
        (home.DRAFT_DISCARD, str(draft.id), "discard a draft"),
    ]
    before = len(fake_slack.calls_to("chat.postMessage"))
    with caplog.at_level(logging.WARNING):
        for action_id, value, _ in forged:
            click_home(slack, PARTNER, action_id, value)
        refusals = fake_slack.wait_for("chat.postMessage", count=before + len(forged))[before:]
        result = slack.send_interaction(
            view_submission(
                gap_views.ANSWER_CALLBACK,
                {"title": {"value": "Mine"}, "answer": {"value": "A partner's own answer."}},
                PARTNER,
                json.dumps({"anchor": question.id}),
            )
        )

    assert [(r.params["channel"], r.params["text"]) for r in refusals] == [
        (PARTNER, NOT_STAFF)
    ] * len(forged)
    assert result.json() == {"response_action": "errors", "errors": {"answer": NOT_STAFF}}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    for _, _, what in [*forged, (None, None, "answer a knowledge gap")]:
        assert any(what in w and PARTNER in w for w in warnings), (what, warnings)
    fake_slack.assert_no_calls("views.open")
    fake_slack.assert_no_calls("chat.update")
    assert alerts.get(engine=services.engine, alert_id=alert.id).status == "pending"
    [unchanged] = drafts.listing(engine=services.engine)
    assert (unchanged.status, unchanged.approver_id) == ("draft", None)
    with Session(services.engine) as session:
        assert session.get(Question, question.id).resolved_at is None
    assert len(fake_slack.calls_to("chat.postMessage")) == before + len(forged)


# -- many items: the block limit holds -------------------------------------------------------


def test_the_home_stays_within_100_blocks_with_many_gaps_and_alerts(slack, fake_slack, services):
    for number in range(30):
        alerts.submit(
            engine=services.engine,
            form=AlertForm(f"Submission {number} " + "x" * 120, "d" * 2500, (WATER,), "GREEN"),
            author_id=PARTNER,
            staff=False,
        )
    with Session(services.engine) as session:
        for number in range(60):
            # distinct topics: every question is its own gap
            text = f"question {number} about {SECTOR_SLUGS[number % 16]} " + "q" * number
            session.add(Question(user_id=f"U{number}", surface="dm", text=text, answered=False))
        session.commit()
    for number in range(12):
        add_draft(services, f"Draft number {number}")

    view = open_home(slack, fake_slack, STAFF)

    assert len(view["blocks"]) <= VIEW_BLOCK_LIMIT
    text = all_text(view["blocks"])
    assert "*Moderation queue*: 30 waiting" in text
    assert "… and 25 more in <#CREVIEW>" in text
    assert len(button_values(view["blocks"], gap_views.ANSWER)) == home.GAPS_SHOWN
    assert "Some items did not fit" not in text


def _alert(number: int) -> Alert:
    return Alert(
        id=number,
        title="T" * 150,
        details="D" * 2500,
        sectors=list(SECTOR_SLUGS),
        tlp="AMBER+STRICT",
        author_id="U" * 20,
        status="pending",
        created_at=utcnow(),
    )


def _gap(number: int) -> Gap:
    asked = utcnow()
    questions = tuple(
        GapQuestion(number * 100 + i, f"<!channel> {'w' * 400} {i}", f"U{i}", asked, i % 2, True)
        for i in range(5)
    )
    return Gap(questions)


def _draft(number: int) -> DraftEntry:
    return DraftEntry(
        id=number,
        entry_id=f"faq-{'a' * 48}-{number}",
        title="A" * 150,
        answer="B" * 2800,
        questions=["q"] * 30,
        author_id=STAFF,
        created_at=utcnow(),
        updated_at=utcnow(),
    )


def _change(number: int) -> EntryRevision:
    before = {"id": "faq-x", "kind": "faq", "title": "T" * 150, "answer": "a" * 2800}
    return EntryRevision(
        id=number,
        entry_id=f"faq-{'c' * 48}-{number}",
        before=before,
        after={**before, "title": "<!channel> " + "U" * 140, "answer": "b" * 2800},
        author_id=STAFF,
        created_at=utcnow(),
    )


def _crowded_home() -> HomeData:
    today = utcnow().date()
    old = [
        Entry(
            id=f"faq-old-{n}", kind="faq", title="O" * 200, answer="a", reviewed=dt.date(2020, 1, 1)
        )
        for n in range(500)
    ]
    asked = [
        report.Asked(
            utcnow() - dt.timedelta(weeks=n % 52), n % 3 == 0, SECTOR_SLUGS[n % 16], (True,)
        )
        for n in range(1000)
    ]
    staff = StaffHome(
        pending=[_alert(n) for n in range(50)],
        recent=[(_alert(n), {"sent": 10**6, "pending": 3, "withheld": 2}) for n in range(20)],
        gaps=[_gap(n) for n in range(200)],
        open_questions=10**6,
        drafts=[_draft(n) for n in range(100)],
        served_drafts=40,
        due=reviews.due_entries(old, today, 365),
        usage=report.summarise(asked),
        review_channel=REVIEW,
        changes=[_change(n) for n in range(40)],
        unanswered=10**6,
    )
    channels = [
        ChannelSubscriptions(f"C{n:08d}", ("Water: alerts, weekly digest",) * 16)
        for n in range(300)
    ]
    return HomeData(channels, staff)


def _limits_held(node, path="view") -> None:
    """Slack's limits on every section text, button text and value below `node`."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _limits_held(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "section":
        assert len(node["text"]["text"]) <= 3000, path
    if node.get("type") == "button":
        assert len(node["text"]["text"]) <= 75, path
        assert len(node.get("value", "")) <= 2000, path
    if node.get("type") == "header":
        assert len(node["text"]["text"]) <= 150, path
    for key, value in node.items():
        _limits_held(value, f"{path}.{key}")


def test_a_crowded_home_is_composed_within_slacks_limits():
    view = home.home_view(_crowded_home())
    assert len(view["blocks"]) <= VIEW_BLOCK_LIMIT
    assert "Some items did not fit" not in all_text(view["blocks"])
    _limits_held(view["blocks"])
    block_ids = [b["block_id"] for b in view["blocks"] if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    text = all_text(view["blocks"])
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert len(button_values(view["blocks"], gap_views.ANSWER)) == home.GAPS_SHOWN
    assert len(button_values(view["blocks"], alert_views.APPROVE)) == home.QUEUE_SHOWN
    assert len(button_values(view["blocks"], home.DRAFT_APPROVE)) == home.DRAFTS_SHOWN
    assert len(button_values(view["blocks"], review_views.APPROVE)) == home.CHANGES_SHOWN
    assert len(button_values(view["blocks"], entry_form.EDIT)) == home.STALE_SHOWN


def test_a_partner_home_has_no_staff_part_even_when_data_is_there():
    crowded = _crowded_home()
    view = home.home_view(HomeData(crowded.channels, staff=None))
    staff_sections_absent(all_text(view["blocks"]))
    assert elements(view["blocks"]) == []
    assert len(view["blocks"]) <= VIEW_BLOCK_LIMIT


def test_fit_cuts_an_oversized_view_and_says_so():
    too_many = home.guide_blocks() * 30
    fitted = home.fit(too_many)
    assert len(fitted) == VIEW_BLOCK_LIMIT
    assert "Some items did not fit" in all_text([b.to_dict() for b in fitted[-1:]])
