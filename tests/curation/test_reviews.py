"""The weekly review end to end: each owner gets one message a week (a DM, or the review channel),
its buttons (Still correct, Suggest a change, Retire) act through signed requests, and the ledger
sends each week's message once, whatever the crashes, failures, downtime and second processes."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.core.config import Settings
from bot.core.models import EntryRevision, ReviewLedger, utcnow
from bot.core.render import MESSAGE_BLOCK_LIMIT
from bot.curation import drafts, entry_form, history, review_views, reviews, revisions
from bot.runtime import scheduler as scheduler_module
from bot.runtime.scheduler import DigestScheduler
from bot.services import Services
from handlers.replies import NOT_STAFF
from knowledge.schema import Entry
from tests.conftest import REVIEW, STAFF, make_settings
from tests.curation.editing import click, edit_saved, opened_modal, refused, reply_to, submit_edit
from tests.support.fake_slack import Call, FakeSlack
from tests.support.flows import (
    all_text,
    ask_dm,
    button_values,
    buttons,
    click_home,
    next_call,
    open_home,
)

OTHER_STAFF = "USTAFF2"
PARTNER = "UPARTNER"
# Monday 7 December 2026, 10:30 in New York: the week's review is due (from 10:00).
MONDAY = dt.datetime(2026, 12, 7, 15, 30, tzinfo=dt.UTC)
WEEK = "2026-W50"
KNOWLEDGE = """\
- id: faq-grant-deadlines
  kind: faq
  title: Grant deadlines for sector partners
  answer: The grant rounds close in March.
  questions: [when are the grant deadlines]
  owner: USTAFF
  reviewed: 2024-01-15
- id: faq-grant-portal
  kind: faq
  title: The grant portal
  answer: Apply through the grant portal.
  questions: [where do I apply for a grant]
  owner: USTAFF
  reviewed: 2026-11-30
- id: faq-winter-storm-hotline
  kind: faq
  title: The winter storm hotline
  answer: Call the winter storm hotline at 555-0100.
  questions: [what is the winter storm hotline number]
  owner: S0DAMS
  reviewed: 2025-01-10
  expires: 2025-06-01
- id: faq-dam-safety-visits
  kind: faq
  title: Dam safety visits
  answer: The dams team visits sites on request.
  questions: [can someone visit our dam]
  owner: Dams team
  reviewed: 2025-02-01
- id: faq-parking
  kind: faq
  title: Parking at the summit
  answer: Park in the north garage.
  questions: [where do I park at the summit]
  reviewed: 2025-03-01
- id: faq-partner-owned
  kind: faq
  title: A partner's own entry
  answer: Written with a partner.
  questions: [what did the partner write]
  owner: UPARTNER
  reviewed: 2025-04-01
"""


def small_knowledge(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entries.yaml").write_text(KNOWLEDGE, encoding="utf-8")
    return folder


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack, tmp_path) -> Settings:
    return make_settings(
        database_url,
        fake_slack,
        PARTNERBOT_STAFF_USERS=f"{STAFF},{OTHER_STAFF}",
        PARTNERBOT_KNOWLEDGE_DIR=small_knowledge(tmp_path / "knowledge"),
    )


def review_posts(fake: FakeSlack, after: int = 0) -> list[Call]:
    return [
        c
        for c in fake.calls_to("chat.postMessage")[after:]
        if c.params.get("text", "").endswith("to review")
    ]


def entry_ids(message: Call) -> list[str]:
    blocks = message.params["blocks"]
    return [
        e["value"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == review_views.STILL_CORRECT
    ]


def block_of(message: Call, entry_id: str) -> str:
    """The block id of the buttons for one entry of a review message."""
    for block in message.params["blocks"]:
        if block["type"] == "actions" and any(
            e.get("value") == entry_id for e in block["elements"]
        ):
            return block["block_id"]
    raise AssertionError(f"{entry_id} is not in the message")


def press(slack, fake, user: str, message: Call, action: str, entry_id: str) -> str:
    return click(slack, fake, user, message, action, entry_id, block_id=block_of(message, entry_id))


def ledger(services) -> list[ReviewLedger]:
    with Session(services.engine) as session:
        return list(session.exec(select(ReviewLedger).order_by(ReviewLedger.id)).all())


def by_channel(posts: list[Call]) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for post in posts:
        found.setdefault(post.params["channel"], []).append(entry_ids(post))
    return found


# -- one message per owner, once a week ----------------------------------------------------------


def test_each_owner_gets_one_message_a_week(slack, fake_slack, services):
    run = services.reviews.send_due(MONDAY)
    posts = review_posts(fake_slack)
    assert run.sent == 5 and len(posts) == 5
    assert by_channel(posts) == {
        STAFF: [["faq-grant-deadlines"]],  # a direct message; the fresh entry is not listed
        REVIEW: [
            ["faq-winter-storm-hotline"],
            ["faq-dam-safety-visits"],
            ["faq-parking"],
            ["faq-partner-owned"],
        ],
    }
    texts = [all_text(p.params["blocks"]) for p in posts]
    assert f"For <@{STAFF}>: these entries" in texts[0]
    assert "last reviewed 2024-01-15" in texts[0] and "not reviewed in 365 days" in texts[0]
    assert "For <!subteam^S0DAMS>" in texts[1] and "expired 2025-06-01" in texts[1]
    assert "For the team “Dams team”" in texts[2]
    assert "For the partnership office (entries with no owner)" in texts[3]
    assert f"For the owner `{PARTNER}` (not on the staff list)" in texts[4]
    assert f"<@{PARTNER}>" not in texts[4]
    assert buttons(posts[0].params["blocks"]) == {
        review_views.STILL_CORRECT: "faq-grant-deadlines",
        entry_form.EDIT: "faq-grant-deadlines",
        review_views.RETIRE: "faq-grant-deadlines",
    }

    # The same week again, later that day, on Friday, or from a second process: nothing more.
    assert services.reviews.send_due(MONDAY + dt.timedelta(hours=5)).already == 5
    assert services.reviews.send_due(MONDAY + dt.timedelta(days=4)).sent == 0
    assert len(review_posts(fake_slack)) == 5
    # The next week, whatever is still due goes out again.
    assert services.reviews.send_due(MONDAY + dt.timedelta(days=7)).sent == 5
    assert {row.week for row in ledger(services)} == {WEEK, "2026-W51"}


def test_two_processes_at_once_send_each_message_once(slack, fake_slack, services, settings):
    other = Services.start(settings)
    try:
        start = threading.Barrier(2)

        def run(deployment: Services) -> None:
            start.wait()
            deployment.reviews.send_due(MONDAY)

        threads = [threading.Thread(target=run, args=(s,)) for s in (services, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.outbox.stop()
        other.engine.dispose()
    assert len(review_posts(fake_slack)) == 5
    assert [row.status for row in ledger(services)] == ["sent"] * 5


def test_a_week_missed_while_down_is_sent_once_when_back(slack, fake_slack, services):
    # Before Monday 10:00 the week before is the latest due; nothing ran on Monday itself.
    sunday = MONDAY - dt.timedelta(days=1)
    assert reviews.week_of(sunday, services.settings.timezone) == "2026-W49"
    wednesday = MONDAY + dt.timedelta(days=2)
    assert services.reviews.send_due(wednesday).sent == 5
    assert {row.week for row in ledger(services)} == {WEEK}
    assert services.reviews.send_due(wednesday + dt.timedelta(hours=1)).sent == 0


def test_the_scheduled_job_sends_with_the_deployment(slack, fake_slack, services, monkeypatch):
    scheduler = DigestScheduler(
        services.engine, services.digests, services.settings.timezone, reviews=services.reviews
    )
    monkeypatch.setattr(scheduler_module, "_current", scheduler)  # as its job threads find it
    assert scheduler.lock.acquire()
    scheduler_module.send_weekly_reviews()  # what the scheduler runs each hour
    assert STAFF in {p.params["channel"] for p in review_posts(fake_slack)}
    before = len(review_posts(fake_slack))
    scheduler_module.send_weekly_reviews()
    assert len(review_posts(fake_slack)) == before
    scheduler.lock.release()


# -- the ledger under failures -------------------------------------------------------------------


def test_a_message_slack_refused_is_sent_by_a_later_run(slack, fake_slack, services):
    def refuse_the_dm(call):
        if call.params["channel"] == STAFF:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": call.params["channel"], "ts": "1700000001.000100"}

    fake_slack.set_response("chat.postMessage", refuse_the_dm)
    run = services.reviews.send_due(MONDAY)
    assert (run.sent, run.failed) == (4, 1)
    failed = next(r for r in ledger(services) if r.recipient == f"user:{STAFF}")
    assert (failed.status, failed.last_error) == ("failed", "channel_not_found")

    fake_slack.reset()
    run = services.reviews.send_due(MONDAY + dt.timedelta(hours=1))
    assert (run.sent, run.already) == (1, 4)
    assert by_channel(review_posts(fake_slack)) == {STAFF: [["faq-grant-deadlines"]]}


def test_a_recipient_slack_always_refuses_is_given_up(slack, fake_slack, services):
    fake_slack.set_response("chat.postMessage", {"ok": False, "error": "account_inactive"})
    for hour in range(reviews.MAX_ATTEMPTS + 2):
        services.reviews.send_due(MONDAY + dt.timedelta(hours=hour))
    rows = ledger(services)
    assert {(r.status, r.attempts) for r in rows} == {("gave_up", reviews.MAX_ATTEMPTS)}
    tries = len(fake_slack.calls_to("chat.postMessage"))
    assert tries == 5 * reviews.MAX_ATTEMPTS


def test_a_crash_mid_send_is_taken_up_after_the_lease_with_one_part_posted_twice(
    slack, fake_slack, services, monkeypatch
):
    monkeypatch.setattr(reviews, "ENTRIES_PER_MESSAGE", 1)
    monkeypatch.setattr(services.reviews, "review_channel", None)  # only the DM, in parts
    deadlines = services.knowledge.base("faq-grant-deadlines")
    many = [
        deadlines.model_copy(update={"id": f"faq-grant-{n}", "title": f"Grant {n}"})
        for n in range(2)
    ]
    entries = [*services.reviews.entries(), *many]  # the DM is three parts long now
    monkeypatch.setattr(services.reviews, "entries", lambda: entries)

    real_post = services.reviews.client.chat_postMessage
    posted: list[int] = []

    def dies_after_the_second_post(**kwargs):
        response = real_post(**kwargs)
        posted.append(1)
        if len(posted) == 2:
            raise SystemExit("the process died after Slack took part 2")
        return response

    monkeypatch.setattr(services.reviews.client, "chat_postMessage", dies_after_the_second_post)
    with pytest.raises(SystemExit):
        services.reviews.send_due(MONDAY)
    [row] = ledger(services)
    assert (row.status, row.parts_sent, len(row.parts)) == ("sending", 1, 3)

    # Within the lease another run leaves it alone: the first may still be sending.
    assert services.reviews.send_due(MONDAY + dt.timedelta(minutes=5)).already == 1
    after_lease = MONDAY + reviews.LEASE + dt.timedelta(minutes=1)
    assert services.reviews.send_due(after_lease).sent == 1

    parts = [entry_ids(p) for p in review_posts(fake_slack)]
    assert parts == [
        ["faq-grant-0"],
        ["faq-grant-1"],  # in flight when the process died
        ["faq-grant-1"],  # so posted again: the one duplicate
        ["faq-grant-deadlines"],
    ]
    [row] = ledger(services)
    assert (row.status, row.parts_sent, row.attempts) == ("sent", 3, 2)


# -- the buttons ---------------------------------------------------------------------------------


def test_still_correct_records_who_and_when_and_the_card_shows_it(slack, fake_slack, services):
    services.reviews.send_due(MONDAY)
    [dm] = [p for p in review_posts(fake_slack) if p.params["channel"] == STAFF]
    answered = press(
        slack, fake_slack, STAFF, dm, review_views.STILL_CORRECT, "faq-grant-deadlines"
    )
    updated = reply_to(fake_slack, answered)
    today = utcnow().date().isoformat()
    assert updated.params["replace_original"] is True
    assert f"Still correct, said <@{STAFF}> on {today}" in all_text(updated.params["blocks"])
    assert review_views.STILL_CORRECT not in buttons(updated.params["blocks"])

    card = ask_dm(slack, fake_slack, "UASKER", "when are the grant deadlines")
    assert f"Last reviewed {today}" in all_text(card.params["blocks"])
    [change] = history.entry_history(services.engine, "faq-grant-deadlines")
    assert (change.action, change.actor) == ("review", STAFF)
    assert [(c.field, c.before, c.after) for c in change.fields] == [
        ("reviewed", "2024-01-15", today)
    ]
    # Reviewed, it is no longer due: next week its owner gets nothing.
    next_week = services.reviews.send_due(MONDAY + dt.timedelta(days=7))
    assert f"user:{STAFF}" not in next_week.recipients


def test_still_correct_on_an_expired_entry_clears_the_expiry(slack, fake_slack, services):
    services.reviews.send_due(MONDAY)
    hotline = next(
        p for p in review_posts(fake_slack) if "faq-winter-storm-hotline" in entry_ids(p)
    )
    before = ask_dm(slack, fake_slack, "UASKER", "what is the winter storm hotline number")
    assert "may be out of date" in all_text(before.params["blocks"])
    reply_to(
        fake_slack,
        press(
            slack,
            fake_slack,
            OTHER_STAFF,
            hotline,
            review_views.STILL_CORRECT,
            "faq-winter-storm-hotline",
        ),
    )
    after = ask_dm(slack, fake_slack, "UASKER", "what is the winter storm hotline number")
    assert "may be out of date" not in all_text(after.params["blocks"])
    served = services.matcher.index.by_id("faq-winter-storm-hotline")
    assert (served.reviewed, served.expires) == (utcnow().date(), None)


def test_suggest_a_change_opens_the_form_and_makes_a_revision(slack, fake_slack, services):
    services.reviews.send_due(MONDAY)
    parking = next(p for p in review_posts(fake_slack) if "faq-parking" in entry_ids(p))
    before = len(fake_slack.calls_to("views.open"))
    press(slack, fake_slack, OTHER_STAFF, parking, entry_form.EDIT, "faq-parking")
    modal = opened_modal(fake_slack, before)
    edit_saved(slack, fake_slack, modal, OTHER_STAFF, answer="Park in the south garage.")
    [change] = history.entry_history(services.engine, "faq-parking")
    assert change.action == "propose"
    assert [(c.field, c.after) for c in change.fields] == [("answer", "Park in the south garage.")]


def test_retire_takes_the_entry_out_of_answers_in_every_process(
    slack, fake_slack, services, settings
):
    other = Services.start(settings)
    try:
        question = "where do I park at the summit"
        assert other.matcher.match(question).best.entry.id == "faq-parking"
        services.reviews.send_due(MONDAY)
        parking = next(p for p in review_posts(fake_slack) if "faq-parking" in entry_ids(p))
        done = reply_to(
            fake_slack, press(slack, fake_slack, STAFF, parking, review_views.RETIRE, "faq-parking")
        )
        assert f"Retired by <@{STAFF}>" in all_text(done.params["blocks"])
        for process in (services, other):
            best = process.matcher.match(question).best
            assert best is None or best.entry.id != "faq-parking"
        assert "Park in the north garage" not in all_text(
            ask_dm(slack, fake_slack, "UASKER", question).params["blocks"]
        )
        again = press(slack, fake_slack, OTHER_STAFF, parking, review_views.RETIRE, "faq-parking")
        assert "was retired" in reply_to(fake_slack, again).params["text"]
        # Retired, it is in nobody's review any more.
        next_week = services.reviews.send_due(MONDAY + dt.timedelta(days=7))
        assert "unowned" not in next_week.recipients
    finally:
        other.outbox.stop()
        other.engine.dispose()
    [change] = history.entry_history(services.engine, "faq-parking")
    assert (change.action, change.actor) == ("retire", STAFF)


def test_a_retired_entrys_id_is_never_given_to_a_draft(slack, fake_slack, services):
    base = services.knowledge.base("faq-parking")
    assert revisions.retire(engine=services.engine, base=base, actor_id=STAFF)
    with Session(services.engine) as session:
        row = drafts.add(
            session,
            draft=drafts.DraftInput("Parking", "Park anywhere."),
            author_id=STAFF,
            knowledge_ids=(),  # even when the knowledge files no longer hold the entry
        )
        session.commit()
        assert row.entry_id == "faq-parking-2"


def test_forged_review_clicks_from_a_partner_change_nothing(slack, fake_slack, services):
    services.reviews.send_due(MONDAY)
    parking = next(p for p in review_posts(fake_slack) if "faq-parking" in entry_ids(p))
    for action in (review_views.STILL_CORRECT, review_views.RETIRE, entry_form.EDIT):
        refusal = press(slack, fake_slack, PARTNER, parking, action, "faq-parking")
        assert reply_to(fake_slack, refusal).params["text"] == NOT_STAFF
    assert history.entry_history(services.engine, "faq-parking") == []
    assert services.matcher.index.by_id("faq-parking").reviewed == dt.date(2025, 3, 1)
    assert fake_slack.calls_to("views.open") == []


def test_a_form_opened_before_the_entry_was_retired_is_refused(slack, fake_slack, services):
    services.reviews.send_due(MONDAY)
    parking = next(p for p in review_posts(fake_slack) if "faq-parking" in entry_ids(p))
    before = len(fake_slack.calls_to("views.open"))
    press(slack, fake_slack, OTHER_STAFF, parking, entry_form.EDIT, "faq-parking")
    modal = opened_modal(fake_slack, before)
    reply_to(
        fake_slack, press(slack, fake_slack, STAFF, parking, review_views.RETIRE, "faq-parking")
    )
    errors = refused(submit_edit(slack, modal, OTHER_STAFF, answer="Too late."))
    assert f"was retired by <@{STAFF}>" in errors["title"]


# -- pure ------------------------------------------------------------------------------------------


def test_who_gets_an_entrys_review():
    def staff(user: str) -> bool:
        return user == STAFF

    route = {
        owner: reviews.recipient_of(owner, is_staff=staff, review_channel=REVIEW)
        for owner in (STAFF, "W0ENTERPRISE", "S0DAMS", "Dams team", None)
    }
    assert (route[STAFF].key, route[STAFF].channel) == (f"user:{STAFF}", STAFF)
    assert route["W0ENTERPRISE"].channel == REVIEW  # a user, but not staff
    assert (route["S0DAMS"].key, route["S0DAMS"].who) == ("group:S0DAMS", "<!subteam^S0DAMS>")
    assert (route["Dams team"].key, route["Dams team"].channel) == ("team:Dams team", REVIEW)
    assert route[None].key == "unowned"
    team = reviews.recipient_of("<b>&", is_staff=staff, review_channel=None)
    assert team.channel is None and "&lt;b&gt;&amp;" in team.who


@pytest.mark.parametrize(
    ("fields", "days", "reason"),
    [
        ({"reviewed": dt.date(2025, 12, 6)}, 365, "last reviewed 2025-12-06"),
        ({"reviewed": dt.date(2025, 12, 7)}, 365, None),
        ({"reviewed": dt.date(2026, 11, 6)}, 30, "last reviewed 2026-11-06"),
        (
            {"reviewed": dt.date(2026, 12, 1), "expires": dt.date(2026, 12, 6)},
            365,
            "expired 2026-12-06",
        ),
        ({"reviewed": dt.date(2026, 12, 1), "expires": dt.date(2026, 12, 7)}, 365, None),
        ({}, 365, "never reviewed"),
    ],
)
def test_what_is_due_for_review(fields, days, reason):
    entry = Entry(id="faq-x", kind="faq", title="X", answer="x", **fields)
    found = reviews.due(entry, dt.date(2026, 12, 7), days)
    assert (found.reason if found else None) == reason


def test_review_days_come_from_the_settings(database_url, fake_slack, tmp_path):
    settings = make_settings(
        database_url,
        fake_slack,
        PARTNERBOT_REVIEW_DAYS="10",
        PARTNERBOT_KNOWLEDGE_DIR=small_knowledge(tmp_path / "kb"),
    )
    services = Services.start(settings)
    try:
        groups = services.reviews.groups(dt.date(2026, 12, 12))
        due = {item.entry.id for items in groups.values() for item in items}
        assert "faq-grant-portal" in due  # reviewed 2026-11-30: twelve days
    finally:
        services.outbox.stop()
        services.engine.dispose()


def test_a_long_review_is_split_within_slacks_limits():
    due = [
        review_views.Due(
            Entry(id=f"faq-{n}", kind="faq", title="<!here> " + "T" * 300, answer="A" * 3000),
            "never reviewed",
        )
        for n in range(reviews.ENTRIES_PER_MESSAGE)
    ]
    blocks, _ = review_views.review_message("<@U1>", due, 365)
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    assert len(entry_ids(Call("chat.postMessage", {"blocks": blocks}, {}, ""))) == len(due)
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert "<!here>" not in block["text"]["text"]


def test_home_lists_the_entries_to_review_with_edit(slack, fake_slack, services):
    view = open_home(slack, fake_slack, STAFF)
    assert "*Entries to review*: 5 expired or not reviewed in 365 days" in all_text(view["blocks"])
    assert button_values(view["blocks"], entry_form.EDIT) == [
        "faq-grant-deadlines",
        "faq-winter-storm-hotline",
        "faq-dam-safety-visits",
        "faq-parking",
        "faq-partner-owned",
    ]
    before = len(fake_slack.calls_to("views.open"))
    click_home(slack, STAFF, entry_form.EDIT, "faq-parking")
    modal = opened_modal(fake_slack, before)
    assert json.loads(modal["private_metadata"])["entry"] == "faq-parking"

    click_home(slack, PARTNER, entry_form.EDIT, "faq-parking")  # forged: a partner's click
    told = next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == PARTNER)
    assert told.params["text"] == NOT_STAFF
    assert len(fake_slack.calls_to("views.open")) == before + 1


def test_a_crowded_change_card_stays_within_slacks_limits():
    before = {
        "id": "faq-x",
        "kind": "faq",
        "title": "<!here>" * 100,
        "answer": "&" * 2800,
        "keywords": [f"<@UX{n}> &" * 20 for n in range(300)],
    }
    after = {**before, "answer": "<" * 2800, "keywords": [f"k{n} &" * 20 for n in range(300)]}
    revision = EntryRevision(
        id=1, entry_id="faq-x", before=before, after=after, author_id=STAFF, created_at=utcnow()
    )
    blocks, _ = review_views.revision_card(revision)
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert "<!here>" not in block["text"]["text"] and "<@UX" not in block["text"]["text"]
    assert "more line(s): `partnerbot kb history faq-x`" in all_text(blocks)
