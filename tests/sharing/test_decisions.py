"""Every decision on an alert is taken once, however it races: approve and reject, edit and
retract, a second click of the same, on two threads, two engines or two processes, on SQLite and
PostgreSQL. The loser changes nothing, is told who decided, and nothing is audited that did not
happen (SPEC: reliability).

Each race starts its contenders at a barrier and repeats a few rounds: before the decisions
were conditional updates, both sides of a race applied in most rounds.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
from collections.abc import Callable
from functools import partial

import pytest
from sqlmodel import Session, select

from bot.core.db import make_engine
from bot.core.models import AuditEvent, Delivery, Subscription
from bot.sharing import alerts, views
from tests.conftest import REVIEW, STAFF
from tests.sharing.test_alerts import PARTNER, WATER, click, reply_to, submit_for_review
from tests.support.fake_slack import FakeSlack
from tests.support.flows import next_call
from tests.support.slack_requests import SlackSender, view_submission

ROUNDS = 6
OTHER_STAFF = "USTAFF2"
DECISIONS = ("approve", "reject", "edit", "retract")


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    with Session(engine) as session:  # a channel, so that an approval plans a delivery
        session.add(Subscription(channel_id="CWATER", sector=WATER, created_by=STAFF))
        session.commit()
    yield engine
    engine.dispose()


def race(*contenders: Callable[[], object]) -> list:
    """Run the contenders on threads released at the same moment; their results, in order."""
    barrier = threading.Barrier(len(contenders))
    results: list = [None] * len(contenders)
    errors: list[BaseException] = []

    def run(number: int, contender: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[number] = contender()
        except BaseException as error:  # surfaced below, on the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def pending_alert(engine, title: str = "Drone near intake") -> int:
    form = alerts.AlertForm(title, "Seen at dawn.", (WATER,), "GREEN")
    return alerts.submit(engine=engine, form=form, author_id=PARTNER, staff=False).alert.id


def published_alert(engine, title: str = "Pump station outage") -> int:
    form = alerts.AlertForm(title, "Crews on site.", (WATER,), "GREEN")
    return alerts.submit(engine=engine, form=form, author_id=STAFF, staff=True).alert.id


def decisions_audited(engine, alert_id: int) -> list[tuple[str, str]]:
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.alert_id == alert_id).order_by(AuditEvent.id)
        ).all()
        return [(e.action, e.actor_id) for e in events if e.action in DECISIONS]


def deliveries(engine, alert_id: int) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Delivery).where(Delivery.alert_id == alert_id)).all())


def approve(engine, alert_id: int, actor: str = STAFF) -> alerts.Outcome:
    return alerts.approve(engine=engine, alert_id=alert_id, reviewer_id=actor)


def reject(engine, alert_id: int, actor: str = OTHER_STAFF) -> alerts.Outcome:
    return alerts.reject(engine=engine, alert_id=alert_id, reviewer_id=actor, reason="Unverified")


def edit(engine, alert_id: int, actor: str = STAFF) -> alerts.Outcome:
    form = alerts.AlertForm("Corrected title", "Corrected details.", (WATER,), "GREEN")
    return alerts.edit(engine=engine, alert_id=alert_id, actor_id=actor, form=form)


def retract(engine, alert_id: int, actor: str = OTHER_STAFF) -> alerts.Outcome:
    return alerts.retract(engine=engine, alert_id=alert_id, actor_id=actor)


# -- two threads, one engine ---------------------------------------------------------------------


def test_approve_and_reject_at_once_one_wins_and_the_other_is_told_who(engine):
    for _ in range(ROUNDS):
        alert_id = pending_alert(engine)
        approved, rejected = race(
            partial(approve, engine, alert_id), partial(reject, engine, alert_id)
        )

        assert [approved.applied, rejected.applied].count(True) == 1
        winner, loser = (approved, rejected) if approved.applied else (rejected, approved)
        final = alerts.get(engine=engine, alert_id=alert_id)
        assert final.status == ("published" if approved.applied else "rejected")
        assert loser.alert.status == final.status
        assert loser.standing == (
            ("approve", STAFF) if approved.applied else ("reject", OTHER_STAFF)
        )
        assert decisions_audited(engine, alert_id) == [loser.standing]
        # A rejected submission is never delivered; an approved one is planned once.
        assert deliveries(engine, alert_id) == (1 if approved.applied else 0)
        assert winner.alert.status == final.status


@pytest.mark.parametrize(
    ("first", "second"),
    [(approve, approve), (reject, reject)],
    ids=["approve-twice", "reject-twice"],
)
def test_the_same_decision_twice_at_once_is_taken_once(engine, first, second):
    for _ in range(ROUNDS):
        alert_id = pending_alert(engine)
        outcomes = race(partial(first, engine, alert_id), partial(second, engine, alert_id))
        assert [o.applied for o in outcomes].count(True) == 1
        assert len(decisions_audited(engine, alert_id)) == 1
        assert deliveries(engine, alert_id) == (1 if first is approve else 0)


def test_edit_and_retract_at_once_never_edit_a_retracted_alert(engine):
    for _ in range(ROUNDS):
        alert_id = published_alert(engine)
        edited, retracted = race(
            partial(edit, engine, alert_id), partial(retract, engine, alert_id)
        )

        assert retracted.applied  # an edit never stops a retraction: it keeps it published
        final = alerts.get(engine=engine, alert_id=alert_id)
        assert final.status == "retracted"
        audited = decisions_audited(engine, alert_id)
        if edited.applied:  # the edit came first: both happened, in that order
            assert audited == [("edit", STAFF), ("retract", OTHER_STAFF)]
            assert final.title == "Corrected title"
        else:  # the retraction came first: the edit was refused and named who retracted
            assert audited == [("retract", OTHER_STAFF)]
            assert edited.standing == ("retract", OTHER_STAFF)
            assert final.title == "Pump station outage"


def test_two_retractions_at_once_retract_once(engine):
    for _ in range(ROUNDS):
        alert_id = published_alert(engine)
        outcomes = race(
            partial(retract, engine, alert_id, STAFF), partial(retract, engine, alert_id)
        )
        assert [o.applied for o in outcomes].count(True) == 1
        [loser] = [o for o in outcomes if not o.applied]
        assert loser.standing in (("retract", STAFF), ("retract", OTHER_STAFF))
        assert len(decisions_audited(engine, alert_id)) == 1


def test_the_audit_before_is_the_alert_as_it_was_when_edits_race(engine):
    """Two edits at once both apply, one after the other: each audits what it changed."""
    alert_id = published_alert(engine)
    forms = [alerts.AlertForm(f"Title {n}", f"Details {n}.", (WATER,), "GREEN") for n in (1, 2)]
    race(
        *(
            lambda form=form: alerts.edit(
                engine=engine, alert_id=alert_id, actor_id=STAFF, form=form
            )
            for form in forms
        )
    )
    with Session(engine) as session:
        edits = session.exec(
            select(AuditEvent)
            .where(AuditEvent.alert_id == alert_id, AuditEvent.action == "edit")
            .order_by(AuditEvent.id)
        ).all()
    assert len(edits) == 2
    assert edits[0].before["title"] == "Pump station outage"
    assert edits[1].before["title"] == edits[0].after["title"]  # not the first's "before"
    assert alerts.get(engine=engine, alert_id=alert_id).title == edits[1].after["title"]


# -- two engines, two processes --------------------------------------------------------------------


def test_two_engines_on_one_database_take_a_decision_once(engine, database_url):
    other = make_engine(database_url)
    try:
        for _ in range(ROUNDS):
            alert_id = pending_alert(engine)
            outcomes = race(partial(approve, engine, alert_id), partial(reject, other, alert_id))
            assert [o.applied for o in outcomes].count(True) == 1
            assert len(decisions_audited(engine, alert_id)) == 1
    finally:
        other.dispose()


def _decide_in_a_process(url, action, alert_ids, barrier, results) -> None:
    """One process's side of the race: its own engine, the same decision on each alert, each
    released with the other process at the barrier."""
    engine = make_engine(url)
    decide = approve if action == "approve" else reject
    for alert_id in alert_ids:
        barrier.wait(30)
        results.put((alert_id, action, decide(engine, alert_id).applied))
    engine.dispose()


def test_approve_in_one_process_and_reject_in_another_take_one_decision(engine, database_url):
    alert_ids = [pending_alert(engine, f"Submission {n}") for n in range(ROUNDS)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [
        context.Process(
            target=_decide_in_a_process, args=(database_url, action, alert_ids, barrier, results)
        )
        for action in ("approve", "reject")
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in range(2 * ROUNDS)]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0

    for alert_id in alert_ids:
        applied = [action for a, action, done in outcomes if a == alert_id and done]
        assert len(applied) == 1, (alert_id, outcomes)
        final = alerts.get(engine=engine, alert_id=alert_id).status
        assert final == {"approve": "published", "reject": "rejected"}[applied[0]]
        assert [a for a, _ in decisions_audited(engine, alert_id)] == applied
        assert deliveries(engine, alert_id) == (1 if applied == ["approve"] else 0)


# -- end to end: two staff members in Slack -------------------------------------------------------


def reject_submission(slack: SlackSender, alert_id: int, reason: str = "Unverified"):
    return slack.send_interaction(
        view_submission(
            views.REJECT_CALLBACK,
            {"reason": {"value": reason}},
            STAFF,
            json.dumps({"alert_id": alert_id}),
        )
    )


def test_an_approve_click_and_a_reject_form_at_once_in_slack(slack, fake_slack, services):
    """The loser is told, in Slack, which decision stands and who took it; the submitter hears
    of one decision only."""
    for _ in range(3):
        card, _ = submit_for_review(slack, fake_slack)
        alert_id = max(a.id for a in alerts.listing(engine=services.engine))
        told_before = len(fake_slack.calls_to("chat.postMessage"))
        name, _ = race(
            partial(click, slack, fake_slack, views.APPROVE, alert_id, STAFF, card),
            partial(reject_submission, slack, alert_id),
        )
        # The winner's last word goes to the submitter; the loser's to the loser.
        told = next_call(
            fake_slack,
            "chat.postMessage",
            lambda c: c.params["channel"] == PARTNER,
            after=told_before,
        )
        final = alerts.get(engine=services.engine, alert_id=alert_id).status
        assert len(decisions_audited(services.engine, alert_id)) == 1
        assert ("approved" if final == "published" else "not published") in told.params["text"]
        if final == "published":
            note = next_call(
                fake_slack,
                "chat.postMessage",
                lambda c: c.params["channel"] == STAFF and "not sent" in c.params["text"],
                after=told_before,
            )
            assert note.params["text"] == (
                f"That submission was already approved by <@{STAFF}>. Your rejection was not sent."
            )
        else:
            assert reply_to(fake_slack, name).params["text"] == (
                f"That submission was already rejected by <@{STAFF}>."
            )
        to_submitter = [
            c
            for c in fake_slack.calls_to("chat.postMessage")[told_before:]
            if c.params["channel"] == PARTNER
        ]
        assert len(to_submitter) == 1
        card_updates = [
            c for c in fake_slack.calls_to("chat.update") if c.params["channel"] == REVIEW
        ]
        assert card_updates and len({c.params["ts"] for c in card_updates}) == len(card_updates)


def test_a_double_click_on_retract_retracts_once(slack, fake_slack: FakeSlack, services):
    from tests.sharing.test_alerts import publish, subscribe

    subscribe(slack, fake_slack, "CWATER", "water")
    receipt = publish(slack, fake_slack)
    [alert] = alerts.listing(engine=services.engine)
    names = race(*[partial(click, slack, fake_slack, views.RETRACT, alert.id, STAFF, receipt)] * 2)
    replies = sorted(reply_to(fake_slack, name).params["text"] for name in names)
    assert replies == [
        "Retracted: Boil-water notice for the river district. Delivered copies are being "
        "marked as retracted.",
        f"That alert was already retracted by <@{STAFF}>.",
    ]
    assert decisions_audited(services.engine, alert.id) == [("retract", STAFF)]


def test_an_edit_submitted_after_a_retraction_is_not_made_and_says_who(slack, fake_slack, services):
    from tests.sharing.test_alerts import publish, submit_edit

    publish(slack, fake_slack, title="Wrong alarm")
    [alert] = alerts.listing(engine=services.engine)
    retract(services.engine, alert.id, OTHER_STAFF)  # from another staff member's receipt
    before = len(fake_slack.calls_to("chat.postMessage"))

    result = submit_edit(
        slack, STAFF, json.dumps({"alert_id": alert.id}), title="Right alarm", details="Fixed."
    )

    assert (result.status, result.body) == (200, "")
    told = next_call(fake_slack, "chat.postMessage", lambda c: c.params["channel"] == STAFF, before)
    assert told.params["text"] == (
        f"That alert was already retracted by <@{OTHER_STAFF}>. Your edit was not made."
    )
    unchanged = alerts.get(engine=services.engine, alert_id=alert.id)
    assert (unchanged.status, unchanged.title) == ("retracted", "Wrong alarm")
    assert decisions_audited(services.engine, alert.id) == [("retract", OTHER_STAFF)]
